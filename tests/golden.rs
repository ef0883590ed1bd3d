//! Golden workbooks: the Jobcenter workbook and one Geschäftsstelle and one team
//! workbook of `fixtures/klein` and of a small generated export, compared part by part with
//! committed references in `tests/golden/`, the way rust_xlsxwriter compares its output with
//! files made by Excel: the XML of every sheet, the shared strings, the styles, charts and
//! document properties — not the zip bytes. Every change to a workbook shows up in review.
//!
//! After an intended change, regenerate the references and review the diff:
//!
//! ```text
//! GOLDEN_NEU=1 cargo test --release --test integration golden
//! ```

use std::io::Read;
use std::path::Path;

use crate::harness::{br, root, run, tempdir};

/// A workbook as reviewable text: every part of the package in name order, its XML broken
/// into one element per line; the program version (in the document properties) normalised.
fn als_text(pfad: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(pfad).unwrap()).unwrap();
    let mut namen: Vec<String> = z
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        // The theme is rust_xlsxwriter's fixed default: nothing of ours in it.
        .filter(|n| n != "xl/theme/theme1.xml")
        .collect();
    namen.sort();
    let mut aus = String::new();
    for n in namen {
        let mut s = String::new();
        z.by_name(&n).unwrap().read_to_string(&mut s).unwrap();
        aus.push_str(&format!("=== {n}\n"));
        aus.push_str(
            &s.replace("><", ">\n<")
                .replace(env!("CARGO_PKG_VERSION"), "VERSION"),
        );
        aus.push('\n');
    }
    aus
}

/// Compares `pfad` with `tests/golden/<name>.txt` (or writes it with `GOLDEN_NEU=1`).
fn vergleichen(pfad: &Path, name: &str) {
    let referenz = root().join("tests/golden").join(format!("{name}.txt"));
    let ist = als_text(pfad);
    if std::env::var("GOLDEN_NEU").is_ok() {
        std::fs::create_dir_all(referenz.parent().unwrap()).unwrap();
        std::fs::write(&referenz, &ist).unwrap();
        return;
    }
    let soll = std::fs::read_to_string(&referenz).unwrap_or_else(|_| {
        panic!(
            "{} missing: GOLDEN_NEU=1 cargo test --release --test integration golden",
            referenz.display()
        )
    });
    if soll != ist {
        let (nr, (s, i)) = soll
            .lines()
            .zip(ist.lines())
            .enumerate()
            .find(|(_, (s, i))| s != i)
            .unwrap_or((
                soll.lines().count().min(ist.lines().count()),
                ("(end)", "(end)"),
            ));
        panic!(
            "{name}: workbook differs from {} at line {}:\n  reference: {s}\n  now:       {i}\n\
             (intended? GOLDEN_NEU=1 cargo test --release --test integration golden)",
            referenz.display(),
            nr + 1
        );
    }
}

#[test]
fn klein_workbooks_equal_their_references() {
    let aus = tempdir();
    run(
        &root().join("fixtures/klein"),
        "2025-03",
        aus.path(),
        &["--verteilung", "--ifk-auswertung"],
    )
    .ok();
    let m = aus.path().join("2025-03");
    vergleichen(
        &m.join("Beratungscontrolling_2025-03.xlsx"),
        "klein_jobcenter",
    );
    vergleichen(&m.join("Geschaeftsstellen/Mitte.xlsx"), "klein_gs_mitte");
    vergleichen(&m.join("Teams/611.xlsx"), "klein_team_611");
}

/// The small generated export of the golden references (seed 5, 60 customers, 2025-01 to
/// 2025-04, with bad rows); `extra` adds generator options.
fn generiert(extra: &[&str]) -> tempfile::TempDir {
    let ein = tempdir();
    let mut args = vec![
        "generate",
        "--out",
        ein.path().to_str().unwrap(),
        "--customers",
        "60",
        "--from",
        "2025-01",
        "--months",
        "4",
        "--history",
        "6",
        "--seed",
        "5",
        "--fehler",
    ];
    args.extend(extra);
    br(args).ok();
    ein
}

#[test]
fn generated_workbooks_equal_their_references() {
    // The references were made before appointments were read: without them, a run must give
    // exactly the same workbooks.
    let ein = generiert(&["--vielfalt", "--ohne-termine"]);
    let aus = tempdir();
    run(
        ein.path(),
        "2025-04",
        aus.path(),
        &["--verteilung", "--ifk-auswertung", "--vorlauf", "45"],
    )
    .ok();
    let m = aus.path().join("2025-04");
    vergleichen(
        &m.join("Beratungscontrolling_2025-04.xlsx"),
        "generiert_jobcenter",
    );
    vergleichen(
        &m.join("Geschaeftsstellen/Bremen-Süd.xlsx"),
        "generiert_gs_sued",
    );
    vergleichen(&m.join("Teams/641.xlsx"), "generiert_team_641");
}

#[test]
fn generated_workbooks_with_appointments_equal_their_references() {
    let ein = generiert(&[]);
    let aus = tempdir();
    run(ein.path(), "2025-04", aus.path(), &["--verteilung"]).ok();
    let m = aus.path().join("2025-04");
    vergleichen(
        &m.join("Beratungscontrolling_2025-04.xlsx"),
        "termine_jobcenter",
    );
    vergleichen(&m.join("Teams/641.xlsx"), "termine_team_641");
}

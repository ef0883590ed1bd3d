//! A tiny harness over the built binary, in the spirit of casey/just's `Test`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (fixtures live there).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary folder, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("br-test-")
        .tempdir()
        .unwrap()
}

/// The eight figures of a `kennzahlen.csv` row, in SPEC §4's column order (written out here,
/// not taken from the crate: the tests check the crate against the SPEC).
pub const KENNZAHL_FELDER: [&str; 8] = [
    "kunden",
    "tage_mittel",
    "tage_median",
    "anteil_zielwert",
    "anteil_mindestwert",
    "ueberfaellig",
    "nie_beraten",
    "tage_mittel_beraten",
];

/// The nine figures of a figure row in the workbooks, in the order the sheets show them: the
/// headline, beside it the headline among the counselled and the never-counselled as count
/// and share, then the rest.
pub const MAPPE_FELDER: [&str; 9] = [
    "kunden",
    "tage_mittel",
    "tage_mittel_beraten",
    "nie_beraten",
    "anteil_nie_beraten",
    "tage_median",
    "anteil_zielwert",
    "anteil_mindestwert",
    "ueberfaellig",
];

/// What a workbook shows for figure `f` of a `kennzahlen.csv` row: `None` for an empty CSV
/// cell (the workbook's dash); the share of the never-counselled, which the CSV does not
/// hold, as nie_beraten / kunden.
pub fn mappen_wert(k: &BTreeMap<String, String>, f: &str) -> Option<f64> {
    if f == "anteil_nie_beraten" {
        let n = |s: &str| k[s].parse::<f64>().unwrap();
        return Some(n("nie_beraten") / n("kunden"));
    }
    let w = &k[f];
    (!w.is_empty()).then(|| w.parse().unwrap())
}

/// A figure cell read back: a number, or `None` for the dash of a figure without value.
pub fn zellwert(d: &calamine::Data) -> Option<f64> {
    match d {
        calamine::Data::Float(x) => Some(*x),
        calamine::Data::Int(x) => Some(*x as f64),
        calamine::Data::String(s) if s == "–" => None,
        other => panic!("no figure cell: {other:?}"),
    }
}

/// The rules' default `mindestfallzahl` (SPEC §4 „Small numbers“).
pub const MINDESTFALLZAHL: u64 = 5;

/// Whether a workbook's figure cell `d` shows figure `f` of the `kennzahlen.csv` row `k` as
/// SPEC §4 asks: a share over fewer than [`MINDESTFALLZAHL`] customers as „zu wenige Fälle
/// (n = kunden)“, every other figure as its value (a dash for an empty CSV cell).
pub fn zeigt(d: &calamine::Data, k: &BTreeMap<String, String>, f: &str) -> bool {
    let kunden: u64 = k["kunden"].parse().unwrap();
    let soll = mappen_wert(k, f);
    if f.starts_with("anteil_") && soll.is_some() && kunden < MINDESTFALLZAHL {
        return *d == calamine::Data::String(format!("zu wenige Fälle (n = {kunden})"));
    }
    gleicher_wert(zellwert(d), soll)
}

/// Whether a figure cell shows the value `soll` (both absent, or equal to 1e-9).
pub fn gleicher_wert(ist: Option<f64>, soll: Option<f64>) -> bool {
    match (ist, soll) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs().max(1.0),
        _ => false,
    }
}

/// Result of one run.
pub struct Lauf {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Lauf {
    pub fn ok(self) -> Lauf {
        assert_eq!(
            self.status, 0,
            "exit status\nstderr:\n{}\nstdout:\n{}",
            self.stderr, self.stdout
        );
        self
    }

    pub fn status(self, erwartet: i32) -> Lauf {
        assert_eq!(
            self.status, erwartet,
            "exit status\nstderr:\n{}",
            self.stderr
        );
        self
    }

    /// The error output holds `text`, and no Rust debug dump or panic.
    pub fn meldet(self, text: &str) -> Lauf {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self.ohne_panik()
    }

    pub fn ohne_panik(self) -> Lauf {
        for verboten in ["panicked", "RUST_BACKTRACE", "Os {", "kind:", "Error {"] {
            assert!(
                !self.stderr.contains(verboten),
                "stderr shows {verboten:?}:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// Runs the binary with `args`.
pub fn br<I, S>(args: I) -> Lauf
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out: Output = Command::new(env!("CARGO_BIN_EXE_beratungsreport"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Lauf {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The accounting invariant of SPEC §4, checked after every successful run of every test:
/// read = population + rejected + each exclusion reason (customers), read = used + after the
/// Stichtag + not counselling + not in the population + rejected (notes); and the rejected
/// rows listed are exactly those counted.
pub fn bilanz_pruefen(monatsordner: &Path) {
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(monatsordner.join("protokoll.json")).unwrap())
            .unwrap();
    let n = |v: &serde_json::Value, k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} missing"));
    let k = &p["kunden"];
    assert_eq!(
        n(k, "gelesen"),
        [
            "auswertungsbestand",
            "abgewiesen",
            "noch_nicht_zugegangen",
            "abgemeldet",
            "sperrkennzeichen",
            "vollzeitschulpflicht"
        ]
        .iter()
        .map(|x| n(k, x))
        .sum::<u64>(),
        "customer reconciliation in {}",
        monatsordner.display()
    );
    let v = &p["vermerke"];
    assert_eq!(
        n(v, "gelesen"),
        [
            "verwendet",
            "nach_stichtag",
            "kein_beratungsvermerk",
            "ohne_kunde_im_bestand",
            "abgewiesen"
        ]
        .iter()
        .map(|x| n(v, x))
        .sum::<u64>(),
        "notes reconciliation in {}",
        monatsordner.display()
    );
    // Appointments (only when month M has a termine.csv): read = rejected + before the month
    // + after the Stichtag + not in the population + used.
    let t = &p["termine"];
    let termine_abgewiesen = if t.is_null() {
        0
    } else {
        assert_eq!(
            n(t, "gelesen"),
            [
                "abgewiesen",
                "vor_monat",
                "nach_stichtag",
                "ohne_kunde_im_bestand",
                "verwendet"
            ]
            .iter()
            .map(|x| n(t, x))
            .sum::<u64>(),
            "appointments reconciliation in {}",
            monatsordner.display()
        );
        n(t, "abgewiesen")
    };
    let abgewiesen = csv_lesen(&monatsordner.join("abgewiesen.csv")).len() as u64;
    assert_eq!(
        abgewiesen,
        n(k, "abgewiesen") + n(v, "abgewiesen") + termine_abgewiesen
    );
    let einzel = csv_lesen(&monatsordner.join("einzeldaten.csv")).len() as u64;
    assert_eq!(einzel, n(k, "auswertungsbestand"));
}

/// Runs `run` for `monat` on `eingabe` into `aus`; after a run that wrote its outputs (exit 0
/// or 3) the accounting invariant is checked.
pub fn run(eingabe: &Path, monat: &str, aus: &Path, extra: &[&str]) -> Lauf {
    let mut args: Vec<String> = vec![
        "run".into(),
        "--input".into(),
        eingabe.display().to_string(),
        "--month".into(),
        monat.into(),
        "--out".into(),
        aus.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let lauf = br(args);
    if lauf.status == 0 || lauf.status == 3 {
        bilanz_pruefen(&aus.join(monat));
    }
    lauf
}

/// Generates a synthetic export into `dir`: about `kunden` customers, `monate` month folders
/// from 2024-01, fixed `seed`; `extra` adds options such as `--fehler` or `--history 12`.
/// Column letters → 0-based number.
pub fn spalte(buchstaben: &str) -> u32 {
    buchstaben
        .bytes()
        .fold(0, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1
}

/// A cell reference `B7` (or `$B$7`) → (row 6, column 1).
pub fn zelle(r: &str) -> (u32, u32) {
    let r = r.replace('$', "");
    let i = r.find(|c: char| c.is_ascii_digit()).unwrap();
    (r[i..].parse::<u32>().unwrap() - 1, spalte(&r[..i]))
}

/// Every workbook of a month folder: the Jobcenter's, the audit workbook and those of the
/// distribution (`Geschaeftsstellen/`, `Teams/`, `Klaerungsfaelle/`), sorted.
pub fn arbeitsmappen(monatsordner: &Path) -> Vec<PathBuf> {
    let mut mappen = Vec::new();
    let mut ordner = vec![monatsordner.to_path_buf()];
    while let Some(o) = ordner.pop() {
        for e in std::fs::read_dir(&o).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                ordner.push(p);
            } else if p.extension().is_some_and(|x| x == "xlsx") {
                mappen.push(p);
            }
        }
    }
    mappen.sort();
    mappen
}

/// The demo's October with the distribution, run into a fresh folder: the folder (kept alive
/// by the caller) and its month folder.
pub fn demo_verteilung() -> (tempfile::TempDir, PathBuf) {
    let aus = tempdir();
    run(
        &root().join("fixtures/demo"),
        "2026-10",
        aus.path(),
        &["--verteilung"],
    )
    .ok();
    let m = aus.path().join("2026-10");
    (aus, m)
}

pub fn generieren(dir: &Path, kunden: u32, monate: u32, seed: u64, extra: &[&str]) {
    let mut args: Vec<String> = vec!["generate".into(), "--out".into(), dir.display().to_string()];
    for (k, v) in [
        ("--customers", kunden.to_string()),
        ("--from", "2024-01".into()),
        ("--months", monate.to_string()),
        ("--seed", seed.to_string()),
    ] {
        args.push(k.into());
        args.push(v);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    br(args).ok();
}

/// Starts `run` in the background (kill and concurrency tests); its stderr is discarded.
pub fn run_starten(eingabe: &Path, monat: &str, aus: &Path, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_beratungsreport"))
        .args(["run", "--input"])
        .arg(eingabe)
        .args(["--month", monat, "--out"])
        .arg(aus)
        .args(extra)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// A `;` CSV read into header-keyed rows (the files we write quote only when needed).
pub fn csv_lesen(pfad: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(pfad)
        .unwrap();
    let kopf: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|z| {
            let z = z.unwrap();
            kopf.iter()
                .cloned()
                .zip(z.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Writes a small export folder: `dateien` maps `JJJJ-MM/name.csv` to content.
pub fn export(dir: &Path, dateien: &[(&str, &[u8])]) {
    for (name, inhalt) in dateien {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, inhalt).unwrap();
    }
}

/// SHA-256 of `bytes`, lower-case hex, computed by the sha2 crate (not by the code under test).
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes.as_ref())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A one-month export (`2025-03`) of the three required files, in a fresh temporary folder.
pub fn monatsexport(
    kunden: impl AsRef<[u8]>,
    vermerke: impl AsRef<[u8]>,
    org: impl AsRef<[u8]>,
) -> tempfile::TempDir {
    let d = tempdir();
    export(
        d.path(),
        &[
            ("2025-03/kunden.csv", kunden.as_ref()),
            ("2025-03/vermerke.csv", vermerke.as_ref()),
            ("2025-03/organisation.csv", org.as_ref()),
        ],
    );
    d
}

/// All files of a folder and its subfolders (by relative path, `/`-separated) with their
/// bytes, for byte-for-byte comparisons — except `laufzeiten.json`, the stage timings, which
/// by design differ from run to run.
pub fn inhalte(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn sammeln(basis: &Path, dir: &Path, aus: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                sammeln(basis, &p, aus);
            } else if e.file_name() != "laufzeiten.json" {
                let rel = p
                    .strip_prefix(basis)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                aus.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut aus = BTreeMap::new();
    sammeln(dir, dir, &mut aus);
    aus
}

/// The XML parts of a workbook (a zip) by name.
pub fn teile(pfad: &Path) -> BTreeMap<String, String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(pfad).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

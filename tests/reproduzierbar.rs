//! Same inputs, same bytes; a killed run leaves the previous outputs whole; the generator is
//! deterministic and its data pass the run with every group present.

use std::time::Duration;

use crate::harness::{csv_lesen, generieren, inhalte, root, run, run_starten, tempdir};

#[test]
fn the_same_month_twice_gives_byte_identical_outputs() {
    let a = tempdir();
    let b = tempdir();
    run(&root().join("fixtures/klein"), "2025-03", a.path(), &[]).ok();
    run(&root().join("fixtures/klein"), "2025-03", b.path(), &[]).ok();
    let erste = inhalte(&a.path().join("2025-03"));
    // Two workbooks (management, audit), three CSVs, the run record.
    assert_eq!(erste.len(), 6);
    assert_eq!(erste, inhalte(&b.path().join("2025-03")));
    // A re-run into the same folder replaces it with the same bytes.
    run(&root().join("fixtures/klein"), "2025-03", a.path(), &[]).ok();
    assert_eq!(erste, inhalte(&a.path().join("2025-03")));
}

#[test]
fn a_realistic_month_with_distribution_is_byte_identical_and_dated_by_its_stichtag() {
    let ein = tempdir();
    generieren(
        ein.path(),
        20_000,
        3,
        17,
        &["--history", "12", "--fehler", "--vielfalt"],
    );
    let (a, b) = (tempdir(), tempdir());
    let args = ["--verteilung", "--ifk-auswertung"];
    run(ein.path(), "2024-03", a.path(), &args).ok();
    run(ein.path(), "2024-03", b.path(), &args).ok();
    let erste = inhalte(&a.path().join("2024-03"));
    assert!(erste.len() > 20, "{} files", erste.len());
    assert_eq!(erste, inhalte(&b.path().join("2024-03")));
    for (name, bytes) in &erste {
        if name.ends_with(".xlsx") {
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut core = String::new();
            std::io::Read::read_to_string(&mut z.by_name("docProps/core.xml").unwrap(), &mut core)
                .unwrap();
            assert!(
                core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-03-31T00:00:00Z"),
                "{name}: creation date is not the Stichtag"
            );
        }
    }
}

/// The extract cache is retired: `--cache` and `--no-cache` are still accepted (scripts
/// written for them keep running), change no output and write no cache; a file corrected in
/// place is seen by the next run.
#[test]
fn the_retired_cache_options_change_nothing_and_a_corrected_file_is_read_again() {
    let ein = tempdir();
    generieren(ein.path(), 3000, 4, 11, &["--history", "12", "--fehler"]);
    let ohne = tempdir();
    run(ein.path(), "2024-04", ohne.path(), &[]).ok();
    let direkt = inhalte(&ohne.path().join("2024-04"));
    let mit = tempdir();
    let cache = mit.path().join("cache").display().to_string();
    for extra in [&["--no-cache"][..], &["--cache", &cache]] {
        let lauf = run(ein.path(), "2024-04", mit.path(), extra).ok();
        if extra[0] == "--cache" {
            lauf.meldet("wird nicht mehr verwendet");
        }
        assert_eq!(inhalte(&mit.path().join("2024-04")), direkt, "{extra:?}");
        assert!(
            !mit.path().join("cache").exists(),
            "{extra:?} writes no cache"
        );
    }

    // An extract corrected in place: one more counselling note, on the Stichtag, for a
    // customer of the population not counselled that day.
    let vorher = csv_lesen(&ohne.path().join("2024-04/einzeldaten.csv"));
    let kunde = vorher
        .iter()
        .find(|z| z["letzte_beratung"] != "2024-04-30")
        .unwrap()["kundennummer"]
        .clone();
    let v = ein.path().join("2024-03/vermerke.csv");
    let mut text = std::fs::read_to_string(&v).unwrap();
    text.push_str(&format!(
        "{kunde};2024-04-30;Beratungsvermerk;Persönlich;IFK1\n"
    ));
    std::fs::write(&v, &text).unwrap();
    run(ein.path(), "2024-04", mit.path(), &[]).ok();
    let einzel = csv_lesen(&mit.path().join("2024-04/einzeldaten.csv"));
    let zeile = einzel.iter().find(|z| z["kundennummer"] == kunde).unwrap();
    assert_eq!(
        zeile["letzte_beratung"], "2024-04-30",
        "{kunde}: the new note is seen"
    );
}

#[test]
fn generator_is_deterministic_and_covers_every_group() {
    let a = tempdir();
    let b = tempdir();
    for d in [&a, &b] {
        generieren(d.path(), 600, 3, 42, &["--fehler"]);
    }
    for m in ["2024-01", "2024-02", "2024-03"] {
        assert_eq!(
            inhalte(&a.path().join(m)),
            inhalte(&b.path().join(m)),
            "{m}"
        );
    }
    let aus = tempdir();
    let lauf = run(a.path(), "2024-03", aus.path(), &[]).ok();
    assert!(
        lauf.stderr.contains("abgewiesen"),
        "--fehler produces rejects"
    );
    let einzel = csv_lesen(&aus.path().join("2024-03/einzeldaten.csv"));
    for g in ["fm_ue25", "massnahme", "u25", "ue25_arbeitslos", "uebrige"] {
        assert!(
            einzel.iter().any(|z| z["kundengruppe"] == g),
            "group {g} present"
        );
    }
    assert!(einzel.iter().any(|z| z["nie_beraten"] == "true"));
    assert!(einzel
        .iter()
        .any(|z| z["mindestwert_eingehalten"] == "false"));
    assert!(
        einzel
            .iter()
            .filter(|z| z["mindestwert_eingehalten"] == "true")
            .count()
            > einzel.len() / 2
    );
    assert!(einzel.iter().any(|z| z["team"] == "(ohne Team)"));
}

#[test]
fn a_killed_run_leaves_the_previous_outputs_intact() {
    let ein = tempdir();
    generieren(ein.path(), 20000, 2, 3, &["--history", "24"]);
    let aus = tempdir();
    run(&root().join("fixtures/klein"), "2025-03", aus.path(), &[]).ok();
    // Put a complete earlier result for 2024-02 in place, then kill later runs at several points.
    run(ein.path(), "2024-02", aus.path(), &[]).ok();
    let vorher = inhalte(&aus.path().join("2024-02"));
    for ms in [5u64, 40, 120, 250, 400] {
        let mut kind = run_starten(ein.path(), "2024-02", aus.path(), &["--quiet"]);
        std::thread::sleep(Duration::from_millis(ms));
        let _ = kind.kill(); // SIGKILL
        let _ = kind.wait();
        assert_eq!(
            inhalte(&aus.path().join("2024-02")),
            vorher,
            "killed after {ms} ms"
        );
    }
    // The next run cleans up what the killed ones left and publishes the same result.
    run(ein.path(), "2024-02", aus.path(), &[]).ok();
    assert_eq!(inhalte(&aus.path().join("2024-02")), vorher);
    let namen: Vec<String> = std::fs::read_dir(aus.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut namen = namen;
    namen.sort();
    assert_eq!(
        namen,
        [".beratungsreport.sperre", "2024-02", "2025-03"],
        "no staging folders left"
    );
}

/// Starts a run of 2025-03 that stops at the named point; returns once it is there.
fn bis_haltepunkt(
    eingabe: &std::path::Path,
    aus: &std::path::Path,
    punkt: &str,
) -> std::process::Child {
    use std::io::BufRead;
    let mut kind = std::process::Command::new(env!("CARGO_BIN_EXE_beratungsreport"))
        .args(["run", "--input"])
        .arg(eingabe)
        .args(["--month", "2025-03", "--out"])
        .arg(aus)
        .env("BERATUNGSREPORT_HALT", punkt)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut zeilen = std::io::BufReader::new(kind.stderr.take().unwrap()).lines();
    loop {
        let z = zeilen
            .next()
            .expect("the run ended before its halting point")
            .unwrap();
        if z == format!("Haltepunkt {punkt}") {
            break;
        }
    }
    kind
}

fn toeten(mut kind: std::process::Child) {
    use std::os::unix::process::ExitStatusExt;
    kind.kill().unwrap(); // SIGKILL
    let status = kind.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the run died of SIGKILL: {status:?}"
    );
}

#[test]
fn a_kill_inside_the_write_or_publish_phase_never_shows_a_mixed_folder() {
    let kopf = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team";
    let export_mit = |n: usize| {
        let d = tempdir();
        let kunden: String = (0..n)
            .map(|i| format!("K{i};01.01.1980;Arbeitslos;01.01.2024;611\n"))
            .collect();
        crate::harness::export(
            d.path(),
            &[
                ("2025-03/kunden.csv", format!("{kopf}\n{kunden}").as_bytes()),
                (
                    "2025-03/vermerke.csv",
                    b"Kundennummer;Vermerkdatum;Vermerktyp\n",
                ),
                (
                    "2025-03/organisation.csv",
                    "Team;Geschäftsstelle\n611;Mitte\n".as_bytes(),
                ),
            ],
        );
        d
    };
    let (a, b) = (export_mit(3), export_mit(40));
    let aus = tempdir();
    let m = aus.path().join("2025-03");
    crate::harness::run(a.path(), "2025-03", aus.path(), &[]).ok();
    let vorher = inhalte(&m);
    // Killed while writing and right before the swap: the previous outputs (of another
    // input, so "left intact" and "overwritten alike" differ) stay as they were.
    for punkt in ["schreiben", "tauschen"] {
        toeten(bis_haltepunkt(b.path(), aus.path(), punkt));
        assert_eq!(inhalte(&m), vorher, "killed at {punkt}");
    }
    // Killed after the swap: the new folder is complete; the old one is left for cleanup.
    toeten(bis_haltepunkt(b.path(), aus.path(), "nach_tausch"));
    crate::harness::bilanz_pruefen(&m);
    assert_eq!(
        crate::harness::csv_lesen(&m.join("einzeldaten.csv")).len(),
        40
    );
    let reste = || {
        std::fs::read_dir(aus.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".neu-"))
            .count()
    };
    assert!(reste() >= 1, "the killed runs left staging folders");
    // The next run removes every leftover and publishes its own result.
    crate::harness::run(a.path(), "2025-03", aus.path(), &[]).ok();
    assert_eq!(inhalte(&m), vorher);
    assert_eq!(reste(), 0);
}

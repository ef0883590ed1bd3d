//! SPEC §5: every kind of bad input, with its exact outcome. Structural problems stop the run
//! before anything is written (exit 2) with one German message naming the file; rejected rows
//! let the run go on, and `--strict` turns them into exit 3 with the outputs written.

use std::path::Path;

use crate::harness::{br, export, root, run, tempdir};

const KUNDEN: &str = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team\nA1;01.01.1980;Arbeitslos;01.01.2024;611\n";
const VERMERKE: &str = "Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-03-01;Beratungsvermerk\n";
const ORG: &str = "Team;Geschäftsstelle\n611;Mitte\n";

/// A valid one-month export with `ersatz` replacing some of its files.
fn mit(ersatz: &[(&str, &[u8])]) -> tempfile::TempDir {
    let d = tempdir();
    let mut dateien: Vec<(&str, &[u8])> = vec![
        ("2025-03/kunden.csv", KUNDEN.as_bytes()),
        ("2025-03/vermerke.csv", VERMERKE.as_bytes()),
        ("2025-03/organisation.csv", ORG.as_bytes()),
    ];
    for (name, inhalt) in ersatz {
        dateien.retain(|(n, _)| n != name);
        dateien.push((name, inhalt));
    }
    export(d.path(), &dateien);
    d
}

fn nichts_geschrieben(aus: &Path) {
    assert!(!aus.join("2025-03").exists(), "nothing may be written");
}

#[test]
fn the_valid_baseline_runs() {
    let ein = mit(&[]);
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
}

#[test]
fn malformed_or_future_month_and_stichtag() {
    let ein = mit(&[]);
    let aus = tempdir();
    for m in ["2025-13", "2025-3", "März", ""] {
        run(ein.path(), m, aus.path(), &[])
            .status(2)
            .meldet("Ungültiger Monat")
            .meldet("JJJJ-MM");
    }
    run(ein.path(), "2099-01", aus.path(), &[])
        .status(2)
        .meldet("liegt in der Zukunft");
    run(
        ein.path(),
        "2025-03",
        aus.path(),
        &["--stichtag", "31.02.2025"],
    )
    .status(2)
    .meldet("Ungültiger Stichtag");
    nichts_geschrieben(aus.path());
}

/// SPEC §3: the Stichtag lies in the month (1st to last day); the day before the 1st and the
/// day after the last stop the run with exit 2 before anything is written.
#[test]
fn a_stichtag_outside_the_month_stops_the_run() {
    let ein = mit(&[]);
    let aus = tempdir();
    for tag in ["28.02.2025", "01.04.2025", "15.11.2024", "2025-04-15"] {
        run(ein.path(), "2025-03", aus.path(), &["--stichtag", tag])
            .status(2)
            .meldet("liegt nicht im Monat 2025-03")
            .meldet("01.03.2025 bis 31.03.2025");
        nichts_geschrieben(aus.path());
    }
    for tag in ["01.03.2025", "2025-03-31"] {
        run(ein.path(), "2025-03", aus.path(), &["--stichtag", tag]).status(0);
    }
}

#[test]
fn missing_input_folder_month_folder_and_files() {
    let aus = tempdir();
    run(Path::new("/nicht/vorhanden"), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("/nicht/vorhanden");
    let ein = mit(&[]);
    run(ein.path(), "2025-02", aus.path(), &[])
        .status(2)
        .meldet("2025-02")
        .meldet("Monatsordner");
    for datei in ["kunden.csv", "vermerke.csv", "organisation.csv"] {
        let ein = mit(&[]);
        std::fs::remove_file(ein.path().join("2025-03").join(datei)).unwrap();
        run(ein.path(), "2025-03", aus.path(), &[])
            .status(2)
            .meldet("Datei fehlt")
            .meldet(datei);
    }
    nichts_geschrieben(aus.path());
}

#[test]
fn missing_required_column_names_the_columns_found() {
    let aus = tempdir();
    let ein = mit(&[(
        "2025-03/kunden.csv",
        b"Kundennummer;Geburtstag;Kundenstatus AV;Zugangsdatum;Team\n",
    )]);
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("Pflichtspalte „Geburtsdatum“ fehlt")
        .meldet("kunden.csv")
        .meldet("„Geburtstag“");
    // Wrong separator: one column found.
    let ein = mit(&[(
        "2025-03/vermerke.csv",
        b"Kundennummer,Vermerkdatum,Vermerktyp\nA1,2025-03-01,Beratungsvermerk\n",
    )]);
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("vermerke.csv")
        .meldet("„Kundennummer,Vermerkdatum,Vermerktyp“");
    nichts_geschrieben(aus.path());
}

#[test]
fn empty_file_duplicate_column_utf16_stop_the_run() {
    let aus = tempdir();
    let ein = mit(&[("2025-03/kunden.csv", b"")]);
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("Datei ist leer")
        .meldet("kunden.csv");
    let ein = mit(&[(
        "2025-03/organisation.csv",
        "Team;Geschäftsstelle;TEAM\n611;Mitte;612\n".as_bytes(),
    )]);
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("mehrfach")
        .meldet("organisation.csv");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(KUNDEN.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let ein = mit(&[("2025-03/kunden.csv", &utf16)]);
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("UTF-16")
        .meldet("kunden.csv");
    let ein = mit(&[(
        "2025-03/organisation.csv",
        "Team;Geschäftsstelle\n611;Mitte\n611;Nord\n".as_bytes(),
    )]);
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("organisation.csv, Zeile 3");
    nichts_geschrieben(aus.path());
}

#[test]
fn header_only_files_give_an_empty_but_valid_month() {
    let ein = mit(&[(
        "2025-03/vermerke.csv",
        b"Kundennummer;Vermerkdatum;Vermerktyp\n",
    )]);
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let einzel = crate::harness::csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(einzel[0]["nie_beraten"], "true");
    assert_eq!(
        einzel[0]["tage_seit_beratung"], "455",
        "01.01.2024 → 31.03.2025"
    );
}

#[test]
fn rejected_rows_go_on_and_strict_exits_3_with_outputs_written() {
    let kunden = format!(
        "{KUNDEN}A2;00.00.0000;Arbeitslos;01.01.2024;611\nA3;01.01.80;Arbeitslos;01.01.2024;611\n"
    );
    let ein = mit(&[("2025-03/kunden.csv", kunden.as_bytes())]);
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[])
        .ok()
        .meldet("2 Zeile(n) abgewiesen");
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &["--strict"])
        .status(3)
        .meldet("--strict");
    assert!(
        aus.path().join("2025-03/abgewiesen.csv").is_file(),
        "outputs written under --strict"
    );
    assert_eq!(
        crate::harness::csv_lesen(&aus.path().join("2025-03/abgewiesen.csv")).len(),
        2
    );
}

#[test]
fn rules_file_replaces_the_embedded_rules_and_bad_rules_are_refused() {
    let standard = br(["regeln", "--toml"]).ok().stdout;
    assert!(standard.contains("zielwert = 30"));
    let d = tempdir();
    let eigene = d.path().join("regeln.toml");
    std::fs::write(
        &eigene,
        standard
            .replace("version = \"1.2\"", "version = \"2.0\"")
            .replace("zielwert = 90\n", "zielwert = 60\n"),
    )
    .unwrap();
    let ein = mit(&[]);
    let aus = tempdir();
    run(
        ein.path(),
        "2025-03",
        aus.path(),
        &["--rules", &eigene.display().to_string()],
    )
    .ok();
    let einzel = crate::harness::csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(einzel[0]["zielwert"], "60");
    let p = std::fs::read_to_string(aus.path().join("2025-03/protokoll.json")).unwrap();
    assert!(p.contains("\"regeln\": \"2.0\""));
    let ausgabe = br(["regeln", "--rules", &eigene.display().to_string()])
        .ok()
        .stdout;
    assert!(
        ausgabe.contains("Version 2.0") && ausgabe.contains("Arbeitslose Ü25"),
        "{ausgabe}"
    );

    std::fs::write(
        &eigene,
        standard.replace("id = \"uebrige\"", "id = \"u25\""),
    )
    .unwrap();
    let aus = tempdir();
    run(
        ein.path(),
        "2025-03",
        aus.path(),
        &["--rules", &eigene.display().to_string()],
    )
    .status(2)
    .meldet("Fassung 1.2: die Gruppen-ID „u25“ kommt mehrfach vor");
    std::fs::write(
        &eigene,
        standard.replace(
            "zielwert = 30\nmindestwert = 60",
            "zielwert = 30\nmindestwert = 20",
        ),
    )
    .unwrap();
    run(
        ein.path(),
        "2025-03",
        aus.path(),
        &["--rules", &eigene.display().to_string()],
    )
    .status(2)
    .meldet("Zielwert ≤ Mindestwert");
    run(
        ein.path(),
        "2025-03",
        aus.path(),
        &["--rules", "/nicht/da.toml"],
    )
    .status(2)
    .meldet("/nicht/da.toml");
    nichts_geschrieben(aus.path());
}

#[test]
fn unwritable_output_is_a_clear_error() {
    let ein = mit(&[]);
    let d = tempdir();
    let datei = d.path().join("keinordner");
    std::fs::write(&datei, "x").unwrap();
    run(ein.path(), "2025-03", &datei, &[])
        .status(1)
        .meldet("Ausgabe kann nicht geschrieben werden")
        .meldet("keinordner");
}

#[test]
fn cli_speaks_german() {
    let hilfe = br(["run", "--help"]).ok().stdout;
    assert!(
        hilfe.contains("Aufruf:")
            && hilfe.contains("Optionen")
            && hilfe.contains("Auswertungsmonat"),
        "{hilfe}"
    );
    br(["run"])
        .status(2)
        .meldet("Pflichtangabe fehlt")
        .meldet("--month");
    br(["auswerten"]).status(2).meldet("Unbekannter Befehl");
    br(["run", "--month", "2025-03", "--gibtsnicht"])
        .status(2)
        .meldet("Unbekannte Option");
    let _ = root();
}

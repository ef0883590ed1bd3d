//! Hostile exports and calls: an output folder that is the input, files
//! that are mostly rejected, an empty population, concurrent runs that cannot see each other's
//! processes, Excel's limits, inputs that are not files, and the messages a user reads. Each
//! test failed before its fix.

use crate::harness::{
    csv_lesen, export, inhalte, monatsexport, run, run_starten, sha256_hex, tempdir,
};
use crate::verteilung::{blaetter, kopfzeilen, text};

const KOPF: &str = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team";
const ORG: &str = "Team;Geschäftsstelle\n611;Mitte\n";
const VERMERKE: &str = "Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-03-01;Beratungsvermerk\n";

fn kunden(n: usize, schlecht: usize) -> String {
    let mut s = format!("{KOPF}\n");
    for i in 0..n {
        let geb = if i < schlecht {
            "1980/01/01"
        } else {
            "01.01.1980"
        };
        s.push_str(&format!("K{i};{geb};Arbeitslos;01.01.2024;611\n"));
    }
    s
}

fn einfach() -> tempfile::TempDir {
    monatsexport(kunden(3, 0), VERMERKE, ORG)
}

// --- item 1: an output folder that would delete its own input -------------------------------

#[test]
fn output_folder_equal_to_inside_or_around_the_input_is_refused_and_the_export_stays() {
    let ein = einfach();
    let vorher = inhalte(ein.path());
    let m = ein.path().join("2025-03");
    for aus in [
        ein.path().to_path_buf(),
        m.clone(),
        m.join("berichte"),
        ein.path().join("2025-03/../2025-03/x"),
    ] {
        run(ein.path(), "2025-03", &aus, &[])
            .status(2)
            .meldet("überschneidet sich mit dem Monatsordner")
            .meldet("--out");
        assert_eq!(
            inhalte(ein.path()),
            vorher,
            "export touched by --out {}",
            aus.display()
        );
    }
    // The retired --cache option writes nothing, even pointed into a month folder.
    let aus = tempdir();
    run(
        ein.path(),
        "2025-03",
        aus.path(),
        &["--cache", m.join("cache").to_str().unwrap()],
    )
    .ok();
    assert_eq!(inhalte(ein.path()), vorher);
    // Beside the month folders, inside the export folder, is fine.
    run(ein.path(), "2025-03", &ein.path().join("berichte"), &[]).ok();
}

#[test]
fn a_month_folder_holding_files_no_run_wrote_is_refused_untouched() {
    let ein = einfach();
    let aus = tempdir();
    let ziel = aus.path().join("2025-03");
    std::fs::create_dir_all(&ziel).unwrap();
    std::fs::write(ziel.join("notizen.txt"), "meine Notizen").unwrap();
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("notizen.txt")
        .meldet("nicht von beratungsreport");
    assert_eq!(
        std::fs::read_to_string(ziel.join("notizen.txt")).unwrap(),
        "meine Notizen"
    );
    // A folder of an earlier run is replaced as before.
    std::fs::remove_file(ziel.join("notizen.txt")).unwrap();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
}

// --- items 2 and 3: figures built on almost nothing -------------------------------------------

#[test]
fn more_than_half_of_a_file_rejected_stops_the_run_naming_file_and_reason() {
    let aus = tempdir();
    let ein = monatsexport(kunden(100, 51), VERMERKE, ORG);
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("2025-03/kunden.csv")
        .meldet("51 von 100 Zeilen abgewiesen")
        .meldet("Häufigster Grund (51-mal, zuerst in Zeile 2): Geburtsdatum „1980/01/01“");
    assert!(!aus.path().join("2025-03").exists());
    // Exactly half: the rows are rejected, the run goes on.
    let ein = monatsexport(kunden(100, 50), VERMERKE, ORG);
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    // Under 100 rows the rule does not apply.
    let ein = monatsexport(kunden(99, 60), VERMERKE, ORG);
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
}

#[test]
fn a_notes_extract_in_another_date_format_stops_the_run_also_from_an_earlier_month() {
    let mut v = String::from("Kundennummer;Vermerkdatum;Vermerktyp\n");
    for i in 0..150 {
        v.push_str(&format!(
            "K{};2025/02/{:02};Beratungsvermerk\n",
            i % 3,
            i % 28 + 1
        ));
    }
    let ein = monatsexport(kunden(3, 0), VERMERKE, ORG);
    export(ein.path(), &[("2025-02/vermerke.csv", v.as_bytes())]);
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("2025-02/vermerke.csv")
        .meldet("150 von 150")
        .meldet("Vermerkdatum „2025/02/01“ ist kein gültiges Datum");
    assert!(!aus.path().join("2025-03").exists());
}

#[test]
fn an_empty_population_stops_the_run_with_and_without_distribution() {
    let aus = tempdir();
    for (kunden, grund) in [
        (format!("{KOPF}\n"), "0 Datenzeile(n), davon keine."),
        (
            format!("{KOPF}\nA1;;Arbeitslos;01.01.2024;611\nA2;;Arbeitslos;01.01.2024;611\n"),
            "2 Datenzeile(n), davon 2 abgewiesen.",
        ),
        (
            format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2026;611\n"),
            "1 Datenzeile(n), davon 1 noch nicht zugegangen.",
        ),
    ] {
        let ein = monatsexport(&kunden, VERMERKE, ORG);
        for extra in [&[][..], &["--verteilung"][..]] {
            run(ein.path(), "2025-03", aus.path(), extra)
                .status(2)
                .meldet("Keine Kund:innen im Auswertungsbestand")
                .meldet(grund);
        }
    }
    assert!(!aus.path().join("2025-03").exists());
}

// --- item 4: concurrent runs that cannot see each other's PIDs -------------------------------

#[test]
fn a_run_never_deletes_staging_of_a_live_run_in_another_pid_namespace() {
    let ein = einfach();
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    // A live run elsewhere: it holds the output folder's lock and writes its staging folder,
    // named with a PID that does not exist in this namespace.
    let sperre = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(aus.path().join(".beratungsreport.sperre"))
        .unwrap();
    sperre.lock().unwrap();
    let fremd = aus.path().join(".2025-03.neu-4194303-1");
    std::fs::create_dir_all(&fremd).unwrap();
    std::fs::write(fremd.join(".beratungsreport-staging"), "").unwrap();
    std::fs::write(fremd.join("einzeldaten.csv"), "halb geschrieben").unwrap();
    let mut kind = run_starten(ein.path(), "2025-03", aus.path(), &[]);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        fremd.join("einzeldaten.csv").exists(),
        "the other run's staging folder was deleted"
    );
    assert!(
        kind.try_wait().unwrap().is_none(),
        "the second run must wait"
    );
    // The other run dies without cleaning up: its folder is stale now and goes.
    drop(sperre);
    assert!(kind.wait().unwrap().success());
    assert!(!fremd.exists());
    crate::harness::bilanz_pruefen(&aus.path().join("2025-03"));
}

#[test]
fn two_runs_with_different_inputs_each_publish_a_complete_folder() {
    let a = monatsexport(kunden(3, 0), VERMERKE, ORG);
    let b = monatsexport(kunden(40, 0), VERMERKE, ORG);
    let aus = tempdir();
    for _ in 0..3 {
        let mut k1 = run_starten(a.path(), "2025-03", aus.path(), &[]);
        let mut k2 = run_starten(b.path(), "2025-03", aus.path(), &[]);
        assert!(k1.wait().unwrap().success() && k2.wait().unwrap().success());
        let m = aus.path().join("2025-03");
        crate::harness::bilanz_pruefen(&m);
        // Every file the record lists is there with its hash: no mixed folder.
        let p: serde_json::Value =
            serde_json::from_slice(&std::fs::read(m.join("protokoll.json")).unwrap()).unwrap();
        for d in p["ausgabedateien"].as_array().unwrap() {
            let inhalt = std::fs::read(m.join(d["datei"].as_str().unwrap())).unwrap();
            assert_eq!(sha256_hex(&inhalt), d["sha256"].as_str().unwrap());
        }
        let n = csv_lesen(&m.join("einzeldaten.csv")).len();
        assert!(n == 3 || n == 40, "{n}");
    }
}

// --- item 5: Excel's limits ---------------------------------------------------------------

#[test]
fn over_long_values_are_cut_in_the_workbooks_kept_in_the_csvs_and_the_marking_stays() {
    let lange_nummer = format!("L{}", "9".repeat(40_000));
    let langer_gs = format!("Geschäftsstelle {}", "Süd & Nord ".repeat(18));
    let team_lang = "ẞ".repeat(100);
    let lange_zeile = format!("X;{};Beratungsvermerk", "z".repeat(100_000));
    let k = format!(
        "{KOPF}\n{lange_nummer};01.01.1980;Arbeitslos;01.01.2020;611\nA1;01.01.1980;Arbeitslos;01.01.2020;{team_lang}\nA2;01.01.1980;Arbeitslos;01.01.2020;CON\n"
    );
    let v = format!("{VERMERKE}{lange_zeile}\n");
    let org = format!("Team;Geschäftsstelle\n611;{langer_gs}\n{team_lang};Mitte\nCON;Mitte\n");
    let ein = monatsexport(&k, &v, &org);
    let aus = tempdir();
    let l = run(ein.path(), "2025-03", aus.path(), &["--verteilung"]).ok();
    assert!(!l.stderr.contains("exceeds"), "{}", l.stderr);
    let m = aus.path().join("2025-03");
    // CSVs whole.
    let einzel = csv_lesen(&m.join("einzeldaten.csv"));
    assert!(einzel.iter().any(|z| z["kundennummer"] == lange_nummer));
    let ab = csv_lesen(&m.join("abgewiesen.csv"));
    assert_eq!(ab[0]["inhalt"], lange_zeile);
    // Workbooks cut, visibly.
    let jc = blaetter(&m.join("Pruefprotokoll_2025-03.xlsx"));
    let inhalt = text(
        &jc["Abgewiesene Zeilen"]
            .iter()
            .flatten()
            .find(|d| text(d).starts_with("X;zzzz"))
            .unwrap()
            .clone(),
    );
    assert_eq!(inhalt.encode_utf16().count(), 32_767);
    assert!(inhalt.ends_with("[gekürzt, vollständig in den CSV-Dateien]"));
    let teams: Vec<_> = std::fs::read_dir(m.join("Teams"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(teams.iter().all(|n| n.len() <= 255), "{teams:?}");
    assert!(teams.contains(&"CON_.xlsx".to_string()), "{teams:?}");
    assert!(teams.iter().any(|n| n.starts_with("ẞẞẞ")));
    let t611 = blaetter(&m.join("Teams/611.xlsx"));
    let nummer = t611["Überfällig"]
        .iter()
        .flatten()
        .map(text)
        .find(|t| t.starts_with("L999"))
        .unwrap();
    assert!(nummer.ends_with("[gekürzt, vollständig in den CSV-Dateien]"));
    // The marking on every sheet of every workbook, also with the over-long recipient.
    let mut mappen = vec![m.join("Beratungscontrolling_2025-03.xlsx")];
    for ordner in ["Geschaeftsstellen", "Teams"] {
        mappen.extend(
            std::fs::read_dir(m.join(ordner))
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
    }
    for p in mappen {
        for xml in kopfzeilen(&p) {
            assert!(
                xml.matches("Vertraulich – Sozialdaten").count() >= 2,
                "{}: header or footer lost",
                p.display()
            );
        }
    }
}

// --- item 7: inputs that are not what their name says -----------------------------------

#[test]
fn inputs_that_are_no_file_or_no_folder_stop_the_run_saying_what_they_are() {
    let aus = tempdir();
    // A plain file where an earlier month folder belongs.
    let ein = einfach();
    std::fs::write(ein.path().join("2025-02"), "x").unwrap();
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("2025-02 ist kein Ordner, sondern eine Datei");
    // A symbolic link loop as an earlier month folder.
    let ein = einfach();
    std::os::unix::fs::symlink("2025-02", ein.path().join("2025-02")).unwrap();
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("2025-02")
        .meldet("Schleife");
    // An earlier vermerke.csv that is a folder, or a FIFO (reading it would hang).
    let ein = einfach();
    std::fs::create_dir_all(ein.path().join("2025-02/vermerke.csv")).unwrap();
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("2025-02/vermerke.csv ist keine Datei, sondern ein Ordner");
    let ein = einfach();
    std::fs::create_dir_all(ein.path().join("2025-02")).unwrap();
    let fifo = ein.path().join("2025-02/vermerke.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("eine Pipe (FIFO)");
    // Month M's own files: a folder is not "missing".
    for datei in ["kunden.csv", "vermerke.csv", "organisation.csv"] {
        let ein = einfach();
        let p = ein.path().join("2025-03").join(datei);
        std::fs::remove_file(&p).unwrap();
        std::fs::create_dir(&p).unwrap();
        run(ein.path(), "2025-03", aus.path(), &[])
            .status(2)
            .meldet(&format!("{datei} ist keine Datei, sondern ein Ordner"));
    }
    // An earlier folder without vermerke.csv is still skipped (SPEC §2).
    let ein = einfach();
    std::fs::create_dir_all(ein.path().join("2025-02")).unwrap();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
}

// --- item 8: messages -------------------------------------------------------------------

#[test]
fn messages_are_short_german_and_free_of_control_characters() {
    let aus = tempdir();
    // A header of 20,000 lines' worth of columns (a wrong separator): the message stays short.
    let breit = kunden(20_000, 0).replace('\n', ",");
    let ein = monatsexport(&breit, VERMERKE, ORG);
    let l = run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("kunden.csv");
    assert!(l.stderr.len() < 3_000, "{} bytes", l.stderr.len());
    // UTF-16 without BOM.
    let utf16: Vec<u8> = kunden(3, 0)
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let ein = einfach();
    std::fs::write(ein.path().join("2025-03/kunden.csv"), utf16).unwrap();
    let l = run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("UTF-16 ohne Byte-Order-Mark");
    assert!(!l.stderr.contains('\0'));
    // Operating-system causes in German: an output folder below a file.
    let ein = einfach();
    let datei = aus.path().join("eine-datei");
    std::fs::write(&datei, "x").unwrap();
    let l = run(ein.path(), "2025-03", &datei, &[]).status(1);
    assert!(l.stderr.contains("Ursache: "), "{}", l.stderr);
    for englisch in ["File exists", "Not a directory", "exists", "error"] {
        assert!(!l.stderr.contains(englisch), "{englisch}: {}", l.stderr);
    }
    // A rules file with a syntax error or a missing entry: German, with the line.
    let regeln = aus.path().join("regeln.toml");
    for (inhalt, erwartet) in [
        ("[richtlinie\nversion = 1", "Zeile 1: ungültige TOML-Syntax"),
        ("[[fassung]]\nversion = \"1\"\n", "Pflichtangabe „"),
        (
            "[richtlinie]\nversion = \"1\"\n",
            "das alte Format ohne [[fassung]]",
        ),
    ] {
        std::fs::write(&regeln, inhalt).unwrap();
        let l = run(
            ein.path(),
            "2025-03",
            &aus.path().join("r"),
            &["--rules", regeln.to_str().unwrap()],
        )
        .status(2)
        .meldet(erwartet);
        for englisch in ["expected", "missing", "invalid", "TOML parse"] {
            assert!(!l.stderr.contains(englisch), "{englisch}: {}", l.stderr);
        }
    }
}

// --- item 9: leftovers ----------------------------------------------------------------

#[test]
fn a_killed_runs_staging_of_any_month_is_removed_by_the_next_run_into_the_folder() {
    let ein = einfach();
    let aus = tempdir();
    // What a run of another month killed while writing leaves behind.
    let tot = aus.path().join(".2025-01.neu-12345-abc0");
    std::fs::create_dir_all(tot.join("Teams")).unwrap();
    std::fs::write(tot.join(".beratungsreport-staging"), "").unwrap();
    std::fs::write(tot.join("einzeldaten.csv"), "kundennummer;...\nA1;...").unwrap();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    assert!(!tot.exists(), "customer data of a killed run stays behind");
}

// --- item 6: rejected rows are streamed -------------------------------------------------

#[test]
fn many_rejected_rows_all_reach_the_csv_in_order_the_workbook_lists_the_first() {
    let mut v = String::from("Kundennummer;Vermerkdatum;Vermerktyp\n");
    let mut schlecht = Vec::new();
    for i in 0..40_000u64 {
        if i % 3 == 0 {
            v.push_str(&format!("K1;kaputt{i};Beratungsvermerk\n"));
            schlecht.push(i + 2);
        } else {
            v.push_str("K1;2025-03-01;Telefonvermerk\n");
        }
    }
    let ein = monatsexport(kunden(3, 0), &v, ORG);
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let m = aus.path().join("2025-03");
    let ab = csv_lesen(&m.join("abgewiesen.csv"));
    let zeilen: Vec<u64> = ab.iter().map(|z| z["zeile"].parse().unwrap()).collect();
    assert_eq!(zeilen, schlecht);
    assert!(ab.iter().all(|z| z["datei"] == "2025-03/vermerke.csv"));
    assert_eq!(ab[5]["inhalt"], "K1;kaputt15;Beratungsvermerk");
    let jc = blaetter(&m.join("Pruefprotokoll_2025-03.xlsx"));
    let pp = &jc["Abgewiesene Zeilen"];
    let gelistet = pp
        .iter()
        .filter(|z| {
            z.first().map(text).as_deref() == Some("2025-03/vermerke.csv")
                && z.get(2)
                    .is_some_and(|g| text(g).contains("kein gültiges Datum"))
        })
        .count();
    assert_eq!(gelistet, 10_000);
    assert!(pp
        .iter()
        .flatten()
        .any(|d| text(d).starts_with("… und 3334 weitere abgewiesene Zeilen")));
}

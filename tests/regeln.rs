//! The rules file as data (SPEC §3 „The rules file“): versions by effective date,
//! group conditions over any column of `kunden.csv`, every bad rules file with its German
//! message. The fixture `fixtures/regeln/export` has June and July 2026; the file
//! `fixtures/regeln/zwei_fassungen.toml` holds version 1.2 and a version 2.0 from 01.07.2026
//! whose group „Arbeitslose Ü25, marktnah“ reads the site column `Profillage` — which only the
//! July export has. Expected values are worked out by hand in the comments and, for every row,
//! by the reference model reading the rules file itself.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::harness::{br, csv_lesen, root, run, tempdir};

fn export() -> PathBuf {
    root().join("fixtures/regeln/export")
}

fn zwei_fassungen() -> PathBuf {
    root().join("fixtures/regeln/zwei_fassungen.toml")
}

fn pfad(p: &Path) -> String {
    p.display().to_string()
}

/// `regeln --pruefen DATEI` against the fixture export's month `monat`.
fn pruefen(datei: &Path, monat: &str) -> crate::harness::Lauf {
    br([
        "regeln",
        "--pruefen",
        &pfad(datei),
        "--input",
        &pfad(&export()),
        "--month",
        monat,
    ])
}

fn gruppen(monat: &Path) -> Vec<(String, String, String, String)> {
    csv_lesen(&monat.join("einzeldaten.csv"))
        .into_iter()
        .map(|z| {
            (
                z["kundennummer"].clone(),
                z["kundengruppe"].clone(),
                z["zielwert"].clone(),
                z["mindestwert"].clone(),
            )
        })
        .collect()
}

fn zeile(k: &str, g: &str, ziel: &str, mindest: &str) -> (String, String, String, String) {
    (k.into(), g.into(), ziel.into(), mindest.into())
}

#[test]
fn the_embedded_rules_are_version_1_2_with_the_spec_table() {
    let vorlage = br(["regeln", "--toml"]).ok().stdout;
    let standard = std::fs::read_to_string(root().join("fixtures/regeln/standard.toml")).unwrap();
    assert!(
        vorlage.ends_with(&standard),
        "the template ends with the default file"
    );
    let text = br(["regeln"]).ok().stdout;
    // SPEC §3's table, written out here.
    for (nr, name, id, ziel, mindest, bedingung) in [
        (
            1,
            "FM Ü25",
            "fm_ue25",
            180,
            180,
            "fallmanagement AND alter >= 25",
        ),
        (
            2,
            "Maßnahmeteilnehmer:innen",
            "massnahme",
            180,
            180,
            "massnahmeteilnahme",
        ),
        (
            3,
            "Arbeitslose/Ausbildungsuchende U25",
            "u25",
            30,
            60,
            "alter < 25 AND (kundenstatus_av = 'arbeitslos' OR kundenstatus_bb IN \
             ('ausbildungsuchend', 'ausbildungssuchend'))",
        ),
        (
            4,
            "Arbeitslose Ü25",
            "ue25_arbeitslos",
            90,
            180,
            "alter >= 25 AND kundenstatus_av = 'arbeitslos'",
        ),
        (
            5,
            "Übrige Kund:innen",
            "uebrige",
            180,
            180,
            "keine – alle übrigen Kund:innen",
        ),
    ] {
        let erwartet = format!(
            "{nr:>4}. {name} ({id}): Zielwert {ziel} Tage, Mindestwert {mindest} Tage\n      \
             Bedingung: {bedingung}\n"
        );
        assert!(text.contains(&erwartet), "{erwartet}\n{text}");
    }
    assert!(text.contains("Version 1.2") && text.contains("In Kraft ab 01.08.2022"));
}

#[test]
fn a_month_on_each_side_of_a_version_change_applies_its_own_version() {
    let aus = tempdir();
    let regeln = pfad(&zwei_fassungen());
    let text = std::fs::read_to_string(zwei_fassungen()).unwrap();
    for (monat, s) in [("2026-06", "2026-06-30"), ("2026-07", "2026-07-31")] {
        run(&export(), monat, aus.path(), &["--rules", &regeln]).ok();
        let s = NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let e = crate::referenz::erwarten_mit(&export(), monat, s, Some(&text));
        crate::referenz::vergleichen(&aus.path().join(monat), &e, monat);
    }
    // Customer → (group, Zielwert, Mindestwert) in June, then in July.
    // June (version 1.2, no Profillage column in its export): R01–R03 are „Arbeitslose Ü25“;
    // R08 (born 15.07.2001) is 24 at 30.06. and U25.
    // July (version 2.0): Marktprofil / Aktivierungsprofil over 25 → marktnah (R01, R02, and
    // R08, 25 since 15.07.); Förderprofil stays „Arbeitslose Ü25“ (R03); FM (R05) and the
    // measure (R07, „  MARKTPROFIL “) take precedence over marktnah; R04 is 23; R06 is not
    // unemployed.
    let ue25 = ("ue25_arbeitslos", "90", "180");
    let u25 = ("u25", "30", "60");
    let marktnah = ("ue25_marktnah", "60", "90");
    let lang = |g: &'static str| (g, "180", "180");
    let erwartet = [
        ("R01", ue25, marktnah),
        ("R02", ue25, marktnah),
        ("R03", ue25, ue25),
        ("R04", u25, u25),
        ("R05", lang("fm_ue25"), lang("fm_ue25")),
        ("R06", lang("uebrige"), lang("uebrige")),
        ("R07", lang("massnahme"), lang("massnahme")),
        ("R08", u25, marktnah),
    ];
    let (juni, juli) = (aus.path().join("2026-06"), aus.path().join("2026-07"));
    for (ordner, spalte) in [(&juni, 0), (&juli, 1)] {
        let soll: Vec<_> = erwartet
            .iter()
            .map(|(k, a, b)| {
                let (g, z, m) = if spalte == 0 { a } else { b };
                zeile(k, g, z, m)
            })
            .collect();
        assert_eq!(gruppen(ordner), soll, "{}", ordner.display());
    }
    // The Jobcenter in July: days 90, 133, 46, 10, 152, 223, 31, 30 → Ø 715 / 8 = 89.375;
    // within the Mindestwert all but R02 (133 > 90) and R06 (223 > 180) → 0.75.
    let k = csv_lesen(&juli.join("kennzahlen.csv"));
    let gesamt = k
        .iter()
        .find(|z| z["ebene"] == "gesamt" && z["kundengruppe"] == "alle")
        .unwrap();
    assert_eq!(gesamt["tage_mittel"].parse::<f64>().unwrap(), 89.375);
    assert_eq!(gesamt["anteil_mindestwert"].parse::<f64>().unwrap(), 0.75);
    // The group rows follow the version's order: marktnah between u25 and ue25_arbeitslos.
    let reihenfolge: Vec<&str> = k
        .iter()
        .filter(|z| z["ebene"] == "gesamt" && z["kundengruppe"] != "alle")
        .map(|z| z["kundengruppe"].as_str())
        .collect();
    assert_eq!(
        reihenfolge,
        [
            "fm_ue25",
            "massnahme",
            "u25",
            "ue25_marktnah",
            "ue25_arbeitslos",
            "uebrige"
        ]
    );
    for (ordner, version) in [(&juni, "1.2"), (&juli, "2.0")] {
        let p: serde_json::Value =
            serde_json::from_slice(&std::fs::read(ordner.join("protokoll.json")).unwrap()).unwrap();
        assert_eq!(p["regeln"], version);
    }

    // The workbook: the July group in its sheets, the Regeln sheet names both versions.
    let mut wb: Xlsx<_> = open_workbook(juli.join("Beratungscontrolling_2026-07.xlsx")).unwrap();
    let regeln_blatt = wb.worksheet_range("Regeln").unwrap();
    let texte: Vec<String> = regeln_blatt
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        texte.iter().any(|t| t.starts_with("Version|2.0")),
        "{texte:?}"
    );
    // The group in words for managers; its SQL as written only in the audit workbook.
    assert!(
        texte.iter().any(|t| t.contains(
            "Arbeitslose Ü25, marktnah|60|90|ab 25 Jahren und Kundenstatus AV „arbeitslos“ und \
             Profillage „marktprofil“ oder „aktivierungsprofil“"
        )),
        "{texte:?}"
    );
    assert!(
        !texte.iter().any(|t| t.contains("AND")),
        "no SQL for managers"
    );
    let mut pw: Xlsx<_> = open_workbook(juli.join("Pruefprotokoll_2026-07.xlsx")).unwrap();
    let lauf = pw.worksheet_range("Prüfprotokoll").unwrap();
    assert!(lauf.rows().any(|r| r.len() > 1
        && r[0] == "Kundengruppe Arbeitslose Ü25, marktnah (ue25_marktnah)"
        && r[1]
            == "alter >= 25 AND kundenstatus_av = 'Arbeitslos' AND profillage IN ('Marktprofil', 'Aktivierungsprofil')"));
    let fassungen = texte
        .iter()
        .position(|t| t.starts_with("Fassungen der Regeldatei"))
        .unwrap();
    assert!(
        texte[fassungen + 2].starts_with("1.2|01.08.2022|nein|Geschäftsanweisung"),
        "{texte:?}"
    );
    assert!(
        texte[fassungen + 3].starts_with("2.0|01.07.2026|ja|Geschäftsanweisung"),
        "{texte:?}"
    );
    let gruppenblatt = wb.worksheet_range("Kundengruppen").unwrap();
    assert!(gruppenblatt
        .rows()
        .any(|r| r.get(1) == Some(&Data::String("Arbeitslose Ü25, marktnah".into()))));
}

#[test]
fn the_trend_across_a_version_change_applies_each_months_version_and_marks_the_step() {
    let aus = tempdir();
    let regeln = pfad(&zwei_fassungen());
    run(
        &export(),
        "2026-07",
        aus.path(),
        &["--rules", &regeln, "--verteilung"],
    )
    .ok();
    let mut wb: Xlsx<_> =
        open_workbook(aus.path().join("2026-07/Beratungscontrolling_2026-07.xlsx")).unwrap();
    let v = wb.worksheet_range("Verlauf").unwrap();
    let zeile_von = |monat: &str| -> Vec<Data> {
        v.rows()
            .find(|r| r.first() == Some(&Data::String(monat.into())))
            .unwrap()
            .to_vec()
    };
    let zahl = |d: &Data| match d {
        Data::Float(f) => *f,
        other => panic!("{other:?}"),
    };
    // The first table: the Jobcenter's figures across, then the note.
    let kopf = v
        .rows()
        .find(|r| r.first() == Some(&Data::String("Monat".into())))
        .unwrap()
        .to_vec();
    assert_eq!(kopf[1], Data::String("Ø Tage seit letzter Beratung".into()));
    let spalte = |k: &str| {
        kopf.iter()
            .position(|d| *d == Data::String(k.into()))
            .unwrap()
    };
    let (ziel, mindest) = (
        spalte("Anteil Zielwert eingehalten"),
        spalte("Anteil Mindestwert eingehalten"),
    );
    // The note: the only text right of the table's columns (the chart's hidden copy of the
    // shares holds numbers).
    let notiz = |zeile: &[Data]| -> Vec<String> {
        zeile[kopf
            .iter()
            .take_while(|d| !d.to_string().is_empty())
            .count()..]
            .iter()
            .filter_map(|d| match d {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    };
    let (juni, juli) = (zeile_von("Juni 2026"), zeile_von("Juli 2026"));
    // June under 1.2 (its own run's figures): days 59, 102, 15, 20, 121, 192, 0, 30 → Ø 67.375;
    // Zielwerte 90, 90, 90, 30, 180, 180, 180, 30 → within: all but 102 and 192 → 6/8.
    assert_eq!(zahl(&juni[1]), 67.375);
    assert_eq!(zahl(&juni[ziel]), 0.75);
    // July under 2.0: days 90, 133, 46, 10, 152, 223, 31, 30 → Ø 89.375; Zielwerte 60, 60,
    // 90, 30, 180, 180, 180, 60 → within: R03, R04, R05, R07, R08 → 5/8.
    assert_eq!(zahl(&juli[1]), 89.375);
    assert_eq!(zahl(&juli[ziel]), 0.625);
    assert_eq!(
        notiz(&juli),
        ["ab hier Fassung 2.0 der Regeln (vorher 1.2)"]
    );
    assert!(
        notiz(&juni).is_empty(),
        "no mark without a change: {juni:?}"
    );
    // The share within the Mindestwert: June 7/8 under 1.2 — under 2.0's 90 days R02 (102)
    // would have been outside.
    assert_eq!(zahl(&juni[mindest]), 0.875);
}

#[test]
fn precedence_is_the_order_of_the_file_and_site_values_ignore_case_and_blanks() {
    let d = tempdir();
    let datei = d.path().join("regeln.toml");
    let standard = std::fs::read_to_string(root().join("fixtures/regeln/standard.toml")).unwrap();
    let kopf = standard.split("[[fassung.gruppe]]").next().unwrap();
    let gruppe = |id: &str, bedingung: Option<&str>| {
        format!(
            "[[fassung.gruppe]]\nid = \"{id}\"\nname = \"{id}\"\nzielwert = 30\nmindestwert = 60\n{}",
            bedingung.map_or(String::new(), |b| format!("bedingung = \"{b}\"\n"))
        )
    };
    let zaehlen = |gruppen: &[String]| -> String {
        std::fs::write(&datei, format!("{kopf}{}", gruppen.concat())).unwrap();
        pruefen(&datei, "2026-07").ok().stdout
    };
    // „alter >= 40“: R01 (46), R02 (51), R05 (41), R06 (56); team 101: R01, R02, R05, R07.
    let a = gruppe("alt", Some("alter >= 40"));
    let b = gruppe("nord", Some("team = '101'"));
    let rest = gruppe("rest", None);
    let erst_alt = zaehlen(&[a.clone(), b.clone(), rest.clone()]);
    assert!(
        erst_alt.contains("        4  alt (alt)\n        1  nord (nord)\n        3  rest (rest)"),
        "{erst_alt}"
    );
    let erst_nord = zaehlen(&[b, a, rest.clone()]);
    // Team 101 first: R01, R02, R05, R07; of the rest only R06 is 40 or older.
    assert!(
        erst_nord.contains("        4  nord (nord)\n        1  alt (alt)\n        3  rest (rest)"),
        "{erst_nord}"
    );
    // Site column: „Marktprofil“ in any case and with blanks (R07: „  MARKTPROFIL “) —
    // R01, R04, R05, R06, R07, R08; not R02 (Aktivierungsprofil), R03 (Förderprofil).
    let markt = zaehlen(&[
        gruppe("markt", Some("Profillage = 'MarktProfil'")),
        rest.clone(),
    ]);
    assert!(
        markt.contains("        6  markt (markt)\n        2  rest (rest)"),
        "{markt}"
    );
    let nicht = zaehlen(&[
        gruppe(
            "weder",
            Some("NOT (profillage IN ('marktprofil', 'förderprofil')) AND alter <> 51"),
        ),
        rest,
    ]);
    // Only R02 is neither, and R02 is 51.
    assert!(
        nicht.contains("        0  weder (weder)\n        8  rest (rest)"),
        "{nicht}"
    );
}

#[test]
fn rules_pruefen_reports_the_version_in_force_and_the_groups_sizes() {
    let pruefen = |monat: &str| pruefen(&zwei_fassungen(), monat).ok().stdout;
    let juli = pruefen("2026-07");
    assert!(juli.contains("Stichtag 31.07.2026: es gilt Fassung 2.0 (in Kraft ab 01.07.2026)"));
    assert!(juli.contains("8 Kund:innen im Auswertungsbestand"));
    assert!(juli.contains(
        "        1  FM Ü25 (fm_ue25)\n        1  Maßnahmeteilnehmer:innen (massnahme)\n        1  \
         Arbeitslose/Ausbildungsuchende U25 (u25)\n        3  Arbeitslose Ü25, marktnah \
         (ue25_marktnah)\n        1  Arbeitslose Ü25 (ue25_arbeitslos)\n        1  Übrige \
         Kund:innen (uebrige)"
    ), "{juli}");
    let juni = pruefen("2026-06");
    assert!(juni.contains("es gilt Fassung 1.2"));
    assert!(juni.contains("        2  Arbeitslose/Ausbildungsuchende U25 (u25)\n        3  Arbeitslose Ü25 (ue25_arbeitslos)"), "{juni}");
    // `regeln` lists both versions with their conditions.
    let alle = br(["regeln", "--rules", &pfad(&zwei_fassungen())])
        .ok()
        .stdout;
    assert!(alle.contains("Version 2.0") && alle.contains("Version 1.2"));
    assert!(alle
        .contains("Bedingung: alter >= 25 AND kundenstatus_av = 'Arbeitslos' AND profillage IN"));
}

/// Each bad rules file: exit 2, the German message, nothing written.
#[test]
fn every_bad_rules_file_stops_the_run_with_its_german_message() {
    let original = std::fs::read_to_string(zwei_fassungen()).unwrap();
    let d = tempdir();
    let datei = d.path().join("regeln.toml");
    let faelle: Vec<(&str, String, &str, &str)> = vec![
        (
            "a column the export lacks (version in force from June)",
            original.replace("in_kraft_ab = 2026-07-01", "in_kraft_ab = 2026-06-01"),
            "2026-06",
            "Fassung 2.0, Gruppe „ue25_marktnah“: die Bedingung nennt die Spalte „profillage“, \
             die 2026-06/kunden.csv nicht hat",
        ),
        (
            "a syntax error",
            original.replacen(
                "bedingung = \"massnahmeteilnahme\"",
                "bedingung = \"massnahmeteilnahme OR\"",
                1,
            ),
            "2026-07",
            "Fassung 2.0: Gruppe „massnahme“: Syntaxfehler",
        ),
        (
            "a syntax error in the version not applied",
            {
                // Only in the second half of the file: version 1.2.
                let (neu, alt) = original.split_at(original.find("version = \"1.2\"").unwrap());
                format!(
                    "{neu}{}",
                    alt.replace(
                        "alter >= 25 AND kundenstatus_av",
                        "alter >= 25 AND AND kundenstatus_av"
                    )
                )
            },
            "2026-07",
            "Fassung 1.2: Gruppe „ue25_arbeitslos“: Syntaxfehler",
        ),
        (
            "no catch-all group",
            original.replacen(
                "name = \"Übrige Kund:innen\"\n",
                "name = \"Übrige Kund:innen\"\nbedingung = \"alter >= 0\"\n",
                1,
            ),
            "2026-07",
            "Fassung 2.0: die letzte Gruppe („uebrige“) darf keine Bedingung haben",
        ),
        (
            "two groups with one id",
            original.replacen("id = \"ue25_marktnah\"", "id = \"u25\"", 1),
            "2026-07",
            "Fassung 2.0: die Gruppen-ID „u25“ kommt mehrfach vor",
        ),
        (
            "a Mindestwert below its Zielwert",
            original.replacen(
                "zielwert = 60\nmindestwert = 90",
                "zielwert = 60\nmindestwert = 45",
                1,
            ),
            "2026-07",
            "Fassung 2.0: Gruppe „ue25_marktnah“: erwartet wird 0 < Zielwert ≤ Mindestwert, \
             gefunden Zielwert 60 und Mindestwert 45",
        ),
        (
            "no version in force",
            original.replace("in_kraft_ab = 2022-08-01", "in_kraft_ab = 2026-07-15"),
            "2026-06",
            "am Stichtag 30.06.2026 ist keine Fassung in Kraft; die früheste, Version 2.0, gilt \
             ab 01.07.2026",
        ),
        (
            "a condition comparing a number with a text",
            original.replacen(
                "bedingung = \"massnahmeteilnahme\"",
                "bedingung = \"alter = 'alt'\"",
                1,
            ),
            "2026-07",
            "Fassung 2.0: Gruppe „massnahme“: „alter“ (Zahl) lässt sich nicht mit „'alt'“ (Text) \
             vergleichen",
        ),
        (
            "a construct outside the grammar",
            original.replacen(
                "bedingung = \"massnahmeteilnahme\"",
                "bedingung = \"lower(team) = 'x'\"",
                1,
            ),
            "2026-07",
            "Fassung 2.0: Gruppe „massnahme“: „lower(team)“ ist nicht erlaubt",
        ),
    ];
    for (fall, text, monat, meldung) in faelle {
        assert_ne!(text, original, "{fall}: the case changes the file");
        std::fs::write(&datei, &text).unwrap();
        let aus = tempdir();
        let l = run(&export(), monat, aus.path(), &["--rules", &pfad(&datei)]).status(2);
        assert!(l.stderr.contains(meldung), "{fall}: {}", l.stderr);
        assert!(!aus.path().join(monat).exists(), "{fall}: nothing written");
        // `regeln --pruefen` refuses the same file with the same message.
        let p = pruefen(&datei, monat).status(2);
        assert!(
            p.stderr.contains(meldung),
            "{fall} (--pruefen): {}",
            p.stderr
        );
    }
}

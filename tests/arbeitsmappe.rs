//! The workbook read back with calamine: the same figures as `kennzahlen.csv`, real numbers
//! and dates, text never turned into formulas.

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::harness::{csv_lesen, export, root, run, tempdir, zeigt};

fn mappe(pfad: &std::path::Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(pfad).unwrap()
}

fn zahl(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

#[test]
fn workbook_figures_equal_kennzahlen_csv() {
    let aus = tempdir();
    run(&root().join("fixtures/klein"), "2025-03", aus.path(), &[]).ok();
    let monat = aus.path().join("2025-03");
    let zahlen = csv_lesen(&monat.join("kennzahlen.csv"));
    let mut wb = mappe(&monat.join("Beratungscontrolling_2025-03.xlsx"));
    assert_eq!(
        wb.sheet_names(),
        [
            "Auf einen Blick",
            "Übersicht",
            "Geschäftsstellen",
            "Teams",
            "Kundengruppen",
            "Regeln",
            "Erläuterungen"
        ]
    );
    let felder = crate::harness::MAPPE_FELDER;

    // Geschäftsstellen: key in column A, the nine figures from column B, a total row; below
    // it, after an empty row and a title, the Ø Tage per group.
    let gs = wb.worksheet_range("Geschäftsstellen").unwrap();
    let alle_zeilen: Vec<Vec<Data>> = gs.rows().map(|r| r.to_vec()).collect();
    let ende = alle_zeilen
        .iter()
        .position(|r| r.iter().all(|d| *d == Data::Empty))
        .unwrap();
    let zeilen = &alle_zeilen[..ende];
    assert_eq!(text(&zeilen[0][0]), "Geschäftsstelle");
    let csv_gs: Vec<_> = zahlen
        .iter()
        .filter(|z| z["ebene"] == "geschaeftsstelle" && z["kundengruppe"] == "alle")
        .collect();
    assert_eq!(zeilen.len(), csv_gs.len() + 2, "header + units + total");
    for (z, k) in zeilen[1..].iter().zip(&csv_gs) {
        assert_eq!(text(&z[0]), k["geschaeftsstelle"]);
        for (i, f) in felder.iter().enumerate() {
            assert!(zeigt(&z[1 + i], k, f), "{} {f}", k["geschaeftsstelle"]);
        }
    }
    let summe = zeilen.last().unwrap();
    assert_eq!(text(&summe[0]), "Jobcenter gesamt");
    assert_eq!(zahl(&summe[2]), 117.125);
    // The traffic light as a word after the nine figures (column K): Mitte 2/3 within the
    // Mindestwert, three customers: too few for a traffic light (mindestfallzahl 5).
    let mitte = zeilen.iter().find(|z| text(&z[0]) == "Mitte").unwrap();
    assert_eq!(text(&zeilen[0][10]), "Ampel (Anteil Mindestwert)");
    assert_eq!(text(&mitte[10]), "zu wenige Fälle (n = 3)");
    // The second table: Ø Tage per group side by side: Mitte's U25 (column D = first group
    // + 2) is 30, no FM customers in Mitte.
    let gruppen = &alle_zeilen[ende + 1..];
    assert_eq!(
        text(&gruppen[0][0]),
        "Ø Tage seit letzter Beratung je Kundengruppe"
    );
    assert_eq!(text(&gruppen[1][1]), "Ø Tage FM Ü25");
    let mitte = gruppen.iter().find(|z| text(&z[0]) == "Mitte").unwrap();
    assert_eq!(zahl(&mitte[1 + 2]), 30.0);
    assert_eq!(mitte[1], Data::Empty, "no FM customers in Mitte");

    // Teams: Geschäftsstelle, Team („code – name“), then the figures.
    let teams = wb.worksheet_range("Teams").unwrap();
    let csv_teams: Vec<_> = zahlen
        .iter()
        .filter(|z| z["ebene"] == "team" && z["kundengruppe"] == "alle")
        .collect();
    let alle_zeilen: Vec<Vec<Data>> = teams.rows().map(|r| r.to_vec()).collect();
    let ende = alle_zeilen
        .iter()
        .position(|r| r.iter().all(|d| *d == Data::Empty))
        .unwrap();
    let zeilen = &alle_zeilen[..ende];
    let team_zeilen = zeilen[1..]
        .iter()
        .filter(|z| matches!(z.get(1), Some(Data::String(_))))
        .count();
    assert_eq!(
        team_zeilen,
        csv_teams.len(),
        "one row per team of kennzahlen.csv"
    );
    for (z, k) in zeilen[1..].iter().zip(&csv_teams) {
        assert_eq!(text(&z[0]), k["geschaeftsstelle"]);
        let team = text(&z[1]);
        assert!(
            team == k["team"] || team.starts_with(&format!("{} – ", k["team"])),
            "{team} for {}",
            k["team"]
        );
        for (i, f) in felder.iter().enumerate() {
            assert!(zeigt(&z[2 + i], k, f), "{f}");
        }
    }
    assert!(
        zeilen
            .iter()
            .any(|z| text(&z[1]) == "611 – U25; Ausbildung"),
        "the team's name from organisation.csv"
    );

    // Übersicht: the Stichtag is a real date, the headline figures numbers.
    let ueb = wb.worksheet_range("Übersicht").unwrap();
    match ueb.get_value((2, 1)).unwrap() {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 45747.0, "31.03.2025 as Excel serial"),
        other => panic!("Stichtag is not a date: {other:?}"),
    }
    assert_eq!(zahl(ueb.get_value((7, 1)).unwrap()), 8.0);
    assert_eq!(zahl(ueb.get_value((8, 1)).unwrap()), 117.125);

    // The audit workbook, one table per sheet, holds every rejected row with file and line.
    let mut pw = mappe(&monat.join("Pruefprotokoll_2025-03.xlsx"));
    assert_eq!(
        pw.sheet_names(),
        [
            "Prüfprotokoll",
            "Eingelesene Dateien",
            "Abgleich",
            "Abgewiesene Zeilen",
            "Ausgabedateien"
        ]
    );
    let pp = pw.worksheet_range("Abgewiesene Zeilen").unwrap();
    let zeilen: Vec<Vec<Data>> = pp.rows().map(|r| r.to_vec()).collect();
    for (datei, zeile) in [
        ("2025-03/kunden.csv", 14.0),
        ("2025-03/vermerke.csv", 11.0),
        ("2025-02/vermerke.csv", 8.0),
    ] {
        assert!(
            zeilen
                .iter()
                .any(|r| r[0] == Data::String(datei.into()) && r[1] == Data::Float(zeile)),
            "{datei}:{zeile} not listed"
        );
    }
    let abgleich = pw.worksheet_range("Abgleich").unwrap();
    let alle: Vec<String> = abgleich
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(alle
        .iter()
        .any(|c| c
            == "Kund:innen: Abgleich stimmt – jede gelesene Zeile ist genau einmal zugeordnet."));
    assert!(alle
        .iter()
        .any(|c| c.starts_with("Vermerke: Abgleich stimmt")));
    // The run: programme, rules and their hash as in protokoll.json; every other output with
    // its hash as recorded there.
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(monat.join("protokoll.json")).unwrap()).unwrap();
    let lauf = pw.worksheet_range("Prüfprotokoll").unwrap();
    let angaben: std::collections::BTreeMap<String, String> = lauf
        .rows()
        .filter(|r| r.len() > 1)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    assert_eq!(
        angaben["SHA-256 der Regeldatei"],
        p["regeln_sha256"].as_str().unwrap()
    );
    assert_eq!(
        angaben["Programm"],
        format!("beratungsreport {}", p["programmversion"].as_str().unwrap())
    );
    let ausgaben = pw.worksheet_range("Ausgabedateien").unwrap();
    let gelistet: Vec<(String, String)> = ausgaben
        .rows()
        .skip(1)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    let im_protokoll: Vec<(String, String)> = p["ausgabedateien"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["datei"].as_str().unwrap().to_string(),
                a["sha256"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(d, _)| !d.starts_with("Pruefprotokoll_"))
        .collect();
    assert_eq!(gelistet, im_protokoll);
}

#[test]
fn text_from_the_input_stays_text_never_a_formula() {
    let ein = tempdir();
    let kopf = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team\n";
    export(
        ein.path(),
        &[
            ("2025-03/organisation.csv", "Team;Teamname;Geschäftsstelle\n=1+1;=HYPERLINK(\"http://x\");@SUMME(A1)\n".as_bytes()),
            ("2025-03/kunden.csv", format!("{kopf}=1+1;01.01.1980;Arbeitslos;01.01.2024;=1+1\n+49;kaputt;Arbeitslos;01.01.2024;=1+1\n").as_bytes()),
            ("2025-03/vermerke.csv", b"Kundennummer;Vermerkdatum;Vermerktyp\n=1+1;2025-03-01;Beratungsvermerk\n"),
        ],
    );
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let monat = aus.path().join("2025-03");
    let mut wb = mappe(&monat.join("Beratungscontrolling_2025-03.xlsx"));
    let teams = wb.worksheet_range("Teams").unwrap();
    assert_eq!(
        teams.get_value((1, 0)),
        Some(&Data::String("@SUMME(A1)".into()))
    );
    // Team code and name in one cell, both kept as text.
    assert_eq!(
        teams.get_value((1, 1)),
        Some(&Data::String("=1+1 – =HYPERLINK(\"http://x\")".into()))
    );
    let formeln = wb.worksheet_formula("Teams").unwrap();
    assert!(
        formeln.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas in Teams"
    );
    let pp = mappe(&monat.join("Pruefprotokoll_2025-03.xlsx"))
        .worksheet_range("Abgewiesene Zeilen")
        .unwrap();
    assert!(pp
        .used_cells()
        .any(|(_, _, c)| *c == Data::String("+49;kaputt;Arbeitslos;01.01.2024;=1+1".into())));
    let einzel = csv_lesen(&monat.join("einzeldaten.csv"));
    // In the CSV the formula start is defused for Excel (README: "CSV and Excel").
    assert_eq!(einzel[0]["kundennummer"], "'=1+1");
    let kz = csv_lesen(&monat.join("kennzahlen.csv"));
    assert!(kz
        .iter()
        .any(|z| z["team"] == "'=1+1" && z["geschaeftsstelle"] == "'@SUMME(A1)"));
    let ab = csv_lesen(&monat.join("abgewiesen.csv"));
    assert_eq!(ab[0]["inhalt"], "'+49;kaputt;Arbeitslos;01.01.2024;=1+1");
    assert_eq!(einzel[0]["tage_seit_beratung"], "30");
}

/// Every workbook of a run lists each of its other sheets in its table of contents, in tab
/// order, and explains on „Erläuterungen“ exactly the sheets of its own that need it — the
/// Jobcenter workbook never explains a team's worklists it does not hold.
#[test]
fn contents_and_explanations_follow_the_sheets_each_workbook_has() {
    let (_aus, m) = crate::harness::demo_verteilung();
    let mut mappen = vec![m.join("Beratungscontrolling_2026-10.xlsx")];
    for ordner in ["Geschaeftsstellen", "Teams"] {
        let mut p: Vec<_> = std::fs::read_dir(m.join(ordner))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        p.sort();
        mappen.extend(p);
    }
    // The sheets a reader needs explained, and nothing else.
    let mit_erklaerung = [
        "Auf einen Blick",
        "Überfällig",
        "Demnächst fällig",
        "Nachfassen",
        "Termintreue gefährdet",
        "Letzte Beratung",
        "Verlauf",
        "Planung",
    ];
    let mut team_gesehen = false;
    for pfad in &mappen {
        let mut wb = mappe(pfad);
        let namen = wb.sheet_names();
        let ueb = wb.worksheet_range("Übersicht").unwrap();
        let zeilen: Vec<Vec<Data>> = ueb.rows().map(|r| r.to_vec()).collect();
        let start = zeilen
            .iter()
            .position(|r| r.first().map(text).as_deref() == Some("Inhalt dieser Arbeitsmappe"))
            .expect("table of contents");
        let inhalt: Vec<String> = zeilen[start + 1..]
            .iter()
            .map(|r| r.first().map(text).unwrap_or_default())
            .take_while(|t| !t.is_empty())
            .collect();
        // On the Übersicht, the second sheet: every sheet but itself.
        assert_eq!(namen[1], "Übersicht");
        let andere: Vec<String> = namen
            .iter()
            .filter(|n| *n != "Übersicht")
            .cloned()
            .collect();
        assert_eq!(inhalt, andere, "{}", pfad.display());
        let erl = wb.worksheet_range("Erläuterungen").unwrap();
        let erklaert: Vec<String> = erl
            .rows()
            .filter(|r| r.first().map(text).as_deref() == Some("Blätter"))
            .map(|r| text(&r[1]))
            .collect();
        let erwartet: Vec<String> = namen
            .iter()
            .filter(|n| mit_erklaerung.contains(&n.as_str()))
            .cloned()
            .collect();
        assert_eq!(erklaert, erwartet, "{}", pfad.display());
        team_gesehen |= namen.iter().any(|n| n == "Überfällig");
    }
    assert!(team_gesehen, "a team workbook was among them");
}

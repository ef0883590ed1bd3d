//! The hand-computed fixture `fixtures/klein` (month 2025-03, Stichtag 31.03.2025): every
//! customer's days, group and assignment, every figure and every count were worked out by
//! hand; the comments say how.

use std::collections::BTreeMap;

use crate::harness::{csv_lesen, root, run, tempdir};

/// (Geschäftsstelle, Team, group, age, letzte_beratung, tage, nie_beraten).
type Zeile = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    bool,
);

/// Kundennummer → expected row.
fn erwartet() -> BTreeMap<&'static str, Zeile> {
    BTreeMap::from([
        // 24 until 01.04.: U25; last counselling 01.03. → 30 days (= Zielwert, kept).
        (
            "A01",
            ("Mitte", "611", "u25", "24", "2025-03-01", 30, false),
        ),
        // 25th birthday on the Stichtag → Ü25; 31.12.2024 → 90 days; the Telefonvermerk of
        // 15.03. does not count.
        (
            "A02",
            (
                "Mitte",
                "611",
                "ue25_arbeitslos",
                "25",
                "2024-12-31",
                90,
                false,
            ),
        ),
        // Status nicht gesetzt → übrige; Standortbestimmung 01.10.2024 → 181 days: overdue.
        (
            "A03",
            ("Mitte", "611", "uebrige", "34", "2024-10-01", 181, false),
        ),
        // FM and measure: FM Ü25 wins; Fallmanagement note on the Stichtag → 0; a note of
        // 02.04. is after the Stichtag.
        (
            "A04",
            ("Nord", "621", "fm_ue25", "55", "2025-03-31", 0, false),
        ),
        // Measure; never counselled → clock from Zugang 01.01.2025: 89 days.
        ("A05", ("Nord", "621", "massnahme", "45", "", 89, true)),
        // No team; BB spelt „Ausbildungssuchend“ → U25; 30.01. → 60 days (= Mindestwert).
        (
            "A06",
            (
                "(nicht zugeordnet)",
                "(ohne Team)",
                "u25",
                "21",
                "2025-01-30",
                60,
                false,
            ),
        ),
        // Team 699 not in organisation.csv; status in capitals; note in both extracts → 91.
        (
            "A07",
            (
                "(nicht zugeordnet)",
                "699",
                "ue25_arbeitslos",
                "40",
                "2024-12-30",
                91,
                false,
            ),
        ),
        // Born 29.02.2000: 25 on 01.03.2025; counselled on 29.02.2024 → 396 days.
        (
            "A12",
            (
                "Nord",
                "621",
                "ue25_arbeitslos",
                "25",
                "2024-02-29",
                396,
                false,
            ),
        ),
    ])
}

#[test]
fn every_customer_figure_and_count_matches_the_hand_computation() {
    let aus = tempdir();
    let lauf = run(&root().join("fixtures/klein"), "2025-03", aus.path(), &[]).ok();
    assert!(
        lauf.stderr.contains("2025-01: keine vermerke.csv"),
        "{}",
        lauf.stderr
    );
    assert!(
        lauf.stderr.contains("2025-13"),
        "invalid folder name is mentioned: {}",
        lauf.stderr
    );
    let monat = aus.path().join("2025-03");

    let einzel = csv_lesen(&monat.join("einzeldaten.csv"));
    let nummern: Vec<&str> = einzel.iter().map(|z| z["kundennummer"].as_str()).collect();
    assert_eq!(
        nummern,
        ["A01", "A02", "A03", "A04", "A05", "A06", "A07", "A12"],
        "sorted population"
    );
    for z in &einzel {
        let (gs, team, gruppe, alter, letzte, tage, nie) = erwartet()[z["kundennummer"].as_str()];
        let kn = &z["kundennummer"];
        assert_eq!(z["geschaeftsstelle"], gs, "{kn}");
        assert_eq!(z["team"], team, "{kn}");
        assert_eq!(z["kundengruppe"], gruppe, "{kn}");
        assert_eq!(z["alter"], alter, "{kn}");
        assert_eq!(z["letzte_beratung"], letzte, "{kn}");
        assert_eq!(z["tage_seit_beratung"], tage.to_string(), "{kn}");
        assert_eq!(z["nie_beraten"], nie.to_string(), "{kn}");
    }
    let a06 = einzel.iter().find(|z| z["kundennummer"] == "A06").unwrap();
    assert_eq!(
        (a06["zielwert"].as_str(), a06["mindestwert"].as_str()),
        ("30", "60")
    );
    assert_eq!(
        (
            a06["zielwert_eingehalten"].as_str(),
            a06["mindestwert_eingehalten"].as_str()
        ),
        ("false", "true")
    );

    // Figures. Total: days 30, 90, 181, 0, 89, 60, 91, 396 → sum 937, mean 117.125,
    // median (89 + 90) / 2 = 89.5; within Zielwert A01 A02 A04 A05 = 4/8; within
    // Mindestwert all but A03 and A12 = 6/8; overdue 2; never 1.
    let zahlen = csv_lesen(&monat.join("kennzahlen.csv"));
    let finde = |ebene: &str, gs: &str, team: &str, gruppe: &str| {
        zahlen
            .iter()
            .find(|z| {
                z["ebene"] == ebene
                    && z["geschaeftsstelle"] == gs
                    && z["team"] == team
                    && z["kundengruppe"] == gruppe
            })
            .unwrap_or_else(|| panic!("no row {ebene}/{gs}/{team}/{gruppe}"))
    };
    let g = finde("gesamt", "", "", "alle");
    assert_eq!(g["kunden"], "8");
    assert_eq!(g["tage_mittel"], "117.1250");
    assert_eq!(g["tage_median"], "89.5000");
    assert_eq!(g["anteil_zielwert"], "0.5000");
    assert_eq!(g["anteil_mindestwert"], "0.7500");
    assert_eq!(g["ueberfaellig"], "2");
    assert_eq!(g["nie_beraten"], "1");
    // Among the counselled (A05, 89 days from entry, left out): 848 / 7.
    assert!((g["tage_mittel_beraten"].parse::<f64>().unwrap() - 848.0 / 7.0).abs() < 1e-9);
    // Nord: A04 0 and A12 396 counselled, A05 never → 198; its Maßnahme cell holds only A05:
    // no mean among the counselled, an empty cell (SPEC §3), not 0.
    assert_eq!(
        finde("geschaeftsstelle", "Nord", "", "alle")["tage_mittel_beraten"],
        "198.0000"
    );
    assert_eq!(
        finde("geschaeftsstelle", "Nord", "", "massnahme")["tage_mittel_beraten"],
        ""
    );
    // Mitte: 30, 90, 181 → mean 100.333…, median 90.
    let mitte = finde("geschaeftsstelle", "Mitte", "", "alle");
    assert_eq!(mitte["kunden"], "3");
    assert!((mitte["tage_mittel"].parse::<f64>().unwrap() - 301.0 / 3.0).abs() < 1e-9);
    assert_eq!(mitte["tage_median"], "90.0000");
    // Nord ü25_arbeitslos: only A12 (396).
    let nord = finde("geschaeftsstelle", "Nord", "", "ue25_arbeitslos");
    assert_eq!(
        (nord["kunden"].as_str(), nord["tage_mittel"].as_str()),
        ("1", "396.0000")
    );
    // Unassigned customers are counted, on team level under their own team labels.
    assert_eq!(
        finde("geschaeftsstelle", "(nicht zugeordnet)", "", "alle")["kunden"],
        "2"
    );
    assert_eq!(
        finde("team", "(nicht zugeordnet)", "(ohne Team)", "alle")["tage_mittel"],
        "60.0000"
    );
    assert_eq!(
        finde("team", "(nicht zugeordnet)", "699", "alle")["tage_mittel"],
        "91.0000"
    );
    // Team 631 (Süd) has no customers: no row (SPEC §4: rows with ≥ 1 customer).
    assert!(zahlen.iter().all(|z| z["geschaeftsstelle"] != "Süd"));
    // Row order: gesamt, then Geschäftsstellen, then teams; groups in precedence order.
    let ebenen: Vec<&str> = zahlen.iter().map(|z| z["ebene"].as_str()).collect();
    let mut sortiert = ebenen.clone();
    sortiert.sort_by_key(|e| {
        ["gesamt", "geschaeftsstelle", "team"]
            .iter()
            .position(|x| x == e)
    });
    assert_eq!(ebenen, sortiert);
    let gruppen: Vec<&str> = zahlen
        .iter()
        .filter(|z| z["ebene"] == "gesamt")
        .map(|z| z["kundengruppe"].as_str())
        .collect();
    assert_eq!(
        gruppen,
        [
            "alle",
            "fm_ue25",
            "massnahme",
            "u25",
            "ue25_arbeitslos",
            "uebrige"
        ]
    );

    // Reconciliation (SPEC §4).
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(monat.join("protokoll.json")).unwrap()).unwrap();
    let k = &p["kunden"];
    assert_eq!(k["gelesen"], 17);
    assert_eq!(k["auswertungsbestand"], 8);
    assert_eq!(k["abgewiesen"], 5);
    for grund in [
        "noch_nicht_zugegangen",
        "abgemeldet",
        "sperrkennzeichen",
        "vollzeitschulpflicht",
    ] {
        assert_eq!(k[grund], 1, "{grund}");
    }
    let v = &p["vermerke"];
    // February 7 rows, March 11 rows; April and 2025-13 never read.
    assert_eq!(v["gelesen"], 18);
    assert_eq!(v["abgewiesen"], 3);
    assert_eq!(v["nach_stichtag"], 1);
    assert_eq!(v["kein_beratungsvermerk"], 2);
    assert_eq!(v["ohne_kunde_im_bestand"], 3);
    assert_eq!(v["verwendet"], 9);
    assert_eq!(p["monat"], "2025-03");
    assert_eq!(p["stichtag"], "2025-03-31");
    assert_eq!(p["regeln"], "1.2");
    let pfade: Vec<&str> = p["eingabedateien"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["pfad"].as_str().unwrap())
        .collect();
    assert_eq!(
        pfade,
        [
            "2025-03/organisation.csv",
            "2025-03/kunden.csv",
            "2025-02/vermerke.csv",
            "2025-03/vermerke.csv"
        ]
    );
    let kodierungen: Vec<&str> = p["eingabedateien"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kodierung"].as_str().unwrap())
        .collect();
    assert_eq!(
        kodierungen,
        ["Windows-1252", "UTF-8 mit BOM", "UTF-8", "Windows-1252"]
    );

    // Rejected rows: file, line, reason, raw line; sorted by file and line.
    let ab = csv_lesen(&monat.join("abgewiesen.csv"));
    let liste: Vec<(&str, &str)> = ab
        .iter()
        .map(|z| (z["datei"].as_str(), z["zeile"].as_str()))
        .collect();
    assert_eq!(
        liste,
        [
            ("2025-02/vermerke.csv", "8"),
            ("2025-03/kunden.csv", "14"),
            ("2025-03/kunden.csv", "15"),
            ("2025-03/kunden.csv", "16"),
            ("2025-03/kunden.csv", "17"),
            ("2025-03/kunden.csv", "18"),
            ("2025-03/vermerke.csv", "10"),
            ("2025-03/vermerke.csv", "11"),
        ]
    );
    assert!(
        ab[2]["grund"].contains("„31.02.1990“ ist kein gültiges Datum"),
        "{:?}",
        ab[2]
    );
    assert!(ab[3]["grund"].contains("mehrfach"));
    assert_eq!(
        ab[3]["inhalt"],
        "A01;01.01.1999;Arbeitsuchend;;01.01.2024;;;;;;IFK2;621"
    );
    assert!(ab[4]["grund"].contains("vielleicht"));
    assert!(ab[5]["grund"].contains("nach dem Stichtag"));
    assert!(ab[7]["grund"].contains("zu wenige Felder"));
}

#[test]
fn an_explicit_stichtag_moves_every_clock() {
    // Stichtag 14.03.2025 (mid-month; SPEC §3 allows only days of the month). Days by hand:
    // A12 last counselled 29.02.2024 → 379 days, and 25 years old (born 29.02.2000) →
    // Arbeitslose Ü25; A03's note of 30.03.2025 is after the Stichtag → 01.10.2024, 164 days;
    // A05 entered 01.01.2025, never counselled → 72 days; A01 counselled 01.03.2025 → 13;
    // A02 turns 25 on 31.03.2025 → still U25, 31.12.2024 → 73 days; A08 enters 01.04.2025.
    let aus = tempdir();
    run(
        &root().join("fixtures/klein"),
        "2025-03",
        aus.path(),
        &["--stichtag", "14.03.2025"],
    )
    .ok();
    let einzel = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    let z = |kn: &str| {
        einzel
            .iter()
            .find(|z| z["kundennummer"] == kn)
            .unwrap()
            .clone()
    };
    assert_eq!(z("A12")["alter"], "25");
    assert_eq!(z("A12")["kundengruppe"], "ue25_arbeitslos");
    assert_eq!(z("A12")["tage_seit_beratung"], "379");
    assert_eq!(z("A03")["tage_seit_beratung"], "164");
    assert_eq!(z("A03")["letzte_beratung"], "2024-10-01");
    assert_eq!(z("A05")["tage_seit_beratung"], "72");
    assert_eq!(z("A05")["nie_beraten"], "true");
    assert_eq!(z("A01")["tage_seit_beratung"], "13");
    assert_eq!(
        (
            z("A02")["kundengruppe"].as_str(),
            z("A02")["tage_seit_beratung"].as_str()
        ),
        ("u25", "73")
    );
    assert!(einzel.iter().all(|z| z["kundennummer"] != "A08"));
}

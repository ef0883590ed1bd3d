//! Termintreue (directive §5) on a hand-made export whose every figure is computed by hand in
//! the comments: the no-show before Easter (deadline after Karfreitag and Ostermontag), a
//! no-show on the Stichtag (deadline after it: not yet assessable), a follow-up call one day
//! late, a personal note that is no phone call, a next appointment agreed in the session and
//! one agreed the day before, every reconciliation class and every rejection reason; then the
//! worklists of the team workbooks and a month whose folder has no `termine.csv`.

use std::collections::BTreeMap;

use calamine::{Data, DataType};
use chrono::NaiveDate;

use crate::harness::{csv_lesen, export, run, tempdir};
use crate::verteilung::{blaetter, text};

const KUNDEN: &str = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team;IFK\n\
    K1;01.01.1980;Arbeitslos;01.01.2020;T1;I1\n\
    K2;01.01.2005;Arbeitslos;01.01.2020;T1;I1\n\
    K3;01.01.1980;Arbeitsuchend;01.01.2020;T2;I2\n\
    K4;01.01.1980;Arbeitslos;01.01.2020;T2;I2\n";
const ORG: &str = "Team;Teamname;Geschäftsstelle\nT1;Eins;Nord\nT2;Zwei;Süd\n";

/// April 2026, Stichtag Thursday 30.04.2026 (K1 and K4 Arbeitslose Ü25, K2 U25, K3 Übrige).
const TERMINE_APRIL: &str =
    "Termin-ID;Kundennummer;Termindatum;Status;Vereinbart am;Erinnerung;IFK\n\
    A1;K1;02.04.2026;nicht erschienen;20.03.2026;Ja;I9\n\
    A2;K1;16.04.2026;wahrgenommen;07.04.2026;Ja;I1\n\
    A10;K1;14.05.2026;offen;16.04.2026;Ja;I1\n\
    A3;K2;30.04.2026;nicht erschienen;;Nein;\n\
    A4;K2;09.04.2026;wahrgenommen;08.04.2026;Nein;\n\
    A13;K2;20.05.2026;offen;08.04.2026;Nein;\n\
    A5;K3;31.03.2026;wahrgenommen;;;\n\
    A6;K3;22.04.2026;abgesagt;01.04.2026;Nein;\n\
    A7;K3;23.04.2026;offen;;;\n\
    A8;K4;14.04.2026;Nicht wahrgenommen;;Nein;I2\n\
    A9;K9;14.04.2026;wahrgenommen;;;\n\
    A11;K1;31.04.2026;offen;;;\n\
    A1;K3;20.04.2026;wahrgenommen;;;\n\
    A12;K1;20.04.2026;verschoben;;;\n\
    ;K1;20.04.2026;offen;;;\n";

/// Notes of April: K1's call on the deadline day after Easter; K4's personal note on its
/// deadline day (no phone call) and its call a day late; K2's call after the Stichtag.
const VERMERKE_APRIL: &str = "Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart\n\
    K1;07.04.2026;Telefonvermerk;Telefon\n\
    K4;15.04.2026;Beratungsvermerk;Persönlich\n\
    K4;16.04.2026;Telefonvermerk; TELEFON \n\
    K2;01.05.2026;Telefonvermerk;Telefon\n";

/// March: K4 missed an appointment too; the row of A1 (dated in April) belongs to April's
/// folder and must not count from here.
const TERMINE_MAERZ: &str = "Termin-ID;Kundennummer;Termindatum;Status;Vereinbart am\n\
    A20;K4;10.03.2026;nicht erschienen;01.03.2026\n\
    A1;K1;02.04.2026;offen;20.03.2026\n\
    A21;K1;05.03.2026;nicht erschienen;01.03.2026\n";

fn export_april(mit_termine: bool) -> tempfile::TempDir {
    let d = tempdir();
    let mut dateien: Vec<(&str, &[u8])> = vec![
        ("2026-03/kunden.csv", KUNDEN.as_bytes()),
        ("2026-03/organisation.csv", ORG.as_bytes()),
        (
            "2026-03/vermerke.csv",
            b"Kundennummer;Vermerkdatum;Vermerktyp\n",
        ),
        ("2026-03/termine.csv", TERMINE_MAERZ.as_bytes()),
        ("2026-04/kunden.csv", KUNDEN.as_bytes()),
        ("2026-04/organisation.csv", ORG.as_bytes()),
        ("2026-04/vermerke.csv", VERMERKE_APRIL.as_bytes()),
    ];
    if mit_termine {
        dateien.push(("2026-04/termine.csv", TERMINE_APRIL.as_bytes()));
    }
    export(d.path(), &dateien);
    d
}

type Zeile = BTreeMap<String, String>;

fn zeile<'a>(z: &'a [Zeile], ebene: &str, gs: &str, gruppe: &str) -> &'a Zeile {
    z.iter()
        .find(|r| r["ebene"] == ebene && r["geschaeftsstelle"] == gs && r["kundengruppe"] == gruppe)
        .unwrap_or_else(|| panic!("no row {ebene} {gs} {gruppe}"))
}

/// The figures of one row in CSV column order from `termine` on.
fn werte(r: &Zeile) -> Vec<&str> {
    [
        "termine",
        "wahrgenommen",
        "nicht_erschienen",
        "abgesagt",
        "ohne_ergebnis",
        "quote_wahrgenommen",
        "quote_mit_erinnerung",
        "quote_ohne_erinnerung",
        "nachfass_erfolgt",
        "nachfass_versaeumt",
        "nachfass_offen",
        "nachfass_quote",
        "quote_folgetermin",
    ]
    .iter()
    .map(|k| r[*k].as_str())
    .collect()
}

#[test]
fn hand_computed_appointment_figures_deadlines_and_reconciliation() {
    let ein = export_april(true);
    let aus = tempdir();
    run(ein.path(), "2026-04", aus.path(), &[]).ok();
    let m = aus.path().join("2026-04");
    let z = csv_lesen(&m.join("termintreue.csv"));
    // Jobcenter: with an outcome A1 n, A2 w, A3 n, A4 w, A6 a, A8 n = 6, A7 open; attended
    // 2 / (2 + 3); with reminder A1 n, A2 w = 1/2; without A3 n, A4 w, A8 n = 1/3.
    // Follow-up: A1 called on 07.04 = its deadline (02.04 Thursday + Karfreitag, weekend,
    // Ostermontag) → done; A3 on the Stichtag, deadline Monday 04.05 (1 May a holiday) →
    // open; A8 deadline 15.04, personal note that day, call 16.04 → missed: 1/(1+1).
    // Next appointment: A2 (A10 agreed 16.04, dated after the Stichtag) yes, A4 (A13 agreed
    // 08.04, the day before) no: 1/2.
    assert_eq!(
        werte(zeile(&z, "gesamt", "", "alle")),
        [
            "6",
            "2",
            "3",
            "1",
            "1",
            "0.4000",
            "0.5000",
            "0.3333333333333333",
            "1",
            "1",
            "1",
            "0.5000",
            "0.5000"
        ]
    );
    // Nord (K1, K2): A1, A2, A3, A4.
    assert_eq!(
        werte(zeile(&z, "geschaeftsstelle", "Nord", "alle")),
        [
            "4", "2", "2", "0", "0", "0.5000", "0.5000", "0.5000", "1", "0", "1", "1.0000",
            "0.5000"
        ]
    );
    // Süd (K3, K4): A6 cancelled, A7 open, A8 missed without reminder; no attended one.
    assert_eq!(
        werte(zeile(&z, "geschaeftsstelle", "Süd", "alle")),
        ["2", "0", "1", "1", "1", "0.0000", "", "0.0000", "0", "1", "0", "0.0000", ""]
    );
    // U25 (K2): A3 open follow-up only: no follow-up quote.
    assert_eq!(
        werte(zeile(&z, "gesamt", "", "u25")),
        ["2", "1", "1", "0", "0", "0.5000", "", "0.5000", "0", "0", "1", "", "0.0000"]
    );
    // Übrige (K3): cancelled and open only: every quote empty, never a zero.
    assert_eq!(
        werte(zeile(&z, "gesamt", "", "uebrige")),
        ["1", "0", "0", "1", "1", "", "", "", "0", "0", "0", "", ""]
    );
    assert_eq!(
        werte(zeile(&z, "gesamt", "", "ue25_arbeitslos")),
        [
            "3",
            "1",
            "2",
            "0",
            "0",
            "0.3333333333333333",
            "0.5000",
            "0.0000",
            "1",
            "1",
            "0",
            "0.5000",
            "1.0000"
        ]
    );
    // Rows: gesamt ×(alle + 3 groups), 2 GS ×(alle + 2 groups each), 2 teams × the same.
    assert_eq!(z.len(), 4 + 2 * 3 + 2 * 3);

    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(m.join("protokoll.json")).unwrap()).unwrap();
    let t = &p["termine"];
    let n = |k: &str| t[k].as_u64().unwrap();
    // 15 rows: 4 rejected (impossible date, repeated A1, unknown status, no id), A5 before
    // the month, A10 and A13 after the Stichtag, K9 not in the population, 7 used.
    assert_eq!(
        [
            n("gelesen"),
            n("abgewiesen"),
            n("vor_monat"),
            n("nach_stichtag"),
            n("ohne_kunde_im_bestand"),
            n("verwendet")
        ],
        [15, 4, 1, 2, 1, 7]
    );
    let ab = csv_lesen(&m.join("abgewiesen.csv"));
    let zeilen: Vec<(&str, &str)> = ab
        .iter()
        .map(|r| (r["datei"].as_str(), r["zeile"].as_str()))
        .collect();
    assert_eq!(
        zeilen,
        [
            ("2026-04/termine.csv", "13"),
            ("2026-04/termine.csv", "14"),
            ("2026-04/termine.csv", "15"),
            ("2026-04/termine.csv", "16")
        ]
    );
    assert!(ab[0]["grund"].contains("31.04.2026"), "{:?}", ab[0]);
    assert!(ab[1]["grund"].contains("A1") && ab[1]["grund"].contains("mehrfach"));
    assert!(ab[2]["grund"].contains("verschoben"));
    assert_eq!(ab[3]["grund"], "Termin-ID fehlt");
    // The input record names termine.csv with its hash.
    let eingaben = p["eingabedateien"].as_array().unwrap();
    assert!(eingaben.iter().any(|e| e["pfad"] == "2026-04/termine.csv"
        && e["sha256"] == crate::harness::sha256_hex(TERMINE_APRIL)));
}

fn datum(d: &Data) -> NaiveDate {
    d.as_date()
        .unwrap_or_else(|| panic!("expected a date, found {d:?}"))
}

fn tag(m: u32, t: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, t).unwrap()
}

#[test]
fn team_worklists_follow_up_and_at_risk() {
    let ein = export_april(true);
    let aus = tempdir();
    run(ein.path(), "2026-04", aus.path(), &["--verteilung"]).ok();
    let m = aus.path().join("2026-04");
    let t1 = blaetter(&m.join("Teams/T1.xlsx"));
    let n = &t1["Nachfassen"];
    assert_eq!(text(&n[0][0]), "Kundennummer");
    // K2's no-show on the Stichtag: the deadline still runs; no appointment IFK → the
    // customer's.
    assert_eq!(n.len(), 2, "{n:?}");
    assert_eq!(text(&n[1][0]), "K2");
    assert_eq!(text(&n[1][1]), "I1");
    assert_eq!((datum(&n[1][2]), datum(&n[1][3])), (tag(4, 30), tag(5, 4)));
    assert_eq!(text(&n[1][4]), "Frist läuft noch");
    // K1's two latest (A1 missed 02.04, A2 attended 16.04): not at risk; March's A21 is older.
    let g = &t1["Termintreue gefährdet"];
    assert_eq!(
        text(&g[0][0]),
        "Keine Kund:innen mit zwei zuletzt versäumten Terminen."
    );
    assert_eq!(g.len(), 1, "{g:?}");

    let t2 = blaetter(&m.join("Teams/T2.xlsx"));
    let n = &t2["Nachfassen"];
    assert_eq!(text(&n[1][0]), "K4");
    assert_eq!(text(&n[1][1]), "I2");
    assert_eq!((datum(&n[1][2]), datum(&n[1][3])), (tag(4, 14), tag(4, 15)));
    assert_eq!(text(&n[1][4]), "versäumt");
    assert_eq!(n.len(), 2);
    // K4 missed 10.03 (March's folder) and 14.04: at risk, no next appointment agreed.
    let g = &t2["Termintreue gefährdet"];
    assert_eq!(g.len(), 2, "{g:?}");
    assert_eq!(text(&g[1][0]), "K4");
    assert_eq!((datum(&g[1][2]), datum(&g[1][3])), (tag(3, 10), tag(4, 14)));
    assert_eq!(text(&g[1][4]), "keiner vereinbart");

    // The Termintreue sheets: the team's figures with the Jobcenter's beside them.
    let s = &t2["Termintreue"];
    let texte: Vec<String> = s.iter().flatten().map(text).collect();
    assert!(texte.iter().any(|x| x.starts_with("T2")));
    assert!(texte.iter().any(|x| x == "Jobcenter gesamt (Vergleich)"));
    assert!(
        !texte.iter().any(|x| x == "K4"),
        "no customer on the figure sheet"
    );
    let haupt = blaetter(&m.join("Beratungscontrolling_2026-04.xlsx"));
    assert!(haupt.contains_key("Termintreue") && !haupt.contains_key("Nachfassen"));
}

#[test]
fn a_month_without_termine_csv_has_no_appointment_figures_and_says_so() {
    let ein = export_april(false);
    let aus = tempdir();
    run(ein.path(), "2026-04", aus.path(), &["--verteilung"]).ok();
    let m = aus.path().join("2026-04");
    assert!(!m.join("termintreue.csv").exists());
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(m.join("protokoll.json")).unwrap()).unwrap();
    assert!(p.get("termine").is_none());
    // March has appointments, April none: the sheets say that there are no data.
    let haupt = blaetter(&m.join("Beratungscontrolling_2026-04.xlsx"));
    let s: Vec<String> = haupt["Termintreue"].iter().flatten().map(text).collect();
    assert!(s.iter().any(|x| x.contains("keine Termindaten")), "{s:?}");
    assert!(!s.iter().any(|x| x == "0"));
    let t2 = blaetter(&m.join("Teams/T2.xlsx"));
    let n: Vec<String> = t2["Nachfassen"].iter().flatten().map(text).collect();
    assert!(n.iter().any(|x| x.contains("keine Termindaten")), "{n:?}");
}

#[test]
fn an_excel_calendar_gives_the_figures_of_its_csv() {
    let ein = export_april(true);
    let excel = tempdir();
    crate::lesen::als_excel(ein.path(), excel.path());
    assert!(excel.path().join("2026-04/termine.xlsx").exists());
    let (a, b) = (tempdir(), tempdir());
    run(ein.path(), "2026-04", a.path(), &[]).ok();
    run(excel.path(), "2026-04", b.path(), &[]).ok();
    let lesen =
        |d: &tempfile::TempDir, n: &str| std::fs::read(d.path().join("2026-04").join(n)).unwrap();
    assert_eq!(lesen(&a, "termintreue.csv"), lesen(&b, "termintreue.csv"));
    let termine = |d: &tempfile::TempDir| {
        let p: serde_json::Value = serde_json::from_slice(&lesen(d, "protokoll.json")).unwrap();
        p["termine"].clone()
    };
    assert_eq!(termine(&a), termine(&b));
    let zeilen = |d: &tempfile::TempDir| -> Vec<String> {
        csv_lesen(&d.path().join("2026-04/abgewiesen.csv"))
            .iter()
            .map(|r| format!("{}:{}", r["datei"].replace(".xlsx", ".csv"), r["zeile"]))
            .collect()
    };
    assert_eq!(zeilen(&a), zeilen(&b));
}

/// „Termintreue gefährdet“ recomputed from the raw `termine.csv` of M and the eleven folders
/// before it (each appointment from the folder of its own month), for the population of the
/// reference model: (Kundennummer, the two missed days, the next appointment after the
/// Stichtag that is not cancelled).
fn gefaehrdet_referenz(
    ein: &std::path::Path,
    monat: &str,
    s: NaiveDate,
    team_von: &BTreeMap<String, String>,
) -> std::collections::BTreeSet<(String, NaiveDate, NaiveDate, Option<NaiveDate>)> {
    use crate::referenz::{datum, tabelle};
    let m = NaiveDate::parse_from_str(&format!("{monat}-01"), "%Y-%m-%d").unwrap();
    let mut je: BTreeMap<String, Vec<(NaiveDate, String, bool)>> = BTreeMap::new();
    let mut naechster: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for zurueck in 0..12u32 {
        let erster = m - chrono::Months::new(zurueck);
        let ordner = erster.format("%Y-%m").to_string();
        let p = ein.join(&ordner).join("termine.csv");
        if !p.is_file() {
            continue;
        }
        let mut ids = std::collections::HashSet::new();
        for z in tabelle(&p) {
            let Some(f) = z.felder else { continue };
            let g = |n: &str| f.get(n).cloned().unwrap_or_default();
            let (id, nr) = (g("termin-id"), g("kundennummer"));
            let Some(d) = datum(&g("termindatum")) else {
                continue;
            };
            let status = g("status")
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let bekannt = [
                "wahrgenommen",
                "nicht erschienen",
                "nicht wahrgenommen",
                "abgesagt",
                "offen",
            ];
            let vereinbart_ok =
                g("vereinbart am").is_empty() || datum(&g("vereinbart am")).is_some();
            let flag_ok = crate::referenz::flag(&g("erinnerung")).is_some();
            if id.is_empty()
                || nr.is_empty()
                || !bekannt.contains(&status.as_str())
                || !vereinbart_ok
                || !flag_ok
                || !ids.insert(id.clone())
            {
                continue;
            }
            if zurueck == 0 && d > s && status != "abgesagt" {
                let e = naechster.entry(nr.clone()).or_insert(d);
                *e = (*e).min(d);
            }
            let im_eigenen_monat = d.format("%Y-%m").to_string() == ordner && d <= s;
            if im_eigenen_monat && (status == "wahrgenommen" || status.starts_with("nicht")) {
                je.entry(nr)
                    .or_default()
                    .push((d, id, status.starts_with("nicht")));
            }
        }
    }
    let mut aus = std::collections::BTreeSet::new();
    for (nr, mut v) in je {
        if !team_von.contains_key(&nr) {
            continue;
        }
        v.sort();
        if let [.., a, b] = v.as_slice() {
            if a.2 && b.2 {
                aus.insert((nr.clone(), a.0, b.0, naechster.get(&nr).copied()));
            }
        }
    }
    aus
}

#[test]
fn the_at_risk_lists_of_all_team_workbooks_equal_a_recount_of_the_raw_calendars() {
    let ein = tempdir();
    crate::harness::generieren(ein.path(), 500, 14, 23, &["--fehler", "--vielfalt"]);
    let aus = tempdir();
    run(ein.path(), "2025-02", aus.path(), &["--verteilung"]).ok();
    let s = NaiveDate::from_ymd_opt(2025, 2, 28).unwrap();
    let e = crate::referenz::erwarten(ein.path(), "2025-02", s);
    let team_von: BTreeMap<String, String> = e
        .einzeldaten
        .iter()
        .map(|(nr, z)| (nr.clone(), z["team"].clone()))
        .collect();
    let soll = gefaehrdet_referenz(ein.path(), "2025-02", s, &team_von);
    assert!(
        soll.len() >= 5,
        "the generator makes customers who keep missing: {}",
        soll.len()
    );
    let mut ist = std::collections::BTreeSet::new();
    let teams: std::collections::BTreeSet<&String> = team_von.values().collect();
    for team in teams {
        let b = blaetter(&crate::verteilung::team_mappe_finden(
            &aus.path().join("2025-02"),
            team,
        ));
        for r in b["Termintreue gefährdet"].iter().skip(1) {
            let nr = text(&r[0]);
            if !team_von.contains_key(&nr) {
                continue; // the „Keine Kund:innen …“ line
            }
            assert_eq!(
                &team_von[&nr], team,
                "{nr} listed in another team's workbook"
            );
            let naechster = r[4].as_date();
            ist.insert((nr, datum(&r[2]), datum(&r[3]), naechster));
        }
    }
    assert_eq!(ist, soll);
}

#[test]
fn site_column_names_for_the_calendar_give_the_same_figures() {
    let ein = export_april(true);
    let umbenannt = tempdir();
    for e in walk(ein.path()) {
        let rel = e.strip_prefix(ein.path()).unwrap();
        let ziel = umbenannt.path().join(rel);
        std::fs::create_dir_all(ziel.parent().unwrap()).unwrap();
        let mut inhalt = std::fs::read_to_string(&e).unwrap();
        if rel.ends_with("termine.csv") {
            inhalt = inhalt.replacen("Termin-ID;", "Termin-Nr.;", 1).replacen(
                ";Vereinbart am;",
                ";Vereinbart;",
                1,
            );
        }
        std::fs::write(ziel, inhalt).unwrap();
    }
    let spalten = umbenannt.path().join("spalten.toml");
    std::fs::write(
        &spalten,
        "[termine]\n\"Termin-ID\" = \"Termin-Nr.\"\n\"Vereinbart am\" = \"Vereinbart\"\n",
    )
    .unwrap();
    let (a, b) = (tempdir(), tempdir());
    run(ein.path(), "2026-04", a.path(), &[]).ok();
    run(
        umbenannt.path(),
        "2026-04",
        b.path(),
        &["--spalten", spalten.to_str().unwrap()],
    )
    .ok();
    let lesen =
        |d: &tempfile::TempDir| std::fs::read(d.path().join("2026-04/termintreue.csv")).unwrap();
    assert_eq!(lesen(&a), lesen(&b));
}

fn walk(d: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut aus = Vec::new();
    for e in std::fs::read_dir(d).unwrap().flatten() {
        if e.path().is_dir() {
            aus.extend(walk(&e.path()));
        } else {
            aus.push(e.path());
        }
    }
    aus
}

/// SPEC §2: `Dauer` (minutes) is optional; a value that is not a whole number ≥ 0 rejects the
/// row like any bad value (listed with file, line and reason, counted under `abgewiesen`); an
/// empty one is fine; without the column nothing changes.
#[test]
fn a_dauer_that_is_not_whole_minutes_rejects_the_row() {
    let termine = "Termin-ID;Kundennummer;Termindatum;Status;Dauer\n\
        B1;K1;02.04.2026;wahrgenommen;45\n\
        B2;K1;03.04.2026;wahrgenommen;0\n\
        B3;K2;03.04.2026;wahrgenommen;\n\
        B4;K2;06.04.2026;wahrgenommen;4,5\n\
        B5;K3;07.04.2026;wahrgenommen;-5\n\
        B6;K3;08.04.2026;wahrgenommen;45 min\n\
        B7;K4;09.04.2026;wahrgenommen;30\n";
    let d = tempdir();
    export(
        d.path(),
        &[
            ("2026-04/kunden.csv", KUNDEN.as_bytes()),
            ("2026-04/organisation.csv", ORG.as_bytes()),
            ("2026-04/vermerke.csv", VERMERKE_APRIL.as_bytes()),
            ("2026-04/termine.csv", termine.as_bytes()),
        ],
    );
    let aus = tempdir();
    run(d.path(), "2026-04", aus.path(), &[]).ok();
    let m = aus.path().join("2026-04");
    let ab = csv_lesen(&m.join("abgewiesen.csv"));
    let gruende: Vec<(&str, &str)> = ab
        .iter()
        .map(|r| (r["zeile"].as_str(), r["grund"].as_str()))
        .collect();
    assert_eq!(gruende.len(), 3, "{gruende:?}");
    for ((zeile, grund), (soll_zeile, wert)) in
        gruende
            .iter()
            .zip([("5", "4,5"), ("6", "-5"), ("7", "45 min")])
    {
        assert_eq!(*zeile, soll_zeile);
        assert!(
            grund.contains(&format!("Dauer „{wert}“")) && grund.contains("ganze Zahl"),
            "{grund}"
        );
    }
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(m.join("protokoll.json")).unwrap()).unwrap();
    assert_eq!(p["termine"]["gelesen"], 7);
    assert_eq!(p["termine"]["abgewiesen"], 3);
    assert_eq!(p["termine"]["verwendet"], 4);
}

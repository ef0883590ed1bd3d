//! SPEC §3 „Planning figures“: `planung.csv` of a hand-made export, every value
//! worked out by hand below — the need per week, staff, conversations, counselling hours from
//! `Dauer`, and last month's overdue customers with what became of them, at the boundaries:
//! a customer who turns 25 between M − 1 and M, one counselled on the last day of M − 1 and
//! one on the first of M, one who left, a team without staff.

use std::collections::BTreeMap;

use crate::harness::{csv_lesen, export, run, tempdir};

const ORG: &str = "Team;Teamname;Geschäftsstelle\nT1;Eins;Nord\nT2;Zwei;Süd\n";

/// P1 turns 25 on 15.10.2026 (U25 30/60 at M − 1, Arbeitslose Ü25 90/180 at M); P5 leaves.
const KUNDEN_SEPTEMBER: &str = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team;IFK\n\
    P1;15.10.2001;Arbeitslos;01.01.2020;T1;I1\n\
    P2;01.01.1980;Arbeitslos;01.01.2020;T1;I1\n\
    P3;01.01.1980;Arbeitslos;01.01.2020;T1;I2\n\
    P4;01.01.1980;Arbeitsuchend;01.01.2020;T2;I3\n\
    P5;01.01.1980;Arbeitslos;01.01.2020;T2;I3\n\
    P6;01.01.2005;Arbeitslos;01.01.2020;T2;I3\n";

const VERMERKE_SEPTEMBER: &str = "Kundennummer;Vermerkdatum;Vermerktyp\n\
    P1;01.07.2026;Beratungsvermerk\n\
    P2;30.09.2026;Beratungsvermerk\n\
    P3;01.01.2026;Beratungsvermerk\n\
    P4;01.01.2026;Beratungsvermerk\n\
    P6;15.09.2026;Beratungsvermerk\n";

const VERMERKE_OKTOBER: &str = "Kundennummer;Vermerkdatum;Vermerktyp\n\
    P3;01.10.2026;Beratungsvermerk\n\
    P2;20.10.2026;Beratungsvermerk\n";

/// T2 has no staff.
const PERSONAL: &str = "IFK;Name;Team;Stellenanteil\nI1;A;T1;1\nI2;B;T1;0,5\n";

const TERMINE_OKTOBER: &str = "Termin-ID;Kundennummer;Termindatum;Status;Dauer\n\
    X1;P3;01.10.2026;wahrgenommen;45\n\
    X2;P2;20.10.2026;wahrgenommen;30\n\
    X3;P4;21.10.2026;nicht erschienen;60\n\
    X4;P6;22.10.2026;wahrgenommen;\n";

fn monat(mit_september: bool, mit_termine: bool) -> tempfile::TempDir {
    let d = tempdir();
    // October: P5 has left.
    let oktober = KUNDEN_SEPTEMBER
        .lines()
        .filter(|l| !l.starts_with("P5"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let mut dateien: Vec<(&str, &[u8])> = vec![
        ("2026-10/kunden.csv", oktober.as_bytes()),
        ("2026-10/organisation.csv", ORG.as_bytes()),
        ("2026-10/vermerke.csv", VERMERKE_OKTOBER.as_bytes()),
        ("2026-10/personal.csv", PERSONAL.as_bytes()),
        ("2026-09/vermerke.csv", VERMERKE_SEPTEMBER.as_bytes()),
    ];
    if mit_september {
        dateien.push(("2026-09/kunden.csv", KUNDEN_SEPTEMBER.as_bytes()));
        dateien.push(("2026-09/organisation.csv", ORG.as_bytes()));
    }
    if mit_termine {
        dateien.push(("2026-10/termine.csv", TERMINE_OKTOBER.as_bytes()));
    }
    export(d.path(), &dateien);
    d
}

fn planung(ein: &tempfile::TempDir) -> Vec<BTreeMap<String, String>> {
    let aus = tempdir();
    run(ein.path(), "2026-10", aus.path(), &["--verteilung"]).ok();
    csv_lesen(&aus.path().join("2026-10/planung.csv"))
}

/// `soll`: `None` for an empty cell.
fn pruefen(z: &BTreeMap<String, String>, spalte: &str, soll: Option<f64>) {
    let ist = &z[spalte];
    match soll {
        None => assert_eq!(ist, "", "{} {spalte}", z["team"]),
        Some(s) => {
            let x: f64 = ist.parse().unwrap_or_else(|_| panic!("{spalte}: „{ist}“"));
            assert!(
                (x - s).abs() < 1e-9,
                "{} {} {spalte}: {x} vs {s}",
                z["geschaeftsstelle"],
                z["team"]
            );
        }
    }
}

/// One expected row: position, kunden, bedarf, stellen, conversations a week, counselling
/// hours a week; vormonat, abgegangen, nachgeholt, weiter, nicht mehr; quote.
type Erwartet = (
    usize,
    f64,
    f64,
    Option<f64>,
    f64,
    f64,
    [f64; 5],
    Option<f64>,
);

#[test]
fn planning_figures_of_a_hand_made_month() {
    let ein = monat(true, true);
    let p = planung(&ein);
    let schluessel: Vec<(&str, &str, &str)> = p
        .iter()
        .map(|z| {
            (
                z["ebene"].as_str(),
                z["geschaeftsstelle"].as_str(),
                z["team"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        schluessel,
        [
            ("gesamt", "", ""),
            ("geschaeftsstelle", "Nord", ""),
            ("geschaeftsstelle", "Süd", ""),
            ("team", "Nord", "T1"),
            ("team", "Süd", "T2"),
        ]
    );
    let wochen = 31.0 / 7.0;
    // Zielwerte at 31.10.2026: P1 (now 25) 90, P2 90, P3 90, P4 180, P6 30.
    let bedarf_t1 = 3.0 * 7.0 / 90.0;
    let bedarf_t2 = 7.0 / 180.0 + 7.0 / 30.0;
    // Conversations: P3 on 01.10., P2 on 20.10., both T1.
    let gespraeche_t1 = 2.0 / wochen;
    // Attended with Dauer: 45 + 30 minutes (T1); the no-show's 60 and an empty Dauer add
    // nothing.
    let stunden_t1 = 75.0 / 60.0 / wochen;
    // A Geschäftsstelle holds one team here: Nord = T1, Süd = T2 (no staff).
    let t1: Erwartet = (
        0,
        3.0,
        bedarf_t1,
        Some(1.5),
        gespraeche_t1,
        stunden_t1,
        [2.0, 0.0, 1.0, 0.0, 1.0],
        Some(1.0),
    );
    let t2: Erwartet = (
        0,
        2.0,
        bedarf_t2,
        Some(0.0),
        0.0,
        0.0,
        [2.0, 1.0, 0.0, 1.0, 0.0],
        Some(0.0),
    );
    let gesamt: Erwartet = (
        0,
        5.0,
        bedarf_t1 + bedarf_t2,
        Some(1.5),
        gespraeche_t1,
        stunden_t1,
        [4.0, 1.0, 1.0, 1.0, 1.0],
        Some(0.5),
    );
    let erwartet: Vec<Erwartet> = [gesamt, t1, t2, t1, t2]
        .into_iter()
        .enumerate()
        .map(|(i, e)| (i, e.1, e.2, e.3, e.4, e.5, e.6, e.7))
        .collect();
    for (i, kunden, bedarf, stellen, gespraeche, stunden, nachhaltung, quote) in erwartet {
        let z = &p[i];
        pruefen(z, "kunden", Some(kunden));
        pruefen(z, "bedarf_woche", Some(bedarf));
        pruefen(z, "stellen", stellen);
        let je = |x: f64| stellen.filter(|s| *s > 0.0).map(|s| x / s);
        pruefen(z, "bedarf_je_stelle", je(bedarf));
        pruefen(z, "gespraeche_woche", Some(gespraeche));
        pruefen(z, "gespraeche_je_stelle", je(gespraeche));
        pruefen(z, "richtwert", Some(20.0));
        pruefen(z, "beratungsstunden_je_stelle", je(stunden));
        pruefen(z, "anteil_arbeitszeit", je(stunden).map(|h| h / 39.0));
        for (spalte, n) in [
            "ueberfaellig_vormonat",
            "abgegangen",
            "nachgeholt",
            "weiter_ueberfaellig",
            "nicht_mehr_ueberfaellig",
        ]
        .iter()
        .zip(nachhaltung)
        {
            pruefen(z, spalte, Some(n));
        }
        // The four add up to last month's overdue count.
        let summe: u64 = [
            "abgegangen",
            "nachgeholt",
            "weiter_ueberfaellig",
            "nicht_mehr_ueberfaellig",
        ]
        .iter()
        .map(|s| z[*s].parse::<u64>().unwrap())
        .sum();
        assert_eq!(summe, z["ueberfaellig_vormonat"].parse::<u64>().unwrap());
        pruefen(z, "quote_nachgeholt", quote);
    }
}

/// The six Nachhaltung columns of `planung.csv` (SPEC §4).
pub(crate) const NACHHALTUNG: [&str; 6] = [
    "ueberfaellig_vormonat",
    "abgegangen",
    "nachgeholt",
    "weiter_ueberfaellig",
    "nicht_mehr_ueberfaellig",
    "quote_nachgeholt",
];

#[test]
fn without_last_months_folder_or_dauer_those_columns_stay_empty() {
    let ein = monat(false, false);
    let p = planung(&ein);
    for z in &p {
        for spalte in ["beratungsstunden_je_stelle", "anteil_arbeitszeit"]
            .into_iter()
            .chain(NACHHALTUNG)
        {
            assert_eq!(z[spalte], "", "{spalte}");
        }
        assert!(!z["bedarf_woche"].is_empty());
    }
    // Without --verteilung there is no planung.csv.
    let aus = tempdir();
    run(ein.path(), "2026-10", aus.path(), &[]).ok();
    assert!(!aus.path().join("2026-10/planung.csv").exists());
}

/// The Planung sheets show planung.csv's rows (the Jobcenter workbook: the Jobcenter and its
/// Geschäftsstellen; a team's: its own), the verdict in words; a team's „Überfällig“ list
/// marks who was overdue last month already.
#[test]
fn the_planung_sheets_and_the_overdue_list_mark_follow_the_csv() {
    use crate::verteilung::{blaetter, text};
    let ein = monat(true, true);
    let aus = tempdir();
    run(ein.path(), "2026-10", aus.path(), &["--verteilung"]).ok();
    let m = aus.path().join("2026-10");
    let p = csv_lesen(&m.join("planung.csv"));
    let jc = blaetter(&m.join("Beratungscontrolling_2026-10.xlsx"));
    let blatt = &jc["Planung"];
    let kopf = blatt
        .iter()
        .position(|r| r.first().map(text).as_deref() == Some("Einheit"))
        .unwrap();
    let zeilen: Vec<&Vec<calamine::Data>> = blatt[kopf + 1..]
        .iter()
        .take_while(|r| r.first().is_some_and(|d| !text(d).is_empty()))
        .collect();
    // Columns by heading: a figure added to the sheet moves no expectation.
    let spalte = |kopf_text: &str| {
        blatt[kopf]
            .iter()
            .position(|d| text(d) == kopf_text)
            .unwrap_or_else(|| panic!("no column {kopf_text:?}"))
    };
    let namen: Vec<String> = zeilen.iter().map(|r| text(&r[0])).collect();
    assert_eq!(namen, ["Jobcenter gesamt", "Nord", "Süd"]);
    for (r, z) in zeilen.iter().zip(&p[..3]) {
        let zahl = |d: &calamine::Data| match d {
            calamine::Data::Float(x) => Some(*x),
            _ => None,
        };
        assert_eq!(zahl(&r[spalte("Kund:innen")]), z["kunden"].parse().ok());
        let bedarf = zahl(&r[spalte("Bedarf: Gespräche je Woche")]).unwrap();
        assert!((bedarf - z["bedarf_woche"].parse::<f64>().unwrap()).abs() < 1e-9);
    }
    // The Nachhaltung: the sheet's second table, the same units in the same order.
    let nkopf = blatt
        .iter()
        .position(|r| r.get(1).map(text).as_deref() == Some("Überfällig im Vormonat"))
        .expect("the Nachhaltung table");
    for (r, z) in blatt[nkopf + 1..].iter().zip(&p[..3]) {
        let zahl = |d: &calamine::Data| match d {
            calamine::Data::Float(x) => Some(*x),
            _ => None,
        };
        assert_eq!(zahl(&r[1]), z["ueberfaellig_vormonat"].parse().ok());
        assert_eq!(zahl(&r[3]), z["nachgeholt"].parse().ok());
    }
    // Nord: 1.5 posts, need (3 × 7/90) / 1.5 within 20 → „ja“; Süd: no posts.
    let urteil = spalte("Mit dem Personal erreichbar?");
    assert_eq!(text(&zeilen[1][urteil]), "ja");
    assert_eq!(text(&zeilen[2][urteil]), "keine Stellen");
    let t2 = blaetter(&m.join("Teams/T2.xlsx"));
    let liste = &t2["Überfällig"];
    assert_eq!(text(&liste[0][8]), "Schon im Vormonat überfällig");
    assert_eq!(
        (text(&liste[1][0]), text(&liste[1][8])),
        ("P4".into(), "ja".into())
    );
}

/// With `--ifk-auswertung` the team's Planung sheet adds its IFKs: the need of the customers
/// each is responsible for, their Stellenanteil, the conversations they held (no author in
/// the notes: the customer's IFK). T1: I1 has P1, P2 (Zielwert 90 each), I2 has P3; P2's and
/// P3's conversations of October; I1 a full post, I2 half. Without the option: no IFK rows.
#[test]
fn the_team_planung_sheet_lists_its_ifks_only_with_consent() {
    use crate::verteilung::{blaetter, text};
    let ein = monat(true, true);
    let aus = tempdir();
    run(
        ein.path(),
        "2026-10",
        aus.path(),
        &["--verteilung", "--ifk-auswertung"],
    )
    .ok();
    let t1 = blaetter(&aus.path().join("2026-10/Teams/T1.xlsx"));
    let blatt = &t1["Planung"];
    let kopf = blatt
        .iter()
        .position(|r| r.first().map(text).as_deref() == Some("IFK"))
        .expect("IFK table");
    let zahl = |d: &calamine::Data| match d {
        calamine::Data::Float(x) => *x,
        other => panic!("{other:?}"),
    };
    let wochen = 31.0 / 7.0;
    for (i, (ifk, kunden, bedarf, stelle)) in [
        ("I1 (A)", 2.0, 14.0 / 90.0, 1.0),
        ("I2 (B)", 1.0, 7.0 / 90.0, 0.5),
    ]
    .into_iter()
    .enumerate()
    {
        let r = &blatt[kopf + 1 + i];
        assert_eq!(text(&r[0]), ifk);
        assert_eq!(zahl(&r[1]), kunden);
        assert!((zahl(&r[2]) - bedarf).abs() < 1e-9);
        assert_eq!(zahl(&r[3]), stelle);
        assert!((zahl(&r[4]) - bedarf / stelle).abs() < 1e-9);
        assert!((zahl(&r[5]) - 1.0 / wochen).abs() < 1e-9, "{ifk}");
        assert!((zahl(&r[6]) - 1.0 / wochen / stelle).abs() < 1e-9);
        assert_eq!(text(&r[8]), "ja");
    }
    let aus = tempdir();
    run(ein.path(), "2026-10", aus.path(), &["--verteilung"]).ok();
    let t1 = blaetter(&aus.path().join("2026-10/Teams/T1.xlsx"));
    assert!(t1["Planung"]
        .iter()
        .all(|r| r.first().map(text).as_deref() != Some("IFK")));
}

/// „Gespräche“ and „Planung“ tell one story: for every unit of every workbook of the demo, the
/// figures both sheets show (conversations a week, the need, the posts, conversations per post,
/// the coverage) are the same cells, and the coverage is held ÷ needed. Columns are found by
/// heading, so a moved column cannot make the sheets agree by accident.
#[test]
fn conversations_and_planning_sheets_agree_on_every_unit() {
    use crate::harness::demo_verteilung;
    use crate::verteilung::{blaetter, text};
    let (_aus, m) = demo_verteilung();
    let mut mappen = vec![m.join("Beratungscontrolling_2026-10.xlsx")];
    for ordner in ["Geschaeftsstellen", "Teams"] {
        for e in std::fs::read_dir(m.join(ordner)).unwrap() {
            mappen.push(e.unwrap().path());
        }
    }
    // Sheet → unit name → heading → cell text.
    let tabelle = |b: &crate::verteilung::Blatt| -> BTreeMap<String, BTreeMap<String, String>> {
        let kopf = b
            .iter()
            .position(|r| r.first().map(text).as_deref() == Some("Einheit"))
            .expect("a table headed Einheit");
        let koepfe: Vec<String> = b[kopf].iter().map(text).collect();
        b[kopf + 1..]
            .iter()
            .take_while(|r| r.first().is_some_and(|d| !text(d).is_empty()))
            .map(|r| {
                let zellen = koepfe.iter().cloned().zip(r.iter().map(text)).collect();
                (text(&r[0]), zellen)
            })
            .collect()
    };
    let mut verglichen = 0;
    for pfad in &mappen {
        let b = blaetter(pfad);
        let (g, p) = (tabelle(&b["Gespräche"]), tabelle(&b["Planung"]));
        assert_eq!(
            g.keys().collect::<Vec<_>>(),
            p.keys().collect::<Vec<_>>(),
            "{}: the same units",
            pfad.display()
        );
        for (einheit, gz) in &g {
            let pz = &p[einheit];
            for (in_g, in_p) in [
                ("Gespräche je Woche", "Gespräche je Woche (gehalten)"),
                ("Bedarf: Gespräche je Woche", "Bedarf: Gespräche je Woche"),
                ("Stellen", "Stellen"),
                (
                    "Gespräche je Stelle und Woche",
                    "Gespräche je Stelle und Woche",
                ),
                (
                    "Deckung des Bedarfs (gehalten ÷ Bedarf)",
                    "Deckung des Bedarfs (gehalten ÷ Bedarf)",
                ),
            ] {
                assert_eq!(gz[in_g], pz[in_p], "{}: {einheit}, {in_g}", pfad.display());
            }
            let zahl = |s: &str| s.parse::<f64>().unwrap();
            let (gehalten, bedarf) = (
                zahl(&gz["Gespräche je Woche"]),
                zahl(&gz["Bedarf: Gespräche je Woche"]),
            );
            if bedarf > 0.0 {
                let deckung = zahl(&gz["Deckung des Bedarfs (gehalten ÷ Bedarf)"]);
                assert!((deckung - gehalten / bedarf).abs() < 1e-9, "{einheit}");
            }
            verglichen += 1;
        }
    }
    assert!(verglichen > 30, "{verglichen} units compared");
}

//! „Auf einen Blick“, the first sheet of every management workbook, read back: its values for
//! the previous month and the same month a year before equal what separate runs of those
//! months write to `kennzahlen.csv` (SPEC §4 „Comparisons“), the changes are the differences,
//! no Klärungsfall is ranked or charted, and without `--verteilung` the comparison is empty
//! with its reason.

use std::collections::BTreeMap;

use calamine::Data;

use crate::harness::{csv_lesen, demo_verteilung, root, run, teile, tempdir, MINDESTFALLZAHL};
use crate::verteilung::{blaetter, gs_mappe, team_mappe_finden, text, Blatt};

/// The comparison table of a first sheet: per figure heading, the six cells after it.
fn vergleich(b: &Blatt) -> BTreeMap<String, Vec<Data>> {
    let kopf = b
        .iter()
        .position(|r| r.first().map(text).as_deref() == Some("Kennzahl"))
        .expect("the comparison table");
    b[kopf + 1..kopf + 5]
        .iter()
        .map(|r| (text(&r[0]), r[1..6].to_vec()))
        .collect()
}

/// A month's `kennzahlen.csv` row of a unit (all customers), from a separate run.
fn zeile_von<'a>(
    kz: &'a [BTreeMap<String, String>],
    ebene: &str,
    name: &str,
) -> &'a BTreeMap<String, String> {
    kz.iter()
        .find(|r| {
            r["kundengruppe"] == "alle"
                && r["ebene"] == ebene
                && match ebene {
                    "gesamt" => true,
                    "geschaeftsstelle" => r["geschaeftsstelle"] == name,
                    _ => r["team"] == name,
                }
        })
        .unwrap_or_else(|| panic!("no row of {ebene} {name}"))
}

fn zahl(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        other => panic!("no number: {other:?}"),
    }
}

/// Checks one first sheet's comparison against the separate runs' rows (`m1`: M − 1,
/// `m12`: M − 12) and this run's row `m`.
fn pruefen(b: &Blatt, [m, m1, m12]: [&BTreeMap<String, String>; 3], wer: &str) {
    let v = vergleich(b);
    for (kopf, feld) in [
        ("Anteil Mindestwert eingehalten", "anteil_mindestwert"),
        ("Ø Tage seit letzter Beratung", "tage_mittel"),
        ("Ø Tage (nur bereits Beratene)", "tage_mittel_beraten"),
        ("Überfällig (über Mindestwert)", "ueberfaellig"),
    ] {
        let zellen = &v[kopf];
        let soll: Vec<f64> = [m, m1, m12]
            .iter()
            .map(|r| r[feld].parse().unwrap())
            .collect();
        let klein = feld.starts_with("anteil")
            && [m, m1, m12]
                .iter()
                .any(|r| r["kunden"].parse::<u64>().unwrap() < MINDESTFALLZAHL);
        assert!(!klein, "{wer}: the demo's units are large enough");
        for (zelle, soll) in [
            (&zellen[0], soll[0]),
            (&zellen[1], soll[1]),
            (&zellen[3], soll[2]),
        ] {
            assert!(
                (zahl(zelle) - soll).abs() < 1e-9,
                "{wer} {kopf}: {zelle:?} vs {soll}"
            );
        }
        // The changes: M − (M − 1), M − (M − 12); a share's in percentage points.
        let faktor = if feld.starts_with("anteil") {
            100.0
        } else {
            1.0
        };
        assert!(
            (zahl(&zellen[2]) - (soll[0] - soll[1]) * faktor).abs() < 1e-9,
            "{wer} {kopf}"
        );
        assert!(
            (zahl(&zellen[4]) - (soll[0] - soll[2]) * faktor).abs() < 1e-9,
            "{wer} {kopf}"
        );
    }
}

#[test]
fn the_first_sheets_comparison_equals_the_runs_of_those_months() {
    let (_aus, m) = demo_verteilung();
    let demo = root().join("fixtures/demo");
    let einzeln = |monat: &str| {
        let aus = tempdir();
        run(&demo, monat, aus.path(), &[]).ok();
        csv_lesen(&aus.path().join(monat).join("kennzahlen.csv"))
    };
    let (m1, m12) = (einzeln("2026-09"), einzeln("2025-10"));
    let jetzt = csv_lesen(&m.join("kennzahlen.csv"));
    let je = |ebene: &str, name: &str| {
        [
            zeile_von(&jetzt, ebene, name),
            zeile_von(&m1, ebene, name),
            zeile_von(&m12, ebene, name),
        ]
    };
    let haupt = blaetter(&m.join("Beratungscontrolling_2026-10.xlsx"));
    pruefen(&haupt["Auf einen Blick"], je("gesamt", ""), "Jobcenter");
    let gs = blaetter(&gs_mappe(&m, "Bremen-Mitte"));
    pruefen(
        &gs["Auf einen Blick"],
        je("geschaeftsstelle", "Bremen-Mitte"),
        "Bremen-Mitte",
    );
    let team = blaetter(&team_mappe_finden(&m, "651"));
    pruefen(&team["Auf einen Blick"], je("team", "651"), "team 651");
    // The month headings name the months compared.
    let b = &haupt["Auf einen Blick"];
    let kopf = b
        .iter()
        .find(|r| r.first().map(text).as_deref() == Some("Kennzahl"))
        .unwrap();
    let koepfe: Vec<String> = kopf.iter().map(text).collect();
    assert_eq!(
        koepfe[..6],
        [
            "Kennzahl",
            "Okt 2026",
            "Sep 2026",
            "Veränderung zum Vormonat",
            "Okt 2025",
            "Veränderung zum Vorjahr"
        ]
    );
}

#[test]
fn no_klaerungsfall_is_ranked_or_charted_and_the_ranking_is_by_share() {
    let (_aus, m) = demo_verteilung();
    let haupt = blaetter(&m.join("Beratungscontrolling_2026-10.xlsx"));
    let b = &haupt["Auf einen Blick"];
    let kopf = b
        .iter()
        .position(|r| r.first().map(text).as_deref() == Some("Geschäftsstellen"))
        .expect("the ranking of Geschäftsstellen");
    let rang: Vec<(String, f64)> = b[kopf + 1..]
        .iter()
        .take_while(|r| matches!(r.get(2), Some(Data::Float(_))))
        .map(|r| (text(&r[0]), zahl(&r[2])))
        .collect();
    let kz = csv_lesen(&m.join("kennzahlen.csv"));
    let mut soll: Vec<(String, f64)> = kz
        .iter()
        .filter(|r| r["ebene"] == "geschaeftsstelle" && r["kundengruppe"] == "alle")
        .filter(|r| r["geschaeftsstelle"] != "(nicht zugeordnet)")
        .map(|r| {
            (
                r["geschaeftsstelle"].clone(),
                r["anteil_mindestwert"].parse().unwrap(),
            )
        })
        .collect();
    soll.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert_eq!(rang, soll, "lowest share first, no Klärungsfall");
    // Every chart of every first sheet and Übersicht draws only rows that are not
    // Klärungsfälle: the chart XML holds no „(nicht zugeordnet)“ or „(ohne Team)“.
    let mut mappen = vec![m.join("Beratungscontrolling_2026-10.xlsx")];
    for ordner in ["Geschaeftsstellen", "Teams"] {
        for e in std::fs::read_dir(m.join(ordner)).unwrap() {
            mappen.push(e.unwrap().path());
        }
    }
    for p in &mappen {
        for (name, xml) in teile(p) {
            if name.starts_with("xl/charts/") {
                assert!(
                    !xml.contains("(nicht zugeordnet)") && !xml.contains("(ohne Team)"),
                    "{}: a Klärungsfall in {name}",
                    p.display()
                );
            }
        }
    }
    // The Klärungsfälle are named on the Jobcenter's first page, for controlling, with the
    // counts of the independent reference model: customers without a team, and those whose
    // team organisation.csv does not know (the demo's only such code is 699).
    let e = crate::referenz::erwarten(
        &root().join("fixtures/demo"),
        "2026-10",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    );
    let (mut ohne, mut unbekannt) = (0, 0);
    for z in e.einzeldaten.values() {
        match (z["team"].as_str(), z["geschaeftsstelle"].as_str()) {
            ("(ohne Team)", _) => ohne += 1,
            ("699", "(nicht zugeordnet)") => unbekannt += 1,
            (team, "(nicht zugeordnet)") => panic!("unexpected unknown team {team}"),
            _ => {}
        }
    }
    assert!(ohne > 0 && unbekannt > 0, "the demo has both kinds");
    let satz = format!(
        "Klärungsfälle: {} Kund:innen ohne gültiges Team ({unbekannt} Team 699, {ohne} ohne \
         Team) – an Controlling; in keiner Rangfolge und keinem Diagramm.",
        ohne + unbekannt
    );
    assert!(
        b.iter().flatten().any(|d| text(d) == satz),
        "first page lacks „{satz}“"
    );
}

#[test]
fn without_the_distribution_the_comparison_says_why_it_is_empty() {
    let aus = tempdir();
    run(&root().join("fixtures/demo"), "2026-10", aus.path(), &[]).ok();
    let b =
        &blaetter(&aus.path().join("2026-10/Beratungscontrolling_2026-10.xlsx"))["Auf einen Blick"];
    let v = vergleich(b);
    for zellen in v.values() {
        assert!(matches!(zellen[0], Data::Float(_)));
        for z in &zellen[1..] {
            assert_eq!(*z, Data::Empty);
        }
    }
    assert!(b
        .iter()
        .flatten()
        .any(|d| text(d).starts_with("September 2026: nicht berechnet")));
}

/// The worklists „Überfällig“ and „Demnächst fällig“ show each customer's next agreed
/// appointment: recounted here from the raw `termine.csv` of the demo — the earliest date
/// after the Stichtag whose status is not „abgesagt“.
#[test]
fn the_worklists_show_the_next_agreed_appointment_of_the_raw_calendar() {
    let (_aus, m) = demo_verteilung();
    let roh = std::fs::read_to_string(root().join("fixtures/demo/2026-10/termine.csv")).unwrap();
    let stichtag = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let mut naechster: BTreeMap<String, chrono::NaiveDate> = BTreeMap::new();
    for zeile in roh.lines().skip(1) {
        let f: Vec<&str> = zeile.split(';').map(|x| x.trim_matches('"')).collect();
        let Ok(tag) = chrono::NaiveDate::parse_from_str(f[2], "%d.%m.%Y") else {
            continue;
        };
        if tag > stichtag && !f[3].eq_ignore_ascii_case("abgesagt") {
            let e = naechster.entry(f[1].to_string()).or_insert(tag);
            *e = (*e).min(tag);
        }
    }
    let serie = |d: chrono::NaiveDate| {
        (d - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
    };
    let (mut mit, mut ohne) = (0, 0);
    for e in std::fs::read_dir(m.join("Teams")).unwrap() {
        let b = blaetter(&e.unwrap().path());
        for liste in ["Überfällig", "Demnächst fällig"] {
            let l = &b[liste];
            if text(&l[0][0]) != "Kundennummer" {
                continue;
            }
            let spalte = l[0]
                .iter()
                .position(|d| text(d) == "Nächster vereinbarter Termin")
                .expect("the column");
            for r in l[1..].iter().take_while(|r| !text(&r[0]).is_empty()) {
                if r.len() <= spalte {
                    continue;
                }
                match (naechster.get(&text(&r[0])), &r[spalte]) {
                    (Some(d), Data::DateTime(x)) => {
                        assert_eq!(x.as_f64(), serie(*d), "{}", text(&r[0]));
                        mit += 1;
                    }
                    (None, Data::Empty) => ohne += 1,
                    (soll, ist) => panic!("{}: {soll:?} vs {ist:?}", text(&r[0])),
                }
            }
        }
    }
    assert!(mit > 5 && ohne > 50, "{mit} with, {ohne} without");
}

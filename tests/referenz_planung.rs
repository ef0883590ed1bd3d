//! The independent reference model of `planung.csv` (SPEC §3 „Planning figures“), from the raw
//! export folders: the customer rows of month M and of M − 1 come from the reference model of
//! the figures (`referenz::erwarten_mit`, each month under its own rules version), the notes,
//! `personal.csv`, `organisation.csv` and `termine.csv` are read here again. Compared with the
//! program's `planung.csv` on the demo, a generated export without last month's folder and
//! without `personal.csv`, and the rules-change fixture (M − 1 under 1.2, M under 2.0).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::harness::{csv_lesen, generieren, root, run, tempdir};
use crate::referenz::{datum, erwarten_mit, monatsordner_bis, tabelle, vermerke};

/// (ebene, geschaeftsstelle, team).
type Einheit = (String, String, String);

fn einheiten(gs: &str, team: &str) -> [Einheit; 3] {
    [
        ("gesamt".into(), String::new(), String::new()),
        ("geschaeftsstelle".into(), gs.into(), String::new()),
        ("team".into(), gs.into(), team.into()),
    ]
}

/// The expected rows by unit: column → value (`None`: an empty cell).
fn erwarten(
    eingabe: &Path,
    monat: &str,
    regeln: Option<&str>,
) -> BTreeMap<Einheit, BTreeMap<&'static str, Option<f64>>> {
    let erster = NaiveDate::parse_from_str(&format!("{monat}-01"), "%Y-%m-%d").unwrap();
    let s = (erster + chrono::Months::new(1)).pred_opt().unwrap();
    let jetzt = erwarten_mit(eingabe, monat, s, regeln);
    let feld = |z: &BTreeMap<&'static str, String>, k: &str| z[k].clone();
    let mut kunden: HashMap<String, (String, String)> = HashMap::new();
    let mut zeilen: BTreeMap<Einheit, BTreeMap<&'static str, Option<f64>>> = BTreeMap::new();
    let mut add = |e: &Einheit, k: &'static str, w: f64| {
        let x = zeilen
            .entry(e.clone())
            .or_default()
            .entry(k)
            .or_insert(Some(0.0));
        *x = Some(x.unwrap_or(0.0) + w);
    };
    for (nr, z) in &jetzt.einzeldaten {
        let (gs, team) = (feld(z, "geschaeftsstelle"), feld(z, "team"));
        let ziel: f64 = feld(z, "zielwert").parse().unwrap();
        for e in einheiten(&gs, &team) {
            add(&e, "kunden", 1.0);
            add(&e, "bedarf_woche", 7.0 / ziel);
        }
        kunden.insert(nr.clone(), (gs, team));
    }
    // Conversations: distinct (customer, day) of qualifying notes dated 1st of M … S, of
    // population customers, from every folder ≤ M.
    let typen = [
        "beratungsvermerk",
        "beratungsvermerk zur standortbestimmung",
        "fallmanagement",
    ];
    let mut gespraeche: HashSet<(String, NaiveDate)> = HashSet::new();
    for (nr, d, f) in vermerke(eingabe, &monatsordner_bis(eingabe, monat)) {
        let typ = f
            .get("vermerktyp")
            .cloned()
            .unwrap_or_default()
            .to_lowercase();
        if d >= erster && d <= s && typen.contains(&typ.as_str()) && kunden.contains_key(&nr) {
            gespraeche.insert((nr, d));
        }
    }
    let wochen = f64::from(s.day()) / 7.0;
    for (nr, _) in &gespraeche {
        let (gs, team) = &kunden[nr];
        for e in einheiten(gs, team) {
            add(&e, "gespraeche", 1.0);
        }
    }
    // Staff: personal.csv of M; a Geschäftsstelle's are its teams' by organisation.csv of M.
    let org: HashMap<String, String> = tabelle(&eingabe.join(monat).join("organisation.csv"))
        .into_iter()
        .filter_map(|z| z.felder)
        .map(|f| (f["team"].clone(), f["geschäftsstelle"].clone()))
        .collect();
    let personal = eingabe.join(monat).join("personal.csv");
    let stellen: Option<Vec<(String, f64)>> = personal.is_file().then(|| {
        tabelle(&personal)
            .into_iter()
            .filter_map(|z| z.felder)
            .map(|f| {
                (
                    f["team"].clone(),
                    f["stellenanteil"].replace(',', ".").parse().unwrap(),
                )
            })
            .collect()
    });
    // Counselling minutes: attended appointments of M dated 1st … S, population customers,
    // the first valid row of each Termin-ID (rows the reference of termine.csv rejects do not
    // count), only when the file has a Dauer column.
    let termine = eingabe.join(monat).join("termine.csv");
    let mut minuten: Option<HashMap<Einheit, f64>> = None;
    if termine.is_file() {
        let saetze = tabelle(&termine);
        let mit_dauer = saetze
            .iter()
            .find_map(|z| z.felder.as_ref())
            .is_some_and(|f| f.contains_key("dauer"));
        let abgewiesen: HashSet<u64> = jetzt
            .termine
            .as_ref()
            .map(|t| t.abgewiesen.iter().map(|(_, z)| *z).collect())
            .unwrap_or_default();
        if mit_dauer {
            let mut m: HashMap<Einheit, f64> = HashMap::new();
            for z in saetze {
                let Some(f) = z.felder else { continue };
                if abgewiesen.contains(&z.zeile) {
                    continue;
                }
                let Some(d) = datum(&f["termindatum"]) else {
                    continue;
                };
                let status = f["status"].to_lowercase();
                if d < erster || d > s || status != "wahrgenommen" {
                    continue;
                }
                let Some((gs, team)) = kunden.get(&f["kundennummer"]) else {
                    continue;
                };
                let dauer: f64 = f["dauer"].parse().unwrap_or(0.0);
                for e in einheiten(gs, team) {
                    *m.entry(e).or_default() += dauer;
                }
            }
            minuten = Some(m);
        }
    }
    // Nachhaltung: the run for M − 1 (its Stichtag, its rules version, folders ≤ M − 1).
    let vor = erster - chrono::Months::new(1);
    let vormonat = format!("{:04}-{:02}", vor.year(), vor.month());
    let vor_ordner = eingabe.join(&vormonat);
    let nachhaltung = (vor_ordner.join("kunden.csv").is_file()
        && vor_ordner.join("organisation.csv").is_file())
    .then(|| {
        let s0 = erster.pred_opt().unwrap();
        let damals = erwarten_mit(eingabe, &vormonat, s0, regeln);
        let mut je: HashMap<Einheit, [f64; 5]> = HashMap::new();
        for (nr, z) in &damals.einzeldaten {
            let tage: i64 = feld(z, "tage_seit_beratung").parse().unwrap();
            let mindest: i64 = feld(z, "mindestwert").parse().unwrap();
            if tage <= mindest {
                continue;
            }
            let ausgang = match jetzt.einzeldaten.get(nr) {
                None => 1,
                Some(j) if datum(&feld(j, "letzte_beratung")).is_some_and(|l| l > s0) => 2,
                Some(j) if feld(j, "mindestwert_eingehalten") == "false" => 3,
                Some(_) => 4,
            };
            for e in einheiten(&feld(z, "geschaeftsstelle"), &feld(z, "team")) {
                let x = je.entry(e).or_default();
                x[0] += 1.0;
                x[ausgang] += 1.0;
            }
        }
        je
    });
    for (e, z) in zeilen.iter_mut() {
        let st = stellen.as_ref().map(|p| {
            p.iter()
                .filter(|(team, _)| match e.0.as_str() {
                    "gesamt" => true,
                    "geschaeftsstelle" => org.get(team) == Some(&e.1),
                    _ => *team == e.2,
                })
                .map(|(_, a)| a)
                .sum::<f64>()
        });
        let je = |w: f64| st.filter(|s| *s > 0.0).map(|s| w / s);
        let bedarf = z["bedarf_woche"].unwrap();
        let gw = z.get("gespraeche").copied().flatten().unwrap_or(0.0) / wochen;
        z.insert("stellen", st);
        z.insert("bedarf_je_stelle", je(bedarf));
        z.insert("gespraeche_woche", Some(gw));
        z.insert("gespraeche_je_stelle", je(gw));
        // No fixture sets the planung table: SPEC §3's default.
        z.insert("richtwert", Some(20.0));
        let stunden = minuten
            .as_ref()
            .and_then(|m| je(m.get(e).copied().unwrap_or(0.0) / 60.0 / wochen));
        z.insert("beratungsstunden_je_stelle", stunden);
        z.insert("anteil_arbeitszeit", stunden.map(|h| h / 39.0));
        let n = nachhaltung
            .as_ref()
            .map(|n| n.get(e).copied().unwrap_or_default());
        for (i, k) in [
            "ueberfaellig_vormonat",
            "abgegangen",
            "nachgeholt",
            "weiter_ueberfaellig",
            "nicht_mehr_ueberfaellig",
        ]
        .into_iter()
        .enumerate()
        {
            z.insert(k, n.map(|n| n[i]));
        }
        z.insert(
            "quote_nachgeholt",
            n.and_then(|n| (n[2] + n[3] > 0.0).then(|| n[2] / (n[2] + n[3]))),
        );
        z.remove("gespraeche");
    }
    zeilen
}

/// Runs month `monat` with `--verteilung` (and `extra`) and compares its `planung.csv` with
/// the reference, cell by cell.
fn vergleichen(eingabe: &Path, monat: &str, extra: &[&str], regeln: Option<&str>, fall: &str) {
    let aus = tempdir();
    let mut args = vec!["--verteilung"];
    args.extend(extra);
    run(eingabe, monat, aus.path(), &args).ok();
    let ist = csv_lesen(&aus.path().join(monat).join("planung.csv"));
    let soll = erwarten(eingabe, monat, regeln);
    assert_eq!(ist.len(), soll.len(), "{fall}: one row per unit");
    for z in &ist {
        // The four outcomes add up to last month's overdue count (or all are empty).
        let n = |k: &str| z[k].parse::<u64>().ok();
        if let Some(vormonat) = n("ueberfaellig_vormonat") {
            let teile = [
                "abgegangen",
                "nachgeholt",
                "weiter_ueberfaellig",
                "nicht_mehr_ueberfaellig",
            ];
            assert_eq!(
                teile.iter().map(|k| n(k).unwrap()).sum::<u64>(),
                vormonat,
                "{fall}"
            );
        }
        let e = (
            z["ebene"].clone(),
            z["geschaeftsstelle"].clone(),
            z["team"].clone(),
        );
        let s = soll
            .get(&e)
            .unwrap_or_else(|| panic!("{fall}: unexpected row {e:?}"));
        for (k, w) in s {
            match w {
                None => assert_eq!(z[*k], "", "{fall}: {e:?} {k}"),
                Some(w) => {
                    let x: f64 = z[*k]
                        .parse()
                        .unwrap_or_else(|_| panic!("{fall}: {e:?} {k} „{}“", z[*k]));
                    assert!(
                        (x - w).abs() <= 1e-9 * w.abs().max(1.0),
                        "{fall}: {e:?} {k}: {x} vs reference {w}"
                    );
                }
            }
        }
    }
}

#[test]
fn planung_csv_of_the_demo_equals_the_reference() {
    vergleichen(
        &root().join("fixtures/demo"),
        "2026-10",
        &[],
        None,
        "demo 2026-10",
    );
}

#[test]
fn planung_csv_without_last_months_folder_or_staff_equals_the_reference() {
    let ein = tempdir();
    generieren(ein.path(), 1500, 2, 11, &["--fehler"]);
    let mut monate: Vec<String> = std::fs::read_dir(ein.path())
        .unwrap()
        .flatten()
        .map(|d| d.file_name().to_string_lossy().into_owned())
        .collect();
    monate.sort();
    // The first month has no folder before it; the second loses its staff list, then the
    // Dauer column of its calendar (the last column the generator writes, plain `;` fields).
    vergleichen(ein.path(), &monate[0], &[], None, "first month");
    std::fs::remove_file(ein.path().join(&monate[1]).join("personal.csv")).unwrap();
    vergleichen(ein.path(), &monate[1], &[], None, "without personal.csv");
    let termine = ein.path().join(&monate[1]).join("termine.csv");
    let ohne_dauer: String = std::fs::read_to_string(&termine)
        .unwrap()
        .lines()
        .map(|l| format!("{}\n", l.rsplit_once(';').map_or(l, |(vorne, _)| vorne)))
        .collect();
    assert!(!ohne_dauer.lines().next().unwrap().contains("Dauer"));
    std::fs::write(&termine, ohne_dauer).unwrap();
    vergleichen(ein.path(), &monate[1], &[], None, "without Dauer");
}

#[test]
fn planung_csv_across_a_rules_version_change_equals_the_reference() {
    let regeln = root().join("fixtures/regeln/zwei_fassungen.toml");
    let text = std::fs::read_to_string(&regeln).unwrap();
    vergleichen(
        &root().join("fixtures/regeln/export"),
        "2026-07",
        &["--rules", regeln.to_str().unwrap()],
        Some(&text),
        "1.2 → 2.0",
    );
}

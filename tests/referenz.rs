//! An independent reference model of SPEC §3–§4, written from `../shared/SPEC.md`
//! and sharing no code with the crate: it reads the export folder itself (csv crate, std,
//! encoding_rs, chrono), applies the rules in the plainest way — one customer, one note, one
//! figure at a time — and predicts `einzeldaten.csv`, every row of `kennzahlen.csv`, the
//! reconciliation of `protokoll.json` and the file and line of every rejected row. The built
//! binary is then compared with it on many generated exports.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::harness::{br, csv_lesen, tempdir};

/// One data record of an export: line number and trimmed fields by lower-cased header name.
pub(crate) struct Satz {
    pub zeile: u64,
    pub felder: Option<HashMap<String, String>>,
}

/// Reads `pfad` per SPEC §2: `;`, quotes, CRLF, blank lines skipped, header matched trimmed and
/// case-insensitively, a leading BOM ignored, each line UTF-8 if valid else Windows-1252.
/// `felder` is `None` for a record whose field count differs from the header's.
pub(crate) fn tabelle(pfad: &Path) -> Vec<Satz> {
    let bytes = std::fs::read(pfad).unwrap();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut kopf: Option<Vec<String>> = None;
    let mut aus = Vec::new();
    let mut rec = csv::ByteRecord::new();
    // The csv crate's line (and byte) positions are one short after a CRLF (it reports the
    // `\n` of the previous line ending as the record's start): the line number is counted
    // here, as the line breaks up to and including that byte, plus one.
    let (mut bis, mut umbrueche) = (0usize, 0u64);
    while r.read_byte_record(&mut rec).unwrap() {
        let anfang = rec.position().unwrap().byte() as usize;
        umbrueche += bytes[bis..=anfang.min(bytes.len() - 1)]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        bis = anfang + 1;
        let zeile = umbrueche + 1;
        let utf8 = rec.iter().all(|f| std::str::from_utf8(f).is_ok());
        let felder: Vec<String> = rec
            .iter()
            .map(|f| {
                if utf8 {
                    String::from_utf8(f.to_vec()).unwrap()
                } else {
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(f)
                        .0
                        .into_owned()
                }
                .trim()
                .to_string()
            })
            .collect();
        match &kopf {
            // Case-insensitive as Unicode folds case: „MASSNAHMETEILNAHME“ is „Maßnahmeteilnahme“.
            None => {
                kopf = Some(
                    felder
                        .iter()
                        .map(|k| k.to_lowercase().replace('ß', "ss"))
                        .collect(),
                )
            }
            Some(k) => aus.push(Satz {
                zeile,
                felder: (felder.len() == k.len()).then(|| k.iter().cloned().zip(felder).collect()),
            }),
        }
    }
    aus
}

/// `TT.MM.JJJJ`, `T.M.JJJJ` or `JJJJ-MM-TT`, a real calendar day.
pub(crate) fn datum(w: &str) -> Option<NaiveDate> {
    let zahl = |s: &str, min: usize, max: usize| {
        (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let t: Vec<&str> = w.split('.').collect();
    if t.len() == 3 {
        return NaiveDate::from_ymd_opt(
            zahl(t[2], 4, 4)? as i32,
            zahl(t[1], 1, 2)?,
            zahl(t[0], 1, 2)?,
        );
    }
    let t: Vec<&str> = w.split('-').collect();
    if t.len() == 3 {
        return NaiveDate::from_ymd_opt(
            zahl(t[0], 4, 4)? as i32,
            zahl(t[1], 2, 2)?,
            zahl(t[2], 2, 2)?,
        );
    }
    None
}

/// The month folders `JJJJ-MM` of `eingabe` up to `monat`, oldest first (SPEC §2).
pub(crate) fn monatsordner_bis(eingabe: &Path, monat: &str) -> Vec<String> {
    let mut ordner: Vec<String> = std::fs::read_dir(eingabe)
        .unwrap()
        .flatten()
        .map(|d| d.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.len() == 7
                && n.as_bytes()[4] == b'-'
                && NaiveDate::parse_from_str(&format!("{n}-01"), "%Y-%m-%d").is_ok()
                && n.as_str() <= monat
        })
        .collect();
    ordner.sort();
    ordner
}

/// The readable notes of the `vermerke.csv` of every folder in `ordner`: Kundennummer, day
/// and the record's fields (a row with another field count or no valid Vermerkdatum is left
/// out; an empty Kundennummer stays, for the caller to judge).
pub(crate) fn vermerke(
    eingabe: &Path,
    ordner: &[String],
) -> Vec<(String, NaiveDate, HashMap<String, String>)> {
    let mut aus = Vec::new();
    for o in ordner {
        let p = eingabe.join(o).join("vermerke.csv");
        if !p.is_file() {
            continue;
        }
        for z in tabelle(&p) {
            let Some(f) = z.felder else { continue };
            let nr = f.get("kundennummer").cloned().unwrap_or_default();
            let Some(d) = datum(f.get("vermerkdatum").map_or("", String::as_str)) else {
                continue;
            };
            aus.push((nr, d, f));
        }
    }
    aus
}

pub(crate) fn flag(w: &str) -> Option<bool> {
    match w.to_lowercase().as_str() {
        "ja" | "j" => Some(true),
        "nein" | "n" | "" => Some(false),
        _ => None,
    }
}

/// (ebene, geschaeftsstelle, team, kundengruppe).
type Zelle = (String, String, String, String);
/// One customer in a cell: (days, Zielwert, Mindestwert, never counselled).
type Wert = (i64, i64, i64, bool);

/// The expected outputs of one run.
#[derive(Default)]
pub struct Erwartung {
    /// Kundennummer → einzeldaten.csv row (column → value).
    pub einzeldaten: BTreeMap<String, BTreeMap<&'static str, String>>,
    /// (ebene, geschaeftsstelle, team, kundengruppe) → the seven figures.
    pub kennzahlen: BTreeMap<Zelle, [f64; 8]>,
    /// Reconciliation counts by name.
    pub kunden: BTreeMap<&'static str, u64>,
    pub vermerke: BTreeMap<&'static str, u64>,
    /// (file, line) of every rejected row.
    pub abgewiesen: BTreeSet<(String, u64)>,
    /// The appointments, when month M has a `termine.csv`.
    pub termine: Option<crate::referenz_termine::Terminerwartung>,
    /// The group ids of the version applied, in precedence order.
    pub gruppen: Vec<String>,
}

struct Kunde {
    nr: String,
    geburt: NaiveDate,
    av: String,
    bb: String,
    zugang: NaiveDate,
    fm: bool,
    massnahme: bool,
    team: String,
    ifk: String,
    /// Every column of the row (header lower case, `ß` as `ss`), for a rules file's conditions.
    spalten: HashMap<String, String>,
}

const GRUPPEN: [(&str, i64, i64); 5] = [
    ("fm_ue25", 180, 180),
    ("massnahme", 180, 180),
    ("u25", 30, 60),
    ("ue25_arbeitslos", 90, 180),
    ("uebrige", 180, 180),
];

/// SPEC §3 and §4 for month `monat` (`JJJJ-MM`) with Stichtag `s` over `eingabe`, under the
/// embedded rules (SPEC's table of groups).
pub fn erwarten(eingabe: &Path, monat: &str, s: NaiveDate) -> Erwartung {
    erwarten_mit(eingabe, monat, s, None)
}

/// [`erwarten`] under the rules file `regeln` (its text), when given: the version in force at
/// `s` decides the groups, by the reference's own reading of the conditions.
pub fn erwarten_mit(eingabe: &Path, monat: &str, s: NaiveDate, regeln: Option<&str>) -> Erwartung {
    let gruppen = regeln.map(|t| {
        crate::referenz_regeln::fassung_am(t, &s.to_string())
            .expect("a version in force")
            .1
    });
    let mut e = Erwartung {
        gruppen: match &gruppen {
            None => GRUPPEN.iter().map(|g| g.0.to_string()).collect(),
            Some(liste) => liste.iter().map(|g| g.id.clone()).collect(),
        },
        ..Default::default()
    };
    let m = eingabe.join(monat);

    // Organisation of month M: team → Geschäftsstelle.
    let org: HashMap<String, String> = tabelle(&m.join("organisation.csv"))
        .into_iter()
        .filter_map(|z| z.felder)
        .map(|f| (f["team"].clone(), f["geschäftsstelle"].clone()))
        .collect();

    // Customers.
    let datei = format!("{monat}/kunden.csv");
    let mut gesehen = BTreeSet::new();
    let mut bestand: Vec<Kunde> = Vec::new();
    let zaehl = |e: &mut Erwartung, k: &'static str| *e.kunden.entry(k).or_insert(0) += 1;
    for z in tabelle(&m.join("kunden.csv")) {
        zaehl(&mut e, "gelesen");
        let gueltig = z.felder.and_then(|f| {
            let g = |n: &str| f.get(n).cloned().unwrap_or_default();
            let nr = g("kundennummer");
            let geburt = datum(&g("geburtsdatum"))?;
            let zugang = datum(&g("zugangsdatum"))?;
            let abgang = match g("abgangsdatum").as_str() {
                "" => None,
                w => Some(datum(w)?),
            };
            let fm = flag(&g("fallmanagement"))?;
            let massnahme = flag(&g("massnahmeteilnahme"))?;
            let schule = flag(&g("vollzeitschulpflicht"))?;
            let sperre = flag(&g("sperrkennzeichen"))?;
            (!nr.is_empty() && geburt <= s).then_some(())?;
            Some((
                Kunde {
                    nr,
                    geburt,
                    av: g("kundenstatus av").to_lowercase(),
                    bb: g("kundenstatus bb").to_lowercase(),
                    zugang,
                    fm,
                    massnahme,
                    team: g("team"),
                    ifk: g("ifk"),
                    spalten: f.clone(),
                },
                abgang,
                sperre,
                schule,
            ))
        });
        let Some((k, abgang, sperre, schule)) =
            gueltig.filter(|(k, ..)| gesehen.insert(k.nr.clone()))
        else {
            zaehl(&mut e, "abgewiesen");
            e.abgewiesen.insert((datei.clone(), z.zeile));
            continue;
        };
        let grund = if k.zugang > s {
            "noch_nicht_zugegangen"
        } else if abgang.is_some_and(|a| a <= s) {
            "abgemeldet"
        } else if sperre {
            "sperrkennzeichen"
        } else if schule {
            "vollzeitschulpflicht"
        } else {
            "auswertungsbestand"
        };
        zaehl(&mut e, grund);
        if grund == "auswertungsbestand" {
            bestand.push(k);
        }
    }

    // Notes of every month folder up to M.
    let typen = [
        "beratungsvermerk",
        "beratungsvermerk zur standortbestimmung",
        "fallmanagement",
    ];
    let im_bestand: HashMap<&str, usize> = bestand
        .iter()
        .enumerate()
        .map(|(i, k)| (k.nr.as_str(), i))
        .collect();
    let mut letzte: Vec<Option<NaiveDate>> = vec![None; bestand.len()];
    let ordner = monatsordner_bis(eingabe, monat);
    for o in ordner.clone() {
        let p = eingabe.join(&o).join("vermerke.csv");
        if !p.is_file() {
            continue;
        }
        for z in tabelle(&p) {
            *e.vermerke.entry("gelesen").or_insert(0) += 1;
            let gueltig = z.felder.and_then(|f| {
                let nr = f.get("kundennummer").cloned().unwrap_or_default();
                let d = datum(f.get("vermerkdatum").map_or("", String::as_str))?;
                (!nr.is_empty()).then_some(())?;
                Some((nr, d, f.get("vermerktyp").cloned().unwrap_or_default()))
            });
            let klasse = match gueltig {
                None => {
                    e.abgewiesen.insert((format!("{o}/vermerke.csv"), z.zeile));
                    "abgewiesen"
                }
                Some((_, d, _)) if d > s => "nach_stichtag",
                Some((_, _, t)) if !typen.contains(&t.to_lowercase().as_str()) => {
                    "kein_beratungsvermerk"
                }
                Some((nr, d, _)) => match im_bestand.get(nr.as_str()) {
                    None => "ohne_kunde_im_bestand",
                    Some(&i) => {
                        letzte[i] = letzte[i].max(Some(d));
                        "verwendet"
                    }
                },
            };
            *e.vermerke.entry(klasse).or_insert(0) += 1;
        }
    }

    // One row per customer, then the figures cell by cell.
    let mut zellen: BTreeMap<Zelle, Vec<Wert>> = BTreeMap::new();
    let mut einordnung = HashMap::new();
    for (k, l) in bestand.iter().zip(&letzte) {
        let mut alter = s.year() - k.geburt.year();
        if (s.month(), s.day()) < (k.geburt.month(), k.geburt.day()) {
            alter -= 1;
        }
        let arbeitslos = k.av == "arbeitslos";
        let gruppe = if k.fm && alter >= 25 {
            0
        } else if k.massnahme {
            1
        } else if alter < 25
            && (arbeitslos || k.bb == "ausbildungsuchend" || k.bb == "ausbildungssuchend")
        {
            2
        } else if alter >= 25 && arbeitslos {
            3
        } else {
            4
        };
        let (gid, ziel, mindest) = match &gruppen {
            None => GRUPPEN[gruppe],
            Some(liste) => {
                let g = &liste[crate::referenz_regeln::gruppe_von(
                    liste,
                    &crate::referenz_regeln::Werte {
                        alter: alter.into(),
                        fallmanagement: k.fm,
                        massnahmeteilnahme: k.massnahme,
                        spalten: &k.spalten,
                    },
                )];
                (g.id.as_str(), g.zielwert, g.mindestwert)
            }
        };
        let tage = (s - l.unwrap_or(k.zugang)).num_days();
        let (team, gs) = if k.team.is_empty() {
            ("(ohne Team)".to_string(), "(nicht zugeordnet)".to_string())
        } else {
            (
                k.team.clone(),
                org.get(&k.team)
                    .cloned()
                    .unwrap_or("(nicht zugeordnet)".into()),
            )
        };
        let wahr = |b: bool| if b { "true" } else { "false" }.to_string();
        e.einzeldaten.insert(
            k.nr.clone(),
            BTreeMap::from([
                ("kundennummer", k.nr.clone()),
                ("geschaeftsstelle", gs.clone()),
                ("team", team.clone()),
                ("ifk", k.ifk.clone()),
                ("kundengruppe", gid.to_string()),
                ("alter", alter.to_string()),
                (
                    "letzte_beratung",
                    l.map(|d| d.to_string()).unwrap_or_default(),
                ),
                ("tage_seit_beratung", tage.to_string()),
                ("nie_beraten", wahr(l.is_none())),
                ("zielwert", ziel.to_string()),
                ("mindestwert", mindest.to_string()),
                ("zielwert_eingehalten", wahr(tage <= ziel)),
                ("mindestwert_eingehalten", wahr(tage <= mindest)),
            ]),
        );
        einordnung.insert(
            k.nr.clone(),
            crate::referenz_termine::Einordnung {
                gs: gs.clone(),
                team: team.clone(),
                gruppe: gid.to_string(),
            },
        );
        let wert = (tage, ziel, mindest, l.is_none());
        for g in ["alle", gid] {
            for schluessel in [
                ("gesamt", String::new(), String::new()),
                ("geschaeftsstelle", gs.clone(), String::new()),
                ("team", gs.clone(), team.clone()),
            ] {
                zellen
                    .entry((
                        schluessel.0.to_string(),
                        schluessel.1,
                        schluessel.2,
                        g.to_string(),
                    ))
                    .or_default()
                    .push(wert);
            }
        }
    }
    for (schluessel, werte) in zellen {
        let n = werte.len() as f64;
        let mut tage: Vec<i64> = werte.iter().map(|w| w.0).collect();
        tage.sort_unstable();
        let median = if tage.len() % 2 == 1 {
            tage[tage.len() / 2] as f64
        } else {
            (tage[tage.len() / 2 - 1] + tage[tage.len() / 2]) as f64 / 2.0
        };
        let zaehle = |f: &dyn Fn(&Wert) -> bool| werte.iter().filter(|w| f(w)).count() as f64;
        e.kennzahlen.insert(
            schluessel,
            [
                n,
                tage.iter().sum::<i64>() as f64 / n,
                median,
                zaehle(&|w| w.0 <= w.1) / n,
                zaehle(&|w| w.0 <= w.2) / n,
                zaehle(&|w| w.0 > w.2),
                zaehle(&|w| w.3),
                // tage_mittel_beraten: NaN stands for the empty cell (nobody counselled)
                {
                    let beraten: Vec<i64> = werte.iter().filter(|w| !w.3).map(|w| w.0).collect();
                    if beraten.is_empty() {
                        f64::NAN
                    } else {
                        beraten.iter().sum::<i64>() as f64 / beraten.len() as f64
                    }
                },
            ],
        );
    }
    e.termine = crate::referenz_termine::erwarten(eingabe, monat, s, &einordnung, &ordner);
    if let Some(t) = &e.termine {
        e.abgewiesen.extend(t.abgewiesen.iter().cloned());
    }
    e
}

/// Compares the outputs in `ordner` (a month folder) with the reference; `fall` names the case.
pub fn vergleichen(ordner: &Path, e: &Erwartung, fall: &str) {
    let einzel = csv_lesen(&ordner.join("einzeldaten.csv"));
    let nummern: Vec<&str> = einzel.iter().map(|z| z["kundennummer"].as_str()).collect();
    assert!(
        nummern
            .windows(2)
            .all(|w| w[0].as_bytes() < w[1].as_bytes()),
        "{fall}: einzeldaten.csv not sorted by Kundennummer"
    );
    assert_eq!(einzel.len(), e.einzeldaten.len(), "{fall}: customers");
    for z in &einzel {
        let r = e
            .einzeldaten
            .get(&z["kundennummer"])
            .unwrap_or_else(|| panic!("{fall}: unexpected customer {}", z["kundennummer"]));
        for (spalte, wert) in r {
            assert_eq!(&z[*spalte], wert, "{fall}: {} {spalte}", z["kundennummer"]);
        }
    }
    let zahlen = csv_lesen(&ordner.join("kennzahlen.csv"));
    let namen = crate::harness::KENNZAHL_FELDER;
    let mut gefunden = BTreeSet::new();
    for z in &zahlen {
        let s = (
            z["ebene"].clone(),
            z["geschaeftsstelle"].clone(),
            z["team"].clone(),
            z["kundengruppe"].clone(),
        );
        let r = e
            .kennzahlen
            .get(&s)
            .unwrap_or_else(|| panic!("{fall}: unexpected figure row {s:?}"));
        for (i, n) in namen.iter().enumerate() {
            if r[i].is_nan() {
                assert_eq!(
                    z[*n], "",
                    "{fall}: {s:?} {n}: nobody counselled, empty cell"
                );
                continue;
            }
            let ist: f64 = z[*n].parse().unwrap();
            assert!(
                (ist - r[i]).abs() <= 1e-9 * r[i].abs().max(1.0),
                "{fall}: {s:?} {n}: {ist} vs reference {}",
                r[i]
            );
        }
        gefunden.insert(s);
    }
    assert_eq!(gefunden.len(), e.kennzahlen.len(), "{fall}: figure rows");
    // Row order: Jobcenter, Geschäftsstellen, teams; units by name, the Klärungsfälle
    // („(nicht zugeordnet)“ and its teams, „(ohne Team)“ last among them) after the others
    // (SPEC §4); „alle“ first, then the groups in precedence order.
    let rang = |k: &(String, String, String, String)| {
        let ebene = ["gesamt", "geschaeftsstelle", "team"]
            .iter()
            .position(|x| *x == k.0)
            .unwrap();
        let gruppe = std::iter::once("alle")
            .chain(e.gruppen.iter().map(String::as_str))
            .position(|x| x == k.3)
            .unwrap();
        let klaerung = k.1 == "(nicht zugeordnet)";
        (
            ebene,
            klaerung,
            k.1.clone(),
            k.2 == "(ohne Team)",
            k.2.clone(),
            gruppe,
        )
    };
    let reihenfolge: Vec<_> = zahlen
        .iter()
        .map(|z| {
            rang(&(
                z["ebene"].clone(),
                z["geschaeftsstelle"].clone(),
                z["team"].clone(),
                z["kundengruppe"].clone(),
            ))
        })
        .collect();
    assert!(
        reihenfolge.windows(2).all(|w| w[0] < w[1]),
        "{fall}: kennzahlen.csv rows out of order"
    );
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ordner.join("protokoll.json")).unwrap()).unwrap();
    for (teil, werte) in [("kunden", &e.kunden), ("vermerke", &e.vermerke)] {
        for (k, v) in werte {
            assert_eq!(p[teil][*k].as_u64(), Some(*v), "{fall}: {teil}.{k}");
        }
    }
    let ab: BTreeSet<(String, u64)> = csv_lesen(&ordner.join("abgewiesen.csv"))
        .iter()
        .map(|z| (z["datei"].clone(), z["zeile"].parse().unwrap()))
        .collect();
    assert_eq!(ab, e.abgewiesen, "{fall}: rejected rows");
    crate::referenz_termine::vergleichen(ordner, &e.termine, fall);
}

/// A small xorshift for the case parameters (the cases must not depend on the crate's RNG).
fn zufall(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

/// Runs `faelle` generated exports through binary and reference. Sizes, months, history,
/// `--fehler`, `--vielfalt` and a mid-month Stichtag vary with the case number.
pub fn faelle(anzahl: u64, start: u64) {
    let mut x = 0x9E37_79B9_7F4A_7C15 ^ start;
    for fall in start..start + anzahl {
        let ein = tempdir();
        let aus = tempdir();
        let kunden = 20 + zufall(&mut x) % 400;
        let monate = 1 + zufall(&mut x) % 5;
        let history = zufall(&mut x) % 30;
        let von = format!(
            "{}-{:02}",
            2022 + zufall(&mut x) % 4,
            1 + zufall(&mut x) % 12
        );
        let mut gen = vec![
            "generate".to_string(),
            "--out".into(),
            ein.path().display().to_string(),
            "--customers".into(),
            kunden.to_string(),
            "--from".into(),
            von.clone(),
            "--months".into(),
            monate.to_string(),
            "--history".into(),
            history.to_string(),
            "--seed".into(),
            fall.to_string(),
        ];
        if fall % 3 != 0 {
            gen.push("--vielfalt".into());
        }
        if fall % 2 == 0 {
            gen.push("--fehler".into());
        }
        br(&gen).ok();
        let erster = NaiveDate::parse_from_str(&format!("{von}-01"), "%Y-%m-%d").unwrap();
        let nr = zufall(&mut x) % monate;
        let mut m = erster;
        for _ in 0..nr {
            m = m.checked_add_months(chrono::Months::new(1)).unwrap();
        }
        let monat = m.format("%Y-%m").to_string();
        let ende = m
            .checked_add_months(chrono::Months::new(1))
            .unwrap()
            .pred_opt()
            .unwrap();
        let mut args = vec![
            "run".to_string(),
            "--input".into(),
            ein.path().display().to_string(),
            "--month".into(),
            monat.clone(),
            "--out".into(),
            aus.path().display().to_string(),
        ];
        let stichtag = if fall % 3 == 1 {
            let d = m.with_day(1 + (zufall(&mut x) % 27) as u32).unwrap();
            args.extend(["--stichtag".into(), d.format("%d.%m.%Y").to_string()]);
            d
        } else {
            ende
        };
        let name = format!(
            "case {fall}: {kunden} customers from {von}, {monate} months, history {history}, \
             month {monat}, Stichtag {stichtag}"
        );
        let l = br(&args);
        // The embedded rules' only version took effect on 01.08.2022 (SPEC §3): an earlier
        // Stichtag has no version in force.
        if stichtag < NaiveDate::from_ymd_opt(2022, 8, 1).unwrap() {
            assert_eq!(l.status, 2, "{name}: no version in force");
            assert!(
                l.stderr.contains(
                    "keine Fassung in Kraft; die früheste, Version 1.2, gilt ab 01.08.2022"
                ),
                "{name}: {}",
                l.stderr
            );
            continue;
        }
        let e = erwarten(ein.path(), &monat, stichtag);
        if e.kunden.get("auswertungsbestand").copied().unwrap_or(0) == 0 {
            assert_eq!(l.status, 2, "{name}: empty population must stop the run");
            continue;
        }
        assert_eq!(l.status, 0, "{name}: {}", l.stderr);
        vergleichen(&aus.path().join(&monat), &e, &name);
    }
}

#[test]
fn the_binary_agrees_with_the_reference_on_generated_exports() {
    // A few dozen cases in CI; `REFERENZ_FAELLE=2000` for a soak (see README).
    let n = std::env::var("REFERENZ_FAELLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(36);
    let start = std::env::var("REFERENZ_START")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    faelle(n, start);
}

#[test]
fn the_reference_agrees_with_the_hand_computed_fixture() {
    // The model itself checked against fixtures/klein, whose figures were computed by hand
    // (tests/klein.rs): a reference that is wrong there is wrong everywhere.
    let e = erwarten(
        &crate::harness::root().join("fixtures/klein"),
        "2025-03",
        NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
    );
    assert_eq!(e.einzeldaten["A01"]["tage_seit_beratung"], "30");
    assert_eq!(e.einzeldaten["A02"]["kundengruppe"], "ue25_arbeitslos");
    assert_eq!(e.einzeldaten["A05"]["nie_beraten"], "true");
    let aus = tempdir();
    crate::harness::run(
        &crate::harness::root().join("fixtures/klein"),
        "2025-03",
        aus.path(),
        &[],
    )
    .ok();
    vergleichen(&aus.path().join("2025-03"), &e, "fixtures/klein");
}

//! The reference model of SPEC §3 "Appointments and no-show follow-up", sharing no code with
//! the crate: reads `termine.csv` of M and the notes itself, classifies every row, judges each
//! no-show against Bremen's working days (Easter from a table of published dates, not
//! computed) and predicts every row of `termintreue.csv`, the `termine` reconciliation and the
//! rejected rows of `termine.csv`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::referenz::{datum, flag, tabelle};

/// Easter Sundays as published (2015–2035).
const OSTERN: [(i32, u32, u32); 21] = [
    (2015, 4, 5),
    (2016, 3, 27),
    (2017, 4, 16),
    (2018, 4, 1),
    (2019, 4, 21),
    (2020, 4, 12),
    (2021, 4, 4),
    (2022, 4, 17),
    (2023, 4, 9),
    (2024, 3, 31),
    (2025, 4, 20),
    (2026, 4, 5),
    (2027, 3, 28),
    (2028, 4, 16),
    (2029, 4, 1),
    (2030, 4, 21),
    (2031, 4, 13),
    (2032, 3, 28),
    (2033, 4, 17),
    (2034, 4, 9),
    (2035, 3, 25),
];

/// Bremen's statutory holidays of a year.
fn feiertage_hb(j: i32) -> HashSet<NaiveDate> {
    let (_, om, ot) = OSTERN.iter().find(|o| o.0 == j).expect("year in table");
    let ostern = NaiveDate::from_ymd_opt(j, *om, *ot).unwrap();
    let d = |m, t| NaiveDate::from_ymd_opt(j, m, t).unwrap();
    let mut s: HashSet<NaiveDate> = [d(1, 1), d(5, 1), d(10, 3), d(12, 25), d(12, 26)].into();
    for n in [-2i64, 1, 39, 50] {
        s.insert(ostern + Duration::days(n));
    }
    if j >= 2017 {
        s.insert(d(10, 31));
    }
    s
}

fn werktag(d: NaiveDate) -> bool {
    d.weekday() != Weekday::Sat
        && d.weekday() != Weekday::Sun
        && !feiertage_hb(d.year()).contains(&d)
}

/// The deadline: the `n`-th working day after `t`.
pub fn frist(t: NaiveDate, n: u32) -> NaiveDate {
    let mut d = t;
    for _ in 0..n {
        d = d.succ_opt().unwrap();
        while !werktag(d) {
            d = d.succ_opt().unwrap();
        }
    }
    d
}

/// (ebene, geschaeftsstelle, team, kundengruppe).
type Zelle = (String, String, String, String);

/// What the reference expects of the appointments of one run.
#[derive(Default, Debug)]
pub struct Terminerwartung {
    /// (ebene, gs, team, gruppe) → [termine, w, n, a, offen, erfolgt, versäumt, frist offen]
    /// and the quotes [wahrgenommen, mit, ohne, nachfass, folgetermin].
    pub zahlen: BTreeMap<Zelle, ([u64; 8], [Option<f64>; 5])>,
    /// The reconciliation.
    pub bilanz: BTreeMap<&'static str, u64>,
    /// Rejected rows of termine.csv: (file, line).
    pub abgewiesen: BTreeSet<(String, u64)>,
}

/// One customer of the population as the appointment model needs it: unit and group.
pub struct Einordnung {
    pub gs: String,
    pub team: String,
    pub gruppe: String,
}

struct T {
    id: String,
    nr: String,
    d: NaiveDate,
    status: u8, // 0 w, 1 n, 2 a, 3 offen
    vereinbart: Option<NaiveDate>,
    erinnerung: bool,
}

/// `bestand`: Kundennummer → unit and group at S; `ordner` the month folders ≤ M in order.
pub fn erwarten(
    eingabe: &Path,
    monat: &str,
    s: NaiveDate,
    bestand: &HashMap<String, Einordnung>,
    ordner: &[String],
) -> Option<Terminerwartung> {
    let pfad = eingabe.join(monat).join("termine.csv");
    if !pfad.is_file() {
        return None;
    }
    let mut e = Terminerwartung::default();
    let mut ids = HashSet::new();
    let mut termine = Vec::new();
    let saetze = tabelle(&pfad);
    let kopf: HashSet<String> = saetze
        .iter()
        .find_map(|z| z.felder.as_ref().map(|f| f.keys().cloned().collect()))
        .unwrap_or_default();
    for z in saetze {
        *e.bilanz.entry("gelesen").or_insert(0) += 1;
        let t = z.felder.and_then(|f| {
            let g = |n: &str| f.get(n).cloned().unwrap_or_default();
            let (id, nr) = (g("termin-id"), g("kundennummer"));
            if id.is_empty() || nr.is_empty() {
                return None;
            }
            let d = datum(&g("termindatum"))?;
            let status = g("status").to_lowercase();
            let status = match status
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str()
            {
                "wahrgenommen" => 0,
                "nicht erschienen" | "nicht wahrgenommen" => 1,
                "abgesagt" => 2,
                "offen" => 3,
                _ => return None,
            };
            let vereinbart = match g("vereinbart am").as_str() {
                "" => None,
                w => Some(datum(w)?),
            };
            let erinnerung = flag(&g("erinnerung"))?;
            // Dauer (SPEC §2): empty, or whole minutes ≥ 0; anything else rejects the row.
            let dauer = g("dauer");
            if !dauer.bytes().all(|b| b.is_ascii_digit())
                || (!dauer.is_empty() && dauer.parse::<u32>().is_err())
            {
                return None;
            }
            Some(T {
                id,
                nr,
                d,
                status,
                vereinbart,
                erinnerung,
            })
        });
        match t.filter(|t| ids.insert(t.id.clone())) {
            None => {
                *e.bilanz.entry("abgewiesen").or_insert(0) += 1;
                e.abgewiesen
                    .insert((format!("{monat}/termine.csv"), z.zeile));
            }
            Some(t) => termine.push(t),
        }
    }
    let erster = NaiveDate::parse_from_str(&format!("{monat}-01"), "%Y-%m-%d").unwrap();
    // Phone notes of every folder ≤ M, dated ≤ S.
    let mut telefon: HashMap<String, Vec<NaiveDate>> = HashMap::new();
    for (nr, d, f) in crate::referenz::vermerke(eingabe, ordner) {
        let art = f.get("kontaktart").cloned().unwrap_or_default();
        if !nr.is_empty() && d <= s && art.to_lowercase() == "telefon" {
            telefon.entry(nr).or_default().push(d);
        }
    }
    let mit_erinnerung = kopf.contains("erinnerung");
    let mit_vereinbart = kopf.contains("vereinbart am");
    // Per cell: the appointments' facts.
    let mut zellen: BTreeMap<Zelle, Vec<[Option<u8>; 8]>> = BTreeMap::new();
    for t in &termine {
        let klasse = if t.d < erster {
            "vor_monat"
        } else if t.d > s {
            "nach_stichtag"
        } else if !bestand.contains_key(&t.nr) {
            "ohne_kunde_im_bestand"
        } else {
            "verwendet"
        };
        *e.bilanz.entry(klasse).or_insert(0) += 1;
        if klasse != "verwendet" {
            continue;
        }
        let k = &bestand[&t.nr];
        // Follow-up: 0 erfolgt, 1 versäumt, 2 offen.
        let nachfass = (t.status == 1).then(|| {
            let d = frist(t.d, 1);
            let anruf = telefon
                .get(&t.nr)
                .is_some_and(|v| v.iter().any(|x| *x >= t.d && *x <= d));
            if anruf {
                0
            } else if d > s {
                2
            } else {
                1
            }
        });
        let folge = (mit_vereinbart && t.status == 0).then(|| {
            u8::from(
                termine
                    .iter()
                    .any(|x| x.nr == t.nr && x.vereinbart == Some(t.d) && x.d > t.d),
            )
        });
        let fakten = [
            Some(t.status),
            nachfass,
            folge,
            mit_erinnerung.then_some(u8::from(t.erinnerung)),
            None,
            None,
            None,
            None,
        ];
        for g in ["alle".to_string(), k.gruppe.clone()] {
            for (ebene, gs, team) in [
                ("gesamt", "", ""),
                ("geschaeftsstelle", k.gs.as_str(), ""),
                ("team", k.gs.as_str(), k.team.as_str()),
            ] {
                zellen
                    .entry((ebene.into(), gs.into(), team.into(), g.clone()))
                    .or_default()
                    .push(fakten);
            }
        }
    }
    for k in [
        "abgewiesen",
        "vor_monat",
        "nach_stichtag",
        "ohne_kunde_im_bestand",
        "verwendet",
    ] {
        e.bilanz.entry(k).or_insert(0);
    }
    for (zelle, fakten) in zellen {
        let n =
            |f: &dyn Fn(&[Option<u8>; 8]) -> bool| fakten.iter().filter(|x| f(x)).count() as u64;
        let st = |s: u8| n(&|x| x[0] == Some(s));
        let nf = |s: u8| n(&|x| x[1] == Some(s));
        let quote = |z: u64, nenner: u64| (nenner > 0).then(|| z as f64 / nenner as f64);
        let mit = |r: u8, s: u8| n(&|x| x[3] == Some(r) && x[0] == Some(s));
        let (w, ne) = (st(0), st(1));
        e.zahlen.insert(
            zelle,
            (
                [w + ne + st(2), w, ne, st(2), st(3), nf(0), nf(1), nf(2)],
                [
                    quote(w, w + ne),
                    quote(mit(1, 0), mit(1, 0) + mit(1, 1)),
                    quote(mit(0, 0), mit(0, 0) + mit(0, 1)),
                    quote(nf(0), nf(0) + nf(1)),
                    quote(n(&|x| x[2] == Some(1)), n(&|x| x[2].is_some())),
                ],
            ),
        );
    }
    Some(e)
}

/// Compares `termintreue.csv` and the record of a month folder with the reference.
pub fn vergleichen(ordner: &Path, e: &Option<Terminerwartung>, fall: &str) {
    let pfad = ordner.join("termintreue.csv");
    let Some(e) = e else {
        assert!(
            !pfad.exists(),
            "{fall}: termintreue.csv without termine.csv"
        );
        return;
    };
    let zeilen = crate::harness::csv_lesen(&pfad);
    let mut gesehen = 0;
    for z in &zeilen {
        let s = (
            z["ebene"].clone(),
            z["geschaeftsstelle"].clone(),
            z["team"].clone(),
            z["kundengruppe"].clone(),
        );
        let (anzahl, quoten) = e
            .zahlen
            .get(&s)
            .unwrap_or_else(|| panic!("{fall}: unexpected termintreue row {s:?}"));
        for (i, n) in [
            "termine",
            "wahrgenommen",
            "nicht_erschienen",
            "abgesagt",
            "ohne_ergebnis",
            "nachfass_erfolgt",
            "nachfass_versaeumt",
            "nachfass_offen",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(
                z[*n].parse::<u64>().unwrap(),
                anzahl[i],
                "{fall}: {s:?} {n}"
            );
        }
        for (i, n) in [
            "quote_wahrgenommen",
            "quote_mit_erinnerung",
            "quote_ohne_erinnerung",
            "nachfass_quote",
            "quote_folgetermin",
        ]
        .iter()
        .enumerate()
        {
            match quoten[i] {
                None => assert_eq!(z[*n], "", "{fall}: {s:?} {n}"),
                Some(q) => {
                    let ist: f64 = z[*n].parse().unwrap();
                    assert!((ist - q).abs() < 1e-12, "{fall}: {s:?} {n}: {ist} vs {q}");
                }
            }
        }
        gesehen += 1;
    }
    assert_eq!(gesehen, e.zahlen.len(), "{fall}: termintreue rows");
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ordner.join("protokoll.json")).unwrap()).unwrap();
    for (k, v) in &e.bilanz {
        assert_eq!(p["termine"][*k].as_u64(), Some(*v), "{fall}: termine.{k}");
    }
}

#[test]
fn the_reference_calendar_knows_easter_and_christmas() {
    let d = |j, m, t| NaiveDate::from_ymd_opt(j, m, t).unwrap();
    assert_eq!(frist(d(2026, 4, 2), 1), d(2026, 4, 7));
    assert_eq!(frist(d(2026, 12, 24), 1), d(2026, 12, 28));
    assert_eq!(
        frist(d(2025, 10, 30), 1),
        d(2025, 11, 3),
        "Reformationstag 2025 is a Friday"
    );
}

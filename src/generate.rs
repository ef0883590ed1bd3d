//! `beratungsreport generate`: synthetic VerBIS-style export folders in exactly the SPEC §2
//! format, for demos, tests and benchmarks. Deterministic for a given seed (ChaCha8, whose
//! output is stable across versions), so a committed demo can be re-made bit for bit.
//!
//! The data are shaped like a real Jobcenter's: several Geschäftsstellen with teams and IFKs,
//! all five customer groups, turnover (entries and exits every month), most customers
//! counselled within their interval, some overdue, some never counselled, qualifying and
//! other note types, monthly note extracts that overlap by a few days, and the formats
//! exports arrive in (UTF-8 with BOM and CRLF, Windows-1252, German and ISO dates, quoted
//! fields). With `--fehler` a few bad rows of each kind are mixed in.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Ergebnis, Fehler};
use crate::ingest::folders::Monat;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Vorgabe {
    /// Target folder (month folders are created inside).
    pub ziel: PathBuf,
    /// Approximate customer stock per month.
    pub kunden: usize,
    /// First month folder.
    pub von: Monat,
    /// Number of month folders.
    pub monate: u32,
    /// Months of note history before `von`, all in the first extract.
    pub vorlauf: u32,
    /// Random seed.
    pub seed: u64,
    /// Mix in bad rows.
    pub fehler: bool,
}

struct Team {
    code: String,
    name: String,
    gs: &'static str,
    ifks: Vec<(String, f64)>,
}

struct Kunde {
    nr: String,
    geburt: NaiveDate,
    av: &'static str,
    bb: &'static str,
    zugang: NaiveDate,
    abgang: Option<NaiveDate>,
    fm: bool,
    massnahme: Option<(NaiveDate, NaiveDate)>,
    schule: bool,
    sperre: bool,
    team: String,
    ifk: String,
}

/// A generated note; the author is the customer's IFK (kept small: a region has 45M notes).
struct Vermerk {
    kunde: u32,
    datum: NaiveDate,
    typ: &'static str,
    kontakt: &'static str,
}

const GESCHAEFTSSTELLEN: [&str; 5] = [
    "Bremen-Mitte",
    "Bremen-Nord",
    "Bremen-Ost",
    "Bremen-Süd",
    "Bremen-West",
];
const NACHNAMEN: [&str; 12] = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weiß",
    "Meyer",
    "Wagner",
    "Becker",
    "Schäfer",
    "Koch",
    "Öztürk",
    "Richter",
];

fn ausgabefehler(pfad: &Path) -> impl FnOnce(std::io::Error) -> Fehler + '_ {
    move |ursache| Fehler::Ausgabe {
        pfad: pfad.to_path_buf(),
        ursache,
    }
}

fn tag(rng: &mut ChaCha8Rng, von: NaiveDate, bis: NaiveDate) -> NaiveDate {
    let n = (bis - von).num_days().max(0);
    von + Duration::days(rng.random_range(0..=n))
}

fn alter_bei(geburt: NaiveDate, d: NaiveDate) -> i32 {
    crate::rules::gruppen::alter(geburt, d)
}

/// Writes the export folders; returns the number of customers and notes generated.
pub fn erzeugen(v: &Vorgabe) -> Ergebnis<(usize, usize)> {
    let mut rng = ChaCha8Rng::seed_from_u64(v.seed);
    let letzter = v.von.plus(v.monate as i32 - 1);
    let ende = letzter.letzter_tag();
    let start = v.von.erster_tag();
    let history_start = (0..v.vorlauf).fold(start, |d, _| d - Duration::days(30));

    // Organisation: 5 Geschäftsstellen with 3–5 teams each; the first team of each is U25.
    let mut teams = Vec::new();
    for (i, gs) in GESCHAEFTSSTELLEN.iter().enumerate() {
        let n = rng.random_range(3..=5);
        for j in 1..=n {
            let code = format!("6{}{}", i + 1, j);
            let name = if j == 1 {
                "U25; Ausbildung und Beruf".to_string()
            } else {
                format!("Markt & Integration {}", j - 1)
            };
            let ifks = (1..=rng.random_range(5..=9))
                .map(|k| {
                    let anteil = [1.0, 1.0, 1.0, 0.75, 0.5][rng.random_range(0..5)];
                    (format!("IFK{code}{k:02}"), anteil)
                })
                .collect();
            teams.push(Team {
                code,
                name,
                gs,
                ifks,
            });
        }
    }

    // Customers: the initial stock plus monthly entries; exits at ~2.5 % a month.
    let monate_gesamt = v.monate as usize;
    let neu_je_monat = (v.kunden as f64 * 0.025).round() as usize;
    let anzahl = v.kunden + neu_je_monat * monate_gesamt;
    let mut kunden = Vec::with_capacity(anzahl);
    for idx in 0..anzahl {
        let zugang = if idx < v.kunden {
            tag(
                &mut rng,
                start - Duration::days(8 * 365),
                start - Duration::days(1),
            )
        } else {
            let m = (idx - v.kunden) / neu_je_monat.max(1);
            let monat = v.von.plus(m as i32);
            tag(&mut rng, monat.erster_tag(), monat.letzter_tag())
        };
        let alter_bei_zugang = if rng.random_bool(0.35) {
            rng.random_range(15..25)
        } else {
            rng.random_range(25..63)
        };
        let geburt = tag(
            &mut rng,
            zugang - Duration::days(365 * (alter_bei_zugang + 1) - 1),
            zugang - Duration::days(365 * alter_bei_zugang),
        );
        let av = match rng.random_range(0..100) {
            0..45 => "Arbeitslos",
            45..85 => "Arbeitsuchend",
            _ => "Status nicht gesetzt",
        };
        let jung = alter_bei(geburt, ende) < 25;
        let bb = if jung && rng.random_bool(0.3) {
            if rng.random_bool(0.1) {
                "Ausbildungssuchend"
            } else {
                "Ausbildungsuchend"
            }
        } else {
            ""
        };
        // Exit: exponential with ~2.5 % a month; only after entry.
        let abgang = {
            let monate: f64 = -(1.0 - rng.random::<f64>()).ln() / 0.025;
            let d = zugang + Duration::days((monate * 30.4) as i64 + 1);
            (d <= ende + Duration::days(60))
                .then_some(d)
                .filter(|d| *d > start - Duration::days(31))
        };
        let massnahme = rng.random_bool(0.2).then(|| {
            let a = tag(&mut rng, start - Duration::days(180), ende);
            (a, a + Duration::days(rng.random_range(60..270)))
        });
        let team = match rng.random_range(0..1000) {
            0..10 => String::new(),
            10..15 => "699".to_string(),
            _ => teams[if jung && rng.random_bool(0.6) {
                // U25 customers mostly sit in a U25 team.
                let u25: Vec<usize> = (0..teams.len())
                    .filter(|&t| teams[t].code.ends_with('1'))
                    .collect();
                u25[rng.random_range(0..u25.len())]
            } else {
                rng.random_range(0..teams.len())
            }]
            .code
            .clone(),
        };
        let ifk = teams
            .iter()
            .find(|t| t.code == team)
            .map(|t| t.ifks[rng.random_range(0..t.ifks.len())].0.clone())
            .unwrap_or_default();
        kunden.push(Kunde {
            nr: format!("{:03}D{:06}", rng.random_range(100..1000), idx + 1),
            geburt,
            av,
            bb,
            zugang,
            abgang,
            fm: rng.random_bool(0.06),
            massnahme,
            schule: alter_bei(geburt, ende) < 18 && rng.random_bool(0.5),
            sperre: rng.random_bool(0.005),
            team,
            ifk,
        });
    }
    // Customers who already left before the first month never appear; keep the vector whole
    // so indices stay stable, and filter per snapshot.

    // Notes.
    let mut vermerke = Vec::new();
    for (i, k) in kunden.iter().enumerate() {
        let bis = k.abgang.map_or(ende + Duration::days(3), |a| {
            a.min(ende + Duration::days(3))
        });
        let von = k.zugang.max(history_start);
        if von > bis {
            continue;
        }
        let intervall =
            if alter_bei(k.geburt, k.zugang) < 25 && (k.av == "Arbeitslos" || !k.bb.is_empty()) {
                30.0
            } else if k.av == "Arbeitslos" {
                90.0
            } else {
                180.0
            };
        let verhalten = rng.random_range(0..100);
        if verhalten >= 2 {
            let (lo, hi) = match verhalten {
                2..72 => (0.4 * intervall, 1.05 * intervall),
                72..92 => (0.9 * intervall, 2.0 * intervall),
                _ => (200.0, 500.0),
            };
            let mut d = if k.zugang >= history_start {
                k.zugang + Duration::days(rng.random_range(7..46))
            } else {
                von + Duration::days(rng.random_range(0..hi as i64))
            };
            while d <= bis {
                let typ = match rng.random_range(0..100) {
                    0..80 => "Beratungsvermerk",
                    80..92 => "Beratungsvermerk zur Standortbestimmung",
                    _ if k.fm => "Fallmanagement",
                    _ => "Beratungsvermerk",
                };
                let kontakt = match rng.random_range(0..100) {
                    0..65 => "Persönlich",
                    65..75 => "Video",
                    _ => "Telefon",
                };
                vermerke.push(Vermerk {
                    kunde: i as u32,
                    datum: d,
                    typ,
                    kontakt,
                });
                d += Duration::days(rng.random_range(lo as i64..=hi as i64).max(1));
            }
        }
        // Other contacts, about one a month.
        let tage = (bis - von).num_days();
        for _ in 0..(tage as f64 / 30.4).round() as usize {
            let (typ, kontakt) = match rng.random_range(0..5) {
                0 => ("Telefonvermerk", "Telefon"),
                1 => ("Allgemeiner Vermerk", ""),
                2 => ("Vermittlungsvorschlag", "Schriftlich"),
                3 => ("Einladung", "Schriftlich"),
                _ => ("Eingliederungsvereinbarung", "Persönlich"),
            };
            vermerke.push(Vermerk {
                kunde: i as u32,
                datum: tag(&mut rng, von, bis),
                typ,
                kontakt,
            });
        }
    }
    vermerke.sort_by_key(|a| (a.datum, a.kunde));

    std::fs::create_dir_all(&v.ziel).map_err(ausgabefehler(&v.ziel))?;
    let mut monat = v.von;
    for m in 0..v.monate {
        let ordner = v.ziel.join(monat.to_string());
        std::fs::create_dir_all(&ordner).map_err(ausgabefehler(&ordner))?;
        let stichtag = monat.letzter_tag();
        schreiben(&ordner.join("organisation.csv"), &organisation_csv(&teams))?;
        schreiben(
            &ordner.join("personal.csv"),
            personal_csv(&teams).as_bytes(),
        )?;
        schreiben(
            &ordner.join("kunden.csv"),
            kunden_csv(&kunden, stichtag, v.fehler, &mut rng).as_bytes(),
        )?;
        let von = if m == 0 {
            NaiveDate::MIN
        } else {
            monat.erster_tag()
        };
        // Extracts are made a few days into the next month: they hold the first days of it too,
        // which the next extract repeats (overlap changes no figure).
        let bis = stichtag + Duration::days(3);
        let pfad = ordner.join("vermerke.csv");
        let datei = std::fs::File::create(&pfad).map_err(ausgabefehler(&pfad))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, datei);
        // Notes are sorted by date: the month's extract is one contiguous slice.
        let a = vermerke.partition_point(|x| x.datum < von);
        let b = vermerke.partition_point(|x| x.datum <= bis);
        vermerke_schreiben(&mut w, &kunden, &vermerke[a..b], v.fehler, m)
            .and_then(|()| w.flush())
            .map_err(ausgabefehler(&pfad))?;
        monat = monat.folgemonat();
    }
    Ok((kunden.len(), vermerke.len()))
}

fn schreiben(pfad: &Path, inhalt: &[u8]) -> Ergebnis<()> {
    std::fs::write(pfad, inhalt).map_err(ausgabefehler(pfad))
}

fn ja(b: bool) -> &'static str {
    if b {
        "Ja"
    } else {
        "Nein"
    }
}

/// organisation.csv in Windows-1252, as after a round trip through Excel.
fn organisation_csv(teams: &[Team]) -> Vec<u8> {
    let mut s = String::from("Team;Teamname;Geschäftsstelle\r\n");
    for t in teams {
        let _ = write!(s, "{};\"{}\";{}\r\n", t.code, t.name, t.gs);
    }
    encoding_rs::WINDOWS_1252.encode(&s).0.into_owned()
}

fn personal_csv(teams: &[Team]) -> String {
    let mut s = String::from("IFK;Name;Team;Stellenanteil\n");
    for (i, t) in teams.iter().enumerate() {
        for (j, (ifk, anteil)) in t.ifks.iter().enumerate() {
            let name = NACHNAMEN[(i * 7 + j) % NACHNAMEN.len()];
            let _ = writeln!(
                s,
                "{ifk};{name};{};{}",
                t.code,
                anteil.to_string().replace('.', ",")
            );
        }
    }
    s
}

/// kunden.csv of one month: UTF-8 with BOM, CRLF, German dates; customers who entered by the
/// end of the month and had not left before its start (plus a few entries of the next days).
fn kunden_csv(kunden: &[Kunde], stichtag: NaiveDate, fehler: bool, rng: &mut ChaCha8Rng) -> String {
    let mut s = String::from(
        "\u{feff}Kundennummer;Geburtsdatum;Kundenstatus AV;Kundenstatus BB;Zugangsdatum;Abgangsdatum;\
         Fallmanagement;Maßnahmeteilnahme;Vollzeitschulpflicht;Sperrkennzeichen;Team;IFK\r\n",
    );
    let monatsanfang = Monat::von_datum(stichtag).erster_tag();
    let d = |x: NaiveDate| x.format("%d.%m.%Y").to_string();
    let mut erster: Option<&str> = None;
    for k in kunden {
        let sichtbar =
            k.zugang <= stichtag + Duration::days(5) && k.abgang.is_none_or(|a| a >= monatsanfang);
        if !sichtbar {
            continue;
        }
        let abgang = k.abgang.filter(|a| *a <= stichtag + Duration::days(20));
        let massnahme = k
            .massnahme
            .is_some_and(|(a, b)| a <= stichtag && stichtag <= b);
        erster.get_or_insert(&k.nr);
        let _ = write!(
            s,
            "{};{};{};{};{};{};{};{};{};{};{};{}\r\n",
            k.nr,
            d(k.geburt),
            k.av,
            k.bb,
            d(k.zugang),
            abgang.map(d).unwrap_or_default(),
            ja(k.fm),
            if massnahme { "J" } else { "" },
            ja(k.schule),
            if k.sperre { "Ja" } else { "" },
            k.team,
            k.ifk
        );
    }
    if fehler {
        let _ = write!(
            s,
            ";01.01.1990;Arbeitslos;;01.01.2020;;Nein;;Nein;;611;IFK61101\r\n"
        );
        let _ = write!(
            s,
            "999D{:06};31.02.1990;Arbeitslos;;01.01.2020;;Nein;;Nein;;611;IFK61101\r\n",
            rng.random_range(0..1_000_000)
        );
        let _ = write!(
            s,
            "999D000002;01.01.1990;Arbeitslos;;01.01.2020;;vielleicht;;Nein;;611;IFK61101\r\n"
        );
        if let Some(nr) = erster {
            // A second row for a customer already listed: rejected, the first row counts.
            let _ = write!(
                s,
                "{nr};01.01.1985;Arbeitsuchend;;01.01.2021;;Nein;;Nein;;612;IFK61201\r\n"
            );
        }
    }
    s
}

/// vermerke.csv of one month: UTF-8 without BOM, ISO dates; written straight to the file
/// (a region's extract is gigabytes).
fn vermerke_schreiben(
    w: &mut impl std::io::Write,
    kunden: &[Kunde],
    vermerke: &[Vermerk],
    fehler: bool,
    m: u32,
) -> std::io::Result<()> {
    writeln!(
        w,
        "Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart;Ersteller"
    )?;
    for v in vermerke {
        let k = &kunden[v.kunde as usize];
        let ersteller = if k.ifk.is_empty() { "IFK000" } else { &k.ifk };
        writeln!(
            w,
            "{};{};{};{};{ersteller}",
            k.nr, v.datum, v.typ, v.kontakt
        )?;
    }
    if fehler {
        writeln!(w, ";2025-01-15;Beratungsvermerk;Persönlich;IFK61101")?;
        let nr = &kunden[m as usize % kunden.len().max(1)].nr;
        writeln!(w, "{nr};2025-02-30;Beratungsvermerk;Persönlich;IFK61101")?;
        writeln!(w, "{};15.01.2025", kunden[0].nr)?;
    }
    Ok(())
}

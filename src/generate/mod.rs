//! `beratungsreport generate`: synthetic VerBIS-style export folders in exactly the SPEC §2
//! format, for demos, tests and benchmarks. Deterministic for a given seed (ChaCha8, whose
//! output is stable across versions), so a committed demo can be re-made bit for bit.
//!
//! The data are shaped like a real Jobcenter's: several Geschäftsstellen with teams and IFKs,
//! all five customer groups, turnover (entries and exits every month), most customers
//! counselled within their interval, some overdue, some never counselled, qualifying and
//! other note types, monthly note extracts that overlap by a few days, and the formats
//! exports arrive in (UTF-8 with BOM and CRLF, Windows-1252, German and ISO dates, quoted
//! fields). With `--fehler` a few bad rows of each kind are mixed in. With `--vielfalt` every
//! file of every month gets a format of its own (quoting, line ends, encoding, date style,
//! header case, column order), a team moves to another Geschäftsstelle half way, and about one
//! note in fifty reaches controlling only with the extract two months later: the variety of
//! exports from systems nobody here controls. The format choices use a random stream of their
//! own, so the data of a seed are the same with and without it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Ergebnis, Fehler};
use crate::ingest::folders::Monat;

mod modell;
mod stil;
mod termine;
mod vorgabe;

use modell::{Kunde, Team, Vermerk};
use stil::Stil;
pub use vorgabe::Vorgabe;

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
    let history_start = (0..v.historie).fold(start, |d, _| d - Duration::days(30));
    let mut teams = teams_erzeugen(&mut rng);
    // Customers: the initial stock plus monthly entries; exits at ~2.5 % a month.
    let neu_je_monat = (v.kunden as f64 * 0.025).round() as usize;
    let anzahl = v.kunden + neu_je_monat * v.monate as usize;
    let mut kunden: Vec<Kunde> = (0..anzahl)
        .map(|idx| kunde_erzeugen(&mut rng, idx, v, &teams, (start, ende)))
        .collect();
    besetzen(&mut rng, &mut teams, &mut kunden, ende);
    // Customers who already left before the first month never appear; keep the vector whole
    // so indices stay stable, and filter per snapshot.
    let mut vermerke = Vec::new();
    for (i, k) in kunden.iter().enumerate() {
        vermerke_erzeugen(&mut rng, (i, k), (history_start, ende), &mut vermerke);
    }
    let termine = if v.termine {
        termine::erzeugen(&kunden, v.seed, start, ende, &mut vermerke)
    } else {
        Vec::new()
    };
    // A real extract lists notes as they were made: by date, and within a day by note id,
    // customers interleaved. The note id is stood in for by a mix of customer and day
    // (stable sort: one customer's notes of a day keep their order).
    vermerke.sort_by_key(|a| (a.datum, notiz_id(a.kunde, a.datum)));

    std::fs::create_dir_all(&v.ziel).map_err(ausgabefehler(&v.ziel))?;
    let mut monat = v.von;
    for m in 0..v.monate {
        let daten = Erzeugt {
            teams: &teams,
            kunden: &kunden,
            vermerke: &vermerke,
            termine: &termine,
        };
        monat_schreiben(v, (m, monat), &daten, &mut rng)?;
        monat = monat.folgemonat();
    }
    Ok((kunden.len(), vermerke.len()))
}

/// A stand-in for the note id within a day: customer and day mixed (splitmix64's finaliser),
/// so a day's notes come in no customer order, as in a real extract.
fn notiz_id(kunde: u32, datum: NaiveDate) -> u64 {
    use chrono::Datelike;
    let mut z = (u64::from(kunde) << 32 | datum.num_days_from_ce() as u32 as u64)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Everything generated, before it is written month by month.
struct Erzeugt<'a> {
    teams: &'a [Team],
    kunden: &'a [Kunde],
    /// Sorted by date.
    vermerke: &'a [Vermerk],
    termine: &'a [termine::Termin],
}

/// Customers per full-time IFK post on the last Stichtag: 1:95 in U25 teams and 1:130 over
/// 25, inside the 1:75–1:150 Jobcenters report, with room for the stock's growth over the
/// months generated (about 15 %: the first month's caseloads are a little lower).
const BETREUUNGSSCHLUESSEL_U25: f64 = 95.0;
const BETREUUNGSSCHLUESSEL_UE25: f64 = 130.0;

/// Organisation: 5 Geschäftsstellen with 2–4 teams each; the first team of each is U25. The
/// teams are staffed by [`besetzen`] once their customers are drawn.
fn teams_erzeugen(rng: &mut ChaCha8Rng) -> Vec<Team> {
    let groessen: Vec<usize> = GESCHAEFTSSTELLEN
        .iter()
        .map(|_| rng.random_range(2..=4))
        .collect();
    let mut teams = Vec::new();
    for (i, gs) in GESCHAEFTSSTELLEN.iter().enumerate() {
        for j in 1..=groessen[i] {
            let name = if j == 1 {
                "U25; Ausbildung und Beruf".to_string()
            } else {
                format!("Markt & Integration {}", j - 1)
            };
            teams.push(Team {
                code: format!("6{}{}", i + 1, j),
                name,
                gs,
                ifks: Vec::new(),
            });
        }
    }
    teams
}

/// Whether a team serves the under-25s (the first team of each Geschäftsstelle).
fn u25_team(t: &Team) -> bool {
    t.code.ends_with('1')
}

/// Staffs each team for the customers it holds on `ende` at the caseloads above: posts in
/// quarter steps (at least half a post), IFKs of 1.0, 0.75 or 0.5 of a post; then gives
/// every customer an IFK of its team, drawn by post share (a part-time IFK holds fewer).
fn besetzen(rng: &mut ChaCha8Rng, teams: &mut [Team], kunden: &mut [Kunde], ende: NaiveDate) {
    for t in teams.iter_mut() {
        let bestand = kunden
            .iter()
            .filter(|k| k.team == t.code && k.zugang <= ende && k.abgang.is_none_or(|a| a > ende))
            .count();
        let schluessel = if u25_team(t) {
            BETREUUNGSSCHLUESSEL_U25
        } else {
            BETREUUNGSSCHLUESSEL_UE25
        };
        let mut rest = ((bestand as f64 / schluessel * 4.0).round() / 4.0).max(0.5);
        let mut k = 1;
        while rest > 0.0 {
            let anteil = if rest <= 1.0 {
                rest
            } else {
                // Never leave less than half a post for the last IFK.
                let a: f64 = [1.0, 1.0, 1.0, 0.75, 0.5][rng.random_range(0..5)];
                if rest - a < 0.5 {
                    rest - 0.5
                } else {
                    a
                }
            };
            t.ifks.push((format!("IFK{}{k:02}", t.code), anteil));
            rest -= anteil;
            k += 1;
        }
    }
    for kunde in kunden.iter_mut() {
        let Some(t) = teams.iter().find(|t| t.code == kunde.team) else {
            continue;
        };
        let summe: f64 = t.ifks.iter().map(|(_, a)| a).sum();
        let mut x = rng.random::<f64>() * summe;
        kunde.ifk = t
            .ifks
            .iter()
            .find(|(_, a)| {
                x -= a;
                x < 0.0
            })
            .unwrap_or(&t.ifks[t.ifks.len() - 1])
            .0
            .clone();
    }
}

/// Customer `idx`: the first `v.kunden` are the initial stock, the rest enter month by month.
fn kunde_erzeugen(
    rng: &mut ChaCha8Rng,
    idx: usize,
    v: &Vorgabe,
    teams: &[Team],
    (start, ende): (NaiveDate, NaiveDate),
) -> Kunde {
    let neu_je_monat = (v.kunden as f64 * 0.025).round() as usize;
    let zugang = if idx < v.kunden {
        tag(
            rng,
            start - Duration::days(8 * 365),
            start - Duration::days(1),
        )
    } else {
        let m = (idx - v.kunden) / neu_je_monat.max(1);
        let monat = v.von.plus(m as i32);
        tag(rng, monat.erster_tag(), monat.letzter_tag())
    };
    let alter_bei_zugang = if rng.random_bool(0.35) {
        rng.random_range(15..25)
    } else {
        rng.random_range(25..63)
    };
    let geburt = tag(
        rng,
        zugang - Duration::days(365 * (alter_bei_zugang + 1) - 1),
        zugang - Duration::days(365 * alter_bei_zugang),
    );
    let av = match rng.random_range(0..100) {
        0..45 => "Arbeitslos",
        45..85 => "Arbeitsuchend",
        _ => "Status nicht gesetzt",
    };
    let jung = alter_bei(geburt, ende) < 25;
    let bb = if jung && rng.random_bool(0.5) {
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
        let a = tag(rng, start - Duration::days(180), ende);
        (a, a + Duration::days(rng.random_range(60..270)))
    });
    let team = team_ziehen(rng, teams, jung);
    Kunde {
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
        // Drawn by `besetzen` once the teams are staffed.
        ifk: String::new(),
    }
}

/// The customer's team code: 1 % none, 0.5 % a code organisation.csv does not know, else a
/// team — the young (under 25 on the last Stichtag) nearly all in a U25 team, the others
/// nearly all in a team over 25 (a few who turned 25 stay with their U25 team).
fn team_ziehen(rng: &mut ChaCha8Rng, teams: &[Team], jung: bool) -> String {
    match rng.random_range(0..1000) {
        0..10 => String::new(),
        10..15 => "699".to_string(),
        _ => {
            let u25 = if jung {
                rng.random_bool(0.95)
            } else {
                rng.random_bool(0.03)
            };
            let passend: Vec<&Team> = teams.iter().filter(|t| u25_team(t) == u25).collect();
            passend[rng.random_range(0..passend.len())].code.clone()
        }
    }
}

/// The notes of customer `i` from its entry (or the history's start) to its exit (or a few
/// days past the last month): counselling at its group's pace (most on time, some late, a
/// few never) and about one other contact a month.
fn vermerke_erzeugen(
    rng: &mut ChaCha8Rng,
    (i, k): (usize, &Kunde),
    (history_start, ende): (NaiveDate, NaiveDate),
    vermerke: &mut Vec<Vermerk>,
) {
    let bis = k.abgang.map_or(ende + Duration::days(3), |a| {
        a.min(ende + Duration::days(3))
    });
    let von = k.zugang.max(history_start);
    if von > bis {
        return;
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
            datum: tag(rng, von, bis),
            typ,
            kontakt,
        });
    }
}

/// Writes month folder `m` (`monat`): organisation, staff, customers, the notes extract and
/// the calendar, each in the month's style.
fn monat_schreiben(
    v: &Vorgabe,
    (m, monat): (u32, Monat),
    d: &Erzeugt<'_>,
    rng: &mut ChaCha8Rng,
) -> Ergebnis<()> {
    let (teams, kunden, termine) = (d.teams, d.kunden, d.termine);
    let ordner = v.ziel.join(monat.to_string());
    std::fs::create_dir_all(&ordner).map_err(ausgabefehler(&ordner))?;
    let stichtag = monat.letzter_tag();
    let mut stil_rng = ChaCha8Rng::seed_from_u64(v.seed ^ 0x5EED_F0F0_0000_0000 ^ u64::from(m));
    // Half way a team moves to another Geschäftsstelle (the organisation of month M
    // decides, SPEC §3).
    let umzug = (v.vielfalt && m > 0 && m >= v.monate / 2).then_some((teams.len() - 1, 0));
    schreiben(
        &ordner.join("organisation.csv"),
        &organisation_csv(
            teams,
            umzug,
            v.vielfalt.then(|| Stil::zufaellig(&mut stil_rng)),
        ),
    )?;
    schreiben(&ordner.join("personal.csv"), personal_csv(teams).as_bytes())?;
    let kunden_stil = if v.vielfalt {
        Stil::zufaellig(&mut stil_rng)
    } else {
        Stil::KUNDEN
    };
    schreiben(
        &ordner.join("kunden.csv"),
        &kunden_csv(kunden, stichtag, v.fehler, rng, &kunden_stil),
    )?;
    vermerkauszug_schreiben(v, (m, monat), &ordner, d, &mut stil_rng)?;
    // Drawn last, so the other files keep the formats they had before appointments.
    let termin_stil = if v.vielfalt {
        Stil::zufaellig(&mut stil_rng)
    } else {
        Stil::TERMINE
    };
    if v.termine {
        schreiben(
            &ordner.join("termine.csv"),
            &termine::termine_csv(termine, kunden, monat, &termin_stil, v.vielfalt, v.fehler),
        )?;
    }
    Ok(())
}

/// The notes extract of month folder `m`: the notes up to a few days past the month; with
/// variety, some notes arrive late (two extracts on) and the style changes per month.
fn vermerkauszug_schreiben(
    v: &Vorgabe,
    (m, monat): (u32, Monat),
    ordner: &Path,
    d: &Erzeugt<'_>,
    stil_rng: &mut ChaCha8Rng,
) -> Ergebnis<()> {
    let (kunden, vermerke) = (d.kunden, d.vermerke);
    let stichtag = monat.letzter_tag();
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
    let ergebnis = if v.vielfalt {
        // Late notes leave their own extract and come with the one two months on.
        let spaet = |i: usize| {
            (i as u64)
                .wrapping_mul(2_654_435_761)
                .wrapping_add(v.seed)
                .is_multiple_of(50)
        };
        let lieferung =
            |x: &Vermerk| (Monat::von_datum(x.datum).nummer() - v.von.nummer()).max(0) + 2;
        let auswahl: Vec<&Vermerk> = vermerke
            .iter()
            .enumerate()
            .filter(|(i, x)| {
                let regulaer = x.datum >= von && x.datum <= bis;
                if spaet(*i) {
                    lieferung(x) == m as i32
                } else {
                    regulaer
                }
            })
            .map(|(_, x)| x)
            .collect();
        let stil = Stil::zufaellig(stil_rng);
        let auswahl = ordnen(auswahl, v.nach_kunde);
        vermerke_schreiben(&mut w, kunden, auswahl.into_iter(), v.fehler, m, &stil)
    } else {
        let auswahl = ordnen(vermerke[a..b].iter().collect(), v.nach_kunde);
        vermerke_schreiben(
            &mut w,
            kunden,
            auswahl.into_iter(),
            v.fehler,
            m,
            &Stil::VERMERKE,
        )
    };
    ergebnis
        .and_then(|()| w.flush())
        .map_err(ausgabefehler(&pfad))?;
    Ok(())
}

/// The extract's notes as made (by date, as given), or grouped per customer (`nach_kunde`:
/// customers in generation order, each customer's by date).
fn ordnen(mut auswahl: Vec<&Vermerk>, nach_kunde: bool) -> Vec<&Vermerk> {
    if nach_kunde {
        auswahl.sort_by_key(|x| (x.kunde, x.datum));
    }
    auswahl
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

/// organisation.csv: by default Windows-1252 with CRLF and the team name quoted, as after a
/// round trip through Excel. `umzug` = (team index, Geschäftsstelle index): that team belongs
/// to another Geschäftsstelle this month.
fn organisation_csv(teams: &[Team], umzug: Option<(usize, usize)>, stil: Option<Stil>) -> Vec<u8> {
    let gs = |i: usize| match umzug {
        Some((team, gs)) if team == i => GESCHAEFTSSTELLEN[gs],
        _ => teams[i].gs,
    };
    let Some(stil) = stil else {
        // Every team name quoted, as the committed demo has it.
        let mut s = String::from("Team;Teamname;Geschäftsstelle\r\n");
        for (i, t) in teams.iter().enumerate() {
            let _ = write!(s, "{};\"{}\";{}\r\n", t.code, t.name, gs(i));
        }
        return encoding_rs::WINDOWS_1252.encode(&s).0.into_owned();
    };
    let zeilen = teams
        .iter()
        .enumerate()
        .map(|(i, t)| vec![t.code.clone(), t.name.clone(), gs(i).to_string()]);
    let mut aus = Vec::new();
    stil.tabelle(&mut aus, &["Team", "Teamname", "Geschäftsstelle"], zeilen)
        .expect("writing to memory");
    aus
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

/// kunden.csv of one month (by default UTF-8 with BOM, CRLF, German dates): customers who
/// entered by the end of the month and had not left before its start (plus a few entries of
/// the next days).
fn kunden_csv(
    kunden: &[Kunde],
    stichtag: NaiveDate,
    fehler: bool,
    rng: &mut ChaCha8Rng,
    stil: &Stil,
) -> Vec<u8> {
    let kopf = [
        "Kundennummer",
        "Geburtsdatum",
        "Kundenstatus AV",
        "Kundenstatus BB",
        "Zugangsdatum",
        "Abgangsdatum",
        "Fallmanagement",
        "Maßnahmeteilnahme",
        "Vollzeitschulpflicht",
        "Sperrkennzeichen",
        "Team",
        "IFK",
    ];
    let monatsanfang = Monat::von_datum(stichtag).erster_tag();
    let d = |x: NaiveDate| stil.datum(x);
    let mut zeilen: Vec<Vec<String>> = Vec::new();
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
        zeilen.push(vec![
            k.nr.clone(),
            d(k.geburt),
            k.av.to_string(),
            k.bb.to_string(),
            d(k.zugang),
            abgang.map(d).unwrap_or_default(),
            ja(k.fm).to_string(),
            if massnahme { "J" } else { "" }.to_string(),
            ja(k.schule).to_string(),
            if k.sperre { "Ja" } else { "" }.to_string(),
            k.team.clone(),
            k.ifk.clone(),
        ]);
    }
    if fehler {
        // Written as the row reads, split into fields: the writer then applies the file's style.
        let zeile = |z: &str| z.split(';').map(str::to_string).collect();
        zeilen.push(zeile(
            ";01.01.1990;Arbeitslos;;01.01.2020;;Nein;;Nein;;611;IFK61101",
        ));
        zeilen.push(zeile(&format!(
            "999D{:06};31.02.1990;Arbeitslos;;01.01.2020;;Nein;;Nein;;611;IFK61101",
            rng.random_range(0..1_000_000)
        )));
        zeilen.push(zeile(
            "999D000002;01.01.1990;Arbeitslos;;01.01.2020;;vielleicht;;Nein;;611;IFK61101",
        ));
        if let Some(nr) = erster {
            // A second row for a customer already listed: rejected, the first row counts.
            zeilen.push(zeile(&format!(
                "{nr};01.01.1985;Arbeitsuchend;;01.01.2021;;Nein;;Nein;;612;IFK61201"
            )));
        }
    }
    let mut aus = Vec::new();
    stil.tabelle(&mut aus, &kopf, zeilen.into_iter())
        .expect("writing to memory");
    aus
}

/// vermerke.csv of one month (by default UTF-8 without BOM, ISO dates, LF); written straight
/// to the file (a region's extract is gigabytes).
fn vermerke_schreiben<'v>(
    w: &mut impl std::io::Write,
    kunden: &[Kunde],
    vermerke: impl Iterator<Item = &'v Vermerk>,
    fehler: bool,
    m: u32,
    stil: &Stil,
) -> std::io::Result<()> {
    let kopf = [
        "Kundennummer",
        "Vermerkdatum",
        "Vermerktyp",
        "Kontaktart",
        "Ersteller",
    ];
    let mut zeilen = vermerke.map(|v| {
        let k = &kunden[v.kunde as usize];
        let ersteller = if k.ifk.is_empty() { "IFK000" } else { &k.ifk };
        vec![
            k.nr.clone(),
            stil.datum(v.datum),
            v.typ.to_string(),
            v.kontakt.to_string(),
            ersteller.to_string(),
        ]
    });
    let fehlerhaft: Vec<Vec<String>> = if fehler {
        let nr = &kunden[m as usize % kunden.len().max(1)].nr;
        vec![
            vec![
                String::new(),
                "2025-01-15".into(),
                "Beratungsvermerk".into(),
                "Persönlich".into(),
                "IFK61101".into(),
            ],
            vec![
                nr.clone(),
                "2025-02-30".into(),
                "Beratungsvermerk".into(),
                "Persönlich".into(),
                "IFK61101".into(),
            ],
            // Too few fields.
            vec![kunden[0].nr.clone(), "15.01.2025".into()],
        ]
    } else {
        Vec::new()
    };
    stil.tabelle(w, &kopf, (&mut zeilen).chain(fehlerhaft))
}

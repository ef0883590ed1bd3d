//! The appointment calendar of the generated exports (`termine.csv`, SPEC §2): appointments
//! agreed in counselling sessions (mostly the next one handed over in the session), attended,
//! missed, cancelled or without an outcome, SMS reminders (which make a no-show rarer), phone
//! follow-ups of no-shows in the notes — most in time, some late, some missing — and a few
//! customers who keep missing theirs. A random stream of its own, so the customers and the
//! counselling notes of a seed do not depend on it.

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::modell::{Kunde, Vermerk};
use super::stil::Stil;
use crate::ingest::folders::Monat;
use crate::rules::termintreue::{arbeitstag, frist};

/// One generated appointment with its final outcome.
pub(super) struct Termin {
    id: u32,
    kunde: u32,
    datum: NaiveDate,
    vereinbart: NaiveDate,
    /// 0 wahrgenommen, 1 nicht erschienen, 2 abgesagt, 3 never an outcome.
    ergebnis: u8,
    erinnerung: bool,
    art: &'static str,
    /// Its planned length in minutes (the calendar slot).
    dauer: u16,
}

/// A calendar slot's length in minutes for an appointment of kind `art`: in person 30–60,
/// by video 30–45, by phone 15–30.
fn dauer(rng: &mut ChaCha8Rng, art: &str) -> u16 {
    let laengen: &[u16] = match art {
        "Telefon" => &[15, 20, 30],
        "Video" => &[30, 45],
        _ => &[30, 45, 45, 60],
    };
    laengen[rng.random_range(0..laengen.len())]
}

/// The next working day from `d` on (Bremen's calendar).
fn werktag(mut d: NaiveDate) -> NaiveDate {
    while !arbeitstag("HB", d) {
        d += Duration::days(1);
    }
    d
}

/// The note types a counselling session leaves (SPEC §3's default rules).
const BERATUNGSTYPEN: [&str; 3] = [
    "Beratungsvermerk",
    "Beratungsvermerk zur Standortbestimmung",
    "Fallmanagement",
];

/// Every customer's appointments from `start` − 60 days to `ende` + 45 days while in the
/// stock, and the phone notes that follow up the no-shows (appended to `vermerke`). The
/// calendar follows the counselling: each counselling note is the session of an attended
/// appointment on its day (agreed in the session before, mostly), some preceded by a missed or
/// cancelled one; a few attended appointments leave no counselling note, never-counselled
/// customers only missed invitations — as a Jobcenter's calendar and notes relate (attended
/// appointments far outnumbering counselling notes would make a demo nobody believes).
pub(super) fn erzeugen(
    kunden: &[Kunde],
    seed: u64,
    start: NaiveDate,
    ende: NaiveDate,
    vermerke: &mut Vec<Vermerk>,
) -> Vec<Termin> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7E12_41E0_0000_0000);
    let mut beratungen: Vec<Vec<(NaiveDate, &'static str)>> = vec![Vec::new(); kunden.len()];
    for v in vermerke.iter() {
        if BERATUNGSTYPEN.contains(&v.typ) {
            beratungen[v.kunde as usize].push((v.datum, v.kontakt));
        }
    }
    let mut termine = Vec::new();
    for (i, k) in kunden.iter().enumerate() {
        let von = k.zugang.max(start - Duration::days(60));
        let bis = k.abgang.map_or(ende + Duration::days(45), |a| {
            a.min(ende + Duration::days(45))
        });
        if von >= bis {
            continue;
        }
        // Most customers keep their appointments; a few keep missing them.
        let fehlquote: f64 = match rng.random_range(0..100) {
            0..80 => 0.07,
            80..95 => 0.3,
            _ => 0.75,
        };
        let mut sitzungen: Vec<(NaiveDate, &'static str)> = beratungen[i]
            .iter()
            .copied()
            .filter(|(d, _)| *d >= von && *d <= bis)
            .collect();
        sitzungen.sort();
        let mut kalender = Kalender {
            kunde: i as u32,
            vereinbart: von + Duration::days(rng.random_range(0..20)),
        };
        if sitzungen.is_empty() {
            // Never counselled in the window: one to three invitations, missed.
            let mut d = werktag(kalender.vereinbart + Duration::days(rng.random_range(7..30)));
            for _ in 0..rng.random_range(1..=3) {
                if d > bis {
                    break;
                }
                let erinnerung = rng.random_bool(0.6);
                kalender.vorher(&mut rng, (d, erinnerung), true, &mut termine, vermerke);
                d = werktag(d + Duration::days(rng.random_range(14..36)));
            }
            continue;
        }
        for (n, (d, kontakt)) in sitzungen.iter().enumerate() {
            // Before the session, sometimes a missed (an SMS reminder makes it rarer) or a
            // cancelled appointment.
            let vorher = werktag(*d - Duration::days(rng.random_range(7..22)));
            let erinnerung = rng.random_bool(0.6);
            let quote = if erinnerung {
                fehlquote * 0.6
            } else {
                fehlquote
            } + 0.03;
            if vorher > kalender.vereinbart && vorher < *d && rng.random_bool(quote) {
                kalender.vorher(
                    &mut rng,
                    (vorher, erinnerung),
                    false,
                    &mut termine,
                    vermerke,
                );
            }
            let art = match *kontakt {
                "Video" => "Video",
                "Telefon" => "Telefon",
                _ => "Persönlich",
            };
            kalender.sitzung(&mut rng, *d, art, &mut termine);
            // Now and then an appointment without a counselling note (a short check-in).
            let naechste = sitzungen.get(n + 1).map_or(bis, |x| x.0);
            let kurz = werktag(*d + Duration::days(rng.random_range(10..26)));
            if kurz < naechste && rng.random_bool(0.08) {
                kalender.sitzung(&mut rng, kurz, "Telefon", &mut termine);
            }
        }
        // The next appointment after the last session, at the customer's usual pace: after
        // the last month an open one; within it the session did not happen, so it was missed —
        // and the invitation after it too, for customers who keep missing.
        let letzte = sitzungen.last().map_or(von, |x| x.0);
        let abstand = match sitzungen.len() {
            0 | 1 => 60,
            n => ((letzte - sitzungen[0].0).num_days() / (n as i64 - 1)).max(14),
        };
        let mut d = werktag(letzte + Duration::days(rng.random_range(abstand * 4 / 5..=abstand)));
        for versuch in 0..2 {
            if d > bis {
                break;
            }
            if d > ende {
                kalender.sitzung(&mut rng, d, "Persönlich", &mut termine);
                break;
            }
            // Half of those overdue were not invited at all (that is why they are overdue);
            // of the invited, those who keep missing miss the next one too.
            let weiter = if versuch == 0 {
                0.5
            } else {
                0.5 + fehlquote / 2.0
            };
            if !rng.random_bool(weiter) {
                break;
            }
            let erinnerung = rng.random_bool(0.6);
            kalender.vorher(&mut rng, (d, erinnerung), true, &mut termine, vermerke);
            d = werktag(d + Duration::days(rng.random_range(14..36)));
        }
    }
    termine.sort_by_key(|t| (t.datum, t.id));
    termine
}

/// One customer's calendar while it is being drawn: whose, and when the next appointment was
/// agreed.
struct Kalender {
    kunde: u32,
    vereinbart: NaiveDate,
}

impl Kalender {
    /// An appointment on `datum` (with an SMS reminder or not) that was missed or cancelled
    /// (`verpasst`: always missed); a
    /// missed one is followed up by phone (or not); the next is agreed by letter days later.
    fn vorher(
        &mut self,
        rng: &mut ChaCha8Rng,
        (datum, erinnerung): (NaiveDate, bool),
        verpasst: bool,
        termine: &mut Vec<Termin>,
        vermerke: &mut Vec<Vermerk>,
    ) {
        let ergebnis = if !verpasst && rng.random_bool(0.25) {
            2
        } else {
            1
        };
        termine.push(Termin {
            id: termine.len() as u32 + 1,
            kunde: self.kunde,
            datum,
            vereinbart: self.vereinbart,
            ergebnis,
            erinnerung,
            art: "Persönlich",
            dauer: dauer(rng, "Persönlich"),
        });
        if ergebnis == 1 {
            nachfassen(rng, (self.kunde as usize, datum), vermerke);
        }
        self.vereinbart = datum + Duration::days(rng.random_range(1..5));
    }

    /// The attended appointment on `datum` (a few without a recorded outcome, a few missed
    /// after all when no reminder went out); the next one is mostly handed over in it.
    fn sitzung(
        &mut self,
        rng: &mut ChaCha8Rng,
        datum: NaiveDate,
        art: &'static str,
        termine: &mut Vec<Termin>,
    ) {
        let erinnerung = rng.random_bool(0.6);
        let ergebnis = if rng.random_bool(0.02) { 3 } else { 0 };
        termine.push(Termin {
            id: termine.len() as u32 + 1,
            kunde: self.kunde,
            datum,
            vereinbart: self.vereinbart.min(datum),
            ergebnis,
            erinnerung,
            art,
            dauer: dauer(rng, art),
        });
        self.vereinbart = if rng.random_bool(0.75) {
            datum
        } else {
            datum + Duration::days(rng.random_range(1..10))
        };
    }
}

/// The directive's follow-up call after customer `i`'s no-show on `datum`: mostly in time,
/// sometimes late or never; a phone note in `vermerke` when it happens.
fn nachfassen(rng: &mut ChaCha8Rng, (i, datum): (usize, NaiveDate), vermerke: &mut Vec<Vermerk>) {
    let d = frist("HB", datum, 1);
    let anruf = match rng.random_range(0..100) {
        0..45 => Some(datum),
        45..75 => Some(d),
        75..87 => Some(d + Duration::days(rng.random_range(1..6))),
        _ => None,
    };
    if let Some(a) = anruf {
        vermerke.push(Vermerk {
            kunde: i as u32,
            datum: a,
            typ: "Telefonvermerk",
            kontakt: "Telefon",
        });
    }
}

const STATUS: [&str; 4] = ["wahrgenommen", "nicht erschienen", "abgesagt", "offen"];

/// `termine.csv` of month `monat`: every appointment dated in it with its outcome, and every
/// one agreed in it and dated later (`offen`). With `vielfalt` the status is spelt in other
/// ways exports use; with `fehler` a few bad rows are added.
pub(super) fn termine_csv(
    termine: &[Termin],
    kunden: &[Kunde],
    monat: Monat,
    stil: &Stil,
    vielfalt: bool,
    fehler: bool,
) -> Vec<u8> {
    let kopf = [
        "Termin-ID",
        "Kundennummer",
        "Termindatum",
        "Status",
        "Vereinbart am",
        "Terminart",
        "Erinnerung",
        "IFK",
        "Dauer",
    ];
    let (erster, letzter) = (monat.erster_tag(), monat.letzter_tag());
    let zeile = |t: &Termin| {
        let k = &kunden[t.kunde as usize];
        let ergebnis = if t.datum > letzter { 3 } else { t.ergebnis };
        let mut status = STATUS[ergebnis as usize].to_string();
        if vielfalt && t.id.is_multiple_of(7) {
            status = match ergebnis {
                1 => "Nicht wahrgenommen".into(),
                _ => status.to_uppercase(),
            };
        }
        vec![
            format!("T{:08}", t.id),
            k.nr.clone(),
            stil.datum(t.datum),
            status,
            stil.datum(t.vereinbart),
            t.art.to_string(),
            if t.erinnerung { "Ja" } else { "Nein" }.to_string(),
            k.ifk.clone(),
            t.dauer.to_string(),
        ]
    };
    let mut zeilen: Vec<Vec<String>> = termine
        .iter()
        .filter(|t| {
            (t.datum >= erster && t.datum <= letzter)
                || (t.vereinbart >= erster && t.vereinbart <= letzter && t.datum > letzter)
        })
        .map(zeile)
        .collect();
    if fehler && !zeilen.is_empty() {
        let mut doppelt = zeilen[0].clone();
        doppelt[3] = "abgesagt".into();
        let mut unbekannt = zeilen[zeilen.len() / 2].clone();
        unbekannt[0] = format!("X{}", monat.nummer());
        unbekannt[3] = "verschoben".into();
        let mut datum = zeilen[zeilen.len() / 3].clone();
        datum[0] = format!("Y{}", monat.nummer());
        datum[2] = format!("31.02.{}", monat.jahr);
        let mut ohne = zeilen[zeilen.len() / 4].clone();
        ohne[0] = format!("Z{}", monat.nummer());
        ohne[1] = String::new();
        zeilen.extend([doppelt, unbekannt, datum, ohne]);
    }
    let mut aus = Vec::new();
    stil.tabelle(&mut aus, &kopf, zeilen.into_iter())
        .expect("writing to memory");
    aus
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};

    #[test]
    fn appointments_fall_on_working_days() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        assert_eq!(werktag(d), d);
        assert_eq!(werktag(d + Duration::days(1)).weekday(), Weekday::Mon);
        assert_eq!(werktag(d + Duration::days(1)).day(), 28);
    }
}

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
}

/// The next working day from `d` on (Bremen's calendar).
fn werktag(mut d: NaiveDate) -> NaiveDate {
    while !arbeitstag("HB", d) {
        d += Duration::days(1);
    }
    d
}

/// Every customer's appointments from `start` − 60 days to `ende` + 45 days while in the
/// stock, and the phone notes that follow up the no-shows (appended to `vermerke`).
pub(super) fn erzeugen(
    kunden: &[Kunde],
    seed: u64,
    start: NaiveDate,
    ende: NaiveDate,
    vermerke: &mut Vec<Vermerk>,
) -> Vec<Termin> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7E12_41E0_0000_0000);
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
        let mut vereinbart = von + Duration::days(rng.random_range(0..20));
        while vereinbart < bis {
            let datum = werktag(vereinbart + Duration::days(rng.random_range(7..50)));
            let erinnerung = rng.random_bool(0.6);
            let quote = if erinnerung {
                fehlquote * 0.6
            } else {
                fehlquote
            };
            let ergebnis = if rng.random_bool(0.02) {
                3
            } else if rng.random_bool(0.07) {
                2
            } else if rng.random_bool(quote) {
                1
            } else {
                0
            };
            let art = match rng.random_range(0..10) {
                0..7 => "Persönlich",
                7..9 => "Telefon",
                _ => "Video",
            };
            termine.push(Termin {
                id: termine.len() as u32 + 1,
                kunde: i as u32,
                datum,
                vereinbart,
                ergebnis,
                erinnerung,
                art,
            });
            if ergebnis == 1 {
                nachfassen(&mut rng, (i, datum), vermerke);
            }
            // The next appointment: usually handed over in the session, else by letter a
            // few days later (after a no-show or a cancellation always later).
            vereinbart = match ergebnis {
                0 if rng.random_bool(0.75) => datum,
                _ => datum + Duration::days(rng.random_range(1..10)),
            };
        }
    }
    termine.sort_by_key(|t| (t.datum, t.id));
    termine
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

//! Appointments and the no-show follow-up (directive §5, SPEC §3 "Appointments and no-show
//! follow-up"): working days, the follow-up deadline and what became of a no-show.
//!
//! Pure functions: the calendar is computed (Easter by the Gregorian computus), never read.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The German Länder by their usual two-letter codes; each has its own statutory holidays.
pub const BUNDESLAENDER: [&str; 16] = [
    "BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH",
];

/// Easter Sunday of `jahr` (Gregorian calendar; anonymous Gregorian algorithm).
pub fn ostersonntag(jahr: i32) -> NaiveDate {
    let a = jahr % 19;
    let b = jahr / 100;
    let c = jahr % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let monat = (h + l - 7 * m + 114) / 31;
    let tag = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(jahr, monat as u32, tag as u32).expect("computus gives a real day")
}

/// Whether `d` is a statutory holiday in `land` (one of [`BUNDESLAENDER`]).
pub fn feiertag(land: &str, d: NaiveDate) -> bool {
    let j = d.year();
    let ostern = ostersonntag(j);
    let nach_ostern = (d - ostern).num_days();
    let (m, t) = (d.month(), d.day());
    let in_land = |laender: &[&str]| laender.contains(&land);
    // Holidays of every Land.
    if matches!((m, t), (1, 1) | (5, 1) | (12, 25) | (12, 26))
        || (m, t) == (10, 3) && j >= 1990
        || matches!(nach_ostern, -2 | 1 | 39 | 50)
    {
        return true;
    }
    match (m, t) {
        (1, 6) => in_land(&["BW", "BY", "ST"]),
        (3, 8) => land == "BE" && j >= 2019 || land == "MV" && j >= 2023,
        (5, 8) => land == "BE" && (j == 2020 || j == 2025),
        (8, 15) => land == "SL",
        (9, 20) => land == "TH" && j >= 2019,
        // 2017 was the Reformation's 500th anniversary: a holiday everywhere.
        (10, 31) => {
            j == 2017
                || in_land(&["BB", "MV", "SN", "ST", "TH"])
                || in_land(&["HB", "HH", "NI", "SH"]) && j >= 2018
        }
        (11, 1) => in_land(&["BW", "BY", "NW", "RP", "SL"]),
        // Buß- und Bettag: the Wednesday between 16 and 22 November.
        (11, 16..=22) => land == "SN" && d.weekday() == Weekday::Wed,
        _ => nach_ostern == 60 && in_land(&["BW", "BY", "HE", "NW", "RP", "SL"]),
    }
}

/// Monday to Friday and not a statutory holiday of `land`.
pub fn arbeitstag(land: &str, d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !feiertag(land, d)
}

/// The follow-up deadline of a no-show on day `t`: the `n`-th working day after `t`
/// (`n = 0`: the day itself).
pub fn frist(land: &str, t: NaiveDate, n: u32) -> NaiveDate {
    let mut d = t;
    let mut gezaehlt = 0;
    while gezaehlt < n {
        d += Duration::days(1);
        if arbeitstag(land, d) {
            gezaehlt += 1;
        }
    }
    d
}

/// What became of a no-show (SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Nachfass {
    /// A phone note from the day of the no-show to the deadline.
    Erfolgt,
    /// None, and the deadline has passed by the Stichtag.
    Versaeumt,
    /// None yet, and the deadline lies after the Stichtag: not yet assessable.
    Offen,
}

/// Judges the no-show on day `t` with deadline `frist`: `telefonate` are the days of the
/// customer's phone notes (any order; only those up to the Stichtag are known).
pub fn nachfass(
    t: NaiveDate,
    frist: NaiveDate,
    stichtag: NaiveDate,
    telefonate: &[NaiveDate],
) -> Nachfass {
    if telefonate
        .iter()
        .any(|d| *d >= t && *d <= frist && *d <= stichtag)
    {
        Nachfass::Erfolgt
    } else if frist > stichtag {
        Nachfass::Offen
    } else {
        Nachfass::Versaeumt
    }
}

/// A note's Kontaktart is a phone call: `Telefon`, trimmed, case-insensitive.
pub fn ist_telefon(kontaktart: &str) -> bool {
    kontaktart.trim().eq_ignore_ascii_case("telefon")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(j: i32, m: u32, t: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, t).unwrap()
    }

    #[test]
    fn easter_sundays_from_the_calendar() {
        // Published dates, not computed here.
        for (j, m, t) in [
            (2017, 4, 16),
            (2019, 4, 21),
            (2022, 4, 17),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
        ] {
            assert_eq!(ostersonntag(j), tag(j, m, t), "{j}");
        }
    }

    #[test]
    fn bremen_holidays_2026() {
        let hb: Vec<NaiveDate> = (0..365)
            .map(|i| tag(2026, 1, 1) + Duration::days(i))
            .filter(|d| feiertag("HB", *d))
            .collect();
        assert_eq!(
            hb,
            [
                tag(2026, 1, 1),
                tag(2026, 4, 3), // Karfreitag
                tag(2026, 4, 6), // Ostermontag
                tag(2026, 5, 1),
                tag(2026, 5, 14), // Christi Himmelfahrt
                tag(2026, 5, 25), // Pfingstmontag
                tag(2026, 10, 3),
                tag(2026, 10, 31), // Reformationstag
                tag(2026, 12, 25),
                tag(2026, 12, 26),
            ]
        );
        // Fronleichnam and Allerheiligen are not Bremen's.
        assert!(!feiertag("HB", tag(2026, 6, 4)) && feiertag("NW", tag(2026, 6, 4)));
        assert!(!feiertag("HB", tag(2026, 11, 1)) && feiertag("BY", tag(2026, 11, 1)));
        // Reformationstag: everywhere in 2017, in Bremen from 2018 on, never before in NW.
        assert!(feiertag("NW", tag(2017, 10, 31)) && !feiertag("NW", tag(2018, 10, 31)));
        assert!(feiertag("HB", tag(2018, 10, 31)) && !feiertag("HB", tag(2016, 10, 31)));
        // Buß- und Bettag 2026 in Saxony: Wednesday 18 November.
        assert!(feiertag("SN", tag(2026, 11, 18)) && !feiertag("SN", tag(2026, 11, 19)));
        assert!(!feiertag("HB", tag(2026, 11, 18)));
    }

    #[test]
    fn deadline_after_friday_easter_christmas_and_with_more_days() {
        // A no-show on a Friday: the deadline is the Monday.
        assert_eq!(frist("HB", tag(2026, 10, 16), 1), tag(2026, 10, 19));
        // Thursday before Easter 2026: Karfreitag, the weekend and Ostermontag are skipped.
        assert_eq!(frist("HB", tag(2026, 4, 2), 1), tag(2026, 4, 7));
        // 23 December 2026 (Wednesday): 24th is a working day.
        assert_eq!(frist("HB", tag(2026, 12, 23), 1), tag(2026, 12, 24));
        // 24 December 2026 (Thursday): 25th, 26th, the weekend → Monday 28th.
        assert_eq!(frist("HB", tag(2026, 12, 24), 1), tag(2026, 12, 28));
        // Friday 30 October 2026: Reformationstag is a Saturday anyway → Monday 2 November;
        // in Bavaria too (Allerheiligen is a Sunday).
        assert_eq!(frist("HB", tag(2026, 10, 30), 1), tag(2026, 11, 2));
        // Two working days from Wednesday 30 September 2026: 1 October, then 2 October.
        assert_eq!(frist("HB", tag(2026, 9, 30), 2), tag(2026, 10, 2));
        // Three from Thursday 1 October 2026: Friday 2, (3 Oct Saturday), Monday 5, Tuesday 6.
        assert_eq!(frist("HB", tag(2026, 10, 1), 3), tag(2026, 10, 6));
        assert_eq!(frist("HB", tag(2026, 10, 1), 0), tag(2026, 10, 1));
        // A no-show on a Saturday: the next working day is Monday.
        assert_eq!(frist("HB", tag(2026, 10, 17), 1), tag(2026, 10, 19));
    }

    #[test]
    fn follow_up_on_the_deadline_day_one_day_late_and_after_the_stichtag() {
        let (t, d, s) = (tag(2026, 10, 16), tag(2026, 10, 19), tag(2026, 10, 31));
        assert_eq!(nachfass(t, d, s, &[t]), Nachfass::Erfolgt, "same day");
        assert_eq!(
            nachfass(t, d, s, &[d]),
            Nachfass::Erfolgt,
            "on the deadline"
        );
        assert_eq!(
            nachfass(t, d, s, &[d + Duration::days(1)]),
            Nachfass::Versaeumt,
            "one day late"
        );
        assert_eq!(
            nachfass(t, d, s, &[t - Duration::days(1)]),
            Nachfass::Versaeumt,
            "the day before does not count"
        );
        assert_eq!(nachfass(t, d, s, &[]), Nachfass::Versaeumt);
        // A no-show on the Stichtag: the deadline lies after it.
        let s2 = tag(2026, 10, 30);
        let d2 = frist("HB", s2, 1);
        assert_eq!(d2, tag(2026, 11, 2));
        assert_eq!(nachfass(s2, d2, s2, &[]), Nachfass::Offen);
        assert_eq!(nachfass(s2, d2, s2, &[s2]), Nachfass::Erfolgt);
        // A note after the Stichtag is not known at the Stichtag.
        assert_eq!(nachfass(s2, d2, s2, &[d2]), Nachfass::Offen);
        // Deadline exactly the Stichtag: assessable, so versäumt.
        assert_eq!(nachfass(t, d, d, &[]), Nachfass::Versaeumt);
    }

    #[test]
    fn phone_contact_kind() {
        assert!(ist_telefon("Telefon") && ist_telefon(" TELEFON ") && ist_telefon("telefon"));
        assert!(!ist_telefon("Telefonat") && !ist_telefon("Persönlich") && !ist_telefon(""));
    }
}

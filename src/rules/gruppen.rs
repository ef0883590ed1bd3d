//! Age and customer group (SPEC §3).

use chrono::{Datelike, NaiveDate};

use crate::ingest::kunden::Kunde;

/// The five customer groups, in precedence order: the first that matches wins (the
/// directive gives the FM and measure rules precedence over the age/status rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gruppe {
    /// Case management, 25 and older.
    FmUe25,
    /// Taking part in a measure.
    Massnahme,
    /// Under 25, unemployed or seeking training.
    U25,
    /// 25 and older, unemployed.
    Ue25Arbeitslos,
    /// Everyone else.
    Uebrige,
}

impl Gruppe {
    /// All groups in precedence order; also the order of every report.
    pub const ALLE: [Gruppe; 5] = [
        Gruppe::FmUe25,
        Gruppe::Massnahme,
        Gruppe::U25,
        Gruppe::Ue25Arbeitslos,
        Gruppe::Uebrige,
    ];

    /// The id used in the rules file and the machine-readable outputs.
    pub fn id(self) -> &'static str {
        match self {
            Gruppe::FmUe25 => "fm_ue25",
            Gruppe::Massnahme => "massnahme",
            Gruppe::U25 => "u25",
            Gruppe::Ue25Arbeitslos => "ue25_arbeitslos",
            Gruppe::Uebrige => "uebrige",
        }
    }

    /// Inverse of [`Gruppe::id`].
    pub fn aus_id(id: &str) -> Option<Gruppe> {
        Gruppe::ALLE.into_iter().find(|g| g.id() == id)
    }
}

/// Completed years at `stichtag` (§§ 187(2), 188 BGB as SPEC §3 fixes it): the year
/// difference, minus one if the Stichtag's (month, day) is before the birthday's. Someone born
/// on 29 February is a year older on 1 March in non-leap years.
pub fn alter(geburt: NaiveDate, stichtag: NaiveDate) -> i32 {
    let jahre = stichtag.year() - geburt.year();
    if (stichtag.month(), stichtag.day()) < (geburt.month(), geburt.day()) {
        jahre - 1
    } else {
        jahre
    }
}

/// The group of a customer of the given age.
pub fn gruppe(kunde: &Kunde, alter: i32) -> Gruppe {
    let av_arbeitslos = kunde.status_av.trim().eq_ignore_ascii_case("arbeitslos");
    let bb = kunde.status_bb.trim().to_lowercase();
    let ausbildungsuchend = bb == "ausbildungsuchend" || bb == "ausbildungssuchend";
    if kunde.fallmanagement && alter >= 25 {
        Gruppe::FmUe25
    } else if kunde.massnahme {
        Gruppe::Massnahme
    } else if alter < 25 && (av_arbeitslos || ausbildungsuchend) {
        Gruppe::U25
    } else if alter >= 25 && av_arbeitslos {
        Gruppe::Ue25Arbeitslos
    } else {
        Gruppe::Uebrige
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(crate) fn kunde(geburt: &str) -> Kunde {
        Kunde {
            kundennummer: "K1".into(),
            geburtsdatum: d(geburt),
            status_av: String::new(),
            status_bb: String::new(),
            zugang: d("2020-01-01"),
            abgang: None,
            fallmanagement: false,
            massnahme: false,
            vollzeitschulpflicht: false,
            sperrkennzeichen: false,
            team: "T1".into(),
            ifk: String::new(),
            zeile: 2,
        }
    }

    #[test]
    fn age_turns_on_the_birthday_not_the_day_before() {
        assert_eq!(alter(d("2001-03-15"), d("2026-03-14")), 24);
        assert_eq!(alter(d("2001-03-15"), d("2026-03-15")), 25);
        assert_eq!(alter(d("2001-03-15"), d("2026-12-31")), 25);
        assert_eq!(alter(d("2000-12-31"), d("2025-12-31")), 25);
        assert_eq!(alter(d("2001-01-01"), d("2025-12-31")), 24);
    }

    #[test]
    fn born_on_29_february() {
        // Non-leap year: still 24 on 28 February, 25 on 1 March.
        assert_eq!(alter(d("2000-02-29"), d("2025-02-28")), 24);
        assert_eq!(alter(d("2000-02-29"), d("2025-03-01")), 25);
        // Leap year: 24 on the 29th itself.
        assert_eq!(alter(d("2000-02-29"), d("2024-02-28")), 23);
        assert_eq!(alter(d("2000-02-29"), d("2024-02-29")), 24);
    }

    #[test]
    fn group_precedence() {
        let st = d("2026-01-31");
        let mut k = kunde("1990-01-01");
        k.status_av = "Arbeitslos".into();
        k.fallmanagement = true;
        k.massnahme = true;
        assert_eq!(gruppe(&k, alter(k.geburtsdatum, st)), Gruppe::FmUe25);
        k.fallmanagement = false;
        assert_eq!(gruppe(&k, 36), Gruppe::Massnahme);
        k.massnahme = false;
        assert_eq!(gruppe(&k, 36), Gruppe::Ue25Arbeitslos);
        assert_eq!(gruppe(&k, 24), Gruppe::U25);
        // FM under 25 is not FM Ü25: falls through to the age/status rules.
        k.fallmanagement = true;
        assert_eq!(gruppe(&k, 24), Gruppe::U25);
        k.status_av = "Arbeitsuchend".into();
        assert_eq!(gruppe(&k, 24), Gruppe::Uebrige);
        k.fallmanagement = false;
        assert_eq!(gruppe(&k, 30), Gruppe::Uebrige);
    }

    #[test]
    fn status_values_trimmed_case_insensitive_both_spellings() {
        let mut k = kunde("2005-01-01");
        k.status_av = "  ARBEITSLOS ".into();
        assert_eq!(gruppe(&k, 21), Gruppe::U25);
        k.status_av = "Arbeitsuchend".into();
        k.status_bb = "ausbildungssuchend".into();
        assert_eq!(gruppe(&k, 21), Gruppe::U25);
        k.status_bb = " Ausbildungsuchend".into();
        assert_eq!(gruppe(&k, 21), Gruppe::U25);
        // Training-seeking counts only under 25.
        assert_eq!(gruppe(&k, 25), Gruppe::Uebrige);
    }

    #[test]
    fn group_changes_exactly_on_the_25th_birthday() {
        let mut k = kunde("2001-01-31");
        k.status_av = "Arbeitslos".into();
        let vorher = alter(k.geburtsdatum, d("2026-01-30"));
        let am_tag = alter(k.geburtsdatum, d("2026-01-31"));
        assert_eq!(gruppe(&k, vorher), Gruppe::U25);
        assert_eq!(gruppe(&k, am_tag), Gruppe::Ue25Arbeitslos);
    }
}

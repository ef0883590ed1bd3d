//! The population (Auswertungsbestand) and its exclusion reasons (SPEC §3).

use chrono::NaiveDate;

use crate::ingest::kunden::Kunde;

/// Why a valid customer row is not in the population. `abgewiesen` (invalid rows) is decided
/// at ingest and precedes all of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ausschluss {
    /// Zugangsdatum after the Stichtag.
    NochNichtZugegangen,
    /// Abgangsdatum on or before the Stichtag.
    Abgemeldet,
    /// Record blocked.
    Sperrkennzeichen,
    /// Pupil subject to full-time compulsory schooling (directive §3, footnote 1).
    Vollzeitschulpflicht,
}

impl Ausschluss {
    /// All reasons in the order they are checked (and reported).
    pub const ALLE: [Ausschluss; 4] = [
        Ausschluss::NochNichtZugegangen,
        Ausschluss::Abgemeldet,
        Ausschluss::Sperrkennzeichen,
        Ausschluss::Vollzeitschulpflicht,
    ];

    /// Label in the workbook.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Ausschluss::NochNichtZugegangen => "noch nicht zugegangen (Zugang nach Stichtag)",
            Ausschluss::Abgemeldet => "abgemeldet (Abgang bis Stichtag)",
            Ausschluss::Sperrkennzeichen => "Sperrkennzeichen gesetzt",
            Ausschluss::Vollzeitschulpflicht => "vollzeitschulpflichtig",
        }
    }
}

/// `None` when the customer is in the population at `stichtag`, else the first reason that
/// applies.
pub fn ausschluss(k: &Kunde, stichtag: NaiveDate) -> Option<Ausschluss> {
    if k.zugang > stichtag {
        Some(Ausschluss::NochNichtZugegangen)
    } else if k.abgang.is_some_and(|a| a <= stichtag) {
        Some(Ausschluss::Abgemeldet)
    } else if k.sperrkennzeichen {
        Some(Ausschluss::Sperrkennzeichen)
    } else if k.vollzeitschulpflicht {
        Some(Ausschluss::Vollzeitschulpflicht)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::gruppen::tests::{d, kunde};

    #[test]
    fn entry_and_exit_around_the_stichtag() {
        let st = d("2026-01-31");
        let mut k = kunde("1990-01-01");
        k.zugang = d("2026-01-31");
        assert_eq!(ausschluss(&k, st), None, "entry on the Stichtag counts");
        k.zugang = d("2026-02-01");
        assert_eq!(ausschluss(&k, st), Some(Ausschluss::NochNichtZugegangen));
        k.zugang = d("2025-01-01");
        k.abgang = Some(d("2026-01-31"));
        assert_eq!(
            ausschluss(&k, st),
            Some(Ausschluss::Abgemeldet),
            "exit on the Stichtag leaves"
        );
        k.abgang = Some(d("2026-02-01"));
        assert_eq!(
            ausschluss(&k, st),
            None,
            "exit after the Stichtag is still in"
        );
    }

    #[test]
    fn first_reason_wins() {
        let st = d("2026-01-31");
        let mut k = kunde("1990-01-01");
        k.sperrkennzeichen = true;
        k.vollzeitschulpflicht = true;
        assert_eq!(ausschluss(&k, st), Some(Ausschluss::Sperrkennzeichen));
        k.abgang = Some(d("2026-01-01"));
        assert_eq!(ausschluss(&k, st), Some(Ausschluss::Abgemeldet));
        k.zugang = d("2026-03-01");
        assert_eq!(ausschluss(&k, st), Some(Ausschluss::NochNichtZugegangen));
        let mut s = kunde("2012-01-01");
        s.vollzeitschulpflicht = true;
        assert_eq!(ausschluss(&s, st), Some(Ausschluss::Vollzeitschulpflicht));
    }
}

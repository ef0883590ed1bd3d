//! One note as the consumers of the notes pass see it, whichever way its extract was read
//! (streamed, or columnar from the extract cache).

use chrono::{Datelike, NaiveDate};

use crate::ingest::cache::Auszug;
use crate::ingest::folders::Monat;
use crate::ingest::kennung::Kennungsindex;
use crate::ingest::vermerke::Vermerk;

/// A closed range of days, held both as dates and as day numbers (days since 01.01.0001), so
/// a note is compared in whichever form it was read in, without a conversion per note.
#[derive(Debug, Clone, Copy)]
pub struct Tage {
    von: NaiveDate,
    bis: NaiveDate,
    von_nr: i32,
    bis_nr: i32,
}

impl Tage {
    /// The days from `von` to `bis`, both included.
    pub fn neu(von: NaiveDate, bis: NaiveDate) -> Tage {
        Tage {
            von,
            bis,
            von_nr: von.num_days_from_ce(),
            bis_nr: bis.num_days_from_ce(),
        }
    }
}

/// One valid note.
pub struct Notiz<'a> {
    /// Counselling on or before the Stichtag: a qualifying type, not after the Stichtag
    /// (reconciliation class „verwendet“ or „ohne Kunde im Bestand“).
    pub beratung: bool,
    /// The month of the extract it came with.
    pub auszug: Monat,
    herkunft: Herkunft<'a>,
}

/// Where a note's remaining fields are read from, only when a consumer asks.
#[derive(Clone, Copy)]
enum Herkunft<'a> {
    Strom(&'a Vermerk<'a>),
    Auszug(&'a Auszug, usize),
}

impl<'a> Notiz<'a> {
    /// A note of a streamed extract.
    pub(super) fn strom(v: &'a Vermerk<'a>, beratung: bool, auszug: Monat) -> Notiz<'a> {
        Notiz {
            beratung,
            auszug,
            herkunft: Herkunft::Strom(v),
        }
    }

    /// Note `j` of a cached extract.
    pub(super) fn auszug(a: &'a Auszug, j: usize, beratung: bool, auszug: Monat) -> Notiz<'a> {
        Notiz {
            beratung,
            auszug,
            herkunft: Herkunft::Auszug(a, j),
        }
    }

    /// The day as a day number (days since 01.01.0001).
    #[inline]
    pub fn tag(&self) -> i32 {
        match self.herkunft {
            Herkunft::Strom(v) => v.datum.num_days_from_ce(),
            Herkunft::Auszug(a, j) => a.daten[j],
        }
    }

    /// Whether the note is dated within `t`.
    #[inline]
    pub fn in_tagen(&self, t: &Tage) -> bool {
        match self.herkunft {
            Herkunft::Strom(v) => v.datum >= t.von && v.datum <= t.bis,
            Herkunft::Auszug(a, j) => a.daten[j] >= t.von_nr && a.daten[j] <= t.bis_nr,
        }
    }

    /// The day as a calendar date (`None` only for a day number outside the calendar).
    #[inline]
    pub fn datum(&self) -> Option<NaiveDate> {
        match self.herkunft {
            Herkunft::Strom(v) => Some(v.datum),
            Herkunft::Auszug(a, j) => a.datum(j),
        }
    }

    /// Kontaktart (may be empty).
    #[inline]
    pub fn kontaktart(&self) -> &'a str {
        self.kontakt().0
    }

    /// Kontaktart and author (either may be empty), read together: in a cached extract they
    /// are one entry.
    #[inline]
    pub fn kontakt(&self) -> (&'a str, &'a str) {
        match self.herkunft {
            Herkunft::Strom(v) => (v.kontaktart, v.ersteller),
            Herkunft::Auszug(a, j) => a.kontakt(j),
        }
    }
}

/// The customer of a note: looked up in the index at most once, and only when the pass or a
/// consumer asks (most notes need no lookup: after the Stichtag, not counselling, no call).
pub struct Kunde<'a> {
    index: &'a Kennungsindex,
    nummer: &'a str,
    position: Option<Option<usize>>,
}

impl<'a> Kunde<'a> {
    /// The customer with Kundennummer `nummer`, not yet looked up.
    pub(super) fn neu(index: &'a Kennungsindex, nummer: &'a str) -> Kunde<'a> {
        Kunde {
            index,
            nummer,
            position: None,
        }
    }

    /// Position in the index: below the population size a customer of month M; above, a
    /// customer only of an earlier trend month's population; `None` for neither.
    #[inline]
    pub fn position(&mut self) -> Option<usize> {
        *self
            .position
            .get_or_insert_with(|| self.index.get(self.nummer))
    }
}

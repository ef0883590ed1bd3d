//! One note as the consumers of the notes pass see it.

use chrono::{Datelike, NaiveDate};

use crate::ingest::folders::Monat;
use crate::ingest::kennung::{inline, Indexeintrag, Kennungsindex, Kundenplatz};
use crate::ingest::vermerke::Vermerk;

/// A closed range of days.
#[derive(Debug, Clone, Copy)]
pub struct Zeitspanne {
    von: NaiveDate,
    bis: NaiveDate,
}

impl Zeitspanne {
    /// The days from `von` to `bis`, both included.
    pub fn neu(von: NaiveDate, bis: NaiveDate) -> Zeitspanne {
        Zeitspanne { von, bis }
    }
}

/// One valid note.
pub struct Notiz<'a> {
    /// Counselling on or before the Stichtag: a qualifying type, not after the Stichtag
    /// (reconciliation class „verwendet“ or „ohne Kunde im Bestand“).
    pub beratung: bool,
    /// The month of the extract it came with.
    pub auszug: Monat,
    vermerk: &'a Vermerk<'a>,
}

impl<'a> Notiz<'a> {
    /// The note `v` of an extract of month `auszug`.
    pub(super) fn neu(v: &'a Vermerk<'a>, beratung: bool, auszug: Monat) -> Notiz<'a> {
        Notiz {
            beratung,
            auszug,
            vermerk: v,
        }
    }

    /// The day as a day number (days since 01.01.0001).
    #[inline]
    pub fn tag(&self) -> i32 {
        self.vermerk.datum.num_days_from_ce()
    }

    /// Whether the note is dated within `t`.
    #[inline]
    pub fn in_tagen(&self, t: &Zeitspanne) -> bool {
        self.vermerk.datum >= t.von && self.vermerk.datum <= t.bis
    }

    /// The day.
    #[inline]
    pub fn datum(&self) -> NaiveDate {
        self.vermerk.datum
    }

    /// Kontaktart (may be empty).
    #[inline]
    pub fn kontaktart(&self) -> &'a str {
        self.vermerk.kontaktart
    }

    /// Kontaktart and author (either may be empty).
    #[inline]
    pub fn kontakt(&self) -> (&'a str, &'a str) {
        (self.vermerk.kontaktart, self.vermerk.ersteller)
    }
}

/// The customer of a note: looked up in the index at most once, and only when the pass or a
/// consumer asks (most notes need no lookup: after the Stichtag, not counselling, no call).
pub struct Kundensuche<'a> {
    index: &'a Kennungsindex,
    nummer: &'a str,
    platz: Option<Option<&'a Indexeintrag>>,
}

impl<'a> Kundensuche<'a> {
    /// The customer with Kundennummer `nummer`, not yet looked up.
    pub(super) fn neu(index: &'a Kennungsindex, nummer: &'a str) -> Kundensuche<'a> {
        Kundensuche {
            index,
            nummer,
            platz: None,
        }
    }

    /// The customer's index entry, if known.
    #[inline]
    pub(super) fn platz(&mut self) -> Option<&'a Indexeintrag> {
        *self
            .platz
            .get_or_insert_with(|| self.index.platz(self.nummer))
    }

    /// The customer's inline key when a lookup is still to be made and can be put off
    /// ([`super::Warteschlange`]); `None` once looked up or for an id too long to inline.
    #[inline]
    pub fn aufschiebbar(&self) -> Option<u128> {
        match self.platz {
            Some(_) => None,
            None => inline(self.nummer).filter(|k| *k != 0),
        }
    }

    /// Who the customer is: of month M's population, only of an earlier trend month's, or
    /// (`None`) neither.
    #[inline]
    pub fn kunde(&mut self) -> Option<Kundenplatz> {
        self.platz().map(Indexeintrag::kunde)
    }

    /// The customer's position in month M's population, if a customer of it.
    #[inline]
    pub fn im_bestand(&mut self) -> Option<usize> {
        self.kunde().and_then(Kundenplatz::bestand)
    }
}

//! The no-show follow-up's consumer of the notes pass: the phone notes (any note type) of the
//! customers with a no-show, from the first day a follow-up can fall on to the Stichtag.

use chrono::NaiveDate;

use super::Telefonat;
use crate::ingest::kennung::Kundenplatz;
use crate::parallel::Teilergebnis;
use crate::pass::{Kundensuche, Notiz, Verbraucher, Zeitspanne};
use crate::rules::termintreue::ist_telefon;

/// Whose phone notes, from when.
#[derive(Debug, Clone, Copy)]
pub struct Telefonfilter<'a> {
    /// First day a follow-up call can fall on (the first day of M, or earlier with the trend).
    pub von: NaiveDate,
    /// The Stichtag.
    pub bis: NaiveDate,
    /// Per Verbund position: had a no-show (in M, or with the trend in an earlier month).
    pub kunden: &'a [bool],
}

/// The consumer.
pub struct Telefonsammler<'a> {
    filter: Telefonfilter<'a>,
    /// `von` to `bis`: the cheap test comes first.
    tage: Zeitspanne,
    /// The phone notes found, unsorted, duplicates kept.
    pub telefonate: Vec<Telefonat>,
}

impl<'a> Telefonsammler<'a> {
    /// Empty, for `filter`.
    pub fn neu(filter: Telefonfilter<'a>) -> Telefonsammler<'a> {
        Telefonsammler {
            filter,
            tage: Zeitspanne::neu(filter.von, filter.bis),
            telefonate: Vec::new(),
        }
    }
}

impl Verbraucher for Telefonsammler<'_> {
    #[inline]
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kundensuche<'_>) {
        // The day first (cheap), the Kontaktart next, the customer last.
        if !n.in_tagen(&self.tage) || !ist_telefon(n.kontaktart()) {
            return;
        }
        let Some(u) = kunde
            .kunde()
            .map(Kundenplatz::verbund)
            .filter(|p| self.filter.kunden.get(*p) == Some(&true))
        else {
            return;
        };
        self.telefonate.push(Telefonat {
            kunde: u as u32,
            datum: n.datum(),
            auszug: n.auszug,
        });
    }
}

impl Teilergebnis for Telefonsammler<'_> {
    fn vereinen(&mut self, anderer: Self) {
        self.telefonate.extend(anderer.telefonate);
    }
}

//! The worklists of a team workbook (directive §6.3, Nachhaltung): „Überfällig“ — customers
//! past their Mindestwert, most overdue first — and „Demnächst fällig“ — customers who pass
//! their Zielwert or Mindestwert within the look-ahead, soonest first. The rule is
//! [`crate::rules::faelligkeit`].

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::bestand::Einzelfall;
use crate::rules::faelligkeit::{faelligkeit, Faelligkeit};

/// One customer on a worklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Eintrag<'a> {
    /// The customer.
    pub fall: &'a Einzelfall,
    /// Overdue: days past the Mindestwert; due soon: days left until the limit is passed.
    pub tage: i64,
    /// Due soon: the limit concerned (`true` Zielwert) and the last day within it.
    pub frist: Option<(bool, NaiveDate)>,
}

/// The two worklists of one team.
#[derive(Debug, Clone, Default)]
pub struct Arbeitslisten<'a> {
    /// Past the Mindestwert, most overdue first (then by Kundennummer).
    pub ueberfaellig: Vec<Eintrag<'a>>,
    /// Passing a limit within the look-ahead, soonest first (then by Kundennummer).
    pub demnaechst: Vec<Eintrag<'a>>,
}

/// The worklists of every team with customers, keyed by team code: one scan of the
/// population, not one per team workbook.
pub fn arbeitslisten_je_team(
    faelle: &[Einzelfall],
    stichtag: NaiveDate,
    vorlauf: u32,
) -> BTreeMap<&str, Arbeitslisten<'_>> {
    let mut je_team: BTreeMap<&str, Vec<&Einzelfall>> = BTreeMap::new();
    for e in faelle {
        je_team.entry(e.team.as_str()).or_default().push(e);
    }
    je_team
        .into_iter()
        .map(|(t, f)| (t, arbeitslisten(f, stichtag, vorlauf)))
        .collect()
}

/// The worklists of a team's customers `faelle`.
pub fn arbeitslisten<'a>(
    faelle: impl IntoIterator<Item = &'a Einzelfall>,
    stichtag: NaiveDate,
    vorlauf: u32,
) -> Arbeitslisten<'a> {
    let mut l = Arbeitslisten::default();
    for e in faelle {
        match faelligkeit(e.tage, e.zielwert, e.mindestwert, stichtag, vorlauf) {
            Faelligkeit::Ueberfaellig { tage } => l.ueberfaellig.push(Eintrag {
                fall: e,
                tage,
                frist: None,
            }),
            Faelligkeit::Demnaechst { zielwert, frist } => l.demnaechst.push(Eintrag {
                fall: e,
                tage: (frist - stichtag).num_days(),
                frist: Some((zielwert, frist)),
            }),
            Faelligkeit::Nicht => {}
        }
    }
    l.ueberfaellig.sort_by(|a, b| {
        b.tage
            .cmp(&a.tage)
            .then_with(|| a.fall.kundennummer.cmp(&b.fall.kundennummer))
    });
    l.demnaechst.sort_by(|a, b| {
        a.tage
            .cmp(&b.tage)
            .then_with(|| a.fall.kundennummer.cmp(&b.fall.kundennummer))
    });
    l
}

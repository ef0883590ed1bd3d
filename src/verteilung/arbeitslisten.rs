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
    /// Overdue: whether the customer was overdue at M − 1 too (`None` without M − 1's folder).
    pub schon_ueberfaellig: Option<bool>,
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
/// population, not one per team workbook. `schon_ueberfaellig` holds, per population position,
/// whether the customer was overdue at M − 1 (empty without M − 1's folder).
pub fn arbeitslisten_je_team<'a>(
    faelle: &'a [Einzelfall],
    stichtag: NaiveDate,
    vorlauf: u32,
    schon_ueberfaellig: &[bool],
) -> BTreeMap<&'a str, Arbeitslisten<'a>> {
    let mut je_team: BTreeMap<&str, Vec<(&Einzelfall, Option<bool>)>> = BTreeMap::new();
    for (i, e) in faelle.iter().enumerate() {
        let schon = schon_ueberfaellig.get(i).copied();
        je_team.entry(e.team.as_str()).or_default().push((e, schon));
    }
    je_team
        .into_iter()
        .map(|(t, f)| (t, arbeitslisten(f, stichtag, vorlauf)))
        .collect()
}

/// The worklists of a team's customers `faelle`, each with whether it was overdue at M − 1.
pub fn arbeitslisten<'a>(
    faelle: impl IntoIterator<Item = (&'a Einzelfall, Option<bool>)>,
    stichtag: NaiveDate,
    vorlauf: u32,
) -> Arbeitslisten<'a> {
    let mut l = Arbeitslisten::default();
    for (e, schon_ueberfaellig) in faelle {
        match faelligkeit(e.tage, e.zielwert, e.mindestwert, stichtag, vorlauf) {
            Faelligkeit::Ueberfaellig { tage } => l.ueberfaellig.push(Eintrag {
                fall: e,
                tage,
                frist: None,
                schon_ueberfaellig,
            }),
            Faelligkeit::Demnaechst { zielwert, frist } => l.demnaechst.push(Eintrag {
                fall: e,
                tage: (frist - stichtag).num_days(),
                frist: Some((zielwert, frist)),
                schon_ueberfaellig: None,
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

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
pub struct Eintrag {
    /// The customer's row in the population.
    pub kunde: usize,
    /// Overdue: days past the Mindestwert; due soon: days left until the limit is passed.
    pub tage: i64,
    /// Due soon: the limit concerned (`true` Zielwert) and the last day within it.
    pub frist: Option<(bool, NaiveDate)>,
    /// Overdue: whether the customer was overdue at M − 1 too (`None` without M − 1's folder).
    pub schon_ueberfaellig: Option<bool>,
    /// The next agreed appointment after the Stichtag (`None`: none, or no `termine.csv`):
    /// who already holds one need not be invited again.
    pub naechster_termin: Option<NaiveDate>,
}

/// The two worklists of one team.
#[derive(Debug, Clone, Default)]
pub struct Arbeitslisten {
    /// Past the Mindestwert, most overdue first (then by Kundennummer).
    pub ueberfaellig: Vec<Eintrag>,
    /// Passing a limit within the look-ahead, soonest first (then by Kundennummer).
    pub demnaechst: Vec<Eintrag>,
}

/// A customer a team's worklists are made from: population position, row, whether overdue at
/// M − 1.
type Listenkunde<'a> = (usize, &'a Einzelfall, Option<bool>);

/// The worklists of every team with customers, keyed by team code: one scan of the
/// population, not one per team workbook. `schon_ueberfaellig` holds, per population position,
/// whether the customer was overdue at M − 1 (empty without M − 1's folder); `naechster`
/// gives a population position's next agreed appointment.
pub fn arbeitslisten_je_team(
    faelle: &[Einzelfall],
    stichtag: NaiveDate,
    vorlauf: u32,
    schon_ueberfaellig: &[bool],
    naechster: &dyn Fn(usize) -> Option<NaiveDate>,
) -> BTreeMap<String, Arbeitslisten> {
    let mut je_team: BTreeMap<&str, Vec<Listenkunde>> = BTreeMap::new();
    for (i, e) in faelle.iter().enumerate() {
        let schon = schon_ueberfaellig.get(i).copied();
        je_team
            .entry(e.team.as_str())
            .or_default()
            .push((i, e, schon));
    }
    je_team
        .into_iter()
        .map(|(t, f)| {
            let mut l = arbeitslisten(f, stichtag, vorlauf);
            for e in l.ueberfaellig.iter_mut().chain(&mut l.demnaechst) {
                e.naechster_termin = naechster(e.kunde);
            }
            (t.to_string(), l)
        })
        .collect()
}

/// The worklists of a team's customers `faelle` (population position, row, whether overdue at
/// M − 1). Ties are broken by position: the population is sorted by Kundennummer.
pub fn arbeitslisten<'a>(
    faelle: impl IntoIterator<Item = Listenkunde<'a>>,
    stichtag: NaiveDate,
    vorlauf: u32,
) -> Arbeitslisten {
    let mut l = Arbeitslisten::default();
    for (kunde, e, schon_ueberfaellig) in faelle {
        match faelligkeit(e.tage, e.zielwert, e.mindestwert, stichtag, vorlauf) {
            Faelligkeit::Ueberfaellig { tage } => l.ueberfaellig.push(Eintrag {
                kunde,
                tage,
                frist: None,
                schon_ueberfaellig,
                naechster_termin: None,
            }),
            Faelligkeit::Demnaechst { zielwert, frist } => l.demnaechst.push(Eintrag {
                kunde,
                tage: (frist - stichtag).num_days(),
                frist: Some((zielwert, frist)),
                schon_ueberfaellig: None,
                naechster_termin: None,
            }),
            Faelligkeit::Nicht => {}
        }
    }
    l.ueberfaellig
        .sort_by(|a, b| b.tage.cmp(&a.tage).then(a.kunde.cmp(&b.kunde)));
    l.demnaechst
        .sort_by(|a, b| a.tage.cmp(&b.tage).then(a.kunde.cmp(&b.kunde)));
    l
}

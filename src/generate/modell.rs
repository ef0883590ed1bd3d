//! The generated data before it is written: teams, customers, notes.

use chrono::NaiveDate;

/// One team of the generated organisation.
pub(super) struct Team {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) gs: &'static str,
    pub(super) ifks: Vec<(String, f64)>,
}

/// One generated customer over all months (entry, exit, attributes).
pub(super) struct Kunde {
    pub(super) nr: String,
    pub(super) geburt: NaiveDate,
    pub(super) av: &'static str,
    pub(super) bb: &'static str,
    pub(super) zugang: NaiveDate,
    pub(super) abgang: Option<NaiveDate>,
    pub(super) fm: bool,
    pub(super) massnahme: Option<(NaiveDate, NaiveDate)>,
    pub(super) schule: bool,
    pub(super) sperre: bool,
    pub(super) team: String,
    pub(super) ifk: String,
}

/// A generated note; the author is the customer's IFK (kept small: a region has 45M notes).
pub(super) struct Vermerk {
    pub(super) kunde: u32,
    pub(super) datum: NaiveDate,
    pub(super) typ: &'static str,
    pub(super) kontakt: &'static str,
}

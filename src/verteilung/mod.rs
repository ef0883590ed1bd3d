//! Distribution to management (`run --verteilung`): what goes into the workbook of each
//! Geschäftsstelle and each team beyond the monthly figures — the „Letzte Beratung“ periods,
//! the conversations of the month, the 13-month trend and, for teams only, the worklists.
//!
//! Each figure is defined by a query in `queries/` (run by polars' SQL engine) or a rule in
//! [`crate::rules`]; this module prepares the frames and assembles the results per unit.

pub mod arbeitslisten;
pub mod bestaende;
pub mod gespraeche;
pub mod verlauf;
pub mod zeitraeume;

use std::collections::HashMap;

use crate::auswertung::{NICHT_ZUGEORDNET, OHNE_TEAM};
use crate::ingest::organisation::Organisation;

pub use crate::figures::ebenen_abfrage;

/// A recipient of figures: the Jobcenter as a whole, one Geschäftsstelle, one team (by code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Einheit {
    /// The whole Jobcenter (the main workbook).
    Jobcenter,
    /// A Geschäftsstelle by name (also [`NICHT_ZUGEORDNET`]).
    Geschaeftsstelle(String),
    /// A team by code (also [`OHNE_TEAM`] and codes unknown to `organisation.csv`).
    Team(String),
}

/// Team and Geschäftsstelle of a customer's team code (SPEC §3 assignment): an empty code is
/// [`OHNE_TEAM`], a code not in the organisation goes to [`NICHT_ZUGEORDNET`].
pub fn zuordnen(team: &str, org: &Organisation) -> (String, String) {
    if team.is_empty() {
        (OHNE_TEAM.to_string(), NICHT_ZUGEORDNET.to_string())
    } else {
        let gs = org
            .get(team)
            .map_or(NICHT_ZUGEORDNET.to_string(), |t| t.geschaeftsstelle.clone());
        (team.to_string(), gs)
    }
}

/// Unit names interned to integer codes (1-based): polars groups numbers much faster than
/// strings, and the names come back by code.
#[derive(Debug, Default, Clone)]
pub struct Namen {
    namen: Vec<String>,
    codes: HashMap<String, u32, foldhash::fast::RandomState>,
}

impl Namen {
    /// The code of `name`, assigned on first sight.
    pub fn nr(&mut self, name: &str) -> u32 {
        if let Some(n) = self.codes.get(name) {
            return *n;
        }
        self.namen.push(name.to_string());
        let n = self.namen.len() as u32;
        self.codes.insert(name.to_string(), n);
        n
    }

    /// How many names have a code (the largest code).
    pub fn anzahl(&self) -> usize {
        self.namen.len()
    }

    /// The name of code `nr` (empty for 0 or unknown codes).
    pub fn name(&self, nr: u32) -> &str {
        nr.checked_sub(1)
            .and_then(|i| self.namen.get(i as usize))
            .map_or("", String::as_str)
    }
}

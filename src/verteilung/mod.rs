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
pub mod verlaufsmonate;
pub mod zeitraeume;

use std::collections::HashMap;

use polars::prelude::DataFrame;

use crate::error::Ergebnis;
use crate::figures::spalte_anzahl;

use crate::einheit::Einheit;
pub use crate::figures::ebenen_abfrage;

/// The three unit levels of the distribution's queries, as `{schluessel}` / `{gruppierung}`
/// for [`ebenen_abfrage`]: `ebene_nr` 1 the Jobcenter, 2 a Geschäftsstelle, 3 a team.
pub const EINHEITSEBENEN: [(&str, &str); 3] = [
    ("1 AS ebene_nr, 0 AS gs_nr, 0 AS team_nr", "gesamt"),
    ("2 AS ebene_nr, gs_nr, 0 AS team_nr", "gs_nr"),
    ("3 AS ebene_nr, 0 AS gs_nr, team_nr", "team_nr"),
];

/// The codes of Geschäftsstellen and teams of one query frame (`gs_nr`, `team_nr`) and the
/// way back from a result row to its [`Einheit`].
#[derive(Debug, Default, Clone)]
pub struct Einheitscodes {
    /// Geschäftsstelle names.
    pub gs: Namen,
    /// Team codes.
    pub teams: Namen,
}

impl Einheitscodes {
    /// The unit of each row of a result with `ebene_nr`, `gs_nr`, `team_nr` (levels above 3,
    /// such as team × IFK, belong to their team).
    pub fn einheiten(&self, df: &DataFrame) -> Ergebnis<Vec<Einheit>> {
        let (en, gn, tn) = (
            spalte_anzahl(df, "ebene_nr")?,
            spalte_anzahl(df, "gs_nr")?,
            spalte_anzahl(df, "team_nr")?,
        );
        Ok((0..df.height())
            .map(|i| match en[i] {
                1 => Einheit::Jobcenter,
                2 => Einheit::Geschaeftsstelle(self.gs.name(gn[i] as u32).to_string()),
                _ => Einheit::Team(self.teams.name(tn[i] as u32).to_string()),
            })
            .collect())
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

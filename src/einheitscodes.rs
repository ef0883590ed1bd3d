//! One numbering of units for every query: polars groups integers much faster than strings,
//! so the figures, the appointment figures, the periods, the conversations and the trend all
//! build their frames with the codes of [`Einheitscodes::aus_einheiten`] — Geschäftsstellen in
//! name order, teams in the order of (Geschäftsstelle, team) — so that sorting by code sorts
//! by name and every team row of a CSV stands under its Geschäftsstelle; the Klärungsfälle
//! (`(nicht zugeordnet)`, `(ohne Team)`) come last. A name seen later
//! (a unit of an earlier trend month that month M no longer has) is numbered after them.

use std::collections::HashMap;

use crate::einheit::{Einheit, NICHT_ZUGEORDNET, OHNE_TEAM};

/// The codes of Geschäftsstellen and teams of one query frame (`gs_nr`, `team_nr`) and the
/// way back from a code to its [`Einheit`].
#[derive(Debug, Default, Clone)]
pub struct Einheitscodes {
    /// Geschäftsstelle names.
    pub gs: Namen,
    /// Team codes.
    pub teams: Namen,
}

impl Einheitscodes {
    /// The codes of the units `paare` (Geschäftsstelle, team; repeats allowed): Geschäftsstellen
    /// numbered from 1 in name order, teams in the order of their (Geschäftsstelle, team) pair.
    /// A team belongs to one Geschäftsstelle in a month (SPEC §3), so its code is its own.
    pub fn aus_einheiten<'a>(paare: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        // One row per customer, few distinct units: deduplicated by hash, then sorted.
        let verschieden: std::collections::HashSet<(&str, &str), foldhash::fast::RandomState> =
            paare.into_iter().collect();
        let mut verschieden: Vec<(&str, &str)> = verschieden.into_iter().collect();
        // Klärungsfälle (customers without a valid team) stand last in every table: they are
        // work for controlling, not a unit that performs (SPEC §4).
        verschieden.sort_unstable_by_key(|&(g, t)| (g == NICHT_ZUGEORDNET, g, t == OHNE_TEAM, t));
        let mut codes = Einheitscodes::default();
        let mut gs: Vec<&str> = verschieden.iter().map(|(g, _)| *g).collect();
        gs.dedup();
        for g in gs {
            codes.gs.nr(g);
        }
        for (_, t) in verschieden {
            codes.teams.nr(t);
        }
        codes
    }

    /// The codes (`gs_nr`, `team_nr`) of a unit this table numbered.
    ///
    /// # Panics
    /// If the unit was never given: a frame's codes are made from the rows it holds.
    pub fn codes_von(&self, gs: &str, team: &str) -> (i32, i32) {
        let code =
            |n: &Namen, name: &str| n.code(name).expect("every unit of a frame has a code") as i32;
        (code(&self.gs, gs), code(&self.teams, team))
    }

    /// The unit of a result row: level `ebene_nr` (1 Jobcenter, 2 Geschäftsstelle, 3 and
    /// above a team) and the codes.
    pub fn einheit(&self, ebene_nr: u64, gs_nr: u32, team_nr: u32) -> Einheit {
        match ebene_nr {
            1 => Einheit::Jobcenter,
            2 => Einheit::Geschaeftsstelle(self.gs.name(gs_nr).to_string()),
            _ => Einheit::Team(self.teams.name(team_nr).to_string()),
        }
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
    /// The code of `name`, assigned on first sight (after those given in name order).
    pub fn nr(&mut self, name: &str) -> u32 {
        if let Some(n) = self.codes.get(name) {
            return *n;
        }
        self.namen.push(name.to_string());
        let n = self.namen.len() as u32;
        self.codes.insert(name.to_string(), n);
        n
    }

    /// The code of `name`, if it has one.
    pub fn code(&self, name: &str) -> Option<u32> {
        self.codes.get(name).copied()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_numbered_in_name_order_teams_under_their_geschaeftsstelle() {
        let codes = Einheitscodes::aus_einheiten([
            ("Nord", "711"),
            ("Mitte", "621"),
            ("Nord", "611"),
            ("Mitte", "621"),
            ("Mitte", "622"),
        ]);
        assert_eq!(codes.gs.code("Mitte"), Some(1));
        assert_eq!(codes.gs.code("Nord"), Some(2));
        // Mitte's teams first, then Nord's: 621, 622, 611, 711.
        assert_eq!(codes.teams.code("621"), Some(1));
        assert_eq!(codes.teams.code("622"), Some(2));
        assert_eq!(codes.teams.code("611"), Some(3));
        assert_eq!(codes.teams.code("711"), Some(4));
        assert_eq!(codes.codes_von("Nord", "711"), (2, 4));
        assert_eq!(codes.einheit(3, 0, 3), Einheit::Team("611".into()));
        assert_eq!(
            codes.einheit(2, 2, 0),
            Einheit::Geschaeftsstelle("Nord".into())
        );
        assert_eq!(codes.einheit(1, 0, 0), Einheit::Jobcenter);
    }

    #[test]
    fn klaerungsfaelle_are_numbered_last() {
        let codes = Einheitscodes::aus_einheiten([
            ("(nicht zugeordnet)", "(ohne Team)"),
            ("(nicht zugeordnet)", "699"),
            ("Nord", "711"),
            ("Ahlen", "111"),
        ]);
        assert_eq!(codes.gs.code("Ahlen"), Some(1));
        assert_eq!(codes.gs.code("Nord"), Some(2));
        assert_eq!(codes.gs.code("(nicht zugeordnet)"), Some(3));
        assert_eq!(codes.teams.code("699"), Some(3));
        assert_eq!(codes.teams.code("(ohne Team)"), Some(4));
    }

    #[test]
    fn a_name_seen_later_is_numbered_after_the_others() {
        let mut codes = Einheitscodes::aus_einheiten([("Mitte", "621")]);
        assert_eq!(codes.teams.nr("599"), 2);
        assert_eq!(codes.teams.nr("621"), 1);
        assert_eq!(codes.teams.name(2), "599");
        assert_eq!(codes.teams.name(0), "");
    }
}

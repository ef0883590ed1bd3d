//! `organisation.csv`: which team belongs to which Geschäftsstelle (SPEC §2).
//!
//! Master data, small and decisive: a broken row would move a whole team's customers to
//! `(nicht zugeordnet)`, so problems here stop the run instead of being skipped.

use std::collections::BTreeMap;

use super::quelle::Quelle;
use super::strom::stammdaten_lesen;
use super::table::{position, Spalte};
use super::Eingabedatei;
use crate::error::Ergebnis;

/// One team of the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Display name (may be empty in the export).
    pub name: String,
    /// The Geschäftsstelle the team belongs to.
    pub geschaeftsstelle: String,
}

/// Team code → team, sorted by code.
pub type Organisation = BTreeMap<String, Team>;

pub const SPALTEN: &[Spalte] = &[
    Spalte::pflicht("Team"),
    Spalte::optional("Teamname", "Teams erscheinen nur mit ihrem Code"),
    Spalte::pflicht("Geschäftsstelle"),
];

// Field positions by name (checked at compile time against `SPALTEN`).
const TEAM: usize = position(SPALTEN, "Team");
const TEAMNAME: usize = position(SPALTEN, "Teamname");
const GESCHAEFTSSTELLE: usize = position(SPALTEN, "Geschäftsstelle");

/// Reads the organisation; identical duplicate rows are tolerated, contradicting ones are not.
pub fn organisation_lesen(quelle: &Quelle) -> Ergebnis<(Organisation, Eingabedatei)> {
    let mut org = Organisation::new();
    let gelesen = stammdaten_lesen(quelle, SPALTEN, |f| {
        let (code, name, gs) = (f[TEAM], f[TEAMNAME], f[GESCHAEFTSSTELLE]);
        if code.is_empty() || gs.is_empty() {
            return Err("Team und Geschäftsstelle dürfen nicht leer sein".into());
        }
        let team = Team {
            name: name.to_string(),
            geschaeftsstelle: gs.to_string(),
        };
        match org.get(code) {
            Some(alt) if *alt != team => Err(format!(
                "Team „{code}“ ist mehrfach mit unterschiedlichen Angaben aufgeführt ({} / {})",
                alt.geschaeftsstelle, gs
            )),
            Some(_) => Ok(()),
            None => {
                org.insert(code.to_string(), team);
                Ok(())
            }
        }
    })?;
    Ok((org, gelesen))
}

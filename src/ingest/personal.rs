//! `personal.csv`: the staff of the teams with their full-time equivalents (SPEC §2,
//! optional). Only the conversation figures per full-time equivalent use it.
//!
//! Master data like `organisation.csv`: a broken row would silently change a team's
//! conversations per full-time equivalent, so problems stop the run (with file and line)
//! instead of being skipped. A missing file is not an error: the workbooks then say that no
//! staff figures exist instead of inventing one.

use std::collections::BTreeMap;

use super::quelle::Quelle;
use super::strom::stammdaten_lesen;
use super::table::{position, Spalte};
use super::Eingabedatei;
use crate::error::Ergebnis;

/// One member of staff.
#[derive(Debug, Clone, PartialEq)]
pub struct Fachkraft {
    /// Display name (may be empty).
    pub name: String,
    /// Team code.
    pub team: String,
    /// Full-time equivalent, 0 < x ≤ 1.
    pub stellenanteil: f64,
}

/// IFK user id → staff member, sorted by id.
pub type Personal = BTreeMap<String, Fachkraft>;

pub const SPALTEN: &[Spalte] = &[
    Spalte::pflicht("IFK"),
    Spalte::optional("Name", "Fachkräfte erscheinen nur mit ihrer Kennung"),
    Spalte::pflicht("Team"),
    Spalte::pflicht("Stellenanteil"),
];

/// A full-time equivalent as exported: `1`, `0,5`, `0.75`, from 0 (staff on leave: listed, no
/// post counted) to 1.
pub fn stellenanteil_lesen(wert: &str) -> Option<f64> {
    let w = wert.trim();
    let ok = !w.is_empty()
        && w.bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        && w.bytes().filter(|b| *b == b',' || *b == b'.').count() <= 1;
    let x: f64 = w.replace(',', ".").parse().ok().filter(|_| ok)?;
    (0.0..=1.0).contains(&x).then_some(x)
}

// Field positions by name (checked at compile time against `SPALTEN`).
const IFK: usize = position(SPALTEN, "IFK");
const NAME: usize = position(SPALTEN, "Name");
const TEAM: usize = position(SPALTEN, "Team");
const STELLENANTEIL: usize = position(SPALTEN, "Stellenanteil");

/// Reads the staff list. The same IFK listed twice with the same data passes; with different
/// data it stops the run.
pub fn personal_lesen(quelle: &Quelle) -> Ergebnis<(Personal, Eingabedatei)> {
    let mut personal = Personal::new();
    let gelesen = stammdaten_lesen(quelle, SPALTEN, |f| {
        let (ifk, name, team, anteil) = (f[IFK], f[NAME], f[TEAM], f[STELLENANTEIL]);
        if ifk.is_empty() || team.is_empty() {
            return Err("IFK und Team dürfen nicht leer sein".into());
        }
        let stellenanteil = stellenanteil_lesen(anteil).ok_or_else(|| {
            format!("Stellenanteil „{anteil}“ ist keine Zahl von 0 bis 1 (z. B. 1, 0,5 oder 0.75)")
        })?;
        let neu = Fachkraft {
            name: name.to_string(),
            team: team.to_string(),
            stellenanteil,
        };
        match personal.get(ifk) {
            Some(alt) if *alt != neu => Err(format!(
                "IFK „{ifk}“ ist mehrfach mit unterschiedlichen Angaben aufgeführt"
            )),
            Some(_) => Ok(()),
            None => {
                personal.insert(ifk.to_string(), neu);
                Ok(())
            }
        }
    })?;
    Ok((personal, gelesen))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesen(text: &str) -> Ergebnis<(Personal, Eingabedatei)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("personal.csv");
        std::fs::write(&p, text).unwrap();
        personal_lesen(&Quelle::datei(&p, "2025-03/personal.csv"))
    }

    #[test]
    fn shares_in_both_notations() {
        for (w, x) in [
            ("1", Some(1.0)),
            ("0,5", Some(0.5)),
            ("0.75", Some(0.75)),
            ("0", Some(0.0)),
            ("0,0", Some(0.0)),
        ] {
            assert_eq!(stellenanteil_lesen(w), x, "{w}");
        }
        for w in [
            "", "1,01", "1,5", "-0,5", "1e0", "0,5,5", "halb", "NaN", "inf",
        ] {
            assert_eq!(stellenanteil_lesen(w), None, "{w}");
        }
    }

    #[test]
    fn reads_staff_and_stops_on_a_broken_row() {
        let (p, e) =
            lesen("IFK;Name;Team;Stellenanteil\nA1;Meyer;611;1\nB2;;611;0,5\nA1;Meyer;611;1\n")
                .unwrap();
        assert_eq!(e.zeilen, 3);
        assert_eq!(p.len(), 2);
        assert_eq!(p["B2"].stellenanteil, 0.5);
        let f = lesen("IFK;Team;Stellenanteil\nA1;611;x\n").unwrap_err();
        let t = f.to_string();
        assert!(t.contains("personal.csv") && t.contains("Zeile 2"), "{t}");
        let f = lesen("IFK;Team;Stellenanteil\nA1;611;1\nA1;612;1\n").unwrap_err();
        assert!(f.to_string().contains("mehrfach"), "{f}");
        let f = lesen("IFK;Stellenanteil\nA1;1\n").unwrap_err();
        assert!(f.to_string().contains("Team"), "{f}");
    }
}

//! The export folder layout of SPEC §2: one folder per month, named `JJJJ-MM`.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::error::{Ergebnis, Fehler};

/// A calendar month, the unit of every run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Monat {
    /// Four-digit year.
    pub jahr: i32,
    /// 1–12.
    pub monat: u32,
}

impl Monat {
    /// Parses `JJJJ-MM` strictly (two-digit month, 01–12); `None` otherwise.
    pub fn lesen(wert: &str) -> Option<Monat> {
        let (j, m) = wert.split_once('-')?;
        if j.len() != 4 || m.len() != 2 || !(j.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let monat = Monat {
            jahr: j.parse().ok()?,
            monat: m.parse().ok()?,
        };
        (1..=12).contains(&monat.monat).then_some(monat)
    }

    /// First day of the month.
    pub fn erster_tag(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.jahr, self.monat, 1).expect("validated month")
    }

    /// Last day of the month: the default Stichtag (SPEC §3).
    pub fn letzter_tag(self) -> NaiveDate {
        self.folgemonat().erster_tag().pred_opt().expect("in range")
    }

    /// The month after this one.
    pub fn folgemonat(self) -> Monat {
        self.plus(1)
    }

    /// Months since January of year 0: month arithmetic becomes integer arithmetic.
    pub fn nummer(self) -> i32 {
        self.jahr * 12 + self.monat as i32 - 1
    }

    /// The month `n` months after this one (before it for negative `n`).
    pub fn plus(self, n: i32) -> Monat {
        let g = self.nummer() + n;
        Monat {
            jahr: g.div_euclid(12),
            monat: g.rem_euclid(12) as u32 + 1,
        }
    }

    /// The month a date falls in.
    pub fn von_datum(d: NaiveDate) -> Monat {
        Monat {
            jahr: d.year(),
            monat: d.month(),
        }
    }
}

impl fmt::Display for Monat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.jahr, self.monat)
    }
}

/// Every month folder of `eingabe` up to and including `bis`, oldest first. Later folders are
/// never read: a re-run of an old month must see only what was known then (SPEC §2). Folders
/// whose name is not a valid `JJJJ-MM` are ignored (with a note in the log).
pub fn monatsordner(eingabe: &Path, bis: Monat) -> Ergebnis<Vec<(Monat, PathBuf)>> {
    let fehlt = || Fehler::OrdnerFehlt {
        pfad: eingabe.to_path_buf(),
        erwartet: "ein Eingabeordner mit Monatsordnern JJJJ-MM".into(),
    };
    if !eingabe.is_dir() {
        return Err(fehlt());
    }
    let eintraege = std::fs::read_dir(eingabe).map_err(|ursache| Fehler::DateiUnlesbar {
        pfad: eingabe.to_path_buf(),
        ursache,
    })?;
    let mut ordner = Vec::new();
    for eintrag in eintraege.flatten() {
        let name = eintrag.file_name().to_string_lossy().into_owned();
        let pfad = eintrag.path();
        match Monat::lesen(&name) {
            // A month folder that is there but cannot be read would silently drop its
            // extract and move the figures: say what it is instead.
            Some(m) if m <= bis => match std::fs::metadata(&pfad) {
                Ok(md) if md.is_dir() => ordner.push((m, pfad)),
                Ok(_) => {
                    return Err(Fehler::KeinOrdner {
                        pfad,
                        art: "eine Datei",
                    })
                }
                Err(ursache) => return Err(Fehler::DateiUnlesbar { pfad, ursache }),
            },
            Some(_) => {}
            None if pfad.is_dir() => tracing::warn!(
                "Ordner „{}“ in {} ist kein Monatsordner (JJJJ-MM) und wird ignoriert",
                crate::error::kurz(&name, 80),
                eingabe.display()
            ),
            None => {}
        }
    }
    ordner.sort();
    if ordner.last().map(|(m, _)| *m) != Some(bis) {
        return Err(Fehler::OrdnerFehlt {
            pfad: eingabe.join(bis.to_string()),
            erwartet: format!(
                "der Monatsordner {bis} mit kunden.csv, vermerke.csv und organisation.csv"
            ),
        });
    }
    Ok(ordner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic_crosses_years() {
        let m = Monat::lesen("2026-02").unwrap();
        assert_eq!(m.plus(0), m);
        assert_eq!(m.plus(-1).to_string(), "2026-01");
        assert_eq!(m.plus(-2).to_string(), "2025-12");
        assert_eq!(m.plus(-12).to_string(), "2025-02");
        assert_eq!(m.plus(-14).to_string(), "2024-12");
        assert_eq!(m.plus(11).to_string(), "2027-01");
        assert_eq!(
            Monat::lesen("2025-12").unwrap().folgemonat().to_string(),
            "2026-01"
        );
        assert_eq!(m.plus(-14).nummer() - m.nummer(), -14);
    }

    #[test]
    fn month_parsing_and_last_day() {
        let m = Monat::lesen("2024-02").unwrap();
        assert_eq!(
            m.letzter_tag(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            Monat::lesen("2025-02").unwrap().letzter_tag().to_string(),
            "2025-02-28"
        );
        assert_eq!(
            Monat::lesen("2025-12").unwrap().letzter_tag().to_string(),
            "2025-12-31"
        );
        for bad in [
            "2025-13", "2025-00", "2025-1", "25-01", "2025/01", "", "2025-1a",
        ] {
            assert_eq!(Monat::lesen(bad), None, "{bad}");
        }
    }

    #[test]
    fn folders_up_to_month_sorted_and_invalid_names_ignored() {
        let dir = std::env::temp_dir().join(format!("br-folders-{}", std::process::id()));
        for n in ["2025-03", "2025-01", "2025-13", "notizen", "2025-04"] {
            std::fs::create_dir_all(dir.join(n)).unwrap();
        }
        let got = monatsordner(&dir, Monat::lesen("2025-03").unwrap()).unwrap();
        let namen: Vec<String> = got.iter().map(|(m, _)| m.to_string()).collect();
        assert_eq!(namen, ["2025-01", "2025-03"]);
        assert!(matches!(
            monatsordner(&dir, Monat::lesen("2025-02").unwrap()),
            Err(Fehler::OrdnerFehlt { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

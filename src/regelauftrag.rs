//! The checked configuration of `regeln`: its raw arguments turned into one of its three
//! tasks before anything is printed or read, as `run`'s are ([`crate::lauf`]).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::RegelnArgs;
use crate::error::Ergebnis;
use crate::ingest::folders::Monat;
use crate::ingest::spalten::Spaltennamen;
use crate::lauf::{monat_pruefen, spalten_laden, Regeldatei};
use crate::rules::Fassung;

/// What `regeln` was asked to do, checked.
#[derive(Debug)]
pub enum Regelauftrag {
    /// Print every version of the rules file and its groups.
    Zeigen(Regeldatei),
    /// Print the rules file as a template (`--toml`): the embedded one with its explanations
    /// at the head (`eingebaut`), one's own as it is.
    Vorlage {
        regeldatei: Regeldatei,
        eingebaut: bool,
    },
    /// Check a rules file against month M's customers (`--pruefen`).
    Pruefen(Regelpruefung),
}

/// `regeln --pruefen DATEI --input ORDNER --month M`, checked: the rules file read and its
/// version in force at M's Stichtag found, before the export is read.
#[derive(Debug)]
pub struct Regelpruefung {
    /// The rules file checked.
    pub regeldatei: Regeldatei,
    /// Its version in force at the Stichtag (index into `regeln.werk.fassungen`).
    pub angewandt: usize,
    /// The month whose `kunden.csv` is read.
    pub monat: Monat,
    /// Its last day.
    pub stichtag: NaiveDate,
    /// The export folder.
    pub eingabe: PathBuf,
    /// The site's column names (`--spalten`; empty without).
    pub spalten: Spaltennamen,
}

impl Regelpruefung {
    /// The version in force at the Stichtag.
    pub fn fassung(&self) -> &Fassung {
        &self.regeldatei.werk.fassungen[self.angewandt]
    }
}

impl Regelauftrag {
    /// Checks the call: month, rules file, its version in force, column names. Reads no
    /// export.
    pub fn aus_argumenten(args: &RegelnArgs) -> Ergebnis<Regelauftrag> {
        if let Some(datei) = &args.pruefen {
            // clap ensures --month comes with --pruefen.
            let monat = monat_pruefen(args.monat.as_deref().unwrap_or_default())?;
            let regeldatei = Regeldatei::laden(Some(datei))?;
            let stichtag = monat.letzter_tag();
            let angewandt = regeldatei.in_kraft(stichtag)?;
            return Ok(Regelauftrag::Pruefen(Regelpruefung {
                regeldatei,
                angewandt,
                monat,
                stichtag,
                eingabe: args.eingabe.clone(),
                spalten: spalten_laden(args.spalten.as_deref())?,
            }));
        }
        let regeldatei = Regeldatei::laden(args.regeln.as_deref())?;
        Ok(if args.toml {
            Regelauftrag::Vorlage {
                regeldatei,
                eingebaut: args.regeln.is_none(),
            }
        } else {
            Regelauftrag::Zeigen(regeldatei)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Fehler;

    fn args(pruefen: Option<&str>, monat: Option<&str>, toml: bool) -> RegelnArgs {
        RegelnArgs {
            regeln: None,
            toml,
            pruefen: pruefen.map(PathBuf::from),
            eingabe: PathBuf::from("export"),
            monat: monat.map(String::from),
            spalten: None,
        }
    }

    #[test]
    fn each_task_is_checked_before_anything_is_read() {
        assert!(matches!(
            Regelauftrag::aus_argumenten(&args(None, None, false)),
            Ok(Regelauftrag::Zeigen(_))
        ));
        assert!(matches!(
            Regelauftrag::aus_argumenten(&args(None, None, true)),
            Ok(Regelauftrag::Vorlage {
                eingebaut: true,
                ..
            })
        ));
        // A bad month is refused before the rules file is opened (it does not exist).
        assert!(matches!(
            Regelauftrag::aus_argumenten(&args(Some("fehlt.toml"), Some("2026-13"), false)),
            Err(Fehler::MonatUngueltig { .. })
        ));
        assert!(matches!(
            Regelauftrag::aus_argumenten(&args(Some("fehlt.toml"), Some("2026-10"), false)),
            Err(Fehler::DateiUnlesbar { .. })
        ));
    }

    #[test]
    fn the_version_in_force_at_the_months_last_day_is_applied() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("regeln.toml");
        std::fs::write(&p, crate::rules::regelwerk::STANDARD_REGELN).unwrap();
        let a = args(Some(p.to_str().unwrap()), Some("2026-02"), false);
        let Ok(Regelauftrag::Pruefen(r)) = Regelauftrag::aus_argumenten(&a) else {
            panic!("a check");
        };
        assert_eq!(r.stichtag, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(r.monat.to_string(), "2026-02");
        assert!(r.fassung().richtlinie.in_kraft_ab <= r.stichtag);
    }
}

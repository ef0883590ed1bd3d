//! The checked run configuration: `run`'s raw arguments turned into what a run needs, with
//! every check that needs no export done before any export is read (ripgrep's model: raw
//! arguments → validated configuration). A run then only reads this value. The checks every
//! subcommand's configuration shares are here too ([`monat_pruefen`], [`Regeln::laden`],
//! [`Regeln::in_kraft`], [`spalten_laden`]).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::RunArgs;
use crate::error::{Ergebnis, Fehler};
use crate::ingest::dates::{datum_lesen, deutsch};
use crate::ingest::folders::Monat;
use crate::ingest::spalten::Spaltennamen;
use crate::rules::{Fassung, Regelwerk};

/// The rules file and where it came from; `text` is the bytes it was parsed from, hashed for
/// the run record (read once: what is applied is what is recorded).
#[derive(Debug)]
pub struct Regeldatei {
    /// The parsed, validated rules file (every version).
    pub werk: Regelwerk,
    /// `(eingebaut)` or the `--rules` path.
    pub quelle: String,
    /// The rules text as read.
    pub text: String,
}

/// `--month`/`--from`: `JJJJ-MM`, or the German error naming the value.
pub fn monat_pruefen(wert: &str) -> Ergebnis<Monat> {
    Monat::lesen(wert).ok_or_else(|| Fehler::MonatUngueltig {
        wert: wert.to_string(),
    })
}

/// `--spalten FILE`, or no site names.
pub fn spalten_laden(datei: Option<&Path>) -> Ergebnis<Spaltennamen> {
    match datei {
        Some(p) => Spaltennamen::laden(p),
        None => Ok(Spaltennamen::default()),
    }
}

impl Regeldatei {
    /// Which version is in force at `stichtag` (its index in `werk.fassungen`), or the German
    /// error naming the rules file and the day.
    pub fn in_kraft(&self, stichtag: NaiveDate) -> Ergebnis<usize> {
        let fassung = self.werk.in_kraft_oder_fehler(stichtag, &self.quelle)?;
        Ok(self
            .werk
            .fassungen
            .iter()
            .position(|f| std::ptr::eq(f, fassung))
            .expect("a version of this file"))
    }

    /// `--rules FILE` or the embedded rules.
    pub fn laden(datei: Option<&Path>) -> Ergebnis<Regeldatei> {
        match datei {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|ursache| Fehler::DateiUnlesbar {
                    pfad: p.to_path_buf(),
                    ursache,
                })?;
                Ok(Regeldatei {
                    werk: Regelwerk::aus_text(&text, &p.display().to_string())?,
                    quelle: p.display().to_string(),
                    text,
                })
            }
            None => Ok(Regeldatei {
                werk: Regelwerk::standard(),
                quelle: "(eingebaut)".into(),
                text: crate::rules::regelwerk::STANDARD_REGELN.to_string(),
            }),
        }
    }
}

/// What `--verteilung` asks for.
#[derive(Debug, Clone, Copy)]
pub struct Verteilung {
    /// Look-ahead of the worklist „Demnächst fällig“, days.
    pub vorlauf: u32,
    /// Conversations per IFK in the team workbooks.
    pub je_ifk: bool,
}

/// Everything a run needs, checked.
#[derive(Debug)]
pub struct Laufkonfiguration {
    /// The month evaluated.
    pub monat: Monat,
    /// Its Stichtag (the month's last day unless `--stichtag`), never in the future.
    pub stichtag: NaiveDate,
    /// The export folder.
    pub eingabe: PathBuf,
    /// The month's output folder `OUT/JJJJ-MM` (the output layer checks it before any reading:
    /// not the export, nothing foreign in it).
    pub ziel: PathBuf,
    /// The rules file.
    pub regeldatei: Regeldatei,
    /// Which of its versions is in force at the Stichtag (index into `regeln.werk.fassungen`).
    pub angewandt: usize,
    /// The site's column names (`--spalten`; empty without).
    pub spalten: Spaltennamen,
    /// The distribution, if asked for.
    pub verteilung: Option<Verteilung>,
    /// `--strict`.
    pub streng: bool,
}

impl Laufkonfiguration {
    /// Checks the call: month, Stichtag, rules file, column names. Reads no export.
    pub fn aus_argumenten(args: &RunArgs) -> Ergebnis<Laufkonfiguration> {
        let monat = monat_pruefen(&args.monat)?;
        let stichtag = match &args.stichtag {
            Some(s) => datum_lesen(s.trim())
                .ok_or_else(|| Fehler::StichtagUngueltig { wert: s.clone() })?,
            None => monat.letzter_tag(),
        };
        if stichtag < monat.erster_tag() || stichtag > monat.letzter_tag() {
            return Err(Fehler::StichtagAusserhalbMonat {
                stichtag: deutsch(stichtag),
                monat: monat.to_string(),
                erster: deutsch(monat.erster_tag()),
                letzter: deutsch(monat.letzter_tag()),
            });
        }
        let heute = chrono::Local::now().date_naive();
        if stichtag > heute {
            return Err(Fehler::StichtagInZukunft {
                stichtag: deutsch(stichtag),
                heute: deutsch(heute),
            });
        }
        let regeldatei = Regeldatei::laden(args.regeln.as_deref())?;
        let angewandt = regeldatei.in_kraft(stichtag)?;
        let spalten = spalten_laden(args.spalten.as_deref())?;
        // The extract cache is retired (filling it doubled a first run, a warm run saved
        // 0.2 s, and every change to the pass had to be made twice); the options stay
        // accepted so that scripts written for it keep running.
        if let Some(ordner) = &args.zwischenspeicher {
            tracing::warn!(
                "--cache {} wird nicht mehr verwendet: jeder Lauf liest jede Datei neu",
                ordner.display()
            );
        }
        let ziel = args.ausgabe.join(monat.to_string());
        Ok(Laufkonfiguration {
            monat,
            stichtag,
            eingabe: args.eingabe.clone(),
            ziel,
            regeldatei,
            angewandt,
            spalten,
            verteilung: args.verteilung.then_some(Verteilung {
                vorlauf: args.vorlauf,
                je_ifk: args.ifk_auswertung,
            }),
            streng: args.streng,
        })
    }
}

impl Laufkonfiguration {
    /// The version of the directive in force at the Stichtag: what the report month applies.
    pub fn fassung(&self) -> &Fassung {
        &self.regeldatei.werk.fassungen[self.angewandt]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_read_once_and_recorded_as_applied() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("regeln.toml");
        let text =
            crate::rules::regelwerk::STANDARD_REGELN.replace("zielwert = 90", "zielwert = 91");
        std::fs::write(&p, &text).unwrap();
        let r = Regeldatei::laden(Some(&p)).unwrap();
        assert_eq!(r.text, text, "the recorded text is the text parsed");
        assert!(r.werk.fassungen[0].gruppen.iter().any(|g| g.zielwert == 91));
        assert_eq!(r.quelle, p.display().to_string());
        let e = Regeldatei::laden(Some(&dir.path().join("fehlt.toml"))).unwrap_err();
        assert!(matches!(e, Fehler::DateiUnlesbar { .. }), "{e}");
        let eingebaut = Regeldatei::laden(None).unwrap();
        assert_eq!(eingebaut.quelle, "(eingebaut)");
        assert_eq!(eingebaut.text, crate::rules::regelwerk::STANDARD_REGELN);
    }
}

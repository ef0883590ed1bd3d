//! The checked configuration of `generate`: its raw arguments turned into a [`Vorgabe`]
//! before anything is written, as `run`'s are ([`crate::lauf`]).

use std::path::PathBuf;

use crate::cli::GenerateArgs;
use crate::error::Ergebnis;
use crate::ingest::folders::Monat;
use crate::lauf::monat_pruefen;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Vorgabe {
    /// Target folder (month folders are created inside).
    pub ziel: PathBuf,
    /// Approximate customer stock per month.
    pub kunden: usize,
    /// First month folder.
    pub von: Monat,
    /// Number of month folders.
    pub monate: u32,
    /// Months of note history before `von`, all in the first extract.
    pub historie: u32,
    /// Random seed.
    pub seed: u64,
    /// Mix in bad rows.
    pub fehler: bool,
    /// Vary the export format per file and month, move a team between Geschäftsstellen half
    /// way, deliver some notes late (see [`Stil`]).
    pub vielfalt: bool,
    /// Write the appointment calendar (`termine.csv`) and the phone follow-ups in the notes.
    pub termine: bool,
    /// Write each extract's notes grouped per customer (then by date) instead
    /// of as made (by date, customers interleaved): only to compare reading speeds.
    pub nach_kunde: bool,
}

impl Vorgabe {
    /// Checks the call: the first month (the counts are at least one: clap refuses 0).
    pub fn aus_argumenten(args: &GenerateArgs) -> Ergebnis<Vorgabe> {
        Ok(Vorgabe {
            ziel: args.ziel.clone(),
            kunden: args.kunden as usize,
            von: monat_pruefen(&args.von)?,
            monate: args.monate,
            historie: args.historie,
            seed: args.seed,
            fehler: args.fehler,
            vielfalt: args.vielfalt,
            termine: !args.ohne_termine,
            nach_kunde: args.nach_kunde,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn aufruf(zusatz: &[&str]) -> Result<GenerateArgs, clap::Error> {
        #[derive(Parser)]
        struct Probe {
            #[command(flatten)]
            args: GenerateArgs,
        }
        let mut a = vec!["probe", "--out", "x", "--from", "2026-01"];
        a.extend(zusatz);
        Probe::try_parse_from(a).map(|p| p.args)
    }

    #[test]
    fn counts_of_zero_and_bad_months_are_refused() {
        let v = Vorgabe::aus_argumenten(&aufruf(&[]).unwrap()).unwrap();
        assert_eq!(
            (v.kunden, v.monate, v.historie, v.seed, v.termine),
            (2000, 13, 24, 1, true)
        );
        assert_eq!(v.von, Monat::lesen("2026-01").unwrap());
        for null in [["--customers", "0"], ["--months", "0"]] {
            let e = aufruf(&null).expect_err("0 refused");
            assert_eq!(
                e.kind(),
                clap::error::ErrorKind::ValueValidation,
                "{null:?}"
            );
        }
        let mut a = aufruf(&[]).unwrap();
        a.von = "2026-1".into();
        assert!(matches!(
            Vorgabe::aus_argumenten(&a),
            Err(crate::error::Fehler::MonatUngueltig { .. })
        ));
    }
}

//! beratungsreport: the monthly counselling controlling of a Jobcenter.
//!
//! Reads VerBIS-style export folders (SPEC §2), applies the directive's rules (SPEC §3) and
//! writes the management workbook, figures, customer rows, rejected rows and a run record
//! (SPEC §4). The data flow forward only:
//!
//! ```text
//! ingest (files → validated records, rejects) → rules (population, age, group, days)
//!   → auswertung (one row per customer + reconciliation) → figures (queries/*.sql via polars)
//!   → output (workbook, CSVs, protokoll.json; published atomically)
//! ```

pub mod auswertung;
pub mod befehle;
pub mod bestand;
pub mod cli;
pub mod einheit;
pub mod einheitscodes;
pub mod error;
pub mod figures;
pub mod fortschritt;
pub mod generate;
pub mod ingest;
pub mod katalog;
pub mod lauf;
mod log;
pub mod output;
pub mod parallel;
pub mod pass;
pub mod regelauftrag;
pub mod rules;
pub mod termintreue;
pub mod verteilung;

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;

use cli::{Befehl, Cli};

/// Runs the program with the given arguments and returns the exit status. Never panics on
/// user input; errors are printed in German with their cause chain.
pub fn hauptprogramm(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return aufruffehler(e),
    };
    log::einrichten(cli.ausfuehrlich, cli.still);
    let ergebnis = match cli.befehl {
        Befehl::Run(a) => befehle::run::run(&a, &fortschritt::Fortschritt::neu(!cli.still)),
        Befehl::Regeln(a) => befehle::regeln::regeln(&a),
        Befehl::Generate(a) => befehle::generate::generate(&a),
    };
    match ergebnis {
        Ok(()) => 0,
        Err(f) => {
            eprintln!("Fehler: {}", error::kurz(&f.to_string(), 2000));
            let mut ursache = std::error::Error::source(&f);
            while let Some(u) = ursache {
                eprintln!("  Ursache: {}", error::ursache_text(u));
                ursache = u.source();
            }
            f.exit_status()
        }
    }
}

/// Prints clap's parse errors in German (help and version go to stdout as usual).
fn aufruffehler(e: clap::Error) -> i32 {
    let werte = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let text = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                2
            } else {
                0
            };
        }
        ErrorKind::MissingRequiredArgument => {
            format!("Pflichtangabe fehlt: {}", werte(ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => {
            format!("Unbekannte Option: {}", werte(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => format!(
            "Unbekannter Befehl: {} (bekannt sind run, regeln, generate)",
            werte(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingSubcommand => "Befehl fehlt: run, regeln oder generate".into(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "Ungültiger Wert „{}“ für {}",
            werte(ContextKind::InvalidValue),
            werte(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => format!(
            "Optionen schließen sich aus: {}",
            werte(ContextKind::InvalidArg)
        ),
        ErrorKind::TooManyValues => {
            format!(
                "Option mehrfach oder mit zu vielen Werten angegeben: {}",
                werte(ContextKind::InvalidArg)
            )
        }
        _ => "Ungültiger Aufruf".into(),
    };
    eprintln!("Fehler: {text}\nHilfe: beratungsreport --help");
    2
}

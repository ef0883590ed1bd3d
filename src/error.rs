//! The one error type of the library.
//!
//! Every variant says *what* went wrong, *in whose file*, and *what was expected*, in German,
//! because the message is shown to a controlling analyst, not to a developer. The binary maps
//! each variant to an exit status with [`Fehler::exit_status`] so scripts can tell a broken
//! export (2) from a run that finished with rejected rows under `--strict` (3).

use std::path::PathBuf;

/// Everything that can stop a run.
///
/// Row-level problems are *not* errors: they are rejected rows (see
/// [`crate::ingest::Abweisung`]) and the run goes on. Only problems that make the whole input
/// or output unusable end up here.
#[derive(Debug, thiserror::Error)]
pub enum Fehler {
    /// `--month` is not of the form `JJJJ-MM`.
    #[error("Ungültiger Monat „{wert}“: erwartet wird JJJJ-MM, z. B. 2026-10")]
    MonatUngueltig { wert: String },

    /// `--stichtag` could not be read as a date.
    #[error("Ungültiger Stichtag „{wert}“: erwartet wird TT.MM.JJJJ oder JJJJ-MM-TT")]
    StichtagUngueltig { wert: String },

    /// The Stichtag lies after today: the month has not ended, the figures would be guesses.
    #[error(
        "Der Stichtag {stichtag} liegt in der Zukunft (heute ist {heute}): \
         ein Monat kann erst nach seinem Ende ausgewertet werden"
    )]
    StichtagInZukunft { stichtag: String, heute: String },

    /// The input folder or the month folder does not exist.
    #[error("Ordner nicht gefunden: {pfad}: erwartet wird {erwartet}")]
    OrdnerFehlt { pfad: PathBuf, erwartet: String },

    /// A required export file is missing from the month folder.
    #[error("Datei fehlt: {pfad}: jeder Monatsordner braucht kunden.csv, vermerke.csv und organisation.csv")]
    DateiFehlt { pfad: PathBuf },

    /// The operating system refused to read a file.
    #[error("Datei kann nicht gelesen werden: {pfad}")]
    DateiUnlesbar {
        pfad: PathBuf,
        #[source]
        ursache: std::io::Error,
    },

    /// A file has no header line at all.
    #[error("Datei ist leer: {pfad}: erwartet wird eine Kopfzeile mit den Spalten {erwartet}")]
    DateiLeer { pfad: PathBuf, erwartet: String },

    /// A required column is missing; the message lists the columns that were found, because
    /// the usual cause is a renamed column or a wrong separator.
    #[error(
        "Pflichtspalte „{spalte}“ fehlt in {pfad}. Gefundene Spalten: {gefunden}. \
         Erwartet wird eine Kopfzeile mit „;“ als Trennzeichen"
    )]
    SpalteFehlt {
        pfad: PathBuf,
        spalte: String,
        gefunden: String,
    },

    /// The same column appears twice in a header: which one is meant cannot be guessed.
    #[error("Spalte „{spalte}“ kommt in der Kopfzeile von {pfad} mehrfach vor: erwartet wird jede Spalte genau einmal")]
    SpalteDoppelt { pfad: PathBuf, spalte: String },

    /// The file is in an encoding we do not read (UTF-16, binary data).
    #[error("Unbekannte Zeichenkodierung in {pfad}: {hinweis}. Erwartet wird UTF-8 oder Windows-1252 (CSV, „;“-getrennt)")]
    Kodierung { pfad: PathBuf, hinweis: String },

    /// `organisation.csv` is master data: one broken row would move a whole team, so it is
    /// not skipped but stops the run.
    #[error("Fehler in {pfad}, Zeile {zeile}: {grund}")]
    Stammdaten {
        pfad: PathBuf,
        zeile: u64,
        grund: String,
    },

    /// The rules file cannot be read or contradicts itself.
    #[error("Regeldatei {quelle} ist ungültig: {grund}")]
    Regeln { quelle: String, grund: String },

    /// Writing an output failed; the previous outputs of the month are untouched.
    #[error("Ausgabe kann nicht geschrieben werden: {pfad}")]
    Ausgabe {
        pfad: PathBuf,
        #[source]
        ursache: std::io::Error,
    },

    /// The workbook library refused the workbook.
    #[error("Arbeitsmappe kann nicht erstellt werden")]
    Arbeitsmappe(#[from] rust_xlsxwriter::XlsxError),

    /// The figures could not be computed (a defect of this program, not of the input).
    #[error("Interner Fehler bei der Berechnung der Kennzahlen")]
    Berechnung(#[from] polars::error::PolarsError),

    /// `--strict` and at least one row was rejected. The outputs are written.
    #[error("{anzahl} Zeile(n) abgewiesen (--strict): Details in {pfad}")]
    Strikt { anzahl: usize, pfad: PathBuf },
}

impl Fehler {
    /// Exit status for the shell: 2 = input or call unusable, 3 = `--strict` with rejects,
    /// 1 = output or internal failure.
    pub fn exit_status(&self) -> i32 {
        match self {
            Fehler::Strikt { .. } => 3,
            Fehler::Ausgabe { .. } | Fehler::Arbeitsmappe(_) | Fehler::Berechnung(_) => 1,
            _ => 2,
        }
    }
}

/// Result alias used throughout the library.
pub type Ergebnis<T> = Result<T, Fehler>;

//! Ingest: from an export folder to typed, validated records.
//!
//! Every input row ends here either as a record or as an [`Abweisung`] with file, line and
//! reason: nothing is dropped silently (SPEC §5). Structural problems (missing file, column,
//! unreadable encoding) stop the run with a [`crate::error::Fehler`] before anything is written.

pub mod abweisungen;
pub mod automat;
pub mod dates;
pub mod decode;
pub mod folders;
pub mod kennung;
pub mod kunden;
pub mod laufbuch;
pub mod organisation;
pub mod personal;
pub mod quelle;
pub mod satz;
pub mod spalten;
pub mod strom;
pub mod table;
pub mod termine;
pub mod vermerke;
pub mod xlsx;

/// A short text of an export row (ids, status, team, IFK): up to 24 bytes kept inline, so
/// reading a row allocates nothing (bremen's 139,675 appointment rows: three allocations per
/// row before; a region's million customers: five).
pub type Text = compact_str::CompactString;

use std::path::Path;

use crate::error::{Ergebnis, Fehler};
pub use decode::Kodierung;

/// How much of a value a rejection reason quotes: the whole row is in `abgewiesen.csv`'s
/// `inhalt` anyway, and a 200 MB field must not be copied into its reason as well.
pub const WERT_MAX: usize = 80;

/// A rejected input row, as listed in `abgewiesen.csv` and the workbook's Prüfprotokoll.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Abweisung {
    /// File path relative to the input folder, e.g. `2026-10/kunden.csv`.
    pub datei: String,
    /// 1-based line number in that file.
    pub zeile: u64,
    /// Why the row was not used, in German.
    pub grund: String,
    /// The row as it stood in the file.
    pub roh: String,
}

/// One input file as recorded in `protokoll.json`: where it was, what it held, which bytes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Eingabedatei {
    /// Path relative to the input folder (stable across machines).
    pub pfad: String,
    /// SHA-256 of the bytes read.
    pub sha256: String,
    /// Data rows (blank lines and the header not counted).
    pub zeilen: u64,
    /// Encoding the file was read in.
    pub kodierung: Kodierung,
    /// Optional columns the file lacks, with what that means for the figures.
    pub fehlende_spalten: Vec<FehlendeSpalte>,
}

/// An optional column an export lacks (SPEC §2): named in a warning, on the Prüfprotokoll and
/// in the run record; an error under `--strict`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FehlendeSpalte {
    /// The column as SPEC §2 names it.
    pub spalte: String,
    /// What its absence means for the figures, in German.
    pub folge: String,
}

/// Whether an export file is there: `Ok(false)` when nothing has that name, `Ok(true)` for a
/// regular file (or a link to one). Anything else stops the run naming what was found: a
/// folder, a FIFO (reading it would wait forever), a device, a link loop, a folder that may
/// not be searched — a file that exists but cannot be read would move the figures.
pub fn datei_vorhanden(pfad: &Path) -> Ergebnis<bool> {
    use std::os::unix::fs::FileTypeExt;
    match std::fs::metadata(pfad) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) => {
            let t = m.file_type();
            let art = if t.is_dir() {
                "ein Ordner"
            } else if t.is_fifo() {
                "eine Pipe (FIFO)"
            } else if t.is_socket() {
                "ein Socket"
            } else if t.is_block_device() || t.is_char_device() {
                "ein Gerät"
            } else {
                "keine gewöhnliche Datei"
            };
            Err(Fehler::KeineDatei {
                pfad: pfad.to_path_buf(),
                art,
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A dangling symbolic link is a broken export, not a missing file.
            match std::fs::symlink_metadata(pfad) {
                Ok(_) => Err(Fehler::KeineDatei {
                    pfad: pfad.to_path_buf(),
                    art: "eine symbolische Verknüpfung ohne Ziel",
                }),
                Err(_) => Ok(false),
            }
        }
        Err(ursache) => Err(Fehler::DateiUnlesbar {
            pfad: pfad.to_path_buf(),
            ursache,
        }),
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a Ja/Nein flag (SPEC §2): `Ja`/`J`/`Nein`/`N`, case-insensitive, empty = `Nein`.
pub fn flag_lesen(wert: &str) -> Option<bool> {
    let ist = |w: &str| wert.eq_ignore_ascii_case(w);
    if ist("ja") || ist("j") {
        Some(true)
    } else if wert.is_empty() || ist("nein") || ist("n") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        for (w, e) in [
            ("Ja", Some(true)),
            ("j", Some(true)),
            ("NEIN", Some(false)),
            ("n", Some(false)),
            ("", Some(false)),
            ("x", None),
            ("1", None),
        ] {
            assert_eq!(flag_lesen(w), e, "{w}");
        }
    }
}

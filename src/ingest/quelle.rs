//! Where an export is: `NAME.csv` or `NAME.xlsx` in a month folder (SPEC §2), with the site's
//! column names for it.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::folders::Monat;
use super::table::Umbenennung;
use super::{datei_vorhanden, hex};
use crate::error::{Ergebnis, Fehler};

/// The site's column names of a `--spalten` file, per export (empty without one; read and
/// checked in [`super::spalten`]), recorded in `protokoll.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Spaltennamen(pub std::collections::BTreeMap<String, Umbenennung>);

impl Spaltennamen {
    /// The mapping for one export (empty if the file names none).
    pub fn fuer(&self, export: &str) -> Umbenennung {
        self.0.get(export).cloned().unwrap_or_default()
    }
}

/// One export file as found in a month folder.
#[derive(Debug, Clone)]
pub struct Quelle {
    /// The file.
    pub pfad: PathBuf,
    /// Path relative to the input folder, for the record and rejected rows (`2025-03/kunden.xlsx`).
    pub anzeige: String,
    /// An Excel workbook rather than CSV.
    pub xlsx: bool,
    /// The site's headers for the contract's columns (`--spalten`).
    pub umbenennung: Umbenennung,
}

impl Quelle {
    /// The export `name` (`kunden`, `vermerke`, …) of month folder `ordner`: `Ok(None)` when
    /// neither `NAME.csv` nor `NAME.xlsx` is there; both there is ambiguous and stops the run.
    pub fn finden(
        ordner: &Path,
        monat: Monat,
        name: &str,
        spalten: &Spaltennamen,
    ) -> Ergebnis<Option<Quelle>> {
        let csv = ordner.join(format!("{name}.csv"));
        let xlsx = ordner.join(format!("{name}.xlsx"));
        let (pfad, ist_xlsx) = match (datei_vorhanden(&csv)?, datei_vorhanden(&xlsx)?) {
            (true, true) => {
                return Err(Fehler::ExportDoppelt {
                    ordner: ordner.to_path_buf(),
                    name: name.to_string(),
                })
            }
            (true, false) => (csv, false),
            (false, true) => (xlsx, true),
            (false, false) => return Ok(None),
        };
        let datei = pfad.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(Some(Quelle {
            anzeige: format!("{monat}/{}", datei.unwrap_or_default()),
            pfad,
            xlsx: ist_xlsx,
            umbenennung: spalten.fuer(name),
        }))
    }

    /// A given file as an export (Excel by its extension), without site column names.
    pub fn datei(pfad: &Path, anzeige: &str) -> Quelle {
        Quelle {
            pfad: pfad.to_path_buf(),
            anzeige: anzeige.to_string(),
            xlsx: pfad
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")),
            umbenennung: Umbenennung::new(),
        }
    }

    /// Like [`Quelle::finden`], but a missing export is an error (month M's own files).
    pub fn pflicht(
        ordner: &Path,
        monat: Monat,
        name: &str,
        spalten: &Spaltennamen,
    ) -> Ergebnis<Quelle> {
        Self::finden(ordner, monat, name, spalten)?.ok_or_else(|| Fehler::DateiFehlt {
            pfad: ordner.join(format!("{name}.csv")),
        })
    }

    /// The file's bytes as read now and their SHA-256.
    pub fn bytes(&self) -> Ergebnis<(Vec<u8>, String)> {
        match std::fs::read(&self.pfad) {
            Ok(bytes) => {
                let sha = hex(&Sha256::digest(&bytes));
                Ok((bytes, sha))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Fehler::DateiFehlt {
                pfad: self.pfad.clone(),
            }),
            Err(ursache) => Err(Fehler::DateiUnlesbar {
                pfad: self.pfad.clone(),
                ursache,
            }),
        }
    }

    /// The export as a stream of CSV (an Excel workbook converted as it is read,
    /// [`super::xlsx::csv_strom`]) and the SHA-256 of the workbook's own bytes; `None` for a CSV
    /// export, which the reader opens and hashes itself.
    pub fn excel_strom(&self) -> Ergebnis<(Box<dyn std::io::Read + Send>, String)> {
        let (bytes, sha) = self.bytes()?;
        Ok((super::xlsx::csv_strom(bytes, &self.pfad)?, sha))
    }
}

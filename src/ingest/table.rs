//! The CSV conventions of SPEC §2, shared by every export file.
//!
//! `;` separated, header in the first line (names trimmed, case-insensitive, any order, extra
//! columns ignored), quoted fields with `""`, `\n` or `\r\n`, blank lines skipped. Records and
//! fields are cut in [`super::satz`]; this module adds header matching with German spellings
//! and the row type every export's reader sees.

use std::path::Path;

use super::satz::{self, Kodierungen};
use super::FehlendeSpalte;
use crate::error::{Ergebnis, Fehler};
pub use satz::{Kopf, Zeile, STEUERZEICHEN};

/// Contract name → the site's header, for one export (`--spalten`).
pub type Umbenennung = std::collections::BTreeMap<String, String>;

/// A column the reader looks for: one line of an export's declarative description. The
/// contract's columns are `Spalte<'static>`; a site's own column named by the rules borrows
/// its name from the rules for the read.
#[derive(Debug, Clone, Copy)]
pub struct Spalte<'n> {
    /// Name as SPEC §2 spells it (or as the rules name a site's column).
    pub name: &'n str,
    /// Whether the file is unusable without it.
    pub pflicht: bool,
    /// For an optional column: what its absence means for the figures (warned and recorded).
    pub folge: &'static str,
}

impl<'n> Spalte<'n> {
    /// A required column.
    pub const fn pflicht(name: &'n str) -> Spalte<'n> {
        Spalte {
            name,
            pflicht: true,
            folge: "",
        }
    }

    /// An optional column and what its absence means.
    pub const fn optional(name: &'n str, folge: &'static str) -> Spalte<'n> {
        Spalte {
            name,
            pflicht: false,
            folge,
        }
    }
}

/// Position of the column `name` in an export description, evaluated at compile time where it
/// is used in a `const`: a field is read by its name, and a misspelt one does not build.
pub const fn position(spalten: &[Spalte], name: &str) -> usize {
    let mut i = 0;
    while i < spalten.len() {
        if gleich(spalten[i].name.as_bytes(), name.as_bytes()) {
            return i;
        }
        i += 1;
    }
    panic!("column not in the export description");
}

const fn gleich(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Normalises a header name so that `GESCHÄFTSSTELLE`, ` Geschäftsstelle ` and
/// `Geschaeftsstelle` all match: exports re-saved by other tools transliterate umlauts.
pub(crate) fn normalisieren(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .flat_map(char::to_lowercase)
    {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// A header as a condition of the rules file names it: [`normalisieren`], blanks as `_`
/// (`Profil Lage` → `profil_lage`). Header matching compares these too: tools that cannot
/// store blanks in headers write them as `_`.
pub(crate) fn spaltenname(name: &str) -> String {
    normalisieren(name).replace(' ', "_")
}

/// Maps each requested column to its position in the header `kopf` (names as found).
/// A missing required column or a duplicated one stops the run; the message for a missing
/// column lists the columns that were found.
pub fn kopf_zuordnen(
    pfad: &Path,
    kopf: &[String],
    spalten: &[Spalte],
    umbenennung: &Umbenennung,
) -> Ergebnis<Vec<Option<usize>>> {
    // NUL bytes in a header are UTF-16 without a byte order mark (Excel's "Unicode text"
    // saved by some tools): say so instead of listing columns full of NULs.
    if kopf.iter().any(|k| k.contains('\0')) {
        return Err(Fehler::Kodierung {
            pfad: pfad.to_path_buf(),
            hinweis: "die Kopfzeile enthält NUL-Bytes – vermutlich UTF-16 ohne Byte-Order-Mark \
                      (Excel: „Unicode-Text“)"
                .into(),
        });
    }
    // Control characters in a header are binary data (a damaged file, another kind of file
    // under this name): listing them as „columns found“ printed mojibake.
    if kopf
        .iter()
        .any(|k| k.chars().any(|c| c.is_control() && c != '\t'))
    {
        return Err(Fehler::Kodierung {
            pfad: pfad.to_path_buf(),
            hinweis: "die Kopfzeile enthält Steuerzeichen – die Datei ist kein Text (beschädigt \
                      oder eine andere Dateiart unter diesem Namen)"
                .into(),
        });
    }
    let normiert: Vec<String> = kopf.iter().map(|n| spaltenname(n)).collect();
    let mut index = Vec::with_capacity(spalten.len());
    for s in spalten {
        // A site's own header for this column (`--spalten`) replaces the contract's name.
        let (gesucht, anzeige) = match umbenennung.get(s.name) {
            Some(kopf) => (
                spaltenname(kopf),
                format!("{} (laut --spalten „{kopf}“)", s.name),
            ),
            None => (spaltenname(s.name), s.name.to_string()),
        };
        let treffer: Vec<usize> = (0..normiert.len())
            .filter(|&i| normiert[i] == gesucht)
            .collect();
        match treffer.as_slice() {
            [] if s.pflicht => {
                return Err(Fehler::SpalteFehlt {
                    pfad: pfad.to_path_buf(),
                    spalte: anzeige,
                    gefunden: gefundene_spalten(kopf),
                })
            }
            [] => index.push(None),
            [i] => index.push(Some(*i)),
            _ => {
                return Err(Fehler::SpalteDoppelt {
                    pfad: pfad.to_path_buf(),
                    spalte: anzeige,
                })
            }
        }
    }

    Ok(index)
}

/// The header's columns for a message: each cut to 60 characters, at most 20 of them.
fn gefundene_spalten(kopf: &[String]) -> String {
    if kopf.len() == 1 && kopf[0].trim().is_empty() {
        return "(keine)".into();
    }
    let mut text = kopf
        .iter()
        .take(20)
        .map(|k| format!("„{}“", crate::error::kurz(k.trim(), 60)))
        .collect::<Vec<_>>()
        .join(", ");
    if kopf.len() > 20 {
        text.push_str(&format!(" … ({} Spalten)", kopf.len()));
    }
    text
}

/// The error for a file without a header line.
pub fn datei_leer(pfad: &Path, spalten: &[Spalte]) -> Fehler {
    Fehler::DateiLeer {
        pfad: pfad.to_path_buf(),
        erwartet: spalten
            .iter()
            .filter(|s| s.pflicht)
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// The header of a file: where its columns are, where the data starts.
#[derive(Debug)]
pub struct Kopfzeile {
    /// Column positions.
    pub kopf: Kopf,
    /// Offset of the first byte after the header line.
    pub start: usize,
    /// Line number of the first line after the header.
    pub zeile: u64,
    /// Encoding of the header line.
    pub kodierungen: Kodierungen,
    /// Optional columns the header lacks.
    pub fehlend: Vec<FehlendeSpalte>,
}

/// Finds the header — the first non-blank line of `bytes` (a file's prepared start) — and maps
/// the requested columns. `Ok(None)` when `bytes` holds no complete non-blank line yet and
/// more may follow (`eof` false).
pub fn kopf_lesen(
    pfad: &Path,
    bytes: &[u8],
    spalten: &[Spalte],
    umbenennung: &Umbenennung,
    eof: bool,
) -> Ergebnis<Option<Kopfzeile>> {
    let mut pos = 0usize;
    let mut zeile = 1u64;
    loop {
        let ende = match memchr::memchr(b'\n', &bytes[pos..]) {
            Some(i) => pos + i,
            None if eof => bytes.len(),
            None => return Ok(None),
        };
        let roh = &bytes[pos..ende];
        let roh = roh.strip_suffix(b"\r").unwrap_or(roh);
        let weiter = (ende + 1).min(bytes.len());
        if roh.iter().all(u8::is_ascii_whitespace) {
            if ende >= bytes.len() {
                return Err(datei_leer(pfad, spalten));
            }
            pos = weiter;
            zeile += 1;
            continue;
        }
        let mut kodierungen = Kodierungen::default();
        let mut dekodiert = String::new();
        let text = satz::dekodieren(roh, &mut kodierungen, &mut dekodiert);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let namen: Vec<String> = if text.contains('"') {
            let mut puffer = String::new();
            let mut bereiche = Vec::new();
            satz::felder_mit_quotes(text, &mut puffer, &mut bereiche);
            bereiche
                .iter()
                .map(|&(a, e)| puffer[a..e].to_string())
                .collect()
        } else {
            text.split(';').map(String::from).collect()
        };
        let index = kopf_zuordnen(pfad, &namen, spalten, umbenennung)?;
        return Ok(Some(Kopfzeile {
            kopf: Kopf {
                slot: feldplaetze(&index, namen.len()),
                breite: namen.len(),
                spalten: spalten.len(),
                excel: false,
            },
            start: weiter,
            zeile: zeile + 1,
            kodierungen,
            fehlend: spalten
                .iter()
                .zip(&index)
                .filter(|(s, i)| !s.pflicht && i.is_none())
                .map(|(s, _)| FehlendeSpalte {
                    spalte: s.name.to_string(),
                    folge: s.folge.to_string(),
                })
                .collect(),
        }));
    }
}

/// For each field position of a row: which requested column it is (the inverse of
/// [`kopf_zuordnen`]'s result), for the quote-free scanners.
pub fn feldplaetze(index: &[Option<usize>], breite: usize) -> Vec<Option<usize>> {
    let mut slot = vec![None; breite];
    for (k, i) in index.iter().enumerate() {
        if let Some(i) = i {
            slot[*i] = Some(k);
        }
    }
    slot
}

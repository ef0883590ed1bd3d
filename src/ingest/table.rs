//! The CSV conventions of SPEC §2, shared by every export file.
//!
//! `;` separated, header in the first line (names trimmed, case-insensitive, any order, extra
//! columns ignored), quoted fields with `""`, `\n` or `\r\n`, blank lines skipped. Records and
//! fields are cut in [`super::satz`]; this module adds header matching with German spellings
//! and the row type every export's reader sees.

use std::path::Path;

use super::decode::{vorbereiten, Kodierung};
use super::satz::{self, Kodierungen};
use super::FehlendeSpalte;
use crate::error::{Ergebnis, Fehler};
pub use satz::{
    block_verdaechtig, feldanzahl_pruefen, felder_schneiden, hat_steuerzeichen, Kopf, Zeile,
    STEUERZEICHEN,
};

/// Contract name → the site's header, for one export (`--spalten`).
pub type Umbenennung = std::collections::BTreeMap<String, String>;

/// A column the reader looks for: one line of an export's declarative description.
#[derive(Debug, Clone, Copy)]
pub struct Spalte {
    /// Name as SPEC §2 spells it.
    pub name: &'static str,
    /// Whether the file is unusable without it.
    pub pflicht: bool,
    /// For an optional column: what its absence means for the figures (warned and recorded).
    pub folge: &'static str,
}

impl Spalte {
    /// A required column.
    pub const fn pflicht(name: &'static str) -> Spalte {
        Spalte {
            name,
            pflicht: true,
            folge: "",
        }
    }

    /// An optional column and what its absence means.
    pub const fn optional(name: &'static str, folge: &'static str) -> Spalte {
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

/// What a file yielded besides its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gelesen {
    /// Non-blank data rows.
    pub zeilen: u64,
    /// The file's encoding.
    pub kodierung: Kodierung,
    /// Optional columns the header lacks.
    pub fehlend: Vec<FehlendeSpalte>,
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
    let normiert: Vec<String> = kopf.iter().map(|n| normalisieren(n)).collect();
    let mut index = Vec::with_capacity(spalten.len());
    for s in spalten {
        // A site's own header for this column (`--spalten`) replaces the contract's name.
        let (gesucht, anzeige) = match umbenennung.get(s.name) {
            Some(kopf) => (
                normalisieren(kopf),
                format!("{} (laut --spalten „{kopf}“)", s.name),
            ),
            None => (normalisieren(s.name), s.name.to_string()),
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
        let text = satz::dekodieren(roh, &mut kodierungen);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
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

/// Reads a whole file's bytes and calls `je_zeile` for every non-blank data row. Returns the
/// number of data rows, the file's encoding and the optional columns it lacks. Stops with an error only for a missing header,
/// a missing required column or a duplicated one; everything row-level goes to the caller.
pub fn zeilen_lesen(
    pfad: &Path,
    bytes: &[u8],
    spalten: &[Spalte],
    umbenennung: &Umbenennung,
    je_zeile: impl FnMut(&Zeile<'_>),
) -> Ergebnis<Gelesen> {
    let (daten, bom) = vorbereiten(bytes, pfad)?;
    let Some(k) = kopf_lesen(pfad, &daten, spalten, umbenennung, true)? else {
        return Err(datei_leer(pfad, spalten));
    };
    let rumpf = &daten[k.start..];
    let (sonder, _) = satz::kartieren(rumpf, k.kopf.breite, true);
    let a = satz::abschnitt_lesen(rumpf, &sonder, &k.kopf, k.zeile, je_zeile);
    let mut kodierungen = k.kodierungen;
    kodierungen.vereinen(a.kodierungen);
    Ok(Gelesen {
        zeilen: a.zeilen,
        kodierung: kodierungen.kodierung(bom),
        fehlend: k.fehlend,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    const SPALTEN: &[Spalte] = &[
        Spalte::pflicht("Kundennummer"),
        Spalte::pflicht("Geschäftsstelle"),
        Spalte::optional("IFK", "ohne IFK"),
    ];

    /// Line number, raw line, the three fields, structural error.
    type Gelesen = (u64, String, Vec<String>, Option<String>);

    fn lesen(text: &str) -> Ergebnis<Vec<Gelesen>> {
        let mut out = Vec::new();
        zeilen_lesen(
            Path::new("t.csv"),
            text.as_bytes(),
            SPALTEN,
            &Umbenennung::new(),
            |z| {
                out.push((
                    z.nummer,
                    z.roh.to_string(),
                    (0..3).map(|i| z.feld(i).to_string()).collect(),
                    z.strukturfehler.clone(),
                ))
            },
        )?;
        Ok(out)
    }

    /// Both paths must give the same rows: run a quote-free text through the fast path and,
    /// with one harmless quoted header field added, through the CSV path.
    #[test]
    fn fast_path_equals_csv_path() {
        let texte = [
            "Kundennummer;Geschäftsstelle;IFK\r\n\r\nA;Nord;x\n  \nB;Süd\nC;Ost;y;z\n;;\n D ; West ; i \n",
            "\n\nKUNDENNUMMER;geschaeftsstelle\nA;1\nB;2",
            "Kundennummer;Geschäftsstelle\n",
        ];
        for t in texte {
            let schnell = lesen(t).unwrap();
            let mit_quote = t.replacen("Kundennummer", "\"Kundennummer\"", 1).replacen(
                "KUNDENNUMMER",
                "\"KUNDENNUMMER\"",
                1,
            );
            let langsam = lesen(&mit_quote).unwrap();
            assert_eq!(schnell, langsam, "{t:?}");
        }
    }

    #[test]
    fn header_any_case_order_spelling_extra_columns() {
        let rows = lesen("Extra; geschaeftsstelle ;KUNDENNUMMER\r\nx;Nord; 42 \r\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].2, vec!["42", "Nord", ""]);
        assert_eq!(rows[0].1, "x;Nord; 42 ");
    }

    #[test]
    fn quotes_blank_lines_and_line_numbers() {
        let text = "Kundennummer;Geschäftsstelle\n\n\"A;1\";\"Nord \"\"alt\"\"\"\n   \nB;Süd\n";
        let rows = lesen(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].0, rows[0].2[0].as_str(), rows[0].2[1].as_str()),
            (3, "A;1", "Nord \"alt\"")
        );
        assert_eq!((rows[1].0, rows[1].2[0].as_str()), (5, "B"));
    }

    #[test]
    fn control_characters_reject_the_row_in_both_paths() {
        for text in [
            "Kundennummer;Geschäftsstelle\nA\0;Nord\nB;Süd\u{85}\nC;Ost\n",
            "\"Kundennummer\";Geschäftsstelle\nA\0;Nord\nB;Süd\u{85}\nC;Ost\n",
        ] {
            let rows = lesen(text).unwrap();
            assert_eq!(rows[0].3.as_deref(), Some(STEUERZEICHEN), "{text:?}");
            assert_eq!(rows[1].3.as_deref(), Some(STEUERZEICHEN));
            assert_eq!(rows[2].3, None);
        }
        assert!(!hat_steuerzeichen("Grüße\tWeiß € ß"));
    }

    #[test]
    fn wrong_field_counts_are_flagged_not_fatal() {
        let rows = lesen("Kundennummer;Geschäftsstelle\nA\nB;Nord;zu viel\nC;Süd").unwrap();
        assert!(rows[0].3.as_deref().unwrap().contains("zu wenige"));
        assert!(rows[1].3.as_deref().unwrap().contains("zu viele"));
        assert_eq!(rows[2].3, None);
        assert_eq!(rows[2].2[0], "C");
    }

    #[test]
    fn unterminated_quote_costs_its_line_not_the_file() {
        let rows = lesen("Kundennummer;Geschäftsstelle\n\"A;Nord\nB;Süd\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert!(
            rows[0].3.as_deref().unwrap().contains("Anführungszeichen"),
            "{:?}",
            rows[0].3
        );
        assert_eq!(
            (rows[1].0, rows[1].2[0].as_str(), rows[1].3.as_deref()),
            (3, "B", None)
        );
    }

    #[test]
    fn missing_column_lists_what_was_found() {
        let err = lesen("Kundennummer,Geschäftsstelle\n1,2\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("„Geschäftsstelle“ fehlt") || err.contains("Geschäftsstelle"),
            "{err}"
        );
        assert!(
            err.contains("Gefundene Spalten: „Kundennummer,Geschäftsstelle“"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_and_empty_headers_stop_the_run() {
        assert!(matches!(
            lesen("Kundennummer;Geschäftsstelle;kundennummer\n"),
            Err(Fehler::SpalteDoppelt { .. })
        ));
        assert!(matches!(lesen(""), Err(Fehler::DateiLeer { .. })));
        assert!(matches!(lesen("\n\n"), Err(Fehler::DateiLeer { .. })));
        assert_eq!(lesen("Kundennummer;Geschäftsstelle\n").unwrap().len(), 0);
    }
}

//! Excel exports (SPEC §2): `NAME.xlsx` in place of `NAME.csv`.
//!
//! The first worksheet is turned into the CSV form the one record reader reads ([`super::satz`]),
//! so an Excel export passes the same header matching, validation and rejection rules as a CSV
//! one. Sheet row *n* becomes line *n* (rows above the first used one become blank lines), so
//! a rejected row is named by its row number in Excel. A cell's line breaks become spaces: a
//! record must stay on its row. Date cells become ISO dates, boolean cells `Ja`/`Nein`,
//! numbers their shortest decimal form (`611`, `0.5`); text cells follow the CSV value rules.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{Ergebnis, Fehler};

/// The first worksheet of the workbook `bytes` (read from `pfad`) as `;`-separated UTF-8 CSV.
pub fn als_csv(bytes: Vec<u8>, pfad: &Path) -> Ergebnis<Vec<u8>> {
    let unlesbar = |grund: String| Fehler::ExcelUnlesbar {
        pfad: pfad.to_path_buf(),
        grund,
    };
    let art = Dateiart::von(&bytes);
    let mut mappe = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        tracing::debug!("calamine: {e}");
        unlesbar(art.grund().into())
    })?;
    let blatt = mappe
        .worksheet_range_at(0)
        .ok_or_else(|| unlesbar("die Arbeitsmappe hat kein Tabellenblatt".into()))?
        .map_err(|e| {
            tracing::debug!("calamine: {e}");
            unlesbar(
                "das erste Tabellenblatt ist beschädigt oder unvollständig (Einzelheiten mit \
                 --verbose)"
                    .into(),
            )
        })?;
    let mut aus = Vec::with_capacity(blatt.get_size().0 * blatt.get_size().1 * 12);
    // Rows above the first used one: blank lines, so line numbers are Excel's row numbers.
    let (erste_zeile, _) = blatt.start().unwrap_or((0, 0));
    aus.extend(std::iter::repeat_n(b'\n', erste_zeile as usize));
    let mut wert = String::new();
    for zeile in blatt.rows() {
        for (i, zelle) in zeile.iter().enumerate() {
            if i > 0 {
                aus.push(b';');
            }
            wert.clear();
            zelle_schreiben(zelle, &mut wert);
            feld_schreiben(&wert, &mut aus);
        }
        aus.push(b'\n');
    }
    Ok(aus)
}

/// What a file that should be a workbook is, by its first bytes: the reason a user reads when
/// calamine cannot open it (its own messages are English: „Cannot detect file format“).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dateiart {
    /// A zip container (.xlsx) that still cannot be read: cut off or damaged.
    Zip,
    /// An OLE compound file holding an encrypted package: a password-protected workbook.
    Verschluesselt,
    /// Another OLE compound file (.xls) that cannot be read.
    Ole,
    /// Text: most likely a CSV export saved under the name .xlsx.
    Text,
    /// Anything else.
    Unbekannt,
}

impl Dateiart {
    fn von(bytes: &[u8]) -> Dateiart {
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if bytes.starts_with(b"PK\x03\x04") {
            return Dateiart::Zip;
        }
        if bytes.starts_with(OLE) {
            // Excel stores a password-protected .xlsx as an OLE file with the streams
            // „EncryptionInfo“ and „EncryptedPackage“ (names in UTF-16LE).
            let name: Vec<u8> = "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect();
            let verschluesselt = bytes.windows(name.len()).any(|w| w == name.as_slice());
            return if verschluesselt {
                Dateiart::Verschluesselt
            } else {
                Dateiart::Ole
            };
        }
        let anfang = &bytes[..bytes.len().min(4096)];
        let text = !anfang.is_empty()
            && anfang
                .iter()
                .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'));
        if text {
            Dateiart::Text
        } else {
            Dateiart::Unbekannt
        }
    }

    fn grund(self) -> &'static str {
        match self {
            Dateiart::Zip => {
                "die Arbeitsmappe ist beschädigt oder unvollständig (abgebrochene Übertragung?) \
                 – bitte die Datei erneut exportieren"
            }
            Dateiart::Verschluesselt => {
                "die Arbeitsmappe ist mit einem Kennwort verschlüsselt – bitte ohne Kennwort \
                 speichern oder als CSV exportieren"
            }
            Dateiart::Ole => {
                "die Datei ist eine ältere Excel-Datei (.xls) oder ein anderes Office-Dokument, \
                 das nicht gelesen werden kann – bitte als .xlsx oder CSV speichern"
            }
            Dateiart::Text => {
                "die Datei ist keine Excel-Arbeitsmappe, sondern Text (vermutlich eine CSV-Datei \
                 mit der Endung .xlsx) – bitte in NAME.csv umbenennen"
            }
            Dateiart::Unbekannt => "die Datei ist keine Excel-Arbeitsmappe",
        }
    }
}

/// A cell's value as the CSV field it stands for.
fn zelle_schreiben(zelle: &Data, aus: &mut String) {
    use std::fmt::Write;
    match zelle {
        Data::Empty => {}
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => aus.push_str(s),
        Data::Bool(b) => aus.push_str(if *b { "Ja" } else { "Nein" }),
        Data::Int(i) => {
            let _ = write!(aus, "{i}");
        }
        Data::Float(f) => zahl_schreiben(*f, aus),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if d.is_datetime() => {
                let _ = write!(aus, "{}", t.date().format("%Y-%m-%d"));
            }
            _ => zahl_schreiben(d.as_f64(), aus),
        },
        // An error cell (#NV, #WERT!, …) is kept as its text: a date or flag holding it is
        // rejected with the value named.
        Data::Error(e) => {
            let _ = write!(aus, "{e}");
        }
    }
}

/// Whole numbers without a decimal point (a team code 611 stored as a number is `611`), others
/// in their shortest form with `.` (`0.5`).
fn zahl_schreiben(f: f64, aus: &mut String) {
    use std::fmt::Write;
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(aus, "{}", f as i64);
    } else {
        let _ = write!(aus, "{f}");
    }
}

/// Appends one field, quoted when it holds `;` or `"`; line breaks become spaces.
fn feld_schreiben(wert: &str, aus: &mut Vec<u8>) {
    let wert: std::borrow::Cow<'_, str> = if wert.contains(['\r', '\n']) {
        wert.replace("\r\n", " ").replace(['\r', '\n'], " ").into()
    } else {
        wert.into()
    };
    if wert.contains([';', '"']) {
        aus.push(b'"');
        aus.extend_from_slice(wert.replace('"', "\"\"").as_bytes());
        aus.push(b'"');
    } else {
        aus.extend_from_slice(wert.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_csv_fields() {
        let mut s = String::new();
        for (zelle, erwartet) in [
            (Data::Float(611.0), "611"),
            (Data::Float(0.5), "0.5"),
            (Data::Int(-3), "-3"),
            (Data::Bool(true), "Ja"),
            (Data::Bool(false), "Nein"),
            (Data::String(" Weiß ".into()), " Weiß "),
            (Data::Empty, ""),
            (Data::DateTimeIso("2025-03-01".into()), "2025-03-01"),
        ] {
            s.clear();
            zelle_schreiben(&zelle, &mut s);
            assert_eq!(s, erwartet, "{zelle:?}");
        }
        let mut b = Vec::new();
        feld_schreiben("a;\"b\"\r\nc", &mut b);
        assert_eq!(b, b"\"a;\"\"b\"\" c\"");
    }

    #[test]
    fn a_file_that_is_no_workbook_is_named() {
        let e = als_csv(
            b"Kundennummer;Team\n".to_vec(),
            Path::new("2025-03/kunden.xlsx"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("2025-03/kunden.xlsx") && e.contains("keine Excel-Arbeitsmappe"),
            "{e}"
        );
    }
}

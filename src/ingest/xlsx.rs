//! Excel exports (SPEC §2): `NAME.xlsx` in place of `NAME.csv`.
//!
//! The first worksheet is turned into the CSV form the one record reader reads ([`super::satz`]),
//! so an Excel export passes the same header matching, validation and rejection rules as a CSV
//! one. It is converted cell by cell as the reader asks for bytes ([`csv_strom`]): memory
//! stays at the compressed file, the shared strings and a few blocks, whatever the sheet's
//! length (a 1,048,575-row sheet read whole took 562 MB). Sheet row *n* becomes line *n* (rows above the first used one become blank lines), so
//! a rejected row is named by its row number in Excel. A cell's line breaks become spaces: a
//! record must stay on its row. Date cells become ISO dates, boolean cells `Ja`/`Nein`,
//! numbers their shortest decimal form (`611`, `0.5`); text cells follow the CSV value rules.

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use calamine::{Data, DataRef, Reader, Xlsx};

use crate::error::{Ergebnis, Fehler};

/// Bytes of CSV handed over at a time by the converting thread.
const STUECK: usize = 1 << 20;

/// What the converting thread sends.
enum Nachricht {
    /// The next bytes of CSV.
    Daten(Vec<u8>),
    /// The sheet is done.
    Ende,
    /// The sheet broke off; the German reason.
    Fehler(String),
}

/// The first worksheet of the workbook `bytes` (read from `pfad`) as a stream of `;`-separated
/// UTF-8 CSV, converted on a thread of its own while the reader reads. A workbook that is not an
/// `.xlsx` container (an `.ods` or `.xls` under that name) is converted whole ([`als_csv`]).
/// Opening errors come back here; an error later in the sheet ends the stream with an I/O
/// error holding the German reason.
pub fn csv_strom(bytes: Vec<u8>, pfad: &Path) -> Ergebnis<Box<dyn Read + Send>> {
    let (bereit_tx, bereit_rx) = sync_channel::<Result<(), String>>(1);
    let (daten_tx, daten_rx) = sync_channel::<Nachricht>(2);
    let datei = pfad.to_path_buf();
    std::thread::spawn(move || umwandeln(bytes, &datei, &bereit_tx, &daten_tx));
    match bereit_rx.recv() {
        Ok(Ok(())) => Ok(Box::new(CsvStrom {
            empfang: daten_rx,
            stueck: Vec::new(),
            pos: 0,
            fertig: false,
        })),
        Ok(Err(grund)) => Err(Fehler::ExcelUnlesbar {
            pfad: pfad.to_path_buf(),
            grund,
        }),
        Err(_) => Err(Fehler::ExcelUnlesbar {
            pfad: pfad.to_path_buf(),
            grund: ABGEBROCHEN.into(),
        }),
    }
}

/// The reason when the converting thread ends without finishing.
const ABGEBROCHEN: &str = "die Umwandlung des Tabellenblatts brach ab";

/// The reason for a sheet calamine cannot read.
const BLATT_BESCHAEDIGT: &str =
    "das erste Tabellenblatt ist beschädigt oder unvollständig (Einzelheiten mit --verbose)";

/// The reading end: the CSV bytes in the order the thread made them.
struct CsvStrom {
    empfang: Receiver<Nachricht>,
    stueck: Vec<u8>,
    pos: usize,
    fertig: bool,
}

impl Read for CsvStrom {
    fn read(&mut self, puffer: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.stueck.len() {
            if self.fertig {
                return Ok(0);
            }
            match self.empfang.recv() {
                Ok(Nachricht::Daten(d)) => (self.stueck, self.pos) = (d, 0),
                Ok(Nachricht::Ende) => self.fertig = true,
                Ok(Nachricht::Fehler(grund)) => return Err(std::io::Error::other(grund)),
                // The thread is gone without saying „done“: never read a cut sheet as whole.
                Err(_) => return Err(std::io::Error::other(ABGEBROCHEN)),
            }
        }
        let n = puffer.len().min(self.stueck.len() - self.pos);
        puffer[..n].copy_from_slice(&self.stueck[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The converting thread: opens the workbook and its first sheet (says so on `bereit`), then
/// sends the sheet's CSV in pieces on `daten`. Stops when the reader hangs up.
fn umwandeln(
    bytes: Vec<u8>,
    pfad: &Path,
    bereit: &SyncSender<Result<(), String>>,
    daten: &SyncSender<Nachricht>,
) {
    let Ok(mut mappe) = Xlsx::new(Cursor::new(&bytes[..])) else {
        // Not an .xlsx container: whatever calamine can read under that name, whole.
        match als_csv(bytes, pfad) {
            Ok(csv) => {
                if bereit.send(Ok(())).is_ok() && daten.send(Nachricht::Daten(csv)).is_ok() {
                    let _ = daten.send(Nachricht::Ende);
                }
            }
            Err(Fehler::ExcelUnlesbar { grund, .. }) => drop(bereit.send(Err(grund))),
            Err(e) => drop(bereit.send(Err(e.to_string()))),
        }
        return;
    };
    let Some(name) = mappe.sheet_names().first().cloned() else {
        let _ = bereit.send(Err("die Arbeitsmappe hat kein Tabellenblatt".into()));
        return;
    };
    let mut zellen = match mappe.worksheet_cells_reader(&name) {
        Ok(z) => z,
        Err(e) => {
            tracing::debug!("calamine: {e}");
            let _ = bereit.send(Err(BLATT_BESCHAEDIGT.into()));
            return;
        }
    };
    if bereit.send(Ok(())).is_err() {
        return;
    }
    let d = zellen.dimensions();
    // The declared used range gives the columns (calamine's whole-sheet reading took the
    // bounding box of the non-empty cells; exports declare exactly that). Without a
    // declaration (all zero), column A on and the header row's width.
    let deklariert = d.start != (0, 0) || d.end != (0, 0);
    let mut blatt = Blatt::neu(d.start.1, deklariert.then_some(d.end.1));
    let mut aus = Vec::with_capacity(STUECK + 4096);
    loop {
        match zellen.next_cell() {
            Ok(Some(zelle)) => {
                let (zeile, spalte) = zelle.get_position();
                if let Err(grund) = blatt.zelle(zeile, spalte, zelle.get_value(), &mut aus) {
                    let _ = daten.send(Nachricht::Fehler(grund));
                    return;
                }
                if aus.len() >= STUECK {
                    let voll = std::mem::replace(&mut aus, Vec::with_capacity(STUECK + 4096));
                    if daten.send(Nachricht::Daten(voll)).is_err() {
                        return;
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                tracing::debug!("calamine: {e}");
                let _ = daten.send(Nachricht::Fehler(BLATT_BESCHAEDIGT.into()));
                return;
            }
        }
    }
    blatt.ende(&mut aus);
    if daten.send(Nachricht::Daten(aus)).is_ok() {
        let _ = daten.send(Nachricht::Ende);
    }
}

/// The sheet being written as CSV, row by row: sheet row *n* is line *n*.
struct Blatt {
    /// First column written.
    von: u32,
    /// Last column written (from the declared range, else the header row's last cell).
    bis: Option<u32>,
    /// The row being collected, if any, and its cells (column, CSV value).
    zeile: Option<u32>,
    zellen: Vec<(u32, String)>,
}

impl Blatt {
    fn neu(von: u32, bis: Option<u32>) -> Blatt {
        Blatt {
            von,
            bis,
            zeile: None,
            zellen: Vec::new(),
        }
    }

    /// One cell of the stream (row-major order). Empty cells are skipped, as in calamine's own
    /// range: a row with only empty cells is no row. A value left of the sheet's declared used
    /// range (a damaged `dimension`) stops the read with the German reason: its column was
    /// not written, and a value must never go missing unseen.
    fn zelle(
        &mut self,
        zeile: u32,
        spalte: u32,
        wert: &DataRef<'_>,
        aus: &mut Vec<u8>,
    ) -> Result<(), String> {
        if matches!(wert, DataRef::Empty) {
            return Ok(());
        }
        if spalte < self.von {
            return Err(format!(
                "Zeile {} hat einen Wert in Spalte {}, links des im Tabellenblatt angegebenen \
                 Bereichs – bitte die Datei in Excel öffnen, speichern und erneut exportieren",
                zeile + 1,
                spalte + 1
            ));
        }
        match self.zeile {
            Some(z) if z == zeile => {}
            Some(z) => {
                self.zeile_schreiben(aus);
                // Rows between two used ones: rows of empty fields, as in the whole range.
                for _ in z.saturating_add(1)..zeile {
                    self.leere_zeile(aus);
                }
            }
            // Rows above the first used one: blank lines, so line numbers are Excel's.
            None => aus.extend(std::iter::repeat_n(b'\n', zeile as usize)),
        }
        self.zeile = Some(zeile);
        let mut text = String::new();
        match wert {
            DataRef::SharedString(s) => text.push_str(s),
            DataRef::String(s) => text.push_str(s),
            anderer => zelle_schreiben(&Data::from(anderer.clone()), &mut text),
        }
        self.zellen.push((spalte, text));
        Ok(())
    }

    /// Writes the collected row, its fields from `von` to `bis` (a cell beyond `bis` widens
    /// this row only).
    fn zeile_schreiben(&mut self, aus: &mut Vec<u8>) {
        self.zellen.sort_by_key(|(s, _)| *s);
        let letzte = self.zellen.last().map_or(self.von, |(s, _)| *s);
        let bis = *self.bis.get_or_insert(letzte.max(self.von));
        let mut zellen = self.zellen.drain(..).peekable();
        for spalte in self.von..=bis.max(letzte) {
            if spalte > self.von {
                aus.push(b';');
            }
            while zellen.peek().is_some_and(|(s, _)| *s < spalte) {
                zellen.next();
            }
            if let Some((_, wert)) = zellen.next_if(|(s, _)| *s == spalte) {
                feld_schreiben(&wert, aus);
            }
        }
        aus.push(b'\n');
    }

    fn leere_zeile(&self, aus: &mut Vec<u8>) {
        let breite = self.bis.map_or(0, |b| b.saturating_sub(self.von));
        aus.extend(std::iter::repeat_n(b';', breite as usize));
        aus.push(b'\n');
    }

    /// After the last cell.
    fn ende(&mut self, aus: &mut Vec<u8>) {
        if self.zeile.is_some() {
            self.zeile_schreiben(aus);
        }
    }
}

/// The first worksheet of the workbook `bytes` (read from `pfad`) as `;`-separated UTF-8 CSV,
/// converted whole: for workbooks that are not `.xlsx` containers.
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

    /// A workbook made with rust_xlsxwriter: `zellen` as (row, column, value), numbers as
    /// numbers, everything else as text.
    fn mappe(zellen: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut m = rust_xlsxwriter::Workbook::new();
        let b = m.add_worksheet();
        for (z, s, w) in zellen {
            match w.parse::<f64>() {
                Ok(x) => b.write_number(*z, *s, x).map(drop),
                Err(_) => b.write_string(*z, *s, *w).map(drop),
            }
            .unwrap();
        }
        m.save_to_buffer().unwrap()
    }

    fn gestreamt(bytes: Vec<u8>) -> Ergebnis<Vec<u8>> {
        let mut aus = Vec::new();
        csv_strom(bytes, Path::new("t.xlsx"))?
            .read_to_end(&mut aus)
            .map_err(|e| Fehler::ExcelUnlesbar {
                pfad: "t.xlsx".into(),
                grund: e.to_string(),
            })?;
        Ok(aus)
    }

    #[test]
    fn streamed_sheet_is_the_whole_sheet_converted() {
        // Two blank rows above, the table from column B, an empty row inside, a row whose last
        // cell is empty, values that need quotes, numbers.
        let zellen = [
            (2, 1, "Kundennummer"),
            (2, 2, "Team"),
            (2, 3, "Notiz"),
            (3, 1, "A1"),
            (3, 2, "611"),
            (3, 3, "a;\"b\"\nc"),
            (5, 1, "A2"),
            (5, 2, "0.5"),
            (6, 1, "A3"),
        ];
        let b = mappe(&zellen);
        let ganz = als_csv(b.clone(), Path::new("t.xlsx")).unwrap();
        assert_eq!(
            String::from_utf8(ganz.clone()).unwrap(),
            "\n\nKundennummer;Team;Notiz\nA1;611;\"a;\"\"b\"\" c\"\n;;\nA2;0.5;\nA3;;\n"
        );
        assert_eq!(gestreamt(b).unwrap(), ganz);
        // More than one piece of CSV: 60,000 rows.
        let viele: Vec<(u32, u16, String)> = (0..60_000u32)
            .flat_map(|z| [(z, 0, format!("K{z}")), (z, 1, format!("{}", z % 7))])
            .collect();
        let viele: Vec<(u32, u16, &str)> =
            viele.iter().map(|(z, s, w)| (*z, *s, w.as_str())).collect();
        let b = mappe(&viele);
        assert_eq!(
            gestreamt(b.clone()).unwrap(),
            als_csv(b, Path::new("t.xlsx")).unwrap()
        );
    }

    #[test]
    fn a_value_left_of_the_declared_range_stops_the_read_instead_of_vanishing() {
        let mut b = Blatt::neu(1, Some(3));
        let mut aus = Vec::new();
        assert_eq!(
            b.zelle(0, 1, &DataRef::SharedString("Kopf"), &mut aus),
            Ok(())
        );
        let e = b.zelle(1, 0, &DataRef::Int(5), &mut aus).unwrap_err();
        assert!(e.contains("Zeile 2") && e.contains("Spalte 1"), "{e}");
        // An empty cell there is nothing lost.
        assert_eq!(b.zelle(1, 0, &DataRef::Empty, &mut aus), Ok(()));
    }

    #[test]
    fn a_cut_off_workbook_is_refused_with_a_german_reason() {
        let b = mappe(&[(0, 0, "Kundennummer"), (1, 0, "A1")]);
        for n in [10, b.len() / 2, b.len() - 30] {
            let e = gestreamt(b[..n].to_vec()).unwrap_err().to_string();
            assert!(
                e.contains("beschädigt") || e.contains("unvollständig"),
                "{n}: {e}"
            );
        }
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

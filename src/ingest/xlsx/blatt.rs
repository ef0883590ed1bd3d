//! The first worksheet written as CSV lines, row by row, as SPEC §2 reads a sheet.
//!
//! Sheet row *n* is line *n*: rows are taken by their number (`r`), rows not in the file and
//! rows without a value are blank lines, which the record reader skips like a CSV's. The table
//! is the header row's span, from its first to its last value: a cell outside it is in no
//! column the run reads, and is ignored like a CSV's extra column — so neither a declared used
//! range (`<dimension>`) narrower than the header nor one stretched to column XFD by a stray
//! blank changes a row. In a table wider than [`VOLL_BIS`] columns a row ends at its last
//! value: the record reader takes the missing fields of a converted sheet as empty
//! (`Kopf::excel`), so a stray header cell far out does not pad every row to thousands
//! of fields. A row number given twice or out of
//! order, a cell left of the one before it, and anything past Excel's limits stop the read
//! naming the row.

use std::fmt::Write;
use std::io::Read;

use chrono::{Days, NaiveDate};

use super::formate::{Formate, Zahlformat};
use super::xml::{Ereignis, XmlLeser};
use super::zeichenketten::Zeichenketten;

/// Excel's last row.
pub const ZEILEN_MAX: u32 = 1_048_576;

/// Excel's last column (XFD).
pub const SPALTEN_MAX: u32 = 16_384;

/// Tables up to this many columns wide have every row written to the header's width.
pub const VOLL_BIS: u32 = 256;

/// Marks an error cell's field (U+FFFF, a noncharacter: never text of an export; a text cell
/// holding it has it replaced). The record reader rejects a row whose read column holds it
/// (`satz::abschnitt_lesen`).
pub const FEHLER_ZEICHEN: char = '\u{FFFF}';

/// What the sheet needs besides its own XML.
pub struct Mappe<'a> {
    pub zeichenketten: &'a Zeichenketten,
    pub formate: &'a Formate,
    /// Dates counted from 1904 (`<workbookPr date1904="1"/>`).
    pub datum1904: bool,
}

/// One cell's type attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typ {
    Zahl,
    Gemeinsam,
    Inline,
    Formeltext,
    Wahr,
    Fehler,
    IsoDatum,
}

/// The sheet being converted.
pub struct Blatt<'a> {
    mappe: Mappe<'a>,
    /// The header's span (first and last column with a value), once the header row is read.
    tabelle: Option<(u32, u32)>,
    /// The last line written (= sheet row).
    geschrieben: u32,
    /// The row being read, its last column, its cells (column, start in `werte`, error).
    zeile: u32,
    spalte: u32,
    zellen: Vec<(u32, usize, bool)>,
    werte: String,
}

impl<'a> Blatt<'a> {
    pub fn neu(mappe: Mappe<'a>) -> Blatt<'a> {
        Blatt {
            mappe,
            tabelle: None,
            geschrieben: 0,
            zeile: 0,
            spalte: 0,
            zellen: Vec::new(),
            werte: String::new(),
        }
    }

    /// Converts the sheet `xml`, handing CSV to `abgeben` in pieces of about `stueck` bytes.
    pub fn umwandeln(
        &mut self,
        xml: impl Read,
        stueck: usize,
        mut abgeben: impl FnMut(Vec<u8>) -> bool,
    ) -> Result<(), String> {
        let mut l = XmlLeser::neu(xml);
        let mut aus = Vec::with_capacity(stueck + 4096);
        let mut a = String::new();
        let mut in_daten = false;
        // Inside a `<row>`: cells belong to it, and only its end writes it.
        let mut in_zeile = false;
        // The cell being read: type, style, raw value, whether a value element was open.
        let mut typ = Typ::Zahl;
        let mut stil = 0usize;
        let mut roh = String::new();
        // Characters of the cell's text so far (Excel's limit).
        let mut zeichen = 0usize;
        let mut in_wert = false;
        let mut in_zelle = false;
        let mut in_inline_t = false;
        let mut in_rph = 0u32;
        loop {
            let e = l.naechstes()?;
            match e {
                Ereignis::Schluss => break,
                Ereignis::Start | Ereignis::Leer => match l.name() {
                    b"sheetData" => in_daten = e == Ereignis::Start,
                    b"row" if in_daten => {
                        if in_zeile {
                            return Err(format!(
                                "Zeile {}: eine Zeile beginnt, bevor diese endet",
                                self.zeile
                            ));
                        }
                        let nummer = if l.attribut(b"r", &mut a)? {
                            a.trim()
                                .parse::<u64>()
                                .map_err(|_| format!("Zeilennummer „{a}“ ist keine Zahl"))?
                        } else {
                            u64::from(self.zeile) + 1
                        };
                        self.zeile_beginnen(nummer)?;
                        in_zeile = e == Ereignis::Start;
                        if !in_zeile {
                            self.zeile_schreiben(&mut aus);
                        }
                    }
                    b"c" if in_daten => {
                        if !in_zeile {
                            return Err(format!(
                                "nach Zeile {}: eine Zelle steht außerhalb einer Zeile",
                                self.zeile
                            ));
                        }
                        let spalte = if l.attribut(b"r", &mut a)? {
                            self.bezug(&a)?
                        } else {
                            self.spalte + 1
                        };
                        self.zelle_beginnen(spalte)?;
                        typ = if l.attribut(b"t", &mut a)? {
                            match a.as_str() {
                                "s" => Typ::Gemeinsam,
                                "inlineStr" => Typ::Inline,
                                "str" => Typ::Formeltext,
                                "b" => Typ::Wahr,
                                "e" => Typ::Fehler,
                                "d" => Typ::IsoDatum,
                                _ => Typ::Zahl,
                            }
                        } else {
                            Typ::Zahl
                        };
                        stil = if l.attribut(b"s", &mut a)? {
                            a.trim().parse().unwrap_or(0)
                        } else {
                            0
                        };
                        roh.clear();
                        zeichen = 0;
                        in_zelle = e == Ereignis::Start;
                    }
                    b"v" if in_zelle => in_wert = true,
                    b"t" if in_zelle && typ == Typ::Inline => in_inline_t = true,
                    b"rPh" if in_zelle => in_rph += 1,
                    _ => {}
                },
                Ereignis::Text => {
                    if (in_wert || (in_inline_t && in_rph == 0)) && in_zelle {
                        zeichen += l.text().chars().count();
                        if zeichen > super::xml::TEXT_MAX {
                            return Err(format!("Zeile {}: {}", self.zeile, super::xml::zu_lang()));
                        }
                        roh.push_str(l.text());
                    }
                }
                Ereignis::Ende => match l.name() {
                    b"sheetData" => in_daten = false,
                    b"row" if in_zeile => {
                        in_zeile = false;
                        self.zeile_schreiben(&mut aus);
                        if aus.len() >= stueck {
                            let voll =
                                std::mem::replace(&mut aus, Vec::with_capacity(stueck + 4096));
                            if !abgeben(voll) {
                                return Ok(());
                            }
                        }
                    }
                    b"c" if in_zelle => {
                        in_zelle = false;
                        self.zelle_abschliessen(typ, stil, &roh)?;
                    }
                    b"v" => in_wert = false,
                    b"t" => in_inline_t = false,
                    b"rPh" => in_rph = in_rph.saturating_sub(1),
                    _ => {}
                },
            }
        }
        if in_zeile {
            return Err(format!("Zeile {} bricht ab", self.zeile));
        }
        abgeben(aus);
        Ok(())
    }

    /// The column of cell reference `bezug` (`B7` → 2), checked against the row being read.
    fn bezug(&self, bezug: &str) -> Result<u32, String> {
        let b = bezug.trim().as_bytes();
        let buchstaben = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let mut spalte = 0u32;
        for c in &b[..buchstaben] {
            spalte = spalte
                .saturating_mul(26)
                .saturating_add(u32::from(c.to_ascii_uppercase() - b'A' + 1));
        }
        let zeile = std::str::from_utf8(&b[buchstaben..])
            .ok()
            .and_then(|z| z.parse::<u64>().ok());
        if buchstaben == 0 || buchstaben > 3 || zeile.is_none() {
            return Err(format!(
                "Zeile {}: „{bezug}“ ist kein Zellbezug",
                self.zeile
            ));
        }
        if spalte > SPALTEN_MAX {
            return Err(format!(
                "Zeile {}: Zelle {bezug} liegt hinter der letzten Spalte, die Excel kennt (XFD)",
                self.zeile
            ));
        }
        if zeile != Some(u64::from(self.zeile)) {
            return Err(format!(
                "Zeile {}: die Zelle {bezug} steht in einer anderen Zeile",
                self.zeile
            ));
        }
        Ok(spalte)
    }

    fn zeile_beginnen(&mut self, nummer: u64) -> Result<(), String> {
        if nummer == 0 || nummer > u64::from(ZEILEN_MAX) {
            return Err(format!(
                "Zeilennummer {nummer} liegt außerhalb dessen, was Excel kennt (1 bis 1.048.576)"
            ));
        }
        if nummer <= u64::from(self.zeile) {
            return Err(format!(
                "Zeile {nummer} steht nach Zeile {}: Zeilen doppelt oder nicht in ihrer \
                 Reihenfolge – bitte die Datei in Excel öffnen, speichern und erneut exportieren",
                self.zeile
            ));
        }
        self.zeile = nummer as u32;
        self.spalte = 0;
        self.zellen.clear();
        self.werte.clear();
        Ok(())
    }

    fn zelle_beginnen(&mut self, spalte: u32) -> Result<(), String> {
        if spalte > SPALTEN_MAX {
            return Err(format!(
                "Zeile {}: mehr als 16.384 Spalten (XFD), so viele kennt Excel nicht",
                self.zeile
            ));
        }
        if spalte <= self.spalte {
            return Err(format!(
                "Zeile {}: Zelle in Spalte {spalte} steht nach Spalte {} – Zellen doppelt oder \
                 nicht in ihrer Reihenfolge",
                self.zeile, self.spalte
            ));
        }
        self.spalte = spalte;
        Ok(())
    }

    /// The cell's value as the CSV field it stands for, into `werte`.
    fn zelle_abschliessen(&mut self, typ: Typ, stil: usize, roh: &str) -> Result<(), String> {
        let anfang = self.werte.len();
        let w = &mut self.werte;
        let mut fehler = false;
        match typ {
            Typ::Gemeinsam => {
                let i = roh.trim().parse::<usize>().ok();
                let z = self.mappe.zeichenketten;
                match i.and_then(|i| z.get(i)) {
                    Some(t) => text_schreiben(t, w),
                    None => {
                        return Err(format!(
                            "Zeile {}: die Zelle verweist auf Zeichenkette „{roh}“, die Tabelle \
                             hat {}",
                            self.zeile,
                            z.len()
                        ))
                    }
                }
            }
            Typ::Inline | Typ::Formeltext => text_schreiben(roh, w),
            Typ::Wahr => w.push_str(match roh.trim() {
                "1" | "true" => "Ja",
                "0" | "false" => "Nein",
                t => t,
            }),
            Typ::Fehler => {
                fehler = true;
                w.push(FEHLER_ZEICHEN);
                text_schreiben(roh.trim(), w);
            }
            Typ::IsoDatum => {
                let t = roh.trim();
                match t
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                {
                    Some(d) if t.len() == 10 || t.as_bytes()[10] == b'T' => {
                        let _ = write!(w, "{}", d.format("%Y-%m-%d"));
                    }
                    _ => text_schreiben(t, w),
                }
            }
            Typ::Zahl => match roh.trim() {
                "" => {}
                t => match t.parse::<f64>() {
                    Ok(x) if x.is_finite() => {
                        zahl_schreiben(x, self.mappe.formate.von(stil), self.mappe.datum1904, w)
                    }
                    _ => text_schreiben(t, w),
                },
            },
        }
        if self.werte[anfang..].trim().is_empty() {
            self.werte.truncate(anfang);
        } else {
            self.zellen.push((self.spalte, anfang, fehler));
        }
        Ok(())
    }

    /// Writes the row read (a blank line if none of its values lies in the table), after the
    /// blank lines of the rows between.
    fn zeile_schreiben(&mut self, aus: &mut Vec<u8>) {
        if !self.zellen.is_empty() {
            self.zeile_schreiben_nicht_leer(aus);
        }
        self.zellen.clear();
        self.werte.clear();
    }

    fn zeile_schreiben_nicht_leer(&mut self, aus: &mut Vec<u8>) {
        let (von, bis) = *self
            .tabelle
            .get_or_insert_with(|| (self.zellen[0].0, self.zellen[self.zellen.len() - 1].0));
        // A row of an ordinary table is written to the header's width, as a CSV row is (a
        // rejected row then shows its empty columns); past [`VOLL_BIS`] columns it ends at its
        // last value, and the reader takes the rest as empty.
        let Some(letzte) = self
            .zellen
            .iter()
            .map(|z| z.0)
            .rfind(|s| (von..=bis).contains(s))
        else {
            return;
        };
        aus.extend(std::iter::repeat_n(
            b'\n',
            self.zeile.saturating_sub(self.geschrieben + 1) as usize,
        ));
        let mut zellen = self.zellen.iter().enumerate().peekable();
        let letzte = if bis - von < VOLL_BIS { bis } else { letzte };
        for spalte in von..=letzte {
            if spalte > von {
                aus.push(b';');
            }
            while zellen.next_if(|(_, (s, _, _))| *s < spalte).is_some() {}
            if let Some((i, &(_, anfang, _))) = zellen.next_if(|(_, (s, _, _))| *s == spalte) {
                let ende = self.zellen.get(i + 1).map_or(self.werte.len(), |z| z.1);
                feld_schreiben(&self.werte[anfang..ende], aus);
            }
        }
        aus.push(b'\n');
        self.geschrieben = self.zeile;
    }
}

/// A text cell's value: a line break becomes a space (a record stays on its row), the error mark
/// is never text.
fn text_schreiben(t: &str, aus: &mut String) {
    for c in t.chars() {
        aus.push(match c {
            FEHLER_ZEICHEN => '\u{FFFD}',
            c => c,
        });
    }
}

/// A number as Excel displays it: a date cell as an ISO date, a zero-padded whole number with
/// its zeros, whole numbers without a decimal point (`611`), others in their shortest form.
pub fn zahl_schreiben(x: f64, format: Zahlformat, datum1904: bool, aus: &mut String) {
    match format {
        Zahlformat::Datum => {
            if let Some(d) = seriell_zu_datum(x, datum1904) {
                let _ = write!(aus, "{}", d.format("%Y-%m-%d"));
                return;
            }
        }
        Zahlformat::Nullen(n) if x.fract() == 0.0 && (0.0..1e15).contains(&x) => {
            let _ = write!(aus, "{:0width$}", x as i64, width = usize::from(n));
            return;
        }
        _ => {}
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let _ = write!(aus, "{}", x as i64);
    } else {
        let _ = write!(aus, "{x}");
    }
}

/// The day of Excel serial number `x` (its time of day dropped). In the 1900 system serial 1 is
/// 1 January 1900 and 60 the 29 February 1900 Excel believes in (no date); in the 1904 system
/// serial 0 is 1 January 1904.
pub fn seriell_zu_datum(x: f64, datum1904: bool) -> Option<NaiveDate> {
    let tag = x.floor();
    if !(0.0..=2_958_465.0).contains(&tag) {
        return None;
    }
    let tag = tag as u64;
    if datum1904 {
        return NaiveDate::from_ymd_opt(1904, 1, 1)?.checked_add_days(Days::new(tag));
    }
    match tag {
        0 | 60 => None,
        1..=59 => NaiveDate::from_ymd_opt(1899, 12, 31)?.checked_add_days(Days::new(tag)),
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(tag)),
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

    fn csv(zeilen: &str) -> Result<String, String> {
        let z = Zeichenketten::lesen(
            &b"<sst><si><t>Kundennummer</t></si><si><t>A;1</t></si></sst>"[..],
        )
        .unwrap();
        let f = Formate::lesen(
            br#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0000000000"/></numFmts><cellXfs><xf/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>"#,
        )
        .unwrap();
        let mut b = Blatt::neu(Mappe {
            zeichenketten: &z,
            formate: &f,
            datum1904: false,
        });
        let xml = format!(
            "<worksheet><dimension ref=\"A1:B2\"/><sheetData>{zeilen}</sheetData></worksheet>"
        );
        let mut aus = Vec::new();
        b.umwandeln(xml.as_bytes(), 8, |s| {
            aus.extend(s);
            true
        })?;
        Ok(String::from_utf8(aus).unwrap())
    }

    #[test]
    fn rows_by_number_the_header_span_and_typed_cells() {
        let x = csv(concat!(
            r#"<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>Datum</t></is></c><c r="D2" t="inlineStr"><is><t>Nr</t></is></c></row>"#,
            r#"<row r="3"><c r="A3"><v>9</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" s="2"><v>45747.5</v></c><c r="D3" s="1"><v>42</v></c><c r="Z3" t="e"><v>#SPILL!</v></c></row>"#,
            r#"<row r="4"><c r="B4" s="1"/></row>"#,
            r#"<row r="6"><c r="B6" t="b"><v>1</v></c><c r="C6" t="d"><v>2006-05-03T00:00:00</v></c><c r="D6" t="e"><v>#N/A</v></c></row>"#,
            r#"<row><c r="B7" t="str"><f>A1</f><v>x</v></c><c><v>0.5</v></c><c><v>1E3</v></c></row>"#,
        ))
        .unwrap();
        assert_eq!(
            x,
            "\nKundennummer;Datum;Nr\n\"A;1\";2025-03-31;0000000042\n\n\nJa;2006-05-03;\u{FFFF}#N/A\nx;0.5;1000\n"
        );
    }

    #[test]
    fn out_of_order_repeated_and_out_of_range_rows_stop_the_read_naming_the_row() {
        for (xml, erwartet) in [
            (
                r#"<row r="20"/><row r="20"/>"#,
                "Zeile 20 steht nach Zeile 20",
            ),
            (r#"<row r="5"/><row r="3"/>"#, "Zeile 3 steht nach Zeile 5"),
            (r#"<row r="4000000000"/>"#, "Zeilennummer 4000000000"),
            (
                r#"<row r="2"><c r="C2"/><c r="B2"/></row>"#,
                "Zeile 2: Zelle in Spalte 2",
            ),
            (r#"<row r="2"><c r="XFE2"/></row>"#, "XFD"),
            (r#"<row r="2"><c r="A3"/></row>"#, "anderen Zeile"),
            (
                r#"<row r="2"><c r="A2" t="s"><v>7</v></c></row>"#,
                "Zeichenkette „7“",
            ),
        ] {
            let e = csv(xml).unwrap_err();
            assert!(e.contains(erwartet), "{xml}: {e}");
        }
    }

    #[test]
    fn a_cell_of_several_runs_is_held_to_excels_limit() {
        let lauf = |n: usize| format!("<r><t>{}</t></r>", "ä".repeat(n));
        let zelle = |a: usize, b: usize| {
            format!(
                r#"<row r="1"><c r="A1" t="inlineStr"><is>{}{}</is></c></row>"#,
                lauf(a),
                lauf(b)
            )
        };
        assert!(csv(&zelle(20_000, 12_767)).is_ok());
        assert!(csv(&zelle(20_000, 12_768))
            .unwrap_err()
            .contains("mehr als 32.767 Zeichen"));
    }

    #[test]
    fn a_far_stray_blank_and_far_row_numbers_cost_no_memory() {
        // A header, a row at Excel's last row, a blank at XFD: 1,048,574 blank lines, no more.
        let x = csv(concat!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            r#"<row r="1048576"><c r="A1048576"><v>5</v></c><c r="XFD1048576" s="1"/></row>"#
        ))
        .unwrap();
        assert_eq!(x.len(), "Kundennummer\n".len() + 1_048_574 + "5\n".len());
    }

    #[test]
    fn a_row_ends_at_its_last_value_whatever_the_header_width() {
        let x = csv(concat!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1" t="inlineStr"><is><t>Notiz</t></is></c></row>"#,
            r#"<row r="2"><c r="A2"><v>5</v></c></row>"#
        ))
        .unwrap();
        let zeilen: Vec<&str> = x.lines().collect();
        assert_eq!(
            zeilen[0].len(),
            "Kundennummer".len() + 16_383 + "Notiz".len()
        );
        assert_eq!(zeilen[1], "5");
    }

    #[test]
    fn serial_dates_in_both_systems() {
        let d = |x, s| seriell_zu_datum(x, s).map(|d| d.to_string());
        assert_eq!(d(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(d(59.0, false).as_deref(), Some("1900-02-28"));
        assert_eq!(d(60.0, false), None);
        assert_eq!(d(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(d(45747.99, false).as_deref(), Some("2025-03-31"));
        assert_eq!(d(0.0, true).as_deref(), Some("1904-01-01"));
        assert_eq!(d(44285.0, true).as_deref(), Some("2025-03-31"));
        assert_eq!(d(-1.0, false), None);
        assert_eq!(d(2_958_466.0, false), None);
    }
}

//! Excel exports (SPEC §2): `NAME.xlsx` in place of `NAME.csv`.
//!
//! The first worksheet is turned into the CSV form the one record reader reads ([`super::satz`]),
//! so an Excel export passes the same header matching, validation and rejection rules as a CSV
//! one. It is converted cell by cell as the reader asks for bytes ([`csv_strom`]): memory
//! stays at the compressed file, the shared strings and a few blocks, whatever the sheet's
//! length (a 1,048,575-row sheet read whole took 562 MB). How a sheet becomes lines:
//! [`blatt`]; what a number displays as: [`formate`].
//!
//! The container is read by hand on top of the `zip` crate ([`paket`], [`xml`]) rather than
//! through calamine, which loads the shared strings as one `String` each and a text node whole
//! (an Excel bomb of 60 million strings or one 1.2 GB cell took the run past 1.5 GB) and does not
//! hand out a cell's number format (a zero-padded Kundennummer lost its zeros).

use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use crate::error::{Ergebnis, Fehler};

mod blatt;
mod formate;
mod paket;
mod xml;
mod zeichenketten;

pub use blatt::FEHLER_ZEICHEN;
use blatt::{Blatt, Mappe};
use formate::Formate;
use paket::Paket;
use xml::{Ereignis, XmlLeser};
use zeichenketten::Zeichenketten;

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
/// UTF-8 CSV, converted on a thread of its own while the reader reads. A file that is not an
/// `.xlsx` workbook (an `.ods`, `.xls`, `.xlsb` or CSV under that name) is refused saying what it
/// is. Opening errors — the shared strings and styles included — come back here; an error later
/// in the sheet ends the stream with an I/O error holding the German reason.
pub fn csv_strom(bytes: Vec<u8>, pfad: &Path) -> Ergebnis<Box<dyn Read + Send>> {
    let (bereit_tx, bereit_rx) = sync_channel::<Result<(), String>>(1);
    let (daten_tx, daten_rx) = sync_channel::<Nachricht>(2);
    std::thread::spawn(move || umwandeln(bytes, &bereit_tx, &daten_tx));
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

/// Largest part read whole (workbook, relationships, styles).
const KLEIN_MAX: u64 = 64 << 20;

/// The converting thread: opens the workbook and its first sheet (says so on `bereit`), then
/// sends the sheet's CSV in pieces on `daten`. Stops when the reader hangs up.
fn umwandeln(
    bytes: Vec<u8>,
    bereit: &SyncSender<Result<(), String>>,
    daten: &SyncSender<Nachricht>,
) {
    let art = Dateiart::von(&bytes);
    let Some(mut paket) = Paket::oeffnen(bytes) else {
        let _ = bereit.send(Err(art.grund().into()));
        return;
    };
    let Offen {
        blatt: teil,
        zeichenketten,
        formate,
        datum1904,
    } = match mappe_oeffnen(&mut paket) {
        Ok(offen) => offen,
        Err(grund) => {
            let _ = bereit.send(Err(grund));
            return;
        }
    };
    if bereit.send(Ok(())).is_err() {
        return;
    }
    let mut blatt = Blatt::neu(Mappe {
        zeichenketten: &zeichenketten,
        formate: &formate,
        datum1904,
    });
    let mut aufgelegt = false;
    let ergebnis = blatt.umwandeln(teil, STUECK, |stueck| {
        let ok = daten.send(Nachricht::Daten(stueck)).is_ok();
        aufgelegt |= !ok;
        ok
    });
    if aufgelegt {
        return;
    }
    let _ = daten.send(match ergebnis {
        Ok(()) => Nachricht::Ende,
        Err(grund) => Nachricht::Fehler(grund),
    });
}

/// An opened workbook: its first sheet, ready to inflate, and what the sheet needs besides.
struct Offen<'p> {
    blatt: paket::Teil<'p>,
    zeichenketten: Zeichenketten,
    formate: Formate,
    /// Dates counted from 1904.
    datum1904: bool,
}

/// Opens the workbook in `paket`: its first sheet, the shared strings, the number formats and
/// the date system.
fn mappe_oeffnen(paket: &mut Paket) -> Result<Offen<'_>, String> {
    let Some(mappe_teil) = paket
        .finden("xl/workbook.xml")
        .map(str::to_string)
        .or_else(|| {
            let rels = paket.klein_lesen("_rels/.rels", KLEIN_MAX).ok()??;
            beziehungen(&rels, "")
                .ok()?
                .into_iter()
                .find(|b| b.typ.ends_with("/officeDocument"))
                .map(|b| b.ziel)
        })
    else {
        // OpenDocument's parts, whether or not its type stands uncompressed at the start.
        if paket.finden("content.xml").is_some() && paket.finden("mimetype").is_some() {
            return Err(Dateiart::Ods.grund().into());
        }
        if paket.finden("xl/workbook.bin").is_some() {
            return Err(Dateiart::Xlsb.grund().into());
        }
        return Err(Dateiart::ZipOhneMappe.grund().into());
    };
    let mappe = paket
        .klein_lesen(&mappe_teil, KLEIN_MAX)?
        .ok_or_else(|| Dateiart::ZipOhneMappe.grund().to_string())?;
    let (ordner, datei) = mappe_teil.rsplit_once('/').unwrap_or(("", &mappe_teil));
    let rels_teil = if ordner.is_empty() {
        format!("_rels/{datei}.rels")
    } else {
        format!("{ordner}/_rels/{datei}.rels")
    };
    let rels = match paket.klein_lesen(&rels_teil, KLEIN_MAX)? {
        Some(r) => beziehungen(&r, ordner)?,
        None => Vec::new(),
    };
    let (erstes_blatt, datum1904) = erstes_blatt(&mappe)?;
    let blatt_teil = match erstes_blatt {
        Some(id) => rels
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.ziel.clone())
            .ok_or_else(|| format!("das erste Tabellenblatt (Beziehung {id}) fehlt"))?,
        None => return Err("die Arbeitsmappe hat kein Tabellenblatt".into()),
    };
    let teil_von = |typ: &str, vorgabe: &str| {
        rels.iter()
            .find(|b| b.typ.ends_with(typ))
            .map_or_else(|| format!("{ordner}/{vorgabe}"), |b| b.ziel.clone())
    };
    let formate = match paket.klein_lesen(&teil_von("/styles", "styles.xml"), KLEIN_MAX)? {
        Some(x) => Formate::lesen(&x)?,
        None => Formate::default(),
    };
    let zeichenketten = match paket.teil(&teil_von("/sharedStrings", "sharedStrings.xml"))? {
        Some(t) => Zeichenketten::lesen(t)?,
        None => Zeichenketten::default(),
    };
    let blatt = paket.teil(&blatt_teil)?.ok_or_else(|| {
        format!("das erste Tabellenblatt ({blatt_teil}) fehlt in der Arbeitsmappe")
    })?;
    Ok(Offen {
        blatt,
        zeichenketten,
        formate,
        datum1904,
    })
}

/// One relationship of a part.
struct Beziehung {
    id: String,
    typ: String,
    /// The target part's name in the container.
    ziel: String,
}

/// The relationships of a `.rels` part whose source lies in folder `ordner`.
fn beziehungen(xml: &[u8], ordner: &str) -> Result<Vec<Beziehung>, String> {
    let mut l = XmlLeser::neu(xml);
    let mut aus = Vec::new();
    let (mut id, mut typ, mut ziel) = (String::new(), String::new(), String::new());
    loop {
        match l.naechstes()? {
            Ereignis::Schluss => return Ok(aus),
            Ereignis::Start | Ereignis::Leer
                if l.name() == b"Relationship"
                    && l.attribut(b"Id", &mut id)?
                    && l.attribut(b"Type", &mut typ)?
                    && l.attribut(b"Target", &mut ziel)? =>
            {
                aus.push(Beziehung {
                    id: id.clone(),
                    typ: typ.clone(),
                    ziel: pfad_aufloesen(ordner, &ziel),
                });
            }
            _ => {}
        }
    }
}

/// A relationship's target as a part name: absolute (`/xl/…`) or relative to `ordner`.
fn pfad_aufloesen(ordner: &str, ziel: &str) -> String {
    let mut teile: Vec<&str> = if ziel.starts_with('/') {
        Vec::new()
    } else {
        ordner.split('/').filter(|t| !t.is_empty()).collect()
    };
    for t in ziel.split('/') {
        match t {
            "" | "." => {}
            ".." => {
                teile.pop();
            }
            t => teile.push(t),
        }
    }
    teile.join("/")
}

/// The relationship id of the workbook's first sheet and whether it counts dates from 1904.
fn erstes_blatt(xml: &[u8]) -> Result<(Option<String>, bool), String> {
    let mut l = XmlLeser::neu(xml);
    let mut a = String::new();
    let mut erstes = None;
    let mut datum1904 = false;
    loop {
        match l.naechstes()? {
            Ereignis::Schluss => return Ok((erstes, datum1904)),
            Ereignis::Start | Ereignis::Leer => match l.name() {
                b"workbookPr" if l.attribut(b"date1904", &mut a)? => {
                    datum1904 = matches!(a.trim(), "1" | "true");
                }
                b"sheet" if erstes.is_none() && l.attribut(b"id", &mut a)? => {
                    erstes = Some(a.clone());
                }
                _ => {}
            },
            _ => {}
        }
    }
}

/// What a file that should be a workbook is, by its first bytes: the reason a user reads when it
/// cannot be read as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dateiart {
    /// A zip container (.xlsx) that still cannot be read: cut off or damaged.
    Zip,
    /// An OpenDocument spreadsheet (.ods).
    Ods,
    /// A binary Excel workbook (.xlsb).
    Xlsb,
    /// A zip container without a workbook in it.
    ZipOhneMappe,
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
            // A damaged container; an intact one is told apart by its parts.
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
            Dateiart::Ods => {
                "die Datei ist eine OpenDocument-Tabelle (.ods), keine Excel-Arbeitsmappe – \
                 bitte als .xlsx oder CSV speichern"
            }
            Dateiart::Xlsb => {
                "die Datei ist eine binäre Excel-Arbeitsmappe (.xlsb) – bitte als .xlsx oder CSV \
                 speichern"
            }
            Dateiart::ZipOhneMappe => {
                "die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (xl/workbook.xml \
                 fehlt) – bitte als .xlsx oder CSV speichern"
            }
            Dateiart::Verschluesselt => {
                "die Arbeitsmappe ist mit einem Kennwort verschlüsselt – bitte ohne Kennwort \
                 speichern oder als CSV exportieren"
            }
            Dateiart::Ole => {
                "die Datei ist eine ältere Excel-Datei (.xls) oder ein anderes Office-Dokument, \
                 keine .xlsx-Arbeitsmappe – bitte als .xlsx oder CSV speichern"
            }
            Dateiart::Text => {
                "die Datei ist keine Excel-Arbeitsmappe, sondern Text (vermutlich eine CSV-Datei \
                 mit der Endung .xlsx) – bitte in NAME.csv umbenennen"
            }
            Dateiart::Unbekannt => "die Datei ist keine Excel-Arbeitsmappe",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, Workbook};

    /// A workbook made with rust_xlsxwriter: `zellen` as (row, column, value), numbers as
    /// numbers, everything else as text.
    fn mappe(zellen: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut m = Workbook::new();
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

    fn gestreamt(bytes: Vec<u8>) -> Ergebnis<String> {
        let mut aus = Vec::new();
        csv_strom(bytes, Path::new("t.xlsx"))?
            .read_to_end(&mut aus)
            .map_err(|e| Fehler::ExcelUnlesbar {
                pfad: "t.xlsx".into(),
                grund: e.to_string(),
            })?;
        Ok(String::from_utf8(aus).unwrap())
    }

    #[test]
    fn a_sheet_becomes_csv_lines_numbered_as_its_rows() {
        // Two blank rows above, the table from column B, an empty row inside, a row whose last
        // cell is empty, values that need quotes, numbers, a stray value left of the table.
        let zellen = [
            (2, 1, "Kundennummer"),
            (2, 2, "Team"),
            (2, 3, "Notiz"),
            (3, 1, "A1"),
            (3, 2, "611"),
            (3, 3, "a;\"b\"\nc"),
            (5, 1, "A2"),
            (5, 2, "0.5"),
            (6, 0, "irgendwo"),
            (6, 1, "A3"),
        ];
        assert_eq!(
            gestreamt(mappe(&zellen)).unwrap(),
            "\n\nKundennummer;Team;Notiz\nA1;611;\"a;\"\"b\"\" c\"\n\nA2;0.5;\nA3;;\n"
        );
        // More than one piece of CSV: 60,000 rows.
        let viele: Vec<(u32, u16, String)> = (0..60_000u32)
            .flat_map(|z| [(z, 0, format!("K{z}")), (z, 1, format!("{}", z % 7))])
            .collect();
        let viele: Vec<(u32, u16, &str)> =
            viele.iter().map(|(z, s, w)| (*z, *s, w.as_str())).collect();
        let erwartet: String = (0..60_000u32)
            .map(|z| format!("K{z};{}\n", z % 7))
            .collect();
        assert_eq!(gestreamt(mappe(&viele)).unwrap(), erwartet);
    }

    #[test]
    fn numbers_read_as_excel_displays_them() {
        let mut m = Workbook::new();
        let b = m.add_worksheet();
        let nullen = Format::new().set_num_format("0000000000");
        let datum = Format::new().set_num_format("dd.mm.yyyy");
        b.write_row(0, 0, ["Kundennummer", "Geburtsdatum", "Team", "Aktiv"])
            .unwrap();
        b.write_number_with_format(1, 0, 42.0, &nullen).unwrap();
        b.write_number_with_format(1, 1, 32_874.0, &datum).unwrap();
        b.write_number(1, 2, 611.0).unwrap();
        b.write_boolean(1, 3, true).unwrap();
        assert_eq!(
            gestreamt(m.save_to_buffer().unwrap()).unwrap(),
            "Kundennummer;Geburtsdatum;Team;Aktiv\n0000000042;1990-01-01;611;Ja\n"
        );
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
    fn a_file_that_is_no_workbook_says_what_it_is() {
        let zip = |teile: &[(&str, &[u8])]| {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for (name, inhalt) in teile {
                // OpenDocument stores its type uncompressed, first.
                let art = if *name == "mimetype" {
                    zip::CompressionMethod::Stored
                } else {
                    zip::CompressionMethod::Deflated
                };
                let o = zip::write::SimpleFileOptions::default().compression_method(art);
                w.start_file(*name, o).unwrap();
                std::io::Write::write_all(&mut w, inhalt).unwrap();
            }
            w.finish().unwrap().into_inner()
        };
        for (bytes, grund) in [
            (b"Kundennummer;Team\n".to_vec(), "vermutlich eine CSV-Datei"),
            (
                zip(&[
                    (
                        "mimetype",
                        b"application/vnd.oasis.opendocument.spreadsheet",
                    ),
                    ("content.xml", b"<office:document-content/>"),
                ]),
                "OpenDocument-Tabelle (.ods)",
            ),
            (
                zip(&[
                    ("xl/workbook.bin", b"\x00"),
                    ("[Content_Types].xml", b"<Types/>"),
                ]),
                "binäre Excel-Arbeitsmappe (.xlsb)",
            ),
            (
                zip(&[("a.txt", b"x")]),
                "ZIP-Archiv, aber keine Excel-Arbeitsmappe",
            ),
        ] {
            let e = csv_strom(bytes, Path::new("2025-03/kunden.xlsx"))
                .err()
                .unwrap()
                .to_string();
            assert!(
                e.contains("2025-03/kunden.xlsx") && e.contains(grund),
                "{e}"
            );
        }
    }

    #[test]
    fn relationship_targets_resolve_to_part_names() {
        assert_eq!(
            pfad_aufloesen("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            pfad_aufloesen("xl", "/xl/sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
        assert_eq!(pfad_aufloesen("xl/sub", "../styles.xml"), "xl/styles.xml");
    }
}

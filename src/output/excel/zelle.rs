//! Single cells: a value as a cell in its row's format, a block of statements (name and value
//! per line), an internal link, a calendar day as an Excel date — what tables, pages and the
//! table of contents are written from.

use rust_xlsxwriter::{ExcelDateTime, Url, Worksheet, XlsxError};

use super::formate::{Formate, Zeilenformate};
use super::grenzen::Textzelle;
use crate::katalog::Darstellung;
use crate::output::endlich::Zahlzelle;
use crate::output::tabelle::Wert;

/// One cell: `wert` in the row's formats `zf` (a date in the workbook's date format).
pub(crate) fn zelle(
    ws: &mut Worksheet,
    (f, zf): (&Formate, &Zeilenformate),
    (z, c): (u32, u16),
    wert: Wert,
) -> Result<(), XlsxError> {
    // An empty text is no value.
    let wert = match wert {
        Wert::Text(x) if x.is_empty() => Wert::Leer,
        w => w,
    };
    match wert {
        // Nothing is no cell at all, unless the row's format draws one (a total row's rule):
        // as Excel stores it.
        Wert::Leer => {
            if *zf.text != rust_xlsxwriter::Format::new() {
                ws.write_blank(z, c, zf.text)?;
            }
        }
        Wert::Hinweis(x) => {
            ws.text_f(z, c, x, &f.hinweis)?;
        }
        Wert::Strich => {
            ws.text_f(z, c, "–", zf.text)?;
        }
        Wert::Text(x) => {
            ws.text_f(z, c, x, zf.text)?;
        }
        Wert::Zahl(x, d) => {
            let format = match d {
                Darstellung::Anzahl => zf.ganz,
                Darstellung::Tage => zf.tage,
                Darstellung::Anteil => zf.anteil,
                Darstellung::Stellen => zf.stellen,
            };
            ws.zahl(z, c, x, format)?;
        }
        Wert::Aenderung(x, d) => {
            let (x, format) = match d {
                Darstellung::Anzahl => (x, &f.aenderung_ganz),
                Darstellung::Tage | Darstellung::Stellen => (x, &f.aenderung_tage),
                Darstellung::Anteil => (x * 100.0, &f.aenderung_punkte),
            };
            ws.zahl(z, c, x, format)?;
        }
        Wert::ZuWenige(_, _, n) => {
            ws.text_f(z, c, Wert::zu_wenige_text(n), &f.zu_wenige)?;
            // Two lines: LibreOffice does not fit a row's height to wrapped text on opening,
            // so the remark would print over the row below.
            ws.set_row_height(z, 30)?;
        }
        Wert::Datum(d) => {
            ws.write_datetime_with_format(z, c, excel_datum(d)?, &f.datum)?;
        }
        Wert::Verweis { blatt, text } => verweis(ws, (z, c), &blatt, &text)?,
        Wert::Flag(b) => {
            ws.text_f(z, c, if b { "ja" } else { "nein" }, zf.text)?;
        }
    }
    Ok(())
}

/// `text` in lines of at most `zeichen` characters down column `spalte` from row `zeile`, in
/// `format`: a note no wider than the table it explains (LibreOffice prints a text that runs
/// on past a table's last column whole, and shrinks the page to fit it). Returns the next
/// free row.
pub(crate) fn hinweiszeilen(
    ws: &mut Worksheet,
    (zeile, spalte): (u32, u16),
    (text, zeichen): (&str, usize),
    format: &rust_xlsxwriter::Format,
) -> Result<u32, XlsxError> {
    let mut z = zeile;
    for teil in super::kennzahlen::zeilen_umbrechen(text, zeichen) {
        ws.text_f(z, spalte, teil, format)?;
        z += 1;
    }
    Ok(z)
}

/// A block of statements from row `zeile`: per line a name in column 0 (in `name_format`;
/// none for a continued list) and its value in column 1. Returns the next free row.
pub(crate) fn angaben<'w>(
    ws: &mut Worksheet,
    f: &Formate,
    (zeile, name_format): (u32, &rust_xlsxwriter::Format),
    zeilen: impl IntoIterator<Item = (Option<&'w str>, Wert<'w>)>,
) -> Result<u32, XlsxError> {
    let mut z = zeile;
    for (name, wert) in zeilen {
        if let Some(n) = name {
            ws.text_f(z, 0, n, name_format)?;
        }
        zelle(ws, (f, &f.zeile(false)), (z, 1), wert)?;
        z += 1;
    }
    Ok(z)
}

/// An internal link to cell A1 of sheet `blatt`, shown as `text`.
pub(crate) fn verweis(
    ws: &mut Worksheet,
    (zeile, spalte): (u32, u16),
    blatt: &str,
    text: &str,
) -> Result<(), XlsxError> {
    let ziel = format!("internal:'{}'!A1", blatt.replace('\'', "''"));
    ws.write_url_with_text(zeile, spalte, Url::new(ziel), text)?;
    Ok(())
}

/// An Excel date for a calendar day.
pub(crate) fn excel_datum(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

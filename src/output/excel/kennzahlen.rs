//! Figure cells laid out from the catalog, and header rows.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::formate::{Formate, Zeilenformate};
use super::grenzen::Textzelle;
use crate::katalog::{self, Darstellung, Kennzahlzeile};

/// Writes the figures of row `z` (of a table of `katalog`'s figures) from column `spalte`
/// on, in catalog order; `summe` selects the bold total style. A share without a denominator
/// is a dash, never a zero.
pub(crate) fn kennzahlen_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    (zeile, spalte): (u32, u16),
    katalog: &[katalog::Kennzahl],
    z: &Kennzahlzeile,
    summe: bool,
) -> Result<(), XlsxError> {
    let zf = f.zeile(summe);
    for (i, (k, w)) in katalog.iter().zip(&z.werte).enumerate() {
        wert_schreiben(ws, &zf, (zeile, spalte + i as u16), k, *w)?;
    }
    Ok(())
}

/// Writes the figures of row `z` down column `spalte` from row `zeile` (the headline blocks
/// of the Übersicht sheets), in catalog order.
pub(crate) fn kennzahlen_spalte(
    ws: &mut Worksheet,
    f: &Formate,
    (zeile, spalte): (u32, u16),
    katalog: &[katalog::Kennzahl],
    z: &Kennzahlzeile,
) -> Result<(), XlsxError> {
    let zf = f.zeile(false);
    for (i, (k, w)) in katalog.iter().zip(&z.werte).enumerate() {
        wert_schreiben(ws, &zf, (zeile + i as u32, spalte), k, *w)?;
    }
    Ok(())
}

/// One figure's value in the number format of its kind.
fn wert_schreiben(
    ws: &mut Worksheet,
    zf: &Zeilenformate<'_>,
    (zeile, spalte): (u32, u16),
    k: &katalog::Kennzahl,
    wert: Option<f64>,
) -> Result<(), XlsxError> {
    let format = match k.darstellung {
        Darstellung::Anzahl => zf.ganz,
        Darstellung::Tage => zf.tage,
        Darstellung::Anteil => zf.anteil,
    };
    match wert {
        Some(w) => ws.write_number_with_format(zeile, spalte, w, format)?,
        None => ws.text_f(zeile, spalte, "–", zf.text)?,
    };
    Ok(())
}

/// Writes a header row.
pub(crate) fn kopfzeile(
    ws: &mut Worksheet,
    f: &Formate,
    zeile: u32,
    spalte: u16,
    koepfe: &[impl AsRef<str>],
) -> Result<(), XlsxError> {
    for (i, k) in koepfe.iter().enumerate() {
        ws.text_f(zeile, spalte + i as u16, k.as_ref(), &f.kopf)?;
    }
    Ok(())
}

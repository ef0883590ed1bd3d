//! Links inside a workbook: the Übersicht lists every sheet as a link (a screen reader and a
//! keyboard user reach a sheet without the tab bar), and names the worklists with their
//! lengths as links.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::blatt::Blattart;
use super::formate::Formate;
use super::grenzen::Textzelle;
use super::tabelle::zeilen_ohne_kopf as angaben_tabelle;
use crate::output::tabelle::{Tabelle, Wert};

/// Writes „Inhalt“ on sheet `blatt` (a management workbook's Übersicht, the second sheet
/// after „Auf einen Blick“; the audit workbook's first) from row `zeile` on: one link per
/// other sheet (`blaetter`, in the workbook's order), with what it holds. Returns the next
/// free row.
pub(crate) fn inhalt(
    wb: &mut Workbook,
    f: &Formate,
    (blatt, zeile): (usize, u32),
    blaetter: &[&Blattart],
) -> Result<u32, XlsxError> {
    let ws = wb.worksheet_from_index(blatt)?;
    ws.text_f(zeile, 0, "Inhalt dieser Arbeitsmappe", &f.untertitel)?;
    let t = Tabelle::neu("")
        .blattspalte("Blatt", |b: &&Blattart| Wert::Verweis {
            blatt: b.name.into(),
            text: b.name.into(),
        })
        .blattspalte("Inhalt", |b| Wert::text(b.inhalt));
    angaben_tabelle(ws, f, zeile + 1, &t, blaetter)
}

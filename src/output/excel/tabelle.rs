//! Every list and figure table of every workbook as an Excel table (a „Tabelle“ with a header
//! row): a screen reader announces its column headings with each cell, Excel's accessibility
//! checker asks for it (EN 301 549 clause 10 / BITV 2.0), and a reader can sort and filter it
//! without selecting a range. The headings stay as [`super::kopfzeile`] wrote them, in the
//! header format; the table adds its own filter buttons (no sheet autofilter beside it).

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet, XlsxError};

use super::formate::Formate;
use super::grenzen::Textzelle;
use super::kennzahlen::{kopfbreite, kopfhoehe, kopfzeile, kopfzeilen};
use super::seite::druck_tabelle;
use super::zelle::zelle;
use crate::output::tabelle::Tabelle;

/// Writes table `t` over `zeilen` from row `kopf`: its header row, one row per entry (the
/// first bold as a total where `t` says so) and the Excel table over both. An empty list is
/// `t`'s sentence in row `kopf` instead. Returns the first row after what was written.
pub(crate) fn tabelle_schreiben<R>(
    ws: &mut Worksheet,
    f: &Formate,
    kopf: u32,
    t: &Tabelle<'_, R>,
    zeilen: &[R],
) -> Result<u32, XlsxError> {
    if zeilen.is_empty() {
        ws.text_f(kopf, 0, &t.leer, &f.hinweis)?;
        return Ok(kopf + 1);
    }
    let koepfe = t.koepfe();
    kopfzeile(ws, f, kopf, 0, &koepfe)?;
    let z = zeilen_ohne_kopf(ws, f, kopf + 1, t, zeilen)?;
    tabelle(ws, f, &t.name, (kopf, 0), z - 1, &koepfe)?;
    Ok(z)
}

/// The rows of table `t` from row `zeile` (totals bold), without its header and outside an
/// Excel table: as [`tabelle_schreiben`] writes them, or alone for a list a reader follows
/// (the table of contents) rather than data to sort. Returns the next free row.
pub(crate) fn zeilen_ohne_kopf<R>(
    ws: &mut Worksheet,
    f: &Formate,
    zeile: u32,
    t: &Tabelle<'_, R>,
    zeilen: &[R],
) -> Result<u32, XlsxError> {
    let mut z = zeile;
    for (i, r) in zeilen.iter().enumerate() {
        let mut zf = f.zeile(t.ist_summe(i, zeilen.len(), r));
        if t.umbrechen {
            zf.text = &f.umbruch;
        }
        for (c, s) in t.blattspalten().enumerate() {
            zelle(ws, (f, &zf), (z, c as u16), s.wert(r))?;
        }
        z += 1;
    }
    Ok(z)
}

/// The width of a column of plain text `texte` headed `kopf`: its longest text at 0.8 width
/// units a character and 1.5 more (measured in LibreOffice's PDF: „Arbeitslose/Ausbildung-
/// suchende U25“, 34 characters, takes 26.4 units; the rest is for wider letters), at least as wide as
/// the heading's longest word needs. A key column sized to the names it holds, not to the
/// longest name a rules file might give, leaves the figures more of the printed width.
pub(crate) fn textbreite<'a>(texte: impl IntoIterator<Item = &'a str>, kopf: &str) -> f64 {
    let zeichen = texte
        .into_iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0);
    (zeichen as f64 * 0.8 + 1.5)
        .ceil()
        .max(kopfbreite(kopf, 0.0).0)
}

/// Every column at its fixed width, the key columns at the key width, the others at least
/// `t.breite` and wide enough for their heading's longest word; the header row `kopf` as high
/// as the most wrapped of those headings.
pub(crate) fn spaltenbreiten_setzen<R>(
    ws: &mut Worksheet,
    kopf: u32,
    t: &Tabelle<'_, R>,
) -> Result<(), XlsxError> {
    spaltenbreiten_gestapelt(ws, &[(kopf, t)])
}

/// The same for tables stacked on one sheet (header rows `kopf`): each column as wide as the
/// widest of them needs it, each header row as high as its headings wrap in those widths.
pub(crate) fn spaltenbreiten_gestapelt<R>(
    ws: &mut Worksheet,
    tabellen: &[(u32, &Tabelle<'_, R>)],
) -> Result<(), XlsxError> {
    let breite = |t: &Tabelle<'_, R>, c: usize, kopf: Option<&str>, fest: Option<f64>| match fest {
        Some(b) => b,
        None if c < usize::from(t.schluessel) => t.schluessel_breite,
        None => kopfbreite(kopf.unwrap_or_default(), t.breite).0,
    };
    let mut breiten: Vec<f64> = Vec::new();
    for (_, t) in tabellen {
        for (c, s) in t.blattspalten().enumerate() {
            let b = breite(t, c, s.kopf.as_deref(), s.breite);
            match breiten.get_mut(c) {
                Some(x) => *x = x.max(b),
                None => breiten.push(b),
            }
        }
    }
    for (c, b) in breiten.iter().enumerate() {
        ws.set_column_width(c as u16, *b)?;
    }
    for (kopf, t) in tabellen {
        let zeilen = t
            .blattspalten()
            .enumerate()
            .filter(|(c, s)| s.breite.is_none() && *c >= usize::from(t.schluessel))
            .map(|(c, s)| kopfzeilen(s.kopf.as_deref().unwrap_or_default(), breiten[c]))
            .max()
            .unwrap_or(1);
        ws.set_row_height(*kopf, kopfhoehe(zeilen))?;
    }
    Ok(())
}

/// A sheet laid out for table `t` with its header in row `kopf`: the columns' widths, the key
/// columns and the header frozen on screen and repeated on every printed page.
pub(crate) fn tabellenblatt<R>(
    ws: &mut Worksheet,
    kopf: u32,
    t: &Tabelle<'_, R>,
    (stichtag, empfaenger): (chrono::NaiveDate, &str),
) -> Result<(), XlsxError> {
    spaltenbreiten_setzen(ws, kopf, t)?;
    ws.set_freeze_panes(kopf + 1, t.schluessel)?;
    druck_tabelle(ws, stichtag, empfaenger, (kopf, kopf), t.schluessel)
}

/// Makes rows `kopf..=letzte` of columns `erste_spalte..` an Excel table named `name` (unique
/// in the workbook; see [`tabellenname`]) with header row `kopf` holding `koepfe`. A table
/// without a data row stays a plain header (Excel's tables need one row).
pub(crate) fn tabelle(
    ws: &mut Worksheet,
    f: &Formate,
    name: &str,
    (kopf, erste_spalte): (u32, u16),
    letzte: u32,
    koepfe: &[impl AsRef<str>],
) -> Result<(), XlsxError> {
    if letzte <= kopf || koepfe.is_empty() {
        return Ok(());
    }
    let spalten: Vec<TableColumn> = eindeutig(koepfe)
        .into_iter()
        .map(|k| {
            TableColumn::new()
                .set_header(k)
                .set_header_format(f.kopf.clone())
        })
        .collect();
    let letzte_spalte = erste_spalte + spalten.len() as u16 - 1;
    let t = Table::new()
        .set_name(tabellenname(name))
        .set_style(TableStyle::None)
        .set_columns(&spalten);
    ws.add_table(kopf, erste_spalte, letzte, letzte_spalte, &t)?;
    Ok(())
}

/// Excel requires distinct headings within a table; a repeated heading gets ` (2)`, ` (3)`, …
fn eindeutig(koepfe: &[impl AsRef<str>]) -> Vec<String> {
    let mut aus: Vec<String> = Vec::with_capacity(koepfe.len());
    for k in koepfe {
        let k = k.as_ref().trim();
        let basis = if k.is_empty() { "Spalte" } else { k };
        let mut name = basis.to_string();
        let mut n = 2;
        while aus.iter().any(|a| a.eq_ignore_ascii_case(&name)) {
            name = format!("{basis} ({n})");
            n += 1;
        }
        aus.push(name);
    }
    aus
}

/// A table name Excel accepts, readable for a screen reader: umlauts spelled out, everything
/// but letters and digits as `_`, starting with a letter (never a cell reference like `A1`).
pub(crate) fn tabellenname(name: &str) -> String {
    let mut aus = String::from("T_");
    for c in name.chars() {
        match c {
            'ä' => aus.push_str("ae"),
            'ö' => aus.push_str("oe"),
            'ü' => aus.push_str("ue"),
            'Ä' => aus.push_str("Ae"),
            'Ö' => aus.push_str("Oe"),
            'Ü' => aus.push_str("Ue"),
            'ß' => aus.push_str("ss"),
            c if c.is_ascii_alphanumeric() => aus.push(c),
            _ => {
                if !aus.ends_with('_') {
                    aus.push('_');
                }
            }
        }
    }
    aus.truncate(200);
    aus.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_are_what_excel_accepts() {
        assert_eq!(tabellenname("Geschäftsstellen"), "T_Geschaeftsstellen");
        assert_eq!(
            tabellenname("Termintreue gefährdet – Liste"),
            "T_Termintreue_gefaehrdet_Liste"
        );
        assert_eq!(tabellenname("A1"), "T_A1");
    }

    #[test]
    fn repeated_headings_are_numbered() {
        assert_eq!(
            eindeutig(&["Team", "team", "", "Spalte"]),
            ["Team", "team (2)", "Spalte", "Spalte (2)"]
        );
    }
}

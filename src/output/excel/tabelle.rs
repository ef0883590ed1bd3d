//! Every list and figure table of every workbook as an Excel table (a „Tabelle“ with a header
//! row): a screen reader announces its column headings with each cell, Excel's accessibility
//! checker asks for it (EN 301 549 clause 10 / BITV 2.0), and a reader can sort and filter it
//! without selecting a range. The headings stay as [`super::kopfzeile`] wrote them, in the
//! header format; the table adds its own filter buttons (no sheet autofilter beside it).

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet, XlsxError};

use super::formate::Formate;

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

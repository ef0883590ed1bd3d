//! The traffic light: rows marked amber/red below the thresholds of the rules.

use rust_xlsxwriter::{Color, ConditionalFormatFormula, Format, Formula, Worksheet, XlsxError};

use crate::rules::Fassung;

/// Marks rows amber/red where the share within the Mindestwert (column `spalte`, 0-based)
/// falls below the thresholds of the rules.
pub(crate) fn ampel(
    ws: &mut Worksheet,
    regeln: &Fassung,
    erste: u32,
    letzte: u32,
    bis_spalte: u16,
    spalte: u16,
) -> Result<(), XlsxError> {
    ampel_markieren(ws, regeln, (erste, letzte), bis_spalte, spalte, false)
}

/// [`ampel`] for a column that may hold no number (a quote without denominator, shown as
/// text): such a row is not marked (`nur_zahlen`; an empty cell would compare as 0).
pub(crate) fn ampel_markieren(
    ws: &mut Worksheet,
    regeln: &Fassung,
    (erste, letzte): (u32, u32),
    bis_spalte: u16,
    spalte: u16,
    nur_zahlen: bool,
) -> Result<(), XlsxError> {
    if letzte < erste {
        return Ok(());
    }
    let buchstabe = rust_xlsxwriter::utility::column_number_to_name(spalte);
    let z = erste + 1;
    let regel = |grenze: f64| {
        if nur_zahlen {
            format!("=AND(ISNUMBER(${buchstabe}{z}),${buchstabe}{z}<{grenze})")
        } else {
            format!("=${buchstabe}{z}<{grenze}")
        }
    };
    let rot = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let gelb = Format::new()
        .set_background_color(Color::RGB(0xFFEB9C))
        .set_font_color(Color::RGB(0x9C5700));
    let r = &regeln.ampel;
    ws.add_conditional_format(
        erste,
        0,
        letzte,
        bis_spalte,
        &ConditionalFormatFormula::new()
            .set_rule(Formula::new(regel(r.rot_unter)))
            .set_format(rot)
            .set_stop_if_true(true),
    )?;
    ws.add_conditional_format(
        erste,
        0,
        letzte,
        bis_spalte,
        &ConditionalFormatFormula::new()
            .set_rule(Formula::new(regel(r.gelb_unter)))
            .set_format(gelb),
    )?;
    Ok(())
}

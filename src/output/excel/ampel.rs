//! The traffic light: the status of a row as a word in a column of its own („rot“, „gelb“,
//! „grün“; [`Ampelstufe`]), and the row coloured by that word — never colour alone.

use rust_xlsxwriter::{Color, ConditionalFormatFormula, Format, Formula, Worksheet, XlsxError};

use crate::rules::ampelstufe::Ampelstufe;

/// Heading of the status column of the counselling tables.
pub const AMPEL_MINDESTWERT: &str = "Ampel (Anteil Mindestwert)";
/// Heading of the status column of the appointment tables.
pub const AMPEL_NACHFASS: &str = "Ampel (Nachfass-Quote)";

/// Colours rows `erste..=letzte` (columns 0 to `bis_spalte`) red or amber by the word in
/// column `wort_spalte` (the word a table's traffic-light column holds).
pub(crate) fn ampel(
    ws: &mut Worksheet,
    (erste, letzte): (u32, u32),
    bis_spalte: u16,
    wort_spalte: u16,
) -> Result<(), XlsxError> {
    if letzte < erste {
        return Ok(());
    }
    let buchstabe = rust_xlsxwriter::utility::column_number_to_name(wort_spalte);
    let z = erste + 1;
    let regel = |stufe: Ampelstufe| format!("=${buchstabe}{z}=\"{}\"", stufe.wort());
    let rot = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let gelb = Format::new()
        .set_background_color(Color::RGB(0xFFEB9C))
        .set_font_color(Color::RGB(0x7A4500));
    for (stufe, format) in [(Ampelstufe::Rot, rot), (Ampelstufe::Gelb, gelb)] {
        ws.add_conditional_format(
            erste,
            0,
            letzte,
            bis_spalte,
            &ConditionalFormatFormula::new()
                .set_rule(Formula::new(regel(stufe)))
                .set_format(format),
        )?;
    }
    Ok(())
}

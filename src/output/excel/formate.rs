//! The cell formats every workbook of a run uses.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// The cell formats of the workbook.
pub(crate) struct Formate {
    pub titel: Format,
    pub untertitel: Format,
    pub kopf: Format,
    pub text: Format,
    pub fett: Format,
    pub ganz: Format,
    pub tage: Format,
    pub anteil: Format,
    pub stellen: Format,
    pub datum: Format,
    pub summe_text: Format,
    pub summe_ganz: Format,
    pub summe_tage: Format,
    pub summe_anteil: Format,
    pub summe_stellen: Format,
    pub hinweis: Format,
    /// „zu wenige Fälle (n = …)“ in a figure's column: the remark's grey, wrapped within
    /// the column (narrower than the words), aligned right as the numbers around it.
    pub zu_wenige: Format,
    /// Signed changes: counts, days, a share's percentage points.
    pub aenderung_ganz: Format,
    pub aenderung_tage: Format,
    pub aenderung_punkte: Format,
    /// Text wrapped within its column, aligned to the top.
    pub umbruch: Format,
}

impl Formate {
    /// The formats used by every workbook of a run.
    pub(crate) fn neu() -> Formate {
        let summe = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        Formate {
            titel: Format::new().set_bold().set_font_size(14),
            untertitel: Format::new().set_bold().set_font_size(11),
            kopf: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            text: Format::new(),
            fett: Format::new().set_bold(),
            ganz: Format::new().set_num_format("#,##0"),
            tage: Format::new().set_num_format("0.0"),
            anteil: Format::new().set_num_format("0.0%"),
            stellen: Format::new().set_num_format("0.00"),
            datum: Format::new()
                .set_num_format("dd.mm.yyyy")
                .set_align(FormatAlign::Left),
            summe_text: summe.clone(),
            summe_ganz: summe.clone().set_num_format("#,##0"),
            summe_tage: summe.clone().set_num_format("0.0"),
            summe_anteil: summe.clone().set_num_format("0.0%"),
            summe_stellen: summe.set_num_format("0.00"),
            hinweis: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            zu_wenige: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap()
                .set_align(FormatAlign::Right),
            umbruch: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            aenderung_ganz: Format::new().set_num_format("+#,##0;-#,##0;0"),
            aenderung_tage: Format::new().set_num_format("+0.0;-0.0;0.0"),
            aenderung_punkte: Format::new().set_num_format("+0.0\" Pp.\";-0.0\" Pp.\";0.0\" Pp.\""),
        }
    }
}

/// The formats of one table row — text, whole numbers, days, shares — plain, or for a total
/// row bold with a rule above.
pub(crate) struct Zeilenformate<'a> {
    pub text: &'a Format,
    pub ganz: &'a Format,
    pub tage: &'a Format,
    pub anteil: &'a Format,
    pub stellen: &'a Format,
}

impl Formate {
    /// The formats of a plain row, or of a total row (`summe`).
    pub(crate) fn zeile(&self, summe: bool) -> Zeilenformate<'_> {
        if summe {
            Zeilenformate {
                text: &self.summe_text,
                ganz: &self.summe_ganz,
                tage: &self.summe_tage,
                anteil: &self.summe_anteil,
                stellen: &self.summe_stellen,
            }
        } else {
            Zeilenformate {
                text: &self.text,
                ganz: &self.ganz,
                tage: &self.tage,
                anteil: &self.anteil,
                stellen: &self.stellen,
            }
        }
    }
}

//! Excel's limits, kept visibly instead of failing the run.
//!
//! A cell holds at most 32,767 UTF-16 units and a page header or footer 255; rust_xlsxwriter
//! refuses a longer cell (the whole run would end with exit 1) and silently drops a longer
//! header (the confidentiality marking would be gone). Input text — a 200 MB rejected line, a
//! 1 MB Kundennummer, a 200-character Geschäftsstelle — is therefore cut here with a visible
//! note; the CSVs keep every value whole.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Excel's limit for the text of one cell, in UTF-16 units.
pub const ZELLE_MAX: usize = 32_767;
/// Excel's limit for a page header or footer, in UTF-16 units (codes such as `&L` included).
pub const KOPF_FUSS_MAX: usize = 255;
/// Appended to a cut cell.
pub const GEKUERZT: &str = " … [gekürzt, vollständig in den CSV-Dateien]";

/// `text` as it fits into a cell: unchanged when it fits, else cut with [`GEKUERZT`].
pub fn zelltext(text: &str) -> Cow<'_, str> {
    if utf16(text) <= ZELLE_MAX {
        return Cow::Borrowed(text);
    }
    let mut aus = kuerzen(text, ZELLE_MAX - utf16(GEKUERZT)).to_string();
    aus.push_str(GEKUERZT);
    Cow::Owned(aus)
}

/// A header or footer `vorne` + `wert` + `hinten` within Excel's 255 units: the fixed parts
/// (the confidentiality marking, page codes) are always kept; `wert` (a recipient, a unit
/// name; `&` doubled here) is cut with `…` to what is left.
pub fn kopf_fuss(vorne: &str, wert: &str, hinten: &str) -> String {
    let wert = wert.replace('&', "&&");
    let rest = KOPF_FUSS_MAX.saturating_sub(utf16(vorne) + utf16(hinten));
    let wert = if utf16(&wert) <= rest {
        wert
    } else {
        let mut w = kuerzen(&wert, rest.saturating_sub(1)).to_string();
        // A cut must not leave half of a doubled `&&` (a code would start).
        if w.ends_with('&') && !w.ends_with("&&") {
            w.pop();
        } else if w.ends_with("&&") {
            let ampersands = w.chars().rev().take_while(|c| *c == '&').count();
            if ampersands % 2 == 1 {
                w.pop();
            }
        }
        w.push('…');
        w
    };
    format!("{vorne}{wert}{hinten}")
}

/// `text` cut to at most `max` characters, the cut marked with `…`.
pub fn kuerzen_auf(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut t: String = text.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// The longest prefix of `text` of at most `max` UTF-16 units (whole characters).
fn kuerzen(text: &str, max: usize) -> &str {
    let mut n = 0;
    for (i, c) in text.char_indices() {
        n += c.len_utf16();
        if n > max {
            return &text[..i];
        }
    }
    text
}

fn utf16(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Text cells that never exceed Excel's limit: every text of the workbooks goes through here.
pub trait Textzelle {
    /// Writes `text` (cut to fit) as a string cell.
    fn text(
        &mut self,
        zeile: u32,
        spalte: u16,
        text: impl AsRef<str>,
    ) -> Result<&mut Worksheet, XlsxError>;
    /// Writes `text` (cut to fit) as a string cell with `format`.
    fn text_f(
        &mut self,
        zeile: u32,
        spalte: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;
}

impl Textzelle for Worksheet {
    fn text(
        &mut self,
        zeile: u32,
        spalte: u16,
        text: impl AsRef<str>,
    ) -> Result<&mut Worksheet, XlsxError> {
        self.write_string(zeile, spalte, zelltext(text.as_ref()))
    }

    fn text_f(
        &mut self,
        zeile: u32,
        spalte: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        self.write_string_with_format(zeile, spalte, zelltext(text.as_ref()), format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_cut_at_excels_limit_visibly() {
        let kurz = "x".repeat(ZELLE_MAX);
        assert!(matches!(zelltext(&kurz), Cow::Borrowed(_)));
        let lang = "x".repeat(ZELLE_MAX + 1);
        let z = zelltext(&lang);
        assert_eq!(utf16(&z), ZELLE_MAX);
        assert!(z.ends_with(GEKUERZT));
        // Characters outside the BMP count twice; never split.
        let emoji = "😀".repeat(20_000);
        let z = zelltext(&emoji);
        assert!(utf16(&z) <= ZELLE_MAX && z.ends_with(GEKUERZT));
        // The cell is accepted by the library.
        let mut ws = Worksheet::new();
        ws.text(0, 0, &lang).unwrap();
        ws.text(1, 0, &emoji).unwrap();
        assert!(ws.write_string(2, 0, &lang).is_err(), "the limit is real");
    }

    #[test]
    fn header_and_footer_keep_the_marking_and_cut_the_name() {
        let vorne = "&LVertraulich – Sozialdaten&CSeite &P von &N&R";
        let f = kopf_fuss(vorne, &"Geschäftsstelle Süd & Nord ".repeat(10), "");
        assert!(utf16(&f) <= KOPF_FUSS_MAX, "{}", utf16(&f));
        assert!(f.starts_with(vorne) && f.ends_with('…'));
        assert!(f.contains("Süd && Nord"));
        let kurz = kopf_fuss(vorne, "Team A&B", "");
        assert_eq!(kurz, format!("{vorne}Team A&&B"));
        // Cut inside a doubled ampersand: no lone `&` before the ellipsis.
        for n in 0..40 {
            let f = kopf_fuss(&"v".repeat(200 + n), &"&".repeat(100), "");
            let amp = f
                .trim_end_matches('…')
                .chars()
                .rev()
                .take_while(|c| *c == '&')
                .count();
            assert_eq!(amp % 2, 0, "{f}");
            assert!(utf16(&f) <= KOPF_FUSS_MAX);
        }
        // The library keeps it (it drops headers over the limit).
        let mut ws = Worksheet::new();
        ws.set_footer(&f);
    }
}

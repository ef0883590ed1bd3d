//! Reading the two date styles of the exports.
//!
//! German exports write `TT.MM.JJJJ` (also `T.M.JJJJ`), re-saved or newer ones ISO
//! `JJJJ-MM-TT`. Two-digit years are refused: `01.02.25` could be 1925 or 2025, and a guessed
//! birth year silently moves a customer between U25 and Ü25.

use chrono::NaiveDate;

/// Parses a trimmed date value; `None` for anything that is not a real calendar day.
pub fn datum_lesen(wert: &str) -> Option<NaiveDate> {
    let (y, m, d) = if let Some((t, rest)) = wert.split_once('.') {
        let (mo, j) = rest.split_once('.')?;
        if !(1..=2).contains(&t.len()) || !(1..=2).contains(&mo.len()) || j.len() != 4 {
            return None;
        }
        (zahl(j)?, zahl(mo)?, zahl(t)?)
    } else {
        let mut teile = wert.splitn(3, '-');
        let (j, mo, t) = (teile.next()?, teile.next()?, teile.next()?);
        if j.len() != 4 || mo.len() != 2 || t.len() != 2 {
            return None;
        }
        (zahl(j)?, zahl(mo)?, zahl(t)?)
    };
    if y == 0 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

fn zahl(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Formats a date the German way for messages (`31.01.2026`).
pub fn deutsch(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, t: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, t)
    }

    #[test]
    fn both_styles_and_short_day_month() {
        assert_eq!(datum_lesen("31.01.2026"), d(2026, 1, 31));
        assert_eq!(datum_lesen("1.2.2026"), d(2026, 2, 1));
        assert_eq!(datum_lesen("2026-01-31"), d(2026, 1, 31));
        assert_eq!(datum_lesen("29.02.2024"), d(2024, 2, 29));
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_refused() {
        for bad in [
            "31.02.2025",
            "2025-02-30",
            "29.02.2025",
            "00.00.0000",
            "01.02.25",
            "2025-1-05",
            "",
            "heute",
            "1.1.1.2020",
            "+1.01.2020",
            "32.01.2020",
            "01.13.2020",
        ] {
            assert_eq!(datum_lesen(bad), None, "{bad}");
        }
    }
}

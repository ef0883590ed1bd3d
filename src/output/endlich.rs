//! The one gate every computed number passes on its way into a CSV field or a workbook cell
//! (SPEC §5: every number in every output is finite).
//!
//! The rules' bounds keep the figures finite; should a defect still produce an infinity or a
//! NaN, the run stops here with an internal error naming the figure (exit 1) and publishes
//! nothing — never the text „INF“ in a workbook or `inf.0000` in a CSV.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::error::{Ergebnis, Fehler, NICHT_ENDLICH};

/// The message for figure `figur` holding `wert`.
pub fn meldung(figur: &str, wert: f64) -> String {
    format!(
        "{NICHT_ENDLICH} „{figur}“ ist keine endliche Zahl ({wert}); es wurde nichts geschrieben – bitte \
         den Lauf mit --verbose wiederholen und melden"
    )
}

/// `x`, if it is finite; else the internal error naming `figur`.
pub fn endlich(x: f64, figur: &str) -> Ergebnis<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Fehler::NichtEndlich {
            meldung: meldung(figur, x),
        })
    }
}

/// Number cells through the gate: the figure is named by its sheet and cell.
pub trait Zahlzelle {
    /// Writes `x` as a number cell with `format`; a non-finite `x` is refused.
    fn zahl(
        &mut self,
        zeile: u32,
        spalte: u16,
        x: f64,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;
}

impl Zahlzelle for Worksheet {
    fn zahl(
        &mut self,
        zeile: u32,
        spalte: u16,
        x: f64,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        if !x.is_finite() {
            let zelle = rust_xlsxwriter::utility::row_col_to_cell(zeile, spalte);
            let figur = format!("Blatt „{}“, Zelle {zelle}", self.name());
            return Err(XlsxError::ParameterError(meldung(&figur, x)));
        }
        self.write_number_with_format(zeile, spalte, x, format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finite_numbers_pass() {
        assert_eq!(endlich(0.5, "x").unwrap(), 0.5);
        assert_eq!(endlich(f64::MAX, "x").unwrap(), f64::MAX);
        for x in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            let e = endlich(x, "anteil_arbeitszeit").unwrap_err().to_string();
            assert!(
                e.contains("„anteil_arbeitszeit“ ist keine endliche Zahl"),
                "{e}"
            );
            assert_eq!(
                Fehler::NichtEndlich {
                    meldung: String::new()
                }
                .exit_status(),
                1
            );
        }
        let mut ws = Worksheet::new();
        ws.set_name("Gespräche").unwrap();
        let f = Format::new();
        assert!(ws.zahl(0, 0, 1.5, &f).is_ok());
        let e = ws.zahl(11, 6, f64::INFINITY, &f).err().unwrap().to_string();
        assert!(e.contains("Blatt „Gespräche“, Zelle G12"), "{e}");
    }
}

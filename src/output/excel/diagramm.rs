//! How every chart draws its series so that a reader who cannot tell colours apart, or reads a
//! grey print, still can (EN 301 549 clause 10 / BITV 2.0, the Excel accessibility checker):
//! colours of at least 3:1 against the white plot area, and a second cue beside the colour —
//! a dash pattern and a marker for lines, a fill pattern for bars. Every chart also carries an
//! alternative text (set where the chart is made: it names what the chart shows).

use rust_xlsxwriter::{
    ChartFormat, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType, ChartPatternFill,
    ChartPatternFillType, ChartSeries, ChartSolidFill, Color, Worksheet, XlsxError,
};

/// Series colours in drawing order, each ≥ 3:1 against white (the test computes the ratios):
/// dark blue, dark orange, dark green, purple, grey, brown.
pub const FARBEN: [u32; 6] = [0x1F4E79, 0xC55A11, 0x375623, 0x7030A0, 0x595959, 0x843C0C];

const STRICHE: [ChartLineDashType; 6] = [
    ChartLineDashType::Solid,
    ChartLineDashType::Dash,
    ChartLineDashType::RoundDot,
    ChartLineDashType::DashDot,
    ChartLineDashType::LongDash,
    ChartLineDashType::LongDashDotDot,
];

const MARKER: [ChartMarkerType; 6] = [
    ChartMarkerType::Circle,
    ChartMarkerType::Square,
    ChartMarkerType::Triangle,
    ChartMarkerType::Diamond,
    ChartMarkerType::X,
    ChartMarkerType::Star,
];

/// Fill patterns of bar series after the first (which is solid).
const MUSTER: [ChartPatternFillType; 5] = [
    ChartPatternFillType::DiagonalStripesWideUpwards,
    ChartPatternFillType::Dotted50Percent,
    ChartPatternFillType::HorizontalStripesDark,
    ChartPatternFillType::LargeGrid,
    ChartPatternFillType::DiagonalStripesWideDownwards,
];

/// A chart's own copy of one series in hidden column `spalte` (right after the table it
/// stands for, so that no empty columns widen the printed page), row by row from `zeile`: a number where the table shows one, an empty cell (a gap, no bar)
/// where it shows a dash or „zu wenige Fälle“ — Excel and LibreOffice draw a text cell as 0,
/// a value the table withholds or does not have. Its chart must show hidden data.
pub(crate) fn diagrammspalte(
    ws: &mut Worksheet,
    (zeile, spalte): (u32, u16),
    werte: impl IntoIterator<Item = Option<f64>>,
) -> Result<(), XlsxError> {
    for (i, x) in werte.into_iter().enumerate() {
        if let Some(x) = x {
            ws.write_number(zeile + i as u32, spalte, x)?;
        }
    }
    ws.set_column_hidden(spalte)?;
    Ok(())
}

/// Styles line series number `i`: its colour, dash pattern and marker.
pub(crate) fn diagramm_linie(serie: &mut ChartSeries, i: u16) {
    let i = usize::from(i) % FARBEN.len();
    let farbe = Color::RGB(FARBEN[i]);
    serie
        .set_format(
            ChartFormat::new().set_line(
                ChartLine::new()
                    .set_color(farbe)
                    .set_width(2.25)
                    .set_dash_type(STRICHE[i]),
            ),
        )
        .set_marker(
            ChartMarker::new()
                .set_type(MARKER[i])
                .set_size(7)
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(farbe))
                        .set_line(ChartLine::new().set_color(farbe)),
                ),
        );
}

/// Styles bar series number `i`: the first solid, the others a fill pattern in their colour
/// on white; every bar outlined in its colour.
pub(crate) fn diagramm_balken(serie: &mut ChartSeries, i: u16) {
    let i = usize::from(i) % FARBEN.len();
    let farbe = Color::RGB(FARBEN[i]);
    let mut format = ChartFormat::new();
    format.set_border(ChartLine::new().set_color(farbe).set_width(1.0));
    if i == 0 {
        format.set_solid_fill(ChartSolidFill::new().set_color(farbe));
    } else {
        format.set_pattern_fill(
            ChartPatternFill::new()
                .set_pattern(MUSTER[(i - 1) % MUSTER.len()])
                .set_foreground_color(farbe)
                .set_background_color(Color::White),
        );
    }
    serie.set_format(&mut format);
}

/// Excel's limit for a chart's alternative text (longer texts are refused with a warning).
const ALT_TEXT_MAX: usize = 255;

/// `text` as a chart's alternative text: cut at Excel's limit, the cut marked with `…`.
pub(crate) fn alternativtext(text: &str) -> String {
    super::grenzen::kuerzen_auf(text, ALT_TEXT_MAX)
}

/// A share as a German percentage for alternative texts: `0.8342` → `83,4 %`.
pub(crate) fn prozent(x: f64) -> String {
    format!("{:.1} %", x * 100.0).replace('.', ",")
}

/// Days as German text for alternative texts: `96.64` → `96,6`.
pub(crate) fn tage_text(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// A count with German thousands separators for running text: `27095` → `27.095`.
pub(crate) fn anzahl_text(n: u64) -> String {
    let ziffern = n.to_string();
    let mut aus = String::with_capacity(ziffern.len() + ziffern.len() / 3);
    for (i, c) in ziffern.chars().enumerate() {
        if i > 0 && (ziffern.len() - i).is_multiple_of(3) {
            aus.push('.');
        }
        aus.push(c);
    }
    aus
}

/// WCAG 2.x contrast ratio of an sRGB colour against white.
pub fn kontrast_zu_weiss(rgb: u32) -> f64 {
    let kanal = |v: u32| {
        let c = f64::from(v & 0xFF) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * kanal(rgb >> 16) + 0.7152 * kanal(rgb >> 8) + 0.0722 * kanal(rgb);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratios_of_known_colours() {
        // Black 21:1, white 1:1, Excel's theme green 9BBB59 about 2.2:1 — too faint on white.
        assert!((kontrast_zu_weiss(0x000000) - 21.0).abs() < 1e-9);
        assert!((kontrast_zu_weiss(0xFFFFFF) - 1.0).abs() < 1e-9);
        let gruen = kontrast_zu_weiss(0x9BBB59);
        assert!((2.1..2.3).contains(&gruen), "{gruen}");
    }

    #[test]
    fn every_series_colour_reaches_3_to_1_and_every_cue_differs() {
        for f in FARBEN {
            assert!(kontrast_zu_weiss(f) >= 3.0, "{f:06X}");
        }
        for i in 0..FARBEN.len() {
            for j in 0..i {
                assert!(STRICHE[i] != STRICHE[j], "dash {i} = {j}");
                assert!(MARKER[i] != MARKER[j], "marker {i} = {j}");
            }
        }
    }

    #[test]
    fn german_numbers_in_alternative_texts() {
        assert_eq!(prozent(0.8342), "83,4 %");
        assert_eq!(tage_text(96.64), "96,6");
        assert_eq!(anzahl_text(27095), "27.095");
        assert_eq!(anzahl_text(999), "999");
        assert_eq!(anzahl_text(1_000_000), "1.000.000");
    }
}

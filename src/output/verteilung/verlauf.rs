//! Sheet „Verlauf“: the last 13 months of Ø Tage seit letzter Beratung and the share within
//! the Mindestwert, as a table and a line chart with the Zielwert marked. Months without an
//! export folder are empty cells, drawn as gaps.

use rust_xlsxwriter::{
    Chart, ChartEmptyCells, ChartLine, ChartLineDashType, ChartType, Worksheet, XlsxError,
};

use super::Verteilungsdaten;
use crate::output::workbook::{druck, kopfzeile, monatsname, Formate};
use crate::verteilung::Einheit;

/// `einheiten`: the units whose series the sheet shows (one block of three columns each).
pub(super) fn blatt(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    einheiten: &[Einheit],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Verlauf")?;
    let v = d.verlauf;
    ws.write_string_with_format(0, 0, "Monat", &f.kopf)?;
    for (i, e) in einheiten.iter().enumerate() {
        let c = 1 + 4 * i as u16;
        let name = d.bezeichnung(e);
        kopfzeile(
            ws,
            f,
            0,
            c,
            &[
                &format!("{name}: Ø Tage seit letzter Beratung"),
                &format!("{name}: Anteil Mindestwert eingehalten"),
                &format!("{name}: Kund:innen"),
                &format!("{name}: Ø Zielwert (Tage)"),
            ],
        )?;
    }
    ws.set_row_height(0, 60)?;
    for (z, (m, da)) in v.monate.iter().enumerate() {
        let z = z as u32 + 1;
        ws.write_string(z, 0, format!("{} {}", monatsname(m.monat), m.jahr))?;
        if !da {
            ws.write_string_with_format(
                z,
                1 + 4 * einheiten.len() as u16,
                "keine Daten (Monatsordner fehlt oder unvollständig)",
                &f.hinweis,
            )?;
        }
    }
    for (i, e) in einheiten.iter().enumerate() {
        let c = 1 + 4 * i as u16;
        for (z, (_, p)) in v.reihe(e).iter().enumerate() {
            let z = z as u32 + 1;
            if let Some(p) = p {
                ws.write_number_with_format(z, c, p.tage_mittel, &f.tage)?;
                ws.write_number_with_format(z, c + 1, p.anteil_mindestwert, &f.anteil)?;
                ws.write_number_with_format(z, c + 2, p.kunden as f64, &f.ganz)?;
                ws.write_number_with_format(z, c + 3, p.zielwert_mittel, &f.tage)?;
            }
        }
    }
    let n = v.monate.len() as u32;
    ws.write_string_with_format(
        n + 2,
        0,
        "Jeder Monat neu berechnet aus den Exportordnern bis zu diesem Monat (Bestand, Organisation \
         und Vermerke, Stichtag Monatsletzter). Leere Zeilen: Monat ohne Daten. Ø Zielwert: \
         Mittel der Zielwerte der Kund:innen (Linie im Diagramm).",
        &f.hinweis,
    )?;

    let mut chart = Chart::new(ChartType::Line);
    for (i, e) in einheiten.iter().enumerate() {
        let c = 1 + 4 * i as u16;
        chart
            .add_series()
            .set_name(("Verlauf", 0, c))
            .set_categories(("Verlauf", 1, 0, n, 0))
            .set_values(("Verlauf", 1, c, n, c));
        if i == 0 {
            chart
                .add_series()
                .set_name(format!("Ø Zielwert {}", d.bezeichnung(e)).as_str())
                .set_categories(("Verlauf", 1, 0, n, 0))
                .set_values(("Verlauf", 1, c + 3, n, c + 3))
                .set_format(
                    ChartLine::new()
                        .set_dash_type(ChartLineDashType::Dash)
                        .set_width(1.5),
                );
        }
    }
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    chart
        .title()
        .set_name("Ø Tage seit letzter Beratung – letzte 13 Monate");
    chart.y_axis().set_name("Tage").set_num_format("0");
    chart.set_width(900).set_height(380);
    ws.insert_chart(n + 4, 0, &chart)?;

    ws.set_column_width(0, 16)?;
    for c in 1..=4 * einheiten.len() as u16 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 1)?;
    druck(ws, d.a.stichtag, empfaenger);
    Ok(())
}

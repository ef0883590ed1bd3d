//! Sheet „Letzte Beratung“: customers by how long ago their last counselling was (directive
//! §6.4's periods), counts and shares per unit, with a 100 % stacked bar chart.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::KUNDEN;
use crate::output::excel::{druck, kopfzeile, Formate, Zeilenformate};
use crate::rules::zeitraum::Zeitraum;

pub(super) fn blatt(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    zeilen: &[Einheit],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Letzte Beratung")?;
    let mut koepfe: Vec<String> = vec!["Einheit".into(), KUNDEN.kopf.into()];
    koepfe.extend(Zeitraum::ALLE.iter().map(|z| z.bezeichnung().to_string()));
    koepfe.extend(
        Zeitraum::ALLE
            .iter()
            .map(|z| format!("Anteil {}", z.bezeichnung())),
    );
    kopfzeile(ws, f, 0, 0, &koepfe)?;
    ws.set_row_height(0, 45)?;
    let mut z = 1u32;
    for e in zeilen {
        let zeile = d.zeitraeume.iter().find(|x| x.einheit == *e);
        // The unit itself above its teams / Geschäftsstellen: in bold, as a total.
        let Zeilenformate {
            text: fmt_t,
            ganz: fmt_g,
            anteil: fmt_a,
            ..
        } = f.zeile(z == 1 && zeilen.len() > 1);
        ws.text_f(z, 0, d.bezeichnung(e), fmt_t)?;
        let kunden = zeile.map_or(0, |x| x.kunden);
        ws.write_number_with_format(z, 1, kunden as f64, fmt_g)?;
        for i in 0..5 {
            let n = zeile.map_or(0, |x| x.anzahl[i]);
            ws.write_number_with_format(z, 2 + i as u16, n as f64, fmt_g)?;
            if kunden > 0 {
                ws.write_number_with_format(z, 7 + i as u16, n as f64 / kunden as f64, fmt_a)?;
            } else {
                ws.write_blank(z, 7 + i as u16, fmt_t)?;
            }
        }
        z += 1;
    }
    ws.text_f(
        z + 1,
        0,
        "Monate zurück ab Stichtag (Kalendermonate); „bis 3 Monate“ schließt den Tag genau \
         3 Monate vor dem Stichtag ein. „noch nie“: kein Beratungsvermerk.",
        &f.hinweis,
    )?;

    let n = zeilen.len() as u32;
    let mut chart = Chart::new(ChartType::BarPercentStacked);
    for (i, zr) in Zeitraum::ALLE.iter().enumerate() {
        chart
            .add_series()
            .set_name(zr.bezeichnung())
            .set_categories(("Letzte Beratung", 1, 0, n, 0))
            .set_values(("Letzte Beratung", 1, 2 + i as u16, n, 2 + i as u16))
            .set_gap(60);
    }
    chart.title().set_name("Letzte Beratung – Anteile");
    chart.y_axis().set_reverse();
    chart.x_axis().set_num_format("0%");
    chart.set_width(820).set_height(140 + 34 * n.max(3));
    ws.insert_chart(z + 3, 0, &chart)?;

    ws.set_column_width(0, 30)?;
    for c in 1..=11 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_freeze_panes(1, 1)?;
    druck(ws, d.auswertung.stichtag, empfaenger);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

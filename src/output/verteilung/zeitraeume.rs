//! Sheet „Letzte Beratung“: customers by how long ago their last counselling was (directive
//! §6.4's periods), counts and shares per unit, with a 100 % stacked bar chart.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::KUNDEN;
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{
    alternativtext, diagramm_balken, druck_tabelle, kopfbreiten, kopfzeile, prozent, tabelle,
    Formate, Zeilenformate,
};
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
        ws.zahl(z, 1, kunden as f64, fmt_g)?;
        for i in 0..5 {
            let n = zeile.map_or(0, |x| x.anzahl[i]);
            ws.zahl(z, 2 + i as u16, n as f64, fmt_g)?;
            if kunden > 0 {
                ws.zahl(z, 7 + i as u16, n as f64 / kunden as f64, fmt_a)?;
            } else {
                ws.write_blank(z, 7 + i as u16, fmt_t)?;
            }
        }
        z += 1;
    }
    tabelle(ws, f, "Letzte Beratung", (0, 0), z - 1, &koepfe)?;
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
        diagramm_balken(
            chart
                .add_series()
                .set_name(zr.bezeichnung())
                .set_categories(("Letzte Beratung", 1, 0, n, 0))
                .set_values(("Letzte Beratung", 1, 2 + i as u16, n, 2 + i as u16))
                .set_gap(60),
            i as u16,
        );
    }
    chart.title().set_name("Letzte Beratung – Anteile");
    chart.set_alt_text(alternativtext(&beschreibung(d, zeilen)));
    chart.y_axis().set_reverse();
    chart.x_axis().set_num_format("0%");
    chart.set_width(820).set_height(140 + 34 * n.max(3));
    ws.insert_chart(z + 3, 0, &chart)?;

    ws.set_column_width(0, 30)?;
    kopfbreiten(ws, (0, 1), &koepfe[1..], 10.0)?;
    ws.set_freeze_panes(1, 1)?;
    druck_tabelle(ws, d.auswertung.stichtag, empfaenger, (0, 0), 1)?;
    Ok(())
}

/// The chart's alternative text: what it shows, and for the sheet's first unit (the unit the
/// workbook is for) the share of each period.
fn beschreibung(d: &Verteilungsdaten, zeilen: &[Einheit]) -> String {
    let mut text = String::from(
        "Gestapelte Balken: Anteile der Kund:innen je Einheit nach Zeit seit der letzten \
         Beratung.",
    );
    if let Some(e) = zeilen.first() {
        if let Some(x) = d
            .zeitraeume
            .iter()
            .find(|x| x.einheit == *e && x.kunden > 0)
        {
            let teile: Vec<String> = Zeitraum::ALLE
                .iter()
                .enumerate()
                .map(|(i, z)| {
                    let anteil = x.anzahl[i] as f64 / x.kunden as f64;
                    format!("{} {}", z.bezeichnung(), prozent(anteil))
                })
                .collect();
            text.push_str(&format!(" {}: {}.", d.bezeichnung(e), teile.join(", ")));
        }
    }
    text.push_str(" Zahlen in der Tabelle darüber.");
    text
}

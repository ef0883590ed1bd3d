//! Sheet „Übersicht“: what a Geschäftsleitung reads first — the Stichtag, the directive, the
//! Jobcenter's headline figures (Ø Tage beside Ø Tage among the counselled and the
//! never-counselled), a table by customer group, the table of contents and a bar chart of
//! Ø Tage per Geschäftsstelle.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Worksheet, XlsxError};

use super::kontext::{druckeinrichtung, Kontext};
use crate::einheit::{Ebene, Einheit};
use crate::katalog::{self, ANTEIL_MINDESTWERT, BERATUNG, TAGE_MITTEL, TAGE_MITTEL_BERATEN};
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{
    alternativtext, ampel, ampelwort, anzahl_text, diagramm_balken, kennzahlen_schreiben,
    kennzahlen_spalte, kopfbreiten, kopfzeile, tabelle, tage_text, AMPEL_MINDESTWERT,
};

/// Writes the sheet and returns its next free row (for the table of contents, which the
/// workbook adds once every sheet exists, then the chart: [`diagramm_einfuegen`]).
pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext, titel: &str) -> Result<u32, XlsxError> {
    ws.set_name("Übersicht")?;
    let (f, a, r) = (&ctx.formate, ctx.auswertung, ctx.regeln);
    ws.text_f(0, 0, titel, &f.titel)?;
    ws.text_f(1, 0, crate::output::excel::VERTRAULICH, &f.hinweis)?;
    crate::output::excel::stichtag_und_richtlinie(ws, f, 2, a.stichtag, r)?;
    ws.text_f(5, 0, "Empfänger", &f.fett)?;
    ws.text(5, 1, crate::output::excel::EMPFAENGER_JOBCENTER)?;
    ws.text_f(4, 0, "Datengrundlage", &f.fett)?;
    ws.text(
        4,
        1,
        format!(
            "{} Kund:innen, {} Beratungsvermerke, {} Zeilen abgewiesen (siehe \
             Pruefprotokoll_{}.xlsx)",
            anzahl_text(a.kunden.auswertungsbestand),
            anzahl_text(a.vermerke.verwendet),
            anzahl_text(ctx.buch.abweisungen.len()),
            a.monat
        ),
    )?;

    // The headline block: a two-column table, figures down, then the traffic light's word.
    let koepfe = ["Kennzahl", "Jobcenter gesamt"];
    kopfzeile(ws, f, 6, 0, &koepfe)?;
    ws.set_row_height(6, 33)?;
    let gesamt = ctx.zahlen.gesamt();
    for (i, kopf) in katalog::koepfe(BERATUNG).enumerate() {
        ws.text(7 + i as u32, 0, kopf)?;
    }
    let ampelzeile = 7 + BERATUNG.len() as u32;
    ws.text(ampelzeile, 0, AMPEL_MINDESTWERT)?;
    match gesamt {
        Some(k) => {
            kennzahlen_spalte(ws, f, (7, 1), BERATUNG, k)?;
            let anteil = ctx.zahlen.wert(k, &ANTEIL_MINDESTWERT);
            ampelwort(ws, f, (ampelzeile, 1), r, anteil, false)?;
        }
        None => {
            ws.text_f(7, 1, "Keine Kund:innen im Auswertungsbestand", &f.hinweis)?;
        }
    }
    tabelle(ws, f, "Übersicht Jobcenter", (6, 0), ampelzeile, &koepfe)?;

    let start = ampelzeile + 2;
    ws.text_f(start, 0, "Nach Kundengruppe", &f.untertitel)?;
    let mut koepfe = vec!["Kundengruppe", "Zielwert (Tage)", "Mindestwert (Tage)"];
    let n = koepfe.len() as u16;
    koepfe.extend(katalog::koepfe(BERATUNG));
    koepfe.push(AMPEL_MINDESTWERT);
    let letzte = koepfe.len() as u16 - 1;
    kopfzeile(ws, f, start + 1, 0, &koepfe)?;
    let mut z = start + 2;
    for regel in &r.gruppen {
        ws.text(z, 0, &regel.name)?;
        ws.zahl(z, 1, f64::from(regel.zielwert), &f.ganz)?;
        ws.zahl(z, 2, f64::from(regel.mindestwert), &f.ganz)?;
        let zeile = ctx.zahlen.zeile(&Einheit::Jobcenter, &regel.id);
        match zeile {
            Some(k) => kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, false)?,
            // No customer in the group: its count is 0, the rest stays empty.
            None => {
                ws.zahl(z, n, 0.0, &f.ganz)?;
            }
        }
        let anteil = zeile.and_then(|k| ctx.zahlen.wert(k, &ANTEIL_MINDESTWERT));
        ampelwort(ws, f, (z, letzte), r, anteil, false)?;
        z += 1;
    }
    tabelle(
        ws,
        f,
        "Übersicht Kundengruppen",
        (start + 1, 0),
        z - 1,
        &koepfe,
    )?;
    ampel(ws, (start + 2, z - 1), letzte, letzte)?;

    ws.set_column_width(0, 34)?;
    kopfbreiten(ws, (start + 1, 1), &koepfe[1..], 12.0)?;
    // No repeated key column here: LibreOffice would repeat the chart's left edge with it.
    druckeinrichtung(ws, a);
    Ok(z + 1)
}

/// Inserts the bar chart of Ø Tage per Geschäftsstelle at row `zeile` (none without
/// Geschäftsstellen).
pub(super) fn diagramm_einfuegen(
    ws: &mut Worksheet,
    ctx: &Kontext,
    zeile: u32,
) -> Result<(), XlsxError> {
    let n = ctx.zahlen.ebene(Ebene::Geschaeftsstelle).count() as u32;
    if n > 0 {
        ws.insert_chart(zeile, 0, &diagramm(ctx, n))?;
        // The chart whole on a printed page of its own.
        ws.set_page_breaks(&[zeile])?;
    }
    Ok(())
}

/// Bar chart of Ø Tage per Geschäftsstelle (`n` of them), for all customers and for those
/// counselled at least once, from the Geschäftsstellen sheet (one key column, then the
/// catalog's figures); its alternative text names every value.
fn diagramm(ctx: &Kontext, n: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Bar);
    for (i, k) in [TAGE_MITTEL, TAGE_MITTEL_BERATEN].iter().enumerate() {
        let spalte = 1 + katalog::position(BERATUNG, k) as u16;
        diagramm_balken(
            chart
                .add_series()
                .set_categories(("Geschäftsstellen", 1, 0, n, 0))
                .set_values(("Geschäftsstellen", 1, spalte, n, spalte))
                .set_name(k.titel),
            i as u16,
        );
    }
    let titel = format!("{} je Geschäftsstelle", TAGE_MITTEL.kopf);
    chart.title().set_name(&titel);
    chart.x_axis().set_name("Tage").set_num_format("0");
    chart.y_axis().set_reverse();
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(760).set_height(110 + 52 * n.max(4));
    chart.set_alt_text(alternativtext(&format!(
        "Balken: {titel}; voll alle Kund:innen, gestreift nur bereits Beratene.{} Alle Werte \
         im Blatt Geschäftsstellen.",
        spannweite(ctx)
    )));
    chart
}

/// The highest and the lowest Geschäftsstelle by Ø Tage, for the chart's alternative text.
fn spannweite(ctx: &Kontext) -> String {
    let z = ctx.zahlen;
    let mut werte: Vec<(&str, f64, Option<f64>)> = z
        .ebene(Ebene::Geschaeftsstelle)
        .filter_map(|g| {
            let alle = z.wert(g, &TAGE_MITTEL)?;
            Some((
                g.geschaeftsstelle.as_str(),
                alle,
                z.wert(g, &TAGE_MITTEL_BERATEN),
            ))
        })
        .collect();
    werte.sort_by(|a, b| b.1.total_cmp(&a.1));
    let text = |(name, alle, beraten): &(&str, f64, Option<f64>)| {
        let beraten = beraten.map_or("–".into(), tage_text);
        format!("{name} {} Tage ({beraten})", tage_text(*alle))
    };
    match (werte.first(), werte.last()) {
        (Some(h), Some(n)) if werte.len() > 1 => {
            format!(" Höchster Wert: {}; niedrigster: {}.", text(h), text(n))
        }
        (Some(h), _) => format!(" {}.", text(h)),
        _ => String::new(),
    }
}

//! Sheet „Übersicht“: what a Geschäftsleitung reads first — the Stichtag, the directive, the
//! Jobcenter's headline figures (Ø Tage beside Ø Tage among the counselled and the
//! never-counselled), a table by customer group, the table of contents and a bar chart of
//! Ø Tage per Geschäftsstelle.

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Worksheet, XlsxError};

use super::kontext::{druckeinrichtung, Kontext};
use crate::einheit::{Ebene, Einheit};
use crate::katalog::{TAGE_MITTEL, TAGE_MITTEL_BERATEN};
use crate::output::excel::Blattart;
use crate::output::excel::{
    alternativtext, ampel, angaben, anzahl_text, diagramm_balken, fristen, gruppentabelle,
    hinweiszeilen, kopfzahlen, spaltenbreiten_setzen, tabelle_schreiben, tage_text, Textzelle,
    AMPEL_MINDESTWERT, EMPFAENGER_JOBCENTER,
};
use crate::output::tabelle::Wert;

/// The sheet „Übersicht“.
pub(crate) const UEBERSICHT: Blattart = Blattart {
    name: "Übersicht",
    inhalt: "Kennzahlen auf einen Blick",
    erklaerung: None,
};

/// Writes the sheet and returns its next free row (for the table of contents, which the
/// workbook adds once every sheet exists, then the chart: [`diagramm_einfuegen`]).
pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext, titel: &str) -> Result<u32, XlsxError> {
    ws.set_name(UEBERSICHT.name)?;
    let (f, a, r) = (&ctx.formate, ctx.auswertung, ctx.fassung);
    ws.text_f(0, 0, titel, &f.titel)?;
    ws.text_f(1, 0, crate::output::excel::VERTRAULICH, &f.hinweis)?;
    crate::output::excel::stichtag_und_richtlinie(ws, f, 2, a.stichtag, r)?;
    let grundlage = format!(
        "{} Kund:innen, {} Beratungsvermerke, {} Zeilen abgewiesen (Prüfprotokoll des \
         Monats {})",
        anzahl_text(a.kunden.auswertungsbestand),
        anzahl_text(a.vermerke.verwendet),
        anzahl_text(ctx.buch.abweisungen.len()),
        a.monat
    );
    angaben(
        ws,
        f,
        (4, &f.fett),
        [
            (Some("Datengrundlage"), Wert::Text(grundlage.into())),
            (Some("Empfänger"), Wert::text(EMPFAENGER_JOBCENTER)),
        ],
    )?;

    // The headline block: a two-column table, figures down, then the traffic light's word.
    let (t, zeilen) = kopfzahlen(
        "Übersicht Jobcenter",
        r,
        vec![("Jobcenter gesamt".into(), ctx.zahlen.gesamt())],
        "Keine Kund:innen im Auswertungsbestand",
    );
    let frei = tabelle_schreiben(ws, f, 6, &t, &zeilen)?;
    ws.set_row_height(6, 33)?;

    let start = frei + 1;
    ws.text_f(start, 0, "Nach Kundengruppe", &f.untertitel)?;
    let (t, zeilen) = gruppentabelle(
        "Übersicht Kundengruppen",
        r,
        ctx.zahlen,
        &Einheit::Jobcenter,
    );
    let frei = tabelle_schreiben(ws, f, start + 1, &t, &zeilen)?;
    let wort = t.spalte_von(AMPEL_MINDESTWERT);
    ampel(ws, (start + 2, frei - 1), wort, wort)?;
    // The table: about 150 width units.
    let z = hinweiszeilen(ws, (frei, 0), (&fristen(r), 160), &f.hinweis)?;
    spaltenbreiten_setzen(ws, start + 1, &t)?;
    // No repeated key column here: LibreOffice would repeat the chart's left edge with it.
    druckeinrichtung(ws, a);
    Ok(z + 1)
}

/// Inserts the bar chart of Ø Tage per Geschäftsstelle beside the headline block (none
/// without Geschäftsstellen).
pub(super) fn diagramm_einfuegen(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    // The Klärungsfall stands last on the Geschäftsstellen sheet and in no chart.
    let n = ctx
        .zahlen
        .ebene(Ebene::Geschaeftsstelle)
        .filter(|g| !g.einheit.klaerungsfall(&g.geschaeftsstelle))
        .count() as u32;
    if n > 0 {
        // Beside the headline block (two columns), above the table by group: the sheet
        // prints on one page with its table of contents.
        ws.insert_chart(NEBEN_KOPFZAHLEN.0, NEBEN_KOPFZAHLEN.1, &diagramm(ctx, n))?;
    }
    Ok(())
}

/// Where the chart stands: the row of the headline block's header, the column after it and
/// a gap.
const NEBEN_KOPFZAHLEN: (u32, u16) = (6, 3);

/// The chart's height for `n` Geschäftsstellen.
fn diagramm_hoehe(n: u32) -> u32 {
    90 + 30 * n.max(4)
}

/// Bar chart of Ø Tage per Geschäftsstelle (`n` of them), for all customers and for those
/// counselled at least once, from the Geschäftsstellen sheet's columns of those headings; its
/// alternative text names every value.
fn diagramm(ctx: &Kontext, n: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Bar);
    for (i, k) in [TAGE_MITTEL, TAGE_MITTEL_BERATEN].iter().enumerate() {
        let spalte = super::einheiten::geschaeftsstellen_spalte(ctx, k.kopf);
        let blatt = super::einheiten::GESCHAEFTSSTELLEN.name;
        diagramm_balken(
            chart
                .add_series()
                .set_categories((blatt, 1, 0, n, 0))
                .set_values((blatt, 1, spalte, n, spalte))
                .set_name(k.titel),
            i as u16,
        );
    }
    let titel = format!("{} je Geschäftsstelle", TAGE_MITTEL.kopf);
    chart.title().set_name(&titel);
    chart.x_axis().set_name("Tage").set_num_format("0");
    chart.y_axis().set_reverse();
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(620).set_height(diagramm_hoehe(n));
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
        .filter(|g| !g.einheit.klaerungsfall(&g.geschaeftsstelle))
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

//! Sheet „Übersicht“: what a Geschäftsleitung reads first — the Stichtag, the directive, the
//! Jobcenter's headline figures, a table by customer group and a bar chart of Ø Tage per
//! Geschäftsstelle.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::kontext::{druckeinrichtung, Kontext};
use crate::einheit::{Ebene, Einheit};
use crate::katalog::{self, BERATUNG, TAGE_MITTEL};
use crate::output::excel::{kennzahlen_schreiben, kennzahlen_spalte, kopfzeile};

pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext, titel: &str) -> Result<(), XlsxError> {
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
            "{} Kund:innen im Auswertungsbestand, {} Beratungsvermerke verwendet, {} Zeilen abgewiesen (siehe Prüfprotokoll)",
            a.kunden.auswertungsbestand,
            a.vermerke.verwendet,
            a.abweisungen.len()
        ),
    )?;

    ws.text_f(6, 0, "Jobcenter gesamt", &f.untertitel)?;
    let gesamt = ctx.zahlen.gesamt();
    for (i, kopf) in katalog::koepfe(BERATUNG).enumerate() {
        ws.text(7 + i as u32, 0, kopf)?;
    }
    if let Some(k) = gesamt {
        kennzahlen_spalte(ws, f, (7, 1), BERATUNG, k)?;
    }
    if gesamt.is_none() {
        ws.text_f(7, 2, "Keine Kund:innen im Auswertungsbestand", &f.hinweis)?;
    }

    let start = 15u32;
    ws.text_f(start, 0, "Nach Kundengruppe", &f.untertitel)?;
    let mut koepfe = vec!["Kundengruppe", "Zielwert (Tage)", "Mindestwert (Tage)"];
    let n = koepfe.len() as u16;
    koepfe.extend(katalog::koepfe(BERATUNG));
    let letzte = koepfe.len() as u16 - 1;
    kopfzeile(ws, f, start + 1, 0, &koepfe)?;
    ws.set_row_height(start + 1, 45)?;
    let mut z = start + 2;
    for regel in &r.gruppen {
        ws.text(z, 0, &regel.name)?;
        ws.write_number_with_format(z, 1, f64::from(regel.zielwert), &f.ganz)?;
        ws.write_number_with_format(z, 2, f64::from(regel.mindestwert), &f.ganz)?;
        match ctx.zahlen.zeile(&Einheit::Jobcenter, &regel.id) {
            Some(k) => kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, false)?,
            // No customer in the group: its count is 0, the rest stays empty.
            None => {
                ws.write_number_with_format(z, n, 0.0, &f.ganz)?;
            }
        }
        z += 1;
    }

    let n = ctx.zahlen.ebene(Ebene::Geschaeftsstelle).count() as u32;
    if n > 0 {
        ws.insert_chart(z + 2, 0, &diagramm(n))?;
    }

    ws.set_column_width(0, 34)?;
    for c in 1..=letzte {
        ws.set_column_width(c, 14)?;
    }
    druckeinrichtung(ws, a);
    Ok(())
}

/// Bar chart of Ø Tage per Geschäftsstelle (`n` of them), from the Geschäftsstellen sheet (one
/// key column, then the catalog's figures).
fn diagramm(n: u32) -> Chart {
    let spalte = 1 + katalog::position(BERATUNG, &TAGE_MITTEL) as u16;
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories(("Geschäftsstellen", 1, 0, n, 0))
        .set_values(("Geschäftsstellen", 1, spalte, n, spalte))
        .set_name(TAGE_MITTEL.kopf);
    chart
        .title()
        .set_name(&format!("{} je Geschäftsstelle", TAGE_MITTEL.kopf));
    chart.x_axis().set_name("Tage").set_num_format("0");
    chart.y_axis().set_reverse();
    chart.legend().set_hidden();
    chart.set_width(760).set_height(90 + 36 * n.max(4));
    chart
}

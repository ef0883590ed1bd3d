//! Sheets „Geschäftsstellen“ and „Teams“: one row per unit with the catalog's figures, the
//! Ø Tage per customer group side by side, a total row, and the traffic light.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::{druckeinrichtung, Kontext};
use crate::einheit::{Ebene, Einheit};
use crate::katalog::{self, Kennzahlzeile, ANTEIL_MINDESTWERT, BERATUNG, TAGE_MITTEL};
use crate::output::excel::{ampel, kennzahlen_schreiben, kopfzeile};

/// Sheet „Geschäftsstellen“.
pub(super) fn geschaeftsstellen(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name("Geschäftsstellen")?;
    tabelle(
        ws,
        ctx,
        Ebene::Geschaeftsstelle,
        &["Geschäftsstelle"],
        |k| vec![k.geschaeftsstelle.clone()],
    )
}

/// Sheet „Teams“.
pub(super) fn teams(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name("Teams")?;
    tabelle(
        ws,
        ctx,
        Ebene::Team,
        &["Geschäftsstelle", "Team", "Teamname"],
        |k| {
            let team = k.einheit.team();
            let name = ctx
                .auswertung
                .organisation
                .get(team)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            vec![k.geschaeftsstelle.clone(), team.to_string(), name]
        },
    )
}

/// The table of one level: key columns, the catalog's figures, Ø Tage per group, a total.
fn tabelle(
    ws: &mut Worksheet,
    ctx: &Kontext,
    ebene: Ebene,
    schluessel: &[&str],
    werte: impl Fn(&Kennzahlzeile) -> Vec<String>,
) -> Result<(), XlsxError> {
    let (f, zahlen) = (&ctx.formate, ctx.zahlen);
    let n = schluessel.len() as u16;
    // The columns of Ø Tage per customer group follow the figures.
    let je_gruppe = n + BERATUNG.len() as u16;
    let mut koepfe: Vec<String> = schluessel.iter().map(|s| s.to_string()).collect();
    koepfe.extend(katalog::koepfe(BERATUNG).map(str::to_string));
    koepfe.extend(
        ctx.regeln
            .gruppen
            .iter()
            .map(|g| format!("Ø Tage {}", g.name)),
    );
    kopfzeile(ws, f, 0, 0, &koepfe)?;
    ws.set_row_height(0, 60)?;

    let mut z = 1u32;
    for k in zahlen.ebene(ebene) {
        for (i, w) in werte(k).iter().enumerate() {
            ws.text(z, i as u16, w)?;
        }
        kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, false)?;
        for (i, g) in ctx.regeln.gruppen.iter().enumerate() {
            if let Some(kg) = zahlen.zeile(&k.einheit, &g.id) {
                if let Some(t) = zahlen.wert(kg, &TAGE_MITTEL) {
                    ws.write_number_with_format(z, je_gruppe + i as u16, t, &f.tage)?;
                }
            }
        }
        z += 1;
    }
    let letzte_spalte = je_gruppe + ctx.regeln.gruppen.len() as u16 - 1;
    if let Some(gesamt) = ctx.zahlen.gesamt() {
        ws.text_f(z, 0, "Jobcenter gesamt", &f.summe_text)?;
        for c in 1..n {
            ws.write_blank(z, c, &f.summe_text)?;
        }
        kennzahlen_schreiben(ws, f, (z, n), BERATUNG, gesamt, true)?;
        for (i, g) in ctx.regeln.gruppen.iter().enumerate() {
            let spalte = je_gruppe + i as u16;
            match zahlen
                .zeile(&Einheit::Jobcenter, &g.id)
                .and_then(|kg| zahlen.wert(kg, &TAGE_MITTEL))
            {
                Some(t) => ws.write_number_with_format(z, spalte, t, &f.summe_tage)?,
                None => ws.write_blank(z, spalte, &f.summe_text)?,
            };
        }
    }
    if z > 1 {
        ws.autofilter(0, 0, z - 1, letzte_spalte)?;
        let ampel_spalte = n + katalog::position(BERATUNG, &ANTEIL_MINDESTWERT) as u16;
        ampel(ws, ctx.regeln, 1, z - 1, letzte_spalte, ampel_spalte)?;
    }
    ws.set_freeze_panes(1, n)?;
    for c in 0..n {
        ws.set_column_width(c, if c == 2 { 30 } else { 22 })?;
    }
    for c in n..=letzte_spalte {
        ws.set_column_width(c, 14)?;
    }
    druckeinrichtung(ws, ctx.auswertung);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

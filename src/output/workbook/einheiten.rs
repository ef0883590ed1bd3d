//! Sheets „Geschäftsstellen“ and „Teams“: one row per unit with the catalog's figures, the
//! traffic light as a word, the Ø Tage per customer group side by side, and a total row.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::{druckeinrichtung, Kontext};
use crate::einheit::{Ebene, Einheit};
use crate::katalog::{self, Kennzahlzeile, ANTEIL_MINDESTWERT, BERATUNG, TAGE_MITTEL};
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{
    ampel, ampelwort, kennzahlen_schreiben, kopfbreiten, kopfzeile, tabelle, AMPEL_MINDESTWERT,
};

/// Sheet „Geschäftsstellen“.
pub(super) fn geschaeftsstellen(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name("Geschäftsstellen")?;
    ebenentabelle(
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
    ebenentabelle(
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
fn ebenentabelle(
    ws: &mut Worksheet,
    ctx: &Kontext,
    ebene: Ebene,
    schluessel: &[&str],
    werte: impl Fn(&Kennzahlzeile) -> Vec<String>,
) -> Result<(), XlsxError> {
    let (f, zahlen) = (&ctx.formate, ctx.zahlen);
    let n = schluessel.len() as u16;
    // The traffic light's word follows the figures, then Ø Tage per customer group.
    let ampel_spalte = n + BERATUNG.len() as u16;
    let je_gruppe = ampel_spalte + 1;
    let mut koepfe: Vec<String> = schluessel.iter().map(|s| s.to_string()).collect();
    koepfe.extend(katalog::koepfe(BERATUNG).map(str::to_string));
    koepfe.push(AMPEL_MINDESTWERT.into());
    koepfe.extend(
        ctx.regeln
            .gruppen
            .iter()
            .map(|g| format!("Ø Tage {}", g.name)),
    );
    kopfzeile(ws, f, 0, 0, &koepfe)?;

    let mut z = 1u32;
    for k in zahlen.ebene(ebene) {
        for (i, w) in werte(k).iter().enumerate() {
            ws.text(z, i as u16, w)?;
        }
        kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, false)?;
        let anteil = zahlen.wert(k, &ANTEIL_MINDESTWERT);
        ampelwort(ws, f, (z, ampel_spalte), ctx.regeln, anteil, false)?;
        for (i, g) in ctx.regeln.gruppen.iter().enumerate() {
            if let Some(kg) = zahlen.zeile(&k.einheit, &g.id) {
                if let Some(t) = zahlen.wert(kg, &TAGE_MITTEL) {
                    ws.zahl(z, je_gruppe + i as u16, t, &f.tage)?;
                }
            }
        }
        z += 1;
    }
    let letzte_spalte = je_gruppe + ctx.regeln.gruppen.len() as u16 - 1;
    let mut letzte_zeile = z - 1;
    if let Some(gesamt) = ctx.zahlen.gesamt() {
        letzte_zeile = z;
        ws.text_f(z, 0, "Jobcenter gesamt", &f.summe_text)?;
        for c in 1..n {
            ws.write_blank(z, c, &f.summe_text)?;
        }
        kennzahlen_schreiben(ws, f, (z, n), BERATUNG, gesamt, true)?;
        let anteil = zahlen.wert(gesamt, &ANTEIL_MINDESTWERT);
        ampelwort(ws, f, (z, ampel_spalte), ctx.regeln, anteil, true)?;
        for (i, g) in ctx.regeln.gruppen.iter().enumerate() {
            let spalte = je_gruppe + i as u16;
            match zahlen
                .zeile(&Einheit::Jobcenter, &g.id)
                .and_then(|kg| zahlen.wert(kg, &TAGE_MITTEL))
            {
                Some(t) => ws.zahl(z, spalte, t, &f.summe_tage)?,
                None => ws.write_blank(z, spalte, &f.summe_text)?,
            };
        }
    }
    if letzte_zeile > 0 {
        let name = ws.name();
        tabelle(ws, f, &name, (0, 0), letzte_zeile, &koepfe)?;
        ampel(ws, (1, letzte_zeile), letzte_spalte, ampel_spalte)?;
    }
    ws.set_freeze_panes(1, n)?;
    for c in 0..n {
        ws.set_column_width(c, if c == 2 { 30 } else { 22 })?;
    }
    kopfbreiten(ws, (0, n), &koepfe[n as usize..], 11.0)?;
    druckeinrichtung(ws, ctx.auswertung);
    ws.set_repeat_rows(0, 0)?;
    ws.set_repeat_columns(0, n - 1)?;
    Ok(())
}

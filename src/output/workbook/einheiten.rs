//! Sheets „Geschäftsstellen“ and „Teams“: one row per unit with the seven figures, the
//! Ø Tage per customer group side by side, a total row, and the traffic light.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{ampel, druckeinrichtung, kennzahl_schreiben, kopfzeile, Kontext, KENNZAHL_KOEPFE};
use crate::figures::Kennzahl;

/// Sheet „Geschäftsstellen“.
pub(super) fn geschaeftsstellen(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name("Geschäftsstellen")?;
    tabelle(ws, ctx, "geschaeftsstelle", &["Geschäftsstelle"], |k| {
        vec![k.geschaeftsstelle.clone()]
    })
}

/// Sheet „Teams“.
pub(super) fn teams(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name("Teams")?;
    tabelle(
        ws,
        ctx,
        "team",
        &["Geschäftsstelle", "Team", "Teamname"],
        |k| {
            let name = ctx
                .a
                .organisation
                .get(&k.team)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            vec![k.geschaeftsstelle.clone(), k.team.clone(), name]
        },
    )
}

fn tabelle(
    ws: &mut Worksheet,
    ctx: &Kontext,
    ebene: &str,
    schluessel: &[&str],
    werte: impl Fn(&Kennzahl) -> Vec<String>,
) -> Result<(), XlsxError> {
    let f = &ctx.f;
    let n = schluessel.len() as u16;
    let mut koepfe: Vec<String> = schluessel.iter().map(|s| s.to_string()).collect();
    koepfe.extend(KENNZAHL_KOEPFE.iter().map(|s| s.to_string()));
    koepfe.extend(
        ctx.regeln
            .gruppen
            .iter()
            .map(|g| format!("Ø Tage {}", g.name)),
    );
    kopfzeile(ws, f, 0, 0, &koepfe)?;
    ws.set_row_height(0, 60)?;

    let zeilen: Vec<&Kennzahl> = ctx.ebene(ebene).collect();
    let mut z = 1u32;
    for k in &zeilen {
        for (i, w) in werte(k).iter().enumerate() {
            ws.text(z, i as u16, w)?;
        }
        kennzahl_schreiben(ws, f, z, n, k, false)?;
        for (i, g) in ctx.regeln.gruppen.iter().enumerate() {
            if let Some(kg) = ctx.zahl(ebene, &k.geschaeftsstelle, &k.team, &g.id) {
                ws.write_number_with_format(z, n + 7 + i as u16, kg.tage_mittel, &f.tage)?;
            }
        }
        z += 1;
    }
    let letzte_spalte = n + 7 + ctx.regeln.gruppen.len() as u16 - 1;
    if let Some(gesamt) = ctx.gesamt() {
        ws.text_f(z, 0, "Jobcenter gesamt", &f.summe_text)?;
        for c in 1..n {
            ws.write_blank(z, c, &f.summe_text)?;
        }
        kennzahl_schreiben(ws, f, z, n, gesamt, true)?;
        for (i, g) in ctx.regeln.gruppen.iter().enumerate() {
            match ctx.zahl("gesamt", "", "", &g.id) {
                Some(kg) => {
                    ws.write_number_with_format(z, n + 7 + i as u16, kg.tage_mittel, &f.summe_tage)?
                }
                None => ws.write_blank(z, n + 7 + i as u16, &f.summe_text)?,
            };
        }
    }
    if z > 1 {
        ws.autofilter(0, 0, z - 1, letzte_spalte)?;
        ampel(ws, ctx.regeln, 1, z - 1, letzte_spalte, n + 4)?;
    }
    ws.set_freeze_panes(1, n)?;
    for c in 0..n {
        ws.set_column_width(c, if c == 2 { 30 } else { 22 })?;
    }
    for c in n..=letzte_spalte {
        ws.set_column_width(c, 14)?;
    }
    druckeinrichtung(ws, ctx.a);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

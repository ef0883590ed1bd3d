//! Sheet „Kundengruppen“: Geschäftsstelle × customer group, with the group's intervals, so a
//! manager sees where the U25 customers (30/60 days) pull the average.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::{druckeinrichtung, Kontext};
use crate::einheit::{Ebene, Einheit};
use crate::katalog::{self, ANTEIL_MINDESTWERT, BERATUNG};
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{
    ampel, ampelwort, kennzahlen_schreiben, kopfbreiten, kopfzeile, tabelle, AMPEL_MINDESTWERT,
};

pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name("Kundengruppen")?;
    let f = &ctx.formate;
    let mut koepfe = vec![
        "Geschäftsstelle",
        "Kundengruppe",
        "Zielwert (Tage)",
        "Mindestwert (Tage)",
    ];
    let n = koepfe.len() as u16;
    koepfe.extend(katalog::koepfe(BERATUNG));
    koepfe.push(AMPEL_MINDESTWERT);
    let letzte = koepfe.len() as u16 - 1;
    kopfzeile(ws, f, 0, 0, &koepfe)?;

    let mut einheiten: Vec<&Einheit> = ctx
        .zahlen
        .ebene(Ebene::Geschaeftsstelle)
        .map(|k| &k.einheit)
        .collect();
    einheiten.push(&Einheit::Jobcenter);
    let mut z = 1u32;
    for e in einheiten {
        for regel in &ctx.regeln.gruppen {
            let Some(k) = ctx.zahlen.zeile(e, &regel.id) else {
                continue;
            };
            let summe = *e == Einheit::Jobcenter;
            let crate::output::excel::Zeilenformate { text, ganz, .. } = f.zeile(summe);
            ws.text_f(
                z,
                0,
                if summe {
                    "Jobcenter gesamt"
                } else {
                    k.geschaeftsstelle.as_str()
                },
                text,
            )?;
            ws.text_f(z, 1, &regel.name, text)?;
            ws.zahl(z, 2, f64::from(regel.zielwert), ganz)?;
            ws.zahl(z, 3, f64::from(regel.mindestwert), ganz)?;
            kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, summe)?;
            let anteil = ctx.zahlen.wert(k, &ANTEIL_MINDESTWERT);
            ampelwort(ws, f, (z, letzte), ctx.regeln, anteil, summe)?;
            z += 1;
        }
    }
    if z > 1 {
        tabelle(ws, f, "Kundengruppen", (0, 0), z - 1, &koepfe)?;
        ampel(ws, (1, z - 1), letzte, letzte)?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 34)?;
    kopfbreiten(ws, (0, 2), &koepfe[2..], 11.0)?;
    druckeinrichtung(ws, ctx.auswertung);
    ws.set_repeat_rows(0, 0)?;
    ws.set_repeat_columns(0, 1)?;
    Ok(())
}

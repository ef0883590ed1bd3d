//! Sheet „Übersicht“ of a unit workbook: who it is for, the confidentiality marking, the
//! unit's headline figures beside the Jobcenter's, the figures per customer group and — for a
//! team — how long its worklists are. Sheet „Teams“ of a Geschäftsstelle workbook: its teams.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::{self, ANTEIL_MINDESTWERT, BERATUNG, UEBERFAELLIG};
use crate::output::excel::{
    druck, kennzahlen_schreiben, kennzahlen_spalte, kopfzeile, stichtag_und_richtlinie, Formate,
    VERTRAULICH,
};
use crate::verteilung::arbeitslisten::Arbeitslisten;

pub(super) fn blatt(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    e: &Einheit,
    titel: &str,
    empfaenger: &str,
    listen: Option<&Arbeitslisten>,
) -> Result<(), XlsxError> {
    ws.set_name("Übersicht")?;
    let (a, r) = (d.auswertung, d.regeln);
    ws.text_f(0, 0, titel, &f.titel)?;
    ws.text_f(
        1,
        0,
        format!("{VERTRAULICH} – nur für den Empfänger bestimmt, nicht weitergeben"),
        &f.hinweis,
    )?;
    ws.text_f(2, 0, "Empfänger", &f.fett)?;
    ws.text(2, 1, empfaenger)?;
    stichtag_und_richtlinie(ws, f, 3, a.stichtag, r)?;

    ws.text_f(6, 0, "Kennzahl", &f.kopf)?;
    ws.text_f(6, 1, d.bezeichnung(e), &f.kopf)?;
    ws.text_f(6, 2, "Jobcenter gesamt", &f.kopf)?;
    ws.set_row_height(6, 30)?;
    for (spalte, einheit) in [(1u16, e), (2, &Einheit::Jobcenter)] {
        if let Some(k) = d.zahlen.zeile(einheit, "alle") {
            kennzahlen_spalte(ws, f, (7, spalte), BERATUNG, k)?;
        } else {
            ws.text_f(7, spalte, "keine Kund:innen", &f.hinweis)?;
        }
    }
    for (i, kopf) in katalog::koepfe(BERATUNG).enumerate() {
        ws.text(7 + i as u32, 0, kopf)?;
    }

    let mut z = match listen {
        Some(l) => listenlaengen(ws, d, f, 15, l)? + 1,
        None => 15,
    };
    ws.text_f(z, 0, "Nach Kundengruppe", &f.untertitel)?;
    let mut koepfe = vec!["Kundengruppe", "Zielwert (Tage)", "Mindestwert (Tage)"];
    let n = koepfe.len() as u16;
    koepfe.extend(katalog::koepfe(BERATUNG));
    let letzte = koepfe.len() as u16 - 1;
    kopfzeile(ws, f, z + 1, 0, &koepfe)?;
    ws.set_row_height(z + 1, 45)?;
    z += 2;
    for regel in &r.gruppen {
        ws.text(z, 0, &regel.name)?;
        ws.write_number_with_format(z, 1, f64::from(regel.zielwert), &f.ganz)?;
        ws.write_number_with_format(z, 2, f64::from(regel.mindestwert), &f.ganz)?;
        match d.zahlen.zeile(e, &regel.id) {
            Some(k) => kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, false)?,
            None => {
                ws.write_number_with_format(z, n, 0.0, &f.ganz)?;
            }
        }
        z += 1;
    }
    ws.text_f(
        z + 1,
        0,
        "Weitere Blätter: Letzte Beratung, Gespräche, Verlauf (13 Monate).",
        &f.hinweis,
    )?;
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 18)?;
    for c in n..=letzte {
        ws.set_column_width(c, 14)?;
    }
    druck(ws, a.stichtag, empfaenger);
    Ok(())
}

/// How long a team's worklists are, from row `z`; returns the last row written + 1.
fn listenlaengen(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    z: u32,
    l: &Arbeitslisten,
) -> Result<u32, XlsxError> {
    ws.text_f(z, 0, "Arbeitslisten", &f.untertitel)?;
    ws.text(z + 1, 0, UEBERFAELLIG.kopf)?;
    ws.write_number_with_format(z + 1, 1, l.ueberfaellig.len() as f64, &f.ganz)?;
    ws.text_f(z + 1, 2, "Blatt „Überfällig“", &f.hinweis)?;
    ws.text(
        z + 2,
        0,
        format!("Demnächst fällig (nächste {} Tage)", d.vorlauf),
    )?;
    ws.write_number_with_format(z + 2, 1, l.demnaechst.len() as f64, &f.ganz)?;
    ws.text_f(z + 2, 2, "Blatt „Demnächst fällig“", &f.hinweis)?;
    Ok(z + 3)
}

/// Sheet „Teams“ of a Geschäftsstelle workbook: one row per team of the Geschäftsstelle.
pub(super) fn teams(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    e: &Einheit,
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Teams")?;
    let Einheit::Geschaeftsstelle(gs) = e else {
        return Ok(());
    };
    let mut koepfe = vec!["Team", "Teamname"];
    let n = koepfe.len() as u16;
    koepfe.extend(katalog::koepfe(BERATUNG));
    let letzte = koepfe.len() as u16 - 1;
    kopfzeile(ws, f, 0, 0, &koepfe)?;
    ws.set_row_height(0, 45)?;
    let mut z = 1u32;
    for t in d.teams_von(gs) {
        let Einheit::Team(code) = &t else { continue };
        ws.text(z, 0, code)?;
        let name = d
            .auswertung
            .organisation
            .get(code)
            .map(|o| o.name.clone())
            .unwrap_or_default();
        ws.text(z, 1, name)?;
        match d.zahlen.zeile(&t, "alle") {
            Some(k) => kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, false)?,
            None => {
                ws.write_number_with_format(z, n, 0.0, &f.ganz)?;
            }
        }
        z += 1;
    }
    if let Some(k) = d.zahlen.zeile(e, "alle") {
        ws.text_f(z, 0, "Geschäftsstelle gesamt", &f.summe_text)?;
        ws.write_blank(z, 1, &f.summe_text)?;
        kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, true)?;
    }
    if z > 1 {
        let ampel_spalte = n + katalog::position(BERATUNG, &ANTEIL_MINDESTWERT) as u16;
        crate::output::excel::ampel(ws, d.regeln, 1, z - 1, letzte, ampel_spalte)?;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 30)?;
    for c in n..=letzte {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 1)?;
    druck(ws, d.auswertung.stichtag, empfaenger);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

//! Sheet „Übersicht“ of a unit workbook: who it is for, the confidentiality marking, the
//! unit's headline figures beside the Jobcenter's, the figures per customer group and — for a
//! team — how long its worklists are. Sheet „Teams“ of a Geschäftsstelle workbook: its teams.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::{self, ANTEIL_MINDESTWERT, BERATUNG, UEBERFAELLIG};
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{
    ampel, ampelwort, druck, druck_tabelle, kennzahlen_schreiben, kennzahlen_spalte, kopfbreiten,
    kopfzeile, stichtag_und_richtlinie, tabelle, verweis, Formate, AMPEL_MINDESTWERT, VERTRAULICH,
};
use crate::termintreue::Terminlisten;
use crate::verteilung::arbeitslisten::Arbeitslisten;
use crate::verteilung::ifk_listen::IfkListen;

/// The worklists of a team workbook, for its Übersicht: the counselling lists and, when the
/// export has appointments, the appointment lists.
pub(super) struct Listen<'a> {
    pub beratung: &'a Arbeitslisten<'a>,
    pub termine: Option<&'a Terminlisten<'a>>,
    /// With `--ifk-auswertung`: the lists' customers per IFK.
    pub je_ifk: Option<&'a [IfkListen]>,
}

/// Writes the sheet and returns its next free row (the table of contents follows there).
pub(super) fn blatt(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    e: &Einheit,
    (titel, empfaenger): (&str, &str),
    listen: Option<&Listen>,
) -> Result<u32, XlsxError> {
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

    // A team reads what to do first: its lists, linked, with their lengths.
    let mut z = match listen {
        Some(l) => listenlaengen(ws, d, f, 6, l)? + 1,
        None => 6,
    };
    z = kopfzahlen(ws, d, f, e, z)? + 1;
    ws.text_f(z, 0, "Nach Kundengruppe", &f.untertitel)?;
    let mut koepfe = vec!["Kundengruppe", "Zielwert (Tage)", "Mindestwert (Tage)"];
    let n = koepfe.len() as u16;
    koepfe.extend(katalog::koepfe(BERATUNG));
    koepfe.push(AMPEL_MINDESTWERT);
    let letzte = koepfe.len() as u16 - 1;
    let kopf = z + 1;
    kopfzeile(ws, f, kopf, 0, &koepfe)?;
    z += 2;
    for regel in &r.gruppen {
        ws.text(z, 0, &regel.name)?;
        ws.zahl(z, 1, f64::from(regel.zielwert), &f.ganz)?;
        ws.zahl(z, 2, f64::from(regel.mindestwert), &f.ganz)?;
        let zeile = d.zahlen.zeile(e, &regel.id);
        match zeile {
            Some(k) => kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, false)?,
            None => {
                ws.zahl(z, n, 0.0, &f.ganz)?;
            }
        }
        let anteil = zeile.and_then(|k| d.zahlen.wert(k, &ANTEIL_MINDESTWERT));
        ampelwort(ws, f, (z, letzte), r, anteil, false)?;
        z += 1;
    }
    tabelle(ws, f, "Übersicht Kundengruppen", (kopf, 0), z - 1, &koepfe)?;
    ampel(ws, (kopf + 1, z - 1), letzte, letzte)?;
    ws.set_column_width(0, 34)?;
    kopfbreiten(ws, (kopf, 1), &koepfe[1..], 12.0)?;
    druck(ws, a.stichtag, empfaenger);
    ws.set_repeat_columns(0, 0)?;
    Ok(z + 1)
}

/// The headline figures of unit `e` beside the Jobcenter's, as a table from row `z` (header
/// „Kennzahl“), with the traffic light's word as its last row; returns the next free row.
fn kopfzahlen(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    e: &Einheit,
    z: u32,
) -> Result<u32, XlsxError> {
    let koepfe = [
        "Kennzahl".to_string(),
        d.bezeichnung(e),
        "Jobcenter gesamt".to_string(),
    ];
    kopfzeile(ws, f, z, 0, &koepfe)?;
    // A team's name runs over up to three lines of its column.
    ws.set_row_height(z, 48)?;
    let ampelzeile = z + 1 + BERATUNG.len() as u32;
    for (i, kopf) in katalog::koepfe(BERATUNG).enumerate() {
        ws.text(z + 1 + i as u32, 0, kopf)?;
    }
    ws.text(ampelzeile, 0, AMPEL_MINDESTWERT)?;
    for (spalte, einheit) in [(1u16, e), (2, &Einheit::Jobcenter)] {
        if let Some(k) = d.zahlen.alle(einheit) {
            kennzahlen_spalte(ws, f, (z + 1, spalte), BERATUNG, k)?;
            let anteil = d.zahlen.wert(k, &ANTEIL_MINDESTWERT);
            ampelwort(ws, f, (ampelzeile, spalte), d.regeln, anteil, false)?;
        } else {
            ws.text_f(z + 1, spalte, "keine Kund:innen", &f.hinweis)?;
        }
    }
    tabelle(ws, f, "Übersicht Kennzahlen", (z, 0), ampelzeile, &koepfe)?;
    Ok(ampelzeile + 1)
}

/// How long a team's worklists are, from row `z`, each linked to its sheet; returns the
/// last row written + 1.
fn listenlaengen(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    z: u32,
    l: &Listen,
) -> Result<u32, XlsxError> {
    ws.text_f(z, 0, "Arbeitslisten – zuerst bearbeiten", &f.untertitel)?;
    let koepfe = ["Arbeitsliste", "Anzahl", "Blatt öffnen"];
    kopfzeile(ws, f, z + 1, 0, &koepfe)?;
    let mut zeilen: Vec<(String, usize, &str)> = vec![
        (
            UEBERFAELLIG.kopf.to_string(),
            l.beratung.ueberfaellig.len(),
            "Überfällig",
        ),
        (
            format!("Demnächst fällig (nächste {} Tage)", d.vorlauf),
            l.beratung.demnaechst.len(),
            "Demnächst fällig",
        ),
    ];
    if let Some(t) = l.termine {
        zeilen.push((
            "Nachfassen (Fehltermine)".into(),
            t.nachfassen.len(),
            "Nachfassen",
        ));
        zeilen.push((
            "Termintreue gefährdet".into(),
            t.gefaehrdet.len(),
            "Termintreue gefährdet",
        ));
    }
    let mut r = z + 2;
    for (name, anzahl, blatt) in zeilen {
        ws.text(r, 0, name)?;
        ws.zahl(r, 1, anzahl as f64, &f.ganz)?;
        verweis(ws, (r, 2), blatt, &format!("Blatt „{blatt}“"))?;
        r += 1;
    }
    tabelle(ws, f, "Arbeitslisten", (z + 1, 0), r - 1, &koepfe)?;
    match l.je_ifk {
        Some(je_ifk) if !je_ifk.is_empty() => {
            je_ifk_schreiben(ws, f, r + 1, je_ifk, l.termine.is_some())
        }
        _ => Ok(r),
    }
}

/// The lists' customers per IFK from row `z` (`--ifk-auswertung`); the at-risk column only
/// with appointment data. Returns the next free row.
fn je_ifk_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    z: u32,
    je_ifk: &[IfkListen],
    termine: bool,
) -> Result<u32, XlsxError> {
    ws.text_f(
        z,
        0,
        "Arbeitslisten je IFK (Leistungsdaten – nur mit Zustimmung des Personalrats, nur für \
         die Teamleitung)",
        &f.untertitel,
    )?;
    let mut koepfe = vec!["IFK", "Überfällig", "Demnächst fällig"];
    if termine {
        koepfe.push("Termintreue gefährdet");
    }
    kopfzeile(ws, f, z + 1, 0, &koepfe)?;
    ws.set_row_height(z + 1, 33)?;
    let mut r = z + 2;
    for x in je_ifk {
        ws.text(r, 0, &x.ifk)?;
        let mut werte = vec![x.ueberfaellig, x.demnaechst];
        if termine {
            werte.push(x.gefaehrdet);
        }
        for (i, w) in werte.into_iter().enumerate() {
            ws.zahl(r, 1 + i as u16, w as f64, &f.ganz)?;
        }
        r += 1;
    }
    tabelle(ws, f, "Arbeitslisten je IFK", (z + 1, 0), r - 1, &koepfe)?;
    Ok(r)
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
    koepfe.push(AMPEL_MINDESTWERT);
    let letzte = koepfe.len() as u16 - 1;
    kopfzeile(ws, f, 0, 0, &koepfe)?;
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
        let zeile = d.zahlen.alle(&t);
        match zeile {
            Some(k) => kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, false)?,
            None => {
                ws.zahl(z, n, 0.0, &f.ganz)?;
            }
        }
        let anteil = zeile.and_then(|k| d.zahlen.wert(k, &ANTEIL_MINDESTWERT));
        ampelwort(ws, f, (z, letzte), d.regeln, anteil, false)?;
        z += 1;
    }
    if let Some(k) = d.zahlen.alle(e) {
        ws.text_f(z, 0, "Geschäftsstelle gesamt", &f.summe_text)?;
        ws.write_blank(z, 1, &f.summe_text)?;
        kennzahlen_schreiben(ws, f, (z, n), BERATUNG, k, true)?;
        let anteil = d.zahlen.wert(k, &ANTEIL_MINDESTWERT);
        ampelwort(ws, f, (z, letzte), d.regeln, anteil, true)?;
        z += 1;
    }
    if z > 1 {
        tabelle(ws, f, "Teams", (0, 0), z - 1, &koepfe)?;
        ampel(ws, (1, z - 1), letzte, letzte)?;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 30)?;
    kopfbreiten(ws, (0, n), &koepfe[n as usize..], 11.0)?;
    ws.set_freeze_panes(1, 1)?;
    druck_tabelle(ws, d.auswertung.stichtag, empfaenger, (0, 0), 2)?;
    Ok(())
}

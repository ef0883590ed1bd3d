//! Sheets „Überfällig“ and „Demnächst fällig“ of a team workbook: the customers the team
//! must see next (the only customer-level rows of the distribution).

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{druck_tabelle, excel_datum, kopfbreiten, kopfzeile, tabelle, Formate};
use crate::verteilung::arbeitslisten::{Arbeitslisten, Eintrag};

const KOEPFE: [&str; 7] = [
    "Kundennummer",
    "IFK",
    "Kundengruppe",
    "Letzte Beratung",
    "Tage seit letzter Beratung",
    "Zielwert (Tage)",
    "Mindestwert (Tage)",
];

/// Customer rows a list sheet holds: Excel's 1,048,576 rows minus the header and the note.
const MAX_ZEILEN: usize = 1_048_576 - 2;

pub(super) fn ueberfaellig(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    l: &Arbeitslisten,
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Überfällig")?;
    let mut koepfe = KOEPFE.to_vec();
    koepfe.push("Tage überfällig");
    // With last month's folder: who was on last month's list already (§6.3 Nachhaltung).
    if !d.verlauf.schon_ueberfaellig.is_empty() {
        koepfe.push("Schon im Vormonat überfällig");
    }
    liste(
        ws,
        d,
        f,
        &koepfe,
        &l.ueberfaellig,
        empfaenger,
        |ws, z, e| {
            ws.zahl(z, 7, e.tage as f64, &f.ganz)?;
            if let Some(schon) = d.schon_ueberfaellig(e.fall) {
                ws.text(z, 8, if schon { "ja" } else { "nein" })?;
            }
            Ok(())
        },
    )?;
    if l.ueberfaellig.is_empty() {
        ws.text_f(0, 0, "Keine Kund:innen über dem Mindestwert.", &f.hinweis)?;
    }
    Ok(())
}

pub(super) fn demnaechst(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    l: &Arbeitslisten,
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Demnächst fällig")?;
    let mut koepfe = KOEPFE.to_vec();
    koepfe.extend(["Fällig wird", "Beraten spätestens am", "Tage bis dahin"]);
    liste(ws, d, f, &koepfe, &l.demnaechst, empfaenger, |ws, z, e| {
        if let Some((ziel, frist)) = e.frist {
            ws.text(z, 7, if ziel { "Zielwert" } else { "Mindestwert" })?;
            ws.write_datetime_with_format(z, 8, excel_datum(frist)?, &f.datum)?;
        }
        ws.zahl(z, 9, e.tage as f64, &f.ganz)?;
        Ok(())
    })?;
    if l.demnaechst.is_empty() {
        ws.text_f(
            0,
            0,
            format!(
                "Keine Kund:innen werden in den nächsten {} Tagen fällig.",
                d.vorlauf
            ),
            &f.hinweis,
        )?;
    }
    Ok(())
}

fn liste(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    koepfe: &[&str],
    eintraege: &[Eintrag],
    empfaenger: &str,
    rest: impl Fn(&mut Worksheet, u32, &Eintrag) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    // An empty list is a sentence (written by the caller), not a header without rows: Excel's
    // tables need a row, and a screen reader would announce an empty table.
    if !eintraege.is_empty() {
        kopfzeile(ws, f, 0, 0, koepfe)?;
    }
    // Excel's last row is 1,048,576: a list longer than the sheet (a federal-size unit without
    // team) shows what fits and says where the rest is, instead of failing the run.
    let (eintraege, weitere) = eintraege.split_at(eintraege.len().min(MAX_ZEILEN));
    if !weitere.is_empty() {
        ws.text_f(
            MAX_ZEILEN as u32 + 1,
            0,
            format!(
                "… und {} weitere Kund:innen (mehr Zeilen fasst Excel nicht): vollständig in \
                 einzeldaten.csv",
                weitere.len()
            ),
            &f.hinweis,
        )?;
    }
    for (i, e) in eintraege.iter().enumerate() {
        let z = i as u32 + 1;
        let k = e.fall;
        ws.text(z, 0, &k.kundennummer)?;
        ws.text(z, 1, &k.ifk)?;
        ws.text(z, 2, &d.regeln.gruppe(k.gruppe).name)?;
        match k.letzte_beratung {
            Some(l) => ws.write_datetime_with_format(z, 3, excel_datum(l)?, &f.datum)?,
            None => ws.text(z, 3, "noch nie")?,
        };
        ws.zahl(z, 4, k.tage as f64, &f.ganz)?;
        ws.zahl(z, 5, f64::from(k.zielwert), &f.ganz)?;
        ws.zahl(z, 6, f64::from(k.mindestwert), &f.ganz)?;
        rest(ws, z, e)?;
    }
    let name = ws.name();
    tabelle(ws, f, &name, (0, 0), eintraege.len() as u32, koepfe)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 30)?;
    kopfbreiten(ws, (0, 3), &koepfe[3..], 12.0)?;
    ws.set_freeze_panes(1, 1)?;
    druck_tabelle(ws, d.auswertung.stichtag, empfaenger, (0, 0), 1)?;
    Ok(())
}

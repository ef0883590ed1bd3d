//! The appointment sheets of the unit workbooks: „Termintreue“ (the unit's own figures with the
//! Jobcenter's beside them) in every one, and in team workbooks only the two worklists
//! „Nachfassen“ and „Termintreue gefährdet“ — customer-level rows, for the team itself.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::NACHFASS_OFFEN;
use crate::output::excel::termintreue::{self as blatt_termine, Terminblock};
use crate::output::excel::{druck_tabelle, excel_datum, kopfbreiten, kopfzeile, tabelle, Formate};
use crate::rules::termintreue::Nachfass;
use crate::termintreue::Terminlisten;

/// „Termintreue“: one block per row unit, then the Jobcenter for comparison.
pub(super) fn blatt(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    zeilen: &[Einheit],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    let z = d.terminzahlen;
    let mut bloecke: Vec<Terminblock> = zeilen
        .iter()
        .map(|e| Terminblock {
            name: d.bezeichnung(e),
            summe: false,
            zeilen: z.zeilen_von(e).collect(),
        })
        .collect();
    bloecke.push(Terminblock {
        name: "Jobcenter gesamt (Vergleich)".into(),
        summe: true,
        zeilen: z.zeilen_von(&Einheit::Jobcenter).collect(),
    });
    blatt_termine::blatt(
        ws,
        f,
        d.regeln,
        d.auswertung.monat,
        d.auswertung.stichtag,
        d.auswertung.termine.as_ref(),
        &bloecke,
        empfaenger,
    )
}

/// Header row, widths, print setup and the note for an empty list or missing data.
fn rahmen(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    koepfe: &[&str],
    zeilen: usize,
    leer: &str,
    empfaenger: &str,
) -> Result<(), XlsxError> {
    // An empty list is a sentence, not a header without rows (see `arbeitslisten::liste`).
    if zeilen > 0 && d.auswertung.termine.is_some() {
        kopfzeile(ws, f, 0, 0, koepfe)?;
    }
    if d.auswertung.termine.is_none() {
        ws.text_f(
            0,
            0,
            "Für diesen Monat liegen keine Termindaten vor (termine.csv fehlt).",
            &f.hinweis,
        )?;
    } else if zeilen == 0 {
        ws.text_f(0, 0, leer, &f.hinweis)?;
    } else {
        let name = ws.name();
        tabelle(ws, f, &name, (0, 0), zeilen as u32, koepfe)?;
    }
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 12)?;
    kopfbreiten(ws, (0, 2), &koepfe[2..], 14.0)?;
    ws.set_freeze_panes(1, 1)?;
    druck_tabelle(ws, d.auswertung.stichtag, empfaenger, (0, 0), 1)?;
    Ok(())
}

/// „Nachfassen“: the month's no-shows of the team's customers without a follow-up call.
pub(super) fn nachfassen(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    l: &Terminlisten,
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Nachfassen")?;
    for (i, e) in l.nachfassen.iter().enumerate() {
        let z = i as u32 + 1;
        ws.text(z, 0, &e.fall.kundennummer)?;
        ws.text(z, 1, e.ifk)?;
        ws.write_datetime_with_format(z, 2, excel_datum(e.datum)?, &f.datum)?;
        ws.write_datetime_with_format(z, 3, excel_datum(e.frist)?, &f.datum)?;
        ws.text(
            z,
            4,
            match e.stand {
                Nachfass::Offen => NACHFASS_OFFEN.kopf,
                _ => "versäumt",
            },
        )?;
    }
    rahmen(
        ws,
        d,
        f,
        &["Kundennummer", "IFK", "Termindatum", "Frist", "Stand"],
        l.nachfassen.len(),
        "Jeder nicht wahrgenommene Termin des Monats wurde telefonisch nachgefasst.",
        empfaenger,
    )
}

/// „Termintreue gefährdet“: customers whose two latest appointments were both missed — for
/// support, not for sanctions.
pub(super) fn gefaehrdet(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    l: &Terminlisten,
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Termintreue gefährdet")?;
    for (i, (fall, g)) in l.gefaehrdet.iter().enumerate() {
        let z = i as u32 + 1;
        ws.text(z, 0, &fall.kundennummer)?;
        ws.text(z, 1, &fall.ifk)?;
        ws.write_datetime_with_format(z, 2, excel_datum(g.versaeumt[0])?, &f.datum)?;
        ws.write_datetime_with_format(z, 3, excel_datum(g.versaeumt[1])?, &f.datum)?;
        match g.naechster {
            Some(n) => ws.write_datetime_with_format(z, 4, excel_datum(n)?, &f.datum)?,
            None => ws.text(z, 4, "keiner vereinbart")?,
        };
    }
    rahmen(
        ws,
        d,
        f,
        &[
            "Kundennummer",
            "IFK",
            "Versäumt am (vorletzter Termin)",
            "Versäumt am (letzter Termin)",
            "Nächster vereinbarter Termin",
        ],
        l.gefaehrdet.len(),
        "Keine Kund:innen mit zwei zuletzt versäumten Terminen.",
        empfaenger,
    )
}

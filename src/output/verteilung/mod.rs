//! The workbooks of the distribution (`run --verteilung`): one per Geschäftsstelle
//! (`Geschaeftsstellen/<Name>.xlsx`) and one per team (`Teams/<Code>.xlsx`), each holding only
//! that unit's figures; customer-level rows (the worklists) only in the team's own workbook.
//! Customers without a team and each team code unknown to `organisation.csv` get a team
//! workbook of their own (for controlling), under Geschäftsstelle „(nicht zugeordnet)“.
//!
//! Every workbook is marked „Vertraulich – Sozialdaten“ on each printed page, names its
//! recipient on the Übersicht and in the footer, and has the Stichtag as creation date, so the
//! same inputs give the same bytes.

mod arbeitslisten;
mod empfaenger;
mod gespraeche;
mod planung;
mod termine;
mod uebersicht;
mod verlauf;
mod zeitraeume;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::excel::{eigenschaften, erlaeuterungen, inhalt, Formate, EMPFAENGER_JOBCENTER};
pub use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::termintreue::Terminlisten;
use crate::verteilung::arbeitslisten::Arbeitslisten;
pub use empfaenger::Empfaenger;
pub use planung::planung_csv;

/// Builds the workbook of one unit. A team reads what to do first: after the Übersicht come
/// its worklists (Überfällig, Demnächst fällig, Nachfassen, Termintreue gefährdet), then the
/// figures, then the explanations.
pub fn einheitsmappe(d: &Verteilungsdaten, e: &Einheit) -> Ergebnis<Vec<u8>> {
    let f = Formate::neu();
    let mut wb = Workbook::new();
    // Fast compression: dozens of workbooks per run, a few percent larger files.
    wb.set_zip_compression_level(1);
    let titel = d.titel(e);
    wb.set_properties(&eigenschaften(&titel, d.auswertung.stichtag, d.regeln)?);
    let empfaenger = d.empfaenger_text(e);
    let keine = Arbeitslisten::default();
    let leer = Terminlisten::default();
    let listen = match e {
        Einheit::Team(t) => Some(uebersicht::Listen {
            beratung: d.arbeitslisten.get(t.as_str()).unwrap_or(&keine),
            termine: d
                .auswertung
                .termine_im_export
                .then(|| d.terminlisten.get(t.as_str()).unwrap_or(&leer)),
            je_ifk: d.ifk_listen.get(t.as_str()).map(Vec::as_slice),
        }),
        _ => None,
    };
    let frei = uebersicht::blatt(
        wb.add_worksheet(),
        d,
        &f,
        e,
        (&titel, &empfaenger),
        listen.as_ref(),
    )?;
    if let Some(l) = &listen {
        arbeitslisten::ueberfaellig(wb.add_worksheet(), d, &f, l.beratung, &empfaenger)?;
        arbeitslisten::demnaechst(wb.add_worksheet(), d, &f, l.beratung, &empfaenger)?;
        if let Some(t) = l.termine {
            termine::nachfassen(wb.add_worksheet(), d, &f, t, &empfaenger)?;
            termine::gefaehrdet(wb.add_worksheet(), d, &f, t, &empfaenger)?;
        }
    }
    if let Einheit::Geschaeftsstelle(_) = e {
        uebersicht::teams(wb.add_worksheet(), d, &f, e, &empfaenger)?;
    }
    let zeilen = d.zeilen(e);
    zeitraeume::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    gespraeche::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    verlauf::blatt(wb.add_worksheet(), d, &f, &zeilen[..1], &empfaenger)?;
    planung::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    if d.auswertung.termine_im_export {
        termine::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    }
    erlaeuterungen(
        wb.add_worksheet(),
        &f,
        d.regeln,
        d.auswertung.termine_im_export,
        &empfaenger,
        d.auswertung.stichtag,
    )?;
    inhalt(&mut wb, &f, frei)?;
    Ok(wb.save_to_buffer()?)
}

/// Builds the workbooks of all `empfaenger`, in that order, on up to two threads (a
/// workbook is built in memory and compressed: CPU-bound, independent of the others).
pub fn alle_mappen(d: &Verteilungsdaten, empfaenger: &[Empfaenger]) -> Ergebnis<Vec<Vec<u8>>> {
    crate::parallel::geordnet(empfaenger, crate::parallel::kerne().min(2), |e| {
        einheitsmappe(d, &e.einheit).map_err(|f| f.mit_datei(&e.datei))
    })
    .into_iter()
    .collect()
}

/// The distribution's sheets of the Jobcenter-wide workbook, inserted after „Kundengruppen“:
/// per Geschäftsstelle, no customer rows, no per-IFK figures.
pub(crate) fn jobcenter_blaetter(
    wb: &mut Workbook,
    d: &Verteilungsdaten,
    f: &Formate,
) -> Result<(), XlsxError> {
    let zeilen = d.zeilen(&Einheit::Jobcenter);
    zeitraeume::blatt(wb.add_worksheet(), d, f, &zeilen, EMPFAENGER_JOBCENTER)?;
    gespraeche::blatt(wb.add_worksheet(), d, f, &zeilen, EMPFAENGER_JOBCENTER)?;
    verlauf::blatt(wb.add_worksheet(), d, f, &zeilen, EMPFAENGER_JOBCENTER)?;
    planung::blatt(wb.add_worksheet(), d, f, &zeilen, EMPFAENGER_JOBCENTER)?;
    Ok(())
}

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
mod kontext;
mod planung;
mod termine;
mod uebersicht;
mod verlauf;
mod zeitraeume;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::excel::termintreue::TERMINTREUE_BLATT;
use super::excel::{
    blaetter_schreiben, blick_blatt, eigenschaften, erlaeuterungen, inhalt, Blatt, Blattart, Blick,
    Formate, AUF_EINEN_BLICK, ERLAEUTERUNGEN,
};
use crate::auswertung::lagebild::{Lagebild, Ziel};

/// Stage 8's first pages, by unit.
pub type Lagebilder = std::collections::BTreeMap<Einheit, Lagebild>;
pub use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::termintreue::Terminlisten;
use crate::verteilung::arbeitslisten::Arbeitslisten;
pub use empfaenger::Empfaenger;
use kontext::{Einheitskontext, Listen};
pub use planung::planung_csv;

/// The sheet „Planung“'s name (the Jobcenter workbook links to it from its first page).
pub(crate) const PLANUNG_BLATT: &str = planung::PLANUNG.name;

/// The sheets of a unit workbook after its Übersicht, in order. A team reads what to do first:
/// its worklists, then the figures; the explanations come last. In the Jobcenter workbook the
/// same list gives the Jobcenter-wide sheets (no worklists, no „Teams“, its own „Termintreue“).
fn blaetter<'a>() -> Vec<Blatt<Einheitskontext<'a>>> {
    vec![
        Blatt::wenn(
            &arbeitslisten::UEBERFAELLIG,
            Einheitskontext::ist_team,
            arbeitslisten::ueberfaellig,
        ),
        Blatt::wenn(
            &arbeitslisten::DEMNAECHST,
            Einheitskontext::ist_team,
            arbeitslisten::demnaechst,
        ),
        Blatt::wenn(
            &termine::NACHFASSEN,
            Einheitskontext::mit_terminlisten,
            termine::nachfassen,
        ),
        Blatt::wenn(
            &termine::GEFAEHRDET,
            Einheitskontext::mit_terminlisten,
            termine::gefaehrdet,
        ),
        Blatt::wenn(
            &uebersicht::TEAMS,
            |k| matches!(k.einheit, Einheit::Geschaeftsstelle(_)),
            uebersicht::teams,
        ),
        Blatt::immer(&zeitraeume::LETZTE_BERATUNG, zeitraeume::blatt),
        Blatt::immer(&gespraeche::GESPRAECHE, gespraeche::blatt),
        Blatt::immer(&verlauf::VERLAUF, verlauf::blatt),
        Blatt::immer(&planung::PLANUNG, planung::blatt),
        Blatt::wenn(
            &TERMINTREUE_BLATT,
            |k| k.einheit != Einheit::Jobcenter && k.d.auswertung.termine_im_export,
            termine::blatt,
        ),
    ]
}

/// Builds the workbook of one unit: its Übersicht, the sheets of [`blaetter`] it has, the
/// Erläuterungen and the table of contents.
pub fn einheitsmappe(
    d: &Verteilungsdaten,
    e: &Einheit,
    lagebilder: &Lagebilder,
) -> Ergebnis<Vec<u8>> {
    let f = Formate::neu();
    let mut wb = Workbook::new();
    // Fast compression: dozens of workbooks per run, a few percent larger files.
    wb.set_zip_compression_level(1);
    let titel = d.titel(e);
    wb.set_properties(&eigenschaften(&titel, d.auswertung.stichtag, d.fassung)?);
    let keine = Arbeitslisten::default();
    let leer = Terminlisten::default();
    let listen = match e {
        Einheit::Team(t) => Some(Listen {
            beratung: d.arbeitslisten.get(t.as_str()).unwrap_or(&keine),
            termine: d
                .auswertung
                .termine_im_export
                .then(|| d.terminlisten.get(t.as_str()).unwrap_or(&leer)),
            je_ifk: d.ifk_listen.get(t.as_str()).map(Vec::as_slice),
        }),
        _ => None,
    };
    let k = Einheitskontext::neu(d, &f, e, listen);
    let team = k.ist_team();
    let termine = d.auswertung.termine_im_export;
    let mit_terminlisten = k.mit_terminlisten();
    let ziel = move |z: Ziel| match z {
        Ziel::Einheiten if matches!(e, Einheit::Geschaeftsstelle(_)) => {
            Some(uebersicht::TEAMS.name)
        }
        Ziel::Ueberfaellig if team => Some(arbeitslisten::UEBERFAELLIG.name),
        Ziel::Demnaechst if team => Some(arbeitslisten::DEMNAECHST.name),
        Ziel::Nachfassen if mit_terminlisten => Some(termine::NACHFASSEN.name),
        Ziel::Gefaehrdet if mit_terminlisten => Some(termine::GEFAEHRDET.name),
        Ziel::Planung => Some(planung::PLANUNG.name),
        Ziel::Termintreue if termine => Some(TERMINTREUE_BLATT.name),
        _ => None,
    };
    if let Some(lage) = lagebilder.get(e) {
        blick_blatt(
            wb.add_worksheet(),
            &f,
            &Blick {
                titel: &titel,
                empfaenger: &k.empfaenger,
                auswertung: d.auswertung,
                fassung: d.fassung,
                lage,
                abgewiesen: d.abgewiesen,
                blatt: &ziel,
            },
        )?;
    }
    let frei = uebersicht::blatt(wb.add_worksheet(), &k, &titel)?;
    let mut arten = vec![&AUF_EINEN_BLICK];
    arten.extend(blaetter_schreiben(&mut wb, &k, &blaetter())?);
    erlaeuterungen(
        wb.add_worksheet(),
        &f,
        (d.fassung, &arten),
        d.auswertung.termine_im_export,
        &k.empfaenger,
        d.auswertung.stichtag,
    )?;
    arten.push(&ERLAEUTERUNGEN);
    inhalt(&mut wb, &f, (1, frei), &arten)?;
    Ok(wb.save_to_buffer()?)
}

/// Builds the workbooks of all `empfaenger`, in that order, on up to two threads (a
/// workbook is built in memory and compressed: CPU-bound, independent of the others).
pub fn alle_mappen(
    d: &Verteilungsdaten,
    empfaenger: &[Empfaenger],
    lagebilder: &Lagebilder,
) -> Ergebnis<Vec<Vec<u8>>> {
    crate::parallel::geordnet(empfaenger, crate::parallel::kerne().min(2), |e| {
        einheitsmappe(d, &e.einheit, lagebilder).map_err(|f| f.mit_datei(&e.datei))
    })
    .into_iter()
    .collect()
}

/// The distribution's sheets of the Jobcenter-wide workbook, inserted after „Kundengruppen“
/// (and „Termintreue“): per Geschäftsstelle, no customer rows, no per-IFK figures. Returns
/// their kinds.
pub(crate) fn jobcenter_blaetter(
    wb: &mut Workbook,
    d: &Verteilungsdaten,
    f: &Formate,
) -> Result<Vec<&'static Blattart>, XlsxError> {
    blaetter_schreiben(wb, &Einheitskontext::jobcenter(d, f), &blaetter())
}

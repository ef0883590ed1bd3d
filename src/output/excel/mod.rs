//! The workbook machinery both workbooks use — the Jobcenter workbook (`output::workbook`)
//! and the unit workbooks of the distribution (`output::verteilung`) — so that neither
//! imports the other: cell formats, figure cells laid out from the catalog, page setup and
//! marking, the traffic light, Excel's limits, and the „Termintreue“ sheet both carry.

mod ampel;
mod blatt;
mod blick;
mod diagramm;
mod erlaeuterungen;
mod formate;
mod grenzen;
mod kennzahlen;
mod navigation;
mod seite;
mod tabelle;
pub(crate) mod termintreue;
mod zelle;

pub(crate) use ampel::ampel;
pub use ampel::{AMPEL_MINDESTWERT, AMPEL_NACHFASS};
pub(crate) use blatt::{blaetter_schreiben, Blatt, Blattart};
pub(crate) use blick::blatt as blick_blatt;
pub(crate) use blick::{bezeichnung, Blick, AUF_EINEN_BLICK};
pub(crate) use diagramm::{
    alternativtext, anzahl_text, diagramm_balken, diagramm_linie, diagrammspalte, prozent,
    tage_text,
};
pub use diagramm::{kontrast_zu_weiss, FARBEN};
pub(crate) use erlaeuterungen::{erlaeuterungen, ERLAEUTERUNGEN};
pub(crate) use formate::Formate;
pub use grenzen::*;
pub(crate) use kennzahlen::{beratungsspalten, fristen, gruppentabelle, kopfzahlen, kopfzeile};
pub(crate) use navigation::inhalt;
pub(crate) use seite::{druck, eigenschaften, monatsname, stichtag_und_richtlinie};
pub use seite::{EMPFAENGER_JOBCENTER, VERTRAULICH};
pub(crate) use tabelle::{spaltenbreiten_setzen, tabelle_schreiben, tabellenblatt, textbreite};
pub(crate) use zelle::{angaben, hinweiszeilen};

//! The workbook machinery both workbooks use — the Jobcenter workbook (`output::workbook`)
//! and the unit workbooks of the distribution (`output::verteilung`) — so that neither
//! imports the other: cell formats, figure cells laid out from the catalog, page setup and
//! marking, the traffic light, Excel's limits, and the „Termintreue“ sheet both carry.

mod ampel;
mod formate;
mod grenzen;
mod kennzahlen;
mod seite;
pub(crate) mod termintreue;

pub(crate) use ampel::ampel;
pub(crate) use formate::{Formate, Zeilenformate};
pub use grenzen::*;
pub(crate) use kennzahlen::{kennzahlen_schreiben, kennzahlen_spalte, kopfzeile};
pub(crate) use seite::{druck, eigenschaften, excel_datum, monatsname, stichtag_und_richtlinie};
pub use seite::{EMPFAENGER_JOBCENTER, VERTRAULICH};

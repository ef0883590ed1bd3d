//! What every sheet of the Jobcenter workbook is given.

use rust_xlsxwriter::Worksheet;

use crate::auswertung::Auswertung;
use crate::ingest::laufbuch::Laufbuch;
use crate::katalog::Kennzahltabelle;
use crate::output::excel::{druck, Formate, EMPFAENGER_JOBCENTER};
use crate::rules::{Fassung, Regelwerk};

/// Everything a sheet needs to know.
pub(super) struct Kontext<'a> {
    /// The run.
    pub auswertung: &'a Auswertung,
    /// Its rejected rows and files read.
    pub buch: &'a Laufbuch,
    /// The rows of `kennzahlen.csv`.
    pub zahlen: &'a Kennzahltabelle,
    /// The rows of `termintreue.csv` (none without appointments).
    pub terminzahlen: &'a Kennzahltabelle,
    pub fassung: &'a Fassung,
    /// The whole rules file (the Regeln sheet lists its other versions).
    pub werk: &'a Regelwerk,
    /// The cell formats.
    pub formate: Formate,
}

/// [`druck`] for the Jobcenter-wide workbook.
pub(super) fn druckeinrichtung(ws: &mut Worksheet, a: &Auswertung) {
    druck(ws, a.stichtag, EMPFAENGER_JOBCENTER);
}

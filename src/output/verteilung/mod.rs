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
mod gespraeche;
mod termine;
mod uebersicht;
mod verlauf;
mod zeitraeume;

use std::collections::BTreeSet;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::dateiname;
use super::excel::{eigenschaften, monatsname, Formate, EMPFAENGER_JOBCENTER};
pub use crate::auswertung::verteilung::Verteilungsdaten;
use crate::auswertung::NICHT_ZUGEORDNET;
use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::termintreue::Terminlisten;
use crate::verteilung::arbeitslisten::Arbeitslisten;

/// One workbook to write: whose, and where (relative to the month folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Empfaenger {
    /// The unit.
    pub einheit: Einheit,
    /// Relative path, e.g. `Teams/611.xlsx`.
    pub datei: String,
}

impl Verteilungsdaten<'_> {
    /// Display name of a unit: the Geschäftsstelle's name, „Code – Teamname“ for a team.
    pub fn bezeichnung(&self, e: &Einheit) -> String {
        match e {
            Einheit::Jobcenter => "Jobcenter gesamt".into(),
            Einheit::Geschaeftsstelle(g) => g.clone(),
            Einheit::Team(t) => match self.auswertung.organisation.get(t) {
                Some(o) if !o.name.is_empty() => format!("{t} – {}", o.name),
                _ => t.clone(),
            },
        }
    }

    /// Who receives a unit's workbook.
    pub fn empfaenger_text(&self, e: &Einheit) -> String {
        match e {
            Einheit::Jobcenter => EMPFAENGER_JOBCENTER.into(),
            Einheit::Geschaeftsstelle(g) if g == NICHT_ZUGEORDNET => {
                "Controlling (48) – Kund:innen ohne bekannte Geschäftsstelle".into()
            }
            Einheit::Geschaeftsstelle(g) => format!("Geschäftsstellenleitung {g}"),
            Einheit::Team(t) if self.auswertung.organisation.contains_key(t) => {
                format!(
                    "Teamleitung Team {} (Geschäftsstelle {})",
                    self.bezeichnung(e),
                    self.geschaeftsstelle_von(t)
                )
            }
            Einheit::Team(t) => format!(
                "Controlling (48) – Team „{t}“ ist nicht in organisation.csv, Kund:innen ohne Zuständigkeit"
            ),
        }
    }

    /// Every workbook of the distribution, Geschäftsstellen first, each in name order. File
    /// names are made safe ([`dateiname`]); two units whose safe names coincide get `_2`, `_3`,
    /// … in that order.
    pub fn empfaenger(&self) -> Vec<Empfaenger> {
        let mut alle = Vec::new();
        let mut vergeben = BTreeSet::new();
        let mut plan = |ordner: &str, name: &str, einheit: Einheit| {
            let basis = dateiname(name);
            let mut kandidat = basis.clone();
            let mut n = 1;
            while !vergeben.insert(kandidat.to_lowercase()) {
                n += 1;
                kandidat = format!("{basis}_{n}");
            }
            alle.push(Empfaenger {
                einheit,
                datei: format!("{ordner}/{kandidat}.xlsx"),
            });
        };
        for g in self.geschaeftsstellen() {
            plan(
                "Geschaeftsstellen",
                &g,
                Einheit::Geschaeftsstelle(g.clone()),
            );
        }
        for t in self.teams() {
            plan("Teams", &t, Einheit::Team(t.clone()));
        }
        alle
    }

    /// The title of a unit's workbook.
    pub fn titel(&self, e: &Einheit) -> String {
        let m = self.auswertung.monat;
        let wer = match e {
            Einheit::Jobcenter => String::new(),
            Einheit::Geschaeftsstelle(_) => format!(" – Geschäftsstelle {}", self.bezeichnung(e)),
            Einheit::Team(_) => format!(" – Team {}", self.bezeichnung(e)),
        };
        format!(
            "Beratungscontrolling {} {}{wer}",
            monatsname(m.monat),
            m.jahr
        )
    }
}

/// Builds the workbook of one unit.
pub fn einheitsmappe(d: &Verteilungsdaten, e: &Einheit) -> Ergebnis<Vec<u8>> {
    let f = Formate::neu();
    let mut wb = Workbook::new();
    // Fast compression: dozens of workbooks per run, a few percent larger files.
    wb.set_zip_compression_level(1);
    let titel = d.titel(e);
    wb.set_properties(&eigenschaften(&titel, d.auswertung.stichtag, d.regeln)?);
    let empfaenger = d.empfaenger_text(e);
    let keine = Arbeitslisten::default();
    let listen = match e {
        Einheit::Team(t) => Some(d.arbeitslisten.get(t.as_str()).unwrap_or(&keine)),
        _ => None,
    };
    uebersicht::blatt(wb.add_worksheet(), d, &f, e, &titel, &empfaenger, listen)?;
    if let Einheit::Geschaeftsstelle(_) = e {
        uebersicht::teams(wb.add_worksheet(), d, &f, e, &empfaenger)?;
    }
    let zeilen = d.zeilen(e);
    zeitraeume::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    gespraeche::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    verlauf::blatt(wb.add_worksheet(), d, &f, &zeilen[..1], &empfaenger)?;
    if d.auswertung.termine_im_export {
        termine::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    }
    if let Some(listen) = listen {
        arbeitslisten::ueberfaellig(wb.add_worksheet(), d, &f, listen, &empfaenger)?;
        arbeitslisten::demnaechst(wb.add_worksheet(), d, &f, listen, &empfaenger)?;
    }
    if let (Einheit::Team(t), true) = (e, d.auswertung.termine_im_export) {
        let leer = Terminlisten::default();
        let l = d.terminlisten.get(t.as_str()).unwrap_or(&leer);
        termine::nachfassen(wb.add_worksheet(), d, &f, l, &empfaenger)?;
        termine::gefaehrdet(wb.add_worksheet(), d, &f, l, &empfaenger)?;
    }
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
    Ok(())
}

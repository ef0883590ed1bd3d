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

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{Workbook, XlsxError};

use super::dateiname;
use super::workbook::{eigenschaften, monatsname, Formate, EMPFAENGER_JOBCENTER};
use crate::auswertung::{Auswertung, NICHT_ZUGEORDNET};
use crate::einheit::Ebene;
use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::katalog::Kennzahltabelle;
use crate::rules::{Fassung, Regelwerk};
use crate::termintreue::Terminlisten;
use crate::verteilung::gespraeche::Gespraeche;
use crate::verteilung::verlauf::Verlauf;
use crate::verteilung::zeitraeume::Zeitraumzeile;

/// Everything the distribution workbooks are made from.
pub struct Verteilungsdaten<'a> {
    /// The run.
    pub a: &'a Auswertung,
    /// Its figures (`kennzahlen.csv`).
    pub zahlen: &'a Kennzahltabelle,
    /// Its appointment figures (`termintreue.csv`; no rows without appointments).
    pub terminzahlen: &'a Kennzahltabelle,
    /// The appointment worklists per team code (only teams with entries).
    pub terminlisten: BTreeMap<&'a str, Terminlisten<'a>>,
    /// The version of the rules applied.
    pub regeln: &'a Fassung,
    /// The whole rules file.
    pub werk: &'a Regelwerk,
    /// „Letzte Beratung“ periods per unit.
    pub zeitraeume: Vec<Zeitraumzeile>,
    /// Conversations of the month.
    pub gespraeche: Gespraeche,
    /// The 13-month trend.
    pub verlauf: Verlauf,
    /// Look-ahead of „Demnächst fällig“, in days.
    pub vorlauf: u32,
    /// Per-IFK conversation figures in the team workbooks (`--ifk-auswertung`).
    pub je_ifk: bool,
    /// Positions in `a.einzelfaelle` per team code ([`crate::verteilung::kunden_je_team`]).
    pub je_team: BTreeMap<String, Vec<usize>>,
}

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
            Einheit::Team(t) => match self.a.organisation.get(t) {
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
            Einheit::Team(t) if self.a.organisation.contains_key(t) => {
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

    /// The Geschäftsstelle a team belongs to in month M.
    pub fn geschaeftsstelle_von(&self, team: &str) -> String {
        crate::rules::zuordnung::zuordnen(team, &self.a.organisation).1
    }

    /// Every Geschäftsstelle: those of `organisation.csv` and those with customers.
    pub fn geschaeftsstellen(&self) -> Vec<String> {
        let mut s: BTreeSet<String> = self
            .a
            .organisation
            .values()
            .map(|t| t.geschaeftsstelle.clone())
            .collect();
        s.extend(
            self.zahlen
                .ebene(Ebene::Geschaeftsstelle)
                .map(|k| k.geschaeftsstelle.clone()),
        );
        s.into_iter().collect()
    }

    /// Every team code: those of `organisation.csv` and those with customers.
    pub fn teams(&self) -> Vec<String> {
        let mut s: BTreeSet<String> = self.a.organisation.keys().cloned().collect();
        s.extend(
            self.zahlen
                .ebene(Ebene::Team)
                .map(|k| k.einheit.team().to_string()),
        );
        s.into_iter().collect()
    }

    /// The teams of a Geschäftsstelle.
    pub fn teams_von(&self, gs: &str) -> Vec<Einheit> {
        self.teams()
            .into_iter()
            .filter(|t| self.geschaeftsstelle_von(t) == gs)
            .map(Einheit::Team)
            .collect()
    }

    /// The rows a unit's sheets show: itself, and for a Geschäftsstelle its teams, for the
    /// Jobcenter its Geschäftsstellen.
    pub fn zeilen(&self, e: &Einheit) -> Vec<Einheit> {
        let mut z = vec![e.clone()];
        match e {
            Einheit::Jobcenter => z.extend(
                self.geschaeftsstellen()
                    .into_iter()
                    .map(Einheit::Geschaeftsstelle),
            ),
            Einheit::Geschaeftsstelle(g) => z.extend(self.teams_von(g)),
            Einheit::Team(_) => {}
        }
        z
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
        let m = self.a.monat;
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
    wb.set_properties(&eigenschaften(&titel, d.a, d.regeln)?);
    let empfaenger = d.empfaenger_text(e);
    let listen = match e {
        Einheit::Team(t) => Some(crate::verteilung::arbeitslisten::arbeitslisten(
            d.je_team
                .get(t)
                .into_iter()
                .flatten()
                .map(|i| &d.a.einzelfaelle[*i]),
            d.a.stichtag,
            d.vorlauf,
        )),
        _ => None,
    };
    uebersicht::blatt(
        wb.add_worksheet(),
        d,
        &f,
        e,
        &titel,
        &empfaenger,
        listen.as_ref(),
    )?;
    if let Einheit::Geschaeftsstelle(_) = e {
        uebersicht::teams(wb.add_worksheet(), d, &f, e, &empfaenger)?;
    }
    let zeilen = d.zeilen(e);
    zeitraeume::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    gespraeche::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    verlauf::blatt(wb.add_worksheet(), d, &f, &zeilen[..1], &empfaenger)?;
    if d.a.termine_im_export {
        termine::blatt(wb.add_worksheet(), d, &f, &zeilen, &empfaenger)?;
    }
    if let Some(listen) = &listen {
        arbeitslisten::ueberfaellig(wb.add_worksheet(), d, &f, listen, &empfaenger)?;
        arbeitslisten::demnaechst(wb.add_worksheet(), d, &f, listen, &empfaenger)?;
    }
    if let (Einheit::Team(t), true) = (e, d.a.termine_im_export) {
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

/// The distribution sheets of the Jobcenter-wide workbook: per Geschäftsstelle, no customer
/// rows, no per-IFK figures.
/// The Jobcenter workbook, with the distribution's Jobcenter-wide sheets.
pub fn jobcenter_mappe(d: &Verteilungsdaten) -> crate::error::Ergebnis<Vec<u8>> {
    crate::output::workbook::arbeitsmappe(
        d.a,
        d.zahlen,
        d.terminzahlen,
        (d.regeln, d.werk),
        Some(&|wb: &mut Workbook, f: &Formate| jobcenter_blaetter(wb, d, f)),
    )
}

fn jobcenter_blaetter(
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

//! Stage 7, only with `--verteilung`: everything the distribution's workbooks show, computed
//! here before any workbook is written — the periods, the conversations and planning, the
//! trend (from the notes pass), the worklists of every team, the appointment worklists — and
//! the view the output layer reads it through (which units there are and which rows each
//! unit's sheets list). The output layer only formats this.

use std::collections::{BTreeMap, BTreeSet};

use super::{Auswertung, Verteilungsstand};
use crate::einheit::{Ebene, Einheit, NICHT_ZUGEORDNET, OHNE_TEAM};
use crate::error::Ergebnis;
use crate::ingest::organisation::Organisation;
use crate::ingest::personal::Personal;
use crate::katalog::Kennzahltabelle;
use crate::rules::{Fassung, Regelwerk};
use crate::termintreue::Terminlisten;
use crate::verteilung::arbeitslisten::{arbeitslisten_je_team, Arbeitslisten};
use crate::verteilung::einheitscodes;
use crate::verteilung::gespraeche::gespraeche;
use crate::verteilung::ifk_listen::{ifk_listen, IfkListen};
use crate::verteilung::planung::{
    planung, planung_je_ifk, IfkPlanung, Planungsgrundlage, Planungszeile,
};
use crate::verteilung::verlauf::Verlauf;
use crate::verteilung::zeitraeume::{zeitraeume, Zeitraumzeile};

/// Stage 7's result, only with `--verteilung`: everything the distribution's workbooks show
/// beyond the figures, computed before any workbook is written, owned (the worklists hold
/// population positions, not references).
#[derive(Debug)]
pub struct Verteilungsergebnis {
    /// The appointment worklists per team code (only teams with entries).
    pub terminlisten: BTreeMap<String, Terminlisten>,
    /// The worklists „Überfällig“ and „Demnächst fällig“ per team code (only teams with
    /// customers).
    pub arbeitslisten: BTreeMap<String, Arbeitslisten>,
    /// The conversations and planning figures (`planung.csv`), one row per unit of
    /// `kennzahlen.csv`.
    pub planung: Vec<Planungszeile>,
    /// The same for the units of `organisation.csv` without customers (sheets only).
    pub planung_ohne_kunden: Vec<Planungszeile>,
    /// `personal.csv` of month M, if it exists: the posts behind every figure per post.
    pub personal: Option<Personal>,
    /// With `--ifk-auswertung`: per team, its IFKs' planning rows.
    pub planung_je_ifk: BTreeMap<String, Vec<IfkPlanung>>,
    /// With `--ifk-auswertung`: per team, how many of each IFK's customers are on its lists.
    pub ifk_listen: BTreeMap<String, Vec<IfkListen>>,
    /// „Letzte Beratung“ periods per unit.
    pub zeitraeume: Vec<Zeitraumzeile>,
    /// Weeks of the month up to the Stichtag: the conversations' period.
    pub wochen: f64,
    /// The 13-month trend.
    pub verlauf: Verlauf,
    /// Look-ahead of „Demnächst fällig“, in days (`--vorlauf`).
    pub vorlauf: u32,
    /// Per-IFK conversation figures in the team workbooks (`--ifk-auswertung`).
    pub je_ifk: bool,
}

/// Stage 7: the distribution's data of run `a` (its figures `zahlen`) from what its notes pass
/// collected (`stand`), as `auftrag` asks, under the rules version `fassung`.
pub(super) fn verteilung_bilden(
    a: &Auswertung,
    zahlen: &Kennzahltabelle,
    stand: Verteilungsstand,
    auftrag: &crate::lauf::Verteilung,
    fassung: &Fassung,
) -> Ergebnis<Verteilungsergebnis> {
    // One numbering for both per-customer frames of the distribution.
    let codes = einheitscodes(&a.einzelfaelle);
    let gespraeche = gespraeche(
        stand.gespraeche,
        (&a.einzelfaelle, &codes),
        a.monat.erster_tag(),
        a.stichtag,
        auftrag.je_ifk,
    )?;
    let personal = stand.personal;
    let terminlisten = a
        .termine
        .as_ref()
        .map(|t| t.listen_je_team(&a.einzelfaelle))
        .unwrap_or_default();
    let naechste = a.termine.as_ref().map(|t| &t.naechste);
    let arbeitslisten = arbeitslisten_je_team(
        &a.einzelfaelle,
        a.stichtag,
        auftrag.vorlauf,
        &stand.verlauf.schon_ueberfaellig,
        &|kunde| naechste.and_then(|n| n.get(&kunde).copied()),
    );
    let ifk_listen = if auftrag.je_ifk {
        arbeitslisten
            .iter()
            .map(|(team, l)| {
                let gefaehrdet = terminlisten
                    .get(team)
                    .into_iter()
                    .flat_map(|t: &Terminlisten| t.gefaehrdet.iter().map(|g| g.kunde));
                (team.clone(), ifk_listen(&a.einzelfaelle, l, gefaehrdet))
            })
            .collect()
    } else {
        BTreeMap::new()
    };
    // Per IFK of every team with customers, only with --ifk-auswertung.
    let planung_je_ifk = if auftrag.je_ifk {
        planung_je_ifk(
            &a.einzelfaelle,
            &gespraeche,
            personal.as_ref(),
            &fassung.planung,
        )
    } else {
        BTreeMap::new()
    };
    let (planung, planung_ohne_kunden) = planung(
        &Planungsgrundlage {
            zahlen,
            faelle: &a.einzelfaelle,
            gespraeche: &gespraeche,
            personal: personal.as_ref(),
            organisation: &a.organisation,
            termine: a.termine.as_ref(),
            nachhaltung: stand.verlauf.nachhaltung.as_ref(),
            regel: &fassung.planung,
        },
        &ohne_kunden(a, zahlen),
    );
    Ok(Verteilungsergebnis {
        terminlisten,
        arbeitslisten,
        ifk_listen,
        zeitraeume: zeitraeume((&a.einzelfaelle, &codes), a.stichtag)?,
        planung,
        planung_ohne_kunden,
        personal,
        planung_je_ifk,
        wochen: gespraeche.wochen,
        verlauf: stand.verlauf,
        vorlauf: auftrag.vorlauf,
        je_ifk: auftrag.je_ifk,
    })
}

/// What the distribution's workbooks read: stage 7's result beside the run, its figures and
/// its rules. Only looks things up; everything is computed in [`Verteilungsergebnis`].
pub struct Verteilungsdaten<'a> {
    /// The run.
    pub auswertung: &'a Auswertung,
    /// Its figures (`kennzahlen.csv`).
    pub zahlen: &'a Kennzahltabelle,
    /// Its appointment figures (`termintreue.csv`; no rows without appointments).
    pub terminzahlen: &'a Kennzahltabelle,
    /// The version of the rules applied.
    pub fassung: &'a Fassung,
    /// The whole rules file.
    pub werk: &'a Regelwerk,
    /// Rejected rows of the run.
    pub abgewiesen: u64,
    /// Stage 7's result.
    ergebnis: &'a Verteilungsergebnis,
}

impl std::ops::Deref for Verteilungsdaten<'_> {
    type Target = Verteilungsergebnis;

    fn deref(&self) -> &Verteilungsergebnis {
        self.ergebnis
    }
}

impl<'a> Verteilungsdaten<'a> {
    /// The distribution of run `e` under the rules `(regeln, werk)`; `None` without
    /// `--verteilung`.
    pub fn von(
        e: &'a super::Monatsergebnis,
        (fassung, werk): (&'a Fassung, &'a Regelwerk),
    ) -> Option<Self> {
        Some(Verteilungsdaten {
            auswertung: &e.auswertung,
            zahlen: &e.zahlen,
            terminzahlen: &e.terminzahlen,
            fassung,
            werk,
            abgewiesen: 0,
            ergebnis: e.verteilung.as_ref()?,
        })
    }

    /// The view with the run's count of rejected rows (the first pages name it).
    pub fn mit_abgewiesenen(self, abgewiesen: u64) -> Self {
        Verteilungsdaten { abgewiesen, ..self }
    }

    /// The population row at position `kunde` (a worklist entry's customer).
    pub fn fall(&self, kunde: usize) -> &'a crate::bestand::Einzelfall {
        &self.auswertung.einzelfaelle[kunde]
    }

    /// The conversations and planning row of unit `e` (every unit of the distribution has one).
    pub fn planungszeile(&self, e: &Einheit) -> Option<&Planungszeile> {
        self.planung
            .iter()
            .chain(&self.planung_ohne_kunden)
            .find(|x| x.einheit == *e)
    }

    /// The Geschäftsstelle a team belongs to in month M.
    pub fn geschaeftsstelle_von(&self, team: &str) -> String {
        crate::rules::zuordnung::einheit_zuordnen(team, &self.auswertung.organisation).1
    }

    /// Whether unit `e` is a Klärungsfall ([`Einheit::klaerungsfall`]).
    pub fn klaerungsfall(&self, e: &Einheit) -> bool {
        e.klaerungsfall(&self.geschaeftsstelle_von(e.team()))
    }

    /// Every Geschäftsstelle ([`geschaeftsstellen`]).
    pub fn geschaeftsstellen(&self) -> Vec<String> {
        geschaeftsstellen(&self.auswertung.organisation, self.zahlen)
    }

    /// Every team code ([`teams`]).
    pub fn teams(&self) -> Vec<String> {
        teams(&self.auswertung.organisation, self.zahlen)
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
}

/// Every Geschäftsstelle: those of `organisation` and those with customers (`zahlen`), in name
/// order, the Klärungsfall last.
pub fn geschaeftsstellen(organisation: &Organisation, zahlen: &Kennzahltabelle) -> Vec<String> {
    let mut s: BTreeSet<String> = organisation
        .values()
        .map(|t| t.geschaeftsstelle.clone())
        .collect();
    s.extend(
        zahlen
            .ebene(Ebene::Geschaeftsstelle)
            .map(|k| k.geschaeftsstelle.clone()),
    );
    let mut alle: Vec<String> = s.into_iter().collect();
    alle.sort_by_key(|g| g == NICHT_ZUGEORDNET);
    alle
}

/// Every team code: those of `organisation` and those with customers (`zahlen`), in code
/// order, the Klärungsfälle last.
pub fn teams(organisation: &Organisation, zahlen: &Kennzahltabelle) -> Vec<String> {
    let mut s: BTreeSet<String> = organisation.keys().cloned().collect();
    s.extend(
        zahlen
            .ebene(Ebene::Team)
            .map(|k| k.einheit.team().to_string()),
    );
    let mut alle: Vec<String> = s.into_iter().collect();
    alle.sort_by_cached_key(|t| {
        let gs = crate::rules::zuordnung::einheit_zuordnen(t, organisation).1;
        (gs == NICHT_ZUGEORDNET, t == OHNE_TEAM)
    });
    alle
}

/// The units of `organisation.csv` without a row in `kennzahlen.csv` (no customers), each with
/// its Geschäftsstelle: the sheets list them with their staff, `planung.csv` does not.
fn ohne_kunden(a: &Auswertung, zahlen: &Kennzahltabelle) -> Vec<(Einheit, String)> {
    let mut aus: Vec<(Einheit, String)> = Vec::new();
    let mut gs: BTreeSet<&str> = BTreeSet::new();
    for (team, t) in &a.organisation {
        gs.insert(&t.geschaeftsstelle);
        let e = Einheit::Team(team.clone());
        if zahlen.alle(&e).is_none() {
            aus.push((e, t.geschaeftsstelle.clone()));
        }
    }
    for g in gs {
        let e = Einheit::Geschaeftsstelle(g.to_string());
        if zahlen.alle(&e).is_none() {
            aus.push((e, g.to_string()));
        }
    }
    aus
}

//! Stage 7, only with `--verteilung`: everything the distribution's workbooks show, computed
//! here before any workbook is written — the periods, the conversations, the trend (from the
//! notes pass), the worklists of every team, the appointment worklists, and which units there
//! are and which rows each unit's sheets list. The output layer only formats this.

use std::collections::{BTreeMap, BTreeSet};

use super::{Auswertung, Verteilungsstand};
use crate::bestand::Einzelfall;
use crate::einheit::{Ebene, Einheit};
use crate::error::Ergebnis;
use crate::katalog::Kennzahltabelle;
use crate::lauf::Laufkonfiguration;
use crate::rules::{Fassung, Regelwerk};
use crate::termintreue::Terminlisten;
use crate::verteilung::arbeitslisten::{arbeitslisten_je_team, Arbeitslisten};
use crate::verteilung::einheitscodes;
use crate::verteilung::gespraeche::{gespraeche, Gespraeche};
use crate::verteilung::ifk_listen::{ifk_listen, IfkListen};
use crate::verteilung::planung::{
    planung, planung_je_ifk, IfkPlanung, Planungsgrundlage, Planungszeile,
};
use crate::verteilung::verlauf::Verlauf;
use crate::verteilung::zeitraeume::{zeitraeume, Zeitraumzeile};

/// Everything the distribution workbooks are made from.
pub struct Verteilungsdaten<'a> {
    /// The run.
    pub auswertung: &'a Auswertung,
    /// Its figures (`kennzahlen.csv`).
    pub zahlen: &'a Kennzahltabelle,
    /// Its appointment figures (`termintreue.csv`; no rows without appointments).
    pub terminzahlen: &'a Kennzahltabelle,
    /// The appointment worklists per team code (only teams with entries).
    pub terminlisten: BTreeMap<&'a str, Terminlisten<'a>>,
    /// The worklists „Überfällig“ and „Demnächst fällig“ per team code (only teams with
    /// customers).
    pub arbeitslisten: BTreeMap<&'a str, Arbeitslisten<'a>>,
    /// The planning figures (`planung.csv`), one row per unit of `kennzahlen.csv`.
    pub planung: Vec<Planungszeile>,
    /// With `--ifk-auswertung`: per team, its IFKs' planning rows.
    pub planung_je_ifk: BTreeMap<String, Vec<IfkPlanung>>,
    /// With `--ifk-auswertung`: per team, how many of each IFK's customers are on its lists.
    pub ifk_listen: BTreeMap<&'a str, Vec<IfkListen>>,
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
    /// Look-ahead of „Demnächst fällig“, in days (`--vorlauf`).
    pub vorlauf: u32,
    /// Per-IFK conversation figures in the team workbooks (`--ifk-auswertung`).
    pub je_ifk: bool,
}

impl<'a> Verteilungsdaten<'a> {
    /// Computes the distribution's data of run `a` from what its notes pass collected.
    pub fn bilden(
        a: &'a Auswertung,
        (zahlen, terminzahlen): (&'a Kennzahltabelle, &'a Kennzahltabelle),
        stand: Verteilungsstand,
        k: &'a Laufkonfiguration,
    ) -> Ergebnis<Self> {
        let v = k
            .verteilung
            .expect("a Verteilungsstand exists only with --verteilung");
        // One numbering for both per-customer frames of the distribution.
        let codes = einheitscodes(&a.einzelfaelle);
        let gespraeche = gespraeche(
            stand.gespraeche,
            (&a.einzelfaelle, &codes),
            a.monat.erster_tag(),
            a.stichtag,
            stand.personal,
            v.je_ifk,
        )?;
        let terminlisten: BTreeMap<&str, Terminlisten> = a
            .termine
            .as_ref()
            .map(|t| t.listen_je_team(&a.einzelfaelle))
            .unwrap_or_default();
        let arbeitslisten = arbeitslisten_je_team(&a.einzelfaelle, a.stichtag, v.vorlauf);
        let ifk_listen = if v.je_ifk {
            arbeitslisten
                .iter()
                .map(|(team, l)| {
                    let gefaehrdet = terminlisten
                        .get(team)
                        .into_iter()
                        .flat_map(|t| t.gefaehrdet.iter().map(|(fall, _)| *fall));
                    (*team, ifk_listen(l, gefaehrdet))
                })
                .collect()
        } else {
            BTreeMap::new()
        };
        // Per IFK of every team with customers, only with --ifk-auswertung.
        let planung_je_ifk = if v.je_ifk {
            planung_je_ifk(&a.einzelfaelle, &gespraeche, &k.fassung().planung)
        } else {
            BTreeMap::new()
        };
        Ok(Verteilungsdaten {
            auswertung: a,
            zahlen,
            terminzahlen,
            terminlisten,
            arbeitslisten,
            ifk_listen,
            regeln: k.fassung(),
            werk: &k.regeln.werk,
            zeitraeume: zeitraeume((&a.einzelfaelle, &codes), a.stichtag)?,
            planung: planung(&Planungsgrundlage {
                zahlen,
                faelle: &a.einzelfaelle,
                gespraeche: &gespraeche,
                organisation: &a.organisation,
                termine: a.termine.as_ref(),
                nachhaltung: stand.verlauf.nachhaltung.as_ref(),
                regel: &k.fassung().planung,
            }),
            planung_je_ifk,
            gespraeche,
            verlauf: stand.verlauf,
            vorlauf: v.vorlauf,
            je_ifk: v.je_ifk,
        })
    }

    /// Whether population customer `fall` was overdue at M − 1 too (`None` without M − 1's
    /// folder). The population is sorted by Kundennummer, byte order.
    pub fn schon_ueberfaellig(&self, fall: &Einzelfall) -> Option<bool> {
        let s = &self.verlauf.schon_ueberfaellig;
        if s.is_empty() {
            return None;
        }
        self.auswertung
            .einzelfaelle
            .binary_search_by(|f| f.kundennummer.as_bytes().cmp(fall.kundennummer.as_bytes()))
            .ok()
            .and_then(|i| s.get(i).copied())
    }

    /// The Geschäftsstelle a team belongs to in month M.
    pub fn geschaeftsstelle_von(&self, team: &str) -> String {
        crate::rules::zuordnung::einheit_zuordnen(team, &self.auswertung.organisation).1
    }

    /// Every Geschäftsstelle: those of `organisation.csv` and those with customers.
    pub fn geschaeftsstellen(&self) -> Vec<String> {
        let mut s: BTreeSet<String> = self
            .auswertung
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
        let mut s: BTreeSet<String> = self.auswertung.organisation.keys().cloned().collect();
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
}

//! The population and one row per customer: the data every figure is computed from (SPEC §3).
//!
//! Below the run (`auswertung`), the figures and the distribution alike: they all read these
//! rows, none of them reaches up to the run for them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::ingest::kennung;
use crate::ingest::kunden::Kunde;
use crate::ingest::Text;
use crate::rules::bestand::{ausschluss, Ausschluss};
use crate::rules::fassung::Gruppe;

pub use crate::rules::zuordnung::{NICHT_ZUGEORDNET, OHNE_TEAM};

/// One customer of the population with everything the figures need.
#[derive(Debug, Clone, PartialEq)]
pub struct Einzelfall {
    /// Customer id.
    pub kundennummer: Text,
    /// Geschäftsstelle from `organisation.csv`, or [`NICHT_ZUGEORDNET`].
    pub geschaeftsstelle: Text,
    /// Team code, or [`OHNE_TEAM`].
    pub team: Text,
    /// Responsible IFK (may be empty).
    pub ifk: Text,
    /// Customer group.
    pub gruppe: Gruppe,
    /// Completed years at the Stichtag.
    pub alter: i32,
    /// Latest qualifying note on or before the Stichtag.
    pub letzte_beratung: Option<NaiveDate>,
    /// Days since the last counselling (or since entry).
    pub tage: i64,
    /// No qualifying note at all.
    pub nie_beraten: bool,
    /// Zielwert of the group, in days.
    pub zielwert: u32,
    /// Mindestwert of the group, in days.
    pub mindestwert: u32,
}

impl Einzelfall {
    /// Within the target interval.
    pub fn zielwert_eingehalten(&self) -> bool {
        self.tage <= i64::from(self.zielwert)
    }
    /// Within the minimum interval (not overdue).
    pub fn mindestwert_eingehalten(&self) -> bool {
        self.tage <= i64::from(self.mindestwert)
    }
}

/// The one place tests build a row (a fluent builder): a new field of the row is added here
/// and in the stage that fills it, not in every test that needs a row.
#[cfg(test)]
impl Einzelfall {
    /// Customer `nr`, `tage` days since counselling (counselled before), of team „611“ of
    /// „Mitte“, no IFK, group 0, 30 years, Zielwert 90 and Mindestwert 180 days.
    pub(crate) fn probe(nr: &str, tage: i64) -> Einzelfall {
        Einzelfall {
            kundennummer: nr.into(),
            geschaeftsstelle: "Mitte".into(),
            team: "611".into(),
            ifk: Text::default(),
            gruppe: Gruppe::new(0),
            alter: 30,
            letzte_beratung: None,
            tage,
            nie_beraten: false,
            zielwert: 90,
            mindestwert: 180,
        }
    }

    /// In team `team` of Geschäftsstelle `gs`.
    pub(crate) fn mit_einheit(self, gs: &str, team: &str) -> Einzelfall {
        Einzelfall {
            geschaeftsstelle: gs.into(),
            team: team.into(),
            ..self
        }
    }

    /// Held by IFK `ifk`.
    pub(crate) fn mit_ifk(self, ifk: &str) -> Einzelfall {
        Einzelfall {
            ifk: ifk.into(),
            ..self
        }
    }

    /// In group `gruppe` with its intervals (days).
    pub(crate) fn mit_gruppe(self, gruppe: Gruppe, zielwert: u32, mindestwert: u32) -> Einzelfall {
        Einzelfall {
            gruppe,
            zielwert,
            mindestwert,
            ..self
        }
    }

    /// `jahre` old.
    pub(crate) fn mit_alter(self, jahre: i32) -> Einzelfall {
        Einzelfall {
            alter: jahre,
            ..self
        }
    }

    /// Never counselled (`tage` then count from entry).
    pub(crate) fn nie_beraten(self, nie: bool) -> Einzelfall {
        Einzelfall {
            nie_beraten: nie,
            ..self
        }
    }
}

/// Customer reconciliation: `gelesen` = population + every exclusion reason (SPEC §4).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct KundenBilanz {
    /// Data rows of `kunden.csv`.
    pub gelesen: u64,
    /// Customers in the population.
    pub auswertungsbestand: u64,
    /// Rejected rows.
    pub abgewiesen: u64,
    /// Entry after the Stichtag.
    pub noch_nicht_zugegangen: u64,
    /// Exit on or before the Stichtag.
    pub abgemeldet: u64,
    /// Blocked.
    pub sperrkennzeichen: u64,
    /// Compulsory schooling.
    pub vollzeitschulpflicht: u64,
}

/// The population at `stichtag` (SPEC §3): the valid customers without an exclusion reason,
/// sorted by Kundennummer (byte order); every excluded one is counted under its first reason
/// in `bilanz`. The report month and the trend's earlier months build theirs with this one
/// function.
pub fn auswertungsbestand(
    kunden: Vec<Kunde>,
    stichtag: NaiveDate,
    bilanz: &mut KundenBilanz,
) -> Vec<Kunde> {
    let mut bestand = Vec::with_capacity(kunden.len());
    for k in kunden {
        match ausschluss(&k, stichtag) {
            None => bestand.push(k),
            Some(grund) => {
                *match grund {
                    Ausschluss::NochNichtZugegangen => &mut bilanz.noch_nicht_zugegangen,
                    Ausschluss::Abgemeldet => &mut bilanz.abgemeldet,
                    Ausschluss::Sperrkennzeichen => &mut bilanz.sperrkennzeichen,
                    Ausschluss::Vollzeitschulpflicht => &mut bilanz.vollzeitschulpflicht,
                } += 1
            }
        }
    }
    bilanz.auswertungsbestand = bestand.len() as u64;
    kennung::sortieren(&mut bestand, |k| &k.kundennummer);
    bestand
}

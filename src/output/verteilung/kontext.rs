//! What every sheet of a unit workbook is given: the distribution's data, the formats, the
//! unit, the rows its sheets show, its recipient and, for a team, its worklists.

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::output::excel::{Formate, EMPFAENGER_JOBCENTER};
use crate::termintreue::Terminlisten;
use crate::verteilung::arbeitslisten::Arbeitslisten;
use crate::verteilung::ifk_listen::IfkListen;

/// The worklists of a team workbook: the counselling lists and, when the export has
/// appointments, the appointment lists.
pub(crate) struct Listen<'a> {
    pub beratung: &'a Arbeitslisten,
    pub termine: Option<&'a Terminlisten>,
    /// With `--ifk-auswertung`: the lists' customers per IFK.
    pub je_ifk: Option<&'a [IfkListen]>,
}

/// A unit's sheets' context.
pub(crate) struct Einheitskontext<'a> {
    pub d: &'a Verteilungsdaten<'a>,
    pub f: &'a Formate,
    /// Whose workbook (the Jobcenter: its distribution sheets in the Jobcenter workbook).
    pub einheit: Einheit,
    /// The rows its sheets show: itself, then its Geschäftsstellen or teams.
    pub zeilen: Vec<Einheit>,
    /// Who receives it (footer and Übersicht).
    pub empfaenger: String,
    /// A team's worklists.
    pub listen: Option<Listen<'a>>,
}

impl<'a> Einheitskontext<'a> {
    /// The context of unit `e`'s workbook; `listen` for a team.
    pub(crate) fn neu(
        d: &'a Verteilungsdaten<'a>,
        f: &'a Formate,
        e: &Einheit,
        listen: Option<Listen<'a>>,
    ) -> Self {
        Einheitskontext {
            d,
            f,
            einheit: e.clone(),
            zeilen: d.zeilen(e),
            empfaenger: d.empfaenger_text(e),
            listen,
        }
    }

    /// The distribution's Jobcenter-wide sheets in the Jobcenter workbook: per Geschäftsstelle,
    /// no customer rows, no per-IFK figures.
    pub(crate) fn jobcenter(d: &'a Verteilungsdaten<'a>, f: &'a Formate) -> Self {
        Einheitskontext {
            empfaenger: EMPFAENGER_JOBCENTER.into(),
            ..Self::neu(d, f, &Einheit::Jobcenter, None)
        }
    }

    /// Whether this is a team's workbook (the only one with customer rows).
    pub(crate) fn ist_team(&self) -> bool {
        self.listen.is_some()
    }

    /// Whether the team's workbook has appointment worklists.
    pub(crate) fn mit_terminlisten(&self) -> bool {
        self.listen.as_ref().is_some_and(|l| l.termine.is_some())
    }

    /// The units the trend shows: in the Jobcenter workbook every Geschäftsstelle beside the
    /// Jobcenter, in a unit's workbook the unit alone.
    pub(crate) fn verlauf_zeilen(&self) -> &[Einheit] {
        match self.einheit {
            Einheit::Jobcenter => &self.zeilen[..self.vergleichbar()],
            _ => &self.zeilen[..1],
        }
    }

    /// How many of the rows, from the first, are units that perform: the Klärungsfälle stand
    /// last ([`Verteilungsdaten::zeilen`]) and in no chart, ranking or trend line.
    pub(crate) fn vergleichbar(&self) -> usize {
        self.zeilen
            .iter()
            .position(|e| self.d.klaerungsfall(e))
            .unwrap_or(self.zeilen.len())
    }
}

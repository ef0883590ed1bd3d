//! Who receives which unit workbook: display names of units, recipients, titles and the
//! file plan of the distribution (presentation of [`Verteilungsdaten`], nothing computed).

use std::collections::BTreeSet;

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::auswertung::{NICHT_ZUGEORDNET, OHNE_TEAM};
use crate::einheit::Einheit;
use crate::output::dateiname;
use crate::output::excel::{monatsname, EMPFAENGER_JOBCENTER};

/// The folder of the Klärungsfälle' workbooks, for controlling.
pub const KLAERUNGSFAELLE: &str = "Klaerungsfaelle";

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
        crate::output::excel::bezeichnung(&self.auswertung.organisation, e)
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
            Einheit::Team(t) if t == OHNE_TEAM => "Controlling (48) – Kund:innen ohne Team".into(),
            Einheit::Team(t) => {
                format!("Controlling (48) – Team {t} ist keiner Geschäftsstelle zugeordnet")
            }
        }
    }

    /// Every workbook of the distribution, Geschäftsstellen first, each in name order; those
    /// of the Klärungsfälle in `Klaerungsfaelle/` for controlling, never beside the units that
    /// are sent out (SPEC §4). File names are made safe ([`dateiname`]); two units whose safe names coincide get `_2`, `_3`,
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
        let ordner = |e: &Einheit, ordner| {
            if self.klaerungsfall(e) {
                KLAERUNGSFAELLE
            } else {
                ordner
            }
        };
        for g in self.geschaeftsstellen() {
            let e = Einheit::Geschaeftsstelle(g.clone());
            plan(ordner(&e, "Geschaeftsstellen"), &g, e);
        }
        for t in self.teams() {
            let e = Einheit::Team(t.clone());
            match ordner(&e, "Teams") {
                // Beside „(nicht zugeordnet)“ a bare code would not say it is a team.
                KLAERUNGSFAELLE if t != OHNE_TEAM => plan(KLAERUNGSFAELLE, &format!("Team {t}"), e),
                o => plan(o, &t, e),
            }
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

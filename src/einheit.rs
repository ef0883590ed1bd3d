//! A unit (Einheit) of the Jobcenter: the whole Jobcenter, one Geschäftsstelle, one team. One
//! type for every stage — the figure rows, the trend, the unit workbooks — so that "the rows
//! of team 611" is asked the same way everywhere.

/// Team label for customers without a team (SPEC §3).
pub const OHNE_TEAM: &str = "(ohne Team)";
/// Geschäftsstelle label for customers without a known team (SPEC §3).
pub const NICHT_ZUGEORDNET: &str = "(nicht zugeordnet)";

/// A recipient of figures: the Jobcenter as a whole, one Geschäftsstelle, one team (by code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Einheit {
    /// The whole Jobcenter (the main workbook).
    Jobcenter,
    /// A Geschäftsstelle by name (also [`NICHT_ZUGEORDNET`]).
    Geschaeftsstelle(String),
    /// A team by code (also [`OHNE_TEAM`] and codes unknown to
    /// `organisation.csv`).
    Team(String),
}

/// The level of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ebene {
    /// The Jobcenter.
    Gesamt,
    /// A Geschäftsstelle.
    Geschaeftsstelle,
    /// A team.
    Team,
}

impl Ebene {
    /// The level as the figure CSVs write it in column `ebene` (SPEC §4).
    pub fn name(self) -> &'static str {
        match self {
            Ebene::Gesamt => "gesamt",
            Ebene::Geschaeftsstelle => "geschaeftsstelle",
            Ebene::Team => "team",
        }
    }

    /// The level of a CSV `ebene` text.
    pub fn aus_name(name: &str) -> Option<Ebene> {
        [Ebene::Gesamt, Ebene::Geschaeftsstelle, Ebene::Team]
            .into_iter()
            .find(|e| e.name() == name)
    }
}

impl Einheit {
    /// The unit's level.
    pub fn ebene(&self) -> Ebene {
        match self {
            Einheit::Jobcenter => Ebene::Gesamt,
            Einheit::Geschaeftsstelle(_) => Ebene::Geschaeftsstelle,
            Einheit::Team(_) => Ebene::Team,
        }
    }

    /// The unit of a figure row's key columns (`ebene`, `geschaeftsstelle`, `team`).
    pub fn aus_schluessel(ebene: Ebene, geschaeftsstelle: &str, team: &str) -> Einheit {
        match ebene {
            Ebene::Gesamt => Einheit::Jobcenter,
            Ebene::Geschaeftsstelle => Einheit::Geschaeftsstelle(geschaeftsstelle.to_string()),
            Ebene::Team => Einheit::Team(team.to_string()),
        }
    }

    /// Whether the unit is a Klärungsfall (SPEC §4): customers without a valid team — the
    /// Geschäftsstelle [`NICHT_ZUGEORDNET`], a team in it (`geschaeftsstelle`: the team's),
    /// the team [`OHNE_TEAM`]. Work for controlling, not a unit that performs: last in every
    /// table, in no ranking, chart or trend line, its workbook not sent out.
    pub fn klaerungsfall(&self, geschaeftsstelle: &str) -> bool {
        match self {
            Einheit::Jobcenter => false,
            Einheit::Geschaeftsstelle(g) => g == NICHT_ZUGEORDNET,
            Einheit::Team(t) => t == OHNE_TEAM || geschaeftsstelle == NICHT_ZUGEORDNET,
        }
    }

    /// The team code (empty unless a team).
    pub fn team(&self) -> &str {
        match self {
            Einheit::Team(t) => t,
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_trip_through_their_csv_names() {
        for e in [Ebene::Gesamt, Ebene::Geschaeftsstelle, Ebene::Team] {
            assert_eq!(Ebene::aus_name(e.name()), Some(e));
        }
        assert_eq!(Ebene::aus_name("Team"), None);
        assert_eq!(
            Einheit::aus_schluessel(Ebene::Team, "Nord", "611"),
            Einheit::Team("611".into())
        );
        assert_eq!(
            Einheit::aus_schluessel(Ebene::Gesamt, "", "")
                .ebene()
                .name(),
            "gesamt"
        );
    }
}

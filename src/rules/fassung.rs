//! One version (Fassung) of the directive: everything a run applies — the customer groups with
//! their conditions and intervals, which notes count, the traffic light, the follow-up rules.
//! A rules file holds one or more ([`super::Regelwerk`]); a run applies the one in force at its
//! Stichtag.

use chrono::NaiveDate;
use serde::Serialize;

use super::bedingung::Bedingung;

/// A customer group: its position in the precedence order of the version applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Gruppe(u8);

impl Gruppe {
    /// The group at position `i` (at most 255 groups; checked when the rules are read).
    pub fn new(i: usize) -> Gruppe {
        Gruppe(u8::try_from(i).expect("at most 255 groups (checked)"))
    }

    /// [`Gruppe::new`] in a constant.
    pub const fn new_const(i: u8) -> Gruppe {
        Gruppe(i)
    }

    /// Position in the precedence order (0 = first).
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// Most groups a version may list (a group is one byte per customer).
pub const GRUPPEN_MAX: usize = 255;

/// A version of the directive, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Fassung {
    /// Which directive this is.
    pub richtlinie: Richtlinie,
    /// Which notes count as counselling.
    pub beratung: Beratung,
    /// Traffic-light thresholds for the workbook.
    pub ampel: Ampel,
    /// The no-show follow-up (directive §5).
    pub termintreue: Termintreueregel,
    /// The planning figures' parameters (directive §§ 2, 3).
    pub planung: Planungsregel,
    /// How the workbooks show figures (SPEC §4 „Small numbers“).
    pub darstellung: Darstellungsregel,
    /// The customer groups in precedence order: the first whose condition holds wins, the last
    /// has none and takes everyone else.
    pub gruppen: Vec<Gruppenregel>,
}

/// Parameters of the no-show follow-up.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Termintreueregel {
    /// The follow-up call is due by this many working days after the no-show.
    #[serde(default = "ein_arbeitstag")]
    pub nachfass_arbeitstage: u32,
    /// The Land whose statutory holidays are not working days.
    #[serde(default = "bremen")]
    pub bundesland: String,
}

fn ein_arbeitstag() -> u32 {
    1
}

fn bremen() -> String {
    "HB".into()
}

impl Default for Termintreueregel {
    fn default() -> Self {
        Termintreueregel {
            nachfass_arbeitstage: ein_arbeitstag(),
            bundesland: bremen(),
        }
    }
}

/// Parameters of the planning figures (SPEC §3 „Planning figures“): the conversations a
/// full-time IFK holds a week (§ 3: „In der Regel … 20 Gespräche“) and the weekly hours of a
/// full-time post (§ 2: at least half of them for counselling).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Planungsregel {
    /// Conversations a week per full-time post.
    #[serde(default = "zwanzig_gespraeche")]
    pub richtwert_gespraeche_woche: f64,
    /// Working hours a week of a full-time post.
    #[serde(default = "wochenstunden")]
    pub wochenstunden: f64,
}

fn zwanzig_gespraeche() -> f64 {
    20.0
}

fn wochenstunden() -> f64 {
    39.0
}

impl Default for Planungsregel {
    fn default() -> Self {
        Planungsregel {
            richtwert_gespraeche_woche: zwanzig_gespraeche(),
            wochenstunden: wochenstunden(),
        }
    }
}

/// How the workbooks show figures: a share, quote or traffic light over fewer than
/// `mindestfallzahl` cases is shown as „zu wenige Fälle (n = …)“, without a colour — as
/// official statistics mark small cells (one customer decides a 0 % or 100 % share). 1 shows
/// every value. The CSVs keep every value.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Darstellungsregel {
    /// Fewest cases a shown share, quote or traffic light stands on.
    #[serde(default = "fuenf_faelle")]
    pub mindestfallzahl: u32,
}

fn fuenf_faelle() -> u32 {
    5
}

impl Default for Darstellungsregel {
    fn default() -> Self {
        Darstellungsregel {
            mindestfallzahl: fuenf_faelle(),
        }
    }
}

impl Darstellungsregel {
    /// Whether a share over `n` cases is shown.
    pub fn zeigbar(&self, n: u64) -> bool {
        n >= u64::from(self.mindestfallzahl)
    }
}

/// Identification of the directive.
#[derive(Debug, Clone, Serialize)]
pub struct Richtlinie {
    /// Title shown on the Regeln sheet.
    pub titel: String,
    /// Version, recorded in `protokoll.json` (`regeln`).
    pub version: String,
    /// File reference (Aktenzeichen), optional.
    pub aktenzeichen: String,
    /// Issuing Jobcenter; the workbook's "company" property.
    pub herausgeber: String,
    /// Date this version took effect.
    pub in_kraft_ab: NaiveDate,
}

/// Qualifying note types.
#[derive(Debug, Clone, Serialize)]
pub struct Beratung {
    /// Vermerktypen that count; compared trimmed and case-insensitively.
    pub vermerktypen: Vec<String>,
}

/// Shares within the Mindestwert below which a unit is marked.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ampel {
    /// Amber below this share (0…1).
    pub gelb_unter: f64,
    /// Red below this share (0…1).
    pub rot_unter: f64,
}

/// One customer group.
#[derive(Debug, Clone, Serialize)]
pub struct Gruppenregel {
    /// Group id, in the machine-readable outputs.
    pub id: String,
    /// Name in reports.
    pub name: String,
    /// The condition as written in the rules file (`None`: the last group, everyone else).
    pub bedingung_text: Option<String>,
    /// The checked condition.
    #[serde(skip)]
    pub bedingung: Option<Bedingung>,
    /// Target interval in days.
    pub zielwert: u32,
    /// Minimum interval in days.
    pub mindestwert: u32,
}

impl Fassung {
    /// The rule of one group.
    pub fn gruppe(&self, g: Gruppe) -> &Gruppenregel {
        &self.gruppen[g.index()]
    }

    /// The group with this id.
    pub fn gruppe_mit_id(&self, id: &str) -> Option<Gruppe> {
        self.gruppen
            .iter()
            .position(|g| g.id == id)
            .map(Gruppe::new)
    }

    /// Every column the conditions name, each once, in order of first mention.
    pub fn spalten(&self) -> Vec<&str> {
        let mut alle: Vec<&str> = Vec::new();
        for s in self
            .gruppen
            .iter()
            .filter_map(|g| g.bedingung.as_ref())
            .flat_map(|b| b.spalten.iter())
        {
            if !alle.contains(&s.as_str()) {
                alle.push(s);
            }
        }
        alle
    }

    /// The group that names `spalte` first (for a message about a missing column).
    pub fn gruppe_mit_spalte(&self, spalte: &str) -> Option<&Gruppenregel> {
        self.gruppen.iter().find(|g| {
            g.bedingung
                .as_ref()
                .is_some_and(|b| b.spalten.iter().any(|s| s == spalte))
        })
    }

    /// Qualifying note types, normalised for comparison.
    pub fn vermerktypen_normiert(&self) -> Vec<String> {
        self.beratung
            .vermerktypen
            .iter()
            .map(|t| t.trim().to_lowercase())
            .collect()
    }
}

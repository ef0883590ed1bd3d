//! The rules file: group names, Zielwert/Mindestwert, qualifying note types, directive
//! version, traffic-light thresholds. Embedded in the binary so a run needs no extra file;
//! `--rules` replaces it when the directive changes before the program does.

use serde::{Deserialize, Serialize};

use super::gruppen::Gruppe;
use crate::error::{Ergebnis, Fehler};

/// The default rules, as shipped.
pub const STANDARD_REGELN: &str = include_str!("regeln.toml");

/// The whole rules file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regelwerk {
    /// Which directive these rules implement.
    pub richtlinie: Richtlinie,
    /// Which notes count as counselling.
    pub beratung: Beratung,
    /// Traffic-light thresholds for the workbook.
    pub ampel: Ampel,
    /// The five customer groups, in any order; precedence is fixed by [`Gruppe::ALLE`].
    pub gruppen: Vec<Gruppenregel>,
    /// The no-show follow-up (directive §5); absent = SPEC's defaults (1 working day, HB).
    #[serde(default)]
    pub termintreue: Termintreueregel,
}

/// Parameters of the no-show follow-up.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

/// Identification of the directive.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Richtlinie {
    /// Title shown on the Regeln sheet.
    pub titel: String,
    /// Version, recorded in `protokoll.json` (`regeln`).
    pub version: String,
    /// File reference (Aktenzeichen), optional.
    #[serde(default)]
    pub aktenzeichen: String,
    /// Issuing Jobcenter; the workbook's "company" property.
    #[serde(default)]
    pub herausgeber: String,
    /// Date the directive took effect.
    pub in_kraft_ab: chrono::NaiveDate,
}

/// Qualifying note types.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beratung {
    /// Vermerktypen that count; compared trimmed and case-insensitively.
    pub vermerktypen: Vec<String>,
}

/// Shares within the Mindestwert below which a unit is marked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ampel {
    /// Amber below this share (0…1).
    pub gelb_unter: f64,
    /// Red below this share (0…1).
    pub rot_unter: f64,
}

/// Name and intervals of one group.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gruppenregel {
    /// Group id, one of [`Gruppe::ALLE`].
    pub id: String,
    /// Name in reports.
    pub name: String,
    /// Target interval in days.
    pub zielwert: u32,
    /// Minimum interval in days.
    pub mindestwert: u32,
    /// Explanation shown on the Regeln sheet.
    #[serde(default)]
    pub hinweis: String,
}

impl Regelwerk {
    /// The embedded default rules.
    pub fn standard() -> Regelwerk {
        Self::aus_text(STANDARD_REGELN, "(eingebaut)").expect("embedded rules are valid")
    }

    /// Parses and validates rules text; `quelle` names it in messages.
    pub fn aus_text(text: &str, quelle: &str) -> Ergebnis<Regelwerk> {
        let fehler = |grund: String| Fehler::Regeln {
            quelle: quelle.to_string(),
            grund,
        };
        let r: Regelwerk = toml::from_str(text).map_err(|e| fehler(toml_text(&e, text)))?;
        for g in &r.gruppen {
            if Gruppe::aus_id(&g.id).is_none() {
                return Err(fehler(format!(
                    "unbekannte Kundengruppe „{}“; erlaubt sind: {}",
                    g.id,
                    Gruppe::ALLE.map(|g| g.id()).join(", ")
                )));
            }
            if g.zielwert == 0 || g.mindestwert < g.zielwert {
                return Err(fehler(format!(
                    "Gruppe „{}“: erwartet wird 0 < Zielwert ≤ Mindestwert, gefunden Zielwert {} und Mindestwert {}",
                    g.id, g.zielwert, g.mindestwert
                )));
            }
        }
        for g in Gruppe::ALLE {
            let n = r.gruppen.iter().filter(|x| x.id == g.id()).count();
            if n != 1 {
                return Err(fehler(format!(
                    "Kundengruppe „{}“ muss genau einmal vorkommen, kommt {n}-mal vor",
                    g.id()
                )));
            }
        }
        if r.beratung.vermerktypen.iter().all(|t| t.trim().is_empty()) {
            return Err(fehler(
                "mindestens ein Vermerktyp muss als Beratung zählen".into(),
            ));
        }
        let t = &r.termintreue;
        if !super::termintreue::BUNDESLAENDER.contains(&t.bundesland.as_str()) {
            return Err(fehler(format!(
                "termintreue: unbekanntes Bundesland „{}“; erlaubt sind: {}",
                t.bundesland,
                super::termintreue::BUNDESLAENDER.join(", ")
            )));
        }
        if t.nachfass_arbeitstage > 20 {
            return Err(fehler(format!(
                "termintreue: nachfass_arbeitstage muss zwischen 0 und 20 liegen, gefunden {}",
                t.nachfass_arbeitstage
            )));
        }
        let a = &r.ampel;
        if !(0.0..=1.0).contains(&a.rot_unter)
            || !(0.0..=1.0).contains(&a.gelb_unter)
            || a.rot_unter > a.gelb_unter
        {
            return Err(fehler(format!(
                "Ampel: erwartet wird 0 ≤ rot_unter ≤ gelb_unter ≤ 1, gefunden {} und {}",
                a.rot_unter, a.gelb_unter
            )));
        }
        Ok(r)
    }

    /// The rule of one group.
    pub fn gruppe(&self, g: Gruppe) -> &Gruppenregel {
        self.gruppen
            .iter()
            .find(|x| x.id == g.id())
            .expect("validated: every group present")
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

/// A TOML error in German: where (line) and what, the common serde messages translated;
/// the parser's English wording of anything else only with `--verbose`.
fn toml_text(e: &toml::de::Error, text: &str) -> String {
    let wo = e
        .span()
        .map(|s| {
            format!(
                "Zeile {}: ",
                text[..s.start.min(text.len())].matches('\n').count() + 1
            )
        })
        .unwrap_or_default();
    let m = e.message();
    let feld = |m: &str| {
        m.split('`')
            .nth(1)
            .map(|f| crate::error::kurz(f, 60))
            .unwrap_or_default()
    };
    let was = if m.starts_with("missing field") {
        format!("Pflichtangabe „{}“ fehlt", feld(m))
    } else if m.starts_with("unknown field") {
        format!("unbekannte Angabe „{}“", feld(m))
    } else if m.starts_with("invalid type") || m.starts_with("invalid value") {
        "Wert hat den falschen Typ (Zahl, Text, Datum, Liste?)".to_string()
    } else if m.contains("duplicate key") {
        "Schlüssel kommt doppelt vor".to_string()
    } else {
        tracing::debug!("TOML: {m}");
        "ungültige TOML-Syntax (Einzelheiten mit --verbose)".to_string()
    };
    format!("{wo}{was}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traffic_light_thresholds_each_checked_alone() {
        let mit = |gelb: &str, rot: &str| {
            let text = STANDARD_REGELN
                .replace("gelb_unter = 0.90", &format!("gelb_unter = {gelb}"))
                .replace("rot_unter = 0.75", &format!("rot_unter = {rot}"));
            Regelwerk::aus_text(&text, "t").is_ok()
        };
        assert!(mit("0.90", "0.75"));
        assert!(mit("1.0", "0.0"), "the bounds themselves are allowed");
        assert!(mit("0.5", "0.5"), "rot = gelb is allowed");
        assert!(!mit("0.9", "-0.1"), "rot below 0 alone");
        assert!(!mit("1.1", "0.75"), "gelb above 1 alone");
        assert!(!mit("0.7", "0.75"), "rot above gelb alone");
    }

    #[test]
    fn embedded_rules_match_the_spec_table() {
        let r = Regelwerk::standard();
        let werte: Vec<(&str, u32, u32)> = Gruppe::ALLE
            .iter()
            .map(|g| {
                let x = r.gruppe(*g);
                (x.id.as_str(), x.zielwert, x.mindestwert)
            })
            .collect();
        assert_eq!(
            werte,
            [
                ("fm_ue25", 180, 180),
                ("massnahme", 180, 180),
                ("u25", 30, 60),
                ("ue25_arbeitslos", 90, 180),
                ("uebrige", 180, 180)
            ]
        );
        assert_eq!(r.richtlinie.version, "1.2");
        assert_eq!(r.vermerktypen_normiert().len(), 3);
    }

    #[test]
    fn follow_up_parameters_default_to_spec_and_are_checked() {
        let r = Regelwerk::standard();
        assert_eq!(r.termintreue.nachfass_arbeitstage, 1);
        assert_eq!(r.termintreue.bundesland, "HB");
        let mit = |abschnitt: &str| {
            Regelwerk::aus_text(&format!("{STANDARD_REGELN}\n{abschnitt}"), "t.toml")
        };
        let r = mit("[termintreue]\nnachfass_arbeitstage = 2\nbundesland = \"NW\"").unwrap();
        assert_eq!(
            (
                r.termintreue.nachfass_arbeitstage,
                r.termintreue.bundesland.as_str()
            ),
            (2, "NW")
        );
        let r = mit("[termintreue]\nbundesland = \"BY\"").unwrap();
        assert_eq!(r.termintreue.nachfass_arbeitstage, 1);
        let e = mit("[termintreue]\nbundesland = \"XX\"")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unbekanntes Bundesland „XX“") && e.contains("t.toml"),
            "{e}"
        );
        let e = mit("[termintreue]\nnachfass_arbeitstage = 21")
            .unwrap_err()
            .to_string();
        assert!(e.contains("zwischen 0 und 20"), "{e}");
        assert!(mit("[termintreue]\nnachfass_arbeitstage = 20").is_ok());
        assert!(mit("[termintreue]\ntage = 1").is_err(), "unknown key");
    }

    #[test]
    fn unknown_group_and_inverted_values_are_refused() {
        let unbekannt = STANDARD_REGELN.replace("id = \"uebrige\"", "id = \"sonstige\"");
        let e = Regelwerk::aus_text(&unbekannt, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unbekannte Kundengruppe „sonstige“") && e.contains("x.toml"),
            "{e}"
        );
        let verkehrt = STANDARD_REGELN.replace(
            "zielwert = 30\nmindestwert = 60",
            "zielwert = 60\nmindestwert = 30",
        );
        let e = Regelwerk::aus_text(&verkehrt, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("Zielwert ≤ Mindestwert"), "{e}");
        let fehlt = STANDARD_REGELN.replace("id = \"uebrige\"", "id = \"u25\"");
        let e = Regelwerk::aus_text(&fehlt, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("genau einmal"), "{e}");
        assert!(Regelwerk::aus_text("kaputt = [", "x.toml").is_err());
    }

    #[test]
    fn wrong_types_and_invalid_values_are_named_in_german_with_the_line() {
        // A text where a number belongs (serde: "invalid type") and a negative day count
        // (serde: "invalid value"): both the same German message, with the line.
        for ersetzt in ["zielwert = \"30\"", "zielwert = -30"] {
            let text = STANDARD_REGELN.replace("zielwert = 30", ersetzt);
            let zeile = text[..text.find(ersetzt).unwrap()].matches('\n').count() + 1;
            let e = Regelwerk::aus_text(&text, "x.toml")
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(&format!("Zeile {zeile}: Wert hat den falschen Typ")),
                "{ersetzt}: {e}"
            );
        }
    }
}

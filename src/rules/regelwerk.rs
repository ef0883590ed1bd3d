//! The rules file (SPEC §3 „The rules file“): one or more versions (`[[fassung]]`) of the
//! directive, each complete, each with the date it took effect. Embedded in the binary (the
//! SPEC's version 1.2, verbatim) so a run needs no extra file; `--rules` replaces it. Every
//! version is checked when the file is read — a mistake in a version no month applies yet
//! still stops the run, before any export is read.

use chrono::NaiveDate;
use serde::Deserialize;

use super::bedingung::Bedingung;
use super::fassung::{
    Ampel, Beratung, Darstellungsregel, Fassung, Gruppenregel, Planungsregel, Richtlinie,
    Termintreueregel, GRUPPEN_MAX,
};
use super::gruppen::pruefen;
use crate::error::{Ergebnis, Fehler};
use crate::ingest::dates::deutsch;
use crate::katalog::Kundengruppe;

/// The default rules, as shipped.
pub const STANDARD_REGELN: &str = include_str!("regeln.toml");

/// What `regeln --toml` prints before the rules text: how to write a rules file.
pub const VORLAGE_KOPF: &str = "\
# Regeldatei für beratungsreport (Vorlage). Anwenden mit: beratungsreport run --rules DATEI
# Prüfen gegen einen Export:  beratungsreport regeln --pruefen DATEI --input ORDNER --month JJJJ-MM
#
# Die Datei enthält eine oder mehrere Fassungen ([[fassung]]) der Richtlinie, jede vollständig.
# Ein Lauf wendet die Fassung an, die an seinem Stichtag gilt (das späteste in_kraft_ab, das nicht
# nach dem Stichtag liegt); jeder Monat des Verlaufs die seine. Für eine neue Fassung den ganzen
# Block [[fassung]] mit seinen Gruppen kopieren, version und in_kraft_ab ändern, anpassen.
#
# Kundengruppen ([[fassung.gruppe]]) stehen in der Reihenfolge ihres Vorrangs: jede Kund:in kommt
# in die erste Gruppe, deren bedingung zutrifft. Die letzte Gruppe hat keine bedingung und nimmt
# alle übrigen auf. id: Kleinbuchstaben, Ziffern, _ (erscheint in kennzahlen.csv und
# einzeldaten.csv); name: so erscheint die Gruppe in den Arbeitsmappen.
#
# bedingung: ein SQL-Ausdruck mit =, <>, <, <=, >, >=, IN (...), NOT IN (...), AND, OR, NOT,
# Klammern, Texten in '...' und Zahlen. Spalten:
#   alter                 vollendete Lebensjahre am Stichtag (Zahl)
#   fallmanagement        Ja/Nein aus kunden.csv (Wahrheitswert, allein verwendbar)
#   massnahmeteilnahme    Ja/Nein aus kunden.csv (Wahrheitswert)
#   kundenstatus_av, kundenstatus_bb, team, ifk, ... jede weitere Spalte von kunden.csv als Text,
#   benannt nach ihrem Spaltenkopf in Kleinbuchstaben, Leerzeichen als _, ä/ö/ü/ß als ae/oe/ue/ss
#   (z. B. „Profillage“ -> profillage). Texte werden ohne Rücksicht auf Groß-/Kleinschreibung
#   verglichen; eine leere Zelle ist ''. Beispiel:
#   bedingung = \"alter >= 25 AND profillage IN ('marktprofil', 'aktivierungsprofil')\"
#
# zielwert / mindestwert: Tage seit der letzten Beratung (0 < zielwert <= mindestwert).
#
# planung (optional, je Fassung): richtwert_gespraeche_woche – Gespräche je Woche einer IFK in
# Vollzeit (§ 3, Vorgabe 20); wochenstunden – Wochenarbeitszeit einer Vollzeitstelle (§ 2,
# Vorgabe 39).
#
# darstellung (optional, je Fassung): mindestfallzahl – Anteile, Quoten und Ampeln über weniger
# Fälle zeigen die Arbeitsmappen als „zu wenige Fälle (n = …)“ ohne Farbe (Vorgabe 5; 1 zeigt
# jeden Wert). Die CSV-Dateien enthalten immer jeden Wert.

";

/// The whole rules file: its versions, oldest first.
#[derive(Debug, Clone)]
pub struct Regelwerk {
    /// The versions by `in_kraft_ab`, ascending.
    pub fassungen: Vec<Fassung>,
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Datei {
    fassung: Vec<FassungText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FassungText {
    version: String,
    titel: String,
    #[serde(default)]
    aktenzeichen: String,
    #[serde(default)]
    herausgeber: String,
    in_kraft_ab: toml::value::Datetime,
    vermerktypen: Vec<String>,
    ampel: Ampel,
    #[serde(default)]
    termintreue: Termintreueregel,
    #[serde(default)]
    planung: Planungsregel,
    #[serde(default)]
    darstellung: Darstellungsregel,
    #[serde(default)]
    gruppe: Vec<GruppeText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GruppeText {
    id: String,
    name: String,
    #[serde(default)]
    bedingung: Option<String>,
    zielwert: u32,
    mindestwert: u32,
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
        let datei: Datei = toml::from_str(text).map_err(|e| {
            let mut grund = toml_text(&e, text);
            // The format before versions: say what changed instead of only "unknown key".
            if text.contains("[richtlinie]") || text.contains("[[gruppen]]") {
                grund.push_str(
                    " – die Datei hat das alte Format ohne [[fassung]]; eine Vorlage im neuen \
                     Format gibt `beratungsreport regeln --toml` aus",
                );
            }
            fehler(grund)
        })?;
        if datei.fassung.is_empty() {
            return Err(fehler("die Datei enthält keine [[fassung]]".into()));
        }
        let mut fassungen = Vec::with_capacity(datei.fassung.len());
        for f in datei.fassung {
            let version = f.version.clone();
            let f = fassung(f).map_err(|g| fehler(format!("Fassung {version}: {g}")))?;
            fassungen.push(f);
        }
        fassungen.sort_by_key(|f| f.richtlinie.in_kraft_ab);
        for paar in fassungen.windows(2) {
            let (a, b) = (&paar[0].richtlinie, &paar[1].richtlinie);
            if a.in_kraft_ab == b.in_kraft_ab {
                return Err(fehler(format!(
                    "die Fassungen {} und {} treten beide am {} in Kraft",
                    a.version,
                    b.version,
                    deutsch(a.in_kraft_ab)
                )));
            }
        }
        for (i, f) in fassungen.iter().enumerate() {
            let v = &f.richtlinie.version;
            if fassungen[..i].iter().any(|g| &g.richtlinie.version == v) {
                return Err(fehler(format!("die Version {v} kommt mehrfach vor")));
            }
        }
        Ok(Regelwerk { fassungen })
    }

    /// The version in force at `stichtag`: the latest `in_kraft_ab` ≤ it.
    pub fn in_kraft(&self, stichtag: NaiveDate) -> Option<&Fassung> {
        self.fassungen
            .iter()
            .rev()
            .find(|f| f.richtlinie.in_kraft_ab <= stichtag)
    }

    /// [`Self::in_kraft`], or the German reason why no version applies.
    pub fn in_kraft_oder_fehler(&self, stichtag: NaiveDate, quelle: &str) -> Ergebnis<&Fassung> {
        self.in_kraft(stichtag).ok_or_else(|| {
            let erste = &self.fassungen[0].richtlinie;
            Fehler::RegelnNichtAnwendbar {
                quelle: quelle.to_string(),
                grund: format!(
                    "am Stichtag {} ist keine Fassung in Kraft; die früheste, Version {}, gilt \
                     ab {}",
                    deutsch(stichtag),
                    erste.version,
                    deutsch(erste.in_kraft_ab)
                ),
            }
        })
    }
}

/// One version, checked; `Err` is the German reason (the caller names the version).
fn fassung(f: FassungText) -> Result<Fassung, String> {
    let in_kraft_ab = match (f.in_kraft_ab.date, f.in_kraft_ab.time) {
        (Some(d), None) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()),
        _ => None,
    }
    .ok_or_else(|| {
        format!(
            "in_kraft_ab „{}“ ist kein Datum (JJJJ-MM-TT)",
            f.in_kraft_ab
        )
    })?;
    if f.version.trim().is_empty() {
        return Err("version ist leer".into());
    }
    if f.vermerktypen.iter().all(|t| t.trim().is_empty()) {
        return Err("mindestens ein Vermerktyp muss als Beratung zählen".into());
    }
    termintreue_pruefen(&f.termintreue)?;
    planung_pruefen(&f.planung)?;
    darstellung_pruefen(&f.darstellung)?;
    ampel_pruefen(&f.ampel)?;
    let gruppen = gruppen(f.gruppe)?;
    let fassung = Fassung {
        richtlinie: Richtlinie {
            titel: f.titel,
            version: f.version,
            aktenzeichen: f.aktenzeichen,
            herausgeber: f.herausgeber,
            in_kraft_ab,
        },
        beratung: Beratung {
            vermerktypen: f.vermerktypen,
        },
        ampel: f.ampel,
        termintreue: f.termintreue,
        planung: f.planung,
        darstellung: f.darstellung,
        gruppen,
    };
    pruefen(&fassung).map_err(|(id, grund)| format!("Gruppe „{id}“: {grund}"))?;
    Ok(fassung)
}

/// The groups of a version: ids unique and usable in a CSV, intervals ordered, a condition on
/// every group but the last, which takes everyone else.
fn gruppen(texte: Vec<GruppeText>) -> Result<Vec<Gruppenregel>, String> {
    if texte.is_empty() {
        return Err("keine Kundengruppe ([[fassung.gruppe]]) angegeben".into());
    }
    if texte.len() > GRUPPEN_MAX {
        return Err(format!("höchstens {GRUPPEN_MAX} Kundengruppen"));
    }
    let letzte = texte.len() - 1;
    let mut gruppen: Vec<Gruppenregel> = Vec::with_capacity(texte.len());
    for (i, g) in texte.into_iter().enumerate() {
        let id = g.id.trim().to_string();
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(format!(
                "Gruppen-ID „{id}“: nur Kleinbuchstaben a–z, Ziffern und _ erlaubt"
            ));
        }
        if id == Kundengruppe::ALLE_ID {
            return Err(
                "die Gruppen-ID „alle“ ist vergeben (kennzahlen.csv: alle Kund:innen)".into(),
            );
        }
        if gruppen.iter().any(|x| x.id == id) {
            return Err(format!("die Gruppen-ID „{id}“ kommt mehrfach vor"));
        }
        if g.zielwert == 0 || g.mindestwert < g.zielwert {
            return Err(format!(
                "Gruppe „{id}“: erwartet wird 0 < Zielwert ≤ Mindestwert, gefunden Zielwert {} \
                 und Mindestwert {}",
                g.zielwert, g.mindestwert
            ));
        }
        let bedingung = match (&g.bedingung, i == letzte) {
            (Some(_), true) => {
                return Err(format!(
                    "die letzte Gruppe („{id}“) darf keine Bedingung haben: sie nimmt alle \
                     übrigen Kund:innen auf (eine Auffanggruppe fehlt)"
                ))
            }
            (None, false) => {
                return Err(format!(
                    "Gruppe „{id}“ hat keine Bedingung; nur die letzte Gruppe nimmt alle \
                     übrigen auf"
                ))
            }
            (Some(text), false) => {
                Some(Bedingung::lesen(text).map_err(|e| format!("Gruppe „{id}“: {e}"))?)
            }
            (None, true) => None,
        };
        gruppen.push(Gruppenregel {
            id,
            name: g.name,
            bedingung_text: g.bedingung,
            bedingung,
            zielwert: g.zielwert,
            mindestwert: g.mindestwert,
        });
    }
    Ok(gruppen)
}

fn planung_pruefen(p: &Planungsregel) -> Result<(), String> {
    // SPEC §5: bounds that keep every planning figure finite and meaningful (a Richtwert of
    // 5e-324 passed a `> 0` check and put „INF“ into the workbooks).
    for (name, wert, min, max) in [
        (
            "richtwert_gespraeche_woche",
            p.richtwert_gespraeche_woche,
            1.0,
            200.0,
        ),
        ("wochenstunden", p.wochenstunden, 1.0, 168.0),
    ] {
        if !(min..=max).contains(&wert) {
            return Err(format!(
                "planung: {name} muss zwischen {min} und {max} liegen, gefunden {wert}"
            ));
        }
    }
    Ok(())
}

fn darstellung_pruefen(d: &Darstellungsregel) -> Result<(), String> {
    // 0 would read as „show nothing“; a count above any unit's size hides every share.
    if !(1..=1000).contains(&d.mindestfallzahl) {
        return Err(format!(
            "darstellung: mindestfallzahl muss zwischen 1 und 1000 liegen, gefunden {}",
            d.mindestfallzahl
        ));
    }
    Ok(())
}

fn termintreue_pruefen(t: &Termintreueregel) -> Result<(), String> {
    if !super::termintreue::BUNDESLAENDER.contains(&t.bundesland.as_str()) {
        return Err(format!(
            "termintreue: unbekanntes Bundesland „{}“; erlaubt sind: {}",
            t.bundesland,
            super::termintreue::BUNDESLAENDER.join(", ")
        ));
    }
    if t.nachfass_arbeitstage > 20 {
        return Err(format!(
            "termintreue: nachfass_arbeitstage muss zwischen 0 und 20 liegen, gefunden {}",
            t.nachfass_arbeitstage
        ));
    }
    Ok(())
}

fn ampel_pruefen(a: &Ampel) -> Result<(), String> {
    if !(0.0..=1.0).contains(&a.rot_unter)
        || !(0.0..=1.0).contains(&a.gelb_unter)
        || a.rot_unter > a.gelb_unter
    {
        return Err(format!(
            "Ampel: erwartet wird 0 ≤ rot_unter ≤ gelb_unter ≤ 1, gefunden {} und {}",
            a.rot_unter, a.gelb_unter
        ));
    }
    Ok(())
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

    fn fehler(text: &str) -> String {
        Regelwerk::aus_text(text, "x.toml").unwrap_err().to_string()
    }

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
        let w = Regelwerk::standard();
        assert_eq!(w.fassungen.len(), 1);
        let r = &w.fassungen[0];
        // The ids and names are checked against SPEC's table in tests/regeln.rs.
        let werte: Vec<(u32, u32, bool)> = r
            .gruppen
            .iter()
            .map(|x| (x.zielwert, x.mindestwert, x.bedingung.is_some()))
            .collect();
        assert_eq!(
            werte,
            [
                (180, 180, true),
                (180, 180, true),
                (30, 60, true),
                (90, 180, true),
                (180, 180, false)
            ]
        );
        assert_eq!(r.richtlinie.version, "1.2");
        assert_eq!(
            r.richtlinie.in_kraft_ab,
            NaiveDate::from_ymd_opt(2022, 8, 1).unwrap()
        );
        assert_eq!(r.vermerktypen_normiert().len(), 3);
        assert_eq!(
            r.spalten(),
            [
                "fallmanagement",
                "alter",
                "massnahmeteilnahme",
                "kundenstatus_av",
                "kundenstatus_bb"
            ]
        );
    }

    #[test]
    fn follow_up_parameters_default_to_spec_and_are_checked() {
        let r = &Regelwerk::standard().fassungen[0];
        assert_eq!(r.termintreue.nachfass_arbeitstage, 1);
        assert_eq!(r.termintreue.bundesland, "HB");
        let zeile = "termintreue = { nachfass_arbeitstage = 1, bundesland = \"HB\" }";
        assert!(STANDARD_REGELN.contains(zeile));
        let mit = |ersatz: &str| {
            Regelwerk::aus_text(&STANDARD_REGELN.replace(zeile, ersatz), "t.toml")
                .map(|w| w.fassungen[0].termintreue.clone())
        };
        let t = mit("termintreue = { nachfass_arbeitstage = 2, bundesland = \"NW\" }").unwrap();
        assert_eq!((t.nachfass_arbeitstage, t.bundesland.as_str()), (2, "NW"));
        let t = mit("termintreue = { bundesland = \"BY\" }").unwrap();
        assert_eq!(t.nachfass_arbeitstage, 1);
        let t = mit("").unwrap();
        assert_eq!((t.nachfass_arbeitstage, t.bundesland.as_str()), (1, "HB"));
        let e = mit("termintreue = { bundesland = \"XX\" }")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unbekanntes Bundesland „XX“")
                && e.contains("t.toml")
                && e.contains("Fassung 1.2"),
            "{e}"
        );
        let e = mit("termintreue = { nachfass_arbeitstage = 21 }")
            .unwrap_err()
            .to_string();
        assert!(e.contains("zwischen 0 und 20"), "{e}");
        assert!(mit("termintreue = { nachfass_arbeitstage = 20 }").is_ok());
        assert!(mit("termintreue = { tage = 1 }").is_err(), "unknown key");
    }

    #[test]
    fn small_number_threshold_defaults_to_five_and_is_checked() {
        let zeile = "darstellung = { mindestfallzahl = 5 }";
        assert!(STANDARD_REGELN.contains(zeile));
        let mit = |ersatz: &str| {
            Regelwerk::aus_text(&STANDARD_REGELN.replace(zeile, ersatz), "t.toml")
                .map(|w| w.fassungen[0].darstellung.mindestfallzahl)
        };
        assert_eq!(mit("").unwrap(), 5);
        assert_eq!(mit("darstellung = { mindestfallzahl = 1 }").unwrap(), 1);
        assert_eq!(
            mit("darstellung = { mindestfallzahl = 1000 }").unwrap(),
            1000
        );
        for falsch in [
            "darstellung = { mindestfallzahl = 0 }",
            "darstellung = { mindestfallzahl = 1001 }",
            "darstellung = { mindestfallzahl = -1 }",
            "darstellung = { fallzahl = 5 }",
        ] {
            assert!(mit(falsch).is_err(), "{falsch}");
        }
        let d = super::super::fassung::Darstellungsregel { mindestfallzahl: 5 };
        assert!(!d.zeigbar(4) && d.zeigbar(5) && d.zeigbar(6));
    }

    #[test]
    fn planning_parameters_default_to_spec_and_are_checked() {
        // SPEC §3's default text holds the table; a file without it gets the same values.
        let zeile = "planung = { richtwert_gespraeche_woche = 20, wochenstunden = 39 }";
        assert!(STANDARD_REGELN.contains(zeile));
        let mit = |ersatz: &str| {
            Regelwerk::aus_text(&STANDARD_REGELN.replace(zeile, ersatz), "t.toml")
                .map(|w| w.fassungen[0].planung.clone())
        };
        let p = mit(zeile).unwrap();
        assert_eq!(
            (p.richtwert_gespraeche_woche, p.wochenstunden),
            (20.0, 39.0)
        );
        let p = mit("").unwrap();
        assert_eq!(
            (p.richtwert_gespraeche_woche, p.wochenstunden),
            (20.0, 39.0)
        );
        let p = mit("planung = { wochenstunden = 39.5 }").unwrap();
        assert_eq!(
            (p.richtwert_gespraeche_woche, p.wochenstunden),
            (20.0, 39.5)
        );
        let p = mit("planung = { richtwert_gespraeche_woche = 200, wochenstunden = 168 }").unwrap();
        assert_eq!(
            (p.richtwert_gespraeche_woche, p.wochenstunden),
            (200.0, 168.0)
        );
        let p = mit("planung = { richtwert_gespraeche_woche = 1, wochenstunden = 1 }").unwrap();
        assert_eq!((p.richtwert_gespraeche_woche, p.wochenstunden), (1.0, 1.0));
        for falsch in [
            "planung = { richtwert_gespraeche_woche = 0 }",
            "planung = { richtwert_gespraeche_woche = 5e-324 }",
            "planung = { richtwert_gespraeche_woche = 0.999 }",
            "planung = { richtwert_gespraeche_woche = 200.001 }",
            "planung = { richtwert_gespraeche_woche = inf }",
            "planung = { richtwert_gespraeche_woche = nan }",
            "planung = { wochenstunden = -1 }",
            "planung = { wochenstunden = 1e-300 }",
            "planung = { wochenstunden = 168.5 }",
        ] {
            let e = mit(falsch).unwrap_err().to_string();
            assert!(e.contains("planung:") && e.contains("Fassung 1.2"), "{e}");
        }
        assert!(mit("planung = { stunden = 39 }").is_err(), "unknown key");
    }

    #[test]
    fn bad_groups_are_refused_naming_version_and_group() {
        // Two groups with one id.
        let e = fehler(&STANDARD_REGELN.replace("id = \"massnahme\"", "id = \"uebrige\""));
        assert!(
            e.contains("Fassung 1.2")
                && e.contains("„uebrige“ kommt mehrfach vor")
                && e.contains("x.toml"),
            "{e}"
        );
        // A Mindestwert below its Zielwert.
        let e = fehler(&STANDARD_REGELN.replace(
            "zielwert = 30\nmindestwert = 60",
            "zielwert = 60\nmindestwert = 30",
        ));
        assert!(
            e.contains("Zielwert 60 und Mindestwert 30") && e.contains("Zielwert ≤ Mindestwert"),
            "{e}"
        );
        // No catch-all group: the last one has a condition.
        let ohne_auffang = STANDARD_REGELN.replace(
            "name = \"Übrige Kund:innen\"",
            "name = \"Übrige Kund:innen\"\nbedingung = \"alter > 0\"",
        );
        let e = fehler(&ohne_auffang);
        assert!(
            e.contains("letzte Gruppe („uebrige“)") && e.contains("Auffanggruppe fehlt"),
            "{e}"
        );
        // A condition missing before the last group.
        let e = fehler(&STANDARD_REGELN.replace("bedingung = \"massnahmeteilnahme\"\n", ""));
        assert!(e.contains("Gruppe „massnahme“ hat keine Bedingung"), "{e}");
        // A syntax error.
        let e = fehler(&STANDARD_REGELN.replace(
            "bedingung = \"massnahmeteilnahme\"",
            "bedingung = \"massnahmeteilnahme AND\"",
        ));
        assert!(
            e.contains("Fassung 1.2: Gruppe „massnahme“: Syntaxfehler"),
            "{e}"
        );
        // An id unusable in a CSV column.
        let e = fehler(&STANDARD_REGELN.replace("id = \"massnahme\"", "id = \"alle\""));
        assert!(e.contains("„alle“ ist vergeben"), "{e}");
        let e = fehler(&STANDARD_REGELN.replace("id = \"massnahme\"", "id = \"Maß nahme\""));
        assert!(e.contains("Gruppen-ID „Maß nahme“"), "{e}");
        assert!(Regelwerk::aus_text("kaputt = [", "x.toml").is_err());
    }

    /// The embedded version 1.2 and a version 2.0 from 2026-01-01 that only changes the U25
    /// Zielwert.
    pub(crate) fn zwei_fassungen() -> String {
        let neu = STANDARD_REGELN
            .replace("version = \"1.2\"", "version = \"2.0\"")
            .replace("in_kraft_ab = 2022-08-01", "in_kraft_ab = 2026-01-01")
            .replace("zielwert = 30", "zielwert = 45");
        format!("{neu}\n{STANDARD_REGELN}")
    }

    #[test]
    fn the_version_in_force_is_the_latest_that_took_effect_by_the_stichtag() {
        let w = Regelwerk::aus_text(&zwei_fassungen(), "x.toml").unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Sorted by date whatever the order in the file.
        assert_eq!(w.fassungen[0].richtlinie.version, "1.2");
        let v = |s: &str| w.in_kraft(d(s)).map(|f| f.richtlinie.version.as_str());
        assert_eq!(v("2025-12-31"), Some("1.2"));
        assert_eq!(v("2026-01-01"), Some("2.0"));
        assert_eq!(v("2022-08-01"), Some("1.2"));
        assert_eq!(v("2022-07-31"), None);
        let e = w
            .in_kraft_oder_fehler(d("2022-07-31"), "x.toml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("am Stichtag 31.07.2022 ist keine Fassung in Kraft")
                && e.contains("Version 1.2, gilt ab 01.08.2022"),
            "{e}"
        );
        let doppelt =
            zwei_fassungen().replace("in_kraft_ab = 2026-01-01", "in_kraft_ab = 2022-08-01");
        assert!(fehler(&doppelt).contains("treten beide am 01.08.2022 in Kraft"));
        let gleich = zwei_fassungen().replace("version = \"2.0\"", "version = \"1.2\"");
        assert!(fehler(&gleich).contains("die Version 1.2 kommt mehrfach vor"));
    }

    #[test]
    fn a_syntax_error_in_a_version_no_month_applies_still_stops() {
        let text = zwei_fassungen().replacen(
            "bedingung = \"massnahmeteilnahme\"",
            "bedingung = \"massnahmeteilnahme (\"",
            1,
        );
        let e = fehler(&text);
        assert!(
            e.contains("Fassung 2.0: Gruppe „massnahme“: Syntaxfehler"),
            "{e}"
        );
    }

    #[test]
    fn the_old_format_gets_a_hint() {
        let e = fehler("[richtlinie]\ntitel = \"x\"\n");
        assert!(
            e.contains("alte Format") && e.contains("regeln --toml"),
            "{e}"
        );
        assert!(fehler("").contains("„fassung“ fehlt"));
    }

    #[test]
    fn the_template_is_valid_and_equals_the_default() {
        let w = Regelwerk::aus_text(&format!("{VORLAGE_KOPF}{STANDARD_REGELN}"), "v").unwrap();
        // Every field of the version, the groups' conditions in their canonical form included.
        let json = |f: &Fassung| serde_json::to_value(f).unwrap();
        let bedingungen = |f: &Fassung| {
            let g = f.gruppen.iter();
            g.map(|g| g.bedingung.as_ref().map(|b| b.sql.clone()))
                .collect::<Vec<_>>()
        };
        let standard = Regelwerk::standard();
        assert_eq!(json(&w.fassungen[0]), json(&standard.fassungen[0]));
        assert_eq!(
            bedingungen(&w.fassungen[0]),
            bedingungen(&standard.fassungen[0])
        );
    }

    #[test]
    fn wrong_types_and_invalid_values_are_named_in_german_with_the_line() {
        // A text where a number belongs (serde: "invalid type") and a negative day count
        // (serde: "invalid value"): both the same German message, with the line.
        for ersetzt in ["zielwert = \"30\"", "zielwert = -30"] {
            let text = STANDARD_REGELN.replace("zielwert = 30", ersetzt);
            let zeile = text[..text.find(ersetzt).unwrap()].matches('\n').count() + 1;
            let e = fehler(&text);
            assert!(
                e.contains(&format!("Zeile {zeile}: Wert hat den falschen Typ")),
                "{ersetzt}: {e}"
            );
        }
    }
}

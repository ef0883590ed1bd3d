//! Age and customer group (SPEC §3). The groups are data: each version of the rules file lists
//! them in precedence order with a condition in SQL syntax ([`super::bedingung`]).
//!
//! Cost: a region's stock is hundreds of thousands of customers, but the columns a condition
//! can name take few distinct values (ages, flags, a handful of statuses). The conditions are
//! therefore evaluated once per distinct combination of the named values, not per customer,
//! and the result is mapped back.

use std::collections::HashMap;

/// Keys are short and few: a fast hash, not SipHash (the default hasher made the group step
/// 0.061 s on 80,000 customers).
type Tabelle<K> = HashMap<K, u32, foldhash::fast::RandomState>;

use chrono::{Datelike, NaiveDate};

use super::bedingung::{Typ, Wert};
use super::fassung::{Fassung, Gruppe};
use crate::ingest::kunden::Kunde;

/// Completed years at `stichtag` (§§ 187(2), 188 BGB as SPEC §3 fixes it): the year
/// difference, minus one if the Stichtag's (month, day) is before the birthday's. Someone born
/// on 29 February is a year older on 1 March in non-leap years.
pub fn alter(geburt: NaiveDate, stichtag: NaiveDate) -> i32 {
    let jahre = stichtag.year() - geburt.year();
    if (stichtag.month(), stichtag.day()) < (geburt.month(), geburt.day()) {
        jahre - 1
    } else {
        jahre
    }
}

/// Where a condition's column takes its value from.
#[derive(Debug, Clone, Copy)]
enum Merkmal {
    Alter,
    Flag(fn(&Kunde) -> bool),
    Text(fn(&Kunde) -> &str),
    Datum(fn(&Kunde) -> Option<NaiveDate>),
    /// A site's own column: position in [`Kunde::zusatz`].
    Zusatz(usize),
}

/// The columns of `kunden.csv` the contract knows, by their name in a condition. Flags are
/// booleans, `alter` a number, everything else text (dates as `JJJJ-MM-TT`).
fn vertragsspalte(name: &str) -> Option<Merkmal> {
    Some(match name {
        "alter" => Merkmal::Alter,
        "fallmanagement" => Merkmal::Flag(|k| k.fallmanagement),
        "massnahmeteilnahme" => Merkmal::Flag(|k| k.massnahme),
        "vollzeitschulpflicht" => Merkmal::Flag(|k| k.vollzeitschulpflicht),
        "sperrkennzeichen" => Merkmal::Flag(|k| k.sperrkennzeichen),
        "kundennummer" => Merkmal::Text(|k| &k.kundennummer),
        "kundenstatus_av" => Merkmal::Text(|k| &k.status_av),
        "kundenstatus_bb" => Merkmal::Text(|k| &k.status_bb),
        "team" => Merkmal::Text(|k| &k.team),
        "ifk" => Merkmal::Text(|k| &k.ifk),
        "geburtsdatum" => Merkmal::Datum(|k| Some(k.geburtsdatum)),
        "zugangsdatum" => Merkmal::Datum(|k| Some(k.zugang)),
        "abgangsdatum" => Merkmal::Datum(|k| k.abgang),
        _ => return None,
    })
}

/// Whether `name` is a column of this contract (always known; else a site's own column).
pub fn ist_vertragsspalte(name: &str) -> bool {
    vertragsspalte(name).is_some()
}

/// The site's own columns a version's conditions name, in order: the columns
/// [`crate::ingest::kunden::kunden_lesen`] keeps in [`Kunde::zusatz`].
pub fn zusatzspalten(f: &Fassung) -> Vec<String> {
    f.spalten()
        .into_iter()
        .filter(|s| !ist_vertragsspalte(s))
        .map(String::from)
        .collect()
}

fn merkmale(f: &Fassung) -> Vec<(String, Merkmal)> {
    let mut zusatz = 0;
    f.spalten()
        .into_iter()
        .map(|s| {
            let m = vertragsspalte(s).unwrap_or_else(|| {
                zusatz += 1;
                Merkmal::Zusatz(zusatz - 1)
            });
            (s.to_string(), m)
        })
        .collect()
}

/// The group of each customer of `kunden` at `stichtag`, under version `f`.
pub fn gruppen_zuordnen(f: &Fassung, kunden: &[Kunde], stichtag: NaiveDate) -> Vec<Gruppe> {
    let merkmale = merkmale(f);
    if kunden.is_empty() {
        return Vec::new();
    }
    // Codes per column: an age or flag is its own code, a text is numbered by its trimmed
    // spelling (spellings differing in case get two codes and the same lower-cased value).
    let mut texte: Vec<Tabelle<&str>> = vec![Tabelle::default(); merkmale.len()];
    let mut kombinationen: Tabelle<Vec<u32>> = Tabelle::default();
    let mut vertreter: Vec<(usize, i32)> = Vec::new();
    let mut nummer = Vec::with_capacity(kunden.len());
    let mut schluessel = vec![0u32; merkmale.len()];
    for (i, k) in kunden.iter().enumerate() {
        let jahre = alter(k.geburtsdatum, stichtag);
        for (j, (_, m)) in merkmale.iter().enumerate() {
            schluessel[j] = match m {
                Merkmal::Alter => jahre as u32,
                Merkmal::Flag(f) => u32::from(f(k)),
                Merkmal::Datum(d) => d(k).map_or(0, |d| d.num_days_from_ce() as u32),
                Merkmal::Text(t) => code(&mut texte[j], t(k).trim()),
                Merkmal::Zusatz(z) => code(&mut texte[j], k.zusatz[*z].trim()),
            };
        }
        let n = match kombinationen.get(schluessel.as_slice()) {
            Some(n) => *n,
            None => {
                let n = vertreter.len() as u32;
                kombinationen.insert(schluessel.clone(), n);
                vertreter.push((i, jahre));
                n
            }
        };
        nummer.push(n);
    }
    // The values of each combination, texts trimmed and lower-cased once.
    let werte: Vec<Vec<Besitz>> = vertreter
        .iter()
        .map(|&(i, jahre)| {
            merkmale
                .iter()
                .map(|(_, m)| wert(*m, &kunden[i], jahre))
                .collect()
        })
        .collect();
    let je_kombination: Vec<Gruppe> = werte.iter().map(|w| gruppe_von(f, &merkmale, w)).collect();
    nummer
        .into_iter()
        .map(|n| je_kombination[n as usize])
        .collect()
}

/// A value with its text owned (lower-cased).
enum Besitz {
    Zahl(f64),
    Wahrheitswert(bool),
    Text(String),
}

fn wert(m: Merkmal, k: &Kunde, jahre: i32) -> Besitz {
    match m {
        Merkmal::Alter => Besitz::Zahl(f64::from(jahre)),
        Merkmal::Flag(f) => Besitz::Wahrheitswert(f(k)),
        Merkmal::Datum(d) => Besitz::Text(
            d(k).map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
        Merkmal::Text(t) => Besitz::Text(t(k).trim().to_lowercase()),
        Merkmal::Zusatz(z) => Besitz::Text(k.zusatz[z].trim().to_lowercase()),
    }
}

/// The first group whose condition holds for one combination of values (`werte[j]` is the
/// value of `merkmale[j]`); the last group otherwise.
fn gruppe_von(f: &Fassung, merkmale: &[(String, Merkmal)], werte: &[Besitz]) -> Gruppe {
    let letzte = f.gruppen.len() - 1;
    for (i, g) in f.gruppen.iter().enumerate().take(letzte) {
        let b = g
            .bedingung
            .as_ref()
            .expect("checked: all but the last have one");
        let eigene: Vec<Wert<'_>> = b
            .spalten
            .iter()
            .map(|s| {
                let j = merkmale
                    .iter()
                    .position(|(n, _)| n == s)
                    .expect("named by f");
                match &werte[j] {
                    Besitz::Zahl(z) => Wert::Zahl(*z),
                    Besitz::Wahrheitswert(w) => Wert::Wahrheitswert(*w),
                    Besitz::Text(t) => Wert::Text(t),
                }
            })
            .collect();
        if b.gilt(&eigene) {
            return Gruppe::new(i);
        }
    }
    Gruppe::new(letzte)
}

fn code<'a>(codes: &mut Tabelle<&'a str>, wert: &'a str) -> u32 {
    let n = codes.len() as u32;
    *codes.entry(wert).or_insert(n)
}

/// The type a condition sees for column `name`.
fn typ(name: &str) -> Typ {
    match vertragsspalte(name) {
        Some(Merkmal::Alter) => Typ::Zahl,
        Some(Merkmal::Flag(_)) => Typ::Wahrheitswert,
        _ => Typ::Text,
    }
}

/// Checks that each condition of `f` is a truth value over columns of the types a customer has
/// (a number compared with a text, say, fails here, when the rules are read, not in the middle
/// of a run). `Err` names the group.
pub fn pruefen(f: &Fassung) -> Result<(), (String, String)> {
    for g in &f.gruppen {
        if let Some(b) = &g.bedingung {
            b.typen_pruefen(&typ).map_err(|e| (g.id.clone(), e))?;
        }
    }
    Ok(())
}
#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(crate) fn kunde(geburt: &str) -> Kunde {
        Kunde::probe(d(geburt))
    }

    #[test]
    fn age_turns_on_the_birthday_not_the_day_before() {
        assert_eq!(alter(d("2001-03-15"), d("2026-03-14")), 24);
        assert_eq!(alter(d("2001-03-15"), d("2026-03-15")), 25);
        assert_eq!(alter(d("2001-03-15"), d("2026-12-31")), 25);
        assert_eq!(alter(d("2000-12-31"), d("2025-12-31")), 25);
        assert_eq!(alter(d("2001-01-01"), d("2025-12-31")), 24);
    }

    #[test]
    fn born_on_29_february() {
        // Non-leap year: still 24 on 28 February, 25 on 1 March.
        assert_eq!(alter(d("2000-02-29"), d("2025-02-28")), 24);
        assert_eq!(alter(d("2000-02-29"), d("2025-03-01")), 25);
        // Leap year: 24 on the 29th itself.
        assert_eq!(alter(d("2000-02-29"), d("2024-02-28")), 23);
        assert_eq!(alter(d("2000-02-29"), d("2024-02-29")), 24);
    }

    /// The groups of the embedded rules (version 1.2, SPEC §3's table) by position.
    const FM_UE25: Gruppe = Gruppe::new_const(0);
    const MASSNAHME: Gruppe = Gruppe::new_const(1);
    const U25: Gruppe = Gruppe::new_const(2);
    const UE25_ARBEITSLOS: Gruppe = Gruppe::new_const(3);
    const UEBRIGE: Gruppe = Gruppe::new_const(4);

    fn standard() -> Fassung {
        crate::rules::Regelwerk::standard().fassungen[0].clone()
    }

    /// The group of one customer at the Stichtag `st` under the embedded rules.
    fn gruppe_am(k: &Kunde, st: &str) -> Gruppe {
        gruppen_zuordnen(&standard(), std::slice::from_ref(k), d(st))[0]
    }

    /// A customer born on `geburt` who is `jahre` old on 2026-01-31.
    fn alt(k: &Kunde, jahre: i32) -> Gruppe {
        let mut k = k.clone();
        k.geburtsdatum = d(&format!("{}-01-01", 2026 - jahre));
        gruppe_am(&k, "2026-01-31")
    }

    #[test]
    fn group_precedence() {
        let mut k = kunde("1990-01-01");
        k.status_av = "Arbeitslos".into();
        k.fallmanagement = true;
        k.massnahme = true;
        assert_eq!(gruppe_am(&k, "2026-01-31"), FM_UE25);
        k.fallmanagement = false;
        assert_eq!(alt(&k, 36), MASSNAHME);
        k.massnahme = false;
        assert_eq!(alt(&k, 36), UE25_ARBEITSLOS);
        assert_eq!(alt(&k, 24), U25);
        // FM under 25 is not FM Ü25: falls through to the age/status rules.
        k.fallmanagement = true;
        assert_eq!(alt(&k, 24), U25);
        k.status_av = "Arbeitsuchend".into();
        assert_eq!(alt(&k, 24), UEBRIGE);
        k.fallmanagement = false;
        assert_eq!(alt(&k, 30), UEBRIGE);
    }

    #[test]
    fn status_values_trimmed_case_insensitive_both_spellings() {
        let mut k = kunde("2005-01-01");
        k.status_av = "  ARBEITSLOS ".into();
        assert_eq!(alt(&k, 21), U25);
        k.status_av = "Arbeitsuchend".into();
        k.status_bb = "ausbildungssuchend".into();
        assert_eq!(alt(&k, 21), U25);
        k.status_bb = " Ausbildungsuchend".into();
        assert_eq!(alt(&k, 21), U25);
        // Training-seeking counts only under 25.
        assert_eq!(alt(&k, 25), UEBRIGE);
    }

    #[test]
    fn group_changes_exactly_on_the_25th_birthday() {
        let mut k = kunde("2001-01-31");
        k.status_av = "Arbeitslos".into();
        assert_eq!(gruppe_am(&k, "2026-01-30"), U25);
        assert_eq!(gruppe_am(&k, "2026-01-31"), UE25_ARBEITSLOS);
    }

    /// A version with the given groups (conditions; the last one none).
    fn fassung_mit(gruppen: &[(&str, Option<&str>)]) -> Fassung {
        let mut text = STANDARD
            .split("[[fassung.gruppe]]")
            .next()
            .unwrap()
            .to_string();
        for (id, b) in gruppen {
            text.push_str(&format!(
                "[[fassung.gruppe]]\nid = \"{id}\"\nname = \"{id}\"\nzielwert = 30\nmindestwert = 60\n"
            ));
            if let Some(b) = b {
                text.push_str(&format!("bedingung = \"{b}\"\n"));
            }
        }
        crate::rules::Regelwerk::aus_text(&text, "t")
            .unwrap()
            .fassungen[0]
            .clone()
    }

    use crate::rules::regelwerk::STANDARD_REGELN as STANDARD;

    #[test]
    fn many_customers_one_evaluation_per_combination_same_result_as_one_by_one() {
        // 600 customers over 12 combinations of (age band, status, site column): evaluated
        // once per combination, mapped back to each customer.
        let f = fassung_mit(&[
            ("a", Some("alter < 25 AND profillage = 'Marktprofil'")),
            (
                "b",
                Some("profillage IN ('förderprofil', 'x') OR kundenstatus_av = 'arbeitslos'"),
            ),
            ("c", None),
        ]);
        assert_eq!(zusatzspalten(&f), ["profillage"]);
        let profile = ["MARKTPROFIL", " Förderprofil ", ""];
        let kunden: Vec<Kunde> = (0..600)
            .map(|i| {
                let mut k = kunde(if i % 2 == 0 {
                    "2005-06-01"
                } else {
                    "1980-06-01"
                });
                k.status_av = if i % 4 < 2 { "Arbeitslos" } else { "" }.into();
                k.zusatz = vec![profile[i % 3].into()];
                k
            })
            .collect();
        let st = d("2026-01-31");
        let alle = gruppen_zuordnen(&f, &kunden, st);
        for (k, g) in kunden.iter().zip(&alle) {
            let einzeln = gruppen_zuordnen(&f, std::slice::from_ref(k), st)[0];
            assert_eq!(*g, einzeln);
            // The rule by hand.
            let jung = k.geburtsdatum.year() == 2005;
            let p = k.zusatz[0].trim().to_lowercase();
            let erwartet = if jung && p == "marktprofil" {
                0
            } else if p == "förderprofil" || k.status_av == "Arbeitslos" {
                1
            } else {
                2
            };
            assert_eq!(g.index(), erwartet, "{k:?}");
        }
    }

    #[test]
    fn conditions_of_the_wrong_type_are_refused_when_read() {
        for (b, erwartet) in [
            ("alter + 0", "Operator"),
            ("alter = 'alt'", "lässt sich nicht mit"),
            ("team", "keinen Wahrheitswert"),
        ] {
            let mut text = STANDARD.to_string();
            text = text.replace(
                "bedingung = \"massnahmeteilnahme\"",
                &format!("bedingung = \"{b}\""),
            );
            let e = crate::rules::Regelwerk::aus_text(&text, "t.toml")
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("Fassung 1.2")
                    && e.contains("Gruppe „massnahme“")
                    && e.contains(erwartet),
                "{b}: {e}"
            );
        }
    }
}

//! The customer stocks of the twelve months before the report month, as the trend needs them:
//! the population at each month's Stichtag with entry date, group limits and unit — computed
//! by the same rules as the report month ([`crate::rules`]) from that month's `kunden.csv` and
//! `organisation.csv`.
//!
//! Every run reads them again from the exports: a stock kept from an earlier run could be
//! stale the day a file is corrected in place.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::bestand::auswertungsbestand;
use crate::ingest::abweisungen::{ueberwiegend_abgewiesen, Abweisungen};
use crate::ingest::folders::Monat;
use crate::ingest::kennung::Nummernliste;
use crate::ingest::kunden::kunden_lesen;
use crate::ingest::organisation::organisation_lesen;
use crate::ingest::quelle::Quelle;
use crate::ingest::spalten::Spaltennamen;
use crate::ingest::{Abweisung, Eingabedatei};
use crate::rules::gruppen::{gruppen_zuordnen, zusatzspalten};
use crate::rules::{Fassung, Regelwerk};

/// One month's population reduced to what the trend needs, column by column, sorted by
/// Kundennummer in byte order (as the report month's population is: the two are matched by
/// merging, not by a hash lookup per customer).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Monatsbestand {
    /// The month's Stichtag (its last day).
    pub stichtag: NaiveDate,
    /// The version of the directive in force at it (each trend month applies its own).
    pub fassung: String,
    /// Units of the month: (team, Geschäftsstelle), as [`crate::rules::zuordnung::einheit_zuordnen`] gives them.
    pub einheiten: Vec<(String, String)>,
    /// Kundennummern.
    pub kunden: Nummernliste,
    /// Entry date, days since 01.01.0001.
    pub zugang: Vec<i32>,
    /// Index into `einheiten`.
    pub einheit: Vec<u32>,
    /// Zielwert of the customer's group.
    pub zielwert: Vec<u32>,
    /// Mindestwert of the customer's group.
    pub mindestwert: Vec<u32>,
    /// Record entries of `organisation.csv` and `kunden.csv`.
    pub dateien: Vec<Eingabedatei>,
}

impl Monatsbestand {
    /// Kundennummer of customer `i`.
    pub fn kunde(&self, i: usize) -> &str {
        self.kunden.get(i)
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.kunden.len()
    }

    /// No customers.
    pub fn is_empty(&self) -> bool {
        self.kunden.is_empty()
    }
}

/// The stock of month `m` from folder `ordner`. `Err` says in German why the month cannot
/// be part of the trend (a missing or unreadable file, no version of the rules in force, a
/// site column its version's conditions name missing from its `kunden.csv`).
pub fn monatsbestand(
    ordner: &Path,
    m: Monat,
    werk: &Regelwerk,
    spalten: &Spaltennamen,
) -> Result<Monatsbestand, String> {
    let s = m.letzter_tag();
    let finden = |name: &str| match Quelle::finden(ordner, m, name, spalten) {
        Ok(Some(q)) => Ok(q),
        Ok(None) => Err(format!("{m}/{name}.csv fehlt")),
        Err(e) => Err(e.to_string()),
    };
    let fassung = werk.in_kraft(s).ok_or_else(|| {
        format!(
            "am Stichtag {} ist keine Fassung der Regeln in Kraft",
            crate::ingest::dates::deutsch(s)
        )
    })?;
    let (kunden, org) = (finden("kunden")?, finden("organisation")?);
    parsen(&kunden, &org, s, fassung)
}

fn parsen(
    kunden: &Quelle,
    org: &Quelle,
    s: NaiveDate,
    fassung: &Fassung,
) -> Result<Monatsbestand, String> {
    let text = |e: crate::error::Fehler| e.to_string();
    let (org, org_datei) = organisation_lesen(org).map_err(text)?;
    let kd = kunden_lesen(kunden, s, &zusatzspalten(fassung)).map_err(text)?;
    meist_abgewiesen(&kd.datei, kd.abweisungen)?;
    if let Some(spalte) = kd.fehlende_zusatzspalten.first() {
        return Err(format!(
            "{} fehlt die Spalte „{spalte}“, die eine Bedingung der Fassung {} nennt",
            kd.datei.pfad, fassung.richtlinie.version
        ));
    }
    let mut b = Monatsbestand {
        stichtag: s,
        fassung: fassung.richtlinie.version.clone(),
        dateien: vec![org_datei, kd.datei],
        ..Default::default()
    };
    // The reconciliation of an earlier month belongs to that month's own run.
    let bestand = auswertungsbestand(kd.kunden, s, &mut Default::default());
    // Units are few: one lookup per distinct team code, not per customer.
    let mut einheit_von: std::collections::HashMap<String, u32, foldhash::fast::RandomState> =
        Default::default();
    let gruppen = gruppen_zuordnen(fassung, &bestand, s);
    for (k, g) in bestand.iter().zip(gruppen) {
        let r = fassung.gruppe(g);
        let e = match einheit_von.get(k.team.as_str()) {
            Some(e) => *e,
            None => {
                let e = b.einheiten.len() as u32;
                b.einheiten
                    .push(crate::rules::zuordnung::einheit_zuordnen(&k.team, &org));
                einheit_von.insert(k.team.to_string(), e);
                e
            }
        };
        b.kunden.push(&k.kundennummer);
        b.zugang.push(k.zugang.num_days_from_ce());
        b.einheit.push(e);
        b.zielwert.push(r.zielwert);
        b.mindestwert.push(r.mindestwert);
    }
    Ok(b)
}

/// SPEC §5 for a folder besides M: a `kunden.csv` with most rows rejected is no basis for the
/// figures that need it (they stay empty) — `Err` names the file and its most frequent reason.
fn meist_abgewiesen(datei: &Eingabedatei, abweisungen: Vec<Abweisung>) -> Result<(), String> {
    let (zeilen, abgewiesen) = (datei.zeilen, abweisungen.len() as u64);
    if !ueberwiegend_abgewiesen(abgewiesen, zeilen) {
        return Ok(());
    }
    let mut alle = Abweisungen::default();
    for a in abweisungen {
        alle.hinzu(a);
    }
    let h = alle
        .haeufigster_grund(&datei.pfad)
        .expect("most rows were rejected");
    Err(format!(
        "{}: {abgewiesen} von {zeilen} Zeilen abgewiesen – mehr als die Hälfte. Häufigster Grund \
         ({}-mal, zuerst in Zeile {}): {}",
        datei.pfad,
        h.anzahl,
        h.zeile,
        crate::error::kurz(&h.grund, 200)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_stock_has_the_population_in_byte_order() {
        let dir = tempfile::tempdir().unwrap();
        let m = Monat::lesen("2025-02").unwrap();
        let ordner = dir.path().join("2025-02");
        std::fs::create_dir_all(&ordner).unwrap();
        std::fs::write(
            ordner.join("organisation.csv"),
            "Team;Geschäftsstelle\n1;Nord\n2;Süd\n",
        )
        .unwrap();
        std::fs::write(
            ordner.join("kunden.csv"),
            "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Abgangsdatum;Team\n\
             A;01.03.2001;Arbeitslos;01.01.2024;;1\n\
             B;01.01.1970;Arbeitslos;01.01.2024;15.02.2025;2\n\
             C;01.01.1970;Arbeitsuchend;01.03.2025;;2\n\
             D;kaputt;Arbeitslos;01.01.2024;;2\n\
             Ä;01.01.1970;Arbeitslos;02.01.2024;;9\n",
        )
        .unwrap();
        let r = Regelwerk::standard();
        let frisch = monatsbestand(&ordner, m, &r, &Default::default()).unwrap();
        // B left, C not yet entered, D rejected: A (U25, 23 at 28.02.2025) and Ä (unknown team),
        // in byte order.
        assert_eq!((frisch.kunde(0), frisch.kunde(1)), ("A", "Ä"));
        assert_eq!(frisch.len(), 2);
        assert_eq!((frisch.zielwert[0], frisch.mindestwert[0]), (30, 60));
        assert_eq!(
            frisch.einheiten,
            [
                ("1".to_string(), "Nord".to_string()),
                (
                    "9".to_string(),
                    crate::bestand::NICHT_ZUGEORDNET.to_string()
                )
            ]
        );
        assert_eq!(frisch.dateien[1].zeilen, 5);
        std::fs::remove_file(ordner.join("kunden.csv")).unwrap();
        assert!(monatsbestand(&ordner, m, &r, &Default::default())
            .unwrap_err()
            .contains("kunden.csv fehlt"));
    }
}

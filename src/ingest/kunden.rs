//! `kunden.csv`: the customer stock at the end of the month (SPEC §2).
//!
//! Produces one validated [`Kunde`] per valid row; every other row becomes an [`Abweisung`]
//! with the reason in German (SPEC §5). Whether a valid customer is *in the population* is a
//! rule, decided in [`crate::rules`], not here.

use chrono::NaiveDate;

use super::dates::{datum_lesen, deutsch};
use super::kennung;
use super::quelle::Quelle;
use super::strom::{strom_lesen, zeilen_holen};
use super::table::{position, Spalte, Zeile};
use super::{flag_lesen, Abweisung, Eingabedatei, Text, WERT_MAX};
use crate::error::Ergebnis;

/// A customer row that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kunde {
    /// Customer id, trimmed.
    pub kundennummer: Text,
    /// Date of birth.
    pub geburtsdatum: NaiveDate,
    /// Kundenstatus AV as exported (trimmed).
    pub status_av: Text,
    /// Kundenstatus BB as exported (trimmed, may be empty).
    pub status_bb: Text,
    /// Entry into the stock.
    pub zugang: NaiveDate,
    /// Deregistration, if any.
    pub abgang: Option<NaiveDate>,
    /// In case management.
    pub fallmanagement: bool,
    /// In a measure at the end of the month.
    pub massnahme: bool,
    /// Subject to full-time compulsory schooling.
    pub vollzeitschulpflicht: bool,
    /// Record blocked.
    pub sperrkennzeichen: bool,
    /// Team code (may be empty).
    pub team: Text,
    /// Responsible Integrationsfachkraft (may be empty).
    pub ifk: Text,
    /// Line in `kunden.csv`, for tracing a figure back to its row.
    pub zeile: u64,
    /// The site's own columns the rules' conditions name, as exported (trimmed), in the order
    /// asked for (empty when the conditions name none: the default rules).
    pub zusatz: Vec<Box<str>>,
}

/// The one place tests build a customer record: a new field is added here and in the reader.
#[cfg(test)]
impl Kunde {
    /// Customer „K1“ born on `geburtsdatum`, entered 01.01.2020, of team „T1“, no IFK, every
    /// status empty and every flag „Nein“, from line 2.
    pub(crate) fn probe(geburtsdatum: NaiveDate) -> Kunde {
        Kunde {
            kundennummer: "K1".into(),
            geburtsdatum,
            status_av: Text::default(),
            status_bb: Text::default(),
            zugang: NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date"),
            abgang: None,
            fallmanagement: false,
            massnahme: false,
            vollzeitschulpflicht: false,
            sperrkennzeichen: false,
            team: "T1".into(),
            ifk: Text::default(),
            zeile: 2,
            zusatz: Vec::new(),
        }
    }
}

/// What `kunden.csv` yielded.
#[derive(Debug)]
pub struct Kundendatei {
    /// Valid customers, each Kundennummer once, sorted by it (byte order).
    pub kunden: Vec<Kunde>,
    /// Rejected rows.
    pub abweisungen: Vec<Abweisung>,
    /// The file's record entry (path, hash, row count).
    pub datei: Eingabedatei,
    /// Site columns asked for that the header lacks (the caller names the rule needing them).
    pub fehlende_zusatzspalten: Vec<String>,
}

pub const SPALTEN: &[Spalte] = &[
    Spalte::pflicht("Kundennummer"),
    Spalte::pflicht("Geburtsdatum"),
    Spalte::pflicht("Kundenstatus AV"),
    Spalte::optional(
        "Kundenstatus BB",
        "der Kundenstatus BB ist für alle leer (niemand gilt als ausbildungsuchend)",
    ),
    Spalte::pflicht("Zugangsdatum"),
    Spalte::optional(
        "Abgangsdatum",
        "abgemeldete Kund:innen bleiben im Auswertungsbestand",
    ),
    Spalte::optional(
        "Fallmanagement",
        "niemand gilt als im Fallmanagement betreut",
    ),
    Spalte::optional(
        "Maßnahmeteilnahme",
        "niemand gilt als Maßnahmeteilnehmer:in",
    ),
    Spalte::optional(
        "Vollzeitschulpflicht",
        "vollzeitschulpflichtige Kund:innen bleiben im Auswertungsbestand",
    ),
    Spalte::optional(
        "Sperrkennzeichen",
        "gesperrte Datensätze bleiben im Auswertungsbestand",
    ),
    Spalte::pflicht("Team"),
    Spalte::optional("IFK", "Einzeldaten und Arbeitslisten ohne IFK"),
];

// Field positions by name (checked at compile time against `SPALTEN`).
const KUNDENNUMMER: usize = position(SPALTEN, "Kundennummer");
const GEBURTSDATUM: usize = position(SPALTEN, "Geburtsdatum");
const STATUS_AV: usize = position(SPALTEN, "Kundenstatus AV");
const STATUS_BB: usize = position(SPALTEN, "Kundenstatus BB");
const ZUGANG: usize = position(SPALTEN, "Zugangsdatum");
const ABGANG: usize = position(SPALTEN, "Abgangsdatum");
const FALLMANAGEMENT: usize = position(SPALTEN, "Fallmanagement");
const MASSNAHME: usize = position(SPALTEN, "Maßnahmeteilnahme");
const VOLLZEITSCHULPFLICHT: usize = position(SPALTEN, "Vollzeitschulpflicht");
const SPERRKENNZEICHEN: usize = position(SPALTEN, "Sperrkennzeichen");
const TEAM: usize = position(SPALTEN, "Team");
const IFK: usize = position(SPALTEN, "IFK");

/// Reads and validates `kunden.csv`, streamed over all cores like every export
/// ([`super::strom`]): the file is never held whole. `stichtag` is needed because a birth date
/// after it is impossible data (SPEC §5). Customers come back sorted by Kundennummer; a
/// Kundennummer seen before is rejected at its later row ("the first valid row counts"),
/// decided after the parallel read in line order. `zusatz` names the site's own columns to keep (by their name
/// in a condition, [`super::table::spaltenname`]).
pub fn kunden_lesen(
    quelle: &Quelle,
    stichtag: NaiveDate,
    zusatz: &[String],
) -> Ergebnis<Kundendatei> {
    let mut abweisungen: Vec<Abweisung> = Vec::new();
    let spalten: Vec<Spalte<'_>> = SPALTEN
        .iter()
        .copied()
        .chain(zusatz.iter().map(|n| Spalte::optional(n, "")))
        .collect();
    let (mut kunden, mut datei) = strom_lesen(
        quelle,
        &spalten,
        &mut abweisungen,
        &Vec::new,
        &|kunden: &mut Vec<Kunde>, z: &Zeile<'_>| {
            let mut k = kunde_pruefen(|i| z.feld(i), stichtag)?;
            k.zeile = z.nummer;
            k.zusatz = (SPALTEN.len()..spalten.len())
                .map(|i| z.feld(i).into())
                .collect();
            kunden.push(k);
            Ok(())
        },
        &|_| {},
    )?;
    let fehlende_zusatzspalten: Vec<String> = zusatz
        .iter()
        .filter(|n| datei.fehlende_spalten.iter().any(|f| &f.spalte == *n))
        .cloned()
        .collect();
    datei
        .fehlende_spalten
        .retain(|f| !zusatz.contains(&f.spalte));
    // The threads' states are merged into one by `strom_lesen`; sorted and deduplicated in
    // place (a region's million customers are not copied: 454 → 517 MB peak when they were).
    // By line, then by Kundennummer keeping the lines' order among equal ids: a repeated
    // customer's rows are then neighbours, its first valid row first — and the population
    // needs this order anyway.
    kunden.sort_unstable_by_key(|k| k.zeile);
    kennung::sortieren(&mut kunden, |k| &k.kundennummer);
    let mut doppelt = Vec::new();
    let mut vorige: Option<Text> = None;
    kunden.retain(|k| {
        let neu = vorige.as_ref() != Some(&k.kundennummer);
        if neu {
            vorige = Some(k.kundennummer.clone());
        } else {
            doppelt.push((k.zeile, k.kundennummer.clone()));
        }
        neu
    });
    if !doppelt.is_empty() {
        // Rare: the raw rows of the repeated customers are fetched in a second pass rather
        // than keeping every row's text (a region's customer file) for the first.
        let zeilen: Vec<u64> = doppelt.iter().map(|(z, _)| *z).collect();
        let mut roh = zeilen_holen(quelle, SPALTEN, &zeilen, &datei.sha256)?;
        for (zeile, kundennummer) in doppelt {
            abweisungen.push(Abweisung {
                datei: quelle.anzeige.clone(),
                zeile,
                grund: format!(
                    "Kundennummer „{}“ kommt mehrfach vor (die erste gültige Zeile gilt)",
                    crate::error::kurz(&kundennummer, WERT_MAX)
                ),
                roh: roh.remove(&zeile).unwrap_or_default(),
            });
        }
        abweisungen.sort_by_key(|a| a.zeile);
    }
    Ok(Kundendatei {
        kunden,
        abweisungen,
        datei,
        fehlende_zusatzspalten,
    })
}

/// Validates one row given its fields in [`SPALTEN`] order; `Err` holds the German reason.
fn kunde_pruefen<'a>(
    feld: impl Fn(usize) -> &'a str,
    stichtag: NaiveDate,
) -> Result<Kunde, String> {
    let kundennummer = feld(KUNDENNUMMER);
    if kundennummer.is_empty() {
        return Err("Kundennummer fehlt".into());
    }
    let datum = |i: usize, pflicht: bool| -> Result<Option<NaiveDate>, String> {
        let (wert, name) = (feld(i), SPALTEN[i].name);
        if wert.is_empty() {
            return if pflicht {
                Err(format!("{name} fehlt"))
            } else {
                Ok(None)
            };
        }
        datum_lesen(wert).map(Some).ok_or_else(|| {
            format!(
                "{name} „{}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)",
                crate::error::kurz(wert, WERT_MAX)
            )
        })
    };
    let flag = |i: usize| -> Result<bool, String> {
        let (wert, name) = (feld(i), SPALTEN[i].name);
        flag_lesen(wert).ok_or_else(|| {
            format!(
                "{name} „{}“ ist kein gültiger Wert (Ja/Nein/J/N oder leer)",
                crate::error::kurz(wert, WERT_MAX)
            )
        })
    };
    let geburtsdatum = datum(GEBURTSDATUM, true)?.expect("pflicht");
    if geburtsdatum > stichtag {
        return Err(format!(
            "Geburtsdatum {} liegt nach dem Stichtag {}",
            deutsch(geburtsdatum),
            deutsch(stichtag)
        ));
    }
    let zugang = datum(ZUGANG, true)?.expect("pflicht");
    let abgang = datum(ABGANG, false)?;
    Ok(Kunde {
        kundennummer: kundennummer.into(),
        geburtsdatum,
        status_av: feld(STATUS_AV).into(),
        status_bb: feld(STATUS_BB).into(),
        zugang,
        abgang,
        fallmanagement: flag(FALLMANAGEMENT)?,
        massnahme: flag(MASSNAHME)?,
        vollzeitschulpflicht: flag(VOLLZEITSCHULPFLICHT)?,
        sperrkennzeichen: flag(SPERRKENNZEICHEN)?,
        team: feld(TEAM).into(),
        ifk: feld(IFK).into(),
        zeile: 0,
        zusatz: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesen(text: &str) -> Kundendatei {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kunden.csv");
        std::fs::write(&p, text).unwrap();
        kunden_lesen(
            &Quelle::datei(&p, "2026-01/kunden.csv"),
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            &[],
        )
        .unwrap()
    }

    const KOPF: &str =
        "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team;Fallmanagement\n";

    #[test]
    fn valid_rows_and_each_rejection_reason() {
        let d = lesen(&format!(
            "{KOPF}A1;01.02.1990;Arbeitslos;2020-01-01;T1;Ja\n\
             ;01.02.1990;Arbeitslos;2020-01-01;T1;\n\
             A2;31.02.1990;Arbeitslos;2020-01-01;T1;\n\
             A3;01.02.1990;Arbeitslos;;T1;\n\
             A4;01.02.1990;Arbeitslos;2020-01-01;T1;vielleicht\n\
             A5;01.02.2026;Arbeitslos;2020-01-01;T1;\n\
             A1;01.02.1991;Arbeitslos;2020-01-01;T2;\n\
             A6;01.02.1990;Arbeitslos;2020-01-01\n"
        ));
        assert_eq!(d.kunden.len(), 1);
        assert_eq!(d.kunden[0].kundennummer, "A1");
        assert!(d.kunden[0].fallmanagement);
        assert_eq!(d.kunden[0].zeile, 2);
        let gruende: Vec<(u64, &str)> = d
            .abweisungen
            .iter()
            .map(|a| (a.zeile, a.grund.as_str()))
            .collect();
        assert_eq!(gruende.len(), 7, "{gruende:?}");
        assert!(gruende[0].1.contains("Kundennummer fehlt"));
        assert!(gruende[1].1.contains("31.02.1990"));
        assert!(gruende[2].1.contains("Zugangsdatum fehlt"));
        assert!(gruende[3].1.contains("vielleicht"));
        assert!(gruende[4].1.contains("nach dem Stichtag"));
        assert!(gruende[5].1.contains("mehrfach"));
        assert!(gruende[6].1.contains("zu wenige Felder"));
        assert_eq!(d.datei.zeilen, 8);
    }

    #[test]
    fn interleaved_repeats_keep_each_customers_first_valid_row() {
        // K2's first row is invalid: its second row counts, its third is the repeat.
        let t = format!(
            "{KOPF}K2;31.02.1990;Arbeitslos;2020-01-01;T1;\n\
             K1;01.02.1990;Arbeitslos;2020-01-01;T2;\n\
             K2;01.02.1990;Arbeitslos;2020-01-01;T3;\n\
             K1;01.02.1990;Arbeitslos;2020-01-01;T4;\n\
             K2;01.02.1990;Arbeitslos;2020-01-01;T5;\n"
        );
        let d = lesen(&t);
        let behalten: Vec<(&str, u64, &str)> = d
            .kunden
            .iter()
            .map(|k| (k.kundennummer.as_str(), k.zeile, k.team.as_str()))
            .collect();
        assert_eq!(behalten, [("K1", 3, "T2"), ("K2", 4, "T3")]);
        let abgewiesen: Vec<(u64, bool)> = d
            .abweisungen
            .iter()
            .map(|a| (a.zeile, a.grund.contains("mehrfach")))
            .collect();
        assert_eq!(abgewiesen, [(2, false), (5, true), (6, true)]);
    }

    #[test]
    fn duplicates_across_the_chunks_of_a_large_file_keep_the_first_row() {
        // Over 1 MB: read in one chunk per core. K5 repeats at the end, in the last chunk.
        let mut t = String::from(KOPF);
        for i in 0..40_000 {
            t.push_str(&format!(
                "K{i};01.02.1990;Arbeitslos;2020-01-01;T{};\n",
                i % 7
            ));
        }
        t.push_str("K5;01.02.1991;Arbeitslos;2020-01-01;T9;Ja\n");
        assert!(t.len() > 1 << 20);
        let d = lesen(&t);
        assert_eq!(d.kunden.len(), 40_000);
        assert!(
            d.kunden
                .windows(2)
                .all(|w| w[0].kundennummer < w[1].kundennummer),
            "by Kundennummer, each once"
        );
        let k5 = d.kunden.iter().find(|k| k.kundennummer == "K5").unwrap();
        assert_eq!((k5.zeile, k5.team.as_str()), (7, "T5"), "the first row");
        assert_eq!(d.abweisungen.len(), 1);
        let a = &d.abweisungen[0];
        assert_eq!(
            (a.zeile, a.roh.as_str()),
            (40_002, "K5;01.02.1991;Arbeitslos;2020-01-01;T9;Ja")
        );
        assert!(a.grund.contains("mehrfach"));
    }

    #[test]
    fn a_file_changed_between_the_two_passes_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kunden.csv");
        std::fs::write(
            &p,
            format!("{KOPF}A1;01.02.1990;Arbeitslos;2020-01-01;T1;\n"),
        )
        .unwrap();
        let q = Quelle::datei(&p, "2026-01/kunden.csv");
        let doppelt = [2u64];
        // The hash the first pass recorded is not the file's any more.
        let e = zeilen_holen(&q, SPALTEN, &doppelt, "0000")
            .unwrap_err()
            .to_string();
        assert!(e.contains("während des Laufs geändert"), "{e}");
        let d = lesen(&format!("{KOPF}A1;01.02.1990;Arbeitslos;2020-01-01;T1;\n"));
        let roh = zeilen_holen(&q, SPALTEN, &doppelt, &d.datei.sha256).unwrap();
        assert_eq!(roh[&2], "A1;01.02.1990;Arbeitslos;2020-01-01;T1;");
    }

    #[test]
    fn a_duplicate_after_an_invalid_first_row_is_kept() {
        let d = lesen(&format!(
            "{KOPF}A1;kaputt;Arbeitslos;2020-01-01;T1;\nA1;01.02.1990;Arbeitslos;2020-01-01;T1;\n"
        ));
        assert_eq!(d.kunden.len(), 1);
        assert_eq!(d.kunden[0].zeile, 3);
    }

    #[test]
    fn kundennummer_is_trimmed_and_formula_text_kept_as_text() {
        let d = lesen(&format!(
            "{KOPF}  =1+1  ;01.02.1990;Arbeitslos;2020-01-01;T1;\n"
        ));
        assert_eq!(d.kunden[0].kundennummer, "=1+1");
    }
}

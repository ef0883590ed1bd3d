//! `kunden.csv`: the customer stock at the end of the month (SPEC §2).
//!
//! Produces one validated [`Kunde`] per valid row; every other row becomes an [`Abweisung`]
//! with the reason in German (SPEC §5). Whether a valid customer is *in the population* is a
//! rule, decided in [`crate::rules`], not here.

use chrono::NaiveDate;

use super::dates::{datum_lesen, deutsch};
use super::kennung::Kennungsindex;
use super::table::{zeilen_lesen, Spalte};
use super::{flag_lesen, Abweisung, Eingabedatei, Rohdatei, WERT_MAX};
use crate::error::Ergebnis;

/// A customer row that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kunde {
    /// Customer id, trimmed.
    pub kundennummer: String,
    /// Date of birth.
    pub geburtsdatum: NaiveDate,
    /// Kundenstatus AV as exported (trimmed).
    pub status_av: String,
    /// Kundenstatus BB as exported (trimmed, may be empty).
    pub status_bb: String,
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
    pub team: String,
    /// Responsible Integrationsfachkraft (may be empty).
    pub ifk: String,
    /// Line in `kunden.csv`, for tracing a figure back to its row.
    pub zeile: u64,
}

/// What `kunden.csv` yielded.
#[derive(Debug)]
pub struct Kundendatei {
    /// Valid customers in file order.
    pub kunden: Vec<Kunde>,
    /// Rejected rows.
    pub abweisungen: Vec<Abweisung>,
    /// The file's record entry (path, hash, row count).
    pub datei: Eingabedatei,
}

pub const SPALTEN: &[Spalte] = &[
    Spalte::pflicht("Kundennummer"),
    Spalte::pflicht("Geburtsdatum"),
    Spalte::pflicht("Kundenstatus AV"),
    Spalte::optional(
        "Kundenstatus BB",
        "niemand gilt als ausbildungsuchend (U25-Gruppe nur über den Status AV)",
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

/// Reads and validates `kunden.csv`. `stichtag` is needed because a birth date after it is
/// impossible data (SPEC §5).
pub fn kunden_lesen(datei: &Rohdatei, stichtag: NaiveDate) -> Ergebnis<Kundendatei> {
    let mut kunden = Vec::new();
    let mut abweisungen = Vec::new();
    let mut gesehen = Kennungsindex::default();
    let gelesen = zeilen_lesen(
        &datei.pfad,
        &datei.bytes,
        SPALTEN,
        &datei.umbenennung,
        |z| {
            let ergebnis = z
                .strukturfehler
                .clone()
                .map_or_else(|| kunde_pruefen(|i| z.feld(i), stichtag), Err);
            let ergebnis = ergebnis.and_then(|mut k| {
                if gesehen.einfuegen(&k.kundennummer, 0).is_some() {
                    Err(format!(
                        "Kundennummer „{}“ kommt mehrfach vor (die erste gültige Zeile gilt)",
                        crate::error::kurz(&k.kundennummer, WERT_MAX)
                    ))
                } else {
                    k.zeile = z.nummer;
                    Ok(k)
                }
            });
            match ergebnis {
                Ok(k) => kunden.push(k),
                Err(grund) => abweisungen.push(Abweisung {
                    datei: datei.anzeige.clone(),
                    zeile: z.nummer,
                    grund,
                    roh: z.roh.to_string(),
                }),
            }
        },
    )?;
    Ok(Kundendatei {
        kunden,
        abweisungen,
        datei: datei.eintrag(gelesen),
    })
}

/// Validates one row given its fields in [`SPALTEN`] order; `Err` holds the German reason.
fn kunde_pruefen<'a>(
    feld: impl Fn(usize) -> &'a str,
    stichtag: NaiveDate,
) -> Result<Kunde, String> {
    let kundennummer = feld(0);
    if kundennummer.is_empty() {
        return Err("Kundennummer fehlt".into());
    }
    let datum = |i: usize, name: &str, pflicht: bool| -> Result<Option<NaiveDate>, String> {
        let wert = feld(i);
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
    let flag = |i: usize, name: &str| -> Result<bool, String> {
        let wert = feld(i);
        flag_lesen(wert).ok_or_else(|| {
            format!(
                "{name} „{}“ ist kein gültiger Wert (Ja/Nein/J/N oder leer)",
                crate::error::kurz(wert, WERT_MAX)
            )
        })
    };
    let geburtsdatum = datum(1, "Geburtsdatum", true)?.expect("pflicht");
    if geburtsdatum > stichtag {
        return Err(format!(
            "Geburtsdatum {} liegt nach dem Stichtag {}",
            deutsch(geburtsdatum),
            deutsch(stichtag)
        ));
    }
    let zugang = datum(4, "Zugangsdatum", true)?.expect("pflicht");
    let abgang = datum(5, "Abgangsdatum", false)?;
    Ok(Kunde {
        kundennummer: kundennummer.to_string(),
        geburtsdatum,
        status_av: feld(2).to_string(),
        status_bb: feld(3).to_string(),
        zugang,
        abgang,
        fallmanagement: flag(6, "Fallmanagement")?,
        massnahme: flag(7, "Maßnahmeteilnahme")?,
        vollzeitschulpflicht: flag(8, "Vollzeitschulpflicht")?,
        sperrkennzeichen: flag(9, "Sperrkennzeichen")?,
        team: feld(10).to_string(),
        ifk: feld(11).to_string(),
        zeile: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn lesen(text: &str) -> Kundendatei {
        let roh = Rohdatei {
            pfad: PathBuf::from("2026-01/kunden.csv"),
            anzeige: "2026-01/kunden.csv".into(),
            bytes: text.as_bytes().to_vec(),
            sha256: String::new(),
            umbenennung: Default::default(),
        };
        kunden_lesen(&roh, NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()).unwrap()
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

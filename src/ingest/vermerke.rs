//! `vermerke.csv`: the notes extracts (SPEC §2).
//!
//! Notes are by far the largest input (millions of rows), so they are streamed: each valid
//! row is handed to a sink as `(Kundennummer, Vermerkdatum, Vermerktyp)` and never stored.
//! Which notes count is a rule ([`crate::rules::beratung`]); this module only validates.

use chrono::NaiveDate;

use super::dates::datum_lesen;
use super::table::{zeilen_lesen, Spalte};
use super::{decode::dekodieren, Abweisung, Eingabedatei, Rohdatei};
use crate::error::Ergebnis;

/// One valid note, borrowed from the file's text for the duration of the sink call.
#[derive(Debug, Clone, Copy)]
pub struct Vermerk<'a> {
    /// Customer id, trimmed.
    pub kundennummer: &'a str,
    /// Day of the contact.
    pub datum: NaiveDate,
    /// Note type, trimmed (may be empty).
    pub typ: &'a str,
    /// Kind of contact (Persönlich, Video, Telefon, …), may be empty.
    pub kontaktart: &'a str,
}

const SPALTEN: &[Spalte] = &[
    Spalte {
        name: "Kundennummer",
        pflicht: true,
    },
    Spalte {
        name: "Vermerkdatum",
        pflicht: true,
    },
    Spalte {
        name: "Vermerktyp",
        pflicht: true,
    },
    Spalte {
        name: "Kontaktart",
        pflicht: false,
    },
];

/// Streams one notes file: valid rows go to `sink`, invalid ones to `abweisungen`.
pub fn vermerke_lesen(
    datei: &Rohdatei,
    abweisungen: &mut Vec<Abweisung>,
    mut sink: impl FnMut(Vermerk<'_>),
) -> Ergebnis<Eingabedatei> {
    let (text, kodierung) = dekodieren(&datei.bytes, &datei.pfad)?;
    let zeilen = zeilen_lesen(&datei.pfad, &text, SPALTEN, |z| {
        let grund = if let Some(s) = &z.strukturfehler {
            s.clone()
        } else if z.feld(0).is_empty() {
            "Kundennummer fehlt".to_string()
        } else {
            match datum_lesen(z.feld(1)) {
                Some(datum) => {
                    sink(Vermerk {
                        kundennummer: z.feld(0),
                        datum,
                        typ: z.feld(2),
                        kontaktart: z.feld(3),
                    });
                    return;
                }
                None if z.feld(1).is_empty() => "Vermerkdatum fehlt".to_string(),
                None => format!(
                    "Vermerkdatum „{}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)",
                    z.feld(1)
                ),
            }
        };
        abweisungen.push(Abweisung {
            datei: datei.anzeige.clone(),
            zeile: z.nummer,
            grund,
            roh: z.roh.to_string(),
        });
    })?;
    Ok(datei.eintrag(zeilen, kodierung))
}

//! `vermerke.csv`: the notes extracts (SPEC §2).
//!
//! Notes are by far the largest input, so they are **streamed** ([`super::strom`]): every
//! valid row is handed to a per-thread state via `schritt` and never stored, whatever quoting
//! or encoding the file uses. Which notes count is a rule ([`crate::rules::beratung`]); this
//! module only validates.

use chrono::NaiveDate;

use super::abweisungen::Ablage;
use super::dates::datum_lesen;
use super::quelle::Quelle;
use super::strom::strom_lesen;
use super::table::{position, Spalte, Zeile};
use super::Eingabedatei;
use crate::error::Ergebnis;
use crate::parallel::Teilergebnis;

/// One valid note, borrowed from the file's text for the duration of the `schritt` call.
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
    /// User id of the author (may be empty): who held the conversation.
    pub ersteller: &'a str,
}

pub const SPALTEN: &[Spalte] = &[
    Spalte::pflicht("Kundennummer"),
    Spalte::pflicht("Vermerkdatum"),
    Spalte::pflicht("Vermerktyp"),
    Spalte::optional(
        "Kontaktart",
        "alle Gespräche gelten als „ohne Angabe“ zur Kontaktart",
    ),
    Spalte::optional("Ersteller", "Gespräche je IFK ohne Verfasser:in"),
];

// Field positions by name (checked at compile time against `SPALTEN`).
const KUNDENNUMMER: usize = position(SPALTEN, "Kundennummer");
const VERMERKDATUM: usize = position(SPALTEN, "Vermerkdatum");
const VERMERKTYP: usize = position(SPALTEN, "Vermerktyp");
const KONTAKTART: usize = position(SPALTEN, "Kontaktart");
const ERSTELLER: usize = position(SPALTEN, "Ersteller");

/// Validates the fields of one row; `Err` holds the German reason.
fn pruefen<'a>(felder: &[&'a str], cache: &mut DatumCache) -> Result<Vermerk<'a>, String> {
    let [kundennummer, datum, typ, kontaktart, ersteller] = [
        KUNDENNUMMER,
        VERMERKDATUM,
        VERMERKTYP,
        KONTAKTART,
        ERSTELLER,
    ]
    .map(|i| felder[i]);
    if kundennummer.is_empty() {
        return Err("Kundennummer fehlt".into());
    }
    match cache.lesen(datum) {
        Some(datum) => Ok(Vermerk {
            kundennummer,
            datum,
            typ,
            kontaktart,
            ersteller,
        }),
        None if datum.is_empty() => Err("Vermerkdatum fehlt".into()),
        None => Err(format!(
            "Vermerkdatum „{}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)",
            crate::error::kurz(datum, super::WERT_MAX)
        )),
    }
}

/// Extracts are sorted by date more often than not: remembering the last parsed value skips
/// most of the date parsing.
#[derive(Default)]
struct DatumCache {
    text: String,
    datum: Option<NaiveDate>,
}

impl DatumCache {
    fn lesen(&mut self, text: &str) -> Option<NaiveDate> {
        if text != self.text {
            self.text.clear();
            self.text.push_str(text);
            self.datum = datum_lesen(text);
        }
        self.datum
    }
}

/// Streams one notes file ([`super::strom`]). Each scanner thread keeps one state from `neu()`
/// for the whole file and takes every valid row of its chunks through `schritt`; at the end the
/// states are merged into one ([`Teilergebnis`]). Returns that state and the file's record
/// entry; rejected rows are appended to `abweisungen` in line order.
pub fn vermerke_lesen<S: Teilergebnis>(
    quelle: &Quelle,
    abweisungen: &mut dyn Ablage,
    neu: impl Fn() -> S + Sync,
    schritt: impl Fn(&mut S, Vermerk<'_>) + Sync,
    fortschritt: &dyn Fn(u64),
) -> Ergebnis<(S, Eingabedatei)> {
    let (stand, eintrag) = strom_lesen(
        quelle,
        SPALTEN,
        abweisungen,
        &|| Lesestand {
            zustand: neu(),
            daten: DatumCache::default(),
        },
        &|s: &mut Lesestand<S>, z: &Zeile<'_>| {
            let v = pruefen(z.felder, &mut s.daten)?;
            schritt(&mut s.zustand, v);
            Ok(())
        },
        fortschritt,
    )?;
    Ok((stand.zustand, eintrag))
}

/// A reading thread's state: the caller's, and the thread's own last parsed date.
struct Lesestand<S> {
    zustand: S,
    daten: DatumCache,
}

impl<S: Teilergebnis> Teilergebnis for Lesestand<S> {
    fn vereinen(&mut self, anderer: Self) {
        self.zustand.vereinen(anderer.zustand);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Fehler;
    use crate::ingest::table::STEUERZEICHEN;
    use crate::ingest::{hex, Abweisung, Kodierung};
    use sha2::{Digest, Sha256};

    type Zeilen = Vec<(String, String, String)>;

    /// Reads `inhalt` through the public entry point; returns valid rows, rejects, record.
    fn lesen(inhalt: &[u8]) -> (Zeilen, Vec<Abweisung>, Eingabedatei) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("vermerke.csv");
        std::fs::write(&p, inhalt).unwrap();
        let mut ab = Vec::new();
        let (teile, eintrag) = vermerke_lesen(
            &Quelle::datei(&p, "x/vermerke.csv"),
            &mut ab,
            Vec::new,
            |s: &mut Zeilen, v| s.push((v.kundennummer.into(), v.datum.to_string(), v.typ.into())),
            &|_| {},
        )
        .unwrap();
        (teile, ab, eintrag)
    }

    const TEXT: &str = "Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart\n\
        A1;2025-03-01;Beratungsvermerk;Persönlich\n\
        \n\
        ;2025-03-01;Beratungsvermerk;\n\
        A2;31.02.2025;Beratungsvermerk;\n\
        A3;1.3.2025; Telefonvermerk ;Telefon\n\
        A4;2025-03-02\n\
        A5;2025-03-03;Beratungsvermerk;;zu viel\n\
        A6;2025-03-04;Fallmanagement;Video";

    #[test]
    fn streamed_and_quoted_paths_agree() {
        let (rows, ab, e) = lesen(TEXT.as_bytes());
        // The same content with one quoted field takes the general path.
        let quoted = TEXT.replace(
            "A6;2025-03-04;Fallmanagement;Video",
            "\"A6\";2025-03-04;Fallmanagement;Video",
        );
        let (rows2, ab2, e2) = lesen(quoted.as_bytes());
        assert_eq!(rows, rows2);
        assert_eq!(ab, ab2);
        assert_eq!(e.zeilen, 7, "the blank line is not counted");
        assert_eq!(e2.zeilen, 7);
        assert_eq!(
            rows,
            [
                ("A1".into(), "2025-03-01".into(), "Beratungsvermerk".into()),
                ("A3".into(), "2025-03-01".into(), "Telefonvermerk".into()),
                ("A6".into(), "2025-03-04".into(), "Fallmanagement".into()),
            ]
        );
        let zeilen: Vec<u64> = ab.iter().map(|a| a.zeile).collect();
        assert_eq!(zeilen, [4, 5, 7, 8]);
        assert!(ab[1].grund.contains("31.02.2025"));
        assert_eq!(ab[2].roh, "A4;2025-03-02");
    }

    #[test]
    fn windows_1252_crlf_bom_and_hash() {
        let text = "\u{feff}Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart\r\nA1;2025-03-01;Beratungsvermerk;Persönlich\r\n";
        let (rows, ab, e) = lesen(text.as_bytes());
        assert_eq!(
            (rows.len(), ab.len(), e.kodierung),
            (1, 0, Kodierung::Utf8Bom)
        );
        assert_eq!(e.sha256, hex(&Sha256::digest(text.as_bytes())));
        let cp = encoding_rs::WINDOWS_1252.encode(&text[3..]).0.into_owned();
        let (rows, _, e) = lesen(&cp);
        assert_eq!((rows.len(), e.kodierung), (1, Kodierung::Windows1252));
        assert_eq!(e.sha256, hex(&Sha256::digest(&cp)));
    }

    #[test]
    fn large_files_span_blocks_and_chunks_with_exact_line_numbers() {
        let mut s = String::from("Kundennummer;Vermerkdatum;Vermerktyp\n");
        let n = 1_200_000;
        for i in 0..n {
            if i % 100_000 == 7 {
                s.push_str(&format!("K{i};2025-02-30;Beratungsvermerk\n"));
            } else {
                s.push_str(&format!(
                    "K{i};2025-03-{:02};Beratungsvermerk\n",
                    i % 28 + 1
                ));
            }
        }
        assert!(
            s.len() > super::super::strom::BLOCK,
            "test must span blocks"
        );
        let (rows, ab, e) = lesen(s.as_bytes());
        assert_eq!(e.zeilen, n);
        assert_eq!(rows.len() + ab.len(), n as usize);
        let erwartet: Vec<u64> = (0..n).filter(|i| i % 100_000 == 7).map(|i| i + 2).collect();
        assert_eq!(ab.iter().map(|a| a.zeile).collect::<Vec<_>>(), erwartet);
        assert!(ab
            .iter()
            .all(|a| a.roh.starts_with(&format!("K{};", a.zeile - 2))));
        let mut nummern: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        nummern.sort_unstable();
        nummern.dedup();
        assert_eq!(nummern.len(), rows.len(), "no row read twice");
    }

    #[test]
    fn control_characters_reject_rows_in_the_streamed_path_too() {
        let (rows, ab, _) = lesen("Kundennummer;Vermerkdatum;Vermerktyp\nA\0;2025-03-01;Beratungsvermerk\nB;2025-03-01;Beratungsvermerk\n".as_bytes());
        assert_eq!(rows.len(), 1);
        assert_eq!((ab[0].zeile, ab[0].grund.as_str()), (2, STEUERZEICHEN));
    }

    #[test]
    fn empty_and_header_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v.csv");
        for leer in [&b""[..], b"\n\n", b" \r\n"] {
            std::fs::write(&p, leer).unwrap();
            let r = vermerke_lesen(
                &Quelle::datei(&p, "v"),
                &mut Vec::new(),
                || (),
                |_, _| {},
                &|_| {},
            );
            assert!(matches!(r, Err(Fehler::DateiLeer { .. })), "{leer:?}");
        }
        let (rows, _, e) = lesen(b"Kundennummer;Vermerkdatum;Vermerktyp");
        assert_eq!((rows.len(), e.zeilen), (0, 0));
    }
}

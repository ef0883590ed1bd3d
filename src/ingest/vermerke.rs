//! `vermerke.csv`: the notes extracts (SPEC §2).
//!
//! Notes are by far the largest input (a region has tens of millions of rows, gigabytes of
//! CSV), so they are **streamed**: the file is read in blocks, each block is cut at its last
//! line break, split into one chunk per core and scanned in parallel; every valid row is handed
//! to a per-chunk state via `schritt` and never stored. Memory stays at a few blocks whatever
//! the file size, and the SHA-256 for the run record is computed on the same pass.
//!
//! The scanner handles the common shape of a notes extract (no `"` in the file) with plain
//! byte search; a file that uses quoting is read whole with the general CSV reader instead
//! ([`super::table`]), which handles `;` and line breaks inside quotes. Both paths apply the
//! same validation and give the same rows (tested below). Which notes count is a rule
//! ([`crate::rules::beratung`]); this module only validates.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::dates::datum_lesen;
use super::table::{
    block_verdaechtig, datei_leer, feldanzahl_pruefen, felder_schneiden, feldplaetze,
    hat_steuerzeichen, kopf_zuordnen, zeilen_lesen, Spalte, STEUERZEICHEN,
};
use super::{
    abweisungen::Ablage, decode::dekodieren, hex, Abweisung, Eingabedatei, Kodierung, Rohdatei,
};
use crate::error::{Ergebnis, Fehler};

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
    Spalte {
        name: "Ersteller",
        pflicht: false,
    },
];

/// Bytes read per block; each block is scanned by all cores before the next is read.
const BLOCK: usize = 16 << 20;

/// Validates the fields of one row; `Err` holds the German reason.
fn pruefen<'a>(felder: [&'a str; 5], cache: &mut DatumCache<'a>) -> Result<Vermerk<'a>, String> {
    let [kundennummer, datum, typ, kontaktart, ersteller] = felder;
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
struct DatumCache<'a> {
    text: &'a str,
    datum: Option<NaiveDate>,
}

impl<'a> DatumCache<'a> {
    fn lesen(&mut self, text: &'a str) -> Option<NaiveDate> {
        if text != self.text {
            self.text = text;
            self.datum = datum_lesen(text);
        }
        self.datum
    }
}

/// What one chunk produced: its state, rows, rejects (line numbers relative to the chunk)
/// and the number of line breaks it spans.
struct Teil {
    zeilen: u64,
    abweisungen: Vec<(u64, String, String)>,
    zeilenumbrueche: u64,
}

/// Streams one notes file. Each scanner thread keeps one state from `neu()` for the whole
/// file and takes every valid row of its chunks through `schritt`; at the end the states are
/// merged with `vereinen` (in no particular order: merges must be commutative). Returns that
/// state (none for a file without rows) and the file's record entry; rejected rows are
/// appended to `abweisungen` in line order.
pub fn vermerke_lesen<S: Send>(
    pfad: &Path,
    anzeige: &str,
    abweisungen: &mut dyn Ablage,
    neu: impl Fn() -> S + Sync,
    schritt: impl Fn(&mut S, Vermerk<'_>) + Sync,
    vereinen: impl Fn(&mut S, S),
    fortschritt: &dyn Fn(u64),
) -> Ergebnis<(Vec<S>, Eingabedatei)> {
    match gestreamt(
        pfad,
        anzeige,
        abweisungen,
        &neu,
        &schritt,
        &vereinen,
        fortschritt,
    )? {
        Some(ergebnis) => Ok(ergebnis),
        None => {
            tracing::debug!(
                "{anzeige}: Anführungszeichen oder gemischte Kodierung, lese die Datei als Ganzes"
            );
            let ergebnis = ganz(pfad, anzeige, abweisungen, &neu, &schritt)?;
            fortschritt(std::fs::metadata(pfad).map_or(0, |m| m.len()));
            Ok(ergebnis)
        }
    }
}

/// The general path: whole file, full CSV quoting rules, one chunk.
fn ganz<S: Send>(
    pfad: &Path,
    anzeige: &str,
    abweisungen: &mut dyn Ablage,
    neu: &(impl Fn() -> S + Sync),
    schritt: &(impl Fn(&mut S, Vermerk<'_>) + Sync),
) -> Ergebnis<(Vec<S>, Eingabedatei)> {
    let roh = Rohdatei::lesen(pfad, anzeige.to_string())?;
    let (text, kodierung) = dekodieren(&roh.bytes, &roh.pfad)?;
    let mut zustand = neu();
    let zeilen = zeilen_lesen(&roh.pfad, &text, SPALTEN, |z| {
        let mut cache = DatumCache {
            text: "",
            datum: None,
        };
        let ergebnis = match &z.strukturfehler {
            Some(s) => Err(s.clone()),
            None => pruefen(
                [z.feld(0), z.feld(1), z.feld(2), z.feld(3), z.feld(4)],
                &mut cache,
            ),
        };
        match ergebnis {
            Ok(v) => schritt(&mut zustand, v),
            Err(grund) => abweisungen.hinzu(Abweisung {
                datei: anzeige.to_string(),
                zeile: z.nummer,
                grund,
                roh: z.roh.to_string(),
            }),
        }
    })?;
    Ok((vec![zustand], roh.eintrag(zeilen, kodierung)))
}

/// Column positions of the header, found in the first block.
struct Kopf {
    /// For each field position of a row: which requested column it is, if any.
    slot: Vec<Option<usize>>,
    breite: usize,
}

/// The streaming path. `Ok(None)` when the file needs the general path (quotes, or invalid
/// UTF-8 after non-ASCII UTF-8 was already read).
fn gestreamt<S: Send>(
    pfad: &Path,
    anzeige: &str,
    abweisungen: &mut dyn Ablage,
    neu: &(impl Fn() -> S + Sync),
    schritt: &(impl Fn(&mut S, Vermerk<'_>) + Sync),
    vereinen: &impl Fn(&mut S, S),
    fortschritt: &dyn Fn(u64),
) -> Ergebnis<Option<(Vec<S>, Eingabedatei)>> {
    let unlesbar = |ursache| Fehler::DateiUnlesbar {
        pfad: pfad.to_path_buf(),
        ursache,
    };
    let mut datei = std::fs::File::open(pfad).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Fehler::DateiFehlt {
                pfad: pfad.to_path_buf(),
            }
        } else {
            unlesbar(e)
        }
    })?;
    let kerne = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let mut hasher = Sha256::new();
    let groesse = datei.metadata().map_or(BLOCK as u64, |m| m.len());
    let mut puffer: Vec<u8> = Vec::with_capacity((groesse as usize).min(BLOCK) + 4096);
    let mut kodierung: Option<Kodierung> = None;
    let mut nicht_ascii_gesehen = false;
    let mut kopf: Option<Kopf> = None;
    let mut zeile_basis: u64 = 1; // line number of the first line in `puffer`
                                  // One state per scanner thread for the whole file: memory stays at `kerne` states whatever
                                  // the file size, and merging happens once.
    let mut zustaende: Vec<S> = (0..kerne).map(|_| neu()).collect();
    let mut zeilen = 0u64;
    let mut eof = false;

    let mut ungehasht = 0usize; // bytes of `puffer` from here on are not yet hashed

    while !eof {
        // Append up to one block after the carried-over partial line (no zero-filling: small
        // extracts must not pay for a 16 MB buffer).
        let gelesen = loop {
            match (&mut datei).take(BLOCK as u64).read_to_end(&mut puffer) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(unlesbar(e)),
            }
        };
        eof = gelesen < BLOCK;

        if kodierung.is_none() {
            if puffer.is_empty() && eof {
                return Err(datei_leer(pfad, SPALTEN));
            }
            // Sniff the first bytes: UTF-16 is refused, a UTF-8 BOM is hashed and dropped.
            dekodieren(&puffer[..puffer.len().min(4)], pfad)?;
            if puffer.starts_with(b"\xEF\xBB\xBF") {
                hasher.update(&puffer[..3]);
                puffer.drain(..3);
                kodierung = Some(Kodierung::Utf8Bom);
            } else {
                kodierung = Some(Kodierung::Utf8);
            }
        }

        // Cut at the last line break; the rest waits for the next block.
        let schnitt = if eof {
            puffer.len()
        } else {
            match memchr::memrchr(b'\n', &puffer) {
                Some(i) => i + 1,
                None => continue, // a line longer than a block: read on
            }
        };
        let block = &puffer[..schnitt];
        if memchr::memchr(b'"', block).is_some() {
            return Ok(None);
        }
        // SPEC §2: a file that is not valid UTF-8 is Windows-1252. Blocks before the first
        // invalid byte were pure ASCII (else we fall back), so they decode the same either way.
        let text: std::borrow::Cow<'_, str> = if kodierung == Some(Kodierung::Windows1252) {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(block)
                .0
        } else {
            match std::str::from_utf8(block) {
                Ok(t) => {
                    nicht_ascii_gesehen |= !t.is_ascii();
                    std::borrow::Cow::Borrowed(t)
                }
                Err(_) if nicht_ascii_gesehen => return Ok(None),
                Err(_) => {
                    kodierung = Some(Kodierung::Windows1252);
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(block)
                        .0
                }
            }
        };

        // Header: the first non-blank line of the file.
        let mut start = 0usize;
        if kopf.is_none() {
            loop {
                let ende = memchr::memchr(b'\n', &text.as_bytes()[start..])
                    .map_or(text.len(), |i| start + i);
                let zeile = text[start..ende].trim_end_matches('\r');
                let weiter = (ende + 1).min(text.len());
                if zeile.trim().is_empty() {
                    if ende >= text.len() {
                        break;
                    }
                    zeile_basis += 1;
                    start = weiter;
                    continue;
                }
                let namen: Vec<String> = zeile.split(';').map(String::from).collect();
                let index = kopf_zuordnen(pfad, &namen, SPALTEN)?;
                kopf = Some(Kopf {
                    slot: feldplaetze(&index, namen.len()),
                    breite: namen.len(),
                });
                zeile_basis += 1;
                start = weiter;
                break;
            }
        }
        let Some(k) = kopf.as_ref() else {
            // Only blank lines so far.
            hasher.update(&puffer[ungehasht..]);
            if eof {
                return Err(datei_leer(pfad, SPALTEN));
            }
            puffer.drain(..schnitt);
            ungehasht = puffer.len();
            continue;
        };

        // Split the rest of the block into one chunk per core, at line breaks.
        let rumpf = &text[start..];
        let n = if rumpf.len() < (1 << 20) { 1 } else { kerne };
        let mut grenzen = vec![0usize];
        for i in 1..n {
            let ziel = (rumpf.len() * i / n).max(*grenzen.last().expect("non-empty"));
            let g = memchr::memchr(b'\n', &rumpf.as_bytes()[ziel..])
                .map_or(rumpf.len(), |p| ziel + p + 1);
            grenzen.push(g);
        }
        grenzen.push(rumpf.len());
        let zu_hashen = &puffer[ungehasht..];
        let teile: Vec<Teil> = std::thread::scope(|sc| {
            let hash = sc.spawn(|| hasher.update(zu_hashen));
            let handles: Vec<_> = grenzen
                .windows(2)
                .zip(zustaende.iter_mut())
                .map(|(w, zustand)| {
                    let stueck = &rumpf[w[0]..w[1]];
                    sc.spawn(move || teil_lesen(stueck, k, zustand, schritt))
                })
                .collect();
            let teile = handles
                .into_iter()
                .map(|h| h.join().expect("scanner thread"))
                .collect();
            hash.join().expect("hash thread");
            teile
        });
        for t in teile {
            zeilen += t.zeilen;
            for (rel, grund, roh) in t.abweisungen {
                abweisungen.hinzu(Abweisung {
                    datei: anzeige.to_string(),
                    zeile: zeile_basis + rel,
                    grund,
                    roh,
                });
            }
            zeile_basis += t.zeilenumbrueche;
        }
        drop(text);
        puffer.drain(..schnitt);
        ungehasht = puffer.len();
        fortschritt(schnitt as u64);
    }
    if kopf.is_none() {
        return Err(datei_leer(pfad, SPALTEN));
    }
    let mut rest = zustaende.into_iter();
    let mut gesamt = rest.next();
    if let Some(g) = gesamt.as_mut() {
        for z in rest {
            vereinen(g, z);
        }
    }
    Ok(Some((
        gesamt.into_iter().collect(),
        Eingabedatei {
            pfad: anzeige.to_string(),
            sha256: hex(&hasher.finalize()),
            zeilen,
            kodierung: kodierung.unwrap_or(Kodierung::Utf8),
        },
    )))
}

/// Scans one chunk (whole lines, no quotes).
fn teil_lesen<'t, S>(
    stueck: &'t str,
    kopf: &Kopf,
    zustand: &mut S,
    schritt: &(impl Fn(&mut S, Vermerk<'_>) + Sync),
) -> Teil {
    // Rows are checked for control characters only in chunks that may hold any.
    let pruefe_steuerzeichen = block_verdaechtig(stueck.as_bytes());
    let mut teil = Teil {
        zeilen: 0,
        abweisungen: Vec::new(),
        zeilenumbrueche: 0,
    };
    let mut cache = DatumCache {
        text: "",
        datum: None,
    };
    let bytes = stueck.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let ende = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let zeile: &'t str = stueck[pos..ende]
            .strip_suffix('\r')
            .unwrap_or(&stueck[pos..ende]);
        let rel = teil.zeilenumbrueche;
        if ende < bytes.len() {
            teil.zeilenumbrueche += 1;
        }
        pos = ende + 1;
        if zeile.bytes().all(|b| b.is_ascii_whitespace()) {
            continue; // blank line: skipped and not counted
        }
        teil.zeilen += 1;
        let mut felder = [""; 5];
        let anzahl = felder_schneiden(zeile, &kopf.slot, &mut felder);
        let ergebnis = if pruefe_steuerzeichen && hat_steuerzeichen(zeile) {
            Err(STEUERZEICHEN.to_string())
        } else {
            match feldanzahl_pruefen(anzahl, kopf.breite, false) {
                Some(grund) => Err(grund),
                None => pruefen(felder, &mut cache),
            }
        };
        match ergebnis {
            Ok(v) => schritt(zustand, v),
            Err(grund) => teil.abweisungen.push((rel, grund, zeile.to_string())),
        }
    }
    teil
}

#[cfg(test)]
mod tests {
    use super::*;

    type Zeilen = Vec<(String, String, String)>;

    /// Reads `inhalt` through the public entry point; returns valid rows, rejects, record.
    fn lesen(inhalt: &[u8]) -> (Zeilen, Vec<Abweisung>, Eingabedatei) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("vermerke.csv");
        std::fs::write(&p, inhalt).unwrap();
        let mut ab = Vec::new();
        let (teile, eintrag) = vermerke_lesen(
            &p,
            "x/vermerke.csv",
            &mut ab,
            Vec::new,
            |s: &mut Zeilen, v| s.push((v.kundennummer.into(), v.datum.to_string(), v.typ.into())),
            |a: &mut Zeilen, b| a.extend(b),
            &|_| {},
        )
        .unwrap();
        (teile.into_iter().flatten().collect(), ab, eintrag)
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
        assert!(s.len() > BLOCK, "test must span blocks");
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
                &p,
                "v",
                &mut Vec::new(),
                || (),
                |_, _| {},
                |_, _| {},
                &|_| {},
            );
            assert!(matches!(r, Err(Fehler::DateiLeer { .. })), "{leer:?}");
        }
        let (rows, _, e) = lesen(b"Kundennummer;Vermerkdatum;Vermerktyp");
        assert_eq!((rows.len(), e.zeilen), (0, 0));
    }
}

//! Streaming a large export: read in blocks, every block scanned by all cores.
//!
//! The notes are by far the largest input (a region has tens of millions of rows, gigabytes of
//! CSV), so they are never held whole: each block is cut at a record boundary
//! ([`satz::kartieren`] where the block holds quotes, else the last line break), split into one
//! chunk per core at record starts and read in parallel; every row is handed to a per-thread
//! state and never stored. While the cores scan a block, a thread of its own reads the next
//! block into a second buffer and computes the SHA-256 for the run record from the bytes as
//! read: reading and hashing no longer wait at the scanners' barrier. Memory stays at two
//! blocks whatever the file size.

use std::io::Read;

use sha2::{Digest, Sha256};

use super::abweisungen::Ablage;
use super::decode::{nur_cr, ohne_dateiende, utf16_ablehnen};
use super::quelle::Quelle;
use super::satz::{self, Kodierungen, Kopf, Sonder};
use super::table::{datei_leer, kopf_lesen, Spalte, Zeile};
use super::{hex, Abweisung, Eingabedatei};
use crate::error::{Ergebnis, Fehler};
use crate::parallel::Teilergebnis;

/// Bytes read per block; each block is scanned by all cores before the next is read.
pub const BLOCK: usize = 16 << 20;

/// A chunk's rejected rows: line, reason, raw row.
type Abgewiesen = Vec<(u64, String, String)>;

/// Streams one export file. Each scanner thread keeps one state from `neu()` for the whole
/// file and takes every structurally sound row of its chunks through `je_zeile`, which returns
/// the German reason for a row it rejects; at the end the states are merged into one
/// ([`Teilergebnis`]). Returns that state and the file's record entry; rejected rows are
/// appended to `abweisungen` in line order.
pub fn strom_lesen<S: Teilergebnis>(
    quelle: &Quelle,
    spalten: &[Spalte],
    abweisungen: &mut dyn Ablage,
    neu: &(impl Fn() -> S + Sync),
    je_zeile: &(impl Fn(&mut S, &Zeile<'_>) -> Result<(), String> + Sync),
    fortschritt: &dyn Fn(u64),
) -> Ergebnis<(S, Eingabedatei)> {
    let (pfad, anzeige) = (quelle.pfad.as_path(), quelle.anzeige.as_str());
    let unlesbar = |ursache: std::io::Error| match quelle.xlsx {
        // The converting thread's German reason (a sheet that breaks off half way).
        true => Fehler::ExcelUnlesbar {
            pfad: pfad.to_path_buf(),
            grund: ursache.to_string(),
        },
        false => Fehler::DateiUnlesbar {
            pfad: pfad.to_path_buf(),
            ursache,
        },
    };
    let (mut datei, groesse, xlsx_sha256) = oeffnen(quelle)?;
    let kerne = crate::parallel::kerne().min(8);
    let mut hasher = Sha256::new();
    let mut puffer: Vec<u8> = Vec::with_capacity((groesse as usize).min(BLOCK) + 4096);
    let mut reserve: Vec<u8> = Vec::new();
    let mut bom: Option<bool> = None;
    let mut cr_modus = false;
    let mut kopf: Option<satz::Kopf> = None;
    let mut fehlend = Vec::new();
    let mut kodierungen = Kodierungen::default();
    let mut zeile_basis: u64 = 1; // line number of the first line in `puffer`
                                  // One state per scanner thread for the whole file: memory stays at `kerne` states
                                  // whatever the file size, and merging happens once.
    let mut zustaende: Vec<S> = (0..kerne).map(|_| neu()).collect();
    let mut zeilen = 0u64;
    // The first block is read here; every later one on a thread of its own while the scanners
    // read the block before it (read and hash overlap the scanning instead of waiting for it).
    let mut eof =
        lesen_und_hashen(&mut *datei, &mut puffer, &mut hasher, false).map_err(unlesbar)? < BLOCK;

    loop {
        if bom.is_none() {
            let (b, cr) = anfang_pruefen(&mut puffer, (pfad, spalten), eof)?;
            (bom, cr_modus) = (Some(b), cr);
            if cr_modus {
                // Old Mac line ends (hashed as read): read CR as LF.
                cr_als_lf(&mut puffer);
            }
        }
        let daten_ende = if eof {
            ohne_dateiende(&puffer).len()
        } else {
            puffer.len()
        };
        let daten = &puffer[..daten_ende];

        // Header: the first non-blank line of the file.
        let mut start = 0usize;
        if kopf.is_none() {
            match kopf_lesen(pfad, daten, spalten, &quelle.umbenennung, eof)? {
                None => {
                    // A header line longer than a block: read on.
                    eof = lesen_und_hashen(&mut *datei, &mut puffer, &mut hasher, cr_modus)
                        .map_err(unlesbar)?
                        < BLOCK;
                    continue;
                }
                Some(k) => {
                    zeile_basis = k.zeile;
                    start = k.start;
                    kodierungen.vereinen(k.kodierungen);
                    fehlend = k.fehlend;
                    kopf = Some(Kopf {
                        excel: quelle.xlsx,
                        ..k.kopf
                    });
                }
            }
        }
        let k = kopf.as_ref().expect("header found above");
        let (sonder, schnitt) = schneiden(&daten[start..], k.breite, eof, kerne);
        let verbraucht = start + schnitt;
        let rumpf = &daten[start..verbraucht];
        let stuecke = stuecke(rumpf, &sonder, kerne, &mut zeile_basis);
        // The next block, into the other of two buffers (reused: fresh pages for every block
        // cost page faults): the rest of this one (a partial record), then the file's next
        // bytes.
        let mut naechster = std::mem::take(&mut reserve);
        let (datei, hasher, rest) = (&mut *datei, &mut hasher, &puffer[verbraucht..]);
        let lesen = (!eof).then_some(move || {
            naechster.clear();
            naechster.extend_from_slice(rest);
            lesen_und_hashen(datei, &mut naechster, hasher, cr_modus).map(|n| (naechster, n))
        });
        let (teile, gelesen) = parallel_lesen(&stuecke, &mut zustaende, k, je_zeile, lesen);
        zeilen += buchen(teile, anzeige, &mut kodierungen, abweisungen);
        fortschritt(verbraucht as u64);
        match gelesen {
            None => break,
            Some(r) => {
                let (naechster, n) = r.map_err(unlesbar)?;
                reserve = std::mem::replace(&mut puffer, naechster);
                eof = n < BLOCK;
            }
        }
    }
    if kopf.is_none() {
        return Err(datei_leer(pfad, spalten));
    }
    let mut rest = zustaende.into_iter();
    let mut gesamt = rest.next().unwrap_or_else(neu);
    rest.for_each(|z| gesamt.vereinen(z));
    Ok((
        gesamt,
        Eingabedatei {
            pfad: anzeige.to_string(),
            sha256: xlsx_sha256.unwrap_or_else(|| hex(&hasher.finalize())),
            zeilen,
            kodierung: kodierungen.kodierung(bom.unwrap_or(false)),
            fehlende_spalten: fehlend,
        },
    ))
}

/// Appends up to one block to `puffer` after the carried-over partial record (no
/// zero-filling: small extracts must not pay for a 16 MB buffer); returns the bytes read.
fn block_anhaengen(datei: &mut dyn Read, puffer: &mut Vec<u8>) -> std::io::Result<usize> {
    loop {
        match datei.take(BLOCK as u64).read_to_end(puffer) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Reads up to one block onto the end of `puffer`, hashes the bytes as read and, with `cr`
/// (old Mac line ends), then reads CR as LF; returns the bytes read.
fn lesen_und_hashen(
    datei: &mut dyn Read,
    puffer: &mut Vec<u8>,
    hasher: &mut Sha256,
    cr: bool,
) -> std::io::Result<usize> {
    let alt = puffer.len();
    let n = block_anhaengen(datei, puffer)?;
    hasher.update(&puffer[alt..]);
    if cr {
        cr_als_lf(&mut puffer[alt..]);
    }
    Ok(n)
}

/// Turns every CR into LF.
fn cr_als_lf(bytes: &mut [u8]) {
    for b in bytes {
        if *b == b'\r' {
            *b = b'\n';
        }
    }
}

/// Takes the chunks' results in chunk order (so rejected rows stay in line order): their
/// encodings merged, their rejected rows filed under `anzeige`. Returns the rows read.
fn buchen(
    teile: Vec<(satz::Abschnitt, Abgewiesen)>,
    anzeige: &str,
    kodierungen: &mut Kodierungen,
    abweisungen: &mut dyn Ablage,
) -> u64 {
    let mut zeilen = 0;
    for (abschnitt, abgewiesen) in teile {
        zeilen += abschnitt.zeilen;
        kodierungen.vereinen(abschnitt.kodierungen);
        for (zeile, grund, roh) in abgewiesen {
            abweisungen.hinzu(Abweisung {
                datei: anzeige.to_string(),
                zeile,
                grund,
                roh,
            });
        }
    }
    zeilen
}

/// The export as a byte stream, its size (for the first buffer), and — for an Excel export,
/// converted cell by cell as it is read — the workbook's hash for the record; a CSV export is
/// streamed from the file.
fn oeffnen(quelle: &Quelle) -> Ergebnis<(Box<dyn Read + Send>, u64, Option<String>)> {
    if quelle.xlsx {
        let (strom, sha) = quelle.excel_strom()?;
        return Ok((strom, BLOCK as u64, Some(sha)));
    }
    let pfad = quelle.pfad.as_path();
    let f = std::fs::File::open(pfad).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Fehler::DateiFehlt {
                pfad: pfad.to_path_buf(),
            }
        } else {
            Fehler::DateiUnlesbar {
                pfad: pfad.to_path_buf(),
                ursache: e,
            }
        }
    })?;
    let n = f.metadata().map_or(BLOCK as u64, |m| m.len());
    Ok((Box::new(f), n, None))
}

/// The file's first block: an empty file and UTF-16 are refused; a UTF-8 BOM (hashed as read)
/// is dropped. Returns (BOM seen, line ends are CR only).
fn anfang_pruefen(
    puffer: &mut Vec<u8>,
    (pfad, spalten): (&std::path::Path, &[Spalte]),
    eof: bool,
) -> Ergebnis<(bool, bool)> {
    if puffer.is_empty() && eof {
        return Err(datei_leer(pfad, spalten));
    }
    utf16_ablehnen(puffer, pfad)?;
    let bom = puffer.starts_with(b"\xEF\xBB\xBF");
    if bom {
        puffer.drain(..3);
    }
    Ok((bom, nur_cr(puffer)))
}

/// Where the block's complete records end (the rest waits for the next block), and where
/// quoted fields are ([`satz::kartieren_parallel`], only if the block holds a quote).
fn schneiden(alles: &[u8], breite: usize, eof: bool, kerne: usize) -> (Vec<Sonder>, usize) {
    if memchr::memchr(b'"', alles).is_some() {
        satz::kartieren_parallel(alles, breite, eof, kerne)
    } else if eof {
        (Vec::new(), alles.len())
    } else {
        (
            Vec::new(),
            memchr::memrchr(b'\n', alles).map_or(0, |i| i + 1),
        )
    }
}

/// One chunk of a block for one scanner thread: its bytes, its quoted fields (offsets
/// within the chunk) and the line number of its first line.
struct Stueck<'a> {
    bytes: &'a [u8],
    sonder: Vec<Sonder>,
    erste_zeile: u64,
}

/// The block's records `rumpf` cut into one chunk per core at record starts, each with its
/// first line number, so every row is handed over with its real line (a counting pass over
/// the block; `memchr` counts at memory speed). `zeile_basis` moves past the block.
fn stuecke<'a>(
    rumpf: &'a [u8],
    sonder: &[Sonder],
    kerne: usize,
    zeile_basis: &mut u64,
) -> Vec<Stueck<'a>> {
    let n = if rumpf.len() < (1 << 20) { 1 } else { kerne };
    let mut grenzen = vec![0usize];
    for i in 1..n {
        let ziel = (rumpf.len() * i / n).max(*grenzen.last().expect("non-empty"));
        grenzen.push(satz::schnitt_suchen(rumpf, ziel, sonder));
    }
    grenzen.push(rumpf.len());
    grenzen
        .windows(2)
        .map(|w| {
            let (a, e) = (w[0], w[1]);
            let erste_zeile = *zeile_basis;
            *zeile_basis += memchr::memchr_iter(b'\n', &rumpf[a..e]).count() as u64;
            Stueck {
                bytes: &rumpf[a..e],
                sonder: sonder
                    .iter()
                    .filter(|s| s.start >= a && s.start < e)
                    .map(|s| Sonder {
                        start: s.start - a,
                        ende: s.ende - a,
                        art: s.art,
                    })
                    .collect(),
                erste_zeile,
            }
        })
        .collect()
}

/// Reads the chunks on one thread each, chunk i into state i, while `nebenbei` (when given:
/// reading the next block) runs on a thread of its own. Returns each chunk's result and
/// rejected rows, in chunk order, and what `nebenbei` returned.
fn parallel_lesen<S: Send, R: Send>(
    stuecke: &[Stueck<'_>],
    zustaende: &mut [S],
    k: &satz::Kopf,
    je_zeile: &(impl Fn(&mut S, &Zeile<'_>) -> Result<(), String> + Sync),
    nebenbei: Option<impl FnOnce() -> R + Send>,
) -> (Vec<(satz::Abschnitt, Abgewiesen)>, Option<R>) {
    std::thread::scope(|sc| {
        let nebenbei = nebenbei.map(|f| sc.spawn(f));
        let handles: Vec<_> = stuecke
            .iter()
            .zip(zustaende.iter_mut())
            .map(|(st, zustand)| {
                sc.spawn(move || {
                    let mut abgewiesen = Vec::new();
                    let abschnitt =
                        satz::abschnitt_lesen(st.bytes, &st.sonder, k, st.erste_zeile, |z| {
                            let grund = match &z.strukturfehler {
                                Some(s) => Some(s.clone()),
                                None => je_zeile(zustand, z).err(),
                            };
                            if let Some(grund) = grund {
                                abgewiesen.push((z.nummer, grund, z.roh.to_string()));
                            }
                        });
                    (abschnitt, abgewiesen)
                })
            })
            .collect();
        // A thread's panic is passed on with its own message.
        let teile = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect();
        let nebenbei = nebenbei.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (teile, nebenbei)
    })
}

/// The raw text of the rows at `zeilen` (line numbers), read again: a reader that rejects a
/// row only after the parallel read (a repeated id, decided in file order) fetches the few raw
/// rows it needs instead of keeping every row's text. The file must still be the one whose
/// SHA-256 the first pass recorded, or the run stops (it changed while being read).
pub fn zeilen_holen(
    quelle: &Quelle,
    spalten: &[Spalte],
    zeilen: &[u64],
    sha256: &str,
) -> Ergebnis<std::collections::HashMap<u64, String>> {
    use std::collections::HashMap;
    let gesucht: std::collections::HashSet<u64> = zeilen.iter().copied().collect();
    let (gefunden, zweiter) = strom_lesen(
        quelle,
        spalten,
        &mut Vec::new(),
        &HashMap::new,
        &|m: &mut HashMap<u64, String>, z: &Zeile<'_>| {
            if gesucht.contains(&z.nummer) {
                m.insert(z.nummer, z.roh.to_string());
            }
            Ok(())
        },
        &|_| {},
    )?;
    if zweiter.sha256 != sha256 {
        return Err(Fehler::DateiGeaendert {
            pfad: quelle.pfad.clone(),
        });
    }
    Ok(gefunden)
}

/// Reads a master-data export (`organisation`, `personal`) with the same reader: every row goes,
/// in file order, through `je_zeile` with its trimmed fields in `spalten` order; the first broken
/// row — structure or content (`Err` with the German reason) — stops the run with file and
/// line, because one skipped row there would silently move or re-weigh a whole team.
pub fn stammdaten_lesen(
    quelle: &Quelle,
    spalten: &[Spalte],
    mut je_zeile: impl FnMut(&[&str]) -> Result<(), String>,
) -> Ergebnis<Eingabedatei> {
    let mut strukturfehler: Vec<Abweisung> = Vec::new();
    let (mut zeilen, eintrag) = strom_lesen(
        quelle,
        spalten,
        &mut strukturfehler,
        &Vec::new,
        &|zeilen: &mut Vec<(u64, Vec<String>)>, z: &Zeile<'_>| {
            zeilen.push((z.nummer, z.felder.iter().map(|f| f.to_string()).collect()));
            Ok(())
        },
        &|_| {},
    )?;
    zeilen.sort_unstable_by_key(|(nr, _)| *nr);
    let erster_strukturfehler = strukturfehler.into_iter().next();
    let stopp = |zeile: u64, grund: String| Fehler::Stammdaten {
        pfad: quelle.pfad.clone(),
        zeile,
        grund,
    };
    for (nr, felder) in &zeilen {
        if let Some(a) = erster_strukturfehler.as_ref().filter(|a| a.zeile < *nr) {
            return Err(stopp(a.zeile, a.grund.clone()));
        }
        let felder: Vec<&str> = felder.iter().map(String::as_str).collect();
        je_zeile(&felder).map_err(|grund| stopp(*nr, grund))?;
    }
    match erster_strukturfehler {
        Some(a) => Err(stopp(a.zeile, a.grund)),
        None => Ok(eintrag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::satz::{hat_steuerzeichen, STEUERZEICHEN};

    const SPALTEN: &[Spalte] = &[
        Spalte::pflicht("Kundennummer"),
        Spalte::pflicht("Geschäftsstelle"),
        Spalte::optional("IFK", "ohne IFK"),
    ];

    /// Line number, raw line, the three fields, structural error (a rejected row: its
    /// reason, no fields).
    type Gelesen = (u64, String, Vec<String>, Option<String>);

    /// Reads `text` as a file through the one reader: valid rows and rejected ones, in line
    /// order.
    fn lesen(text: &str) -> Ergebnis<Vec<Gelesen>> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, text).unwrap();
        let mut abgewiesen: Vec<Abweisung> = Vec::new();
        let (mut out, _) = strom_lesen(
            &Quelle::datei(&p, "t.csv"),
            SPALTEN,
            &mut abgewiesen,
            &Vec::new,
            &|v: &mut Vec<Gelesen>, z: &Zeile<'_>| {
                v.push((
                    z.nummer,
                    z.roh.to_string(),
                    (0..3).map(|i| z.feld(i).to_string()).collect(),
                    None,
                ));
                Ok(())
            },
            &|_| {},
        )?;
        out.extend(
            abgewiesen
                .into_iter()
                .map(|a| (a.zeile, a.roh, Vec::new(), Some(a.grund))),
        );
        out.sort_by_key(|r| r.0);
        Ok(out)
    }

    /// A quoted header changes nothing: the same text with and without one gives the same rows.
    #[test]
    fn a_quoted_header_gives_the_same_rows() {
        let texte = [
            "Kundennummer;Geschäftsstelle;IFK\r\n\r\nA;Nord;x\n  \nB;Süd\nC;Ost;y;z\n;;\n D ; West ; i \n",
            "\n\nKUNDENNUMMER;geschaeftsstelle\nA;1\nB;2",
            "Kundennummer;Geschäftsstelle\n",
        ];
        for t in texte {
            let schnell = lesen(t).unwrap();
            let mit_quote = t.replacen("Kundennummer", "\"Kundennummer\"", 1).replacen(
                "KUNDENNUMMER",
                "\"KUNDENNUMMER\"",
                1,
            );
            let langsam = lesen(&mit_quote).unwrap();
            assert_eq!(schnell, langsam, "{t:?}");
        }
    }

    #[test]
    fn header_any_case_order_spelling_extra_columns() {
        let rows = lesen("Extra; geschaeftsstelle ;KUNDENNUMMER\r\nx;Nord; 42 \r\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].2, vec!["42", "Nord", ""]);
        assert_eq!(rows[0].1, "x;Nord; 42 ");
    }

    #[test]
    fn quotes_blank_lines_and_line_numbers() {
        let text = "Kundennummer;Geschäftsstelle\n\n\"A;1\";\"Nord \"\"alt\"\"\"\n   \nB;Süd\n";
        let rows = lesen(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].0, rows[0].2[0].as_str(), rows[0].2[1].as_str()),
            (3, "A;1", "Nord \"alt\"")
        );
        assert_eq!((rows[1].0, rows[1].2[0].as_str()), (5, "B"));
    }

    #[test]
    fn control_characters_reject_the_row_with_and_without_quotes() {
        for text in [
            "Kundennummer;Geschäftsstelle\nA\0;Nord\nB;Süd\u{85}\nC;Ost\n",
            "\"Kundennummer\";Geschäftsstelle\nA\0;Nord\nB;Süd\u{85}\nC;Ost\n",
        ] {
            let rows = lesen(text).unwrap();
            assert_eq!(rows[0].3.as_deref(), Some(STEUERZEICHEN), "{text:?}");
            assert_eq!(rows[1].3.as_deref(), Some(STEUERZEICHEN));
            assert_eq!(rows[2].3, None);
        }
        assert!(!hat_steuerzeichen("Grüße\tWeiß € ß"));
    }

    #[test]
    fn wrong_field_counts_are_flagged_not_fatal() {
        let rows = lesen("Kundennummer;Geschäftsstelle\nA\nB;Nord;zu viel\nC;Süd").unwrap();
        assert!(rows[0].3.as_deref().unwrap().contains("zu wenige"));
        assert!(rows[1].3.as_deref().unwrap().contains("zu viele"));
        assert_eq!(rows[2].3, None);
        assert_eq!(rows[2].2[0], "C");
    }

    #[test]
    fn unterminated_quote_costs_its_line_not_the_file() {
        let rows = lesen("Kundennummer;Geschäftsstelle\n\"A;Nord\nB;Süd\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert!(
            rows[0].3.as_deref().unwrap().contains("Anführungszeichen"),
            "{:?}",
            rows[0].3
        );
        assert_eq!(
            (rows[1].0, rows[1].2[0].as_str(), rows[1].3.as_deref()),
            (3, "B", None)
        );
    }

    #[test]
    fn missing_column_lists_what_was_found() {
        let err = lesen("Kundennummer,Geschäftsstelle\n1,2\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("„Geschäftsstelle“ fehlt") || err.contains("Geschäftsstelle"),
            "{err}"
        );
        assert!(
            err.contains("Gefundene Spalten: „Kundennummer,Geschäftsstelle“"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_and_empty_headers_stop_the_run() {
        assert!(matches!(
            lesen("Kundennummer;Geschäftsstelle;kundennummer\n"),
            Err(Fehler::SpalteDoppelt { .. })
        ));
        assert!(matches!(lesen(""), Err(Fehler::DateiLeer { .. })));
        assert!(matches!(lesen("\n\n"), Err(Fehler::DateiLeer { .. })));
        assert_eq!(lesen("Kundennummer;Geschäftsstelle\n").unwrap().len(), 0);
    }

    #[test]
    fn bom_cr_only_line_ends_and_ctrl_z() {
        let rows = lesen("\u{feff}Kundennummer;Geschäftsstelle\rA;Nord\rB;Süd\r\u{1a}").unwrap();
        let werte: Vec<(u64, &str, &str)> = rows
            .iter()
            .map(|r| (r.0, r.2[0].as_str(), r.2[1].as_str()))
            .collect();
        assert_eq!(werte, [(2, "A", "Nord"), (3, "B", "Süd")]);
        assert!(rows.iter().all(|r| r.3.is_none()));
    }
}

//! Records of an export: where each one starts and ends, and its fields (SPEC §2).
//!
//! One implementation for every export and both ways of reading (a small file whole, the notes
//! streamed in blocks over all cores). Fields may be quoted anywhere — only the header, only
//! fields that need it, every field — and a quoted field may hold `;`, `""` or a line break.
//!
//! Finding record boundaries is the only sequential step, and only for blocks that hold a `"`
//! at all ([`kartieren`]): it jumps from quote to quote with `memchr` and notes the few records
//! that are not one line each. Quotes are read by one state machine ([`super::automat`]) in
//! both places that need them. Everything else — decoding, cutting fields, validation — runs on
//! chunks of whole lines in parallel ([`abschnitt_lesen`]).
//!
//! A stray opening quote must cost its line, not the file: a quoted field may run over line
//! breaks only if the record then closes within [`MEHRZEILIG_MAX`] bytes with exactly the
//! header's number of fields. Otherwise the line holding the quote is rejected alone and
//! reading resumes at the next line.

use memchr::{memchr, memrchr};

use super::automat::{Schritte, Tat};
use super::decode::Kodierung;

/// Longest record spanning several lines that is accepted (a quoted note text with line
/// breaks is a few kB; anything longer is a quote that was never closed).
pub const MEHRZEILIG_MAX: usize = 1 << 20;

/// The reason for a line whose quote does not close into a proper record.
pub const OFFENES_QUOTE: &str =
    "Anführungszeichen nicht geschlossen: die Zeile wird einzeln abgewiesen, das Lesen geht mit der nächsten Zeile weiter";

/// One data row: its line number, raw text and trimmed fields in the order of the requested
/// columns (empty string for an optional column the file does not have).
#[derive(Debug)]
pub struct Zeile<'t> {
    /// 1-based line number in the file where the row starts.
    pub nummer: u64,
    /// The row as it stood in the file, without the line break.
    pub roh: &'t str,
    /// Trimmed fields in the order of the requested columns.
    pub felder: &'t [&'t str],
    /// `Some(reason)` when the row cannot be split into the header's fields.
    pub strukturfehler: Option<String>,
}

impl<'t> Zeile<'t> {
    /// The trimmed value of the `i`-th requested column.
    pub fn feld(&self, i: usize) -> &'t str {
        self.felder.get(i).copied().unwrap_or("")
    }
}

/// Whether a row holds control characters (NUL, C0 except tab, DEL, C1): the mark of a
/// damaged transfer or a binary file, never of a real export. Such rows are rejected rather
/// than letting `A\0` become a customer of its own.
pub fn hat_steuerzeichen(zeile: &str) -> bool {
    let b = zeile.as_bytes();
    b.iter().any(|&x| (x < 0x20 && x != b'\t') || x == 0x7F)
        || memchr::memchr_iter(0xC2, b).any(|i| matches!(b.get(i + 1), Some(0x80..=0x9F)))
}

/// Whether a whole block of lines may hold a control character (line breaks excepted; the
/// C1 lead byte 0xC2 counts as suspect): rows are checked one by one only in blocks that do.
/// Runs over every byte of the notes, hence branch-free over 4 KiB pieces.
pub fn block_verdaechtig(bytes: &[u8]) -> bool {
    bytes.chunks(4096).any(|stueck| {
        let mut m = 0u8;
        for &b in stueck {
            // C0 control bytes other than tab, LF, CR; DEL; the C1 lead byte. Accumulated in a
            // u8 without branches so the loop vectorises (a `bool` `any` did not: +40 % time).
            let c0 = (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r');
            m |= u8::from(c0) | u8::from(b == 0x7F) | u8::from(b == 0xC2);
        }
        m != 0
    })
}

/// The reason given for such a row.
pub const STEUERZEICHEN: &str =
    "Zeile enthält Steuerzeichen (z. B. NUL): Datei beschädigt oder kein Text";

/// Why a row with `felder` fields does not fit a header of `breite` columns, if it does not.
pub fn feldanzahl_pruefen(felder: usize, breite: usize) -> Option<String> {
    if felder == breite {
        None
    } else if felder < breite {
        Some(format!("zu wenige Felder: {felder} statt {breite}"))
    } else {
        Some(format!("zu viele Felder: {felder} statt {breite}"))
    }
}

/// Cuts a quote-free row at `;`: the field at each position goes to `felder[slot]` (untrimmed:
/// the caller trims; unrequested positions are skipped, missing ones stay empty). Returns the
/// number of fields.
pub fn felder_schneiden<'t>(
    zeile: &'t str,
    slot: &[Option<usize>],
    felder: &mut [&'t str],
) -> usize {
    felder.fill("");
    let mut n = 0usize;
    let mut start = 0usize;
    for p in memchr::memchr_iter(b';', zeile.as_bytes()).chain(std::iter::once(zeile.len())) {
        if let Some(Some(k)) = slot.get(n) {
            felder[*k] = &zeile[start..p];
        }
        n += 1;
        start = p + 1;
    }
    n
}

/// Requested columns whose fields live on the stack; a rules file naming more of a site's
/// columns gets a buffer on the heap per row.
pub const SPALTEN_STAPEL: usize = 32;

/// The reason for a row whose read column holds an Excel error cell (`#NV`, `#SPILL!`, …;
/// SPEC §2). The converted sheet marks such a field with [`super::xlsx::FEHLER_ZEICHEN`].
fn fehlerwert(feld: &str) -> String {
    format!(
        "Zelle mit dem Excel-Fehlerwert „{}“ in einer gelesenen Spalte",
        feld.trim_start_matches(super::xlsx::FEHLER_ZEICHEN)
    )
}

/// A record that is not simply one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sonderart {
    /// A quoted field holds line breaks; the record spans `start..ende`.
    Mehrzeilig,
    /// An opening quote that never closes properly: the line `start..ende` is rejected alone.
    Offen,
}

/// Position of a record that is not one line, relative to the mapped bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sonder {
    /// First byte of the record.
    pub start: usize,
    /// One past its final line break (or the end of the data).
    pub ende: usize,
    /// What it is.
    pub art: Sonderart,
}

/// Column positions of the header: which requested column each field position is.
#[derive(Debug, Clone)]
pub struct Kopf {
    /// For each field position of a row: which requested column it is, if any.
    pub slot: Vec<Option<usize>>,
    /// Number of fields in the header.
    pub breite: usize,
    /// Number of requested columns.
    pub spalten: usize,
    /// The rows are a converted Excel sheet ([`super::xlsx`]): a field may be an error cell's
    /// mark, and a row may end before the header's last column, the rest empty (a stray header
    /// cell far out must not pad every row to thousands of fields). A CSV row with too few
    /// fields is still rejected, and a CSV is never searched for marks.
    pub excel: bool,
}

/// Where the record starting at `start` ends, scanning no further than `grenze`:
/// `Some((end, spans_lines, fields))`, or `None` when a quote is still open at `grenze`.
///
/// A byte loop over the quote machine ([`automat`]): fields are a few bytes long, and a
/// `memchr` call per field cost more than it saved (every-field-quoted notes: 0.70 s stage
/// with memchr, measured with perf).
fn satz_ende(bytes: &[u8], start: usize, grenze: usize) -> Option<(usize, bool, usize)> {
    let mut felder = 1usize;
    let mut mehrzeilig = false;
    let mut schritte = Schritte::ab(&bytes[..grenze], start);
    for (i, b, tat) in schritte.by_ref() {
        match tat {
            Tat::Feldende => felder += 1,
            Tat::Satzende => return Some((i + 1, mehrzeilig, felder)),
            Tat::Wert => mehrzeilig |= b == b'\n',
            Tat::Auslassen => {}
        }
    }
    schritte
        .geschlossen()
        .then_some((grenze, mehrzeilig, felder))
}

/// Maps the records of `bytes` (starting at a record start) that are not one line each.
/// Returns them and how many bytes are decided: with `eof` false the rest after the last line
/// break, and a record whose quote may still close in the next block, wait for more bytes.
pub fn kartieren(bytes: &[u8], breite: usize, eof: bool) -> (Vec<Sonder>, usize) {
    let grenze = if eof {
        bytes.len()
    } else {
        memrchr(b'\n', bytes).map_or(0, |i| i + 1)
    };
    let mut sonder = Vec::new();
    let mut pos = 0usize;
    while pos < grenze {
        let Some(q) = memchr(b'"', &bytes[pos..grenze]) else {
            break;
        };
        // Lines before the quote's line hold no quote: each is a record of its own.
        let start = memrchr(b'\n', &bytes[pos..pos + q]).map_or(pos, |i| pos + i + 1);
        // The line's end only matters for a quote that does not close (searched then: one
        // `memchr` per quoted line less).
        let zeilenende = || memchr(b'\n', &bytes[start..grenze]).map_or(grenze, |i| start + i + 1);
        match satz_ende(bytes, start, grenze) {
            Some((ende, false, _)) => pos = ende,
            Some((ende, true, felder)) if felder == breite && ende - start <= MEHRZEILIG_MAX => {
                sonder.push(Sonder {
                    start,
                    ende,
                    art: Sonderart::Mehrzeilig,
                });
                pos = ende;
            }
            None if !eof && grenze - start <= MEHRZEILIG_MAX => return (sonder, start),
            _ => {
                let ende = zeilenende();
                sonder.push(Sonder {
                    start,
                    ende,
                    art: Sonderart::Offen,
                });
                pos = ende;
            }
        }
    }
    (sonder, grenze)
}

/// [`kartieren`] on `teile` cores. Each piece (cut at line starts) is mapped as if it began a
/// record; that holds when the piece before it ended on a record boundary, which is checked
/// after the fact: if a record may run over a piece's end, the block is mapped again in one
/// piece. Same result as [`kartieren`] always (tested); the sequential pass was a third of the
/// notes stage for every-field-quoted files.
pub fn kartieren_parallel(
    bytes: &[u8],
    breite: usize,
    eof: bool,
    teile: usize,
) -> (Vec<Sonder>, usize) {
    kartieren_in_teilen(bytes, breite, eof, teile, 1 << 20)
}

fn kartieren_in_teilen(
    bytes: &[u8],
    breite: usize,
    eof: bool,
    teile: usize,
    mindestens: usize,
) -> (Vec<Sonder>, usize) {
    if teile < 2 || bytes.len() < mindestens {
        return kartieren(bytes, breite, eof);
    }
    let grenze = if eof {
        bytes.len()
    } else {
        memrchr(b'\n', bytes).map_or(0, |i| i + 1)
    };
    let mut schnitte = vec![0usize];
    for i in 1..teile {
        let ziel = (grenze * i / teile).max(*schnitte.last().expect("non-empty"));
        schnitte.push(memchr(b'\n', &bytes[ziel..grenze]).map_or(grenze, |p| ziel + p + 1));
    }
    schnitte.push(bytes.len());
    let letzter = teile - 1;
    let ergebnisse: Vec<(Vec<Sonder>, usize)> = std::thread::scope(|sc| {
        let handles: Vec<_> = schnitte
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                let (a, e) = (w[0], if i == letzter { bytes.len() } else { w[1] });
                // Only the last piece may hold the data's end or an incomplete line.
                let ende = i == letzter && eof;
                sc.spawn(move || kartieren(&bytes[a..e], breite, ende))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let sicher = ergebnisse[..letzter]
        .iter()
        .zip(schnitte.windows(2))
        .all(|((_, schnitt), w)| *schnitt == w[1] - w[0]);
    if !sicher {
        return kartieren(bytes, breite, eof);
    }
    let mut sonder = Vec::new();
    for ((teil, _), a) in ergebnisse.iter().zip(&schnitte) {
        sonder.extend(teil.iter().map(|s| Sonder {
            start: s.start + a,
            ende: s.ende + a,
            art: s.art,
        }));
    }
    let schnitt = schnitte[letzter] + ergebnisse[letzter].1;
    (sonder, schnitt)
}

/// A cut of `bytes` near `ziel` at a record start: the next line start that is not inside a
/// record spanning lines.
pub fn schnitt_suchen(bytes: &[u8], ziel: usize, sonder: &[Sonder]) -> usize {
    let mut s =
        memchr(b'\n', &bytes[ziel.min(bytes.len())..]).map_or(bytes.len(), |i| ziel + i + 1);
    let i = sonder.partition_point(|x| x.ende <= s);
    if let Some(x) = sonder.get(i) {
        if x.start < s {
            s = x.ende;
        }
    }
    s
}

/// Which encodings the lines of a chunk had (SPEC §2: decided per line).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kodierungen {
    /// Some line was valid UTF-8 with non-ASCII characters.
    pub utf8: bool,
    /// Some line was not valid UTF-8 and read as Windows-1252.
    pub cp1252: bool,
}

impl Kodierungen {
    /// Both chunks' findings.
    pub fn vereinen(&mut self, andere: Kodierungen) {
        self.utf8 |= andere.utf8;
        self.cp1252 |= andere.cp1252;
    }

    /// The file's encoding for the run record.
    pub fn kodierung(self, bom: bool) -> Kodierung {
        match (self.utf8 || bom, self.cp1252) {
            (_, false) if bom => Kodierung::Utf8Bom,
            (_, false) => Kodierung::Utf8,
            (false, true) => Kodierung::Windows1252,
            (true, true) => Kodierung::Gemischt,
        }
    }
}

/// Decodes one record: valid UTF-8 as it is, any other line as Windows-1252 — into
/// `dekodiert`, which the caller keeps from record to record (a Windows-1252 export has an
/// umlaut on most rows: one allocation per row before).
pub fn dekodieren<'a>(
    bytes: &'a [u8],
    kodierungen: &mut Kodierungen,
    dekodiert: &'a mut String,
) -> &'a str {
    if let Ok(t) = std::str::from_utf8(bytes) {
        kodierungen.utf8 |= !t.is_ascii();
        return t;
    }
    dekodiert.clear();
    for (i, zeile) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            dekodiert.push('\n');
        }
        match std::str::from_utf8(zeile) {
            Ok(t) => {
                kodierungen.utf8 |= !t.is_ascii();
                dekodiert.push_str(t);
            }
            Err(_) => {
                kodierungen.cp1252 = true;
                let mut d = encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling();
                // Windows-1252 needs at most three bytes of UTF-8 per byte: with that room the
                // decoder always finishes.
                dekodiert.reserve(zeile.len() * 3 + 16);
                let _ = d.decode_to_string(zeile, dekodiert, true);
            }
        }
    }
    dekodiert
}

/// Whether bytes that are not UTF-8 may hold a control character once read as Windows-1252:
/// the five bytes it leaves undefined become C1 controls (U+0081, U+008D, U+008F, U+0090,
/// U+009D). Together with [`block_verdaechtig`] (C0, DEL, UTF-8's C1) this decides for a
/// whole chunk whether rows need the per-row check at all (checking every row of a
/// Windows-1252 export was a fifth of its notes stage, perf).
pub fn c1_in_windows_1252(bytes: &[u8]) -> bool {
    memchr::memchr3(0x81, 0x8D, 0x8F, bytes).is_some()
        || memchr::memchr2(0x90, 0x9D, bytes).is_some()
}

/// Trims a value: white space and byte order marks (a BOM pasted into the middle of a file
/// would otherwise make a customer number of its own).
pub fn trimmen(wert: &str) -> &str {
    // Most values start and end with a visible ASCII character: nothing to trim, decided on
    // two bytes (the char-wise trim was 7 % of the notes stage, measured with perf).
    // A non-ASCII character at either end (`…ß`, `Ö…`) is looked at alone, not the whole
    // value re-scanned (the trend's customer files: 5 % in the char-wise trim, perf).
    let leer = |c: Option<char>| c.is_some_and(|c| c.is_whitespace() || c == '\u{feff}');
    let b = wert.as_bytes();
    let (Some(&a), Some(&e)) = (b.first(), b.last()) else {
        return wert;
    };
    let anfang_ok = if a < 0x80 {
        a.is_ascii_graphic()
    } else {
        !leer(wert.chars().next())
    };
    let ende_ok = if e < 0x80 {
        e.is_ascii_graphic()
    } else {
        !leer(wert.chars().next_back())
    };
    if anfang_ok && ende_ok {
        wert
    } else {
        wert.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
    }
}

/// Cuts a record holding quotes into its fields (quotes removed, `""` → `"`) with the quote
/// machine ([`automat`]): the values go into `puffer`, their ranges into `bereiche`. Returns
/// the number of fields. Runs of value bytes are copied as slices, cut only at quotes and
/// separators (ASCII bytes: the slices stay valid UTF-8).
pub fn felder_mit_quotes(
    satz: &str,
    puffer: &mut String,
    bereiche: &mut Vec<(usize, usize)>,
) -> usize {
    puffer.clear();
    bereiche.clear();
    let mut anfang = 0usize; // start of the current field in `puffer`
    let mut lauf = 0usize; // start of the value bytes not yet copied
    for (i, _, tat) in Schritte::ab(satz.as_bytes(), 0) {
        match tat {
            // A record's text ends before its line break: one outside quotes cannot occur
            // here, and would stay text.
            Tat::Wert | Tat::Satzende => {}
            Tat::Auslassen => {
                puffer.push_str(&satz[lauf..i]);
                lauf = i + 1;
            }
            Tat::Feldende => {
                puffer.push_str(&satz[lauf..i]);
                bereiche.push((anfang, puffer.len()));
                anfang = puffer.len();
                lauf = i + 1;
            }
        }
    }
    puffer.push_str(&satz[lauf..]);
    bereiche.push((anfang, puffer.len()));
    bereiche.len()
}

/// What one chunk yielded: its data rows and the encodings of its lines.
#[derive(Debug, Default, Clone, Copy)]
pub struct Abschnitt {
    /// Non-blank rows.
    pub zeilen: u64,
    /// Line breaks passed so far (each row's number within the chunk).
    zeilenumbrueche: u64,
    /// Encodings of its lines.
    pub kodierungen: Kodierungen,
}

/// Reads a chunk of whole records (`sonder` relative to it) and hands every non-blank row to
/// `je_zeile`. `erste_zeile` is the line number of the chunk's first line.
pub fn abschnitt_lesen(
    bytes: &[u8],
    sonder: &[Sonder],
    kopf: &Kopf,
    erste_zeile: u64,
    mut je_zeile: impl FnMut(&Zeile<'_>),
) -> Abschnitt {
    let mut ergebnis = Abschnitt::default();
    // Decoding per record only where the chunk is not valid UTF-8 as a whole.
    let ganz_utf8 = simdutf8::basic::from_utf8(bytes).ok();
    if let Some(t) = ganz_utf8 {
        ergebnis.kodierungen.utf8 = !t.is_ascii();
    }
    let steuerzeichen_moeglich =
        block_verdaechtig(bytes) || (ganz_utf8.is_none() && c1_in_windows_1252(bytes));
    let quotes_moeglich = memchr(b'"', bytes).is_some();
    let mut puffer = String::new();
    let mut bereiche = Vec::new();
    let mut dekodiert = String::new();
    let mut naechste_sonder = 0usize;
    let mut pos = 0usize;
    while pos < bytes.len() {
        let nummer = erste_zeile + ergebnis.zeilenumbrueche;
        let (ende, art) = match sonder.get(naechste_sonder) {
            Some(s) if s.start == pos => {
                naechste_sonder += 1;
                (s.ende, Some(s.art))
            }
            _ => (
                memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i + 1),
                None,
            ),
        };
        let anfang = pos;
        let satz_bytes = &bytes[anfang..ende];
        // Only a record spanning lines holds line breaks before its end: counting every
        // record's bytes cost 6 % of the notes stage (measured with perf on bremen).
        ergebnis.zeilenumbrueche += if art == Some(Sonderart::Mehrzeilig) {
            memchr::memchr_iter(b'\n', satz_bytes).count() as u64
        } else {
            u64::from(satz_bytes.last() == Some(&b'\n'))
        };
        pos = ende;
        let mut bis = satz_bytes.len();
        for ende_zeichen in [b'\n', b'\r'] {
            if bis > 0 && satz_bytes[bis - 1] == ende_zeichen {
                bis -= 1;
            }
        }
        let text: &str = match ganz_utf8 {
            // A slice of the chunk validated once, cut at ASCII bytes: no second validation
            // (per record it was 10 % of the notes stage, measured with perf).
            Some(t) => t.get(anfang..anfang + bis).unwrap_or(""),
            None => dekodieren(
                &satz_bytes[..bis],
                &mut ergebnis.kodierungen,
                &mut dekodiert,
            ),
        };
        let roh: &str = text.strip_prefix('\u{feff}').unwrap_or(text);
        if roh.bytes().all(|b| b.is_ascii_whitespace()) {
            continue; // blank line: skipped and not counted (SPEC §2)
        }
        ergebnis.zeilen += 1;
        let mut feldpuffer = [""; SPALTEN_STAPEL];
        let mut feldvektor;
        let felder: &mut [&str] = if kopf.spalten <= SPALTEN_STAPEL {
            &mut feldpuffer[..kopf.spalten]
        } else {
            feldvektor = vec![""; kopf.spalten];
            &mut feldvektor
        };
        let strukturfehler = if art == Some(Sonderart::Offen) {
            felder.fill("");
            Some(OFFENES_QUOTE.to_string())
        } else {
            let n = if quotes_moeglich && memchr(b'"', roh.as_bytes()).is_some() {
                let n = felder_mit_quotes(roh, &mut puffer, &mut bereiche);
                felder.fill("");
                for (pos, &(a, e)) in bereiche.iter().enumerate() {
                    if let Some(Some(k)) = kopf.slot.get(pos) {
                        felder[*k] = &puffer[a..e];
                    }
                }
                n
            } else {
                felder_schneiden(roh, &kopf.slot, felder)
            };
            for f in felder.iter_mut() {
                *f = trimmen(f);
            }
            let pruefen = if art == Some(Sonderart::Mehrzeilig) {
                hat_steuerzeichen(&roh.replace(['\r', '\n'], ""))
            } else {
                steuerzeichen_moeglich && hat_steuerzeichen(roh)
            };
            if pruefen {
                Some(STEUERZEICHEN.to_string())
            } else if let Some(f) = kopf
                .excel
                .then(|| {
                    felder
                        .iter()
                        .find(|f| f.starts_with(super::xlsx::FEHLER_ZEICHEN))
                })
                .flatten()
            {
                Some(fehlerwert(f))
            } else if kopf.excel && n < kopf.breite {
                None
            } else {
                feldanzahl_pruefen(n, kopf.breite)
            }
        };
        je_zeile(&Zeile {
            nummer,
            roh,
            felder,
            strukturfehler,
        });
    }
    ergebnis
}

#[cfg(test)]
mod tests {
    use super::*;

    fn karte(text: &str, breite: usize) -> Vec<(usize, usize, Sonderart)> {
        kartieren(text.as_bytes(), breite, true)
            .0
            .into_iter()
            .map(|s| (s.start, s.ende, s.art))
            .collect()
    }

    #[test]
    fn quoted_line_breaks_make_one_record_stray_quotes_cost_one_line() {
        // Line 2 holds a proper quoted line break; line 4 a stray quote.
        let t = "a;\"x\ny\";c\nd;e;f\n\"g;h;i\nj;k;l\n";
        assert_eq!(
            karte(t, 3),
            vec![(0, 10, Sonderart::Mehrzeilig), (16, 23, Sonderart::Offen)]
        );
        // The same quoted break with the wrong number of fields: the first line alone.
        assert_eq!(
            karte("a;\"x\ny\"\nd;e\n", 3),
            vec![(0, 5, Sonderart::Offen)]
        );
    }

    #[test]
    fn undecided_quote_waits_for_the_next_block() {
        let t = b"a;b\n\"c;d\ne;f\n";
        let (s, schnitt) = kartieren(t, 2, false);
        assert!(s.is_empty());
        assert_eq!(schnitt, 4, "the open record waits");
        let (s, schnitt) = kartieren(t, 2, true);
        assert_eq!(
            s,
            vec![Sonder {
                start: 4,
                ende: 9,
                art: Sonderart::Offen
            }]
        );
        assert_eq!(schnitt, t.len());
    }

    #[test]
    fn mapping_in_pieces_equals_mapping_in_one() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let zeichen = [b'a', b';', b'"', b'\n', b'x', b';', b'\r'];
        for fall in 0..400 {
            let n = rng.random_range(0..400);
            let text: Vec<u8> = (0..n)
                .map(|_| zeichen[rng.random_range(0..zeichen.len())])
                .collect();
            for eof in [false, true] {
                for teile in [2, 3, 5] {
                    assert_eq!(
                        kartieren_in_teilen(&text, 3, eof, teile, 0),
                        kartieren(&text, 3, eof),
                        "case {fall}, eof {eof}, {teile} pieces: {:?}",
                        String::from_utf8_lossy(&text)
                    );
                }
            }
        }
    }

    #[test]
    fn fields_with_quotes() {
        let mut p = String::new();
        let mut b = Vec::new();
        let n = felder_mit_quotes("\"a;1\";\"b \"\"c\"\"\";x\"y\";\"\"", &mut p, &mut b);
        let werte: Vec<&str> = b.iter().map(|&(a, e)| &p[a..e]).collect();
        assert_eq!(n, 4);
        assert_eq!(werte, ["a;1", "b \"c\"", "x\"y\"", ""]);
    }

    #[test]
    fn trimming_spaces_tabs_and_byte_order_marks() {
        for (w, e) in [
            ("", ""),
            ("a", "a"),
            (" a b ", "a b"),
            ("\ta\u{a0}", "a"),
            ("\u{feff}K1", "K1"),
            ("K1\u{feff}", "K1"),
            ("Ä", "Ä"),
            ("Weiß", "Weiß"),
            ("Weiß\u{a0}", "Weiß"),
            ("\u{3000}Öl", "Öl"),
            ("  ", ""),
        ] {
            assert_eq!(trimmen(w), e, "{w:?}");
        }
    }

    #[test]
    fn per_line_encoding() {
        let mut k = Kodierungen::default();
        let mut puffer = String::from("vorher");
        let t = dekodieren(b"Gr\xC3\xBC\xC3\x9Fe\nM\xFCller", &mut k, &mut puffer);
        assert_eq!(t, "Grüße\nMüller");
        assert_eq!(k.kodierung(false), Kodierung::Gemischt);
        // Every byte Windows-1252 leaves undefined is flagged, and decodes to a C1 control.
        for b in 0x80u8..=0x9F {
            let mut p = String::new();
            let t = dekodieren(&[b'a', b], &mut k, &mut p).to_string();
            assert_eq!(
                c1_in_windows_1252(&[b'a', b]),
                hat_steuerzeichen(&t),
                "{b:#x}"
            );
        }
    }

    #[test]
    fn cuts_avoid_records_spanning_lines() {
        let t = b"a;\"x\ny\";c\nd;e;f\n";
        let (s, _) = kartieren(t, 3, true);
        assert_eq!(schnitt_suchen(t, 2, &s), 10);
        assert_eq!(schnitt_suchen(t, 10, &s), t.len());
    }
}

//! The quote rules of an export as one explicit state machine, the way csv-core writes its
//! reader: named states, every byte sorted into one of four classes, one table entry per
//! (state, class) saying where the reader goes and what the byte is. Both places that read
//! quotes — finding where a record ends ([`super::satz::kartieren`]) and cutting a record into
//! its values ([`super::satz::felder_mit_quotes`]) — step through this one table, so they can
//! never disagree about a quote.
//!
//! The rules (SPEC §2): a `"` at the start of a field opens a quoted field, in which `;` and
//! line breaks are text and `""` is one `"`; the next single `"` closes it. A `"` anywhere else
//! is text (`5" Diskette`), and so is whatever follows a closing quote before the next `;`.

/// Where the reader stands within a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zustand {
    /// At the start of a field: a `"` here opens a quoted field.
    Feldanfang,
    /// Inside an unquoted field (or after a quoted one closed): a `"` is text.
    Feld,
    /// Inside a quoted field: `;` and line breaks are text.
    Quote,
    /// Just after a `"` inside a quoted field: a second `"` makes it text (`""`), anything
    /// else means the first one closed the field.
    QuoteEnde,
}

/// What a byte is, decided by the transition that reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tat {
    /// Part of the field's value.
    Wert,
    /// Syntax — an opening or closing quote, or the first of `""` — not part of the value.
    Auslassen,
    /// Ends the field (`;` outside quotes).
    Feldende,
    /// Ends the record (a line break outside quotes).
    Satzende,
}

/// One step: the state after byte `b` read in state `z`, and what `b` is. The whole table —
/// four states by four byte classes (`"`, `;`, line break, any other byte):
///
/// | state      | `"`                  | `;`                  | line break            | other           |
/// |------------|----------------------|----------------------|-----------------------|-----------------|
/// | Feldanfang | Quote, Auslassen     | Feldanfang, Feldende | Feldanfang, Satzende  | Feld, Wert      |
/// | Feld       | Feld, Wert           | Feldanfang, Feldende | Feldanfang, Satzende  | Feld, Wert      |
/// | Quote      | QuoteEnde, Auslassen | Quote, Wert          | Quote, Wert           | Quote, Wert     |
/// | QuoteEnde  | Quote, Wert          | Feldanfang, Feldende | Feldanfang, Satzende  | Feld, Wert      |
///
/// Written as a `match`, not a lookup table: with a table every byte waits for the previous
/// byte's load (the state is a data dependency), which made every-field-quoted notes 1.29 ×
/// slower (farm-bench, 9 alternating pairs, bremen). The test checks the match against the
/// table above. Readers step with it only at bytes that may change the state: runs of value
/// bytes are passed by [`wert_ueberspringen`].
#[inline(always)]
pub fn schritt(z: Zustand, b: u8) -> (Zustand, Tat) {
    use Tat::*;
    use Zustand::*;
    match (z, b) {
        (Quote, b'"') => (QuoteEnde, Auslassen),
        (Quote, _) => (Quote, Wert),
        (QuoteEnde, b'"') => (Quote, Wert),
        (Feldanfang, b'"') => (Quote, Auslassen),
        (_, b';') => (Feldanfang, Feldende),
        (_, b'\n') => (Feldanfang, Satzende),
        (_, _) => (Feld, Wert),
    }
}

/// From `i`, the position of the next byte of `bytes` that may change state `z` or is a line
/// break: every byte passed is one [`schritt`] would read as a value byte in the same state.
/// A tight loop per state instead of a dispatch per byte (with a `match` per byte the reader
/// was still 1.20 × slower than the two hand-written loops it replaces: an indirect jump per
/// byte, perf); fields are too short for a `memchr` call each.
#[inline(always)]
pub fn wert_ueberspringen(z: Zustand, bytes: &[u8], mut i: usize) -> usize {
    match z {
        Zustand::Quote => {
            while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                i += 1;
            }
        }
        Zustand::Feld => {
            while i < bytes.len() && !matches!(bytes[i], b';' | b'\n') {
                i += 1;
            }
        }
        Zustand::Feldanfang | Zustand::QuoteEnde => {}
    }
    i
}

/// The bytes of a record the machine must decide, from a field start: each with its position
/// and deed, runs of value bytes passed ([`wert_ueberspringen`]). The one loop of every reader.
pub struct Schritte<'a> {
    bytes: &'a [u8],
    i: usize,
    z: Zustand,
}

impl<'a> Schritte<'a> {
    /// From `start` (a record's first byte) to the end of `bytes`.
    pub fn ab(bytes: &'a [u8], start: usize) -> Schritte<'a> {
        Schritte {
            bytes,
            i: start,
            z: Zustand::Feldanfang,
        }
    }

    /// Whether the bytes read so far may end a record: not inside an open quoted field.
    pub fn geschlossen(&self) -> bool {
        self.z != Zustand::Quote
    }
}

impl Iterator for Schritte<'_> {
    /// Position, byte, deed.
    type Item = (usize, u8, Tat);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, u8, Tat)> {
        self.i = wert_ueberspringen(self.z, self.bytes, self.i);
        let b = *self.bytes.get(self.i)?;
        let (naechster, tat) = schritt(self.z, b);
        self.z = naechster;
        self.i += 1;
        Some((self.i - 1, b, tat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes of `text` through the machine: each byte's deed, and the final state.
    fn lauf(text: &str) -> (String, Zustand) {
        let mut z = Zustand::Feldanfang;
        let mut spur = String::new();
        for &b in text.as_bytes() {
            let (n, tat) = schritt(z, b);
            z = n;
            spur.push(match tat {
                Tat::Wert => 'w',
                Tat::Auslassen => '_',
                Tat::Feldende => '|',
                Tat::Satzende => '$',
            });
        }
        (spur, z)
    }

    /// The table of [`schritt`]'s documentation, row = state, column = byte class.
    const TABELLE: [[(Zustand, Tat); 4]; 4] = {
        use Tat::*;
        use Zustand::*;
        [
            [
                (Quote, Auslassen),
                (Feldanfang, Feldende),
                (Feldanfang, Satzende),
                (Feld, Wert),
            ],
            [
                (Feld, Wert),
                (Feldanfang, Feldende),
                (Feldanfang, Satzende),
                (Feld, Wert),
            ],
            [
                (QuoteEnde, Auslassen),
                (Quote, Wert),
                (Quote, Wert),
                (Quote, Wert),
            ],
            [
                (Quote, Wert),
                (Feldanfang, Feldende),
                (Feldanfang, Satzende),
                (Feld, Wert),
            ],
        ]
    };

    #[test]
    fn the_machine_is_the_table_for_every_state_and_byte() {
        let zustaende = [
            Zustand::Feldanfang,
            Zustand::Feld,
            Zustand::Quote,
            Zustand::QuoteEnde,
        ];
        for (zeile, z) in zustaende.into_iter().enumerate() {
            for b in 0..=255u8 {
                let klasse = match b {
                    b'"' => 0,
                    b';' => 1,
                    b'\n' => 2,
                    _ => 3,
                };
                assert_eq!(schritt(z, b), TABELLE[zeile][klasse], "{z:?} {b}");
            }
        }
    }

    #[test]
    fn skipped_bytes_are_value_bytes_of_the_same_state() {
        let text = b"ab\"c;\"d\"\"e\nf\";g";
        for z in [
            Zustand::Feldanfang,
            Zustand::Feld,
            Zustand::Quote,
            Zustand::QuoteEnde,
        ] {
            for start in 0..text.len() {
                let bis = wert_ueberspringen(z, text, start);
                assert!(bis >= start && bis <= text.len());
                for &b in &text[start..bis] {
                    assert_eq!(schritt(z, b), (z, Tat::Wert), "{z:?} {start}");
                }
            }
        }
        assert_eq!(wert_ueberspringen(Zustand::Quote, text, 0), 2);
        assert_eq!(wert_ueberspringen(Zustand::Feld, text, 0), 4);
    }

    #[test]
    fn every_transition_of_the_table() {
        // Feldanfang: quote opens, `;` ends an empty field, line break ends the record.
        assert_eq!(lauf("\""), ("_".into(), Zustand::Quote));
        assert_eq!(lauf(";"), ("|".into(), Zustand::Feldanfang));
        assert_eq!(lauf("\n"), ("$".into(), Zustand::Feldanfang));
        assert_eq!(lauf("a"), ("w".into(), Zustand::Feld));
        // Feld: a quote is text.
        assert_eq!(lauf("5\" x;"), ("wwww|".into(), Zustand::Feldanfang));
        assert_eq!(lauf("a\n"), ("w$".into(), Zustand::Feldanfang));
        // Quote: separator and line break are text.
        assert_eq!(lauf("\"a;b\nc"), ("_wwwww".into(), Zustand::Quote));
        // QuoteEnde: `""` is one quote of text; a single one closes.
        assert_eq!(lauf("\"a\"\"b\""), ("_w_ww_".into(), Zustand::QuoteEnde));
        assert_eq!(lauf("\"a\";"), ("_w_|".into(), Zustand::Feldanfang));
        assert_eq!(lauf("\"a\"\n"), ("_w_$".into(), Zustand::Feldanfang));
        // Text after a closing quote belongs to the value; a quote there is text.
        assert_eq!(lauf("\"a\"b\"c"), ("_w_www".into(), Zustand::Feld));
        // A blank before the quote makes the field unquoted.
        assert_eq!(lauf(" \"a;b"), ("www|w".into(), Zustand::Feld));
    }

    #[test]
    fn open_only_inside_a_quoted_field() {
        for (text, offen) in [
            ("\"a", true),
            ("\"a\"", false),
            ("\"a\"\"", true),
            ("a\"", false),
            ("", false),
        ] {
            assert_eq!(lauf(text).1 == Zustand::Quote, offen, "{text:?}");
            let mut s = Schritte::ab(text.as_bytes(), 0);
            s.by_ref().for_each(drop);
            assert_eq!(!s.geschlossen(), offen, "{text:?}");
        }
    }

    #[test]
    fn the_steps_are_the_machine_without_the_value_runs() {
        let text = "\"a;\"\"b\";c\"d;\"e\nf\"\n";
        let (spur, _) = lauf(text);
        let schritte: Vec<(usize, u8, Tat)> = Schritte::ab(text.as_bytes(), 0).collect();
        for (i, b, tat) in &schritte {
            assert_eq!(text.as_bytes()[*i], *b);
            let erwartet = spur.as_bytes()[*i];
            let tat_zeichen = match tat {
                Tat::Wert => b'w',
                Tat::Auslassen => b'_',
                Tat::Feldende => b'|',
                Tat::Satzende => b'$',
            };
            assert_eq!(tat_zeichen, erwartet, "byte {i}");
        }
        // Every deed but a plain value byte is among the steps.
        let entschieden: Vec<usize> = spur
            .bytes()
            .enumerate()
            .filter(|(_, t)| *t != b'w')
            .map(|(i, _)| i)
            .collect();
        assert!(entschieden
            .iter()
            .all(|i| schritte.iter().any(|(j, _, _)| j == i)));
    }
}

//! Turning the bytes of an export into text.
//!
//! VerBIS exports arrive as UTF-8 (with or without BOM) or, after a round trip through Excel,
//! as Windows-1252. SPEC §2 decides per line ([`super::satz::dekodieren`]); this module prepares
//! a file's bytes before that: UTF-16 (Excel's "Unicode text") is refused with a clear message
//! instead of being read as garbage, a UTF-8 BOM is dropped, old Mac line ends (CR only) become
//! line feeds, and a DOS end-of-file mark (Ctrl-Z) at the end is ignored.

use std::borrow::Cow;
use std::path::Path;

use crate::error::{Ergebnis, Fehler};

/// Which encoding a file turned out to have; recorded in the run record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Kodierung {
    /// UTF-8 without byte order mark.
    #[serde(rename = "UTF-8")]
    Utf8,
    /// UTF-8 with a leading byte order mark (stripped).
    #[serde(rename = "UTF-8 mit BOM")]
    Utf8Bom,
    /// Not valid UTF-8, decoded as Windows-1252.
    #[serde(rename = "Windows-1252")]
    Windows1252,
    /// Lines of both: each line decided on its own (SPEC §2), e.g. a UTF-8 file with one stray
    /// Windows-1252 byte, or two files glued together.
    #[serde(rename = "UTF-8 und Windows-1252 (zeilenweise)")]
    Gemischt,
}

/// Refuses UTF-16 (sniffed from the first bytes of a file).
pub fn utf16_ablehnen(anfang: &[u8], pfad: &Path) -> Ergebnis<()> {
    if anfang.starts_with(&[0xFF, 0xFE]) || anfang.starts_with(&[0xFE, 0xFF]) {
        return Err(Fehler::Kodierung {
            pfad: pfad.to_path_buf(),
            hinweis: "die Datei ist UTF-16 kodiert (Excel: „Unicode-Text“)".into(),
        });
    }
    Ok(())
}

/// Whether a file uses CR alone as line end (old Mac exports): no line feed in its first
/// block, but carriage returns. Such a file would otherwise be one long header line.
pub fn nur_cr(anfang: &[u8]) -> bool {
    memchr::memchr(b'\n', anfang).is_none() && memchr::memchr(b'\r', anfang).is_some()
}

/// The data of a file's last block without a DOS end-of-file mark (Ctrl-Z) at its end.
pub fn ohne_dateiende(bytes: &[u8]) -> &[u8] {
    let mut n = bytes.len();
    while n > 0 && bytes[n - 1] == 0x1A {
        n -= 1;
    }
    &bytes[..n]
}

/// A whole file made ready for the record reader: UTF-16 refused, BOM dropped, CR-only line
/// ends turned into line feeds, a trailing Ctrl-Z dropped. Borrowed unless CR had to change.
/// Returns the bytes and whether a BOM was there.
pub fn vorbereiten<'a>(bytes: &'a [u8], pfad: &Path) -> Ergebnis<(Cow<'a, [u8]>, bool)> {
    utf16_ablehnen(bytes, pfad)?;
    let (rest, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let rest = ohne_dateiende(rest);
    if nur_cr(rest) {
        let gewandelt: Vec<u8> = rest
            .iter()
            .map(|&b| if b == b'\r' { b'\n' } else { b })
            .collect();
        return Ok((Cow::Owned(gewandelt), bom));
    }
    Ok((Cow::Borrowed(rest), bom))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_cr_only_and_ctrl_z() {
        let (d, bom) = vorbereiten(b"\xEF\xBB\xBFa;b\rc;d\r\x1A", Path::new("x")).unwrap();
        assert_eq!((&d[..], bom), (&b"a;b\nc;d\n"[..], true));
        let (d, bom) = vorbereiten(b"a;b\r\nc;d\r\n", Path::new("x")).unwrap();
        assert_eq!((&d[..], bom), (&b"a;b\r\nc;d\r\n"[..], false));
        assert!(matches!(d, Cow::Borrowed(_)));
    }

    #[test]
    fn utf16_is_refused_with_a_message() {
        let err = vorbereiten(b"\xFF\xFEK\0u\0", Path::new("kunden.csv")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("kunden.csv") && text.contains("UTF-16"),
            "{text}"
        );
    }
}

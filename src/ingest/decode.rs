//! Turning the bytes of an export into text.
//!
//! VerBIS exports arrive as UTF-8 (with or without BOM) or, after a round trip through Excel,
//! as Windows-1252. SPEC §2 decides per line ([`super::satz::dekodieren`]); this module holds
//! what the streaming reader ([`super::strom`]) checks at a file's start and end: UTF-16
//! (Excel's "Unicode text") is refused with a clear message instead of being read as garbage,
//! old Mac line ends (CR only) are recognised, and a DOS end-of-file mark (Ctrl-Z) at the end
//! is ignored.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cr_only_and_ctrl_z() {
        assert!(nur_cr(b"a;b\rc;d\r"));
        assert!(!nur_cr(b"a;b\r\nc;d\r\n"));
        assert!(!nur_cr(b"a;b"));
        assert_eq!(ohne_dateiende(b"a;b\r\n\x1a\x1a"), b"a;b\r\n");
        assert_eq!(ohne_dateiende(b"a\x1a;b"), b"a\x1a;b");
    }

    #[test]
    fn utf16_is_refused_with_a_message() {
        let err = utf16_ablehnen(b"\xFF\xFEK\0u\0", Path::new("kunden.csv")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("kunden.csv") && text.contains("UTF-16"),
            "{text}"
        );
    }
}

//! Turning the bytes of an export into text.
//!
//! VerBIS exports arrive as UTF-8 (with or without BOM) or, after a round trip through Excel,
//! as Windows-1252. SPEC §2: a file that is not valid UTF-8 is Windows-1252. UTF-16 (Excel's
//! "Unicode text") is refused with a clear message instead of being read as garbage.

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
}

/// Decodes a whole file. Borrowed when the bytes are already UTF-8, so the common case does
/// not copy a large notes file.
pub fn dekodieren<'a>(bytes: &'a [u8], pfad: &Path) -> Ergebnis<(Cow<'a, str>, Kodierung)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Fehler::Kodierung {
            pfad: pfad.to_path_buf(),
            hinweis: "die Datei ist UTF-16 kodiert (Excel: „Unicode-Text“)".into(),
        });
    }
    let (rest, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    match std::str::from_utf8(rest) {
        Ok(text) => Ok((
            Cow::Borrowed(text),
            if bom {
                Kodierung::Utf8Bom
            } else {
                Kodierung::Utf8
            },
        )),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(rest);
            Ok((text, Kodierung::Windows1252))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dek(bytes: &[u8]) -> (String, Kodierung) {
        let (t, k) = dekodieren(bytes, Path::new("x.csv")).unwrap();
        (t.into_owned(), k)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            dek("Maßnahme".as_bytes()),
            ("Maßnahme".into(), Kodierung::Utf8)
        );
        assert_eq!(
            dek(b"\xEF\xBB\xBFGesch\xC3\xA4ftsstelle"),
            ("Geschäftsstelle".into(), Kodierung::Utf8Bom)
        );
    }

    #[test]
    fn windows_1252_keeps_umlauts_sharp_s_and_euro() {
        assert_eq!(
            dek(b"Gesch\xE4ftsstelle Stra\xDFe \x80"),
            ("Geschäftsstelle Straße €".into(), Kodierung::Windows1252)
        );
    }

    #[test]
    fn utf16_is_refused_with_a_message() {
        let err = dekodieren(b"\xFF\xFEK\0u\0", Path::new("kunden.csv")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("kunden.csv") && text.contains("UTF-16"),
            "{text}"
        );
    }
}

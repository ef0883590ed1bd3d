//! The workbook's zip container: its parts, inflated with every byte counted.
//!
//! A part's declared sizes are whatever the file says; what is counted is what the deflate
//! stream really produces. A part is refused, while inflating, once it passes [`TEIL_MAX`]
//! (more than any sheet Excel can save holds in practice) or inflates [`VERHAELTNIS_MAX`]
//! times its compressed bytes beyond [`VERHAELTNIS_AB`] (real sheets compress 5-30 fold; only
//! a bomb reaches that ratio) — so a bomb costs seconds and a buffer, not memory.

use std::io::{Cursor, Read};

use zip::ZipArchive;

/// Largest uncompressed part read.
pub const TEIL_MAX: u64 = 2 << 30;

/// Ratio of uncompressed to compressed bytes that only a bomb has …
pub const VERHAELTNIS_MAX: u64 = 250;

/// … once a part has inflated this far (small parts of repeated markup compress well).
pub const VERHAELTNIS_AB: u64 = 64 << 20;

/// The opened container.
pub struct Paket {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    /// Names of its parts, as stored.
    namen: Vec<String>,
    laenge: u64,
}

impl Paket {
    /// Opens `bytes` as a zip container; `None` if it is none.
    pub fn oeffnen(bytes: Vec<u8>) -> Option<Paket> {
        let laenge = bytes.len() as u64;
        let zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
        let namen = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.into_owned())
            .collect();
        Some(Paket { zip, namen, laenge })
    }

    /// The stored name of part `name` (zip names are compared without case, as Excel does).
    pub fn finden(&self, name: &str) -> Option<&str> {
        let name = name.trim_start_matches('/');
        self.namen
            .iter()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(String::as_str)
    }

    /// The text of a small part (at most `max` bytes: workbook, relationships, styles).
    pub fn klein_lesen(&mut self, name: &str, max: u64) -> Result<Option<Vec<u8>>, String> {
        let Some(mut teil) = self.teil(name)? else {
            return Ok(None);
        };
        let mut aus = Vec::new();
        (&mut teil)
            .take(max + 1)
            .read_to_end(&mut aus)
            .map_err(|e| e.to_string())?;
        if aus.len() as u64 > max {
            return Err(format!("der Teil {name} ist größer als {} MB", max >> 20));
        }
        Ok(Some(aus))
    }

    /// Part `name` as a counted stream, `None` if the container has no such part.
    pub fn teil(&mut self, name: &str) -> Result<Option<Teil<'_>>, String> {
        let Some(gespeichert) = self.finden(name).map(str::to_string) else {
            return Ok(None);
        };
        let laenge = self.laenge;
        let datei = self.zip.by_name(&gespeichert).map_err(|e| {
            tracing::debug!("zip: {e}");
            format!("der Teil {gespeichert} kann nicht entpackt werden")
        })?;
        // What the part may be compressed into is bounded by the file itself, whatever the
        // directory claims.
        let komprimiert = datei.compressed_size().clamp(1, laenge.max(1));
        Ok(Some(Teil {
            datei: Box::new(datei),
            name: gespeichert,
            komprimiert,
            entpackt: 0,
        }))
    }
}

/// One part being inflated.
pub struct Teil<'a> {
    datei: Box<dyn Read + 'a>,
    name: String,
    komprimiert: u64,
    entpackt: u64,
}

impl Read for Teil<'_> {
    fn read(&mut self, puffer: &mut [u8]) -> std::io::Result<usize> {
        let n = self.datei.read(puffer).map_err(|e| {
            tracing::debug!("zip {}: {e}", self.name);
            std::io::Error::other(format!(
                "der Teil {} ist beschädigt oder unvollständig (abgebrochene Übertragung?)",
                self.name
            ))
        })?;
        self.entpackt += n as u64;
        if let Some(grund) = bombe(&self.name, self.entpackt, self.komprimiert) {
            return Err(std::io::Error::other(grund));
        }
        Ok(n)
    }
}

/// Why a part that has inflated to `entpackt` bytes from `komprimiert` is refused, if it is.
pub fn bombe(name: &str, entpackt: u64, komprimiert: u64) -> Option<String> {
    if entpackt > TEIL_MAX {
        return Some(format!(
            "der Teil {name} entpackt sich zu mehr als {} GB – mehr, als ein Tabellenblatt \
             fasst; die Datei wird nicht gelesen",
            TEIL_MAX >> 30
        ));
    }
    if entpackt > VERHAELTNIS_AB && entpackt / komprimiert > VERHAELTNIS_MAX {
        return Some(format!(
            "der Teil {name} entpackt sich auf mehr als das {VERHAELTNIS_MAX}-Fache seiner Größe \
             – so verdichtet sich keine echte Tabelle (eine „Zip-Bombe“); die Datei wird nicht \
             gelesen"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bomb_limits_at_their_boundaries() {
        assert_eq!(bombe("t", TEIL_MAX, TEIL_MAX), None);
        assert!(bombe("t", TEIL_MAX + 1, TEIL_MAX).unwrap().contains("2 GB"));
        // Ratio: counted only past VERHAELTNIS_AB.
        assert_eq!(bombe("t", VERHAELTNIS_AB, 1), None);
        let k = (VERHAELTNIS_AB + 1).div_ceil(VERHAELTNIS_MAX);
        assert_eq!(bombe("t", k * VERHAELTNIS_MAX, k), None);
        assert!(bombe("t", (k * VERHAELTNIS_MAX) + k, k)
            .unwrap()
            .contains("250-Fache"));
    }
}

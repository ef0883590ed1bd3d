//! Site column names (`--spalten FILE`, SPEC §2): a site's headers for the contract's columns.
//!
//! The file maps, per export, the name this contract uses to the header the site's export
//! has; the header is then matched like any header (trimmed, case-insensitive). A name that
//! is not an export or not one of its columns stops the run: a typo would otherwise leave a
//! column silently unmapped.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{normalisieren, Spalte};
use crate::error::{Ergebnis, Fehler};

/// Every export and its columns: what a mapping may name.
pub const EXPORTE: [(&str, &[Spalte]); 5] = [
    ("kunden", super::kunden::SPALTEN),
    ("vermerke", super::vermerke::SPALTEN),
    ("organisation", super::organisation::SPALTEN),
    ("personal", super::personal::SPALTEN),
    ("termine", super::termine::SPALTEN),
];

pub use super::quelle::Spaltennamen;
pub use super::table::Umbenennung;

impl Spaltennamen {
    /// Reads and checks a `--spalten` file.
    pub fn laden(pfad: &Path) -> Ergebnis<Spaltennamen> {
        let text = std::fs::read_to_string(pfad).map_err(|ursache| Fehler::DateiUnlesbar {
            pfad: pfad.to_path_buf(),
            ursache,
        })?;
        Self::aus_text(&text).map_err(|grund| Fehler::Spaltenzuordnung {
            pfad: pfad.to_path_buf(),
            grund,
        })
    }

    /// Parses and checks the TOML text; `Err` holds the German reason.
    pub fn aus_text(text: &str) -> Result<Spaltennamen, String> {
        let roh: BTreeMap<String, BTreeMap<String, toml::Value>> =
            toml::from_str(text).map_err(|e| {
                let zeile = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                    .unwrap_or(1);
                tracing::debug!("TOML: {}", e.message());
                format!(
                    "Zeile {zeile}: keine gültige Zuordnung. Erwartet wird je Export ein Abschnitt \
                     wie [kunden] mit Zeilen Spalte = \"Kopf der Datei\"; Namen mit Umlaut oder \
                     Leerzeichen in Anführungszeichen (\"Kundenstatus AV\" = \"Status\") oder \
                     umschrieben (Geschaeftsstelle = \"GS\")"
                )
            })?;
        let mut aus = BTreeMap::new();
        for (export, zuordnung) in roh {
            let Some((name, spalten)) = EXPORTE
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(&export))
            else {
                return Err(format!(
                    "unbekannter Export „{export}“ (bekannt: {})",
                    EXPORTE.map(|(n, _)| n).join(", ")
                ));
            };
            let mut u = Umbenennung::new();
            for (spalte, kopf) in zuordnung {
                // Matched like a header: `Geschaeftsstelle` and `GESCHÄFTSSTELLE` name it too.
                let gesucht = normalisieren(&spalte);
                let Some(s) = spalten.iter().find(|s| normalisieren(s.name) == gesucht) else {
                    return Err(format!(
                        "unbekannte Spalte „{spalte}“ in [{name}] (bekannt: {})",
                        spalten
                            .iter()
                            .map(|s| s.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                };
                let Some(kopf) = kopf.as_str() else {
                    return Err(format!(
                        "[{name}] {}: erwartet wird der Spaltenkopf als Text in Anführungszeichen",
                        s.name
                    ));
                };
                u.insert(s.name.to_string(), kopf.to_string());
            }
            aus.insert(name.to_string(), u);
        }
        Ok(Spaltennamen(aus))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_against_the_contract() {
        let s = Spaltennamen::aus_text(
            "[kunden]\nKundennummer = \"Kd.-Nr.\"\ngeburtsdatum = \"Geb.-Datum\"\n\"Kundenstatus AV\" = \"Status\"\n[Vermerke]\nVermerkdatum = \"Datum\"\n[organisation]\nGeschaeftsstelle = \"GS\"\n",
        )
        .unwrap();
        assert_eq!(s.fuer("kunden")["Kundennummer"], "Kd.-Nr.");
        assert_eq!(s.fuer("kunden")["Geburtsdatum"], "Geb.-Datum");
        assert_eq!(s.fuer("vermerke")["Vermerkdatum"], "Datum");
        assert_eq!(s.fuer("kunden")["Kundenstatus AV"], "Status");
        assert_eq!(s.fuer("organisation")["Geschäftsstelle"], "GS");
        let e = Spaltennamen::aus_text("[organisation]\nGeschäftsstelle = \"GS\"\n").unwrap_err();
        assert!(e.starts_with("Zeile 2: keine gültige Zuordnung"), "{e}");
        assert!(s.fuer("personal").is_empty());
        let e = Spaltennamen::aus_text("[kunde]\nKundennummer = \"x\"\n").unwrap_err();
        assert!(e.contains("unbekannter Export „kunde“"), "{e}");
        let e = Spaltennamen::aus_text("[kunden]\nKundenummer = \"x\"\n").unwrap_err();
        assert!(
            e.contains("unbekannte Spalte „Kundenummer“ in [kunden]"),
            "{e}"
        );
        let e = Spaltennamen::aus_text("[kunden]\nKundennummer = 5\n").unwrap_err();
        assert!(e.contains("als Text"), "{e}");
        assert!(Spaltennamen::aus_text("kunden = 1").is_err());
    }
}

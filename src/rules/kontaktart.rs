//! How a conversation was held (directive §4: in person, by video, by phone). The
//! conversation figures split by these classes; the export spells them freely.

/// The classes of the Kontaktart split, in the order the workbook shows them (also the
/// preference when one customer has several qualifying notes on one day: a day with an
/// in-person note was an in-person conversation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kontaktart {
    /// Persönliche Beratung in Präsenz (§4.1).
    Persoenlich,
    /// Videoberatung (§4.2).
    Video,
    /// Telefonische Beratung (§4.3).
    Telefon,
    /// Any other value (schriftlich, E-Mail, …): counted, but not a form the directive names.
    Sonstige,
    /// Kontaktart empty or column missing.
    OhneAngabe,
}

impl Kontaktart {
    /// All classes in display order.
    pub const ALLE: [Kontaktart; 5] = [
        Kontaktart::Persoenlich,
        Kontaktart::Video,
        Kontaktart::Telefon,
        Kontaktart::Sonstige,
        Kontaktart::OhneAngabe,
    ];

    /// Classifies an exported value: trimmed, case-insensitive, umlaut spelt or transcribed.
    pub fn einordnen(wert: &str) -> Kontaktart {
        let w = wert.trim().to_lowercase();
        if w.is_empty() {
            Kontaktart::OhneAngabe
        } else if w.starts_with("persönlich") || w.starts_with("persoenlich") || w == "präsenz" {
            Kontaktart::Persoenlich
        } else if w.starts_with("video") {
            Kontaktart::Video
        } else if w.starts_with("telefon") {
            Kontaktart::Telefon
        } else {
            Kontaktart::Sonstige
        }
    }

    /// Column heading in the workbook.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Kontaktart::Persoenlich => "Persönlich",
            Kontaktart::Video => "Video",
            Kontaktart::Telefon => "Telefon",
            Kontaktart::Sonstige => "Sonstige (z. B. schriftlich)",
            Kontaktart::OhneAngabe => "ohne Angabe",
        }
    }

    /// Stable code for the SQL frame.
    pub fn nr(self) -> i32 {
        self as i32 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::Kontaktart as K;

    #[test]
    fn spellings() {
        for (w, k) in [
            ("Persönlich", K::Persoenlich),
            (" PERSÖNLICH ", K::Persoenlich),
            ("persoenlich", K::Persoenlich),
            ("Präsenz", K::Persoenlich),
            ("Video", K::Video),
            ("Videoberatung", K::Video),
            ("Telefon", K::Telefon),
            ("telefonisch", K::Telefon),
            ("Schriftlich", K::Sonstige),
            ("E-Mail", K::Sonstige),
            ("", K::OhneAngabe),
            ("  ", K::OhneAngabe),
        ] {
            assert_eq!(K::einordnen(w), k, "{w:?}");
        }
        assert!(K::Persoenlich < K::Video && K::Telefon < K::OhneAngabe);
    }
}

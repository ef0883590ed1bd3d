//! Number formats of the workbook's styles: what a number cell reads as (SPEC §2: as Excel
//! displays it — a date cell is a date, a zero-padded Kundennummer keeps its zeros).

use super::xml::{Ereignis, XmlLeser};

/// How a number cell is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zahlformat {
    /// Shortest decimal form (`611`, `0.5`).
    Allgemein,
    /// A date: the serial number as an ISO date.
    Datum,
    /// A whole number padded with zeros to this many digits (`0000000000`).
    Nullen(u8),
}

/// The formats by the cell's style index (`s`).
#[derive(Debug, Default)]
pub struct Formate {
    je_stil: Vec<Zahlformat>,
}

impl Formate {
    /// The format of style `s` (an unknown style is the general format, as in Excel).
    pub fn von(&self, s: usize) -> Zahlformat {
        self.je_stil
            .get(s)
            .copied()
            .unwrap_or(Zahlformat::Allgemein)
    }

    /// Reads `styles.xml`: the custom number formats and the cell formats (`cellXfs`).
    pub fn lesen(xml: &[u8]) -> Result<Formate, String> {
        let mut l = XmlLeser::neu(xml);
        let mut eigene: Vec<(u32, Zahlformat)> = Vec::new();
        let mut je_stil = Vec::new();
        let mut in_zellformaten = false;
        let mut wert = String::new();
        loop {
            match l.naechstes()? {
                Ereignis::Schluss => break,
                Ereignis::Start | Ereignis::Leer => match l.name() {
                    b"numFmt" => {
                        let id = if l.attribut(b"numFmtId", &mut wert)? {
                            wert.trim().parse::<u32>().ok()
                        } else {
                            None
                        };
                        if let (Some(id), true) = (id, l.attribut(b"formatCode", &mut wert)?) {
                            eigene.push((id, code_deuten(&wert)));
                        }
                    }
                    b"cellXfs" => in_zellformaten = true,
                    b"xf" if in_zellformaten => {
                        let id = if l.attribut(b"numFmtId", &mut wert)? {
                            wert.trim().parse::<u32>().unwrap_or(0)
                        } else {
                            0
                        };
                        let format = eigene
                            .iter()
                            .find(|(i, _)| *i == id)
                            .map_or_else(|| eingebaut(id), |(_, f)| *f);
                        je_stil.push(format);
                    }
                    _ => {}
                },
                Ereignis::Ende if l.name() == b"cellXfs" => in_zellformaten = false,
                _ => {}
            }
        }
        Ok(Formate { je_stil })
    }
}

/// Excel's built-in formats (ECMA-376 §18.8.30): 14-17, 22 and the East Asian date formats are
/// dates; 18-21 and 45-47 are times of day, shown as numbers here; 1 is `0`.
fn eingebaut(id: u32) -> Zahlformat {
    match id {
        14..=17 | 22 | 27..=36 | 50..=58 => Zahlformat::Datum,
        _ => Zahlformat::Allgemein,
    }
}

/// A custom format code: a date if its first section shows a day or a year, zero-padded if it
/// is nothing but zeros.
fn code_deuten(code: &str) -> Zahlformat {
    let erster = code.split(';').next().unwrap_or("");
    // Quoted text, escaped characters and [bracketed] colours / locales say nothing of the kind.
    let mut ohne = String::new();
    let mut zeichen = erster.chars();
    while let Some(c) = zeichen.next() {
        match c {
            '"' => {
                for d in zeichen.by_ref() {
                    if d == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                zeichen.next();
            }
            '[' => {
                for d in zeichen.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
            }
            c => ohne.push(c.to_ascii_lowercase()),
        }
    }
    if !ohne.is_empty() && ohne.bytes().all(|b| b == b'0') {
        return Zahlformat::Nullen(ohne.len().min(u8::MAX.into()) as u8);
    }
    // Format codes are stored in English whatever the user's language (`TT.MM.JJJJ` in a
    // German Excel is `dd.mm.yyyy` in the file); „General“ and a stray localised „Standard“
    // are the general format.
    if ohne != "general"
        && ohne != "standard"
        && ohne.contains(['d', 'y'])
        && !ohne.contains(['0', '#'])
    {
        return Zahlformat::Datum;
    }
    Zahlformat::Allgemein
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_codes() {
        for (code, f) in [
            ("0000000000", Zahlformat::Nullen(10)),
            ("00000;-00000", Zahlformat::Nullen(5)),
            ("0", Zahlformat::Nullen(1)),
            ("dd/mm/yyyy", Zahlformat::Datum),
            ("yyyy\\-mm\\-dd", Zahlformat::Datum),
            ("Standard", Zahlformat::Allgemein),
            ("[$-407]dd.mm.yy;@", Zahlformat::Datum),
            ("d\"d\"", Zahlformat::Datum),
            ("hh:mm", Zahlformat::Allgemein),
            // Literal text is not part of the value read.
            ("\"Tag \"00", Zahlformat::Nullen(2)),
            ("#,##0.00", Zahlformat::Allgemein),
            ("0.00", Zahlformat::Allgemein),
            ("General", Zahlformat::Allgemein),
        ] {
            assert_eq!(code_deuten(code), f, "{code}");
        }
    }

    #[test]
    fn styles_map_cell_formats_not_cell_style_formats() {
        let xml = br#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0000000000"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14" applyNumberFormat="1"/><xf/></cellXfs></styleSheet>"#;
        let f = Formate::lesen(xml).unwrap();
        assert_eq!(f.von(0), Zahlformat::Allgemein);
        assert_eq!(f.von(1), Zahlformat::Nullen(10));
        assert_eq!(f.von(2), Zahlformat::Datum);
        assert_eq!(f.von(3), Zahlformat::Allgemein);
        assert_eq!(f.von(99), Zahlformat::Allgemein);
    }
}

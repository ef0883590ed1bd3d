//! The workbook's shared strings: one text buffer and the end of each string in it.
//!
//! One `String` per entry cost 24 bytes of header and an allocation each: 60 million short
//! entries took the run past 1.5 GB. Packed, an entry costs its text and four bytes, and the
//! table is refused beyond [`SPEICHER_MAX`] — more text than any export sheet holds — before
//! memory runs out.

use std::io::Read;

use super::xml::{zu_lang, Ereignis, XmlLeser, TEXT_MAX};

/// Most bytes the table may take (text and ends together).
pub const SPEICHER_MAX: usize = 384 << 20;

#[derive(Debug, Default)]
pub struct Zeichenketten {
    text: String,
    enden: Vec<u32>,
}

impl Zeichenketten {
    /// Entry `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let ende = *self.enden.get(i)? as usize;
        let anfang = if i == 0 {
            0
        } else {
            self.enden[i - 1] as usize
        };
        Some(&self.text[anfang..ende])
    }

    pub fn len(&self) -> usize {
        self.enden.len()
    }

    /// Reads `sharedStrings.xml`: each `<si>`'s text — its `<t>`, or its rich-text runs'
    /// `<t>`s joined — without the phonetic hints (`<rPh>`) Excel keeps beside East Asian text.
    pub fn lesen(teil: impl Read) -> Result<Zeichenketten, String> {
        Self::lesen_bis(teil, SPEICHER_MAX)
    }

    /// [`Zeichenketten::lesen`] with at most `max` bytes of table.
    fn lesen_bis(teil: impl Read, max: usize) -> Result<Zeichenketten, String> {
        let mut l = XmlLeser::neu(teil);
        let mut z = Zeichenketten::default();
        let mut in_si = false;
        let mut in_t = false;
        let mut in_rph = 0u32;
        let mut zeichen = 0usize;
        loop {
            match l.naechstes()? {
                Ereignis::Schluss => break,
                Ereignis::Start => match l.name() {
                    b"si" => {
                        in_si = true;
                        zeichen = 0;
                    }
                    b"t" => in_t = true,
                    b"rPh" => in_rph += 1,
                    _ => {}
                },
                Ereignis::Leer if l.name() == b"si" => z.abschliessen(max)?,
                Ereignis::Ende => match l.name() {
                    b"si" => {
                        in_si = false;
                        z.abschliessen(max)?;
                    }
                    b"t" => in_t = false,
                    b"rPh" => in_rph = in_rph.saturating_sub(1),
                    _ => {}
                },
                Ereignis::Text if in_si && in_t && in_rph == 0 => {
                    zeichen += l.text().chars().count();
                    if zeichen > TEXT_MAX {
                        return Err(zu_lang());
                    }
                    z.text.push_str(l.text());
                    z.pruefen(max)?;
                }
                _ => {}
            }
        }
        Ok(z)
    }

    fn abschliessen(&mut self, max: usize) -> Result<(), String> {
        self.enden.push(self.text.len() as u32);
        self.pruefen(max)
    }

    fn pruefen(&self, max: usize) -> Result<(), String> {
        if self.text.len() + 4 * self.enden.len() > max {
            return Err(format!(
                "die Tabelle der Zeichenketten (sharedStrings.xml) braucht mehr als {} MB – mehr \
                 Text, als ein Export enthält; bitte als CSV exportieren",
                max >> 20
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rich_empty_and_phonetic_entries() {
        let xml = "<sst><si><t>A1</t></si><si><r><t>Wei</t></r><r><rPr/><t>ß</t></r>\
                   <rPh><t>ヨミ</t></rPh></si><si/><si><t/></si><si><t xml:space=\"preserve\"> x </t></si></sst>";
        let z = Zeichenketten::lesen(xml.as_bytes()).unwrap();
        assert_eq!(z.len(), 5);
        let alle: Vec<_> = (0..5).map(|i| z.get(i).unwrap()).collect();
        assert_eq!(alle, ["A1", "Weiß", "", "", " x "]);
        assert_eq!(z.get(5), None);
    }

    #[test]
    fn the_table_is_refused_past_its_memory_budget() {
        // Four entries of two bytes: 8 bytes of text and 16 of ends.
        let xml =
            "<sst><si><t>ab</t></si><si><t>cd</t></si><si><t>ef</t></si><si><t>gh</t></si></sst>";
        assert_eq!(
            Zeichenketten::lesen_bis(xml.as_bytes(), 24).unwrap().len(),
            4
        );
        assert!(Zeichenketten::lesen_bis(xml.as_bytes(), 23)
            .unwrap_err()
            .contains("Zeichenketten"));
    }

    #[test]
    fn a_string_longer_than_a_cell_is_refused() {
        let xml = format!(
            "<sst><si><r><t>{}</t></r><r><t>{}</t></r></si></sst>",
            "a".repeat(TEXT_MAX),
            "b"
        );
        assert!(Zeichenketten::lesen(xml.as_bytes())
            .unwrap_err()
            .contains("32.767"));
    }
}

//! A pull reader for the XML of a workbook's parts, as an explicit state machine over a fixed
//! buffer (the shape of csv-core's reader).
//!
//! Why not an XML crate: a general reader keeps a text node or a tag whole in memory, however
//! long it is — one 1.2 GB cell took the run past 1.5 GB. This one refuses a tag longer than
//! [`TAG_MAX`] and a text longer than [`TEXT_MAX`] characters (Excel's limit per cell) as soon as
//! it gets there, and never expands anything but XML's five entities and character
//! references: a `<!DOCTYPE` (no workbook part has one) is refused rather than read.

use std::io::Read;

/// Longest tag read (name and attributes); the longest in real workbooks is a few hundred bytes.
pub const TAG_MAX: usize = 64 * 1024;

/// Most characters of one text (Excel's limit for a cell).
pub const TEXT_MAX: usize = 32_767;

/// Bytes read from the part at a time.
const PUFFER: usize = 64 * 1024;

/// What [`XmlLeser::naechstes`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ereignis {
    /// `<name …>`: [`XmlLeser::name`] and [`XmlLeser::attribut`] tell which.
    Start,
    /// `<name …/>`.
    Leer,
    /// `</name>`.
    Ende,
    /// Text between tags (entities decoded): [`XmlLeser::text`].
    Text,
    /// The end of the part.
    Schluss,
}

/// The reader: a part's bytes in, events out.
pub struct XmlLeser<R> {
    quelle: R,
    puffer: Box<[u8]>,
    pos: usize,
    ende: usize,
    eof: bool,
    /// The current tag's bytes between `<` and `>`.
    tag: Vec<u8>,
    /// Where the local name (without prefix) lies in `tag`.
    name: (usize, usize),
    /// The current text, decoded.
    text: String,
    /// Raw text bytes before decoding.
    roh: Vec<u8>,
}

impl<R: Read> XmlLeser<R> {
    pub fn neu(quelle: R) -> XmlLeser<R> {
        XmlLeser {
            quelle,
            puffer: vec![0; PUFFER].into_boxed_slice(),
            pos: 0,
            ende: 0,
            eof: false,
            tag: Vec::new(),
            name: (0, 0),
            text: String::new(),
            roh: Vec::new(),
        }
    }

    /// The local name of the current tag (`row` for `<x:row>`).
    pub fn name(&self) -> &[u8] {
        &self.tag[self.name.0..self.name.1]
    }

    /// The current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Makes sure unread bytes are in the buffer; `false` at the end of the part.
    fn fuellen(&mut self) -> Result<bool, String> {
        if self.pos < self.ende {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.pos = 0;
        self.ende = 0;
        loop {
            match self.quelle.read(&mut self.puffer) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.ende = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.to_string()),
            }
        }
    }

    /// The next event.
    pub fn naechstes(&mut self) -> Result<Ereignis, String> {
        loop {
            if !self.fuellen()? {
                return Ok(Ereignis::Schluss);
            }
            if self.puffer[self.pos] != b'<' {
                self.text_lesen()?;
                return Ok(Ereignis::Text);
            }
            self.pos += 1;
            // Comments, CDATA and declarations are read without quote rules: an apostrophe in
            // a comment is no attribute value.
            if self.fuellen()? && self.puffer[self.pos] == b'!' {
                self.tag.clear();
                self.tag_lesen_roh()?;
            } else {
                self.tag_lesen()?;
            }
            let t = &self.tag;
            if t.starts_with(b"?") {
                continue; // processing instruction, the XML declaration
            }
            if t.starts_with(b"!--") {
                self.weiter_bis(b"--")?;
                continue;
            }
            if t.starts_with(b"![CDATA[") {
                self.weiter_bis(b"]]")?;
                let inhalt = &self.tag[8..self.tag.len() - 2];
                self.text.clear();
                let s = std::str::from_utf8(inhalt).map_err(|_| KEIN_UTF8.to_string())?;
                if s.chars().count() > TEXT_MAX {
                    return Err(zu_lang());
                }
                self.text.push_str(s);
                return Ok(Ereignis::Text);
            }
            if t.starts_with(b"!") {
                return Err(
                    "der Teil enthält eine Dokumenttyp-Deklaration (<!DOCTYPE …>), \
                            die keine Excel-Arbeitsmappe enthält"
                        .into(),
                );
            }
            let (ereignis, von) = if t.starts_with(b"/") {
                (Ereignis::Ende, 1)
            } else if t.ends_with(b"/") {
                (Ereignis::Leer, 0)
            } else {
                (Ereignis::Start, 0)
            };
            let bis = t[von..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'/')
                .map_or(t.len(), |i| von + i);
            let anfang = t[von..bis]
                .iter()
                .rposition(|b| *b == b':')
                .map_or(von, |i| von + i + 1);
            self.name = (anfang, bis);
            return Ok(ereignis);
        }
    }

    /// Reads a tag up to its closing `>` (which may stand inside a quoted attribute value).
    fn tag_lesen(&mut self) -> Result<(), String> {
        self.tag.clear();
        let mut quote: Option<u8> = None;
        loop {
            if !self.fuellen()? {
                return Err(ABGESCHNITTEN.into());
            }
            let stueck = &self.puffer[self.pos..self.ende];
            for (i, &b) in stueck.iter().enumerate() {
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => {
                        self.tag.extend_from_slice(&stueck[..i]);
                        self.pos += i + 1;
                        return self.tag_laenge();
                    }
                    None => {}
                }
            }
            self.tag.extend_from_slice(stueck);
            self.pos = self.ende;
            self.tag_laenge()?;
        }
    }

    fn tag_laenge(&self) -> Result<(), String> {
        if self.tag.len() > TAG_MAX {
            Err(format!(
                "ein Element ist länger als {} KB – so lang ist keines in einer Excel-Datei",
                TAG_MAX / 1024
            ))
        } else {
            Ok(())
        }
    }

    /// For comments and CDATA: reads on (into `tag`) until the tag read so far ends in `schluss`
    /// followed by `>`.
    fn weiter_bis(&mut self, schluss: &[u8]) -> Result<(), String> {
        while !self.tag.ends_with(schluss) || self.tag.len() < 3 + schluss.len() {
            self.tag.push(b'>');
            self.tag_lesen_roh()?;
        }
        Ok(())
    }

    /// Appends the bytes up to the next `>` to `tag`, quotes not considered.
    fn tag_lesen_roh(&mut self) -> Result<(), String> {
        loop {
            if !self.fuellen()? {
                return Err(ABGESCHNITTEN.into());
            }
            let stueck = &self.puffer[self.pos..self.ende];
            if let Some(i) = memchr::memchr(b'>', stueck) {
                self.tag.extend_from_slice(&stueck[..i]);
                self.pos += i + 1;
                return self.tag_laenge_text();
            }
            self.tag.extend_from_slice(stueck);
            self.pos = self.ende;
            self.tag_laenge_text()?;
        }
    }

    /// A comment or CDATA section may be as long as a cell's text, in bytes of UTF-8.
    fn tag_laenge_text(&self) -> Result<(), String> {
        if self.tag.len() > TEXT_MAX * 4 + TAG_MAX {
            Err(zu_lang())
        } else {
            Ok(())
        }
    }

    /// Reads text up to the next `<` and decodes it into `text`.
    fn text_lesen(&mut self) -> Result<(), String> {
        self.roh.clear();
        // Each character is at most 10 bytes of XML (`&#x10FFFF;`): more raw bytes than that
        // are more characters than a cell holds.
        let grenze = TEXT_MAX * 10;
        loop {
            if !self.fuellen()? {
                break;
            }
            let stueck = &self.puffer[self.pos..self.ende];
            match memchr::memchr(b'<', stueck) {
                Some(i) => {
                    self.roh.extend_from_slice(&stueck[..i]);
                    self.pos += i;
                    break;
                }
                None => {
                    self.roh.extend_from_slice(stueck);
                    self.pos = self.ende;
                }
            }
            if self.roh.len() > grenze {
                return Err(zu_lang());
            }
        }
        self.text.clear();
        entschluesseln(&self.roh, &mut self.text)?;
        if self.text.len() > TEXT_MAX && self.text.chars().count() > TEXT_MAX {
            return Err(zu_lang());
        }
        Ok(())
    }

    /// The value of attribute `name` (local name, entities decoded) of the current tag.
    pub fn attribut(&self, name: &[u8], wert: &mut String) -> Result<bool, String> {
        let t = &self.tag[self.name.1..];
        let mut i = 0;
        while i < t.len() {
            while i < t.len() && (t[i].is_ascii_whitespace() || t[i] == b'/') {
                i += 1;
            }
            let a = i;
            while i < t.len() && t[i] != b'=' && !t[i].is_ascii_whitespace() {
                i += 1;
            }
            let schluessel = &t[a..i];
            while i < t.len() && (t[i].is_ascii_whitespace() || t[i] == b'=') {
                i += 1;
            }
            let Some(&q) = t.get(i) else { break };
            if q != b'"' && q != b'\'' {
                return Err("ein Attribut ohne Anführungszeichen".into());
            }
            let Some(l) = memchr::memchr(q, &t[i + 1..]) else {
                return Err(ABGESCHNITTEN.into());
            };
            let roh = &t[i + 1..i + 1 + l];
            i += l + 2;
            let lokal = schluessel
                .iter()
                .rposition(|b| *b == b':')
                .map_or(schluessel, |p| &schluessel[p + 1..]);
            // `r:id` and `id` are different attributes; only unprefixed names and the
            // relationship id are asked for.
            let passt = lokal == name && (schluessel.len() == lokal.len() || name == b"id");
            if passt {
                wert.clear();
                entschluesseln(roh, wert)?;
                return Ok(true);
            }
        }
        Ok(false)
    }
}

const KEIN_UTF8: &str = "der Text ist kein gültiges UTF-8";
const ABGESCHNITTEN: &str = "der Teil bricht mitten in einem Element ab";

/// The reason for a text past Excel's limit for a cell.
pub fn zu_lang() -> String {
    // TEXT_MAX written the German way.
    "eine Zelle oder Zeichenkette hat mehr als 32.767 Zeichen – Excel erlaubt je Zelle \
     höchstens so viele"
        .to_string()
}

/// Decodes XML text: the five entities and character references; anything else stays as it is.
fn entschluesseln(roh: &[u8], aus: &mut String) -> Result<(), String> {
    let s = simdutf8::basic::from_utf8(roh).map_err(|_| KEIN_UTF8.to_string())?;
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        aus.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(e) = rest.find(';').filter(|e| *e <= 12) else {
            aus.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..e];
        let zeichen = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match zeichen {
            Some(z) => {
                aus.push(z);
                rest = &rest[e + 1..];
            }
            None => {
                aus.push('&');
                rest = &rest[1..];
            }
        }
    }
    aus.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ereignisse(xml: &str) -> Result<Vec<String>, String> {
        let mut l = XmlLeser::neu(xml.as_bytes());
        let mut aus = Vec::new();
        let mut wert = String::new();
        loop {
            let e = l.naechstes()?;
            let name = String::from_utf8(l.name().to_vec()).unwrap();
            match e {
                Ereignis::Schluss => return Ok(aus),
                Ereignis::Text => aus.push(format!("T{}", l.text())),
                Ereignis::Ende => aus.push(format!("/{name}")),
                Ereignis::Start | Ereignis::Leer => {
                    let r = if l.attribut(b"r", &mut wert)? {
                        format!("@{wert}")
                    } else {
                        String::new()
                    };
                    let leer = if e == Ereignis::Leer { "/" } else { "" };
                    aus.push(format!("<{name}{r}{leer}"));
                }
            }
        }
    }

    #[test]
    fn tags_text_entities_prefixes_and_quoted_brackets() {
        let xml = "<?xml version=\"1.0\"?><!-- it's a > b --><x:row r=\"3\" spans='1:2'>\
                   <c r=\"A3\" t=\"x>y\"/><v>a &amp; b &#x4E; &#252; &bogus; &</v>\
                   <![CDATA[<kein Tag>]]></x:row>";
        assert_eq!(
            ereignisse(xml).unwrap(),
            [
                "<row@3",
                "<c@A3/",
                "<v",
                "Ta & b N ü &bogus; &",
                "/v",
                "T<kein Tag>",
                "/row"
            ]
        );
    }

    #[test]
    fn over_long_texts_and_tags_and_doctypes_are_refused_without_reading_them_whole() {
        let lang = format!("<v>{}</v>", "x".repeat(TEXT_MAX + 1));
        assert!(ereignisse(&lang).unwrap_err().contains("32.767"));
        let genau = format!("<v>{}</v>", "ü".repeat(TEXT_MAX));
        assert!(ereignisse(&genau).is_ok());
        let tag = format!("<c {}/>", "a=\"b\" ".repeat(TAG_MAX / 6 + 1));
        assert!(ereignisse(&tag).unwrap_err().contains("KB"));
        assert!(ereignisse("<!DOCTYPE x [<!ENTITY a \"b\">]><x/>")
            .unwrap_err()
            .contains("DOCTYPE"));
        assert!(ereignisse("<row r=\"1").unwrap_err().contains("bricht"));
        // A prefixed attribute is not the plain one.
        assert_eq!(ereignisse("<c x:r=\"5\"/>").unwrap(), ["<c/"]);
    }
}

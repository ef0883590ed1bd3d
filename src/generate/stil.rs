//! The format of a generated export file: quoting, line ends, BOM, encoding, date format,
//! header case, column order — the variety real exports have.

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// How quotes are used in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Quoting {
    /// Never (fields hold no `;`).
    Keine,
    /// Only the header's names (Excel, SAS and many warehouse exports).
    NurKopf,
    /// Where a field needs it.
    Noetig,
    /// Every field of every line.
    Alle,
}

/// The format of one export file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stil {
    quoting: Quoting,
    crlf: bool,
    bom: bool,
    windows1252: bool,
    /// 0: `TT.MM.JJJJ`, 1: `T.M.JJJJ`, 2: `JJJJ-MM-TT`.
    datum: u8,
    /// Header names in capitals.
    gross: bool,
    /// Columns in reverse order.
    umgekehrt: bool,
}

impl Stil {
    /// The default kunden.csv: UTF-8 with BOM, CRLF, German dates.
    pub(super) const KUNDEN: Stil = Stil {
        quoting: Quoting::Keine,
        crlf: true,
        bom: true,
        windows1252: false,
        datum: 0,
        gross: false,
        umgekehrt: false,
    };
    /// The default vermerke.csv: UTF-8, LF, ISO dates.
    pub(super) const VERMERKE: Stil = Stil {
        crlf: false,
        bom: false,
        datum: 2,
        ..Stil::KUNDEN
    };
    /// The default termine.csv: quoted header (as calendar tools write it), CRLF, German dates.
    pub(super) const TERMINE: Stil = Stil {
        quoting: Quoting::NurKopf,
        bom: false,
        ..Stil::KUNDEN
    };
    pub(super) fn zufaellig(rng: &mut ChaCha8Rng) -> Stil {
        let windows1252 = rng.random_bool(0.3);
        Stil {
            quoting: [
                Quoting::Keine,
                Quoting::NurKopf,
                Quoting::Noetig,
                Quoting::Alle,
            ][rng.random_range(0..4)],
            crlf: rng.random_bool(0.5),
            bom: !windows1252 && rng.random_bool(0.3),
            windows1252,
            datum: rng.random_range(0..3),
            gross: rng.random_bool(0.2),
            umgekehrt: rng.random_bool(0.3),
        }
    }

    pub(super) fn datum(&self, d: NaiveDate) -> String {
        match self.datum {
            0 => d.format("%d.%m.%Y").to_string(),
            1 => d.format("%-d.%-m.%Y").to_string(),
            _ => d.to_string(),
        }
    }

    /// Writes the header and the rows in this style.
    pub(super) fn tabelle(
        &self,
        w: &mut impl std::io::Write,
        kopf: &[&str],
        zeilen: impl Iterator<Item = Vec<String>>,
    ) -> std::io::Result<()> {
        if self.bom {
            w.write_all(b"\xEF\xBB\xBF")?;
        }
        let koepfe: Vec<String> = kopf
            .iter()
            .map(|k| {
                if self.gross {
                    k.to_uppercase()
                } else {
                    k.to_string()
                }
            })
            .collect();
        self.zeile(w, &koepfe, true)?;
        for z in zeilen {
            self.zeile(w, &z, false)?;
        }
        Ok(())
    }

    fn zeile(
        &self,
        w: &mut impl std::io::Write,
        felder: &[String],
        kopf: bool,
    ) -> std::io::Result<()> {
        let mut s = String::new();
        let n = felder.len();
        for i in 0..n {
            // Reversed column order only for full rows (a short bad row stays as it is).
            let f = if self.umgekehrt && (kopf || n > 2) {
                &felder[n - 1 - i]
            } else {
                &felder[i]
            };
            if i > 0 {
                s.push(';');
            }
            let noetig = f.contains([';', '"', '\n', '\r']);
            let quoten = match self.quoting {
                Quoting::Keine => noetig,
                Quoting::NurKopf => kopf || noetig,
                Quoting::Noetig => noetig,
                Quoting::Alle => true,
            };
            if quoten {
                s.push('"');
                s.push_str(&f.replace('"', "\"\""));
                s.push('"');
            } else {
                s.push_str(f);
            }
        }
        s.push_str(if self.crlf { "\r\n" } else { "\n" });
        if self.windows1252 {
            w.write_all(&encoding_rs::WINDOWS_1252.encode(&s).0)
        } else {
            w.write_all(s.as_bytes())
        }
    }
}

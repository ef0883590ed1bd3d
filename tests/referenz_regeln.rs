//! The reference model's reading of a rules file (SPEC §3 „The rules file“), sharing no code with
//! the crate: the version in force is found by comparing dates as ISO text, and the group
//! conditions are evaluated by a small recursive-descent reading of the SPEC's grammar
//! (comparisons, IN, NOT IN, AND, OR, NOT, parentheses, text and number literals) — not by
//! sqlparser and polars, which the crate uses.

use std::collections::HashMap;

/// One group of the version in force.
pub struct Regelgruppe {
    pub id: String,
    pub zielwert: i64,
    pub mindestwert: i64,
    bedingung: Option<Ausdruck>,
}

/// The version in force at `stichtag` (`JJJJ-MM-TT`): its version string and groups.
pub fn fassung_am(text: &str, stichtag: &str) -> Option<(String, Vec<Regelgruppe>)> {
    let wert: toml::Value = toml::from_str(text).unwrap();
    let mut beste: Option<(String, &toml::Value)> = None;
    for f in wert["fassung"].as_array().unwrap() {
        let ab = f["in_kraft_ab"].to_string();
        if ab.as_str() <= stichtag && beste.as_ref().is_none_or(|(b, _)| ab > *b) {
            beste = Some((ab, f));
        }
    }
    let (_, f) = beste?;
    let gruppen = f["gruppe"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| Regelgruppe {
            id: g["id"].as_str().unwrap().to_string(),
            zielwert: g["zielwert"].as_integer().unwrap(),
            mindestwert: g["mindestwert"].as_integer().unwrap(),
            bedingung: g
                .get("bedingung")
                .map(|b| Leser::neu(b.as_str().unwrap()).alles()),
        })
        .collect();
    Some((f["version"].as_str().unwrap().to_string(), gruppen))
}

/// A customer's values as a condition sees them.
pub struct Werte<'a> {
    pub alter: i64,
    pub fallmanagement: bool,
    pub massnahmeteilnahme: bool,
    /// Every column of `kunden.csv` by its header (lower case, `ß` as `ss`), trimmed.
    pub spalten: &'a HashMap<String, String>,
}

/// Index of the first group whose condition holds (the last has none).
pub fn gruppe_von(gruppen: &[Regelgruppe], w: &Werte) -> usize {
    gruppen
        .iter()
        .position(|g| {
            g.bedingung
                .as_ref()
                .is_none_or(|b| b.wert(w) == Wert::Wahr(true))
        })
        .unwrap()
}

/// A header as a condition names it: `ä/ö/ü` as `ae/oe/ue`, blanks as `_`.
fn name(kopf: &str) -> String {
    kopf.replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace(' ', "_")
}

#[derive(Debug, Clone, PartialEq)]
enum Wert {
    Zahl(f64),
    Text(String),
    Wahr(bool),
}

#[derive(Debug)]
enum Ausdruck {
    Spalte(String),
    Wert(Wert),
    Nicht(Box<Ausdruck>),
    Und(Box<Ausdruck>, Box<Ausdruck>),
    Oder(Box<Ausdruck>, Box<Ausdruck>),
    Vergleich(Box<Ausdruck>, String, Box<Ausdruck>),
    In(Box<Ausdruck>, Vec<Ausdruck>, bool),
}

impl Ausdruck {
    fn wert(&self, w: &Werte) -> Wert {
        match self {
            Ausdruck::Spalte(s) => match s.as_str() {
                "alter" => Wert::Zahl(w.alter as f64),
                "fallmanagement" => Wert::Wahr(w.fallmanagement),
                "massnahmeteilnahme" => Wert::Wahr(w.massnahmeteilnahme),
                s => Wert::Text(
                    w.spalten
                        .iter()
                        .find(|(k, _)| name(k) == s)
                        .map(|(_, v)| v.to_lowercase())
                        .unwrap_or_default(),
                ),
            },
            Ausdruck::Wert(v) => v.clone(),
            Ausdruck::Nicht(a) => Wert::Wahr(a.wert(w) != Wert::Wahr(true)),
            Ausdruck::Und(a, b) => {
                Wert::Wahr(a.wert(w) == Wert::Wahr(true) && b.wert(w) == Wert::Wahr(true))
            }
            Ausdruck::Oder(a, b) => {
                Wert::Wahr(a.wert(w) == Wert::Wahr(true) || b.wert(w) == Wert::Wahr(true))
            }
            Ausdruck::Vergleich(a, op, b) => {
                let o = match (a.wert(w), b.wert(w)) {
                    (Wert::Zahl(x), Wert::Zahl(y)) => x.partial_cmp(&y).unwrap(),
                    (Wert::Text(x), Wert::Text(y)) => x.cmp(&y),
                    (Wert::Wahr(x), Wert::Wahr(y)) => x.cmp(&y),
                    (x, y) => panic!("compared {x:?} with {y:?}"),
                };
                use std::cmp::Ordering::*;
                Wert::Wahr(match op.as_str() {
                    "=" => o == Equal,
                    "<>" | "!=" => o != Equal,
                    "<" => o == Less,
                    "<=" => o != Greater,
                    ">" => o == Greater,
                    ">=" => o != Less,
                    _ => unreachable!(),
                })
            }
            Ausdruck::In(a, liste, nicht) => {
                let x = a.wert(w);
                Wert::Wahr(liste.iter().any(|e| e.wert(w) == x) != *nicht)
            }
        }
    }
}

/// Reads a condition token by token.
struct Leser {
    teile: Vec<String>,
    pos: usize,
}

impl Leser {
    fn neu(text: &str) -> Leser {
        let c: Vec<char> = text.chars().collect();
        let mut teile = Vec::new();
        let mut i = 0;
        while i < c.len() {
            if c[i].is_whitespace() {
                i += 1;
            } else if c[i] == '\'' {
                let mut s = String::from("'");
                i += 1;
                while c[i] != '\'' {
                    s.push(c[i]);
                    i += 1;
                }
                i += 1;
                teile.push(s);
            } else if "<>=!".contains(c[i]) {
                let mut s = c[i].to_string();
                if i + 1 < c.len() && "<>=".contains(c[i + 1]) {
                    s.push(c[i + 1]);
                    i += 1;
                }
                i += 1;
                teile.push(s);
            } else if "(),".contains(c[i]) {
                teile.push(c[i].to_string());
                i += 1;
            } else {
                let mut s = String::new();
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '.') {
                    s.push(c[i]);
                    i += 1;
                }
                if s.is_empty() {
                    // A sign or any other single character.
                    s.push(c[i]);
                    i += 1;
                }
                teile.push(s);
            }
        }
        Leser { teile, pos: 0 }
    }

    fn blick(&self) -> String {
        self.teile.get(self.pos).cloned().unwrap_or_default()
    }

    fn wort(&self, w: &str) -> bool {
        self.blick().eq_ignore_ascii_case(w)
    }

    fn nimm(&mut self) -> String {
        self.pos += 1;
        self.teile[self.pos - 1].clone()
    }

    fn alles(mut self) -> Ausdruck {
        let a = self.oder();
        assert_eq!(self.pos, self.teile.len(), "rest of {:?}", self.teile);
        a
    }

    fn oder(&mut self) -> Ausdruck {
        let mut a = self.und();
        while self.wort("OR") {
            self.nimm();
            a = Ausdruck::Oder(Box::new(a), Box::new(self.und()));
        }
        a
    }

    fn und(&mut self) -> Ausdruck {
        let mut a = self.nicht();
        while self.wort("AND") {
            self.nimm();
            a = Ausdruck::Und(Box::new(a), Box::new(self.nicht()));
        }
        a
    }

    fn nicht(&mut self) -> Ausdruck {
        if self.wort("NOT") {
            self.nimm();
            return Ausdruck::Nicht(Box::new(self.nicht()));
        }
        let a = self.einfach();
        let nicht_in = self.wort("NOT");
        if nicht_in {
            self.nimm();
        }
        if self.wort("IN") {
            self.nimm();
            assert_eq!(self.nimm(), "(");
            let mut liste = vec![self.einfach()];
            while self.blick() == "," {
                self.nimm();
                liste.push(self.einfach());
            }
            assert_eq!(self.nimm(), ")");
            return Ausdruck::In(Box::new(a), liste, nicht_in);
        }
        if ["=", "<>", "!=", "<", "<=", ">", ">="].contains(&self.blick().as_str()) {
            let op = self.nimm();
            return Ausdruck::Vergleich(Box::new(a), op, Box::new(self.einfach()));
        }
        a
    }

    fn einfach(&mut self) -> Ausdruck {
        let t = self.nimm();
        if t == "(" {
            let a = self.oder();
            assert_eq!(self.nimm(), ")");
            a
        } else if let Some(s) = t.strip_prefix('\'') {
            Ausdruck::Wert(Wert::Text(s.to_lowercase()))
        } else if t == "-" {
            let z: f64 = self.nimm().parse().unwrap();
            Ausdruck::Wert(Wert::Zahl(-z))
        } else if let Ok(z) = t.parse::<f64>() {
            Ausdruck::Wert(Wert::Zahl(z))
        } else if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
            Ausdruck::Wert(Wert::Wahr(t.eq_ignore_ascii_case("true")))
        } else {
            Ausdruck::Spalte(name(&t.to_lowercase().replace('ß', "ss")))
        }
    }
}

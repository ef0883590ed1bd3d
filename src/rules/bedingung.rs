//! A group condition of the rules file (SPEC §3 „The rules file“): a boolean expression in SQL
//! syntax over the customer's values at the Stichtag.
//!
//! The text is parsed by `sqlparser` — the parser polars' SQL engine itself uses — and checked
//! against the small grammar the contract allows (comparisons, `IN`, `AND`/`OR`/`NOT`,
//! parentheses, text and number literals). The checked tree is kept in a form of its own
//! ([`Knoten`]): column names normalised the way export headers are (`Kundenstatus AV` →
//! `kundenstatus_av`) and resolved to positions, text literals lower-cased (values are compared
//! trimmed and lower-cased, so `'Arbeitslos'` and `'arbeitslos'` are the same), numbers parsed.
//!
//! Why not polars' `sql_expr`: checking the conditions at start-up then starts polars' thread
//! pool and global state — `regeln` alone took 36 MB instead of 9 MB (`/usr/bin/time`), and
//! the trend's earlier months would start it before the notes pass. The grammar is five
//! constructs; evaluating them is a `match`.

use crate::ingest::table::spaltenname;
use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

/// A parsed, checked condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Bedingung {
    /// The condition in a canonical form (names normalised, texts lower-cased, brackets
    /// explicit): two conditions that decide alike read alike here. Since the extract cache
    /// (which keyed on it) is gone, only the tests read it, to check the parser.
    pub sql: String,
    /// The columns it names (normalised, first mention first, each once).
    pub spalten: Vec<String>,
    knoten: Knoten,
}

/// The type of a column or literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typ {
    /// `alter`.
    Zahl,
    /// The Ja/Nein columns.
    Wahrheitswert,
    /// Every other column, and text literals.
    Text,
}

/// A value as a condition sees it (texts trimmed and lower-cased by the caller).
#[derive(Debug, Clone, PartialEq)]
pub enum Wert<'a> {
    Zahl(f64),
    Wahrheitswert(bool),
    Text(&'a str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vergleich {
    Gleich,
    Ungleich,
    Kleiner,
    KleinerGleich,
    Groesser,
    GroesserGleich,
}

/// The checked tree.
#[derive(Debug, Clone, PartialEq)]
enum Knoten {
    /// Position in [`Bedingung::spalten`].
    Spalte(usize),
    Zahl(f64),
    Text(String),
    Wahrheitswert(bool),
    Nicht(Box<Knoten>),
    Und(Box<Knoten>, Box<Knoten>),
    Oder(Box<Knoten>, Box<Knoten>),
    Vergleich(Box<Knoten>, Vergleich, Box<Knoten>),
    In(Box<Knoten>, Vec<Knoten>, bool),
}

impl Bedingung {
    /// Parses and checks `text`; `Err` holds the German reason.
    pub fn lesen(text: &str) -> Result<Bedingung, String> {
        if text.trim().is_empty() {
            return Err("die Bedingung ist leer".into());
        }
        let mut parser = Parser::new(&GenericDialect)
            .try_with_sql(text)
            .map_err(|e| format!("Syntaxfehler: {}", parserfehler(&e)))?;
        let ausdruck = parser
            .parse_expr()
            .map_err(|e| format!("Syntaxfehler: {}", parserfehler(&e)))?;
        let rest = parser.peek_token();
        if rest.token != Token::EOF {
            return Err(format!(
                "Syntaxfehler: unerwartet „{}“ nach dem Ende des Ausdrucks",
                rest.token
            ));
        }
        let mut spalten = Vec::new();
        let knoten = umsetzen(&ausdruck, &mut spalten)?;
        let mut sql = String::new();
        schreiben(&knoten, &spalten, &mut sql);
        Ok(Bedingung {
            sql,
            spalten,
            knoten,
        })
    }

    /// Checks that the condition is a truth value over columns of the types `typ` gives (a
    /// number compared with a text fails here, when the rules are read).
    pub fn typen_pruefen(&self, typ: &dyn Fn(&str) -> Typ) -> Result<(), String> {
        let typen: Vec<Typ> = self.spalten.iter().map(|s| typ(s)).collect();
        match typ_von(&self.knoten, &typen, &self.spalten)? {
            Typ::Wahrheitswert => Ok(()),
            andere => Err(format!(
                "die Bedingung ergibt keinen Wahrheitswert, sondern {}",
                typname(andere)
            )),
        }
    }

    /// The condition in German words for the managers' Regeln sheet („fallmanagement AND
    /// alter >= 25“ → „im Fallmanagement und mindestens 25 Jahre alt“); the SQL stays for
    /// the audit.
    pub fn in_worten(&self) -> String {
        worte(&self.knoten, &self.spalten, false)
    }

    /// Whether the condition holds for the values `wert(i)` of its columns `spalten[i]`
    /// (checked by [`Self::typen_pruefen`]).
    pub fn gilt(&self, werte: &[Wert<'_>]) -> bool {
        auswerten(&self.knoten, werte) == Wert::Wahrheitswert(true)
    }
}

/// A column's name as a reader knows it: the contract's columns in words, a site's column
/// by its name with blanks.
fn spaltenwort(spalte: &str) -> String {
    match spalte {
        "alter" => "Alter".into(),
        "fallmanagement" => "im Fallmanagement".into(),
        "massnahmeteilnahme" => "in einer Maßnahme".into(),
        "kundenstatus_av" => "Kundenstatus AV".into(),
        "kundenstatus_bb" => "Kundenstatus BB".into(),
        andere => {
            let mut w = andere.replace('_', " ");
            if let Some(c) = w.get_mut(0..1) {
                c.make_ascii_uppercase();
            }
            w
        }
    }
}

/// A node in German (`in_klammern`: inside an AND, an OR needs brackets).
fn worte(k: &Knoten, spalten: &[String], in_klammern: bool) -> String {
    let wert = |k: &Knoten| match k {
        Knoten::Text(t) => format!("„{t}“"),
        // A whole number without decimals, a fraction with the German comma.
        Knoten::Zahl(z) => format!("{z}").replace('.', ","),
        Knoten::Wahrheitswert(b) => (if *b { "ja" } else { "nein" }).into(),
        andere => worte(andere, spalten, true),
    };
    match k {
        Knoten::Spalte(i) => spaltenwort(&spalten[*i]),
        Knoten::Zahl(_) | Knoten::Text(_) | Knoten::Wahrheitswert(_) => wert(k),
        Knoten::Nicht(x) => match x.as_ref() {
            Knoten::Spalte(i) => format!("nicht {}", spaltenwort(&spalten[*i])),
            andere => format!("nicht ({})", worte(andere, spalten, false)),
        },
        Knoten::Und(a, b) => format!(
            "{} und {}",
            worte(a, spalten, true),
            worte(b, spalten, true)
        ),
        Knoten::Oder(a, b) => {
            let w = format!(
                "{} oder {}",
                worte(a, spalten, false),
                worte(b, spalten, false)
            );
            if in_klammern {
                format!("({w})")
            } else {
                w
            }
        }
        Knoten::Vergleich(a, v, b) => {
            let links = worte(a, spalten, true);
            let rechts = wert(b);
            let alter = matches!(a.as_ref(), Knoten::Spalte(i) if spalten[*i] == "alter");
            match (v, alter) {
                (Vergleich::GroesserGleich, true) => format!("ab {rechts} Jahren"),
                (Vergleich::Kleiner, true) => format!("unter {rechts} Jahren"),
                (Vergleich::Groesser, true) => format!("über {rechts} Jahre"),
                (Vergleich::KleinerGleich, true) => format!("bis {rechts} Jahre"),
                (Vergleich::Gleich, _) => format!("{links} {rechts}"),
                (Vergleich::Ungleich, _) => format!("{links} nicht {rechts}"),
                (Vergleich::Kleiner, _) => format!("{links} unter {rechts}"),
                (Vergleich::KleinerGleich, _) => format!("{links} höchstens {rechts}"),
                (Vergleich::Groesser, _) => format!("{links} über {rechts}"),
                (Vergleich::GroesserGleich, _) => format!("{links} mindestens {rechts}"),
            }
        }
        Knoten::In(a, liste, negiert) => {
            let werte: Vec<String> = liste.iter().map(wert).collect();
            let werte = match werte.split_last() {
                Some((letzter, [])) => letzter.clone(),
                Some((letzter, rest)) => format!("{} oder {letzter}", rest.join(", ")),
                None => String::new(),
            };
            let nicht = if *negiert { "nicht " } else { "" };
            format!("{} {nicht}{werte}", worte(a, spalten, true))
        }
    }
}

/// sqlparser's message in German: what it expected and found, too deep a nesting, an open
/// text literal; anything else named as a syntax error with the English detail only in the
/// `--verbose` log.
fn parserfehler(e: &sqlparser::parser::ParserError) -> String {
    use sqlparser::parser::ParserError as P;
    let roh = match e {
        P::RecursionLimitExceeded => {
            return "zu tief verschachtelt (zu viele Klammern oder NOT)".into();
        }
        P::TokenizerError(t) | P::ParserError(t) => t.as_str(),
    };
    let deutsch = |t: &str| {
        let t = t.trim();
        match t {
            "EOF" | "end of statement" => "Ende der Bedingung".to_string(),
            "an expression" | "an expression:" => "ein Ausdruck".to_string(),
            _ => format!("„{}“", crate::error::kurz(t.trim_end_matches(':'), 40)),
        }
    };
    if let Some(rest) = roh.strip_prefix("Expected: ") {
        if let Some((erwartet, gefunden)) = rest.split_once(", found: ") {
            let gefunden = gefunden.split(" at Line:").next().unwrap_or(gefunden);
            return format!(
                "erwartet wird {}, gefunden: {}",
                deutsch(erwartet),
                deutsch(gefunden)
            );
        }
    }
    if roh.starts_with("Unterminated string literal") {
        return "Text ohne schließendes Anführungszeichen".into();
    }
    tracing::debug!("sqlparser: {roh}");
    "die Bedingung ist kein gültiger Ausdruck (Einzelheiten mit --verbose)".into()
}

const ERLAUBT: &str = "erlaubt: Vergleiche, IN, AND, OR, NOT, Klammern, Text und Zahlen";

/// sqlparser's tree → the checked tree, refusing anything outside SPEC §3's grammar.
fn umsetzen(e: &Expr, spalten: &mut Vec<String>) -> Result<Knoten, String> {
    let mut weiter = |e: &Expr| umsetzen(e, spalten).map(Box::new);
    Ok(match e {
        Expr::Identifier(id) => {
            let name = spaltenname(&id.value);
            let i = spalten.iter().position(|s| *s == name).unwrap_or_else(|| {
                spalten.push(name);
                spalten.len() - 1
            });
            Knoten::Spalte(i)
        }
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Knoten::Zahl(zahl(n)?),
            Value::SingleQuotedString(s) => Knoten::Text(s.to_lowercase()),
            Value::Boolean(b) => Knoten::Wahrheitswert(*b),
            andere => return Err(format!("der Wert {andere} ist nicht erlaubt ({ERLAUBT})")),
        },
        Expr::Nested(innen) => umsetzen(innen, spalten)?,
        Expr::UnaryOp { op, expr } => match (op, expr.as_ref()) {
            (UnaryOperator::Not, innen) => Knoten::Nicht(weiter(innen)?),
            (UnaryOperator::Minus, Expr::Value(v)) => match &v.value {
                Value::Number(n, _) => Knoten::Zahl(-zahl(n)?),
                _ => return Err(format!("„{e}“ ist nicht erlaubt ({ERLAUBT})")),
            },
            _ => return Err(format!("„{e}“ ist nicht erlaubt ({ERLAUBT})")),
        },
        Expr::BinaryOp { left, op, right } => {
            use BinaryOperator as O;
            let vergleich = match op {
                O::And => return Ok(Knoten::Und(weiter(left)?, weiter(right)?)),
                O::Or => return Ok(Knoten::Oder(weiter(left)?, weiter(right)?)),
                O::Eq => Vergleich::Gleich,
                O::NotEq => Vergleich::Ungleich,
                O::Lt => Vergleich::Kleiner,
                O::LtEq => Vergleich::KleinerGleich,
                O::Gt => Vergleich::Groesser,
                O::GtEq => Vergleich::GroesserGleich,
                andere => {
                    return Err(format!(
                        "der Operator „{andere}“ ist nicht erlaubt (erlaubt: =, <>, <, <=, >, >=, \
                         IN, NOT IN, AND, OR, NOT)"
                    ))
                }
            };
            Knoten::Vergleich(weiter(left)?, vergleich, weiter(right)?)
        }
        Expr::InList {
            expr,
            list,
            negated,
        } => {
            let links = weiter(expr)?;
            let liste = list
                .iter()
                .map(|x| umsetzen(x, spalten))
                .collect::<Result<Vec<_>, _>>()?;
            Knoten::In(links, liste, *negated)
        }
        Expr::CompoundIdentifier(teile) => {
            return Err(format!(
                "„{}“: Spaltennamen ohne Punkt angeben",
                teile
                    .iter()
                    .map(|t| t.value.as_str())
                    .collect::<Vec<_>>()
                    .join(".")
            ))
        }
        andere => {
            return Err(format!(
                "„{}“ ist nicht erlaubt ({ERLAUBT})",
                crate::error::kurz(&andere.to_string(), 80)
            ))
        }
    })
}

fn zahl(n: &str) -> Result<f64, String> {
    n.parse().map_err(|_| format!("„{n}“ ist keine Zahl"))
}

fn typname(t: Typ) -> &'static str {
    match t {
        Typ::Zahl => "eine Zahl",
        Typ::Wahrheitswert => "einen Wahrheitswert",
        Typ::Text => "einen Text",
    }
}

fn typkurz(t: Typ) -> &'static str {
    match t {
        Typ::Zahl => "Zahl",
        Typ::Wahrheitswert => "Wahrheitswert",
        Typ::Text => "Text",
    }
}

fn typ_von(k: &Knoten, typen: &[Typ], spalten: &[String]) -> Result<Typ, String> {
    let t = |k: &Knoten| typ_von(k, typen, spalten);
    let wahrheitswert = |k: &Knoten, wo: &str| -> Result<(), String> {
        match t(k)? {
            Typ::Wahrheitswert => Ok(()),
            andere => Err(format!(
                "{wo} braucht einen Wahrheitswert, bekommt aber {}",
                typname(andere)
            )),
        }
    };
    let gleich = |a: &Knoten, b: &Knoten| -> Result<(), String> {
        let (x, y) = (t(a)?, t(b)?);
        if x == y {
            Ok(())
        } else {
            let mut links = String::new();
            schreiben(a, spalten, &mut links);
            let mut rechts = String::new();
            schreiben(b, spalten, &mut rechts);
            Err(format!(
                "„{links}“ ({}) lässt sich nicht mit „{rechts}“ ({}) vergleichen",
                typkurz(x),
                typkurz(y)
            ))
        }
    };
    Ok(match k {
        Knoten::Spalte(i) => typen[*i],
        Knoten::Zahl(_) => Typ::Zahl,
        Knoten::Text(_) => Typ::Text,
        Knoten::Wahrheitswert(_) => Typ::Wahrheitswert,
        Knoten::Nicht(a) => {
            wahrheitswert(a, "NOT")?;
            Typ::Wahrheitswert
        }
        Knoten::Und(a, b) | Knoten::Oder(a, b) => {
            let wo = if matches!(k, Knoten::Und(..)) {
                "AND"
            } else {
                "OR"
            };
            wahrheitswert(a, wo)?;
            wahrheitswert(b, wo)?;
            Typ::Wahrheitswert
        }
        Knoten::Vergleich(a, _, b) => {
            gleich(a, b)?;
            Typ::Wahrheitswert
        }
        Knoten::In(a, liste, _) => {
            for x in liste {
                gleich(a, x)?;
            }
            Typ::Wahrheitswert
        }
    })
}

fn auswerten<'a>(k: &'a Knoten, werte: &[Wert<'a>]) -> Wert<'a> {
    let wahr = |k: &'a Knoten| auswerten(k, werte) == Wert::Wahrheitswert(true);
    match k {
        Knoten::Spalte(i) => werte[*i].clone(),
        Knoten::Zahl(z) => Wert::Zahl(*z),
        Knoten::Text(t) => Wert::Text(t),
        Knoten::Wahrheitswert(b) => Wert::Wahrheitswert(*b),
        Knoten::Nicht(a) => Wert::Wahrheitswert(!wahr(a)),
        Knoten::Und(a, b) => Wert::Wahrheitswert(wahr(a) && wahr(b)),
        Knoten::Oder(a, b) => Wert::Wahrheitswert(wahr(a) || wahr(b)),
        Knoten::Vergleich(a, v, b) => {
            let o = vergleichen(&auswerten(a, werte), &auswerten(b, werte));
            use std::cmp::Ordering::*;
            Wert::Wahrheitswert(match v {
                Vergleich::Gleich => o == Some(Equal),
                Vergleich::Ungleich => o.is_some_and(|o| o != Equal),
                Vergleich::Kleiner => o == Some(Less),
                Vergleich::KleinerGleich => matches!(o, Some(Less | Equal)),
                Vergleich::Groesser => o == Some(Greater),
                Vergleich::GroesserGleich => matches!(o, Some(Greater | Equal)),
            })
        }
        Knoten::In(a, liste, nicht) => {
            let x = auswerten(a, werte);
            let drin = liste
                .iter()
                .any(|e| vergleichen(&x, &auswerten(e, werte)) == Some(std::cmp::Ordering::Equal));
            Wert::Wahrheitswert(drin != *nicht)
        }
    }
}

/// Texts in byte order of their lower-cased form, numbers numerically; values of different
/// types are never equal (the type check refuses such conditions).
fn vergleichen(a: &Wert<'_>, b: &Wert<'_>) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Wert::Zahl(x), Wert::Zahl(y)) => x.partial_cmp(y),
        (Wert::Text(x), Wert::Text(y)) => Some(x.cmp(y)),
        (Wert::Wahrheitswert(x), Wert::Wahrheitswert(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// The canonical text of a checked condition (fully parenthesised).
fn schreiben(k: &Knoten, spalten: &[String], aus: &mut String) {
    let zwei = |a: &Knoten, mitte: &str, b: &Knoten, aus: &mut String| {
        aus.push('(');
        schreiben(a, spalten, aus);
        aus.push_str(mitte);
        schreiben(b, spalten, aus);
        aus.push(')');
    };
    match k {
        Knoten::Spalte(i) => aus.push_str(&spalten[*i]),
        Knoten::Zahl(z) => aus.push_str(&z.to_string()),
        Knoten::Text(t) => aus.push_str(&format!("'{}'", t.replace('\'', "''"))),
        Knoten::Wahrheitswert(b) => aus.push_str(if *b { "TRUE" } else { "FALSE" }),
        Knoten::Nicht(a) => {
            aus.push_str("NOT ");
            schreiben(a, spalten, aus);
        }
        Knoten::Und(a, b) => zwei(a, " AND ", b, aus),
        Knoten::Oder(a, b) => zwei(a, " OR ", b, aus),
        Knoten::Vergleich(a, v, b) => {
            let op = match v {
                Vergleich::Gleich => " = ",
                Vergleich::Ungleich => " <> ",
                Vergleich::Kleiner => " < ",
                Vergleich::KleinerGleich => " <= ",
                Vergleich::Groesser => " > ",
                Vergleich::GroesserGleich => " >= ",
            };
            zwei(a, op, b, aus)
        }
        Knoten::In(a, liste, nicht) => {
            schreiben(a, spalten, aus);
            aus.push_str(if *nicht { " NOT IN (" } else { " IN (" });
            for (i, x) in liste.iter().enumerate() {
                if i > 0 {
                    aus.push_str(", ");
                }
                schreiben(x, spalten, aus);
            }
            aus.push(')');
        }
    }
}

#[cfg(test)]
mod wort_tests {
    use super::Bedingung;

    #[test]
    fn conditions_read_as_german_sentences() {
        let w = |t: &str| Bedingung::lesen(t).unwrap().in_worten();
        assert_eq!(
            w("fallmanagement AND alter >= 25"),
            "im Fallmanagement und ab 25 Jahren"
        );
        assert_eq!(w("massnahmeteilnahme"), "in einer Maßnahme");
        assert_eq!(
            w(
                "alter < 25 AND (kundenstatus_av = 'arbeitslos' OR kundenstatus_bb IN \
               ('ausbildungsuchend', 'ausbildungssuchend'))"
            ),
            "unter 25 Jahren und (Kundenstatus AV „arbeitslos“ oder Kundenstatus BB \
             „ausbildungsuchend“ oder „ausbildungssuchend“)"
        );
        assert_eq!(
            w("NOT fallmanagement AND profillage NOT IN ('a', 'b', 'c')"),
            "nicht im Fallmanagement und Profillage nicht „a“, „b“ oder „c“"
        );
        assert_eq!(w("alter <> 30"), "Alter nicht 30");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typ(name: &str) -> Typ {
        match name {
            "alter" => Typ::Zahl,
            "fallmanagement" | "massnahmeteilnahme" => Typ::Wahrheitswert,
            _ => Typ::Text,
        }
    }

    fn gilt(b: &str, werte: &[Wert]) -> bool {
        let b = Bedingung::lesen(b).unwrap();
        b.typen_pruefen(&typ).unwrap();
        b.gilt(werte)
    }

    #[test]
    fn the_default_conditions_parse_with_alter_as_a_column() {
        let b = Bedingung::lesen("fallmanagement AND alter >= 25").unwrap();
        assert_eq!(b.sql, "(fallmanagement AND (alter >= 25))");
        assert_eq!(b.spalten, ["fallmanagement", "alter"]);
        let b = Bedingung::lesen(
            "alter < 25 AND (kundenstatus_av = 'arbeitslos' OR kundenstatus_bb IN \
             ('ausbildungsuchend', 'ausbildungssuchend'))",
        )
        .unwrap();
        assert_eq!(b.spalten, ["alter", "kundenstatus_av", "kundenstatus_bb"]);
        assert!(b.typen_pruefen(&typ).is_ok());
    }

    #[test]
    fn literals_are_lower_cased_and_names_normalised() {
        let b =
            Bedingung::lesen("Kundenstatus_AV = 'ArbeitsLOS' AND NOT Maßnahmeteilnahme").unwrap();
        assert_eq!(
            b.sql,
            "((kundenstatus_av = 'arbeitslos') AND NOT massnahmeteilnahme)"
        );
        let b = Bedingung::lesen("profillage NOT IN ('Marktprofil', 'FÖRDERPROFIL')").unwrap();
        assert_eq!(b.sql, "profillage NOT IN ('marktprofil', 'förderprofil')");
        assert_eq!(spaltenname(" Kundenstatus AV "), "kundenstatus_av");
        assert_eq!(spaltenname("Maßnahme Teilnahme"), "massnahme_teilnahme");
    }

    #[test]
    fn evaluation_at_the_boundaries() {
        let alter = |a: f64| [Wert::Zahl(a)];
        assert!(!gilt("alter >= 25", &alter(24.0)));
        assert!(gilt("alter >= 25", &alter(25.0)));
        assert!(gilt("alter < 25", &alter(24.0)));
        assert!(!gilt("alter < 25", &alter(25.0)));
        assert!(gilt("alter <= 25", &alter(25.0)));
        assert!(!gilt("alter > 25", &alter(25.0)));
        assert!(gilt("alter <> 25", &alter(26.0)));
        assert!(gilt("alter > -1", &alter(0.0)));
        assert!(gilt("NOT (alter = 3)", &alter(4.0)));
        let t = |s: &'static str| [Wert::Text(s)];
        assert!(gilt("team IN ('a', 'b')", &t("b")));
        assert!(!gilt("team NOT IN ('a', 'b')", &t("b")));
        assert!(gilt("team NOT IN ('a', 'b')", &t("")));
        assert!(gilt("team = ''", &t("")));
        assert!(gilt("team = 'ARBEITSLOS'", &t("arbeitslos")));
        let fm = |b: bool| [Wert::Wahrheitswert(b)];
        assert!(gilt("fallmanagement", &fm(true)));
        assert!(!gilt("NOT fallmanagement", &fm(true)));
        assert!(gilt("fallmanagement = false", &fm(false)));
        // AND binds tighter than OR.
        let b = Bedingung::lesen("alter < 25 OR alter > 60 AND fallmanagement").unwrap();
        assert!(b.gilt(&[Wert::Zahl(20.0), Wert::Wahrheitswert(false)]));
        assert!(!b.gilt(&[Wert::Zahl(61.0), Wert::Wahrheitswert(false)]));
        assert!(b.gilt(&[Wert::Zahl(61.0), Wert::Wahrheitswert(true)]));
    }

    #[test]
    fn syntax_errors_and_constructs_outside_the_grammar_are_refused() {
        for (text, erwartet) in [
            ("alter >=", "Syntaxfehler"),
            ("alter >= 25 25", "Syntaxfehler"),
            ("(alter > 3", "Syntaxfehler"),
            ("", "leer"),
            ("alter + 1 > 3", "Operator „+“"),
            ("lower(team) = 'a'", "nicht erlaubt"),
            ("kunden.alter > 3", "ohne Punkt"),
            ("team LIKE 'a%'", "nicht erlaubt"),
            ("team IS NULL", "nicht erlaubt"),
            ("team = NULL", "nicht erlaubt"),
            ("alter IN (SELECT 1)", "nicht erlaubt"),
        ] {
            let e = Bedingung::lesen(text).unwrap_err();
            assert!(e.contains(erwartet), "{text}: {e}");
        }
    }

    #[test]
    fn parser_messages_are_german() {
        let tief = format!("{}alter > 3{}", "(".repeat(500), ")".repeat(500));
        for (text, erwartet) in [
            (
                "alter >=",
                "erwartet wird ein Ausdruck, gefunden: Ende der Bedingung",
            ),
            (
                "(alter > 3",
                "erwartet wird „)“, gefunden: Ende der Bedingung",
            ),
            ("team = 'abc", "Text ohne schließendes Anführungszeichen"),
            (tief.as_str(), "zu tief verschachtelt"),
        ] {
            let e = Bedingung::lesen(text).unwrap_err();
            assert!(
                e.contains(erwartet),
                "{}: {e}",
                crate::error::kurz(text, 30)
            );
            for englisch in ["Expected", "found", "recursion", "limit", "literal"] {
                assert!(!e.contains(englisch), "{e}");
            }
        }
    }

    #[test]
    fn type_errors_are_named() {
        for (text, erwartet) in [
            (
                "alter = 'alt'",
                "„alter“ (Zahl) lässt sich nicht mit „'alt'“ (Text) vergleichen",
            ),
            ("team", "keinen Wahrheitswert, sondern einen Text"),
            ("alter", "keinen Wahrheitswert, sondern eine Zahl"),
            (
                "NOT team",
                "NOT braucht einen Wahrheitswert, bekommt aber einen Text",
            ),
            ("team AND fallmanagement", "AND braucht einen Wahrheitswert"),
            (
                "team IN ('a', 3)",
                "lässt sich nicht mit „3“ (Zahl) vergleichen",
            ),
        ] {
            let e = Bedingung::lesen(text)
                .unwrap()
                .typen_pruefen(&typ)
                .unwrap_err();
            assert!(e.contains(erwartet), "{text}: {e}");
        }
    }
}

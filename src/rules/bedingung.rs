//! A group condition of the rules file (SPEC §3 „The rules file“): a boolean expression in SQL
//! syntax over the customer's values at the Stichtag.
//!
//! The text is parsed by `sqlparser` — the parser polars' SQL engine itself uses — and checked
//! against the small grammar the contract allows (comparisons, `IN`, `AND`/`OR`/`NOT`,
//! parentheses, text and number literals). Two rewrites make the condition mean what the
//! contract says: text literals are lower-cased (values are compared trimmed and lower-cased,
//! so `'Arbeitslos'` and `'arbeitslos'` are the same) and every column name is normalised the
//! way export headers are (`Kundenstatus AV` → `kundenstatus_av`) and quoted, so a name that
//! is also an SQL keyword (`alter`) stays a column. polars then evaluates the rewritten text.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, Ident, UnaryOperator, Value, ValueWithSpan, VisitMut, VisitorMut,
};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

/// A parsed, checked condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bedingung {
    /// The rewritten SQL expression polars evaluates.
    pub sql: String,
    /// The columns it names (normalised, first mention first, each once).
    pub spalten: Vec<String>,
}

/// The column name a header stands for in a condition: lower case, umlauts transliterated,
/// blanks as `_` (SPEC §3).
pub fn spaltenname(kopf: &str) -> String {
    let mut out = String::with_capacity(kopf.len());
    for c in kopf.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_whitespace() => out.push('_'),
            c => out.push(c),
        }
    }
    out
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
        let mut ausdruck = parser
            .parse_expr()
            .map_err(|e| format!("Syntaxfehler: {}", parserfehler(&e)))?;
        let rest = parser.peek_token();
        if rest.token != Token::EOF {
            return Err(format!(
                "Syntaxfehler: unerwartet „{}“ nach dem Ende des Ausdrucks",
                rest.token
            ));
        }
        erlaubt(&ausdruck)?;
        let mut umschreiben = Umschreiben::default();
        let _ = ausdruck.visit(&mut umschreiben);
        Ok(Bedingung {
            sql: ausdruck.to_string(),
            spalten: umschreiben.spalten,
        })
    }
}

/// sqlparser's message without its own prefix and position noise.
fn parserfehler(e: &sqlparser::parser::ParserError) -> String {
    let text = e.to_string();
    let text = text
        .strip_prefix("sql parser error: ")
        .or_else(|| text.strip_prefix("sql tokenizer error: "))
        .unwrap_or(&text);
    crate::error::kurz(text, 160)
}

/// Checks that `e` stays within the grammar of SPEC §3.
fn erlaubt(e: &Expr) -> Result<(), String> {
    match e {
        Expr::Identifier(_) => Ok(()),
        Expr::Value(v) => match &v.value {
            Value::Number(..) | Value::SingleQuotedString(_) | Value::Boolean(_) => Ok(()),
            andere => Err(format!(
                "der Wert {andere} ist nicht erlaubt (nur Text und Zahlen)"
            )),
        },
        Expr::Nested(innen) => erlaubt(innen),
        Expr::UnaryOp { op, expr } => match (op, expr.as_ref()) {
            (UnaryOperator::Not, innen) => erlaubt(innen),
            (UnaryOperator::Minus, Expr::Value(v)) if matches!(v.value, Value::Number(..)) => {
                Ok(())
            }
            _ => Err(format!("„{e}“ ist nicht erlaubt")),
        },
        Expr::BinaryOp { left, op, right } => {
            use BinaryOperator as O;
            match op {
                O::Eq | O::NotEq | O::Lt | O::LtEq | O::Gt | O::GtEq | O::And | O::Or => {
                    erlaubt(left)?;
                    erlaubt(right)
                }
                andere => Err(format!(
                    "der Operator „{andere}“ ist nicht erlaubt (erlaubt: =, <>, <, <=, >, >=, IN, \
                     NOT IN, AND, OR, NOT)"
                )),
            }
        }
        Expr::InList { expr, list, .. } => {
            erlaubt(expr)?;
            list.iter().try_for_each(erlaubt)
        }
        Expr::CompoundIdentifier(teile) => Err(format!(
            "„{}“: Spaltennamen ohne Punkt angeben",
            teile
                .iter()
                .map(|t| t.value.as_str())
                .collect::<Vec<_>>()
                .join(".")
        )),
        andere => Err(format!(
            "„{}“ ist nicht erlaubt (erlaubt: Vergleiche, IN, AND, OR, NOT, Klammern, Text und \
             Zahlen)",
            crate::error::kurz(&andere.to_string(), 80)
        )),
    }
}

/// The two rewrites: lower-cased text literals, normalised and quoted column names.
#[derive(Default)]
struct Umschreiben {
    spalten: Vec<String>,
}

impl VisitorMut for Umschreiben {
    type Break = ();

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        match e {
            Expr::Identifier(id) => {
                let name = spaltenname(&id.value);
                if !self.spalten.contains(&name) {
                    self.spalten.push(name.clone());
                }
                *id = Ident::with_quote('"', name);
            }
            Expr::Value(ValueWithSpan {
                value: Value::SingleQuotedString(s),
                ..
            }) => *s = s.to_lowercase(),
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_conditions_parse_with_alter_as_a_column() {
        let b = Bedingung::lesen("fallmanagement AND alter >= 25").unwrap();
        assert_eq!(b.sql, "\"fallmanagement\" AND \"alter\" >= 25");
        assert_eq!(b.spalten, ["fallmanagement", "alter"]);
        let b = Bedingung::lesen(
            "alter < 25 AND (kundenstatus_av = 'arbeitslos' OR kundenstatus_bb IN \
             ('ausbildungsuchend', 'ausbildungssuchend'))",
        )
        .unwrap();
        assert_eq!(b.spalten, ["alter", "kundenstatus_av", "kundenstatus_bb"]);
    }

    #[test]
    fn literals_are_lower_cased_and_names_normalised() {
        let b =
            Bedingung::lesen("Kundenstatus_AV = 'ArbeitsLOS' AND NOT Maßnahmeteilnahme").unwrap();
        assert_eq!(
            b.sql,
            "\"kundenstatus_av\" = 'arbeitslos' AND NOT \"massnahmeteilnahme\""
        );
        let b = Bedingung::lesen("profillage NOT IN ('Marktprofil', 'FÖRDERPROFIL')").unwrap();
        assert_eq!(
            b.sql,
            "\"profillage\" NOT IN ('marktprofil', 'förderprofil')"
        );
        assert_eq!(spaltenname(" Kundenstatus AV "), "kundenstatus_av");
        assert_eq!(spaltenname("Maßnahme Teilnahme"), "massnahme_teilnahme");
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
        assert!(Bedingung::lesen("alter > -3 AND NOT (team <> 'x')").is_ok());
        assert!(Bedingung::lesen("fallmanagement = true").is_ok());
    }
}

//! „Letzte Beratung“ per unit: how many customers were last counselled up to 3, 3–6, 6–12,
//! more than 12 months ago or never (directive §6.4; the rule is [`Zeitraum::von`], the
//! counting `queries/letzte_beratung.sql`).

use chrono::NaiveDate;
use polars::prelude::{Column, DataFrame};

use super::{ebenen_abfrage, einheiten, Einheitscodes, EINHEITSEBENEN};
use crate::bestand::Einzelfall;
use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::figures::{abfragen, spalte_anzahl};
use crate::rules::zeitraum::Zeitraum;

/// The SQL that counts the periods.
pub const LETZTE_BERATUNG_SQL: &str = include_str!("../../queries/letzte_beratung.sql");

/// The periods of one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zeitraumzeile {
    /// Whose customers.
    pub einheit: Einheit,
    /// Customers in the population.
    pub kunden: u64,
    /// Customers per period, in [`Zeitraum::ALLE`] order.
    pub anzahl: [u64; 5],
}

impl Zeitraumzeile {
    /// A unit without customers.
    pub fn leer(einheit: &Einheit) -> Zeitraumzeile {
        Zeitraumzeile {
            einheit: einheit.clone(),
            kunden: 0,
            anzahl: [0; 5],
        }
    }

    /// The share of the unit's customers in period `i` (`None` without customers).
    pub fn anteil(&self, i: usize) -> Option<f64> {
        (self.kunden > 0).then(|| self.anzahl[i] as f64 / self.kunden as f64)
    }
}

/// Counts the periods for the Jobcenter, each Geschäftsstelle and each team (`codes`: the
/// rows' unit codes, [`super::einheitscodes`]).
pub fn zeitraeume(
    (faelle, codes): (&[Einzelfall], &Einheitscodes),
    stichtag: NaiveDate,
) -> Ergebnis<Vec<Zeitraumzeile>> {
    if faelle.is_empty() {
        return Ok(Vec::new());
    }
    let n = faelle.len();
    let (gs_nr, team_nr): (Vec<i32>, Vec<i32>) = faelle
        .iter()
        .map(|e| codes.codes_von(&e.geschaeftsstelle, &e.team))
        .unzip();
    let frame = DataFrame::new(
        n,
        vec![
            Column::new("gesamt".into(), vec![1i32; n]),
            Column::new("gs_nr".into(), gs_nr),
            Column::new("team_nr".into(), team_nr),
            Column::new(
                "zeitraum".into(),
                faelle
                    .iter()
                    .map(|e| Zeitraum::von(e.letzte_beratung, stichtag).nr())
                    .collect::<Vec<_>>(),
            ),
        ],
    )?;
    let sql = ebenen_abfrage(
        LETZTE_BERATUNG_SQL,
        &EINHEITSEBENEN,
        "ebene_nr, gs_nr, team_nr",
    );
    let df = abfragen("einzeldaten", frame, &sql)?;
    let spalten = [
        spalte_anzahl(&df, "bis_3")?,
        spalte_anzahl(&df, "von_3_bis_6")?,
        spalte_anzahl(&df, "von_6_bis_12")?,
        spalte_anzahl(&df, "ueber_12")?,
        spalte_anzahl(&df, "noch_nie")?,
    ];
    let kunden = spalte_anzahl(&df, "kunden")?;
    let mut zeilen: Vec<Zeitraumzeile> = einheiten(codes, &df)?
        .into_iter()
        .enumerate()
        .map(|(i, einheit)| Zeitraumzeile {
            einheit,
            kunden: kunden[i],
            anzahl: std::array::from_fn(|z| spalten[z][i]),
        })
        .collect();
    zeilen.sort_by(|a, b| a.einheit.cmp(&b.einheit));
    Ok(zeilen)
}

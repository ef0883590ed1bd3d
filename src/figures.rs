//! The figures (Kennzahlen): the per-customer rows go into a polars frame, and the SQL in
//! `queries/kennzahlen.sql` — readable by a controller, embedded at build time — defines every
//! figure. The workbook and CSVs only format what this module returns.

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::auswertung::Einzelfall;
use crate::error::Ergebnis;
use crate::rules::gruppen::Gruppe;

/// The SQL that defines the figures.
pub const KENNZAHLEN_SQL: &str = include_str!("../queries/kennzahlen.sql");

/// One row of `kennzahlen.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Kennzahl {
    /// `gesamt`, `geschaeftsstelle` or `team`.
    pub ebene: String,
    /// Empty on `gesamt` rows.
    pub geschaeftsstelle: String,
    /// Empty unless `ebene` is `team`.
    pub team: String,
    /// `alle` or a group id.
    pub kundengruppe: String,
    /// Customers in this cell.
    pub kunden: u64,
    /// Mean days since last counselling.
    pub tage_mittel: f64,
    /// Median days since last counselling.
    pub tage_median: f64,
    /// Share within the Zielwert (0…1).
    pub anteil_zielwert: f64,
    /// Share within the Mindestwert (0…1).
    pub anteil_mindestwert: f64,
    /// Customers past their Mindestwert.
    pub ueberfaellig: u64,
    /// Customers never counselled.
    pub nie_beraten: u64,
}

/// The per-customer frame the SQL runs on.
pub fn einzeldaten_frame(faelle: &[Einzelfall]) -> Ergebnis<DataFrame> {
    let flag = |f: &dyn Fn(&Einzelfall) -> bool| -> Vec<i32> {
        faelle.iter().map(|e| i32::from(f(e))).collect()
    };
    let rang = |g: Gruppe| Gruppe::ALLE.iter().position(|x| *x == g).unwrap_or(0) as i32 + 1;
    let spalten = vec![
        Column::new(
            "geschaeftsstelle".into(),
            faelle
                .iter()
                .map(|e| e.geschaeftsstelle.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "team".into(),
            faelle.iter().map(|e| e.team.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "kundengruppe".into(),
            faelle.iter().map(|e| e.gruppe.id()).collect::<Vec<_>>(),
        ),
        Column::new(
            "gruppe_rang".into(),
            faelle.iter().map(|e| rang(e.gruppe)).collect::<Vec<_>>(),
        ),
        Column::new(
            "tage".into(),
            faelle.iter().map(|e| e.tage).collect::<Vec<_>>(),
        ),
        Column::new(
            "zielwert_eingehalten".into(),
            flag(&|e| e.zielwert_eingehalten()),
        ),
        Column::new(
            "mindestwert_eingehalten".into(),
            flag(&|e| e.mindestwert_eingehalten()),
        ),
        Column::new(
            "ueberfaellig".into(),
            flag(&|e| !e.mindestwert_eingehalten()),
        ),
        Column::new("nie_beraten".into(), flag(&|e| e.nie_beraten)),
    ];
    Ok(DataFrame::new(faelle.len(), spalten)?)
}

/// Runs `queries/kennzahlen.sql` over the population.
pub fn kennzahlen(faelle: &[Einzelfall]) -> Ergebnis<Vec<Kennzahl>> {
    let ctx = SQLContext::new();
    ctx.register("einzeldaten", einzeldaten_frame(faelle)?.lazy());
    let mut ctx = ctx;
    let df = ctx.execute(KENNZAHLEN_SQL)?.collect()?;
    let text = |name: &str| -> Ergebnis<Vec<String>> {
        Ok(df
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
    };
    let zahl = |name: &str| -> Ergebnis<Vec<f64>> {
        let c = df.column(name)?.cast(&DataType::Float64)?;
        Ok(c.f64()?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
    };
    let anzahl = |name: &str| -> Ergebnis<Vec<u64>> {
        let c = df.column(name)?.cast(&DataType::UInt64)?;
        Ok(c.u64()?.iter().map(|v| v.unwrap_or(0)).collect())
    };
    let (ebene, gs, team, gruppe) = (
        text("ebene")?,
        text("geschaeftsstelle")?,
        text("team")?,
        text("kundengruppe")?,
    );
    let (kunden, ueber, nie) = (
        anzahl("kunden")?,
        anzahl("ueberfaellig")?,
        anzahl("nie_beraten")?,
    );
    let (mittel, median, ziel, mindest) = (
        zahl("tage_mittel")?,
        zahl("tage_median")?,
        zahl("anteil_zielwert")?,
        zahl("anteil_mindestwert")?,
    );
    Ok((0..df.height())
        .map(|i| Kennzahl {
            ebene: ebene[i].clone(),
            geschaeftsstelle: gs[i].clone(),
            team: team[i].clone(),
            kundengruppe: gruppe[i].clone(),
            kunden: kunden[i],
            tage_mittel: mittel[i],
            tage_median: median[i],
            anteil_zielwert: ziel[i],
            anteil_mindestwert: mindest[i],
            ueberfaellig: ueber[i],
            nie_beraten: nie[i],
        })
        .collect())
}

//! The figures (Kennzahlen): the per-customer rows go into a polars frame, and the SQL in
//! `queries/kennzahlen.sql` — readable by a controller, embedded at build time — defines every
//! figure; [`crate::katalog`] names, heads and formats each one. The workbook and CSVs only
//! format what this module returns.

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::bestand::Einzelfall;
use crate::einheit::{Ebene, Einheit};
use crate::einheitscodes::Einheitscodes;
use crate::error::{Ergebnis, Fehler};
use crate::katalog::{self, Darstellung, Kennzahltabelle, Kennzahlzeile, Kundengruppe};
use crate::rules::fassung::Gruppe;
use crate::rules::Fassung;

/// The SQL that defines the figures (one cell level at a time).
pub const KENNZAHLEN_SQL: &str = include_str!("../queries/kennzahlen.sql");

/// The six cell levels of `kennzahlen.csv`: key columns (`{schluessel}`) and grouping
/// (`{gruppierung}`) for [`KENNZAHLEN_SQL`]. Levels group by integer codes (`gs_nr`,
/// `team_nr`, `gruppe_rang`: numbered in name order) because polars groups numbers an order of
/// magnitude faster than strings; the name of a group is `MIN()` of its (constant) name.
/// Literal columns carry an alias each (polars' group-by needs distinct names). Team rows keep
/// their Geschäftsstelle.
pub const EBENEN: [(&str, &str); 6] = [
    (
        "1 AS ebene_rang, 'gesamt' AS ebene, 0 AS gs_nr, '' AS geschaeftsstelle, 0 AS team_nr, '' AS team, \
         0 AS gruppe_rang, 'alle' AS kundengruppe",
        "gesamt",
    ),
    (
        "1 AS ebene_rang, 'gesamt' AS ebene, 0 AS gs_nr, '' AS geschaeftsstelle, 0 AS team_nr, '' AS team, \
         gruppe_rang, MIN(kundengruppe) AS kundengruppe",
        "gruppe_rang",
    ),
    (
        "2 AS ebene_rang, 'geschaeftsstelle' AS ebene, gs_nr, MIN(geschaeftsstelle) AS geschaeftsstelle, \
         0 AS team_nr, '' AS team, 0 AS gruppe_rang, 'alle' AS kundengruppe",
        "gs_nr",
    ),
    (
        "2 AS ebene_rang, 'geschaeftsstelle' AS ebene, gs_nr, MIN(geschaeftsstelle) AS geschaeftsstelle, \
         0 AS team_nr, '' AS team, gruppe_rang, MIN(kundengruppe) AS kundengruppe",
        "gs_nr, gruppe_rang",
    ),
    (
        "3 AS ebene_rang, 'team' AS ebene, MIN(gs_nr) AS gs_nr, MIN(geschaeftsstelle) AS geschaeftsstelle, \
         team_nr, MIN(team) AS team, 0 AS gruppe_rang, 'alle' AS kundengruppe",
        "team_nr",
    ),
    (
        "3 AS ebene_rang, 'team' AS ebene, MIN(gs_nr) AS gs_nr, MIN(geschaeftsstelle) AS geschaeftsstelle, \
         team_nr, MIN(team) AS team, gruppe_rang, MIN(kundengruppe) AS kundengruppe",
        "team_nr, gruppe_rang",
    ),
];

/// The whole query: every level, united and sorted (gesamt, Geschäftsstellen, teams; groups
/// in precedence order). Each level aggregates the customer frame directly, so memory stays
/// at the size of that frame.
pub fn kennzahlen_abfrage() -> String {
    ebenen_abfrage(
        KENNZAHLEN_SQL,
        &EBENEN,
        "ebene_rang, gs_nr, team_nr, gruppe_rang",
    )
}

/// One query per level from a template with `{schluessel}` (the level's key columns) and
/// `{gruppierung}` (its GROUP BY), united and sorted by `ordnung`. Every figure query of
/// `queries/` is run this way.
pub fn ebenen_abfrage(vorlage: &str, ebenen: &[(&str, &str)], ordnung: &str) -> String {
    let teile: Vec<String> = ebenen
        .iter()
        .map(|(schluessel, gruppierung)| {
            vorlage
                .replace("{schluessel}", schluessel)
                .replace("{gruppierung}", gruppierung)
        })
        .collect();
    format!(
        "SELECT * FROM (\n{}\n) AS alle_ebenen ORDER BY {ordnung}",
        teile.join("\nUNION ALL\n")
    )
}

/// The unit and group columns every figure frame starts with, one row per item of `zeilen`
/// (Geschäftsstelle, team, group): `gesamt` (1 on every row, groups the Jobcenter total),
/// the integer codes `gs_nr`, `team_nr` ([`Einheitscodes::aus_einheiten`]: from 1 in name
/// order, teams by (Geschäftsstelle, team), so that sorting by code sorts by name; 0 is "no
/// unit") and `gruppe_rang` (precedence, from 1; 0 is `alle`),
/// and the names.
pub fn einheiten_spalten(zeilen: &[(&str, &str, Gruppe)], fassung: &Fassung) -> Vec<Column> {
    let rang = |g: Gruppe| g.index() as i32 + 1;
    // The distinct units are few; per row only a hash lookup of a short string remains.
    let codes = Einheitscodes::aus_einheiten(zeilen.iter().map(|z| (z.0, z.1)));
    let (gs_nr, team_nr): (Vec<i32>, Vec<i32>) =
        zeilen.iter().map(|z| codes.codes_von(z.0, z.1)).unzip();
    let je =
        |f: &dyn Fn(&(&str, &str, Gruppe)) -> i32| -> Vec<i32> { zeilen.iter().map(f).collect() };
    vec![
        Column::new("gesamt".into(), vec![1i32; zeilen.len()]),
        Column::new("gs_nr".into(), gs_nr),
        Column::new("team_nr".into(), team_nr),
        Column::new(
            "geschaeftsstelle".into(),
            zeilen.iter().map(|z| z.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "team".into(),
            zeilen.iter().map(|z| z.1).collect::<Vec<_>>(),
        ),
        Column::new(
            "kundengruppe".into(),
            zeilen
                .iter()
                .map(|z| fassung.gruppe(z.2).id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new("gruppe_rang".into(), je(&|z| rang(z.2))),
    ]
}

/// The per-customer frame the SQL runs on.
pub fn einzeldaten_frame(faelle: &[Einzelfall], fassung: &Fassung) -> Ergebnis<DataFrame> {
    let flag = |f: &dyn Fn(&Einzelfall) -> bool| -> Vec<i32> {
        faelle.iter().map(|e| i32::from(f(e))).collect()
    };
    let einheiten: Vec<(&str, &str, Gruppe)> = faelle
        .iter()
        .map(|e| (e.geschaeftsstelle.as_str(), e.team.as_str(), e.gruppe))
        .collect();
    let mut spalten = einheiten_spalten(&einheiten, fassung);
    spalten.extend([
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
    ]);
    Ok(DataFrame::new(faelle.len(), spalten)?)
}

/// Runs one SQL query over `frame`, registered as table `tabelle`.
pub fn abfragen(tabelle: &str, frame: DataFrame, sql: &str) -> Ergebnis<DataFrame> {
    let mut ctx = SQLContext::new();
    ctx.register(tabelle, frame.lazy());
    let t = std::time::Instant::now();
    let df = ctx.execute(sql)?.collect()?;
    tracing::trace!("SQL ({tabelle}): {:.3} s", t.elapsed().as_secs_f64());
    Ok(df)
}

/// A text column of a query result (nulls as empty text).
pub fn spalte_text(df: &DataFrame, name: &str) -> Ergebnis<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect())
}

/// A numeric column of a query result as floats (nulls as NaN).
pub fn spalte_zahl(df: &DataFrame, name: &str) -> Ergebnis<Vec<f64>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// A share column of a query result: `None` where it is null (no denominator).
pub fn spalte_quote(df: &DataFrame, name: &str) -> Ergebnis<Vec<Option<f64>>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
}

/// A count column of a query result (nulls as 0).
pub fn spalte_anzahl(df: &DataFrame, name: &str) -> Ergebnis<Vec<u64>> {
    let c = df.column(name)?.cast(&DataType::UInt64)?;
    Ok(c.u64()?.iter().map(|v| v.unwrap_or(0)).collect())
}

/// The columns of a level's key that are not CSV columns: they order and group the rows.
const ORDNUNGSSPALTEN: [&str; 4] = ["ebene_rang", "gs_nr", "team_nr", "gruppe_rang"];

/// Reads the result of a figure query into rows of `katalog`'s figures. The query must give
/// exactly the catalog's figures, in its order, besides the key and ordering columns: a
/// figure added to the SQL but not to the catalog (or the other way round) stops the run
/// instead of silently missing from the outputs.
pub fn tabelle_lesen(
    df: &DataFrame,
    abfrage: &str,
    katalog: &'static [katalog::Kennzahl],
) -> Ergebnis<Kennzahltabelle> {
    let spalten: Vec<&str> = df
        .get_column_names()
        .into_iter()
        .map(|n| n.as_str())
        .filter(|n| !katalog::SCHLUESSEL.contains(n) && !ORDNUNGSSPALTEN.contains(n))
        .collect();
    if !spalten.iter().copied().eq(katalog.iter().map(|k| k.spalte)) {
        return Err(Fehler::KatalogAbweichung {
            abfrage: abfrage.to_string(),
            spalten: spalten.join(", "),
            katalog: katalog
                .iter()
                .map(|k| k.spalte)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let [ebene, gs, team, gruppe] = katalog::SCHLUESSEL.map(|n| spalte_text(df, n));
    let (ebene, gs, team, gruppe) = (ebene?, gs?, team?, gruppe?);
    let werte = katalog
        .iter()
        .map(|k| {
            let w = spalte_quote(df, k.spalte)?;
            // A count is never NULL (a SUM over at least one row); as before, 0 if it were.
            Ok(match k.darstellung {
                Darstellung::Anzahl => w.into_iter().map(|v| Some(v.unwrap_or(0.0))).collect(),
                _ => w,
            })
        })
        .collect::<Ergebnis<Vec<Vec<Option<f64>>>>>()?;
    let zeilen = (0..df.height())
        .map(|i| {
            let stufe = Ebene::aus_name(&ebene[i]).ok_or_else(|| Fehler::KatalogAbweichung {
                abfrage: abfrage.to_string(),
                spalten: format!("ebene = {}", ebene[i]),
                katalog: "ebene = gesamt, geschaeftsstelle, team".into(),
            })?;
            Ok(Kennzahlzeile {
                einheit: Einheit::aus_schluessel(stufe, &gs[i], &team[i]),
                geschaeftsstelle: gs[i].clone(),
                kundengruppe: Kundengruppe::aus_id(&gruppe[i]),
                werte: werte.iter().map(|w| w[i]).collect(),
            })
        })
        .collect::<Ergebnis<Vec<_>>>()?;
    Ok(Kennzahltabelle { katalog, zeilen })
}

/// Runs `queries/kennzahlen.sql` over the population.
pub fn kennzahlen(faelle: &[Einzelfall], fassung: &Fassung) -> Ergebnis<Kennzahltabelle> {
    let t = std::time::Instant::now();
    let frame = einzeldaten_frame(faelle, fassung)?;
    tracing::trace!("Kundentabelle für SQL: {:.3} s", t.elapsed().as_secs_f64());
    let df = abfragen("einzeldaten", frame, &kennzahlen_abfrage())?;
    tabelle_lesen(&df, "queries/kennzahlen.sql", katalog::BERATUNG)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The groups of the embedded rules, by position (SPEC §3's table).
    const UE25_ARBEITSLOS: Gruppe = Gruppe::new_const(3);
    const UEBRIGE: Gruppe = Gruppe::new_const(4);

    fn standard() -> Fassung {
        crate::rules::Regelwerk::standard().fassungen[0].clone()
    }

    fn fall(gs: &str, team: &str, gruppe: Gruppe, tage: i64, nie: bool) -> Einzelfall {
        Einzelfall::probe(&format!("{gs}{team}{tage}"), tage)
            .mit_einheit(gs, team)
            .mit_gruppe(gruppe, 90, 180)
            .nie_beraten(nie)
    }

    #[test]
    fn group_ranks_start_at_one_zero_is_the_rank_of_alle() {
        // EBENEN gives the „alle“ rows rank 0; a group ranked 0 would tie with them and its
        // place in kennzahlen.csv would rest on the sort's stability.
        let f: Vec<Einzelfall> = (0..5)
            .map(|g| fall("Nord", "1", Gruppe::new(g), 10, false))
            .collect();
        let df = einzeldaten_frame(&f, &standard()).unwrap();
        let raenge: Vec<i32> = df
            .column("gruppe_rang")
            .unwrap()
            .i32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(raenge, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn unit_codes_are_numbered_from_one_in_name_order() {
        // 0 is the code of „no unit“ (the Jobcenter rows of EBENEN).
        let f = [
            fall("Süd", "3", UEBRIGE, 1, false),
            fall("Nord", "2", UEBRIGE, 1, false),
            fall("Nord", "1", UEBRIGE, 1, false),
        ];
        let df = einzeldaten_frame(&f, &standard()).unwrap();
        let codes = |spalte: &str| -> Vec<i32> {
            df.column(spalte)
                .unwrap()
                .i32()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        assert_eq!(codes("gs_nr"), [2, 1, 1]);
        assert_eq!(codes("team_nr"), [3, 2, 1]);
    }

    #[test]
    fn a_figure_in_the_sql_but_not_in_the_catalog_stops_the_run() {
        let f = [fall("Nord", "1", UEBRIGE, 10, false)];
        let sql = ebenen_abfrage(
            &KENNZAHLEN_SQL.replace("FROM einzeldaten", ", SUM(tage) AS neu FROM einzeldaten"),
            &EBENEN,
            "ebene_rang",
        );
        let df = abfragen(
            "einzeldaten",
            einzeldaten_frame(&f, &standard()).unwrap(),
            &sql,
        );
        let fehler = tabelle_lesen(&df.unwrap(), "test", katalog::BERATUNG).unwrap_err();
        assert!(fehler.to_string().contains("ueberfaellig, neu"), "{fehler}");
        // And the other way round: a catalog figure the SQL does not compute.
        let df = abfragen(
            "einzeldaten",
            einzeldaten_frame(&f, &standard()).unwrap(),
            &kennzahlen_abfrage(),
        )
        .unwrap();
        assert!(tabelle_lesen(&df, "test", katalog::TERMINTREUE).is_err());
        assert!(tabelle_lesen(&df, "test", katalog::BERATUNG).is_ok());
    }

    #[test]
    fn an_empty_population_gives_no_rows_and_no_error() {
        assert!(kennzahlen(&[], &standard()).unwrap().is_empty());
    }

    #[test]
    fn six_cells_per_customer_mean_median_shares() {
        let f = [
            fall("Nord", "1", UE25_ARBEITSLOS, 10, false),
            fall("Nord", "1", UE25_ARBEITSLOS, 100, false),
            fall("Nord", "2", UEBRIGE, 200, true),
            fall("Süd", "3", UE25_ARBEITSLOS, 181, false),
        ];
        let z = kennzahlen(&f, &standard()).unwrap();
        // The values in catalog order: kunden, tage_mittel, tage_mittel_beraten, nie_beraten,
        // anteil_nie_beraten, tage_median, anteil_zielwert, anteil_mindestwert, ueberfaellig.
        let werte = |e: Einheit, g: &str| -> Vec<f64> {
            if g == "alle" {
                z.alle(&e)
            } else {
                z.zeile(&e, g)
            }
            .unwrap()
            .werte
            .iter()
            .map(|w| w.unwrap())
            .collect()
        };
        assert_eq!(
            werte(Einheit::Jobcenter, "alle"),
            // counselled: 10, 100, 181 → 97; never: 200 (from entry)
            [4.0, 122.75, 97.0, 1.0, 0.25, 140.5, 0.25, 0.5, 2.0]
        );
        let nord = Einheit::Geschaeftsstelle("Nord".into());
        let n = werte(nord, &standard().gruppe(UE25_ARBEITSLOS).id);
        assert_eq!(n[..3], [2.0, 55.0, 55.0]);
        let t = z
            .zeile(&Einheit::Team("2".into()), &standard().gruppe(UEBRIGE).id)
            .unwrap();
        assert_eq!(
            t.geschaeftsstelle, "Nord",
            "team rows keep their Geschäftsstelle"
        );
        assert_eq!(z.wert(t, &katalog::TAGE_MITTEL), Some(200.0));
        // Nobody in the cell was ever counselled: no mean among the counselled, not 0.
        assert_eq!(z.wert(t, &katalog::TAGE_MITTEL_BERATEN), None);
        assert_eq!(z.wert(t, &katalog::ANTEIL_NIE_BERATEN), Some(1.0));
        // 1 gesamt/alle + 2 gesamt groups + 2 GS + 3 GS×group + 3 teams + 3 team×group.
        assert_eq!(z.zeilen.len(), 14);
        assert_eq!(z.zeilen[0].einheit, Einheit::Jobcenter);
        assert_eq!(z.zeilen.last().unwrap().einheit.ebene(), Ebene::Team);
    }
}

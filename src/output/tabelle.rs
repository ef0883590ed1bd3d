//! A table of the outputs as data: its columns — heading, CSV name (or none), the value taken
//! from a row in the presentation it is shown in — and what a sheet needs beyond them (the
//! Excel table's name, the sentence for an empty list, which rows are totals, the key columns
//! repeated on every printed page). One writer turns it into sheet cells
//! (`excel::tabelle_schreiben`), one into a CSV (`csv::tabelle_csv`): heading, cell and CSV
//! field come from the same entry, so they cannot drift apart (rust-csv's serialized rows are
//! the model).

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::katalog::Darstellung;

/// One cell's value and how it is shown. The output layer only formats it: every ratio, flag
/// and comparison is computed in the row types it is taken from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Wert<'r> {
    /// Nothing: no cell (in a total row a blank one carrying the row's rule) and an empty
    /// CSV field.
    Leer,
    /// A figure that cannot be computed: „–“ on the sheet (never a zero), empty in the CSV.
    Strich,
    /// Text; in the CSV guarded against formula injection (`csv::text`).
    Text(Cow<'r, str>),
    /// A remark in place of values (grey italics on the sheet), empty in the CSV.
    Hinweis(Cow<'r, str>),
    /// A number presented as the catalog presents a figure of its kind: a count as a whole
    /// number, days with one decimal, a share as a percentage (CSV: unrounded).
    Zahl(f64, Darstellung),
    /// A share or quote over `n` cases, fewer than the rules' `mindestfallzahl`: on the sheet
    /// „zu wenige Fälle (n = …)“ as a remark, without a share and without a colour (SPEC §4
    /// „Small numbers“); in the CSV the number, as every value.
    ZuWenige(f64, Darstellung, u64),
    /// A change of a figure of this presentation, signed: a share's in percentage points
    /// („+1,1 Pp.“), days with one decimal, counts whole (CSV: the number).
    Aenderung(f64, Darstellung),
    /// A calendar day (CSV: ISO).
    Datum(NaiveDate),
    /// A yes/no flag: „ja“ / „nein“ on the sheet (status in words, never by colour alone),
    /// `true` / `false` in the CSV.
    Flag(bool),
    /// A link to cell A1 of the sheet `blatt` of the same workbook, shown as `text` (CSV: the
    /// text).
    Verweis {
        /// The sheet linked to.
        blatt: Cow<'r, str>,
        /// What the cell says.
        text: Cow<'r, str>,
    },
}

impl<'r> Wert<'r> {
    /// A figure that may not be computable: the number, else [`Wert::Strich`].
    pub(crate) fn oder_strich(x: Option<f64>, d: Darstellung) -> Wert<'r> {
        x.map_or(Wert::Strich, |x| Wert::Zahl(x, d))
    }

    /// A share or quote `x` (a dash without one) over `n` cases (`None`: not known, shown):
    /// [`Wert::ZuWenige`] below the rules' `mindestfallzahl`.
    pub(crate) fn anteil(
        x: Option<f64>,
        d: Darstellung,
        n: Option<u64>,
        regel: &crate::rules::fassung::Darstellungsregel,
    ) -> Wert<'r> {
        match (x, n) {
            (None, _) => Wert::Strich,
            (Some(x), Some(n)) if !regel.zeigbar(n) => Wert::ZuWenige(x, d, n),
            (Some(x), _) => Wert::Zahl(x, d),
        }
    }

    /// What a sheet says in place of a share over `n` cases, too few to show.
    pub(crate) fn zu_wenige_text(n: u64) -> String {
        format!("zu wenige Fälle (n = {n})")
    }

    /// A number that may be absent: the number, else [`Wert::Leer`].
    pub(crate) fn oder_leer(x: Option<f64>, d: Darstellung) -> Wert<'r> {
        x.map_or(Wert::Leer, |x| Wert::Zahl(x, d))
    }

    /// A whole number that may be negative (an age, days).
    pub(crate) fn anzahl_i(n: i64) -> Wert<'r> {
        Wert::Zahl(n as f64, Darstellung::Anzahl)
    }

    /// A count.
    pub(crate) fn anzahl(n: u64) -> Wert<'r> {
        Wert::Zahl(n as f64, Darstellung::Anzahl)
    }

    /// Text borrowed from the row.
    pub(crate) fn text(t: &'r str) -> Wert<'r> {
        Wert::Text(Cow::Borrowed(t))
    }
}

/// How a column's value is taken from a row.
type Auslese<'a, R> = Box<dyn Fn(&R) -> Wert<'_> + Sync + 'a>;

/// Which rows are totals (bold, with a rule above).
pub(crate) enum Summe<'a, R> {
    /// None.
    Keine,
    /// The first, the unit the sheet is about above its parts (when there are parts).
    Erste,
    /// Those the predicate picks.
    Wenn(Box<dyn Fn(&R) -> bool + Sync + 'a>),
}

/// One column.
pub(crate) struct Spalte<'a, R> {
    /// Heading on the sheet; `None`: only in the CSV (a key the sheet shows in words elsewhere).
    pub kopf: Option<Cow<'a, str>>,
    /// Name in the CSV; `None`: only on the sheet.
    pub csv: Option<&'static str>,
    /// A fixed width in characters (`None`: the table's key or narrowest width).
    pub breite: Option<f64>,
    /// The value of a row.
    wert: Auslese<'a, R>,
}

impl<'a, R> Spalte<'a, R> {
    /// The value of this column in row `r`.
    pub(crate) fn wert<'r>(&self, r: &'r R) -> Wert<'r> {
        (self.wert)(r)
    }
}

/// A table: its columns and how a sheet shows it.
pub(crate) struct Tabelle<'a, R> {
    /// The Excel table's name (unique in the workbook).
    pub name: Cow<'a, str>,
    /// The columns, left to right.
    pub spalten: Vec<Spalte<'a, R>>,
    /// What the sheet says instead of an empty table (Excel's tables need a row, and a screen
    /// reader would announce an empty one).
    pub leer: Cow<'a, str>,
    /// Which rows are totals.
    pub summe: Summe<'a, R>,
    /// Columns naming a row: frozen on screen and repeated on every printed page.
    pub schluessel: u16,
    /// Width of the key columns in characters.
    pub schluessel_breite: f64,
    /// Narrowest width of the other columns (each also fits its heading's longest word).
    pub breite: f64,
    /// Texts wrap within their column, aligned to the top (long explanations).
    pub umbrechen: bool,
}

impl<'a, R> Tabelle<'a, R> {
    /// An empty table named `name` whose rows are listed with one key column.
    pub(crate) fn neu(name: impl Into<Cow<'a, str>>) -> Self {
        Tabelle {
            name: name.into(),
            spalten: Vec::new(),
            leer: Cow::Borrowed("Keine Einträge."),
            summe: Summe::Keine,
            schluessel: 1,
            schluessel_breite: 30.0,
            breite: 11.0,
            umbrechen: false,
        }
    }

    /// Adds a column shown on the sheet and, if `csv` names it, in the CSV.
    pub(crate) fn spalte(
        mut self,
        kopf: impl Into<Cow<'a, str>>,
        csv: Option<&'static str>,
        wert: impl Fn(&R) -> Wert<'_> + Sync + 'a,
    ) -> Self {
        self.spalten.push(Spalte {
            kopf: Some(kopf.into()),
            csv,
            breite: None,
            wert: Box::new(wert),
        });
        self
    }

    /// Adds a column shown only on the sheet.
    pub(crate) fn blattspalte(
        self,
        kopf: impl Into<Cow<'a, str>>,
        wert: impl Fn(&R) -> Wert<'_> + Sync + 'a,
    ) -> Self {
        self.spalte(kopf, None, wert)
    }

    /// Adds a column only in the CSV (a key the sheet shows in words elsewhere).
    pub(crate) fn csvspalte(
        mut self,
        csv: &'static str,
        wert: impl Fn(&R) -> Wert<'_> + Sync + 'a,
    ) -> Self {
        self.spalten.push(Spalte {
            kopf: None,
            csv: Some(csv),
            breite: None,
            wert: Box::new(wert),
        });
        self
    }

    /// The last column added gets a fixed width of `breite` characters.
    pub(crate) fn breite(mut self, breite: f64) -> Self {
        if let Some(s) = self.spalten.last_mut() {
            s.breite = Some(breite);
        }
        self
    }

    /// Texts wrap within their columns.
    pub(crate) fn umbrechen(mut self) -> Self {
        self.umbrechen = true;
        self
    }

    /// The sentence for an empty list.
    pub(crate) fn leer(mut self, satz: impl Into<Cow<'a, str>>) -> Self {
        self.leer = satz.into();
        self
    }

    /// The first row is the total of the rows below it.
    pub(crate) fn summe_zuerst(mut self) -> Self {
        self.summe = Summe::Erste;
        self
    }

    /// The rows `ist_summe` picks are totals.
    pub(crate) fn summe_wenn(mut self, ist_summe: impl Fn(&R) -> bool + Sync + 'a) -> Self {
        self.summe = Summe::Wenn(Box::new(ist_summe));
        self
    }

    /// Whether row `i` of `n`, `r`, is a total.
    pub(crate) fn ist_summe(&self, i: usize, n: usize, r: &R) -> bool {
        match &self.summe {
            Summe::Keine => false,
            Summe::Erste => i == 0 && n > 1,
            Summe::Wenn(p) => p(r),
        }
    }

    /// Widths: the key columns', the others' narrowest.
    pub(crate) fn breiten(mut self, schluessel: f64, andere: f64) -> Self {
        self.schluessel_breite = schluessel;
        self.breite = andere;
        self
    }

    /// The columns on the sheet (a CSV-only column is not one of them).
    pub(crate) fn blattspalten(&self) -> impl Iterator<Item = &Spalte<'a, R>> {
        self.spalten.iter().filter(|s| s.kopf.is_some())
    }

    /// The sheet's headings, left to right.
    pub(crate) fn koepfe(&self) -> Vec<&str> {
        self.blattspalten()
            .filter_map(|s| s.kopf.as_deref())
            .collect()
    }

    /// The sheet column of the column headed `kopf` (charts address their series by it).
    ///
    /// # Panics
    /// When no column has that heading: a chart naming a column the table lacks is a
    /// programming error the tests catch on the first run.
    pub(crate) fn spalte_von(&self, kopf: &str) -> u16 {
        self.blattspalten()
            .position(|s| s.kopf.as_deref() == Some(kopf))
            .unwrap_or_else(|| panic!("keine Spalte „{kopf}“ in Tabelle {}", self.name))
            as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Zeile {
        name: String,
        n: u64,
    }

    #[test]
    fn columns_keep_heading_csv_name_and_value_together() {
        let t = Tabelle::<Zeile>::neu("Probe")
            .csvspalte("ebene", |_| Wert::text("team"))
            .spalte("Name", Some("name"), |z| Wert::text(&z.name))
            .blattspalte("Anzahl", |z| Wert::anzahl(z.n));
        assert_eq!(t.koepfe(), ["Name", "Anzahl"]);
        assert_eq!(t.spalte_von("Anzahl"), 1);
        let z = Zeile {
            name: "Nord".into(),
            n: 3,
        };
        let werte: Vec<Wert> = t.spalten.iter().map(|s| s.wert(&z)).collect();
        assert_eq!(
            werte,
            [
                Wert::text("team"),
                Wert::text("Nord"),
                Wert::Zahl(3.0, Darstellung::Anzahl)
            ]
        );
        let csv: Vec<_> = t.spalten.iter().map(|s| s.csv).collect();
        assert_eq!(csv, [Some("ebene"), Some("name"), None]);
    }

    #[test]
    #[should_panic(expected = "keine Spalte „Fehlt“")]
    fn a_chart_naming_a_missing_column_fails_loudly() {
        Tabelle::<Zeile>::neu("Probe")
            .blattspalte("Name", |z| Wert::text(&z.name))
            .spalte_von("Fehlt");
    }
}

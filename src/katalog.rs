//! The figure catalog: every figure of `kennzahlen.csv` and `termintreue.csv` once — the SQL
//! result column that computes it (which is also its CSV column), the heading a manager reads
//! and how its number is shown. The SQL in `queries/` computes the figures; the CSVs and every
//! figure sheet are laid out from this catalog, so adding a figure is one line of SQL and one
//! entry below (README „Adding a figure“).

use crate::einheit::{Ebene, Einheit};

/// How a figure's number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Darstellung {
    /// A count: `#,##0` in the workbook, a whole number in the CSV.
    Anzahl,
    /// Days: one decimal in the workbook, unrounded in the CSV.
    Tage,
    /// A share 0…1: a percentage in the workbook, unrounded in the CSV. Without a denominator
    /// (NULL in the SQL) a dash in the workbook and an empty CSV cell, never 0.
    Anteil,
}

/// One figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kennzahl {
    /// The SQL result column and the CSV column (SPEC §4).
    pub spalte: &'static str,
    /// The column heading in the workbooks.
    pub kopf: &'static str,
    /// The title where the figure heads a table of its own (the trend sheet).
    pub titel: &'static str,
    /// How its number is shown.
    pub darstellung: Darstellung,
}

const fn kennzahl(spalte: &'static str, kopf: &'static str, darstellung: Darstellung) -> Kennzahl {
    Kennzahl {
        spalte,
        kopf,
        titel: kopf,
        darstellung,
    }
}

/// The columns every figure CSV starts with (SPEC §4): the unit and the customer group.
pub const SCHLUESSEL: [&str; 4] = ["ebene", "geschaeftsstelle", "team", "kundengruppe"];

/// Customers in a cell.
pub const KUNDEN: Kennzahl = Kennzahl {
    titel: "Kund:innen im Auswertungsbestand",
    ..kennzahl("kunden", "Kund:innen", Darstellung::Anzahl)
};
/// The directive's headline figure (§6.2).
pub const TAGE_MITTEL: Kennzahl = kennzahl(
    "tage_mittel",
    "Ø Tage seit letzter Beratung",
    Darstellung::Tage,
);
/// The share within the Mindestwert: the traffic light of the counselling sheets.
pub const ANTEIL_MINDESTWERT: Kennzahl = kennzahl(
    "anteil_mindestwert",
    "Anteil Mindestwert eingehalten",
    Darstellung::Anteil,
);
/// Attended / (attended + missed).
pub const QUOTE_WAHRGENOMMEN: Kennzahl = Kennzahl {
    titel: "Quote wahrgenommener Termine",
    ..kennzahl(
        "quote_wahrgenommen",
        "Quote wahrgenommen",
        Darstellung::Anteil,
    )
};
/// Followed up / (followed up + not): the traffic light of the appointment sheets.
pub const NACHFASS_QUOTE: Kennzahl = Kennzahl {
    titel: "Nachfass-Quote (nicht wahrgenommene Termine)",
    ..kennzahl("nachfass_quote", "Nachfass-Quote", Darstellung::Anteil)
};

/// Customers past their Mindestwert (also the length of a team's worklist „Überfällig“).
pub const UEBERFAELLIG: Kennzahl = kennzahl(
    "ueberfaellig",
    "Überfällig (über Mindestwert)",
    Darstellung::Anzahl,
);
/// No-shows whose follow-up deadline lies after the Stichtag (also their state in the
/// worklist „Nachfassen“).
pub const NACHFASS_OFFEN: Kennzahl =
    kennzahl("nachfass_offen", "Frist läuft noch", Darstellung::Anzahl);

/// The counselling figures (`queries/kennzahlen.sql` → `kennzahlen.csv`), in column order.
pub const BERATUNG: &[Kennzahl] = &[
    KUNDEN,
    TAGE_MITTEL,
    kennzahl("tage_median", "Median Tage", Darstellung::Tage),
    kennzahl(
        "anteil_zielwert",
        "Anteil Zielwert eingehalten",
        Darstellung::Anteil,
    ),
    ANTEIL_MINDESTWERT,
    UEBERFAELLIG,
    kennzahl("nie_beraten", "Noch nie beraten", Darstellung::Anzahl),
];

/// The appointment figures (`queries/termintreue.sql` → `termintreue.csv`), in column order.
pub const TERMINTREUE: &[Kennzahl] = &[
    kennzahl("termine", "Termine mit Ergebnis", Darstellung::Anzahl),
    kennzahl("wahrgenommen", "wahrgenommen", Darstellung::Anzahl),
    kennzahl("nicht_erschienen", "nicht erschienen", Darstellung::Anzahl),
    kennzahl("abgesagt", "abgesagt", Darstellung::Anzahl),
    kennzahl(
        "ohne_ergebnis",
        "ohne Ergebnis (offen)",
        Darstellung::Anzahl,
    ),
    QUOTE_WAHRGENOMMEN,
    kennzahl(
        "quote_mit_erinnerung",
        "Quote mit SMS-Erinnerung",
        Darstellung::Anteil,
    ),
    kennzahl(
        "quote_ohne_erinnerung",
        "Quote ohne SMS-Erinnerung",
        Darstellung::Anteil,
    ),
    kennzahl(
        "nachfass_erfolgt",
        "Nachfassen erfolgt",
        Darstellung::Anzahl,
    ),
    kennzahl(
        "nachfass_versaeumt",
        "Nachfassen versäumt",
        Darstellung::Anzahl,
    ),
    NACHFASS_OFFEN,
    NACHFASS_QUOTE,
    kennzahl(
        "quote_folgetermin",
        "Folgetermin im Gespräch vereinbart",
        Darstellung::Anteil,
    ),
];

/// Where figure `k` stands in `katalog` (0-based). A figure asked of a catalog that does not
/// hold it is a programming error, caught by every test that writes a workbook.
pub fn position(katalog: &[Kennzahl], k: &Kennzahl) -> usize {
    katalog
        .iter()
        .position(|x| x.spalte == k.spalte)
        .unwrap_or_else(|| panic!("Kennzahl {} steht nicht im Katalog", k.spalte))
}

/// The workbook headings of a catalog, in column order.
pub fn koepfe(katalog: &[Kennzahl]) -> impl Iterator<Item = &'static str> + '_ {
    katalog.iter().map(|k| k.kopf)
}

/// The CSV header of a catalog's figures: the key columns, then one column per figure.
pub fn csv_kopf(katalog: &[Kennzahl]) -> Vec<&'static str> {
    SCHLUESSEL
        .iter()
        .copied()
        .chain(katalog.iter().map(|k| k.spalte))
        .collect()
}

/// One row of a figure CSV: a unit, a customer group and one value per catalog figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Kennzahlzeile {
    /// The unit.
    pub einheit: Einheit,
    /// The Geschäftsstelle of the unit: empty for the Jobcenter; team rows keep theirs
    /// (SPEC §4).
    pub geschaeftsstelle: String,
    /// `alle` or a group id.
    pub kundengruppe: String,
    /// One value per figure of the table's catalog, in its order; `None` where the SQL gave
    /// NULL (a share without a denominator).
    pub werte: Vec<Option<f64>>,
}

/// The result of one figure query: its catalog and its rows in report order (Jobcenter,
/// Geschäftsstellen, teams; within a unit `alle`, then the groups in precedence order).
#[derive(Debug, Clone, PartialEq)]
pub struct Kennzahltabelle {
    /// Which figures the rows hold.
    pub katalog: &'static [Kennzahl],
    /// The rows.
    pub zeilen: Vec<Kennzahlzeile>,
}

impl Kennzahltabelle {
    /// A table of `katalog`'s figures without rows (no appointments in the month).
    pub fn leer(katalog: &'static [Kennzahl]) -> Kennzahltabelle {
        Kennzahltabelle {
            katalog,
            zeilen: Vec::new(),
        }
    }

    /// The row of unit `e` for `gruppe` (`alle` or a group id), if the cell has one.
    pub fn zeile(&self, e: &Einheit, gruppe: &str) -> Option<&Kennzahlzeile> {
        self.zeilen
            .iter()
            .find(|z| z.kundengruppe == gruppe && z.einheit == *e)
    }

    /// The Jobcenter's row for all customers (`None`: no customer in the population).
    pub fn gesamt(&self) -> Option<&Kennzahlzeile> {
        self.zeile(&Einheit::Jobcenter, "alle")
    }

    /// The rows of one unit: `alle` first, then its groups.
    pub fn zeilen_von<'a>(&'a self, e: &'a Einheit) -> impl Iterator<Item = &'a Kennzahlzeile> {
        self.zeilen.iter().filter(move |z| z.einheit == *e)
    }

    /// The `alle` rows of one level, in report order.
    pub fn ebene(&self, ebene: Ebene) -> impl Iterator<Item = &Kennzahlzeile> {
        self.zeilen
            .iter()
            .filter(move |z| z.einheit.ebene() == ebene && z.kundengruppe == "alle")
    }

    /// The value of figure `k` in row `z` (`None`: no denominator).
    pub fn wert(&self, z: &Kennzahlzeile, k: &Kennzahl) -> Option<f64> {
        z.werte[position(self.katalog, k)]
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.zeilen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_headers_are_those_spec_4_fixes() {
        // Written out by hand from SPEC §4, not derived from the catalog.
        assert_eq!(
            csv_kopf(BERATUNG).join(";"),
            "ebene;geschaeftsstelle;team;kundengruppe;kunden;tage_mittel;tage_median;\
             anteil_zielwert;anteil_mindestwert;ueberfaellig;nie_beraten"
        );
        assert_eq!(
            csv_kopf(TERMINTREUE).join(";"),
            "ebene;geschaeftsstelle;team;kundengruppe;termine;wahrgenommen;nicht_erschienen;\
             abgesagt;ohne_ergebnis;quote_wahrgenommen;quote_mit_erinnerung;\
             quote_ohne_erinnerung;nachfass_erfolgt;nachfass_versaeumt;nachfass_offen;\
             nachfass_quote;quote_folgetermin"
        );
    }

    #[test]
    fn every_column_and_heading_is_unique_within_its_catalog() {
        for katalog in [BERATUNG, TERMINTREUE] {
            for (i, k) in katalog.iter().enumerate() {
                assert_eq!(position(katalog, k), i, "{}", k.spalte);
                assert_eq!(
                    katalog.iter().filter(|x| x.kopf == k.kopf).count(),
                    1,
                    "{}",
                    k.kopf
                );
            }
        }
    }

    #[test]
    fn the_named_figures_are_in_their_catalogs() {
        assert_eq!(position(BERATUNG, &KUNDEN), 0);
        assert_eq!(position(BERATUNG, &TAGE_MITTEL), 1);
        assert_eq!(position(BERATUNG, &ANTEIL_MINDESTWERT), 4);
        assert_eq!(position(TERMINTREUE, &QUOTE_WAHRGENOMMEN), 5);
        assert_eq!(position(TERMINTREUE, &NACHFASS_QUOTE), 11);
    }

    #[test]
    #[should_panic(expected = "nicht im Katalog")]
    fn a_figure_of_another_catalog_is_refused() {
        position(TERMINTREUE, &TAGE_MITTEL);
    }

    #[test]
    fn rows_are_found_by_unit_and_group() {
        let zeile = |e: Einheit, g: &str, w: f64| Kennzahlzeile {
            einheit: e,
            geschaeftsstelle: String::new(),
            kundengruppe: g.into(),
            werte: vec![Some(w); BERATUNG.len()],
        };
        let t = Kennzahltabelle {
            katalog: BERATUNG,
            zeilen: vec![
                zeile(Einheit::Jobcenter, "alle", 1.0),
                zeile(Einheit::Team("611".into()), "alle", 2.0),
                zeile(Einheit::Team("611".into()), "u25", 3.0),
                zeile(Einheit::Team("612".into()), "alle", 4.0),
            ],
        };
        let z = t.zeile(&Einheit::Team("611".into()), "u25").unwrap();
        assert_eq!(t.wert(z, &TAGE_MITTEL), Some(3.0));
        assert_eq!(t.zeilen_von(&Einheit::Team("611".into())).count(), 2);
        assert_eq!(t.ebene(Ebene::Team).count(), 2);
        assert!(t
            .zeile(&Einheit::Geschaeftsstelle("611".into()), "alle")
            .is_none());
    }
}

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
    /// Posts (Stellen): two decimals in the workbook (a 0.75 post is not 0.8), unrounded in
    /// the CSV.
    Stellen,
}

/// Where a figure stands in its CSV (SPEC §4). The sheets show the catalog's order; the CSV
/// keeps the column order SPEC §4 fixes, which appends a figure added later at the end so that
/// readers of the older columns keep working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csv {
    /// A CSV column, ordered by this rank; equal ranks keep the catalog's order.
    Spalte(u8),
    /// Only in the workbooks (a share the sheets show beside its count; SPEC §4 has no
    /// column for it).
    Keine,
    /// Neither in a CSV nor on a sheet: the count of cases a quote stands on, which the
    /// workbooks need to mark small numbers (SPEC §4) and the row holds nowhere else.
    Basis,
}

/// Over how many cases a share or quote is computed (SPEC §4 „Small numbers“): read from
/// the same row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Faelle {
    /// Not a share: a count or days, always shown.
    Keine,
    /// The value of the row's figure with this SQL column.
    Spalte(&'static str),
    /// The sum of the row's two figures with these SQL columns.
    Summe(&'static str, &'static str),
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
    /// Where it stands in the CSV.
    pub csv: Csv,
    /// Over how many cases it is computed (a share or quote), for the small-number rule.
    pub faelle: Faelle,
    /// How it is made, in German for the sheet „Erläuterungen“ of every workbook.
    pub erklaerung: &'static str,
}

const fn kennzahl(spalte: &'static str, kopf: &'static str, darstellung: Darstellung) -> Kennzahl {
    Kennzahl {
        spalte,
        kopf,
        titel: kopf,
        darstellung,
        csv: Csv::Spalte(0),
        faelle: Faelle::Keine,
        erklaerung: "",
    }
}

impl Kennzahl {
    /// The figure with its explanation for the reader.
    const fn erklaert(self, erklaerung: &'static str) -> Kennzahl {
        Kennzahl { erklaerung, ..self }
    }

    /// The share or quote computed over `faelle` cases.
    const fn ueber(self, faelle: Faelle) -> Kennzahl {
        Kennzahl { faelle, ..self }
    }

    /// Whether a sheet shows it (a [`Csv::Basis`] count is only read).
    pub fn auf_blatt(&self) -> bool {
        !matches!(self.csv, Csv::Basis)
    }
}

/// A count of cases a quote stands on, neither in a CSV nor on a sheet ([`Csv::Basis`]).
const fn basis(spalte: &'static str) -> Kennzahl {
    Kennzahl {
        csv: Csv::Basis,
        ..kennzahl(spalte, spalte, Darstellung::Anzahl)
    }
}

/// The columns every figure CSV starts with (SPEC §4): the unit and the customer group.
pub const SCHLUESSEL: [&str; 4] = ["ebene", "geschaeftsstelle", "team", "kundengruppe"];

/// Customers in a cell.
pub const KUNDEN: Kennzahl = Kennzahl {
    titel: "Kund:innen im Auswertungsbestand",
    ..kennzahl("kunden", "Kund:innen", Darstellung::Anzahl)
    .erklaert("Kund:innen im Auswertungsbestand am Stichtag: zugegangen bis zum Stichtag, nicht abgemeldet, ohne Sperrkennzeichen und ohne Vollzeitschulpflicht.")
};
/// The directive's headline figure (§6.2).
pub const TAGE_MITTEL: Kennzahl = kennzahl(
    "tage_mittel",
    "Ø Tage seit letzter Beratung",
    Darstellung::Tage,
)
    .erklaert("Mittelwert der Tage seit der letzten Beratung (Stichtag minus Datum des letzten Beratungsvermerks) über alle Kund:innen; bei noch nie beratenen Kund:innen zählen die Tage seit dem Zugang. Die Leitkennzahl der Geschäftsanweisung (§ 6.2).");
/// The headline among the customers counselled at least once (SPEC §3): beside the headline,
/// so that a few never-counselled customers, whose clock runs from entry, cannot decide a
/// ranking on their own. Appended last in `kennzahlen.csv`.
pub const TAGE_MITTEL_BERATEN: Kennzahl = Kennzahl {
    titel: "Ø Tage seit letzter Beratung (nur bereits Beratene)",
    ..kennzahl(
        "tage_mittel_beraten",
        "Ø Tage (nur bereits Beratene)",
        Darstellung::Tage,
    )
    .erklaert("Derselbe Mittelwert nur über die Kund:innen, die mindestens einmal beraten wurden. Steht neben der Leitkennzahl, damit wenige nie beratene Kund:innen (deren Tage ab Zugang zählen) eine Rangfolge nicht allein bestimmen. „–“: in der Einheit wurde noch niemand beraten.")
};
/// Customers never counselled (their clock runs from entry).
pub const NIE_BERATEN: Kennzahl = kennzahl("nie_beraten", "Noch nie beraten", Darstellung::Anzahl)
    .erklaert("Kund:innen ohne einen Beratungsvermerk bis zum Stichtag.");
/// Their share of the unit's customers: in the workbooks only.
pub const ANTEIL_NIE_BERATEN: Kennzahl = Kennzahl {
    csv: Csv::Keine,
    ..kennzahl(
        "anteil_nie_beraten",
        "Anteil noch nie beraten",
        Darstellung::Anteil,
    )
    .ueber(Faelle::Spalte("kunden"))
    .erklaert("Noch nie beratene Kund:innen geteilt durch alle Kund:innen der Einheit.")
};
/// The share within the Zielwert.
pub const ANTEIL_ZIELWERT: Kennzahl = kennzahl(
    "anteil_zielwert",
    "Anteil Zielwert eingehalten",
    Darstellung::Anteil,
)
    .ueber(Faelle::Spalte("kunden"))
    .erklaert("Anteil der Kund:innen, deren Tage seit der letzten Beratung den Zielwert ihrer Kundengruppe nicht überschreiten.");
/// The share within the Mindestwert: the traffic light of the counselling sheets.
pub const ANTEIL_MINDESTWERT: Kennzahl = kennzahl(
    "anteil_mindestwert",
    "Anteil Mindestwert eingehalten",
    Darstellung::Anteil,
)
    .ueber(Faelle::Spalte("kunden"))
    .erklaert("Anteil der Kund:innen, deren Tage seit der letzten Beratung den Mindestwert ihrer Kundengruppe nicht überschreiten. Grundlage der Ampel.");
/// Attended / (attended + missed).
pub const QUOTE_WAHRGENOMMEN: Kennzahl = Kennzahl {
    titel: "Quote wahrgenommener Termine",
    ..kennzahl(
        "quote_wahrgenommen",
        "Quote wahrgenommen",
        Darstellung::Anteil,
    )
    .ueber(Faelle::Summe("wahrgenommen", "nicht_erschienen"))
    .erklaert("wahrgenommen / (wahrgenommen + nicht erschienen).")
};
/// Followed up / (followed up + not): the traffic light of the appointment sheets.
pub const NACHFASS_QUOTE: Kennzahl = Kennzahl {
    titel: "Nachfass-Quote (nicht wahrgenommene Termine)",
    ..kennzahl("nachfass_quote", "Nachfass-Quote", Darstellung::Anteil)
        .ueber(Faelle::Summe("nachfass_erfolgt", "nachfass_versaeumt"))
        .erklaert("erfolgt / (erfolgt + versäumt). Grundlage der Ampel der Termintreue.")
};

/// Customers past their Mindestwert (also the length of a team's worklist „Überfällig“).
pub const UEBERFAELLIG: Kennzahl = kennzahl(
    "ueberfaellig",
    "Überfällig (über Mindestwert)",
    Darstellung::Anzahl,
)
    .erklaert("Kund:innen, deren Tage seit der letzten Beratung den Mindestwert ihrer Kundengruppe überschreiten; sie stehen in der Arbeitsliste „Überfällig“ ihres Teams.");
/// No-shows followed up in time (also where the appointment sheet's second table, the
/// follow-up, begins).
pub const NACHFASS_ERFOLGT: Kennzahl =
    kennzahl("nachfass_erfolgt", "Nachfassen erfolgt", Darstellung::Anzahl)
    .erklaert("Nicht wahrgenommene Termine, nach denen bis zur Frist ein Vermerk mit Kontaktart Telefon folgte (§ 5: umgehend telefonisch nachfassen).");
/// No-shows whose follow-up deadline lies after the Stichtag (also their state in the
/// worklist „Nachfassen“).
pub const NACHFASS_OFFEN: Kennzahl =
    kennzahl("nachfass_offen", "Frist läuft noch", Darstellung::Anzahl)
    .erklaert("Nicht wahrgenommene Termine ohne telefonischen Kontakt, deren Frist erst nach dem Stichtag endet: noch nicht zu beurteilen.");

/// The counselling figures (`queries/kennzahlen.sql` → `kennzahlen.csv`), in the order the
/// sheets show them: the headline, beside it the headline among those ever counselled and
/// the never-counselled as count and share, then the rest. Their ranks give SPEC §4's CSV
/// order.
pub const BERATUNG: &[Kennzahl] = &[
    csv_rang(KUNDEN, 0),
    csv_rang(TAGE_MITTEL, 1),
    csv_rang(TAGE_MITTEL_BERATEN, 7),
    csv_rang(NIE_BERATEN, 6),
    ANTEIL_NIE_BERATEN,
    csv_rang(
        kennzahl("tage_median", "Median Tage", Darstellung::Tage).erklaert(
            "Der mittlere Wert der Tage seit der letzten Beratung: die Hälfte der Kund:innen \
             liegt darunter, die Hälfte darüber (bei gerader Anzahl das Mittel der beiden \
             mittleren Werte).",
        ),
        2,
    ),
    csv_rang(ANTEIL_ZIELWERT, 3),
    csv_rang(ANTEIL_MINDESTWERT, 4),
    csv_rang(UEBERFAELLIG, 5),
];

/// The appointment figures (`queries/termintreue.sql` → `termintreue.csv`), in column order.
pub const TERMINTREUE: &[Kennzahl] = &[
    kennzahl("termine", "Termine mit Ergebnis", Darstellung::Anzahl)
    .erklaert("Termine im Monat (1. des Monats bis Stichtag) von Kund:innen im Auswertungsbestand mit dem Ergebnis wahrgenommen, nicht erschienen oder abgesagt."),
    kennzahl("wahrgenommen", "wahrgenommen", Darstellung::Anzahl)
    .erklaert("Termine mit Status „wahrgenommen“."),
    kennzahl("nicht_erschienen", "nicht erschienen", Darstellung::Anzahl)
    .erklaert("Termine mit Status „nicht erschienen“ (auch „nicht wahrgenommen“)."),
    kennzahl("abgesagt", "abgesagt", Darstellung::Anzahl)
    .erklaert("Termine mit Status „abgesagt“."),
    kennzahl(
        "ohne_ergebnis",
        "ohne Ergebnis (offen)",
        Darstellung::Anzahl,
    )
    .erklaert("Termine im Monat mit Status „offen“: kein Ergebnis erfasst."),
    QUOTE_WAHRGENOMMEN,
    kennzahl(
        "quote_mit_erinnerung",
        "Quote mit SMS-Erinnerung",
        Darstellung::Anteil,
    )
    .ueber(Faelle::Spalte("faelle_mit_erinnerung"))
    .erklaert("Dieselbe Quote unter den Terminen mit SMS-Erinnerung (leer, wenn der Export keine Spalte „Erinnerung“ hat)."),
    kennzahl(
        "quote_ohne_erinnerung",
        "Quote ohne SMS-Erinnerung",
        Darstellung::Anteil,
    )
    .ueber(Faelle::Spalte("faelle_ohne_erinnerung"))
    .erklaert("Dieselbe Quote unter den Terminen ohne SMS-Erinnerung."),
    NACHFASS_ERFOLGT,
    kennzahl(
        "nachfass_versaeumt",
        "Nachfassen versäumt",
        Darstellung::Anzahl,
    )
    .erklaert("Nicht wahrgenommene Termine ohne telefonischen Kontakt, deren Frist bis zum Stichtag abgelaufen ist."),
    NACHFASS_OFFEN,
    NACHFASS_QUOTE,
    kennzahl(
        "quote_folgetermin",
        "Folgetermin im Gespräch vereinbart",
        Darstellung::Anteil,
    )
    .ueber(Faelle::Spalte("faelle_folgetermin"))
    .erklaert("Anteil der wahrgenommenen Termine, bei denen am selben Tag ein späterer Termin vereinbart wurde (§ 5: Einladung zum Folgetermin im Gespräch)."),
    basis("faelle_mit_erinnerung"),
    basis("faelle_ohne_erinnerung"),
    basis("faelle_folgetermin"),
];

/// Where figure `k` stands in `katalog` (0-based). A figure asked of a catalog that does not
/// hold it is a programming error, caught by every test that writes a workbook.
pub fn position(katalog: &[Kennzahl], k: &Kennzahl) -> usize {
    katalog
        .iter()
        .position(|x| x.spalte == k.spalte)
        .unwrap_or_else(|| panic!("Kennzahl {} steht nicht im Katalog", k.spalte))
}

/// The workbook headings of a catalog, in column order (its case counts are on no sheet).
pub fn koepfe(katalog: &[Kennzahl]) -> impl Iterator<Item = &'static str> + '_ {
    katalog.iter().filter(|k| k.auf_blatt()).map(|k| k.kopf)
}

/// The positions in `katalog` of the figures its CSV holds, in CSV order (SPEC §4).
pub fn csv_spalten(katalog: &[Kennzahl]) -> Vec<usize> {
    let mut spalten: Vec<(u8, usize)> = (0..katalog.len())
        .filter_map(|i| match katalog[i].csv {
            Csv::Spalte(rang) => Some((rang, i)),
            Csv::Keine | Csv::Basis => None,
        })
        .collect();
    spalten.sort();
    spalten.into_iter().map(|(_, i)| i).collect()
}

/// [`Kennzahl`] `k` at rank `rang` of its CSV.
const fn csv_rang(k: Kennzahl, rang: u8) -> Kennzahl {
    Kennzahl {
        csv: Csv::Spalte(rang),
        ..k
    }
}

/// The CSV header of a catalog's figures: the key columns, then one column per CSV figure.
pub fn csv_kopf(katalog: &[Kennzahl]) -> Vec<&'static str> {
    SCHLUESSEL
        .iter()
        .copied()
        .chain(csv_spalten(katalog).into_iter().map(|i| katalog[i].spalte))
        .collect()
}

/// A row's customer group: all customers of the unit, or one group of the rules version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kundengruppe {
    /// All customers of the unit.
    Alle,
    /// The group with this id.
    Gruppe(String),
}

impl Kundengruppe {
    /// How the figure CSVs name all customers together (no group id may be it).
    pub const ALLE_ID: &'static str = "alle";

    /// The group a figure query's `kundengruppe` value names.
    pub fn aus_id(id: &str) -> Kundengruppe {
        if id == Self::ALLE_ID {
            Kundengruppe::Alle
        } else {
            Kundengruppe::Gruppe(id.to_string())
        }
    }

    /// The id as the figure CSVs write it.
    pub fn id(&self) -> &str {
        match self {
            Kundengruppe::Alle => Self::ALLE_ID,
            Kundengruppe::Gruppe(id) => id,
        }
    }
}

/// One row of a figure CSV: a unit, a customer group and one value per catalog figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Kennzahlzeile {
    /// The unit.
    pub einheit: Einheit,
    /// The Geschäftsstelle of the unit: empty for the Jobcenter; team rows keep theirs
    /// (SPEC §4).
    pub geschaeftsstelle: String,
    /// All customers or one group.
    pub kundengruppe: Kundengruppe,
    /// One value per figure of the table's catalog, in its order; `None` where the SQL gave
    /// NULL (a share without a denominator).
    pub werte: Vec<Option<f64>>,
}

impl Kennzahlzeile {
    /// Over how many cases figure `i` of `katalog` (the row's catalog) was computed: `None`
    /// for a count or days (no small-number rule) or a case count the row lacks.
    pub fn faelle(&self, katalog: &[Kennzahl], i: usize) -> Option<u64> {
        let wert = |spalte: &str| {
            let j = katalog.iter().position(|k| k.spalte == spalte)?;
            self.werte[j]
        };
        let n = match katalog[i].faelle {
            Faelle::Keine => None,
            Faelle::Spalte(a) => wert(a),
            Faelle::Summe(a, b) => Some(wert(a)? + wert(b)?),
        }?;
        Some(n.max(0.0) as u64)
    }
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

    /// The row of unit `e` for the group with id `gruppe`, if the cell has one.
    pub fn zeile(&self, e: &Einheit, gruppe: &str) -> Option<&Kennzahlzeile> {
        self.zeilen.iter().find(|z| {
            matches!(&z.kundengruppe, Kundengruppe::Gruppe(g) if g == gruppe) && z.einheit == *e
        })
    }

    /// The row of unit `e` for all its customers (`None`: no customer there).
    pub fn alle(&self, e: &Einheit) -> Option<&Kennzahlzeile> {
        self.zeilen
            .iter()
            .find(|z| z.kundengruppe == Kundengruppe::Alle && z.einheit == *e)
    }

    /// The Jobcenter's row for all customers (`None`: no customer in the population).
    pub fn gesamt(&self) -> Option<&Kennzahlzeile> {
        self.alle(&Einheit::Jobcenter)
    }

    /// The rows of one unit: `alle` first, then its groups.
    pub fn zeilen_von<'a>(&'a self, e: &'a Einheit) -> impl Iterator<Item = &'a Kennzahlzeile> {
        self.zeilen.iter().filter(move |z| z.einheit == *e)
    }

    /// The `alle` rows of one level, in report order.
    pub fn ebene(&self, ebene: Ebene) -> impl Iterator<Item = &Kennzahlzeile> {
        self.zeilen
            .iter()
            .filter(move |z| z.einheit.ebene() == ebene && z.kundengruppe == Kundengruppe::Alle)
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
             anteil_zielwert;anteil_mindestwert;ueberfaellig;nie_beraten;tage_mittel_beraten"
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
    fn every_share_names_the_cases_it_stands_on() {
        for katalog in [BERATUNG, TERMINTREUE] {
            for (i, k) in katalog.iter().enumerate() {
                let ist_anteil = k.darstellung == Darstellung::Anteil;
                assert_eq!(ist_anteil, k.faelle != Faelle::Keine, "{}", k.spalte);
                // Every case column it names is in the same catalog.
                let zeile = Kennzahlzeile {
                    einheit: Einheit::Jobcenter,
                    geschaeftsstelle: String::new(),
                    kundengruppe: Kundengruppe::Alle,
                    werte: vec![Some(3.0); katalog.len()],
                };
                let n = zeile.faelle(katalog, i);
                match k.faelle {
                    Faelle::Keine => assert_eq!(n, None),
                    Faelle::Spalte(_) => assert_eq!(n, Some(3), "{}", k.spalte),
                    Faelle::Summe(..) => assert_eq!(n, Some(6), "{}", k.spalte),
                }
            }
        }
    }

    #[test]
    fn every_figure_is_explained_for_the_reader() {
        for k in BERATUNG.iter().chain(TERMINTREUE).filter(|k| k.auf_blatt()) {
            assert!(k.erklaerung.len() > 20, "{} ohne Erläuterung", k.spalte);
        }
    }

    #[test]
    fn the_named_figures_are_in_their_catalogs() {
        assert_eq!(position(BERATUNG, &KUNDEN), 0);
        assert_eq!(position(BERATUNG, &TAGE_MITTEL), 1);
        assert_eq!(position(BERATUNG, &TAGE_MITTEL_BERATEN), 2);
        assert_eq!(position(BERATUNG, &ANTEIL_MINDESTWERT), 7);
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
            kundengruppe: Kundengruppe::aus_id(g),
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
        assert!(t.alle(&Einheit::Geschaeftsstelle("611".into())).is_none());
        assert!(t.alle(&Einheit::Team("612".into())).is_some());
        assert!(t.zeile(&Einheit::Team("612".into()), "alle").is_none());
    }
}

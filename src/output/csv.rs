//! The machine-readable CSVs of SPEC §4: `;`, UTF-8, `.` decimal point, ISO dates,
//! `true`/`false`, unrounded numbers with at least four decimals, sorted rows.

use crate::auswertung::Einzelfall;
use crate::error::Ergebnis;
use crate::ingest::abweisungen::Abweisungen;
use crate::katalog::{self, Darstellung, Kennzahltabelle, Kennzahlzeile};
use crate::output::endlich::endlich;
use crate::output::tabelle::{Spalte, Tabelle, Wert};
use crate::rules::Fassung;

/// Header of `abgewiesen.csv`.
pub const ABGEWIESEN_KOPF: [&str; 4] = ["datei", "zeile", "grund", "inhalt"];

/// Text from the input as written into a CSV: a value starting with `=`, `+`, `-`, `@`, tab
/// or carriage return gets a leading `'`, so that Excel opening the CSV shows it as text
/// instead of executing it as a formula (OWASP "CSV injection"). Only input text is touched;
/// numbers, dates and our own labels never start with those characters.
pub fn text(wert: &str) -> std::borrow::Cow<'_, str> {
    match wert.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{wert}").into(),
        _ => wert.into(),
    }
}

/// Shortest round-trip representation, padded to at least four decimals (`45` → `45.0000`,
/// `45.333333333333336` stays as is): unrounded, and still obviously a decimal number. A
/// non-finite value of `figur` is refused ([`endlich`]).
pub fn dezimal(x: f64, figur: &str) -> Ergebnis<String> {
    let mut s = format!("{}", endlich(x, figur)?);
    if !s.contains('.') {
        s.push('.');
    }
    let nachkomma = s.len() - s.find('.').expect("has a point") - 1;
    for _ in nachkomma..4 {
        s.push('0');
    }
    Ok(s)
}

/// A CSV of table `t`'s CSV columns over `zeilen`: the header from the columns' CSV names, a
/// count as a whole number, days and shares unrounded, dates in ISO, flags as `true`/`false`,
/// input text guarded, a value that cannot be computed as an empty field. A non-finite value
/// is refused ([`endlich`]).
pub(crate) fn tabelle_csv<R>(t: &Tabelle<'_, R>, zeilen: &[R]) -> Ergebnis<Vec<u8>> {
    let mut aus = Vec::new();
    match schreiben(&mut aus, t, zeilen) {
        Ok(()) => Ok(aus),
        Err(CsvFehler::Wert(f)) => Err(f),
        // Writing into a Vec cannot fail.
        Err(CsvFehler::Io(e)) => unreachable!("in den Speicher schreiben: {e}"),
    }
}

/// [`tabelle_csv`] streamed into `ziel` (a region's customer list never sits in memory as
/// text).
pub(crate) fn tabelle_csv_schreiben<R>(
    ziel: &mut dyn std::io::Write,
    t: &Tabelle<'_, R>,
    zeilen: &[R],
) -> std::io::Result<()> {
    schreiben(ziel, t, zeilen).map_err(|f| match f {
        CsvFehler::Io(e) => e,
        CsvFehler::Wert(f) => std::io::Error::other(f.to_string()),
    })
}

/// Why a CSV could not be written: a value, or the writing.
enum CsvFehler {
    Wert(crate::error::Fehler),
    Io(std::io::Error),
}

impl From<::csv::Error> for CsvFehler {
    fn from(e: ::csv::Error) -> Self {
        CsvFehler::Io(e.into())
    }
}

fn schreiben<R>(
    ziel: &mut dyn std::io::Write,
    t: &Tabelle<'_, R>,
    zeilen: &[R],
) -> Result<(), CsvFehler> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(ziel);
    let spalten: Vec<(&'static str, &Spalte<R>)> = t
        .spalten
        .iter()
        .filter_map(|s| s.csv.map(|n| (n, s)))
        .collect();
    w.write_record(spalten.iter().map(|(n, _)| n))?;
    // One line buffer and the fields' bounds in it, reused: no allocation per field (a
    // region's einzeldaten.csv is 13 million fields).
    let mut zeile = String::new();
    let mut grenzen: Vec<(usize, usize)> = Vec::with_capacity(spalten.len());
    for r in zeilen {
        zeile.clear();
        grenzen.clear();
        for (name, s) in &spalten {
            let start = zeile.len();
            csv_feld(&mut zeile, name, s.wert(r)).map_err(CsvFehler::Wert)?;
            grenzen.push((start, zeile.len()));
        }
        w.write_record(grenzen.iter().map(|&(a, b)| &zeile.as_bytes()[a..b]))?;
    }
    w.flush().map_err(CsvFehler::Io)
}

/// One value as a CSV field of column `name`, appended to `zeile`.
fn csv_feld(zeile: &mut String, name: &str, wert: Wert<'_>) -> Ergebnis<()> {
    use std::fmt::Write;
    match wert {
        Wert::Leer | Wert::Strich | Wert::Hinweis(_) => {}
        Wert::Text(x) => zeile.push_str(&text(&x)),
        Wert::Verweis { text: x, .. } => zeile.push_str(&x),
        Wert::Zahl(n, Darstellung::Anzahl)
        | Wert::ZuWenige(n, Darstellung::Anzahl, _)
        | Wert::Aenderung(n, Darstellung::Anzahl) => {
            let _ = write!(zeile, "{}", endlich(n, name)? as i64);
        }
        Wert::Zahl(x, Darstellung::Tage | Darstellung::Anteil | Darstellung::Stellen)
        | Wert::ZuWenige(x, Darstellung::Tage | Darstellung::Anteil | Darstellung::Stellen, _)
        | Wert::Aenderung(x, Darstellung::Tage | Darstellung::Anteil | Darstellung::Stellen) => {
            zeile.push_str(&dezimal(x, name)?);
        }
        // NaiveDate shows as ISO.
        Wert::Datum(d) => {
            let _ = write!(zeile, "{d}");
        }
        Wert::Flag(b) => zeile.push_str(if b { "true" } else { "false" }),
    }
    Ok(())
}

/// A figure CSV (`kennzahlen.csv`, `termintreue.csv`), laid out from the table's catalog:
/// the key columns (SPEC §4), then one column per figure the catalog gives a CSV rank, in that
/// order — a count as a whole number, days and shares unrounded, a share without a
/// denominator as an empty cell.
pub fn kennzahlen_csv(t: &Kennzahltabelle) -> Ergebnis<Vec<u8>> {
    let [ebene, geschaeftsstelle, team, kundengruppe] = katalog::SCHLUESSEL;
    let mut tabelle = Tabelle::neu("Kennzahlen")
        .csvspalte(ebene, |z: &Kennzahlzeile| {
            Wert::text(z.einheit.ebene().name())
        })
        .csvspalte(geschaeftsstelle, |z| Wert::text(&z.geschaeftsstelle))
        .csvspalte(team, |z| Wert::text(z.einheit.team()))
        .csvspalte(kundengruppe, |z| Wert::text(z.kundengruppe.id()));
    for i in katalog::csv_spalten(t.katalog) {
        let k = &t.katalog[i];
        tabelle = tabelle.csvspalte(k.spalte, move |z| {
            Wert::oder_leer(z.werte[i], k.darstellung)
        });
    }
    tabelle_csv(&tabelle, &t.zeilen)
}

/// The table of `einzeldaten.csv` (SPEC §4): one row per population customer.
fn einzeldaten(fassung: &Fassung) -> Tabelle<'_, Einzelfall> {
    Tabelle::neu("Einzeldaten")
        .csvspalte("kundennummer", |e: &Einzelfall| Wert::text(&e.kundennummer))
        .csvspalte("geschaeftsstelle", |e| Wert::text(&e.geschaeftsstelle))
        .csvspalte("team", |e| Wert::text(&e.team))
        .csvspalte("ifk", |e| Wert::text(&e.ifk))
        .csvspalte("kundengruppe", move |e| {
            Wert::Text(fassung.gruppe(e.gruppe).id.clone().into())
        })
        .csvspalte("alter", |e| Wert::anzahl_i(e.alter.into()))
        .csvspalte("letzte_beratung", |e| {
            e.letzte_beratung.map_or(Wert::Leer, Wert::Datum)
        })
        .csvspalte("tage_seit_beratung", |e| Wert::anzahl_i(e.tage))
        .csvspalte("nie_beraten", |e| Wert::Flag(e.nie_beraten))
        .csvspalte("zielwert", |e| Wert::anzahl(e.zielwert.into()))
        .csvspalte("mindestwert", |e| Wert::anzahl(e.mindestwert.into()))
        .csvspalte("zielwert_eingehalten", |e| {
            Wert::Flag(e.zielwert_eingehalten())
        })
        .csvspalte("mindestwert_eingehalten", |e| {
            Wert::Flag(e.mindestwert_eingehalten())
        })
}

/// `einzeldaten.csv`, in the order given (sorted by Kundennummer upstream), streamed to `ziel`:
/// a region's customer list never sits in memory as text.
pub fn einzeldaten_schreiben(
    ziel: &mut dyn std::io::Write,
    faelle: &[Einzelfall],
    fassung: &Fassung,
) -> std::io::Result<()> {
    tabelle_csv_schreiben(ziel, &einzeldaten(fassung), faelle)
}

/// `abgewiesen.csv`: every rejected row with file, line, reason and the raw line, streamed
/// from the run's temporary file. Written by [`feld`], not the csv crate: csv_core scans the
/// rest of a field for quotes once per 8 KB it writes, so one 200 MB rejected line took 70 s
/// (perf: 95 % in `memchr` under `csv_core::Writer::field`); here it is one scan.
pub fn abgewiesen_schreiben(
    ziel: &mut dyn std::io::Write,
    abweisungen: &Abweisungen,
) -> std::io::Result<()> {
    let mut zeile = |felder: [&str; 4]| -> std::io::Result<()> {
        for (i, f) in felder.iter().enumerate() {
            if i > 0 {
                ziel.write_all(b";")?;
            }
            feld(ziel, f.as_bytes())?;
        }
        ziel.write_all(b"\n")
    };
    zeile(ABGEWIESEN_KOPF)?;
    abweisungen.alle(|a| {
        zeile([
            a.datei.as_str(),
            &a.zeile.to_string(),
            &a.grund,
            &text(&a.roh),
        ])
    })
}

/// One field as the csv crate writes it (`QuoteStyle::Necessary`): quoted when it holds the
/// separator, a quote or a line break, quotes doubled.
fn feld(ziel: &mut dyn std::io::Write, wert: &[u8]) -> std::io::Result<()> {
    let noetig =
        memchr::memchr3(b';', b'"', b'\n', wert).is_some() || memchr::memchr(b'\r', wert).is_some();
    if !noetig {
        return ziel.write_all(wert);
    }
    ziel.write_all(b"\"")?;
    for (i, teil) in wert.split(|b| *b == b'"').enumerate() {
        if i > 0 {
            ziel.write_all(b"\"\"")?;
        }
        ziel.write_all(teil)?;
    }
    ziel.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_unrounded_with_at_least_four_places() {
        let d = |x| dezimal(x, "t").unwrap();
        assert_eq!(d(45.0), "45.0000");
        assert_eq!(d(0.5), "0.5000");
        assert_eq!(d(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(d(0.0), "0.0000");
        assert_eq!(d(123456789.25), "123456789.2500");
        assert!(dezimal(f64::INFINITY, "anteil_arbeitszeit")
            .unwrap_err()
            .to_string()
            .contains("„anteil_arbeitszeit“"));
    }

    #[test]
    fn formula_starts_are_defused_other_text_kept() {
        for (ein, aus) in [
            ("=1+1", "'=1+1"),
            ("+49", "'+49"),
            ("-3", "'-3"),
            ("@SUMME(A1)", "'@SUMME(A1)"),
            ("\tx", "'\tx"),
            ("A=1", "A=1"),
            ("", ""),
            ("Süd", "Süd"),
        ] {
            assert_eq!(text(ein), aus);
        }
    }

    #[test]
    fn fields_are_quoted_exactly_like_the_csv_crate() {
        for wert in [
            "", "a", "a;b", "\"", "x\"y", "\r", "a\nb", " lead", "trail ", "#", "'=1", "ä;ß\"",
            "\"\"", ";",
        ] {
            let mut unser = Vec::new();
            feld(&mut unser, wert.as_bytes()).unwrap();
            unser.extend_from_slice(b";x\n");
            let mut w = ::csv::WriterBuilder::new()
                .delimiter(b';')
                .from_writer(Vec::new());
            w.write_record([wert, "x"]).unwrap();
            assert_eq!(
                String::from_utf8(unser).unwrap(),
                String::from_utf8(w.into_inner().unwrap()).unwrap(),
                "{wert:?}"
            );
        }
    }

    #[test]
    fn rejected_rows_with_separators_are_quoted() {
        let a = crate::ingest::Abweisung {
            datei: "2026-01/kunden.csv".into(),
            zeile: 7,
            grund: "Kundennummer fehlt".into(),
            roh: "\"x;y\";1".into(),
        };
        let mut s = Abweisungen::default();
        s.hinzu(a);
        s.fehler_pruefen().unwrap();
        let mut aus = Vec::new();
        abgewiesen_schreiben(&mut aus, &s).unwrap();
        let text = String::from_utf8(aus).unwrap();
        assert_eq!(
            text,
            "datei;zeile;grund;inhalt\n2026-01/kunden.csv;7;Kundennummer fehlt;\"\"\"x;y\"\";1\"\n"
        );
    }
}

//! Sheet „Verlauf“: the last 13 months of Ø Tage seit letzter Beratung and the shares within
//! the Zielwert and the Mindestwert, as tables and a line chart of the two shares of the
//! sheet's own unit (shares, not a mean Zielwert line: a mean reads „all fine“ while
//! customers are overdue). Months without an export folder are empty cells, drawn as gaps.

use rust_xlsxwriter::{Chart, ChartEmptyCells, ChartType, Worksheet, XlsxError};

use super::kontext::Einheitskontext;
use crate::einheit::Einheit;
use crate::ingest::folders::Monat;
use crate::katalog::Darstellung::{Anteil, Tage};
use crate::katalog::{
    Kennzahl, ANTEIL_MINDESTWERT, ANTEIL_ZIELWERT, KUNDEN, NACHFASS_QUOTE, QUOTE_WAHRGENOMMEN,
    TAGE_MITTEL, TAGE_MITTEL_BERATEN, UEBERFAELLIG,
};
use crate::output::excel::{
    alternativtext, diagramm_linie, diagrammspalte, druck, hinweiszeilen, monatsname, prozent,
    spaltenbreiten_setzen, tabelle_schreiben, Blattart, Formate, Textzelle,
};
use crate::output::tabelle::{Tabelle, Wert as Zelle};
use crate::rules::fassung::Darstellungsregel;
use crate::verteilung::verlauf::{Verlauf, Verlaufspunkt};

/// The sheet „Verlauf“.
pub(crate) const VERLAUF: Blattart = Blattart {
    name: "Verlauf",
    inhalt: "die letzten 13 Monate",
    erklaerung: Some(
        "Die letzten 13 Monate, jeder aus den Exportordnern bis zu diesem Monat neu berechnet; im Diagramm die Anteile innerhalb Ziel- und Mindestwert.",
    ),
};

/// The figures of the sheet's own unit, one column each, in the first table; the last two
/// only when the export has appointment data.
const SPALTEN: [(Kennzahl, Wert); 8] = [
    (TAGE_MITTEL, Wert::Tage),
    (TAGE_MITTEL_BERATEN, Wert::TageBeraten),
    (ANTEIL_ZIELWERT, Wert::Zielwert),
    (ANTEIL_MINDESTWERT, Wert::Anteil),
    (KUNDEN, Wert::Kunden),
    (UEBERFAELLIG, Wert::Ueberfaellig),
    (QUOTE_WAHRGENOMMEN, Wert::Termine),
    (NACHFASS_QUOTE, Wert::Nachfass),
];

/// The tables per Geschäftsstelle in the Jobcenter's workbook: the headline and the share
/// the traffic light judges.
const JE_EINHEIT: [(Kennzahl, Wert); 2] = [
    (TAGE_MITTEL, Wert::Tage),
    (ANTEIL_MINDESTWERT, Wert::Anteil),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wert {
    Tage,
    TageBeraten,
    Zielwert,
    Anteil,
    Kunden,
    Ueberfaellig,
    Termine,
    Nachfass,
}

/// The note for month `i` when it applies another version of the rules than the month with
/// data before it: the step in the trend is the rules', not the teams'.
fn fassungswechsel(fassungen: &[Option<String>], i: usize) -> Option<String> {
    let jetzt = fassungen[i].as_ref()?;
    let vorher = fassungen[..i].iter().rev().flatten().next()?;
    (jetzt != vorher).then(|| format!("ab hier Fassung {jetzt} der Regeln (vorher {vorher})"))
}

/// Rows of the first table's chart: below the table.
const DIAGRAMM_ZEILE: u32 = 16;
/// Height of the chart in rows.
const DIAGRAMM_ZEILEN: u32 = 17;

/// The sheet's own unit (the first of `k.verlauf_zeilen()`) in one table, months down, its
/// figures across, why a month has no value beside it; the line chart of its shares below;
/// in the Jobcenter's workbook then one table per figure of [`JE_EINHEIT`] with a column per
/// Geschäftsstelle (no Klärungsfall: not a trend line). Table 1 starts at row 0: title,
/// header, 13 months.
pub(super) fn blatt(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, einheiten, empfaenger) = (k.d, k.f, k.verlauf_zeilen(), k.empfaenger.as_str());
    let v = &d.verlauf;
    let Some(eigene) = einheiten.first() else {
        return Ok(());
    };
    let name = d.bezeichnung(eigene);
    let spalten = if d.auswertung.termine_im_export {
        &SPALTEN[..]
    } else {
        &SPALTEN[..6]
    };
    let regel = &d.fassung.darstellung;
    let reihe = v.reihe(eigene);
    ws.text_f(0, 0, format!("{name}: letzte 13 Monate"), &f.untertitel)?;
    let mut tabelle = monatsspalte(v, "Verlauf");
    for (kennzahl, wert) in spalten {
        let (wert, reihe) = (*wert, &reihe);
        tabelle = tabelle.blattspalte(kennzahl.kopf, move |i: &usize| {
            punktwert((v, regel), reihe[*i].1, *i, wert)
        });
    }
    let monate: Vec<usize> = (0..v.monate.len()).collect();
    tabelle_schreiben(ws, f, 1, &tabelle, &monate)?;
    spaltenbreiten_setzen(ws, 1, &tabelle)?;
    let breite = spalten.len() as u16;
    hinweise_schreiben(ws, v, f, (0, breite + 2), d.auswertung.termine_im_export)?;
    // The chart's copy right of the table, hidden; the notes after it.
    let daten = breite + 1;
    diagrammdaten_schreiben(ws, regel, &reihe, daten)?;
    ws.insert_chart(
        DIAGRAMM_ZEILE,
        0,
        &diagramm((v, regel), eigene, &name, daten),
    )?;

    let mut oben = DIAGRAMM_ZEILE + DIAGRAMM_ZEILEN + 1;
    if einheiten.len() > 1 {
        for (kennzahl, wert) in JE_EINHEIT {
            ws.text_f(
                oben,
                0,
                format!("{} je Geschäftsstelle", kennzahl.titel),
                &f.untertitel,
            )?;
            let mut t = monatsspalte(v, &format!("Verlauf je Einheit {}", kennzahl.spalte));
            for e in &einheiten[1..] {
                let reihe = v.reihe(e);
                t = t.blattspalte(d.bezeichnung(e), move |i: &usize| {
                    punktwert((v, regel), reihe[*i].1, *i, wert)
                });
            }
            tabelle_schreiben(ws, f, oben + 1, &t, &monate)?;
            oben += 16;
        }
        // Two tables to a printed page, never one cut in two.
        ws.set_page_breaks(&[DIAGRAMM_ZEILE + DIAGRAMM_ZEILEN + 1])?;
    }
    // The first table: about 120 width units.
    hinweiszeilen(
        ws,
        (oben, 0),
        (
            "Jeder Monat neu berechnet aus den Exportordnern bis zu diesem Monat (Bestand, \
             Organisation und Vermerke, Stichtag Monatsletzter). Leere Zeilen: Monat ohne Daten.",
            120,
        ),
        &f.hinweis,
    )?;
    ws.set_freeze_panes(0, 1)?;
    druck(ws, d.auswertung.stichtag, empfaenger);
    if einheiten.len() == 1 {
        // A unit's table and chart are one page.
        ws.set_print_fit_to_pages(1, 1);
    }
    Ok(())
}

/// A table of the 13 months, its first column the month's name.
fn monatsspalte<'a>(v: &'a Verlauf, name: &str) -> Tabelle<'a, usize> {
    Tabelle::neu(name.to_string())
        .blattspalte("Monat", |i: &usize| {
            let (m, _) = v.monate[*i];
            Zelle::Text(format!("{} {}", monatsname(m.monat), m.jahr).into())
        })
        .breiten(16.0, 12.0)
}

/// Beside the first table (rows from `oben` + 2, after its `breite` figure columns), why a
/// month has no value: no data, no appointments, a change of the rules' version.
fn hinweise_schreiben(
    ws: &mut Worksheet,
    v: &Verlauf,
    f: &Formate,
    (oben, breite): (u32, u16),
    termine: bool,
) -> Result<(), XlsxError> {
    for (i, (_, da)) in v.monate.iter().enumerate() {
        let z = oben + 2 + i as u32;
        let text = if !da {
            Some("keine Daten (Monatsordner fehlt oder unvollständig)".to_string())
        } else if termine && !v.mit_terminen[i] {
            Some("keine Termindaten (kein Terminexport)".to_string())
        } else {
            fassungswechsel(&v.fassungen, i)
        };
        if let Some(text) = text {
            ws.text_f(z, breite + 1, text, &f.hinweis)?;
        }
    }
    Ok(())
}

/// One unit's value of month `i` in a table of `wert`: a quote without denominator is a dash,
/// a month without data or without appointments stays empty.
fn punktwert(
    (v, regel): (&Verlauf, &Darstellungsregel),
    p: Option<&Verlaufspunkt>,
    i: usize,
    wert: Wert,
) -> Zelle<'static> {
    let Some(p) = p else {
        return Zelle::Leer;
    };
    let anteil = |x: f64| Zelle::anteil(Some(x), Anteil, Some(p.kunden), regel);
    match wert {
        Wert::Tage => Zelle::Zahl(p.tage_mittel, Tage),
        Wert::TageBeraten => Zelle::oder_strich(p.tage_mittel_beraten, Tage),
        Wert::Ueberfaellig => Zelle::anzahl(p.ueberfaellig),
        Wert::Zielwert => anteil(p.anteil_zielwert),
        Wert::Anteil => anteil(p.anteil_mindestwert),
        Wert::Kunden => Zelle::anzahl(p.kunden),
        Wert::Termine | Wert::Nachfass if !v.mit_terminen[i] => Zelle::Leer,
        Wert::Termine => Zelle::oder_strich(p.quote_wahrgenommen, Anteil),
        Wert::Nachfass => Zelle::oder_strich(p.nachfass_quote, Anteil),
    }
}

/// The chart's own copy of the two shares in hidden columns `spalte` and the next: a share
/// the table withholds („zu wenige Fälle“, SPEC §4) is a gap, not 0 %.
fn diagrammdaten_schreiben<'a>(
    ws: &mut Worksheet,
    regel: &Darstellungsregel,
    reihe: &[(Monat, Option<&'a Verlaufspunkt>)],
    spalte: u16,
) -> Result<(), XlsxError> {
    let gezeigt = |p: &Option<&'a Verlaufspunkt>| p.filter(|p| regel.zeigbar(p.kunden));
    diagrammspalte(
        ws,
        (2, spalte),
        reihe
            .iter()
            .map(|(_, p)| gezeigt(p).map(|p| p.anteil_zielwert)),
    )?;
    diagrammspalte(
        ws,
        (2, spalte + 1),
        reihe
            .iter()
            .map(|(_, p)| gezeigt(p).map(|p| p.anteil_mindestwert)),
    )
}

/// The line chart of the shares within Zielwert and Mindestwert of unit `e` (its copy in
/// the hidden columns from `daten`, [`diagrammdaten_schreiben`]), with alternative text
/// naming its latest values.
fn diagramm(
    (v, regel): (&Verlauf, &Darstellungsregel),
    e: &Einheit,
    name: &str,
    daten: u16,
) -> Chart {
    let n = v.monate.len() as u32;
    let mut chart = Chart::new(ChartType::Line);
    for (s, kennzahl) in [ANTEIL_ZIELWERT, ANTEIL_MINDESTWERT].iter().enumerate() {
        let (s, c) = (s as u16, daten + s as u16);
        diagramm_linie(
            chart
                .add_series()
                .set_name(kennzahl.kopf)
                .set_categories(("Verlauf", 2, 0, 1 + n, 0))
                .set_values(("Verlauf", 2, c, 1 + n, c)),
            s,
        );
    }
    chart.show_hidden_data();
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    let titel = format!("{name}: Anteil innerhalb Zielwert und Mindestwert – letzte 13 Monate");
    chart.title().set_name(&titel);
    chart
        .y_axis()
        .set_num_format("0%")
        .set_min(0.0)
        .set_max(1.0);
    chart.set_width(760).set_height(DIAGRAMM_ZEILEN * 20);
    let reihe = v.reihe(e);
    let letzter = reihe
        .iter()
        .rev()
        .find_map(|(m, p)| p.as_ref().map(|p| (m, p)));
    let werte = match letzter {
        Some((m, p)) if !regel.zeigbar(p.kunden) => format!(
            " {} {}: {}.",
            monatsname(m.monat),
            m.jahr,
            Zelle::zu_wenige_text(p.kunden)
        ),
        Some((m, p)) => format!(
            " {} {}: Zielwert {}, Mindestwert {}.",
            monatsname(m.monat),
            m.jahr,
            prozent(p.anteil_zielwert),
            prozent(p.anteil_mindestwert)
        ),
        None => " Keine Daten.".into(),
    };
    chart.set_alt_text(alternativtext(&format!(
        "Linien: Anteil innerhalb Zielwert (durchgezogen, Kreise) und Mindestwert (gestrichelt, \
         Quadrate), 13 Monate, {name}.{werte} Werte in der Tabelle darüber."
    )));
    chart
}

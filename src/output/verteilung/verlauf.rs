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
    TAGE_MITTEL,
};
use crate::output::excel::{
    alternativtext, diagramm_linie, druck, monatsname, prozent, spaltenbreiten_setzen,
    tabelle_schreiben, Blattart, Formate, Textzelle,
};
use crate::output::tabelle::{Tabelle, Wert as Zelle};
use crate::rules::fassung::Darstellungsregel;
use crate::verteilung::verlauf::{Verlauf, Verlaufspunkt};

/// The sheet „Verlauf“.
pub(crate) const VERLAUF: Blattart = Blattart {
    name: "Verlauf",
    inhalt: "die letzten 13 Monate",
    erklaerung: Some(
        "Die letzten 13 Monate, jeder Monat aus den Exportordnern bis zu diesem Monat neu berechnet; das Diagramm zeigt die Anteile innerhalb Zielwert und Mindestwert.",
    ),
};

/// The tables of the sheet, one below the other: the figure whose title heads it, and which
/// value of a point; the last two only when the export has appointment data.
const TABELLEN: [(Kennzahl, Wert); 6] = [
    (TAGE_MITTEL, Wert::Tage),
    (ANTEIL_ZIELWERT, Wert::Zielwert),
    (ANTEIL_MINDESTWERT, Wert::Anteil),
    (KUNDEN, Wert::Kunden),
    (QUOTE_WAHRGENOMMEN, Wert::Termine),
    (NACHFASS_QUOTE, Wert::Nachfass),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wert {
    Tage,
    Zielwert,
    Anteil,
    Kunden,
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

/// `einheiten`: the units whose series the sheet shows, one column each (the first is the
/// sheet's own unit, whose shares the chart draws). Table k starts at row 16·k: title,
/// header, 13 months.
pub(super) fn blatt(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, einheiten, empfaenger) = (k.d, k.f, k.verlauf_zeilen(), k.empfaenger.as_str());
    let v = &d.verlauf;
    let breite = einheiten.len() as u16;
    let erste = einheiten
        .first()
        .map(|e| d.bezeichnung(e))
        .unwrap_or_default();
    let tabellen = if d.auswertung.termine_im_export {
        &TABELLEN[..]
    } else {
        &TABELLEN[..4]
    };
    let reihen: Vec<Vec<(Monat, Option<&Verlaufspunkt>)>> =
        einheiten.iter().map(|e| v.reihe(e)).collect();
    for (t, (kennzahl, wert)) in tabellen.iter().enumerate() {
        let oben = 16 * t as u32;
        ws.text_f(oben, 0, kennzahl.titel, &f.untertitel)?;
        let mut tabelle = Tabelle::neu(format!("Verlauf {}", kennzahl.spalte))
            .blattspalte("Monat", |i: &usize| {
                let (m, _) = v.monate[*i];
                Zelle::Text(format!("{} {}", monatsname(m.monat), m.jahr).into())
            })
            .breiten(16.0, 15.0);
        for (e, reihe) in einheiten.iter().zip(&reihen) {
            let wert = *wert;
            tabelle = tabelle.blattspalte(d.bezeichnung(e), move |i: &usize| {
                punktwert((v, &d.fassung.darstellung), reihe[*i].1, *i, wert)
            });
        }
        let monate: Vec<usize> = (0..v.monate.len()).collect();
        tabelle_schreiben(ws, f, oben + 1, &tabelle, &monate)?;
        spaltenbreiten_setzen(ws, oben + 1, &tabelle)?;
        monate_schreiben(ws, v, f, (oben, t, breite), *wert)?;
    }
    let unten = 16 * tabellen.len() as u32;
    ws.text_f(
        unten,
        0,
        "Jeder Monat neu berechnet aus den Exportordnern bis zu diesem Monat (Bestand, Organisation \
         und Vermerke, Stichtag Monatsletzter). Leere Zeilen: Monat ohne Daten. Das Diagramm \
         zeigt die Anteile der Kund:innen innerhalb Zielwert und Mindestwert für die erste \
         Spalte.",
        &f.hinweis,
    )?;

    if let Some(e) = einheiten.first() {
        ws.insert_chart(unten + 2, 0, &diagramm(v, e, &erste))?;
    }
    // Two tables to a printed page, never one cut in two; the chart whole on a page of its
    // own.
    let mut umbrueche: Vec<u32> = (1..tabellen.len() as u32 / 2 + 1)
        .map(|k| 32 * k)
        .filter(|z| *z < unten)
        .collect();
    umbrueche.push(unten + 1);
    ws.set_page_breaks(&umbrueche)?;
    ws.set_freeze_panes(0, 1)?;
    druck(ws, d.auswertung.stichtag, empfaenger);
    Ok(())
}

/// Beside the series of table `t` (rows from `oben` + 2), why a month has no value: no data,
/// no appointments (appointment tables), a change of the rules' version (first table).
fn monate_schreiben(
    ws: &mut Worksheet,
    v: &Verlauf,
    f: &Formate,
    (oben, t, breite): (u32, usize, u16),
    wert: Wert,
) -> Result<(), XlsxError> {
    let termine = matches!(wert, Wert::Termine | Wert::Nachfass);
    for (i, (_, da)) in v.monate.iter().enumerate() {
        let z = oben + 2 + i as u32;
        if !da {
            ws.text_f(
                z,
                breite + 1,
                "keine Daten (Monatsordner fehlt oder unvollständig)",
                &f.hinweis,
            )?;
        } else if termine && !v.mit_terminen[i] {
            ws.text_f(
                z,
                breite + 1,
                "keine Termindaten (termine.csv fehlt)",
                &f.hinweis,
            )?;
        }
        if t == 0 {
            if let Some(text) = fassungswechsel(&v.fassungen, i) {
                ws.text_f(z, breite + 1, text, &f.hinweis)?;
            }
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
        Wert::Zielwert => anteil(p.anteil_zielwert),
        Wert::Anteil => anteil(p.anteil_mindestwert),
        Wert::Kunden => Zelle::anzahl(p.kunden),
        Wert::Termine | Wert::Nachfass if !v.mit_terminen[i] => Zelle::Leer,
        Wert::Termine => Zelle::oder_strich(p.quote_wahrgenommen, Anteil),
        Wert::Nachfass => Zelle::oder_strich(p.nachfass_quote, Anteil),
    }
}

/// The line chart of the shares within Zielwert and Mindestwert of unit `e` (the first column
/// of tables 2 and 3), with alternative text naming its latest values.
fn diagramm(v: &Verlauf, e: &Einheit, name: &str) -> Chart {
    let n = v.monate.len() as u32;
    let mut chart = Chart::new(ChartType::Line);
    for (s, t) in [(0u16, 1u32), (1, 2)] {
        let oben = 16 * t;
        diagramm_linie(
            chart
                .add_series()
                .set_name(("Verlauf", oben, 0))
                .set_categories(("Verlauf", oben + 2, 0, oben + 1 + n, 0))
                .set_values(("Verlauf", oben + 2, 1, oben + 1 + n, 1)),
            s,
        );
    }
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    let titel = format!("{name}: Anteil innerhalb Zielwert und Mindestwert – letzte 13 Monate");
    chart.title().set_name(&titel);
    chart
        .y_axis()
        .set_num_format("0%")
        .set_min(0.0)
        .set_max(1.0);
    chart.set_width(900).set_height(400);
    let reihe = v.reihe(e);
    let letzter = reihe
        .iter()
        .rev()
        .find_map(|(m, p)| p.as_ref().map(|p| (m, p)));
    let werte = match letzter {
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
         Quadrate), 13 Monate, {name}.{werte} Werte in den Tabellen darüber."
    )));
    chart
}

//! Sheet „Verlauf“: the last 13 months of Ø Tage seit letzter Beratung and the share within
//! the Mindestwert, as a table and a line chart with the Zielwert marked. Months without an
//! export folder are empty cells, drawn as gaps.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{
    Chart, ChartEmptyCells, ChartLine, ChartLineDashType, ChartType, Worksheet, XlsxError,
};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::{
    Kennzahl, ANTEIL_MINDESTWERT, KUNDEN, NACHFASS_QUOTE, QUOTE_WAHRGENOMMEN, TAGE_MITTEL,
};
use crate::output::excel::{druck, kopfzeile, monatsname, Formate};
use crate::verteilung::verlauf::Verlauf;

/// The tables of the sheet, one below the other: the figure whose title heads it, and which
/// value of a point; the last two only when the export has appointment data.
const TABELLEN: [(Kennzahl, Wert); 5] = [
    (TAGE_MITTEL, Wert::Tage),
    (ANTEIL_MINDESTWERT, Wert::Anteil),
    (KUNDEN, Wert::Kunden),
    (QUOTE_WAHRGENOMMEN, Wert::Termine),
    (NACHFASS_QUOTE, Wert::Nachfass),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wert {
    Tage,
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

/// `einheiten`: the units whose series the sheet shows, one column each (the first also gets
/// its Ø Zielwert, the line the chart marks). Table k starts at row 16·k: title, header,
/// 13 months.
pub(super) fn blatt(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    einheiten: &[Einheit],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Verlauf")?;
    let v = &d.verlauf;
    let n = v.monate.len() as u32;
    let breite = einheiten.len() as u16;
    let erste = einheiten
        .first()
        .map(|e| d.bezeichnung(e))
        .unwrap_or_default();
    let tabellen = if d.auswertung.termine_im_export {
        &TABELLEN[..]
    } else {
        &TABELLEN[..3]
    };
    for (t, (kennzahl, wert)) in tabellen.iter().enumerate() {
        let oben = 16 * t as u32;
        ws.text_f(oben, 0, kennzahl.titel, &f.untertitel)?;
        let mut koepfe: Vec<String> = vec!["Monat".into()];
        koepfe.extend(einheiten.iter().map(|e| d.bezeichnung(e)));
        if t == 0 {
            koepfe.push(format!("Ø Zielwert {erste}"));
        }
        kopfzeile(ws, f, oben + 1, 0, &koepfe)?;
        ws.set_row_height(oben + 1, 45)?;
        monate_schreiben(ws, v, f, (oben, t, breite), *wert)?;
        for (s, e) in einheiten.iter().enumerate() {
            reihe_schreiben(ws, v, f, e, (oben, 1 + s as u16), *wert)?;
            if t == 0 && s == 0 {
                for (i, (_, p)) in v.reihe(e).iter().enumerate() {
                    if let Some(p) = p {
                        let z = oben + 2 + i as u32;
                        ws.write_number_with_format(z, breite + 1, p.zielwert_mittel, &f.tage)?;
                    }
                }
            }
        }
    }
    let unten = 16 * tabellen.len() as u32;
    ws.text_f(
        unten,
        0,
        "Jeder Monat neu berechnet aus den Exportordnern bis zu diesem Monat (Bestand, Organisation \
         und Vermerke, Stichtag Monatsletzter). Leere Zeilen: Monat ohne Daten. Ø Zielwert: \
         Mittel der Zielwerte der Kund:innen (gestrichelte Linie im Diagramm).",
        &f.hinweis,
    )?;

    ws.insert_chart(unten + 2, 0, &diagramm(n, breite))?;
    // Tables on the first printed page, the chart whole on the next.
    ws.set_page_breaks(&[unten + 1])?;

    ws.set_column_width(0, 16)?;
    for c in 1..=breite + 1 {
        ws.set_column_width(c, 15)?;
    }
    ws.set_freeze_panes(0, 1)?;
    druck(ws, d.auswertung.stichtag, empfaenger);
    Ok(())
}

/// The month column of table `t` (rows from `oben` + 2) and, beside the series, why a month
/// has no value: no data, no appointments (appointment tables), a change of the rules'
/// version (first table).
fn monate_schreiben(
    ws: &mut Worksheet,
    v: &Verlauf,
    f: &Formate,
    (oben, t, breite): (u32, usize, u16),
    wert: Wert,
) -> Result<(), XlsxError> {
    let termine = matches!(wert, Wert::Termine | Wert::Nachfass);
    for (i, (m, da)) in v.monate.iter().enumerate() {
        let z = oben + 2 + i as u32;
        ws.text(z, 0, format!("{} {}", monatsname(m.monat), m.jahr))?;
        if !da {
            ws.text_f(
                z,
                breite + 1 + u16::from(t == 0),
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
                ws.text_f(z, breite + 2, text, &f.hinweis)?;
            }
        }
    }
    Ok(())
}

/// One unit's series of one table in column `spalte` (rows from `oben` + 2); a quote without
/// denominator is a dash, a month without appointments stays empty.
fn reihe_schreiben(
    ws: &mut Worksheet,
    v: &Verlauf,
    f: &Formate,
    e: &Einheit,
    (oben, c): (u32, u16),
    wert: Wert,
) -> Result<(), XlsxError> {
    for (i, (_, p)) in v.reihe(e).iter().enumerate() {
        let z = oben + 2 + i as u32;
        let Some(p) = p else { continue };
        match wert {
            Wert::Tage => ws.write_number_with_format(z, c, p.tage_mittel, &f.tage)?,
            Wert::Anteil => ws.write_number_with_format(z, c, p.anteil_mindestwert, &f.anteil)?,
            Wert::Kunden => ws.write_number_with_format(z, c, p.kunden as f64, &f.ganz)?,
            Wert::Termine | Wert::Nachfass if !v.mit_terminen[i] => continue,
            Wert::Termine | Wert::Nachfass => {
                let q = if wert == Wert::Termine {
                    p.quote_wahrgenommen
                } else {
                    p.nachfass_quote
                };
                match q {
                    Some(q) => ws.write_number_with_format(z, c, q, &f.anteil)?,
                    None => ws.text(z, c, "–")?,
                }
            }
        };
    }
    Ok(())
}

/// The line chart of the first table (`n` months, `breite` units and the Ø Zielwert line,
/// dashed).
fn diagramm(n: u32, breite: u16) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    for s in 0..=breite {
        let c = 1 + s;
        let serie = chart
            .add_series()
            .set_name(("Verlauf", 1, c))
            .set_categories(("Verlauf", 2, 0, n + 1, 0))
            .set_values(("Verlauf", 2, c, n + 1, c));
        if s == breite {
            serie.set_format(
                ChartLine::new()
                    .set_dash_type(ChartLineDashType::Dash)
                    .set_width(1.5),
            );
        }
    }
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    chart
        .title()
        .set_name("Ø Tage seit letzter Beratung – letzte 13 Monate");
    chart.y_axis().set_name("Tage").set_num_format("0");
    chart.set_width(900).set_height(400);
    chart
}

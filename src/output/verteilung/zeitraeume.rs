//! Sheet „Letzte Beratung“: customers by how long ago their last counselling was (directive
//! §6.4's periods), counts and shares per unit, with a 100 % stacked bar chart.

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::kontext::Einheitskontext;
use crate::auswertung::verteilung::Verteilungsdaten;
use crate::katalog::Darstellung::Anteil;
use crate::katalog::KUNDEN;
use crate::output::excel::Blattart;
use crate::output::excel::{
    alternativtext, diagramm_balken, prozent, tabelle_schreiben, tabellenblatt, Textzelle,
};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::zeitraum::Zeitraum;
use crate::verteilung::zeitraeume::Zeitraumzeile;

/// The sheet „Letzte Beratung“.
pub(crate) const LETZTE_BERATUNG: Blattart = Blattart {
    name: "Letzte Beratung",
    inhalt: "Kund:innen nach Zeit seit der letzten Beratung",
    erklaerung: Some(
        "Kund:innen nach Zeit seit der letzten Beratung: bis 3 Monate, 3 bis 6, 6 bis 12, über 12 Monate, noch nie.",
    ),
};

pub(super) fn blatt(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, zeilen, empfaenger) = (k.d, k.f, &k.zeilen[..], k.empfaenger.as_str());
    let name = LETZTE_BERATUNG.name;
    let mut t = Tabelle::neu(name)
        .blattspalte("Einheit", |x: &Zeitraumzeile| {
            Wert::Text(d.bezeichnung(&x.einheit).into())
        })
        .blattspalte(KUNDEN.kopf, |x| Wert::anzahl(x.kunden))
        .breiten(30.0, 10.0)
        .summe_zuerst();
    for (i, z) in Zeitraum::ALLE.iter().enumerate() {
        t = t.blattspalte(z.bezeichnung(), move |x| Wert::anzahl(x.anzahl[i]));
    }
    for (i, z) in Zeitraum::ALLE.iter().enumerate() {
        t = t.blattspalte(format!("Anteil {}", z.bezeichnung()), move |x| {
            match x.anteil(i) {
                None => Wert::Leer,
                a => Wert::anteil(a, Anteil, Some(x.kunden), &d.fassung.darstellung),
            }
        });
    }
    let gezeigt: Vec<Zeitraumzeile> = zeilen
        .iter()
        .map(|e| {
            d.zeitraeume
                .iter()
                .find(|x| x.einheit == *e)
                .cloned()
                .unwrap_or_else(|| Zeitraumzeile::leer(e))
        })
        .collect();
    let z = tabelle_schreiben(ws, f, 0, &t, &gezeigt)?;
    ws.text_f(
        z + 1,
        0,
        "Monate zurück ab Stichtag (Kalendermonate); „bis 3 Monate“ schließt den Tag genau \
         3 Monate vor dem Stichtag ein. „noch nie“: kein Beratungsvermerk.",
        &f.hinweis,
    )?;

    // The Klärungsfälle stand last and in no chart.
    let n = k.vergleichbar().max(1) as u32;
    let mut chart = Chart::new(ChartType::BarPercentStacked);
    for (i, zr) in Zeitraum::ALLE.iter().enumerate() {
        let spalte = t.spalte_von(zr.bezeichnung());
        diagramm_balken(
            chart
                .add_series()
                .set_name(zr.bezeichnung())
                .set_categories((name, 1, 0, n, 0))
                .set_values((name, 1, spalte, n, spalte))
                .set_gap(60),
            i as u16,
        );
    }
    chart.title().set_name("Letzte Beratung – Anteile");
    chart.set_alt_text(alternativtext(&beschreibung(d, gezeigt.first())));
    chart.y_axis().set_reverse();
    chart.x_axis().set_num_format("0%");
    chart.set_width(820).set_height(140 + 34 * n.max(3));
    ws.insert_chart(z + 3, 0, &chart)?;
    tabellenblatt(ws, 0, &t, (d.auswertung.stichtag, empfaenger))
}

/// The chart's alternative text: what it shows, and for the sheet's first unit (the unit the
/// workbook is for) the share of each period.
fn beschreibung(d: &Verteilungsdaten, erste: Option<&Zeitraumzeile>) -> String {
    let mut text = String::from(
        "Gestapelte Balken: Anteile der Kund:innen je Einheit nach Zeit seit der letzten \
         Beratung.",
    );
    if let Some(x) = erste.filter(|x| x.kunden > 0) {
        let teile: Vec<String> = Zeitraum::ALLE
            .iter()
            .enumerate()
            .filter_map(|(i, z)| Some(format!("{} {}", z.bezeichnung(), prozent(x.anteil(i)?))))
            .collect();
        text.push_str(&format!(
            " {}: {}.",
            d.bezeichnung(&x.einheit),
            teile.join(", ")
        ));
    }
    text.push_str(" Zahlen in der Tabelle darüber.");
    text
}

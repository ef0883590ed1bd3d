//! Sheet „Planung“ (directive §§ 2, 3, 6.3): per unit the conversations a week its customers
//! need beside those held, per full-time post against the Richtwert, said in words whether the
//! staff can reach the targets at all; the hours of counselling held per post (a lower bound);
//! and what became of last month's overdue customers. Rows of `planung.csv`, formatted.

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Worksheet, XlsxError};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::KUNDEN;
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{
    alternativtext, diagramm_balken, druck_tabelle, kopfbreiten, kopfzeile, prozent, tabelle,
    tage_text, zahl_oder_strich, Formate, Textzelle,
};
use crate::verteilung::planung::{IfkPlanung, Planungszeile};

const KOEPFE: [&str; 17] = [
    "Einheit",
    KUNDEN.kopf,
    "Bedarf: Gespräche je Woche",
    "Stellen (personal.csv)",
    "Bedarf je Stelle und Woche",
    "Gespräche je Woche (gehalten)",
    "Gespräche je Stelle und Woche",
    "Richtwert je Stelle und Woche",
    "Mit dem Personal erreichbar?",
    "Beratungsstunden je Stelle und Woche (Untergrenze)",
    "Anteil an der Arbeitszeit (Untergrenze)",
    "Überfällig im Vormonat",
    "davon abgegangen",
    "davon nachgeholt",
    "davon weiter überfällig",
    "davon nicht mehr überfällig",
    "Quote nachgeholt",
];

/// The sheet for the units `zeilen` (the workbook's unit first).
pub(super) fn blatt(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    zeilen: &[Einheit],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Planung")?;
    let p = &d.regeln.planung;
    let zahl = |x: f64| tage_text(x).replace(",0", "");
    // Short lines: a cell's text runs on over its neighbours, but not past the printed page.
    let hinweise = [
        "Bedarf: je Kund:in 7 ÷ Zielwert Gespräche pro Woche – so oft, dass jede Kund:in einmal \
         je Zielwert beraten wird."
            .to_string(),
        format!(
            "Richtwert: {} Gespräche je Vollzeitstelle und Woche (§ 3). Bedarf je Stelle über dem \
             Richtwert: mit diesem Personal nicht erreichbar, wie viel auch gearbeitet wird.",
            zahl(p.richtwert_gespraeche_woche)
        ),
        format!(
            "Beratungsstunden: Dauer der wahrgenommenen Termine ÷ Wochen ÷ Stellen, Anteil an {} \
             Wochenstunden – eine Untergrenze (Vorbereitung steht nicht im Kalender; § 2).",
            zahl(p.wochenstunden)
        ),
        "Nachhaltung (§ 6.3): die im Vormonat Überfälligen und was aus ihnen wurde; Quote \
         nachgeholt = nachgeholt ÷ (nachgeholt + weiter überfällig)."
            .to_string(),
    ];
    ws.text_f(0, 0, "Planung (Geschäftsanweisung §§ 2, 3, 6.3)", &f.titel)?;
    for (i, h) in hinweise.iter().enumerate() {
        ws.text_f(1 + i as u32, 0, h, &f.hinweis)?;
    }
    let kopf = 1 + hinweise.len() as u32 + 1;
    kopfzeile(ws, f, kopf, 0, &KOEPFE)?;
    let mut z = kopf + 1;
    let mut gezeigt: Vec<&Planungszeile> = Vec::new();
    for e in zeilen {
        let Some(x) = d.planung.iter().find(|x| x.einheit == *e) else {
            continue;
        };
        zeile_schreiben(ws, f, z, &d.bezeichnung(e), x)?;
        gezeigt.push(x);
        z += 1;
    }
    if gezeigt.is_empty() {
        ws.text_f(
            kopf + 1,
            0,
            "Keine Kund:innen in dieser Einheit.",
            &f.hinweis,
        )?;
        return Ok(());
    }
    tabelle(ws, f, "Planung", (kopf, 0), z - 1, &KOEPFE)?;
    let bis = z - 1;
    // A team's IFKs (--ifk-auswertung only), below the units' table.
    if let Some(Einheit::Team(t)) = zeilen.first() {
        if let Some(ifks) = d.planung_je_ifk.get(t).filter(|x| !x.is_empty()) {
            z = je_ifk(ws, f, z + 1, ifks)?;
        }
    }
    ws.insert_chart(z + 1, 0, &diagramm(d, &gezeigt, (kopf + 1, bis)))?;
    ws.set_page_breaks(&[z + 1])?;
    ws.set_column_width(0, 30)?;
    kopfbreiten(ws, (kopf, 1), &KOEPFE[1..], 11.0)?;
    ws.set_freeze_panes(kopf + 1, 1)?;
    druck_tabelle(ws, d.auswertung.stichtag, empfaenger, (kopf, kopf), 1)
}

/// The IFK rows of a team from row `z`; returns the next free row.
fn je_ifk(ws: &mut Worksheet, f: &Formate, z: u32, ifks: &[IfkPlanung]) -> Result<u32, XlsxError> {
    ws.text_f(
        z,
        0,
        "Je IFK (Leistungsdaten – nur mit Zustimmung des Personalrats, nur für die Teamleitung): \
         Bedarf der zugeordneten Kund:innen, Gespräche als Verfasser:in",
        &f.untertitel,
    )?;
    let koepfe = [
        "IFK",
        KUNDEN.kopf,
        KOEPFE[2],
        "Stellenanteil (personal.csv)",
        KOEPFE[4],
        KOEPFE[5],
        KOEPFE[6],
        KOEPFE[7],
        KOEPFE[8],
    ];
    kopfzeile(ws, f, z + 1, 0, &koepfe)?;
    // Its headings wrap in the units' table's columns: up to four lines.
    ws.set_row_height(z + 1, 63)?;
    let mut r = z + 2;
    for x in ifks {
        ws.text(r, 0, &x.ifk)?;
        ws.zahl(r, 1, x.kunden as f64, &f.ganz)?;
        ws.zahl(r, 2, x.bedarf_woche, &f.tage)?;
        let zahl = |ws: &mut Worksheet, c: u16, w: Option<f64>| {
            zahl_oder_strich(ws, (r, c), w, (&f.tage, &f.text))
        };
        zahl(ws, 3, x.stellen)?;
        zahl(ws, 4, x.bedarf_je_stelle())?;
        zahl(ws, 5, Some(x.gespraeche_woche))?;
        zahl(ws, 6, x.gespraeche_je_stelle())?;
        zahl(ws, 7, Some(x.richtwert))?;
        ws.text(r, 8, urteil(x.stellen, x.erreichbar(), "keine Stelle"))?;
        r += 1;
    }
    tabelle(ws, f, "Planung je IFK", (z + 1, 0), r - 1, &koepfe)?;
    Ok(r)
}

/// Whether the targets can be reached with the staff, in words: `ohne_stelle` where posts are
/// listed but none (or 0) for this row.
fn urteil(
    stellen: Option<f64>,
    erreichbar: Option<bool>,
    ohne_stelle: &'static str,
) -> &'static str {
    match (stellen, erreichbar) {
        (None, _) => "keine personal.csv",
        (Some(_), None) => ohne_stelle,
        (Some(_), Some(true)) => "ja",
        (Some(_), Some(false)) => "nein – Bedarf über dem Richtwert",
    }
}

/// One unit's row: the figures, „–“ where one cannot be computed, the verdict in words.
fn zeile_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    z: u32,
    name: &str,
    x: &Planungszeile,
) -> Result<(), XlsxError> {
    let zahl = |ws: &mut Worksheet, c: u16, w: Option<f64>, fmt| {
        zahl_oder_strich(ws, (z, c), w, (fmt, &f.text))
    };
    ws.text(z, 0, name)?;
    zahl(ws, 1, Some(x.kunden as f64), &f.ganz)?;
    zahl(ws, 2, Some(x.bedarf_woche), &f.tage)?;
    zahl(ws, 3, x.stellen, &f.tage)?;
    zahl(ws, 4, x.bedarf_je_stelle, &f.tage)?;
    zahl(ws, 5, Some(x.gespraeche_woche), &f.tage)?;
    zahl(ws, 6, x.gespraeche_je_stelle, &f.tage)?;
    zahl(ws, 7, Some(x.richtwert), &f.tage)?;
    ws.text(z, 8, urteil(x.stellen, x.erreichbar(), "keine Stellen"))?;
    zahl(ws, 9, x.beratungsstunden_je_stelle, &f.tage)?;
    zahl(ws, 10, x.anteil_arbeitszeit, &f.anteil)?;
    let n = x.nachhaltung;
    let werte = [
        n.map(|n| n.vormonat),
        n.map(|n| n.abgegangen),
        n.map(|n| n.nachgeholt),
        n.map(|n| n.weiter_ueberfaellig),
        n.map(|n| n.nicht_mehr_ueberfaellig),
    ];
    for (i, w) in werte.into_iter().enumerate() {
        zahl(ws, 11 + i as u16, w.map(|w| w as f64), &f.ganz)?;
    }
    zahl(ws, 16, x.quote_nachgeholt, &f.anteil)
}

/// Bars per unit: the need per post, the conversations held per post, the Richtwert.
fn diagramm(d: &Verteilungsdaten, zeilen: &[&Planungszeile], (von, bis): (u32, u32)) -> Chart {
    let mut chart = Chart::new(ChartType::Bar);
    for (i, spalte) in [4u16, 6, 7].into_iter().enumerate() {
        diagramm_balken(
            chart
                .add_series()
                .set_name(("Planung", von - 1, spalte))
                .set_categories(("Planung", von, 0, bis, 0))
                .set_values(("Planung", von, spalte, bis, spalte))
                .set_gap(80),
            i as u16,
        );
    }
    let titel = "Gespräche je Stelle und Woche: Bedarf, gehalten, Richtwert";
    chart.title().set_name(titel);
    chart.y_axis().set_reverse();
    chart.x_axis().set_num_format("0");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart
        .set_width(820)
        .set_height(130 + 60 * zeilen.len().max(2) as u32);
    let erste = zeilen[0];
    let je = |x: Option<f64>| x.map_or("–".to_string(), tage_text);
    chart.set_alt_text(alternativtext(&format!(
        "Balken: {titel}. {}: Bedarf {} je Stelle, gehalten {}, Richtwert {}; Nachhaltung: \
         Quote nachgeholt {}. Werte in der Tabelle darüber.",
        d.bezeichnung(&erste.einheit),
        je(erste.bedarf_je_stelle),
        je(erste.gespraeche_je_stelle),
        tage_text(erste.richtwert),
        erste.quote_nachgeholt.map_or("–".to_string(), prozent),
    )));
    chart
}

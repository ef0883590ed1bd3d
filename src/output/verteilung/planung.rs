//! Sheet „Planung“ and `planung.csv` (directive §§ 2, 3, 6.3), both from one table of the
//! planning rows: per unit the conversations a week its customers need beside those held,
//! per post against the Richtwert, how much of the need they cover, said in words whether the
//! staff can reach the targets at all; the hours of counselling held per post (a lower bound);
//! and what became of last month's overdue customers.

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Worksheet, XlsxError};

use super::kontext::Einheitskontext;
use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::katalog::Darstellung::{Anteil, Anzahl, Stellen, Tage};
use crate::katalog::KUNDEN;
use crate::output::csv::tabelle_csv;
use crate::output::excel::Blattart;
use crate::output::excel::{
    alternativtext, diagramm_balken, diagrammspalte, prozent, tabelle_schreiben, tabellenblatt,
    tage_text, Textzelle,
};
use crate::output::tabelle::{Tabelle, Wert};
use crate::verteilung::planung::{IfkPlanung, Planungszeile};
use crate::verteilung::verlauf::Nachhaltung;

/// The sheet „Planung“.
pub(crate) const PLANUNG: Blattart = Blattart {
    name: "Planung",
    inhalt: "Bedarf an Gesprächen, Zeit für Beratung, Nachhaltung",
    erklaerung: Some(
        "Bedarf und Deckung je Stelle (§ 3), Zeit für Beratung (§ 2), Nachhaltung (§ 6.3); wie \
         gerechnet wird, steht über der Tabelle.",
    ),
};

/// Headings the conversations' sheet shares.
pub(super) const BEDARF: &str = "Bedarf: Gespräche je Woche";
pub(super) const STELLEN: &str = "Stellen";
pub(super) const GEHALTEN_JE_STELLE: &str = "Gespräche je Stelle und Woche";
pub(super) const DECKUNG: &str = "Deckung des Bedarfs (gehalten ÷ Bedarf)";
const BEDARF_JE_STELLE: &str = "Bedarf je Stelle und Woche";

/// The verdict in words: `ohne_stelle` where posts are listed but none (or 0) for this row.
fn urteil(
    stellen: Option<f64>,
    erreichbar: Option<bool>,
    ohne_stelle: &'static str,
) -> Wert<'static> {
    Wert::text(match (stellen, erreichbar) {
        (None, _) => "keine Personalliste",
        (Some(_), None) => ohne_stelle,
        (Some(_), Some(true)) => "ja",
        (Some(_), Some(false)) => "nein – Bedarf über dem Richtwert",
    })
}

/// The planning rows' first table: the sheet's columns on need, conversations and posts, and
/// every column of `planung.csv` (SPEC §4) — the Richtwert and the Nachhaltung's only as CSV
/// columns here (the Richtwert is one number for all rows, the sheet says it once; the
/// Nachhaltung is the sheet's second table, [`nachhaltung_tabelle`]).
fn tabelle<'a>(d: &'a Verteilungsdaten) -> Tabelle<'a, Planungszeile> {
    Tabelle::neu("Planung")
        .csvspalte("ebene", |x: &Planungszeile| {
            Wert::text(x.einheit.ebene().name())
        })
        .csvspalte("geschaeftsstelle", |x| Wert::text(&x.geschaeftsstelle))
        .csvspalte("team", |x| Wert::text(x.einheit.team()))
        .blattspalte("Einheit", move |x| {
            Wert::Text(d.bezeichnung(&x.einheit).into())
        })
        .spalte(KUNDEN.kopf, Some("kunden"), |x| Wert::anzahl(x.kunden))
        .spalte(BEDARF, Some("bedarf_woche"), |x| {
            Wert::Zahl(x.lage.bedarf_woche, Tage)
        })
        .spalte(STELLEN, Some("stellen"), |x| {
            Wert::oder_strich(x.lage.stellen, Stellen)
        })
        .spalte(BEDARF_JE_STELLE, Some("bedarf_je_stelle"), |x| {
            Wert::oder_strich(x.lage.bedarf_je_stelle, Tage)
        })
        .spalte(
            "Gespräche je Woche (gehalten)",
            Some("gespraeche_woche"),
            |x| Wert::Zahl(x.lage.gespraeche_woche, Tage),
        )
        .spalte(GEHALTEN_JE_STELLE, Some("gespraeche_je_stelle"), |x| {
            Wert::oder_strich(x.lage.gespraeche_je_stelle, Tage)
        })
        .csvspalte("richtwert", |x| Wert::Zahl(x.lage.richtwert, Tage))
        .blattspalte(DECKUNG, |x| Wert::oder_strich(x.lage.deckung, Anteil))
        .blattspalte("Mit dem Personal erreichbar?", |x| {
            urteil(x.lage.stellen, x.lage.erreichbar, "keine Stellen")
        })
        .spalte(
            "Beratungsstunden je Stelle und Woche (Untergrenze)",
            Some("beratungsstunden_je_stelle"),
            |x| Wert::oder_strich(x.beratungsstunden_je_stelle, Tage),
        )
        .spalte(
            "Anteil an der Arbeitszeit (Untergrenze; § 2: mindestens 50 %)",
            Some("anteil_arbeitszeit"),
            |x| Wert::oder_strich(x.anteil_arbeitszeit, Anteil),
        )
        .csvspalte("ueberfaellig_vormonat", |x| nachgehalten(x, |n| n.vormonat))
        .csvspalte("abgegangen", |x| nachgehalten(x, |n| n.abgegangen))
        .csvspalte("nachgeholt", |x| nachgehalten(x, |n| n.nachgeholt))
        .csvspalte("weiter_ueberfaellig", |x| {
            nachgehalten(x, |n| n.weiter_ueberfaellig)
        })
        .csvspalte("nicht_mehr_ueberfaellig", |x| {
            nachgehalten(x, |n| n.nicht_mehr_ueberfaellig)
        })
        .csvspalte("quote_nachgeholt", move |x| quote_nachgeholt(d, x))
        .leer("Keine Kund:innen in dieser Einheit.")
}

/// The sheet's second table: what became of last month's overdue customers (§ 6.3) — the
/// same values as the Nachhaltung columns of `planung.csv`.
fn nachhaltung_tabelle<'a>(d: &'a Verteilungsdaten) -> Tabelle<'a, Planungszeile> {
    Tabelle::neu("Nachhaltung")
        .blattspalte("Einheit", move |x: &Planungszeile| {
            Wert::Text(d.bezeichnung(&x.einheit).into())
        })
        .blattspalte("Überfällig im Vormonat", |x| {
            nachgehalten(x, |n| n.vormonat)
        })
        .blattspalte("davon abgegangen", |x| nachgehalten(x, |n| n.abgegangen))
        .blattspalte("davon nachgeholt (beraten)", |x| {
            nachgehalten(x, |n| n.nachgeholt)
        })
        .blattspalte("davon weiter überfällig", |x| {
            nachgehalten(x, |n| n.weiter_ueberfaellig)
        })
        .blattspalte("davon nicht mehr überfällig", |x| {
            nachgehalten(x, |n| n.nicht_mehr_ueberfaellig)
        })
        .blattspalte("Quote nachgeholt", move |x| quote_nachgeholt(d, x))
        .breiten(30.0, 12.0)
}

/// The Quote nachgeholt over its cases (nachgeholt + weiter überfällig): too few marked.
fn quote_nachgeholt<'r>(d: &Verteilungsdaten, x: &Planungszeile) -> Wert<'r> {
    Wert::anteil(
        x.quote_nachgeholt,
        Anteil,
        x.nachhaltung.as_ref().map(|n| n.quote_faelle()),
        &d.fassung.darstellung,
    )
}

/// One count of the Nachhaltung (a dash without last month's folder).
fn nachgehalten(x: &Planungszeile, zahl: fn(&Nachhaltung) -> u64) -> Wert<'static> {
    Wert::oder_strich(x.nachhaltung.as_ref().map(|n| zahl(n) as f64), Anzahl)
}

/// `planung.csv`: one row per unit in the order of `kennzahlen.csv`; a figure that cannot be
/// computed is an empty cell.
pub fn planung_csv(d: &Verteilungsdaten) -> Ergebnis<Vec<u8>> {
    tabelle_csv(&tabelle(d), &d.planung)
}

/// The IFK rows of a team (`--ifk-auswertung`), the same figures per person.
fn ifk_tabelle<'a>() -> Tabelle<'a, IfkPlanung> {
    Tabelle::neu("Planung je IFK")
        .blattspalte("IFK", |x: &IfkPlanung| Wert::Text(x.bezeichnung().into()))
        .blattspalte(KUNDEN.kopf, |x| Wert::anzahl(x.kunden))
        .blattspalte(BEDARF, |x| Wert::Zahl(x.lage.bedarf_woche, Tage))
        .blattspalte("Stellenanteil", |x| {
            Wert::oder_strich(x.lage.stellen, Stellen)
        })
        .blattspalte(BEDARF_JE_STELLE, |x| {
            Wert::oder_strich(x.lage.bedarf_je_stelle, Tage)
        })
        .blattspalte("Gespräche je Woche (gehalten)", |x| {
            Wert::Zahl(x.lage.gespraeche_woche, Tage)
        })
        .blattspalte(GEHALTEN_JE_STELLE, |x| {
            Wert::oder_strich(x.lage.gespraeche_je_stelle, Tage)
        })
        .blattspalte(DECKUNG, |x| Wert::oder_strich(x.lage.deckung, Anteil))
        .blattspalte("Mit dem Personal erreichbar?", |x| {
            urteil(x.lage.stellen, x.lage.erreichbar, "keine Stelle")
        })
}

/// The sheet for the units `zeilen` (the workbook's unit first).
pub(super) fn blatt(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, zeilen, empfaenger) = (k.d, k.f, &k.zeilen[..], k.empfaenger.as_str());
    let p = &d.fassung.planung;
    let zahl = |x: f64| tage_text(x).replace(",0", "");
    // Short lines: a cell's text runs on over its neighbours, but not past the printed page.
    let hinweise = [
        "Bedarf: je Kund:in 7 ÷ Zielwert Gespräche pro Woche – so oft, dass jede Kund:in einmal \
         je Zielwert beraten wird. Deckung: gehaltene Gespräche ÷ Bedarf."
            .to_string(),
        format!(
            "Richtwert: {} Gespräche je Stelle (Vollzeit) und Woche (§ 3). Bedarf je Stelle über \
             dem Richtwert: mit diesem Personal nicht erreichbar, wie viel auch gearbeitet wird.",
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
    let t = tabelle(d);
    let gezeigt: Vec<Planungszeile> = zeilen
        .iter()
        .filter_map(|e| d.planungszeile(e).cloned())
        .collect();
    let mut z = tabelle_schreiben(ws, f, kopf, &t, &gezeigt)?;
    tabellenblatt(ws, kopf, &t, (d.auswertung.stichtag, empfaenger))?;
    if gezeigt.is_empty() {
        return Ok(());
    }
    ws.text_f(z + 1, 0, "Nachhaltung (§ 6.3)", &f.untertitel)?;
    let nachhaltung_kopf = z + 2;
    z = tabelle_schreiben(ws, f, nachhaltung_kopf, &nachhaltung_tabelle(d), &gezeigt)?;
    // Its headings wrap in the first table's columns: up to three lines.
    ws.set_row_height(nachhaltung_kopf, 48)?;
    // The chart beside the Nachhaltung (seven columns): the sheet stays one printed page.
    // The Klärungsfälle stand last and in no chart.
    let verglichen = gezeigt
        .iter()
        .take_while(|x| !d.klaerungsfall(&x.einheit))
        .count();
    let verglichen = &gezeigt[..verglichen.max(1)];
    // The chart's copy right of the units' table (the sheet's widest: the Nachhaltung and
    // the IFKs' table are narrower), hidden.
    let daten = t.blattspalten().count() as u16;
    for (i, je_stelle) in [
        |x: &Planungszeile| x.lage.bedarf_je_stelle,
        |x: &Planungszeile| x.lage.gespraeche_je_stelle,
    ]
    .into_iter()
    .enumerate()
    {
        diagrammspalte(
            ws,
            (kopf + 1, daten + i as u16),
            verglichen.iter().map(je_stelle),
        )?;
    }
    let chart = diagramm(d, verglichen, (kopf, daten));
    ws.insert_chart(nachhaltung_kopf - 1, 7, &chart)?;
    // A team's IFKs (--ifk-auswertung only), below the units' table.
    if let Some(Einheit::Team(team)) = zeilen.first() {
        if let Some(ifks) = d.planung_je_ifk.get(team).filter(|x| !x.is_empty()) {
            ws.text_f(
                z + 1,
                0,
                "Je IFK (Leistungsdaten – nur mit Zustimmung des Personalrats, nur für die \
                 Teamleitung): Bedarf der zugeordneten Kund:innen, Gespräche als Verfasser:in",
                &f.untertitel,
            )?;
            // Its headings wrap in the units' table's columns: up to four lines.
            ws.set_row_height(z + 2, 63)?;
            tabelle_schreiben(ws, f, z + 2, &ifk_tabelle(), ifks)?;
        }
    }
    Ok(())
}

/// The chart's height for `n` units.
fn diagramm_hoehe(n: usize) -> u32 {
    100 + 34 * n.max(2) as u32
}

/// Bars per unit: the need per post and the conversations held per post — their copies in
/// the hidden columns from `daten` (a unit without a post is no bar, not a bar of 0), rows
/// below header row `kopf`; the Richtwert, one number for all, in the title.
fn diagramm(d: &Verteilungsdaten, zeilen: &[Planungszeile], (kopf, daten): (u32, u16)) -> Chart {
    let (von, bis) = (kopf + 1, kopf + zeilen.len() as u32);
    let mut chart = Chart::new(ChartType::Bar);
    for (i, name) in [BEDARF_JE_STELLE, GEHALTEN_JE_STELLE]
        .into_iter()
        .enumerate()
    {
        let spalte = daten + i as u16;
        diagramm_balken(
            chart
                .add_series()
                .set_name(name)
                .set_categories((PLANUNG.name, von, 0, bis, 0))
                .set_values((PLANUNG.name, von, spalte, bis, spalte))
                .set_gap(80),
            i as u16,
        );
    }
    chart.show_hidden_data();
    let titel = format!(
        "Gespräche je Stelle und Woche: Bedarf und gehalten (Richtwert {})",
        tage_text(d.fassung.planung.richtwert_gespraeche_woche).replace(",0", "")
    );
    chart
        .title()
        .set_name(&titel)
        .set_font(rust_xlsxwriter::ChartFont::new().set_size(10).set_bold());
    chart.y_axis().set_reverse();
    chart.x_axis().set_num_format("0");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart
        .set_width(430)
        .set_height(diagramm_hoehe(zeilen.len()));
    let erste = &zeilen[0];
    let je = |x: Option<f64>| x.map_or("–".to_string(), tage_text);
    chart.set_alt_text(alternativtext(&format!(
        "Balken: {titel}. {}: Bedarf {} je Stelle, gehalten {}, Deckung des Bedarfs {}; \
         Nachhaltung: Quote nachgeholt {}. Werte in der Tabelle darüber.",
        d.bezeichnung(&erste.einheit),
        je(erste.lage.bedarf_je_stelle),
        je(erste.lage.gespraeche_je_stelle),
        erste.lage.deckung.map_or("–".to_string(), prozent),
        match quote_nachgeholt(d, erste) {
            Wert::Zahl(x, _) => prozent(x),
            Wert::ZuWenige(_, _, n) => Wert::zu_wenige_text(n),
            _ => "–".to_string(),
        },
    )));
    chart
}

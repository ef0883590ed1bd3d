//! Sheets „Geschäftsstellen“ and „Teams“: one row per unit with the catalog's figures, the
//! traffic light as a word and a total row; below it a second table of the Ø Tage per
//! customer group side by side (one table of both would not fit a printed page's width).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::Kontext;
use crate::einheit::{Ebene, Einheit};
use crate::katalog::Darstellung::Tage;
use crate::katalog::{Kennzahlzeile, TAGE_MITTEL};
use crate::output::excel::Blattart;
use crate::output::excel::{
    ampel, beratungsspalten, bezeichnung, kopfzeile, tabelle_schreiben, tabellenblatt, textbreite,
    Textzelle, AMPEL_MINDESTWERT, EMPFAENGER_JOBCENTER,
};
use crate::output::tabelle::{Tabelle, Wert};

/// The sheet „Geschäftsstellen“.
pub(crate) const GESCHAEFTSSTELLEN: Blattart = Blattart {
    name: "Geschäftsstellen",
    inhalt: "Kennzahlen je Geschäftsstelle",
    erklaerung: None,
};

/// The sheet „Teams“.
pub(crate) const TEAMS: Blattart = Blattart {
    name: "Teams",
    inhalt: "Kennzahlen je Team",
    erklaerung: None,
};

/// One row: a unit's key columns and its figure row.
struct Einheitszeile<'a> {
    schluessel: Vec<String>,
    zahlen: &'a Kennzahlzeile,
}

/// Sheet „Geschäftsstellen“.
pub(super) fn geschaeftsstellen(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ebenentabelle(
        ws,
        ctx,
        (GESCHAEFTSSTELLEN.name, Ebene::Geschaeftsstelle),
        &GESCHAEFTSSTELLEN_SCHLUESSEL,
        |k| vec![k.geschaeftsstelle.clone()],
    )
}

/// Sheet „Teams“.
pub(super) fn teams(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ebenentabelle(
        ws,
        ctx,
        (TEAMS.name, Ebene::Team),
        // The team as everywhere else, code and name in one column („611 – U25; …“): a
        // column of its own for the name would print the sheet below 9 pt.
        &["Geschäftsstelle", "Team"],
        |k| {
            vec![
                k.geschaeftsstelle.clone(),
                bezeichnung(&ctx.auswertung.organisation, &k.einheit),
            ]
        },
    )
}

/// The key columns headed `schluessel`, `breiten` wide, of a table named `name`; the
/// Jobcenter's row a total.
fn schluesselspalten<'a>(
    name: impl Into<std::borrow::Cow<'a, str>>,
    (schluessel, breiten): (&[&'static str], &[f64]),
) -> Tabelle<'a, Einheitszeile<'a>> {
    let mut t =
        Tabelle::neu(name).summe_wenn(|z: &Einheitszeile| z.zahlen.einheit == Einheit::Jobcenter);
    for (i, (kopf, breite)) in schluessel.iter().zip(breiten).enumerate() {
        t = t
            .blattspalte(*kopf, move |z: &Einheitszeile| match z.schluessel.get(i) {
                Some(w) => Wert::text(w),
                None => Wert::Leer,
            })
            .breite(*breite);
    }
    t.schluessel = schluessel.len() as u16;
    t.breite = 11.0;
    t
}

/// The table of one level named `name`: the key columns headed `schluessel`, the catalog's
/// figures, the traffic light's word.
fn ebenenspalten<'a>(
    ctx: &'a Kontext,
    name: &'a str,
    schluessel: (&[&'static str], &[f64]),
) -> Tabelle<'a, Einheitszeile<'a>> {
    beratungsspalten(schluesselspalten(name, schluessel), ctx.fassung, |z| {
        Some(z.zahlen)
    })
}

/// The second table of one level: the key columns, Ø Tage per customer group.
fn gruppenspalten<'a>(
    ctx: &'a Kontext,
    name: &'a str,
    schluessel: (&[&'static str], &[f64]),
) -> Tabelle<'a, Einheitszeile<'a>> {
    let zahlen = ctx.zahlen;
    let mut t = schluesselspalten(format!("{name} je Kundengruppe"), schluessel);
    for g in &ctx.fassung.gruppen {
        t = t.blattspalte(format!("Ø Tage {}", g.name), move |z| {
            let kg = zahlen.zeile(&z.zahlen.einheit, &g.id);
            Wert::oder_leer(kg.and_then(|kg| zahlen.wert(kg, &TAGE_MITTEL)), Tage)
        });
    }
    t.breite = 14.0;
    t
}

/// Title of the second table.
pub(crate) const JE_KUNDENGRUPPE: &str = "Ø Tage seit letzter Beratung je Kundengruppe";

/// The column of the Geschäftsstellen sheet headed `kopf` (the Übersicht's chart draws it).
pub(super) fn geschaeftsstellen_spalte(ctx: &Kontext, kopf: &str) -> u16 {
    // The widths do not move a column.
    let breiten = [0.0; GESCHAEFTSSTELLEN_SCHLUESSEL.len()];
    ebenenspalten(
        ctx,
        GESCHAEFTSSTELLEN.name,
        (&GESCHAEFTSSTELLEN_SCHLUESSEL, &breiten),
    )
    .spalte_von(kopf)
}

/// The key column of the Geschäftsstellen sheet.
const GESCHAEFTSSTELLEN_SCHLUESSEL: [&str; 1] = ["Geschäftsstelle"];

/// The table of one level: key columns, the catalog's figures, the traffic light's word, Ø Tage
/// per customer group, the Jobcenter's total.
fn ebenentabelle(
    ws: &mut Worksheet,
    ctx: &Kontext,
    (name, ebene): (&str, Ebene),
    schluessel: &[&'static str],
    werte: impl Fn(&Kennzahlzeile) -> Vec<String>,
) -> Result<(), XlsxError> {
    let zahlen = ctx.zahlen;
    let mut zeilen: Vec<Einheitszeile> = zahlen
        .ebene(ebene)
        .map(|k| Einheitszeile {
            schluessel: werte(k),
            zahlen: k,
        })
        .collect();
    if let Some(gesamt) = zahlen.gesamt() {
        zeilen.push(Einheitszeile {
            schluessel: vec!["Jobcenter gesamt".into()],
            zahlen: gesamt,
        });
    }
    // Each key column as wide as the names it holds.
    let breiten: Vec<f64> = schluessel
        .iter()
        .enumerate()
        .map(|(i, kopf)| {
            textbreite(
                zeilen
                    .iter()
                    .filter_map(|z| z.schluessel.get(i).map(String::as_str)),
                kopf,
            )
        })
        .collect();
    let t = ebenenspalten(ctx, name, (schluessel, &breiten));
    let ampel_spalte = t.spalte_von(AMPEL_MINDESTWERT);
    let frei = if zeilen.is_empty() {
        // No customers: the header alone.
        kopfzeile(ws, &ctx.formate, 0, 0, &t.koepfe())?;
        1
    } else {
        tabelle_schreiben(ws, &ctx.formate, 0, &t, &zeilen)?
    };
    if frei > 1 {
        let letzte_spalte = t.koepfe().len() as u16 - 1;
        ampel(ws, (1, frei - 1), letzte_spalte, ampel_spalte)?;
    }
    tabellenblatt(ws, 0, &t, (ctx.auswertung.stichtag, EMPFAENGER_JOBCENTER))?;
    ws.set_repeat_rows(0, 0)?;
    if !zeilen.is_empty() {
        let g = gruppenspalten(ctx, name, (schluessel, &breiten));
        ws.text_f(frei + 1, 0, JE_KUNDENGRUPPE, &ctx.formate.untertitel)?;
        tabelle_schreiben(ws, &ctx.formate, frei + 2, &g, &zeilen)?;
        // The first table's widths stay; the group headings wrap in them.
        ws.set_row_height(frei + 2, 48)?;
    }
    Ok(())
}

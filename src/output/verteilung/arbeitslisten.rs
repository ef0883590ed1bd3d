//! Sheets „Überfällig“ and „Demnächst fällig“ of a team workbook: the customers the team
//! must see next (the only customer-level rows of the distribution).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::Einheitskontext;
use crate::auswertung::verteilung::Verteilungsdaten;
use crate::bestand::Einzelfall;
use crate::katalog::Darstellung::Anzahl;
use crate::output::excel::Blattart;
use crate::output::excel::{tabelle_schreiben, tabellenblatt, Formate, Textzelle};
use crate::output::tabelle::{Tabelle, Wert};
use crate::verteilung::arbeitslisten::Eintrag;

/// The sheet „Überfällig“.
pub(crate) const UEBERFAELLIG: Blattart = Blattart {
    name: "Überfällig",
    inhalt: "Kund:innen über dem Mindestwert – zuerst beraten",
    erklaerung: Some(
        "Kund:innen des Teams über dem Mindestwert, die am längsten unberatenen zuerst. Sie sollten als Erste ein Beratungsgespräch erhalten.",
    ),
};

/// The sheet „Demnächst fällig“.
pub(crate) const DEMNAECHST: Blattart = Blattart {
    name: "Demnächst fällig",
    inhalt: "Kund:innen, deren Frist bald abläuft",
    erklaerung: Some(
        "Kund:innen des Teams, deren Ziel- oder Mindestwert in den nächsten Tagen abläuft (wie viele Tage: Übersicht).",
    ),
};

/// A worklist entry beside its customer's row.
type Zeile<'a> = (&'a Eintrag, &'a Einzelfall);

/// Customer rows a list sheet holds: Excel's 1,048,576 rows minus the header and the note.
const MAX_ZEILEN: usize = 1_048_576 - 2;

/// The columns both lists start with — who, and how long since the last counselling — in a
/// table named like its sheet.
fn liste<'a>(d: &'a Verteilungsdaten, name: &'static str) -> Tabelle<'a, Zeile<'a>> {
    Tabelle::neu(name)
        .blattspalte("Kundennummer", |(_, fall): &Zeile| {
            Wert::text(&fall.kundennummer)
        })
        .blattspalte("IFK", |(_, fall)| Wert::text(&fall.ifk))
        .breite(12.0)
        .blattspalte("Kundengruppe", move |(_, fall)| {
            Wert::text(&d.fassung.gruppe(fall.gruppe).name)
        })
        .breite(30.0)
        .blattspalte("Letzte Beratung", |(_, fall)| match fall.letzte_beratung {
            Some(l) => Wert::Datum(l),
            None => Wert::text("noch nie"),
        })
        .blattspalte("Tage seit letzter Beratung", |(_, fall)| {
            Wert::Zahl(fall.tage as f64, Anzahl)
        })
        .blattspalte("Zielwert (Tage)", |(_, fall)| {
            Wert::anzahl(fall.zielwert.into())
        })
        .blattspalte("Mindestwert (Tage)", |(_, fall)| {
            Wert::anzahl(fall.mindestwert.into())
        })
        .breiten(16.0, 12.0)
}

pub(super) fn ueberfaellig(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, empfaenger) = (k.d, k.f, k.empfaenger.as_str());
    let Some(l) = k.listen.as_ref().map(|l| l.beratung) else {
        return Ok(());
    };
    let name = UEBERFAELLIG.name;
    let mut t = liste(d, name)
        .blattspalte("Tage überfällig", |(e, _)| {
            Wert::Zahl(e.tage as f64, Anzahl)
        })
        .leer("Keine Kund:innen über dem Mindestwert.");
    // With last month's folder: who was on last month's list already (§6.3 Nachhaltung).
    if !d.verlauf.schon_ueberfaellig.is_empty() {
        t = t.blattspalte("Schon im Vormonat überfällig", |(e, _)| {
            e.schon_ueberfaellig.map_or(Wert::Leer, Wert::Flag)
        });
    }
    let t = naechster_termin(d, t);
    blatt(ws, d, f, &t, &l.ueberfaellig, empfaenger)?;
    reihenfolge(
        ws,
        f,
        l.ueberfaellig.len(),
        "Reihenfolge: die am längsten Überfälligen zuerst (Tage überfällig absteigend, bei \
         Gleichstand nach Kundennummer). Wer schon einen Termin hat, steht mit dem Datum in \
         der letzten Spalte.",
    )
}

/// With appointment data: the column of the next agreed appointment after the Stichtag (who
/// holds one need not be invited again).
fn naechster_termin<'a>(d: &Verteilungsdaten, t: Tabelle<'a, Zeile<'a>>) -> Tabelle<'a, Zeile<'a>> {
    if d.auswertung.termine.is_none() {
        return t;
    }
    t.blattspalte("Nächster vereinbarter Termin", |(e, _)| {
        e.naechster_termin.map_or(Wert::Leer, Wert::Datum)
    })
}

/// The list's order in words, below its `n` rows (a list too long for the sheet says so
/// there instead).
fn reihenfolge(ws: &mut Worksheet, f: &Formate, n: usize, text: &str) -> Result<(), XlsxError> {
    if n > 0 && n <= MAX_ZEILEN {
        ws.text_f(n as u32 + 2, 0, text, &f.hinweis)?;
    }
    Ok(())
}

pub(super) fn demnaechst(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, empfaenger) = (k.d, k.f, k.empfaenger.as_str());
    let Some(l) = k.listen.as_ref().map(|l| l.beratung) else {
        return Ok(());
    };
    let name = DEMNAECHST.name;
    let t = liste(d, name)
        .blattspalte("Fällig wird", |(e, _)| match e.frist {
            Some((true, _)) => Wert::text("Zielwert"),
            Some((false, _)) => Wert::text("Mindestwert"),
            None => Wert::Leer,
        })
        .blattspalte("Beraten spätestens am", |(e, _)| {
            e.frist.map_or(Wert::Leer, |(_, frist)| Wert::Datum(frist))
        })
        .blattspalte("Tage bis dahin", |(e, _)| Wert::Zahl(e.tage as f64, Anzahl))
        .leer(format!(
            "Keine Kund:innen werden in den nächsten {} Tagen fällig.",
            d.vorlauf
        ));
    let t = naechster_termin(d, t);
    blatt(ws, d, f, &t, &l.demnaechst, empfaenger)?;
    reihenfolge(
        ws,
        f,
        l.demnaechst.len(),
        "Reihenfolge: wer am frühesten fällig wird zuerst (Tage bis dahin aufsteigend, bei \
         Gleichstand nach Kundennummer).",
    )
}

/// A list sheet: the table from row 0.
fn blatt<'a>(
    ws: &mut Worksheet,
    d: &'a Verteilungsdaten,
    f: &Formate,
    t: &Tabelle<'_, Zeile<'a>>,
    eintraege: &'a [Eintrag],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    // Excel's last row is 1,048,576: a list longer than the sheet (a federal-size unit without
    // team) shows what fits and says where the rest is, instead of failing the run.
    let (eintraege, weitere) = eintraege.split_at(eintraege.len().min(MAX_ZEILEN));
    if !weitere.is_empty() {
        ws.text_f(
            MAX_ZEILEN as u32 + 1,
            0,
            format!(
                "… und {} weitere Kund:innen (mehr Zeilen fasst Excel nicht): vollständig in \
                 einzeldaten.csv",
                weitere.len()
            ),
            &f.hinweis,
        )?;
    }
    let zeilen: Vec<Zeile> = eintraege.iter().map(|e| (e, d.fall(e.kunde))).collect();
    tabelle_schreiben(ws, f, 0, t, &zeilen)?;
    tabellenblatt(ws, 0, t, (d.auswertung.stichtag, empfaenger))
}

//! The appointment sheets of the unit workbooks: „Termintreue“ (the unit's own figures with the
//! Jobcenter's beside them) in every one, and in team workbooks only the two worklists
//! „Nachfassen“ and „Termintreue gefährdet“ — customer-level rows, for the team itself.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::Einheitskontext;
use crate::auswertung::verteilung::Verteilungsdaten;
use crate::bestand::Einzelfall;
use crate::einheit::Einheit;
use crate::katalog::{Kundengruppe, NACHFASS_OFFEN};
use crate::output::excel::termintreue::{self as blatt_termine, Terminblock};
use crate::output::excel::Blattart;
use crate::output::excel::{tabelle_schreiben, tabellenblatt, Formate};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::termintreue::Nachfass;
use crate::termintreue::{Gefaehrdet, Nachfasseintrag};

/// The sheet „Nachfassen“.
pub(crate) const NACHFASSEN: Blattart = Blattart {
    name: "Nachfassen",
    inhalt: "nicht wahrgenommene Termine und ihr Nachfassen",
    erklaerung: Some(
        "Nicht wahrgenommene Termine des Monats, mit dem Stand des telefonischen Nachfassens.",
    ),
};

/// The sheet „Termintreue gefährdet“.
pub(crate) const GEFAEHRDET: Blattart = Blattart {
    name: "Termintreue gefährdet",
    inhalt: "Kund:innen mit zwei Fehlterminen in Folge",
    erklaerung: Some(
        "Kund:innen, deren zwei letzte Termine (abgesagte nicht gezählt) beide versäumt wurden: zur Unterstützung, nicht für Sanktionen.",
    ),
};

/// „Termintreue“: the sheet's own unit by customer group, its units with all their customers
/// (their groups are in their own workbooks and in `termintreue.csv`: the sheet stays one
/// page), then the Jobcenter by group for comparison.
pub(super) fn blatt(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, zeilen, empfaenger) = (k.d, k.f, &k.zeilen[..], k.empfaenger.as_str());
    let z = d.terminzahlen;
    let mut bloecke: Vec<Terminblock> = zeilen
        .iter()
        .enumerate()
        .map(|(i, e)| Terminblock {
            name: d.bezeichnung(e),
            summe: false,
            zeilen: z
                .zeilen_von(e)
                .filter(|r| i == 0 || r.kundengruppe == Kundengruppe::Alle)
                .collect(),
        })
        .collect();
    bloecke.push(Terminblock {
        name: "Jobcenter gesamt (Vergleich)".into(),
        summe: true,
        zeilen: z.zeilen_von(&Einheit::Jobcenter).collect(),
    });
    blatt_termine::blatt(
        ws,
        f,
        d.fassung,
        d.auswertung.monat,
        d.auswertung.stichtag,
        d.auswertung.termine.as_ref(),
        &bloecke,
        empfaenger,
    )
}

/// A worklist sheet of table `t` over `zeilen`, or the sentence that the month has no
/// appointment data.
fn liste<R>(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    t: &Tabelle<'_, R>,
    zeilen: &[R],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    if d.auswertung.termine.is_none() {
        ws.text_f(
            0,
            0,
            "Für diesen Monat liegen keine Termindaten vor (kein Terminexport).",
            &f.hinweis,
        )?;
    } else {
        tabelle_schreiben(ws, f, 0, t, zeilen)?;
    }
    tabellenblatt(ws, 0, t, (d.auswertung.stichtag, empfaenger))
}

/// „Nachfassen“: the month's no-shows of the team's customers without a follow-up call.
pub(super) fn nachfassen(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, empfaenger) = (k.d, k.f, k.empfaenger.as_str());
    let Some(l) = k.listen.as_ref().and_then(|l| l.termine) else {
        return Ok(());
    };
    let name = NACHFASSEN.name;
    let t = Tabelle::neu(name)
        .blattspalte(
            "Kundennummer",
            |(_, fall): &(&Nachfasseintrag, &Einzelfall)| Wert::text(&fall.kundennummer),
        )
        .blattspalte("IFK", |(e, _)| Wert::text(&e.ifk))
        .breite(12.0)
        .blattspalte("Termindatum", |(e, _)| Wert::Datum(e.datum))
        .blattspalte("Frist", |(e, _)| Wert::Datum(e.frist))
        .blattspalte("Stand", |(e, _)| {
            Wert::text(match e.stand {
                Nachfass::Offen => NACHFASS_OFFEN.kopf,
                _ => "versäumt",
            })
        })
        .breiten(18.0, 14.0)
        .leer("Jeder nicht wahrgenommene Termin des Monats wurde telefonisch nachgefasst.");
    let zeilen: Vec<_> = l.nachfassen.iter().map(|e| (e, d.fall(e.kunde))).collect();
    liste(ws, d, f, &t, &zeilen, empfaenger)
}

/// „Termintreue gefährdet“: customers whose two latest appointments were both missed — for
/// support, not for sanctions.
pub(super) fn gefaehrdet(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, empfaenger) = (k.d, k.f, k.empfaenger.as_str());
    let Some(l) = k.listen.as_ref().and_then(|l| l.termine) else {
        return Ok(());
    };
    let name = GEFAEHRDET.name;
    let t = Tabelle::neu(name)
        .blattspalte("Kundennummer", |(_, fall): &(&Gefaehrdet, &Einzelfall)| {
            Wert::text(&fall.kundennummer)
        })
        .blattspalte("IFK", |(_, fall)| Wert::text(&fall.ifk))
        .breite(12.0)
        .blattspalte("Versäumt am (vorletzter Termin)", |(g, _)| {
            Wert::Datum(g.versaeumt[0])
        })
        .blattspalte("Versäumt am (letzter Termin)", |(g, _)| {
            Wert::Datum(g.versaeumt[1])
        })
        .blattspalte("Nächster vereinbarter Termin", |(g, _)| {
            g.naechster
                .map_or(Wert::text("keiner vereinbart"), Wert::Datum)
        })
        .breiten(18.0, 14.0)
        .leer("Keine Kund:innen mit zwei zuletzt versäumten Terminen.");
    let zeilen: Vec<_> = l.gefaehrdet.iter().map(|g| (g, d.fall(g.kunde))).collect();
    liste(ws, d, f, &t, &zeilen, empfaenger)
}

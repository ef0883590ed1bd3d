//! Sheet „Gespräche“: qualifying conversations of the month per unit, per week, per post
//! against the directive's Richtwert, how much of the need they cover, and by Kontaktart — the
//! planning rows the sheet „Planung“ shows too, so that both say the same. With
//! `--ifk-auswertung`, a team workbook adds the same per IFK (staff performance data: never
//! elsewhere).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::Einheitskontext;
use super::planung::{BEDARF, DECKUNG, GEHALTEN_JE_STELLE, STELLEN};
use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::Darstellung::{Anteil, Stellen, Tage};
use crate::output::excel::Blattart;
use crate::output::excel::{hinweiszeilen, tabelle_schreiben, tabellenblatt, Formate, Textzelle};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::kontaktart::Kontaktart;
use crate::verteilung::planung::{Gespraechslage, IfkPlanung, Planungszeile};

/// The sheet „Gespräche“.
pub(crate) const GESPRAECHE: Blattart = Blattart {
    name: "Gespräche",
    inhalt: "Beratungsgespräche im Monat nach Kontaktart",
    erklaerung: None,
};

/// The columns both tables share after the row's name, from the row's conversations `lage`.
fn spalten<'a, R: 'a>(t: Tabelle<'a, R>, lage: fn(&R) -> &Gespraechslage) -> Tabelle<'a, R> {
    let t = t
        .blattspalte("Gespräche im Monat (Kund:in und Tag)", move |x| {
            Wert::anzahl(lage(x).gespraeche)
        })
        .blattspalte("Gespräche je Woche", move |x| {
            Wert::Zahl(lage(x).gespraeche_woche, Tage)
        })
        .blattspalte(BEDARF, move |x| Wert::Zahl(lage(x).bedarf_woche, Tage))
        .blattspalte(DECKUNG, move |x| Wert::oder_strich(lage(x).deckung, Anteil))
        .blattspalte(STELLEN, move |x| {
            Wert::oder_strich(lage(x).stellen, Stellen)
        })
        .blattspalte(GEHALTEN_JE_STELLE, move |x| {
            Wert::oder_strich(lage(x).gespraeche_je_stelle, Tage)
        });
    Kontaktart::ALLE.iter().enumerate().fold(t, |t, (i, k)| {
        t.blattspalte(k.bezeichnung(), move |x| {
            Wert::anzahl(lage(x).je_kontaktart[i])
        })
    })
}

/// The units' table.
fn tabelle<'a>(d: &'a Verteilungsdaten) -> Tabelle<'a, Planungszeile> {
    let t = Tabelle::neu("Gespräche").blattspalte("Einheit", move |x: &Planungszeile| {
        Wert::Text(d.bezeichnung(&x.einheit).into())
    });
    spalten(t, |x| &x.lage)
}

/// A team's IFKs.
fn ifk_tabelle<'a>() -> Tabelle<'a, IfkPlanung> {
    let t = Tabelle::neu("Gespräche je IFK").blattspalte("IFK (Ersteller:in)", |x: &IfkPlanung| {
        Wert::Text(x.bezeichnung().into())
    });
    spalten(t, |x| &x.lage)
}

pub(super) fn blatt(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, zeilen, empfaenger) = (k.d, k.f, &k.zeilen[..], k.empfaenger.as_str());
    let t = tabelle(d).summe_zuerst();
    let gezeigt: Vec<Planungszeile> = zeilen
        .iter()
        .filter_map(|e| d.planungszeile(e).cloned())
        .collect();
    let mut z = tabelle_schreiben(ws, f, 0, &t, &gezeigt)?;
    tabellenblatt(ws, 0, &t, (d.auswertung.stichtag, empfaenger))?;
    z = hinweise(ws, d, f, z + 1)?;
    if let (true, Some(Einheit::Team(team))) = (d.je_ifk, zeilen.first()) {
        if let Some(ifks) = d.planung_je_ifk.get(team) {
            ws.text_f(
                z + 1,
                0,
                "Gespräche je IFK (Leistungsdaten – Auswertung mit Zustimmung des Personalrats, \
                 nur für die Teamleitung)",
                &f.untertitel,
            )?;
            ws.set_row_height(z + 2, 63)?;
            tabelle_schreiben(ws, f, z + 2, &ifk_tabelle(), ifks)?;
        }
    }
    Ok(())
}

fn hinweise(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    mut z: u32,
) -> Result<u32, XlsxError> {
    let texte = [
        format!(
            "Gezählt: Beratungsvermerke vom 1. des Monats bis zum Stichtag, je Kund:in und Tag ein \
             Gespräch ({} Wochen). Zuordnung zum Team der Kund:in. Deckung: gehaltene \
             Gespräche ÷ Bedarf (je Kund:in 7 ÷ Zielwert Gespräche pro Woche).",
            format!("{:.2}", d.wochen).replace('.', ",")
        ),
        match &d.personal {
            Some(_) => {
                "Stellen: Summe der Stellenanteile laut Personalliste des Auswertungsmonats."
                    .to_string()
            }
            None => "Für diesen Monat liegt keine Personalliste vor: Gespräche je Stelle werden \
                     nicht ausgewiesen."
                .to_string(),
        },
    ];
    for t in texte {
        // The units' table: about 165 width units.
        z = hinweiszeilen(ws, (z, 0), (&t, 150), &f.hinweis)?;
    }
    Ok(z)
}

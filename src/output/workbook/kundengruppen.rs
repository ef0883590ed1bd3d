//! Sheet „Kundengruppen“: Geschäftsstelle × customer group, with the group's intervals, so a
//! manager sees where the U25 customers (30/60 days) pull the average.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::Kontext;
use crate::einheit::{Ebene, Einheit};
use crate::katalog::Kennzahlzeile;
use crate::output::excel::Blattart;
use crate::output::excel::{
    ampel, beratungsspalten, fristen, hinweiszeilen, tabelle_schreiben, tabellenblatt, textbreite,
    AMPEL_MINDESTWERT,
};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::fassung::Gruppenregel;
use crate::rules::Fassung;

/// The sheet „Kundengruppen“.
pub(crate) const KUNDENGRUPPEN: Blattart = Blattart {
    name: "Kundengruppen",
    inhalt: "Kennzahlen je Geschäftsstelle und Kundengruppe",
    erklaerung: None,
};

/// One row: a Geschäftsstelle (or the Jobcenter), one group, its figures.
struct Zeile<'a> {
    einheit: &'a Einheit,
    gruppe: &'a Gruppenregel,
    zahlen: &'a Kennzahlzeile,
}

/// The Jobcenter's rows' name in the Geschäftsstelle column.
const JOBCENTER: &str = "Jobcenter gesamt";

pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    let name = KUNDENGRUPPEN.name;
    let fassung: &Fassung = ctx.fassung;
    let gs_breite = textbreite(
        ctx.zahlen
            .ebene(Ebene::Geschaeftsstelle)
            .map(|k| k.geschaeftsstelle.as_str())
            .chain([JOBCENTER]),
        "Geschäftsstelle",
    );
    let gruppen_breite = textbreite(
        fassung.gruppen.iter().map(|g| g.name.as_str()),
        "Kundengruppe",
    );
    let mut t = Tabelle::neu(name)
        .blattspalte("Geschäftsstelle", |z: &Zeile| match z.einheit {
            Einheit::Jobcenter => Wert::text(JOBCENTER),
            _ => Wert::text(&z.zahlen.geschaeftsstelle),
        })
        .breite(gs_breite)
        .blattspalte("Kundengruppe", |z| Wert::text(&z.gruppe.name))
        .breite(gruppen_breite)
        .summe_wenn(|z| *z.einheit == Einheit::Jobcenter);
    t = beratungsspalten(t, fassung, |z| Some(z.zahlen));
    t.schluessel = 2;
    t.breite = 11.0;

    let mut einheiten: Vec<&Einheit> = ctx
        .zahlen
        .ebene(Ebene::Geschaeftsstelle)
        .map(|k| &k.einheit)
        .collect();
    einheiten.push(&Einheit::Jobcenter);
    let zeilen: Vec<Zeile> = einheiten
        .into_iter()
        .flat_map(|e| {
            fassung.gruppen.iter().filter_map(move |g| {
                Some(Zeile {
                    einheit: e,
                    gruppe: g,
                    zahlen: ctx.zahlen.zeile(e, &g.id)?,
                })
            })
        })
        .collect();
    let z = if zeilen.is_empty() {
        // No customers: the header alone, as the accessibility checker accepts it.
        crate::output::excel::kopfzeile(ws, &ctx.formate, 0, 0, &t.koepfe())?;
        1
    } else {
        tabelle_schreiben(ws, &ctx.formate, 0, &t, &zeilen)?
    };
    if z > 1 {
        let wort = t.spalte_von(AMPEL_MINDESTWERT);
        ampel(ws, (1, z - 1), wort, wort)?;
    }
    // The table: about 170 width units.
    hinweiszeilen(
        ws,
        (z + 1, 0),
        (&fristen(fassung), 170),
        &ctx.formate.hinweis,
    )?;
    tabellenblatt(
        ws,
        0,
        &t,
        (
            ctx.auswertung.stichtag,
            crate::output::excel::EMPFAENGER_JOBCENTER,
        ),
    )
}

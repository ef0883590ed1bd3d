//! Sheet „Regeln“: the rules applied, so a reader can check any figure by hand.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::{druckeinrichtung, Kontext};
use crate::ingest::dates::deutsch;
use crate::katalog::Darstellung::Anteil;
use crate::output::excel::Blattart;
use crate::output::excel::{
    angaben as angaben_schreiben, hinweiszeilen, tabelle_schreiben, Textzelle,
};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::fassung::Gruppenregel;
use crate::rules::Fassung;

/// The sheet „Regeln“.
pub(crate) const REGELN: Blattart = Blattart {
    name: "Regeln",
    inhalt: "die angewandten Regeln der Geschäftsanweisung",
    erklaerung: None,
};

pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    let (f, r) = (&ctx.formate, ctx.fassung);
    ws.text_f(0, 0, "Angewandte Regeln", &f.titel)?;
    let angaben = [
        ("Richtlinie", r.richtlinie.titel.clone()),
        ("Version", r.richtlinie.version.clone()),
        ("Aktenzeichen", r.richtlinie.aktenzeichen.clone()),
        ("In Kraft seit", deutsch(r.richtlinie.in_kraft_ab)),
        ("Stichtag", deutsch(ctx.auswertung.stichtag)),
    ];
    angaben_schreiben(
        ws,
        f,
        (2, &f.fett),
        angaben.iter().map(|(k, v)| (Some(*k), Wert::text(v))),
    )?;

    let mut z = gruppen(ws, ctx, 8)?;
    z += 1;
    ws.text_f(z, 0, "Als Beratung zählende Vermerktypen", &f.untertitel)?;
    z = angaben_schreiben(
        ws,
        f,
        (z + 1, &f.text),
        r.beratung
            .vermerktypen
            .iter()
            .map(|t| (None, Wert::text(t))),
    )?;

    z += 1;
    ws.text_f(z, 0, "Berechnung", &f.untertitel)?;
    z += 1;
    let texte = [
        "Auswertungsbestand: Zugangsdatum ≤ Stichtag, kein Abgangsdatum oder Abgang nach dem Stichtag, kein Sperrkennzeichen, nicht vollzeitschulpflichtig.",
        "Alter: vollendete Lebensjahre am Stichtag (§§ 187 Abs. 2, 188 BGB); am 29. Februar Geborene werden in Nicht-Schaltjahren am 1. März ein Jahr älter.",
        "Tage seit letzter Beratung: Stichtag minus Datum des letzten Beratungsvermerks bis zum Stichtag; ohne Beratungsvermerk ab dem Zugangsdatum („noch nie beraten“).",
        "Zielwert / Mindestwert eingehalten: Tage ≤ Zielwert bzw. ≤ Mindestwert der Kundengruppe; überfällig: Tage > Mindestwert.",
        "Zuordnung: Team laut Kundenexport, Geschäftsstelle laut Organisationsliste des Monats; ohne Team „(ohne Team)“, ein Team, das die Organisationsliste nicht kennt, unter „(nicht zugeordnet)“ – beides Klärungsfälle für das Controlling.",
    ];
    for t in texte {
        // The sheet's columns: about 150 width units.
        z = hinweiszeilen(ws, (z, 0), (t, 160), &f.text)?;
    }
    z += 1;
    ws.text_f(
        z,
        0,
        "Ampel (Anteil Mindestwert eingehalten)",
        &f.untertitel,
    )?;
    angaben_schreiben(
        ws,
        f,
        (z + 1, &f.text),
        [
            (Some("gelb unter"), Wert::Zahl(r.ampel.gelb_unter, Anteil)),
            (Some("rot unter"), Wert::Zahl(r.ampel.rot_unter, Anteil)),
        ],
    )?;
    fassungen(ws, ctx, z + 4)?;

    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 36)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, 12)?;
    ws.set_column_width(4, 62)?;
    druckeinrichtung(ws, ctx.auswertung);
    Ok(())
}

/// The customer groups of the version applied, in rank order, from row `z`. Returns the
/// next free row.
fn gruppen(ws: &mut Worksheet, ctx: &Kontext, z: u32) -> Result<u32, XlsxError> {
    let (f, r) = (&ctx.formate, ctx.fassung);
    ws.text_f(
        z,
        0,
        "Kundengruppen (die erste zutreffende Gruppe gilt)",
        &f.untertitel,
    )?;
    let t = Tabelle::neu("Regeln Kundengruppen")
        .blattspalte("Rang", |(i, _): &(usize, &Gruppenregel)| {
            Wert::anzahl(*i as u64 + 1)
        })
        .blattspalte("Kundengruppe", |(_, g)| Wert::text(&g.name))
        .blattspalte("Zielwert (Tage)", |(_, g)| Wert::anzahl(g.zielwert.into()))
        .blattspalte("Mindestwert (Tage)", |(_, g)| {
            Wert::anzahl(g.mindestwert.into())
        })
        // In words: the condition's SQL is for the audit (Prüfprotokoll), not for managers.
        .blattspalte("Wer dazugehört", |(_, g)| match &g.bedingung {
            Some(b) => Wert::Text(b.in_worten().into()),
            None => Wert::text("alle übrigen Kund:innen"),
        })
        .umbrechen();
    let zeilen: Vec<(usize, &Gruppenregel)> = r.gruppen.iter().enumerate().collect();
    tabelle_schreiben(ws, f, z + 1, &t, &zeilen)
}

/// The versions of the rules file: which one this month applies, which others it holds (a
/// re-run of another month may apply another).
fn fassungen(ws: &mut Worksheet, ctx: &Kontext, z: u32) -> Result<(), XlsxError> {
    let f = &ctx.formate;
    ws.text_f(z, 0, "Fassungen der Regeldatei", &f.untertitel)?;
    // The title last: it may run on into the empty columns to its right.
    let angewandt = &ctx.fassung.richtlinie.version;
    let t = Tabelle::neu("Regeln Fassungen")
        .blattspalte("Version", |x: &Fassung| Wert::text(&x.richtlinie.version))
        .blattspalte("In Kraft ab", |x| {
            Wert::Text(deutsch(x.richtlinie.in_kraft_ab).into())
        })
        .blattspalte("Angewandt", move |x| {
            Wert::Flag(x.richtlinie.version == *angewandt)
        })
        .blattspalte("Titel", |x| Wert::text(&x.richtlinie.titel));
    tabelle_schreiben(ws, f, z + 1, &t, &ctx.werk.fassungen)?;
    Ok(())
}

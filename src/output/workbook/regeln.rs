//! Sheet „Regeln“: the rules applied, so a reader can check any figure by hand.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::{druckeinrichtung, Kontext};
use crate::ingest::dates::deutsch;
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{kopfzeile, tabelle};

pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name("Regeln")?;
    let (f, r) = (&ctx.formate, ctx.regeln);
    ws.text_f(0, 0, "Angewandte Regeln", &f.titel)?;
    let angaben = [
        ("Richtlinie", r.richtlinie.titel.clone()),
        ("Version", r.richtlinie.version.clone()),
        ("Aktenzeichen", r.richtlinie.aktenzeichen.clone()),
        ("In Kraft seit", deutsch(r.richtlinie.in_kraft_ab)),
        ("Stichtag", deutsch(ctx.auswertung.stichtag)),
    ];
    for (i, (k, v)) in angaben.iter().enumerate() {
        ws.text_f(2 + i as u32, 0, *k, &f.fett)?;
        ws.text(2 + i as u32, 1, v)?;
    }

    let mut z = gruppen(ws, ctx, 8)?;
    z += 1;
    ws.text_f(z, 0, "Als Beratung zählende Vermerktypen", &f.untertitel)?;
    z += 1;
    for t in &r.beratung.vermerktypen {
        ws.text(z, 1, t)?;
        z += 1;
    }

    z += 1;
    ws.text_f(z, 0, "Berechnung", &f.untertitel)?;
    z += 1;
    let texte = [
        "Auswertungsbestand: Zugangsdatum ≤ Stichtag, kein Abgangsdatum oder Abgang nach dem Stichtag, kein Sperrkennzeichen, nicht vollzeitschulpflichtig.",
        "Alter: vollendete Lebensjahre am Stichtag (§§ 187 Abs. 2, 188 BGB); am 29. Februar Geborene werden in Nicht-Schaltjahren am 1. März ein Jahr älter.",
        "Tage seit letzter Beratung: Stichtag minus Datum des letzten Beratungsvermerks bis zum Stichtag; ohne Beratungsvermerk ab dem Zugangsdatum („noch nie beraten“).",
        "Zielwert / Mindestwert eingehalten: Tage ≤ Zielwert bzw. ≤ Mindestwert der Kundengruppe; überfällig: Tage > Mindestwert.",
        "Zuordnung: Team laut kunden.csv, Geschäftsstelle laut organisation.csv; ohne Team „(ohne Team)“, unbekanntes Team → „(nicht zugeordnet)“.",
    ];
    for t in texte {
        ws.text(z, 0, t)?;
        z += 1;
    }
    z += 1;
    ws.text_f(
        z,
        0,
        "Ampel (Anteil Mindestwert eingehalten)",
        &f.untertitel,
    )?;
    ws.text(z + 1, 0, "gelb unter")?;
    ws.zahl(z + 1, 1, r.ampel.gelb_unter, &f.anteil)?;
    ws.text(z + 2, 0, "rot unter")?;
    ws.zahl(z + 2, 1, r.ampel.rot_unter, &f.anteil)?;
    fassungen(ws, ctx, z + 4)?;

    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(3, 14)?;
    ws.set_column_width(4, 14)?;
    ws.set_column_width(5, 60)?;
    druckeinrichtung(ws, ctx.auswertung);
    Ok(())
}

/// The customer groups of the version applied, in rank order, from row `z`. Returns the
/// next free row.
fn gruppen(ws: &mut Worksheet, ctx: &Kontext, mut z: u32) -> Result<u32, XlsxError> {
    let (f, r) = (&ctx.formate, ctx.regeln);
    ws.text_f(
        z,
        0,
        "Kundengruppen (die erste zutreffende Gruppe gilt)",
        &f.untertitel,
    )?;
    let koepfe = [
        "Rang",
        "Kundengruppe",
        "Kennung",
        "Zielwert (Tage)",
        "Mindestwert (Tage)",
        "Bedingung",
    ];
    let kopf = z + 1;
    kopfzeile(ws, f, kopf, 0, &koepfe)?;
    z += 2;
    for (i, regel) in r.gruppen.iter().enumerate() {
        ws.write_number(z, 0, (i + 1) as f64)?;
        ws.text(z, 1, &regel.name)?;
        ws.text(z, 2, &regel.id)?;
        ws.zahl(z, 3, f64::from(regel.zielwert), &f.ganz)?;
        ws.zahl(z, 4, f64::from(regel.mindestwert), &f.ganz)?;
        let bedingung = regel
            .bedingung_text
            .as_deref()
            .unwrap_or("alle übrigen Kund:innen");
        ws.text(z, 5, bedingung)?;
        z += 1;
    }
    tabelle(ws, f, "Regeln Kundengruppen", (kopf, 0), z - 1, &koepfe)?;
    Ok(z)
}

/// The versions of the rules file: which one this month applies, which others it holds (a
/// re-run of another month may apply another).
fn fassungen(ws: &mut Worksheet, ctx: &Kontext, mut z: u32) -> Result<(), XlsxError> {
    let f = &ctx.formate;
    ws.text_f(z, 0, "Fassungen der Regeldatei", &f.untertitel)?;
    // The title last: it may run on into the empty columns to its right.
    let koepfe = ["Version", "In Kraft ab", "Angewandt", "Titel"];
    let kopf = z + 1;
    kopfzeile(ws, f, kopf, 0, &koepfe)?;
    z += 2;
    for x in &ctx.werk.fassungen {
        let r = &x.richtlinie;
        ws.text(z, 0, &r.version)?;
        ws.text(z, 1, deutsch(r.in_kraft_ab))?;
        let angewandt = r.version == ctx.regeln.richtlinie.version;
        ws.text(z, 2, if angewandt { "ja" } else { "nein" })?;
        ws.text(z, 3, &r.titel)?;
        z += 1;
    }
    tabelle(ws, f, "Regeln Fassungen", (kopf, 0), z - 1, &koepfe)?;
    Ok(())
}

//! Sheet „Prüfprotokoll“: the evidence behind the figures — every input file with rows and
//! SHA-256, the reconciliation of customers and notes, and every rejected row.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::Kontext;
use crate::bestand::KundenBilanz;
use crate::output::endlich::Zahlzelle;
use crate::output::excel::druck;
use crate::output::excel::{kopfzeile, tabelle};
use crate::rules::bestand::Ausschluss;

/// Recipient of the audit workbook: controlling, never management (it holds raw input rows).
const EMPFAENGER_PRUEFUNG: &str = "Controlling (48)";

/// The rejected rows the audit workbook lists (those the run keeps in memory): beyond them
/// the workbook gives the count and points to `abgewiesen.csv`, which always holds every row.
const MAX_ABWEISUNGEN: usize = crate::ingest::abweisungen::IM_SPEICHER;

pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name("Prüfprotokoll")?;
    let a = ctx.auswertung;
    ws.text_f(0, 0, "Prüfprotokoll", &ctx.formate.titel)?;
    let mut z = dateien(ws, ctx, 2)?;
    z = abgleich(
        ws,
        ctx,
        z,
        "Abgleich Kund:innen (kunden.csv)",
        (a.kunden.gelesen, &kundenposten(&a.kunden)),
    )?;
    let v = &a.vermerke;
    z = abgleich(
        ws,
        ctx,
        z,
        "Abgleich Vermerke (vermerke.csv aller Monate bis Stichtag)",
        (
            v.gelesen,
            &[
                (
                    "verwendet (Beratung von Kund:innen im Bestand)",
                    v.verwendet,
                ),
                ("Vermerkdatum nach dem Stichtag", v.nach_stichtag),
                (
                    "kein Beratungsvermerk (Vermerktyp)",
                    v.kein_beratungsvermerk,
                ),
                (
                    "Kund:in nicht im Auswertungsbestand",
                    v.ohne_kunde_im_bestand,
                ),
                ("abgewiesen (siehe unten)", v.abgewiesen),
            ]
            .map(|(n, z)| (n.to_string(), z)),
        ),
    )?;
    if let Some(t) = &a.termine {
        let b = &t.bilanz;
        z = abgleich(
            ws,
            ctx,
            z,
            "Abgleich Termine (termine.csv des Monats)",
            (
                b.gelesen,
                &[
                    (
                        "verwendet (Termin im Monat, Kund:in im Bestand)",
                        b.verwendet,
                    ),
                    ("Termindatum vor dem Monat", b.vor_monat),
                    ("Termindatum nach dem Stichtag", b.nach_stichtag),
                    (
                        "Kund:in nicht im Auswertungsbestand",
                        b.ohne_kunde_im_bestand,
                    ),
                    ("abgewiesen (siehe unten)", b.abgewiesen),
                ]
                .map(|(n, z)| (n.to_string(), z)),
            ),
        )?;
    }
    abgewiesene(ws, ctx, z + 1)?;
    ws.set_column_width(0, 52)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 60)?;
    ws.set_column_width(3, 66)?;
    ws.set_column_width(4, 44)?;
    druck(ws, a.stichtag, EMPFAENGER_PRUEFUNG);
    Ok(())
}

/// „Eingelesene Dateien“ from row `z`: every file read, with rows, encoding, SHA-256 and
/// absent optional columns. Returns the next free row.
fn dateien(ws: &mut Worksheet, ctx: &Kontext, mut z: u32) -> Result<u32, XlsxError> {
    let f = &ctx.formate;
    ws.text_f(z, 0, "Eingelesene Dateien", &f.untertitel)?;
    let koepfe = [
        "Datei",
        "Zeilen",
        "Kodierung",
        "SHA-256",
        "Fehlende Spalten",
    ];
    let kopf = z + 1;
    kopfzeile(ws, f, kopf, 0, &koepfe)?;
    z += 2;
    for d in &ctx.buch.eingaben {
        ws.text(z, 0, &d.pfad)?;
        ws.zahl(z, 1, d.zeilen as f64, &f.ganz)?;
        ws.text(
            z,
            2,
            serde_json::to_value(d.kodierung)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
        )?;
        ws.text(z, 3, &d.sha256)?;
        let fehlend: Vec<String> = d
            .fehlende_spalten
            .iter()
            .map(|s| format!("{} ({})", s.spalte, s.folge))
            .collect();
        ws.text(z, 4, fehlend.join("; "))?;
        z += 1;
    }
    tabelle(ws, f, "Eingelesene Dateien", (kopf, 0), z - 1, &koepfe)?;
    Ok(z)
}

/// The customer reconciliation's positions: population, rejected, each exclusion of SPEC §3.
fn kundenposten(k: &KundenBilanz) -> Vec<(String, u64)> {
    let mut posten = vec![
        ("Auswertungsbestand".to_string(), k.auswertungsbestand),
        ("abgewiesen (siehe unten)".to_string(), k.abgewiesen),
    ];
    for grund in Ausschluss::ALLE {
        let n = match grund {
            Ausschluss::NochNichtZugegangen => k.noch_nicht_zugegangen,
            Ausschluss::Abgemeldet => k.abgemeldet,
            Ausschluss::Sperrkennzeichen => k.sperrkennzeichen,
            Ausschluss::Vollzeitschulpflicht => k.vollzeitschulpflicht,
        };
        posten.push((format!("ausgeschlossen: {}", grund.bezeichnung()), n));
    }
    posten
}

/// One reconciliation after a blank row: its title, header and [`bilanz`]. Returns the next
/// free row.
fn abgleich(
    ws: &mut Worksheet,
    ctx: &Kontext,
    z: u32,
    titel: &str,
    (gelesen, posten): (u64, &[(String, u64)]),
) -> Result<u32, XlsxError> {
    let f = &ctx.formate;
    ws.text_f(z + 1, 0, titel, &f.untertitel)?;
    let koepfe = ["Position", "Zeilen"];
    kopfzeile(ws, f, z + 2, 0, &koepfe)?;
    let frei = bilanz(ws, ctx, z + 3, "gelesen", gelesen, posten)?;
    tabelle(ws, f, titel, (z + 2, 0), frei - 1, &koepfe)?;
    Ok(frei)
}

/// „Abgewiesene Zeilen“ from row `z`: the rejected rows the run keeps in memory, filterable,
/// and how many more `abgewiesen.csv` lists.
fn abgewiesene(ws: &mut Worksheet, ctx: &Kontext, mut z: u32) -> Result<(), XlsxError> {
    let f = &ctx.formate;
    ws.text_f(z, 0, "Abgewiesene Zeilen", &f.untertitel)?;
    z += 1;
    if ctx.buch.abweisungen.is_empty() {
        ws.text_f(z, 0, "Keine Zeile wurde abgewiesen.", &f.hinweis)?;
        return Ok(());
    }
    let koepfe = ["Datei", "Zeile", "Grund", "Inhalt der Zeile"];
    kopfzeile(ws, f, z, 0, &koepfe)?;
    let kopf = z;
    for ab in ctx.buch.abweisungen.erste(MAX_ABWEISUNGEN) {
        z += 1;
        ws.text(z, 0, &ab.datei)?;
        ws.zahl(z, 1, ab.zeile as f64, &f.ganz)?;
        ws.text(z, 2, &ab.grund)?;
        ws.text(z, 3, &ab.roh)?;
    }
    tabelle(ws, f, "Abgewiesene Zeilen", (kopf, 0), z, &koepfe)?;
    if ctx.buch.abweisungen.len() > MAX_ABWEISUNGEN as u64 {
        ws.text_f(
            z + 1,
            0,
            format!(
                "… und {} weitere abgewiesene Zeilen: vollständige Liste in abgewiesen.csv",
                ctx.buch.abweisungen.len() - MAX_ABWEISUNGEN as u64
            ),
            &f.hinweis,
        )?;
    }
    Ok(())
}

/// Writes the positions of a reconciliation and its total; says whether they add up.
fn bilanz(
    ws: &mut Worksheet,
    ctx: &Kontext,
    mut z: u32,
    gesamt_name: &str,
    gesamt: u64,
    posten: &[(String, u64)],
) -> Result<u32, XlsxError> {
    let f = &ctx.formate;
    for (name, n) in posten {
        ws.text(z, 0, name)?;
        ws.zahl(z, 1, *n as f64, &f.ganz)?;
        z += 1;
    }
    ws.text_f(z, 0, format!("Summe = {gesamt_name}"), &f.summe_text)?;
    ws.zahl(z, 1, gesamt as f64, &f.summe_ganz)?;
    let summe: u64 = posten.iter().map(|(_, n)| n).sum();
    let urteil = if summe == gesamt {
        "Abgleich stimmt: jede gelesene Zeile ist genau einmal zugeordnet."
    } else {
        "ABGLEICH STIMMT NICHT: bitte dem Controlling melden."
    };
    ws.text_f(z, 2, urteil, &f.hinweis)?;
    Ok(z + 1)
}

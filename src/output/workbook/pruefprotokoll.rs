//! Sheet „Prüfprotokoll“: the evidence behind the figures — every input file with rows and
//! SHA-256, the reconciliation of customers and notes, and every rejected row.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::Kontext;
use crate::bestand::KundenBilanz;
use crate::ingest::Abweisung;
use crate::ingest::Eingabedatei;
use crate::output::excel::Blattart;
use crate::output::excel::{druck, tabelle_schreiben, Textzelle};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::bestand::Ausschluss;

/// The sheet „Prüfprotokoll“.
pub(crate) const PRUEFPROTOKOLL: Blattart = Blattart {
    name: "Prüfprotokoll",
    inhalt: "Eingabedateien, Abgleich, abgewiesene Zeilen",
    erklaerung: None,
};

/// Recipient of the audit workbook: controlling, never management (it holds raw input rows).
const EMPFAENGER_PRUEFUNG: &str = "Controlling (48)";

/// The rejected rows the audit workbook lists (those the run keeps in memory): beyond them
/// the workbook gives the count and points to `abgewiesen.csv`, which always holds every row.
const MAX_ABWEISUNGEN: usize = crate::ingest::abweisungen::IM_SPEICHER;

pub(super) fn blatt(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    ws.set_name(PRUEFPROTOKOLL.name)?;
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
fn dateien(ws: &mut Worksheet, ctx: &Kontext, z: u32) -> Result<u32, XlsxError> {
    let f = &ctx.formate;
    ws.text_f(z, 0, "Eingelesene Dateien", &f.untertitel)?;
    let t = Tabelle::neu("Eingelesene Dateien")
        .blattspalte("Datei", |d: &Eingabedatei| Wert::text(&d.pfad))
        .blattspalte("Zeilen", |d| Wert::anzahl(d.zeilen))
        .blattspalte("Kodierung", |d| {
            Wert::Text(
                serde_json::to_value(d.kodierung)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
                    .into(),
            )
        })
        .blattspalte("SHA-256", |d| Wert::text(&d.sha256))
        .blattspalte("Fehlende Spalten", |d| {
            let fehlend: Vec<String> = d
                .fehlende_spalten
                .iter()
                .map(|s| format!("{} ({})", s.spalte, s.folge))
                .collect();
            Wert::Text(fehlend.join("; ").into())
        });
    tabelle_schreiben(ws, f, z + 1, &t, &ctx.buch.eingaben)
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

/// One reconciliation after a blank row: its title, its positions and their total (`gelesen`),
/// and in words whether they add up. Returns the next free row.
fn abgleich(
    ws: &mut Worksheet,
    ctx: &Kontext,
    z: u32,
    titel: &str,
    (gelesen, posten): (u64, &[(String, u64)]),
) -> Result<u32, XlsxError> {
    let f = &ctx.formate;
    ws.text_f(z + 1, 0, titel, &f.untertitel)?;
    let t = Tabelle::neu(titel)
        .blattspalte("Position", |(p, _): &(String, u64)| Wert::text(p))
        .blattspalte("Zeilen", |(_, n)| Wert::anzahl(*n))
        .summe_wenn(move |(p, _)| p == SUMME_GELESEN);
    let mut zeilen = posten.to_vec();
    zeilen.push((SUMME_GELESEN.to_string(), gelesen));
    let frei = tabelle_schreiben(ws, f, z + 2, &t, &zeilen)?;
    let urteil = if posten.iter().map(|(_, n)| n).sum::<u64>() == gelesen {
        "Abgleich stimmt: jede gelesene Zeile ist genau einmal zugeordnet."
    } else {
        "ABGLEICH STIMMT NICHT: bitte dem Controlling melden."
    };
    // Beside the total (the table's last row), outside the table: a verdict, not a position.
    ws.text_f(frei - 1, 2, urteil, &f.hinweis)?;
    Ok(frei)
}

/// The total row of every reconciliation.
const SUMME_GELESEN: &str = "Summe = gelesen";

/// „Abgewiesene Zeilen“ from row `z`: the rejected rows the run keeps in memory, filterable,
/// and how many more `abgewiesen.csv` lists.
fn abgewiesene(ws: &mut Worksheet, ctx: &Kontext, z: u32) -> Result<(), XlsxError> {
    let f = &ctx.formate;
    ws.text_f(z, 0, "Abgewiesene Zeilen", &f.untertitel)?;
    let t = Tabelle::neu("Abgewiesene Zeilen")
        .blattspalte("Datei", |a: &&Abweisung| Wert::text(&a.datei))
        .blattspalte("Zeile", |a| Wert::anzahl(a.zeile))
        .blattspalte("Grund", |a| Wert::text(&a.grund))
        .blattspalte("Inhalt der Zeile", |a| Wert::text(&a.roh))
        .leer("Keine Zeile wurde abgewiesen.");
    let zeilen = ctx.buch.abweisungen.erste(MAX_ABWEISUNGEN);
    let frei = tabelle_schreiben(ws, f, z + 1, &t, &zeilen)?;
    if ctx.buch.abweisungen.len() > MAX_ABWEISUNGEN as u64 {
        ws.text_f(
            frei,
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

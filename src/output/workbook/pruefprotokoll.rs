//! The audit workbook's sheets: the evidence behind the figures — the run (programme, rules
//! and their hash, column mapping, notes history), every input file with rows and SHA-256,
//! the reconciliation of customers, notes and appointments, every rejected row, every other
//! output with its SHA-256. One table per sheet.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::Kontext;
use crate::bestand::KundenBilanz;
use crate::ingest::Abweisung;
use crate::ingest::Eingabedatei;
use crate::katalog::KUNDEN;
use crate::output::excel::Blattart;
use crate::output::excel::{inhalt, tabelle_schreiben, tabellenblatt, Textzelle};
use crate::output::record::AusgabeEintrag;
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::bestand::Ausschluss;

/// The sheet „Prüfprotokoll“.
pub(crate) const PRUEFPROTOKOLL: Blattart = Blattart {
    name: "Prüfprotokoll",
    inhalt: "Lauf, Eingabedateien, Abgleich, abgewiesene Zeilen, Ausgabedateien",
    erklaerung: None,
};

/// Recipient of the audit workbook: controlling, never management (it holds raw input rows).
const EMPFAENGER_PRUEFUNG: &str = "Controlling (48)";

/// The rejected rows the audit workbook lists (those the run keeps in memory): beyond them
/// the workbook gives the count and points to `abgewiesen.csv`, which always holds every row.
const MAX_ABWEISUNGEN: usize = crate::ingest::abweisungen::IM_SPEICHER;

/// What the audit workbook states about the run besides the context: the rules file's
/// source and SHA-256, and every other output with its SHA-256.
pub(crate) struct Nachweis<'a> {
    pub regeln_quelle: &'a str,
    pub regeln_sha256: &'a str,
    pub ausgaben: &'a [AusgabeEintrag],
}

/// The audit workbook's sheets, one table each (a printed page never holds half of two): the
/// run, the files read, the reconciliations, the rejected rows, the outputs.
pub(super) fn blaetter(
    wb: &mut rust_xlsxwriter::Workbook,
    ctx: &Kontext,
    n: &Nachweis,
) -> Result<(), XlsxError> {
    let stichtag = ctx.auswertung.stichtag;
    let frei = lauf(wb.add_worksheet(), ctx, n)?;
    let ws = wb.add_worksheet().set_name(DATEIEN.name)?;
    let t = dateien_tabelle();
    tabelle_schreiben(ws, &ctx.formate, 0, &t, &ctx.buch.eingaben)?;
    tabellenblatt(ws, 0, &t, (stichtag, EMPFAENGER_PRUEFUNG))?;
    abgleich(wb.add_worksheet().set_name(ABGLEICH.name)?, ctx)?;
    abgewiesene(wb.add_worksheet().set_name(ABGEWIESEN.name)?, ctx)?;
    let ws = wb.add_worksheet().set_name(AUSGABEN.name)?;
    let t = Tabelle::neu("Ausgabedateien")
        .blattspalte("Datei", |a: &AusgabeEintrag| Wert::text(&a.datei))
        .blattspalte("SHA-256", |a| Wert::text(&a.sha256))
        .breiten(44.0, 70.0)
        .leer("Keine weiteren Ausgabedateien.");
    tabelle_schreiben(ws, &ctx.formate, 0, &t, n.ausgaben)?;
    tabellenblatt(ws, 0, &t, (stichtag, EMPFAENGER_PRUEFUNG))?;
    inhalt(
        wb,
        &ctx.formate,
        (0, frei + 1),
        &[&DATEIEN, &ABGLEICH, &ABGEWIESEN, &AUSGABEN],
    )?;
    Ok(())
}

/// The audit workbook's other sheets, for its table of contents.
const DATEIEN: Blattart = Blattart {
    name: "Eingelesene Dateien",
    inhalt: "jede gelesene Datei mit Zeilen, Kodierung und SHA-256",
    erklaerung: None,
};
const ABGLEICH: Blattart = Blattart {
    name: "Abgleich",
    inhalt: "jede gelesene Zeile genau einmal zugeordnet",
    erklaerung: None,
};
const ABGEWIESEN: Blattart = Blattart {
    name: "Abgewiesene Zeilen",
    inhalt: "Datei, Zeile, Grund und Inhalt jeder abgewiesenen Zeile",
    erklaerung: None,
};
const AUSGABEN: Blattart = Blattart {
    name: "Ausgabedateien",
    inhalt: "jede weitere Ausgabedatei mit SHA-256",
    erklaerung: None,
};

/// „Lauf“: the month, the programme and the rules that made the figures, the column mapping
/// and how far back the notes go.
fn lauf(ws: &mut Worksheet, ctx: &Kontext, n: &Nachweis) -> Result<u32, XlsxError> {
    ws.set_name(PRUEFPROTOKOLL.name)?;
    let (a, f, r) = (ctx.auswertung, &ctx.formate, ctx.fassung);
    ws.text_f(0, 0, "Prüfprotokoll", &f.titel)?;
    let mut zeilen: Vec<(String, String)> = vec![
        ("Monat".into(), a.monat.to_string()),
        ("Stichtag".into(), crate::ingest::dates::deutsch(a.stichtag)),
        (
            "Programm".into(),
            format!("beratungsreport {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            "Regeln".into(),
            format!(
                "{} (Version {}, in Kraft seit {})",
                r.richtlinie.titel,
                r.richtlinie.version,
                crate::ingest::dates::deutsch(r.richtlinie.in_kraft_ab)
            ),
        ),
        ("Regeldatei".into(), n.regeln_quelle.to_string()),
        ("SHA-256 der Regeldatei".into(), n.regeln_sha256.to_string()),
        (
            "Vermerke ausgewertet ab".into(),
            a.vermerke_ab.map_or(
                "keine Vermerke gelesen".into(),
                crate::ingest::dates::deutsch,
            ),
        ),
        (
            "Abgewiesene Zeilen".into(),
            format!(
                "{} (Blatt „Abgewiesene Zeilen“, vollständig in abgewiesen.csv)",
                ctx.buch.abweisungen.len()
            ),
        ),
    ];
    // The groups' conditions as the rules file writes them (the managers' Regeln sheet says
    // them in words).
    for g in &r.gruppen {
        zeilen.push((
            format!("Kundengruppe {} ({})", g.name, g.id),
            g.bedingung_text
                .clone()
                .unwrap_or_else(|| "alle übrigen Kund:innen".into()),
        ));
    }
    for (export, umbenennung) in &a.spalten.0 {
        for (vertrag, kopf) in umbenennung {
            zeilen.push((
                format!("Spaltenzuordnung {export}"),
                format!("„{kopf}“ gelesen als „{vertrag}“"),
            ));
        }
    }
    if a.spalten.0.is_empty() {
        zeilen.push((
            "Spaltenzuordnung".into(),
            "keine (Spaltennamen wie in der Schnittstelle)".into(),
        ));
    }
    let t = Tabelle::neu("Lauf")
        .blattspalte("Angabe", |(n, _): &(String, String)| Wert::text(n))
        .blattspalte("Wert", |(_, w)| Wert::text(w))
        .breiten(50.0, 90.0);
    let frei = tabelle_schreiben(ws, f, 2, &t, &zeilen)?;
    tabellenblatt(ws, 2, &t, (a.stichtag, EMPFAENGER_PRUEFUNG))?;
    Ok(frei)
}

/// „Eingelesene Dateien“: every file read, with rows, encoding, SHA-256 and absent optional
/// columns — the hash in the file's row.
fn dateien_tabelle<'a>() -> Tabelle<'a, Eingabedatei> {
    Tabelle::neu("Eingelesene Dateien")
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
        .breite(66.0)
        .blattspalte("Fehlende Spalten", |d| {
            let fehlend: Vec<String> = d
                .fehlende_spalten
                .iter()
                .map(|s| format!("{} ({})", s.spalte, s.folge))
                .collect();
            Wert::Text(fehlend.join("; ").into())
        })
        .breite(40.0)
        .breiten(24.0, 11.0)
        .umbrechen()
}

/// The customer reconciliation's positions: population, rejected, each exclusion of SPEC §3.
fn kundenposten(k: &KundenBilanz) -> Vec<(String, u64)> {
    let mut posten = vec![
        ("Auswertungsbestand".to_string(), k.auswertungsbestand),
        ("abgewiesen".to_string(), k.abgewiesen),
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

/// The total row of every reconciliation.
const SUMME_GELESEN: &str = "Summe = gelesen";

/// One reconciliation: its area, the rows read, its positions.
type Bereich = (&'static str, u64, Vec<(String, u64)>);

/// One line of the reconciliations: its area, position and count (a total row is the area's
/// „Summe = gelesen“).
type Posten = (&'static str, String, u64);

/// „Abgleich“: the reconciliations of customers, notes and appointments in one table (area,
/// position, rows; each area's total), and for each in words whether it adds up.
fn abgleich(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    let (a, f) = (ctx.auswertung, &ctx.formate);
    let v = &a.vermerke;
    let mut bereiche: Vec<Bereich> = vec![
        (KUNDEN.kopf, a.kunden.gelesen, kundenposten(&a.kunden)),
        (
            "Vermerke",
            v.gelesen,
            [
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
                ("abgewiesen", v.abgewiesen),
            ]
            .map(|(n, z)| (n.to_string(), z))
            .to_vec(),
        ),
    ];
    if let Some(t) = &a.termine {
        let b = &t.bilanz;
        bereiche.push((
            "Termine",
            b.gelesen,
            [
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
                ("abgewiesen", b.abgewiesen),
            ]
            .map(|(n, z)| (n.to_string(), z))
            .to_vec(),
        ));
    }
    let mut zeilen: Vec<Posten> = Vec::new();
    let mut urteile = Vec::new();
    for (bereich, gelesen, posten) in &bereiche {
        let summe: u64 = posten.iter().map(|(_, n)| n).sum();
        zeilen.extend(posten.iter().map(|(p, n)| (*bereich, p.clone(), *n)));
        zeilen.push((bereich, SUMME_GELESEN.to_string(), *gelesen));
        urteile.push(if summe == *gelesen {
            format!("{bereich}: Abgleich stimmt – jede gelesene Zeile ist genau einmal zugeordnet.")
        } else {
            format!("{bereich}: ABGLEICH STIMMT NICHT – bitte dem Controlling melden.")
        });
    }
    let t = Tabelle::neu("Abgleich")
        .blattspalte("Bereich", |(b, _, _): &Posten| Wert::text(b))
        .blattspalte("Position", |(_, p, _)| Wert::text(p))
        .blattspalte("Zeilen", |(_, _, n)| Wert::anzahl(*n))
        .summe_wenn(|(_, p, _)| p == SUMME_GELESEN)
        .breiten(14.0, 12.0)
        .breite(12.0);
    let frei = tabelle_schreiben(ws, f, 0, &t, &zeilen)?;
    for (z, u) in (frei..).zip(urteile) {
        ws.text_f(z, 0, u, &f.hinweis)?;
    }
    tabellenblatt(ws, 0, &t, (a.stichtag, EMPFAENGER_PRUEFUNG))?;
    ws.set_column_width(1, 52)?;
    Ok(())
}

/// „Abgewiesene Zeilen“: the rejected rows the run keeps in memory, each with its file, line,
/// reason and raw text in one row (wrapped, never cut), and how many more `abgewiesen.csv`
/// lists.
fn abgewiesene(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    let f = &ctx.formate;
    let t = Tabelle::neu("Abgewiesene Zeilen")
        .blattspalte("Datei", |a: &&Abweisung| Wert::text(&a.datei))
        .blattspalte("Zeile", |a| Wert::anzahl(a.zeile))
        .breite(8.0)
        .blattspalte("Grund", |a| Wert::text(&a.grund))
        .breite(50.0)
        .blattspalte("Inhalt der Zeile", |a| Wert::text(&a.roh))
        .breite(60.0)
        .breiten(24.0, 8.0)
        .umbrechen()
        .leer("Keine Zeile wurde abgewiesen.");
    let zeilen = ctx.buch.abweisungen.erste(MAX_ABWEISUNGEN);
    let frei = tabelle_schreiben(ws, f, 0, &t, &zeilen)?;
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
    tabellenblatt(ws, 0, &t, (ctx.auswertung.stichtag, EMPFAENGER_PRUEFUNG))?;
    Ok(())
}

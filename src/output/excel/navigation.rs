//! Links inside a workbook: the Übersicht lists every sheet as a link (a screen reader and a
//! keyboard user reach a sheet without the tab bar), and names the worklists with their
//! lengths as links.

use rust_xlsxwriter::{Url, Workbook, Worksheet, XlsxError};

use super::formate::Formate;
use super::grenzen::Textzelle;

/// An internal link to cell A1 of sheet `blatt`, shown as `text`.
pub(crate) fn verweis(
    ws: &mut Worksheet,
    (zeile, spalte): (u32, u16),
    blatt: &str,
    text: &str,
) -> Result<(), XlsxError> {
    let ziel = format!("internal:'{}'!A1", blatt.replace('\'', "''"));
    ws.write_url_with_text(zeile, spalte, Url::new(ziel), text)?;
    Ok(())
}

/// What a sheet of ours holds, for the table of contents (`None`: a sheet we do not know —
/// listed by its name only).
fn beschreibung(blatt: &str) -> Option<&'static str> {
    Some(match blatt {
        "Übersicht" => "Kennzahlen auf einen Blick",
        "Überfällig" => "Kund:innen über dem Mindestwert – zuerst beraten",
        "Demnächst fällig" => "Kund:innen, deren Frist bald abläuft",
        "Nachfassen" => "nicht wahrgenommene Termine und ihr Nachfassen",
        "Termintreue gefährdet" => "Kund:innen mit zwei Fehlterminen in Folge",
        "Geschäftsstellen" => "Kennzahlen je Geschäftsstelle",
        "Teams" => "Kennzahlen je Team",
        "Kundengruppen" => "Kennzahlen je Geschäftsstelle und Kundengruppe",
        "Termintreue" => "Termine, Nachfassen, Folgetermine (§ 5)",
        "Letzte Beratung" => "Kund:innen nach Zeit seit der letzten Beratung",
        "Gespräche" => "Beratungsgespräche im Monat nach Kontaktart",
        "Verlauf" => "die letzten 13 Monate",
        "Planung" => "Bedarf an Gesprächen, Zeit für Beratung, Nachhaltung",
        "Regeln" => "die angewandten Regeln der Geschäftsanweisung",
        "Erläuterungen" => "wie jede Kennzahl entsteht, Ampelregeln",
        "Prüfprotokoll" => "Eingabedateien, Abgleich, abgewiesene Zeilen",
        _ => return None,
    })
}

/// Writes „Inhalt“ on the first sheet from row `zeile` on: one link per other sheet, with
/// what it holds. Returns the next free row.
pub(crate) fn inhalt(wb: &mut Workbook, f: &Formate, zeile: u32) -> Result<u32, XlsxError> {
    let namen: Vec<String> = wb.worksheets_mut().iter().map(|w| w.name()).collect();
    let ws = wb.worksheet_from_index(0)?;
    ws.text_f(zeile, 0, "Inhalt dieser Arbeitsmappe", &f.untertitel)?;
    let mut z = zeile + 1;
    for name in namen.iter().skip(1) {
        verweis(ws, (z, 0), name, name)?;
        if let Some(b) = beschreibung(name) {
            ws.text(z, 1, b)?;
        }
        z += 1;
    }
    Ok(z)
}

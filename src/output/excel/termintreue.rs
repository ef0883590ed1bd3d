//! Sheet „Termintreue“ (directive §5): attendance, reminders, the no-show follow-up and the
//! next appointment agreed in the session, per unit and customer group. The same sheet serves
//! the Jobcenter workbook (per Geschäftsstelle) and every unit workbook (its own rows with the
//! Jobcenter's beside them); the caller picks the rows, this module only formats them.

use super::grenzen::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::ampel::{ampel, ampelwort, AMPEL_NACHFASS};
use super::blatt::Blattart;
use super::diagramm::prozent;
use super::formate::Formate;
use super::kennzahlen::{kennzahlen_schreiben, kopfbreiten, kopfzeile};
use super::seite::{druck, monatsname};
use super::tabelle::tabelle;
use crate::ingest::folders::Monat;
use crate::katalog::{self, Kennzahlzeile, Kundengruppe, NACHFASS_QUOTE, TERMINTREUE};
use crate::rules::Fassung;
use crate::termintreue::Termintreue;

/// The sheet „Termintreue“.
pub(crate) const TERMINTREUE_BLATT: Blattart = Blattart {
    name: "Termintreue",
    inhalt: "Termine, Nachfassen, Folgetermine (§ 5)",
    erklaerung: None,
};

/// The headings of the two key columns; the figures' headings follow from the catalog.
const SCHLUESSEL_KOEPFE: [&str; 2] = ["Einheit", "Kundengruppe"];

/// One unit of the sheet: its name and its rows (all customers first, then each group).
pub(crate) struct Terminblock<'a> {
    /// Shown in the first column.
    pub name: String,
    /// Printed bold with a rule above (the Jobcenter total).
    pub summe: bool,
    /// The unit's rows of `termintreue.csv`, `alle` first.
    pub zeilen: Vec<&'a Kennzahlzeile>,
}

/// The sheet. `termine` is `None` when month M has no `termine.csv`: the sheet then says so
/// instead of showing zeros.
#[allow(clippy::too_many_arguments)]
pub(crate) fn blatt(
    ws: &mut Worksheet,
    f: &Formate,
    fassung: &Fassung,
    monat: Monat,
    stichtag: chrono::NaiveDate,
    termine: Option<&Termintreue>,
    bloecke: &[Terminblock],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.text_f(
        0,
        0,
        format!(
            "Termintreue {} {} (Geschäftsanweisung § 5)",
            monatsname(monat.monat),
            monat.jahr
        ),
        &f.titel,
    )?;
    druck(ws, stichtag, empfaenger);
    let Some(t) = termine else {
        ws.text_f(
            2,
            0,
            format!(
                "Für {} {} liegen keine Termindaten vor (termine.csv fehlt im Monatsordner).",
                monatsname(monat.monat),
                monat.jahr
            ),
            &f.hinweis,
        )?;
        ws.set_column_width(0, 30)?;
        return Ok(());
    };
    hinweise_schreiben(ws, f, t, fassung)?;
    let kopf = 6u32;
    let mut koepfe = SCHLUESSEL_KOEPFE.to_vec();
    koepfe.extend(katalog::koepfe(TERMINTREUE));
    koepfe.push(AMPEL_NACHFASS);
    let letzte = koepfe.len() as u16 - 1;
    kopfzeile(ws, f, kopf, 0, &koepfe)?;
    let erste_zahl = SCHLUESSEL_KOEPFE.len() as u16;
    let z = bloecke_schreiben(ws, f, fassung, bloecke, (kopf + 1, erste_zahl))?;
    if z == kopf + 1 {
        ws.text_f(
            z,
            0,
            "Keine Termine im Monat von Kund:innen dieser Einheit.",
            &f.hinweis,
        )?;
    } else {
        // Amber / red where the follow-up quote is below the rules' thresholds, on every
        // row (the unit's own and the comparison); a row without a quote says „–“.
        ampel(ws, (kopf + 1, z - 1), letzte, letzte)?;
        tabelle(ws, f, "Termintreue", (kopf, 0), z - 1, &koepfe)?;
    }
    ws.set_freeze_panes(kopf + 1, 2)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 30)?;
    kopfbreiten(ws, (kopf, erste_zahl), &koepfe[erste_zahl as usize..], 10.0)?;
    ws.set_repeat_rows(kopf, kopf)?;
    ws.set_repeat_columns(0, 1)?;
    Ok(())
}

/// Rows 1–3: what the figures count and how the follow-up is judged under the rule applied.
fn hinweise_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    t: &Termintreue,
    fassung: &Fassung,
) -> Result<(), XlsxError> {
    let r = &t.regel;
    let tage = if r.nachfass_arbeitstage == 1 {
        "1 Arbeitstag".to_string()
    } else {
        format!("{} Arbeitstage", r.nachfass_arbeitstage)
    };
    let hinweise = [
        "Termine vom 1. des Monats bis zum Stichtag von Kund:innen im Auswertungsbestand. \
         Quote wahrgenommen = wahrgenommen / (wahrgenommen + nicht erschienen)."
            .to_string(),
        format!(
            "Nachfassen: telefonischer Kontakt (Vermerk mit Kontaktart Telefon) vom Tag des \
             Termins bis {tage} danach (Mo–Fr ohne Feiertage {}); „Frist läuft noch“, wenn die \
             Frist nach dem Stichtag endet. Nachfass-Quote = erfolgt / (erfolgt + versäumt).",
            r.bundesland
        ),
        "Folgetermin: Anteil der wahrgenommenen Termine, bei denen am selben Tag ein späterer \
         Termin vereinbart wurde. Leere Quote: kein Nenner oder Spalte fehlt im Export."
            .to_string(),
        format!(
            "Ampel (Nachfass-Quote): „rot“ unter {}, „gelb“ unter {}, sonst „grün“; „–“ ohne \
             Quote. Die Zeile ist entsprechend eingefärbt.",
            prozent(fassung.ampel.rot_unter),
            prozent(fassung.ampel.gelb_unter)
        ),
    ];
    for (i, h) in hinweise.iter().enumerate() {
        ws.text_f(1 + i as u32, 0, h, &f.hinweis)?;
    }
    Ok(())
}

/// Every block's rows from row `z` (unit, group, the figures from column `erste_zahl`), the
/// Jobcenter's „alle“ row as a total. Returns the next free row.
fn bloecke_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    fassung: &Fassung,
    bloecke: &[Terminblock],
    (mut z, erste_zahl): (u32, u16),
) -> Result<u32, XlsxError> {
    for b in bloecke {
        for k in &b.zeilen {
            let gruppe = match fassung.gruppe_mit_id(k.kundengruppe.id()) {
                Some(g) => fassung.gruppe(g).name.as_str(),
                None => "alle Kund:innen",
            };
            let summe = b.summe && k.kundengruppe == Kundengruppe::Alle;
            let zf = f.zeile(summe);
            ws.text_f(z, 0, &b.name, zf.text)?;
            ws.text_f(z, 1, gruppe, zf.text)?;
            kennzahlen_schreiben(ws, f, (z, erste_zahl), TERMINTREUE, k, summe)?;
            let quote = k.werte[katalog::position(TERMINTREUE, &NACHFASS_QUOTE)];
            let spalte = erste_zahl + TERMINTREUE.len() as u16;
            ampelwort(ws, f, (z, spalte), fassung, quote, summe)?;
            z += 1;
        }
    }
    Ok(z)
}

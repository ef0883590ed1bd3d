//! Sheet „Termintreue“ (directive §5): attendance, reminders, the no-show follow-up and the
//! next appointment agreed in the session, per unit and customer group. The same sheet serves
//! the Jobcenter workbook (per Geschäftsstelle) and every unit workbook (its own rows with the
//! Jobcenter's beside them); the caller picks the rows, this module only formats them.

use super::grenzen::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::ampel::{ampel, AMPEL_NACHFASS};
use super::blatt::Blattart;
use super::diagramm::prozent;
use super::formate::Formate;
use super::kennzahlen::{kennzahlspalten, kopfzeile};
use super::seite::{druck, monatsname};
use super::tabelle::{tabelle_schreiben, tabellenblatt};
use crate::ingest::folders::Monat;
use crate::katalog::{Kennzahlzeile, Kundengruppe, NACHFASS_QUOTE, TERMINTREUE};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::Fassung;
use crate::termintreue::Termintreue;

/// The sheet „Termintreue“.
pub(crate) const TERMINTREUE_BLATT: Blattart = Blattart {
    name: "Termintreue",
    inhalt: "Termine, Nachfassen, Folgetermine (§ 5)",
    erklaerung: None,
};

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
    let mut tabelle = Tabelle::neu("Termintreue")
        .blattspalte("Einheit", |z: &Terminzeile| Wert::text(z.name))
        .blattspalte("Kundengruppe", |z| Wert::text(z.gruppe))
        .summe_wenn(|z| z.summe)
        .breiten(30.0, 10.0);
    tabelle.schluessel = 2;
    let tabelle = kennzahlspalten(
        tabelle,
        fassung,
        (TERMINTREUE, AMPEL_NACHFASS, &NACHFASS_QUOTE),
        |z| Some(z.zahlen),
    );
    let zeilen = terminzeilen(fassung, bloecke);
    if zeilen.is_empty() {
        kopfzeile(ws, f, kopf, 0, &tabelle.koepfe())?;
        ws.text_f(
            kopf + 1,
            0,
            "Keine Termine im Monat von Kund:innen dieser Einheit.",
            &f.hinweis,
        )?;
    } else {
        let z = tabelle_schreiben(ws, f, kopf, &tabelle, &zeilen)?;
        // Amber / red where the follow-up quote is below the rules' thresholds, on every
        // row (the unit's own and the comparison); a row without a quote says „–“.
        let wort = tabelle.spalte_von(AMPEL_NACHFASS);
        ampel(ws, (kopf + 1, z - 1), wort, wort)?;
    }
    tabellenblatt(ws, kopf, &tabelle, (stichtag, empfaenger))
}

/// One row of the sheet: a unit's block, one of its groups, its figures.
struct Terminzeile<'a> {
    name: &'a str,
    gruppe: &'a str,
    summe: bool,
    zahlen: &'a Kennzahlzeile,
}

/// Every block's rows in order: the unit, the group („alle Kund:innen“ first), the Jobcenter's
/// „alle“ row as a total.
fn terminzeilen<'a>(fassung: &'a Fassung, bloecke: &'a [Terminblock]) -> Vec<Terminzeile<'a>> {
    bloecke
        .iter()
        .flat_map(|b| {
            b.zeilen.iter().map(move |k| Terminzeile {
                name: &b.name,
                gruppe: match fassung.gruppe_mit_id(k.kundengruppe.id()) {
                    Some(g) => fassung.gruppe(g).name.as_str(),
                    None => "alle Kund:innen",
                },
                summe: b.summe && k.kundengruppe == Kundengruppe::Alle,
                zahlen: k,
            })
        })
        .collect()
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

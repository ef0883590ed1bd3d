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
use super::kennzahlen::{ampelspalte, figurspalten, kopfzeile};
use super::seite::{druck, monatsname};
use super::tabelle::{spaltenbreiten_gestapelt, tabelle_schreiben, tabellenblatt, textbreite};
use super::zelle::hinweiszeilen;
use crate::ingest::folders::Monat;
use crate::katalog::{
    self, Kennzahlzeile, Kundengruppe, NACHFASS_ERFOLGT, NACHFASS_QUOTE, TERMINTREUE,
};
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
    let kopf = hinweise_schreiben(ws, f, t, fassung)? + 1;
    // Two tables, each narrow enough to print at ≥ 9 pt: the appointments and their
    // attendance, then the follow-up after a no-show with its traffic light — the catalog's
    // figures in their order, split before the first follow-up figure.
    let teilung = katalog::position(TERMINTREUE, &NACHFASS_ERFOLGT);
    let breiten = (
        textbreite(bloecke.iter().map(|b| b.name.as_str()), "Einheit"),
        textbreite(
            fassung
                .gruppen
                .iter()
                .map(|g| g.name.as_str())
                .chain([ALLE]),
            "Kundengruppe",
        ),
    );
    let schluessel = |name: &str| {
        let mut t = Tabelle::neu(name.to_string())
            .blattspalte("Einheit", |z: &Terminzeile| Wert::text(z.name))
            .breite(breiten.0)
            .blattspalte("Kundengruppe", |z| Wert::text(z.gruppe))
            .breite(breiten.1)
            .summe_wenn(|z| z.summe)
            .breiten(30.0, 10.0);
        t.schluessel = 2;
        t
    };
    let termine = figurspalten(
        schluessel("Termintreue"),
        fassung,
        (TERMINTREUE, 0..teilung),
        |z| Some(z.zahlen),
    );
    let nachfassen = ampelspalte(
        figurspalten(
            schluessel("Termintreue Nachfassen"),
            fassung,
            (TERMINTREUE, teilung..TERMINTREUE.len()),
            |z| Some(z.zahlen),
        ),
        fassung,
        (TERMINTREUE, AMPEL_NACHFASS, &NACHFASS_QUOTE),
        |z| Some(z.zahlen),
    );
    let zeilen = terminzeilen(fassung, bloecke);
    if zeilen.is_empty() {
        kopfzeile(ws, f, kopf, 0, &termine.koepfe())?;
        ws.text_f(
            kopf + 1,
            0,
            "Keine Termine im Monat von Kund:innen dieser Einheit.",
            &f.hinweis,
        )?;
        return tabellenblatt(ws, kopf, &termine, (stichtag, empfaenger));
    }
    let z = tabelle_schreiben(ws, f, kopf, &termine, &zeilen)?;
    ws.text_f(
        z + 1,
        0,
        "Nachfassen nach nicht wahrgenommenen Terminen (§ 5)",
        &f.untertitel,
    )?;
    let zweiter = z + 2;
    let ende = tabelle_schreiben(ws, f, zweiter, &nachfassen, &zeilen)?;
    // Amber / red where the follow-up quote is below the rules' thresholds, on every row
    // (the unit's own and the comparison); a row without a quote says „–“.
    let wort = nachfassen.spalte_von(AMPEL_NACHFASS);
    ampel(ws, (zweiter + 1, ende - 1), wort, wort)?;
    tabellenblatt(ws, kopf, &termine, (stichtag, empfaenger))?;
    spaltenbreiten_gestapelt(ws, &[(kopf, &termine), (zweiter, &nachfassen)])
}

/// The group column's word for a unit's row of all its customers.
const ALLE: &str = "alle Kund:innen";

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
                    None => ALLE,
                },
                summe: b.summe && k.kundengruppe == Kundengruppe::Alle,
                zahlen: k,
            })
        })
        .collect()
}

/// From row 1: what the figures count and how the follow-up is judged under the rule applied,
/// wrapped into rows no wider than the table (LibreOffice prints a text running on past the
/// table's last column, and shrinks the page to fit it). Returns the next free row.
fn hinweise_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    t: &Termintreue,
    fassung: &Fassung,
) -> Result<u32, XlsxError> {
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
    let mut z = 1;
    for h in &hinweise {
        z = hinweiszeilen(ws, (z, 0), (h, HINWEIS_ZEICHEN), &f.hinweis)?;
    }
    Ok(z)
}

/// Characters a line of the notes above the tables: the narrowest first table (a team's: a
/// unit and a group column, eight figures) is about 170 width units.
const HINWEIS_ZEICHEN: usize = 150;

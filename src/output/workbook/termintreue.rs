//! Sheet „Termintreue“ (directive §5): attendance, reminders, the no-show follow-up and the
//! next appointment agreed in the session, per unit and customer group. The same sheet serves
//! the Jobcenter workbook (per Geschäftsstelle) and every unit workbook (its own rows with the
//! Jobcenter's beside them); the caller picks the rows, this module only formats them.

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{ampel_markieren, druck, kopfzeile, monatsname, Formate};
use crate::ingest::folders::Monat;
use crate::rules::Fassung;
use crate::termintreue::kennzahlen::Terminkennzahl;
use crate::termintreue::Termintreue;

/// Column headings, in the order [`zeile_schreiben`] writes them from column 2 on.
const KOEPFE: [&str; 15] = [
    "Einheit",
    "Kundengruppe",
    "Termine mit Ergebnis",
    "wahrgenommen",
    "nicht erschienen",
    "abgesagt",
    "ohne Ergebnis (offen)",
    "Quote wahrgenommen",
    "Quote mit SMS-Erinnerung",
    "Quote ohne SMS-Erinnerung",
    "Nachfassen erfolgt",
    "Nachfassen versäumt",
    "Frist läuft noch",
    "Nachfass-Quote",
    "Folgetermin im Gespräch vereinbart",
];

/// Column of the follow-up quote (0-based): the traffic light looks at it.
const SPALTE_NACHFASS: u16 = 13;

/// One unit of the sheet: its name and its rows (all customers first, then each group).
pub(crate) struct Terminblock<'a> {
    /// Shown in the first column.
    pub name: String,
    /// Printed bold with a rule above (the Jobcenter total).
    pub summe: bool,
    /// The unit's rows of `termintreue.csv`, `alle` first.
    pub zeilen: Vec<&'a Terminkennzahl>,
}

/// The sheet. `termine` is `None` when month M has no `termine.csv`: the sheet then says so
/// instead of showing zeros.
#[allow(clippy::too_many_arguments)]
pub(crate) fn blatt(
    ws: &mut Worksheet,
    f: &Formate,
    regeln: &Fassung,
    monat: Monat,
    stichtag: chrono::NaiveDate,
    termine: Option<&Termintreue>,
    bloecke: &[Terminblock],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Termintreue")?;
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
    ];
    for (i, h) in hinweise.iter().enumerate() {
        ws.text_f(1 + i as u32, 0, h, &f.hinweis)?;
    }
    let kopf = 5u32;
    kopfzeile(ws, f, kopf, 0, &KOEPFE)?;
    ws.set_row_height(kopf, 45)?;
    let mut z = kopf + 1;
    for b in bloecke {
        for k in &b.zeilen {
            let gruppe = match regeln.gruppe_mit_id(&k.kundengruppe) {
                Some(g) => regeln.gruppe(g).name.as_str(),
                None => "alle Kund:innen",
            };
            let summe = b.summe && k.kundengruppe == "alle";
            let zf = f.zeile(summe);
            ws.text_f(z, 0, &b.name, zf.text)?;
            ws.text_f(z, 1, gruppe, zf.text)?;
            zeile_schreiben(ws, f, z, k, summe)?;
            z += 1;
        }
    }
    if z == kopf + 1 {
        ws.text_f(
            z,
            0,
            "Keine Termine im Monat von Kund:innen dieser Einheit.",
            &f.hinweis,
        )?;
    } else {
        // Amber / red where the follow-up quote is below the rules' thresholds; a row without
        // a quote is not marked.
        ampel_markieren(
            ws,
            regeln,
            (kopf + 1, z - 1),
            KOEPFE.len() as u16 - 1,
            SPALTE_NACHFASS,
            true,
        )?;
        ws.autofilter(kopf, 0, z - 1, KOEPFE.len() as u16 - 1)?;
    }
    ws.set_freeze_panes(kopf + 1, 2)?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 34)?;
    for c in 2..KOEPFE.len() as u16 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_repeat_rows(kopf, kopf)?;
    Ok(())
}

fn zeile_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    z: u32,
    k: &Terminkennzahl,
    summe: bool,
) -> Result<(), XlsxError> {
    let zf = f.zeile(summe);
    let anzahlen = [
        (2, k.termine),
        (3, k.wahrgenommen),
        (4, k.nicht_erschienen),
        (5, k.abgesagt),
        (6, k.ohne_ergebnis),
        (10, k.nachfass_erfolgt),
        (11, k.nachfass_versaeumt),
        (12, k.nachfass_offen),
    ];
    for (s, n) in anzahlen {
        ws.write_number_with_format(z, s, n as f64, zf.ganz)?;
    }
    let quoten = [
        (7, k.quote_wahrgenommen),
        (8, k.quote_mit_erinnerung),
        (9, k.quote_ohne_erinnerung),
        (SPALTE_NACHFASS, k.nachfass_quote),
        (14, k.quote_folgetermin),
    ];
    for (s, q) in quoten {
        match q {
            Some(q) => ws.write_number_with_format(z, s, q, zf.anteil)?,
            // No denominator: a dash, never a zero.
            None => ws.text_f(z, s, "–", zf.text)?,
        };
    }
    Ok(())
}

/// The rows of one unit, `alle` first, then its groups in precedence order — the order of
/// `termintreue.csv` (sorted by group rank in its SQL, `alle` ranked 0).
pub(crate) fn zeilen_der_einheit(
    zahlen: &[Terminkennzahl],
    passt: impl Fn(&Terminkennzahl) -> bool,
) -> Vec<&Terminkennzahl> {
    zahlen.iter().filter(|k| passt(k)).collect()
}

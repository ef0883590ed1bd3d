//! Sheet „Erläuterungen“ in every workbook: how each figure is made (from the catalog), the
//! customer groups with their intervals, the traffic-light rules, and what each list holds —
//! so that a Teamleitung reading a unit workbook need not ask for the Jobcenter's Regeln sheet.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::blatt::Blattart;
use super::diagramm::prozent;
use super::formate::Formate;
use super::kennzahlen::umbrochene_zeilen;
use super::seite::druck_tabelle;
use super::tabelle::tabelle_schreiben;
use crate::katalog::{Darstellung, Kennzahl, BERATUNG, TERMINTREUE};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::Fassung;

/// The sheet „Erläuterungen“.
pub(crate) const ERLAEUTERUNGEN: Blattart = Blattart {
    name: "Erläuterungen",
    inhalt: "wie jede Kennzahl entsteht, Ampelregeln",
    erklaerung: None,
};

/// Characters per line of the explanation column and of the term column, wrapped between
/// words. Measured in LibreOffice's PDF: a line of the explanation column (width 124) holds
/// 140–170 characters of its German text (140 with many capitals and „ü“), one of the term
/// column (width 30) about 38; the margin leaves room for a line of wide letters.
const ERKLAERUNG_ZEICHEN: usize = 136;
const BEGRIFF_ZEICHEN: usize = 34;

/// The sheet. `blaetter`: the workbook's other sheets (those with an explanation get a row);
/// `termine`: the export has appointments (their figures are explained too).
pub(crate) fn erlaeuterungen(
    ws: &mut Worksheet,
    f: &Formate,
    (fassung, blaetter): (&Fassung, &[&Blattart]),
    termine: bool,
    empfaenger: &str,
    stichtag: chrono::NaiveDate,
) -> Result<(), XlsxError> {
    ws.set_name(ERLAEUTERUNGEN.name)?;
    let t = Tabelle::neu("Erläuterungen")
        .blattspalte("Bereich", |(b, _, _): &Eintrag| Wert::text(b))
        .breite(15.0)
        .blattspalte("Begriff", |(_, b, _)| Wert::text(b))
        .breite(30.0)
        .blattspalte("Erläuterung", |(_, _, e)| Wert::text(e))
        .breite(124.0)
        .umbrechen();
    let eintraege = eintraege(fassung, termine, blaetter);
    tabelle_schreiben(ws, f, 0, &t, &eintraege)?;
    for (c, s) in t.blattspalten().enumerate() {
        ws.set_column_width(c as u16, s.breite.unwrap_or(t.breite))?;
    }
    // Rows do not grow by themselves when a file is opened: room for the wrapped text.
    for (i, (_, begriff, text)) in eintraege.iter().enumerate() {
        let zeilen = umbrochene_zeilen(text, ERKLAERUNG_ZEICHEN)
            .max(umbrochene_zeilen(begriff, BEGRIFF_ZEICHEN));
        ws.set_row_height(1 + i as u32, 15.0 * zeilen as f64 + 2.0)?;
    }
    druck_tabelle(ws, stichtag, empfaenger, (0, 0), 0)?;
    Ok(())
}

/// One row of the sheet: area, term, explanation.
type Eintrag = (&'static str, String, String);

/// Every row of the sheet: area, term, explanation.
fn eintraege(
    r: &Fassung,
    termine: bool,
    blaetter: &[&Blattart],
) -> Vec<(&'static str, String, String)> {
    let mut e: Vec<(&'static str, String, String)> = vec![
        (
            "Grundlagen",
            "Stichtag".into(),
            "Der Tag, auf den alle Zahlen berechnet sind: der letzte Tag des Monats (oder ein \
             ausdrücklich angegebener Tag dieses Monats)."
                .into(),
        ),
        (
            "Grundlagen",
            "Beratung".into(),
            format!(
                "Ein Vermerk vom Typ {} mit Datum bis zum Stichtag.",
                r.beratung
                    .vermerktypen
                    .iter()
                    .map(|t| format!("„{t}“"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        (
            "Grundlagen",
            "Tage seit letzter Beratung".into(),
            "Stichtag minus Datum der letzten Beratung; bei Kund:innen, die noch nie beraten \
             wurden, Stichtag minus Zugangsdatum."
                .into(),
        ),
    ];
    // One row for the groups: the order is the point, and five rows of one line each would
    // take the Erläuterungen of a team onto a second printed page.
    let gruppen: Vec<String> = r
        .gruppen
        .iter()
        .map(|g| format!("{} {}/{}", g.name, g.zielwert, g.mindestwert))
        .collect();
    e.push((
        "Kundengruppen",
        "Zuordnung".into(),
        format!(
            "Jede Kund:in gehört zur ersten zutreffenden Gruppe, in dieser Reihenfolge \
             (Zielwert/Mindestwert in Tagen): {}.",
            gruppen.join(" · ")
        ),
    ));
    for k in BERATUNG {
        e.push(("Kennzahlen", k.kopf.into(), k.erklaerung.into()));
    }
    let a = &r.ampel;
    e.push((
        "Ampel",
        super::ampel::AMPEL_MINDESTWERT.into(),
        format!(
            "„rot“, wenn der Anteil Mindestwert eingehalten unter {} liegt, „gelb“ unter {}, \
             sonst „grün“; „–“ ohne Kund:innen. Die Zeile ist rot bzw. gelb hinterlegt; das \
             Wort steht immer daneben.",
            prozent(a.rot_unter),
            prozent(a.gelb_unter)
        ),
    ));
    if termine {
        // Neighbouring counts explained in one short sentence each (the appointments by status)
        // share a row.
        let kurz = |k: &Kennzahl| {
            k.darstellung == Darstellung::Anzahl && k.erklaerung.chars().count() < 70
        };
        let mut vorige_kurz = false;
        for k in TERMINTREUE.iter().filter(|k| k.auf_blatt()) {
            match e.last_mut() {
                Some((_, begriff, text)) if vorige_kurz && kurz(k) => {
                    begriff.push_str(", ");
                    begriff.push_str(k.kopf);
                    text.push(' ');
                    text.push_str(k.erklaerung);
                }
                _ => e.push(("Termintreue", k.kopf.into(), k.erklaerung.into())),
            }
            vorige_kurz = kurz(k);
        }
        e.push((
            "Ampel",
            super::ampel::AMPEL_NACHFASS.into(),
            format!(
                "„rot“, wenn die Nachfass-Quote unter {} liegt, „gelb“ unter {}, sonst „grün“; \
                 „–“ ohne Quote.",
                prozent(a.rot_unter),
                prozent(a.gelb_unter)
            ),
        ));
    }
    for b in blaetter {
        if let Some(text) = b.erklaerung {
            e.push(("Blätter", b.name.into(), text.into()));
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::eintraege;
    use crate::katalog::TERMINTREUE;

    #[test]
    fn the_groups_share_a_row_in_their_order_and_so_do_the_counts_by_status() {
        let r = crate::rules::Regelwerk::standard().fassungen[0].clone();
        let e = eintraege(&r, true, &[]);
        let gruppen: Vec<_> = e.iter().filter(|(b, _, _)| *b == "Kundengruppen").collect();
        assert_eq!(gruppen.len(), 1);
        let text = &gruppen[0].2;
        let mut ab = 0;
        for g in &r.gruppen {
            let eintrag = format!("{} {}/{}", g.name, g.zielwert, g.mindestwert);
            let stelle = text[ab..].find(&eintrag).expect(&eintrag) + ab;
            ab = stelle + eintrag.len();
        }
        // The four counts by status (short sentences) in one row; the total before them and
        // the quote after them keep their own.
        let status: Vec<&str> = TERMINTREUE[1..5].iter().map(|k| k.kopf).collect();
        assert!(
            e.iter().any(|(_, b, _)| *b == status.join(", ")),
            "{status:?}"
        );
        for k in [&TERMINTREUE[0], &TERMINTREUE[5]] {
            assert!(e.iter().any(|(_, b, _)| b == k.kopf), "{}", k.kopf);
        }
    }
}

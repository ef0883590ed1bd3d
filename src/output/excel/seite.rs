//! What every sheet and workbook carries: the confidentiality marking, page setup, the
//! Stichtag and directive lines, dates, month names and the document properties.

use rust_xlsxwriter::{DocProperties, Worksheet, XlsxError};

use super::formate::Formate;
use super::zelle::{angaben, excel_datum};
use crate::ingest::dates::deutsch;
use crate::output::tabelle::Wert;
use crate::rules::Fassung;

/// The marking every printed page of every workbook carries: the workbooks hold social data
/// (Sozialdaten), and a printed page travels without its file.
pub const VERTRAULICH: &str = "Vertraulich – Sozialdaten";

/// Landscape A4, every sheet fitted to one page width (no column strip without its row
/// labels; the tables are laid out narrow enough to print at ≥ 9 pt); header: the
/// confidentiality marking, the Stichtag and the sheet; footer: the recipient on the left,
/// page numbers on the right — never in the same third, so a long unit name cannot overprint
/// „Seite x von y“.
pub(crate) fn druck(ws: &mut Worksheet, stichtag: chrono::NaiveDate, empfaenger: &str) {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    // Narrow margins: 0.75 cm at the sides (wider tables print larger; office printers need
    // about 0.5 cm), 1.5 cm above and below with header and footer 0.75 cm from the edge (two
    // rows more a page than Excel's 1.9 cm).
    ws.set_margins(0.3, 0.3, 0.6, 0.6, 0.3, 0.3);
    ws.set_header(format!(
        "&L&B{VERTRAULICH}&B&CBeratungscontrolling – Stichtag {}&R&A",
        deutsch(stichtag)
    ));
    // The recipient is input (a unit name): shortened to fit the left third, the marking
    // stays.
    ws.set_footer(super::grenzen::kopf_fuss(
        "&L&10Für: ",
        &empfaenger_kurz(empfaenger),
        &format!(" – {VERTRAULICH}&R&10Seite &P von &N"),
    ));
}

/// Characters of the recipient in the footer's left third at 10 pt on A4 landscape.
const FUSS_EMPFAENGER_MAX: usize = 40;

/// The recipient as the footer names it: without its parenthesis, then without what follows
/// a dash („Teamleitung Team 651 – U25; Ausbildung … (Geschäftsstelle …)“ → „Teamleitung Team
/// 651“), cut only when still too long.
fn empfaenger_kurz(empfaenger: &str) -> String {
    let mut e = empfaenger;
    if e.chars().count() > FUSS_EMPFAENGER_MAX {
        e = e.split(" (").next().unwrap_or(e);
    }
    if e.chars().count() > FUSS_EMPFAENGER_MAX {
        e = e.split(" – ").next().unwrap_or(e);
    }
    super::grenzen::kuerzen_auf(e, FUSS_EMPFAENGER_MAX)
}

/// [`druck`] for a table whose first `spalten` columns name its rows: repeated on every
/// printed page, like the header rows `kopf_von..=kopf_bis`.
pub(crate) fn druck_tabelle(
    ws: &mut Worksheet,
    stichtag: chrono::NaiveDate,
    empfaenger: &str,
    (kopf_von, kopf_bis): (u32, u32),
    spalten: u16,
) -> Result<(), XlsxError> {
    druck(ws, stichtag, empfaenger);
    ws.set_repeat_rows(kopf_von, kopf_bis)?;
    if spalten > 0 {
        ws.set_repeat_columns(0, spalten - 1)?;
    }
    Ok(())
}

/// Recipient of the Jobcenter-wide workbook.
pub const EMPFAENGER_JOBCENTER: &str = "Geschäftsleitung";

/// Two lines every Übersicht starts with: the Stichtag (a real date) and the directive the
/// rules implement, from row `zeile` on.
pub(crate) fn stichtag_und_richtlinie(
    ws: &mut Worksheet,
    f: &Formate,
    zeile: u32,
    stichtag: chrono::NaiveDate,
    fassung: &Fassung,
) -> Result<(), XlsxError> {
    let r = &fassung.richtlinie;
    let richtlinie = format!(
        "{} (Version {}, in Kraft seit {})",
        r.titel,
        r.version,
        deutsch(r.in_kraft_ab)
    );
    angaben(
        ws,
        f,
        (zeile, &f.fett),
        [
            (Some("Stichtag"), Wert::Datum(stichtag)),
            (Some("Richtlinie"), Wert::Text(richtlinie.into())),
        ],
    )?;
    Ok(())
}

/// German month name for titles.
pub(crate) fn monatsname(m: u32) -> &'static str {
    [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ][(m as usize).saturating_sub(1) % 12]
}

/// Document properties shared by every workbook of a run (creation date = Stichtag, so the
/// bytes depend only on the inputs).
pub(crate) fn eigenschaften(
    titel: &str,
    stichtag: chrono::NaiveDate,
    fassung: &Fassung,
) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(titel)
        .set_subject("Ø Tage seit letzter Beratung je Geschäftsstelle und Team")
        .set_company(&fassung.richtlinie.herausgeber)
        .set_author("Controlling (48)")
        .set_keywords(format!("Beratungscontrolling, {VERTRAULICH}"))
        .set_comment(format!(
            "Erstellt mit beratungsreport {}",
            env!("CARGO_PKG_VERSION")
        ))
        .set_creation_datetime(&excel_datum(stichtag)?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_footer_names_the_recipient_short_never_cut_mid_word_when_avoidable() {
        use super::empfaenger_kurz;
        assert_eq!(empfaenger_kurz("Geschäftsleitung"), "Geschäftsleitung");
        assert_eq!(
            empfaenger_kurz(
                "Teamleitung Team 651 – U25; Ausbildung und Beruf (Geschäftsstelle Bremen-West)"
            ),
            "Teamleitung Team 651"
        );
        assert_eq!(
            empfaenger_kurz("Controlling (48) – Kund:innen ohne Team"),
            "Controlling (48) – Kund:innen ohne Team"
        );
        let lang = "Geschäftsstellenleitung Bremen-Vegesack-Blumenthal-Burglesum-Nord";
        assert_eq!(empfaenger_kurz(lang).chars().count(), 40);
    }
}

//! The management workbook `Beratungscontrolling_JJJJ-MM.xlsx`, in German.
//!
//! One file per sheet. Every number is written as a number with a German-readable format,
//! every text from the input with `write_string` (so a Kundennummer `=1+1` stays text), and
//! the document's creation date is the Stichtag, so the same inputs give the same bytes.

mod einheiten;
mod kundengruppen;
mod pruefprotokoll;
mod regeln;
pub(crate) mod termintreue;
mod uebersicht;

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::auswertung::Auswertung;
use crate::einheit::{Ebene, Einheit};
use crate::error::Ergebnis;
use crate::ingest::dates::deutsch;
use crate::katalog::{self, Darstellung, Kennzahltabelle, Kennzahlzeile};
use crate::rules::{Fassung, Regelwerk};

/// Everything a sheet needs to know.
pub(crate) struct Kontext<'a> {
    pub a: &'a Auswertung,
    /// The rows of `kennzahlen.csv`.
    pub zahlen: &'a Kennzahltabelle,
    pub regeln: &'a Fassung,
    /// The whole rules file (the Regeln sheet lists its other versions).
    pub werk: &'a Regelwerk,
    pub f: Formate,
}

/// The cell formats of the workbook.
pub(crate) struct Formate {
    pub titel: Format,
    pub untertitel: Format,
    pub kopf: Format,
    pub text: Format,
    pub fett: Format,
    pub ganz: Format,
    pub tage: Format,
    pub anteil: Format,
    pub datum: Format,
    pub summe_text: Format,
    pub summe_ganz: Format,
    pub summe_tage: Format,
    pub summe_anteil: Format,
    pub hinweis: Format,
}

impl Formate {
    /// The formats used by every workbook of a run.
    pub(crate) fn neu() -> Formate {
        let summe = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        Formate {
            titel: Format::new().set_bold().set_font_size(14),
            untertitel: Format::new().set_bold().set_font_size(11),
            kopf: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            text: Format::new(),
            fett: Format::new().set_bold(),
            ganz: Format::new().set_num_format("#,##0"),
            tage: Format::new().set_num_format("0.0"),
            anteil: Format::new().set_num_format("0.0%"),
            datum: Format::new()
                .set_num_format("dd.mm.yyyy")
                .set_align(FormatAlign::Left),
            summe_text: summe.clone(),
            summe_ganz: summe.clone().set_num_format("#,##0"),
            summe_tage: summe.clone().set_num_format("0.0"),
            summe_anteil: summe.set_num_format("0.0%"),
            hinweis: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
        }
    }
}

/// The formats of one table row — text, whole numbers, days, shares — plain, or for a total
/// row bold with a rule above.
pub(crate) struct Zeilenformate<'a> {
    pub text: &'a Format,
    pub ganz: &'a Format,
    pub tage: &'a Format,
    pub anteil: &'a Format,
}

impl Formate {
    /// The formats of a plain row, or of a total row (`summe`).
    pub(crate) fn zeile(&self, summe: bool) -> Zeilenformate<'_> {
        if summe {
            Zeilenformate {
                text: &self.summe_text,
                ganz: &self.summe_ganz,
                tage: &self.summe_tage,
                anteil: &self.summe_anteil,
            }
        } else {
            Zeilenformate {
                text: &self.text,
                ganz: &self.ganz,
                tage: &self.tage,
                anteil: &self.anteil,
            }
        }
    }
}

/// Writes the figures of row `z` (of a table of `katalog`'s figures) from column `spalte`
/// on, in catalog order; `summe` selects the bold total style. A share without a denominator
/// is a dash, never a zero.
pub(crate) fn kennzahlen_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    (zeile, spalte): (u32, u16),
    katalog: &[katalog::Kennzahl],
    z: &Kennzahlzeile,
    summe: bool,
) -> Result<(), XlsxError> {
    let zf = f.zeile(summe);
    for (i, (k, w)) in katalog.iter().zip(&z.werte).enumerate() {
        wert_schreiben(ws, &zf, (zeile, spalte + i as u16), k, *w)?;
    }
    Ok(())
}

/// Writes the figures of row `z` down column `spalte` from row `zeile` (the headline blocks
/// of the Übersicht sheets), in catalog order.
pub(crate) fn kennzahlen_spalte(
    ws: &mut Worksheet,
    f: &Formate,
    (zeile, spalte): (u32, u16),
    katalog: &[katalog::Kennzahl],
    z: &Kennzahlzeile,
) -> Result<(), XlsxError> {
    let zf = f.zeile(false);
    for (i, (k, w)) in katalog.iter().zip(&z.werte).enumerate() {
        wert_schreiben(ws, &zf, (zeile + i as u32, spalte), k, *w)?;
    }
    Ok(())
}

/// One figure's value in the number format of its kind.
fn wert_schreiben(
    ws: &mut Worksheet,
    zf: &Zeilenformate<'_>,
    (zeile, spalte): (u32, u16),
    k: &katalog::Kennzahl,
    wert: Option<f64>,
) -> Result<(), XlsxError> {
    let format = match k.darstellung {
        Darstellung::Anzahl => zf.ganz,
        Darstellung::Tage => zf.tage,
        Darstellung::Anteil => zf.anteil,
    };
    match wert {
        Some(w) => ws.write_number_with_format(zeile, spalte, w, format)?,
        None => ws.text_f(zeile, spalte, "–", zf.text)?,
    };
    Ok(())
}

/// Writes a header row.
pub(crate) fn kopfzeile(
    ws: &mut Worksheet,
    f: &Formate,
    zeile: u32,
    spalte: u16,
    koepfe: &[impl AsRef<str>],
) -> Result<(), XlsxError> {
    for (i, k) in koepfe.iter().enumerate() {
        ws.text_f(zeile, spalte + i as u16, k.as_ref(), &f.kopf)?;
    }
    Ok(())
}

/// The marking every printed page of every workbook carries (issue: social data).
pub const VERTRAULICH: &str = "Vertraulich – Sozialdaten";

/// Landscape, one page wide; header: the confidentiality marking, the Stichtag and the sheet;
/// footer: the marking again, page numbers and the recipient.
pub(crate) fn druck(ws: &mut Worksheet, stichtag: chrono::NaiveDate, empfaenger: &str) {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!(
        "&L&B{VERTRAULICH}&B&CBeratungscontrolling – Stichtag {}&R&A",
        deutsch(stichtag)
    ));
    // The recipient is input (a unit name): cut to fit, the marking always stays.
    ws.set_footer(crate::output::excel::kopf_fuss(
        &format!("&L{VERTRAULICH}&CSeite &P von &N&R"),
        empfaenger,
        "",
    ));
}

/// Recipient of the Jobcenter-wide workbook.
pub const EMPFAENGER_JOBCENTER: &str = "Geschäftsleitung";

/// [`druck`] for the Jobcenter-wide workbook.
pub(crate) fn druckeinrichtung(ws: &mut Worksheet, a: &Auswertung) {
    druck(ws, a.stichtag, EMPFAENGER_JOBCENTER);
}

/// Marks rows amber/red where the share within the Mindestwert (column `spalte`, 0-based)
/// falls below the thresholds of the rules.
pub(crate) fn ampel(
    ws: &mut Worksheet,
    regeln: &Fassung,
    erste: u32,
    letzte: u32,
    bis_spalte: u16,
    spalte: u16,
) -> Result<(), XlsxError> {
    ampel_markieren(ws, regeln, (erste, letzte), bis_spalte, spalte, false)
}

/// [`ampel`] for a column that may hold no number (a quote without denominator, shown as
/// text): such a row is not marked (`nur_zahlen`; an empty cell would compare as 0).
pub(crate) fn ampel_markieren(
    ws: &mut Worksheet,
    regeln: &Fassung,
    (erste, letzte): (u32, u32),
    bis_spalte: u16,
    spalte: u16,
    nur_zahlen: bool,
) -> Result<(), XlsxError> {
    if letzte < erste {
        return Ok(());
    }
    let buchstabe = rust_xlsxwriter::utility::column_number_to_name(spalte);
    let z = erste + 1;
    let regel = |grenze: f64| {
        if nur_zahlen {
            format!("=AND(ISNUMBER(${buchstabe}{z}),${buchstabe}{z}<{grenze})")
        } else {
            format!("=${buchstabe}{z}<{grenze}")
        }
    };
    let rot = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let gelb = Format::new()
        .set_background_color(Color::RGB(0xFFEB9C))
        .set_font_color(Color::RGB(0x9C5700));
    let r = &regeln.ampel;
    ws.add_conditional_format(
        erste,
        0,
        letzte,
        bis_spalte,
        &ConditionalFormatFormula::new()
            .set_rule(Formula::new(regel(r.rot_unter)))
            .set_format(rot)
            .set_stop_if_true(true),
    )?;
    ws.add_conditional_format(
        erste,
        0,
        letzte,
        bis_spalte,
        &ConditionalFormatFormula::new()
            .set_rule(Formula::new(regel(r.gelb_unter)))
            .set_format(gelb),
    )?;
    Ok(())
}

/// Two lines every Übersicht starts with: the Stichtag (a real date) and the directive the
/// rules implement, from row `zeile` on.
pub(crate) fn stichtag_und_richtlinie(
    ws: &mut Worksheet,
    f: &Formate,
    zeile: u32,
    stichtag: chrono::NaiveDate,
    regeln: &Fassung,
) -> Result<(), XlsxError> {
    let r = &regeln.richtlinie;
    ws.text_f(zeile, 0, "Stichtag", &f.fett)?;
    ws.write_datetime_with_format(zeile, 1, excel_datum(stichtag)?, &f.datum)?;
    ws.text_f(zeile + 1, 0, "Richtlinie", &f.fett)?;
    ws.text(
        zeile + 1,
        1,
        format!(
            "{} (Version {}, in Kraft seit {})",
            r.titel,
            r.version,
            deutsch(r.in_kraft_ab)
        ),
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

/// An Excel date for a calendar day.
pub(crate) fn excel_datum(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Document properties shared by every workbook of a run (creation date = Stichtag, so the
/// bytes depend only on the inputs).
pub(crate) fn eigenschaften(
    titel: &str,
    a: &Auswertung,
    regeln: &Fassung,
) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(titel)
        .set_subject("Ø Tage seit letzter Beratung je Geschäftsstelle und Team")
        .set_company(&regeln.richtlinie.herausgeber)
        .set_author("Controlling (48)")
        .set_keywords(format!("Beratungscontrolling, {VERTRAULICH}"))
        .set_comment(format!(
            "Erstellt mit beratungsreport {}",
            env!("CARGO_PKG_VERSION")
        ))
        .set_creation_datetime(&excel_datum(a.stichtag)?))
}

/// Sheets another module adds to the Jobcenter workbook after „Kundengruppen“: with
/// `--verteilung`, the Jobcenter-wide „Letzte Beratung“, „Gespräche“ and „Verlauf“ (units,
/// never customers or IFKs). A hook, so this module need not know the distribution.
pub(crate) type Zusatzblaetter<'z> =
    &'z dyn Fn(&mut Workbook, &Formate) -> Result<(), rust_xlsxwriter::XlsxError>;

/// Builds the workbook and returns its bytes. `terminzahlen` are the rows of
/// `termintreue.csv` (empty without appointments).
pub(crate) fn arbeitsmappe(
    a: &Auswertung,
    zahlen: &Kennzahltabelle,
    terminzahlen: &Kennzahltabelle,
    (regeln, werk): (&Fassung, &Regelwerk),
    zusatz: Option<Zusatzblaetter<'_>>,
) -> Ergebnis<Vec<u8>> {
    let ctx = Kontext {
        a,
        zahlen,
        regeln,
        werk,
        f: Formate::neu(),
    };
    let mut wb = Workbook::new();
    let titel = format!(
        "Beratungscontrolling {} {}",
        monatsname(a.monat.monat),
        a.monat.jahr
    );
    wb.set_properties(&eigenschaften(&titel, a, regeln)?);
    uebersicht::blatt(wb.add_worksheet(), &ctx, &titel)?;
    einheiten::geschaeftsstellen(wb.add_worksheet(), &ctx)?;
    einheiten::teams(wb.add_worksheet(), &ctx)?;
    kundengruppen::blatt(wb.add_worksheet(), &ctx)?;
    if a.termine_im_export {
        termine_jobcenter(wb.add_worksheet(), &ctx, terminzahlen)?;
    }
    if let Some(z) = zusatz {
        z(&mut wb, &ctx.f)?;
    }
    pruefprotokoll::blatt(wb.add_worksheet(), &ctx)?;
    regeln::blatt(wb.add_worksheet(), &ctx)?;
    Ok(wb.save_to_buffer()?)
}

/// „Termintreue“ of the Jobcenter workbook: the Jobcenter, then each Geschäftsstelle, each
/// for all customers and per group (no teams, no customers).
fn termine_jobcenter(
    ws: &mut Worksheet,
    ctx: &Kontext,
    zahlen: &Kennzahltabelle,
) -> Result<(), XlsxError> {
    use termintreue::Terminblock;
    let mut bloecke = vec![Terminblock {
        name: "Jobcenter gesamt".into(),
        summe: true,
        zeilen: zahlen.zeilen_von(&Einheit::Jobcenter).collect(),
    }];
    for gs in zahlen.ebene(Ebene::Geschaeftsstelle) {
        bloecke.push(Terminblock {
            name: gs.geschaeftsstelle.clone(),
            summe: false,
            zeilen: zahlen.zeilen_von(&gs.einheit).collect(),
        });
    }
    termintreue::blatt(
        ws,
        &ctx.f,
        ctx.regeln,
        ctx.a.monat,
        ctx.a.stichtag,
        ctx.a.termine.as_ref(),
        &bloecke,
        EMPFAENGER_JOBCENTER,
    )
}

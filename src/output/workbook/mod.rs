//! The management workbook `Beratungscontrolling_JJJJ-MM.xlsx`, in German.
//!
//! One file per sheet. Every number is written as a number with a German-readable format,
//! every text from the input with `write_string` (so a Kundennummer `=1+1` stays text), and
//! the document's creation date is the Stichtag, so the same inputs give the same bytes.

mod einheiten;
mod kontext;
mod kundengruppen;
mod pruefprotokoll;

pub(crate) use pruefprotokoll::Nachweis;
mod regeln;
mod uebersicht;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::auswertung::lagebild::{Lagebild, Ziel};
use crate::auswertung::verteilung::Verteilungsdaten;
use crate::auswertung::Auswertung;
use crate::einheit::{Ebene, Einheit};
use crate::error::Ergebnis;
use crate::ingest::laufbuch::Laufbuch;
use crate::katalog::Kennzahltabelle;
use crate::output::excel::termintreue::{self, Terminblock, TERMINTREUE_BLATT};
use crate::output::excel::{
    blaetter_schreiben, blick_blatt, eigenschaften, erlaeuterungen, inhalt, monatsname, Blatt,
    Blick, Formate, AUF_EINEN_BLICK, EMPFAENGER_JOBCENTER, ERLAEUTERUNGEN,
};
use crate::rules::{Fassung, Regelwerk};
use kontext::Kontext;

/// The Jobcenter workbook's sheets after its Übersicht and before the distribution's: the
/// units, the groups, the appointments.
fn blaetter<'a>() -> [Blatt<Kontext<'a>>; 4] {
    [
        Blatt::immer(&einheiten::GESCHAEFTSSTELLEN, einheiten::geschaeftsstellen),
        Blatt::immer(&einheiten::TEAMS, einheiten::teams),
        Blatt::immer(&kundengruppen::KUNDENGRUPPEN, kundengruppen::blatt),
        Blatt::wenn(
            &TERMINTREUE_BLATT,
            |k| k.auswertung.termine_im_export,
            termine_jobcenter,
        ),
    ]
}

/// Builds the workbook and returns its bytes: the Übersicht, the sheets of [`blaetter`], with
/// `--verteilung` (`verteilung`) the distribution's Jobcenter-wide sheets (units, never
/// customers or IFKs: [`crate::output::verteilung::jobcenter_blaetter`]), the Regeln, the
/// Erläuterungen and the table of contents. `terminzahlen` are the rows of `termintreue.csv`
/// (empty without appointments).
pub(crate) fn arbeitsmappe(
    a: &Auswertung,
    buch: &Laufbuch,
    zahlen: &Kennzahltabelle,
    terminzahlen: &Kennzahltabelle,
    (fassung, werk): (&Fassung, &Regelwerk),
    verteilung: Option<&Verteilungsdaten>,
    lage: &Lagebild,
) -> Ergebnis<Vec<u8>> {
    let (ctx, mut wb, titel) = beginnen(
        a,
        buch,
        (zahlen, terminzahlen),
        (fassung, werk),
        "Beratungscontrolling",
    )?;
    let mit_verteilung = verteilung.is_some();
    let ziel = move |z: Ziel| match z {
        Ziel::Einheiten => Some(einheiten::GESCHAEFTSSTELLEN.name),
        Ziel::Planung if mit_verteilung => Some(crate::output::verteilung::PLANUNG_BLATT),
        Ziel::Termintreue if a.termine_im_export => Some(TERMINTREUE_BLATT.name),
        _ => None,
    };
    blick_blatt(
        wb.add_worksheet(),
        &ctx.formate,
        &Blick {
            titel: &format!("{titel} – Jobcenter gesamt"),
            empfaenger: EMPFAENGER_JOBCENTER,
            auswertung: a,
            fassung,
            lage,
            abgewiesen: buch.abweisungen.len(),
            blatt: &ziel,
        },
    )?;
    let frei = uebersicht::blatt(wb.add_worksheet(), &ctx, &titel)?;
    let mut arten = vec![&AUF_EINEN_BLICK];
    arten.extend(blaetter_schreiben(&mut wb, &ctx, &blaetter())?);
    if let Some(v) = verteilung {
        arten.extend(crate::output::verteilung::jobcenter_blaetter(
            &mut wb,
            v,
            &ctx.formate,
        )?);
    }
    arten.extend(blaetter_schreiben(
        &mut wb,
        &ctx,
        &[Blatt::immer(&regeln::REGELN, regeln::blatt)],
    )?);
    erlaeuterungen(
        wb.add_worksheet(),
        &ctx.formate,
        (fassung, &arten),
        a.termine_im_export,
        EMPFAENGER_JOBCENTER,
        a.stichtag,
    )?;
    arten.push(&ERLAEUTERUNGEN);
    inhalt(&mut wb, &ctx.formate, (1, frei), &arten)?;
    uebersicht::diagramm_einfuegen(wb.worksheet_from_index(1)?, &ctx)?;
    Ok(wb.save_to_buffer()?)
}

/// The audit workbook `Pruefprotokoll_JJJJ-MM.xlsx` for controlling (SPEC §4): the input
/// files with their hashes, the reconciliation and the rejected rows — the raw input rows,
/// birth dates included, that the management workbooks must not carry (data minimisation).
pub(crate) fn pruefmappe(
    a: &Auswertung,
    buch: &Laufbuch,
    zahlen: &Kennzahltabelle,
    (fassung, werk): (&Fassung, &Regelwerk),
    nachweis: &pruefprotokoll::Nachweis,
) -> Ergebnis<Vec<u8>> {
    let leer = Kennzahltabelle::leer(crate::katalog::TERMINTREUE);
    let (ctx, mut wb, _) = beginnen(
        a,
        buch,
        (zahlen, &leer),
        (fassung, werk),
        "Prüfprotokoll Beratungscontrolling",
    )?;
    pruefprotokoll::blaetter(&mut wb, &ctx, nachweis)?;
    Ok(wb.save_to_buffer()?)
}

/// A workbook of month M's run: its sheets' context, the empty workbook with its document
/// properties (title „`art` Monat Jahr“, creation date the Stichtag), and the title.
fn beginnen<'a>(
    a: &'a Auswertung,
    buch: &'a Laufbuch,
    (zahlen, terminzahlen): (&'a Kennzahltabelle, &'a Kennzahltabelle),
    (fassung, werk): (&'a Fassung, &'a Regelwerk),
    art: &str,
) -> Result<(Kontext<'a>, Workbook, String), XlsxError> {
    let ctx = Kontext {
        auswertung: a,
        buch,
        zahlen,
        terminzahlen,
        fassung,
        werk,
        formate: Formate::neu(),
    };
    let mut wb = Workbook::new();
    let titel = format!("{art} {} {}", monatsname(a.monat.monat), a.monat.jahr);
    wb.set_properties(&eigenschaften(&titel, a.stichtag, fassung)?);
    Ok((ctx, wb, titel))
}

/// „Termintreue“ of the Jobcenter workbook: the Jobcenter for all customers and per group,
/// then each Geschäftsstelle for all its customers (its groups are in its own workbook and in
/// `termintreue.csv`: the sheet stays one page; no teams, no customers).
fn termine_jobcenter(ws: &mut Worksheet, ctx: &Kontext) -> Result<(), XlsxError> {
    let zahlen = ctx.terminzahlen;
    let mut bloecke = vec![Terminblock {
        name: "Jobcenter gesamt".into(),
        summe: true,
        zeilen: zahlen.zeilen_von(&Einheit::Jobcenter).collect(),
    }];
    for gs in zahlen.ebene(Ebene::Geschaeftsstelle) {
        bloecke.push(Terminblock {
            name: gs.geschaeftsstelle.clone(),
            summe: false,
            zeilen: vec![gs],
        });
    }
    termintreue::blatt(
        ws,
        &ctx.formate,
        ctx.fassung,
        ctx.auswertung.monat,
        ctx.auswertung.stichtag,
        ctx.auswertung.termine.as_ref(),
        &bloecke,
        EMPFAENGER_JOBCENTER,
    )
}

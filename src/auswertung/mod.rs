//! From an export folder to one row per customer (the data behind `einzeldaten.csv`), with
//! the reconciliation that proves nothing was lost.
//!
//! This is where ingest meets the rules: the customer stock of month M is validated and
//! filtered to the population, then the notes of every folder ≤ M are streamed once, each
//! note counted under exactly one class, and only the latest counselling date per customer
//! is kept. [`auswerten`] lists the stages in order; each has a file of its own here
//! (`quellen`, `einlesen`, `terminlage`, `vermerke`, `faelle`; the distribution's data in
//! `verteilung`), returns its values and adds its rejected rows and files to the run's
//! [`Laufbuch`], where `auswerten` also writes down each stage's time.

use chrono::NaiveDate;

use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::fortschritt::Fortschritt;
use crate::ingest::folders::Monat;
use crate::ingest::laufbuch::Laufbuch;
use crate::ingest::organisation::Organisation;
use crate::ingest::personal::Personal;
use crate::ingest::spalten::Spaltennamen;
use crate::katalog::Kennzahltabelle;
use crate::lauf::Laufkonfiguration;
use crate::pass::VermerkeBilanz;
use crate::termintreue::Termintreue;
use crate::verteilung::gespraeche::Gespraechsvermerk;
use crate::verteilung::verlauf::{self, Verlauf};

mod einlesen;
mod faelle;
mod kennzahlen;
pub mod lagebild;
mod quellen;
mod terminlage;
mod vermerke;
pub mod verteilung;

pub(crate) use einlesen::spalten_der_regeln;
use einlesen::{einlesen, index_bilden, verlauf_vorbereiten};
use faelle::{faelle_bilden, unbekannte_teams_melden};
use kennzahlen::kennzahlen;
use quellen::{quellen_finden, termine_lesen_starten};
use terminlage::{termine_vorbereiten, Terminlage};
use vermerke::{vermerke_auswerten, Verteilungsvermerke};
use verteilung::{verteilung_bilden, Verteilungsergebnis};

pub use crate::bestand::{
    auswertungsbestand, Einzelfall, KundenBilanz, NICHT_ZUGEORDNET, OHNE_TEAM,
};

/// Everything one run computed before formatting (its rejected rows and files read are in
/// the run's [`Laufbuch`]).
#[derive(Debug)]
pub struct Auswertung {
    /// The month evaluated.
    pub monat: Monat,
    /// Its Stichtag.
    pub stichtag: NaiveDate,
    /// Population, sorted by Kundennummer.
    pub einzelfaelle: Vec<Einzelfall>,
    /// Customer reconciliation.
    pub kunden: KundenBilanz,
    /// Notes reconciliation.
    pub vermerke: VermerkeBilanz,
    /// The earliest Vermerkdatum of every valid note read: how far back the notes history
    /// goes (SPEC §4 „Notes history“); `None` without notes.
    pub vermerke_ab: Option<NaiveDate>,
    /// The site's column names applied (`--spalten`; empty without).
    pub spalten: Spaltennamen,
    /// The organisation of month M.
    pub organisation: Organisation,
    /// The month's appointments, when month M has a `termine.csv`.
    pub termine: Option<Termintreue>,
    /// Some month folder ≤ M has a `termine.csv`: the workbooks then have appointment sheets
    /// (saying so when M has none); without any, the outputs are those of a run before
    /// appointments were read.
    pub termine_im_export: bool,
}

/// Everything one run computed, owned: the rows and reconciliations, the figures and, with
/// `--verteilung`, the distribution's data — what the outputs format.
#[derive(Debug)]
pub struct Monatsergebnis {
    /// The rows, reconciliations and appointments of month M.
    pub auswertung: Auswertung,
    /// `kennzahlen.csv`'s rows.
    pub zahlen: Kennzahltabelle,
    /// `termintreue.csv`'s rows (none without appointments).
    pub terminzahlen: Kennzahltabelle,
    /// Stage 7, with `--verteilung`.
    pub verteilung: Option<Verteilungsergebnis>,
    /// Stage 8: the first page of the Jobcenter's workbook and, with `--verteilung`, of every
    /// unit's.
    pub lagebilder: std::collections::BTreeMap<Einheit, lagebild::Lagebild>,
}

/// What the notes pass collected for the distribution (a run without `--verteilung` collects
/// none of it).
#[derive(Debug)]
pub(crate) struct Verteilungsstand {
    /// Qualifying notes of population customers dated in month M up to the Stichtag.
    pub gespraeche: Vec<Gespraechsvermerk>,
    /// The 13-month trend.
    pub verlauf: Verlauf,
    /// `personal.csv` of month M, if it exists.
    pub personal: Option<Personal>,
}

/// Runs the stages of month M (ARCHITECTURE.md), each adding to `buch` and timed there: find
/// the exports, read them, index the population (with `--verteilung` the trend months'
/// customers after it), the month's appointments, one notes pass, one row per customer (and
/// the month's appointments judged), with `--verteilung` the trend, the figures, and with
/// `--verteilung` the distribution's data. Returns all of it.
pub fn auswerten(
    k: &Laufkonfiguration,
    fortschritt: &Fortschritt,
    buch: &mut Laufbuch,
) -> Ergebnis<Monatsergebnis> {
    // The reading stages' working data (the customer index, the pass's collections) is gone
    // before the figures are computed: a region's index alone is tens of MB.
    let (auswertung, verteilung) = lesen_bis_verlauf(k, fortschritt, buch)?;
    let (zahlen, terminzahlen) = kennzahlen(&auswertung, k.fassung())?;
    buch.schritt("kennzahlen");
    let verteilung = match (verteilung, &k.verteilung) {
        (Some(stand), Some(auftrag)) => {
            let v = verteilung_bilden(&auswertung, &zahlen, stand, auftrag, k.fassung())?;
            buch.schritt("verteilung_kennzahlen");
            Some(v)
        }
        _ => None,
    };
    let lagebilder = lagebild::lagebilder(
        &lagebild::Grundlage {
            zahlen: &zahlen,
            terminzahlen: &terminzahlen,
            fassung: k.fassung(),
            monat: k.monat,
            termine_im_export: auswertung.termine_im_export,
            verteilung: verteilung.as_ref(),
            faelle: &auswertung.einzelfaelle,
            vermerke_ab: auswertung.vermerke_ab,
            stichtag: auswertung.stichtag,
        },
        &einheiten_mit_mappe(&auswertung, &zahlen),
    );
    buch.schritt("lagebild");
    Ok(Monatsergebnis {
        auswertung,
        zahlen,
        terminzahlen,
        verteilung,
        lagebilder,
    })
}

/// Every Geschäftsstelle and team: those of `organisation.csv` and those with customers (the
/// units that get a workbook with `--verteilung`, as `Verteilungsdaten` lists them).
fn einheiten_mit_mappe(a: &Auswertung, zahlen: &Kennzahltabelle) -> Vec<Einheit> {
    let gs = verteilung::geschaeftsstellen(&a.organisation, zahlen);
    let teams = verteilung::teams(&a.organisation, zahlen);
    gs.into_iter()
        .map(Einheit::Geschaeftsstelle)
        .chain(teams.into_iter().map(Einheit::Team))
        .collect()
}

/// Stages 2–5 and the trend: from the export folders to one row per customer, and with
/// `--verteilung` what the notes pass collected for the distribution.
fn lesen_bis_verlauf(
    k: &Laufkonfiguration,
    fortschritt: &Fortschritt,
    buch: &mut Laufbuch,
) -> Ergebnis<(Auswertung, Option<Verteilungsstand>)> {
    let quellen = quellen_finden(k)?;
    let termine_faden = termine_lesen_starten(&quellen);
    let gelesen = einlesen(&quellen, k, buch)?;
    buch.schritt("kunden_und_organisation");

    let mut index = index_bilden(&gelesen.bestand);
    buch.schritt("kundenindex");
    let verlauf = match k.verteilung {
        Some(_) => {
            let v = verlauf_vorbereiten(&gelesen, &quellen.ordner, k, &mut index);
            buch.schritt("verlauf_bestaende");
            Some(v)
        }
        None => None,
    };

    // Appointments of M before the notes pass: it must know whose phone notes to collect.
    let termine = termine_vorbereiten(termine_faden, &quellen, k, &index, buch)?;
    buch.schritt("termine");
    let pass = vermerke_auswerten(
        &quellen.vermerke,
        k,
        &index,
        verlauf.as_ref(),
        &termine,
        fortschritt,
        buch,
    )?;
    buch.schritt("vermerke");
    let Terminlage { stand, frueher, .. } = termine;
    let (termine_m, einzelfaelle) = faelle_bilden(
        gelesen.bestand,
        &pass,
        k,
        &gelesen.organisation,
        stand,
        frueher.as_deref(),
        &index,
    );
    buch.schritt("einzelfaelle");
    buch.abweisungen.fehler_pruefen()?;
    unbekannte_teams_melden(&einzelfaelle, &gelesen.organisation);

    // The trend needs the rows and the judged appointments: last.
    let verteilung = match (verlauf, pass.verteilung) {
        (Some(vorbereitung), Some(gesammelt)) => {
            let termine = frueher.as_deref().map(|f| verlauf::Verlaufstermine {
                frueher: f,
                monat: termine_m.as_ref(),
                telefonate: &pass.telefonate,
                index: &index,
                werk: &k.regeldatei.werk,
            });
            let stand = verteilungsstand(
                vorbereitung,
                gesammelt,
                gelesen.personal,
                k,
                &einzelfaelle,
                termine,
                buch,
            )?;
            buch.schritt("verlauf");
            Some(stand)
        }
        _ => None,
    };

    let auswertung = Auswertung {
        vermerke_ab: pass.erster_vermerk,
        monat: k.monat,
        stichtag: k.stichtag,
        einzelfaelle,
        kunden: gelesen.bilanz,
        vermerke: pass.bilanz,
        spalten: k.spalten.clone(),
        organisation: gelesen.organisation,
        termine: termine_m,
        termine_im_export: quellen.termine_im_export(),
    };
    Ok((auswertung, verteilung))
}

/// Stage 7's start: the trend (its earlier months prepared before the pass, the report month
/// from the rows and the appointments `termine`) and what the pass collected for the
/// distribution; the trend's files join the record.
fn verteilungsstand(
    vorbereitung: verlauf::Vorbereitung,
    gesammelt: Verteilungsvermerke,
    personal: Option<Personal>,
    k: &Laufkonfiguration,
    einzelfaelle: &[Einzelfall],
    termine: Option<verlauf::Verlaufstermine<'_>>,
    buch: &mut Laufbuch,
) -> Ergebnis<Verteilungsstand> {
    for datei in &vorbereitung.eingaben {
        buch.gelesen(datei.clone());
    }
    let verlauf = verlauf::berechnen(
        vorbereitung,
        gesammelt.verlaufstage,
        (k.monat, &k.fassung().richtlinie.version),
        einzelfaelle,
        termine,
    )?;
    Ok(Verteilungsstand {
        gespraeche: gesammelt.gespraeche,
        verlauf,
        personal,
    })
}

//! From an export folder to one row per customer (the data behind `einzeldaten.csv`), with
//! the reconciliation that proves nothing was lost.
//!
//! This is where ingest meets the rules: the customer stock of month M is validated and
//! filtered to the population, then the notes of every folder ≤ M are streamed once, each
//! note counted under exactly one class, and only the latest counselling date per customer
//! is kept. [`auswerten`] lists the stages in order; each is one function below, in the same
//! order, that returns its values and adds its rejected rows, files and time to the run's
//! [`Laufbuch`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::einheitscodes::Einheitscodes;
use crate::error::Ergebnis;
use crate::fortschritt::Fortschritt;
use crate::ingest::folders::{monatsordner, Monat};
use crate::ingest::kennung::{Kennungsindex, Kundenplatz};
use crate::ingest::kunden::Kundendatei;
use crate::ingest::kunden::{kunden_lesen, Kunde};
use crate::ingest::laufbuch::Laufbuch;
use crate::ingest::organisation::{organisation_lesen, Organisation};
use crate::ingest::personal::{personal_lesen, Personal};
use crate::ingest::quelle::Quelle;
use crate::ingest::spalten::Spaltennamen;
use crate::ingest::termine::{termine_lesen, Termin, Termindatei, Terminstatus};
use crate::lauf::Laufkonfiguration;
use crate::pass::{letzte_beratungen, Massstab, VermerkeBilanz};
use crate::rules::beratung::tage_seit_beratung;
use crate::rules::gruppen::{self, alter, zusatzspalten};
use crate::rules::zuordnung::einheit_zuordnen;
use crate::rules::Fassung;
use crate::termintreue::telefonate::{Telefonfilter, Telefonsammler};
use crate::termintreue::{self, Telefonat, Terminstand, Termintreue};
use crate::verteilung::gespraeche::{Gespraechssammler, Gespraechsvermerk};
use crate::verteilung::verlauf::{self, Verlauf};
use crate::verteilung::verlaufsmonate::{Verlaufsmonate, Verlaufsplan};

pub mod verteilung;

pub use crate::bestand::{
    auswertungsbestand, Einzelfall, KundenBilanz, NICHT_ZUGEORDNET, OHNE_TEAM,
};

/// The thread reading month M's `termine.csv`: its result and the file it read.
type TermineFaden = std::thread::JoinHandle<(Ergebnis<Termindatei>, Quelle)>;

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
    /// The site's column names applied (`--spalten`; empty without).
    pub spalten: Spaltennamen,
    /// The organisation of month M.
    pub organisation: Organisation,
    /// With `--verteilung`: what the notes pass collected for the distribution (taken by
    /// [`verteilung::Verteilungsdaten::bilden`]).
    pub verteilung: Option<Verteilungsstand>,
    /// The month's appointments, when month M has a `termine.csv`.
    pub termine: Option<Termintreue>,
    /// Some month folder ≤ M has a `termine.csv`: the workbooks then have appointment sheets
    /// (saying so when M has none); without any, the outputs are those of a run before
    /// appointments were read.
    pub termine_im_export: bool,
}

/// What the notes pass collected for the distribution (a run without `--verteilung` collects
/// none of it).
#[derive(Debug)]
pub struct Verteilungsstand {
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
/// the month's appointments judged), and — with `--verteilung` — the trend and what the pass
/// collected for the distribution.
pub fn auswerten(
    k: &Laufkonfiguration,
    fortschritt: &Fortschritt,
    buch: &mut Laufbuch,
) -> Ergebnis<Auswertung> {
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
                regeln: &k.regeln.werk,
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

    Ok(Auswertung {
        monat: k.monat,
        stichtag: k.stichtag,
        einzelfaelle,
        kunden: gelesen.bilanz,
        vermerke: pass.bilanz,
        spalten: k.spalten.clone(),
        organisation: gelesen.organisation,
        verteilung,
        termine: termine_m,
        termine_im_export: quellen.termine_im_export(),
    })
}

/// The exports of a run, found (not read) before any heavy reading.
struct Quellen {
    /// Every month folder up to M, in month order.
    ordner: Vec<(Monat, PathBuf)>,
    /// Month M's folder.
    eigener: PathBuf,
    organisation: Quelle,
    kunden: Quelle,
    /// The notes extract of each folder (month M's is there).
    vermerke: Vec<(Monat, Option<Quelle>)>,
    /// The appointment calendar of each folder, where there is one.
    termine: Vec<(Monat, Option<Quelle>)>,
}

impl Quellen {
    /// Some folder ≤ M has a calendar.
    fn termine_im_export(&self) -> bool {
        self.termine.iter().any(|(_, q)| q.is_some())
    }
}

/// Month M's own folder must hold all three exports: checked before any heavy reading. The
/// notes extracts and calendars of every folder ≤ M are found here once.
fn quellen_finden(k: &Laufkonfiguration) -> Ergebnis<Quellen> {
    let (monat, spalten) = (k.monat, &k.spalten);
    let ordner = monatsordner(&k.eingabe, monat)?;
    let (_, eigener) = ordner.last().expect("monatsordner ensures month M").clone();
    let organisation = Quelle::pflicht(&eigener, monat, "organisation", spalten)?;
    let kunden = Quelle::pflicht(&eigener, monat, "kunden", spalten)?;
    let je_ordner = |name: &str| {
        ordner
            .iter()
            .map(|(m, p)| Ok((*m, Quelle::finden(p, *m, name, spalten)?)))
            .collect::<Ergebnis<Vec<_>>>()
    };
    let vermerke = je_ordner("vermerke")?;
    if vermerke.last().is_none_or(|(_, q)| q.is_none()) {
        return Err(crate::error::Fehler::DateiFehlt {
            pfad: eigener.join("vermerke.csv"),
        });
    }
    let termine = je_ordner("termine")?;
    Ok(Quellen {
        ordner,
        eigener,
        organisation,
        kunden,
        vermerke,
        termine,
    })
}

/// Month M's termine.csv is read on a thread of its own while the organisation and the
/// customers are read (that step keeps one core idle most of its time); the result is taken
/// where it is needed, so every error still stops the run in the same order.
fn termine_lesen_starten(q: &Quellen) -> Option<TermineFaden> {
    q.termine
        .last()
        .and_then(|(_, q)| q.clone())
        .map(|q| std::thread::spawn(move || (termine_lesen(&q), q)))
}

/// What stage 3 read of month M's own folder.
struct Gelesen {
    organisation: Organisation,
    /// `personal.csv`, read only with the distribution.
    personal: Option<Personal>,
    /// The population, sorted by Kundennummer.
    bestand: Vec<Kunde>,
    bilanz: KundenBilanz,
}

/// Stage 3: month M's organisation, `personal.csv` (optional, only read for the
/// distribution's conversation figures: a broken one stops the run here, before the heavy
/// reading) and customers, reduced to the population. Files are recorded in the order
/// organisation, customers, personnel.
fn einlesen(q: &Quellen, k: &Laufkonfiguration, buch: &mut Laufbuch) -> Ergebnis<Gelesen> {
    let (organisation, org_datei) = organisation_lesen(&q.organisation)?;
    buch.gelesen(org_datei);
    let personal_quelle = Quelle::finden(&q.eigener, k.monat, "personal", &k.spalten)?;
    let personal = match (k.verteilung.is_some(), personal_quelle) {
        (true, Some(q)) => Some(personal_lesen(&q)?),
        (true, None) => {
            tracing::warn!(
                "{}/personal.csv fehlt: Gespräche je Vollzeitäquivalent werden nicht ausgewiesen",
                k.monat
            );
            None
        }
        _ => None,
    };
    let (bestand, bilanz) = bestand_lesen(&q.kunden, k, buch)?;
    let personal = personal.map(|(p, datei)| {
        buch.gelesen(datei);
        p
    });
    Ok(Gelesen {
        organisation,
        personal,
        bestand,
        bilanz,
    })
}

/// Reads month M's customers and keeps the population, sorted by Kundennummer: every
/// customer output is in that order. A month without population stops the run, naming why
/// each row was left out.
fn bestand_lesen(
    quelle: &Quelle,
    k: &Laufkonfiguration,
    buch: &mut Laufbuch,
) -> Ergebnis<(Vec<Kunde>, KundenBilanz)> {
    let (stichtag, regeln) = (k.stichtag, k.fassung());
    let mut kundendatei = kunden_lesen(quelle, stichtag, &zusatzspalten(regeln))?;
    spalten_der_regeln(regeln, &k.regeln.quelle, &kundendatei)?;
    let abgewiesen = buch.abweisungen_uebernehmen(
        quelle,
        &kundendatei.datei,
        std::mem::take(&mut kundendatei.abweisungen),
    )?;
    tracing::info!(
        "{}: {} Zeilen, {} gültig, {abgewiesen} abgewiesen",
        kundendatei.datei.pfad,
        kundendatei.datei.zeilen,
        kundendatei.kunden.len(),
    );
    let mut bilanz = KundenBilanz {
        gelesen: kundendatei.datei.zeilen,
        abgewiesen,
        ..Default::default()
    };
    let bestand = auswertungsbestand(kundendatei.kunden, stichtag, &mut bilanz);
    if bestand.is_empty() {
        return Err(bestand_leer(&quelle.pfad, &bilanz, stichtag));
    }
    buch.gelesen(kundendatei.datei);
    Ok((bestand, bilanz))
}

/// The error for a month without population, with the reasons every row was left out for.
fn bestand_leer(pfad: &Path, b: &KundenBilanz, stichtag: NaiveDate) -> crate::error::Fehler {
    let teile: Vec<String> = [
        ("abgewiesen", b.abgewiesen),
        ("noch nicht zugegangen", b.noch_nicht_zugegangen),
        ("abgemeldet", b.abgemeldet),
        ("mit Sperrkennzeichen", b.sperrkennzeichen),
        ("vollzeitschulpflichtig", b.vollzeitschulpflicht),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(was, n)| format!("{n} {was}"))
    .collect();
    crate::error::Fehler::BestandLeer {
        pfad: pfad.to_path_buf(),
        gelesen: b.gelesen,
        aufschluesselung: if teile.is_empty() {
            "keine".into()
        } else {
            teile.join(", ")
        },
        stichtag: crate::ingest::dates::deutsch(stichtag),
    }
}

/// A condition of the version applied names a site column `kunden.csv` lacks: exit 2 naming
/// the version, the group and the column (SPEC §3).
pub(crate) fn spalten_der_regeln(f: &Fassung, quelle: &str, kunden: &Kundendatei) -> Ergebnis<()> {
    match kunden.fehlende_zusatzspalten.first() {
        None => Ok(()),
        Some(spalte) => Err(crate::error::Fehler::RegelnNichtAnwendbar {
            quelle: quelle.to_string(),
            grund: format!(
                "Fassung {}, Gruppe „{}“: die Bedingung nennt die Spalte „{spalte}“, die {} nicht \
                 hat",
                f.richtlinie.version,
                f.gruppe_mit_spalte(spalte).map_or("", |g| g.id.as_str()),
                kunden.datei.pfad
            ),
        }),
    }
}

/// The index the notes pass and the appointments look customers up in: the population, at
/// its positions.
fn index_bilden(bestand: &[Kunde]) -> Kennungsindex {
    let mut index = Kennungsindex::mit_platz_fuer(bestand.len());
    for (i, kunde) in bestand.iter().enumerate() {
        index.einfuegen(&kunde.kundennummer, Kundenplatz::Bestand(i));
    }
    index
}

/// With the distribution: the twelve earlier trend months' stocks read, their customers not
/// in the population joining the index as trend customers, so one notes pass serves both.
fn verlauf_vorbereiten(
    g: &Gelesen,
    ordner: &[(Monat, PathBuf)],
    k: &Laufkonfiguration,
    index: &mut Kennungsindex,
) -> verlauf::Vorbereitung {
    let nummern: Vec<&str> = g.bestand.iter().map(|k| k.kundennummer.as_str()).collect();
    let codes = einheitscodes(&g.bestand, &g.organisation);
    verlauf::vorbereiten(ordner, k, (&nummern, codes), index)
}

/// The unit codes of month M's population, by its teams' assignment (SPEC §3), before the
/// customer rows exist.
fn einheitscodes(bestand: &[Kunde], organisation: &Organisation) -> Einheitscodes {
    let teams: std::collections::BTreeSet<&str> = bestand.iter().map(|k| k.team.as_str()).collect();
    let paare: Vec<(String, String)> = teams
        .into_iter()
        .map(|t| {
            let (team, gs) = einheit_zuordnen(t, organisation);
            (gs, team)
        })
        .collect();
    Einheitscodes::aus_einheiten(paare.iter().map(|(g, t)| (g.as_str(), t.as_str())))
}

/// The appointments known before the notes pass.
struct Terminlage {
    /// Month M's appointments, classified (when M has a `termine.csv`).
    stand: Option<Terminstand>,
    /// With the distribution: the earlier months' appointments („Termintreue gefährdet“ and
    /// the trend).
    frueher: Option<Vec<(Monat, Vec<Termin>)>>,
    /// Per Verbund position: the pass collects this customer's phone notes.
    nachfass_kunden: Vec<bool>,
    /// From this day on.
    telefon_ab: NaiveDate,
}

/// Month M's calendar (from its reading thread) classified and, with the distribution, the
/// calendars of the months before („Termintreue gefährdet“ also looks at the eleven months
/// before); then whose phone notes the pass must collect.
fn termine_vorbereiten(
    faden: Option<TermineFaden>,
    quellen: &Quellen,
    k: &Laufkonfiguration,
    index: &Kennungsindex,
    buch: &mut Laufbuch,
) -> Ergebnis<Terminlage> {
    let stand = termine_einordnen(faden, k, index, buch)?;
    let frueher = match (quellen.termine_im_export(), k.verteilung.is_some()) {
        (true, true) => Some(fruehere_termine(&quellen.termine, k.monat, buch)?),
        _ => None,
    };
    let (nachfass_kunden, telefon_ab) =
        nachfass_kunden(stand.as_ref(), frueher.as_deref(), index, k.monat);
    Ok(Terminlage {
        stand,
        frueher,
        nachfass_kunden,
        telefon_ab,
    })
}

/// The reading of month M's `termine.csv` (started on its own thread), its rejected rows and
/// record entry taken over, every row classified ([`termintreue::einordnen`]).
fn termine_einordnen(
    faden: Option<TermineFaden>,
    k: &Laufkonfiguration,
    index: &Kennungsindex,
    buch: &mut Laufbuch,
) -> Ergebnis<Option<Terminstand>> {
    let Some(faden) = faden else {
        return Ok(None);
    };
    let (d, q) = faden
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p));
    let mut d = d?;
    let abgewiesen =
        buch.abweisungen_uebernehmen(&q, &d.datei, std::mem::take(&mut d.abweisungen))?;
    buch.gelesen(d.datei.clone());
    Ok(Some(termintreue::einordnen(
        d, abgewiesen, index, k.monat, k.stichtag,
    )))
}

/// The appointments of the twelve month folders before M that have a `termine.csv` (the trend
/// and „Termintreue gefährdet“), each only those dated in its own month (SPEC §3: an
/// appointment counts from the folder of the month it is dated in). Their rejected rows belong
/// to their own month's run: neither counted nor listed here; the files are recorded as read.
fn fruehere_termine(
    quellen: &[(Monat, Option<Quelle>)],
    monat: Monat,
    buch: &mut Laufbuch,
) -> Ergebnis<Vec<(Monat, Vec<Termin>)>> {
    let mut alle = Vec::new();
    for (m, q) in quellen {
        let Some(q) = q else { continue };
        // The trend's earlier months (its thirteen months less M itself).
        if *m >= monat || m.nummer() < monat.nummer() - (verlauf::MONATE as i32 - 1) {
            continue;
        }
        let d = termine_lesen(q)?;
        buch.gelesen(d.datei);
        let eigene: Vec<Termin> = d
            .termine
            .into_iter()
            .filter(|t| Monat::von_datum(t.datum) == *m)
            .collect();
        alle.push((*m, eigene));
    }
    Ok(alle)
}

/// Whose phone notes the notes pass collects (per Verbund position): population customers
/// with a no-show in M and, for the trend, any customer with a no-show in an earlier month;
/// and from which day (the first month that has appointments: each lookup costs).
fn nachfass_kunden(
    stand: Option<&Terminstand>,
    frueher: Option<&[(Monat, Vec<Termin>)]>,
    index: &Kennungsindex,
    monat: Monat,
) -> (Vec<bool>, NaiveDate) {
    let mut kunden = vec![false; index.verbund()];
    if let Some(t) = stand {
        for (p, ja) in t.nachfass_kunden.iter().enumerate() {
            kunden[p] |= *ja;
        }
    }
    for (_, termine) in frueher.iter().copied().flatten() {
        for t in termine
            .iter()
            .filter(|t| t.status == Terminstatus::NichtErschienen)
        {
            if let Some(p) = index.kunde(&t.kundennummer) {
                kunden[p.verbund()] = true;
            }
        }
    }
    let ab = frueher
        .iter()
        .copied()
        .flatten()
        .map(|(m, _)| m.erster_tag())
        .min()
        .unwrap_or(monat.erster_tag())
        .min(monat.erster_tag());
    (kunden, ab)
}

/// What the notes pass gave.
struct Passergebnis {
    bilanz: VermerkeBilanz,
    /// Latest counselling per population customer.
    letzte: Vec<Option<NaiveDate>>,
    /// Phone notes of customers with a no-show.
    telefonate: Vec<Telefonat>,
    /// With the distribution: what it needs of the notes.
    verteilung: Option<Verteilungsvermerke>,
}

/// What the notes pass collected for the distribution.
struct Verteilungsvermerke {
    /// The trend's latest counselling per Verbund position and trend month.
    verlaufstage: Vec<i32>,
    /// The month's conversations.
    gespraeche: Vec<Gespraechsvermerk>,
}

/// Stage 4, the one notes pass, with its consumers — each only when the run needs it: the
/// trend months and the month's conversations with the distribution; the phone notes when
/// someone missed an appointment (no no-show anywhere: no phone note is looked up).
fn vermerke_auswerten(
    dateien: &[(Monat, Option<Quelle>)],
    k: &Laufkonfiguration,
    index: &Kennungsindex,
    verlauf: Option<&verlauf::Vorbereitung>,
    termine: &Terminlage,
    fortschritt: &Fortschritt,
    buch: &mut Laufbuch,
) -> Ergebnis<Passergebnis> {
    let typen = k.fassung().vermerktypen_normiert();
    let massstab = Massstab {
        index,
        stichtag: k.stichtag,
        typen: &typen,
    };
    // The distribution's consumers come with the trend's preparation.
    let plan = verlauf.map(|v| Verlaufsplan {
        erster_monat: v.erster_monat,
        monate: verlauf::MONATE,
        verbund: index.verbund(),
    });
    let telefon = termine
        .nachfass_kunden
        .contains(&true)
        .then_some(Telefonfilter {
            von: termine.telefon_ab,
            bis: k.stichtag,
            kunden: &termine.nachfass_kunden,
        });
    let verbraucher = || {
        (
            plan.map(Verlaufsmonate::neu),
            plan.map(|_| Gespraechssammler::neu(k.monat.erster_tag(), k.stichtag)),
            telefon.map(Telefonsammler::neu),
        )
    };
    let stand = letzte_beratungen(dateien, &massstab, &verbraucher, fortschritt, buch)?;
    let (verlaufsmonate, gespraeche, telefonate) = stand.verbraucher;
    Ok(Passergebnis {
        bilanz: stand.bilanz,
        letzte: stand.letzte,
        telefonate: telefonate.map(|t| t.telefonate).unwrap_or_default(),
        verteilung: verlaufsmonate
            .zip(gespraeche)
            .map(|(v, g)| Verteilungsvermerke {
                verlaufstage: v.tage,
                gespraeche: g.vermerke,
            }),
    })
}

/// „Termintreue gefährdet“ looks at the appointments of M and of this many months before it
/// (SPEC §3: twelve months in all).
const GEFAEHRDET_FRUEHERE_MONATE: i32 = 11;

/// Stage 5: one row per population customer (`bestand` with the latest counselling the
/// `pass` found) and, beside it, month M's appointments judged (`stand`; `frueher` the
/// earlier months', the pass's phone notes). The two need nothing of each other: side by side, on the
/// two cores (bremen: 0.035 s and 0.07 s, one core each).
fn faelle_bilden(
    bestand: Vec<Kunde>,
    pass: &Passergebnis,
    k: &Laufkonfiguration,
    organisation: &Organisation,
    stand: Option<Terminstand>,
    frueher: Option<&[(Monat, Vec<Termin>)]>,
    index: &Kennungsindex,
) -> (Option<Termintreue>, Vec<Einzelfall>) {
    let (monat, stichtag, regeln) = (k.monat, k.stichtag, k.fassung());
    std::thread::scope(|s| {
        let termine = stand.map(|t| {
            s.spawn(move || {
                let gefaehrdet_fenster = frueher.map(|f| {
                    f.iter()
                        .filter(|(m, _)| m.nummer() >= monat.nummer() - GEFAEHRDET_FRUEHERE_MONATE)
                        .flat_map(|(_, t)| t.iter())
                        .collect::<Vec<&Termin>>()
                });
                termintreue::berechnen(
                    t,
                    &pass.telefonate,
                    stichtag,
                    &regeln.termintreue,
                    gefaehrdet_fenster,
                    index,
                )
            })
        });
        let einzelfaelle =
            einzelfaelle_bilden(bestand, &pass.letzte, regeln, stichtag, organisation);
        let termine = termine.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (termine, einzelfaelle)
    })
}

/// One row per population customer (in the stock's order): group, age, days since the last
/// counselling and the unit, by the rules of `regeln`.
fn einzelfaelle_bilden(
    bestand: Vec<Kunde>,
    letzte: &[Option<NaiveDate>],
    regeln: &Fassung,
    stichtag: NaiveDate,
    organisation: &Organisation,
) -> Vec<Einzelfall> {
    let gruppen = gruppen::gruppen_zuordnen(regeln, &bestand, stichtag);
    bestand
        .into_iter()
        .zip(letzte.iter().copied())
        .zip(gruppen)
        .map(|((k, l), g)| {
            let jahre = alter(k.geburtsdatum, stichtag);
            let regel = regeln.gruppe(g);
            let (tage, nie) = tage_seit_beratung(l, k.zugang, stichtag);
            let (team, gs) = einheit_zuordnen(&k.team, organisation);
            Einzelfall {
                kundennummer: k.kundennummer,
                geschaeftsstelle: gs.into(),
                team: team.into(),
                ifk: k.ifk,
                gruppe: g,
                alter: jahre,
                letzte_beratung: l,
                tage,
                nie_beraten: nie,
                zielwert: regel.zielwert,
                mindestwert: regel.mindestwert,
            }
        })
        .collect()
}

/// Customers whose team organisation.csv does not know are reported under
/// „(nicht zugeordnet)“: said once, with the team codes.
fn unbekannte_teams_melden(einzelfaelle: &[Einzelfall], organisation: &Organisation) {
    let unbekannt: std::collections::BTreeSet<&str> = einzelfaelle
        .iter()
        .filter(|e| e.team != OHNE_TEAM && !organisation.contains_key(e.team.as_str()))
        .map(|e| e.team.as_str())
        .collect();
    if !unbekannt.is_empty() {
        tracing::warn!(
            "Teams ohne Eintrag in organisation.csv (→ {NICHT_ZUGEORDNET}): {}",
            unbekannt.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
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

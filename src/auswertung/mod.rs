//! From an export folder to one row per customer (the data behind `einzeldaten.csv`), with
//! the reconciliation that proves nothing was lost.
//!
//! This is where ingest meets the rules: the customer stock of month M is validated and
//! filtered to the population, then the notes of every folder ≤ M are streamed once, each
//! note counted under exactly one class, and only the latest counselling date per customer
//! is kept.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::einheitscodes::Einheitscodes;
use crate::error::Ergebnis;
use crate::fortschritt::{Fortschritt, Laufzeiten};
use crate::ingest::abweisungen::Abweisungen;
use crate::ingest::folders::{monatsordner, Monat};
use crate::ingest::kennung::{Kennungsindex, Kundenplatz};
use crate::ingest::kunden::Kundendatei;
use crate::ingest::kunden::{kunden_lesen, Kunde};
use crate::ingest::organisation::{organisation_lesen, Organisation};
use crate::ingest::personal::{personal_lesen, Personal};
use crate::ingest::quelle::Quelle;
use crate::ingest::spalten::Spaltennamen;
use crate::ingest::termine::{termine_lesen, Termin, Termindatei, Terminstatus};
use crate::ingest::Eingabedatei;
use crate::lauf::Laufkonfiguration;
use crate::pass::{letzte_beratungen, Massstab, VermerkeBilanz};
use crate::rules::beratung::tage_seit_beratung;
use crate::rules::gruppen::{self, alter, zusatzspalten};
use crate::rules::zuordnung::einheit_zuordnen;
use crate::rules::Fassung;
use crate::termintreue::telefonate::{Telefonfilter, Telefonsammler};
use crate::termintreue::{self, Telefonat, Termintreue};
use crate::verteilung::gespraeche::{Gespraechssammler, Gespraechsvermerk};
use crate::verteilung::verlauf::{self, Verlauf};
use crate::verteilung::verlaufsmonate::{Verlaufsmonate, Verlaufsplan};

pub mod verteilung;

pub use crate::bestand::{
    auswertungsbestand, Einzelfall, KundenBilanz, NICHT_ZUGEORDNET, OHNE_TEAM,
};

/// Appointments of months before M, each month with those dated in it.
type FruehereTermine = [(Monat, Vec<Termin>)];

/// The thread reading month M's `termine.csv`: its result and the file it read.
type TermineFaden = std::thread::JoinHandle<(Ergebnis<Termindatei>, Quelle)>;

/// Everything one run computed before formatting.
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
    /// Rejected rows (read back in file and line order).
    pub abweisungen: Abweisungen,
    /// Files read, in reading order.
    pub eingaben: Vec<Eingabedatei>,
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

/// Reads month M's customers (their rejected rows into `abweisungen`) and keeps the
/// population, sorted by Kundennummer: every customer output is in that order. A month
/// without population stops the run, naming why each row was left out.
fn bestand_lesen(
    quelle: &Quelle,
    k: &Laufkonfiguration,
    abweisungen: &mut Abweisungen,
) -> Ergebnis<(Vec<Kunde>, KundenBilanz, Eingabedatei)> {
    let (stichtag, regeln) = (k.stichtag, k.fassung());
    let mut kundendatei = kunden_lesen(quelle, stichtag, &zusatzspalten(regeln))?;
    spalten_der_regeln(regeln, &k.regeln.quelle, &kundendatei)?;
    let abgewiesen = kundendatei.abweisungen.len();
    for a in std::mem::take(&mut kundendatei.abweisungen) {
        abweisungen.hinzu(a);
    }
    abweisungen.quote_pruefen(
        &quelle.pfad,
        &kundendatei.datei.pfad,
        kundendatei.datei.zeilen,
    )?;
    tracing::info!(
        "{}: {} Zeilen, {} gültig, {abgewiesen} abgewiesen",
        kundendatei.datei.pfad,
        kundendatei.datei.zeilen,
        kundendatei.kunden.len(),
    );
    let mut bilanz = KundenBilanz {
        gelesen: kundendatei.datei.zeilen,
        abgewiesen: abweisungen.len(),
        ..Default::default()
    };
    let bestand = auswertungsbestand(kundendatei.kunden, stichtag, &mut bilanz);
    if bestand.is_empty() {
        return Err(bestand_leer(&quelle.pfad, &bilanz, stichtag));
    }
    Ok((bestand, bilanz, kundendatei.datei))
}

/// The reading of month M's `termine.csv` (started on its own thread), its rejected rows and
/// record entry taken over, every row classified ([`termintreue::einordnen`]).
fn termine_einordnen(
    faden: Option<TermineFaden>,
    k: &Laufkonfiguration,
    index: &Kennungsindex,
    abweisungen: &mut Abweisungen,
    eingaben: &mut Vec<Eingabedatei>,
) -> Ergebnis<Option<termintreue::Terminstand>> {
    let Some(faden) = faden else {
        return Ok(None);
    };
    let (d, q) = faden
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p));
    let mut d = d?;
    let abgewiesen = d.abweisungen.len() as u64;
    for a in std::mem::take(&mut d.abweisungen) {
        abweisungen.hinzu(a);
    }
    abweisungen.quote_pruefen(&q.pfad, &d.datei.pfad, d.datei.zeilen)?;
    eingaben.push(d.datei.clone());
    Ok(Some(termintreue::einordnen(
        d, abgewiesen, index, k.monat, k.stichtag,
    )))
}

/// Whose phone notes the notes pass collects (index positions, `laenge` of them): population
/// customers with a no-show in M and, for the trend, any customer with a no-show in an earlier
/// month; and from which day (the first month that has appointments: each lookup costs).
fn nachfass_kunden(
    terminstand: Option<&termintreue::Terminstand>,
    frueher: Option<&[(Monat, Vec<Termin>)]>,
    index: &Kennungsindex,
    laenge: usize,
    monat: Monat,
) -> (Vec<bool>, NaiveDate) {
    let mut kunden = vec![false; laenge];
    if let Some(t) = terminstand {
        for (p, ja) in t.nachfass_kunden.iter().enumerate() {
            kunden[p] |= *ja;
        }
    }
    for (_, termine) in frueher.iter().copied().flatten() {
        for t in termine
            .iter()
            .filter(|t| t.status == Terminstatus::NichtErschienen)
        {
            let p = index.kunde(&t.kundennummer).map(Kundenplatz::verbund);
            if let Some(slot) = p.and_then(|p| kunden.get_mut(p)) {
                *slot = true;
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

/// One row per population customer (in the stock's order): group, age, days since the last
/// counselling and the unit, by the rules of `regeln`.
fn einzelfaelle_bilden(
    bestand: Vec<Kunde>,
    letzte: Vec<Option<NaiveDate>>,
    regeln: &Fassung,
    stichtag: NaiveDate,
    organisation: &Organisation,
) -> Vec<Einzelfall> {
    let gruppen = gruppen::gruppen_zuordnen(regeln, &bestand, stichtag);
    bestand
        .into_iter()
        .zip(letzte)
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

/// Runs the stages of month M (ARCHITECTURE.md): find the exports, read them, one notes
/// pass, one row per customer (and the month's appointments judged), and — with
/// `--verteilung` — the trend and what the pass collected for the distribution.
pub fn auswerten(
    k: &Laufkonfiguration,
    fortschritt: &Fortschritt,
    laufzeiten: &mut Laufzeiten,
) -> Ergebnis<Auswertung> {
    let quellen = quellen_finden(k)?;
    let termine_faden = termine_lesen_starten(&quellen);
    let mut g = einlesen(&quellen, k)?;
    laufzeiten.schritt("kunden_und_organisation");

    let mut index = index_bilden(&g, &quellen.ordner, k, laufzeiten);
    // Appointments of M before the notes pass: it must know whose phone notes to collect.
    let termine = termine_vorbereiten(
        termine_faden,
        &quellen,
        k,
        &index,
        (&mut g.abweisungen, &mut g.eingaben),
    )?;
    laufzeiten.schritt("termine");
    let pass = vermerke_auswerten(
        &quellen.vermerke,
        k,
        &index,
        &termine,
        fortschritt,
        (&mut g.abweisungen, &mut g.eingaben),
    )?;
    laufzeiten.schritt("vermerke");
    let (termine_m, einzelfaelle) = faelle_bilden(
        g.bestand,
        pass.letzte,
        k,
        &g.organisation,
        (termine.stand, termine.frueher.as_deref(), &pass.telefonate),
        &index.index,
    );
    laufzeiten.schritt("einzelfaelle");
    g.abweisungen.fehler_pruefen()?;
    unbekannte_teams_melden(&einzelfaelle, &g.organisation);

    // The trend needs the rows and the judged appointments: last.
    let verteilung = match index.verlauf.take() {
        Some(vorbereitung) => {
            let termine_im_verlauf = termine.frueher.as_ref().map(|f| verlauf::Verlaufstermine {
                frueher: f,
                monat: termine_m.as_ref(),
                telefonate: &pass.telefonate,
                index: &index.index,
                regeln: &k.regeln.werk,
            });
            let stand = verteilungsstand(
                vorbereitung,
                (pass.verlaufstage, pass.gespraeche, g.personal),
                k,
                &einzelfaelle,
                termine_im_verlauf,
                &mut g.eingaben,
            )?;
            laufzeiten.schritt("verlauf");
            Some(stand)
        }
        None => None,
    };

    Ok(Auswertung {
        monat: k.monat,
        stichtag: k.stichtag,
        einzelfaelle,
        kunden: g.bilanz,
        vermerke: pass.bilanz,
        abweisungen: g.abweisungen,
        eingaben: g.eingaben,
        spalten: k.spalten.clone(),
        organisation: g.organisation,
        verteilung,
        termine: termine_m,
        termine_im_export: quellen.termine_im_export(),
    })
}

/// The trend (its earlier months prepared before the pass, the report month from the rows)
/// and what the pass collected for the distribution; the trend's files join the record.
fn verteilungsstand(
    vorbereitung: verlauf::Vorbereitung,
    (verlaufstage, gespraeche, personal): (Vec<i32>, Vec<Gespraechsvermerk>, Option<Personal>),
    k: &Laufkonfiguration,
    einzelfaelle: &[Einzelfall],
    termine: Option<verlauf::Verlaufstermine<'_>>,
    eingaben: &mut Vec<Eingabedatei>,
) -> Ergebnis<Verteilungsstand> {
    eingaben.extend(vorbereitung.eingaben.iter().cloned());
    let verlauf = verlauf::berechnen(
        vorbereitung,
        verlaufstage,
        (k.monat, &k.fassung().richtlinie.version),
        einzelfaelle,
        termine,
    )?;
    Ok(Verteilungsstand {
        gespraeche,
        verlauf,
        personal,
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
    abweisungen: Abweisungen,
    /// Files read so far, in reading order.
    eingaben: Vec<Eingabedatei>,
}

/// Stage 3: month M's organisation, `personal.csv` (optional, only read for the
/// distribution's conversation figures: a broken one stops the run here, before the heavy
/// reading) and customers, reduced to the population.
fn einlesen(q: &Quellen, k: &Laufkonfiguration) -> Ergebnis<Gelesen> {
    let (organisation, org_datei) = organisation_lesen(&q.organisation)?;
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
    let mut abweisungen = Abweisungen::default();
    let (bestand, bilanz, kunden_datei) = bestand_lesen(&q.kunden, k, &mut abweisungen)?;
    let mut eingaben = vec![org_datei, kunden_datei];
    let personal = personal.map(|(p, datei)| {
        eingaben.push(datei);
        p
    });
    Ok(Gelesen {
        organisation,
        personal,
        bestand,
        bilanz,
        abweisungen,
        eingaben,
    })
}

/// The notes index the pass looks customers up in.
struct Kundenindex {
    /// Kundennummer → position: the population at 0 … n − 1, then (with the distribution)
    /// the customers of the earlier trend months not in it.
    index: Kennungsindex,
    /// Positions in use (the population alone without the distribution).
    verbund: usize,
    /// With the distribution: the earlier trend months' populations.
    verlauf: Option<verlauf::Vorbereitung>,
}

/// The population enters the index first; with the distribution the customers of the twelve
/// earlier trend months join after it, so one notes pass serves both.
fn index_bilden(
    g: &Gelesen,
    ordner: &[(Monat, PathBuf)],
    k: &Laufkonfiguration,
    laufzeiten: &mut Laufzeiten,
) -> Kundenindex {
    let (bestand, organisation) = (&g.bestand, &g.organisation);
    let mut index = Kennungsindex::mit_platz_fuer(bestand.len());
    for (i, kunde) in bestand.iter().enumerate() {
        index.einfuegen(&kunde.kundennummer, Kundenplatz::Bestand(i));
    }
    laufzeiten.schritt("kundenindex");
    let mut verbund = bestand.len();
    let verlauf = k.verteilung.is_some().then(|| {
        let nummern: Vec<&str> = bestand.iter().map(|k| k.kundennummer.as_str()).collect();
        let codes = einheitscodes(bestand, organisation);
        let v = verlauf::vorbereiten(ordner, k, (&nummern, codes), &mut index, &mut verbund);
        laufzeiten.schritt("verlauf_bestaende");
        v
    });
    Kundenindex {
        index,
        verbund,
        verlauf,
    }
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
    stand: Option<termintreue::Terminstand>,
    /// With the distribution: the earlier months' appointments („Termintreue gefährdet“ and
    /// the trend).
    frueher: Option<Vec<(Monat, Vec<Termin>)>>,
    /// Per index position: the pass collects this customer's phone notes.
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
    index: &Kundenindex,
    (abweisungen, eingaben): (&mut Abweisungen, &mut Vec<Eingabedatei>),
) -> Ergebnis<Terminlage> {
    let verteilung = k.verteilung.is_some();
    let stand = termine_einordnen(faden, k, &index.index, abweisungen, eingaben)?;
    let frueher = match (quellen.termine_im_export(), verteilung) {
        (true, true) => Some(fruehere_termine(&quellen.termine, k.monat, eingaben)?),
        _ => None,
    };
    let (nachfass_kunden, telefon_ab) = nachfass_kunden(
        stand.as_ref(),
        frueher.as_deref(),
        &index.index,
        index.verbund,
        k.monat,
    );
    Ok(Terminlage {
        stand,
        frueher,
        nachfass_kunden,
        telefon_ab,
    })
}

/// What the notes pass gave.
struct Passergebnis {
    bilanz: VermerkeBilanz,
    /// Latest counselling per population customer.
    letzte: Vec<Option<NaiveDate>>,
    /// The trend's latest counselling per index position and trend month.
    verlaufstage: Vec<i32>,
    /// The month's conversations.
    gespraeche: Vec<Gespraechsvermerk>,
    /// Phone notes of customers with a no-show.
    telefonate: Vec<Telefonat>,
}

/// Stage 4, the one notes pass, with its consumers — each only when the run needs it: the
/// trend months and the month's conversations with the distribution; the phone notes when
/// someone missed an appointment (no no-show anywhere: no phone note is looked up).
fn vermerke_auswerten(
    dateien: &[(Monat, Option<Quelle>)],
    k: &Laufkonfiguration,
    index: &Kundenindex,
    termine: &Terminlage,
    fortschritt: &Fortschritt,
    (abweisungen, eingaben): (&mut Abweisungen, &mut Vec<Eingabedatei>),
) -> Ergebnis<Passergebnis> {
    let typen = k.fassung().vermerktypen_normiert();
    let massstab = Massstab {
        index: &index.index,
        stichtag: k.stichtag,
        typen: &typen,
    };
    let plan = index.verlauf.as_ref().map(|v| Verlaufsplan {
        erster_monat: v.erster_monat,
        monate: verlauf::MONATE,
        verbund: index.verbund,
    });
    let telefon = termine
        .nachfass_kunden
        .contains(&true)
        .then_some(Telefonfilter {
            von: termine.telefon_ab,
            bis: k.stichtag,
            kunden: &termine.nachfass_kunden,
        });
    let gespraeche_ab = k.verteilung.is_some().then(|| k.monat.erster_tag());
    let verbraucher = || {
        (
            plan.map(Verlaufsmonate::neu),
            gespraeche_ab.map(|ab| Gespraechssammler::neu(ab, k.stichtag)),
            telefon.map(Telefonsammler::neu),
        )
    };
    let stand = letzte_beratungen(
        dateien,
        &massstab,
        &verbraucher,
        fortschritt,
        abweisungen,
        eingaben,
    )?;
    let (verlaufsmonate, gespraeche, telefonate) = stand.verbraucher;
    Ok(Passergebnis {
        bilanz: stand.bilanz,
        letzte: stand.letzte,
        verlaufstage: verlaufsmonate.map(|v| v.tage).unwrap_or_default(),
        gespraeche: gespraeche.map(|g| g.vermerke).unwrap_or_default(),
        telefonate: telefonate.map(|t| t.telefonate).unwrap_or_default(),
    })
}

/// „Termintreue gefährdet“ looks at the appointments of M and of this many months before it
/// (SPEC §3: twelve months in all).
const GEFAEHRDET_FRUEHERE_MONATE: i32 = 11;

/// Stage 5: one row per population customer and, beside it, month M's appointments judged.
/// The two need nothing of each other: side by side, on the two cores (bremen: 0.035 s and
/// 0.07 s, one core each).
fn faelle_bilden(
    bestand: Vec<Kunde>,
    letzte: Vec<Option<NaiveDate>>,
    k: &Laufkonfiguration,
    organisation: &Organisation,
    (stand, frueher, telefonate): (
        Option<termintreue::Terminstand>,
        Option<&FruehereTermine>,
        &[Telefonat],
    ),
    index: &Kennungsindex,
) -> (Option<Termintreue>, Vec<Einzelfall>) {
    let (monat, stichtag, regeln) = (k.monat, k.stichtag, k.fassung());
    std::thread::scope(|s| {
        let termine = stand.map(|t| {
            s.spawn(move || {
                termintreue::berechnen(
                    t,
                    telefonate,
                    stichtag,
                    &regeln.termintreue,
                    frueher.map(|f| {
                        f.iter()
                            .filter(|(m, _)| {
                                m.nummer() >= monat.nummer() - GEFAEHRDET_FRUEHERE_MONATE
                            })
                            .flat_map(|(_, t)| t.iter())
                            .collect::<Vec<&Termin>>()
                    }),
                    index,
                )
            })
        });
        let einzelfaelle = einzelfaelle_bilden(bestand, letzte, regeln, stichtag, organisation);
        let termine = termine.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (termine, einzelfaelle)
    })
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

/// The appointments of the twelve month folders before M that have a `termine.csv` (the trend
/// and „Termintreue gefährdet“), each only those dated in its own month (SPEC §3: an
/// appointment counts from the folder of the month it is dated in). Their rejected rows belong
/// to their own month's run: neither counted nor listed here; the files are recorded as read.
fn fruehere_termine(
    quellen: &[(Monat, Option<Quelle>)],
    monat: Monat,
    eingaben: &mut Vec<Eingabedatei>,
) -> Ergebnis<Vec<(Monat, Vec<Termin>)>> {
    let mut alle = Vec::new();
    for (m, q) in quellen {
        let Some(q) = q else { continue };
        // The trend's earlier months (its thirteen months less M itself).
        if *m >= monat || m.nummer() < monat.nummer() - (verlauf::MONATE as i32 - 1) {
            continue;
        }
        let d = termine_lesen(q)?;
        eingaben.push(d.datei);
        let eigene: Vec<Termin> = d
            .termine
            .into_iter()
            .filter(|t| Monat::von_datum(t.datum) == *m)
            .collect();
        alle.push((*m, eigene));
    }
    Ok(alle)
}

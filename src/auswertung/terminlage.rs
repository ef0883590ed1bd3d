//! What the notes pass must know of the appointments: month M's calendar classified, the
//! earlier months' (with the distribution), whose phone notes to collect.

use chrono::NaiveDate;

use crate::error::Ergebnis;
use crate::ingest::folders::Monat;
use crate::ingest::kennung::Kennungsindex;
use crate::ingest::laufbuch::Laufbuch;
use crate::ingest::quelle::Quelle;
use crate::ingest::termine::{termine_lesen, Termin, Terminstatus};
use crate::lauf::Laufkonfiguration;
use crate::termintreue::{self, Terminstand};
use crate::verteilung::verlauf;

use super::quellen::{Quellen, TermineFaden};

/// The appointments known before the notes pass.
pub(super) struct Terminlage {
    /// Month M's appointments, classified (when M has a `termine.csv`).
    pub(super) stand: Option<Terminstand>,
    /// With the distribution: the earlier months' appointments („Termintreue gefährdet“ and
    /// the trend).
    pub(super) frueher: Option<Vec<(Monat, Vec<Termin>)>>,
    /// Per Verbund position: the pass collects this customer's phone notes.
    pub(super) nachfass_kunden: Vec<bool>,
    /// From this day on.
    pub(super) telefon_ab: NaiveDate,
}

/// Month M's calendar (from its reading thread) classified and, with the distribution, the
/// calendars of the months before („Termintreue gefährdet“ also looks at the eleven months
/// before); then whose phone notes the pass must collect.
pub(super) fn termine_vorbereiten(
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
pub(super) fn termine_einordnen(
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
pub(super) fn fruehere_termine(
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
pub(super) fn nachfass_kunden(
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

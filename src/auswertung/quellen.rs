//! Stage 2: the exports of a run found (not read), and month M's calendar started on a
//! thread of its own.

use std::path::PathBuf;

use crate::error::Ergebnis;
use crate::ingest::folders::{monatsordner, Monat};
use crate::ingest::quelle::Quelle;
use crate::ingest::termine::{termine_lesen, Termindatei};
use crate::lauf::Laufkonfiguration;

/// The thread reading month M's `termine.csv`: its result and the file it read.
pub(super) type TermineFaden = std::thread::JoinHandle<(Ergebnis<Termindatei>, Quelle)>;

/// The exports of a run, found (not read) before any heavy reading.
pub(super) struct Quellen {
    /// Every month folder up to M, in month order.
    pub(super) ordner: Vec<(Monat, PathBuf)>,
    /// Month M's folder.
    pub(super) eigener: PathBuf,
    pub(super) organisation: Quelle,
    pub(super) kunden: Quelle,
    /// The notes extract of each folder (month M's is there).
    pub(super) vermerke: Vec<(Monat, Option<Quelle>)>,
    /// The appointment calendar of each folder, where there is one.
    pub(super) termine: Vec<(Monat, Option<Quelle>)>,
}

impl Quellen {
    /// Some folder ≤ M has a calendar.
    pub(super) fn termine_im_export(&self) -> bool {
        self.termine.iter().any(|(_, q)| q.is_some())
    }
}

/// Month M's own folder must hold all three exports: checked before any heavy reading. The
/// notes extracts and calendars of every folder ≤ M are found here once.
pub(super) fn quellen_finden(k: &Laufkonfiguration) -> Ergebnis<Quellen> {
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
pub(super) fn termine_lesen_starten(q: &Quellen) -> Option<TermineFaden> {
    q.termine
        .last()
        .and_then(|(_, q)| q.clone())
        .map(|q| std::thread::spawn(move || (termine_lesen(&q), q)))
}

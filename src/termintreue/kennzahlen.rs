//! The appointment figures (`termintreue.csv`): the month's appointments counted per cell into
//! a polars frame, `queries/termintreue.sql` defines every figure, run per cell level like the counselling
//! figures ([`crate::figures::EBENEN`]).

use std::collections::HashMap;

use polars::prelude::*;

use super::{Monatstermin, Termintreue};
use crate::bestand::Einzelfall;
use crate::error::Ergebnis;
use crate::figures::{abfragen, ebenen_abfrage, einheiten_spalten, tabelle_lesen, EBENEN};
use crate::ingest::termine::Terminstatus;
use crate::katalog::{Kennzahltabelle, TERMINTREUE};
use crate::rules::fassung::Gruppe;
use crate::rules::termintreue::Nachfass;
use crate::rules::Fassung;

/// The SQL that defines the appointment figures (one cell level at a time).
pub const TERMINTREUE_SQL: &str = include_str!("../../queries/termintreue.sql");

/// Counts over the appointments of one (Geschäftsstelle, team, group) cell: the SQL's
/// input. Summing here keeps the query at a few hundred rows instead of one per appointment
/// (measured on bremen, 139,675 appointments: the query 0.09 s → see README „Appointments“).
#[derive(Debug, Default, Clone, Copy)]
struct Terminzelle {
    /// With an outcome (attended, no-show, cancelled).
    termine: u32,
    wahrgenommen: u32,
    nicht_erschienen: u32,
    abgesagt: u32,
    ohne_ergebnis: u32,
    /// Attended / missed with an SMS reminder, and without one (both 0 without the column).
    wahrgenommen_mit: u32,
    nicht_erschienen_mit: u32,
    wahrgenommen_ohne: u32,
    nicht_erschienen_ohne: u32,
    nachfass_erfolgt: u32,
    nachfass_versaeumt: u32,
    nachfass_offen: u32,
    /// Attended with a known answer to „next appointment agreed that day?“, and the yes.
    folgetermin_bekannt: u32,
    folgetermin_ja: u32,
}

impl Terminzelle {
    fn buchen(&mut self, x: &Monatstermin) {
        let eins = |b: bool| u32::from(b);
        let (w, n) = (
            x.status == Terminstatus::Wahrgenommen,
            x.status == Terminstatus::NichtErschienen,
        );
        self.termine += eins(x.status != Terminstatus::Offen);
        self.wahrgenommen += eins(w);
        self.nicht_erschienen += eins(n);
        self.abgesagt += eins(x.status == Terminstatus::Abgesagt);
        self.ohne_ergebnis += eins(x.status == Terminstatus::Offen);
        match x.erinnerung {
            Some(true) => {
                self.wahrgenommen_mit += eins(w);
                self.nicht_erschienen_mit += eins(n);
            }
            Some(false) => {
                self.wahrgenommen_ohne += eins(w);
                self.nicht_erschienen_ohne += eins(n);
            }
            None => {}
        }
        match x.nachfass.map(|(_, s)| s) {
            Some(Nachfass::Erfolgt) => self.nachfass_erfolgt += 1,
            Some(Nachfass::Versaeumt) => self.nachfass_versaeumt += 1,
            Some(Nachfass::Offen) => self.nachfass_offen += 1,
            None => {}
        }
        if let Some(ja) = x.folgetermin {
            self.folgetermin_bekannt += 1;
            self.folgetermin_ja += eins(ja);
        }
    }
}

/// The frame the SQL runs on: one row per (Geschäftsstelle, team, group) cell with at least
/// one appointment, its counts as floating-point columns (so that every quote is a plain
/// division).
pub fn termine_frame(
    t: &Termintreue,
    faelle: &[Einzelfall],
    fassung: &Fassung,
) -> Ergebnis<DataFrame> {
    type Schluessel<'a> = (&'a str, &'a str, Gruppe);
    let mut zellen: HashMap<Schluessel<'_>, Terminzelle, foldhash::fast::RandomState> =
        HashMap::default();
    for x in &t.termine {
        let f = &faelle[x.kunde];
        zellen
            .entry((f.geschaeftsstelle.as_str(), f.team.as_str(), f.gruppe))
            .or_default()
            .buchen(x);
    }
    // Sorted, so the frame (and any tie in the query) does not depend on hashing.
    let mut zellen: Vec<(Schluessel<'_>, Terminzelle)> = zellen.into_iter().collect();
    zellen.sort_unstable_by_key(|(k, _)| *k);
    let einheiten: Vec<Schluessel<'_>> = zellen.iter().map(|(k, _)| *k).collect();
    let mut spalten = einheiten_spalten(&einheiten, fassung);
    let je = |name: &str, f: &dyn Fn(&Terminzelle) -> u32| {
        let werte: Vec<f64> = zellen.iter().map(|(_, z)| f64::from(f(z))).collect();
        Column::new(name.into(), werte)
    };
    spalten.extend([
        je("termine", &|z| z.termine),
        je("wahrgenommen", &|z| z.wahrgenommen),
        je("nicht_erschienen", &|z| z.nicht_erschienen),
        je("abgesagt", &|z| z.abgesagt),
        je("ohne_ergebnis", &|z| z.ohne_ergebnis),
        je("wahrgenommen_mit_erinnerung", &|z| z.wahrgenommen_mit),
        je("nicht_erschienen_mit_erinnerung", &|z| {
            z.nicht_erschienen_mit
        }),
        je("wahrgenommen_ohne_erinnerung", &|z| z.wahrgenommen_ohne),
        je("nicht_erschienen_ohne_erinnerung", &|z| {
            z.nicht_erschienen_ohne
        }),
        je("nachfass_erfolgt", &|z| z.nachfass_erfolgt),
        je("nachfass_versaeumt", &|z| z.nachfass_versaeumt),
        je("nachfass_offen", &|z| z.nachfass_offen),
        je("folgetermin_bekannt", &|z| z.folgetermin_bekannt),
        je("folgetermin_vereinbart", &|z| z.folgetermin_ja),
    ]);
    Ok(DataFrame::new(zellen.len(), spalten)?)
}

/// Runs `queries/termintreue.sql` over the month's appointments: one row per cell with at
/// least one appointment, in the order of `kennzahlen.csv`.
pub fn terminkennzahlen(
    t: &Termintreue,
    faelle: &[Einzelfall],
    fassung: &Fassung,
) -> Ergebnis<Kennzahltabelle> {
    if t.termine.is_empty() {
        return Ok(Kennzahltabelle::leer(TERMINTREUE));
    }
    let frame = termine_frame(t, faelle, fassung)?;
    let sql = ebenen_abfrage(
        TERMINTREUE_SQL,
        &EBENEN,
        "ebene_rang, gs_nr, team_nr, gruppe_rang",
    );
    let df = abfragen("termine", frame, &sql)?;
    tabelle_lesen(&df, "queries/termintreue.sql", TERMINTREUE)
}

//! The appointment figures (`termintreue.csv`): one row per appointment into a polars frame,
//! `queries/termintreue.sql` defines every figure, run per cell level like the counselling
//! figures ([`crate::figures::EBENEN`]).

use polars::prelude::*;

use super::{Monatstermin, Termintreue};
use crate::bestand::Einzelfall;
use crate::error::Ergebnis;
use crate::figures::{
    abfragen, ebenen_abfrage, einheiten_spalten, spalte_anzahl, spalte_quote, spalte_text, EBENEN,
};
use crate::ingest::termine::Terminstatus;
use crate::rules::fassung::Gruppe;
use crate::rules::termintreue::Nachfass;
use crate::rules::Fassung;

/// The SQL that defines the appointment figures (one cell level at a time).
pub const TERMINTREUE_SQL: &str = include_str!("../../queries/termintreue.sql");

/// One row of `termintreue.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Terminkennzahl {
    /// `gesamt`, `geschaeftsstelle` or `team`.
    pub ebene: String,
    /// Empty on `gesamt` rows.
    pub geschaeftsstelle: String,
    /// Empty unless `ebene` is `team`.
    pub team: String,
    /// `alle` or a group id.
    pub kundengruppe: String,
    /// Appointments with an outcome (attended, no-show, cancelled).
    pub termine: u64,
    /// Attended.
    pub wahrgenommen: u64,
    /// No-shows.
    pub nicht_erschienen: u64,
    /// Cancelled.
    pub abgesagt: u64,
    /// Without an outcome (`offen`).
    pub ohne_ergebnis: u64,
    /// wahrgenommen / (wahrgenommen + nicht erschienen).
    pub quote_wahrgenommen: Option<f64>,
    /// The same among appointments with an SMS reminder.
    pub quote_mit_erinnerung: Option<f64>,
    /// The same among appointments without one.
    pub quote_ohne_erinnerung: Option<f64>,
    /// No-shows followed up by phone in time.
    pub nachfass_erfolgt: u64,
    /// No-shows not followed up, deadline passed.
    pub nachfass_versaeumt: u64,
    /// No-shows not (yet) followed up, deadline after the Stichtag.
    pub nachfass_offen: u64,
    /// erfolgt / (erfolgt + versäumt).
    pub nachfass_quote: Option<f64>,
    /// Share of attended appointments with the next one agreed that day.
    pub quote_folgetermin: Option<f64>,
}

/// The per-appointment frame the SQL runs on.
pub fn termine_frame(
    t: &Termintreue,
    faelle: &[Einzelfall],
    fassung: &Fassung,
) -> Ergebnis<DataFrame> {
    let einheiten: Vec<(&str, &str, Gruppe)> = t
        .termine
        .iter()
        .map(|x| {
            let f = &faelle[x.kunde];
            (f.geschaeftsstelle.as_str(), f.team.as_str(), f.gruppe)
        })
        .collect();
    let mut spalten = einheiten_spalten(&einheiten, fassung);
    let je = |name: &str, f: &dyn Fn(&Monatstermin) -> bool| {
        let werte: Vec<i32> = t.termine.iter().map(|x| i32::from(f(x))).collect();
        Column::new(name.into(), werte)
    };
    let quote = |name: &str, f: &dyn Fn(&Monatstermin) -> Option<bool>| {
        let werte: Vec<Option<f64>> = t
            .termine
            .iter()
            .map(|x| f(x).map(|b| if b { 1.0 } else { 0.0 }))
            .collect();
        Column::new(name.into(), werte)
    };
    let erschienen = |x: &Monatstermin| match x.status {
        Terminstatus::Wahrgenommen => Some(true),
        Terminstatus::NichtErschienen => Some(false),
        _ => None,
    };
    let stand = |x: &Monatstermin| x.nachfass.map(|(_, s)| s);
    spalten.extend([
        je("termin", &|x| x.status != Terminstatus::Offen),
        je("wahrgenommen", &|x| x.status == Terminstatus::Wahrgenommen),
        je("nicht_erschienen", &|x| {
            x.status == Terminstatus::NichtErschienen
        }),
        je("abgesagt", &|x| x.status == Terminstatus::Abgesagt),
        je("ohne_ergebnis", &|x| x.status == Terminstatus::Offen),
        quote("erschienen", &erschienen),
        quote("erschienen_mit_erinnerung", &|x| {
            erschienen(x).filter(|_| x.erinnerung == Some(true))
        }),
        quote("erschienen_ohne_erinnerung", &|x| {
            erschienen(x).filter(|_| x.erinnerung == Some(false))
        }),
        je("nachfass_erfolgt", &|x| stand(x) == Some(Nachfass::Erfolgt)),
        je("nachfass_versaeumt", &|x| {
            stand(x) == Some(Nachfass::Versaeumt)
        }),
        je("nachfass_offen", &|x| stand(x) == Some(Nachfass::Offen)),
        quote("nachgefasst", &|x| match stand(x) {
            Some(Nachfass::Erfolgt) => Some(true),
            Some(Nachfass::Versaeumt) => Some(false),
            _ => None,
        }),
        quote("folgetermin", &|x| x.folgetermin),
    ]);
    Ok(DataFrame::new(t.termine.len(), spalten)?)
}

/// Runs `queries/termintreue.sql` over the month's appointments: one row per cell with at
/// least one appointment, in the order of `kennzahlen.csv`.
pub fn terminkennzahlen(
    t: &Termintreue,
    faelle: &[Einzelfall],
    fassung: &Fassung,
) -> Ergebnis<Vec<Terminkennzahl>> {
    if t.termine.is_empty() {
        return Ok(Vec::new());
    }
    let frame = termine_frame(t, faelle, fassung)?;
    let sql = ebenen_abfrage(
        TERMINTREUE_SQL,
        &EBENEN,
        "ebene_rang, gs_nr, team_nr, gruppe_rang",
    );
    let df = abfragen("termine", frame, &sql)?;
    let text = |name: &str| spalte_text(&df, name);
    let anzahl = |name: &str| spalte_anzahl(&df, name);
    let quote = |name: &str| spalte_quote(&df, name);
    let (ebene, gs, team, gruppe) = (
        text("ebene")?,
        text("geschaeftsstelle")?,
        text("team")?,
        text("kundengruppe")?,
    );
    let [termine, w, n, a, o, ne, nv, no] = [
        "termine",
        "wahrgenommen",
        "nicht_erschienen",
        "abgesagt",
        "ohne_ergebnis",
        "nachfass_erfolgt",
        "nachfass_versaeumt",
        "nachfass_offen",
    ]
    .map(anzahl);
    let [qw, qm, qo, qn, qf] = [
        "quote_wahrgenommen",
        "quote_mit_erinnerung",
        "quote_ohne_erinnerung",
        "nachfass_quote",
        "quote_folgetermin",
    ]
    .map(quote);
    let (termine, w, n, a, o, ne, nv, no) = (termine?, w?, n?, a?, o?, ne?, nv?, no?);
    let (qw, qm, qo, qn, qf) = (qw?, qm?, qo?, qn?, qf?);
    Ok((0..df.height())
        .map(|i| Terminkennzahl {
            ebene: ebene[i].clone(),
            geschaeftsstelle: gs[i].clone(),
            team: team[i].clone(),
            kundengruppe: gruppe[i].clone(),
            termine: termine[i],
            wahrgenommen: w[i],
            nicht_erschienen: n[i],
            abgesagt: a[i],
            ohne_ergebnis: o[i],
            quote_wahrgenommen: qw[i],
            quote_mit_erinnerung: qm[i],
            quote_ohne_erinnerung: qo[i],
            nachfass_erfolgt: ne[i],
            nachfass_versaeumt: nv[i],
            nachfass_offen: no[i],
            nachfass_quote: qn[i],
            quote_folgetermin: qf[i],
        })
        .collect())
}

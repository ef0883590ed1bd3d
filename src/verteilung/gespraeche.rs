//! Gespräche: the qualifying conversations of the report month per unit (directive §3: a
//! full-time IFK holds about 20 a week; §4: in person, by video or by phone).
//!
//! A conversation is one customer on one day with at least one qualifying note dated from
//! the first of the month to the Stichtag (several notes of one day are one conversation;
//! the same note in overlapping extracts is one note). It belongs to the customer's team and
//! Geschäftsstelle of the report month. Its Kontaktart is the first of the day's notes in the
//! order Persönlich, Video, Telefon, Sonstige, ohne Angabe; who held it is that note's author
//! (`Ersteller`), else the customer's responsible IFK. The counting is
//! `queries/gespraeche.sql`; the figures per post are the planning rows' (`planung.rs`).

use chrono::NaiveDate;
use polars::prelude::{Column, DataFrame};

use super::{ebenen_abfrage, einheiten, Einheitscodes, Namen, EINHEITSEBENEN};
use crate::bestand::Einzelfall;
use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::figures::{abfragen, spalte_anzahl};
use crate::parallel::Teilergebnis;
use crate::pass::{Kundensuche, Notiz, Verbraucher, Zeitspanne};
use crate::rules::kontaktart::Kontaktart;

/// One qualifying note of a population customer dated in month M (up to the Stichtag): the
/// raw material of the conversation figures.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gespraechsvermerk {
    /// Position in the population.
    pub kunde: u32,
    /// Day of the note.
    pub datum: NaiveDate,
    /// How it was held.
    pub kontaktart: Kontaktart,
    /// Author (may be empty).
    pub ersteller: Box<str>,
}

/// The conversations' consumer of the notes pass: the qualifying notes of population
/// customers from the first of the month to the Stichtag.
pub struct Gespraechssammler {
    /// First day of month M to the Stichtag.
    tage: Zeitspanne,
    /// The notes found, unsorted, duplicates kept.
    pub vermerke: Vec<Gespraechsvermerk>,
}

impl Gespraechssammler {
    /// Empty: notes from `ab` to `bis`.
    pub fn neu(ab: NaiveDate, bis: NaiveDate) -> Gespraechssammler {
        Gespraechssammler {
            tage: Zeitspanne::neu(ab, bis),
            vermerke: Vec::new(),
        }
    }
}

impl Verbraucher for Gespraechssammler {
    #[inline]
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kundensuche<'_>) {
        if !n.beratung || !n.in_tagen(&self.tage) {
            return;
        }
        let Some(u) = kunde.im_bestand() else {
            return;
        };
        let (kontaktart, ersteller) = n.kontakt();
        self.vermerke.push(Gespraechsvermerk {
            kunde: u as u32,
            datum: n.datum(),
            kontaktart: Kontaktart::einordnen(kontaktart),
            ersteller: ersteller.into(),
        });
    }
}

impl Teilergebnis for Gespraechssammler {
    fn vereinen(&mut self, anderer: Self) {
        self.vermerke.extend(anderer.vermerke);
    }
}

/// The SQL that counts the conversations.
pub const GESPRAECHE_SQL: &str = include_str!("../../queries/gespraeche.sql");

/// Who held a conversation when neither the note nor the customer names an IFK.
pub const OHNE_IFK: &str = "(ohne Angabe)";

/// The conversations of one unit (or of one IFK within a team).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gespraechszeile {
    /// Whose customers.
    pub einheit: Einheit,
    /// With `--ifk-auswertung`, on team rows: who held them.
    pub ifk: Option<String>,
    /// Conversations (customer × day).
    pub gespraeche: u64,
    /// Per Kontaktart, in [`crate::rules::kontaktart::Kontaktart::ALLE`] order.
    pub je_kontaktart: [u64; 5],
}

/// The conversation figures of the month.
#[derive(Debug, Clone)]
pub struct Gespraeche {
    /// Weeks in the counted period (days from the first of the month to the Stichtag / 7).
    pub wochen: f64,
    /// Counted rows: Jobcenter, Geschäftsstellen, teams, and (with the flag) team × IFK.
    pub zeilen: Vec<Gespraechszeile>,
}

impl Gespraeche {
    /// The counted row of a unit (IFK `None`) or of an IFK in a team.
    pub fn zeile(&self, e: &Einheit, ifk: Option<&str>) -> Option<&Gespraechszeile> {
        self.zeilen
            .iter()
            .find(|z| z.einheit == *e && z.ifk.as_deref() == ifk)
    }

    /// The IFKs of a team with conversations, in id order (only with `--ifk-auswertung`).
    pub fn ifks(&self, team: &str) -> Vec<&Gespraechszeile> {
        let e = Einheit::Team(team.to_string());
        self.zeilen
            .iter()
            .filter(|z| z.ifk.is_some() && z.einheit == e)
            .collect()
    }
}

/// Counts the conversations. `vermerke` are the qualifying notes of the month (positions into
/// `faelle`, whose unit codes are `codes`); `je_ifk` adds the team × IFK rows.
pub fn gespraeche(
    mut vermerke: Vec<Gespraechsvermerk>,
    (faelle, codes): (&[Einzelfall], &Einheitscodes),
    monatsbeginn: NaiveDate,
    stichtag: NaiveDate,
    je_ifk: bool,
) -> Ergebnis<Gespraeche> {
    // One per customer and day: the first after sorting has the preferred Kontaktart and,
    // among those, the smallest author id — a fixed choice, whatever the file order.
    vermerke.sort_unstable();
    vermerke.dedup_by(|b, a| a.kunde == b.kunde && a.datum == b.datum);
    let mut ifks = Namen::default();
    let (mut g, mut t, mut i, mut k) = (vec![], vec![], vec![], vec![]);
    for v in &vermerke {
        let Some(e) = faelle.get(v.kunde as usize) else {
            continue;
        };
        let wer = if !v.ersteller.is_empty() {
            &*v.ersteller
        } else if !e.ifk.is_empty() {
            &e.ifk
        } else {
            OHNE_IFK
        };
        let (gs_nr, team_nr) = codes.codes_von(&e.geschaeftsstelle, &e.team);
        g.push(gs_nr);
        t.push(team_nr);
        i.push(ifks.nr(wer) as i32);
        k.push(v.kontaktart.nr());
    }
    let tage = (stichtag - monatsbeginn).num_days() + 1;
    let mut ergebnis = Gespraeche {
        wochen: tage.max(0) as f64 / 7.0,
        zeilen: Vec::new(),
    };
    let n = g.len();
    if n == 0 {
        return Ok(ergebnis);
    }
    let frame = DataFrame::new(
        n,
        vec![
            Column::new("gesamt".into(), vec![1i32; n]),
            Column::new("gs_nr".into(), g),
            Column::new("team_nr".into(), t),
            Column::new("ifk_nr".into(), i),
            Column::new("kontaktart".into(), k),
        ],
    )?;
    let df = abfragen("gespraeche", frame, &abfrage(je_ifk))?;
    let spalten = [
        spalte_anzahl(&df, "persoenlich")?,
        spalte_anzahl(&df, "video")?,
        spalte_anzahl(&df, "telefon")?,
        spalte_anzahl(&df, "sonstige")?,
        spalte_anzahl(&df, "ohne_angabe")?,
    ];
    let (en, inr, anzahl) = (
        spalte_anzahl(&df, "ebene_nr")?,
        spalte_anzahl(&df, "ifk_nr")?,
        spalte_anzahl(&df, "gespraeche")?,
    );
    ergebnis.zeilen = einheiten(codes, &df)?
        .into_iter()
        .enumerate()
        .map(|(r, einheit)| Gespraechszeile {
            einheit,
            ifk: (en[r] == 4).then(|| ifks.name(inr[r] as u32).to_string()),
            gespraeche: anzahl[r],
            je_kontaktart: std::array::from_fn(|s| spalten[s][r]),
        })
        .collect();
    ergebnis
        .zeilen
        .sort_by(|a, b| (&a.einheit, &a.ifk).cmp(&(&b.einheit, &b.ifk)));
    Ok(ergebnis)
}

/// The conversations' query over the unit levels, each with an IFK column; with `je_ifk`
/// also team × IFK (level 4).
fn abfrage(je_ifk: bool) -> String {
    let mut schluessel: Vec<(String, &str)> = EINHEITSEBENEN
        .iter()
        .map(|(k, g)| (format!("{k}, 0 AS ifk_nr"), *g))
        .collect();
    if je_ifk {
        schluessel.push((
            "4 AS ebene_nr, 0 AS gs_nr, team_nr, ifk_nr".into(),
            "team_nr, ifk_nr",
        ));
    }
    let ebenen: Vec<(&str, &str)> = schluessel.iter().map(|(k, g)| (k.as_str(), *g)).collect();
    ebenen_abfrage(GESPRAECHE_SQL, &ebenen, "ebene_nr, gs_nr, team_nr, ifk_nr")
}

//! The planning figures of SPEC §3 (directive §3 „20 Gespräche“, §2 time in counselling, §6.3
//! Nachhaltung), one row per unit of `kennzahlen.csv` (`planung.csv`, with `--verteilung`):
//! the conversations a week the unit needs to keep every customer within the Zielwert, beside
//! those it held, per full-time post and against the rules' Richtwert; the hours of counselling
//! held per post and week (a lower bound: preparation is not in the calendar); and what became
//! of last month's overdue customers.

use std::collections::{BTreeMap, HashMap};

use crate::bestand::Einzelfall;
use crate::einheit::Einheit;
use crate::ingest::organisation::Organisation;
use crate::ingest::personal::Personal;
use crate::ingest::termine::Terminstatus;
use crate::katalog::{Kennzahltabelle, Kundengruppe, KUNDEN};
use crate::rules::fassung::Planungsregel;
use crate::termintreue::Termintreue;
use crate::verteilung::gespraeche::Gespraeche;
use crate::verteilung::verlauf::Nachhaltung;

/// One unit's conversations and planning figures: the row of `planung.csv` and of the sheets
/// „Gespräche“ and „Planung“, so that both sheets say the same. A figure that cannot be
/// computed is `None` (an empty cell, a dash on the sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Planungszeile {
    /// The unit.
    pub einheit: Einheit,
    /// Its Geschäftsstelle as in `kennzahlen.csv` (empty for the Jobcenter).
    pub geschaeftsstelle: String,
    /// Population customers at the Stichtag.
    pub kunden: u64,
    /// Its conversations: needed, held, per post, against each other.
    pub lage: Gespraechslage,
    /// Hours of attended appointments (`Dauer`) per post and week.
    pub beratungsstunden_je_stelle: Option<f64>,
    /// `beratungsstunden_je_stelle / wochenstunden`: a lower bound of §2's share.
    pub anteil_arbeitszeit: Option<f64>,
    /// Last month's overdue customers and what became of them (`None` without M − 1's folder).
    pub nachhaltung: Option<Nachhaltung>,
    /// `nachgeholt / (nachgeholt + weiter_ueberfaellig)`.
    pub quote_nachgeholt: Option<f64>,
}

/// The conversations a unit or an IFK needs and holds, per post and against each other: what
/// the planning rows of units and of IFKs share, computed once here.
#[derive(Debug, Clone, PartialEq)]
pub struct Gespraechslage {
    /// Σ 7 / Zielwert over the customers: conversations a week to see each once per Zielwert.
    pub bedarf_woche: f64,
    /// Posts (full-time equivalents) of `personal.csv` (`None` without the file; an IFK's
    /// Stellenanteil, 0 if not listed).
    pub stellen: Option<f64>,
    /// `bedarf_woche / stellen`.
    pub bedarf_je_stelle: Option<f64>,
    /// Conversations of the month (customer and day) up to the Stichtag.
    pub gespraeche: u64,
    /// The same by Kontaktart, in [`Kontaktart::ALLE`] order.
    pub je_kontaktart: [u64; 5],
    /// `gespraeche` per week of the month up to the Stichtag.
    pub gespraeche_woche: f64,
    /// `gespraeche_woche / stellen`.
    pub gespraeche_je_stelle: Option<f64>,
    /// The rules' conversations a week per full-time post.
    pub richtwert: f64,
    /// `gespraeche_woche / bedarf_woche`: how much of the need the conversations held cover.
    pub deckung: Option<f64>,
    /// Whether the customers can be kept within the Zielwert with these posts: the need per
    /// post is within the Richtwert (`None` without a post).
    pub erreichbar: Option<bool>,
}

impl Gespraechslage {
    /// The figures of `gespraeche` conversations (by Kontaktart) held in `wochen` weeks against
    /// a need of `bedarf_woche` a week, with `stellen` posts and the rules' `richtwert`.
    fn neu(
        bedarf_woche: f64,
        stellen: Option<f64>,
        (gespraeche, je_kontaktart): (u64, [u64; 5]),
        wochen: f64,
        richtwert: f64,
    ) -> Gespraechslage {
        let gespraeche_woche = je(gespraeche as f64, Some(wochen)).unwrap_or(0.0);
        let bedarf_je_stelle = je(bedarf_woche, stellen);
        Gespraechslage {
            bedarf_woche,
            stellen,
            bedarf_je_stelle,
            gespraeche,
            je_kontaktart,
            gespraeche_woche,
            gespraeche_je_stelle: je(gespraeche_woche, stellen),
            richtwert,
            deckung: je(gespraeche_woche, Some(bedarf_woche)),
            erreichbar: bedarf_je_stelle.map(|b| b <= richtwert),
        }
    }
}

/// What the planning figures are made from.
pub struct Planungsgrundlage<'a> {
    /// `kennzahlen.csv`: its units and their customers.
    pub zahlen: &'a Kennzahltabelle,
    /// The population rows.
    pub faelle: &'a [Einzelfall],
    /// The month's conversations.
    pub gespraeche: &'a Gespraeche,
    /// `personal.csv` of M, if it exists: the posts.
    pub personal: Option<&'a Personal>,
    /// `organisation.csv` of M (a Geschäftsstelle's staff are its teams').
    pub organisation: &'a Organisation,
    /// The month's appointments, if M has a `termine.csv`.
    pub termine: Option<&'a Termintreue>,
    /// Last month's overdue customers per unit of M − 1, if M − 1 has its folder.
    pub nachhaltung: Option<&'a BTreeMap<Einheit, Nachhaltung>>,
    /// The rules' parameters.
    pub regel: &'a Planungsregel,
}

/// `wert / nenner` where the denominator is a positive number.
fn je(wert: f64, nenner: Option<f64>) -> Option<f64> {
    nenner.filter(|n| *n > 0.0).map(|n| wert / n)
}

/// The rows of `kennzahlen.csv`'s units in its order, then rows for `ohne_kunden` (units of
/// `organisation.csv` without customers: shown on the sheets, not in `planung.csv`), each
/// with its Geschäftsstelle.
pub fn planung(
    p: &Planungsgrundlage<'_>,
    ohne_kunden: &[(Einheit, String)],
) -> (Vec<Planungszeile>, Vec<Planungszeile>) {
    let mut bedarf = Einheitssummen::default();
    for f in p.faelle {
        bedarf.dazu(f, 7.0 / f64::from(f.zielwert.max(1)));
    }
    let minuten = p.termine.filter(|t| t.mit_dauer).map(|t| {
        let mut je = Einheitssummen::default();
        for x in t
            .termine
            .iter()
            .filter(|x| x.status == Terminstatus::Wahrgenommen)
        {
            je.dazu(&p.faelle[x.kunde], u64::from(x.dauer.unwrap_or(0)));
        }
        je
    });
    let wochen = p.gespraeche.wochen;
    let zeile = |e: &Einheit, geschaeftsstelle: &str, kunden: u64| {
        let stellen = stellen(p.personal, e, p.organisation);
        let gezaehlt = p
            .gespraeche
            .zeile(e, None)
            .map_or((0, [0; 5]), |g| (g.gespraeche, g.je_kontaktart));
        let stunden = minuten
            .as_ref()
            .and_then(|m| je(m.von(e) as f64 / 60.0 / wochen, stellen));
        let nachhaltung = p.nachhaltung.map(|n| n.get(e).copied().unwrap_or_default());
        Planungszeile {
            einheit: e.clone(),
            geschaeftsstelle: geschaeftsstelle.to_string(),
            kunden,
            lage: Gespraechslage::neu(
                bedarf.von(e),
                stellen,
                gezaehlt,
                wochen,
                p.regel.richtwert_gespraeche_woche,
            ),
            beratungsstunden_je_stelle: stunden,
            anteil_arbeitszeit: stunden.map(|s| s / p.regel.wochenstunden),
            nachhaltung,
            quote_nachgeholt: nachhaltung.and_then(|n| {
                let nenner = n.nachgeholt + n.weiter_ueberfaellig;
                (nenner > 0).then(|| n.nachgeholt as f64 / nenner as f64)
            }),
        }
    };
    let mit = p
        .zahlen
        .zeilen
        .iter()
        .filter(|z| z.kundengruppe == Kundengruppe::Alle)
        .map(|z| {
            let kunden = p.zahlen.wert(z, &KUNDEN).unwrap_or(0.0) as u64;
            zeile(&z.einheit, &z.geschaeftsstelle, kunden)
        })
        .collect();
    let ohne = ohne_kunden.iter().map(|(e, gs)| zeile(e, gs, 0)).collect();
    (mit, ohne)
}

/// The posts of unit `e` from `personal.csv` (`None` without the file): a Geschäftsstelle's
/// staff are those of its teams in `organisation`.
pub fn stellen(
    personal: Option<&Personal>,
    e: &Einheit,
    organisation: &Organisation,
) -> Option<f64> {
    let p = personal?;
    Some(
        p.values()
            .filter(|f| match e {
                Einheit::Jobcenter => true,
                Einheit::Team(t) => f.team == *t,
                Einheit::Geschaeftsstelle(g) => organisation
                    .get(&f.team)
                    .is_some_and(|t| t.geschaeftsstelle == *g),
            })
            .map(|f| f.stellenanteil)
            // An empty sum of floats is −0.0: written as „-0.0000“ without the + 0.0.
            .sum::<f64>()
            + 0.0,
    )
}

/// Sums per unit over customers: each customer counts in the Jobcenter, its Geschäftsstelle
/// and its team. Keyed by the rows' own names (no copy per customer); each unit's sum is taken
/// in population order.
#[derive(Default)]
struct Einheitssummen<'a, T> {
    gesamt: T,
    geschaeftsstellen: HashMap<&'a str, T>,
    teams: HashMap<&'a str, T>,
}

impl<'a, T: Copy + Default + std::ops::AddAssign> Einheitssummen<'a, T> {
    fn dazu(&mut self, f: &'a Einzelfall, wert: T) {
        self.gesamt += wert;
        *self
            .geschaeftsstellen
            .entry(&f.geschaeftsstelle)
            .or_default() += wert;
        *self.teams.entry(&f.team).or_default() += wert;
    }

    /// The sum of unit `e` (zero for a unit without customers here).
    fn von(&self, e: &Einheit) -> T {
        match e {
            Einheit::Jobcenter => Some(self.gesamt),
            Einheit::Geschaeftsstelle(g) => self.geschaeftsstellen.get(g.as_str()).copied(),
            Einheit::Team(t) => self.teams.get(t.as_str()).copied(),
        }
        .unwrap_or_default()
    }
}

/// One IFK's conversations and planning row in a team workbook (`--ifk-auswertung` only:
/// staff data needs the staff council's consent): the need of the customers the IFK is
/// responsible for, beside the conversations the IFK held (as author of the note, else as the
/// customer's IFK). The row of both sheets' IFK tables.
#[derive(Debug, Clone, PartialEq)]
pub struct IfkPlanung {
    /// The IFK's user id (`(ohne Angabe)` for conversations without author and customers
    /// without IFK).
    pub ifk: String,
    /// The IFK's name in `personal.csv`, if listed with one.
    pub name: Option<String>,
    /// Customers the IFK is responsible for.
    pub kunden: u64,
    /// Its conversations (as author of the note, else as the customer's IFK) against the need
    /// of its customers; its posts are its Stellenanteil.
    pub lage: Gespraechslage,
}

impl IfkPlanung {
    /// How the IFK is named on the sheet: the id, with the name where `personal.csv` has one.
    pub fn bezeichnung(&self) -> String {
        match &self.name {
            Some(n) => format!("{} ({n})", self.ifk),
            None => self.ifk.clone(),
        }
    }
}

/// What an IFK row sums: its customers and their need, its conversations.
#[derive(Default)]
struct IfkSumme {
    kunden: u64,
    bedarf_woche: f64,
    gespraeche: u64,
    je_kontaktart: [u64; 5],
}

/// The IFK rows of every team with customers, by team code: every IFK with customers or
/// conversations, by id. One pass over the population (each IFK's sum in population order).
pub fn planung_je_ifk(
    faelle: &[Einzelfall],
    gespraeche: &Gespraeche,
    personal: Option<&Personal>,
    regel: &Planungsregel,
) -> BTreeMap<String, Vec<IfkPlanung>> {
    let ohne = crate::verteilung::gespraeche::OHNE_IFK;
    let mut je_team: BTreeMap<&str, BTreeMap<String, IfkSumme>> = BTreeMap::new();
    for f in faelle {
        let ifk = if f.ifk.trim().is_empty() {
            ohne
        } else {
            f.ifk.as_str()
        };
        let x = je_team
            .entry(f.team.as_str())
            .or_default()
            .entry(ifk.to_string())
            .or_default();
        x.kunden += 1;
        x.bedarf_woche += 7.0 / f64::from(f.zielwert.max(1));
    }
    let wochen = gespraeche.wochen;
    let richtwert = regel.richtwert_gespraeche_woche;
    je_team
        .into_iter()
        .map(|(team, mut je_ifk)| {
            for z in gespraeche.ifks(team) {
                let ifk = z.ifk.clone().unwrap_or_else(|| ohne.to_string());
                let x = je_ifk.entry(ifk).or_default();
                x.gespraeche += z.gespraeche;
                for (a, b) in x.je_kontaktart.iter_mut().zip(z.je_kontaktart) {
                    *a += b;
                }
            }
            let zeilen = je_ifk
                .into_iter()
                .map(|(ifk, s)| {
                    let IfkSumme {
                        kunden,
                        bedarf_woche,
                        gespraeche,
                        je_kontaktart,
                    } = s;
                    let fachkraft = personal.and_then(|p| p.get(&ifk));
                    let stellen = personal.map(|_| fachkraft.map_or(0.0, |x| x.stellenanteil));
                    IfkPlanung {
                        name: fachkraft
                            .filter(|x| !x.name.is_empty())
                            .map(|x| x.name.clone()),
                        ifk,
                        kunden,
                        lage: Gespraechslage::neu(
                            bedarf_woche,
                            stellen,
                            (gespraeche, je_kontaktart),
                            wochen,
                            richtwert,
                        ),
                    }
                })
                .collect();
            (team.to_string(), zeilen)
        })
        .collect()
}

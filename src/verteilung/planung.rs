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
use crate::ingest::termine::Terminstatus;
use crate::katalog::{Kennzahltabelle, KUNDEN};
use crate::rules::fassung::Planungsregel;
use crate::termintreue::Termintreue;
use crate::verteilung::gespraeche::Gespraeche;
use crate::verteilung::verlauf::Nachhaltung;

/// One row of `planung.csv`. A figure that cannot be computed is `None` (an empty cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Planungszeile {
    /// The unit.
    pub einheit: Einheit,
    /// Its Geschäftsstelle as in `kennzahlen.csv` (empty for the Jobcenter).
    pub geschaeftsstelle: String,
    /// Population customers at the Stichtag.
    pub kunden: u64,
    /// Σ 7 / Zielwert over the customers: conversations a week to see each once per Zielwert.
    pub bedarf_woche: f64,
    /// Full-time equivalents of `personal.csv` (`None` without the file).
    pub stellen: Option<f64>,
    /// `bedarf_woche / stellen`.
    pub bedarf_je_stelle: Option<f64>,
    /// Conversations of the month (customer and day) per week of the month up to the Stichtag.
    pub gespraeche_woche: f64,
    /// `gespraeche_woche / stellen`.
    pub gespraeche_je_stelle: Option<f64>,
    /// The rules' conversations a week per full-time post.
    pub richtwert: f64,
    /// Hours of attended appointments (`Dauer`) per post and week.
    pub beratungsstunden_je_stelle: Option<f64>,
    /// `beratungsstunden_je_stelle / wochenstunden`: a lower bound of §2's share.
    pub anteil_arbeitszeit: Option<f64>,
    /// Last month's overdue customers and what became of them (`None` without M − 1's folder).
    pub nachhaltung: Option<Nachhaltung>,
    /// `nachgeholt / (nachgeholt + weiter_ueberfaellig)`.
    pub quote_nachgeholt: Option<f64>,
}

impl Planungszeile {
    /// Whether the unit can keep its customers within the Zielwert with its staff: its need
    /// per post is within the Richtwert (`None` without posts).
    pub fn erreichbar(&self) -> Option<bool> {
        self.bedarf_je_stelle.map(|b| b <= self.richtwert)
    }
}

/// What the planning figures are made from.
pub struct Planungsgrundlage<'a> {
    /// `kennzahlen.csv`: its units and their customers.
    pub zahlen: &'a Kennzahltabelle,
    /// The population rows.
    pub faelle: &'a [Einzelfall],
    /// The month's conversations and staff.
    pub gespraeche: &'a Gespraeche,
    /// `organisation.csv` of M (a Geschäftsstelle's staff are its teams').
    pub organisation: &'a Organisation,
    /// The month's appointments, if M has a `termine.csv`.
    pub termine: Option<&'a Termintreue>,
    /// Last month's overdue customers per unit of M − 1, if M − 1 has its folder.
    pub nachhaltung: Option<&'a BTreeMap<Einheit, Nachhaltung>>,
    /// The rules' parameters.
    pub regel: &'a Planungsregel,
}

/// The rows, in the order of `kennzahlen.csv`'s units.
pub fn planung(p: &Planungsgrundlage<'_>) -> Vec<Planungszeile> {
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
    let je = |wert: f64, nenner: Option<f64>| nenner.filter(|n| *n > 0.0).map(|n| wert / n);
    p.zahlen
        .zeilen
        .iter()
        .filter(|z| z.kundengruppe == "alle")
        .map(|z| {
            let e = &z.einheit;
            let stellen = p.gespraeche.vollzeitaequivalente(e, p.organisation);
            let gespraeche = p.gespraeche.zeile(e, None).map_or(0, |g| g.gespraeche) as f64;
            let gespraeche_woche = if wochen > 0.0 {
                gespraeche / wochen
            } else {
                0.0
            };
            let bedarf_woche = bedarf.von(e);
            let stunden = minuten.as_ref().and_then(|m| {
                let stunden_woche = m.von(e) as f64 / 60.0 / wochen;
                je(stunden_woche, stellen)
            });
            let nachhaltung = p.nachhaltung.map(|n| n.get(e).copied().unwrap_or_default());
            Planungszeile {
                einheit: e.clone(),
                geschaeftsstelle: z.geschaeftsstelle.clone(),
                kunden: p.zahlen.wert(z, &KUNDEN).unwrap_or(0.0) as u64,
                bedarf_woche,
                stellen,
                bedarf_je_stelle: je(bedarf_woche, stellen),
                gespraeche_woche,
                gespraeche_je_stelle: je(gespraeche_woche, stellen),
                richtwert: p.regel.richtwert_gespraeche_woche,
                beratungsstunden_je_stelle: stunden,
                anteil_arbeitszeit: stunden.map(|s| s / p.regel.wochenstunden),
                nachhaltung,
                quote_nachgeholt: nachhaltung.and_then(|n| {
                    let nenner = n.nachgeholt + n.weiter_ueberfaellig;
                    (nenner > 0).then(|| n.nachgeholt as f64 / nenner as f64)
                }),
            }
        })
        .collect()
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

/// One IFK's planning row in a team workbook (`--ifk-auswertung` only: staff data needs the
/// staff council's consent): the need of the customers the IFK is responsible for, beside the
/// conversations the IFK held (as author of the note, else as the customer's IFK).
#[derive(Debug, Clone, PartialEq)]
pub struct IfkPlanung {
    /// The IFK's user id (`(ohne Angabe)` for conversations without author and customers
    /// without IFK).
    pub ifk: String,
    /// Customers the IFK is responsible for.
    pub kunden: u64,
    /// Σ 7 / Zielwert over them.
    pub bedarf_woche: f64,
    /// The IFK's Stellenanteil in `personal.csv` (`None` without the file, 0 if not listed).
    pub stellen: Option<f64>,
    /// Conversations a week held by the IFK.
    pub gespraeche_woche: f64,
    /// The rules' Richtwert per full-time post.
    pub richtwert: f64,
}

impl IfkPlanung {
    /// Whether the IFK's customers can be kept within the Zielwert at the Richtwert (`None`
    /// without a post), as [`Planungszeile::erreichbar`].
    pub fn erreichbar(&self) -> Option<bool> {
        self.bedarf_je_stelle().map(|b| b <= self.richtwert)
    }

    /// `bedarf_woche / stellen` (`None` without a post).
    pub fn bedarf_je_stelle(&self) -> Option<f64> {
        self.stellen
            .filter(|s| *s > 0.0)
            .map(|s| self.bedarf_woche / s)
    }

    /// `gespraeche_woche / stellen` (`None` without a post).
    pub fn gespraeche_je_stelle(&self) -> Option<f64> {
        self.stellen
            .filter(|s| *s > 0.0)
            .map(|s| self.gespraeche_woche / s)
    }
}

/// The IFK rows of every team with customers, by team code: every IFK with customers or
/// conversations, by id. One pass over the population (each IFK's sum in population order).
pub fn planung_je_ifk(
    faelle: &[Einzelfall],
    gespraeche: &Gespraeche,
    regel: &Planungsregel,
) -> BTreeMap<String, Vec<IfkPlanung>> {
    let ohne = crate::verteilung::gespraeche::OHNE_IFK;
    let mut je_team: BTreeMap<&str, BTreeMap<String, (u64, f64, f64)>> = BTreeMap::new();
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
        x.0 += 1;
        x.1 += 7.0 / f64::from(f.zielwert.max(1));
    }
    let wochen = gespraeche.wochen;
    je_team
        .into_iter()
        .map(|(team, mut je)| {
            for z in gespraeche.ifks(team) {
                let ifk = z.ifk.clone().unwrap_or_else(|| ohne.to_string());
                if wochen > 0.0 {
                    je.entry(ifk).or_default().2 += z.gespraeche as f64 / wochen;
                }
            }
            let zeilen = je
                .into_iter()
                .map(
                    |(ifk, (kunden, bedarf_woche, gespraeche_woche))| IfkPlanung {
                        stellen: gespraeche
                            .personal
                            .as_ref()
                            .map(|p| p.get(&ifk).map_or(0.0, |x| x.stellenanteil)),
                        ifk,
                        kunden,
                        bedarf_woche,
                        gespraeche_woche,
                        richtwert: regel.richtwert_gespraeche_woche,
                    },
                )
                .collect();
            (team.to_string(), zeilen)
        })
        .collect()
}

//! The 13-month trend (Verlauf): Ø Tage seit letzter Beratung and the share within the
//! Mindestwert for the report month and the twelve before it, recomputed from the export
//! folders on every run — no state is carried from earlier runs, so a re-run of an old month
//! shows the same trend.
//!
//! Cost: the notes are read once for all 13 months. While the report month's notes pass runs,
//! every qualifying note is booked under the trend month in which it became known (the later
//! of its extract's month and its own month: [`super::verlaufsmonate::Verlaufsmonate`]);
//! the latest counselling known at month k is then a running maximum. What each earlier month
//! adds is its own `kunden.csv` and `organisation.csv` (small), read two at a time.
//!
//! A month is a gap when its folder, its `kunden.csv` or its `organisation.csv` is missing
//! or unreadable; the trend then shows no value for it (never a zero).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::NaiveDate;
use polars::prelude::{Column, DataFrame};

use super::bestaende::{monatsbestand, Monatsbestand};
use super::verlaufsmonate::Verlaufsplan;
use super::{ebenen_abfrage, einheiten, Einheitscodes, EINHEITSEBENEN};
use crate::bestand::Einzelfall;
use crate::einheit::Einheit;
use crate::error::Ergebnis;
use crate::figures::{abfragen, spalte_anzahl, spalte_quote, spalte_zahl};
use crate::ingest::folders::Monat;
use crate::ingest::kennung::{
    inline, sortierpraefix, GepackterKundenplatz, Kennungsindex, Kundenplatz, Schnell,
};
use crate::ingest::termine::{Termin, Terminstatus};
use crate::ingest::Eingabedatei;
use crate::lauf::Laufkonfiguration;
use crate::rules::beratung::tage_seit_beratung;
use crate::rules::termintreue::{frist, nachfass, Nachfass};
use crate::rules::Regelwerk;
use crate::termintreue::{Telefonat, Termintreue};

/// The SQL that defines the trend figures.
pub const VERLAUF_SQL: &str = include_str!("../../queries/verlauf.sql");

/// Months in the trend, the report month included.
pub const MONATE: usize = 13;

/// One customer of an earlier trend month, reduced to what the trend needs.
#[derive(Debug, Clone)]
struct Verlaufskunde {
    /// Who the customer is in the customer index: of M's population or only of the trend's.
    pos: GepackterKundenplatz,
    /// Entry date, days since 01.01.0001.
    zugang: i32,
    gs: u32,
    team: u32,
    zielwert: u32,
    mindestwert: u32,
}

/// The population of one earlier trend month.
#[derive(Debug)]
struct Verlaufsbestand {
    stichtag: NaiveDate,
    /// The version of the rules this month applies.
    fassung: String,
    kunden: Vec<Verlaufskunde>,
}

impl Verlaufsbestand {
    /// Days since the latest counselling of customer `c` at this month's Stichtag (since entry
    /// when never counselled); `letzte`: the latest counselling known at this month per index
    /// position (days since 01.01.0001, `i32::MIN` for none).
    fn tage(&self, c: &Verlaufskunde, letzte: &[i32]) -> i64 {
        self.tage_und_beraten(c, letzte).0
    }

    /// [`Verlaufsbestand::tage`] and whether the customer was counselled by then.
    fn tage_und_beraten(&self, c: &Verlaufskunde, letzte: &[i32]) -> (i64, bool) {
        let l = letzte
            .get(c.pos.kunde().verbund())
            .copied()
            .filter(|d| *d != i32::MIN)
            .and_then(NaiveDate::from_num_days_from_ce_opt);
        let zugang = NaiveDate::from_num_days_from_ce_opt(c.zugang).unwrap_or(self.stichtag);
        (tage_seit_beratung(l, zugang, self.stichtag).0, l.is_some())
    }
}

/// The earlier trend months, read before the notes pass (their customers must be in the
/// notes index).
#[derive(Debug)]
pub struct Vorbereitung {
    /// Oldest trend month (M − 12).
    pub erster_monat: Monat,
    monate: Vec<Option<Verlaufsbestand>>,
    /// Input files read for the trend, for the run record.
    pub eingaben: Vec<Eingabedatei>,
    codes: Einheitscodes,
}

/// Reads the stocks of M − 12 … M − 1 (those with a folder), their units numbered after
/// `codes`, the report month's. Their customers are matched to the report month's population
/// `bestand` (Kundennummern sorted in byte order; position i in `index`) by merging the two
/// sorted lists; customers not in it join `index` as trend customers, after every position
/// in use.
pub fn vorbereiten(
    ordner: &[(Monat, PathBuf)],
    k: &Laufkonfiguration,
    (bestand, codes): (&[&str], Einheitscodes),
    index: &mut Kennungsindex,
) -> Vorbereitung {
    let (monat, werk, spalten) = (k.monat, &k.regeldatei.werk, &k.spalten);
    let erster_monat = monat.plus(1 - MONATE as i32);
    let frueher: Vec<(usize, Monat, PathBuf)> = ordner
        .iter()
        .filter(|(m, _)| *m >= erster_monat && *m < monat)
        .map(|(m, p)| ((m.nummer() - erster_monat.nummer()) as usize, *m, p.clone()))
        .collect();
    // One at a time: each stock is read on all cores already (the streaming reader); two at a
    // time oversubscribed the cores and held two stocks (monatlich: 2.05 s and 336 MB).
    let ergebnisse: Vec<_> = frueher
        .iter()
        .map(|(_, m, p)| monatsbestand(p, *m, werk, spalten))
        .collect();
    // Sort prefix and inline key of each Kundennummer of M: the merge then compares integers
    // and touches the strings (one cache miss each) only for ids longer than 15 bytes.
    let schluessel: Vec<(u128, Option<u128>)> = if frueher.is_empty() {
        Vec::new()
    } else {
        bestand
            .iter()
            .map(|n| (sortierpraefix(n), inline(n)))
            .collect()
    };
    let mut v = Vorbereitung {
        erster_monat,
        monate: (0..MONATE).map(|_| None).collect(),
        eingaben: Vec::new(),
        codes,
    };
    for ((k, m, _), r) in frueher.iter().zip(ergebnisse) {
        match r {
            Ok(b) => {
                let kunden = einordnen(&b, (bestand, &schluessel), &mut v.codes, index);
                v.monate[*k] = Some(Verlaufsbestand {
                    stichtag: b.stichtag,
                    fassung: b.fassung.clone(),
                    kunden,
                });
                v.eingaben.extend(b.dateien);
            }
            Err(grund) => {
                // The reason may quote the file's content: cut and control characters shown
                // as for every message.
                let grund = crate::error::kurz(&grund, 600);
                tracing::warn!("Verlauf: Monat {m} nicht auswertbar ({grund}), bleibt eine Lücke")
            }
        }
    }
    v
}

/// The customers of an earlier month's stock `b` matched to the report month's population
/// (`bestand`, sorted in byte order, with its sort keys `schluessel`) by merging the two
/// sorted lists; customers not in it join `index` as trend customers, after every position in
/// use.
fn einordnen(
    b: &Monatsbestand,
    (bestand, schluessel): (&[&str], &[(u128, Option<u128>)]),
    codes: &mut Einheitscodes,
    index: &mut Kennungsindex,
) -> Vec<Verlaufskunde> {
    // Unit codes of this month, then one index insertion per customer.
    let einheit_codes: Vec<(u32, u32)> = b
        .einheiten
        .iter()
        .map(|(team, gs)| (codes.gs.nr(gs), codes.teams.nr(team)))
        .collect();
    let mut j = 0;
    (0..b.len())
        .map(|i| {
            let nr = b.kunde(i);
            let (p, kurz) = (sortierpraefix(nr), inline(nr));
            let gleich = |j: usize| match (schluessel[j].1, kurz) {
                (Some(a), Some(b)) => a == b,
                _ => bestand[j] == nr,
            };
            while j < bestand.len()
                && (schluessel[j].0 < p || (schluessel[j].0 == p && !gleich(j) && bestand[j] < nr))
            {
                j += 1;
            }
            let platz = if j < bestand.len() && gleich(j) {
                Kundenplatz::Bestand(j)
            } else {
                let neu = Kundenplatz::Verlauf(index.verbund());
                index.einfuegen(nr, neu).unwrap_or(neu)
            };
            let (gs, team) = einheit_codes[b.einheit[i] as usize];
            Verlaufskunde {
                pos: GepackterKundenplatz::neu(platz),
                zugang: b.zugang[i],
                gs,
                team,
                zielwert: b.zielwert[i],
                mindestwert: b.mindestwert[i],
            }
        })
        .collect()
}

/// Sums over the customers of one (month, Geschäftsstelle, team) cell, and over their
/// appointments of that month (attended, missed; missed ones followed up, not followed up).
#[derive(Debug, Default, Clone, Copy)]
struct Zelle {
    kunden: u64,
    tage: i64,
    im_zielwert: u64,
    im_mindestwert: u64,
    /// Customers counselled at least once, and their days summed.
    beraten: u64,
    tage_beraten: i64,
    wahrgenommen: u64,
    nicht_erschienen: u64,
    nachfass_erfolgt: u64,
    nachfass_versaeumt: u64,
}

/// What the trend needs of the appointments: the twelve earlier months' (each from its own
/// folder, dated in it), the report month's as judged for its figures, and the phone notes the
/// notes pass collected with the trend month of their extract.
pub struct Verlaufstermine<'a> {
    /// Months before M with a `termine.csv`, each with its appointments dated in it.
    pub frueher: &'a [(Monat, Vec<Termin>)],
    /// The report month's appointments, if M has a `termine.csv`.
    pub monat: Option<&'a Termintreue>,
    /// Phone notes (Verbund position, day, trend month of the extract).
    pub telefonate: &'a [Telefonat],
    /// Kundennummer → Kundenplatz.
    pub index: &'a Kennungsindex,
    /// The rules file: each month judges its no-shows by the follow-up rule of its version.
    pub werk: &'a Regelwerk,
}

impl Zelle {
    /// Books one appointment of the cell's month: attended, or missed with what became of it
    /// (`None` for a no-show not yet assessable); cancelled and open ones are in no quote.
    fn termin(&mut self, status: Terminstatus, nachfass: Option<Nachfass>) {
        match status {
            Terminstatus::Wahrgenommen => self.wahrgenommen += 1,
            Terminstatus::NichtErschienen => {
                self.nicht_erschienen += 1;
                match nachfass {
                    Some(Nachfass::Erfolgt) => self.nachfass_erfolgt += 1,
                    Some(Nachfass::Versaeumt) => self.nachfass_versaeumt += 1,
                    Some(Nachfass::Offen) | None => {}
                }
            }
            Terminstatus::Abgesagt | Terminstatus::Offen => {}
        }
    }

    /// Adds the appointment counts of `z` (the customers' sums stay).
    fn termine_dazu(&mut self, z: &Zelle) {
        self.wahrgenommen += z.wahrgenommen;
        self.nicht_erschienen += z.nicht_erschienen;
        self.nachfass_erfolgt += z.nachfass_erfolgt;
        self.nachfass_versaeumt += z.nachfass_versaeumt;
    }

    fn buchen(&mut self, tage: i64, (im_zielwert, im_mindestwert): (bool, bool), beraten: bool) {
        self.kunden += 1;
        self.tage += tage;
        if beraten {
            self.beraten += 1;
            self.tage_beraten += tage;
        }
        self.im_zielwert += u64::from(im_zielwert);
        self.im_mindestwert += u64::from(im_mindestwert);
    }
}

/// One value of the trend.
#[derive(Debug, Clone, PartialEq)]
pub struct Verlaufspunkt {
    /// The month.
    pub monat: Monat,
    /// Whose value.
    pub einheit: Einheit,
    /// Customers in the population of that month.
    pub kunden: u64,
    /// Ø Tage seit letzter Beratung.
    pub tage_mittel: f64,
    /// Share within the Zielwert (0…1).
    pub anteil_zielwert: f64,
    /// Share within the Mindestwert (0…1).
    pub anteil_mindestwert: f64,
    /// Ø Tage among the customers counselled at least once; `None` when nobody was.
    pub tage_mittel_beraten: Option<f64>,
    /// Customers past their Mindestwert.
    pub ueberfaellig: u64,
    /// Attended / (attended + missed) among the month's appointments; `None` without any.
    pub quote_wahrgenommen: Option<f64>,
    /// Followed up / (followed up + not) among the month's assessable no-shows.
    pub nachfass_quote: Option<f64>,
}

/// The trend of every unit.
#[derive(Debug, Clone)]
pub struct Verlauf {
    /// The 13 months, oldest first, and whether each had data.
    pub monate: Vec<(Monat, bool)>,
    /// Per month: it had a `termine.csv` (and data): its appointment quotes are shown.
    pub mit_terminen: Vec<bool>,
    /// Per month: the version of the rules it applied (`None` for a gap); a change between two
    /// months is a step in the trend, and the sheet marks it.
    pub fassungen: Vec<Option<String>>,
    /// Values per month and unit (only months with data, units with customers that month).
    pub punkte: Vec<Verlaufspunkt>,
    /// §6.3 Nachhaltung per unit of M − 1 (Jobcenter, Geschäftsstellen, teams); `None` when
    /// M − 1's folder lacks `kunden.csv` or `organisation.csv`.
    pub nachhaltung: Option<BTreeMap<Einheit, Nachhaltung>>,
    /// Per population position of M: overdue at M − 1 too (empty without M − 1's folder) —
    /// the team's „Überfällig“ list marks them.
    pub schon_ueberfaellig: Vec<bool>,
}

/// What became of the customers a run for M − 1 lists as overdue (SPEC §3, Planning figures):
/// each counted once more under the first that applies — left the population, counselled
/// since, still overdue, no longer overdue (their group's Mindestwert changed) —, the four
/// adding up to `vormonat`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Nachhaltung {
    /// Overdue at M − 1's Stichtag (its rules, the notes of the folders ≤ M − 1).
    pub vormonat: u64,
    /// Not in M's population.
    pub abgegangen: u64,
    /// A qualifying note after M − 1's Stichtag and up to M's.
    pub nachgeholt: u64,
    /// Overdue at M's Stichtag.
    pub weiter_ueberfaellig: u64,
    /// The rest.
    pub nicht_mehr_ueberfaellig: u64,
}

impl Nachhaltung {
    /// The cases the Quote nachgeholt stands on: nachgeholt + weiter überfällig.
    pub fn quote_faelle(&self) -> u64 {
        self.nachgeholt + self.weiter_ueberfaellig
    }
}

/// Books last month's overdue customers of `bm` (M − 1; `letzte`: the latest counselling known
/// at M − 1 per Verbund position) by their unit at M − 1, judged against M's rows `faelle`
/// (a customer of M's population is its row there).
fn nachhaltung(
    bm: &Verlaufsbestand,
    letzte: &[i32],
    faelle: &[Einzelfall],
    codes: &Einheitscodes,
) -> (BTreeMap<Einheit, Nachhaltung>, Vec<bool>) {
    let mut je: BTreeMap<Einheit, Nachhaltung> = BTreeMap::new();
    let mut schon = vec![false; faelle.len()];
    for c in &bm.kunden {
        let t = bm.tage(c, letzte);
        if t <= i64::from(c.mindestwert) {
            continue;
        }
        let im_bestand = c.pos.kunde().bestand();
        if let Some(i) = im_bestand {
            schon[i] = true;
        }
        let fall = im_bestand.map(|i| &faelle[i]);
        let buchen: fn(&mut Nachhaltung) = match fall {
            None => |n| n.abgegangen += 1,
            Some(f) if f.letzte_beratung.is_some_and(|d| d > bm.stichtag) => |n| n.nachgeholt += 1,
            Some(f) if !f.mindestwert_eingehalten() => |n| n.weiter_ueberfaellig += 1,
            Some(_) => |n| n.nicht_mehr_ueberfaellig += 1,
        };
        let gs = codes.gs.name(c.gs).to_string();
        let team = codes.teams.name(c.team).to_string();
        for e in [
            Einheit::Jobcenter,
            Einheit::Geschaeftsstelle(gs),
            Einheit::Team(team),
        ] {
            let n = je.entry(e).or_default();
            n.vormonat += 1;
            buchen(n);
        }
    }
    (je, schon)
}

impl Verlauf {
    /// The series of one unit: one entry per month, `None` for a gap or no customers.
    pub fn reihe(&self, e: &Einheit) -> Vec<(Monat, Option<&Verlaufspunkt>)> {
        self.monate
            .iter()
            .map(|(m, _)| {
                (
                    *m,
                    self.punkte
                        .iter()
                        .find(|p| p.monat == *m && p.einheit == *e),
                )
            })
            .collect()
    }
}

/// Cells of the trend's query: (trend month, Geschäftsstelle code, team code) → sums.
type Zellen = BTreeMap<(i32, u32, u32), Zelle>;

/// Phone notes per Verbund position: (day, trend month of the extract).
type Telefone = HashMap<u32, Vec<(NaiveDate, u8)>, Schnell>;

/// Computes the trend from the prepared months, the notes booked per trend month
/// (`stand`: [`MONATE`] columns, one entry per Verbund position each) and the report month's
/// customers (judged by version `fassung`).
pub fn berechnen(
    v: Vorbereitung,
    mut stand: Vec<i32>,
    (monat, fassung): (Monat, &str),
    faelle: &[Einzelfall],
    termine: Option<Verlaufstermine<'_>>,
) -> Ergebnis<Verlauf> {
    let Vorbereitung {
        monate,
        mut codes,
        erster_monat,
        ..
    } = v;
    let verbund = stand.len() / MONATE;
    let plan = Verlaufsplan {
        erster_monat,
        monate: MONATE,
        verbund,
    };
    laufendes_maximum(&mut stand, verbund);
    // Per customer the rules give days and flags; per (month, Geschäftsstelle, team) they
    // are summed here, so the SQL runs over a few hundred cells instead of a row per
    // customer and month (13 × the population).
    let mut zellen = Zellen::new();
    let mut vorhanden = [false; MONATE];
    let mut mit_terminen = vec![false; MONATE];
    let mut fassungen: Vec<Option<String>> = vec![None; MONATE];
    let telefon = telefon_je_kunde(termine.as_ref(), &plan);
    // Codes are dense (1…n): one cell per (Geschäftsstelle, team) pair in a flat table.
    let breite = codes.teams.anzahl() + 1;
    let mut je_einheit = vec![Zelle::default(); (codes.gs.anzahl() + 1) * breite];
    for (k, bm) in monate.iter().enumerate() {
        let Some(bm) = bm else { continue };
        vorhanden[k] = true;
        fassungen[k] = Some(bm.fassung.clone());
        je_einheit.fill(Zelle::default());
        kunden_buchen(
            bm,
            &stand[k * verbund..(k + 1) * verbund],
            breite,
            &mut je_einheit,
        );
        let m = monat.plus(k as i32 + 1 - MONATE as i32);
        let liste = termine
            .as_ref()
            .and_then(|t| t.frueher.iter().find(|(x, _)| *x == m).map(|(_, l)| (t, l)));
        if let Some((t, liste)) = liste {
            mit_terminen[k] = true;
            termine_buchen(bm, (t, liste), (k, &telefon), breite, &mut je_einheit);
        }
        for (i, z) in je_einheit.iter().enumerate().filter(|(_, z)| z.kunden > 0) {
            zellen.insert((k as i32, (i / breite) as u32, (i % breite) as u32), *z);
        }
    }
    let (nachhaltung, schon_ueberfaellig) = match monate[MONATE - 2].as_ref() {
        Some(bm) => {
            let k = MONATE - 2;
            let (n, s) = nachhaltung(bm, &stand[k * verbund..(k + 1) * verbund], faelle, &codes);
            (Some(n), s)
        }
        None => (None, Vec::new()),
    };
    // The report month: its customers as computed for the figures.
    let k = MONATE - 1;
    vorhanden[k] = true;
    fassungen[k] = Some(fassung.to_string());
    let monatstermine = termine.as_ref().and_then(|t| t.monat);
    mit_terminen[k] = monatstermine.is_some();
    berichtsmonat_buchen(faelle, monatstermine, &mut codes, &mut zellen);
    let monatsliste: Vec<(Monat, bool)> = (0..MONATE)
        .map(|k| (monat.plus(k as i32 + 1 - MONATE as i32), vorhanden[k]))
        .collect();
    let punkte = punkte_rechnen(&zellen, &codes, &monatsliste)?;
    Ok(Verlauf {
        monate: monatsliste,
        mit_terminen,
        fassungen,
        punkte,
        nachhaltung,
        schon_ueberfaellig,
    })
}

/// Latest counselling known at month k = running maximum over months 0..=k, once for all
/// (month-major: column k follows column k − 1, `verbund` entries each).
fn laufendes_maximum(stand: &mut [i32], verbund: usize) {
    for k in 1..MONATE {
        let (vorher, ab) = stand.split_at_mut(k * verbund);
        for (x, y) in ab[..verbund].iter_mut().zip(&vorher[(k - 1) * verbund..]) {
            *x = (*x).max(*y);
        }
    }
}

/// The phone notes of customers with a no-show, per Verbund position.
fn telefon_je_kunde(termine: Option<&Verlaufstermine<'_>>, plan: &Verlaufsplan) -> Telefone {
    let mut telefon = Telefone::default();
    for t in termine.iter().flat_map(|t| t.telefonate) {
        telefon
            .entry(t.kunde)
            .or_default()
            .push((t.datum, plan.nr(t.auszug) as u8));
    }
    telefon
}

/// Books the customers of an earlier month into its cells: days since the latest
/// counselling known at that month (`letzte`: one entry per Verbund position).
fn kunden_buchen(bm: &Verlaufsbestand, letzte: &[i32], breite: usize, je_einheit: &mut [Zelle]) {
    for c in &bm.kunden {
        let (t, beraten) = bm.tage_und_beraten(c, letzte);
        je_einheit[c.gs as usize * breite + c.team as usize].buchen(
            t,
            (t <= i64::from(c.zielwert), t <= i64::from(c.mindestwert)),
            beraten,
        );
    }
}

/// Books an earlier month's appointments (trend month `k`) by their customer's unit in that
/// month; a no-show is judged against the phone notes known at month k, by the follow-up
/// rule of the version that month applies.
fn termine_buchen(
    bm: &Verlaufsbestand,
    (t, liste): (&Verlaufstermine<'_>, &[Termin]),
    (k, telefon): (usize, &Telefone),
    breite: usize,
    je_einheit: &mut [Zelle],
) {
    let einheit: HashMap<u32, usize, Schnell> = bm
        .kunden
        .iter()
        .map(|c| {
            let p = c.pos.kunde().verbund() as u32;
            (p, c.gs as usize * breite + c.team as usize)
        })
        .collect();
    let regel = &t
        .werk
        .in_kraft(bm.stichtag)
        .expect("the month's stock was read under a version in force")
        .termintreue;
    for x in liste {
        let Some((pos, zelle)) = t
            .index
            .kunde(&x.kundennummer)
            .map(Kundenplatz::verbund)
            .and_then(|p| einheit.get(&(p as u32)).map(|z| (p, *z)))
        else {
            continue;
        };
        let nachfass = (x.status == Terminstatus::NichtErschienen).then(|| {
            let bekannt: Vec<NaiveDate> = telefon
                .get(&(pos as u32))
                .into_iter()
                .flatten()
                .filter(|(_, km)| usize::from(*km) <= k)
                .map(|(d, _)| *d)
                .collect();
            let d = frist(&regel.bundesland, x.datum, regel.nachfass_arbeitstage);
            nachfass(x.datum, d, bm.stichtag, &bekannt)
        });
        je_einheit[zelle].termin(x.status, nachfass);
    }
}

/// The report month's cells: its customers as computed for the figures and its
/// appointments as judged for its own figures (one path for the month's quotes), by their
/// customer's unit: counted in a small table first, then booked once per cell (bremen's
/// 139,675 appointments: 0.02 s as one ordered-map entry each).
fn berichtsmonat_buchen(
    faelle: &[Einzelfall],
    termine: Option<&Termintreue>,
    codes: &mut Einheitscodes,
    zellen: &mut Zellen,
) {
    let k = (MONATE - 1) as i32;
    let mut einheit_je_fall: Vec<(u32, u32)> = Vec::with_capacity(faelle.len());
    for e in faelle {
        let einheit = (codes.gs.nr(&e.geschaeftsstelle), codes.teams.nr(&e.team));
        einheit_je_fall.push(einheit);
        zellen.entry((k, einheit.0, einheit.1)).or_default().buchen(
            e.tage,
            (e.zielwert_eingehalten(), e.mindestwert_eingehalten()),
            !e.nie_beraten,
        );
    }
    let Some(t) = termine else { return };
    let mut je: HashMap<(u32, u32), Zelle, foldhash::fast::RandomState> = HashMap::default();
    for x in &t.termine {
        je.entry(einheit_je_fall[x.kunde])
            .or_default()
            .termin(x.status, x.nachfass.map(|(_, s)| s));
    }
    for ((g, team), z) in je {
        zellen.entry((k, g, team)).or_default().termine_dazu(&z);
    }
}

/// The trend's figures: the cells as a frame, `queries/verlauf.sql` over them per unit
/// level, one point per (month, unit).
fn punkte_rechnen(
    zellen: &Zellen,
    codes: &Einheitscodes,
    monatsliste: &[(Monat, bool)],
) -> Ergebnis<Vec<Verlaufspunkt>> {
    if zellen.is_empty() {
        return Ok(Vec::new());
    }
    let sql = ebenen_abfrage(
        VERLAUF_SQL,
        &EINHEITSEBENEN,
        "monat_nr, ebene_nr, gs_nr, team_nr",
    );
    let df = abfragen("verlauf", zellen_frame(zellen)?, &sql)?;
    let mn = spalte_anzahl(&df, "monat_nr")?;
    let (kunden, mittel, ziel, anteil) = (
        spalte_anzahl(&df, "kunden")?,
        spalte_zahl(&df, "tage_mittel")?,
        spalte_zahl(&df, "anteil_zielwert")?,
        spalte_zahl(&df, "anteil_mindestwert")?,
    );
    let (qw, qn) = (
        spalte_quote(&df, "quote_wahrgenommen")?,
        spalte_quote(&df, "nachfass_quote")?,
    );
    let (beraten, ueber) = (
        spalte_quote(&df, "tage_mittel_beraten")?,
        spalte_anzahl(&df, "ueberfaellig")?,
    );
    Ok(einheiten(codes, &df)?
        .into_iter()
        .enumerate()
        .map(|(i, einheit)| Verlaufspunkt {
            monat: monatsliste[mn[i] as usize].0,
            einheit,
            kunden: kunden[i],
            tage_mittel: mittel[i],
            anteil_zielwert: ziel[i],
            anteil_mindestwert: anteil[i],
            tage_mittel_beraten: beraten[i],
            ueberfaellig: ueber[i],
            quote_wahrgenommen: qw[i],
            nachfass_quote: qn[i],
        })
        .collect())
}

/// The cells as the query's frame, one row per cell in key order.
fn zellen_frame(zellen: &Zellen) -> Ergebnis<DataFrame> {
    let (mut m_nr, mut g_nr, mut t_nr) = (vec![], vec![], vec![]);
    let (mut kunden, mut tage, mut ok, mut ziel) = (vec![], vec![], vec![], vec![]);
    let (mut tw, mut tn, mut te, mut tv) = (vec![], vec![], vec![], vec![]);
    let (mut beraten, mut tage_beraten) = (vec![], vec![]);
    for ((m, g, t), z) in zellen {
        beraten.push(z.beraten as f64);
        tage_beraten.push(z.tage_beraten as f64);
        m_nr.push(*m);
        g_nr.push(*g as i32);
        t_nr.push(*t as i32);
        kunden.push(z.kunden as f64);
        tage.push(z.tage as f64);
        ziel.push(z.im_zielwert as f64);
        ok.push(z.im_mindestwert as f64);
        tw.push(z.wahrgenommen as f64);
        tn.push(z.nicht_erschienen as f64);
        te.push(z.nachfass_erfolgt as f64);
        tv.push(z.nachfass_versaeumt as f64);
    }
    let n = m_nr.len();
    Ok(DataFrame::new(
        n,
        vec![
            Column::new("gesamt".into(), vec![1i32; n]),
            Column::new("monat_nr".into(), m_nr),
            Column::new("gs_nr".into(), g_nr),
            Column::new("team_nr".into(), t_nr),
            Column::new("kunden".into(), kunden),
            Column::new("tage_summe".into(), tage),
            Column::new("im_zielwert".into(), ziel),
            Column::new("im_mindestwert".into(), ok),
            Column::new("beraten".into(), beraten),
            Column::new("tage_summe_beraten".into(), tage_beraten),
            Column::new("wahrgenommen".into(), tw),
            Column::new("nicht_erschienen".into(), tn),
            Column::new("nachfass_erfolgt".into(), te),
            Column::new("nachfass_versaeumt".into(), tv),
        ],
    )?)
}

//! Termintreue (directive §5, SPEC §3 "Appointments and no-show follow-up"): what became of
//! the month's appointments, whether no-shows were followed up by phone, whether the next
//! appointment was agreed in the session, and which customers keep missing theirs.
//!
//! Two steps around the one notes pass: [`einordnen`] classifies every row of month M's
//! `termine.csv` before it (the reconciliation, and which customers' phone notes the pass must
//! collect), [`berechnen`] judges the month's appointments after it. The figures are SQL
//! ([`kennzahlen`]); the worklists per team are made here, the workbooks only format them.

pub mod kennzahlen;
pub mod telefonate;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::bestand::Einzelfall;
use crate::ingest::folders::Monat;
use crate::ingest::kennung::{Bestandsplatz, Kennungsindex, Schnell};
use crate::ingest::termine::{Termin, Termindatei, Terminstatus, Text};
use crate::rules::fassung::Termintreueregel;
use crate::rules::termintreue::{frist, nachfass, Nachfass};

/// Appointments reconciliation: `gelesen` = the sum of the other counts (SPEC §4).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct TermineBilanz {
    /// Data rows of `termine.csv` of month M.
    pub gelesen: u64,
    /// Rejected rows.
    pub abgewiesen: u64,
    /// Dated before the first of M.
    pub vor_monat: u64,
    /// Dated after the Stichtag.
    pub nach_stichtag: u64,
    /// The customer is not in the population.
    pub ohne_kunde_im_bestand: u64,
    /// Appointments in the month of population customers.
    pub verwendet: u64,
}

/// Month M's appointments, classified, before the notes pass.
#[derive(Debug)]
pub struct Terminstand {
    /// Reconciliation.
    pub bilanz: TermineBilanz,
    /// Appointments in the month of population customers: the customer's position and the
    /// appointment's place in `alle`.
    pub im_monat: Vec<(usize, usize)>,
    /// Every valid appointment of the file (for the follow-up appointment and the next one).
    pub alle: Vec<Termin>,
    /// Per appointment of `alle`: its customer's population position, if a customer of it
    /// (looked up once).
    pub positionen: Vec<Option<Bestandsplatz>>,
    /// Per population position: had a no-show in the month (their phone notes are needed).
    pub nachfass_kunden: Vec<bool>,
    /// The export has an `Erinnerung` column.
    pub mit_erinnerung: bool,
    /// The export has a `Vereinbart am` column.
    pub mit_vereinbart: bool,
    /// The export has a `Dauer` column.
    pub mit_dauer: bool,
}

/// Classifies every valid row of month M's `termine.csv` (SPEC §3: `vor_monat`,
/// `nach_stichtag`, `ohne_kunde_im_bestand`, `verwendet`, after the rejected rows). `index`
/// tells who is a customer of the population.
pub fn einordnen(
    datei: Termindatei,
    abgewiesen: u64,
    index: &Kennungsindex,
    monat: Monat,
    stichtag: NaiveDate,
) -> Terminstand {
    let mut bilanz = TermineBilanz {
        gelesen: datei.datei.zeilen,
        abgewiesen,
        ..Default::default()
    };
    let mut nachfass_kunden = vec![false; index.bestand()];
    let mut im_monat = Vec::new();
    // One customer lookup per row, each a cache miss in the customer index: the rows are
    // split over the cores (bremen, 139,675 rows: 0.03 → 0.02 s).
    let kerne = crate::parallel::kerne();
    let stuecke: Vec<&[Termin]> = datei
        .termine
        .chunks(datei.termine.len().div_ceil(kerne).max(1))
        .collect();
    let positionen: Vec<Option<Bestandsplatz>> =
        crate::parallel::geordnet(&stuecke, kerne, |stueck| {
            stueck
                .iter()
                .map(|t| index.im_bestand(&t.kundennummer).map(Bestandsplatz::neu))
                .collect::<Vec<_>>()
        })
        .concat();
    for (i, t) in datei.termine.iter().enumerate() {
        if t.datum < monat.erster_tag() {
            bilanz.vor_monat += 1;
        } else if t.datum > stichtag {
            bilanz.nach_stichtag += 1;
        } else {
            match positionen[i] {
                None => bilanz.ohne_kunde_im_bestand += 1,
                Some(p) => {
                    let p = p.index();
                    bilanz.verwendet += 1;
                    if t.status == Terminstatus::NichtErschienen {
                        nachfass_kunden[p] = true;
                    }
                    im_monat.push((p, i));
                }
            }
        }
    }
    Terminstand {
        bilanz,
        im_monat,
        alle: datei.termine,
        positionen,
        nachfass_kunden,
        mit_erinnerung: datei.mit_erinnerung,
        mit_vereinbart: datei.mit_vereinbart,
        mit_dauer: datei.mit_dauer,
    }
}

/// One appointment in the month of a population customer, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Monatstermin {
    /// Position of the customer in the population.
    pub kunde: usize,
    /// Termin-ID.
    pub id: Text,
    /// Day of the appointment.
    pub datum: NaiveDate,
    /// Outcome.
    pub status: Terminstatus,
    /// With reminder (`None` without an `Erinnerung` column).
    pub erinnerung: Option<bool>,
    /// Staff member holding it (may be empty).
    pub ifk: Text,
    /// No-show only: the follow-up deadline and what became of it.
    pub nachfass: Option<(NaiveDate, Nachfass)>,
    /// Attended only, with a `Vereinbart am` column: the next appointment was agreed that day.
    pub folgetermin: Option<bool>,
    /// Its length in minutes (`None`: empty or no `Dauer` column).
    pub dauer: Option<u32>,
}

/// A customer whose two latest attended-or-missed appointments were both missed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gefaehrdet {
    /// Position of the customer in the population.
    pub kunde: usize,
    /// The two missed days, the older first.
    pub versaeumt: [NaiveDate; 2],
    /// The customer's next agreed appointment after the Stichtag, if any.
    pub naechster: Option<NaiveDate>,
}

/// Everything about the month's appointments.
#[derive(Debug)]
pub struct Termintreue {
    /// Reconciliation of `termine.csv` of M.
    pub bilanz: TermineBilanz,
    /// The month's appointments of population customers, by customer, day and id.
    pub termine: Vec<Monatstermin>,
    /// The export has an `Erinnerung` column.
    pub mit_erinnerung: bool,
    /// The export has a `Vereinbart am` column.
    pub mit_vereinbart: bool,
    /// The export has a `Dauer` column.
    pub mit_dauer: bool,
    /// „Termintreue gefährdet“ (only computed with the distribution), by customer.
    pub gefaehrdet: Vec<Gefaehrdet>,
    /// Per population customer with one: the next agreed appointment after the Stichtag
    /// (the earliest not cancelled) — the worklists show it.
    pub naechste: HashMap<usize, NaiveDate, Schnell>,
    /// The follow-up parameters applied.
    pub regel: Termintreueregel,
}

/// A phone note the notes pass collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Telefonat {
    /// The customer's Verbund position (a population customer's is its row,
    /// [`crate::ingest::kennung::Kundenplatz::verbund`]); four bytes, as there are millions.
    pub kunde: u32,
    /// Day of the call.
    pub datum: NaiveDate,
    /// The month of the extract it came with.
    pub auszug: Monat,
}

/// The key of (population position, day): both in one integer, so sorting by it sorts by
/// customer, then day.
fn tagesschluessel(p: u32, d: NaiveDate) -> u64 {
    (u64::from(p) << 32) | d.num_days_from_ce() as u32 as u64
}

/// (population position, day agreed on) → the latest day agreed that day; only the
/// population's appointments can follow one of the month's. A sorted list rather than a hash
/// table: the month's appointments are visited in the same key order, so each lookup is a
/// step of one cursor (bremen, 139,675 rows: 20 ms for the table's inserts). Empty when the
/// export has no „vereinbart am“ column.
fn vereinbarte_tage(stand: &Terminstand) -> Vec<(u64, NaiveDate)> {
    let mut vereinbart: Vec<(u64, NaiveDate)> = Vec::new();
    if !stand.mit_vereinbart {
        return vereinbart;
    }
    let mut alle: Vec<(u64, NaiveDate)> = stand
        .alle
        .iter()
        .zip(&stand.positionen)
        .filter_map(|(t, p)| match (t.vereinbart_am, *p) {
            (Some(v), Some(p)) => Some((tagesschluessel(p.index() as u32, v), t.datum)),
            _ => None,
        })
        .collect();
    alle.sort_unstable();
    // Sorted by key, then day: the last of a key's run is its latest day.
    vereinbart.reserve(alle.len());
    for (k, d) in alle {
        match vereinbart.last_mut() {
            Some(letzter) if letzter.0 == k => letzter.1 = d,
            _ => vereinbart.push((k, d)),
        }
    }
    vereinbart
}

/// Judges the month's appointments. `telefonate` are the phone notes of the customers with a
/// no-show, dated from the first day needed up to the Stichtag; `frueher` the
/// appointments of the eleven months before M, each from the folder of its own month (for
/// „Termintreue gefährdet“; `None` without the distribution).
pub fn berechnen(
    mut stand: Terminstand,
    telefonate: &[Telefonat],
    stichtag: NaiveDate,
    regel: &Termintreueregel,
    frueher: Option<Vec<&Termin>>,
    index: &Kennungsindex,
) -> Termintreue {
    let mut je_kunde: HashMap<usize, Vec<NaiveDate>, Schnell> = HashMap::default();
    for t in telefonate {
        je_kunde.entry(t.kunde as usize).or_default().push(t.datum);
    }
    // (population position, day agreed on) → the latest day agreed that day; only the
    // population's appointments can follow one of the month's. A sorted list rather than a
    // hash table: the month's appointments are visited in the same key order below, so each
    // lookup is a step of one cursor (bremen, 139,675 rows: 20 ms for the table's inserts).
    let vereinbart = vereinbarte_tage(&stand);
    // Before the texts of the file's rows are moved out below.
    let naechste = naechste_termine(&stand, stichtag);
    let gefaehrdet = match frueher {
        Some(f) => gefaehrdet(&stand, &f, (stichtag, &naechste), index),
        None => Vec::new(),
    };
    // By customer, day and id (ids are unique: no ties), then built in that order, moving the
    // texts out of the file's rows (not needed after this). The (customer, day) part is packed
    // into one integer — the `vereinbart` key — so ids are compared only for a customer's
    // appointments on the same day, and `vereinbart` is walked by one cursor.
    let mut reihenfolge: Vec<(u64, usize, usize)> = stand
        .im_monat
        .iter()
        .map(|&(p, i)| (tagesschluessel(p as u32, stand.alle[i].datum), p, i))
        .collect();
    reihenfolge.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| stand.alle[a.2].id.cmp(&stand.alle[b.2].id))
    });
    let (mit_erinnerung, mit_vereinbart) = (stand.mit_erinnerung, stand.mit_vereinbart);
    let mut zeiger = 0usize;
    let termine: Vec<Monatstermin> = reihenfolge
        .into_iter()
        .map(|(schluessel_t, p, i)| {
            let t = &mut stand.alle[i];
            Monatstermin {
                kunde: p,
                id: std::mem::take(&mut t.id),
                datum: t.datum,
                status: t.status,
                erinnerung: mit_erinnerung.then_some(t.erinnerung),
                ifk: std::mem::take(&mut t.ifk),
                dauer: t.dauer,
                nachfass: (t.status == Terminstatus::NichtErschienen).then(|| {
                    let d = frist(&regel.bundesland, t.datum, regel.nachfass_arbeitstage);
                    let tel = je_kunde.get(&p).map_or(&[][..], |v| v.as_slice());
                    (d, nachfass(t.datum, d, stichtag, tel))
                }),
                folgetermin: (mit_vereinbart && t.status == Terminstatus::Wahrgenommen).then(
                    || {
                        while vereinbart.get(zeiger).is_some_and(|v| v.0 < schluessel_t) {
                            zeiger += 1;
                        }
                        vereinbart.get(zeiger).is_some_and(|&(k, spaetester)| {
                            k == schluessel_t && spaetester > t.datum
                        })
                    },
                ),
            }
        })
        .collect();
    Termintreue {
        bilanz: stand.bilanz,
        termine,
        mit_erinnerung: stand.mit_erinnerung,
        mit_vereinbart: stand.mit_vereinbart,
        mit_dauer: stand.mit_dauer,
        gefaehrdet,
        naechste,
        regel: regel.clone(),
    }
}

/// The next agreed appointment of every population customer with one: the earliest after the
/// Stichtag that is not cancelled.
fn naechste_termine(
    stand: &Terminstand,
    stichtag: NaiveDate,
) -> HashMap<usize, NaiveDate, Schnell> {
    let mut naechste: HashMap<usize, NaiveDate, Schnell> = HashMap::default();
    for (t, p) in stand.alle.iter().zip(&stand.positionen) {
        if let (true, Some(p)) = (t.datum > stichtag && t.status != Terminstatus::Abgesagt, p) {
            let e = naechste.entry(p.index()).or_insert(t.datum);
            *e = (*e).min(t.datum);
        }
    }
    naechste
}

/// „Termintreue gefährdet“ (SPEC §3): population customers whose two latest appointments dated
/// up to the Stichtag with status wahrgenommen or nicht erschienen (by day, then Termin-ID),
/// from month M and the eleven months before, were both missed.
fn gefaehrdet(
    stand: &Terminstand,
    frueher: &[&Termin],
    (stichtag, naechste): (NaiveDate, &HashMap<usize, NaiveDate, Schnell>),
    index: &Kennungsindex,
) -> Vec<Gefaehrdet> {
    // (customer, day, Termin-ID, status) of every attended or missed appointment, sorted once:
    // each customer's appointments are then one run, its last two at the run's end.
    let mut alle: Vec<(usize, NaiveDate, &str, Terminstatus)> = Vec::new();
    let zaehlt = |t: &Termin| {
        matches!(
            t.status,
            Terminstatus::Wahrgenommen | Terminstatus::NichtErschienen
        ) && t.datum <= stichtag
    };
    for &(p, i) in &stand.im_monat {
        let t = &stand.alle[i];
        if zaehlt(t) {
            alle.push((p, t.datum, &t.id, t.status));
        }
    }
    for t in frueher.iter().copied().filter(|t| zaehlt(t)) {
        if let Some(p) = index.im_bestand(&t.kundennummer) {
            alle.push((p, t.datum, &t.id, t.status));
        }
    }
    alle.sort_unstable();
    let mut liste = Vec::new();
    for v in alle.chunk_by(|a, b| a.0 == b.0) {
        if let [.., (p, d1, _, s1), (_, d2, _, s2)] = v {
            if *s1 == Terminstatus::NichtErschienen && *s2 == Terminstatus::NichtErschienen {
                liste.push(Gefaehrdet {
                    kunde: *p,
                    versaeumt: [*d1, *d2],
                    naechster: naechste.get(p).copied(),
                });
            }
        }
    }
    liste
}

/// One row of the team worklist „Nachfassen“: a no-show of the month not followed up.
#[derive(Debug, Clone, PartialEq)]
pub struct Nachfasseintrag {
    /// The customer's row in the population.
    pub kunde: usize,
    /// The IFK holding the appointment, or else the customer's.
    pub ifk: Text,
    /// Day of the no-show.
    pub datum: NaiveDate,
    /// Follow-up deadline.
    pub frist: NaiveDate,
    /// `Versaeumt` or `Offen`.
    pub stand: Nachfass,
}

/// The two appointment worklists of one team.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terminlisten {
    /// „Nachfassen“, by day and Kundennummer.
    pub nachfassen: Vec<Nachfasseintrag>,
    /// „Termintreue gefährdet“, by Kundennummer.
    pub gefaehrdet: Vec<Gefaehrdet>,
}

impl Termintreue {
    /// The worklists of every team with entries (team code → lists). Ties are broken by
    /// population position: the population is sorted by Kundennummer.
    pub fn listen_je_team(&self, faelle: &[Einzelfall]) -> BTreeMap<String, Terminlisten> {
        let mut je: BTreeMap<&str, Terminlisten> = BTreeMap::new();
        for t in &self.termine {
            let Some((frist, stand)) = t.nachfass else {
                continue;
            };
            if stand == Nachfass::Erfolgt {
                continue;
            }
            let fall = &faelle[t.kunde];
            let ifk = if t.ifk.is_empty() {
                Text::from(fall.ifk.as_str())
            } else {
                t.ifk.clone()
            };
            je.entry(&fall.team)
                .or_default()
                .nachfassen
                .push(Nachfasseintrag {
                    kunde: t.kunde,
                    ifk,
                    datum: t.datum,
                    frist,
                    stand,
                });
        }
        for g in &self.gefaehrdet {
            let fall = &faelle[g.kunde];
            je.entry(&fall.team).or_default().gefaehrdet.push(g.clone());
        }
        for l in je.values_mut() {
            l.nachfassen.sort_by_key(|e| (e.datum, e.kunde));
        }
        je.into_iter().map(|(t, l)| (t.to_string(), l)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Eingabedatei, Kodierung};

    fn tag(m: u32, t: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, t).unwrap()
    }

    fn termin(id: &str, kunde: &str, datum: NaiveDate, status: Terminstatus) -> Termin {
        Termin {
            id: id.into(),
            kundennummer: kunde.into(),
            datum,
            status,
            vereinbart_am: None,
            erinnerung: false,
            ifk: "".into(),
            dauer: None,
            zeile: 0,
        }
    }

    fn datei(termine: Vec<Termin>) -> Termindatei {
        Termindatei {
            abweisungen: Vec::new(),
            datei: Eingabedatei {
                pfad: "2026-10/termine.csv".into(),
                sha256: String::new(),
                zeilen: termine.len() as u64 + 2,
                kodierung: Kodierung::Utf8,
                fehlende_spalten: Vec::new(),
            },
            termine,
            mit_erinnerung: true,
            mit_vereinbart: true,
            mit_dauer: false,
        }
    }

    /// The population `n` (at its positions) and the trend customers `verlauf` after it.
    fn index(n: &[&str], verlauf: &[&str]) -> Kennungsindex {
        use crate::ingest::kennung::Kundenplatz;
        let mut i = Kennungsindex::default();
        for (p, k) in n.iter().enumerate() {
            i.einfuegen(k, Kundenplatz::Bestand(p));
        }
        for (p, k) in verlauf.iter().enumerate() {
            i.einfuegen(k, Kundenplatz::Verlauf(n.len() + p));
        }
        i
    }

    use Terminstatus::*;

    #[test]
    fn every_row_counted_once_in_spec_order() {
        // K9 is in the index as a trend customer, so not in the population.
        let idx = index(&["K1", "K2"], &["K9"]);
        let d = datei(vec![
            termin("a", "K1", tag(9, 30), Wahrgenommen),
            termin("b", "K1", tag(10, 1), NichtErschienen),
            termin("c", "K2", tag(10, 31), Offen),
            termin("d", "K2", tag(11, 1), Offen),
            termin("e", "K9", tag(10, 5), Wahrgenommen),
            termin("f", "K7", tag(10, 5), Wahrgenommen),
        ]);
        let s = einordnen(d, 2, &idx, Monat::lesen("2026-10").unwrap(), tag(10, 31));
        assert_eq!(
            s.bilanz,
            TermineBilanz {
                gelesen: 8,
                abgewiesen: 2,
                vor_monat: 1,
                nach_stichtag: 1,
                ohne_kunde_im_bestand: 2,
                verwendet: 2,
            }
        );
        assert_eq!(s.nachfass_kunden, [true, false]);
        assert_eq!(s.alle.len(), 6);
    }

    #[test]
    fn follow_up_and_next_appointment_agreed_in_the_session() {
        let idx = index(&["K1", "K2"], &[]);
        let mut folge = termin("n1", "K1", tag(11, 12), Offen);
        folge.vereinbart_am = Some(tag(10, 15));
        let mut gestern = termin("n2", "K2", tag(11, 12), Offen);
        gestern.vereinbart_am = Some(tag(10, 14)); // agreed the day before: not in the session
        let d = datei(vec![
            termin("w1", "K1", tag(10, 15), Wahrgenommen),
            termin("w2", "K2", tag(10, 15), Wahrgenommen),
            termin("x1", "K1", tag(10, 16), NichtErschienen), // Friday → deadline Monday 19th
            termin("x2", "K2", tag(10, 30), NichtErschienen), // Friday → Monday 2 Nov
            folge,
            gestern,
        ]);
        let s = einordnen(d, 0, &idx, Monat::lesen("2026-10").unwrap(), tag(10, 31));
        let regel = Termintreueregel::default();
        // K1 called on the deadline day; K2 not at all.
        let m = Monat::lesen("2026-10").unwrap();
        let tel = |kunde, datum| Telefonat {
            kunde,
            datum,
            auszug: m,
        };
        let tel = [tel(0, tag(10, 19)), tel(1, tag(10, 1))];
        let t = berechnen(s, &tel, tag(10, 31), &regel, None, &idx);
        let by_id = |id: &str| t.termine.iter().find(|x| &*x.id == id).unwrap();
        assert_eq!(by_id("w1").folgetermin, Some(true));
        assert_eq!(by_id("w2").folgetermin, Some(false));
        assert_eq!(by_id("x1").nachfass, Some((tag(10, 19), Nachfass::Erfolgt)));
        assert_eq!(by_id("x2").nachfass, Some((tag(11, 2), Nachfass::Offen)));
        assert_eq!(by_id("x1").folgetermin, None);
        assert_eq!(t.termine.len(), 4);
    }

    #[test]
    fn at_risk_needs_the_two_latest_attended_or_missed_both_missed() {
        let idx = index(&["K1", "K2", "K3", "K4"], &["K5"]);
        let frueher = [
            termin("p1", "K1", tag(8, 3), NichtErschienen),
            termin("p2", "K2", tag(8, 3), NichtErschienen),
            termin("p3", "K3", tag(8, 3), Wahrgenommen),
            termin("p4", "K4", tag(9, 3), NichtErschienen),
            // K5, a trend customer, missed both: not of the population, not listed.
            termin("p5", "K5", tag(9, 3), NichtErschienen),
        ];
        let d = datei(vec![
            termin("m1", "K1", tag(10, 5), NichtErschienen),
            termin("m1b", "K1", tag(10, 6), Abgesagt), // cancellations do not count
            termin("m2", "K2", tag(10, 5), Wahrgenommen),
            termin("m3", "K3", tag(10, 5), NichtErschienen),
            termin("m4", "K4", tag(10, 5), NichtErschienen),
            termin("m5", "K4", tag(11, 20), Offen),
            termin("m6", "K4", tag(11, 10), Abgesagt),
            termin("m7", "K5", tag(10, 7), NichtErschienen),
        ]);
        let s = einordnen(d, 0, &idx, Monat::lesen("2026-10").unwrap(), tag(10, 31));
        let t = berechnen(
            s,
            &[],
            tag(10, 31),
            &Termintreueregel::default(),
            Some(frueher.iter().collect()),
            &idx,
        );
        assert_eq!(
            t.gefaehrdet,
            [
                Gefaehrdet {
                    kunde: 0,
                    versaeumt: [tag(8, 3), tag(10, 5)],
                    naechster: None,
                },
                Gefaehrdet {
                    kunde: 3,
                    versaeumt: [tag(9, 3), tag(10, 5)],
                    naechster: Some(tag(11, 20)),
                },
            ]
        );
    }
}

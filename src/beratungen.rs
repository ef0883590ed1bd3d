//! The latest counselling per customer, from every notes extract of the folders ≤ M.
//!
//! Each extract is either read from the extract cache, parsed and cached, or — without a cache
//! or when it is too large for one — streamed and classified on the fly. All three ways end in
//! the same rule ([`crate::rules::beratung::einordnen`]) and the same bookkeeping
//! ([`Vermerkstand::buchen`]), so the cache cannot change a figure.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::error::Ergebnis;
use crate::fortschritt::Fortschritt;
use crate::ingest::abweisungen::Abweisungen;
use crate::ingest::cache::{self, Auszug, Sammler};
use crate::ingest::folders::Monat;
use crate::ingest::kennung::Kennungsindex;
use crate::ingest::quelle::Quelle;
use crate::ingest::vermerke::{vermerke_lesen, Vermerk};
use crate::ingest::{Abweisung, Eingabedatei};
use crate::rules::beratung::{einordnen, ist_beratung, vermerk_einordnen, Vermerkklasse};
use crate::rules::kontaktart::Kontaktart;
use crate::rules::termintreue::ist_telefon;

/// Notes reconciliation: `gelesen` = sum of the classes (SPEC §4).
#[derive(Debug, Clone, Default, serde::Serialize, PartialEq, Eq)]
pub struct VermerkeBilanz {
    /// Data rows of all notes files read.
    pub gelesen: u64,
    /// Qualifying notes of population customers on or before the Stichtag.
    pub verwendet: u64,
    /// Dated after the Stichtag.
    pub nach_stichtag: u64,
    /// Not a qualifying type.
    pub kein_beratungsvermerk: u64,
    /// Customer not in the population.
    pub ohne_kunde_im_bestand: u64,
    /// Rejected rows.
    pub abgewiesen: u64,
}

/// The population and the rules the notes are judged against.
pub struct Massstab<'a> {
    /// Kundennummer → position: below `kunden` a customer of the population of M; above,
    /// a customer only in the population of an earlier trend month.
    pub index: &'a Kennungsindex,
    /// Size of the population.
    pub kunden: usize,
    /// The Stichtag.
    pub stichtag: NaiveDate,
    /// Qualifying note types, normalised.
    pub typen: &'a [String],
    /// What the distribution needs besides (conversations, trend); `None` for a plain run.
    pub zusatz: Option<Zusatz>,
    /// Whose phone notes the no-show follow-up needs; `None` without `termine.csv`.
    pub telefon: Option<Telefonfilter<'a>>,
}

/// The no-show follow-up's share of the notes pass: phone notes (any type) dated from `von` to
/// the Stichtag of the population customers marked in `kunden`.
#[derive(Debug, Clone, Copy)]
pub struct Telefonfilter<'a> {
    /// First day of month M.
    pub von: NaiveDate,
    /// Per index position: had a no-show (in M, or with the trend in an earlier month).
    pub kunden: &'a [bool],
}

impl Telefonfilter<'_> {
    /// Whether a note of this day and Kontaktart can be a follow-up call (the cheap checks;
    /// the customer lookup comes after).
    fn kommt_in_frage(&self, datum: NaiveDate, stichtag: NaiveDate, kontaktart: &str) -> bool {
        datum >= self.von && datum <= stichtag && ist_telefon(kontaktart)
    }

    fn betrifft(&self, pos: Option<usize>) -> Option<u32> {
        pos.filter(|p| self.kunden.get(*p) == Some(&true))
            .map(|p| p as u32)
    }
}

/// The extra bookkeeping of a run with distribution, on the same single pass over the notes.
#[derive(Debug, Clone, Copy)]
pub struct Zusatz {
    /// First day of month M: qualifying notes from here to the Stichtag are conversations.
    pub monatsbeginn: NaiveDate,
    /// The oldest trend month (M − 12).
    pub erster_monat: Monat,
    /// Number of trend months (13).
    pub monate: usize,
    /// Customers of all trend populations (the `index` positions).
    pub verbund: usize,
}

impl Zusatz {
    /// Trend month of a month (months before the first count as the first).
    fn nr(&self, m: Monat) -> usize {
        (m.nummer() - self.erster_monat.nummer()).clamp(0, self.monate as i32 - 1) as usize
    }

    /// Trend month of a day number (days since 01.01.0001), by comparing with the first days
    /// of the trend months — no calendar conversion per note.
    fn nr_tag(&self, anfaenge: &[i32], tag: i32) -> usize {
        anfaenge
            .iter()
            .take_while(|a| **a <= tag)
            .count()
            .saturating_sub(1)
    }

    /// First day of each trend month, as day numbers.
    fn anfaenge(&self) -> Vec<i32> {
        let mut m = self.erster_monat;
        (0..self.monate)
            .map(|_| {
                let t = m.erster_tag().num_days_from_ce();
                m = m.folgemonat();
                t
            })
            .collect()
    }
}

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

/// What the notes contributed so far: the reconciliation counts and the latest counselling
/// per population customer.
pub struct Vermerkstand {
    /// Notes reconciliation.
    pub bilanz: VermerkeBilanz,
    /// Latest qualifying note per population customer.
    pub letzte: Vec<Option<NaiveDate>>,
    /// With distribution: qualifying notes of month M (unsorted, duplicates kept).
    pub gespraeche: Vec<Gespraechsvermerk>,
    /// With distribution: per trend month k and customer u of `index` (at `k * verbund + u`:
    /// month-major, so the notes of one extract — nearly all booked under one month — land in
    /// one column that stays in cache), the latest qualifying note that became known in month
    /// k (extract of month k, or dated in month k from an earlier extract), as day number;
    /// `i32::MIN` for none. The latest counselling known at month k is the maximum over
    /// months 0..=k.
    pub verlauf: Vec<i32>,
    /// With `termine.csv`: phone notes of the customers with a no-show, as (population
    /// position, day), unsorted, duplicates kept.
    pub telefonate: Vec<crate::termintreue::Telefonat>,
}

impl Vermerkstand {
    fn neu(m: &Massstab<'_>) -> Self {
        Vermerkstand {
            bilanz: VermerkeBilanz::default(),
            letzte: vec![None; m.kunden],
            gespraeche: Vec::new(),
            verlauf: match &m.zusatz {
                Some(z) => vec![i32::MIN; z.verbund * z.monate],
                None => Vec::new(),
            },
            telefonate: Vec::new(),
        }
    }

    /// Counts one valid note of a streamed extract of month `auszug`.
    fn zaehlen(&mut self, v: &Vermerk<'_>, m: &Massstab<'_>, auszug: Monat) {
        let mut gefunden = None;
        let klasse = vermerk_einordnen(v.datum, v.typ, m.stichtag, m.typen, || {
            gefunden = m.index.get(v.kundennummer);
            gefunden.filter(|p| *p < m.kunden)
        });
        self.buchen(klasse, v.datum);
        if let Some(t) = &m.telefon {
            if t.kommt_in_frage(v.datum, m.stichtag, v.kontaktart) {
                let pos = gefunden.or_else(|| m.index.get(v.kundennummer));
                if let Some(u) = t.betrifft(pos) {
                    let k = m.zusatz.as_ref().map_or(0, |z| z.nr(auszug) as u8);
                    self.telefonate.push((u, v.datum, k));
                }
            }
        }
        if let (Some(z), Some(u)) = (&m.zusatz, gefunden) {
            let k = z.nr(auszug).max(z.nr(Monat::von_datum(v.datum)));
            self.verlauf_buchen(z, u, k, v.datum.num_days_from_ce());
            if u < m.kunden && v.datum >= z.monatsbeginn {
                self.gespraech(u, v.datum, v.kontaktart, v.ersteller);
            }
        }
    }

    /// The trend's bookkeeping: customer `u` of the trend index had a qualifying note on day
    /// `tag` that became known in trend month `k`.
    fn verlauf_buchen(&mut self, z: &Zusatz, u: usize, k: usize, tag: i32) {
        let slot = &mut self.verlauf[k * z.verbund + u];
        *slot = (*slot).max(tag);
    }

    /// A qualifying note of population customer `u` in month M: a conversation.
    fn gespraech(&mut self, u: usize, datum: NaiveDate, kontaktart: &str, ersteller: &str) {
        self.gespraeche.push(Gespraechsvermerk {
            kunde: u as u32,
            datum,
            kontaktart: Kontaktart::einordnen(kontaktart),
            ersteller: ersteller.into(),
        });
    }

    /// Counts every note of an extract in columnar form: the population lookup runs once per
    /// customer of the extract, qualification once per note type.
    fn auszug_zaehlen(&mut self, a: &Auszug, m: &Massstab<'_>, auszug: Monat) {
        let s = m.stichtag.num_days_from_ce();
        let beratung: Vec<bool> = a.typen.iter().map(|t| ist_beratung(t, m.typen)).collect();
        let (anfaenge, k_auszug, beginn) = match &m.zusatz {
            Some(z) => (
                z.anfaenge(),
                z.nr(auszug),
                z.monatsbeginn.num_days_from_ce(),
            ),
            None => (Vec::new(), 0, i32::MAX),
        };
        for i in 0..a.anzahl_kunden() {
            let nr = a.kunde(i);
            let mut pos: Option<Option<usize>> = None;
            for j in a.grenzen[i] as usize..a.grenzen[i + 1] as usize {
                let klasse = einordnen(
                    a.daten[j] > s,
                    || beratung.get(a.typ[j] as usize).copied().unwrap_or(false),
                    || {
                        pos.get_or_insert_with(|| m.index.get(nr))
                            .filter(|p| *p < m.kunden)
                    },
                );
                if let (Some(z), Some(Some(u))) = (&m.zusatz, pos) {
                    // `pos` is only looked up for qualifying notes on or before the Stichtag,
                    // but stays set for the customer's later notes: check this one.
                    let tag = a.daten[j];
                    if tag <= s && beratung.get(a.typ[j] as usize) == Some(&true) {
                        let k = k_auszug.max(z.nr_tag(&anfaenge, tag));
                        self.verlauf_buchen(z, u, k, tag);
                        if u < m.kunden && tag >= beginn {
                            if let Some(datum) = a.datum(j) {
                                let (art, von) = a.kontakt(j);
                                self.gespraech(u, datum, art, von);
                            }
                        }
                    }
                }
                if let Some(t) = &m.telefon {
                    // The day as a number first (cheap), the calendar day only for a call.
                    let tag = a.daten[j];
                    if tag >= t.von.num_days_from_ce() && tag <= s && ist_telefon(a.kontakt(j).0) {
                        if let (Some(datum), Some(u)) = (a.datum(j), t.betrifft(m.index.get(nr))) {
                            self.telefonate.push((u, datum, k_auszug as u8));
                        }
                    }
                }
                // Only a used note needs its date as a calendar day.
                let datum = match klasse {
                    Vermerkklasse::Verwendet(_) => a.datum(j).unwrap_or(m.stichtag),
                    _ => m.stichtag,
                };
                self.buchen(klasse, datum);
            }
        }
    }

    fn buchen(&mut self, klasse: Vermerkklasse<usize>, datum: NaiveDate) {
        let b = &mut self.bilanz;
        match klasse {
            Vermerkklasse::NachStichtag => b.nach_stichtag += 1,
            Vermerkklasse::KeinBeratungsvermerk => b.kein_beratungsvermerk += 1,
            Vermerkklasse::OhneKundeImBestand => b.ohne_kunde_im_bestand += 1,
            Vermerkklasse::Verwendet(pos) => {
                b.verwendet += 1;
                // With the trend table, the latest counselling of M is its last column
                // (derived at the end): one table row per customer instead of two.
                if !self.verlauf.is_empty() {
                    return;
                }
                if let Some(slot) = self.letzte.get_mut(pos) {
                    if slot.is_none_or(|l| l < datum) {
                        *slot = Some(datum);
                    }
                }
            }
        }
    }

    fn vereinen(&mut self, t: Vermerkstand) {
        let (a, b) = (&mut self.bilanz, t.bilanz);
        a.verwendet += b.verwendet;
        a.nach_stichtag += b.nach_stichtag;
        a.kein_beratungsvermerk += b.kein_beratungsvermerk;
        a.ohne_kunde_im_bestand += b.ohne_kunde_im_bestand;
        for (x, y) in self.letzte.iter_mut().zip(t.letzte) {
            if y > *x {
                *x = y;
            }
        }
        self.gespraeche.extend(t.gespraeche);
        self.telefonate.extend(t.telefonate);
        for (x, y) in self.verlauf.iter_mut().zip(t.verlauf) {
            *x = (*x).max(y);
        }
    }
}

/// Reads the notes extracts `dateien` (month, path; missing files are skipped with a
/// warning), appending rejected rows and the files' record entries.
pub fn letzte_beratungen(
    dateien: &[(Monat, Option<Quelle>)],
    m: &Massstab<'_>,
    zwischenspeicher: Option<&Path>,
    fortschritt: &Fortschritt,
    abweisungen: &mut Abweisungen,
    eingaben: &mut Vec<Eingabedatei>,
) -> Ergebnis<Vermerkstand> {
    fortschritt.vermerke_beginnen(
        dateien
            .iter()
            .filter_map(|(_, q)| q.as_ref().and_then(|q| std::fs::metadata(&q.pfad).ok()))
            .map(|x| x.len())
            .sum(),
    );
    if let Some(ordner) = zwischenspeicher {
        cache::aufraeumen(ordner);
    }
    let mut stand = Vermerkstand::neu(m);
    for (monat, quelle) in dateien {
        let Some(quelle) = quelle else {
            tracing::warn!(
                "{monat}: keine vermerke.csv, Monat wird bei den Vermerken übersprungen"
            );
            continue;
        };
        let vorher = abweisungen.len();
        let (datei, name) = (&quelle.pfad, &quelle.anzeige);
        let groesse = std::fs::metadata(datei).map_or(0, |x| x.len());
        let eintrag = match zwischenspeicher {
            Some(ordner) if groesse <= cache::HOECHSTENS => {
                let auszug = auszug_holen(ordner, quelle, groesse, fortschritt, abweisungen)?;
                stand.auszug_zaehlen(&auszug, m, *monat);
                auszug.datei.unwrap_or_else(|| Eingabedatei {
                    pfad: name.clone(),
                    sha256: String::new(),
                    zeilen: 0,
                    kodierung: crate::ingest::Kodierung::Utf8,
                    fehlende_spalten: Vec::new(),
                })
            }
            _ => {
                let (teile, eintrag) = vermerke_lesen(
                    quelle,
                    abweisungen,
                    || Vermerkstand::neu(m),
                    |s, v| s.zaehlen(&v, m, *monat),
                    Vermerkstand::vereinen,
                    &|n| fortschritt.voran(n),
                )?;
                for t in teile {
                    stand.vereinen(t);
                }
                eintrag
            }
        };
        stand.bilanz.gelesen += eintrag.zeilen;
        stand.bilanz.abgewiesen += abweisungen.len() - vorher;
        abweisungen.quote_pruefen(datei, name, eintrag.zeilen)?;
        tracing::info!("{}: {} Zeilen", eintrag.pfad, eintrag.zeilen);
        eingaben.push(eintrag);
    }
    fortschritt.ende();
    if let Some(z) = &m.zusatz {
        // The latest qualifying note of every extract ≤ M up to the Stichtag, whichever trend
        // month it was booked under: the maximum over the customer's months.
        let mut beste = vec![i32::MIN; stand.letzte.len()];
        // An empty population and no trend customers: nothing to take the maximum over.
        for spalte in stand.verlauf.chunks_exact(z.verbund.max(1)) {
            for (b, t) in beste.iter_mut().zip(spalte) {
                *b = (*b).max(*t);
            }
        }
        for (slot, b) in stand.letzte.iter_mut().zip(beste) {
            *slot = Some(b)
                .filter(|d| *d != i32::MIN)
                .and_then(NaiveDate::from_num_days_from_ce_opt);
        }
    }
    Ok(stand)
}

/// The extract from the cache (its rejected rows go to `abweisungen`), or parsed (rejected rows
/// straight to `abweisungen`) and stored there. An extract with more than
/// [`CACHE_ABWEISUNGEN`] rejected rows is not cached: the cache would hold them all in memory
/// when read, and such an extract is broken anyway.
fn auszug_holen(
    ordner: &Path,
    quelle: &Quelle,
    groesse: u64,
    fortschritt: &Fortschritt,
    abweisungen: &mut Abweisungen,
) -> Ergebnis<Auszug> {
    let (datei, name) = (quelle.pfad.as_path(), quelle.anzeige.as_str());
    // The key is the content read now: a file corrected in place is a new file.
    let schluessel = cache::schluessel(datei);
    if let Some(mut a) = schluessel
        .as_deref()
        .and_then(|s| cache::laden(ordner, s, name))
    {
        tracing::debug!("{name}: aus dem Zwischenspeicher {}", ordner.display());
        fortschritt.voran(groesse);
        for (zeile, grund, roh) in std::mem::take(&mut a.abweisungen) {
            abweisungen.hinzu(Abweisung {
                datei: name.to_string(),
                zeile,
                grund,
                roh,
            });
        }
        return Ok(a);
    }
    let vorher = abweisungen.len();
    let (teile, eintrag) = vermerke_lesen(
        quelle,
        abweisungen,
        Sammler::default,
        |s, v| s.hinzu(v.kundennummer, v.datum, v.typ, v.kontaktart, v.ersteller),
        Sammler::vereinen,
        &|n| fortschritt.voran(n),
    )?;
    let eigene = abweisungen.len() - vorher;
    let auszug = teile.into_iter().next().unwrap_or_default();
    if eigene > CACHE_ABWEISUNGEN {
        tracing::debug!("{name}: {eigene} abgewiesene Zeilen, nicht zwischengespeichert");
        return Ok(auszug.auszug(eintrag, Vec::new()));
    }
    let auszug = auszug.auszug(eintrag, abweisungen.von_datei(name)?);
    if let Err(e) = cache::speichern(ordner, &auszug) {
        tracing::warn!(
            "Zwischenspeicher {} nicht beschreibbar ({}); weiter ohne",
            ordner.display(),
            crate::error::ursache_text(&e)
        );
    }
    Ok(Auszug {
        abweisungen: Vec::new(),
        ..auszug
    })
}

/// Extracts with more rejected rows than this are not cached (see [`auszug_holen`]).
const CACHE_ABWEISUNGEN: u64 = 100_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn zusatz() -> Zusatz {
        Zusatz {
            monatsbeginn: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            erster_monat: Monat::lesen("2024-03").unwrap(),
            monate: 13,
            verbund: 1,
        }
    }

    #[test]
    fn trend_month_of_a_month_and_of_a_day_agree() {
        let z = zusatz();
        let anfaenge = z.anfaenge();
        assert_eq!(anfaenge.len(), 13);
        let tag = |j, m, t| NaiveDate::from_ymd_opt(j, m, t).unwrap();
        for (d, k) in [
            (tag(2020, 1, 1), 0),  // long before the trend: known from its first month on
            (tag(2024, 2, 29), 0), // 29 February, the month before the first
            (tag(2024, 3, 1), 0),
            (tag(2024, 3, 31), 0),
            (tag(2024, 4, 1), 1),
            (tag(2024, 12, 31), 9),
            (tag(2025, 1, 1), 10),
            (tag(2025, 3, 31), 12),
        ] {
            assert_eq!(z.nr(Monat::von_datum(d)), k, "{d}");
            assert_eq!(z.nr_tag(&anfaenge, d.num_days_from_ce()), k, "{d}");
        }
        // An extract of a month before the trend counts from the first month on.
        assert_eq!(z.nr(Monat::lesen("2023-01").unwrap()), 0);
    }
}

//! `termine.csv`: the appointment calendar extract of a month (SPEC §2, optional).
//!
//! Produces one validated [`Termin`] per valid row; every other row becomes an [`Abweisung`]
//! (SPEC §3 "Appointments": missing Termin-ID or Kundennummer, an unparsable or impossible
//! date, an unknown status or flag value, a Termin-ID already seen — the first valid row
//! counts). Which appointment counts for which figure is a rule ([`crate::rules::termintreue`]).

use chrono::NaiveDate;

use super::dates::datum_lesen;
use super::kennung::ordnung;
use super::quelle::Quelle;
use super::strom::{strom_lesen, zeilen_holen};
use super::table::{position, Spalte, Zeile};
use super::{flag_lesen, Abweisung, Eingabedatei, WERT_MAX};
use crate::error::{kurz, Ergebnis};

/// The outcome of an appointment as the calendar records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Terminstatus {
    /// `wahrgenommen`: the customer came.
    Wahrgenommen,
    /// `nicht erschienen` / `nicht wahrgenommen`: a no-show.
    NichtErschienen,
    /// `abgesagt`: cancelled.
    Abgesagt,
    /// `offen`: no outcome recorded (yet).
    Offen,
}

impl Terminstatus {
    /// Reads a status value, trimmed and case-insensitive; `None` for anything else.
    pub fn lesen(wert: &str) -> Option<Terminstatus> {
        // Every spelling is ASCII: compared word by word without allocating (one call per row),
        // however many blanks separate the words.
        let mut w = wert.split_whitespace();
        let ist = |x: Option<&str>, y: &str| x.is_some_and(|x| x.eq_ignore_ascii_case(y));
        let (a, b, c) = (w.next(), w.next(), w.next());
        if c.is_some() {
            None
        } else if b.is_none() {
            if ist(a, "wahrgenommen") {
                Some(Terminstatus::Wahrgenommen)
            } else if ist(a, "abgesagt") {
                Some(Terminstatus::Abgesagt)
            } else if ist(a, "offen") {
                Some(Terminstatus::Offen)
            } else {
                None
            }
        } else if ist(a, "nicht") && (ist(b, "erschienen") || ist(b, "wahrgenommen")) {
            Some(Terminstatus::NichtErschienen)
        } else {
            None
        }
    }
}

pub use super::Text;

/// One appointment that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Termin {
    /// Unique id of the appointment, trimmed.
    pub id: Text,
    /// Customer id, trimmed.
    pub kundennummer: Text,
    /// Day of the appointment.
    pub datum: NaiveDate,
    /// Its outcome.
    pub status: Terminstatus,
    /// The day it was agreed, if the export says.
    pub vereinbart_am: Option<NaiveDate>,
    /// An SMS reminder was sent.
    pub erinnerung: bool,
    /// Staff member holding the appointment (may be empty).
    pub ifk: Text,
    /// Its length in minutes, if the export says (SPEC §2: a whole number ≥ 0).
    pub dauer: Option<u32>,
    /// Line in the file.
    pub zeile: u64,
}

/// What one `termine.csv` yielded.
#[derive(Debug)]
pub struct Termindatei {
    /// Valid appointments in file order, each Termin-ID once.
    pub termine: Vec<Termin>,
    /// Rejected rows in line order.
    pub abweisungen: Vec<Abweisung>,
    /// The file's record entry.
    pub datei: Eingabedatei,
    /// The export has an `Erinnerung` column (else the reminder quotes stay empty).
    pub mit_erinnerung: bool,
    /// The export has a `Vereinbart am` column (else the follow-up appointment quote stays
    /// empty).
    pub mit_vereinbart: bool,
    /// The export has a `Dauer` column (else the planning's counselling hours stay empty).
    pub mit_dauer: bool,
}

pub const SPALTEN: &[Spalte] = &[
    Spalte::pflicht("Termin-ID"),
    Spalte::pflicht("Kundennummer"),
    Spalte::pflicht("Termindatum"),
    Spalte::pflicht("Status"),
    Spalte::optional(
        "Vereinbart am",
        "die Quote der im Gespräch vereinbarten Folgetermine bleibt leer",
    ),
    Spalte::optional("Terminart", "Termine ohne Angabe der Terminart"),
    Spalte::optional(
        "Erinnerung",
        "die Quoten mit und ohne SMS-Erinnerung bleiben leer",
    ),
    Spalte::optional("IFK", "Nachfassliste ohne termingebende IFK"),
    Spalte::optional(
        "Dauer",
        "die Beratungsstunden je Stelle und der Anteil an der Arbeitszeit bleiben leer",
    ),
];

// Field positions by name (checked at compile time against `SPALTEN`).
const ID: usize = position(SPALTEN, "Termin-ID");
const KUNDENNUMMER: usize = position(SPALTEN, "Kundennummer");
const TERMINDATUM: usize = position(SPALTEN, "Termindatum");
const STATUS: usize = position(SPALTEN, "Status");
const VEREINBART: usize = position(SPALTEN, "Vereinbart am");
const ERINNERUNG: usize = position(SPALTEN, "Erinnerung");
const IFK: usize = position(SPALTEN, "IFK");
const DAUER: usize = position(SPALTEN, "Dauer");

/// Reads and validates one `termine.csv` (streamed like every export).
pub fn termine_lesen(quelle: &Quelle) -> Ergebnis<Termindatei> {
    let mut abweisungen: Vec<Abweisung> = Vec::new();
    let (mut termine, datei) = strom_lesen(
        quelle,
        SPALTEN,
        &mut abweisungen,
        &Vec::new,
        &|termine: &mut Vec<Termin>, z: &Zeile<'_>| {
            termine.push(termin_pruefen(z)?);
            Ok(())
        },
        &|_| {},
    )?;
    // The threads' rows, merged by `strom_lesen`: sorted and deduplicated in place, in file
    // order.
    termine.sort_unstable_by_key(|t| t.zeile);
    let doppelt = wiederholte_ids(&mut termine);
    if !doppelt.is_empty() {
        // Rare: the raw rows of repeated ids are read again rather than kept for every row.
        let zeilen: Vec<u64> = doppelt.iter().map(|d| d.0).collect();
        let mut roh = zeilen_holen(quelle, SPALTEN, &zeilen, &datei.sha256)?;
        for (zeile, erste, id) in doppelt {
            abweisungen.push(Abweisung {
                datei: quelle.anzeige.clone(),
                zeile,
                grund: format!(
                    "Termin-ID „{}“ kommt mehrfach vor (die erste gültige Zeile {erste} gilt)",
                    kurz(&id, WERT_MAX)
                ),
                roh: roh.remove(&zeile).unwrap_or_default(),
            });
        }
        abweisungen.sort_by_key(|a| a.zeile);
    }
    let fehlt = |name: &str| datei.fehlende_spalten.iter().any(|f| f.spalte == name);
    Ok(Termindatei {
        mit_erinnerung: !fehlt("Erinnerung"),
        mit_vereinbart: !fehlt("Vereinbart am"),
        mit_dauer: !fehlt("Dauer"),
        termine,
        abweisungen,
        datei,
    })
}

/// Removes every appointment whose Termin-ID an earlier row (in file order) already has and
/// returns them as (line, the first row's line, id). `termine` is in line order, so in the
/// id order ([`ordnung`], equal ids in line order) each run of one id starts with its first
/// row. Sorting rather than a hash table of every id: bremen's 139,675 ids in 8 ms instead of
/// 30 ms (the table does not fit the cache).
fn wiederholte_ids(termine: &mut Vec<Termin>) -> Vec<(u64, u64, Text)> {
    let nach_id = ordnung(termine, |t| &t.id);
    let mut weg = vec![false; termine.len()];
    let mut doppelt = Vec::new();
    for lauf in nach_id.chunk_by(|&a, &b| termine[a].id == termine[b].id) {
        let erste = termine[lauf[0]].zeile;
        for &i in &lauf[1..] {
            weg[i] = true;
            doppelt.push((termine[i].zeile, erste, termine[i].id.clone()));
        }
    }
    if !doppelt.is_empty() {
        let mut i = 0;
        termine.retain(|_| {
            i += 1;
            !weg[i - 1]
        });
    }
    doppelt
}

/// Validates one row; `Err` holds the German reason.
fn termin_pruefen(z: &Zeile<'_>) -> Result<Termin, String> {
    let (id, kundennummer) = (z.feld(ID), z.feld(KUNDENNUMMER));
    if id.is_empty() {
        return Err("Termin-ID fehlt".into());
    }
    if kundennummer.is_empty() {
        return Err("Kundennummer fehlt".into());
    }
    let datum = datum_pflicht(z.feld(TERMINDATUM), "Termindatum")?;
    let status_text = z.feld(STATUS);
    let status = Terminstatus::lesen(status_text).ok_or_else(|| {
        format!(
            "Status „{}“ ist unbekannt (erwartet: wahrgenommen, nicht erschienen, abgesagt, offen)",
            kurz(status_text, WERT_MAX)
        )
    })?;
    let vereinbart = z.feld(VEREINBART);
    let vereinbart_am = if vereinbart.is_empty() {
        None
    } else {
        Some(datum_pflicht(vereinbart, "Vereinbart am")?)
    };
    let erinnerung_text = z.feld(ERINNERUNG);
    let erinnerung = flag_lesen(erinnerung_text).ok_or_else(|| {
        format!(
            "Erinnerung „{}“ ist kein Ja/Nein-Wert",
            kurz(erinnerung_text, WERT_MAX)
        )
    })?;
    let dauer_text = z.feld(DAUER);
    let dauer = if dauer_text.is_empty() {
        None
    } else {
        Some(minuten_lesen(dauer_text).map_err(|zu_gross| {
            if zu_gross {
                format!(
                    "Dauer „{}“ ist zu groß (höchstens {} Minuten)",
                    kurz(dauer_text, WERT_MAX),
                    u32::MAX
                )
            } else {
                format!(
                    "Dauer „{}“ ist keine ganze Zahl von Minuten (0 oder mehr)",
                    kurz(dauer_text, WERT_MAX)
                )
            }
        })?)
    };
    Ok(Termin {
        id: id.into(),
        kundennummer: kundennummer.into(),
        datum,
        status,
        vereinbart_am,
        erinnerung,
        ifk: z.feld(IFK).into(),
        dauer,
        zeile: z.nummer,
    })
}

/// A length in minutes: digits only (`45`, `0`) that fit a `u32`; `4,5`, `-5`, `45 min` are
/// not (`Err(false)`), more digits than a `u32` holds are too large (`Err(true)`).
fn minuten_lesen(wert: &str) -> Result<u32, bool> {
    if wert.is_empty() || !wert.bytes().all(|b| b.is_ascii_digit()) {
        return Err(false);
    }
    wert.parse().map_err(|_| true)
}

fn datum_pflicht(wert: &str, spalte: &str) -> Result<NaiveDate, String> {
    if wert.is_empty() {
        return Err(format!("{spalte} fehlt"));
    }
    datum_lesen(wert).ok_or_else(|| {
        format!(
            "{spalte} „{}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)",
            kurz(wert, WERT_MAX)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_boundaries() {
        assert_eq!(minuten_lesen("0"), Ok(0));
        assert_eq!(minuten_lesen("4294967295"), Ok(u32::MAX));
        assert_eq!(minuten_lesen("4294967296"), Err(true));
        assert_eq!(minuten_lesen("1099511627776"), Err(true));
        for w in ["", "4,5", "-5", "45 min"] {
            assert_eq!(minuten_lesen(w), Err(false), "{w}");
        }
    }

    fn lesen(text: &str) -> Termindatei {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("termine.csv");
        std::fs::write(&p, text).unwrap();
        termine_lesen(&Quelle::datei(&p, "2026-10/termine.csv")).unwrap()
    }

    #[test]
    fn status_spellings() {
        use Terminstatus::*;
        for (w, s) in [
            ("wahrgenommen", Some(Wahrgenommen)),
            (" Wahrgenommen ", Some(Wahrgenommen)),
            ("nicht erschienen", Some(NichtErschienen)),
            ("NICHT  WAHRGENOMMEN", Some(NichtErschienen)),
            ("abgesagt", Some(Abgesagt)),
            ("Offen", Some(Offen)),
            ("", None),
            ("erschienen", None),
            ("nicht", None),
            ("verschoben", None),
        ] {
            assert_eq!(Terminstatus::lesen(w), s, "{w}");
        }
    }

    #[test]
    fn every_rejection_reason_and_the_first_valid_row_wins() {
        let d = lesen(
            "Termin-ID;Kundennummer;Termindatum;Status;Vereinbart am;Erinnerung;IFK\n\
             T1;K1;2026-10-05;wahrgenommen;2026-09-20;Ja;I1\n\
             ;K2;2026-10-05;offen;;;\n\
             T3;;2026-10-05;offen;;;\n\
             T4;K4;31.09.2026;offen;;;\n\
             T5;K5;2026-10-05;verschoben;;;\n\
             T6;K6;2026-10-05;offen;gestern;;\n\
             T7;K7;2026-10-05;offen;;vielleicht;\n\
             T1;K8;2026-10-06;offen;;;\n\
             T9;K9;5.10.2026;Nicht erschienen;;n;\n\
             T10;K10;;offen;;;\n",
        );
        assert_eq!(d.datei.zeilen, 10);
        let ids: Vec<&str> = d.termine.iter().map(|t| &*t.id).collect();
        assert_eq!(ids, ["T1", "T9"]);
        assert_eq!(
            d.termine[0].vereinbart_am,
            NaiveDate::from_ymd_opt(2026, 9, 20)
        );
        assert!(d.termine[0].erinnerung && !d.termine[1].erinnerung);
        assert_eq!(d.termine[1].status, Terminstatus::NichtErschienen);
        let gruende: Vec<(u64, &str)> = d
            .abweisungen
            .iter()
            .map(|a| (a.zeile, a.grund.as_str()))
            .collect();
        assert_eq!(gruende.len(), 8);
        assert_eq!(gruende[0], (3, "Termin-ID fehlt"));
        assert_eq!(gruende[1], (4, "Kundennummer fehlt"));
        assert!(
            gruende[2].1.contains("Termindatum „31.09.2026“"),
            "{gruende:?}"
        );
        assert!(gruende[3].1.contains("Status „verschoben“"));
        assert!(gruende[4].1.contains("Vereinbart am „gestern“"));
        assert!(gruende[5].1.contains("Erinnerung „vielleicht“"));
        assert_eq!(gruende[6].0, 9);
        assert!(gruende[6].1.contains("Termin-ID „T1“ kommt mehrfach vor"));
        assert_eq!(d.abweisungen[6].roh, "T1;K8;2026-10-06;offen;;;");
        assert_eq!(gruende[7], (11, "Termindatum fehlt"));
        assert!(d.mit_erinnerung && d.mit_vereinbart);
    }

    #[test]
    fn repeated_ids_long_and_short_each_keep_their_first_row() {
        // Two long ids share their first 16 bytes: told apart by the whole id.
        let d = lesen(
            "Termin-ID;Kundennummer;Termindatum;Status\n\
             TERMIN-2026-10-000001;K1;2026-10-01;offen\n\
             B;K2;2026-10-01;offen\n\
             TERMIN-2026-10-000002;K3;2026-10-01;offen\n\
             B;K4;2026-10-02;offen\n\
             TERMIN-2026-10-000001;K5;2026-10-03;offen\n\
             B;K6;2026-10-03;offen\n",
        );
        let behalten: Vec<(&str, u64)> = d.termine.iter().map(|t| (&*t.id, t.zeile)).collect();
        assert_eq!(
            behalten,
            [
                ("TERMIN-2026-10-000001", 2),
                ("B", 3),
                ("TERMIN-2026-10-000002", 4)
            ]
        );
        let gruende: Vec<(u64, &str)> = d
            .abweisungen
            .iter()
            .map(|a| (a.zeile, a.grund.as_str()))
            .collect();
        assert_eq!(
            gruende,
            [
                (5, "Termin-ID „B“ kommt mehrfach vor (die erste gültige Zeile 3 gilt)"),
                (
                    6,
                    "Termin-ID „TERMIN-2026-10-000001“ kommt mehrfach vor (die erste gültige Zeile 2 gilt)"
                ),
                (7, "Termin-ID „B“ kommt mehrfach vor (die erste gültige Zeile 3 gilt)"),
            ]
        );
        assert_eq!(
            d.abweisungen[1].roh,
            "TERMIN-2026-10-000001;K5;2026-10-03;offen"
        );
    }

    #[test]
    fn a_duplicate_after_an_invalid_first_row_is_kept() {
        let d = lesen(
            "Termin-ID;Kundennummer;Termindatum;Status\nT1;K1;kaputt;offen\nT1;K1;2026-10-01;offen\n",
        );
        assert_eq!(d.termine.len(), 1);
        assert_eq!(d.termine[0].zeile, 3);
        assert!(!d.mit_erinnerung && !d.mit_vereinbart && !d.mit_dauer);
        // Vereinbart am, Terminart, Erinnerung, IFK, Dauer.
        assert_eq!(d.datei.fehlende_spalten.len(), 5);
    }
}

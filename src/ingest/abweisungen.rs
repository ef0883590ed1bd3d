//! The rejected rows of a run (SPEC §5), kept out of memory.
//!
//! A broken export can reject millions of rows (7.7 M rejected notes held as `Vec<Abweisung>`
//! peaked at 5.0 GB). Here every rejected row goes to an unlinked temporary file (gone with
//! the process, however it ends) as it is found; memory holds, per input file, only the counts,
//! the first [`IM_SPEICHER`] rows (what the workbook shows) and one example per kind of
//! reason (for SPEC §5's "most frequent reason"). `abgewiesen.csv` is streamed back from the
//! file in (file, line) order.
//!
//! Rows of one input file arrive in line order and the files one after the other (the readers
//! guarantee both), so each file's rows form one contiguous segment of the temporary file;
//! sorting the segments by file name gives the order of the old in-memory sort.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::Abweisung;
use crate::error::{Ergebnis, Fehler};

/// How many rows of each file stay in memory: the most the workbook lists.
pub const IM_SPEICHER: usize = 10_000;

/// SPEC §5: a file with at least this many rows …
pub const MINDESTZEILEN: u64 = 100;

/// SPEC §5's rule: more than half of the `zeilen` rows of a file with at least
/// [`MINDESTZEILEN`] rows rejected — the file, not its rows, is broken.
pub fn ueberwiegend_abgewiesen(abgewiesen: u64, zeilen: u64) -> bool {
    zeilen >= MINDESTZEILEN && abgewiesen * 2 > zeilen
}

/// Where a reader puts the rows it rejects: the run's [`Abweisungen`], or a plain `Vec` in
/// tests and tools that want them all in memory.
pub trait Ablage {
    /// Records one rejected row; rows of one file arrive in line order.
    fn hinzu(&mut self, a: Abweisung);
}

impl Ablage for Vec<Abweisung> {
    fn hinzu(&mut self, a: Abweisung) {
        self.push(a);
    }
}

impl Ablage for Abweisungen {
    fn hinzu(&mut self, a: Abweisung) {
        Abweisungen::hinzu(self, a);
    }
}

/// The rejected rows of a run.
#[derive(Debug, Default)]
pub struct Abweisungen {
    segmente: Vec<Segment>,
    spill: Option<BufWriter<File>>,
    geschrieben: u64,
    gesamt: u64,
    /// The first write error: reported by [`Abweisungen::fehler_pruefen`], so that the
    /// readers' row callbacks stay infallible.
    fehler: Option<std::io::Error>,
}

#[derive(Debug)]
struct Segment {
    datei: String,
    anfang: u64,
    ende: u64,
    anzahl: u64,
    letzte_zeile: u64,
    vorne: Vec<Abweisung>,
    /// Kind of reason → (count, first line, its reason as written).
    gruende: HashMap<String, (u64, u64, String)>,
}

/// The most frequent kind of reason of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HaeufigsterGrund {
    /// How many rows were rejected for it.
    pub anzahl: u64,
    /// The first such row's line number.
    pub zeile: u64,
    /// That row's reason.
    pub grund: String,
}

impl Abweisungen {
    /// Records one rejected row.
    pub fn hinzu(&mut self, a: Abweisung) {
        self.gesamt += 1;
        let neu = self.segmente.last().is_none_or(|s| s.datei != a.datei);
        if neu {
            self.segmente.push(Segment {
                datei: a.datei.clone(),
                anfang: self.geschrieben,
                ende: self.geschrieben,
                anzahl: 0,
                letzte_zeile: 0,
                vorne: Vec::new(),
                gruende: HashMap::new(),
            });
        }
        let s = self.segmente.last_mut().expect("pushed above");
        debug_assert!(a.zeile >= s.letzte_zeile, "rows of a file arrive in order");
        s.anzahl += 1;
        s.letzte_zeile = a.zeile;
        let e = s
            .gruende
            .entry(art(&a.grund))
            .or_insert_with(|| (0, a.zeile, a.grund.clone()));
        e.0 += 1;
        let mut satz = Vec::with_capacity(24 + a.grund.len() + a.roh.len());
        satz.extend_from_slice(&a.zeile.to_le_bytes());
        for t in [&a.grund, &a.roh] {
            satz.extend_from_slice(&(t.len() as u64).to_le_bytes());
            satz.extend_from_slice(t.as_bytes());
        }
        if s.vorne.len() < IM_SPEICHER {
            s.vorne.push(a);
        }
        if self.fehler.is_some() {
            return;
        }
        let ergebnis = match &mut self.spill {
            Some(w) => w.write_all(&satz),
            None => tempfile::tempfile().and_then(|f| {
                let mut w = BufWriter::with_capacity(1 << 20, f);
                w.write_all(&satz)?;
                self.spill = Some(w);
                Ok(())
            }),
        };
        match ergebnis {
            Ok(()) => {
                self.geschrieben += satz.len() as u64;
                s.ende = self.geschrieben;
            }
            Err(e) => self.fehler = Some(e),
        }
    }

    /// All rows rejected so far.
    pub fn len(&self) -> u64 {
        self.gesamt
    }

    /// No row rejected.
    pub fn is_empty(&self) -> bool {
        self.gesamt == 0
    }

    /// Rows rejected in the file shown as `datei`.
    pub fn anzahl_in(&self, datei: &str) -> u64 {
        self.segmente
            .iter()
            .filter(|s| s.datei == datei)
            .map(|s| s.anzahl)
            .sum()
    }

    /// The most frequent kind of reason in `datei` (ties: the one met first).
    pub fn haeufigster_grund(&self, datei: &str) -> Option<HaeufigsterGrund> {
        let mut arten: HashMap<&str, (u64, u64, &str)> = HashMap::new();
        for s in self.segmente.iter().filter(|s| s.datei == datei) {
            for (k, (n, z, g)) in &s.gruende {
                let e = arten.entry(k).or_insert((0, *z, g));
                e.0 += n;
            }
        }
        arten
            .into_values()
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(anzahl, zeile, grund)| HaeufigsterGrund {
                anzahl,
                zeile,
                grund: grund.to_string(),
            })
    }

    /// SPEC §5: more than half of the `zeilen` rows of a file with at least
    /// [`MINDESTZEILEN`] rows rejected → the file, not its rows, is broken: exit 2 with the
    /// file and its most frequent reason, instead of figures built on what is left.
    pub fn quote_pruefen(&self, pfad: &Path, datei: &str, zeilen: u64) -> Ergebnis<()> {
        let abgewiesen = self.anzahl_in(datei);
        if !ueberwiegend_abgewiesen(abgewiesen, zeilen) {
            return Ok(());
        }
        let h = self.haeufigster_grund(datei).expect("rows were rejected");
        Err(Fehler::ZuVieleAbgewiesen {
            pfad: pfad.to_path_buf(),
            abgewiesen,
            zeilen,
            grund: crate::error::kurz(&h.grund, 200),
            grund_anzahl: h.anzahl,
            zeile: h.zeile,
        })
    }

    /// Stops the run if a rejected row could not be stored.
    pub fn fehler_pruefen(&mut self) -> Ergebnis<()> {
        if let Some(w) = &mut self.spill {
            if let Err(e) = w.flush() {
                self.fehler.get_or_insert(e);
            }
        }
        match self.fehler.take() {
            Some(ursache) => Err(Fehler::Zwischendatei { ursache }),
            None => Ok(()),
        }
    }

    /// The first `n` rows in (file, line) order, from memory.
    pub fn erste(&self, n: usize) -> Vec<&Abweisung> {
        self.geordnet()
            .into_iter()
            .flat_map(|s| s.vorne.iter())
            .take(n)
            .collect()
    }

    /// Calls `f` for every row in (file, line) order, read back from the temporary file.
    /// Needs [`Abweisungen::fehler_pruefen`] after the last row (it flushes the file).
    pub fn alle(&self, f: impl FnMut(&Abweisung) -> std::io::Result<()>) -> std::io::Result<()> {
        self.lesen(self.geordnet(), f)
    }

    /// Calls `f` for every row of `segmente`, in their order, from the temporary file.
    fn lesen(
        &self,
        segmente: Vec<&Segment>,
        mut f: impl FnMut(&Abweisung) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if let Some(e) = &self.fehler {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        let Some(w) = &self.spill else {
            return Ok(());
        };
        if !w.buffer().is_empty() {
            return Err(std::io::Error::other("rejected rows not flushed"));
        }
        let datei = w.get_ref();
        for s in segmente {
            let mut r = std::io::BufReader::with_capacity(
                1 << 20,
                Ausschnitt {
                    datei,
                    pos: s.anfang,
                    ende: s.ende,
                },
            );
            for _ in 0..s.anzahl {
                f(&satz_lesen(&mut r, &s.datei)?)?;
            }
        }
        Ok(())
    }

    fn geordnet(&self) -> Vec<&Segment> {
        let mut v: Vec<&Segment> = self.segmente.iter().collect();
        v.sort_by(|a, b| {
            a.datei.cmp(&b.datei).then(
                a.vorne
                    .first()
                    .map(|x| x.zeile)
                    .cmp(&b.vorne.first().map(|x| x.zeile)),
            )
        });
        v
    }
}

/// The kind of a reason: quoted values and digits removed, so „31.02.2025“ and „2025/10/01“
/// count as one kind ("Vermerkdatum … ist kein gültiges Datum").
fn art(grund: &str) -> String {
    let mut aus = String::with_capacity(grund.len().min(200));
    let mut zitiert = false;
    for c in grund.chars() {
        match c {
            '„' => zitiert = true,
            '“' => zitiert = false,
            _ if zitiert => {}
            '0'..='9' => {
                if !aus.ends_with('#') {
                    aus.push('#');
                }
            }
            _ => aus.push(c),
        }
        if aus.len() >= 200 {
            break;
        }
    }
    aus
}

/// A byte range of the temporary file, read with `pread` (no shared file position).
struct Ausschnitt<'a> {
    datei: &'a File,
    pos: u64,
    ende: u64,
}

impl Read for Ausschnitt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min((self.ende - self.pos) as usize);
        if n == 0 {
            return Ok(0);
        }
        let n = self.datei.read_at(&mut buf[..n], self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

fn satz_lesen(r: &mut impl Read, datei: &str) -> std::io::Result<Abweisung> {
    let mut zahl = [0u8; 8];
    r.read_exact(&mut zahl)?;
    let zeile = u64::from_le_bytes(zahl);
    let mut text = || -> std::io::Result<String> {
        r.read_exact(&mut zahl)?;
        let mut b = vec![0u8; u64::from_le_bytes(zahl) as usize];
        r.read_exact(&mut b)?;
        String::from_utf8(b).map_err(std::io::Error::other)
    };
    let grund = text()?;
    let roh = text()?;
    Ok(Abweisung {
        datei: datei.to_string(),
        zeile,
        grund,
        roh,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ab(datei: &str, zeile: u64, grund: &str) -> Abweisung {
        Abweisung {
            datei: datei.into(),
            zeile,
            grund: grund.into(),
            roh: format!("roh {datei} {zeile} äß;\"x\""),
        }
    }

    #[test]
    fn rows_come_back_in_file_then_line_order_whatever_the_arrival() {
        let mut s = Abweisungen::default();
        // Arrival as in a run: kunden of M first, then the extracts oldest first.
        let eingang = [
            ab("2026-10/kunden.csv", 3, "Kundennummer fehlt"),
            ab("2026-10/kunden.csv", 9, "x"),
            ab("2025-12/vermerke.csv", 2, "y"),
            ab("2026-10/vermerke.csv", 5, "z"),
        ];
        for a in eingang.iter().cloned() {
            s.hinzu(a);
        }
        let mut erwartet = eingang.to_vec();
        erwartet.sort();
        s.fehler_pruefen().unwrap();
        let mut gelesen = Vec::new();
        s.alle(|a| {
            gelesen.push(a.clone());
            Ok(())
        })
        .unwrap();
        assert_eq!(gelesen, erwartet);
        let erste: Vec<Abweisung> = s.erste(2).into_iter().cloned().collect();
        assert_eq!(erste, erwartet[..2]);
        assert_eq!(s.len(), 4);
        assert_eq!(s.anzahl_in("2026-10/kunden.csv"), 2);
    }

    #[test]
    fn more_than_half_of_a_file_of_100_rows_rejected_stops_the_run() {
        let datei = "2026-10/vermerke.csv";
        let pfad = Path::new("/x/2026-10/vermerke.csv");
        let mit = |n: u64| {
            let mut s = Abweisungen::default();
            for z in 0..n {
                let grund = if z % 3 == 0 {
                    "Kundennummer fehlt".to_string()
                } else {
                    format!(
                        "Vermerkdatum „2026/10/{:02}“ ist kein gültiges Datum",
                        z % 28 + 1
                    )
                };
                s.hinzu(ab(datei, z + 2, &grund));
            }
            s
        };
        // Boundaries: 99 rows all rejected pass; 100 rows with 50 rejected pass; 51 stop.
        assert!(mit(99).quote_pruefen(pfad, datei, 99).is_ok());
        assert!(mit(50).quote_pruefen(pfad, datei, 100).is_ok());
        match mit(51).quote_pruefen(pfad, datei, 100) {
            Err(Fehler::ZuVieleAbgewiesen {
                abgewiesen,
                zeilen,
                grund,
                grund_anzahl,
                zeile,
                ..
            }) => {
                assert_eq!((abgewiesen, zeilen), (51, 100));
                // 34 of the 51 are date errors with different values: one kind.
                assert_eq!(grund_anzahl, 34);
                assert_eq!(zeile, 3);
                assert_eq!(grund, "Vermerkdatum „2026/10/02“ ist kein gültiges Datum");
            }
            andere => panic!("{andere:?}"),
        }
        // Another file's rejects do not count.
        assert!(mit(60)
            .quote_pruefen(pfad, "2026-10/kunden.csv", 100)
            .is_ok());
    }
}

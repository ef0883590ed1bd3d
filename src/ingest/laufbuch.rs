//! The run's ledger: what a run keeps account of while it reads and computes — every rejected
//! row, every file read (for the run record), the time of each stage. One ledger per run,
//! handed to the stages by `&mut` and read by the outputs: a stage returns its values and adds
//! to the ledger, so no stage hands rejected rows or file lists to the next.

use super::abweisungen::Abweisungen;
use super::quelle::Quelle;
use super::{Abweisung, Eingabedatei};
use crate::error::Ergebnis;
use crate::fortschritt::Laufzeiten;

/// The run's account of rejected rows, files read and stage times.
#[derive(Debug)]
pub struct Laufbuch {
    /// Rejected rows of every file, in reading order (spilled to a temporary file).
    pub abweisungen: Abweisungen,
    /// Files read, in reading order (`protokoll.json`'s `eingabedateien`).
    pub eingaben: Vec<Eingabedatei>,
    /// Wall time per stage.
    pub laufzeiten: Laufzeiten,
}

impl Laufbuch {
    /// An empty ledger; the run's clock starts now.
    pub fn starten() -> Laufbuch {
        Laufbuch {
            abweisungen: Abweisungen::default(),
            eingaben: Vec::new(),
            laufzeiten: Laufzeiten::starten(),
        }
    }

    /// The stage `name` ends now.
    pub fn schritt(&mut self, name: &str) {
        self.laufzeiten.schritt(name);
    }

    /// A file read: its record entry.
    pub fn gelesen(&mut self, datei: Eingabedatei) {
        self.eingaben.push(datei);
    }

    /// Takes over the rejected rows of a file read whole (`quelle`, its entry `datei`) and
    /// stops the run if more than half of its rows were rejected (SPEC §5, files of at least
    /// [`super::abweisungen::MINDESTZEILEN`] rows: then the file is broken, not its rows).
    /// Returns how many rows were rejected.
    pub fn abweisungen_uebernehmen(
        &mut self,
        quelle: &Quelle,
        datei: &Eingabedatei,
        zeilen: Vec<Abweisung>,
    ) -> Ergebnis<u64> {
        let anzahl = zeilen.len() as u64;
        for a in zeilen {
            self.abweisungen.hinzu(a);
        }
        self.abweisungen
            .quote_pruefen(&quelle.pfad, &datei.pfad, datei.zeilen)?;
        Ok(anzahl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Fehler;
    use crate::ingest::Kodierung;

    fn datei(pfad: &str, zeilen: u64) -> Eingabedatei {
        Eingabedatei {
            pfad: pfad.into(),
            sha256: String::new(),
            zeilen,
            kodierung: Kodierung::Utf8,
            fehlende_spalten: Vec::new(),
        }
    }

    fn abgewiesen(pfad: &str, n: u64) -> Vec<Abweisung> {
        (0..n)
            .map(|i| Abweisung {
                datei: pfad.into(),
                zeile: i + 2,
                grund: "Datum fehlt".into(),
                roh: String::new(),
            })
            .collect()
    }

    #[test]
    fn rejected_rows_are_taken_over_until_more_than_half_of_a_file_fails() {
        let mut buch = Laufbuch::starten();
        let q = Quelle::datei(
            std::path::Path::new("/x/2026-10/kunden.csv"),
            "2026-10/kunden.csv",
        );
        let d = datei("2026-10/kunden.csv", 100);
        // 50 of 100 rows: half, not more than half.
        let n = buch.abweisungen_uebernehmen(&q, &d, abgewiesen(&d.pfad, 50));
        assert_eq!(n.unwrap(), 50);
        assert_eq!(buch.abweisungen.len(), 50);
        // Another file's rows are its own: 51 of its 100 stop the run.
        let t = datei("2026-10/termine.csv", 100);
        let qt = Quelle::datei(std::path::Path::new("/x/2026-10/termine.csv"), &t.pfad);
        match buch.abweisungen_uebernehmen(&qt, &t, abgewiesen(&t.pfad, 51)) {
            Err(Fehler::ZuVieleAbgewiesen {
                abgewiesen, zeilen, ..
            }) => assert_eq!((abgewiesen, zeilen), (51, 100)),
            anders => panic!("{anders:?}"),
        }
        assert_eq!(
            buch.abweisungen.len(),
            101,
            "every row is kept for the list"
        );
        buch.gelesen(d.clone());
        buch.gelesen(t.clone());
        assert_eq!(buch.eingaben, [d, t], "files in reading order");
    }
}

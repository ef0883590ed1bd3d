//! The trend's consumer of the notes pass: per trend month and customer, the latest
//! counselling that became known in that month (the extract of the month, or dated in it from
//! an earlier extract) — from which [`super::verlauf::berechnen`] derives each month's
//! „latest counselling known then“.

use std::sync::atomic::{AtomicI32, Ordering};

use chrono::Datelike;

use crate::ingest::folders::Monat;
use crate::ingest::kennung::{Indexeintrag, Kennungsindex, Kundenplatz};
use crate::parallel::Teilergebnis;
use crate::pass::{Kundensuche, Notiz, Verbraucher, Warteschlange};

/// The trend months and their customers.
#[derive(Debug, Clone, Copy)]
pub struct Verlaufsplan {
    /// The oldest trend month (M − 12).
    pub erster_monat: Monat,
    /// Number of trend months (13).
    pub monate: usize,
    /// Customers of all trend populations (the Verbund positions).
    pub verbund: usize,
}

impl Verlaufsplan {
    /// Trend month of a month (months before the first count as the first).
    pub fn nr(&self, m: Monat) -> usize {
        (m.nummer() - self.erster_monat.nummer()).clamp(0, self.monate as i32 - 1) as usize
    }

    /// Trend month of a day number (days since 01.01.0001), by comparing with the first days
    /// of the trend months — no calendar conversion per note.
    fn nr_tag(anfaenge: &[i32], tag: i32) -> usize {
        anfaenge.partition_point(|a| *a <= tag).saturating_sub(1)
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

/// What the trend's consumers book into, one table for every reading thread: per trend
/// month k and customer u of the Verbund (at `k * verbund + u`: month-major, so the notes of
/// one extract — nearly all booked under one month — land in one column that stays in
/// cache), the latest qualifying note that became known in month k, as day number;
/// `i32::MIN` for none. The latest counselling known at month k is the maximum over months
/// 0..=k. Atomic, as the customer index's bookings are: a table per thread (each 13 × the
/// Verbund, 62 MB at a region's 1.2 M customers) was allocated for every extract and merged
/// after it (4 % of a monthly `--verteilung` run's CPU time, perf).
pub struct Verlaufstabelle {
    plan: Verlaufsplan,
    tage: Vec<AtomicI32>,
}

impl Verlaufstabelle {
    /// Empty, for the months and customers of `plan`.
    pub fn neu(plan: Verlaufsplan) -> Verlaufstabelle {
        Verlaufstabelle {
            plan,
            tage: (0..plan.verbund * plan.monate)
                .map(|_| AtomicI32::new(i32::MIN))
                .collect(),
        }
    }

    /// The days booked (call once every thread that booked has finished).
    pub fn tage(self) -> Vec<i32> {
        // Same size and alignment: collected in place, no second table.
        self.tage.into_iter().map(AtomicI32::into_inner).collect()
    }
}

impl Verlaufstabelle {
    /// Books a counselling on day `tag`, known in trend month `k`, of the customer at Verbund
    /// position `u`: the latest stays.
    #[inline]
    fn buchen(&self, u: usize, k: usize, tag: i32) {
        let slot = &self.tage[k * self.plan.verbund + u];
        // Relaxed: only the maximum matters, read after every thread has finished.
        if slot.load(Ordering::Relaxed) < tag {
            slot.fetch_max(tag, Ordering::Relaxed);
        }
    }

    /// [`Self::buchen`] for the customer at index entry `platz` (nothing for an unknown id).
    #[inline]
    fn buchen_bei(&self, platz: Option<&Indexeintrag>, (k, tag): (usize, i32)) {
        if let Some(p) = platz {
            self.buchen(p.kunde().verbund(), k, tag);
        }
    }
}

/// The consumer: one per reading thread, booking into the one [`Verlaufstabelle`].
pub struct Verlaufsmonate<'a> {
    tabelle: &'a Verlaufstabelle,
    index: &'a Kennungsindex,
    anfaenge: Vec<i32>,
    /// The last extract month seen and its trend month: the notes of an extract come in a
    /// row, so the month arithmetic runs once per extract, not per note.
    auszug: Option<(Monat, usize)>,
    /// Bookings (trend month, day) whose customer is still to be looked up: every
    /// counselling note's, as the pass's own (region, `--verteilung`: the lookup made at once
    /// was 10 % of the run, perf).
    anstehend: Warteschlange<(usize, i32)>,
}

impl<'a> Verlaufsmonate<'a> {
    /// A thread's consumer booking into `tabelle` the customers of `index`.
    pub fn neu(tabelle: &'a Verlaufstabelle, index: &'a Kennungsindex) -> Verlaufsmonate<'a> {
        Verlaufsmonate {
            tabelle,
            index,
            anfaenge: tabelle.plan.anfaenge(),
            auszug: None,
            anstehend: Warteschlange::default(),
        }
    }
}

impl Verbraucher for Verlaufsmonate<'_> {
    #[inline]
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kundensuche<'_>) {
        if !n.beratung {
            return;
        }
        let k_auszug = match self.auszug {
            Some((m, k)) if m == n.auszug => k,
            _ => {
                let k = self.tabelle.plan.nr(n.auszug);
                self.auszug = Some((n.auszug, k));
                k
            }
        };
        let tag = n.tag();
        let k = k_auszug.max(Verlaufsplan::nr_tag(&self.anfaenge, tag));
        match kunde.aufschiebbar() {
            Some(schluessel) => {
                if let Some((platz, b)) = self.anstehend.anstellen(self.index, schluessel, (k, tag))
                {
                    self.tabelle.buchen_bei(platz, b);
                }
            }
            None => {
                if let Some(u) = kunde.kunde().map(Kundenplatz::verbund) {
                    self.tabelle.buchen(u, k, tag);
                }
            }
        }
    }

    fn abschliessen(&mut self) {
        for (platz, b) in self.anstehend.leeren(self.index) {
            self.tabelle.buchen_bei(platz, b);
        }
    }
}

/// Every thread booked into the one table: only the other thread's queued lookups to take
/// over (made by [`Verbraucher::abschliessen`]).
impl Teilergebnis for Verlaufsmonate<'_> {
    fn vereinen(&mut self, anderer: Self) {
        self.anstehend.anhaengen(anderer.anstehend);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// 100,000 notes of one October 2026 extract (3 MB: several reading threads, each with
    /// queued lookups when its chunk ends): note i is for customer K(i mod 10), dated i / 10
    /// days after 01.01.1990 — one note a day per customer, so its latest counselling is its
    /// last note, still queued when the last thread ends — counselling for K0, K2, K4 (population), K5 (a trend
    /// customer), K6 and K8 (unknown). All land in the trend month of the extract; the
    /// expected days come from the same loop, kept by hand.
    #[test]
    fn every_threads_queued_bookings_reach_the_one_table() {
        use crate::fortschritt::Fortschritt;
        use crate::ingest::laufbuch::Laufbuch;
        use crate::ingest::quelle::Quelle;
        use crate::pass::{letzte_beratungen, Massstab};

        let mut text = String::from("Kundennummer;Vermerkdatum;Vermerktyp\n");
        let mut erwartet = [i32::MIN; 6];
        let anfang = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
        for i in 0..100_000u32 {
            let kunde = (i % 10) as usize;
            let d = anfang + chrono::Days::new(u64::from(i / 10));
            let beratung = kunde.is_multiple_of(2) || kunde == 5;
            let typ = if beratung {
                "Beratungsgespräch"
            } else {
                "Sonstiges"
            };
            text.push_str(&format!("K{kunde};{d};{typ}\n"));
            if beratung && kunde < 6 {
                erwartet[kunde] = erwartet[kunde].max(d.num_days_from_ce());
            }
        }
        assert!(text.len() > 2 << 20);
        let dir = tempfile::tempdir().unwrap();
        let pfad = dir.path().join("vermerke.csv");
        std::fs::write(&pfad, text).unwrap();

        let mut index = Kennungsindex::default();
        for i in 0..5 {
            index.einfuegen(&format!("K{i}"), Kundenplatz::Bestand(i));
        }
        index.einfuegen("K5", Kundenplatz::Verlauf(5));
        let plan = Verlaufsplan {
            erster_monat: Monat::lesen("2025-10").unwrap(),
            monate: 13,
            verbund: index.verbund(),
        };
        let tabelle = Verlaufstabelle::neu(plan);
        let typen = vec!["beratungsgespräch".to_string()];
        let m = Massstab {
            index: &index,
            stichtag: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            typen: &typen,
        };
        let oktober = Monat::lesen("2026-10").unwrap();
        let stand = letzte_beratungen(
            &[(oktober, Some(Quelle::datei(&pfad, "2026-10/vermerke.csv")))],
            &m,
            &|| Verlaufsmonate::neu(&tabelle, &index),
            &Fortschritt::neu(false),
            &mut Laufbuch::starten(),
        )
        .unwrap();
        drop(stand);
        let tage = tabelle.tage();
        let k = plan.nr(oktober);
        assert_eq!(k, 12);
        assert_eq!(&tage[k * 6..(k + 1) * 6], &erwartet);
        assert!(
            tage[..k * 6].iter().all(|t| *t == i32::MIN),
            "nothing in the months before"
        );
    }

    /// A thread's queue taken over by the merge is booked with the merging one's.
    #[test]
    fn a_merged_threads_queued_bookings_are_booked() {
        let mut index = Kennungsindex::default();
        index.einfuegen("K0", Kundenplatz::Bestand(0));
        index.einfuegen("K1", Kundenplatz::Verlauf(1));
        let plan = Verlaufsplan {
            erster_monat: Monat::lesen("2025-10").unwrap(),
            monate: 13,
            verbund: 2,
        };
        let tabelle = Verlaufstabelle::neu(plan);
        let (mut a, mut b) = (
            Verlaufsmonate::neu(&tabelle, &index),
            Verlaufsmonate::neu(&tabelle, &index),
        );
        let k = |n: &str| crate::ingest::kennung::inline(n).unwrap();
        assert!(a.anstehend.anstellen(&index, k("K0"), (3, 700)).is_none());
        assert!(b.anstehend.anstellen(&index, k("K1"), (5, 900)).is_none());
        assert!(b.anstehend.anstellen(&index, k("K9"), (5, 999)).is_none());
        a.vereinen(b);
        a.abschliessen();
        drop(a);
        let tage = tabelle.tage();
        assert_eq!((tage[3 * 2], tage[5 * 2 + 1]), (700, 900));
        assert_eq!(
            tage.iter().filter(|t| **t != i32::MIN).count(),
            2,
            "the unknown K9 is booked nowhere"
        );
    }

    #[test]
    fn trend_month_of_a_month_and_of_a_day_agree() {
        let z = Verlaufsplan {
            erster_monat: Monat::lesen("2024-03").unwrap(),
            monate: 13,
            verbund: 1,
        };
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
            assert_eq!(
                Verlaufsplan::nr_tag(&anfaenge, d.num_days_from_ce()),
                k,
                "{d}"
            );
        }
        // An extract of a month before the trend counts from the first month on.
        assert_eq!(z.nr(Monat::lesen("2023-01").unwrap()), 0);
    }
}

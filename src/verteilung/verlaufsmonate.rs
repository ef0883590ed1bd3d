//! The trend's consumer of the notes pass: per trend month and customer, the latest
//! counselling that became known in that month (the extract of the month, or dated in it from
//! an earlier extract) — from which [`super::verlauf::berechnen`] derives each month's
//! „latest counselling known then“.

use std::sync::atomic::{AtomicI32, Ordering};

use chrono::Datelike;

use crate::ingest::folders::Monat;
use crate::ingest::kennung::Kundenplatz;
use crate::parallel::Teilergebnis;
use crate::pass::{Kundensuche, Notiz, Verbraucher};

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

/// The consumer: one per reading thread, booking into the one [`Verlaufstabelle`].
pub struct Verlaufsmonate<'a> {
    tabelle: &'a Verlaufstabelle,
    anfaenge: Vec<i32>,
    /// The last extract month seen and its trend month: the notes of an extract come in a
    /// row, so the month arithmetic runs once per extract, not per note.
    auszug: Option<(Monat, usize)>,
}

impl<'a> Verlaufsmonate<'a> {
    /// A thread's consumer booking into `tabelle`.
    pub fn neu(tabelle: &'a Verlaufstabelle) -> Verlaufsmonate<'a> {
        Verlaufsmonate {
            tabelle,
            anfaenge: tabelle.plan.anfaenge(),
            auszug: None,
        }
    }
}

impl Verbraucher for Verlaufsmonate<'_> {
    #[inline]
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kundensuche<'_>) {
        if !n.beratung {
            return;
        }
        if let Some(u) = kunde.kunde().map(Kundenplatz::verbund) {
            let plan = &self.tabelle.plan;
            let k_auszug = match self.auszug {
                Some((m, k)) if m == n.auszug => k,
                _ => {
                    let k = plan.nr(n.auszug);
                    self.auszug = Some((n.auszug, k));
                    k
                }
            };
            let tag = n.tag();
            let k = k_auszug.max(Verlaufsplan::nr_tag(&self.anfaenge, tag));
            let slot = &self.tabelle.tage[k * plan.verbund + u];
            // Relaxed: only the maximum matters, read after every thread has finished.
            if slot.load(Ordering::Relaxed) < tag {
                slot.fetch_max(tag, Ordering::Relaxed);
            }
        }
    }
}

/// Every thread booked into the one table: nothing to merge.
impl Teilergebnis for Verlaufsmonate<'_> {
    fn vereinen(&mut self, _: Self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

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

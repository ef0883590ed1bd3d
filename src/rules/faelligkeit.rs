//! Who a team must see next (the worklists of the team workbooks, directive §6.3): customers
//! past their Mindestwert, and customers who pass their Zielwert or Mindestwert within the
//! next days.

use chrono::{Duration, NaiveDate};

/// Where a customer stands against the two limits of their group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Faelligkeit {
    /// Past the Mindestwert by `tage` days (`tage ≥ 1`).
    Ueberfaellig {
        /// Days beyond the Mindestwert.
        tage: i64,
    },
    /// Within both limits today, but passes one of them within the look-ahead.
    Demnaechst {
        /// The limit passed first: `true` the Zielwert, `false` the Mindestwert.
        zielwert: bool,
        /// Last day a counselling keeps the customer within that limit.
        frist: NaiveDate,
    },
    /// Nothing due within the look-ahead.
    Nicht,
}

/// Classifies a customer with `tage` days since the last counselling at Stichtag `s`.
///
/// A limit W is passed on the day the count exceeds it: S + (W − tage) + 1. „Within the next
/// `vorlauf` days“ means that day is at most S + `vorlauf`, i.e. `W − tage < vorlauf`. The
/// nearer limit that is not yet passed decides (a customer already past the Zielwert but
/// within the Mindestwert is due for the Mindestwert).
pub fn faelligkeit(
    tage: i64,
    zielwert: u32,
    mindestwert: u32,
    s: NaiveDate,
    vorlauf: u32,
) -> Faelligkeit {
    let (z, m) = (i64::from(zielwert), i64::from(mindestwert));
    if tage > m {
        return Faelligkeit::Ueberfaellig { tage: tage - m };
    }
    let (grenze, ist_ziel) = if tage <= z { (z, true) } else { (m, false) };
    if grenze - tage < i64::from(vorlauf) {
        Faelligkeit::Demnaechst {
            zielwert: ist_ziel && z < m,
            frist: s + Duration::days(grenze - tage),
        }
    } else {
        Faelligkeit::Nicht
    }
}

#[cfg(test)]
mod tests {
    use super::{faelligkeit, Faelligkeit as F};
    use chrono::NaiveDate;

    fn s() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
    }

    #[test]
    fn overdue_starts_the_day_after_the_mindestwert() {
        assert_eq!(
            faelligkeit(181, 90, 180, s(), 30),
            F::Ueberfaellig { tage: 1 }
        );
        assert!(matches!(
            faelligkeit(180, 90, 180, s(), 30),
            F::Demnaechst { .. }
        ));
        assert_eq!(
            faelligkeit(61, 30, 60, s(), 30),
            F::Ueberfaellig { tage: 1 }
        );
    }

    #[test]
    fn look_ahead_bounds() {
        let frist = |t: i64| s() + chrono::Duration::days(t);
        // Zielwert 90: at 61 days it is passed on day S+30 → within 30 days.
        assert_eq!(
            faelligkeit(61, 90, 180, s(), 30),
            F::Demnaechst {
                zielwert: true,
                frist: frist(29)
            }
        );
        // At 60 days it is passed on S+31 → not yet.
        assert_eq!(faelligkeit(60, 90, 180, s(), 30), F::Nicht);
        // Past the Zielwert: the Mindestwert decides.
        assert_eq!(faelligkeit(120, 90, 180, s(), 30), F::Nicht);
        assert_eq!(
            faelligkeit(151, 90, 180, s(), 30),
            F::Demnaechst {
                zielwert: false,
                frist: frist(29)
            }
        );
        // Zielwert = Mindestwert (180/180): reported as the Mindestwert.
        assert_eq!(
            faelligkeit(175, 180, 180, s(), 30),
            F::Demnaechst {
                zielwert: false,
                frist: frist(5)
            }
        );
        // A different look-ahead.
        assert_eq!(faelligkeit(80, 90, 180, s(), 7), F::Nicht);
        assert!(matches!(
            faelligkeit(84, 90, 180, s(), 7),
            F::Demnaechst { .. }
        ));
    }
}

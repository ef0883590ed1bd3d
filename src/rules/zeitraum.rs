//! „Letzte Beratung“ in the periods of the IFK's own VerBIS search run (directive §6.4):
//! up to three months ago, three to six, six to twelve, more than twelve, never.
//!
//! Periods are calendar months back from the Stichtag, as VerBIS offers them: a last
//! counselling exactly three months before the Stichtag is still „bis 3 Monate“ („bis“
//! includes the bound). Month arithmetic clamps to the month's end (31 May − 3 months =
//! 28/29 February).

use chrono::{Months, NaiveDate};

/// One period of the search run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Zeitraum {
    /// On or after S − 3 months.
    BisDrei,
    /// On or after S − 6 months, before S − 3 months.
    DreiBisSechs,
    /// On or after S − 12 months, before S − 6 months.
    SechsBisZwoelf,
    /// Before S − 12 months.
    UeberZwoelf,
    /// No qualifying note at all.
    NochNie,
}

impl Zeitraum {
    /// All periods in display order.
    pub const ALLE: [Zeitraum; 5] = [
        Zeitraum::BisDrei,
        Zeitraum::DreiBisSechs,
        Zeitraum::SechsBisZwoelf,
        Zeitraum::UeberZwoelf,
        Zeitraum::NochNie,
    ];

    /// The period of a last counselling `letzte` at Stichtag `s`.
    pub fn von(letzte: Option<NaiveDate>, s: NaiveDate) -> Zeitraum {
        let Some(l) = letzte else {
            return Zeitraum::NochNie;
        };
        let zurueck = |n: u32| {
            s.checked_sub_months(Months::new(n))
                .unwrap_or(NaiveDate::MIN)
        };
        if l >= zurueck(3) {
            Zeitraum::BisDrei
        } else if l >= zurueck(6) {
            Zeitraum::DreiBisSechs
        } else if l >= zurueck(12) {
            Zeitraum::SechsBisZwoelf
        } else {
            Zeitraum::UeberZwoelf
        }
    }

    /// Column heading in the workbook.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Zeitraum::BisDrei => "bis 3 Monate",
            Zeitraum::DreiBisSechs => "3 bis 6 Monate",
            Zeitraum::SechsBisZwoelf => "6 bis 12 Monate",
            Zeitraum::UeberZwoelf => "über 12 Monate",
            Zeitraum::NochNie => "noch nie",
        }
    }

    /// Stable code for the SQL frame (1–5).
    pub fn nr(self) -> i32 {
        self as i32 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::Zeitraum as Z;
    use chrono::NaiveDate;

    fn d(j: i32, m: u32, t: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, t).unwrap()
    }

    #[test]
    fn bounds_belong_to_the_nearer_period() {
        let s = d(2025, 3, 31);
        assert_eq!(Z::von(None, s), Z::NochNie);
        assert_eq!(Z::von(Some(s), s), Z::BisDrei);
        assert_eq!(
            Z::von(Some(d(2024, 12, 31)), s),
            Z::BisDrei,
            "exactly 3 months"
        );
        assert_eq!(Z::von(Some(d(2024, 12, 30)), s), Z::DreiBisSechs);
        assert_eq!(
            Z::von(Some(d(2024, 9, 30)), s),
            Z::DreiBisSechs,
            "exactly 6"
        );
        assert_eq!(Z::von(Some(d(2024, 9, 29)), s), Z::SechsBisZwoelf);
        assert_eq!(
            Z::von(Some(d(2024, 3, 31)), s),
            Z::SechsBisZwoelf,
            "exactly 12"
        );
        assert_eq!(Z::von(Some(d(2024, 3, 30)), s), Z::UeberZwoelf);
    }

    #[test]
    fn month_ends_clamp() {
        // 31 May − 3 months = 29 February in a leap year, 28 February otherwise.
        assert_eq!(Z::von(Some(d(2024, 2, 29)), d(2024, 5, 31)), Z::BisDrei);
        assert_eq!(
            Z::von(Some(d(2024, 2, 28)), d(2024, 5, 31)),
            Z::DreiBisSechs
        );
        assert_eq!(Z::von(Some(d(2025, 2, 28)), d(2025, 5, 31)), Z::BisDrei);
        assert_eq!(
            Z::von(Some(d(2025, 2, 27)), d(2025, 5, 31)),
            Z::DreiBisSechs
        );
        // 29 February − 12 months = 28 February.
        assert_eq!(
            Z::von(Some(d(2023, 2, 28)), d(2024, 2, 29)),
            Z::SechsBisZwoelf
        );
        assert_eq!(Z::von(Some(d(2023, 2, 27)), d(2024, 2, 29)), Z::UeberZwoelf);
    }
}

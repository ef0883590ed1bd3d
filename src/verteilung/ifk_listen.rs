//! Per IFK of a team (`--ifk-auswertung` only: staff data needs the staff council's consent):
//! how many of each IFK's customers stand on the team's worklists — overdue, due soon, and
//! with appointment attendance at risk — so a Teamleitung can share the work out.

use std::collections::BTreeMap;

use crate::bestand::Einzelfall;
use crate::verteilung::arbeitslisten::Arbeitslisten;
use crate::verteilung::gespraeche::OHNE_IFK;

/// An IFK's share of the team's worklists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IfkListen {
    /// The IFK's user id; `(ohne Angabe)` for customers without one.
    pub ifk: String,
    /// Customers past their Mindestwert.
    pub ueberfaellig: usize,
    /// Customers due within the look-ahead.
    pub demnaechst: usize,
    /// Customers whose two latest appointments were both missed.
    pub gefaehrdet: usize,
}

/// The counts per IFK of `listen` and the at-risk customers `gefaehrdet` (population
/// positions into `faelle`), by IFK id; an IFK with no customer on any list does not appear.
pub fn ifk_listen(
    faelle: &[Einzelfall],
    listen: &Arbeitslisten,
    gefaehrdet: impl IntoIterator<Item = usize>,
) -> Vec<IfkListen> {
    let mut je: BTreeMap<&str, IfkListen> = BTreeMap::new();
    let mut zaehlen = |kunde: usize, feld: fn(&mut IfkListen) -> &mut usize| {
        let fall = &faelle[kunde];
        let ifk = if fall.ifk.trim().is_empty() {
            OHNE_IFK
        } else {
            fall.ifk.as_str()
        };
        let zeile = je.entry(ifk).or_insert_with(|| IfkListen {
            ifk: ifk.to_string(),
            ..IfkListen::default()
        });
        *feld(zeile) += 1;
    };
    for e in &listen.ueberfaellig {
        zaehlen(e.kunde, |z| &mut z.ueberfaellig);
    }
    for e in &listen.demnaechst {
        zaehlen(e.kunde, |z| &mut z.demnaechst);
    }
    for kunde in gefaehrdet {
        zaehlen(kunde, |z| &mut z.gefaehrdet);
    }
    je.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fassung::Gruppe;
    use crate::verteilung::arbeitslisten::arbeitslisten;

    /// A customer of IFK `ifk`, `tage` days since counselling, Zielwert 30 / Mindestwert 60.
    fn fall(nr: &str, ifk: &str, tage: i64) -> Einzelfall {
        Einzelfall::probe(nr, tage)
            .mit_einheit("Mitte", "611")
            .mit_ifk(ifk)
            .mit_gruppe(Gruppe::new(2), 30, 60)
            .mit_alter(22)
    }

    #[test]
    fn each_list_is_counted_per_ifk() {
        // Stichtag 31.10.2026, look-ahead 10 days. A: 61 (overdue), 25 (Zielwert in 5 days →
        // due), 5 (not due); B: 90 (overdue); no IFK: 55 (Mindestwert in 5 days → due).
        let f = [
            fall("1", "A", 61),
            fall("2", "A", 25),
            fall("3", "A", 5),
            fall("4", "B", 90),
            fall("5", " ", 55),
        ];
        let stichtag = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let l = arbeitslisten(
            f.iter().enumerate().map(|(i, x)| (i, x, None)),
            stichtag,
            10,
        );
        let z = ifk_listen(&f, &l, [2, 3]);
        let zeile = |ifk: &str, u, d, g| IfkListen {
            ifk: ifk.into(),
            ueberfaellig: u,
            demnaechst: d,
            gefaehrdet: g,
        };
        assert_eq!(
            z,
            [
                zeile("(ohne Angabe)", 0, 1, 0),
                zeile("A", 1, 1, 1),
                zeile("B", 1, 0, 1)
            ]
        );
    }
}

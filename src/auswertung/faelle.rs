//! Stage 5: one row per population customer, and the month's appointments judged beside it.

use chrono::NaiveDate;

use crate::ingest::folders::Monat;
use crate::ingest::kennung::Kennungsindex;
use crate::ingest::kunden::Kunde;
use crate::ingest::organisation::Organisation;
use crate::ingest::termine::Termin;
use crate::lauf::Laufkonfiguration;
use crate::rules::beratung::tage_seit_beratung;
use crate::rules::gruppen::{self, alter};
use crate::rules::zuordnung::einheit_zuordnen;
use crate::rules::Fassung;
use crate::termintreue::{self, Terminstand, Termintreue};

use super::vermerke::Passergebnis;
use super::{Einzelfall, NICHT_ZUGEORDNET, OHNE_TEAM};

/// „Termintreue gefährdet“ looks at the appointments of M and of this many months before it
/// (SPEC §3: twelve months in all).
pub(super) const GEFAEHRDET_FRUEHERE_MONATE: i32 = 11;

/// Stage 5: one row per population customer (`bestand` with the latest counselling the
/// `pass` found) and, beside it, month M's appointments judged (`stand`; `frueher` the
/// earlier months', the pass's phone notes). The two need nothing of each other: side by side, on the
/// two cores (bremen: 0.035 s and 0.07 s, one core each).
pub(super) fn faelle_bilden(
    bestand: Vec<Kunde>,
    pass: &Passergebnis,
    k: &Laufkonfiguration,
    organisation: &Organisation,
    stand: Option<Terminstand>,
    frueher: Option<&[(Monat, Vec<Termin>)]>,
    index: &Kennungsindex,
) -> (Option<Termintreue>, Vec<Einzelfall>) {
    let (monat, stichtag, fassung) = (k.monat, k.stichtag, k.fassung());
    std::thread::scope(|s| {
        let termine = stand.map(|t| {
            s.spawn(move || {
                let gefaehrdet_fenster = frueher.map(|f| {
                    f.iter()
                        .filter(|(m, _)| m.nummer() >= monat.nummer() - GEFAEHRDET_FRUEHERE_MONATE)
                        .flat_map(|(_, t)| t.iter())
                        .collect::<Vec<&Termin>>()
                });
                termintreue::berechnen(
                    t,
                    &pass.telefonate,
                    stichtag,
                    &fassung.termintreue,
                    gefaehrdet_fenster,
                    index,
                )
            })
        });
        let einzelfaelle =
            einzelfaelle_bilden(bestand, &pass.letzte, fassung, stichtag, organisation);
        let termine = termine.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (termine, einzelfaelle)
    })
}

/// One row per population customer (in the stock's order): group, age, days since the last
/// counselling and the unit, by the rules of `regeln`.
pub(super) fn einzelfaelle_bilden(
    bestand: Vec<Kunde>,
    letzte: &[Option<NaiveDate>],
    fassung: &Fassung,
    stichtag: NaiveDate,
    organisation: &Organisation,
) -> Vec<Einzelfall> {
    let gruppen = gruppen::gruppen_zuordnen(fassung, &bestand, stichtag);
    bestand
        .into_iter()
        .zip(letzte.iter().copied())
        .zip(gruppen)
        .map(|((k, l), g)| {
            let jahre = alter(k.geburtsdatum, stichtag);
            let regel = fassung.gruppe(g);
            let (tage, nie) = tage_seit_beratung(l, k.zugang, stichtag);
            let (team, gs) = einheit_zuordnen(&k.team, organisation);
            Einzelfall {
                kundennummer: k.kundennummer,
                geschaeftsstelle: gs.into(),
                team: team.into(),
                ifk: k.ifk,
                gruppe: g,
                alter: jahre,
                letzte_beratung: l,
                tage,
                nie_beraten: nie,
                zielwert: regel.zielwert,
                mindestwert: regel.mindestwert,
            }
        })
        .collect()
}

/// The Klärungsfälle, said once: customers whose team organisation.csv does not know (per
/// team code, with how many) and customers without a team — all reported under
/// „(nicht zugeordnet)“ and in `Klaerungsfaelle/` with `--verteilung`.
pub(super) fn unbekannte_teams_melden(einzelfaelle: &[Einzelfall], organisation: &Organisation) {
    let mut unbekannt: std::collections::BTreeMap<&str, u64> = Default::default();
    let mut ohne_team = 0u64;
    for e in einzelfaelle {
        if e.team == OHNE_TEAM {
            ohne_team += 1;
        } else if !organisation.contains_key(e.team.as_str()) {
            *unbekannt.entry(e.team.as_str()).or_default() += 1;
        }
    }
    if let Some(text) = klaerungsfaelle_text(&unbekannt, ohne_team) {
        tracing::warn!("{text}");
    }
}

/// The warning's sentence: `None` without Klärungsfälle.
fn klaerungsfaelle_text(
    unbekannt: &std::collections::BTreeMap<&str, u64>,
    ohne_team: u64,
) -> Option<String> {
    let in_teams: u64 = unbekannt.values().sum();
    let summe = in_teams + ohne_team;
    if summe == 0 {
        return None;
    }
    let mut teile: Vec<String> = unbekannt
        .iter()
        .map(|(t, n)| format!("{n} in Team {t} (nicht in organisation.csv)"))
        .collect();
    if ohne_team > 0 {
        teile.push(format!("{ohne_team} ohne Team"));
    }
    Some(format!(
        "Klärungsfälle: {summe} Kund:innen ohne gültiges Team ({}) – gezählt unter „{NICHT_ZUGEORDNET}“, an Controlling",
        teile.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn klaerungsfaelle_are_said_with_their_counts() {
        let mut t = std::collections::BTreeMap::new();
        assert_eq!(super::klaerungsfaelle_text(&t, 0), None);
        t.insert("699", 18);
        assert_eq!(
            super::klaerungsfaelle_text(&t, 24).unwrap(),
            "Klärungsfälle: 42 Kund:innen ohne gültiges Team (18 in Team 699 (nicht in \
             organisation.csv), 24 ohne Team) – gezählt unter „(nicht zugeordnet)“, an Controlling"
        );
    }
}

//! Stage 3: month M's organisation, personnel and customers read, the population kept and
//! indexed (with the distribution, the trend months' customers after it).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::einheitscodes::Einheitscodes;
use crate::error::Ergebnis;
use crate::ingest::folders::Monat;
use crate::ingest::kennung::{Kennungsindex, Kundenplatz};
use crate::ingest::kunden::Kundendatei;
use crate::ingest::kunden::{kunden_lesen, Kunde};
use crate::ingest::laufbuch::Laufbuch;
use crate::ingest::organisation::{organisation_lesen, Organisation};
use crate::ingest::personal::{personal_lesen, Personal};
use crate::ingest::quelle::Quelle;
use crate::lauf::Laufkonfiguration;
use crate::rules::gruppen::zusatzspalten;
use crate::rules::zuordnung::einheit_zuordnen;
use crate::rules::Fassung;
use crate::verteilung::verlauf;

use super::quellen::Quellen;
use super::{auswertungsbestand, KundenBilanz};

/// What stage 3 read of month M's own folder.
pub(super) struct Gelesen {
    pub(super) organisation: Organisation,
    /// `personal.csv`, read only with the distribution.
    pub(super) personal: Option<Personal>,
    /// The population, sorted by Kundennummer.
    pub(super) bestand: Vec<Kunde>,
    pub(super) bilanz: KundenBilanz,
}

/// Stage 3: month M's organisation, `personal.csv` (optional, only read for the
/// distribution's conversation figures: a broken one stops the run here, before the heavy
/// reading) and customers, reduced to the population. Files are recorded in the order
/// organisation, customers, personnel.
pub(super) fn einlesen(
    q: &Quellen,
    k: &Laufkonfiguration,
    buch: &mut Laufbuch,
) -> Ergebnis<Gelesen> {
    let (organisation, org_datei) = organisation_lesen(&q.organisation)?;
    buch.gelesen(org_datei);
    let personal_quelle = Quelle::finden(&q.eigener, k.monat, "personal", &k.spalten)?;
    let personal = match (k.verteilung.is_some(), personal_quelle) {
        (true, Some(q)) => Some(personal_lesen(&q)?),
        (true, None) => {
            tracing::warn!(
                "{}/personal.csv fehlt: Gespräche je Stelle werden nicht ausgewiesen",
                k.monat
            );
            None
        }
        _ => None,
    };
    let (bestand, bilanz) = bestand_lesen(&q.kunden, k, buch)?;
    let personal = personal.map(|(p, datei)| {
        buch.gelesen(datei);
        p
    });
    Ok(Gelesen {
        organisation,
        personal,
        bestand,
        bilanz,
    })
}

/// Reads month M's customers and keeps the population, sorted by Kundennummer: every
/// customer output is in that order. A month without population stops the run, naming why
/// each row was left out.
pub(super) fn bestand_lesen(
    quelle: &Quelle,
    k: &Laufkonfiguration,
    buch: &mut Laufbuch,
) -> Ergebnis<(Vec<Kunde>, KundenBilanz)> {
    let (stichtag, fassung) = (k.stichtag, k.fassung());
    let mut kundendatei = kunden_lesen(quelle, stichtag, &zusatzspalten(fassung))?;
    spalten_der_regeln(fassung, &k.regeldatei.quelle, &kundendatei)?;
    let abgewiesen = buch.abweisungen_uebernehmen(
        quelle,
        &kundendatei.datei,
        std::mem::take(&mut kundendatei.abweisungen),
    )?;
    tracing::info!(
        "{}: {} Zeilen, {} gültig, {abgewiesen} abgewiesen",
        kundendatei.datei.pfad,
        kundendatei.datei.zeilen,
        kundendatei.kunden.len(),
    );
    let mut bilanz = KundenBilanz {
        gelesen: kundendatei.datei.zeilen,
        abgewiesen,
        ..Default::default()
    };
    let bestand = auswertungsbestand(kundendatei.kunden, stichtag, &mut bilanz);
    if bestand.is_empty() {
        return Err(bestand_leer(&quelle.pfad, &bilanz, stichtag));
    }
    buch.gelesen(kundendatei.datei);
    Ok((bestand, bilanz))
}

/// The error for a month without population, with the reasons every row was left out for.
pub(super) fn bestand_leer(
    pfad: &Path,
    b: &KundenBilanz,
    stichtag: NaiveDate,
) -> crate::error::Fehler {
    let teile: Vec<String> = [
        ("abgewiesen", b.abgewiesen),
        ("noch nicht zugegangen", b.noch_nicht_zugegangen),
        ("abgemeldet", b.abgemeldet),
        ("mit Sperrkennzeichen", b.sperrkennzeichen),
        ("vollzeitschulpflichtig", b.vollzeitschulpflicht),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(was, n)| format!("{n} {was}"))
    .collect();
    crate::error::Fehler::BestandLeer {
        pfad: pfad.to_path_buf(),
        gelesen: b.gelesen,
        aufschluesselung: if teile.is_empty() {
            "keine".into()
        } else {
            teile.join(", ")
        },
        stichtag: crate::ingest::dates::deutsch(stichtag),
    }
}

/// A condition of the version applied names a site column `kunden.csv` lacks: exit 2 naming
/// the version, the group and the column (SPEC §3).
pub(crate) fn spalten_der_regeln(f: &Fassung, quelle: &str, kunden: &Kundendatei) -> Ergebnis<()> {
    match kunden.fehlende_zusatzspalten.first() {
        None => Ok(()),
        Some(spalte) => Err(crate::error::Fehler::RegelnNichtAnwendbar {
            quelle: quelle.to_string(),
            grund: format!(
                "Fassung {}, Gruppe „{}“: die Bedingung nennt die Spalte „{spalte}“, die {} nicht \
                 hat",
                f.richtlinie.version,
                f.gruppe_mit_spalte(spalte).map_or("", |g| g.id.as_str()),
                kunden.datei.pfad
            ),
        }),
    }
}

/// The index the notes pass and the appointments look customers up in: the population, at
/// its positions.
pub(super) fn index_bilden(bestand: &[Kunde]) -> Kennungsindex {
    let mut index = Kennungsindex::mit_platz_fuer(bestand.len());
    for (i, kunde) in bestand.iter().enumerate() {
        index.einfuegen(&kunde.kundennummer, Kundenplatz::Bestand(i));
    }
    index
}

/// With the distribution: the twelve earlier trend months' stocks read, their customers not
/// in the population joining the index as trend customers, so one notes pass serves both.
pub(super) fn verlauf_vorbereiten(
    g: &Gelesen,
    ordner: &[(Monat, PathBuf)],
    k: &Laufkonfiguration,
    index: &mut Kennungsindex,
) -> verlauf::Vorbereitung {
    let nummern: Vec<&str> = g.bestand.iter().map(|k| k.kundennummer.as_str()).collect();
    let codes = einheitscodes(&g.bestand, &g.organisation);
    verlauf::vorbereiten(ordner, k, (&nummern, codes), index)
}

/// The unit codes of month M's population, by its teams' assignment (SPEC §3), before the
/// customer rows exist.
pub(super) fn einheitscodes(bestand: &[Kunde], organisation: &Organisation) -> Einheitscodes {
    let teams: std::collections::BTreeSet<&str> = bestand.iter().map(|k| k.team.as_str()).collect();
    let paare: Vec<(String, String)> = teams
        .into_iter()
        .map(|t| {
            let (team, gs) = einheit_zuordnen(t, organisation);
            (gs, team)
        })
        .collect();
    Einheitscodes::aus_einheiten(paare.iter().map(|(g, t)| (g.as_str(), t.as_str())))
}

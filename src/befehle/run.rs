//! `beratungsreport run`: one month, end to end — the checked configuration, the stages
//! (`auswertung`), the outputs written into a staging folder and published at once.

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::cli::RunArgs;
use crate::error::{Ergebnis, Fehler};
use crate::ingest::dates::deutsch;
use crate::ingest::laufbuch::Laufbuch;
use crate::{auswertung, fortschritt, katalog, lauf, output};

/// `beratungsreport run`: one month, end to end — the checked configuration, the stages
/// (`auswertung::auswerten`, one owned result), the outputs. Each stage's time is written down
/// where the stages are listed (here and in `auswerten`), and nowhere in them.
pub fn run(args: &RunArgs, fortschritt: &fortschritt::Fortschritt) -> Ergebnis<()> {
    let mut buch = Laufbuch::starten();
    // The whole call is checked before any export is read.
    let k = lauf::Laufkonfiguration::aus_argumenten(args)?;
    let (monat, stichtag, fassung) = (k.monat, k.stichtag, k.fassung());
    tracing::info!(
        "Monat {monat}, Stichtag {}, Regeln Version {} {}",
        deutsch(stichtag),
        fassung.richtlinie.version,
        k.regeldatei.quelle
    );
    ausgabeziel_pruefen(&k)?;
    buch.schritt("regeln");
    let ergebnis = auswertung::auswerten(&k, fortschritt, &mut buch)?;
    let fehlende = fehlende_spalten_melden(&buch);
    let (a, zahlen, terminzahlen) = (
        &ergebnis.auswertung,
        &ergebnis.zahlen,
        &ergebnis.terminzahlen,
    );
    let verteilung = Verteilungsdaten::von(&ergebnis, (fassung, &k.regeldatei.werk))
        .map(|v| v.mit_abgewiesenen(buch.abweisungen.len()));

    // Everything goes into a staging folder first; the month folder changes in one step.
    let staging = output::atomic::Staging::beginnen(&k.ziel)?;
    let mut ausgaben = ausgaben_schreiben(
        &staging,
        &k,
        a,
        &buch,
        (zahlen, terminzahlen),
        verteilung.as_ref(),
        &ergebnis.lagebilder[&crate::einheit::Einheit::Jobcenter],
    )?;
    buch.schritt("ausgaben_erzeugen");
    if let Some(v) = &verteilung {
        ausgaben.extend(verteilung_schreiben(&staging, v, &ergebnis.lagebilder)?);
        buch.schritt("verteilung_mappen");
    }
    // The audit workbook last: it states every other output's hash.
    let pruefmappe = format!("Pruefprotokoll_{}.xlsx", k.monat);
    let regeln_sha256 = output::record::regeln_sha256(&k.regeldatei.text);
    let pruefung = output::workbook::pruefmappe(
        a,
        &buch,
        zahlen,
        (fassung, &k.regeldatei.werk),
        &output::workbook::Nachweis {
            regeln_quelle: &k.regeldatei.quelle,
            regeln_sha256: &regeln_sha256,
            ausgaben: &ausgaben,
        },
    )
    .map_err(|f| f.mit_datei(&pruefmappe))?;
    ausgaben.push(staging.datei(&pruefmappe, &pruefung)?);
    let protokoll = output::record::protokoll_json(
        a,
        &buch,
        fassung,
        (&k.regeldatei.quelle, &regeln_sha256),
        &ausgaben,
    );
    staging.datei("protokoll.json", &protokoll)?;
    // The timings as known before publishing; the only output that differs between runs,
    // hence not in protokoll.json.
    staging.datei("laufzeiten.json", &buch.laufzeiten.json())?;
    staging.abschliessen()?;
    buch.schritt("veroeffentlichen");
    tracing::debug!("Laufzeit gesamt: {:.3} s", buch.laufzeiten.gesamt);

    zusammenfassung_melden(a, &buch, zahlen, &k.ziel);
    tracing::info!("Ergebnisse geschrieben nach {}", k.ziel.display());
    streng_pruefen(&k, &fehlende, &buch)
}

/// Where the run will write must not be the export, and must hold nothing a run did not
/// write: both refused before minutes of reading.
fn ausgabeziel_pruefen(k: &lauf::Laufkonfiguration) -> Ergebnis<()> {
    output::ziel::pruefen(&k.eingabe, &[k.ziel.as_path()])?;
    output::atomic::ziel_pruefen(&k.ziel)
}

/// Every output but the run record and the unit workbooks, written into the staging folder:
/// the Jobcenter workbook (with the distribution's Jobcenter-wide sheets when there is a
/// distribution), the audit workbook and the CSVs.
fn ausgaben_schreiben(
    staging: &output::atomic::Staging,
    k: &lauf::Laufkonfiguration,
    a: &auswertung::Auswertung,
    buch: &Laufbuch,
    (zahlen, terminzahlen): (&katalog::Kennzahltabelle, &katalog::Kennzahltabelle),
    verteilung: Option<&Verteilungsdaten>,
    lage: &auswertung::lagebild::Lagebild,
) -> Ergebnis<Vec<output::record::AusgabeEintrag>> {
    let fassung = k.fassung();
    let mappe = format!("Beratungscontrolling_{}.xlsx", k.monat);
    let jobcenter = output::workbook::arbeitsmappe(
        a,
        buch,
        zahlen,
        terminzahlen,
        (fassung, &k.regeldatei.werk),
        verteilung,
        lage,
    )
    .map_err(|f| f.mit_datei(&mappe))?;
    let mut ausgaben = vec![
        staging.datei(&mappe, &jobcenter)?,
        staging.datei("kennzahlen.csv", &output::csv::kennzahlen_csv(zahlen)?)?,
    ];
    if a.termine.is_some() {
        ausgaben.push(staging.datei(
            "termintreue.csv",
            &output::csv::kennzahlen_csv(terminzahlen)?,
        )?);
    }
    ausgaben.extend([
        staging.streamen("einzeldaten.csv", |w| {
            output::atomic::haltepunkt("schreiben");
            output::csv::einzeldaten_schreiben(w, &a.einzelfaelle, fassung)
        })?,
        staging.streamen("abgewiesen.csv", |w| {
            output::csv::abgewiesen_schreiben(w, &buch.abweisungen)
        })?,
    ]);
    Ok(ausgaben)
}

/// The distribution's outputs in the staging folder: `planung.csv` and one workbook per
/// Geschäftsstelle and team.
fn verteilung_schreiben(
    staging: &output::atomic::Staging,
    v: &Verteilungsdaten,
    lagebilder: &output::verteilung::Lagebilder,
) -> Ergebnis<Vec<output::record::AusgabeEintrag>> {
    let mut ausgaben = vec![staging.datei("planung.csv", &output::verteilung::planung_csv(v)?)?];
    let empfaenger = v.empfaenger();
    let mappen = output::verteilung::alle_mappen(v, &empfaenger, lagebilder)?;
    for (e, mappe) in empfaenger.iter().zip(mappen) {
        ausgaben.push(staging.datei(&e.datei, &mappe)?);
    }
    tracing::info!(
        "Verteilung: {} Arbeitsmappen (Geschaeftsstellen/, Teams/, Klaerungsfaelle/)",
        empfaenger.len()
    );
    Ok(ausgaben)
}

/// `--strict`: a missing optional column or any rejected row fails the run — after the
/// outputs are published, so the analyst can see why.
fn streng_pruefen(
    k: &lauf::Laufkonfiguration,
    fehlende: &[String],
    buch: &Laufbuch,
) -> Ergebnis<()> {
    if k.streng && !fehlende.is_empty() {
        return Err(Fehler::StriktSpalten {
            spalten: fehlende.join("; "),
        });
    }
    if k.streng && !buch.abweisungen.is_empty() {
        return Err(Fehler::Strikt {
            anzahl: buch.abweisungen.len(),
            pfad: k.ziel.join("abgewiesen.csv"),
        });
    }
    Ok(())
}

/// The run's result in two lines for the analyst: the Jobcenter's headline figures and, if
/// any, how many rows were rejected and where they are listed.
fn zusammenfassung_melden(
    a: &auswertung::Auswertung,
    buch: &Laufbuch,
    zahlen: &katalog::Kennzahltabelle,
    ziel: &std::path::Path,
) {
    if let Some(g) = zahlen.gesamt() {
        let wert = |k: &katalog::Kennzahl| zahlen.wert(g, k).unwrap_or(f64::NAN);
        tracing::info!(
            "{} Kund:innen, Ø {} Tage seit letzter Beratung, {} % im Mindestwert",
            wert(&katalog::KUNDEN),
            format!("{:.1}", wert(&katalog::TAGE_MITTEL)).replace('.', ","),
            format!("{:.1}", wert(&katalog::ANTEIL_MINDESTWERT) * 100.0).replace('.', ",")
        );
    }
    if !buch.abweisungen.is_empty() {
        let termine = a
            .termine
            .as_ref()
            .map(|t| format!(", {} Termine", t.bilanz.abgewiesen))
            .unwrap_or_default();
        tracing::warn!(
            "{} Zeile(n) abgewiesen ({} Kund:innen, {} Vermerke{termine}): siehe {}",
            buch.abweisungen.len(),
            a.kunden.abgewiesen,
            a.vermerke.abgewiesen,
            ziel.join("abgewiesen.csv").display()
        );
    }
}

/// Absent optional columns change what the figures mean: said at once, not only in the
/// workbook. Returns the messages (`--strict` fails on them).
fn fehlende_spalten_melden(buch: &Laufbuch) -> Vec<String> {
    let fehlende: Vec<String> = buch
        .eingaben
        .iter()
        .flat_map(|d| {
            d.fehlende_spalten
                .iter()
                .map(move |f| format!("{}: Spalte „{}“ fehlt – {}", d.pfad, f.spalte, f.folge))
        })
        .collect();
    for f in &fehlende {
        tracing::warn!("{f}");
    }
    fehlende
}

//! `beratungsreport regeln`: the rules in force, the template, and a rules file checked
//! against an export (`--pruefen`).

use crate::cli::RegelnArgs;
use crate::error::Ergebnis;
use crate::ingest::dates::deutsch;
use crate::regelauftrag::{Regelauftrag, Regelpruefung};
use crate::{auswertung, bestand, ingest, rules};

/// `beratungsreport regeln`: prints the versions of the rules file and their groups, a
/// template (`--toml`), or checks a rules file against an export (`--pruefen`).
pub fn regeln(args: &RegelnArgs) -> Ergebnis<()> {
    match Regelauftrag::aus_argumenten(args)? {
        Regelauftrag::Pruefen(p) => regeln_pruefen(&p),
        Regelauftrag::Vorlage {
            regeldatei,
            eingebaut,
        } => {
            // The explanations head the embedded rules; a file of one's own is printed as it is.
            let kopf = if eingebaut {
                rules::regelwerk::VORLAGE_KOPF
            } else {
                ""
            };
            print!("{kopf}{}", regeldatei.text);
            Ok(())
        }
        Regelauftrag::Zeigen(regeldatei) => {
            println!("Regeln: {}", regeldatei.quelle);
            for f in regeldatei.werk.fassungen.iter().rev() {
                fassung_zeigen(f);
            }
            Ok(())
        }
    }
}

fn fassung_zeigen(f: &rules::Fassung) {
    let r = &f.richtlinie;
    println!("\n{} – Version {}", r.titel, r.version);
    if !r.aktenzeichen.is_empty() {
        println!("Aktenzeichen {}", r.aktenzeichen);
    }
    println!("In Kraft ab {}\n", deutsch(r.in_kraft_ab));
    println!("Kundengruppen (die erste zutreffende gilt):");
    for (i, g) in f.gruppen.iter().enumerate() {
        println!(
            "  {:>2}. {} ({}): Zielwert {} Tage, Mindestwert {} Tage",
            i + 1,
            g.name,
            g.id,
            g.zielwert,
            g.mindestwert
        );
        println!(
            "      Bedingung: {}",
            g.bedingung_text
                .as_deref()
                .unwrap_or("keine – alle übrigen Kund:innen")
        );
    }
    println!("Als Beratung zählende Vermerktypen:");
    for t in &f.beratung.vermerktypen {
        println!("  - {t}");
    }
    println!(
        "Ampel (Anteil im Mindestwert): gelb unter {:.0} %, rot unter {:.0} %",
        f.ampel.gelb_unter * 100.0,
        f.ampel.rot_unter * 100.0
    );
    println!(
        "Nachfassen nach Nichterscheinen: {} Arbeitstag(e), Feiertage {}",
        f.termintreue.nachfass_arbeitstage, f.termintreue.bundesland
    );
    let zahl = |x: f64| format!("{x}").replace('.', ",");
    println!(
        "Planung: Richtwert {} Gespräche je Woche und Vollzeitstelle, {} Wochenstunden",
        zahl(f.planung.richtwert_gespraeche_woche),
        zahl(f.planung.wochenstunden)
    );
}

/// `regeln --pruefen DATEI --input ORDNER --month M`: the version in force at M's Stichtag and
/// how many of M's population each of its groups would hold. Reads only `kunden.csv`.
fn regeln_pruefen(p: &Regelpruefung) -> Ergebnis<()> {
    let (monat, stichtag, f, regeldatei) = (p.monat, p.stichtag, p.fassung(), &p.regeldatei);
    let ordner = p.eingabe.join(monat.to_string());
    let quelle = ingest::quelle::Quelle::pflicht(&ordner, monat, "kunden", &p.spalten)?;
    let kd = ingest::kunden::kunden_lesen(&quelle, stichtag, &rules::gruppen::zusatzspalten(f))?;
    auswertung::spalten_der_regeln(f, &regeldatei.quelle, &kd)?;
    let abgewiesen = kd.abweisungen.len();
    let mut bilanz = bestand::KundenBilanz::default();
    let population = bestand::auswertungsbestand(kd.kunden, stichtag, &mut bilanz);
    let gruppen = rules::gruppen::gruppen_zuordnen(f, &population, stichtag);
    let mut je_gruppe = vec![0u64; f.gruppen.len()];
    for g in gruppen {
        je_gruppe[g.index()] += 1;
    }
    println!("Regeln: {}", regeldatei.quelle);
    println!(
        "Stichtag {}: es gilt Fassung {} (in Kraft ab {})",
        deutsch(stichtag),
        f.richtlinie.version,
        deutsch(f.richtlinie.in_kraft_ab)
    );
    println!(
        "{}: {} Zeilen, {abgewiesen} abgewiesen, {} Kund:innen im Auswertungsbestand\n",
        kd.datei.pfad,
        kd.datei.zeilen,
        population.len()
    );
    println!("{:>9}  Kundengruppe", "Kund:innen");
    for (g, n) in f.gruppen.iter().zip(je_gruppe) {
        println!("{n:>9}  {} ({})", g.name, g.id);
    }
    Ok(())
}

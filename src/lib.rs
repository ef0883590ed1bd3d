//! beratungsreport: the monthly counselling controlling of a Jobcenter.
//!
//! Reads VerBIS-style export folders (SPEC §2), applies the directive's rules (SPEC §3) and
//! writes the management workbook, figures, customer rows, rejected rows and a run record
//! (SPEC §4). The data flow forward only:
//!
//! ```text
//! ingest (files → validated records, rejects) → rules (population, age, group, days)
//!   → auswertung (one row per customer + reconciliation) → figures (queries/*.sql via polars)
//!   → output (workbook, CSVs, protokoll.json; published atomically)
//! ```

pub mod auswertung;
pub mod bestand;
pub mod cli;
pub mod einheit;
pub mod einheitscodes;
pub mod error;
pub mod figures;
pub mod fortschritt;
pub mod generate;
pub mod ingest;
pub mod katalog;
pub mod lauf;
mod log;
pub mod output;
pub mod parallel;
pub mod pass;
pub mod rules;
pub mod termintreue;
pub mod verteilung;

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;

use auswertung::verteilung::Verteilungsdaten;
use cli::{Befehl, Cli, GenerateArgs, RegelnArgs, RunArgs};
use error::{Ergebnis, Fehler};
use ingest::dates::deutsch;
use ingest::folders::Monat;

/// Runs the program with the given arguments and returns the exit status. Never panics on
/// user input; errors are printed in German with their cause chain.
pub fn hauptprogramm(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return aufruffehler(e),
    };
    log::einrichten(cli.ausfuehrlich, cli.still);
    let ergebnis = match cli.befehl {
        Befehl::Run(a) => run(&a, &fortschritt::Fortschritt::neu(!cli.still)),
        Befehl::Regeln(a) => regeln(&a),
        Befehl::Generate(a) => generate(&a),
    };
    match ergebnis {
        Ok(()) => 0,
        Err(f) => {
            eprintln!("Fehler: {}", error::kurz(&f.to_string(), 2000));
            let mut ursache = std::error::Error::source(&f);
            while let Some(u) = ursache {
                eprintln!("  Ursache: {}", error::ursache_text(u));
                ursache = u.source();
            }
            f.exit_status()
        }
    }
}

/// Prints clap's parse errors in German (help and version go to stdout as usual).
fn aufruffehler(e: clap::Error) -> i32 {
    let werte = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let text = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                2
            } else {
                0
            };
        }
        ErrorKind::MissingRequiredArgument => {
            format!("Pflichtangabe fehlt: {}", werte(ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => {
            format!("Unbekannte Option: {}", werte(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => format!(
            "Unbekannter Befehl: {} (bekannt sind run, regeln, generate)",
            werte(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingSubcommand => "Befehl fehlt: run, regeln oder generate".into(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "Ungültiger Wert „{}“ für {}",
            werte(ContextKind::InvalidValue),
            werte(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => format!(
            "Optionen schließen sich aus: {}",
            werte(ContextKind::InvalidArg)
        ),
        ErrorKind::TooManyValues => {
            format!(
                "Option mehrfach oder mit zu vielen Werten angegeben: {}",
                werte(ContextKind::InvalidArg)
            )
        }
        _ => "Ungültiger Aufruf".into(),
    };
    eprintln!("Fehler: {text}\nHilfe: beratungsreport --help");
    2
}

/// `beratungsreport run`: one month, end to end.
pub fn run(args: &RunArgs, fortschritt: &fortschritt::Fortschritt) -> Ergebnis<()> {
    let mut laufzeiten = fortschritt::Laufzeiten::starten();
    // The whole call is checked before any export is read.
    let k = lauf::Laufkonfiguration::aus_argumenten(args)?;
    let (monat, stichtag, regeln) = (k.monat, k.stichtag, k.fassung());
    tracing::info!(
        "Monat {monat}, Stichtag {}, Regeln Version {} {}",
        deutsch(stichtag),
        regeln.richtlinie.version,
        k.regeln.quelle
    );
    let ziel = k.ziel.clone();
    ausgabeziel_pruefen(&k)?;
    laufzeiten.schritt("regeln");
    let mut a = auswertung::auswerten(&k, fortschritt, &mut laufzeiten)?;
    let (zahlen, terminzahlen) = alle_kennzahlen(&a, regeln)?;
    laufzeiten.schritt("kennzahlen");
    let verteilungsstand = a.verteilung.take();
    let a = a;
    let fehlende = fehlende_spalten_melden(&a);
    // The notes pass collects the distribution's data exactly when the configuration asks for it.
    let verteilung = verteilungsstand
        .map(|v| Verteilungsdaten::bilden(&a, (&zahlen, &terminzahlen), v, &k))
        .transpose()?;
    if verteilung.is_some() {
        laufzeiten.schritt("verteilung_kennzahlen");
    }

    // Everything goes into a staging folder first; the month folder changes in one step.
    let staging = output::atomic::Staging::beginnen(&ziel)?;
    let mut ausgaben = ausgaben_schreiben(
        &staging,
        &k,
        &a,
        (&zahlen, &terminzahlen),
        verteilung.as_ref(),
        &mut laufzeiten,
    )?;
    let protokoll =
        output::record::protokoll_json(&a, regeln, &k.regeln.quelle, &k.regeln.text, &ausgaben);
    ausgaben.push(staging.datei("protokoll.json", &protokoll)?);
    // The timings as known before publishing; the only output that differs between runs,
    // hence not in protokoll.json.
    staging.datei("laufzeiten.json", &laufzeiten.json())?;
    staging.abschliessen()?;
    laufzeiten.schritt("veroeffentlichen");
    tracing::debug!("Laufzeit gesamt: {:.3} s", laufzeiten.gesamt);

    zusammenfassung_melden(&a, &zahlen, &ziel);
    tracing::info!("Ergebnisse geschrieben nach {}", ziel.display());
    streng_pruefen(&k, &fehlende, &a)
}

/// Where the run will write must not be the export, and must hold nothing a run did not
/// write: both refused before minutes of reading.
fn ausgabeziel_pruefen(k: &lauf::Laufkonfiguration) -> Ergebnis<()> {
    output::ziel::pruefen(&k.eingabe, &[k.ziel.as_path()])?;
    output::atomic::ziel_pruefen(&k.ziel)
}

/// Every output but the run record, written into the staging folder: the Jobcenter workbook
/// (with the distribution's Jobcenter-wide sheets when there is a distribution), the CSVs,
/// and the unit workbooks.
fn ausgaben_schreiben(
    staging: &output::atomic::Staging,
    k: &lauf::Laufkonfiguration,
    a: &auswertung::Auswertung,
    (zahlen, terminzahlen): (&katalog::Kennzahltabelle, &katalog::Kennzahltabelle),
    verteilung: Option<&Verteilungsdaten>,
    laufzeiten: &mut fortschritt::Laufzeiten,
) -> Ergebnis<Vec<output::record::AusgabeEintrag>> {
    let regeln = k.fassung();
    let mappe = format!("Beratungscontrolling_{}.xlsx", k.monat);
    // With --verteilung, its Jobcenter-wide sheets go into the Jobcenter workbook.
    let verteilungsblaetter = verteilung.map(|v| {
        move |wb: &mut rust_xlsxwriter::Workbook, f: &output::excel::Formate| {
            output::verteilung::jobcenter_blaetter(wb, v, f)
        }
    });
    let jobcenter = output::workbook::arbeitsmappe(
        a,
        zahlen,
        terminzahlen,
        (regeln, &k.regeln.werk),
        verteilungsblaetter
            .as_ref()
            .map(|b| b as output::workbook::Einschub),
    )
    .map_err(|f| f.mit_datei(&mappe))?;
    let pruefmappe = format!("Pruefprotokoll_{}.xlsx", k.monat);
    let pruefung = output::workbook::pruefmappe(a, zahlen, (regeln, &k.regeln.werk))
        .map_err(|f| f.mit_datei(&pruefmappe))?;
    let mut ausgaben = vec![
        staging.datei(&mappe, &jobcenter)?,
        staging.datei(&pruefmappe, &pruefung)?,
        staging.datei("kennzahlen.csv", &output::csv::kennzahlen_csv(zahlen))?,
    ];
    if a.termine.is_some() {
        ausgaben.push(staging.datei(
            "termintreue.csv",
            &output::csv::kennzahlen_csv(terminzahlen),
        )?);
    }
    ausgaben.extend([
        staging.streamen("einzeldaten.csv", |w| {
            output::atomic::haltepunkt("schreiben");
            output::csv::einzeldaten_schreiben(w, &a.einzelfaelle, regeln)
        })?,
        staging.streamen("abgewiesen.csv", |w| {
            output::csv::abgewiesen_schreiben(w, &a.abweisungen)
        })?,
    ]);
    laufzeiten.schritt("ausgaben_erzeugen");
    if let Some(v) = verteilung {
        ausgaben.push(staging.datei("planung.csv", &output::csv::planung_csv(&v.planung))?);
        let empfaenger = v.empfaenger();
        let mappen = output::verteilung::alle_mappen(v, &empfaenger)?;
        laufzeiten.schritt("verteilung_mappen_bauen");
        for (e, mappe) in empfaenger.iter().zip(mappen) {
            ausgaben.push(staging.datei(&e.datei, &mappe)?);
        }
        tracing::info!(
            "Verteilung: {} Arbeitsmappen (Geschaeftsstellen/, Teams/)",
            empfaenger.len()
        );
        laufzeiten.schritt("verteilung_mappen");
    }
    Ok(ausgaben)
}

/// `--strict`: a missing optional column or any rejected row fails the run — after the
/// outputs are published, so the analyst can see why.
fn streng_pruefen(
    k: &lauf::Laufkonfiguration,
    fehlende: &[String],
    a: &auswertung::Auswertung,
) -> Ergebnis<()> {
    if k.streng && !fehlende.is_empty() {
        return Err(Fehler::StriktSpalten {
            spalten: fehlende.join("; "),
        });
    }
    if k.streng && !a.abweisungen.is_empty() {
        return Err(Fehler::Strikt {
            anzahl: a.abweisungen.len(),
            pfad: k.ziel.join("abgewiesen.csv"),
        });
    }
    Ok(())
}

/// The run's result in two lines for the analyst: the Jobcenter's headline figures and, if
/// any, how many rows were rejected and where they are listed.
fn zusammenfassung_melden(
    a: &auswertung::Auswertung,
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
    if !a.abweisungen.is_empty() {
        let termine = a
            .termine
            .as_ref()
            .map(|t| format!(", {} Termine", t.bilanz.abgewiesen))
            .unwrap_or_default();
        tracing::warn!(
            "{} Zeile(n) abgewiesen ({} Kund:innen, {} Vermerke{termine}): siehe {}",
            a.abweisungen.len(),
            a.kunden.abgewiesen,
            a.vermerke.abgewiesen,
            ziel.join("abgewiesen.csv").display()
        );
    }
}

/// The counselling figures and, beside them on the second core, the appointment figures:
/// building the customer frame keeps one core busy and the other idle (bremen: 0.07 s), time
/// enough for the appointments' cells and query.
fn alle_kennzahlen(
    a: &auswertung::Auswertung,
    regeln: &rules::Fassung,
) -> Ergebnis<(katalog::Kennzahltabelle, katalog::Kennzahltabelle)> {
    let (zahlen, terminzahlen) = std::thread::scope(|s| {
        let termine = a.termine.as_ref().map(|t| {
            s.spawn(|| termintreue::kennzahlen::terminkennzahlen(t, &a.einzelfaelle, regeln))
        });
        let zahlen = figures::kennzahlen(&a.einzelfaelle, regeln);
        let terminzahlen =
            termine.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (zahlen, terminzahlen)
    });
    let leer = || katalog::Kennzahltabelle::leer(katalog::TERMINTREUE);
    Ok((zahlen?, terminzahlen.transpose()?.unwrap_or_else(leer)))
}

/// Absent optional columns change what the figures mean: said at once, not only in the
/// workbook. Returns the messages (`--strict` fails on them).
fn fehlende_spalten_melden(a: &auswertung::Auswertung) -> Vec<String> {
    let fehlende: Vec<String> = a
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

/// `beratungsreport regeln`: prints the versions of the rules file and their groups, a
/// template (`--toml`), or checks a rules file against an export (`--pruefen`).
pub fn regeln(args: &RegelnArgs) -> Ergebnis<()> {
    if let Some(datei) = &args.pruefen {
        return regeln_pruefen(datei, args);
    }
    let lauf::Regeln {
        werk, quelle, text, ..
    } = lauf::Regeln::laden(args.regeln.as_deref())?;
    if args.toml {
        // The explanations head the embedded rules; a file of one's own is printed as it is.
        let kopf = match args.regeln {
            None => rules::regelwerk::VORLAGE_KOPF,
            Some(_) => "",
        };
        print!("{kopf}{text}");
        return Ok(());
    }
    println!("Regeln: {quelle}");
    for f in werk.fassungen.iter().rev() {
        fassung_zeigen(f);
    }
    Ok(())
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
fn regeln_pruefen(datei: &std::path::Path, args: &RegelnArgs) -> Ergebnis<()> {
    let roh = args.monat.clone().unwrap_or_default();
    let monat = Monat::lesen(&roh).ok_or(Fehler::MonatUngueltig { wert: roh })?;
    let regeln = lauf::Regeln::laden(Some(datei))?;
    let stichtag = monat.letzter_tag();
    let f = regeln.werk.in_kraft_oder_fehler(stichtag, &regeln.quelle)?;
    let spalten = match &args.spalten {
        Some(p) => ingest::spalten::Spaltennamen::laden(p)?,
        None => Default::default(),
    };
    let ordner = args.eingabe.join(monat.to_string());
    let quelle = ingest::quelle::Quelle::pflicht(&ordner, monat, "kunden", &spalten)?;
    let kd = ingest::kunden::kunden_lesen(&quelle, stichtag, &rules::gruppen::zusatzspalten(f))?;
    auswertung::spalten_der_regeln(f, &regeln.quelle, &kd)?;
    let abgewiesen = kd.abweisungen.len();
    let mut bilanz = bestand::KundenBilanz::default();
    let population = bestand::auswertungsbestand(kd.kunden, stichtag, &mut bilanz);
    let gruppen = rules::gruppen::gruppen_zuordnen(f, &population, stichtag);
    let mut je_gruppe = vec![0u64; f.gruppen.len()];
    for g in gruppen {
        je_gruppe[g.index()] += 1;
    }
    println!("Regeln: {}", regeln.quelle);
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

/// `beratungsreport generate`: synthetic export folders.
pub fn generate(args: &GenerateArgs) -> Ergebnis<()> {
    let von = Monat::lesen(&args.von).ok_or_else(|| Fehler::MonatUngueltig {
        wert: args.von.clone(),
    })?;
    let vorgabe = generate::Vorgabe {
        ziel: args.ziel.clone(),
        kunden: args.kunden.max(1),
        von,
        monate: args.monate.max(1),
        historie: args.historie,
        seed: args.seed,
        fehler: args.fehler,
        vielfalt: args.vielfalt,
        termine: !args.ohne_termine,
        nach_kunde: args.nach_kunde,
    };
    let (k, v) = generate::erzeugen(&vorgabe)?;
    tracing::info!(
        "{} Monatsordner ab {von} in {} geschrieben ({k} Kund:innen, {v} Vermerke)",
        vorgabe.monate,
        args.ziel.display()
    );
    Ok(())
}

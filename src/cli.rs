//! The command line, with German help texts. Raw arguments are only parsed here; turning them
//! into a checked run configuration (month, Stichtag, rules, folders) happens in
//! [`crate::lauf`].

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

/// Beratungscontrolling: Ø Tage seit letzter Beratung je Geschäftsstelle und Team.
#[derive(Debug, Parser)]
#[command(
    name = "beratungsreport",
    version,
    about = "Beratungscontrolling für das Jobcenter: liest die VerBIS-Exporte eines Monats und \
             schreibt die Arbeitsmappe „Beratungscontrolling“ mit den Tagen seit der letzten Beratung \
             je Geschäftsstelle, Team und Kundengruppe.",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Befehle",
    next_help_heading = "Optionen",
    help_template = "{about}\n\nAufruf: {usage}\n\n{all-args}{after-help}",
    override_usage = "beratungsreport [OPTIONEN] <BEFEHL>"
)]
pub struct Cli {
    /// Was zu tun ist.
    #[command(subcommand)]
    pub befehl: Befehl,

    /// Mehr Meldungen ausgeben (-v: Details, -vv: alles).
    #[arg(short = 'v', long = "verbose", action = ArgAction::Count, global = true)]
    pub ausfuehrlich: u8,

    /// Nur Warnungen und Fehler ausgeben.
    #[arg(short = 'q', long = "quiet", global = true)]
    pub still: bool,

    /// Hilfe anzeigen.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    pub hilfe: Option<bool>,

    /// Programmversion anzeigen.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    pub version: Option<bool>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Befehl {
    /// Einen Monat auswerten und Arbeitsmappe, CSV-Dateien und Protokoll schreiben.
    #[command(
        help_template = "{about}\n\nAufruf: {usage}\n\n{all-args}",
        next_help_heading = "Optionen",
        override_usage = "beratungsreport run --month <JJJJ-MM> [OPTIONEN]"
    )]
    Run(RunArgs),
    /// Die geltenden Regeln (Kundengruppen, Ziel- und Mindestwerte, Vermerktypen) anzeigen.
    #[command(
        help_template = "{about}\n\nAufruf: {usage}\n\n{all-args}",
        next_help_heading = "Optionen",
        override_usage = "beratungsreport regeln [--rules <DATEI>] [--toml]\n       \
                          beratungsreport regeln --pruefen <DATEI> --input <ORDNER> --month <JJJJ-MM>"
    )]
    Regeln(RegelnArgs),
    /// Synthetische Exportordner im VerBIS-Format erzeugen (Demo, Tests, Messungen).
    #[command(
        help_template = "{about}\n\nAufruf: {usage}\n\n{all-args}",
        next_help_heading = "Optionen",
        override_usage = "beratungsreport generate --out <ORDNER> --from <JJJJ-MM> [OPTIONEN]"
    )]
    Generate(GenerateArgs),
}

/// Options of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Auswertungsmonat im Format JJJJ-MM (Stichtag ist der Monatsletzte).
    #[arg(long = "month", value_name = "JJJJ-MM")]
    pub monat: String,

    /// Eingabeordner mit den Monatsordnern JJJJ-MM (Standard: export).
    #[arg(
        long = "input",
        value_name = "ORDNER",
        default_value = "export",
        hide_default_value = true
    )]
    pub eingabe: PathBuf,

    /// Ausgabeordner; die Ergebnisse landen in ORDNER/JJJJ-MM/ (Standard: reports).
    #[arg(
        long = "out",
        value_name = "ORDNER",
        default_value = "reports",
        hide_default_value = true
    )]
    pub ausgabe: PathBuf,

    /// Regeldatei (TOML) statt der eingebauten Regeln.
    #[arg(long = "rules", value_name = "DATEI")]
    pub regeln: Option<PathBuf>,

    /// Spaltenzuordnung (TOML): die Spaltenköpfe der eigenen Exporte für die Spalten des
    /// Vertrags, je Export, z. B. [kunden] Kundennummer = "Kd.-Nr.".
    #[arg(long = "spalten", value_name = "DATEI")]
    pub spalten: Option<PathBuf>,

    /// Abweichender Stichtag (TT.MM.JJJJ oder JJJJ-MM-TT) statt des Monatsletzten.
    #[arg(long = "stichtag", value_name = "DATUM")]
    pub stichtag: Option<String>,

    /// Früher: Zwischenspeicher der Vermerk-Auszüge. Wird angenommen und nicht mehr verwendet
    /// (jeder Lauf liest jede Datei neu), damit bestehende Skripte weiterlaufen.
    #[arg(long = "cache", value_name = "ORDNER", hide = true)]
    pub zwischenspeicher: Option<PathBuf>,

    /// Früher: ohne Zwischenspeicher. Wird angenommen und bedeutet nichts mehr.
    #[arg(long = "no-cache", hide = true)]
    pub ohne_zwischenspeicher: bool,

    /// Abgewiesene Zeilen als Fehler werten (Exit-Status 3; Ergebnisse werden trotzdem geschrieben).
    #[arg(long = "strict")]
    pub streng: bool,

    /// Verteilung: zusätzlich je Geschäftsstelle und je Team eine eigene Arbeitsmappe
    /// (Geschaeftsstellen/, Teams/) mit Letzter Beratung, Gesprächen und 13-Monats-Verlauf;
    /// nur die Team-Mappen enthalten Arbeitslisten mit Kundennummern.
    #[arg(long = "verteilung")]
    pub verteilung: bool,

    /// Tage voraus für die Arbeitsliste „Demnächst fällig“ (Standard: 30).
    #[arg(
        long = "vorlauf",
        value_name = "TAGE",
        default_value_t = 30,
        hide_default_value = true,
        requires = "verteilung",
        value_parser = clap::value_parser!(u32).range(1..=366)
    )]
    pub vorlauf: u32,

    /// Gespräche je IFK (Leistungsdaten; nur mit Zustimmung des Personalrats) in den
    /// Team-Mappen ausweisen, nie in der Jobcenter-Mappe.
    #[arg(long = "ifk-auswertung", requires = "verteilung")]
    pub ifk_auswertung: bool,
}

/// Options of `regeln`.
#[derive(Debug, Args)]
pub struct RegelnArgs {
    /// Regeldatei (TOML) statt der eingebauten Regeln.
    #[arg(long = "rules", value_name = "DATEI")]
    pub regeln: Option<PathBuf>,

    /// Eine Vorlage für eine eigene Regeldatei (TOML, mit Erläuterungen) ausgeben.
    #[arg(long = "toml", conflicts_with = "pruefen")]
    pub toml: bool,

    /// Eine Regeldatei gegen einen Export prüfen: welche Fassung am Stichtag gilt und wie viele
    /// Kund:innen jede ihrer Kundengruppen hätte (mit --input und --month).
    #[arg(
        long = "pruefen",
        value_name = "DATEI",
        requires = "monat",
        conflicts_with = "regeln"
    )]
    pub pruefen: Option<PathBuf>,

    /// Eingabeordner mit den Monatsordnern JJJJ-MM (nur mit --pruefen; Standard: export).
    #[arg(
        long = "input",
        value_name = "ORDNER",
        default_value = "export",
        hide_default_value = true,
        requires = "pruefen"
    )]
    pub eingabe: PathBuf,

    /// Monat im Format JJJJ-MM, dessen kunden.csv geprüft wird (nur mit --pruefen).
    #[arg(long = "month", value_name = "JJJJ-MM", requires = "pruefen")]
    pub monat: Option<String>,

    /// Spaltenzuordnung (TOML) der eigenen Exporte, wie bei run (nur mit --pruefen).
    #[arg(long = "spalten", value_name = "DATEI", requires = "pruefen")]
    pub spalten: Option<PathBuf>,
}

/// Options of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Zielordner; die Monatsordner JJJJ-MM werden darin angelegt.
    #[arg(long = "out", value_name = "ORDNER")]
    pub ziel: PathBuf,

    /// Ungefährer Kundenbestand je Monat (Standard: 2000).
    #[arg(
        long = "customers",
        value_name = "ANZAHL",
        default_value_t = 2000,
        hide_default_value = true,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub kunden: u64,

    /// Erster Monat (JJJJ-MM).
    #[arg(long = "from", value_name = "JJJJ-MM")]
    pub von: String,

    /// Anzahl der Monatsordner (Standard: 13).
    #[arg(
        long = "months",
        value_name = "ANZAHL",
        default_value_t = 13,
        hide_default_value = true,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub monate: u32,

    /// Monate Vermerk-Historie vor dem ersten Monat, im ersten Auszug enthalten (Standard: 24).
    #[arg(
        long = "history",
        value_name = "MONATE",
        default_value_t = 24,
        hide_default_value = true
    )]
    pub historie: u32,

    /// Startwert des Zufallsgenerators: gleicher Wert, gleiche Daten (Standard: 1).
    #[arg(
        long = "seed",
        value_name = "ZAHL",
        default_value_t = 1,
        hide_default_value = true
    )]
    pub seed: u64,

    /// Einige fehlerhafte Zeilen einstreuen (zum Prüfen der Abweisungen).
    #[arg(long = "fehler")]
    pub fehler: bool,

    /// Exporte so vielfältig wie echte: Anführungszeichen (nur Kopfzeile, bei Bedarf, überall),
    /// CR LF, Windows-1252, Datumsformate und Spaltenreihenfolge je Monat, eine Umorganisation
    /// (ein Team wechselt die Geschäftsstelle) und Vermerke, die erst in einem späteren Auszug
    /// geliefert werden.
    #[arg(long = "vielfalt")]
    pub vielfalt: bool,

    /// Keinen Terminkalender (termine.csv) und keine Nachfass-Telefonvermerke erzeugen: die
    /// Exporte eines Jobcenters ohne Terminexport.
    #[arg(long = "ohne-termine")]
    pub ohne_termine: bool,

    /// Vermerke je Kund:in zusammen schreiben (je Kund:in nach Datum) statt wie
    /// angelegt (nach Datum, Kund:innen gemischt, wie echte Auszüge): nur zum Vergleich der
    /// Lesegeschwindigkeit.
    #[arg(long = "nach-kunde")]
    pub nach_kunde: bool,
}

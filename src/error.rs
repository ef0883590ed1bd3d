//! The one error type of the library.
//!
//! Every variant says *what* went wrong, *in whose file*, and *what was expected*, in German,
//! because the message is shown to a controlling analyst, not to a developer. The binary maps
//! each variant to an exit status with [`Fehler::exit_status`] so scripts can tell a broken
//! export (2) from a run that finished with rejected rows under `--strict` (3).

use std::path::PathBuf;

/// Everything that can stop a run.
///
/// Row-level problems are *not* errors: they are rejected rows (see
/// [`crate::ingest::Abweisung`]) and the run goes on. Only problems that make the whole input
/// or output unusable end up here.
#[derive(Debug, thiserror::Error)]
pub enum Fehler {
    /// `--month` is not of the form `JJJJ-MM`.
    #[error("Ungültiger Monat „{wert}“: erwartet wird JJJJ-MM, z. B. 2026-10")]
    MonatUngueltig { wert: String },

    /// `--stichtag` could not be read as a date.
    #[error("Ungültiger Stichtag „{wert}“: erwartet wird TT.MM.JJJJ oder JJJJ-MM-TT")]
    StichtagUngueltig { wert: String },

    /// The Stichtag lies after today: the month has not ended, the figures would be guesses.
    #[error(
        "Der Stichtag {stichtag} liegt in der Zukunft (heute ist {heute}): \
         ein Monat kann erst nach seinem Ende ausgewertet werden"
    )]
    StichtagInZukunft { stichtag: String, heute: String },

    /// The Stichtag lies outside the month: month M's snapshots and the note folders ≤ M
    /// cannot describe another month's day (SPEC §3).
    #[error(
        "Der Stichtag {stichtag} liegt nicht im Monat {monat}: erlaubt ist der {erster} bis \
         {letzter} – der Kundenbestand und die Vermerke des Monatsordners beschreiben nur \
         diesen Monat (für einen anderen Monat bitte --month anpassen)"
    )]
    StichtagAusserhalbMonat {
        stichtag: String,
        monat: String,
        erster: String,
        letzter: String,
    },

    /// The input folder or the month folder does not exist.
    #[error("Ordner nicht gefunden: {pfad}: erwartet wird {erwartet}")]
    OrdnerFehlt { pfad: PathBuf, erwartet: String },

    /// A required export file is missing from the month folder.
    #[error("Datei fehlt: {pfad}: jeder Monatsordner braucht kunden, vermerke und organisation (als .csv oder .xlsx)")]
    DateiFehlt { pfad: PathBuf },

    /// A month folder holds an export both as CSV and as Excel workbook.
    #[error(
        "{ordner} enthält {name}.csv und {name}.xlsx: es ist nicht eindeutig, welche gilt – \
         bitte eine der beiden entfernen"
    )]
    ExportDoppelt { ordner: PathBuf, name: String },

    /// An Excel export could not be read as a workbook.
    #[error("Excel-Datei {pfad} kann nicht gelesen werden: {grund}")]
    ExcelUnlesbar { pfad: PathBuf, grund: String },

    /// The `--spalten` file is unusable.
    #[error("Spaltenzuordnung {pfad}: {grund}")]
    Spaltenzuordnung { pfad: PathBuf, grund: String },

    /// A file changed while the run was reading it (a transfer still running).
    #[error(
        "{pfad} hat sich während des Laufs geändert (zweites Lesen ergab andere Bytes): \
         vermutlich wird die Datei noch übertragen – bitte nach Abschluss erneut starten"
    )]
    DateiGeaendert { pfad: PathBuf },

    /// An export's name is taken by something that is not a file.
    #[error(
        "{pfad} ist keine Datei, sondern {art}: erwartet wird eine Exportdatei (CSV oder Excel)"
    )]
    KeineDatei { pfad: PathBuf, art: &'static str },

    /// A month folder's name is taken by something that is not a folder.
    #[error(
        "{pfad} ist kein Ordner, sondern {art}: erwartet wird ein Monatsordner mit den Exporten"
    )]
    KeinOrdner { pfad: PathBuf, art: &'static str },

    /// The operating system refused to read a file.
    #[error("Datei kann nicht gelesen werden: {pfad}")]
    DateiUnlesbar {
        pfad: PathBuf,
        #[source]
        ursache: std::io::Error,
    },

    /// A file has no header line at all.
    #[error("Datei ist leer: {pfad}: erwartet wird eine Kopfzeile mit den Spalten {erwartet}")]
    DateiLeer { pfad: PathBuf, erwartet: String },

    /// A required column is missing; the message lists the columns that were found, because
    /// the usual cause is a renamed column or a wrong separator.
    #[error(
        "Pflichtspalte „{spalte}“ fehlt in {pfad}. Gefundene Spalten: {gefunden}. \
         Erwartet wird eine Kopfzeile mit „;“ als Trennzeichen"
    )]
    SpalteFehlt {
        pfad: PathBuf,
        spalte: String,
        gefunden: String,
    },

    /// The same column appears twice in a header: which one is meant cannot be guessed.
    #[error("Spalte „{spalte}“ kommt in der Kopfzeile von {pfad} mehrfach vor: erwartet wird jede Spalte genau einmal")]
    SpalteDoppelt { pfad: PathBuf, spalte: String },

    /// The file is in an encoding we do not read (UTF-16, binary data).
    #[error("Unbekannte Zeichenkodierung in {pfad}: {hinweis}. Erwartet wird UTF-8 oder Windows-1252 (CSV, „;“-getrennt)")]
    Kodierung { pfad: PathBuf, hinweis: String },

    /// `organisation.csv` is master data: one broken row would move a whole team, so it is
    /// not skipped but stops the run.
    #[error("Fehler in {pfad}, Zeile {zeile}: {grund}")]
    Stammdaten {
        pfad: PathBuf,
        zeile: u64,
        grund: String,
    },

    /// The rules file cannot be read or contradicts itself.
    #[error("Regeldatei {quelle} ist ungültig: {grund}")]
    Regeln { quelle: String, grund: String },

    /// The rules file is valid but cannot be applied to this month: no version in force, or a
    /// condition of the version in force names a column the export lacks.
    #[error("Die Regeldatei {quelle} lässt sich auf diesen Monat nicht anwenden: {grund}")]
    RegelnNichtAnwendbar { quelle: String, grund: String },

    /// An output folder that is, contains or lies inside a month folder of the input: the
    /// publish step would replace or remove the exports themselves.
    #[error(
        "Der Ausgabeordner {ausgabe} überschneidet sich mit dem Monatsordner {eingabe} der \
         Eingabe: die Exporte würden überschrieben. Bitte mit --out einen Ordner \
         außerhalb der Monatsordner angeben"
    )]
    AusgabeInEingabe { ausgabe: PathBuf, eingabe: PathBuf },

    /// The month's output folder holds files that no run of this program wrote: publishing
    /// would remove them.
    #[error(
        "Der Ausgabeordner {pfad} enthält {anzahl} Datei(en), die nicht von beratungsreport \
         stammen (z. B. „{beispiel}“), oder ist kein Ordner: sie würden beim Veröffentlichen \
         ersetzt. Bitte mit --out einen anderen Ordner angeben oder die Dateien entfernen"
    )]
    AusgabeFremd {
        pfad: PathBuf,
        anzahl: usize,
        beispiel: String,
    },

    /// More than half of the rows of a file were rejected (SPEC §5): the file as a whole is
    /// broken (a column in another format, a wrong export), its remaining rows are no basis.
    #[error(
        "{pfad}: {abgewiesen} von {zeilen} Zeilen abgewiesen – mehr als die Hälfte, die Datei \
         ist als Ganzes fehlerhaft. Häufigster Grund ({grund_anzahl}-mal, zuerst in Zeile \
         {zeile}): {grund}. Bitte den Export prüfen (z. B. ein geändertes Datumsformat); \
         es wurde nichts geschrieben"
    )]
    ZuVieleAbgewiesen {
        pfad: PathBuf,
        abgewiesen: u64,
        zeilen: u64,
        grund: String,
        grund_anzahl: u64,
        zeile: u64,
    },

    /// The month's population is empty: a report on nobody is a broken export, not a result.
    #[error(
        "Keine Kund:innen im Auswertungsbestand: {pfad} hat {gelesen} Datenzeile(n), davon \
         {aufschluesselung}. Erwartet wird ein Kundenbestand zum Stichtag {stichtag}; \
         es wurde nichts geschrieben"
    )]
    BestandLeer {
        pfad: PathBuf,
        gelesen: u64,
        aufschluesselung: String,
        stichtag: String,
    },

    /// The temporary file holding the rejected rows failed (temporary folder full?).
    #[error(
        "Die Zwischendatei für abgewiesene Zeilen kann nicht geschrieben oder gelesen werden \
         (temporärer Ordner, Umgebungsvariable TMPDIR)"
    )]
    Zwischendatei {
        #[source]
        ursache: std::io::Error,
    },

    /// Writing an output failed; the previous outputs of the month are untouched.
    #[error("Ausgabe kann nicht geschrieben werden: {pfad}")]
    Ausgabe {
        pfad: PathBuf,
        #[source]
        ursache: std::io::Error,
    },

    /// The workbook library refused the workbook.
    #[error("Arbeitsmappe kann nicht erstellt werden")]
    Arbeitsmappe(#[from] rust_xlsxwriter::XlsxError),

    /// The workbook library refused the workbook `datei` (path in the month folder).
    #[error("Arbeitsmappe {datei} kann nicht erstellt werden")]
    ArbeitsmappeDatei {
        datei: String,
        #[source]
        ursache: rust_xlsxwriter::XlsxError,
    },

    /// The figures could not be computed (a defect of this program, not of the input).
    #[error("Interner Fehler bei der Berechnung der Kennzahlen")]
    Berechnung(#[from] polars::error::PolarsError),

    /// A figure query's result columns differ from the figure catalog (a defect of this
    /// program: `queries/` and `src/katalog.rs` were changed apart).
    #[error(
        "Interner Fehler: die Abfrage {abfrage} liefert die Kennzahlen „{spalten}“, der Katalog \
         (src/katalog.rs) erwartet „{katalog}“"
    )]
    KatalogAbweichung {
        abfrage: String,
        spalten: String,
        katalog: String,
    },

    /// A figure is not a finite number (a defect of this program: the rules' bounds keep every
    /// figure finite). Nothing is written.
    #[error("{meldung}")]
    NichtEndlich { meldung: String },

    /// `--strict` and at least one row was rejected. The outputs are written.
    #[error("{anzahl} Zeile(n) abgewiesen (--strict): Details in {pfad}")]
    Strikt { anzahl: u64, pfad: PathBuf },

    /// `--strict` and an export lacks an optional column. The outputs are written.
    #[error("optionale Spalten fehlen (--strict): {spalten}")]
    StriktSpalten { spalten: String },
}

impl Fehler {
    /// A workbook error with the file it concerns; any other error unchanged.
    pub fn mit_datei(self, datei: &str) -> Fehler {
        match self {
            Fehler::Arbeitsmappe(ursache) => Fehler::ArbeitsmappeDatei {
                datei: datei.to_string(),
                ursache,
            },
            andere => andere,
        }
    }

    /// Exit status for the shell: 2 = input or call unusable, 3 = `--strict` with rejects,
    /// 1 = output or internal failure.
    pub fn exit_status(&self) -> i32 {
        match self {
            Fehler::Strikt { .. } | Fehler::StriktSpalten { .. } => 3,
            Fehler::Ausgabe { .. }
            | Fehler::Zwischendatei { .. }
            | Fehler::Arbeitsmappe(_)
            | Fehler::ArbeitsmappeDatei { .. }
            | Fehler::Berechnung(_)
            | Fehler::KatalogAbweichung { .. }
            | Fehler::NichtEndlich { .. } => 1,
            _ => 2,
        }
    }
}

/// A value fit for a message: control characters (NUL, CR, ESC, …) shown as `�`, and cut
/// to `max` characters with a visible `…` — a whole file in a header line must not become a
/// 34 MB message, nor a NUL byte reach the terminal.
pub fn kurz(wert: &str, max: usize) -> String {
    let mut aus = String::with_capacity(wert.len().min(max * 4));
    for (i, c) in wert.chars().enumerate() {
        if i == max {
            aus.push('…');
            break;
        }
        aus.push(if c.is_control() { '\u{FFFD}' } else { c });
    }
    aus
}

/// How the message of a non-finite figure begins (`output::endlich`): a workbook error that
/// begins so is shown as it is.
pub const NICHT_ENDLICH: &str = "Interner Fehler: die Kennzahl";

/// German text for a cause in an error chain. Operating-system errors are named by their
/// error number, never in the C library's English; errors of the libraries (workbook,
/// figures) get a German sentence, their English detail only in the `--verbose` log.
pub fn ursache_text(e: &(dyn std::error::Error + 'static)) -> String {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return io_text(io);
    }
    if let Some(x) = e.downcast_ref::<rust_xlsxwriter::XlsxError>() {
        if let rust_xlsxwriter::XlsxError::ParameterError(t) = x {
            if t.starts_with(NICHT_ENDLICH) {
                return t.clone();
            }
        }
        tracing::debug!("rust_xlsxwriter: {x}");
        return "die Arbeitsmappe konnte nicht erzeugt werden (interner Fehler; Einzelheiten \
                mit --verbose)"
            .into();
    }
    if let Some(p) = e.downcast_ref::<polars::error::PolarsError>() {
        tracing::debug!("polars: {p}");
        return "interner Fehler der Kennzahlenberechnung (Einzelheiten mit --verbose)".into();
    }
    tracing::debug!("Ursache: {e}");
    "interner Fehler (Einzelheiten mit --verbose)".into()
}

/// German text for an operating-system error.
pub fn io_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let nummer = e.raw_os_error();
    let text = match nummer {
        Some(1) | Some(13) => "keine Berechtigung (Schreib- oder Leserechte prüfen)",
        Some(2) => "Datei oder Ordner nicht gefunden",
        Some(5) => "Ein-/Ausgabefehler des Datenträgers",
        Some(6) | Some(19) => "Gerät nicht vorhanden",
        Some(12) => "nicht genug Arbeitsspeicher",
        Some(16) => "Datei oder Ordner wird gerade benutzt",
        Some(17) => "Datei oder Ordner existiert bereits",
        Some(18) => "Verschieben zwischen verschiedenen Dateisystemen nicht möglich",
        Some(20) => "ein Teil des Pfads ist kein Ordner",
        Some(21) => "ist ein Ordner, erwartet wird eine Datei",
        Some(22) => "ungültiges Argument für das Dateisystem",
        Some(23) | Some(24) => "zu viele offene Dateien",
        Some(26) => "Datei wird gerade ausgeführt",
        Some(27) => "Datei zu groß",
        Some(28) => "Datenträger voll",
        Some(30) => "Dateisystem ist schreibgeschützt",
        Some(36) => "Datei- oder Pfadname zu lang",
        Some(37) => "Sperre nicht verfügbar",
        Some(38) | Some(95) => "vom Dateisystem nicht unterstützt",
        Some(39) => "Ordner ist nicht leer",
        Some(40) => "zu viele symbolische Verknüpfungen (Schleife?)",
        Some(110) => "Zeitüberschreitung",
        Some(116) => "Netzwerkdatei ist nicht mehr gültig (veraltetes NFS-Handle)",
        Some(122) => "Speicherkontingent überschritten",
        _ => match e.kind() {
            K::NotFound => "Datei oder Ordner nicht gefunden",
            K::PermissionDenied => "keine Berechtigung (Schreib- oder Leserechte prüfen)",
            K::AlreadyExists => "Datei oder Ordner existiert bereits",
            K::StorageFull => "Datenträger voll",
            K::ReadOnlyFilesystem => "Dateisystem ist schreibgeschützt",
            K::NotADirectory => "ein Teil des Pfads ist kein Ordner",
            K::IsADirectory => "ist ein Ordner, erwartet wird eine Datei",
            K::UnexpectedEof => "Datei endet unerwartet",
            K::InvalidData => "ungültige Daten",
            K::OutOfMemory => "nicht genug Arbeitsspeicher",
            K::Interrupted => "unterbrochen",
            _ => {
                tracing::debug!("Betriebssystem: {e}");
                return match nummer {
                    Some(n) => format!("Betriebssystemfehler Nr. {n}"),
                    None => "Ein-/Ausgabefehler (Einzelheiten mit --verbose)".into(),
                };
            }
        },
    };
    text.into()
}

/// Result alias used throughout the library.
pub type Ergebnis<T> = Result<T, Fehler>;

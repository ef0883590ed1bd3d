//! `protokoll.json`: the run record. Says which inputs (by SHA-256) and which rules produced
//! which outputs, and proves the reconciliation: every row read is accounted for.
//! Holds no timestamps or machine paths, so the same inputs give the same record.

use serde::Serialize;

use crate::auswertung::{Auswertung, KundenBilanz};
use crate::ingest::laufbuch::Laufbuch;
use crate::ingest::Eingabedatei;
use crate::pass::VermerkeBilanz;
use crate::rules::Fassung;

/// The record as written.
#[derive(Debug, Serialize)]
pub struct Protokoll<'a> {
    /// Month evaluated, `JJJJ-MM`.
    pub monat: String,
    /// Stichtag, ISO.
    pub stichtag: String,
    /// Version of the directive the rules implement.
    pub regeln: &'a str,
    /// Where the rules came from: `(eingebaut)` or the `--rules` path.
    pub regeln_quelle: &'a str,
    /// SHA-256 of the rules text applied.
    pub regeln_sha256: String,
    /// Version of this program.
    pub programmversion: &'static str,
    /// Every input file read.
    pub eingabedateien: &'a [Eingabedatei],
    /// The site's column names applied per export (`--spalten`): contract name → header.
    pub spaltenzuordnung: &'a crate::ingest::spalten::Spaltennamen,
    /// Every output file written beside this record.
    pub ausgabedateien: Vec<AusgabeEintrag>,
    /// Customer reconciliation.
    pub kunden: &'a KundenBilanz,
    /// Notes reconciliation.
    pub vermerke: &'a VermerkeBilanz,
    /// Appointments reconciliation (only when month M has a `termine.csv`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termine: Option<&'a crate::termintreue::TermineBilanz>,
    /// Rows listed in `abgewiesen.csv`.
    pub abgewiesen_gesamt: u64,
}

/// An output file and its fingerprint.
#[derive(Debug, Clone, Serialize)]
pub struct AusgabeEintrag {
    /// File name in the month folder.
    pub datei: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// SHA-256 of the rules text applied (hex), as the record and the audit workbook state it.
pub fn regeln_sha256(regeln_text: &str) -> String {
    use sha2::Digest;
    crate::ingest::hex(&sha2::Sha256::digest(regeln_text.as_bytes()))
}

/// Builds `protokoll.json` for the given outputs; the rules by source and hash ([`regeln_sha256`]).
pub fn protokoll_json(
    a: &Auswertung,
    buch: &Laufbuch,
    fassung: &Fassung,
    (regeln_quelle, regeln_sha256): (&str, &str),
    ausgaben: &[AusgabeEintrag],
) -> Vec<u8> {
    let p = Protokoll {
        monat: a.monat.to_string(),
        stichtag: a.stichtag.to_string(),
        regeln: &fassung.richtlinie.version,
        regeln_quelle,
        regeln_sha256: regeln_sha256.to_string(),
        programmversion: env!("CARGO_PKG_VERSION"),
        eingabedateien: &buch.eingaben,
        spaltenzuordnung: &a.spalten,
        ausgabedateien: ausgaben.to_vec(),
        kunden: &a.kunden,
        vermerke: &a.vermerke,
        termine: a.termine.as_ref().map(|t| &t.bilanz),
        abgewiesen_gesamt: buch.abweisungen.len(),
    };
    let mut json = serde_json::to_vec_pretty(&p).unwrap_or_default();
    json.push(b'\n');
    json
}

//! The extract cache: each notes extract, once parsed, is kept in columnar form so that a
//! re-run of a month — or of any later month that reads the same extract — does not parse the
//! CSV again.
//!
//! An entry holds everything the run needs of the file and nothing that depends on the run:
//! the valid notes grouped by customer (dates, note types, Kontaktart and author — not
//! classified), the rejected
//! rows, the row count, encoding and SHA-256 of the file. Which notes count, the Stichtag and
//! the population are applied afterwards, the same way for cached and freshly parsed extracts.
//!
//! An entry is found by the file's **content**: the SHA-256 of the bytes read in this run (with
//! SHA-NI about 2 GB/s, a tenth of what parsing costs), never by path, size or modification
//! time — a file corrected in place with its size and mtime kept gets its own entry, and the
//! run record's hash is always that of the bytes read now. Every entry ends with the SHA-256 of
//! its own bytes, checked on load: a flipped bit is a miss, never a changed figure. The folder
//! is plain files, safe to delete at any time; a damaged entry is ignored and rewritten.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use super::{hex, kennung, Eingabedatei, Kodierung};

const MAGIC: &[u8; 8] = b"BRVCACHE";
const VERSION: u32 = 4;

/// Extracts above this size are streamed without caching: holding all their notes grouped by
/// customer would cost more memory than the streaming scan.
pub const HOECHSTENS: u64 = 1 << 30;

/// One extract in columnar form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Auszug {
    /// The file's record entry (path relative to the input folder, SHA-256, rows, encoding).
    pub datei: Option<Eingabedatei>,
    /// Rejected rows: line, reason, raw line.
    pub abweisungen: Vec<(u64, String, String)>,
    /// Distinct note types (trimmed, as written).
    pub typen: Vec<String>,
    /// Distinct Kundennummern in order of first appearance (one allocation for all: a monthly
    /// extract has about one note per customer).
    pub kunden: kennung::Nummernliste,
    /// Notes of `kunden[i]` are `grenzen[i]..grenzen[i + 1]`.
    pub grenzen: Vec<u64>,
    /// Note dates, days since 01.01.0001.
    pub daten: Vec<i32>,
    /// Note types, index into `typen` (u32: an export may hold any number of distinct types).
    pub typ: Vec<u32>,
    /// Distinct (Kontaktart, Ersteller) pairs, each written `Kontaktart\u{1f}Ersteller`, in
    /// name order: what the conversation figures need, kept apart from the note type so the
    /// type table stays small.
    pub kontaktpaare: Vec<String>,
    /// Per note: index into `kontaktpaare`.
    pub kontaktpaar: Vec<u32>,
}

impl Auszug {
    /// Number of distinct customers.
    pub fn anzahl_kunden(&self) -> usize {
        self.kunden.len()
    }

    /// Kundennummer of customer `i`.
    pub fn kunde(&self, i: usize) -> &str {
        self.kunden.get(i)
    }

    /// Kontaktart and Ersteller of note `j`.
    pub fn kontakt(&self, j: usize) -> (&str, &str) {
        self.kontaktpaare
            .get(self.kontaktpaar[j] as usize)
            .and_then(|z| z.split_once(TRENNER))
            .unwrap_or(("", ""))
    }

    /// Date of note `j`.
    pub fn datum(&self, j: usize) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(self.daten[j])
    }
}

/// Separates Kontaktart and Ersteller in a `kontaktpaare` entry (a control character: rows holding
/// one are rejected at ingest, so it cannot occur in either value).
const TRENNER: char = '\u{1f}';

/// Collects the valid notes of one scanner thread: flat columns in file order and a local
/// customer dictionary keyed by the inline Kundennummer (no pointer chase per note).
#[derive(Debug, Default)]
pub struct Sammler {
    kurz: HashMap<u128, u32, foldhash::fast::RandomState>,
    lang: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
    /// Local id → Kundennummer: inline keys need no allocation per new customer.
    namen: Vec<Name>,
    typen: Vec<Box<str>>,
    typ_ids: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
    /// Id of the last note type: consecutive notes often share it.
    letzter_typ: Option<u32>,
    kunde: Vec<u32>,
    daten: Vec<i32>,
    typ: Vec<u32>,
    paar_ids: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
    kontaktpaare: Vec<Box<str>>,
    kontaktpaar: Vec<u32>,
    /// Id of the last (Kontaktart, Ersteller) pair: consecutive notes often share it, and
    /// then need no hash lookup.
    letzter: Option<u32>,
    /// The key being looked up, reused for every note (no allocation per note).
    puffer: String,
}

#[derive(Debug, Clone)]
enum Name {
    Kurz(u128),
    Lang(Box<str>),
}

impl Sammler {
    fn kennung(&mut self, kundennummer: &str) -> u32 {
        match kennung::inline(kundennummer) {
            Some(k) => self.kennung_kurz(k),
            None => {
                let neu = self.namen.len() as u32;
                let id = *self.lang.entry(kundennummer.into()).or_insert(neu);
                if id == neu {
                    self.namen.push(Name::Lang(kundennummer.into()));
                }
                id
            }
        }
    }

    fn kennung_kurz(&mut self, k: u128) -> u32 {
        let neu = self.namen.len() as u32;
        let id = *self.kurz.entry(k).or_insert(neu);
        if id == neu {
            self.namen.push(Name::Kurz(k));
        }
        id
    }

    fn typ_id(&mut self, typ: &str) -> u32 {
        if let Some(t) = self
            .letzter_typ
            .filter(|t| *self.typen[*t as usize] == *typ)
        {
            return t;
        }
        let t = match self.typ_ids.get(typ) {
            Some(t) => *t,
            None => {
                let t = self.typen.len() as u32;
                self.typen.push(typ.into());
                self.typ_ids.insert(typ.into(), t);
                t
            }
        };
        self.letzter_typ = Some(t);
        t
    }

    fn paar_schluessel(&mut self, schluessel: &str) -> u32 {
        if let Some(id) = self.paar_ids.get(schluessel) {
            return *id;
        }
        let id = self.kontaktpaare.len() as u32;
        self.kontaktpaare.push(schluessel.into());
        self.paar_ids.insert(schluessel.into(), id);
        id
    }

    fn paar_id(&mut self, kontaktart: &str, ersteller: &str) -> u32 {
        let mut puffer = std::mem::take(&mut self.puffer);
        puffer.clear();
        puffer.push_str(kontaktart);
        puffer.push(TRENNER);
        puffer.push_str(ersteller);
        let id = match self.letzter {
            Some(id) if *self.kontaktpaare[id as usize] == *puffer => id,
            _ => self.paar_schluessel(&puffer),
        };
        self.puffer = puffer;
        self.letzter = Some(id);
        id
    }

    /// Adds one valid note.
    pub fn hinzu(
        &mut self,
        kundennummer: &str,
        datum: NaiveDate,
        typ: &str,
        kontaktart: &str,
        ersteller: &str,
    ) {
        let k = self.kennung(kundennummer);
        let t = self.typ_id(typ);
        let z = self.paar_id(kontaktart, ersteller);
        self.kunde.push(k);
        self.daten.push(datum.num_days_from_ce());
        self.typ.push(t);
        self.kontaktpaar.push(z);
    }

    /// Merges another thread's notes into this one.
    pub fn vereinen(&mut self, andere: Sammler) {
        let kunden: Vec<u32> = andere
            .namen
            .iter()
            .map(|n| match n {
                Name::Kurz(k) => self.kennung_kurz(*k),
                Name::Lang(s) => self.kennung(s),
            })
            .collect();
        let typen: Vec<u32> = andere.typen.iter().map(|t| self.typ_id(t)).collect();
        let kontaktpaare: Vec<u32> = andere
            .kontaktpaare
            .iter()
            .map(|z| self.paar_schluessel(z))
            .collect();
        self.kontaktpaar
            .extend(andere.kontaktpaar.iter().map(|z| kontaktpaare[*z as usize]));
        self.kunde
            .extend(andere.kunde.iter().map(|k| kunden[*k as usize]));
        self.typ
            .extend(andere.typ.iter().map(|t| typen[*t as usize]));
        self.daten.extend(andere.daten);
    }

    /// The columnar form: customers in order of first appearance, type ids in name order,
    /// each customer's notes in file order (chunks and their merge order are fixed by the file,
    /// so equal inputs give equal bytes).
    pub fn auszug(self, datei: Eingabedatei, abweisungen: Vec<(u64, String, String)>) -> Auszug {
        let n = self.namen.len();
        let mut typreihe: Vec<usize> = (0..self.typen.len()).collect();
        typreihe.sort_by(|a, b| self.typen[*a].cmp(&self.typen[*b]));
        let mut typrang = vec![0u32; typreihe.len()];
        for (r, t) in typreihe.iter().enumerate() {
            typrang[*t] = r as u32;
        }
        let mut paarreihe: Vec<usize> = (0..self.kontaktpaare.len()).collect();
        paarreihe.sort_by(|a, b| self.kontaktpaare[*a].cmp(&self.kontaktpaare[*b]));
        let mut paarrang = vec![0u32; paarreihe.len()];
        for (r, z) in paarreihe.iter().enumerate() {
            paarrang[*z] = r as u32;
        }
        // Counting sort of the notes by customer id (= order of first appearance).
        let mut grenzen = vec![0u64; n + 1];
        for k in &self.kunde {
            grenzen[*k as usize + 1] += 1;
        }
        for i in 1..grenzen.len() {
            grenzen[i] += grenzen[i - 1];
        }
        let mut platz: Vec<u64> = grenzen[..n].to_vec();
        let mut daten = vec![0i32; self.kunde.len()];
        let mut typ = vec![0u32; self.kunde.len()];
        let mut kontaktpaar = vec![0u32; self.kunde.len()];
        for (((k, d), t), z) in self
            .kunde
            .iter()
            .zip(&self.daten)
            .zip(&self.typ)
            .zip(&self.kontaktpaar)
        {
            let p = &mut platz[*k as usize];
            daten[*p as usize] = *d;
            typ[*p as usize] = typrang[*t as usize];
            kontaktpaar[*p as usize] = paarrang[*z as usize];
            *p += 1;
        }
        let mut kunden = kennung::Nummernliste {
            text: String::with_capacity(n * 12),
            ende: Vec::with_capacity(n),
        };
        for name in &self.namen {
            match name {
                Name::Kurz(k) => kunden.push_inline(*k),
                Name::Lang(s) => kunden.push(s),
            }
        }
        Auszug {
            datei: Some(datei),
            abweisungen,
            typen: typreihe
                .iter()
                .map(|i| self.typen[*i].to_string())
                .collect(),
            kunden,
            grenzen,
            daten,
            typ,
            kontaktpaare: paarreihe
                .iter()
                .map(|i| self.kontaktpaare[*i].to_string())
                .collect(),
            kontaktpaar,
        }
    }
}

/// The content key of a file for the cache: the SHA-256 of its bytes as read now. `None` when the file cannot be read (the run's reader then says why).
pub fn schluessel(pfad: &Path) -> Option<String> {
    use std::io::Read;
    let mut datei = std::fs::File::open(pfad).ok()?;
    let mut hasher = Sha256::new();
    let mut puffer = vec![0u8; 1 << 20];
    loop {
        match datei.read(&mut puffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&puffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(format!("sha256:{}", hex(&hasher.finalize())))
}

/// The SHA-256 a content key names.
pub fn schluessel_sha256(schluessel: &str) -> Option<&str> {
    schluessel.strip_prefix("sha256:")
}

fn eintrag_pfad(ordner: &Path, schluessel: &str) -> PathBuf {
    ordner.join(format!(
        "{}.bin",
        &hex(&Sha256::digest(schluessel.as_bytes()))[..32]
    ))
}

/// Loads the entry for the content key `schluessel`, if there is a valid one. The record entry
/// it returns names `anzeige` and the hash of the key: the bytes read in this run.
pub fn laden(ordner: &Path, schluessel: &str, anzeige: &str) -> Option<Auszug> {
    let mut a = lesen(&eintrag_lesen(ordner, schluessel)?, schluessel)?;
    let d = a.datei.as_mut()?;
    d.pfad = anzeige.to_string();
    d.sha256 = schluessel_sha256(schluessel)?.to_string();
    Some(a)
}

/// Stores `auszug` under the content key of the bytes it was parsed from (written to a
/// temporary file and renamed: never half an entry).
pub fn speichern(ordner: &Path, auszug: &Auszug) -> std::io::Result<()> {
    let Some(d) = auszug.datei.as_ref() else {
        return Ok(());
    };
    let schluessel = format!("sha256:{}", d.sha256);
    eintrag_schreiben(ordner, &schluessel, &schreiben(auszug, &schluessel))
}

/// The bytes of the cache entry for `schluessel`, if there is one (other caches of the run,
/// e.g. the trend's customer stocks, share folder and file handling).
/// The entry's trailing SHA-256 of its own bytes is checked here: a damaged entry is a miss.
pub(crate) fn eintrag_lesen(ordner: &Path, schluessel: &str) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(eintrag_pfad(ordner, schluessel)).ok()?;
    let inhalt = bytes.len().checked_sub(32)?;
    if Sha256::digest(&bytes[..inhalt])[..] != bytes[inhalt..] {
        tracing::debug!("Zwischenspeicher: beschädigter Eintrag für {schluessel} verworfen");
        return None;
    }
    bytes.truncate(inhalt);
    Some(bytes)
}

/// Stores an entry: written to a temporary file and renamed, never half an entry.
pub(crate) fn eintrag_schreiben(
    ordner: &Path,
    schluessel: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    std::fs::create_dir_all(ordner)?;
    let ziel = eintrag_pfad(ordner, schluessel);
    // Unique across PID namespaces (two containers may both be PID 1): pid and clock.
    let nano = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let tmp = ziel.with_extension(format!("tmp-{}-{nano:x}", std::process::id()));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    w.write_all(bytes)?;
    w.write_all(&Sha256::digest(bytes))?;
    // No fsync: an entry torn by a crash fails validation on load and is simply rebuilt.
    w.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&tmp, &ziel)
}

/// Removes temporary files of writers that are gone (a run killed while storing an entry):
/// those untouched for an hour. Not by process id: `/proc` shows only this PID namespace, and
/// a live writer in another container would lose its file.
pub fn aufraeumen(ordner: &Path) {
    let Ok(eintraege) = std::fs::read_dir(ordner) else {
        return;
    };
    let grenze = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for e in eintraege.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let eigen = name.split_once(".tmp-").is_some_and(|(hash, _)| {
            hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        });
        let alt = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < grenze);
        if eigen && alt && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Appends a length-prefixed text.
pub(crate) fn text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn schreiben(a: &Auszug, schluessel: &str) -> Vec<u8> {
    let mut o =
        Vec::with_capacity(64 + a.daten.len() * 10 + a.kunden.text.len() + a.kunden.len() * 12);
    o.extend_from_slice(MAGIC);
    o.extend_from_slice(&VERSION.to_le_bytes());
    text(&mut o, schluessel);
    let d = a.datei.clone().unwrap_or(Eingabedatei {
        pfad: String::new(),
        sha256: String::new(),
        zeilen: 0,
        kodierung: Kodierung::Utf8,
        fehlende_spalten: Vec::new(),
    });
    eingabedatei(&mut o, &d);
    o.extend_from_slice(&(a.abweisungen.len() as u64).to_le_bytes());
    for (z, g, r) in &a.abweisungen {
        o.extend_from_slice(&z.to_le_bytes());
        text(&mut o, g);
        text(&mut o, r);
    }
    o.extend_from_slice(&(a.typen.len() as u64).to_le_bytes());
    for t in &a.typen {
        text(&mut o, t);
    }
    nummern(&mut o, &a.kunden);
    for g in &a.grenzen {
        o.extend_from_slice(&g.to_le_bytes());
    }
    o.extend_from_slice(&(a.daten.len() as u64).to_le_bytes());
    for d in &a.daten {
        o.extend_from_slice(&d.to_le_bytes());
    }
    for t in &a.typ {
        o.extend_from_slice(&t.to_le_bytes());
    }
    o.extend_from_slice(&(a.kontaktpaare.len() as u64).to_le_bytes());
    for z in &a.kontaktpaare {
        text(&mut o, z);
    }
    for z in &a.kontaktpaar {
        o.extend_from_slice(&z.to_le_bytes());
    }
    o
}

/// Appends a list of Kundennummern: the text, the count, the ends.
pub(crate) fn nummern(o: &mut Vec<u8>, n: &kennung::Nummernliste) {
    text(o, &n.text);
    o.extend_from_slice(&(n.len() as u64).to_le_bytes());
    for e in &n.ende {
        o.extend_from_slice(&e.to_le_bytes());
    }
}

/// Appends a file's record entry.
pub(crate) fn eingabedatei(o: &mut Vec<u8>, d: &Eingabedatei) {
    text(o, &d.pfad);
    text(o, &d.sha256);
    o.extend_from_slice(&d.zeilen.to_le_bytes());
    o.push(match d.kodierung {
        Kodierung::Utf8 => 0,
        Kodierung::Utf8Bom => 1,
        Kodierung::Windows1252 => 2,
        Kodierung::Gemischt => 3,
    });
    o.extend_from_slice(&(d.fehlende_spalten.len() as u64).to_le_bytes());
    for f in &d.fehlende_spalten {
        text(o, &f.spalte);
        text(o, &f.folge);
    }
}

/// A bounds-checked reader: a damaged entry yields `None`, never a panic.
pub(crate) struct Leser<'a>(pub(crate) &'a [u8]);

impl<'a> Leser<'a> {
    /// A list of Kundennummern, as [`nummern`] wrote it (validated).
    pub(crate) fn nummern(&mut self) -> Option<kennung::Nummernliste> {
        let text = self.text()?;
        let n = self.anzahl(4)?;
        let ende = self
            .bytes(n * 4)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let liste = kennung::Nummernliste { text, ende };
        liste.gueltig().then_some(liste)
    }

    /// A file's record entry, as [`eingabedatei`] wrote it.
    pub(crate) fn eingabedatei(&mut self) -> Option<Eingabedatei> {
        let pfad = self.text()?;
        let sha256 = self.text()?;
        let zeilen = self.u64()?;
        let kodierung = match self.bytes(1)?[0] {
            0 => Kodierung::Utf8,
            1 => Kodierung::Utf8Bom,
            2 => Kodierung::Windows1252,
            3 => Kodierung::Gemischt,
            _ => return None,
        };
        let mut fehlende_spalten = Vec::new();
        for _ in 0..self.anzahl(8)? {
            fehlende_spalten.push(super::FehlendeSpalte {
                spalte: self.text()?,
                folge: self.text()?,
            });
        }
        Some(Eingabedatei {
            pfad,
            sha256,
            zeilen,
            kodierung,
            fehlende_spalten,
        })
    }
    pub(crate) fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }
    pub(crate) fn text(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.bytes(n)?.to_vec()).ok()
    }
    pub(crate) fn anzahl(&mut self, groesse: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        // Refuse counts the remaining bytes cannot hold (damaged entry).
        (n.checked_mul(groesse)? <= self.0.len()).then_some(n)
    }
}

fn lesen(bytes: &[u8], schluessel: &str) -> Option<Auszug> {
    let mut l = Leser(bytes);
    if l.bytes(8)? != MAGIC || l.u32()? != VERSION || l.text()? != schluessel {
        return None;
    }
    let mut a = Auszug {
        datei: Some(l.eingabedatei()?),
        ..Default::default()
    };
    for _ in 0..l.anzahl(16)? {
        a.abweisungen.push((l.u64()?, l.text()?, l.text()?));
    }
    for _ in 0..l.anzahl(4)? {
        a.typen.push(l.text()?);
    }
    a.kunden = l.nummern()?;
    let n = a.kunden.len();
    for _ in 0..=n {
        a.grenzen.push(l.u64()?);
    }
    let m = l.anzahl(12)?;
    let daten = l.bytes(m * 4)?;
    a.daten = daten
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    a.typ = l
        .bytes(m * 4)?
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    for _ in 0..l.anzahl(4)? {
        a.kontaktpaare.push(l.text()?);
    }
    a.kontaktpaar = l
        .bytes(m * 4)?
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    // Consistency: offsets ascending and within the notes, type ids within the types.
    let ok = l.0.is_empty()
        && a.grenzen.first() == Some(&0)
        && a.grenzen.last() == Some(&(m as u64))
        && a.grenzen.windows(2).all(|w| w[0] <= w[1])
        && a.typ.iter().all(|t| (*t as usize) < a.typen.len())
        && a.kontaktpaar
            .iter()
            .all(|z| (*z as usize) < a.kontaktpaare.len());
    ok.then_some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beispiel() -> Auszug {
        let mut s = Sammler::default();
        let d = |t: i64| NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(t);
        s.hinzu("B", d(3), "Telefonvermerk", "Telefon", "IFK1");
        s.hinzu("A", d(1), "Beratungsvermerk", "Persönlich", "IFK2");
        let mut s2 = Sammler::default();
        s2.hinzu("A", d(0), "Fallmanagement", "Video", "IFK2");
        s2.hinzu("C", d(2), "Beratungsvermerk", "Persönlich", "IFK2");
        s.vereinen(s2);
        let datei = Eingabedatei {
            pfad: "2025-01/vermerke.csv".into(),
            sha256: "ab".into(),
            zeilen: 5,
            kodierung: Kodierung::Windows1252,
            fehlende_spalten: vec![super::super::FehlendeSpalte {
                spalte: "Kontaktart".into(),
                folge: "ohne".into(),
            }],
        };
        s.auszug(datei, vec![(4, "Kundennummer fehlt".into(), ";x;y".into())])
    }

    #[test]
    fn grouped_sorted_and_round_trips() {
        let a = beispiel();
        let kunden: Vec<&str> = (0..a.anzahl_kunden()).map(|i| a.kunde(i)).collect();
        assert_eq!(kunden, ["B", "A", "C"], "order of first appearance");
        assert_eq!(
            a.typen,
            ["Beratungsvermerk", "Fallmanagement", "Telefonvermerk"]
        );
        assert_eq!(a.grenzen, [0, 1, 3, 4]);
        assert_eq!(
            a.typ,
            [2, 0, 1, 0],
            "B; then A in merge order: Beratungsvermerk (day 1), Fallmanagement (day 0); C"
        );
        assert_eq!(a.datum(2), NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(
            (0..4).map(|j| a.kontakt(j)).collect::<Vec<_>>(),
            [
                ("Telefon", "IFK1"),
                ("Persönlich", "IFK2"),
                ("Video", "IFK2"),
                ("Persönlich", "IFK2")
            ]
        );
        let bytes = schreiben(&a, "k");
        assert_eq!(lesen(&bytes, "k"), Some(a.clone()));
        assert_eq!(lesen(&bytes, "anderer Schlüssel"), None);
        for n in [0, 7, 20, bytes.len() - 1] {
            assert_eq!(lesen(&bytes[..n], "k"), None, "truncated at {n}");
        }
        let mut kaputt = bytes.clone();
        let l = kaputt.len();
        kaputt[l - 1] = 0xFF; // Kontaktart id out of range
        assert_eq!(lesen(&kaputt, "k"), None);
    }

    #[test]
    fn entries_are_found_by_content_and_verified() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("vermerke.csv");
        std::fs::write(&f, "x").unwrap();
        let cache = dir.path().join("cache");
        let schl = schluessel(&f).unwrap();
        // SHA-256 of "x", computed independently (sha256sum).
        let x = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
        assert_eq!(schl, format!("sha256:{x}"));
        let mut a = beispiel();
        a.datei.as_mut().unwrap().sha256 = x.into();
        speichern(&cache, &a).unwrap();
        // Found under another path name too; the record names the path read now.
        let geladen = laden(&cache, &schl, "2025-02/vermerke.csv").unwrap();
        assert_eq!(geladen.datei.as_ref().unwrap().pfad, "2025-02/vermerke.csv");
        assert_eq!(geladen.daten, a.daten);
        // Same size, same mtime, other content: another key, a miss.
        let mtime = std::fs::metadata(&f).unwrap().modified().unwrap();
        std::fs::write(&f, "y").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&f)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let neu = schluessel(&f).unwrap();
        assert_ne!(neu, schl);
        assert!(laden(&cache, &neu, "x").is_none(), "a changed file misses");
        // Every single flipped byte of the entry is noticed.
        let eintrag = eintrag_pfad(&cache, &schl);
        let gut = std::fs::read(&eintrag).unwrap();
        for i in (0..gut.len()).step_by(7) {
            let mut b = gut.clone();
            b[i] ^= 0x10;
            std::fs::write(&eintrag, &b).unwrap();
            assert!(
                laden(&cache, &schl, "x").is_none(),
                "flipped byte {i} accepted"
            );
        }
    }
}

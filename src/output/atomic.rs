//! Publishing a month's outputs atomically (SPEC §5).
//!
//! All files are written and synced into a hidden staging folder beside the target
//! (`OUT/.JJJJ-MM.neu-<pid>-<nonce>`), which is then swapped with `OUT/JJJJ-MM` in one
//! `renameat2(RENAME_EXCHANGE)` call; the old outputs end up in the staging folder and are
//! removed. A run killed at any point leaves the previous month folder whole: before the swap
//! it is untouched, after the swap it is the new one.
//!
//! Ownership does not depend on process ids (two containers may both be PID 1, and `/proc`
//! shows only one PID namespace): a run holds an exclusive `flock` on `OUT/.beratungsreport.sperre`
//! from creating its staging folder until the swap is done. Whoever holds the lock therefore
//! knows that every other staging folder in `OUT` belongs to a run that died, and removes it —
//! for every month, so customer data left by a killed run lives only until the next run into
//! the same output folder. Concurrent runs into one output folder publish one after the other.
//!
//! Nothing is removed that a run did not write: a staging folder is removed whole only when it
//! carries the marker file written first into it; an old month folder (after the swap, or
//! left behind by a run killed right after it) loses only the files its own `protokoll.json`
//! lists. A target month folder holding anything else is refused before anything is touched
//! ([`fremde_dateien`]).

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rustix::fs::{renameat_with, RenameFlags, CWD};

use sha2::{Digest, Sha256};

use super::record::AusgabeEintrag;
#[cfg(test)]
use super::Ausgabedatei;
use crate::error::{Ergebnis, Fehler};

/// The lock file in the output folder (empty; kept, so that no run ever races on its removal).
pub const SPERRDATEI: &str = ".beratungsreport.sperre";
/// Written first into every staging folder: proves the folder and all in it are ours.
const MARKE: &str = ".beratungsreport-staging";
/// Files a run writes into a month folder besides those listed in its record.
const STETS_EIGEN: [&str; 2] = ["protokoll.json", "laufzeiten.json"];

fn ausgabefehler(pfad: &Path) -> impl FnOnce(std::io::Error) -> Fehler + '_ {
    move |ursache| Fehler::Ausgabe {
        pfad: pfad.to_path_buf(),
        ursache,
    }
}

/// A month folder being written: files go into a hidden staging folder beside the target
/// and become visible together with [`Staging::abschliessen`]. Dropped without that (an
/// error on the way), the staging folder is removed and the previous outputs stay.
pub struct Staging {
    ziel: PathBuf,
    eltern: PathBuf,
    ordner: PathBuf,
    fertig: bool,
    /// Files written and not yet synced: synced together before the swap.
    offen: std::cell::RefCell<Vec<(PathBuf, fs::File)>>,
    /// The output folder's lock, held until the staging folder is gone.
    _sperre: fs::File,
}

/// Hashes what passes through, so a streamed output's SHA-256 is known when it is written.
struct Hashend<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashend<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Staging {
    /// Takes the output folder's lock, refuses a target holding files no run wrote, removes
    /// the staging folders of killed runs and creates this run's staging folder for `ziel`
    /// (e.g. `reports/2026-10`).
    pub fn beginnen(ziel: &Path) -> Ergebnis<Staging> {
        let eltern = ziel
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = ziel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        fs::create_dir_all(&eltern).map_err(ausgabefehler(&eltern))?;
        let sperre = sperren(&eltern)?;
        // Checked again under the lock: another run may have changed the folder meanwhile.
        ziel_pruefen(ziel)?;
        aufraeumen(&eltern);
        let ordner = neuer_ordner(&eltern, &name)?;
        let staging = Staging {
            ziel: ziel.to_path_buf(),
            eltern,
            ordner,
            fertig: false,
            offen: Default::default(),
            _sperre: sperre,
        };
        fs::write(staging.ordner.join(MARKE), b"").map_err(ausgabefehler(&staging.ordner))?;
        Ok(staging)
    }

    /// Writes one file from memory; returns its record entry.
    pub fn datei(&self, name: &str, inhalt: &[u8]) -> Ergebnis<AusgabeEintrag> {
        self.streamen(name, |w| w.write_all(inhalt))
    }

    /// Writes one file through `schreiben` without holding it in memory; returns its record
    /// entry with the SHA-256 of what was written.
    pub fn streamen(
        &self,
        name: &str,
        schreiben: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Ergebnis<AusgabeEintrag> {
        let pfad = self.ordner.join(name);
        let fehler = ausgabefehler(&pfad);
        let ergebnis = (|| {
            if let Some(eltern) = pfad.parent() {
                fs::create_dir_all(eltern)?;
            }
            let f = fs::File::create(&pfad)?;
            let mut w = Hashend {
                inner: std::io::BufWriter::with_capacity(1 << 20, f),
                hasher: Sha256::new(),
            };
            schreiben(&mut w)?;
            w.flush()?;
            let sha = crate::ingest::hex(&w.hasher.finalize());
            let f = w.inner.into_inner().map_err(|e| e.into_error())?;
            self.offen.borrow_mut().push((pfad.clone(), f));
            Ok(sha)
        })();
        ergebnis.map_err(fehler).map(|sha256| AusgabeEintrag {
            datei: name.to_string(),
            sha256,
        })
    }

    /// Makes the written files the month folder, in one atomic step — after every file is on
    /// disk. The files are synced here, all at once on several threads, not one by one as
    /// written: with a distribution's dozens of workbooks, waiting for each sync in turn
    /// cost more than building them. A failing sync (disk full) fails the run before the swap.
    pub fn abschliessen(mut self) -> Ergebnis<()> {
        let offen = self.offen.take();
        let synchron = crate::parallel::geordnet(&offen, 8, |(pfad, f)| {
            f.sync_all().map_err(|ursache| Fehler::Ausgabe {
                pfad: pfad.clone(),
                ursache,
            })
        });
        synchron.into_iter().collect::<Ergebnis<Vec<()>>>()?;
        let unterordner: BTreeSet<&Path> = offen
            .iter()
            .filter_map(|(p, _)| p.parent())
            .filter(|p| *p != self.ordner)
            .collect();
        for u in unterordner {
            sync_dir(u);
        }
        // The marker must not be published; from here on a leftover of this folder is
        // recognised by its protokoll.json, which lists every file in it.
        fs::remove_file(self.ordner.join(MARKE)).map_err(ausgabefehler(&self.ordner))?;
        sync_dir(&self.ordner);
        haltepunkt("tauschen");
        let r = tauschen(&self.ordner, &self.ziel);
        haltepunkt("nach_tausch");
        if r.is_ok() {
            // The staging path now holds the previous outputs (or nothing).
            eigene_entfernen(&self.ordner);
            self.fertig = true;
        }
        sync_dir(&self.eltern);
        r
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.fertig {
            // Created by this run with create_dir, so everything in it is this run's.
            let _ = fs::remove_dir_all(&self.ordner);
        }
    }
}

/// Test hook: with `BERATUNGSREPORT_HALT=<name>` the run says „Haltepunkt <name>“ on stderr
/// and waits a minute at that point, so that a test can kill it exactly there (`schreiben`:
/// some outputs written; `tauschen`: all written and synced, before the swap; `nach_tausch`:
/// swapped, the old outputs not yet removed). Without the variable it does nothing.
pub fn haltepunkt(name: &str) {
    if std::env::var_os("BERATUNGSREPORT_HALT").is_some_and(|v| v == name) {
        eprintln!("Haltepunkt {name}");
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// Writes `dateien` as the complete content of `ziel` (the tests' way of publishing; a run
/// writes into its `Staging` as it goes).
#[cfg(test)]
fn veroeffentlichen(ziel: &Path, dateien: &[Ausgabedatei]) -> Ergebnis<()> {
    let staging = Staging::beginnen(ziel)?;
    for d in dateien {
        staging.datei(&d.name, &d.inhalt)?;
    }
    staging.abschliessen()
}

/// Takes the exclusive lock of the output folder, waiting for a run that holds it.
fn sperren(eltern: &Path) -> Ergebnis<fs::File> {
    let pfad = eltern.join(SPERRDATEI);
    let f = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&pfad)
        .map_err(ausgabefehler(&pfad))?;
    match f.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            tracing::info!(
                "Ein anderer Lauf schreibt gerade nach {}: warte, bis er fertig ist",
                eltern.display()
            );
            f.lock().map_err(ausgabefehler(&pfad))?;
        }
        Err(fs::TryLockError::Error(e)) => return Err(ausgabefehler(&pfad)(e)),
    }
    Ok(f)
}

/// Creates a staging folder whose name no other run, in any PID namespace, can have.
fn neuer_ordner(eltern: &Path, name: &str) -> Ergebnis<PathBuf> {
    let nano = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    for versuch in 0u32.. {
        let ordner = eltern.join(format!(
            ".{name}.neu-{}-{nano:x}{versuch}",
            std::process::id()
        ));
        match fs::create_dir(&ordner) {
            Ok(()) => return Ok(ordner),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && versuch < 100 => {}
            Err(e) => return Err(ausgabefehler(&ordner)(e)),
        }
    }
    unreachable!("the loop returns")
}

/// Refuses a target month folder that is not a folder or holds files no run wrote: they
/// would be removed with the previous outputs.
pub fn ziel_pruefen(ziel: &Path) -> Ergebnis<()> {
    let fremde = fremde_dateien(ziel).map_err(ausgabefehler(ziel))?;
    match fremde.first() {
        None => Ok(()),
        Some(erste) => Err(Fehler::AusgabeFremd {
            pfad: ziel.to_path_buf(),
            anzahl: fremde.len(),
            beispiel: erste.display().to_string(),
        }),
    }
}

/// The entries of `ordner` (relative paths) that no run of this program wrote there: every
/// file not listed in its `protokoll.json`. A target that exists but is no folder (a file, a
/// symbolic link) is itself foreign (`.`). A missing folder has none.
pub fn fremde_dateien(ordner: &Path) -> std::io::Result<Vec<PathBuf>> {
    let meta = match fs::symlink_metadata(ordner) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Ok(vec![PathBuf::from(".")]);
    }
    let eigen = eigene_namen(ordner);
    let mut fremde = Vec::new();
    let mut offen = vec![PathBuf::new()];
    while let Some(rel) = offen.pop() {
        let mut eintraege: Vec<_> =
            fs::read_dir(ordner.join(&rel))?.collect::<std::io::Result<Vec<_>>>()?;
        eintraege.sort_by_key(|e| e.file_name());
        for e in eintraege {
            let r = rel.join(e.file_name());
            if e.file_type()?.is_dir() {
                offen.push(r);
            } else if !eigen.contains(&r) {
                fremde.push(r);
            }
        }
    }
    fremde.sort();
    Ok(fremde)
}

/// The relative paths a run wrote into `ordner`, read from its `protokoll.json`.
fn eigene_namen(ordner: &Path) -> BTreeSet<PathBuf> {
    let mut namen: BTreeSet<PathBuf> = STETS_EIGEN.iter().map(PathBuf::from).collect();
    let protokoll = fs::read(ordner.join("protokoll.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    let Some(protokoll) = protokoll else {
        // Without a record nothing in the folder is provably ours.
        return BTreeSet::new();
    };
    if let Some(liste) = protokoll["ausgabedateien"].as_array() {
        for d in liste.iter().filter_map(|d| d["datei"].as_str()) {
            let p = PathBuf::from(d);
            // Only plain relative names: a forged record must not reach outside the folder.
            if p.components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
            {
                namen.insert(p);
            }
        }
    }
    namen
}

/// Removes from `ordner` exactly the files a run wrote there (its record's list), then the
/// folders left empty. Anything else stays, with a warning naming where.
fn eigene_entfernen(ordner: &Path) {
    if fs::symlink_metadata(ordner).is_err() {
        return;
    }
    for rel in eigene_namen(ordner) {
        // protokoll.json last: it is what proves the others ours.
        if rel != Path::new("protokoll.json") {
            let _ = fs::remove_file(ordner.join(&rel));
        }
    }
    let _ = fs::remove_file(ordner.join("protokoll.json"));
    leere_ordner_entfernen(ordner);
    if ordner.exists() {
        tracing::warn!(
            "{} enthält Dateien, die nicht von beratungsreport stammen; sie wurden nicht gelöscht",
            ordner.display()
        );
    }
}

/// Removes `ordner` and its subfolders where they are empty (bottom-up; `remove_dir` never
/// removes a folder with content).
fn leere_ordner_entfernen(ordner: &Path) {
    if let Ok(eintraege) = fs::read_dir(ordner) {
        for e in eintraege.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                leere_ordner_entfernen(&e.path());
            }
        }
    }
    let _ = fs::remove_dir(ordner);
}

/// Moves `staging` to `ziel`; if `ziel` exists, exchanges the two atomically.
fn tauschen(staging: &Path, ziel: &Path) -> Ergebnis<()> {
    match renameat_with(CWD, staging, CWD, ziel, RenameFlags::NOREPLACE) {
        Ok(()) => return Ok(()),
        Err(e) if e == rustix::io::Errno::EXIST || e == rustix::io::Errno::NOTEMPTY => {}
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
            return ersatz_tausch(staging, ziel);
        }
        Err(e) => return Err(ausgabefehler(ziel)(e.into())),
    }
    if !fs::symlink_metadata(ziel).is_ok_and(|m| m.is_dir()) {
        return Err(ausgabefehler(ziel)(std::io::Error::from(
            std::io::ErrorKind::NotADirectory,
        )));
    }
    match renameat_with(CWD, staging, CWD, ziel, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
            ersatz_tausch(staging, ziel)
        }
        Err(e) => Err(ausgabefehler(ziel)(e.into())),
    }
}

/// For file systems without `renameat2` flags: move the old folder aside, move the new one in.
/// There is a moment without the folder, but never a half-written one.
fn ersatz_tausch(staging: &Path, ziel: &Path) -> Ergebnis<()> {
    let alt: PathBuf = staging.with_extension("alt");
    if ziel.exists() {
        fs::rename(ziel, &alt).map_err(ausgabefehler(ziel))?;
    }
    let r = fs::rename(staging, ziel).map_err(ausgabefehler(ziel));
    if r.is_err() && alt.exists() {
        let _ = fs::rename(&alt, ziel);
    }
    eigene_entfernen(&alt);
    r
}

/// Removes what killed runs left in the output folder: staging folders of any month
/// (`.JJJJ-MM.neu-…`). Called only under the lock, so none of them belongs to a live run.
fn aufraeumen(eltern: &Path) {
    let Ok(eintraege) = fs::read_dir(eltern) else {
        return;
    };
    for e in eintraege.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some((monat, _)) = n.strip_prefix('.').and_then(|r| r.split_once(".neu-")) else {
            continue;
        };
        if crate::ingest::folders::Monat::lesen(monat).is_none()
            || !e.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let p = e.path();
        if p.join(MARKE).is_file() {
            let _ = fs::remove_dir_all(&p);
        } else {
            eigene_entfernen(&p);
        }
    }
}

fn sync_dir(p: &Path) {
    if let Ok(f) = fs::File::open(p) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn datei(name: &str, inhalt: &str) -> Ausgabedatei {
        Ausgabedatei {
            name: name.into(),
            inhalt: inhalt.as_bytes().to_vec(),
        }
    }

    /// A record listing `namen` as outputs, as a run writes it.
    fn protokoll(namen: &[&str]) -> Ausgabedatei {
        let liste: Vec<_> = namen
            .iter()
            .map(|n| serde_json::json!({ "datei": n, "sha256": "" }))
            .collect();
        datei(
            "protokoll.json",
            &serde_json::json!({ "ausgabedateien": liste }).to_string(),
        )
    }

    fn namen(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_the_whole_folder_and_leaves_no_staging() {
        let basis = tempfile::tempdir().unwrap();
        let ziel = basis.path().join("2026-01");
        veroeffentlichen(
            &ziel,
            &[
                datei("a.csv", "1"),
                datei("T/alt.csv", "x"),
                protokoll(&["a.csv", "T/alt.csv"]),
            ],
        )
        .unwrap();
        veroeffentlichen(&ziel, &[datei("a.csv", "2"), protokoll(&["a.csv"])]).unwrap();
        assert_eq!(fs::read_to_string(ziel.join("a.csv")).unwrap(), "2");
        assert!(!ziel.join("T").exists(), "old files do not linger");
        assert_eq!(namen(basis.path()), [SPERRDATEI, "2026-01"]);
        assert_eq!(namen(&ziel), ["a.csv", "protokoll.json"]);
    }

    #[test]
    fn a_target_with_files_no_run_wrote_is_refused_and_left_alone() {
        let basis = tempfile::tempdir().unwrap();
        let ziel = basis.path().join("2026-01");
        fs::create_dir_all(&ziel).unwrap();
        fs::write(ziel.join("kunden.csv"), "wertvoll").unwrap();
        let e = veroeffentlichen(&ziel, &[datei("a.csv", "1")]).unwrap_err();
        assert!(matches!(e, Fehler::AusgabeFremd { anzahl: 1, .. }), "{e:?}");
        assert_eq!(
            fs::read_to_string(ziel.join("kunden.csv")).unwrap(),
            "wertvoll"
        );
        // Beside a record, an unlisted file is foreign too.
        veroeffentlichen(&basis.path().join("x"), &[protokoll(&[])]).unwrap();
        fs::write(basis.path().join("x/notiz.txt"), "meins").unwrap();
        assert_eq!(
            fremde_dateien(&basis.path().join("x")).unwrap(),
            [PathBuf::from("notiz.txt")]
        );
        // A plain file as the target is refused.
        fs::write(basis.path().join("2026-02"), "datei").unwrap();
        assert!(veroeffentlichen(&basis.path().join("2026-02"), &[]).is_err());
        assert_eq!(
            fs::read_to_string(basis.path().join("2026-02")).unwrap(),
            "datei"
        );
    }

    #[test]
    fn stale_staging_of_any_month_goes_foreign_folders_stay() {
        let basis = tempfile::tempdir().unwrap();
        // A killed run's staging folder (marked) of another month, whatever its PID says.
        let tot = basis.path().join(".2025-12.neu-1-abc0");
        fs::create_dir_all(tot.join("Teams")).unwrap();
        fs::write(tot.join(MARKE), "").unwrap();
        fs::write(tot.join("Teams/611.xlsx"), "kundendaten").unwrap();
        // Left after a swap: old outputs with their record, plus a file nobody listed.
        let alt = basis.path().join(".2025-11.neu-7-ff0");
        fs::create_dir_all(&alt).unwrap();
        fs::write(alt.join("einzeldaten.csv"), "x").unwrap();
        fs::write(alt.join("fremd.txt"), "y").unwrap();
        fs::write(
            alt.join("protokoll.json"),
            r#"{"ausgabedateien":[{"datei":"einzeldaten.csv"}]}"#,
        )
        .unwrap();
        // Not ours at all: a name that is no month.
        let anders = basis.path().join(".notizen.neu-1");
        fs::create_dir_all(&anders).unwrap();
        veroeffentlichen(&basis.path().join("2026-01"), &[datei("a.csv", "1")]).unwrap();
        assert!(!tot.exists());
        assert_eq!(namen(&alt), ["fremd.txt"]);
        assert!(anders.exists());
    }

    #[test]
    fn a_second_run_waits_for_the_lock() {
        let basis = tempfile::tempdir().unwrap();
        let ziel = basis.path().join("2026-01");
        let erste = Staging::beginnen(&ziel).unwrap();
        let p = protokoll(&["a.csv"]);
        let ziel2 = ziel.clone();
        let zweite = std::thread::spawn(move || {
            let s = Staging::beginnen(&ziel2).unwrap();
            s.datei("b.csv", b"2").unwrap();
            s.abschliessen().unwrap();
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!zweite.is_finished(), "the second run must wait");
        // The first run's staging folder survives the wait.
        erste.datei("a.csv", b"1").unwrap();
        erste.datei(&p.name, &p.inhalt).unwrap();
        erste.abschliessen().unwrap();
        zweite.join().unwrap();
        assert_eq!(namen(&ziel), ["b.csv"]);
    }
}

//! Publishing a month's outputs atomically (SPEC §5).
//!
//! All files are written and synced into a hidden staging folder beside the target
//! (`OUT/.JJJJ-MM.neu-<pid>`), which is then swapped with `OUT/JJJJ-MM` in one
//! `renameat2(RENAME_EXCHANGE)` call; the old outputs end up in the staging folder and are
//! removed. A run killed at any point leaves the previous month folder whole: before the swap
//! it is untouched, after the swap it is the new one. Two runs of the same month at once each
//! swap their own complete folder in; the last swap wins, and neither sees a mix. Staging
//! folders left behind by a killed run are removed by the next run of that month.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rustix::fs::{renameat_with, RenameFlags, CWD};

use sha2::{Digest, Sha256};

use super::record::AusgabeEintrag;
use super::Ausgabedatei;
use crate::error::{Ergebnis, Fehler};

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
    /// Creates the staging folder for `ziel` (e.g. `reports/2026-10`), after removing those
    /// left by killed runs.
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
        aufraeumen(&eltern, &name);
        let ordner = eltern.join(format!(".{name}.neu-{}", std::process::id()));
        let _ = fs::remove_dir_all(&ordner);
        fs::create_dir(&ordner).map_err(ausgabefehler(&ordner))?;
        Ok(Staging {
            ziel: ziel.to_path_buf(),
            eltern,
            ordner,
            fertig: false,
            offen: Default::default(),
        })
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
        let unterordner: std::collections::BTreeSet<&Path> = offen
            .iter()
            .filter_map(|(p, _)| p.parent())
            .filter(|p| *p != self.ordner)
            .collect();
        for u in unterordner {
            sync_dir(u);
        }
        sync_dir(&self.ordner);
        let r = tauschen(&self.ordner, &self.ziel);
        let _ = fs::remove_dir_all(&self.ordner);
        sync_dir(&self.eltern);
        self.fertig = true;
        r
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.fertig {
            let _ = fs::remove_dir_all(&self.ordner);
        }
    }
}

/// Writes `dateien` as the complete content of `ziel`.
pub fn veroeffentlichen(ziel: &Path, dateien: &[Ausgabedatei]) -> Ergebnis<()> {
    let staging = Staging::beginnen(ziel)?;
    for d in dateien {
        staging.datei(&d.name, &d.inhalt)?;
    }
    staging.abschliessen()
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
    if !ziel.is_dir() {
        return Err(ausgabefehler(ziel)(std::io::Error::other(
            "Ziel ist kein Ordner",
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
    let _ = fs::remove_dir_all(&alt);
    r
}

/// Removes staging folders of earlier runs of this month whose process is gone.
fn aufraeumen(eltern: &Path, name: &str) {
    let praefix = format!(".{name}.neu-");
    let Ok(eintraege) = fs::read_dir(eltern) else {
        return;
    };
    for e in eintraege.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = n.strip_prefix(&praefix) else {
            continue;
        };
        let pid = pid.trim_end_matches(".alt");
        let lebt = pid
            .parse::<u32>()
            .is_ok_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if !lebt {
            let _ = fs::remove_dir_all(e.path());
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

    #[test]
    fn replaces_the_whole_folder_and_leaves_no_staging() {
        let basis = std::env::temp_dir().join(format!("br-atomic-{}", std::process::id()));
        let ziel = basis.join("2026-01");
        veroeffentlichen(&ziel, &[datei("a.csv", "1"), datei("alt.csv", "x")]).unwrap();
        veroeffentlichen(&ziel, &[datei("a.csv", "2")]).unwrap();
        assert_eq!(fs::read_to_string(ziel.join("a.csv")).unwrap(), "2");
        assert!(!ziel.join("alt.csv").exists(), "old files do not linger");
        let rest: Vec<_> = fs::read_dir(&basis)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(rest, vec![std::ffi::OsString::from("2026-01")]);
        fs::remove_dir_all(&basis).unwrap();
    }
}

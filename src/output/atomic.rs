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

use super::Ausgabedatei;
use crate::error::{Ergebnis, Fehler};

fn ausgabefehler(pfad: &Path) -> impl FnOnce(std::io::Error) -> Fehler + '_ {
    move |ursache| Fehler::Ausgabe {
        pfad: pfad.to_path_buf(),
        ursache,
    }
}

/// Writes `dateien` as the complete content of `ziel` (e.g. `reports/2026-10`).
pub fn veroeffentlichen(ziel: &Path, dateien: &[Ausgabedatei]) -> Ergebnis<()> {
    let eltern = ziel
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = ziel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fs::create_dir_all(eltern).map_err(ausgabefehler(eltern))?;
    aufraeumen(eltern, &name);

    let staging = eltern.join(format!(".{name}.neu-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir(&staging).map_err(ausgabefehler(&staging))?;
    let ergebnis = (|| {
        for d in dateien {
            let pfad = staging.join(&d.name);
            let mut f = fs::File::create(&pfad).map_err(ausgabefehler(&pfad))?;
            f.write_all(&d.inhalt).map_err(ausgabefehler(&pfad))?;
            f.sync_all().map_err(ausgabefehler(&pfad))?;
        }
        sync_dir(&staging);
        tauschen(&staging, ziel)
    })();
    let _ = fs::remove_dir_all(&staging);
    sync_dir(eltern);
    ergebnis
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

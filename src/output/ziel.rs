//! Where a run may write: checked before any export is read, so a
//! wrong `--out` costs nothing.
//!
//! The publish step exchanges `OUT/JJJJ-MM` with a staging folder and removes the previous
//! content. Pointed at the export itself (`--out` equal to `--input`, or inside a month
//! folder), it would destroy the month's export. Paths are compared after resolving symbolic links and `..`, so a second
//! spelling of the same folder is caught too.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::error::{Ergebnis, Fehler};
use crate::ingest::folders::Monat;

/// Refuses (exit 2) every folder the run writes into — the month's output folder — that is, contains or lies inside a month folder of `eingabe` (any month,
/// not only those read: a later month's export is just as precious), or contains `eingabe`.
pub fn pruefen(eingabe: &Path, schreibt: &[&Path]) -> Ergebnis<()> {
    let eingabe_k = aufgeloest(eingabe);
    let mut geschuetzt = vec![eingabe_k.clone()];
    if let Ok(eintraege) = std::fs::read_dir(&eingabe_k) {
        for e in eintraege.flatten() {
            if Monat::lesen(&e.file_name().to_string_lossy()).is_some() {
                geschuetzt.push(aufgeloest(&e.path()));
            }
        }
    }
    for w in schreibt {
        let wk = aufgeloest(w);
        for (i, g) in geschuetzt.iter().enumerate() {
            // The input folder itself may hold the output (`--out INPUT/berichte`); only
            // replacing it or an ancestor of it is fatal. A month folder may not be touched.
            let trifft = if i == 0 {
                g.starts_with(&wk)
            } else {
                g.starts_with(&wk) || wk.starts_with(g)
            };
            if trifft {
                return Err(Fehler::AusgabeInEingabe {
                    ausgabe: w.to_path_buf(),
                    eingabe: if i == 0 {
                        eingabe.to_path_buf()
                    } else {
                        g.clone()
                    },
                });
            }
        }
    }
    Ok(())
}

/// The absolute path with symbolic links of its existing part resolved and `.`/`..` of the
/// rest applied, for a path that may not exist yet.
pub fn aufgeloest(p: &Path) -> PathBuf {
    let absolut = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let teile: Vec<Component<'_>> = absolut.components().collect();
    // The longest prefix that exists is resolved by the file system; the rest lexically.
    for n in (0..=teile.len()).rev() {
        let kopf: PathBuf = teile[..n].iter().collect();
        if let Ok(mut basis) = std::fs::canonicalize(&kopf) {
            for t in &teile[n..] {
                match t {
                    Component::ParentDir => {
                        basis.pop();
                    }
                    Component::CurDir => {}
                    andere => basis.push(OsString::from(andere.as_os_str())),
                }
            }
            return basis;
        }
    }
    absolut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_equal_to_inside_or_around_a_month_folder_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let ein = d.path().join("export");
        std::fs::create_dir_all(ein.join("2026-10")).unwrap();
        std::fs::create_dir_all(ein.join("2026-11")).unwrap();
        std::fs::create_dir_all(ein.join("notizen")).unwrap();
        let nein = |w: PathBuf| {
            assert!(
                matches!(pruefen(&ein, &[&w]), Err(Fehler::AusgabeInEingabe { .. })),
                "{} must be refused",
                w.display()
            )
        };
        nein(ein.join("2026-10"));
        nein(ein.join("2026-11")); // a later month's export is protected too
        nein(ein.join("2026-10/bericht/2026-10"));
        nein(ein.join("notizen/../2026-10"));
        nein(ein.clone());
        nein(d.path().to_path_buf());
        std::os::unix::fs::symlink(ein.join("2026-10"), d.path().join("verweis")).unwrap();
        nein(d.path().join("verweis"));
        for ok in [
            d.path().join("berichte/2026-10"),
            ein.join("berichte/2026-10"),
            ein.join("notizen/2026-10"),
        ] {
            assert!(pruefen(&ein, &[&ok]).is_ok(), "{}", ok.display());
        }
    }
}

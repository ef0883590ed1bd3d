//! Outputs of a run (SPEC §4): the management workbook, the machine-readable CSVs and the run
//! record, all built in memory, fingerprinted, then published into `OUT/JJJJ-MM/` at once.

pub mod atomic;
pub mod csv;
pub mod record;
pub mod verteilung;
pub mod workbook;

/// A file name made from a team code or branch name (per-unit workbooks): only letters,
/// digits, space, `-`, `_`, `.`, `(`, `)` and `&` survive, everything else becomes `_`; leading
/// dots are dropped and the name is cut to 100 characters, so `../`, `/`, `\`, `:` or a
/// device name can never leave or escape the output folder. Empty results become `_`.
pub fn dateiname(name: &str) -> String {
    let sauber: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')' | '&') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let sauber = sauber.trim().trim_start_matches('.').trim();
    if sauber.is_empty() {
        "_".into()
    } else {
        sauber.to_string()
    }
}

/// One output file held in memory, for [`atomic::veroeffentlichen`] (runs stream theirs into
/// an [`atomic::Staging`] folder instead).
#[derive(Debug, Clone)]
pub struct Ausgabedatei {
    /// File name inside the month folder.
    pub name: String,
    /// Its bytes.
    pub inhalt: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::dateiname;

    #[test]
    fn file_names_from_unit_names_stay_inside_the_folder() {
        for (ein, aus) in [
            ("Bremen-Süd", "Bremen-Süd"),
            ("(ohne Team)", "(ohne Team)"),
            ("../../etc/passwd", "_.._etc_passwd"),
            ("..", "_"),
            ("/", "_"),
            ("C:\\Windows", "C__Windows"),
            ("a:b", "a_b"),
            ("  ", "_"),
            ("Markt & Integration 1", "Markt & Integration 1"),
            (".versteckt", "versteckt"),
        ] {
            let n = dateiname(ein);
            assert_eq!(n, aus, "{ein}");
            assert!(!n.contains('/') && !n.contains('\\') && n != "." && n != "..");
        }
        assert_eq!(dateiname(&"x".repeat(500)).len(), 100);
    }
}

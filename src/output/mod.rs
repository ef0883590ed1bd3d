//! Outputs of a run (SPEC §4): the management workbook, the machine-readable CSVs and the run
//! record, all built in memory, fingerprinted, then published into `OUT/JJJJ-MM/` at once.

pub mod atomic;
pub mod csv;
pub mod endlich;
pub mod excel;
pub mod record;
pub(crate) mod tabelle;
pub mod verteilung;
pub mod workbook;
pub mod ziel;

/// A file name made from a team code or branch name (per-unit workbooks): only letters,
/// digits, space, `-`, `_`, `.`, `(`, `)` and `&` survive, everything else becomes `_`; leading
/// dots and trailing dots and blanks are dropped (Windows drops them and would merge names),
/// so `../`, `/`, `\`, `:` can never leave or escape the output folder. The name is cut to
/// [`DATEINAME_BYTES`] bytes (file systems count bytes: 100 × „ẞ“ is 300), leaving room for
/// a `_2` and `.xlsx` under the 255-byte limit. Windows device names (`CON`, `NUL`, `aux`,
/// `COM1`, …; the workbooks are opened from Windows shares) get a `_`. Empty results become
/// `_`.
pub fn dateiname(name: &str) -> String {
    let mut sauber = String::new();
    for c in name.chars() {
        let c = if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')' | '&') {
            c
        } else {
            '_'
        };
        if sauber.len() + c.len_utf8() > DATEINAME_BYTES {
            break;
        }
        sauber.push(c);
    }
    let sauber = sauber
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' '])
        .trim();
    if sauber.is_empty() {
        return "_".into();
    }
    let stamm = sauber.split('.').next().unwrap_or_default().trim_end();
    if WINDOWS_GERAETE
        .iter()
        .any(|g| stamm.eq_ignore_ascii_case(g))
    {
        format!("{sauber}_")
    } else {
        sauber.to_string()
    }
}

/// The longest [`dateiname`] in bytes.
pub const DATEINAME_BYTES: usize = 120;

/// Names Windows reserves for devices, with or without extension.
const WINDOWS_GERAETE: [&str; 28] = [
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    "CONIN$", "CONOUT$", "COM¹", "LPT¹",
];

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
    use super::{dateiname, DATEINAME_BYTES};

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
        assert_eq!(dateiname(&"x".repeat(500)).len(), DATEINAME_BYTES);
    }

    #[test]
    fn long_multibyte_names_fit_the_file_system_limit() {
        let n = dateiname(&"ẞ".repeat(100));
        assert!(
            n.len() <= DATEINAME_BYTES && n.len() > DATEINAME_BYTES - 3,
            "{}",
            n.len()
        );
        assert!(n.chars().all(|c| c == 'ẞ'));
        // With the collision suffix and the extension still under 255 bytes.
        assert!(format!("{n}_99.xlsx").len() <= 255);
    }

    #[test]
    fn windows_device_names_and_trailing_dots_are_defused() {
        for (ein, aus) in [
            ("CON", "CON_"),
            ("nul", "nul_"),
            ("aux", "aux_"),
            ("Aux.team", "Aux.team_"),
            ("COM1", "COM1_"),
            ("lpt9", "lpt9_"),
            ("CONSOLE", "CONSOLE"),
            ("Team 1.", "Team 1"),
            ("Team 1 . ", "Team 1"),
            ("COM10", "COM10"),
        ] {
            assert_eq!(dateiname(ein), aus, "{ein}");
        }
    }
}

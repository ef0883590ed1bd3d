//! `beratungsreport generate`: synthetic export folders (`crate::generate`).

use crate::cli::GenerateArgs;
use crate::error::Ergebnis;
use crate::generate;

/// `beratungsreport generate`: synthetic export folders.
pub fn generate(args: &GenerateArgs) -> Ergebnis<()> {
    let vorgabe = generate::Vorgabe::aus_argumenten(args)?;
    let (k, v) = generate::erzeugen(&vorgabe)?;
    tracing::info!(
        "{} Monatsordner ab {} in {} geschrieben ({k} Kund:innen, {v} Vermerke)",
        vorgabe.monate,
        vorgabe.von,
        vorgabe.ziel.display()
    );
    Ok(())
}

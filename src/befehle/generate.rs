//! `beratungsreport generate`: synthetic export folders (`crate::generate`).

use crate::cli::GenerateArgs;
use crate::error::{Ergebnis, Fehler};
use crate::generate;
use crate::ingest::folders::Monat;

/// `beratungsreport generate`: synthetic export folders.
pub fn generate(args: &GenerateArgs) -> Ergebnis<()> {
    let von = Monat::lesen(&args.von).ok_or_else(|| Fehler::MonatUngueltig {
        wert: args.von.clone(),
    })?;
    let vorgabe = generate::Vorgabe {
        ziel: args.ziel.clone(),
        kunden: args.kunden.max(1),
        von,
        monate: args.monate.max(1),
        historie: args.historie,
        seed: args.seed,
        fehler: args.fehler,
        vielfalt: args.vielfalt,
        termine: !args.ohne_termine,
        nach_kunde: args.nach_kunde,
    };
    let (k, v) = generate::erzeugen(&vorgabe)?;
    tracing::info!(
        "{} Monatsordner ab {von} in {} geschrieben ({k} Kund:innen, {v} Vermerke)",
        vorgabe.monate,
        args.ziel.display()
    );
    Ok(())
}

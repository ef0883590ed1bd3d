//! Distribution to management (`run --verteilung`): what goes into the workbook of each
//! Geschäftsstelle and each team beyond the monthly figures — the „Letzte Beratung“ periods,
//! the conversations of the month, the 13-month trend and, for teams only, the worklists.
//!
//! Each figure is defined by a query in `queries/` (run by polars' SQL engine) or a rule in
//! [`crate::rules`]; this module prepares the frames and assembles the results per unit.

pub mod arbeitslisten;
pub mod bestaende;
pub mod gespraeche;
pub mod ifk_listen;
pub mod planung;
pub mod verlauf;
pub mod verlaufsmonate;
pub mod zeitraeume;

use polars::prelude::DataFrame;

use crate::error::Ergebnis;
use crate::figures::spalte_anzahl;

use crate::bestand::Einzelfall;
use crate::einheit::Einheit;
pub use crate::einheitscodes::{Einheitscodes, Namen};
pub use crate::figures::ebenen_abfrage;

/// The three unit levels of the distribution's queries, as `{schluessel}` / `{gruppierung}`
/// for [`ebenen_abfrage`]: `ebene_nr` 1 the Jobcenter, 2 a Geschäftsstelle, 3 a team.
pub const EINHEITSEBENEN: [(&str, &str); 3] = [
    ("1 AS ebene_nr, 0 AS gs_nr, 0 AS team_nr", "gesamt"),
    ("2 AS ebene_nr, gs_nr, 0 AS team_nr", "gs_nr"),
    ("3 AS ebene_nr, 0 AS gs_nr, team_nr", "team_nr"),
];

/// The unit codes of month M's customer rows ([`Einheitscodes::aus_einheiten`]).
pub fn einheitscodes(faelle: &[Einzelfall]) -> Einheitscodes {
    Einheitscodes::aus_einheiten(
        faelle
            .iter()
            .map(|e| (e.geschaeftsstelle.as_str(), e.team.as_str())),
    )
}

/// The unit of each row of a result with `ebene_nr`, `gs_nr`, `team_nr` (levels above 3,
/// such as team × IFK, belong to their team), by the codes the frame was built with.
pub fn einheiten(codes: &Einheitscodes, df: &DataFrame) -> Ergebnis<Vec<Einheit>> {
    let (en, gn, tn) = (
        spalte_anzahl(df, "ebene_nr")?,
        spalte_anzahl(df, "gs_nr")?,
        spalte_anzahl(df, "team_nr")?,
    );
    Ok((0..df.height())
        .map(|i| codes.einheit(en[i], gn[i] as u32, tn[i] as u32))
        .collect())
}

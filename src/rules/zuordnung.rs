//! The SPEC §3 assignment of a customer to a team and a Geschäftsstelle: by the team code of
//! the customer export and the month's `organisation.csv`.

use crate::ingest::organisation::Organisation;

pub use crate::einheit::{NICHT_ZUGEORDNET, OHNE_TEAM};

/// Team and Geschäftsstelle of a customer's team code: an empty code is [`OHNE_TEAM`], a code
/// not in the organisation goes to [`NICHT_ZUGEORDNET`].
pub fn einheit_zuordnen(team: &str, org: &Organisation) -> (String, String) {
    if team.is_empty() {
        (OHNE_TEAM.to_string(), NICHT_ZUGEORDNET.to_string())
    } else {
        let gs = org
            .get(team)
            .map_or(NICHT_ZUGEORDNET.to_string(), |t| t.geschaeftsstelle.clone());
        (team.to_string(), gs)
    }
}

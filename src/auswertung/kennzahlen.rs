//! Stage 6: the counselling figures and, beside them on the second core, the appointment
//! figures — polars SQL over frames built from the rows (`figures`, `termintreue::kennzahlen`).

use super::Auswertung;
use crate::error::Ergebnis;
use crate::katalog::{self, Kennzahltabelle};
use crate::rules::Fassung;
use crate::{figures, termintreue};

/// The figures of `kennzahlen.csv` and of `termintreue.csv` (no rows without appointments).
/// Building the customer frame keeps one core busy and the other idle (bremen: 0.07 s), time
/// enough for the appointments' cells and query.
pub(super) fn kennzahlen(
    a: &Auswertung,
    fassung: &Fassung,
) -> Ergebnis<(Kennzahltabelle, Kennzahltabelle)> {
    let (zahlen, terminzahlen) = std::thread::scope(|s| {
        let termine = a.termine.as_ref().map(|t| {
            s.spawn(|| termintreue::kennzahlen::terminkennzahlen(t, &a.einzelfaelle, fassung))
        });
        let zahlen = figures::kennzahlen(&a.einzelfaelle, fassung);
        let terminzahlen =
            termine.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (zahlen, terminzahlen)
    });
    let leer = || Kennzahltabelle::leer(katalog::TERMINTREUE);
    Ok((zahlen?, terminzahlen.transpose()?.unwrap_or_else(leer)))
}

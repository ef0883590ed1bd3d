//! The interface between the notes pass and what it feeds: a consumer sees every valid note of
//! every extract once, after its reconciliation class is known. The pass itself only keeps the
//! reconciliation and the latest counselling per customer; the trend months, the month's
//! conversations and the no-show follow-up's phone notes plug in from above as consumers.

use super::notiz::{Kundensuche, Notiz};
use crate::parallel::Teilergebnis;

/// A consumer of the notes pass. An extract is read on several threads, each with its own
/// consumers, merged as every per-thread collection is ([`Teilergebnis`]).
pub trait Verbraucher: Teilergebnis {
    /// One valid note. `kunde` looks its customer up (once per note for the pass and all
    /// consumers together): ask only when the note is of interest.
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kundensuche<'_>);

    /// Books what the consumer put off ([`super::Warteschlange`]): called after a file's
    /// reading threads are merged.
    fn abschliessen(&mut self) {}
}

/// A consumer the run may not need: `None` sees nothing and costs one test per note.
impl<V: Verbraucher> Verbraucher for Option<V> {
    #[inline(always)]
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kundensuche<'_>) {
        if let Some(v) = self {
            v.vermerk(n, kunde);
        }
    }

    fn abschliessen(&mut self) {
        if let Some(v) = self {
            v.abschliessen();
        }
    }
}

/// Several consumers on the same pass, each fed in turn.
impl<A: Verbraucher, B: Verbraucher, C: Verbraucher> Verbraucher for (A, B, C) {
    #[inline(always)]
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kundensuche<'_>) {
        self.0.vermerk(n, kunde);
        self.1.vermerk(n, kunde);
        self.2.vermerk(n, kunde);
    }

    fn abschliessen(&mut self) {
        self.0.abschliessen();
        self.1.abschliessen();
        self.2.abschliessen();
    }
}

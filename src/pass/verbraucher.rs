//! The interface between the notes pass and what it feeds: a consumer sees every valid note of
//! every extract once, after its reconciliation class is known. The pass itself only keeps the
//! reconciliation and the latest counselling per customer; the trend months, the month's
//! conversations and the no-show follow-up's phone notes plug in from above as consumers.

use super::notiz::{Kunde, Notiz};

/// A consumer of the notes pass.
pub trait Verbraucher: Send {
    /// One valid note. `kunde` looks its customer up (once per note for the pass and all
    /// consumers together): ask only when the note is of interest.
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kunde<'_>);

    /// Takes over what another part of the same pass collected (a streamed extract is read on
    /// several threads, each with its own consumers).
    fn vereinen(&mut self, anderer: Self);
}

/// A consumer the run may not need: `None` sees nothing and costs one test per note.
impl<V: Verbraucher> Verbraucher for Option<V> {
    #[inline(always)]
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kunde<'_>) {
        if let Some(v) = self {
            v.vermerk(n, kunde);
        }
    }

    fn vereinen(&mut self, anderer: Self) {
        match (self.as_mut(), anderer) {
            (Some(a), Some(b)) => a.vereinen(b),
            (None, Some(b)) => *self = Some(b),
            _ => {}
        }
    }
}

/// Several consumers on the same pass, each fed in turn.
impl<A: Verbraucher, B: Verbraucher, C: Verbraucher> Verbraucher for (A, B, C) {
    #[inline(always)]
    fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kunde<'_>) {
        self.0.vermerk(n, kunde);
        self.1.vermerk(n, kunde);
        self.2.vermerk(n, kunde);
    }

    fn vereinen(&mut self, anderer: Self) {
        self.0.vereinen(anderer.0);
        self.1.vereinen(anderer.1);
        self.2.vereinen(anderer.2);
    }
}

/// No consumer (a plain run).
impl Verbraucher for () {
    fn vermerk(&mut self, _: &Notiz<'_>, _: &mut Kunde<'_>) {}
    fn vereinen(&mut self, _: Self) {}
}

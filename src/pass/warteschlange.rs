//! Lookups that wait a few notes. A note's customer entry is asked into the cache
//! ([`Kennungsindex::vorholen`]) when the note is queued and read when it leaves the queue, so
//! the cache miss of one lookup overlaps the reading of the next notes instead of stalling the
//! thread (the lookup was 15 % of a region's run after the flat index, perf). The pass queues
//! its counselling notes here, and so may a consumer that books by customer.

use std::collections::VecDeque;

use crate::ingest::kennung::{Indexeintrag, Kennungsindex};

/// How many lookups wait: eight measured best — the region's run took 0.86 × the time without
/// a queue, 16 took 1.16 × the time of 8 (farm-bench, 3 pairs).
pub const VORLAUF: usize = 8;

/// Queued lookups, each with what to book once its customer's entry is known.
#[derive(Debug)]
pub struct Warteschlange<T> {
    /// (inline key, what to book), oldest first.
    anstehend: VecDeque<(u128, T)>,
}

impl<T> Default for Warteschlange<T> {
    fn default() -> Self {
        Warteschlange {
            anstehend: VecDeque::with_capacity(VORLAUF),
        }
    }
}

impl<T> Warteschlange<T> {
    /// Queues `wert` for the customer with inline key `k` (not zero), its entry prefetched;
    /// once [`VORLAUF`] wait, returns the oldest with its entry (`None`: an unknown id).
    #[inline]
    pub fn anstellen<'i>(
        &mut self,
        index: &'i Kennungsindex,
        k: u128,
        wert: T,
    ) -> Option<(Option<&'i Indexeintrag>, T)> {
        index.vorholen(k);
        let faellig = if self.anstehend.len() >= VORLAUF {
            self.anstehend
                .pop_front()
                .map(|(alt, w)| (index.platz_inline(alt), w))
        } else {
            None
        };
        self.anstehend.push_back((k, wert));
        faellig
    }

    /// Every queued one with its entry, oldest first (after a file's threads are merged).
    pub fn leeren<'i, 's>(
        &'s mut self,
        index: &'i Kennungsindex,
    ) -> impl Iterator<Item = (Option<&'i Indexeintrag>, T)> + use<'i, 's, T> {
        self.anstehend
            .drain(..)
            .map(move |(k, w)| (index.platz_inline(k), w))
    }

    /// Takes another thread's queue over: its lookups are made with this one's.
    pub fn anhaengen(&mut self, andere: Warteschlange<T>) {
        self.anstehend.extend(andere.anstehend);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::kennung::{inline, Kundenplatz};

    #[test]
    fn every_queued_lookup_comes_back_once_with_its_entry() {
        let mut index = Kennungsindex::default();
        for i in 0..20 {
            index.einfuegen(&format!("K{i}"), Kundenplatz::Bestand(i));
        }
        let mut q = Warteschlange::default();
        let mut zurueck = Vec::new();
        // K0 … K19 and the unknown K99, each with its number as what to book.
        for i in (0..20).chain([99]) {
            let k = inline(&format!("K{i}")).unwrap();
            if let Some((p, w)) = q.anstellen(&index, k, i) {
                zurueck.push((p.map(|p| p.kunde()), w));
            }
        }
        assert_eq!(zurueck.len(), 21 - VORLAUF, "the rest still waits");
        let mut andere = Warteschlange::default();
        andere.anstellen(&index, inline("K3").unwrap(), 103);
        q.anhaengen(andere);
        zurueck.extend(q.leeren(&index).map(|(p, w)| (p.map(|p| p.kunde()), w)));
        let mut erwartet: Vec<(Option<Kundenplatz>, usize)> = (0..20)
            .map(|i| (Some(Kundenplatz::Bestand(i)), i))
            .collect();
        erwartet.push((None, 99));
        erwartet.push((Some(Kundenplatz::Bestand(3)), 103));
        assert_eq!(zurueck, erwartet, "in queue order, the unknown id as None");
        assert_eq!(q.leeren(&index).count(), 0);
    }
}

//! Independent pieces of work on a few threads, results in input order — for the handful of
//! places where a run does several equal, independent jobs (the trend's earlier stocks, the
//! distribution's workbooks, syncing the output files). Scoped threads, no pool: each job is
//! large compared with starting a thread.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What one thread collected, to be merged with what another collected: the one interface of
/// every per-thread collection — the reader's states ([`crate::ingest::strom`]), the notes
/// pass and its consumers ([`crate::pass::Verbraucher`]). Merges happen in no particular
/// order: they must not depend on it.
pub trait Teilergebnis: Send {
    /// Takes over what `anderer` collected.
    fn vereinen(&mut self, anderer: Self);
}

/// Rows collected by several threads (their order is restored by the caller, by line).
impl<T: Send> Teilergebnis for Vec<T> {
    fn vereinen(&mut self, anderer: Self) {
        self.extend(anderer);
    }
}

impl<K: Eq + Hash + Send, V: Send, S: BuildHasher + Send> Teilergebnis for HashMap<K, V, S> {
    fn vereinen(&mut self, anderer: Self) {
        self.extend(anderer);
    }
}

/// Nothing collected.
impl Teilergebnis for () {
    fn vereinen(&mut self, _: Self) {}
}

/// A collection a run may not need: `None` merges into nothing.
impl<T: Teilergebnis> Teilergebnis for Option<T> {
    fn vereinen(&mut self, anderer: Self) {
        match (self.as_mut(), anderer) {
            (Some(a), Some(b)) => a.vereinen(b),
            (None, Some(b)) => *self = Some(b),
            _ => {}
        }
    }
}

/// Several collections side by side, each merged with its own.
impl<A: Teilergebnis, B: Teilergebnis, C: Teilergebnis> Teilergebnis for (A, B, C) {
    fn vereinen(&mut self, anderer: Self) {
        self.0.vereinen(anderer.0);
        self.1.vereinen(anderer.1);
        self.2.vereinen(anderer.2);
    }
}

/// The number of cores available to this process (1 if unknown).
pub fn kerne() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `f` on every element on up to `faeden` threads and returns the results in the order
/// of `elemente`, so no output depends on scheduling. A panic in `f` is passed on.
pub fn geordnet<T: Sync, R: Send>(
    elemente: &[T],
    faeden: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    // One thread's worth of work (one element, or one thread asked for) runs here: a thread
    // started for it would only add its start and join.
    if faeden <= 1 || elemente.len() <= 1 {
        return elemente.iter().map(f).collect();
    }
    let naechstes = AtomicUsize::new(0);
    let mut fertig: Vec<(usize, R)> = std::thread::scope(|s| {
        let faeden: Vec<_> = (0..faeden.min(elemente.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut eigene = Vec::new();
                    loop {
                        let i = naechstes.fetch_add(1, Ordering::Relaxed);
                        let Some(e) = elemente.get(i) else { break };
                        eigene.push((i, f(e)));
                    }
                    eigene
                })
            })
            .collect();
        faeden
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    fertig.sort_by_key(|(i, _)| *i);
    fertig.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::geordnet;

    #[test]
    fn results_keep_the_input_order() {
        let v: Vec<u64> = (0..100).collect();
        for faeden in [1, 2, 8, 500] {
            assert_eq!(
                geordnet(&v, faeden, |x| x * x),
                v.iter().map(|x| x * x).collect::<Vec<_>>()
            );
        }
        assert!(geordnet(&[] as &[u8], 4, |x| *x).is_empty());
    }
}

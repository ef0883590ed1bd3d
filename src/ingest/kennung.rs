//! Kundennummern as compact keys.
//!
//! A region has a million customers and tens of millions of notes; every note is looked up by
//! its Kundennummer, and every customer list is sorted by it. Comparing heap strings then
//! costs a cache miss each time. Real Kundennummern are short (`123D456789`), so they are kept
//! inline as a `u128`: for hashing (length in the last byte, so `A` ≠ `A\0`) and as an
//! order-preserving sort prefix (big-endian, zero-padded). Longer ids fall back to strings.

use std::collections::HashMap;

type Schnell = foldhash::fast::RandomState;

/// Up to 15 bytes, zero-padded, with the length in the last byte; `None` if longer.
pub fn inline(n: &str) -> Option<u128> {
    let b = n.as_bytes();
    (b.len() <= 15).then(|| {
        let mut a = [0u8; 16];
        a[..b.len()].copy_from_slice(b);
        a[15] = b.len() as u8;
        u128::from_le_bytes(a)
    })
}

/// The first 16 bytes as a big-endian number: comparing these compares the strings' prefixes
/// in byte order (a tie needs the full strings).
pub fn sortierpraefix(n: &str) -> u128 {
    let b = n.as_bytes();
    let mut a = [0u8; 16];
    let l = b.len().min(16);
    a[..l].copy_from_slice(&b[..l]);
    u128::from_be_bytes(a)
}

/// A list of Kundennummern in one string (one allocation for all, not one per id): the
/// customer column of the trend's month stocks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Nummernliste {
    /// The ids, concatenated.
    pub text: String,
    /// End of id `i` in `text`.
    pub ende: Vec<u32>,
}

impl Nummernliste {
    /// Appends an id.
    pub fn push(&mut self, n: &str) {
        self.text.push_str(n);
        self.ende.push(self.text.len() as u32);
    }

    /// Id `i` (empty if out of range).
    pub fn get(&self, i: usize) -> &str {
        let von = if i == 0 {
            0
        } else {
            self.ende.get(i - 1).map_or(0, |e| *e as usize)
        };
        self.ende
            .get(i)
            .and_then(|bis| self.text.get(von..*bis as usize))
            .unwrap_or("")
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ende.len()
    }

    /// No ids.
    pub fn is_empty(&self) -> bool {
        self.ende.is_empty()
    }
}

/// Kundennummer → position.
#[derive(Default)]
pub struct Kennungsindex {
    kurz: HashMap<u128, usize, Schnell>,
    lang: HashMap<String, usize, Schnell>,
}

impl Kennungsindex {
    /// Adds `n` at position `i`; returns the position already stored if `n` was known
    /// (and keeps that one).
    pub fn einfuegen(&mut self, n: &str, i: usize) -> Option<usize> {
        match inline(n) {
            Some(k) => match self.kurz.entry(k) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                    None
                }
            },
            None => match self.lang.get(n) {
                Some(p) => Some(*p),
                None => {
                    self.lang.insert(n.to_string(), i);
                    None
                }
            },
        }
    }

    /// Position of `n`, if known.
    pub fn get(&self, n: &str) -> Option<usize> {
        match inline(n) {
            Some(k) => self.kurz.get(&k).copied(),
            None => self.lang.get(n).copied(),
        }
    }
}

/// The order that sorts `v` by the id `id` gives, in byte order, as positions into `v`; equal
/// ids keep their order in `v`. Compares one integer per pair for the common short ids
/// instead of chasing two pointers.
pub fn ordnung<T>(v: &[T], id: impl Fn(&T) -> &str) -> Vec<usize> {
    let mut ordnung: Vec<(u128, usize)> = v
        .iter()
        .enumerate()
        .map(|(i, x)| (sortierpraefix(id(x)), i))
        .collect();
    ordnung.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| id(&v[a.1]).cmp(id(&v[b.1])))
            .then(a.1.cmp(&b.1))
    });
    ordnung.into_iter().map(|(_, i)| i).collect()
}

/// Sorts `v` by the Kundennummer `id` gives, in byte order ([`ordnung`]).
pub fn sortieren<T>(v: &mut [T], id: impl Fn(&T) -> &str) {
    // Apply the permutation in place (new[i] = old[quelle[i]]), cycle by cycle: no second
    // copy of a million records.
    let mut quelle = ordnung(v, id);
    for start in 0..quelle.len() {
        let mut i = start;
        while quelle[i] != start {
            let j = quelle[i];
            v.swap(i, j);
            quelle[i] = i;
            i = j;
        }
        quelle[i] = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_ids_keep_their_order() {
        // 300 rows, three ids each 100 times, long ones sharing their first 16 bytes: each id's
        // positions must come out ascending (the duplicate check keeps the first row by this).
        let ids = ["K7", "TERMIN-2026-10-000002", "TERMIN-2026-10-000001"];
        let v: Vec<&str> = (0..300).map(|i| ids[(i * 7) % 3]).collect();
        let o = ordnung(&v, |s| s);
        let mut erwartet: Vec<usize> = (0..300).collect();
        erwartet.sort_by_key(|&i| v[i]); // stable: positions ascending within an id
        assert_eq!(o, erwartet);
    }

    #[test]
    fn sort_order_is_byte_order_including_long_ids_and_prefixes() {
        let mut v = vec![
            "B2",
            "A",
            "A\u{0}",
            "123D000010",
            "123D00001",
            "=1+1",
            "ÄÖ",
            "Z",
            "AAAAAAAAAAAAAAAAAAB",
            "AAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAA",
        ];
        let mut erwartet = v.clone();
        erwartet.sort();
        sortieren(&mut v, |s| s);
        assert_eq!(v, erwartet);
    }

    #[test]
    fn index_short_long_and_duplicates() {
        let mut ix = Kennungsindex::default();
        assert_eq!(ix.einfuegen("A1", 0), None);
        assert_eq!(ix.einfuegen("A1", 5), Some(0));
        assert_eq!(
            ix.einfuegen("A1\u{0}", 1),
            None,
            "length is part of the key"
        );
        let lang = "X".repeat(40);
        assert_eq!(ix.einfuegen(&lang, 2), None);
        assert_eq!(ix.einfuegen(&lang, 3), Some(2));
        assert_eq!(
            (ix.get("A1"), ix.get(&lang), ix.get("fehlt")),
            (Some(0), Some(2), None)
        );
    }
}

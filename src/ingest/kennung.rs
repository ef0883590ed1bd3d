//! Kundennummern as compact keys.
//!
//! A region has a million customers and tens of millions of notes; every note is looked up by
//! its Kundennummer, and every customer list is sorted by it. Comparing heap strings then
//! costs a cache miss each time. Real Kundennummern are short (`123D456789`), so they are kept
//! inline as a `u128`: for hashing (length in the last byte, so `A` ≠ `A\0`) and as an
//! order-preserving sort prefix (big-endian, zero-padded). Longer ids fall back to strings.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, Ordering};

/// The hasher of the run's hash maps: fast on short keys, not DoS-resistant — every key is
/// from an export the run reads anyway.
pub type Schnell = foldhash::fast::RandomState;

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

/// Who a Kundennummer of the [`Kennungsindex`] is: the lookup's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kundenplatz {
    /// A customer of month M's population, at this position of the population (its rows,
    /// sorted by Kundennummer).
    Bestand(usize),
    /// A customer only of an earlier trend month's population, at this position of the
    /// Verbund (every position after the population's).
    Verlauf(usize),
}

impl Kundenplatz {
    /// The position in the population, for a customer of it.
    #[inline]
    pub fn bestand(self) -> Option<usize> {
        match self {
            Kundenplatz::Bestand(i) => Some(i),
            Kundenplatz::Verlauf(_) => None,
        }
    }

    /// The position in the Verbund — the population's positions first, then the trend
    /// customers' — for tables over both (the trend's days, whose phone notes are needed).
    #[inline]
    pub fn verbund(self) -> usize {
        match self {
            Kundenplatz::Bestand(i) | Kundenplatz::Verlauf(i) => i,
        }
    }
}

/// A [`Kundenplatz`] in four bytes (the top bit, [`VERLAUF`], marks a trend customer): what
/// the index's entries and the trend months' customer lists keep for each customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GepackterKundenplatz(u32);

impl GepackterKundenplatz {
    /// `kunde`, packed.
    #[inline]
    pub fn neu(kunde: Kundenplatz) -> GepackterKundenplatz {
        let pos = u32::try_from(kunde.verbund())
            .ok()
            .filter(|p| p & VERLAUF == 0)
            .expect("fewer than 2^31 customers");
        GepackterKundenplatz(match kunde {
            Kundenplatz::Bestand(_) => pos,
            Kundenplatz::Verlauf(_) => pos | VERLAUF,
        })
    }

    /// Who the customer is.
    #[inline]
    pub fn kunde(self) -> Kundenplatz {
        let i = (self.0 & !VERLAUF) as usize;
        if self.0 & VERLAUF == 0 {
            Kundenplatz::Bestand(i)
        } else {
            Kundenplatz::Verlauf(i)
        }
    }
}

/// A position in month M's population in four bytes, `Option<Bestandsplatz>` included (the
/// niche of `NonZeroU32`): a column of them beside a region's appointment rows costs half of
/// `Option<u32>`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bestandsplatz(std::num::NonZeroU32);

impl Bestandsplatz {
    /// Row `i` of the population.
    #[inline]
    pub fn neu(i: usize) -> Bestandsplatz {
        u32::try_from(i + 1)
            .ok()
            .and_then(std::num::NonZeroU32::new)
            .map(Bestandsplatz)
            .expect("fewer than 2^32 customers")
    }

    /// The row.
    #[inline]
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Kundennummer → [`Kundenplatz`], and per entry the latest counselling the notes pass found.
///
/// A flat open-addressing table (linear probing, at most 70 % full) of 24-byte entries: a
/// lookup is one cache line, where the hash map before it touched two (its control bytes and
/// its bucket), and the notes pass books a counselling into the entry it just looked up instead
/// of a second array indexed by position. A region's notes probe a million customers in no
/// order (perf, 1 M customers, notes in creation order: the map's `get` was 24 % of the run and
/// the booking 10 %). Ids longer than 15 bytes (and the empty id) live in a side map.
pub struct Kennungsindex {
    /// Length a power of two; `lo == 0 && hi == 0` marks a free entry (no inline key is zero:
    /// the empty id goes to the side map).
    plaetze: Vec<Indexeintrag>,
    /// Entries taken in `plaetze`.
    belegt: usize,
    /// Long (and empty) ids → index into `lange`.
    lang: HashMap<String, usize, Schnell>,
    lange: Vec<Indexeintrag>,
    /// Population customers entered (their positions are 0 … bestand − 1).
    bestand: usize,
    /// Positions in use, the population's and the trend customers' (0 … verbund − 1).
    verbund: usize,
}

/// One entry of the index.
#[derive(Debug)]
pub struct Indexeintrag {
    /// The inline key ([`inline`]), low and high half.
    lo: u64,
    hi: u64,
    /// Who the customer is.
    pos: GepackterKundenplatz,
    /// Latest counselling booked by the notes pass, day number (days since 01.01.0001);
    /// `KEINE` for none. Atomic: every reading thread books into the one shared index, so the
    /// threads' results need no merge.
    beratung: AtomicI32,
}

/// No counselling booked.
const KEINE: i32 = i32::MIN;

/// The bit of a [`GepackterKundenplatz`] that marks a customer only of an earlier trend month.
const VERLAUF: u32 = 1 << 31;

impl Default for Indexeintrag {
    /// A free entry.
    fn default() -> Self {
        Indexeintrag::neu(0, Kundenplatz::Bestand(0))
    }
}

impl Indexeintrag {
    fn neu(k: u128, kunde: Kundenplatz) -> Indexeintrag {
        Indexeintrag {
            lo: k as u64,
            hi: (k >> 64) as u64,
            pos: GepackterKundenplatz::neu(kunde),
            beratung: AtomicI32::new(KEINE),
        }
    }

    fn frei(&self) -> bool {
        self.lo == 0 && self.hi == 0
    }

    /// Who the customer is.
    #[inline]
    pub fn kunde(&self) -> Kundenplatz {
        self.pos.kunde()
    }

    /// Books a counselling on day `tag` (day number): the latest one stays.
    #[inline]
    pub fn beraten(&self, tag: i32) {
        // Relaxed: only the maximum matters, read after every thread has finished.
        if self.beratung.load(Ordering::Relaxed) < tag {
            self.beratung.fetch_max(tag, Ordering::Relaxed);
        }
    }
}

impl Default for Kennungsindex {
    fn default() -> Self {
        Kennungsindex::mit_platz_fuer(0)
    }
}

impl Kennungsindex {
    /// An empty index that takes `n` ids without growing.
    pub fn mit_platz_fuer(n: usize) -> Kennungsindex {
        let laenge = (n.saturating_mul(10) / 7 + 1).next_power_of_two().max(16);
        Kennungsindex {
            plaetze: (0..laenge).map(|_| Indexeintrag::default()).collect(),
            belegt: 0,
            lang: HashMap::default(),
            lange: Vec::new(),
            bestand: 0,
            verbund: 0,
        }
    }

    /// Where key `k` is or would go.
    #[inline]
    fn suchen(&self, k: u128) -> usize {
        let (lo, hi) = (k as u64, (k >> 64) as u64);
        let maske = self.plaetze.len() - 1;
        let mut i = streuen(lo, hi) as usize & maske;
        loop {
            let p = &self.plaetze[i];
            if p.frei() || (p.lo == lo && p.hi == hi) {
                return i;
            }
            i = (i + 1) & maske;
        }
    }

    /// Adds `n` as `kunde`; returns who `n` already is if it was known (and keeps that).
    pub fn einfuegen(&mut self, n: &str, kunde: Kundenplatz) -> Option<Kundenplatz> {
        let Some(k) = inline(n).filter(|k| *k != 0) else {
            return match self.lang.get(n) {
                Some(j) => Some(self.lange[*j].kunde()),
                None => {
                    self.lang.insert(n.to_string(), self.lange.len());
                    self.lange.push(Indexeintrag::neu(0, kunde));
                    self.gezaehlt(kunde);
                    None
                }
            };
        };
        if (self.belegt + 1) * 10 > self.plaetze.len() * 7 {
            self.wachsen();
        }
        let j = self.suchen(k);
        if !self.plaetze[j].frei() {
            return Some(self.plaetze[j].kunde());
        }
        self.plaetze[j] = Indexeintrag::neu(k, kunde);
        self.belegt += 1;
        self.gezaehlt(kunde);
        None
    }

    /// A new entry widens the population (if of it) and the Verbund to include its position.
    fn gezaehlt(&mut self, kunde: Kundenplatz) {
        if let Kundenplatz::Bestand(i) = kunde {
            self.bestand = self.bestand.max(i + 1);
        }
        self.verbund = self.verbund.max(kunde.verbund() + 1);
    }

    /// The Verbund's size: positions 0 … `verbund()` − 1 are in use (the next trend customer
    /// takes `verbund()`).
    pub fn verbund(&self) -> usize {
        self.verbund
    }

    /// The population's size: its positions are 0 … `bestand()` − 1.
    pub fn bestand(&self) -> usize {
        self.bestand
    }

    /// Twice the entries, every key placed again.
    fn wachsen(&mut self) {
        let alt = std::mem::take(&mut self.plaetze);
        self.plaetze = (0..alt.len() * 2)
            .map(|_| Indexeintrag::default())
            .collect();
        for p in alt.into_iter().filter(|p| !p.frei()) {
            let j = self.suchen(u128::from(p.lo) | u128::from(p.hi) << 64);
            self.plaetze[j] = p;
        }
    }

    /// The entry of `n`, if known.
    #[inline]
    pub fn platz(&self, n: &str) -> Option<&Indexeintrag> {
        match inline(n).filter(|k| *k != 0) {
            Some(k) => self.platz_inline(k),
            None => self.lang.get(n).map(|j| &self.lange[*j]),
        }
    }

    /// The entry of inline key `k` ([`inline`], not zero), if known.
    #[inline]
    pub fn platz_inline(&self, k: u128) -> Option<&Indexeintrag> {
        Some(&self.plaetze[self.suchen(k)]).filter(|p| !p.frei())
    }

    /// Asks the processor to fetch the entry where inline key `k` starts its search, so that a
    /// lookup a few notes later finds it in cache. A hint: it changes no result.
    #[inline]
    pub fn vorholen(&self, k: u128) {
        let i = streuen(k as u64, (k >> 64) as u64) as usize & (self.plaetze.len() - 1);
        let platz: *const Indexeintrag = &self.plaetze[i];
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch only hints the cache; it never faults and reads nothing into the
        // program (the pointer is a valid reference besides). SSE is part of every x86_64.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(platz.cast());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = platz;
    }

    /// Who `n` is, if known.
    #[inline]
    pub fn kunde(&self, n: &str) -> Option<Kundenplatz> {
        self.platz(n).map(Indexeintrag::kunde)
    }

    /// `n`'s position in the population, if it is a customer of it.
    #[inline]
    pub fn im_bestand(&self, n: &str) -> Option<usize> {
        self.kunde(n).and_then(Kundenplatz::bestand)
    }

    /// Forgets every booked counselling (before a notes pass).
    pub fn beratungen_loeschen(&self) {
        for p in self.plaetze.iter().chain(&self.lange) {
            p.beratung.store(KEINE, Ordering::Relaxed);
        }
    }

    /// The latest counselling booked per population position (day numbers); the trend
    /// customers' bookings are not the headline figure's. Call only after the threads that
    /// booked have been joined.
    pub fn beratungen(&self) -> Vec<Option<i32>> {
        let mut letzte = vec![None; self.bestand];
        let belegt = self.plaetze.iter().filter(|p| !p.frei());
        for p in belegt.chain(&self.lange) {
            let tag = p.beratung.load(Ordering::Relaxed);
            if let (true, Kundenplatz::Bestand(i)) = (tag != KEINE, p.kunde()) {
                letzte[i] = Some(tag);
            }
        }
        letzte
    }
}

/// The entry a key starts its search at: the two halves multiplied together as 128 bits and
/// folded (foldhash's mixing step), so every byte of the id moves the low bits.
#[inline]
fn streuen(lo: u64, hi: u64) -> u64 {
    let p = u128::from(lo ^ 0x243F_6A88_85A3_08D3) * u128::from(hi ^ 0x1319_8A2E_0370_7344);
    (p as u64) ^ ((p >> 64) as u64)
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
        use Kundenplatz::{Bestand, Verlauf};
        let mut ix = Kennungsindex::default();
        assert_eq!(ix.einfuegen("A1", Bestand(0)), None);
        assert_eq!(ix.einfuegen("A1", Verlauf(5)), Some(Bestand(0)));
        assert_eq!(
            ix.einfuegen("A1\u{0}", Bestand(1)),
            None,
            "length is part of the key"
        );
        let lang = "X".repeat(40);
        assert_eq!(ix.einfuegen(&lang, Verlauf(2)), None);
        assert_eq!(ix.einfuegen(&lang, Bestand(3)), Some(Verlauf(2)));
        assert_eq!(
            (ix.kunde("A1"), ix.kunde(&lang), ix.kunde("fehlt")),
            (Some(Bestand(0)), Some(Verlauf(2)), None)
        );
        assert_eq!(
            (ix.im_bestand("A1"), ix.im_bestand(&lang)),
            (Some(0), None),
            "a trend customer is not in the population"
        );
        assert_eq!(
            (ix.einfuegen("", Verlauf(4)), ix.einfuegen("", Bestand(5))),
            (None, Some(Verlauf(4)))
        );
        assert_eq!(
            ix.kunde(""),
            Some(Verlauf(4)),
            "the empty id is an id like any other"
        );
        assert_eq!(ix.bestand(), 2, "population positions 0 and 1");
        assert_eq!(ix.verbund(), 5, "positions 0, 1, 2 and 4 taken");
    }

    #[test]
    fn a_packed_customer_position_says_who_it_is() {
        use Kundenplatz::{Bestand, Verlauf};
        let grenze = (1usize << 31) - 1;
        for k in [
            Bestand(0),
            Verlauf(0),
            Bestand(7),
            Verlauf(7),
            Bestand(grenze),
            Verlauf(grenze),
        ] {
            assert_eq!(GepackterKundenplatz::neu(k).kunde(), k);
        }
        assert_eq!(std::mem::size_of::<GepackterKundenplatz>(), 4);
    }

    #[test]
    fn a_population_position_keeps_its_row_in_four_bytes() {
        for i in [0, 1, 999_999, u32::MAX as usize - 1] {
            assert_eq!(Bestandsplatz::neu(i).index(), i);
        }
        assert_eq!(std::mem::size_of::<Option<Bestandsplatz>>(), 4);
    }

    #[test]
    fn the_index_grows_and_keeps_every_id_and_booking() {
        // From 16 entries to 100,000 ids: every growth step re-places keys and bookings.
        let mut ix = Kennungsindex::default();
        let ids: Vec<String> = (0..100_000)
            .map(|i| format!("{:03}D{i:06}", i % 997))
            .collect();
        for (i, n) in ids.iter().enumerate() {
            assert_eq!(ix.einfuegen(n, Kundenplatz::Bestand(i)), None);
            if i % 3 == 0 {
                ix.platz(n).unwrap().beraten(i as i32);
            }
        }
        for (i, n) in ids.iter().enumerate() {
            assert_eq!(ix.kunde(n), Some(Kundenplatz::Bestand(i)), "{n}");
        }
        assert_eq!(ix.kunde("999D000000"), None);
        let b = ix.beratungen();
        assert_eq!(b.len(), ids.len());
        for (i, tag) in b.iter().enumerate() {
            assert_eq!(*tag, (i % 3 == 0).then_some(i as i32), "{i}");
        }
    }

    #[test]
    fn the_latest_booking_wins_and_clearing_forgets() {
        let ix = &mut Kennungsindex::mit_platz_fuer(4);
        let lang = "L".repeat(20);
        for (i, n) in ["A", "B", lang.as_str()].iter().enumerate() {
            ix.einfuegen(n, Kundenplatz::Bestand(i));
        }
        ix.einfuegen("T", Kundenplatz::Verlauf(3));
        for (n, tag) in [
            ("A", 5),
            ("A", 9),
            ("A", 7),
            (lang.as_str(), 3),
            (lang.as_str(), 1),
            ("T", 8),
        ] {
            ix.platz(n).unwrap().beraten(tag);
        }
        assert_eq!(
            ix.beratungen(),
            [Some(9), None, Some(3)],
            "the trend customer's booking is not the population's"
        );
        // The free entries (population position 0, nothing booked) never count.
        let mut leer = Kennungsindex::mit_platz_fuer(100);
        leer.einfuegen("B", Kundenplatz::Bestand(0));
        leer.plaetze.iter().find(|p| p.frei()).unwrap().beraten(1);
        assert_eq!(leer.beratungen(), [None], "a free entry is no customer");
        ix.beratungen_loeschen();
        assert_eq!(ix.beratungen(), [None, None, None]);
    }
}

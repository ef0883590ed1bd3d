//! Which notes are counselling, and how many days have passed since the last one (SPEC §3).

use chrono::NaiveDate;

/// What happened to one valid note, in the order SPEC §4 counts them (after `abgewiesen`).
/// `Verwendet` carries the customer found in the population.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vermerkklasse<K> {
    /// Dated after the Stichtag.
    NachStichtag,
    /// Not a qualifying note type.
    KeinBeratungsvermerk,
    /// The customer is not in the population.
    OhneKundeImBestand,
    /// Counts as counselling of this customer of the population.
    Verwendet(K),
}

/// The rule itself, on facts the caller computes only when asked (the notes pass: the type
/// only for a note on or before the Stichtag, the customer only for a qualifying one).
pub fn einordnen<K>(
    nach_stichtag: bool,
    ist_beratung: impl FnOnce() -> bool,
    kunde: impl FnOnce() -> Option<K>,
) -> Vermerkklasse<K> {
    if nach_stichtag {
        Vermerkklasse::NachStichtag
    } else if !ist_beratung() {
        Vermerkklasse::KeinBeratungsvermerk
    } else {
        kunde_einordnen(kunde())
    }
}

/// The rule's last step alone: a counselling note on or before the Stichtag counts for its
/// customer if the customer is in the population (the notes pass looks customers up a few notes
/// later, [`einordnen`] having said `Verwendet` to a lookup it deferred).
pub fn kunde_einordnen<K>(kunde: Option<K>) -> Vermerkklasse<K> {
    kunde.map_or(Vermerkklasse::OhneKundeImBestand, Vermerkklasse::Verwendet)
}

/// Trimmed, case-insensitive comparison against the qualifying types. ASCII case folding
/// first (the common case, no allocation), full Unicode lower-casing for the rest.
pub fn ist_beratung(typ: &str, typen: &[String]) -> bool {
    let typ = typ.trim();
    typen.iter().any(|t| t.eq_ignore_ascii_case(typ)) || {
        !typ.is_ascii() && {
            let klein = typ.to_lowercase();
            typen.contains(&klein)
        }
    }
}

/// Days since the last counselling; for never-counselled customers the clock runs from entry.
/// Returns `(tage, nie_beraten)`.
pub fn tage_seit_beratung(
    letzte: Option<NaiveDate>,
    zugang: NaiveDate,
    stichtag: NaiveDate,
) -> (i64, bool) {
    match letzte {
        Some(l) => ((stichtag - l).num_days(), false),
        None => ((stichtag - zugang).num_days(), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::gruppen::tests::d;
    use crate::rules::Regelwerk;

    /// The rule on a note's date and type as they stand in an extract.
    fn vermerk_einordnen<K>(
        datum: NaiveDate,
        typ: &str,
        stichtag: NaiveDate,
        typen: &[String],
        kunde: impl FnOnce() -> Option<K>,
    ) -> Vermerkklasse<K> {
        einordnen(datum > stichtag, || ist_beratung(typ, typen), kunde)
    }

    #[test]
    fn note_classes_in_order() {
        let t = Regelwerk::standard().fassungen[0].vermerktypen_normiert();
        let st = d("2026-01-31");
        let k = |datum: &str, typ: &str, im: bool| {
            vermerk_einordnen(d(datum), typ, st, &t, || im.then_some(7))
        };
        // The population lookup only runs for qualifying notes up to the Stichtag.
        let gesucht = std::cell::Cell::new(0);
        let zaehle = || {
            gesucht.set(gesucht.get() + 1);
            Some(1)
        };
        vermerk_einordnen(d("2026-02-01"), "Beratungsvermerk", st, &t, zaehle);
        vermerk_einordnen(d("2026-01-01"), "Telefonvermerk", st, &t, zaehle);
        assert_eq!(gesucht.get(), 0);
        assert_eq!(
            k("2026-01-31", "Beratungsvermerk", true),
            Vermerkklasse::Verwendet(7)
        );
        assert_eq!(
            k("2026-02-01", "Beratungsvermerk", true),
            Vermerkklasse::NachStichtag
        );
        assert_eq!(
            k("2026-02-01", "Telefonvermerk", false),
            Vermerkklasse::NachStichtag
        );
        assert_eq!(
            k("2026-01-01", "Telefonvermerk", false),
            Vermerkklasse::KeinBeratungsvermerk
        );
        assert_eq!(
            k("2026-01-01", "", true),
            Vermerkklasse::KeinBeratungsvermerk
        );
        assert_eq!(
            k("2026-01-01", "Fallmanagement", false),
            Vermerkklasse::OhneKundeImBestand
        );
        assert_eq!(
            k(
                "2026-01-01",
                " beratungsvermerk ZUR standortbestimmung ",
                true
            ),
            Vermerkklasse::Verwendet(7)
        );
    }

    #[test]
    fn non_ascii_types_compare_case_insensitively() {
        let t = vec!["beratung übergang".to_string()];
        assert!(ist_beratung("BERATUNG ÜBERGANG", &t));
        assert!(!ist_beratung("Beratung", &t));
    }

    #[test]
    fn days_from_last_counselling_or_entry() {
        let st = d("2026-01-31");
        assert_eq!(
            tage_seit_beratung(Some(st), d("2020-01-01"), st),
            (0, false)
        );
        assert_eq!(
            tage_seit_beratung(Some(d("2025-12-31")), d("2020-01-01"), st),
            (31, false)
        );
        assert_eq!(tage_seit_beratung(None, d("2025-11-02"), st), (90, true));
        // Across 29 February 2024.
        assert_eq!(
            tage_seit_beratung(Some(d("2024-02-28")), d("2020-01-01"), d("2024-03-01")),
            (2, false)
        );
    }
}

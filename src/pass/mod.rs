//! The one notes pass: every notes extract of the folders ≤ M streamed once, each valid note
//! classified once by [`crate::rules::beratung::einordnen`] for the reconciliation, the latest
//! counselling per customer kept, and the note handed to the run's consumers ([`Verbraucher`]:
//! the trend months, the month's conversations, the no-show follow-up's phone notes), which
//! plug in from above.

mod notiz;
mod verbraucher;
mod warteschlange;

use chrono::NaiveDate;

use crate::error::Ergebnis;
use crate::fortschritt::Fortschritt;
use crate::ingest::folders::Monat;
use crate::ingest::kennung::{Indexeintrag, Kennungsindex, Kundenplatz};
use crate::ingest::laufbuch::Laufbuch;
use crate::ingest::quelle::Quelle;
use crate::ingest::vermerke::{vermerke_lesen, Vermerk};
use crate::parallel::Teilergebnis;
use crate::rules::beratung::{einordnen, ist_beratung, kunde_einordnen, Vermerkklasse};

pub use notiz::{Kundensuche, Notiz, Zeitspanne};
pub use verbraucher::Verbraucher;
pub use warteschlange::Warteschlange;

/// Notes reconciliation: `gelesen` = sum of the classes (SPEC §4).
#[derive(Debug, Clone, Default, serde::Serialize, PartialEq, Eq)]
pub struct VermerkeBilanz {
    /// Data rows of all notes files read.
    pub gelesen: u64,
    /// Qualifying notes of population customers on or before the Stichtag.
    pub verwendet: u64,
    /// Dated after the Stichtag.
    pub nach_stichtag: u64,
    /// Not a qualifying type.
    pub kein_beratungsvermerk: u64,
    /// Customer not in the population.
    pub ohne_kunde_im_bestand: u64,
    /// Rejected rows.
    pub abgewiesen: u64,
}

/// The population and the rules the notes are judged against.
pub struct Massstab<'a> {
    /// Kundennummer → who: a customer of the population of M or only of an earlier trend
    /// month's.
    pub index: &'a Kennungsindex,
    /// The Stichtag.
    pub stichtag: NaiveDate,
    /// Qualifying note types, normalised.
    pub typen: &'a [String],
}

/// What the notes contributed: the reconciliation counts, the latest counselling per
/// population customer, and what the consumers collected.
pub struct Vermerkstand<V> {
    /// Notes reconciliation.
    pub bilanz: VermerkeBilanz,
    /// Latest qualifying note per population customer (the headline figure's only source):
    /// booked into the index during the pass, collected at its end.
    pub letzte: Vec<Option<NaiveDate>>,
    /// The earliest Vermerkdatum of every valid note read: how far back the notes history
    /// goes (SPEC §4 „Notes history“); `None` without notes.
    pub erster_vermerk: Option<NaiveDate>,
    /// The consumers.
    pub verbraucher: V,
    /// Counselling notes whose customer is still to be looked up: their day numbers.
    anstehend: Warteschlange<i32>,
}

impl<V: Verbraucher> Vermerkstand<V> {
    fn neu(verbraucher: V) -> Self {
        Vermerkstand {
            bilanz: VermerkeBilanz::default(),
            letzte: Vec::new(),
            erster_vermerk: None,
            verbraucher,
            anstehend: Warteschlange::default(),
        }
    }

    /// One valid note of an extract of month `auszug`: its class, the bookkeeping, the
    /// consumers. The type is judged only for a note on or before the Stichtag, the customer
    /// looked up only for a qualifying one (or by a consumer).
    fn zaehlen(&mut self, v: &Vermerk<'_>, m: &Massstab<'_>, auszug: Monat) {
        if self.erster_vermerk.is_none_or(|d| v.datum < d) {
            self.erster_vermerk = Some(v.datum);
        }
        let mut kunde = Kundensuche::neu(m.index, v.kundennummer);
        let klasse = einordnen(
            v.datum > m.stichtag,
            || ist_beratung(v.typ, m.typen),
            // A counselling note: whether its customer is in the population is decided when
            // the lookup is made (`zurueckstellen`).
            || Some(()),
        );
        let b = &mut self.bilanz;
        let beratung = match klasse {
            Vermerkklasse::NachStichtag => {
                b.nach_stichtag += 1;
                false
            }
            Vermerkklasse::KeinBeratungsvermerk => {
                b.kein_beratungsvermerk += 1;
                false
            }
            Vermerkklasse::OhneKundeImBestand | Vermerkklasse::Verwendet(()) => {
                self.zurueckstellen(&mut kunde, v, m);
                true
            }
        };
        let n = Notiz::neu(v, beratung, auszug);
        self.verbraucher.vermerk(&n, &mut kunde);
    }

    /// Queues a counselling note's lookup (its entry prefetched) and makes the oldest queued
    /// one; an id too long for an inline key is looked up at once.
    fn zurueckstellen(&mut self, kunde: &mut Kundensuche<'_>, v: &Vermerk<'_>, m: &Massstab<'_>) {
        use chrono::Datelike;
        let tag = v.datum.num_days_from_ce();
        match kunde.aufschiebbar() {
            Some(k) => {
                if let Some((platz, tag)) = self.anstehend.anstellen(m.index, k, tag) {
                    self.buchen(platz, tag);
                }
            }
            None => self.buchen(kunde.platz(), tag),
        }
    }

    /// A counselling note on day `tag` of the customer at index entry `platz` (if known): it
    /// counts for a customer of the population („verwendet“, the entry keeps the latest day),
    /// else as „ohne Kunde im Bestand“.
    fn buchen(&mut self, platz: Option<&Indexeintrag>, tag: i32) {
        let im_bestand = platz.filter(|p| matches!(p.kunde(), Kundenplatz::Bestand(_)));
        match kunde_einordnen(im_bestand) {
            Vermerkklasse::Verwendet(p) => {
                p.beraten(tag);
                self.bilanz.verwendet += 1;
            }
            _ => self.bilanz.ohne_kunde_im_bestand += 1,
        }
    }

    /// Makes every queued lookup, the pass's and its consumers' (after a file's reading
    /// threads are merged, before the counts are read).
    fn abschliessen(&mut self, m: &Massstab<'_>) {
        let mut anstehend = std::mem::take(&mut self.anstehend);
        for (platz, tag) in anstehend.leeren(m.index) {
            self.buchen(platz, tag);
        }
        self.verbraucher.abschliessen();
    }
}

impl<V: Verbraucher> Teilergebnis for Vermerkstand<V> {
    fn vereinen(&mut self, t: Vermerkstand<V>) {
        let (a, b) = (&mut self.bilanz, t.bilanz);
        a.verwendet += b.verwendet;
        a.nach_stichtag += b.nach_stichtag;
        a.kein_beratungsvermerk += b.kein_beratungsvermerk;
        a.ohne_kunde_im_bestand += b.ohne_kunde_im_bestand;
        self.erster_vermerk = match (self.erster_vermerk, t.erster_vermerk) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        // The other thread's queued lookups are made with this state's (`abschliessen`).
        self.anstehend.anhaengen(t.anstehend);
        self.verbraucher.vereinen(t.verbraucher);
    }
}

/// Reads the notes extracts `dateien` (month, path; missing files are skipped with a
/// warning), their rejected rows and record entries into `buch`, and feeds every valid note
/// to the consumers `neu` makes (one set per reading thread, merged).
pub fn letzte_beratungen<V: Verbraucher>(
    dateien: &[(Monat, Option<Quelle>)],
    m: &Massstab<'_>,
    neu: &(dyn Fn() -> V + Sync),
    fortschritt: &Fortschritt,
    buch: &mut Laufbuch,
) -> Ergebnis<Vermerkstand<V>> {
    fortschritt.vermerke_beginnen(
        dateien
            .iter()
            .filter_map(|(_, q)| q.as_ref().and_then(|q| std::fs::metadata(&q.pfad).ok()))
            .map(|x| x.len())
            .sum(),
    );
    m.index.beratungen_loeschen();
    let mut stand = Vermerkstand::neu(neu());
    for (monat, quelle) in dateien {
        let Some(quelle) = quelle else {
            tracing::warn!(
                "{monat}: keine vermerke.csv, Monat wird bei den Vermerken übersprungen"
            );
            continue;
        };
        let vorher = buch.abweisungen.len();
        let (mut teil, eintrag) = vermerke_lesen(
            quelle,
            &mut buch.abweisungen,
            || Vermerkstand::neu(neu()),
            |s, v| s.zaehlen(&v, m, *monat),
            &|n| fortschritt.voran(n),
        )?;
        teil.abschliessen(m);
        stand.vereinen(teil);
        stand.bilanz.gelesen += eintrag.zeilen;
        stand.bilanz.abgewiesen += buch.abweisungen.len() - vorher;
        buch.abweisungen
            .quote_pruefen(&quelle.pfad, &quelle.anzeige, eintrag.zeilen)?;
        tracing::info!("{}: {} Zeilen", eintrag.pfad, eintrag.zeilen);
        buch.gelesen(eintrag);
    }
    fortschritt.ende();
    stand.letzte = m
        .index
        .beratungen()
        .into_iter()
        .map(|t| t.and_then(NaiveDate::from_num_days_from_ce_opt))
        .collect();
    Ok(stand)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A consumer that writes down everything it is shown.
    #[derive(Default)]
    struct Protokoll(Vec<(String, bool, String, String, Option<Kundenplatz>)>);

    impl Verbraucher for Protokoll {
        fn vermerk(&mut self, n: &Notiz<'_>, kunde: &mut Kundensuche<'_>) {
            let datum = n.datum().to_string();
            let eintrag = (
                datum,
                n.beratung,
                n.kontaktart().to_string(),
                n.kontakt().1.to_string(),
                kunde.kunde(),
            );
            self.0.push(eintrag);
        }
    }

    impl Teilergebnis for Protokoll {
        fn vereinen(&mut self, anderer: Self) {
            self.0.extend(anderer.0);
        }
    }

    /// Four customers' notes: K1 (population) counselled twice and called once, K2 (a trend
    /// customer) counselled, K9 unknown, one note after the
    /// Stichtag, one rejected row.
    const VERMERKE: &str = "Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart;Ersteller\n\
        K1;03.10.2026;Beratungsgespräch;Persönlich;ifk1\n\
        K1;20.10.2026;Beratungsgespräch;Video;ifk2\n\
        K1;21.10.2026;Sonstiges;Telefon;ifk1\n\
        K2;05.10.2026;Beratungsgespräch;Telefon;ifk3\n\
        K9;06.10.2026;Beratungsgespräch;;\n\
        K0;01.11.2026;Beratungsgespräch;;\n\
        K1;kein Datum;Beratungsgespräch;;\n";

    /// The pass over one extract `text` of 2026-10 (Stichtag 31.10.2026, qualifying type
    /// „Beratungsgespräch“), the index holding `ids` at their positions, the first `kunden` of
    /// them the population, the others trend customers; with the rejected rows.
    fn durchlauf(
        text: &str,
        ids: &[&str],
        kunden: usize,
    ) -> (
        Vermerkstand<Protokoll>,
        crate::ingest::abweisungen::Abweisungen,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let pfad = dir.path().join("vermerke.csv");
        std::fs::write(&pfad, text).unwrap();
        let mut index = Kennungsindex::default();
        for (i, k) in ids.iter().enumerate() {
            let platz = if i < kunden {
                Kundenplatz::Bestand(i)
            } else {
                Kundenplatz::Verlauf(i)
            };
            index.einfuegen(k, platz);
        }
        let typen = vec!["beratungsgespräch".to_string()];
        let m = Massstab {
            index: &index,
            stichtag: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            typen: &typen,
        };
        let quelle = Quelle::datei(&pfad, "2026-10/vermerke.csv");
        let mut buch = Laufbuch::starten();
        let stand = letzte_beratungen(
            &[(Monat::lesen("2026-10").unwrap(), Some(quelle))],
            &m,
            &Protokoll::default,
            &Fortschritt::neu(false),
            &mut buch,
        )
        .unwrap();
        (stand, buch.abweisungen)
    }

    fn pass() -> Vermerkstand<Protokoll> {
        let (stand, abw) = durchlauf(VERMERKE, &["K0", "K1", "K2"], 2);
        assert_eq!(abw.len(), 1, "the row without a date");
        stand
    }

    /// 100,000 notes (3 MB: several reading threads, each with queued lookups when its chunk
    /// ends): note i is for customer K(i mod 10), counselling when i is even, dated the
    /// (i mod 28 + 1)th of October. K0…K4 are the population, K5…K9 unknown.
    #[test]
    fn queued_lookups_of_every_thread_are_booked() {
        let mut text = String::from("Kundennummer;Vermerkdatum;Vermerktyp\n");
        for i in 0..100_000u32 {
            let typ = if i % 2 == 0 {
                "Beratungsgespräch"
            } else {
                "Sonstiges"
            };
            text.push_str(&format!("K{};2026-10-{:02};{typ}\n", i % 10, i % 28 + 1));
        }
        assert!(text.len() > 2 << 20);
        let (s, _) = durchlauf(&text, &["K0", "K1", "K2", "K3", "K4"], 5);
        let b = &s.bilanz;
        // 50,000 counselling notes: even i, so customers K0, K2, K4 (population) and K6, K8
        // (unknown), 10,000 each.
        assert_eq!(
            (
                b.gelesen,
                b.verwendet,
                b.ohne_kunde_im_bestand,
                b.kein_beratungsvermerk
            ),
            (100_000, 30_000, 20_000, 50_000)
        );
        // K0's notes are i = 10k, dated (10k mod 28) + 1: 10k mod 28 runs through the even
        // residues, the largest 26 (k = 11), so the latest is the 27th. K1, K3: odd i only.
        let d = |t: u32| NaiveDate::from_ymd_opt(2026, 10, t);
        assert_eq!(s.letzte[0], d(27));
        assert_eq!((s.letzte[1], s.letzte[3]), (None, None));
    }

    /// Ids longer than an inline key (16 bytes and more) are looked up at once, not queued:
    /// counted and booked all the same.
    #[test]
    fn long_ids_are_counted_and_booked_without_the_queue() {
        let lang = "KUNDE-0000000000001";
        let fremd = "KUNDE-0000000000009";
        let text = format!(
            "Kundennummer;Vermerkdatum;Vermerktyp\n{lang};2026-10-03;Beratungsgespräch\n\
             {lang};2026-10-09;Beratungsgespräch\n{fremd};2026-10-05;Beratungsgespräch\n\
             K1;2026-10-07;Beratungsgespräch\n"
        );
        let (s, _) = durchlauf(&text, &[lang, "K1"], 2);
        let b = &s.bilanz;
        assert_eq!((b.verwendet, b.ohne_kunde_im_bestand), (3, 1));
        let d = |t: u32| NaiveDate::from_ymd_opt(2026, 10, t);
        assert_eq!(s.letzte, [d(9), d(7)]);
    }

    #[test]
    fn every_valid_note_is_classified_once_and_shown_to_the_consumers() {
        let d = |t: u32| NaiveDate::from_ymd_opt(2026, 10, t);
        {
            let s = &pass();
            let b = &s.bilanz;
            assert_eq!(
                (
                    b.gelesen,
                    b.verwendet,
                    b.nach_stichtag,
                    b.kein_beratungsvermerk,
                    b.ohne_kunde_im_bestand,
                    b.abgewiesen
                ),
                (7, 2, 1, 1, 2, 1)
            );
            // K0 never counselled, K1 latest on the 20th.
            assert_eq!(s.letzte, [None, d(20)]);
            let mut notizen = s.verbraucher.0.clone();
            notizen.sort();
            let e = |t: &str, b, k: &str, v: &str, p| {
                (t.to_string(), b, k.to_string(), v.to_string(), p)
            };
            use Kundenplatz::{Bestand, Verlauf};
            assert_eq!(
                notizen,
                [
                    e("2026-10-03", true, "Persönlich", "ifk1", Some(Bestand(1))),
                    e("2026-10-05", true, "Telefon", "ifk3", Some(Verlauf(2))),
                    e("2026-10-06", true, "", "", None),
                    e("2026-10-20", true, "Video", "ifk2", Some(Bestand(1))),
                    e("2026-10-21", false, "Telefon", "ifk1", Some(Bestand(1))),
                    e("2026-11-01", false, "", "", Some(Bestand(0))),
                ]
            );
        }
    }
}

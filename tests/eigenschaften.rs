//! Property tests: the parsers never panic on any input; age and day counts agree with simple
//! reference formulas over 1900–2100 (every 29 February included); the order of input rows,
//! the split of notes over month folders and notes after the Stichtag change no figure.

use beratungsreport::auswertung::{auswerten, Auswertung};
use beratungsreport::fortschritt::Fortschritt;
use beratungsreport::ingest::dates::datum_lesen;
use beratungsreport::ingest::folders::Monat;
use beratungsreport::ingest::laufbuch::Laufbuch;
use beratungsreport::ingest::quelle::Quelle;
use beratungsreport::ingest::strom::strom_lesen;
use beratungsreport::ingest::table::{Spalte, Zeile};
use beratungsreport::ingest::vermerke::vermerke_lesen;
use beratungsreport::lauf::{Laufkonfiguration, Regeldatei};
use beratungsreport::rules::beratung::tage_seit_beratung;
use beratungsreport::rules::gruppen::alter;
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

fn tag(n: i32) -> NaiveDate {
    // Days from 1900-01-01 up to 2100-12-31.
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(i64::from(n))
}
const TAGE: std::ops::Range<i32> = 0..73_414;

fn schaltjahr(j: i32) -> bool {
    (j % 4 == 0 && j % 100 != 0) || j % 400 == 0
}

/// Reference: the largest n whose n-th birthday is on or before `s`, where a 29 February
/// birthday falls on 1 March in non-leap years.
fn alter_referenz(b: NaiveDate, s: NaiveDate) -> i32 {
    let geburtstag = |n: i32| {
        let j = b.year() + n;
        if b.month() == 2 && b.day() == 29 && !schaltjahr(j) {
            (j, 3, 1)
        } else {
            (j, b.month(), b.day())
        }
    };
    let s = (s.year(), s.month(), s.day());
    let mut n = 0;
    while geburtstag(n + 1) <= s {
        n += 1;
    }
    while n > 0 && geburtstag(n) > s {
        n -= 1;
    }
    if geburtstag(0) > s {
        -1
    } else {
        n
    }
}

/// Reference day number (Fliegel–Van Flandern), independent of chrono.
fn jdn(d: NaiveDate) -> i64 {
    let (y, m, t) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    (1461 * (y + 4800 + (m - 14) / 12)) / 4 + (367 * (m - 2 - 12 * ((m - 14) / 12))) / 12
        - (3 * ((y + 4900 + (m - 14) / 12) / 100)) / 4
        + t
        - 32075
}

/// The embedded rules' only version.
fn standard() -> beratungsreport::rules::Fassung {
    beratungsreport::rules::Regelwerk::standard().fassungen[0].clone()
}

proptest! {
    #[test]
    fn age_matches_the_reference(b in TAGE, s in TAGE) {
        let (b, s) = (tag(b.min(s)), tag(b.max(s)));
        prop_assert_eq!(alter(b, s), alter_referenz(b, s), "born {} Stichtag {}", b, s);
    }

    #[test]
    fn age_on_every_29_february(q in 475i32..525, jahre in 0i32..120, tag_im_jahr in 0i64..366) {
        // Every leap year 1904–2096 (q * 4), Stichtage spread over the following years.
        let j = q * 4;
        prop_assume!(schaltjahr(j));
        let b = NaiveDate::from_ymd_opt(j, 2, 29).unwrap();
        let s = NaiveDate::from_ymd_opt((j + jahre).min(2100), 1, 1).unwrap() + chrono::Duration::days(tag_im_jahr);
        prop_assume!(s >= b);
        prop_assert_eq!(alter(b, s), alter_referenz(b, s), "born {} Stichtag {}", b, s);
    }

    #[test]
    fn days_match_the_reference(l in TAGE, s in TAGE, z in TAGE) {
        let (l, s, z) = (tag(l), tag(s), tag(z));
        prop_assert_eq!(tage_seit_beratung(Some(l), z, s), (jdn(s) - jdn(l), false));
        prop_assert_eq!(tage_seit_beratung(None, z, s), (jdn(s) - jdn(z), true));
    }

    #[test]
    fn both_date_styles_read_back(n in TAGE) {
        let d = tag(n);
        prop_assert_eq!(datum_lesen(&d.format("%d.%m.%Y").to_string()), Some(d));
        prop_assert_eq!(datum_lesen(&d.format("%-d.%-m.%Y").to_string()), Some(d));
        prop_assert_eq!(datum_lesen(&d.to_string()), Some(d));
    }

    #[test]
    fn any_bytes_give_rows_or_an_error_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let spalten = [Spalte::pflicht("Kundennummer"), Spalte::optional("Team", "ohne Team")];
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("vermerke.csv");
        std::fs::write(&p, &bytes).unwrap();
        let _ = strom_lesen(
            &Quelle::datei(&p, "x"), &spalten, &mut Vec::new(), &Vec::new,
            &|n: &mut Vec<u64>, z: &Zeile<'_>| { let _ = (z.feld(0), z.feld(1)); n.push(z.nummer); Ok(()) },
            &|_| {},
        );
        let _ = vermerke_lesen(&Quelle::datei(&p, "v"), &mut Vec::new(), Vec::new, |n, v| n.push(v.datum), &|_| {});
    }

    /// Values holding `;`, `"`, line breaks and umlauts, written by the csv crate (an
    /// independent writer) quoted as needed or always, read back field for field.
    #[test]
    fn quoted_exports_read_back_what_was_written(
        werte in proptest::collection::vec(("[A-Za-zäß0-9;\" \n]{0,12}", "[A-Za-z0-9;\"\n]{0,8}"), 1..30),
        immer in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .quote_style(if immer { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary })
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        w.write_record(["Kundennummer", "Team"]).unwrap();
        // A row whose first value is blank would be a blank line: give every row a number.
        for (i, (a, b)) in werte.iter().enumerate() {
            w.write_record([format!("{i}{a}"), b.clone()]).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let spalten = [Spalte::pflicht("Kundennummer"), Spalte::optional("Team", "ohne Team")];
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, &bytes).unwrap();
        let mut abgewiesen: Vec<beratungsreport::ingest::Abweisung> = Vec::new();
        let (mut gelesen, e) = strom_lesen(
            &Quelle::datei(&p, "t"), &spalten, &mut abgewiesen, &Vec::new,
            &|v: &mut Vec<(u64, String, String)>, z: &Zeile<'_>| {
                v.push((z.nummer, z.feld(0).to_string(), z.feld(1).to_string()));
                Ok(())
            },
            &|_| {},
        ).unwrap();
        prop_assert_eq!(e.zeilen as usize, werte.len());
        prop_assert!(abgewiesen.is_empty(), "{:?}", abgewiesen);
        gelesen.sort_by_key(|r| r.0);
        prop_assert_eq!(gelesen.len(), werte.len());
        for ((i, (a, b)), (_, x, y)) in werte.iter().enumerate().zip(&gelesen) {
            let erwartet = format!("{i}{a}");
            prop_assert_eq!(x.as_str(), erwartet.trim());
            prop_assert_eq!(y.as_str(), b.trim());
        }
    }

    #[test]
    fn any_csv_like_text_never_panics(zeilen in proptest::collection::vec("[A-Za-z0-9;\" \\r.:-]{0,30}", 0..20)) {
        let text = format!("Kundennummer;Vermerkdatum;Vermerktyp\n{}", zeilen.join("\n"));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("vermerke.csv");
        std::fs::write(&p, text.as_bytes()).unwrap();
        let mut ab = Vec::new();
        let r = vermerke_lesen(&Quelle::datei(&p, "v"), &mut ab, Vec::new, |n, v| n.push(v.datum), &|_| {});
        let (teile, e) = r.unwrap();
        // Every counted row is either valid or rejected.
        prop_assert_eq!(teile.len() as u64 + ab.len() as u64, e.zeilen);
    }
}

/// A small random export: (kunden rows, vermerke rows) as CSV lines without header.
fn export_strategie() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    let kunde = (
        0u32..40,
        0i32..25_000,
        0usize..3,
        0i32..1_500,
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.2),
        0usize..4,
    );
    let vermerk = (0u32..45, 0i32..800, 0usize..4);
    (
        proptest::collection::vec(kunde, 1..40),
        proptest::collection::vec(vermerk, 0..120),
    )
        .prop_map(|(ks, vs)| {
            let basis = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
            let av = ["Arbeitslos", "Arbeitsuchend", ""];
            let team = ["611", "621", "", "699"];
            let kunden = ks
                .into_iter()
                .map(|(nr, geb, a, zug, fm, mn, t)| {
                    format!(
                        "K{nr};{};{};{};{};{};{}",
                        (NaiveDate::from_ymd_opt(1960, 1, 1).unwrap()
                            + chrono::Duration::days(i64::from(geb)))
                        .format("%d.%m.%Y"),
                        av[a],
                        basis + chrono::Duration::days(i64::from(zug) - 1_000),
                        if fm { "Ja" } else { "" },
                        if mn { "J" } else { "" },
                        team[t]
                    )
                })
                .collect();
            let typen = [
                "Beratungsvermerk",
                "Telefonvermerk",
                "Fallmanagement",
                "beratungsvermerk zur standortbestimmung",
            ];
            let vermerke = vs
                .into_iter()
                .map(|(nr, d, t)| {
                    format!(
                        "K{nr};{};{}",
                        basis + chrono::Duration::days(i64::from(d)),
                        typen[t]
                    )
                })
                .collect();
            (kunden, vermerke)
        })
}

const KOPF_K: &str =
    "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Fallmanagement;Maßnahmeteilnahme;Team";
const KOPF_V: &str = "Kundennummer;Vermerkdatum;Vermerktyp";
const ORG: &str = "Team;Geschäftsstelle\n611;Mitte\n621;Nord\n";

/// Writes the export with the notes split over the given folders and runs the evaluation for
/// 2025-03. `None` when the population is empty (SPEC §5: the run stops, exit 2).
fn auswerten_mit(
    kunden: &[String],
    vermerke_je_ordner: &[(&str, Vec<String>)],
) -> Option<Auswertung> {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("2025-03");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("kunden.csv"),
        format!("{KOPF_K}\n{}\n", kunden.join("\n")),
    )
    .unwrap();
    std::fs::write(m.join("organisation.csv"), ORG).unwrap();
    std::fs::write(m.join("vermerke.csv"), format!("{KOPF_V}\n")).unwrap();
    for (ordner, zeilen) in vermerke_je_ordner {
        let o = dir.path().join(ordner);
        std::fs::create_dir_all(&o).unwrap();
        std::fs::write(
            o.join("vermerke.csv"),
            format!("{KOPF_V}\n{}\n", zeilen.join("\n")),
        )
        .unwrap();
    }
    let mut buch = Laufbuch::starten();
    let monat = Monat::lesen("2025-03").unwrap();
    let k = Laufkonfiguration {
        monat,
        stichtag: monat.letzter_tag(),
        eingabe: dir.path().to_path_buf(),
        ziel: dir.path().join("aus"),
        regeldatei: Regeldatei::laden(None).unwrap(),
        angewandt: 0,
        spalten: Default::default(),
        verteilung: None,
        streng: false,
    };
    match auswerten(&k, &Fortschritt::aus(), &mut buch) {
        Ok(e) => Some(e.auswertung),
        Err(beratungsreport::error::Fehler::BestandLeer { .. }) => None,
        Err(e) => panic!("{e}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn row_order_and_folder_split_change_no_figure((kunden, vermerke) in export_strategie(), schnitt in 0usize..120, seed in any::<u64>()) {
        let Some(basis) = auswerten_mit(&kunden, &[("2025-02", vermerke.clone())]) else {
            // No population: the run stops; no customer is valid and in the stock at S.
            return Ok(());
        };
        let zahlen = beratungsreport::figures::kennzahlen(&basis.einzelfaelle, &standard()).unwrap();

        // Shuffle customers (only valid, first-occurrence rows matter: keep duplicates' order)
        // and notes.
        let mut rng = seed;
        let mut mischen = |v: &mut Vec<String>| {
            for i in (1..v.len()).rev() {
                rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                v.swap(i, (rng >> 33) as usize % (i + 1));
            }
        };
        let mut k2 = kunden.clone();
        let eindeutig = {
            let mut n: Vec<&str> = kunden.iter().map(|z| z.split(';').next().unwrap()).collect();
            let vorher = n.len();
            n.sort_unstable();
            n.dedup();
            n.len() == vorher
        };
        if eindeutig {
            mischen(&mut k2);
        }
        let mut v2 = vermerke.clone();
        mischen(&mut v2);
        let s = schnitt.min(v2.len());
        let geteilt = auswerten_mit(&k2, &[("2024-11", v2[..s].to_vec()), ("2025-01", v2[s..].to_vec())]).unwrap();
        prop_assert_eq!(&basis.einzelfaelle, &geteilt.einzelfaelle);
        prop_assert_eq!(&zahlen, &beratungsreport::figures::kennzahlen(&geteilt.einzelfaelle, &standard()).unwrap());
        prop_assert_eq!(&basis.kunden, &geteilt.kunden);
        prop_assert_eq!(basis.vermerke.verwendet, geteilt.vermerke.verwendet);

        // A note after the Stichtag changes no figure, only its own count.
        let mut v3 = vermerke.clone();
        v3.push("K1;2025-04-01;Beratungsvermerk".into());
        let spaeter = auswerten_mit(&kunden, &[("2025-02", v3)]).unwrap();
        prop_assert_eq!(&basis.einzelfaelle, &spaeter.einzelfaelle);
        prop_assert_eq!(spaeter.vermerke.nach_stichtag, basis.vermerke.nach_stichtag + 1);

        // The accounting invariant holds for every generated export.
        let k = &basis.kunden;
        prop_assert_eq!(k.gelesen, k.auswertungsbestand + k.abgewiesen + k.noch_nicht_zugegangen + k.abgemeldet + k.sperrkennzeichen + k.vollzeitschulpflicht);
        let v = &basis.vermerke;
        prop_assert_eq!(v.gelesen, v.verwendet + v.nach_stichtag + v.kein_beratungsvermerk + v.ohne_kunde_im_bestand + v.abgewiesen);
    }
}

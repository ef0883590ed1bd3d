//! Fuzzes the ingest of the export files with arbitrary bytes: record cutting, quoting,
//! decoding, header matching, row validation. Any input must give rows, rejected rows or an
//! error — never a panic, and the streamed notes must account for every row they counted.
#![no_main]

use beratungsreport::ingest::kunden::kunden_lesen;
use beratungsreport::ingest::organisation::organisation_lesen;
use beratungsreport::ingest::quelle::Quelle;
use beratungsreport::ingest::vermerke::vermerke_lesen;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let stichtag = chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let pfad = std::env::temp_dir().join(format!("fuzz-export-{}.csv", std::process::id()));
    if std::fs::write(&pfad, data).is_err() {
        return;
    }
    let zusatz = ["merkmal".to_string()];
    let _ = kunden_lesen(&Quelle::datei(&pfad, "kunden.csv"), stichtag, &zusatz);
    let _ = organisation_lesen(&Quelle::datei(&pfad, "organisation.csv"));
    let mut ab = Vec::new();
    if let Ok((gelesen, e)) = vermerke_lesen(
        &Quelle::datei(&pfad, "vermerke.csv"),
        &mut ab,
        Vec::new,
        |v: &mut Vec<()>, _| v.push(()),
        &|_| {},
    ) {
        assert_eq!(gelesen.len() as u64 + ab.len() as u64, e.zeilen, "every row accounted for");
    }
});

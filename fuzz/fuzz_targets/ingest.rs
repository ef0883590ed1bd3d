//! Fuzzes the ingest of all three export files with arbitrary bytes: decoding, CSV splitting,
//! header matching, row validation. Any input must give rows, rejected rows or an error —
//! never a panic, and the streamed notes path must account for every row it counted.
#![no_main]

use std::path::{Path, PathBuf};

use beratungsreport::ingest::kunden::kunden_lesen;
use beratungsreport::ingest::organisation::organisation_lesen;
use beratungsreport::ingest::vermerke::vermerke_lesen;
use beratungsreport::ingest::Rohdatei;
use libfuzzer_sys::fuzz_target;

fn roh(bytes: &[u8], name: &str) -> Rohdatei {
    Rohdatei {
        pfad: PathBuf::from(name),
        anzeige: name.to_string(),
        bytes: bytes.to_vec(),
    }
}

fuzz_target!(|data: &[u8]| {
    let stichtag = chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let _ = kunden_lesen(&roh(data, "kunden.csv"), stichtag);
    let _ = organisation_lesen(&roh(data, "organisation.csv"));
    let pfad = std::env::temp_dir().join(format!("fuzz-vermerke-{}.csv", std::process::id()));
    if std::fs::write(&pfad, data).is_ok() {
        let mut ab = Vec::new();
        if let Ok((teile, e)) = vermerke_lesen(
            Path::new(&pfad),
            "vermerke.csv",
            &mut ab,
            || 0u64,
            |n, _| *n += 1,
            |a, b| *a += b,
            &|_| {},
        ) {
            assert_eq!(teile.iter().sum::<u64>() + ab.len() as u64, e.zeilen, "every row accounted for");
        }
    }
});

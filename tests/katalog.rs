//! The figure catalog is the one place a figure is named: every figure sheet's headings and
//! every figure CSV's header come from `beratungsreport::katalog`, read back from the files
//! the binary wrote; and the output layer spells no figure heading itself.

use calamine::{open_workbook, Data, Reader, Xlsx};

use beratungsreport::katalog::{self, Kennzahl, BERATUNG, TERMINTREUE};

use crate::harness::{demo_verteilung, root};

/// Every run of the catalog's headings in a sheet, horizontal or vertical: the cells that
/// hold its first heading, each checked to continue with all the others in catalog order.
/// Returns how many complete runs were found.
fn laeufe(pfad: &std::path::Path, blatt: &str, katalog: &[Kennzahl]) -> usize {
    let mut wb: Xlsx<_> = open_workbook(pfad).unwrap();
    let r = wb.worksheet_range(blatt).unwrap();
    let zelle = |z: usize, s: usize| match r.get((z, s)) {
        Some(Data::String(t)) => t.clone(),
        _ => String::new(),
    };
    let mut n = 0;
    for (z, zeile) in r.rows().enumerate() {
        for s in 0..zeile.len() {
            if zelle(z, s) != katalog[0].kopf {
                continue;
            }
            let erwartet: Vec<&str> = katalog::koepfe(katalog).collect();
            let rechts: Vec<String> = (0..erwartet.len()).map(|i| zelle(z, s + i)).collect();
            let unten: Vec<String> = (0..erwartet.len()).map(|i| zelle(z + i, s)).collect();
            assert!(
                rechts == erwartet || unten == erwartet,
                "{blatt} in {}: at ({z}, {s}) the headings are not the catalog's:\n{rechts:?}\n{unten:?}",
                pfad.display()
            );
            n += 1;
        }
    }
    n
}

#[test]
fn every_figure_sheet_and_csv_is_laid_out_from_the_catalog() {
    let (_aus, m) = demo_verteilung();
    let jobcenter = m.join("Beratungscontrolling_2026-10.xlsx");
    // (sheet, catalog, complete runs of its headings): the Übersicht has the headline block
    // (down) and the table per group (across).
    for (blatt, k, n) in [
        ("Übersicht", BERATUNG, 2),
        ("Geschäftsstellen", BERATUNG, 1),
        ("Teams", BERATUNG, 1),
        ("Kundengruppen", BERATUNG, 1),
        ("Termintreue", TERMINTREUE, 1),
    ] {
        assert_eq!(laeufe(&jobcenter, blatt, k), n, "{blatt}");
    }
    let gs = std::fs::read_dir(m.join("Geschaeftsstellen"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for (blatt, k, n) in [
        ("Übersicht", BERATUNG, 2),
        ("Teams", BERATUNG, 1),
        ("Termintreue", TERMINTREUE, 1),
    ] {
        assert_eq!(laeufe(&gs, blatt, k), n, "{blatt} of {}", gs.display());
    }
    let team = m.join("Teams/611.xlsx");
    assert_eq!(laeufe(&team, "Übersicht", BERATUNG), 2);
    assert_eq!(laeufe(&team, "Termintreue", TERMINTREUE), 1);

    for (datei, k) in [
        ("kennzahlen.csv", BERATUNG),
        ("termintreue.csv", TERMINTREUE),
    ] {
        let text = std::fs::read_to_string(m.join(datei)).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            katalog::csv_kopf(k).join(";"),
            "{datei}"
        );
    }
}

/// The output layer never spells a figure's heading or title: a copy there would drift from
/// the catalog the day someone renames the figure.
#[test]
fn no_figure_heading_is_written_out_in_the_output_layer() {
    let mut dateien = vec![root().join("src/output")];
    let mut gefunden = Vec::new();
    while let Some(p) = dateien.pop() {
        if p.is_dir() {
            dateien.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for k in BERATUNG.iter().chain(TERMINTREUE) {
            for wort in [k.kopf, k.titel] {
                if text.contains(&format!("\"{wort}\"")) {
                    gefunden.push(format!("{}: „{wort}“", p.display()));
                }
            }
        }
    }
    assert!(gefunden.is_empty(), "{gefunden:#?}");
}

//! The figure catalog is the one place a figure is named: every figure sheet's headings and
//! every figure CSV's header come from `beratungsreport::katalog`, read back from the files
//! the binary wrote; and the output layer spells no figure heading itself.

use calamine::{open_workbook, Data, Reader, Xlsx};

use beratungsreport::katalog::{self, Kennzahl, BERATUNG, TERMINTREUE};

use crate::harness::{demo_verteilung, root};

/// How many times a sheet spells the catalog's headings whole, in catalog order: every run of
/// catalog headings (across a header row, or down a column) is a stretch of the catalog in
/// its order, and the runs in reading order — a table too wide for the page split into two
/// stacked tables continues the catalog in the second — join into the whole catalog, again
/// and again (a lone cell naming a figure elsewhere aside). Returns how many times.
fn laeufe(pfad: &std::path::Path, blatt: &str, katalog: &[Kennzahl]) -> usize {
    let mut wb: Xlsx<_> = open_workbook(pfad).unwrap();
    let r = wb.worksheet_range(blatt).unwrap();
    let erwartet: Vec<&str> = katalog::koepfe(katalog).collect();
    let index = |z: usize, s: usize| match r.get((z, s)) {
        Some(Data::String(t)) => erwartet.iter().position(|k| k == t),
        _ => None,
    };
    // Each run from its first heading: to the right, or down when nothing continues rightwards.
    let mut laeufe: Vec<Vec<usize>> = Vec::new();
    for z in 0..r.height() {
        for s in 0..r.width() {
            let Some(i) = index(z, s) else { continue };
            let davor = |dz: usize, ds: usize| {
                z >= dz && s >= ds && index(z - dz, s - ds).is_some_and(|j| j + 1 == i)
            };
            if davor(0, 1) || davor(1, 0) {
                continue;
            }
            let folge = |dz: usize, ds: usize| -> Vec<usize> {
                (0..).map_while(|n| index(z + n * dz, s + n * ds)).collect()
            };
            let (rechts, unten) = (folge(0, 1), folge(1, 0));
            laeufe.push(if rechts.len() >= unten.len() {
                rechts
            } else {
                unten
            });
        }
    }
    let mut ganz = 0;
    let mut weiter = 0;
    for lauf in &laeufe {
        if lauf.len() == 1 && lauf[0] != weiter {
            // A lone cell that names a figure (a worklist's label), not a table's heading.
            continue;
        }
        let soll: Vec<usize> = (weiter..weiter + lauf.len()).collect();
        assert_eq!(
            lauf,
            &soll,
            "{blatt} in {}: the headings are not the catalog's, in its order:\n{:?}",
            pfad.display(),
            lauf.iter().map(|&i| erwartet[i]).collect::<Vec<_>>()
        );
        weiter += lauf.len();
        if weiter == erwartet.len() {
            (ganz, weiter) = (ganz + 1, 0);
        }
    }
    assert_eq!(
        weiter,
        0,
        "{blatt} in {}: a catalog left unfinished",
        pfad.display()
    );
    ganz
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

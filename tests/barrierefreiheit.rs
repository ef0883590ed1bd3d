//! Every workbook a run writes, read back part by part, against the Excel
//! accessibility checker's rules and BITV 2.0 / EN 301 549 clause 10 — a chart without
//! alternative text, a series without a colour of at least 3:1 against white, series told
//! apart by colour alone, a coloured cell without its status in words, a list or figure table
//! that is not an Excel table, a sheet the Übersicht does not link to, a workbook without a
//! title, a raw input row outside the audit workbook: each fails here. The contrast ratio is
//! computed here with WCAG's formula, not taken from the crate.

use std::collections::BTreeSet;
use std::path::PathBuf;

use calamine::{open_workbook, Reader, Xlsx};

use crate::harness::{arbeitsmappen, csv_lesen, root, run, spalte, teile, tempdir, zelle};

/// Every `…` between `vor` and `nach` in `s`.
fn alle<'a>(s: &'a str, vor: &str, nach: &str) -> Vec<&'a str> {
    let mut aus = Vec::new();
    let mut rest = s;
    while let Some(a) = rest.find(vor) {
        let r = &rest[a + vor.len()..];
        let Some(b) = r.find(nach) else { break };
        aus.push(&r[..b]);
        rest = &r[b..];
    }
    aus
}

/// WCAG 2.x contrast ratio of `RRGGBB` against white.
fn kontrast(hex: &str) -> f64 {
    let v = u32::from_str_radix(&hex[hex.len() - 6..], 16).unwrap();
    let kanal = |x: u32| {
        let c = f64::from(x & 0xFF) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * kanal(v >> 16) + 0.7152 * kanal(v >> 8) + 0.0722 * kanal(v);
    1.05 / (l + 0.05)
}

/// The demo month with the distribution and per-IFK figures: every kind of workbook and sheet.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let aus = tempdir();
    run(
        &root().join("fixtures/demo"),
        "2026-10",
        aus.path(),
        &["--verteilung", "--ifk-auswertung"],
    )
    .ok();
    let m = aus.path().join("2026-10");
    (aus, m)
}

#[test]
fn every_chart_has_alternative_text_contrasting_colours_and_a_second_cue() {
    let (_aus, m) = demo();
    let mut diagramme = 0;
    for pfad in arbeitsmappen(&m) {
        let t = teile(&pfad);
        for (name, xml) in t
            .iter()
            .filter(|(n, _)| n.starts_with("xl/drawings/drawing"))
        {
            for rahmen in alle(xml, "<xdr:graphicFrame", "</xdr:graphicFrame>") {
                let descr: Vec<String> = alle(rahmen, "descr=\"", "\"")
                    .iter()
                    .map(|d| {
                        d.replace("&quot;", "\"")
                            .replace("&apos;", "'")
                            .replace("&lt;", "<")
                            .replace("&gt;", ">")
                            .replace("&amp;", "&")
                    })
                    .collect();
                assert!(
                    descr.first().is_some_and(|d| d.chars().count() > 30),
                    "{}: {name}: chart without alternative text",
                    pfad.display()
                );
                assert!(descr[0].chars().count() <= 255, "Excel's limit");
            }
        }
        for (name, xml) in t.iter().filter(|(n, _)| n.starts_with("xl/charts/chart")) {
            diagramme += 1;
            let mut hinweise = BTreeSet::new();
            let serien = alle(xml, "<c:ser>", "</c:ser>");
            for s in &serien {
                // The white behind a fill pattern is the plot area's, not the series' colour.
                let ohne_hintergrund: String = s
                    .split("<a:bgClr>")
                    .enumerate()
                    .map(|(i, t)| {
                        if i == 0 {
                            t
                        } else {
                            t.split_once("</a:bgClr>").map_or("", |x| x.1)
                        }
                    })
                    .collect();
                let farben = alle(&ohne_hintergrund, "<a:srgbClr val=\"", "\"");
                assert!(
                    !farben.is_empty(),
                    "{}: {name}: a series in a theme colour",
                    pfad.display()
                );
                for f in farben {
                    assert!(kontrast(f) >= 3.0, "{name}: colour {f} below 3:1");
                }
                // The cue besides colour: dash pattern, marker symbol, fill pattern.
                let strich = alle(s, "<a:prstDash val=\"", "\"")
                    .first()
                    .copied()
                    .unwrap_or("solid");
                let marker = alle(s, "<c:symbol val=\"", "\"")
                    .first()
                    .copied()
                    .unwrap_or("");
                let muster = alle(s, "<a:pattFill prst=\"", "\"")
                    .first()
                    .copied()
                    .unwrap_or("");
                hinweise.insert((strich, marker, muster));
            }
            assert_eq!(
                hinweise.len(),
                serien.len(),
                "{}: {name}: series told apart by colour alone",
                pfad.display()
            );
        }
    }
    // Jobcenter: Übersicht, Letzte Beratung, Verlauf; every unit: Letzte Beratung, Verlauf.
    assert!(diagramme >= 3 + 2 * 27, "{diagramme} charts");
}

#[test]
fn every_colour_has_its_status_in_words_and_every_table_is_an_excel_table() {
    let (_aus, m) = demo();
    let mut geprueft = 0;
    for pfad in arbeitsmappen(&m) {
        let t = teile(&pfad);
        let styles = &t["xl/styles.xml"];
        // No static cell fill but the header's: a status is never a plain coloured cell.
        let fuellungen = alle(alle(styles, "<fills", "</fills>")[0], "<fill>", "</fill>");
        let kopf_fuellung = fuellungen
            .iter()
            .position(|f| f.contains("FFDDEBF7"))
            .expect("header fill");
        for f in &fuellungen {
            assert!(
                f.contains("patternType=\"none\"")
                    || f.contains("gray125")
                    || f.contains("FFDDEBF7"),
                "{}: a coloured cell style: {f}",
                pfad.display()
            );
        }
        let xfs = alle(styles, "<cellXfs", "</cellXfs>")[0];
        let kopf_stile: BTreeSet<usize> = xfs
            .split("<xf ")
            .skip(1)
            .enumerate()
            .filter(|(_, x)| x.contains(&format!("fillId=\"{kopf_fuellung}\"")))
            .map(|(i, _)| i)
            .collect();
        let mut wb: Xlsx<_> = open_workbook(&pfad).unwrap();
        let namen = wb.sheet_names();
        for (i, blatt) in namen.iter().enumerate() {
            let xml = &t[&format!("xl/worksheets/sheet{}.xml", i + 1)];
            let werte = wb.worksheet_range(blatt).unwrap();
            let text = |z: u32, s: u32| {
                werte
                    .get_value((z, s))
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            // The sheet's tables: header row and columns.
            let rels = t
                .get(&format!("xl/worksheets/_rels/sheet{}.xml.rels", i + 1))
                .cloned()
                .unwrap_or_default();
            let tabellen: Vec<((u32, u32), (u32, u32))> = alle(&rels, "Target=\"../tables/", "\"")
                .iter()
                .map(|datei| {
                    let tx = &t[&format!("xl/tables/{datei}")];
                    let r = alle(tx, " ref=\"", "\"")[0];
                    let (a, b) = r.split_once(':').unwrap();
                    (zelle(a), zelle(b))
                })
                .collect();
            // Every header cell lies in the header row of one of the sheet's tables.
            for c in alle(xml, "<c r=\"", ">") {
                let Some((r, rest)) = c.split_once('"') else {
                    continue;
                };
                let Some(stil) = alle(rest, "s=\"", "\"")
                    .first()
                    .map(|s| s.parse::<usize>().unwrap())
                else {
                    continue;
                };
                if kopf_stile.contains(&stil) {
                    let (z, s) = zelle(r);
                    assert!(
                        tabellen
                            .iter()
                            .any(|((z0, s0), (_, s1))| *z0 == z && (*s0..=*s1).contains(&s)),
                        "{} „{blatt}“ {r} „{}“: a header outside an Excel table",
                        pfad.display(),
                        text(z, s)
                    );
                }
            }
            assert!(
                !xml.contains("<autoFilter"),
                "{blatt}: a sheet filter beside the tables"
            );
            // Every conditional colour follows a word in its row.
            for (bereich, regeln) in alle(
                xml,
                "<conditionalFormatting sqref=\"",
                "</conditionalFormatting>",
            )
            .iter()
            .map(|x| x.split_once('"').unwrap())
            {
                let (a, b) = bereich.split_once(':').unwrap();
                let ((z0, _), (z1, _)) = (zelle(a), zelle(b));
                for formel in alle(regeln, "<formula>", "</formula>") {
                    let (links, wort) =
                        formel.split_once('=').unwrap_or_else(|| panic!("{formel}"));
                    assert!(
                        wort == "&quot;rot&quot;"
                            || wort == "\"rot\""
                            || wort == "&quot;gelb&quot;"
                            || wort == "\"gelb\"",
                        "{} „{blatt}“: a colour by a number, not by its word: {formel}",
                        pfad.display()
                    );
                    let s = spalte(
                        links
                            .trim_start_matches('$')
                            .trim_end_matches(|c: char| c.is_ascii_digit()),
                    );
                    for z in z0..=z1 {
                        let w = text(z, s);
                        assert!(
                            ["rot", "gelb", "grün", "–"].contains(&w.as_str())
                                || w.starts_with("zu wenige Fälle (n = "),
                            "{} „{blatt}“ row {}: „{w}“ is no status word",
                            pfad.display(),
                            z + 1
                        );
                    }
                    geprueft += 1;
                }
            }
        }
        // The workbook has a title; its Übersicht (the second sheet, after „Auf einen Blick“;
        // the audit workbook's first sheet) links to every other sheet.
        let core = &t["docProps/core.xml"];
        assert!(
            alle(core, "<dc:title>", "</dc:title>")
                .first()
                .is_some_and(|x| !x.is_empty()),
            "{}: no title",
            pfad.display()
        );
        if namen.len() > 1 {
            let (inhalt, selbst) = if namen.iter().any(|n| n == "Übersicht") {
                ("xl/worksheets/sheet2.xml", "Übersicht")
            } else {
                ("xl/worksheets/sheet1.xml", namen[0].as_str())
            };
            let links: BTreeSet<String> = alle(&t[inhalt], "location=\"", "\"")
                .iter()
                .map(|l| l.replace("&apos;", "'"))
                .collect();
            for blatt in namen.iter().filter(|n| *n != selbst) {
                assert!(
                    links.contains(&format!("'{blatt}'!A1")),
                    "{}: no link to „{blatt}“ in {links:?}",
                    pfad.display()
                );
            }
        }
    }
    assert!(geprueft > 50, "{geprueft} traffic-light rules");
}

#[test]
fn no_raw_input_row_outside_the_audit_workbook() {
    let (_aus, m) = demo();
    let roh: BTreeSet<String> = csv_lesen(&m.join("abgewiesen.csv"))
        .into_iter()
        .map(|z| z["inhalt"].trim_start_matches('\'').to_string())
        .filter(|r| r.len() > 3)
        .collect();
    assert!(roh.len() > 20, "the demo has rejected rows");
    let mut im_protokoll = BTreeSet::new();
    for pfad in arbeitsmappen(&m) {
        let pruefung = pfad
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("Pruefprotokoll_");
        let mut wb: Xlsx<_> = open_workbook(&pfad).unwrap();
        for blatt in wb.sheet_names() {
            let werte = wb.worksheet_range(&blatt).unwrap();
            for (_, _, d) in werte.used_cells() {
                let s = d.to_string();
                if roh.contains(&s) {
                    assert!(
                        pruefung,
                        "{} „{blatt}“ holds the raw input row „{s}“",
                        pfad.display()
                    );
                    im_protokoll.insert(s);
                }
            }
        }
    }
    assert_eq!(
        im_protokoll, roh,
        "every rejected row in the audit workbook"
    );
}

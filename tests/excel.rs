//! Excel exports as people and tools really save them, and workbooks built to break the run
//! (SPEC §2 „Excel“, §5): each case against the same rows as CSV, or refused with exit 2 naming
//! the file, in bounded memory. The workbooks are written part by part here, so that the XML is
//! exactly the case (rust_xlsxwriter writes only well-formed, ordered sheets).

use std::io::Write;
use std::path::Path;

use crate::harness::{csv_lesen, export, run, tempdir};

const KOPF: [&str; 5] = [
    "Kundennummer",
    "Geburtsdatum",
    "Kundenstatus AV",
    "Zugangsdatum",
    "Team",
];
const ORG: &str = "Team;Geschäftsstelle\n611;Mitte\n";
const VERMERKE: &str = "Kundennummer;Vermerkdatum;Vermerktyp\n0000000042;2025-03-01;Beratungsvermerk\nA2;2025-02-01;Beratungsvermerk\n";

/// A cell of the sheet XML: inline text.
fn t(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The header row at row 1.
fn kopfzeile() -> String {
    let zellen: String = KOPF
        .iter()
        .enumerate()
        .map(|(i, k)| t(&format!("{}1", (b'A' + i as u8) as char), k))
        .collect();
    format!(r#"<row r="1">{zellen}</row>"#)
}

/// A customer row at row `r`, every cell as text.
fn kunde(r: u32, nr: &str) -> String {
    format!(
        r#"<row r="{r}">{}{}{}{}{}</row>"#,
        t(&format!("A{r}"), nr),
        t(&format!("B{r}"), "01.01.1980"),
        t(&format!("C{r}"), "Arbeitslos"),
        t(&format!("D{r}"), "01.01.2024"),
        t(&format!("E{r}"), "611")
    )
}

/// A workbook of one sheet whose `<sheetData>` holds `zeilen`, with `dimension` and `styles`.
fn mappe(dimension: &str, zeilen: &str, styles: &str) -> Vec<u8> {
    mappe_mit(dimension, Some(zeilen), styles, |_| {})
}

/// The same, and more parts written by `dazu` (large ones streamed into the container); without
/// `zeilen`, `dazu` writes the sheet.
fn mappe_mit(
    dimension: &str,
    zeilen: Option<&str>,
    styles: &str,
    dazu: impl FnOnce(&mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>),
) -> Vec<u8> {
    let blatt = zeilen.map(|zeilen| format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{zeilen}</sheetData></worksheet>"#
    ));
    let mut teile = vec![
        ("[Content_Types].xml", b"<Types/>".as_slice()),
        (
            "_rels/.rels",
            br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Kunden" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
        ),
        ("xl/styles.xml", styles.as_bytes()),
    ];
    if let Some(b) = &blatt {
        teile.push(("xl/worksheets/sheet1.xml", b.as_bytes()));
    }
    zip_teile_mit(&teile, dazu)
}

fn zip_teile(teile: &[(&str, &[u8])]) -> Vec<u8> {
    zip_teile_mit(teile, |_| {})
}

fn zip_teile_mit(
    teile: &[(&str, &[u8])],
    dazu: impl FnOnce(&mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>),
) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, inhalt) in teile {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(inhalt).unwrap();
    }
    dazu(&mut w);
    w.finish().unwrap().into_inner()
}

/// Streams `sharedStrings.xml` into the container: `anfang`, `n` times `stueck`, `ende`.
fn zeichenketten(
    w: &mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
    (anfang, stueck, n, ende): (&[u8], &[u8], usize, &[u8]),
) {
    w.start_file(
        "xl/sharedStrings.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(anfang).unwrap();
    for _ in 0..n {
        w.write_all(stueck).unwrap();
    }
    w.write_all(ende).unwrap();
}

const STILE: &str = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0000000000"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;

/// An export of month 2025-03 with `kunden.xlsx`.
fn export_mit(kunden: &[u8]) -> tempfile::TempDir {
    let ein = tempdir();
    export(
        ein.path(),
        &[
            ("2025-03/kunden.xlsx", kunden),
            ("2025-03/vermerke.csv", VERMERKE.as_bytes()),
            ("2025-03/organisation.csv", ORG.as_bytes()),
        ],
    );
    ein
}

fn kundennummern(aus: &Path) -> Vec<String> {
    csv_lesen(&aus.join("2025-03/einzeldaten.csv"))
        .into_iter()
        .map(|z| z["kundennummer"].clone())
        .collect()
}

fn abgewiesen(aus: &Path) -> Vec<(String, String)> {
    csv_lesen(&aus.join("2025-03/abgewiesen.csv"))
        .into_iter()
        .map(|z| (z["zeile"].clone(), z["grund"].clone()))
        .collect()
}

/// The customers of a `kunden.xlsx` of `zeilen` (declared range `dimension`), after checking
/// that the run rejected no row.
fn ohne_abweisung(dimension: &str, zeilen: &str) -> Vec<String> {
    let ein = export_mit(&mappe(dimension, zeilen, STILE));
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    assert!(abgewiesen(aus.path()).is_empty());
    kundennummern(aus.path())
}

#[test]
fn a_declared_range_narrower_than_the_header_keeps_every_row() {
    let zeilen = format!("{}{}{}", kopfzeile(), kunde(2, "A1"), kunde(3, "A2"));
    assert_eq!(ohne_abweisung("A1:C3", &zeilen), ["A1", "A2"]);
}

#[test]
fn a_stray_header_cell_far_out_neither_pads_the_rows_nor_rejects_them() {
    // „Notiz“ typed into XFD1 by hand; rows end at their last value, two of them before the
    // header's last contract column (Team empty: a customer without a team).
    let zeilen = format!(
        r#"{}{}<row r="3">{}{}{}{}</row>"#,
        kopfzeile().replace("</row>", &t("XFD1", "Notiz")) + "</row>",
        kunde(2, "A1"),
        t("A3", "A2"),
        t("B3", "01.01.1980"),
        t("C3", "Arbeitslos"),
        t("D3", "01.01.2024")
    );
    assert_eq!(ohne_abweisung("A1:XFD3", &zeilen), ["A1", "A2"]);
}

#[test]
fn iso_date_cells_and_zero_padded_numbers_read_as_excel_shows_them() {
    // Kundennummer 42 stored as a number formatted 0000000000; birth and entry dates as ISO
    // date cells (t="d"), as some tools write them.
    let zeilen = format!(
        r#"{}<row r="2"><c r="A2" s="1"><v>42</v></c><c r="B2" t="d"><v>1980-01-01T00:00:00</v></c>{}<c r="D2" t="d"><v>2024-01-01T00:00:00</v></c><c r="E2"><v>611</v></c></row>"#,
        kopfzeile(),
        t("C2", "Arbeitslos")
    );
    let ein = export_mit(&mappe("A1:E2", &zeilen, STILE));
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    assert!(abgewiesen(aus.path()).is_empty());
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["kundennummer"], "0000000042");
    // The note of 0000000042 matched: counselled on 1 March.
    assert_eq!(e[0]["letzte_beratung"], "2025-03-01");
}

#[test]
fn an_error_cell_rejects_its_row_only_in_a_column_the_run_reads() {
    let spill = r#"<c r="F{r}" t="e"><v>#SPILL!</v></c>"#;
    let fehler_in_b3 = format!(
        r#"<row r="3">{}<c r="B3" t="e"><v>#N/A</v></c>{}{}{}</row>"#,
        t("A3", "A2"),
        t("C3", "Arbeitslos"),
        t("D3", "01.01.2024"),
        t("E3", "611")
    );
    let zeilen = [
        kopfzeile().replace("</row>", &t("F1", "Bemerkung")) + "</row>",
        kunde(2, "A1").replace("</row>", &spill.replace("{r}", "2")) + "</row>",
        fehler_in_b3,
        kunde(4, "A3"),
    ]
    .concat();
    let ein = export_mit(&mappe("A1:F4", &zeilen, STILE));
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    assert_eq!(kundennummern(aus.path()), ["A1", "A3"]);
    let ab = abgewiesen(aus.path());
    assert_eq!(ab.len(), 1, "{ab:?}");
    assert_eq!(ab[0].0, "3");
    assert!(ab[0].1.contains("Excel-Fehlerwert „#N/A“"), "{ab:?}");
}

#[test]
fn an_empty_row_inside_the_table_is_skipped_like_a_blank_line() {
    let zeilen = format!(
        r#"{}{}<row r="3"><c r="A3" s="1"/><c r="B3" t="inlineStr"><is><t> </t></is></c></row>{}"#,
        kopfzeile(),
        kunde(2, "A1"),
        kunde(5, "A2")
    );
    assert_eq!(ohne_abweisung("A1:E5", &zeilen), ["A1", "A2"]);
}

#[test]
fn rows_twice_or_out_of_order_stop_the_run_naming_file_and_row() {
    for (zeilen, zeile) in [
        (
            format!("{}{}{}", kopfzeile(), kunde(3, "A1"), kunde(2, "A2")),
            "Zeile 2 steht nach Zeile 3",
        ),
        (
            format!("{}{}{}", kopfzeile(), kunde(20, "A1"), kunde(20, "A2")),
            "Zeile 20 steht nach Zeile 20",
        ),
    ] {
        let ein = export_mit(&mappe("A1:E20", &zeilen, STILE));
        let aus = tempdir();
        run(ein.path(), "2025-03", aus.path(), &[])
            .status(2)
            .meldet("kunden.xlsx")
            .meldet(zeile);
        assert!(!aus.path().join("2025-03").exists());
    }
}

#[test]
fn an_ods_or_a_row_past_excels_last_is_refused_saying_what_it_is() {
    let ods = zip_teile(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
        ),
        ("content.xml", b"<office:document-content/>"),
    ]);
    let fern = mappe(
        "A1:E2",
        &format!("{}{}", kopfzeile(), kunde(4_000_000_000, "A1")),
        STILE,
    );
    for (bytes, grund) in [
        (ods, "OpenDocument-Tabelle (.ods)"),
        (fern, "Zeilennummer 4000000000"),
    ] {
        let ein = export_mit(&bytes);
        let aus = tempdir();
        run(ein.path(), "2025-03", aus.path(), &[])
            .status(2)
            .meldet("kunden.xlsx")
            .meldet(grund);
    }
}

/// Runs the binary on `ein` for 2025-03 and returns its exit status, error output and peak
/// resident memory in MB. The peak is the run's own high-water mark (`VmHWM` of its process,
/// read every few milliseconds until it ends): `wait4`'s figure would include the memory of
/// this test process, which the child shares until it executes the binary.
fn lauf_mit_spitze(ein: &Path, aus: &Path) -> (i32, String, u64) {
    let fehler = tempfile::NamedTempFile::new().unwrap();
    let mut kind = std::process::Command::new(env!("CARGO_BIN_EXE_beratungsreport"))
        .args(["run", "--quiet", "--month", "2025-03", "--input"])
        .arg(ein)
        .arg("--out")
        .arg(aus)
        .stdout(std::process::Stdio::null())
        .stderr(fehler.reopen().unwrap())
        .spawn()
        .unwrap();
    let status_datei = format!("/proc/{}/status", kind.id());
    let mut spitze_kb = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_datei) {
            if let Some(kb) = text
                .lines()
                .find_map(|z| z.strip_prefix("VmHWM:"))
                .and_then(|w| w.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                spitze_kb = spitze_kb.max(kb);
            }
        }
        if let Some(s) = kind.try_wait().unwrap() {
            break s;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let stderr = std::fs::read_to_string(fehler.path()).unwrap();
    (status.code().unwrap_or(-1), stderr, spitze_kb / 1024)
}

#[test]
fn excel_bombs_are_refused_in_bounded_memory() {
    // One shared string of 600 MB (a 0.6 MB part compressed), and 60 million shared strings
    // (compressed about 100-fold: refused by the table's memory budget, not by the ratio).
    let zeile = format!(
        r#"{}<row r="2"><c r="A2" t="s"><v>0</v></c></row>"#,
        kopfzeile()
    );
    let x = vec![b'x'; 1 << 20];
    let gross = mappe_mit("A1:E2", Some(&zeile), STILE, |w| {
        zeichenketten(w, (b"<sst><si><t>", &x, 600, b"</t></si></sst>"))
    });
    let block = "<si><t>K1234567</t></si>".repeat(10_000);
    let viele = mappe_mit("A1:E2", Some(&zeile), STILE, |w| {
        zeichenketten(w, (b"<sst>", block.as_bytes(), 6_000, b"</sst>"))
    });
    // A sheet of 200 MB of elements no sheet has, compressed a thousandfold.
    let leer = "<x/>".repeat(1 << 18);
    let bombe = mappe_mit("A1:E2", None, STILE, |w| {
        w.start_file(
            "xl/worksheets/sheet1.xml",
            zip::write::SimpleFileOptions::default().compression_level(Some(9)),
        )
        .unwrap();
        for _ in 0..200 {
            w.write_all(leer.as_bytes()).unwrap();
        }
    });
    // One inline cell of 600 MB.
    let zelle = mappe_mit("A1:A1", None, STILE, |w| {
        w.start_file(
            "xl/worksheets/sheet1.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#)
            .unwrap();
        for _ in 0..600 {
            w.write_all(&x).unwrap();
        }
        w.write_all(b"</t></is></c></row></sheetData></worksheet>")
            .unwrap();
    });
    // One row of 20,000 cells without references: past column XFD.
    let breit = mappe(
        "A1:E2",
        &format!(
            r#"{}<row r="2">{}</row>"#,
            kopfzeile(),
            "<c><v>1</v></c>".repeat(20_000)
        ),
        STILE,
    );
    for (bytes, grund) in [
        (gross, "32.767 Zeichen"),
        (viele, "Tabelle der Zeichenketten"),
        (bombe, "250-Fache"),
        (zelle, "32.767 Zeichen"),
        (breit, "16.384 Spalten"),
    ] {
        let ein = export_mit(&bytes);
        let aus = tempdir();
        let (status, stderr, mb) = lauf_mit_spitze(ein.path(), aus.path());
        assert_eq!(status, 2, "{stderr}");
        assert!(
            stderr.contains("kunden.xlsx") && stderr.contains(grund),
            "{stderr}"
        );
        assert!(mb < 1024, "peak {mb} MB");
        assert!(!aus.path().join("2025-03").exists());
    }
    // A legal sheet: one blank typed into XFD1048576 after the customers.
    let zeilen = format!(
        r#"{}{}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row>"#,
        kopfzeile(),
        kunde(2, "A1")
    );
    let ein = export_mit(&mappe("A1:XFD1048576", &zeilen, STILE));
    let aus = tempdir();
    let (status, stderr, mb) = lauf_mit_spitze(ein.path(), aus.path());
    assert_eq!(status, 0, "{stderr}");
    assert!(mb < 300, "peak {mb} MB");
    // The run's own record of its peak agrees.
    let l: serde_json::Value =
        serde_json::from_slice(&std::fs::read(aus.path().join("2025-03/laufzeiten.json")).unwrap())
            .unwrap();
    assert!(l["spitzenspeicher_mb"].as_u64().unwrap() < 300);
    assert_eq!(kundennummern(aus.path()), ["A1"]);
}

// --- rules files and folders besides M (SPEC §5) ------------------------------------------

/// A CSV export of one customer, A1.
fn ein_kunde() -> tempfile::TempDir {
    crate::harness::monatsexport(
        format!(
            "{}\nA1;01.01.1980;Arbeitslos;01.01.2024;611\n",
            KOPF.join(";")
        ),
        VERMERKE,
        ORG,
    )
}

/// The standard rules with `ersetzen` applied to its text.
fn regeln_mit(dir: &Path, von: &str, nach: &str) -> String {
    let text =
        std::fs::read_to_string(crate::harness::root().join("fixtures/regeln/standard.toml"))
            .unwrap();
    assert!(text.contains(von));
    let p = dir.join("regeln.toml");
    std::fs::write(&p, text.replacen(von, nach, 1)).unwrap();
    p.display().to_string()
}

#[test]
fn planning_values_that_would_make_a_figure_infinite_are_refused_naming_version_and_key() {
    let ein = ein_kunde();
    let verteilen = |regeln: &str| {
        let aus = tempdir();
        run(
            ein.path(),
            "2025-03",
            aus.path(),
            &["--rules", regeln, "--verteilung"],
        )
    };
    for (wert, schluessel) in [
        (
            "richtwert_gespraeche_woche = 5e-324",
            "richtwert_gespraeche_woche",
        ),
        (
            "richtwert_gespraeche_woche = 0.99",
            "richtwert_gespraeche_woche",
        ),
        (
            "richtwert_gespraeche_woche = 201",
            "richtwert_gespraeche_woche",
        ),
        (
            "richtwert_gespraeche_woche = nan",
            "richtwert_gespraeche_woche",
        ),
        ("wochenstunden = 1e-300", "wochenstunden"),
        ("wochenstunden = 168.5", "wochenstunden"),
    ] {
        let (k, v) = wert.split_once(" = ").unwrap();
        let ziel = if k == "wochenstunden" {
            "wochenstunden = 39"
        } else {
            "richtwert_gespraeche_woche = 20"
        };
        let d = tempdir();
        let regeln = regeln_mit(d.path(), ziel, &format!("{k} = {v}"));
        verteilen(&regeln)
            .status(2)
            .meldet("Fassung 1.2")
            .meldet(schluessel);
    }
    // The bounds themselves are allowed.
    let d = tempdir();
    let regeln = regeln_mit(
        d.path(),
        "richtwert_gespraeche_woche = 20, wochenstunden = 39",
        "richtwert_gespraeche_woche = 1, wochenstunden = 168",
    );
    verteilen(&regeln).ok();
}

#[test]
fn a_condition_may_name_a_hundred_site_columns() {
    let namen: Vec<String> = (0..100).map(|i| format!("merkmal{i}")).collect();
    let bedingung = namen
        .iter()
        .map(|n| format!("{n} = 'x'"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let d = tempdir();
    let regeln = regeln_mit(
        d.path(),
        "bedingung = \"massnahmeteilnahme\"",
        &format!("bedingung = \"massnahmeteilnahme OR ({bedingung})\""),
    );
    let kopf = format!("{};{}", KOPF.join(";"), namen.join(";"));
    let alle_x = vec!["x"; 100].join(";");
    let mut einmal_y = vec!["x"; 100];
    einmal_y[99] = "y";
    let k = format!(
        "{kopf}\nA1;01.01.1980;Arbeitslos;01.01.2024;611;{alle_x}\nA2;01.01.1980;Arbeitslos;01.01.2024;611;{}\n",
        einmal_y.join(";")
    );
    let ein = crate::harness::monatsexport(&k, VERMERKE, ORG);
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &["--rules", &regeln]).ok();
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e[0]["kundennummer"], "A1");
    assert_eq!(e[0]["kundengruppe"], "massnahme");
    assert_eq!(e[1]["kundennummer"], "A2");
    assert_eq!(e[1]["kundengruppe"], "ue25_arbeitslos");
    // The same rules on an export without those columns: exit 2 naming one.
    let ein = ein_kunde();
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &["--rules", &regeln])
        .status(2)
        .meldet("merkmal0");
}

#[test]
fn a_mostly_rejected_last_month_leaves_the_nachhaltung_empty_with_a_warning() {
    let gut = |n: usize| {
        let mut s = format!("{}\n", KOPF.join(";"));
        for i in 0..n {
            s.push_str(&format!("K{i};01.01.1980;Arbeitslos;01.01.2024;611\n"));
        }
        s
    };
    let schlecht = gut(150).replace("01.01.1980", "1980/01/15");
    let ein = tempdir();
    export(
        ein.path(),
        &[
            ("2025-02/kunden.csv", schlecht.as_bytes()),
            ("2025-02/vermerke.csv", VERMERKE.as_bytes()),
            ("2025-02/organisation.csv", ORG.as_bytes()),
            ("2025-03/kunden.csv", gut(150).as_bytes()),
            ("2025-03/vermerke.csv", VERMERKE.as_bytes()),
            ("2025-03/organisation.csv", ORG.as_bytes()),
        ],
    );
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &["--verteilung"])
        .ok()
        .meldet("2025-02/kunden.csv: 150 von 150 Zeilen abgewiesen")
        .meldet("Geburtsdatum");
    let p = csv_lesen(&aus.path().join("2025-03/planung.csv"));
    assert!(!p.is_empty());
    for z in &p {
        for spalte in crate::planung::NACHHALTUNG {
            assert_eq!(z[spalte], "", "{spalte} in {z:?}");
        }
    }
}

#[test]
fn a_binary_last_month_is_named_as_such_not_printed() {
    let ein = ein_kunde();
    // Bytes no export holds: a header of control characters and Windows-1252 mojibake.
    let mut binaer: Vec<u8> = (0u8..=255).cycle().take(3000).collect();
    binaer.rotate_left(1);
    export(
        ein.path(),
        &[
            ("2025-02/kunden.csv", &binaer),
            ("2025-02/organisation.csv", ORG.as_bytes()),
        ],
    );
    let aus = tempdir();
    let l = run(ein.path(), "2025-03", aus.path(), &["--verteilung"])
        .ok()
        .meldet("2025-02/kunden.csv")
        .meldet("die Kopfzeile enthält Steuerzeichen");
    assert!(!l.stderr.contains("Gefundene Spalten"), "{}", l.stderr);
}

//! Exports written by other tools (SPEC §2): every quoting style, encoding and line end gives
//! the same figures; each reader defect found with hostile exports has its regression test.

use std::path::Path;

use crate::harness::{csv_lesen, generieren, monatsexport, run, sha256_hex, tempdir};

const KOPF: &str = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team";
const ORG: &str = "Team;Geschäftsstelle\n611;Mitte\n";

#[derive(Clone, Copy, Debug)]
enum Quotes {
    NurKopf,
    WoNoetig,
    Alle,
}

/// Rewrites every CSV of the export `von` into `nach` in the given style, with an independent
/// writer (the csv crate): the same values, other bytes.
fn umschreiben(von: &Path, nach: &Path, quotes: Quotes, cp1252: bool, ende: &[u8]) {
    for monat in std::fs::read_dir(von).unwrap().flatten() {
        for datei in std::fs::read_dir(monat.path()).unwrap().flatten() {
            let roh = std::fs::read(datei.path()).unwrap();
            let text = match std::str::from_utf8(&roh) {
                Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
                Err(_) => encoding_rs::WINDOWS_1252.decode(&roh).0.into_owned(),
            };
            let mut leser = csv::ReaderBuilder::new()
                .delimiter(b';')
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut aus = Vec::new();
            for (i, satz) in leser.records().enumerate() {
                let satz = satz.unwrap();
                let stil = match (quotes, i) {
                    (Quotes::NurKopf, 0) | (Quotes::Alle, _) => csv::QuoteStyle::Always,
                    _ => csv::QuoteStyle::Necessary,
                };
                let mut w = csv::WriterBuilder::new()
                    .delimiter(b';')
                    .quote_style(stil)
                    .terminator(csv::Terminator::Any(b'\n'))
                    .from_writer(Vec::new());
                w.write_record(&satz).unwrap();
                let mut zeile = w.into_inner().unwrap();
                zeile.pop();
                aus.extend_from_slice(&zeile);
                aus.extend_from_slice(ende);
            }
            let aus = if cp1252 {
                let t = String::from_utf8(aus).unwrap();
                encoding_rs::WINDOWS_1252.encode(&t).0.into_owned()
            } else {
                aus
            };
            let ziel = nach.join(monat.file_name()).join(datei.file_name());
            std::fs::create_dir_all(ziel.parent().unwrap()).unwrap();
            std::fs::write(ziel, aus).unwrap();
        }
    }
}

/// `kennzahlen.csv`, `einzeldaten.csv` and the rejected rows (file, line, reason).
type Ergebnis = (Vec<u8>, Vec<u8>, Vec<(String, String, String)>);

/// The outputs that must not depend on how the export was written: figures, customer rows
/// and the rejected rows' file, line and reason.
fn ergebnis(aus: &Path, monat: &str) -> Ergebnis {
    let m = aus.join(monat);
    let ab = csv_lesen(&m.join("abgewiesen.csv"))
        .into_iter()
        .map(|z| (z["datei"].clone(), z["zeile"].clone(), z["grund"].clone()))
        .collect();
    (
        std::fs::read(m.join("kennzahlen.csv")).unwrap(),
        std::fs::read(m.join("einzeldaten.csv")).unwrap(),
        ab,
    )
}

#[test]
fn every_quoting_style_encoding_and_line_end_gives_the_same_figures_and_rows() {
    let quelle = tempdir();
    generieren(quelle.path(), 400, 2, 11, &[]);
    let basis = tempdir();
    umschreiben(quelle.path(), basis.path(), Quotes::WoNoetig, false, b"\n");
    let aus = tempdir();
    run(basis.path(), "2024-02", aus.path(), &[]).ok();
    let erwartet = ergebnis(aus.path(), "2024-02");
    assert!(erwartet.0.len() > 200 && erwartet.1.len() > 10_000);
    for quotes in [Quotes::NurKopf, Quotes::WoNoetig, Quotes::Alle] {
        // (no quotes at all is the base: the generated team names hold no `;`… except when
        // they do, so the base quotes where needed, as every export must)
        for (cp1252, ende) in [
            (false, &b"\n"[..]),
            (true, b"\r\n"),
            (false, b"\r"),
            (true, b"\n"),
        ] {
            let ein = tempdir();
            umschreiben(quelle.path(), ein.path(), quotes, cp1252, ende);
            let aus = tempdir();
            run(ein.path(), "2024-02", aus.path(), &[]).ok();
            assert!(
                ergebnis(aus.path(), "2024-02") == erwartet,
                "{quotes:?}, Windows-1252 {cp1252}, line end {ende:?}"
            );
        }
    }
}

/// The record entry of the input file `pfad`.
fn eingabe(p: &serde_json::Value, pfad: &str) -> serde_json::Value {
    p["eingabedateien"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["pfad"] == pfad)
        .unwrap_or_else(|| panic!("{pfad} not in the record"))
        .clone()
}

fn protokoll(aus: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(aus.join("2025-03/protokoll.json")).unwrap()).unwrap()
}

#[test]
fn a_stray_quote_in_a_middle_column_costs_its_line_not_the_file() {
    // 206 customers, the IFK column in the middle; customer K100's IFK opens a quote that never
    // closes. A general CSV reader reads 5 rows here, one of them 15 kB long.
    let mut k = String::from("Kundennummer;Geburtsdatum;IFK;Kundenstatus AV;Zugangsdatum;Team\n");
    for i in 0..206 {
        let ifk = if i == 100 { "\"Meier" } else { "ifk1" };
        k.push_str(&format!(
            "K{i};01.01.1980;{ifk};Arbeitslos;01.01.2024;611\n"
        ));
    }
    let ein = monatsexport(
        k.as_bytes(),
        b"Kundennummer;Vermerkdatum;Vermerktyp\n\"K101\";\"2025-03-03\";Beratungsvermerk\n",
        ORG.as_bytes(),
    );
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let p = protokoll(aus.path());
    assert_eq!(p["kunden"]["gelesen"], 206);
    assert_eq!(p["kunden"]["abgewiesen"], 1);
    assert_eq!(p["kunden"]["auswertungsbestand"], 205);
    let ab = csv_lesen(&aus.path().join("2025-03/abgewiesen.csv"));
    assert_eq!(
        (ab[0]["zeile"].as_str(), ab[0]["inhalt"].as_str()),
        ("102", "K100;01.01.1980;\"Meier;Arbeitslos;01.01.2024;611")
    );
    assert!(ab[0]["grund"].contains("Anführungszeichen nicht geschlossen"));
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    let k101 = e.iter().find(|z| z["kundennummer"] == "K101").unwrap();
    assert_eq!(k101["letzte_beratung"], "2025-03-03");
    assert_eq!(k101["ifk"], "ifk1");
}

#[test]
fn a_quoted_line_break_stays_one_record_with_its_first_line_number() {
    let v = "Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart\nA1;2025-03-01;Beratungsvermerk;\"Persönlich\nim Büro\"\nA2;2025-03-0x;Beratungsvermerk;\nA3;2025-03-05;Beratungsvermerk;Video\n";
    let k = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;611\nA2;01.01.1980;Arbeitslos;01.01.2024;611\nA3;01.01.1980;Arbeitslos;01.01.2024;611\n");
    let ein = monatsexport(k.as_bytes(), v.as_bytes(), ORG.as_bytes());
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let p = protokoll(aus.path());
    assert_eq!(p["vermerke"]["gelesen"], 3);
    let ab = csv_lesen(&aus.path().join("2025-03/abgewiesen.csv"));
    assert_eq!(ab.len(), 1);
    assert_eq!(
        ab[0]["zeile"], "4",
        "the record spanning lines 2–3 counts as one"
    );
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e[0]["letzte_beratung"], "2025-03-01");
}

#[test]
fn a_bom_at_the_start_of_a_data_row_is_not_part_of_the_customer_number() {
    // Two files glued together: the second one's BOM now starts a data row.
    let k = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;611\n\u{feff}A2;01.01.1980;Arbeitslos;01.01.2024;611\n");
    let v = "Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-03-01;Beratungsvermerk\n\u{feff}A2;2025-03-02;Beratungsvermerk\n";
    let ein = monatsexport(k.as_bytes(), v.as_bytes(), ORG.as_bytes());
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    let a2 = e.iter().find(|z| z["kundennummer"] == "A2").unwrap();
    assert_eq!(a2["letzte_beratung"], "2025-03-02");
}

#[test]
fn one_windows_1252_byte_in_a_utf8_file_is_decided_per_line_never_mojibake() {
    let mut org = "Team;Teamname;Geschäftsstelle\n611;Süd;Bremen-Süd-Mitte\n"
        .as_bytes()
        .to_vec();
    org.extend_from_slice(b"612;Nord;Bremen-Wei\xDF\n");
    let k = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;611\nA2;01.01.1980;Arbeitslos;01.01.2024;612\n");
    let ein = monatsexport(
        k.as_bytes(),
        b"Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-03-01;Beratungsvermerk\n",
        &org,
    );
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let kz = std::fs::read_to_string(aus.path().join("2025-03/kennzahlen.csv")).unwrap();
    assert!(kz.contains("Bremen-Süd-Mitte") && !kz.contains("Ã"), "{kz}");
    assert!(kz.contains("Bremen-Weiß"), "{kz}");
    let p = protokoll(aus.path());
    let org = eingabe(&p, "2025-03/organisation.csv");
    assert_eq!(org["kodierung"], "UTF-8 und Windows-1252 (zeilenweise)");
}

#[test]
fn rows_rejected_before_a_quote_beyond_the_first_block_are_listed_once() {
    // 17 MB of notes: rejected rows at the start, the first quote after 16 MB.
    let mut v = String::from("Kundennummer;Vermerkdatum;Vermerktyp\n;2025-03-01;Beratungsvermerk\nA1;kein Datum;Beratungsvermerk\n");
    while v.len() < 17 << 20 {
        v.push_str("A1;2025-03-01;Telefonvermerk\n");
    }
    v.push_str("\"A1\";2025-03-02;Beratungsvermerk\n");
    let k = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;611\n");
    let ein = monatsexport(k.as_bytes(), v.as_bytes(), ORG.as_bytes());
    let aus = tempdir();
    // `run` checks the reconciliation: rejected rows listed = rejected rows counted.
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let ab = csv_lesen(&aus.path().join("2025-03/abgewiesen.csv"));
    let zeilen: Vec<&str> = ab.iter().map(|z| z["zeile"].as_str()).collect();
    assert_eq!(&zeilen[..2], ["2", "3"]);
    assert_eq!(ab.len(), 2, "each listed once");
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e[0]["letzte_beratung"], "2025-03-02");
}

#[test]
fn more_than_65536_note_types_never_wrap_onto_another_type() {
    // Types sort by name: „Beratungsvermerk“ first, then „Typ 000000“ … „Typ 069999“. The type
    // ranked 65,536 is „Typ 065535“ — a 16-bit index would read it as „Beratungsvermerk“.
    let mut v =
        String::from("Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-01-10;Beratungsvermerk\n");
    for i in 0..70_000 {
        v.push_str(&format!("X{i};2025-03-01;Typ {i:06}\n"));
    }
    v.push_str("A2;2025-03-10;Typ 065535\n");
    let k = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;611\nA2;01.01.1980;Arbeitslos;01.01.2024;611\n");
    let ein = monatsexport(k.as_bytes(), v.as_bytes(), ORG.as_bytes());
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    let a2 = e.iter().find(|z| z["kundennummer"] == "A2").unwrap();
    assert_eq!(a2["letzte_beratung"], "", "never counselled");
    let a1 = e.iter().find(|z| z["kundennummer"] == "A1").unwrap();
    assert_eq!(a1["letzte_beratung"], "2025-01-10");
}

#[test]
fn a_file_corrected_in_place_with_size_and_mtime_kept_gives_new_figures_and_its_hash() {
    let k = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;611\n");
    let ein = monatsexport(
        k.as_bytes(),
        b"Kundennummer;Vermerkdatum;Vermerktyp\nA1;2024-03-01;Beratungsvermerk\n",
        ORG.as_bytes(),
    );
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let v = ein.path().join("2025-03/vermerke.csv");
    let mtime = std::fs::metadata(&v).unwrap().modified().unwrap();
    let neu = b"Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-03-01;Beratungsvermerk\n";
    std::fs::write(&v, neu).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&v)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e[0]["letzte_beratung"], "2025-03-01");
    let p = protokoll(aus.path());
    let eintrag = eingabe(&p, "2025-03/vermerke.csv");
    assert_eq!(eintrag["sha256"], sha256_hex(neu).as_str());
}

#[test]
fn an_absent_optional_column_is_named_with_its_meaning_and_fails_under_strict() {
    // `Abgangsdatum` renamed by the site: the deregistered customer A2 stays in the population
    // — said on stderr, in the record and on the Prüfprotokoll.
    let k = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Abmeldedatum;Team\nA1;01.01.1980;Arbeitslos;01.01.2024;;611\nA2;01.01.1980;Arbeitslos;01.01.2024;01.02.2025;611\n";
    let ein = monatsexport(k.as_bytes(), b"Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart;Ersteller\nA1;2025-03-01;Beratungsvermerk;;\n", "Team;Teamname;Geschäftsstelle\n611;A;Mitte\n".as_bytes());
    let aus = tempdir();
    let l = run(ein.path(), "2025-03", aus.path(), &[]).ok();
    assert!(
        l.stderr.contains("2025-03/kunden.csv: Spalte „Abgangsdatum“ fehlt – abgemeldete Kund:innen bleiben im Auswertungsbestand"),
        "{}",
        l.stderr
    );
    let p = protokoll(aus.path());
    assert_eq!(p["kunden"]["auswertungsbestand"], 2);
    let kunden = eingabe(&p, "2025-03/kunden.csv");
    let fehlend: Vec<&str> = kunden["fehlende_spalten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["spalte"].as_str().unwrap())
        .collect();
    assert_eq!(
        fehlend,
        [
            "Kundenstatus BB",
            "Abgangsdatum",
            "Fallmanagement",
            "Maßnahmeteilnahme",
            "Vollzeitschulpflicht",
            "Sperrkennzeichen",
            "IFK"
        ]
    );
    let mut mappe: calamine::Xlsx<_> =
        calamine::open_workbook(aus.path().join("2025-03/Pruefprotokoll_2025-03.xlsx")).unwrap();
    use calamine::Reader;
    let blatt = mappe.worksheet_range("Eingelesene Dateien").unwrap();
    let zelle = blatt
        .rows()
        .find(|z| z[0] == "2025-03/kunden.csv")
        .map(|z| z[4].to_string())
        .unwrap();
    assert!(
        zelle.contains("Abgangsdatum (abgemeldete Kund:innen bleiben im Auswertungsbestand)"),
        "{zelle}"
    );
    // Under --strict: exit 3, the outputs written.
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &["--strict"])
        .status(3)
        .meldet("optionale Spalten fehlen (--strict)");
    assert!(aus.path().join("2025-03/kennzahlen.csv").exists());
}

#[test]
fn a_dos_end_of_file_mark_is_ignored() {
    let k = format!("{KOPF}\r\nA1;01.01.1980;Arbeitslos;01.01.2024;611\r\n\x1a");
    let ein = monatsexport(
        k.as_bytes(),
        b"Kundennummer;Vermerkdatum;Vermerktyp\r\nA1;2025-03-01;Beratungsvermerk\x1a",
        b"Team;Gesch\xE4ftsstelle\r\n611;Mitte\r\n\x1a",
    );
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let p = protokoll(aus.path());
    assert_eq!(
        (
            p["kunden"]["abgewiesen"].as_u64(),
            p["vermerke"]["abgewiesen"].as_u64()
        ),
        (Some(0), Some(0))
    );
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e[0]["letzte_beratung"], "2025-03-01");
}

/// The run's own peak memory (VmHWM, in its `laufzeiten.json`): a parent's `wait4` would count
/// the memory of the test process, which the child shares until it starts the binary.
fn spitzenspeicher_mb(aus: &Path) -> u64 {
    let l: serde_json::Value =
        serde_json::from_slice(&std::fs::read(aus.join("2025-03/laufzeiten.json")).unwrap())
            .unwrap();
    l["spitzenspeicher_mb"].as_u64().unwrap()
}

/// `kunden.csv` of customers A0 … A999, all in the population of 2025-03.
fn tausend_kunden() -> String {
    let mut k = format!("{KOPF}\n");
    for j in 0..1000 {
        k.push_str(&format!("A{j};01.01.1980;Arbeitslos;01.01.2024;611\n"));
    }
    k
}

#[test]
fn an_excel_extract_is_streamed_cell_by_cell_in_bounded_memory() {
    // 400,000 notes as vermerke.xlsx: converted whole the run peaked at 138 MB, streamed at 47.
    let mut m = rust_xlsxwriter::Workbook::new();
    let b = m.add_worksheet();
    b.write_row(0, 0, ["Kundennummer", "Vermerkdatum", "Vermerktyp"])
        .unwrap();
    for i in 0..400_000u32 {
        let z = [
            format!("A{}", i % 1000),
            format!("2025-03-{:02}", i % 28 + 1),
            "Beratungsvermerk".to_string(),
        ];
        b.write_row(i + 1, 0, z).unwrap();
    }
    let k = tausend_kunden();
    let ein = tempdir();
    crate::harness::export(
        ein.path(),
        &[
            ("2025-03/kunden.csv", k.as_bytes()),
            ("2025-03/organisation.csv", ORG.as_bytes()),
        ],
    );
    m.save(ein.path().join("2025-03/vermerke.xlsx")).unwrap();
    drop(m);
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &["--quiet"]).ok();
    let mb = spitzenspeicher_mb(aus.path());
    assert!(mb < 80, "peak {mb} MB for a 400,000-row workbook");
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(aus.path().join("2025-03/protokoll.json")).unwrap())
            .unwrap();
    assert_eq!(p["vermerke"]["gelesen"].as_u64(), Some(400_000));
    // A0's notes are rows i = 1000·k, dated (i mod 28) + 1: the latest is the 25th (as in the
    // CSV test below).
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e.len(), 1000);
    assert_eq!(e[0]["kundennummer"], "A0");
    assert_eq!(e[0]["letzte_beratung"], "2025-03-25");
}

#[test]
fn memory_stays_bounded_on_a_large_quoted_windows_1252_extract() {
    // 150 MB of notes, every field quoted, one Windows-1252 byte in the first row: the kind of
    // file that used to be read whole (859 MB for 205 MB).
    let mut v = b"\"Kundennummer\";\"Vermerkdatum\";\"Vermerktyp\";\"Kontaktart\";\"Ersteller\"\n\"A0\";\"2025-03-01\";\"Beratungsvermerk\";\"Pers\xF6nlich\";\"ifk1\"\n".to_vec();
    let mut i = 0u64;
    while v.len() < 150 << 20 {
        v.extend_from_slice(
            format!(
                "\"A{}\";\"2025-03-{:02}\";\"Beratungsvermerk\";\"Video\";\"ifk{}\"\n",
                i % 1000,
                i % 28 + 1,
                i % 7
            )
            .as_bytes(),
        );
        i += 1;
    }
    let k = tausend_kunden();
    let ein = monatsexport(k.as_bytes(), &v, ORG.as_bytes());
    drop(v);
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &["--quiet"]).ok();
    let mb = spitzenspeicher_mb(aus.path());
    assert!(mb < 100, "peak {mb} MB for a 150 MB extract");
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e.len(), 1000);
    // A0's notes are rows i = 1000·k, dated (i mod 28) + 1: 1000 ≡ 20 (mod 28), so the days
    // are 20·k mod 28 + 1 ∈ {1, 21, 13, 5, 25, 17, 9}: the latest is the 25th.
    assert_eq!(e[0]["kundennummer"], "A0");
    assert_eq!(e[0]["letzte_beratung"], "2025-03-25");
}

/// Writes every CSV of export `von` as an Excel workbook into `nach`, cells typed as a site's
/// Excel export has them: dates as date cells, `Ja`/`Nein` as booleans, plain whole numbers
/// (team codes) as numbers, everything else as text.
pub(crate) fn als_excel(von: &Path, nach: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let datum = |w: &str| {
        chrono::NaiveDate::parse_from_str(w, "%d.%m.%Y")
            .or_else(|_| chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d"))
            .ok()
    };
    for monat in std::fs::read_dir(von).unwrap().flatten() {
        if !monat.path().is_dir() {
            continue;
        }
        for datei in std::fs::read_dir(monat.path()).unwrap().flatten() {
            let roh = std::fs::read(datei.path()).unwrap();
            let text = match std::str::from_utf8(&roh) {
                Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
                Err(_) => encoding_rs::WINDOWS_1252.decode(&roh).0.into_owned(),
            };
            let mut leser = csv::ReaderBuilder::new()
                .delimiter(b';')
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut mappe = Workbook::new();
            let blatt = mappe.add_worksheet();
            let tag = Format::new().set_num_format("dd.mm.yyyy");
            let mut kopf: Vec<String> = Vec::new();
            let mut zeile = 0u32;
            for satz in leser.records() {
                let satz = satz.unwrap();
                if satz.iter().all(|f| f.trim().is_empty()) {
                    zeile += 1; // a blank line stays a blank row
                    continue;
                }
                for (j, wert) in satz.iter().enumerate() {
                    let j = j as u16;
                    let w = wert.trim();
                    let spalte = kopf.get(j as usize).map_or("", String::as_str);
                    if zeile == 0 || kopf.is_empty() {
                        blatt.write_string(zeile, j, wert).unwrap();
                    } else if let Some(d) = datum(w) {
                        let d = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .unwrap();
                        blatt
                            .write_datetime_with_format(zeile, j, &d, &tag)
                            .unwrap();
                    } else if w.eq_ignore_ascii_case("ja") || w.eq_ignore_ascii_case("nein") {
                        blatt
                            .write_boolean(zeile, j, w.eq_ignore_ascii_case("ja"))
                            .unwrap();
                    } else if spalte == "team"
                        && !w.is_empty()
                        && !w.starts_with('0')
                        && w.bytes().all(|b| b.is_ascii_digit())
                    {
                        blatt
                            .write_number(zeile, j, w.parse::<f64>().unwrap())
                            .unwrap();
                    } else {
                        blatt.write_string(zeile, j, wert).unwrap();
                    }
                }
                if kopf.is_empty() {
                    kopf = satz.iter().map(|k| k.trim().to_lowercase()).collect();
                }
                zeile += 1;
            }
            let name = datei.path().with_extension("xlsx");
            let ziel = nach.join(monat.file_name()).join(name.file_name().unwrap());
            std::fs::create_dir_all(ziel.parent().unwrap()).unwrap();
            mappe.save(&ziel).unwrap();
        }
    }
}

use chrono::Datelike;

#[test]
fn the_excel_form_of_klein_gives_the_same_figures_as_its_csvs() {
    let klein = crate::harness::root().join("fixtures/klein");
    let aus_csv = tempdir();
    run(&klein, "2025-03", aus_csv.path(), &[]).ok();
    let excel = tempdir();
    als_excel(&klein, excel.path());
    assert!(excel.path().join("2025-03/kunden.xlsx").exists());
    let aus = tempdir();
    run(excel.path(), "2025-03", aus.path(), &[]).ok();
    for datei in ["kennzahlen.csv", "einzeldaten.csv"] {
        assert_eq!(
            std::fs::read_to_string(aus.path().join("2025-03").join(datei)).unwrap(),
            std::fs::read_to_string(aus_csv.path().join("2025-03").join(datei)).unwrap(),
            "{datei}"
        );
    }
    let p = protokoll(aus.path());
    let eingaben: Vec<&str> = p["eingabedateien"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["pfad"].as_str().unwrap())
        .collect();
    assert!(eingaben.contains(&"2025-03/kunden.xlsx"), "{eingaben:?}");
    // The record names the workbook's own hash.
    let kunden = eingabe(&p, "2025-03/kunden.xlsx");
    let hash = sha256_hex(std::fs::read(excel.path().join("2025-03/kunden.xlsx")).unwrap());
    assert_eq!(kunden["sha256"], hash.as_str());
    // Rejected rows keep their row numbers (Excel's, = the CSV's lines here).
    let zeilen = |aus: &Path| -> Vec<String> {
        csv_lesen(&aus.join("2025-03/abgewiesen.csv"))
            .into_iter()
            .map(|z| format!("{}:{}", z["datei"].replace(".xlsx", ".csv"), z["zeile"]))
            .collect()
    };
    assert_eq!(zeilen(aus.path()), zeilen(aus_csv.path()));
    // Both forms of one export in a folder: ambiguous.
    std::fs::copy(
        klein.join("2025-03/kunden.csv"),
        excel.path().join("2025-03/kunden.csv"),
    )
    .unwrap();
    run(excel.path(), "2025-03", tempdir().path(), &[])
        .status(2)
        .meldet("kunden.csv und kunden.xlsx");
}

/// An export named `.xlsx` that is no readable workbook stops the run (exit 2) with
/// a German reason — a CSV saved under the wrong name, a password-protected workbook, one cut
/// off in transfer — never calamine's English („Cannot detect file format“).
#[test]
fn an_unreadable_workbook_is_named_in_german() {
    let klein = crate::harness::root().join("fixtures/klein");
    let echte = {
        let aus = tempdir();
        run(&klein, "2025-03", aus.path(), &[]).ok();
        std::fs::read(aus.path().join("2025-03/Beratungscontrolling_2025-03.xlsx")).unwrap()
    };
    // An OLE compound file as Excel writes an encrypted workbook: the header, and the
    // stream names „EncryptionInfo“ / „EncryptedPackage“ in UTF-16LE in its directory.
    let mut verschluesselt = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    verschluesselt.resize(1024, 0);
    for name in ["EncryptionInfo", "EncryptedPackage"] {
        verschluesselt.extend(name.encode_utf16().flat_map(|u| u.to_le_bytes()));
        verschluesselt.resize(verschluesselt.len() + 64, 0);
    }
    let csv = std::fs::read(klein.join("2025-03/kunden.csv")).unwrap();
    for (inhalt, grund) in [
        (csv, "vermutlich eine CSV-Datei mit der Endung .xlsx"),
        (verschluesselt, "mit einem Kennwort verschlüsselt"),
        (
            echte[..echte.len() / 2].to_vec(),
            "beschädigt oder unvollständig",
        ),
    ] {
        let ein = tempdir();
        for d in ["kunden.csv", "vermerke.csv", "organisation.csv"] {
            std::fs::create_dir_all(ein.path().join("2025-03")).unwrap();
            std::fs::copy(
                klein.join("2025-03").join(d),
                ein.path().join("2025-03").join(d),
            )
            .unwrap();
        }
        std::fs::remove_file(ein.path().join("2025-03/kunden.csv")).unwrap();
        std::fs::write(ein.path().join("2025-03/kunden.xlsx"), inhalt).unwrap();
        let aus = tempdir();
        let l = run(ein.path(), "2025-03", aus.path(), &[])
            .status(2)
            .meldet("kunden.xlsx")
            .meldet(grund);
        for englisch in ["Cannot", "detect", "format", "Zip", "invalid"] {
            assert!(!l.stderr.contains(englisch), "{}", l.stderr);
        }
        assert!(!aus.path().join("2025-03").exists());
    }
}

#[test]
fn site_column_names_with_spalten_give_the_same_figures() {
    let quelle = tempdir();
    generieren(quelle.path(), 300, 2, 21, &[]);
    let aus = tempdir();
    run(quelle.path(), "2024-02", aus.path(), &[]).ok();
    let erwartet = ergebnis(aus.path(), "2024-02");
    // The same export with the site's headers.
    let umbenannt = tempdir();
    umschreiben(
        quelle.path(),
        umbenannt.path(),
        Quotes::WoNoetig,
        false,
        b"\n",
    );
    for monat in ["2024-01", "2024-02"] {
        for (datei, alt, neu) in [
            ("kunden.csv", "Kundennummer", "Kd.-Nr."),
            ("kunden.csv", "Abgangsdatum", "Abmeldedatum"),
            ("vermerke.csv", "Vermerkdatum", "Datum"),
            ("organisation.csv", "Geschäftsstelle", "GS"),
        ] {
            let p = umbenannt.path().join(monat).join(datei);
            let text = std::fs::read_to_string(&p).unwrap();
            let (kopf, rest) = text.split_once('\n').unwrap();
            assert!(kopf.contains(alt), "{kopf}");
            std::fs::write(&p, format!("{}\n{rest}", kopf.replace(alt, neu))).unwrap();
        }
    }
    let spalten = umbenannt.path().join("spalten.toml");
    std::fs::write(
        &spalten,
        "[kunden]\nKundennummer = \"Kd.-Nr.\"\nAbgangsdatum = \"Abmeldedatum\"\n\n[vermerke]\nVermerkdatum = \"Datum\"\n\n[organisation]\n\"Geschäftsstelle\" = \"GS\"\n",
    )
    .unwrap();
    let spalten_arg = spalten.display().to_string();
    let aus = tempdir();
    run(
        umbenannt.path(),
        "2024-02",
        aus.path(),
        &["--spalten", &spalten_arg],
    )
    .ok();
    assert!(ergebnis(aus.path(), "2024-02") == erwartet);
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(aus.path().join("2024-02/protokoll.json")).unwrap())
            .unwrap();
    assert_eq!(
        p["spaltenzuordnung"]["kunden"]["Abgangsdatum"],
        "Abmeldedatum"
    );
    assert_eq!(
        p["spaltenzuordnung"]["organisation"]["Geschäftsstelle"],
        "GS"
    );
    // Without the mapping: the required column is missing, named with what was found.
    run(umbenannt.path(), "2024-02", tempdir().path(), &[])
        .status(2)
        .meldet("Pflichtspalte „Geschäftsstelle“ fehlt")
        .meldet("„GS“");
    // A mapping naming a column the contract does not have: exit 2 before reading.
    std::fs::write(&spalten, "[kunden]\nKundenummer = \"Kd.-Nr.\"\n").unwrap();
    run(
        umbenannt.path(),
        "2024-02",
        tempdir().path(),
        &["--spalten", &spalten_arg],
    )
    .status(2)
    .meldet("unbekannte Spalte „Kundenummer“ in [kunden]");
}

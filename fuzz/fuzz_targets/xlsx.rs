//! Fuzzes the Excel reader: the input's bytes become the first sheet's XML and the shared
//! strings of an otherwise well-formed workbook (split at the first NUL byte), and — every
//! time — the whole file as it stands. Any input must give CSV or a German reason — never a
//! panic, never a line past Excel's last row, never invalid UTF-8.
#![no_main]

use std::io::{Read, Write};
use std::path::Path;

use beratungsreport::ingest::xlsx::csv_strom;
use libfuzzer_sys::fuzz_target;

fn mappe(blatt: &[u8], zeichenketten: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, inhalt) in [
        ("xl/workbook.xml", &br#"<workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>"#[..]),
        ("xl/_rels/workbook.xml.rels", br#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="x/styles" Target="styles.xml"/></Relationships>"#),
        ("xl/styles.xml", br#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0000000000"/></numFmts><cellXfs><xf/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>"#),
        ("xl/sharedStrings.xml", zeichenketten),
        ("xl/worksheets/sheet1.xml", blatt),
    ] {
        w.start_file(name, o).unwrap();
        w.write_all(inhalt).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn lesen(bytes: Vec<u8>) {
    let Ok(mut strom) = csv_strom(bytes, Path::new("kunden.xlsx")) else {
        return;
    };
    let mut aus = Vec::new();
    if strom.read_to_end(&mut aus).is_ok() {
        let text = std::str::from_utf8(&aus).expect("the CSV is UTF-8");
        assert!(text.lines().count() <= 1_048_576, "no line past Excel's last row");
    }
}

fuzz_target!(|data: &[u8]| {
    let (blatt, zeichenketten) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"<sst><si><t>Kundennummer</t></si></sst>"[..]),
    };
    lesen(mappe(blatt, zeichenketten));
    lesen(data.to_vec());
});

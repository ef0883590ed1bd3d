//! What a manager sees besides the numbers (issue 10, item 4), read from the workbook's XML:
//! days with one decimal, shares as percent, counts with thousands separators, real dates,
//! the traffic light over the figure rows with the thresholds of the rules file, frozen
//! header rows, autofilter, landscape A4 one page wide, and the marking in header and footer.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::harness::{br, root, run, tempdir};

/// The XML parts of a workbook by name.
fn teile(pfad: &Path) -> HashMap<String, String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(pfad).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

/// The text between `vor` and the next `nach` after it.
fn zwischen<'a>(s: &'a str, vor: &str, nach: &str) -> Option<&'a str> {
    let a = s.find(vor)? + vor.len();
    let b = s[a..].find(nach)? + a;
    Some(&s[a..b])
}

/// The number format of cell `zelle` (e.g. `C2`) of `blatt`.
fn zahlenformat(t: &HashMap<String, String>, blatt: &str, zelle: &str) -> String {
    let xml = &t[blatt];
    let stil: usize = zwischen(xml, &format!("<c r=\"{zelle}\" s=\""), "\"")
        .unwrap_or_else(|| panic!("{zelle} has no style in {blatt}"))
        .parse()
        .unwrap();
    let styles = &t["xl/styles.xml"];
    let xfs = zwischen(styles, "<cellXfs", "</cellXfs>").unwrap();
    let xf = xfs.split("<xf ").nth(stil + 1).unwrap();
    let id = zwischen(xf, "numFmtId=\"", "\"").unwrap();
    match id {
        "0" => "General".into(),
        "14" => "dd.mm.yyyy (built-in)".into(),
        _ => zwischen(styles, &format!("numFmtId=\"{id}\" formatCode=\""), "\"")
            .unwrap()
            .to_string(),
    }
}

#[test]
fn numbers_dates_traffic_light_panes_filter_and_print_setup() {
    let aus = tempdir();
    run(&root().join("fixtures/klein"), "2025-03", aus.path(), &[]).ok();
    let t = teile(&aus.path().join("2025-03/Beratungscontrolling_2025-03.xlsx"));
    // Sheet 2 is „Geschäftsstellen“: key, then kunden, Ø, median, two shares, two counts.
    let gs = "xl/worksheets/sheet2.xml";
    for (zelle, format) in [
        ("B2", "#,##0"),
        ("C2", "0.0"),
        ("D2", "0.0"),
        ("E2", "0.0%"),
        ("F2", "0.0%"),
        ("G2", "#,##0"),
        ("H2", "#,##0"),
    ] {
        assert_eq!(
            zahlenformat(&t, gs, zelle),
            format,
            "Geschäftsstellen {zelle}"
        );
    }
    // Übersicht: the Stichtag is a date cell with a German date format.
    assert_eq!(
        zahlenformat(&t, "xl/worksheets/sheet1.xml", "B3"),
        "dd.mm.yyyy"
    );
    // The traffic light covers the figure rows (not the header, not the total) and compares
    // the share within the Mindestwert (column F) with the rules' thresholds: red first.
    let xml = &t[gs];
    assert!(xml.contains("<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>"));
    assert!(
        xml.contains("<autoFilter ref=\"A1:M4\"/>"),
        "filter over header and units"
    );
    let cf = zwischen(
        xml,
        "<conditionalFormatting sqref=\"A2:M4\">",
        "</conditionalFormatting>",
    )
    .expect("traffic light over rows 2–4");
    let rot = cf.find("$F2&lt;0.75").expect("red below 75 %");
    let gelb = cf.find("$F2&lt;0.9").expect("amber below 90 %");
    assert!(rot < gelb && cf.contains("stopIfTrue=\"1\""));
    // Every sheet: landscape A4, one page wide, the marking in header and footer.
    for (name, xml) in t
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
    {
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name}");
        assert!(
            xml.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
            "{name}"
        );
        let kopf = zwischen(xml, "<oddHeader>", "</oddHeader>").unwrap();
        let fuss = zwischen(xml, "<oddFooter>", "</oddFooter>").unwrap();
        assert!(
            kopf.contains("Vertraulich – Sozialdaten")
                && fuss.contains("Vertraulich – Sozialdaten")
        );
        assert!(
            fuss.contains("Geschäftsleitung"),
            "{name}: recipient in the footer"
        );
    }
}

#[test]
fn the_traffic_light_takes_its_thresholds_from_the_rules_file() {
    let standard = br(["regeln", "--toml"]).ok().stdout;
    let d = tempdir();
    let regeln = d.path().join("regeln.toml");
    let eigene = standard
        .replace("gelb_unter = 0.9", "gelb_unter = 0.8")
        .replace("rot_unter = 0.75", "rot_unter = 0.6");
    assert_ne!(eigene, standard, "the rules text has the thresholds");
    std::fs::write(&regeln, eigene).unwrap();
    let aus = tempdir();
    run(
        &root().join("fixtures/klein"),
        "2025-03",
        aus.path(),
        &["--rules", regeln.to_str().unwrap()],
    )
    .ok();
    let t = teile(&aus.path().join("2025-03/Beratungscontrolling_2025-03.xlsx"));
    let xml = &t["xl/worksheets/sheet2.xml"];
    assert!(xml.contains("$F2&lt;0.6</formula>") && xml.contains("$F2&lt;0.8</formula>"));
}

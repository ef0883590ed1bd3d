//! What a manager sees besides the numbers, read from the workbook's XML:
//! days with one decimal, shares as percent, counts with thousands separators, real dates,
//! the traffic light as a word beside the colour with the thresholds of the rules file, frozen
//! header rows, figure tables as Excel tables, landscape A4 fitted to the page width, and the
//! marking in header
//! and footer.

use std::collections::BTreeMap;

use crate::harness::{arbeitsmappen, br, root, run, teile, tempdir, zelle};

/// The text between `vor` and the next `nach` after it.
fn zwischen<'a>(s: &'a str, vor: &str, nach: &str) -> Option<&'a str> {
    let a = s.find(vor)? + vor.len();
    let b = s[a..].find(nach)? + a;
    Some(&s[a..b])
}

/// The number format of cell `zelle` (e.g. `C2`) of `blatt`.
fn zahlenformat(t: &BTreeMap<String, String>, blatt: &str, zelle: &str) -> String {
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

/// A run of fixtures/klein for 2025-03 under the default rules with `ersetzen` applied, each
/// replacement checked to change the text (a renamed key would otherwise test the default).
fn klein_mit_regeln(ersetzen: &[(&str, &str)]) -> tempfile::TempDir {
    let mut text = br(["regeln", "--toml"]).ok().stdout;
    for (alt, neu) in ersetzen {
        assert!(text.contains(alt), "the rules text has „{alt}“");
        text = text.replace(alt, neu);
    }
    let d = tempdir();
    let regeln = d.path().join("regeln.toml");
    std::fs::write(&regeln, text).unwrap();
    let aus = tempdir();
    run(
        &root().join("fixtures/klein"),
        "2025-03",
        aus.path(),
        &["--rules", regeln.to_str().unwrap()],
    )
    .ok();
    aus
}

#[test]
fn numbers_dates_traffic_light_panes_filter_and_print_setup() {
    // Every share shown (fixtures/klein's units hold 2 and 3 customers).
    let aus = klein_mit_regeln(&[("mindestfallzahl = 5", "mindestfallzahl = 1")]);
    let t = teile(&aus.path().join("2025-03/Beratungscontrolling_2025-03.xlsx"));
    // Sheet 3 is „Geschäftsstellen“ (after „Auf einen Blick“ and „Übersicht“): key, then
    // kunden, Ø, Ø among the counselled, never (count, share), median, two shares, overdue,
    // the traffic light's word.
    let gs = "xl/worksheets/sheet3.xml";
    for (zelle, format) in [
        ("B2", "#,##0"),
        ("C2", "0.0"),
        ("D2", "0.0"),
        ("E2", "#,##0"),
        ("F2", "0.0%"),
        ("G2", "0.0"),
        ("H2", "0.0%"),
        ("I2", "0.0%"),
        ("J2", "#,##0"),
    ] {
        assert_eq!(
            zahlenformat(&t, gs, zelle),
            format,
            "Geschäftsstellen {zelle}"
        );
    }
    // Übersicht: the Stichtag is a date cell with a German date format.
    assert_eq!(
        zahlenformat(&t, "xl/worksheets/sheet2.xml", "B3"),
        "dd.mm.yyyy"
    );
    // The units and the total row are one Excel table with a header row (3 Geschäftsstellen
    // + total, 11 columns: key, 9 figures, the word; the 5 groups' Ø Tage are a second table
    // below); the traffic light colours rows 2–5 by the word in column K, red first.
    let xml = &t[gs];
    assert!(xml.contains("<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>"));
    let tabelle = t
        .iter()
        .filter(|(n, _)| n.starts_with("xl/tables/"))
        .map(|(_, x)| x)
        .find(|x| x.contains("name=\"T_Geschaeftsstellen\""))
        .expect("Geschäftsstellen as an Excel table");
    assert!(tabelle.contains("ref=\"A1:K5\""), "{tabelle}");
    assert!(tabelle.contains("<tableColumn id=\"11\" name=\"Ampel (Anteil Mindestwert)\"/>"));
    assert!(
        !xml.contains("<autoFilter"),
        "the table's filter, no sheet filter beside it"
    );
    let cf = zwischen(
        xml,
        "<conditionalFormatting sqref=\"A2:K5\">",
        "</conditionalFormatting>",
    )
    .expect("traffic light over rows 2–5");
    let rot = cf.find("$K2=\"rot\"").expect("red by the word");
    let gelb = cf.find("$K2=\"gelb\"").expect("amber by the word");
    assert!(rot < gelb);
    // Every sheet: landscape A4 fitted to one page width (the first page to one page), the
    // marking in header and footer, the recipient left and the page numbers right in the
    // footer.
    for (name, xml) in t
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
    {
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name}");
        // fitToWidth and fitToHeight default to 1: the first page names neither.
        let hoehe = if name.ends_with("sheet1.xml") {
            ""
        } else {
            " fitToHeight=\"0\""
        };
        assert!(
            xml.contains(&format!(
                "<pageSetup paperSize=\"9\"{hoehe} orientation=\"landscape\" horizontalDpi"
            )),
            "{name}: {:?}",
            zwischen(xml, "<pageSetup", "/>")
        );
        let kopf = zwischen(xml, "<oddHeader>", "</oddHeader>").unwrap();
        let fuss = zwischen(xml, "<oddFooter>", "</oddFooter>").unwrap();
        assert!(
            kopf.contains("Vertraulich – Sozialdaten")
                && fuss.contains("Vertraulich – Sozialdaten")
        );
        let (links, rechts) = fuss.split_once("&amp;R").unwrap();
        assert!(
            links.contains("Geschäftsleitung") && !links.contains("&amp;C"),
            "{name}: recipient on the left, nothing centred: {fuss}"
        );
        assert!(rechts.contains("Seite &amp;P von &amp;N"), "{name}: {fuss}");
    }
}

#[test]
fn the_traffic_light_takes_its_thresholds_from_the_rules_file() {
    let aus = klein_mit_regeln(&[
        ("gelb_unter = 0.9", "gelb_unter = 0.8"),
        ("rot_unter = 0.75", "rot_unter = 0.6"),
        ("mindestfallzahl = 5", "mindestfallzahl = 1"),
    ]);
    // The word of every Geschäftsstelle row follows the file's thresholds (0.8 / 0.6), checked
    // against kennzahlen.csv's shares: Mitte 2/3 → gelb, Nord 2/3 → gelb, (nicht
    // zugeordnet) 2/2 → grün, Jobcenter 6/8 → gelb (under 0.9 / 0.75 they would be rot, rot,
    // grün, gelb).
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(aus.path().join("2025-03/Beratungscontrolling_2025-03.xlsx"))
            .unwrap();
    use calamine::Reader;
    let b = wb.worksheet_range("Geschäftsstellen").unwrap();
    let woerter: Vec<(String, String)> = b
        .rows()
        .skip(1)
        .take_while(|r| !r[0].to_string().is_empty())
        .map(|r| (r[0].to_string(), r[10].to_string()))
        .collect();
    assert_eq!(
        woerter,
        [
            ("Mitte".to_string(), "gelb".to_string()),
            ("Nord".into(), "gelb".into()),
            ("(nicht zugeordnet)".into(), "grün".into()),
            ("Jobcenter gesamt".into(), "gelb".into()),
        ]
    );
}

#[test]
fn a_share_over_fewer_cases_than_mindestfallzahl_is_marked_without_colour() {
    // fixtures/klein: Mitte and Nord hold 3 customers, (nicht zugeordnet) 2, the Jobcenter 8.
    // Under the default mindestfallzahl 5 the units' shares and traffic lights say „zu wenige
    // Fälle (n = …)“ (no colour: the conditional formats match only the words rot and gelb);
    // counts and days stay; the Jobcenter's 8 show. kennzahlen.csv keeps every value.
    let aus = tempdir();
    run(&root().join("fixtures/klein"), "2025-03", aus.path(), &[]).ok();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(aus.path().join("2025-03/Beratungscontrolling_2025-03.xlsx"))
            .unwrap();
    use calamine::{Data, Reader};
    let b = wb.worksheet_range("Geschäftsstellen").unwrap();
    let zeilen: Vec<Vec<Data>> = b.rows().skip(1).map(|r| r.to_vec()).collect();
    let text = |s: &str| Data::String(s.into());
    for (z, name, n) in [
        (0, "Mitte", 3),
        (1, "Nord", 3),
        (2, "(nicht zugeordnet)", 2),
    ] {
        let r = &zeilen[z];
        assert_eq!(r[0], text(name));
        assert_eq!(r[1], Data::Float(f64::from(n)), "{name}: the count stays");
        assert!(matches!(r[2], Data::Float(_)), "{name}: the days stay");
        let klein = text(&format!("zu wenige Fälle (n = {n})"));
        for c in [5, 7, 8, 10] {
            assert_eq!(r[c], klein, "{name} column {c}");
        }
    }
    assert_eq!(zeilen[3][0], text("Jobcenter gesamt"));
    assert_eq!(zeilen[3][8], Data::Float(0.75));
    assert_eq!(zeilen[3][10], text("gelb"));
    let csv = std::fs::read_to_string(aus.path().join("2025-03/kennzahlen.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("geschaeftsstelle;Mitte;;alle;3;") && !l.contains(";;;")),
        "kennzahlen.csv keeps Mitte's shares:\n{csv}"
    );
}

/// The cells a chart's series draw (`<c:val>`'s range, `Blatt!$C$3:$C$15`) as (sheet, first
/// row, column, last row), 0-based.
fn diagrammbereiche(teile: &BTreeMap<String, String>) -> Vec<(String, u32, u32, u32)> {
    let mut bereiche = Vec::new();
    for (name, xml) in teile {
        if !name.starts_with("xl/charts/chart") {
            continue;
        }
        for val in xml.split("<c:val>").skip(1) {
            let f = zwischen(val, "<c:f>", "</c:f>").unwrap();
            let (blatt, bereich) = f.rsplit_once('!').unwrap();
            let blatt = blatt.trim_matches('\'').replace("''", "'");
            let (von, bis) = bereich.split_once(':').unwrap_or((bereich, bereich));
            let ((z0, c), (z1, _)) = (zelle(von), zelle(bis));
            bereiche.push((blatt, z0, c, z1));
        }
    }
    bereiche
}

#[test]
fn no_chart_draws_a_share_the_table_withholds() {
    // fixtures/klein's Geschäftsstellen hold 3 customers: their Verlauf shows „zu wenige Fälle
    // (n = 3)“ for the shares. A chart drawing those cells would show 0 % (Excel and LibreOffice
    // draw text in a line as 0): every series of every workbook must read numbers or empty
    // cells only, and the Verlauf chart's alternative text withholds the share too.
    use calamine::{Data, Reader};
    let aus = tempdir();
    run(
        &root().join("fixtures/klein"),
        "2025-03",
        aus.path(),
        &["--verteilung"],
    )
    .ok();
    let m = aus.path().join("2025-03");
    let mappen = arbeitsmappen(&m);
    let mut reihen = 0;
    for pfad in &mappen {
        let t = teile(pfad);
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(pfad).unwrap();
        for (blatt, z0, c, z1) in diagrammbereiche(&t) {
            let b = wb.worksheet_range(&blatt).unwrap();
            for z in z0..=z1 {
                let d = b.get_value((z, c)).cloned().unwrap_or(Data::Empty);
                assert!(
                    matches!(d, Data::Float(_) | Data::Int(_) | Data::Empty),
                    "{}: the chart draws {blatt} row {z} column {c}: {d:?}",
                    pfad.display()
                );
            }
            reihen += 1;
        }
    }
    assert!(reihen > 20, "{reihen} series read");
    let mitte = teile(&m.join("Geschaeftsstellen/Mitte.xlsx"));
    let verlauf = mitte
        .iter()
        .filter(|(n, _)| n.starts_with("xl/drawings/drawing"))
        .map(|(_, x)| x)
        .find(|x| x.contains("Linien: Anteil innerhalb Zielwert"))
        .expect("the Verlauf chart");
    assert!(
        verlauf.contains("zu wenige Fälle (n = 3)") && !verlauf.contains('%'),
        "{verlauf}"
    );
}

/// The printed scale of a sheet fitted to the page width, from its XML: A4 landscape, 0.3 in
/// side margins (1,065 px at 96 dpi), the visible columns up to its last cell, Excel's pixel
/// width of a column (7 px a width unit and 5 px padding; 8.43 units where no width is set).
fn druckmassstab(xml: &str) -> f64 {
    let letzte = zwischen(xml, "<dimension ref=\"", "\"").unwrap();
    let letzte = letzte.rsplit(':').next().unwrap();
    let spalten = letzte
        .bytes()
        .take_while(u8::is_ascii_uppercase)
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1);
    let mut breiten = vec![Some(8.43); spalten];
    for col in xml.split("<col ").skip(1) {
        let zahl = |name: &str| zwischen(col, &format!("{name}=\""), "\"").unwrap();
        let (von, bis): (usize, usize) =
            (zahl("min").parse().unwrap(), zahl("max").parse().unwrap());
        let breite: f64 = zahl("width").parse().unwrap();
        let verborgen = col.split('>').next().unwrap().contains("hidden=\"1\"");
        for i in von..=bis.min(spalten) {
            breiten[i - 1] = (!verborgen).then_some(breite);
        }
    }
    let px: f64 = breiten
        .iter()
        .flatten()
        .map(|w| (w * 7.0).round() + 5.0)
        .sum();
    (1065.0 / px).min(1.0)
}

#[test]
fn every_sheet_prints_at_9_pt_or_more() {
    // REPORT.md: every table fits the page width at ≥ 9 pt printed — 11 pt text at a scale
    // of at least 82 %. Every workbook of the demo month with --verteilung, every sheet.
    let (_aus, m) = crate::harness::demo_verteilung();
    let mappen = arbeitsmappen(&m);
    let mut blaetter = 0;
    for pfad in &mappen {
        for (name, xml) in teile(pfad) {
            if !name.starts_with("xl/worksheets/sheet") {
                continue;
            }
            // Fitted to the page (width 1 is the default of fitToWidth, so it is not written).
            assert!(
                xml.contains("<pageSetUpPr fitToPage=\"1\"/>") && !xml.contains("fitToWidth=\""),
                "{}: {name} not fitted to one page width",
                pfad.display()
            );
            let massstab = druckmassstab(&xml);
            assert!(
                massstab >= 0.82,
                "{}: {name} prints at {:.0} % ({:.1} pt)",
                pfad.display(),
                massstab * 100.0,
                11.0 * massstab
            );
            blaetter += 1;
        }
    }
    assert!(blaetter > 150, "{blaetter} sheets");
}

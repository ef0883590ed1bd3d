//! The corpus of broken inputs: one small case per failure, each with its
//! exact outcome — exit status, message, rejected rows and, where it matters, the figures.

use crate::harness::{csv_lesen, export, generieren, run, run_starten, sha256_hex, tempdir};

const KOPF: &str = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team";
const ORG: &str = "Team;Geschäftsstelle\n611;Mitte\n";
const VERMERKE: &str = "Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-03-01;Beratungsvermerk\n";

/// Runs month 2025-03 with the given kunden.csv and vermerke.csv bytes; returns the status,
/// stderr, and the rejected rows as (file, line, reason).
fn fall(
    kunden: &[u8],
    vermerke: &[u8],
) -> (
    i32,
    String,
    Vec<(String, String, String)>,
    tempfile::TempDir,
) {
    let ein = tempdir();
    export(
        ein.path(),
        &[
            ("2025-03/kunden.csv", kunden),
            ("2025-03/vermerke.csv", vermerke),
            ("2025-03/organisation.csv", ORG.as_bytes()),
        ],
    );
    let aus = tempdir();
    let l = run(ein.path(), "2025-03", aus.path(), &[]).ohne_panik();
    let ab = if aus.path().join("2025-03/abgewiesen.csv").exists() {
        csv_lesen(&aus.path().join("2025-03/abgewiesen.csv"))
            .into_iter()
            .map(|z| (z["datei"].clone(), z["zeile"].clone(), z["grund"].clone()))
            .collect()
    } else {
        Vec::new()
    };
    (l.status, l.stderr, ab, aus)
}

fn kunden(zeilen: &[&str]) -> Vec<u8> {
    format!("{KOPF}\n{}\n", zeilen.join("\n")).into_bytes()
}

#[test]
fn rejected_rows_each_with_file_line_and_reason() {
    let faelle: &[(&str, &str)] = &[
        (
            "A2;31.02.2025;Arbeitslos;01.01.2024;611",
            "„31.02.2025“ ist kein gültiges Datum",
        ),
        (
            "A2;2025-02-30;Arbeitslos;01.01.2024;611",
            "„2025-02-30“ ist kein gültiges Datum",
        ),
        (
            "A2;00.00.0000;Arbeitslos;01.01.2024;611",
            "„00.00.0000“ ist kein gültiges Datum",
        ),
        (
            "A2;01.01.80;Arbeitslos;01.01.2024;611",
            "„01.01.80“ ist kein gültiges Datum",
        ),
        (
            "A2;01.01.2099;Arbeitslos;01.01.2024;611",
            "Geburtsdatum 01.01.2099 liegt nach dem Stichtag",
        ),
        (
            "A2;01.01.1980;Arbeitslos;01.01.2024",
            "zu wenige Felder: 4 statt 5",
        ),
        (
            "A2;01.01.1980;Arbeitslos;01.01.2024;611;x",
            "zu viele Felder: 6 statt 5",
        ),
        (
            "A\u{0}2;01.01.1980;Arbeitslos;01.01.2024;611",
            "Steuerzeichen",
        ),
        (
            ";01.01.1980;Arbeitslos;01.01.2024;611",
            "Kundennummer fehlt",
        ),
        ("A1;01.01.1985;Arbeitslos;01.01.2024;611", "mehrfach"),
    ];
    for (zeile, grund) in faelle {
        let (status, stderr, ab, _aus) = fall(
            &kunden(&["A1;01.01.1980;Arbeitslos;01.01.2024;611", zeile]),
            VERMERKE.as_bytes(),
        );
        assert_eq!(status, 0, "{zeile}: {stderr}");
        assert_eq!(ab.len(), 1, "{zeile}");
        assert_eq!(
            (ab[0].0.as_str(), ab[0].1.as_str()),
            ("2025-03/kunden.csv", "3"),
            "{zeile}"
        );
        assert!(ab[0].2.contains(grund), "{zeile}: {}", ab[0].2);
        assert!(stderr.contains("1 Zeile(n) abgewiesen"), "{stderr}");
    }
}

#[test]
fn a_truncated_last_line_is_rejected_the_rest_counts() {
    let k = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;611\nA2;01.01.19");
    let (status, _, ab, aus) = fall(k.as_bytes(), VERMERKE.as_bytes());
    assert_eq!(status, 0);
    assert_eq!(
        ab,
        [(
            "2025-03/kunden.csv".to_string(),
            "3".to_string(),
            "zu wenige Felder: 2 statt 5".to_string()
        )]
    );
    assert_eq!(
        csv_lesen(&aus.path().join("2025-03/einzeldaten.csv")).len(),
        1
    );
}

#[test]
fn notes_with_broken_dates_and_far_future_dates() {
    let v = "Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-03-01;Beratungsvermerk\nA1;2025-02-30;Beratungsvermerk\nA1;01.01.2099;Beratungsvermerk\nA1;2025-03-1;Beratungsvermerk\n";
    let (status, _, ab, aus) = fall(
        &kunden(&["A1;01.01.1980;Arbeitslos;01.01.2024;611"]),
        v.as_bytes(),
    );
    assert_eq!(status, 0);
    let zeilen: Vec<&str> = ab.iter().map(|a| a.1.as_str()).collect();
    assert_eq!(zeilen, ["3", "5"]);
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(aus.path().join("2025-03/protokoll.json")).unwrap())
            .unwrap();
    assert_eq!(
        p["vermerke"]["nach_stichtag"], 1,
        "2099 counts as after the Stichtag, not as counselling"
    );
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e[0]["letzte_beratung"], "2025-03-01");
}

#[test]
fn an_unterminated_quote_is_one_rejected_row_not_a_silent_merge() {
    // The quote opened in line 3 never closes: that line alone is rejected, lines 2 and 4
    // still count (a general CSV reader would take the rest of the file as one field).
    let v = "Kundennummer;Vermerkdatum;Vermerktyp\nA1;2025-03-01;Beratungsvermerk\n\"A1;2025-03-05;Beratungsvermerk\nA1;2025-03-09;Beratungsvermerk\n";
    let (status, _, ab, aus) = fall(
        &kunden(&["A1;01.01.1980;Arbeitslos;01.01.2024;611"]),
        v.as_bytes(),
    );
    assert_eq!(status, 0);
    assert_eq!(ab.len(), 1);
    assert_eq!(
        (ab[0].0.as_str(), ab[0].1.as_str()),
        ("2025-03/vermerke.csv", "3")
    );
    assert!(
        ab[0].2.contains("Anführungszeichen nicht geschlossen"),
        "{}",
        ab[0].2
    );
    assert_eq!(
        csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"))[0]["letzte_beratung"],
        "2025-03-09"
    );
}

#[test]
fn windows_1252_with_euro_and_sharp_s_survives() {
    let text = format!("{KOPF};IFK\nA1;01.01.1980;Arbeitslos;01.01.2024;611;Weiß €\n");
    let bytes = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
    assert!(std::str::from_utf8(&bytes).is_err(), "really Windows-1252");
    let (status, _, ab, aus) = fall(&bytes, VERMERKE.as_bytes());
    assert_eq!((status, ab.len()), (0, 0));
    assert_eq!(
        csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"))[0]["ifk"],
        "Weiß €"
    );
}

#[test]
fn bytes_undefined_in_windows_1252_decode_and_are_rejected_as_control_characters() {
    // 0x81 is neither UTF-8 nor a printable Windows-1252 character: the file is read as
    // Windows-1252 (SPEC §2), the byte becomes U+0081, and that row is rejected.
    let mut bytes = kunden(&["A1;01.01.1980;Arbeitslos;01.01.2024;611"]);
    bytes.extend_from_slice(b"A\x812;01.01.1980;Arbeitslos;01.01.2024;611\n");
    let (status, _, ab, _aus) = fall(&bytes, VERMERKE.as_bytes());
    assert_eq!(status, 0);
    assert_eq!(ab.len(), 1);
    assert!(ab[0].2.contains("Steuerzeichen"));
}

#[test]
fn hyperlink_kundennummer_and_spaces() {
    let (status, _, ab, aus) = fall(
        &kunden(&[
            "  A1  ;01.01.1980;Arbeitslos;01.01.2024;611",
            "=HYPERLINK(\"http://x\");01.01.1980;Arbeitslos;01.01.2024;611",
        ]),
        VERMERKE.as_bytes(),
    );
    assert_eq!((status, ab.len()), (0, 0));
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    let nummern: Vec<&str> = e.iter().map(|z| z["kundennummer"].as_str()).collect();
    assert_eq!(
        nummern,
        ["'=HYPERLINK(\"http://x\")", "A1"],
        "trimmed; formula defused in the CSV"
    );
    assert_eq!(
        e[1]["letzte_beratung"], "2025-03-01",
        "the trimmed id matches its notes"
    );
}

#[test]
fn two_runs_of_the_same_month_at_once_do_not_mix() {
    let ein = tempdir();
    generieren(ein.path(), 4000, 2, 5, &[]);
    let aus = tempdir();
    let starten = || run_starten(ein.path(), "2024-02", aus.path(), &["--quiet"]);
    let (mut a, mut b) = (starten(), starten());
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    // Whichever swapped last, the folder is one complete, consistent result.
    crate::harness::bilanz_pruefen(&aus.path().join("2024-02"));
    let p = std::fs::read_to_string(aus.path().join("2024-02/protokoll.json")).unwrap();
    for d in ["kennzahlen.csv", "einzeldaten.csv", "abgewiesen.csv"] {
        let hex = sha256_hex(std::fs::read(aus.path().join("2024-02").join(d)).unwrap());
        assert!(p.contains(&hex), "{d} belongs to the record beside it");
    }
    let rest: Vec<String> = std::fs::read_dir(aus.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut rest = rest;
    rest.sort();
    // The output folder's lock file stays (empty; removing it would race with a waiting run).
    assert_eq!(
        rest,
        [".beratungsreport.sperre", "2024-02"],
        "no staging folder left: {rest:?}"
    );
}

#[test]
fn a_full_disk_keeps_the_previous_outputs_and_says_so() {
    // A 600 KB tmpfs in a private mount namespace: the first run fits, then the disk is
    // filled, and the second run must fail cleanly with the first outputs untouched.
    if std::process::Command::new("unshare")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!("unshare (util-linux) is needed for this test");
    }
    let ein = tempdir();
    export(
        ein.path(),
        &[
            (
                "2025-03/kunden.csv",
                &kunden(&["A1;01.01.1980;Arbeitslos;01.01.2024;611"]),
            ),
            ("2025-03/vermerke.csv", VERMERKE.as_bytes()),
            ("2025-03/organisation.csv", ORG.as_bytes()),
        ],
    );
    // The second run's export is larger: its workbook and kennzahlen.csv still fit into the
    // 64 KB left, einzeldaten.csv (3,000 customers, ~270 KB) does not — the disk fills up
    // part-way through the outputs, not at the first write.
    let gross = tempdir();
    let zeilen: Vec<String> = (0..3000)
        .map(|i| format!("K{i:05};01.01.1980;Arbeitslos;01.01.2024;611"))
        .collect();
    let zeilen: Vec<&str> = zeilen.iter().map(String::as_str).collect();
    export(
        gross.path(),
        &[
            ("2025-03/kunden.csv", &kunden(&zeilen)),
            ("2025-03/vermerke.csv", VERMERKE.as_bytes()),
            ("2025-03/organisation.csv", ORG.as_bytes()),
        ],
    );
    let platte = tempdir();
    // The checksums of the first outputs live outside the small disk, in a folder of their own.
    let notiz = tempdir();
    let bin = env!("CARGO_BIN_EXE_beratungsreport");
    let skript = format!(
        "set -e; mount -t tmpfs -o size=1m tmpfs {p}; \
         {bin} run --input {e} --month 2025-03 --out {p} --quiet; \
         sha256sum {p}/2025-03/* > {n}/vorher; \
         frei=$(df -k --output=avail {p} | tail -1); \
         dd if=/dev/zero of={p}/fueller bs=1k count=$((frei - 64)) 2>/dev/null || true; \
         set +e; {bin} run --input {g} --month 2025-03 --out {p} --quiet; echo \"status=$?\"; \
         sha256sum {p}/2025-03/* | diff - {n}/vorher && echo unveraendert; ls -a {p}",
        p = platte.path().display(),
        n = notiz.path().display(),
        e = ein.path().display(),
        g = gross.path().display()
    );
    let out = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &skript])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("status=1"),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stderr.contains("Ausgabe kann nicht geschrieben werden")
            && stderr.contains("einzeldaten.csv")
            && stderr.contains("Datenträger voll"),
        "part-way, at einzeldaten.csv: {stderr}"
    );
    assert!(
        stdout.contains("unveraendert"),
        "previous outputs intact: {stdout}"
    );
    assert!(
        !stdout.contains(".2025-03.neu-"),
        "staging folder removed: {stdout}"
    );
}

//! Same inputs, same bytes; a killed run leaves the previous outputs whole; the generator is
//! deterministic and its data pass the run with every group present.

use std::process::Command;
use std::time::Duration;

use crate::harness::{br, csv_lesen, inhalte, root, run, tempdir};

#[test]
fn the_same_month_twice_gives_byte_identical_outputs() {
    let a = tempdir();
    let b = tempdir();
    run(&root().join("fixtures/klein"), "2025-03", a.path(), &[]).ok();
    run(&root().join("fixtures/klein"), "2025-03", b.path(), &[]).ok();
    let erste = inhalte(&a.path().join("2025-03"));
    assert_eq!(erste.len(), 5);
    assert_eq!(erste, inhalte(&b.path().join("2025-03")));
    // A re-run into the same folder replaces it with the same bytes.
    run(&root().join("fixtures/klein"), "2025-03", a.path(), &[]).ok();
    assert_eq!(erste, inhalte(&a.path().join("2025-03")));
}

#[test]
fn generator_is_deterministic_and_covers_every_group() {
    let a = tempdir();
    let b = tempdir();
    for d in [&a, &b] {
        br([
            "generate",
            "--out",
            &d.path().display().to_string(),
            "--customers",
            "600",
            "--from",
            "2024-01",
            "--months",
            "3",
            "--seed",
            "42",
            "--fehler",
        ])
        .ok();
    }
    for m in ["2024-01", "2024-02", "2024-03"] {
        assert_eq!(
            inhalte(&a.path().join(m)),
            inhalte(&b.path().join(m)),
            "{m}"
        );
    }
    let aus = tempdir();
    let lauf = run(a.path(), "2024-03", aus.path(), &[]).ok();
    assert!(
        lauf.stderr.contains("abgewiesen"),
        "--fehler produces rejects"
    );
    let einzel = csv_lesen(&aus.path().join("2024-03/einzeldaten.csv"));
    for g in ["fm_ue25", "massnahme", "u25", "ue25_arbeitslos", "uebrige"] {
        assert!(
            einzel.iter().any(|z| z["kundengruppe"] == g),
            "group {g} present"
        );
    }
    assert!(einzel.iter().any(|z| z["nie_beraten"] == "true"));
    assert!(einzel
        .iter()
        .any(|z| z["mindestwert_eingehalten"] == "false"));
    assert!(
        einzel
            .iter()
            .filter(|z| z["mindestwert_eingehalten"] == "true")
            .count()
            > einzel.len() / 2
    );
    assert!(einzel.iter().any(|z| z["team"] == "(ohne Team)"));
}

#[test]
fn a_killed_run_leaves_the_previous_outputs_intact() {
    let ein = tempdir();
    br([
        "generate",
        "--out",
        &ein.path().display().to_string(),
        "--customers",
        "20000",
        "--from",
        "2024-01",
        "--months",
        "2",
        "--history",
        "24",
        "--seed",
        "3",
    ])
    .ok();
    let aus = tempdir();
    run(&root().join("fixtures/klein"), "2025-03", aus.path(), &[]).ok();
    // Put a complete earlier result for 2024-02 in place, then kill later runs at several points.
    run(ein.path(), "2024-02", aus.path(), &[]).ok();
    let vorher = inhalte(&aus.path().join("2024-02"));
    for ms in [5u64, 40, 120, 250, 400] {
        let mut kind = Command::new(env!("CARGO_BIN_EXE_beratungsreport"))
            .args([
                "run",
                "--input",
                &ein.path().display().to_string(),
                "--month",
                "2024-02",
                "--out",
            ])
            .arg(aus.path())
            .arg("--quiet")
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        let _ = kind.kill(); // SIGKILL
        let _ = kind.wait();
        assert_eq!(
            inhalte(&aus.path().join("2024-02")),
            vorher,
            "killed after {ms} ms"
        );
    }
    // The next run cleans up what the killed ones left and publishes the same result.
    run(ein.path(), "2024-02", aus.path(), &[]).ok();
    assert_eq!(inhalte(&aus.path().join("2024-02")), vorher);
    let namen: Vec<String> = std::fs::read_dir(aus.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut namen = namen;
    namen.sort();
    assert_eq!(namen, ["2024-02", "2025-03"], "no staging folders left");
}

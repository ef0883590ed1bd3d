//! Boundaries of the rules that no other test pins, each worked out by hand
//! for Stichtag 31.03.2025.

use crate::harness::{csv_lesen, export, run, tempdir};

const KOPF: &str = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Abgangsdatum;Fallmanagement;Maßnahmeteilnahme;Vollzeitschulpflicht;Sperrkennzeichen;Team";
const ORG: &str = "Team;Geschäftsstelle\n611;Mitte\n";
const VERMERKE: &str = "Kundennummer;Vermerkdatum;Vermerktyp\n";

fn export_mit(kunden: &str, org: &str) -> tempfile::TempDir {
    let d = tempdir();
    export(
        d.path(),
        &[
            ("2025-03/kunden.csv", format!("{KOPF}\n{kunden}").as_bytes()),
            ("2025-03/vermerke.csv", VERMERKE.as_bytes()),
            ("2025-03/organisation.csv", org.as_bytes()),
        ],
    );
    d
}

#[test]
fn group_precedence_at_its_boundaries() {
    let ein = export_mit(
        "\
M22;01.04.2002;Arbeitslos;01.01.2024;;;J;;;611
F25;31.03.2000;Arbeitslos;01.01.2024;;Ja;;;;611
F24;01.04.2000;Arbeitslos;01.01.2024;;Ja;;;;611
F24M;01.04.2000;Arbeitslos;01.01.2024;;Ja;Ja;;;611
A25;31.03.2000;ARBEITSLOS ;01.01.2024;;;;;;611
S24;01.04.2000;Arbeitsuchend;01.01.2024;;;;;;611
",
        ORG,
    );
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let gruppen: Vec<(String, String, String)> =
        csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"))
            .into_iter()
            .map(|z| {
                (
                    z["kundennummer"].clone(),
                    z["alter"].clone(),
                    z["kundengruppe"].clone(),
                )
            })
            .collect();
    let erwartet = [
        // FM at exactly 25 (birthday on the Stichtag): FM Ü25.
        ("A25", "25", "ue25_arbeitslos"), // status compared trimmed, case-insensitive
        ("F24", "24", "u25"),             // FM at 24 is not FM Ü25: U25 applies
        ("F24M", "24", "massnahme"),      // FM at 24 with a measure: the measure rule
        ("F25", "25", "fm_ue25"),
        ("M22", "22", "massnahme"), // a measure participant under 25: Maßnahme beats U25
        ("S24", "24", "uebrige"),   // under 25 but only arbeitsuchend: no U25
    ];
    let erwartet: Vec<(String, String, String)> = erwartet
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(gruppen, erwartet);
}

#[test]
fn a_bad_value_in_each_flag_and_each_date_rejects_the_row() {
    let ein = export_mit(
        "\
OK;01.01.1980;Arbeitslos;01.01.2024;;;;;;611
X1;01.01.1980;Arbeitslos;01.01.2024;;x;;;;611
X2;01.01.1980;Arbeitslos;01.01.2024;;;ja nein;;;611
X3;01.01.1980;Arbeitslos;01.01.2024;;;;1;;611
X4;01.01.1980;Arbeitslos;01.01.2024;;;;;true;611
X5;01.01.1980;Arbeitslos;2025-13-01;;;;;;611
X6;01.01.1980;Arbeitslos;01.01.2024;32.01.2025;;;;;611
X7;01.01.1980;Arbeitslos;;;;;;;611
",
        ORG,
    );
    let aus = tempdir();
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    let ab = csv_lesen(&aus.path().join("2025-03/abgewiesen.csv"));
    let gruende: Vec<(String, String)> = ab
        .iter()
        .map(|z| (z["zeile"].clone(), z["grund"].clone()))
        .collect();
    let erwartet = [
        ("3", "Fallmanagement „x“ ist kein gültiger Wert"),
        ("4", "Maßnahmeteilnahme „ja nein“ ist kein gültiger Wert"),
        ("5", "Vollzeitschulpflicht „1“ ist kein gültiger Wert"),
        ("6", "Sperrkennzeichen „true“ ist kein gültiger Wert"),
        ("7", "Zugangsdatum „2025-13-01“ ist kein gültiges Datum"),
        ("8", "Abgangsdatum „32.01.2025“ ist kein gültiges Datum"),
        ("9", "Zugangsdatum fehlt"),
    ];
    assert_eq!(gruende.len(), erwartet.len(), "{gruende:?}");
    for ((zeile, grund), (z, g)) in gruende.iter().zip(erwartet) {
        assert_eq!(zeile, z);
        assert!(grund.starts_with(g), "line {z}: {grund}");
    }
    assert_eq!(
        csv_lesen(&aus.path().join("2025-03/einzeldaten.csv")).len(),
        1
    );
}

#[test]
fn organisation_without_a_required_column_or_unreadable_stops_the_run() {
    let aus = tempdir();
    let ein = export_mit(
        "A1;01.01.1980;Arbeitslos;01.01.2024;;;;;;611\n",
        "Team;Teamname\n611;Markt\n",
    );
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("Pflichtspalte „Geschäftsstelle“ fehlt")
        .meldet("organisation.csv");
    // A file that cannot be read (as root, permissions do not stop reading: a link loop does).
    let ein = export_mit("A1;01.01.1980;Arbeitslos;01.01.2024;;;;;;611\n", ORG);
    let k = ein.path().join("2025-03/kunden.csv");
    std::fs::remove_file(&k).unwrap();
    std::os::unix::fs::symlink("kunden.csv", &k).unwrap();
    run(ein.path(), "2025-03", aus.path(), &[])
        .status(2)
        .meldet("kunden.csv")
        .meldet("Schleife");
    assert!(!aus.path().join("2025-03").exists());
}

#[test]
fn the_organisation_of_month_m_assigns_not_an_earlier_one() {
    // Team 612 belonged to Nord in February and belongs to Süd in March.
    let d = tempdir();
    let kunden = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;;;;;;612\n");
    export(
        d.path(),
        &[
            ("2025-02/kunden.csv", kunden.as_bytes()),
            ("2025-02/vermerke.csv", VERMERKE.as_bytes()),
            (
                "2025-02/organisation.csv",
                "Team;Geschäftsstelle\n612;Nord\n".as_bytes(),
            ),
            ("2025-03/kunden.csv", kunden.as_bytes()),
            ("2025-03/vermerke.csv", VERMERKE.as_bytes()),
            (
                "2025-03/organisation.csv",
                "Team;Geschäftsstelle\n612;Süd\n".as_bytes(),
            ),
        ],
    );
    let aus = tempdir();
    run(d.path(), "2025-03", aus.path(), &[]).ok();
    let e = csv_lesen(&aus.path().join("2025-03/einzeldaten.csv"));
    assert_eq!(e[0]["geschaeftsstelle"], "Süd");
    run(d.path(), "2025-02", aus.path(), &[]).ok();
    let e = csv_lesen(&aus.path().join("2025-02/einzeldaten.csv"));
    assert_eq!(e[0]["geschaeftsstelle"], "Nord");
}

#[test]
fn a_note_delivered_late_counts_in_the_trend_only_from_the_month_it_arrived() {
    // The only counselling of A1 is dated 15.01.2025 but reaches controlling with the March
    // extract. Known in January and February: no — the clock runs from entry (01.01.2024):
    // 31.01.2025 − 01.01.2024 = 396 days, 28.02.2025 − 01.01.2024 = 424 days. In March: 75
    // days (31.03.2025 − 15.01.2025).
    let d = tempdir();
    let kunden = format!("{KOPF}\nA1;01.01.1980;Arbeitslos;01.01.2024;;;;;;611\n");
    let mut dateien: Vec<(String, Vec<u8>)> = Vec::new();
    for m in ["2025-01", "2025-02", "2025-03"] {
        dateien.push((format!("{m}/kunden.csv"), kunden.clone().into_bytes()));
        dateien.push((format!("{m}/organisation.csv"), ORG.as_bytes().to_vec()));
        let v = if m == "2025-03" {
            format!("{VERMERKE}A1;2025-01-15;Beratungsvermerk\n")
        } else {
            VERMERKE.to_string()
        };
        dateien.push((format!("{m}/vermerke.csv"), v.into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> = dateien
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    export(d.path(), &refs);
    let aus = tempdir();
    run(d.path(), "2025-03", aus.path(), &["--verteilung"]).ok();
    let b = crate::verteilung::blaetter(&aus.path().join("2025-03/Teams/611.xlsx"));
    let verlauf = &b["Verlauf"];
    // Table „Ø Tage“: title, header, then 13 months from 2024-03; the team in column B.
    let wert = |zeile: usize| match &verlauf[zeile][1] {
        calamine::Data::Float(f) => *f,
        other => panic!("row {zeile}: {other:?}"),
    };
    assert_eq!(crate::verteilung::text(&verlauf[12][0]), "Januar 2025");
    assert_eq!((wert(12), wert(13), wert(14)), (396.0, 424.0, 75.0));
    // The same as separate runs of those months, which never read a later folder.
    for (monat, tage) in [("2025-01", "396"), ("2025-02", "424")] {
        run(d.path(), monat, aus.path(), &[]).ok();
        let e = csv_lesen(&aus.path().join(monat).join("einzeldaten.csv"));
        assert_eq!(e[0]["tage_seit_beratung"], tage);
    }
}

#[test]
fn teams_missing_from_the_organisation_are_named_in_a_warning() {
    let ein = export_mit(
        "\
A1;01.01.1980;Arbeitslos;01.01.2024;;;;;;699
A2;01.01.1980;Arbeitslos;01.01.2024;;;;;;
A3;01.01.1980;Arbeitslos;01.01.2024;;;;;;611
A4;01.01.1980;Arbeitslos;01.01.2024;;;;;;700
",
        ORG,
    );
    let aus = tempdir();
    let l = run(ein.path(), "2025-03", aus.path(), &[]).ok();
    // The codes not in organisation.csv and the customers without a team, each with its count.
    assert!(
        l.stderr.contains(
            "Klärungsfälle: 3 Kund:innen ohne gültiges Team (1 in Team 699 (nicht in \
             organisation.csv), 1 in Team 700 (nicht in organisation.csv), 1 ohne Team) – \
             gezählt unter „(nicht zugeordnet)“, an Controlling\n"
        ),
        "{}",
        l.stderr
    );
    let ein = export_mit("A3;01.01.1980;Arbeitslos;01.01.2024;;;;;;611\n", ORG);
    let l = run(ein.path(), "2025-03", aus.path(), &[]).ok();
    assert!(!l.stderr.contains("Klärungsfälle"), "{}", l.stderr);
}

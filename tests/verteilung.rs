//! The distribution (`run --verteilung`): one workbook per Geschäftsstelle and team, each with
//! only its own unit's data; worklists, periods, conversations and trend checked against
//! values computed here from the raw inputs or from separate runs — never by calling the code
//! under test.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::harness::{csv_lesen, export, generieren, inhalte, root, run, tempdir, zeigt};

pub type Blatt = Vec<Vec<Data>>;

/// A team's workbook in month folder `m`, wherever SPEC §4 puts it (`Teams/` or, for a
/// Klärungsfall, `Klaerungsfaelle/`).
pub fn team_mappe_finden(m: &Path, team: &str) -> PathBuf {
    [
        m.join("Teams").join(format!("{team}.xlsx")),
        m.join("Klaerungsfaelle").join(format!("Team {team}.xlsx")),
        m.join("Klaerungsfaelle").join(format!("{team}.xlsx")),
    ]
    .into_iter()
    .find(|p| p.exists())
    .unwrap_or_else(|| panic!("no workbook of team {team} in {}", m.display()))
}

/// Where SPEC §4 puts a Geschäftsstelle's workbook: `Klaerungsfaelle/` for „(nicht
/// zugeordnet)“, else `Geschaeftsstellen/`.
pub fn gs_mappe(m: &Path, gs: &str) -> PathBuf {
    if gs == "(nicht zugeordnet)" {
        m.join("Klaerungsfaelle/(nicht zugeordnet).xlsx")
    } else {
        m.join("Geschaeftsstellen").join(format!("{gs}.xlsx"))
    }
}

/// Where SPEC §4 puts a team's workbook (`gs`: its Geschäftsstelle): a team without a valid
/// Geschäftsstelle in `Klaerungsfaelle/` („(ohne Team)“, „Team 699“), else `Teams/`.
pub fn team_mappe(m: &Path, team: &str, gs: &str) -> PathBuf {
    match (team, gs) {
        ("(ohne Team)", _) => m.join("Klaerungsfaelle/(ohne Team).xlsx"),
        (_, "(nicht zugeordnet)") => m.join(format!("Klaerungsfaelle/Team {team}.xlsx")),
        _ => m.join("Teams").join(format!("{team}.xlsx")),
    }
}

/// Every sheet of a workbook, by name, as rows of cells.
pub fn blaetter(pfad: &Path) -> BTreeMap<String, Blatt> {
    let mut wb: Xlsx<_> = open_workbook(pfad).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let start = r.start().unwrap_or((0, 0));
            // Rows as absolute positions: pad the top and left so [z][s] is row z, column s.
            let mut zeilen: Blatt = vec![Vec::new(); start.0 as usize];
            for z in r.rows() {
                let mut v = vec![Data::Empty; start.1 as usize];
                v.extend(z.iter().cloned());
                zeilen.push(v);
            }
            (n, zeilen)
        })
        .collect()
}

fn texte(b: &BTreeMap<String, Blatt>) -> Vec<String> {
    b.values()
        .flatten()
        .flatten()
        .filter_map(|d| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn zahl(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn zelle(b: &[Vec<Data>], z: usize, s: usize) -> &Data {
    b.get(z).and_then(|r| r.get(s)).unwrap_or(&Data::Empty)
}

pub fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The page headers and footers of every sheet, read from the workbook's XML.
pub fn kopfzeilen(pfad: &Path) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(pfad).unwrap()).unwrap();
    let namen: Vec<String> = z
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    namen
        .iter()
        .map(|n| {
            let mut s = String::new();
            z.by_name(n).unwrap().read_to_string(&mut s).unwrap();
            s
        })
        .collect()
}

fn xlsx_dateien(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn demo_mit_verteilung(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let aus = tempdir();
    let mut args = vec!["--verteilung"];
    args.extend(extra);
    run(&root().join("fixtures/demo"), "2026-10", aus.path(), &args).ok();
    let m = aus.path().join("2026-10");
    (aus, m)
}

#[test]
fn every_unit_gets_a_workbook_with_only_its_own_rows() {
    let (_aus, m) = demo_mit_verteilung(&["--ifk-auswertung"]);
    let einzel = csv_lesen(&m.join("einzeldaten.csv"));
    let kunde_team: BTreeMap<String, String> = einzel
        .iter()
        .map(|r| (r["kundennummer"].clone(), r["team"].clone()))
        .collect();
    let team_gs: BTreeMap<String, String> = einzel
        .iter()
        .map(|r| (r["team"].clone(), r["geschaeftsstelle"].clone()))
        .collect();
    let alle_gs: BTreeSet<String> = team_gs.values().cloned().collect();

    // One workbook per Geschäftsstelle and per team; the Klärungsfälle — (ohne Team), the
    // unknown code 699, (nicht zugeordnet) — in Klaerungsfaelle/, never beside the units that
    // are sent out.
    let stamm = |ordner: &str| -> BTreeSet<String> {
        xlsx_dateien(&m.join(ordner))
            .iter()
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    let klaerung =
        |x: &String| x.starts_with('(') || team_gs.get(x).is_some_and(|g| g.starts_with('('));
    assert_eq!(
        stamm("Geschaeftsstellen"),
        alle_gs.iter().filter(|g| !klaerung(g)).cloned().collect()
    );
    assert_eq!(
        stamm("Teams"),
        team_gs.keys().filter(|t| !klaerung(t)).cloned().collect()
    );
    assert_eq!(
        stamm("Klaerungsfaelle"),
        ["(nicht zugeordnet)", "(ohne Team)", "Team 699"]
            .map(String::from)
            .into()
    );

    let ist_fremdes_team = |s: &str, eigenes: &dyn Fn(&str) -> bool| {
        team_gs
            .keys()
            .filter(|t| !eigenes(t))
            .any(|t| s == t || s.starts_with(&format!("{t} – ")))
    };

    // The Jobcenter workbook: units, no customers, no IFK figures.
    let haupt = blaetter(&m.join("Beratungscontrolling_2026-10.xlsx"));
    for s in ["Letzte Beratung", "Gespräche", "Verlauf", "Termintreue"] {
        assert!(haupt.contains_key(s), "{s} in the Jobcenter workbook");
    }
    // Appointment worklists hold customers: only in team workbooks.
    for s in ["Nachfassen", "Termintreue gefährdet"] {
        assert!(!haupt.contains_key(s), "{s} in the Jobcenter workbook");
    }
    for t in texte(&haupt) {
        assert!(
            !kunde_team.contains_key(&t),
            "Kundennummer {t} in the Jobcenter workbook"
        );
        assert!(
            !t.contains("je IFK"),
            "IFK figures in the Jobcenter workbook"
        );
    }

    for gs in &alle_gs {
        let pfad = gs_mappe(&m, gs);
        let b = blaetter(&pfad);
        let t = texte(&b);
        assert!(t
            .iter()
            .any(|x| x.contains(&format!("Geschäftsstelle {gs}"))));
        for x in &t {
            assert!(!kunde_team.contains_key(x), "{gs}: Kundennummer {x}");
            assert!(
                !(alle_gs.contains(x) && x != gs),
                "{gs}: another Geschäftsstelle {x}"
            );
            assert!(
                !ist_fremdes_team(x, &|team| team_gs[team] == *gs),
                "{gs}: another Geschäftsstelle's team {x}"
            );
            assert!(!x.contains("je IFK"), "{gs}: IFK figures");
        }
        assert!(!b.contains_key("Überfällig") && !b.contains_key("Demnächst fällig"));
        assert!(!b.contains_key("Nachfassen") && !b.contains_key("Termintreue gefährdet"));
        assert!(b.contains_key("Termintreue"), "{gs}: Termintreue");
    }

    for team in team_gs.keys() {
        let pfad = team_mappe(&m, team, &team_gs[team]);
        let b = blaetter(&pfad);
        let t = texte(&b);
        let kunden: BTreeSet<&String> = t.iter().filter(|x| kunde_team.contains_key(*x)).collect();
        for k in &kunden {
            assert_eq!(
                &kunde_team[*k], team,
                "team {team} lists a customer of another team"
            );
        }
        for x in &t {
            assert!(
                !(alle_gs.contains(x)),
                "team {team}: a Geschäftsstelle row {x}"
            );
            assert!(
                !ist_fremdes_team(x, &|other| other == team),
                "team {team}: another team {x}"
            );
        }
        assert!(b.contains_key("Überfällig") && b.contains_key("Demnächst fällig"));
        // A list with rows starts with its header; an empty one is a sentence saying so.
        for liste in ["Nachfassen", "Termintreue gefährdet"] {
            let erste = b[liste]
                .first()
                .and_then(|r| r.first())
                .map(text)
                .unwrap_or_default();
            let leer = b[liste].len() == 1;
            assert!(
                (!leer && erste == "Kundennummer")
                    || (leer && (erste.starts_with("Jeder") || erste.starts_with("Keine"))),
                "team {team}: {liste} starts with „{erste}“"
            );
        }
        assert!(b.contains_key("Termintreue"), "team {team}: Termintreue");
        assert!(
            t.iter().any(|x| x.starts_with("Gespräche je IFK")),
            "team {team}"
        );
    }

    // Every workbook: marked on every printed page, recipient named on the Übersicht.
    let mut alle: Vec<PathBuf> = xlsx_dateien(&m.join("Geschaeftsstellen"));
    alle.extend(xlsx_dateien(&m.join("Teams")));
    alle.extend(xlsx_dateien(&m.join("Klaerungsfaelle")));
    alle.push(m.join("Beratungscontrolling_2026-10.xlsx"));
    for p in &alle {
        for xml in kopfzeilen(p) {
            assert!(
                xml.contains("<oddHeader>")
                    && xml.matches("Vertraulich – Sozialdaten").count() >= 2,
                "{}: header/footer without the marking",
                p.display()
            );
        }
        let b = blaetter(p);
        let ueb = &b["Übersicht"];
        assert!(
            ueb.iter()
                .any(|r| r.first().map(text).as_deref() == Some("Empfänger")),
            "{}: no recipient",
            p.display()
        );
    }

    // protokoll.json lists every workbook with its SHA-256.
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(m.join("protokoll.json")).unwrap()).unwrap();
    let gelistet: BTreeMap<String, String> = p["ausgabedateien"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["datei"].as_str().unwrap().to_string(),
                e["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for pf in &alle {
        let rel = pf.strip_prefix(&m).unwrap().to_string_lossy().into_owned();
        use sha2::Digest;
        let h = sha2::Sha256::digest(std::fs::read(pf).unwrap());
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(gelistet.get(&rel), Some(&hex), "{rel} in protokoll.json");
    }
}

#[test]
fn worklists_and_periods_match_a_recount_of_einzeldaten() {
    // A look-ahead other than the default 30 days.
    let (_aus, m) = demo_mit_verteilung(&["--vorlauf", "21"]);
    let einzel = csv_lesen(&m.join("einzeldaten.csv"));
    let zahl_von = |r: &BTreeMap<String, String>, k: &str| r[k].parse::<i64>().unwrap();
    // Month ends before S: S is a month end, so „n months back“ is the last day of month M − n.
    let monatsende = |n: i32| {
        let gesamt = 2026 * 12 + 9 - n;
        let (j, mo) = (gesamt / 12, (gesamt % 12) as u32 + 1);
        NaiveDate::from_ymd_opt(j, mo, 1)
            .unwrap()
            .checked_add_months(chrono::Months::new(1))
            .unwrap()
            .pred_opt()
            .unwrap()
    };
    let grenzen = [monatsende(3), monatsende(6), monatsende(12)];
    assert_eq!(grenzen[0], NaiveDate::from_ymd_opt(2026, 7, 31).unwrap());
    let periode = |r: &BTreeMap<String, String>| -> usize {
        if r["letzte_beratung"].is_empty() {
            return 4;
        }
        let l = NaiveDate::parse_from_str(&r["letzte_beratung"], "%Y-%m-%d").unwrap();
        grenzen.iter().position(|g| l >= *g).unwrap_or(3)
    };
    let mut teams: BTreeMap<String, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for r in &einzel {
        teams.entry(r["team"].clone()).or_default().push(r);
    }
    let mut je_gs: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    let mut gepruefte_listen = 0;
    for (team, kunden) in &teams {
        let b = blaetter(&team_mappe(&m, team, &kunden[0]["geschaeftsstelle"]));

        // Überfällig: tage > Mindestwert, most days past first, then Kundennummer.
        let mut ueber: Vec<(i64, String)> = kunden
            .iter()
            .filter(|r| zahl_von(r, "tage_seit_beratung") > zahl_von(r, "mindestwert"))
            .map(|r| {
                (
                    zahl_von(r, "tage_seit_beratung") - zahl_von(r, "mindestwert"),
                    r["kundennummer"].clone(),
                )
            })
            .collect();
        ueber.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let blatt = &b["Überfällig"];
        let gelistet: Vec<(i64, String)> = blatt[1..]
            .iter()
            .filter(|r| matches!(r.get(7), Some(Data::Float(_))))
            .map(|r| (zahl(&r[7]) as i64, text(&r[0])))
            .collect();
        assert_eq!(gelistet, ueber, "Überfällig of team {team}");

        // Demnächst fällig: the nearer limit not yet passed is passed within 30 days.
        let mut bald: Vec<(i64, String)> = kunden
            .iter()
            .filter_map(|r| {
                let (t, z, mi) = (
                    zahl_von(r, "tage_seit_beratung"),
                    zahl_von(r, "zielwert"),
                    zahl_von(r, "mindestwert"),
                );
                let w = if t <= z { z } else { mi };
                (t <= mi && w - t < 21).then(|| (w - t, r["kundennummer"].clone()))
            })
            .collect();
        bald.sort();
        let blatt = &b["Demnächst fällig"];
        let gelistet: Vec<(i64, String)> = blatt[1..]
            .iter()
            .filter(|r| matches!(r.get(9), Some(Data::Float(_))))
            .map(|r| (zahl(&r[9]) as i64, text(&r[0])))
            .collect();
        assert_eq!(gelistet, bald, "Demnächst fällig of team {team}");
        // Every column of both lists, row by row, from the customer's einzeldaten row.
        let stichtag = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let serie =
            |d: NaiveDate| (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
        let datum = |d: &Data| match d {
            Data::DateTime(x) => x.as_f64(),
            other => panic!("expected a date, found {other:?}"),
        };
        let gruppenname = |id: &str| match id {
            "fm_ue25" => "FM Ü25",
            "massnahme" => "Maßnahmeteilnehmer:innen",
            "u25" => "Arbeitslose/Ausbildungsuchende U25",
            "ue25_arbeitslos" => "Arbeitslose Ü25",
            _ => "Übrige Kund:innen",
        };
        for blatt in ["Überfällig", "Demnächst fällig"] {
            for r in b[blatt][1..]
                .iter()
                .filter(|r| matches!(r.get(4), Some(Data::Float(_))))
            {
                let k = kunden
                    .iter()
                    .find(|k| k["kundennummer"] == text(&r[0]))
                    .unwrap();
                assert_eq!(text(&r[1]), k["ifk"], "{team} {blatt} IFK");
                assert_eq!(text(&r[2]), gruppenname(&k["kundengruppe"]));
                if k["letzte_beratung"].is_empty() {
                    assert_eq!(text(&r[3]), "noch nie");
                } else {
                    let l = NaiveDate::parse_from_str(&k["letzte_beratung"], "%Y-%m-%d").unwrap();
                    assert_eq!(datum(&r[3]), serie(l), "{team} {blatt} letzte Beratung");
                }
                let t = zahl_von(k, "tage_seit_beratung");
                assert_eq!(zahl(&r[4]) as i64, t);
                assert_eq!(zahl(&r[5]) as i64, zahl_von(k, "zielwert"));
                assert_eq!(zahl(&r[6]) as i64, zahl_von(k, "mindestwert"));
                if blatt == "Demnächst fällig" {
                    let (z, mi) = (zahl_von(k, "zielwert"), zahl_von(k, "mindestwert"));
                    let (grenze, name) = if t <= z {
                        (z, "Zielwert")
                    } else {
                        (mi, "Mindestwert")
                    };
                    // Zielwert = Mindestwert: the list says Mindestwert (the binding limit).
                    let name = if z == mi { "Mindestwert" } else { name };
                    assert_eq!(text(&r[7]), name, "{team} {} limit", k["kundennummer"]);
                    let frist = stichtag + chrono::Duration::days(grenze - t);
                    assert_eq!(datum(&r[8]), serie(frist), "{team} Frist");
                }
            }
        }
        gepruefte_listen += ueber.len() + bald.len();

        // Periods of the team: row 1 of „Letzte Beratung“.
        let mut erwartet = [0u64; 5];
        for r in kunden {
            erwartet[periode(r)] += 1;
        }
        let lb = &b["Letzte Beratung"];
        let ist: Vec<u64> = (2..7).map(|s| zahl(zelle(lb, 1, s)) as u64).collect();
        assert_eq!(ist, erwartet, "periods of team {team}");
        assert_eq!(zahl(zelle(lb, 1, 1)) as usize, kunden.len());
        if kunden.len() < 5 {
            assert_eq!(
                text(zelle(lb, 1, 7)),
                format!("zu wenige Fälle (n = {})", kunden.len())
            );
        } else {
            let anteil = zahl(zelle(lb, 1, 7));
            assert!((anteil - erwartet[0] as f64 / kunden.len() as f64).abs() < 1e-12);
        }
        let gs = &kunden[0]["geschaeftsstelle"];
        let summe = je_gs.entry(gs.clone()).or_default();
        for i in 0..5 {
            summe[i] += erwartet[i];
        }
    }
    assert!(gepruefte_listen > 100, "the demo must exercise the lists");
    for (gs, erwartet) in &je_gs {
        let b = blaetter(&gs_mappe(&m, gs));
        let lb = &b["Letzte Beratung"];
        let ist: Vec<u64> = (2..7).map(|s| zahl(zelle(lb, 1, s)) as u64).collect();
        assert_eq!(ist, erwartet.to_vec(), "periods of {gs}");
    }
    // The Jobcenter workbook: the Jobcenter's row, then one row per Geschäftsstelle.
    let jc = blaetter(&m.join("Beratungscontrolling_2026-10.xlsx"));
    let lb = &jc["Letzte Beratung"];
    let gesamt: Vec<u64> = (0..5).map(|i| je_gs.values().map(|v| v[i]).sum()).collect();
    let ist: Vec<u64> = (2..7).map(|s| zahl(zelle(lb, 1, s)) as u64).collect();
    assert_eq!(ist, gesamt, "periods of the Jobcenter");
    let zeilen: Vec<&Vec<Data>> = lb[2..]
        .iter()
        .filter(|r| matches!(r.get(1), Some(Data::Float(k)) if *k > 0.0))
        .collect();
    assert_eq!(
        zeilen.len(),
        je_gs.len(),
        "one row per Geschäftsstelle with customers"
    );
    for r in zeilen {
        let name = text(&r[0]);
        let (_, erwartet) = je_gs
            .iter()
            .find(|(g, _)| name.ends_with(g.as_str()))
            .unwrap_or_else(|| panic!("unexpected row {name}"));
        let ist: Vec<u64> = (2..7).map(|s| zahl(&r[s]) as u64).collect();
        assert_eq!(
            ist,
            erwartet.to_vec(),
            "Jobcenter workbook, periods of {name}"
        );
        let kunden: u64 = erwartet.iter().sum();
        for i in 0..5 {
            assert!((zahl(&r[7 + i]) - erwartet[i] as f64 / kunden as f64).abs() < 1e-12);
        }
    }
}

/// A small export written by hand: every conversation figure is known.
fn gespraechs_export(dir: &Path, mit_personal: bool) {
    let org = "Team;Teamname;Geschäftsstelle\n1;Eins;Nord\n2;Zwei;Süd\n";
    let kunden = "Kundennummer;Geburtsdatum;Kundenstatus AV;Zugangsdatum;Team;IFK\n\
                  A;01.01.1980;Arbeitslos;01.01.2024;1;Y\n\
                  B;01.01.1980;Arbeitslos;01.01.2024;1;X\n\
                  C;01.01.1980;Arbeitslos;01.01.2024;2;Z\n\
                  D;01.01.1980;Arbeitslos;01.01.2024;;\n";
    // A: 03-03 by phone (Y) and in person (X) → one in-person conversation held by X;
    //    03-10 by video, no author → held by A's IFK Y.
    // B: a Telefonvermerk is no counselling; a Beratungsvermerk on 28.02. is last month.
    // C: the same note twice (one conversation), once more on the Stichtag.
    // D: no team, Kontaktart empty.
    let vermerke_03 = "Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart;Ersteller\n\
                       A;2025-03-03;Beratungsvermerk;Telefon;Y\n\
                       A;03.03.2025;Beratungsvermerk;Persönlich;X\n\
                       A;2025-03-10;Fallmanagement;Video;\n\
                       B;2025-03-12;Telefonvermerk;Telefon;X\n\
                       C;2025-03-20;Beratungsvermerk;Persönlich;Z\n\
                       C;2025-03-20;Beratungsvermerk;Persönlich;Z\n\
                       C;2025-03-31;Beratungsvermerk zur Standortbestimmung;Schriftlich;Z\n\
                       D;2025-03-05;Beratungsvermerk;;\n\
                       A;2025-04-01;Beratungsvermerk;Persönlich;X\n";
    let vermerke_02 = "Kundennummer;Vermerkdatum;Vermerktyp;Kontaktart;Ersteller\n\
                       B;2025-02-28;Beratungsvermerk;Persönlich;X\n";
    let personal = "IFK;Name;Team;Stellenanteil\nX;Xaver;1;1\nY;Yvonne;1;0,5\nZ;Zoe;2;0.5\n";
    let mut dateien: Vec<(&str, &[u8])> = vec![
        ("2025-02/kunden.csv", kunden.as_bytes()),
        ("2025-02/organisation.csv", org.as_bytes()),
        ("2025-02/vermerke.csv", vermerke_02.as_bytes()),
        ("2025-03/kunden.csv", kunden.as_bytes()),
        ("2025-03/organisation.csv", org.as_bytes()),
        ("2025-03/vermerke.csv", vermerke_03.as_bytes()),
    ];
    if mit_personal {
        dateien.push(("2025-03/personal.csv", personal.as_bytes()));
    }
    export(dir, &dateien);
}

/// Row of `name` in column A of a sheet.
fn zeile_von<'a>(b: &'a Blatt, name: &str) -> &'a Vec<Data> {
    b.iter()
        .find(|r| r.first().map(text).as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no row {name:?}"))
}

#[test]
fn conversations_per_unit_week_fte_kontaktart_and_ifk() {
    let ein = tempdir();
    gespraechs_export(ein.path(), true);
    let aus = tempdir();
    run(
        ein.path(),
        "2025-03",
        aus.path(),
        &["--verteilung", "--ifk-auswertung"],
    )
    .ok();
    let m = aus.path().join("2025-03");
    let wochen = 31.0 / 7.0;
    let pruefe = |zeile: &Vec<Data>, gespraeche: f64, vzae: Option<f64>, arten: [f64; 5]| {
        assert_eq!(zahl(&zeile[1]), gespraeche);
        assert!((zahl(&zeile[2]) - gespraeche / wochen).abs() < 1e-9);
        // Coverage: the conversations a week held over the need a week beside them.
        assert!((zahl(&zeile[4]) - zahl(&zeile[2]) / zahl(&zeile[3])).abs() < 1e-9);
        match vzae {
            Some(v) => {
                assert_eq!(zahl(&zeile[5]), v);
                assert!((zahl(&zeile[6]) - gespraeche / wochen / v).abs() < 1e-9);
            }
            None => assert_eq!(text(&zeile[5]), "–"),
        }
        // The Richtwert (20) is one number for all: said above the table, no column.
        let ist: Vec<f64> = (7..12).map(|s| zahl(&zeile[s])).collect();
        assert_eq!(ist, arten);
    };
    // Team 1: A on 03.03. (in person) and 10.03. (video); B nothing in March.
    let t1 = blaetter(&m.join("Teams/1.xlsx"));
    let g = &t1["Gespräche"];
    pruefe(
        zeile_von(g, "1 – Eins"),
        2.0,
        Some(1.5),
        [1.0, 1.0, 0.0, 0.0, 0.0],
    );
    // Per IFK: X held the in-person one, Y (A's IFK) the video one without author.
    pruefe(
        zeile_von(g, "X (Xaver)"),
        1.0,
        Some(1.0),
        [1.0, 0.0, 0.0, 0.0, 0.0],
    );
    pruefe(
        zeile_von(g, "Y (Yvonne)"),
        1.0,
        Some(0.5),
        [0.0, 1.0, 0.0, 0.0, 0.0],
    );
    // Team 2: C twice (the duplicate row is one), the second one written.
    let t2 = blaetter(&m.join("Teams/2.xlsx"));
    pruefe(
        zeile_von(&t2["Gespräche"], "2 – Zwei"),
        2.0,
        Some(0.5),
        [1.0, 0.0, 0.0, 1.0, 0.0],
    );
    // (ohne Team): D, Kontaktart empty; no staff.
    let ot = blaetter(&m.join("Klaerungsfaelle/(ohne Team).xlsx"));
    let z = zeile_von(&ot["Gespräche"], "(ohne Team)");
    assert_eq!(zahl(&z[1]), 1.0);
    assert_eq!(zahl(&z[11]), 1.0);
    assert_eq!(zahl(&z[5]), 0.0);
    assert_eq!(text(&z[6]), "–", "no post, no figure per post");
    // Geschäftsstelle Nord: its team 1.
    let nord = blaetter(&m.join("Geschaeftsstellen/Nord.xlsx"));
    pruefe(
        zeile_von(&nord["Gespräche"], "Nord"),
        2.0,
        Some(1.5),
        [1.0, 1.0, 0.0, 0.0, 0.0],
    );
    // Jobcenter: 5 conversations, 2 FTE, no IFK rows.
    let haupt = blaetter(&m.join("Beratungscontrolling_2025-03.xlsx"));
    let g = &haupt["Gespräche"];
    pruefe(
        zeile_von(g, "Jobcenter gesamt"),
        5.0,
        Some(2.0),
        [2.0, 1.0, 0.0, 1.0, 1.0],
    );
    assert!(!texte(&haupt)
        .iter()
        .any(|t| t.starts_with('X') || t.contains("Xaver")));

    // Without personal.csv: said in the sheet, no per-FTE number invented.
    let ein2 = tempdir();
    gespraechs_export(ein2.path(), false);
    let aus2 = tempdir();
    run(ein2.path(), "2025-03", aus2.path(), &["--verteilung"])
        .ok()
        .meldet("2025-03/personal.csv fehlt: Gespräche je Stelle werden nicht ausgewiesen");
    let t1 = blaetter(&aus2.path().join("2025-03/Teams/1.xlsx"));
    let g = &t1["Gespräche"];
    pruefe(
        zeile_von(g, "1 – Eins"),
        2.0,
        None,
        [1.0, 1.0, 0.0, 0.0, 0.0],
    );
    assert_eq!(
        text(zelle(g, 1, 6)),
        "–",
        "no figure per post without personal.csv"
    );
    assert!(texte(&t1)
        .iter()
        .any(|t| t.contains("Für diesen Monat liegt keine Personalliste vor")));
    assert!(
        !texte(&t1).iter().any(|t| t.starts_with("Gespräche je IFK")),
        "no flag, no IFK rows"
    );
}

#[test]
fn trend_equals_separate_runs_of_each_month_with_gaps() {
    let ein = tempdir();
    generieren(ein.path(), 400, 8, 11, &["--fehler"]);
    // A month without a folder: a gap, and its notes extract is not read by later months.
    std::fs::remove_dir_all(ein.path().join("2024-04")).unwrap();
    // A month whose folder lacks kunden.csv: also a gap.
    std::fs::remove_file(ein.path().join("2024-06/kunden.csv")).unwrap();
    let aus = tempdir();
    run(ein.path(), "2024-08", aus.path(), &["--verteilung"]).ok();
    let m = aus.path().join("2024-08");
    let haupt = blaetter(&m.join("Beratungscontrolling_2024-08.xlsx"));
    let v = &haupt["Verlauf"];
    // 13 months: 2023-08 … 2024-08, in German. Table 1 (title, header, months): the
    // Jobcenter's figures across; below the chart one table per Geschäftsstelle figure
    // (Ø Tage, share within the Mindestwert), a column per Geschäftsstelle.
    assert_eq!(text(zelle(v, 2, 0)), "August 2023");
    assert_eq!(text(zelle(v, 14, 0)), "August 2024");
    let kopf_von = |zeile: usize| -> Vec<String> { v[zeile].iter().map(text).collect() };
    let spalte_in = |kopf: &[String], name: &str| {
        kopf.iter()
            .position(|k| k == name)
            .unwrap_or_else(|| panic!("no trend column for {name}: {kopf:?}"))
    };
    let titel = |t: &str| {
        v.iter()
            .position(|r| r.first().map(text).as_deref() == Some(t))
            .unwrap_or_else(|| panic!("no table „{t}“"))
    };
    let jc = kopf_von(1);
    let tage_gs = titel("Ø Tage seit letzter Beratung je Geschäftsstelle");
    let anteil_gs = titel("Anteil Mindestwert eingehalten je Geschäftsstelle");
    let gs_kopf = kopf_von(tage_gs + 1);
    assert_eq!(gs_kopf, kopf_von(anteil_gs + 1));
    let gs_namen: BTreeSet<String> = csv_lesen(&m.join("kennzahlen.csv"))
        .iter()
        .filter(|r| r["ebene"] == "geschaeftsstelle")
        .map(|r| r["geschaeftsstelle"].clone())
        .collect();
    assert!(
        !gs_kopf.iter().any(|k| k == "(nicht zugeordnet)"),
        "a Klärungsfall in the trend: {gs_kopf:?}"
    );
    let zahl_oder_strich = |d: &Data| match d {
        Data::String(s) if s == "–" => None,
        d => Some(zahl(d)),
    };
    let mut verglichen = 0;
    for (z, monat) in (2..=14).zip(0..13) {
        let jahr_monat = {
            let g = 2023 * 12 + 7 + monat;
            format!("{:04}-{:02}", g / 12, g % 12 + 1)
        };
        let vorhanden = !matches!(jahr_monat.as_str(), "2024-04" | "2024-06")
            && jahr_monat.as_str() >= "2024-01";
        if !vorhanden {
            assert_eq!(*zelle(v, z, 1), Data::Empty, "{jahr_monat} must be a gap");
            assert!(
                v[z].iter().any(|d| text(d).starts_with("keine Daten")),
                "{jahr_monat} marked as without data"
            );
            continue;
        }
        // The same month run on its own.
        let einzeln = tempdir();
        run(ein.path(), &jahr_monat, einzeln.path(), &[]).ok();
        let kz = csv_lesen(&einzeln.path().join(&jahr_monat).join("kennzahlen.csv"));
        let alle = |r: &&BTreeMap<String, String>| r["kundengruppe"] == "alle";
        // The Jobcenter: every figure of table 1.
        let r = kz
            .iter()
            .filter(alle)
            .find(|r| r["ebene"] == "gesamt")
            .unwrap();
        for (kopf, feld) in [
            ("Ø Tage seit letzter Beratung", "tage_mittel"),
            ("Ø Tage (nur bereits Beratene)", "tage_mittel_beraten"),
            ("Anteil Zielwert eingehalten", "anteil_zielwert"),
            ("Anteil Mindestwert eingehalten", "anteil_mindestwert"),
            ("Kund:innen", "kunden"),
            ("Überfällig (über Mindestwert)", "ueberfaellig"),
        ] {
            let ist = zahl_oder_strich(zelle(v, z, spalte_in(&jc, kopf)));
            let soll = (!r[feld].is_empty()).then(|| r[feld].parse::<f64>().unwrap());
            assert!(
                match (ist, soll) {
                    (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                    (a, b) => a == b,
                },
                "{jahr_monat} Jobcenter {feld}: trend {ist:?} vs run {soll:?}"
            );
            verglichen += 1;
        }
        // Each Geschäftsstelle (not a Klärungsfall): Ø Tage and the share.
        for r in kz
            .iter()
            .filter(alle)
            .filter(|r| r["ebene"] == "geschaeftsstelle")
            .filter(|r| gs_namen.contains(&r["geschaeftsstelle"]))
            .filter(|r| r["geschaeftsstelle"] != "(nicht zugeordnet)")
        {
            let c = spalte_in(&gs_kopf, &r["geschaeftsstelle"]);
            let tage: f64 = r["tage_mittel"].parse().unwrap();
            let anteil: f64 = r["anteil_mindestwert"].parse().unwrap();
            let zeile = z - 2;
            assert!(
                (zahl(zelle(v, tage_gs + 2 + zeile, c)) - tage).abs() < 1e-9,
                "{jahr_monat} {}: Ø Tage",
                r["geschaeftsstelle"]
            );
            assert!(
                (zahl(zelle(v, anteil_gs + 2 + zeile, c)) - anteil).abs() < 1e-9,
                "{jahr_monat} {}: share",
                r["geschaeftsstelle"]
            );
            verglichen += 1;
        }
        // The appointment quotes of table 1 against the separate run's termintreue.csv.
        let tt = csv_lesen(&einzeln.path().join(&jahr_monat).join("termintreue.csv"));
        if let Some(r) = tt.iter().filter(alle).find(|r| r["ebene"] == "gesamt") {
            for (kopf, feld) in [
                ("Quote wahrgenommen", "quote_wahrgenommen"),
                ("Nachfass-Quote", "nachfass_quote"),
            ] {
                let ist = zelle(v, z, spalte_in(&jc, kopf));
                if r[feld].is_empty() {
                    assert_eq!(text(ist), "–", "{jahr_monat} {feld}");
                } else {
                    let soll: f64 = r[feld].parse().unwrap();
                    assert!(
                        (zahl(ist) - soll).abs() < 1e-9,
                        "{jahr_monat} {feld}: trend {ist:?} vs run {soll}"
                    );
                }
                verglichen += 1;
            }
        }
        // Teams: the team workbook's trend against the separate run's team rows.
        for r in kz
            .iter()
            .filter(|r| r["kundengruppe"] == "alle" && r["ebene"] == "team")
        {
            let pfad = team_mappe(&m, &r["team"], &r["geschaeftsstelle"]);
            if !pfad.exists() {
                continue;
            }
            let tb = blaetter(&pfad);
            let tv = &tb["Verlauf"];
            let tage: f64 = r["tage_mittel"].parse().unwrap();
            assert!(
                (zahl(zelle(tv, z, 1)) - tage).abs() < 1e-9,
                "{jahr_monat} team {}",
                r["team"]
            );
            verglichen += 1;
        }
    }
    assert!(verglichen > 30, "compared {verglichen} values");
}

#[test]
fn distribution_is_byte_reproducible_and_listed_in_the_record() {
    let ein = root().join("fixtures/demo");
    let (a, b) = (tempdir(), tempdir());
    for aus in [&a, &b] {
        run(
            &ein,
            "2026-10",
            aus.path(),
            &["--verteilung", "--ifk-auswertung"],
        )
        .ok();
    }
    let (x, y) = (
        inhalte(&a.path().join("2026-10")),
        inhalte(&b.path().join("2026-10")),
    );
    assert!(x.keys().any(|k| k.starts_with("Teams/")), "{:?}", x.keys());
    assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
    for (k, v) in &x {
        assert!(v == &y[k], "{k} differs between two runs");
    }
}

#[test]
fn distribution_call_and_staff_errors() {
    let ein = tempdir();
    gespraechs_export(ein.path(), true);
    let aus = tempdir();
    // Flags that need --verteilung.
    for flag in [&["--ifk-auswertung"][..], &["--vorlauf", "14"]] {
        run(ein.path(), "2025-03", aus.path(), flag)
            .status(2)
            .meldet("--verteilung");
    }
    run(
        ein.path(),
        "2025-03",
        aus.path(),
        &["--verteilung", "--vorlauf", "0"],
    )
    .status(2)
    .meldet("--vorlauf");
    // A broken personal.csv stops the run with file, line and what was expected.
    export(
        ein.path(),
        &[(
            "2025-03/personal.csv",
            b"IFK;Team;Stellenanteil\nX;1;1\nY;1;anderthalb\n",
        )],
    );
    run(ein.path(), "2025-03", aus.path(), &["--verteilung"])
        .status(2)
        .meldet("personal.csv, Zeile 3")
        .meldet("Stellenanteil");
    assert!(!aus.path().join("2025-03").exists(), "nothing written");
    // Without --verteilung personal.csv is not read at all.
    run(ein.path(), "2025-03", aus.path(), &[]).ok();
    export(
        ein.path(),
        &[("2025-03/personal.csv", b"IFK;Name\nX;Xaver\n")],
    );
    run(ein.path(), "2025-03", aus.path(), &["--verteilung"])
        .status(2)
        .meldet("personal.csv");
}

/// Every figure on the Übersicht of every unit workbook — the unit beside
/// the Jobcenter, and the table per customer group with its limits — equals `kennzahlen.csv`;
/// the worklist counts equal a recount from `einzeldaten.csv` with a look-ahead of 45 days.
#[test]
fn every_unit_overview_figure_equals_kennzahlen_csv() {
    let (_aus, m) = demo_mit_verteilung(&["--vorlauf", "45"]);
    let zahlen = csv_lesen(&m.join("kennzahlen.csv"));
    let einzel = csv_lesen(&m.join("einzeldaten.csv"));
    let felder = crate::harness::MAPPE_FELDER;
    let gruppen = [
        ("fm_ue25", "FM Ü25", 180.0, 180.0),
        ("massnahme", "Maßnahmeteilnehmer:innen", 180.0, 180.0),
        ("u25", "Arbeitslose/Ausbildungsuchende U25", 30.0, 60.0),
        ("ue25_arbeitslos", "Arbeitslose Ü25", 90.0, 180.0),
        ("uebrige", "Übrige Kund:innen", 180.0, 180.0),
    ];
    let finde = |ebene: &str, einheit: &str, gruppe: &str| {
        zahlen.iter().find(|z| {
            z["ebene"] == ebene
                && z["kundengruppe"] == gruppe
                && (ebene == "gesamt"
                    || (ebene == "team" && z["team"] == einheit)
                    || (ebene == "geschaeftsstelle" && z["geschaeftsstelle"] == einheit))
        })
    };
    let mut geprueft = 0;
    for (ordner, ebene) in [("Geschaeftsstellen", "geschaeftsstelle"), ("Teams", "team")] {
        for pfad in xlsx_dateien(&m.join(ordner)) {
            let einheit = pfad.file_stem().unwrap().to_string_lossy().into_owned();
            let b = blaetter(&pfad);
            let ueb = &b["Übersicht"];
            // Below the header „Kennzahl“: the nine figures, unit in B, Jobcenter in C, then
            // the traffic light's word.
            let kopf = (0..ueb.len())
                .find(|z| text(zelle(ueb, *z, 0)) == "Kennzahl")
                .unwrap();
            for (spalte, zeile_csv) in [
                (1, finde(ebene, &einheit, "alle")),
                (2, finde("gesamt", "", "alle")),
            ] {
                match zeile_csv {
                    Some(k) => {
                        for (i, f) in felder.iter().enumerate() {
                            assert!(
                                zeigt(zelle(ueb, kopf + 1 + i, spalte), k, f),
                                "{einheit}: Übersicht {f} column {spalte}"
                            );
                        }
                    }
                    None => {
                        assert_eq!(
                            text(zelle(ueb, kopf + 1, spalte)),
                            "keine Kund:innen",
                            "{einheit}"
                        )
                    }
                }
            }
            // The table per customer group: all five, in precedence order.
            let start = (0..ueb.len())
                .find(|z| text(zelle(ueb, *z, 0)) == "Nach Kundengruppe")
                .unwrap()
                + 2;
            for (i, (id, name, _, _)) in gruppen.iter().enumerate() {
                let z = start + i;
                assert_eq!(text(zelle(ueb, z, 0)), *name, "{einheit}");
                match finde(ebene, &einheit, id) {
                    Some(k) => {
                        for (j, f) in felder.iter().enumerate() {
                            assert!(zeigt(zelle(ueb, z, 1 + j), k, f), "{einheit} {id} {f}");
                        }
                    }
                    None => assert_eq!(zahl(zelle(ueb, z, 1)), 0.0, "{einheit} {id}: no customers"),
                }
            }
            // Below the table, each group's Zielwert/Mindestwert of the rules version.
            let unter: String = (start + gruppen.len()..start + gruppen.len() + 3)
                .map(|z| text(zelle(ueb, z, 0)))
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                unter.starts_with("Ziel-/Mindestwert in Tagen:"),
                "{einheit}: {unter}"
            );
            for (_, name, ziel, mindest) in &gruppen {
                assert!(
                    unter.contains(&format!("{name} {ziel}/{mindest}")),
                    "{einheit}: {name} in „{unter}“"
                );
            }
            // Team workbooks: the worklist counts, recounted from the customer rows.
            if ebene == "team" {
                let eigene: Vec<_> = einzel.iter().filter(|z| z["team"] == einheit).collect();
                let tage = |z: &BTreeMap<String, String>, k: &str| z[k].parse::<i64>().unwrap();
                let ueberfaellig = eigene
                    .iter()
                    .filter(|z| tage(z, "tage_seit_beratung") > tage(z, "mindestwert"))
                    .count();
                let demnaechst = eigene
                    .iter()
                    .filter(|z| {
                        let t = tage(z, "tage_seit_beratung");
                        let grenze = if t <= tage(z, "zielwert") {
                            tage(z, "zielwert")
                        } else {
                            tage(z, "mindestwert")
                        };
                        t <= tage(z, "mindestwert") && grenze - t < 45
                    })
                    .count();
                // Under the header „Arbeitsliste“, each row linked to its sheet.
                let listen = (0..ueb.len())
                    .find(|z| text(zelle(ueb, *z, 0)) == "Arbeitsliste")
                    .unwrap();
                assert_eq!(
                    zahl(zelle(ueb, listen + 1, 1)) as usize,
                    ueberfaellig,
                    "{einheit}"
                );
                assert_eq!(
                    zahl(zelle(ueb, listen + 2, 1)) as usize,
                    demnaechst,
                    "{einheit}"
                );
                assert_eq!(
                    text(zelle(ueb, listen + 2, 0)),
                    "Demnächst fällig (nächste 45 Tage)"
                );
            }
            geprueft += 1;
        }
    }
    assert!(geprueft > 15, "{geprueft} workbooks");
}

/// The Jobcenter workbook's „Kundengruppen“ sheet: one row per (Geschäftsstelle, group) with
/// customers, then the Jobcenter's rows; the count of rows and every figure as in
/// `kennzahlen.csv`.
#[test]
fn the_kundengruppen_sheet_equals_kennzahlen_csv_row_for_row() {
    let (_aus, m) = demo_mit_verteilung(&[]);
    let zahlen = csv_lesen(&m.join("kennzahlen.csv"));
    let b = blaetter(&m.join("Beratungscontrolling_2026-10.xlsx"));
    let kg = &b["Kundengruppen"];
    let namen: BTreeMap<&str, &str> = BTreeMap::from([
        ("FM Ü25", "fm_ue25"),
        ("Maßnahmeteilnehmer:innen", "massnahme"),
        ("Arbeitslose/Ausbildungsuchende U25", "u25"),
        ("Arbeitslose Ü25", "ue25_arbeitslos"),
        ("Übrige Kund:innen", "uebrige"),
    ]);
    let erwartet: Vec<_> = zahlen
        .iter()
        .filter(|z| {
            (z["ebene"] == "geschaeftsstelle" || z["ebene"] == "gesamt")
                && z["kundengruppe"] != "alle"
        })
        .collect();
    // The table: the rows after the header up to the first blank one (a note follows).
    let zeilen: Vec<&Vec<Data>> = kg
        .iter()
        .skip(1)
        .take_while(|z| z.first().is_some_and(|d| *d != Data::Empty))
        .collect();
    assert_eq!(
        zeilen.len(),
        erwartet.len(),
        "one row per unit and group with customers"
    );
    let felder = crate::harness::MAPPE_FELDER;
    for z in zeilen {
        let gs = text(&z[0]);
        let gruppe = namen[text(&z[1]).as_str()];
        let k = erwartet
            .iter()
            .find(|k| {
                k["kundengruppe"] == gruppe
                    && if gs == "Jobcenter gesamt" {
                        k["ebene"] == "gesamt"
                    } else {
                        k["geschaeftsstelle"] == gs
                    }
            })
            .unwrap_or_else(|| panic!("{gs} {gruppe} not in kennzahlen.csv"));
        for (i, f) in felder.iter().enumerate() {
            assert!(zeigt(&z[2 + i], k, f), "{gs} {gruppe} {f}");
        }
    }
}

/// The „Teams“ sheet of every Geschäftsstelle workbook: one row per team of the
/// Geschäftsstelle (from organisation.csv, with or without customers, plus teams assigned to it
/// only through customers), each equal to its `kennzahlen.csv` row, then the total.
#[test]
fn the_teams_sheet_of_every_branch_equals_kennzahlen_csv() {
    let (_aus, m) = demo_mit_verteilung(&[]);
    let zahlen = csv_lesen(&m.join("kennzahlen.csv"));
    let org_bytes = std::fs::read(root().join("fixtures/demo/2026-10/organisation.csv")).unwrap();
    let org = encoding_rs::WINDOWS_1252.decode(&org_bytes).0.into_owned();
    let felder = crate::harness::MAPPE_FELDER;
    for pfad in xlsx_dateien(&m.join("Geschaeftsstellen")) {
        let gs = pfad.file_stem().unwrap().to_string_lossy().into_owned();
        let mut erwartet: BTreeSet<String> = zahlen
            .iter()
            .filter(|z| z["ebene"] == "team" && z["geschaeftsstelle"] == gs)
            .map(|z| z["team"].clone())
            .collect();
        for zeile in org.lines().skip(1) {
            let f: Vec<&str> = zeile.split(';').collect();
            if f.last() == Some(&gs.as_str()) {
                erwartet.insert(f[0].to_string());
            }
        }
        let b = blaetter(&pfad);
        let teams = &b["Teams"];
        let zeilen: Vec<&Vec<Data>> = teams[1..].iter().filter(|z| !z.is_empty()).collect();
        let (summe, teamzeilen) = zeilen.split_last().unwrap();
        let gelistet: BTreeSet<String> = teamzeilen.iter().map(|z| text(&z[0])).collect();
        assert_eq!(gelistet, erwartet, "teams of {gs}");
        assert_eq!(teamzeilen.len(), erwartet.len(), "each team once in {gs}");
        for z in teamzeilen {
            let team = text(&z[0]);
            match zahlen
                .iter()
                .find(|k| k["ebene"] == "team" && k["team"] == team && k["kundengruppe"] == "alle")
            {
                Some(k) => {
                    for (i, f) in felder.iter().enumerate() {
                        assert!(zeigt(&z[2 + i], k, f), "{gs} {team} {f}");
                    }
                }
                None => assert_eq!(zahl(&z[2]), 0.0, "{gs} {team}: no customers"),
            }
        }
        assert_eq!(text(&summe[0]), "Geschäftsstelle gesamt");
        let k = zahlen
            .iter()
            .find(|k| {
                k["ebene"] == "geschaeftsstelle"
                    && k["geschaeftsstelle"] == gs
                    && k["kundengruppe"] == "alle"
            })
            .unwrap();
        for (i, f) in felder.iter().enumerate() {
            assert!(zeigt(&summe[2 + i], k, f), "{gs} total {f}");
        }
    }
}

/// The „Gespräche“ sheet of every team and Geschäftsstelle workbook and of the Jobcenter
/// workbook, recounted from the raw demo export: qualifying notes dated 01.–31.10.2026 in any
/// extract ≤ 2026-10, one conversation per customer and day, population customers only (team
/// and Geschäftsstelle from einzeldaten.csv), the day's Kontaktart by preference Persönlich >
/// Video > Telefon > Sonstige > ohne Angabe.
#[test]
fn conversations_of_every_unit_equal_a_recount_of_the_raw_notes() {
    let (_aus, m) = demo_mit_verteilung(&[]);
    let einzel = csv_lesen(&m.join("einzeldaten.csv"));
    let kunden: BTreeMap<&str, (&str, &str)> = einzel
        .iter()
        .map(|z| {
            (
                z["kundennummer"].as_str(),
                (z["geschaeftsstelle"].as_str(), z["team"].as_str()),
            )
        })
        .collect();
    let art = |k: &str| {
        let k = k.trim().to_lowercase();
        if k.is_empty() {
            4
        } else if k.starts_with("persönlich") || k.starts_with("persoenlich") || k == "präsenz" {
            0
        } else if k.starts_with("video") {
            1
        } else if k.starts_with("telefon") {
            2
        } else {
            3
        }
    };
    let typen = [
        "beratungsvermerk",
        "beratungsvermerk zur standortbestimmung",
        "fallmanagement",
    ];
    // (customer, day) → best Kontaktart class.
    let mut tage: BTreeMap<(String, String), usize> = BTreeMap::new();
    for e in std::fs::read_dir(root().join("fixtures/demo"))
        .unwrap()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.as_str() > "2026-10" || name.len() != 7 {
            continue;
        }
        let p = e.path().join("vermerke.csv");
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let text = String::from_utf8(bytes).expect("demo extracts are UTF-8");
        let mut zeilen = text.lines();
        let kopf: Vec<String> = zeilen
            .next()
            .unwrap()
            .trim_start_matches('\u{feff}')
            .split(';')
            .map(|k| k.trim().to_lowercase())
            .collect();
        let spalte = |n: &str| kopf.iter().position(|k| k == n).unwrap();
        let (kn, dat, typ, ka) = (
            spalte("kundennummer"),
            spalte("vermerkdatum"),
            spalte("vermerktyp"),
            spalte("kontaktart"),
        );
        for z in zeilen {
            let f: Vec<&str> = z.split(';').map(str::trim).collect();
            if f.len() != kopf.len() || !typen.contains(&f[typ].to_lowercase().as_str()) {
                continue;
            }
            let Ok(d) = NaiveDate::parse_from_str(f[dat], "%Y-%m-%d") else {
                continue;
            };
            if d < NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
                || d > NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
            {
                continue;
            }
            if !kunden.contains_key(f[kn]) {
                continue;
            }
            let e = tage
                .entry((f[kn].to_string(), f[dat].to_string()))
                .or_insert(4);
            *e = (*e).min(art(f[ka]));
        }
    }
    // Per unit: total and the five classes.
    let mut je: BTreeMap<String, [u64; 6]> = BTreeMap::new();
    for ((kunde, _), a) in &tage {
        let (gs, team) = kunden[kunde.as_str()];
        for einheit in [
            "Jobcenter".to_string(),
            format!("GS {gs}"),
            format!("Team {team}"),
        ] {
            let z = je.entry(einheit).or_default();
            z[0] += 1;
            z[1 + a] += 1;
        }
    }
    assert!(
        je["Jobcenter"][0] > 500,
        "the demo must exercise the conversations"
    );
    let pruefen = |pfad: &Path, einheit: &str| {
        let b = blaetter(pfad);
        let g = &b["Gespräche"];
        let soll = je.get(einheit).copied().unwrap_or_default();
        assert_eq!(
            zahl(zelle(g, 1, 1)) as u64,
            soll[0],
            "{einheit}: conversations"
        );
        for k in 0..5 {
            assert_eq!(
                zahl(zelle(g, 1, 7 + k)) as u64,
                soll[1 + k],
                "{einheit}: Kontaktart {k}"
            );
        }
    };
    pruefen(&m.join("Beratungscontrolling_2026-10.xlsx"), "Jobcenter");
    for p in xlsx_dateien(&m.join("Geschaeftsstellen")) {
        let gs = p.file_stem().unwrap().to_string_lossy().into_owned();
        pruefen(&p, &format!("GS {gs}"));
    }
    for p in xlsx_dateien(&m.join("Teams")) {
        let team = p.file_stem().unwrap().to_string_lossy().into_owned();
        pruefen(&p, &format!("Team {team}"));
    }
}

/// With `--ifk-auswertung` a team's Übersicht counts its worklists per IFK —
/// overdue and due soon recounted here from einzeldaten.csv by IFK (look-ahead 30 days), at
/// risk summing to the sheet „Termintreue gefährdet“; without the option no per-IFK table.
#[test]
fn the_worklists_per_ifk_equal_a_recount_of_the_customer_rows() {
    let (_aus, m) = demo_mit_verteilung(&["--ifk-auswertung"]);
    let einzel = csv_lesen(&m.join("einzeldaten.csv"));
    let tage = |z: &BTreeMap<String, String>, k: &str| z[k].parse::<i64>().unwrap();
    let mut geprueft = 0;
    for pfad in xlsx_dateien(&m.join("Teams")) {
        let team = pfad.file_stem().unwrap().to_string_lossy().into_owned();
        let b = blaetter(&pfad);
        let ueb = &b["Übersicht"];
        let Some(kopf) = (0..ueb.len()).find(|z| text(zelle(ueb, *z, 0)) == "IFK") else {
            continue;
        };
        let mut soll: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for z in einzel.iter().filter(|z| z["team"] == team) {
            let t = tage(z, "tage_seit_beratung");
            let (ziel, mindest) = (tage(z, "zielwert"), tage(z, "mindestwert"));
            let grenze = if t <= ziel { ziel } else { mindest };
            let ifk = if z["ifk"].trim().is_empty() {
                "(ohne Angabe)".to_string()
            } else {
                z["ifk"].clone()
            };
            let e = soll.entry(ifk).or_default();
            if t > mindest {
                e.0 += 1;
            } else if grenze - t < 30 {
                e.1 += 1;
            }
        }
        soll.retain(|_, (u, d)| *u + *d > 0);
        let mut ist: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut gefaehrdet = 0usize;
        for z in kopf + 1..ueb.len() {
            let ifk = text(zelle(ueb, z, 0));
            if ifk.is_empty() {
                break;
            }
            let n = |s: usize| zahl(zelle(ueb, z, s)) as usize;
            if n(1) + n(2) > 0 {
                ist.insert(ifk, (n(1), n(2)));
            }
            gefaehrdet += n(3);
        }
        assert_eq!(ist, soll, "team {team}");
        let liste = &b["Termintreue gefährdet"];
        let zeilen = if text(zelle(liste, 0, 0)) == "Kundennummer" {
            liste.len() - 1
        } else {
            0
        };
        assert_eq!(gefaehrdet, zeilen, "team {team}: at risk");
        geprueft += 1;
    }
    assert!(
        geprueft > 10,
        "{geprueft} team workbooks with per-IFK lists"
    );
    let (_ohne, m) = demo_mit_verteilung(&[]);
    for pfad in xlsx_dateien(&m.join("Teams")) {
        let b = blaetter(&pfad);
        assert!(b["Übersicht"]
            .iter()
            .all(|r| r.first().map(text).as_deref() != Some("IFK")));
    }
}

//! Stage 8, the first page („Auf einen Blick“) of every management workbook as data: how the
//! unit stands this month, against the previous month and the same month a year before; its
//! units ranked by the share within the Mindestwert; and „Handlungsbedarf“ — the few figures
//! that need action now, worst first, each from a rule the Erläuterungen state.
//!
//! The comparison months' values are the trend's (SPEC §4 „Comparisons“): what a run for that
//! month computes from the folders up to it under its rules version. Without `--verteilung`
//! no earlier month is read, and the page says so instead of showing a comparison.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::bestand::Einzelfall;
use crate::einheit::{Ebene, Einheit};
use crate::ingest::folders::Monat;
use crate::katalog::{
    Kennzahl, Kennzahltabelle, Kennzahlzeile, ANTEIL_MINDESTWERT, KUNDEN, NACHFASS_QUOTE,
    TAGE_MITTEL, TAGE_MITTEL_BERATEN, TERMINTREUE, UEBERFAELLIG,
};
use crate::rules::ampelstufe::Ampelstufe;
use crate::rules::Fassung;
use crate::verteilung::planung::Planungszeile;
use crate::verteilung::verlauf::{Verlauf, Verlaufspunkt};

use super::verteilung::Verteilungsergebnis;

/// The figures the first page compares, in its order.
pub const VERGLEICHSKENNZAHLEN: [Kennzahl; 4] = [
    ANTEIL_MINDESTWERT,
    TAGE_MITTEL,
    TAGE_MITTEL_BERATEN,
    UEBERFAELLIG,
];

/// A Quote nachgeholt below this needs action (REPORT: „below one half“).
pub const NACHGEHOLT_MINDESTENS: f64 = 0.5;

/// One figure of the unit in M, M − 1 and M − 12, and the changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Vergleichszeile {
    /// Which figure.
    pub kennzahl: Kennzahl,
    /// Its values in M, M − 1, M − 12 (`None`: not computable or no comparison).
    pub werte: [Option<f64>; 3],
    /// The customers each value stands on (for the small-number rule).
    pub kunden: [Option<u64>; 3],
}

impl Vergleichszeile {
    /// Change from the comparison month `i` (1: M − 1, 2: M − 12) to M.
    pub fn aenderung(&self, i: usize) -> Option<f64> {
        Some(self.werte[0]? - self.werte[i]?)
    }
}

/// Why a comparison month has no values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vergleichsluecke {
    /// The run did not read earlier months (no `--verteilung`).
    NichtGelesen,
    /// That month's folder is missing or incomplete.
    KeineDaten,
    /// The unit had no customers that month.
    KeineKunden,
}

/// The comparison of the unit's headline figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Vergleich {
    /// M, M − 1, M − 12.
    pub monate: [Monat; 3],
    /// Per comparison month (M − 1, M − 12): why it has no values, if so.
    pub luecken: [Option<Vergleichsluecke>; 2],
    /// The figures.
    pub zeilen: Vec<Vergleichszeile>,
}

/// One unit in the ranking by the share within the Mindestwert.
#[derive(Debug, Clone, PartialEq)]
pub struct Rang {
    /// The unit.
    pub einheit: Einheit,
    /// Its customers.
    pub kunden: u64,
    /// Its share within the Mindestwert.
    pub anteil: f64,
    /// Its overdue customers.
    pub ueberfaellig: u64,
    /// Its traffic light.
    pub stufe: Ampelstufe,
}

/// Where a line of „Handlungsbedarf“ points the reader to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ziel {
    /// The units' sheet (Geschäftsstellen or Teams).
    Einheiten,
    /// The team's worklist „Überfällig“.
    Ueberfaellig,
    /// The team's worklist „Demnächst fällig“.
    Demnaechst,
    /// The team's worklist „Nachfassen“.
    Nachfassen,
    /// The team's worklist „Termintreue gefährdet“.
    Gefaehrdet,
    /// „Planung“ (Nachhaltung, need and coverage).
    Planung,
    /// „Termintreue“.
    Termintreue,
}

/// What needs action, one line of „Handlungsbedarf“.
#[derive(Debug, Clone, PartialEq)]
pub enum Handlung {
    /// The unit's own share within the Mindestwert is amber or red.
    Mindestwert {
        einheit: Einheit,
        anteil: f64,
        stufe: Ampelstufe,
        ueberfaellig: u64,
    },
    /// A team's customers to invite now (its worklist).
    Einladen { ueberfaellig: u64 },
    /// Few of last month's overdue customers were counselled since (§6.3).
    Nachhaltung {
        vormonat: Monat,
        ueberfaellig: u64,
        nachgeholt: u64,
        quote: f64,
    },
    /// The conversations held cover less than the need.
    Deckung {
        deckung: f64,
        gehalten: Option<f64>,
        bedarf: Option<f64>,
    },
    /// The no-show follow-up quote is amber or red (§5).
    Nachfassen {
        einheit: Einheit,
        quote: f64,
        stufe: Ampelstufe,
    },
}

impl Handlung {
    /// The sheet the line links to.
    pub fn ziel(&self) -> Ziel {
        match self {
            Handlung::Mindestwert { .. } => Ziel::Einheiten,
            Handlung::Einladen { .. } => Ziel::Ueberfaellig,
            Handlung::Nachhaltung { .. } | Handlung::Deckung { .. } => Ziel::Planung,
            Handlung::Nachfassen { .. } => Ziel::Termintreue,
        }
    }

    /// How far below its mark the figure lies, relative to the mark (0…1): the order of
    /// the list, worst first. A team's worklist always comes first.
    fn schwere(&self, fassung: &Fassung) -> f64 {
        let unter = |wert: f64, marke: f64| ((marke - wert) / marke).max(0.0);
        match self {
            Handlung::Einladen { .. } => f64::INFINITY,
            Handlung::Mindestwert { anteil, .. } => unter(*anteil, fassung.ampel.gelb_unter),
            Handlung::Nachhaltung { quote, .. } => unter(*quote, NACHGEHOLT_MINDESTENS),
            Handlung::Deckung { deckung, .. } => unter(*deckung, 1.0),
            Handlung::Nachfassen { quote, .. } => unter(*quote, fassung.ampel.gelb_unter),
        }
    }
}

/// At most this many lines of „Handlungsbedarf“ (REPORT: a page read in a minute).
pub const HANDLUNGEN_MAX: usize = 5;

/// The Klärungsfälle of the Jobcenter: customers without a valid team, per team code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Klaerungsfaelle {
    /// Customers in total.
    pub kunden: u64,
    /// Per team code (`(ohne Team)` included), with its customers.
    pub teams: Vec<(String, u64)>,
}

/// The lengths of a team's worklists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Listenlaengen {
    pub ueberfaellig: u64,
    pub demnaechst: u64,
    /// `None` without appointment data.
    pub nachfassen: Option<u64>,
    pub gefaehrdet: Option<u64>,
}

/// Everything the first page of unit `einheit`'s workbook shows beyond its own figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Lagebild {
    /// The unit.
    pub einheit: Einheit,
    /// M, M − 1, M − 12.
    pub vergleich: Vergleich,
    /// Its units (Geschäftsstellen or teams) ranked, lowest share first — only units that
    /// perform (no Klärungsfall) with at least `mindestfallzahl` customers.
    pub rangfolge: Vec<Rang>,
    /// Its units left out of the ranking for too few customers: name and count.
    pub zu_klein: Vec<(Einheit, u64)>,
    /// What needs action, worst first, at most [`HANDLUNGEN_MAX`].
    pub handlungen: Vec<Handlung>,
    /// How many lines the rules found before the cut.
    pub handlungen_gefunden: usize,
    /// The unit's planning row (with `--verteilung`).
    pub planung: Option<Planungszeile>,
    /// A team's worklists.
    pub listen: Option<Listenlaengen>,
    /// In the Jobcenter's page: its Klärungsfälle.
    pub klaerungsfaelle: Option<Klaerungsfaelle>,
    /// The unit's never-counselled customers who entered before the earliest note read
    /// (SPEC §4 „Notes history“).
    pub nie_beraten_vor_historie: u64,
}

/// What the first pages are made from: the month's figures, its rules and month, whether the
/// export has appointments, and with `--verteilung` stage 7's result.
pub struct Grundlage<'a> {
    pub zahlen: &'a Kennzahltabelle,
    pub terminzahlen: &'a Kennzahltabelle,
    pub fassung: &'a Fassung,
    pub monat: Monat,
    pub termine_im_export: bool,
    pub verteilung: Option<&'a Verteilungsergebnis>,
    /// The population and how far back its notes go.
    pub faelle: &'a [Einzelfall],
    pub vermerke_ab: Option<NaiveDate>,
    pub stichtag: NaiveDate,
}

/// The first pages of a run: the Jobcenter's, and with the distribution those of `einheiten`
/// (every unit that gets a workbook).
pub fn lagebilder(g: &Grundlage<'_>, einheiten: &[Einheit]) -> BTreeMap<Einheit, Lagebild> {
    let vor_historie = vor_historie(g);
    let mut alle = BTreeMap::new();
    alle.insert(
        Einheit::Jobcenter,
        lagebild(&Einheit::Jobcenter, g, &vor_historie),
    );
    if g.verteilung.is_some() {
        for e in einheiten {
            alle.insert(e.clone(), lagebild(e, g, &vor_historie));
        }
    }
    alle
}

/// Per unit, its never-counselled customers who entered before the earliest note read.
fn vor_historie(g: &Grundlage<'_>) -> BTreeMap<Einheit, u64> {
    let mut je = BTreeMap::new();
    let Some(ab) = g.vermerke_ab else { return je };
    // A never-counselled customer's days run from entry: entry = Stichtag − days.
    let grenze = (g.stichtag - ab).num_days();
    for f in g.faelle.iter().filter(|f| f.nie_beraten && f.tage > grenze) {
        for e in [
            Einheit::Jobcenter,
            Einheit::Geschaeftsstelle(f.geschaeftsstelle.to_string()),
            Einheit::Team(f.team.to_string()),
        ] {
            *je.entry(e).or_default() += 1;
        }
    }
    je
}

/// The first page of unit `e`.
fn lagebild(e: &Einheit, g: &Grundlage<'_>, vor_historie: &BTreeMap<Einheit, u64>) -> Lagebild {
    let (zahlen, terminzahlen, fassung, monat, v) =
        (g.zahlen, g.terminzahlen, g.fassung, g.monat, g.verteilung);
    let eigene = zahlen.alle(e);
    let vergleich = vergleich(e, eigene, zahlen, monat, v.map(|v| &v.verlauf));
    let kinder: Vec<&Kennzahlzeile> = match e {
        Einheit::Jobcenter => zahlen.ebene(Ebene::Geschaeftsstelle).collect(),
        Einheit::Geschaeftsstelle(g) => zahlen
            .ebene(Ebene::Team)
            .filter(|z| z.geschaeftsstelle == *g)
            .collect(),
        Einheit::Team(_) => Vec::new(),
    };
    let (mut rangfolge, mut zu_klein) = (Vec::new(), Vec::new());
    for z in kinder {
        if z.einheit.klaerungsfall(&z.geschaeftsstelle) {
            continue;
        }
        let kunden = anzahl(zahlen.wert(z, &KUNDEN));
        match zahlen.wert(z, &ANTEIL_MINDESTWERT) {
            Some(anteil) if fassung.darstellung.zeigbar(kunden) => rangfolge.push(Rang {
                einheit: z.einheit.clone(),
                kunden,
                anteil,
                ueberfaellig: anzahl(zahlen.wert(z, &UEBERFAELLIG)),
                stufe: Ampelstufe::von(&fassung.ampel, anteil),
            }),
            _ => zu_klein.push((z.einheit.clone(), kunden)),
        }
    }
    // Lowest share first; equal shares by name (the units' order).
    rangfolge.sort_by(|a, b| a.anteil.total_cmp(&b.anteil));
    let planung = v.and_then(|v| v.planung.iter().find(|p| p.einheit == *e).cloned());
    let listen = match (e, v) {
        (Einheit::Team(t), Some(v)) => {
            let b = v.arbeitslisten.get(t);
            let tl = v.terminlisten.get(t);
            let mit_terminen = g.termine_im_export;
            Some(Listenlaengen {
                ueberfaellig: b.map_or(0, |b| b.ueberfaellig.len() as u64),
                demnaechst: b.map_or(0, |b| b.demnaechst.len() as u64),
                nachfassen: mit_terminen.then(|| tl.map_or(0, |l| l.nachfassen.len() as u64)),
                gefaehrdet: mit_terminen.then(|| tl.map_or(0, |l| l.gefaehrdet.len() as u64)),
            })
        }
        _ => None,
    };
    let mut handlungen = handlungen(
        (e, eigene, zahlen),
        (&rangfolge, planung.as_ref(), listen.as_ref()),
        (terminzahlen, fassung, monat),
    );
    let handlungen_gefunden = handlungen.len();
    handlungen.truncate(HANDLUNGEN_MAX);
    Lagebild {
        einheit: e.clone(),
        vergleich,
        rangfolge,
        zu_klein,
        handlungen,
        handlungen_gefunden,
        planung,
        listen,
        klaerungsfaelle: (*e == Einheit::Jobcenter).then(|| klaerungsfaelle(zahlen)),
        nie_beraten_vor_historie: vor_historie.get(e).copied().unwrap_or(0),
    }
}

/// A count figure as a whole number (0 without).
fn anzahl(x: Option<f64>) -> u64 {
    x.map_or(0, |x| x.max(0.0) as u64)
}

/// The comparison of unit `e` (its figure row `eigene`) in `monat` with M − 1 and M − 12 from
/// the trend (`None`: not read).
fn vergleich(
    e: &Einheit,
    eigene: Option<&Kennzahlzeile>,
    zahlen: &Kennzahltabelle,
    monat: Monat,
    verlauf: Option<&Verlauf>,
) -> Vergleich {
    let monate = [monat, monat.plus(-1), monat.plus(-12)];
    let reihe = verlauf.map(|v| v.reihe(e));
    let punkt = |m: Monat| -> Result<&Verlaufspunkt, Vergleichsluecke> {
        let (v, reihe) = verlauf
            .zip(reihe.as_ref())
            .ok_or(Vergleichsluecke::NichtGelesen)?;
        let da = v.monate.iter().any(|(x, da)| *x == m && *da);
        if !da {
            return Err(Vergleichsluecke::KeineDaten);
        }
        reihe
            .iter()
            .find(|(x, _)| *x == m)
            .and_then(|(_, p)| *p)
            .ok_or(Vergleichsluecke::KeineKunden)
    };
    let frueher = [punkt(monate[1]), punkt(monate[2])];
    let zeilen = VERGLEICHSKENNZAHLEN
        .iter()
        .map(|k| {
            let jetzt = eigene.and_then(|z| zahlen.wert(z, k));
            let kunden_jetzt = eigene.map(|z| anzahl(zahlen.wert(z, &KUNDEN)));
            let wert = |p: &Verlaufspunkt| match k.spalte {
                s if s == ANTEIL_MINDESTWERT.spalte => Some(p.anteil_mindestwert),
                s if s == TAGE_MITTEL.spalte => Some(p.tage_mittel),
                s if s == TAGE_MITTEL_BERATEN.spalte => p.tage_mittel_beraten,
                _ => Some(p.ueberfaellig as f64),
            };
            let [a, b] = &frueher;
            Vergleichszeile {
                kennzahl: *k,
                werte: [
                    jetzt,
                    a.as_ref().ok().and_then(|p| wert(p)),
                    b.as_ref().ok().and_then(|p| wert(p)),
                ],
                kunden: [
                    kunden_jetzt,
                    a.as_ref().ok().map(|p| p.kunden),
                    b.as_ref().ok().map(|p| p.kunden),
                ],
            }
        })
        .collect();
    Vergleich {
        monate,
        luecken: frueher.map(|p| p.err()),
        zeilen,
    }
}

/// The rules of „Handlungsbedarf“ (stated in the Erläuterungen), worst first: a team's
/// overdue customers; the unit's own share within the Mindestwert, then its units', when
/// amber or red; a Quote nachgeholt below one half; conversations below the need; the
/// no-show follow-up amber or red. Only figures over at least `mindestfallzahl` cases.
fn handlungen(
    (e, eigene, zahlen): (&Einheit, Option<&Kennzahlzeile>, &Kennzahltabelle),
    (rangfolge, planung, listen): (&[Rang], Option<&Planungszeile>, Option<&Listenlaengen>),
    (terminzahlen, fassung, monat): (&Kennzahltabelle, &Fassung, Monat),
) -> Vec<Handlung> {
    let mut h = Vec::new();
    if let Some(l) = listen.filter(|l| l.ueberfaellig > 0) {
        h.push(Handlung::Einladen {
            ueberfaellig: l.ueberfaellig,
        });
    }
    let rot_oder_gelb = |s: Ampelstufe| matches!(s, Ampelstufe::Rot | Ampelstufe::Gelb);
    if let Some(z) = eigene {
        let kunden = anzahl(zahlen.wert(z, &KUNDEN));
        if let Some(anteil) = zahlen
            .wert(z, &ANTEIL_MINDESTWERT)
            .filter(|_| fassung.darstellung.zeigbar(kunden))
        {
            let stufe = Ampelstufe::von(&fassung.ampel, anteil);
            if rot_oder_gelb(stufe) && !matches!(e, Einheit::Team(_)) {
                h.push(Handlung::Mindestwert {
                    einheit: e.clone(),
                    anteil,
                    stufe,
                    ueberfaellig: anzahl(zahlen.wert(z, &UEBERFAELLIG)),
                });
            }
        }
    }
    for r in rangfolge.iter().filter(|r| rot_oder_gelb(r.stufe)) {
        h.push(Handlung::Mindestwert {
            einheit: r.einheit.clone(),
            anteil: r.anteil,
            stufe: r.stufe,
            ueberfaellig: r.ueberfaellig,
        });
    }
    if let Some(p) = planung {
        if let (Some(n), Some(q)) = (p.nachhaltung.as_ref(), p.quote_nachgeholt) {
            if q < NACHGEHOLT_MINDESTENS && fassung.darstellung.zeigbar(n.quote_faelle()) {
                h.push(Handlung::Nachhaltung {
                    vormonat: monat.plus(-1),
                    ueberfaellig: n.vormonat,
                    nachgeholt: n.nachgeholt,
                    quote: q,
                });
            }
        }
        if let Some(d) = p.lage.deckung.filter(|d| *d < 1.0) {
            h.push(Handlung::Deckung {
                deckung: d,
                gehalten: p.lage.gespraeche_je_stelle,
                bedarf: p.lage.bedarf_je_stelle,
            });
        }
    }
    if let Some(z) = terminzahlen.alle(e) {
        let i = crate::katalog::position(TERMINTREUE, &NACHFASS_QUOTE);
        if let (Some(q), Some(n)) = (z.werte[i], z.faelle(TERMINTREUE, i)) {
            let stufe = Ampelstufe::von(&fassung.ampel, q);
            if rot_oder_gelb(stufe) && fassung.darstellung.zeigbar(n) {
                h.push(Handlung::Nachfassen {
                    einheit: e.clone(),
                    quote: q,
                    stufe,
                });
            }
        }
    }
    // Worst first; equal severity keeps the rules' order (stable sort).
    h.sort_by(|a, b| b.schwere(fassung).total_cmp(&a.schwere(fassung)));
    h
}

/// The Jobcenter's Klärungsfälle from the team rows of `kennzahlen.csv` under
/// „(nicht zugeordnet)“ (`(ohne Team)` last).
fn klaerungsfaelle(zahlen: &Kennzahltabelle) -> Klaerungsfaelle {
    let teams: Vec<(String, u64)> = zahlen
        .ebene(Ebene::Team)
        .filter(|z| z.einheit.klaerungsfall(&z.geschaeftsstelle))
        .map(|z| {
            (
                z.einheit.team().to_string(),
                anzahl(zahlen.wert(z, &KUNDEN)),
            )
        })
        .collect();
    Klaerungsfaelle {
        kunden: teams.iter().map(|(_, n)| n).sum(),
        teams,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::einheit::{NICHT_ZUGEORDNET, OHNE_TEAM};
    use crate::katalog::{Kundengruppe, BERATUNG};

    fn zeile(e: Einheit, gs: &str, kunden: f64, anteil: f64) -> Kennzahlzeile {
        let mut werte = vec![None; BERATUNG.len()];
        werte[0] = Some(kunden);
        werte[crate::katalog::position(BERATUNG, &ANTEIL_MINDESTWERT)] = Some(anteil);
        werte[crate::katalog::position(BERATUNG, &UEBERFAELLIG)] =
            Some((kunden * (1.0 - anteil)).round());
        Kennzahlzeile {
            einheit: e,
            geschaeftsstelle: gs.into(),
            kundengruppe: Kundengruppe::Alle,
            werte,
        }
    }

    #[test]
    fn units_are_ranked_lowest_share_first_without_klaerungsfaelle_or_small_units() {
        let fassung = crate::rules::Regelwerk::standard().fassungen[0].clone();
        let gs = |n: &str| Einheit::Geschaeftsstelle(n.into());
        let zahlen = Kennzahltabelle {
            katalog: BERATUNG,
            zeilen: vec![
                zeile(Einheit::Jobcenter, "", 120.0, 0.9),
                zeile(gs("Mitte"), "Mitte", 50.0, 0.95),
                zeile(gs("Nord"), "Nord", 40.0, 0.8),
                zeile(gs("Ost"), "Ost", 4.0, 0.5),
                zeile(gs(NICHT_ZUGEORDNET), NICHT_ZUGEORDNET, 26.0, 0.1),
                zeile(Einheit::Team("699".into()), NICHT_ZUGEORDNET, 18.0, 0.1),
                zeile(Einheit::Team(OHNE_TEAM.into()), NICHT_ZUGEORDNET, 8.0, 0.1),
            ],
        };
        let leer = Kennzahltabelle::leer(TERMINTREUE);
        let g = Grundlage {
            zahlen: &zahlen,
            terminzahlen: &leer,
            fassung: &fassung,
            monat: Monat::lesen("2026-10").unwrap(),
            termine_im_export: false,
            verteilung: None,
            faelle: &[],
            vermerke_ab: None,
            stichtag: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        };
        let b = &lagebilder(&g, &[])[&Einheit::Jobcenter];
        let namen: Vec<&Einheit> = b.rangfolge.iter().map(|r| &r.einheit).collect();
        assert_eq!(namen, [&gs("Nord"), &gs("Mitte")]);
        assert_eq!(b.zu_klein, [(gs("Ost"), 4)]);
        // Nord 80 % (gelb, 8 below the 90 % mark) is the only line.
        assert_eq!(
            b.handlungen,
            [Handlung::Mindestwert {
                einheit: gs("Nord"),
                anteil: 0.8,
                stufe: Ampelstufe::Gelb,
                ueberfaellig: 8
            }]
        );
        assert_eq!(
            b.klaerungsfaelle,
            Some(Klaerungsfaelle {
                kunden: 26,
                teams: vec![("699".into(), 18), (OHNE_TEAM.into(), 8)]
            })
        );
        // Without the trend the comparison says why it is empty.
        assert_eq!(
            b.vergleich.luecken,
            [Some(Vergleichsluecke::NichtGelesen); 2]
        );
        assert_eq!(b.vergleich.zeilen[0].werte, [Some(0.9), None, None]);
    }

    #[test]
    fn the_worst_figure_comes_first() {
        let fassung = crate::rules::Regelwerk::standard().fassungen[0].clone();
        let a = Handlung::Mindestwert {
            einheit: Einheit::Jobcenter,
            anteil: 0.85,
            stufe: Ampelstufe::Gelb,
            ueberfaellig: 1,
        };
        let b = Handlung::Nachhaltung {
            vormonat: Monat::lesen("2026-09").unwrap(),
            ueberfaellig: 207,
            nachgeholt: 33,
            quote: 33.0 / 207.0,
        };
        // 0.85 is 5.6 % below 0.9; 15.9 % is 68 % below one half.
        assert!(b.schwere(&fassung) > a.schwere(&fassung));
        assert_eq!(
            Handlung::Einladen { ueberfaellig: 1 }.schwere(&fassung),
            f64::INFINITY
        );
    }
}

//! Sheet „Auf einen Blick“, the first page of every management workbook (one A4 landscape
//! page): how the unit stands this month against the previous month and the same month a year
//! before, what needs action now (each line linked to its sheet), its units ranked by the
//! share within the Mindestwert against the traffic light's green mark, a team's worklists
//! first — and how far back the notes go. It shows stage 8's [`Lagebild`]; nothing here is
//! computed.

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::ampel::{ampel, AMPEL_MINDESTWERT};
use super::blatt::Blattart;
use super::diagramm::{alternativtext, anzahl_text, diagramm_balken, diagramm_linie, prozent};
use super::formate::Formate;
use super::grenzen::Textzelle;
use super::seite::{druck, monatsname, VERTRAULICH};
use super::tabelle::{spaltenbreiten_setzen, tabelle_schreiben, textbreite};
use super::zelle::verweis;
use crate::auswertung::lagebild::{
    Handlung, Lagebild, Listenlaengen, Vergleichsluecke, Vergleichszeile, Ziel,
};
use crate::auswertung::Auswertung;
use crate::einheit::Einheit;
use crate::ingest::dates::deutsch;
use crate::ingest::folders::Monat;
use crate::ingest::organisation::Organisation;
use crate::katalog::{Darstellung, ANTEIL_MINDESTWERT, KUNDEN};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::ampelstufe::Ampelstufe;
use crate::rules::Fassung;

/// The sheet „Auf einen Blick“.
pub(crate) const AUF_EINEN_BLICK: Blattart = Blattart {
    name: "Auf einen Blick",
    inhalt: "Lage, Vergleich mit Vormonat und Vorjahr, Handlungsbedarf",
    erklaerung: Some(
        "Kennzahlen im Monat, Vormonat und Vorjahresmonat (wie ein Lauf für diesen Monat sie \
         berechnet), Einheiten nach Anteil im Mindestwert, Handlungsbedarf: Kund:innen in \
         „Überfällig“, Anteil im Mindestwert oder Nachfass-Quote gelb oder rot, Quote nachgeholt \
         unter 50 %, Gespräche unter Bedarf – nur ab so vielen Fällen, wie die Regeln für eine \
         Quote verlangen; höchstens fünf, das am weitesten unter seiner Marke zuerst.",
    ),
};

/// What the page shows besides the unit's [`Lagebild`].
pub(crate) struct Blick<'a> {
    /// The workbook's title.
    pub titel: &'a str,
    /// Who receives it.
    pub empfaenger: &'a str,
    pub auswertung: &'a Auswertung,
    pub fassung: &'a Fassung,
    pub lage: &'a Lagebild,
    /// Rejected rows of the run.
    pub abgewiesen: u64,
    /// The sheet of this workbook a line of „Handlungsbedarf“ links to (`None`: not here).
    pub blatt: &'a dyn Fn(Ziel) -> Option<&'static str>,
}

/// A unit's display name: the Geschäftsstelle's name, „Code – Teamname“ for a team.
pub(crate) fn bezeichnung(organisation: &Organisation, e: &Einheit) -> String {
    match e {
        Einheit::Jobcenter => "Jobcenter gesamt".into(),
        Einheit::Geschaeftsstelle(g) => g.clone(),
        Einheit::Team(t) => match organisation.get(t) {
            Some(o) if !o.name.is_empty() => format!("{t} – {}", o.name),
            _ => t.clone(),
        },
    }
}

/// A month as a column heading: „Okt 2026“.
fn monat_kurz(m: Monat) -> String {
    let name = monatsname(m.monat);
    let kurz: String = name.chars().take(3).collect();
    format!("{kurz} {}", m.jahr)
}

/// Writes the sheet.
pub(crate) fn blatt(ws: &mut Worksheet, f: &Formate, b: &Blick) -> Result<(), XlsxError> {
    ws.set_name(AUF_EINEN_BLICK.name)?;
    let (a, lage) = (b.auswertung, b.lage);
    ws.text_f(0, 0, b.titel, &f.titel)?;
    ws.text_f(
        1,
        0,
        format!(
            "Stichtag {} · Für: {} · {VERTRAULICH}",
            deutsch(a.stichtag),
            b.empfaenger
        ),
        &f.fett,
    )?;
    let ab = a.vermerke_ab.map_or("keine Vermerke gelesen".into(), |d| {
        format!("Vermerke ausgewertet ab {}", deutsch(d))
    });
    let kunden = lage
        .vergleich
        .zeilen
        .first()
        .and_then(|v| v.kunden[0])
        .unwrap_or(0);
    ws.text_f(
        2,
        0,
        format!(
            "Daten: Exporte bis {} · {ab} · {} Kund:innen · {} Zeilen der Exporte abgewiesen \
             (Prüfprotokoll)",
            deutsch(a.stichtag),
            anzahl_text(kunden),
            anzahl_text(b.abgewiesen),
        ),
        &f.text,
    )?;
    let mut z = 3;
    if let (Some(d), n) = (a.vermerke_ab, lage.nie_beraten_vor_historie) {
        if n > 0 {
            ws.text_f(
                z,
                0,
                format!(
                    "{} noch nie beratene Kund:innen sind vor dem {} zugegangen: ihre Tage \
                     zählen ab Zugang; ob sie vorher beraten wurden, zeigen die Vermerke nicht.",
                    anzahl_text(n),
                    deutsch(d)
                ),
                &f.hinweis,
            )?;
            z += 1;
        }
    }
    z += 1;
    if let Some(l) = &lage.listen {
        z = listen(ws, f, z, l, b)?;
    }
    z = vergleich(ws, f, z, b)?;
    z = weitere_lage(ws, f, z, b)?;
    z = handlungsbedarf(ws, f, z + 1, b)?;
    let oben_rang = z + 1;
    z = rangfolge(ws, f, oben_rang, b)?;
    if let Some(k) = lage.klaerungsfaelle.as_ref().filter(|k| k.kunden > 0) {
        let teams: Vec<String> = k
            .teams
            .iter()
            .map(|(t, n)| {
                if t == crate::einheit::OHNE_TEAM {
                    format!("{} ohne Team", anzahl_text(*n))
                } else {
                    format!("{} Team {t}", anzahl_text(*n))
                }
            })
            .collect();
        ws.text_f(
            z + 1,
            0,
            format!(
                "Klärungsfälle: {} Kund:innen ohne gültiges Team ({}) – an Controlling; in \
                 keiner Rangfolge und keinem Diagramm.",
                anzahl_text(k.kunden),
                teams.join(", ")
            ),
            &f.hinweis,
        )?;
    }
    druck(ws, a.stichtag, b.empfaenger);
    // One page: the reader's minute.
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// A team's worklists, each linked: what to do first.
fn listen(
    ws: &mut Worksheet,
    f: &Formate,
    z: u32,
    l: &Listenlaengen,
    b: &Blick,
) -> Result<u32, XlsxError> {
    ws.text_f(z, 0, "Arbeitslisten des Teams", &f.untertitel)?;
    let mut zeilen: Vec<(String, Ziel)> = vec![
        (
            format!(
                "{} Kund:innen überfällig – jetzt einladen",
                anzahl_text(l.ueberfaellig)
            ),
            Ziel::Ueberfaellig,
        ),
        (
            format!("{} Kund:innen demnächst fällig", anzahl_text(l.demnaechst)),
            Ziel::Demnaechst,
        ),
    ];
    if let (Some(n), Some(g)) = (l.nachfassen, l.gefaehrdet) {
        zeilen.push((
            format!("{} nicht wahrgenommene Termine nachfassen", anzahl_text(n)),
            Ziel::Nachfassen,
        ));
        zeilen.push((
            format!("{} Kund:innen mit gefährdeter Termintreue", anzahl_text(g)),
            Ziel::Gefaehrdet,
        ));
    }
    let mut z = z + 1;
    for (text, ziel) in zeilen {
        match (b.blatt)(ziel) {
            Some(blatt) => verweis(ws, (z, 0), blatt, &text)?,
            None => {
                ws.text_f(z, 0, &text, &f.text)?;
            }
        }
        z += 1;
    }
    Ok(z + 1)
}

/// One row of the comparison table.
struct Zeile<'a> {
    v: &'a Vergleichszeile,
}

/// The comparison table: the figures in M, M − 1 (change), M − 12 (change); then why a
/// comparison month is empty.
fn vergleich(ws: &mut Worksheet, f: &Formate, z: u32, b: &Blick) -> Result<u32, XlsxError> {
    let lage = b.lage;
    let [m, vm, vj] = lage.vergleich.monate;
    let fassung = b.fassung;
    let wert = move |x: &Zeile, i: usize| -> Wert<'static> {
        let k = &x.v.kennzahl;
        let w = x.v.werte[i];
        if w.is_none() && i > 0 {
            // A comparison month without values: its reason stands below the table.
            return Wert::Leer;
        }
        if k.darstellung == Darstellung::Anteil {
            Wert::anteil(w, k.darstellung, x.v.kunden[i], &fassung.darstellung)
        } else {
            Wert::oder_strich(w, k.darstellung)
        }
    };
    let aenderung = move |x: &Zeile, i: usize| -> Wert<'static> {
        let klein = x.v.kennzahl.darstellung == Darstellung::Anteil
            && x.v.kunden[..=i]
                .iter()
                .any(|n| n.is_some_and(|n| !fassung.darstellung.zeigbar(n)));
        match x.v.aenderung(i) {
            Some(d) if !klein => Wert::Aenderung(d, x.v.kennzahl.darstellung),
            _ => Wert::Leer,
        }
    };
    let t = Tabelle::neu("Vergleich")
        .blattspalte("Kennzahl", |x: &Zeile| Wert::text(x.v.kennzahl.kopf))
        .blattspalte(monat_kurz(m), move |x| wert(x, 0))
        .blattspalte(monat_kurz(vm), move |x| wert(x, 1))
        .blattspalte("Veränderung zum Vormonat", move |x| aenderung(x, 1))
        .blattspalte(monat_kurz(vj), move |x| wert(x, 2))
        .blattspalte("Veränderung zum Vorjahr", move |x| aenderung(x, 2))
        .breiten(spalte_a(b), 12.0);
    let zeilen: Vec<Zeile> = lage.vergleich.zeilen.iter().map(|v| Zeile { v }).collect();
    let mut z = tabelle_schreiben(ws, f, z, &t, &zeilen)?;
    spaltenbreiten_setzen(ws, z - zeilen.len() as u32 - 1, &t)?;
    for (monat, luecke) in [vm, vj].into_iter().zip(lage.vergleich.luecken) {
        let grund = match luecke {
            None => continue,
            Some(Vergleichsluecke::NichtGelesen) => {
                "nicht berechnet – Vormonat und Vorjahr berechnet nur der Lauf mit Verteilung \
                 (Option --verteilung), der die früheren Monatsordner liest"
            }
            Some(Vergleichsluecke::KeineDaten) => {
                "keine Daten (Monatsordner fehlt oder unvollständig)"
            }
            Some(Vergleichsluecke::KeineKunden) => "keine Kund:innen in dieser Einheit",
        };
        ws.text_f(
            z,
            0,
            format!("{} {}: {grund}", monatsname(monat.monat), monat.jahr),
            &f.hinweis,
        )?;
        z += 1;
    }
    Ok(z)
}

/// Nachhaltung and conversations in one line each (with `--verteilung`).
fn weitere_lage(ws: &mut Worksheet, f: &Formate, z: u32, b: &Blick) -> Result<u32, XlsxError> {
    let Some(p) = &b.lage.planung else {
        return Ok(z);
    };
    let mut z = z + 1;
    if let Some(n) = &p.nachhaltung {
        let quote = match p.quote_nachgeholt {
            Some(q) if b.fassung.darstellung.zeigbar(n.quote_faelle()) => {
                format!(" ({})", prozent(q))
            }
            Some(_) => format!(" ({})", Wert::zu_wenige_text(n.quote_faelle())),
            None => String::new(),
        };
        ws.text_f(
            z,
            0,
            format!(
                "Nachgeholt (§ 6.3): von {} im Vormonat Überfälligen sind {} inzwischen \
                 beraten{quote}",
                anzahl_text(n.vormonat),
                anzahl_text(n.nachgeholt)
            ),
            &f.text,
        )?;
        z += 1;
    }
    let je = |x: Option<f64>| x.map_or("–".into(), super::diagramm::tage_text);
    let deckung = p.lage.deckung.map_or("–".into(), prozent);
    ws.text_f(
        z,
        0,
        format!(
            "Gespräche je Stelle und Woche: {} gehalten · {} Bedarf · Deckung des Bedarfs \
             {deckung} (Richtwert {} je Stelle)",
            je(p.lage.gespraeche_je_stelle),
            je(p.lage.bedarf_je_stelle),
            super::diagramm::tage_text(p.lage.richtwert)
        ),
        &f.text,
    )?;
    Ok(z + 1)
}

/// „Handlungsbedarf“: the lines of stage 8, each with a link to its sheet.
fn handlungsbedarf(ws: &mut Worksheet, f: &Formate, z: u32, b: &Blick) -> Result<u32, XlsxError> {
    ws.text_f(z, 0, "Handlungsbedarf", &f.untertitel)?;
    let mut z = z + 1;
    if b.lage.handlungen.is_empty() {
        ws.text_f(
            z,
            0,
            "Kein Handlungsbedarf nach den Regeln dieser Seite (siehe Erläuterungen).",
            &f.text,
        )?;
        return Ok(z + 1);
    }
    for h in &b.lage.handlungen {
        ws.text_f(z, 0, format!("• {}", satz(h, b)), &f.text)?;
        if let Some(blatt) = (b.blatt)(h.ziel()) {
            verweis(ws, (z, 7), blatt, &format!("→ {blatt}"))?;
        }
        z += 1;
    }
    let weitere = b.lage.handlungen_gefunden - b.lage.handlungen.len();
    if weitere > 0 {
        ws.text_f(
            z,
            0,
            format!("… und {weitere} weitere nach denselben Regeln (siehe die Blätter)"),
            &f.hinweis,
        )?;
        z += 1;
    }
    Ok(z)
}

/// One line of „Handlungsbedarf“ in words.
fn satz(h: &Handlung, b: &Blick) -> String {
    let name = |e: &Einheit| bezeichnung(&b.auswertung.organisation, e);
    match h {
        Handlung::Einladen { ueberfaellig } => format!(
            "{} Kund:innen sind überfällig: jetzt zur Beratung einladen",
            anzahl_text(*ueberfaellig)
        ),
        Handlung::Mindestwert {
            einheit,
            anteil,
            stufe,
            ueberfaellig,
        } => format!(
            "{}: {} im Mindestwert ({}), {} überfällig",
            name(einheit),
            prozent(*anteil),
            stufe.wort(),
            anzahl_text(*ueberfaellig)
        ),
        Handlung::Nachhaltung {
            vormonat,
            ueberfaellig,
            nachgeholt,
            quote,
        } => format!(
            "Nachhaltung: nur {} der im {} {} Überfälligen ({} von {}) sind inzwischen beraten",
            prozent(*quote),
            monatsname(vormonat.monat),
            vormonat.jahr,
            anzahl_text(*nachgeholt),
            anzahl_text(*ueberfaellig)
        ),
        Handlung::Deckung {
            deckung,
            gehalten,
            bedarf,
        } => {
            let je = |x: &Option<f64>| x.map_or("–".into(), super::diagramm::tage_text);
            format!(
                "Gespräche: die gehaltenen decken {} des Bedarfs ({} statt {} je Stelle und Woche)",
                prozent(*deckung),
                je(gehalten),
                je(bedarf)
            )
        }
        Handlung::Nachfassen {
            einheit,
            quote,
            stufe,
        } if *einheit == b.lage.einheit => format!(
            "Termintreue: Nachfass-Quote {} ({}) – nach versäumtem Termin umgehend anrufen (§ 5)",
            prozent(*quote),
            stufe.wort()
        ),
        Handlung::Nachfassen {
            einheit,
            quote,
            stufe,
        } => format!(
            "Termintreue {}: Nachfass-Quote {} ({})",
            name(einheit),
            prozent(*quote),
            stufe.wort()
        ),
    }
}

/// One row of the ranking.
struct Rangzeile<'a> {
    platz: usize,
    name: String,
    r: &'a crate::auswertung::lagebild::Rang,
}

/// The units ranked, lowest share first, with the traffic light's green mark, and a chart of
/// the same beside the table; the units left out for too few customers named below.
/// The width of column A, shared by the comparison's figures and the ranking's units: as wide
/// as the longest of them (the chart beside the ranking keeps the page at ≥ 9 pt printed).
fn spalte_a(b: &Blick) -> f64 {
    let namen: Vec<String> = b
        .lage
        .rangfolge
        .iter()
        .map(|r| bezeichnung(&b.auswertung.organisation, &r.einheit))
        .collect();
    textbreite(
        b.lage
            .vergleich
            .zeilen
            .iter()
            .map(|v| v.kennzahl.kopf)
            .chain(namen.iter().map(String::as_str)),
        "Geschäftsstellen",
    )
}

fn rangfolge(ws: &mut Worksheet, f: &Formate, z: u32, b: &Blick) -> Result<u32, XlsxError> {
    let lage = b.lage;
    let art = match lage.einheit {
        Einheit::Jobcenter => "Geschäftsstellen",
        Einheit::Geschaeftsstelle(_) => "Teams",
        Einheit::Team(_) => return Ok(z),
    };
    let gruen_ab = b.fassung.ampel.gelb_unter;
    ws.text_f(
        z,
        0,
        format!(
            "{art} nach {} (niedrigster zuerst; grün ab {})",
            ANTEIL_MINDESTWERT.kopf,
            prozent(gruen_ab)
        ),
        &f.untertitel,
    )?;
    let zeilen: Vec<Rangzeile> = lage
        .rangfolge
        .iter()
        .enumerate()
        .map(|(i, r)| Rangzeile {
            platz: i + 1,
            name: bezeichnung(&b.auswertung.organisation, &r.einheit),
            r,
        })
        .collect();
    let fassung = b.fassung;
    let t = Tabelle::neu(format!("Rangfolge {art}"))
        .blattspalte(art, |x: &Rangzeile| Wert::Text(x.name.clone().into()))
        .blattspalte("Rang", |x| Wert::anzahl(x.platz as u64))
        .blattspalte(ANTEIL_MINDESTWERT.kopf, |x| {
            Wert::Zahl(x.r.anteil, Darstellung::Anteil)
        })
        .blattspalte("Grün ab", move |_| {
            Wert::Zahl(fassung.ampel.gelb_unter, Darstellung::Anteil)
        })
        // The ranking holds no unit under mindestfallzahl: its traffic light as judged in
        // stage 8.
        .blattspalte(AMPEL_MINDESTWERT, |x| Wert::text(x.r.stufe.wort()))
        .blattspalte(KUNDEN.kopf, |x| Wert::anzahl(x.r.kunden))
        .blattspalte("Überfällig", |x| Wert::anzahl(x.r.ueberfaellig))
        .leer(format!(
            "Keine {art} mit genug Kund:innen für eine Rangfolge."
        ))
        .breiten(spalte_a(b), 12.0);
    let kopf = z + 1;
    let mut z = tabelle_schreiben(ws, f, kopf, &t, &zeilen)?;
    spaltenbreiten_setzen(ws, kopf, &t)?;
    if !zeilen.is_empty() {
        let wort = t.spalte_von(AMPEL_MINDESTWERT);
        ampel(ws, (kopf + 1, z - 1), wort, wort)?;
        ws.insert_chart(kopf - 1, 8, &diagramm(&t, &zeilen, kopf, art, gruen_ab))?;
    }
    if !lage.zu_klein.is_empty() {
        let namen: Vec<String> = lage
            .zu_klein
            .iter()
            .map(|(e, n)| format!("{} (n = {n})", bezeichnung(&b.auswertung.organisation, e)))
            .collect();
        ws.text_f(
            z,
            0,
            format!(
                "Nicht in der Rangfolge – zu wenige Fälle (unter {}): {}",
                b.fassung.darstellung.mindestfallzahl,
                namen.join(", ")
            ),
            &f.hinweis,
        )?;
        z += 1;
    }
    Ok(z)
}

/// Columns: each unit's share; a line: the green mark.
fn diagramm(
    t: &Tabelle<'_, Rangzeile>,
    zeilen: &[Rangzeile],
    kopf: u32,
    art: &str,
    gruen_ab: f64,
) -> Chart {
    let blatt = AUF_EINEN_BLICK.name;
    let (von, bis) = (kopf + 1, kopf + zeilen.len() as u32);
    let mut chart = Chart::new(ChartType::Column);
    let anteil = t.spalte_von(ANTEIL_MINDESTWERT.kopf);
    diagramm_balken(
        chart
            .add_series()
            .set_name((blatt, kopf, anteil))
            .set_categories((blatt, von, 0, bis, 0))
            .set_values((blatt, von, anteil, bis, anteil)),
        0,
    );
    let mut linie = Chart::new(ChartType::Line);
    let marke = t.spalte_von("Grün ab");
    diagramm_linie(
        linie
            .add_series()
            .set_name((blatt, kopf, marke))
            .set_categories((blatt, von, 0, bis, 0))
            .set_values((blatt, von, marke, bis, marke)),
        1,
    );
    chart.combine(&linie);
    let titel = format!("{} je {}", ANTEIL_MINDESTWERT.kopf, einzahl(art));
    chart.title().set_name(&titel);
    // The axis from the next 10 % below the lowest bar or the mark: differences of a few
    // points stay visible.
    let unten = zeilen.iter().map(|x| x.r.anteil).fold(gruen_ab, f64::min);
    let unten = ((unten * 10.0).floor() / 10.0 - 0.1).max(0.0);
    chart
        .y_axis()
        .set_num_format("0%")
        .set_min(unten)
        .set_max(1.0);
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    chart.set_width(400).set_height(280);
    let niedrigste = zeilen
        .first()
        .map(|x| format!(" Niedrigster: {} {}.", x.name, prozent(x.r.anteil)))
        .unwrap_or_default();
    let hoechste = zeilen
        .last()
        .filter(|_| zeilen.len() > 1)
        .map(|x| format!(" Höchster: {} {}.", x.name, prozent(x.r.anteil)))
        .unwrap_or_default();
    let rot = zeilen
        .iter()
        .filter(|x| x.r.stufe != Ampelstufe::Gruen)
        .count();
    chart.set_alt_text(alternativtext(&format!(
        "Säulen: {titel}, niedrigster zuerst; Linie: grün ab {}.{niedrigste}{hoechste} {rot} \
         von {} unter der Linie. Alle Werte in der Tabelle links.",
        prozent(gruen_ab),
        zeilen.len()
    )));
    chart
}

/// „Geschäftsstellen“ → „Geschäftsstelle“, „Teams“ → „Team“.
fn einzahl(art: &str) -> &str {
    art.strip_suffix("en")
        .filter(|_| art == "Geschäftsstellen")
        .map(|_| "Geschäftsstelle")
        .unwrap_or("Team")
}

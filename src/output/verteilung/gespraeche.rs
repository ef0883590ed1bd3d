//! Sheet „Gespräche“: qualifying conversations of the month per unit, per week, per full-time
//! equivalent against the directive's 20 a week, and by Kontaktart. With `--ifk-auswertung`,
//! a team workbook adds the same per IFK (staff performance data: never elsewhere).

use crate::output::excel::Textzelle;
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::output::endlich::Zahlzelle;
use crate::output::excel::{
    druck_tabelle, kopfbreiten, kopfzeile, tabelle, Formate, Zeilenformate,
};
use crate::rules::kontaktart::Kontaktart;
use crate::verteilung::gespraeche::Gespraechszeile;

const OHNE_PERSONAL: &str = "keine personal.csv – ohne Angabe je Vollzeitäquivalent";

pub(super) fn blatt(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    zeilen: &[Einheit],
    empfaenger: &str,
) -> Result<(), XlsxError> {
    ws.set_name("Gespräche")?;
    let g = &d.gespraeche;
    let mut koepfe: Vec<String> = [
        "Einheit",
        "Gespräche im Monat (Kund:in und Tag)",
        "Gespräche je Woche",
        "Vollzeitäquivalente (personal.csv)",
        "Gespräche je Woche und Vollzeitäquivalent",
        "Richtwert je Woche und Vollzeit (§ 3)",
        "Erreichung des Richtwerts",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    koepfe.extend(Kontaktart::ALLE.iter().map(|k| k.bezeichnung().to_string()));
    kopfzeile(ws, f, 0, 0, &koepfe)?;
    let mut z = 1u32;
    for e in zeilen {
        let zeile = g.zeile(e, None);
        // The unit itself above its teams / Geschäftsstellen: in bold, as a total.
        let summe = z == 1 && zeilen.len() > 1;
        zeile_schreiben(
            ws,
            d,
            f,
            (z, summe),
            &d.bezeichnung(e),
            zeile,
            g.vollzeitaequivalente(e, &d.auswertung.organisation),
        )?;
        z += 1;
    }
    tabelle(ws, f, "Gespräche", (0, 0), z - 1, &koepfe)?;
    z = hinweise(ws, d, f, z + 1)?;

    if let (true, Some(Einheit::Team(t))) = (d.je_ifk, zeilen.first()) {
        je_ifk(ws, d, f, (z + 1, t), &koepfe)?;
    }

    ws.set_column_width(0, 30)?;
    kopfbreiten(ws, (0, 1), &koepfe[1..], 11.0)?;
    ws.set_freeze_panes(1, 1)?;
    druck_tabelle(ws, d.auswertung.stichtag, empfaenger, (0, 0), 1)?;
    Ok(())
}

/// A team's per-IFK conversation figures (`--ifk-auswertung`) from row `z`, with the sheet's
/// headings `koepfe` adapted to persons.
fn je_ifk(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    (mut z, t): (u32, &str),
    koepfe: &[String],
) -> Result<(), XlsxError> {
    let g = &d.gespraeche;
    ws.text_f(
        z,
        0,
        "Gespräche je IFK (Leistungsdaten – Auswertung mit Zustimmung des Personalrats, nur für die Teamleitung)",
        &f.untertitel,
    )?;
    let mut koepfe_ifk = koepfe.to_vec();
    koepfe_ifk[0] = "IFK (Ersteller:in)".into();
    koepfe_ifk[3] = "Stellenanteil (personal.csv)".into();
    kopfzeile(ws, f, z + 1, 0, &koepfe_ifk)?;
    kopfbreiten(ws, (z + 1, 1), &koepfe_ifk[1..], 11.0)?;
    let kopf = z + 1;
    z += 2;
    for zeile in g.ifks(t) {
        let ifk = zeile.ifk.as_deref().unwrap_or_default();
        let anteil = g
            .personal
            .as_ref()
            .map(|p| p.get(ifk).map_or(0.0, |x| x.stellenanteil));
        let name = g
            .personal
            .as_ref()
            .and_then(|p| p.get(ifk))
            .filter(|x| !x.name.is_empty())
            .map_or(ifk.to_string(), |x| format!("{ifk} ({})", x.name));
        zeile_schreiben(ws, d, f, (z, false), &name, Some(zeile), anteil)?;
        z += 1;
    }
    tabelle(ws, f, "Gespräche je IFK", (kopf, 0), z - 1, &koepfe_ifk)?;
    Ok(())
}

fn zeile_schreiben(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    (z, summe): (u32, bool),
    name: &str,
    zeile: Option<&Gespraechszeile>,
    vzae: Option<f64>,
) -> Result<(), XlsxError> {
    let Zeilenformate {
        text,
        ganz,
        tage,
        anteil,
    } = f.zeile(summe);
    let wochen = d.gespraeche.wochen;
    // The rules file's Richtwert (directive § 3: 20 a week by default).
    let richtwert = d.regeln.planung.richtwert_gespraeche_woche;
    let anzahl = zeile.map_or(0, |x| x.gespraeche) as f64;
    ws.text_f(z, 0, name, text)?;
    ws.zahl(z, 1, anzahl, ganz)?;
    if wochen > 0.0 {
        ws.zahl(z, 2, anzahl / wochen, tage)?;
    }
    match vzae {
        None => {
            ws.text_f(z, 3, OHNE_PERSONAL, &f.hinweis)?;
        }
        Some(v) if v > 0.0 && wochen > 0.0 => {
            let je = anzahl / wochen / v;
            ws.zahl(z, 3, v, tage)?;
            ws.zahl(z, 4, je, tage)?;
            ws.zahl(z, 6, je / richtwert, anteil)?;
        }
        Some(_) => {
            ws.zahl(z, 3, 0.0, tage)?;
            ws.text_f(z, 4, "keine Stellen in personal.csv", &f.hinweis)?;
        }
    }
    ws.zahl(z, 5, richtwert, ganz)?;
    for i in 0..Kontaktart::ALLE.len() {
        let n = zeile.map_or(0, |x| x.je_kontaktart[i]);
        ws.zahl(z, 7 + i as u16, n as f64, ganz)?;
    }
    Ok(())
}

fn hinweise(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    mut z: u32,
) -> Result<u32, XlsxError> {
    let g = &d.gespraeche;
    let texte = [
        format!(
            "Gezählt: Beratungsvermerke vom 1. des Monats bis zum Stichtag, je Kund:in und Tag ein \
             Gespräch ({} Wochen). Zuordnung zum Team der Kund:in.",
            format!("{:.2}", g.wochen).replace('.', ",")
        ),
        match &g.personal {
            Some(_) => "Vollzeitäquivalente: Summe der Stellenanteile laut personal.csv des \
                        Auswertungsmonats."
                .to_string(),
            None => "personal.csv liegt für diesen Monat nicht vor: Gespräche je \
                     Vollzeitäquivalent werden nicht ausgewiesen."
                .to_string(),
        },
    ];
    for t in texte {
        ws.text_f(z, 0, t, &f.hinweis)?;
        z += 1;
    }
    Ok(z)
}

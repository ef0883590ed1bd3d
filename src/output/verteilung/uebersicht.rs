//! Sheet „Übersicht“ of a unit workbook: who it is for, the confidentiality marking, the
//! unit's headline figures beside the Jobcenter's, the figures per customer group and — for a
//! team — how long its worklists are. Sheet „Teams“ of a Geschäftsstelle workbook: its teams.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kontext::{Einheitskontext, Listen};
use crate::auswertung::verteilung::Verteilungsdaten;
use crate::einheit::Einheit;
use crate::katalog::{Kennzahlzeile, UEBERFAELLIG};
use crate::output::excel::Blattart;
use crate::output::excel::{
    ampel, angaben, beratungsspalten, druck, fristen, gruppentabelle, hinweiszeilen, kopfzahlen,
    kopfzeile, spaltenbreiten_setzen, stichtag_und_richtlinie, tabelle_schreiben, tabellenblatt,
    Formate, Textzelle, AMPEL_MINDESTWERT, VERTRAULICH,
};
use crate::output::tabelle::{Tabelle, Wert};
use crate::verteilung::ifk_listen::IfkListen;

/// The sheet „Übersicht“.
pub(crate) const UEBERSICHT: Blattart = Blattart {
    name: "Übersicht",
    inhalt: "Kennzahlen auf einen Blick",
    erklaerung: None,
};

/// The sheet „Teams“.
pub(crate) const TEAMS: Blattart = Blattart {
    name: "Teams",
    inhalt: "Kennzahlen je Team",
    erklaerung: None,
};

/// Writes the sheet and returns its next free row (the table of contents follows there).
pub(super) fn blatt(
    ws: &mut Worksheet,
    k: &Einheitskontext,
    titel: &str,
) -> Result<u32, XlsxError> {
    let (d, f, e, empfaenger) = (k.d, k.f, &k.einheit, k.empfaenger.as_str());
    let listen = k.listen.as_ref();
    ws.set_name(UEBERSICHT.name)?;
    let (a, r) = (d.auswertung, d.fassung);
    ws.text_f(0, 0, titel, &f.titel)?;
    ws.text_f(
        1,
        0,
        format!("{VERTRAULICH} – nur für den Empfänger bestimmt, nicht weitergeben"),
        &f.hinweis,
    )?;
    angaben(
        ws,
        f,
        (2, &f.fett),
        [(Some("Empfänger"), Wert::text(empfaenger))],
    )?;
    stichtag_und_richtlinie(ws, f, 3, a.stichtag, r)?;

    // A team reads what to do first: its lists, linked, with their lengths.
    let mut z = match listen {
        Some(l) => listenlaengen(ws, d, f, 6, l)? + 1,
        None => 6,
    };
    let (t, zeilen) = kopfzahlen(
        "Übersicht Kennzahlen",
        r,
        vec![
            (d.bezeichnung(e), d.zahlen.alle(e)),
            (
                "Jobcenter gesamt".into(),
                d.zahlen.alle(&Einheit::Jobcenter),
            ),
        ],
        "keine Kund:innen",
    );
    let frei = tabelle_schreiben(ws, f, z, &t, &zeilen)?;
    // A team's name runs over up to three lines of its column.
    ws.set_row_height(z, 48)?;
    z = frei + 1;
    ws.text_f(z, 0, "Nach Kundengruppe", &f.untertitel)?;
    let (t, zeilen) = gruppentabelle("Übersicht Kundengruppen", r, d.zahlen, e);
    let frei = tabelle_schreiben(ws, f, z + 1, &t, &zeilen)?;
    let wort = t.spalte_von(AMPEL_MINDESTWERT);
    ampel(ws, (z + 2, frei - 1), wort, wort)?;
    // The table: about 150 width units.
    let frei = hinweiszeilen(ws, (frei, 0), (&fristen(r), 160), &f.hinweis)?;
    spaltenbreiten_setzen(ws, z + 1, &t)?;
    druck(ws, a.stichtag, empfaenger);
    // One page with the table of contents below (a team's four worklists and small groups'
    // two-line remarks make it a few rows longer than a page at the width's scale).
    ws.set_print_fit_to_pages(1, 1);
    ws.set_repeat_columns(0, 0)?;
    Ok(frei + 1)
}

/// How long a team's worklists are, from row `z`, each linked to its sheet; returns the
/// last row written + 1.
fn listenlaengen(
    ws: &mut Worksheet,
    d: &Verteilungsdaten,
    f: &Formate,
    z: u32,
    l: &Listen,
) -> Result<u32, XlsxError> {
    ws.text_f(z, 0, "Arbeitslisten – zuerst bearbeiten", &f.untertitel)?;
    let mut zeilen: Vec<(String, usize, &str)> = vec![
        (
            UEBERFAELLIG.kopf.to_string(),
            l.beratung.ueberfaellig.len(),
            "Überfällig",
        ),
        (
            format!("Demnächst fällig (nächste {} Tage)", d.vorlauf),
            l.beratung.demnaechst.len(),
            "Demnächst fällig",
        ),
    ];
    if let Some(t) = l.termine {
        zeilen.push((
            "Nachfassen (Fehltermine)".into(),
            t.nachfassen.len(),
            "Nachfassen",
        ));
        zeilen.push((
            "Termintreue gefährdet".into(),
            t.gefaehrdet.len(),
            "Termintreue gefährdet",
        ));
    }
    let t = Tabelle::neu("Arbeitslisten")
        .blattspalte("Arbeitsliste", |(name, _, _): &(String, usize, &str)| {
            Wert::text(name)
        })
        .blattspalte("Anzahl", |(_, n, _)| Wert::anzahl(*n as u64))
        .blattspalte("Blatt öffnen", |(_, _, blatt)| Wert::Verweis {
            blatt: (*blatt).into(),
            text: format!("Blatt „{blatt}“").into(),
        });
    let r = tabelle_schreiben(ws, f, z + 1, &t, &zeilen)?;
    match l.je_ifk {
        Some(je_ifk) if !je_ifk.is_empty() => {
            je_ifk_schreiben(ws, f, r + 1, je_ifk, l.termine.is_some())
        }
        _ => Ok(r),
    }
}

/// The lists' customers per IFK from row `z` (`--ifk-auswertung`); the at-risk column only
/// with appointment data. Returns the next free row.
fn je_ifk_schreiben(
    ws: &mut Worksheet,
    f: &Formate,
    z: u32,
    je_ifk: &[IfkListen],
    termine: bool,
) -> Result<u32, XlsxError> {
    ws.text_f(
        z,
        0,
        "Arbeitslisten je IFK (Leistungsdaten – nur mit Zustimmung des Personalrats, nur für \
         die Teamleitung)",
        &f.untertitel,
    )?;
    let mut t = Tabelle::neu("Arbeitslisten je IFK")
        .blattspalte("IFK", |x: &IfkListen| Wert::text(&x.ifk))
        .blattspalte("Überfällig", |x| Wert::anzahl(x.ueberfaellig as u64))
        .blattspalte("Demnächst fällig", |x| Wert::anzahl(x.demnaechst as u64));
    if termine {
        t = t.blattspalte("Termintreue gefährdet", |x| {
            Wert::anzahl(x.gefaehrdet as u64)
        });
    }
    let r = tabelle_schreiben(ws, f, z + 1, &t, je_ifk)?;
    ws.set_row_height(z + 1, 33)?;
    Ok(r)
}

/// Sheet „Teams“ of a Geschäftsstelle workbook: one row per team of the Geschäftsstelle.
pub(super) fn teams(ws: &mut Worksheet, k: &Einheitskontext) -> Result<(), XlsxError> {
    let (d, f, e, empfaenger) = (k.d, k.f, &k.einheit, k.empfaenger.as_str());
    let Einheit::Geschaeftsstelle(gs) = e else {
        return Ok(());
    };
    let organisation = &d.auswertung.organisation;
    let teams = d.teams_von(gs);
    let mut t = Tabelle::neu("Teams")
        .blattspalte("Team", |z: &Teamzeile| Wert::text(z.code))
        .breite(14.0)
        .blattspalte("Teamname", |z| Wert::text(z.name))
        .breite(30.0)
        .summe_wenn(|z| z.summe);
    t = beratungsspalten(t, d.fassung, |z| z.zahlen);
    t.schluessel = 2;
    t.breite = 11.0;
    let mut zeilen: Vec<Teamzeile> = teams
        .iter()
        .filter_map(|t| match t {
            Einheit::Team(code) => Some(Teamzeile {
                code,
                name: organisation.get(code).map_or("", |o| o.name.as_str()),
                zahlen: d.zahlen.alle(t),
                summe: false,
            }),
            _ => None,
        })
        .collect();
    if let Some(k) = d.zahlen.alle(e) {
        zeilen.push(Teamzeile {
            code: "Geschäftsstelle gesamt",
            name: "",
            zahlen: Some(k),
            summe: true,
        });
    }
    let z = if zeilen.is_empty() {
        kopfzeile(ws, f, 0, 0, &t.koepfe())?;
        1
    } else {
        tabelle_schreiben(ws, f, 0, &t, &zeilen)?
    };
    if z > 1 {
        let wort = t.spalte_von(AMPEL_MINDESTWERT);
        ampel(ws, (1, z - 1), wort, wort)?;
    }
    tabellenblatt(ws, 0, &t, (d.auswertung.stichtag, empfaenger))
}

/// One row of the Teams sheet: a team of the Geschäftsstelle, or its total.
struct Teamzeile<'a> {
    code: &'a str,
    name: &'a str,
    zahlen: Option<&'a Kennzahlzeile>,
    summe: bool,
}

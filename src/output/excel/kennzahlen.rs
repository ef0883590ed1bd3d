//! Figure cells laid out from the catalog, and header rows.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::ampel::AMPEL_MINDESTWERT;
use super::formate::Formate;
use super::grenzen::Textzelle;
use crate::einheit::Einheit;
use crate::katalog::{
    self, Kennzahl, Kennzahltabelle, Kennzahlzeile, ANTEIL_MINDESTWERT, BERATUNG, KUNDEN,
};
use crate::output::tabelle::{Tabelle, Wert};
use crate::rules::ampelstufe::Ampelstufe;
use crate::rules::fassung::Gruppenregel;
use crate::rules::Fassung;

/// Adds to `t` the catalog's counselling figures of each row's figure row (`zahlen`; `None`:
/// a unit or group without customers — 0 customers, the other figures empty) and the traffic
/// light's word of its share within the Mindestwert (a dash without a share).
pub(crate) fn beratungsspalten<'a, R: 'a>(
    t: Tabelle<'a, R>,
    fassung: &'a Fassung,
    zahlen: fn(&R) -> Option<&Kennzahlzeile>,
) -> Tabelle<'a, R> {
    kennzahlspalten(
        t,
        fassung,
        (BERATUNG, AMPEL_MINDESTWERT, &ANTEIL_MINDESTWERT),
        zahlen,
    )
}

/// Adds to `t` one column per figure of `katalog` from each row's figure row (`zahlen`;
/// `None`: no customers — 0 customers, the rest empty), then the traffic light's word headed
/// `ampel` of the share `anteil` (a dash without it).
pub(crate) fn kennzahlspalten<'a, R: 'a>(
    t: Tabelle<'a, R>,
    fassung: &'a Fassung,
    (katalog, ampel, anteil): (&'static [Kennzahl], &'static str, &Kennzahl),
    zahlen: fn(&R) -> Option<&Kennzahlzeile>,
) -> Tabelle<'a, R> {
    let t = figurspalten(t, fassung, (katalog, 0..katalog.len()), zahlen);
    ampelspalte(t, fassung, (katalog, ampel, anteil), zahlen)
}

/// Adds to `t` one column per figure of `katalog[bereich]` on the sheets, as
/// [`kennzahlspalten`] does: a table too wide for the page is two, each a part of the catalog.
pub(crate) fn figurspalten<'a, R: 'a>(
    mut t: Tabelle<'a, R>,
    fassung: &'a Fassung,
    (katalog, bereich): (&'static [Kennzahl], std::ops::Range<usize>),
    zahlen: fn(&R) -> Option<&Kennzahlzeile>,
) -> Tabelle<'a, R> {
    for i in bereich.filter(|&i| katalog[i].auf_blatt()) {
        let k = &katalog[i];
        t = t.blattspalte(k.kopf, move |r| match zahlen(r) {
            Some(z) => figur(fassung, (katalog, i), z),
            None if k.spalte == KUNDEN.spalte => Wert::anzahl(0),
            None => Wert::Leer,
        });
    }
    t
}

/// Adds to `t` the traffic light's word headed `ampel` of the share `anteil` of `katalog`
/// (a dash without it).
pub(crate) fn ampelspalte<'a, R: 'a>(
    t: Tabelle<'a, R>,
    fassung: &'a Fassung,
    (katalog, ampel, anteil): (&'static [Kennzahl], &'static str, &Kennzahl),
    zahlen: fn(&R) -> Option<&Kennzahlzeile>,
) -> Tabelle<'a, R> {
    let anteil = katalog::position(katalog, anteil);
    t.blattspalte(ampel, move |r| match zahlen(r) {
        Some(z) => ampelwort(fassung, z.werte[anteil], z.faelle(katalog, anteil)),
        None => Wert::Strich,
    })
}

/// Figure `i` of `katalog` in row `z`: a share over fewer cases than the rules'
/// `mindestfallzahl` as [`Wert::ZuWenige`].
pub(crate) fn figur<'r>(
    fassung: &Fassung,
    (katalog, i): (&[Kennzahl], usize),
    z: &Kennzahlzeile,
) -> Wert<'r> {
    let k = &katalog[i];
    match k.faelle {
        katalog::Faelle::Keine => Wert::oder_strich(z.werte[i], k.darstellung),
        _ => Wert::anteil(
            z.werte[i],
            k.darstellung,
            z.faelle(katalog, i),
            &fassung.darstellung,
        ),
    }
}

/// The traffic light's word for `anteil` over `n` cases under the rules' thresholds; a dash
/// without a share, „zu wenige Fälle“ (no colour) below the rules' `mindestfallzahl`.
pub(crate) fn ampelwort<'r>(fassung: &Fassung, anteil: Option<f64>, n: Option<u64>) -> Wert<'r> {
    match (anteil, n) {
        (None, _) => Wert::Strich,
        // Written as the withheld share's remark (wrapped in its column); no sheet's CSV
        // has a traffic light column that would write the share.
        (Some(x), Some(n)) if !fassung.darstellung.zeigbar(n) => {
            Wert::ZuWenige(x, crate::katalog::Darstellung::Anteil, n)
        }
        (Some(w), _) => Wert::text(Ampelstufe::von(&fassung.ampel, w).wort()),
    }
}

/// One customer group of a unit: the group and its figure row (`None`: no customer in it).
pub(crate) struct Gruppenzeile<'a> {
    pub gruppe: &'a Gruppenregel,
    pub zahlen: Option<&'a Kennzahlzeile>,
}

/// The table „Nach Kundengruppe“ of unit `e` (the Übersicht sheets): each group of the version
/// applied with its figures and traffic light, and its rows. The groups' intervals stand in
/// one line beside the table's heading ([`fristen`]): two columns of numbers the same in every
/// unit would push the table below 9 pt in print.
pub(crate) fn gruppentabelle<'a>(
    name: &'a str,
    fassung: &'a Fassung,
    zahlen: &'a Kennzahltabelle,
    e: &Einheit,
) -> (Tabelle<'a, Gruppenzeile<'a>>, Vec<Gruppenzeile<'a>>) {
    let t = Tabelle::neu(name)
        .blattspalte("Kundengruppe", |z: &Gruppenzeile| {
            Wert::text(&z.gruppe.name)
        })
        .breiten(34.0, 12.0);
    let t = beratungsspalten(t, fassung, |z| z.zahlen);
    let zeilen = fassung
        .gruppen
        .iter()
        .map(|g| Gruppenzeile {
            gruppe: g,
            zahlen: zahlen.zeile(e, &g.id),
        })
        .collect();
    (t, zeilen)
}

/// The groups' Zielwert and Mindestwert in one line, in the order of the rules version.
pub(crate) fn fristen(fassung: &Fassung) -> String {
    let gruppen: Vec<String> = fassung
        .gruppen
        .iter()
        .map(|g| format!("{} {}/{}", g.name, g.zielwert, g.mindestwert))
        .collect();
    format!("Ziel-/Mindestwert in Tagen: {}", gruppen.join(" · "))
}

/// A row of the headline block: one figure of the catalog, or the traffic light's word.
pub(crate) enum Kopfzahl {
    Figur(usize),
    Ampel,
}

/// The headline block (the Übersicht sheets): the catalog's figures down, then the traffic
/// light's word, one column per unit of `einheiten` (its heading and figure row; `None`: no
/// customers, said by `ohne` in the first row).
pub(crate) fn kopfzahlen<'a>(
    name: &'a str,
    fassung: &'a Fassung,
    einheiten: Vec<(String, Option<&'a Kennzahlzeile>)>,
    ohne: &'a str,
) -> (Tabelle<'a, Kopfzahl>, Vec<Kopfzahl>) {
    let mut t = Tabelle::neu(name).blattspalte("Kennzahl", |z: &Kopfzahl| match z {
        Kopfzahl::Figur(i) => Wert::text(BERATUNG[*i].kopf),
        Kopfzahl::Ampel => Wert::text(AMPEL_MINDESTWERT),
    });
    let anteil = katalog::position(BERATUNG, &ANTEIL_MINDESTWERT);
    for (kopf, zeile) in einheiten {
        t = t.blattspalte(kopf, move |z| match (z, zeile) {
            (Kopfzahl::Figur(i), Some(k)) => figur(fassung, (BERATUNG, *i), k),
            (Kopfzahl::Ampel, Some(k)) => {
                ampelwort(fassung, k.werte[anteil], k.faelle(BERATUNG, anteil))
            }
            (Kopfzahl::Figur(0), None) => Wert::Hinweis(ohne.to_string().into()),
            (_, None) => Wert::Leer,
        });
    }
    let zeilen = (0..BERATUNG.len())
        .map(Kopfzahl::Figur)
        .chain([Kopfzahl::Ampel])
        .collect();
    (t, zeilen)
}

/// Writes a header row.
pub(crate) fn kopfzeile(
    ws: &mut Worksheet,
    f: &Formate,
    zeile: u32,
    spalte: u16,
    koepfe: &[impl AsRef<str>],
) -> Result<(), XlsxError> {
    for (i, k) in koepfe.iter().enumerate() {
        ws.text_f(zeile, spalte + i as u16, k.as_ref(), &f.kopf)?;
    }
    Ok(())
}

/// How much of a column's width unit a bold heading's character takes: a width unit is the
/// widest digit, a letter of a heading narrower on average (measured in LibreOffice's PDF of
/// the demo: „eingehalten“ fits 12.5 units).
const FETT: f64 = 1.0;

/// The same for counting a wrapped heading's lines: the widest letters decide the breaks.
const ZEILENBREITE: f64 = 1.15;

/// The width of a column headed `kopf` — at least `mindestens`, always its longest word — and
/// the lines the heading wraps into at that width.
pub(crate) fn kopfbreite(kopf: &str, mindestens: f64) -> (f64, usize) {
    // A line may also break after a hyphen („SMS-“ / „Erinnerung“), in Excel and LibreOffice.
    let wort = kopf
        .split_whitespace()
        .flat_map(|w| w.split_inclusive('-'))
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    let breite = mindestens.max((wort as f64 * FETT + 1.5).ceil());
    (breite, kopfzeilen(kopf, breite))
}

/// The lines heading `kopf` wraps into in a column `breite` wide, counted with the wider bold
/// letters (LibreOffice wraps a word earlier than the average letter suggests): a header row
/// is rather a line too high than cut.
pub(crate) fn kopfzeilen(kopf: &str, breite: f64) -> usize {
    umbrochene_zeilen(kopf, ((breite - 1.5) / ZEILENBREITE) as usize)
}

/// The height of a header row of `zeilen` wrapped lines.
pub(crate) fn kopfhoehe(zeilen: usize) -> f64 {
    15.0 * zeilen as f64 + 3.0
}

/// `text` wrapped between words into lines of at most `breite` characters (a longer word
/// alone on its line).
pub(crate) fn zeilen_umbrechen(text: &str, breite: usize) -> Vec<String> {
    let mut zeilen: Vec<String> = Vec::new();
    for wort in text.split_whitespace() {
        match zeilen.last_mut() {
            Some(z) if z.chars().count() + 1 + wort.chars().count() <= breite => {
                z.push(' ');
                z.push_str(wort);
            }
            _ => zeilen.push(wort.to_string()),
        }
    }
    zeilen
}

/// Lines of `text` wrapped between words at `breite` characters (at least one: an empty
/// heading still takes its row).
pub(crate) fn umbrochene_zeilen(text: &str, breite: usize) -> usize {
    zeilen_umbrechen(text, breite).len().max(1)
}

#[cfg(test)]
mod tests {
    use super::{kopfbreite, umbrochene_zeilen, zeilen_umbrechen};

    #[test]
    fn headings_wrap_between_words() {
        // 12 characters a line: "Quote" + "abgelehnt" do not fit together.
        assert_eq!(umbrochene_zeilen("Quote abgelehnt", 12), 2);
        assert_eq!(umbrochene_zeilen("Kundschaft", 12), 1);
        assert_eq!(umbrochene_zeilen("Anteil Frist eingehalten", 12), 2);
        assert_eq!(umbrochene_zeilen("Anteil Frist sehr eingehalten", 12), 3);
        assert_eq!(umbrochene_zeilen("Anteil Frist eingehalten", 40), 1);
    }

    #[test]
    fn notes_wrap_into_lines_no_longer_than_asked() {
        assert_eq!(
            zeilen_umbrechen("Termine vom 1. des Monats bis zum Stichtag", 16),
            ["Termine vom 1.", "des Monats bis", "zum Stichtag"]
        );
        // Exactly 16 characters stay on one line; a word longer than a line stands alone.
        assert_eq!(
            zeilen_umbrechen("abcdefg hijklmno", 16),
            ["abcdefg hijklmno"]
        );
        assert_eq!(
            zeilen_umbrechen("a Telefon-Kontakt b", 5),
            ["a", "Telefon-Kontakt", "b"]
        );
        assert!(zeilen_umbrechen("", 5).is_empty());
    }

    #[test]
    fn a_heading_may_break_after_a_hyphen() {
        // „SMS-Erinnerung“: the longest piece is „Erinnerung“ (10), not the whole word (14).
        assert_eq!(kopfbreite("Anteil mit SMS-Erinnerung", 0.0).0, 12.0);
        assert_eq!(kopfbreite("Anteil wahrgenommen", 0.0).0, 14.0);
    }
}

//! A workbook's sheets as data: each sheet's kind (its tab name, the line the table of
//! contents gives it, the explanation „Erläuterungen“ gives it) beside its writer, and one list
//! per workbook. The table of contents and the Erläuterungen are made from the sheets a
//! workbook has, so a new sheet is its own file and one entry in its workbook's list.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// What a sheet is, for its reader.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Blattart {
    /// The tab's name.
    pub name: &'static str,
    /// What it holds, in the table of contents.
    pub inhalt: &'static str,
    /// How to read it, on „Erläuterungen“ (`None`: the sheet needs no explanation beyond its
    /// figures').
    pub erklaerung: Option<&'static str>,
}

/// One sheet of a workbook whose sheets are written from a context `K`.
pub(crate) struct Blatt<K> {
    /// Which sheet.
    pub art: &'static Blattart,
    /// Whether this workbook has it (a team's worklists, the appointment sheets only with
    /// appointment data, …).
    pub gilt: fn(&K) -> bool,
    /// Writes it into a fresh worksheet named `art.name`.
    pub schreiben: fn(&mut Worksheet, &K) -> Result<(), XlsxError>,
}

impl<K> Blatt<K> {
    /// A sheet every workbook of its list has.
    pub(crate) fn immer(
        art: &'static Blattart,
        schreiben: fn(&mut Worksheet, &K) -> Result<(), XlsxError>,
    ) -> Self {
        Blatt {
            art,
            gilt: immer,
            schreiben,
        }
    }

    /// A sheet the workbooks `gilt` picks have.
    pub(crate) fn wenn(
        art: &'static Blattart,
        gilt: fn(&K) -> bool,
        schreiben: fn(&mut Worksheet, &K) -> Result<(), XlsxError>,
    ) -> Self {
        Blatt {
            art,
            gilt,
            schreiben,
        }
    }
}

/// For a sheet every workbook of its list has.
pub(crate) fn immer<K>(_: &K) -> bool {
    true
}

/// Adds the sheets of `liste` that this workbook has (`ctx`), in order, each named after its
/// kind; returns their kinds.
pub(crate) fn blaetter_schreiben<K>(
    wb: &mut Workbook,
    ctx: &K,
    liste: &[Blatt<K>],
) -> Result<Vec<&'static Blattart>, XlsxError> {
    let mut arten = Vec::new();
    for b in liste.iter().filter(|b| (b.gilt)(ctx)) {
        let ws = wb.add_worksheet();
        ws.set_name(b.art.name)?;
        (b.schreiben)(ws, ctx)?;
        arten.push(b.art);
    }
    Ok(arten)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Blattart = Blattart {
        name: "A",
        inhalt: "a",
        erklaerung: None,
    };
    const B: Blattart = Blattart {
        name: "B",
        inhalt: "b",
        erklaerung: Some("bb"),
    };

    #[test]
    fn only_the_sheets_a_workbook_has_are_written_in_list_order() {
        let liste: [Blatt<bool>; 2] = [
            Blatt {
                art: &A,
                gilt: |mit_a| *mit_a,
                schreiben: |ws, _| ws.write_string(0, 0, "a").map(|_| ()),
            },
            Blatt {
                art: &B,
                gilt: immer,
                schreiben: |ws, _| ws.write_string(0, 0, "b").map(|_| ()),
            },
        ];
        let mut wb = Workbook::new();
        assert_eq!(blaetter_schreiben(&mut wb, &false, &liste).unwrap(), [&B]);
        let mut wb2 = Workbook::new();
        assert_eq!(
            blaetter_schreiben(&mut wb2, &true, &liste).unwrap(),
            [&A, &B]
        );
        let namen: Vec<String> = wb2.worksheets_mut().iter().map(|w| w.name()).collect();
        assert_eq!(namen, ["A", "B"]);
    }
}

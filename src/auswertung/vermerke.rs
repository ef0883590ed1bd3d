//! Stage 4: the one notes pass with the consumers this run needs.

use chrono::NaiveDate;

use crate::error::Ergebnis;
use crate::fortschritt::Fortschritt;
use crate::ingest::folders::Monat;
use crate::ingest::kennung::Kennungsindex;
use crate::ingest::laufbuch::Laufbuch;
use crate::ingest::quelle::Quelle;
use crate::lauf::Laufkonfiguration;
use crate::pass::{letzte_beratungen, Massstab, VermerkeBilanz};
use crate::termintreue::telefonate::{Telefonfilter, Telefonsammler};
use crate::termintreue::Telefonat;
use crate::verteilung::gespraeche::{Gespraechssammler, Gespraechsvermerk};
use crate::verteilung::verlauf;
use crate::verteilung::verlaufsmonate::{Verlaufsmonate, Verlaufsplan, Verlaufstabelle};

use super::terminlage::Terminlage;

/// What the notes pass gave.
pub(super) struct Passergebnis {
    pub(super) bilanz: VermerkeBilanz,
    /// The earliest Vermerkdatum read.
    pub(super) erster_vermerk: Option<NaiveDate>,
    /// Latest counselling per population customer.
    pub(super) letzte: Vec<Option<NaiveDate>>,
    /// Phone notes of customers with a no-show.
    pub(super) telefonate: Vec<Telefonat>,
    /// With the distribution: what it needs of the notes.
    pub(super) verteilung: Option<Verteilungsvermerke>,
}

/// What the notes pass collected for the distribution.
pub(super) struct Verteilungsvermerke {
    /// The trend's latest counselling per Verbund position and trend month.
    pub(super) verlaufstage: Vec<i32>,
    /// The month's conversations.
    pub(super) gespraeche: Vec<Gespraechsvermerk>,
}

/// Stage 4, the one notes pass, with its consumers — each only when the run needs it: the
/// trend months and the month's conversations with the distribution; the phone notes when
/// someone missed an appointment (no no-show anywhere: no phone note is looked up).
pub(super) fn vermerke_auswerten(
    dateien: &[(Monat, Option<Quelle>)],
    k: &Laufkonfiguration,
    index: &Kennungsindex,
    verlauf: Option<&verlauf::Vorbereitung>,
    termine: &Terminlage,
    fortschritt: &Fortschritt,
    buch: &mut Laufbuch,
) -> Ergebnis<Passergebnis> {
    let typen = k.fassung().vermerktypen_normiert();
    let massstab = Massstab {
        index,
        stichtag: k.stichtag,
        typen: &typen,
    };
    // The distribution's consumers come with the trend's preparation.
    let plan = verlauf.map(|v| Verlaufsplan {
        erster_monat: v.erster_monat,
        monate: verlauf::MONATE,
        verbund: index.verbund(),
    });
    let telefon = termine
        .nachfass_kunden
        .contains(&true)
        .then_some(Telefonfilter {
            von: termine.telefon_ab,
            bis: k.stichtag,
            kunden: &termine.nachfass_kunden,
        });
    let tabelle = plan.map(Verlaufstabelle::neu);
    let verbraucher = || {
        (
            tabelle.as_ref().map(|t| Verlaufsmonate::neu(t, index)),
            plan.map(|_| Gespraechssammler::neu(k.monat.erster_tag(), k.stichtag)),
            telefon.map(Telefonsammler::neu),
        )
    };
    let stand = letzte_beratungen(dateien, &massstab, &verbraucher, fortschritt, buch)?;
    let (verlaufsmonate, gespraeche, telefonate) = stand.verbraucher;
    // The consumers borrow the table they booked into.
    drop(verlaufsmonate);
    Ok(Passergebnis {
        bilanz: stand.bilanz,
        erster_vermerk: stand.erster_vermerk,
        letzte: stand.letzte,
        telefonate: telefonate.map(|t| t.telefonate).unwrap_or_default(),
        verteilung: tabelle.zip(gespraeche).map(|(t, g)| Verteilungsvermerke {
            verlaufstage: t.tage(),
            gespraeche: g.vermerke,
        }),
    })
}

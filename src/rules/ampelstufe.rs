//! The traffic light of a share (the share within the Mindestwert of the counselling sheets,
//! the follow-up quote of the appointment sheets) under the thresholds of the rules file: one
//! classification, written as a word beside every coloured row, so that the status never rests
//! on colour alone (EN 301 549 clause 10) and the colour follows the word.

use super::fassung::Ampel;

/// The status of one share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ampelstufe {
    /// At or above `gelb_unter`.
    Gruen,
    /// Below `gelb_unter`, at or above `rot_unter`.
    Gelb,
    /// Below `rot_unter`.
    Rot,
}

impl Ampelstufe {
    /// The status of `anteil` (0…1); a threshold itself is the better status.
    pub fn von(ampel: &Ampel, anteil: f64) -> Ampelstufe {
        if anteil < ampel.rot_unter {
            Ampelstufe::Rot
        } else if anteil < ampel.gelb_unter {
            Ampelstufe::Gelb
        } else {
            Ampelstufe::Gruen
        }
    }

    /// The word the sheets show.
    pub fn wort(self) -> &'static str {
        match self {
            Ampelstufe::Gruen => "grün",
            Ampelstufe::Gelb => "gelb",
            Ampelstufe::Rot => "rot",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_belong_to_the_better_status() {
        let a = Ampel {
            gelb_unter: 0.9,
            rot_unter: 0.75,
        };
        assert_eq!(Ampelstufe::von(&a, 0.0), Ampelstufe::Rot);
        assert_eq!(Ampelstufe::von(&a, 0.7499), Ampelstufe::Rot);
        assert_eq!(Ampelstufe::von(&a, 0.75), Ampelstufe::Gelb);
        assert_eq!(Ampelstufe::von(&a, 0.8999), Ampelstufe::Gelb);
        assert_eq!(Ampelstufe::von(&a, 0.9), Ampelstufe::Gruen);
        assert_eq!(Ampelstufe::von(&a, 1.0), Ampelstufe::Gruen);
        assert_eq!(Ampelstufe::Rot.wort(), "rot");
    }
}

//! The rules of SPEC §3: which customers count, which group they are in, which notes are
//! counselling, how many days have passed. Pure functions over validated records — this
//! module never reads a file, so every rule can be tested on its own.

pub mod ampelstufe;
pub mod bedingung;
pub mod beratung;
pub mod bestand;
pub mod faelligkeit;
pub mod fassung;
pub mod gruppen;
pub mod kontaktart;
pub mod regelwerk;
pub mod termintreue;
pub mod zeitraum;
pub mod zuordnung;

pub use fassung::Fassung;
pub use regelwerk::Regelwerk;

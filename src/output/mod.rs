//! Outputs of a run (SPEC §4): the management workbook, the machine-readable CSVs and the run
//! record, all built in memory, fingerprinted, then published into `OUT/JJJJ-MM/` at once.

pub mod atomic;
pub mod csv;
pub mod record;
pub mod workbook;

/// One output file, built in memory so its SHA-256 can go into the run record before anything
/// touches the disk.
#[derive(Debug, Clone)]
pub struct Ausgabedatei {
    /// File name inside the month folder.
    pub name: String,
    /// Its bytes.
    pub inhalt: Vec<u8>,
}

impl Ausgabedatei {
    /// SHA-256 of the content, lower-case hex.
    pub fn sha256(&self) -> String {
        use sha2::Digest;
        crate::ingest::hex(&sha2::Sha256::digest(&self.inhalt))
    }
}

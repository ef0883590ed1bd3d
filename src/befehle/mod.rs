//! The subcommands, one file each (xsv's way): `run`, `regeln`, `generate`. `main.rs` parses
//! the command line through [`crate::hauptprogramm`], which hands each its arguments.

pub mod generate;
pub mod regeln;
pub mod run;

//! Integration tests: the built binary on fixtures, outputs read back with independent
//! readers (calamine for the workbook, a plain CSV split for the rest).

mod arbeitsmappe;
mod barrierefreiheit;
mod blick;
mod eigenschaften;
mod eingabefehler;
mod excel;
mod feindlich;
mod formatierung;
mod golden;
mod grenzen;
mod harness;
mod katalog;
mod klein;
mod korpus;
mod lesen;
mod planung;
mod referenz;
mod referenz_planung;
mod referenz_regeln;
mod referenz_termine;
mod regeln;
mod reproduzierbar;
mod termine;
mod verteilung;

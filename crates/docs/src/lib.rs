//! Documents and open data of Prongsai. Now: CSV exports (UTF-8 with a byte-order mark so that
//! Excel opens Thai text correctly). PDF (typst), DOCX and XLSX arrive with the features that
//! need them.

pub mod chart;
pub mod csv;
pub mod import;

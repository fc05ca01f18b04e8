//! Documents and open data of Prongsai: CSV (UTF-8 with a byte-order mark so that Excel opens
//! Thai text correctly), PDF (typst as a library, Sarabun embedded), editable DOCX (docx-rs),
//! SVG charts, and importers of the agency's existing files.
pub mod chart;
pub mod csv;
pub mod docx;
pub mod files;
pub mod import;
pub mod ocds;
pub mod pdf;
pub mod reports;
pub mod xlsx;

//! Official documents generated from the data, each as PDF (typst) and editable DOCX.

pub mod analysis;
pub mod announcement;
pub mod anticorruption;
pub mod hr;
pub mod integrity;
pub mod notice;
pub mod o43;
pub mod procurement;
pub mod risk;
pub mod submission;
pub mod survey;

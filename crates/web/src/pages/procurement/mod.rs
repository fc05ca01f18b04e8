//! Procurement (issue 7): the register of purchases and hires, the annual plan, and what is
//! published from them: the monthly summary in the สขร.๑ layout, the annual report, the
//! announcements, the OCDS open data.
//!
//! * [`public`]: the documents and pages at public addresses.
//! * [`staff`]: the register, the plan and the annual report's text, for staff.
//! * [`import`]: existing records from CSV/XLSX, with a preview.
//! * [`ocds`]: the Open Contracting Data Standard release package of a year.
//! * [`publish`]: what attaches itself to the OIT items.

pub mod import;
pub mod ocds;
pub mod public;
pub mod publish;
pub mod staff;

use axum::Router;

use crate::app::AppState;

/// Public pages and files (the form body limit).
pub fn public_routes() -> Router<AppState> {
    Router::new().merge(public::routes()).merge(ocds::routes())
}

/// Staff pages, nested under `/staff`.
pub fn staff_routes() -> Router<AppState> {
    staff::routes()
}

/// Routes that take files (the document body limit); full paths.
pub fn upload_routes() -> Router<AppState> {
    import::routes()
}

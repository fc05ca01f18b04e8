//! Human resources (issue 8, HR): the workforce plan, appointments and training records of a
//! fiscal year, and the six-month and annual HR reports that answer the OIT items on HR.
//!
//! * [`registers`]: `/staff/hr/{year}` — the three registers, each row added, changed or
//!   deleted through a form (bad input: 422 with the form as typed and the Thai/English
//!   message; a workforce row with more filled than its framework asks for a confirmation).
//! * [`report`]: `/staff/hr/{year}/report/{half|year}` — the figures, the officer's text, the
//!   draft PDF, the sign-off block and the submit handler (the content frozen is
//!   `store.hr_report`).
//! * [`import`]: `/staff/hr/{year}/import` — training records from CSV/XLSX, all or nothing.
//! * [`public`]: `/{agency}/hr/{year}/{half|year}.{pdf|docx|xlsx}` — the acknowledged version
//!   only (404 before).
//! * [`publish`]: [`publish::attach_hr`], called from `attach_everything`.
//!
//! Permissions (from `Role::allows`): reading needs `ViewDashboard` (every staff member of the
//! agency); keeping the registers and the officer's text needs `EditOwnWork` — the HR officer
//! (งานการเจ้าหน้าที่) is unit staff, and agency admins have it too; opening, submitting and
//! withdrawing a report needs `ManageAssessment` (the coordinator, as the generic sign-off
//! block decides), and signing needs `AcknowledgeReports` (the executive).

mod import;
pub mod public;
pub mod publish;
mod registers;
mod report;

use axum::Router;
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::measures::RoundPeriod;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::AgencyScope;

use crate::app::AppState;
use crate::ctx::Staff;
use crate::error::AppError;
use crate::view::Page;

pub use publish::attach_hr;

/// Reading the registers and reports.
const READ: Permission = Permission::ViewDashboard;
/// Keeping the registers and the officer's text.
const WRITE: Permission = Permission::EditOwnWork;
/// Submitting a report to the executive (the coordinator, as the sign-off block decides).
const SUBMIT: Permission = Permission::ManageAssessment;
/// The menu link of these pages.
const MENU: &str = "/staff/hr";

/// Staff pages, nested under `/staff`.
pub fn staff_routes() -> Router<AppState> {
    registers::routes().merge(report::routes())
}

/// Routes that take files (the document body limit); full paths.
pub fn upload_routes() -> Router<AppState> {
    import::upload_routes()
}

/// Public files.
pub fn public_routes() -> Router<AppState> {
    public::routes()
}

fn reader(staff: &Staff) -> Result<AgencyScope, AppError> {
    staff.require(READ)?;
    staff.scope()
}

fn writer(staff: &Staff) -> Result<AgencyScope, AppError> {
    staff.require(WRITE)?;
    staff.scope()
}

fn may_write(staff: &Staff) -> bool {
    staff.user.role().allows(WRITE)
}

/// A fiscal year of the address (`2566`); anything else is not found.
fn parse_year(s: &str) -> Result<FiscalYear, AppError> {
    let s = s.trim();
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::NotFound);
    }
    s.parse().map_err(|_| AppError::NotFound)
}

/// `half` or `year` of the address; anything else is not found.
fn parse_period(s: &str) -> Result<RoundPeriod, AppError> {
    RoundPeriod::parse(s).ok_or(AppError::NotFound)
}

/// A row id of the address; anything else is not found.
fn parse_id(s: &str) -> Result<i64, AppError> {
    s.trim().parse().map_err(|_| AppError::NotFound)
}

/// The year's staff page: `/staff/hr/2566`.
pub fn year_href(year: FiscalYear) -> String {
    format!("/staff/hr/{}", year.be())
}

/// A report's staff page: `/staff/hr/2566/report/half`.
pub fn report_href(year: FiscalYear, period: RoundPeriod) -> String {
    format!("/staff/hr/{}/report/{}", year.be(), period.code())
}

/// A page of this module, titled with `title_key` and the fiscal year.
fn page(staff: &Staff, title_key: &str, year: FiscalYear) -> Page {
    let mut p = Page::staff(staff, title_key, MENU);
    p.title = match staff.ctx.lang {
        Lang::Th => format!("{} {}", p.title, year.label_th(Digits::Arabic)),
        Lang::En => format!("{} {}", p.title, year.label_en()),
    };
    p
}

/// The label of a period in the page's language.
fn period_label(lang: Lang, year: FiscalYear, period: RoundPeriod) -> String {
    match lang {
        Lang::Th => prongsai_domain::hr::period_label_th(year, period, Digits::Arabic),
        Lang::En => prongsai_domain::hr::period_label_en(year, period),
    }
}

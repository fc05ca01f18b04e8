//! The staff's side of procurement: the register of a fiscal year (filters by month and method,
//! the สขร.๑ order, totals, awards above the budget flagged), a record's form ([`record`]: every
//! field of a purchase or hire, bidders as rows, the confirmation of an award above the budget,
//! deletion with a confirmation step), the annual plan ([`plan`]: its revisions, the latest one
//! edited as rows, a new revision as a copy), and the coordinator's text of the annual report
//! ([`report`], with the year's key figures).
//!
//! Any staff member of the agency may read; writing needs [`Permission::ManageProcurement`].
//! Records, plans and texts are found through the staff member's agency scope only, so an id
//! of another agency is simply not found (404).

mod plan;
mod record;
mod report;

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use prongsai_domain::calendar::{parse_date, DateStyle, FiscalYear, YearMonth};
use prongsai_domain::procurement::{format_satang, Method, Money};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::Staff;
use crate::error::AppError;
use crate::view::{fmt_date, render, today, Page};

/// Reading the register, the plan and the report's text.
const READ: Permission = Permission::ViewDashboard;
/// Changing any of them.
const WRITE: Permission = Permission::ManageProcurement;
/// The menu link of these pages.
const MENU: &str = "/staff/procurement";

/// The routes of the staff's procurement pages (nested under `/staff`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/procurement", get(index))
        .route("/procurement/{year}", get(register))
        .route(
            "/procurement/{year}/new",
            get(record::new_form).post(record::create),
        )
        .route(
            "/procurement/{year}/{id}/edit",
            get(record::edit_form).post(record::update),
        )
        .route(
            "/procurement/{year}/{id}/delete",
            get(record::delete_form).post(record::delete),
        )
        .route(
            "/procurement/{year}/plan",
            get(plan::plan_page).post(plan::save),
        )
        .route(
            "/procurement/{year}/plan/new-revision",
            post(plan::new_revision),
        )
        .route(
            "/procurement/{year}/report",
            get(report::report_page).post(report::save),
        )
}

/// The register of a fiscal year: `/staff/procurement/2567`.
pub fn register_href(year: FiscalYear) -> String {
    format!("/staff/procurement/{}", year.be())
}

// ----- shared by the pages of this module ----------------------------------------------------

/// The staff member may read procurement of their agency.
fn reader(staff: &Staff) -> Result<prongsai_store::AgencyScope, AppError> {
    staff.require(READ)?;
    staff.scope()
}

/// The staff member may change procurement of their agency.
fn writer(staff: &Staff) -> Result<prongsai_store::AgencyScope, AppError> {
    staff.require(WRITE)?;
    staff.scope()
}

fn may_write(staff: &Staff) -> bool {
    staff.user.role().allows(WRITE)
}

/// A fiscal year of the address (`2567`); anything else is not found.
/// After a change: what the register publishes reaches the OIT items (a failure is logged).
async fn published(st: &AppState, staff: &Staff) {
    if let (Ok(scope), Some(a)) = (staff.scope(), staff.agency.as_ref()) {
        super::publish::publish(st, &scope, &a.slug).await;
    }
}

fn parse_year(s: &str) -> Result<FiscalYear, AppError> {
    s.trim().parse().map_err(|_| AppError::NotFound)
}

/// A record or plan id of the address; anything else is not found.
fn parse_id(s: &str) -> Result<i64, AppError> {
    s.trim().parse().map_err(|_| AppError::NotFound)
}

/// A page of this module, titled with `title_key` and the fiscal year.
fn page(staff: &Staff, title_key: &str, year: FiscalYear) -> Page {
    let mut p = Page::staff(staff, title_key, MENU);
    p.title = match staff.ctx.lang {
        Lang::Th => format!(
            "{} {}",
            p.title,
            year.label_th(prongsai_domain::calendar::Digits::Arabic)
        ),
        Lang::En => format!("{} {}", p.title, year.label_en()),
    };
    p
}

/// An amount as staff pages show it: `12,345.00`.
fn baht(m: Money) -> String {
    m.format(prongsai_domain::calendar::Digits::Arabic)
}

/// A total in satang as staff pages show it.
fn total(satang: i64) -> String {
    format_satang(satang, prongsai_domain::calendar::Digits::Arabic)
}

/// A month as the menus of the fiscal year name it: `มี.ค. 2567` / `March 2024`.
fn month_label(lang: Lang, m: YearMonth) -> String {
    match lang {
        Lang::Th => m.label_th(DateStyle::ARABIC_ABBREV),
        Lang::En => m.label_en(),
    }
}

/// A date typed in a text box (`15/3/2567`, `15 มี.ค. 2567`, `2024-03-15`) or picked with the
/// browser's calendar (`pick`, ISO; it wins when given). Returns the text to show again (the
/// BE form when the date was read) and the date, `None` when both are empty.
fn read_day(
    lang: Lang,
    field: &'static str,
    text: &str,
    pick: &str,
) -> (String, Result<Option<NaiveDate>, InputError>) {
    let pick = pick.trim();
    let text = text.trim();
    let parsed = if !pick.is_empty() {
        NaiveDate::parse_from_str(pick, "%Y-%m-%d")
            .map_err(|_| ())
            .or_else(|_| parse_date(pick).map_err(|_| ()))
            .map_err(|_| InputError::new(field, "วันที่ที่เลือกไม่ถูกต้อง", "The picked date is not valid"))
    } else if text.is_empty() {
        return (String::new(), Ok(None));
    } else {
        parse_date(text).map_err(|e| e.to_input_error(field))
    };
    match parsed {
        Ok(d) => (fmt_date(lang, d), Ok(Some(d))),
        Err(e) => (
            if pick.is_empty() { text } else { pick }.to_string(),
            Err(e),
        ),
    }
}

/// An option of a select box.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The methods a form offers: the current ones, and a legacy one only when it is already set.
fn method_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    Method::ALL
        .into_iter()
        .filter(|m| !m.is_legacy() || m.code() == selected)
        .map(|m| Choice {
            value: m.code().to_string(),
            label: m.label(lang).to_string(),
            selected: m.code() == selected,
        })
        .collect()
}

/// The twelve months of the fiscal year, October first (value `2023-10`).
fn month_choices(lang: Lang, year: FiscalYear, selected: &str) -> Vec<Choice> {
    year.months()
        .into_iter()
        .map(|m| Choice {
            value: m.to_string(),
            label: month_label(lang, m),
            selected: m.to_string() == selected,
        })
        .collect()
}

/// A link to another fiscal year.
pub struct YearLink {
    pub be: i32,
    pub href: String,
    pub current: bool,
}

/// The years worth switching to: those with records or plans, this year, and the one shown.
async fn year_links(
    st: &AppState,
    scope: &prongsai_store::AgencyScope,
    shown: FiscalYear,
    suffix: &str,
) -> Result<Vec<YearLink>, AppError> {
    let mut years: BTreeSet<i32> = st
        .store
        .procurement_years(scope)
        .await?
        .into_iter()
        .map(FiscalYear::be)
        .collect();
    years.insert(FiscalYear::containing(today()).be());
    years.insert(shown.be());
    Ok(years
        .into_iter()
        .rev()
        .map(|be| YearLink {
            be,
            href: format!("/staff/procurement/{be}{suffix}"),
            current: be == shown.be(),
        })
        .collect())
}

// ----- the register ---------------------------------------------------------------------------

/// `GET /staff/procurement`: the register of the current fiscal year.
pub async fn index(staff: Staff) -> Result<Response, AppError> {
    reader(&staff)?;
    Ok(Redirect::to(&register_href(FiscalYear::containing(today()))).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct RegisterQuery {
    /// `2024-03`, `none` (no contract date yet) or empty (every month).
    #[serde(default)]
    month: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    deleted: Option<String>,
    /// How many records an import has just added.
    #[serde(default)]
    imported: Option<usize>,
}

/// A record as the register lists it.
pub struct RegisterRow {
    pub id: i64,
    pub seq: usize,
    pub project: String,
    pub budget: String,
    pub reference: String,
    pub method: String,
    pub bidders: usize,
    pub winner: String,
    pub award: String,
    pub contract_no: String,
    pub contract_date: String,
    pub egp: String,
    /// The award is above the budget.
    pub over_budget: bool,
    /// …and that was confirmed when it was recorded.
    pub confirmed: bool,
}

#[derive(Template)]
#[template(path = "procurement/staff_register.html")]
struct RegisterPage {
    page: Page,
    year: i32,
    /// The public page of the year (none for a staff member without an agency).
    public_href: Option<String>,
    years: Vec<YearLink>,
    months: Vec<Choice>,
    undated_selected: bool,
    methods: Vec<Choice>,
    rows: Vec<RegisterRow>,
    /// Records of the year, before filtering.
    year_count: usize,
    count: usize,
    total_budget: String,
    total_award: String,
    may_write: bool,
    /// The public สขร.๑ of the chosen month (PDF), once the month has begun.
    month_file: Option<String>,
}

/// `GET /staff/procurement/{year}`: the register of the year.
pub async fn register(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let scope = reader(&staff)?;
    let year = parse_year(&year)?;
    let lang = staff.ctx.lang;
    let records = st.store.procurements_of_year(&scope, year).await?;
    let month = year
        .months()
        .into_iter()
        .find(|m| m.to_string() == q.month.trim());
    let undated = q.month.trim() == "none";
    let method = Method::parse(q.method.trim());
    let shown: Vec<_> = records
        .iter()
        .filter(|r| match (month, undated) {
            (Some(m), _) => r.record.month() == Some(m),
            (None, true) => r.record.contract_date.is_none(),
            (None, false) => true,
        })
        .filter(|r| method.is_none_or(|m| r.record.method == m))
        .collect();
    let rows: Vec<RegisterRow> = shown
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let r = &s.record;
            let over = matches!(r.award_price, Some(a) if a > r.budget);
            RegisterRow {
                id: s.id,
                seq: i + 1,
                project: r.project.clone(),
                budget: baht(r.budget),
                reference: r.reference_price.map(baht).unwrap_or_else(|| "-".into()),
                method: r.method.label(lang).to_string(),
                bidders: r.bidders.len(),
                winner: r.winner.clone().unwrap_or_default(),
                award: r.award_price.map(baht).unwrap_or_default(),
                contract_no: r.contract_no.clone().unwrap_or_default(),
                contract_date: r
                    .contract_date
                    .map(|d| fmt_date(lang, d))
                    .unwrap_or_default(),
                egp: r.egp_no.clone().unwrap_or_default(),
                over_budget: over,
                confirmed: over && r.accept_over_budget,
            }
        })
        .collect();
    let slug = staff.agency_slug();
    let month_file = month
        .filter(|m| m.first_day() <= today() && !slug.is_empty())
        .map(|m| crate::pages::procurement::public::summary_href(&slug, year, m.month(), "pdf"));
    let flash = if q.saved.is_some() {
        Some("pstaff.saved")
    } else if q.deleted.is_some() {
        Some("pstaff.deleted")
    } else {
        None
    };
    let methods = Method::ALL
        .into_iter()
        .map(|m| Choice {
            value: m.code().to_string(),
            label: m.label(lang).to_string(),
            selected: Some(m) == method,
        })
        .collect();
    render(&RegisterPage {
        page: {
            let mut p = page(&staff, "pstaff.register", year).with_flash(flash);
            if let Some(n) = q.imported {
                p.flash = Some(p.t("pstaff.imported").replace("{n}", &n.to_string()));
            }
            p
        },
        year: year.be(),
        years: year_links(&st, &scope, year, "").await?,
        months: month_choices(
            lang,
            year,
            &month.map(|m| m.to_string()).unwrap_or_default(),
        ),
        undated_selected: undated,
        methods,
        year_count: records.len(),
        count: rows.len(),
        total_budget: total(Money::sum(shown.iter().map(|r| r.record.budget))),
        total_award: total(Money::sum(
            shown.iter().filter_map(|r| r.record.award_price),
        )),
        rows,
        may_write: may_write(&staff),
        month_file,
        public_href: (!slug.is_empty())
            .then(|| crate::pages::procurement::public::year_href(&slug, year)),
    })
}

//! A progress report's staff page (`/staff/anticorruption/{year}/report/{half|year}`): each
//! project with its budget and steps (status, done date, from the measure lines), the budget
//! spent in the period and the result (saved while the report is not frozen), the totals, the
//! draft PDF, the generic sign-off block and the submit handler, which freezes the report as
//! the version's content (kind `anticorruption.report`, period half or year).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use prongsai_docs::reports::anticorruption::{
    report_intro, report_title, ReportDoc, ReportProject, ReportStep,
};
use prongsai_domain::anticorruption::{check_annual, check_progress, Progress};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::measures::{RoundPeriod, StepStatus};
use prongsai_domain::procurement::{format_satang, Money};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::anticorruption::report_key;
use prongsai_store::{AgencyScope, StoreError};

use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::signoff::{self, SignoffBlock};
use crate::pages::NoFields;
use crate::pages::{agency_th, year_in_path};
use crate::view::{fmt_date, render_form, Errors, FieldError, Page};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/anticorruption/{year}/report/{period}",
            get(report_page).post(save),
        )
        .route(
            "/anticorruption/{year}/report/{period}/submit",
            post(submit),
        )
        .route(
            "/anticorruption/{year}/report/{period}/preview.pdf",
            get(preview),
        )
}

fn period_of(s: &str) -> Result<RoundPeriod, AppError> {
    RoundPeriod::parse(s).ok_or(AppError::NotFound)
}

fn href(year: FiscalYear, period: RoundPeriod) -> String {
    format!(
        "/staff/anticorruption/{}/report/{}",
        year.be(),
        period.code()
    )
}

/// The report of a period built from today's projects, steps and entries (what a submission
/// freezes).
pub async fn report_of(
    st: &AppState,
    scope: &AgencyScope,
    agency: &str,
    year: FiscalYear,
    period: RoundPeriod,
) -> Result<ReportDoc, AppError> {
    let units = st.store.list_units(scope).await?;
    let projects = st.store.ac_projects(scope, year).await?;
    let entries = st.store.ac_progress(scope, year, period).await?;
    // an annual report starts from the six-month one: a project not yet entered for the year
    // shows what was reported at six months
    let half = match period {
        RoundPeriod::Year => st.store.ac_progress(scope, year, RoundPeriod::Half).await?,
        RoundPeriod::Half => Vec::new(),
    };
    Ok(ReportDoc {
        agency: agency.to_owned(),
        year: year.be(),
        period,
        intro: report_intro(agency, year.be(), period),
        projects: projects
            .iter()
            .map(|t| {
                let p = t.0.project();
                let e = entries
                    .iter()
                    .find(|e| e.project_id == t.0.id)
                    .or_else(|| half.iter().find(|e| e.project_id == t.0.id));
                ReportProject {
                    name: p.name.clone(),
                    responsible: super::responsible(&p, &units),
                    budget: p.budget.satang(),
                    spent: e.map(|e| e.spent).unwrap_or(0),
                    result: e.map(|e| e.result.clone()).unwrap_or_default(),
                    steps: super::step_lines(t)
                        .iter()
                        .map(|l| ReportStep {
                            text: l.display(),
                            status: l.status.clone(),
                            done_on: l.done_on,
                        })
                        .collect(),
                }
            })
            .collect(),
        signer: None,
        signed_on: None,
    })
}

struct StepRow {
    text: String,
    status: &'static str,
    code: &'static str,
    done_on: String,
}

struct Row {
    id: i64,
    name: String,
    responsible: String,
    budget: String,
    spent: String,
    result: String,
    state: &'static str,
    state_code: &'static str,
    steps: Vec<StepRow>,
}

#[derive(Template)]
#[template(path = "anticorruption/report.html")]
struct ReportPage {
    page: Page,
    be: i32,
    period: &'static str,
    heading: String,
    /// The figures are those of the version sent to the executive.
    frozen: bool,
    editable: bool,
    rows: Vec<Row>,
    total_budget: String,
    total_spent: String,
    share: String,
    done: usize,
    under_way: usize,
    not_started: usize,
    errors: Errors,
    signoff: SignoffBlock,
    files: Vec<(&'static str, String)>,
}

/// The entries as typed: `spent_{id}` and `result_{id}` per project.
type Typed = HashMap<i64, (String, String)>;

async fn report_view(
    st: &AppState,
    staff: &Staff,
    year: FiscalYear,
    period: RoundPeriod,
    typed: Option<Typed>,
    errors: Errors,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let key = report_key(year, period);
    let current = st.store.current_signed(&scope, key).await?;
    let frozen_doc: Option<ReportDoc> = match &current {
        Some(c) if c.state().frozen() => c.content()?,
        _ => None,
    };
    let frozen = frozen_doc.is_some();
    let doc = match frozen_doc {
        Some(d) => d,
        None => report_of(st, &scope, &agency_th(staff), year, period).await?,
    };
    let projects = st.store.ac_projects(&scope, year).await?;
    let here = href(year, period);
    let title = report_title(year.be(), period).replace('\u{a0}', " ");
    let block = signoff::block(st, staff, key, &title, &format!("{here}/submit"), &here).await?;
    let slug = staff.agency_slug();
    let files = if block.signed().is_some() && !slug.is_empty() {
        ["pdf", "docx", "xlsx"]
            .into_iter()
            .map(|ext| {
                (
                    ext,
                    super::public::file_href(&slug, year, period.code(), ext),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let tot = doc.totals();
    // the rows: the frozen document's, or today's with the project ids (to edit)
    let rows = doc
        .projects
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let id = if frozen {
                0
            } else {
                projects.get(k).map(|t| t.0.id).unwrap_or(0)
            };
            let (spent, result) = match typed.as_ref().and_then(|t| t.get(&id)) {
                Some((s, r)) => (s.clone(), r.clone()),
                None => (format_satang(p.spent, Digits::Arabic), p.result.clone()),
            };
            let state = p.state();
            Row {
                id,
                name: p.name.clone(),
                responsible: p.responsible.replace('\n', " · "),
                budget: format_satang(p.budget, Digits::Arabic),
                spent,
                result,
                state: match lang {
                    Lang::Th => state.label_th(),
                    Lang::En => state.label_en(),
                },
                state_code: state.code(),
                steps: p
                    .steps
                    .iter()
                    .map(|s| {
                        let st = StepStatus::parse(&s.status).unwrap_or(StepStatus::NotStarted);
                        StepRow {
                            text: s.text.clone(),
                            status: match lang {
                                Lang::Th => st.label_th(),
                                Lang::En => st.label_en(),
                            },
                            code: st.code(),
                            done_on: s.done_on.map(|d| fmt_date(lang, d)).unwrap_or_default(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let mut page = Page::staff(staff, "ac.title", "/staff/anticorruption");
    page.title = match period {
        RoundPeriod::Half => staff.ctx.t("ac.report_half"),
        RoundPeriod::Year => staff.ctx.t("ac.report_year"),
    }
    .to_owned();
    let refused = !errors.is_empty();
    render_form(
        &ReportPage {
            page,
            be: year.be(),
            period: period.code(),
            heading: title,
            frozen,
            editable: !frozen
                && block.editable
                && staff.user.role().allows(Permission::ManageAssessment),
            rows,
            total_budget: format_satang(tot.budget, Digits::Arabic),
            total_spent: format_satang(tot.spent, Digits::Arabic),
            share: tot.share_spent().format(Digits::Arabic),
            done: tot.done,
            under_way: tot.under_way,
            not_started: tot.not_started,
            errors,
            signoff: block,
            files,
        },
        refused,
    )
}

async fn report_page(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, period)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (fy, period) = (year_in_path(&year)?, period_of(&period)?);
    report_view(&st, &staff, fy, period, None, Errors::default()).await
}

/// Save the spent amounts and results typed for the period's projects; every entry is checked
/// first, and nothing is stored when one is refused.
async fn save(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, period)): Path<(String, String)>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let (fy, period) = (year_in_path(&year)?, period_of(&period)?);
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let projects = st.store.ac_projects(&scope, fy).await?;
    let half = match period {
        RoundPeriod::Year => st.store.ac_progress(&scope, fy, RoundPeriod::Half).await?,
        RoundPeriod::Half => Vec::new(),
    };
    let mut typed: Typed = HashMap::new();
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (row, _) in &projects {
        let (Some(spent), Some(result)) = (
            f.get(&format!("spent_{}", row.id)),
            f.get(&format!("result_{}", row.id)),
        ) else {
            continue;
        };
        typed.insert(row.id, (spent.clone(), result.clone()));
        let budget = Money::from_satang(row.budget).unwrap_or_default();
        let half = half
            .iter()
            .find(|e| e.project_id == row.id)
            .map(|e| Progress {
                spent: Money::from_satang(e.spent).unwrap_or_default(),
                result: String::new(),
            });
        match check_progress(budget, spent, result)
            .and_then(|p| check_annual(&p, half.as_ref()).map(|()| p))
        {
            Ok(p) => entries.push((row.id, p)),
            Err(e) => errors.push(FieldError {
                field: format!("{}_{}", e.field, row.id),
                message: format!("{}: {}", row.name, e.message(lang)),
            }),
        }
    }
    if !errors.is_empty() {
        return report_view(&st, &staff, fy, period, Some(typed), Errors(errors)).await;
    }
    match st
        .store
        .save_ac_progress(&scope, &staff.actor(), fy, period, &entries)
        .await
    {
        Ok(()) => Ok(Redirect::to(&href(fy, period)).into_response()),
        Err(StoreError::Input(e)) => {
            report_view(
                &st,
                &staff,
                fy,
                period,
                Some(typed),
                Errors::from_input(lang, &e),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Submit the report to the executive: the report as it is now is what is signed.
async fn submit(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, period)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let (fy, period) = (year_in_path(&year)?, period_of(&period)?);
    let scope = staff.scope()?;
    let back = href(fy, period);
    let doc = report_of(&st, &scope, &agency_th(&staff), fy, period).await?;
    signoff::submit_content(&st, &staff, report_key(fy, period), &doc, &back).await
}

/// The report for staff: as submitted or signed when it is, else from today's data.
async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, period)): Path<(String, String)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let (fy, period) = (year_in_path(&year)?, period_of(&period)?);
    let scope = staff.scope()?;
    let doc = match signoff::submitted::<ReportDoc>(&st, &scope, report_key(fy, period)).await? {
        Some((mut d, signer, on)) => {
            (d.signer, d.signed_on) = (signer, on);
            d
        }
        None => report_of(&st, &scope, &agency_th(&staff), fy, period).await?,
    };
    let pdf = crate::pages::blocking(move || doc.pdf(true)).await?;
    Ok(crate::view::file_response(
        pdf,
        "application/pdf",
        crate::view::Disposition::Inline,
        &format!("anticorruption-{}-{}.pdf", period.code(), fy.be()),
        "no-store",
    ))
}

//! The anti-corruption action plan in the back office and on the portal.
//!
//! Staff (`/staff/anticorruption/{year}`): the year's projects and activities — budget, quarters,
//! responsible unit and person, indicators and targets, the year's risks each treats, and its
//! steps, which are a measure of the `anticorruption` plan (deadlines read from the Thai text,
//! statuses, owners, reminders are the measures') — the budget by quarter, the plan as PDF, and
//! the executive's sign-off of the plan (`pages::signoff`, kind `anticorruption.plan`), which
//! freezes the projects until a new version. The progress reports (`report`): six-month and
//! annual, with the budget spent and the result of each project. Coordinators
//! (`ManageAssessment`) write; everyone with the dashboard reads.
//!
//! Public (`public`): `/{agency}/anticorruption/{year}/plan.{pdf|docx|xlsx}` and
//! `/{agency}/anticorruption/{year}/{half|year}.{pdf|docx|xlsx}`, the acknowledged versions
//! only, attached to the items of `anticorruption.plan` and `anticorruption.report`.

pub mod public;
pub mod report;

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use prongsai_docs::reports::anticorruption::{plan_intro, PlanDoc, PlanProject};
use prongsai_domain::anticorruption::{budget_by_quarter, indicators_text, ProjectInput};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::measures::{MeasureRow, RoundPeriod, StepStatus};
use prongsai_domain::procurement::format_satang;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use prongsai_store::anticorruption::{plan_key, ProjectDraft, ProjectWithSteps};
use prongsai_store::{AgencyScope, StoreError};

use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::measures::edit::{cell_text, read_cell};
use crate::pages::signoff::{self, SignoffBlock};
use crate::pages::{agency_th, year_in_path};
use crate::pages::{opt_id, NoFields};
use crate::view::{render_form, unit_name, Errors, Page};

/// Staff routes (nested under `/staff`).
pub fn staff_routes() -> Router<AppState> {
    Router::new()
        .route("/anticorruption", get(index))
        .route("/anticorruption/{year}", get(year_page))
        .route("/anticorruption/{year}/new", get(new_form).post(create))
        .route("/anticorruption/{year}/p/{id}", get(edit_form).post(update))
        .route("/anticorruption/{year}/p/{id}/delete", post(delete))
        .route("/anticorruption/{year}/submit", post(submit))
        .route("/anticorruption/{year}/plan.pdf", get(preview))
        .merge(report::routes())
}

pub fn public_routes() -> Router<AppState> {
    Router::new().route("/{agency}/anticorruption/{year}/{file}", get(public::file))
}

fn base(fy: FiscalYear) -> String {
    format!("/staff/anticorruption/{}", fy.be())
}

/// `/staff/anticorruption`: the current fiscal year.
async fn index(staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = FiscalYear::containing(crate::view::today());
    Ok(Redirect::to(&base(fy)).into_response())
}

/// The unit and/or person responsible, one a line.
fn responsible(
    p: &prongsai_domain::anticorruption::Project,
    units: &[prongsai_store::tenancy::Unit],
) -> String {
    let unit = p
        .unit_id
        .and_then(|u| units.iter().find(|x| x.id == u))
        .map(|u| u.name_th.clone());
    [unit, Some(p.person.clone()).filter(|o| !o.is_empty())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
}

fn step_lines(t: &ProjectWithSteps) -> Vec<&prongsai_store::measures::MeasureLine> {
    t.1.as_ref()
        .map(|(_, lines)| lines.iter().filter(|l| l.column_kind == "step").collect())
        .unwrap_or_default()
}

/// The plan of a year built from today's projects (what a submission freezes).
pub async fn plan_of(
    st: &AppState,
    scope: &AgencyScope,
    agency: &str,
    year: FiscalYear,
) -> Result<PlanDoc, AppError> {
    let units = st.store.list_units(scope).await?;
    let risks = st.store.risks(scope, year).await?;
    let projects = st.store.ac_projects(scope, year).await?;
    Ok(PlanDoc {
        agency: agency.to_owned(),
        year: year.be(),
        intro: plan_intro(agency, year.be()),
        projects: projects
            .iter()
            .map(|t| {
                let p = t.0.project();
                PlanProject {
                    name: p.name.clone(),
                    objectives: p.objectives.clone(),
                    budget: p.budget.satang(),
                    responsible: responsible(&p, &units),
                    quarters: p.quarters.clone(),
                    indicators: p.indicators.clone(),
                    risks: p
                        .risk_ids
                        .iter()
                        .filter_map(|id| risks.iter().find(|(r, _)| r.id == *id))
                        .map(|(r, _)| r.event.clone())
                        .collect(),
                    steps: step_lines(t).iter().map(|l| l.display()).collect(),
                }
            })
            .collect(),
        signer: None,
        signed_on: None,
    })
}

pub struct StepView {
    pub text: String,
    pub status: &'static str,
    pub code: &'static str,
}

fn step_views(lang: Lang, t: &ProjectWithSteps) -> Vec<StepView> {
    step_lines(t)
        .iter()
        .map(|l| {
            let s = StepStatus::parse(&l.status).unwrap_or(StepStatus::NotStarted);
            StepView {
                text: l.display(),
                status: match lang {
                    Lang::Th => s.label_th(),
                    Lang::En => s.label_en(),
                },
                code: s.code(),
            }
        })
        .collect()
}

struct ProjectView {
    id: i64,
    no: i32,
    name: String,
    objectives: String,
    budget: String,
    quarters: [bool; 4],
    responsible: String,
    indicators: Vec<String>,
    risks: Vec<String>,
    steps: Vec<StepView>,
}

struct ReportLink {
    period: &'static str,
    label: &'static str,
    state: String,
}

#[derive(Template)]
#[template(path = "anticorruption/year.html")]
struct YearPage {
    page: Page,
    be: i32,
    years: Vec<i32>,
    projects: Vec<ProjectView>,
    quarters: Vec<String>,
    total: String,
    may_edit: bool,
    signoff: SignoffBlock,
    files: Vec<(&'static str, String)>,
    reports: Vec<ReportLink>,
}

async fn year_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_in_path(&year)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let units = st.store.list_units(&scope).await?;
    let risks = st.store.risks(&scope, fy).await?;
    let projects = st.store.ac_projects(&scope, fy).await?;
    let doc_title = PlanDoc {
        agency: String::new(),
        year: fy.be(),
        intro: vec![],
        projects: vec![],
        signer: None,
        signed_on: None,
    }
    .title();
    let here = base(fy);
    let block = signoff::block(
        &st,
        &staff,
        plan_key(fy),
        &doc_title,
        &format!("{here}/submit"),
        &here,
    )
    .await?;
    let slug = staff.agency_slug();
    let files = if block.signed().is_some() && !slug.is_empty() {
        ["pdf", "docx", "xlsx"]
            .into_iter()
            .map(|ext| (ext, public::file_href(&slug, fy, "plan", ext)))
            .collect()
    } else {
        Vec::new()
    };
    let rows: Vec<_> = projects.iter().map(|t| t.0.project()).collect();
    let q = budget_by_quarter(rows.iter().map(|p| (p.budget, p.quarters.as_slice())));
    let total: i64 = rows.iter().map(|p| p.budget.satang()).sum();
    let mut reports = Vec::new();
    for period in RoundPeriod::ALL {
        let state = st
            .store
            .current_signed(
                &scope,
                prongsai_store::anticorruption::report_key(fy, period),
            )
            .await?
            .map(|s| match lang {
                Lang::Th => s.state().label_th(),
                Lang::En => s.state().label_en(),
            })
            .unwrap_or_else(|| staff.ctx.t("ac.report_none"))
            .to_owned();
        reports.push(ReportLink {
            period: period.code(),
            label: match period {
                RoundPeriod::Half => staff.ctx.t("ac.report_half"),
                RoundPeriod::Year => staff.ctx.t("ac.report_year"),
            },
            state,
        });
    }
    let now = FiscalYear::containing(crate::view::today()).be();
    let mut page = Page::staff(&staff, "ac.title", "/staff/anticorruption");
    page.title = format!("{} {}", staff.ctx.t("ac.title"), fy.be());
    crate::view::render(&YearPage {
        page,
        be: fy.be(),
        years: ((now - 3)..=(now + 1)).rev().collect(),
        projects: projects
            .iter()
            .zip(&rows)
            .map(|(t, p)| ProjectView {
                id: t.0.id,
                no: t.0.sort_order,
                name: p.name.clone(),
                objectives: p.objectives.clone(),
                budget: p.budget.format(Digits::Arabic),
                quarters: [1, 2, 3, 4].map(|q| p.quarters.contains(&q)),
                responsible: {
                    let unit = p
                        .unit_id
                        .and_then(|u| units.iter().find(|x| x.id == u))
                        .map(|u| unit_name(u, lang));
                    [unit, Some(p.person.clone()).filter(|o| !o.is_empty())]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ")
                },
                indicators: p
                    .indicators
                    .iter()
                    .map(|i| {
                        if i.target.is_empty() {
                            i.name.clone()
                        } else {
                            format!("{} — {}", i.name, i.target)
                        }
                    })
                    .collect(),
                risks: p
                    .risk_ids
                    .iter()
                    .filter_map(|id| risks.iter().find(|(r, _)| r.id == *id))
                    .map(|(r, _)| r.event.clone())
                    .collect(),
                steps: step_views(lang, t),
            })
            .collect(),
        quarters: q
            .iter()
            .map(|s| format_satang(*s, Digits::Arabic))
            .collect(),
        total: format_satang(total, Digits::Arabic),
        may_edit: staff.user.role().allows(Permission::ManageAssessment) && block.editable,
        signoff: block,
        files,
        reports,
    })
}

struct Choice {
    value: String,
    label: String,
    checked: bool,
}

/// The project form as typed (quarters `q1`…`q4`, risks `risk_{id}`).
#[derive(Debug, Default, Clone)]
pub struct ProjectForm {
    name: String,
    objectives: String,
    budget: String,
    unit_id: String,
    person: String,
    quarters: [bool; 4],
    indicators: String,
    risks: Vec<i64>,
    steps: String,
}

fn field(map: &HashMap<String, String>, k: &str) -> String {
    map.get(k).cloned().unwrap_or_default()
}

impl ProjectForm {
    fn from_map(map: &HashMap<String, String>) -> Self {
        let mut risks: Vec<i64> = map
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .filter_map(|(k, _)| k.strip_prefix("risk_"))
            .filter_map(|id| id.parse().ok())
            .collect();
        risks.sort_unstable();
        Self {
            name: field(map, "name"),
            objectives: field(map, "objectives"),
            budget: field(map, "budget"),
            unit_id: field(map, "unit_id"),
            person: field(map, "person"),
            quarters: [1, 2, 3, 4]
                .map(|q| map.get(&format!("q{q}")).is_some_and(|v| !v.is_empty())),
            indicators: field(map, "indicators"),
            risks,
            steps: field(map, "steps"),
        }
    }

    /// The form as a checked project and its steps.
    fn read(&self, unit: Option<String>) -> Result<ProjectDraft, InputError> {
        let project = ProjectInput {
            name: self.name.clone(),
            objectives: self.objectives.clone(),
            budget: self.budget.clone(),
            unit_id: opt_id(&self.unit_id),
            person: self.person.clone(),
            quarters: (1..=4)
                .filter(|q| self.quarters[*q - 1])
                .map(|q| q.to_string())
                .collect(),
            indicators: self.indicators.clone(),
            risk_ids: self.risks.clone(),
        }
        .check()?;
        let who = [unit, Some(project.person.clone()).filter(|o| !o.is_empty())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n");
        let steps = read_cell("steps", &self.steps)?;
        Ok(ProjectDraft {
            steps: MeasureRow {
                issue: vec![],
                responsible: read_cell("person", &who)?,
                steps,
                schedule: vec![],
                progress: vec![],
            },
            project,
        })
    }
}

#[derive(Template)]
#[template(path = "anticorruption/edit.html")]
struct EditPage {
    page: Page,
    be: i32,
    id: Option<i64>,
    form: ProjectForm,
    errors: Errors,
    units: Vec<Choice>,
    risks: Vec<Choice>,
}

async fn edit_view(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    id: Option<i64>,
    form: ProjectForm,
    errors: Errors,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let units = st.store.list_units(&scope).await?;
    let risks = st.store.risks(&scope, fy).await?;
    let mut page = Page::staff(staff, "ac.title", "/staff/anticorruption");
    page.title = format!(
        "{} {}",
        staff.ctx.t(if id.is_some() { "ac.edit" } else { "ac.new" }),
        fy.be()
    );
    let refused = !errors.is_empty();
    let unit_id = form.unit_id.clone();
    let chosen = form.risks.clone();
    render_form(
        &EditPage {
            page,
            be: fy.be(),
            id,
            form,
            errors,
            units: units
                .iter()
                .map(|u| Choice {
                    value: u.id.to_string(),
                    label: unit_name(u, lang),
                    checked: unit_id == u.id.to_string(),
                })
                .collect(),
            risks: risks
                .iter()
                .map(|(r, _)| Choice {
                    value: r.id.to_string(),
                    label: format!("{}. {}", r.sort_order, r.event),
                    checked: chosen.contains(&r.id),
                })
                .collect(),
        },
        refused,
    )
}

async fn new_form(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_in_path(&year)?;
    edit_view(
        &st,
        &staff,
        fy,
        None,
        ProjectForm::default(),
        Errors::default(),
    )
    .await
}

async fn edit_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_in_path(&year)?;
    let t = st.store.ac_project(&staff.scope()?, id).await?;
    if t.0.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    let p = t.0.project();
    let form = ProjectForm {
        name: p.name.clone(),
        objectives: p.objectives.clone(),
        budget: p.budget.format(Digits::Arabic),
        unit_id: p.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        person: p.person.clone(),
        quarters: [1, 2, 3, 4].map(|q| p.quarters.contains(&q)),
        indicators: indicators_text(&p.indicators),
        risks: p.risk_ids.clone(),
        steps: cell_text(step_lines(&t).into_iter()),
    };
    edit_view(&st, &staff, fy, Some(id), form, Errors::default()).await
}

async fn save(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    id: Option<i64>,
    f: ProjectForm,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let unit = match opt_id(&f.unit_id) {
        Some(u) => st.store.unit(&scope, u).await.ok().map(|u| u.name_th),
        None => None,
    };
    let r = match f.read(unit) {
        Ok(d) => {
            st.store
                .save_ac_project(&scope, &staff.actor(), fy, id, d)
                .await
        }
        Err(e) => Err(StoreError::Input(e)),
    };
    match r {
        Ok(_) => Ok(Redirect::to(&base(fy)).into_response()),
        Err(StoreError::Input(e)) => {
            edit_view(st, staff, fy, id, f, Errors::from_input(staff.ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let fy = year_in_path(&year)?;
    save(&st, &staff, fy, None, ProjectForm::from_map(&f)).await
}

async fn update(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let fy = year_in_path(&year)?;
    save(&st, &staff, fy, Some(id), ProjectForm::from_map(&f)).await
}

async fn delete(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_in_path(&year)?;
    let scope = staff.scope()?;
    let (r, _) = st.store.ac_project(&scope, id).await?;
    if r.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    match st.store.delete_ac_project(&scope, &staff.actor(), id).await {
        Ok(()) => Ok(Redirect::to(&base(fy)).into_response()),
        Err(StoreError::Input(e)) => signoff::refused_page(&staff, &e, &base(fy)),
        Err(e) => Err(e.into()),
    }
}

/// Submit the year's plan to the executive: the plan as it is now is what is signed.
async fn submit(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_in_path(&year)?;
    let scope = staff.scope()?;
    let back = base(fy);
    let plan = plan_of(&st, &scope, &agency_th(&staff), fy).await?;
    signoff::submit_content(&st, &staff, plan_key(fy), &plan, &back).await
}

/// The plan for staff: as submitted or signed when it is, else from today's projects.
async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_in_path(&year)?;
    let scope = staff.scope()?;
    let plan = match signoff::submitted::<PlanDoc>(&st, &scope, plan_key(fy)).await? {
        Some((mut p, signer, on)) => {
            (p.signer, p.signed_on) = (signer, on);
            p
        }
        None => plan_of(&st, &scope, &agency_th(&staff), fy).await?,
    };
    let pdf = crate::pages::blocking(move || plan.pdf(true)).await?;
    Ok(crate::view::file_response(
        pdf,
        "application/pdf",
        crate::view::Disposition::Inline,
        &format!("anticorruption-plan-{}.pdf", fy.be()),
        "no-store",
    ))
}

//! The yearly rollover in the back office: `/staff/rollover/{year}` previews what starting the
//! next fiscal year from `year` does (the plan of `domain::rollover`: standing evidence carried
//! to the item that replaces it, items whose content must be new and why, items produced by
//! Prongsai itself, merged/split/renamed items to review, items no longer assessed), and
//! applies it (coordinators: CSRF, `ManageAssessment`); then what Prongsai's own work publishes
//! is attached to the new year too. `/staff/rollover/{year}/checklist` is what the agency must
//! do before the assessment, with the responsible unit, the due date and each item's readiness
//! today; also as CSV. The earlier year is never changed.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::Framework;
use prongsai_domain::rollover::{self, Action, Plan, Task};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use serde::Deserialize;

use super::{framework_years, state_label, year_state};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::NoFields;
use crate::view::{fmt_date, Page};

/// The earlier year named in the URL (any number; refused later with a message when it has
/// no framework).
fn from_year(year: &str) -> Result<i32, AppError> {
    let fy: FiscalYear = prongsai_domain::calendar::to_ascii_digits(year.trim())
        .parse()
        .map_err(|_| AppError::NotFound)?;
    Ok(fy.be())
}

/// The plan of the agency's rollover from `from` to the next year, or why there is none.
async fn make_plan<'a>(
    st: &'a AppState,
    staff: &Staff,
    from: i32,
) -> Result<Result<(Plan, &'a Framework), InputError>, AppError> {
    let (earlier, later) = match rollover::frameworks(&st.frameworks, from, from + 1) {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let scope = staff.scope()?;
    let sources = st
        .store
        .rollover_sources(&scope, earlier.fiscal_year)
        .await?;
    // the checklist is due when the new year's assessment window opens, when one is set
    let window = st
        .store
        .assessment_window(&scope, later.fiscal_year)
        .await?
        .map(|w| (w.opens_on, w.closes_on));
    Ok(Ok((
        rollover::plan(earlier, later, &sources, window),
        later,
    )))
}

fn action_label(lang: Lang, a: Action) -> &'static str {
    match lang {
        Lang::Th => a.label_th(),
        Lang::En => a.label_en(),
    }
}

pub struct CarryRow {
    pub from_code: String,
    pub label: String,
    pub done: bool,
}

pub struct PlanRow {
    pub code: String,
    pub title: String,
    pub change: &'static str,
    pub change_label: String,
    pub from: String,
    pub action: &'static str,
    pub action_label: &'static str,
    pub why: String,
    pub review: Option<String>,
    pub carry: Vec<CarryRow>,
    pub unit: String,
}

#[derive(Template)]
#[template(path = "disclosure/rollover.html")]
struct RolloverPage {
    page: Page,
    from: i32,
    to: i32,
    years: Vec<i32>,
    refusal: Option<String>,
    rows: Vec<PlanRow>,
    removed: Vec<(String, String)>,
    later_complete: bool,
    carried: usize,
    carried_done: usize,
    produced: usize,
    must_be_new: usize,
    prepare: usize,
    reviews: usize,
    may_apply: bool,
}

async fn unit_names(st: &AppState, staff: &Staff) -> Result<BTreeMap<i64, String>, AppError> {
    let scope = staff.scope()?;
    Ok(st
        .store
        .list_units(&scope)
        .await?
        .iter()
        .map(|u| (u.id, crate::view::unit_name(u, staff.ctx.lang)))
        .collect())
}

/// `/staff/rollover`: from the year before the one most likely wanted.
pub async fn index(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    staff.scope()?;
    let y = super::default_year(&st).ok_or(AppError::NotFound)?;
    let from = if st
        .frameworks
        .get(y + 1)
        .is_some_and(|f| !f.items.is_empty())
    {
        y
    } else {
        y - 1
    };
    Ok(Redirect::to(&format!("/staff/rollover/{from}")).into_response())
}

/// `/staff/rollover/{year}`: the plan, with the apply button.
pub async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let from = from_year(&year)?;
    let lang = staff.ctx.lang;
    let mut page = Page::staff(&staff, "ro.title", "/staff/disclosures");
    page.title = format!("{} {} → {}", page.title, from, from + 1);
    let mut p = RolloverPage {
        page,
        from,
        to: from + 1,
        years: framework_years(&st),
        refusal: None,
        rows: Vec::new(),
        removed: Vec::new(),
        later_complete: true,
        carried: 0,
        carried_done: 0,
        produced: 0,
        must_be_new: 0,
        prepare: 0,
        reviews: 0,
        may_apply: staff.user.role().allows(Permission::ManageAssessment),
    };
    let (plan, later) = match make_plan(&st, &staff, from).await? {
        Ok(x) => x,
        Err(e) => {
            p.refusal = Some(e.message(lang).to_owned());
            p.may_apply = false;
            return crate::view::render_form(&p, true);
        }
    };
    let scope = staff.scope()?;
    // what the later year already has from an earlier rollover
    let have = st.store.disclosures(&scope, later.fiscal_year).await?;
    let done_keys: std::collections::BTreeSet<String> = have
        .values()
        .flat_map(|d| d.evidence.iter().chain(d.earlier.iter()))
        .filter_map(|e| e.evidence.auto_key.clone())
        .collect();
    let units = unit_names(&st, &staff).await?;
    for it in &plan.items {
        let (change, key) = crate::pages::frameworks::kind_key(it.change);
        let carry: Vec<CarryRow> = it
            .carry
            .iter()
            .map(|c| CarryRow {
                from_code: c.from_code.clone(),
                label: c.label.clone(),
                done: done_keys.contains(&prongsai_store::rollover::carry_key(from, c.evidence_id)),
            })
            .collect();
        p.carried_done += carry.iter().filter(|c| c.done).count();
        p.rows.push(PlanRow {
            code: it.code.clone(),
            title: it.title_th.clone(),
            change,
            change_label: staff.ctx.t(key).to_owned(),
            from: it
                .from
                .iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            action: it.action.code(),
            action_label: action_label(lang, it.action),
            why: it.why.get(lang).to_owned(),
            review: it.review.as_ref().map(|r| r.get(lang).to_owned()),
            carry,
            unit: it
                .unit_id
                .and_then(|u| units.get(&u).cloned())
                .unwrap_or_default(),
        });
    }
    p.carried = plan.carried();
    p.produced = plan.count(Action::Produced);
    p.must_be_new = plan.count(Action::MustBeNew);
    p.prepare = plan.count(Action::Prepare);
    p.reviews = plan.reviews();
    p.removed = plan.removed.clone();
    p.later_complete = plan.later_complete;
    crate::view::render(&p)
}

/// Apply the plan: carry, set units, attach what Prongsai's work publishes; then the checklist.
pub async fn apply(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let from = from_year(&year)?;
    let (plan, later) = match make_plan(&st, &staff, from).await? {
        Ok(x) => x,
        // the preview shows why
        Err(_) => return preview(State(st.clone()), staff, Path(year)).await,
    };
    let scope = staff.scope()?;
    let applied = st
        .store
        .apply_rollover(&scope, &staff.actor(), &plan)
        .await?;
    if let Some(a) = staff.agency.as_ref() {
        // what the agency's own work produces attaches itself to the new year's items
        if let Err(e) = super::auto::attach_everything(
            &st,
            &scope,
            &staff.actor(),
            &a.slug,
            later.fiscal_year,
            crate::view::today(),
        )
        .await
        {
            tracing::error!(error = %e, year = later.fiscal_year.be(), "attaching produced evidence after a rollover failed");
        }
    }
    Ok(Redirect::to(&format!(
        "/staff/rollover/{from}/checklist?carried={}&already={}",
        applied.carried, applied.already
    ))
    .into_response())
}

pub struct TaskRow {
    pub code: String,
    pub title: String,
    pub action: &'static str,
    pub action_label: &'static str,
    pub todo: String,
    pub review: Option<String>,
    pub unit: String,
    pub due: String,
    pub state: &'static str,
    pub state_label: &'static str,
}

#[derive(Template)]
#[template(path = "disclosure/rollover_checklist.html")]
struct ChecklistPage {
    page: Page,
    from: i32,
    to: i32,
    rows: Vec<TaskRow>,
    /// (carried, already) after an apply
    applied: Option<(usize, usize)>,
    window: bool,
    done: usize,
}

#[derive(Deserialize, Default)]
pub struct AppliedQuery {
    #[serde(default)]
    carried: Option<usize>,
    #[serde(default)]
    already: Option<usize>,
}

/// The checklist rows in the visitor's language, with the later year's readiness today.
async fn task_rows(
    st: &AppState,
    staff: &Staff,
    plan: &Plan,
    later: &Framework,
) -> Result<(Vec<Task>, Vec<TaskRow>), AppError> {
    let lang = staff.ctx.lang;
    let scope = staff.scope()?;
    let ys = year_state(st, &scope, later).await?;
    let units = unit_names(st, staff).await?;
    let tasks = rollover::checklist(plan);
    let rows = tasks
        .iter()
        .map(|t| {
            // the unit the later year names now wins over the plan's
            let unit = ys
                .items
                .get(&t.code)
                .and_then(|d| d.disclosure.as_ref())
                .and_then(|d| d.unit_id)
                .or(t.unit_id);
            let r = later
                .items
                .iter()
                .position(|i| i.code == t.code)
                .and_then(|i| ys.readiness.get(i));
            let (state, state_label) = r.map(|r| state_label(lang, r.state)).unwrap_or(("", ""));
            TaskRow {
                code: t.code.clone(),
                title: t.title_th.clone(),
                action: t.action.code(),
                action_label: action_label(lang, t.action),
                todo: t.todo.get(lang).to_owned(),
                review: t.review.as_ref().map(|x| x.get(lang).to_owned()),
                unit: unit
                    .and_then(|u| units.get(&u).cloned())
                    .unwrap_or_default(),
                due: fmt_date(lang, t.due),
                state,
                state_label,
            }
        })
        .collect();
    Ok((tasks, rows))
}

/// `/staff/rollover/{year}/checklist`.
pub async fn checklist(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<AppliedQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let from = from_year(&year)?;
    let (plan, later) = match make_plan(&st, &staff, from).await? {
        Ok(x) => x,
        Err(_) => return Ok(Redirect::to(&format!("/staff/rollover/{from}")).into_response()),
    };
    let (tasks, rows) = task_rows(&st, &staff, &plan, later).await?;
    let mut page = Page::staff(&staff, "ro.checklist", "/staff/disclosures");
    page.title = format!("{} {}", page.title, later.fiscal_year.be());
    crate::view::render(&ChecklistPage {
        page,
        from,
        to: from + 1,
        done: rows.iter().filter(|r| r.state == "complete").count(),
        rows,
        applied: q.carried.map(|c| (c, q.already.unwrap_or(0))),
        window: tasks
            .iter()
            .any(|t| t.due_source == rollover::DueSource::Window),
    })
}

/// `/staff/rollover/{year}/checklist.csv`: the checklist in Thai, for a spreadsheet.
pub async fn checklist_csv(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let from = from_year(&year)?;
    let (plan, later) = match make_plan(&st, &staff, from).await? {
        Ok(x) => x,
        Err(_) => return Err(AppError::NotFound),
    };
    let (_, rows) = task_rows(&st, &staff, &plan, later).await?;
    let header = [
        staff.ctx.t("dc.item"),
        staff.ctx.t("dc.title_col"),
        staff.ctx.t("ro.action"),
        staff.ctx.t("ro.todo"),
        staff.ctx.t("ro.review"),
        staff.ctx.t("dc.unit"),
        staff.ctx.t("ro.due"),
        staff.ctx.t("dc.state"),
    ];
    let csv = prongsai_docs::csv::to_csv(
        &header,
        rows.iter().map(|r| {
            [
                r.code.clone(),
                r.title.clone(),
                r.action_label.to_owned(),
                r.todo.clone(),
                r.review.clone().unwrap_or_default(),
                r.unit.clone(),
                r.due.clone(),
                r.state_label.to_owned(),
            ]
        }),
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(crate::view::file_response(
        csv.into_bytes(),
        "text/csv; charset=utf-8",
        crate::view::Disposition::Attachment,
        &format!("rollover-checklist-{}.csv", later.fiscal_year.be()),
        "no-store",
    ))
}

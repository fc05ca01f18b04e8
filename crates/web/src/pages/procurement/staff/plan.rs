//! The annual procurement plan: its revisions (revision, approval day, number of projects,
//! total), the latest one edited as rows (project, budget, source of funds, method, expected
//! month among the twelve of the fiscal year) with more rows and removal, a new revision
//! started as a copy of the latest. Earlier revisions are shown read-only; the store refuses to
//! change them, and the page says so when someone tries.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::procurement::{Method, Money, PlanItem, MAX_NAME_CHARS, MAX_PROJECT_CHARS};
use prongsai_domain::{InputError, Lang};
use prongsai_store::procurement::{PlanHeader, PlanRevision, MAX_PLAN_ITEMS};
use prongsai_store::StoreError;
use serde::Deserialize;

use super::{
    baht, may_write, method_choices, month_choices, month_label, page, parse_id, parse_year,
    read_day, reader, total, writer, year_links, Choice, YearLink,
};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::participation::errors_of;
use crate::view::{fmt_date, render_form, Errors, Page};

/// Empty rows under the plan's projects.
const BLANK_ROWS: usize = 3;
/// Empty rows the "more rows" button adds.
const MORE_ROWS: usize = 5;
/// The form's text fields are cut here before anything else (the limits are far lower).
const MAX_FIELD_CHARS: usize = 5_000;

/// A project of the plan as typed, with what was refused in it.
#[derive(Debug, Default, Clone)]
pub struct PlanRow {
    pub project: String,
    pub budget: String,
    pub source: String,
    pub method: String,
    /// `2024-03`
    pub month: String,
    pub errors: Vec<String>,
}

impl PlanRow {
    fn is_blank(&self) -> bool {
        self.project.trim().is_empty()
            && self.budget.trim().is_empty()
            && self.source.trim().is_empty()
    }

    fn of(item: &PlanItem) -> Self {
        PlanRow {
            project: item.project.clone(),
            budget: baht(item.budget),
            source: item.source_of_funds.clone(),
            method: item.method.code().to_string(),
            month: item.expected_month.to_string(),
            errors: Vec::new(),
        }
    }

    /// The item typed, or every problem with it.
    fn parse(&self, year: FiscalYear) -> Result<PlanItem, Vec<InputError>> {
        let mut errors = Vec::new();
        let budget = Money::parse("budget", &self.budget).unwrap_or_else(|e| {
            errors.push(e);
            Money::ZERO
        });
        let method = Method::parse(self.method.trim()).unwrap_or_else(|| {
            errors.push(InputError::new(
                "method",
                "กรุณาเลือกวิธีการจัดหา",
                "Choose the method",
            ));
            Method::Specific
        });
        let months = year.months();
        let month = months
            .iter()
            .copied()
            .find(|m| m.to_string() == self.month.trim())
            .unwrap_or_else(|| {
                errors.push(InputError::new(
                    "expected_month",
                    "กรุณาเลือกเดือนที่คาดว่าจะเริ่มจัดหา",
                    "Choose the expected month",
                ));
                months[0]
            });
        let item = PlanItem {
            project: self.project.clone(),
            budget,
            source_of_funds: self.source.clone(),
            method,
            expected_month: month,
        };
        match item.check(year) {
            Ok(clean) if errors.is_empty() => Ok(clean),
            Ok(_) => Err(errors),
            Err(found) => {
                let unread: BTreeSet<&str> = errors.iter().map(|e| e.field).collect();
                let more: Vec<_> = found
                    .into_iter()
                    .filter(|e| !unread.contains(e.field))
                    .collect();
                errors.extend(more);
                Err(errors)
            }
        }
    }
}

fn get(map: &HashMap<String, String>, key: &str) -> String {
    map.get(key)
        .map(|v| v.chars().take(MAX_FIELD_CHARS).collect())
        .unwrap_or_default()
}

/// The rows of a posted plan, in order, without the blank ones and those marked for removal;
/// also how many rows the form showed.
fn rows_of(map: &HashMap<String, String>) -> (Vec<PlanRow>, usize) {
    let indexes: BTreeSet<usize> = map
        .keys()
        .filter_map(|k| k.strip_prefix("item_"))
        .filter_map(|k| k.split_once('_'))
        .filter_map(|(n, _)| n.parse().ok())
        .filter(|n| *n < 100_000)
        .collect();
    let shown = indexes.len();
    let rows = indexes
        .into_iter()
        .filter(|i| get(map, &format!("item_{i}_remove")).is_empty())
        .map(|i| PlanRow {
            project: get(map, &format!("item_{i}_project")),
            budget: get(map, &format!("item_{i}_budget")),
            source: get(map, &format!("item_{i}_source")),
            method: get(map, &format!("item_{i}_method")),
            month: get(map, &format!("item_{i}_month")),
            errors: Vec::new(),
        })
        .filter(|r| !r.is_blank())
        .take(MAX_PLAN_ITEMS + 1)
        .collect();
    (rows, shown)
}

// ----- the page -------------------------------------------------------------------------------

/// A project of a revision, read-only.
pub struct ItemView {
    pub seq: usize,
    pub project: String,
    pub budget: String,
    pub source: String,
    pub method: String,
    pub month: String,
}

/// A revision of the plan.
pub struct RevisionView {
    pub id: i64,
    pub label: String,
    pub approved_on: String,
    pub count: usize,
    pub total: String,
    pub note: String,
    pub latest: bool,
    pub items: Vec<ItemView>,
}

/// A row of the form with its choices.
pub struct RowView {
    pub row: PlanRow,
    pub methods: Vec<Choice>,
    pub months: Vec<Choice>,
}

/// `ฉบับแรก`, `ปรับปรุงครั้งที่ 2` / `Original`, `Revision 2`.
fn revision_label(lang: Lang, revision: u32) -> String {
    match (lang, revision) {
        (_, 0 | 1) => prongsai_domain::i18n::tr(lang, "pstaff.rev_first").to_string(),
        (_, n) => format!(
            "{} {}",
            prongsai_domain::i18n::tr(lang, "pstaff.rev_n"),
            n - 1
        ),
    }
}

fn revision_view(lang: Lang, p: &PlanRevision, latest: bool) -> RevisionView {
    RevisionView {
        id: p.id,
        label: revision_label(lang, p.revision),
        approved_on: p
            .approved_on
            .map(|d| fmt_date(lang, d))
            .unwrap_or_else(|| "-".into()),
        count: p.items.len(),
        total: total(p.total_budget()),
        note: p.note.clone(),
        latest,
        items: p
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| ItemView {
                seq: i + 1,
                project: it.project.clone(),
                budget: baht(it.budget),
                source: it.source_of_funds.clone(),
                method: it.method.label(lang).to_string(),
                month: month_label(lang, it.expected_month),
            })
            .collect(),
    }
}

/// The latest revision's form as typed.
pub struct EditForm {
    plan_id: i64,
    approved_on: String,
    note: String,
    rows: Vec<PlanRow>,
    blank: usize,
    errors: Vec<InputError>,
}

/// The new revision's form as typed.
#[derive(Default)]
pub struct RevisionForm {
    approved_on: String,
    note: String,
    errors: Vec<InputError>,
}

#[derive(Template)]
#[template(path = "procurement/staff_plan.html")]
struct PlanPage {
    page: Page,
    year: i32,
    /// The published plan (PDF).
    plan_file: Option<String>,
    years: Vec<YearLink>,
    revisions: Vec<RevisionView>,
    may_write: bool,
    /// The revision being edited (the latest), when the staff member may write.
    plan_id: Option<i64>,
    approved_on: String,
    note: String,
    rows: Vec<RowView>,
    errors: Errors,
    /// Each refused row as one line, for the summary above the form.
    row_errors: Vec<String>,
    rev_approved_on: String,
    rev_note: String,
    rev_errors: Errors,
    min_day: String,
    max_day: String,
    max_project: usize,
    max_name: usize,
}

async fn plan_view(
    st: &AppState,
    staff: &Staff,
    year: FiscalYear,
    edit: Option<EditForm>,
    rev: RevisionForm,
    saved: bool,
) -> Result<Response, AppError> {
    let scope = reader(staff)?;
    let lang = staff.ctx.lang;
    let revisions = st.store.plan_revisions(&scope, year).await?;
    let writing = may_write(staff);
    let edit = match (edit, revisions.last()) {
        (Some(e), _) => Some(e),
        (None, Some(latest)) if writing => Some(EditForm {
            plan_id: latest.id,
            approved_on: latest
                .approved_on
                .map(|d| fmt_date(lang, d))
                .unwrap_or_default(),
            note: latest.note.clone(),
            blank: if latest.items.is_empty() {
                MORE_ROWS
            } else {
                BLANK_ROWS
            },
            rows: latest.items.iter().map(PlanRow::of).collect(),
            errors: Vec::new(),
        }),
        _ => None,
    };
    let refused = edit
        .as_ref()
        .is_some_and(|e| !e.errors.is_empty() || e.rows.iter().any(|r| !r.errors.is_empty()))
        || !rev.errors.is_empty();
    let latest_id = revisions.last().map(|p| p.id);
    let views = revisions
        .iter()
        .map(|p| revision_view(lang, p, Some(p.id) == latest_id))
        .collect();
    let (plan_id, approved_on, note, rows, errors, row_errors) = match edit {
        Some(e) => {
            let row_errors = e
                .rows
                .iter()
                .enumerate()
                .flat_map(|(i, r)| {
                    r.errors.iter().map(move |m| match lang {
                        Lang::Th => format!("รายการที่ {}: {m}", i + 1),
                        Lang::En => format!("Item {}: {m}", i + 1),
                    })
                })
                .collect();
            let mut rows: Vec<PlanRow> = e.rows;
            rows.extend(std::iter::repeat_n(
                PlanRow {
                    method: Method::Specific.code().to_string(),
                    ..Default::default()
                },
                e.blank,
            ));
            let rows = rows
                .into_iter()
                .map(|r| RowView {
                    methods: method_choices(lang, r.method.trim()),
                    months: month_choices(lang, year, r.month.trim()),
                    row: r,
                })
                .collect();
            (
                Some(e.plan_id),
                e.approved_on,
                e.note,
                rows,
                errors_of(lang, &e.errors),
                row_errors,
            )
        }
        None => (
            None,
            String::new(),
            String::new(),
            Vec::new(),
            Errors::default(),
            Vec::new(),
        ),
    };
    render_form(
        &PlanPage {
            page: page(staff, "pstaff.plan_title", year)
                .with_flash(saved.then_some("pstaff.saved")),
            year: year.be(),
            plan_file: Some(staff.agency_slug())
                .filter(|s| !s.is_empty())
                .map(|s| crate::pages::procurement::public::plan_href(&s, year, "pdf")),
            years: year_links(st, &scope, year, "/plan").await?,
            revisions: views,
            may_write: writing,
            plan_id,
            approved_on,
            note,
            rows,
            errors,
            row_errors,
            rev_approved_on: rev.approved_on,
            rev_note: rev.note,
            rev_errors: errors_of(lang, &rev.errors),
            min_day: year
                .prev()
                .map_or(year.start(), FiscalYear::start)
                .to_string(),
            max_day: year.end().to_string(),
            max_project: MAX_PROJECT_CHARS,
            max_name: MAX_NAME_CHARS,
        },
        refused,
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/procurement/{year}/plan`
pub async fn plan_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    reader(&staff)?;
    let year = parse_year(&year)?;
    plan_view(
        &st,
        &staff,
        year,
        None,
        RevisionForm::default(),
        q.saved.is_some(),
    )
    .await
}

fn back(year: FiscalYear) -> Response {
    Redirect::to(&format!("/staff/procurement/{}/plan?saved=1", year.be())).into_response()
}

/// `POST /staff/procurement/{year}/plan`: the latest revision's header and projects (or, with
/// `action=more`, the same form with more empty rows).
pub async fn save(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let lang = staff.ctx.lang;
    let plan = st
        .store
        .plan_revision(&scope, parse_id(&get(&map, "plan_id"))?)
        .await?;
    if plan.fiscal_year != year {
        return Err(AppError::NotFound);
    }
    let (mut rows, shown) = rows_of(&map);
    let (approved_text, approved) = read_day(
        lang,
        "approved_on",
        &get(&map, "approved_on"),
        &get(&map, "approved_on_pick"),
    );
    let note = get(&map, "note");
    if get(&map, "action") == "more" {
        let blank = shown.saturating_sub(rows.len()) + MORE_ROWS;
        let edit = EditForm {
            plan_id: plan.id,
            approved_on: approved_text,
            note,
            blank: blank.min(MAX_PLAN_ITEMS),
            rows,
            errors: Vec::new(),
        };
        return plan_view(
            &st,
            &staff,
            year,
            Some(edit),
            RevisionForm::default(),
            false,
        )
        .await;
    }
    let mut errors = Vec::new();
    let approved = approved.unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let mut items = Vec::with_capacity(rows.len());
    for r in rows.iter_mut() {
        match r.parse(year) {
            Ok(item) => items.push(item),
            Err(found) => r.errors = found.iter().map(|e| e.message(lang).to_string()).collect(),
        }
    }
    let mut edit = EditForm {
        plan_id: plan.id,
        approved_on: approved_text,
        note: note.clone(),
        blank: BLANK_ROWS,
        rows,
        errors,
    };
    if !edit.errors.is_empty() || items.len() != edit.rows.len() {
        return plan_view(
            &st,
            &staff,
            year,
            Some(edit),
            RevisionForm::default(),
            false,
        )
        .await;
    }
    let header = PlanHeader {
        approved_on: approved,
        note,
    };
    match st
        .store
        .update_plan_revision(&scope, &staff.actor(), plan.id, &header, &items)
        .await
    {
        Ok(_) => {
            super::published(&st, &staff).await;
            Ok(back(year))
        }
        Err(StoreError::Input(e)) => {
            edit.errors.push(e);
            plan_view(
                &st,
                &staff,
                year,
                Some(edit),
                RevisionForm::default(),
                false,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/procurement/{year}/plan/new-revision`: the next revision, a copy of the latest
/// (the first one when there is none).
pub async fn new_revision(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let lang = staff.ctx.lang;
    let (approved_text, approved) = read_day(
        lang,
        "approved_on",
        &get(&map, "rev_approved_on"),
        &get(&map, "rev_approved_on_pick"),
    );
    let note = get(&map, "rev_note");
    let mut rev = RevisionForm {
        approved_on: approved_text,
        note: note.clone(),
        errors: Vec::new(),
    };
    let approved = match approved {
        Ok(d) => d,
        Err(e) => {
            rev.errors.push(e);
            return plan_view(&st, &staff, year, None, rev, false).await;
        }
    };
    let header = PlanHeader {
        approved_on: approved,
        note,
    };
    match st
        .store
        .create_plan_revision(&scope, &staff.actor(), year, &header)
        .await
    {
        Ok(_) => {
            super::published(&st, &staff).await;
            Ok(back(year))
        }
        Err(StoreError::Input(e)) => {
            rev.errors.push(e);
            plan_view(&st, &staff, year, None, rev, false).await
        }
        Err(e) => Err(e.into()),
    }
}

//! Measures of a year: the table as imported or written, with each deadline placed against
//! today, and the measures document (O42) in PDF, DOCX, CSV and XLSX; report rounds (O43) in
//! `rounds`.

pub mod edit;
pub mod import;
pub mod monitor;
pub mod public;
pub mod rounds;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_docs::reports::o43::MeasuresReport;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{may_edit_line, Standing, StepStatus, Tally};
use prongsai_domain::tenancy::Permission;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::Staff;
use crate::error::AppError;
use crate::view::{fmt_date, today, Page};

fn year_of(s: &str) -> Result<FiscalYear, AppError> {
    s.parse().map_err(|_| AppError::NotFound)
}

/// `/staff/measures`: the newest year that has measures (or the current one).
pub async fn index(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let years = st.store.measure_years(&staff.scope()?).await?;
    let y = years
        .first()
        .copied()
        .unwrap_or_else(|| FiscalYear::containing(today()).be());
    Ok(Redirect::to(&format!("/staff/measures/{y}")).into_response())
}

/// A line as shown, with its deadline placed against today.
pub struct LineView {
    pub id: i64,
    pub text: String,
    pub due: String,
    /// late | month | later | done | "" (no deadline, or a column without deadlines)
    pub state: &'static str,
    pub state_label: String,
    /// Steps and schedule lines carry a status.
    pub tracked: bool,
    pub status: String,
    pub status_label: String,
    pub note: String,
    pub owner: String,
    pub owner_id: Option<i64>,
    pub editable: bool,
}

/// A measure as a row of the year's table.
pub struct RowView {
    pub id: i64,
    /// The framework elements it answers ("O42 O43").
    pub codes: String,
    pub cells: [Vec<LineView>; 4],
}

/// A status option of the select box.
pub struct StatusOption {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "measures/year.html")]
struct YearPage {
    page: Page,
    be: i32,
    years: Vec<i32>,
    title: Vec<String>,
    intro: Vec<String>,
    rows: Vec<RowView>,
    headers: [&'static str; 4],
    tally: Tally,
    statuses: Vec<StatusOption>,
    units: Vec<prongsai_store::tenancy::Unit>,
    can_assign: bool,
    rounds: Vec<rounds::RoundView>,
    periods: Vec<StatusOption>,
    errors: crate::view::Errors,
}

const COLUMN_KINDS: [&str; 4] = ["issue", "responsible", "step", "schedule"];

/// `s` cut to `n` characters, with "…" when it was longer.
pub(crate) fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// The CSS class and catalogue key of where a line stands ("" for none).
pub(crate) fn standing_class(s: Standing) -> (&'static str, &'static str) {
    match s {
        Standing::Done => ("done", "ms.done"),
        Standing::Late => ("late", "ms.late"),
        Standing::DueSoon => ("soon", "ms.soon"),
        Standing::ThisMonth => ("month", "ms.this_month"),
        Standing::Later => ("later", "ms.later"),
        Standing::Cancelled | Standing::NoDate => ("", ""),
    }
}

async fn year_view(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    errors: crate::view::Errors,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let doc = st
        .store
        .measures_document(&scope, fy)
        .await?
        .unwrap_or_default();
    let measures = st.measures.get(&st.store, &scope, fy).await?;
    let units = st.store.list_units(&scope).await?;
    let role = staff.user.role();
    let now = today();
    let mut tally = Tally::default();
    let mut rows = Vec::new();
    for (m, lines) in measures.iter() {
        let mut cells: [Vec<LineView>; 4] = Default::default();
        for l in lines {
            // the progress column belongs to the report rounds (their own pages)
            let Some(col) = COLUMN_KINDS.iter().position(|k| *k == l.column_kind) else {
                continue;
            };
            let tracked = col == 2 || col == 3;
            let status = StepStatus::parse(&l.status).unwrap_or(StepStatus::NotStarted);
            let due = l.due_end.filter(|_| tracked);
            let standing = if tracked {
                Some(tally.add(status, due, now))
            } else {
                None
            };
            let (state, key) = standing.map(standing_class).unwrap_or(("", ""));
            let text = l.display();
            cells[col].push(LineView {
                id: l.id,
                text,
                due: due.map(|d| fmt_date(lang, d)).unwrap_or_default(),
                state,
                state_label: if key.is_empty() {
                    String::new()
                } else {
                    staff.ctx.t(key).to_string()
                },
                tracked,
                status: status.code().to_string(),
                status_label: match lang {
                    prongsai_domain::Lang::Th => status.label_th(),
                    prongsai_domain::Lang::En => status.label_en(),
                }
                .to_string(),
                note: l.status_note.clone().unwrap_or_default(),
                owner: l
                    .owner_unit_id
                    .and_then(|id| units.iter().find(|u| u.id == id))
                    .map(|u| u.name_th.clone())
                    .unwrap_or_default(),
                owner_id: l.owner_unit_id,
                editable: tracked && may_edit_line(role, staff.user.unit_id, l.owner_unit_id),
            });
        }
        rows.push(RowView {
            id: m.id,
            codes: m.codes.clone(),
            cells,
        });
    }
    let mut page = Page::staff(staff, "nav.measures", "/staff/measures");
    page.title = format!("{} {}", page.title, fy.be());
    crate::view::render_form(
        &YearPage {
            page,
            be: fy.be(),
            years: st.store.measure_years(&scope).await?,
            title: doc.title,
            intro: doc.intro,
            rows,
            headers: {
                let h = prongsai_domain::measures::COLUMNS_TH;
                [h[0], h[1], h[2], h[3]]
            },
            tally,
            statuses: StepStatus::ALL
                .iter()
                .map(|s| StatusOption {
                    code: s.code(),
                    label: match lang {
                        prongsai_domain::Lang::Th => s.label_th(),
                        prongsai_domain::Lang::En => s.label_en(),
                    },
                })
                .collect(),
            units,
            can_assign: role.allows(Permission::ManageAssessment),
            rounds: {
                let users = st.store.list_users(&scope).await?;
                st.store
                    .report_rounds(&scope, fy)
                    .await?
                    .iter()
                    .map(|r| rounds::round_view(lang, r, &users))
                    .collect()
            },
            periods: prongsai_domain::measures::RoundPeriod::ALL
                .iter()
                .map(|p| StatusOption {
                    code: p.code(),
                    label: match lang {
                        prongsai_domain::Lang::Th => p.label_th(),
                        prongsai_domain::Lang::En => p.label_en(),
                    },
                })
                .collect(),
            errors: errors.clone(),
        },
        !errors.is_empty(),
    )
}

pub async fn year_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    year_view(&st, &staff, year_of(&year)?, crate::view::Errors::default()).await
}

#[derive(Deserialize)]
pub struct LineForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    owner_unit_id: Option<String>,
}

/// Update a step's status (and, for coordinators, its owner unit).
pub async fn line_update(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    crate::ctx::CsrfForm(f): crate::ctx::CsrfForm<LineForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_of(&year)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let status = StepStatus::parse(&f.status).ok_or(AppError::BadRequest)?;
    let note = match super::opt_text("note", &f.note, 2000) {
        Ok(n) => n,
        Err(e) => {
            return year_view(&st, &staff, fy, crate::view::Errors::from_input(lang, &e)).await
        }
    };
    let role = staff.user.role();
    let owner_unit_id = match f.owner_unit_id {
        Some(v) if role.allows(Permission::ManageAssessment) => Some(super::opt_id(&v)),
        _ => None,
    };
    let user_unit = staff.user.unit_id;
    let r = st
        .store
        .update_line(
            &scope,
            &staff.actor(),
            id,
            prongsai_store::measures::LineUpdate {
                status,
                note,
                done_on: (status == StepStatus::Done).then(today),
                owner_unit_id,
            },
            |owner| may_edit_line(role, user_unit, owner),
        )
        .await;
    match r {
        Ok(_) => {
            Ok(Redirect::to(&format!("/staff/measures/{}#line-{id}", fy.be())).into_response())
        }
        Err(prongsai_store::StoreError::Input(e)) => {
            year_view(&st, &staff, fy, crate::view::Errors::from_input(lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct DigitsQuery {
    #[serde(default)]
    pub(crate) digits: Option<String>,
}

/// `/staff/measures/{year}/report.{pdf|docx|csv|xlsx}`: the measures document (O42).
pub async fn report(
    st: &AppState,
    staff: &Staff,
    year: &str,
    q: &DigitsQuery,
    format: &'static str,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_of(year)?;
    let doc = st
        .store
        .measures_document(&staff.scope()?, fy)
        .await?
        .ok_or(AppError::NotFound)?;
    send_report(doc, false, q, format, &format!("o42-{}", fy.be())).await
}

/// Render a measures table (with the progress column for a round's report) as a download.
pub(crate) async fn send_report(
    doc: prongsai_domain::measures::MeasuresDocument,
    progress: bool,
    q: &DigitsQuery,
    format: &'static str,
    name: &str,
) -> Result<Response, AppError> {
    let thai_digits = q.digits.as_deref() != Some("arabic");
    let (bytes, mime) = tokio::task::spawn_blocking(move || {
        let r = MeasuresReport {
            doc: &doc,
            thai_digits,
            progress,
        };
        let e = |e: String| AppError::Internal(e);
        Ok::<_, AppError>(match format {
            "pdf" => (r.pdf().map_err(|x| e(x.to_string()))?, "application/pdf"),
            "docx" => (
                r.docx().map_err(|x| e(x.to_string()))?,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            "csv" => (
                r.csv().map_err(|x| e(x.to_string()))?.into_bytes(),
                "text/csv; charset=utf-8",
            ),
            _ => (
                r.xlsx().map_err(|x| e(x.to_string()))?,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        })
    })
    .await
    .map_err(|e| AppError::Internal(format!("join: {e}")))??;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.{format}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

macro_rules! report_handler {
    ($name:ident, $fmt:literal) => {
        pub async fn $name(
            State(st): State<AppState>,
            staff: Staff,
            Path(year): Path<String>,
            Query(q): Query<DigitsQuery>,
        ) -> Result<Response, AppError> {
            report(&st, &staff, &year, &q, $fmt).await
        }
    };
}

report_handler!(report_pdf, "pdf");
report_handler!(report_docx, "docx");
report_handler!(report_csv, "csv");
report_handler!(report_xlsx, "xlsx");

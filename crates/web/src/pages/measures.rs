//! Measures of a year: the table as imported or written, with each deadline placed against
//! today, and the O42/O43 document in PDF, DOCX, CSV and XLSX.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_docs::reports::o43::MeasuresReport;
use prongsai_domain::calendar::{FiscalYear, YearMonth};
use prongsai_domain::measures::Line;
use prongsai_domain::tenancy::Permission;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::Staff;
use crate::error::AppError;
use crate::view::{fmt_date, render, today, Page};

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
    pub text: String,
    pub due: String,
    /// past | month | later | "" (no deadline)
    pub state: &'static str,
    pub state_label: String,
}

#[derive(Template)]
#[template(path = "measures/year.html")]
struct YearPage {
    page: Page,
    be: i32,
    years: Vec<i32>,
    title: Vec<String>,
    intro: Vec<String>,
    rows: Vec<[Vec<LineView>; 5]>,
    headers: [&'static str; 5],
    past: usize,
    this_month: usize,
}

pub async fn year_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let fy = year_of(&year)?;
    let lang = staff.ctx.lang;
    let doc = st
        .store
        .measures_document(&scope, fy)
        .await?
        .unwrap_or_default();
    let now = today();
    let month = YearMonth::containing(now);
    let (mut past, mut this_month) = (0, 0);
    // Deadlines belong to the steps and the reporting schedule; dates in the other columns
    // (e.g. when something was done) are shown as written, without a state.
    let mut view = |column: usize, l: &Line| -> LineView {
        let due = l.due.as_ref().filter(|_| column == 2 || column == 3);
        let (due, state, key) = match due {
            Some(d) if d.end < now => (fmt_date(lang, d.end), "past", "ms.past"),
            Some(d) if month.contains(d.end) => (fmt_date(lang, d.end), "month", "ms.this_month"),
            Some(d) => (fmt_date(lang, d.end), "later", "ms.later"),
            None => (String::new(), "", ""),
        };
        match state {
            "past" => past += 1,
            "month" => this_month += 1,
            _ => {}
        }
        LineView {
            text: l.display(),
            due,
            state,
            state_label: if key.is_empty() {
                String::new()
            } else {
                staff.ctx.t(key).to_string()
            },
        }
    };
    let rows = doc
        .rows
        .iter()
        .map(|r| {
            let cells = r.cells();
            std::array::from_fn(|col| cells[col].iter().map(|l| view(col, l)).collect())
        })
        .collect();
    let mut page = Page::staff(&staff, "nav.measures", "/staff/measures");
    page.title = format!("{} {}", page.title, fy.be());
    render(&YearPage {
        page,
        be: fy.be(),
        years: st.store.measure_years(&scope).await?,
        title: doc.title,
        intro: doc.intro,
        rows,
        headers: prongsai_domain::measures::COLUMNS_TH,
        past,
        this_month,
    })
}

#[derive(Deserialize, Default)]
pub struct DigitsQuery {
    #[serde(default)]
    digits: Option<String>,
}

/// `/staff/measures/{year}/report.{pdf|docx|csv|xlsx}`: the table as an official document.
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
    let thai_digits = q.digits.as_deref() != Some("arabic");
    let (bytes, mime) = tokio::task::spawn_blocking(move || {
        let r = MeasuresReport {
            doc: &doc,
            thai_digits,
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
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"measures-{}.{format}\"",
        fy.be()
    )) {
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

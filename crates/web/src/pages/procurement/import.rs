//! Importing existing procurement records from a CSV or XLSX file, in two steps: the upload is
//! read row by row and kept as a draft (`store::drafts`) shown at its own address as a
//! preview — every row as it will be stored, the errors of each row in Thai (or English),
//! the warnings, the totals — and only "import" stores it, all rows or none.
//!
//! * `GET  /staff/procurement/import` — the form (fiscal year, file); `?year=` preselects.
//! * `POST /staff/procurement/import` — read the file, keep the draft, go to its preview.
//! * `GET  /staff/procurement/import/{id}` — the preview of a draft.
//! * `POST /staff/procurement/import/{id}/apply` — import (refused while a row has an error;
//!   warnings need the "accept warnings" box).
//! * `POST /staff/procurement/import/{id}/cancel` — drop the draft.
//! * `GET  /staff/procurement/import/template.csv` — an empty file of the columns layout.
//!
//! Everything needs `Permission::ManageProcurement`; the scope is the user's agency, and a
//! draft is the user's own.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use prongsai_docs::import::procurement::{parse_procurements, template_csv, ProcurementFile};
use prongsai_docs::import::Format;
use prongsai_domain::calendar::Digits;
use prongsai_domain::calendar::{to_ascii_digits, FiscalYear};
use prongsai_domain::procurement::{format_satang, Money, Record, Warning};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::procurement::import::{ImportError, ImportRecord};
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::ctx::{constant_time_eq, CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::NoFields;
use crate::view::{file_response, fmt_date, today, Disposition, Page};

/// The kind of the drafts of this import.
const KIND: &str = "procurement";

/// The routes (full paths: merged without the `/staff` nest, with the upload body limit).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/procurement/import", get(form).post(upload))
        .route("/staff/procurement/import/template.csv", get(template))
        .route("/staff/procurement/import/{id}", get(preview))
        .route("/staff/procurement/import/{id}/apply", post(apply))
        .route("/staff/procurement/import/{id}/cancel", post(cancel))
}

// ---------------------------------------------------------------------------------------------
// The draft
// ---------------------------------------------------------------------------------------------

/// A row error as kept in the draft.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DraftError {
    column: Option<String>,
    th: String,
    en: String,
}

impl DraftError {
    fn message(&self, lang: Lang) -> String {
        let text = match lang {
            Lang::Th => &self.th,
            Lang::En => &self.en,
        };
        match &self.column {
            Some(c) => format!("{c}: {text}"),
            None => text.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DraftRow {
    line: usize,
    project: String,
    record: Option<Record>,
    warnings: Vec<Warning>,
    errors: Vec<DraftError>,
}

/// What the upload was read as, kept until the import or the cancel.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Draft {
    file_name: String,
    summary_layout: bool,
    ignored_columns: Vec<String>,
    rows: Vec<DraftRow>,
}

impl Draft {
    fn of(file_name: String, f: ProcurementFile) -> Self {
        Draft {
            file_name,
            summary_layout: f.layout == prongsai_docs::import::procurement::Layout::Summary,
            ignored_columns: f.ignored_columns,
            rows: f
                .rows
                .into_iter()
                .map(|r| DraftRow {
                    line: r.line,
                    project: r.project,
                    record: r.record,
                    warnings: r.warnings,
                    errors: r
                        .errors
                        .into_iter()
                        .map(|e| DraftError {
                            column: e.column,
                            th: e.th,
                            en: e.en,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn has_errors(&self) -> bool {
        self.rows.iter().any(|r| !r.errors.is_empty())
    }

    fn has_warnings(&self) -> bool {
        self.rows.iter().any(|r| !r.warnings.is_empty())
    }

    /// Add an error to the row of `line` (its record is then not importable).
    fn refuse(&mut self, line: usize, e: DraftError) {
        if let Some(r) = self.rows.iter_mut().find(|r| r.line == line) {
            r.record = None;
            r.warnings.clear();
            r.errors.push(e);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "procurement/import.html")]
struct FormPage {
    page: Page,
    years: Vec<i32>,
    year: i32,
    max_mb: usize,
    errors: Vec<String>,
}

/// A row of the preview, ready to show.
pub struct RowView {
    pub line: usize,
    pub project: String,
    pub ok: bool,
    pub method: String,
    pub budget: String,
    pub reference_price: String,
    pub bidders: Vec<String>,
    pub winner: String,
    pub award_price: String,
    pub reason: String,
    pub contract: String,
    pub egp_no: String,
    pub delivery: String,
    pub payment: String,
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "procurement/import_preview.html")]
struct PreviewPage {
    page: Page,
    draft_id: i64,
    year: i32,
    file_name: String,
    summary_layout: bool,
    ignored_columns: String,
    rows: Vec<RowView>,
    total_rows: usize,
    error_rows: usize,
    warning_rows: usize,
    total_budget: String,
    total_award: String,
    /// Refusals of the last "import" click (nothing was stored).
    messages: Vec<String>,
    can_import: bool,
    needs_accept: bool,
}

fn page_for(staff: &Staff, title_key: &str) -> Page {
    Page::staff(staff, title_key, "/staff/procurement")
}

fn year_choices() -> (Vec<i32>, i32) {
    let current = FiscalYear::containing(today()).be();
    ((current - 5..=current + 1).rev().collect(), current)
}

fn max_mb() -> usize {
    prongsai_docs::import::procurement::MAX_FILE_BYTES / (1024 * 1024)
}

fn money(m: Option<Money>) -> String {
    m.map(|m| m.format(Digits::Arabic))
        .unwrap_or_else(|| "-".to_owned())
}

fn row_view(lang: Lang, r: &DraftRow) -> RowView {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| fmt_date(lang, d)).unwrap_or_default();
    let errors = r.errors.iter().map(|e| e.message(lang)).collect();
    let warnings = r.warnings.iter().map(|w| w.message(lang)).collect();
    match &r.record {
        Some(rec) => RowView {
            line: r.line,
            project: rec.project.clone(),
            ok: r.errors.is_empty(),
            method: rec.method.label(lang).to_owned(),
            budget: rec.budget.format(Digits::Arabic),
            reference_price: money(rec.reference_price),
            bidders: rec
                .bidders
                .iter()
                .map(|b| format!("{} {}", b.name, b.offer.format(Digits::Arabic)))
                .collect(),
            winner: rec.winner.clone().unwrap_or_else(|| "-".to_owned()),
            award_price: money(rec.award_price),
            reason: rec.reason.clone(),
            contract: match (&rec.contract_no, rec.contract_date) {
                (Some(n), Some(d)) => format!("{n} · {}", fmt_date(lang, d)),
                (Some(n), None) => n.clone(),
                (None, Some(d)) => fmt_date(lang, d),
                (None, None) => "-".to_owned(),
            },
            egp_no: rec.egp_no.clone().unwrap_or_default(),
            delivery: date(rec.delivery_date),
            payment: date(rec.payment_date),
            warnings,
            errors,
        },
        None => RowView {
            line: r.line,
            project: r.project.clone(),
            ok: false,
            method: String::new(),
            budget: String::new(),
            reference_price: String::new(),
            bidders: Vec::new(),
            winner: String::new(),
            award_price: String::new(),
            reason: String::new(),
            contract: String::new(),
            egp_no: String::new(),
            delivery: String::new(),
            payment: String::new(),
            warnings,
            errors,
        },
    }
}

fn preview_page(
    staff: &Staff,
    draft_id: i64,
    year: i32,
    d: &Draft,
    messages: Vec<String>,
) -> PreviewPage {
    let lang = staff.ctx.lang;
    let records: Vec<&Record> = d.rows.iter().filter_map(|r| r.record.as_ref()).collect();
    let has_errors = d.has_errors();
    PreviewPage {
        page: page_for(staff, "procimport.preview"),
        draft_id,
        year,
        file_name: d.file_name.clone(),
        summary_layout: d.summary_layout,
        ignored_columns: d.ignored_columns.join(", "),
        rows: d.rows.iter().map(|r| row_view(lang, r)).collect(),
        total_rows: d.rows.len(),
        error_rows: d.rows.iter().filter(|r| !r.errors.is_empty()).count(),
        warning_rows: d.rows.iter().filter(|r| !r.warnings.is_empty()).count(),
        total_budget: format_satang(Money::sum(records.iter().map(|r| r.budget)), Digits::Arabic),
        total_award: format_satang(
            Money::sum(records.iter().filter_map(|r| r.award_price)),
            Digits::Arabic,
        ),
        messages,
        can_import: !has_errors,
        needs_accept: d.has_warnings(),
    }
}

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    pub year: Option<String>,
}

fn parse_year(s: &str) -> Option<FiscalYear> {
    to_ascii_digits(s.trim()).parse().ok()
}

/// `GET /staff/procurement/import`: choose a year and a file.
async fn form(
    State(_st): State<AppState>,
    staff: Staff,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageProcurement)?;
    staff.scope()?;
    let (years, current) = year_choices();
    let year = q
        .year
        .as_deref()
        .and_then(parse_year)
        .map_or(current, FiscalYear::be);
    crate::view::render(&FormPage {
        page: page_for(&staff, "procimport.title"),
        years,
        year,
        max_mb: max_mb(),
        errors: vec![],
    })
}

/// `GET /staff/procurement/import/template.csv`.
async fn template(staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ManageProcurement)?;
    let csv = template_csv().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(file_response(
        csv.into_bytes(),
        "text/csv; charset=utf-8",
        Disposition::Attachment,
        "procurement-template.csv",
        "no-store",
    ))
}

/// The file's format by its name, else by its first bytes (a zip is an XLSX).
fn format_of(name: &str, bytes: &[u8]) -> Format {
    Format::from_file_name(name).unwrap_or(if bytes.starts_with(b"PK") {
        Format::Xlsx
    } else {
        Format::Csv
    })
}

/// `POST /staff/procurement/import`: read, check, keep as a draft, show its preview.
async fn upload(
    State(st): State<AppState>,
    staff: Staff,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageProcurement)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let mut csrf = String::new();
    let mut year = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("fiscal_year") => year = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if !constant_time_eq(csrf.as_bytes(), staff.ctx.csrf.as_bytes()) {
        return Err(AppError::Csrf);
    }
    let (years, current) = year_choices();
    let refuse = |errors: Vec<String>, year: i32| {
        crate::view::render_form(
            &FormPage {
                page: page_for(&staff, "procimport.title"),
                years: years.clone(),
                year,
                max_mb: max_mb(),
                errors,
            },
            true,
        )
    };
    let Some(fy) = parse_year(&year) else {
        return refuse(vec![staff.ctx.t("procimport.bad_year").to_owned()], current);
    };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(vec![staff.ctx.t("procimport.no_file").to_owned()], fy.be());
    };
    let format = format_of(&name, &bytes);
    // reading is CPU work on up to a few MB: off the async threads
    let parsed = tokio::task::spawn_blocking(move || parse_procurements(&bytes, format, fy))
        .await
        .map_err(|e| AppError::Internal(format!("join: {e}")))?;
    let file = match parsed {
        Ok(f) => f,
        Err(errors) => {
            return refuse(
                errors
                    .iter()
                    .take(50)
                    .map(|e| match lang {
                        Lang::Th => e.to_string_th(),
                        Lang::En => e.to_string(),
                    })
                    .collect(),
                fy.be(),
            )
        }
    };
    let mut draft = Draft::of(prongsai_docs::files::safe_file_name(&name), file);
    // e-GP numbers the register already has: errors of their rows now, not only at import
    let numbers: Vec<String> = draft
        .rows
        .iter()
        .filter_map(|r| r.record.as_ref().and_then(|rec| rec.egp_no.clone()))
        .collect();
    let taken = st.store.procurement_egp_taken(&scope, &numbers).await?;
    let clashes: Vec<(usize, String)> = draft
        .rows
        .iter()
        .filter_map(|r| {
            let no = r.record.as_ref()?.egp_no.as_ref()?;
            taken.contains(no).then(|| (r.line, no.clone()))
        })
        .collect();
    for (line, no) in clashes {
        let e = prongsai_store::procurement::duplicate_egp(&no);
        draft.refuse(
            line,
            DraftError {
                column: Some("เลขโครงการ e-GP".into()),
                th: e.th.into_owned(),
                en: e.en.into_owned(),
            },
        );
    }
    let payload =
        serde_json::to_string(&draft).map_err(|e| AppError::Internal(format!("draft: {e}")))?;
    let id = st
        .store
        .save_draft(&scope, staff.user.id, KIND, fy.be(), payload)
        .await?;
    Ok(Redirect::to(&format!("/staff/procurement/import/{id}")).into_response())
}

async fn load(st: &AppState, staff: &Staff, id: i64) -> Result<(FiscalYear, Draft), AppError> {
    let scope = staff.scope()?;
    let d = st.store.draft(&scope, staff.user.id, KIND, id).await?;
    let fy = FiscalYear::new(d.fiscal_year).map_err(|_| AppError::NotFound)?;
    let draft: Draft = serde_json::from_str(&d.payload)
        .map_err(|e| AppError::Internal(format!("draft {id}: {e}")))?;
    Ok((fy, draft))
}

/// `GET /staff/procurement/import/{id}`: the preview.
async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageProcurement)?;
    let (fy, draft) = load(&st, &staff, id).await?;
    crate::view::render(&preview_page(&staff, id, fy.be(), &draft, vec![]))
}

#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    pub accept_warnings: Option<String>,
}

/// `POST /staff/procurement/import/{id}/apply`: store every row, or none.
async fn apply(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ApplyForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageProcurement)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let (fy, mut draft) = load(&st, &staff, id).await?;
    let refuse = |draft: &Draft, messages: Vec<String>| {
        crate::view::render_form(&preview_page(&staff, id, fy.be(), draft, messages), true)
    };
    if draft.has_errors() {
        return refuse(
            &draft,
            vec![staff.ctx.t("procimport.fix_errors").to_owned()],
        );
    }
    let accepted = f.accept_warnings.is_some();
    if draft.has_warnings() && !accepted {
        return refuse(
            &draft,
            vec![staff.ctx.t("procimport.accept_needed").to_owned()],
        );
    }
    let records: Vec<ImportRecord> = draft
        .rows
        .iter()
        .filter_map(|r| {
            let mut record = r.record.clone()?;
            if !r.warnings.is_empty() {
                record.accept_over_budget = true;
            }
            Some(ImportRecord {
                line: r.line,
                record,
            })
        })
        .collect();
    match st
        .store
        .import_procurements(&scope, &staff.actor(), fy, &records)
        .await
    {
        Ok(done) => {
            st.store.delete_draft(&scope, id).await?;
            if let Some(a) = staff.agency.as_ref() {
                super::publish::publish(&st, &scope, &a.slug).await;
            }
            Ok(Redirect::to(&format!(
                "/staff/procurement/{}?imported={}",
                fy.be(),
                done.ids.len()
            ))
            .into_response())
        }
        Err(ImportError::Refused(refusals)) => {
            let mut messages = vec![staff.ctx.t("procimport.refused").to_owned()];
            for r in refusals {
                let e = DraftError {
                    column: None,
                    th: r.error.th.into_owned(),
                    en: r.error.en.into_owned(),
                };
                if draft.rows.iter().any(|row| row.line == r.line) {
                    draft.refuse(r.line, e);
                } else {
                    messages.push(e.message(lang));
                }
            }
            refuse(&draft, messages)
        }
        Err(ImportError::Store(StoreError::Input(e))) => {
            refuse(&draft, vec![e.message(lang).to_owned()])
        }
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

/// `POST /staff/procurement/import/{id}/cancel`: drop the draft.
async fn cancel(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageProcurement)?;
    let (fy, _) = load(&st, &staff, id).await?;
    st.store.delete_draft(&staff.scope()?, id).await?;
    Ok(Redirect::to(&format!("/staff/procurement/import?year={}", fy.be())).into_response())
}

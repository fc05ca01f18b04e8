//! Importing an existing measures report (O42/O43, as text or DOCX) in two steps: the upload is
//! read and shown as a preview — every measure, step and deadline understood, and what needs a
//! look — and only the "save" click stores it. Nothing is saved when the file has errors.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_docs::import::report_text::ReportPreview;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::MeasuresDocument;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::StoreError;

use crate::app::AppState;
use crate::ctx::{constant_time_eq, CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::NoFields;
use crate::view::{fmt_date, today, Page};

const KIND: &str = "measures";

/// A row of the preview: the issue, and its lines with the deadlines read.
pub struct PreviewRow {
    pub no: usize,
    pub issue: String,
    pub responsible: String,
    pub steps: Vec<(String, String)>,
    pub schedule: Vec<(String, String)>,
    pub progress: usize,
}

#[derive(Template)]
#[template(path = "measures/import.html")]
struct ImportPage {
    page: Page,
    years: Vec<i32>,
    year: i32,
    max_mb: usize,
    errors: Vec<String>,
    /// Set once a file was understood.
    preview: Option<PreviewView>,
}

pub struct PreviewView {
    pub draft_id: i64,
    pub year: i32,
    pub title: Vec<String>,
    pub intro: Vec<String>,
    pub rows: Vec<PreviewRow>,
    pub lines: usize,
    pub deadlines: usize,
    pub progress: usize,
    pub warnings: Vec<String>,
    /// The year already has measures (saving will be refused).
    pub existing: u64,
}

fn page_for(staff: &Staff) -> Page {
    Page::staff(staff, "im.title", "/staff/measures")
}

fn year_choices() -> (Vec<i32>, i32) {
    let current = FiscalYear::containing(today()).be();
    ((current - 5..=current + 1).rev().collect(), current)
}

/// `/staff/measures/import`: choose a year and a file.
pub async fn form(State(_st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let (years, year) = year_choices();
    crate::view::render(&ImportPage {
        page: page_for(&staff),
        years,
        year,
        max_mb: crate::app::MAX_UPLOAD_BYTES / (1024 * 1024),
        errors: vec![],
        preview: None,
    })
}

fn lines_with_due(lang: Lang, lines: &[prongsai_domain::measures::Line]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|l| {
            (
                l.display(),
                l.due
                    .as_ref()
                    .map(|d| fmt_date(lang, d.end))
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn preview_view(
    lang: Lang,
    draft_id: i64,
    year: i32,
    p: &ReportPreview,
    existing: u64,
) -> PreviewView {
    let doc = &p.document;
    let join = |ls: &[prongsai_domain::measures::Line]| {
        ls.iter().map(|l| l.display()).collect::<Vec<_>>().join(" ")
    };
    PreviewView {
        draft_id,
        year,
        title: doc.title.clone(),
        intro: doc.intro.clone(),
        rows: doc
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| PreviewRow {
                no: i + 1,
                issue: join(&r.issue),
                responsible: join(&r.responsible),
                steps: lines_with_due(lang, &r.steps),
                schedule: lines_with_due(lang, &r.schedule),
                progress: r.progress.len(),
            })
            .collect(),
        lines: doc
            .rows
            .iter()
            .map(|r| r.cells().iter().map(|c| c.len()).sum::<usize>())
            .sum(),
        deadlines: p.deadlines,
        progress: doc.rows.iter().map(|r| r.progress.len()).sum(),
        warnings: p
            .warnings
            .iter()
            .map(|w| match lang {
                Lang::Th => w.to_string_th(),
                Lang::En => w.to_string(),
            })
            .collect(),
        existing,
    }
}

/// The upload: read, check and keep as a draft, then show the preview.
pub async fn upload(
    State(st): State<AppState>,
    staff: Staff,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let mut csrf = String::new();
    let mut year = String::new();
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("fiscal_year") => year = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("file") => {
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    if !constant_time_eq(csrf.as_bytes(), staff.ctx.csrf.as_bytes()) {
        return Err(AppError::Csrf);
    }
    let (years, default_year) = year_choices();
    let fy: Option<FiscalYear> = prongsai_domain::calendar::to_ascii_digits(year.trim())
        .parse()
        .ok();
    let refuse = |errors: Vec<String>, year: i32| {
        crate::view::render_form(
            &ImportPage {
                page: page_for(&staff),
                years: years.clone(),
                year,
                max_mb: crate::app::MAX_UPLOAD_BYTES / (1024 * 1024),
                errors,
                preview: None,
            },
            true,
        )
    };
    let Some(fy) = fy else {
        return refuse(vec![staff.ctx.t("im.bad_year").to_string()], default_year);
    };
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return refuse(vec![staff.ctx.t("im.no_file").to_string()], fy.be());
    };
    // parsing is CPU work on up to a few MB: off the async threads
    let parsed = tokio::task::spawn_blocking(move || prongsai_docs::import::parse_report(&bytes))
        .await
        .map_err(|e| AppError::Internal(format!("join: {e}")))?;
    let preview = match parsed {
        Ok(p) => p,
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
    let payload = serde_json::to_string(&preview.document)
        .map_err(|e| AppError::Internal(format!("draft: {e}")))?;
    let draft_id = st
        .store
        .save_draft(&scope, staff.user.id, KIND, fy.be(), payload)
        .await?;
    let existing = st.store.count_measures(&scope, fy).await?;
    crate::view::render(&ImportPage {
        page: page_for(&staff),
        years,
        year: fy.be(),
        max_mb: crate::app::MAX_UPLOAD_BYTES / (1024 * 1024),
        errors: vec![],
        preview: Some(preview_view(lang, draft_id, fy.be(), &preview, existing)),
    })
}

/// Attach what the year's measures now publish to their OIT items. A failure here does not
/// undo the work just saved; it is logged and the next change tries again.
pub(crate) async fn publish_measures(st: &AppState, staff: &Staff, fy: FiscalYear) {
    let (Ok(scope), Some(a)) = (staff.scope(), staff.agency.as_ref()) else {
        return;
    };
    if let Err(e) = crate::pages::disclosure::auto::attach_measures(
        &st.store,
        &st.frameworks,
        &scope,
        &staff.actor(),
        &a.slug,
        fy,
    )
    .await
    {
        tracing::error!(error = %e, year = fy.be(), "attaching the measures to their OIT items failed");
    }
}

/// Save a previewed import.
pub async fn apply(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let draft = st.store.draft(&scope, staff.user.id, KIND, id).await?;
    let fy = FiscalYear::new(draft.fiscal_year).map_err(|_| AppError::NotFound)?;
    let doc: MeasuresDocument = serde_json::from_str(&draft.payload)
        .map_err(|e| AppError::Internal(format!("draft {id}: {e}")))?;
    match st
        .store
        .import_measures(&scope, &staff.actor(), fy, &doc)
        .await
    {
        Ok(_) => {
            st.store.delete_draft(&scope, id).await?;
            publish_measures(&st, &staff, fy).await;
            Ok(Redirect::to(&format!("/staff/measures/{}", fy.be())).into_response())
        }
        Err(StoreError::Input(e)) => {
            let (years, _) = year_choices();
            crate::view::render_form(
                &ImportPage {
                    page: page_for(&staff),
                    years,
                    year: fy.be(),
                    max_mb: crate::app::MAX_UPLOAD_BYTES / (1024 * 1024),
                    errors: vec![match staff.ctx.lang {
                        Lang::Th => e.th.to_string(),
                        Lang::En => e.en.to_string(),
                    }],
                    preview: None,
                },
                true,
            )
        }
        Err(e) => Err(e.into()),
    }
}

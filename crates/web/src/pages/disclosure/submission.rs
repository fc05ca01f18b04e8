//! The ITAS submission sheet and the assessment window, for staff.
//!
//! `/staff/disclosures/{year}/submission`: every OIT item of the year in the framework's order
//! (the order ITAS asks in) with มี/ไม่มี from readiness, the item's permalink as an absolute
//! URL and the explanation — drafted from the evidence (`domain::submission::draft`) unless the
//! coordinator rewrote it; each cell in a read-only box to copy from (a Copy button with
//! JavaScript, plain selection without), and for coordinators (`ManageAssessment`) a form per
//! item to edit the explanation, with a notice when the draft changed after the edit. Exports:
//! `submission.xlsx`, `.csv`, `.pdf`.
//!
//! `/staff/disclosures/{year}/window` (POST): the year's assessment window (BE dates accepted,
//! closes on or after it opens). The readiness page shows it with its countdown and what is
//! still missing by unit ([`readiness_block`]).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_docs::reports::submission::{SubmissionDoc, SubmissionLine};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::disclosure::ItemReadiness;
use prongsai_domain::framework::Framework;
use prongsai_domain::submission::{
    answer_th, draft, sheet, AssessmentWindow, ItemInput, SheetEvidence, SheetRow, Source, Stage,
};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use prongsai_store::disclosure::ItemDisclosure;
use prongsai_store::submission::Explanation;
use prongsai_store::{AgencyScope, StoreError};
use serde::Deserialize;

use super::{as_of, framework_of, framework_years, state_label};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::view::{agency_name, fmt_date, today, Errors, FieldError, Page};

/// What a piece of evidence is, for the draft: an upload, a report Prongsai generates (a page
/// of the site that is a file), a live page, or a link elsewhere.
fn source(kind: &str, url: Option<&str>) -> Source {
    match kind {
        "document" => Source::Document,
        "page" => {
            let path = url.unwrap_or_default();
            let path = path.split(['?', '#']).next().unwrap_or_default();
            let last = path.rsplit('/').next().unwrap_or_default();
            let is_file = last
                .rsplit_once('.')
                .is_some_and(|(_, ext)| matches!(ext, "pdf" | "xlsx" | "docx" | "csv" | "json"));
            if is_file {
                Source::Report
            } else {
                Source::Page
            }
        }
        _ => Source::Link,
    }
}

/// An item's evidence as the sheet takes it.
fn sheet_evidence(d: Option<&ItemDisclosure>) -> Vec<SheetEvidence> {
    d.map(|d| {
        d.evidence
            .iter()
            .map(|e| SheetEvidence {
                label: e.evidence.label.clone(),
                source: source(&e.evidence.kind, e.evidence.url.as_deref()),
                evidence: e.as_readiness(),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The public address of an item: `/{agency}/ita/{year}/{code}`.
fn permalink(slug: &str, year: i32, code: &str) -> String {
    format!("/{slug}/ita/{year}/{code}")
}

/// The sheet of a year for the staff member's agency, with absolute URLs from `base`.
async fn build(
    st: &AppState,
    scope: &AgencyScope,
    slug: &str,
    fw: &Framework,
    base: &str,
) -> Result<Vec<SheetRow>, AppError> {
    let fy = fw.fiscal_year;
    let items = st.store.disclosures(scope, fy).await?;
    let edits = st.store.submission_explanations(scope, fy).await?;
    let evidence: BTreeMap<&str, Vec<SheetEvidence>> = items
        .iter()
        .map(|(code, d)| (code.as_str(), sheet_evidence(Some(d))))
        .collect();
    let notes: BTreeMap<&str, &str> = items
        .iter()
        .filter_map(|(code, d)| {
            let n = d.disclosure.as_ref()?.explanation.as_deref()?;
            Some((code.as_str(), n))
        })
        .collect();
    Ok(sheet(
        fw,
        as_of(fy),
        |code| ItemInput {
            evidence: evidence.get(code).map_or(&[], Vec::as_slice),
            note: notes.get(code).copied(),
            edit: edits.get(code).map(Explanation::as_edit),
        },
        |code| crate::pages::api::absolute(base, &permalink(slug, fy.be(), code)),
    ))
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

pub struct RowView {
    pub order: usize,
    pub code: String,
    pub title: String,
    pub yes: bool,
    pub answer: &'static str,
    pub state: &'static str,
    pub state_label: &'static str,
    pub url: String,
    /// The text in the box: what is submitted, or what the coordinator just typed (refused).
    pub explanation: String,
    pub edited: bool,
    pub draft_changed: bool,
    pub draft_th: String,
    pub draft_en: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "disclosure/submission.html")]
struct SheetPage {
    page: Page,
    year: i32,
    years: Vec<i32>,
    today: String,
    rows: Vec<RowView>,
    yes: usize,
    may_edit: bool,
    window: Option<String>,
    countdown: Option<String>,
    opens_on: String,
    closes_on: String,
    errors: Errors,
}

impl SheetPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// What a refused form leaves on the page.
#[derive(Default)]
struct Refused {
    /// (item code, typed text, message)
    explanation: Option<(String, String, String)>,
    /// (opens, closes) as typed, with the messages
    window: Option<(String, String, Errors)>,
}

async fn sheet_view(
    st: &AppState,
    staff: &Staff,
    headers: &HeaderMap,
    fw: &Framework,
    refused: Refused,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let slug = staff.agency_slug();
    let fy = fw.fiscal_year;
    let base = crate::pages::api::base_url(st, headers);
    let rows = build(st, &scope, &slug, fw, &base).await?;
    let window = st.store.assessment_window(&scope, fy).await?;
    let day = today();
    let is_refused = refused.explanation.is_some() || refused.window.is_some();
    let rows: Vec<RowView> = rows
        .into_iter()
        .map(|r| {
            let (state, state_label) = state_label(lang, r.state);
            let typed = refused
                .explanation
                .as_ref()
                .filter(|(code, _, _)| *code == r.code);
            RowView {
                order: r.order,
                answer: answer_th(r.yes),
                yes: r.yes,
                state,
                state_label,
                url: r.url,
                explanation: typed.map_or(r.explanation, |t| t.1.clone()),
                error: typed.map(|t| t.2.clone()),
                edited: r.edited,
                draft_changed: r.draft_changed,
                draft_th: r.draft.th,
                draft_en: r.draft.en,
                code: r.code,
                title: r.title_th,
            }
        })
        .collect();
    let (opens_on, closes_on, errors) = match refused.window {
        Some(w) => w,
        None => (
            window
                .map(|w| fmt_date(Lang::Th, w.opens_on))
                .unwrap_or_default(),
            window
                .map(|w| fmt_date(Lang::Th, w.closes_on))
                .unwrap_or_default(),
            Errors::default(),
        ),
    };
    let mut page = Page::staff(staff, "sub.title", "/staff/disclosures");
    page.title = format!("{} {}", page.title, fy.be());
    crate::view::render_form(
        &SheetPage {
            page,
            year: fy.be(),
            years: framework_years(st),
            today: fmt_date(lang, as_of(fy)),
            yes: rows.iter().filter(|r| r.yes).count(),
            rows,
            may_edit: staff.user.role().allows(Permission::ManageAssessment),
            window: window.map(|w| pick(lang, w.label())),
            countdown: window.map(|w| pick(lang, w.countdown(day))),
            opens_on,
            closes_on,
            errors,
        },
        is_refused,
    )
}

fn pick(lang: Lang, t: prongsai_domain::submission::Text) -> String {
    match lang {
        Lang::Th => t.th,
        Lang::En => t.en,
    }
}

/// `GET /staff/disclosures/{year}/submission`.
pub async fn sheet_page(
    State(st): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fw = framework_of(&st, &year)?;
    sheet_view(&st, &staff, &headers, fw, Refused::default()).await
}

#[derive(Deserialize)]
pub struct ExplanationForm {
    #[serde(default)]
    explanation: String,
}

/// `POST /staff/disclosures/{year}/submission/{code}`: save the coordinator's explanation
/// (empty, or the draft itself: back to the draft).
pub async fn save_explanation(
    State(st): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((year, code)): Path<(String, String)>,
    CsrfForm(f): CsrfForm<ExplanationForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fw = framework_of(&st, &year)?;
    let item = fw.item(&code).ok_or(AppError::NotFound)?;
    let scope = staff.scope()?;
    let fy = fw.fiscal_year;
    // the draft as the sheet shows it now: kept with the edit, to notice when it changes
    let d = st.store.disclosure(&scope, fy, &code).await?;
    let ev = sheet_evidence(Some(&d));
    let plain: Vec<_> = ev.iter().map(|e| e.evidence.clone()).collect();
    let r: ItemReadiness = prongsai_domain::disclosure::assess(item, fy, as_of(fy), &plain);
    let note = d.disclosure.as_ref().and_then(|x| x.explanation.as_deref());
    let drafted = draft(item, &r, as_of(fy), &ev, note);
    let typed = f.explanation.replace("\r\n", "\n");
    let text = if typed.trim() == drafted.th.trim() {
        ""
    } else {
        typed.as_str()
    };
    match st
        .store
        .save_submission_explanation(&scope, &staff.actor(), fy, &code, text, &drafted.th)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/disclosures/{}/submission#row-{}",
            fy.be(),
            code
        ))
        .into_response()),
        Err(StoreError::Input(e)) => {
            let refused = Refused {
                explanation: Some((code.clone(), typed, e.message(staff.ctx.lang).to_owned())),
                window: None,
            };
            sheet_view(&st, &staff, &headers, fw, refused).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct WindowForm {
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
}

/// `POST /staff/disclosures/{year}/window`: set the assessment window (both empty: remove it).
pub async fn save_window(
    State(st): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(year): Path<String>,
    CsrfForm(f): CsrfForm<WindowForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fw = framework_of(&st, &year)?;
    let scope = staff.scope()?;
    let fy: FiscalYear = fw.fiscal_year;
    let lang = staff.ctx.lang;
    let refuse = |errors: Vec<InputError>| Refused {
        explanation: None,
        window: Some((
            f.opens_on.clone(),
            f.closes_on.clone(),
            Errors(
                errors
                    .iter()
                    .map(|e| FieldError {
                        field: e.field.to_string(),
                        message: e.message(lang).to_string(),
                    })
                    .collect(),
            ),
        )),
    };
    let window = if f.opens_on.trim().is_empty() && f.closes_on.trim().is_empty() {
        None
    } else {
        match AssessmentWindow::parse(fy, &f.opens_on, &f.closes_on) {
            Ok(w) => Some((w.opens_on, w.closes_on)),
            Err(errors) => return sheet_view(&st, &staff, &headers, fw, refuse(errors)).await,
        }
    };
    match st
        .store
        .set_assessment_window(&scope, &staff.actor(), fy, window)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/staff/disclosures/{}/submission#window", fy.be()))
                .into_response(),
        ),
        Err(StoreError::Input(e)) => sheet_view(&st, &staff, &headers, fw, refuse(vec![e])).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

async fn document(
    st: &AppState,
    staff: &Staff,
    headers: &HeaderMap,
    year: &str,
) -> Result<SubmissionDoc, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fw = framework_of(st, year)?;
    let scope = staff.scope()?;
    let agency = st.store.agency(&scope).await?;
    let base = crate::pages::api::base_url(st, headers);
    let rows = build(st, &scope, &agency.slug, fw, &base).await?;
    let window = st.store.assessment_window(&scope, fw.fiscal_year).await?;
    Ok(SubmissionDoc {
        agency: agency_name(&agency, Lang::Th).to_owned(),
        year_be: fw.fiscal_year.be(),
        prepared_on: today(),
        window: window.map(|w| w.label().th),
        lines: rows
            .into_iter()
            .map(|r| SubmissionLine {
                order: r.order,
                code: r.code,
                title: r.title_th,
                yes: r.yes,
                url: r.url,
                explanation: r.explanation,
            })
            .collect(),
    })
}

fn file(doc: &SubmissionDoc, ext: &str, mime: &'static str, bytes: Vec<u8>) -> Response {
    crate::view::file_response(
        bytes,
        mime,
        crate::view::Disposition::Attachment,
        &format!("{}.{ext}", doc.file_stem()),
        "private, no-store",
    )
}

/// `GET /staff/disclosures/{year}/submission.xlsx`.
pub async fn export_xlsx(
    State(st): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    let doc = document(&st, &staff, &headers, &year).await?;
    let bytes = doc.xlsx().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(file(
        &doc,
        "xlsx",
        prongsai_docs::reports::procurement::XLSX_MIME,
        bytes,
    ))
}

/// `GET /staff/disclosures/{year}/submission.csv`.
pub async fn export_csv(
    State(st): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    let doc = document(&st, &staff, &headers, &year).await?;
    let text = doc.csv().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(file(
        &doc,
        "csv",
        "text/csv; charset=utf-8",
        text.into_bytes(),
    ))
}

/// `GET /staff/disclosures/{year}/submission.pdf`.
pub async fn export_pdf(
    State(st): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    let doc = document(&st, &staff, &headers, &year).await?;
    let stem_doc = doc.clone();
    let bytes = crate::pages::blocking(move || doc.pdf()).await?;
    Ok(file(&stem_doc, "pdf", "application/pdf", bytes))
}

// ---------------------------------------------------------------------------------------------
// The block of the readiness page
// ---------------------------------------------------------------------------------------------

/// An item still missing, on the readiness page.
pub struct GapItem {
    pub code: String,
    pub title: String,
    pub state: &'static str,
    pub state_label: &'static str,
}

pub struct GapGroup {
    pub unit: String,
    pub items: Vec<GapItem>,
}

/// The window, its countdown and what is still missing by unit, for the readiness page.
pub struct ReadinessBlock {
    pub window: Option<String>,
    pub countdown: Option<String>,
    /// `before`, `open`, `closed`: a CSS class.
    pub stage: &'static str,
    pub gaps: Vec<GapGroup>,
    pub missing: usize,
    pub may_set: bool,
}

/// The readiness page's block: the year's window and countdown, and the items not complete
/// grouped by their unit (`unit_of`, names from `unit_name`; no unit last).
pub(crate) async fn readiness_block(
    st: &AppState,
    staff: &Staff,
    fw: &Framework,
    readiness: &[ItemReadiness],
    unit_of: impl Fn(&str) -> Option<i64>,
    unit_name: &BTreeMap<i64, String>,
) -> Result<ReadinessBlock, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let window = st.store.assessment_window(&scope, fw.fiscal_year).await?;
    let day = today();
    let groups = prongsai_domain::submission::gaps_by_unit(fw, readiness, unit_of);
    let mut gaps: Vec<GapGroup> = groups
        .into_iter()
        .map(|(u, items)| GapGroup {
            unit: match u {
                Some(id) => unit_name.get(&id).cloned().unwrap_or_default(),
                None => staff.ctx.t("dc.no_unit").to_owned(),
            },
            items: items
                .into_iter()
                .map(|r| {
                    let (state, state_label) = state_label(lang, r.state);
                    GapItem {
                        title: fw
                            .item(&r.code)
                            .map(|i| i.title_th.clone())
                            .unwrap_or_default(),
                        code: r.code.clone(),
                        state,
                        state_label,
                    }
                })
                .collect(),
        })
        .collect();
    // units by name, the items without a unit last (as the table by unit)
    let nobody = staff.ctx.t("dc.no_unit");
    gaps.sort_by(|a, b| (a.unit == nobody, &a.unit).cmp(&(b.unit == nobody, &b.unit)));
    Ok(ReadinessBlock {
        stage: match window.map(|w| w.stage(day)) {
            Some(Stage::Before { .. }) => "before",
            Some(Stage::Open { .. }) => "open",
            Some(Stage::Closed { .. }) => "closed",
            None => "",
        },
        window: window.map(|w| pick(lang, w.label())),
        countdown: window.map(|w| pick(lang, w.countdown(day))),
        missing: gaps.iter().map(|g| g.items.len()).sum(),
        gaps,
        may_set: staff.user.role().allows(Permission::ManageAssessment),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_that_are_files_are_generated_reports() {
        assert_eq!(
            source("page", Some("/x/procurement/2567/month-10.pdf")),
            Source::Report
        );
        assert_eq!(
            source("page", Some("/x/stats/2567/h1.xlsx?v=2")),
            Source::Report
        );
        assert_eq!(source("page", Some("/x/contact")), Source::Page);
        assert_eq!(source("page", Some("/x/stats?year=2567")), Source::Page);
        assert_eq!(source("link", Some("https://a.go.th/a.pdf")), Source::Link);
        assert_eq!(source("document", None), Source::Document);
        assert_eq!(permalink("x", 2568, "O1"), "/x/ita/2568/O1");
    }
}

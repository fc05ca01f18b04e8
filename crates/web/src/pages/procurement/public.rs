//! Procurement at public addresses — the evidence of the OIT item on procurement
//! announcements and of the plan, the monthly summaries and the annual report:
//!
//! * `/{agency}/procurement`: the fiscal years published (those with records or a plan, and
//!   the current one), newest first.
//! * `/{agency}/procurement/{year}`: the year's page — the plan, the twelve months October to
//!   September with their สขร.๑ files (a begun month without procurement says so), the annual
//!   report, the OCDS open data, and the records of the year with their announcements
//!   (ประกาศเชิญชวน, ประกาศผู้ชนะการเสนอราคา) linked to the documents' public files; a hundred
//!   records a page, grouped by month, or one month at a time (`?month=3`).
//! * `/{agency}/procurement/{year}/{file}`: `month-{m}.{pdf|docx|xlsx|csv}` (months begun),
//!   `plan.{pdf|xlsx}` (when a plan exists), `annual.{pdf|docx|xlsx}` (once the year has begun);
//!   anything else is the Thai 404 page. PDF and DOCX in Thai digits unless `?digits=arabic`;
//!   XLSX and CSV are open data in Arabic digits.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use prongsai_docs::reports::procurement::{
    month_file_stem, revision_label, AnnualDoc, AnnualInput, MonthDoc, PlanDoc, PlanInput,
    ANNUAL_STEM, DOCX_MIME, PLAN_STEM, XLSX_MIME,
};
use prongsai_domain::calendar::{Digits, FiscalYear, YearMonth};
use prongsai_domain::procurement::{
    format_satang, AnnualAnalysis, Money, NO_PROCUREMENT_EN, NO_PROCUREMENT_TH,
};
use prongsai_domain::Lang;
use prongsai_store::procurement::StoredRecord;
use prongsai_store::tenancy::Agency;
use prongsai_store::{AgencyScope, StoreError};
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::blocking;
use crate::view::{file_response, fmt_date, render, today, Disposition, Page};

/// Records shown on one page of the year.
pub const RECORDS_PER_PAGE: usize = 100;

/// How long caches may keep a generated file.
const CACHE: &str = "public, max-age=300";

/// The public routes of procurement (this file's single router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{agency}/procurement", get(index))
        .route("/{agency}/procurement/{year}", get(year_page))
        .route("/{agency}/procurement/{year}/{file}", get(summary_file))
}

/// The address of the years' index: `/{slug}/procurement`.
pub fn index_href(slug: &str) -> String {
    format!("/{slug}/procurement")
}

/// The address of a year's page: `/{slug}/procurement/2567`.
pub fn year_href(slug: &str, year: FiscalYear) -> String {
    format!("/{slug}/procurement/{}", year.be())
}

/// The address of a month's summary: `/{slug}/procurement/2570/month-10.pdf`.
pub fn summary_href(slug: &str, year: FiscalYear, month: u32, ext: &str) -> String {
    format!("/{slug}/procurement/{}/month-{month}.{ext}", year.be())
}

/// The address of the year's plan (the latest revision): `/{slug}/procurement/2567/plan.pdf`.
pub fn plan_href(slug: &str, year: FiscalYear, ext: &str) -> String {
    format!("/{slug}/procurement/{}/plan.{ext}", year.be())
}

/// The address of the year's annual report: `/{slug}/procurement/2567/annual.pdf`.
pub fn annual_href(slug: &str, year: FiscalYear, ext: &str) -> String {
    format!("/{slug}/procurement/{}/annual.{ext}", year.be())
}

/// The address of the year's OCDS release package (served by the open data API).
pub fn ocds_href(slug: &str, year: FiscalYear) -> String {
    format!(
        "/api/v1/agencies/{slug}/procurement/{}/ocds.json",
        year.be()
    )
}

async fn agency(st: &AppState, slug: &str) -> Result<(AgencyScope, Agency), AppError> {
    st.store
        .agency_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The fiscal year of an address: four ASCII digits only (one address per year).
fn year_of(s: &str) -> Result<FiscalYear, AppError> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::NotFound);
    }
    s.parse().map_err(|_| AppError::NotFound)
}

/// The years of the index: those with records or a plan, and the current one (whose months
/// have their summaries even when empty); none that has not begun unless it has a plan or
/// records (a plan is often published before its year). Newest first.
async fn published_years(
    st: &AppState,
    scope: &AgencyScope,
    now: chrono::NaiveDate,
) -> Result<Vec<FiscalYear>, AppError> {
    let mut years = st.store.procurement_years(scope).await?;
    let current = FiscalYear::containing(now);
    if !years.contains(&current) {
        years.push(current);
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(years)
}

/// A year of the index or of the year switcher.
pub struct YearLink {
    pub be: i32,
    pub label: String,
    pub href: String,
    pub current: bool,
    pub this: bool,
}

fn year_label(lang: Lang, y: FiscalYear) -> String {
    match lang {
        Lang::Th => y.label_th(Digits::Arabic),
        Lang::En => format!("Fiscal year {} (B.E.)", y.be()),
    }
}

fn year_links(
    lang: Lang,
    slug: &str,
    years: &[FiscalYear],
    now: chrono::NaiveDate,
    this: Option<FiscalYear>,
) -> Vec<YearLink> {
    let current = FiscalYear::containing(now);
    years
        .iter()
        .map(|y| YearLink {
            be: y.be(),
            label: year_label(lang, *y),
            href: year_href(slug, *y),
            current: *y == current,
            this: Some(*y) == this,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "procurement/public_index.html")]
struct IndexPage {
    page: Page,
    years: Vec<YearLink>,
}

/// `GET /{agency}/procurement`
pub async fn index(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let now = today();
    let years = published_years(&st, &scope, now).await?;
    render(&IndexPage {
        page: Page::agency_public(&ctx, &a, ctx.t("procurement_public.title")),
        years: year_links(ctx.lang, &a.slug, &years, now, None),
    })
}

// ---------------------------------------------------------------------------------------------
// The year's page
// ---------------------------------------------------------------------------------------------

/// The plan, as the year's page shows it.
pub struct PlanView {
    /// "ฉบับแรก" or "(ปรับปรุงครั้งที่ 1)".
    pub revision: String,
    pub approved_on: Option<String>,
    pub items: usize,
    pub total: String,
    pub pdf: String,
    pub xlsx: String,
}

/// A month of the year.
pub struct MonthRow {
    pub number: u32,
    pub label: String,
    pub begun: bool,
    pub count: u64,
    pub award: String,
    /// The records of the month on this page: `?month=3#records`.
    pub records_href: String,
    /// (label, address) of its files.
    pub files: Vec<(&'static str, String)>,
    pub selected: bool,
}

/// A linked announcement: (address of the public file, the document's title).
pub type DocLink = Option<(String, String)>;

/// A record of the year, as the public sees it.
pub struct RecordView {
    pub seq: usize,
    pub project: String,
    pub egp_no: Option<String>,
    pub method: &'static str,
    pub budget: String,
    pub reference_price: Option<String>,
    pub winner: Option<String>,
    pub award: Option<String>,
    pub contract_no: Option<String>,
    pub contract_date: Option<String>,
    pub invitation: DocLink,
    pub award_doc: DocLink,
}

/// The records of one month (or without a contract yet) on the page.
pub struct RecordGroup {
    pub label: String,
    pub records: Vec<RecordView>,
}

#[derive(Template)]
#[template(path = "procurement/public_year.html")]
struct YearPage {
    page: Page,
    index_href: String,
    years: Vec<YearLink>,
    plan: Option<PlanView>,
    months: Vec<MonthRow>,
    /// The statement of a begun month without procurement.
    statement: &'static str,
    /// The annual report's files, once the year has begun.
    annual: Vec<(&'static str, String)>,
    year_over: bool,
    as_of: String,
    ocds: String,
    total: u64,
    total_budget: String,
    total_award: String,
    groups: Vec<RecordGroup>,
    /// The month the records are filtered to.
    month_filter: Option<String>,
    all_records_href: String,
    page_no: usize,
    pages: usize,
    prev_href: Option<String>,
    next_href: Option<String>,
    shown: usize,
}

/// `?page=2`, `?month=3`: both optional; anything else there is a 404, not a guess.
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    month: Option<String>,
}

fn baht(satang: i64) -> String {
    format_satang(satang, Digits::Arabic)
}

fn month_label(lang: Lang, m: YearMonth) -> String {
    match lang {
        Lang::Th => m.label_th(prongsai_domain::calendar::DateStyle::ARABIC_FULL),
        Lang::En => m.label_en(),
    }
}

/// The public file of an announcement: documents that are public and still there; an internal
/// or deleted one shows no link.
async fn doc_link(
    st: &AppState,
    scope: &AgencyScope,
    slug: &str,
    id: i64,
) -> Result<DocLink, AppError> {
    match st.store.document(scope, id).await {
        Ok(d) if d.public => Ok(Some((
            crate::pages::disclosure::documents::file_href(slug, &d),
            d.title.clone(),
        ))),
        Ok(_) | Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn files(slug: &str, fy: FiscalYear, m: u32) -> Vec<(&'static str, String)> {
    [
        ("PDF", "pdf"),
        ("DOCX", "docx"),
        ("XLSX", "xlsx"),
        ("CSV", "csv"),
    ]
    .into_iter()
    .map(|(label, ext)| (label, summary_href(slug, fy, m, ext)))
    .collect()
}

/// `GET /{agency}/procurement/{year}`
pub async fn year_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((slug, year)): Path<(String, String)>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let fy = year_of(&year)?;
    let lang = ctx.lang;
    let now = today();
    let years = published_years(&st, &scope, now).await?;
    // a year not begun has a page only when something of it is published (its plan)
    if fy.start() > now && !years.contains(&fy) {
        return Err(AppError::NotFound);
    }
    let month_filter = match q.month.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let m: u32 = s.parse().map_err(|_| AppError::NotFound)?;
            Some(
                fy.months()
                    .into_iter()
                    .find(|ym| ym.month() == m)
                    .ok_or(AppError::NotFound)?,
            )
        }
    };
    let page_no: usize = match q.page.as_deref().filter(|s| !s.is_empty()) {
        None => 1,
        Some(s) => s
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or(AppError::NotFound)?,
    };
    let slug = a.slug.clone();
    let plan = st.store.latest_plan(&scope, fy).await?.map(|p| PlanView {
        revision: match lang {
            Lang::Th => revision_label(p.revision, Digits::Arabic)
                .unwrap_or_else(|| ctx.t("procurement_public.revision_first").to_owned()),
            Lang::En if p.revision > 1 => format!("Revision {}", p.revision - 1),
            Lang::En => ctx.t("procurement_public.revision_first").to_owned(),
        },
        approved_on: p.approved_on.map(|d| fmt_date(lang, d)),
        items: p.items.len(),
        total: baht(p.total_budget()),
        pdf: plan_href(&slug, fy, "pdf"),
        xlsx: plan_href(&slug, fy, "xlsx"),
    });
    let records = st.store.procurements_of_year(&scope, fy).await?;
    let analysis = AnnualAnalysis::build(fy, records.iter().map(|r| &r.record));
    let months: Vec<MonthRow> = analysis
        .by_month
        .iter()
        .map(|(m, t)| MonthRow {
            number: m.month(),
            label: month_label(lang, *m),
            begun: m.first_day() <= now,
            count: t.count,
            award: baht(t.award),
            records_href: format!("{}?month={}#records", year_href(&slug, fy), m.month()),
            files: files(&slug, fy, m.month()),
            selected: month_filter == Some(*m),
        })
        .collect();
    // the records of the page: those of the month asked for, or all, a hundred at a time
    let chosen: Vec<&StoredRecord> = records
        .iter()
        .filter(|r| month_filter.is_none_or(|m| r.record.month() == Some(m)))
        .collect();
    let pages = chosen.len().div_ceil(RECORDS_PER_PAGE).max(1);
    if page_no > pages {
        return Err(AppError::NotFound);
    }
    let first = (page_no - 1) * RECORDS_PER_PAGE;
    let on_page = &chosen[first.min(chosen.len())..(first + RECORDS_PER_PAGE).min(chosen.len())];
    // each announcement read once
    let mut ids: Vec<i64> = on_page
        .iter()
        .flat_map(|r| [r.record.invitation_doc_id, r.record.award_doc_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut docs: HashMap<i64, DocLink> = HashMap::with_capacity(ids.len());
    for id in ids {
        let link = doc_link(&st, &scope, &slug, id).await?;
        docs.insert(id, link);
    }
    let link = |id: Option<i64>| id.and_then(|id| docs.get(&id).cloned().flatten());
    let mut groups: Vec<RecordGroup> = Vec::new();
    let mut group_month: Option<Option<YearMonth>> = None;
    for (i, r) in on_page.iter().enumerate() {
        let rec = &r.record;
        if group_month != Some(rec.month()) {
            group_month = Some(rec.month());
            groups.push(RecordGroup {
                label: match rec.month() {
                    Some(m) => month_label(lang, m),
                    None => ctx.t("procurement_public.undated").to_owned(),
                },
                records: Vec::new(),
            });
        }
        let view = RecordView {
            seq: first + i + 1,
            project: rec.project.clone(),
            egp_no: rec.egp_no.clone(),
            method: rec.method.label(lang),
            budget: rec.budget.format(Digits::Arabic),
            reference_price: rec.reference_price.map(|m: Money| m.format(Digits::Arabic)),
            winner: rec.winner.clone(),
            award: rec.award_price.map(|m| m.format(Digits::Arabic)),
            contract_no: rec.contract_no.clone(),
            contract_date: rec.contract_date.map(|d| fmt_date(lang, d)),
            invitation: link(rec.invitation_doc_id),
            award_doc: link(rec.award_doc_id),
        };
        if let Some(g) = groups.last_mut() {
            g.records.push(view);
        }
    }
    let base = year_href(&slug, fy);
    let page_href = |n: usize| {
        let mut params = Vec::new();
        if let Some(m) = month_filter {
            params.push(format!("month={}", m.month()));
        }
        if n > 1 {
            params.push(format!("page={n}"));
        }
        if params.is_empty() {
            format!("{base}#records")
        } else {
            format!("{base}?{}#records", params.join("&"))
        }
    };
    let begun = fy.start() <= now;
    let title = format!(
        "{} · {}",
        ctx.t("procurement_public.title"),
        year_label(lang, fy)
    );
    render(&YearPage {
        page: Page::agency_public(&ctx, &a, &title),
        index_href: index_href(&slug),
        years: year_links(lang, &slug, &years, now, Some(fy)),
        plan,
        months,
        statement: match lang {
            Lang::Th => NO_PROCUREMENT_TH,
            Lang::En => NO_PROCUREMENT_EN,
        },
        annual: if begun {
            [("PDF", "pdf"), ("DOCX", "docx"), ("XLSX", "xlsx")]
                .into_iter()
                .map(|(label, ext)| (label, annual_href(&slug, fy, ext)))
                .collect()
        } else {
            Vec::new()
        },
        year_over: fy.end() < now,
        as_of: fmt_date(lang, now),
        ocds: ocds_href(&slug, fy),
        total: analysis.total.count,
        total_budget: baht(analysis.total.budget),
        total_award: baht(analysis.total.award),
        groups,
        month_filter: month_filter.map(|m| month_label(lang, m)),
        all_records_href: format!("{base}#records"),
        page_no,
        pages,
        prev_href: (page_no > 1).then(|| page_href(page_no - 1)),
        next_href: (page_no < pages).then(|| page_href(page_no + 1)),
        shown: chosen.len(),
    })
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/// What a file address names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    /// The สขร.๑ of a calendar month (1–12).
    Month(u32),
    Plan,
    Annual,
}

/// `month-10.pdf` → (Month(10), "pdf"); `plan.xlsx`; `annual.docx`. Anything else: `None`.
fn parse_file(file: &str) -> Option<(File, &'static str)> {
    let (stem, ext) = file.rsplit_once('.')?;
    let (kind, allowed): (File, &[&'static str]) = match stem {
        "plan" => (File::Plan, &["pdf", "xlsx"]),
        "annual" => (File::Annual, &["pdf", "docx", "xlsx"]),
        _ => {
            let m = stem.strip_prefix("month-")?;
            // "month-3", "month-10": no sign, no leading zero
            if m.is_empty() || m.starts_with('0') || !m.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let m: u32 = m.parse().ok()?;
            if !(1..=12).contains(&m) {
                return None;
            }
            (File::Month(m), &["pdf", "docx", "xlsx", "csv"])
        }
    };
    let ext = allowed.iter().copied().find(|e| *e == ext)?;
    Some((kind, ext))
}

/// `?digits=arabic` for Arabic digits in a PDF or DOCX.
#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    digits: Option<String>,
}

fn respond(bytes: Vec<u8>, ext: &str, stem: &str) -> Response {
    let (mime, how) = match ext {
        "pdf" => ("application/pdf", Disposition::Inline),
        "docx" => (DOCX_MIME, Disposition::Attachment),
        "xlsx" => (XLSX_MIME, Disposition::Attachment),
        _ => ("text/csv; charset=utf-8", Disposition::Inline),
    };
    file_response(bytes, mime, how, &format!("{stem}.{ext}"), CACHE)
}

/// `GET /{agency}/procurement/{year}/{file}`: the สขร.๑ of a begun month
/// (`month-{m}.{pdf|docx|xlsx|csv}`), the plan (`plan.{pdf|xlsx}`), the annual report
/// (`annual.{pdf|docx|xlsx}`).
///
/// A rendered file is kept in the page cache for the agency's audit position and the day
/// (documents carry the day they were prepared): every write moves the position, so a file is
/// rendered once per change and day however often it is asked for (a สขร.๑ of a busy month
/// takes most of a second to lay out; a kept one is sent at once).
pub async fn summary_file(
    State(st): State<AppState>,
    Path((slug, year, file)): Path<(String, String, String)>,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let fy = year_of(&year)?;
    let (kind, ext) = parse_file(&file).ok_or(AppError::NotFound)?;
    let now = today();
    // official documents in Thai digits; open data (XLSX, CSV) in Arabic digits
    let digits = if q.digits.as_deref() == Some("arabic") || matches!(ext, "xlsx" | "csv") {
        Digits::Arabic
    } else {
        Digits::Thai
    };
    let stem = match kind {
        File::Month(m) => month_file_stem(fy, m),
        File::Plan => format!("{PLAN_STEM}-{}", fy.be()),
        File::Annual => format!("{ANNUAL_STEM}-{}", fy.be()),
    };
    let key = format!(
        "procurement-file:{}:{}:{file}:{digits:?}:{now}",
        scope.agency_id(),
        fy.be()
    );
    // the position is read before the data: a kept file is never older than its position
    let position = st.store.audit_position(&scope).await?.to_string();
    if let Some(kept) = st.pages.get(&key, &position) {
        return Ok(respond(kept.body.to_vec(), ext, &stem));
    }
    let bytes = render_file(&st, &scope, &a, fy, kind, ext, digits, now).await?;
    st.pages.put(key, position, bytes.clone().into());
    Ok(respond(bytes, ext, &stem))
}

/// The bytes of a procurement file (see [`summary_file`]).
#[allow(clippy::too_many_arguments)]
async fn render_file(
    st: &AppState,
    scope: &AgencyScope,
    a: &Agency,
    fy: FiscalYear,
    kind: File,
    ext: &'static str,
    digits: Digits,
    now: chrono::NaiveDate,
) -> Result<Vec<u8>, AppError> {
    let agency_name = a.name_th.clone();
    match kind {
        File::Month(m) => {
            let month = fy
                .months()
                .into_iter()
                .find(|ym| ym.month() == m)
                .ok_or(AppError::NotFound)?;
            // a month that has not begun has no summary yet
            if month.first_day() > now {
                return Err(AppError::NotFound);
            }
            let s = st.store.monthly_summary(scope, fy, month, digits).await?;
            let doc = MonthDoc::new(&agency_name, &s, now, digits);
            let bytes = match ext {
                "pdf" => blocking(move || doc.pdf()).await?,
                "docx" => blocking(move || doc.docx()).await?,
                "xlsx" => blocking(move || doc.xlsx()).await?,
                _ => doc
                    .csv()
                    .map_err(|e| AppError::Internal(e.to_string()))?
                    .into_bytes(),
            };
            Ok(bytes)
        }
        File::Plan => {
            let p = st
                .store
                .latest_plan(scope, fy)
                .await?
                .ok_or(AppError::NotFound)?;
            let doc = PlanDoc::new(PlanInput {
                agency: &agency_name,
                fiscal_year: fy,
                revision: p.revision,
                approved_on: p.approved_on,
                note: &p.note,
                items: &p.items,
                digits,
                today: now,
            });
            let bytes = match ext {
                "pdf" => blocking(move || doc.pdf()).await?,
                _ => blocking(move || doc.xlsx()).await?,
            };
            Ok(bytes)
        }
        File::Annual => {
            if fy.start() > now {
                return Err(AppError::NotFound);
            }
            let notes = st.store.procurement_report_notes(scope, fy).await?;
            // the spreadsheet lists the records; the documents need only the figures
            let records: Vec<_> = if ext == "xlsx" {
                st.store
                    .procurements_of_year(scope, fy)
                    .await?
                    .into_iter()
                    .map(|r| r.record)
                    .collect()
            } else {
                Vec::new()
            };
            let analysis = if ext == "xlsx" {
                AnnualAnalysis::build(fy, &records)
            } else {
                st.store.annual_analysis(scope, fy).await?
            };
            let doc = AnnualDoc::new(AnnualInput {
                agency: &agency_name,
                analysis: &analysis,
                problems: &notes.problems,
                improvements: &notes.improvements,
                digits,
                today: now,
            });
            let bytes = match ext {
                "pdf" => blocking(move || doc.pdf()).await?,
                "docx" => blocking(move || doc.docx()).await?,
                _ => blocking(move || doc.xlsx(&records)).await?,
            };
            Ok(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(parse_file("month-10.pdf"), Some((File::Month(10), "pdf")));
        assert_eq!(parse_file("month-3.docx"), Some((File::Month(3), "docx")));
        assert_eq!(parse_file("plan.xlsx"), Some((File::Plan, "xlsx")));
        assert_eq!(parse_file("annual.docx"), Some((File::Annual, "docx")));
        for bad in [
            "month-13.pdf",
            "month-0.pdf",
            "month-03.pdf",
            "month-+3.pdf",
            "month-.pdf",
            "month-3.exe",
            "plan.docx",
            "plan.csv",
            "annual.csv",
            "annual",
            "october.pdf",
            "",
        ] {
            assert_eq!(parse_file(bad), None, "{bad}");
        }
        assert!(year_of("2567").is_ok());
        for bad in ["๒๕๖๗", "FY2567", "02567", "nope", "1000"] {
            assert!(year_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn addresses() {
        let y = FiscalYear::new(2567).unwrap();
        assert_eq!(index_href("krathok"), "/krathok/procurement");
        assert_eq!(year_href("krathok", y), "/krathok/procurement/2567");
        assert_eq!(
            summary_href("krathok", y, 3, "csv"),
            "/krathok/procurement/2567/month-3.csv"
        );
        assert_eq!(
            plan_href("krathok", y, "pdf"),
            "/krathok/procurement/2567/plan.pdf"
        );
        assert_eq!(
            annual_href("krathok", y, "xlsx"),
            "/krathok/procurement/2567/annual.xlsx"
        );
        assert_eq!(
            ocds_href("krathok", y),
            "/api/v1/agencies/krathok/procurement/2567/ocds.json"
        );
        // every address made here is one the router answers
        for f in ["month-3.csv", "plan.pdf", "annual.xlsx"] {
            assert!(parse_file(f).is_some());
        }
    }
}

//! Satisfaction surveys (แบบสำรวจความพึงพอใจ).
//!
//! Citizens answer after a request is done (the form is on the tracking result; the tracking
//! code travels in a hidden field of the POST body, never in an address), or through the
//! public link `/{agency}/survey` (optionally `?service=ID`), whose QR code
//! (`/{agency}/survey/qr.svg`) is printed on a poster for the office counter
//! (`/{agency}/survey/poster`).
//!
//! Staff edit the survey (`/staff/surveys`: questions as rows, the agency-wide survey and a
//! service's own) and read the yearly report (`/staff/surveys/report/{year}`, with the
//! suggestions); the public report (`/{agency}/survey/report/{year}`, `.pdf`, `.xlsx`) has the
//! figures only and attaches itself to the OIT items of the survey report
//! ([`attach_survey_report`]).
//!
//! Abuse: posts are limited per address (in memory), bodies by the form limit, open answers by
//! `MAX_OPEN_TEXT_CHARS`, a honeypot field catches robots, wrong tracking codes count against
//! the address as on the tracking page, and everything typed is escaped when shown.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use prongsai_docs::reports::survey::{SurveyReportDoc, SurveyReportInput};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::eservice::{RequestState, TrackingCode};
use prongsai_domain::framework::{DataYear, FrameworkSet, Product};
use prongsai_domain::survey::{
    Delta, FieldError, Question, QuestionKind, SatisfactionLevel, Summary, SurveyDef,
    MAX_OPEN_TEXT_CHARS, MAX_QUESTIONS,
};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::eservice::Service;
use prongsai_store::survey::{NewResponse, SurveyForm, SurveyReport};
use prongsai_store::tenancy::Agency;
use prongsai_store::{Actor, AgencyScope, Store, StoreError};
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{CsrfForm, Ctx, Staff};
use crate::error::AppError;
use crate::view::{fmt_date, render, render_form, today, Page};

/// The name of the hidden field robots fill in.
const HONEYPOT: &str = "website";
/// Wrong tracking codes per address per minute (shared with the tracking page's bucket).
const TRACK_TRIES_PER_MINUTE: u32 = 10;
/// Empty rows offered below the questions in the editor.
const SPARE_ROWS: usize = 2;
/// Most rows read from one post of the editor.
const MAX_ROWS: usize = MAX_QUESTIONS + 20;
/// Suggestions listed on the staff report.
const STAFF_TEXTS: u64 = 500;
/// The key of the survey report's evidence on its OIT items.
pub const AUTO_KEY: &str = "survey:report";

/// Public routes (under `/{agency}/…`).
pub fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/{agency}/survey", get(public_form).post(public_submit))
        .route("/{agency}/survey/rate", post(rate))
        .route("/{agency}/survey/qr.svg", get(qr))
        .route("/{agency}/survey/poster", get(poster))
        .route("/{agency}/survey/report/{file}", get(public_report))
}

/// Staff routes (nested under `/staff`).
pub fn staff_routes() -> Router<AppState> {
    Router::new()
        .route("/surveys", get(editor).post(save))
        .route("/surveys/report/{file}", get(staff_report))
}

/// Routes whose bodies may carry files (the documents' body limit applies); full paths.
pub fn upload_routes() -> Router<AppState> {
    Router::new()
}

// ----- helpers ---------------------------------------------------------------------------------

async fn agency(st: &AppState, slug: &str) -> Result<(AgencyScope, Agency), AppError> {
    st.store
        .agency_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// `?service=ID` of the agency (404 for anything else); None when absent.
async fn service_of(
    st: &AppState,
    scope: &AgencyScope,
    raw: Option<&str>,
) -> Result<Option<Service>, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => {
            let id: i64 = prongsai_domain::calendar::to_ascii_digits(s)
                .parse()
                .map_err(|_| AppError::NotFound)?;
            Ok(Some(st.store.service(scope, id).await?))
        }
    }
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `2568` → (FY 2568, None); `2568.pdf` → (FY 2568, Some("pdf")). Years within the last ten.
fn parse_report_file(file: &str) -> Option<(FiscalYear, Option<&'static str>)> {
    let (stem, ext) = match file.rsplit_once('.') {
        Some((stem, ext)) => (stem, Some(["pdf", "xlsx"].into_iter().find(|e| *e == ext)?)),
        None => (file, None),
    };
    if stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_digit()) || stem.len() != 4 {
        return None;
    }
    let fy = FiscalYear::new(stem.parse().ok()?).ok()?;
    let current = FiscalYear::containing(today());
    (fy.be() <= current.be() && fy.be() >= current.be() - 10).then_some((fy, ext))
}

/// The public report's address: `/{slug}/survey/report/2568.pdf` (`ext` "" for the page).
pub fn report_href(slug: &str, year: FiscalYear, ext: &str) -> String {
    if ext.is_empty() {
        format!("/{slug}/survey/report/{}", year.be())
    } else {
        format!("/{slug}/survey/report/{}.{ext}", year.be())
    }
}

// ----- the form --------------------------------------------------------------------------------

/// One question as drawn.
pub struct QuestionView {
    pub key: String,
    /// The HTML name: `q_` and the key (so a question cannot clash with `csrf` or `code`).
    pub name: String,
    pub text: String,
    pub scale: bool,
    pub required: bool,
    pub value: String,
    pub error: String,
}

/// A point of the scale.
pub struct ScaleOption {
    pub value: String,
    pub label: String,
}

/// A survey form as drawn (shared by the survey page and the tracking result).
pub struct SurveyView {
    /// `id:version` of the definition shown, posted back to notice a change.
    pub version_tag: String,
    pub service: String,
    pub questions: Vec<QuestionView>,
    pub scale: Vec<ScaleOption>,
    pub max_text: usize,
    /// Messages not about one question.
    pub errors: Vec<String>,
}

fn version_tag(f: &SurveyForm) -> String {
    format!("{}:{}", f.id.unwrap_or(0), f.version)
}

/// The survey `form` drawn in `lang`, with the values typed (`q_<key>`) and the refusals.
pub fn survey_view(
    form: &SurveyForm,
    lang: Lang,
    service: &str,
    values: &HashMap<String, String>,
    errors: &[FieldError],
) -> SurveyView {
    let keys: Vec<&str> = form.def.questions.iter().map(|q| q.key.as_str()).collect();
    SurveyView {
        version_tag: version_tag(form),
        service: service.to_string(),
        questions: form
            .def
            .questions
            .iter()
            .map(|q| {
                let name = format!("q_{}", q.key);
                QuestionView {
                    key: q.key.clone(),
                    value: values.get(&name).cloned().unwrap_or_default(),
                    name,
                    text: q.text(lang).to_string(),
                    scale: q.kind == QuestionKind::Scale5,
                    required: q.required,
                    error: errors
                        .iter()
                        .find(|e| e.key == q.key)
                        .map(|e| e.message(lang).to_string())
                        .unwrap_or_default(),
                }
            })
            .collect(),
        scale: (1..=5)
            .rev()
            .map(|n: u64| ScaleOption {
                value: n.to_string(),
                label: SatisfactionLevel::from_hundredths(n * 100)
                    .label(lang)
                    .to_string(),
            })
            .collect(),
        max_text: MAX_OPEN_TEXT_CHARS,
        errors: errors
            .iter()
            .filter(|e| !keys.contains(&e.key.as_str()))
            .map(|e| e.message(lang).to_string())
            .collect(),
    }
}

/// The survey offered on the tracking result of a done request not rated yet.
pub async fn for_tracking(
    st: &AppState,
    scope: &AgencyScope,
    lang: Lang,
    request_id: i64,
    service_id: i64,
    service_name: &str,
) -> Result<Option<SurveyView>, AppError> {
    if st.store.survey_rated(scope, request_id).await? {
        return Ok(None);
    }
    let form = st.store.survey_form(scope, Some(service_id)).await?;
    Ok(Some(survey_view(
        &form,
        lang,
        service_name,
        &HashMap::new(),
        &[],
    )))
}

#[derive(Template)]
#[template(path = "survey/form.html")]
struct FormPage {
    page: Page,
    action: String,
    service_id: Option<i64>,
    code: String,
    survey: SurveyView,
}

#[derive(Template)]
#[template(path = "survey/thanks.html")]
struct ThanksPage {
    page: Page,
    slug: String,
    message: String,
}

#[derive(Deserialize, Default)]
pub struct ServiceQuery {
    #[serde(default)]
    service: Option<String>,
}

/// `GET /{agency}/survey[?service=ID]`
async fn public_form(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ServiceQuery>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let service = service_of(&st, &scope, q.service.as_deref()).await?;
    let form = st
        .store
        .survey_form(&scope, service.as_ref().map(|s| s.id))
        .await?;
    let name = service
        .as_ref()
        .map(|s| s.name(ctx.lang).to_string())
        .unwrap_or_default();
    render(&FormPage {
        page: Page::agency_public(&ctx, &a, ctx.t("sv.title")),
        action: format!("/{}/survey", a.slug),
        service_id: service.map(|s| s.id),
        code: String::new(),
        survey: survey_view(&form, ctx.lang, &name, &HashMap::new(), &[]),
    })
}

fn refusal(key: &str, th: &str, en: &str) -> FieldError {
    FieldError::new(key.to_string(), th.to_string(), en.to_string())
}

/// What both posts share: the checks, then storing and thanking. `code` for a rating.
#[allow(clippy::too_many_arguments)]
async fn answer(
    st: &AppState,
    ctx: &Ctx,
    scope: &AgencyScope,
    a: &Agency,
    service: Option<&Service>,
    code: Option<(&str, TrackingCode)>,
    f: &HashMap<String, String>,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let form = st.store.survey_form(scope, service.map(|s| s.id)).await?;
    let name = service
        .map(|s| s.name(lang).to_string())
        .unwrap_or_default();
    let (action, code_shown) = match &code {
        Some((typed, _)) => (format!("/{}/survey/rate", a.slug), typed.to_string()),
        None => (format!("/{}/survey", a.slug), String::new()),
    };
    let again = |form: &SurveyForm, errors: &[FieldError]| {
        render_form(
            &FormPage {
                page: Page::agency_public(ctx, a, ctx.t("sv.title")),
                action: action.clone(),
                service_id: if code.is_some() {
                    None
                } else {
                    service.map(|s| s.id)
                },
                code: code_shown.clone(),
                survey: survey_view(form, lang, &name, f, errors),
            },
            true,
        )
        .map(no_store)
    };
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    if !get(HONEYPOT).is_empty() {
        // a person never sees the field; a robot fills everything
        return again(
            &form,
            &[refusal(
                "form",
                "ส่งแบบสำรวจไม่สำเร็จ กรุณาลองใหม่",
                "The survey could not be sent; please try again",
            )],
        );
    }
    if get("v") != version_tag(&form) {
        return again(
            &form,
            &[refusal(
                "form",
                "แบบสำรวจเพิ่งมีการเปลี่ยนแปลง กรุณาตรวจคำตอบแล้วส่งอีกครั้ง",
                "The survey has just changed; please check your answers and send again",
            )],
        );
    }
    let pairs: Vec<(String, String)> = f
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("q_").map(|k| (k.to_string(), v.clone())))
        .collect();
    let response = match form.def.parse_response(&pairs) {
        Ok(r) => r,
        Err(errors) => return again(&form, &errors),
    };
    let now = today();
    let stored = st
        .store
        .submit_survey_response(
            scope,
            NewResponse {
                form: &form,
                service_id: service.map(|s| s.id),
                request: code.as_ref().map(|(_, c)| c),
                response,
                today: now,
            },
        )
        .await;
    match stored {
        Ok(r) => {
            publish(st, scope, &a.slug, r.year).await;
            render(&ThanksPage {
                page: Page::agency_public(ctx, a, ctx.t("sv.thanks")),
                slug: a.slug.clone(),
                message: ctx.t("sv.thanks_text").to_string(),
            })
            .map(no_store)
        }
        Err(StoreError::Input(e)) => again(&form, &[e.into()]),
        Err(e) => Err(e.into()),
    }
}

/// `POST /{agency}/survey`: an answer through the public link.
async fn public_submit(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    if !st
        .limiter
        .allow(ctx.client_ip, "survey", st.config.public_posts_per_minute)
    {
        return Err(AppError::RateLimited);
    }
    let (scope, a) = agency(&st, &slug).await?;
    let service = service_of(&st, &scope, f.get("service").map(String::as_str)).await?;
    answer(&st, &ctx, &scope, &a, service.as_ref(), None, &f).await
}

#[derive(Template)]
#[template(path = "survey/refused.html")]
struct RefusedPage {
    page: Page,
    slug: String,
    message: String,
}

/// `POST /{agency}/survey/rate`: the rating of a done request, its tracking code in the body.
async fn rate(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    if !st
        .limiter
        .allow(ctx.client_ip, "survey", st.config.public_posts_per_minute)
        || !st
            .limiter
            .allow(ctx.client_ip, "eservice-track", TRACK_TRIES_PER_MINUTE)
    {
        return Err(AppError::RateLimited);
    }
    let (scope, a) = agency(&st, &slug).await?;
    let lang = ctx.lang;
    let refused = |message: String| {
        render_form(
            &RefusedPage {
                page: Page::agency_public(&ctx, &a, ctx.t("sv.title")),
                slug: a.slug.clone(),
                message,
            },
            true,
        )
        .map(no_store)
    };
    let typed = f.get("code").map(String::as_str).unwrap_or("");
    let code = match TrackingCode::parse(typed) {
        Ok(c) => c,
        Err(e) => return refused(e.message(lang).to_string()),
    };
    let Some((r, _)) = st.store.request_by_code(&scope, &code).await? else {
        return refused(ctx.t("es.not_found").to_string());
    };
    if r.state != RequestState::Done {
        return refused(ctx.t("sv.not_done").to_string());
    }
    if st.store.survey_rated(&scope, r.id).await? {
        return refused(ctx.t("sv.already_rated").to_string());
    }
    let service = st.store.service(&scope, r.service_id).await?;
    answer(
        &st,
        &ctx,
        &scope,
        &a,
        Some(&service),
        Some((&code.grouped(), code)),
        &f,
    )
    .await
}

// ----- QR code and poster ----------------------------------------------------------------------

fn survey_url(st: &AppState, headers: &HeaderMap, slug: &str, service: Option<i64>) -> String {
    let base = crate::pages::api::base_url(st, headers);
    let path = match service {
        Some(id) => format!("/{slug}/survey?service={id}"),
        None => format!("/{slug}/survey"),
    };
    crate::pages::api::absolute(&base, &path)
}

/// `GET /{agency}/survey/qr.svg[?service=ID]`: the QR code of the survey's absolute address.
async fn qr(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ServiceQuery>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let service = service_of(&st, &scope, q.service.as_deref()).await?;
    let url = survey_url(&st, &headers, &a.slug, service.map(|s| s.id));
    let svg = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| AppError::Internal(format!("qr: {e}")))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build();
    let mut res = svg.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    h.insert(header::VARY, HeaderValue::from_static("host"));
    Ok(res)
}

#[derive(Template)]
#[template(path = "survey/poster.html")]
struct PosterPage {
    page: Page,
    agency: String,
    service: String,
    qr_src: String,
    url: String,
}

/// `GET /{agency}/survey/poster[?service=ID]`: a printable page for the office counter.
async fn poster(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ServiceQuery>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let service = service_of(&st, &scope, q.service.as_deref()).await?;
    let id = service.as_ref().map(|s| s.id);
    render(&PosterPage {
        page: Page::agency_public(&ctx, &a, ctx.t("sv.poster")),
        agency: crate::view::agency_name(&a, ctx.lang).to_string(),
        service: service
            .as_ref()
            .map(|s| s.name(ctx.lang).to_string())
            .unwrap_or_default(),
        qr_src: match id {
            Some(id) => format!("/{}/survey/qr.svg?service={id}", a.slug),
            None => format!("/{}/survey/qr.svg", a.slug),
        },
        url: survey_url(&st, &headers, &a.slug, id),
    })
}

// ----- the OIT attachment ----------------------------------------------------------------------

/// Attach the public report of data year `year` (when it has responses) to the framework items
/// that ask for it ([`Product::SurveyReport`]): items of the framework of `year` that want the
/// current year's data (or any), and items of the next year's framework that want the
/// previous year's (as the survey report usually is). Once per item (key [`AUTO_KEY`]); an
/// unchanged attachment writes nothing. Returns how many were made or refreshed.
pub async fn attach_survey_report(
    store: &Store,
    frameworks: &FrameworkSet,
    scope: &AgencyScope,
    actor: &Actor,
    slug: &str,
    year: FiscalYear,
) -> Result<usize, StoreError> {
    let report = store.survey_report(scope, year, 0).await?;
    if report.total.respondents == 0 {
        return Ok(0);
    }
    let mut n = 0;
    for (fw_year, wanted) in [
        (Some(year), [DataYear::Current, DataYear::Any]),
        (year.next(), [DataYear::Previous, DataYear::Previous]),
    ] {
        let Some(fw_year) = fw_year else { continue };
        let Some(fw) = frameworks.get(fw_year.be()) else {
            continue;
        };
        for it in fw
            .items_produced_by(Product::SurveyReport)
            .filter(|it| wanted.contains(&it.data_year))
        {
            store
                .attach_auto(
                    scope,
                    actor,
                    fw_year,
                    &it.code,
                    AUTO_KEY,
                    NewEvidence {
                        target: Target::Page(report_href(slug, year, "pdf")),
                        label: format!(
                            "รายงานผลการสำรวจความพึงพอใจของผู้รับบริการ ประจำปีงบประมาณ พ.ศ. {} (PDF)",
                            year.be()
                        ),
                        data_year: Some(year),
                        period: None,
                        published_on: None,
                    },
                )
                .await?;
            n += 1;
        }
    }
    Ok(n)
}

/// [`attach_survey_report`] for the year of a new response and the one before; a failure is
/// logged (the response is kept; the next one tries again).
async fn publish(st: &AppState, scope: &AgencyScope, slug: &str, year: FiscalYear) {
    let actor = Actor::system("survey");
    for y in [year.prev(), Some(year)].into_iter().flatten() {
        if let Err(e) =
            attach_survey_report(&st.store, &st.frameworks, scope, &actor, slug, y).await
        {
            tracing::error!(error = %e, year = y.be(), "attaching the survey report failed");
        }
    }
}

// ----- the report ------------------------------------------------------------------------------

/// A row of figures as shown.
pub struct RowView {
    pub label: String,
    pub n: u64,
    pub mean: String,
    pub sd: String,
    pub dist: [u64; 5],
    pub pct: String,
    pub level: String,
    pub change: String,
}

fn row_view(label: String, s: &Summary, delta: Option<&Delta>, lang: Lang) -> RowView {
    RowView {
        label,
        n: s.rated(),
        mean: s.mean_text(Digits::Arabic).unwrap_or_else(|| "–".into()),
        sd: s
            .std_dev()
            .map(|v| format!("{v:.2}"))
            .unwrap_or_else(|| "–".into()),
        dist: s.distribution,
        pct: s
            .percent_satisfied()
            .map(|p| format!("{p:.1}"))
            .unwrap_or_else(|| "–".into()),
        level: s
            .level()
            .map(|l| l.label(lang).to_string())
            .unwrap_or_else(|| "–".into()),
        change: delta
            .and_then(|d| d.mean_text(Digits::Arabic))
            .unwrap_or_else(|| "–".into()),
    }
}

pub struct ServiceView {
    pub name: String,
    pub respondents: u64,
    pub mean: String,
    pub level: String,
}

pub struct TextView {
    pub date: String,
    pub service: String,
    pub question: String,
    pub text: String,
}

pub struct LevelView {
    pub band: String,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "survey/report.html")]
struct ReportPage {
    page: Page,
    be: i32,
    prev_be: i32,
    respondents: u64,
    prev_respondents: u64,
    rows: Vec<RowView>,
    overall: RowView,
    services: Vec<ServiceView>,
    open: Vec<(String, u64)>,
    levels: Vec<LevelView>,
    show_texts: bool,
    texts: Vec<TextView>,
    texts_total: u64,
    pdf_href: String,
    xlsx_href: String,
    /// Other years: (BE, address).
    years: Vec<(i32, String)>,
}

fn service_name(services: &[Service], id: Option<i64>, lang: Lang) -> String {
    match id.and_then(|id| services.iter().find(|s| s.id == id)) {
        Some(s) => s.name(lang).to_string(),
        None => prongsai_domain::i18n::tr(lang, "sv.general").to_string(),
    }
}

fn rated_questions(report: &SurveyReport) -> impl Iterator<Item = &Question> {
    report
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Scale5 && report.total.get(&q.key).rated() > 0)
}

#[allow(clippy::too_many_arguments)]
fn report_page(
    page: Page,
    report: &SurveyReport,
    services: &[Service],
    lang: Lang,
    show_texts: bool,
    base: &str,
    years: Vec<(i32, String)>,
) -> ReportPage {
    let be = report.year.be();
    ReportPage {
        page,
        be,
        prev_be: be - 1,
        respondents: report.total.respondents,
        prev_respondents: report.previous.respondents,
        rows: rated_questions(report)
            .enumerate()
            .map(|(i, q)| {
                row_view(
                    format!("{}. {}", i + 1, q.text(lang)),
                    &report.total.get(&q.key),
                    report.comparison.questions.get(&q.key),
                    lang,
                )
            })
            .collect(),
        overall: row_view(
            prongsai_domain::i18n::tr(lang, "sv.overall").to_string(),
            &report.total.overall(),
            Some(&report.comparison.overall),
            lang,
        ),
        services: report
            .by_service
            .iter()
            .map(|(id, s)| {
                let o = s.overall();
                ServiceView {
                    name: service_name(services, *id, lang),
                    respondents: s.respondents,
                    mean: o.mean_text(Digits::Arabic).unwrap_or_else(|| "–".into()),
                    level: o
                        .level()
                        .map(|l| l.label(lang).to_string())
                        .unwrap_or_else(|| "–".into()),
                }
            })
            .collect(),
        open: report
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::OpenText)
            .map(|q| (q.text(lang).to_string(), report.total.get(&q.key).responses))
            .collect(),
        levels: SatisfactionLevel::ALL
            .iter()
            .map(|l| LevelView {
                band: l.band_text(Digits::Arabic),
                label: l.label(lang),
            })
            .collect(),
        show_texts,
        texts: report
            .texts
            .iter()
            .map(|t| TextView {
                date: fmt_date(lang, t.answered_on),
                service: service_name(services, t.service_id, lang),
                question: report
                    .question(&t.question_key)
                    .map(|q| q.text(lang).to_string())
                    .unwrap_or_else(|| t.question_key.clone()),
                text: t.text.clone(),
            })
            .collect(),
        texts_total: report.texts_total,
        pdf_href: format!("{base}/{be}.pdf"),
        xlsx_href: format!("{base}/{be}.xlsx"),
        years,
    }
}

/// The document of a report (Thai), with the suggestions when `texts`.
fn report_doc(
    a: &Agency,
    report: &SurveyReport,
    services: &[Service],
    texts: bool,
) -> SurveyReportDoc {
    let questions: Vec<Question> = report.questions.clone();
    SurveyReportDoc::new(SurveyReportInput {
        agency: &a.name_th,
        year_be: report.year.be(),
        questions: &questions,
        total: &report.total,
        previous: &report.previous,
        comparison: &report.comparison,
        by_service: report
            .by_service
            .iter()
            .map(|(id, s)| (service_name(services, *id, Lang::Th), s.clone()))
            .collect(),
        texts: if texts {
            report.texts.iter().map(|t| t.text.clone()).collect()
        } else {
            Vec::new()
        },
        digits: Digits::Arabic,
        today: today(),
    })
}

async fn report_file(
    doc: SurveyReportDoc,
    ext: &str,
    cache: &'static str,
) -> Result<Response, AppError> {
    let stem = doc.file_stem();
    let (bytes, mime) = match ext {
        "pdf" => (
            tokio::task::spawn_blocking(move || doc.pdf())
                .await
                .map_err(|e| AppError::Internal(format!("join: {e}")))?
                .map_err(|e| AppError::Internal(e.to_string()))?,
            "application/pdf",
        ),
        _ => (
            doc.xlsx().map_err(|e| AppError::Internal(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    Ok(crate::view::file_response(
        bytes,
        mime,
        crate::view::Disposition::Inline,
        &format!("{stem}.{ext}"),
        cache,
    ))
}

fn year_links(
    years: &[FiscalYear],
    current: FiscalYear,
    href: impl Fn(FiscalYear) -> String,
) -> Vec<(i32, String)> {
    let mut all: Vec<FiscalYear> = years.to_vec();
    if !all.contains(&current) {
        all.push(current);
    }
    all.sort_unstable_by_key(|y| std::cmp::Reverse(y.be()));
    all.into_iter().map(|y| (y.be(), href(y))).collect()
}

/// `GET /{agency}/survey/report/{year}[.pdf|.xlsx]`: figures only, no suggestions.
async fn public_report(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let (fy, ext) = parse_report_file(&file).ok_or(AppError::NotFound)?;
    let report = st.store.survey_report(&scope, fy, 0).await?;
    let services = st.store.list_services(&scope, false).await?;
    if let Some(ext) = ext {
        return report_file(
            report_doc(&a, &report, &services, false),
            ext,
            "public, max-age=300",
        )
        .await;
    }
    let years = st.store.survey_years(&scope).await?;
    let title = format!("{} {}", ctx.t("sv.report"), fy.be());
    let mut res = render(&report_page(
        Page::agency_public(&ctx, &a, &title),
        &report,
        &services,
        ctx.lang,
        false,
        &format!("/{}/survey/report", a.slug),
        year_links(&years, FiscalYear::containing(today()), |y| {
            report_href(&a.slug, y, "")
        }),
    ))?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("cookie"));
    Ok(res)
}

/// `GET /staff/surveys/report/{year}[.pdf|.xlsx]`: with the suggestions.
async fn staff_report(
    State(st): State<AppState>,
    staff: Staff,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let a = staff.agency.clone().ok_or(AppError::NotFound)?;
    let (fy, ext) = parse_report_file(&file).ok_or(AppError::NotFound)?;
    let report = st.store.survey_report(&scope, fy, STAFF_TEXTS).await?;
    let services = st.store.list_services(&scope, false).await?;
    if let Some(ext) = ext {
        return report_file(
            report_doc(&a, &report, &services, true),
            ext,
            "private, no-store",
        )
        .await;
    }
    let years = st.store.survey_years(&scope).await?;
    let mut page = Page::staff(&staff, "sv.report", "/staff/surveys");
    page.title = format!("{} {}", staff.ctx.t("sv.report"), fy.be());
    render(&report_page(
        page,
        &report,
        &services,
        staff.ctx.lang,
        true,
        "/staff/surveys/report",
        year_links(&years, FiscalYear::containing(today()), |y| {
            format!("/staff/surveys/report/{}", y.be())
        }),
    ))
}

// ----- the editor ------------------------------------------------------------------------------

/// A row of the question editor.
pub struct QuestionRow {
    pub key: String,
    pub kind: String,
    pub text_th: String,
    pub text_en: String,
    pub required: bool,
    pub order: String,
    pub error: String,
}

pub struct ServiceChoice {
    pub id: i64,
    pub name: String,
    pub own: bool,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "survey/editor.html")]
struct EditorPage {
    page: Page,
    slug: String,
    service_id: Option<i64>,
    service_name: String,
    /// Which survey the rows came from: its own version, or inherited.
    source: String,
    services: Vec<ServiceChoice>,
    rows: Vec<QuestionRow>,
    errors: Vec<String>,
    years: Vec<i32>,
}

fn blank_row(order: usize) -> QuestionRow {
    QuestionRow {
        key: String::new(),
        kind: QuestionKind::Scale5.code().into(),
        text_th: String::new(),
        text_en: String::new(),
        required: true,
        order: order.to_string(),
        error: String::new(),
    }
}

fn rows_of(def: &SurveyDef) -> Vec<QuestionRow> {
    let mut rows: Vec<QuestionRow> = def
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionRow {
            key: q.key.clone(),
            kind: q.kind.code().into(),
            text_th: q.text_th.clone(),
            text_en: q.text_en.clone(),
            required: q.required,
            order: ((i + 1) * 10).to_string(),
            error: String::new(),
        })
        .collect();
    let n = rows.len();
    rows.extend((0..SPARE_ROWS).map(|k| blank_row((n + k + 1) * 10)));
    rows
}

/// The posted rows as a definition, or the rows as typed with their errors (and the errors
/// not about one row).
fn read_rows(
    f: &HashMap<String, String>,
    lang: Lang,
) -> Result<SurveyDef, (Vec<QuestionRow>, Vec<String>)> {
    let get = |k: String| f.get(&k).map(|v| v.trim().to_string()).unwrap_or_default();
    let mut rows: Vec<(i64, usize, QuestionRow)> = Vec::new();
    for i in 0..MAX_ROWS {
        if !f.contains_key(&format!("sq_{i}_th")) {
            continue;
        }
        let row = QuestionRow {
            key: get(format!("sq_{i}_key")),
            kind: get(format!("sq_{i}_kind")),
            text_th: get(format!("sq_{i}_th")),
            text_en: get(format!("sq_{i}_en")),
            required: get(format!("sq_{i}_required")) == "1",
            order: get(format!("sq_{i}_order")),
            error: String::new(),
        };
        if get(format!("sq_{i}_remove")) == "1"
            || (row.key.is_empty() && row.text_th.is_empty() && row.text_en.is_empty())
        {
            continue;
        }
        let order = prongsai_domain::calendar::to_ascii_digits(&row.order)
            .parse::<i64>()
            .unwrap_or((i as i64 + 1) * 10);
        rows.push((order, i, row));
    }
    rows.sort_by_key(|(order, i, _)| (*order, *i));
    let mut rows: Vec<QuestionRow> = rows.into_iter().map(|(_, _, r)| r).collect();
    // a row without a key gets the next free q<n>
    let mut used: Vec<String> = rows.iter().map(|r| r.key.clone()).collect();
    for r in rows.iter_mut().filter(|r| r.key.is_empty()) {
        let mut n = 1;
        while used.contains(&format!("q{n}")) {
            n += 1;
        }
        r.key = format!("q{n}");
        used.push(r.key.clone());
    }
    let mut errors: Vec<(Option<usize>, String)> = Vec::new();
    let mut questions = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        match QuestionKind::parse(&r.kind) {
            Some(kind) => questions.push(Question::new(
                &r.key, &r.text_th, &r.text_en, kind, r.required,
            )),
            None => errors.push((
                Some(i),
                match lang {
                    Lang::Th => "ชนิดคำถามไม่ถูกต้อง".into(),
                    Lang::En => "Unknown kind of question".into(),
                },
            )),
        }
    }
    let def = SurveyDef { questions };
    if let Err(es) = def.validate() {
        for e in es {
            let row = rows.iter().position(|r| r.key == e.key).or_else(|| {
                e.key
                    .strip_prefix("questions[")
                    .and_then(|s| s.strip_suffix(']'))
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| n.checked_sub(1))
            });
            errors.push((row, e.message(lang).to_string()));
        }
    }
    if errors.is_empty() {
        return Ok(def);
    }
    let mut general = Vec::new();
    for (row, msg) in errors {
        match row.and_then(|i| rows.get_mut(i)) {
            Some(r) if r.error.is_empty() => r.error = msg,
            Some(r) => {
                r.error.push(' ');
                r.error.push_str(&msg);
            }
            None => general.push(msg),
        }
    }
    let n = rows.len();
    rows.extend((0..SPARE_ROWS).map(|k| blank_row((n + k + 1) * 10)));
    Err((rows, general))
}

#[allow(clippy::too_many_arguments)]
async fn editor_view(
    st: &AppState,
    staff: &Staff,
    service: Option<&Service>,
    rows: Option<Vec<QuestionRow>>,
    errors: Vec<String>,
    flash: Option<&str>,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let service_id = service.map(|s| s.id);
    let own = st.store.survey_own_form(&scope, service_id).await?;
    let shown = match &own {
        Some(f) => f.clone(),
        None => st.store.survey_form(&scope, service_id).await?,
    };
    let source = match (&own, service_id, shown.version) {
        (Some(f), _, _) => format!(
            "{} {}{}",
            staff.ctx.t("sv.version"),
            f.version,
            f.created_at
                .map(|t| format!(" · {}", crate::view::fmt_datetime(lang, t)))
                .unwrap_or_default()
        ),
        (None, Some(_), _) => staff.ctx.t("sv.inherits").to_string(),
        (None, None, _) => staff.ctx.t("sv.standard").to_string(),
    };
    let with_own = st.store.survey_services_with_own(&scope).await?;
    let services = st.store.list_services(&scope, false).await?;
    let failed = !errors.is_empty() || rows.is_some();
    let years = st.store.survey_years(&scope).await?;
    let current = FiscalYear::containing(today()).be();
    let mut years: Vec<i32> = years.iter().map(|y| y.be()).collect();
    if !years.contains(&current) {
        years.insert(0, current);
    }
    render_form(
        &EditorPage {
            page: Page::staff(staff, "sv.editor", "/staff/surveys").with_flash(flash),
            slug: staff.agency_slug(),
            service_id,
            service_name: service
                .map(|s| s.name(lang).to_string())
                .unwrap_or_default(),
            source,
            services: services
                .iter()
                .map(|s| ServiceChoice {
                    id: s.id,
                    name: s.name(lang).to_string(),
                    own: with_own.contains(&s.id),
                    current: Some(s.id) == service_id,
                })
                .collect(),
            rows: rows.unwrap_or_else(|| rows_of(&shown.def)),
            errors,
            years,
        },
        failed,
    )
}

#[derive(Deserialize, Default)]
pub struct EditorQuery {
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/surveys[?service=ID]`
async fn editor(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<EditorQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencySettings)?;
    let scope = staff.scope()?;
    let service = service_of(&st, &scope, q.service.as_deref()).await?;
    let flash = q.saved.is_some().then_some("sv.saved");
    editor_view(&st, &staff, service.as_ref(), None, vec![], flash).await
}

/// `POST /staff/surveys`: a new version of the agency-wide survey or of a service's own.
async fn save(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencySettings)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let service = service_of(&st, &scope, f.get("service").map(String::as_str)).await?;
    let def = match read_rows(&f, lang) {
        Ok(d) => d,
        Err((rows, errors)) => {
            return editor_view(&st, &staff, service.as_ref(), Some(rows), errors, None).await
        }
    };
    let service_id = service.as_ref().map(|s| s.id);
    match st
        .store
        .save_survey(&scope, &staff.actor(), service_id, &def)
        .await
    {
        Ok(_) => Ok(Redirect::to(&match service_id {
            Some(id) => format!("/staff/surveys?service={id}&saved=1"),
            None => "/staff/surveys?saved=1".to_string(),
        })
        .into_response()),
        Err(StoreError::Input(e)) => {
            let rows = rows_of(&def);
            editor_view(
                &st,
                &staff,
                service.as_ref(),
                Some(rows),
                vec![e.message(lang).to_string()],
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rows_are_ordered_keyed_and_removed() {
        let f = form(&[
            ("sq_0_key", "overall"),
            ("sq_0_kind", "scale5"),
            ("sq_0_th", "โดยรวม"),
            ("sq_0_required", "1"),
            ("sq_0_order", "30"),
            ("sq_1_key", ""),
            ("sq_1_kind", "open_text"),
            ("sq_1_th", "ข้อเสนอแนะ"),
            ("sq_1_order", "๔๐"),
            ("sq_2_key", "old"),
            ("sq_2_kind", "scale5"),
            ("sq_2_th", "เก่า"),
            ("sq_2_remove", "1"),
            ("sq_3_key", ""),
            ("sq_3_kind", "scale5"),
            ("sq_3_th", "ความรวดเร็ว"),
            ("sq_3_order", "5"),
            ("sq_4_th", ""),
            ("sq_4_kind", "scale5"),
        ]);
        let def = read_rows(&f, Lang::Th).unwrap_or_else(|(_, e)| panic!("{e:?}"));
        let keys: Vec<&str> = def.questions.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(keys, ["q1", "overall", "q2"]);
        assert_eq!(def.questions[0].text_th, "ความรวดเร็ว");
        assert_eq!(def.questions[2].kind, QuestionKind::OpenText);
        assert!(def.questions[1].required && !def.questions[2].required);
    }

    #[test]
    fn errors_land_on_their_rows() {
        let f = form(&[
            ("sq_0_key", "Bad Key"),
            ("sq_0_kind", "scale5"),
            ("sq_0_th", "ข้อ ๑"),
            ("sq_1_key", "a"),
            ("sq_1_kind", "stars"),
            ("sq_1_th", "ข้อ ๒"),
            ("sq_2_key", "b"),
            ("sq_2_kind", "scale5"),
            ("sq_2_th", ""),
            ("sq_2_en", "English only"),
        ]);
        let (rows, general) = read_rows(&f, Lang::En).unwrap_err();
        assert!(!rows[0].error.is_empty(), "bad key");
        assert!(rows[1].error.contains("Unknown kind"));
        assert!(!rows[2].error.is_empty(), "no Thai text");
        assert!(general.is_empty(), "{general:?}");
        // nothing at all
        let (_, general) = read_rows(&form(&[]), Lang::Th).unwrap_err();
        assert_eq!(general.len(), 1);
    }

    #[test]
    fn report_files() {
        let be = FiscalYear::containing(today()).be();
        assert_eq!(
            parse_report_file(&format!("{be}.pdf")).map(|(y, e)| (y.be(), e)),
            Some((be, Some("pdf")))
        );
        assert_eq!(
            parse_report_file(&be.to_string()).map(|(y, e)| (y.be(), e)),
            Some((be, None))
        );
        for bad in [
            format!("{}", be + 1),
            format!("{be}.docx"),
            format!("{}", be - 11),
            "x".into(),
            "".into(),
            "+2568".into(),
        ] {
            assert!(parse_report_file(&bad).is_none(), "{bad}");
        }
    }
}

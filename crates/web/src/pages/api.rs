//! The open data API (read-only, no login): the agencies, each agency's OIT disclosures and
//! readiness of a fiscal year as JSON and CSV, DCAT JSON-LD metadata that a CKAN catalogue
//! (data.go.th) can harvest, the OpenAPI 3.1 description (`api_openapi.json`, written by hand)
//! and `/api/docs`, a page made from that description at request time so it cannot drift.
//!
//! Only what the public portal shows is served: evidence that citizens can open
//! ([`EvidenceView::is_public`]), never internal documents. Every answer has a strong ETag built
//! like the portal's validators (the agency's audit position moves with every write, plus the
//! day, since readiness depends on it, the address and the host the absolute URLs are made
//! with), `Cache-Control: public, max-age=300` and `Access-Control-Allow-Origin: *`; a matching
//! `If-None-Match` gets 304 before any data is read, and a computed body is kept in the page
//! cache for its validator. Errors are JSON in Thai and English, never the HTML error page.

use std::fmt::Write as _;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use prongsai_docs::files::FileKind;
use prongsai_domain::calendar::{Digits, Period};
use prongsai_domain::disclosure::{predict, Reason, Tally};
use prongsai_domain::framework::{Cadence, DataYear, Framework};
use prongsai_domain::i18n::tr;
use prongsai_domain::Lang;
use prongsai_store::disclosure::EvidenceView;
use prongsai_store::tenancy::Agency;
use prongsai_store::{AgencyScope, StoreError};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::disclosure::portal::not_modified;
use crate::pages::disclosure::{as_of, default_year, evidence_href, framework_of, year_state};
use crate::view::{today, Page};

/// The OpenAPI 3.1 description of every endpoint of this module.
pub const OPENAPI: &str = include_str!("api_openapi.json");

/// The licence of the data: Open Definition's CC-BY, as data.go.th names it.
pub const LICENSE: &str = "http://opendefinition.org/licenses/cc-by/";

const CACHE_CONTROL: &str = "public, max-age=300";

/// Why an API request failed; always answered as JSON.
#[derive(Debug)]
pub enum ApiError {
    NoAgency,
    NoYear,
    NoPath,
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NoPath,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => ApiError::NoPath,
            AppError::Internal(m) => ApiError::Internal(m),
            other => ApiError::Internal(format!("{other:?}")),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, key) = match self {
            ApiError::NoAgency => (StatusCode::NOT_FOUND, "api.err_agency"),
            ApiError::NoYear => (StatusCode::NOT_FOUND, "api.err_year"),
            ApiError::NoPath => (StatusCode::NOT_FOUND, "api.err_path"),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "open data API request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "api.err_internal")
            }
        };
        let body = json!({ "error": { "th": tr(Lang::Th, key), "en": tr(Lang::En, key) } });
        let mut res = (status, body.to_string()).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(Kind::Json.content_type()),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        res
    }
}

fn run(r: Result<Response, ApiError>) -> Response {
    r.unwrap_or_else(IntoResponse::into_response)
}

/// What a response body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Json,
    Csv,
    JsonLd,
    Html,
}

impl Kind {
    fn content_type(self) -> &'static str {
        match self {
            Kind::Json => "application/json; charset=utf-8",
            Kind::Csv => "text/csv; charset=utf-8",
            Kind::JsonLd => "application/ld+json; charset=utf-8",
            Kind::Html => "text/html; charset=utf-8",
        }
    }
}

/// `scheme://host` of the request, for absolute URLs: https when the server sends secure
/// cookies (it is served over HTTPS) or a trusted proxy says so; the Host header when it is a
/// plain host name (anything else reads as `localhost`).
pub(crate) fn base_url(st: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let proxied_https = st.config.trust_proxy
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    let scheme = if st.config.secure_cookies || proxied_https {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// A site path as an absolute URL; external URLs stay as they are.
pub(crate) fn absolute(base: &str, href: &str) -> String {
    if href.starts_with('/') && !href.starts_with("//") {
        format!("{base}{href}")
    } else {
        href.to_owned()
    }
}

/// A strong validator of everything a response depends on.
fn strong_etag(ingredients: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"api|");
    h.update(ingredients.as_bytes());
    format!("\"{}\"", &hex::encode(h.finalize())[..32])
}

/// The validator of an answer about one agency: its audit position (every write moves it,
/// a link check that changes a state too), the day, the host and the address (with its format).
async fn agency_etag(
    st: &AppState,
    scope: &AgencyScope,
    base: &str,
    path: &str,
) -> Result<String, ApiError> {
    let seq = st.store.audit_position(scope).await?;
    Ok(strong_etag(&format!("{seq}|{}|{base}|{path}", today())))
}

fn cache_key(base: &str, path: &str) -> String {
    format!("api|{base}|{path}")
}

fn decorate(res: &mut Response, etag: &str) {
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag"),
    );
}

/// 304 when the client's copy is current, else the body kept for this validator.
fn validated(
    st: &AppState,
    headers: &HeaderMap,
    key: &str,
    etag: &str,
    kind: Kind,
    file_name: Option<&str>,
) -> Option<Response> {
    if let Some(mut r) = not_modified(headers, etag) {
        decorate(&mut r, etag);
        return Some(r);
    }
    let page = st.pages.get(key, etag)?;
    Some(respond(page.body, etag, kind, file_name))
}

/// Keep a computed body for its validator, and send it.
fn keep(
    st: &AppState,
    key: String,
    etag: &str,
    body: Vec<u8>,
    kind: Kind,
    file_name: Option<&str>,
) -> Response {
    let body = Bytes::from(body);
    st.pages.put(key, etag.to_owned(), body.clone());
    respond(body, etag, kind, file_name)
}

fn respond(body: Bytes, etag: &str, kind: Kind, file_name: Option<&str>) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(kind.content_type()),
    );
    if let Some(v) =
        file_name.and_then(|n| HeaderValue::from_str(&format!("attachment; filename=\"{n}\"")).ok())
    {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    if kind == Kind::Html {
        // the page is in the visitor's language, chosen by a cookie
        res.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Cookie"));
    }
    decorate(&mut res, etag);
    res
}

fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec_pretty(v).map_err(|e| ApiError::Internal(format!("json: {e}")))
}

fn name_en(a: &Agency) -> Option<String> {
    a.name_en.clone().filter(|n| !n.trim().is_empty())
}

// ---------------------------------------------------------------------------------------------
// /api/v1/agencies
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct AgencyList {
    agencies: Vec<AgencyOut>,
}

#[derive(Serialize)]
struct AgencyOut {
    slug: String,
    name_th: String,
    name_en: Option<String>,
    kind: &'static str,
    kind_label_th: &'static str,
    kind_label_en: &'static str,
    province: String,
    portal_url: String,
    catalog_url: String,
    years: Vec<i32>,
    data: Vec<YearLinks>,
}

#[derive(Serialize)]
struct YearLinks {
    fiscal_year: i32,
    portal: String,
    disclosures_json: String,
    disclosures_csv: String,
    readiness_json: String,
    readiness_csv: String,
}

/// `/api/v1/agencies`: every agency with the addresses of its data.
pub async fn agencies(State(st): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    run(agencies_answer(&st, &headers, uri.path()).await)
}

async fn agencies_answer(
    st: &AppState,
    headers: &HeaderMap,
    path: &str,
) -> Result<Response, ApiError> {
    let base = base_url(st, headers);
    let list = st.store.list_agencies().await?;
    let years = crate::pages::disclosure::framework_years(st);
    // what the answer is made of: the agencies' public fields and the years
    let mut ingredients = format!("{base}|{path}|{years:?}");
    for a in &list {
        let _ = write!(
            ingredients,
            "|{}\u{1f}{}\u{1f}{}\u{1f}{:?}\u{1f}{}\u{1f}{}\u{1f}{}",
            a.id,
            a.slug,
            a.name_th,
            a.name_en,
            a.kind,
            a.province,
            a.updated_at.timestamp_micros()
        );
    }
    let etag = strong_etag(&ingredients);
    if let Some(mut r) = not_modified(headers, &etag) {
        decorate(&mut r, &etag);
        return Ok(r);
    }
    let out = AgencyList {
        agencies: list
            .iter()
            .map(|a| {
                let kind = a.kind();
                let slug = &a.slug;
                AgencyOut {
                    slug: slug.clone(),
                    name_th: a.name_th.clone(),
                    name_en: name_en(a),
                    kind: kind.code(),
                    kind_label_th: kind.label_th(),
                    kind_label_en: kind.label_en(),
                    province: a.province.clone(),
                    portal_url: format!("{base}/{slug}/ita"),
                    catalog_url: format!("{base}/api/v1/agencies/{slug}/catalog.jsonld"),
                    years: years.clone(),
                    data: years
                        .iter()
                        .map(|y| {
                            let api = format!("{base}/api/v1/agencies/{slug}/ita/{y}");
                            YearLinks {
                                fiscal_year: *y,
                                portal: format!("{base}/{slug}/ita/{y}"),
                                disclosures_json: format!("{api}/disclosures.json"),
                                disclosures_csv: format!("{api}/disclosures.csv"),
                                readiness_json: format!("{api}/readiness.json"),
                                readiness_csv: format!("{api}/readiness.csv"),
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    Ok(respond(to_json(&out)?.into(), &etag, Kind::Json, None))
}

// ---------------------------------------------------------------------------------------------
// One agency's year: disclosures and readiness
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    DisclosuresJson,
    DisclosuresCsv,
    ReadinessJson,
    ReadinessCsv,
}

impl Doc {
    fn kind(self) -> Kind {
        match self {
            Doc::DisclosuresJson | Doc::ReadinessJson => Kind::Json,
            Doc::DisclosuresCsv | Doc::ReadinessCsv => Kind::Csv,
        }
    }
    fn stem(self) -> &'static str {
        match self {
            Doc::DisclosuresJson | Doc::DisclosuresCsv => "disclosures",
            Doc::ReadinessJson | Doc::ReadinessCsv => "readiness",
        }
    }
}

#[derive(Serialize)]
struct AgencyRef {
    slug: String,
    name_th: String,
    name_en: Option<String>,
}

impl AgencyRef {
    fn of(a: &Agency) -> Self {
        Self {
            slug: a.slug.clone(),
            name_th: a.name_th.clone(),
            name_en: name_en(a),
        }
    }
}

#[derive(Serialize)]
struct PeriodOut {
    fiscal_year: i32,
    code: String,
    start: NaiveDate,
    end: NaiveDate,
    label_th: String,
    label_en: String,
}

impl PeriodOut {
    fn of(p: &Period) -> Self {
        Self {
            fiscal_year: p.fiscal_year.be(),
            code: p.code(),
            start: p.start,
            end: p.end,
            label_th: p.label_th(Digits::Arabic),
            label_en: p.label_en(),
        }
    }
}

#[derive(Serialize)]
struct FileOut {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    media_type: &'static str,
    size: i64,
}

#[derive(Serialize)]
struct EvidenceOut {
    title: String,
    kind: &'static str,
    url: String,
    period: Option<String>,
    period_label_th: Option<String>,
    period_label_en: Option<String>,
    published_on: Option<NaiveDate>,
    data_year: Option<i32>,
    dead: bool,
    file: Option<FileOut>,
}

impl EvidenceOut {
    fn of(base: &str, slug: &str, e: &EvidenceView) -> Self {
        // the same address the portal links to
        let (href, _) = evidence_href(slug, e);
        let period = e.period();
        Self {
            title: e.evidence.label.clone(),
            kind: match e.evidence.kind.as_str() {
                "document" => "document",
                "page" => "page",
                _ => "link",
            },
            url: absolute(base, &href),
            period: period.map(|p| p.code()),
            period_label_th: period.map(|p| p.label_th(Digits::Arabic)),
            period_label_en: period.map(|p| p.label_en()),
            published_on: e.evidence.published_on,
            data_year: e.evidence.data_year,
            dead: e.is_dead(),
            file: e.document.as_ref().map(|d| FileOut {
                name: d.file_name.clone(),
                kind: d.kind.clone(),
                media_type: FileKind::from_extension(&d.kind)
                    .map(FileKind::mime)
                    .unwrap_or("application/octet-stream"),
                size: d.size,
            }),
        }
    }
}

#[derive(Serialize)]
struct ItemOut {
    code: String,
    title_th: String,
    indicator: Option<u32>,
    indicator_name_th: Option<String>,
    sub_indicator: String,
    sub_indicator_name_th: Option<String>,
    cadence: Cadence,
    data_year: DataYear,
    state: &'static str,
    state_label_th: &'static str,
    state_label_en: &'static str,
    reasons: Vec<Reason>,
    explanation: Option<String>,
    permalink: String,
    evidence: Vec<EvidenceOut>,
}

#[derive(Serialize)]
struct DisclosuresOut {
    agency: AgencyRef,
    fiscal_year: i32,
    framework_title_th: String,
    as_of: NaiveDate,
    portal_url: String,
    license: &'static str,
    items: Vec<ItemOut>,
}

#[derive(Serialize)]
struct IndicatorOut {
    number: u32,
    name_th: String,
    score: Option<f64>,
}

#[derive(Serialize)]
struct PredictionOut {
    oit: Option<f64>,
    items_yes: usize,
    items_total: usize,
    indicators: Vec<IndicatorOut>,
}

#[derive(Serialize)]
struct ReadinessItemOut {
    code: String,
    title_th: String,
    state: &'static str,
    reasons: Vec<Reason>,
    required: Vec<PeriodOut>,
    missing: Vec<PeriodOut>,
    next_due: Option<NaiveDate>,
}

#[derive(Serialize)]
struct ReadinessOut {
    agency: AgencyRef,
    fiscal_year: i32,
    as_of: NaiveDate,
    tally: Tally,
    percent_complete: u32,
    prediction: PredictionOut,
    items: Vec<ReadinessItemOut>,
}

/// A score to two decimals, as ITA reports write them.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `2566/month:10; 2566/month:11`.
fn periods_cell(ps: &[PeriodOut]) -> String {
    ps.iter()
        .map(|p| format!("{}/{}", p.fiscal_year, p.code))
        .collect::<Vec<_>>()
        .join("; ")
}

fn reasons_cell(rs: &[Reason], lang: Lang) -> String {
    rs.iter()
        .map(|r| match lang {
            Lang::Th => r.th.as_str(),
            Lang::En => r.en.as_str(),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn csv(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>, ApiError> {
    prongsai_docs::csv::to_csv(header, rows)
        .map(String::into_bytes)
        .map_err(|e| ApiError::Internal(format!("csv: {e}")))
}

/// The disclosures of a year, as the portal shows them.
async fn disclosures_of(
    st: &AppState,
    scope: &AgencyScope,
    a: &Agency,
    fw: &Framework,
    base: &str,
) -> Result<DisclosuresOut, ApiError> {
    let ys = year_state(st, scope, fw).await?;
    let be = fw.fiscal_year.be();
    let slug = &a.slug;
    let items = fw
        .items
        .iter()
        .zip(&ys.readiness)
        .map(|(it, r)| {
            let sub = fw.sub_indicator(&it.sub_indicator);
            let ind = sub.and_then(|s| fw.indicator(s.indicator));
            let d = ys.items.get(&it.code);
            ItemOut {
                code: it.code.clone(),
                title_th: it.title_th.clone(),
                indicator: ind.map(|i| i.number),
                indicator_name_th: ind.map(|i| i.name_th.clone()),
                sub_indicator: it.sub_indicator.clone(),
                sub_indicator_name_th: sub.map(|s| s.name_th.clone()),
                cadence: it.cadence,
                data_year: it.data_year,
                state: r.state.code(),
                state_label_th: r.state.label_th(),
                state_label_en: r.state.label_en(),
                reasons: r.reasons.clone(),
                explanation: d
                    .and_then(|d| d.disclosure.as_ref())
                    .and_then(|x| x.explanation.clone()),
                permalink: format!("{base}/{slug}/ita/{be}/{}", it.code),
                evidence: d
                    .map(|d| {
                        d.evidence
                            .iter()
                            .filter(|e| e.is_public())
                            .map(|e| EvidenceOut::of(base, slug, e))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    Ok(DisclosuresOut {
        agency: AgencyRef::of(a),
        fiscal_year: be,
        framework_title_th: fw.title_th.clone(),
        as_of: as_of(fw.fiscal_year),
        portal_url: format!("{base}/{slug}/ita/{be}"),
        license: LICENSE,
        items,
    })
}

const DISCLOSURE_COLUMNS: [&str; 19] = [
    "fiscal_year",
    "code",
    "title_th",
    "indicator",
    "sub_indicator",
    "sub_indicator_name_th",
    "state",
    "reasons_th",
    "reasons_en",
    "explanation",
    "permalink",
    "evidence_title",
    "evidence_kind",
    "evidence_url",
    "period",
    "published_on",
    "data_year",
    "file_type",
    "file_size",
];

/// One row per piece of evidence; an item without evidence has one row with the evidence
/// columns empty.
fn disclosures_csv(d: &DisclosuresOut) -> Result<Vec<u8>, ApiError> {
    let mut rows = Vec::new();
    for it in &d.items {
        let item = [
            d.fiscal_year.to_string(),
            it.code.clone(),
            it.title_th.clone(),
            it.indicator.map(|n| n.to_string()).unwrap_or_default(),
            it.sub_indicator.clone(),
            it.sub_indicator_name_th.clone().unwrap_or_default(),
            it.state.to_owned(),
            reasons_cell(&it.reasons, Lang::Th),
            reasons_cell(&it.reasons, Lang::En),
            it.explanation.clone().unwrap_or_default(),
            it.permalink.clone(),
        ];
        if it.evidence.is_empty() {
            let mut row = item.to_vec();
            row.resize(DISCLOSURE_COLUMNS.len(), String::new());
            rows.push(row);
        }
        for e in &it.evidence {
            let mut row = item.to_vec();
            row.extend([
                e.title.clone(),
                e.kind.to_owned(),
                e.url.clone(),
                e.period.clone().unwrap_or_default(),
                e.published_on.map(|d| d.to_string()).unwrap_or_default(),
                e.data_year.map(|y| y.to_string()).unwrap_or_default(),
                e.file.as_ref().map(|f| f.kind.clone()).unwrap_or_default(),
                e.file
                    .as_ref()
                    .map(|f| f.size.to_string())
                    .unwrap_or_default(),
            ]);
            rows.push(row);
        }
    }
    csv(&DISCLOSURE_COLUMNS, rows)
}

/// The readiness of a year: tally, predicted OIT score, and every item.
async fn readiness_of(
    st: &AppState,
    scope: &AgencyScope,
    a: &Agency,
    fw: &Framework,
) -> Result<ReadinessOut, ApiError> {
    let ys = year_state(st, scope, fw).await?;
    let tally = Tally::of(&ys.readiness);
    let p = predict(fw, &ys.readiness);
    Ok(ReadinessOut {
        agency: AgencyRef::of(a),
        fiscal_year: fw.fiscal_year.be(),
        as_of: as_of(fw.fiscal_year),
        percent_complete: tally.percent_complete(),
        tally,
        prediction: PredictionOut {
            oit: p.oit.map(round2),
            items_yes: p.items_yes,
            items_total: p.items_total,
            indicators: p
                .indicators
                .iter()
                .map(|i| IndicatorOut {
                    number: i.number,
                    name_th: i.name_th.clone(),
                    score: i.score.map(round2),
                })
                .collect(),
        },
        items: fw
            .items
            .iter()
            .zip(&ys.readiness)
            .map(|(it, r)| ReadinessItemOut {
                code: it.code.clone(),
                title_th: it.title_th.clone(),
                state: r.state.code(),
                reasons: r.reasons.clone(),
                required: r.required.iter().map(PeriodOut::of).collect(),
                missing: r.missing.iter().map(PeriodOut::of).collect(),
                next_due: r.next_due,
            })
            .collect(),
    })
}

const READINESS_COLUMNS: [&str; 10] = [
    "fiscal_year",
    "as_of",
    "code",
    "title_th",
    "state",
    "required_periods",
    "missing_periods",
    "next_due",
    "reasons_th",
    "reasons_en",
];

/// One row per item.
fn readiness_csv(r: &ReadinessOut) -> Result<Vec<u8>, ApiError> {
    let rows = r
        .items
        .iter()
        .map(|it| {
            vec![
                r.fiscal_year.to_string(),
                r.as_of.to_string(),
                it.code.clone(),
                it.title_th.clone(),
                it.state.to_owned(),
                periods_cell(&it.required),
                periods_cell(&it.missing),
                it.next_due.map(|d| d.to_string()).unwrap_or_default(),
                reasons_cell(&it.reasons, Lang::Th),
                reasons_cell(&it.reasons, Lang::En),
            ]
        })
        .collect();
    csv(&READINESS_COLUMNS, rows)
}

async fn agency_year(
    st: &AppState,
    headers: &HeaderMap,
    path: &str,
    slug: &str,
    year: &str,
    doc: Doc,
) -> Result<Response, ApiError> {
    let (scope, a) = st
        .store
        .agency_by_slug(slug)
        .await?
        .ok_or(ApiError::NoAgency)?;
    let fw = framework_of(st, year).map_err(|_| ApiError::NoYear)?;
    let base = base_url(st, headers);
    let etag = agency_etag(st, &scope, &base, path).await?;
    let key = cache_key(&base, path);
    let kind = doc.kind();
    let file_name = (kind == Kind::Csv)
        .then(|| format!("{}-ita-{}-{}.csv", a.slug, fw.fiscal_year.be(), doc.stem()));
    if let Some(r) = validated(st, headers, &key, &etag, kind, file_name.as_deref()) {
        return Ok(r);
    }
    let body = match doc {
        Doc::DisclosuresJson => to_json(&disclosures_of(st, &scope, &a, fw, &base).await?)?,
        Doc::DisclosuresCsv => disclosures_csv(&disclosures_of(st, &scope, &a, fw, &base).await?)?,
        Doc::ReadinessJson => to_json(&readiness_of(st, &scope, &a, fw).await?)?,
        Doc::ReadinessCsv => readiness_csv(&readiness_of(st, &scope, &a, fw).await?)?,
    };
    Ok(keep(st, key, &etag, body, kind, file_name.as_deref()))
}

/// `/api/v1/agencies/{agency}/ita/{year}/disclosures.json`
pub async fn disclosures_json(
    State(st): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path((slug, year)): Path<(String, String)>,
) -> Response {
    run(agency_year(
        &st,
        &headers,
        uri.path(),
        &slug,
        &year,
        Doc::DisclosuresJson,
    )
    .await)
}

/// `/api/v1/agencies/{agency}/ita/{year}/disclosures.csv`
pub async fn disclosures_csv_file(
    State(st): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path((slug, year)): Path<(String, String)>,
) -> Response {
    run(agency_year(&st, &headers, uri.path(), &slug, &year, Doc::DisclosuresCsv).await)
}

/// `/api/v1/agencies/{agency}/ita/{year}/readiness.json`
pub async fn readiness_json(
    State(st): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path((slug, year)): Path<(String, String)>,
) -> Response {
    run(agency_year(&st, &headers, uri.path(), &slug, &year, Doc::ReadinessJson).await)
}

/// `/api/v1/agencies/{agency}/ita/{year}/readiness.csv`
pub async fn readiness_csv_file(
    State(st): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path((slug, year)): Path<(String, String)>,
) -> Response {
    run(agency_year(&st, &headers, uri.path(), &slug, &year, Doc::ReadinessCsv).await)
}

// ---------------------------------------------------------------------------------------------
// DCAT JSON-LD catalogue
// ---------------------------------------------------------------------------------------------

/// A catalogue string in Thai and English, as JSON-LD language-tagged values.
fn both(key: &str) -> Value {
    pair(tr(Lang::Th, key).to_owned(), tr(Lang::En, key).to_owned())
}

fn pair(th: String, en: String) -> Value {
    json!([
        { "@value": th, "@language": "th" },
        { "@value": en, "@language": "en" },
    ])
}

fn date_time(t: DateTime<Utc>) -> Value {
    json!({
        "@value": t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "@type": "xsd:dateTime",
    })
}

fn date(d: NaiveDate) -> Value {
    json!({ "@value": d.to_string(), "@type": "xsd:date" })
}

fn jsonld_context() -> Value {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    })
}

const THAI: &str = "http://publications.europa.eu/resource/authority/language/THA";

/// The agency as publisher (`foaf:Organization`).
fn organization(base: &str, a: &Agency) -> Value {
    let mut org = json!({
        "@id": format!("{base}/{}#organization", a.slug),
        "@type": "foaf:Organization",
        "foaf:name": pair(
            a.name_th.clone(),
            name_en(a).unwrap_or_else(|| a.name_th.clone()),
        ),
        "foaf:homepage": { "@id": format!("{base}/{}", a.slug) },
    });
    if let Some(m) = a.email.as_deref().filter(|m| !m.trim().is_empty()) {
        org["foaf:mbox"] = json!({ "@id": format!("mailto:{}", m.trim()) });
    }
    org
}

/// Whom to ask about a dataset (`vcard:Organization`).
fn contact_point(base: &str, a: &Agency) -> Value {
    let mut c = json!({
        "@type": "vcard:Organization",
        "vcard:fn": a.name_th,
        "vcard:hasURL": { "@id": format!("{base}/{}/ita", a.slug) },
    });
    if let Some(m) = a.email.as_deref().filter(|m| !m.trim().is_empty()) {
        c["vcard:hasEmail"] = json!({ "@id": format!("mailto:{}", m.trim()) });
    }
    if let Some(p) = a.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        let digits: String = p
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        if !digits.is_empty() {
            c["vcard:hasTelephone"] = json!({ "@id": format!("tel:{digits}") });
        }
    }
    c
}

fn distribution(
    url: String,
    title_key: &str,
    format: &str,
    media_type: &str,
    modified: DateTime<Utc>,
) -> Value {
    json!({
        "@id": format!("{url}#distribution"),
        "@type": "dcat:Distribution",
        "dct:title": both(title_key),
        "dcat:accessURL": { "@id": url },
        "dcat:downloadURL": { "@id": url },
        "dct:format": format,
        "dcat:mediaType": media_type,
        "dct:license": { "@id": LICENSE },
        "dct:modified": date_time(modified),
    })
}

/// One agency's OIT disclosures of one fiscal year as a `dcat:Dataset`.
fn dataset(base: &str, a: &Agency, fw: &Framework, modified: DateTime<Utc>) -> Value {
    let be = fw.fiscal_year.be();
    let slug = &a.slug;
    let api = format!("{base}/api/v1/agencies/{slug}/ita/{be}");
    let landing = format!("{base}/{slug}/ita/{be}");
    let en_name = name_en(a).unwrap_or_else(|| a.name_th.clone());
    json!({
        "@id": format!("{landing}#dataset"),
        "@type": "dcat:Dataset",
        "dct:identifier": format!("{slug}-ita-{be}"),
        "dct:title": pair(
            format!("{} {be} · {}", tr(Lang::Th, "api.dataset_title"), a.name_th),
            format!("{} {be} · {en_name}", tr(Lang::En, "api.dataset_title")),
        ),
        "dct:description": both("api.dataset_desc"),
        "dct:publisher": organization(base, a),
        "dcat:contactPoint": contact_point(base, a),
        "dcat:keyword": ["ITA", "OIT", "ความโปร่งใส"],
        "dct:language": { "@id": THAI },
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": date(fw.fiscal_year.start()),
            "dcat:endDate": date(fw.fiscal_year.end()),
        },
        "dct:modified": date_time(modified),
        "dcat:landingPage": { "@id": landing },
        "dct:license": { "@id": LICENSE },
        "dcat:distribution": [
            distribution(
                format!("{api}/disclosures.json"),
                "api.dist_json",
                "JSON",
                "application/json",
                modified,
            ),
            distribution(
                format!("{api}/disclosures.csv"),
                "api.dist_csv",
                "CSV",
                "text/csv",
                modified,
            ),
        ],
    })
}

/// When a year's published data last changed: the newest change of an item's answer, of its
/// public evidence and their documents, or of the agency itself (its names are in the title).
/// Removing evidence leaves no row behind, so it does not move this date.
async fn modified_of(
    st: &AppState,
    scope: &AgencyScope,
    a: &Agency,
    fw: &Framework,
) -> Result<DateTime<Utc>, ApiError> {
    let items = st.store.disclosures(scope, fw.fiscal_year).await?;
    let mut m = a.updated_at;
    for d in items.values() {
        if let Some(x) = &d.disclosure {
            m = m.max(x.updated_at);
        }
        for e in d.evidence.iter().filter(|e| e.is_public()) {
            m = m.max(e.evidence.created_at);
            if let Some(doc) = &e.document {
                m = m.max(doc.updated_at);
            }
        }
    }
    Ok(m)
}

/// `/api/v1/catalog.jsonld`: one dataset per agency and fiscal year.
pub async fn catalog(State(st): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    run(catalog_answer(&st, &headers, uri.path(), None).await)
}

/// `/api/v1/agencies/{agency}/catalog.jsonld`: the datasets of one agency.
pub async fn agency_catalog(
    State(st): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Response {
    run(catalog_answer(&st, &headers, uri.path(), Some(&slug)).await)
}

async fn catalog_answer(
    st: &AppState,
    headers: &HeaderMap,
    path: &str,
    only: Option<&str>,
) -> Result<Response, ApiError> {
    let base = base_url(st, headers);
    let agencies: Vec<(AgencyScope, Agency)> = match only {
        Some(slug) => vec![st
            .store
            .agency_by_slug(slug)
            .await?
            .ok_or(ApiError::NoAgency)?],
        None => {
            let mut out = Vec::new();
            for a in st.store.list_agencies().await? {
                if let Some(x) = st.store.agency_by_id(a.id).await? {
                    out.push(x);
                }
            }
            out
        }
    };
    let years = crate::pages::disclosure::framework_years(st);
    let mut ingredients = format!("{}|{base}|{path}|{years:?}", today());
    for (scope, a) in &agencies {
        let seq = st.store.audit_position(scope).await?;
        let _ = write!(
            ingredients,
            "|{}:{seq}:{}",
            a.id,
            a.updated_at.timestamp_micros()
        );
    }
    let etag = strong_etag(&ingredients);
    let key = cache_key(&base, path);
    if let Some(r) = validated(st, headers, &key, &etag, Kind::JsonLd, None) {
        return Ok(r);
    }
    let mut datasets = Vec::new();
    let mut newest: Option<DateTime<Utc>> = None;
    for (scope, a) in &agencies {
        for y in &years {
            let Some(fw) = st.frameworks.get(*y) else {
                continue;
            };
            let m = modified_of(st, scope, a, fw).await?;
            newest = newest.max(Some(m));
            datasets.push(dataset(&base, a, fw, m));
        }
    }
    let mut doc = json!({
        "@context": jsonld_context(),
        "@id": absolute(&base, path),
        "@type": "dcat:Catalog",
        "dct:title": both("api.catalog_title"),
        "dct:description": both("api.catalog_desc"),
        "foaf:homepage": { "@id": format!("{base}/") },
        "dct:language": { "@id": THAI },
        "dct:license": { "@id": LICENSE },
        "dcat:dataset": datasets,
    });
    if let Some(m) = newest {
        doc["dct:modified"] = date_time(m);
    }
    if let (Some(_), [(_, a)]) = (only, agencies.as_slice()) {
        let en_name = name_en(a).unwrap_or_else(|| a.name_th.clone());
        doc["dct:title"] = pair(
            format!("{} · {}", tr(Lang::Th, "api.catalog_title"), a.name_th),
            format!("{} · {en_name}", tr(Lang::En, "api.catalog_title")),
        );
        doc["dct:publisher"] = organization(&base, a);
        doc["foaf:homepage"] = json!({ "@id": format!("{base}/{}", a.slug) });
    }
    Ok(keep(st, key, &etag, to_json(&doc)?, Kind::JsonLd, None))
}

// ---------------------------------------------------------------------------------------------
// OpenAPI and the documentation page
// ---------------------------------------------------------------------------------------------

/// `/api/openapi.json`
pub async fn openapi(headers: HeaderMap) -> Response {
    let etag = strong_etag(OPENAPI);
    if let Some(mut r) = not_modified(&headers, &etag) {
        decorate(&mut r, &etag);
        return r;
    }
    respond(
        Bytes::from_static(OPENAPI.as_bytes()),
        &etag,
        Kind::Json,
        None,
    )
}

/// An unknown address under `/api/`: a JSON 404.
pub async fn not_found() -> Response {
    ApiError::NoPath.into_response()
}

/// A parameter of an endpoint, for people.
pub struct DocParam {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub description: String,
}

/// An endpoint, for people.
pub struct DocEndpoint {
    /// Where its first tag is in the document's list of tags (the order of the page).
    pub tag: usize,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub params: Vec<DocParam>,
    pub formats: Vec<String>,
    /// The address with the parameters filled in.
    pub example: String,
}

#[derive(Template)]
#[template(path = "api/docs.html")]
struct DocsPage {
    page: Page,
    title: String,
    summary: String,
    description: String,
    version: String,
    endpoints: Vec<DocEndpoint>,
}

/// A field in the language wanted: `x-{field}-th` is the Thai of `{field}`.
fn localized(v: &Value, field: &str, lang: Lang) -> String {
    let en = v.get(field).and_then(Value::as_str);
    let th = v.get(format!("x-{field}-th")).and_then(Value::as_str);
    match lang {
        Lang::Th => th.or(en),
        Lang::En => en.or(th),
    }
    .unwrap_or_default()
    .to_owned()
}

/// `{"$ref": "#/components/…"}` followed within the document.
fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    v.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| spec.pointer(p))
        .unwrap_or(v)
}

/// The endpoints of the OpenAPI document in the order of their tags, with example addresses
/// for `agency` and `year`.
pub(crate) fn endpoints(spec: &Value, lang: Lang, agency: &str, year: i32) -> Vec<DocEndpoint> {
    let mut out = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return out;
    };
    let tags: Vec<&str> = spec
        .get("tags")
        .and_then(Value::as_array)
        .map(|ts| {
            ts.iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    for (path, item) in paths {
        let Some(ops) = item.as_object() else {
            continue;
        };
        for (method, op) in ops {
            if !["get", "head", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            let p = resolve(spec, p);
                            DocParam {
                                name: p
                                    .get("name")
                                    .and_then(Value::as_str)
                                    .unwrap_or_default()
                                    .to_owned(),
                                location: p
                                    .get("in")
                                    .and_then(Value::as_str)
                                    .unwrap_or_default()
                                    .to_owned(),
                                required: p
                                    .get("required")
                                    .and_then(Value::as_bool)
                                    .unwrap_or(false),
                                description: localized(p, "description", lang),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let formats = op
                .pointer("/responses/200/content")
                .and_then(Value::as_object)
                .map(|c| c.keys().cloned().collect())
                .unwrap_or_default();
            let tag = op
                .pointer("/tags/0")
                .and_then(Value::as_str)
                .and_then(|t| tags.iter().position(|x| *x == t))
                .unwrap_or(usize::MAX);
            out.push(DocEndpoint {
                tag,
                method: method.to_uppercase(),
                example: path
                    .replace("{agency}", agency)
                    .replace("{year}", &year.to_string()),
                path: path.clone(),
                summary: localized(op, "summary", lang),
                description: localized(op, "description", lang),
                params,
                formats,
            });
        }
    }
    out.sort_by_key(|e| (e.tag, e.path.clone()));
    out
}

/// `/api/docs`: the endpoints described for people, from the OpenAPI document.
pub async fn docs(State(st): State<AppState>, ctx: Ctx, headers: HeaderMap) -> Response {
    run(docs_answer(&st, &ctx, &headers).await)
}

async fn docs_answer(st: &AppState, ctx: &Ctx, headers: &HeaderMap) -> Result<Response, ApiError> {
    // examples that answer: the first agency and the year the portal opens on
    let agency = st
        .store
        .list_agencies()
        .await?
        .into_iter()
        .next()
        .map(|a| a.slug)
        .unwrap_or_else(|| "krathok".to_owned());
    let year = default_year(st).unwrap_or(2566);
    let lang = ctx.lang;
    let etag = strong_etag(&format!(
        "docs|{}|{}|{}|{agency}|{year}|{OPENAPI}",
        lang.code(),
        ctx.path,
        today()
    ));
    if let Some(mut r) = not_modified(headers, &etag) {
        decorate(&mut r, &etag);
        return Ok(r);
    }
    let spec: Value = serde_json::from_str(OPENAPI)
        .map_err(|e| ApiError::Internal(format!("api_openapi.json: {e}")))?;
    let info = spec.get("info").cloned().unwrap_or_default();
    let title = ctx.t("api.title").to_owned();
    let page = DocsPage {
        page: Page::public(ctx, &title),
        title,
        summary: localized(&info, "summary", lang),
        description: localized(&info, "description", lang),
        version: info
            .get("version")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        endpoints: endpoints(&spec, lang, &agency, year),
    };
    let html = page
        .render()
        .map_err(|e| ApiError::Internal(format!("template: {e}")))?;
    Ok(respond(html.into(), &etag, Kind::Html, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `/api/…` addresses the router registers (from app.rs and the features that route
    /// their own open data, catch-alls left out).
    fn registered() -> Vec<String> {
        let sources = [
            include_str!("../app.rs"),
            include_str!("procurement/ocds.rs"),
        ];
        let mut out: Vec<String> = sources
            .iter()
            .flat_map(|src| {
                src.match_indices(".route(").filter_map(|(i, _)| {
                    let rest = src[i + ".route(".len()..].trim_start();
                    let rest = rest.strip_prefix('"').filter(|r| r.starts_with("/api/"))?;
                    Some(rest[..rest.find('"')?].to_owned())
                })
            })
            .filter(|p| !p.contains("{*"))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn spec() -> Value {
        serde_json::from_str(OPENAPI).expect("api_openapi.json parses")
    }

    #[test]
    fn the_openapi_document_is_3_1_with_relative_servers() {
        let s = spec();
        assert_eq!(s["openapi"], "3.1.0");
        assert_eq!(s["servers"][0]["url"], "/");
        assert!(s["info"]["title"].is_string());
        // every reference points at something
        fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
            match v {
                Value::Object(m) => {
                    if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                        out.push(r);
                    }
                    m.values().for_each(|x| refs(x, out));
                }
                Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        refs(&s, &mut all);
        assert!(!all.is_empty());
        for r in all {
            let p = r.strip_prefix('#').expect("local reference");
            assert!(s.pointer(p).is_some(), "{r} resolves");
        }
    }

    #[test]
    fn every_registered_route_is_documented_and_every_documented_one_registered() {
        let s = spec();
        let documented: Vec<String> = s["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .cloned()
            .collect();
        let routes = registered();
        assert!(
            routes.len() >= 9,
            "the API routes are in app.rs: {routes:?}"
        );
        for r in &routes {
            assert!(
                documented.contains(r),
                "{r} is registered but not documented"
            );
        }
        for d in &documented {
            assert!(routes.contains(d), "{d} is documented but not registered");
        }
        // and each documented operation says what it is in both languages
        for e in endpoints(&s, Lang::En, "krathok", 2566) {
            assert!(
                !e.summary.is_empty() && !e.description.is_empty(),
                "{}",
                e.path
            );
            assert!(!e.example.contains('{'), "{}", e.example);
        }
        for e in endpoints(&s, Lang::Th, "krathok", 2566) {
            assert!(
                e.summary
                    .chars()
                    .any(|c| ('\u{0e00}'..='\u{0e7f}').contains(&c)),
                "Thai summary of {}",
                e.path
            );
        }
    }

    #[test]
    fn parameters_resolve_and_examples_fill_them() {
        let s = spec();
        let es = endpoints(&s, Lang::Th, "krathok", 2566);
        assert!(es[0].path.starts_with("/api/v1/"));
        let d = es
            .iter()
            .find(|e| e.path.ends_with("/disclosures.json"))
            .expect("disclosures.json");
        assert_eq!(
            d.example,
            "/api/v1/agencies/krathok/ita/2566/disclosures.json"
        );
        let names: Vec<&str> = d.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["agency", "year"]);
        assert!(d.params.iter().all(|p| p.required && p.location == "path"));
        assert_eq!(d.formats, ["application/json"]);
    }

    #[test]
    fn validators_and_addresses() {
        let e = strong_etag("a");
        assert!(e.starts_with('"') && e.ends_with('"') && !e.starts_with("W/"));
        assert_ne!(e, strong_etag("b"));
        assert_eq!(absolute("https://x.go.th", "/a/b"), "https://x.go.th/a/b");
        assert_eq!(
            absolute("https://x.go.th", "https://e.org/"),
            "https://e.org/"
        );
        assert_eq!(absolute("https://x.go.th", "//e.org/"), "//e.org/");
        assert_eq!(round2(66.666_666), 66.67);
    }
}

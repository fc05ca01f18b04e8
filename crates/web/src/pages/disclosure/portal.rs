//! The public transparency portal: `/{agency}/ita/{year}`, the OIT page of a year as citizens
//! and assessors read it (indicator and sub-indicator sections; each item with its code, title
//! and links that open the evidence directly; items not yet complete say why), and
//! `/{agency}/ita/{year}/{code}`, one item alone on its stable address (what ITAS asks the
//! agency to submit). No login; earlier years stay published.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::disclosure::{assess, Readiness};
use prongsai_domain::framework::{Framework, Item, ToolCode};
use prongsai_domain::Lang;
use prongsai_store::disclosure::ItemDisclosure;
use prongsai_store::tenancy::Agency;
use sha2::{Digest, Sha256};

use super::{evidence_href, framework_of, period_label, reasons, state_label, year_state};
use crate::app::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::{agency_name, fmt_date, today, Page};

/// A link of an item on the portal.
pub struct PublicLink {
    pub label: String,
    pub href: String,
    pub file: Option<String>,
    pub period: String,
    pub external: bool,
}

/// A piece of evidence on an item's permalink: the link, the data it shows (its period, else
/// its fiscal year, else standing information), when it was published, and whether the link
/// checker found it dead (then it is shown without a link: the page has no dead links).
pub struct PermalinkEvidence {
    pub link: PublicLink,
    pub published: Option<String>,
    pub dead: bool,
    /// For an earlier version: the day it was replaced.
    pub replaced_on: Option<String>,
}

/// What an evidence's data covers, in words.
fn covers_label(lang: Lang, e: &prongsai_store::disclosure::EvidenceView) -> String {
    match (e.period(), e.evidence.data_year) {
        (Some(p), _) => period_label(lang, &p),
        (None, Some(y)) => prongsai_domain::calendar::FiscalYear::new(y)
            .map(|fy| period_label(lang, &fy.whole()))
            .unwrap_or_default(),
        (None, None) => String::new(),
    }
}

/// The public evidence of an item for its permalink: the current pieces, and the earlier
/// versions of replaced ones (newest first).
fn permalink_evidence(
    lang: Lang,
    slug: &str,
    d: &ItemDisclosure,
) -> (Vec<PermalinkEvidence>, Vec<PermalinkEvidence>) {
    let replaced_at = |id: Option<i64>| {
        id.and_then(|id| {
            d.evidence
                .iter()
                .chain(d.earlier.iter())
                .find(|e| e.evidence.id == id)
        })
        .map(|e| {
            fmt_date(
                lang,
                e.evidence
                    .created_at
                    .with_timezone(&crate::view::bangkok())
                    .date_naive(),
            )
        })
    };
    let one = |e: &prongsai_store::disclosure::EvidenceView| {
        let (href, file) = evidence_href(slug, e);
        PermalinkEvidence {
            link: PublicLink {
                label: e.evidence.label.clone(),
                external: e.evidence.kind == "link",
                href,
                file,
                period: covers_label(lang, e),
            },
            published: e.evidence.published_on.map(|p| fmt_date(lang, p)),
            dead: e.is_dead(),
            replaced_on: replaced_at(e.evidence.superseded_by),
        }
    };
    (
        d.evidence
            .iter()
            .filter(|e| e.is_public())
            .map(one)
            .collect(),
        d.earlier
            .iter()
            .filter(|e| e.is_public())
            .map(one)
            .collect(),
    )
}

pub struct PublicItem {
    pub code: String,
    pub title: String,
    pub complete: bool,
    pub state: &'static str,
    pub state_label: &'static str,
    pub reasons: Vec<String>,
    pub links: Vec<PublicLink>,
}

pub struct PublicSub {
    pub code: String,
    pub name: String,
    pub items: Vec<PublicItem>,
}

pub struct PublicIndicator {
    pub number: u32,
    pub name: String,
    pub subs: Vec<PublicSub>,
}

#[derive(Template)]
#[template(path = "disclosure/portal.html")]
struct PortalPage {
    page: Page,
    slug: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    indicators: Vec<PublicIndicator>,
    complete: usize,
    total: usize,
    today: String,
}

/// The public links of an item's evidence (internal documents are left out).
fn public_links(lang: Lang, slug: &str, d: Option<&ItemDisclosure>) -> Vec<PublicLink> {
    d.map(|d| {
        d.evidence
            .iter()
            .filter(|e| e.is_public())
            .map(|e| {
                let (href, file) = evidence_href(slug, e);
                PublicLink {
                    label: e.evidence.label.clone(),
                    external: e.evidence.kind == "link",
                    href,
                    file,
                    period: e
                        .period()
                        .map(|p| period_label(lang, &p))
                        .unwrap_or_default(),
                }
            })
            .collect()
    })
    .unwrap_or_default()
}

async fn agency_of(
    st: &AppState,
    slug: &str,
) -> Result<(prongsai_store::AgencyScope, Agency), AppError> {
    st.store
        .agency_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// A weak validator of what a page shows: the agency's audit position (every write moves it,
/// link checks that change a state too), the day (readiness depends on it), the language and
/// the address.
async fn page_etag(
    st: &AppState,
    scope: &prongsai_store::AgencyScope,
    ctx: &Ctx,
) -> Result<String, AppError> {
    let seq = st.store.audit_position(scope).await?;
    let mut h = Sha256::new();
    h.update(format!(
        "{seq}|{}|{}|{}",
        today(),
        ctx.lang.code(),
        ctx.path
    ));
    Ok(format!("W/\"{}\"", &hex::encode(h.finalize())[..20]))
}

/// 304 when the browser's copy is current.
pub(crate) fn not_modified(headers: &HeaderMap, etag: &str) -> Option<Response> {
    let hit = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    hit.then(|| {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        with_validators(&mut res, etag);
        res
    })
}

/// The stored page when it was rendered for this validator.
fn cached(st: &AppState, ctx: &Ctx, headers: &HeaderMap, etag: &str) -> Option<Response> {
    let page = st.pages.get(&cache_key(ctx), etag)?;
    Some(page_response(&page, headers, etag))
}

/// The page validated within the last second, without asking the database (304 when the
/// browser has it).
fn fresh(st: &AppState, ctx: &Ctx, headers: &HeaderMap) -> Option<Response> {
    let (etag, page) = st.pages.fresh(&cache_key(ctx))?;
    not_modified(headers, &etag).or_else(|| Some(page_response(&page, headers, &etag)))
}

/// A stored page as HTML, gzip-compressed when the browser accepts it.
fn page_response(page: &crate::cache::Cached, headers: &HeaderMap, etag: &str) -> Response {
    let (body, gzip) = page.for_client(crate::cache::accepts_gzip(headers));
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // the page is in the visitor's language (a cookie) and maybe compressed
    h.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, cookie"),
    );
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    with_validators(&mut res, etag);
    res
}

fn cache_key(ctx: &Ctx) -> String {
    format!("{}|{}", ctx.lang.code(), ctx.path)
}

/// Keep a rendered page for its validator, and send it.
async fn keep(
    st: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    etag: &str,
    res: Response,
) -> Result<Response, AppError> {
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .map_err(|e| AppError::Internal(format!("page body: {e}")))?;
    let page = st.pages.put(cache_key(ctx), etag.to_owned(), bytes);
    Ok(page_response(&page, headers, etag))
}

fn with_validators(res: &mut Response, etag: &str) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
}

/// `/{agency}/ita`: the year most likely wanted.
pub async fn current(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    agency_of(&st, &slug).await?;
    let y = super::default_year(&st).ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!("/{slug}/ita/{y}")).into_response())
}

/// `/{agency}/ita/{year}`: the OIT page of a year.
pub async fn year_page(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, year)): Path<(String, String)>,
) -> Result<Response, AppError> {
    if let Some(r) = fresh(&st, &ctx, &headers) {
        return Ok(r);
    }
    let (scope, a) = agency_of(&st, &slug).await?;
    let fw = framework_of(&st, &year)?;
    oit_page(&st, &ctx, &headers, scope, a, fw).await
}

/// `/` of an installation with one agency: its OIT page of the year most likely wanted (the
/// agency's site is the transparency portal).
pub(crate) async fn single_agency_home(
    st: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    scope: prongsai_store::AgencyScope,
    a: Agency,
) -> Result<Response, AppError> {
    if let Some(r) = fresh(st, ctx, headers) {
        return Ok(r);
    }
    let y = super::default_year(st).ok_or(AppError::NotFound)?;
    let fw = st.frameworks.get(y).ok_or(AppError::NotFound)?;
    oit_page(st, ctx, headers, scope, a, fw).await
}

async fn oit_page(
    st: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    scope: prongsai_store::AgencyScope,
    a: Agency,
    fw: &Framework,
) -> Result<Response, AppError> {
    let etag = page_etag(st, &scope, ctx).await?;
    if let Some(r) = not_modified(headers, &etag).or_else(|| cached(st, ctx, headers, &etag)) {
        return Ok(r);
    }
    let lang = ctx.lang;
    let ys = year_state(st, &scope, fw).await?;
    let indicators = fw
        .indicators_of(ToolCode::OIT)
        .map(|ind| PublicIndicator {
            number: ind.number,
            name: ind.name_th.clone(),
            subs: fw
                .sub_indicators_of(ind.number)
                .map(|sub| PublicSub {
                    code: sub.code.clone(),
                    name: sub.name_th.clone(),
                    items: fw
                        .items
                        .iter()
                        .zip(&ys.readiness)
                        .filter(|(it, _)| it.sub_indicator == sub.code)
                        .map(|(it, r)| {
                            let (state, state_label) = state_label(lang, r.state);
                            PublicItem {
                                code: it.code.clone(),
                                title: it.title_th.clone(),
                                complete: r.state == Readiness::Complete,
                                state,
                                state_label,
                                reasons: reasons(lang, r),
                                links: public_links(lang, &a.slug, ys.items.get(&it.code)),
                            }
                        })
                        .collect(),
                })
                .filter(|s| !s.items.is_empty())
                .collect(),
        })
        .filter(|i| !i.subs.is_empty())
        .collect();
    let name = agency_name(&a, lang).to_string();
    let page = Page::agency_public(ctx, &a, &format!("OIT {} · {}", fw.fiscal_year.be(), name));
    let complete = ys
        .readiness
        .iter()
        .filter(|r| r.state == Readiness::Complete)
        .count();
    let res = crate::view::render(&PortalPage {
        page,
        slug: a.slug.clone(),
        name,
        year: fw.fiscal_year.be(),
        years: crate::pages::disclosure::framework_years(st),
        indicators,
        complete,
        total: ys.readiness.len(),
        today: fmt_date(lang, super::as_of(fw.fiscal_year)),
    })?;
    keep(st, ctx, headers, &etag, res).await
}

#[derive(Template)]
#[template(path = "disclosure/permalink.html")]
struct ItemPublicPage {
    page: Page,
    slug: String,
    year: i32,
    item: Item,
    sub_name: String,
    cadence: &'static str,
    data_year: &'static str,
    state: &'static str,
    state_label: &'static str,
    reasons: Vec<String>,
    /// The data the item asks for: a fiscal year with its dates, or standing information.
    covered: String,
    /// The periods due so far, each with whether it is covered.
    required: Vec<(String, bool)>,
    evidence: Vec<PermalinkEvidence>,
    earlier: Vec<PermalinkEvidence>,
    explanation: Option<String>,
}

#[derive(Template)]
#[template(path = "disclosure/unknown_item.html")]
struct UnknownItemPage {
    page: Page,
    slug: String,
    /// The year asked for, when it has a framework.
    year: Option<i32>,
    /// Every year with a framework, when the year asked for has none.
    years: Vec<i32>,
    code: String,
}

/// The period an item's data must cover, in words: the data year with its dates, or standing
/// information.
fn covered_label(ctx: &Ctx, item: &Item, fy: prongsai_domain::calendar::FiscalYear) -> String {
    use prongsai_domain::framework::{Cadence, DataYear};
    let lang = ctx.lang;
    if item.cadence == Cadence::Once {
        return ctx.t("portal.standing").to_owned();
    }
    let dy = match item.data_year {
        DataYear::Previous => fy.prev().unwrap_or(fy),
        DataYear::Current | DataYear::Any => fy,
    };
    let whole = dy.whole();
    format!(
        "{} ({} – {})",
        match lang {
            Lang::Th => dy.label_th(prongsai_domain::calendar::Digits::Arabic),
            Lang::En => dy.label_en(),
        },
        fmt_date(lang, whole.start),
        fmt_date(lang, whole.end)
    )
}

/// `/{agency}/ita/{year}/{code}`: one item on its stable address.
pub async fn item_page(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, year, code)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    if let Some(r) = fresh(&st, &ctx, &headers) {
        return Ok(r);
    }
    let (scope, a) = agency_of(&st, &slug).await?;
    let fw: Option<&Framework> = framework_of(&st, &year).ok();
    let Some((fw, item)) = fw.and_then(|f| Some((f, f.item(&code)?))) else {
        // an unknown year or code: a 404 that leads to the year's list
        let page = Page::agency_public(&ctx, &a, ctx.t("dc.unknown"));
        let mut res = crate::view::render(&UnknownItemPage {
            page,
            slug: a.slug.clone(),
            year: fw.map(|f| f.fiscal_year.be()),
            years: if fw.is_some() {
                Vec::new()
            } else {
                crate::pages::disclosure::framework_years(&st)
            },
            code: code.chars().take(20).collect(),
        })?;
        *res.status_mut() = StatusCode::NOT_FOUND;
        return Ok(res);
    };
    let etag = page_etag(&st, &scope, &ctx).await?;
    if let Some(r) = not_modified(&headers, &etag).or_else(|| cached(&st, &ctx, &headers, &etag)) {
        return Ok(r);
    }
    let lang = ctx.lang;
    let d = st
        .store
        .disclosure(&scope, fw.fiscal_year, &item.code)
        .await?;
    let ev: Vec<_> = d.evidence.iter().map(|e| e.as_readiness()).collect();
    let r = assess(item, fw.fiscal_year, super::as_of(fw.fiscal_year), &ev);
    let (state, state_label) = state_label(lang, r.state);
    let (cadence, data_year) = super::cadence_label(lang, item);
    let (evidence, earlier) = permalink_evidence(lang, &a.slug, &d);
    let name = agency_name(&a, lang).to_string();
    let page = Page::agency_public(
        &ctx,
        &a,
        &format!("{} {} · {}", item.code, item.title_th, name),
    );
    let res = crate::view::render(&ItemPublicPage {
        page,
        slug: a.slug.clone(),
        year: fw.fiscal_year.be(),
        sub_name: fw
            .sub_indicator(&item.sub_indicator)
            .map(|s| s.name_th.clone())
            .unwrap_or_default(),
        cadence,
        data_year,
        state,
        state_label,
        reasons: reasons(lang, &r),
        covered: covered_label(&ctx, item, fw.fiscal_year),
        required: r
            .required
            .iter()
            .map(|p| (period_label(lang, p), !r.missing.contains(p)))
            .collect(),
        evidence,
        earlier,
        explanation: d.disclosure.and_then(|x| x.explanation),
        item: item.clone(),
    })?;
    keep(&st, &ctx, &headers, &etag, res).await
}

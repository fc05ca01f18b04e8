//! Public pages: the agency list, the agency home, language switch, health, static assets.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::Lang;
use prongsai_store::tenancy::Agency;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{set_cookie, Ctx, LANG_COOKIE};
use crate::error::AppError;
use crate::view::{agency_name, render, Page};

#[derive(Template)]
#[template(path = "public/index.html")]
struct IndexPage {
    page: Page,
    agencies: Vec<(String, String, String)>,
}

/// `/`: with one agency, its transparency portal (the OIT page of the year most likely
/// wanted); else the list of agencies.
pub async fn index(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let mut agencies = st.store.list_agencies().await?;
    if agencies.len() == 1 {
        let a = agencies.remove(0);
        let Some((scope, a)) = st.store.agency_by_slug(&a.slug).await? else {
            return Err(AppError::NotFound);
        };
        return super::disclosure::portal::single_agency_home(&st, &ctx, &headers, scope, a).await;
    }
    let page = Page::public(&ctx, ctx.t("public.agencies"));
    let agencies = agencies
        .iter()
        .map(|a| {
            (
                a.slug.clone(),
                agency_name(a, ctx.lang).to_string(),
                a.province.clone(),
            )
        })
        .collect();
    render(&IndexPage { page, agencies })
}

#[derive(Template)]
#[template(path = "public/agency.html")]
struct AgencyPage {
    page: Page,
    a: Agency,
    name: String,
    kind: &'static str,
}

/// `/{agency}`: the agency's public home.
pub async fn agency_home(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let Some((_, a)) = st.store.agency_by_slug(&slug).await? else {
        return Err(AppError::NotFound);
    };
    let name = agency_name(&a, ctx.lang).to_string();
    let page = Page::agency_public(&ctx, &a, &name);
    let kind = match ctx.lang {
        Lang::Th => a.kind().label_th(),
        Lang::En => a.kind().label_en(),
    };
    render(&AgencyPage {
        page,
        a,
        name,
        kind,
    })
}

#[derive(Template)]
#[template(path = "public/contact.html")]
struct ContactPage {
    page: Page,
    name: String,
    slug: String,
}

/// `/{agency}/contact`: the agency's contact channels (what the ITA item "ข้อมูลการติดต่อ"
/// links to).
pub async fn contact(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let Some((_, a)) = st.store.agency_by_slug(&slug).await? else {
        return Err(AppError::NotFound);
    };
    let name = agency_name(&a, ctx.lang).to_string();
    let page = Page::agency_public(&ctx, &a, &format!("{} · {name}", ctx.t("public.contact")));
    render(&ContactPage {
        page,
        name,
        slug: a.slug,
    })
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only local paths may be redirected to (no `//host` or `scheme:`).
pub fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/"
    }
}

/// `/lang/{th|en}?next=…`: remember the language and go back.
pub async fn switch_lang(
    State(st): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let lang = Lang::from_code(&code).ok_or(AppError::NotFound)?;
    let mut res = Redirect::to(safe_next(&q.next)).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            LANG_COOKIE,
            lang.code(),
            Some(365 * 24 * 3600),
            st.config.secure_cookies,
            "Lax",
        ),
    );
    Ok(res)
}

/// `/healthz`: 200 when the database answers.
pub async fn healthz(State(st): State<AppState>) -> Response {
    match st.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

struct Asset {
    path: &'static str,
    mime: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        path: "app.css",
        mime: "text/css; charset=utf-8",
        body: include_bytes!("../../static/app.css"),
    },
    Asset {
        path: "fonts/Sarabun-Regular.woff2",
        mime: "font/woff2",
        body: include_bytes!("../../static/fonts/Sarabun-Regular.woff2"),
    },
    Asset {
        path: "fonts/Sarabun-Bold.woff2",
        mime: "font/woff2",
        body: include_bytes!("../../static/fonts/Sarabun-Bold.woff2"),
    },
    Asset {
        path: "locate.js",
        mime: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/locate.js"),
    },
    Asset {
        path: "copy.js",
        mime: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/copy.js"),
    },
    Asset {
        path: "favicon.svg",
        mime: "image/svg+xml",
        body: include_bytes!("../../static/favicon.svg"),
    },
];

/// `/static/{path}`: assets compiled into the binary, cached for a day.
pub async fn static_file(Path(path): Path<String>) -> Result<Response, AppError> {
    let a = ASSETS
        .iter()
        .find(|a| a.path == path)
        .ok_or(AppError::NotFound)?;
    let mut res = a.body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(a.mime));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(res)
}

pub async fn favicon() -> Response {
    Redirect::permanent("/static/favicon.svg").into_response()
}

pub async fn robots() -> &'static str {
    "User-agent: *\nDisallow: /staff/\n"
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_is_local_only() {
        use super::safe_next;
        assert_eq!(safe_next("/staff/dashboard?x=1"), "/staff/dashboard?x=1");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next(""), "/");
    }
}

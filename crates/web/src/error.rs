//! Errors as the user sees them: typed in handlers, rendered as a polite page in the request's
//! language (with a reference id for internal errors, which are logged, never shown).

use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_store::StoreError;

use crate::ctx::Ctx;

/// Why a request failed.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    Forbidden,
    Csrf,
    BadRequest,
    TooLarge,
    RateLimited,
    LoginRequired { next: String },
    Redirect(String),
    Internal(String),
}

/// Marks a response whose body the error layer must render.
#[derive(Debug, Clone)]
pub struct ErrorMark {
    pub detail: Option<String>,
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Input(_) => AppError::BadRequest,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, detail) = match self {
            AppError::Redirect(to) => return Redirect::to(&to).into_response(),
            AppError::LoginRequired { next } => {
                let to = format!("/staff/login?next={}", urlencode(&next));
                return Redirect::to(&to).into_response();
            }
            AppError::NotFound => (StatusCode::NOT_FOUND, None),
            AppError::Forbidden => (StatusCode::FORBIDDEN, None),
            AppError::Csrf => (StatusCode::FORBIDDEN, Some("csrf".to_string())),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, None),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, None),
            AppError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, None),
            AppError::Internal(msg) => (StatusCode::INTERNAL_SERVER_ERROR, Some(msg)),
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(ErrorMark { detail });
        res
    }
}

/// Percent-encode a value for a query string.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: crate::view::Page,
    status: u16,
    heading: &'a str,
    body: &'a str,
}

/// Replace the body of error responses (ours, or plain ones from axum and tower layers) with
/// a page in the request's language. JSON and metrics endpoints keep their bodies.
pub fn render_error_pages(ctx: &Ctx, res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let mark = res.extensions().get::<ErrorMark>().cloned();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if mark.is_none() && (is_html || ctx.path.starts_with("/api/") || ctx.path == "/metrics") {
        return res;
    }
    let detail = mark.and_then(|m| m.detail);
    if status.is_server_error() {
        tracing::error!(request_id = %ctx.request_id, status = status.as_u16(), detail = ?detail, "request failed");
    }
    let (hk, bk) = match status {
        StatusCode::NOT_FOUND => ("error.not_found", "error.not_found_body"),
        StatusCode::FORBIDDEN if detail.as_deref() == Some("csrf") => ("error.title", "error.csrf"),
        StatusCode::FORBIDDEN => ("error.forbidden", "error.forbidden_body"),
        StatusCode::PAYLOAD_TOO_LARGE => ("error.title", "error.too_large"),
        StatusCode::TOO_MANY_REQUESTS => ("error.title", "error.rate_limited"),
        s if s.is_client_error() => ("error.title", "error.bad_request"),
        _ => ("error.title", "error.internal"),
    };
    let page = crate::view::Page::public(ctx, ctx.t(hk));
    let html = ErrorPage {
        heading: ctx.t(hk),
        body: ctx.t(bk),
        status: status.as_u16(),
        page,
    }
    .render()
    .unwrap_or_else(|_| "<!doctype html><title>Error</title><h1>Error</h1>".to_string());
    let mut out = (status, html).into_response();
    out.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // keep cookies or retry hints the original response set
    for (k, v) in res.headers() {
        if k == header::SET_COOKIE || k == header::RETRY_AFTER {
            out.headers_mut().append(k, v.clone());
        }
    }
    out
}

/// A panic in a handler becomes a plain 500 (the error layer renders the page).
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    AppError::Internal("panic".into()).into_response()
}

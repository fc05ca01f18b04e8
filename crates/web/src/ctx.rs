//! The request context: language, session, CSRF token, request id and client address, built
//! once per request by [`ctx_layer`]; the [`Staff`] extractor (a logged-in user, with the
//! second factor done) and the [`CsrfForm`] extractor (a form whose CSRF token matched).

use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::sessions::SessionInfo;
use prongsai_store::tenancy::{Agency, User};
use prongsai_store::{Actor, AgencyScope};
use rand::RngCore;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use crate::app::AppState;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "ps_session";
pub const CSRF_COOKIE: &str = "ps_csrf";
pub const LANG_COOKIE: &str = "ps_lang";

/// A logged-in session with its user and agency.
#[derive(Debug, Clone)]
pub struct SessionState {
    pub token: String,
    pub info: SessionInfo,
    pub agency: Option<Agency>,
}

/// What every handler knows about its request: made once, shared by pointer (extractors and
/// the [`Staff`] of a request clone it).
#[derive(Debug, Clone)]
pub struct Ctx(Arc<CtxData>);

impl std::ops::Deref for Ctx {
    type Target = CtxData;
    fn deref(&self) -> &CtxData {
        &self.0
    }
}

/// The contents of [`Ctx`].
#[derive(Debug)]
pub struct CtxData {
    pub lang: Lang,
    pub request_id: String,
    pub session: Option<Arc<SessionState>>,
    /// The token forms must carry: the session's, or the pre-login cookie's.
    pub csrf: String,
    /// Path and query of this request (for "come back here" links).
    pub path: String,
    pub client_ip: IpAddr,
}

impl Ctx {
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        prongsai_domain::i18n::tr(self.lang, key)
    }
}

/// Read one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` header value.
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    secure: bool,
    same_site: &str,
) -> HeaderValue {
    let mut s = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if let Some(age) = max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        s.push_str("; Secure");
    }
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Whether a response says shared caches may keep it (`Cache-Control: public`).
fn publicly_cacheable(res: &Response) -> bool {
    res.headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|d| d.trim() == "public"))
}

/// A request id unique within the server's life and unlikely to repeat across restarts: a
/// random prefix drawn once, and a counter (no random draw per request).
fn next_request_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = *PREFIX.get_or_init(rand::random::<u32>);
    format!(
        "{prefix:08x}{:08x}",
        COUNTER.fetch_add(1, Ordering::Relaxed) as u32
    )
}

fn random_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn client_ip(req: &Request, trust_proxy: bool) -> IpAddr {
    if trust_proxy {
        if let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
        {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
}

/// Builds the [`Ctx`] of every request, and renders error responses as pages in its language.
/// It also counts the request for `/metrics` (route, status, time), in the same layer.
pub async fn ctx_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .cloned();
    let method = req.method().clone();
    let headers = req.headers();
    // Thai unless the visitor chose English: many Thai office PCs run an English browser.
    let lang = cookie(headers, LANG_COOKIE)
        .and_then(Lang::from_code)
        .unwrap_or(Lang::Th);
    let request_id = next_request_id();
    let mut session = None;
    if let Some(token) = cookie(headers, SESSION_COOKIE).map(str::to_string) {
        match state.store.load_session(&token).await {
            Ok(Some(info)) => {
                let agency = match info.scope {
                    Some(scope) => state.store.agency(&scope).await.ok(),
                    None => None,
                };
                session = Some(Arc::new(SessionState {
                    token,
                    info,
                    agency,
                }));
            }
            Ok(None) => {}
            Err(e) => tracing::error!(%request_id, error = %e, "session lookup failed"),
        }
    }
    let pre_csrf = cookie(headers, CSRF_COOKIE)
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string);
    let new_pre_csrf = pre_csrf.is_none().then(|| random_hex(16));
    let csrf = match &session {
        Some(s) => s.info.csrf_token.clone(),
        None => pre_csrf
            .clone()
            .or(new_pre_csrf.clone())
            .unwrap_or_default(),
    };
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let ctx = Ctx(Arc::new(CtxData {
        lang,
        request_id: request_id.clone(),
        session,
        csrf,
        path,
        client_ip: client_ip(&req, state.config.trust_proxy),
    }));
    req.extensions_mut().insert(ctx.clone());
    let mut res = next.run(req).await;
    res = crate::error::render_error_pages(&ctx, res);
    // The pre-login token is only for pages that may hold a form. A response that shared
    // caches may keep (the portal, open data, files) must never set a cookie: a cache would
    // hand it to everyone; and those answers hold no forms.
    if let Some(v) = new_pre_csrf.filter(|_| !publicly_cacheable(&res)) {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(CSRF_COOKIE, &v, None, state.config.secure_cookies, "Strict"),
        );
    }
    res.headers_mut().insert(
        "x-request-id",
        HeaderValue::from_str(&request_id).unwrap_or(HeaderValue::from_static("-")),
    );
    state.metrics.record(
        &method,
        route
            .as_ref()
            .map_or("unmatched", axum::extract::MatchedPath::as_str),
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal("request context missing".into()))
    }
}

/// A logged-in staff member whose second factor (if any) is done.
#[derive(Debug, Clone)]
pub struct Staff {
    pub ctx: Ctx,
    pub user: User,
    pub scope: Option<AgencyScope>,
    pub agency: Option<Agency>,
}

impl Staff {
    /// The staff member of a request when logged in fully (for pages that are public but show
    /// the staff menu to staff).
    pub fn from_ctx(ctx: &Ctx) -> Option<Staff> {
        let sess = ctx.session.as_ref().filter(|s| !s.info.totp_pending)?;
        Some(Staff {
            user: sess.info.user.clone(),
            scope: sess.info.scope,
            agency: sess.agency.clone(),
            ctx: ctx.clone(),
        })
    }

    /// Refuse unless the user's role allows `p` (roles are decided in `Role::allows`).
    pub fn require(&self, p: Permission) -> Result<(), AppError> {
        if self.user.role().allows(p) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
    /// The user's agency scope; system administrators without an agency get a 403.
    pub fn scope(&self) -> Result<AgencyScope, AppError> {
        self.scope.ok_or(AppError::Forbidden)
    }
    /// The slug of the staff member's agency (empty for system admins).
    pub fn agency_slug(&self) -> String {
        self.agency
            .as_ref()
            .map(|a| a.slug.clone())
            .unwrap_or_default()
    }
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.id, &self.user.username)
    }
    /// The agency requires a second factor of admins and this admin has none yet.
    pub fn must_enrol_totp(&self) -> bool {
        self.user.role().is_admin()
            && !self.user.totp_enabled
            && self.agency.as_ref().is_some_and(|a| a.require_totp_admins)
    }
}

impl<S> FromRequestParts<S> for Staff
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        let Some(staff) = Staff::from_ctx(&ctx) else {
            return Err(match ctx.session {
                Some(_) => AppError::Redirect("/staff/login/totp".into()),
                None => AppError::LoginRequired {
                    next: ctx.path.clone(),
                },
            });
        };
        if staff.must_enrol_totp() && !staff.ctx.path.starts_with("/staff/account") {
            return Err(AppError::Redirect("/staff/account?required=1".into()));
        }
        Ok(staff)
    }
}

/// The CSRF token field every form carries.
#[derive(Debug, Deserialize)]
pub struct WithCsrf<T> {
    #[serde(default)]
    pub csrf: String,
    #[serde(flatten)]
    pub inner: T,
}

/// A form body whose `csrf` field matched the session's (or the pre-login cookie's) token.
/// Every POST handler takes its form through this extractor.
pub struct CsrfForm<T>(pub T);

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = req
            .extensions()
            .get::<Ctx>()
            .map(|c| c.csrf.clone())
            .unwrap_or_default();
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest);
        }
        let body = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::TooLarge
                } else {
                    AppError::BadRequest
                }
            })?;
        // The decoder would replace invalid UTF-8 silently; refuse it instead.
        if !form_is_utf8(&body) {
            return Err(AppError::BadRequest);
        }
        let form: WithCsrf<T> =
            serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
        if expected.is_empty() || !constant_time_eq(form.csrf.as_bytes(), expected.as_bytes()) {
            return Err(AppError::Csrf);
        }
        Ok(CsrfForm(form.inner))
    }
}

/// Compare two byte strings in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether every key and value of a urlencoded body decodes to valid UTF-8.
pub fn form_is_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&').all(|pair| {
        let mut out = Vec::with_capacity(pair.len());
        let mut i = 0;
        while i < pair.len() {
            match pair[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < pair.len() => {
                    let hex = std::str::from_utf8(&pair[i + 1..i + 3]).ok();
                    match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        std::str::from_utf8(&out).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::form_is_utf8;

    #[test]
    fn utf8_check_of_form_bodies() {
        assert!(form_is_utf8(b"a=%E0%B8%81&b=x+y&c=100%"));
        assert!(form_is_utf8("name=กอง".as_bytes()));
        assert!(!form_is_utf8(b"a=%FF%FE"));
        assert!(!form_is_utf8(
            b"a=\xff"[..]
                .iter()
                .copied()
                .chain([0xffu8])
                .collect::<Vec<_>>()
                .as_slice()
        ));
        assert!(!form_is_utf8(b"a=%E0%B8"));
    }
}

//! Login with password, the TOTP second factor, and logout.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_store::tenancy::LoginOutcome;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{set_cookie, CsrfForm, Ctx, SESSION_COOKIE};
use crate::error::AppError;
use crate::pages::public::safe_next;
use crate::security::totp_check;
use crate::view::{render, Page};

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    page: Page,
    username: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    bye: Option<String>,
}

/// `/staff`: to the dashboard, or to the login page.
pub async fn staff_home(ctx: Ctx) -> Redirect {
    if ctx.session.is_some() {
        Redirect::to("/staff/dashboard")
    } else {
        Redirect::to("/staff/login")
    }
}

pub async fn login_page(ctx: Ctx, Query(q): Query<LoginQuery>) -> Result<Response, AppError> {
    if ctx.session.as_ref().is_some_and(|s| !s.info.totp_pending) {
        return Ok(Redirect::to("/staff/dashboard").into_response());
    }
    let page = Page::public(&ctx, ctx.t("login.title"))
        .with_flash(q.bye.is_some().then_some("login.logged_out"));
    render(&LoginPage {
        page,
        username: String::new(),
        next: q.next,
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn login_again(
    ctx: &Ctx,
    status: StatusCode,
    username: String,
    next: String,
    key: &str,
) -> Result<Response, AppError> {
    let page = Page::public(ctx, ctx.t("login.title"));
    let mut res = render(&LoginPage {
        page,
        username,
        next,
        error: Some(ctx.t(key).to_string()),
    })?;
    *res.status_mut() = status;
    Ok(res)
}

pub async fn login_submit(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let username: String = f.username.chars().take(64).collect();
    if !st
        .limiter
        .allow(ctx.client_ip, "login", st.config.login_per_minute)
    {
        return login_again(
            &ctx,
            StatusCode::TOO_MANY_REQUESTS,
            username,
            f.next,
            "login.rate_limited",
        );
    }
    if f.password.len() > 1024 {
        return login_again(
            &ctx,
            StatusCode::UNAUTHORIZED,
            username,
            f.next,
            "login.failed",
        );
    }
    match st.store.authenticate(&username, &f.password).await? {
        LoginOutcome::Ok(user) => {
            if let Some(old) = &ctx.session {
                st.store.delete_session(&old.token).await?;
            }
            let pending = user.totp_enabled;
            let token = st.store.create_session(&user, pending).await?;
            let to = if pending {
                format!(
                    "/staff/login/totp?next={}",
                    crate::error::urlencode(&f.next)
                )
            } else if f.next.is_empty() {
                "/staff/dashboard".to_string()
            } else {
                safe_next(&f.next).to_string()
            };
            let mut res = Redirect::to(&to).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    SESSION_COOKIE,
                    &token,
                    None,
                    st.config.secure_cookies,
                    "Lax",
                ),
            );
            Ok(res)
        }
        LoginOutcome::Wrong => login_again(
            &ctx,
            StatusCode::UNAUTHORIZED,
            username,
            f.next,
            "login.failed",
        ),
        LoginOutcome::Locked { .. } => login_again(
            &ctx,
            StatusCode::UNAUTHORIZED,
            username,
            f.next,
            "login.locked",
        ),
    }
}

#[derive(Template)]
#[template(path = "auth/totp.html")]
struct TotpPage {
    page: Page,
    next: String,
    error: Option<String>,
}

pub async fn totp_page(ctx: Ctx, Query(q): Query<LoginQuery>) -> Result<Response, AppError> {
    match &ctx.session {
        Some(s) if s.info.totp_pending => {}
        Some(_) => return Ok(Redirect::to("/staff/dashboard").into_response()),
        None => return Ok(Redirect::to("/staff/login").into_response()),
    }
    let page = Page::public(&ctx, ctx.t("login.totp_title"));
    render(&TotpPage {
        page,
        next: q.next,
        error: None,
    })
}

#[derive(Deserialize)]
pub struct TotpForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

pub async fn totp_submit(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<TotpForm>,
) -> Result<Response, AppError> {
    let Some(sess) = ctx.session.clone().filter(|s| s.info.totp_pending) else {
        return Ok(Redirect::to("/staff/login").into_response());
    };
    let again = |key: &str, status: StatusCode| -> Result<Response, AppError> {
        let page = Page::public(&ctx, ctx.t("login.totp_title"));
        let mut res = render(&TotpPage {
            page,
            next: f.next.clone(),
            error: Some(ctx.t(key).to_string()),
        })?;
        *res.status_mut() = status;
        Ok(res)
    };
    if !st
        .limiter
        .allow(ctx.client_ip, "login", st.config.login_per_minute)
    {
        return again("login.rate_limited", StatusCode::TOO_MANY_REQUESTS);
    }
    let user = &sess.info.user;
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    let ok = user
        .totp_secret
        .as_deref()
        .is_some_and(|s| totp_check(s, &f.code, now));
    if !ok {
        return again("login.totp_wrong", StatusCode::UNAUTHORIZED);
    }
    let token = st.store.complete_totp(&sess.token, user).await?;
    let to = if f.next.is_empty() {
        "/staff/dashboard"
    } else {
        safe_next(&f.next)
    };
    let mut res = Redirect::to(to).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            &token,
            None,
            st.config.secure_cookies,
            "Lax",
        ),
    );
    Ok(res)
}

pub async fn logout(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<super::NoFields>,
) -> Result<Response, AppError> {
    if let Some(s) = &ctx.session {
        st.store.delete_session(&s.token).await?;
    }
    let mut res = Redirect::to("/staff/login?bye=1").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", Some(0), st.config.secure_cookies, "Lax"),
    );
    Ok(res)
}

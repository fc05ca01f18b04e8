//! The user's own account: password change and the TOTP second factor.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::Lang;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::security::{new_totp_secret, totp_check, totp_uri};
use crate::view::{render_form, Page};
use prongsai_store::tenancy::verify_password;

#[derive(Template)]
#[template(path = "staff/account.html")]
struct AccountPage {
    page: Page,
    totp_enabled: bool,
    required: bool,
    /// A fresh secret offered for enrolment (shown until confirmed with a code).
    secret: String,
    uri: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AccountQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    required: Option<String>,
}

fn account_view(
    staff: &Staff,
    secret: Option<String>,
    error: Option<String>,
    flash: Option<&str>,
) -> Result<Response, AppError> {
    let secret = secret.unwrap_or_else(new_totp_secret);
    let issuer = format!(
        "Prongsai {}",
        staff.agency.as_ref().map(|a| a.slug.as_str()).unwrap_or("")
    );
    let failed = error.is_some();
    render_form(
        &AccountPage {
            page: Page::staff(staff, "security.title", "/staff/account").with_flash(flash),
            totp_enabled: staff.user.totp_enabled,
            required: staff.must_enrol_totp(),
            uri: totp_uri(&secret, &staff.user.username, issuer.trim()),
            secret,
            error,
        },
        failed,
    )
}

pub async fn account_page(
    staff: Staff,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let flash = match (q.saved.as_deref(), q.required.is_some()) {
        (Some("password"), _) => Some("security.password_changed"),
        (Some(_), _) => Some("settings.saved"),
        (None, true) => Some("security.totp_required"),
        _ => None,
    };
    account_view(&staff, None, None, flash)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new_password: String,
}

fn msg(lang: Lang, th: &str, en: &str) -> String {
    match lang {
        Lang::Th => th.to_string(),
        Lang::En => en.to_string(),
    }
}

pub async fn change_password(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    if !st
        .limiter
        .allow(staff.ctx.client_ip, "login", st.config.login_per_minute)
    {
        return account_view(
            &staff,
            None,
            Some(staff.ctx.t("login.rate_limited").into()),
            None,
        );
    }
    if !verify_password(&f.current, &staff.user.password_hash) {
        let e = msg(lang, "รหัสผ่านปัจจุบันไม่ถูกต้อง", "The current password is wrong");
        return account_view(&staff, None, Some(e), None);
    }
    if let Err(e) = prongsai_domain::tenancy::check_password_policy(&f.new_password) {
        return account_view(&staff, None, Some(e.message(lang).to_string()), None);
    }
    st.store
        .set_password(&staff.user, &staff.actor(), &f.new_password)
        .await?;
    Ok(Redirect::to("/staff/account?saved=password").into_response())
}

#[derive(Deserialize)]
pub struct TotpEnableForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

pub async fn totp_enable(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<TotpEnableForm>,
) -> Result<Response, AppError> {
    let secret = f.secret.trim().to_string();
    let valid_secret = secret.len() == 32
        && data_encoding::BASE32_NOPAD
            .decode(secret.as_bytes())
            .is_ok();
    if !valid_secret {
        return Err(AppError::BadRequest);
    }
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    if !totp_check(&secret, &f.code, now) {
        let e = staff.ctx.t("login.totp_wrong").to_string();
        return account_view(&staff, Some(secret), Some(e), None);
    }
    st.store
        .set_totp(&staff.user, &staff.actor(), Some(secret), true)
        .await?;
    Ok(Redirect::to("/staff/account?saved=totp").into_response())
}

#[derive(Deserialize)]
pub struct TotpDisableForm {
    #[serde(default)]
    current: String,
}

pub async fn totp_disable(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<TotpDisableForm>,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    if staff.user.role().is_admin() && staff.agency.as_ref().is_some_and(|a| a.require_totp_admins)
    {
        let e = msg(
            lang,
            "หน่วยงานกำหนดให้ผู้ดูแลต้องใช้การยืนยันตัวตนสองขั้น",
            "Your agency requires a second factor for administrators",
        );
        return account_view(&staff, None, Some(e), None);
    }
    if !verify_password(&f.current, &staff.user.password_hash) {
        let e = msg(lang, "รหัสผ่านปัจจุบันไม่ถูกต้อง", "The current password is wrong");
        return account_view(&staff, None, Some(e), None);
    }
    st.store
        .set_totp(&staff.user, &staff.actor(), None, false)
        .await?;
    Ok(Redirect::to("/staff/account?saved=totp").into_response())
}

//! The agency back office: dashboard, units, users, agency settings, audit log.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::contact;
use prongsai_domain::tenancy::{parse_text, parse_username, AgencyKind, Permission, Role};
use prongsai_domain::{InputError, Lang};
use prongsai_store::tenancy::{AgencyUpdate, NewUser, Unit, User, UserUpdate};
use prongsai_store::{audit, AgencyScope, StoreError};
use serde::Deserialize;

use super::{opt_id, opt_text};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::view::{fmt_date, fmt_datetime, render, render_form, today, Errors, FieldError, Page};

#[derive(Deserialize, Default)]
pub struct FlashQuery {
    #[serde(default)]
    saved: Option<String>,
}

fn field_errors(lang: Lang, e: &InputError) -> Errors {
    Errors::from_input(lang, e)
}

/// Split a store result into the page's field errors, or pass other failures on.
fn input_or<T>(r: Result<T, StoreError>, lang: Lang) -> Result<Result<T, Errors>, AppError> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(StoreError::Input(e)) => Ok(Err(field_errors(lang, &e))),
        Err(e) => Err(e.into()),
    }
}

// ----- dashboard ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    page: Page,
    today: String,
    fiscal_year: String,
    quarter: String,
    half: String,
    days_left: i64,
    units: u64,
    users: u64,
    agencies: usize,
    is_system: bool,
    monitor: Option<crate::pages::measures::monitor::Monitor>,
}

pub async fn dashboard(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let lang = staff.ctx.lang;
    let d = today();
    let fy = FiscalYear::containing(d);
    let label = |p: &prongsai_domain::calendar::Period| match lang {
        Lang::Th => p.label_th(Digits::Arabic),
        Lang::En => p.label_en(),
    };
    let (units, users) = match staff.scope {
        Some(scope) => (
            st.store.list_units(&scope).await?.len() as u64,
            st.store.count_users(&scope).await?,
        ),
        None => (0, 0),
    };
    let agencies = if staff.scope.is_none() {
        st.store.list_agencies().await?.len()
    } else {
        0
    };
    render(&DashboardPage {
        page: Page::staff(&staff, "dash.title", "/staff/dashboard"),
        today: fmt_date(lang, d),
        fiscal_year: label(&fy.whole()),
        quarter: label(&FiscalYear::current_quarter(d)),
        half: label(&FiscalYear::current_half(d)),
        days_left: (fy.end() - d).num_days(),
        units,
        users,
        agencies,
        is_system: staff.scope.is_none(),
        monitor: match staff.scope {
            Some(_) => crate::pages::measures::monitor::monitor(&st, &staff).await?,
            None => None,
        },
    })
}

// ----- units ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "staff/units.html")]
struct UnitsPage {
    page: Page,
    units: Vec<(Unit, usize)>,
    errors: Errors,
    new_name_th: String,
    new_name_en: String,
}

async fn units_view(
    st: &AppState,
    staff: &Staff,
    scope: &AgencyScope,
    errors: Errors,
    new_name_th: String,
    new_name_en: String,
    flash: bool,
) -> Result<Response, AppError> {
    let units = st.store.list_units(scope).await?;
    let users = st.store.list_users(scope).await?;
    let units = units
        .into_iter()
        .map(|u| {
            let n = users.iter().filter(|x| x.unit_id == Some(u.id)).count();
            (u, n)
        })
        .collect();
    let page = Page::staff(staff, "units.title", "/staff/admin/units")
        .with_flash(flash.then_some("settings.saved"));
    let failed = !errors.is_empty();
    render_form(
        &UnitsPage {
            page,
            units,
            errors,
            new_name_th,
            new_name_en,
        },
        failed,
    )
}

pub async fn units_page(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<FlashQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUnits)?;
    let scope = staff.scope()?;
    units_view(
        &st,
        &staff,
        &scope,
        Errors::default(),
        String::new(),
        String::new(),
        q.saved.is_some(),
    )
    .await
}

#[derive(Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    name_th: String,
    #[serde(default)]
    name_en: String,
}

fn parse_unit(f: &UnitForm) -> Result<(String, Option<String>), InputError> {
    Ok((
        parse_text("name_th", &f.name_th, 300)?,
        opt_text("name_en", &f.name_en, 300)?,
    ))
}

pub async fn unit_create(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<UnitForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUnits)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let result = match parse_unit(&f) {
        Ok((th, en)) => input_or(
            st.store.create_unit(&scope, &staff.actor(), th, en).await,
            lang,
        )?,
        Err(e) => Err(field_errors(lang, &e)),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/staff/admin/units?saved=1").into_response()),
        Err(errors) => units_view(&st, &staff, &scope, errors, f.name_th, f.name_en, false).await,
    }
}

pub async fn unit_rename(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<UnitForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUnits)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let result = match parse_unit(&f) {
        Ok((th, en)) => input_or(
            st.store
                .rename_unit(&scope, &staff.actor(), id, th, en)
                .await,
            lang,
        )?,
        Err(e) => Err(field_errors(lang, &e)),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/staff/admin/units?saved=1").into_response()),
        Err(errors) => {
            units_view(
                &st,
                &staff,
                &scope,
                errors,
                String::new(),
                String::new(),
                false,
            )
            .await
        }
    }
}

pub async fn unit_delete(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<super::NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUnits)?;
    let scope = staff.scope()?;
    match input_or(
        st.store.delete_unit(&scope, &staff.actor(), id).await,
        staff.ctx.lang,
    )? {
        Ok(()) => Ok(Redirect::to("/staff/admin/units?saved=1").into_response()),
        Err(errors) => {
            units_view(
                &st,
                &staff,
                &scope,
                errors,
                String::new(),
                String::new(),
                false,
            )
            .await
        }
    }
}

// ----- users ----------------------------------------------------------------------------------

/// A user row as shown.
pub struct UserRow {
    pub u: User,
    pub role: &'static str,
    pub unit: String,
    pub locked: bool,
    pub last_login: String,
}

#[derive(Default, Deserialize, Clone)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    password: String,
}

/// A role option of the select box.
pub struct RoleOption {
    pub code: &'static str,
    pub label: &'static str,
}

fn role_options(lang: Lang) -> Vec<RoleOption> {
    Role::AGENCY_ROLES
        .iter()
        .map(|r| RoleOption {
            code: r.code(),
            label: match lang {
                Lang::Th => r.label_th(),
                Lang::En => r.label_en(),
            },
        })
        .collect()
}

fn role_label(lang: Lang, r: Role) -> &'static str {
    match lang {
        Lang::Th => r.label_th(),
        Lang::En => r.label_en(),
    }
}

#[derive(Template)]
#[template(path = "staff/users.html")]
struct UsersPage {
    page: Page,
    rows: Vec<UserRow>,
    units: Vec<Unit>,
    roles: Vec<RoleOption>,
    form: UserForm,
    errors: Errors,
}

async fn users_view(
    st: &AppState,
    staff: &Staff,
    scope: &AgencyScope,
    form: UserForm,
    errors: Errors,
    flash: bool,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let units = st.store.list_units(scope).await?;
    let now = chrono::Utc::now();
    let rows = st
        .store
        .list_users(scope)
        .await?
        .into_iter()
        .map(|u| UserRow {
            role: role_label(lang, u.role()),
            unit: u
                .unit_id
                .and_then(|id| units.iter().find(|x| x.id == id))
                .map(|x| x.name_th.clone())
                .unwrap_or_default(),
            locked: u.is_locked(now),
            last_login: u
                .last_login_at
                .map(|t| fmt_datetime(lang, t))
                .unwrap_or_default(),
            u,
        })
        .collect();
    let failed = !errors.is_empty();
    let page = Page::staff(staff, "users.title", "/staff/admin/users")
        .with_flash(flash.then_some("settings.saved"));
    render_form(
        &UsersPage {
            page,
            rows,
            units,
            roles: role_options(lang),
            form,
            errors,
        },
        failed,
    )
}

pub async fn users_page(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<FlashQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUsers)?;
    let scope = staff.scope()?;
    let form = UserForm {
        role: Role::UnitStaff.code().into(),
        ..Default::default()
    };
    users_view(
        &st,
        &staff,
        &scope,
        form,
        Errors::default(),
        q.saved.is_some(),
    )
    .await
}

fn parse_role(v: &str) -> Result<Role, InputError> {
    Role::from_code(v)
        .filter(|r| Role::AGENCY_ROLES.contains(r))
        .ok_or_else(|| InputError::new("role", "บทบาทไม่ถูกต้อง", "Invalid role"))
}

fn parse_new_user(f: &UserForm) -> Result<NewUser, InputError> {
    Ok(NewUser {
        username: parse_username(&f.username)?,
        display_name: parse_text("display_name", &f.display_name, 200)?,
        position: opt_text("position", &f.position, 200)?,
        role: parse_role(&f.role)?,
        unit_id: opt_id(&f.unit_id),
        password: {
            prongsai_domain::tenancy::check_password_policy(&f.password)?;
            f.password.clone()
        },
    })
}

pub async fn user_create(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<UserForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUsers)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let result = match parse_new_user(&f) {
        Ok(u) => input_or(st.store.create_user(&scope, &staff.actor(), u).await, lang)?,
        Err(e) => Err(field_errors(lang, &e)),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/staff/admin/users?saved=1").into_response()),
        Err(errors) => {
            let form = UserForm {
                password: String::new(),
                ..f
            };
            users_view(&st, &staff, &scope, form, errors, false).await
        }
    }
}

#[derive(Template)]
#[template(path = "staff/user_edit.html")]
struct UserEditPage {
    page: Page,
    u: User,
    locked: bool,
    units: Vec<Unit>,
    roles: Vec<RoleOption>,
    form: UserForm,
    errors: Errors,
}

async fn user_edit_view(
    st: &AppState,
    staff: &Staff,
    scope: &AgencyScope,
    u: User,
    form: Option<UserForm>,
    errors: Errors,
    flash: bool,
) -> Result<Response, AppError> {
    let form = form.unwrap_or_else(|| UserForm {
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        position: u.position.clone().unwrap_or_default(),
        role: u.role.clone(),
        unit_id: u.unit_id.map(|i| i.to_string()).unwrap_or_default(),
        password: String::new(),
    });
    let failed = !errors.is_empty();
    let page = Page::staff(staff, "users.edit", "/staff/admin/users")
        .with_flash(flash.then_some("settings.saved"));
    render_form(
        &UserEditPage {
            page,
            locked: u.is_locked(chrono::Utc::now()),
            u,
            units: st.store.list_units(scope).await?,
            roles: role_options(staff.ctx.lang),
            form,
            errors,
        },
        failed,
    )
}

pub async fn user_edit_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUsers)?;
    let scope = staff.scope()?;
    let u = st.store.user(&scope, id).await?;
    user_edit_view(
        &st,
        &staff,
        &scope,
        u,
        None,
        Errors::default(),
        q.saved.is_some(),
    )
    .await
}

pub async fn user_update(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<UserForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUsers)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let u = st.store.user(&scope, id).await?;
    let parsed = (|| {
        Ok::<_, InputError>(UserUpdate {
            display_name: parse_text("display_name", &f.display_name, 200)?,
            position: opt_text("position", &f.position, 200)?,
            role: parse_role(&f.role)?,
            unit_id: opt_id(&f.unit_id),
        })
    })();
    let result = match parsed {
        Ok(upd) => {
            if id == staff.user.id && upd.role != staff.user.role() {
                Err(Errors(vec![FieldError {
                    field: "role".into(),
                    message: match lang {
                        Lang::Th => "ไม่สามารถเปลี่ยนบทบาทของตนเองได้".into(),
                        Lang::En => "You cannot change your own role".into(),
                    },
                }]))
            } else {
                input_or(
                    st.store.update_user(&scope, &staff.actor(), id, upd).await,
                    lang,
                )?
            }
        }
        Err(e) => Err(field_errors(lang, &e)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/staff/admin/users/{id}?saved=1")).into_response()),
        Err(errors) => user_edit_view(&st, &staff, &scope, u, Some(f), errors, false).await,
    }
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

pub async fn user_set_active(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ActiveForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUsers)?;
    let scope = staff.scope()?;
    let active = f.active == "1";
    match input_or(
        st.store
            .set_user_active(&scope, &staff.actor(), id, active)
            .await,
        staff.ctx.lang,
    )? {
        Ok(_) => Ok(Redirect::to(&format!("/staff/admin/users/{id}?saved=1")).into_response()),
        Err(errors) => {
            let u = st.store.user(&scope, id).await?;
            user_edit_view(&st, &staff, &scope, u, None, errors, false).await
        }
    }
}

pub async fn user_unlock(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<super::NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUsers)?;
    let scope = staff.scope()?;
    st.store.unlock_user(&scope, &staff.actor(), id).await?;
    Ok(Redirect::to(&format!("/staff/admin/users/{id}?saved=1")).into_response())
}

// ----- agency settings ------------------------------------------------------------------------

#[derive(Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    name_th: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    facebook: String,
    #[serde(default)]
    line: String,
    #[serde(default)]
    map: String,
    #[serde(default)]
    office_hours: String,
    #[serde(default)]
    require_totp_admins: Option<String>,
}

/// A kind option of the select box.
pub struct KindOption {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "staff/settings.html")]
struct SettingsPage {
    page: Page,
    form: SettingsForm,
    kinds: Vec<KindOption>,
    errors: Errors,
}

fn settings_view(
    staff: &Staff,
    form: SettingsForm,
    errors: Errors,
    flash: bool,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let kinds = AgencyKind::ALL
        .iter()
        .map(|k| KindOption {
            code: k.code(),
            label: match lang {
                Lang::Th => k.label_th(),
                Lang::En => k.label_en(),
            },
        })
        .collect();
    let failed = !errors.is_empty();
    let page = Page::staff(staff, "settings.title", "/staff/admin/settings")
        .with_flash(flash.then_some("settings.saved"));
    render_form(
        &SettingsPage {
            page,
            form,
            kinds,
            errors,
        },
        failed,
    )
}

pub async fn settings_page(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<FlashQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencySettings)?;
    let a = st.store.agency(&staff.scope()?).await?;
    let form = SettingsForm {
        name_th: a.name_th,
        name_en: a.name_en.unwrap_or_default(),
        kind: a.kind,
        province: a.province,
        district: a.district.unwrap_or_default(),
        address: a.address.unwrap_or_default(),
        phone: a.phone.unwrap_or_default(),
        email: a.email.unwrap_or_default(),
        website: a.website.unwrap_or_default(),
        facebook: a.facebook.unwrap_or_default(),
        line: a.line.unwrap_or_default(),
        map: a.map.unwrap_or_default(),
        office_hours: a.office_hours.unwrap_or_default(),
        require_totp_admins: a.require_totp_admins.then(|| "1".to_string()),
    };
    settings_view(&staff, form, Errors::default(), q.saved.is_some())
}

fn parse_settings(f: &SettingsForm) -> Result<AgencyUpdate, InputError> {
    let email = opt_text("email", &f.email, 200)?;
    if let Some(e) = &email {
        if !e.contains('@') || e.contains(char::is_whitespace) {
            return Err(InputError::new(
                "email",
                "รูปแบบอีเมลไม่ถูกต้อง",
                "Invalid e-mail address",
            ));
        }
    }
    let website = opt_text("website", &f.website, 500)?;
    if let Some(w) = &website {
        if !(w.starts_with("https://") || w.starts_with("http://")) {
            return Err(InputError::new(
                "website",
                "เว็บไซต์ต้องขึ้นต้นด้วย https:// หรือ http://",
                "The website must start with https:// or http://",
            ));
        }
    }
    Ok(AgencyUpdate {
        name_th: parse_text("name_th", &f.name_th, 300)?,
        name_en: opt_text("name_en", &f.name_en, 300)?,
        kind: Some(AgencyKind::from_code(&f.kind).ok_or_else(|| {
            InputError::new("kind", "ประเภทหน่วยงานไม่ถูกต้อง", "Invalid agency type")
        })?),
        province: parse_text("province", &f.province, 100)?,
        district: opt_text("district", &f.district, 100)?,
        address: opt_text("address", &f.address, 1000)?,
        phone: opt_text("phone", &f.phone, 100)?,
        email,
        website,
        facebook: optional(&f.facebook, contact::parse_facebook)?,
        line: optional(&f.line, contact::parse_line)?,
        map: optional(&f.map, contact::parse_map)?,
        office_hours: optional(&f.office_hours, contact::parse_hours)?,
        require_totp_admins: f.require_totp_admins.is_some(),
    })
}

/// An optional field read by `parse` (empty → None).
fn optional(
    v: &str,
    parse: fn(&str) -> Result<String, InputError>,
) -> Result<Option<String>, InputError> {
    if v.trim().is_empty() {
        Ok(None)
    } else {
        parse(v).map(Some)
    }
}

pub async fn settings_save(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<SettingsForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencySettings)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let result = match parse_settings(&f) {
        Ok(u) => input_or(
            st.store.update_agency(&scope, &staff.actor(), u).await,
            lang,
        )?,
        Err(e) => Err(field_errors(lang, &e)),
    };
    match result {
        Ok(_) => {
            crate::pages::disclosure::auto::publish_services(&st, &staff).await;
            Ok(Redirect::to("/staff/admin/settings?saved=1").into_response())
        }
        Err(errors) => settings_view(&staff, f, errors, false),
    }
}

// ----- audit ----------------------------------------------------------------------------------

/// An audit entry as shown.
pub struct AuditRow {
    pub seq: i64,
    pub when: String,
    pub who: String,
    pub what: String,
    pub action: String,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditPage {
    page: Page,
    rows: Vec<AuditRow>,
    total: u64,
    chain_ok: bool,
    problems: Vec<String>,
}

pub async fn audit_page(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewAudit)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let report = audit::verify_agency(&st.store, &scope).await?;
    let rows = audit::list(&st.store, &scope, 200, 0)
        .await?
        .into_iter()
        .map(|e| AuditRow {
            seq: e.seq,
            when: fmt_datetime(lang, e.at),
            who: e.actor_label,
            what: match e.entity_id {
                Some(id) => format!("{} #{id}", e.entity),
                None => e.entity,
            },
            action: e.action,
        })
        .collect();
    render(&AuditPage {
        page: Page::staff(&staff, "audit.title", "/staff/admin/audit"),
        rows,
        total: audit::count(&st.store, &scope).await?,
        chain_ok: report.is_ok(),
        problems: report
            .problems
            .iter()
            .map(|p| match lang {
                Lang::Th => p.message_th(),
                Lang::En => p.message_en(),
            })
            .collect(),
    })
}

/// The agency's whole audit log as CSV (UTF-8 with BOM, so Excel shows Thai).
pub async fn audit_csv(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewAudit)?;
    let scope = staff.scope()?;
    let total = audit::count(&st.store, &scope).await?;
    let entries = audit::list(&st.store, &scope, total.max(1), 0).await?;
    let body = prongsai_docs::csv::audit_csv(&entries)
        .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"audit-log.csv\""),
    );
    Ok(res)
}

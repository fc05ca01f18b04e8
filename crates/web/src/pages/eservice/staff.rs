//! The staff's side of the e-Service: the requests received (filtered by state, service and
//! lateness), one request with the citizen's answers, contact and photos, and moving it along
//! its workflow with a note (shown to the citizen or not). Unit staff handle their unit's
//! requests; coordinators and admins handle all.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::eservice::{AnswerValue, RequestState};
use prongsai_domain::measures::may_edit_line;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::eservice::RequestFilter;
use prongsai_store::StoreError;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::view::{fmt_date, fmt_datetime, render_form, today, Errors, Page};

const PAGE_SIZE: u64 = 50;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    late: String,
    #[serde(default)]
    page: String,
}

pub struct RequestRow {
    pub id: i64,
    pub service: String,
    pub received: String,
    pub due: String,
    pub state: &'static str,
    pub state_label: String,
    pub late: bool,
    pub channel: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "eservice/staff_list.html")]
struct ListPage {
    page: Page,
    rows: Vec<RequestRow>,
    total: u64,
    states: Vec<Choice>,
    services: Vec<Choice>,
    late: bool,
    next_page: Option<String>,
    /// Counter-service entries: who may record them, the day offered, what was refused.
    may_record: bool,
    today: String,
    errors: Errors,
}

/// `GET /staff/eservice`
pub async fn list(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    list_view(&st, &staff, q, Errors::default()).await
}

async fn list_view(
    st: &AppState,
    staff: &Staff,
    q: ListQuery,
    errors: Errors,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let state = RequestState::parse(&q.state);
    let service_id = super::super::opt_id(&q.service);
    let page_no: u64 = q.page.parse().unwrap_or(0).min(10_000);
    let filter = RequestFilter {
        state,
        service_id,
        unit_id: None,
        late_only: q.late == "1",
        today: today(),
    };
    let services = st.store.list_services(&scope, false).await?;
    let total = st.store.count_requests(&scope, filter).await?;
    let requests = st
        .store
        .list_requests(&scope, filter, PAGE_SIZE, page_no * PAGE_SIZE)
        .await?;
    let name_of = |id: i64| {
        services
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name(lang).to_string())
            .unwrap_or_default()
    };
    let rows = requests
        .iter()
        .map(|r| RequestRow {
            id: r.id,
            service: name_of(r.service_id),
            received: fmt_date(lang, r.received_on),
            due: fmt_date(lang, r.due_on),
            state: r.state.code(),
            state_label: r.state.label(lang).to_string(),
            late: r.is_late(today()),
            channel: match lang {
                Lang::Th => r.channel.label_th(),
                Lang::En => r.channel.label_en(),
            }
            .to_string(),
        })
        .collect();
    let more = (page_no + 1) * PAGE_SIZE < total;
    let role = staff.user.role();
    let failed = !errors.is_empty();
    render_form(
        &ListPage {
            page: Page::staff(staff, "es.requests", "/staff/eservice"),
            rows,
            total,
            states: RequestState::ALL
                .iter()
                .map(|s| Choice {
                    value: s.code().to_string(),
                    label: s.label(lang).to_string(),
                    selected: state == Some(*s),
                })
                .collect(),
            services: services
                .iter()
                .map(|s| Choice {
                    value: s.id.to_string(),
                    label: s.name(lang).to_string(),
                    selected: service_id == Some(s.id),
                })
                .collect(),
            late: filter.late_only,
            next_page: more.then(|| {
                format!(
                    "/staff/eservice?state={}&service={}&late={}&page={}",
                    crate::error::urlencode(&q.state),
                    crate::error::urlencode(&q.service),
                    crate::error::urlencode(&q.late),
                    page_no + 1
                )
            }),
            may_record: role.allows(Permission::EditOwnWork)
                || role.allows(Permission::ManageAssessment),
            today: today().format("%Y-%m-%d").to_string(),
            errors,
        },
        failed,
    )
}

#[derive(Deserialize)]
pub struct CounterForm {
    #[serde(default)]
    service_id: String,
    #[serde(default)]
    day: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    done: String,
}

/// `POST /staff/eservice/counter`: requests served at the office on a day, in bulk, so the
/// statistics cover every channel.
pub async fn record_counter(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<CounterForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let role = staff.user.role();
    if !role.allows(Permission::EditOwnWork) && !role.allows(Permission::ManageAssessment) {
        return Err(AppError::Forbidden);
    }
    let lang = staff.ctx.lang;
    let number = |field: &'static str, v: &str| {
        prongsai_domain::calendar::to_ascii_digits(v.trim())
            .parse::<u32>()
            .map_err(|_| {
                prongsai_domain::InputError::new(
                    field,
                    "กรุณาระบุจำนวนเป็นตัวเลข",
                    "Please give a number",
                )
            })
    };
    let read = || -> Result<_, prongsai_domain::InputError> {
        let service = super::super::opt_id(&f.service_id).ok_or_else(|| {
            prongsai_domain::InputError::new(
                "service_id",
                "กรุณาเลือกบริการ",
                "Please choose a service",
            )
        })?;
        let day = prongsai_domain::calendar::parse_date(f.day.trim()).map_err(|_| {
            prongsai_domain::InputError::new(
                "day",
                "วันที่ไม่ถูกต้อง (เช่น 15/03/2570 หรือ 2027-03-15)",
                "Not a valid date (e.g. 15/03/2570 or 2027-03-15)",
            )
        })?;
        Ok((
            service,
            day,
            number("count", &f.count)?,
            number("done", &f.done)?,
        ))
    };
    let r = match read() {
        Ok((service, day, count, done)) => {
            st.store
                .record_counter(
                    &staff.scope()?,
                    &staff.actor(),
                    service,
                    day,
                    count,
                    done,
                    today(),
                )
                .await
        }
        Err(e) => Err(StoreError::Input(e)),
    };
    match r {
        Ok(()) => {
            crate::pages::disclosure::auto::publish_services(&st, &staff).await;
            Ok(Redirect::to("/staff/eservice?recorded=1").into_response())
        }
        Err(StoreError::Input(e)) => {
            list_view(
                &st,
                &staff,
                ListQuery::default(),
                Errors::from_input(lang, &e),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub struct AnswerView {
    pub label: String,
    pub value: String,
    /// A photo: the address of the picture.
    pub photo: Option<String>,
    /// A location: a map link.
    pub map: Option<String>,
}

pub struct EventView {
    pub at: String,
    pub to: String,
    pub note: String,
    pub public: bool,
    pub by: String,
}

#[derive(Template)]
#[template(path = "eservice/staff_request.html")]
struct RequestPage {
    page: Page,
    id: i64,
    service: String,
    state: &'static str,
    state_label: String,
    received: String,
    due: String,
    closed: String,
    late: bool,
    phone: String,
    email: String,
    consent: String,
    answers: Vec<AnswerView>,
    events: Vec<EventView>,
    next: Vec<Choice>,
    may_handle: bool,
    errors: Errors,
}

async fn request_view(
    st: &AppState,
    staff: &Staff,
    id: i64,
    errors: Errors,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let (r, events) = st.store.request(&scope, id).await?;
    let service = st.store.service(&scope, r.service_id).await?;
    let users = st.store.list_users(&scope).await?;
    let answers = r
        .answers
        .iter()
        .map(|a| {
            let label = service
                .form
                .field(&a.key)
                .map(|f| f.label(lang).to_string())
                .unwrap_or_else(|| a.key.clone());
            let (photo, map) = match &a.value {
                AnswerValue::Photo(token) => (
                    token
                        .strip_prefix("sha256:")
                        .map(|_| format!("/staff/eservice/requests/{id}/photo/{}", a.key)),
                    None,
                ),
                AnswerValue::Location(p) => (
                    None,
                    Some(format!(
                        "https://www.openstreetmap.org/?mlat={:.6}&mlon={:.6}#map=17/{:.6}/{:.6}",
                        p.lat, p.lon, p.lat, p.lon
                    )),
                ),
                _ => (None, None),
            };
            AnswerView {
                label,
                value: a.value.display(lang),
                photo,
                map,
            }
        })
        .collect();
    let role = staff.user.role();
    let may_handle = may_edit_line(role, staff.user.unit_id, r.unit_id)
        && (role.allows(Permission::EditOwnWork) || role.allows(Permission::ManageAssessment));
    let failed = !errors.is_empty();
    render_form(
        &RequestPage {
            page: Page::staff(staff, "es.requests", "/staff/eservice"),
            id,
            service: service.name(lang).to_string(),
            state: r.state.code(),
            state_label: r.state.label(lang).to_string(),
            received: fmt_date(lang, r.received_on),
            due: fmt_date(lang, r.due_on),
            closed: r.closed_on.map(|d| fmt_date(lang, d)).unwrap_or_default(),
            late: r.is_late(today()),
            phone: r
                .contact
                .phone
                .as_deref()
                .map(prongsai_domain::eservice::format_phone)
                .unwrap_or_default(),
            email: r.contact.email.clone().unwrap_or_default(),
            consent: r.consent_text.clone(),
            answers,
            events: events
                .iter()
                .map(|e| EventView {
                    at: fmt_datetime(lang, e.at),
                    to: e.to.label(lang).to_string(),
                    note: e.note.clone().unwrap_or_default(),
                    public: e.public,
                    // the receipt is the citizen's; a change without a user, the system's
                    by: match (e.from, e.user_id) {
                        (None, _) => staff.ctx.t("es.citizen").to_string(),
                        (_, Some(u)) => users
                            .iter()
                            .find(|x| x.id == u)
                            .map(|u| u.display_name.clone())
                            .unwrap_or_default(),
                        (_, None) => staff.ctx.t("es.system").to_string(),
                    },
                })
                .collect(),
            next: r
                .state
                .next_states()
                .iter()
                .map(|s| Choice {
                    value: s.code().to_string(),
                    label: s.label(lang).to_string(),
                    selected: false,
                })
                .collect(),
            may_handle,
            errors,
        },
        failed,
    )
}

/// `GET /staff/eservice/requests/{id}`
pub async fn request_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    request_view(&st, &staff, id, Errors::default()).await
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    public: String,
}

/// `POST /staff/eservice/requests/{id}/move`
pub async fn move_request(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<MoveForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let role = staff.user.role();
    if !role.allows(Permission::EditOwnWork) && !role.allows(Permission::ManageAssessment) {
        return Err(AppError::Forbidden);
    }
    let to = RequestState::parse(&f.to).ok_or(AppError::BadRequest)?;
    let unit = staff.user.unit_id;
    let r = st
        .store
        .move_request(
            &staff.scope()?,
            &staff.actor(),
            id,
            to,
            &f.note,
            f.public == "1",
            today(),
            |owner| may_edit_line(role, unit, owner),
        )
        .await;
    match r {
        Ok(_) => {
            crate::pages::disclosure::auto::publish_services(&st, &staff).await;
            Ok(Redirect::to(&format!("/staff/eservice/requests/{id}")).into_response())
        }
        Err(StoreError::Input(e)) => {
            request_view(&st, &staff, id, Errors::from_input(staff.ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /staff/eservice/requests/{id}/photo/{key}`: a photo of a request, to its agency's
/// staff only (personal data: never cached by others).
pub async fn photo(
    State(st): State<AppState>,
    staff: Staff,
    Path((id, key)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let (r, _) = st.store.request(&staff.scope()?, id).await?;
    let Some(AnswerValue::Photo(token)) = r.answers.get(&key) else {
        return Err(AppError::NotFound);
    };
    let sha = token.strip_prefix("sha256:").ok_or(AppError::NotFound)?;
    let bytes = st
        .blobs
        .get(sha)
        .await
        .map_err(|e| AppError::Internal(format!("photo {sha} of request {id}: {e}")))?;
    let kind = prongsai_docs::files::sniff(&bytes);
    let mime = kind
        .filter(|k| k.is_image())
        .map(|k| k.mime())
        .unwrap_or("application/octet-stream");
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'"),
    );
    Ok(res)
}

//! The staff's side: the register (filters by kind, state, late), recording a case received
//! by phone, letter, in person or referral, one case with its thread, the workflow, replies
//! and internal notes, assignment to a unit, the two-person release of the reporter's
//! contact details, files, and the agency admin's page of designated handlers.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use prongsai_domain::calendar::parse_date;
use prongsai_domain::complaints::{
    parse_message, Channel, Kind, Outcome, ReceiptCode, ReporterContact, State as CaseState,
    Submission, MAX_DETAILS_CHARS, MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS,
};
use prongsai_domain::eservice::{format_phone, FieldError};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::complaints::{CaseFilter, Handler, MessageKind, Recorded};
use prongsai_store::{AgencyScope, StoreError};
use rand::RngCore;
use serde::Deserialize;

use super::{file_response, take_files};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::disclosure::documents::read_upload;
use crate::view::{fmt_date, fmt_datetime, render_form, today, unit_name, Page};

const PAGE_SIZE: u64 = 50;

/// The staff member's agency and their designation as a complaint handler.
async fn viewer(st: &AppState, staff: &Staff) -> Result<(AgencyScope, Option<Handler>), AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let h = st.store.complaint_handler(&scope, staff.user.id).await?;
    Ok((scope, h))
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    selected: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|x| Choice {
            value: code(*x).to_string(),
            label: label(*x).to_string(),
            selected: code(*x) == selected,
        })
        .collect()
}

// ----- the register -------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    late: String,
    #[serde(default)]
    page: String,
}

pub struct CaseRow {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub channel: String,
    pub received: String,
    pub due: String,
    pub state: &'static str,
    pub state_label: String,
    pub late: bool,
}

/// What was typed in the recording form, shown again when refused.
#[derive(Deserialize, Default, Clone)]
pub struct RecordForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    anonymous: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    unit_id: String,
}

#[derive(Template)]
#[template(path = "complaints/staff_list.html")]
struct ListPage {
    page: Page,
    rows: Vec<CaseRow>,
    total: u64,
    kinds: Vec<Choice>,
    states: Vec<Choice>,
    late: bool,
    next_page: Option<String>,
    is_handler: bool,
    may_manage: bool,
    may_record: bool,
    record: RecordForm,
    record_kinds: Vec<Choice>,
    channels: Vec<Choice>,
    today: String,
    errors: Vec<String>,
    max_subject: usize,
    max_details: usize,
    consent: &'static str,
    /// The receipt code of the case just recorded, shown once.
    recorded_code: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn list_view(
    st: &AppState,
    staff: &Staff,
    q: &ListQuery,
    record: RecordForm,
    errors: &[FieldError],
    recorded_code: Option<String>,
) -> Result<Response, AppError> {
    let (scope, h) = viewer(st, staff).await?;
    let lang = staff.ctx.lang;
    let now = today();
    let kind = Kind::parse(q.kind.trim());
    let filter = CaseFilter {
        kind,
        state: CaseState::parse(q.state.trim()),
        late_only: q.late == "1",
        include_restricted: h.is_some(),
        today: now,
    };
    let page_no: u64 = q.page.trim().parse().unwrap_or(0).min(10_000);
    let total = st.store.count_complaints(&scope, filter).await?;
    let cases = st
        .store
        .list_complaints(&scope, filter, PAGE_SIZE, page_no * PAGE_SIZE)
        .await?;
    let rows = cases
        .iter()
        .map(|c| CaseRow {
            id: c.id,
            kind: c.kind.label(lang).to_string(),
            subject: c.subject.clone(),
            channel: c.channel.label(lang).to_string(),
            received: fmt_date(lang, c.received_on),
            due: fmt_date(lang, c.close_due),
            state: c.state.code(),
            state_label: c.state.label(lang).to_string(),
            late: c.is_late(now),
        })
        .collect();
    let next_page = ((page_no + 1) * PAGE_SIZE < total).then(|| {
        format!(
            "/staff/complaints?kind={}&state={}&late={}&page={}",
            q.kind.trim(),
            q.state.trim(),
            q.late.trim(),
            page_no + 1
        )
    });
    let visible_kinds: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|k| h.is_some() || !k.restricted())
        .collect();
    let mut p = Page::staff(staff, "cp.register", "/staff/complaints");
    if recorded_code.is_some() {
        p = p.with_flash(Some("cp.recorded"));
    }
    let res = render_form(
        &ListPage {
            page: p,
            rows,
            total,
            kinds: choices(
                &visible_kinds,
                |k| k.code(),
                |k| k.label(lang),
                q.kind.trim(),
            ),
            states: choices(
                CaseState::ALL,
                |s| s.code(),
                |s| s.label(lang),
                q.state.trim(),
            ),
            late: q.late == "1",
            next_page,
            is_handler: h.is_some(),
            may_manage: staff.user.role().allows(Permission::ManageUsers),
            may_record: staff.user.role().allows(Permission::EditOwnWork),
            record_kinds: choices(Kind::ALL, |k| k.code(), |k| k.label(lang), &record.kind),
            channels: choices(
                &Channel::ALL[1..],
                |c| c.code(),
                |c| c.label(lang),
                &record.channel,
            ),
            record,
            today: now.to_string(),
            errors: errors.iter().map(|e| e.message(lang).to_string()).collect(),
            max_subject: MAX_SUBJECT_CHARS,
            max_details: MAX_DETAILS_CHARS,
            consent: super::public::CONSENT_TH,
            recorded_code,
        },
        !errors.is_empty(),
    )?;
    Ok(res)
}

/// `GET /staff/complaints?kind=&state=&late=1`
pub async fn list(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    list_view(&st, &staff, &q, RecordForm::default(), &[], None).await
}

/// `POST /staff/complaints/record`: a case received by phone, letter, in person or referral.
/// The receipt code is shown once, to hand to the reporter.
pub async fn record(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<RecordForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::EditOwnWork)?;
    let scope = staff.scope()?;
    let mut errors = Vec::new();
    let channel = Channel::parse(f.channel.trim()).filter(|c| *c != Channel::Online);
    if channel.is_none() {
        errors.push(FieldError::new(
            "channel",
            "กรุณาเลือกช่องทางที่รับเรื่อง",
            "Please choose the channel the case came through",
        ));
    }
    let received: Option<NaiveDate> = parse_date(f.received_on.trim()).ok();
    if received.is_none() {
        errors.push(FieldError::new(
            "received_on",
            "วันที่รับเรื่องไม่ถูกต้อง (เช่น 2026-11-27 หรือ ๒๗ พ.ย. ๒๕๖๙)",
            "Invalid day received (e.g. 2026-11-27)",
        ));
    }
    let anonymous = f.anonymous == "yes";
    let sub = match Submission::parse(
        &f.kind,
        &f.subject,
        &f.details,
        anonymous,
        [&f.name, &f.phone, &f.email, &f.address],
    ) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    if !anonymous && f.consent != "yes" {
        errors.push(FieldError::new(
            "consent",
            "กรุณายืนยันว่าผู้ร้องได้รับทราบและยินยอมการเก็บข้อมูลติดต่อ หรือบันทึกแบบไม่ระบุตัวตน",
            "Please confirm the reporter accepted the personal data notice, or record the case anonymously",
        ));
    }
    let unit_id = f.unit_id.trim().parse::<i64>().ok();
    let q = ListQuery::default();
    let (Some(channel), Some(received_on), Some(submission), true) =
        (channel, received, sub, errors.is_empty())
    else {
        return list_view(&st, &staff, &q, f, &errors, None).await;
    };
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let code = ReceiptCode::from_random(bytes);
    let r = Recorded {
        submission,
        channel,
        received_on,
        unit_id,
        consent_text: (!anonymous).then(|| super::public::CONSENT_TH.to_string()),
    };
    match st
        .store
        .record_complaint(&scope, &staff.actor(), r, &code, today())
        .await
    {
        Ok(_) => {
            super::publish(&st, &scope, &staff.agency_slug()).await;
            list_view(
                &st,
                &staff,
                &q,
                RecordForm::default(),
                &[],
                Some(code.grouped()),
            )
            .await
        }
        Err(StoreError::Input(e)) => list_view(&st, &staff, &q, f, &[e.into()], None).await,
        Err(e) => Err(e.into()),
    }
}

// ----- one case ----------------------------------------------------------------------------

pub struct FileView {
    pub id: i64,
    pub name: String,
}

pub struct MessageView {
    pub date: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub who: String,
    pub body: String,
    pub internal: bool,
    pub files: Vec<FileView>,
}

pub struct ReleaseView {
    pub id: i64,
    pub by: String,
    pub reason: String,
    pub at: String,
    pub status: String,
    /// This viewer may approve or refuse it now.
    pub may_decide: bool,
}

pub struct ContactView {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

#[derive(Template)]
#[template(path = "complaints/staff_case.html")]
struct CasePage {
    page: Page,
    id: i64,
    kind: String,
    subject: String,
    details: String,
    channel: String,
    state: &'static str,
    state_label: String,
    outcome: String,
    received: String,
    ack_due: String,
    close_due: String,
    closed: String,
    late: bool,
    unit: String,
    units: Vec<Choice>,
    anonymous: bool,
    contact: Option<ContactView>,
    /// This viewer has a pending request.
    pending_mine: bool,
    releases: Vec<ReleaseView>,
    messages: Vec<MessageView>,
    is_handler: bool,
    next: Vec<Choice>,
    outcomes: Vec<Choice>,
    errors: Vec<String>,
    max_message: usize,
}

async fn case_view(
    st: &AppState,
    staff: &Staff,
    id: i64,
    errors: &[String],
) -> Result<Response, AppError> {
    let (scope, h) = viewer(st, staff).await?;
    let lang = staff.ctx.lang;
    let (c, msgs) = st.store.complaint(&scope, id).await?;
    // corruption cases do not exist for anyone but the designated handlers
    if c.kind.restricted() && h.is_none() {
        return Err(AppError::NotFound);
    }
    let users = st.store.list_users(&scope).await?;
    let user_name = |uid: Option<i64>| {
        uid.and_then(|u| users.iter().find(|x| x.id == u))
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    };
    let units = st.store.list_units(&scope).await?;
    let has_contact = st.store.complaint_has_contact(&scope, id).await?;
    let contact = if h.is_some() && has_contact {
        st.store
            .released_contact(&scope, staff.user.id, id)
            .await?
            .map(|c: ReporterContact| ContactView {
                name: c.name,
                phone: c.phone.as_deref().map(format_phone).unwrap_or_default(),
                email: c.email.unwrap_or_default(),
                address: c.address.unwrap_or_default(),
            })
    } else {
        None
    };
    let releases = if h.is_some() {
        st.store.contact_releases(&scope, id).await?
    } else {
        Vec::new()
    };
    let pending_mine = releases
        .iter()
        .any(|r| r.requested_by == staff.user.id && r.approved.is_none());
    let t = |k: &'static str| staff.ctx.t(k);
    let now = today();
    let res = render_form(
        &CasePage {
            page: Page::staff(staff, "cp.register", "/staff/complaints"),
            id,
            kind: c.kind.label(lang).to_string(),
            subject: c.subject.clone(),
            details: c.details.clone(),
            channel: c.channel.label(lang).to_string(),
            state: c.state.code(),
            state_label: c.state.label(lang).to_string(),
            outcome: c
                .outcome
                .map(|o| o.label(lang).to_string())
                .unwrap_or_default(),
            received: fmt_date(lang, c.received_on),
            ack_due: fmt_date(lang, c.ack_due),
            close_due: fmt_date(lang, c.close_due),
            closed: c.closed_on.map(|d| fmt_date(lang, d)).unwrap_or_default(),
            late: c.is_late(now),
            unit: c
                .unit_id
                .and_then(|u| units.iter().find(|x| x.id == u))
                .map(|u| unit_name(u, lang))
                .unwrap_or_default(),
            units: units
                .iter()
                .map(|u| Choice {
                    value: u.id.to_string(),
                    label: unit_name(u, lang),
                    selected: Some(u.id) == c.unit_id,
                })
                .collect(),
            anonymous: !has_contact,
            contact,
            pending_mine,
            releases: releases
                .iter()
                .map(|r| ReleaseView {
                    id: r.id,
                    by: user_name(Some(r.requested_by)),
                    reason: r.reason.clone(),
                    at: fmt_datetime(lang, r.requested_at),
                    status: match r.approved {
                        None => t("cp.release_pending").to_string(),
                        Some(true) => {
                            format!("{} ({})", t("cp.release_approved"), user_name(r.decided_by))
                        }
                        Some(false) => {
                            format!("{} ({})", t("cp.release_refused"), user_name(r.decided_by))
                        }
                    },
                    may_decide: r.approved.is_none()
                        && r.requested_by != staff.user.id
                        && h.is_some_and(|h| h.may_approve),
                })
                .collect(),
            messages: msgs
                .iter()
                .map(|m| MessageView {
                    date: match m.at {
                        Some(at) => fmt_datetime(lang, at),
                        None => fmt_date(lang, m.day),
                    },
                    kind: m.kind.code(),
                    kind_label: t(match m.kind {
                        MessageKind::Report => "cp.m_report",
                        MessageKind::Reporter => "cp.m_reporter",
                        MessageKind::Reply => "cp.m_reply",
                        MessageKind::Note => "cp.m_note",
                        MessageKind::State => "cp.m_state",
                    })
                    .to_string(),
                    who: match m.kind {
                        MessageKind::Reporter => t("cp.reporter").to_string(),
                        _ => user_name(m.author_user_id),
                    },
                    body: match (m.to_state, m.outcome) {
                        (Some(s), Some(o)) => {
                            format!("{} ({}) {}", s.label(lang), o.label(lang), m.body)
                        }
                        (Some(s), None) => format!("{} {}", s.label(lang), m.body),
                        _ => m.body.clone(),
                    },
                    internal: !m.kind.public(),
                    files: m
                        .files
                        .iter()
                        .map(|f| FileView {
                            id: f.id,
                            name: f.file_name.clone(),
                        })
                        .collect(),
                })
                .collect(),
            is_handler: h.is_some(),
            next: c
                .state
                .next_states()
                .iter()
                .map(|s| Choice {
                    value: s.code().to_string(),
                    label: s.label(lang).to_string(),
                    selected: false,
                })
                .collect(),
            outcomes: Outcome::for_kind(c.kind)
                .into_iter()
                .map(|o| Choice {
                    value: o.code().to_string(),
                    label: o.label(lang).to_string(),
                    selected: false,
                })
                .collect(),
            errors: errors.to_vec(),
            max_message: MAX_MESSAGE_CHARS,
        },
        !errors.is_empty(),
    )?;
    Ok(res)
}

/// `GET /staff/complaints/{id}`
pub async fn case_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    case_view(&st, &staff, id, &[]).await
}

/// Checks the viewer may see the case at all (404 otherwise, also for another agency's).
async fn visible(st: &AppState, staff: &Staff, id: i64) -> Result<AgencyScope, AppError> {
    let (scope, h) = viewer(st, staff).await?;
    let (c, _) = st.store.complaint(&scope, id).await?;
    if c.kind.restricted() && h.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(scope)
}

/// After a write: back to the case, or the case again with the refusal.
async fn done(
    st: &AppState,
    staff: &Staff,
    id: i64,
    r: Result<(), StoreError>,
) -> Result<Response, AppError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/staff/complaints/{id}")).into_response()),
        Err(StoreError::Input(e)) => {
            case_view(st, staff, id, &[e.message(staff.ctx.lang).to_string()]).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

/// `POST /staff/complaints/{id}/move`
pub async fn move_case(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<MoveForm>,
) -> Result<Response, AppError> {
    let scope = visible(&st, &staff, id).await?;
    let Some(to) = CaseState::parse(f.to.trim()) else {
        return case_view(
            &st,
            &staff,
            id,
            &[staff.ctx.t("cp.choose_state").to_string()],
        )
        .await;
    };
    let outcome = Outcome::parse(f.outcome.trim());
    let r = st
        .store
        .move_complaint(&scope, &staff.actor(), id, to, outcome, &f.note, today())
        .await
        .map(|_| ());
    if r.is_ok() {
        super::publish(&st, &scope, &staff.agency_slug()).await;
    }
    done(&st, &staff, id, r).await
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    unit_id: String,
}

/// `POST /staff/complaints/{id}/assign`
pub async fn assign(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AssignForm>,
) -> Result<Response, AppError> {
    let scope = visible(&st, &staff, id).await?;
    let unit = f.unit_id.trim().parse::<i64>().ok();
    let r = st
        .store
        .assign_complaint(&scope, &staff.actor(), id, unit)
        .await
        .map(|_| ());
    done(&st, &staff, id, r).await
}

/// `POST /staff/complaints/{id}/message` (multipart: body, internal, files)
pub async fn message(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let scope = visible(&st, &staff, id).await?;
    let up = read_upload(&staff, mp).await?;
    let lang = staff.ctx.lang;
    let body = match parse_message(up.get("body")) {
        Ok(b) => b,
        Err(e) => return case_view(&st, &staff, id, &[e.message(lang).to_string()]).await,
    };
    let files = match take_files(&st, &up, false).await? {
        Ok(f) => f,
        Err(e) => {
            let msgs: Vec<String> = e.iter().map(|e| e.message(lang).to_string()).collect();
            return case_view(&st, &staff, id, &msgs).await;
        }
    };
    let r = st
        .store
        .handler_message(
            &scope,
            &staff.actor(),
            id,
            up.get("internal") == "1",
            body,
            &files,
            today(),
        )
        .await
        .map(|_| ());
    done(&st, &staff, id, r).await
}

#[derive(Deserialize)]
pub struct ReleaseForm {
    #[serde(default)]
    reason: String,
}

/// `POST /staff/complaints/{id}/release`: ask to see the reporter's contact details.
pub async fn request_release(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ReleaseForm>,
) -> Result<Response, AppError> {
    let scope = visible(&st, &staff, id).await?;
    let r = st
        .store
        .request_contact_release(&scope, &staff.actor(), id, &f.reason)
        .await
        .map(|_| ());
    done(&st, &staff, id, r).await
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
}

/// `POST /staff/complaints/{id}/release/{rid}`: approve or refuse another handler's request.
pub async fn decide_release(
    State(st): State<AppState>,
    staff: Staff,
    Path((id, rid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<DecideForm>,
) -> Result<Response, AppError> {
    let scope = visible(&st, &staff, id).await?;
    // the request must belong to this case
    if !st
        .store
        .contact_releases(&scope, id)
        .await?
        .iter()
        .any(|r| r.id == rid)
    {
        return Err(AppError::NotFound);
    }
    let r = st
        .store
        .decide_contact_release(&scope, &staff.actor(), rid, f.decision == "approve")
        .await
        .map(|_| ());
    done(&st, &staff, id, r).await
}

/// `GET /staff/complaints/{id}/files/{fid}`
pub async fn file(
    State(st): State<AppState>,
    staff: Staff,
    Path((id, fid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let scope = visible(&st, &staff, id).await?;
    let f = st.store.complaint_file(&scope, id, fid).await?;
    let bytes = st
        .blobs
        .get(&f.sha256)
        .await
        .map_err(|e| AppError::Internal(format!("complaint file: {e}")))?;
    Ok(file_response(&f.file_name, &f.kind, bytes))
}

// ----- designated handlers ------------------------------------------------------------------

pub struct HandlerRow {
    pub user_id: i64,
    pub name: String,
    pub username: String,
    pub role: String,
    pub designated: bool,
    pub may_approve: bool,
}

#[derive(Template)]
#[template(path = "complaints/handlers.html")]
struct HandlersPage {
    page: Page,
    rows: Vec<HandlerRow>,
    errors: Vec<String>,
}

async fn handlers_view(
    st: &AppState,
    staff: &Staff,
    errors: &[String],
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUsers)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let users = st.store.list_users(&scope).await?;
    let handlers = st.store.complaint_handlers(&scope).await?;
    let rows = users
        .iter()
        .filter(|u| u.active)
        .map(|u| {
            let h = handlers.iter().find(|h| h.user_id == u.id);
            HandlerRow {
                user_id: u.id,
                name: u.display_name.clone(),
                username: u.username.clone(),
                role: match lang {
                    Lang::Th => u.role().label_th(),
                    Lang::En => u.role().label_en(),
                }
                .to_string(),
                designated: h.is_some(),
                may_approve: h.is_some_and(|h| h.may_approve),
            }
        })
        .collect();
    render_form(
        &HandlersPage {
            page: Page::staff(staff, "cp.handlers", "/staff/complaints"),
            rows,
            errors: errors.to_vec(),
        },
        !errors.is_empty(),
    )
}

/// `GET /staff/complaints/handlers` (agency admins)
pub async fn handlers(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    handlers_view(&st, &staff, &[]).await
}

#[derive(Deserialize)]
pub struct HandlerForm {
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    designated: String,
    #[serde(default)]
    may_approve: String,
}

/// `POST /staff/complaints/handlers`: designate one user (or end the designation).
pub async fn set_handler(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<HandlerForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageUsers)?;
    let scope = staff.scope()?;
    let user_id: i64 = f.user_id.trim().parse().map_err(|_| AppError::BadRequest)?;
    let designated = f.designated == "1";
    match st
        .store
        .set_complaint_handler(
            &scope,
            &staff.actor(),
            user_id,
            designated,
            designated && f.may_approve == "1",
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/staff/complaints/handlers").into_response()),
        Err(StoreError::Input(e)) => {
            handlers_view(&st, &staff, &[e.message(staff.ctx.lang).to_string()]).await
        }
        Err(e) => Err(e.into()),
    }
}

//! The e-Service (บริการออนไลน์): the agency's catalogue of services with their forms, the
//! requests citizens submit against them, the staff's work on each request, counter-service
//! entries recorded in bulk, and the service statistics (สถิติการให้บริการ).
//!
//! The rules live in `domain::eservice` (forms, answers, contacts, tracking codes, the
//! workflow, due dates, statistics rows); this module keeps them.
//!
//! * A request is found by its tracking code through the code's SHA-256
//!   ([`TrackingCode::lookup_key`]); the code itself is never stored.
//! * The citizen's answers and contact details stay in the request row: the audit log of a
//!   submission records ids, the state and the dates only.
//! * Statistics never scan requests for counts. Every submission, change of state and counter
//!   entry updates, in its own write transaction, `service_daily` (per agency, service, day of
//!   receipt and channel: received, done, rejected, closed late, days to complete) and, when a
//!   request is done, `service_days_hist` (how many took how many days, per month of receipt),
//!   so a period's table is a `GROUP BY` over a few thousand rows, plus one indexed count of
//!   the open requests past their due date. The rows are cohorts, as
//!   [`StatRow`](prongsai_domain::eservice::StatRow) says: the requests received in the period
//!   and what has become of them.

pub mod entities;

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate, Utc};
use prongsai_domain::calendar::{to_thai_digits, FiscalYear, Period};
use prongsai_domain::eservice::{
    due_date, median_of_counts, Answers, Channel, Contact, FormDef, RequestFact, RequestState,
    StatPeriod, StatRow, TrackingCode, Transition,
};
use prongsai_domain::{InputError, Lang};
use sea_orm::sea_query::{Alias, Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde::Serialize;

use crate::{conflict_or, Actor, AgencyScope, Result, Store, StoreError};
use entities::{service, service_daily, service_days_hist, service_request, service_request_event};

/// The actor label of a citizen's own writes (a submission): no user, no identity.
pub const CITIZEN: &str = "citizen";
/// The longest service name (Thai or English), in characters.
pub const MAX_SERVICE_NAME_CHARS: usize = 300;
/// The longest service description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
/// The longest target, in working days.
pub const MAX_TARGET_DAYS: u32 = 365;
/// The longest consent text, in characters.
pub const MAX_CONSENT_CHARS: usize = 20_000;
/// The most requests one counter entry may record.
pub const MAX_COUNTER_ENTRY: u32 = 10_000;
/// The most requests one page of [`Store::list_requests`] returns.
pub const MAX_PAGE: u64 = 500;

/// The actor of a citizen's own writes.
pub fn citizen() -> Actor {
    Actor::system(CITIZEN)
}

const OPEN_STATES: [RequestState; 3] = [
    RequestState::Received,
    RequestState::InProgress,
    RequestState::WaitingCitizen,
];

fn refused(
    field: &'static str,
    th: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> StoreError {
    StoreError::Input(InputError::new(field, th, en))
}

fn th_num(n: impl std::fmt::Display) -> String {
    to_thai_digits(&n.to_string())
}

fn corrupt(what: &str, id: i64) -> StoreError {
    StoreError::Other(format!("stored {what} of {id} cannot be read"))
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/// What the agency admin writes for a service.
#[derive(Debug, Clone, Default)]
pub struct ServiceDraft {
    pub name_th: String,
    pub name_en: Option<String>,
    pub description_th: String,
    /// The responsible unit (a unit of the agency).
    pub unit_id: Option<i64>,
    /// Working days from receipt to the due date, 0–[`MAX_TARGET_DAYS`].
    pub target_days: u32,
    /// The form, already read with `FormDef::parse_json` (checked again here).
    pub form: FormDef,
    pub active: bool,
}

/// A service of the agency's catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    pub id: i64,
    pub agency_id: i64,
    pub name_th: String,
    pub name_en: Option<String>,
    pub description_th: String,
    pub unit_id: Option<i64>,
    pub target_days: u32,
    pub form: FormDef,
    pub active: bool,
    pub sort_order: i32,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
}

impl Service {
    /// The name in `lang` (English falls back to Thai).
    pub fn name(&self, lang: Lang) -> &str {
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => &self.name_th,
        }
    }
}

fn to_service(m: service::Model) -> Result<Service> {
    // Read without validating again: a form stored under older rules stays readable.
    let form: FormDef = serde_json::from_str(&m.form).map_err(|_| corrupt("form", m.id))?;
    Ok(Service {
        id: m.id,
        agency_id: m.agency_id,
        name_th: m.name_th,
        name_en: m.name_en,
        description_th: m.description_th,
        unit_id: m.unit_id,
        target_days: u32::try_from(m.target_days).unwrap_or(0),
        form,
        active: m.active,
        sort_order: m.sort_order,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// A citizen's request. Holds personal data (answers, contact): show it to the agency's staff,
/// and to the citizen only through the tracking code (masked: `Contact::masked`).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRequest {
    pub id: i64,
    pub agency_id: i64,
    pub service_id: i64,
    /// The service's unit when the request was received: who handles it.
    pub unit_id: Option<i64>,
    pub channel: Channel,
    pub state: RequestState,
    pub answers: Answers,
    pub contact: Contact,
    /// The PDPA consent text as it was shown.
    pub consent_text: String,
    pub received_on: NaiveDate,
    /// `due_date(received_on, the service's target days)`, fixed at receipt.
    pub due_on: NaiveDate,
    /// The day it was done or rejected.
    pub closed_on: Option<NaiveDate>,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
}

impl ServiceRequest {
    /// The request as the statistics see it (`unit_id`: the request's own unit).
    pub fn fact(&self) -> RequestFact {
        RequestFact {
            service_id: self.service_id,
            unit_id: self.unit_id,
            channel: self.channel,
            received: self.received_on,
            due: self.due_on,
            state: self.state,
            closed: self.closed_on,
            count: 1,
        }
    }

    /// Closed after its due date, or open with `today` past it.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.fact().is_late(today)
    }
}

fn to_request(m: service_request::Model) -> Result<ServiceRequest> {
    Ok(ServiceRequest {
        id: m.id,
        agency_id: m.agency_id,
        service_id: m.service_id,
        unit_id: m.unit_id,
        channel: Channel::parse(&m.channel).ok_or_else(|| corrupt("channel", m.id))?,
        state: RequestState::parse(&m.state).ok_or_else(|| corrupt("state", m.id))?,
        answers: Answers::from_json(&m.answers).map_err(|_| corrupt("answers", m.id))?,
        contact: Contact {
            phone: m.contact_phone,
            email: m.contact_email,
        },
        consent_text: m.consent_text,
        received_on: m.received_on,
        due_on: m.due_on,
        closed_on: m.closed_on,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// One step of a request's history: its receipt (`from` None) or a change of state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestEvent {
    pub id: i64,
    pub request_id: i64,
    pub at: chrono::DateTime<Utc>,
    pub from: Option<RequestState>,
    pub to: RequestState,
    /// The staff's note (for a rejection, the reason).
    pub note: Option<String>,
    /// Shown to the citizen on the tracking page.
    pub public: bool,
    /// The staff member; None for the citizen's submission.
    pub user_id: Option<i64>,
}

fn to_event(m: service_request_event::Model) -> Result<RequestEvent> {
    let state = |s: &str| RequestState::parse(s).ok_or_else(|| corrupt("event", m.id));
    Ok(RequestEvent {
        id: m.id,
        request_id: m.request_id,
        at: m.at,
        from: m.from_state.as_deref().map(state).transpose()?,
        to: state(&m.to_state)?,
        note: m.note,
        public: m.public,
        user_id: m.user_id,
    })
}

/// Which requests a staff list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFilter {
    pub state: Option<RequestState>,
    pub service_id: Option<i64>,
    /// The request's unit.
    pub unit_id: Option<i64>,
    /// Open requests past their due date only (then ordered most overdue first).
    pub late_only: bool,
    /// The day lateness is judged on.
    pub today: NaiveDate,
}

impl RequestFilter {
    /// Every request.
    pub fn all(today: NaiveDate) -> Self {
        Self {
            state: None,
            service_id: None,
            unit_id: None,
            late_only: false,
            today,
        }
    }
}

/// The statistics of one period of a fiscal year, in rows of [`StatRow`] (cohorts: the
/// requests received in the period, what has become of them by `today`, with the median days
/// to complete of each row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceStats {
    pub period: Period,
    /// In catalogue order: every service with requests in the period, and every active one.
    pub by_service: Vec<(i64, StatRow)>,
    /// By the service's (current) responsible unit; `None` first: services without a unit.
    pub by_unit: Vec<(Option<i64>, StatRow)>,
    /// Every month of the period, in order, empty ones included.
    pub by_month: Vec<(StatPeriod, StatRow)>,
    /// Online, then counter.
    pub by_channel: Vec<(Channel, StatRow)>,
    pub total: StatRow,
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// A one-line text: trimmed, no control characters, at most `max` characters; required ones
/// not empty.
fn one_line(
    field: &'static str,
    what: (&str, &str),
    value: &str,
    max: usize,
) -> Result<String, StoreError> {
    let v = value.trim();
    if v.chars().any(char::is_control) {
        return Err(refused(
            field,
            format!("{}ต้องอยู่ในบรรทัดเดียวและไม่มีอักขระควบคุม", what.0),
            format!("The {} must be one line without control characters", what.1),
        ));
    }
    let n = v.chars().count();
    if n > max {
        return Err(refused(
            field,
            format!(
                "{}ยาวเกิน {} ตัวอักษร (ยาว {} ตัวอักษร)",
                what.0,
                th_num(max),
                th_num(n)
            ),
            format!("The {} is longer than {max} characters ({n})", what.1),
        ));
    }
    Ok(v.to_owned())
}

fn check_draft(d: &ServiceDraft) -> Result<ServiceDraft> {
    let name_th = one_line(
        "name_th",
        ("ชื่อบริการ", "service name"),
        &d.name_th,
        MAX_SERVICE_NAME_CHARS,
    )?;
    if name_th.is_empty() {
        return Err(refused(
            "name_th",
            "กรุณาระบุชื่อบริการ",
            "Please give the service's name",
        ));
    }
    let name_en = d
        .name_en
        .as_deref()
        .map(|n| {
            one_line(
                "name_en",
                ("ชื่อบริการภาษาอังกฤษ", "English name"),
                n,
                MAX_SERVICE_NAME_CHARS,
            )
        })
        .transpose()?
        .filter(|n| !n.is_empty());
    let description_th = d.description_th.replace("\r\n", "\n").trim().to_owned();
    if description_th
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(refused(
            "description_th",
            "คำอธิบายมีอักขระควบคุมที่ไม่อนุญาต",
            "The description contains control characters",
        ));
    }
    if description_th.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(refused(
            "description_th",
            format!("คำอธิบายยาวเกิน {} ตัวอักษร", th_num(MAX_DESCRIPTION_CHARS)),
            format!("The description is longer than {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    if d.target_days > MAX_TARGET_DAYS {
        return Err(refused(
            "target_days",
            format!(
                "ระยะเวลาแล้วเสร็จต้องไม่เกิน {} วันทำการ",
                th_num(MAX_TARGET_DAYS)
            ),
            format!("The target must be at most {MAX_TARGET_DAYS} working days"),
        ));
    }
    if let Err(errors) = d.form.validate() {
        let first = errors.first();
        return Err(refused(
            "form",
            format!("แบบฟอร์มไม่ถูกต้อง: {}", first.map_or("", |e| e.th.as_str())),
            format!(
                "The form is not valid: {}",
                first.map_or("", |e| e.en.as_str())
            ),
        ));
    }
    Ok(ServiceDraft {
        name_th,
        name_en,
        description_th,
        unit_id: d.unit_id,
        target_days: d.target_days,
        form: d.form.clone(),
        active: d.active,
    })
}

fn service_unavailable() -> StoreError {
    refused(
        "service_id",
        "บริการนี้ไม่เปิดรับคำขอทางออนไลน์ในขณะนี้",
        "This service does not take online requests at the moment",
    )
}

// ---------------------------------------------------------------------------------------------
// Statistics kept with every write
// ---------------------------------------------------------------------------------------------

/// What a write adds to one row of `service_daily`.
#[derive(Debug, Clone, Copy, Default)]
struct Delta {
    received: i64,
    done: i64,
    rejected: i64,
    closed_late: i64,
    days_sum: i64,
    days_count: i64,
}

/// Adds `d` to the day's row, creating it (one `INSERT … ON CONFLICT DO UPDATE`, on both
/// engines). Runs inside the write transaction of the change it counts.
async fn add_daily<C: ConnectionTrait>(
    c: &C,
    agency_id: i64,
    service_id: i64,
    day: NaiveDate,
    channel: Channel,
    d: Delta,
) -> Result<()> {
    use service_daily::Column as Col;
    let add = |col: Col| {
        Expr::col((service_daily::Entity, col)).add(Expr::col((Alias::new("excluded"), col)))
    };
    let mut on_conflict =
        OnConflict::columns([Col::AgencyId, Col::ReceivedOn, Col::ServiceId, Col::Channel]);
    for col in [
        Col::Received,
        Col::Done,
        Col::Rejected,
        Col::ClosedLate,
        Col::DaysSum,
        Col::DaysCount,
    ] {
        on_conflict.value(col, add(col));
    }
    service_daily::Entity::insert(service_daily::ActiveModel {
        agency_id: Set(agency_id),
        service_id: Set(service_id),
        received_on: Set(day),
        channel: Set(channel.code().to_owned()),
        received: Set(d.received),
        done: Set(d.done),
        rejected: Set(d.rejected),
        closed_late: Set(d.closed_late),
        days_sum: Set(d.days_sum),
        days_count: Set(d.days_count),
        ..Default::default()
    })
    .on_conflict(on_conflict)
    .exec_without_returning(c)
    .await?;
    Ok(())
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Adds `n` done requests that took `days` to the histogram of their month of receipt.
async fn add_days<C: ConnectionTrait>(
    c: &C,
    agency_id: i64,
    service_id: i64,
    received_on: NaiveDate,
    channel: Channel,
    days: i32,
    n: i64,
) -> Result<()> {
    use service_days_hist::Column as Col;
    let mut on_conflict = OnConflict::columns([
        Col::AgencyId,
        Col::MonthStart,
        Col::ServiceId,
        Col::Channel,
        Col::Days,
    ]);
    on_conflict.value(
        Col::Requests,
        Expr::col((service_days_hist::Entity, Col::Requests))
            .add(Expr::col((Alias::new("excluded"), Col::Requests))),
    );
    service_days_hist::Entity::insert(service_days_hist::ActiveModel {
        agency_id: Set(agency_id),
        service_id: Set(service_id),
        month_start: Set(month_start(received_on)),
        channel: Set(channel.code().to_owned()),
        days: Set(days),
        requests: Set(n),
        ..Default::default()
    })
    .on_conflict(on_conflict)
    .exec_without_returning(c)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Audit records: ids, states and dates, never answers or contact details
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct RequestAudit {
    service_id: i64,
    unit_id: Option<i64>,
    channel: &'static str,
    state: &'static str,
    received_on: NaiveDate,
    due_on: NaiveDate,
}

#[derive(Serialize)]
struct StateAudit<'a> {
    state: &'static str,
    closed_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public: Option<bool>,
}

#[derive(Serialize)]
struct CounterAudit {
    service_id: i64,
    day: NaiveDate,
    count: u32,
    done: u32,
    rejected: u32,
}

// ---------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------

async fn find_service<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    id: i64,
) -> Result<service::Model> {
    crate::find_in_scope::<service::Entity, _>(c, scope, service::Column::AgencyId, id).await
}

async fn find_request<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    id: i64,
) -> Result<service_request::Model> {
    crate::find_in_scope::<service_request::Entity, _>(
        c,
        scope,
        service_request::Column::AgencyId,
        id,
    )
    .await
}

async fn events_of<C: ConnectionTrait>(
    c: &C,
    request_id: i64,
    public_only: bool,
) -> Result<Vec<RequestEvent>> {
    let mut q = service_request_event::Entity::find()
        .filter(service_request_event::Column::RequestId.eq(request_id));
    if public_only {
        q = q.filter(service_request_event::Column::Public.eq(true));
    }
    q.order_by_asc(service_request_event::Column::At)
        .order_by_asc(service_request_event::Column::Id)
        .all(c)
        .await?
        .into_iter()
        .map(to_event)
        .collect()
}

impl Store {
    /// Add a service at the end of the catalogue.
    pub async fn create_service(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        draft: ServiceDraft,
    ) -> Result<Service> {
        let d = check_draft(&draft)?;
        let mut w = self.write(scope, actor).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit_id", d.unit_id).await?;
        let last = service::Entity::find()
            .filter(service::Column::AgencyId.eq(scope.agency_id()))
            .order_by_desc(service::Column::SortOrder)
            .one(&w.txn)
            .await?;
        let now = Utc::now();
        let m = service::ActiveModel {
            agency_id: Set(scope.agency_id()),
            name_th: Set(d.name_th),
            name_en: Set(d.name_en),
            description_th: Set(d.description_th),
            unit_id: Set(d.unit_id),
            target_days: Set(d.target_days as i32),
            form: Set(d.form.to_json()),
            active: Set(d.active),
            sort_order: Set(last.map_or(1, |l| l.sort_order + 1)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.audit(
            "service",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        to_service(m)
    }

    /// Change a service. Requests already received keep their due date and unit.
    pub async fn update_service(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        draft: ServiceDraft,
    ) -> Result<Service> {
        let d = check_draft(&draft)?;
        let mut w = self.write(scope, actor).await?;
        let before = find_service(&w.txn, scope, id).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit_id", d.unit_id).await?;
        let mut am = before.clone().into_active_model();
        am.name_th = Set(d.name_th);
        am.name_en = Set(d.name_en);
        am.description_th = Set(d.description_th);
        am.unit_id = Set(d.unit_id);
        am.target_days = Set(d.target_days as i32);
        am.form = Set(d.form.to_json());
        am.active = Set(d.active);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "service",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_service(after)
    }

    /// The agency's services in catalogue order (only those taking requests when
    /// `only_active`).
    pub async fn list_services(
        &self,
        scope: &AgencyScope,
        only_active: bool,
    ) -> Result<Vec<Service>> {
        let mut q = service::Entity::find().filter(service::Column::AgencyId.eq(scope.agency_id()));
        if only_active {
            q = q.filter(service::Column::Active.eq(true));
        }
        q.order_by_asc(service::Column::SortOrder)
            .order_by_asc(service::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_service)
            .collect()
    }

    /// One service of the agency, or NotFound.
    pub async fn service(&self, scope: &AgencyScope, id: i64) -> Result<Service> {
        to_service(find_service(&self.db, scope, id).await?)
    }

    // ----- requests ---------------------------------------------------------------------------

    /// A citizen's submission to an active service of the agency, received `today`: stored
    /// with the code's lookup key, its due date from the service's target, the service's unit,
    /// a public "received" event, and counted in the statistics. `answers` were read against
    /// the service's form (`FormDef::parse_submission`); an answer to a field the form no
    /// longer has is refused (the form changed meanwhile). Refused too: a service that is
    /// inactive or not the agency's, a contact without phone or e-mail, an empty consent text.
    ///
    /// Written by [`citizen()`]; the audit entry holds ids, state and dates only.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit_request(
        &self,
        scope: &AgencyScope,
        service_id: i64,
        answers: Answers,
        contact: Contact,
        consent_text: &str,
        code: &TrackingCode,
        today: NaiveDate,
    ) -> Result<ServiceRequest> {
        if contact.phone.is_none() && contact.email.is_none() {
            return Err(refused(
                "contact",
                "กรุณาให้หมายเลขโทรศัพท์หรืออีเมลอย่างน้อยหนึ่งช่องทาง เพื่อให้เจ้าหน้าที่ติดต่อกลับได้",
                "Please give a phone number or an e-mail address so that staff can reply",
            ));
        }
        if contact
            .phone
            .as_ref()
            .is_some_and(|p| !(9..=10).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(refused(
                "phone",
                "หมายเลขโทรศัพท์ไม่ถูกต้อง",
                "Invalid phone number",
            ));
        }
        if contact.email.as_ref().is_some_and(|e| {
            e.chars().count() > prongsai_domain::eservice::MAX_EMAIL_CHARS || !e.contains('@')
        }) {
            return Err(refused("email", "อีเมลไม่ถูกต้อง", "Invalid e-mail address"));
        }
        if consent_text.trim().is_empty() {
            return Err(refused(
                "consent",
                "ไม่มีข้อความขอความยินยอม (PDPA) ที่แสดงต่อผู้ยื่นคำขอ",
                "The consent (PDPA) text shown to the applicant is missing",
            ));
        }
        if consent_text.chars().count() > MAX_CONSENT_CHARS {
            return Err(refused(
                "consent",
                format!(
                    "ข้อความขอความยินยอมยาวเกิน {} ตัวอักษร",
                    th_num(MAX_CONSENT_CHARS)
                ),
                format!("The consent text is longer than {MAX_CONSENT_CHARS} characters"),
            ));
        }
        let mut w = self.write(scope, &citizen()).await?;
        let s = service::Entity::find_by_id(service_id)
            .filter(service::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?
            .filter(|s| s.active)
            .ok_or_else(service_unavailable)?;
        let form: FormDef = serde_json::from_str(&s.form).map_err(|_| corrupt("form", s.id))?;
        let fields: HashSet<&str> = form.fields.iter().map(|f| f.key.as_str()).collect();
        if answers.iter().any(|a| !fields.contains(a.key.as_str())) {
            return Err(refused(
                "form",
                "แบบฟอร์มของบริการนี้เพิ่งมีการเปลี่ยนแปลง กรุณาโหลดหน้าใหม่แล้วกรอกอีกครั้ง",
                "This service's form has just changed; please reload the page and fill it in again",
            ));
        }
        let target = u32::try_from(s.target_days).unwrap_or(0);
        let due_on = due_date(today, target);
        let now = Utc::now();
        let m = service_request::ActiveModel {
            agency_id: Set(scope.agency_id()),
            service_id: Set(s.id),
            unit_id: Set(s.unit_id),
            channel: Set(Channel::Online.code().to_owned()),
            state: Set(RequestState::Received.code().to_owned()),
            tracking_hash: Set(code.lookup_key()),
            answers: Set(answers.to_json()),
            contact_phone: Set(contact.phone),
            contact_email: Set(contact.email),
            consent_text: Set(consent_text.to_owned()),
            received_on: Set(today),
            due_on: Set(due_on),
            closed_on: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            conflict_or(
                e,
                InputError::new(
                    "code",
                    "รหัสติดตามซ้ำกับคำขออื่น กรุณาส่งคำขออีกครั้ง",
                    "The tracking code is already in use; please submit again",
                ),
            )
        })?;
        service_request_event::ActiveModel {
            request_id: Set(m.id),
            agency_id: Set(scope.agency_id()),
            at: Set(now),
            from_state: Set(None),
            to_state: Set(RequestState::Received.code().to_owned()),
            note: Set(None),
            public: Set(true),
            user_id: Set(None),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        add_daily(
            &w.txn,
            scope.agency_id(),
            s.id,
            today,
            Channel::Online,
            Delta {
                received: 1,
                ..Delta::default()
            },
        )
        .await?;
        w.audit(
            "service_request",
            Some(m.id.to_string()),
            "submit",
            None::<&()>,
            Some(&RequestAudit {
                service_id: s.id,
                unit_id: s.unit_id,
                channel: Channel::Online.code(),
                state: RequestState::Received.code(),
                received_on: today,
                due_on,
            }),
        )
        .await?;
        w.commit().await?;
        to_request(m)
    }

    /// The request of a tracking code within the agency, with its public events (oldest
    /// first); None when no request has this code. Found by the code's SHA-256 only.
    pub async fn request_by_code(
        &self,
        scope: &AgencyScope,
        code: &TrackingCode,
    ) -> Result<Option<(ServiceRequest, Vec<RequestEvent>)>> {
        let Some(m) = service_request::Entity::find()
            .filter(service_request::Column::TrackingHash.eq(code.lookup_key()))
            .filter(service_request::Column::AgencyId.eq(scope.agency_id()))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let events = events_of(&self.db, m.id, true).await?;
        Ok(Some((to_request(m)?, events)))
    }

    fn request_condition(scope: &AgencyScope, f: &RequestFilter) -> Condition {
        use service_request::Column as Col;
        let mut c = Condition::all().add(Col::AgencyId.eq(scope.agency_id()));
        if let Some(s) = f.state {
            c = c.add(Col::State.eq(s.code()));
        }
        if let Some(id) = f.service_id {
            c = c.add(Col::ServiceId.eq(id));
        }
        if let Some(id) = f.unit_id {
            c = c.add(Col::UnitId.eq(id));
        }
        if f.late_only {
            c = c
                .add(Col::State.is_in(OPEN_STATES.map(RequestState::code)))
                .add(Col::DueOn.lt(f.today));
        }
        c
    }

    /// One page of the agency's requests: newest first, or, for `late_only`, the most overdue
    /// first. At most [`MAX_PAGE`] per page.
    pub async fn list_requests(
        &self,
        scope: &AgencyScope,
        filter: RequestFilter,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<ServiceRequest>> {
        use service_request::Column as Col;
        let mut q = service_request::Entity::find().filter(Self::request_condition(scope, &filter));
        q = if filter.late_only {
            q.order_by_asc(Col::DueOn).order_by_asc(Col::Id)
        } else {
            q.order_by_desc(Col::ReceivedOn).order_by_desc(Col::Id)
        };
        q.limit(limit.min(MAX_PAGE))
            .offset(offset)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_request)
            .collect()
    }

    /// How many requests [`list_requests`](Self::list_requests) would list in all.
    pub async fn count_requests(&self, scope: &AgencyScope, filter: RequestFilter) -> Result<u64> {
        Ok(service_request::Entity::find()
            .filter(Self::request_condition(scope, &filter))
            .count(&self.db)
            .await?)
    }

    /// One request of the agency with its whole history (oldest first), or NotFound.
    pub async fn request(
        &self,
        scope: &AgencyScope,
        id: i64,
    ) -> Result<(ServiceRequest, Vec<RequestEvent>)> {
        let m = find_request(&self.db, scope, id).await?;
        let events = events_of(&self.db, m.id, false).await?;
        Ok((to_request(m)?, events))
    }

    /// Move a request to state `to` on `today`, with a note (`Transition::check`: the move
    /// must be allowed; a rejection needs a reason). `may_handle` decides from the request's
    /// unit whether the acting user may. A final state sets `closed_on`; done and rejected
    /// requests are counted in the statistics of their day of receipt (late when closed after
    /// the due date; days to complete for done ones). The event is shown to the citizen when
    /// `public`; a rejection always is (the citizen is owed the reason).
    #[allow(clippy::too_many_arguments)]
    pub async fn move_request(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        to: RequestState,
        note: &str,
        public: bool,
        today: NaiveDate,
        may_handle: impl FnOnce(Option<i64>) -> bool,
    ) -> Result<ServiceRequest> {
        let mut w = self.write(scope, actor).await?;
        let before = find_request(&w.txn, scope, id).await?;
        if !may_handle(before.unit_id) {
            return Err(refused(
                "state",
                "ท่านดำเนินการได้เฉพาะคำขอของกอง/งานที่ท่านสังกัด",
                "You may only work on the requests of your own unit",
            ));
        }
        let from = RequestState::parse(&before.state).ok_or_else(|| corrupt("state", id))?;
        let channel = Channel::parse(&before.channel).ok_or_else(|| corrupt("channel", id))?;
        let t = Transition::new(from, to, note)?;
        let public = public || to == RequestState::Rejected;
        let closed_on = to.is_final().then_some(today);
        let now = Utc::now();
        let mut am = before.clone().into_active_model();
        am.state = Set(to.code().to_owned());
        am.closed_on = Set(closed_on);
        am.updated_at = Set(now);
        let after = am.update(&w.txn).await?;
        let note = (!t.note.is_empty()).then_some(t.note);
        service_request_event::ActiveModel {
            request_id: Set(id),
            agency_id: Set(scope.agency_id()),
            at: Set(now),
            from_state: Set(Some(from.code().to_owned())),
            to_state: Set(to.code().to_owned()),
            note: Set(note.clone()),
            public: Set(public),
            user_id: Set(actor.user_id),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        if to.is_final() {
            let late = i64::from(today > before.due_on);
            let days = (today - before.received_on).num_days().max(0);
            let delta = if to == RequestState::Done {
                Delta {
                    done: 1,
                    closed_late: late,
                    days_sum: days,
                    days_count: 1,
                    ..Delta::default()
                }
            } else {
                Delta {
                    rejected: 1,
                    closed_late: late,
                    ..Delta::default()
                }
            };
            add_daily(
                &w.txn,
                scope.agency_id(),
                before.service_id,
                before.received_on,
                channel,
                delta,
            )
            .await?;
            if to == RequestState::Done {
                add_days(
                    &w.txn,
                    scope.agency_id(),
                    before.service_id,
                    before.received_on,
                    channel,
                    i32::try_from(days).unwrap_or(i32::MAX),
                    1,
                )
                .await?;
            }
        }
        w.audit(
            "service_request",
            Some(id.to_string()),
            "move",
            Some(&StateAudit {
                state: from.code(),
                closed_on: before.closed_on,
                note: None,
                public: None,
            }),
            Some(&StateAudit {
                state: to.code(),
                closed_on,
                note: note.as_deref(),
                public: Some(public),
            }),
        )
        .await?;
        w.commit().await?;
        to_request(after)
    }

    /// Record `count` requests served at the office on `day` for a service (a bulk entry of
    /// the counter service): all received that day, `done` of them done the same day (0 days,
    /// on time), the rest counted as not carried out (`rejected`, "ไม่สามารถดำเนินการได้") on
    /// the same day, so that nothing stays open without a request to close. Entries for the
    /// same day add up. Refused: a count of 0 or more than [`MAX_COUNTER_ENTRY`], `done` above
    /// `count`, a day after `today`.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_counter(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        service_id: i64,
        day: NaiveDate,
        count: u32,
        done: u32,
        today: NaiveDate,
    ) -> Result<()> {
        if count == 0 {
            return Err(refused(
                "count",
                "กรุณาระบุจำนวนผู้รับบริการอย่างน้อย ๑ ราย",
                "Please give a count of at least 1",
            ));
        }
        if count > MAX_COUNTER_ENTRY {
            return Err(refused(
                "count",
                format!(
                    "บันทึกได้ครั้งละไม่เกิน {} ราย (ระบุ {} ราย)",
                    th_num(MAX_COUNTER_ENTRY),
                    th_num(count)
                ),
                format!("At most {MAX_COUNTER_ENTRY} per entry ({count} given)"),
            ));
        }
        if done > count {
            return Err(refused(
                "done",
                format!(
                    "จำนวนที่ดำเนินการแล้วเสร็จ ({}) มากกว่าจำนวนผู้รับบริการ ({})",
                    th_num(done),
                    th_num(count)
                ),
                format!("More done ({done}) than served ({count})"),
            ));
        }
        if day > today {
            return Err(refused(
                "day",
                "วันที่ให้บริการต้องไม่เป็นวันในอนาคต",
                "The day of service cannot be in the future",
            ));
        }
        let mut w = self.write(scope, actor).await?;
        let s = find_service(&w.txn, scope, service_id).await?;
        add_daily(
            &w.txn,
            scope.agency_id(),
            s.id,
            day,
            Channel::Counter,
            Delta {
                received: i64::from(count),
                done: i64::from(done),
                rejected: i64::from(count - done),
                closed_late: 0,
                days_sum: 0,
                days_count: i64::from(done),
            },
        )
        .await?;
        if done > 0 {
            add_days(
                &w.txn,
                scope.agency_id(),
                s.id,
                day,
                Channel::Counter,
                0,
                i64::from(done),
            )
            .await?;
        }
        w.audit(
            "service_counter",
            Some(s.id.to_string()),
            "record",
            None::<&()>,
            Some(&CounterAudit {
                service_id: s.id,
                day,
                count,
                done,
                rejected: count - done,
            }),
        )
        .await?;
        w.commit().await
    }

    // ----- statistics -------------------------------------------------------------------------

    /// The statistics of `period` of `fy` as of `today`, from the daily rows and the histogram
    /// (three grouped reads and one indexed count of open requests past their due date; no
    /// request is read). A service's requests count for the service's current unit.
    pub async fn service_stats(
        &self,
        scope: &AgencyScope,
        fy: FiscalYear,
        period: StatPeriod,
        today: NaiveDate,
    ) -> Result<ServiceStats> {
        let p = period.period(fy)?;
        let b = self.backend();
        let agency = scope.agency_id();
        let services: Vec<(i64, Option<i64>, bool)> = service::Entity::find()
            .select_only()
            .column(service::Column::Id)
            .column(service::Column::UnitId)
            .column(service::Column::Active)
            .filter(service::Column::AgencyId.eq(agency))
            .order_by_asc(service::Column::SortOrder)
            .order_by_asc(service::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let month = |col: &str| match b {
            DbBackend::Postgres => format!("to_char({col}, 'YYYY-MM')"),
            _ => format!("substr({col}, 1, 7)"),
        };
        let sum = |c: &str| format!("CAST(SUM({c}) AS BIGINT) AS {c}");
        // 1. What became of the requests received in the period, by service, channel, month.
        let sql = format!(
            "SELECT service_id, channel, {m} AS month, {}, {}, {}, {}, {}, {} \
             FROM service_daily WHERE agency_id = ? AND received_on BETWEEN ? AND ? \
             GROUP BY service_id, channel, {m}",
            sum("received"),
            sum("done"),
            sum("rejected"),
            sum("closed_late"),
            sum("days_sum"),
            sum("days_count"),
            m = month("received_on"),
        );
        let range = [agency.into(), p.start.into(), p.end.into()];
        let mut cells: BTreeMap<Key, StatRow> = BTreeMap::new();
        for r in self.db.query_all(stmt(b, &sql, range)).await? {
            let Some(key) = Key::read(&r)? else { continue };
            let get = |c: &str| -> Result<u64> {
                Ok(u64::try_from(r.try_get::<i64>("", c)?).unwrap_or(0))
            };
            let row = cells.entry(key).or_default();
            row.received += get("received")?;
            row.done += get("done")?;
            row.rejected += get("rejected")?;
            row.late += get("closed_late")?;
            row.days_sum += get("days_sum")?;
            row.days_count += get("days_count")?;
        }
        for row in cells.values_mut() {
            row.open = row.received.saturating_sub(row.done + row.rejected);
        }
        // 2. Of those, the open ones past their due date.
        let sql = format!(
            "SELECT service_id, channel, {m} AS month, COUNT(*) AS n FROM service_request \
             WHERE agency_id = ? AND state IN ({}) AND due_on < ? \
             AND received_on BETWEEN ? AND ? GROUP BY service_id, channel, {m}",
            OPEN_STATES.map(|s| format!("'{}'", s.code())).join(", "),
            m = month("received_on"),
        );
        let values = [agency.into(), today.into(), p.start.into(), p.end.into()];
        for r in self.db.query_all(stmt(b, &sql, values)).await? {
            let Some(key) = Key::read(&r)? else { continue };
            let n = u64::try_from(r.try_get::<i64>("", "n")?).unwrap_or(0);
            cells.entry(key).or_default().late += n;
        }
        // 3. How long the done ones took, for the medians.
        let hist: Vec<(Key, u64, u64)> = service_days_hist::Entity::find()
            .filter(service_days_hist::Column::AgencyId.eq(agency))
            .filter(service_days_hist::Column::MonthStart.between(p.start, p.end))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|h| {
                let key = Key {
                    service_id: h.service_id,
                    channel: Channel::parse(&h.channel)?,
                    month: (h.month_start.year(), h.month_start.month()),
                };
                Some((
                    key,
                    u64::try_from(h.days).unwrap_or(0),
                    u64::try_from(h.requests).unwrap_or(0),
                ))
            })
            .collect();

        let unit_of: BTreeMap<i64, Option<i64>> =
            services.iter().map(|&(id, unit, _)| (id, unit)).collect();
        let unit = |k: &Key| unit_of.get(&k.service_id).copied().flatten();
        let by_service_map = group(&cells, &hist, |k| k.service_id);
        let mut by_service = Vec::new();
        let mut seen = HashSet::new();
        for &(id, _, active) in &services {
            match by_service_map.get(&id) {
                Some(row) => by_service.push((id, row.clone())),
                None if active => by_service.push((id, StatRow::default())),
                None => continue,
            }
            seen.insert(id);
        }
        let mut by_unit_map = group(&cells, &hist, unit);
        for (id, unit, _) in &services {
            if seen.contains(id) {
                by_unit_map.entry(*unit).or_default();
            }
        }
        let by_month_map = group(&cells, &hist, |k| k.month);
        let by_month = fy
            .months()
            .into_iter()
            .filter(|m| p.contains(m.first_day()))
            .map(|m| {
                (
                    StatPeriod::Month(m.month()),
                    by_month_map
                        .get(&(m.year(), m.month()))
                        .cloned()
                        .unwrap_or_default(),
                )
            })
            .collect();
        let by_channel_map = group(&cells, &hist, |k| k.channel);
        let by_channel = Channel::ALL
            .into_iter()
            .map(|c| (c, by_channel_map.get(&c).cloned().unwrap_or_default()))
            .collect();
        let total = group(&cells, &hist, |_| ()).remove(&()).unwrap_or_default();
        Ok(ServiceStats {
            period: p,
            by_service,
            by_unit: by_unit_map.into_iter().collect(),
            by_month,
            by_channel,
            total,
        })
    }
}

/// A cell of the statistics: service, channel, calendar month of receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    service_id: i64,
    channel: Channel,
    month: (i32, u32),
}

impl Key {
    /// From a row with `service_id`, `channel` and `month` (`YYYY-MM`); None for a channel or
    /// month that cannot be read (not written by this module).
    fn read(r: &sea_orm::QueryResult) -> Result<Option<Key>> {
        let service_id: i64 = r.try_get("", "service_id")?;
        let channel: String = r.try_get("", "channel")?;
        let month: String = r.try_get("", "month")?;
        let parsed = month
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)));
        Ok(Channel::parse(&channel)
            .zip(parsed)
            .map(|(channel, month)| Key {
                service_id,
                channel,
                month,
            }))
    }
}

/// The cells' counts summed by `key`, each group with the median of its done requests' days.
fn group<K: Ord>(
    cells: &BTreeMap<Key, StatRow>,
    hist: &[(Key, u64, u64)],
    key: impl Fn(&Key) -> K,
) -> BTreeMap<K, StatRow> {
    let mut out: BTreeMap<K, StatRow> = BTreeMap::new();
    for (k, row) in cells {
        let r = out.entry(key(k)).or_default();
        r.merge(row);
        r.median_days = None;
    }
    let mut days: BTreeMap<K, Vec<(u64, u64)>> = BTreeMap::new();
    for (k, d, n) in hist {
        days.entry(key(k)).or_default().push((*d, *n));
    }
    for (k, values) in days {
        out.entry(k).or_default().median_days = median_of_counts(values);
    }
    out
}

/// A statement with `?` placeholders, numbered `$1, $2, …` for PostgreSQL.
fn stmt<const N: usize>(b: DbBackend, sql: &str, values: [sea_orm::Value; N]) -> Statement {
    let sql = match b {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(b, sql, values)
}

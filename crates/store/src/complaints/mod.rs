//! The complaints register (ทะเบียนเรื่องร้องเรียน): reports made on the public form (anonymous
//! or not) and cases staff record from the phone, letters and visits, in one table; the
//! thread between the reporter (through the receipt code) and the handlers; the workflow with
//! its deadlines; the designated handlers; the two-person release of a reporter's contact
//! details; the statistics; demo data.
//!
//! The rules live in `domain::complaints`; this module keeps them.
//!
//! * **No trace of an anonymous reporter.** A case row has no IP, user agent, session or time
//!   of day: only the day it was received. A reporter's messages keep their day only. The
//!   receipt code is kept as its SHA-256 ([`ReceiptCode::lookup_key`]). The audit entry of a
//!   submission names the actor `citizen` and records the kind, channel, dates and counts,
//!   never the words or the contact details.
//! * **Contact details** live in `complaint_contact`, read only by [`Store::released_contact`]
//!   for a designated handler whose request a *different* designated approver accepted.
//! * **Designated handlers** (`complaint_handler`) alone may work on cases (take up, reply,
//!   close, assign); only they see corruption cases (the web layer asks
//!   [`Store::complaint_handler`]).
//! * **Statistics** are computed from the cases of one fiscal year (a few hundred rows at
//!   most for a local government), without their text.

pub mod entities;

use chrono::{NaiveDate, Utc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::complaints::{
    hash_eq, year_table, CaseFact, Channel, Kind, Outcome, ReceiptCode, ReporterContact, State,
    Submission, Transition, YearTable,
};
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::{conflict_or, Actor, AgencyScope, Result, Store, StoreError};
use entities::{
    complaint, complaint_contact, complaint_file, complaint_handler, complaint_message,
    complaint_release,
};

/// The actor label of a reporter's own writes: no user, no identity.
pub const REPORTER: &str = "citizen";
/// The most cases one page of [`Store::list_complaints`] returns.
pub const MAX_PAGE: u64 = 200;
/// The shortest reason for asking to see a reporter's contact details.
pub const MIN_REASON_CHARS: usize = 10;
/// How far back staff may date a case they record, in days.
pub const MAX_BACKDATE_DAYS: i64 = 731;

/// The actor of a reporter's writes: anonymous, so the audit log keeps only the day.
pub fn reporter() -> Actor {
    Actor::anonymous(REPORTER)
}

fn refused(
    field: &'static str,
    th: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> StoreError {
    StoreError::Input(InputError::new(field, th, en))
}

fn corrupt(what: &str, id: i64) -> StoreError {
    StoreError::Other(format!("stored {what} of complaint {id} cannot be read"))
}

fn not_handler() -> StoreError {
    refused(
        "handler",
        "เฉพาะผู้ได้รับมอบหมายให้รับผิดชอบเรื่องร้องเรียนเท่านั้นที่ดำเนินการนี้ได้",
        "Only designated complaint handlers may do this",
    )
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/// A case of the register (without the reporter's contact details).
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: i64,
    pub agency_id: i64,
    pub kind: Kind,
    pub channel: Channel,
    pub state: State,
    pub outcome: Option<Outcome>,
    pub subject: String,
    pub details: String,
    /// The reporter gave no contact details.
    pub anonymous: bool,
    pub unit_id: Option<i64>,
    pub received_on: NaiveDate,
    pub ack_due: NaiveDate,
    pub close_due: NaiveDate,
    pub acknowledged_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub recorded_by: Option<i64>,
}

impl Case {
    /// The case as the statistics see it.
    pub fn fact(&self) -> CaseFact {
        CaseFact {
            kind: self.kind,
            channel: self.channel,
            state: self.state,
            outcome: self.outcome,
            received: self.received_on,
            ack_due: self.ack_due,
            close_due: self.close_due,
            acknowledged: self.acknowledged_on,
            closed: self.closed_on,
        }
    }
    /// Late on `today` (`domain::complaints::is_late`).
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.fact().is_late(today)
    }
}

fn to_case(m: complaint::Model) -> Result<Case> {
    let id = m.id;
    Ok(Case {
        id,
        agency_id: m.agency_id,
        kind: Kind::parse(&m.kind).ok_or_else(|| corrupt("kind", id))?,
        channel: Channel::parse(&m.channel).ok_or_else(|| corrupt("channel", id))?,
        state: State::parse(&m.state).ok_or_else(|| corrupt("state", id))?,
        outcome: match m.outcome.as_deref() {
            Some(o) => Some(Outcome::parse(o).ok_or_else(|| corrupt("outcome", id))?),
            None => None,
        },
        subject: m.subject,
        details: m.details,
        anonymous: m.anonymous,
        unit_id: m.unit_id,
        received_on: m.received_on,
        ack_due: m.ack_due,
        close_due: m.close_due,
        acknowledged_on: m.acknowledged_on,
        closed_on: m.closed_on,
        recorded_by: m.recorded_by,
    })
}

/// What an entry of a case's thread is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// The files sent with the report itself (empty body).
    Report,
    /// Written by the reporter through the receipt code.
    Reporter,
    /// A handler's reply: the reporter sees it.
    Reply,
    /// A handler's internal note: staff only.
    Note,
    /// A change of state with its note: the reporter sees it.
    State,
}

impl MessageKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Reporter => "reporter",
            Self::Reply => "reply",
            Self::Note => "note",
            Self::State => "state",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Report,
            Self::Reporter,
            Self::Reply,
            Self::Note,
            Self::State,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
    /// Whether the reporter sees it.
    pub fn public(self) -> bool {
        !matches!(self, Self::Note)
    }
}

/// A file of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    pub id: i64,
    pub complaint_id: i64,
    pub message_id: i64,
    pub sha256: String,
    pub file_name: String,
    /// Extension of the checked kind (`pdf`, `jpg`, …).
    pub kind: String,
    pub size: u64,
}

/// A file already checked and in the blob store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub sha256: String,
    pub file_name: String,
    pub kind: String,
    pub size: u64,
}

/// An entry of a case's thread, with its files.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: i64,
    pub kind: MessageKind,
    pub author_user_id: Option<i64>,
    pub body: String,
    pub day: NaiveDate,
    /// The instant of staff entries; None for the reporter's (day only).
    pub at: Option<chrono::DateTime<Utc>>,
    pub to_state: Option<State>,
    pub outcome: Option<Outcome>,
    pub files: Vec<CaseFile>,
}

/// A designated complaint handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Handler {
    pub user_id: i64,
    /// May approve another handler's request to see a reporter's contact details.
    pub may_approve: bool,
}

/// A request to see a reporter's contact details.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    pub id: i64,
    pub complaint_id: i64,
    pub requested_by: i64,
    pub reason: String,
    pub requested_at: chrono::DateTime<Utc>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<chrono::DateTime<Utc>>,
    /// None while pending.
    pub approved: Option<bool>,
}

fn to_release(m: complaint_release::Model) -> Release {
    Release {
        id: m.id,
        complaint_id: m.complaint_id,
        requested_by: m.requested_by,
        reason: m.reason,
        requested_at: m.requested_at,
        decided_by: m.decided_by,
        decided_at: m.decided_at,
        approved: m.approved,
    }
}

/// Which cases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFilter {
    pub kind: Option<Kind>,
    pub state: Option<State>,
    /// Only open cases past a deadline (or not taken up in time).
    pub late_only: bool,
    /// Include corruption cases (designated handlers only).
    pub include_restricted: bool,
    pub today: NaiveDate,
}

impl CaseFilter {
    /// Every case the viewer may see.
    pub fn all(today: NaiveDate, include_restricted: bool) -> Self {
        Self {
            kind: None,
            state: None,
            late_only: false,
            include_restricted,
            today,
        }
    }
}

/// What a staff member records of a case received by phone, letter, in person or referral.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub submission: Submission,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub unit_id: Option<i64>,
    /// The consent text read out or signed, when contact details are given.
    pub consent_text: Option<String>,
}

#[derive(Serialize)]
struct CaseAudit {
    kind: &'static str,
    channel: &'static str,
    state: &'static str,
    received_on: NaiveDate,
    ack_due: NaiveDate,
    close_due: NaiveDate,
    anonymous: bool,
    files: usize,
}

#[derive(Serialize)]
struct StateAudit {
    state: &'static str,
    outcome: Option<&'static str>,
    acknowledged_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
}

#[derive(Serialize)]
struct MessageAudit {
    message_id: i64,
    kind: &'static str,
    chars: usize,
    files: usize,
}

#[derive(Serialize)]
struct ReleaseAudit {
    complaint_id: i64,
    requested_by: i64,
    approved: Option<bool>,
    decided_by: Option<i64>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async fn find_case<C: ConnectionTrait>(
    db: &C,
    scope: &AgencyScope,
    id: i64,
) -> Result<complaint::Model> {
    crate::find_in_scope::<complaint::Entity, _>(db, scope, complaint::Column::AgencyId, id).await
}

async fn find_handler<C: ConnectionTrait>(
    db: &C,
    scope: &AgencyScope,
    user_id: Option<i64>,
) -> Result<Option<Handler>> {
    let Some(user_id) = user_id else {
        return Ok(None);
    };
    Ok(complaint_handler::Entity::find()
        .filter(complaint_handler::Column::AgencyId.eq(scope.agency_id()))
        .filter(complaint_handler::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(|h| Handler {
            user_id: h.user_id,
            may_approve: h.may_approve,
        }))
}

async fn require_handler<C: ConnectionTrait>(
    db: &C,
    scope: &AgencyScope,
    actor: &Actor,
) -> Result<Handler> {
    find_handler(db, scope, actor.user_id)
        .await?
        .ok_or_else(not_handler)
}

#[allow(clippy::too_many_arguments)]
async fn insert_message<C: ConnectionTrait>(
    db: &C,
    scope: &AgencyScope,
    case_id: i64,
    kind: MessageKind,
    author: Option<i64>,
    body: String,
    day: NaiveDate,
    at: Option<chrono::DateTime<Utc>>,
    to_state: Option<State>,
    outcome: Option<Outcome>,
    files: &[NewFile],
) -> Result<i64> {
    let m = complaint_message::ActiveModel {
        complaint_id: Set(case_id),
        agency_id: Set(scope.agency_id()),
        kind: Set(kind.code().to_owned()),
        author_user_id: Set(author),
        body: Set(body),
        day: Set(day),
        at: Set(at),
        to_state: Set(to_state.map(|s| s.code().to_owned())),
        outcome: Set(outcome.map(|o| o.code().to_owned())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for f in files {
        complaint_file::ActiveModel {
            complaint_id: Set(case_id),
            message_id: Set(m.id),
            agency_id: Set(scope.agency_id()),
            sha256: Set(f.sha256.clone()),
            file_name: Set(f.file_name.chars().take(300).collect()),
            kind: Set(f.kind.chars().take(10).collect()),
            size: Set(i64::try_from(f.size).unwrap_or(i64::MAX)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(m.id)
}

fn check_files(files: &[NewFile]) -> Result<()> {
    use prongsai_domain::complaints::MAX_FILES;
    if files.len() > MAX_FILES {
        return Err(refused(
            "files",
            format!("แนบไฟล์ได้ไม่เกิน {MAX_FILES} ไฟล์"),
            format!("At most {MAX_FILES} files may be attached"),
        ));
    }
    if files
        .iter()
        .any(|f| !crate::blobs::is_sha256_hex(&f.sha256))
    {
        return Err(StoreError::Other("file without a valid hash".into()));
    }
    Ok(())
}

async fn messages_of<C: ConnectionTrait>(
    db: &C,
    case_id: i64,
    public_only: bool,
) -> Result<Vec<Message>> {
    let rows = complaint_message::Entity::find()
        .filter(complaint_message::Column::ComplaintId.eq(case_id))
        .order_by_asc(complaint_message::Column::Id)
        .all(db)
        .await?;
    let files = complaint_file::Entity::find()
        .filter(complaint_file::Column::ComplaintId.eq(case_id))
        .order_by_asc(complaint_file::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for m in rows {
        let kind = MessageKind::parse(&m.kind).ok_or_else(|| corrupt("message", case_id))?;
        if public_only && !kind.public() {
            continue;
        }
        out.push(Message {
            id: m.id,
            kind,
            author_user_id: m.author_user_id,
            body: m.body,
            day: m.day,
            at: m.at,
            to_state: m.to_state.as_deref().and_then(State::parse),
            outcome: m.outcome.as_deref().and_then(Outcome::parse),
            files: files
                .iter()
                .filter(|f| f.message_id == m.id)
                .map(|f| to_file(f.clone()))
                .collect(),
        });
    }
    Ok(out)
}

fn to_file(f: complaint_file::Model) -> CaseFile {
    CaseFile {
        id: f.id,
        complaint_id: f.complaint_id,
        message_id: f.message_id,
        sha256: f.sha256,
        file_name: f.file_name,
        kind: f.kind,
        size: u64::try_from(f.size).unwrap_or(0),
    }
}

async fn case_by_hash<C: ConnectionTrait>(
    db: &C,
    scope: &AgencyScope,
    code: &ReceiptCode,
) -> Result<Option<complaint::Model>> {
    let key = code.lookup_key();
    let found = complaint::Entity::find()
        .filter(complaint::Column::ReceiptHash.eq(key.clone()))
        .filter(complaint::Column::AgencyId.eq(scope.agency_id()))
        .one(db)
        .await?;
    // the index found it by equality; compare again in constant time all the same
    Ok(found.filter(|m| hash_eq(&m.receipt_hash, &key)))
}

// ---------------------------------------------------------------------------------------------
// Repository
// ---------------------------------------------------------------------------------------------

impl Store {
    #[allow(clippy::too_many_arguments)]
    async fn insert_case(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        sub: Submission,
        channel: Channel,
        received_on: NaiveDate,
        unit_id: Option<i64>,
        consent_text: Option<&str>,
        code: &ReceiptCode,
        files: &[NewFile],
        recorded_by: Option<i64>,
    ) -> Result<Case> {
        check_files(files)?;
        let consent = match (&sub.contact, consent_text.map(str::trim)) {
            (Some(_), Some(c)) if !c.is_empty() => Some(c.chars().take(20_000).collect::<String>()),
            (Some(_), _) => {
                return Err(refused(
                    "consent",
                    "กรุณาอ่านและยินยอมการเก็บข้อมูลส่วนบุคคลก่อนให้ข้อมูลติดต่อ",
                    "Please read and accept the personal data notice before giving contact details",
                ))
            }
            (None, _) => None,
        };
        let dl = sub.kind.deadlines();
        let ack_due = dl.ack_due(received_on);
        let close_due = dl.close_due(received_on);
        let mut w = self.write(scope, actor).await?;
        if let Some(u) = unit_id {
            crate::tenancy::entities::unit::Entity::find_by_id(u)
                .filter(crate::tenancy::entities::unit::Column::AgencyId.eq(scope.agency_id()))
                .one(&w.txn)
                .await?
                .ok_or_else(|| refused("unit_id", "ไม่พบกอง/งานนี้", "No such unit"))?;
        }
        let anonymous = sub.contact.is_none();
        let m = complaint::ActiveModel {
            agency_id: Set(scope.agency_id()),
            kind: Set(sub.kind.code().to_owned()),
            channel: Set(channel.code().to_owned()),
            state: Set(State::Received.code().to_owned()),
            outcome: Set(None),
            subject: Set(sub.subject),
            details: Set(sub.details),
            anonymous: Set(anonymous),
            receipt_hash: Set(code.lookup_key()),
            unit_id: Set(unit_id),
            received_on: Set(received_on),
            ack_due: Set(ack_due),
            close_due: Set(close_due),
            acknowledged_on: Set(None),
            closed_on: Set(None),
            recorded_by: Set(recorded_by),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            conflict_or(
                e,
                InputError::new(
                    "code",
                    "รหัสรับเรื่องซ้ำ กรุณาส่งอีกครั้ง",
                    "The receipt code is already in use; please send again",
                ),
            )
        })?;
        if let (Some(c), Some(consent)) = (sub.contact, consent) {
            complaint_contact::ActiveModel {
                complaint_id: Set(m.id),
                agency_id: Set(scope.agency_id()),
                name: Set(c.name),
                phone: Set(c.phone),
                email: Set(c.email),
                address: Set(c.address),
                consent_text: Set(consent),
            }
            .insert(&w.txn)
            .await?;
        }
        if !files.is_empty() {
            insert_message(
                &w.txn,
                scope,
                m.id,
                MessageKind::Report,
                recorded_by,
                String::new(),
                received_on,
                None,
                None,
                None,
                files,
            )
            .await?;
        }
        w.audit(
            "complaint",
            Some(m.id.to_string()),
            if recorded_by.is_some() {
                "record"
            } else {
                "submit"
            },
            None::<&()>,
            Some(&CaseAudit {
                kind: sub.kind.code(),
                channel: channel.code(),
                state: State::Received.code(),
                received_on,
                ack_due,
                close_due,
                anonymous,
                files: files.len(),
            }),
        )
        .await?;
        w.commit().await?;
        to_case(m)
    }

    /// A report from the public form, received `today`. `consent_text` is required when the
    /// submission carries contact details. Files are already checked and in the blob store.
    /// Nothing of the request (address, browser, time of day) is stored.
    pub async fn submit_complaint(
        &self,
        scope: &AgencyScope,
        sub: Submission,
        consent_text: Option<&str>,
        code: &ReceiptCode,
        files: &[NewFile],
        today: NaiveDate,
    ) -> Result<Case> {
        self.insert_case(
            scope,
            &reporter(),
            sub,
            Channel::Online,
            today,
            None,
            consent_text,
            code,
            files,
            None,
        )
        .await
    }

    /// A case received by phone, letter, in person or referral, recorded by a staff member
    /// (any staff member may record; deadlines run from the day it was received). Refused:
    /// the online channel, a day after `today` or more than [`MAX_BACKDATE_DAYS`] before it.
    pub async fn record_complaint(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        r: Recorded,
        code: &ReceiptCode,
        today: NaiveDate,
    ) -> Result<Case> {
        if r.channel == Channel::Online {
            return Err(refused(
                "channel",
                "เรื่องที่บันทึกโดยเจ้าหน้าที่ต้องระบุช่องทางที่รับเรื่อง (โทรศัพท์ หนังสือ ด้วยตนเอง ฯลฯ)",
                "A recorded case needs the channel it came through (phone, letter, in person, …)",
            ));
        }
        if r.received_on > today || (today - r.received_on).num_days() > MAX_BACKDATE_DAYS {
            return Err(refused(
                "received_on",
                "วันที่รับเรื่องต้องไม่เป็นวันในอนาคต และย้อนหลังได้ไม่เกิน ๒ ปี",
                "The day received may not be in the future nor more than two years ago",
            ));
        }
        let Some(user) = actor.user_id else {
            return Err(StoreError::Other(
                "a recorded case needs a staff user".into(),
            ));
        };
        self.insert_case(
            scope,
            actor,
            r.submission,
            r.channel,
            r.received_on,
            r.unit_id,
            r.consent_text.as_deref(),
            code,
            &[],
            Some(user),
        )
        .await
    }

    /// The case of a receipt code within the agency, with the entries the reporter sees;
    /// None for an unknown code.
    pub async fn complaint_by_code(
        &self,
        scope: &AgencyScope,
        code: &ReceiptCode,
    ) -> Result<Option<(Case, Vec<Message>)>> {
        let Some(m) = case_by_hash(&self.db, scope, code).await? else {
            return Ok(None);
        };
        let messages = messages_of(&self.db, m.id, true).await?;
        Ok(Some((to_case(m)?, messages)))
    }

    /// The reporter writes to the handlers through the receipt code (day only is kept).
    /// Refused on a closed case. NotFound for an unknown code.
    pub async fn reporter_message(
        &self,
        scope: &AgencyScope,
        code: &ReceiptCode,
        body: String,
        files: &[NewFile],
        today: NaiveDate,
    ) -> Result<i64> {
        check_files(files)?;
        let mut w = self.write(scope, &reporter()).await?;
        let m = case_by_hash(&w.txn, scope, code)
            .await?
            .ok_or(StoreError::NotFound)?;
        if m.state == State::Closed.code() {
            return Err(refused(
                "body",
                "เรื่องนี้ดำเนินการเสร็จสิ้นแล้ว หากมีข้อเท็จจริงใหม่ กรุณาแจ้งเป็นเรื่องใหม่",
                "This case is closed; please report new facts as a new case",
            ));
        }
        let chars = body.chars().count();
        let id = insert_message(
            &w.txn,
            scope,
            m.id,
            MessageKind::Reporter,
            None,
            body,
            today,
            None,
            None,
            None,
            files,
        )
        .await?;
        w.audit(
            "complaint_message",
            Some(id.to_string()),
            "reporter",
            None::<&()>,
            Some(&MessageAudit {
                message_id: id,
                kind: MessageKind::Reporter.code(),
                chars,
                files: files.len(),
            }),
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// A file the reporter may open through the receipt code (a file of a public entry).
    pub async fn reporter_file(
        &self,
        scope: &AgencyScope,
        code: &ReceiptCode,
        file_id: i64,
    ) -> Result<CaseFile> {
        let m = case_by_hash(&self.db, scope, code)
            .await?
            .ok_or(StoreError::NotFound)?;
        let messages = messages_of(&self.db, m.id, true).await?;
        messages
            .into_iter()
            .flat_map(|m| m.files)
            .find(|f| f.id == file_id)
            .ok_or(StoreError::NotFound)
    }

    fn case_condition(scope: &AgencyScope, f: &CaseFilter) -> Condition {
        use complaint::Column as Col;
        let mut c = Condition::all().add(Col::AgencyId.eq(scope.agency_id()));
        if !f.include_restricted {
            c = c.add(Col::Kind.ne(Kind::Corruption.code()));
        }
        if let Some(k) = f.kind {
            c = c.add(Col::Kind.eq(k.code()));
        }
        if let Some(s) = f.state {
            c = c.add(Col::State.eq(s.code()));
        }
        if f.late_only {
            c = c.add(Col::State.ne(State::Closed.code())).add(
                Condition::any().add(Col::CloseDue.lt(f.today)).add(
                    Condition::all()
                        .add(Col::State.eq(State::Received.code()))
                        .add(Col::AckDue.lt(f.today)),
                ),
            );
        }
        c
    }

    /// One page of the register, newest first (at most [`MAX_PAGE`]).
    pub async fn list_complaints(
        &self,
        scope: &AgencyScope,
        filter: CaseFilter,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<Case>> {
        complaint::Entity::find()
            .filter(Self::case_condition(scope, &filter))
            .order_by_desc(complaint::Column::ReceivedOn)
            .order_by_desc(complaint::Column::Id)
            .limit(limit.min(MAX_PAGE))
            .offset(offset)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_case)
            .collect()
    }

    /// How many cases [`list_complaints`](Self::list_complaints) would list in all.
    pub async fn count_complaints(&self, scope: &AgencyScope, filter: CaseFilter) -> Result<u64> {
        Ok(complaint::Entity::find()
            .filter(Self::case_condition(scope, &filter))
            .count(&self.db)
            .await?)
    }

    /// One case with its whole thread (internal notes included), or NotFound. Whether the
    /// viewer may see it (corruption cases: designated handlers only) is the caller's check.
    pub async fn complaint(&self, scope: &AgencyScope, id: i64) -> Result<(Case, Vec<Message>)> {
        let m = find_case(&self.db, scope, id).await?;
        let messages = messages_of(&self.db, m.id, false).await?;
        Ok((to_case(m)?, messages))
    }

    /// Whether the reporter of a case gave contact details (not the details themselves).
    pub async fn complaint_has_contact(&self, scope: &AgencyScope, id: i64) -> Result<bool> {
        Ok(complaint_contact::Entity::find_by_id(id)
            .filter(complaint_contact::Column::AgencyId.eq(scope.agency_id()))
            .count(&self.db)
            .await?
            > 0)
    }

    /// A file of a case, for staff.
    pub async fn complaint_file(
        &self,
        scope: &AgencyScope,
        case_id: i64,
        file_id: i64,
    ) -> Result<CaseFile> {
        complaint_file::Entity::find_by_id(file_id)
            .filter(complaint_file::Column::AgencyId.eq(scope.agency_id()))
            .filter(complaint_file::Column::ComplaintId.eq(case_id))
            .one(&self.db)
            .await?
            .map(to_file)
            .ok_or(StoreError::NotFound)
    }

    /// A designated handler moves a case (`Transition`: take it up, close it with an outcome
    /// and a note the reporter sees). Taking up sets the acknowledgement day; closing sets
    /// the closing day (a case closed from received is acknowledged that day too).
    #[allow(clippy::too_many_arguments)]
    pub async fn move_complaint(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        to: State,
        outcome: Option<Outcome>,
        note: &str,
        today: NaiveDate,
    ) -> Result<Case> {
        let mut w = self.write(scope, actor).await?;
        require_handler(&w.txn, scope, actor).await?;
        let before = find_case(&w.txn, scope, id).await?;
        let case = to_case(before.clone())?;
        let t = Transition::new(case.kind, case.state, to, outcome, note)?;
        let acknowledged_on = case.acknowledged_on.or(Some(today));
        let closed_on = (to == State::Closed).then_some(today);
        let mut am = before.into_active_model();
        am.state = Set(to.code().to_owned());
        am.outcome = Set(t.outcome.map(|o| o.code().to_owned()));
        am.acknowledged_on = Set(acknowledged_on);
        am.closed_on = Set(closed_on);
        let after = am.update(&w.txn).await?;
        insert_message(
            &w.txn,
            scope,
            id,
            MessageKind::State,
            actor.user_id,
            t.note,
            today,
            Some(Utc::now()),
            Some(to),
            t.outcome,
            &[],
        )
        .await?;
        w.audit(
            "complaint",
            Some(id.to_string()),
            "move",
            Some(&StateAudit {
                state: case.state.code(),
                outcome: None,
                acknowledged_on: case.acknowledged_on,
                closed_on: None,
            }),
            Some(&StateAudit {
                state: to.code(),
                outcome: t.outcome.map(Outcome::code),
                acknowledged_on,
                closed_on,
            }),
        )
        .await?;
        w.commit().await?;
        to_case(after)
    }

    /// A designated handler writes on a case: a reply the reporter sees, or an internal note.
    #[allow(clippy::too_many_arguments)]
    pub async fn handler_message(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        internal: bool,
        body: String,
        files: &[NewFile],
        today: NaiveDate,
    ) -> Result<i64> {
        check_files(files)?;
        let mut w = self.write(scope, actor).await?;
        require_handler(&w.txn, scope, actor).await?;
        find_case(&w.txn, scope, id).await?;
        let kind = if internal {
            MessageKind::Note
        } else {
            MessageKind::Reply
        };
        let chars = body.chars().count();
        let mid = insert_message(
            &w.txn,
            scope,
            id,
            kind,
            actor.user_id,
            body,
            today,
            Some(Utc::now()),
            None,
            None,
            files,
        )
        .await?;
        w.audit(
            "complaint_message",
            Some(mid.to_string()),
            kind.code(),
            None::<&()>,
            Some(&MessageAudit {
                message_id: mid,
                kind: kind.code(),
                chars,
                files: files.len(),
            }),
        )
        .await?;
        w.commit().await?;
        Ok(mid)
    }

    /// A designated handler assigns a case to a unit of the agency (or none).
    pub async fn assign_complaint(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        unit_id: Option<i64>,
    ) -> Result<Case> {
        let mut w = self.write(scope, actor).await?;
        require_handler(&w.txn, scope, actor).await?;
        let before = find_case(&w.txn, scope, id).await?;
        if let Some(u) = unit_id {
            crate::tenancy::entities::unit::Entity::find_by_id(u)
                .filter(crate::tenancy::entities::unit::Column::AgencyId.eq(scope.agency_id()))
                .one(&w.txn)
                .await?
                .ok_or_else(|| refused("unit_id", "ไม่พบกอง/งานนี้", "No such unit"))?;
        }
        let old = before.unit_id;
        let mut am = before.into_active_model();
        am.unit_id = Set(unit_id);
        let after = am.update(&w.txn).await?;
        w.audit(
            "complaint",
            Some(id.to_string()),
            "assign",
            Some(&serde_json::json!({ "unit_id": old })),
            Some(&serde_json::json!({ "unit_id": unit_id })),
        )
        .await?;
        w.commit().await?;
        to_case(after)
    }

    // ----- designated handlers -----------------------------------------------------------------

    /// The agency's designated handlers.
    pub async fn complaint_handlers(&self, scope: &AgencyScope) -> Result<Vec<Handler>> {
        Ok(complaint_handler::Entity::find()
            .filter(complaint_handler::Column::AgencyId.eq(scope.agency_id()))
            .order_by_asc(complaint_handler::Column::UserId)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|h| Handler {
                user_id: h.user_id,
                may_approve: h.may_approve,
            })
            .collect())
    }

    /// The designation of a user, if any.
    pub async fn complaint_handler(
        &self,
        scope: &AgencyScope,
        user_id: i64,
    ) -> Result<Option<Handler>> {
        find_handler(&self.db, scope, Some(user_id)).await
    }

    /// Designate a user of the agency as a handler (and whether they may approve releases),
    /// or end the designation (`designated = false`). The caller checks the actor may manage
    /// users.
    pub async fn set_complaint_handler(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        user_id: i64,
        designated: bool,
        may_approve: bool,
    ) -> Result<()> {
        use complaint_handler::Column as Col;
        let mut w = self.write(scope, actor).await?;
        crate::tenancy::entities::user::Entity::find_by_id(user_id)
            .filter(crate::tenancy::entities::user::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = complaint_handler::Entity::find()
            .filter(Col::AgencyId.eq(scope.agency_id()))
            .filter(Col::UserId.eq(user_id))
            .one(&w.txn)
            .await?;
        let before_v = before.as_ref().map(|h| Handler {
            user_id,
            may_approve: h.may_approve,
        });
        let after_v = designated.then_some(Handler {
            user_id,
            may_approve,
        });
        if before_v == after_v {
            w.audit(
                "complaint_handler",
                Some(user_id.to_string()),
                "unchanged",
                before_v.as_ref(),
                after_v.as_ref(),
            )
            .await?;
            w.commit().await?;
            return Ok(());
        }
        match (before, designated) {
            (Some(h), true) => {
                let mut am = h.into_active_model();
                am.may_approve = Set(may_approve);
                am.update(&w.txn).await?;
            }
            (Some(h), false) => {
                complaint_handler::Entity::delete_by_id(h.id)
                    .exec(&w.txn)
                    .await?;
            }
            (None, true) => {
                complaint_handler::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    user_id: Set(user_id),
                    may_approve: Set(may_approve),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?;
            }
            (None, false) => {}
        }
        w.audit(
            "complaint_handler",
            Some(user_id.to_string()),
            "designate",
            before_v.as_ref(),
            after_v.as_ref(),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    // ----- release of contact details ---------------------------------------------------------

    /// A designated handler asks to see the contact details of a case's reporter, with a
    /// reason. Refused: an anonymous case, a short reason, a request of theirs already
    /// pending or approved for the case.
    pub async fn request_contact_release(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        case_id: i64,
        reason: &str,
    ) -> Result<Release> {
        use complaint_release::Column as Col;
        let reason = prongsai_domain::complaints::parse_message(reason)
            .map_err(|e| refused("reason", e.th, e.en))?;
        if reason.chars().count() < MIN_REASON_CHARS {
            return Err(refused(
                "reason",
                "กรุณาระบุเหตุผลที่จำเป็นต้องทราบข้อมูลติดต่อผู้ร้อง อย่างน้อย ๑๐ ตัวอักษร",
                "Please give the reason for needing the reporter's contact details (at least 10 characters)",
            ));
        }
        let mut w = self.write(scope, actor).await?;
        let h = require_handler(&w.txn, scope, actor).await?;
        let case = find_case(&w.txn, scope, case_id).await?;
        let has_contact = complaint_contact::Entity::find_by_id(case.id)
            .count(&w.txn)
            .await?
            > 0;
        if !has_contact {
            return Err(refused(
                "reason",
                "ผู้ร้องเรื่องนี้ไม่ประสงค์ออกนาม จึงไม่มีข้อมูลติดต่อ",
                "The reporter of this case stayed anonymous: there are no contact details",
            ));
        }
        let open = complaint_release::Entity::find()
            .filter(Col::ComplaintId.eq(case_id))
            .filter(Col::RequestedBy.eq(h.user_id))
            .filter(
                Condition::any()
                    .add(Col::Approved.is_null())
                    .add(Col::Approved.eq(true)),
            )
            .count(&w.txn)
            .await?;
        if open > 0 {
            return Err(refused(
                "reason",
                "ท่านมีคำขอที่รอการอนุมัติหรือได้รับอนุมัติแล้วสำหรับเรื่องนี้",
                "You already have a pending or approved request for this case",
            ));
        }
        let m = complaint_release::ActiveModel {
            complaint_id: Set(case_id),
            agency_id: Set(scope.agency_id()),
            requested_by: Set(h.user_id),
            reason: Set(reason),
            requested_at: Set(Utc::now()),
            decided_by: Set(None),
            decided_at: Set(None),
            approved: Set(None),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.audit(
            "complaint_release",
            Some(m.id.to_string()),
            "request",
            None::<&()>,
            Some(&ReleaseAudit {
                complaint_id: case_id,
                requested_by: h.user_id,
                approved: None,
                decided_by: None,
            }),
        )
        .await?;
        w.commit().await?;
        Ok(to_release(m))
    }

    /// A designated handler who may approve decides on another handler's pending request.
    /// Refused: deciding one's own request, a request already decided, an actor who is not a
    /// designated approver.
    pub async fn decide_contact_release(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        release_id: i64,
        approve: bool,
    ) -> Result<Release> {
        let mut w = self.write(scope, actor).await?;
        let h = require_handler(&w.txn, scope, actor).await?;
        if !h.may_approve {
            return Err(refused(
                "release",
                "ท่านไม่ได้รับมอบหมายให้อนุมัติการเปิดเผยข้อมูลผู้ร้อง",
                "You are not designated to approve the release of reporters' details",
            ));
        }
        let r = complaint_release::Entity::find_by_id(release_id)
            .filter(complaint_release::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if r.requested_by == h.user_id {
            return Err(refused(
                "release",
                "ผู้ขอเปิดเผยข้อมูลอนุมัติคำขอของตนเองไม่ได้ ต้องเป็นผู้ได้รับมอบหมายอีกคนหนึ่ง",
                "You cannot approve your own request: another designated person must",
            ));
        }
        if r.approved.is_some() {
            return Err(refused(
                "release",
                "คำขอนี้ได้รับการพิจารณาแล้ว",
                "This request has already been decided",
            ));
        }
        let mut am = r.into_active_model();
        am.approved = Set(Some(approve));
        am.decided_by = Set(Some(h.user_id));
        am.decided_at = Set(Some(Utc::now()));
        let after = am.update(&w.txn).await?;
        w.audit(
            "complaint_release",
            Some(release_id.to_string()),
            if approve { "approve" } else { "refuse" },
            None::<&()>,
            Some(&ReleaseAudit {
                complaint_id: after.complaint_id,
                requested_by: after.requested_by,
                approved: Some(approve),
                decided_by: Some(h.user_id),
            }),
        )
        .await?;
        w.commit().await?;
        Ok(to_release(after))
    }

    /// The release requests of a case, oldest first.
    pub async fn contact_releases(
        &self,
        scope: &AgencyScope,
        case_id: i64,
    ) -> Result<Vec<Release>> {
        Ok(complaint_release::Entity::find()
            .filter(complaint_release::Column::AgencyId.eq(scope.agency_id()))
            .filter(complaint_release::Column::ComplaintId.eq(case_id))
            .order_by_asc(complaint_release::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_release)
            .collect())
    }

    /// The reporter's contact details, for `user_id` only if they are a designated handler
    /// now and a request of theirs for this case was approved by another designated person;
    /// None otherwise (also for an anonymous case).
    pub async fn released_contact(
        &self,
        scope: &AgencyScope,
        user_id: i64,
        case_id: i64,
    ) -> Result<Option<ReporterContact>> {
        use complaint_release::Column as Col;
        if find_handler(&self.db, scope, Some(user_id))
            .await?
            .is_none()
        {
            return Ok(None);
        }
        let approved = complaint_release::Entity::find()
            .filter(Col::AgencyId.eq(scope.agency_id()))
            .filter(Col::ComplaintId.eq(case_id))
            .filter(Col::RequestedBy.eq(user_id))
            .filter(Col::Approved.eq(true))
            .all(&self.db)
            .await?
            .into_iter()
            .any(|r| r.decided_by.is_some_and(|d| d != user_id));
        if !approved {
            return Ok(None);
        }
        Ok(complaint_contact::Entity::find_by_id(case_id)
            .filter(complaint_contact::Column::AgencyId.eq(scope.agency_id()))
            .one(&self.db)
            .await?
            .map(|c| ReporterContact {
                name: c.name,
                phone: c.phone,
                email: c.email,
                address: c.address,
            }))
    }

    // ----- statistics ---------------------------------------------------------------------------

    /// The statistics of the cases received in `year`, as they stand on `today`: by month
    /// and for the year, counts by kind, channel, state and outcome, late cases, days to
    /// close. Reads no text and no person.
    pub async fn complaint_stats(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        today: NaiveDate,
    ) -> Result<YearTable> {
        use complaint::Column as Col;
        let rows: Vec<FactRow> = complaint::Entity::find()
            .select_only()
            .column(Col::Kind)
            .column(Col::Channel)
            .column(Col::State)
            .column(Col::Outcome)
            .column(Col::ReceivedOn)
            .column(Col::AckDue)
            .column(Col::CloseDue)
            .column(Col::AcknowledgedOn)
            .column(Col::ClosedOn)
            .filter(Col::AgencyId.eq(scope.agency_id()))
            .filter(Col::ReceivedOn.gte(year.start()))
            .filter(Col::ReceivedOn.lte(year.end()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let facts: Vec<CaseFact> = rows
            .into_iter()
            .filter_map(|(k, c, s, o, r, a, cd, ack, cl)| {
                Some(CaseFact {
                    kind: Kind::parse(&k)?,
                    channel: Channel::parse(&c)?,
                    state: State::parse(&s)?,
                    outcome: o.as_deref().and_then(Outcome::parse),
                    received: r,
                    ack_due: a,
                    close_due: cd,
                    acknowledged: ack,
                    closed: cl,
                })
            })
            .collect();
        Ok(year_table(&facts, year, today))
    }
}

/// The columns of a case the statistics read: kind, channel, state, outcome, received, ack
/// due, close due, acknowledged, closed.
type FactRow = (
    String,
    String,
    String,
    Option<String>,
    NaiveDate,
    NaiveDate,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

// ---------------------------------------------------------------------------------------------
// Demo data
// ---------------------------------------------------------------------------------------------

/// A dozen cases of every kind, channel and state in the fiscal year of `today` and the one
/// before, for the demo agency. `handlers`: (user id, may approve) of the staff to designate
/// (the first handles the cases). Returns how many cases were made. The receipt codes are
/// random and thrown away (the demo does not need them).
pub async fn seed_demo(
    store: &Store,
    scope: &AgencyScope,
    handlers: &[(i64, bool)],
    today: NaiveDate,
) -> Result<usize> {
    let admin = Actor::system("demo");
    for (user_id, may_approve) in handlers {
        store
            .set_complaint_handler(scope, &admin, *user_id, true, *may_approve)
            .await?;
    }
    let Some((handler_id, _)) = handlers.first() else {
        return Ok(0);
    };
    let handler = Actor::user(*handler_id, "demo-handler");
    let this = FiscalYear::containing(today);
    let prev = this.prev().unwrap_or(this);
    let day = |y: FiscalYear, offset: i64| {
        let d = y.start() + chrono::Duration::days(offset);
        d.min(today)
    };
    use Channel::*;
    use Kind::*;
    #[allow(clippy::type_complexity)]
    let cases: [(Kind, Channel, &str, &str, NaiveDate, Option<(Outcome, i64)>); 12] = [
        (
            Corruption,
            Online,
            "เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง",
            "มีผู้แจ้งว่าเจ้าหน้าที่เรียกรับเงิน ๓,๐๐๐ บาท เพื่อให้ใบอนุญาตก่อสร้างอาคารออกเร็วขึ้น",
            day(prev, 20),
            Some((Outcome::Substantiated, 40)),
        ),
        (
            Corruption,
            Letter,
            "จัดซื้อวัสดุราคาสูงกว่าท้องตลาด",
            "หนังสือร้องเรียนว่าการจัดซื้อวัสดุก่อสร้างถนนมีราคาสูงกว่าราคาท้องตลาดมาก",
            day(prev, 75),
            Some((Outcome::Unsubstantiated, 30)),
        ),
        (
            Corruption,
            Referred,
            "ใช้รถราชการไปธุระส่วนตัว",
            "ศูนย์ดำรงธรรมอำเภอส่งเรื่องร้องเรียนการใช้รถยนต์ส่วนกลางในวันหยุด",
            day(prev, 150),
            Some((Outcome::Referred, 5)),
        ),
        (
            Complaint,
            Phone,
            "ไฟฟ้าสาธารณะดับทั้งซอย",
            "ไฟถนนในซอยหมู่ ๕ ดับมาหนึ่งสัปดาห์ ทำให้เดินทางกลางคืนไม่ปลอดภัย",
            day(prev, 40),
            Some((Outcome::Resolved, 4)),
        ),
        (
            Complaint,
            InPerson,
            "น้ำประปาไม่ไหล",
            "บ้านเลขที่ ๑๒ หมู่ ๓ น้ำประปาไม่ไหลสามวันติดต่อกัน",
            day(prev, 200),
            Some((Outcome::Resolved, 2)),
        ),
        (
            Suggestion,
            Online,
            "ขอให้เพิ่มที่จอดรถหน้าสำนักงาน",
            "ผู้มาติดต่อราชการช่วงเช้าไม่มีที่จอดรถ ควรจัดพื้นที่จอดรถเพิ่ม",
            day(prev, 250),
            Some((Outcome::Noted, 10)),
        ),
        (
            Corruption,
            Online,
            "เบิกค่าล่วงเวลาโดยไม่ได้ปฏิบัติงานจริง",
            "พบว่ามีการลงชื่อปฏิบัติงานนอกเวลาแต่ไม่ได้มาทำงานจริงหลายครั้ง",
            day(this, 10),
            Some((Outcome::Ended, 20)),
        ),
        (
            Corruption,
            Phone,
            "ผู้รับเหมาส่งงานไม่ครบตามสัญญา",
            "ท่อระบายน้ำที่ก่อสร้างสั้นกว่าที่กำหนดในสัญญา แต่มีการตรวจรับงานแล้ว",
            day(this, 25),
            None,
        ),
        (
            Complaint,
            Online,
            "เสียงดังจากโรงงานยามวิกาล",
            "โรงงานในหมู่ ๗ เดินเครื่องจักรเสียงดังหลังเที่ยงคืนเป็นประจำ",
            day(this, 30),
            None,
        ),
        (
            Complaint,
            Letter,
            "ขยะไม่ได้รับการจัดเก็บ",
            "รถเก็บขยะไม่มาเก็บตามกำหนดสองสัปดาห์แล้ว",
            day(this, 45),
            Some((Outcome::Resolved, 3)),
        ),
        (
            Suggestion,
            Other,
            "ควรมีบริการรับชำระภาษีออนไลน์",
            "ข้อเสนอจากตู้รับความคิดเห็น ขอให้ชำระภาษีที่ดินผ่านพร้อมเพย์ได้",
            day(this, 50),
            None,
        ),
        (
            Complaint,
            Phone,
            "ถนนเป็นหลุมบ่อ",
            "ถนนสายหลักหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อยครั้ง",
            day(this, 55),
            None,
        ),
    ];
    let mut n = 0;
    for (i, (kind, channel, subject, details, received, closed)) in cases.into_iter().enumerate() {
        let code = ReceiptCode::from_random(rand::random());
        let sub = Submission {
            kind,
            subject: subject.to_owned(),
            details: details.to_owned(),
            contact: (i % 4 == 1).then(|| ReporterContact {
                name: "นายสมชาย ใจดี (ข้อมูลสาธิต)".into(),
                phone: Some("0812345678".into()),
                email: None,
                address: None,
            }),
        };
        let case = if channel == Online {
            store
                .submit_complaint(
                    scope,
                    sub,
                    Some("ข้าพเจ้ายินยอมให้หน่วยงานเก็บข้อมูลติดต่อเพื่อแจ้งผลการพิจารณา (ข้อมูลสาธิต)"),
                    &code,
                    &[],
                    received,
                )
                .await?
        } else {
            store
                .record_complaint(
                    scope,
                    &handler,
                    Recorded {
                        submission: sub,
                        channel,
                        received_on: received,
                        unit_id: None,
                        consent_text: Some("ผู้ร้องยินยอมให้เก็บข้อมูลติดต่อ (ข้อมูลสาธิต)".into()),
                    },
                    &code,
                    today,
                )
                .await?
        };
        n += 1;
        if let Some((outcome, days)) = closed {
            let on = (received + chrono::Duration::days(days)).min(today);
            store
                .move_complaint(scope, &handler, case.id, State::InProgress, None, "", on)
                .await?;
            store
                .move_complaint(
                    scope,
                    &handler,
                    case.id,
                    State::Closed,
                    Some(outcome),
                    "ตรวจสอบข้อเท็จจริงและแจ้งผลการพิจารณาแล้ว",
                    on,
                )
                .await?;
        } else if i % 2 == 0 {
            store
                .move_complaint(scope, &handler, case.id, State::InProgress, None, "", today)
                .await?;
        }
    }
    Ok(n)
}

//! Public participation (การเปิดโอกาสให้เกิดการมีส่วนร่วม): topics the agency opens for
//! comment (a development plan, a project, a draft ordinance), citizens' comments on them, their
//! moderation, and the summary of each topic with the agency's response.
//!
//! The rules live in `domain::participation` (what a topic and a comment may hold, where a
//! topic stands on a day, moderation moves, the tallies); this module keeps them.
//!
//! * A topic is a draft until staff open it; then its state follows its dates
//!   ([`TopicState::of`]), and staff may close it early (`closed_on`).
//! * A comment is taken only while its topic is open, and starts pending: the public sees it
//!   only once staff publish it. A rejection keeps its reason.
//! * The citizen's text, name and contact details stay in the comment row: the audit log of a
//!   comment records ids, the state and the date only (and whether a contact was given).
//! * Counts are one `GROUP BY` over the agency's comments (indexed by agency, topic, state).

pub mod entities;

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::participation::{
    check_moderation, parse_response, CommentDraft, CommentState, Tally, TopicDraft, TopicKind,
    TopicState,
};
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::{Actor, AgencyScope, Result, Store, StoreError};
use entities::{participation_comment as comment, participation_topic as topic};

fn refused(
    field: &'static str,
    th: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> StoreError {
    StoreError::Input(InputError::new(field, th, en))
}

fn corrupt(what: &str, id: i64) -> StoreError {
    StoreError::Other(format!(
        "stored {what} of participation {id} cannot be read"
    ))
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/// A topic opened (or to be opened) for comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    pub id: i64,
    pub agency_id: i64,
    pub title: String,
    pub kind: TopicKind,
    pub description: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// The fiscal year of the opening day.
    pub fiscal_year: FiscalYear,
    pub document_id: Option<i64>,
    /// Published by staff.
    pub opened: bool,
    /// Closed early by staff on this day.
    pub closed_on: Option<NaiveDate>,
    /// สรุปผลและการนำความคิดเห็นไปใช้ (None until staff write it).
    pub response: Option<String>,
    pub response_at: Option<chrono::DateTime<Utc>>,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
}

impl Topic {
    /// Where the topic stands on `today`.
    pub fn state(&self, today: NaiveDate) -> TopicState {
        TopicState::of(
            self.opened,
            self.opens_on,
            self.closes_on,
            self.closed_on,
            today,
        )
    }

    /// The last day comments were (or will be) taken: the early close's eve, or the closing day.
    pub fn last_day(&self) -> NaiveDate {
        match self.closed_on {
            Some(c) if c <= self.closes_on => c.pred_opt().unwrap_or(c).max(self.opens_on),
            _ => self.closes_on,
        }
    }

    /// The topic as a draft (for the edit form).
    pub fn draft(&self) -> TopicDraft {
        TopicDraft {
            title: self.title.clone(),
            kind: self.kind,
            description: self.description.clone(),
            opens_on: self.opens_on,
            closes_on: self.closes_on,
            document_id: self.document_id,
        }
    }
}

fn to_topic(m: topic::Model) -> Result<Topic> {
    Ok(Topic {
        id: m.id,
        agency_id: m.agency_id,
        kind: TopicKind::parse(&m.kind).ok_or_else(|| corrupt("kind", m.id))?,
        fiscal_year: FiscalYear::new(m.fiscal_year).map_err(|_| corrupt("year", m.id))?,
        title: m.title,
        description: m.description,
        opens_on: m.opens_on,
        closes_on: m.closes_on,
        document_id: m.document_id,
        opened: m.opened,
        closed_on: m.closed_on,
        response: m.response,
        response_at: m.response_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// A citizen's comment. Holds personal data (the contact details): show those to the agency's
/// staff only, never on a public page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub topic_id: i64,
    pub body: String,
    /// The name the citizen chose to give.
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The PDPA notice as it was shown, when contact details were given.
    pub consent_text: Option<String>,
    pub state: CommentState,
    /// Why it was not published.
    pub reason: Option<String>,
    pub received_on: NaiveDate,
    pub created_at: chrono::DateTime<Utc>,
    pub moderated_at: Option<chrono::DateTime<Utc>>,
    pub moderated_by: Option<i64>,
}

fn to_comment(m: comment::Model) -> Result<Comment> {
    Ok(Comment {
        id: m.id,
        topic_id: m.topic_id,
        state: CommentState::parse(&m.state).ok_or_else(|| corrupt("comment state", m.id))?,
        body: m.body,
        name: m.author_name,
        phone: m.contact_phone,
        email: m.contact_email,
        consent_text: m.consent_text,
        reason: m.reason,
        received_on: m.received_on,
        created_at: m.created_at,
        moderated_at: m.moderated_at,
        moderated_by: m.moderated_by,
    })
}

// ---------------------------------------------------------------------------------------------
// Audit records: ids, states and dates, never the citizen's text or contact details
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct CommentAudit {
    topic_id: i64,
    state: &'static str,
    received_on: NaiveDate,
    chars: usize,
    named: bool,
    contact: bool,
}

#[derive(Serialize)]
struct ModerationAudit<'a> {
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async fn find_topic<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    id: i64,
) -> Result<topic::Model> {
    crate::find_in_scope::<topic::Entity, _>(c, scope, topic::Column::AgencyId, id).await
}

async fn find_comment<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    id: i64,
) -> Result<comment::Model> {
    crate::find_in_scope::<comment::Entity, _>(c, scope, comment::Column::AgencyId, id).await
}

/// The document must be one of the agency's.
async fn check_document<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    id: Option<i64>,
) -> Result<()> {
    use crate::disclosure::entities::document;
    let Some(id) = id else { return Ok(()) };
    let found = document::Entity::find_by_id(id)
        .filter(document::Column::AgencyId.eq(scope.agency_id()))
        .one(c)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(refused(
            "document_id",
            "ไม่พบเอกสารนี้ในคลังเอกสารของหน่วยงาน",
            "This document is not in the agency's library",
        )),
    }
}

fn check_draft(d: &TopicDraft) -> Result<()> {
    d.check().map_err(StoreError::Input)
}

impl Store {
    // ----- topics -----------------------------------------------------------------------------

    /// A new topic, as a draft (not public until [`Store::open_topic`]).
    pub async fn create_topic(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        draft: TopicDraft,
    ) -> Result<Topic> {
        check_draft(&draft)?;
        let mut w = self.write(scope, actor).await?;
        check_document(&w.txn, scope, draft.document_id).await?;
        let now = Utc::now();
        let m = topic::ActiveModel {
            agency_id: Set(scope.agency_id()),
            title: Set(draft.title.clone()),
            kind: Set(draft.kind.code().to_owned()),
            description: Set(draft.description.clone()),
            opens_on: Set(draft.opens_on),
            closes_on: Set(draft.closes_on),
            fiscal_year: Set(draft.fiscal_year().be()),
            document_id: Set(draft.document_id),
            opened: Set(false),
            closed_on: Set(None),
            response: Set(None),
            response_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.audit(
            "participation_topic",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        to_topic(m)
    }

    /// Change what a topic says and its dates. Comments already received stay.
    pub async fn update_topic(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        draft: TopicDraft,
    ) -> Result<Topic> {
        check_draft(&draft)?;
        let mut w = self.write(scope, actor).await?;
        let before = find_topic(&w.txn, scope, id).await?;
        check_document(&w.txn, scope, draft.document_id).await?;
        let mut am = before.clone().into_active_model();
        am.title = Set(draft.title.clone());
        am.kind = Set(draft.kind.code().to_owned());
        am.description = Set(draft.description.clone());
        am.opens_on = Set(draft.opens_on);
        am.closes_on = Set(draft.closes_on);
        am.fiscal_year = Set(draft.fiscal_year().be());
        am.document_id = Set(draft.document_id);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "participation_topic",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_topic(after)
    }

    async fn set_topic_open(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        today: NaiveDate,
        open: bool,
    ) -> Result<Topic> {
        let mut w = self.write(scope, actor).await?;
        let before = find_topic(&w.txn, scope, id).await?;
        let state = to_topic(before.clone())?.state(today);
        let mut am = before.clone().into_active_model();
        if open {
            if before.closes_on < today {
                return Err(refused(
                    "closes_on",
                    "วันปิดรับฟังความคิดเห็นผ่านไปแล้ว กรุณาแก้ไขวันปิดรับฟังก่อนเปิดอีกครั้ง",
                    "The closing day has passed; change it before opening the topic again",
                ));
            }
            if matches!(state, TopicState::Open | TopicState::Upcoming) {
                return Err(refused(
                    "state",
                    "เรื่องนี้เปิดรับฟังความคิดเห็นอยู่แล้ว",
                    "This topic is already open",
                ));
            }
            am.opened = Set(true);
            am.closed_on = Set(None);
        } else {
            if !matches!(state, TopicState::Open | TopicState::Upcoming) {
                return Err(refused(
                    "state",
                    "เรื่องนี้ไม่ได้เปิดรับฟังความคิดเห็นอยู่",
                    "This topic is not open",
                ));
            }
            am.closed_on = Set(Some(today));
        }
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "participation_topic",
            Some(id.to_string()),
            if open { "open" } else { "close" },
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_topic(after)
    }

    /// Publish a topic: from its opening day it takes comments until its closing day. A topic
    /// closed early may be opened again while its closing day has not passed.
    pub async fn open_topic(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        today: NaiveDate,
    ) -> Result<Topic> {
        self.set_topic_open(scope, actor, id, today, true).await
    }

    /// Close an open (or upcoming) topic early, from `today` on.
    pub async fn close_topic(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        today: NaiveDate,
    ) -> Result<Topic> {
        self.set_topic_open(scope, actor, id, today, false).await
    }

    /// Write the summary of results and of how the comments were used
    /// (สรุปผลและการนำความคิดเห็นไปใช้); an empty text removes it.
    pub async fn set_topic_response(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        text: &str,
    ) -> Result<Topic> {
        let text = parse_response(text)?;
        let mut w = self.write(scope, actor).await?;
        let before = find_topic(&w.txn, scope, id).await?;
        let mut am = before.clone().into_active_model();
        let now = Utc::now();
        if text.is_empty() {
            am.response = Set(None);
            am.response_at = Set(None);
        } else {
            am.response = Set(Some(text));
            am.response_at = Set(Some(now));
        }
        am.updated_at = Set(now);
        let after = am.update(&w.txn).await?;
        w.audit(
            "participation_topic",
            Some(id.to_string()),
            "response",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_topic(after)
    }

    /// One topic of the agency, or NotFound.
    pub async fn topic(&self, scope: &AgencyScope, id: i64) -> Result<Topic> {
        to_topic(find_topic(&self.db, scope, id).await?)
    }

    /// The agency's topics, latest opening day first (drafts included; the web layer shows
    /// the public only those [`TopicState::is_public`]).
    pub async fn topics(&self, scope: &AgencyScope) -> Result<Vec<Topic>> {
        topic::Entity::find()
            .filter(topic::Column::AgencyId.eq(scope.agency_id()))
            .order_by_desc(topic::Column::OpensOn)
            .order_by_desc(topic::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_topic)
            .collect()
    }

    /// The opened (published) topics of a fiscal year with their tallies, earliest first.
    pub async fn topics_of_year(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<(Topic, Tally)>> {
        let topics: Vec<Topic> = topic::Entity::find()
            .filter(topic::Column::AgencyId.eq(scope.agency_id()))
            .filter(topic::Column::FiscalYear.eq(year.be()))
            .filter(topic::Column::Opened.eq(true))
            .order_by_asc(topic::Column::OpensOn)
            .order_by_asc(topic::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_topic)
            .collect::<Result<_>>()?;
        let tallies = self.topic_tallies(scope).await?;
        Ok(topics
            .into_iter()
            .map(|t| {
                let n = tallies.get(&t.id).copied().unwrap_or_default();
                (t, n)
            })
            .collect())
    }

    /// The comments of every topic of the agency by state, by topic id (topics without
    /// comments are absent).
    pub async fn topic_tallies(&self, scope: &AgencyScope) -> Result<HashMap<i64, Tally>> {
        let rows: Vec<(i64, String, i64)> = comment::Entity::find()
            .select_only()
            .column(comment::Column::TopicId)
            .column(comment::Column::State)
            .column_as(comment::Column::Id.count(), "n")
            .filter(comment::Column::AgencyId.eq(scope.agency_id()))
            .group_by(comment::Column::TopicId)
            .group_by(comment::Column::State)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out: HashMap<i64, Tally> = HashMap::new();
        for (topic_id, state, n) in rows {
            let state = CommentState::parse(&state).ok_or_else(|| corrupt("state", topic_id))?;
            out.entry(topic_id)
                .or_default()
                .add(state, u64::try_from(n).unwrap_or(0));
        }
        Ok(out)
    }

    /// The comments of one topic by state.
    pub async fn topic_tally(&self, scope: &AgencyScope, topic_id: i64) -> Result<Tally> {
        let rows: Vec<(String, i64)> = comment::Entity::find()
            .select_only()
            .column(comment::Column::State)
            .column_as(comment::Column::Id.count(), "n")
            .filter(comment::Column::AgencyId.eq(scope.agency_id()))
            .filter(comment::Column::TopicId.eq(topic_id))
            .group_by(comment::Column::State)
            .into_tuple()
            .all(&self.db)
            .await?;
        rows.into_iter()
            .map(|(s, n)| {
                CommentState::parse(&s)
                    .map(|s| (s, u64::try_from(n).unwrap_or(0)))
                    .ok_or_else(|| corrupt("state", topic_id))
            })
            .collect::<Result<Vec<_>>>()
            .map(Tally::of)
    }

    // ----- comments ---------------------------------------------------------------------------

    /// A citizen's comment on an open topic, received `today`; it waits for moderation.
    /// `consent_text` is the PDPA notice as shown, kept only when contact details were given.
    /// Refused (field `topic`) when the topic is not open on `today`.
    pub async fn submit_comment(
        &self,
        scope: &AgencyScope,
        topic_id: i64,
        draft: CommentDraft,
        consent_text: &str,
        today: NaiveDate,
    ) -> Result<Comment> {
        let mut w = self.write(scope, &crate::eservice::citizen()).await?;
        let t = to_topic(find_topic(&w.txn, scope, topic_id).await?)?;
        match t.state(today) {
            TopicState::Open => {}
            TopicState::Draft => return Err(StoreError::NotFound),
            TopicState::Upcoming => {
                return Err(refused(
                    "topic",
                    "เรื่องนี้ยังไม่เปิดรับฟังความคิดเห็น",
                    "This topic is not open for comment yet",
                ))
            }
            TopicState::Closed => {
                return Err(refused(
                    "topic",
                    "เรื่องนี้ปิดรับฟังความคิดเห็นแล้ว ไม่สามารถส่งความคิดเห็นได้",
                    "This topic is closed; comments are no longer taken",
                ))
            }
        }
        let has_contact = draft.has_contact();
        let m = comment::ActiveModel {
            agency_id: Set(scope.agency_id()),
            topic_id: Set(topic_id),
            author_name: Set(draft.name.clone()),
            contact_phone: Set(draft.phone.clone()),
            contact_email: Set(draft.email.clone()),
            consent_text: Set(has_contact.then(|| consent_text.to_owned())),
            state: Set(CommentState::Pending.code().to_owned()),
            reason: Set(None),
            received_on: Set(today),
            created_at: Set(Utc::now()),
            moderated_at: Set(None),
            moderated_by: Set(None),
            body: Set(draft.body.clone()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.audit(
            "participation_comment",
            Some(m.id.to_string()),
            "submit",
            None::<&()>,
            Some(&CommentAudit {
                topic_id,
                state: CommentState::Pending.code(),
                received_on: today,
                chars: draft.body.chars().count(),
                named: draft.name.is_some(),
                contact: has_contact,
            }),
        )
        .await?;
        w.commit().await?;
        to_comment(m)
    }

    /// Publish or reject a comment (a rejection with its reason); see
    /// `domain::participation::check_moderation`.
    pub async fn moderate_comment(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        comment_id: i64,
        to: CommentState,
        reason: &str,
    ) -> Result<Comment> {
        let mut w = self.write(scope, actor).await?;
        let before = find_comment(&w.txn, scope, comment_id).await?;
        let from = CommentState::parse(&before.state)
            .ok_or_else(|| corrupt("comment state", comment_id))?;
        let reason = check_moderation(from, to, reason)?;
        let mut am = before.clone().into_active_model();
        am.state = Set(to.code().to_owned());
        am.reason = Set(reason.clone());
        am.moderated_at = Set(Some(Utc::now()));
        am.moderated_by = Set(actor.user_id);
        let after = am.update(&w.txn).await?;
        w.audit(
            "participation_comment",
            Some(comment_id.to_string()),
            "moderate",
            Some(&ModerationAudit {
                state: from.code(),
                reason: before.reason.as_deref(),
            }),
            Some(&ModerationAudit {
                state: to.code(),
                reason: reason.as_deref(),
            }),
        )
        .await?;
        w.commit().await?;
        to_comment(after)
    }

    /// One comment of the agency, or NotFound.
    pub async fn comment(&self, scope: &AgencyScope, id: i64) -> Result<Comment> {
        to_comment(find_comment(&self.db, scope, id).await?)
    }

    /// The comments of a topic in the order received, those in `state` only when given.
    pub async fn comments(
        &self,
        scope: &AgencyScope,
        topic_id: i64,
        state: Option<CommentState>,
    ) -> Result<Vec<Comment>> {
        let mut q = comment::Entity::find()
            .filter(comment::Column::AgencyId.eq(scope.agency_id()))
            .filter(comment::Column::TopicId.eq(topic_id));
        if let Some(s) = state {
            q = q.filter(comment::Column::State.eq(s.code()));
        }
        q.order_by_asc(comment::Column::CreatedAt)
            .order_by_asc(comment::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_comment)
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Demo data
// ---------------------------------------------------------------------------------------------

/// The demo agency's participation (once: nothing is added when it has a topic): the draft
/// local development plan (พ.ศ. 2571–2575) open for comment with a few comments, and a closed
/// road project with its comments moderated and the agency's response written.
pub async fn seed_demo(store: &Store, scope: &AgencyScope, today: NaiveDate) -> Result<()> {
    if !store.topics(scope).await?.is_empty() {
        return Ok(());
    }
    let actor = Actor::system("demo");
    let days = |n: i64| today + chrono::Duration::days(n);
    let comment = |body: &str, name: Option<&str>| CommentDraft {
        body: body.to_owned(),
        name: name.map(str::to_owned),
        phone: None,
        email: None,
    };

    // a closed project, moderated, with the response
    let road = store
        .create_topic(
            scope,
            &actor,
            TopicDraft {
                title: "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านหนองบัว หมู่ที่ ๕".into(),
                kind: TopicKind::Project,
                description: "องค์การบริหารส่วนตำบลมีแผนก่อสร้างถนนคอนกรีตเสริมเหล็ก กว้าง ๕ เมตร ยาว ๘๐๐ เมตร เชื่อมหมู่ที่ ๕ กับถนนสายหลัก งบประมาณ ๒,๔๐๐,๐๐๐ บาท\n\nขอเชิญประชาชนแสดงความคิดเห็นเกี่ยวกับแนวเส้นทาง ระยะเวลาก่อสร้าง และการระบายน้ำ".into(),
                opens_on: days(-90),
                closes_on: days(-60),
                document_id: None,
            },
        )
        .await?;
    store.open_topic(scope, &actor, road.id, days(-90)).await?;
    let during = days(-80);
    let mut ids = Vec::new();
    for (body, name) in [
        (
            "เห็นด้วยกับโครงการ ถนนเดิมเป็นหลุมบ่อ ช่วงหน้าฝนเด็กไปโรงเรียนลำบาก",
            Some("นายสมชาย ใจดี"),
        ),
        ("ขอให้ทำรางระบายน้ำสองข้างทาง เพราะช่วงปลายถนนน้ำท่วมขังทุกปี", None),
        ("ขายที่ดินราคาถูก ติดต่อ 08x-xxx-xxxx", None),
    ] {
        ids.push(
            store
                .submit_comment(scope, road.id, comment(body, name), "", during)
                .await?
                .id,
        );
    }
    store
        .moderate_comment(scope, &actor, ids[0], CommentState::Published, "")
        .await?;
    store
        .moderate_comment(scope, &actor, ids[1], CommentState::Published, "")
        .await?;
    store
        .moderate_comment(
            scope,
            &actor,
            ids[2],
            CommentState::Rejected,
            "โฆษณาที่ไม่เกี่ยวข้องกับเรื่องที่รับฟังความคิดเห็น",
        )
        .await?;
    store
        .set_topic_response(
            scope,
            &actor,
            road.id,
            "ได้รับความคิดเห็น ๓ รายการ เผยแพร่ ๒ รายการ ไม่เผยแพร่ ๑ รายการ (โฆษณา)\n\nองค์การบริหารส่วนตำบลได้ปรับแบบก่อสร้างโดยเพิ่มรางระบายน้ำ คสล. ทั้งสองข้างทางช่วงปลายถนน ระยะ ๑๕๐ เมตร ตามข้อเสนอของประชาชน และกำหนดก่อสร้างหลังฤดูฝน",
        )
        .await?;

    // the development plan, open now
    let plan = store
        .create_topic(
            scope,
            &actor,
            TopicDraft {
                title: "ร่างแผนพัฒนาท้องถิ่น (พ.ศ. 2571–2575)".into(),
                kind: TopicKind::DevelopmentPlan,
                description: "องค์การบริหารส่วนตำบลได้จัดทำร่างแผนพัฒนาท้องถิ่น (พ.ศ. 2571–2575) ตามระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น\n\nขอเชิญประชาชนแสดงความคิดเห็นต่อยุทธศาสตร์การพัฒนา โครงการที่ควรบรรจุในแผน และลำดับความสำคัญ ความคิดเห็นทุกรายการจะนำเสนอต่อคณะกรรมการพัฒนาท้องถิ่นประกอบการพิจารณา".into(),
                opens_on: days(-10),
                closes_on: days(20),
                document_id: None,
            },
        )
        .await?;
    store.open_topic(scope, &actor, plan.id, days(-10)).await?;
    let mut ids = Vec::new();
    for (body, name) in [
        (
            "ขอให้บรรจุโครงการขุดลอกคลองส่งน้ำเพื่อการเกษตร หมู่ที่ ๒ และหมู่ที่ ๓",
            Some("นางสมศรี มีสุข"),
        ),
        (
            "ควรเพิ่มไฟส่องสว่างทางหลวงชนบทช่วงหน้าโรงเรียน เพื่อความปลอดภัย",
            None,
        ),
        ("อยากให้มีศูนย์ดูแลผู้สูงอายุในตำบล", None),
    ] {
        ids.push(
            store
                .submit_comment(scope, plan.id, comment(body, name), "", days(-5))
                .await?
                .id,
        );
    }
    store
        .moderate_comment(scope, &actor, ids[0], CommentState::Published, "")
        .await?;
    store
        .moderate_comment(scope, &actor, ids[1], CommentState::Published, "")
        .await?;
    Ok(())
}

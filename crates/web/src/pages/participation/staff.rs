//! The staff's side of participation: the agency's topics with their counts, a topic's form
//! (title, kind, description, opening and closing days as Thai users type them, a document of
//! the library), opening and closing it, the moderation queue (publish, or reject with a
//! reason; contact details are shown here and nowhere public), the response
//! (สรุปผลและการนำความคิดเห็นไปใช้) and the summary as PDF.
//!
//! Permission: the agency's settings (the same as the e-Service catalogue); everything is
//! written through the store's audited writes. Opening, closing and the response refresh the
//! OIT items the year's results answer.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::eservice::format_phone;
use prongsai_domain::participation::{
    paragraphs, CommentState, TopicDraft, TopicInput, TopicKind, TopicState, MAX_DESCRIPTION_CHARS,
    MAX_REASON_CHARS, MAX_RESPONSE_CHARS, MAX_TITLE_CHARS,
};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use prongsai_store::participation::{Comment, Topic};
use prongsai_store::StoreError;
use serde::Deserialize;

use super::{card, errors_of, publish, TopicCard};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::NoFields;
use crate::view::{fmt_date, render, render_form, today, Errors, Page};

const PERMISSION: Permission = Permission::ManageAgencySettings;
const MENU: &str = "/staff/participation";

fn page(staff: &Staff) -> Page {
    Page::staff(staff, "participation.staff_title", MENU)
}

#[derive(Template)]
#[template(path = "participation/staff_list.html")]
struct ListPage {
    page: Page,
    slug: String,
    topics: Vec<TopicCard>,
}

/// `GET /staff/participation`
pub async fn list(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let scope = staff.scope()?;
    let topics = st.store.topics(&scope).await?;
    let tallies = st.store.topic_tallies(&scope).await?;
    let now = today();
    render(&ListPage {
        page: page(&staff),
        slug: staff.agency_slug(),
        topics: topics
            .iter()
            .map(|t| {
                card(
                    t,
                    tallies.get(&t.id).copied().unwrap_or_default(),
                    staff.ctx.lang,
                    now,
                )
            })
            .collect(),
    })
}

// ----- the topic's form ------------------------------------------------------------------------

pub struct KindOption {
    pub code: &'static str,
    pub label: &'static str,
}

pub struct DocOption {
    pub id: i64,
    pub title: String,
}

#[derive(Template)]
#[template(path = "participation/staff_edit.html")]
struct EditPage {
    page: Page,
    id: Option<i64>,
    title: String,
    kind: String,
    description: String,
    opens_on: String,
    closes_on: String,
    document_id: Option<i64>,
    kinds: Vec<KindOption>,
    documents: Vec<DocOption>,
    errors: Errors,
    max_title: usize,
    max_description: usize,
}

/// The topic form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
    #[serde(default)]
    document_id: String,
}

impl TopicForm {
    fn of(t: &TopicDraft, lang: Lang) -> Self {
        TopicForm {
            title: t.title.clone(),
            kind: t.kind.code().to_string(),
            description: t.description.clone(),
            opens_on: fmt_date(lang, t.opens_on),
            closes_on: fmt_date(lang, t.closes_on),
            document_id: t.document_id.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    fn parse(&self) -> Result<TopicDraft, Vec<InputError>> {
        TopicDraft::parse(&TopicInput {
            title: &self.title,
            kind: &self.kind,
            description: &self.description,
            opens_on: &self.opens_on,
            closes_on: &self.closes_on,
            document_id: crate::pages::opt_id(&self.document_id),
        })
    }
}

async fn edit_view(
    st: &AppState,
    staff: &Staff,
    id: Option<i64>,
    f: TopicForm,
    errors: Vec<InputError>,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let documents = st
        .store
        .documents(&staff.scope()?, None, None)
        .await?
        .into_iter()
        .map(|d| DocOption {
            id: d.id,
            title: d.title,
        })
        .collect();
    let refused = !errors.is_empty();
    render_form(
        &EditPage {
            page: page(staff),
            id,
            document_id: crate::pages::opt_id(&f.document_id),
            title: f.title,
            kind: f.kind,
            description: f.description,
            opens_on: f.opens_on,
            closes_on: f.closes_on,
            kinds: TopicKind::ALL
                .into_iter()
                .map(|k| KindOption {
                    code: k.code(),
                    label: k.label(lang),
                })
                .collect(),
            documents,
            errors: errors_of(lang, &errors),
            max_title: MAX_TITLE_CHARS,
            max_description: MAX_DESCRIPTION_CHARS,
        },
        refused,
    )
}

/// `GET /staff/participation/new`
pub async fn new_form(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let f = TopicForm {
        kind: TopicKind::DevelopmentPlan.code().into(),
        ..Default::default()
    };
    edit_view(&st, &staff, None, f, vec![]).await
}

/// `GET /staff/participation/{id}/edit`
pub async fn edit_form(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let t = st.store.topic(&staff.scope()?, id).await?;
    let f = TopicForm::of(&t.draft(), staff.ctx.lang);
    edit_view(&st, &staff, Some(id), f, vec![]).await
}

async fn save(
    st: AppState,
    staff: Staff,
    id: Option<i64>,
    f: TopicForm,
) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let scope = staff.scope()?;
    let draft = match f.parse() {
        Ok(d) => d,
        Err(errors) => return edit_view(&st, &staff, id, f, errors).await,
    };
    let r = match id {
        Some(id) => {
            st.store
                .update_topic(&scope, &staff.actor(), id, draft)
                .await
        }
        None => st.store.create_topic(&scope, &staff.actor(), draft).await,
    };
    match r {
        Ok(t) => {
            if t.opened {
                publish(&st, &staff, t.fiscal_year).await;
            }
            Ok(Redirect::to(&format!("/staff/participation/{}?saved=1", t.id)).into_response())
        }
        Err(StoreError::Input(e)) => edit_view(&st, &staff, id, f, vec![e]).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/participation/new`
pub async fn create(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<TopicForm>,
) -> Result<Response, AppError> {
    save(st, staff, None, f).await
}

/// `POST /staff/participation/{id}/edit`
pub async fn update(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<TopicForm>,
) -> Result<Response, AppError> {
    save(st, staff, Some(id), f).await
}

// ----- one topic: moderation, opening and closing, the response ----------------------------------

/// A comment as staff see it, contact details included.
pub struct StaffComment {
    pub id: i64,
    pub body: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub received: String,
    pub reason: String,
    pub consent: String,
}

fn staff_comment(c: &Comment, lang: Lang) -> StaffComment {
    StaffComment {
        id: c.id,
        body: c.body.clone(),
        name: c.name.clone().unwrap_or_default(),
        phone: c.phone.as_deref().map(format_phone).unwrap_or_default(),
        email: c.email.clone().unwrap_or_default(),
        received: fmt_date(lang, c.received_on),
        reason: c.reason.clone().unwrap_or_default(),
        consent: c.consent_text.clone().unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "participation/staff_topic.html")]
struct TopicPage {
    page: Page,
    slug: String,
    t: TopicCard,
    description: Vec<String>,
    is_draft: bool,
    can_open: bool,
    can_close: bool,
    pending: Vec<StaffComment>,
    published: Vec<StaffComment>,
    rejected: Vec<StaffComment>,
    response: String,
    errors: Errors,
    max_reason: usize,
    max_response: usize,
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn topic_view(
    st: &AppState,
    staff: &Staff,
    t: &Topic,
    response: Option<String>,
    errors: Vec<InputError>,
    saved: bool,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let scope = staff.scope()?;
    let now = today();
    let comments = st.store.comments(&scope, t.id, None).await?;
    let tally = st.store.topic_tally(&scope, t.id).await?;
    let of = |s: CommentState| {
        comments
            .iter()
            .filter(|c| c.state == s)
            .map(|c| staff_comment(c, lang))
            .collect::<Vec<_>>()
    };
    let state = t.state(now);
    let refused = !errors.is_empty();
    render_form(
        &TopicPage {
            page: page(staff).with_flash(saved.then_some("participation.saved")),
            slug: staff.agency_slug(),
            t: card(t, tally, lang, now),
            description: paragraphs(&t.description),
            is_draft: state == TopicState::Draft,
            can_open: matches!(state, TopicState::Draft | TopicState::Closed),
            can_close: matches!(state, TopicState::Open | TopicState::Upcoming),
            pending: of(CommentState::Pending),
            published: of(CommentState::Published),
            rejected: of(CommentState::Rejected),
            response: response.unwrap_or_else(|| t.response.clone().unwrap_or_default()),
            errors: errors_of(lang, &errors),
            max_reason: MAX_REASON_CHARS,
            max_response: MAX_RESPONSE_CHARS,
        },
        refused,
    )
}

/// `GET /staff/participation/{id}`
pub async fn topic(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let t = st.store.topic(&staff.scope()?, id).await?;
    topic_view(&st, &staff, &t, None, vec![], q.saved.is_some()).await
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/staff/participation/{id}?saved=1")).into_response()
}

async fn open_or_close(
    st: AppState,
    staff: Staff,
    id: i64,
    open: bool,
) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let scope = staff.scope()?;
    let r = if open {
        st.store
            .open_topic(&scope, &staff.actor(), id, today())
            .await
    } else {
        st.store
            .close_topic(&scope, &staff.actor(), id, today())
            .await
    };
    match r {
        Ok(t) => {
            publish(&st, &staff, t.fiscal_year).await;
            Ok(back(id))
        }
        Err(StoreError::Input(e)) => {
            let t = st.store.topic(&scope, id).await?;
            topic_view(&st, &staff, &t, None, vec![e], false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/participation/{id}/open`
pub async fn open(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    open_or_close(st, staff, id, true).await
}

/// `POST /staff/participation/{id}/close`
pub async fn close(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    open_or_close(st, staff, id, false).await
}

/// `POST /staff/participation/{id}/response`
pub async fn response(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let scope = staff.scope()?;
    let text = f.get("response").cloned().unwrap_or_default();
    match st
        .store
        .set_topic_response(&scope, &staff.actor(), id, &text)
        .await
    {
        Ok(t) => {
            publish(&st, &staff, t.fiscal_year).await;
            Ok(back(id))
        }
        Err(StoreError::Input(e)) => {
            let t = st.store.topic(&scope, id).await?;
            topic_view(&st, &staff, &t, Some(text), vec![e], false).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ModerateForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    reason: String,
}

/// `POST /staff/participation/{id}/comments/{comment}`: publish or reject.
pub async fn moderate(
    State(st): State<AppState>,
    staff: Staff,
    Path((id, comment_id)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<ModerateForm>,
) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let scope = staff.scope()?;
    let t = st.store.topic(&scope, id).await?;
    let c = st.store.comment(&scope, comment_id).await?;
    if c.topic_id != t.id {
        return Err(AppError::NotFound);
    }
    let Some(to) = CommentState::parse(&f.to) else {
        return Err(AppError::BadRequest);
    };
    match st
        .store
        .moderate_comment(&scope, &staff.actor(), comment_id, to, &f.reason)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/staff/participation/{id}#comment-{comment_id}"))
                .into_response(),
        ),
        Err(StoreError::Input(e)) => topic_view(&st, &staff, &t, None, vec![e], false).await,
        Err(e) => Err(e.into()),
    }
}

/// `GET /staff/participation/{id}/summary.pdf` (drafts included, to check before opening).
pub async fn summary_pdf(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    staff.require(PERMISSION)?;
    let scope = staff.scope()?;
    let t = st.store.topic(&scope, id).await?;
    let a = staff.agency.clone().ok_or(AppError::Forbidden)?;
    super::summary_pdf_response(&st, &scope, &a, &t).await
}

//! The citizen's side of participation: the topics open for comment first, then the closed
//! ones with their results; a topic with its published comments and, while it is open, the
//! comment form (no account; a name and contact details are optional, the PDPA notice is shown
//! when contact details are given); a fiscal year's results; a topic's summary as PDF.
//!
//! Abuse: posts are limited per address (in memory), bodies by size (the form limit of the
//! router and the domain's text limits), a honeypot field catches form-filling robots, and
//! every text is escaped by the templates. Comments wait for moderation: pending and rejected
//! ones are never shown, contact details never.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::participation::{
    paragraphs, CommentDraft, CommentInput, CommentState, TopicState, MAX_COMMENT_CHARS,
    MAX_NAME_CHARS,
};
use prongsai_domain::{InputError, Lang};
use prongsai_store::participation::Topic;
use prongsai_store::tenancy::Agency;
use prongsai_store::{AgencyScope, StoreError};
use serde::Deserialize;

use super::{card, errors_of, TopicCard};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Ctx};
use crate::error::AppError;
use crate::view::{fmt_date, render, render_form, today, Errors, Page};

/// The notice shown beside the contact fields and kept with a comment that gives them, word for
/// word.
pub const CONSENT_TH: &str = "หากท่านให้หมายเลขโทรศัพท์หรืออีเมล ข้าพเจ้ายินยอมให้หน่วยงานเก็บและใช้ข้อมูลนั้นเพื่อติดต่อกลับเกี่ยวกับความคิดเห็นนี้เท่านั้น ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒ หน่วยงานไม่เผยแพร่ข้อมูลติดต่อต่อสาธารณะ";
pub const CONSENT_EN: &str = "If you give a phone number or e-mail address, you agree that the agency keeps and uses it only to contact you about this comment, under the Personal Data Protection Act B.E. 2562. The agency never publishes contact details.";

/// Comments per address per minute.
pub const COMMENTS_PER_MINUTE: u32 = 5;

async fn agency(st: &AppState, slug: &str) -> Result<(AgencyScope, Agency), AppError> {
    st.store
        .agency_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// A public topic of the agency: drafts do not exist for the public.
async fn public_topic(st: &AppState, scope: &AgencyScope, id: i64) -> Result<Topic, AppError> {
    let t = st.store.topic(scope, id).await?;
    if t.state(today()).is_public() {
        Ok(t)
    } else {
        Err(AppError::NotFound)
    }
}

fn consent(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => CONSENT_TH,
        Lang::En => CONSENT_EN,
    }
}

#[derive(Template)]
#[template(path = "participation/list.html")]
struct ListPage {
    page: Page,
    slug: String,
    open: Vec<TopicCard>,
    closed: Vec<TopicCard>,
    years: Vec<i32>,
}

/// `GET /{agency}/participation`
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let now = today();
    let topics = st.store.topics(&scope).await?;
    let tallies = st.store.topic_tallies(&scope).await?;
    let (mut open, mut closed) = (Vec::new(), Vec::new());
    let mut years: Vec<i32> = Vec::new();
    for t in &topics {
        let s = t.state(now);
        if !s.is_public() {
            continue;
        }
        if !years.contains(&t.fiscal_year.be()) {
            years.push(t.fiscal_year.be());
        }
        let c = card(
            t,
            tallies.get(&t.id).copied().unwrap_or_default(),
            ctx.lang,
            now,
        );
        if s == TopicState::Closed {
            closed.push(c);
        } else {
            open.push(c);
        }
    }
    // the open ones in the order they opened
    open.reverse();
    years.sort_unstable_by(|a, b| b.cmp(a));
    render(&ListPage {
        page: Page::agency_public(&ctx, &a, ctx.t("participation.title")),
        slug: a.slug.clone(),
        open,
        closed,
        years,
    })
}

/// A published comment as the public sees it: the name only if the citizen gave one.
pub struct CommentView {
    pub name: String,
    pub date: String,
    pub body: String,
}

/// The comment form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    website: String,
}

#[derive(Template)]
#[template(path = "participation/topic.html")]
struct TopicPage {
    page: Page,
    slug: String,
    t: TopicCard,
    description: Vec<String>,
    /// (address, title) of the public document.
    document: Option<(String, String)>,
    comments: Vec<CommentView>,
    open: bool,
    upcoming: bool,
    closed: bool,
    form: CommentForm,
    errors: Errors,
    sent: bool,
    consent: &'static str,
    max_chars: usize,
    max_name: usize,
}

#[derive(Deserialize, Default)]
pub struct TopicQuery {
    #[serde(default)]
    sent: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn topic_view(
    st: &AppState,
    ctx: &Ctx,
    scope: &AgencyScope,
    a: &Agency,
    t: &Topic,
    form: CommentForm,
    errors: Vec<InputError>,
    sent: bool,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let now = today();
    let state = t.state(now);
    let tally = st.store.topic_tally(scope, t.id).await?;
    let comments = st
        .store
        .comments(scope, t.id, Some(CommentState::Published))
        .await?
        .into_iter()
        .map(|c| CommentView {
            name: c
                .name
                .unwrap_or_else(|| ctx.t("participation.anonymous").to_string()),
            date: fmt_date(lang, c.received_on),
            body: c.body,
        })
        .collect();
    let document = match t.document_id {
        Some(id) => match st.store.document(scope, id).await {
            Ok(d) if d.public => Some((
                crate::pages::disclosure::documents::file_href(&a.slug, &d),
                d.title.clone(),
            )),
            Ok(_) | Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let refused = !errors.is_empty();
    render_form(
        &TopicPage {
            page: Page::agency_public(ctx, a, &t.title),
            slug: a.slug.clone(),
            t: card(t, tally, lang, now),
            description: paragraphs(&t.description),
            document,
            comments,
            open: state == TopicState::Open,
            upcoming: state == TopicState::Upcoming,
            closed: state == TopicState::Closed,
            form,
            errors: errors_of(lang, &errors),
            sent,
            consent: consent(lang),
            max_chars: MAX_COMMENT_CHARS,
            max_name: MAX_NAME_CHARS,
        },
        refused,
    )
}

/// `GET /{agency}/participation/{id}`
pub async fn topic(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Query(q): Query<TopicQuery>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let t = public_topic(&st, &scope, id).await?;
    topic_view(
        &st,
        &ctx,
        &scope,
        &a,
        &t,
        CommentForm::default(),
        vec![],
        q.sent.is_some(),
    )
    .await
}

/// `POST /{agency}/participation/{id}`: a comment, then back to the topic with a thank-you
/// (or the form again with what was typed and why it was refused).
pub async fn comment(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<CommentForm>,
) -> Result<Response, AppError> {
    let limit = COMMENTS_PER_MINUTE.min(st.config.public_posts_per_minute);
    if !st.limiter.allow(ctx.client_ip, "participation", limit) {
        return Err(AppError::RateLimited);
    }
    let (scope, a) = agency(&st, &slug).await?;
    let t = public_topic(&st, &scope, id).await?;
    let again = |f: CommentForm, e: InputError| {
        let (st, ctx, scope, a, t) = (&st, &ctx, &scope, &a, &t);
        async move { topic_view(st, ctx, scope, a, t, f, vec![e], false).await }
    };
    if !f.website.is_empty() {
        // a person never sees the field; a robot fills everything
        return again(
            f,
            InputError::new(
                "form",
                "ส่งความคิดเห็นไม่สำเร็จ กรุณาลองใหม่",
                "The comment could not be sent; please try again",
            ),
        )
        .await;
    }
    match t.state(today()) {
        TopicState::Open => {}
        TopicState::Upcoming => {
            return again(
                f,
                InputError::new(
                    "topic",
                    "เรื่องนี้ยังไม่เปิดรับฟังความคิดเห็น",
                    "This topic is not open for comment yet",
                ),
            )
            .await
        }
        _ => {
            return again(
                f,
                InputError::new(
                    "topic",
                    "เรื่องนี้ปิดรับฟังความคิดเห็นแล้ว ไม่สามารถส่งความคิดเห็นได้",
                    "This topic is closed; comments are no longer taken",
                ),
            )
            .await
        }
    }
    let draft = CommentDraft::parse(&CommentInput {
        body: &f.body,
        name: &f.name,
        phone: &f.phone,
        email: &f.email,
        consent: f.consent == "yes",
    });
    let draft = match draft {
        Ok(d) => d,
        Err(errors) => {
            return topic_view(&st, &ctx, &scope, &a, &t, f, errors, false).await;
        }
    };
    match st
        .store
        .submit_comment(&scope, t.id, draft, consent(ctx.lang), today())
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/{}/participation/{}?sent=1", a.slug, t.id)).into_response())
        }
        Err(StoreError::Input(e)) => again(f, e).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "participation/year.html")]
struct YearPage {
    page: Page,
    slug: String,
    year: i32,
    topics: Vec<TopicCard>,
    total: prongsai_domain::participation::Tally,
}

/// `GET /{agency}/participation/year/{year}`: the fiscal year's topics with their counts and
/// responses (what the OIT item "ผลการเปิดโอกาสให้มีส่วนร่วม" links to).
pub async fn year(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((slug, year)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let fy: FiscalYear = year.parse().map_err(|_| AppError::NotFound)?;
    let now = today();
    let rows = st.store.topics_of_year(&scope, fy).await?;
    let mut total = prongsai_domain::participation::Tally::default();
    let topics = rows
        .iter()
        .map(|(t, n)| {
            total.merge(n);
            card(t, *n, ctx.lang, now)
        })
        .collect();
    let title = format!("{} {}", ctx.t("participation.year_summary"), fy.be());
    render(&YearPage {
        page: Page::agency_public(&ctx, &a, &title),
        slug: a.slug.clone(),
        year: fy.be(),
        topics,
        total,
    })
}

/// `GET /{agency}/participation/{id}/summary.pdf`
pub async fn summary_pdf(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let t = public_topic(&st, &scope, id).await?;
    super::summary_pdf_response(&st, &scope, &a, &t).await
}

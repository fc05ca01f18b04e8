//! The reporter's side: the channel page, the two forms (corruption and misconduct, anonymous
//! by default; complaints and suggestions), the receipt with its code, and following a case
//! by that code (posted in the body, never in an address), with messages and files both ways.
//!
//! Nothing of the request is kept with a report: no address, no browser, no cookie, no time
//! of day. The per-address limits live in memory only.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use prongsai_domain::complaints::{
    parse_message, Kind, ReceiptCode, Submission, MAX_DETAILS_CHARS, MAX_MESSAGE_CHARS,
    MAX_SUBJECT_CHARS,
};
use prongsai_domain::eservice::FieldError;
use prongsai_domain::Lang;
use prongsai_store::complaints::{Case, Message, MessageKind};
use prongsai_store::tenancy::Agency;
use prongsai_store::{AgencyScope, StoreError};
use rand::RngCore;
use serde::Deserialize;

use super::{code_failed, code_locked, file_response, take_files};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Ctx};
use crate::error::AppError;
use crate::pages::disclosure::documents::read_upload_ctx;
use crate::view::{fmt_date, fmt_datetime, render, render_form, today, Page};

/// The consent shown when a reporter gives contact details, kept with them word for word.
pub const CONSENT_TH: &str = "ข้าพเจ้ายินยอมให้หน่วยงานเก็บข้อมูลติดต่อที่ให้ไว้ (ชื่อ โทรศัพท์ อีเมล ที่อยู่) เพื่อใช้สอบถามข้อเท็จจริงและแจ้งผลการพิจารณาเรื่องนี้เท่านั้น ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒ ข้อมูลนี้จะถูกปกปิด เจ้าหน้าที่ผู้รับผิดชอบจะเห็นได้เมื่อได้รับอนุมัติจากผู้มีอำนาจอีกคนหนึ่งเท่านั้น และจะไม่เปิดเผยต่อผู้ถูกร้องหรือสาธารณะ";
pub const CONSENT_EN: &str = "I agree that the agency keeps the contact details I give (name, phone, e-mail, address) only to ask about the facts and to tell me the outcome of this case, under the Personal Data Protection Act B.E. 2562. They are kept hidden: the responsible officer sees them only after a second authorised person approves, and they are never shown to the person complained about or to the public.";

/// The hidden field robots fill in.
const HONEYPOT: &str = "website";
/// Lookups by receipt code per address per minute (right or wrong).
const FOLLOW_PER_MINUTE: u32 = 20;

pub(crate) async fn agency(st: &AppState, slug: &str) -> Result<(AgencyScope, Agency), AppError> {
    st.store
        .agency_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn consent(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => CONSENT_TH,
        Lang::En => CONSENT_EN,
    }
}

// ----- the channel ----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "complaints/channel.html")]
struct ChannelPage {
    page: Page,
    slug: String,
}

/// `GET /{agency}/complaints`
pub async fn channel(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (_, a) = agency(&st, &slug).await?;
    render(&ChannelPage {
        page: Page::agency_public(&ctx, &a, ctx.t("cp.title")),
        slug: a.slug.clone(),
    })
}

// ----- the form -------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct FormQuery {
    #[serde(default)]
    kind: String,
}

pub struct KindChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "complaints/form.html")]
struct FormPage {
    page: Page,
    slug: String,
    /// The corruption form (anonymous by default) or the general one.
    corruption: bool,
    kinds: Vec<KindChoice>,
    anonymous: bool,
    subject: String,
    details: String,
    name: String,
    phone: String,
    email: String,
    address: String,
    consent: &'static str,
    errors: Vec<String>,
    max_subject: usize,
    max_details: usize,
}

#[derive(Default)]
struct Typed {
    kind: String,
    anonymous: bool,
    subject: String,
    details: String,
    name: String,
    phone: String,
    email: String,
    address: String,
}

fn form_view(
    ctx: &Ctx,
    a: &Agency,
    corruption: bool,
    t: &Typed,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let kinds = Kind::ALL
        .iter()
        .filter(|k| (**k == Kind::Corruption) == corruption)
        .map(|k| KindChoice {
            code: k.code(),
            label: k.label(lang),
            selected: t.kind == k.code(),
        })
        .collect();
    let title = if corruption {
        ctx.t("cp.form_corruption")
    } else {
        ctx.t("cp.form_general")
    };
    let res = render_form(
        &FormPage {
            page: Page::agency_public(ctx, a, title),
            slug: a.slug.clone(),
            corruption,
            kinds,
            anonymous: t.anonymous,
            subject: t.subject.clone(),
            details: t.details.clone(),
            name: t.name.clone(),
            phone: t.phone.clone(),
            email: t.email.clone(),
            address: t.address.clone(),
            consent: consent(lang),
            errors: errors.iter().map(|e| e.message(lang).to_string()).collect(),
            max_subject: MAX_SUBJECT_CHARS,
            max_details: MAX_DETAILS_CHARS,
        },
        !errors.is_empty(),
    )?;
    Ok(no_store(res))
}

/// `GET /{agency}/complaints/new?kind=corruption|general`
pub async fn form(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<FormQuery>,
) -> Result<Response, AppError> {
    let (_, a) = agency(&st, &slug).await?;
    let corruption = q.kind != "general";
    let t = Typed {
        kind: if corruption {
            Kind::Corruption.code().into()
        } else {
            Kind::Complaint.code().into()
        },
        anonymous: corruption,
        ..Typed::default()
    };
    form_view(&ctx, &a, corruption, &t, &[])
}

#[derive(Template)]
#[template(path = "complaints/receipt.html")]
struct ReceiptPage {
    page: Page,
    slug: String,
    code: String,
    kind: String,
    received: String,
    anonymous: bool,
}

/// `POST /{agency}/complaints/submit` (multipart: up to three files): the report, then its
/// receipt. The code is on the receipt page only.
pub async fn submit(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    if !st.limiter.allow(
        ctx.client_ip,
        "complaints",
        st.config.public_posts_per_minute,
    ) {
        return Err(AppError::RateLimited);
    }
    let (scope, a) = agency(&st, &slug).await?;
    let up = read_upload_ctx(&ctx, mp).await?;
    let kind = up.get("kind").trim().to_owned();
    let corruption = kind == Kind::Corruption.code();
    let typed = Typed {
        kind: kind.clone(),
        anonymous: up.get("anonymous") == "yes",
        subject: up
            .get("subject")
            .chars()
            .take(MAX_SUBJECT_CHARS * 2)
            .collect(),
        details: up
            .get("details")
            .chars()
            .take(MAX_DETAILS_CHARS * 2)
            .collect(),
        name: up.get("name").chars().take(400).collect(),
        phone: up.get("phone").chars().take(40).collect(),
        email: up.get("email").chars().take(400).collect(),
        address: up.get("address").chars().take(1000).collect(),
    };
    if !up.get(HONEYPOT).is_empty() {
        // a person never sees the field; a robot fills everything
        return form_view(
            &ctx,
            &a,
            corruption,
            &typed,
            &[FieldError::new(
                "form",
                "ส่งเรื่องไม่สำเร็จ กรุณาลองใหม่",
                "The report could not be sent; please try again",
            )],
        );
    }
    let mut errors = Vec::new();
    let sub = match Submission::parse(
        &kind,
        up.get("subject"),
        up.get("details"),
        typed.anonymous,
        [
            up.get("name"),
            up.get("phone"),
            up.get("email"),
            up.get("address"),
        ],
    ) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    if !typed.anonymous && up.get("consent") != "yes" {
        errors.push(FieldError::new(
            "consent",
            "กรุณาอ่านและยินยอมการเก็บข้อมูลส่วนบุคคลก่อนส่ง หรือเลือกไม่เปิดเผยตัวตน",
            "Please read and accept the personal data notice, or choose to stay anonymous",
        ));
    }
    // files are checked (and stored) only when everything else is right
    let (Some(sub), true) = (sub, errors.is_empty()) else {
        return form_view(&ctx, &a, corruption, &typed, &errors);
    };
    let files = match take_files(&st, &up, true).await? {
        Ok(f) => f,
        Err(e) => return form_view(&ctx, &a, corruption, &typed, &e),
    };
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let code = ReceiptCode::from_random(bytes);
    let anonymous = sub.contact.is_none();
    let kind = sub.kind;
    let day = today();
    match st
        .store
        .submit_complaint(
            &scope,
            sub,
            (!anonymous).then(|| consent(ctx.lang)),
            &code,
            &files,
            day,
        )
        .await
    {
        Ok(_) => {
            super::publish(&st, &scope, &a.slug).await;
            let res = render(&ReceiptPage {
                page: Page::agency_public(&ctx, &a, ctx.t("cp.receipt")),
                slug: a.slug.clone(),
                code: code.grouped(),
                kind: kind.label(ctx.lang).to_string(),
                received: fmt_date(ctx.lang, day),
                anonymous,
            })?;
            Ok(no_store(res))
        }
        Err(StoreError::Input(e)) => form_view(&ctx, &a, corruption, &typed, &[e.into()]),
        Err(e) => Err(e.into()),
    }
}

// ----- following a case -----------------------------------------------------------------------

pub struct FileView {
    pub id: i64,
    pub name: String,
}

pub struct MessageView {
    pub date: String,
    /// reporter | reply | state | report
    pub kind: &'static str,
    pub who: String,
    pub body: String,
    pub files: Vec<FileView>,
}

pub struct FollowView {
    pub kind: String,
    pub subject: String,
    pub state: String,
    pub state_code: &'static str,
    pub outcome: String,
    pub received: String,
    pub closed: bool,
    pub messages: Vec<MessageView>,
}

#[derive(Template)]
#[template(path = "complaints/follow.html")]
struct FollowPage {
    page: Page,
    slug: String,
    code: String,
    error: String,
    found: Option<FollowView>,
    max_message: usize,
}

fn follow_view(
    lang: Lang,
    t: impl Fn(&'static str) -> &'static str,
    c: &Case,
    msgs: &[Message],
) -> FollowView {
    FollowView {
        kind: c.kind.label(lang).to_string(),
        subject: c.subject.clone(),
        state: c.state.label(lang).to_string(),
        state_code: c.state.code(),
        outcome: c
            .outcome
            .map(|o| o.label(lang).to_string())
            .unwrap_or_default(),
        received: fmt_date(lang, c.received_on),
        closed: c.state.is_final(),
        messages: msgs
            .iter()
            .map(|m| MessageView {
                // the reporter's own entries keep their day only; the agency's their time
                date: match m.at {
                    Some(at) => fmt_datetime(lang, at),
                    None => fmt_date(lang, m.day),
                },
                kind: m.kind.code(),
                who: match m.kind {
                    MessageKind::Reporter | MessageKind::Report => t("cp.you"),
                    _ => t("cp.agency"),
                }
                .to_string(),
                body: match (m.kind, m.to_state) {
                    (MessageKind::State, Some(s)) => {
                        let mut b = format!("{}: {}", t("cp.state_now"), s.label(lang));
                        if let Some(o) = m.outcome {
                            b.push_str(&format!(" ({})", o.label(lang)));
                        }
                        if !m.body.is_empty() {
                            b.push_str(" — ");
                            b.push_str(&m.body);
                        }
                        b
                    }
                    (MessageKind::Report, _) => t("cp.files_with_report").to_string(),
                    _ => m.body.clone(),
                },
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
    }
}

/// `GET /{agency}/complaints/follow`
pub async fn follow_form(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (_, a) = agency(&st, &slug).await?;
    render(&FollowPage {
        page: Page::agency_public(&ctx, &a, ctx.t("cp.follow")),
        slug: a.slug.clone(),
        code: String::new(),
        error: String::new(),
        found: None,
        max_message: MAX_MESSAGE_CHARS,
    })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    file: String,
}

/// Why a code did not open a case.
enum Refusal {
    Locked,
    Message(String),
}

/// Read and look up a code, counting failures per address; the limits apply before the
/// database is asked.
async fn open_case(
    st: &AppState,
    ctx: &Ctx,
    scope: &AgencyScope,
    input: &str,
) -> Result<Result<(ReceiptCode, Case, Vec<Message>), Refusal>, AppError> {
    if !st
        .limiter
        .allow(ctx.client_ip, "complaints-follow", FOLLOW_PER_MINUTE)
    {
        return Err(AppError::RateLimited);
    }
    if code_locked(st, ctx.client_ip) {
        return Ok(Err(Refusal::Locked));
    }
    let code = match ReceiptCode::parse(input) {
        Ok(c) => c,
        Err(e) => {
            code_failed(st, ctx.client_ip);
            return Ok(Err(Refusal::Message(e.message(ctx.lang).to_string())));
        }
    };
    match st.store.complaint_by_code(scope, &code).await? {
        Some((c, m)) => Ok(Ok((code, c, m))),
        None => {
            code_failed(st, ctx.client_ip);
            Ok(Err(Refusal::Message(ctx.t("cp.not_found").to_string())))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn follow_page(
    ctx: &Ctx,
    a: &Agency,
    typed: &str,
    result: Result<(ReceiptCode, Case, Vec<Message>), String>,
    extra_error: Option<String>,
) -> Result<Response, AppError> {
    let page = Page::agency_public(ctx, a, ctx.t("cp.follow"));
    let lang = ctx.lang;
    let res = match result {
        Ok((code, c, msgs)) => render_form(
            &FollowPage {
                page,
                slug: a.slug.clone(),
                code: code.grouped(),
                error: extra_error.clone().unwrap_or_default(),
                found: Some(follow_view(lang, |k| ctx.t(k), &c, &msgs)),
                max_message: MAX_MESSAGE_CHARS,
            },
            extra_error.is_some(),
        )?,
        Err(error) => render_form(
            &FollowPage {
                page,
                slug: a.slug.clone(),
                code: typed.chars().take(40).collect(),
                error,
                found: None,
                max_message: MAX_MESSAGE_CHARS,
            },
            true,
        )?,
    };
    Ok(no_store(res))
}

fn refusal_text(ctx: &Ctx, r: Refusal) -> String {
    match r {
        Refusal::Locked => ctx.t("cp.locked").to_string(),
        Refusal::Message(m) => m,
    }
}

/// `POST /{agency}/complaints/follow`: the code in the body.
pub async fn follow(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    match open_case(&st, &ctx, &scope, &f.code).await? {
        Ok(found) => follow_page(&ctx, &a, "", Ok(found), None),
        Err(r) => {
            let locked = matches!(r, Refusal::Locked);
            let mut res = follow_page(&ctx, &a, &f.code, Err(refusal_text(&ctx, r)), None)?;
            if locked {
                *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            }
            Ok(res)
        }
    }
}

/// `POST /{agency}/complaints/follow/file`: a file of the case, the code in the body.
pub async fn follow_file(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let (code, _, _) = match open_case(&st, &ctx, &scope, &f.code).await? {
        Ok(found) => found,
        Err(r) => {
            let locked = matches!(r, Refusal::Locked);
            let mut res = follow_page(&ctx, &a, &f.code, Err(refusal_text(&ctx, r)), None)?;
            if locked {
                *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            }
            return Ok(res);
        }
    };
    let id: i64 = f.file.trim().parse().map_err(|_| AppError::NotFound)?;
    let file = st.store.reporter_file(&scope, &code, id).await?;
    let bytes = st
        .blobs
        .get(&file.sha256)
        .await
        .map_err(|e| AppError::Internal(format!("complaint file: {e}")))?;
    Ok(file_response(&file.file_name, &file.kind, bytes))
}

/// `POST /{agency}/complaints/follow/reply` (multipart: the code, a message, files).
pub async fn follow_reply(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    if !st.limiter.allow(
        ctx.client_ip,
        "complaints",
        st.config.public_posts_per_minute,
    ) {
        return Err(AppError::RateLimited);
    }
    let (scope, a) = agency(&st, &slug).await?;
    let up = read_upload_ctx(&ctx, mp).await?;
    let (code, case, msgs) = match open_case(&st, &ctx, &scope, up.get("code")).await? {
        Ok(found) => found,
        Err(r) => return follow_page(&ctx, &a, up.get("code"), Err(refusal_text(&ctx, r)), None),
    };
    if !up.get(HONEYPOT).is_empty() {
        return follow_page(
            &ctx,
            &a,
            "",
            Ok((code, case, msgs)),
            Some(ctx.t("cp.not_sent").to_string()),
        );
    }
    let body = match parse_message(up.get("body")) {
        Ok(b) => b,
        Err(e) => {
            return follow_page(
                &ctx,
                &a,
                "",
                Ok((code, case, msgs)),
                Some(e.message(ctx.lang).to_string()),
            )
        }
    };
    let files = match take_files(&st, &up, true).await? {
        Ok(f) => f,
        Err(e) => {
            let text = e
                .iter()
                .map(|e| e.message(ctx.lang).to_string())
                .collect::<Vec<_>>()
                .join(" ");
            return follow_page(&ctx, &a, "", Ok((code, case, msgs)), Some(text));
        }
    };
    match st
        .store
        .reporter_message(&scope, &code, body, &files, today())
        .await
    {
        Ok(_) => {
            let (c, m) = st
                .store
                .complaint_by_code(&scope, &code)
                .await?
                .ok_or(AppError::NotFound)?;
            follow_page(&ctx, &a, "", Ok((code, c, m)), None)
        }
        Err(StoreError::Input(e)) => follow_page(
            &ctx,
            &a,
            "",
            Ok((code, case, msgs)),
            Some(e.message(ctx.lang).to_string()),
        ),
        Err(e) => Err(e.into()),
    }
}

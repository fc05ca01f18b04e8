//! The citizen's side of the e-Service: the catalogue of an agency's services, a service's
//! form (no account: a phone number or e-mail for replies, the PDPA consent shown and kept),
//! the receipt with its tracking code, and the tracking page.
//!
//! Abuse: posts are limited per address (in memory), bodies by size, a honeypot field catches
//! form-filling robots, tracking codes are 80 random bits looked up by their hash, and wrong
//! codes count against the address so guessing stops after a few tries.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use prongsai_docs::files::check_upload_max;
use prongsai_domain::eservice::{Contact, FieldDef, FieldError, FieldKind, TrackingCode};
use prongsai_domain::Lang;
use prongsai_store::eservice::{RequestEvent, Service, ServiceRequest};
use prongsai_store::{AgencyScope, StoreError};
use rand::RngCore;

use crate::app::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::disclosure::documents::read_upload_ctx;
use crate::view::{fmt_date, render, render_form, today, Page};

/// The consent shown above the submit button and kept with every request, word for word.
pub const CONSENT_TH: &str = "ข้าพเจ้ายินยอมให้หน่วยงานเก็บและใช้ข้อมูลส่วนบุคคลที่ให้ไว้ในคำขอนี้ (ชื่อ ที่อยู่ เบอร์โทรศัพท์ อีเมล รูปภาพ และตำแหน่งที่ตั้ง) เพื่อดำเนินการตามคำขอและติดต่อกลับเท่านั้น ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒ หน่วยงานไม่เปิดเผยข้อมูลนี้ต่อสาธารณะ";
pub const CONSENT_EN: &str = "I agree that the agency keeps and uses the personal data given in this request (name, address, phone, e-mail, photos and location) only to handle the request and to contact me, under the Personal Data Protection Act B.E. 2562. The agency does not publish it.";

/// Posts per address per minute on the service forms, and wrong tracking codes per address
/// per minute.
const TRACK_TRIES_PER_MINUTE: u32 = 10;

/// The name of the hidden field robots fill in.
const HONEYPOT: &str = "website";

async fn agency(
    st: &AppState,
    slug: &str,
) -> Result<(AgencyScope, prongsai_store::tenancy::Agency), AppError> {
    st.store
        .agency_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

fn public_page(ctx: &Ctx, a: &prongsai_store::tenancy::Agency, title: &str) -> Page {
    Page::agency_public(ctx, a, title)
}

/// A service as listed.
pub struct ServiceCard {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub target_days: u32,
    pub documents: Vec<String>,
}

fn card(s: &Service, lang: Lang) -> ServiceCard {
    ServiceCard {
        id: s.id,
        name: s.name(lang).to_string(),
        description: s.description_th.clone(),
        target_days: s.target_days,
        documents: s.form.documents.clone(),
    }
}

#[derive(Template)]
#[template(path = "eservice/catalogue.html")]
struct CataloguePage {
    page: Page,
    slug: String,
    services: Vec<ServiceCard>,
}

/// `GET /{agency}/eservice`
pub async fn catalogue(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let services = st.store.list_services(&scope, true).await?;
    render(&CataloguePage {
        page: public_page(&ctx, &a, ctx.t("es.title")),
        slug: a.slug.clone(),
        services: services.iter().map(|s| card(s, ctx.lang)).collect(),
    })
}

/// A form field as drawn.
pub struct FieldView {
    /// The HTML name: `f_` and the key (so a field called `phone` or `csrf` cannot clash).
    pub name: String,
    pub label: String,
    pub help: String,
    /// text | textarea | number | date | select | tel | email | file | location | checkbox
    pub input: &'static str,
    pub required: bool,
    pub max_len: usize,
    pub options: Vec<String>,
    pub value: String,
    pub error: String,
}

fn field_view(f: &FieldDef, lang: Lang, value: &str, error: Option<&FieldError>) -> FieldView {
    let (input, options) = match &f.kind {
        FieldKind::Text => ("text", vec![]),
        FieldKind::LongText => ("textarea", vec![]),
        FieldKind::Number => ("number", vec![]),
        FieldKind::Date => ("date", vec![]),
        FieldKind::Choice { options } => ("select", options.clone()),
        FieldKind::Phone => ("tel", vec![]),
        FieldKind::Email => ("email", vec![]),
        FieldKind::Photo => ("file", vec![]),
        FieldKind::Location => ("location", vec![]),
        FieldKind::Checkbox => ("checkbox", vec![]),
    };
    FieldView {
        name: format!("f_{}", f.key),
        label: f.label(lang).to_string(),
        help: f.help(lang).unwrap_or("").to_string(),
        input,
        required: f.required,
        max_len: f.max_chars(),
        options,
        value: value.to_string(),
        error: error
            .map(|e| e.message(lang).to_string())
            .unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "eservice/form.html")]
struct FormPage {
    page: Page,
    slug: String,
    service: ServiceCard,
    fields: Vec<FieldView>,
    phone: String,
    email: String,
    consent: &'static str,
    /// Messages of refused fields not drawn next to one (contact, consent, files).
    errors: Vec<String>,
    has_location: bool,
}

#[allow(clippy::too_many_arguments)]
fn form_view(
    ctx: &Ctx,
    a: &prongsai_store::tenancy::Agency,
    s: &Service,
    values: &std::collections::HashMap<String, String>,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let fields = s
        .form
        .fields
        .iter()
        .map(|f| {
            let v = values
                .get(&format!("f_{}", f.key))
                .map(String::as_str)
                .unwrap_or("");
            field_view(f, lang, v, errors.iter().find(|e| e.key == f.key))
        })
        .collect();
    let keys: Vec<&str> = s.form.fields.iter().map(|f| f.key.as_str()).collect();
    let other: Vec<String> = errors
        .iter()
        .filter(|e| !keys.contains(&e.key.as_str()))
        .map(|e| e.message(lang).to_string())
        .collect();
    render_form(
        &FormPage {
            page: public_page(ctx, a, s.name(lang)),
            slug: a.slug.clone(),
            service: card(s, lang),
            fields,
            phone: values.get("phone").cloned().unwrap_or_default(),
            email: values.get("email").cloned().unwrap_or_default(),
            consent: match lang {
                Lang::Th => CONSENT_TH,
                Lang::En => CONSENT_EN,
            },
            errors: other,
            has_location: s.form.has_location(),
        },
        !errors.is_empty(),
    )
}

/// `GET /{agency}/eservice/{id}`
pub async fn form(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let s = st.store.service(&scope, id).await?;
    if !s.active {
        return Err(AppError::NotFound);
    }
    form_view(&ctx, &a, &s, &Default::default(), &[])
}

#[derive(Template)]
#[template(path = "eservice/receipt.html")]
struct ReceiptPage {
    page: Page,
    slug: String,
    service: String,
    code: String,
    due: String,
}

/// `POST /{agency}/eservice/{id}` (multipart: photos): the request, then its receipt.
pub async fn submit(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    mp: Multipart,
) -> Result<Response, AppError> {
    if !st
        .limiter
        .allow(ctx.client_ip, "eservice", st.config.public_posts_per_minute)
    {
        return Err(AppError::RateLimited);
    }
    let (scope, a) = agency(&st, &slug).await?;
    let s = st.store.service(&scope, id).await?;
    if !s.active {
        return Err(AppError::NotFound);
    }
    let up = read_upload_ctx(&ctx, mp).await?;
    let mut errors: Vec<FieldError> = Vec::new();
    if !up.get(HONEYPOT).is_empty() {
        // a person never sees the field; a robot fills everything
        errors.push(FieldError::new(
            "form",
            "ส่งคำขอไม่สำเร็จ กรุณาลองใหม่",
            "The request could not be sent; please try again",
        ));
        return form_view(&ctx, &a, &s, &up.fields, &errors);
    }
    // photos go to the file store first; the answer keeps the file's hash
    let mut pairs: Vec<(String, String)> = up
        .fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("f_").map(|k| (k.to_string(), v.clone())))
        .collect();
    for f in s
        .form
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Photo))
    {
        let Some((name, bytes)) = up.files.get(&format!("f_{}", f.key)) else {
            continue;
        };
        match check_upload_max(name, bytes, st.config.max_upload_bytes as u64) {
            Ok((kind, _)) if kind.is_image() => {
                let sha = st
                    .blobs
                    .put(bytes.clone())
                    .await
                    .map_err(|e| AppError::Internal(format!("photo: {e}")))?;
                pairs.push((f.key.clone(), format!("sha256:{sha}")));
            }
            Ok(_) => errors.push(FieldError::new(
                f.key.clone(),
                "ไฟล์นี้ไม่ใช่รูปภาพ (รับ JPEG, PNG, GIF, WebP)",
                "This file is not a picture (JPEG, PNG, GIF, WebP)",
            )),
            Err(e) => errors.push(FieldError::new(f.key.clone(), e.th, e.en)),
        }
    }
    let answers = match s.form.parse_submission(&pairs) {
        Ok(a) => Some(a),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let contact = match Contact::parse(up.get("phone"), up.get("email")) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if up.get("consent") != "yes" {
        errors.push(FieldError::new(
            "consent",
            "กรุณาอ่านและยินยอมการเก็บข้อมูลส่วนบุคคลก่อนส่งคำขอ",
            "Please read and accept the personal data notice before sending",
        ));
    }
    let (Some(answers), Some(contact), true) = (answers, contact, errors.is_empty()) else {
        return form_view(&ctx, &a, &s, &up.fields, &errors);
    };
    let mut bytes = [0u8; 10];
    rand::thread_rng().fill_bytes(&mut bytes);
    let code = TrackingCode::from_random(bytes);
    let consent = match ctx.lang {
        Lang::Th => CONSENT_TH,
        Lang::En => CONSENT_EN,
    };
    match st
        .store
        .submit_request(&scope, s.id, answers, contact, consent, &code, today())
        .await
    {
        Ok(r) => {
            let mut res = render(&ReceiptPage {
                page: public_page(&ctx, &a, ctx.t("es.receipt")),
                slug: a.slug.clone(),
                service: s.name(ctx.lang).to_string(),
                code: code.grouped(),
                due: fmt_date(ctx.lang, r.due_on),
            })?;
            // the code is on this page only: never kept by a cache
            res.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(res)
        }
        Err(StoreError::Input(e)) => {
            errors.push(e.into());
            form_view(&ctx, &a, &s, &up.fields, &errors)
        }
        Err(e) => Err(e.into()),
    }
}

/// One step of the history as the citizen sees it.
pub struct EventView {
    pub date: String,
    pub state: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "eservice/track.html")]
struct TrackPage {
    page: Page,
    slug: String,
    code: String,
    error: String,
    found: Option<TrackView>,
    /// The satisfaction survey of a done request not rated yet (`survey::for_tracking`).
    survey: Option<super::survey::SurveyView>,
    /// A done request already rated.
    rated: bool,
}

pub struct TrackView {
    pub service: String,
    pub state: String,
    pub state_code: &'static str,
    pub received: String,
    pub due: String,
    pub late: bool,
    pub contact: String,
    pub events: Vec<EventView>,
}

fn track_view(lang: Lang, service: &str, r: &ServiceRequest, events: &[RequestEvent]) -> TrackView {
    TrackView {
        service: service.to_string(),
        state: r.state.label(lang).to_string(),
        state_code: r.state.code(),
        received: fmt_date(lang, r.received_on),
        due: fmt_date(lang, r.due_on),
        late: r.is_late(today()),
        contact: r.contact.masked(),
        events: events
            .iter()
            .map(|e| EventView {
                date: crate::view::fmt_datetime(lang, e.at),
                state: e.to.label(lang).to_string(),
                note: e.note.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

/// `GET /{agency}/eservice/track`
pub async fn track_form(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (_, a) = agency(&st, &slug).await?;
    render(&TrackPage {
        page: public_page(&ctx, &a, ctx.t("es.track")),
        slug: a.slug.clone(),
        code: String::new(),
        error: String::new(),
        found: None,
        survey: None,
        rated: false,
    })
}

#[derive(serde::Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    code: String,
}

/// `POST /{agency}/eservice/track`: the code goes in the body, never in an address (it would
/// stay in logs and histories).
pub async fn track(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    crate::ctx::CsrfForm(f): crate::ctx::CsrfForm<TrackForm>,
) -> Result<Response, AppError> {
    let (scope, a) = agency(&st, &slug).await?;
    let lang = ctx.lang;
    let page = public_page(&ctx, &a, ctx.t("es.track"));
    let refused = |error: String| {
        render_form(
            &TrackPage {
                page: page.clone(),
                slug: a.slug.clone(),
                code: f.code.chars().take(40).collect(),
                error,
                found: None,
                survey: None,
                rated: false,
            },
            true,
        )
    };
    // every lookup counts: a guesser gets a few tries a minute, then waits
    if !st
        .limiter
        .allow(ctx.client_ip, "eservice-track", TRACK_TRIES_PER_MINUTE)
    {
        return Err(AppError::RateLimited);
    }
    let code = match TrackingCode::parse(&f.code) {
        Ok(c) => c,
        Err(e) => return refused(e.message(lang).to_string()),
    };
    match st.store.request_by_code(&scope, &code).await? {
        Some((r, events)) => {
            let service = st
                .store
                .service(&scope, r.service_id)
                .await
                .map(|s| s.name(lang).to_string())
                .unwrap_or_default();
            // a done request is rated on the same page, once
            let survey = if r.state == prongsai_domain::eservice::RequestState::Done {
                super::survey::for_tracking(&st, &scope, lang, r.id, r.service_id, &service).await?
            } else {
                None
            };
            let rated =
                r.state == prongsai_domain::eservice::RequestState::Done && survey.is_none();
            let mut res = render(&TrackPage {
                page: page.clone(),
                slug: a.slug.clone(),
                code: code.grouped(),
                error: String::new(),
                found: Some(track_view(lang, &service, &r, &events)),
                survey,
                rated,
            })?;
            res.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(res)
        }
        None => refused(ctx.t("es.not_found").to_string()),
    }
}

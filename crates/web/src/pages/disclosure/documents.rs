//! Documents: uploading (checked by content, not by name; stored once by hash; text extracted
//! for search), the agency's library with search inside the files, and serving a file at its
//! stable address `/{agency}/files/{id}/{name}` (public documents to everyone, internal ones to
//! the agency's staff only).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use prongsai_docs::files::{check_upload_max, extract_text, FileKind};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::may_edit_line;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::InputError;
use prongsai_store::disclosure::{Document, DocumentMeta, NewDocument, NewEvidence, Target};
use prongsai_store::{AgencyScope, StoreError};
use serde::Deserialize;

use super::{human_size, CoverForm};
use crate::app::AppState;
use crate::ctx::{constant_time_eq, CsrfForm, Ctx, Staff};
use crate::error::AppError;
use crate::pages::NoFields;
use crate::view::{fmt_date, Errors, Page};

/// The address of a document's file; it never changes while the document exists.
pub fn file_href(slug: &str, d: &Document) -> String {
    format!(
        "/{slug}/files/{}/{}",
        d.id,
        crate::error::urlencode(&d.file_name)
    )
}

/// The fiscal year whose data a document holds.
pub(crate) fn data_year(d: &Document) -> Option<FiscalYear> {
    FiscalYear::new(d.fiscal_year?).ok()
}

/// The part of that year a document covers.
pub(crate) fn period(d: &Document) -> Option<prongsai_domain::calendar::Period> {
    data_year(d)?.period(d.period.as_deref()?)
}

/// A multipart form: its text fields, its file named `file`, and other file fields by name.
pub(crate) struct Upload {
    pub fields: HashMap<String, String>,
    pub file: Option<(String, Vec<u8>)>,
    /// Other file inputs (a service form's photos): field name → (file name, bytes).
    pub files: HashMap<String, (String, Vec<u8>)>,
}

impl Upload {
    pub fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
}

/// Most text fields and files read from one multipart form.
const MAX_UPLOAD_FIELDS: usize = 64;
const MAX_UPLOAD_FILES: usize = 8;

/// Read a multipart form and check its CSRF token. A body cut off mid-way or over the size
/// limit is refused as a whole: nothing of it is kept.
pub(crate) async fn read_upload(staff: &Staff, mp: Multipart) -> Result<Upload, AppError> {
    read_upload_ctx(&staff.ctx, mp).await
}

/// [`read_upload`] for any visitor (public forms: the pre-login CSRF token).
pub(crate) async fn read_upload_ctx(ctx: &Ctx, mut mp: Multipart) -> Result<Upload, AppError> {
    let mut fields = HashMap::new();
    let mut file = None;
    let mut files = HashMap::new();
    let too_large_or_bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest
        }
    };
    while let Some(field) = mp.next_field().await.map_err(too_large_or_bad)? {
        let name = field.name().unwrap_or("").to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(too_large_or_bad)?;
                if name == "file" {
                    file = Some((file_name, bytes.to_vec()));
                } else if files.len() < MAX_UPLOAD_FILES && !bytes.is_empty() {
                    files.insert(name, (file_name, bytes.to_vec()));
                }
            }
            None if fields.len() < MAX_UPLOAD_FIELDS => {
                let v = field.text().await.map_err(|_| AppError::BadRequest)?;
                fields.insert(name, v);
            }
            None => {}
        }
    }
    let up = Upload {
        fields,
        file,
        files,
    };
    if !constant_time_eq(up.get("csrf").as_bytes(), ctx.csrf.as_bytes()) {
        return Err(AppError::Csrf);
    }
    Ok(up)
}

/// Check an uploaded file, extract its text and store it with the form's metadata.
pub(crate) async fn store_upload(
    st: &AppState,
    staff: &Staff,
    scope: &AgencyScope,
    up: &Upload,
) -> Result<Result<Document, InputError>, AppError> {
    let Some((name, bytes)) = up.file.as_ref().filter(|(_, b)| !b.is_empty()) else {
        return Ok(Err(InputError::new(
            "file",
            "กรุณาเลือกไฟล์",
            "Please choose a file",
        )));
    };
    let (kind, safe_name) = match check_upload_max(name, bytes, st.config.max_upload_bytes as u64) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    let cover = CoverForm {
        data_year: up.get("data_year").to_owned(),
        period: up.get("period").to_owned(),
        published_on: up.get("published_on").to_owned(),
    };
    let (fiscal_year, period, published_on) = match cover.read() {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let title = match up.get("title").trim() {
        "" => safe_name
            .rsplit_once('.')
            .map(|(stem, _)| stem.to_owned())
            .unwrap_or_else(|| safe_name.clone()),
        t => t.to_owned(),
    };
    let bytes = bytes.clone();
    // text extraction is CPU work on up to 20 MB: off the async threads
    let (body, bytes) = tokio::task::spawn_blocking(move || {
        let body = extract_text(kind, &bytes).ok();
        (body, bytes)
    })
    .await
    .map_err(|e| AppError::Internal(format!("join: {e}")))?;
    let new = NewDocument {
        file_name: safe_name,
        kind: kind.extension().to_owned(),
        bytes,
        body,
        meta: DocumentMeta {
            title,
            unit_id: super::super::opt_id(up.get("unit_id")),
            fiscal_year,
            period,
            published_on,
            // public unless the form says internal
            public: up.get("internal").is_empty(),
        },
    };
    match st
        .store
        .add_document(scope, &staff.actor(), &st.blobs, new)
        .await
    {
        Ok((d, _)) => Ok(Ok(d)),
        Err(StoreError::Input(e)) => Ok(Err(e)),
        Err(e) => Err(e.into()),
    }
}

/// Upload a document and attach it to an item (multipart, in the uploads router).
pub async fn upload_to_item(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, code)): Path<(String, String)>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let up = read_upload(&staff, mp).await?;
    let (fw, scope) = super::editable_item(&st, &staff, &year, &code).await?;
    let doc = match store_upload(&st, &staff, &scope, &up).await? {
        Ok(d) => d,
        Err(e) => {
            return super::after_write(&st, &staff, fw, &code, Err(StoreError::Input(e))).await
        }
    };
    let new = NewEvidence {
        target: Target::Document(doc.id),
        label: doc.title.clone(),
        data_year: data_year(&doc),
        period: period(&doc),
        published_on: doc.published_on,
    };
    let res = st
        .store
        .add_evidence(&scope, &staff.actor(), fw.fiscal_year, &code, new)
        .await;
    super::after_write(&st, &staff, fw, &code, res.map(|_| ())).await
}

// ---------------------------------------------------------------------------------------------
// The library
// ---------------------------------------------------------------------------------------------

pub struct DocRow {
    pub id: i64,
    pub title: String,
    pub href: String,
    pub file: String,
    pub year: String,
    pub public: bool,
    pub added: String,
}

#[derive(Template)]
#[template(path = "disclosure/documents.html")]
struct LibraryPage {
    page: Page,
    q: String,
    rows: Vec<DocRow>,
    errors: Errors,
    may_upload: bool,
    years: Vec<i32>,
    max_mb: usize,
}

#[derive(Deserialize, Default)]
pub struct LibraryQuery {
    #[serde(default)]
    q: String,
    /// Set after a document was deleted (the flash message).
    deleted: Option<String>,
}

async fn library_view(
    st: &AppState,
    staff: &Staff,
    q: &str,
    errors: Errors,
) -> Result<Response, AppError> {
    library_view_flash(st, staff, q, errors, None).await
}

async fn library_view_flash(
    st: &AppState,
    staff: &Staff,
    q: &str,
    errors: Errors,
    flash: Option<&str>,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let slug = staff.agency_slug();
    let docs = st.store.documents(&scope, Some(q), None).await?;
    let rows = docs
        .iter()
        .map(|d| DocRow {
            id: d.id,
            title: d.title.clone(),
            href: file_href(&slug, d),
            file: format!("{} · {}", d.file_name, human_size(d.size)),
            year: d.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
            public: d.public,
            added: fmt_date(
                lang,
                d.created_at
                    .with_timezone(&crate::view::bangkok())
                    .date_naive(),
            ),
        })
        .collect();
    let current = FiscalYear::containing(crate::view::today()).be();
    crate::view::render_form(
        &LibraryPage {
            page: Page::staff(staff, "doc.title", "/staff/documents").with_flash(flash),
            q: q.to_owned(),
            rows,
            may_upload: staff.user.role().allows(Permission::EditOwnWork),
            years: (current - 5..=current + 1).rev().collect(),
            max_mb: st.config.max_upload_bytes / (1024 * 1024),
            errors: errors.clone(),
        },
        !errors.is_empty(),
    )
}

/// `/staff/documents?q=…`: the library, searched by the words inside the files.
pub async fn library(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<LibraryQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let flash = q.deleted.is_some().then_some("doc.deleted");
    library_view_flash(&st, &staff, q.q.trim(), Errors::default(), flash).await
}

/// Upload a document into the library (multipart, in the uploads router).
pub async fn upload_to_library(
    State(st): State<AppState>,
    staff: Staff,
    mp: Multipart,
) -> Result<Response, AppError> {
    staff.require(Permission::EditOwnWork)?;
    let up = read_upload(&staff, mp).await?;
    let scope = staff.scope()?;
    match store_upload(&st, &staff, &scope, &up).await? {
        Ok(_) => Ok(Redirect::to("/staff/documents").into_response()),
        Err(e) => library_view(&st, &staff, "", Errors::from_input(staff.ctx.lang, &e)).await,
    }
}

// ---------------------------------------------------------------------------------------------
// One document: its page, its details changed, its removal
// ---------------------------------------------------------------------------------------------

/// Who may change or delete a document. Whoever may change any OIT item (agency admins: the
/// `ManageAssessment` permission) may change any document of the agency; unit staff
/// (`EditOwnWork`) the documents of their own unit and those they uploaded themselves (an
/// upload to the library has no unit, so the uploader must still be able to fix it);
/// executives and viewers none. It is `may_edit_line` of the items, plus the uploader.
pub(crate) fn may_edit_document(staff: &Staff, d: &Document) -> bool {
    let role = staff.user.role();
    may_edit_line(role, staff.user.unit_id, d.unit_id)
        || (role.allows(Permission::EditOwnWork) && d.created_by == Some(staff.user.id))
}

/// What the edit form shows: the document's details, or what was sent when it was refused.
pub struct DocFields {
    pub title: String,
    pub unit_id: Option<i64>,
    pub data_year: String,
    pub period: String,
    pub published_on: String,
    pub public: bool,
}

impl DocFields {
    fn of(d: &Document) -> Self {
        Self {
            title: d.title.clone(),
            unit_id: d.unit_id,
            data_year: d.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
            period: d.period.clone().unwrap_or_default(),
            published_on: d.published_on.map(input_date).unwrap_or_default(),
            public: d.public,
        }
    }
}

/// A date as the forms take it: `15/01/2567` (day/month/BE year).
fn input_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year() + 543)
}

/// An item a document is attached to.
pub struct DocUse {
    pub year: i32,
    pub code: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "disclosure/document.html")]
struct DocumentPage {
    page: Page,
    id: i64,
    title: String,
    file_name: String,
    kind: String,
    size: String,
    uploaded: String,
    uploaded_by: String,
    sha256: String,
    sha_short: String,
    href: String,
    public: bool,
    unit: String,
    data: String,
    published: String,
    uses: Vec<DocUse>,
    may_edit: bool,
    form: DocFields,
    /// (id, name, selected)
    units: Vec<(i64, String, bool)>,
    /// (year, selected)
    years: Vec<(i32, bool)>,
    /// (code, label, selected)
    periods: Vec<(String, String, bool)>,
    errors: Errors,
}

/// The page of a document; `form` holds what was sent when it was refused.
async fn document_view(
    st: &AppState,
    staff: &Staff,
    d: &Document,
    form: Option<DocFields>,
    errors: Errors,
    flash: Option<&str>,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let slug = staff.agency_slug();
    let uses = st
        .store
        .document_uses(&scope, d.id)
        .await?
        .into_iter()
        .map(|(year, code)| DocUse {
            title: st
                .frameworks
                .get(year)
                .and_then(|fw| fw.item(&code))
                .map(|it| it.title_th.clone())
                .unwrap_or_default(),
            year,
            code,
        })
        .collect();
    let uploaded_by = match d.created_by {
        Some(u) => match st.store.user(&scope, u).await {
            Ok(u) => u.display_name,
            Err(StoreError::NotFound) => "–".to_owned(),
            Err(e) => return Err(e.into()),
        },
        None => staff.ctx.t("doc.by_system").to_owned(),
    };
    let units = st.store.list_units(&scope).await?;
    let unit = d
        .unit_id
        .and_then(|id| units.iter().find(|u| u.id == id))
        .map(|u| crate::view::unit_name(u, lang))
        .unwrap_or_else(|| "–".to_owned());
    let data = match (data_year(d), period(d)) {
        (_, Some(p)) => super::period_label(lang, &p),
        (Some(y), None) => y.be().to_string(),
        (None, None) => staff.ctx.t("dc.standing").to_owned(),
    };
    let form = form.unwrap_or_else(|| DocFields::of(d));
    // the years the upload form offers, and the document's own
    let current = FiscalYear::containing(crate::view::today());
    let chosen = prongsai_domain::calendar::to_ascii_digits(form.data_year.trim())
        .parse::<FiscalYear>()
        .ok();
    let mut years: Vec<i32> = (current.be() - 5..=current.be() + 1).collect();
    years.extend(d.fiscal_year);
    years.extend(chosen.map(|y| y.be()));
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    // a period code means the same part of any year; the labels are those of the chosen year
    let label_year = chosen.or(data_year(d)).unwrap_or(current);
    let mut page = Page::staff(staff, "doc.title", "/staff/documents").with_flash(flash);
    page.title = d.title.clone();
    crate::view::render_form(
        &DocumentPage {
            page,
            id: d.id,
            title: d.title.clone(),
            file_name: d.file_name.clone(),
            kind: d.kind.to_uppercase(),
            size: human_size(d.size),
            uploaded: crate::view::fmt_datetime(lang, d.created_at),
            uploaded_by,
            sha_short: d.sha256.chars().take(12).collect(),
            sha256: d.sha256.clone(),
            href: file_href(&slug, d),
            public: d.public,
            unit,
            data,
            published: d
                .published_on
                .map(|x| fmt_date(lang, x))
                .unwrap_or_else(|| "–".to_owned()),
            uses,
            may_edit: may_edit_document(staff, d),
            units: units
                .iter()
                .map(|u| {
                    (
                        u.id,
                        crate::view::unit_name(u, lang),
                        form.unit_id == Some(u.id),
                    )
                })
                .collect(),
            years: years
                .into_iter()
                .map(|y| (y, chosen.map(|c| c.be()) == Some(y)))
                .collect(),
            periods: super::period_choices(lang, label_year)
                .into_iter()
                .map(|(code, label)| {
                    let sel = code == form.period.trim();
                    (code, label, sel)
                })
                .collect(),
            form,
            errors: errors.clone(),
        },
        !errors.is_empty(),
    )
}

#[derive(Deserialize, Default)]
pub struct DocumentQuery {
    /// Set after a save (the flash message).
    saved: Option<String>,
}

/// `/staff/documents/{id}`: a document's details, the items it is attached to, and (for
/// those who may change it) the form of its details and the delete button.
pub async fn document_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DocumentQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let d = st.store.document(&scope, id).await?;
    let flash = q.saved.is_some().then_some("settings.saved");
    document_view(&st, &staff, &d, None, Errors::default(), flash).await
}

/// The document named in a URL, refused unless the user may change it.
async fn editable_document(
    st: &AppState,
    staff: &Staff,
    id: i64,
) -> Result<(AgencyScope, Document), AppError> {
    staff.require(Permission::EditOwnWork)?;
    let scope = staff.scope()?;
    let d = st.store.document(&scope, id).await?;
    if !may_edit_document(staff, &d) {
        return Err(AppError::Forbidden);
    }
    Ok((scope, d))
}

/// The details form of a document.
#[derive(Deserialize)]
pub struct DocumentForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    unit_id: String,
    /// Set when the document is internal (not published).
    #[serde(default)]
    internal: String,
    #[serde(flatten)]
    cover: CoverForm,
}

/// Save a document's details (not its bytes).
pub async fn document_update(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<DocumentForm>,
) -> Result<Response, AppError> {
    let (scope, d) = editable_document(&st, &staff, id).await?;
    let lang = staff.ctx.lang;
    let sent = DocFields {
        title: f.title.clone(),
        unit_id: super::super::opt_id(&f.unit_id),
        data_year: f.cover.data_year.clone(),
        period: f.cover.period.clone(),
        published_on: f.cover.published_on.clone(),
        public: f.internal.is_empty(),
    };
    let (fiscal_year, period, published_on) = match f.cover.read() {
        Ok(c) => c,
        Err(e) => {
            let errors = Errors::from_input(lang, &e);
            return document_view(&st, &staff, &d, Some(sent), errors, None).await;
        }
    };
    let meta = DocumentMeta {
        title: f.title,
        unit_id: sent.unit_id,
        fiscal_year,
        period,
        published_on,
        public: sent.public,
    };
    match st
        .store
        .update_document(&scope, &staff.actor(), id, meta)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/documents/{id}?saved=1")).into_response()),
        Err(StoreError::Input(e)) => {
            let errors = Errors::from_input(lang, &e);
            document_view(&st, &staff, &d, Some(sent), errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Delete a document no item uses (refused with the reason while one does).
pub async fn document_delete(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let (scope, d) = editable_document(&st, &staff, id).await?;
    // Only the row goes. The bytes stay in the blob store on purpose: blobs are kept once by
    // hash for the whole installation, so another agency's document (or this agency's next
    // upload of the same file) may be the same blob, and the audit log still names the hash.
    // A blob no row points at is harmless.
    match st.store.delete_document(&scope, &staff.actor(), id).await {
        Ok(()) => Ok(Redirect::to("/staff/documents?deleted=1").into_response()),
        Err(StoreError::Input(e)) => {
            let errors = Errors::from_input(staff.ctx.lang, &e);
            document_view(&st, &staff, &d, None, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Serving files
// ---------------------------------------------------------------------------------------------

/// `/{agency}/files/{id}/{name}`: the file. Public documents for everyone (cached, with an
/// ETag); internal ones only for the agency's own staff.
pub async fn serve_file(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id, _name)): Path<(String, i64, String)>,
) -> Result<Response, AppError> {
    let Some((scope, _)) = st.store.agency_by_slug(&slug).await? else {
        return Err(AppError::NotFound);
    };
    let d = st.store.document(&scope, id).await?;
    if !d.public {
        let own = Staff::from_ctx(&ctx).is_some_and(|s| s.scope == Some(scope));
        if !own {
            return Err(AppError::NotFound);
        }
    }
    let etag = format!("\"{}\"", d.sha256);
    let cache = if d.public {
        "public, max-age=300"
    } else {
        "private, no-store"
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        return Ok(res);
    }
    let bytes =
        st.blobs.get(&d.sha256).await.map_err(|e| {
            AppError::Internal(format!("blob {} of document {}: {e}", d.sha256, d.id))
        })?;
    let kind = FileKind::from_extension(&d.kind);
    let mime = kind
        .map(FileKind::mime)
        .unwrap_or("application/octet-stream");
    // documents open in the browser when it can show them; office files download
    let disposition = match kind {
        Some(FileKind::Docx | FileKind::Xlsx) | None => "attachment",
        _ => "inline",
    };
    let ascii: String = d
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::error::urlencode(&d.file_name)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // an uploaded file is never a page of this site
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; object-src 'self'; img-src 'self'; style-src 'unsafe-inline'",
        ),
    );
    Ok(res)
}

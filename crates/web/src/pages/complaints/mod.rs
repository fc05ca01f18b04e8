//! Complaints (เรื่องร้องเรียน): the public channel (`/{agency}/complaints`: the corruption and
//! misconduct form, anonymous by default, and the general complaints/suggestions form; the
//! receipt; following a case by its receipt code, with messages and files both ways), the
//! staff register (`/staff/complaints`: cases from every channel, recording phone, letter and
//! walk-in cases, the workflow, the two-person release of a reporter's contact details, the
//! designated handlers), and the statistics (`/{agency}/complaints/stats`, CSV and XLSX),
//! which attach themselves to the OIT items ([`attach_complaints`]).
//!
//! Who sees what: corruption cases only designated handlers (anyone else gets 404); general
//! complaints and suggestions every staff member who may view the dashboard; only designated
//! handlers work on cases (take up, reply, close, assign, ask for contact details); any staff
//! member who edits their own work may record a case received by phone, letter or in person.
//!
//! Abuse of the public side: posts limited per address in memory (never stored), a honeypot
//! field, text and file limits, HTML always shown as text, receipt codes of 125 bits looked
//! up by hash, and wrong codes locked out per address (in memory) after
//! [`CODE_FAILURES_ALLOWED`] tries in [`CODE_WINDOW`]. Nothing logs the code or the address
//! on these routes.

pub mod public;
pub mod staff;
pub mod stats;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::routing::{get, post};
use axum::Router;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{FrameworkSet, Product};
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use crate::app::AppState;

/// Public routes (under `/{agency}/…`).
pub fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/{agency}/complaints", get(public::channel))
        .route("/{agency}/complaints/new", get(public::form))
        .route(
            "/{agency}/complaints/follow",
            get(public::follow_form).post(public::follow),
        )
        .route(
            "/{agency}/complaints/follow/file",
            post(public::follow_file),
        )
        .route("/{agency}/complaints/stats", get(stats::public_stats))
        .route("/{agency}/complaints/stats/{file}", get(stats::stats_file))
}

/// Staff routes (nested under `/staff`).
pub fn staff_routes() -> Router<AppState> {
    Router::new()
        .route("/complaints", get(staff::list))
        .route("/complaints/record", post(staff::record))
        .route(
            "/complaints/handlers",
            get(staff::handlers).post(staff::set_handler),
        )
        .route("/complaints/stats", get(stats::staff_stats))
        .route("/complaints/{id}", get(staff::case_page))
        .route("/complaints/{id}/move", post(staff::move_case))
        .route("/complaints/{id}/assign", post(staff::assign))
        .route("/complaints/{id}/release", post(staff::request_release))
        .route(
            "/complaints/{id}/release/{rid}",
            post(staff::decide_release),
        )
        .route("/complaints/{id}/files/{fid}", get(staff::file))
}

/// Routes whose bodies may carry files (the documents' body limit applies); full paths.
pub fn upload_routes() -> Router<AppState> {
    Router::new()
        .route("/{agency}/complaints/submit", post(public::submit))
        .route(
            "/{agency}/complaints/follow/reply",
            post(public::follow_reply),
        )
        .route("/staff/complaints/{id}/message", post(staff::message))
}

// ---------------------------------------------------------------------------------------------
// Receipt code lock-out (in memory only)
// ---------------------------------------------------------------------------------------------

/// Wrong receipt codes an address may try within [`CODE_WINDOW`] before it is locked out for
/// the rest of the window.
pub const CODE_FAILURES_ALLOWED: u32 = 10;
/// The window of [`CODE_FAILURES_ALLOWED`].
pub const CODE_WINDOW: Duration = Duration::from_secs(10 * 60);

type LockKey = (usize, IpAddr);

fn failures() -> &'static Mutex<HashMap<LockKey, (Instant, u32)>> {
    static MAP: OnceLock<Mutex<HashMap<LockKey, (Instant, u32)>>> = OnceLock::new();
    MAP.get_or_init(Default::default)
}

/// The key of an address within one server (the limiter's address tells servers apart, so
/// tests running side by side do not lock each other out).
fn lock_key(st: &AppState, ip: IpAddr) -> LockKey {
    (std::sync::Arc::as_ptr(&st.limiter) as usize, ip)
}

/// Whether the address is locked out now.
pub(crate) fn code_locked(st: &AppState, ip: IpAddr) -> bool {
    let mut map = failures().lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    map.retain(|_, (start, _)| now.duration_since(*start) < CODE_WINDOW);
    map.get(&lock_key(st, ip))
        .is_some_and(|(_, n)| *n >= CODE_FAILURES_ALLOWED)
}

/// Count a wrong (or malformed) code of the address.
pub(crate) fn code_failed(st: &AppState, ip: IpAddr) {
    let mut map = failures().lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    let e = map.entry(lock_key(st, ip)).or_insert((now, 0));
    if now.duration_since(e.0) >= CODE_WINDOW {
        *e = (now, 0);
    }
    e.1 = e.1.saturating_add(1);
}

// ---------------------------------------------------------------------------------------------
// OIT items
// ---------------------------------------------------------------------------------------------

/// The public address of the statistics of a year.
pub fn stats_href(slug: &str, year: FiscalYear) -> String {
    format!("/{slug}/complaints/stats?year={}", year.be())
}

/// Attach the complaint channel (`/{slug}/complaints`, [`Product::ComplaintChannel`]) and the
/// statistics page of `year` ([`Product::ComplaintStats`]) to the items of the year's
/// framework that ask for them. Returns how many attachments were made or refreshed (an
/// unchanged one writes nothing). Years without a framework get nothing.
pub async fn attach_complaints(
    store: &Store,
    frameworks: &FrameworkSet,
    scope: &AgencyScope,
    actor: &Actor,
    slug: &str,
    year: FiscalYear,
) -> Result<usize, StoreError> {
    let Some(fw) = frameworks.get(year.be()) else {
        return Ok(0);
    };
    let mut n = 0;
    for it in fw.items_produced_by(Product::ComplaintChannel) {
        store
            .attach_auto(
                scope,
                actor,
                year,
                &it.code,
                "complaints:channel",
                NewEvidence {
                    target: Target::Page(format!("/{slug}/complaints")),
                    label: "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ (แจ้งได้โดยไม่ต้องเปิดเผยตัวตน และติดตามผลด้วยรหัสรับเรื่อง)".into(),
                    data_year: None,
                    period: None,
                    published_on: None,
                },
            )
            .await?;
        n += 1;
    }
    for it in fw.items_produced_by(Product::ComplaintStats) {
        store
            .attach_auto(
                scope,
                actor,
                year,
                &it.code,
                "complaints:stats",
                NewEvidence {
                    target: Target::Page(stats_href(slug, year)),
                    label: format!(
                        "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. {} (รายเดือน ดาวน์โหลด CSV/XLSX ได้)",
                        year.be()
                    ),
                    data_year: Some(year),
                    period: Some(year.whole()),
                    published_on: None,
                },
            )
            .await?;
        n += 1;
    }
    Ok(n)
}

/// [`attach_complaints`] for the current fiscal year and the one before, after a change of
/// the register. A failure does not undo the change: it is logged, and the next change tries
/// again.
pub(crate) async fn publish(st: &AppState, scope: &AgencyScope, slug: &str) {
    let actor = Actor::system("complaints");
    for year in crate::pages::disclosure::auto::recent_years(crate::view::today()) {
        if let Err(e) =
            attach_complaints(&st.store, &st.frameworks, scope, &actor, slug, year).await
        {
            tracing::error!(error = %e, year = year.be(), "attaching the complaint pages to their OIT items failed");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------------------------

/// A file of a case as the browser gets it: nosniff (set for every response), a CSP that
/// runs nothing, never cached, always downloaded.
pub(crate) fn file_response(name: &str, kind: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    use axum::response::IntoResponse;
    use prongsai_docs::files::FileKind;
    let mime = FileKind::from_extension(kind)
        .map(FileKind::mime)
        .unwrap_or("application/octet-stream");
    let ascii: String = name
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
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::error::urlencode(name)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    res
}

/// Check the files of a multipart form (fields `file1`…`file3`): at most
/// [`MAX_FILES`](prongsai_domain::complaints::MAX_FILES), each at most
/// [`MAX_FILE_BYTES`](prongsai_domain::complaints::MAX_FILE_BYTES), checked by content;
/// then put in the blob store. Returns the files, or the Thai/English messages of those
/// refused (nothing is stored then). With `neutral_names` (a reporter's uploads) the names
/// the reporter's device gave the files (`IMG_somchai.jpg`) are replaced by `หลักฐาน-N.ext`.
pub(crate) async fn take_files(
    st: &AppState,
    up: &crate::pages::disclosure::documents::Upload,
    neutral_names: bool,
) -> Result<
    Result<Vec<prongsai_store::complaints::NewFile>, Vec<prongsai_domain::eservice::FieldError>>,
    crate::error::AppError,
> {
    use prongsai_domain::complaints::{MAX_FILES, MAX_FILE_BYTES};
    use prongsai_domain::eservice::FieldError;
    let mut errors = Vec::new();
    let mut names: Vec<&String> = up.files.keys().collect();
    names.sort();
    if names.len() > MAX_FILES || up.file.is_some() {
        errors.push(FieldError::new(
            "files",
            format!("แนบไฟล์ได้ไม่เกิน {MAX_FILES} ไฟล์"),
            format!("At most {MAX_FILES} files may be attached"),
        ));
        return Ok(Err(errors));
    }
    let mut checked = Vec::new();
    for key in names {
        let Some((name, bytes)) = up.files.get(key) else {
            continue;
        };
        match prongsai_docs::files::check_upload_max(name, bytes, MAX_FILE_BYTES) {
            Ok((kind, safe)) => checked.push((kind, safe, bytes)),
            Err(e) => errors.push(FieldError::new(
                "files",
                format!("{}: {}", name.chars().take(80).collect::<String>(), e.th),
                format!("{}: {}", name.chars().take(80).collect::<String>(), e.en),
            )),
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut out = Vec::new();
    for (i, (kind, safe, bytes)) in checked.into_iter().enumerate() {
        let safe = if neutral_names {
            format!("หลักฐาน-{}.{}", i + 1, kind.extension())
        } else {
            safe
        };
        let sha = st
            .blobs
            .put(bytes.clone())
            .await
            .map_err(|e| crate::error::AppError::Internal(format!("complaint file: {e}")))?;
        out.push(prongsai_store::complaints::NewFile {
            sha256: sha,
            file_name: safe,
            kind: kind.extension().to_owned(),
            size: bytes.len() as u64,
        });
    }
    Ok(Ok(out))
}

//! The acknowledged integrity reports at their public addresses:
//!
//! * `/{agency}/integrity/{year}/{kind}.pdf|docx|xlsx` — a kind's activities
//!   (`nogift.culture`, `ethics.activities`, `integrity.participation`);
//! * `/{agency}/gifts/{year}.pdf|docx|xlsx|csv` — the gifts register's report.
//!
//! Only the newest acknowledged version is published, rendered from the content frozen when it
//! was submitted (what the public reads is what the executive signed); before that: 404. A
//! rendered file is kept in the page cache for the agency's audit position (every sign-off moves
//! it).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use prongsai_docs::reports::integrity::{Acknowledgement, IntegrityDoc};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::integrity::{ActivityKind, ActivityReport, GiftReport};
use prongsai_store::AgencyScope;
use serde::Deserialize;

use super::Report;
use crate::app::AppState;
use crate::error::AppError;
use crate::pages::blocking;
use crate::view::{file_response, Disposition};

/// How long caches may keep a published file.
const CACHE: &str = "public, max-age=300";
const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{agency}/integrity/{year}/{file}", get(activity_file))
        .route("/{agency}/gifts/{file}", get(gift_file))
}

/// The fiscal year of an address: four ASCII digits only (one address per year).
fn year_of(s: &str) -> Option<FiscalYear> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `ethics.activities.pdf` → the kind and the extension.
pub fn parse_activity_file(file: &str) -> Option<(ActivityKind, &'static str)> {
    let (kind, ext) = file.rsplit_once('.')?;
    let ext = ["pdf", "docx", "xlsx"].into_iter().find(|e| *e == ext)?;
    Some((ActivityKind::parse(kind)?, ext))
}

/// `2565.csv` → the year and the extension.
pub fn parse_gift_file(file: &str) -> Option<(FiscalYear, &'static str)> {
    let (year, ext) = file.rsplit_once('.')?;
    let ext = ["pdf", "docx", "xlsx", "csv"]
        .into_iter()
        .find(|e| *e == ext)?;
    Some((year_of(year)?, ext))
}

/// `?digits=arabic` for Arabic digits in a PDF or DOCX.
#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    digits: Option<String>,
}

async fn agency(st: &AppState, slug: &str) -> Result<AgencyScope, AppError> {
    Ok(st
        .store
        .agency_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?
        .0)
}

fn respond(bytes: Vec<u8>, ext: &str, stem: &str) -> Response {
    let (mime, how) = match ext {
        "pdf" => ("application/pdf", Disposition::Inline),
        "docx" => (DOCX_MIME, Disposition::Attachment),
        "xlsx" => (XLSX_MIME, Disposition::Attachment),
        _ => ("text/csv; charset=utf-8", Disposition::Inline),
    };
    file_response(bytes, mime, how, &format!("{stem}.{ext}"), CACHE)
}

/// The bytes of `doc` as `ext`.
pub(crate) async fn render(doc: IntegrityDoc, ext: &'static str) -> Result<Vec<u8>, AppError> {
    match ext {
        "pdf" => blocking(move || doc.pdf()).await,
        "docx" => blocking(move || doc.docx()).await,
        "xlsx" => blocking(move || doc.xlsx()).await,
        _ => match doc.csv() {
            Some(r) => r
                .map(String::into_bytes)
                .map_err(|e| AppError::Internal(e.to_string())),
            None => Err(AppError::NotFound),
        },
    }
}

/// The published document of `report` of `year`, from its newest acknowledged version.
async fn published(
    st: &AppState,
    scope: &AgencyScope,
    report: Report,
    year: FiscalYear,
    ext: &'static str,
    digits: Digits,
) -> Result<(Vec<u8>, String), AppError> {
    let signed = st
        .store
        .acknowledged_signed(scope, report.key(year))
        .await?
        .ok_or(AppError::NotFound)?;
    let (signer, on) = crate::pages::signoff::signature(st, scope, &signed).await?;
    let ack = on.map(|on| Acknowledgement {
        by: signer.map(|s| s.name).unwrap_or_default(),
        on,
        version: signed.version,
    });
    let doc = match report {
        Report::Activities(_) => {
            let content: ActivityReport = signed.content()?.ok_or(AppError::NotFound)?;
            IntegrityDoc::activities(&content, ack.as_ref(), digits)
        }
        Report::Gifts => {
            let content: GiftReport = signed.content()?.ok_or(AppError::NotFound)?;
            IntegrityDoc::gifts(&content, ack.as_ref(), digits)
        }
    };
    let stem = doc.file_stem().to_owned();
    Ok((render(doc, ext).await?, stem))
}

async fn serve(
    st: &AppState,
    scope: &AgencyScope,
    report: Report,
    year: FiscalYear,
    ext: &'static str,
    q: &FileQuery,
) -> Result<Response, AppError> {
    // official documents in Thai digits; open data (XLSX, CSV) in Arabic digits
    let digits = if q.digits.as_deref() == Some("arabic") || matches!(ext, "xlsx" | "csv") {
        Digits::Arabic
    } else {
        Digits::Thai
    };
    let key = format!(
        "integrity-file:{}:{}:{}:{ext}:{digits:?}",
        scope.agency_id(),
        report.code(),
        year.be()
    );
    // the position is read before the data: a kept file is never older than its position
    let position = st.store.audit_position(scope).await?.to_string();
    let stem = match report {
        Report::Activities(k) => format!("{}-{}", k.code().replace('.', "-"), year.be()),
        Report::Gifts => format!("gifts-{}", year.be()),
    };
    if let Some(kept) = st.pages.get(&key, &position) {
        return Ok(respond(kept.body.to_vec(), ext, &stem));
    }
    let (bytes, stem) = published(st, scope, report, year, ext, digits).await?;
    st.pages.put(key, position, bytes.clone().into());
    Ok(respond(bytes, ext, &stem))
}

/// `GET /{agency}/integrity/{year}/{kind}.{pdf|docx|xlsx}`
pub async fn activity_file(
    State(st): State<AppState>,
    Path((slug, year, file)): Path<(String, String, String)>,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let scope = agency(&st, &slug).await?;
    let year = year_of(&year).ok_or(AppError::NotFound)?;
    let (kind, ext) = parse_activity_file(&file).ok_or(AppError::NotFound)?;
    serve(&st, &scope, Report::Activities(kind), year, ext, &q).await
}

/// `GET /{agency}/gifts/{year}.{pdf|docx|xlsx|csv}`
pub async fn gift_file(
    State(st): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let scope = agency(&st, &slug).await?;
    let (year, ext) = parse_gift_file(&file).ok_or(AppError::NotFound)?;
    serve(&st, &scope, Report::Gifts, year, ext, &q).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            parse_activity_file("nogift.culture.pdf"),
            Some((ActivityKind::NoGiftCulture, "pdf"))
        );
        assert_eq!(
            parse_activity_file("integrity.participation.xlsx"),
            Some((ActivityKind::ExecutiveParticipation, "xlsx"))
        );
        for bad in [
            "nogift.report.pdf",
            "ethics.activities.csv",
            "ethics.activities",
            "ethics.pdf",
            "",
        ] {
            assert_eq!(parse_activity_file(bad), None, "{bad}");
        }
        assert_eq!(
            parse_gift_file("2565.csv"),
            Some((FiscalYear::new(2565).unwrap(), "csv"))
        );
        for bad in ["๒๕๖๕.pdf", "2565.exe", "02565.pdf", "2565", "1000.pdf"] {
            assert_eq!(parse_gift_file(bad), None, "{bad}");
        }
    }
}

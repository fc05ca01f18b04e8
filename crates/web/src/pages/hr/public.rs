//! The HR reports at public addresses: `/{agency}/hr/{year}/{half|year}.{pdf|docx|xlsx}`, the
//! newest version the executive acknowledged, rendered from its frozen content (what the public
//! sees is what was signed). Before any acknowledgement, and for anything else, the Thai 404
//! page. PDF and DOCX in Thai digits unless `?digits=arabic`; XLSX in Arabic digits.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use prongsai_docs::reports::hr::HrDoc;
use prongsai_docs::reports::procurement::{DOCX_MIME, XLSX_MIME};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::hr::HrReport;
use prongsai_domain::measures::RoundPeriod;
use prongsai_store::hr::sign_key;
use serde::Deserialize;

use crate::app::AppState;
use crate::error::AppError;
use crate::pages::blocking;
use crate::view::{file_response, today, Disposition};

/// How long caches may keep a generated file.
const CACHE: &str = "public, max-age=300";

pub fn routes() -> Router<AppState> {
    Router::new().route("/{agency}/hr/{year}/{file}", get(report_file))
}

/// The address of a report: `/{slug}/hr/2566/half.pdf`.
pub fn file_href(slug: &str, year: FiscalYear, period: RoundPeriod, ext: &str) -> String {
    format!("/{slug}/hr/{}/{}.{ext}", year.be(), period.code())
}

/// `half.pdf` → (Half, "pdf"); `year.xlsx`. Anything else: `None`.
fn parse_file(file: &str) -> Option<(RoundPeriod, &'static str)> {
    let (stem, ext) = file.rsplit_once('.')?;
    let period = RoundPeriod::parse(stem)?;
    let ext = ["pdf", "docx", "xlsx"].into_iter().find(|e| *e == ext)?;
    Some((period, ext))
}

#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    digits: Option<String>,
}

/// The bytes of `doc` as `ext`, on a blocking thread.
pub(super) async fn render(doc: HrDoc, ext: &'static str) -> Result<Vec<u8>, AppError> {
    match ext {
        "pdf" => blocking(move || doc.pdf()).await,
        "docx" => blocking(move || doc.docx()).await,
        _ => blocking(move || doc.xlsx()).await,
    }
}

/// The response for a report file.
pub(super) fn respond(bytes: Vec<u8>, ext: &str, stem: &str) -> Response {
    let (mime, how) = match ext {
        "pdf" => ("application/pdf", Disposition::Inline),
        "docx" => (DOCX_MIME, Disposition::Attachment),
        _ => (XLSX_MIME, Disposition::Attachment),
    };
    file_response(bytes, mime, how, &format!("{stem}.{ext}"), CACHE)
}

/// `GET /{agency}/hr/{year}/{file}`. A rendered file is kept in the page cache for the
/// agency's audit position (a new version signed moves it).
pub async fn report_file(
    State(st): State<AppState>,
    Path((slug, year, file)): Path<(String, String, String)>,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let (scope, agency) = st
        .store
        .agency_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let fy = super::parse_year(&year)?;
    let (period, ext) = parse_file(&file).ok_or(AppError::NotFound)?;
    let digits = if q.digits.as_deref() == Some("arabic") || ext == "xlsx" {
        Digits::Arabic
    } else {
        Digits::Thai
    };
    let position = st.store.audit_position(&scope).await?.to_string();
    let signed = st
        .store
        .acknowledged_signed(&scope, sign_key(fy, period))
        .await?
        .ok_or(AppError::NotFound)?;
    let report: HrReport = signed.content()?.ok_or(AppError::NotFound)?;
    let stem = prongsai_docs::reports::hr::file_stem(&report);
    let key = format!(
        "hr-file:{}:{}:{file}:{digits:?}",
        scope.agency_id(),
        signed.id
    );
    if let Some(kept) = st.pages.get(&key, &position) {
        return Ok(respond(kept.body.to_vec(), ext, &stem));
    }
    let signed_on = signed.acknowledged_on().unwrap_or_else(today);
    let doc = HrDoc::new(&agency.name_th, &report, digits, signed_on);
    let bytes = render(doc, ext).await?;
    st.pages.put(key, position, bytes.clone().into());
    Ok(respond(bytes, ext, &stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(parse_file("half.pdf"), Some((RoundPeriod::Half, "pdf")));
        assert_eq!(parse_file("year.xlsx"), Some((RoundPeriod::Year, "xlsx")));
        for bad in [
            "half",
            "year.csv",
            "quarter.pdf",
            ".pdf",
            "half.pdf.pdf",
            "HALF.pdf",
        ] {
            assert_eq!(parse_file(bad), None, "{bad}");
        }
        let y = FiscalYear::new(2566).unwrap();
        assert_eq!(
            file_href("krathok", y, RoundPeriod::Half, "pdf"),
            "/krathok/hr/2566/half.pdf"
        );
    }
}

//! The measures documents as the public reads them, at addresses that the OIT items point to:
//! `/{agency}/measures/{year}/report.{pdf|docx|xlsx|csv}` (the measures document, O42 style)
//! and `/{agency}/measures/{year}/rounds/{id}/report.{…}` (an implementation report, O43
//! style — only once the executive has acknowledged it: what is published is what was signed).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::RoundState;

use super::{send_report, DigitsQuery};
use crate::app::AppState;
use crate::error::AppError;

/// `report.pdf` → `pdf`.
fn format_of(file: &str) -> Result<&'static str, AppError> {
    match file {
        "report.pdf" => Ok("pdf"),
        "report.docx" => Ok("docx"),
        "report.xlsx" => Ok("xlsx"),
        "report.csv" => Ok("csv"),
        _ => Err(AppError::NotFound),
    }
}

fn public_cache(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    res
}

async fn agency_year(
    st: &AppState,
    slug: &str,
    year: &str,
) -> Result<(prongsai_store::AgencyScope, FiscalYear), AppError> {
    let (scope, _) = st
        .store
        .agency_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let fy: FiscalYear = year.parse().map_err(|_| AppError::NotFound)?;
    Ok((scope, fy))
}

/// The address of the public measures document of a year.
pub fn plan_href(slug: &str, year: FiscalYear) -> String {
    format!("/{slug}/measures/{}/report.pdf", year.be())
}

/// The address of a round's public report.
pub fn round_href(slug: &str, year: FiscalYear, round_id: i64) -> String {
    format!(
        "/{slug}/measures/{}/rounds/{round_id}/report.pdf",
        year.be()
    )
}

/// `/{agency}/measures/{year}/report.{…}`.
pub async fn plan(
    State(st): State<AppState>,
    Path((slug, year, file)): Path<(String, String, String)>,
    Query(q): Query<DigitsQuery>,
) -> Result<Response, AppError> {
    let format = format_of(&file)?;
    let (scope, fy) = agency_year(&st, &slug, &year).await?;
    let doc = st
        .store
        .measures_document(&scope, fy)
        .await?
        .ok_or(AppError::NotFound)?;
    send_report(doc, false, &q, format, &format!("o42-{}", fy.be()))
        .await
        .map(public_cache)
}

/// `/{agency}/measures/{year}/rounds/{id}/report.{…}`: acknowledged rounds only.
pub async fn round(
    State(st): State<AppState>,
    Path((slug, year, id, file)): Path<(String, String, i64, String)>,
    Query(q): Query<DigitsQuery>,
) -> Result<Response, AppError> {
    let format = format_of(&file)?;
    let (scope, fy) = agency_year(&st, &slug, &year).await?;
    let round = st.store.report_round(&scope, id).await?;
    if round.fiscal_year != fy.be() || round.state() != RoundState::Acknowledged {
        return Err(AppError::NotFound);
    }
    let doc = st.store.round_document(&scope, &round).await?;
    let name = format!(
        "o43-{}-{}-v{}",
        fy.be(),
        round.period().code(),
        round.version
    );
    send_report(doc, true, &q, format, &name)
        .await
        .map(public_cache)
}

//! Procurement as OCDS open data: the release package of an agency's fiscal year at
//! `GET /api/v1/agencies/{agency}/procurement/{year}/ocds.json` (see `docs::ocds` for what
//! each release holds). 404 for an unknown agency, a malformed year, or a year without
//! records (an OCDS package holds at least one release).
//!
//! The ocid prefix is [`PLACEHOLDER_OCID_PREFIX`] unless the environment variable
//! `PRONGSAI_OCDS_PREFIX` gives the installation's registered one (`ocds-` and six letters or
//! digits; anything else is ignored).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use prongsai_docs::ocds::{
    release_package, to_json, PackageInfo, PackageRecord, PLACEHOLDER_OCID_PREFIX,
};
use prongsai_domain::calendar::FiscalYear;

use crate::app::AppState;
use crate::error::AppError;
use crate::view::{file_response, Disposition};

/// The public routes of the OCDS data.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/v1/agencies/{agency}/procurement/{year}/ocds.json",
        get(package),
    )
}

/// The address of a year's package.
pub fn ocds_href(slug: &str, year: FiscalYear) -> String {
    format!(
        "/api/v1/agencies/{slug}/procurement/{}/ocds.json",
        year.be()
    )
}

/// The installation's ocid prefix: `PRONGSAI_OCDS_PREFIX` when it is well formed, else the
/// placeholder.
pub fn ocid_prefix() -> String {
    std::env::var("PRONGSAI_OCDS_PREFIX")
        .ok()
        .filter(|p| valid_prefix(p))
        .unwrap_or_else(|| PLACEHOLDER_OCID_PREFIX.to_owned())
}

/// `ocds-` and six ASCII letters or digits.
fn valid_prefix(p: &str) -> bool {
    p.strip_prefix("ocds-")
        .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `GET /api/v1/agencies/{agency}/procurement/{year}/ocds.json`.
async fn package(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((slug, year)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (scope, agency) = st
        .store
        .agency_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let fy: FiscalYear = year.parse().map_err(|_| AppError::NotFound)?;
    let records = st.store.procurements_of_year(&scope, fy).await?;
    let Some(published) = records.iter().map(|r| r.updated_at).max() else {
        return Err(AppError::NotFound);
    };
    let base = crate::pages::api::base_url(&st, &headers);
    let info = PackageInfo {
        uri: format!("{base}{}", ocds_href(&agency.slug, fy)),
        ocid_prefix: ocid_prefix(),
        published,
        agency_slug: agency.slug.clone(),
        agency_name: agency.name_th.clone(),
        agency_uri: Some(format!("{base}/{}", agency.slug)),
    };
    let body = crate::pages::blocking(move || {
        let p = release_package(
            &info,
            records.iter().map(|r| PackageRecord {
                id: r.id,
                record: &r.record,
                updated_at: r.updated_at,
            }),
        );
        to_json(&p).map_err(|e| format!("ocds: {e}"))
    })
    .await?;
    Ok(file_response(
        body,
        "application/json",
        Disposition::Inline,
        &format!("ocds-{}-{}.json", agency.slug, fy.be()),
        "public, max-age=300",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_prefixes_are_taken() {
        assert!(valid_prefix("ocds-b5fd17"));
        assert!(!valid_prefix("ocds-b5fd1"));
        assert!(!valid_prefix("ocds-b5fd17-x"));
        assert!(!valid_prefix("xxxx-b5fd17"));
        assert!(valid_prefix(PLACEHOLDER_OCID_PREFIX));
    }
}

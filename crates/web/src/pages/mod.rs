//! Handlers, by feature: `public` (portal, health, assets), `auth` (login, second factor,
//! logout), `admin` (dashboard, units, users, settings, audit), `account` (own password and
//! TOTP), `system` (agencies, for system administrators).

pub mod account;
pub mod admin;
pub mod announcements;
pub mod anticorruption;
pub mod api;
pub mod assessment;
pub mod auth;
pub mod complaints;
pub mod disclosure;
pub mod eservice;
pub mod frameworks;
pub mod hr;
pub mod integrity;
pub mod measures;
pub mod participation;
pub mod procurement;
pub mod programme;
pub mod public;
pub mod risk;
pub mod signoff;
pub mod system;

/// A form with no fields but its CSRF token (delete, unlock, logout buttons).
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// Run CPU work (typst layout, spreadsheet writing, parsing a large file) on a blocking thread,
/// off the async threads; its error, or a panic, becomes an internal error.
pub(crate) async fn blocking<T, E>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, crate::error::AppError>
where
    T: Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    use crate::error::AppError;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(format!("join: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// An optional text field: trimmed, empty → None, length-checked.
pub(crate) fn opt_text(
    field: &'static str,
    v: &str,
    max: usize,
) -> Result<Option<String>, prongsai_domain::InputError> {
    if v.trim().is_empty() {
        Ok(None)
    } else {
        prongsai_domain::tenancy::parse_text(field, v, max).map(Some)
    }
}

/// The fiscal year of a back-office address (`2566`, Thai digits too); anything else is not
/// found.
pub(crate) fn year_in_path(
    s: &str,
) -> Result<prongsai_domain::calendar::FiscalYear, crate::error::AppError> {
    prongsai_domain::calendar::to_ascii_digits(s.trim())
        .parse()
        .map_err(|_| crate::error::AppError::NotFound)
}

/// The Thai name of the staff member's agency, as the documents print it ("" for system staff).
pub(crate) fn agency_th(staff: &crate::ctx::Staff) -> String {
    staff
        .agency
        .as_ref()
        .map(|a| a.name_th.clone())
        .unwrap_or_default()
}

/// Parse an optional id from a select box ("" → None).
pub(crate) fn opt_id(v: &str) -> Option<i64> {
    prongsai_domain::calendar::to_ascii_digits(v.trim())
        .parse()
        .ok()
}

//! Announcements (ประกาศ) the executive signs: the integrity intent, the No Gift Policy, the HR
//! policy and criteria, the code of ethics (`domain::announcement`).
//!
//! Staff (`/staff/announcements`): the years × kinds with where each stands; a kind's page of a
//! year (`/staff/announcements/{year}/{kind}`) with the edit form (the default draft until one
//! is saved), the preview PDF, for a standing document "ใช้ฉบับปีก่อนเป็นร่าง", and the sign-off
//! block (`pages::signoff`): submitting freezes the saved draft as the version's content.
//! Coordinators (`ManageAssessment`) write and submit; executives sign through the generic
//! handler; everyone with the dashboard reads.
//!
//! Public (`/{agency}/announcements/{year}/{kind}` and `….pdf`, `….docx`): the newest
//! acknowledged version as it was signed; nothing before sign-off (404). [`attach_announcements`]
//! attaches each acknowledged kind's PDF to the items of the year marked with its product.

pub mod public;
pub mod staff;

use axum::routing::{get, post};
use axum::Router;
use prongsai_domain::announcement::AnnouncementKind;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::FrameworkSet;
use prongsai_store::announcement::sign_key;
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use crate::app::AppState;
use crate::error::AppError;

/// Staff routes (nested under `/staff`).
pub fn staff_routes() -> Router<AppState> {
    Router::new()
        .route("/announcements", get(staff::list))
        .route(
            "/announcements/{year}/{kind}",
            get(staff::edit_form).post(staff::save),
        )
        .route("/announcements/{year}/{kind}/submit", post(staff::submit))
        .route("/announcements/{year}/{kind}/carry", post(staff::carry))
        .route(
            "/announcements/{year}/{kind}/preview.pdf",
            get(staff::preview),
        )
}

/// Public routes (full paths).
pub fn public_routes() -> Router<AppState> {
    Router::new().route("/{agency}/announcements/{year}/{file}", get(public::show))
}

/// The staff page of a kind in a year.
pub fn staff_href(year: FiscalYear, kind: AnnouncementKind) -> String {
    format!("/staff/announcements/{}/{}", year.be(), kind.code())
}

/// The public page of the signed announcement.
pub fn page_href(slug: &str, year: FiscalYear, kind: AnnouncementKind) -> String {
    format!("/{slug}/announcements/{}/{}", year.be(), kind.code())
}

/// The public file (`pdf` or `docx`) of the signed announcement.
pub fn file_href(slug: &str, year: FiscalYear, kind: AnnouncementKind, ext: &str) -> String {
    format!("{}.{ext}", page_href(slug, year, kind))
}

fn year_of(s: &str) -> Result<FiscalYear, AppError> {
    let be: i32 = prongsai_domain::calendar::to_ascii_digits(s.trim())
        .parse()
        .map_err(|_| AppError::NotFound)?;
    FiscalYear::new(be).map_err(|_| AppError::NotFound)
}

fn kind_of(s: &str) -> Result<AnnouncementKind, AppError> {
    AnnouncementKind::parse(s).ok_or(AppError::NotFound)
}

/// Attach, to the items of `year` marked with an announcement's product, the PDF of the newest
/// acknowledged version of that kind in the item's data year (the assessed year: the items are
/// yearly or standing), published on the day the executive signed it. A new version replaces
/// the link. Returns how many attachments were made or refreshed.
pub async fn attach_announcements(
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
    for kind in AnnouncementKind::ALL {
        for it in fw.items_produced_by(kind.product()) {
            let Some(data) = it.data_fiscal_year(year) else {
                continue;
            };
            // a standing item takes the newest signed version, of this year or an earlier one
            let signed = if it.cadence == prongsai_domain::framework::Cadence::Once {
                store
                    .acknowledged_signed_up_to(
                        scope,
                        kind.code(),
                        prongsai_domain::measures::RoundPeriod::Year,
                        data,
                    )
                    .await?
            } else {
                store
                    .acknowledged_signed(scope, sign_key(kind, data))
                    .await?
            };
            let Some(signed) = signed else {
                continue;
            };
            let data = signed.fiscal_year().unwrap_or(data);
            store
                .attach_auto(
                    scope,
                    actor,
                    year,
                    &it.code,
                    &format!("announcement:{}", kind.code()),
                    NewEvidence {
                        target: Target::Page(file_href(slug, data, kind, "pdf")),
                        label: format!(
                            "{} ปีงบประมาณ พ.ศ. {}{} (PDF)",
                            kind.name_th(),
                            data.be(),
                            if signed.version > 1 {
                                format!(" ฉบับที่ {}", signed.version)
                            } else {
                                String::new()
                            }
                        ),
                        data_year: Some(data),
                        period: None,
                        published_on: signed.acknowledged_on(),
                    },
                )
                .await?;
            n += 1;
        }
    }
    Ok(n)
}

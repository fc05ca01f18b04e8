//! The signed anti-corruption plan and reports on the portal, and what they attach to the OIT
//! items.

use axum::extract::{Path, State};
use axum::response::Response;
use prongsai_docs::reports::anticorruption::{PlanDoc, ReportDoc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{Cadence, FrameworkSet, Product};
use prongsai_domain::measures::RoundPeriod;
use prongsai_store::anticorruption::{plan_key, report_key};
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::signoff::Signed;
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use crate::app::AppState;
use crate::error::AppError;
use crate::view::{file_response, Disposition};

/// The address of a signed document: `what` is `plan`, `half` or `year`.
pub fn file_href(slug: &str, year: FiscalYear, what: &str, ext: &str) -> String {
    format!("/{slug}/anticorruption/{}/{what}.{ext}", year.be())
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `/{agency}/anticorruption/{year}/{plan|half|year}.{pdf|docx|xlsx}`: the newest acknowledged
/// version, as it was signed; 404 before.
pub async fn file(
    State(st): State<AppState>,
    Path((slug, year, file)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (what, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    if !matches!(ext, "pdf" | "docx" | "xlsx") {
        return Err(AppError::NotFound);
    }
    let (scope, _) = st
        .store
        .agency_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let fy: FiscalYear = year.parse().map_err(|_| AppError::NotFound)?;
    let key = match what {
        "plan" => plan_key(fy),
        p => report_key(fy, RoundPeriod::parse(p).ok_or(AppError::NotFound)?),
    };
    let signed = st
        .store
        .acknowledged_signed(&scope, key)
        .await?
        .ok_or(AppError::NotFound)?;
    let (signer, signed_on) = crate::pages::signoff::signature(&st, &scope, &signed).await?;
    let name = format!(
        "anticorruption-{what}-{}-v{}.{ext}",
        fy.be(),
        signed.version
    );
    let ext = ext.to_owned();
    let bytes = if what == "plan" {
        let mut d: PlanDoc = signed.content()?.ok_or(AppError::NotFound)?;
        (d.signer, d.signed_on) = (signer, signed_on);
        match ext.as_str() {
            "pdf" => crate::pages::blocking(move || d.pdf(true)).await?,
            "docx" => crate::pages::blocking(move || d.docx(true)).await?,
            _ => crate::pages::blocking(move || d.xlsx()).await?,
        }
    } else {
        let mut d: ReportDoc = signed.content()?.ok_or(AppError::NotFound)?;
        (d.signer, d.signed_on) = (signer, signed_on);
        match ext.as_str() {
            "pdf" => crate::pages::blocking(move || d.pdf(true)).await?,
            "docx" => crate::pages::blocking(move || d.docx(true)).await?,
            _ => crate::pages::blocking(move || d.xlsx()).await?,
        }
    };
    let (mime, disposition) = match ext.as_str() {
        "pdf" => ("application/pdf", Disposition::Inline),
        "docx" => (DOCX, Disposition::Attachment),
        _ => (XLSX, Disposition::Attachment),
    };
    Ok(file_response(
        bytes,
        mime,
        disposition,
        &name,
        "public, max-age=300",
    ))
}

fn version_note(s: &Signed) -> String {
    if s.version > 1 {
        format!(" ฉบับที่ {}", s.version)
    } else {
        String::new()
    }
}

/// Attach, to the items of the assessed `year`: the signed plan of each item's data year
/// (`anticorruption.plan`), and the signed reports (`anticorruption.report`: the six-month
/// report to six-monthly items, the annual report to every item). Returns how many
/// attachments were made or refreshed.
pub async fn attach_anticorruption(
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
    for it in fw.items_produced_by(Product::AntiCorruptionPlan) {
        let Some(data) = it.data_fiscal_year(year) else {
            continue;
        };
        let Some(signed) = store.acknowledged_signed(scope, plan_key(data)).await? else {
            continue;
        };
        store
            .attach_auto(
                scope,
                actor,
                year,
                &it.code,
                "anticorruption:plan",
                NewEvidence {
                    target: Target::Page(file_href(slug, data, "plan", "pdf")),
                    label: format!(
                        "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {}{} (PDF)",
                        data.be(),
                        version_note(&signed)
                    ),
                    data_year: Some(data),
                    period: None,
                    published_on: signed.acknowledged_on(),
                },
            )
            .await?;
        n += 1;
    }
    for it in fw.items_produced_by(Product::AntiCorruptionReport) {
        let Some(data) = it.data_fiscal_year(year) else {
            continue;
        };
        for period in RoundPeriod::ALL {
            if period == RoundPeriod::Half && it.cadence != Cadence::SixMonthly {
                continue;
            }
            let Some(signed) = store
                .acknowledged_signed(scope, report_key(data, period))
                .await?
            else {
                continue;
            };
            let title = prongsai_docs::reports::anticorruption::report_title(data.be(), period)
                .replace('\u{a0}', " ");
            store
                .attach_auto(
                    scope,
                    actor,
                    year,
                    &it.code,
                    &format!("anticorruption:report:{}", period.code()),
                    NewEvidence {
                        target: Target::Page(file_href(slug, data, period.code(), "pdf")),
                        label: format!("{title}{} (PDF)", version_note(&signed)),
                        data_year: Some(data),
                        period: Some(period.period(data)),
                        published_on: signed.acknowledged_on(),
                    },
                )
                .await?;
            n += 1;
        }
    }
    Ok(n)
}

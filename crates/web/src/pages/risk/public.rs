//! The signed risk assessment on the portal, and what the risk work attaches to the OIT items.

use axum::extract::{Path, State};
use axum::response::Response;
use prongsai_docs::reports::risk::RiskReport;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{Cadence, FrameworkSet, Product};
use prongsai_domain::measures::{Plan, PlanYear, RoundPeriod, RoundState};
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::risk::KIND_ASSESSMENT;
use prongsai_store::signoff::SignKey;
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use crate::app::AppState;
use crate::error::AppError;
use crate::pages::measures::public::round_href;
use crate::view::{file_response, Disposition};

/// The address of a year's signed assessment report.
pub fn assessment_href(slug: &str, year: FiscalYear) -> String {
    format!("/{slug}/risk/{}/assessment.pdf", year.be())
}

/// `/{agency}/risk/{year}/assessment.{pdf|docx}`: the newest signed version, as it was signed.
pub async fn file(
    State(st): State<AppState>,
    Path((slug, year, file)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let docx = match file.as_str() {
        "assessment.pdf" => false,
        "assessment.docx" => true,
        _ => return Err(AppError::NotFound),
    };
    let (scope, _) = st
        .store
        .agency_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let fy: FiscalYear = year.parse().map_err(|_| AppError::NotFound)?;
    let signed = st
        .store
        .acknowledged_signed(&scope, SignKey::year(KIND_ASSESSMENT, fy))
        .await?
        .ok_or(AppError::NotFound)?;
    let mut report: RiskReport = signed.content()?.ok_or(AppError::NotFound)?;
    (report.signer, report.signed_on) =
        crate::pages::signoff::signature(&st, &scope, &signed).await?;
    let name = format!("risk-assessment-{}-v{}", fy.be(), signed.version);
    if docx {
        let bytes = crate::pages::blocking(move || report.docx(true)).await?;
        Ok(file_response(
            bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Disposition::Attachment,
            &format!("{name}.docx"),
            "public, max-age=300",
        ))
    } else {
        let bytes = crate::pages::blocking(move || report.pdf(true)).await?;
        Ok(file_response(
            bytes,
            "application/pdf",
            Disposition::Inline,
            &format!("{name}.pdf"),
            "public, max-age=300",
        ))
    }
}

/// Attach, to the items of the assessed `year`: the signed risk assessment of each item's
/// data year (`risk.assessment`), and the acknowledged progress rounds of the risk plan
/// (`risk.report`: a six-month round to six-monthly items, the year's round to every item).
/// Returns how many attachments were made or refreshed.
pub async fn attach_risk(
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
    for it in fw.items_produced_by(Product::RiskAssessment) {
        let Some(data) = it.data_fiscal_year(year) else {
            continue;
        };
        let Some(signed) = store
            .acknowledged_signed(scope, SignKey::year(KIND_ASSESSMENT, data))
            .await?
        else {
            continue;
        };
        store
            .attach_auto(
                scope,
                actor,
                year,
                &it.code,
                "risk:assessment",
                NewEvidence {
                    target: Target::Page(assessment_href(slug, data)),
                    label: format!(
                        "รายงานการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. {}{} (PDF)",
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
    for it in fw.items_produced_by(Product::RiskReport) {
        let Some(data) = it.data_fiscal_year(year) else {
            continue;
        };
        let rounds = store
            .report_rounds(scope, PlanYear::new(Plan::Risk, data))
            .await?;
        for period in RoundPeriod::ALL {
            if period == RoundPeriod::Half && it.cadence != Cadence::SixMonthly {
                continue;
            }
            let Some(r) = rounds
                .iter()
                .filter(|r| r.period() == period && r.state() == RoundState::Acknowledged)
                .max_by_key(|r| r.version)
            else {
                continue;
            };
            store
                .attach_auto(
                    scope,
                    actor,
                    year,
                    &it.code,
                    &format!("risk:report:{}", period.code()),
                    NewEvidence {
                        target: Target::Page(round_href(slug, data, r.id)),
                        label: format!(
                            "รายงานผลการดำเนินการจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ {} ปีงบประมาณ พ.ศ. {} (PDF)",
                            prongsai_domain::calendar::to_ascii_digits(period.label_th()),
                            data.be()
                        ),
                        data_year: Some(data),
                        period: Some(period.period(data)),
                        published_on: r
                            .acknowledged_at
                            .map(|t| t.with_timezone(&crate::view::bangkok()).date_naive()),
                    },
                )
                .await?;
            n += 1;
        }
    }
    Ok(n)
}

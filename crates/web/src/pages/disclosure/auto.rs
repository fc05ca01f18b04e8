//! What Prongsai's own work publishes by itself: when the measures of a year exist, their
//! document answers every item of the year's framework marked `produced_by = "measures.plan"`;
//! when the executive acknowledges a report round, the report answers the items marked
//! `measures.report` (the newest acknowledged version of each round; a new version replaces the
//! link, never adds a second one). Years whose framework has no such item get nothing.

use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{FrameworkSet, Product};
use prongsai_domain::measures::{RoundPeriod, RoundState};
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use crate::pages::measures::public::{plan_href, round_href};

/// Attach the measures document and the acknowledged reports of `year`; returns how many
/// attachments were made or refreshed.
pub async fn attach_measures(
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
    if store.count_measures(scope, year).await? > 0 {
        for it in fw.items_produced_by(Product::MeasuresPlan) {
            store
                .attach_auto(
                    scope,
                    actor,
                    year,
                    &it.code,
                    "measures:plan",
                    NewEvidence {
                        target: Target::Page(plan_href(slug, year)),
                        label: format!(
                            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ พ.ศ. {} (PDF)",
                            year.be()
                        ),
                        data_year: Some(year),
                        period: None,
                        published_on: None,
                    },
                )
                .await?;
            n += 1;
        }
    }
    let rounds = store.report_rounds(scope, year).await?;
    for period in RoundPeriod::ALL {
        let Some(r) = rounds
            .iter()
            .filter(|r| r.period() == period && r.state() == RoundState::Acknowledged)
            .max_by_key(|r| r.version)
        else {
            continue;
        };
        for it in fw.items_produced_by(Product::MeasuresReport) {
            store
                .attach_auto(
                    scope,
                    actor,
                    year,
                    &it.code,
                    &format!("measures:report:{}", period.code()),
                    NewEvidence {
                        target: Target::Page(round_href(slug, year, r.id)),
                        label: format!(
                            "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน {} ปีงบประมาณ พ.ศ. {}{} (PDF)",
                            prongsai_domain::calendar::to_ascii_digits(period.label_th()),
                            year.be(),
                            if r.version > 1 {
                                format!(" ฉบับที่ {}", r.version)
                            } else {
                                String::new()
                            }
                        ),
                        data_year: Some(year),
                        period: Some(period.period(year)),
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

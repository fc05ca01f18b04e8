//! What the HR reports publish to the OIT items of a year's framework, once the executive has
//! acknowledged them: the six-month report of a data year goes to the six-monthly items asking
//! for [`Product::HrActions`], the annual report to every such item; the annual report also
//! answers [`Product::HrAnnual`]. Each item's `data_year` decides which fiscal year's reports
//! answer it (FY 2566's O26 asks for the report of FY 2565). One link per key, refreshed in
//! place when a new version is signed.

use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{Cadence, DataYear, FrameworkSet, Item, Product};
use prongsai_domain::hr::report_title_th;
use prongsai_domain::measures::RoundPeriod;
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::hr::sign_key;
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use super::public::file_href;

/// The fiscal year whose reports answer `item` of the assessed `year`.
fn data_year(item: &Item, year: FiscalYear) -> Option<FiscalYear> {
    match item.data_year {
        DataYear::Previous => year.prev(),
        DataYear::Current | DataYear::Any => Some(year),
    }
}

/// Attach the acknowledged HR reports to the items of the assessed `year` that ask for them.
/// Returns how many attachments were made or refreshed. Years without a framework get nothing.
pub async fn attach_hr(
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
    let wanted = |p: Product| fw.items_produced_by(p).map(move |it| (p, it));
    for (product, it) in wanted(Product::HrActions).chain(wanted(Product::HrAnnual)) {
        let Some(data) = data_year(it, year) else {
            continue;
        };
        let periods: &[RoundPeriod] = match product {
            // the six-month round answers six-monthly items; the year's report every one
            Product::HrActions if it.cadence == Cadence::SixMonthly => &RoundPeriod::ALL,
            _ => &[RoundPeriod::Year],
        };
        for &period in periods {
            let Some(signed) = store
                .acknowledged_signed(scope, sign_key(data, period))
                .await?
            else {
                continue;
            };
            let version = if signed.version > 1 {
                format!(" ฉบับที่ {}", signed.version)
            } else {
                String::new()
            };
            store
                .attach_auto(
                    scope,
                    actor,
                    year,
                    &it.code,
                    &format!("hr:report:{}:{}", data.be(), period.code()),
                    NewEvidence {
                        target: Target::Page(file_href(slug, data, period, "pdf")),
                        label: format!(
                            "{}{version} (PDF)",
                            report_title_th(
                                data,
                                period,
                                prongsai_domain::calendar::Digits::Arabic
                            )
                        ),
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

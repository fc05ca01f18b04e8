//! What the register publishes by itself to the OIT items of a year's framework: the plan
//! ([`Product::ProcurementPlan`]), the year's page with the announcements
//! ([`Product::ProcurementNotices`]), the สขร.๑ of every month that has ended
//! ([`Product::ProcurementMonthly`]) and the annual report once its year has ended
//! ([`Product::ProcurementAnnual`]). Each item's `data_year` decides which fiscal year's
//! documents answer it: the annual-report item of FY N asks for the report of FY N−1.
//!
//! Attaching is idempotent (one link per key, refreshed in place), so it runs after every
//! change of the register and once a day ([`crate::publish`]) for the months that end without
//! any change.

use chrono::NaiveDate;
use prongsai_domain::calendar::{month_name_th, FiscalYear};
use prongsai_domain::framework::{FrameworkSet, Item, Product};
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use super::public::{annual_href, plan_href, summary_href, year_href};
use crate::app::AppState;

/// The fiscal year whose documents answer `item` of the assessed `year`.
fn data_year(item: &Item, year: FiscalYear) -> Option<FiscalYear> {
    item.data_fiscal_year(year)
}

/// Attach what the register of `data` (the fiscal year the documents are of) publishes to the
/// items of the assessed `year` that ask for it. Returns how many attachments were made or
/// refreshed (an unchanged one writes nothing). Years without a framework get nothing.
pub async fn attach_procurement(
    store: &Store,
    frameworks: &FrameworkSet,
    scope: &AgencyScope,
    actor: &Actor,
    slug: &str,
    year: FiscalYear,
    today: NaiveDate,
) -> Result<usize, StoreError> {
    let Some(fw) = frameworks.get(year.be()) else {
        return Ok(0);
    };
    let mut n = 0;
    let attach = |code: String, key: String, new: NewEvidence| async move {
        store
            .attach_auto(scope, actor, year, &code, &key, new)
            .await
    };
    for it in fw.items_produced_by(Product::ProcurementPlan) {
        let Some(data) = data_year(it, year) else {
            continue;
        };
        let Some(plan) = store.latest_plan(scope, data).await? else {
            continue;
        };
        if plan.items.is_empty() {
            continue;
        }
        attach(
            it.code.clone(),
            format!("procurement:plan:{}", data.be()),
            NewEvidence {
                target: Target::Page(plan_href(slug, data, "pdf")),
                label: format!(
                    "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ ประจำปีงบประมาณ พ.ศ. {}{} (PDF)",
                    data.be(),
                    if plan.revision > 1 {
                        format!(" ปรับปรุงครั้งที่ {}", plan.revision - 1)
                    } else {
                        String::new()
                    }
                ),
                data_year: Some(data),
                period: Some(data.whole()),
                published_on: plan.approved_on,
            },
        )
        .await?;
        n += 1;
    }
    for it in fw.items_produced_by(Product::ProcurementNotices) {
        let Some(data) = data_year(it, year) else {
            continue;
        };
        if data.start() > today {
            continue;
        }
        attach(
            it.code.clone(),
            format!("procurement:notices:{}", data.be()),
            NewEvidence {
                target: Target::Page(year_href(slug, data)),
                label: format!(
                    "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. {} (ประกาศเชิญชวนและประกาศผู้ชนะการเสนอราคา แยกตามโครงการ)",
                    data.be()
                ),
                data_year: Some(data),
                period: Some(data.whole()),
                published_on: None,
            },
        )
        .await?;
        n += 1;
    }
    for it in fw.items_produced_by(Product::ProcurementMonthly) {
        let Some(data) = data_year(it, year) else {
            continue;
        };
        for month in data.months() {
            // a month's summary is due once the month has ended
            if month.last_day() >= today {
                continue;
            }
            let Ok(period) = data.month(month.month()) else {
                continue;
            };
            attach(
                it.code.clone(),
                format!("procurement:month:{}", month.first_day().format("%Y-%m")),
                NewEvidence {
                    target: Target::Page(summary_href(slug, data, month.month(), "pdf")),
                    label: format!(
                        "สรุปผลการจัดซื้อจัดจ้าง เดือน{} พ.ศ. {} (แบบ สขร.๑, PDF)",
                        month_name_th(month.month()),
                        month.year_be()
                    ),
                    data_year: Some(data),
                    period: Some(period),
                    published_on: None,
                },
            )
            .await?;
            n += 1;
        }
    }
    for it in fw.items_produced_by(Product::ProcurementAnnual) {
        let Some(data) = data_year(it, year) else {
            continue;
        };
        // the report of a year is made once the year has ended
        if data.end() >= today {
            continue;
        }
        attach(
            it.code.clone(),
            format!("procurement:annual:{}", data.be()),
            NewEvidence {
                target: Target::Page(annual_href(slug, data, "pdf")),
                label: format!(
                    "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปีงบประมาณ พ.ศ. {} พร้อมการวิเคราะห์ (PDF)",
                    data.be()
                ),
                data_year: Some(data),
                period: Some(data.whole()),
                published_on: None,
            },
        )
        .await?;
        n += 1;
    }
    Ok(n)
}

/// [`attach_procurement`] for the [`recent_years`](crate::pages::disclosure::auto::recent_years)
/// after a change of the register, the plan or the report's text. A failure does not undo the
/// change: it is logged, and the next change (or the daily run) tries again.
pub async fn publish(st: &AppState, scope: &AgencyScope, slug: &str) {
    let actor = Actor::system("procurement");
    let today = crate::view::today();
    for year in crate::pages::disclosure::auto::recent_years(today) {
        if let Err(e) =
            attach_procurement(&st.store, &st.frameworks, scope, &actor, slug, year, today).await
        {
            tracing::error!(error = %e, year = year.be(), "attaching the procurement documents to their OIT items failed");
        }
    }
}

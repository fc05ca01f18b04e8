//! Integrity registers (issue 8): the agency's integrity activities of a fiscal year (the No
//! Gift culture, การขับเคลื่อนจริยธรรม, the executives' participation) and the register of gifts
//! and benefits received, their yearly reports signed off by the executive, and what they
//! publish.
//!
//! * [`staff`]: `/staff/integrity/{year}` — the activities by kind and the gifts, their forms
//!   (add, edit, delete), each report's page with the sign-off block and its submit handler.
//! * [`public`]: the acknowledged reports at `/{agency}/integrity/{year}/{kind}.pdf|docx|xlsx`
//!   and `/{agency}/gifts/{year}.pdf|docx|xlsx|csv` (404 before the executive signs).
//! * [`attach_integrity`]: the acknowledged reports attached to the OIT items `produced_by` their
//!   product, by each item's data year (FY 2566's O33 takes the gifts report of FY 2565).

pub mod public;
pub mod staff;

use axum::Router;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{FrameworkSet, Product};
use prongsai_domain::integrity::{ActivityKind, GIFT_REPORT_KIND};
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::signoff::SignKey;
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use crate::app::AppState;

/// Public files (the form body limit).
pub fn public_routes() -> Router<AppState> {
    public::routes()
}

/// Staff pages, nested under `/staff`.
pub fn staff_routes() -> Router<AppState> {
    staff::routes()
}

/// A report of the registers: a kind of activity, or the gifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Activities(ActivityKind),
    Gifts,
}

impl Report {
    pub const ALL: [Report; 5] = [
        Report::Activities(ActivityKind::NoGiftCulture),
        Report::Activities(ActivityKind::Ethics),
        Report::Activities(ActivityKind::ExecutiveParticipation),
        Report::Activities(ActivityKind::EthicsAssessment),
        Report::Gifts,
    ];

    /// The sign-off kind (also the product's code).
    pub fn code(self) -> &'static str {
        match self {
            Report::Activities(k) => k.code(),
            Report::Gifts => GIFT_REPORT_KIND,
        }
    }

    pub fn parse(code: &str) -> Option<Report> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn product(self) -> Product {
        match self {
            Report::Activities(k) => k.product(),
            Report::Gifts => Product::NoGiftReport,
        }
    }

    pub fn key(self, year: FiscalYear) -> SignKey<'static> {
        SignKey::year(self.code(), year)
    }

    /// The title of the report (Thai: it names the signed document).
    pub fn title_th(self, year: FiscalYear) -> String {
        match self {
            Report::Activities(k) => {
                format!("{} ประจำปีงบประมาณ พ.ศ. {}", k.report_title_th(), year.be())
            }
            Report::Gifts => format!(
                "รายงานผลตามนโยบาย No Gift Policy (การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา) ประจำปีงบประมาณ พ.ศ. {}",
                year.be()
            ),
        }
    }

    /// The public address of the acknowledged report.
    pub fn href(self, slug: &str, year: FiscalYear, ext: &str) -> String {
        match self {
            Report::Activities(k) => activity_href(slug, year, k, ext),
            Report::Gifts => gifts_href(slug, year, ext),
        }
    }
}

/// `/{slug}/integrity/2566/ethics.activities.pdf`
pub fn activity_href(slug: &str, year: FiscalYear, kind: ActivityKind, ext: &str) -> String {
    format!("/{slug}/integrity/{}/{}.{ext}", year.be(), kind.code())
}

/// `/{slug}/gifts/2565.pdf`
pub fn gifts_href(slug: &str, year: FiscalYear, ext: &str) -> String {
    format!("/{slug}/gifts/{}.{ext}", year.be())
}

/// Attach the acknowledged integrity reports to the items of the assessed `year` that ask for
/// them: each item takes the report of its data year (`Item::data_fiscal_year`), the newest
/// acknowledged version, once per key (a new version refreshes the link). Returns how many
/// attachments were made or refreshed. Years without a framework get nothing.
pub async fn attach_integrity(
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
    for report in Report::ALL {
        for it in fw.items_produced_by(report.product()) {
            let Some(data) = it.data_fiscal_year(year) else {
                continue;
            };
            let Some(signed) = store.acknowledged_signed(scope, report.key(data)).await? else {
                continue;
            };
            store
                .attach_auto(
                    scope,
                    actor,
                    year,
                    &it.code,
                    &format!("integrity:{}:{}", report.code(), data.be()),
                    NewEvidence {
                        target: Target::Page(report.href(slug, data, "pdf")),
                        label: format!(
                            "{}{} (PDF)",
                            report.title_th(data),
                            if signed.version > 1 {
                                format!(" ฉบับที่ {}", signed.version)
                            } else {
                                String::new()
                            }
                        ),
                        data_year: Some(data),
                        period: Some(data.whole()),
                        published_on: signed.acknowledged_on(),
                    },
                )
                .await?;
            n += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_and_addresses() {
        let y = FiscalYear::new(2566).unwrap();
        for r in Report::ALL {
            assert_eq!(Report::parse(r.code()), Some(r));
            assert_eq!(r.product().code(), r.code());
        }
        assert_eq!(
            Report::Activities(ActivityKind::Ethics).href("krathok", y, "pdf"),
            "/krathok/integrity/2566/ethics.activities.pdf"
        );
        assert_eq!(
            Report::Gifts.href("krathok", y, "csv"),
            "/krathok/gifts/2566.csv"
        );
        // every address made here is one the public router reads back
        for r in Report::ALL {
            for ext in ["pdf", "docx", "xlsx"] {
                let href = r.href("krathok", y, ext);
                let file = href.rsplit('/').next().unwrap();
                match r {
                    Report::Activities(k) => {
                        assert_eq!(public::parse_activity_file(file), Some((k, ext)))
                    }
                    Report::Gifts => assert_eq!(public::parse_gift_file(file), Some((y, ext))),
                }
            }
        }
    }
}

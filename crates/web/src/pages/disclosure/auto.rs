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

/// Attach the agency's own public pages to the items of `year` that they answer: the contact
/// page ([`Product::Contact`]), the e-Service catalogue once a service is offered
/// ([`Product::EService`]), and the service statistics of each half-year that has begun, as
/// a PDF report ([`Product::ServiceStats`]). Returns how many attachments were made or
/// refreshed (an unchanged one writes nothing).
pub async fn attach_services(
    store: &Store,
    frameworks: &FrameworkSet,
    scope: &AgencyScope,
    actor: &Actor,
    slug: &str,
    year: FiscalYear,
    today: chrono::NaiveDate,
) -> Result<usize, StoreError> {
    use crate::pages::eservice::stats::stats_file_href;
    use prongsai_domain::eservice::StatPeriod;
    let Some(fw) = frameworks.get(year.be()) else {
        return Ok(0);
    };
    let mut n = 0;
    let attach = |code: String, key: String, new: NewEvidence| async move {
        store
            .attach_auto(scope, actor, year, &code, &key, new)
            .await
    };
    for it in fw.items_produced_by(Product::Contact) {
        attach(
            it.code.clone(),
            "contact".into(),
            NewEvidence {
                target: Target::Page(format!("/{slug}/contact")),
                label: "ข้อมูลการติดต่อและช่องทางการติดต่อของหน่วยงาน".into(),
                data_year: None,
                period: None,
                published_on: None,
            },
        )
        .await?;
        n += 1;
    }
    if store.list_services(scope, true).await?.is_empty() {
        return Ok(n);
    }
    for it in fw.items_produced_by(Product::EService) {
        attach(
            it.code.clone(),
            "eservice:online".into(),
            NewEvidence {
                target: Target::Page(format!("/{slug}/eservice")),
                label:
                    "ระบบการให้บริการผ่านช่องทางออนไลน์ (e-Service) ยื่นคำขอและติดตามสถานะได้ตลอด 24 ชั่วโมง"
                        .into(),
                data_year: None,
                period: None,
                published_on: None,
            },
        )
        .await?;
        n += 1;
    }
    for it in fw.items_produced_by(Product::ServiceStats) {
        for (i, half) in year.halves().into_iter().enumerate() {
            if half.start > today {
                continue;
            }
            let period = StatPeriod::Half(i as u8 + 1);
            attach(
                it.code.clone(),
                format!("eservice:stats:{}", period.code()),
                NewEvidence {
                    target: Target::Page(stats_file_href(slug, year, period, "pdf")),
                    label: format!(
                        "สถิติการให้บริการ {}{} (PDF)",
                        period.label_th(year, prongsai_domain::calendar::Digits::Arabic),
                        if half.end >= today {
                            " (ข้อมูลล่าสุด)"
                        } else {
                            ""
                        }
                    ),
                    data_year: Some(year),
                    period: Some(half),
                    published_on: None,
                },
            )
            .await?;
            n += 1;
        }
    }
    Ok(n)
}

/// The fiscal years whose items what the agency produces may still answer: the current one
/// and the one before (still being assessed), oldest first.
pub fn recent_years(today: chrono::NaiveDate) -> impl Iterator<Item = FiscalYear> {
    let current = FiscalYear::containing(today);
    [current.prev(), Some(current)].into_iter().flatten()
}

/// [`attach_services`] for the [`recent_years`] (whose items are
/// still being assessed), after a change of the agency's settings, services or requests. A
/// failure does not undo the change: it is logged, and the next change tries again.
pub async fn publish_services(st: &crate::app::AppState, staff: &crate::ctx::Staff) {
    let (Ok(scope), Some(a)) = (staff.scope(), staff.agency.as_ref()) else {
        return;
    };
    let today = crate::view::today();
    for year in recent_years(today) {
        if let Err(e) = attach_services(
            &st.store,
            &st.frameworks,
            &scope,
            &staff.actor(),
            &a.slug,
            year,
            today,
        )
        .await
        {
            tracing::error!(error = %e, year = year.be(), "attaching the services to their OIT items failed");
        }
    }
}

/// Everything the agency's own work publishes, attached to the items of `year`: the measures,
/// the contact page, e-Service and its statistics, the survey report, participation, the
/// complaint channel and statistics, procurement. Returns how many attachments were made or
/// refreshed (an unchanged one writes nothing).
pub async fn attach_everything(
    st: &crate::app::AppState,
    scope: &AgencyScope,
    actor: &Actor,
    slug: &str,
    year: FiscalYear,
    today: chrono::NaiveDate,
) -> Result<usize, StoreError> {
    let (store, fw) = (&st.store, &st.frameworks);
    let mut n = attach_measures(store, fw, scope, actor, slug, year).await?;
    n += attach_services(store, fw, scope, actor, slug, year, today).await?;
    n += crate::pages::eservice::survey::attach_survey_report(store, fw, scope, actor, slug, year)
        .await?;
    n += crate::pages::participation::attach_participation(store, fw, scope, actor, slug, year)
        .await?;
    n += crate::pages::complaints::attach_complaints(store, fw, scope, actor, slug, year).await?;
    n += crate::pages::procurement::publish::attach_procurement(
        store, fw, scope, actor, slug, year, today,
    )
    .await?;
    n += crate::pages::risk::public::attach_risk(store, fw, scope, actor, slug, year).await?;
    n += crate::pages::anticorruption::public::attach_anticorruption(
        store, fw, scope, actor, slug, year,
    )
    .await?;
    n += crate::pages::hr::attach_hr(store, fw, scope, actor, slug, year).await?;
    n += crate::pages::integrity::attach_integrity(store, fw, scope, actor, slug, year).await?;
    n += crate::pages::announcements::attach_announcements(store, fw, scope, actor, slug, year)
        .await?;
    Ok(n)
}

/// [`attach_everything`] for every agency and the [`recent_years`]: what falls due with the
/// calendar alone — a month or a half-year that has ended, a year's report — appears on the
/// portal without waiting for someone to change something. An agency that fails is logged
/// and skipped. Returns how many attachments were made or refreshed.
pub async fn publish_all(st: &crate::app::AppState, today: chrono::NaiveDate) -> usize {
    let agencies = match st.store.list_agencies().await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "listing the agencies to publish failed");
            return 0;
        }
    };
    let actor = Actor::system("publish");
    let mut n = 0;
    for a in agencies {
        let Ok(Some((scope, _))) = st.store.agency_by_id(a.id).await else {
            continue;
        };
        for year in recent_years(today) {
            match attach_everything(st, &scope, &actor, &a.slug, year, today).await {
                Ok(k) => n += k,
                Err(e) => {
                    tracing::error!(error = %e, agency = %a.slug, year = year.be(), "publishing failed")
                }
            }
        }
    }
    n
}

/// Run [`publish_all`] when the server starts and again whenever the date in Bangkok changes
/// (checked every ten minutes).
pub fn spawn_daily(st: crate::app::AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        let mut done: Option<chrono::NaiveDate> = None;
        loop {
            tick.tick().await;
            let today = crate::view::today();
            if done != Some(today) {
                let n = publish_all(&st, today).await;
                tracing::info!(attached = n, "daily publishing to the OIT items done");
                done = Some(today);
            }
        }
    })
}

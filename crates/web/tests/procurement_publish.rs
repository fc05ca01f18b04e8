//! What the register publishes by itself to the OIT items, on SQLite and PostgreSQL: the plan,
//! the announcements page, every month that has ended (never one not yet over), the annual
//! report of the year before for an item whose data year is the previous one, an item that
//! merges several products (FY 2568), nothing twice, and every attached address answers.

mod common;

use chrono::NaiveDate;
use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::Product;
use prongsai_domain::procurement::{Method, Money, PlanItem, Record};
use prongsai_store::both_backends;
use prongsai_store::procurement::PlanHeader;
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope, Store};
use prongsai_web::pages::procurement::publish::attach_procurement;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fy(be: i32) -> FiscalYear {
    FiscalYear::new(be).unwrap()
}

async fn record(s: &Store, scope: &AgencyScope, year: FiscalYear, day: NaiveDate, what: &str) {
    let baht = Money::from_baht(12_000).unwrap();
    let r = Record {
        contract_date: Some(day),
        ..Record::new(year, what, baht, Method::Specific)
    };
    s.create_procurement(scope, &Actor::system("t"), &r)
        .await
        .unwrap();
}

async fn plan(s: &Store, scope: &AgencyScope, year: FiscalYear) {
    let actor = Actor::system("t");
    let header = PlanHeader {
        approved_on: Some(year.start()),
        note: String::new(),
    };
    let p = s
        .create_plan_revision(scope, &actor, year, &header)
        .await
        .unwrap();
    let items = vec![PlanItem {
        project: "ก่อสร้างถนน".into(),
        budget: Money::from_baht(500_000).unwrap(),
        source_of_funds: "เงินงบประมาณ".into(),
        method: Method::EBidding,
        expected_month: year.months()[2],
    }];
    s.update_plan_revision(scope, &actor, p.id, &header, &items)
        .await
        .unwrap();
}

/// The (auto key, address) pairs attached to an item.
async fn attached(
    s: &Store,
    scope: &AgencyScope,
    year: FiscalYear,
    code: &str,
) -> Vec<(String, String)> {
    s.disclosure(scope, year, code)
        .await
        .unwrap()
        .evidence
        .into_iter()
        .filter_map(|e| Some((e.evidence.auto_key?, e.evidence.url.unwrap_or_default())))
        .collect()
}

fn item_of(app: &TestApp, year: FiscalYear, p: Product) -> String {
    app.state
        .frameworks
        .get(year.be())
        .expect("a framework")
        .items_produced_by(p)
        .next()
        .expect("an item")
        .code
        .clone()
}

both_backends!(procurement_fills_its_items, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let s = &app.db.store;
    let (y65, y66) = (fy(2565), fy(2566));
    record(s, &x.scope, y65, d(2022, 3, 1), "งานปีก่อน").await;
    record(s, &x.scope, y66, d(2022, 10, 20), "งานตุลาคม").await;
    plan(s, &x.scope, y66).await;
    let actor = Actor::system("t");
    let fws = &app.state.frameworks;

    // 15 Dec 2022: October and November have ended, December has not
    let today = d(2022, 12, 15);
    attach_procurement(s, fws, &x.scope, &actor, "agency-x", y66, today)
        .await
        .unwrap();
    let monthly = item_of(&app, y66, Product::ProcurementMonthly);
    let months = attached(s, &x.scope, y66, &monthly).await;
    assert_eq!(
        months.iter().map(|(_, u)| u.as_str()).collect::<Vec<_>>(),
        [
            "/agency-x/procurement/2566/month-10.pdf",
            "/agency-x/procurement/2566/month-11.pdf"
        ],
        "{months:?}"
    );
    let plan_item = item_of(&app, y66, Product::ProcurementPlan);
    assert_eq!(
        attached(s, &x.scope, y66, &plan_item).await[0].1,
        "/agency-x/procurement/2566/plan.pdf"
    );
    let notices = item_of(&app, y66, Product::ProcurementNotices);
    assert_eq!(
        attached(s, &x.scope, y66, &notices).await[0].1,
        "/agency-x/procurement/2566"
    );
    // the annual-report item of FY 2566 asks for FY 2565's report (ended)
    let annual = item_of(&app, y66, Product::ProcurementAnnual);
    assert_eq!(
        attached(s, &x.scope, y66, &annual).await,
        [(
            "procurement:annual:2565".to_string(),
            "/agency-x/procurement/2565/annual.pdf".to_string()
        )]
    );

    // at the end of the year: twelve months, nothing twice after a second run
    let later = d(2023, 10, 2);
    for _ in 0..2 {
        attach_procurement(s, fws, &x.scope, &actor, "agency-x", y66, later)
            .await
            .unwrap();
    }
    let months = attached(s, &x.scope, y66, &monthly).await;
    assert_eq!(months.len(), 12, "{months:?}");
    // every attached address answers, a month without procurement with its statement
    let c = app.client();
    for (_, url) in &months {
        assert_eq!(c.get_bytes(url).await.0, 200, "{url}");
    }

    // FY 2568 merges plan, announcements and monthly summaries into one item
    let y68 = fy(2568);
    plan(s, &x.scope, y68).await;
    attach_procurement(s, fws, &x.scope, &actor, "agency-x", y68, d(2024, 11, 5))
        .await
        .unwrap();
    let merged = item_of(&app, y68, Product::ProcurementMonthly);
    assert_eq!(item_of(&app, y68, Product::ProcurementPlan), merged);
    let keys: Vec<String> = attached(s, &x.scope, y68, &merged)
        .await
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert!(
        keys.contains(&"procurement:plan:2568".to_string()),
        "{keys:?}"
    );
    assert!(
        keys.contains(&"procurement:notices:2568".to_string()),
        "{keys:?}"
    );
    assert!(
        keys.contains(&"procurement:month:2024-10".to_string()),
        "{keys:?}"
    );
    assert_eq!(keys.len(), 3, "November has not ended: {keys:?}");

    // a year without a framework file gets nothing
    assert_eq!(
        attach_procurement(s, fws, &x.scope, &actor, "agency-x", fy(2500), later)
            .await
            .unwrap(),
        0
    );
    app.stop().await;
});

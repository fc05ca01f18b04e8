//! The monthly procurement summary (สขร.๑) at its public address, on SQLite and PostgreSQL:
//! the nine official columns, a month without procurement with its statement, PDF/XLSX/CSV,
//! months not begun and malformed addresses refused.

mod common;

use chrono::NaiveDate;
use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::procurement::{Bidder, Method, Money, Record};
use prongsai_store::both_backends;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;

fn baht(b: i64) -> Money {
    Money::from_baht(b).unwrap()
}

both_backends!(monthly_summary_documents, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let fy = FiscalYear::new(2567).unwrap();
    let record = Record {
        reference_price: Some(baht(50_000)),
        bidders: vec![
            Bidder {
                name: "ร้านสมใจพาณิชย์".into(),
                offer: baht(48_500),
            },
            Bidder {
                name: "หจก. <b>รุ่งเรือง</b>".into(),
                offer: baht(49_000),
            },
        ],
        winner: Some("ร้านสมใจพาณิชย์".into()),
        award_price: Some(baht(48_000)),
        reason: "ราคาต่ำสุดและคุณสมบัติถูกต้อง".into(),
        contract_no: Some("12/2567".into()),
        contract_date: Some(NaiveDate::from_ymd_opt(2023, 10, 16).unwrap()),
        ..Record::new(fy, "จัดซื้อวัสดุสำนักงาน", baht(50_000), Method::Specific)
    };
    app.db
        .store
        .create_procurement(&x.scope, &Actor::system("t"), &record)
        .await
        .unwrap();

    let c = app.client();
    let october = c.get("/agency-x/procurement/2567/month-10.csv").await;
    assert_eq!(october.status, 200);
    let header = october.body.lines().next().unwrap();
    assert!(header.contains("งานที่จัดซื้อจัดจ้าง"), "{header}");
    assert_eq!(
        header.split(',').count(),
        9,
        "the nine columns of the สขร.๑"
    );
    assert!(october.body.contains("จัดซื้อวัสดุสำนักงาน"));
    assert!(october.body.contains("50,000.00"), "{}", october.body);
    assert!(october.body.contains("ร้านสมใจพาณิชย์"));
    // November had nothing: the statement, never a missing month
    let november = c.get("/agency-x/procurement/2567/month-11.csv").await;
    assert_eq!(november.status, 200);
    assert!(
        november.body.contains("ไม่มีการจัดซื้อจัดจ้าง"),
        "{}",
        november.body
    );
    let (status, _, pdf) = c.get_bytes("/agency-x/procurement/2567/month-10.pdf").await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    let (status, _, pdf) = c.get_bytes("/agency-x/procurement/2567/month-11.pdf").await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    let (status, _, xlsx) = c
        .get_bytes("/agency-x/procurement/2567/month-10.xlsx")
        .await;
    assert_eq!(status, 200);
    assert!(xlsx.starts_with(b"PK"));
    // another agency's register is its own
    app.seed_agency("agency-y").await;
    let y = c.get("/agency-y/procurement/2567/month-10.csv").await;
    assert!(!y.body.contains("จัดซื้อวัสดุสำนักงาน"));
    let future = FiscalYear::containing(chrono::Utc::now().date_naive()).be() + 1;
    for bad in [
        "/agency-x/procurement/2567/month-13.csv".to_string(),
        "/agency-x/procurement/2567/month-0.pdf".to_string(),
        "/agency-x/procurement/2567/month-10.exe".to_string(),
        "/agency-x/procurement/2567/october.pdf".to_string(),
        "/agency-x/procurement/nope/month-10.csv".to_string(),
        format!("/agency-x/procurement/{future}/month-10.csv"),
        "/agency-none/procurement/2567/month-10.csv".to_string(),
    ] {
        assert_eq!(c.get(&bad).await.status, 404, "{bad}");
    }
    app.stop().await;
});

//! Importing procurement records from CSV/XLSX with a preview, and the OCDS package of a year,
//! on SQLite and PostgreSQL, through the real server: Thai digits and BE dates, a bad row
//! (nothing stored, its Thai error shown), an e-GP number the register already has (refused),
//! warnings that need accepting, XLSX (the สขร.๑ layout with its title lines), cancel, who
//! may import, and `GET /api/v1/agencies/{agency}/procurement/{year}/ocds.json`.

mod common;

use chrono::NaiveDate;
use common::{Client, TestApp};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::procurement::{Bidder, Method, Money, Record, SUMMARY_HEADINGS_TH};
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope};

const THAI_CSV: &[u8] = include_bytes!("assets/procurement/thai_digits_be.csv");
const THAI_CSV_874: &[u8] = include_bytes!("assets/procurement/thai_digits_be_windows874.csv");
const BAD_CSV: &[u8] = include_bytes!("assets/procurement/one_bad_row.csv");

const FORM: &str = "/staff/procurement/import";

fn fy() -> FiscalYear {
    FiscalYear::new(2567).unwrap()
}

fn baht(b: i64) -> Money {
    Money::from_baht(b).unwrap()
}

/// Upload a file for 2567; returns the preview's address.
async fn upload(c: &Client, name: &str, bytes: &[u8]) -> String {
    let p = c
        .upload(FORM, FORM, &[("fiscal_year", "2567")], name, bytes.to_vec())
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let to = p.location.unwrap();
    assert!(to.starts_with("/staff/procurement/import/"), "{to}");
    to
}

async fn count(app: &TestApp, scope: &AgencyScope) -> usize {
    app.db
        .store
        .procurements_of_year(scope, fy())
        .await
        .unwrap()
        .len()
}

both_backends!(
    csv_with_thai_digits_is_previewed_then_imported,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let c = app.client();
        c.login(&x.user(Role::UnitStaff)).await;

        let form = c.get(FORM).await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("template.csv"));
        let preview_at = upload(&c, "ทะเบียน.csv", THAI_CSV).await;
        let p = c.get(&preview_at).await;
        assert_eq!(p.status, 200);
        // the rows as they will be stored: Thai digits read, BE dates shown
        assert!(p.body.contains("จัดซื้อวัสดุสำนักงาน กองคลัง"), "{}", p.body);
        assert!(p.body.contains("50,000.00"));
        assert!(p.body.contains("16 ต.ค. 2566"), "{}", p.body);
        assert!(p.body.contains("66109012345"));
        assert!(p.body.contains(r#"id="pv-rows">3<"#));
        assert!(p.body.contains(r#"id="pv-errors">0<"#));
        // every text of the pages comes from the catalogue (a missing key shows as itself)
        assert!(!p.body.contains("procimport."), "{}", p.body);
        assert!(!form.body.contains("procimport."), "{}", form.body);
        // 50,000 + 4,800 + 1,450,000
        assert!(p.body.contains("1,504,800.00"), "{}", p.body);
        assert_eq!(
            count(&app, &x.scope).await,
            0,
            "nothing before the confirmation"
        );

        let apply = format!("{preview_at}/apply");
        let done = c.post_form(&preview_at, &apply, &[]).await;
        assert_eq!(done.status, 303, "{}", done.body);
        assert_eq!(
            done.location.as_deref(),
            Some("/staff/procurement/2567?imported=3")
        );
        let stored = app
            .db
            .store
            .procurements_of_year(&x.scope, fy())
            .await
            .unwrap();
        assert_eq!(stored.len(), 3);
        let first = stored
            .iter()
            .find(|r| r.record.project == "จัดซื้อวัสดุสำนักงาน กองคลัง")
            .unwrap();
        assert_eq!(first.record.budget, baht(50_000));
        assert_eq!(first.record.award_price, Some(baht(48_000)));
        assert_eq!(first.record.bidders.len(), 2);
        assert_eq!(first.record.contract_no.as_deref(), Some("12/2567"));
        assert_eq!(
            first.record.contract_date,
            NaiveDate::from_ymd_opt(2023, 10, 16)
        );
        assert_eq!(
            first.record.delivery_date,
            NaiveDate::from_ymd_opt(2023, 10, 23)
        );
        assert_eq!(
            first.record.payment_date,
            NaiveDate::from_ymd_opt(2023, 10, 30)
        );
        assert_eq!(first.record.egp_no.as_deref(), Some("66109012345"));
        let road = stored
            .iter()
            .find(|r| r.record.method == Method::EBidding)
            .unwrap();
        assert_eq!(road.record.bidders[1].offer, baht(1_432_500));
        // the draft is gone once imported
        assert_eq!(c.get(&preview_at).await.status, 404);

        // the same rows again (Windows-874 this time): every e-GP number is already registered
        let again = upload(&c, "ทะเบียน.csv", THAI_CSV_874).await;
        let p = c.get(&again).await;
        assert!(p.body.contains("มีอยู่แล้วในทะเบียนจัดซื้อจัดจ้าง"), "{}", p.body);
        assert!(p.body.contains(r#"id="pv-errors">2<"#), "{}", p.body);
        let refused = c.post_form(&again, &format!("{again}/apply"), &[]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(count(&app, &x.scope).await, 3);
        app.stop().await;
    }
);

both_backends!(
    a_bad_row_stores_nothing_and_shows_its_thai_error,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let c = app.client();
        c.login(&x.user(Role::AgencyAdmin)).await;
        let preview_at = upload(&c, "bad.csv", BAD_CSV).await;
        let p = c.get(&preview_at).await;
        assert_eq!(p.status, 200);
        assert!(p.body.contains(r#"id="row-3" class="below""#), "{}", p.body);
        assert!(p.body.contains("วงเงิน: จำนวนเงินไม่ถูกต้อง"), "{}", p.body);
        assert!(p.body.contains(r#"id="pv-errors">1<"#));
        assert!(
            !p.body.contains(r#"id="apply""#),
            "no import button while a row is wrong"
        );
        // posting anyway stores nothing
        let refused = c
            .post_form(&preview_at, &format!("{preview_at}/apply"), &[])
            .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains(r#"id="refused""#), "{}", refused.body);
        assert!(refused.body.contains("วงเงิน: จำนวนเงินไม่ถูกต้อง"));
        assert_eq!(count(&app, &x.scope).await, 0);
        // cancel drops the draft
        let gone = c
            .post_form(&preview_at, &format!("{preview_at}/cancel"), &[])
            .await;
        assert_eq!(gone.status, 303);
        assert_eq!(
            gone.location.as_deref(),
            Some("/staff/procurement/import?year=2567")
        );
        assert_eq!(c.get(&preview_at).await.status, 404);
        // a file the importer cannot read at all: the form again, with the reason
        let p = c
            .upload(
                FORM,
                FORM,
                &[("fiscal_year", "2567")],
                "x.csv",
                b"a,b\n1,2\n".to_vec(),
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ไม่พบแถวหัวตาราง"), "{}", p.body);
        app.stop().await;
    }
);

both_backends!(
    duplicate_egp_against_the_register_is_refused,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let existing = Record {
            egp_no: Some("67019000001".into()),
            contract_date: NaiveDate::from_ymd_opt(2024, 1, 5),
            ..Record::new(fy(), "งานเดิม", baht(1_000), Method::Specific)
        };
        app.db
            .store
            .create_procurement(&x.scope, &Actor::system("t"), &existing)
            .await
            .unwrap();
        let c = app.client();
        c.login(&x.user(Role::UnitStaff)).await;
        let csv = "project,budget,method,egp_no,contract_date\nงานใหม่,100,specific,,1/12/2566\nงานซ้ำ,200,e-market,6701-9000001,2/12/2566\n";
        let preview_at = upload(&c, "dup.csv", csv.as_bytes()).await;
        let p = c.get(&preview_at).await;
        assert!(
            p.body.contains("67019000001 มีอยู่แล้ว") || p.body.contains("๖๗๐๑๙๐๐๐๐๐๑ มีอยู่แล้ว"),
            "{}",
            p.body
        );
        let refused = c
            .post_form(&preview_at, &format!("{preview_at}/apply"), &[])
            .await;
        assert_eq!(refused.status, 422);
        assert_eq!(
            count(&app, &x.scope).await,
            1,
            "nothing of the file was stored"
        );
        app.stop().await;
    }
);

both_backends!(warnings_must_be_accepted, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let c = app.client();
    c.login(&x.user(Role::UnitStaff)).await;
    let csv = "project,budget,method,bidders,winner,award_price,reason,contract_date\nงานเกินวงเงิน,1000,specific,ร้านเอ ราคา 1100,ร้านเอ,1100,รายเดียว,1/12/2566\n";
    let preview_at = upload(&c, "over.csv", csv.as_bytes()).await;
    let p = c.get(&preview_at).await;
    assert!(p.body.contains("สูงกว่าวงเงิน"), "{}", p.body);
    assert!(p.body.contains(r#"id="accept_warnings""#));
    let refused = c
        .post_form(&preview_at, &format!("{preview_at}/apply"), &[])
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(count(&app, &x.scope).await, 0);
    let done = c
        .post_form(
            &preview_at,
            &format!("{preview_at}/apply"),
            &[("accept_warnings", "1")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let stored = app
        .db
        .store
        .procurements_of_year(&x.scope, fy())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(stored[0].record.accept_over_budget);
    app.stop().await;
});

both_backends!(
    xlsx_in_the_summary_layout_is_imported,
    |db: TestDb| async move {
        use prongsai_docs::xlsx::{workbook, Cell, Sheet};
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let record = Record {
            reference_price: Some(baht(50_000)),
            bidders: vec![
                Bidder {
                    name: "ร้านสมใจพาณิชย์".into(),
                    offer: baht(48_500),
                },
                Bidder {
                    name: "หจก. รุ่งเรือง".into(),
                    offer: baht(49_000),
                },
            ],
            winner: Some("ร้านสมใจพาณิชย์".into()),
            award_price: Some(baht(48_000)),
            reason: "ราคาต่ำสุด".into(),
            contract_no: Some("12/2567".into()),
            contract_date: NaiveDate::from_ymd_opt(2024, 3, 15),
            ..Record::new(fy(), "จัดซื้อวัสดุสำนักงาน", baht(50_000), Method::Specific)
        };
        // the สขร.๑ as the public address serves it: title lines above the nine columns
        let bytes = workbook(&[Sheet {
            name: "สขร.๑".into(),
            title: vec![
                "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนมีนาคม พ.ศ. 2567".into(),
                "อบต. ทดสอบ".into(),
            ],
            header: SUMMARY_HEADINGS_TH.iter().map(|h| h.to_string()).collect(),
            rows: vec![record
                .summary_row(1, Digits::Arabic)
                .columns()
                .iter()
                .map(|c| Cell::Text(c.to_string()))
                .collect()],
        }])
        .unwrap();
        let c = app.client();
        c.login(&x.user(Role::UnitStaff)).await;
        let preview_at = upload(&c, "สขร1-มีนาคม.xlsx", &bytes).await;
        let p = c.get(&preview_at).await;
        assert!(p.body.contains(r#"id="pv-rows">1<"#), "{}", p.body);
        assert!(p.body.contains(r#"id="pv-errors">0<"#), "{}", p.body);
        let done = c
            .post_form(&preview_at, &format!("{preview_at}/apply"), &[])
            .await;
        assert_eq!(done.status, 303, "{}", done.body);
        let stored = app
            .db
            .store
            .procurements_of_year(&x.scope, fy())
            .await
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].record, record);
        app.stop().await;
    }
);

both_backends!(
    only_procurement_staff_of_the_agency_import,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let y = app.seed_agency("agency-y").await;
        // an executive may not import
        let exec = app.client();
        exec.login(&x.user(Role::Executive)).await;
        assert_eq!(exec.get(FORM).await.status, 403);
        // anonymous: to the login
        let anon = app.client();
        let p = anon.get(FORM).await;
        assert_eq!(p.status, 303);
        // a draft is its user's own: another agency's staff cannot see or apply it
        let c = app.client();
        c.login(&x.user(Role::UnitStaff)).await;
        let preview_at = upload(&c, "r.csv", THAI_CSV).await;
        let other = app.client();
        other.login(&y.user(Role::UnitStaff)).await;
        assert_eq!(other.get(&preview_at).await.status, 404);
        let token = other.csrf(FORM).await;
        let p = other
            .post_raw(&format!("{preview_at}/apply"), &[("csrf", token.as_str())])
            .await;
        assert_eq!(p.status, 404);
        // without the CSRF token: refused
        let p = c.post_raw(&format!("{preview_at}/apply"), &[]).await;
        assert_eq!(p.status, 403);
        let p = c
            .http
            .post(format!("{}{FORM}", c.base))
            .multipart(reqwest::multipart::Form::new().text("fiscal_year", "2567"))
            .send()
            .await
            .unwrap();
        assert_eq!(p.status().as_u16(), 403);
        assert_eq!(count(&app, &x.scope).await, 0);
        assert_eq!(count(&app, &y.scope).await, 0);
        app.stop().await;
    }
);

both_backends!(the_ocds_package_of_a_year, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let record = Record {
        bidders: vec![Bidder {
            name: "ร้านสมใจพาณิชย์".into(),
            offer: Money::from_satang(4_850_050).unwrap(),
        }],
        winner: Some("ร้านสมใจพาณิชย์".into()),
        award_price: Some(Money::from_satang(4_850_050).unwrap()),
        reason: "ราคาต่ำสุด".into(),
        contract_no: Some("12/2567".into()),
        contract_date: NaiveDate::from_ymd_opt(2023, 10, 16),
        ..Record::new(fy(), "จัดซื้อวัสดุสำนักงาน", baht(50_000), Method::Selection)
    };
    let stored = app
        .db
        .store
        .create_procurement(&x.scope, &Actor::system("t"), &record)
        .await
        .unwrap();
    app.seed_agency("agency-y").await;
    let c = app.client();
    let p = c
        .get("/api/v1/agencies/agency-x/procurement/2567/ocds.json")
        .await;
    assert_eq!(p.status, 200);
    assert_eq!(
        p.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let v: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    assert_eq!(v["version"], "1.1");
    assert_eq!(v["publisher"]["name"], "องค์การบริหารส่วนตำบล agency-x");
    let releases = v["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 1);
    let r = &releases[0];
    assert_eq!(r["ocid"], format!("ocds-xxxxxx-agency-x-{}", stored.id));
    assert_eq!(r["tender"]["procurementMethod"], "selective");
    assert_eq!(r["tender"]["procurementMethodDetails"], "คัดเลือก");
    assert_eq!(r["tender"]["value"]["amount"], serde_json::json!(50000.0));
    assert_eq!(
        r["awards"][0]["value"]["amount"],
        serde_json::json!(48500.5)
    );
    assert_eq!(r["contracts"][0]["id"], "12/2567");
    assert!(p.body.contains("\"amount\":48500.5,"), "{}", p.body);
    for missing in [
        "/api/v1/agencies/agency-none/procurement/2567/ocds.json",
        "/api/v1/agencies/agency-y/procurement/2567/ocds.json",
        "/api/v1/agencies/agency-x/procurement/2566/ocds.json",
        "/api/v1/agencies/agency-x/procurement/abc/ocds.json",
    ] {
        assert_eq!(c.get(missing).await.status, 404, "{missing}");
    }
    app.stop().await;
});

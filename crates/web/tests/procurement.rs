//! Procurement at its public addresses, on SQLite and PostgreSQL: the monthly summary (สขร.๑)
//! with the nine official columns and the statement of a month without procurement
//! (PDF/DOCX/XLSX/CSV); the index of years; the year's page (the plan, the twelve months, the
//! annual report, the OCDS link, the records with their announcements linked to public
//! documents only, user text escaped, pagination and the month filter); the plan and annual
//! report files with their types; months not begun, malformed addresses and other agencies
//! refused with the Thai 404 page.

mod common;

use chrono::NaiveDate;
use common::{Client, TestApp};
use prongsai_domain::calendar::{FiscalYear, YearMonth};
use prongsai_domain::procurement::{Bidder, Method, Money, PlanItem, Record};
use prongsai_store::both_backends;
use prongsai_store::disclosure::{Document, DocumentMeta, NewDocument};
use prongsai_store::procurement::PlanHeader;
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope};

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
    let (status, _, docx) = c
        .get_bytes("/agency-x/procurement/2567/month-11.docx")
        .await;
    assert_eq!(status, 200);
    assert!(docx.starts_with(b"PK"));
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

fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// A complete purchase of FY 2567 on `date`.
fn purchase(project: &str, date: NaiveDate) -> Record {
    let fy = FiscalYear::new(2567).unwrap();
    Record {
        reference_price: Some(baht(50_000)),
        bidders: vec![
            Bidder {
                name: "ร้านสมใจ & ลูก".into(),
                offer: baht(48_500),
            },
            Bidder {
                name: "หจก. รุ่งเรือง".into(),
                offer: baht(49_000),
            },
        ],
        winner: Some("ร้านสมใจ & ลูก".into()),
        award_price: Some(baht(48_000)),
        reason: "ราคาต่ำสุด".into(),
        contract_no: Some("12/2567".into()),
        contract_date: Some(date),
        ..Record::new(fy, project, baht(50_000), Method::Specific)
    }
}

async fn document(app: &TestApp, scope: &AgencyScope, title: &str, public: bool) -> Document {
    let (d, _) = app
        .db
        .store
        .add_document(
            scope,
            &Actor::system("t"),
            &app.state.blobs,
            NewDocument {
                file_name: format!("{}.pdf", title.len()),
                kind: "pdf".into(),
                bytes: format!("%PDF-1.4\n% {title}\n%%EOF\n").into_bytes(),
                body: None,
                meta: DocumentMeta {
                    title: title.into(),
                    public,
                    ..Default::default()
                },
            },
        )
        .await
        .unwrap();
    d
}

async fn plan(app: &TestApp, scope: &AgencyScope, be: i32, revisions: u32) {
    let s = &app.db.store;
    let actor = Actor::system("t");
    let year = FiscalYear::new(be).unwrap();
    let month = year.months()[4];
    for r in 0..revisions {
        let p = s
            .create_plan_revision(scope, &actor, year, &PlanHeader::default())
            .await
            .unwrap();
        let header = PlanHeader {
            approved_on: Some(year.start()),
            note: String::new(),
        };
        let items = [PlanItem {
            project: format!("ก่อสร้างถนน <หมู่ที่ {}>", r + 1),
            budget: baht(450_000),
            source_of_funds: "เงินงบประมาณ".into(),
            method: Method::EBidding,
            expected_month: month,
        }];
        s.update_plan_revision(scope, &actor, p.id, &header, &items)
            .await
            .unwrap();
    }
}

/// The position of `needle` in `body` (panics with the body when missing).
fn at(body: &str, needle: &str) -> usize {
    body.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the page:\n{body}"))
}

async fn status(c: &Client, path: &str) -> u16 {
    c.get(path).await.status
}

both_backends!(index_and_year_page, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let s = &app.db.store;
    let actor = Actor::system("t");
    let invitation = document(&app, &x.scope, "ประกาศเชิญชวน <ซื้อวัสดุ>", true).await;
    let internal = document(&app, &x.scope, "บันทึกภายใน", false).await;
    let gone = document(&app, &x.scope, "ประกาศที่ลบแล้ว", true).await;
    let mut october = purchase(
        "จัดซื้อวัสดุ <script>alert(1)</script>",
        NaiveDate::from_ymd_opt(2023, 10, 16).unwrap(),
    );
    october.invitation_doc_id = Some(invitation.id);
    october.award_doc_id = Some(internal.id);
    october.egp_no = Some("66109012345".into());
    s.create_procurement(&x.scope, &actor, &october)
        .await
        .unwrap();
    let mut march = purchase(
        "จ้างซ่อมรถบรรทุกน้ำ",
        NaiveDate::from_ymd_opt(2024, 3, 2).unwrap(),
    );
    march.award_doc_id = Some(gone.id);
    s.create_procurement(&x.scope, &actor, &march)
        .await
        .unwrap();
    s.delete_document(&x.scope, &actor, gone.id).await.unwrap();
    // FY 2566 has only a plan, revised once
    plan(&app, &x.scope, 2566, 2).await;
    let current = FiscalYear::containing(today());

    let c = app.client();
    // the index: newest first, the current year always there
    let index = c.get("/agency-x/procurement").await;
    assert_eq!(index.status, 200);
    let body = &index.body;
    let y = |be: i32| format!("href=\"/agency-x/procurement/{be}\"");
    assert!(at(body, &y(current.be())) < at(body, &y(2567)));
    assert!(at(body, &y(2567)) < at(body, &y(2566)));
    assert!(
        !body.contains(&y(2565)),
        "a year without anything is not listed"
    );

    // the year's page
    let page = c.get("/agency-x/procurement/2567").await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    if let Ok(dir) = std::env::var("PRONGSAI_PROCUREMENT_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("year.html"), body).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("index.html"), &index.body).unwrap();
    }
    // the twelve months, October first, each begun one with its four files
    let months = [
        "ตุลาคม 2566",
        "พฤศจิกายน 2566",
        "ธันวาคม 2566",
        "มกราคม 2567",
        "กุมภาพันธ์ 2567",
        "มีนาคม 2567",
        "เมษายน 2567",
        "พฤษภาคม 2567",
        "มิถุนายน 2567",
        "กรกฎาคม 2567",
        "สิงหาคม 2567",
        "กันยายน 2567",
    ];
    let mut last = 0;
    for m in months {
        let i = at(body, &format!("<th scope=\"row\">{m}</th>"));
        assert!(i > last, "{m} out of order");
        last = i;
    }
    for m in 1..=12 {
        for ext in ["pdf", "docx", "xlsx", "csv"] {
            at(
                body,
                &format!("href=\"/agency-x/procurement/2567/month-{m}.{ext}\""),
            );
        }
    }
    // ten months without procurement say so; October and March count their records
    assert_eq!(
        body.matches("<td class=\"statement\">ไม่มีการจัดซื้อจัดจ้าง</td>")
            .count(),
        10
    );
    at(body, "href=\"/agency-x/procurement/2567?month=10#records\"");
    // the annual report, the OCDS data, no plan for this year
    for ext in ["pdf", "docx", "xlsx"] {
        at(
            body,
            &format!("href=\"/agency-x/procurement/2567/annual.{ext}\""),
        );
    }
    at(
        body,
        "href=\"/api/v1/agencies/agency-x/procurement/2567/ocds.json\"",
    );
    at(body, "id=\"no-plan\"");
    // the records: user text escaped, the public announcement linked with its title, the
    // internal and the deleted ones not
    assert!(!body.contains("<script>alert(1)</script>"));
    at(body, "จัดซื้อวัสดุ &#60;script&#62;alert(1)&#60;/script&#62;");
    at(body, "ร้านสมใจ &#38; ลูก");
    at(body, "66109012345");
    let link = format!(
        "href=\"/agency-x/files/{}/{}\"",
        invitation.id, invitation.file_name
    );
    at(body, &link);
    at(body, "title=\"ประกาศเชิญชวน &#60;ซื้อวัสดุ&#62;\"");
    assert!(!body.contains(&format!("/agency-x/files/{}/", internal.id)));
    assert!(!body.contains(&format!("/agency-x/files/{}/", gone.id)));
    at(body, "จ้างซ่อมรถบรรทุกน้ำ");
    assert!(
        at(body, "alert(1)") < at(body, "จ้างซ่อมรถบรรทุกน้ำ"),
        "by contract date"
    );
    assert_eq!(body.matches(">ไม่มีการจัดซื้อจัดจ้าง<").count(), 10);
    // one month at a time
    let oct = c.get("/agency-x/procurement/2567?month=10").await;
    assert_eq!(oct.status, 200);
    at(&oct.body, "alert(1)");
    assert!(!oct.body.contains("จ้างซ่อมรถบรรทุกน้ำ"));
    let nov = c.get("/agency-x/procurement/2567?month=11").await;
    at(&nov.body, "id=\"no-records\"");
    for bad in [
        "/agency-x/procurement/2567?month=13",
        "/agency-x/procurement/2567?month=x",
        "/agency-x/procurement/2567?page=2",
        "/agency-x/procurement/2567?page=0",
        "/agency-x/procurement/2567?page=x",
        "/agency-x/procurement/๒๕๖๗",
        "/agency-x/procurement/nope",
        "/agency-none/procurement",
        "/agency-none/procurement/2567",
    ] {
        let r = c.get(bad).await;
        assert_eq!(r.status, 404, "{bad}");
        at(&r.body, "ไม่พบหน้าที่ต้องการ");
    }
    // the year with only a plan: its revision, its files
    let y2566 = c.get("/agency-x/procurement/2566").await;
    assert_eq!(y2566.status, 200);
    at(&y2566.body, "(ปรับปรุงครั้งที่ 1)");
    at(&y2566.body, "href=\"/agency-x/procurement/2566/plan.pdf\"");
    at(&y2566.body, "href=\"/agency-x/procurement/2566/plan.xlsx\"");
    at(&y2566.body, "id=\"no-records\"");
    assert!(!y2566.body.contains("id=\"no-plan\""));
    // a year not begun: nothing, unless its plan is published early
    let next = current.next().unwrap();
    assert_eq!(
        status(&c, &format!("/agency-x/procurement/{}", next.be())).await,
        404
    );
    plan(&app, &x.scope, next.be(), 1).await;
    let early = c.get(&format!("/agency-x/procurement/{}", next.be())).await;
    assert_eq!(early.status, 200);
    at(
        &early.body,
        &format!("/agency-x/procurement/{}/plan.pdf", next.be()),
    );
    assert!(!early.body.contains("month-10.pdf"), "no month has begun");
    assert!(
        !early.body.contains("annual.pdf"),
        "no report before the year"
    );
    for f in ["month-10.pdf", "annual.pdf"] {
        assert_eq!(
            status(&c, &format!("/agency-x/procurement/{}/{f}", next.be())).await,
            404,
            "{f}"
        );
    }
    let (st, h, _) = c
        .get_bytes(&format!("/agency-x/procurement/{}/plan.xlsx", next.be()))
        .await;
    assert_eq!(st, 200);
    assert!(h["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    // another agency's pages are its own
    app.seed_agency("agency-y").await;
    let other = c.get("/agency-y/procurement/2567").await;
    assert_eq!(other.status, 200);
    assert!(!other.body.contains("alert(1)"));
    assert_eq!(status(&c, "/agency-y/procurement/2566/plan.pdf").await, 404);
    app.stop().await;
});

both_backends!(files_have_their_types, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let actor = Actor::system("t");
    app.db
        .store
        .create_procurement(
            &x.scope,
            &actor,
            &purchase(
                "จัดซื้อวัสดุสำนักงาน",
                NaiveDate::from_ymd_opt(2024, 3, 2).unwrap(),
            ),
        )
        .await
        .unwrap();
    app.db
        .store
        .save_procurement_report_notes(
            &x.scope,
            &actor,
            FiscalYear::new(2567).unwrap(),
            "งบประมาณล่าช้า",
            "",
        )
        .await
        .unwrap();
    plan(&app, &x.scope, 2567, 1).await;
    let c = app.client();
    let pdf = "application/pdf";
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let csv = "text/csv; charset=utf-8";
    for (file, mime, magic) in [
        ("month-3.pdf", pdf, &b"%PDF"[..]),
        ("month-3.pdf?digits=arabic", pdf, b"%PDF"),
        ("month-3.docx", docx, b"PK"),
        ("month-3.xlsx", xlsx, b"PK"),
        ("month-3.csv", csv, "\u{feff}".as_bytes()),
        ("month-4.pdf", pdf, b"%PDF"),
        ("plan.pdf", pdf, b"%PDF"),
        ("plan.xlsx", xlsx, b"PK"),
        ("annual.pdf", pdf, b"%PDF"),
        ("annual.docx", docx, b"PK"),
        ("annual.xlsx", xlsx, b"PK"),
    ] {
        let (status, h, body) = c
            .get_bytes(&format!("/agency-x/procurement/2567/{file}"))
            .await;
        assert_eq!(status, 200, "{file}");
        assert_eq!(h["content-type"], mime, "{file}");
        assert!(body.starts_with(magic), "{file}");
        assert!(
            h["content-disposition"].to_str().unwrap().contains("2567"),
            "{file}"
        );
        assert_eq!(h["cache-control"], "public, max-age=300", "{file}");
    }
    // the CSV of March has the record, in the nine columns
    let march = c.get("/agency-x/procurement/2567/month-3.csv").await;
    at(&march.body, "จัดซื้อวัสดุสำนักงาน");
    at(&march.body, "ร้านสมใจ & ลูก ราคาที่ตกลง 48,000.00 บาท");
    for bad in [
        "annual.csv",
        "plan.docx",
        "plan.csv",
        "month-3.doc",
        "month-03.pdf",
        "month-13.pdf",
        "month-.pdf",
        "report.pdf",
        "month-3",
    ] {
        let r = c.get(&format!("/agency-x/procurement/2567/{bad}")).await;
        assert_eq!(r.status, 404, "{bad}");
        at(&r.body, "ไม่พบหน้าที่ต้องการ");
    }
    // no plan for 2566
    assert_eq!(status(&c, "/agency-x/procurement/2566/plan.pdf").await, 404);
    app.stop().await;
});

both_backends!(
    a_busy_year_is_paginated_and_grouped_by_month,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let actor = Actor::system("t");
        let fy = FiscalYear::new(2567).unwrap();
        let months: Vec<YearMonth> = fy.months().to_vec();
        // 205 records: 17 or 18 a month
        for i in 0..205usize {
            let m = months[i % 12];
            let r = purchase(
                &format!("รายการที่ {:03}", i + 1),
                m.first_day() + chrono::Days::new((i % 20) as u64),
            );
            app.db
                .store
                .create_procurement(&x.scope, &actor, &r)
                .await
                .unwrap();
        }
        let c = app.client();
        let p1 = c.get("/agency-x/procurement/2567").await;
        assert_eq!(p1.status, 200);
        // a hundred on the first page, from October, with the way to the next page
        assert_eq!(p1.body.matches("รายการที่ ").count(), 100);
        at(
            &p1.body,
            "<th colspan=\"7\" scope=\"rowgroup\">ตุลาคม 2566</th>",
        );
        assert!(!p1
            .body
            .contains("<th colspan=\"7\" scope=\"rowgroup\">กันยายน 2567</th>"));
        at(
            &p1.body,
            "href=\"/agency-x/procurement/2567?page=2#records\"",
        );
        at(
            &p1.body,
            "<span class=\"value\" id=\"total-count\">205</span>",
        );
        let p3 = c.get("/agency-x/procurement/2567?page=3").await;
        assert_eq!(p3.status, 200);
        assert_eq!(p3.body.matches("รายการที่ ").count(), 5);
        at(
            &p3.body,
            "<th colspan=\"7\" scope=\"rowgroup\">กันยายน 2567</th>",
        );
        at(
            &p3.body,
            "href=\"/agency-x/procurement/2567?page=2#records\"",
        );
        assert!(!p3.body.contains("page=4"));
        assert_eq!(status(&c, "/agency-x/procurement/2567?page=4").await, 404);
        // a month alone fits on one page
        let june = c.get("/agency-x/procurement/2567?month=6").await;
        assert_eq!(june.body.matches("รายการที่ ").count(), 17);
        assert!(!june.body.contains("?month=6&amp;page=2"));
        app.stop().await;
    }
);

both_backends!(
    year_page_texts_come_from_the_catalogue,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        app.seed_agency("agency-x").await;
        let c = app.client();
        for path in ["/agency-x/procurement", "/agency-x/procurement/2567"] {
            let th = c.get(path).await;
            assert_eq!(th.status, 200);
            assert!(
                !th.body.contains("procurement_public."),
                "{path}: a key without its text"
            );
            at(&th.body, "การจัดซื้อจัดจ้าง");
        }
        c.get("/lang/en?next=/").await;
        let en = c.get("/agency-x/procurement/2567").await;
        assert!(!en.body.contains("procurement_public."));
        at(&en.body, "Monthly procurement summaries");
        at(&en.body, "No procurement");
        app.stop().await;
    }
);

//! The agency's contact channels (managed once in the settings, shown at the foot of every
//! public page and on the contact page), the service statistics as documents (PDF, XLSX,
//! CSV by period), and what attaches itself to the OIT items: contact page, e-Service
//! catalogue, statistics of each half-year. Both databases.

mod common;

use chrono::NaiveDate;
use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::eservice::{FieldDef, FieldKind, FormDef};
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::eservice::ServiceDraft;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;

fn settings<'a>(
    facebook: &'a str,
    line: &'a str,
    map: &'a str,
    hours: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name_th", "องค์การบริหารส่วนตำบลทดสอบ"),
        ("kind", "sao"),
        ("province", "นครราชสีมา"),
        ("address", "หมู่ที่ 1 ตำบลทดสอบ"),
        ("phone", "044-123-456 ต่อ 12"),
        ("email", "saraban@test.example"),
        ("facebook", facebook),
        ("line", line),
        ("map", map),
        ("office_hours", hours),
    ]
}

both_backends!(
    contact_channels_on_every_public_page,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let saved = admin
            .post_form(
                "/staff/admin/settings",
                "/staff/admin/settings",
                &settings(
                    "fb.com/abttest",
                    "@AbtTest",
                    "14.9799, 102.0977",
                    "จันทร์–ศุกร์ 08.30–16.30 น. <script>alert(1)</script>",
                ),
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let a = app.db.store.agency(&x.scope).await.unwrap();
        assert_eq!(
            a.facebook.as_deref(),
            Some("https://www.facebook.com/abttest")
        );
        assert_eq!(a.line.as_deref(), Some("@abttest"));
        assert_eq!(a.map.as_deref(), Some("14.979900,102.097700"));

        // a wrong value is refused in Thai, and what was stored stays
        let refused = admin
            .post_form(
                "/staff/admin/settings",
                "/staff/admin/settings",
                &settings("https://evil.example/x", "@abttest", "14.9799,102.0977", ""),
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.body.contains("ลิงก์ Facebook"), "{}", refused.body);
        assert!(
            refused.body.contains("https://evil.example/x"),
            "what was typed is shown again"
        );
        let swapped = admin
            .post_form(
                "/staff/admin/settings",
                "/staff/admin/settings",
                &settings("", "", "102.0977,14.9799", ""),
            )
            .await;
        assert_eq!(swapped.status, 422);
        assert!(swapped.body.contains("สลับกัน"), "{}", swapped.body);
        let a = app.db.store.agency(&x.scope).await.unwrap();
        assert_eq!(
            a.facebook.as_deref(),
            Some("https://www.facebook.com/abttest")
        );

        // every public page of the agency carries the channels in its foot, escaped
        let citizen = app.client();
        for path in [
            "/agency-x",
            "/agency-x/eservice",
            "/agency-x/eservice/track",
            "/agency-x/stats",
            "/agency-x/ita/2567",
            "/agency-x/contact",
        ] {
            let p = citizen.get(path).await;
            assert_eq!(p.status, 200, "{path}");
            assert!(
                p.body.contains("href=\"https://www.facebook.com/abttest\""),
                "{path}: facebook"
            );
            assert!(
                p.body.contains("href=\"https://line.me/R/ti/p/@abttest\""),
                "{path}: LINE"
            );
            assert!(
                p.body.contains("openstreetmap.org/?mlat=14.979900"),
                "{path}: map"
            );
            assert!(p.body.contains("href=\"tel:044123456\""), "{path}: phone");
            assert!(!p.body.contains("<script>alert(1)"), "{path}: escaped");
            assert!(
                p.body.contains("&#60;script&#62;alert(1)"),
                "{path}: hours shown as text"
            );
            // the agency's menu, with the current page marked
            assert!(
                p.body.contains("href=\"/agency-x/complaints\""),
                "{path}: menu"
            );
        }
        let track = citizen.get("/agency-x/eservice/track").await;
        assert!(track
            .body
            .contains("<a href=\"/agency-x/eservice/track\" aria-current=\"page\">"));
        // the address's query does not hide where the visitor is
        let stats = citizen.get("/agency-x/stats?year=2567").await;
        assert!(stats
            .body
            .contains("<a href=\"/agency-x/stats\" aria-current=\"page\">"));
        assert_eq!(
            stats.body.matches("aria-current=\"page\"").count(),
            2,
            "one link of the agency menu, one of the period list"
        );
        // another agency shows its own (empty) channels
        app.seed_agency("agency-y").await;
        let y = citizen.get("/agency-y/eservice").await;
        assert!(!y.body.contains("abttest"));
        app.stop().await;
    }
);

fn lamp_form() -> FormDef {
    let mut name = FieldDef::new("name", "ชื่อ-นามสกุล", FieldKind::Text);
    name.required = true;
    FormDef {
        fields: vec![name],
        documents: vec![],
    }
}

both_backends!(
    statistics_documents_and_oit_attachments,
    |db: TestDb| async move {
        use prongsai_domain::eservice::{Contact, TrackingCode};
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let s = &app.db.store;
        let sys = Actor::system("t");
        let service = s
            .create_service(
                &x.scope,
                &sys,
                ServiceDraft {
                    name_th: "แจ้งซ่อมไฟฟ้าสาธารณะ".into(),
                    name_en: None,
                    description_th: "ไฟถนนดับ".into(),
                    unit_id: None,
                    target_days: 7,
                    form: lamp_form(),
                    active: true,
                },
            )
            .await
            .unwrap();
        // FY 2567: two online requests in October 2023, 14 served at the counter in November
        let day = NaiveDate::from_ymd_opt(2023, 10, 10).unwrap();
        for n in 0..2u8 {
            let answers = lamp_form()
                .parse_submission(&[("name".into(), format!("ผู้ขอ {n}"))])
                .unwrap();
            let contact = Contact::parse("0812345678", "").unwrap();
            s.submit_request(
                &x.scope,
                service.id,
                answers,
                contact,
                "ยินยอม",
                &TrackingCode::from_random([n; 10]),
                day,
            )
            .await
            .unwrap();
        }
        s.record_counter(
            &x.scope,
            &sys,
            service.id,
            NaiveDate::from_ymd_opt(2023, 11, 2).unwrap(),
            14,
            14,
            NaiveDate::from_ymd_opt(2023, 11, 3).unwrap(),
        )
        .await
        .unwrap();

        let citizen = app.client();
        let csv = citizen.get("/agency-x/stats/2567/half-1.csv").await;
        assert_eq!(csv.status, 200);
        assert!(
            csv.body.contains("แจ้งซ่อมไฟฟ้าสาธารณะ,16,14,0,2,"),
            "{}",
            csv.body
        );
        assert!(
            csv.body.lines().last().unwrap().starts_with("รวม,16,14"),
            "{}",
            csv.body
        );
        let q2 = citizen.get("/agency-x/stats/2567/quarter-2.csv").await;
        assert!(
            q2.body.contains("แจ้งซ่อมไฟฟ้าสาธารณะ,0,0,0,0,"),
            "{}",
            q2.body
        );
        let (status, headers, xlsx) = citizen.get_bytes("/agency-x/stats/2567/year.xlsx").await;
        assert_eq!(status, 200);
        assert!(xlsx.starts_with(b"PK"));
        assert!(headers[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("spreadsheetml"));
        let (status, _, pdf) = citizen.get_bytes("/agency-x/stats/2567/half-1.pdf").await;
        assert_eq!(status, 200);
        assert!(pdf.starts_with(b"%PDF"));
        let future = FiscalYear::containing(chrono::Utc::now().date_naive()).be() + 1;
        for bad in [
            "/agency-x/stats/2567/half-3.pdf".to_string(),
            "/agency-x/stats/2567/year.exe".to_string(),
            "/agency-x/stats/2567/month-13.csv".to_string(),
            "/agency-x/stats/abc/year.csv".to_string(),
            format!("/agency-x/stats/{future}/year.csv"),
            "/agency-nope/stats/2567/year.csv".to_string(),
        ] {
            assert_eq!(citizen.get(&bad).await.status, 404, "{bad}");
        }

        // what attaches itself to FY 2567's items, on 1 February 2024 (the second half has not
        // begun): contact page (O5), e-Service (O18), statistics of the first half (O16)
        let fy = FiscalYear::new(2567).unwrap();
        let n = prongsai_web::pages::disclosure::auto::attach_services(
            s,
            &app.state.frameworks,
            &x.scope,
            &sys,
            "agency-x",
            fy,
            NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(n, 3);
        let links = |d: prongsai_store::disclosure::ItemDisclosure| -> Vec<String> {
            d.evidence
                .iter()
                .filter_map(|e| e.evidence.url.clone())
                .collect()
        };
        assert_eq!(
            links(s.disclosure(&x.scope, fy, "O16").await.unwrap()),
            ["/agency-x/stats/2567/half-1.pdf"]
        );
        assert!(citizen
            .get("/agency-x/ita/2567/O5")
            .await
            .body
            .contains("href=\"/agency-x/contact\""));
        assert!(citizen
            .get("/agency-x/ita/2567/O18")
            .await
            .body
            .contains("href=\"/agency-x/eservice\""));
        // again later in the year: the second half joins, nothing is doubled
        let again = prongsai_web::pages::disclosure::auto::attach_services(
            s,
            &app.state.frameworks,
            &x.scope,
            &sys,
            "agency-x",
            fy,
            NaiveDate::from_ymd_opt(2024, 10, 5).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(again, 4);
        assert_eq!(
            links(s.disclosure(&x.scope, fy, "O16").await.unwrap()),
            [
                "/agency-x/stats/2567/half-1.pdf",
                "/agency-x/stats/2567/half-2.pdf"
            ]
        );
        let o16 = citizen.get("/agency-x/ita/2567/O16").await;
        assert_eq!(
            o16.body.matches("/agency-x/stats/2567/half-1.pdf").count(),
            1
        );
        assert!(
            !o16.body.contains("ข้อมูลล่าสุด"),
            "the finished half lost its mark"
        );
        assert!(
            o16.body.contains("/agency-x/stats/2567/half-2.pdf"),
            "{}",
            o16.body
        );
        // a year whose framework has no such items gets nothing
        let none = prongsai_web::pages::disclosure::auto::attach_services(
            s,
            &app.state.frameworks,
            &x.scope,
            &sys,
            "agency-x",
            FiscalYear::new(2570).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(none, 0);
        app.stop().await;
    }
);

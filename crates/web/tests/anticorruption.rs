//! The anti-corruption action plan over HTTP, on SQLite and PostgreSQL: the coordinator keeps
//! the projects (bad input refused with a Thai message and nothing stored, user text escaped,
//! a risk of the year linked), submits the plan, the executive signs, the plan is published at
//! its public address and attached to O36; the signed plan is frozen until a new version; the
//! six-month report's spent amounts and results are entered, signed, published and attached
//! to O37.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{MeasureRow, RoundPeriod};
use prongsai_domain::risk::{Matrix, RiskInput};
use prongsai_domain::tenancy::Role;
use prongsai_store::anticorruption::{plan_key, report_key};
use prongsai_store::both_backends;
use prongsai_store::risk::RiskDraft;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;

fn project<'a>(name: &'a str, budget: &'a str, steps: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        (
            "objectives",
            "เพื่อเสริมสร้างจิตสำนึกในการปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต",
        ),
        ("budget", budget),
        ("unit_id", ""),
        ("person", "ปลัดองค์การบริหารส่วนตำบล"),
        ("q1", "1"),
        ("q2", "1"),
        ("indicators", "ร้อยละของผู้เข้ารับการอบรม | ไม่น้อยกว่าร้อยละ 80"),
        ("steps", steps),
    ]
}

const STEPS: &str = "1. เสนอโครงการ ภายในเดือนพฤศจิกายน 2565\n2. จัดอบรม ภายในเดือนมีนาคม 2566";

both_backends!(
    the_plan_and_its_report_are_kept_signed_and_published,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let y = app.seed_agency("agency-y").await;
        let s = app.db.store.clone();
        let fy = FiscalYear::new(2566).unwrap();

        // a risk of the year to link, and one of another agency
        let risk = |event: &str| RiskDraft {
            risk: RiskInput {
                process: "การจัดซื้อจัดจ้าง".into(),
                category: "procurement".into(),
                event: event.into(),
                cause: String::new(),
                likelihood: "3".into(),
                impact: "3".into(),
                controls: "ตรวจสอบแผน".into(),
                likelihood_after: "2".into(),
                impact_after: "3".into(),
                owner: "กองคลัง".into(),
                owner_unit_id: None,
            }
            .check(&Matrix::default())
            .unwrap(),
            treatment: MeasureRow::default(),
        };
        let rid = s
            .save_risk(&x.scope, &Actor::system("t"), fy, None, risk("แบ่งซื้อแบ่งจ้าง"))
            .await
            .unwrap();
        let theirs = s
            .save_risk(
                &y.scope,
                &Actor::system("t"),
                fy,
                None,
                risk("ของหน่วยงานอื่น"),
            )
            .await
            .unwrap();

        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let page = admin.get("/staff/anticorruption/2566").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("ยังไม่มีโครงการหรือกิจกรรม"));
        assert!(
            page.body
                .contains("href=\"/staff/programme\" aria-current=\"page\""),
            "the programme's menu entry stands for the plan's pages"
        );
        let new = "/staff/anticorruption/2566/new";
        let form = admin.get(new).await;
        assert!(
            form.body.contains("แบ่งซื้อแบ่งจ้าง"),
            "the year's risks are offered"
        );

        // bad input: refused in Thai, what was typed kept, nothing stored
        let neg = admin
            .post_form(new, new, &project("โครงการอบรมคุณธรรม", "-500", STEPS))
            .await;
        assert_eq!(neg.status, 422);
        assert!(neg.body.contains("ติดลบ"), "{}", neg.body);
        assert!(neg.body.contains("โครงการอบรมคุณธรรม"));
        let mut no_quarter = project("โครงการอบรมคุณธรรม", "20000", STEPS);
        no_quarter.retain(|(k, _)| !k.starts_with('q'));
        let p = admin.post_form(new, new, &no_quarter).await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ไตรมาส"));
        let p = admin
            .post_form(
                new,
                new,
                &project("โครงการอบรมคุณธรรม", "20000", "สรุปผล ภายในเดือนธันวาคม 2566"),
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("นอกปีงบประมาณ"), "{}", p.body);
        let p = admin
            .post_form(new, new, &project("โครงการ", "1,000,000,001", STEPS))
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("สูงเกินจริง"));
        let mut other_risk = project("โครงการ", "100", STEPS);
        let key = format!("risk_{theirs}");
        other_risk.push((&key, "1"));
        let p = admin.post_form(new, new, &other_risk).await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ปีงบประมาณเดียวกัน"));
        assert!(s.ac_projects(&x.scope, fy).await.unwrap().is_empty());

        // a good one, with markup in its name, treating the year's risk
        let mut good = project(
            "<script>alert(1)</script> โครงการอบรมคุณธรรมจริยธรรม",
            "๒๐,๐๐๐",
            STEPS,
        );
        let key = format!("risk_{rid}");
        good.push((&key, "1"));
        let ok = admin.post_form(new, new, &good).await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        let page = admin.get("/staff/anticorruption/2566").await;
        assert!(page.body.contains("&#60;script&#62;alert(1)"));
        assert!(!page.body.contains("<script>alert(1)"));
        assert!(page.body.contains("20,000.00"));
        assert!(page.body.contains("จัดอบรม ภายในเดือนมีนาคม 2566"));
        let list = s.ac_projects(&x.scope, fy).await.unwrap();
        assert_eq!(list.len(), 1);
        let id = list[0].0.id;
        assert_eq!(list[0].0.project().risk_ids, vec![rid]);

        // unit staff read but cannot write; without the token nothing happens
        let clerk = app.client();
        clerk.login(&x.user(Role::UnitStaff)).await;
        assert_eq!(clerk.get("/staff/anticorruption/2566").await.status, 200);
        assert_eq!(clerk.get(new).await.status, 403);
        let p = clerk
            .post_form("/staff/anticorruption/2566", new, &project("x", "1", STEPS))
            .await;
        assert_eq!(p.status, 403);
        let p = admin.post_raw(new, &project("ไม่มีโทเค็น", "1", STEPS)).await;
        assert_eq!(p.status, 403);
        assert_eq!(s.ac_projects(&x.scope, fy).await.unwrap().len(), 1);
        // another agency's staff cannot reach it
        let other = app.client();
        other.login(&y.user(Role::AgencyAdmin)).await;
        let edit = format!("/staff/anticorruption/2566/p/{id}");
        assert_eq!(other.get(&edit).await.status, 404);

        // nothing public before the executive signs
        let public = format!("/{}/anticorruption/2566/plan.pdf", x.slug);
        assert_eq!(app.client().get(&public).await.status, 404);

        // open, submit; the submitter cannot sign, the executive does
        let sign = |kind: &'static str, period: &'static str, back: &'static str| {
            vec![
                ("kind", kind),
                ("year", "2566"),
                ("period", period),
                ("title", "แผน"),
                ("return_to", back),
            ]
        };
        let here = "/staff/anticorruption/2566";
        let p = admin
            .post_form(
                here,
                "/staff/signoff/open",
                &sign("anticorruption.plan", "year", here),
            )
            .await;
        assert_eq!(p.status, 303);
        let p = admin
            .post_form(here, "/staff/anticorruption/2566/submit", &[])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let signed = s
            .current_signed(&x.scope, plan_key(fy))
            .await
            .unwrap()
            .unwrap();
        let ack = format!("/staff/signoff/{}/acknowledge", signed.id);
        let p = admin
            .post_form(here, &ack, &[("note", ""), ("return_to", here)])
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ตนเอง"));
        let exec = app.client();
        exec.login(&x.user(Role::Executive)).await;
        let p = exec
            .post_form(here, &ack, &[("note", "อนุมัติ"), ("return_to", here)])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);

        // published: PDF, DOCX, XLSX; O36 lists it
        let (status, headers, pdf) = app.client().get_bytes(&public).await;
        assert_eq!(status, 200);
        assert_eq!(headers["content-type"], "application/pdf");
        assert!(pdf.starts_with(b"%PDF"));
        for ext in ["docx", "xlsx"] {
            let (status, _, bytes) = app
                .client()
                .get_bytes(&format!("/{}/anticorruption/2566/plan.{ext}", x.slug))
                .await;
            assert_eq!(status, 200);
            assert!(bytes.starts_with(b"PK"));
        }
        let item = app.client().get(&format!("/{}/ita/2566/O36", x.slug)).await;
        assert_eq!(item.status, 200);
        assert!(item.body.contains(&public), "{}", item.body);
        assert_eq!(
            app.client()
                .get(&format!("/{}/anticorruption/2566/plan.pdf", y.slug))
                .await
                .status,
            404
        );
        assert_eq!(
            app.client()
                .get(&format!("/{}/anticorruption/2566/plan.exe", x.slug))
                .await
                .status,
            404
        );

        // the signed plan is frozen: an edit is refused and nothing changes
        let p = admin
            .post_form(&edit, &edit, &project("แก้ไขหลังลงนาม", "100", STEPS))
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ฉบับใหม่"), "{}", p.body);
        assert!(s.ac_projects(&x.scope, fy).await.unwrap()[0]
            .0
            .name
            .contains("โครงการอบรมคุณธรรมจริยธรรม"));

        // the six-month report: spent above the budget refused, then saved
        let report = "/staff/anticorruption/2566/report/half";
        let page = admin.get(report).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("จัดอบรม ภายในเดือนมีนาคม 2566"));
        let spent = format!("spent_{id}");
        let result = format!("result_{id}");
        let p = admin
            .post_form(
                report,
                report,
                &[(spent.as_str(), "25,000"), (result.as_str(), "จัดอบรมแล้ว")],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("เกินงบประมาณ"), "{}", p.body);
        assert!(s
            .ac_progress(&x.scope, fy, RoundPeriod::Half)
            .await
            .unwrap()
            .is_empty());
        let p = admin
            .post_form(
                report,
                report,
                &[
                    (spent.as_str(), "15,000"),
                    (result.as_str(), "จัดอบรมแล้ว ผู้เข้าร่วม 45 คน"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let page = admin.get(report).await;
        assert!(page.body.contains("75.00"), "share spent");
        assert!(page.body.contains("ผู้เข้าร่วม 45 คน"));
        let (status, _, pdf) = admin
            .get_bytes("/staff/anticorruption/2566/report/half/preview.pdf")
            .await;
        assert_eq!(status, 200);
        assert!(pdf.starts_with(b"%PDF"));
        let p = admin
            .post_form(
                report,
                "/staff/signoff/open",
                &sign("anticorruption.report", "half", report),
            )
            .await;
        assert_eq!(p.status, 303);
        let p = admin
            .post_form(report, &format!("{report}/submit"), &[])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let signed = s
            .current_signed(&x.scope, report_key(fy, RoundPeriod::Half))
            .await
            .unwrap()
            .unwrap();
        let p = exec
            .post_form(
                report,
                &format!("/staff/signoff/{}/acknowledge", signed.id),
                &[("note", ""), ("return_to", report)],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let half = format!("/{}/anticorruption/2566/half.pdf", x.slug);
        let (status, _, pdf) = app.client().get_bytes(&half).await;
        assert_eq!(status, 200);
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(
            app.client()
                .get(&format!("/{}/anticorruption/2566/year.pdf", x.slug))
                .await
                .status,
            404
        );
        let item = app.client().get(&format!("/{}/ita/2566/O37", x.slug)).await;
        assert!(item.body.contains(&half), "{}", item.body);
        // the signed report's entries are frozen
        let p = admin
            .post_form(
                report,
                report,
                &[(spent.as_str(), "1"), (result.as_str(), "แก้")],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ฉบับใหม่"));

        // the annual report starts from the six-month one, and its amount cannot be less
        let annual = "/staff/anticorruption/2566/report/year";
        let page = admin.get(annual).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("id=\"year-from-half\""), "{}", page.body);
        assert!(page.body.contains("value=\"15,000.00\""), "{}", page.body);
        assert!(page.body.contains("ผู้เข้าร่วม 45 คน"));
        let p = admin
            .post_form(
                annual,
                annual,
                &[(spent.as_str(), "10,000"), (result.as_str(), "จัดอบรมแล้ว")],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("น้อยกว่าที่รายงานไว้ในรอบ ๖ เดือน"), "{}", p.body);
        assert!(s
            .ac_progress(&x.scope, fy, RoundPeriod::Year)
            .await
            .unwrap()
            .is_empty());
        let p = admin
            .post_form(
                annual,
                annual,
                &[
                    (spent.as_str(), "19,500"),
                    (result.as_str(), "จัดอบรมครบ ๒ รุ่น"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        assert_eq!(
            s.ac_progress(&x.scope, fy, RoundPeriod::Year)
                .await
                .unwrap()[0]
                .spent,
            1_950_000
        );

        // in English
        admin.get("/lang/en?next=/").await;
        let page = admin.get("/staff/anticorruption/2566").await;
        assert!(page.body.contains("Anti-corruption action plan"));
        assert!(page.body.contains("Executive sign-off"));
        let p = admin
            .post_form(&edit, &edit, &project("x", "-1", STEPS))
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("negative"), "{}", p.body);
        app.stop().await;
    }
);

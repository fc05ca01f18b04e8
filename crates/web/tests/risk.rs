//! The corruption risk assessment over HTTP, on SQLite and PostgreSQL: the coordinator keeps
//! the register (bad levels refused with a Thai message and nothing stored, user text escaped),
//! submits it, the executive signs, the report is published at its public address and attached
//! to the year's risk-assessment item; the signed register is frozen until a new version.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::testdb::TestDb;

fn risk<'a>(event: &'a str, likelihood: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("process", "การออกใบอนุญาตก่อสร้างอาคาร"),
        ("category", "permit"),
        ("event", event),
        ("cause", "ขั้นตอนและระยะเวลาไม่เปิดเผย"),
        ("likelihood", likelihood),
        ("impact", "4"),
        ("controls", "ประกาศขั้นตอนและระยะเวลาการอนุญาต"),
        ("likelihood_after", "2"),
        ("impact_after", "4"),
        ("owner_unit_id", ""),
        ("owner", "ผู้อำนวยการกองช่าง"),
        (
            "steps",
            "1. จัดทำคู่มือการขออนุญาต ภายในเดือนธันวาคม 2565\n2. เผยแพร่ขั้นตอนบนเว็บไซต์",
        ),
    ]
}

both_backends!(
    the_register_is_kept_signed_and_published,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let y = app.seed_agency("agency-y").await;
        let s = app.db.store.clone();
        let fy = FiscalYear::new(2566).unwrap();

        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let page = admin.get("/staff/risk/2566").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("ยังไม่มีความเสี่ยงที่ประเมินในปีนี้"));
        assert!(page.body.contains("<svg"), "the heat-maps are drawn");

        // a level outside the 5×5 matrix: refused, in Thai, what was typed kept, nothing stored
        let bad = admin
            .post_form(
                "/staff/risk/2566/new",
                "/staff/risk/2566/new",
                &risk("เรียกรับเงิน", "9"),
            )
            .await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("ระดับ 1–5"), "{}", bad.body);
        assert!(bad.body.contains("เรียกรับเงิน"));
        assert!(s.risks(&x.scope, fy).await.unwrap().is_empty());
        // no owner at all
        let mut no_owner = risk("เรียกรับเงิน", "4");
        no_owner.retain(|(k, _)| *k != "owner");
        let p = admin
            .post_form("/staff/risk/2566/new", "/staff/risk/2566/new", &no_owner)
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ผู้รับผิดชอบ"));

        // a good one, with markup in the text
        let ok = admin
            .post_form(
                "/staff/risk/2566/new",
                "/staff/risk/2566/new",
                &risk("<script>alert(1)</script> เรียกรับผลประโยชน์", "4"),
            )
            .await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        let page = admin.get("/staff/risk/2566").await;
        assert!(page.body.contains("&#60;script&#62;alert(1)"));
        assert!(!page.body.contains("<script>alert(1)"));
        assert!(page.body.contains("4×4 = 16 สูง"));
        assert!(page.body.contains("จัดทำคู่มือการขออนุญาต"));
        let risks = s.risks(&x.scope, fy).await.unwrap();
        assert_eq!(risks.len(), 1);
        let id = risks[0].0.id;

        // unit staff read but cannot write; without the token nothing happens
        let clerk = app.client();
        clerk.login(&x.user(Role::UnitStaff)).await;
        assert_eq!(clerk.get("/staff/risk/2566").await.status, 200);
        assert_eq!(clerk.get("/staff/risk/2566/new").await.status, 403);
        let p = admin
            .post_raw("/staff/risk/2566/new", &risk("ไม่มีโทเค็น", "3"))
            .await;
        assert_eq!(p.status, 403);
        // another agency's staff cannot reach it
        let other = app.client();
        other.login(&y.user(Role::AgencyAdmin)).await;
        assert_eq!(
            other.get(&format!("/staff/risk/2566/r/{id}")).await.status,
            404
        );

        // nothing public before the executive signs
        let public = format!("/{}/risk/2566/assessment.pdf", x.slug);
        assert_eq!(app.client().get(&public).await.status, 404);

        // open a version, submit it; the submitter cannot sign it, the executive does
        let p = admin
            .post_form(
                "/staff/risk/2566",
                "/staff/signoff/open",
                &[
                    ("kind", "risk.assessment"),
                    ("year", "2566"),
                    ("period", "year"),
                    ("title", "รายงานการประเมินความเสี่ยง"),
                    ("return_to", "/staff/risk/2566"),
                ],
            )
            .await;
        assert_eq!(p.status, 303);
        assert_eq!(p.location.as_deref(), Some("/staff/risk/2566"));
        let p = admin
            .post_form("/staff/risk/2566", "/staff/risk/2566/submit", &[])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let signed = s
            .current_signed(
                &x.scope,
                prongsai_store::signoff::SignKey::year("risk.assessment", fy),
            )
            .await
            .unwrap()
            .unwrap();
        let ack = format!("/staff/signoff/{}/acknowledge", signed.id);
        let p = admin
            .post_form(
                "/staff/risk/2566",
                &ack,
                &[("note", ""), ("return_to", "/staff/risk/2566")],
            )
            .await;
        assert_eq!(
            p.status, 422,
            "the submitter cannot sign their own submission"
        );
        assert!(p.body.contains("ตนเอง"));
        let exec = app.client();
        exec.login(&x.user(Role::Executive)).await;
        let page = exec.get("/staff/risk/2566").await;
        assert!(page.body.contains("signoff-acknowledge"));
        let p = exec
            .post_form(
                "/staff/risk/2566",
                &ack,
                &[("note", "อนุมัติ"), ("return_to", "/staff/risk/2566")],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);

        // published: the PDF and the DOCX, and the item's permalink lists it
        let (status, headers, pdf) = app.client().get_bytes(&public).await;
        assert_eq!(status, 200);
        assert_eq!(headers["content-type"], "application/pdf");
        assert!(pdf.starts_with(b"%PDF"));
        let (status, _, docx) = app
            .client()
            .get_bytes(&format!("/{}/risk/2566/assessment.docx", x.slug))
            .await;
        assert_eq!(status, 200);
        assert!(docx.starts_with(b"PK"));
        let item = app.client().get(&format!("/{}/ita/2566/O34", x.slug)).await;
        assert_eq!(item.status, 200);
        assert!(
            item.body
                .contains(&format!("/{}/risk/2566/assessment.pdf", x.slug)),
            "{}",
            item.body
        );
        // another agency's address answers nothing
        assert_eq!(
            app.client()
                .get(&format!("/{}/risk/2566/assessment.pdf", y.slug))
                .await
                .status,
            404
        );

        // the programme page shows it signed, and its menu entry stands for the risk pages
        let prog = admin.get("/staff/programme?year=2566").await;
        assert_eq!(prog.status, 200);
        assert!(prog.body.contains("href=\"/staff/risk/2566\""));
        assert!(
            prog.body.contains("ลงนามแล้ว:</strong> 1 / 16"),
            "{}",
            prog.body
        );
        let page = admin.get("/staff/risk/2566").await;
        assert!(page
            .body
            .contains("href=\"/staff/programme\" aria-current=\"page\""));

        // the signed register is frozen: an edit is refused and nothing changes
        let mut edit = risk("แก้ไขหลังลงนาม", "4");
        edit.retain(|(k, _)| *k != "steps");
        let p = admin
            .post_form(
                &format!("/staff/risk/2566/r/{id}"),
                &format!("/staff/risk/2566/r/{id}"),
                &edit,
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ฉบับใหม่"), "{}", p.body);
        assert!(s.risks(&x.scope, fy).await.unwrap()[0]
            .0
            .event
            .contains("เรียกรับผลประโยชน์"));

        // the treatments' progress is a round of the risk plan, on the measures' round pages
        let p = admin
            .post_form(
                "/staff/risk/2566",
                "/staff/measures/2566/rounds",
                &[("period", "half"), ("plan", "risk")],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let round = p.location.unwrap();
        let page = admin.get(&round).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("มาตรการจัดการความเสี่ยง/ขั้นตอน"));
        assert!(page
            .body
            .contains("รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริต"));
        assert!(page.body.contains("href=\"/staff/risk/2566#rounds\""));
        // the ITA measures' rounds do not list it
        assert!(s.report_rounds(&x.scope, fy).await.unwrap().is_empty());
        let p = admin
            .post_form(&round, &format!("{round}/submit"), &[])
            .await;
        assert_eq!(p.status, 303);
        let p = exec
            .post_form(&round, &format!("{round}/acknowledge"), &[("note", "")])
            .await;
        assert_eq!(p.status, 303);
        let item = app.client().get(&format!("/{}/ita/2566/O35", x.slug)).await;
        let id = round.rsplit('/').next().unwrap();
        let href = format!("/{}/measures/2566/rounds/{id}/report.pdf", x.slug);
        assert!(item.body.contains(&href), "{}", item.body);
        let (status, _, pdf) = app.client().get_bytes(&href).await;
        assert_eq!(status, 200);
        assert!(pdf.starts_with(b"%PDF"));

        // in English
        admin.get("/lang/en?next=/").await;
        let page = admin.get("/staff/risk/2566").await;
        assert!(page.body.contains("Risk register"));
        assert!(page.body.contains("Executive sign-off"));
        app.stop().await;
    }
);

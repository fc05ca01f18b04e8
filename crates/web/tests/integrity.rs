//! The integrity registers over HTTP, on SQLite and PostgreSQL: the coordinator records
//! activities and gifts (bad input refused with a Thai message, what was typed kept, nothing
//! stored; user text escaped; a gift kept above the limit needs a confirmation and stays
//! flagged), submits a report, the executive signs it, the report is published at its public
//! address (404 before) and listed on the permalinks of FY 2566's O32 (the No Gift culture) and
//! O33 (the gifts report of FY 2565, its data year being the previous one); a signed year is
//! frozen; CSRF, permissions, another agency, English.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::integrity::ActivityKind;
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::signoff::SignKey;
use prongsai_store::testdb::TestDb;

fn activity<'a>(kind: &'a str, title: &'a str, start: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", kind),
        ("title", title),
        ("start", start),
        ("end", ""),
        ("place", "ห้องประชุมสภา"),
        ("description", "เจ้าหน้าที่ร่วมกันประกาศไม่รับของขวัญ"),
        ("participants", "๔๕"),
        ("executives", "นายก อบต.\nปลัด อบต."),
        ("links", "https://example.com/news/1"),
    ]
}

fn gift<'a>(received: &'a str, value: &'a str, handling: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("received_on", received),
        ("giver", "ห้างหุ้นส่วนจำกัด ก่อสร้างดี"),
        ("giver_kind", "organisation"),
        ("description", "กระเช้าของขวัญปีใหม่"),
        ("value", value),
        ("recipient", "นายสมหมาย ช่างดี"),
        ("recipient_position", "นายช่างโยธา"),
        ("occasion", "ปีใหม่"),
        ("handling", handling),
        ("handling_note", ""),
        ("reported_on", ""),
    ]
}

/// Open a version of `kind` of `year`, submit it as `client`, acknowledge it as `exec`.
async fn sign(
    app: &TestApp,
    admin: &common::Client,
    exec: &common::Client,
    scope: &prongsai_store::AgencyScope,
    kind: &str,
    year: i32,
) {
    let page = format!("/staff/integrity/{year}/report/{kind}");
    let p = admin
        .post_form(
            &page,
            "/staff/signoff/open",
            &[
                ("kind", kind),
                ("year", &year.to_string()),
                ("period", "year"),
                ("title", "รายงาน"),
                ("return_to", &page),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = admin.post_form(&page, &format!("{page}/submit"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let signed = app
        .db
        .store
        .current_signed(scope, SignKey::year(kind, FiscalYear::new(year).unwrap()))
        .await
        .unwrap()
        .unwrap();
    let ack = format!("/staff/signoff/{}/acknowledge", signed.id);
    // the submitter cannot sign their own submission
    let p = admin
        .post_form(&page, &ack, &[("note", ""), ("return_to", &page)])
        .await;
    assert_eq!(p.status, 422);
    let p = exec
        .post_form(&page, &ack, &[("note", "รับทราบ"), ("return_to", &page)])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
}

both_backends!(
    registers_are_kept_signed_and_published,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let y = app.seed_agency("agency-y").await;
        let s = app.db.store.clone();
        let fy66 = FiscalYear::new(2566).unwrap();
        let fy65 = FiscalYear::new(2565).unwrap();

        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let page = admin.get("/staff/integrity/2566").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("การสร้างวัฒนธรรม No Gift Policy"));
        assert!(page.body.contains("ยังไม่มีกิจกรรมในปีงบประมาณนี้"));

        // an activity outside the fiscal year: 422, Thai message, what was typed kept, nothing stored
        let new = "/staff/integrity/2566/activity/new?kind=nogift.culture";
        let action = "/staff/integrity/2566/activity/new";
        let bad = admin
            .post_form(
                new,
                action,
                &activity("nogift.culture", "ประชุมไม่รับของขวัญ", "15/12/2566"),
            )
            .await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("ต้องอยู่ในปีงบประมาณ"), "{}", bad.body);
        assert!(bad.body.contains("ประชุมไม่รับของขวัญ"));
        assert!(s
            .integrity_activities(&x.scope, fy66, None)
            .await
            .unwrap()
            .is_empty());
        // too many participants, a javascript: link
        let mut worse = activity("nogift.culture", "ประชุม", "15/12/2565");
        worse[6] = ("participants", "100001");
        worse[8] = ("links", "javascript:alert(1)");
        let bad = admin.post_form(new, action, &worse).await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("๑๐๐,๐๐๐"), "{}", bad.body);
        assert!(bad.body.contains("https://"));
        assert!(s
            .integrity_activities(&x.scope, fy66, None)
            .await
            .unwrap()
            .is_empty());

        // a good one, with user text that must be escaped
        let p = admin
            .post_form(
                new,
                action,
                &activity(
                    "nogift.culture",
                    "ประชุม <script>alert(1)</script> No Gift",
                    "15/12/2565",
                ),
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let page = admin.get("/staff/integrity/2566").await;
        assert!(!page.body.contains("<script>alert(1)</script>"));
        assert!(page.body.contains("&#60;script&#62;alert(1)"));
        let stored = s
            .integrity_activities(&x.scope, fy66, Some(ActivityKind::NoGiftCulture))
            .await
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].activity.participants, 45);
        assert_eq!(stored[0].activity.executives.len(), 2);

        // without the CSRF token: refused, nothing stored
        let p = admin
            .post_raw(
                action,
                &activity("ethics.activities", "อบรมจริยธรรม", "1/3/2566"),
            )
            .await;
        assert_eq!(p.status, 403);
        assert!(s
            .integrity_activities(&x.scope, fy66, Some(ActivityKind::Ethics))
            .await
            .unwrap()
            .is_empty());

        // a viewer or an executive may read but not write; another agency's row is not found
        let viewer = app.client();
        viewer.login(&x.user(Role::Viewer)).await;
        assert_eq!(viewer.get("/staff/integrity/2566").await.status, 200);
        assert_eq!(viewer.get(new).await.status, 403);
        let other = app.client();
        other.login(&y.user(Role::AgencyAdmin)).await;
        let id = stored[0].id;
        assert_eq!(
            other
                .get(&format!("/staff/integrity/2566/activity/{id}"))
                .await
                .status,
            404
        );
        let p = other
            .post_form(
                "/staff/integrity/2566",
                &format!("/staff/integrity/2566/activity/{id}/delete"),
                &[],
            )
            .await;
        assert_eq!(p.status, 404);

        // gifts of FY 2565: one returned, one kept above the limit (needs a confirmation)
        let gnew = "/staff/integrity/2565/gift/new";
        let p = admin
            .post_form(gnew, gnew, &gift("3/1/2565", "1,500", "returned"))
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let bad = admin
            .post_form(gnew, gnew, &gift("3/1/2565", "-5", "returned"))
            .await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("ติดลบ"));
        let kept = gift("1/2/2565", "4,500", "kept");
        let p = admin.post_form(gnew, gnew, &kept).await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("๓,๐๐๐"), "{}", p.body);
        assert!(p.body.contains("accept_over_limit"));
        assert_eq!(s.integrity_gifts(&x.scope, fy65).await.unwrap().len(), 1);
        let mut confirmed = kept.clone();
        confirmed.push(("accept_over_limit", "1"));
        let p = admin.post_form(gnew, gnew, &confirmed).await;
        assert_eq!(p.status, 303, "{}", p.body);
        let page = admin.get("/staff/integrity/2565").await;
        assert!(
            page.body.contains("gift-warning"),
            "the row carries the warning"
        );
        // the edit forms show what is stored, the confirmation still in view
        let kept_id = s.integrity_gifts(&x.scope, fy65).await.unwrap()[1].id;
        let edit = admin
            .get(&format!("/staff/integrity/2565/gift/{kept_id}"))
            .await;
        assert_eq!(edit.status, 200);
        assert!(edit.body.contains("4,500.00"));
        assert!(edit.body.contains("over-limit"));
        let edit = admin
            .get(&format!("/staff/integrity/2566/activity/{id}"))
            .await;
        assert_eq!(edit.status, 200);
        assert!(edit.body.contains("https://example.com/news/1"));
        // an activity of 2566 is not found under another year
        assert_eq!(
            admin
                .get(&format!("/staff/integrity/2565/activity/{id}"))
                .await
                .status,
            404
        );

        // nothing public before the executive signs
        let gifts_pdf = format!("/{}/gifts/2565.pdf", x.slug);
        let culture_pdf = format!("/{}/integrity/2566/nogift.culture.pdf", x.slug);
        assert_eq!(app.client().get(&gifts_pdf).await.status, 404);
        assert_eq!(app.client().get(&culture_pdf).await.status, 404);
        // the staff preview is there
        let (status, _, pdf) = admin
            .get_bytes("/staff/integrity/2565/report/nogift.report/preview.pdf")
            .await;
        assert_eq!(status, 200);
        assert!(pdf.starts_with(b"%PDF"));

        let exec = app.client();
        exec.login(&x.user(Role::Executive)).await;
        sign(&app, &admin, &exec, &x.scope, "nogift.report", 2565).await;
        sign(&app, &admin, &exec, &x.scope, "nogift.culture", 2566).await;

        for (path, start) in [
            (gifts_pdf.clone(), &b"%PDF"[..]),
            (format!("/{}/gifts/2565.docx", x.slug), &b"PK"[..]),
            (format!("/{}/gifts/2565.xlsx", x.slug), &b"PK"[..]),
            (culture_pdf.clone(), &b"%PDF"[..]),
            (
                format!("/{}/integrity/2566/nogift.culture.docx", x.slug),
                &b"PK"[..],
            ),
        ] {
            let (status, _, body) = app.client().get_bytes(&path).await;
            assert_eq!(status, 200, "{path}");
            assert!(body.starts_with(start), "{path}");
        }
        let csv = app
            .client()
            .get(&format!("/{}/gifts/2565.csv", x.slug))
            .await;
        assert_eq!(csv.status, 200);
        assert!(csv.body.contains("กระเช้าของขวัญปีใหม่"));
        assert!(csv.body.contains("4500.00"));
        if let Ok(dir) = std::env::var("PRONGSAI_RENDER_DIR") {
            let (_, _, pdf) = app.client().get_bytes(&gifts_pdf).await;
            std::fs::write(format!("{dir}/web-gifts.pdf"), pdf).unwrap();
            let (_, _, pdf) = app.client().get_bytes(&culture_pdf).await;
            std::fs::write(format!("{dir}/web-culture.pdf"), pdf).unwrap();
        }

        // the permalinks: O32 of 2566 lists the culture report, O33 of 2566 the gifts of 2565
        let o32 = app.client().get(&format!("/{}/ita/2566/O32", x.slug)).await;
        assert_eq!(o32.status, 200);
        assert!(o32.body.contains(&culture_pdf), "{}", o32.body);
        let o33 = app.client().get(&format!("/{}/ita/2566/O33", x.slug)).await;
        assert_eq!(o33.status, 200);
        assert!(o33.body.contains(&gifts_pdf), "{}", o33.body);
        // another agency answers nothing
        assert_eq!(
            app.client()
                .get(&format!("/{}/gifts/2565.pdf", y.slug))
                .await
                .status,
            404
        );

        // the signed year is frozen: a new gift of 2565 is refused and nothing stored
        let p = admin
            .post_form(gnew, gnew, &gift("5/3/2565", "100", "charity"))
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ฉบับใหม่"), "{}", p.body);
        assert_eq!(s.integrity_gifts(&x.scope, fy65).await.unwrap().len(), 2);
        let p = admin
            .post_form(
                "/staff/integrity/2566",
                &format!("/staff/integrity/2566/activity/{id}/delete"),
                &[],
            )
            .await;
        assert_eq!(p.status, 422);
        assert_eq!(
            s.integrity_activities(&x.scope, fy66, None)
                .await
                .unwrap()
                .len(),
            1
        );

        // in English
        admin.get("/lang/en?next=/").await;
        let page = admin.get("/staff/integrity/2566").await;
        assert!(
            page.body.contains("Building the No Gift culture"),
            "{}",
            page.body
        );
        assert!(page
            .body
            .contains("Register of gifts and benefits received"));
        let bad = admin
            .post_form(
                new,
                action,
                &activity("ethics.activities", "Ethics", "1/1/2567"),
            )
            .await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("must be within"), "{}", bad.body);

        app.stop().await;
    }
);

both_backends!(
    an_empty_gift_register_reports_the_statement,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let report = admin
            .get("/staff/integrity/2565/report/nogift.report")
            .await;
        assert_eq!(report.status, 200);
        assert!(report.body.contains("ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด"));
        assert!(report.body.contains("signoff-open"));
        let exec = app.client();
        exec.login(&x.user(Role::Executive)).await;
        sign(&app, &admin, &exec, &x.scope, "nogift.report", 2565).await;
        let csv = app
            .client()
            .get(&format!("/{}/gifts/2565.csv", x.slug))
            .await;
        assert_eq!(csv.status, 200);
        assert!(csv.body.contains("ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด"));
        let o33 = app.client().get(&format!("/{}/ita/2566/O33", x.slug)).await;
        assert!(o33.body.contains(&format!("/{}/gifts/2565.pdf", x.slug)));
        app.stop().await;
    }
);

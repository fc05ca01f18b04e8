//! Public participation over HTTP, on SQLite and PostgreSQL: staff write and open a topic, a
//! citizen comments without an account, staff moderate (pending and rejected comments never
//! show, contact details never on a public page), close the topic and write the response, the
//! summary as PDF, the OIT item linking to the year's results; abuse is refused (honeypot,
//! oversize text, missing consent, too many posts, closed topics, other agencies, roles without
//! the permission, script in the text).

mod common;

use chrono::{Duration, NaiveDate, Utc};
use common::TestApp;
use prongsai_domain::calendar::be_from_gregorian;
use prongsai_domain::participation::{CommentState, TopicDraft, TopicKind};
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::participation::Topic;
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope, Store};

fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

/// A date as staff type it: `1/11/2569`.
fn be(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}/{}/{}", d.day(), d.month(), be_from_gregorian(d.year()))
}

/// The id at the end of a redirect to `/staff/participation/{id}?saved=1`.
fn id_of(location: &str) -> i64 {
    location
        .trim_start_matches("/staff/participation/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn open_topic(s: &Store, scope: &AgencyScope, opens: NaiveDate, closes: NaiveDate) -> Topic {
    let actor = Actor::system("t");
    let t = s
        .create_topic(
            scope,
            &actor,
            TopicDraft {
                title: "โครงการขุดลอกคลองส่งน้ำ หมู่ที่ ๒".into(),
                kind: TopicKind::Project,
                description: "ขุดลอกคลองยาว ๒ กิโลเมตร".into(),
                opens_on: opens,
                closes_on: closes,
                document_id: None,
            },
        )
        .await
        .unwrap();
    s.open_topic(scope, &actor, t.id, opens - Duration::days(1))
        .await
        .unwrap()
}

both_backends!(staff_and_citizen_journey, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let s = app.db.store.clone();
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;

    // staff write a topic: a bad date is refused with what was typed kept
    let new = "/staff/participation/new";
    let p = admin
        .post_form(
            new,
            new,
            &[
                ("title", "ร่างแผนพัฒนาท้องถิ่น (พ.ศ. 2571–2575)"),
                ("kind", "plan"),
                ("description", "ย่อหน้าแรก\r\n\r\nย่อหน้าสอง"),
                ("opens_on", "31/02/2569"),
                ("closes_on", &be(today() + Duration::days(10))),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("วันที่ไม่ถูกต้อง"), "{}", p.body);
    assert!(p.body.contains("ร่างแผนพัฒนาท้องถิ่น (พ.ศ. 2571–2575)"));
    assert!(s.topics(&x.scope).await.unwrap().is_empty());
    let p = admin
        .post_form(
            new,
            new,
            &[
                ("title", "ร่างแผนพัฒนาท้องถิ่น (พ.ศ. 2571–2575)"),
                ("kind", "plan"),
                ("description", "ย่อหน้าแรก\r\n\r\nย่อหน้าสอง"),
                ("opens_on", &be(today() - Duration::days(1))),
                ("closes_on", &be(today() + Duration::days(10))),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_of(p.location.as_deref().unwrap());
    let staff_page = format!("/staff/participation/{id}");
    let public_page = format!("/agency-x/participation/{id}");
    let citizen = app.client();
    assert_eq!(
        citizen.get(&public_page).await.status,
        404,
        "a draft is not public"
    );
    assert!(!citizen
        .get("/agency-x/participation")
        .await
        .body
        .contains("2571"));

    // opened: listed and taking comments
    let p = admin
        .post_form(&staff_page, &format!("{staff_page}/open"), &[])
        .await;
    assert_eq!(p.status, 303);
    let list = citizen.get("/agency-x/participation").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("ร่างแผนพัฒนาท้องถิ่น (พ.ศ. 2571–2575)"));
    let page = citizen.get(&public_page).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"body\""), "the form is shown");
    assert!(page.body.contains("name=\"website\""), "with its honeypot");

    // a citizen comments (script in the text, a name, a phone): pending, not public
    let p = citizen
        .post_form(
            &public_page,
            &public_page,
            &[
                ("body", "<script>alert(1)</script>ควรขยายถนนสายหลัก"),
                ("name", "นางสมศรี <b>มีสุข</b>"),
                ("phone", "๐๘๑-๒๓๔-๕๖๗๘"),
                ("email", "somsri@example.com"),
                ("consent", "yes"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        p.location.as_deref(),
        Some(format!("{public_page}?sent=1").as_str())
    );
    let page = citizen.get(&format!("{public_page}?sent=1")).await;
    assert!(page.body.contains("id=\"sent\""));
    assert!(
        !page.body.contains("ควรขยายถนนสายหลัก"),
        "pending is not public"
    );
    let comments = s.comments(&x.scope, id, None).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].state, CommentState::Pending);
    let first = comments[0].id;

    // staff see it, escaped, with its contact; then publish it
    let sp = admin.get(&staff_page).await;
    assert_eq!(sp.status, 200);
    assert!(sp
        .body
        .contains("&#60;script&#62;alert(1)&#60;/script&#62;ควรขยายถนนสายหลัก"));
    assert!(!sp.body.contains("<script>alert(1)"));
    assert!(sp.body.contains("081-234-5678"));
    assert!(sp.body.contains("somsri@example.com"));
    let p = admin
        .post_form(
            &staff_page,
            &format!("{staff_page}/comments/{first}"),
            &[("to", "published")],
        )
        .await;
    assert_eq!(p.status, 303);
    let page = citizen.get(&public_page).await;
    assert!(page
        .body
        .contains("&#60;script&#62;alert(1)&#60;/script&#62;ควรขยายถนนสายหลัก"));
    assert!(page.body.contains("นางสมศรี &#60;b&#62;มีสุข&#60;/b&#62;"));
    assert!(!page.body.contains("<script>alert(1)"));
    for private in ["081-234-5678", "0812345678", "somsri@example.com"] {
        assert!(!page.body.contains(private), "{private} on the public page");
    }

    // a second comment is rejected: a reason is needed, then it stays hidden
    let p = citizen
        .post_form(
            &public_page,
            &public_page,
            &[("body", "ขายที่ดินราคาถูก โทรเลย"), ("consent", "")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let spam = s
        .comments(&x.scope, id, Some(CommentState::Pending))
        .await
        .unwrap()[0]
        .id;
    let action = format!("{staff_page}/comments/{spam}");
    let p = admin
        .post_form(&staff_page, &action, &[("to", "rejected"), ("reason", "")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("เหตุผล"));
    let p = admin
        .post_form(
            &staff_page,
            &action,
            &[("to", "rejected"), ("reason", "โฆษณาไม่เกี่ยวข้อง")],
        )
        .await;
    assert_eq!(p.status, 303);
    let page = citizen.get(&public_page).await;
    assert!(!page.body.contains("ขายที่ดินราคาถูก"));
    assert!(page.body.contains("ควรขยายถนนสายหลัก"));

    // other agencies and roles without the permission
    assert_eq!(
        citizen
            .get(&format!("/agency-y/participation/{id}"))
            .await
            .status,
        404
    );
    let p = citizen
        .post_form(
            &public_page,
            &format!("/agency-y/participation/{id}"),
            &[("body", "ข้ามหน่วยงาน")],
        )
        .await;
    assert_eq!(p.status, 404);
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    assert_eq!(other.get(&staff_page).await.status, 404);
    let p = other
        .post_form(
            "/staff/participation",
            &format!("{staff_page}/comments/{first}"),
            &[("to", "rejected"), ("reason", "ไม่ใช่ของเรา")],
        )
        .await;
    assert_eq!(p.status, 404);
    for role in [Role::Viewer, Role::UnitStaff] {
        let c = app.client();
        c.login(&x.user(role)).await;
        assert_eq!(c.get("/staff/participation").await.status, 403, "{role:?}");
        assert_eq!(c.get(&staff_page).await.status, 403, "{role:?}");
        let p = c
            .post_form(
                "/staff/account",
                &format!("{staff_page}/comments/{first}"),
                &[("to", "rejected"), ("reason", "ไม่ควรทำได้")],
            )
            .await;
        assert_eq!(p.status, 403, "{role:?}");
    }
    assert_eq!(
        s.comment(&x.scope, first).await.unwrap().state,
        CommentState::Published
    );

    // the response and the summary PDF; then closing refuses comments
    let p = admin
        .post_form(
            &staff_page,
            &format!("{staff_page}/response"),
            &[("response", "นำข้อเสนอการขยายถนนไปบรรจุในแผน")],
        )
        .await;
    assert_eq!(p.status, 303);
    let (status, headers, pdf) = admin.get_bytes(&format!("{staff_page}/summary.pdf")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF"));
    let token = citizen.csrf(&public_page).await;
    let p = admin
        .post_form(&staff_page, &format!("{staff_page}/close"), &[])
        .await;
    assert_eq!(p.status, 303);
    let page = citizen.get(&public_page).await;
    assert!(page.body.contains("ปิดรับฟังความคิดเห็นแล้ว"));
    assert!(
        !page.body.contains("name=\"body\""),
        "no form on a closed topic"
    );
    assert!(page.body.contains("นำข้อเสนอการขยายถนนไปบรรจุในแผน"));
    let p = citizen
        .post_raw(
            &public_page,
            &[("csrf", token.as_str()), ("body", "ส่งหลังปิดรับฟัง")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ปิดรับฟังความคิดเห็นแล้ว"));
    assert_eq!(s.comments(&x.scope, id, None).await.unwrap().len(), 2);
    let list = citizen.get("/agency-x/participation").await;
    let closed_at = list.body.find("id=\"closed-topics\"").unwrap();
    assert!(list.body[closed_at..].contains("ร่างแผนพัฒนาท้องถิ่น"));
    app.stop().await;
});

both_backends!(abuse_is_refused, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let s = app.db.store.clone();
    let t = open_topic(
        &s,
        &x.scope,
        today() - Duration::days(2),
        today() + Duration::days(5),
    )
    .await;
    let page = format!("/agency-x/participation/{}", t.id);
    let citizen = app.client();
    let stored = || async { s.comments(&x.scope, t.id, None).await.unwrap().len() };

    // a robot fills the hidden field: refused, nothing stored
    let p = citizen
        .post_form(
            &page,
            &page,
            &[
                ("body", "ความคิดเห็นอัตโนมัติ"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert_eq!(stored().await, 0);

    // too long: a Thai error, the text kept in the form, nothing stored
    let long = "ก".repeat(3001);
    let p = citizen
        .post_form(&page, &page, &[("body", &long), ("name", "นายยาว")])
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("ยาวเกิน ๓๐๐๐ ตัวอักษร"),
        "{}",
        &p.body[..2000.min(p.body.len())]
    );
    assert!(p.body.contains(&long), "what was typed is shown again");
    assert!(p.body.contains("value=\"นายยาว\""));
    assert_eq!(stored().await, 0);

    // contact details without the consent
    let p = citizen
        .post_form(
            &page,
            &page,
            &[("body", "ขอให้ติดต่อกลับ"), ("email", "a@example.com")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ยินยอม"));
    assert!(p.body.contains("value=\"a@example.com\""));
    assert_eq!(stored().await, 0);

    // five posts a minute from one address; the sixth gets a polite 429 page
    for i in 0..2 {
        let p = citizen
            .post_form(&page, &page, &[("body", &format!("ความคิดเห็นที่ {i}"))])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
    let p = citizen.post_form(&page, &page, &[("body", "ถี่เกินไป")]).await;
    assert_eq!(p.status, 429);
    assert!(
        p.body.contains("ถี่เกินไป") || p.body.contains("รอสักครู่"),
        "{}",
        p.body
    );
    assert_eq!(stored().await, 2);

    // a body beyond the form limit is refused by the server before any handler
    let huge = format!("csrf=x&body={}", "a".repeat(300 * 1024));
    let p = citizen.post_bytes(&page, huge.into_bytes()).await;
    assert_eq!(p.status, 413);
    assert_eq!(stored().await, 2);
    app.stop().await;
});

both_backends!(oit_item_links_to_the_year, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let s = app.db.store.clone();
    // a topic of fiscal year 2567 (2024), opened then
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let t = open_topic(&s, &x.scope, d(2024, 1, 10), d(2024, 2, 10)).await;
    assert_eq!(t.fiscal_year.be(), 2567);
    let citizen = app.client();
    let item = citizen.get("/agency-x/ita/2567/O30").await;
    assert_eq!(item.status, 200);
    assert!(!item.body.contains("/agency-x/participation/year/2567"));

    // the response is written: the year's results answer the item by themselves
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let staff_page = format!("/staff/participation/{}", t.id);
    let p = admin
        .post_form(
            &staff_page,
            &format!("{staff_page}/response"),
            &[("response", "ดำเนินการขุดลอกตามข้อเสนอ")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // the portal serves a page validated within the last second as it is
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let item = citizen.get("/agency-x/ita/2567/O30").await;
    assert!(
        item.body
            .contains("href=\"/agency-x/participation/year/2567\""),
        "{}",
        item.body
    );
    // an item of another product is left alone
    assert!(!citizen
        .get("/agency-x/ita/2567/O1")
        .await
        .body
        .contains("/participation/year/"));

    let year = citizen.get("/agency-x/participation/year/2567").await;
    assert_eq!(year.status, 200);
    assert!(year.body.contains("โครงการขุดลอกคลองส่งน้ำ"));
    assert!(year.body.contains("ดำเนินการขุดลอกตามข้อเสนอ"));
    assert!(!citizen
        .get("/agency-x/participation/year/2568")
        .await
        .body
        .contains("โครงการขุดลอกคลองส่งน้ำ"));
    let (status, _, pdf) = citizen
        .get_bytes(&format!("/agency-x/participation/{}/summary.pdf", t.id))
        .await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    app.stop().await;
});

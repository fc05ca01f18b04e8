//! Complaints over HTTP, on SQLite and PostgreSQL: an anonymous corruption report leaves no
//! identifying trace in any table; following a case by its receipt code (messages, files),
//! wrong codes refused and locked out; HTML shown as text; honeypot and over-long text
//! refused with nothing stored; a named reporter's contact hidden until a second designated
//! person approves; corruption cases invisible to other staff and other agencies; staff
//! recording a phone complaint; the statistics as CSV; the OIT item showing the stats page.

mod common;

use common::{Client, TestApp, PNG};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::Product;
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::complaints::CaseFilter;
use prongsai_store::sea_orm::{ConnectionTrait, DbBackend, Statement};
use prongsai_store::testdb::TestDb;

const UA: &str = "ProngsaiTest/7.3 (distinctive-user-agent-5f2c9a)";

/// A browser-like client with a distinctive User-Agent.
fn browser(app: &TestApp) -> Client {
    Client {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .user_agent(UA)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        base: format!("http://{}", app.addr),
    }
}

/// The receipt code shown on a receipt page (its groups may be split by `<wbr>`).
fn code_on(body: &str) -> String {
    let start =
        body.find("id=\"receipt-code\">").expect("a receipt code") + "id=\"receipt-code\">".len();
    let end = start + body[start..].find("</p>").expect("the end of the code");
    body[start..end].replace("<wbr>", "")
}

/// Post the report form (multipart) with the CSRF token of the form page; optional PNG.
async fn report(c: &Client, slug: &str, fields: &[(&str, &str)], png: bool) -> common::Page {
    let token = c
        .csrf(&format!("/{slug}/complaints/new?kind=corruption"))
        .await;
    let mut form = reqwest::multipart::Form::new().text("csrf", token);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if png {
        form = form.part(
            "file1",
            reqwest::multipart::Part::bytes(PNG.to_vec())
                .file_name("IMG_20261127_somchai_phone.png"),
        );
    }
    let r = c
        .http
        .post(format!("{}/{slug}/complaints/submit", c.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    common::Page {
        status,
        location: None,
        body: r.text().await.unwrap(),
        headers,
    }
}

fn corruption_fields<'a>(subject: &'a str, details: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "corruption"),
        ("subject", subject),
        ("details", details),
        ("anonymous", "yes"),
        // typed, then "stay anonymous" chosen: none of it may be kept
        ("name", "นายไม่ควรเก็บ ชื่อลับ"),
        ("phone", "0899999999"),
        ("email", "leak@example.org"),
        ("address", "บ้านลับ ซอยไม่ควรเก็บ"),
        ("website", ""),
    ]
}

/// Every text of every row of every table, with its table's name.
async fn dump_database(app: &TestApp) -> Vec<(String, String)> {
    let db = app.db.store.conn();
    let backend = db.get_database_backend();
    let mut out = Vec::new();
    match backend {
        DbBackend::Postgres => {
            let tables = db
                .query_all(Statement::from_string(
                    backend,
                    "SELECT table_name::text AS t FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                ))
                .await
                .unwrap();
            assert!(tables.len() > 10, "the tables are listed");
            for t in tables {
                let name: String = t.try_get("", "t").unwrap();
                let rows = db
                    .query_all(Statement::from_string(
                        backend,
                        format!("SELECT row_to_json(x)::text AS j FROM \"{name}\" x"),
                    ))
                    .await
                    .unwrap();
                for r in rows {
                    out.push((name.clone(), r.try_get::<String>("", "j").unwrap()));
                }
            }
        }
        _ => {
            let tables = db
                .query_all(Statement::from_string(
                    backend,
                    "SELECT name AS t FROM sqlite_master WHERE type = 'table'",
                ))
                .await
                .unwrap();
            assert!(tables.len() > 10, "the tables are listed");
            for t in tables {
                let name: String = t.try_get("", "t").unwrap();
                let cols = db
                    .query_all(Statement::from_string(
                        backend,
                        format!("SELECT name FROM pragma_table_info('{name}')"),
                    ))
                    .await
                    .unwrap();
                for c in cols {
                    let col: String = c.try_get("", "name").unwrap();
                    let rows = db
                        .query_all(Statement::from_string(
                            backend,
                            format!("SELECT CAST(\"{col}\" AS TEXT) AS v FROM \"{name}\""),
                        ))
                        .await
                        .unwrap();
                    for r in rows {
                        if let Ok(Some(v)) = r.try_get::<Option<String>>("", "v") {
                            out.push((format!("{name}.{col}"), v));
                        }
                    }
                }
            }
        }
    }
    out
}

both_backends!(anonymous_report_leaves_no_trace, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let c = browser(&app);
    let channel = c.get("/agency-x/complaints").await;
    assert_eq!(channel.status, 200);
    assert!(channel
        .body
        .contains("/agency-x/complaints/new?kind=corruption"));
    assert!(channel.body.contains("/agency-x/complaints/follow"));
    let form = c.get("/agency-x/complaints/new?kind=corruption").await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains("name=\"anonymous\" value=\"yes\" checked"),
        "anonymous is the default of the corruption form"
    );
    let csrf_cookie = common::extract_csrf(&form.body).unwrap();
    let subject = "เรียกรับเงินค่าอนุญาตก่อสร้าง-ทดสอบร่องรอย";
    let p = report(
        &c,
        "agency-x",
        &corruption_fields(subject, "เจ้าหน้าที่กองช่างเรียกรับเงินสามพันบาทเพื่อเร่งใบอนุญาต"),
        true,
    )
    .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(
        p.headers.get("cache-control").unwrap().to_str().unwrap(),
        "no-store"
    );
    assert!(
        p.headers.get("set-cookie").is_none(),
        "no cookie is set by the report"
    );
    let code = code_on(&p.body);
    assert_eq!(code.len(), 29);
    let canonical = code.replace('-', "");

    let rows = dump_database(&app).await;
    // the dump sees the report (so an empty dump cannot pass) …
    assert!(
        rows.iter()
            .any(|(t, v)| t.starts_with("complaint") && v.contains(subject)),
        "the report is in the dump"
    );
    // … and nothing that identifies the reporter or opens the case
    let secrets = [
        "127.0.0.1",
        UA,
        "distinctive-user-agent",
        csrf_cookie.as_str(),
        code.as_str(),
        canonical.as_str(),
        "นายไม่ควรเก็บ",
        "0899999999",
        "leak@example.org",
        "ซอยไม่ควรเก็บ",
        // the name the reporter's phone gave the photo
        "somchai",
    ];
    for (table, value) in &rows {
        for s in secrets {
            assert!(!value.contains(s), "{s:?} found in {table}: {value}");
        }
    }
    // the complaint row keeps the day only, and the audit entry no words
    let db = app.db.store.conn();
    let backend = db.get_database_backend();
    let n_contact = db
        .query_one(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM complaint_contact",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(n_contact, 0);
    // the reporter's audit entries keep the day, not the time of day
    let times = db
        .query_all(Statement::from_string(
            backend,
            "SELECT CAST(at AS TEXT) AS v FROM audit_log WHERE actor_label = 'citizen'",
        ))
        .await
        .unwrap();
    assert!(!times.is_empty(), "the submission is audited");
    for t in times {
        let v: String = t.try_get("", "v").unwrap();
        assert!(
            v.contains("00:00:00"),
            "a time of day in the audit log: {v}"
        );
        assert!(!v.contains("00:00:00."), "{v}");
    }
    for (table, value) in &rows {
        if table.starts_with("audit_log") {
            assert!(
                !value.contains(subject),
                "the audit log holds no words: {value}"
            );
            assert!(!value.contains("กองช่าง"));
        }
    }
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        app.db
            .store
            .count_complaints(&x.scope, CaseFilter::all(today, true))
            .await
            .unwrap(),
        1
    );
    app.stop().await;
});

both_backends!(follow_with_code_and_lockout, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    app.seed_agency("agency-x").await;
    let c = app.client();
    let p = report(
        &c,
        "agency-x",
        &corruption_fields("ใช้รถหลวงไปงานส่วนตัว", "เห็นรถของหน่วยงานจอดที่งานแต่งงานวันเสาร์"),
        true,
    )
    .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let code = code_on(&p.body);
    let follow = "/agency-x/complaints/follow";
    // the right code, typed loosely
    let loose = code.to_lowercase().replace('-', " ");
    let p = c.post_form(follow, follow, &[("code", &loose)]).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("ใช้รถหลวงไปงานส่วนตัว"));
    assert!(p.body.contains("หลักฐาน-1.png"), "a neutral file name");
    assert_eq!(
        p.headers.get("cache-control").unwrap().to_str().unwrap(),
        "no-store"
    );
    // the reporter's file, the code in the body
    let file_id = {
        let i = p.body.find("name=\"file\" value=\"").unwrap() + "name=\"file\" value=\"".len();
        let rest = &p.body[i..];
        rest[..rest.find('"').unwrap()].to_string()
    };
    let f = c
        .post_form(
            follow,
            "/agency-x/complaints/follow/file",
            &[("code", &code), ("file", &file_id)],
        )
        .await;
    assert_eq!(f.status, 200);
    assert!(f
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    // the reporter writes back
    let token = c.csrf(follow).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", token)
        .text("code", code.clone())
        .text("body", "ผมมีภาพถ่ายเพิ่มเติม <b>ครับ</b>")
        .text("website", "");
    let r = c
        .http
        .post(format!("{}/agency-x/complaints/follow/reply", c.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("ผมมีภาพถ่ายเพิ่มเติม &#60;b&#62;ครับ&#60;/b&#62;"),
        "{body}"
    );

    // wrong codes: refused, then locked out (even the right code) after ten
    let wrong = "00000-00000-00000-00000-00000";
    let p = c.post_form(follow, follow, &[("code", wrong)]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ไม่พบเรื่องของรหัสนี้"));
    let p = c.post_form(follow, follow, &[("code", "ABC")]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("๒๕ ตัวอักษร"));
    for _ in 0..8 {
        c.post_form(follow, follow, &[("code", wrong)]).await;
    }
    let p = c.post_form(follow, follow, &[("code", &code)]).await;
    assert_eq!(p.status, 429, "locked out after ten wrong codes");
    assert!(!p.body.contains("ใช้รถหลวงไปงานส่วนตัว"));
    let f = c
        .post_form(
            follow,
            "/agency-x/complaints/follow/file",
            &[("code", &code), ("file", &file_id)],
        )
        .await;
    assert_eq!(f.status, 429, "files are locked too");
    // a code never goes in an address
    let p = c
        .get(&format!("/agency-x/complaints/follow?code={code}"))
        .await;
    assert!(!p.body.contains("ใช้รถหลวง"));
    app.stop().await;
});

both_backends!(
    html_honeypot_and_oversize_are_refused,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let s = &app.db.store;
        let today = chrono::Utc::now().date_naive();
        let count = || async {
            s.count_complaints(&x.scope, CaseFilter::all(today, true))
                .await
                .unwrap()
        };
        let c = app.client();
        // a robot fills the honeypot: refused, nothing stored
        let mut robot = corruption_fields("ขายยาลดน้ำหนัก", "คลิกที่ลิงก์นี้เพื่อรับส่วนลดพิเศษ");
        robot.retain(|(k, _)| *k != "website");
        robot.push(("website", "http://spam.example"));
        let p = report(&c, "agency-x", &robot, false).await;
        assert_eq!(p.status, 422);
        assert_eq!(count().await, 0);
        // over-long details: a Thai message, what was typed shown again, nothing stored
        let long = "ก".repeat(10_001);
        let p = report(
            &c,
            "agency-x",
            &corruption_fields("เรื่องยาวเกินกำหนด", &long),
            true,
        )
        .await;
        assert_eq!(p.status, 422);
        assert!(
            p.body.contains("ยาวเกิน ๑๐,๐๐๐") || p.body.contains("ยาวเกิน ๑๐๐๐๐"),
            "{}",
            p.body.chars().take(3000).collect::<String>()
        );
        assert!(p.body.contains("value=\"เรื่องยาวเกินกำหนด\""));
        assert_eq!(count().await, 0);
        // a named report without consent
        let mut named = corruption_fields("ร้องเรียนแบบระบุชื่อ", "รายละเอียดที่ยาวพอสมควรสำหรับการตรวจ");
        named.retain(|(k, _)| *k != "anonymous");
        named.push(("anonymous", "no"));
        let p = report(&c, "agency-x", &named, false).await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ยินยอม"));
        assert_eq!(count().await, 0);
        // a file that is not what it says
        let token = c.csrf("/agency-x/complaints/new?kind=corruption").await;
        let mut form = reqwest::multipart::Form::new().text("csrf", token);
        for (k, v) in corruption_fields("ไฟล์ปลอม", "แนบไฟล์ที่เป็นหน้าเว็บแทนรูปภาพ")
        {
            form = form.text(k, v);
        }
        form = form.part(
            "file1",
            reqwest::multipart::Part::bytes(b"<html><script>x</script></html>".to_vec())
                .file_name("photo.png"),
        );
        let r = c
            .http
            .post(format!("{}/agency-x/complaints/submit", c.base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 422);
        assert_eq!(count().await, 0);
        // HTML and script in every field: stored as typed, shown as text
        let script = "<script>alert('x')</script>";
        let p = report(
            &c,
            "agency-x",
            &corruption_fields(script, "<img src=x onerror=alert(1)> รายละเอียดเพิ่มเติม"),
            false,
        )
        .await;
        assert_eq!(p.status, 200);
        let code = code_on(&p.body);
        let follow = "/agency-x/complaints/follow";
        let p = c.post_form(follow, follow, &[("code", &code)]).await;
        assert!(!p.body.contains(script));
        assert!(p.body.contains("&#60;script&#62;"));
        let h = app.client();
        // the agency admin designates themselves and reads the case
        h.login(&x.user(Role::AgencyAdmin)).await;
        let admin_id = s
            .list_users(&x.scope)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.username == x.user(Role::AgencyAdmin))
            .unwrap()
            .id;
        let r = h
            .post_form(
                "/staff/complaints/handlers",
                "/staff/complaints/handlers",
                &[
                    ("user_id", &admin_id.to_string()),
                    ("designated", "1"),
                    ("may_approve", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let list = h.get("/staff/complaints").await;
        assert_eq!(list.status, 200);
        assert!(!list.body.contains(script));
        assert!(list.body.contains("&#60;script&#62;"));
        let id = s
            .list_complaints(&x.scope, CaseFilter::all(today, true), 10, 0)
            .await
            .unwrap()[0]
            .id;
        let case = h.get(&format!("/staff/complaints/{id}")).await;
        assert_eq!(case.status, 200);
        assert!(!case.body.contains("<img src=x"));
        assert!(case.body.contains("&#60;img src=x"));
        app.stop().await;
    }
);

async fn user_id(app: &TestApp, scope: &prongsai_store::AgencyScope, username: &str) -> i64 {
    app.db
        .store
        .list_users(scope)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == username)
        .unwrap()
        .id
}

both_backends!(
    named_report_needs_two_people_to_reveal,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let y = app.seed_agency("agency-y").await;
        let s = &app.db.store;
        let today = chrono::Utc::now().date_naive();
        let c = app.client();
        let mut named = corruption_fields("ร้องเรียนแบบระบุชื่อ", "ปลัดสั่งให้แก้ราคากลางโครงการถนน");
        named.retain(|(k, _)| !matches!(*k, "anonymous" | "phone" | "name"));
        named.extend([
            ("anonymous", "no"),
            ("consent", "yes"),
            ("name", "นางสาวผู้ร้อง ตัวจริง"),
            ("phone", "081-555-1234"),
        ]);
        let p = report(&c, "agency-x", &named, false).await;
        assert_eq!(p.status, 200, "{}", p.body);
        let id = s
            .list_complaints(&x.scope, CaseFilter::all(today, true), 10, 0)
            .await
            .unwrap()[0]
            .id;
        let case = format!("/staff/complaints/{id}");

        // the admin designates: themselves (approver), unit staff (handler), executive
        // (approver); the viewer stays undesignated
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        for (role, approve) in [
            (Role::AgencyAdmin, "1"),
            (Role::UnitStaff, ""),
            (Role::Executive, "1"),
        ] {
            let uid = user_id(&app, &x.scope, &x.user(role)).await.to_string();
            let r = admin
                .post_form(
                    "/staff/complaints/handlers",
                    "/staff/complaints/handlers",
                    &[
                        ("user_id", &uid),
                        ("designated", "1"),
                        ("may_approve", approve),
                    ],
                )
                .await;
            assert_eq!(r.status, 303);
        }
        // a non-handler and another agency do not see the corruption case at all
        let viewer = app.client();
        viewer.login(&x.user(Role::Viewer)).await;
        assert_eq!(viewer.get(&case).await.status, 404);
        let list = viewer.get("/staff/complaints").await;
        assert!(!list.body.contains("ร้องเรียนแบบระบุชื่อ"));
        let other = app.client();
        other.login(&y.user(Role::AgencyAdmin)).await;
        assert_eq!(other.get(&case).await.status, 404);
        assert_eq!(
            viewer
                .post_form(
                    "/staff/complaints",
                    &format!("{case}/release"),
                    &[("reason", "อยากรู้ว่าใครแจ้งมา")]
                )
                .await
                .status,
            404
        );

        // hidden by default, for every handler
        let staff = app.client();
        staff.login(&x.user(Role::UnitStaff)).await;
        let p = staff.get(&case).await;
        assert_eq!(p.status, 200);
        assert!(p.body.contains("ปกปิด"));
        assert!(!p.body.contains("ตัวจริง") && !p.body.contains("555-1234"));
        // the admin asks (with a reason); the request alone reveals nothing
        let r = admin
            .post_form(
                &case,
                &format!("{case}/release"),
                &[("reason", "ต้องสอบถามข้อเท็จจริงเพิ่มเติมจากผู้ร้อง")],
            )
            .await;
        assert_eq!(r.status, 303);
        let p = admin.get(&case).await;
        assert!(p.body.contains("ปกปิด"));
        assert!(!p.body.contains("ตัวจริง"));
        let rid = s.contact_releases(&x.scope, id).await.unwrap()[0].id;
        // the same person cannot approve their own request
        let p = admin
            .post_form(
                &case,
                &format!("{case}/release/{rid}"),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("อนุมัติคำขอของตนเองไม่ได้"));
        assert!(!p.body.contains("ตัวจริง"));
        // nor a handler who may not approve
        let p = staff
            .post_form(
                &case,
                &format!("{case}/release/{rid}"),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(!admin.get(&case).await.body.contains("ตัวจริง"));
        // a second designated approver approves: now the requester sees it, only them
        let exec = app.client();
        exec.login(&x.user(Role::Executive)).await;
        let r = exec
            .post_form(
                &case,
                &format!("{case}/release/{rid}"),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(r.status, 303);
        let p = admin.get(&case).await;
        assert!(p.body.contains("นางสาวผู้ร้อง ตัวจริง"), "{}", p.body);
        assert!(p.body.contains("081-555-1234"));
        assert!(!exec.get(&case).await.body.contains("ตัวจริง"));
        assert!(!staff.get(&case).await.body.contains("ตัวจริง"));

        // the handler works the case: take up, close with an outcome; the reporter sees it
        let r = staff
            .post_form(
                &case,
                &format!("{case}/move"),
                &[("to", "in_progress"), ("outcome", ""), ("note", "")],
            )
            .await;
        assert_eq!(r.status, 303);
        let p = staff
            .post_form(
                &case,
                &format!("{case}/move"),
                &[("to", "closed"), ("outcome", ""), ("note", "ตรวจแล้ว")],
            )
            .await;
        assert_eq!(p.status, 422, "closing needs an outcome");
        let r = staff
            .post_form(
                &case,
                &format!("{case}/move"),
                &[
                    ("to", "closed"),
                    ("outcome", "substantiated"),
                    ("note", "ตั้งกรรมการสอบข้อเท็จจริงแล้ว มีมูล"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let p = staff.get(&case).await;
        assert!(p.body.contains("มีมูล"));
        // a viewer cannot designate anyone
        assert_eq!(viewer.get("/staff/complaints/handlers").await.status, 403);
        app.stop().await;
    }
);

both_backends!(
    staff_record_stats_csv_and_oit_item,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let s = &app.db.store;
        let today = crate::today();
        let staff = app.client();
        staff.login(&x.user(Role::UnitStaff)).await;
        let day = today.format("%Y-%m-%d").to_string();
        let p = staff
            .post_form(
                "/staff/complaints",
                "/staff/complaints/record",
                &[
                    ("channel", "phone"),
                    ("received_on", &day),
                    ("kind", "complaint"),
                    ("subject", "ไฟฟ้าสาธารณะดับ หมู่ ๕"),
                    ("details", "ผู้ร้องโทรแจ้งว่าไฟถนนดับทั้งซอยมาหนึ่งสัปดาห์"),
                    ("anonymous", "yes"),
                ],
            )
            .await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert_eq!(
            code_on(&p.body).len(),
            29,
            "the code is shown once to hand over"
        );
        let cases = s
            .list_complaints(&x.scope, CaseFilter::all(today, true), 10, 0)
            .await
            .unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].channel.code(), "phone");
        assert_eq!(cases[0].received_on, today);
        // a wrong channel and a day in the future are refused, the form kept
        let p = staff
            .post_form(
                "/staff/complaints",
                "/staff/complaints/record",
                &[
                    ("channel", "online"),
                    ("received_on", "2999-01-01"),
                    ("kind", "complaint"),
                    ("subject", "เรื่องที่ไม่ควรบันทึก"),
                    ("details", "รายละเอียดของเรื่องที่ไม่ควรบันทึก"),
                    ("anonymous", "yes"),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("value=\"เรื่องที่ไม่ควรบันทึก\""));
        assert_eq!(
            s.count_complaints(&x.scope, CaseFilter::all(today, true))
                .await
                .unwrap(),
            1
        );
        // a general complaint is visible to every staff member; working it is for handlers
        let viewer = app.client();
        viewer.login(&x.user(Role::Viewer)).await;
        let id = cases[0].id;
        let p = viewer.get(&format!("/staff/complaints/{id}")).await;
        assert_eq!(p.status, 200);
        assert!(!p.body.contains(&format!("/staff/complaints/{id}/move")));

        // the statistics: page and CSV
        let year = FiscalYear::containing(today);
        let c = app.client();
        let p = c
            .get(&format!("/agency-x/complaints/stats?year={}", year.be()))
            .await;
        assert_eq!(p.status, 200);
        assert!(p.body.contains("id=\"received\">1<"), "{}", p.body);
        assert!(!p.body.contains("ไฟฟ้าสาธารณะดับ"), "no words of a case");
        let (status, headers, bytes) = c
            .get_bytes(&format!("/agency-x/complaints/stats/{}.csv", year.be()))
            .await;
        assert_eq!(status, 200);
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let csv = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 14, "header, 12 months, total: {csv}");
        assert!(lines[0].contains("รับเรื่อง") && lines[0].contains("ช่องทาง: โทรศัพท์"));
        let total: Vec<&str> = lines[13].split(',').collect();
        assert_eq!(total[0], "รวมทั้งปี");
        assert_eq!(total[1], "1", "{csv}");
        let header: Vec<&str> = lines[0].split(',').collect();
        let phone_col = header.iter().position(|h| h.contains("โทรศัพท์")).unwrap();
        assert_eq!(total[phone_col], "1");
        let (status, _, bytes) = c
            .get_bytes(&format!("/agency-x/complaints/stats/{}.xlsx", year.be()))
            .await;
        assert_eq!(status, 200);
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(
            c.get("/agency-x/complaints/stats/1999.csv").await.status,
            404
        );
        assert_eq!(
            c.get("/agency-x/complaints/stats?year=abc").await.status,
            404
        );

        // the OIT items of the previous year (which has a framework) show the pages
        let prev = year.prev().unwrap();
        let fw = app.state.frameworks.get(prev.be()).expect("a framework");
        let stats_item = fw
            .items_produced_by(Product::ComplaintStats)
            .next()
            .expect("a complaint statistics item")
            .code
            .clone();
        let channel_item = fw
            .items_produced_by(Product::ComplaintChannel)
            .next()
            .expect("a complaint channel item")
            .code
            .clone();
        let p = c
            .get(&format!("/agency-x/ita/{}/{stats_item}", prev.be()))
            .await;
        assert_eq!(p.status, 200);
        assert!(
            p.body
                .contains(&format!("/agency-x/complaints/stats?year={}", prev.be())),
            "{}",
            p.body
        );
        let p = c
            .get(&format!("/agency-x/ita/{}/{channel_item}", prev.be()))
            .await;
        assert!(
            p.body.contains("href=\"/agency-x/complaints\""),
            "{}",
            p.body
        );
        app.stop().await;
    }
);

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

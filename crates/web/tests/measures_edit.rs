//! Writing measures by hand over HTTP, on SQLite and PostgreSQL: a coordinator creates,
//! changes, moves and deletes measures and sets the documents' title blocks; steps keep their
//! identity (status, progress) when their text changes; unit staff may not; another agency
//! sees nothing. Progress entries take an evidence file; reminders go out once per channel.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{may_edit_line, StepStatus};
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::measures::LineUpdate;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;

both_backends!(
    coordinator_writes_measures_by_hand,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let y = app.seed_agency("agency-y").await;
        let s = &app.db.store;
        let fy = FiscalYear::new(2570).unwrap();
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let new = "/staff/measures/2570/new";
        let form = admin.get(new).await;
        assert_eq!(form.status, 200, "{}", form.body);

        // refused input: nothing is saved, the text typed stays in the form
        for (fields, msg) in [
            (
                vec![("issue", ""), ("steps", "๑. ทำ")],
                "กรุณาระบุประเด็นที่ต้องปรับปรุง",
            ),
            (
                vec![("issue", "ประเด็น <b>ก</b>"), ("steps", "")],
                "อย่างน้อย ๑ ขั้นตอน",
            ),
            (
                vec![
                    ("issue", "ประเด็น <b>ก</b>"),
                    ("steps", "๑. ทำ"),
                    ("codes", "O1 <O2>"),
                ],
                "ไม่พบรหัส &#60;O2&#62;",
            ),
            (
                vec![("issue", "ประเด็น <b>ก</b>"), ("steps", "๑. ทำ\u{7}")],
                "อักขระควบคุม",
            ),
        ] {
            let p = admin.post_form(new, new, &fields).await;
            assert_eq!(p.status, 422, "{msg}: {}", p.body);
            assert!(p.body.contains(msg), "{msg}: {}", p.body);
            assert!(!p.body.contains("<b>ก</b>"), "user text is escaped");
        }
        assert_eq!(s.count_measures(&x.scope, fy).await.unwrap(), 0);

        // a measure with numbered steps and deadlines read from the text
        let steps = "๑. ประชุมชี้แจงเจ้าหน้าที่ ภายในเดือนพฤศจิกายน ๒๕๖๙\n๒. จัดทำคู่มือ ภายในวันที่ ๓๑ มีนาคม ๒๕๗๐\n๓. เผยแพร่บนเว็บไซต์";
        let p = admin
            .post_form(
                new,
                new,
                &[
                    ("issue", "การเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"),
                    ("codes", "o1, O2"),
                    ("responsible", "กองคลัง"),
                    ("steps", steps),
                    ("schedule", "รายงานผู้บริหารทราบ อย่างน้อยไตรมาสละ ๑ ครั้ง"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let second = admin
            .post_form(
                new,
                new,
                &[("issue", "ประเด็นที่สอง"), ("steps", "๑. ทำอย่างหนึ่ง")],
            )
            .await;
        assert_eq!(second.status, 303, "{}", second.body);
        let measures = s.measures_with_lines(&x.scope, fy).await.unwrap();
        assert_eq!(measures.len(), 2);
        let (m, lines) = &measures[0];
        assert_eq!(m.codes, "O1 O2");
        assert_eq!(m.source, "manual");
        let step_lines: Vec<_> = lines.iter().filter(|l| l.column_kind == "step").collect();
        assert_eq!(step_lines.len(), 3);
        assert_eq!(step_lines[1].number, Some(2));
        assert_eq!(
            step_lines[1].due_end,
            chrono::NaiveDate::from_ymd_opt(2027, 3, 31)
        );
        let year = admin.get("/staff/measures/2570").await.body;
        assert!(year.contains("จัดทำคู่มือ"));
        assert!(year.contains("O1 O2"));
        assert!(year.contains(&format!("/staff/measures/2570/m/{}", m.id)));

        // the step's status survives a change of its text; a removed step goes
        let t = Actor::system("t");
        s.update_line(
            &x.scope,
            &t,
            step_lines[0].id,
            LineUpdate {
                status: StepStatus::Done,
                note: None,
                done_on: None,
                owner_unit_id: None,
            },
            |o| may_edit_line(Role::AgencyAdmin, None, o),
        )
        .await
        .unwrap();
        let edit = format!("/staff/measures/2570/m/{}", m.id);
        let page = admin.get(&edit).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains("๒. จัดทำคู่มือ"),
            "steps go back into the box numbered"
        );
        let p = admin
        .post_form(
            &edit,
            &edit,
            &[
                ("issue", "การเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"),
                ("codes", "O1"),
                ("responsible", "กองคลัง"),
                (
                    "steps",
                    "๑. ประชุมชี้แจงเจ้าหน้าที่ทุกกอง ภายในเดือนพฤศจิกายน ๒๕๖๙\n๒. จัดทำคู่มือ ภายในวันที่ ๓๐ เมษายน ๒๕๗๐",
                ),
                ("schedule", ""),
            ],
        )
        .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let (m2, lines2) = s.measure(&x.scope, m.id).await.unwrap();
        assert_eq!(m2.codes, "O1");
        let steps2: Vec<_> = lines2.iter().filter(|l| l.column_kind == "step").collect();
        assert_eq!(steps2.len(), 2);
        assert_eq!(
            steps2[0].id, step_lines[0].id,
            "the first step is the same step"
        );
        assert_eq!(steps2[0].status, "done");
        assert!(steps2[0].text.contains("ทุกกอง"));
        assert_eq!(
            steps2[1].due_end,
            chrono::NaiveDate::from_ymd_opt(2027, 4, 30)
        );
        assert!(lines2.iter().all(|l| l.column_kind != "schedule"));

        // order: the second measure moves up
        let id2 = measures[1].0.id;
        let p = admin
            .post_form(
                "/staff/measures/2570",
                &format!("/staff/measures/2570/m/{id2}/move"),
                &[("dir", "up")],
            )
            .await;
        assert_eq!(p.status, 303);
        let order: Vec<i64> = s
            .measures_with_lines(&x.scope, fy)
            .await
            .unwrap()
            .iter()
            .map(|(m, _)| m.id)
            .collect();
        assert_eq!(order, vec![id2, m.id]);

        // the document's title block and introduction
        let heading = "/staff/measures/2570/heading";
        let p = admin
            .post_form(heading, heading, &[("title", ""), ("intro", "")])
            .await;
        assert_eq!(p.status, 422);
        let p = admin
            .post_form(
                heading,
                heading,
                &[
                    (
                        "title",
                        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\nประจำปีงบประมาณ พ.ศ. ๒๕๗๐",
                    ),
                    ("intro", "ตามที่สำนักงาน ป.ป.ช. ได้ดำเนินการประเมิน…"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let doc = s.measures_document(&x.scope, fy).await.unwrap().unwrap();
        assert_eq!(doc.title.len(), 2);
        assert_eq!(doc.rows.len(), 2);
        let csv = admin
            .http
            .get(format!("{}/staff/measures/2570/report.csv", admin.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(csv.contains("ทุกกอง"));

        // unit staff and executives may not write measures; another agency finds nothing
        for role in [Role::UnitStaff, Role::Executive, Role::Viewer] {
            let c = app.client();
            c.login(&x.user(role)).await;
            assert_eq!(c.get(new).await.status, 403, "{role:?}");
            assert_eq!(c.get(&edit).await.status, 403, "{role:?}");
            let token = c.csrf("/staff/measures/2570").await;
            let p = c
                .post_raw(
                    &edit,
                    &[("csrf", &token), ("issue", "x"), ("steps", "๑. y")],
                )
                .await;
            assert_eq!(p.status, 403, "{role:?}");
        }
        let other = app.client();
        other.login(&y.user(Role::AgencyAdmin)).await;
        assert_eq!(other.get(&edit).await.status, 404);
        let token = other.csrf("/staff/measures/2570").await;
        let p = other
            .post_raw(&format!("{edit}/delete"), &[("csrf", token.as_str())])
            .await;
        assert_eq!(p.status, 404);
        assert_eq!(s.count_measures(&x.scope, fy).await.unwrap(), 2);

        // progress with an evidence file; the measure cannot be deleted while the draft holds it
        let round = s
            .open_round(
                &x.scope,
                &t,
                fy,
                prongsai_domain::measures::RoundPeriod::Half,
                vec!["รายงานผลการดำเนินการ รอบ ๖ เดือน".into()],
                vec![],
            )
            .await
            .unwrap();
        let base = format!("/staff/measures/2570/rounds/{}", round.id);
        let p = admin
            .multipart(
                &base,
                &format!("{base}/progress"),
                &[
                    ("measure_id", &m.id.to_string()),
                    ("step_line_id", &steps2[0].id.to_string()),
                    ("text", "ประชุมชี้แจงแล้ว"),
                    ("done_on", ""),
                    ("link", ""),
                ],
                Some(("ภาพการประชุม.png", common::PNG.to_vec())),
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let entry = s
            .measure(&x.scope, m.id)
            .await
            .unwrap()
            .1
            .into_iter()
            .find(|l| l.column_kind == "progress")
            .expect("the entry");
        let doc_id = entry.evidence_document_id.expect("the evidence document");
        let link = entry.link.clone().unwrap();
        assert!(
            link.starts_with("http://") && link.contains("/agency-x/files/"),
            "{link}"
        );
        let path = link.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap();
        let (status, _, bytes) = app.client().get_bytes(&path).await;
        assert_eq!(status, 200, "the evidence is public at its address");
        assert_eq!(bytes, common::PNG.to_vec());
        let round_page = admin.get(&base).await.body;
        assert!(
            round_page.contains(&path),
            "the round links to the evidence"
        );
        // a file that is not what it says is refused, and no entry is added
        let p = admin
            .multipart(
                &base,
                &format!("{base}/progress"),
                &[
                    ("measure_id", &m.id.to_string()),
                    ("step_line_id", ""),
                    ("text", "ไฟล์ปลอม"),
                ],
                Some(("x.pdf", b"<html><script>alert(1)</script></html>".to_vec())),
            )
            .await;
        assert_eq!(p.status, 422, "{}", p.body);
        assert_eq!(
            s.measure(&x.scope, m.id)
                .await
                .unwrap()
                .1
                .iter()
                .filter(|l| l.column_kind == "progress")
                .count(),
            1
        );
        // the evidence document cannot be deleted from the library while the entry uses it
        let p = admin
            .post_form(
                &format!("/staff/documents/{doc_id}"),
                &format!("/staff/documents/{doc_id}/delete"),
                &[],
            )
            .await;
        assert_eq!(p.status, 422, "{}", p.body);
        assert!(p.body.contains("หลักฐานผลการดำเนินการ"));
        let p = admin.post_form(&edit, &format!("{edit}/delete"), &[]).await;
        assert_eq!(p.status, 422, "{}", p.body);
        assert!(p.body.contains("รายงานที่ยังเป็นร่าง"));
        assert_eq!(s.count_measures(&x.scope, fy).await.unwrap(), 2);

        // the round's title block, while it is a draft; frozen after acknowledgement
        let rh = format!("{base}/heading");
        let p = admin
            .post_form(
                &rh,
                &rh,
                &[
                    (
                        "title",
                        "รายงานผลการดำเนินการตามมาตรการ\nรอบ ๖ เดือน (ตุลาคม ๒๕๖๙ – มีนาคม ๒๕๗๐)",
                    ),
                    ("intro", "องค์การบริหารส่วนตำบลได้ดำเนินการ"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        assert!(admin.get(&base).await.body.contains("มีนาคม ๒๕๗๐)"));
        s.submit_round(&x.scope, &t, round.id).await.unwrap();
        let p = admin
            .post_form(&base, &rh, &[("title", "แก้"), ("intro", "")])
            .await;
        assert_eq!(p.status, 422, "{}", p.body);

        // the second measure has no progress: it goes, and the numbering closes up
        let p = admin
            .post_form(
                &format!("/staff/measures/2570/m/{id2}"),
                &format!("/staff/measures/2570/m/{id2}/delete"),
                &[],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let left = s.measures_with_lines(&x.scope, fy).await.unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].0.sort_order, 1);
        let audit = prongsai_store::audit::verify_agency(s, &x.scope)
            .await
            .unwrap();
        assert!(audit.problems.is_empty(), "the audit chain holds");
        app.stop().await;
    }
);

both_backends!(reminders_go_out_once_per_channel, |db: TestDb| async move {
    use axum::routing::post;
    use std::sync::{Arc, Mutex};
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let s = &app.db.store;
    let t = Actor::system("t");
    let fy = FiscalYear::new(2570).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 20).unwrap();
    let unit = s.list_units(&x.scope).await.unwrap()[0].clone();
    let row = |steps: &str| prongsai_store::measures::edit::MeasureDraft {
        row: prongsai_domain::measures::MeasureRow {
            issue: prongsai_web::pages::measures::edit::read_cell("issue", "ประเด็น").unwrap(),
            steps: prongsai_web::pages::measures::edit::read_cell("steps", steps).unwrap(),
            ..Default::default()
        },
        ..Default::default()
    };
    // due in 11 days, late by 19 days, far off, and done
    let id = s
        .save_measure(
            &x.scope,
            &t,
            fy,
            None,
            row("๑. ก ภายในวันที่ ๓๑ มีนาคม ๒๕๗๐\n๒. ข ภายในวันที่ ๑ มีนาคม ๒๕๗๐\n๓. ค ภายในวันที่ ๓๐ กันยายน ๒๕๗๐\n๔. ง ภายในวันที่ ๑๕ มีนาคม ๒๕๗๐"),
        )
        .await
        .unwrap();
    let (_, lines) = s.measure(&x.scope, id).await.unwrap();
    let steps: Vec<_> = lines.iter().filter(|l| l.column_kind == "step").collect();
    for (k, l) in steps.iter().enumerate() {
        s.update_line(
            &x.scope,
            &t,
            l.id,
            LineUpdate {
                status: if k == 3 {
                    StepStatus::Done
                } else {
                    StepStatus::InProgress
                },
                note: None,
                done_on: None,
                owner_unit_id: Some(Some(unit.id)),
            },
            |o| may_edit_line(Role::AgencyAdmin, None, o),
        )
        .await
        .unwrap();
    }
    // a relay that records what it receives; it fails the first call
    let got: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let relay = axum::Router::new().route(
        "/hook",
        post({
            let got = got.clone();
            let calls = calls.clone();
            move |body: axum::Json<serde_json::Value>| async move {
                if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                    return axum::http::StatusCode::SERVICE_UNAVAILABLE;
                }
                got.lock().unwrap().push(body.0);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, relay).await.unwrap() });
    let hook = prongsai_web::reminders::Webhook::new(&format!("http://{addr}/hook"))
        .unwrap()
        .with_site("https://prongsai.example.go.th/")
        .unwrap();
    assert!(prongsai_web::reminders::Webhook::new("http://x/")
        .unwrap()
        .with_site("javascript:alert(1)")
        .is_err());
    let notifiers: Vec<Box<dyn prongsai_web::reminders::Notifier>> = vec![
        Box::new(hook),
        Box::new(prongsai_web::reminders::LogNotifier),
    ];
    let first = prongsai_web::reminders::run_once(s, &notifiers, today)
        .await
        .unwrap();
    // the unit's staff and its admin (both of the unit) are reminded; the webhook failed once
    assert_eq!(first.failed, 1, "{first:?}");
    let second = prongsai_web::reminders::run_once(s, &notifiers, today)
        .await
        .unwrap();
    assert_eq!(second.failed, 0, "{second:?}");
    let third = prongsai_web::reminders::run_once(s, &notifiers, today)
        .await
        .unwrap();
    assert_eq!(third.sent, 0, "each reminder goes out once: {third:?}");
    let got = got.lock().unwrap().clone();
    let users: Vec<&str> = got
        .iter()
        .map(|v| v["reminder"]["username"].as_str().unwrap())
        .collect();
    assert!(users.contains(&"agency-x.unit_staff"), "{users:?}");
    assert!(!users.contains(&"agency-x.viewer"), "a viewer owns no work");
    for v in &got {
        let lines = v["reminder"]["lines"].as_array().unwrap();
        let texts: Vec<&str> = lines.iter().map(|l| l["text"].as_str().unwrap()).collect();
        assert_eq!(lines.len(), 2, "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("ก ภายใน")));
        assert!(texts.iter().any(|t| t.contains("ข ภายใน")));
        // the receiver can tell the programme (these are the ITA measures' steps)
        assert!(lines.iter().all(|l| l["plan"] == "ita"), "{lines:?}");
        // and open the step's page: one link per line, absolute, also in the text
        let links = v["links"].as_array().unwrap();
        assert_eq!(links.len(), lines.len());
        let page = format!(
            "https://prongsai.example.go.th/staff/measures/{}",
            lines[0]["fiscal_year"]
        );
        assert!(links.iter().all(|l| l == &page), "{links:?}");
        assert!(v["text_th"].as_str().unwrap().contains(&page));
        assert!(v["text_th"].as_str().unwrap().contains("เลยกำหนด"));
    }
    // the day the far step comes within 14 days, it goes out, and only it
    let later = chrono::NaiveDate::from_ymd_opt(2027, 9, 20).unwrap();
    let fourth = prongsai_web::reminders::run_once(s, &notifiers, later)
        .await
        .unwrap();
    assert!(fourth.sent > 0 && fourth.lines == fourth.sent, "{fourth:?}");
    server.abort();
    app.stop().await;
});

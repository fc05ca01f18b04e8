//! Report rounds over HTTP, on SQLite and PostgreSQL: unit staff record progress on their own
//! steps, the coordinator submits, the executive acknowledges, and the round is frozen; a new
//! version starts from it while the signed one stays readable.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{may_edit_line, StepStatus};
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::measures::LineUpdate;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;

both_backends!(round_sign_off_freezes_the_report, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let sample = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");
    let doc = prongsai_docs::import::report_text::parse_report_text(sample.as_bytes())
        .unwrap()
        .document;
    let fy = FiscalYear::new(2566).unwrap();
    let s = &app.db.store;
    let t = Actor::system("t");
    s.import_measures(&x.scope, &t, fy, &doc).await.unwrap();
    let round = s.report_rounds(&x.scope, fy).await.unwrap()[0].clone();
    let base = format!("/staff/measures/2566/rounds/{}", round.id);
    // the first step of the first measure belongs to the seeded unit; the second to nobody
    let lines = s.measure_lines(&x.scope, fy).await.unwrap();
    let steps: Vec<_> = lines.iter().filter(|l| l.column_kind == "step").collect();
    let unit = s.list_units(&x.scope).await.unwrap()[0].clone();
    s.update_line(
        &x.scope,
        &t,
        steps[0].id,
        LineUpdate {
            status: StepStatus::InProgress,
            note: None,
            done_on: None,
            owner_unit_id: Some(Some(unit.id)),
        },
        |o| may_edit_line(Role::AgencyAdmin, None, o),
    )
    .await
    .unwrap();

    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let year = admin.get("/staff/measures/2566").await;
    assert!(year.body.contains(&base), "the year page lists the round");
    assert!(year.body.contains("รอบ ๖ เดือน ฉบับที่ 1"));

    // unit staff record progress on their own step, with a date and an evidence link
    let staff: &'static common::Client = Box::leak(Box::new(app.client()));
    staff.login(&x.user(Role::UnitStaff)).await;
    let page = staff.get(&base).await;
    assert_eq!(page.status, 200);
    let measure = steps[0].measure_id.to_string();
    let step0 = steps[0].id.to_string();
    let add = format!("{base}/progress");
    let entry = |step: &str, text: &str, date: &str, link: &str| {
        vec![
            ("measure_id", measure.clone()),
            ("step_line_id", step.to_string()),
            ("text", text.to_string()),
            ("done_on", date.to_string()),
            ("link", link.to_string()),
        ]
    };
    let post = |c: &'static common::Client, fields: Vec<(&'static str, String)>| {
        let add = add.clone();
        let base = base.clone();
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            c.multipart(&base, &add, &f, None).await
        }
    };
    let p = post(
        staff,
        entry(
            &step0,
            "ประชุมชี้แจงเจ้าหน้าที่ <b>ครบทุกกอง</b>",
            "2023-03-15",
            "https://www.example.go.th/o43/evidence.pdf",
        ),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = staff.get(&base).await.body;
    assert!(
        page.contains("ประชุมชี้แจงเจ้าหน้าที่ &#60;b&#62;ครบทุกกอง&#60;/b&#62;"),
        "escaped"
    );
    assert!(page.contains("href=\"https://www.example.go.th/o43/evidence.pdf\""));
    // refused: a javascript: link, a future date, a date outside the year, a step of no unit
    for (fields, msg) in [
        (
            entry(&step0, "x", "", "javascript:alert(1)"),
            "https:// หรือ http://",
        ),
        (entry(&step0, "x", "2099-01-01", ""), "ปีงบประมาณ 2566"),
        (entry(&step0, "x", "2021-01-01", ""), "ปีงบประมาณ 2566"),
        (
            entry(&steps[1].id.to_string(), "x", "", ""),
            "เฉพาะขั้นตอนของกอง/งานที่ท่านสังกัด",
        ),
        (entry(&step0, "   ", "", ""), "กรุณากรอก"),
    ] {
        let p = post(staff, fields).await;
        assert_eq!(p.status, 422, "{msg}");
        assert!(p.body.contains(msg), "{msg}");
    }
    // a viewer may not record, and another agency does not see the round
    let viewer: &'static common::Client = Box::leak(Box::new(app.client()));
    viewer.login(&x.user(Role::Viewer)).await;
    assert_eq!(post(viewer, entry(&step0, "x", "", "")).await.status, 403);
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    assert_eq!(other.get(&base).await.status, 404);
    assert_eq!(
        other
            .post_form("/staff/measures/2566", &format!("{base}/submit"), &[])
            .await
            .status,
        404
    );

    // the executive may not submit; the coordinator does, and the report is locked
    let exec = app.client();
    exec.login(&x.user(Role::Executive)).await;
    assert_eq!(
        exec.post_form(&base, &format!("{base}/submit"), &[])
            .await
            .status,
        403
    );
    let p = admin.post_form(&base, &format!("{base}/submit"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = post(staff, entry(&step0, "หลังเสนอ", "", "")).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("เสนอผู้บริหารแล้ว"));
    // the coordinator cannot acknowledge their own submission
    let p = admin
        .post_form(&base, &format!("{base}/acknowledge"), &[("note", "")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("รับทราบรายงานของตนเองไม่ได้"));
    // the executive acknowledges
    let p = exec
        .post_form(
            &base,
            &format!("{base}/acknowledge"),
            &[("note", "ทราบ ให้ดำเนินการต่อ")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = admin.get(&base).await.body;
    assert!(page.contains("ผู้บริหารรับทราบแล้ว"));
    assert!(page.contains("ทราบ ให้ดำเนินการต่อ"));
    assert!(page.contains("ผู้ใช้ ผู้บริหาร"), "who acknowledged is shown");
    let p = post(staff, entry(&step0, "แก้หลังรับทราบ", "", "")).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("เปิดฉบับแก้ไขใหม่"));
    // its report still prints, with the progress recorded
    for ext in ["pdf", "docx", "xlsx", "csv"] {
        let r = admin
            .http
            .get(format!("{}{base}/report.{ext}", admin.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{ext}");
        if ext == "csv" {
            let text = r.text().await.unwrap();
            assert!(text.contains("ประชุมชี้แจงเจ้าหน้าที่"), "{ext}");
            assert!(text.contains("การดำเนินการ"));
        }
    }
    // the measures document (O42) has four columns
    let o42 = admin
        .http
        .get(format!("{}/staff/measures/2566/report.csv", admin.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!o42.lines().next().unwrap().contains("การดำเนินการ"));

    // a new version starts from the signed one; the signed one does not change
    let p = admin
        .post_form(&base, "/staff/measures/2566/rounds", &[("period", "half")])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let v2 = p.location.unwrap();
    assert_ne!(v2, base);
    let v2_page = staff.get(&v2).await.body;
    assert!(v2_page.contains("ประชุมชี้แจงเจ้าหน้าที่"));
    assert!(v2_page.contains("ฉบับที่ 2"));
    let p = staff
        .multipart(
            &v2,
            &format!("{v2}/progress"),
            &[
                ("measure_id", &measure),
                ("step_line_id", &step0),
                ("text", "เพิ่มในฉบับที่สอง"),
            ],
            None,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(staff.get(&v2).await.body.contains("เพิ่มในฉบับที่สอง"));
    assert!(!admin.get(&base).await.body.contains("เพิ่มในฉบับที่สอง"));
    // opening again while version 2 is a draft is refused
    let p = admin
        .post_form(&base, "/staff/measures/2566/rounds", &[("period", "half")])
        .await;
    assert_eq!(p.status, 422);
    assert!(prongsai_store::audit::verify_agency(s, &x.scope)
        .await
        .unwrap()
        .is_ok());
    app.stop().await;
});

both_backends!(import_preview_then_save, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let sample = include_bytes!("../../../assets/samples/krathok-o43-2566-h1.txt");
    let fy = FiscalYear::new(2566).unwrap();
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let form = admin.get("/staff/measures/import").await;
    assert_eq!(form.status, 200);
    let token = common::extract_csrf(&form.body).unwrap();
    let upload = |c: &common::Client, token: String, year: &str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", token)
            .text("fiscal_year", year.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("report.txt"),
            );
        let req = c
            .http
            .post(format!("{}/staff/measures/import", c.base))
            .multipart(form);
        async move {
            let r = req.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    // bad files: an error page, nothing saved
    let cut = sample[..sample.len() / 3].to_vec();
    for (bytes, msg) in [
        (b"PK\x03\x04garbage".to_vec(), "DOCX"),
        (
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            ".doc",
        ),
        (b"just some text\n".to_vec(), "หัวตาราง"),
        (cut, "ยังไม่ได้บันทึก"),
    ] {
        let (status, body) = upload(&admin, token.clone(), "2566", bytes).await;
        assert_eq!(status, 422, "{msg}");
        assert!(body.contains(msg), "{msg}: {body}");
        assert!(body.contains("ยังไม่ได้บันทึกข้อมูลใด ๆ"));
    }
    assert_eq!(app.db.store.count_measures(&x.scope, fy).await.unwrap(), 0);
    // the sample: a preview with every measure and deadline, still nothing saved
    let (status, body) = upload(&admin, token.clone(), "๒๕๖๖", sample.to_vec()).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("id=\"pv-measures\">6<"), "six measures");
    assert!(body.contains("ตัวชี้วัดที่ ๙"));
    assert_eq!(app.db.store.count_measures(&x.scope, fy).await.unwrap(), 0);
    let apply = body
        .split("action=\"")
        .find_map(|s| s.strip_prefix("/staff/measures/import/"))
        .and_then(|s| s.split('"').next())
        .map(|s| format!("/staff/measures/import/{s}"))
        .expect("a save form");
    // another user (or agency) cannot save someone else's preview
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    assert_eq!(
        other
            .post_form("/staff/measures/import", &apply, &[])
            .await
            .status,
        404
    );
    let p = admin.post_form("/staff/measures/import", &apply, &[]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location.as_deref(), Some("/staff/measures/2566"));
    assert_eq!(app.db.store.count_measures(&x.scope, fy).await.unwrap(), 6);
    // the draft is gone, and a second import of the year is refused at preview and save
    assert_eq!(
        admin
            .post_form("/staff/measures/import", &apply, &[])
            .await
            .status,
        404
    );
    let (status, body) = upload(&admin, token.clone(), "2566", sample.to_vec()).await;
    assert_eq!(status, 200);
    assert!(body.contains("มีมาตรการอยู่แล้ว"));
    assert!(!body.contains("id=\"apply\""));
    // unit staff may not import
    let staff = app.client();
    staff.login(&x.user(Role::UnitStaff)).await;
    assert_eq!(staff.get("/staff/measures/import").await.status, 403);
    app.stop().await;
});

//! Framework browser and assessment results over HTTP, on SQLite and PostgreSQL.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::testdb::TestDb;

both_backends!(framework_browser_and_year_diff, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let idx = c.get("/frameworks").await;
    assert_eq!(idx.status, 200);
    for y in ["2565", "2566", "2567", "2568", "2569", "2570"] {
        assert!(idx.body.contains(&format!("/frameworks/{y}")), "{y}");
    }
    let y = c.get("/frameworks/2565").await;
    assert_eq!(y.status, 200);
    assert!(y.body.contains("โครงสร้าง"));
    assert!(y
        .body
        .contains("การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"));
    assert!(y.body.contains("id=\"O43\""));
    // Thai digits in the URL work too
    assert_eq!(
        c.get("/frameworks/%E0%B9%92%E0%B9%95%E0%B9%96%E0%B9%95")
            .await
            .status,
        200
    );
    let d = c.get("/frameworks/2565/diff/2566").await;
    assert_eq!(d.status, 200);
    assert!(
        d.body.contains("นโยบายคุ้มครองข้อมูลส่วนบุคคล"),
        "new item of 2566 listed"
    );
    assert!(d.body.contains("badge added"));
    // the order of the years does not matter
    let d2 = c.get("/frameworks/2566/diff/2565").await;
    let table = |b: &str| b[b.find("<table").unwrap()..b.find("</table>").unwrap()].to_string();
    assert_eq!(table(&d2.body), table(&d.body));
    let big = c.get("/frameworks/2567/diff/2568").await;
    assert!(big.body.contains("badge merged") || big.body.contains("badge renamed"));
    let missing = c.get("/frameworks/2400").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("ไม่พบหน้าที่ต้องการ"));
    assert_eq!(c.get("/frameworks/abc/diff/2566").await.status, 404);
    app.stop().await;
});

both_backends!(
    enter_scores_see_grade_and_choose_issues,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let c = app.client();
        c.login(&x.user(Role::AgencyAdmin)).await;
        let form = c.get("/staff/assessments/2565").await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("name=\"item_O43\""));
        // a bad score: message next to the field, nothing stored
        let p = c
            .post_form(
                "/staff/assessments/2565",
                "/staff/assessments/2565",
                &[("ind_1", "๑๐๑"), ("ind_2", "85,5"), ("item_O1", "yes")],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("0 ถึง 100"));
        let fy = FiscalYear::new(2565).unwrap();
        assert!(app
            .db
            .store
            .load_scores(&x.scope, fy)
            .await
            .unwrap()
            .is_none());
        // the scores of an agency like the sample: weak on indicators 8 and 9
        let mut fields: Vec<(String, String)> = vec![
            ("ind_1".into(), "๙๕.๕".into()),
            ("ind_2".into(), "93".into()),
            ("ind_3".into(), "94".into()),
            ("ind_4".into(), "92".into()),
            ("ind_5".into(), "91".into()),
            ("ind_6".into(), "90".into()),
            ("ind_7".into(), "88".into()),
            ("ind_8".into(), "71.25".into()),
            ("ind_10".into(), "100".into()),
            ("q_E12".into(), "68".into()),
            ("q_E14".into(), "66.5".into()),
            ("q_E15".into(), "70".into()),
        ];
        for i in 1..=43 {
            let no = [15, 16, 17, 18].contains(&i);
            fields.push((format!("item_O{i}"), if no { "no" } else { "yes" }.into()));
            if no {
                fields.push((format!("remark_O{i}"), "ไม่พบข้อมูลของปีงบประมาณที่ประเมิน".into()));
            }
        }
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let p = c
            .post_form("/staff/assessments/2565", "/staff/assessments/2565", &refs)
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let (_, scores) = app
            .db
            .store
            .load_scores(&x.scope, fy)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(scores.indicators[&1], 95.5);
        assert_eq!(scores.items.len(), 43);
        let r = c.get("/staff/assessments/2565/result").await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains("<svg"), "chart drawn");
        assert!(r.body.contains("id=\"total\""));
        // weak points: indicator 8, items O15–O18 (answered no), the low questions
        for needle in ["ข้อมูลเชิงสถิติการให้บริการ", "การปรับปรุงการทำงาน", "E14"]
        {
            assert!(r.body.contains(needle), "{needle}");
        }
        // choose the E-question and an item as issues, like the sample report
        let p = c
            .post_form(
                "/staff/assessments/2565/result",
                "/staff/assessments/2565/issues",
                &[
                    ("kind", "question"),
                    ("codes", "E12, E14, E15"),
                    ("title_th", "EIT ตัวชี้วัดที่ ๘ การปรับปรุงการทำงาน E๑๒ E๑๔ E๑๕"),
                ],
            )
            .await;
        assert_eq!(p.status, 303);
        let issues = app.db.store.list_issues(&x.scope, fy).await.unwrap();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code_list(), vec!["E12", "E14", "E15"]);
        let r = c.get("/staff/assessments/2565/result").await;
        assert!(r.body.contains("EIT ตัวชี้วัดที่ ๘"));
        // an empty title is refused with a message
        let p = c
            .post_form(
                "/staff/assessments/2565/result",
                "/staff/assessments/2565/issues",
                &[("title_th", "  ")],
            )
            .await;
        assert_eq!(p.status, 422);
        // the list shows the year with its grade
        let l = c.get("/staff/assessments").await;
        assert!(l.body.contains("/staff/assessments/2565/result"));
        app.stop().await;
    }
);

both_backends!(import_is_all_or_nothing, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let c = app.client();
    c.login(&x.user(Role::AgencyAdmin)).await;
    let fy = FiscalYear::new(2565).unwrap();
    let tpl = c.get("/staff/assessments/2565/template.csv").await;
    assert!(tpl.body.starts_with('\u{feff}'));
    assert!(tpl.body.contains("item,O43"));
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let c = &c;
        async move {
            let token = c.csrf("/staff/assessments/2565").await;
            let form = reqwest::multipart::Form::new().text("csrf", token).part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
            let r = c
                .http
                .post(format!("{}/staff/assessments/2565/import", c.base))
                .multipart(form)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let good = "\u{feff}ประเภท,รหัส,คะแนน,คำตอบ,หมายเหตุ\nตัวชี้วัด,๘,71.25,,\nข้อ,O15,,ไม่มี,ไม่พบข้อมูล\nคำถาม,E12,68,,\n";
    let (status, _) = upload("scores.csv", good.as_bytes().to_vec()).await;
    assert_eq!(status, 303);
    let (_, s) = app
        .db
        .store
        .load_scores(&x.scope, fy)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.indicators[&8], 71.25);
    assert!(!s.items["O15"].answer);
    // one bad row among good ones: nothing changes, the row is named
    let bad =
        "kind,code,score,answer,remark\nindicator,8,90,,\nitem,O99,,yes,\nquestion,E12,150,,\n";
    let (status, body) = upload("scores.csv", bad.as_bytes().to_vec()).await;
    assert_eq!(status, 422);
    assert!(body.contains("แถวที่ 3"), "{body}");
    assert!(body.contains("แถวที่ 4"), "{body}");
    let (_, after) = app
        .db
        .store
        .load_scores(&x.scope, fy)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after, s);
    // a wrong header
    let (status, body) = upload("x.csv", b"a,b,c\n1,2,3\n".to_vec()).await;
    assert_eq!(status, 422);
    assert!(body.contains("id=\"import-errors\""));
    // no CSRF token: refused
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(good.as_bytes().to_vec()).file_name("s.csv"),
    );
    let r = c
        .http
        .post(format!("{}/staff/assessments/2565/import", c.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    app.stop().await;
});

both_backends!(assessment_roles_and_isolation, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let fy = FiscalYear::new(2565).unwrap();
    let yi = app
        .db
        .store
        .create_issue(
            &y.scope,
            &prongsai_store::Actor::system("t"),
            prongsai_store::assessment::NewIssue {
                fiscal_year: fy,
                kind: "custom".into(),
                codes: vec![],
                title_th: "ของหน่วยงาน Y".into(),
                note: None,
                next_codes: vec![],
            },
        )
        .await
        .unwrap();
    let viewer = app.client();
    viewer.login(&x.user(Role::Viewer)).await;
    assert_eq!(
        viewer.get("/staff/assessments/2565/result").await.status,
        200
    );
    assert_eq!(viewer.get("/staff/assessments/2565").await.status, 403);
    let p = viewer
        .post_form(
            "/staff/assessments/2565/result",
            "/staff/assessments/2565/issues",
            &[("title_th", "x")],
        )
        .await;
    assert_eq!(p.status, 403);
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let r = admin.get("/staff/assessments/2565/result").await;
    assert!(!r.body.contains("ของหน่วยงาน Y"));
    let p = admin
        .post_form(
            "/staff/assessments/2565/result",
            &format!("/staff/assessments/2565/issues/{}", yi.id),
            &[("title_th", "hijack")],
        )
        .await;
    assert_eq!(p.status, 404);
    let p = admin
        .post_form(
            "/staff/assessments/2565/result",
            &format!("/staff/assessments/2565/issues/{}/delete", yi.id),
            &[],
        )
        .await;
    assert_eq!(p.status, 404);
    assert_eq!(
        app.db.store.list_issues(&y.scope, fy).await.unwrap(),
        vec![yi]
    );
    assert_eq!(
        admin.get("/staff/assessments/2400/result").await.status,
        404
    );
    app.stop().await;
});

both_backends!(measures_page_and_documents, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let sample = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");
    let doc = prongsai_docs::import::report_text::parse_report_text(sample.as_bytes())
        .unwrap()
        .document;
    let fy = FiscalYear::new(2566).unwrap();
    app.db
        .store
        .import_measures(&x.scope, &prongsai_store::Actor::system("t"), fy, &doc)
        .await
        .unwrap();
    let c = app.client();
    c.login(&x.user(Role::Viewer)).await;
    assert_eq!(
        c.get("/staff/measures").await.location.as_deref(),
        Some("/staff/measures/2566")
    );
    let p = c.get("/staff/measures/2566").await;
    assert_eq!(p.status, 200);
    assert!(p
        .body
        .contains("ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูลเครื่องมือการประเมิน OIT การให้บริการ"));
    assert!(
        p.body.contains("class=\"due late\""),
        "FY 2566 deadlines are past"
    );
    for (ext, magic) in [
        ("pdf", &b"%PDF"[..]),
        ("docx", b"PK"),
        ("xlsx", b"PK"),
        ("csv", "\u{feff}".as_bytes()),
    ] {
        let r = c
            .http
            .get(format!("{}/staff/measures/2566/report.{ext}", c.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{ext}");
        assert!(r.bytes().await.unwrap().starts_with(magic), "{ext}");
    }
    // another agency has none, and cannot print X's
    let cy = app.client();
    cy.login(&y.user(Role::AgencyAdmin)).await;
    assert!(cy
        .get("/staff/measures/2566")
        .await
        .body
        .contains("ยังไม่มีมาตรการ"));
    assert_eq!(cy.get("/staff/measures/2566/report.pdf").await.status, 404);
    assert_eq!(cy.get("/staff/measures/abc").await.status, 404);
    // statuses: the coordinator assigns a step to a unit and marks it; others are refused
    let lines = app.db.store.measure_lines(&x.scope, fy).await.unwrap();
    let step = lines.iter().find(|l| l.column_kind == "step").unwrap();
    let unit = app.db.store.list_units(&x.scope).await.unwrap()[0].clone();
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let path = format!("/staff/measures/2566/lines/{}", step.id);
    let unit_id = unit.id.to_string();
    let p = admin
        .post_form(
            "/staff/measures/2566",
            &path,
            &[
                ("status", "in_progress"),
                ("owner_unit_id", &unit_id),
                ("note", "กำลังรวบรวม 📊"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = admin.get("/staff/measures/2566").await.body;
    assert!(page.contains("กำลังรวบรวม 📊"));
    // the viewer may not
    let p = c
        .post_form("/staff/measures/2566", &path, &[("status", "done")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("เฉพาะขั้นตอนของกอง/งานที่ท่านสังกัด"));
    // unit staff of the owning unit may (the seeded users belong to that unit)
    let staff = app.client();
    staff.login(&x.user(Role::UnitStaff)).await;
    let p = staff
        .post_form(
            "/staff/measures/2566",
            &path,
            &[("status", "done"), ("owner_unit_id", "")],
        )
        .await;
    assert_eq!(p.status, 303);
    let l = app
        .db
        .store
        .measure_lines(&x.scope, fy)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.id == step.id)
        .unwrap();
    assert_eq!(l.status, "done");
    assert_eq!(
        l.owner_unit_id,
        Some(unit.id),
        "unit staff cannot change the owner"
    );
    // another agency: not found
    let p = cy
        .post_form("/staff/measures/2566", &path, &[("status", "cancelled")])
        .await;
    assert_eq!(p.status, 404);
    // a status that does not exist
    let p = admin
        .post_form("/staff/measures/2566", &path, &[("status", "finished")])
        .await;
    assert_eq!(p.status, 400);
    app.stop().await;
});

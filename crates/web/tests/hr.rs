//! HR over HTTP, on SQLite and PostgreSQL: the HR officer keeps the three registers (bad input
//! refused with a Thai message, 422, what was typed kept and nothing stored; user text escaped;
//! CSRF; another agency's rows not found), the coordinator submits the six-month and annual
//! reports, the executive signs, the reports answer at their public addresses (404 before) and
//! are attached to the HR items of FY 2566 (O24 from the six-month round, O26 from the FY 2565
//! annual report); signed rows are frozen; the pages switch to English.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{Cadence, Product};
use prongsai_domain::measures::RoundPeriod;
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::hr::sign_key;
use prongsai_store::testdb::TestDb;

fn fy(be: i32) -> FiscalYear {
    FiscalYear::new(be).unwrap()
}

fn training<'a>(start: &'a str, end: &'a str, hours: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("person", "นายสมชาย ใจดี"),
        ("position", "ปลัด อบต."),
        ("unit", ""),
        ("course", "การเสริมสร้างคุณธรรม จริยธรรม"),
        ("organiser", "สถาบันพัฒนาบุคลากรท้องถิ่น"),
        ("start", start),
        ("end", end),
        ("hours", hours),
        ("cost", "1,500"),
        ("ethics", "yes"),
    ]
}

/// The item of FY `year` producing `p` (with the given cadence, if any).
fn item_of(app: &TestApp, year: i32, p: Product, cadence: Option<Cadence>) -> String {
    app.state
        .frameworks
        .get(year)
        .expect("a framework")
        .items_produced_by(p)
        .find(|it| cadence.is_none_or(|c| it.cadence == c))
        .expect("an item")
        .code
        .clone()
}

both_backends!(registers_reports_and_publishing, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let s = app.db.store.clone();
    let year = fy(2566);

    let hr = app.client();
    hr.login(&x.user(Role::UnitStaff)).await;
    let page = hr.get("/staff/hr/2566").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ยังไม่มีข้อมูลในปีงบประมาณนี้"));
    assert_eq!(hr.get("/staff/hr").await.status, 303);
    assert_eq!(hr.get("/staff/hr/25x6").await.status, 404);
    assert_eq!(hr.get("/staff/hr/2566/payroll/new").await.status, 404);

    // ---- workforce: a negative number and more filled than the framework are refused
    let new_wf = "/staff/hr/2566/workforce/new";
    let wf = |framework: &'static str, filled: &'static str| {
        vec![
            ("staff_type", "official"),
            ("group", "นักวิเคราะห์นโยบายและแผน"),
            ("unit", ""),
            ("framework", framework),
            ("filled", filled),
        ]
    };
    let bad = hr.post_form(new_wf, new_wf, &wf("-1", "2")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("จำนวนติดลบไม่ได้"), "{}", bad.body);
    assert!(
        bad.body.contains("นักวิเคราะห์นโยบายและแผน"),
        "what was typed stays"
    );
    let over = hr.post_form(new_wf, new_wf, &wf("3", "5")).await;
    assert_eq!(over.status, 422);
    assert!(
        over.body.contains("มากกว่ากรอบอัตรากำลัง ๓ อัตรา"),
        "{}",
        over.body
    );
    assert!(over.body.contains("name=\"accept_over\" value=\"5:3\""));
    assert!(s
        .hr_workforce_of_year(&x.scope, year)
        .await
        .unwrap()
        .is_empty());
    let mut confirmed = wf("3", "5");
    confirmed.push(("accept_over", "5:3"));
    let ok = hr.post_form(new_wf, new_wf, &confirmed).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let ok = hr.post_form(new_wf, new_wf, &wf("10", "8")).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(
        s.hr_workforce_of_year(&x.scope, year).await.unwrap().len(),
        2
    );

    // ---- appointments: a day outside the year refused; markup stays text
    let new_ap = "/staff/hr/2566/appointments/new";
    let ap = |person: &'static str, date: &'static str| {
        vec![
            ("person", person),
            ("position", "นักทรัพยากรบุคคล"),
            ("kind", "recruit"),
            ("unit", ""),
            ("date", date),
            ("order_no", "คำสั่งที่ 12/2566"),
        ]
    };
    let bad = hr
        .post_form(new_ap, new_ap, &ap("นางสาวมาลี", "1/10/2566"))
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("วันที่ต้องอยู่ในปีงบประมาณ พ.ศ. ๒๕๖๖"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("นางสาวมาลี"));
    let bad = hr.post_form(new_ap, new_ap, &ap("นางสาวมาลี", "")).await;
    assert_eq!(bad.status, 422);
    assert!(s
        .hr_appointments_of_year(&x.scope, year)
        .await
        .unwrap()
        .is_empty());
    let ok = hr
        .post_form(
            new_ap,
            new_ap,
            &ap("<script>alert(1)</script> มาลี", "15/1/2566"),
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let page = hr.get("/staff/hr/2566").await;
    assert!(page.body.contains("&#60;script&#62;alert(1)"));
    assert!(!page.body.contains("<script>alert(1)"));

    // ---- training: absurd or negative hours refused
    let new_tr = "/staff/hr/2566/training/new";
    let bad = hr
        .post_form(new_tr, new_tr, &training("9/1/2566", "9/1/2566", "100"))
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("เกินจริง"), "{}", bad.body);
    let bad = hr
        .post_form(new_tr, new_tr, &training("9/1/2566", "9/1/2566", "-3"))
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("จำนวนชั่วโมงติดลบไม่ได้"));
    let bad = hr
        .post_form(new_tr, new_tr, &training("10/1/2566", "9/1/2566", "6"))
        .await;
    assert_eq!(bad.status, 422);
    assert!(s
        .hr_trainings_of_year(&x.scope, year)
        .await
        .unwrap()
        .is_empty());
    let ok = hr
        .post_form(new_tr, new_tr, &training("9/1/2566", "10/1/2566", "12"))
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let tr = s.hr_trainings_of_year(&x.scope, year).await.unwrap();
    assert_eq!(tr.len(), 1);
    assert!(tr[0].row.ethics);
    assert_eq!(tr[0].row.cost.satang(), 150_000);
    let tr_id = tr[0].id;
    let edit = format!("/staff/hr/2566/training/{tr_id}/edit");
    let form = hr.get(&edit).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"9/1/2566\""), "{}", form.body);

    // ---- CSRF, permissions, another agency
    let no_token = hr
        .post_raw(new_tr, &training("9/1/2566", "9/1/2566", "6"))
        .await;
    assert_eq!(no_token.status, 403);
    let viewer = app.client();
    viewer.login(&x.user(Role::Viewer)).await;
    assert_eq!(viewer.get("/staff/hr/2566").await.status, 200);
    assert_eq!(viewer.get(new_tr).await.status, 403);
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    assert_eq!(other.get(&edit).await.status, 404);
    let p = other
        .post_form(
            "/staff/hr/2566",
            &format!("/staff/hr/2566/training/{tr_id}/delete"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(p.status, 404);
    assert_eq!(
        s.hr_trainings_of_year(&x.scope, year).await.unwrap().len(),
        1
    );
    assert_eq!(tr.len(), 1);
    // the unit staff cannot submit a report to the executive
    let report = "/staff/hr/2566/report/half";
    assert_eq!(
        hr.post_form(report, &format!("{report}/submit"), &[])
            .await
            .status,
        403
    );

    // ---- the officer's text and the report page
    let saved = hr
        .post_form(
            report,
            report,
            &[
                ("results", "จัดอบรมคุณธรรมให้บุคลากรครบทุกกอง <b>ตัวหนา</b>"),
                ("problems", ""),
                ("improvements", "จัดอบรมร่วมกับหน่วยงานใกล้เคียง"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = hr.get(report).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("&#60;b&#62;ตัวหนา"));
    assert!(
        page.body.contains("id=\"fig-framework\">13<"),
        "the year's workforce"
    );
    assert!(page.body.contains("id=\"k-people\">1<"));
    let (status, _, pdf) = hr.get_bytes(&format!("{report}/preview.pdf")).await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));

    // nothing public before the executive has signed
    assert_eq!(hr.get("/agency-x/hr/2566/half.pdf").await.status, 404);

    // ---- the coordinator opens and submits, the executive signs
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let sign_off = |period: &'static str, be: &'static str| {
        let admin = &admin;
        async move {
            let here = format!("/staff/hr/{be}/report/{period}");
            let p = admin
                .post_form(
                    &here,
                    "/staff/signoff/open",
                    &[
                        ("kind", "hr.report"),
                        ("year", be),
                        ("period", period),
                        ("title", "รายงาน"),
                        ("return_to", here.as_str()),
                    ],
                )
                .await;
            assert_eq!(p.status, 303, "{}", p.body);
            let p = admin.post_form(&here, &format!("{here}/submit"), &[]).await;
            assert_eq!(p.status, 303, "{}", p.body);
        }
    };
    sign_off("half", "2566").await;
    let exec = app.client();
    exec.login(&x.user(Role::Executive)).await;
    let v = s
        .current_signed(&x.scope, sign_key(year, RoundPeriod::Half))
        .await
        .unwrap()
        .unwrap();
    let p = exec
        .post_form(
            report,
            &format!("/staff/signoff/{}/acknowledge", v.id),
            &[("note", "ทราบ"), ("return_to", report)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);

    // the public files of the signed version
    let (status, headers, pdf) = hr.get_bytes("/agency-x/hr/2566/half.pdf").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF"));
    for ext in ["docx", "xlsx"] {
        let (status, _, bytes) = hr.get_bytes(&format!("/agency-x/hr/2566/half.{ext}")).await;
        assert_eq!(status, 200, "{ext}");
        assert!(bytes.starts_with(b"PK"), "{ext}");
    }
    assert_eq!(hr.get("/agency-x/hr/2566/year.pdf").await.status, 404);
    assert_eq!(hr.get("/agency-y/hr/2566/half.pdf").await.status, 404);
    assert_eq!(hr.get("/agency-x/hr/2566/quarter.pdf").await.status, 404);
    // …attached to the six-monthly HR item of FY 2566
    let o24 = item_of(&app, 2566, Product::HrActions, Some(Cadence::SixMonthly));
    let item = hr.get(&format!("/agency-x/ita/2566/{o24}")).await;
    assert_eq!(item.status, 200);
    assert!(
        item.body.contains("/agency-x/hr/2566/half.pdf"),
        "{o24}: {}",
        item.body
    );

    // a first-half row is frozen now; the report page says it and keeps the text read-only
    let frozen = hr
        .post_form(&edit, &edit, &training("9/1/2566", "10/1/2566", "10"))
        .await;
    assert_eq!(frozen.status, 422);
    assert!(
        frozen.body.contains("ผู้บริหารลงนามฉบับนี้แล้ว"),
        "{}",
        frozen.body
    );
    assert_eq!(
        s.hr_training(&x.scope, tr_id).await.unwrap().row.hours.0,
        120
    );
    let page = hr.get(report).await;
    assert!(page.body.contains("id=\"frozen-figures\""));
    assert!(!page.body.contains("id=\"save-notes\""));
    assert!(page.body.contains("/agency-x/hr/2566/half.pdf"));

    // ---- the FY 2565 annual report answers FY 2566's annual HR item (data year: previous)
    sign_off("year", "2565").await;
    let v = s
        .current_signed(&x.scope, sign_key(fy(2565), RoundPeriod::Year))
        .await
        .unwrap()
        .unwrap();
    let back = "/staff/hr/2565/report/year";
    let p = exec
        .post_form(
            back,
            &format!("/staff/signoff/{}/acknowledge", v.id),
            &[("note", ""), ("return_to", back)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(hr.get("/agency-x/hr/2565/year.pdf").await.status, 200);
    let o26 = item_of(&app, 2566, Product::HrAnnual, None);
    let item = hr.get(&format!("/agency-x/ita/2566/{o26}")).await;
    assert!(
        item.body.contains("/agency-x/hr/2565/year.pdf"),
        "{o26}: {}",
        item.body
    );

    // ---- English
    let en = app.client();
    en.login(&x.user(Role::UnitStaff)).await;
    en.get("/lang/en").await;
    let page = en.get("/staff/hr/2566").await;
    assert!(page.body.contains("HR registers"), "{}", page.body);
    assert!(page.body.contains("Staff training and development"));
    let bad = en
        .post_form(new_tr, new_tr, &training("9/1/2567", "9/1/2567", "6"))
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("must be within FY2566"), "{}", bad.body);

    app.stop().await;
});

both_backends!(training_records_are_imported, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let s = app.db.store.clone();
    let hr = app.client();
    hr.login(&x.user(Role::UnitStaff)).await;
    let form = "/staff/hr/2566/import";
    let page = hr.get(form).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ชื่อ-สกุล, ตำแหน่ง"));
    let header = "ชื่อ-สกุล,กอง/งาน,หลักสูตร,หน่วยงานผู้จัด,วันเริ่ม,วันสิ้นสุด,ชั่วโมง,ค่าใช้จ่าย,คุณธรรม จริยธรรม\n";
    // one bad row: nothing is imported, every problem named
    let bad = format!(
        "{header}นายก,สำนักปลัด,จริยธรรม,สถาบัน,9/1/2566,9/1/2566,6,,ใช่\n\
         นายข,กองช่าง,จริยธรรม,สถาบัน,9/1/2566,9/1/2566,100,,ใช่\n"
    );
    let p = hr
        .upload(form, form, &[], "training.csv", bad.into_bytes())
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("แถวที่ 3 (ชั่วโมง)"), "{}", p.body);
    assert!(p.body.contains("กองช่าง"));
    assert!(s
        .hr_trainings_of_year(&x.scope, fy(2566))
        .await
        .unwrap()
        .is_empty());
    let good = format!(
        "{header}นายก,สำนักปลัด,จริยธรรม,สถาบัน,9/1/2566,9/1/2566,6,\"1,000\",ใช่\n\
         <script>x</script>,,บัญชี,กรมบัญชีกลาง,1/5/2566,2/5/2566,12,,\n"
    );
    let p = hr
        .upload(form, form, &[], "training.csv", good.into_bytes())
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        p.location.as_deref(),
        Some("/staff/hr/2566?imported=2#training")
    );
    let rows = s.hr_trainings_of_year(&x.scope, fy(2566)).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].row.unit_id.is_some() && rows[0].row.ethics);
    let page = hr.get("/staff/hr/2566?imported=2").await;
    assert!(page.body.contains("นำเข้าการพัฒนาบุคลากรแล้ว 2 รายการ"));
    assert!(page.body.contains("&#60;script&#62;x"));
    // a viewer may not import
    let viewer = app.client();
    viewer.login(&x.user(Role::Viewer)).await;
    assert_eq!(viewer.get(form).await.status, 403);
    app.stop().await;
});

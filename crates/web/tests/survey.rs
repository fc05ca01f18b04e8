//! Satisfaction surveys over HTTP, on SQLite and PostgreSQL: a citizen rates a done request
//! from its tracking result (once; not before it is done; not with a wrong code), answers
//! through the public link and its QR code; abuse is refused (honeypot, oversize text, a
//! changed survey, floods); staff edit the survey (errors per row) and read the report
//! (figures on known data, suggestions escaped, PDF and XLSX); the public report attaches
//! itself to the OIT item that asks for it.

mod common;

use chrono::NaiveDate;
use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::eservice::{Contact, FormDef, RequestState, TrackingCode};
use prongsai_domain::survey::SurveyDef;
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::eservice::{Service, ServiceDraft};
use prongsai_store::survey::NewResponse;
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope, Store};

fn form() -> FormDef {
    FormDef::parse_json(
        r#"{"fields": [{"key": "name", "label_th": "ชื่อ", "kind": {"type": "text"}, "required": true}]}"#,
    )
    .unwrap()
}

async fn service(s: &Store, scope: &AgencyScope, name: &str) -> Service {
    s.create_service(
        scope,
        &Actor::system("t"),
        ServiceDraft {
            name_th: name.into(),
            name_en: None,
            description_th: String::new(),
            unit_id: None,
            target_days: 5,
            form: form(),
            active: true,
        },
    )
    .await
    .unwrap()
}

/// A request received today; its code as printed.
async fn request(s: &Store, scope: &AgencyScope, service: &Service) -> (i64, String) {
    let code = TrackingCode::from_random(rand::random());
    let answers = form()
        .parse_submission(&[("name".into(), "สมชาย".into())])
        .unwrap();
    let r = s
        .submit_request(
            scope,
            service.id,
            answers,
            Contact::parse("0812345678", "").unwrap(),
            "ยินยอม",
            &code,
            prongsai_web::view::today(),
        )
        .await
        .unwrap();
    (r.id, code.grouped())
}

async fn finish(s: &Store, scope: &AgencyScope, id: i64) {
    s.move_request(
        scope,
        &Actor::system("t"),
        id,
        RequestState::Done,
        "",
        true,
        prongsai_web::view::today(),
        |_| true,
    )
    .await
    .unwrap();
}

/// The five ratings of the standard survey and its suggestion, as posted.
fn answers<'a>(r: [&'a str; 5], suggestion: &'a str, v: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("q_process", r[0]),
        ("q_staff", r[1]),
        ("q_facilities", r[2]),
        ("q_quality", r[3]),
        ("q_overall", r[4]),
        ("q_suggestion", suggestion),
        ("v", v),
        ("website", ""),
    ]
}

/// The `v` hidden field of a page's survey form.
fn version_on(body: &str) -> String {
    let at = body.find("name=\"v\" value=\"").expect("a survey form") + "name=\"v\" value=\"".len();
    body[at..at + body[at..].find('"').unwrap()].to_string()
}

fn this_year() -> FiscalYear {
    FiscalYear::containing(prongsai_web::view::today())
}

async fn respondents(s: &Store, scope: &AgencyScope) -> u64 {
    s.survey_report(scope, this_year(), 0)
        .await
        .unwrap()
        .total
        .respondents
}

both_backends!(
    a_done_request_is_rated_once_from_its_tracking_result,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let s = &app.db.store;
        let water = service(s, &x.scope, "ขอรับน้ำอุปโภค").await;
        let (id, code) = request(s, &x.scope, &water).await;
        let citizen = app.client();
        let track = "/agency-x/eservice/track";
        // not done: no survey on the tracking result, and a rating is refused
        let p = citizen.post_form(track, track, &[("code", &code)]).await;
        assert_eq!(p.status, 200);
        assert!(!p.body.contains("/agency-x/survey/rate"));
        let v = version_on(&citizen.get("/agency-x/survey").await.body);
        let mut fields = answers(["5", "5", "4", "5", "5"], "", &v);
        fields.push(("code", &code));
        let p = citizen
            .post_form(track, "/agency-x/survey/rate", &fields)
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("แล้วเสร็จ"), "{}", p.body);
        assert_eq!(respondents(s, &x.scope).await, 0);

        finish(s, &x.scope, id).await;
        // done: the survey is on the tracking result, the code in a hidden field
        let p = citizen.post_form(track, track, &[("code", &code)]).await;
        assert!(
            p.body.contains("action=\"/agency-x/survey/rate\""),
            "{}",
            p.body
        );
        assert!(p.body.contains(&format!("name=\"code\" value=\"{code}\"")));
        assert!(p
            .body
            .contains("type=\"radio\" name=\"q_overall\" value=\"5\""));
        let v = version_on(&p.body);
        // a wrong code
        let mut wrong = answers(["5", "5", "4", "5", "5"], "", &v);
        wrong.push(("code", "AAAA-BBBB-CCCC-DDDD"));
        let p = citizen
            .post_form(track, "/agency-x/survey/rate", &wrong)
            .await;
        assert_eq!(p.status, 422);
        // a missing rating: the form again, with what was typed and a Thai message
        let mut partial = answers(["5", "", "4", "5", "5"], "รวดเร็วดี", &v);
        partial.push(("code", &code));
        let p = citizen
            .post_form(track, "/agency-x/survey/rate", &partial)
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("กรุณาเลือกระดับความพึงพอใจ"));
        assert!(p.body.contains("รวดเร็วดี"));
        assert!(p.body.contains("name=\"q_process\" value=\"5\" checked"));
        assert!(p.body.contains(&format!("name=\"code\" value=\"{code}\"")));
        // rated
        let mut fields = answers(["5", "4", "4", "5", "5"], "", &v);
        fields.push(("code", &code));
        let p = citizen
            .post_form(track, "/agency-x/survey/rate", &fields)
            .await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(p.body.contains("id=\"survey-thanks\""));
        let report = s.survey_report(&x.scope, this_year(), 0).await.unwrap();
        assert_eq!(report.total.respondents, 1);
        assert_eq!(report.by_service[0].0, Some(water.id));
        assert_eq!(report.total.get("staff").distribution, [0, 0, 0, 1, 0]);
        // only once
        let p = citizen
            .post_form(track, "/agency-x/survey/rate", &fields)
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ประเมินความพึงพอใจแล้ว"));
        assert_eq!(respondents(s, &x.scope).await, 1);
        let p = citizen.post_form(track, track, &[("code", &code)]).await;
        assert!(!p.body.contains("/agency-x/survey/rate"));
        assert!(p.body.contains("id=\"rated\""));
        app.stop().await;
    }
);

both_backends!(the_public_link_refuses_abuse, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    app.seed_agency("agency-y").await;
    let s = &app.db.store;
    let lamp = service(s, &x.scope, "ซ่อมไฟฟ้าสาธารณะ").await;
    let citizen = app.client();
    let page = citizen.get("/agency-x/survey").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ความพึงพอใจต่อการให้บริการโดยรวม"));
    let v = version_on(&page.body);
    let with_service = format!("/agency-x/survey?service={}", lamp.id);
    let p = citizen.get(&with_service).await;
    assert!(p.body.contains("ซ่อมไฟฟ้าสาธารณะ"));
    for bad in [
        "/agency-x/survey?service=99999".to_string(),
        "/agency-x/survey?service=abc".to_string(),
        format!("/agency-y/survey?service={}", lamp.id),
        "/agency-nope/survey".to_string(),
    ] {
        assert_eq!(citizen.get(&bad).await.status, 404, "{bad}");
    }
    let post = "/agency-x/survey";
    // a robot fills the honeypot: refused, nothing stored
    let mut robot = answers(["5"; 5], "", &v);
    robot.retain(|(k, _)| *k != "website");
    robot.push(("website", "http://spam.example"));
    let p = citizen.post_form(post, post, &robot).await;
    assert_eq!(p.status, 422);
    // an answer longer than 1000 characters: a Thai message, nothing stored, typed kept
    let long = "ก".repeat(1001);
    let p = citizen
        .post_form(post, post, &answers(["4"; 5], &long, &v))
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ข้อความยาวเกิน"), "{}", p.body);
    assert!(p.body.contains("name=\"q_overall\" value=\"4\" checked"));
    // a changed survey (stale version)
    let p = citizen
        .post_form(post, post, &answers(["4"; 5], "", "999:9"))
        .await;
    assert_eq!(p.status, 422);
    // a rating out of the scale
    let p = citizen
        .post_form(post, post, &answers(["4", "4", "4", "4", "9"], "", &v))
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("๑ ถึง ๕"));
    // no CSRF token
    let p = citizen.post_raw(post, &answers(["4"; 5], "", &v)).await;
    assert_eq!(p.status, 403);
    assert_eq!(respondents(s, &x.scope).await, 0);
    // a real answer about a service, script in the text
    let mut fields = answers(["4"; 5], "<script>alert(1)</script>", &v);
    let id = lamp.id.to_string();
    fields.push(("service", &id));
    let p = citizen.post_form(&with_service, post, &fields).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let report = s.survey_report(&x.scope, this_year(), 10).await.unwrap();
    assert_eq!(report.total.respondents, 1);
    assert_eq!(report.by_service[0].0, Some(lamp.id));
    assert_eq!(report.texts[0].text, "<script>alert(1)</script>");
    // the QR code and the poster
    let (status, headers, svg) = citizen.get_bytes("/agency-x/survey/qr.svg").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/svg+xml");
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    let poster = citizen.get("/agency-x/survey/poster").await;
    assert_eq!(poster.status, 200);
    assert!(poster.body.contains("/agency-x/survey/qr.svg"));
    assert!(poster
        .body
        .contains(&format!("http://{}/agency-x/survey", app.addr)));
    // a flood from one address is stopped
    let flooder = app.client();
    let mut last = 0;
    for _ in 0..35 {
        last = flooder
            .post_form(post, post, &answers(["1"; 5], "", "0:0"))
            .await
            .status;
    }
    assert_eq!(last, 429);
    app.stop().await;
});

/// Stores a response to the standard survey answered on `day`.
async fn seed(
    s: &Store,
    scope: &AgencyScope,
    service_id: Option<i64>,
    r: [u8; 5],
    text: &str,
    day: NaiveDate,
) {
    let form = s.survey_form(scope, service_id).await.unwrap();
    let mut pairs: Vec<(String, String)> = ["process", "staff", "facilities", "quality", "overall"]
        .iter()
        .zip(r)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.push(("suggestion".into(), text.into()));
    let response = SurveyDef::standard().parse_response(&pairs).unwrap();
    s.submit_survey_response(
        scope,
        NewResponse {
            form: &form,
            service_id,
            request: None,
            response,
            today: day,
        },
    )
    .await
    .unwrap();
}

both_backends!(
    staff_edit_the_survey_and_read_the_report,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let s = &app.db.store;
        let water = service(s, &x.scope, "ขอรับน้ำอุปโภค").await;
        let fy = this_year();
        let day = fy.start();
        // overall: 5, 4, 3 → mean 4.00, distribution 1–5 [0,0,1,1,1]
        seed(
            s,
            &x.scope,
            Some(water.id),
            [5, 5, 5, 5, 5],
            "<b>น้ำ</b><script>alert(1)</script>",
            day,
        )
        .await;
        seed(s, &x.scope, Some(water.id), [4, 4, 4, 4, 4], "", day).await;
        seed(s, &x.scope, None, [3, 3, 3, 3, 3], "", day).await;
        // the year before: overall 2
        let prev = fy.prev().unwrap();
        seed(s, &x.scope, None, [2, 2, 2, 2, 2], "", prev.start()).await;

        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let href = format!("/staff/surveys/report/{}", fy.be());
        let p = admin.get(&href).await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(p.body.contains("id=\"respondents\">3<"), "{}", p.body);
        // the pooled ratings: 15 of them, 5 of each of 3, 4, 5; mean 4.00; +2.00 on last year
        assert!(p.body.contains("id=\"overall-mean\">4.00<"));
        assert!(
            p.body.contains(
                "<td>15</td><td>5</td><td>5</td><td>5</td><td>0</td><td>0</td><td>4.00</td>"
            ),
            "{}",
            p.body
        );
        assert!(p.body.contains("+2.00"));
        assert!(p.body.contains("ขอรับน้ำอุปโภค"));
        // the suggestion is listed, escaped
        assert!(p.body.contains("&lt;script&gt;") || p.body.contains("&#60;script&#62;"));
        assert!(!p.body.contains("<script>alert(1)"));
        assert!(!p.body.contains("<b>น้ำ</b>"));
        // the public report: the figures, never the suggestions
        let citizen = app.client();
        let public = citizen
            .get(&format!("/agency-x/survey/report/{}", fy.be()))
            .await;
        assert_eq!(public.status, 200);
        assert!(public.body.contains("id=\"overall-mean\">4.00<"));
        assert!(!public.body.contains("alert(1)"));
        for path in [
            format!("/agency-x/survey/report/{}.pdf", fy.be()),
            format!("{href}.pdf"),
        ] {
            let (status, headers, bytes) = citizen.get_bytes(&path).await;
            let (status, headers, bytes) = if path.starts_with("/staff") {
                admin.get_bytes(&path).await
            } else {
                (status, headers, bytes)
            };
            assert_eq!(status, 200, "{path}");
            assert_eq!(headers["content-type"], "application/pdf");
            assert!(bytes.starts_with(b"%PDF"), "{path}");
        }
        let (status, _, xlsx) = citizen
            .get_bytes(&format!("/agency-x/survey/report/{}.xlsx", fy.be()))
            .await;
        assert_eq!(status, 200);
        assert!(xlsx.starts_with(b"PK\x03\x04"), "a zip");
        let (status, _, _) = citizen.get_bytes(&format!("{href}.xlsx")).await;
        assert_ne!(status, 200, "the staff report needs a login");
        for bad in [
            format!("/agency-x/survey/report/{}", fy.be() + 1),
            "/agency-x/survey/report/2400.pdf".to_string(),
            format!("/agency-x/survey/report/{}.docx", fy.be()),
        ] {
            assert_eq!(citizen.get(&bad).await.status, 404, "{bad}");
        }

        // the editor: a viewer may read the report but not edit
        let viewer = app.client();
        viewer.login(&x.user(Role::Viewer)).await;
        assert_eq!(viewer.get(&href).await.status, 200);
        assert_eq!(viewer.get("/staff/surveys").await.status, 403);
        let editor = admin.get("/staff/surveys").await;
        assert_eq!(editor.status, 200);
        assert!(editor.body.contains("value=\"process\""));
        // refused per row: a bad key, a question without Thai text
        let p = admin
            .post_form(
                "/staff/surveys",
                "/staff/surveys",
                &[
                    ("sq_0_key", "Bad Key!"),
                    ("sq_0_kind", "scale5"),
                    ("sq_0_th", "<i>ความรวดเร็ว</i>"),
                    ("sq_0_order", "10"),
                    ("sq_1_key", "overall"),
                    ("sq_1_kind", "scale5"),
                    ("sq_1_th", ""),
                    ("sq_1_en", "Overall"),
                    ("sq_1_order", "20"),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert_eq!(p.body.matches("class=\"error\"").count(), 2, "{}", p.body);
        assert!(p.body.contains("&lt;i&gt;") || p.body.contains("&#60;i&#62;"));
        assert_eq!(
            s.survey_versions(&x.scope).await.unwrap().len(),
            1,
            "nothing saved"
        );
        // saved: a new version, used by the public form from now on
        let p = admin
            .post_form(
                "/staff/surveys",
                "/staff/surveys",
                &[
                    ("sq_0_key", "speed"),
                    ("sq_0_kind", "scale5"),
                    ("sq_0_th", "ความรวดเร็วในการให้บริการ"),
                    ("sq_0_required", "1"),
                    ("sq_0_order", "20"),
                    ("sq_1_key", "overall"),
                    ("sq_1_kind", "scale5"),
                    ("sq_1_th", "ความพึงพอใจโดยรวม"),
                    ("sq_1_required", "1"),
                    ("sq_1_order", "10"),
                    ("sq_2_key", "process"),
                    ("sq_2_kind", "scale5"),
                    ("sq_2_th", "ขั้นตอน"),
                    ("sq_2_remove", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let form = s.survey_form(&x.scope, None).await.unwrap();
        assert_eq!(form.version, 2);
        let keys: Vec<&str> = form.def.questions.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(keys, ["overall", "speed"]);
        let public_form = citizen.get("/agency-x/survey").await;
        assert!(public_form.body.contains("ความรวดเร็วในการให้บริการ"));
        assert!(!public_form.body.contains("q_process"));
        // the old figures stay as they were
        let p = admin.get(&href).await;
        assert!(p.body.contains("id=\"overall-mean\">4.00<"));
        app.stop().await;
    }
);

both_backends!(
    the_report_attaches_itself_to_its_oit_item,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let s = &app.db.store;
        // FY 2566's answers: the report FY 2567's O17 asks for (data of the previous year)
        seed(
            s,
            &x.scope,
            None,
            [5, 4, 4, 5, 4],
            "",
            NaiveDate::from_ymd_opt(2023, 5, 1).unwrap(),
        )
        .await;
        let sys = Actor::system("test");
        let attach = |be: i32| {
            prongsai_web::pages::eservice::survey::attach_survey_report(
                s,
                &app.state.frameworks,
                &x.scope,
                &sys,
                "agency-x",
                FiscalYear::new(be).unwrap(),
            )
        };
        assert_eq!(attach(2566).await.unwrap(), 1);
        assert_eq!(
            attach(2566).await.unwrap(),
            1,
            "again: refreshed, not doubled"
        );
        // no answers in FY 2567: nothing to attach
        assert_eq!(attach(2567).await.unwrap(), 0);
        let d = s
            .disclosure(&x.scope, FiscalYear::new(2567).unwrap(), "O17")
            .await
            .unwrap();
        let links: Vec<String> = d
            .evidence
            .iter()
            .filter_map(|e| e.evidence.url.clone())
            .collect();
        assert_eq!(links, ["/agency-x/survey/report/2566.pdf"]);
        let citizen = app.client();
        let item = citizen.get("/agency-x/ita/2567/O17").await;
        assert_eq!(item.status, 200);
        assert!(
            item.body
                .contains("href=\"/agency-x/survey/report/2566.pdf\""),
            "{}",
            item.body
        );
        assert!(item.body.contains("รายงานผลการสำรวจความพึงพอใจของผู้รับบริการ"));
        let (status, _, pdf) = citizen.get_bytes("/agency-x/survey/report/2566.pdf").await;
        assert_eq!(status, 200);
        assert!(pdf.starts_with(b"%PDF"));
        // a year whose next framework has no such item (FY 2569 → 2570) gets nothing, even
        // with answers
        seed(
            s,
            &x.scope,
            None,
            [5; 5],
            "",
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        )
        .await;
        assert_eq!(attach(2569).await.unwrap(), 0);
        // an answer through the site attaches by itself (its year and the one before)
        let v = version_on(&citizen.get("/agency-x/survey").await.body);
        let p = citizen
            .post_form(
                "/agency-x/survey",
                "/agency-x/survey",
                &answers(["5"; 5], "", &v),
            )
            .await;
        assert_eq!(p.status, 200);
        app.stop().await;
    }
);

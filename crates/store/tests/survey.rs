//! Satisfaction surveys on SQLite and PostgreSQL: responses counted per question, service and
//! fiscal year (checked against `domain::survey::summarize` of the same answers), one rating
//! per e-Service request and only once it is done, definition versions kept, tenant isolation,
//! what the audit log may not hold, and the demo data.

use chrono::NaiveDate;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::eservice::{Answers, Contact, FormDef, RequestState, TrackingCode};
use prongsai_domain::survey::{
    summarize, Question, QuestionKind, SurveyDef, SurveyResponse, SurveySummary,
};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::eservice::{Service, ServiceDraft, ServiceRequest};
use prongsai_store::survey::{NewResponse, SurveyForm};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{audit, both_backends, Actor, AgencyScope, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fy(be: i32) -> FiscalYear {
    FiscalYear::new(be).unwrap()
}

fn admin() -> Actor {
    Actor::system("test")
}

async fn agency(s: &Store, slug: &str) -> AgencyScope {
    let (scope, _) = s
        .create_agency(
            &admin(),
            NewAgency {
                slug: AgencySlug::parse(slug).unwrap(),
                name_th: format!("องค์การบริหารส่วนตำบล{slug}"),
                name_en: None,
                kind: AgencyKind::Sao,
                province: "นครราชสีมา".into(),
            },
        )
        .await
        .unwrap();
    scope
}

fn form() -> FormDef {
    FormDef::parse_json(
        r#"{"fields": [{"key": "name", "label_th": "ชื่อ", "kind": {"type": "text"}, "required": true}]}"#,
    )
    .unwrap()
}

async fn service(s: &Store, scope: &AgencyScope, name: &str) -> Service {
    s.create_service(
        scope,
        &admin(),
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

async fn request(
    s: &Store,
    scope: &AgencyScope,
    service: &Service,
    day: NaiveDate,
) -> (ServiceRequest, TrackingCode) {
    let code = TrackingCode::from_random(rand::random());
    let answers: Answers = form()
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
            day,
        )
        .await
        .unwrap();
    (r, code)
}

/// A response to the standard survey: the five ratings in order, and a suggestion.
fn ratings(r: [u8; 5], suggestion: &str) -> SurveyResponse {
    let keys = ["process", "staff", "facilities", "quality", "overall"];
    let mut pairs: Vec<(String, String)> = keys
        .iter()
        .zip(r)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.push(("suggestion".into(), suggestion.into()));
    SurveyDef::standard().parse_response(&pairs).unwrap()
}

async fn respond(
    s: &Store,
    scope: &AgencyScope,
    service_id: Option<i64>,
    code: Option<&TrackingCode>,
    response: SurveyResponse,
    day: NaiveDate,
) -> Result<prongsai_store::survey::StoredResponse, StoreError> {
    let form = s.survey_form(scope, service_id).await.unwrap();
    respond_to(s, scope, &form, service_id, code, response, day).await
}

async fn respond_to(
    s: &Store,
    scope: &AgencyScope,
    form: &SurveyForm,
    service_id: Option<i64>,
    code: Option<&TrackingCode>,
    response: SurveyResponse,
    day: NaiveDate,
) -> Result<prongsai_store::survey::StoredResponse, StoreError> {
    s.submit_survey_response(
        scope,
        NewResponse {
            form,
            service_id,
            request: code,
            response,
            today: day,
        },
    )
    .await
}

fn input_error<T: std::fmt::Debug>(r: Result<T, StoreError>) -> prongsai_domain::InputError {
    match r {
        Err(StoreError::Input(e)) => e,
        other => panic!("expected an input error, got {other:?}"),
    }
}

both_backends!(
    responses_are_counted_per_question_service_and_year,
    |db: TestDb| async move {
        let s = &db.store;
        let x = agency(s, "survey-x").await;
        let y = agency(s, "survey-y").await;
        let water = service(s, &x, "ขอรับน้ำ").await;
        let lamp = service(s, &x, "ซ่อมไฟฟ้า").await;
        // FY 2568 (Oct 2024 – Sep 2025) and FY 2567 before it
        let this: Vec<(Option<i64>, SurveyResponse, NaiveDate)> = vec![
            (
                Some(water.id),
                ratings([5, 5, 4, 5, 5], "ดีมาก"),
                d(2024, 10, 1),
            ),
            (Some(water.id), ratings([4, 4, 4, 4, 4], ""), d(2025, 3, 3)),
            (
                Some(lamp.id),
                ratings([3, 2, 3, 4, 3], "ไฟยังดับบ่อย"),
                d(2025, 9, 30),
            ),
            (None, ratings([5, 4, 5, 5, 5], ""), d(2025, 1, 15)),
        ];
        let previous: Vec<(Option<i64>, SurveyResponse, NaiveDate)> = vec![
            (Some(water.id), ratings([3, 3, 3, 3, 3], ""), d(2024, 9, 30)),
            (None, ratings([4, 4, 4, 4, 2], "ที่จอดรถน้อย"), d(2023, 10, 1)),
        ];
        for (service_id, r, day) in this.iter().chain(previous.iter()) {
            respond(s, &x, *service_id, None, r.clone(), *day)
                .await
                .unwrap();
        }
        // another agency's answers never mix in
        respond(
            s,
            &y,
            None,
            None,
            ratings([1, 1, 1, 1, 1], ""),
            d(2025, 1, 1),
        )
        .await
        .unwrap();

        let report = s.survey_report(&x, fy(2568), 100).await.unwrap();
        let want = summarize(this.iter().map(|(_, r, _)| r));
        assert_eq!(report.total, want);
        assert_eq!(report.total.respondents, 4);
        // process: 5, 4, 3, 5 → mean 4.25, distribution [0,0,1,1,2]
        let process = report.total.get("process");
        assert_eq!(process.distribution, [0, 0, 1, 1, 2]);
        assert_eq!(process.mean_hundredths(), Some(425));
        assert_eq!(report.total.get("suggestion").responses, 2);
        assert_eq!(
            report.previous,
            summarize(previous.iter().map(|(_, r, _)| r))
        );
        assert_eq!(report.comparison.respondents, 2);
        // overall 2568: mean of 5,4,3,5 = 4.25; 2567: 3, 2 = 2.50 → +1.75
        assert_eq!(report.comparison.questions["overall"].mean, Some(1.75));
        // per service: the public link (None) first, then by service id
        let keys: Vec<Option<i64>> = report.by_service.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, [None, Some(water.id), Some(lamp.id)]);
        let of = |id: Option<i64>| -> SurveySummary {
            summarize(this.iter().filter(|(k, _, _)| *k == id).map(|(_, r, _)| r))
        };
        for (k, summary) in &report.by_service {
            assert_eq!(summary, &of(*k), "service {k:?}");
        }
        // the open texts, newest first, with their service and date
        assert_eq!(report.texts_total, 2);
        assert_eq!(report.texts.len(), 2);
        assert_eq!(report.texts[0].text, "ไฟยังดับบ่อย");
        assert_eq!(report.texts[0].service_id, Some(lamp.id));
        assert_eq!(report.texts[0].answered_on, d(2025, 9, 30));
        assert_eq!(report.texts[1].text, "ดีมาก");
        // the public report lists none, but counts them
        let public = s.survey_report(&x, fy(2568), 0).await.unwrap();
        assert!(public.texts.is_empty());
        assert_eq!(public.texts_total, 2);
        // questions in the survey's order, with their texts
        let keys: Vec<&str> = report.questions.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "process",
                "staff",
                "facilities",
                "quality",
                "overall",
                "suggestion"
            ]
        );
        assert_eq!(s.survey_years(&x).await.unwrap(), vec![fy(2568), fy(2567)]);
        // agency y sees only its own
        let ry = s.survey_report(&y, fy(2568), 100).await.unwrap();
        assert_eq!(ry.total.respondents, 1);
        assert_eq!(ry.total.get("overall").distribution, [1, 0, 0, 0, 0]);
        assert!(ry.by_service.iter().all(|(k, _)| k.is_none()));
        // a year without answers
        let empty = s.survey_report(&x, fy(2570), 10).await.unwrap();
        assert_eq!(empty.total, SurveySummary::default());
        assert_eq!(empty.comparison.respondents, 0);
        // a service of another agency is refused
        let e = input_error(
            respond(
                s,
                &y,
                Some(water.id),
                None,
                ratings([5; 5], ""),
                d(2025, 1, 1),
            )
            .await,
        );
        assert_eq!(e.field, "service");
        db.cleanup().await;
    }
);

both_backends!(one_rating_per_done_request, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "rate-x").await;
    let y = agency(s, "rate-y").await;
    let water = service(s, &x, "ขอรับน้ำ").await;
    let day = d(2025, 2, 3);
    let (r, code) = request(s, &x, &water, day).await;
    // not done yet
    let e = input_error(respond(s, &x, None, Some(&code), ratings([5; 5], ""), day).await);
    assert_eq!(e.field, "code");
    assert!(e.th.contains("แล้วเสร็จ"), "{}", e.th);
    s.move_request(
        &x,
        &admin(),
        r.id,
        RequestState::InProgress,
        "",
        true,
        day,
        |_| true,
    )
    .await
    .unwrap();
    input_error(respond(s, &x, None, Some(&code), ratings([5; 5], ""), day).await);
    s.move_request(
        &x,
        &admin(),
        r.id,
        RequestState::Done,
        "",
        true,
        day,
        |_| true,
    )
    .await
    .unwrap();
    assert!(!s.survey_rated(&x, r.id).await.unwrap());
    // a wrong code, and the right code at another agency
    let wrong = TrackingCode::from_random(rand::random());
    let e = input_error(respond(s, &x, None, Some(&wrong), ratings([5; 5], ""), day).await);
    assert_eq!(e.field, "code");
    input_error(respond(s, &y, None, Some(&code), ratings([5; 5], ""), day).await);
    // rated once: the service is the request's (whatever was claimed)
    let stored = respond(s, &x, None, Some(&code), ratings([4; 5], "ขอบคุณ"), day)
        .await
        .unwrap();
    assert_eq!(stored.request_id, Some(r.id));
    assert_eq!(stored.service_id, Some(water.id));
    assert_eq!(stored.year, fy(2568));
    assert!(s.survey_rated(&x, r.id).await.unwrap());
    // and refused the second time
    let e = input_error(respond(s, &x, None, Some(&code), ratings([1; 5], ""), day).await);
    assert_eq!(e.field, "code");
    assert!(e.th.contains("ประเมิน"), "{}", e.th);
    let report = s.survey_report(&x, fy(2568), 10).await.unwrap();
    assert_eq!(report.total.respondents, 1);
    assert_eq!(report.total.get("overall").distribution, [0, 0, 0, 1, 0]);

    // two ratings of one request at the same moment: exactly one is stored
    let (r2, code2) = request(s, &x, &water, day).await;
    s.move_request(
        &x,
        &admin(),
        r2.id,
        RequestState::Done,
        "",
        true,
        day,
        |_| true,
    )
    .await
    .unwrap();
    let form = s.survey_form(&x, None).await.unwrap();
    let (a, b) = tokio::join!(
        respond_to(s, &x, &form, None, Some(&code2), ratings([5; 5], ""), day),
        respond_to(s, &x, &form, None, Some(&code2), ratings([2; 5], ""), day),
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
    let report = s.survey_report(&x, fy(2568), 10).await.unwrap();
    assert_eq!(report.total.respondents, 2);
    db.cleanup().await;
});

both_backends!(definition_versions_are_kept, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "versions-x").await;
    let lamp = service(s, &x, "ซ่อมไฟฟ้า").await;
    // before any save: the standard survey, not stored
    let standard = s.survey_form(&x, None).await.unwrap();
    assert_eq!((standard.id, standard.version), (None, 0));
    assert_eq!(standard.def, SurveyDef::standard());
    assert!(s.survey_own_form(&x, None).await.unwrap().is_none());
    // the first response stores it as version 1
    let first = respond(s, &x, None, None, ratings([5; 5], ""), d(2025, 1, 1))
        .await
        .unwrap();
    let v1 = s.survey_form(&x, None).await.unwrap();
    assert_eq!(v1.version, 1);
    assert_eq!(Some(first.def_id), v1.id);

    // the admin replaces the questions
    let v2_def = SurveyDef {
        questions: vec![
            Question::new(
                "overall",
                "พึงพอใจโดยรวม",
                "Overall",
                QuestionKind::Scale5,
                true,
            ),
            Question::new("speed", "ความรวดเร็ว", "Speed", QuestionKind::Scale5, false),
        ],
    };
    let v2 = s.save_survey(&x, &admin(), None, &v2_def).await.unwrap();
    assert_eq!(v2.version, 2);
    // the same again writes nothing
    let before = audit::count(s, &x).await.unwrap();
    let same = s.save_survey(&x, &admin(), None, &v2_def).await.unwrap();
    assert_eq!(same.id, v2.id);
    assert_eq!(audit::count(s, &x).await.unwrap(), before);
    // an answer to the survey as it was shown before the change is refused
    let e =
        input_error(respond_to(s, &x, &v1, None, None, ratings([3; 5], ""), d(2025, 1, 2)).await);
    assert_eq!(e.field, "survey");
    // answers to v2
    let r = v2_def
        .parse_response(&[("overall".into(), "4".into()), ("speed".into(), "2".into())])
        .unwrap();
    let second = respond_to(s, &x, &v2, None, None, r, d(2025, 1, 3))
        .await
        .unwrap();
    assert_eq!(Some(second.def_id), v2.id);
    // the old response still points at version 1 and reads as it was
    let (stored, answers) = s.survey_response(&x, first.id).await.unwrap();
    assert_eq!(Some(stored.def_id), v1.id);
    assert_eq!(answers.rating("process"), Some(5));
    // the report keeps the old questions (with their texts) after the current ones
    let report = s.survey_report(&x, fy(2568), 10).await.unwrap();
    let keys: Vec<&str> = report.questions.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "overall",
            "speed",
            "process",
            "staff",
            "facilities",
            "quality"
        ]
    );
    assert_eq!(report.question("overall").unwrap().text_th, "พึงพอใจโดยรวม");
    assert_eq!(
        report.question("process").unwrap().text_th,
        SurveyDef::standard().questions[0].text_th
    );
    assert_eq!(report.total.get("overall").distribution, [0, 0, 0, 1, 1]);
    assert_eq!(s.survey_versions(&x).await.unwrap().len(), 2);

    // a service's own survey: used for that service only
    let own = SurveyDef {
        questions: vec![Question::new(
            "light",
            "ไฟสว่างดีหลังซ่อม",
            "",
            QuestionKind::Scale5,
            true,
        )],
    };
    let saved = s
        .save_survey(&x, &admin(), Some(lamp.id), &own)
        .await
        .unwrap();
    assert_eq!((saved.version, saved.service_id), (1, Some(lamp.id)));
    assert_eq!(s.survey_form(&x, Some(lamp.id)).await.unwrap().def, own);
    assert_eq!(s.survey_form(&x, None).await.unwrap().def, v2_def);
    assert_eq!(s.survey_services_with_own(&x).await.unwrap(), vec![lamp.id]);
    // an answer to a question the survey does not have
    let e = input_error(
        respond(
            s,
            &x,
            Some(lamp.id),
            None,
            ratings([3; 5], ""),
            d(2025, 1, 4),
        )
        .await,
    );
    assert_eq!(e.field, "survey");
    // invalid definitions are refused, nothing saved
    let bad = SurveyDef { questions: vec![] };
    input_error(s.save_survey(&x, &admin(), None, &bad).await);
    let y = agency(s, "versions-y").await;
    let e = input_error(s.save_survey(&y, &admin(), Some(lamp.id), &own).await);
    assert_eq!(e.field, "service");
    assert_eq!(s.survey_versions(&x).await.unwrap().len(), 3);
    assert!(s.survey_versions(&y).await.unwrap().is_empty());
    db.cleanup().await;
});

both_backends!(audit_holds_no_answers, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "audit-x").await;
    respond(
        s,
        &x,
        None,
        None,
        ratings([5; 5], "โทร 0812345678 ชื่อสมหญิง"),
        d(2025, 5, 5),
    )
    .await
    .unwrap();
    let entries = audit::list(s, &x, 50, 0).await.unwrap();
    let all = format!("{entries:?}");
    assert!(all.contains("survey_response"));
    assert!(!all.contains("0812345678"), "{all}");
    assert!(!all.contains("สมหญิง"));
    audit::verify_agency(s, &x).await.unwrap();
    db.cleanup().await;
});

both_backends!(demo_data, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "demo-x").await;
    service(s, &x, "ขอรับน้ำ").await;
    service(s, &x, "ซ่อมไฟฟ้า").await;
    let today = d(2025, 6, 15);
    let n = prongsai_store::survey::seed_demo(s, &x, today)
        .await
        .unwrap();
    assert!(n >= 300, "{n}");
    assert_eq!(
        prongsai_store::survey::seed_demo(s, &x, today)
            .await
            .unwrap(),
        0,
        "seeded once"
    );
    let this = s.survey_report(&x, fy(2568), 10).await.unwrap();
    let prev = s.survey_report(&x, fy(2567), 10).await.unwrap();
    assert_eq!(this.total.respondents + prev.total.respondents, n as u64);
    assert!(this.total.respondents > 100 && prev.total.respondents > 100);
    assert!(this.by_service.len() >= 2);
    let mean = this.total.overall().mean().unwrap();
    assert!((3.5..=5.0).contains(&mean), "{mean}");
    db.cleanup().await;
});

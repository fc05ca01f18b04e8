//! The e-Service on SQLite and PostgreSQL: services, a citizen's submission and its tracking
//! code, the request workflow, counter entries, the statistics kept with every write (checked
//! against `domain::eservice`'s own aggregation), tenant isolation, what the audit log may not
//! hold, and concurrent submissions.

use chrono::{Datelike, NaiveDate};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::eservice::{
    aggregate_by, Answers, Channel, Contact, FormDef, RequestFact, RequestState, StatPeriod,
    StatRow, TrackingCode,
};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::eservice::entities::service_daily;
use prongsai_store::eservice::{RequestFilter, Service, ServiceDraft, ServiceRequest};
use prongsai_store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{audit, both_backends, Actor, AgencyScope, Store, StoreError};

const FORM: &str = r#"{
    "fields": [
        {"key": "name", "label_th": "ชื่อ-สกุล", "kind": {"type": "text"}, "required": true},
        {"key": "detail", "label_th": "รายละเอียด", "kind": {"type": "long_text"}},
        {"key": "where", "label_th": "ตำแหน่ง", "kind": {"type": "location"}}
    ],
    "documents": ["สำเนาบัตรประจำตัวประชาชน"]
}"#;

const CONSENT: &str = "ข้าพเจ้ายินยอมให้องค์การบริหารส่วนตำบลเก็บและใช้ข้อมูลส่วนบุคคลเพื่อการให้บริการนี้เท่านั้น";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fy(be: i32) -> FiscalYear {
    FiscalYear::new(be).unwrap()
}

fn form() -> FormDef {
    FormDef::parse_json(FORM).unwrap()
}

fn answers(name: &str, detail: &str) -> Answers {
    form()
        .parse_submission(&[
            ("name".to_owned(), name.to_owned()),
            ("detail".to_owned(), detail.to_owned()),
            ("where".to_owned(), "14.9799,102.0977".to_owned()),
        ])
        .unwrap()
}

fn contact() -> Contact {
    Contact::parse("081-234-5678", "Somchai@Example.com").unwrap()
}

fn new_code() -> TrackingCode {
    TrackingCode::from_random(rand::random())
}

fn draft(name: &str, unit_id: Option<i64>, target_days: u32) -> ServiceDraft {
    ServiceDraft {
        name_th: name.to_owned(),
        name_en: None,
        description_th: "ยื่นคำขอได้ทุกวันทำการ".to_owned(),
        unit_id,
        target_days,
        form: form(),
        active: true,
    }
}

fn admin() -> Actor {
    Actor::system("test")
}

fn anyone(_: Option<i64>) -> bool {
    true
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

async fn submit(
    s: &Store,
    scope: &AgencyScope,
    service: &Service,
    day: NaiveDate,
) -> (ServiceRequest, TrackingCode) {
    let code = new_code();
    let r = s
        .submit_request(
            scope,
            service.id,
            answers("สมชาย ใจดี", "ไฟดับหน้าบ้าน"),
            contact(),
            CONSENT,
            &code,
            day,
        )
        .await
        .unwrap();
    (r, code)
}

async fn move_to(
    s: &Store,
    scope: &AgencyScope,
    id: i64,
    to: RequestState,
    note: &str,
    day: NaiveDate,
) -> ServiceRequest {
    s.move_request(scope, &admin(), id, to, note, true, day, anyone)
        .await
        .unwrap()
}

fn input_error(r: Result<impl std::fmt::Debug, StoreError>) -> prongsai_domain::InputError {
    match r {
        Err(StoreError::Input(e)) => e,
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// Every request of the agency as the statistics see them, plus the counter entries given.
async fn facts(s: &Store, scope: &AgencyScope, counters: &[RequestFact]) -> Vec<RequestFact> {
    let mut out = counters.to_vec();
    let mut offset = 0;
    loop {
        let page = s
            .list_requests(scope, RequestFilter::all(d(2000, 1, 1)), 500, offset)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        offset += page.len() as u64;
        out.extend(page.iter().map(ServiceRequest::fact));
    }
    out
}

/// The facts of a counter entry: `done` done that day, the rest not carried out.
fn counter_facts(
    service_id: i64,
    unit_id: Option<i64>,
    day: NaiveDate,
    count: u64,
    done: u64,
) -> Vec<RequestFact> {
    let fact = |state, count| RequestFact {
        service_id,
        unit_id,
        channel: Channel::Counter,
        received: day,
        due: day,
        state,
        closed: Some(day),
        count,
    };
    [
        fact(RequestState::Done, done),
        fact(RequestState::Rejected, count - done),
    ]
    .into_iter()
    .filter(|f| f.count > 0)
    .collect()
}

/// The store's statistics of `period` equal the domain's aggregation of the same facts.
async fn assert_stats_match(
    s: &Store,
    scope: &AgencyScope,
    facts: &[RequestFact],
    year: FiscalYear,
    period: StatPeriod,
    today: NaiveDate,
) {
    let stats = s.service_stats(scope, year, period, today).await.unwrap();
    let p = period.period(year).unwrap();
    let what = format!("{period} of {year}");
    let by_service = aggregate_by(facts, &p, today, |f| f.service_id);
    for (id, row) in &stats.by_service {
        assert_eq!(
            row,
            &by_service.get(id).cloned().unwrap_or_default(),
            "service {id}, {what}"
        );
    }
    for id in by_service.keys() {
        assert!(
            stats.by_service.iter().any(|(s, _)| s == id),
            "service {id} missing, {what}"
        );
    }
    let by_unit = aggregate_by(facts, &p, today, |f| f.unit_id);
    for (unit, row) in &stats.by_unit {
        assert_eq!(
            row,
            &by_unit.get(unit).cloned().unwrap_or_default(),
            "unit {unit:?}, {what}"
        );
    }
    for unit in by_unit.keys() {
        assert!(
            stats.by_unit.iter().any(|(u, _)| u == unit),
            "unit {unit:?} missing, {what}"
        );
    }
    let by_month = aggregate_by(facts, &p, today, |f| f.received.month());
    for (m, row) in &stats.by_month {
        let StatPeriod::Month(m) = m else {
            panic!("not a month: {m}")
        };
        assert_eq!(
            row,
            &by_month.get(m).cloned().unwrap_or_default(),
            "month {m}, {what}"
        );
    }
    let by_channel = aggregate_by(facts, &p, today, |f| f.channel);
    for (c, row) in &stats.by_channel {
        assert_eq!(
            row,
            &by_channel.get(c).cloned().unwrap_or_default(),
            "channel {c:?}, {what}"
        );
    }
    let total = aggregate_by(facts, &p, today, |_| ());
    assert_eq!(
        stats.total,
        total.get(&()).cloned().unwrap_or_default(),
        "total, {what}"
    );
}

both_backends!(services_catalogue, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let b = agency(s, "other").await;
    let works = s
        .create_unit(&a, &admin(), "กองช่าง".into(), None)
        .await
        .unwrap();
    let foreign_unit = s
        .create_unit(&b, &admin(), "กองคลัง".into(), None)
        .await
        .unwrap();
    let lights = s
        .create_service(&a, &admin(), draft("แจ้งซ่อมไฟฟ้าสาธารณะ", Some(works.id), 3))
        .await
        .unwrap();
    let water = s
        .create_service(
            &a,
            &admin(),
            ServiceDraft {
                name_en: Some("Water truck".into()),
                ..draft("  ขอความอนุเคราะห์รถน้ำ ", None, 2)
            },
        )
        .await
        .unwrap();
    assert_eq!(water.name_th, "ขอความอนุเคราะห์รถน้ำ");
    assert_eq!(water.name(prongsai_domain::Lang::En), "Water truck");
    assert_eq!(lights.name(prongsai_domain::Lang::En), "แจ้งซ่อมไฟฟ้าสาธารณะ");
    assert_eq!(lights.form, form());
    assert_eq!((lights.sort_order, water.sort_order), (1, 2));
    assert_eq!(lights.unit_id, Some(works.id));

    // refused: no name, a target over a year, another agency's unit, a broken form
    let e = input_error(s.create_service(&a, &admin(), draft("  ", None, 1)).await);
    assert_eq!(e.field, "name_th");
    let e = input_error(s.create_service(&a, &admin(), draft("x", None, 366)).await);
    assert_eq!(e.field, "target_days");
    let e = input_error(
        s.create_service(&a, &admin(), draft("x", Some(foreign_unit.id), 1))
            .await,
    );
    assert_eq!(e.field, "unit_id");
    let mut broken = draft("x", None, 1);
    broken.form.fields.push(broken.form.fields[0].clone());
    let e = input_error(s.create_service(&a, &admin(), broken).await);
    assert_eq!(e.field, "form");
    assert_eq!(s.list_services(&a, false).await.unwrap().len(), 2);

    // update, deactivate; the list in catalogue order, active ones only when asked
    let off = s
        .update_service(
            &a,
            &admin(),
            lights.id,
            ServiceDraft {
                active: false,
                ..draft("แจ้งซ่อมไฟฟ้าสาธารณะ/ไฟกิ่ง", Some(works.id), 5)
            },
        )
        .await
        .unwrap();
    assert_eq!((off.target_days, off.active), (5, false));
    assert_eq!(off.sort_order, 1);
    let all: Vec<i64> = s
        .list_services(&a, false)
        .await
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(all, [lights.id, water.id]);
    let active: Vec<i64> = s
        .list_services(&a, true)
        .await
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(active, [water.id]);
    assert_eq!(s.service(&a, lights.id).await.unwrap(), off);

    // another agency sees and changes nothing
    assert!(matches!(
        s.service(&b, lights.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.list_services(&b, false).await.unwrap().is_empty());
    assert!(matches!(
        s.update_service(&b, &admin(), lights.id, draft("x", None, 1))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

both_backends!(submit_and_track, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let b = agency(s, "other").await;
    let works = s
        .create_unit(&a, &admin(), "กองช่าง".into(), None)
        .await
        .unwrap();
    let svc = s
        .create_service(&a, &admin(), draft("แจ้งซ่อมไฟฟ้าสาธารณะ", Some(works.id), 5))
        .await
        .unwrap();
    // Monday 6 October 2025: five working days later is Monday the 13th
    let (r, code) = submit(s, &a, &svc, d(2025, 10, 6)).await;
    assert_eq!(r.state, RequestState::Received);
    assert_eq!(r.channel, Channel::Online);
    assert_eq!(r.unit_id, Some(works.id));
    assert_eq!((r.received_on, r.due_on), (d(2025, 10, 6), d(2025, 10, 13)));
    assert_eq!(r.closed_on, None);
    assert_eq!(r.contact, contact());
    assert_eq!(r.answers, answers("สมชาย ใจดี", "ไฟดับหน้าบ้าน"));
    assert_eq!(r.consent_text, CONSENT);
    assert!(!r.is_late(d(2025, 10, 13)) && r.is_late(d(2025, 10, 14)));

    // found by its code, as typed by a citizen too
    let (found, events) = s.request_by_code(&a, &code).await.unwrap().unwrap();
    assert_eq!(found, r);
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].from, events[0].to),
        (None, RequestState::Received)
    );
    assert!(events[0].public && events[0].user_id.is_none());
    let typed = TrackingCode::parse(&code.grouped().to_lowercase().replace('-', " ")).unwrap();
    assert_eq!(
        s.request_by_code(&a, &typed).await.unwrap().unwrap().0.id,
        r.id
    );
    // a wrong code finds nothing, nor does the right one in another agency
    assert!(s.request_by_code(&a, &new_code()).await.unwrap().is_none());
    assert!(s.request_by_code(&b, &code).await.unwrap().is_none());
    // the code itself is stored nowhere: only its hash
    let raw = prongsai_store::eservice::entities::service_request::Entity::find_by_id(r.id)
        .one(s.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(raw.tracking_hash, code.lookup_key());
    assert!(!raw.tracking_hash.contains(code.as_str()));

    // a private note is for staff only; the citizen sees the public ones
    move_to(s, &a, r.id, RequestState::InProgress, "", d(2025, 10, 7)).await;
    s.move_request(
        &a,
        &admin(),
        r.id,
        RequestState::WaitingCitizen,
        "โทรแจ้งแล้ว ไม่มีผู้รับสาย",
        false,
        d(2025, 10, 8),
        anyone,
    )
    .await
    .unwrap();
    let (tracked, public) = s.request_by_code(&a, &code).await.unwrap().unwrap();
    assert_eq!(tracked.state, RequestState::WaitingCitizen);
    assert_eq!(public.len(), 2);
    let (_, all) = s.request(&a, r.id).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].note.as_deref(), Some("โทรแจ้งแล้ว ไม่มีผู้รับสาย"));
    assert!(!all[2].public);
    assert_eq!(all[1].note, None);

    // a second code is a second request
    let (r2, code2) = submit(s, &a, &svc, d(2025, 10, 6)).await;
    assert_ne!(r2.id, r.id);
    assert_eq!(
        s.request_by_code(&a, &code2).await.unwrap().unwrap().0.id,
        r2.id
    );
    // the same code twice is refused (a collision: the caller draws a new one)
    let again = s
        .submit_request(
            &a,
            svc.id,
            Answers::default(),
            contact(),
            CONSENT,
            &code,
            d(2025, 10, 6),
        )
        .await;
    assert_eq!(input_error(again).field, "code");
    // no contact, no consent, an answer to a field the form does not have
    let nobody = Contact {
        phone: None,
        email: None,
    };
    let e = input_error(
        s.submit_request(
            &a,
            svc.id,
            Answers::default(),
            nobody,
            CONSENT,
            &new_code(),
            d(2025, 10, 6),
        )
        .await,
    );
    assert_eq!(e.field, "contact");
    let e = input_error(
        s.submit_request(
            &a,
            svc.id,
            Answers::default(),
            contact(),
            " ",
            &new_code(),
            d(2025, 10, 6),
        )
        .await,
    );
    assert_eq!(e.field, "consent");
    let other_form = FormDef::parse_json(
        r#"{"fields": [{"key": "plate", "label_th": "ทะเบียนรถ", "kind": {"type": "text"}}]}"#,
    )
    .unwrap()
    .parse_submission(&[("plate".to_owned(), "กข 1234".to_owned())])
    .unwrap();
    let e = input_error(
        s.submit_request(
            &a,
            svc.id,
            other_form,
            contact(),
            CONSENT,
            &new_code(),
            d(2025, 10, 6),
        )
        .await,
    );
    assert_eq!(e.field, "form");
    assert_eq!(
        s.count_requests(&a, RequestFilter::all(d(2025, 10, 6)))
            .await
            .unwrap(),
        2
    );
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

both_backends!(workflow_rules, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let works = s
        .create_unit(&a, &admin(), "กองช่าง".into(), None)
        .await
        .unwrap();
    let finance = s
        .create_unit(&a, &admin(), "กองคลัง".into(), None)
        .await
        .unwrap();
    let svc = s
        .create_service(&a, &admin(), draft("แจ้งซ่อมไฟฟ้าสาธารณะ", Some(works.id), 5))
        .await
        .unwrap();
    let fy = fy(2569);
    let q1 = StatPeriod::Quarter(1);
    let today = d(2025, 10, 20);
    let (r, _) = submit(s, &a, &svc, d(2025, 10, 6)).await;
    let state_of = |a: AgencyScope, id: i64| async move {
        let (r, events) = s.request(&a, id).await.unwrap();
        let entries = audit::count(s, &a).await.unwrap();
        let stats = s.service_stats(&a, fy, q1, today).await.unwrap();
        (r, events.len(), entries, stats)
    };
    let before = state_of(a, r.id).await;

    // received → received: refused, with the Thai message, and nothing is stored
    let e = input_error(
        s.move_request(
            &a,
            &admin(),
            r.id,
            RequestState::Received,
            "",
            true,
            today,
            anyone,
        )
        .await,
    );
    assert_eq!(e.field, "state");
    assert_eq!(e.th, "คำขออยู่ในสถานะ “รับเรื่องแล้ว” อยู่แล้ว");
    assert_eq!(state_of(a, r.id).await, before);
    // a rejection needs a reason of five characters at least
    let e = input_error(
        s.move_request(
            &a,
            &admin(),
            r.id,
            RequestState::Rejected,
            "ไม่",
            true,
            today,
            anyone,
        )
        .await,
    );
    assert_eq!(e.field, "note");
    assert!(e.th.contains("เหตุผล"), "{}", e.th);
    assert_eq!(state_of(a, r.id).await, before);
    // staff of another unit may not
    let finance_staff = |unit: Option<i64>| unit == Some(finance.id);
    let e = input_error(
        s.move_request(
            &a,
            &admin(),
            r.id,
            RequestState::InProgress,
            "",
            true,
            today,
            finance_staff,
        )
        .await,
    );
    assert_eq!(e.field, "state");
    assert_eq!(state_of(a, r.id).await, before);
    // a control character in a note
    let e = input_error(
        s.move_request(
            &a,
            &admin(),
            r.id,
            RequestState::InProgress,
            "a\u{7}b",
            true,
            today,
            anyone,
        )
        .await,
    );
    assert_eq!(e.field, "note");
    assert_eq!(state_of(a, r.id).await, before);

    // done: closed_on set, counted (14 days, late: due on the 13th)
    let works_staff = |unit: Option<i64>| unit == Some(works.id);
    let done = s
        .move_request(
            &a,
            &admin(),
            r.id,
            RequestState::Done,
            "  ซ่อมเสร็จแล้ว\r\nเปลี่ยนหลอดใหม่  ",
            true,
            today,
            works_staff,
        )
        .await
        .unwrap();
    assert_eq!(done.state, RequestState::Done);
    assert_eq!(done.closed_on, Some(today));
    let (_, events) = s.request(&a, r.id).await.unwrap();
    assert_eq!(
        events.last().unwrap().note.as_deref(),
        Some("ซ่อมเสร็จแล้ว\nเปลี่ยนหลอดใหม่")
    );
    let stats = s.service_stats(&a, fy, q1, today).await.unwrap();
    assert_eq!(
        (
            stats.total.received,
            stats.total.done,
            stats.total.late,
            stats.total.open
        ),
        (1, 1, 1, 0)
    );
    assert_eq!(stats.total.mean_days(), Some(14.0));
    assert_eq!(stats.total.median_days, Some(14.0));

    // closed is final: the Thai message says so, nothing changes
    let before = state_of(a, r.id).await;
    let e = input_error(
        s.move_request(
            &a,
            &admin(),
            r.id,
            RequestState::InProgress,
            "",
            true,
            today,
            anyone,
        )
        .await,
    );
    assert_eq!(e.th, "คำขอนี้ปิดแล้ว (“ดำเนินการแล้วเสร็จ”) จึงเปลี่ยนสถานะไม่ได้");
    assert_eq!(state_of(a, r.id).await, before);

    // a rejection with its reason is public even when asked otherwise, and closes on time
    let (r2, code2) = submit(s, &a, &svc, d(2025, 10, 6)).await;
    let rejected = s
        .move_request(
            &a,
            &admin(),
            r2.id,
            RequestState::Rejected,
            "อยู่นอกเขตรับผิดชอบของ อบต.",
            false,
            d(2025, 10, 7),
            anyone,
        )
        .await
        .unwrap();
    assert_eq!(rejected.closed_on, Some(d(2025, 10, 7)));
    let (_, public) = s.request_by_code(&a, &code2).await.unwrap().unwrap();
    assert_eq!(
        public.last().unwrap().note.as_deref(),
        Some("อยู่นอกเขตรับผิดชอบของ อบต.")
    );
    let stats = s.service_stats(&a, fy, q1, today).await.unwrap();
    assert_eq!(
        (
            stats.total.received,
            stats.total.done,
            stats.total.rejected,
            stats.total.late
        ),
        (2, 1, 1, 1)
    );
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

both_backends!(statistics_of_a_small_set, |db: TestDb| async move {
    use RequestState::*;
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let works = s
        .create_unit(&a, &admin(), "กองช่าง".into(), None)
        .await
        .unwrap();
    let lights = s
        .create_service(&a, &admin(), draft("แจ้งซ่อมไฟฟ้าสาธารณะ", Some(works.id), 2))
        .await
        .unwrap();
    let water = s
        .create_service(&a, &admin(), draft("ขอความอนุเคราะห์รถน้ำ", None, 3))
        .await
        .unwrap();
    let idle = s
        .create_service(&a, &admin(), draft("ลงทะเบียนเบี้ยยังชีพผู้สูงอายุ", None, 10))
        .await
        .unwrap();
    let today = d(2026, 1, 20);
    // lights, Q1 of FY 2569: done in 2 days; done in 14 days (late); rejected; open, late
    let (r1, _) = submit(s, &a, &lights, d(2025, 10, 1)).await;
    move_to(s, &a, r1.id, Done, "", d(2025, 10, 3)).await;
    let (r2, _) = submit(s, &a, &lights, d(2025, 10, 6)).await;
    move_to(s, &a, r2.id, InProgress, "", d(2025, 10, 7)).await;
    move_to(s, &a, r2.id, Done, "", d(2025, 10, 20)).await;
    let (r3, _) = submit(s, &a, &lights, d(2025, 11, 3)).await;
    move_to(s, &a, r3.id, Rejected, "ไม่ใช่ไฟฟ้าสาธารณะ", d(2025, 11, 4)).await;
    let (r4, _) = submit(s, &a, &lights, d(2025, 12, 1)).await;
    move_to(s, &a, r4.id, InProgress, "", d(2025, 12, 2)).await;
    // water: waiting for the citizen past its due date (2 January), ten done at the counter
    let (r5, _) = submit(s, &a, &water, d(2025, 12, 30)).await;
    move_to(s, &a, r5.id, WaitingCitizen, "", d(2025, 12, 31)).await;
    s.record_counter(&a, &admin(), water.id, d(2025, 11, 14), 10, 10, today)
        .await
        .unwrap();
    // outside Q1
    let (r6, _) = submit(s, &a, &lights, d(2026, 1, 5)).await;
    assert_eq!(r6.due_on, d(2026, 1, 7));

    let y = fy(2569);
    let stats = s
        .service_stats(&a, y, StatPeriod::Quarter(1), today)
        .await
        .unwrap();
    assert_eq!(stats.period, y.quarter(1).unwrap());
    let ids: Vec<i64> = stats.by_service.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, [lights.id, water.id, idle.id], "catalogue order");
    let l = &stats.by_service[0].1;
    assert_eq!(
        (l.received, l.done, l.rejected, l.open, l.late),
        (4, 2, 1, 1, 2)
    );
    assert_eq!((l.days_sum, l.days_count), (16, 2));
    assert_eq!(l.mean_days(), Some(8.0));
    assert_eq!(l.median_days, Some(8.0));
    let w = &stats.by_service[1].1;
    assert_eq!(
        (w.received, w.done, w.rejected, w.open, w.late),
        (11, 10, 0, 1, 1)
    );
    assert_eq!((w.mean_days(), w.median_days), (Some(0.0), Some(0.0)));
    assert_eq!(stats.by_service[2].1, StatRow::default());
    assert_eq!(
        stats
            .by_unit
            .iter()
            .map(|(u, r)| (*u, r.received))
            .collect::<Vec<_>>(),
        [(None, 11), (Some(works.id), 4)]
    );
    assert_eq!(
        stats
            .by_month
            .iter()
            .map(|(m, r)| (*m, r.received))
            .collect::<Vec<_>>(),
        [
            (StatPeriod::Month(10), 2),
            (StatPeriod::Month(11), 11),
            (StatPeriod::Month(12), 2)
        ]
    );
    assert_eq!(stats.by_month[0].1.median_days, Some(8.0));
    assert_eq!(
        stats
            .by_channel
            .iter()
            .map(|(c, r)| (*c, r.received, r.done))
            .collect::<Vec<_>>(),
        [(Channel::Online, 5, 2), (Channel::Counter, 10, 10)]
    );
    let t = &stats.total;
    assert_eq!(
        (t.received, t.done, t.rejected, t.open, t.late),
        (15, 12, 1, 2, 3)
    );
    assert_eq!((t.days_sum, t.days_count), (16, 12));
    // twelve done: ten in 0 days, one in 2, one in 14
    assert_eq!(t.median_days, Some(0.0));
    assert_eq!(t.percent_done(), Some(80.0));

    // the next quarter holds the one received in January, open and late by the 20th
    let q2 = s
        .service_stats(&a, y, StatPeriod::Quarter(2), today)
        .await
        .unwrap();
    assert_eq!((q2.total.received, q2.total.open, q2.total.late), (1, 1, 1));
    assert_eq!(q2.total.median_days, None);
    let early = s
        .service_stats(&a, y, StatPeriod::Quarter(2), d(2026, 1, 7))
        .await
        .unwrap();
    assert_eq!(early.total.late, 0, "due on the 7th is not late on the 7th");
    // the same figures as the domain's own aggregation, for every period
    let counters = counter_facts(water.id, None, d(2025, 11, 14), 10, 10);
    let all = facts(s, &a, &counters).await;
    for period in StatPeriod::all() {
        assert_stats_match(s, &a, &all, y, period, today).await;
    }
    db.cleanup().await;
});

both_backends!(counter_entries, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let svc = s
        .create_service(&a, &admin(), draft("ขอความอนุเคราะห์รถน้ำ", None, 3))
        .await
        .unwrap();
    let today = d(2026, 2, 10);
    let day = d(2026, 2, 9);
    let entries = audit::count(s, &a).await.unwrap();
    for (count, done, on, field) in [
        (0, 0, day, "count"),
        (10_001, 0, day, "count"),
        (3, 4, day, "done"),
        (3, 3, d(2026, 2, 11), "day"),
    ] {
        let e = input_error(
            s.record_counter(&a, &admin(), svc.id, on, count, done, today)
                .await,
        );
        assert_eq!(e.field, field);
    }
    assert_eq!(audit::count(s, &a).await.unwrap(), entries);
    let y = fy(2569);
    let feb = StatPeriod::Month(2);
    assert_eq!(
        s.service_stats(&a, y, feb, today).await.unwrap().total,
        StatRow::default()
    );
    // two entries of one day add up in one daily row; the ones not done count as rejected
    s.record_counter(&a, &admin(), svc.id, day, 3, 2, today)
        .await
        .unwrap();
    s.record_counter(&a, &admin(), svc.id, day, 10_000, 10_000, today)
        .await
        .unwrap();
    s.record_counter(&a, &admin(), svc.id, today, 1, 1, today)
        .await
        .unwrap();
    let t = s.service_stats(&a, y, feb, today).await.unwrap().total;
    assert_eq!(
        (t.received, t.done, t.rejected, t.open, t.late),
        (10_004, 10_003, 1, 0, 0)
    );
    assert_eq!(
        (t.days_sum, t.days_count, t.median_days),
        (0, 10_003, Some(0.0))
    );
    let rows = service_daily::Entity::find()
        .filter(service_daily::Column::AgencyId.eq(a.agency_id()))
        .count(s.conn())
        .await
        .unwrap();
    assert_eq!(rows, 2);
    // an unknown service
    assert!(matches!(
        s.record_counter(&a, &admin(), svc.id + 100, day, 1, 1, today)
            .await,
        Err(StoreError::NotFound)
    ));
    let mut counters = counter_facts(svc.id, None, day, 3, 2);
    counters.extend(counter_facts(svc.id, None, day, 10_000, 10_000));
    counters.extend(counter_facts(svc.id, None, today, 1, 1));
    let all = facts(s, &a, &counters).await;
    assert_stats_match(s, &a, &all, y, StatPeriod::Quarter(2), today).await;
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

both_backends!(tenant_isolation, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let b = agency(s, "other").await;
    let svc = s
        .create_service(&a, &admin(), draft("แจ้งซ่อมไฟฟ้าสาธารณะ", None, 3))
        .await
        .unwrap();
    let mine = s
        .create_service(&b, &admin(), draft("บริการของ b", None, 3))
        .await
        .unwrap();
    let day = d(2025, 10, 6);
    let (r, code) = submit(s, &a, &svc, day).await;
    let today = d(2025, 10, 7);
    let b_entries = audit::count(s, &b).await.unwrap();
    // b cannot see a's request
    assert!(matches!(
        s.request(&b, r.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.request_by_code(&b, &code).await.unwrap().is_none());
    assert!(s
        .list_requests(&b, RequestFilter::all(today), 100, 0)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.count_requests(&b, RequestFilter::all(today))
            .await
            .unwrap(),
        0
    );
    // … nor move it, nor submit to a's service through b, nor count at a's service
    assert!(matches!(
        s.move_request(
            &b,
            &admin(),
            r.id,
            RequestState::Done,
            "",
            true,
            today,
            anyone
        )
        .await,
        Err(StoreError::NotFound)
    ));
    let e = input_error(
        s.submit_request(
            &b,
            svc.id,
            answers("x", "y"),
            contact(),
            CONSENT,
            &new_code(),
            day,
        )
        .await,
    );
    assert_eq!(e.field, "service_id");
    assert!(matches!(
        s.record_counter(&b, &admin(), svc.id, day, 5, 5, today)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(audit::count(s, &b).await.unwrap(), b_entries);
    // a is untouched, b's statistics are its own
    let (still, _) = s.request(&a, r.id).await.unwrap();
    assert_eq!(still.state, RequestState::Received);
    let y = fy(2569);
    let q1 = StatPeriod::Quarter(1);
    assert_eq!(
        s.service_stats(&a, y, q1, today)
            .await
            .unwrap()
            .total
            .received,
        1
    );
    let theirs = s.service_stats(&b, y, q1, today).await.unwrap();
    assert_eq!(theirs.total, StatRow::default());
    assert_eq!(
        theirs
            .by_service
            .iter()
            .map(|(id, _)| *id)
            .collect::<Vec<_>>(),
        [mine.id]
    );
    db.cleanup().await;
});

both_backends!(inactive_service_refuses, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let svc = s
        .create_service(
            &a,
            &admin(),
            ServiceDraft {
                active: false,
                ..draft("ขออนุญาตก่อสร้างอาคาร", None, 30)
            },
        )
        .await
        .unwrap();
    let day = d(2025, 10, 6);
    let e = input_error(
        s.submit_request(
            &a,
            svc.id,
            answers("x", "y"),
            contact(),
            CONSENT,
            &new_code(),
            day,
        )
        .await,
    );
    assert_eq!(e.field, "service_id");
    assert!(e.th.contains("ไม่เปิดรับคำขอ"), "{}", e.th);
    // nothing stored, not even in the statistics
    assert_eq!(
        s.count_requests(&a, RequestFilter::all(day)).await.unwrap(),
        0
    );
    let stats = s
        .service_stats(&a, fy(2569), StatPeriod::Year, day)
        .await
        .unwrap();
    assert_eq!(stats.total, StatRow::default());
    assert!(stats.by_service.is_empty(), "inactive and without requests");
    // open again: accepted
    s.update_service(&a, &admin(), svc.id, draft("ขออนุญาตก่อสร้างอาคาร", None, 30))
        .await
        .unwrap();
    let (r, _) = submit(s, &a, &svc, day).await;
    assert_eq!(r.service_id, svc.id);
    db.cleanup().await;
});

both_backends!(audit_holds_no_personal_data, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let svc = s
        .create_service(&a, &admin(), draft("แจ้งซ่อมไฟฟ้าสาธารณะ", None, 3))
        .await
        .unwrap();
    let code = new_code();
    let r = s
        .submit_request(
            &a,
            svc.id,
            answers("นางสาวสมศรี มีสุข", "ซอยลับเฉพาะหมู่ที่เจ็ด"),
            Contact::parse("089-765-4321", "somsri.private@example.org").unwrap(),
            CONSENT,
            &code,
            d(2025, 10, 6),
        )
        .await
        .unwrap();
    s.move_request(
        &a,
        &admin(),
        r.id,
        RequestState::InProgress,
        "รับเรื่องแล้ว",
        true,
        d(2025, 10, 7),
        anyone,
    )
    .await
    .unwrap();
    let entries = audit::list(s, &a, 100, 0).await.unwrap();
    let submission = entries
        .iter()
        .find(|e| e.entity == "service_request" && e.action == "submit")
        .expect("the submission is audited");
    assert_eq!(submission.actor_label, "citizen");
    assert_eq!(submission.actor_user_id, None);
    assert_eq!(
        submission.entity_id.as_deref(),
        Some(r.id.to_string().as_str())
    );
    let after = submission.after.as_deref().unwrap();
    assert!(after.contains("\"state\":\"received\""), "{after}");
    let key = code.lookup_key();
    let secrets: [&str; 10] = [
        "0897654321",
        "089-765-4321",
        "somsri",
        "example.org",
        "สมศรี",
        "ซอยลับเฉพาะ",
        "14.9799",
        "102.0977",
        code.as_str(),
        key.as_str(),
    ];
    for e in &entries {
        for text in [&e.before, &e.after, &e.entity_id].into_iter().flatten() {
            for secret in secrets {
                assert!(
                    !text.contains(secret),
                    "{secret} in the audit entry {} {}: {text}",
                    e.entity,
                    e.action
                );
            }
        }
    }
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

both_backends!(lists_and_filters, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let works = s
        .create_unit(&a, &admin(), "กองช่าง".into(), None)
        .await
        .unwrap();
    let lights = s
        .create_service(&a, &admin(), draft("แจ้งซ่อมไฟฟ้าสาธารณะ", Some(works.id), 1))
        .await
        .unwrap();
    let water = s
        .create_service(&a, &admin(), draft("ขอความอนุเคราะห์รถน้ำ", None, 1))
        .await
        .unwrap();
    // Monday to Friday of one week; due the next working day
    let mut ids = Vec::new();
    for day in 6..=10 {
        let svc = if day % 2 == 0 { &lights } else { &water };
        ids.push(submit(s, &a, svc, d(2025, 10, day)).await.0.id);
    }
    move_to(s, &a, ids[0], RequestState::Done, "", d(2025, 10, 7)).await;
    move_to(s, &a, ids[1], RequestState::InProgress, "", d(2025, 10, 8)).await;
    let today = d(2025, 10, 10);
    let all = RequestFilter::all(today);
    let list = |f: RequestFilter, limit: u64, offset: u64| async move {
        s.list_requests(&a, f, limit, offset)
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    let newest_first: Vec<i64> = ids.iter().rev().copied().collect();
    assert_eq!(list(all, 100, 0).await, newest_first);
    assert_eq!(list(all, 2, 1).await, newest_first[1..3]);
    assert_eq!(s.count_requests(&a, all).await.unwrap(), 5);
    let f = RequestFilter {
        state: Some(RequestState::Received),
        ..all
    };
    assert_eq!(list(f, 100, 0).await, [ids[4], ids[3], ids[2]]);
    let f = RequestFilter {
        service_id: Some(water.id),
        ..all
    };
    assert_eq!(list(f, 100, 0).await, [ids[3], ids[1]]);
    let f = RequestFilter {
        unit_id: Some(works.id),
        ..all
    };
    assert_eq!(list(f, 100, 0).await, [ids[4], ids[2], ids[0]]);
    // late on Friday: open ones due by Thursday (received Tuesday, Wednesday), most overdue
    // first; the done one is closed
    let f = RequestFilter {
        late_only: true,
        ..all
    };
    assert_eq!(list(f, 100, 0).await, [ids[1], ids[2]]);
    assert_eq!(s.count_requests(&a, f).await.unwrap(), 2);
    let f = RequestFilter {
        late_only: true,
        service_id: Some(lights.id),
        ..all
    };
    assert_eq!(list(f, 100, 0).await, [ids[2]]);
    db.cleanup().await;
});

both_backends!(statistics_follow_random_work, |db: TestDb| async move {
    use rand::{rngs::StdRng, Rng, SeedableRng};
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let works = s
        .create_unit(&a, &admin(), "กองช่าง".into(), None)
        .await
        .unwrap();
    let health = s
        .create_unit(&a, &admin(), "กองสาธารณสุข".into(), None)
        .await
        .unwrap();
    let mut services = Vec::new();
    for (name, unit, target) in [
        ("แจ้งซ่อมไฟฟ้าสาธารณะ", Some(works.id), 3),
        ("ขอความอนุเคราะห์รถน้ำ", Some(health.id), 1),
        ("ขอรับความช่วยเหลือผู้ประสบภัย", None, 7),
    ] {
        services.push(
            s.create_service(&a, &admin(), draft(name, unit, target))
                .await
                .unwrap(),
        );
    }
    let mut rng = StdRng::seed_from_u64(6);
    let start = d(2025, 8, 1);
    let today = d(2026, 9, 15);
    let mut counters = Vec::new();
    for _ in 0..120 {
        let svc = &services[rng.gen_range(0..services.len())];
        let received = start + chrono::Duration::days(rng.gen_range(0..400));
        if rng.gen_bool(0.15) {
            let count = rng.gen_range(1..20u32);
            let done = rng.gen_range(0..=count);
            s.record_counter(&a, &admin(), svc.id, received, count, done, today)
                .await
                .unwrap();
            counters.extend(counter_facts(
                svc.id,
                svc.unit_id,
                received,
                u64::from(count),
                u64::from(done),
            ));
            continue;
        }
        let (r, _) = submit(s, &a, svc, received).await;
        let mut state = RequestState::Received;
        let mut day = received;
        while !state.is_final() && rng.gen_bool(0.7) {
            let next = state.next_states();
            let to = next[rng.gen_range(0..next.len())];
            day += chrono::Duration::days(rng.gen_range(0..12));
            let note = if to == RequestState::Rejected {
                "เอกสารไม่ครบถ้วน"
            } else {
                ""
            };
            move_to(s, &a, r.id, to, note, day).await;
            state = to;
        }
    }
    let all = facts(s, &a, &counters).await;
    assert!(all.len() > 100);
    for year in [fy(2568), fy(2569)] {
        for period in StatPeriod::all() {
            assert_stats_match(s, &a, &all, year, period, today).await;
        }
    }
    db.cleanup().await;
});

both_backends!(concurrent_submissions, |db: TestDb| async move {
    let s = db.store.clone();
    let a = agency(&s, "krathok").await;
    let svc = s
        .create_service(&a, &admin(), draft("แจ้งซ่อมไฟฟ้าสาธารณะ", None, 3))
        .await
        .unwrap();
    let day = d(2025, 10, 6);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let s = s.clone();
        let svc_id = svc.id;
        tasks.push(tokio::spawn(async move {
            let code = new_code();
            let r = s
                .submit_request(
                    &a,
                    svc_id,
                    answers(&format!("ผู้ยื่นคำขอ {i}"), "รายละเอียด"),
                    contact(),
                    CONSENT,
                    &code,
                    day,
                )
                .await
                .unwrap();
            (r.id, code)
        }));
    }
    let mut done = Vec::new();
    for t in tasks {
        done.push(t.await.unwrap());
    }
    let mut ids: Vec<i64> = done.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 200, "no duplicates");
    assert_eq!(
        s.count_requests(&a, RequestFilter::all(day)).await.unwrap(),
        200
    );
    for (id, code) in &done {
        let (r, _) = s.request_by_code(&a, code).await.unwrap().unwrap();
        assert_eq!(r.id, *id);
    }
    let stats = s
        .service_stats(&a, fy(2569), StatPeriod::Month(10), day)
        .await
        .unwrap();
    assert_eq!((stats.total.received, stats.total.open), (200, 200));
    let report = audit::verify_agency(&s, &a).await.unwrap();
    assert!(report.is_ok());
    assert_eq!(
        audit::list(&s, &a, 1000, 0)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.action == "submit")
            .count(),
        200
    );
    db.cleanup().await;
});

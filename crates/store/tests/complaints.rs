//! The complaints register on SQLite and PostgreSQL: anonymous and named reports, the
//! receipt code, the workflow with its deadlines and late cases, designated handlers, the
//! two-person release of a reporter's contact details, the statistics on known data, tenant
//! isolation, and what the audit log may not hold.

use chrono::NaiveDate;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::complaints::{
    Channel, Kind, Outcome, ReceiptCode, ReporterContact, State, Submission,
};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug, Role};
use prongsai_store::complaints::{CaseFilter, MessageKind, NewFile, Recorded};
use prongsai_store::tenancy::{NewAgency, NewUser};
use prongsai_store::testdb::TestDb;
use prongsai_store::{audit, both_backends, Actor, AgencyScope, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn admin() -> Actor {
    Actor::system("test")
}

fn code() -> ReceiptCode {
    ReceiptCode::from_random(rand::random())
}

async fn agency(s: &Store, slug: &str) -> AgencyScope {
    s.create_agency(
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
    .unwrap()
    .0
}

async fn user(s: &Store, scope: &AgencyScope, name: &str) -> Actor {
    let u = s
        .create_user(
            scope,
            &admin(),
            NewUser {
                username: name.into(),
                display_name: name.into(),
                position: None,
                role: Role::UnitStaff,
                unit_id: None,
                password: "a long password 123".into(),
            },
        )
        .await
        .unwrap();
    Actor::user(u.id, name)
}

fn corruption(anonymous: bool) -> Submission {
    Submission::parse(
        "corruption",
        "เรียกรับเงินใต้โต๊ะ",
        "เจ้าหน้าที่กองช่างเรียกรับเงินเพื่อเร่งออกใบอนุญาต",
        anonymous,
        [
            "นายลับ ลับมาก",
            "0891112222",
            "secret@example.org",
            "ซอยลับเฉพาะ",
        ],
    )
    .unwrap()
}

fn input_field<T: std::fmt::Debug>(r: Result<T, StoreError>) -> &'static str {
    match r {
        Err(StoreError::Input(e)) => e.field,
        other => panic!("expected an input error, got {other:?}"),
    }
}

both_backends!(workflow_deadlines_and_late_cases, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "alpha").await;
    let b = agency(s, "beta").await;
    let h = user(s, &a, "alpha.handler").await;
    let other = user(s, &a, "alpha.clerk").await;
    // Friday 6 Nov 2026
    let day = d(2026, 11, 6);
    let c = code();
    let case = s
        .submit_complaint(&a, corruption(true), None, &c, &[], day)
        .await
        .unwrap();
    assert_eq!(case.channel, Channel::Online);
    assert_eq!(case.state, State::Received);
    assert!(case.anonymous);
    // 5 working days to take up, 60 to close
    assert_eq!(case.ack_due, d(2026, 11, 13));
    assert_eq!(case.close_due, d(2027, 1, 29));
    assert!(!s.complaint_has_contact(&a, case.id).await.unwrap());

    // the code finds it, in its own agency only; another code does not
    let (found, msgs) = s.complaint_by_code(&a, &c).await.unwrap().unwrap();
    assert_eq!(found.id, case.id);
    assert!(msgs.is_empty());
    assert!(s.complaint_by_code(&b, &c).await.unwrap().is_none());
    assert!(s.complaint_by_code(&a, &code()).await.unwrap().is_none());
    assert!(matches!(
        s.complaint(&b, case.id).await,
        Err(StoreError::NotFound)
    ));

    // only designated handlers work on cases
    assert_eq!(
        input_field(
            s.move_complaint(&a, &h, case.id, State::InProgress, None, "", day)
                .await
        ),
        "handler"
    );
    s.set_complaint_handler(&a, &admin(), h.user_id.unwrap(), true, false)
        .await
        .unwrap();
    assert!(s
        .complaint_handler(&a, other.user_id.unwrap())
        .await
        .unwrap()
        .is_none());

    // late: not taken up by its acknowledgement day
    let late = CaseFilter {
        late_only: true,
        ..CaseFilter::all(d(2026, 11, 16), true)
    };
    assert_eq!(s.count_complaints(&a, late).await.unwrap(), 1);
    let not_restricted = CaseFilter {
        include_restricted: false,
        ..late
    };
    assert_eq!(
        s.count_complaints(&a, not_restricted).await.unwrap(),
        0,
        "corruption cases are left out of a non-handler's list"
    );

    let taken = s
        .move_complaint(
            &a,
            &h,
            case.id,
            State::InProgress,
            None,
            "รับเรื่องไว้ตรวจสอบ",
            d(2026, 11, 16),
        )
        .await
        .unwrap();
    assert_eq!(taken.acknowledged_on, Some(d(2026, 11, 16)));
    assert!(
        taken.is_late(d(2026, 11, 16)),
        "taken up after its day: late"
    );
    assert_eq!(
        s.count_complaints(&a, late).await.unwrap(),
        0,
        "in progress before its closing day is not on the late worklist"
    );
    // the reporter writes with a file; the handler replies and keeps a note
    let file = NewFile {
        sha256: "a".repeat(64),
        file_name: "หลักฐาน.pdf".into(),
        kind: "pdf".into(),
        size: 1234,
    };
    s.reporter_message(&a, &c, "มีภาพถ่ายเพิ่มเติมค่ะ".into(), &[file], d(2026, 11, 17))
        .await
        .unwrap();
    s.handler_message(
        &a,
        &h,
        case.id,
        false,
        "ได้รับแล้ว ขอบคุณครับ".into(),
        &[],
        d(2026, 11, 17),
    )
    .await
    .unwrap();
    s.handler_message(
        &a,
        &h,
        case.id,
        true,
        "ภายใน: ประสานนิติกร".into(),
        &[],
        d(2026, 11, 17),
    )
    .await
    .unwrap();
    assert!(s
        .handler_message(&a, &other, case.id, false, "x".into(), &[], day)
        .await
        .is_err());
    let (_, public) = s.complaint_by_code(&a, &c).await.unwrap().unwrap();
    let kinds: Vec<MessageKind> = public.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        vec![
            MessageKind::State,
            MessageKind::Reporter,
            MessageKind::Reply
        ],
        "the reporter never sees internal notes"
    );
    let reporter_msg = &public[1];
    assert_eq!(
        reporter_msg.at, None,
        "a reporter's message keeps its day only"
    );
    assert_eq!(reporter_msg.files.len(), 1);
    let f = s
        .reporter_file(&a, &c, reporter_msg.files[0].id)
        .await
        .unwrap();
    assert_eq!(f.file_name, "หลักฐาน.pdf");
    assert!(s.reporter_file(&a, &code(), f.id).await.is_err());
    let (_, all) = s.complaint(&a, case.id).await.unwrap();
    assert_eq!(all.len(), 4);

    // closing: an outcome of the kind and a note
    assert_eq!(
        input_field(
            s.move_complaint(
                &a,
                &h,
                case.id,
                State::Closed,
                None,
                "สอบข้อเท็จจริงแล้ว",
                d(2026, 12, 1)
            )
            .await
        ),
        "outcome"
    );
    assert_eq!(
        input_field(
            s.move_complaint(
                &a,
                &h,
                case.id,
                State::Closed,
                Some(Outcome::Noted),
                "สอบข้อเท็จจริงแล้ว",
                d(2026, 12, 1)
            )
            .await
        ),
        "outcome"
    );
    let closed = s
        .move_complaint(
            &a,
            &h,
            case.id,
            State::Closed,
            Some(Outcome::Substantiated),
            "ตั้งกรรมการสอบวินัยแล้ว มีมูล",
            d(2026, 12, 1),
        )
        .await
        .unwrap();
    assert_eq!(closed.closed_on, Some(d(2026, 12, 1)));
    assert_eq!(closed.outcome, Some(Outcome::Substantiated));
    assert_eq!(
        input_field(
            s.move_complaint(&a, &h, case.id, State::InProgress, None, "", d(2026, 12, 2))
                .await
        ),
        "state"
    );
    assert_eq!(
        input_field(
            s.reporter_message(&a, &c, "ยังอยู่ไหม".into(), &[], d(2026, 12, 2))
                .await
        ),
        "body"
    );
    assert!(matches!(
        s.reporter_message(&a, &code(), "x".into(), &[], day).await,
        Err(StoreError::NotFound)
    ));

    // staff record a phone complaint, dated the day it came in
    let rec = s
        .record_complaint(
            &a,
            &other,
            Recorded {
                submission: Submission::parse(
                    "complaint",
                    "ไฟถนนดับ",
                    "ไฟถนนหมู่ ๓ ดับมาหนึ่งสัปดาห์แล้ว",
                    true,
                    ["", "", "", ""],
                )
                .unwrap(),
                channel: Channel::Phone,
                received_on: d(2026, 11, 2),
                unit_id: None,
                consent_text: None,
            },
            &code(),
            d(2026, 11, 6),
        )
        .await
        .unwrap();
    assert_eq!(rec.channel, Channel::Phone);
    assert_eq!(rec.recorded_by, other.user_id);
    assert_eq!(rec.close_due, d(2026, 11, 23));
    for (channel, received) in [
        (Channel::Online, d(2026, 11, 2)),
        (Channel::Letter, d(2026, 11, 7)),
        (Channel::Letter, d(2024, 10, 1)),
    ] {
        let r = s
            .record_complaint(
                &a,
                &other,
                Recorded {
                    submission: corruption(true),
                    channel,
                    received_on: received,
                    unit_id: None,
                    consent_text: None,
                },
                &code(),
                d(2026, 11, 6),
            )
            .await;
        assert!(
            matches!(r, Err(StoreError::Input(_))),
            "{channel:?} {received}"
        );
    }
    // a named report needs the consent
    assert_eq!(
        input_field(
            s.submit_complaint(&a, corruption(false), None, &code(), &[], day)
                .await
        ),
        "consent"
    );
    let listed = s
        .list_complaints(&a, CaseFilter::all(day, true), 50, 0)
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    let general = s
        .list_complaints(&a, CaseFilter::all(day, false), 50, 0)
        .await
        .unwrap();
    assert_eq!(general.len(), 1);
    assert_eq!(general[0].kind, Kind::Complaint);
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

both_backends!(
    identity_release_needs_two_designated_people,
    |db: TestDb| async move {
        let s = &db.store;
        let a = agency(s, "alpha").await;
        let b = agency(s, "beta").await;
        let h1 = user(s, &a, "alpha.h1").await;
        let h2 = user(s, &a, "alpha.h2").await;
        let approver = user(s, &a, "alpha.approver").await;
        let outsider = user(s, &b, "beta.h").await;
        s.set_complaint_handler(&a, &admin(), h1.user_id.unwrap(), true, true)
            .await
            .unwrap();
        s.set_complaint_handler(&a, &admin(), h2.user_id.unwrap(), true, false)
            .await
            .unwrap();
        assert!(
            s.set_complaint_handler(&a, &admin(), outsider.user_id.unwrap(), true, true)
                .await
                .is_err(),
            "a user of another agency cannot be designated"
        );
        let day = d(2026, 11, 6);
        let case = s
            .submit_complaint(&a, corruption(false), Some("ยินยอม"), &code(), &[], day)
            .await
            .unwrap();
        assert!(!case.anonymous);
        assert!(s.complaint_has_contact(&a, case.id).await.unwrap());
        let h1_id = h1.user_id.unwrap();
        let h2_id = h2.user_id.unwrap();
        assert_eq!(s.released_contact(&a, h1_id, case.id).await.unwrap(), None);

        // a short reason, a non-handler: refused
        assert_eq!(
            input_field(s.request_contact_release(&a, &h1, case.id, "ขอดู").await),
            "reason"
        );
        assert_eq!(
            input_field(
                s.request_contact_release(&a, &approver, case.id, "ต้องการสอบถามข้อเท็จจริงเพิ่มเติม")
                    .await
            ),
            "handler"
        );
        let req = s
            .request_contact_release(&a, &h1, case.id, "ต้องการสอบถามข้อเท็จจริงเพิ่มเติมจากผู้ร้อง")
            .await
            .unwrap();
        assert_eq!(req.approved, None);
        assert_eq!(
            s.released_contact(&a, h1_id, case.id).await.unwrap(),
            None,
            "a request alone reveals nothing"
        );
        assert!(
            s.request_contact_release(&a, &h1, case.id, "ต้องการสอบถามข้อเท็จจริงเพิ่มเติมจากผู้ร้อง")
                .await
                .is_err(),
            "one pending request at a time"
        );
        // h1 may approve, but not their own request; h2 is not an approver
        assert_eq!(
            input_field(s.decide_contact_release(&a, &h1, req.id, true).await),
            "release"
        );
        assert_eq!(
            input_field(s.decide_contact_release(&a, &h2, req.id, true).await),
            "release"
        );
        assert_eq!(s.released_contact(&a, h1_id, case.id).await.unwrap(), None);
        // another agency cannot see or decide it
        assert!(matches!(
            s.decide_contact_release(&b, &outsider, req.id, true).await,
            Err(StoreError::Input(_)) | Err(StoreError::NotFound)
        ));
        // a second designated approver decides
        s.set_complaint_handler(&a, &admin(), approver.user_id.unwrap(), true, true)
            .await
            .unwrap();
        let decided = s
            .decide_contact_release(&a, &approver, req.id, true)
            .await
            .unwrap();
        assert_eq!(decided.approved, Some(true));
        assert!(s
            .decide_contact_release(&a, &approver, req.id, false)
            .await
            .is_err());
        let contact: ReporterContact = s
            .released_contact(&a, h1_id, case.id)
            .await
            .unwrap()
            .expect("released to the requester");
        assert_eq!(contact.name, "นายลับ ลับมาก");
        assert_eq!(contact.phone.as_deref(), Some("0891112222"));
        assert_eq!(
            s.released_contact(&a, h2_id, case.id).await.unwrap(),
            None,
            "only the requester sees it"
        );
        assert_eq!(
            s.released_contact(&a, approver.user_id.unwrap(), case.id)
                .await
                .unwrap(),
            None,
            "the approver does not see it either"
        );
        assert_eq!(s.released_contact(&b, h1_id, case.id).await.unwrap(), None);
        // a handler whose designation ends loses the view
        s.set_complaint_handler(&a, &admin(), h1_id, false, false)
            .await
            .unwrap();
        assert_eq!(s.released_contact(&a, h1_id, case.id).await.unwrap(), None);
        // an anonymous case has nothing to release
        s.set_complaint_handler(&a, &admin(), h1_id, true, false)
            .await
            .unwrap();
        let anon = s
            .submit_complaint(&a, corruption(true), None, &code(), &[], day)
            .await
            .unwrap();
        assert_eq!(
            input_field(
                s.request_contact_release(&a, &h1, anon.id, "ต้องการสอบถามข้อเท็จจริงเพิ่มเติม")
                    .await
            ),
            "reason"
        );
        let releases = s.contact_releases(&a, case.id).await.unwrap();
        assert_eq!(releases.len(), 1);

        // the audit log records the requests and decisions, never the contact details or words
        let entries = audit::list(s, &a, 200, 0).await.unwrap();
        assert!(entries
            .iter()
            .any(|e| e.entity == "complaint_release" && e.action == "request"));
        assert!(entries
            .iter()
            .any(|e| e.entity == "complaint_release" && e.action == "approve"));
        let submit = entries
            .iter()
            .find(|e| e.entity == "complaint" && e.action == "submit")
            .unwrap();
        assert_eq!(submit.actor_label, "citizen");
        assert_eq!(submit.actor_user_id, None);
        for e in &entries {
            let text = format!("{:?} {:?}", e.before, e.after);
            for secret in [
                "นายลับ",
                "0891112222",
                "secret@",
                "ซอยลับ",
                "เรียกรับเงิน",
                "กองช่าง",
                "ต้องการสอบถาม",
                "ยินยอม",
            ] {
                assert!(!text.contains(secret), "{secret} in the audit log: {text}");
            }
        }
        assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
        db.cleanup().await;
    }
);

both_backends!(statistics_on_known_data, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "alpha").await;
    let b = agency(s, "beta").await;
    let h = user(s, &a, "alpha.handler").await;
    s.set_complaint_handler(&a, &admin(), h.user_id.unwrap(), true, false)
        .await
        .unwrap();
    let year = FiscalYear::new(2570).unwrap();
    let sub = |kind: &str| {
        Submission::parse(
            kind,
            "เรื่องทดสอบ",
            "รายละเอียดของเรื่องทดสอบ",
            true,
            ["", "", "", ""],
        )
        .unwrap()
    };
    // October: a corruption case online closed in 10 days, a complaint by phone closed in 3
    let c1 = s
        .submit_complaint(&a, sub("corruption"), None, &code(), &[], d(2026, 10, 5))
        .await
        .unwrap();
    s.move_complaint(&a, &h, c1.id, State::InProgress, None, "", d(2026, 10, 6))
        .await
        .unwrap();
    s.move_complaint(
        &a,
        &h,
        c1.id,
        State::Closed,
        Some(Outcome::Unsubstantiated),
        "ตรวจสอบแล้วไม่มีมูล",
        d(2026, 10, 15),
    )
    .await
    .unwrap();
    let c2 = s
        .record_complaint(
            &a,
            &h,
            Recorded {
                submission: sub("complaint"),
                channel: Channel::Phone,
                received_on: d(2026, 10, 20),
                unit_id: None,
                consent_text: None,
            },
            &code(),
            d(2026, 10, 20),
        )
        .await
        .unwrap();
    s.move_complaint(
        &a,
        &h,
        c2.id,
        State::Closed,
        Some(Outcome::Resolved),
        "แก้ไขเรียบร้อยแล้ว",
        d(2026, 10, 23),
    )
    .await
    .unwrap();
    // November: an open suggestion by letter; September of the year before: not counted
    s.record_complaint(
        &a,
        &h,
        Recorded {
            submission: sub("suggestion"),
            channel: Channel::Letter,
            received_on: d(2026, 11, 2),
            unit_id: None,
            consent_text: None,
        },
        &code(),
        d(2026, 11, 3),
    )
    .await
    .unwrap();
    s.submit_complaint(&a, sub("complaint"), None, &code(), &[], d(2026, 9, 30))
        .await
        .unwrap();
    // another agency's case is not counted
    s.submit_complaint(&b, sub("corruption"), None, &code(), &[], d(2026, 10, 5))
        .await
        .unwrap();

    let t = s.complaint_stats(&a, year, d(2026, 11, 3)).await.unwrap();
    assert_eq!(t.total.received, 3);
    assert_eq!(t.total.kind(Kind::Corruption), 1);
    assert_eq!(t.total.kind(Kind::Suggestion), 1);
    assert_eq!(t.total.channel(Channel::Online), 1);
    assert_eq!(t.total.channel(Channel::Phone), 1);
    assert_eq!(t.total.channel(Channel::Letter), 1);
    assert_eq!(t.total.outcome(Outcome::Unsubstantiated), 1);
    assert_eq!(t.total.outcome(Outcome::Resolved), 1);
    assert_eq!(t.total.closed(), 2);
    assert_eq!(t.total.open(), 1);
    // 10 and 3 days
    assert_eq!(t.total.mean_days(), Some(6.5));
    assert_eq!(t.total.median_days(), Some(6.5));
    assert_eq!(
        t.total.late, 0,
        "the phone complaint closed on its acknowledgement day"
    );
    let oct = &t.months[0];
    assert_eq!((oct.0, oct.1.received), (10, 2));
    let nov = &t.months[1];
    assert_eq!((nov.0, nov.1.received), (11, 1));
    // the suggestion not taken up within 5 working days is late later on
    let later = s.complaint_stats(&a, year, d(2026, 11, 20)).await.unwrap();
    assert_eq!(later.total.late, 1);
    let prev = s
        .complaint_stats(&a, year.prev().unwrap(), d(2026, 11, 3))
        .await
        .unwrap();
    assert_eq!(prev.total.received, 1);
    db.cleanup().await;
});

both_backends!(demo_data_seeds, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "alpha").await;
    let h1 = user(s, &a, "alpha.h1").await;
    let h2 = user(s, &a, "alpha.h2").await;
    let today = d(2026, 11, 27);
    let n = prongsai_store::complaints::seed_demo(
        s,
        &a,
        &[(h1.user_id.unwrap(), false), (h2.user_id.unwrap(), true)],
        today,
    )
    .await
    .unwrap();
    assert_eq!(n, 12);
    let this = s
        .complaint_stats(&a, FiscalYear::containing(today), today)
        .await
        .unwrap();
    let prev = s
        .complaint_stats(&a, FiscalYear::containing(today).prev().unwrap(), today)
        .await
        .unwrap();
    assert_eq!(this.total.received + prev.total.received, 12);
    assert!(prev.total.closed() >= 5);
    assert_eq!(s.complaint_handlers(&a).await.unwrap().len(), 2);
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

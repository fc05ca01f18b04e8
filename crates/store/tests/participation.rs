//! Public participation on SQLite and PostgreSQL: topics and where they stand on a day, citizens'
//! comments and their moderation, the counts by topic and fiscal year, tenant isolation, what
//! the audit log may not hold, and the demo data.

use chrono::NaiveDate;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::participation::{
    CommentDraft, CommentState, Tally, TopicDraft, TopicKind, TopicState,
};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::participation::Topic;
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{audit, both_backends, Actor, AgencyScope, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn staff() -> Actor {
    Actor::user(1, "krathok.admin")
}

async fn agency(s: &Store, slug: &str) -> AgencyScope {
    let (scope, _) = s
        .create_agency(
            &Actor::system("test"),
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

fn draft(title: &str, opens: NaiveDate, closes: NaiveDate) -> TopicDraft {
    TopicDraft {
        title: title.into(),
        kind: TopicKind::Project,
        description: "รายละเอียดโครงการ\n\nย่อหน้าที่สอง".into(),
        opens_on: opens,
        closes_on: closes,
        document_id: None,
    }
}

fn comment(body: &str) -> CommentDraft {
    CommentDraft {
        body: body.into(),
        name: None,
        phone: None,
        email: None,
    }
}

fn input_error<T: std::fmt::Debug>(r: Result<T, StoreError>) -> prongsai_domain::InputError {
    match r {
        Err(StoreError::Input(e)) => e,
        other => panic!("expected an input error, got {other:?}"),
    }
}

async fn open_topic(s: &Store, scope: &AgencyScope, title: &str) -> Topic {
    let t = s
        .create_topic(
            scope,
            &staff(),
            draft(title, d(2024, 11, 1), d(2024, 11, 30)),
        )
        .await
        .unwrap();
    s.open_topic(scope, &staff(), t.id, d(2024, 10, 20))
        .await
        .unwrap()
}

both_backends!(topics_dates_and_state, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let t = s
        .create_topic(
            &a,
            &staff(),
            draft("ถนน คสล. หมู่ ๕", d(2024, 11, 1), d(2024, 11, 30)),
        )
        .await
        .unwrap();
    assert!(!t.opened);
    assert_eq!(t.fiscal_year.be(), 2568);
    assert_eq!(t.state(d(2024, 11, 10)), TopicState::Draft);

    // a draft takes no comment (to the public it does not exist)
    assert!(matches!(
        s.submit_comment(&a, t.id, comment("เห็นด้วย"), "", d(2024, 11, 10))
            .await,
        Err(StoreError::NotFound)
    ));

    // opened before its first day: upcoming, then open, then closed after its last day
    let t = s
        .open_topic(&a, &staff(), t.id, d(2024, 10, 20))
        .await
        .unwrap();
    assert_eq!(t.state(d(2024, 10, 31)), TopicState::Upcoming);
    assert_eq!(t.state(d(2024, 11, 1)), TopicState::Open);
    assert_eq!(t.state(d(2024, 12, 1)), TopicState::Closed);
    let e = input_error(
        s.submit_comment(&a, t.id, comment("เห็นด้วย"), "", d(2024, 10, 31))
            .await,
    );
    assert_eq!(e.field, "topic");
    let e = input_error(
        s.submit_comment(&a, t.id, comment("เห็นด้วย"), "", d(2024, 12, 1))
            .await,
    );
    assert_eq!(e.field, "topic");
    assert!(e.th.contains("ปิดรับฟัง"));
    // opening twice is refused
    assert_eq!(
        input_error(s.open_topic(&a, &staff(), t.id, d(2024, 11, 2)).await).field,
        "state"
    );

    // closed early: refused from that day; then reopened while the closing day has not passed
    s.submit_comment(&a, t.id, comment("ข้อเสนอแรก"), "", d(2024, 11, 5))
        .await
        .unwrap();
    let t = s
        .close_topic(&a, &staff(), t.id, d(2024, 11, 10))
        .await
        .unwrap();
    assert_eq!(t.closed_on, Some(d(2024, 11, 10)));
    assert_eq!(t.state(d(2024, 11, 10)), TopicState::Closed);
    assert_eq!(t.last_day(), d(2024, 11, 9));
    assert_eq!(
        input_error(
            s.submit_comment(&a, t.id, comment("สาย"), "", d(2024, 11, 10))
                .await
        )
        .field,
        "topic"
    );
    assert_eq!(
        input_error(s.close_topic(&a, &staff(), t.id, d(2024, 11, 11)).await).field,
        "state"
    );
    let t = s
        .open_topic(&a, &staff(), t.id, d(2024, 11, 12))
        .await
        .unwrap();
    assert_eq!(t.closed_on, None);
    assert_eq!(t.state(d(2024, 11, 12)), TopicState::Open);
    // past its closing day it cannot be opened again without new dates
    s.close_topic(&a, &staff(), t.id, d(2024, 11, 20))
        .await
        .unwrap();
    assert_eq!(
        input_error(s.open_topic(&a, &staff(), t.id, d(2024, 12, 5)).await).field,
        "closes_on"
    );

    // an edit moves the dates and the fiscal year; a bad draft is refused and nothing changes
    let mut moved = t.draft();
    moved.opens_on = d(2025, 10, 1);
    moved.closes_on = d(2025, 10, 31);
    let t2 = s
        .update_topic(&a, &staff(), t.id, moved.clone())
        .await
        .unwrap();
    assert_eq!(t2.fiscal_year.be(), 2569);
    let mut bad = moved.clone();
    bad.closes_on = d(2025, 9, 1);
    assert_eq!(
        input_error(s.update_topic(&a, &staff(), t.id, bad).await).field,
        "closes_on"
    );
    let mut bad = moved;
    bad.title = "  ".into();
    assert_eq!(
        input_error(s.create_topic(&a, &staff(), bad).await).field,
        "title"
    );
    assert_eq!(s.topic(&a, t.id).await.unwrap().fiscal_year.be(), 2569);
    assert_eq!(s.topics(&a).await.unwrap().len(), 1);

    // a document of another agency is refused
    let b = agency(s, "other").await;
    let dir = std::env::temp_dir().join(format!(
        "prongsai-part-blobs-{}",
        t.id + rand::random::<u32>() as i64
    ));
    let blobs = prongsai_store::blobs::BlobStore::open(&dir).unwrap();
    let (doc, _) = s
        .add_document(
            &b,
            &staff(),
            &blobs,
            prongsai_store::disclosure::NewDocument {
                file_name: "plan.pdf".into(),
                kind: "pdf".into(),
                bytes: b"%PDF-1.7 plan".to_vec(),
                body: None,
                meta: prongsai_store::disclosure::DocumentMeta {
                    title: "แผนพัฒนา".into(),
                    public: true,
                    ..Default::default()
                },
            },
        )
        .await
        .unwrap();
    let mut with_doc = draft("มีเอกสาร", d(2024, 11, 1), d(2024, 11, 30));
    with_doc.document_id = Some(doc.id);
    assert_eq!(
        input_error(s.create_topic(&a, &staff(), with_doc.clone()).await).field,
        "document_id"
    );
    assert!(s.create_topic(&b, &staff(), with_doc).await.is_ok());
    db.cleanup().await;
});

both_backends!(moderation_and_counts, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let b = agency(s, "other").await;
    let plan = open_topic(s, &a, "แผนพัฒนาท้องถิ่น").await;
    let road = open_topic(s, &a, "ถนน").await;
    let day = d(2024, 11, 5);
    let mut ids = Vec::new();
    for i in 0..5 {
        let c = s
            .submit_comment(&a, plan.id, comment(&format!("ความคิดเห็นที่ {i}")), "", day)
            .await
            .unwrap();
        assert_eq!(c.state, CommentState::Pending);
        ids.push(c.id);
    }
    let with_contact = CommentDraft {
        body: "<script>alert(1)</script> ติดต่อกลับได้".into(),
        name: Some("นางสมศรี".into()),
        phone: Some("0812345678".into()),
        email: Some("somsri@example.com".into()),
    };
    let c = s
        .submit_comment(&a, road.id, with_contact, "ข้าพเจ้ายินยอม…", day)
        .await
        .unwrap();
    assert_eq!(
        c.body, "<script>alert(1)</script> ติดต่อกลับได้",
        "kept as typed"
    );
    assert_eq!(c.consent_text.as_deref(), Some("ข้าพเจ้ายินยอม…"));
    assert_eq!(c.phone.as_deref(), Some("0812345678"));
    // without contact details, no consent text is kept
    let plain = s.comment(&a, ids[0]).await.unwrap();
    assert_eq!(plain.consent_text, None);

    // publish two, reject one (a reason is needed), leave two pending
    s.moderate_comment(&a, &staff(), ids[0], CommentState::Published, "")
        .await
        .unwrap();
    s.moderate_comment(&a, &staff(), ids[1], CommentState::Published, "")
        .await
        .unwrap();
    assert_eq!(
        input_error(
            s.moderate_comment(&a, &staff(), ids[2], CommentState::Rejected, "")
                .await
        )
        .field,
        "reason"
    );
    let r = s
        .moderate_comment(&a, &staff(), ids[2], CommentState::Rejected, "ถ้อยคำหยาบคาย")
        .await
        .unwrap();
    assert_eq!(r.reason.as_deref(), Some("ถ้อยคำหยาบคาย"));
    assert_eq!(r.moderated_by, Some(1));
    assert_eq!(
        input_error(
            s.moderate_comment(&a, &staff(), ids[0], CommentState::Published, "")
                .await
        )
        .field,
        "to"
    );
    // staff change their mind: rejected → published clears the reason
    let back = s
        .moderate_comment(&a, &staff(), ids[2], CommentState::Published, "")
        .await
        .unwrap();
    assert_eq!(back.reason, None);
    s.moderate_comment(&a, &staff(), ids[2], CommentState::Rejected, "ซ้ำกับรายการอื่น")
        .await
        .unwrap();

    let published = s
        .comments(&a, plan.id, Some(CommentState::Published))
        .await
        .unwrap();
    assert_eq!(
        published.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids[0], ids[1]]
    );
    assert_eq!(s.comments(&a, plan.id, None).await.unwrap().len(), 5);
    assert_eq!(
        s.topic_tally(&a, plan.id).await.unwrap(),
        Tally {
            received: 5,
            pending: 2,
            published: 2,
            rejected: 1
        }
    );
    let all = s.topic_tallies(&a).await.unwrap();
    assert_eq!(all[&road.id].received, 1);
    assert_eq!(all[&road.id].pending, 1);

    // the year's summary: opened topics of the fiscal year with their tallies; a draft of the
    // same year and a topic of another year are not in it
    s.create_topic(&a, &staff(), draft("ร่าง", d(2024, 12, 1), d(2024, 12, 31)))
        .await
        .unwrap();
    let later = s
        .create_topic(&a, &staff(), draft("ปีหน้า", d(2025, 10, 1), d(2025, 10, 31)))
        .await
        .unwrap();
    s.open_topic(&a, &staff(), later.id, d(2025, 9, 1))
        .await
        .unwrap();
    let year = s
        .topics_of_year(&a, FiscalYear::new(2568).unwrap())
        .await
        .unwrap();
    assert_eq!(
        year.iter().map(|(t, _)| t.id).collect::<Vec<_>>(),
        vec![plan.id, road.id]
    );
    assert_eq!(year[0].1.published, 2);
    let by_year = prongsai_domain::participation::tally_by_year(
        year.iter().map(|(t, n)| (t.fiscal_year, *n)),
    );
    assert_eq!(
        by_year[&FiscalYear::new(2568).unwrap()].comments.received,
        6
    );
    assert_eq!(
        s.topics_of_year(&a, FiscalYear::new(2569).unwrap())
            .await
            .unwrap()
            .len(),
        1
    );

    // the response: written, replaced, removed by an empty text; too long is refused
    let t = s
        .set_topic_response(&a, &staff(), plan.id, "นำข้อเสนอไปบรรจุในแผน\r\n\r\nย่อหน้าสอง")
        .await
        .unwrap();
    assert_eq!(
        t.response.as_deref(),
        Some("นำข้อเสนอไปบรรจุในแผน\n\nย่อหน้าสอง")
    );
    assert!(t.response_at.is_some());
    assert_eq!(
        input_error(
            s.set_topic_response(&a, &staff(), plan.id, &"ก".repeat(20_001))
                .await
        )
        .field,
        "response"
    );
    assert_eq!(
        s.topic(&a, plan.id).await.unwrap().response.as_deref(),
        Some("นำข้อเสนอไปบรรจุในแผน\n\nย่อหน้าสอง")
    );
    let t = s
        .set_topic_response(&a, &staff(), plan.id, "  ")
        .await
        .unwrap();
    assert_eq!(t.response, None);

    // another agency sees none of it
    assert!(matches!(
        s.topic(&b, plan.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.comment(&b, ids[0]).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.moderate_comment(&b, &staff(), ids[3], CommentState::Published, "")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.submit_comment(&b, plan.id, comment("ข้ามหน่วยงาน"), "", day)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(s.comments(&b, plan.id, None).await.unwrap().is_empty());
    assert!(s.topic_tallies(&b).await.unwrap().is_empty());
    assert_eq!(
        s.comment(&a, ids[3]).await.unwrap().state,
        CommentState::Pending
    );

    // the audit log holds the moderation but never the citizen's text or contact
    let entries = audit::list(s, &a, 1000, 0).await.unwrap();
    let log = entries
        .iter()
        .map(|e| {
            format!(
                "{} {}\n",
                e.before.as_deref().unwrap_or(""),
                e.after.as_deref().unwrap_or("")
            )
        })
        .collect::<String>();
    assert!(entries.iter().any(|e| e.entity == "participation_comment"));
    assert!(log.contains("ถ้อยคำหยาบคาย"));
    for secret in [
        "0812345678",
        "somsri@example.com",
        "นางสมศรี",
        "ติดต่อกลับได้",
        "ความคิดเห็นที่",
    ] {
        assert!(!log.contains(secret), "{secret} leaked into the audit log");
    }
    let reports = audit::verify(s).await.unwrap();
    assert!(
        reports.iter().all(|r| r.report.is_ok()),
        "audit chains verify"
    );
    db.cleanup().await;
});

both_backends!(demo_data, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let today = d(2025, 3, 15);
    prongsai_store::participation::seed_demo(s, &a, today)
        .await
        .unwrap();
    // once only
    prongsai_store::participation::seed_demo(s, &a, today)
        .await
        .unwrap();
    let topics = s.topics(&a).await.unwrap();
    assert_eq!(topics.len(), 2);
    let plan = topics
        .iter()
        .find(|t| t.kind == TopicKind::DevelopmentPlan)
        .unwrap();
    assert_eq!(plan.state(today), TopicState::Open);
    assert!(plan.title.contains("2571"));
    let road = topics
        .iter()
        .find(|t| t.kind == TopicKind::Project)
        .unwrap();
    assert_eq!(road.state(today), TopicState::Closed);
    assert!(road.response.is_some());
    let tallies = s.topic_tallies(&a).await.unwrap();
    assert_eq!(tallies[&road.id].rejected, 1);
    assert_eq!(tallies[&road.id].pending, 0);
    assert!(tallies[&plan.id].pending >= 1);
    assert!(tallies[&plan.id].published >= 1);
    db.cleanup().await;
});

//! Assessment results and issues to improve, on SQLite and PostgreSQL.

use prongsai_domain::assessment::{ItemAnswer, Scores};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::assessment::NewIssue;
use prongsai_store::both_backends;
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{audit, Actor, AgencyScope, Store, StoreError};

fn cli() -> Actor {
    Actor::system("test")
}

async fn agency(store: &Store, slug: &str) -> AgencyScope {
    store
        .create_agency(
            &cli(),
            NewAgency {
                slug: AgencySlug::parse(slug).unwrap(),
                name_th: slug.into(),
                name_en: None,
                kind: AgencyKind::Sao,
                province: "x".into(),
            },
        )
        .await
        .unwrap()
        .0
}

fn sample_scores() -> Scores {
    let mut s = Scores::default();
    s.indicators.insert(1, 92.5);
    s.indicators.insert(8, 71.25);
    s.items.insert(
        "O15".into(),
        ItemAnswer {
            answer: false,
            remark: Some("ไม่พบข้อมูลสถิติปี 2565 😕".into()),
        },
    );
    s.items.insert(
        "O1".into(),
        ItemAnswer {
            answer: true,
            remark: None,
        },
    );
    s.questions.insert("E12".into(), 60.0);
    s
}

both_backends!(scores_round_trip_and_replace, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let fy = FiscalYear::new(2565).unwrap();
    assert!(s.load_scores(&a, fy).await.unwrap().is_none());
    s.save_scores(&a, &cli(), fy, &sample_scores(), "manual")
        .await
        .unwrap();
    let (row, loaded) = s.load_scores(&a, fy).await.unwrap().unwrap();
    assert_eq!(loaded, sample_scores());
    assert_eq!(row.source, "manual");
    // replacing keeps one assessment and exactly the new scores
    let mut next = Scores::default();
    next.indicators.insert(9, 100.0);
    s.save_scores(&a, &cli(), fy, &next, "csv").await.unwrap();
    let (row2, loaded) = s.load_scores(&a, fy).await.unwrap().unwrap();
    assert_eq!(row2.id, row.id);
    assert_eq!(loaded, next);
    assert_eq!(s.list_assessments(&a).await.unwrap().len(), 1);
    // out of range: refused, what was stored stays
    let mut bad = sample_scores();
    bad.questions.insert("E14".into(), 101.0);
    assert!(matches!(
        s.save_scores(&a, &cli(), fy, &bad, "manual").await,
        Err(StoreError::Input(_))
    ));
    bad.questions.insert("E14".into(), f64::NAN);
    assert!(s.save_scores(&a, &cli(), fy, &bad, "manual").await.is_err());
    assert_eq!(s.load_scores(&a, fy).await.unwrap().unwrap().1, next);
    s.set_target(&a, &cli(), fy, Some(90.0)).await.unwrap();
    assert_eq!(
        s.load_scores(&a, fy).await.unwrap().unwrap().0.target,
        Some(90.0)
    );
    // another agency sees nothing
    let b = agency(s, "other").await;
    assert!(s.load_scores(&b, fy).await.unwrap().is_none());
    assert!(matches!(
        s.set_target(&b, &cli(), fy, None).await,
        Err(StoreError::NotFound)
    ));
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

both_backends!(issues_to_improve, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let b = agency(s, "other").await;
    let fy = FiscalYear::new(2565).unwrap();
    let i = s
        .create_issue(
            &a,
            &cli(),
            NewIssue {
                fiscal_year: fy,
                kind: "item".into(),
                codes: vec!["O15".into(), "O16".into()],
                title_th: "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล เครื่องมือการประเมิน OIT การให้บริการ".into(),
                note: None,
                next_codes: vec!["O16".into()],
            },
        )
        .await
        .unwrap();
    assert_eq!(i.code_list(), vec!["O15", "O16"]);
    assert_eq!(i.next_code_list(), vec!["O16"]);
    let empty = s
        .create_issue(
            &a,
            &cli(),
            NewIssue {
                fiscal_year: fy,
                kind: "custom".into(),
                codes: vec![],
                title_th: "   ".into(),
                note: None,
                next_codes: vec![],
            },
        )
        .await;
    assert!(matches!(empty, Err(StoreError::Input(_))));
    s.update_issue(&a, &cli(), i.id, "แก้ไขชื่อ", Some("หมายเหตุ".into()))
        .await
        .unwrap();
    assert!(matches!(
        s.update_issue(&b, &cli(), i.id, "hijack", None).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_issue(&b, &cli(), i.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.list_issues(&b, fy).await.unwrap().is_empty());
    assert_eq!(s.list_issues(&a, fy).await.unwrap()[0].title_th, "แก้ไขชื่อ");
    s.delete_issue(&a, &cli(), i.id).await.unwrap();
    assert!(s.list_issues(&a, fy).await.unwrap().is_empty());
    db.cleanup().await;
});

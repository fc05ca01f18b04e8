//! Measures imported from the sample report are stored line by line and come back exactly,
//! on SQLite and PostgreSQL.

use prongsai_docs::import::report_text::parse_report_text;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{RoundPeriod, RoundState};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::both_backends;
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{audit, Actor, StoreError};

const SAMPLE: &str = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");

both_backends!(sample_measures_round_trip, |db: TestDb| async move {
    let s = &db.store;
    let actor = Actor::system("test");
    let (a, _) = s
        .create_agency(
            &actor,
            NewAgency {
                slug: AgencySlug::parse("krathok").unwrap(),
                name_th: "องค์การบริหารส่วนตำบลกระโทก".into(),
                name_en: None,
                kind: AgencyKind::Sao,
                province: "นครราชสีมา".into(),
            },
        )
        .await
        .unwrap();
    let (b, _) = s
        .create_agency(
            &actor,
            NewAgency {
                slug: AgencySlug::parse("other").unwrap(),
                name_th: "อื่น".into(),
                name_en: None,
                kind: AgencyKind::Sao,
                province: "x".into(),
            },
        )
        .await
        .unwrap();
    let fy = FiscalYear::new(2566).unwrap();
    let doc = parse_report_text(SAMPLE.as_bytes()).unwrap().document;
    assert_eq!(s.import_measures(&a, &actor, fy, &doc).await.unwrap(), 6);
    // the imported progress is the six-month round's report, and comes back exactly
    let rounds = s.report_rounds(&a, fy).await.unwrap();
    assert_eq!(rounds.len(), 1);
    assert_eq!(rounds[0].period(), RoundPeriod::Half);
    assert_eq!(rounds[0].state(), RoundState::Draft);
    let back = s.round_document(&a, &rounds[0]).await.unwrap();
    assert_eq!(
        back, doc,
        "every line, label, paragraph mark and deadline comes back"
    );
    // the measures document (O42) is the same table without the progress column
    let o42 = s.measures_document(&a, fy).await.unwrap().unwrap();
    assert!(o42.rows.iter().all(|r| r.progress.is_empty()));
    assert_eq!(o42.rows.len(), doc.rows.len());
    assert!(
        o42.title[0].starts_with("มาตรการส่งเสริมคุณธรรม"),
        "{:?}",
        o42.title
    );
    // importing the same year twice is refused, and nothing changes
    assert!(matches!(
        s.import_measures(&a, &actor, fy, &doc).await,
        Err(StoreError::Input(_))
    ));
    assert_eq!(s.count_measures(&a, fy).await.unwrap(), 6);
    // another agency sees none of it
    assert!(s.measures_document(&b, fy).await.unwrap().is_none());
    // statuses: the coordinator assigns a step to a unit; unit staff update only their own
    use prongsai_domain::measures::{may_edit_line, StepStatus};
    use prongsai_domain::tenancy::Role;
    use prongsai_store::measures::LineUpdate;
    let finance = s
        .create_unit(&a, &actor, "กองคลัง".into(), None)
        .await
        .unwrap();
    let works = s
        .create_unit(&a, &actor, "กองช่าง".into(), None)
        .await
        .unwrap();
    let lines = s.measure_lines(&a, fy).await.unwrap();
    let step = lines
        .iter()
        .find(|l| l.column_kind == "step")
        .unwrap()
        .clone();
    let upd = |status, owner| LineUpdate {
        status,
        note: Some("ส่งรายงานแล้ว".into()),
        done_on: None,
        owner_unit_id: owner,
    };
    let admin_rule = |o| may_edit_line(Role::AgencyAdmin, None, o);
    let l = s
        .update_line(
            &a,
            &actor,
            step.id,
            upd(StepStatus::InProgress, Some(Some(finance.id))),
            admin_rule,
        )
        .await
        .unwrap();
    assert_eq!(l.owner_unit_id, Some(finance.id));
    let works_staff = |o| may_edit_line(Role::UnitStaff, Some(works.id), o);
    assert!(matches!(
        s.update_line(
            &a,
            &actor,
            step.id,
            upd(StepStatus::Done, None),
            works_staff
        )
        .await,
        Err(StoreError::Input(_))
    ));
    let finance_staff = |o| may_edit_line(Role::UnitStaff, Some(finance.id), o);
    let l = s
        .update_line(
            &a,
            &actor,
            step.id,
            upd(StepStatus::Done, None),
            finance_staff,
        )
        .await
        .unwrap();
    assert_eq!(l.status, "done");
    assert_eq!(l.owner_unit_id, Some(finance.id), "owner unchanged");
    // another agency cannot touch it, and a unit of another agency cannot own it
    assert!(matches!(
        s.update_line(
            &b,
            &actor,
            step.id,
            upd(StepStatus::Cancelled, None),
            admin_rule
        )
        .await,
        Err(StoreError::NotFound)
    ));
    let other_unit = s
        .create_unit(&b, &actor, "กองอื่น".into(), None)
        .await
        .unwrap();
    assert!(matches!(
        s.update_line(
            &a,
            &actor,
            step.id,
            upd(StepStatus::Done, Some(Some(other_unit.id))),
            admin_rule
        )
        .await,
        Err(StoreError::Input(_))
    ));
    // progress entries: unit staff report on their unit's steps only
    use prongsai_store::measures::rounds::NewProgress;
    let round = rounds[0].clone();
    let entry = |text: &str| NewProgress {
        measure_id: step.measure_id,
        step_line_id: Some(step.id),
        text: text.into(),
        done_on: Some(chrono::NaiveDate::from_ymd_opt(2023, 3, 15).unwrap()),
        link: Some("https://example.go.th/report.pdf".into()),
        evidence_document_id: None,
    };
    assert!(matches!(
        s.add_progress(&a, &actor, round.id, entry("ไม่ใช่ของเรา"), works_staff)
            .await,
        Err(StoreError::Input(_))
    ));
    let added = s
        .add_progress(&a, &actor, round.id, entry("จัดทำรายงานแล้ว"), finance_staff)
        .await
        .unwrap();
    assert_eq!(
        added.label, step.label,
        "the entry carries its step's number"
    );
    let live = s.round_document(&a, &round).await.unwrap();
    let cell: Vec<String> = live.rows[0].progress.iter().map(|l| l.display()).collect();
    assert!(
        cell.iter()
            .any(|l| l.contains("จัดทำรายงานแล้ว (เมื่อ ๑๕ มีนาคม ๒๕๖๖)")),
        "{cell:?}"
    );
    assert!(cell
        .iter()
        .any(|l| l == "หลักฐาน: https://example.go.th/report.pdf"));
    // another agency cannot see or write the round
    assert!(matches!(
        s.report_round(&b, round.id).await,
        Err(StoreError::NotFound)
    ));
    // submitting freezes it: the executive reads what was sent
    let submitted = s.submit_round(&a, &actor, round.id).await.unwrap();
    assert_eq!(submitted.state(), RoundState::Submitted);
    assert!(matches!(
        s.add_progress(&a, &actor, round.id, entry("หลังส่ง"), admin_rule)
            .await,
        Err(StoreError::Input(_))
    ));
    assert!(matches!(
        s.delete_progress(&a, &actor, added.id, admin_rule).await,
        Err(StoreError::Input(_))
    ));
    assert!(matches!(
        s.submit_round(&a, &actor, round.id).await,
        Err(StoreError::Input(_))
    ));
    // withdraw, change, submit again, acknowledge
    s.withdraw_round(&a, &actor, round.id).await.unwrap();
    s.delete_progress(&a, &actor, added.id, finance_staff)
        .await
        .unwrap();
    s.submit_round(&a, &actor, round.id).await.unwrap();
    let acked = s
        .acknowledge_round(&a, &actor, round.id, Some("ทราบ".into()))
        .await
        .unwrap();
    assert_eq!(acked.state(), RoundState::Acknowledged);
    assert!(acked.acknowledged_at.is_some());
    let frozen = s.round_document(&a, &acked).await.unwrap();
    assert_eq!(frozen, doc, "the acknowledged report is what was submitted");
    match s
        .add_progress(&a, &actor, round.id, entry("แก้"), admin_rule)
        .await
    {
        Err(StoreError::Input(e)) => assert!(e.th.contains("ฉบับแก้ไขใหม่"), "{e:?}"),
        other => panic!("frozen round accepted a change: {other:?}"),
    }
    assert!(matches!(
        s.withdraw_round(&a, &actor, round.id).await,
        Err(StoreError::Input(_))
    ));
    // a new version starts from the signed one; the signed one stays as it was
    let v2 = s
        .open_round(&a, &actor, fy, RoundPeriod::Half, vec![], vec![])
        .await
        .unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(s.round_document(&a, &v2).await.unwrap(), doc);
    s.add_progress(&a, &actor, v2.id, entry("ฉบับใหม่"), admin_rule)
        .await
        .unwrap();
    let acked = s.report_round(&a, round.id).await.unwrap();
    assert_eq!(s.round_document(&a, &acked).await.unwrap(), doc);
    assert!(matches!(
        s.open_round(&a, &actor, fy, RoundPeriod::Half, vec![], vec![])
            .await,
        Err(StoreError::Input(_))
    ));
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

/// Migration 5 moves progress lines imported before report rounds existed into a draft
/// six-month round of their year; what was stored before reads the same after.
async fn migration_5_moves_old_progress(backend: prongsai_store::testdb::Backend) {
    use sea_orm::sea_query::{Alias, Expr, Query};
    use sea_orm::ConnectionTrait;
    let db = TestDb::at_version(backend, 4).await;
    let s = &db.store;
    let b = s.backend();
    let now = chrono::Utc::now();
    let insert = |table: &str, cols: &[&str], values: Vec<sea_orm::sea_query::SimpleExpr>| {
        let q = Query::insert()
            .into_table(Alias::new(table))
            .columns(cols.iter().map(|c| Alias::new(*c)))
            .values_panic(values)
            .to_owned();
        b.build(&q)
    };
    let c = s.conn();
    // the agency as the schema of version 4 has it (today's entity has later columns)
    c.execute(insert(
        "agency",
        &[
            "slug",
            "name_th",
            "kind",
            "province",
            "created_at",
            "updated_at",
        ],
        vec![
            "krathok".into(),
            "องค์การบริหารส่วนตำบลกระโทก".into(),
            "sao".into(),
            "นครราชสีมา".into(),
            Expr::value(now),
            Expr::value(now),
        ],
    ))
    .await
    .unwrap();
    let agency_id: i64 = c
        .query_one(sea_orm::Statement::from_string(
            b,
            "SELECT id FROM agency".to_string(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    c.execute(insert(
        "measure_document",
        &["agency_id", "fiscal_year", "title", "intro", "updated_at"],
        vec![
            agency_id.into(),
            2566.into(),
            r#"["รายงานการดำเนินการตามมาตรการ","รอบ ๖ เดือน"]"#.into(),
            r#"["คำนำ"]"#.into(),
            Expr::value(now),
        ],
    ))
    .await
    .unwrap();
    c.execute(insert(
        "measure",
        &[
            "agency_id",
            "fiscal_year",
            "sort_order",
            "source",
            "created_at",
            "updated_at",
        ],
        vec![
            agency_id.into(),
            2566.into(),
            1.into(),
            "import".into(),
            Expr::value(now),
            Expr::value(now),
        ],
    ))
    .await
    .unwrap();
    let mid: i64 = c
        .query_one(sea_orm::Statement::from_string(
            b,
            "SELECT id FROM measure".to_string(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    for (k, (kind, text)) in [
        ("issue", "ประเด็นเก่า"),
        ("step", "ประชุมชี้แจง"),
        ("progress", "ได้ประชุมชี้แจงแล้ว"),
    ]
    .into_iter()
    .enumerate()
    {
        c.execute(insert(
            "measure_line",
            &[
                "measure_id",
                "column_kind",
                "sort_order",
                "text",
                "paragraph",
                "deadline",
            ],
            vec![
                mid.into(),
                kind.into(),
                (k as i32 + 1).into(),
                text.into(),
                true.into(),
                false.into(),
            ],
        ))
        .await
        .unwrap();
    }
    let applied = s.migrate().await.unwrap();
    assert_eq!(applied.first(), Some(&5), "{applied:?}");
    let (a, _) = s.agency_by_slug("krathok").await.unwrap().unwrap();
    let fy = FiscalYear::new(2566).unwrap();
    let rounds = s.report_rounds(&a, fy).await.unwrap();
    assert_eq!(rounds.len(), 1);
    assert_eq!(rounds[0].state(), RoundState::Draft);
    assert_eq!(rounds[0].period(), RoundPeriod::Half);
    let doc = s.round_document(&a, &rounds[0]).await.unwrap();
    assert_eq!(doc.title[1], "รอบ ๖ เดือน");
    assert_eq!(doc.rows.len(), 1);
    assert_eq!(doc.rows[0].progress[0].text, "ได้ประชุมชี้แจงแล้ว");
    assert_eq!(doc.rows[0].steps[0].text, "ประชุมชี้แจง");
    // the measures document (O42) has no progress column; later migrations' defaults hold
    let o42 = s.measures_document(&a, fy).await.unwrap().unwrap();
    assert!(o42.rows[0].progress.is_empty());
    let (m, _) = s.measure(&a, mid).await.unwrap();
    assert_eq!(m.codes, "");
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migration_5_moves_old_progress_sqlite() {
    migration_5_moves_old_progress(prongsai_store::testdb::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migration_5_moves_old_progress_postgres() {
    migration_5_moves_old_progress(prongsai_store::testdb::Backend::Postgres).await;
}

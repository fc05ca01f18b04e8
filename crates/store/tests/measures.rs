//! Measures imported from the sample report are stored line by line and come back exactly,
//! on SQLite and PostgreSQL.

use prongsai_docs::import::report_text::parse_report_text;
use prongsai_domain::calendar::FiscalYear;
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
    let back = s.measures_document(&a, fy).await.unwrap().unwrap();
    assert_eq!(
        back, doc,
        "every line, label, paragraph mark and deadline comes back"
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
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

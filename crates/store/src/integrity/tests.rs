use super::*;
use crate::both_backends;
use crate::disclosure::{DocumentMeta, NewDocument};
use crate::tenancy::NewAgency;
use crate::testdb::TestDb;
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};

fn fy(be: i32) -> FiscalYear {
    FiscalYear::new(be).unwrap()
}
fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn agency(s: &Store, slug: &str) -> AgencyScope {
    s.create_agency(
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
    .unwrap()
    .0
}

fn refusal(e: StoreError) -> String {
    match e {
        StoreError::Input(i) => i.th.into_owned(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn activity(kind: ActivityKind) -> Activity {
    Activity {
        kind,
        title: "ประชุมชี้แจงนโยบาย No Gift Policy".into(),
        start: d(2022, 12, 15),
        end: None,
        place: "ห้องประชุม".into(),
        description: "เจ้าหน้าที่รับทราบแนวปฏิบัติ".into(),
        participants: 40,
        executives: vec!["นายก อบต.".into()],
        links: vec!["https://example.com/news/1".into()],
        document_ids: vec![],
    }
}

fn gift() -> Gift {
    Gift {
        received_on: d(2023, 1, 2),
        giver: "ร้านค้า ก".into(),
        giver_kind: GiverKind::Organisation,
        from_relative: false,
        description: "กระเช้าปีใหม่".into(),
        value: Money::from_baht(1500).unwrap(),
        recipient: "นางสาว ข".into(),
        recipient_position: "เจ้าพนักงานพัสดุ".into(),
        occasion: "ปีใหม่".into(),
        handling: Handling::Returned,
        handling_note: String::new(),
        reported_on: Some(d(2023, 1, 3)),
        accept_over_limit: false,
    }
}

async fn entries(s: &Store, scope: &AgencyScope, entity: &str) -> Vec<String> {
    crate::audit::list(s, scope, 100, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == entity)
        .map(|e| e.action)
        .collect()
}

both_backends!(
    activities_crud_scoped_and_audited,
    |db: TestDb| async move {
        let s = &db.store;
        let x = agency(s, "agency-x").await;
        let y = agency(s, "agency-y").await;
        let clerk = Actor::user(1, "x.clerk");
        let year = fy(2566);

        let dir = std::env::temp_dir().join(format!(
            "prongsai-integrity-blobs-{}",
            rand::random::<u64>()
        ));
        let blobs = crate::blobs::BlobStore::open(&dir).unwrap();
        let doc = s
            .add_document(
                &x,
                &clerk,
                &blobs,
                NewDocument {
                    file_name: "photo.pdf".into(),
                    kind: "pdf".into(),
                    bytes: b"%PDF-1.4 integrity".to_vec(),
                    body: None,
                    meta: DocumentMeta {
                        title: "ภาพกิจกรรม".into(),
                        public: true,
                        ..Default::default()
                    },
                },
            )
            .await
            .unwrap()
            .0;
        let a = s
            .create_integrity_activity(
                &x,
                &clerk,
                year,
                &Activity {
                    document_ids: vec![doc.id],
                    ..activity(ActivityKind::NoGiftCulture)
                },
            )
            .await
            .unwrap();
        assert_eq!(a.fiscal_year, year);
        assert_eq!(a.activity.document_ids, vec![doc.id]);
        s.create_integrity_activity(&x, &clerk, year, &activity(ActivityKind::Ethics))
            .await
            .unwrap();

        assert_eq!(
            s.integrity_activities(&x, year, Some(ActivityKind::NoGiftCulture))
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            s.integrity_activities(&x, year, None).await.unwrap().len(),
            2
        );

        // another agency sees nothing, and cannot change or delete it
        assert!(s
            .integrity_activities(&y, year, None)
            .await
            .unwrap()
            .is_empty());
        let ya = Actor::user(9, "y.clerk");
        assert!(matches!(
            s.integrity_activity(&y, a.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.update_integrity_activity(&y, &ya, a.id, &a.activity)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.delete_integrity_activity(&y, &ya, a.id).await,
            Err(StoreError::NotFound)
        ));
        // nor use another agency's document
        assert!(refusal(
            s.create_integrity_activity(
                &y,
                &ya,
                year,
                &Activity {
                    document_ids: vec![doc.id],
                    ..activity(ActivityKind::Ethics)
                }
            )
            .await
            .unwrap_err()
        )
        .contains("คลังเอกสาร"));

        // invalid input is refused and nothing stored
        let before = s.integrity_activities(&x, year, None).await.unwrap();
        assert!(refusal(
            s.create_integrity_activity(
                &x,
                &clerk,
                year,
                &Activity {
                    start: d(2023, 10, 1),
                    ..activity(ActivityKind::Ethics)
                }
            )
            .await
            .unwrap_err()
        )
        .contains("ปีงบประมาณ"));
        assert_eq!(
            s.integrity_activities(&x, year, None).await.unwrap(),
            before
        );

        let changed = s
            .update_integrity_activity(
                &x,
                &clerk,
                a.id,
                &Activity {
                    title: "สัมมนา".into(),
                    participants: 55,
                    ..a.activity.clone()
                },
            )
            .await
            .unwrap();
        assert_eq!(changed.activity.title, "สัมมนา");
        assert_eq!(s.integrity_activity(&x, a.id).await.unwrap(), changed);

        // the report's content takes the documents' titles
        let r = s
            .integrity_activity_report(
                &x,
                year,
                ActivityKind::NoGiftCulture,
                "อบต.เอกซ์",
                d(2023, 9, 1),
            )
            .await
            .unwrap();
        assert_eq!(r.activities.len(), 1);
        assert_eq!(r.activities[0].documents, vec!["ภาพกิจกรรม".to_string()]);

        s.delete_integrity_activity(&x, &clerk, a.id).await.unwrap();
        assert!(matches!(
            s.integrity_activity(&x, a.id).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            entries(s, &x, "integrity_activity").await,
            vec!["delete", "update", "create", "create"]
        );
        assert!(entries(s, &y, "integrity_activity").await.is_empty());
        let report = crate::audit::verify_agency(s, &x).await.unwrap();
        assert!(report.problems.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
);

both_backends!(gifts_crud_and_the_limit_warning, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let y = agency(s, "agency-y").await;
    let clerk = Actor::user(1, "x.clerk");
    let year = fy(2566);
    let g = s
        .create_integrity_gift(&x, &clerk, year, &gift())
        .await
        .unwrap();
    assert_eq!(g.gift.value.satang(), 150_000);

    // kept above the limit from a non-relative: refused until confirmed
    let kept = Gift {
        handling: Handling::KeptByLaw,
        value: Money::from_baht(5000).unwrap(),
        ..gift()
    };
    assert!(refusal(
        s.create_integrity_gift(&x, &clerk, year, &kept)
            .await
            .unwrap_err()
    )
    .contains("ยืนยัน"));
    let k = s
        .create_integrity_gift(
            &x,
            &clerk,
            year,
            &Gift {
                accept_over_limit: true,
                ..kept
            },
        )
        .await
        .unwrap();
    assert!(k.gift.accept_over_limit);
    assert_eq!(k.gift.warnings().len(), 1);

    // out of the year: refused, nothing stored
    assert!(s
        .create_integrity_gift(&x, &clerk, fy(2567), &gift())
        .await
        .is_err());
    assert_eq!(s.integrity_gifts(&x, year).await.unwrap().len(), 2);
    assert!(s.integrity_gifts(&x, fy(2567)).await.unwrap().is_empty());

    // scoped
    let ya = Actor::user(9, "y.clerk");
    assert!(s.integrity_gifts(&y, year).await.unwrap().is_empty());
    assert!(matches!(
        s.update_integrity_gift(&y, &ya, g.id, &gift()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_integrity_gift(&y, &ya, g.id).await,
        Err(StoreError::NotFound)
    ));

    let u = s
        .update_integrity_gift(
            &x,
            &clerk,
            g.id,
            &Gift {
                handling: Handling::HandedToAgency,
                ..g.gift.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(u.gift.handling, Handling::HandedToAgency);
    let r = s
        .integrity_gift_report(&x, year, "อบต.เอกซ์", d(2023, 10, 2))
        .await
        .unwrap();
    assert_eq!(r.gifts.len(), 2);
    assert_eq!(r.summary().warnings, 1);
    s.delete_integrity_gift(&x, &clerk, k.id).await.unwrap();
    assert_eq!(
        entries(s, &x, "integrity_gift").await,
        vec!["delete", "update", "create", "create"]
    );
});

both_backends!(a_signed_year_is_frozen, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let (clerk, exec) = (Actor::user(1, "x.clerk"), Actor::user(2, "x.mayor"));
    let year = fy(2566);
    let a = s
        .create_integrity_activity(&x, &clerk, year, &activity(ActivityKind::Ethics))
        .await
        .unwrap();
    let g = s
        .create_integrity_gift(&x, &clerk, year, &gift())
        .await
        .unwrap();

    // the ethics report is submitted: ethics activities of 2566 are frozen, others are not
    let key = SignKey::year(ActivityKind::Ethics.code(), year);
    let v = s.open_signed(&x, &clerk, key, "รายงาน").await.unwrap();
    let content = s
        .integrity_activity_report(&x, year, ActivityKind::Ethics, "อบต.", d(2023, 9, 1))
        .await
        .unwrap();
    s.submit_signed(&x, &clerk, v.id, &content).await.unwrap();
    assert!(refusal(
        s.create_integrity_activity(&x, &clerk, year, &activity(ActivityKind::Ethics))
            .await
            .unwrap_err()
    )
    .contains("ถอน"));
    assert!(s
        .update_integrity_activity(&x, &clerk, a.id, &a.activity)
        .await
        .is_err());
    // moving another kind's activity into the frozen kind is refused too
    let other = s
        .create_integrity_activity(&x, &clerk, year, &activity(ActivityKind::NoGiftCulture))
        .await
        .unwrap();
    assert!(s
        .update_integrity_activity(
            &x,
            &clerk,
            other.id,
            &Activity {
                kind: ActivityKind::Ethics,
                ..other.activity.clone()
            }
        )
        .await
        .is_err());
    s.acknowledge_signed(&x, &exec, v.id, None).await.unwrap();
    assert!(refusal(
        s.delete_integrity_activity(&x, &clerk, a.id)
            .await
            .unwrap_err()
    )
    .contains("ฉบับใหม่"));
    // the signed content stays as it was
    let signed = s.acknowledged_signed(&x, key).await.unwrap().unwrap();
    assert_eq!(signed.content::<ActivityReport>().unwrap(), Some(content));
    // a new version opens the year again
    s.open_signed(&x, &clerk, key, "รายงาน").await.unwrap();
    s.delete_integrity_activity(&x, &clerk, a.id).await.unwrap();

    // the gifts report freezes the gifts of its year only
    let gk = SignKey::year(GIFT_REPORT_KIND, year);
    let gv = s.open_signed(&x, &clerk, gk, "รายงาน").await.unwrap();
    let gc = s
        .integrity_gift_report(&x, year, "อบต.", d(2023, 10, 1))
        .await
        .unwrap();
    s.submit_signed(&x, &clerk, gv.id, &gc).await.unwrap();
    assert!(s.delete_integrity_gift(&x, &clerk, g.id).await.is_err());
    assert!(s
        .update_integrity_gift(&x, &clerk, g.id, &gift())
        .await
        .is_err());
    assert!(s
        .create_integrity_gift(&x, &clerk, year, &gift())
        .await
        .is_err());
    s.create_integrity_gift(
        &x,
        &clerk,
        fy(2567),
        &Gift {
            received_on: d(2023, 11, 1),
            reported_on: None,
            ..gift()
        },
    )
    .await
    .unwrap();
    assert_eq!(s.integrity_gifts(&x, year).await.unwrap().len(), 1);
});

use super::*;
use crate::both_backends;
use crate::tenancy::NewAgency;
use crate::testdb::TestDb;
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};

fn fy(be: i32) -> FiscalYear {
    FiscalYear::new(be).unwrap()
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

#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
struct Content {
    risks: u32,
}

both_backends!(a_version_is_signed_by_two_people, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let y = agency(s, "agency-y").await;
    let (clerk, exec) = (Actor::user(1, "x.clerk"), Actor::user(2, "x.mayor"));
    let key = SignKey::year("risk.assessment", fy(2566));
    assert!(s.current_signed(&x, key).await.unwrap().is_none());
    check_editable(&s.db, &x, key).await.unwrap();

    let v1 = s
        .open_signed(&x, &clerk, key, "รายงานการประเมินความเสี่ยง")
        .await
        .unwrap();
    assert_eq!((v1.version, v1.state()), (1, RoundState::Draft));
    // opening again gives the same draft
    assert_eq!(
        s.open_signed(&x, &clerk, key, "อื่น").await.unwrap().id,
        v1.id
    );
    assert!(v1.content::<Content>().unwrap().is_none());

    // another agency sees nothing of it
    assert!(matches!(
        s.signed(&y, v1.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.current_signed(&y, key).await.unwrap().is_none());

    // acknowledging a draft, or one's own submission, is refused
    assert!(refusal(
        s.acknowledge_signed(&x, &exec, v1.id, None)
            .await
            .unwrap_err()
    )
    .contains("ยังไม่ได้เสนอ"));
    let sub = s
        .submit_signed(&x, &clerk, v1.id, &Content { risks: 12 })
        .await
        .unwrap();
    assert_eq!(sub.state(), RoundState::Submitted);
    assert_eq!(
        sub.content::<Content>().unwrap(),
        Some(Content { risks: 12 })
    );
    assert!(refusal(check_editable(&s.db, &x, key).await.unwrap_err()).contains("ถอน"));
    assert!(refusal(
        s.submit_signed(&x, &clerk, v1.id, &Content { risks: 1 })
            .await
            .unwrap_err()
    )
    .contains("เสนอผู้บริหารไปแล้ว"));
    assert!(refusal(
        s.acknowledge_signed(&x, &clerk, v1.id, None)
            .await
            .unwrap_err()
    )
    .contains("ตนเอง"));
    // a version awaiting the executive cannot be followed by another
    assert!(s.open_signed(&x, &clerk, key, "t").await.is_err());

    // withdrawn: a draft again, content dropped
    let back = s.withdraw_signed(&x, &clerk, v1.id).await.unwrap();
    assert_eq!(back.state(), RoundState::Draft);
    assert!(back.snapshot.is_none());
    s.submit_signed(&x, &clerk, v1.id, &Content { risks: 13 })
        .await
        .unwrap();
    let signed = s
        .acknowledge_signed(&x, &exec, v1.id, Some("ทราบ".into()))
        .await
        .unwrap();
    assert_eq!(signed.state(), RoundState::Acknowledged);
    assert!(signed.acknowledged_on().is_some());
    assert!(refusal(check_editable(&s.db, &x, key).await.unwrap_err()).contains("ฉบับใหม่"));
    assert!(s.withdraw_signed(&x, &clerk, v1.id).await.is_err());

    // a change after signing is a second version; the first stays as signed
    let v2 = s.open_signed(&x, &clerk, key, "ฉบับแก้ไข").await.unwrap();
    assert_eq!(v2.version, 2);
    check_editable(&s.db, &x, key).await.unwrap();
    let published = s.acknowledged_signed(&x, key).await.unwrap().unwrap();
    assert_eq!(published.id, v1.id);
    assert_eq!(
        published.content::<Content>().unwrap(),
        Some(Content { risks: 13 })
    );
    assert_eq!(s.signed_versions(&x, key).await.unwrap().len(), 2);
    assert_eq!(
        s.signed_of_kind(&x, "risk.assessment").await.unwrap().len(),
        2
    );
    // the half-year round is its own key
    let half = SignKey {
        period: RoundPeriod::Half,
        ..key
    };
    assert!(s.current_signed(&x, half).await.unwrap().is_none());

    // every move is in the audit log
    let log = crate::audit::list(s, &x, 100, 0).await.unwrap();
    let moves: Vec<_> = log
        .iter()
        .filter(|e| e.entity == "signed_document")
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        moves,
        [
            "open",
            "acknowledge",
            "submit",
            "withdraw",
            "submit",
            "open"
        ]
    );
});

both_backends!(kinds_are_checked, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let bad = SignKey::year("Risk Assessment", fy(2566));
    assert!(s
        .open_signed(&x, &Actor::user(1, "a"), bad, "t")
        .await
        .is_err());
    let key = SignKey::year("hr.report", fy(2566));
    assert!(matches!(
        s.open_signed(&x, &Actor::user(1, "a"), key, "  ").await,
        Err(StoreError::Input(_))
    ));
});

use super::*;
use crate::both_backends;
use crate::tenancy::NewAgency;
use crate::testdb::TestDb;
use prongsai_domain::measures::{Line, RoundPeriod};
use prongsai_domain::risk::RiskInput;
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

fn line(t: &str) -> Line {
    Line::new(None, None, t.into(), true)
}

fn draft(event: &str, l: &str, steps: &[&str]) -> RiskDraft {
    let risk = RiskInput {
        process: "การออกใบอนุญาตก่อสร้างอาคาร".into(),
        category: "permit".into(),
        event: event.into(),
        cause: "ขั้นตอนไม่เปิดเผย".into(),
        likelihood: l.into(),
        impact: "4".into(),
        controls: "ประกาศขั้นตอนและระยะเวลา".into(),
        likelihood_after: "2".into(),
        impact_after: "4".into(),
        owner: "ผู้อำนวยการกองช่าง".into(),
        owner_unit_id: None,
    }
    .check(&Matrix::default())
    .unwrap();
    RiskDraft {
        risk,
        treatment: MeasureRow {
            issue: vec![],
            responsible: vec![line("กองช่าง")],
            steps: steps.iter().map(|s| line(s)).collect(),
            schedule: vec![],
            progress: vec![],
        },
    }
}

fn refusal(e: StoreError) -> String {
    match e {
        StoreError::Input(i) => i.th.into_owned(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

both_backends!(
    a_risk_and_its_treatment_are_one_write,
    |db: TestDb| async move {
        let s = &db.store;
        let x = agency(s, "agency-x").await;
        let y = agency(s, "agency-y").await;
        let a = Actor::user(1, "x.admin");
        let year = fy(2566);
        let id = s
            .save_risk(
                &x,
                &a,
                year,
                None,
                draft(
                    "เรียกรับผลประโยชน์",
                    "4",
                    &["1. จัดทำคู่มือ ภายในเดือนธันวาคม 2565", "2. ติดประกาศขั้นตอน"],
                ),
            )
            .await
            .unwrap();
        let list = s.risks(&x, year).await.unwrap();
        assert_eq!(list.len(), 1);
        let (r, t) = &list[0];
        assert_eq!((r.id, r.sort_order, r.risk().score()), (id, 1, 16));
        // the treatment is a measure of the risk plan, with the steps and their deadline
        let (m, lines) = t.as_ref().expect("treatment");
        assert_eq!(m.plan, "risk");
        let steps: Vec<_> = lines.iter().filter(|l| l.column_kind == "step").collect();
        assert_eq!(steps.len(), 2);
        assert!(
            steps[0].due_end.is_some(),
            "deadline read from the Thai text"
        );
        // the issue cell is the risk event
        assert!(lines
            .iter()
            .any(|l| l.column_kind == "issue" && l.text == "เรียกรับผลประโยชน์"));
        // the ITA measures of the year do not see it; the risk plan does
        assert_eq!(s.count_measures(&x, year).await.unwrap(), 0);
        assert_eq!(
            s.count_measures(&x, PlanYear::new(Plan::Risk, year))
                .await
                .unwrap(),
            1
        );
        // its report rounds are the risk plan's own
        let round = s
            .open_round(
                &x,
                &a,
                PlanYear::new(Plan::Risk, year),
                RoundPeriod::Half,
                vec!["รายงานผลการดำเนินการจัดการความเสี่ยง".into()],
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(round.plan, "risk");
        assert!(s.report_rounds(&x, year).await.unwrap().is_empty());
        let doc = s.round_document(&x, &round).await.unwrap();
        assert_eq!(doc.rows.len(), 1);

        // another agency sees nothing and cannot change it
        assert!(s.risks(&y, year).await.unwrap().is_empty());
        assert!(matches!(s.risk(&y, id).await, Err(StoreError::NotFound)));
        assert!(matches!(
            s.save_risk(&y, &a, year, Some(id), draft("x", "2", &[]))
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.delete_risk(&y, &a, id).await,
            Err(StoreError::NotFound)
        ));

        // accepted without measures: the treatment goes
        s.save_risk(&x, &a, year, Some(id), draft("เรียกรับผลประโยชน์", "3", &[]))
            .await
            .unwrap();
        let (r, t) = s.risk(&x, id).await.unwrap();
        assert!(t.is_none());
        assert_eq!(r.measure_id, None);
        assert_eq!(
            s.count_measures(&x, PlanYear::new(Plan::Risk, year))
                .await
                .unwrap(),
            0
        );
    }
);

both_backends!(a_signed_register_is_frozen, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let (clerk, mayor) = (Actor::user(1, "x.clerk"), Actor::user(2, "x.mayor"));
    let year = fy(2566);
    let id = s
        .save_risk(
            &x,
            &clerk,
            year,
            None,
            draft("ฮั้วประมูล", "5", &["ตรวจสอบราคากลาง"]),
        )
        .await
        .unwrap();
    let key = SignKey::year(KIND_ASSESSMENT, year);
    let v = s.open_signed(&x, &clerk, key, "รายงาน").await.unwrap();
    s.submit_signed(&x, &clerk, v.id, &serde_json::json!({"risks": 1}))
        .await
        .unwrap();
    let e = s
        .save_risk(&x, &clerk, year, Some(id), draft("แก้", "5", &["x"]))
        .await
        .unwrap_err();
    assert!(refusal(e).contains("ถอน"));
    s.acknowledge_signed(&x, &mayor, v.id, None).await.unwrap();
    for e in [
        s.save_risk(&x, &clerk, year, None, draft("ใหม่", "2", &[]))
            .await
            .unwrap_err(),
        s.delete_risk(&x, &clerk, id).await.unwrap_err(),
    ] {
        assert!(refusal(e).contains("ฉบับใหม่"));
    }
    // stored data unchanged
    let (r, _) = s.risk(&x, id).await.unwrap();
    assert_eq!(r.event, "ฮั้วประมูล");
    // another year is not frozen
    s.save_risk(&x, &clerk, fy(2567), None, draft("ใหม่", "2", &[]))
        .await
        .unwrap();
    // a new version opens the register again
    s.open_signed(&x, &clerk, key, "รายงาน").await.unwrap();
    s.delete_risk(&x, &clerk, id).await.unwrap();
    assert!(s.risks(&x, year).await.unwrap().is_empty());
});

both_backends!(the_matrix_is_the_agencys, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let y = agency(s, "agency-y").await;
    let a = Actor::user(1, "x.admin");
    assert_eq!(s.risk_matrix(&x).await.unwrap(), Matrix::default());
    let mut small = Matrix::default();
    small.likelihood_th.truncate(4);
    small.impact_th.truncate(4);
    small.bands.truncate(3);
    s.set_risk_matrix(&x, &a, &small).await.unwrap();
    assert_eq!(s.risk_matrix(&x).await.unwrap().likelihood_levels(), 4);
    assert_eq!(s.risk_matrix(&y).await.unwrap(), Matrix::default());
    // a risk at level 5 no longer fits
    let e = s
        .save_risk(&x, &a, fy(2566), None, draft("x", "5", &[]))
        .await
        .unwrap_err();
    assert!(refusal(e).contains("นอกเมทริกซ์"));
    // y scores at 5, so y cannot shrink its matrix
    s.save_risk(&y, &a, fy(2566), None, draft("x", "5", &[]))
        .await
        .unwrap();
    assert!(refusal(s.set_risk_matrix(&y, &a, &small).await.unwrap_err()).contains("เกินขนาด"));
    let mut bad = Matrix::default();
    bad.bands[0].min = 3;
    assert!(s.set_risk_matrix(&x, &a, &bad).await.is_err());
    // an unknown unit is refused
    let mut d = draft("x", "2", &[]);
    d.risk.owner_unit_id = Some(999_999);
    assert!(s.save_risk(&x, &a, fy(2566), None, d).await.is_err());
});

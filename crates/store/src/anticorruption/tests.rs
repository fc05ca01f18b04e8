use super::*;
use crate::both_backends;
use crate::risk::RiskDraft;
use crate::tenancy::NewAgency;
use crate::testdb::TestDb;
use prongsai_domain::anticorruption::ProjectInput;
use prongsai_domain::risk::{Matrix, RiskInput};
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

fn draft(name: &str, budget: &str, risks: &[i64], steps: &[&str]) -> ProjectDraft {
    let project = ProjectInput {
        name: name.into(),
        objectives: "เพื่อเสริมสร้างจิตสำนึก".into(),
        budget: budget.into(),
        unit_id: None,
        person: "ปลัด อบต.".into(),
        quarters: vec!["1".into(), "2".into()],
        indicators: "ร้อยละของผู้เข้าร่วม | 80".into(),
        risk_ids: risks.to_vec(),
    }
    .check()
    .unwrap();
    ProjectDraft {
        project,
        steps: MeasureRow {
            issue: vec![],
            responsible: vec![line("สำนักปลัด")],
            steps: steps.iter().map(|s| line(s)).collect(),
            schedule: vec![],
            progress: vec![],
        },
    }
}

async fn a_risk(s: &Store, scope: &AgencyScope, year: FiscalYear) -> i64 {
    let risk = RiskInput {
        process: "การจัดซื้อจัดจ้าง".into(),
        category: "procurement".into(),
        event: "แบ่งซื้อแบ่งจ้าง".into(),
        cause: String::new(),
        likelihood: "3".into(),
        impact: "3".into(),
        controls: "ตรวจแผน".into(),
        likelihood_after: "2".into(),
        impact_after: "3".into(),
        owner: "กองคลัง".into(),
        owner_unit_id: None,
    }
    .check(&Matrix::default())
    .unwrap();
    s.save_risk(
        scope,
        &Actor::user(1, "x"),
        year,
        None,
        RiskDraft {
            risk,
            treatment: MeasureRow::default(),
        },
    )
    .await
    .unwrap()
}

fn refusal(e: StoreError) -> String {
    match e {
        StoreError::Input(i) => i.th.into_owned(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

both_backends!(
    a_project_and_its_steps_are_one_write,
    |db: TestDb| async move {
        let s = &db.store;
        let x = agency(s, "agency-x").await;
        let y = agency(s, "agency-y").await;
        let a = Actor::user(1, "x.admin");
        let year = fy(2566);
        let risk = a_risk(s, &x, year).await;
        let id = s
            .save_ac_project(
                &x,
                &a,
                year,
                None,
                draft(
                    "โครงการอบรมคุณธรรมจริยธรรม",
                    "20,000",
                    &[risk],
                    &["1. จัดอบรม ภายในเดือนมีนาคม 2566", "2. สรุปผล"],
                ),
            )
            .await
            .unwrap();
        let list = s.ac_projects(&x, year).await.unwrap();
        assert_eq!(list.len(), 1);
        let (r, t) = &list[0];
        assert_eq!((r.id, r.sort_order), (id, 1));
        let p = r.project();
        assert_eq!(p.budget.satang(), 2_000_000);
        assert_eq!(p.quarters, vec![1, 2]);
        assert_eq!(p.risk_ids, vec![risk]);
        assert_eq!(p.indicators[0].target, "80");
        let (m, lines) = t.as_ref().expect("steps");
        assert_eq!(m.plan, "anticorruption");
        let steps: Vec<_> = lines.iter().filter(|l| l.column_kind == "step").collect();
        assert_eq!(steps.len(), 2);
        assert!(steps[0].due_end.is_some());
        assert!(lines
            .iter()
            .any(|l| l.column_kind == "issue" && l.text == "โครงการอบรมคุณธรรมจริยธรรม"));
        assert_eq!(s.count_measures(&x, year).await.unwrap(), 0);
        assert_eq!(
            s.count_measures(&x, PlanYear::new(Plan::AntiCorruption, year))
                .await
                .unwrap(),
            1
        );

        // an edit keeps the measure; a step outside the year is refused and nothing changes
        s.save_ac_project(
            &x,
            &a,
            year,
            Some(id),
            draft("แก้ชื่อ", "1000", &[], &["สรุปผล"]),
        )
        .await
        .unwrap();
        let (r, t) = s.ac_project(&x, id).await.unwrap();
        assert_eq!(r.name, "แก้ชื่อ");
        assert_eq!(t.unwrap().0.id, m.id);
        let e = s
            .save_ac_project(
                &x,
                &a,
                year,
                Some(id),
                draft("x", "1", &[], &["ภายในเดือนธันวาคม 2566"]),
            )
            .await
            .unwrap_err();
        assert!(refusal(e).contains("นอกปีงบประมาณ"));
        assert_eq!(s.ac_project(&x, id).await.unwrap().0.name, "แก้ชื่อ");

        // a risk of another year, or of another agency, is refused
        let other_year = a_risk(s, &x, fy(2567)).await;
        let theirs = a_risk(s, &y, year).await;
        for bad in [other_year, theirs, 999_999] {
            let e = s
                .save_ac_project(&x, &a, year, None, draft("x", "1", &[bad], &["ก"]))
                .await
                .unwrap_err();
            assert!(refusal(e).contains("ปีงบประมาณเดียวกัน"));
        }
        // an unknown unit too
        let mut d = draft("x", "1", &[], &["ก"]);
        d.project.unit_id = Some(999_999);
        assert!(s.save_ac_project(&x, &a, year, None, d).await.is_err());
        assert_eq!(s.ac_projects(&x, year).await.unwrap().len(), 1);

        // another agency sees nothing and cannot change it
        assert!(s.ac_projects(&y, year).await.unwrap().is_empty());
        assert!(matches!(
            s.ac_project(&y, id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.save_ac_project(&y, &a, year, Some(id), draft("x", "1", &[], &["ก"]))
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.delete_ac_project(&y, &a, id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.save_ac_progress(
                &y,
                &a,
                year,
                RoundPeriod::Half,
                &[(
                    id,
                    Progress {
                        spent: Money::ZERO,
                        result: "x".into()
                    }
                )]
            )
            .await,
            Err(StoreError::NotFound)
        ));

        // progress of a period: spent above the budget refused; saved and read back
        let e = s
            .save_ac_progress(
                &x,
                &a,
                year,
                RoundPeriod::Half,
                &[(
                    id,
                    Progress {
                        spent: Money::from_baht(1001).unwrap(),
                        result: String::new(),
                    },
                )],
            )
            .await
            .unwrap_err();
        assert!(refusal(e).contains("เกินงบประมาณ"));
        s.save_ac_progress(
            &x,
            &a,
            year,
            RoundPeriod::Half,
            &[(
                id,
                Progress {
                    spent: Money::from_baht(600).unwrap(),
                    result: "จัดอบรมแล้ว".into(),
                },
            )],
        )
        .await
        .unwrap();
        let pr = s.ac_progress(&x, year, RoundPeriod::Half).await.unwrap();
        assert_eq!((pr.len(), pr[0].spent), (1, 60_000));
        assert!(s
            .ac_progress(&x, year, RoundPeriod::Year)
            .await
            .unwrap()
            .is_empty());
        assert!(s
            .ac_progress(&y, year, RoundPeriod::Half)
            .await
            .unwrap()
            .is_empty());

        // delete: the project, its steps and its entries go
        s.delete_ac_project(&x, &a, id).await.unwrap();
        assert!(s.ac_projects(&x, year).await.unwrap().is_empty());
        assert!(s
            .ac_progress(&x, year, RoundPeriod::Half)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            s.count_measures(&x, PlanYear::new(Plan::AntiCorruption, year))
                .await
                .unwrap(),
            0
        );

        // every change is in the audit log
        let log = crate::audit::list(s, &x, 100, 0).await.unwrap();
        let mut ac: Vec<(String, String)> = log
            .iter()
            .filter(|e| e.entity.starts_with("ac_"))
            .map(|e| (e.entity.clone(), e.action.clone()))
            .collect();
        ac.sort();
        assert_eq!(
            ac,
            [
                ("ac_progress".into(), "update".into()),
                ("ac_project".into(), "create".into()),
                ("ac_project".into(), "delete".into()),
                ("ac_project".into(), "update".into()),
            ]
        );
    }
);

both_backends!(a_signed_plan_is_frozen, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let (clerk, mayor) = (Actor::user(1, "x.clerk"), Actor::user(2, "x.mayor"));
    let year = fy(2566);
    let id = s
        .save_ac_project(
            &x,
            &clerk,
            year,
            None,
            draft("ประกาศเจตจำนง", "0", &[], &["ประกาศ"]),
        )
        .await
        .unwrap();
    let v = s
        .open_signed(&x, &clerk, plan_key(year), "แผน")
        .await
        .unwrap();
    s.submit_signed(&x, &clerk, v.id, &serde_json::json!({"projects": 1}))
        .await
        .unwrap();
    let e = s
        .save_ac_project(&x, &clerk, year, Some(id), draft("แก้", "0", &[], &["x"]))
        .await
        .unwrap_err();
    assert!(refusal(e).contains("ถอน"));
    s.acknowledge_signed(&x, &mayor, v.id, None).await.unwrap();
    for e in [
        s.save_ac_project(&x, &clerk, year, None, draft("ใหม่", "0", &[], &["x"]))
            .await
            .unwrap_err(),
        s.delete_ac_project(&x, &clerk, id).await.unwrap_err(),
    ] {
        assert!(refusal(e).contains("ฉบับใหม่"));
    }
    assert_eq!(s.ac_project(&x, id).await.unwrap().0.name, "ประกาศเจตจำนง");
    // the plan's signature does not freeze the reports' entries
    let entry = |r: &str| {
        vec![(
            id,
            Progress {
                spent: Money::ZERO,
                result: r.into(),
            },
        )]
    };
    s.save_ac_progress(&x, &clerk, year, RoundPeriod::Half, &entry("ประกาศแล้ว"))
        .await
        .unwrap();
    // a signed six-month report freezes its entries, not the annual one's
    let r = s
        .open_signed(&x, &clerk, report_key(year, RoundPeriod::Half), "รายงาน")
        .await
        .unwrap();
    s.submit_signed(&x, &clerk, r.id, &serde_json::json!({}))
        .await
        .unwrap();
    s.acknowledge_signed(&x, &mayor, r.id, None).await.unwrap();
    let e = s
        .save_ac_progress(&x, &clerk, year, RoundPeriod::Half, &entry("แก้"))
        .await
        .unwrap_err();
    assert!(refusal(e).contains("ฉบับใหม่"));
    s.save_ac_progress(&x, &clerk, year, RoundPeriod::Year, &entry("ทั้งปี"))
        .await
        .unwrap();
    // another year is not frozen
    s.save_ac_project(&x, &clerk, fy(2567), None, draft("ใหม่", "0", &[], &["x"]))
        .await
        .unwrap();
    // a new version opens the plan again
    s.open_signed(&x, &clerk, plan_key(year), "แผน")
        .await
        .unwrap();
    s.save_ac_project(
        &x,
        &clerk,
        year,
        Some(id),
        draft("ฉบับที่ 2", "0", &[], &["x"]),
    )
    .await
    .unwrap();
    assert_eq!(s.ac_project(&x, id).await.unwrap().0.name, "ฉบับที่ 2");
});

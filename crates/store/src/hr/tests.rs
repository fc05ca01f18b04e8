use super::*;
use crate::both_backends;
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

fn workforce(unit_id: Option<i64>, framework: u32, filled: u32) -> WorkforceRow {
    WorkforceRow {
        staff_type: StaffType::Official,
        group: "นักวิเคราะห์นโยบายและแผน".into(),
        unit_id,
        framework,
        filled,
        accept_over: false,
    }
}

fn appointment(date: NaiveDate) -> Appointment {
    Appointment {
        fiscal_year: fy(2566),
        person: "นางสาวมาลี รักงาน".into(),
        position: "นักทรัพยากรบุคคล".into(),
        kind: ActionKind::Recruit,
        unit_id: None,
        date,
        order_no: "คำสั่งที่ 12/2566".into(),
    }
}

fn training(start: NaiveDate, hours: u32) -> Training {
    Training {
        fiscal_year: fy(2566),
        person: "นายสมชาย ใจดี".into(),
        position: "ปลัด".into(),
        unit_id: None,
        course: "จริยธรรม".into(),
        organiser: "สถาบันพัฒนาบุคลากรท้องถิ่น".into(),
        start,
        end: start,
        hours: Hours(hours),
        cost: Money::from_baht(1500).unwrap(),
        ethics: true,
    }
}

both_backends!(rows_are_kept_per_agency, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let y = agency(s, "agency-y").await;
    let a = Actor::user(1, "x.hr");
    let year = fy(2566);
    let unit = s.create_unit(&x, &a, "สำนักปลัด".into(), None).await.unwrap();
    let other_unit = s
        .create_unit(&y, &Actor::system("t"), "กองคลัง".into(), None)
        .await
        .unwrap();

    // workforce: created, changed, read back; another agency's unit is refused
    let w = s
        .create_hr_workforce(&x, &a, year, &workforce(Some(unit.id), 3, 2))
        .await
        .unwrap();
    assert_eq!(w.row.vacant(), 1);
    assert!(refusal(
        s.create_hr_workforce(&x, &a, year, &workforce(Some(other_unit.id), 3, 2))
            .await
            .unwrap_err()
    )
    .contains("กอง/งาน"));
    // more filled than the framework: refused unless accepted
    assert!(refusal(
        s.update_hr_workforce(&x, &a, w.id, &workforce(Some(unit.id), 2, 3))
            .await
            .unwrap_err()
    )
    .contains("มากกว่ากรอบ"));
    let over = WorkforceRow {
        accept_over: true,
        ..workforce(Some(unit.id), 2, 3)
    };
    let changed = s.update_hr_workforce(&x, &a, w.id, &over).await.unwrap();
    assert!(changed.row.accept_over);
    let (yr, back) = s.hr_workforce(&x, w.id).await.unwrap();
    assert_eq!((yr, back.row.filled), (year, 3));

    let ap = s
        .create_hr_appointment(&x, &a, &appointment(d(2023, 2, 1)))
        .await
        .unwrap();
    assert!(refusal(
        s.create_hr_appointment(&x, &a, &appointment(d(2023, 10, 1)))
            .await
            .unwrap_err()
    )
    .contains("ปีงบประมาณ"));
    let tr = s
        .create_hr_training(&x, &a, &training(d(2023, 1, 9), 60))
        .await
        .unwrap();
    assert!(refusal(
        s.create_hr_training(&x, &a, &training(d(2023, 1, 9), 250))
            .await
            .unwrap_err()
    )
    .contains("เกินจริง"));
    let moved = s
        .update_hr_training(
            &x,
            &a,
            tr.id,
            &Training {
                hours: Hours(35),
                ..training(d(2023, 6, 1), 35)
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.row.start, d(2023, 6, 1));

    // another agency sees and changes nothing of it
    assert!(matches!(
        s.hr_workforce(&y, w.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.hr_appointment(&y, ap.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_hr_training(&y, &a, tr.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.update_hr_appointment(&y, &a, ap.id, &appointment(d(2023, 2, 2)))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(s.hr_workforce_of_year(&y, year).await.unwrap().is_empty());
    assert!(s.hr_years(&y).await.unwrap().is_empty());
    assert_eq!(s.hr_years(&x).await.unwrap(), [year]);

    // the report as it stands: units by name
    let r = s.hr_report(&x, year, RoundPeriod::Year).await.unwrap();
    assert_eq!(r.workforce[0].unit, "สำนักปลัด");
    assert_eq!((r.appointments.len(), r.trainings.len()), (1, 1));
    let half = s.hr_report(&x, year, RoundPeriod::Half).await.unwrap();
    assert_eq!((half.appointments.len(), half.trainings.len()), (1, 0));

    // deleting
    s.delete_hr_appointment(&x, &a, ap.id).await.unwrap();
    s.delete_hr_workforce(&x, &a, w.id).await.unwrap();
    assert!(s
        .hr_appointments_of_year(&x, year)
        .await
        .unwrap()
        .is_empty());

    // every change is in the audit log
    let log = crate::audit::list(s, &x, 100, 0).await.unwrap();
    let mut hr: Vec<(String, String)> = log
        .iter()
        .filter(|e| e.entity.starts_with("hr_"))
        .map(|e| (e.entity.clone(), e.action.clone()))
        .collect();
    hr.sort();
    assert_eq!(
        hr,
        [
            ("hr_appointment".into(), "create".into()),
            ("hr_appointment".into(), "delete".into()),
            ("hr_training".into(), "create".into()),
            ("hr_training".into(), "update".into()),
            ("hr_workforce".into(), "create".into()),
            ("hr_workforce".into(), "delete".into()),
            ("hr_workforce".into(), "update".into()),
        ]
    );
});

both_backends!(signed_reports_freeze_their_rows, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let (clerk, exec) = (Actor::user(1, "x.admin"), Actor::user(2, "x.mayor"));
    let year = fy(2566);
    let early = s
        .create_hr_training(&x, &clerk, &training(d(2022, 11, 1), 60))
        .await
        .unwrap();
    let late = s
        .create_hr_training(&x, &clerk, &training(d(2023, 5, 1), 60))
        .await
        .unwrap();
    let w = s
        .create_hr_workforce(&x, &clerk, year, &workforce(None, 3, 3))
        .await
        .unwrap();
    s.save_hr_report_notes(
        &x,
        &clerk,
        year,
        RoundPeriod::Half,
        &Notes {
            results: "ผลการดำเนินงาน\r\nบรรทัดสอง".into(),
            ..Notes::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        s.hr_report_notes(&x, year, RoundPeriod::Half)
            .await
            .unwrap()
            .notes
            .results,
        "ผลการดำเนินงาน\nบรรทัดสอง"
    );

    // the six-month report is submitted and signed
    let key = sign_key(year, RoundPeriod::Half);
    let v = s
        .open_signed(&x, &clerk, key, "รายงาน ๖ เดือน")
        .await
        .unwrap();
    let content = s.hr_report(&x, year, RoundPeriod::Half).await.unwrap();
    s.submit_signed(&x, &clerk, v.id, &content).await.unwrap();
    s.acknowledge_signed(&x, &exec, v.id, None).await.unwrap();

    // a row of the first half is frozen; one of the second half and the workforce are not
    assert!(refusal(
        s.update_hr_training(&x, &clerk, early.id, &training(d(2022, 11, 2), 60))
            .await
            .unwrap_err()
    )
    .contains("ลงนาม"));
    assert!(s.delete_hr_training(&x, &clerk, early.id).await.is_err());
    // nor may a second-half row move into the first half
    assert!(s
        .update_hr_training(&x, &clerk, late.id, &training(d(2023, 3, 1), 60))
        .await
        .is_err());
    assert!(s
        .create_hr_training(&x, &clerk, &training(d(2023, 1, 1), 60))
        .await
        .is_err());
    s.update_hr_training(&x, &clerk, late.id, &training(d(2023, 5, 2), 60))
        .await
        .unwrap();
    s.update_hr_workforce(&x, &clerk, w.id, &workforce(None, 4, 3))
        .await
        .unwrap();
    assert!(s
        .save_hr_report_notes(&x, &clerk, year, RoundPeriod::Half, &Notes::default())
        .await
        .is_err());
    // what was signed stays as signed
    let signed = s.acknowledged_signed(&x, key).await.unwrap().unwrap();
    let frozen: HrReport = signed.content().unwrap().unwrap();
    assert_eq!(frozen.trainings.len(), 1);
    assert_eq!(frozen.workforce[0].framework, 3);

    // the annual report submitted: everything of the year waits, until withdrawn
    let ykey = sign_key(year, RoundPeriod::Year);
    let yv = s
        .open_signed(&x, &clerk, ykey, "รายงานประจำปี")
        .await
        .unwrap();
    let c = s.hr_report(&x, year, RoundPeriod::Year).await.unwrap();
    s.submit_signed(&x, &clerk, yv.id, &c).await.unwrap();
    assert!(refusal(
        s.update_hr_workforce(&x, &clerk, w.id, &workforce(None, 5, 3))
            .await
            .unwrap_err()
    )
    .contains("ถอน"));
    assert!(s
        .create_hr_appointment(&x, &clerk, &appointment(d(2023, 8, 1)))
        .await
        .is_err());
    s.withdraw_signed(&x, &clerk, yv.id).await.unwrap();
    s.create_hr_appointment(&x, &clerk, &appointment(d(2023, 8, 1)))
        .await
        .unwrap();

    // a new version of the six-month report opens its rows again
    s.open_signed(&x, &clerk, key, "ฉบับแก้ไข").await.unwrap();
    s.delete_hr_training(&x, &clerk, early.id).await.unwrap();
    // other years are not concerned
    s.create_hr_workforce(&x, &clerk, fy(2567), &workforce(None, 1, 1))
        .await
        .unwrap();
});

both_backends!(demo_data_signs_its_reports, |db: TestDb| async move {
    let s = &db.store;
    crate::demo::seed_demo(s).await.unwrap();
    let (scope, _) = s
        .agency_by_slug(crate::demo::DEMO_SLUG)
        .await
        .unwrap()
        .unwrap();
    let n = demo::seed_demo(s, &scope).await.unwrap();
    assert_eq!(n, 2 * (15 + 6 + 41));
    // twice adds nothing
    assert_eq!(demo::seed_demo(s, &scope).await.unwrap(), 0);
    let half = s
        .acknowledged_signed(&scope, sign_key(fy(2566), RoundPeriod::Half))
        .await
        .unwrap()
        .expect("the six-month report is signed");
    let r: HrReport = half.content().unwrap().unwrap();
    let f = r.figures();
    assert_eq!((f.total.framework, f.total.filled), (29, 26));
    assert!(f.training.people > 10);
    assert!(s
        .acknowledged_signed(&scope, sign_key(fy(2565), RoundPeriod::Year))
        .await
        .unwrap()
        .is_some());
    let year: HrReport = s
        .acknowledged_signed(&scope, sign_key(fy(2565), RoundPeriod::Year))
        .await
        .unwrap()
        .unwrap()
        .content()
        .unwrap()
        .unwrap();
    assert_eq!(year.trainings.len(), 41);
    assert_eq!(year.appointments.len(), 6);
});

both_backends!(an_import_is_all_or_nothing, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let a = Actor::user(1, "x.hr");
    let good = training(d(2023, 1, 9), 60);
    let bad = Training {
        hours: Hours(0),
        ..training(d(2023, 1, 9), 60)
    };
    assert!(refusal(
        s.import_hr_trainings(&x, &a, &[good.clone(), bad])
            .await
            .unwrap_err()
    )
    .contains("รายการที่ 2"));
    assert!(s
        .hr_trainings_of_year(&x, fy(2566))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.import_hr_trainings(&x, &a, &[good.clone(), good])
            .await
            .unwrap(),
        2
    );
    assert_eq!(s.hr_trainings_of_year(&x, fy(2566)).await.unwrap().len(), 2);
    let log = crate::audit::list(s, &x, 10, 0).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "import").count(), 1);
});

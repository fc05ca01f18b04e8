//! Procurement on SQLite and PostgreSQL: records with their bidders and audit entries, tenant
//! isolation, duplicated e-GP numbers (also between concurrent writers), the award above the
//! budget, dates outside the fiscal year, the monthly summary (สขร.๑) and its empty-month
//! statement, the annual analysis on known data, plan revisions, and the demo data.

use chrono::NaiveDate;
use prongsai_domain::calendar::{Digits, FiscalYear, YearMonth};
use prongsai_domain::procurement::{Bidder, Method, Money, PlanItem, Record, Tally};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_domain::Lang;
use prongsai_store::blobs::BlobStore;
use prongsai_store::disclosure::{DocumentMeta, NewDocument};
use prongsai_store::procurement::{seed_demo, PlanHeader};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{audit, both_backends, Actor, AgencyScope, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fy() -> FiscalYear {
    FiscalYear::new(2567).unwrap()
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn baht(b: i64) -> Money {
    Money::from_baht(b).unwrap()
}

fn admin() -> Actor {
    Actor::system("test")
}

async fn agency(s: &Store, slug: &str) -> AgencyScope {
    let (scope, _) = s
        .create_agency(
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
        .unwrap();
    scope
}

/// A complete purchase of FY 2567 with two bidders, contracted on `date`.
fn purchase(project: &str, date: NaiveDate, egp: Option<&str>) -> Record {
    Record {
        reference_price: Some(baht(50_000)),
        bidders: vec![
            Bidder {
                name: "ร้านสมใจพาณิชย์".into(),
                offer: baht(48_500),
            },
            Bidder {
                name: "หจก. รุ่งเรืองวัสดุ".into(),
                offer: baht(49_000),
            },
        ],
        winner: Some("ร้านสมใจพาณิชย์".into()),
        award_price: Some(baht(48_000)),
        reason: "ราคาต่ำสุดและคุณสมบัติถูกต้อง".into(),
        contract_no: Some("12/2567".into()),
        contract_date: Some(date),
        egp_no: egp.map(str::to_owned),
        ..Record::new(fy(), project, baht(50_000), Method::Specific)
    }
}

fn input_error<T: std::fmt::Debug>(r: Result<T, StoreError>) -> prongsai_domain::InputError {
    match r {
        Err(StoreError::Input(e)) => e,
        other => panic!("expected an input error, got {other:?}"),
    }
}

both_backends!(crud_with_audit, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let before = audit::count(s, &a).await.unwrap();

    let created = s
        .create_procurement(
            &a,
            &admin(),
            &purchase(" จัดซื้อวัสดุสำนักงาน ", d(2024, 3, 15), Some("๖๗๐๓๙-๐๑๒๓๔๕")),
        )
        .await
        .unwrap();
    assert_eq!(created.record.project, "จัดซื้อวัสดุสำนักงาน");
    assert_eq!(created.record.egp_no.as_deref(), Some("67039012345"));
    let read = s.procurement(&a, created.id).await.unwrap();
    assert_eq!(read.record, created.record);
    assert_eq!(read.record.bidders.len(), 2);
    assert_eq!(read.record.bidders[1].offer, baht(49_000));

    // an update rewrites the bidders: one removed, one renamed, a third added
    let mut r = read.record.clone();
    r.bidders = vec![
        Bidder {
            name: "ร้านเจริญการค้า".into(),
            offer: baht(47_000),
        },
        Bidder {
            name: "ร้านสมใจพาณิชย์".into(),
            offer: baht(48_500),
        },
        Bidder {
            name: "ร้านโชคดี".into(),
            offer: baht(49_900),
        },
    ];
    r.winner = Some("ร้านเจริญการค้า".into());
    r.award_price = Some(baht(47_000));
    let updated = s
        .update_procurement(&a, &admin(), created.id, &r)
        .await
        .unwrap();
    let read = s.procurement(&a, created.id).await.unwrap();
    assert_eq!(read.record, updated.record);
    let names: Vec<&str> = read
        .record
        .bidders
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(names, ["ร้านเจริญการค้า", "ร้านสมใจพาณิชย์", "ร้านโชคดี"]);
    assert_eq!(read.record.award_price, Some(baht(47_000)));

    let log = audit::list(s, &a, 10, 0).await.unwrap();
    assert_eq!(log[0].entity, "procurement");
    assert_eq!(log[0].action, "update");
    assert!(log[0].before.as_deref().unwrap().contains("หจก. รุ่งเรืองวัสดุ"));
    assert!(log[0].after.as_deref().unwrap().contains("ร้านโชคดี"));
    assert_eq!(log[1].action, "create");

    s.delete_procurement(&a, &admin(), created.id)
        .await
        .unwrap();
    assert!(matches!(
        s.procurement(&a, created.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.procurements_of_year(&a, fy()).await.unwrap().is_empty());
    assert_eq!(audit::count(s, &a).await.unwrap(), before + 3);
    assert_eq!(audit::list(s, &a, 1, 0).await.unwrap()[0].action, "delete");
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    db.cleanup().await;
});

both_backends!(
    another_agency_cannot_see_or_touch,
    |db: TestDb| async move {
        let s = &db.store;
        let a = agency(s, "krathok").await;
        let b = agency(s, "nongbua").await;
        let rec = s
            .create_procurement(
                &a,
                &admin(),
                &purchase("จัดซื้อวัสดุ", d(2024, 3, 1), Some("67039012345")),
            )
            .await
            .unwrap();
        assert!(matches!(
            s.procurement(&b, rec.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.update_procurement(&b, &admin(), rec.id, &purchase("x", d(2024, 3, 1), None))
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.delete_procurement(&b, &admin(), rec.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(s.procurements_of_year(&b, fy()).await.unwrap().is_empty());
        // the same e-GP number in another agency is its own business
        s.create_procurement(
            &b,
            &admin(),
            &purchase("จัดซื้อวัสดุ", d(2024, 3, 1), Some("67039012345")),
        )
        .await
        .unwrap();
        // a document of another agency cannot be linked as an announcement
        let dir = std::env::temp_dir().join(format!("prongsai-proc-{}", rand::random::<u32>()));
        let blobs = BlobStore::open(&dir).unwrap();
        let (doc, _) = s
            .add_document(
                &b,
                &admin(),
                &blobs,
                NewDocument {
                    file_name: "invite.pdf".into(),
                    kind: "pdf".into(),
                    bytes: b"%PDF-1.7 invitation".to_vec(),
                    body: None,
                    meta: DocumentMeta {
                        title: "ประกาศเชิญชวน".into(),
                        public: true,
                        ..Default::default()
                    },
                },
            )
            .await
            .unwrap();
        let mut r = purchase("จ้างเหมา", d(2024, 4, 1), None);
        r.invitation_doc_id = Some(doc.id);
        assert_eq!(
            input_error(s.create_procurement(&a, &admin(), &r).await).field,
            "invitation_doc_id"
        );
        let stored = s.create_procurement(&b, &admin(), &r).await.unwrap();
        assert_eq!(
            s.procurement(&b, stored.id)
                .await
                .unwrap()
                .record
                .invitation_doc_id,
            Some(doc.id)
        );
        let _ = std::fs::remove_dir_all(dir);
        db.cleanup().await;
    }
);

both_backends!(duplicate_egp_refused, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let first = s
        .create_procurement(
            &a,
            &admin(),
            &purchase("งาน ๑", d(2024, 3, 1), Some("67039012345")),
        )
        .await
        .unwrap();
    let e = input_error(
        s.create_procurement(
            &a,
            &admin(),
            &purchase("งาน ๒", d(2024, 3, 2), Some("6703 9012 345")),
        )
        .await,
    );
    assert_eq!(e.field, "egp_no");
    assert!(e.th.contains("มีอยู่แล้ว"), "{}", e.th);
    // records without a number never collide
    for i in 0..3 {
        s.create_procurement(
            &a,
            &admin(),
            &purchase(&format!("งานที่ {i}"), d(2024, 3, 3), None),
        )
        .await
        .unwrap();
    }
    // an update to another record's number is refused; keeping its own is fine
    let other = s
        .create_procurement(
            &a,
            &admin(),
            &purchase("งาน ๓", d(2024, 3, 4), Some("67039099999")),
        )
        .await
        .unwrap();
    let mut r = other.record.clone();
    r.egp_no = Some("67039012345".into());
    assert_eq!(
        input_error(s.update_procurement(&a, &admin(), other.id, &r).await).field,
        "egp_no"
    );
    s.update_procurement(&a, &admin(), first.id, &first.record)
        .await
        .unwrap();
    // concurrent writers of the same new number: exactly one wins, the other gets the error
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move {
                s.create_procurement(
                    &a,
                    &admin(),
                    &purchase(&format!("พร้อมกัน {i}"), d(2024, 5, 1), Some("67059000001")),
                )
                .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Input(e)) => assert_eq!(e.field, "egp_no"),
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(s.procurements_of_year(&a, fy()).await.unwrap().len(), 6);
    db.cleanup().await;
});

both_backends!(
    award_above_budget_needs_acceptance,
    |db: TestDb| async move {
        let s = &db.store;
        let a = agency(s, "krathok").await;
        let mut r = purchase("จ้างซ่อมถนน", d(2024, 6, 10), None);
        r.award_price = Some(baht(52_000));
        let count = audit::count(s, &a).await.unwrap();
        let e = input_error(s.create_procurement(&a, &admin(), &r).await);
        assert_eq!(e.field, "accept_over_budget");
        assert!(e.th.contains("สูงกว่าวงเงิน"), "{}", e.th);
        assert!(s.procurements_of_year(&a, fy()).await.unwrap().is_empty());
        assert_eq!(audit::count(s, &a).await.unwrap(), count, "nothing written");
        r.accept_over_budget = true;
        let stored = s.create_procurement(&a, &admin(), &r).await.unwrap();
        let read = s.procurement(&a, stored.id).await.unwrap();
        assert_eq!(read.record.award_price, Some(baht(52_000)));
        assert!(read.record.accept_over_budget);
        // an update that silently drops the acceptance is refused, and the stored record stays
        let mut again = read.record.clone();
        again.accept_over_budget = false;
        input_error(s.update_procurement(&a, &admin(), stored.id, &again).await);
        assert_eq!(
            s.procurement(&a, stored.id).await.unwrap().record,
            read.record
        );
        db.cleanup().await;
    }
);

both_backends!(dates_outside_the_year_refused, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let e = input_error(
        s.create_procurement(&a, &admin(), &purchase("งาน", d(2024, 10, 1), None))
            .await,
    );
    assert_eq!(e.field, "contract_date");
    assert!(e.th.contains("ปีงบประมาณ"));
    let e = input_error(
        s.create_procurement(&a, &admin(), &purchase("งาน", d(2023, 9, 30), None))
            .await,
    );
    assert_eq!(e.field, "contract_date");
    let mut r = purchase("งาน", d(2024, 9, 30), None);
    r.delivery_date = Some(d(2024, 9, 1));
    assert_eq!(
        input_error(s.create_procurement(&a, &admin(), &r).await).field,
        "delivery_date"
    );
    r.delivery_date = Some(d(2024, 10, 15));
    s.create_procurement(&a, &admin(), &r).await.unwrap();
    db.cleanup().await;
});

both_backends!(
    monthly_summary_and_the_empty_month,
    |db: TestDb| async move {
        let s = &db.store;
        let a = agency(s, "krathok").await;
        let b = agency(s, "nongbua").await;
        for (p, day) in [("จ้างซ่อมรถ", 20), ("จัดซื้อวัสดุ", 2), ("จ้างเหมาอาหาร", 11)]
        {
            s.create_procurement(&a, &admin(), &purchase(p, d(2024, 3, day), None))
                .await
                .unwrap();
        }
        s.create_procurement(&a, &admin(), &purchase("เดือนอื่น", d(2024, 4, 1), None))
            .await
            .unwrap();
        s.create_procurement(&b, &admin(), &purchase("หน่วยงานอื่น", d(2024, 3, 5), None))
            .await
            .unwrap();
        let mut undated = purchase("ยังไม่ทำสัญญา", d(2024, 3, 1), None);
        undated.contract_date = None;
        undated.contract_no = None;
        s.create_procurement(&a, &admin(), &undated).await.unwrap();

        let m = s
            .monthly_summary(&a, fy(), ym(2024, 3), Digits::Thai)
            .await
            .unwrap();
        let projects: Vec<&str> = m.rows.iter().map(|r| r.project.as_str()).collect();
        assert_eq!(projects, ["จัดซื้อวัสดุ", "จ้างเหมาอาหาร", "จ้างซ่อมรถ"]);
        assert_eq!(m.rows[0].seq, "๑");
        assert_eq!(m.rows[0].budget, "๕๐,๐๐๐.๐๐");
        assert!(m.rows[0]
            .bidders
            .contains("หจก. รุ่งเรืองวัสดุ ราคาที่เสนอ ๔๙,๐๐๐.๐๐ บาท"));
        assert_eq!(m.statement(Lang::Th), None);
        let listed = s.procurements_of_month(&a, ym(2024, 3)).await.unwrap();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed[0].record.contract_date, Some(d(2024, 3, 2)));

        let empty = s
            .monthly_summary(&a, fy(), ym(2024, 5), Digits::Thai)
            .await
            .unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.statement(Lang::Th), Some("ไม่มีการจัดซื้อจัดจ้าง"));
        // the year lists the undated record last
        let year = s.procurements_of_year(&a, fy()).await.unwrap();
        assert_eq!(year.len(), 5);
        assert_eq!(year[4].record.project, "ยังไม่ทำสัญญา");
        // a month of another year is refused
        assert_eq!(
            input_error(
                s.monthly_summary(&a, fy(), ym(2024, 10), Digits::Thai)
                    .await
            )
            .field,
            "month"
        );
        db.cleanup().await;
    }
);

both_backends!(annual_analysis_on_known_data, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let mk = |method, date: NaiveDate, budget: i64, reference: Option<i64>, award: i64| {
        let mut r = purchase("งาน", date, None);
        r.method = method;
        r.budget = baht(budget);
        r.reference_price = reference.map(baht);
        r.bidders = vec![Bidder {
            name: "ผู้เสนอ".into(),
            offer: baht(award),
        }];
        r.winner = Some("ผู้เสนอ".into());
        r.award_price = Some(baht(award));
        r
    };
    for r in [
        mk(
            Method::Specific,
            d(2023, 10, 5),
            10_000,
            Some(10_000),
            9_000,
        ),
        mk(Method::Specific, d(2023, 10, 20), 20_000, None, 20_000),
        mk(Method::Specific, d(2024, 1, 3), 6_000, Some(5_000), 5_500),
        mk(
            Method::EBidding,
            d(2024, 2, 1),
            1_000_000,
            Some(990_000),
            900_000,
        ),
        // another fiscal year: not counted
        {
            let mut r = mk(Method::Specific, d(2024, 10, 2), 1_000, Some(1_000), 500);
            r.fiscal_year = FiscalYear::new(2568).unwrap();
            r
        },
    ] {
        s.create_procurement(&a, &admin(), &r).await.unwrap();
    }
    let x = s.annual_analysis(&a, fy()).await.unwrap();
    assert_eq!(x.total.count, 4);
    assert_eq!(x.total.award, 934_500 * 100);
    assert_eq!(
        x.method(Method::Specific),
        Tally {
            count: 3,
            budget: 36_000 * 100,
            award: 34_500 * 100
        }
    );
    assert_eq!(x.method(Method::EBidding).count, 1);
    assert_eq!(x.by_month[0].1.count, 2); // October
    assert_eq!(x.by_month[4].1.award, 900_000 * 100); // February
    assert_eq!(x.specific_share_count.format(Digits::Arabic), "75.00");
    assert_eq!(x.savings, 90_500 * 100);
    assert_eq!(x.savings_records, 3);
    assert_eq!(
        s.procurement_years(&a).await.unwrap(),
        [FiscalYear::new(2568).unwrap(), fy()]
    );
    db.cleanup().await;
});

both_backends!(
    plan_revisions_keep_the_previous_intact,
    |db: TestDb| async move {
        let s = &db.store;
        let a = agency(s, "krathok").await;
        let item = |project: &str, budget: i64, month: u32| PlanItem {
            project: project.into(),
            budget: baht(budget),
            source_of_funds: "เงินงบประมาณ".into(),
            method: Method::EBidding,
            expected_month: ym(if month >= 10 { 2023 } else { 2024 }, month),
        };
        let header = PlanHeader {
            approved_on: Some(d(2023, 10, 10)),
            note: "แผนประจำปี".into(),
        };
        let r1 = s
            .create_plan_revision(&a, &admin(), fy(), &header)
            .await
            .unwrap();
        assert_eq!(r1.revision, 1);
        assert!(r1.items.is_empty());
        let r1 = s
            .update_plan_revision(
                &a,
                &admin(),
                r1.id,
                &header,
                &[
                    item("ถนน หมู่ ๓", 1_450_000, 1),
                    item("รางระบายน้ำ", 480_000, 3),
                ],
            )
            .await
            .unwrap();
        // an item outside the year is refused, naming the item
        let e = input_error(
            s.update_plan_revision(
                &a,
                &admin(),
                r1.id,
                &header,
                &[
                    item("x", 1, 1),
                    PlanItem {
                        expected_month: ym(2024, 11),
                        ..item("y", 1, 1)
                    },
                ],
            )
            .await,
        );
        assert_eq!(e.field, "expected_month");
        assert!(e.th.contains("รายการที่ ๒"), "{}", e.th);

        let r2 = s
            .create_plan_revision(
                &a,
                &admin(),
                fy(),
                &PlanHeader {
                    approved_on: Some(d(2024, 2, 1)),
                    note: "ปรับปรุงครั้งที่ ๑".into(),
                },
            )
            .await
            .unwrap();
        assert_eq!(r2.revision, 2);
        assert_eq!(r2.items, r1.items, "a revision starts as a copy");
        let mut changed = r2.items.clone();
        changed[1].expected_month = ym(2024, 6);
        changed.push(item("ฝายน้ำล้น", 350_000, 5));
        s.update_plan_revision(&a, &admin(), r2.id, &PlanHeader::default(), &changed)
            .await
            .unwrap();
        // the earlier revision cannot change any more, and has not
        assert_eq!(
            input_error(
                s.update_plan_revision(&a, &admin(), r1.id, &header, &changed)
                    .await
            )
            .field,
            "revision"
        );
        let all = s.plan_revisions(&a, fy()).await.unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], s.plan_revision(&a, r1.id).await.unwrap());
        assert_eq!(all[0].items, r1.items);
        assert_eq!(all[0].note, "แผนประจำปี");
        assert_eq!(all[1].items, changed);
        assert_eq!(all[1].total_budget(), (1_450_000 + 480_000 + 350_000) * 100);
        assert_eq!(s.latest_plan(&a, fy()).await.unwrap().unwrap().revision, 2);
        // another agency sees none of it
        let b = agency(s, "nongbua").await;
        assert!(s.plan_revisions(&b, fy()).await.unwrap().is_empty());
        assert!(matches!(
            s.plan_revision(&b, r1.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
        db.cleanup().await;
    }
);

both_backends!(demo_data, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let today = d(2024, 11, 27);
    let year = fy();
    let n = seed_demo(s, &a, year, today).await.unwrap();
    assert!((55..=70).contains(&n), "{n}");
    assert_eq!(seed_demo(s, &a, year, today).await.unwrap(), 0, "only once");
    let records = s.procurements_of_year(&a, year).await.unwrap();
    assert_eq!(records.len(), n);
    assert!(records
        .iter()
        .all(|r| r.record.project.contains("(ข้อมูลสาธิต)")));
    let x = s.annual_analysis(&a, year).await.unwrap();
    let empty_months = x.by_month.iter().filter(|(_, t)| t.count == 0).count();
    assert_eq!(empty_months, 1);
    assert!(x.method(Method::Specific).count > 40);
    assert!(x.method(Method::EBidding).count >= 2);
    assert!(x.method(Method::EMarket).count >= 2);
    let feb = s
        .monthly_summary(&a, year, ym(2024, 2), Digits::Thai)
        .await
        .unwrap();
    assert!(feb.is_empty());
    assert_eq!(s.plan_revisions(&a, year).await.unwrap().len(), 2);
    // the current year: only what is dated before today (October and most of November)
    let current = year.next().unwrap();
    let m = seed_demo(s, &a, current, today).await.unwrap();
    assert!((5..n).contains(&m), "{m}");
    let now = s.procurements_of_year(&a, current).await.unwrap();
    assert!(now
        .iter()
        .all(|r| r.record.contract_date.is_some_and(|d| d < today)));
    // a year not begun: nothing
    let next = current.next().unwrap();
    assert_eq!(seed_demo(s, &a, next, today).await.unwrap(), 0);
    db.cleanup().await;
});

both_backends!(egp_unique_index_is_the_last_word, |db: TestDb| async move {
    use prongsai_store::procurement::entities::procurement;
    use prongsai_store::sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let row = |egp: Option<&str>| procurement::ActiveModel {
        agency_id: Set(a.agency_id()),
        fiscal_year: Set(2567),
        project: Set("งาน".into()),
        budget: Set(100),
        reference_price: Set(None),
        method: Set("specific".into()),
        winner: Set(None),
        award_price: Set(None),
        reason: Set(String::new()),
        contract_no: Set(None),
        contract_date: Set(None),
        egp_no: Set(egp.map(str::to_owned)),
        delivery_date: Set(None),
        payment_date: Set(None),
        invitation_doc_id: Set(None),
        award_doc_id: Set(None),
        accept_over_budget: Set(false),
        created_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    // past any check in code, the database itself refuses a second number (and allows NULLs)
    row(Some("67039012345")).insert(s.conn()).await.unwrap();
    assert!(row(Some("67039012345")).insert(s.conn()).await.is_err());
    row(None).insert(s.conn()).await.unwrap();
    row(None).insert(s.conn()).await.unwrap();
    db.cleanup().await;
});

both_backends!(large_year_reads_fast, |db: TestDb| async move {
    use prongsai_store::procurement::entities::{procurement, procurement_bidder};
    use prongsai_store::sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder};
    let s = &db.store;
    let a = agency(s, "krathok").await;
    // 5,000 records (200 of them in March 2024), each with two bidders, written in bulk
    let months = fy().months();
    let rows: Vec<procurement::ActiveModel> = (0..5000)
        .map(|i| {
            let date = if i < 200 {
                d(2024, 3, 1 + (i % 28) as u32)
            } else {
                months[i % 12].first_day()
            };
            procurement::ActiveModel {
                agency_id: Set(a.agency_id()),
                fiscal_year: Set(2567),
                project: Set(format!("งานที่ {i}")),
                budget: Set(1_000_000),
                reference_price: Set(Some(1_000_000)),
                method: Set(if i % 10 == 0 { "e_bidding" } else { "specific" }.into()),
                winner: Set(Some("ผู้เสนอ ก".into())),
                award_price: Set(Some(990_000)),
                reason: Set("ราคาต่ำสุด".into()),
                contract_no: Set(Some(format!("{i}/2567"))),
                contract_date: Set(Some(date)),
                egp_no: Set(None),
                delivery_date: Set(None),
                payment_date: Set(None),
                invitation_doc_id: Set(None),
                award_doc_id: Set(None),
                accept_over_budget: Set(false),
                created_at: Set(chrono::Utc::now()),
                updated_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(200) {
        procurement::Entity::insert_many(chunk.to_vec())
            .exec(s.conn())
            .await
            .unwrap();
    }
    let ids: Vec<i64> = procurement::Entity::find()
        .order_by_asc(procurement::Column::Id)
        .all(s.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    let bidders: Vec<procurement_bidder::ActiveModel> = ids
        .iter()
        .flat_map(|id| {
            [("ผู้เสนอ ก", 990_000), ("ผู้เสนอ ข", 995_000)]
                .into_iter()
                .enumerate()
                .map(move |(p, (name, offer))| procurement_bidder::ActiveModel {
                    procurement_id: Set(*id),
                    position: Set(p as i32 + 1),
                    name: Set(name.into()),
                    offer: Set(offer),
                    ..Default::default()
                })
        })
        .collect();
    for chunk in bidders.chunks(500) {
        procurement_bidder::Entity::insert_many(chunk.to_vec())
            .exec(s.conn())
            .await
            .unwrap();
    }

    let t = std::time::Instant::now();
    let x = s.annual_analysis(&a, fy()).await.unwrap();
    let analysis = t.elapsed();
    assert_eq!(x.total.count, 5000);
    assert_eq!(x.method(Method::EBidding).count, 500);
    assert_eq!(x.savings, 5000 * 10_000);

    let t = std::time::Instant::now();
    let m = s
        .monthly_summary(&a, fy(), ym(2024, 3), Digits::Thai)
        .await
        .unwrap();
    let month = t.elapsed();
    // 200 in March by date, plus those of the spread that fall on 1 March
    assert!(m.rows.len() >= 200, "{}", m.rows.len());
    assert!(m.rows[0].bidders.contains("ผู้เสนอ ข"));

    let t = std::time::Instant::now();
    let all = s.procurements_of_year(&a, fy()).await.unwrap();
    let year = t.elapsed();
    assert_eq!(all.len(), 5000);
    assert!(all.iter().all(|r| r.record.bidders.len() == 2));
    // generous bounds: this is a debug build on a shared machine
    assert!(
        analysis.as_millis() < 1000,
        "annual analysis took {analysis:?}"
    );
    assert!(month.as_millis() < 300, "monthly summary took {month:?}");
    eprintln!("5,000 records: analysis {analysis:?}, whole year {year:?}; March {month:?}");
    db.cleanup().await;
});

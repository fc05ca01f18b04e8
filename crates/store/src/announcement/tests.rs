use super::*;
use crate::both_backends;
use crate::tenancy::{NewAgency, NewUser};
use crate::testdb::TestDb;
use prongsai_domain::tenancy::AgencySlug;

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

fn refusal(e: StoreError) -> InputError {
    match e {
        StoreError::Input(i) => i,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn entries(s: &Store, scope: &AgencyScope) -> Vec<String> {
    crate::audit::list(s, scope, 200, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "announcement_draft")
        .map(|e| e.action)
        .collect()
}

both_backends!(
    a_draft_is_kept_until_it_is_signed,
    |db: TestDb| async move {
        let s = &db.store;
        let x = agency(s, "agency-x").await;
        let y = agency(s, "agency-y").await;
        let mayor = s
            .create_user(
                &x,
                &Actor::system("test"),
                NewUser {
                    username: "x.mayor".into(),
                    display_name: "นายสมชาย ใจดี".into(),
                    position: Some("นายกองค์การบริหารส่วนตำบลagency-x".into()),
                    role: Role::Executive,
                    unit_id: None,
                    password: "a-long-password-1".into(),
                },
            )
            .await
            .unwrap();
        let clerk = Actor::user(1000, "x.clerk");
        let exec = Actor::user(mayor.id, "x.mayor");
        let year = fy(2566);
        let kind = AnnouncementKind::NoGift;

        // the default names the agency, the year and its chief executive
        let d = s.default_announcement(&x, year, kind).await.unwrap();
        assert_eq!(d.heading, "ประกาศองค์การบริหารส่วนตำบลagency-x");
        assert_eq!(d.signer_name, "นายสมชาย ใจดี");
        assert!(d.subject.ends_with("พ.ศ. 2566"));
        assert!(s.announcement(&x, year, kind).await.unwrap().is_none());

        // saved, read back, changed
        let saved = s
            .save_announcement(&x, &clerk, year, kind, &d)
            .await
            .unwrap();
        assert_eq!(saved.content, d);
        assert_eq!(saved.updated_by, Some(1000));
        let mut d2 = d.clone();
        d2.body.push("เพิ่มเติม <script>alert(1)</script>".into());
        s.save_announcement(&x, &clerk, year, kind, &d2)
            .await
            .unwrap();
        let got = s.announcement(&x, year, kind).await.unwrap().unwrap();
        assert_eq!(got.content, d2);
        assert_eq!(s.announcements_of_year(&x, year).await.unwrap().len(), 1);
        assert!(s
            .announcements_of_year(&x, fy(2567))
            .await
            .unwrap()
            .is_empty());

        // invalid content is refused and nothing changes
        let mut bad = d2.clone();
        bad.signer_name = " ".into();
        assert_eq!(
            refusal(
                s.save_announcement(&x, &clerk, year, kind, &bad)
                    .await
                    .unwrap_err()
            )
            .field,
            "signer_name"
        );
        bad = d2.clone();
        bad.date = fy(2568).start();
        assert_eq!(
            refusal(
                s.save_announcement(&x, &clerk, year, kind, &bad)
                    .await
                    .unwrap_err()
            )
            .field,
            "date"
        );
        assert_eq!(
            s.announcement(&x, year, kind)
                .await
                .unwrap()
                .unwrap()
                .content,
            d2
        );

        // another agency sees nothing and keeps its own
        assert!(s.announcement(&y, year, kind).await.unwrap().is_none());
        let dy = s.default_announcement(&y, year, kind).await.unwrap();
        assert_eq!(dy.signer_name, "", "agency-y has no executive");
        let mut dy = dy;
        dy.signer_name = "นางสาวตัวอย่าง".into();
        s.save_announcement(&y, &Actor::user(2000, "y.clerk"), year, kind, &dy)
            .await
            .unwrap();
        assert_eq!(
            s.announcement(&x, year, kind)
                .await
                .unwrap()
                .unwrap()
                .content,
            d2
        );

        // submitted: frozen
        let key = sign_key(kind, year);
        let v1 = s
            .open_signed(&x, &clerk, key, &sign_title(kind, year))
            .await
            .unwrap();
        // an open draft version does not freeze anything
        s.save_announcement(&x, &clerk, year, kind, &d2)
            .await
            .unwrap();
        s.submit_signed(&x, &clerk, v1.id, &d2).await.unwrap();
        let e = refusal(
            s.save_announcement(&x, &clerk, year, kind, &d)
                .await
                .unwrap_err(),
        );
        assert!(e.th.contains("ถอน"), "{e:?}");
        // agency y's draft of the same key is not affected
        s.save_announcement(&y, &Actor::user(2000, "y.clerk"), year, kind, &dy)
            .await
            .unwrap();
        // acknowledged: still frozen, and the signed content is what was submitted
        let ack = s.acknowledge_signed(&x, &exec, v1.id, None).await.unwrap();
        assert_eq!(ack.content::<Announcement>().unwrap(), Some(d2.clone()));
        let e = refusal(
            s.save_announcement(&x, &clerk, year, kind, &d)
                .await
                .unwrap_err(),
        );
        assert!(e.th.contains("ฉบับใหม่"), "{e:?}");
        assert_eq!(
            s.announcement(&x, year, kind)
                .await
                .unwrap()
                .unwrap()
                .content,
            d2
        );
        // another kind of the same year is free
        s.save_announcement(
            &x,
            &clerk,
            year,
            AnnouncementKind::HrPolicy,
            &s.default_announcement(&x, year, AnnouncementKind::HrPolicy)
                .await
                .unwrap(),
        )
        .await
        .unwrap();

        // a new version opens the draft again; the signed one keeps its content
        let v2 = s
            .open_signed(&x, &clerk, key, &sign_title(kind, year))
            .await
            .unwrap();
        assert_eq!(v2.version, 2);
        s.save_announcement(&x, &clerk, year, kind, &d)
            .await
            .unwrap();
        let published = s.acknowledged_signed(&x, key).await.unwrap().unwrap();
        assert_eq!(published.id, v1.id);
        assert_eq!(published.content::<Announcement>().unwrap(), Some(d2));

        // every write is in the audit log, of its own agency
        assert_eq!(
            entries(s, &x).await,
            ["save", "save", "save", "save", "save"]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        );
        assert_eq!(entries(s, &y).await.len(), 2);
        db.cleanup().await;
    }
);

both_backends!(
    a_standing_document_starts_from_an_earlier_year,
    |db: TestDb| async move {
        let s = &db.store;
        let x = agency(s, "agency-x").await;
        let y = agency(s, "agency-y").await;
        let (clerk, exec) = (Actor::user(1, "x.clerk"), Actor::user(2, "x.mayor"));
        let kind = AnnouncementKind::EthicsCode;

        // nothing signed yet: refused
        let e = refusal(
            s.carry_announcement(&x, &clerk, fy(2568), kind)
                .await
                .unwrap_err(),
        );
        assert!(e.th.contains("ยังไม่มีฉบับ"), "{e:?}");
        // a yearly kind never carries
        let e = refusal(
            s.carry_announcement(&x, &clerk, fy(2568), AnnouncementKind::IntegrityIntent)
                .await
                .unwrap_err(),
        );
        assert!(e.en.contains("each year"), "{e:?}");

        // signed in 2566 (seed_demo does save, submit, acknowledge), submitted only in 2567
        let mut content = s.default_announcement(&x, fy(2566), kind).await.unwrap();
        content.signer_name = "นายสมชาย ใจดี".into();
        content.body.push("ใช้บังคับตั้งแต่ปีงบประมาณ พ.ศ. 2566".into());
        s.save_announcement(&x, &clerk, fy(2566), kind, &content)
            .await
            .unwrap();
        let key = sign_key(kind, fy(2566));
        let v = s.open_signed(&x, &clerk, key, "t").await.unwrap();
        s.submit_signed(&x, &clerk, v.id, &content).await.unwrap();
        s.acknowledge_signed(&x, &exec, v.id, None).await.unwrap();
        let v67 = s
            .open_signed(&x, &clerk, sign_key(kind, fy(2567)), "t")
            .await
            .unwrap();
        let mut c67 = content.clone();
        c67.date = fy(2567).start();
        c67.body.push("ฉบับปี 2567 ที่ยังไม่ลงนาม".into());
        s.submit_signed(&x, &clerk, v67.id, &c67).await.unwrap();

        let (from, _) = s
            .previous_signed_announcement(&x, fy(2568), kind)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(from, fy(2566), "only acknowledged versions count");
        let carried = s
            .carry_announcement(&x, &clerk, fy(2568), kind)
            .await
            .unwrap();
        assert_eq!(
            carried.content.body.last().unwrap(),
            "ใช้บังคับตั้งแต่ปีงบประมาณ พ.ศ. 2568"
        );
        assert_eq!(carried.content.date, fy(2568).start());
        assert_eq!(carried.fiscal_year, fy(2568));
        // the year of the signed version itself has nothing earlier
        assert!(s
            .previous_signed_announcement(&x, fy(2566), kind)
            .await
            .unwrap()
            .is_none());
        // another agency cannot start from x's
        assert!(s
            .previous_signed_announcement(&y, fy(2568), kind)
            .await
            .unwrap()
            .is_none());
        assert!(entries(s, &x).await.contains(&"carry".to_string()));
        db.cleanup().await;
    }
);

both_backends!(the_demo_signs_every_kind_once, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let (clerk, exec) = (Actor::user(1, "x.clerk"), Actor::user(2, "x.mayor"));
    // without an executive user the name is missing: the demo gives one
    s.create_user(
        &x,
        &Actor::system("test"),
        NewUser {
            username: "x.mayor".into(),
            display_name: "นายสมชาย ใจดี".into(),
            position: Some("นายกองค์การบริหารส่วนตำบลagency-x".into()),
            role: Role::Executive,
            unit_id: None,
            password: "a-long-password-1".into(),
        },
    )
    .await
    .unwrap();
    let all = AnnouncementKind::ALL;
    assert_eq!(
        seed_demo(s, &x, &clerk, &exec, fy(2566), &all)
            .await
            .unwrap(),
        5
    );
    assert_eq!(
        seed_demo(s, &x, &clerk, &exec, fy(2566), &all)
            .await
            .unwrap(),
        0
    );
    for kind in AnnouncementKind::ALL {
        let signed = s
            .acknowledged_signed(&x, sign_key(kind, fy(2566)))
            .await
            .unwrap()
            .unwrap();
        let c: Announcement = signed.content().unwrap().unwrap();
        assert_eq!(
            c.date,
            chrono::NaiveDate::from_ymd_opt(2022, 10, 3).unwrap()
        );
        assert_eq!(signed.acknowledged_by, Some(2));
    }
    db.cleanup().await;
});

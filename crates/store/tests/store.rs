//! Store tests: each runs on SQLite and on PostgreSQL, through the same code.

use prongsai_domain::audit::AuditProblem;
use prongsai_domain::tenancy::{AgencyKind, AgencySlug, Role};
use prongsai_store::both_backends;
use prongsai_store::sea_orm::{ConnectionTrait, Statement};
use prongsai_store::tenancy::{LoginOutcome, NewAgency, NewUser, UserUpdate};
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

fn new_user(username: &str, role: Role, unit_id: Option<i64>) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: "สมชาย ใจดี 😀".into(),
        position: Some("นักจัดการงานทั่วไป".into()),
        role,
        unit_id,
        password: "correct horse battery".into(),
    }
}

async fn exec(db: &TestDb, sql: &str) {
    db.store
        .conn()
        .execute(Statement::from_string(db.store.backend(), sql.to_string()))
        .await
        .unwrap();
}

both_backends!(migrations_are_idempotent, |db: TestDb| async move {
    let again = db.store.migrate().await.unwrap();
    assert!(again.is_empty(), "second run applies nothing");
    db.cleanup().await;
});

both_backends!(
    agencies_units_users_round_trip_thai_and_emoji,
    |db: TestDb| async move {
        let s = &db.store;
        let a = agency(s, "krathok").await;
        let unit = s
            .create_unit(&a, &cli(), "กองคลัง 💰".into(), Some("Finance".into()))
            .await
            .unwrap();
        assert_eq!(s.unit(&a, unit.id).await.unwrap().name_th, "กองคลัง 💰");
        let u = s
            .create_user(
                &a,
                &cli(),
                new_user("somchai", Role::UnitStaff, Some(unit.id)),
            )
            .await
            .unwrap();
        assert_eq!(s.user(&a, u.id).await.unwrap().display_name, "สมชาย ใจดี 😀");
        assert_eq!(s.list_users(&a).await.unwrap().len(), 1);
        // duplicate slug, unit name and username are typed input errors, and nothing else changes
        let dup = s
            .create_agency(
                &cli(),
                NewAgency {
                    slug: AgencySlug::parse("krathok").unwrap(),
                    name_th: "ซ้ำ".into(),
                    name_en: None,
                    kind: AgencyKind::Sao,
                    province: "x".into(),
                },
            )
            .await;
        assert!(matches!(dup, Err(StoreError::Input(e)) if e.field == "slug"));
        let dup = s.create_unit(&a, &cli(), "กองคลัง 💰".into(), None).await;
        assert!(matches!(dup, Err(StoreError::Input(_))));
        let dup = s
            .create_user(&a, &cli(), new_user("SOMCHAI", Role::Viewer, None))
            .await;
        assert!(dup.is_err());
        assert_eq!(s.list_agencies().await.unwrap().len(), 1);
        assert_eq!(s.list_units(&a).await.unwrap().len(), 1);
        // a unit in use cannot be deleted
        assert!(matches!(
            s.delete_unit(&a, &cli(), unit.id).await,
            Err(StoreError::Input(_))
        ));
        db.cleanup().await;
    }
);

both_backends!(another_agency_cannot_reach_data, |db: TestDb| async move {
    let s = &db.store;
    let x = agency(s, "agency-x").await;
    let y = agency(s, "agency-y").await;
    let ux = s
        .create_unit(&x, &cli(), "สำนักปลัด".into(), None)
        .await
        .unwrap();
    let userx = s
        .create_user(
            &x,
            &cli(),
            new_user("x.staff", Role::UnitStaff, Some(ux.id)),
        )
        .await
        .unwrap();
    assert!(matches!(s.unit(&y, ux.id).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.user(&y, userx.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.list_units(&y).await.unwrap().is_empty());
    assert!(s.list_users(&y).await.unwrap().is_empty());
    let upd = UserUpdate {
        display_name: "hijack".into(),
        position: None,
        role: Role::AgencyAdmin,
        unit_id: None,
    };
    assert!(matches!(
        s.update_user(&y, &cli(), userx.id, upd.clone()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.rename_unit(&y, &cli(), ux.id, "x".into(), None).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_unit(&y, &cli(), ux.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_user_active(&y, &cli(), userx.id, false).await,
        Err(StoreError::NotFound)
    ));
    // assigning agency X's unit to a user of Y is refused
    let uy = s
        .create_user(&y, &cli(), new_user("y.staff", Role::UnitStaff, None))
        .await
        .unwrap();
    let moved = s
        .update_user(
            &y,
            &cli(),
            uy.id,
            UserUpdate {
                unit_id: Some(ux.id),
                ..upd
            },
        )
        .await;
    assert!(matches!(moved, Err(StoreError::Input(e)) if e.field == "unit_id"));
    // nothing of X changed
    assert_eq!(s.user(&x, userx.id).await.unwrap(), userx);
    assert!(audit::list(s, &y, 100, 0)
        .await
        .unwrap()
        .iter()
        .all(|e| e.agency_id == Some(y.agency_id())));
    db.cleanup().await;
});

both_backends!(
    every_write_is_audited_and_the_chain_verifies,
    |db: TestDb| async move {
        let s = &db.store;
        let a = agency(s, "krathok").await;
        let u = s
            .create_unit(&a, &cli(), "กองช่าง".into(), None)
            .await
            .unwrap();
        s.rename_unit(&a, &cli(), u.id, "กองช่าง (ใหม่)".into(), None)
            .await
            .unwrap();
        s.delete_unit(&a, &cli(), u.id).await.unwrap();
        let entries = audit::list(s, &a, 10, 0).await.unwrap();
        let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["delete", "update", "create"]);
        assert!(entries[0]
            .before
            .as_deref()
            .unwrap()
            .contains("กองช่าง (ใหม่)"));
        assert!(entries[0].after.is_none());
        let reports = audit::verify(s).await.unwrap();
        assert!(reports.iter().all(|r| r.report.is_ok()), "{reports:?}");
        assert_eq!(audit::count(s, &a).await.unwrap(), 3);
        db.cleanup().await;
    }
);

async fn chain_of_five(db: &TestDb) -> AgencyScope {
    let a = agency(&db.store, "krathok").await;
    for i in 1..=5 {
        db.store
            .create_unit(&a, &cli(), format!("กอง {i}"), None)
            .await
            .unwrap();
    }
    a
}

async fn problems(db: &TestDb, a: &AgencyScope) -> Vec<AuditProblem> {
    audit::verify_agency(&db.store, a).await.unwrap().problems
}

both_backends!(audit_verify_finds_an_edit, |db: TestDb| async move {
    let a = chain_of_five(&db).await;
    exec(
        &db,
        &format!(
            "UPDATE audit_log SET after = '{{\"name_th\":\"ปลอม\"}}' WHERE chain_id = {} AND seq = 3",
            a.agency_id()
        ),
    )
    .await;
    assert_eq!(
        problems(&db, &a).await,
        vec![AuditProblem::Edited { seq: 3 }]
    );
    db.cleanup().await;
});

both_backends!(audit_verify_finds_a_removal, |db: TestDb| async move {
    let a = chain_of_five(&db).await;
    exec(
        &db,
        &format!(
            "DELETE FROM audit_log WHERE chain_id = {} AND seq = 2",
            a.agency_id()
        ),
    )
    .await;
    assert_eq!(
        problems(&db, &a).await,
        vec![AuditProblem::Missing {
            after_seq: 1,
            next_seq: 3
        }]
    );
    db.cleanup().await;
});

both_backends!(audit_verify_finds_a_reorder, |db: TestDb| async move {
    let a = chain_of_five(&db).await;
    // swap the sequence numbers of entries 2 and 3 (through a temporary value)
    let c = a.agency_id();
    exec(
        &db,
        &format!("UPDATE audit_log SET seq = -2 WHERE chain_id = {c} AND seq = 2"),
    )
    .await;
    exec(
        &db,
        &format!("UPDATE audit_log SET seq = 2 WHERE chain_id = {c} AND seq = 3"),
    )
    .await;
    exec(
        &db,
        &format!("UPDATE audit_log SET seq = 3 WHERE chain_id = {c} AND seq = -2"),
    )
    .await;
    let p = problems(&db, &a).await;
    assert!(p.contains(&AuditProblem::Edited { seq: 2 }), "{p:?}");
    assert!(p.contains(&AuditProblem::Edited { seq: 3 }), "{p:?}");
    db.cleanup().await;
});

both_backends!(
    audit_verify_finds_a_truncated_end,
    |db: TestDb| async move {
        let a = chain_of_five(&db).await;
        exec(
            &db,
            &format!(
                "DELETE FROM audit_log WHERE chain_id = {} AND seq >= 4",
                a.agency_id()
            ),
        )
        .await;
        assert_eq!(
            problems(&db, &a).await,
            vec![AuditProblem::TruncatedEnd {
                last_stored: 3,
                head_seq: 5
            }]
        );
        db.cleanup().await;
    }
);

both_backends!(concurrent_writes_keep_one_chain, |db: TestDb| async move {
    let a = agency(&db.store, "krathok").await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let s = db.store.clone();
        tasks.push(tokio::spawn(async move {
            s.create_unit(&a, &Actor::system("t"), format!("กอง {i}"), None)
                .await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let r = audit::verify_agency(&db.store, &a).await.unwrap();
    assert!(r.is_ok(), "{:?}", r.problems);
    assert_eq!(r.checked, 24);
    db.cleanup().await;
});

both_backends!(login_lockout_and_sessions, |db: TestDb| async move {
    let s = &db.store;
    let a = agency(s, "krathok").await;
    let u = s
        .create_user(&a, &cli(), new_user("palad", Role::Executive, None))
        .await
        .unwrap();
    assert!(matches!(
        s.authenticate("nobody", "whatever").await.unwrap(),
        LoginOutcome::Wrong
    ));
    assert!(matches!(
        s.authenticate("PALAD", "correct horse battery")
            .await
            .unwrap(),
        LoginOutcome::Ok(_)
    ));
    for _ in 0..4 {
        assert!(matches!(
            s.authenticate("palad", "wrong").await.unwrap(),
            LoginOutcome::Wrong
        ));
    }
    assert!(matches!(
        s.authenticate("palad", "wrong").await.unwrap(),
        LoginOutcome::Locked { .. }
    ));
    // locked: even the right password is refused
    assert!(matches!(
        s.authenticate("palad", "correct horse battery")
            .await
            .unwrap(),
        LoginOutcome::Locked { .. }
    ));
    s.unlock_user(&a, &cli(), u.id).await.unwrap();
    let LoginOutcome::Ok(u) = s
        .authenticate("palad", "correct horse battery")
        .await
        .unwrap()
    else {
        panic!("unlocked user logs in");
    };
    let token = s.create_session(&u, false).await.unwrap();
    let info = s.load_session(&token).await.unwrap().expect("session");
    assert_eq!(info.user.id, u.id);
    assert_eq!(info.scope, Some(a));
    assert!(s.load_session("not-a-token").await.unwrap().is_none());
    assert!(s.load_session(&"0".repeat(64)).await.unwrap().is_none());
    // disabling the user ends the session
    s.set_user_active(&a, &cli(), u.id, false).await.unwrap();
    assert!(s.load_session(&token).await.unwrap().is_none());
    let token2 = s.create_session(&u, false).await.unwrap();
    s.delete_session(&token2).await.unwrap();
    assert!(s.load_session(&token2).await.unwrap().is_none());
    let verified = audit::verify(s).await.unwrap();
    assert!(verified.iter().all(|c| c.report.is_ok()));
    db.cleanup().await;
});

both_backends!(demo_seeding_is_idempotent, |db: TestDb| async move {
    let s = &db.store;
    let first = prongsai_store::demo::seed_demo(s).await.unwrap();
    let second = prongsai_store::demo::seed_demo(s).await.unwrap();
    assert_eq!(first.len(), second.len());
    assert!(first
        .iter()
        .zip(&second)
        .all(|(a, b)| a.password != b.password));
    let (scope, agency) = s.agency_by_slug("krathok").await.unwrap().unwrap();
    assert_eq!(agency.name_th, "องค์การบริหารส่วนตำบลกระโทก");
    assert_eq!(
        s.list_units(&scope).await.unwrap().len(),
        prongsai_store::demo::DEMO_UNITS.len()
    );
    for l in &second {
        assert!(matches!(
            s.authenticate(&l.username, &l.password).await.unwrap(),
            LoginOutcome::Ok(_)
        ));
    }
    db.cleanup().await;
});

both_backends!(backup_writes_a_copy, |db: TestDb| async move {
    let s = &db.store;
    agency(s, "krathok").await;
    let dest = std::env::temp_dir().join(format!("prongsai-backup-{}.bak", rand_suffix()));
    s.backup(&dest).await.unwrap();
    let len = std::fs::metadata(&dest).unwrap().len();
    assert!(len > 1000, "backup has content ({len} bytes)");
    // never overwrites
    assert!(s.backup(&dest).await.is_err());
    if db.backend == prongsai_store::testdb::Backend::Sqlite {
        let copy = Store::connect(&format!("sqlite://{}", dest.display()))
            .await
            .unwrap();
        assert!(copy.agency_by_slug("krathok").await.unwrap().is_some());
    } else {
        let sql = std::fs::read_to_string(&dest).unwrap();
        assert!(sql.contains("CREATE TABLE public.agency"));
    }
    let _ = std::fs::remove_file(&dest);
    db.cleanup().await;
});

fn rand_suffix() -> String {
    format!("{:?}", std::time::SystemTime::now()).replace(|c: char| !c.is_ascii_digit(), "")
}

#[test]
fn pg_url_db_name_is_replaced() {
    use prongsai_store::testdb::replace_db_name;
    assert_eq!(
        replace_db_name("postgres://postgres@127.0.0.1:5432/test", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        replace_db_name("postgres://u:p@h/test?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(
        replace_db_name("postgres://h:5432", "x"),
        "postgres://h:5432/x"
    );
}

//! HTTP integration tests: the real server over TCP, on SQLite and on PostgreSQL.

mod common;

use common::{TestApp, PASSWORD};
use prongsai_domain::tenancy::Role;
use prongsai_store::audit;
use prongsai_store::both_backends;
use prongsai_store::testdb::TestDb;

both_backends!(health_metrics_and_public_pages, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    assert_eq!(c.get("/healthz").await.body, "ok\n");
    let x = app.seed_agency("agency-x").await;
    // with one agency, / is its transparency portal
    let root = c.get("/").await;
    assert_eq!(root.status, 200);
    assert!(root.body.contains("<h1"), "{}", root.body);
    assert!(root.body.contains("/agency-x/ita/"), "{}", root.body);
    let home = c.get("/agency-x").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("องค์การบริหารส่วนตำบล agency-x"));
    assert!(home.body.contains("lang=\"th\""));
    let missing = c.get("/no-such-agency").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("ไม่พบหน้าที่ต้องการ"));
    let metrics = c.get("/metrics").await.body;
    assert!(metrics.contains(
        "prongsai_http_requests_total{method=\"GET\",route=\"/{agency}\",status=\"200\"}"
    ));
    assert!(metrics.contains("process_resident_memory_bytes"));
    let css = c.get("/static/app.css").await;
    assert_eq!(css.status, 200);
    assert!(css.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    let _ = x;
    app.stop().await;
});

both_backends!(
    login_dashboard_language_switch_logout,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let c = app.client();
        // staff pages need a login
        let p = c.get("/staff/dashboard").await;
        assert_eq!(p.status, 303);
        assert_eq!(
            p.location.as_deref(),
            Some("/staff/login?next=/staff/dashboard")
        );
        c.login(&x.user(Role::AgencyAdmin)).await;
        let d = c.get("/staff/dashboard").await;
        assert_eq!(d.status, 200);
        assert!(d.body.contains("ปีงบประมาณ พ.ศ."), "{}", d.body);
        assert!(d.body.contains("องค์การบริหารส่วนตำบล agency-x"));
        // switch to English and back
        let sw = c.get("/lang/en?next=/staff/dashboard").await;
        assert_eq!(sw.location.as_deref(), Some("/staff/dashboard"));
        let d = c.get("/staff/dashboard").await;
        assert!(d.body.contains("Current fiscal year"));
        assert!(d.body.contains("lang=\"en\""));
        // an open redirect is refused
        let sw = c.get("/lang/th?next=//evil.example").await;
        assert_eq!(sw.location.as_deref(), Some("/"));
        let out = c.post_form("/staff/dashboard", "/staff/logout", &[]).await;
        assert_eq!(out.status, 303);
        assert_eq!(c.get("/staff/dashboard").await.status, 303);
        app.stop().await;
    }
);

both_backends!(invalid_login_stores_nothing, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let c = app.client();
    let p = c
        .post_form(
            "/staff/login",
            "/staff/login",
            &[
                ("username", &x.user(Role::Viewer)),
                ("password", "wrong password"),
            ],
        )
        .await;
    assert_eq!(p.status, 401);
    assert!(p.body.contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"));
    // Thai, emoji and a very long name in the username field
    let long = "ก".repeat(5000);
    for name in ["สมชาย😀", long.as_str(), "", "<script>alert(1)</script>"] {
        let p = c
            .post_form(
                "/staff/login",
                "/staff/login",
                &[("username", name), ("password", "x")],
            )
            .await;
        assert_eq!(p.status, 401, "{name}");
        assert!(!p.body.contains("<script>alert(1)</script>"));
    }
    assert_eq!(c.get("/staff/dashboard").await.status, 303);
    app.stop().await;
});

both_backends!(lockout_after_five_failures, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let c = app.client();
    let name = x.user(Role::Executive);
    for _ in 0..5 {
        c.post_form(
            "/staff/login",
            "/staff/login",
            &[("username", &name), ("password", "nope")],
        )
        .await;
    }
    let p = c
        .post_form(
            "/staff/login",
            "/staff/login",
            &[("username", &name), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(p.status, 401);
    assert!(p.body.contains("ระงับชั่วคราว"), "{}", p.body);
    app.stop().await;
});

both_backends!(login_is_rate_limited_per_address, |db: TestDb| async move {
    let config = prongsai_web::Config {
        login_per_minute: 3,
        ..Default::default()
    };
    let app = TestApp::spawn_with(db, config).await;
    let c = app.client();
    let mut statuses = Vec::new();
    for i in 0..5 {
        let name = format!("nobody{i}");
        let p = c
            .post_form(
                "/staff/login",
                "/staff/login",
                &[("username", &name), ("password", "x")],
            )
            .await;
        statuses.push(p.status);
    }
    assert_eq!(statuses, [401, 401, 401, 429, 429]);
    app.stop().await;
});

both_backends!(csrf_is_required_on_every_form, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let c = app.client();
    // the login form itself
    let p = c
        .post_raw(
            "/staff/login",
            &[
                ("username", &x.user(Role::AgencyAdmin)),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.status, 403);
    assert!(p.body.contains("แบบฟอร์มหมดอายุ"));
    c.login(&x.user(Role::AgencyAdmin)).await;
    let before = app.db.store.list_units(&x.scope).await.unwrap();
    for token in ["", "wrong", &"0".repeat(64)] {
        let p = c
            .post_raw(
                "/staff/admin/units",
                &[("csrf", token), ("name_th", "กองปลอม")],
            )
            .await;
        assert_eq!(p.status, 403, "token {token:?}");
    }
    let p = c.post_raw("/staff/logout", &[]).await;
    assert_eq!(p.status, 403);
    assert_eq!(app.db.store.list_units(&x.scope).await.unwrap(), before);
    app.stop().await;
});

both_backends!(
    oversized_and_invalid_bodies_are_refused,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let c = app.client();
        c.login(&x.user(Role::AgencyAdmin)).await;
        let token = c.csrf("/staff/admin/units").await;
        let before = app.db.store.list_units(&x.scope).await.unwrap();
        // a declared body over the limit is refused before it is read
        let req = format!(
        "POST /staff/admin/units HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 400000\r\nConnection: close\r\n\r\ncsrf={token}&name_th="
    );
        let raw = common::raw_http(app.addr, req.as_bytes()).await;
        assert!(raw.starts_with("HTTP/1.1 413"), "{raw}");
        assert!(raw.contains("ขนาดใหญ่เกินกำหนด"), "{raw}");
        let mut bad = format!("csrf={token}&name_th=").into_bytes();
        bad.extend_from_slice(&[0xff, 0xfe, 0xfd]);
        let p = c.post_bytes("/staff/admin/units", bad).await;
        assert_eq!(p.status, 400);
        assert!(p.body.contains("ข้อมูลที่ส่งมาไม่ถูกต้อง"));
        // a field too long for the domain rule: a typed message next to the field
        let long = "ก".repeat(301);
        let p = c
            .post_form(
                "/staff/admin/units",
                "/staff/admin/units",
                &[("name_th", &long)],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ข้อความยาวเกิน 300 ตัวอักษร"));
        assert_eq!(app.db.store.list_units(&x.scope).await.unwrap(), before);
        // the server still answers
        assert_eq!(c.get("/healthz").await.status, 200);
        app.stop().await;
    }
);

both_backends!(
    thai_emoji_and_markup_in_every_field,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let c = app.client();
        c.login(&x.user(Role::AgencyAdmin)).await;
        let evil = "กองช่าง 🏗️ <script>alert('x')</script> & \"quotes\"";
        let p = c
            .post_form(
                "/staff/admin/units",
                "/staff/admin/units",
                &[("name_th", evil), ("name_en", "Works 🔧")],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let units = app.db.store.list_units(&x.scope).await.unwrap();
        let u = units
            .iter()
            .find(|u| u.name_th == evil)
            .expect("stored exactly");
        let page = c.get("/staff/admin/units").await.body;
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("&#60;script&#62;"), "{page}");
        let unit_id = u.id.to_string();
        let p = c
            .post_form(
                "/staff/admin/users",
                "/staff/admin/users",
                &[
                    ("username", "new.staff"),
                    ("display_name", "นางสาว ใจดี 😊 <b>x</b>"),
                    ("position", "นักวิชาการพัสดุ ✨"),
                    ("role", "unit_staff"),
                    ("unit_id", &unit_id),
                    ("password", "ยาวพอแล้ว 1234 🔑"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let users = c.get("/staff/admin/users").await.body;
        assert!(users.contains("นางสาว ใจดี 😊 &#60;b&#62;x&#60;/b&#62;"));
        // the new user logs in with a Thai and emoji password
        let c2 = app.client();
        let p = c2
            .post_form(
                "/staff/login",
                "/staff/login",
                &[("username", "new.staff"), ("password", "ยาวพอแล้ว 1234 🔑")],
            )
            .await;
        assert_eq!(p.status, 303);
        // settings with Thai and emoji
        let p = c
            .post_form(
                "/staff/admin/settings",
                "/staff/admin/settings",
                &[
                    ("name_th", "อบต. ทดสอบ 🌾 <i>"),
                    ("name_en", "Test SAO"),
                    ("kind", "sao"),
                    ("province", "นครราชสีมา"),
                    ("district", "โชคชัย"),
                    ("address", "หมู่ ๑ ตำบลกระโทก\nบรรทัดสอง"),
                    ("phone", "๐๔๔-๑๒๓-๔๕๖"),
                    ("email", "saraban@example.go.th"),
                    ("website", "https://example.go.th"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let home = c.get("/agency-x").await.body;
        assert!(home.contains("อบต. ทดสอบ 🌾 &#60;i&#62;"));
        assert!(home.contains("๐๔๔-๑๒๓-๔๕๖"));
        // a bad e-mail: message next to the field, nothing stored
        let p = c
            .post_form(
                "/staff/admin/settings",
                "/staff/admin/settings",
                &[
                    ("name_th", "เปลี่ยน"),
                    ("kind", "sao"),
                    ("province", "x"),
                    ("email", "not an email"),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("รูปแบบอีเมลไม่ถูกต้อง"));
        assert_eq!(
            app.db.store.agency(&x.scope).await.unwrap().name_th,
            "อบต. ทดสอบ 🌾 <i>"
        );
        app.stop().await;
    }
);

both_backends!(
    agency_x_cannot_see_or_change_agency_y,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let y = app.seed_agency("agency-y").await;
        let s = &app.db.store;
        let y_user = s.list_users(&y.scope).await.unwrap()[0].clone();
        let y_unit = s.list_units(&y.scope).await.unwrap()[0].clone();
        let c = app.client();
        c.login(&x.user(Role::AgencyAdmin)).await;
        // listings show only X
        let users = c.get("/staff/admin/users").await.body;
        assert!(users.contains("agency-x.viewer"));
        assert!(!users.contains("agency-y."));
        assert!(!c
            .get("/staff/admin/units")
            .await
            .body
            .contains(&format!("/staff/admin/units/{}\"", y_unit.id)));
        // direct ids of Y: 404 on every route, nothing changed
        assert_eq!(
            c.get(&format!("/staff/admin/users/{}", y_user.id))
                .await
                .status,
            404
        );
        let token = c.csrf("/staff/admin/users").await;
        let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
            (
                format!("/staff/admin/users/{}", y_user.id),
                vec![("display_name", "hijack"), ("role", "agency_admin")],
            ),
            (
                format!("/staff/admin/users/{}/active", y_user.id),
                vec![("active", "0")],
            ),
            (format!("/staff/admin/users/{}/unlock", y_user.id), vec![]),
            (
                format!("/staff/admin/units/{}", y_unit.id),
                vec![("name_th", "hijack")],
            ),
            (format!("/staff/admin/units/{}/delete", y_unit.id), vec![]),
        ];
        for (path, fields) in posts {
            let mut all = vec![("csrf", token.as_str())];
            all.extend(fields);
            let p = c.post_raw(&path, &all).await;
            assert_eq!(p.status, 404, "{path}");
        }
        // assigning Y's unit to an X user is refused with a message
        let x_user = s.list_users(&x.scope).await.unwrap()[0].clone();
        let unit = y_unit.id.to_string();
        let p = c
            .post_raw(
                &format!("/staff/admin/users/{}", x_user.id),
                &[
                    ("csrf", &token),
                    ("display_name", "x"),
                    ("role", x_user.role.as_str()),
                    ("unit_id", &unit),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert_eq!(s.user(&y.scope, y_user.id).await.unwrap(), y_user);
        assert_eq!(s.unit(&y.scope, y_unit.id).await.unwrap(), y_unit);
        // Y's audit chain has only Y's own seeding
        assert!(audit::list(s, &y.scope, 100, 0)
            .await
            .unwrap()
            .iter()
            .all(|e| e.actor_label == "test"));
        app.stop().await;
    }
);

both_backends!(roles_are_enforced, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    for role in [Role::Viewer, Role::UnitStaff, Role::Executive] {
        let c = app.client();
        c.login(&x.user(role)).await;
        assert_eq!(c.get("/staff/dashboard").await.status, 200);
        assert_eq!(c.get("/staff/admin/users").await.status, 403, "{role:?}");
        assert_eq!(c.get("/staff/admin/settings").await.status, 403, "{role:?}");
        assert_eq!(
            c.get("/staff/system/agencies").await.status,
            403,
            "{role:?}"
        );
        let p = c
            .post_form(
                "/staff/dashboard",
                "/staff/admin/units",
                &[("name_th", "กองใหม่")],
            )
            .await;
        assert_eq!(p.status, 403, "{role:?}");
        let audit_status = c.get("/staff/admin/audit").await.status;
        assert_eq!(
            audit_status,
            if role == Role::Executive { 200 } else { 403 }
        );
    }
    assert_eq!(app.db.store.list_units(&x.scope).await.unwrap().len(), 1);
    app.stop().await;
});

both_backends!(admin_manages_units_and_users, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let c = app.client();
    c.login(&x.user(Role::AgencyAdmin)).await;
    let p = c
        .post_form(
            "/staff/admin/units",
            "/staff/admin/units",
            &[("name_th", "กองคลัง")],
        )
        .await;
    assert_eq!(p.status, 303);
    // duplicate name: message, no second unit
    let p = c
        .post_form(
            "/staff/admin/units",
            "/staff/admin/units",
            &[("name_th", "กองคลัง")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("มีกอง/งานชื่อนี้แล้ว"));
    let units = app.db.store.list_units(&x.scope).await.unwrap();
    assert_eq!(units.len(), 2);
    let finance = units.iter().find(|u| u.name_th == "กองคลัง").unwrap();
    let p = c
        .post_form(
            "/staff/admin/units",
            &format!("/staff/admin/units/{}", finance.id),
            &[("name_th", "กองคลัง (การเงิน)")],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = c
        .post_form(
            "/staff/admin/units",
            &format!("/staff/admin/units/{}/delete", finance.id),
            &[],
        )
        .await;
    assert_eq!(p.status, 303);
    // a unit with members cannot be deleted
    let busy = app.db.store.list_units(&x.scope).await.unwrap()[0].clone();
    let p = c
        .post_form(
            "/staff/admin/units",
            &format!("/staff/admin/units/{}/delete", busy.id),
            &[],
        )
        .await;
    assert_eq!(p.status, 422);
    // bad user inputs: each gets its message
    for (fields, msg) in [
        (
            vec![
                ("username", "ส"),
                ("display_name", "x"),
                ("role", "viewer"),
                ("password", "long enough pw"),
            ],
            "ชื่อผู้ใช้ต้องเป็น",
        ),
        (
            vec![
                ("username", "okname"),
                ("display_name", ""),
                ("role", "viewer"),
                ("password", "long enough pw"),
            ],
            "กรุณากรอกข้อมูล",
        ),
        (
            vec![
                ("username", "okname"),
                ("display_name", "x"),
                ("role", "system_admin"),
                ("password", "long enough pw"),
            ],
            "บทบาทไม่ถูกต้อง",
        ),
        (
            vec![
                ("username", "okname"),
                ("display_name", "x"),
                ("role", "viewer"),
                ("password", "short"),
            ],
            "อย่างน้อย 10",
        ),
        (
            vec![
                ("username", "agency-x.viewer"),
                ("display_name", "x"),
                ("role", "viewer"),
                ("password", "long enough pw"),
            ],
            "มีอยู่แล้ว",
        ),
    ] {
        let p = c
            .post_form("/staff/admin/users", "/staff/admin/users", &fields)
            .await;
        assert_eq!(p.status, 422, "{fields:?}");
        assert!(p.body.contains(msg), "{msg}: {}", p.body);
    }
    assert_eq!(app.db.store.count_users(&x.scope).await.unwrap(), 4);
    // disabling a user ends their sessions
    let viewer = app.client();
    viewer.login(&x.user(Role::Viewer)).await;
    let v = app
        .db
        .store
        .list_users(&x.scope)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == x.user(Role::Viewer))
        .unwrap();
    let p = c
        .post_form(
            "/staff/admin/users",
            &format!("/staff/admin/users/{}/active", v.id),
            &[("active", "0")],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(viewer.get("/staff/dashboard").await.status, 303);
    // the admin cannot disable themself
    let me = app
        .db
        .store
        .list_users(&x.scope)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == x.user(Role::AgencyAdmin))
        .unwrap();
    let p = c
        .post_form(
            "/staff/admin/users",
            &format!("/staff/admin/users/{}/active", me.id),
            &[("active", "0")],
        )
        .await;
    assert_eq!(p.status, 422);
    // the audit page verifies the chain; the CSV has a BOM and every entry
    let a = c.get("/staff/admin/audit").await;
    assert!(a.body.contains("ไม่พบการแก้ไข"));
    let csv = c.get("/staff/admin/audit.csv").await;
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(csv.body.contains("กองคลัง (การเงิน)"));
    app.stop().await;
});

both_backends!(totp_second_factor, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let c = app.client();
    c.login(&x.user(Role::AgencyAdmin)).await;
    // the agency requires a second factor of admins: the admin is sent to enrol
    let p = c
        .post_form(
            "/staff/admin/settings",
            "/staff/admin/settings",
            &[
                ("name_th", "อบต.เอ็กซ์"),
                ("kind", "sao"),
                ("province", "นครราชสีมา"),
                ("require_totp_admins", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = c.get("/staff/dashboard").await;
    assert_eq!(p.location.as_deref(), Some("/staff/account?required=1"));
    let account = c.get("/staff/account?required=1").await.body;
    assert!(account.contains("id=\"totp-secret\""), "{account}");
    let marker = "id=\"totp-secret\" class=\"secret\">";
    let i = account.find(marker).unwrap() + marker.len();
    let secret = account[i..i + 32].to_string();
    let now = || chrono::Utc::now().timestamp() as u64;
    let code = |t: u64| {
        format!(
            "{:06}",
            prongsai_web::security::totp_at(&secret, t / 30).unwrap()
        )
    };
    let p = c
        .post_form(
            "/staff/account",
            "/staff/account/totp/enable",
            &[("secret", &secret), ("code", "000000")],
        )
        .await;
    assert!(p.status == 422 || code(now()) == "000000");
    let p = c
        .post_form(
            "/staff/account",
            "/staff/account/totp/enable",
            &[("secret", &secret), ("code", &code(now()))],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(c.get("/staff/dashboard").await.status, 200);
    // a new login now asks for the code
    let c2 = app.client();
    let p = c2
        .post_form(
            "/staff/login",
            "/staff/login",
            &[
                ("username", &x.user(Role::AgencyAdmin)),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(p.location.unwrap().starts_with("/staff/login/totp"));
    assert_eq!(
        c2.get("/staff/dashboard").await.location.as_deref(),
        Some("/staff/login/totp")
    );
    let p = c2
        .post_form(
            "/staff/login/totp",
            "/staff/login/totp",
            &[("code", "12345")],
        )
        .await;
    assert_eq!(p.status, 401);
    let p = c2
        .post_form(
            "/staff/login/totp",
            "/staff/login/totp",
            &[("code", &code(now()))],
        )
        .await;
    assert_eq!(p.location.as_deref(), Some("/staff/dashboard"));
    assert_eq!(c2.get("/staff/dashboard").await.status, 200);
    app.stop().await;
});

both_backends!(system_admin_creates_agencies, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let s = &app.db.store;
    s.create_system_admin(
        &prongsai_store::Actor::system("test"),
        prongsai_store::tenancy::NewUser {
            username: "root".into(),
            display_name: "Root".into(),
            position: None,
            role: Role::SystemAdmin,
            unit_id: None,
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap();
    let c = app.client();
    c.login("root").await;
    assert_eq!(c.get("/staff/dashboard").await.status, 200);
    let fields = [
        ("slug", "nong-bua"),
        ("name_th", "เทศบาลตำบลหนองบัว"),
        ("kind", "municipality"),
        ("province", "อุดรธานี"),
    ];
    let p = c
        .post_form("/staff/system/agencies", "/staff/system/agencies", &fields)
        .await;
    assert_eq!(p.status, 303);
    let p = c
        .post_form("/staff/system/agencies", "/staff/system/agencies", &fields)
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ชื่อย่อนี้ถูกใช้แล้ว"));
    let p = c
        .post_form(
            "/staff/system/agencies",
            "/staff/system/agencies",
            &[
                ("slug", "staff"),
                ("name_th", "x"),
                ("kind", "sao"),
                ("province", "x"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert_eq!(s.list_agencies().await.unwrap().len(), 1);
    // a system admin has no agency pages
    assert_eq!(c.get("/staff/admin/users").await.status, 403);
    app.stop().await;
});

//! The e-Service over HTTP, on SQLite and PostgreSQL: a citizen files a request without an
//! account (consent, contact, photo), gets a tracking code and follows it; staff work it
//! through its states; abuse is refused (honeypot, missing consent, guessing codes, other
//! agencies, script in every field).

mod common;

use common::TestApp;
use prongsai_domain::eservice::{FieldDef, FieldKind, FormDef};
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::eservice::ServiceDraft;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;

fn lamp_form() -> FormDef {
    let mut name = FieldDef::new("name", "ชื่อ-นามสกุล", FieldKind::Text);
    name.required = true;
    let mut place = FieldDef::new("where", "จุดที่ชำรุด", FieldKind::Text);
    place.required = true;
    FormDef {
        fields: vec![
            name,
            place,
            FieldDef::new("location", "ตำแหน่ง", FieldKind::Location),
            FieldDef::new("photo", "ภาพถ่าย", FieldKind::Photo),
        ],
        documents: vec![],
    }
}

/// The tracking code shown on a receipt page.
fn code_on(body: &str) -> String {
    let start = body.find("id=\"tracking-code\">").expect("a code") + "id=\"tracking-code\">".len();
    body[start..start + 19].to_string()
}

both_backends!(
    citizen_files_and_tracks_a_request,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let y = app.seed_agency("agency-y").await;
        let s = &app.db.store;
        let service = s
            .create_service(
                &x.scope,
                &Actor::system("t"),
                ServiceDraft {
                    name_th: "แจ้งซ่อมไฟฟ้าสาธารณะ".into(),
                    name_en: Some("Street lights".into()),
                    description_th: "ไฟถนนดับ".into(),
                    unit_id: None,
                    target_days: 7,
                    form: lamp_form(),
                    active: true,
                },
            )
            .await
            .unwrap();
        let citizen = app.client();
        let cat = citizen.get("/agency-x/eservice").await;
        assert_eq!(cat.status, 200);
        assert!(cat.body.contains("แจ้งซ่อมไฟฟ้าสาธารณะ"));
        assert_eq!(
            citizen.get("/agency-y/eservice").await.status,
            200,
            "another agency has its own (empty) catalogue"
        );
        assert_eq!(
            citizen
                .get(&format!("/agency-y/eservice/{}", service.id))
                .await
                .status,
            404
        );
        let form = format!("/agency-x/eservice/{}", service.id);
        let submit = format!("{form}/submit");
        let fields = |consent: &'static str, honeypot: &'static str| {
            vec![
                ("f_name", "<script>alert(1)</script>นาย ก"),
                ("f_where", "หมู่ ๓ หน้าวัด"),
                ("f_location", "14.9799, 102.0978"),
                ("phone", "๐๘๑-๒๓๔-๕๖๗๘"),
                ("email", ""),
                ("consent", consent),
                ("website", honeypot),
            ]
        };
        // refused: no consent, a robot, no contact; nothing is stored
        let p = citizen
            .multipart(&form, &submit, &fields("", ""), None)
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("ยินยอม"));
        assert!(
            !p.body.contains("<script>alert(1)"),
            "escaped when shown again"
        );
        let p = citizen
            .multipart(&form, &submit, &fields("yes", "http://spam"), None)
            .await;
        assert_eq!(p.status, 422);
        let mut no_contact = fields("yes", "");
        no_contact[3] = ("phone", "");
        let p = citizen.multipart(&form, &submit, &no_contact, None).await;
        assert_eq!(p.status, 422);
        let p = citizen
            .multipart(
                &form,
                &submit,
                &fields("yes", ""),
                Some(("x.png", b"<html>not a picture</html>".to_vec())),
            )
            .await;
        assert_eq!(
            p.status, 200,
            "a bad file in the `file` slot is ignored: {}",
            p.body
        );
        let today = chrono::Utc::now().date_naive();
        let filter = prongsai_store::eservice::RequestFilter::all(today);
        assert_eq!(s.count_requests(&x.scope, filter).await.unwrap(), 1);

        // a real request with a photo in its own field
        let token = citizen.csrf(&form).await;
        let part = reqwest::multipart::Part::bytes(common::PNG.to_vec()).file_name("lamp.png");
        let mut mp = reqwest::multipart::Form::new().text("csrf", token);
        for (k, v) in fields("yes", "") {
            mp = mp.text(k, v);
        }
        mp = mp.part("f_photo", part);
        let r = citizen
            .http
            .post(format!("{}{submit}", citizen.base))
            .multipart(mp)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(
            r.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
        let receipt = r.text().await.unwrap();
        let code = code_on(&receipt);
        assert_eq!(code.len(), 19, "{code}");
        assert_eq!(s.count_requests(&x.scope, filter).await.unwrap(), 2);

        // tracking: by the code (any case, dashes or not), never in the address
        let track = "/agency-x/eservice/track";
        let p = citizen
            .post_form(
                track,
                track,
                &[("code", &code.to_lowercase().replace('-', " "))],
            )
            .await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(p.body.contains("แจ้งซ่อมไฟฟ้าสาธารณะ"));
        assert!(p.body.contains("id=\"state\""));
        assert!(!p.body.contains("0812345678"), "the phone is masked");
        let other = citizen
            .post_form(
                "/agency-y/eservice/track",
                "/agency-y/eservice/track",
                &[("code", &code)],
            )
            .await;
        assert_eq!(other.status, 422, "another agency does not know the code");

        // staff see it, with the answer escaped and the photo; they work it
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let list = admin.get("/staff/eservice").await;
        assert_eq!(list.status, 200);
        let href_at = list.body.find("/staff/eservice/requests/").unwrap();
        let rest = &list.body[href_at..];
        let href = &rest[..rest.find('"').unwrap()];
        let page = admin.get(href).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("&#60;script&#62;") || page.body.contains("&lt;script&gt;"));
        assert!(!page.body.contains("<script>alert(1)"));
        assert!(page.body.contains("081-234-5678"), "staff see the phone");
        let photo_at = page.body.find("/photo/photo").expect("the photo link");
        let photo_href = {
            let start = page.body[..photo_at].rfind('"').unwrap() + 1;
            &page.body[start..photo_at + "/photo/photo".len()]
        };
        let (status, headers, bytes) = admin.get_bytes(photo_href).await;
        assert_eq!(status, 200);
        assert_eq!(bytes, common::PNG.to_vec());
        assert_eq!(headers["cache-control"], "private, no-store");
        let (status, _, _) = citizen.get_bytes(photo_href).await;
        assert_ne!(status, 200, "photos are for staff only");
        let other_staff = app.client();
        other_staff.login(&y.user(Role::AgencyAdmin)).await;
        assert_eq!(other_staff.get(href).await.status, 404);

        let mv = format!("{href}/move");
        let p = admin
            .post_form(
                href,
                &mv,
                &[("to", "rejected"), ("note", "x"), ("public", "1")],
            )
            .await;
        assert_eq!(p.status, 422, "a rejection needs a reason");
        let p = admin
            .post_form(
                href,
                &mv,
                &[
                    ("to", "in_progress"),
                    ("note", "ช่างจะออกตรวจพรุ่งนี้"),
                    ("public", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let viewer = app.client();
        viewer.login(&x.user(Role::Viewer)).await;
        let p = viewer
            .post_form(href, &mv, &[("to", "done"), ("note", ""), ("public", "1")])
            .await;
        assert_eq!(p.status, 403);
        let p = citizen.post_form(track, track, &[("code", &code)]).await;
        assert!(p.body.contains("ช่างจะออกตรวจพรุ่งนี้"), "the public note shows");

        // guessing codes: after a few wrong ones the address waits
        let guesser = app.client();
        let mut last = 0;
        for i in 0..12 {
            let p = guesser
                .post_form(track, track, &[("code", &format!("AAAA-BBBB-CCCC-{i:04}"))])
                .await;
            last = p.status;
        }
        assert_eq!(last, 429, "the tracking form is rate-limited");

        // the public statistics count both requests; no personal data
        let stats = citizen.get("/agency-x/stats").await;
        assert_eq!(stats.status, 200, "{}", stats.body);
        assert!(stats.body.contains("id=\"received\">2<"), "{}", stats.body);
        assert!(stats.body.contains("แจ้งซ่อมไฟฟ้าสาธารณะ"));
        assert!(!stats.body.contains("นาย ก") && !stats.body.contains("081"));
        assert_eq!(
            citizen.get("/agency-x/stats?period=quarter:9").await.status,
            404
        );
        assert_eq!(citizen.get("/agency-x/stats?year=2400").await.status, 404);
        let q1 = citizen.get("/agency-x/stats?period=quarter:1").await;
        assert_eq!(q1.status, 200);
        app.stop().await;
    }
);

both_backends!(
    admin_defines_a_service_and_its_form,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let new = "/staff/eservice/services/new";
        let page = admin.get(new).await;
        assert_eq!(page.status, 200, "{}", page.body);
        // a choice without choices is refused, and what was typed stays
        let p = admin
            .post_form(
                new,
                new,
                &[
                    ("name_th", "ขอความอนุเคราะห์รถน้ำ"),
                    ("target_days", "๓"),
                    ("active", "1"),
                    ("fl_0_key", ""),
                    ("fl_0_label", "ชื่อ <b>ผู้ขอ</b>"),
                    ("fl_0_kind", "text"),
                    ("fl_0_required", "1"),
                    ("fl_1_key", ""),
                    ("fl_1_label", "ประเภทน้ำ"),
                    ("fl_1_kind", "choice"),
                    ("fl_1_options", ""),
                ],
            )
            .await;
        assert_eq!(p.status, 422, "{}", p.body);
        assert!(!p.body.contains("<b>ผู้ขอ</b>"));
        assert!(p.body.contains("ขอความอนุเคราะห์รถน้ำ"));
        let fields = [
            ("name_th", "ขอความอนุเคราะห์รถน้ำ"),
            ("description", "น้ำอุปโภคบริโภค"),
            ("target_days", "๓"),
            ("documents", "สำเนาบัตรประจำตัวประชาชน"),
            ("active", "1"),
            ("fl_0_key", ""),
            ("fl_0_label", "ชื่อผู้ขอ"),
            ("fl_0_kind", "text"),
            ("fl_0_required", "1"),
            ("fl_1_key", ""),
            ("fl_1_label", "ประเภทน้ำ"),
            ("fl_1_kind", "choice"),
            ("fl_1_options", "น้ำดื่ม, น้ำใช้"),
            ("fl_2_key", ""),
            ("fl_2_label", ""),
            ("fl_2_kind", "text"),
        ];
        let p = admin.post_form(new, new, &fields).await;
        assert_eq!(p.status, 303, "{}", p.body);
        let services = app.db.store.list_services(&x.scope, false).await.unwrap();
        assert_eq!(services.len(), 1);
        let s = &services[0];
        assert_eq!(s.target_days, 3);
        assert_eq!(s.form.fields.len(), 2);
        assert_eq!(s.form.fields[1].key, "f2");
        // the citizen sees it, with its choices
        let form = app
            .client()
            .get(&format!("/agency-x/eservice/{}", s.id))
            .await;
        assert!(form.body.contains("ประเภทน้ำ"));
        assert!(form.body.contains("น้ำใช้"));
        assert!(form.body.contains("สำเนาบัตรประจำตัวประชาชน"));
        // an edit keeps the keys answers refer to, and a cleared label removes its row
        let edit = format!("/staff/eservice/services/{}", s.id);
        let p = admin
            .post_form(
                &edit,
                &edit,
                &[
                    ("name_th", "ขอความอนุเคราะห์รถน้ำ"),
                    ("target_days", "5"),
                    ("fl_0_key", "f1"),
                    ("fl_0_label", ""),
                    ("fl_0_kind", "text"),
                    ("fl_1_key", "f2"),
                    ("fl_1_label", "ประเภทน้ำที่ต้องการ"),
                    ("fl_1_kind", "choice"),
                    ("fl_1_options", "น้ำดื่ม, น้ำใช้"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let s = app.db.store.service(&x.scope, s.id).await.unwrap();
        assert_eq!(s.form.fields.len(), 1);
        assert_eq!(s.form.fields[0].key, "f2");
        assert!(!s.active, "unticked: closed");
        assert_eq!(
            app.client()
                .get(&format!("/agency-x/eservice/{}", s.id))
                .await
                .status,
            404,
            "a closed service takes no requests"
        );
        // unit staff may not define services, but record counter work, which the statistics count
        let staff = app.client();
        staff.login(&x.user(Role::UnitStaff)).await;
        assert_eq!(staff.get(new).await.status, 403);
        let sid = s.id.to_string();
        let today = chrono::Utc::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string();
        for (count, done, day) in [
            ("๓", "5", today.as_str()),
            ("x", "1", today.as_str()),
            ("3", "1", "2999-01-01"),
        ] {
            let p = staff
                .post_form(
                    "/staff/eservice",
                    "/staff/eservice/counter",
                    &[
                        ("service_id", &sid),
                        ("day", day),
                        ("count", count),
                        ("done", done),
                    ],
                )
                .await;
            assert_eq!(p.status, 422, "{count} {done} {day}");
        }
        let p = staff
            .post_form(
                "/staff/eservice",
                "/staff/eservice/counter",
                &[
                    ("service_id", &sid),
                    ("day", &today),
                    ("count", "๑๒"),
                    ("done", "10"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let stats = app.client().get("/agency-x/stats").await.body;
        assert!(stats.contains("id=\"received\">12<"), "{stats}");
        let viewer = app.client();
        viewer.login(&x.user(Role::Viewer)).await;
        let p = viewer
            .post_form(
                "/staff/eservice",
                "/staff/eservice/counter",
                &[
                    ("service_id", &sid),
                    ("day", &today),
                    ("count", "1"),
                    ("done", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, 403);
        app.stop().await;
    }
);

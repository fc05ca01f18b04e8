//! Announcements over HTTP, on SQLite and PostgreSQL: the coordinator edits the default draft
//! (bad input refused with Thai messages and nothing stored; `<script>` kept as text), opens a
//! version and submits it, the executive signs it; only then are the page, PDF and DOCX public
//! and the OIT item's permalink lists the PDF. A signed announcement cannot change; other
//! agencies, roles without the permission and posts without the CSRF token are refused; the
//! pages speak English on request; a standing document starts from an earlier year's.

mod common;

use common::TestApp;
use prongsai_domain::announcement::{AnnouncementForm, AnnouncementKind};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::RoundState;
use prongsai_domain::tenancy::Role;
use prongsai_store::announcement::sign_key;
use prongsai_store::both_backends;
use prongsai_store::testdb::TestDb;

const EDIT: &str = "/staff/announcements/2566/nogift.announcement";

fn fy(be: i32) -> FiscalYear {
    FiscalYear::new(be).unwrap()
}

/// The form's fields as posted: the default draft of `kind` with `changes`.
fn fields(form: &AnnouncementForm, changes: &[(&'static str, &str)]) -> Vec<(String, String)> {
    let mut out = vec![
        ("heading".to_string(), form.heading.clone()),
        ("subject".into(), form.subject.clone()),
        ("body".into(), form.body.clone()),
        ("closing".into(), form.closing.clone()),
        ("date".into(), form.date.clone()),
        ("signer_name".into(), form.signer_name.clone()),
        ("signer_position".into(), form.signer_position.clone()),
    ];
    for (i, (h, t)) in form.sections.iter().enumerate() {
        out.push((format!("section_heading_{i}"), h.clone()));
        out.push((format!("section_text_{i}"), t.clone()));
    }
    for (k, v) in changes {
        match out.iter_mut().find(|(f, _)| f == k) {
            Some(f) => f.1 = v.to_string(),
            None => out.push((k.to_string(), v.to_string())),
        }
    }
    out
}

fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

both_backends!(edit_submit_sign_publish, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let s = app.db.store.clone();
    let kind = AnnouncementKind::NoGift;
    let key = sign_key(kind, fy(2566));
    let public = format!("/{}/announcements/2566/nogift.announcement", x.slug);
    let citizen = app.client();
    for p in [
        public.clone(),
        format!("{public}.pdf"),
        format!("{public}.docx"),
    ] {
        assert_eq!(citizen.get(&p).await.status, 404, "{p} before any draft");
    }

    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let list = admin.get("/staff/announcements").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("ประกาศเจตนารมณ์นโยบาย No Gift Policy"));
    assert!(list.body.contains(EDIT), "{}", list.body);
    // the default draft names the agency and the year, not saved yet
    let page = admin.get(EDIT).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ประกาศองค์การบริหารส่วนตำบล agency-x"));
    assert!(page.body.contains("พ.ศ. 2566"));
    assert!(page.body.contains("id=\"default-draft\""));
    let preview = admin.get_bytes(&format!("{EDIT}/preview.pdf")).await;
    assert_eq!(preview.0, 200);
    assert!(preview.2.starts_with(b"%PDF"));
    let form = AnnouncementForm::of(
        &s.default_announcement(&x.scope, fy(2566), kind)
            .await
            .unwrap(),
    );

    // bad input: 422, Thai messages, what was typed kept, nothing stored
    let bad = fields(
        &form,
        &[
            ("heading", "คำสั่งองค์การบริหารส่วนตำบล agency-x"),
            ("subject", " "),
            ("date", "1 ตุลาคม 2570"),
            ("signer_name", "นายทดสอบ พิมพ์ไว้"),
        ],
    );
    let p = admin.post_form(EDIT, EDIT, &refs(&bad)).await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("หัวประกาศต้องขึ้นต้นด้วยคำว่า"), "{}", p.body);
    assert!(p.body.contains("กรุณากรอกเรื่อง"));
    assert!(p.body.contains("วันที่ประกาศต้องอยู่ในปีงบประมาณ พ.ศ. ๒๕๖๖"));
    assert!(p.body.contains("value=\"นายทดสอบ พิมพ์ไว้\""));
    assert!(p.body.contains("value=\"คำสั่งองค์การบริหารส่วนตำบล agency-x\""));
    assert!(s
        .announcement(&x.scope, fy(2566), kind)
        .await
        .unwrap()
        .is_none());
    // no CSRF token: refused, nothing stored
    let good = fields(
        &form,
        &[
            (
                "body",
                "ย่อหน้าแรก <script>alert(1)</script>\r\n\r\nย่อหน้าที่สอง",
            ),
            ("signer_name", "นายสมชาย ใจดี"),
            ("section_heading_9", "ข้อเพิ่มเติม"),
            ("section_text_9", "ข้อความของข้อเพิ่มเติม"),
        ],
    );
    let p = admin.post_raw(EDIT, &refs(&good)).await;
    assert_eq!(p.status, 403);
    assert!(s
        .announcement(&x.scope, fy(2566), kind)
        .await
        .unwrap()
        .is_none());
    // roles without the permission: refused
    for role in [Role::Viewer, Role::UnitStaff, Role::Executive] {
        let c = app.client();
        c.login(&x.user(role)).await;
        assert_eq!(c.get(EDIT).await.status, 200, "{role:?} may read");
        let p = c.post_form(EDIT, EDIT, &refs(&good)).await;
        assert_eq!(p.status, 403, "{role:?}");
    }
    assert!(s
        .announcement(&x.scope, fy(2566), kind)
        .await
        .unwrap()
        .is_none());

    // saved
    let p = admin.post_form(EDIT, EDIT, &refs(&good)).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location.as_deref(), Some(&*format!("{EDIT}?saved=1")));
    let saved = s
        .announcement(&x.scope, fy(2566), kind)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        saved.content.body,
        ["ย่อหน้าแรก <script>alert(1)</script>", "ย่อหน้าที่สอง"]
    );
    assert_eq!(saved.content.sections.len(), form.sections.len() + 1);
    let page = admin.get(&format!("{EDIT}?saved=1")).await;
    assert!(page.body.contains("id=\"saved\""));
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert(1)"));
    // still nothing public
    assert_eq!(citizen.get(&format!("{public}.pdf")).await.status, 404);

    // submitting before a version is opened is refused
    let p = admin.post_form(EDIT, &format!("{EDIT}/submit"), &[]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ยังไม่ได้เปิดฉบับ"), "{}", p.body);
    let p = admin
        .post_form(
            EDIT,
            "/staff/signoff/open",
            &[
                ("kind", "nogift.announcement"),
                ("year", "2566"),
                ("period", "year"),
                ("title", "ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ พ.ศ. 2566"),
                ("return_to", EDIT),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = admin.post_form(EDIT, &format!("{EDIT}/submit"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let v = s.current_signed(&x.scope, key).await.unwrap().unwrap();
    assert_eq!(v.state(), RoundState::Submitted);
    assert_eq!(
        v.content::<prongsai_domain::announcement::Announcement>()
            .unwrap()
            .unwrap(),
        saved.content
    );
    // submitted: frozen
    let change = fields(&form, &[("signer_name", "นายเปลี่ยน ภายหลัง")]);
    let p = admin.post_form(EDIT, EDIT, &refs(&change)).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ถอนการเสนอ"), "{}", p.body);

    // another user — the executive — signs; then it is public
    let exec = app.client();
    exec.login(&x.user(Role::Executive)).await;
    let ack = format!("/staff/signoff/{}/acknowledge", v.id);
    let p = exec
        .post_form(EDIT, &ack, &[("note", "ลงนามแล้ว"), ("return_to", EDIT)])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (status, headers, pdf) = citizen.get_bytes(&format!("{public}.pdf")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF"));
    // kept: the same bytes again
    assert_eq!(citizen.get_bytes(&format!("{public}.pdf")).await.2, pdf);
    let (status, _, docx) = citizen.get_bytes(&format!("{public}.docx")).await;
    assert_eq!(status, 200);
    assert!(docx.starts_with(b"PK"));
    let html = citizen.get(&public).await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains("ประกาศองค์การบริหารส่วนตำบล agency-x"));
    assert!(html
        .body
        .contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(!html.body.contains("<script>alert(1)"));
    assert!(html.body.contains("(นายสมชาย ใจดี)"));
    assert!(html.body.contains("ข้อเพิ่มเติม"));
    // the OIT item of the year lists it
    let item = citizen.get(&format!("/{}/ita/2566/O31", x.slug)).await;
    assert_eq!(item.status, 200);
    assert!(
        item.body.contains(&format!("{public}.pdf")),
        "{}",
        item.body
    );
    // unknown kinds and years, other agencies: nothing
    for p in [
        format!("/{}/announcements/2566/nogift.announcement.pdf", y.slug),
        format!("/{}/announcements/2566/hr.policy.pdf", x.slug),
        format!("/{}/announcements/2566/nogift.other", x.slug),
        format!("/{}/announcements/2566/nogift.announcement.exe", x.slug),
        format!("/{}/announcements/abc/nogift.announcement", x.slug),
        format!("/{}/announcements/2567/nogift.announcement.pdf", x.slug),
    ] {
        assert_eq!(citizen.get(&p).await.status, 404, "{p}");
    }
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    let theirs = other.get(EDIT).await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.body.contains("id=\"default-draft\""));
    assert!(!theirs.body.contains("agency-x"));

    // signed: still frozen, stored content unchanged
    let p = admin.post_form(EDIT, EDIT, &refs(&change)).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ฉบับใหม่"), "{}", p.body);
    assert_eq!(
        s.announcement(&x.scope, fy(2566), kind)
            .await
            .unwrap()
            .unwrap()
            .content,
        saved.content
    );

    // in English
    admin.get("/lang/en?next=/staff/announcements").await;
    let list = admin.get("/staff/announcements").await;
    assert!(
        list.body.contains("No Gift Policy announcement"),
        "{}",
        list.body
    );
    assert!(list.body.contains("Acknowledged") || list.body.contains("acknowledged"));
    let p = admin.post_form(EDIT, EDIT, &refs(&bad)).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("The executive has signed this version")
            || p.body.contains("The heading must begin"),
        "{}",
        p.body
    );
    app.stop().await;
});

both_backends!(
    english_messages_and_a_standing_document,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let s = app.db.store.clone();
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        admin.get("/lang/en?next=/staff/announcements").await;
        let edit = "/staff/announcements/2567/ethics.code";
        let form = AnnouncementForm::of(
            &s.default_announcement(&x.scope, fy(2567), AnnouncementKind::EthicsCode)
                .await
                .unwrap(),
        );
        let bad = fields(&form, &[("heading", "Announcement"), ("signer_name", "")]);
        let p = admin.post_form(edit, edit, &refs(&bad)).await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("The heading must begin with"), "{}", p.body);
        assert!(
            p.body.contains("The signer&#39;s name is required"),
            "{}",
            p.body
        );
        assert!(s
            .announcement(&x.scope, fy(2567), AnnouncementKind::EthicsCode)
            .await
            .unwrap()
            .is_none());

        // 2566 signed (by the store, as the demo does), 2567 starts from it
        let exec = s
            .list_users(&x.scope)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.role() == Role::Executive)
            .unwrap();
        let clerk = prongsai_store::Actor::user(0, "clerk");
        let mut c = s
            .default_announcement(&x.scope, fy(2566), AnnouncementKind::EthicsCode)
            .await
            .unwrap();
        c.signer_name = "นายสมชาย ใจดี".into();
        c.body.push("ทบทวนครั้งล่าสุด พ.ศ. 2566".into());
        let key = sign_key(AnnouncementKind::EthicsCode, fy(2566));
        s.save_announcement(&x.scope, &clerk, fy(2566), AnnouncementKind::EthicsCode, &c)
            .await
            .unwrap();
        let v = s.open_signed(&x.scope, &clerk, key, "t").await.unwrap();
        s.submit_signed(&x.scope, &clerk, v.id, &c).await.unwrap();
        s.acknowledge_signed(
            &x.scope,
            &prongsai_store::Actor::user(exec.id, &exec.username),
            v.id,
            None,
        )
        .await
        .unwrap();
        let page = admin.get(edit).await;
        assert!(page.body.contains("id=\"carry\""), "{}", page.body);
        let p = admin.post_form(edit, &format!("{edit}/carry"), &[]).await;
        assert_eq!(p.status, 303, "{}", p.body);
        let carried = s
            .announcement(&x.scope, fy(2567), AnnouncementKind::EthicsCode)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            carried.content.body.last().unwrap(),
            "ทบทวนครั้งล่าสุด พ.ศ. 2567"
        );
        assert_eq!(carried.content.signer_name, "นายสมชาย ใจดี");
        // a yearly kind offers no carrying, and refuses it
        let yearly = "/staff/announcements/2567/integrity.intent";
        assert!(!admin.get(yearly).await.body.contains("id=\"carry\""));
        let p = admin
            .post_form(yearly, &format!("{yearly}/carry"), &[])
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("made anew each year"), "{}", p.body);
        // unknown kinds and years
        assert_eq!(
            admin
                .get("/staff/announcements/2567/hr.actions")
                .await
                .status,
            404
        );
        assert_eq!(
            admin.get("/staff/announcements/x/hr.policy").await.status,
            404
        );
        app.stop().await;
    }
);

//! OIT disclosures over HTTP, on SQLite and PostgreSQL: uploads checked by content and stored
//! once, links refused when unsafe, readiness with reasons, the public portal and item pages
//! that open every document with no login, internal files kept internal, search that treats
//! query syntax as text, and the measures reports attaching themselves once acknowledged.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;

const SAMPLE: &str = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");

fn sample_pdf() -> Vec<u8> {
    let doc = prongsai_docs::import::report_text::parse_report_text(SAMPLE.as_bytes())
        .unwrap()
        .document;
    prongsai_docs::reports::o43::MeasuresReport {
        doc: &doc,
        thai_digits: false,
        progress: true,
    }
    .pdf()
    .unwrap()
}

both_backends!(disclosures_portal_and_files, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let item = "/staff/disclosures/2566/O20";
    let page = admin.get(item).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("ยังไม่มี"), "nothing attached yet: missing");

    // a real Thai PDF: uploaded, attached, found by a word inside it
    let pdf = sample_pdf();
    let up = admin
        .upload(
            item,
            "/staff/disclosures/2566/O20/upload",
            &[
                ("title", "รายงานผลการดำเนินงาน ตุลาคม"),
                ("data_year", "2566"),
                ("period", "month:10"),
            ],
            "../../รายงาน ต.ค..pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(up.status, 303, "{}", up.body);
    let page = admin.get(item).await;
    assert!(page.body.contains("รายงานผลการดำเนินงาน ตุลาคม"));
    let href_start = page.body.find("/agency-x/files/").expect("a file link");
    let href: String = page.body[href_start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let name = href.rsplit('/').next().unwrap();
    assert!(
        href.matches('/').count() == 4 && !name.starts_with('.') && !name.contains("%2F"),
        "the stored name has no path: {href}"
    );
    // the same bytes again: stored once (still one document in the library)
    admin
        .upload(
            item,
            "/staff/disclosures/2566/O20/upload",
            &[("title", "อีกครั้ง")],
            "again.pdf",
            pdf.clone(),
        )
        .await;
    let lib = admin.get("/staff/documents").await;
    assert_eq!(
        lib.body.matches("/agency-x/files/").count(),
        1,
        "{}",
        lib.body
    );
    // search inside the file; query syntax is only text
    let found = admin
        .get(&format!(
            "/staff/documents?q={}",
            common::urlencode("ผู้รับผิดชอบ")
        ))
        .await;
    assert_eq!(found.status, 200);
    assert!(
        found.body.contains("รายงานผลการดำเนินงาน ตุลาคม"),
        "Thai found inside the PDF"
    );
    for q in [
        "\" OR 1=1 --",
        "title:*",
        "NEAR(a b)",
        "%",
        "'; DROP TABLE document; --",
    ] {
        let r = admin
            .get(&format!("/staff/documents?q={}", common::urlencode(q)))
            .await;
        assert_eq!(r.status, 200, "{q}");
        assert!(!r.body.contains("/agency-x/files/"), "{q} matched nothing");
    }

    // forged files are refused with a Thai reason, and nothing is stored
    for (name, bytes) in [
        ("report.pdf", b"<html><script>alert(1)</script></html>".to_vec()),
        ("photo.jpg", pdf[..200].to_vec()),
        ("x.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n%%EOF".to_vec()),
        ("empty.pdf", Vec::new()),
    ] {
        let r = admin
            .upload(item, "/staff/disclosures/2566/O20/upload", &[], name, bytes)
            .await;
        assert_eq!(r.status, 422, "{name}: {}", r.status);
        assert!(r.body.contains("role=\"alert\""), "{name}");
    }
    let lib = admin.get("/staff/documents").await;
    assert_eq!(lib.body.matches("/agency-x/files/").count(), 1);

    // links: javascript: and the local network are refused; a public one is kept
    for bad in [
        "javascript:alert(1)",
        "http://127.0.0.1/x",
        "http://192.168.1.1/",
        "file:///etc/passwd",
    ] {
        let r = admin
            .post_form(
                item,
                "/staff/disclosures/2566/O20/link",
                &[("url", bad), ("label", "x")],
            )
            .await;
        assert_eq!(r.status, 422, "{bad}");
    }
    let r = admin
        .post_form(
            item,
            "/staff/disclosures/2566/O20/link",
            &[
                ("url", "https://www.gprocurement.go.th/"),
                ("label", "ระบบ e-GP <b>"),
                ("data_year", "2566"),
                ("period", "month:11"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // a period without its year is refused
    let r = admin
        .post_form(
            item,
            "/staff/disclosures/2566/O20/link",
            &[("url", "https://example.org/"), ("period", "month:12")],
        )
        .await;
    assert_eq!(r.status, 422);

    // readiness says what is still missing
    let ready = admin.get("/staff/disclosures/2566").await;
    assert_eq!(ready.status, 200);
    assert!(ready.body.contains("id=\"item-O20\""));
    assert!(ready.body.contains("id=\"predicted\""));

    // the public portal: no login, every item, the link opens the file; user text escaped
    let public = app.client();
    let portal = public.get("/agency-x/ita/2566").await;
    assert_eq!(portal.status, 200);
    assert!(portal.body.contains("O1") && portal.body.contains("O43"));
    assert!(
        portal.body.contains("ระบบ e-GP &#60;b&#62;")
            || portal.body.contains("ระบบ e-GP &lt;b&gt;")
    );
    assert!(!portal.body.contains("e-GP <b>"));
    let etag = portal.headers.get("etag").expect("an etag").clone();
    let again = public
        .http
        .get(app.url("/agency-x/ita/2566"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status().as_u16(),
        304,
        "an unchanged page is not sent again"
    );
    // no cookie on a page shared caches may keep
    assert!(portal.headers.get("set-cookie").is_none());
    // a browser asking for gzip gets the stored compressed copy, which is the same page
    let gz = public
        .http
        .get(app.url("/agency-x/ita/2566"))
        .header("accept-encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.headers()["vary"], "accept-encoding, cookie");
    let packed = gz.bytes().await.unwrap();
    assert!(packed.len() * 3 < portal.body.len());
    let mut unpacked = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&packed[..]),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, portal.body);
    let (status, headers, bytes) = public.get_bytes(&href).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, pdf);
    assert_eq!(headers.get("content-type").unwrap(), "application/pdf");
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    // the item's own page (permalink) shows its evidence
    let perm = public.get("/agency-x/ita/2566/O20").await;
    assert_eq!(perm.status, 200);
    assert!(perm.body.contains(&href));
    // unknown year or code: a Thai 404 that leads to the year's list
    let nf = public.get("/agency-x/ita/2566/O99").await;
    assert_eq!(nf.status, 404);
    assert!(nf.body.contains("/agency-x/ita/2566"));
    assert!(nf.body.contains("ไม่พบข้อนี้"));
    assert_eq!(public.get("/agency-x/ita/1999/O1").await.status, 404);

    // an internal document is not on the portal and not served to the public
    let r = admin
        .upload(
            item,
            "/staff/disclosures/2566/O20/upload",
            &[("title", "บันทึกภายใน"), ("internal", "1")],
            "memo.png",
            common::PNG.to_vec(),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = admin.get(item).await;
    let i = page.body.find("บันทึกภายใน").unwrap();
    let before = &page.body[..i];
    let start = before.rfind("/agency-x/files/").unwrap();
    let internal: String = before[start..].chars().take_while(|c| *c != '"').collect();
    assert_eq!(
        admin.get_bytes(&internal).await.0,
        200,
        "staff of the agency see it"
    );
    assert_eq!(public.get_bytes(&internal).await.0, 404);
    assert!(!public
        .get("/agency-x/ita/2566")
        .await
        .body
        .contains("บันทึกภายใน"));

    // another agency's staff cannot reach this agency's files or items
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    assert_eq!(other.get_bytes(&internal).await.0, 404);
    assert!(!other
        .get("/staff/disclosures/2566/O20")
        .await
        .body
        .contains("บันทึกภายใน"));
    assert!(!other
        .get("/staff/documents")
        .await
        .body
        .contains("/agency-x/files/"));

    // unit staff may not change an item their unit is not responsible for
    let unit_staff = app.client();
    unit_staff.login(&x.user(Role::UnitStaff)).await;
    let r = unit_staff
        .post_form(
            item,
            "/staff/disclosures/2566/O20/link",
            &[("url", "https://example.org/")],
        )
        .await;
    assert_eq!(r.status, 403);
    // …until the coordinator makes their unit responsible
    let unit = app.db.store.list_units(&x.scope).await.unwrap()[0]
        .id
        .to_string();
    let r = admin
        .post_form(
            item,
            "/staff/disclosures/2566/O20/settings",
            &[
                ("unit_id", &unit),
                ("explanation", "เผยแพร่ทุกเดือนภายในวันที่ 10"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = unit_staff
        .post_form(
            item,
            "/staff/disclosures/2566/O20/link",
            &[("url", "https://example.org/"), ("label", "ตัวอย่าง")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    app.stop().await;
});

both_backends!(
    measures_reports_attach_themselves,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let s = &app.db.store;
        let fy = FiscalYear::new(2566).unwrap();
        let doc = prongsai_docs::import::report_text::parse_report_text(SAMPLE.as_bytes())
            .unwrap()
            .document;
        let t = Actor::system("t");
        s.import_measures(&x.scope, &t, fy, &doc).await.unwrap();
        let round = s.report_rounds(&x.scope, fy).await.unwrap()[0].clone();
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let base = format!("/staff/measures/2566/rounds/{}", round.id);
        assert_eq!(
            admin
                .post_form(&base, &format!("{base}/submit"), &[])
                .await
                .status,
            303
        );
        // not yet acknowledged: not public
        let public = app.client();
        let report = format!("/agency-x/measures/2566/rounds/{}/report.pdf", round.id);
        assert_eq!(public.get_bytes(&report).await.0, 404);
        let exec = app.client();
        exec.login(&x.user(Role::Executive)).await;
        let r = exec
            .post_form(&base, &format!("{base}/acknowledge"), &[("note", "รับทราบ")])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        // now the report is public and O43 links to it; O42 to the measures document
        let (status, headers, bytes) = public.get_bytes(&report).await;
        assert_eq!(status, 200);
        assert_eq!(headers.get("content-type").unwrap(), "application/pdf");
        assert!(bytes.starts_with(b"%PDF-"));
        let portal = public.get("/agency-x/ita/2566").await;
        assert!(
            portal.body.contains(&report),
            "O43 links the acknowledged report"
        );
        assert!(
            portal.body.contains("/agency-x/measures/2566/report.pdf"),
            "O42 links the measures"
        );
        let (status, _, bytes) = public.get_bytes("/agency-x/measures/2566/report.pdf").await;
        assert_eq!(status, 200);
        assert!(bytes.starts_with(b"%PDF-"));
        // doing it again adds nothing
        let n = s
            .disclosure(&x.scope, fy, "O43")
            .await
            .unwrap()
            .evidence
            .len();
        assert_eq!(n, 1);
        app.stop().await;
    }
);

both_backends!(
    readiness_by_unit_and_of_every_agency,
    |db: TestDb| async move {
        let app = TestApp::spawn(db).await;
        let x = app.seed_agency("agency-x").await;
        let _y = app.seed_agency("agency-y").await;
        let s = &app.db.store;
        let t = Actor::system("t");
        let fy = FiscalYear::new(2566).unwrap();
        let unit = s.list_units(&x.scope).await.unwrap()[0].id;
        s.set_disclosure(&x.scope, &t, fy, "O1", Some(unit), None)
            .await
            .unwrap();
        s.add_evidence(
            &x.scope,
            &t,
            fy,
            "O1",
            prongsai_store::disclosure::NewEvidence {
                target: prongsai_store::disclosure::Target::Page("/agency-x".into()),
                label: "โครงสร้าง".into(),
                data_year: Some(fy),
                period: Some(fy.whole()),
                published_on: None,
            },
        )
        .await
        .unwrap();
        // the agency's page: a table by responsible unit, with the unit's one item complete
        let admin = app.client();
        admin.login(&x.user(Role::AgencyAdmin)).await;
        let page = admin.get("/staff/disclosures/2566").await;
        assert_eq!(page.status, 200);
        let table = &page.body[page.body.find("by-unit").expect("by-unit table")..];
        let row = &table[table.find("สำนักปลัด").expect("the unit's row")..];
        assert!(row.contains("1 / 1"), "{row}");
        assert!(table.contains("ยังไม่กำหนดหน่วยงานที่รับผิดชอบ"));
        // the agency admin may not see every agency
        assert_eq!(admin.get("/staff/system/readiness/2566").await.status, 403);
        // the system admin sees both, the one with less done first
        s.create_system_admin(
            &t,
            prongsai_store::tenancy::NewUser {
                username: "root".into(),
                display_name: "Root".into(),
                position: None,
                role: Role::SystemAdmin,
                unit_id: None,
                password: common::PASSWORD.into(),
            },
        )
        .await
        .unwrap();
        let root = app.client();
        root.login("root").await;
        let r = root.get("/staff/system/readiness").await;
        assert_eq!(r.status, 303);
        let page = root.get("/staff/system/readiness/2566").await;
        assert_eq!(page.status, 200, "{}", page.body);
        let (px, py) = (
            page.body.find("id=\"agency-agency-x\"").expect("x listed"),
            page.body.find("id=\"agency-agency-y\"").expect("y listed"),
        );
        assert!(py < px, "least ready first");
        assert!(page.body[px..].contains("1 / "), "x has one item complete");
        app.stop().await;
    }
);

/// Another real PDF (the same report with Thai digits: other bytes).
fn other_pdf() -> Vec<u8> {
    let doc = prongsai_docs::import::report_text::parse_report_text(SAMPLE.as_bytes())
        .unwrap()
        .document;
    prongsai_docs::reports::o43::MeasuresReport {
        doc: &doc,
        thai_digits: true,
        progress: true,
    }
    .pdf()
    .unwrap()
}

/// The id of the only document of the agency whose title is `title`.
async fn document_id(app: &TestApp, scope: &prongsai_store::AgencyScope, title: &str) -> i64 {
    let docs = app.db.store.documents(scope, None, None).await.unwrap();
    docs.iter()
        .find(|d| d.title == title)
        .unwrap_or_else(|| panic!("no document {title}"))
        .id
}

both_backends!(documents_edited_and_deleted, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let pdf = sample_pdf();
    let r = admin
        .upload(
            "/staff/documents",
            "/staff/documents",
            &[("title", "แผนเดิม"), ("data_year", "2566")],
            "plan.pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = document_id(&app, &x.scope, "แผนเดิม").await;
    let doc_page = format!("/staff/documents/{id}");
    // the library links the title to the document's page and still opens the file
    let lib = admin.get("/staff/documents").await;
    assert!(
        lib.body.contains(&format!("href=\"{doc_page}\"")),
        "{}",
        lib.body
    );
    assert_eq!(lib.body.matches("/agency-x/files/").count(), 1);

    // the page: what the file is, not attached yet
    let page = admin.get(&doc_page).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let sha = prongsai_store::blobs::sha256_hex(&pdf);
    assert!(page.body.contains("แผนเดิม") && page.body.contains("plan.pdf"));
    assert!(page.body.contains(&sha[..12]), "the short SHA-256");
    assert!(page.body.contains("/agency-x/files/"), "opens the file");
    assert!(page.body.contains("ยังไม่ได้แนบกับรายการ OIT ใด"));
    assert!(page.body.contains(&format!("action=\"{doc_page}\"")));

    // attached to O20: the page lists the item, and deleting is refused with the reason
    let r = admin
        .post_form(
            "/staff/disclosures/2566/O20",
            "/staff/disclosures/2566/O20/attach",
            &[("document_id", &id.to_string())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = admin.get(&doc_page).await;
    assert!(page.body.contains("href=\"/staff/disclosures/2566/O20\""));
    let r = admin
        .post_form(&doc_page, &format!("{doc_page}/delete"), &[])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("role=\"alert\""));
    assert!(r.body.contains("เอกสารนี้แนบอยู่กับรายการ OIT"), "{}", r.body);
    assert_eq!(admin.get(&doc_page).await.status, 200, "still there");

    // refused inputs: the Thai reason, 422, and the form keeps what was sent
    for (fields, reason) in [
        (vec![("title", "  ")], "กรุณาใส่ชื่อเรื่อง"),
        (
            vec![("title", "แผนใหม่"), ("period", "month:3")],
            "เลือกปีงบประมาณของข้อมูลก่อนเลือกช่วงเวลา",
        ),
        (
            vec![
                ("title", "แผนใหม่"),
                ("data_year", "2566"),
                ("published_on", "31/02/2567"),
            ],
            "วันที่เผยแพร่ไม่ถูกต้อง",
        ),
    ] {
        let r = admin.post_form(&doc_page, &doc_page, &fields).await;
        assert_eq!(r.status, 422, "{fields:?}");
        assert!(r.body.contains(reason), "{fields:?}: {}", r.body);
        if fields.len() > 1 {
            assert!(
                r.body.contains("value=\"แผนใหม่\""),
                "the sent title is kept"
            );
        }
    }

    // the portal before the change, and its validator
    let public = app.client();
    let before = public.get("/agency-x/ita/2566").await;
    assert!(before.body.contains(&format!("/agency-x/files/{id}/")));
    let etag = before.headers.get("etag").expect("an etag").clone();

    // saved: back to the page with the new details
    let unit = app.db.store.list_units(&x.scope).await.unwrap()[0].id;
    let r = admin
        .post_form(
            &doc_page,
            &doc_page,
            &[
                ("title", "แผนใหม่ <b>"),
                ("unit_id", &unit.to_string()),
                ("data_year", "2566"),
                ("period", "quarter:1"),
                ("published_on", "15/01/2567"),
                ("internal", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("{doc_page}?saved=1").as_str())
    );
    let page = admin.get(&format!("{doc_page}?saved=1")).await;
    assert!(page.body.contains("บันทึกแล้ว"));
    assert!(!page.body.contains("แผนใหม่ <b>"), "escaped");
    assert!(page.body.contains("value=\"quarter:1\" selected"));
    assert!(page.body.contains("value=\"15/01/2567\""));
    assert!(page.body.contains("name=\"internal\" value=\"1\" checked"));
    let d = app.db.store.document(&x.scope, id).await.unwrap();
    assert_eq!(d.title, "แผนใหม่ <b>");
    assert_eq!(
        (d.unit_id, d.fiscal_year, d.period.as_deref(), d.public),
        (Some(unit), Some(2566), Some("quarter:1"), false)
    );
    assert_eq!(d.sha256, sha, "the bytes are not touched");
    // the library shows the new title
    assert!(
        admin
            .get("/staff/documents")
            .await
            .body
            .contains("แผนใหม่ &#60;b&#62;")
            || admin
                .get("/staff/documents")
                .await
                .body
                .contains("แผนใหม่ &lt;b&gt;")
    );
    // the portal's validator moved (the change is audited) and the page shows the change: the
    // document is internal now, so it is no longer linked. A page validated within the last
    // second (cache::FRESH) may still be sent as it was, so ask until that has passed.
    let mut again = None;
    for _ in 0..30 {
        let r = public
            .http
            .get(app.url("/agency-x/ita/2566"))
            .header("if-none-match", etag.clone())
            .send()
            .await
            .unwrap();
        if r.status().as_u16() != 304 {
            again = Some(r);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let again = again.expect("not 304 after a change");
    assert_eq!(again.status().as_u16(), 200);
    assert_ne!(again.headers().get("etag"), Some(&etag));
    let after = again.text().await.unwrap();
    assert!(
        !after.contains(&format!("/agency-x/files/{id}/")),
        "{after}"
    );

    // who may change it: not a viewer (who may still look), not another agency; unit staff
    // when it is their unit's
    let viewer = app.client();
    viewer.login(&x.user(Role::Viewer)).await;
    let page = viewer.get(&doc_page).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains(&format!("action=\"{doc_page}\"")));
    let r = viewer
        .post_form(&doc_page, &doc_page, &[("title", "ของผู้ชม")])
        .await;
    assert_eq!(r.status, 403);
    let r = viewer
        .post_form(&doc_page, &format!("{doc_page}/delete"), &[])
        .await;
    assert_eq!(r.status, 403);
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    assert_eq!(other.get(&doc_page).await.status, 404);
    let r = other
        .post_form("/staff/documents", &doc_page, &[("title", "ของคนอื่น")])
        .await;
    assert_eq!(r.status, 404);
    let unit_staff = app.client();
    unit_staff.login(&x.user(Role::UnitStaff)).await;
    let r = unit_staff
        .post_form(&doc_page, &doc_page, &[("title", "ของหน่วยงาน")])
        .await;
    assert_eq!(r.status, 303, "their unit's document: {}", r.body);
    // …and what they uploaded themselves (a library upload has no unit), but not another's
    let r = unit_staff
        .upload(
            "/staff/documents",
            "/staff/documents",
            &[("title", "ภาพของหน่วย")],
            "unit.png",
            common::PNG.to_vec(),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let own = document_id(&app, &x.scope, "ภาพของหน่วย").await;
    let r = unit_staff
        .post_form(
            &format!("/staff/documents/{own}"),
            &format!("/staff/documents/{own}"),
            &[("title", "ภาพของหน่วย (แก้)")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin
        .upload(
            "/staff/documents",
            "/staff/documents",
            &[("title", "ของผู้ดูแล"), ("internal", "1")],
            "admin.pdf",
            other_pdf(),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let admins = document_id(&app, &x.scope, "ของผู้ดูแล").await;
    let r = unit_staff
        .post_form(
            &format!("/staff/documents/{admins}"),
            &format!("/staff/documents/{admins}"),
            &[("title", "ไม่ใช่ของฉัน")],
        )
        .await;
    assert_eq!(r.status, 403);

    // detached, it can be deleted: the row goes, the file is no longer served, the bytes stay
    let ev = app
        .db
        .store
        .disclosure(&x.scope, FiscalYear::new(2566).unwrap(), "O20")
        .await
        .unwrap()
        .evidence[0]
        .evidence
        .id;
    let r = admin
        .post_form(
            "/staff/disclosures/2566/O20",
            &format!("/staff/disclosures/2566/O20/evidence/{ev}/delete"),
            &[],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(admin.get(&doc_page).await.body.contains("ยังไม่ได้แนบ"));
    let href = file_href_of(&admin.get(&doc_page).await.body);
    let r = admin
        .post_form(&doc_page, &format!("{doc_page}/delete"), &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/staff/documents?deleted=1"));
    let lib = admin.get("/staff/documents?deleted=1").await;
    assert!(lib.body.contains("ลบเอกสารแล้ว"));
    assert!(!lib.body.contains(&format!("href=\"{doc_page}\"")));
    assert_eq!(admin.get(&doc_page).await.status, 404);
    assert_eq!(admin.get_bytes(&href).await.0, 404);
    assert!(
        app.state.blobs.get(&sha).await.is_ok(),
        "blobs are shared by hash: the bytes stay"
    );
    let r = admin
        .post_form("/staff/documents", &format!("{doc_page}/delete"), &[])
        .await;
    assert_eq!(r.status, 404);
    app.stop().await;
});

/// The first file address on a page.
fn file_href_of(body: &str) -> String {
    let start = body.find("/agency-x/files/").expect("a file link");
    body[start..].chars().take_while(|c| *c != '"').collect()
}

/// Every file under a directory (recursively).
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

both_backends!(cut_off_upload_stores_nothing, |db: TestDb| async move {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    // a client whose cookies can be read, to send them by hand
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let admin = common::Client {
        http: reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        base: app.url(""),
    };
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let token = admin.csrf("/staff/documents").await;
    let cookie = reqwest::cookie::CookieStore::cookies(
        jar.as_ref(),
        &app.url("/staff/documents").parse().unwrap(),
    )
    .expect("the session cookie");
    let cookie = cookie.to_str().unwrap().to_owned();
    let pdf = sample_pdf();
    const SENT: usize = 20 * 1024;
    assert!(
        pdf.len() > 2 * SENT,
        "the sample PDF is {} bytes",
        pdf.len()
    );

    // the multipart body a browser would send, announced whole, cut off inside the file
    let boundary = "----prongsai-cut-off-7MA4YWxkTrZu0gW";
    let mut head = Vec::new();
    for (k, v) in [("csrf", token.as_str()), ("title", "ตัดกลางทาง")] {
        head.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    head.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"cut.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let announced = head.len() + pdf.len() + tail.len();
    let request = format!(
        "POST /staff/documents HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\n\
         Content-Length: {announced}\r\nConnection: close\r\n\r\n",
        app.addr
    );
    // twice: once closing only the sending side (the server may still answer), once dropping
    // the connection altogether
    for half_close in [true, false] {
        let mut s = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        s.write_all(request.as_bytes()).await.unwrap();
        s.write_all(&head).await.unwrap();
        s.write_all(&pdf[..SENT]).await.unwrap();
        s.flush().await.unwrap();
        if half_close {
            s.shutdown().await.unwrap();
            let mut answer = Vec::new();
            let mut buf = [0u8; 8192];
            loop {
                match tokio::time::timeout(std::time::Duration::from_secs(10), s.read(&mut buf))
                    .await
                {
                    Ok(Ok(0)) | Ok(Err(_)) => break,
                    Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
                    Err(_) => panic!("the server neither answered nor closed"),
                }
            }
            let answer = String::from_utf8_lossy(&answer);
            assert!(
                answer.is_empty() || answer.starts_with("HTTP/1.1 400"),
                "a cut-off upload is refused: {answer}"
            );
        } else {
            // give the server the bytes before the connection goes
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            drop(s);
        }
    }
    // let the server see the end of the second connection
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    // nothing of it: no document row, nothing in the library, no blob (not even a temp file)
    assert!(app
        .db
        .store
        .documents(&x.scope, None, None)
        .await
        .unwrap()
        .is_empty());
    let lib = admin.get("/staff/documents").await;
    assert_eq!(lib.status, 200);
    assert!(lib.body.contains("ยังไม่มีเอกสาร"), "{}", lib.body);
    assert!(!lib.body.contains("/agency-x/files/"));
    let root = app.state.blobs.root().expect("a local blob store");
    assert_eq!(files_under(root), Vec::<std::path::PathBuf>::new());
    let sha = prongsai_store::blobs::sha256_hex(&pdf);
    assert!(!app.state.blobs.contains(&sha).await);

    // nothing half-stored stands in the way: the same request sent whole goes in, once
    let mut whole = request.clone().into_bytes();
    whole.extend_from_slice(&head);
    whole.extend_from_slice(&pdf);
    whole.extend_from_slice(tail.as_bytes());
    assert_eq!(whole.len(), request.len() + announced);
    let answer = common::raw_http(app.addr, &whole).await;
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    let docs = app.db.store.documents(&x.scope, None, None).await.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].sha256, sha);
    assert_eq!(files_under(root).len(), 1, "one blob");
    let href = file_href_of(&admin.get("/staff/documents").await.body);
    let (status, _, bytes) = admin.get_bytes(&href).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, pdf, "the whole file");
    app.stop().await;
});

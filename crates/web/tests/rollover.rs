//! The yearly rollover and the item permalinks over HTTP, on SQLite and PostgreSQL: the plan
//! page, applying it (coordinators only, with CSRF; twice adds nothing), the checklist and its
//! CSV, refusals naming the missing framework file, the earlier year's portal unchanged, a
//! replaced document kept under "earlier versions", and Thai/English 404 pages that lead back
//! to the year's list.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::disclosure::{DocumentMeta, NewDocument, NewEvidence, Target};
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope};

/// A public PNG document with a title (each title gives other bytes, so another document).
async fn png(app: &TestApp, scope: &AgencyScope, title: &str) -> i64 {
    let mut bytes = common::PNG.to_vec();
    // bytes after IEND are ignored by viewers but make the file (and its hash) distinct
    bytes.extend_from_slice(title.as_bytes());
    app.db
        .store
        .add_document(
            scope,
            &Actor::system("t"),
            &app.state.blobs,
            NewDocument {
                file_name: "evidence.png".into(),
                kind: "png".into(),
                bytes,
                body: None,
                meta: DocumentMeta {
                    title: title.into(),
                    public: true,
                    ..Default::default()
                },
            },
        )
        .await
        .unwrap()
        .0
        .id
}

async fn attach(
    app: &TestApp,
    scope: &AgencyScope,
    code: &str,
    target: Target,
    label: &str,
    year: Option<i32>,
) -> i64 {
    app.db
        .store
        .add_evidence(
            scope,
            &Actor::system("t"),
            FiscalYear::new(2566).unwrap(),
            code,
            NewEvidence {
                target,
                label: label.into(),
                data_year: year.map(|y| FiscalYear::new(y).unwrap()),
                period: None,
                published_on: None,
            },
        )
        .await
        .unwrap()
        .id
}

both_backends!(rollover_plan_apply_checklist, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let structure = png(&app, &x.scope, "โครงสร้างส่วนราชการ").await;
    attach(
        &app,
        &x.scope,
        "O1",
        Target::Document(structure),
        "โครงสร้างส่วนราชการ",
        None,
    )
    .await;
    attach(
        &app,
        &x.scope,
        "O6",
        Target::Link("https://www.krisdika.go.th/".into()),
        "กฎหมายที่เกี่ยวข้อง",
        None,
    )
    .await;
    let plan_doc = png(&app, &x.scope, "แผนดำเนินงาน 2566").await;
    attach(
        &app,
        &x.scope,
        "O11",
        Target::Document(plan_doc),
        "แผนดำเนินงาน 2566",
        Some(2566),
    )
    .await;
    let unit = app.db.store.list_units(&x.scope).await.unwrap()[0].id;
    app.db
        .store
        .set_disclosure(
            &x.scope,
            &Actor::system("t"),
            FiscalYear::new(2566).unwrap(),
            "O1",
            Some(unit),
            None,
        )
        .await
        .unwrap();
    let anon = app.client();
    let portal_66 = anon.get("/agency-x/ita/2566/O1").await;
    assert_eq!(portal_66.status, 200);

    // the plan: standing items carried, the rest listed with the reason
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let p = admin.get("/staff/rollover/2566").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("id=\"carried\">2<"), "two pieces to carry");
    assert!(p.body.contains("โครงสร้างส่วนราชการ"));
    assert!(
        p.body.contains("ต้องจัดทำใหม่"),
        "content of the year must be new"
    );
    assert!(p
        .body
        .contains("เผยแพร่รายปี: ต้องเป็นข้อมูลของปีงบประมาณ พ.ศ. 2567"));
    assert_eq!(admin.get("/staff/rollover").await.status, 303);
    assert!(admin
        .get("/staff/disclosures/2566")
        .await
        .body
        .contains("href=\"/staff/rollover/2566\""));

    // unit staff and viewers may look, not apply; without the token nothing happens
    let staff = app.client();
    staff.login(&x.user(Role::UnitStaff)).await;
    assert_eq!(staff.get("/staff/rollover/2566").await.status, 200);
    let refused = staff
        .post_form("/staff/rollover/2566", "/staff/rollover/2566", &[])
        .await;
    assert_eq!(refused.status, 403);
    let no_token = admin.post_raw("/staff/rollover/2566", &[]).await;
    assert_eq!(no_token.status, 403);
    assert!(app
        .db
        .store
        .disclosures(&x.scope, FiscalYear::new(2567).unwrap())
        .await
        .unwrap()
        .is_empty());

    // apply: carried, then the checklist
    let done = admin
        .post_form("/staff/rollover/2566", "/staff/rollover/2566", &[])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let to = done.location.unwrap();
    assert!(
        to.starts_with("/staff/rollover/2566/checklist?carried=2"),
        "{to}"
    );
    let c = admin.get(&to).await;
    assert_eq!(c.status, 200, "{}", c.body);
    assert!(c.body.contains("id=\"task-O1\""));
    assert!(c.body.contains("สำนักปลัด"), "the responsible unit");
    assert!(
        c.body.contains("1 ต.ค. 2566"),
        "due on the first day of FY 2567: {}",
        c.body
    );
    assert!(
        c.body.contains("30 ก.ย. 2567"),
        "periodic items by its last day"
    );
    // the new year's permalink shows the carried document; the old year's page is as it was
    let p67 = anon.get("/agency-x/ita/2567/O1").await;
    assert_eq!(p67.status, 200);
    assert!(p67.body.contains("โครงสร้างส่วนราชการ"));
    assert!(p67.body.contains(&format!("/agency-x/files/{structure}/")));
    let again_66 = anon.get("/agency-x/ita/2566/O1").await;
    assert_eq!(again_66.body, portal_66.body);
    // the yearly plan was not carried
    assert!(!anon
        .get("/agency-x/ita/2567/O11")
        .await
        .body
        .contains("แผนดำเนินงาน 2566"));

    // twice: nothing added
    let twice = admin
        .post_form("/staff/rollover/2566", "/staff/rollover/2566", &[])
        .await;
    assert_eq!(
        twice.location.as_deref(),
        Some("/staff/rollover/2566/checklist?carried=0&already=2")
    );
    assert!(admin
        .get("/staff/rollover/2566")
        .await
        .body
        .contains("id=\"applied-before\""));
    let d67 = app
        .db
        .store
        .disclosures(&x.scope, FiscalYear::new(2567).unwrap())
        .await
        .unwrap();
    let carried = |d: &prongsai_store::disclosure::ItemDisclosure| {
        d.evidence
            .iter()
            .filter(|e| prongsai_store::rollover::is_carried(e.evidence.auto_key.as_deref()))
            .count()
    };
    assert_eq!(d67.values().map(carried).sum::<usize>(), 2);

    // the checklist as CSV
    let (status, headers, bytes) = admin.get_bytes("/staff/rollover/2566/checklist.csv").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = String::from_utf8(bytes).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.lines().any(|l| l.starts_with("O11,")), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 43);

    // on to 2568 (merged numbering) from the carried 2567
    let p = admin
        .post_form("/staff/rollover/2567", "/staff/rollover/2567", &[])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p68 = anon.get("/agency-x/ita/2568/O1").await;
    assert!(p68.body.contains("โครงสร้างส่วนราชการ"));
    let plan68 = admin.get("/staff/rollover/2567").await;
    assert!(plan68.body.contains("ทบทวน"), "merged items are flagged");
    assert!(plan68.body.contains("id=\"removed-items\""));

    // years that cannot be rolled over: the file is named; nothing to apply
    let last = app.state.frameworks.all().last().unwrap().fiscal_year.be();
    let p = admin.get(&format!("/staff/rollover/{last}")).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains(&format!("frameworks/{}.toml", last + 1)),
        "{}",
        p.body
    );
    assert!(!p.body.contains("id=\"apply\""));
    let p = admin
        .post_form(
            &format!("/staff/rollover/{}", last - 1),
            &format!("/staff/rollover/{last}"),
            &[],
        )
        .await;
    assert_eq!(p.status, 422);
    assert_eq!(admin.get("/staff/rollover/abc").await.status, 404);
    admin.get("/lang/en?next=/").await;
    let p = admin.get(&format!("/staff/rollover/{last}")).await;
    assert!(p.body.contains("was not found"), "{}", p.body);

    // the other agency: its own (empty) year, nothing of agency-x
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    let p = other.get("/staff/rollover/2566").await;
    assert!(p.body.contains("id=\"carried\">0<"));
    assert!(!p.body.contains("โครงสร้างส่วนราชการ"));
    other
        .post_form("/staff/rollover/2566", "/staff/rollover/2566", &[])
        .await;
    assert!(!anon
        .get("/agency-y/ita/2567/O1")
        .await
        .body
        .contains("โครงสร้างส่วนราชการ"));
    app.stop().await;
});

both_backends!(permalinks_versions_and_404, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let v1 = png(&app, &x.scope, "แผนดำเนินงาน ฉบับเดิม").await;
    let v2 = png(&app, &x.scope, "แผนดำเนินงาน ฉบับปรับปรุง").await;
    let first = attach(
        &app,
        &x.scope,
        "O11",
        Target::Document(v1),
        "แผนดำเนินงาน ฉบับเดิม",
        Some(2566),
    )
    .await;
    let anon = app.client();
    let p = anon.get("/agency-x/ita/2566/O11").await;
    assert_eq!(p.status, 200);
    // title, requirement heading, the period covered, each evidence with its data
    assert!(p.body.contains("แผนดำเนินงานและการใช้งบประมาณประจำปี"));
    assert!(p.body.contains("ช่วงเวลาของข้อมูล"));
    assert!(
        p.body
            .contains("ปีงบประมาณ พ.ศ. 2566 (1 ต.ค. 2565 – 30 ก.ย. 2566)"),
        "{}",
        p.body
    );
    assert!(!p.body.contains("ฉบับก่อนหน้า"));

    // the coordinator replaces the document: same address, the old one under earlier versions
    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let item = "/staff/disclosures/2566/O11";
    assert!(admin.get(item).await.body.contains("แทนที่ด้วยฉบับใหม่"));
    let r = admin
        .post_form(
            item,
            &format!("{item}/replace"),
            &[("evidence_id", &first.to_string()), ("document_id", "")],
        )
        .await;
    assert_eq!(r.status, 422, "nothing chosen: {}", r.body);
    assert!(r.body.contains("เลือกเอกสารฉบับใหม่"));
    let r = admin
        .post_form(
            item,
            &format!("{item}/replace"),
            &[
                ("evidence_id", &first.to_string()),
                ("document_id", &v2.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // public pages may be served from a cache validated within the last second
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let p = anon.get("/agency-x/ita/2566/O11").await;
    assert!(p.body.contains("ฉบับก่อนหน้า"));
    let (cur, earlier) = p.body.split_once("id=\"earlier\"").unwrap();
    assert!(cur.contains("แผนดำเนินงาน ฉบับปรับปรุง"));
    assert!(earlier.contains("แผนดำเนินงาน ฉบับเดิม"));
    assert!(earlier.contains("แทนที่เมื่อ"));
    // every link of the permalink opens, with no login
    let mut n = 0;
    for part in p.body.split("href=\"/agency-x/files/").skip(1) {
        let href = format!("/agency-x/files/{}", &part[..part.find('"').unwrap()]);
        assert_eq!(anon.get_bytes(&href).await.0, 200, "{href}");
        n += 1;
    }
    assert_eq!(n, 2);
    // a replaced version cannot be replaced again; other agencies' staff cannot replace
    let r = admin
        .post_form(
            item,
            &format!("{item}/replace"),
            &[
                ("evidence_id", &first.to_string()),
                ("document_id", &v1.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 404);
    let y = app.seed_agency("agency-y").await;
    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    let r = other
        .post_form(
            item,
            &format!("{item}/replace"),
            &[
                ("evidence_id", &first.to_string()),
                ("document_id", &v1.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 404);

    // unknown code: a Thai 404 that links to the year's list
    let p = anon.get("/agency-x/ita/2566/O99").await;
    assert_eq!(p.status, 404);
    assert!(p.body.contains("ไม่พบข้อนี้ในกรอบการประเมิน"));
    assert!(p.body.contains("href=\"/agency-x/ita/2566\""));
    // unknown year: the agency's years
    let p = anon.get("/agency-x/ita/2599/O1").await;
    assert_eq!(p.status, 404);
    assert!(
        p.body.contains("href=\"/agency-x/ita/2566\"")
            && p.body.contains("href=\"/agency-x/ita/2568\"")
    );
    let p = anon.get("/agency-x/ita/%3Cscript%3E/%3Cb%3E").await;
    assert_eq!(p.status, 404);
    assert!(!p.body.contains("<b>"), "the code is escaped");
    // and in English
    anon.get("/lang/en?next=/").await;
    let p = anon.get("/agency-x/ita/2566/O99").await;
    assert_eq!(p.status, 404);
    assert!(p.body.contains("No such item in the framework"));
    app.stop().await;
});

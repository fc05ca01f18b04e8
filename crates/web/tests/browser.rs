//! Browser journeys in a real headless Chromium (driven through chromedriver by fantoccini):
//! log in, see the dashboard in Thai, switch to English. Screenshots are saved for a person
//! to look at (path printed; under the cargo target tmp dir).

mod common;

use common::{TestApp, PASSWORD};
use fantoccini::{Client, ClientBuilder, Locator};
use prongsai_domain::tenancy::Role;
use prongsai_store::testdb::{Backend, TestDb};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver() -> Driver {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let port = free_port();
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {bin} ({e}): install chromium and chromium-driver (.ci/run does)")
        });
    let d = Driver { child, port };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

async fn browser(driver: &Driver, width: u32, height: u32) -> Client {
    let profile = std::env::temp_dir().join(format!("prongsai-chrome-{}-{width}", driver.port));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--lang=th-TH",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("chromium session starts")
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(
        std::env::var("CARGO_TARGET_TMPDIR")
            .unwrap_or_else(|_| std::env::temp_dir().display().to_string()),
    )
    .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    println!("screenshot: {}", path.display());
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_dashboard_in_thai_then_english() {
    let app = TestApp::spawn(TestDb::new(Backend::Sqlite).await).await;
    let x = app.seed_agency("krathok").await;
    let driver = start_driver().await;
    let c = browser(&driver, 1366, 768).await;

    c.goto(&app.url("/staff/login")).await.unwrap();
    assert_eq!(text_of(&c, "h1").await, "เข้าสู่ระบบสำหรับเจ้าหน้าที่");
    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys(&x.user(Role::AgencyAdmin))
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    shot(&c, "01-login-th").await;
    click(&c, Locator::Css("form button[type=submit]")).await;
    c.wait()
        .for_element(Locator::Id("fiscal-year"))
        .await
        .expect("dashboard shows");
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/staff/dashboard"));
    let fy = text_of(&c, "#fiscal-year").await;
    assert!(fy.starts_with("ปีงบประมาณ พ.ศ."), "{fy}");
    assert!(text_of(&c, "h1").await.contains("ภาพรวม"));
    // the Thai web font is loaded and used
    let font_ok = c
        .execute(
            "return document.fonts.check('16px Sarabun', 'ก') && getComputedStyle(document.body).fontFamily.includes('Sarabun');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(font_ok, serde_json::json!(true));
    shot(&c, "02-dashboard-th").await;

    click(&c, Locator::Css("a.lang")).await;
    c.wait()
        .for_element(Locator::XPath("//h1[contains(., 'Overview')]"))
        .await
        .expect("English dashboard");
    assert_eq!(
        c.find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap()
            .as_deref(),
        Some("en")
    );
    assert!(text_of(&c, "main").await.contains("Current fiscal year"));
    shot(&c, "03-dashboard-en").await;

    // the same page on a phone-sized screen: nothing wider than the viewport
    c.set_window_size(390, 844).await.unwrap();
    c.refresh().await.unwrap();
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::json!(true),
        "no horizontal scrolling on a phone"
    );
    shot(&c, "04-dashboard-phone").await;

    c.close().await.unwrap();
    drop(driver);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn executive_sees_late_steps_and_acknowledges_a_round() {
    use prongsai_domain::calendar::FiscalYear;
    let app = TestApp::spawn(TestDb::new(Backend::Sqlite).await).await;
    let x = app.seed_agency("krathok").await;
    let s = &app.db.store;
    let t = prongsai_store::Actor::system("t");
    let sample = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");
    let doc = prongsai_docs::import::report_text::parse_report_text(sample.as_bytes())
        .unwrap()
        .document;
    let fy = FiscalYear::new(2566).unwrap();
    s.import_measures(&x.scope, &t, fy, &doc).await.unwrap();
    let round = s.report_rounds(&x.scope, fy).await.unwrap()[0].clone();
    s.submit_round(&x.scope, &t, round.id).await.unwrap();

    let driver = start_driver().await;
    let c = browser(&driver, 1366, 900).await;
    c.goto(&app.url("/staff/login")).await.unwrap();
    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys(&x.user(Role::Executive))
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    click(&c, Locator::Css("form button[type=submit]")).await;
    // the dashboard monitors the newest year with measures: FY 2566 is long past, so late
    c.wait()
        .for_element(Locator::Id("m-late"))
        .await
        .expect("the measures monitor shows");
    let late: usize = text_of(&c, "#m-late").await.trim().parse().unwrap();
    assert!(late > 10, "{late} late steps");
    assert!(text_of(&c, "#by-measure").await.contains("ตัวชี้วัดที่ ๙"));
    shot(&c, "05-dashboard-monitor").await;

    c.goto(&app.url(&format!("/staff/measures/2566/rounds/{}", round.id)))
        .await
        .unwrap();
    assert!(text_of(&c, "#round-state").await.contains("รอรับทราบ"));
    c.find(Locator::Id("ack-note"))
        .await
        .unwrap()
        .send_keys("รับทราบ ให้เร่งรัดขั้นตอนที่ล่าช้า")
        .await
        .unwrap();
    click(
        &c,
        Locator::XPath("//form[contains(@action, '/acknowledge')]//button"),
    )
    .await;
    c.wait()
        .for_element(Locator::XPath(
            "//*[@id='round-state'][contains(., 'ผู้บริหารรับทราบแล้ว')]",
        ))
        .await
        .expect("the round is acknowledged");
    assert!(text_of(&c, "main").await.contains("ให้เร่งรัดขั้นตอนที่ล่าช้า"));
    // nobody can add progress to it any more: the form is gone
    assert!(c.find(Locator::Css("td.progress details")).await.is_err());
    shot(&c, "06-round-acknowledged").await;
    c.close().await.unwrap();
    drop(driver);
    app.stop().await;
}

/// Type a user's name and the test password into the login form and submit it.
async fn log_in(c: &Client, app: &TestApp, username: &str) {
    c.goto(&app.url("/staff/login")).await.unwrap();
    fill(c, "username", username).await;
    fill(c, "password", PASSWORD).await;
    click(c, Locator::Css("form button[type=submit]")).await;
    // the login page has its own heading: wait for what only a signed-in page has,
    // or the next goto races the session cookie
    c.wait()
        .for_element(Locator::Css("form[action='/staff/logout']"))
        .await
        .expect("signed in");
}

/// Click the element a locator finds.
async fn click(c: &Client, l: Locator<'_>) {
    c.find(l).await.unwrap().click().await.unwrap();
}

/// Type into the field with this id.
async fn fill(c: &Client, id: &str, text: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_writes_a_measure_and_reports_with_an_evidence_file() {
    let app = TestApp::spawn(TestDb::new(Backend::Sqlite).await).await;
    let x = app.seed_agency("krathok").await;
    let driver = start_driver().await;
    let c = browser(&driver, 1366, 900).await;
    log_in(&c, &app, &x.user(Role::AgencyAdmin)).await;
    c.goto(&app.url("/staff/measures/2570/new")).await.unwrap();
    fill(&c, "issue", "การเปิดเผยข้อมูลการให้บริการ").await;
    fill(&c, "codes", "o11").await;
    fill(&c, "responsible", "สำนักปลัด").await;
    fill(
        &c,
        "steps",
        "๑. จัดทำสถิติการให้บริการ ภายในเดือนมกราคม ๒๕๗๐\n๒. เผยแพร่บนเว็บไซต์ ภายในวันที่ ๓๑ มีนาคม ๒๕๗๐",
    )
    .await;
    shot(&c, "07-measure-new").await;
    click(&c, Locator::Css("form.measure-edit button[type=submit]")).await;
    c.wait()
        .for_element(Locator::XPath("//td[contains(., 'เผยแพร่บนเว็บไซต์')]"))
        .await
        .expect("the measure is in the year's table");
    let table = text_of(&c, "table.measures").await;
    assert!(table.contains("O11"), "{table}");
    assert!(
        table.contains("31 มี.ค. 2570"),
        "the deadline was read: {table}"
    );
    shot(&c, "08-measure-in-table").await;

    // a six-month round; progress on step 1 with a photo as evidence
    click(
        &c,
        Locator::XPath("//form[contains(@action, '/rounds')]//button"),
    )
    .await;
    c.wait()
        .for_element(Locator::Css("td.progress details"))
        .await
        .expect("the round page");
    click(&c, Locator::Css("td.progress details summary")).await;
    let png = std::env::temp_dir().join(format!("prongsai-evidence-{}.png", std::process::id()));
    std::fs::write(&png, common::PNG).unwrap();
    c.find(Locator::Css("td.progress textarea"))
        .await
        .unwrap()
        .send_keys("จัดทำสถิติไตรมาสที่ ๑ แล้ว")
        .await
        .unwrap();
    c.find(Locator::Css("td.progress input[type=file]"))
        .await
        .unwrap()
        .send_keys(png.to_str().unwrap())
        .await
        .unwrap();
    click(&c, Locator::Css("td.progress form button[type=submit]")).await;
    c.wait()
        .for_element(Locator::XPath("//td[contains(., 'จัดทำสถิติไตรมาสที่ ๑ แล้ว')]"))
        .await
        .expect("the entry is recorded");
    let href = c
        .find(Locator::Css("td.progress a[href*='/krathok/files/']"))
        .await
        .expect("a link to the evidence file")
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let _ = std::fs::remove_file(&png);
    shot(&c, "09-progress-with-evidence").await;
    c.goto(&href).await.unwrap();
    c.close().await.unwrap();
    drop(driver);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn citizen_files_and_tracks_a_request_on_a_phone() {
    use prongsai_domain::eservice::{FieldDef, FieldKind, FormDef};
    let app = TestApp::spawn(TestDb::new(Backend::Sqlite).await).await;
    let x = app.seed_agency("krathok").await;
    let mut name = FieldDef::new("name", "ชื่อ-นามสกุล", FieldKind::Text);
    name.required = true;
    let service = app
        .db
        .store
        .create_service(
            &x.scope,
            &prongsai_store::Actor::system("t"),
            prongsai_store::eservice::ServiceDraft {
                name_th: "ขอความอนุเคราะห์รถน้ำ".into(),
                name_en: None,
                description_th: "ขอรับน้ำอุปโภคบริโภค".into(),
                unit_id: None,
                target_days: 3,
                form: FormDef {
                    fields: vec![name, FieldDef::new("photo", "ภาพถ่าย", FieldKind::Photo)],
                    documents: vec!["สำเนาบัตรประจำตัวประชาชน".into()],
                },
                active: true,
            },
        )
        .await
        .unwrap();
    let driver = start_driver().await;
    let c = browser(&driver, 390, 844).await;
    c.goto(&app.url("/krathok/eservice")).await.unwrap();
    click(
        &c,
        Locator::Css(&format!("a[href='/krathok/eservice/{}']", service.id)),
    )
    .await;
    c.wait().for_element(Locator::Id("f_name")).await.unwrap();
    fill(&c, "f_name", "นางสมหญิง ใจดี").await;
    fill(&c, "phone", "0812345678").await;
    let png = std::env::temp_dir().join(format!("prongsai-photo-{}.png", std::process::id()));
    std::fs::write(&png, common::PNG).unwrap();
    c.find(Locator::Id("f_photo"))
        .await
        .unwrap()
        .send_keys(png.to_str().unwrap())
        .await
        .unwrap();
    click(&c, Locator::Css("input[name=consent]")).await;
    shot(&c, "10-eservice-form-phone").await;
    click(&c, Locator::Css("form.service-form button[type=submit]")).await;
    c.wait()
        .for_element(Locator::Id("tracking-code"))
        .await
        .expect("the receipt");
    let code = text_of(&c, "#tracking-code").await;
    assert_eq!(code.len(), 19, "{code}");
    let _ = std::fs::remove_file(&png);
    shot(&c, "11-eservice-receipt").await;
    c.goto(&app.url("/krathok/eservice/track")).await.unwrap();
    fill(&c, "code", &code).await;
    click(&c, Locator::Css("main form button[type=submit]")).await;
    c.wait()
        .for_element(Locator::Id("request-status"))
        .await
        .expect("the status");
    assert_eq!(text_of(&c, "#state").await, "รับเรื่องแล้ว");
    shot(&c, "12-eservice-track").await;

    // staff finish the request; the citizen rates it from the tracking result
    let s = &app.db.store;
    let tracking = prongsai_domain::eservice::TrackingCode::parse(&code).unwrap();
    let (r, _) = s
        .request_by_code(&x.scope, &tracking)
        .await
        .unwrap()
        .unwrap();
    s.move_request(
        &x.scope,
        &prongsai_store::Actor::system("t"),
        r.id,
        prongsai_domain::eservice::RequestState::Done,
        "",
        true,
        prongsai_web::view::today(),
        |_| true,
    )
    .await
    .unwrap();
    c.goto(&app.url("/krathok/eservice/track")).await.unwrap();
    fill(&c, "code", &code).await;
    click(&c, Locator::Css("main form button[type=submit]")).await;
    c.wait()
        .for_element(Locator::Id("survey-form"))
        .await
        .expect("the survey on the tracking result");
    for (key, rating) in [
        ("process", "5"),
        ("staff", "5"),
        ("facilities", "4"),
        ("quality", "5"),
        ("overall", "5"),
    ] {
        click(
            &c,
            Locator::Css(&format!("input[name=q_{key}][value='{rating}']")),
        )
        .await;
    }
    c.find(Locator::Css("textarea[name=q_suggestion]"))
        .await
        .unwrap()
        .send_keys("บริการรวดเร็วดีมาก")
        .await
        .unwrap();
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(fits, serde_json::json!(true), "the survey fits a phone");
    shot(&c, "13-survey-phone").await;
    click(&c, Locator::Css("#survey-form button[type=submit]")).await;
    c.wait()
        .for_element(Locator::Id("survey-thanks"))
        .await
        .expect("the thanks");
    let report = s
        .survey_report(
            &x.scope,
            prongsai_domain::calendar::FiscalYear::containing(prongsai_web::view::today()),
            10,
        )
        .await
        .unwrap();
    assert_eq!(report.total.respondents, 1);
    assert_eq!(report.total.get("facilities").distribution, [0, 0, 0, 1, 0]);
    assert_eq!(report.texts[0].text, "บริการรวดเร็วดีมาก");
    c.close().await.unwrap();
    drop(driver);
    app.stop().await;
}

/// Run axe-core (WCAG 2.0/2.1 A and AA rules) on the open page; the violations, described.
async fn axe_violations(c: &Client) -> Vec<String> {
    let axe = include_str!("assets/axe.min.js");
    c.execute(axe, vec![]).await.expect("axe loads");
    let r = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })\
               .then(r => done({ passes: r.passes.length, violations: r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')) }))\
               .catch(e => done({ passes: 0, violations: ['axe failed: ' + e] }));",
            vec![],
        )
        .await
        .expect("axe runs");
    let passes = r["passes"].as_u64().expect("axe answered");
    assert!(passes > 10, "axe checked the page ({passes} rules passed)");
    serde_json::from_value(r["violations"].clone()).expect("axe violations")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_oit_page_opens_every_document_and_passes_axe() {
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_store::disclosure::{DocumentMeta, NewDocument, NewEvidence, Target};
    let app = TestApp::spawn(TestDb::new(Backend::Sqlite).await).await;
    let x = app.seed_agency("krathok").await;
    let s = &app.db.store;
    let t = prongsai_store::Actor::system("t");
    let fy = FiscalYear::new(2566).unwrap();
    let sample = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");
    let doc = prongsai_docs::import::report_text::parse_report_text(sample.as_bytes())
        .unwrap()
        .document;
    s.import_measures(&x.scope, &t, fy, &doc).await.unwrap();
    let round = s.report_rounds(&x.scope, fy).await.unwrap()[0].clone();
    s.submit_round(&x.scope, &t, round.id).await.unwrap();
    let exec = s.list_users(&x.scope).await.unwrap();
    let exec = exec.iter().find(|u| u.role() == Role::Executive).unwrap();
    s.acknowledge_round(
        &x.scope,
        &prongsai_store::Actor::user(exec.id, &exec.username),
        round.id,
        None,
    )
    .await
    .unwrap();
    prongsai_web::pages::disclosure::auto::attach_measures(
        s,
        &app.state.frameworks,
        &x.scope,
        &t,
        "krathok",
        fy,
    )
    .await
    .unwrap();
    let pdf = prongsai_docs::reports::o43::MeasuresReport {
        doc: &doc,
        thai_digits: true,
        progress: false,
    }
    .pdf()
    .unwrap();
    let (d, _) = s
        .add_document(
            &x.scope,
            &t,
            &app.state.blobs,
            NewDocument {
                file_name: "โครงสร้าง.pdf".into(),
                kind: "pdf".into(),
                bytes: pdf,
                body: None,
                meta: DocumentMeta {
                    title: "โครงสร้างส่วนราชการ".into(),
                    public: true,
                    ..Default::default()
                },
            },
        )
        .await
        .unwrap();
    s.add_evidence(
        &x.scope,
        &t,
        fy,
        "O1",
        NewEvidence {
            target: Target::Document(d.id),
            label: "โครงสร้างส่วนราชการ".into(),
            data_year: None,
            period: None,
            published_on: None,
        },
    )
    .await
    .unwrap();

    let driver = start_driver().await;
    let c = browser(&driver, 1280, 900).await;
    c.goto(&app.url("/krathok/ita/2566")).await.unwrap();
    let main = text_of(&c, "main").await;
    assert!(main.contains("O1") && main.contains("O43"));
    assert!(main.contains("ยังไม่มี"), "items without evidence say so");
    shot(&c, "07-public-oit").await;
    let violations = axe_violations(&c).await;
    assert!(violations.is_empty(), "accessibility: {violations:#?}");
    // every document link on the page opens (fetched by the browser, no login)
    let statuses = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const links = [...document.querySelectorAll('ul.links a')].map(a => a.href)\
               .filter(h => h.startsWith(location.origin));\
             Promise.all(links.map(h => fetch(h).then(r => [h, r.status])))\
               .then(done).catch(e => done([['error', String(e)]]));",
            vec![],
        )
        .await
        .unwrap();
    let statuses: Vec<(String, u16)> = serde_json::from_value(statuses).unwrap();
    assert!(statuses.len() >= 3, "{statuses:?}");
    assert!(statuses.iter().all(|(_, s)| *s == 200), "{statuses:?}");
    // the item's permalink shows its evidence, and passes too; so does the Thai 404
    c.goto(&app.url("/krathok/ita/2566/O43")).await.unwrap();
    assert!(text_of(&c, "main")
        .await
        .contains("รายงานการดำเนินการตามมาตรการ"));
    let violations = axe_violations(&c).await;
    assert!(violations.is_empty(), "accessibility: {violations:#?}");
    // on a phone: no horizontal scrolling
    let phone = browser(&driver, 390, 844).await;
    phone.goto(&app.url("/krathok/ita/2566")).await.unwrap();
    let wide = phone
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(wide, serde_json::json!(false), "the page fits a phone");
    shot(&phone, "08-public-oit-phone").await;
    phone.close().await.unwrap();
    c.close().await.unwrap();
    drop(driver);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fy2566_item_permalink_shows_its_evidence() {
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::framework::Cadence;
    use prongsai_store::disclosure::{DocumentMeta, NewDocument, NewEvidence, Target};
    let app = TestApp::spawn(TestDb::new(Backend::Sqlite).await).await;
    let x = app.seed_agency("krathok").await;
    let s = &app.db.store;
    let t = prongsai_store::Actor::system("t");
    let fy = FiscalYear::new(2566).unwrap();
    let fw = app.state.frameworks.get(2566).unwrap().clone();
    // a demo-like year: every item answered, a document for most, a page of the portal itself
    // for the items that ask for a page only, the year's data for the periodic ones
    let mut expected = Vec::new();
    for it in &fw.items {
        let label = format!("หลักฐาน {} {}", it.code, it.title_th);
        let page_only = it
            .evidence
            .iter()
            .all(|k| *k == prongsai_domain::framework::EvidenceKind::Page);
        let target = if page_only {
            Target::Page("/krathok".into())
        } else {
            let mut bytes = common::PNG.to_vec();
            bytes.extend_from_slice(it.code.as_bytes());
            let (d, _) = s
                .add_document(
                    &x.scope,
                    &t,
                    &app.state.blobs,
                    NewDocument {
                        file_name: format!("{}.png", it.code.to_lowercase()),
                        kind: "png".into(),
                        bytes,
                        body: None,
                        meta: DocumentMeta {
                            title: label.clone(),
                            public: true,
                            ..Default::default()
                        },
                    },
                )
                .await
                .unwrap();
            Target::Document(d.id)
        };
        let data_year = match (it.cadence, it.data_year) {
            (Cadence::Once, _) => None,
            (_, prongsai_domain::framework::DataYear::Previous) => fy.prev(),
            _ => Some(fy),
        };
        s.add_evidence(
            &x.scope,
            &t,
            fy,
            &it.code,
            NewEvidence {
                target,
                label: label.clone(),
                data_year,
                period: None,
                published_on: None,
            },
        )
        .await
        .unwrap();
        expected.push((it.code.clone(), label));
    }
    assert_eq!(expected.len(), 43);

    let driver = start_driver().await;
    let c = browser(&driver, 1280, 900).await;
    for (code, label) in &expected {
        c.goto(&app.url(&format!("/krathok/ita/2566/{code}")))
            .await
            .unwrap();
        let main = text_of(&c, "main").await;
        assert!(main.contains(code.as_str()), "{code}: {main}");
        assert!(
            main.contains("ช่วงเวลาของข้อมูล"),
            "{code}: the period covered"
        );
        // the evidence is a link on the page, and it opens (fetched by the browser, no login)
        let links = c
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 const links = [...document.querySelectorAll('#evidence a')];\
                 Promise.all(links.map(a => fetch(a.href).then(r => [a.textContent, r.status])))\
                   .then(done).catch(e => done([['error', String(e)]]));",
                vec![],
            )
            .await
            .unwrap();
        let links: Vec<(String, u16)> = serde_json::from_value(links).unwrap();
        assert!(
            links
                .iter()
                .any(|(text, status)| text == label && *status == 200),
            "{code}: {links:?}"
        );
    }
    shot(&c, "09-permalink-o43").await;
    // an unknown item: the Thai 404 leads back to the year's list
    c.goto(&app.url("/krathok/ita/2566/O99")).await.unwrap();
    assert!(text_of(&c, "main").await.contains("ไม่พบข้อนี้ในกรอบการประเมิน"));
    c.find(Locator::Css("a[href='/krathok/ita/2566']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/krathok/ita/2566"));
    c.close().await.unwrap();
    drop(driver);
    app.stop().await;
}

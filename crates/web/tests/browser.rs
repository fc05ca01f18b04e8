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
    let profile = std::env::temp_dir().join(format!("prongsai-chrome-{}", driver.port));
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
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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

    c.find(Locator::Css("a.lang"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
    c.find(Locator::XPath(
        "//form[contains(@action, '/acknowledge')]//button",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
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

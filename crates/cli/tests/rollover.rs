//! `prongsai rollover` on the demo agency: `prongsai demo` seeds อบต.กระโทก's FY 2566, then
//! FY 2566 rolls over to FY 2567 and on to FY 2568 (merged numbering) with the standing items
//! carried and the rest listed; a second run adds nothing; a year with no framework file is a
//! user error naming the file.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use prongsai_domain::calendar::FiscalYear;
use prongsai_store::Store;

mod common;
use common::{prongsai, text};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run `prongsai demo` on a data dir until it listens (the demo data is seeded before).
fn seed_demo(dir: &std::path::Path) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["demo", "--listen", &listen, "--data-dir"])
        .arg(dir)
        .args(["--link-check-hours", "0"])
        .env_remove("PRONGSAI_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("demo starts");
    let _server = Server(child);
    let start = Instant::now();
    while std::net::TcpStream::connect(&listen).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the demo did not start"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_demo_agency_rolls_over_to_2567_and_2568() {
    let dir = std::env::temp_dir().join(format!("prongsai-cli-rollover-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    seed_demo(&dir);
    let d = dir.to_str().unwrap();

    // the plan alone writes nothing
    let plan = prongsai(&[
        "rollover",
        "--agency",
        "krathok",
        "--from",
        "2566",
        "--to",
        "2567",
        "--data-dir",
        d,
    ]);
    assert!(plan.status.success(), "{}", text(&plan));
    let out = text(&plan);
    assert!(out.contains("O1   ← O1"), "{out}");
    assert!(out.contains("ยกข้อมูลมาจากปีก่อน") && out.contains("ต้องจัดทำใหม่"));
    assert!(out.contains("--apply"));

    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt
        .block_on(Store::connect(&prongsai_store::default_sqlite_url(&dir)))
        .unwrap();
    let (scope, _) = rt
        .block_on(store.agency_by_slug("krathok"))
        .unwrap()
        .unwrap();
    let year = |y: i32| {
        rt.block_on(store.disclosures(&scope, FiscalYear::new(y).unwrap()))
            .unwrap()
    };
    let docs_of = |d: &prongsai_store::disclosure::ItemDisclosure| -> Vec<i64> {
        d.evidence
            .iter()
            .filter_map(|e| e.evidence.document_id)
            .collect()
    };
    let before_66 = format!("{:?}", year(2566));
    let y66 = year(2566);
    assert!(year(2567)
        .values()
        .all(|d| d.evidence.iter().all(|e| e.evidence.auto_key.is_some())));

    let applied = prongsai(&[
        "rollover",
        "--agency",
        "krathok",
        "--from",
        "2566",
        "--to",
        "2567",
        "--apply",
        "--data-dir",
        d,
    ]);
    assert!(applied.status.success(), "{}", text(&applied));
    let y67 = year(2567);
    // the standing documents are carried to the same items (the HR policy and criteria and the
    // code of ethics are signed announcements: the module answers them in every year)
    for code in ["O1", "O2", "O3", "O4", "O6", "O14", "O15", "O27"] {
        assert_eq!(docs_of(&y67[code]), docs_of(&y66[code]), "{code}");
        assert!(!docs_of(&y67[code]).is_empty(), "{code}");
    }
    // plans, reports and monthly summaries are not
    for code in ["O11", "O13", "O19", "O21"] {
        assert!(
            y67.get(code).is_none_or(|d| docs_of(d).is_empty()),
            "{code} must be new"
        );
    }
    assert_eq!(format!("{:?}", year(2566)), before_66);

    // twice: nothing more
    let again = prongsai(&[
        "rollover",
        "--agency",
        "krathok",
        "--from",
        "2566",
        "--to",
        "2567",
        "--apply",
        "--data-dir",
        d,
    ]);
    assert!(
        text(&again).contains("applied: 0 carried"),
        "{}",
        text(&again)
    );

    // on to FY 2568: the structure and the powers become one item
    let p68 = prongsai(&[
        "rollover",
        "--agency",
        "krathok",
        "--from",
        "2567",
        "--to",
        "2568",
        "--apply",
        "--data-dir",
        d,
    ]);
    assert!(p68.status.success(), "{}", text(&p68));
    assert!(text(&p68).contains("ทบทวน"), "merges are flagged");
    let y68 = year(2568);
    let mut o1 = docs_of(&y66["O1"]);
    o1.extend(docs_of(&y66["O3"]));
    assert_eq!(docs_of(&y68["O1"]), o1);

    // a year with no framework file
    let bad = prongsai(&[
        "rollover",
        "--agency",
        "krathok",
        "--from",
        "2570",
        "--to",
        "2571",
        "--data-dir",
        d,
    ]);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(
        text(&bad).contains("frameworks/2571.toml"),
        "{}",
        text(&bad)
    );
    let bad = prongsai(&[
        "rollover",
        "--agency",
        "nobody",
        "--from",
        "2566",
        "--to",
        "2567",
        "--data-dir",
        d,
    ]);
    assert_eq!(bad.status.code(), Some(1));

    rt.block_on(store.close()).ok();
    let _ = std::fs::remove_dir_all(&dir);
}

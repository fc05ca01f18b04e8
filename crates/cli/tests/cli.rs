//! The `prongsai` binary as a user runs it: exit codes and bilingual messages, on both
//! databases.

use prongsai_store::both_backends;
use prongsai_store::sea_orm::{ConnectionTrait, Statement};
use prongsai_store::testdb::TestDb;

mod common;
use common::{prongsai, text};

#[test]
fn help_is_thai_and_english() {
    let o = prongsai(&["--help"]);
    assert!(o.status.success());
    let t = text(&o);
    for needle in [
        "เปิดเซิร์ฟเวอร์",
        "run the server",
        "demo",
        "migrate",
        "backup",
        "audit",
    ] {
        assert!(t.contains(needle), "{needle} in {t}");
    }
    let o = prongsai(&["audit", "--help"]);
    assert!(text(&o).contains("verify the hash chain"));
}

#[test]
fn unsupported_database_is_a_user_error() {
    let o = prongsai(&["migrate", "--database-url", "mysql://localhost/x"]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(t.contains("ผิดพลาด") && t.contains("Error"), "{t}");
}

both_backends!(audit_verify_and_backup, |db: TestDb| async move {
    let url = db.url.clone();
    let o = prongsai(&["create-admin", "--username", "root", "--database-url", &url]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("root"));
    let o = prongsai(&["create-admin", "--username", "ส", "--database-url", &url]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("ชื่อผู้ใช้"));

    let o = prongsai(&["audit", "verify", "--database-url", &url]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("intact"));

    let dir = std::env::temp_dir().join(format!("prongsai-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("backup-{:?}.bak", db.backend));
    let _ = std::fs::remove_file(&file);
    let f = file.to_str().unwrap();
    let o = prongsai(&["backup", f, "--database-url", &url]);
    assert!(o.status.success(), "{}", text(&o));
    let o = prongsai(&["backup", f, "--database-url", &url]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("จะไม่เขียนทับ"));
    let _ = std::fs::remove_file(&file);

    db.store
        .conn()
        .execute(Statement::from_string(
            db.store.backend(),
            "UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 1".to_string(),
        ))
        .await
        .unwrap();
    let o = prongsai(&["audit", "verify", "--database-url", &url]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("รายการที่ 1 ถูกแก้ไข") && t.contains("entry 1 was edited"),
        "{t}"
    );
    db.cleanup().await;
});

#[test]
fn check_frameworks_passes_and_reports_errors() {
    let o = prongsai(&["check", "frameworks"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("2565: 43"));
    let dir = std::env::temp_dir().join(format!("prongsai-fw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("2566.toml"), "schema = 1\nfiscal_year = 2567\n").unwrap();
    let o = prongsai(&["check", "frameworks", "--dir", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("2566.toml"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

both_backends!(
    report_analysis_writes_pdf_and_docx,
    |db: TestDb| async move {
        let url = db.url.clone();
        // the demo agency has FY 2565 scores
        prongsai_store::demo::seed_demo(&db.store).await.unwrap();
        let dir = std::env::temp_dir().join(format!(
            "prongsai-report-cli-{}-{:?}",
            std::process::id(),
            db.backend
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for fmt in ["pdf", "docx"] {
            let out = dir.join(format!("analysis.{fmt}"));
            let o = prongsai(&[
                "report",
                "analysis",
                "--agency",
                "krathok",
                "--year",
                "๒๕๖๕",
                "--format",
                fmt,
                "-o",
                out.to_str().unwrap(),
                "--database-url",
                &url,
            ]);
            assert!(o.status.success(), "{}", text(&o));
            assert!(std::fs::metadata(&out).unwrap().len() > 5000);
        }
        let o = prongsai(&[
            "report",
            "analysis",
            "--agency",
            "krathok",
            "--year",
            "2566",
            "-o",
            dir.join("x.pdf").to_str().unwrap(),
            "--database-url",
            &url,
        ]);
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o).contains("ยังไม่ได้บันทึกผลคะแนน"), "{}", text(&o));
        let o = prongsai(&[
            "report",
            "analysis",
            "--agency",
            "nobody",
            "--year",
            "2565",
            "-o",
            dir.join("x.pdf").to_str().unwrap(),
            "--database-url",
            &url,
        ]);
        assert_eq!(o.status.code(), Some(1));
        let _ = std::fs::remove_dir_all(&dir);
        db.cleanup().await;
    }
);

#[test]
fn import_measures_preview_and_print() {
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/samples/krathok-o43-2566-h1.txt"
    );
    let dir = std::env::temp_dir().join(format!("prongsai-import-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("o43.xlsx");
    let o = prongsai(&["import", "measures", sample, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("6 measures"), "{t}");
    assert!(t.contains("2023-04-30"), "deadlines listed: {t}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "ข้อความ\tสองคอลัมน์\n").unwrap();
    let o = prongsai(&["import", "measures", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("nothing was saved"));
    let _ = std::fs::remove_dir_all(&dir);
}

both_backends!(import_measures_apply, |db: TestDb| async move {
    let url = db.url.clone();
    prongsai_store::demo::seed_demo(&db.store).await.unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/samples/krathok-o43-2566-h1.txt"
    );
    let args = |apply: bool| {
        let mut a = vec![
            "import",
            "measures",
            sample,
            "--agency",
            "krathok",
            "--year",
            "2566",
            "--database-url",
            url.as_str(),
        ];
        if apply {
            a.push("--apply");
        }
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| prongsai(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let o = run(args(false));
    assert!(o.status.success());
    assert!(text(&o).contains("nothing saved"));
    let (scope, _) = db.store.agency_by_slug("krathok").await.unwrap().unwrap();
    let fy = prongsai_domain::calendar::FiscalYear::new(2566).unwrap();
    assert_eq!(db.store.count_measures(&scope, fy).await.unwrap(), 0);
    let o = run(args(true));
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(db.store.count_measures(&scope, fy).await.unwrap(), 6);
    // again: refused, nothing doubled
    let o = run(args(true));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(db.store.count_measures(&scope, fy).await.unwrap(), 6);
    db.cleanup().await;
});

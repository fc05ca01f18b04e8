//! `prongsai`: the one binary. Serves the web application and runs the admin tasks.
//!
//! Exit status: 0 success, 1 user error (message in Thai and English on stderr), 2 internal error.

use clap::{Args, Parser, Subcommand};
use prongsai_store::{audit, default_sqlite_url, Actor, Store, StoreError};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

mod demo;

#[derive(Parser)]
#[command(
    name = "prongsai",
    version,
    about = "โปร่งใส — ระบบบริหารคุณธรรมและความโปร่งใส (ITA) ของหน่วยงาน\nProngsai — the integrity and transparency (ITA) programme of a Thai public agency",
    long_about = None,
    help_template = "{about}\n\n{usage-heading} {usage}\n\n{all-args}{after-help}",
    after_help = "ตัวอย่าง / Examples:\n  prongsai demo                      เปิดระบบพร้อมข้อมูลสาธิต / run with demo data\n  prongsai serve --listen 0.0.0.0:8080\n  prongsai audit verify"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// โฟลเดอร์ข้อมูล (ฐานข้อมูล SQLite และไฟล์) / data folder (SQLite database and files)
    #[arg(long, env = "PRONGSAI_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// ใช้ฐานข้อมูลนี้แทน SQLite เช่น postgres://… / use this database instead of SQLite, e.g. postgres://…
    #[arg(long, env = "PRONGSAI_DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// ที่อยู่และพอร์ตที่รับการเชื่อมต่อ / address and port to listen on
    #[arg(long, env = "PRONGSAI_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// ส่งคุกกี้แบบ Secure (เมื่อให้บริการผ่าน HTTPS) / send Secure cookies (when served over HTTPS)
    #[arg(long, env = "PRONGSAI_SECURE_COOKIES")]
    secure_cookies: bool,
    /// เชื่อ X-Forwarded-For จาก reverse proxy / trust X-Forwarded-For from a reverse proxy
    #[arg(long, env = "PRONGSAI_TRUST_PROXY")]
    trust_proxy: bool,
    /// ขนาดไฟล์อัปโหลดสูงสุด (MB) / largest document upload (MB)
    #[arg(long, env = "PRONGSAI_MAX_UPLOAD_MB", default_value_t = 20)]
    max_upload_mb: usize,
    /// ตรวจลิงก์ภายนอกของหลักฐานทุกกี่ชั่วโมง (0 = ไม่ตรวจ) / check the evidence's external links every N hours (0 = off)
    #[arg(long, env = "PRONGSAI_LINK_CHECK_HOURS", default_value_t = 24)]
    link_check_hours: u64,
    /// ที่เก็บไฟล์ที่อัปโหลด: s3://bucket/prefix (ตั้งค่าด้วยตัวแปร AWS_*) หรือ file:///path; ค่าเริ่มต้น <data dir>/blobs / where uploaded files are kept: s3://bucket/prefix (settings from the AWS_* variables) or file:///path; default <data dir>/blobs
    #[arg(long = "blob-store", env = "PRONGSAI_BLOB_STORE", value_name = "URL")]
    blob_store: Option<String>,
    /// ส่งการแจ้งเตือนขั้นตอนที่ใกล้ครบกำหนด/เลยกำหนดเป็น JSON ไปยัง URL นี้ (เช่น ตัวส่งต่อไปยัง LINE OA หรืออีเมล) / POST reminders of steps due soon or late as JSON to this URL (e.g. a relay to a LINE OA or e-mail)
    #[arg(
        long = "reminder-webhook",
        env = "PRONGSAI_REMINDER_WEBHOOK",
        value_name = "URL"
    )]
    reminder_webhook: Option<String>,
    /// ที่อยู่สาธารณะของเซิร์ฟเวอร์ (เช่น https://prongsai.example.go.th) สำหรับลิงก์ในการแจ้งเตือน / the server's public address (e.g. https://prongsai.example.go.th), for the links in reminders
    #[arg(long = "public-url", env = "PRONGSAI_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand)]
enum Command {
    /// เปิดเซิร์ฟเวอร์ / run the server
    Serve(ServeArgs),
    /// เปิดเซิร์ฟเวอร์พร้อมหน่วยงานสาธิต อบต.กระโทก / run the server with the demo agency (krathok)
    Demo(ServeArgs),
    /// ปรับโครงสร้างฐานข้อมูลให้เป็นปัจจุบัน / apply database migrations
    Migrate(DbArgs),
    /// สำรองฐานข้อมูลไปยังไฟล์ / back up the database to a file
    Backup {
        /// ไฟล์ปลายทาง (ต้องยังไม่มีอยู่) / destination file (must not exist)
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// บันทึกการเปลี่ยนแปลง / audit log
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
    /// ตรวจสอบข้อมูล / checks
    Check {
        #[command(subcommand)]
        cmd: CheckCmd,
    },
    /// สร้างเอกสารรายงาน / produce a report document
    Report {
        #[command(subcommand)]
        cmd: ReportCmd,
    },
    /// นำเข้าข้อมูลเดิมของหน่วยงาน / import the agency's existing documents
    Import {
        #[command(subcommand)]
        cmd: ImportCmd,
    },
    /// ยกข้อมูล OIT ไปปีงบประมาณถัดไปตามเกณฑ์ใหม่ / roll the OIT disclosures over to the next fiscal year
    Rollover {
        /// หน่วยงาน (slug) / the agency (slug)
        #[arg(long)]
        agency: String,
        /// จากปีงบประมาณ (พ.ศ.) / from fiscal year (BE)
        #[arg(long)]
        from: String,
        /// ไปยังปีงบประมาณ (พ.ศ.) / to fiscal year (BE)
        #[arg(long)]
        to: String,
        /// บันทึกจริง (ไม่ระบุ = แสดงแผนเท่านั้น) / apply (without it: show the plan only)
        #[arg(long)]
        apply: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// สร้างผู้ดูแลระบบคนแรก / create a system administrator
    CreateAdmin {
        /// ชื่อผู้ใช้ / username
        #[arg(long)]
        username: String,
        /// ชื่อที่แสดง / display name
        #[arg(long, default_value = "ผู้ดูแลระบบ")]
        display_name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum CheckCmd {
    /// ตรวจไฟล์กรอบการประเมิน ITA / validate the ITA framework files
    Frameworks {
        /// โฟลเดอร์ไฟล์ (ไม่ระบุ = ชุดที่ติดมากับโปรแกรม) / folder of files (default: the bundled set)
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// ตรวจลิงก์ภายนอกของหลักฐานการเปิดเผยข้อมูลทุกหน่วยงาน / check every external link given as disclosure evidence
    Links {
        /// จำนวนลิงก์ที่ตรวจพร้อมกัน / links checked at the same time
        #[arg(long, default_value_t = 8)]
        parallel: usize,
        /// เวลารอสูงสุดต่อคำขอ (วินาที) / longest wait per request (seconds)
        #[arg(long, default_value_t = 15)]
        timeout_secs: u64,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum ReportCmd {
    /// รายงานการวิเคราะห์ผลการประเมิน ITA / the ITA results analysis report
    Analysis {
        /// ชื่อย่อหน่วยงาน / agency URL name
        #[arg(long)]
        agency: String,
        /// ปีงบประมาณที่ประเมิน (พ.ศ.) / assessed fiscal year (BE)
        #[arg(long)]
        year: String,
        /// pdf | docx
        #[arg(long, default_value = "pdf")]
        format: String,
        /// ใช้เลขอารบิก / Arabic digits instead of Thai digits
        #[arg(long)]
        arabic_digits: bool,
        /// ไฟล์ปลายทาง / output file
        #[arg(short = 'o', long)]
        output: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum ImportCmd {
    /// แสดงตัวอย่างการนำเข้ารายงานมาตรการ (O42/O43) ที่มีอยู่ / preview the import of an existing measures report (O42/O43)
    Measures {
        /// ไฟล์ข้อความของรายงาน (คอลัมน์คั่นด้วยแท็บ) / the report as text (tab-separated columns)
        file: PathBuf,
        /// พิมพ์รายงานที่นำเข้าเป็น PDF/DOCX/CSV/XLSX (ตามนามสกุล) / print the imported report as PDF/DOCX/CSV/XLSX (by extension)
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// ใช้เลขอารบิก / Arabic digits instead of Thai digits
        #[arg(long)]
        arabic_digits: bool,
        /// บันทึกลงหน่วยงานนี้ (ใช้กับ --apply) / the agency to save into (with --apply)
        #[arg(long)]
        agency: Option<String>,
        /// ปีงบประมาณของมาตรการ (พ.ศ.) / fiscal year of the measures (BE)
        #[arg(long)]
        year: Option<String>,
        /// บันทึกจริง (ไม่ระบุ = แสดงตัวอย่างเท่านั้น) / save (without it: preview only)
        #[arg(long)]
        apply: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// ตรวจสอบสายโซ่แฮชของบันทึกทั้งหมด / verify the hash chain of every agency's log
    Verify(DbArgs),
}

/// A failure, classified for the exit status.
enum Failure {
    User(String, String),
    Internal(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Input(e) => Failure::User(e.th.into_owned(), e.en.into_owned()),
            other => Failure::Internal(other.to_string()),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,tower_http=warn".into()),
        )
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ข้อผิดพลาดภายใน / internal error: {e}");
            return ExitCode::from(2);
        }
    };
    match rt.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::User(th, en)) => {
            eprintln!("ผิดพลาด: {th}\nError: {en}");
            ExitCode::from(1)
        }
        Err(Failure::Internal(msg)) => {
            eprintln!("ข้อผิดพลาดภายใน / internal error: {msg}");
            ExitCode::from(2)
        }
    }
}

async fn open(db: &DbArgs) -> Result<Store, Failure> {
    let url = match &db.database_url {
        Some(u) => u.clone(),
        None => default_sqlite_url(&db.data_dir),
    };
    let store = Store::connect(&url).await.map_err(|e| match e {
        StoreError::Input(e) => Failure::User(e.th.into_owned(), e.en.into_owned()),
        other => Failure::User(
            format!("เชื่อมต่อฐานข้อมูลไม่ได้ ({other})"),
            format!("cannot open the database ({other})"),
        ),
    })?;
    store.migrate().await?;
    Ok(store)
}

async fn run(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Serve(args) => serve(args, false).await,
        Command::Demo(args) => serve(args, true).await,
        Command::Migrate(db) => {
            let store = open(&db).await?;
            println!(
                "ฐานข้อมูลเป็นปัจจุบันแล้ว (รุ่น {}) / database is up to date (version {})",
                prongsai_store::migrations::latest_version(),
                prongsai_store::migrations::latest_version()
            );
            store.close().await?;
            Ok(())
        }
        Command::Backup { file, db } => {
            let store = open(&db).await?;
            store.backup(&file).await?;
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            println!(
                "สำรองข้อมูลแล้ว: {} ({size} ไบต์) / backup written: {} ({size} bytes)",
                file.display(),
                file.display()
            );
            Ok(())
        }
        Command::Audit {
            cmd: AuditCmd::Verify(db),
        } => {
            let store = open(&db).await?;
            let reports = audit::verify(&store).await?;
            let mut bad = 0;
            let mut total = 0;
            for c in &reports {
                total += c.report.checked;
                for p in &c.report.problems {
                    bad += 1;
                    let chain = if c.chain_id == 0 {
                        "ระบบ/system".to_string()
                    } else {
                        format!("หน่วยงาน/agency {}", c.chain_id)
                    };
                    println!("[{chain}] {} / {}", p.message_th(), p.message_en());
                }
            }
            if bad == 0 {
                println!(
                    "ตรวจสอบแล้ว {total} รายการใน {} สายโซ่: ไม่พบการแก้ไข / verified {total} entries in {} chains: intact",
                    reports.len(),
                    reports.len()
                );
                Ok(())
            } else {
                Err(Failure::User(
                    format!("พบความผิดปกติ {bad} จุดในบันทึกการเปลี่ยนแปลง"),
                    format!("the audit log has {bad} problem(s)"),
                ))
            }
        }
        Command::Check {
            cmd: CheckCmd::Frameworks { dir },
        } => check_frameworks(dir),
        Command::Check {
            cmd:
                CheckCmd::Links {
                    parallel,
                    timeout_secs,
                    db,
                },
        } => check_links(&db, parallel, timeout_secs).await,
        Command::Import {
            cmd:
                ImportCmd::Measures {
                    file,
                    output,
                    arabic_digits,
                    agency,
                    year,
                    apply,
                    db,
                },
        } => {
            let doc = import_measures_preview(&file, output.as_deref(), !arabic_digits)?;
            if !apply {
                println!("ตัวอย่างเท่านั้น ยังไม่ได้บันทึก (ใช้ --apply เพื่อบันทึก) / preview only, nothing saved (use --apply to save)");
                return Ok(());
            }
            let (Some(agency), Some(year)) = (agency, year) else {
                return Err(Failure::User(
                    "ต้องระบุ --agency และ --year เมื่อใช้ --apply".into(),
                    "--apply needs --agency and --year".into(),
                ));
            };
            let fy: prongsai_domain::calendar::FiscalYear =
                year.parse()
                    .map_err(|e: prongsai_domain::calendar::CalendarError| {
                        Failure::User(e.message_th(), e.message_en())
                    })?;
            let store = open(&db).await?;
            let (scope, _) = store.agency_by_slug(&agency).await?.ok_or_else(|| {
                Failure::User(
                    format!("ไม่พบหน่วยงาน \"{agency}\""),
                    format!("no agency \"{agency}\""),
                )
            })?;
            let n = store
                .import_measures(&scope, &Actor::system("cli"), fy, &doc)
                .await?;
            println!("บันทึกมาตรการ {n} รายการแล้ว / saved {n} measures");
            Ok(())
        }
        Command::Report {
            cmd:
                ReportCmd::Analysis {
                    agency,
                    year,
                    format,
                    arabic_digits,
                    output,
                    db,
                },
        } => {
            let store = open(&db).await?;
            let (scope, _) = store.agency_by_slug(&agency).await?.ok_or_else(|| {
                Failure::User(
                    format!("ไม่พบหน่วยงาน \"{agency}\""),
                    format!("no agency \"{agency}\""),
                )
            })?;
            let fy: prongsai_domain::calendar::FiscalYear =
                year.parse()
                    .map_err(|e: prongsai_domain::calendar::CalendarError| {
                        Failure::User(e.message_th(), e.message_en())
                    })?;
            let state = prongsai_web::AppState::new(store, prongsai_web::Config::default())
                .map_err(|e| Failure::Internal(e.to_string()))?;
            let f = state.frameworks.get(fy.be()).ok_or_else(|| {
                Failure::User(
                    format!("ไม่มีไฟล์กรอบการประเมินของปี {}", fy.be()),
                    format!("no framework file for {}", fy.be()),
                )
            })?;
            let report =
                prongsai_web::pages::assessment::analysis_report(&state, scope, f, !arabic_digits)
                    .await
                    .map_err(|e| match e {
                        prongsai_web::error::AppError::NotFound => Failure::User(
                            format!("ยังไม่ได้บันทึกผลคะแนนปี {}", fy.be()),
                            format!("no scores recorded for {}", fy.be()),
                        ),
                        other => Failure::Internal(format!("{other:?}")),
                    })?;
            let bytes = match format.as_str() {
                "pdf" => report.pdf().map_err(|e| Failure::Internal(e.to_string()))?,
                "docx" => report
                    .docx()
                    .map_err(|e| Failure::Internal(e.to_string()))?,
                other => {
                    return Err(Failure::User(
                        format!("ไม่รองรับรูปแบบ \"{other}\" (pdf, docx)"),
                        format!("unsupported format \"{other}\" (pdf, docx)"),
                    ))
                }
            };
            std::fs::write(&output, &bytes).map_err(|e| {
                Failure::User(
                    format!("เขียนไฟล์ {} ไม่ได้: {e}", output.display()),
                    format!("cannot write {}: {e}", output.display()),
                )
            })?;
            println!(
                "เขียน {} แล้ว ({} ไบต์) / wrote {} ({} bytes)",
                output.display(),
                bytes.len(),
                output.display(),
                bytes.len()
            );
            Ok(())
        }
        Command::Rollover {
            agency,
            from,
            to,
            apply,
            db,
        } => {
            let store = open(&db).await?;
            rollover_cli(&store, &agency, &from, &to, apply).await
        }
        Command::CreateAdmin {
            username,
            display_name,
            db,
        } => {
            let store = open(&db).await?;
            let password = random_password();
            let u = store
                .create_system_admin(
                    &Actor::system("cli"),
                    prongsai_store::tenancy::NewUser {
                        username,
                        display_name,
                        position: None,
                        role: prongsai_domain::tenancy::Role::SystemAdmin,
                        unit_id: None,
                        password: password.clone(),
                    },
                )
                .await?;
            println!(
                "สร้างผู้ดูแลระบบแล้ว / system administrator created\n  ชื่อผู้ใช้ / username: {}\n  รหัสผ่าน / password: {password}\n(แสดงครั้งเดียว / shown once)",
                u.username
            );
            Ok(())
        }
    }
}

/// `prongsai rollover`: the plan of an agency's rollover, applied with `--apply`.
async fn rollover_cli(
    store: &Store,
    agency: &str,
    from: &str,
    to: &str,
    apply: bool,
) -> Result<(), Failure> {
    use prongsai_domain::rollover;
    let year = |s: &str| {
        prongsai_domain::calendar::to_ascii_digits(s.trim())
            .parse::<prongsai_domain::calendar::FiscalYear>()
            .map_err(|_| {
                Failure::User(
                    format!("ปีงบประมาณไม่ถูกต้อง: {s}"),
                    format!("not a fiscal year: {s}"),
                )
            })
    };
    let (from, to) = (year(from)?, year(to)?);
    let (scope, _) = store.agency_by_slug(agency).await?.ok_or_else(|| {
        Failure::User(
            format!("ไม่พบหน่วยงาน {agency}"),
            format!("no agency {agency}"),
        )
    })?;
    let (set, _) = prongsai_domain::framework::FrameworkSet::bundled();
    let (earlier, later) = rollover::frameworks(&set, from.be(), to.be())
        .map_err(|e| Failure::User(e.th.into_owned(), e.en.into_owned()))?;
    let sources = store.rollover_sources(&scope, from).await?;
    let window = store
        .assessment_window(&scope, later.fiscal_year)
        .await?
        .map(|w| (w.opens_on, w.closes_on));
    let plan = rollover::plan(earlier, later, &sources, window);
    for it in &plan.items {
        let from_codes: Vec<&str> = it.from.iter().map(|(c, _)| c.as_str()).collect();
        println!(
            "{:<4} ← {:<12} {} · {}{}",
            it.code,
            from_codes.join(","),
            it.action.label_th(),
            it.why.th,
            it.review
                .as_ref()
                .map(|r| format!(" · ทบทวน: {}", r.th))
                .unwrap_or_default()
        );
    }
    for (c, t) in &plan.removed {
        println!("{c:<4} ไม่มีในปี {} / not in FY {}: {t}", to.be(), to.be());
    }
    println!(
        "ยกหลักฐาน {} รายการ ต้องจัดทำใหม่ {} รายการ ระบบแนบให้เอง {} รายการ ต้องทบทวน {} รายการ\ncarry {} piece(s) of evidence; {} item(s) must be new, {} produced by Prongsai, {} to review",
        plan.carried(),
        plan.count(rollover::Action::MustBeNew),
        plan.count(rollover::Action::Produced),
        plan.reviews(),
        plan.carried(),
        plan.count(rollover::Action::MustBeNew),
        plan.count(rollover::Action::Produced),
        plan.reviews(),
    );
    if !apply {
        println!("(แสดงแผนเท่านั้น ใช้ --apply เพื่อบันทึก / plan only: use --apply to save)");
        return Ok(());
    }
    let done = store
        .apply_rollover(&scope, &Actor::system("cli"), &plan)
        .await?;
    println!(
        "บันทึกแล้ว: ยกมา {} มีอยู่แล้ว {} กำหนดหน่วยงาน {} รายการ\napplied: {} carried, {} already there, {} unit(s) set",
        done.carried, done.already, done.units, done.carried, done.already, done.units
    );
    Ok(())
}

/// Read an existing O42/O43 report and show what was understood (and what was not).
fn import_measures_preview(
    file: &std::path::Path,
    output: Option<&std::path::Path>,
    thai_digits: bool,
) -> Result<prongsai_domain::measures::MeasuresDocument, Failure> {
    use prongsai_docs::import::parse_report;
    let bytes = std::fs::read(file).map_err(|e| {
        Failure::User(
            format!("อ่านไฟล์ {} ไม่ได้: {e}", file.display()),
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    let p = parse_report(&bytes).map_err(|errors| {
        let th: Vec<String> = errors
            .iter()
            .map(|e| format!("แถวที่ {}: {}", e.line, e.th))
            .collect();
        let en: Vec<String> = errors
            .iter()
            .map(|e| format!("line {}: {}", e.line, e.en))
            .collect();
        Failure::User(
            format!("นำเข้าไม่ได้ ไม่มีการบันทึกข้อมูลใด ๆ\n{}", th.join("\n")),
            format!("cannot import; nothing was saved\n{}", en.join("\n")),
        )
    })?;
    let doc = &p.document;
    for t in &doc.title {
        println!("{t}");
    }
    let steps: usize = doc.rows.iter().map(|r| r.steps.len()).sum();
    let schedule: usize = doc.rows.iter().map(|r| r.schedule.len()).sum();
    println!(
        "มาตรการ {} แถว, ขั้นตอน {steps} บรรทัด, การรายงานผล/กำหนดเวลา {schedule} บรรทัด, กำหนดเวลาที่อ่านได้ {} รายการ\n{} measures, {steps} step lines, {schedule} schedule lines, {} deadlines read",
        doc.rows.len(),
        p.deadlines,
        doc.rows.len(),
        p.deadlines
    );
    for (i, r) in doc.rows.iter().enumerate() {
        let issue = r.issue.first().map(|l| l.display()).unwrap_or_default();
        println!("{}. {issue}", i + 1);
        for l in r.steps.iter().chain(&r.schedule) {
            if let Some(due) = &l.due {
                println!(
                    "   {} {} → {}{}",
                    l.label.as_deref().unwrap_or("-"),
                    l.text.chars().take(50).collect::<String>(),
                    due.end,
                    if due.deadline {
                        " (ภายใน/by)"
                    } else {
                        ""
                    }
                );
            }
        }
    }
    for w in &p.warnings {
        println!(
            "ตรวจสอบ / check: แถวที่ / line {}: {} / {}",
            w.line, w.th, w.en
        );
    }
    if let Some(out) = output {
        let r = prongsai_docs::reports::o43::MeasuresReport {
            doc,
            thai_digits,
            progress: true,
        };
        let ext = out
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let bytes = match ext.as_str() {
            "pdf" => r.pdf().map_err(|e| Failure::Internal(e.to_string()))?,
            "docx" => r.docx().map_err(|e| Failure::Internal(e.to_string()))?,
            "csv" => r
                .csv()
                .map_err(|e| Failure::Internal(e.to_string()))?
                .into_bytes(),
            "xlsx" => r.xlsx().map_err(|e| Failure::Internal(e.to_string()))?,
            other => {
                return Err(Failure::User(
                    format!("ไม่รองรับนามสกุล \"{other}\" (pdf, docx, csv, xlsx)"),
                    format!("unsupported extension \"{other}\" (pdf, docx, csv, xlsx)"),
                ))
            }
        };
        std::fs::write(out, &bytes).map_err(|e| {
            Failure::User(
                format!("เขียนไฟล์ {} ไม่ได้: {e}", out.display()),
                format!("cannot write {}: {e}", out.display()),
            )
        })?;
        println!("เขียน {} แล้ว / wrote {}", out.display(), out.display());
    }
    Ok(p.document)
}

/// Load and validate every framework file of a folder (or the bundled set).
fn check_frameworks(dir: Option<PathBuf>) -> Result<(), Failure> {
    use prongsai_domain::framework::{bundled, load_all};
    let (ok, errors) = match dir {
        None => bundled(),
        Some(dir) => {
            let mut files = Vec::new();
            let entries = std::fs::read_dir(&dir).map_err(|e| {
                Failure::User(
                    format!("อ่านโฟลเดอร์ {} ไม่ได้: {e}", dir.display()),
                    format!("cannot read {}: {e}", dir.display()),
                )
            })?;
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "toml") {
                    let text = std::fs::read_to_string(&p).map_err(|e| {
                        Failure::User(
                            format!("อ่านไฟล์ {} ไม่ได้: {e}", p.display()),
                            format!("cannot read {}: {e}", p.display()),
                        )
                    })?;
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    files.push((name, text));
                }
            }
            files.sort();
            load_all(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        }
    };
    for f in &ok {
        println!(
            "{}: {} ข้อ OIT / items, {} คำถาม / questions, {} ข้อมูลที่ยังขาด / gaps",
            f.fiscal_year.be(),
            f.items.len(),
            f.questions.len(),
            f.gaps.len()
        );
    }
    for e in &errors {
        eprintln!("{e}");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::User(
            format!("พบข้อผิดพลาด {} จุดในไฟล์กรอบการประเมิน", errors.len()),
            format!("{} error(s) in the framework files", errors.len()),
        ))
    }
}

/// Check every external link once, print what was found. Dead links are findings, not a
/// failure of the command: the exit status is 0 unless the database cannot be used.
async fn check_links(db: &DbArgs, parallel: usize, timeout_secs: u64) -> Result<(), Failure> {
    use prongsai_web::linkcheck::{check_all, CheckError, CheckOptions};
    let store = open(db).await?;
    let opts = CheckOptions {
        parallel: parallel.clamp(1, 64),
        timeout: std::time::Duration::from_secs(timeout_secs.clamp(1, 300)),
        ..Default::default()
    };
    let s = check_all(&store, &opts).await.map_err(|e| match e {
        CheckError::Store(e) => Failure::from(e),
        other => Failure::Internal(other.to_string()),
    })?;
    let secs = s.elapsed.as_secs_f64();
    println!(
        "ตรวจลิงก์ {} ที่อยู่ ใน {secs:.1} วินาที: ใช้ได้ {} เสีย {} ไม่แน่ชัด {}\nchecked {} URLs in {secs:.1} s: {} alive, {} dead, {} unknown",
        s.checked, s.alive, s.dead, s.unknown, s.checked, s.alive, s.dead, s.unknown
    );
    if s.network_down {
        println!("ไม่มีลิงก์ใดเปิดได้เลย จึงไม่ได้ทำเครื่องหมายว่าเสีย (ตรวจการเชื่อมต่อเครือข่ายของเครื่อง) / no link could be reached, so none was marked dead (check this machine's network)");
    }
    if !s.dead_links.is_empty() {
        println!("ลิงก์เสีย / dead links:");
    }
    for d in &s.dead_links {
        println!(
            "  [หน่วยงาน/agency {}] {} — {}{}",
            d.agency_id,
            d.url,
            d.note,
            if d.newly { " (ใหม่/new)" } else { "" }
        );
    }
    store.close().await?;
    Ok(())
}

/// Give memory freed during start-up (Argon2 work areas of the demo password resets, migration
/// buffers) back to the system, so an idle server stays small.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn random_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

async fn serve(args: ServeArgs, demo: bool) -> Result<(), Failure> {
    let started = Instant::now();
    let store = open(&args.db).await?;
    let config = prongsai_web::Config {
        secure_cookies: args.secure_cookies,
        trust_proxy: args.trust_proxy,
        max_upload_bytes: args.max_upload_mb.clamp(1, 1024) * 1024 * 1024,
        blob_dir: Some(args.db.data_dir.join("blobs")),
        blob_url: args.blob_store.clone().filter(|u| !u.trim().is_empty()),
        ..Default::default()
    };
    let state = prongsai_web::AppState::new(store.clone(), config)
        .map_err(|e| Failure::User(e.th, e.en))?;
    let blobs = state.blobs.describe();
    state.blobs.check().await.map_err(|e| {
        Failure::User(
            format!("ติดต่อที่เก็บไฟล์ {blobs} ไม่ได้: {e}"),
            format!("cannot reach the file store {blobs}: {e}"),
        )
    })?;
    tracing::info!(blobs = %blobs, "file store");
    let logins = if demo {
        let logins = prongsai_store::demo::seed_demo(&store).await?;
        demo::seed_demo_measures(&store).await?;
        demo::seed_demo_disclosures(&state).await?;
        demo::seed_demo_services(&store).await?;
        demo::publish_demo(&state).await?;
        logins
    } else {
        Vec::new()
    };
    release_freed_memory();
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| {
            Failure::User(
                format!("เปิดพอร์ต {} ไม่ได้: {e}", args.listen),
                format!("cannot listen on {}: {e}", args.listen),
            )
        })?;
    // The evidence's external links, checked in the background while the server runs.
    let link_check = (args.link_check_hours > 0).then(|| {
        prongsai_web::linkcheck::spawn_schedule(
            store.clone(),
            prongsai_web::linkcheck::CheckOptions::default(),
            std::time::Duration::from_secs(args.link_check_hours.saturating_mul(3600)),
        )
    });
    // Reminders of due and late steps on the channels outside the application.
    let reminders = match args.reminder_webhook.as_deref().map(str::trim) {
        Some(url) if !url.is_empty() => {
            let mut hook = prongsai_web::reminders::Webhook::new(url).map_err(|e| {
                Failure::User(
                    format!("ที่อยู่สำหรับส่งการแจ้งเตือนไม่ถูกต้อง: {e}"),
                    format!("the reminder webhook is not valid: {e}"),
                )
            })?;
            if let Some(site) = args.public_url.as_deref().map(str::trim) {
                hook = hook.with_site(site).map_err(|e| {
                    Failure::User(
                        format!("ที่อยู่สาธารณะของเซิร์ฟเวอร์ไม่ถูกต้อง: {e}"),
                        format!("the server's public address is not valid: {e}"),
                    )
                })?;
            }
            Some(prongsai_web::reminders::spawn_schedule(
                store.clone(),
                vec![Box::new(hook)],
            ))
        }
        _ => None,
    };
    let served = prongsai_web::serve(state, listener, move |addr| {
        if !logins.is_empty() {
            println!("บัญชีสาธิต (รหัสผ่านแสดงครั้งเดียว) / demo logins (passwords shown once):");
            for l in &logins {
                println!(
                    "  {:<22} {:<16} {:<24} {}",
                    l.username,
                    l.password,
                    l.role.code(),
                    l.display_name
                );
            }
            println!("  หน่วยงานสาธิต / demo agency: http://{addr}/{}", prongsai_store::demo::DEMO_SLUG);
        }
        println!(
            "โปร่งใสพร้อมให้บริการที่ http://{addr} (เริ่มใน {} ms) / Prongsai ready at http://{addr} (started in {} ms)",
            started.elapsed().as_millis(),
            started.elapsed().as_millis()
        );
    })
    .await
    .map_err(|e| Failure::Internal(e.to_string()));
    if let Some(job) = link_check {
        job.abort();
    }
    if let Some(job) = reminders {
        job.abort();
    }
    served
}

//! The service statistics over a large e-Service (target: a quarter over 1,000,000 requests
//! in < 500 ms, on SQLite and on PostgreSQL): one agency with 8 services whose requests
//! (`PRONGSAI_BENCH_REQUESTS`, default 1,000,000) are spread over fiscal years 2568 and 2569,
//! nearly all closed (done or rejected, some late), the recent ones partly open, a few old ones
//! stuck waiting for the citizen. Request rows and the statistics rows (`service_daily`,
//! `service_days_hist`) are written in bulk in one transaction, consistent with each other (the
//! seeding checks the year's totals against the count); request events are not written (the
//! statistics never read them). Then `Store::service_stats` is timed for the current quarter
//! (Q4 FY 2569, where the open requests are), a past quarter and the whole year.
//!
//! `cargo bench -p prongsai-store --bench eservice_stats` — SQLite always; PostgreSQL when
//! `PRONGSAI_BENCH_PG` (a server URL on which databases may be created) or the tests' server
//! (PRONGSAI_TEST_PG / DATABASE_URL / 127.0.0.1:5432) answers.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::eservice::{due_date, FormDef, RequestState, StatPeriod};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::eservice::{Service, ServiceDraft};
use prongsai_store::sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::{pg_admin_url, Backend, TestDb};
use prongsai_store::{Actor, AgencyScope, Store};
use rand::{rngs::StdRng, Rng, SeedableRng};

const SERVICES: [(&str, u32); 8] = [
    ("ขอรับความช่วยเหลือผู้ประสบภัย", 7),
    ("ขอความอนุเคราะห์รถน้ำ", 2),
    ("แจ้งซ่อมไฟฟ้าสาธารณะ", 3),
    ("ขออนุญาตก่อสร้างอาคาร", 30),
    ("ลงทะเบียนเบี้ยยังชีพผู้สูงอายุ", 5),
    ("ลงทะเบียนเบี้ยความพิการ", 5),
    ("ขอรับการสนับสนุนถังขยะ", 10),
    ("แจ้งเรื่องร้องทุกข์ทั่วไป", 15),
];
/// How often each service is asked for (relative).
const WEIGHTS: [u32; 8] = [5, 20, 25, 5, 15, 5, 10, 15];
/// Request rows per INSERT statement.
const CHUNK: usize = 1000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 15).expect("date")
}

/// One agency, its units and the 8 services, through the store's API.
async fn catalogue(store: &Store) -> (AgencyScope, Vec<Service>) {
    let actor = Actor::system("bench");
    let (scope, _) = store
        .create_agency(
            &actor,
            NewAgency {
                slug: AgencySlug::parse("bench").expect("slug"),
                name_th: "องค์การบริหารส่วนตำบลทดสอบ".into(),
                name_en: None,
                kind: AgencyKind::Sao,
                province: "นครราชสีมา".into(),
            },
        )
        .await
        .expect("agency");
    let mut units = Vec::new();
    for name in [
        "สำนักปลัด",
        "กองช่าง",
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "กองสวัสดิการสังคม",
    ] {
        units.push(
            store
                .create_unit(&scope, &actor, name.into(), None)
                .await
                .expect("unit")
                .id,
        );
    }
    let form = FormDef::parse_json(
        r#"{"fields": [{"key": "detail", "label_th": "รายละเอียด", "kind": {"type": "long_text"}}]}"#,
    )
    .expect("form");
    let mut services = Vec::new();
    for (i, (name, target)) in SERVICES.iter().enumerate() {
        services.push(
            store
                .create_service(
                    &scope,
                    &actor,
                    ServiceDraft {
                        name_th: (*name).into(),
                        name_en: None,
                        description_th: String::new(),
                        // the last service has no unit
                        unit_id: if i + 1 == SERVICES.len() {
                            None
                        } else {
                            units.get(i % units.len()).copied()
                        },
                        target_days: *target,
                        form: form.clone(),
                        active: true,
                    },
                )
                .await
                .expect("service"),
        );
    }
    (scope, services)
}

#[derive(Default)]
struct Daily {
    received: i64,
    done: i64,
    rejected: i64,
    closed_late: i64,
    days_sum: i64,
    days_count: i64,
}

/// `n` requests over FY 2568–2569 with their statistics rows, in one transaction.
async fn seed(store: &Store, scope: &AgencyScope, services: &[Service], n: usize) {
    let agency = scope.agency_id();
    let first = NaiveDate::from_ymd_opt(2024, 10, 1).expect("date");
    let span = (today() - first).num_days() + 1;
    let total_weight: u32 = WEIGHTS.iter().sum();
    let mut rng = StdRng::seed_from_u64(2569);
    let mut daily: HashMap<(i64, NaiveDate), Daily> = HashMap::new();
    let mut hist: HashMap<(i64, NaiveDate, i64), i64> = HashMap::new();
    let txn = store.conn().begin().await.expect("begin");
    let mut sql = String::new();
    let mut rows = 0;
    for i in 0..n {
        let mut pick = rng.gen_range(0..total_weight);
        let mut k = 0;
        while pick >= WEIGHTS[k] {
            pick -= WEIGHTS[k];
            k += 1;
        }
        let svc = &services[k];
        let received = first + Duration::days(rng.gen_range(0..span));
        let due = due_date(received, svc.target_days);
        let age = (today() - received).num_days();
        // what became of it: most are closed within about the target (some late), the recent
        // ones partly open, one in a hundred old ones stuck waiting for the citizen
        let target = i64::from(svc.target_days);
        let took = rng.gen_range(0..=(target + target / 2 + 2));
        let (state, closed) = if rng.gen_ratio(1, 100) {
            (RequestState::WaitingCitizen, None)
        } else if took > age {
            let open = [RequestState::Received, RequestState::InProgress];
            (open[rng.gen_range(0..2)], None)
        } else if rng.gen_ratio(1, 10) {
            (
                RequestState::Rejected,
                Some(received + Duration::days(took)),
            )
        } else {
            (RequestState::Done, Some(received + Duration::days(took)))
        };
        let d = daily.entry((svc.id, received)).or_default();
        d.received += 1;
        if let Some(c) = closed {
            d.closed_late += i64::from(c > due);
            if state == RequestState::Done {
                d.done += 1;
                d.days_sum += took;
                d.days_count += 1;
                let month = received.with_day(1).expect("first");
                *hist.entry((svc.id, month, took)).or_default() += 1;
            } else {
                d.rejected += 1;
            }
        }
        if rows == 0 {
            sql.clear();
            sql.push_str(
                "INSERT INTO service_request (agency_id, service_id, unit_id, channel, state, \
                 tracking_hash, answers, contact_phone, contact_email, consent_text, received_on, \
                 due_on, closed_on, created_at, updated_at) VALUES ",
            );
        } else {
            sql.push(',');
        }
        let unit = svc.unit_id.map_or("NULL".to_owned(), |u| u.to_string());
        let closed = closed.map_or("NULL".to_owned(), |c| format!("'{c}'"));
        let at = format!("'{received}T09:00:00+00:00'");
        let _ = write!(
            sql,
            "({agency}, {}, {unit}, 'online', '{}', '{i:064x}', \
             '[{{\"key\":\"detail\",\"value\":{{\"type\":\"long_text\",\"value\":\"ไฟดับ\"}}}}]', \
             '0812345678', NULL, 'ยินยอม', '{received}', '{due}', {closed}, {at}, {at})",
            svc.id,
            state.code(),
        );
        rows += 1;
        if rows == CHUNK || i + 1 == n {
            txn.execute_unprepared(&sql).await.expect("requests");
            rows = 0;
        }
    }
    let daily: Vec<_> = daily.into_iter().collect();
    for chunk in daily.chunks(CHUNK) {
        let mut sql = String::from(
            "INSERT INTO service_daily (agency_id, service_id, received_on, channel, received, \
             done, rejected, closed_late, days_sum, days_count) VALUES ",
        );
        for (k, ((service, day), d)) in chunk.iter().enumerate() {
            if k > 0 {
                sql.push(',');
            }
            let _ = write!(
                sql,
                "({agency}, {service}, '{day}', 'online', {}, {}, {}, {}, {}, {})",
                d.received, d.done, d.rejected, d.closed_late, d.days_sum, d.days_count
            );
        }
        txn.execute_unprepared(&sql).await.expect("daily");
    }
    let hist: Vec<_> = hist.into_iter().collect();
    for chunk in hist.chunks(CHUNK) {
        let mut sql = String::from(
            "INSERT INTO service_days_hist (agency_id, service_id, month_start, channel, days, \
             requests) VALUES ",
        );
        for (k, ((service, month, days), count)) in chunk.iter().enumerate() {
            if k > 0 {
                sql.push(',');
            }
            let _ = write!(
                sql,
                "({agency}, {service}, '{month}', 'online', {days}, {count})"
            );
        }
        txn.execute_unprepared(&sql).await.expect("hist");
    }
    txn.commit().await.expect("commit");
    store
        .conn()
        .execute(Statement::from_string(store.backend(), "ANALYZE"))
        .await
        .expect("analyze");
}

/// A fresh database of the backend, seeded; None when PostgreSQL does not answer.
fn prepare(rt: &tokio::runtime::Runtime, backend: Backend, n: usize) -> Option<TestDb> {
    if backend == Backend::Postgres {
        if let Ok(url) = std::env::var("PRONGSAI_BENCH_PG") {
            std::env::set_var("PRONGSAI_TEST_PG", url);
        }
        let reachable = rt.block_on(async {
            match Store::connect(&pg_admin_url()).await {
                Ok(s) => {
                    let ok = s.ping().await.is_ok();
                    let _ = s.close().await;
                    ok
                }
                Err(_) => false,
            }
        });
        if !reachable {
            println!(
                "PostgreSQL at {} does not answer: PostgreSQL skipped",
                pg_admin_url()
            );
            return None;
        }
    }
    let started = Instant::now();
    let db = rt.block_on(TestDb::new(backend));
    let (scope, services) = rt.block_on(catalogue(&db.store));
    rt.block_on(seed(&db.store, &scope, &services, n));
    // the seeding is consistent: both years' totals add up to the count
    let received: u64 = rt.block_on(async {
        let mut sum = 0;
        for be in [2568, 2569] {
            let fy = FiscalYear::new(be).expect("year");
            let s = db
                .store
                .service_stats(&scope, fy, StatPeriod::Year, today())
                .await
                .expect("stats");
            sum += s.total.received;
        }
        sum
    });
    assert_eq!(received, n as u64, "the daily rows count every request");
    println!(
        "{backend:?}: {n} requests of {} services seeded in {:.1} s",
        services.len(),
        started.elapsed().as_secs_f64()
    );
    Some(db)
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("PRONGSAI_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let fy = FiscalYear::new(2569).expect("year");
    let mut group = c.benchmark_group("service stats");
    group.sample_size(20);
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = prepare(&rt, backend, n) else {
            continue;
        };
        let scope = rt
            .block_on(db.store.agency_by_slug("bench"))
            .expect("agency")
            .expect("bench agency")
            .0;
        let store = db.store.clone();
        for (label, period) in [
            ("current quarter", StatPeriod::Quarter(4)),
            ("past quarter", StatPeriod::Quarter(2)),
            ("year", StatPeriod::Year),
        ] {
            let once = rt
                .block_on(store.service_stats(&scope, fy, period, today()))
                .expect("stats");
            println!(
                "{backend:?} {label}: {} received, {} open, {} late, median {:?} days",
                once.total.received, once.total.open, once.total.late, once.total.median_days
            );
            group.bench_function(format!("{label}, {n} requests, {backend:?}"), |b| {
                b.iter(|| {
                    rt.block_on(store.service_stats(&scope, fy, period, today()))
                        .expect("stats")
                })
            });
        }
        rt.block_on(db.cleanup());
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

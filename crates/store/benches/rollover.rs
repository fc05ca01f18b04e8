//! One agency-year rollover (target < 1 s) on SQLite: a full demo-like FY 2566 (every one of
//! the 43 items answered: standing items with two documents and a link, monthly items with
//! twelve monthly documents, six-monthly with two, yearly with one, and the module pages of
//! the items Prongsai produces), rolled over to FY 2567 — the plan read from the database and
//! computed, then applied in one transaction. Before each timed run the FY 2567 rows are
//! removed (untimed), so every run is a first rollover; the second, idempotent run is timed
//! apart.
//!
//! `cargo bench -p prongsai-store --bench rollover -- --warm-up-time 1 --measurement-time 3`

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{Cadence, FrameworkSet};
use prongsai_domain::rollover;
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::blobs::BlobStore;
use prongsai_store::disclosure::{DocumentMeta, NewDocument, NewEvidence, Target};
use prongsai_store::sea_orm::{ConnectionTrait, Statement};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::{Backend, TestDb};
use prongsai_store::{Actor, AgencyScope, Store};

/// A full year of evidence for every item of FY 2566; returns how many pieces.
async fn seed(store: &Store, blobs: &BlobStore, set: &FrameworkSet) -> (AgencyScope, usize) {
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
    let unit = store
        .create_unit(&scope, &actor, "สำนักปลัด".into(), None)
        .await
        .expect("unit");
    let fy = FiscalYear::new(2566).expect("year");
    let fw = set.get(2566).expect("FY 2566");
    let mut n = 0;
    for it in &fw.items {
        store
            .set_disclosure(&scope, &actor, fy, &it.code, Some(unit.id), None)
            .await
            .expect("unit");
        let periods: Vec<Option<prongsai_domain::calendar::Period>> = match it.cadence {
            Cadence::Once => vec![None, None],
            Cadence::Monthly => (1..=12).map(|m| fy.month(m).ok()).collect(),
            Cadence::Quarterly => fy.quarters().into_iter().map(Some).collect(),
            Cadence::SixMonthly => fy.halves().into_iter().map(Some).collect(),
            Cadence::Yearly => vec![Some(fy.whole())],
        };
        for (k, period) in periods.into_iter().enumerate() {
            let title = format!("{} เอกสารที่ {}", it.code, k + 1);
            let (d, _) = store
                .add_document(
                    &scope,
                    &actor,
                    blobs,
                    NewDocument {
                        file_name: "doc.pdf".into(),
                        kind: "pdf".into(),
                        bytes: format!("%PDF-1.7 {title}").into_bytes(),
                        body: Some(title.clone()),
                        meta: DocumentMeta {
                            title: title.clone(),
                            public: true,
                            ..Default::default()
                        },
                    },
                )
                .await
                .expect("document");
            store
                .add_evidence(
                    &scope,
                    &actor,
                    fy,
                    &it.code,
                    NewEvidence {
                        target: Target::Document(d.id),
                        label: title,
                        data_year: period.map(|p| p.fiscal_year),
                        period,
                        published_on: None,
                    },
                )
                .await
                .expect("evidence");
            n += 1;
        }
        if it.cadence == Cadence::Once {
            store
                .add_evidence(
                    &scope,
                    &actor,
                    fy,
                    &it.code,
                    NewEvidence {
                        target: Target::Link(format!("https://www.example.go.th/{}", it.code)),
                        label: format!("{} ลิงก์", it.code),
                        data_year: None,
                        period: None,
                        published_on: None,
                    },
                )
                .await
                .expect("link");
            n += 1;
        }
        if !it.produced_by.is_empty() {
            store
                .attach_auto(
                    &scope,
                    &actor,
                    fy,
                    &it.code,
                    "module",
                    NewEvidence {
                        target: Target::Page(format!("/bench/{}", it.code)),
                        label: format!("{} หน้าของระบบ", it.code),
                        data_year: Some(fy),
                        period: None,
                        published_on: None,
                    },
                )
                .await
                .expect("module page");
            n += 1;
        }
    }
    (scope, n)
}

/// The whole rollover of one agency-year: read, plan, apply.
async fn roll(store: &Store, set: &FrameworkSet, scope: &AgencyScope) -> rollover::Plan {
    let (a, b) = rollover::frameworks(set, 2566, 2567).expect("frameworks");
    let sources = store
        .rollover_sources(scope, a.fiscal_year)
        .await
        .expect("sources");
    let plan = rollover::plan(a, b, &sources, None);
    store
        .apply_rollover(scope, &Actor::system("bench"), &plan)
        .await
        .expect("apply");
    plan
}

async fn clear_2567(store: &Store) {
    for sql in [
        "DELETE FROM disclosure_evidence WHERE disclosure_id IN (SELECT id FROM disclosure WHERE fiscal_year = 2567)",
        "DELETE FROM disclosure WHERE fiscal_year = 2567",
    ] {
        store
            .conn()
            .execute(Statement::from_string(store.backend(), sql))
            .await
            .expect("clear");
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (set, errors) = FrameworkSet::bundled();
    assert!(errors.is_empty());
    let db = rt.block_on(TestDb::new(Backend::Sqlite));
    let dir = std::env::temp_dir().join(format!("prongsai-bench-ro-{}", std::process::id()));
    let blobs = BlobStore::open(&dir).expect("blobs");
    let (scope, pieces) = rt.block_on(seed(&db.store, &blobs, &set));
    let plan = rt.block_on(roll(&db.store, &set, &scope));
    println!(
        "FY 2566: {pieces} pieces of evidence on 43 items; the rollover carries {} and lists {} items to make new",
        plan.carried(),
        plan.count(rollover::Action::MustBeNew)
    );
    let mut g = c.benchmark_group("rollover");
    g.sample_size(20);
    g.bench_function("sqlite_2566_to_2567_first", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                rt.block_on(clear_2567(&db.store));
                let t = Instant::now();
                rt.block_on(roll(&db.store, &set, &scope));
                total += t.elapsed();
            }
            total
        })
    });
    g.bench_function("sqlite_2566_to_2567_again", |b| {
        b.iter(|| rt.block_on(roll(&db.store, &set, &scope)))
    });
    g.finish();
    rt.block_on(db.cleanup());
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);

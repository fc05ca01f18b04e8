//! The installation-wide OIT readiness table (target: 1,000 agencies on PostgreSQL < 300 ms):
//! every agency of a fresh PostgreSQL database with a full FY 2566 of evidence (a page per month
//! for monthly items, one per half for six-monthly, per quarter for quarterly, a year's one
//! otherwise: the same load as the one-agency `readiness` bench of the domain), read with
//! `Store::readiness_inputs` and turned into each agency's tally and predicted OIT score, as
//! `/staff/system/readiness/{year}` does. `PRONGSAI_BENCH_AGENCIES` changes the count (1,000).
//!
//! `cargo bench -p prongsai-store --bench readiness_table` (needs PostgreSQL: PRONGSAI_TEST_PG or
//! DATABASE_URL, else 127.0.0.1:5432 as in the tests).

use chrono::{NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::disclosure::summarize;
use prongsai_domain::framework::{Cadence, FrameworkSet};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::disclosure::entities::{disclosure, evidence};
use prongsai_store::sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect,
};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("PRONGSAI_BENCH_AGENCIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (set, _) = FrameworkSet::bundled();
    let fw = set.get(2566).expect("FY 2566 framework").clone();
    let fy = FiscalYear::new(2566).expect("year");
    let db = rt.block_on(TestDb::postgres());
    let store = db.store.clone();
    let started = std::time::Instant::now();
    let rows = rt.block_on(async {
        let actor = Actor::system("bench");
        for i in 0..n {
            store
                .create_agency(
                    &actor,
                    NewAgency {
                        slug: AgencySlug::parse(&format!("agency-{i:04}")).expect("slug"),
                        name_th: format!("องค์การบริหารส่วนตำบลทดสอบ {i}"),
                        name_en: None,
                        kind: AgencyKind::Sao,
                        province: "นครราชสีมา".into(),
                    },
                )
                .await
                .expect("agency");
        }
        let agencies = store.list_agencies().await.expect("agencies");
        let now = Utc::now();
        let answers: Vec<disclosure::ActiveModel> = agencies
            .iter()
            .flat_map(|a| {
                fw.items.iter().map(move |it| disclosure::ActiveModel {
                    agency_id: Set(a.id),
                    fiscal_year: Set(fy.be()),
                    item_code: Set(it.code.clone()),
                    unit_id: Set(None),
                    explanation: Set(None),
                    updated_at: Set(now),
                    ..Default::default()
                })
            })
            .collect();
        for chunk in answers.chunks(2000) {
            disclosure::Entity::insert_many(chunk.to_vec())
                .exec(store.conn())
                .await
                .expect("disclosures");
        }
        let ids: Vec<(i64, i64, String)> = disclosure::Entity::find()
            .select_only()
            .column(disclosure::Column::Id)
            .column(disclosure::Column::AgencyId)
            .column(disclosure::Column::ItemCode)
            .filter(disclosure::Column::FiscalYear.eq(fy.be()))
            .into_tuple()
            .all(store.conn())
            .await
            .expect("ids");
        let mut evidence_rows = Vec::new();
        for (id, agency_id, code) in ids {
            let it = fw.items.iter().find(|i| i.code == code).expect("item");
            let periods = match it.cadence {
                Cadence::Monthly => (1..=12).filter_map(|m| fy.month(m).ok()).collect(),
                Cadence::Quarterly => fy.quarters().to_vec(),
                Cadence::SixMonthly => fy.halves().to_vec(),
                _ => vec![fy.whole()],
            };
            for (k, p) in periods.into_iter().enumerate() {
                evidence_rows.push(evidence::ActiveModel {
                    agency_id: Set(agency_id),
                    disclosure_id: Set(id),
                    sort_order: Set(k as i32),
                    kind: Set("page".into()),
                    document_id: Set(None),
                    url: Set(Some(format!("/agency/{code}/{k}"))),
                    label: Set(format!("{code} {k}")),
                    data_year: Set(Some(fy.be())),
                    period: Set(Some(p.code())),
                    published_on: Set(None),
                    auto_key: Set(None),
                    link_status: Set(None),
                    link_note: Set(None),
                    link_checked_at: Set(None),
                    created_by: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
        }
        let rows = evidence_rows.len();
        for chunk in evidence_rows.chunks(2000) {
            evidence::Entity::insert_many(chunk.to_vec())
                .exec(store.conn())
                .await
                .expect("evidence");
        }
        rows
    });
    println!(
        "{n} agencies, {} items each, {rows} pieces of evidence (seeded in {:.1} s)",
        fw.items.len(),
        started.elapsed().as_secs_f64()
    );
    let today = NaiveDate::from_ymd_opt(2023, 6, 15).expect("date");
    let mut group = c.benchmark_group("readiness table");
    group.sample_size(20);
    group.bench_function(format!("{n} agencies, PostgreSQL"), |b| {
        b.iter(|| {
            rt.block_on(async {
                let agencies = store.list_agencies().await.expect("agencies");
                let inputs = store.readiness_inputs(fy).await.expect("inputs");
                let none = Default::default();
                agencies
                    .iter()
                    .map(|a| summarize(&fw, today, inputs.get(&a.id).unwrap_or(&none)))
                    .filter(|(t, _)| t.complete == t.total)
                    .count()
            })
        })
    });
    group.finish();
    rt.block_on(db.cleanup());
}

criterion_group!(benches, bench);
criterion_main!(benches);

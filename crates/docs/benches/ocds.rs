//! OCDS release package speed: 5,000 procurement records (two bidders each, most awarded with a
//! contract, delivery and payment) built into a package and serialized to JSON.
//! Target: < 500 ms.
//!
//! `cargo bench -j2 -p prongsai-docs --bench ocds`

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_docs::ocds::{
    release_package, to_json, PackageInfo, PackageRecord, PLACEHOLDER_OCID_PREFIX,
};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::procurement::{Bidder, Method, Money, Record};

const RECORDS: usize = 5_000;

fn records() -> Vec<Record> {
    let fy = FiscalYear::new(2567).unwrap();
    let months = fy.months();
    (0..RECORDS)
        .map(|i| {
            let budget = 5_000 + (i as i64 % 97) * 1_250;
            let method = Method::ALL[i % Method::ALL.len()];
            let day = months[i % 12].first_day() + chrono::Duration::days((i % 20) as i64);
            let a = format!("ร้านค้าที่ {} (ข้อมูลสาธิต)", i % 300);
            let b = format!("หจก. วัสดุก่อสร้าง {} (ข้อมูลสาธิต)", i % 211);
            let awarded = i % 10 != 0;
            Record {
                reference_price: Some(Money::from_baht(budget).unwrap()),
                bidders: vec![
                    Bidder {
                        name: a.clone(),
                        offer: Money::from_satang(budget * 100 - 75).unwrap(),
                    },
                    Bidder {
                        name: b,
                        offer: Money::from_baht(budget).unwrap(),
                    },
                ],
                winner: awarded.then(|| a.clone()),
                award_price: awarded.then(|| Money::from_satang(budget * 100 - 75).unwrap()),
                reason: if awarded {
                    "ราคาไม่เกินวงเงินงบประมาณ และผู้เสนอราคามีคุณสมบัติถูกต้องครบถ้วน".into()
                } else {
                    String::new()
                },
                contract_no: awarded.then(|| format!("{}/2567", i + 1)),
                contract_date: awarded.then_some(day),
                egp_no: Some(format!("67{:09}", i)),
                delivery_date: awarded.then(|| day + chrono::Duration::days(7)),
                payment_date: awarded.then(|| day + chrono::Duration::days(15)),
                ..Record::new(
                    fy,
                    &format!("จัดซื้อวัสดุสำนักงาน รายการที่ {i}"),
                    Money::from_baht(budget).unwrap(),
                    method,
                )
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let records = records();
    let info = PackageInfo {
        uri: "https://example.org/api/v1/agencies/krathok/procurement/2567/ocds.json".into(),
        ocid_prefix: PLACEHOLDER_OCID_PREFIX.into(),
        published: DateTime::<Utc>::from_timestamp(1_727_000_000, 0).unwrap(),
        agency_slug: "krathok".into(),
        agency_name: "องค์การบริหารส่วนตำบลกระโทก".into(),
        agency_uri: None,
    };
    let updated = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
    let size = to_json(&release_package(
        &info,
        records.iter().enumerate().map(|(i, r)| PackageRecord {
            id: i as i64 + 1,
            record: r,
            updated_at: updated,
        }),
    ))
    .unwrap()
    .len();
    println!(
        "ocds: {RECORDS} records → {:.1} MB of JSON",
        size as f64 / 1e6
    );
    c.bench_function("ocds_package_5000_records_to_json", |b| {
        b.iter(|| {
            let p = release_package(
                &info,
                records.iter().enumerate().map(|(i, r)| PackageRecord {
                    id: i as i64 + 1,
                    record: r,
                    updated_at: updated,
                }),
            );
            black_box(to_json(&p).unwrap())
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);

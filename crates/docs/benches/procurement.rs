//! Procurement documents: the สขร.๑ PDF of a month with 200 records (target < 300 ms), and the
//! annual report PDF over 5,000 records of a year, the analysis included (target < 1 s).
//!
//! typst memoizes layout between compilations (comemo), so rendering the same document again
//! is far cheaper than the first time; each iteration here empties that cache first, to
//! measure what a request for a document not rendered recently costs.
//!
//! `cargo bench -j2 -p prongsai-docs --bench procurement`

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_docs::reports::procurement::{AnnualDoc, AnnualInput, MonthDoc};
use prongsai_domain::calendar::{Digits, FiscalYear, YearMonth};
use prongsai_domain::procurement::{AnnualAnalysis, Bidder, Method, Money, MonthlySummary, Record};

#[path = "common/place.rs"]
mod place;
use place::place;

const SHOPS: [&str; 6] = [
    "ร้านสมใจพาณิชย์",
    "หจก. รุ่งเรืองวัสดุก่อสร้าง",
    "บริษัท โคราชคอมพิวเตอร์ จำกัด",
    "ร้านเจริญการช่าง",
    "บริษัท ก่อสร้างรุ่งเรืองกิจ จำกัด",
    "ร้านนำชัยเครื่องเขียน",
];

const PROJECTS: [&str; 5] = [
    "จัดซื้อวัสดุสำนักงาน กองคลัง",
    "จ้างซ่อมแซมรถบรรทุกน้ำอเนกประสงค์ หมายเลขทะเบียน บค ๑๒๓๔ นครราชสีมา",
    "จัดซื้อวัสดุคอมพิวเตอร์ (หมึกพิมพ์ เมาส์ แป้นพิมพ์) สำนักปลัด",
    "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓ บ้านหนองบัว ขนาดกว้าง ๕.๐๐ เมตร ยาว ๑๘๐ เมตร หนา ๐.๑๕ เมตร",
    "จ้างเหมาบริการทำความสะอาดอาคารสำนักงาน",
];

fn money(b: i64) -> Money {
    Money::from_baht(b).unwrap()
}

fn record(fy: FiscalYear, i: usize, date: NaiveDate) -> Record {
    let bidders: Vec<Bidder> = (0..1 + i % 3)
        .map(|k| Bidder {
            name: SHOPS[(i + k) % SHOPS.len()].to_owned(),
            offer: money(10_000 + (i as i64 * 37) % 90_000 + k as i64 * 500),
        })
        .collect();
    let winner = bidders[0].clone();
    Record {
        reference_price: Some(money(10_500 + (i as i64 * 37) % 90_000)),
        winner: Some(winner.name.clone()),
        award_price: Some(winner.offer),
        bidders,
        reason: "ราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข".into(),
        contract_no: Some(format!("{}/2567", i + 1)),
        contract_date: Some(date),
        ..Record::new(
            fy,
            // each project's name differs from the others' as a whole Thai run
            &format!("{}{}", PROJECTS[i % PROJECTS.len()], place(i)),
            money(11_000 + (i as i64 * 37) % 90_000),
            [
                Method::Specific,
                Method::Specific,
                Method::EMarket,
                Method::EBidding,
            ][i % 4],
        )
    }
}

fn bench(c: &mut Criterion) {
    let fy = FiscalYear::new(2567).unwrap();
    let march = YearMonth::new(2024, 3).unwrap();
    let month: Vec<Record> = (0..200)
        .map(|i| {
            record(
                fy,
                i,
                march.first_day() + chrono::Days::new((i % 31) as u64),
            )
        })
        .collect();
    let prepared = NaiveDate::from_ymd_opt(2024, 4, 5).unwrap();
    let mut g = c.benchmark_group("procurement");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    let month_pdf = || {
        let s = MonthlySummary::build(fy, march, &month, Digits::Thai);
        let doc = MonthDoc::new("องค์การบริหารส่วนตำบลกระโทก", &s, prepared, Digits::Thai);
        doc.pdf().unwrap()
    };
    g.bench_function("month_pdf_200_records", |b| {
        b.iter(|| {
            prongsai_docs::pdf::forget_layouts();
            black_box(month_pdf())
        })
    });
    // the same document again, typst's cache warm (a month asked for again within minutes)
    g.bench_function("month_pdf_200_records_again", |b| {
        b.iter(|| black_box(month_pdf()))
    });
    let months = fy.months();
    let year: Vec<Record> = (0..5000)
        .map(|i| {
            let m = months[i % 12];
            record(fy, i, m.first_day() + chrono::Days::new((i % 28) as u64))
        })
        .collect();
    g.bench_function("annual_pdf_5000_records", |b| {
        b.iter(|| {
            prongsai_docs::pdf::forget_layouts();
            let a = AnnualAnalysis::build(fy, &year);
            let doc = AnnualDoc::new(AnnualInput {
                agency: "องค์การบริหารส่วนตำบลกระโทก",
                analysis: &a,
                problems: "งบประมาณได้รับการจัดสรรล่าช้า\nผู้ประกอบการในพื้นที่มีน้อย",
                improvements: "จัดทำแผนการจัดซื้อจัดจ้างให้เร็วขึ้น",
                digits: Digits::Thai,
                today: NaiveDate::from_ymd_opt(2024, 10, 5).unwrap(),
            });
            black_box(doc.pdf().unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

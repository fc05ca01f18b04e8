//! The ITAS submission sheet of a full year: the largest framework year (43 OIT items), each
//! with a URL and an explanation as long as the drafts are (documents named with their months,
//! the coverage, a note), as XLSX and as PDF (target < 300 ms each).
//!
//! typst memoizes layout between compilations (comemo); each PDF iteration empties that cache
//! first, to measure a sheet not rendered recently.
//!
//! `cargo bench -j2 -p prongsai-docs --bench submission`

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_docs::reports::submission::{SubmissionDoc, SubmissionLine};
use prongsai_domain::framework::FrameworkSet;

/// The sheet of the framework year with the most items, with realistic explanations.
fn full_year() -> SubmissionDoc {
    let (set, errors) = FrameworkSet::bundled();
    assert!(errors.is_empty(), "{errors:?}");
    let fw = set
        .all()
        .iter()
        .max_by_key(|f| (f.items.len(), f.fiscal_year))
        .expect("a framework");
    let be = fw.fiscal_year.be();
    let lines = fw
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let months = ["ตุลาคม", "พฤศจิกายน", "ธันวาคม", "มกราคม", "กุมภาพันธ์", "มีนาคม"];
            let named: Vec<String> = months
                .iter()
                .take(1 + i % 6)
                .map(|m| format!("“{} ประจำเดือน{m} {}” ({m} {})", it.title_th, be - 1, be - 1))
                .collect();
            SubmissionLine {
                order: i + 1,
                code: it.code.clone(),
                title: it.title_th.clone(),
                yes: i % 5 != 0,
                url: format!("https://www.krathok.go.th/krathok/ita/{be}/{}", it.code),
                explanation: format!(
                    "หน่วยงานเผยแพร่ข้อมูล “{}” บนเว็บไซต์ของหน่วยงาน ตาม URL ที่ระบุ ซึ่งรวบรวมหลักฐาน {} รายการ เอกสาร: {} ข้อมูลครอบคลุม ตุลาคม {} – มีนาคม {} (6 เดือน)\nผู้รับผิดชอบ สำนักปลัด โทร. 044-123456",
                    it.title_th,
                    named.len(),
                    named.join(", "),
                    be - 1,
                    be
                ),
            }
        })
        .collect();
    SubmissionDoc {
        agency: "องค์การบริหารส่วนตำบลกระโทก อำเภอโชคชัย จังหวัดนครราชสีมา".into(),
        year_be: be,
        prepared_on: NaiveDate::from_ymd_opt(2024, 4, 2).unwrap(),
        window: Some("1 เม.ย. 2567 – 31 พ.ค. 2567".into()),
        lines,
    }
}

fn bench(c: &mut Criterion) {
    let doc = full_year();
    assert!(doc.lines.len() >= 40, "{} items", doc.lines.len());
    // render once so fonts are loaded
    assert!(doc.pdf().unwrap().starts_with(b"%PDF"));
    let mut g = c.benchmark_group("submission");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    g.bench_function("full_year_xlsx", |b| {
        b.iter(|| black_box(doc.xlsx().unwrap()))
    });
    g.bench_function("full_year_pdf", |b| {
        b.iter(|| {
            prongsai_docs::pdf::forget_layouts();
            black_box(doc.pdf().unwrap())
        })
    });
    g.bench_function("full_year_csv", |b| {
        b.iter(|| black_box(doc.csv().unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Readiness of one agency-year (target: < 5 ms): every item of the FY 2566 framework with a
//! full year of evidence (a document per month for monthly items, one per half for six-monthly,
//! a year document otherwise), assessed and turned into the predicted OIT score.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::disclosure::{assess, predict, Evidence, Tally};
use prongsai_domain::framework::{Cadence, FrameworkSet};

fn bench(c: &mut Criterion) {
    let (set, _) = FrameworkSet::bundled();
    let fw = set.get(2566).expect("FY 2566 framework").clone();
    let fy = FiscalYear::new(2566).expect("year");
    let ev = |p| Evidence {
        fiscal_year: Some(fy),
        period: Some(p),
        published_on: None,
        public: true,
        dead: false,
    };
    let evidence: Vec<Vec<Evidence>> = fw
        .items
        .iter()
        .map(|it| match it.cadence {
            Cadence::Monthly => (1..=12).filter_map(|m| fy.month(m).ok()).map(ev).collect(),
            Cadence::Quarterly => fy.quarters().into_iter().map(ev).collect(),
            Cadence::SixMonthly => fy.halves().into_iter().map(ev).collect(),
            _ => vec![ev(fy.whole()), ev(fy.whole())],
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2023, 6, 15).expect("date");
    println!(
        "{} items, {} pieces of evidence",
        fw.items.len(),
        evidence.iter().map(Vec::len).sum::<usize>()
    );
    c.bench_function(
        "readiness and predicted OIT score of one agency-year",
        |b| {
            b.iter(|| {
                let r: Vec<_> = fw
                    .items
                    .iter()
                    .zip(&evidence)
                    .map(|(it, e)| assess(it, fy, today, e))
                    .collect();
                (Tally::of(&r), predict(&fw, &r))
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);

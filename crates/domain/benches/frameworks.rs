//! Loading and validating every bundled framework file (target: < 50 ms for all of them), and
//! the year diff the analysis and the browser use.

use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_domain::framework::{bundled, bundled_files, diff};

fn bench(c: &mut Criterion) {
    let files = bundled_files();
    let total: usize = files.iter().map(|(_, s)| s.len()).sum();
    println!("{} framework files, {} bytes", files.len(), total);
    c.bench_function("load and validate all framework files", |b| {
        b.iter(|| {
            let (ok, errors) = bundled();
            assert!(errors.is_empty());
            ok
        })
    });
    let (all, _) = bundled();
    c.bench_function("diff of every consecutive pair of years", |b| {
        b.iter(|| {
            all.windows(2)
                .map(|w| diff(&w[0], &w[1]).changes.len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

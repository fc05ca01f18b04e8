//! The risk assessment report of a large register: 200 risks with realistic Thai text, each
//! with a treatment of three steps — the heat-maps (SVG) and the whole report as PDF (target
//! < 300 ms) and DOCX.
//!
//! typst memoizes layout between compilations (comemo); each PDF iteration empties that cache
//! first, to measure a report not rendered recently.
//!
//! `cargo bench -j2 -p prongsai-docs --bench risk`

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_docs::reports::notice::Signer;
use prongsai_docs::reports::risk::{default_intro, RiskReport, RiskReportRow};
use prongsai_domain::risk::{Category, Matrix};

fn register(n: usize) -> RiskReport {
    let processes = [
        "การออกใบอนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร",
        "การจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง",
        "การจัดจ้างก่อสร้างโดยวิธีประกาศเชิญชวนทั่วไป (e-bidding)",
        "การตรวจรับพัสดุและงานจ้าง",
        "การใช้รถยนต์ส่วนกลางและทรัพย์สินของทางราชการ",
        "การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง",
        "การสรรหาและเลือกสรรพนักงานจ้าง",
    ];
    let events = [
        "เจ้าหน้าที่เรียกรับเงินหรือผลประโยชน์เพื่ออำนวยความสะดวกหรือเร่งรัดการออกใบอนุญาต",
        "แบ่งซื้อแบ่งจ้างให้วงเงินต่ำกว่าเกณฑ์ และเลือกผู้ขายหรือผู้รับจ้างรายเดิมซ้ำ",
        "ผู้เสนอราคาสมยอมกันในการเสนอราคาเพื่อให้รายใดรายหนึ่งได้งาน",
        "กรรมการตรวจรับมีความสัมพันธ์กับผู้รับจ้าง หรือตรวจรับงานที่ไม่เป็นไปตามสัญญา",
    ];
    let rows = (0..n)
        .map(|k| {
            let l = (k % 5 + 1) as u32;
            let i = ((k * 3) % 5 + 1) as u32;
            RiskReportRow {
                process: format!("{} งานที่ {}", processes[k % processes.len()], k + 1),
                category: Category::ALL[k % Category::ALL.len()].label_th().into(),
                // every text differs, as in a real register (typst reuses the layout of a
                // paragraph it has seen within one document)
                event: format!("{} กรณีที่ {}", events[k % events.len()], k + 1),
                cause: "ขั้นตอนและระยะเวลาไม่เปิดเผย และขาดการตรวจสอบโดยผู้บังคับบัญชา".into(),
                likelihood: l,
                impact: i,
                controls: "ประกาศขั้นตอน ระยะเวลา และค่าธรรมเนียม และตรวจสอบโดยหัวหน้าส่วนราชการ".into(),
                likelihood_after: l.saturating_sub(1).max(1),
                impact_after: i,
                treatment: vec![
                    format!(
                        "๑. จัดทำและเผยแพร่คู่มือสำหรับประชาชนเรื่องที่ {} บนเว็บไซต์ ภายในเดือนธันวาคม ๒๕๖๕",
                        k + 1
                    ),
                    "๒. เปิดให้ยื่นคำขอและติดตามสถานะผ่านระบบ e-Service ภายในเดือนมีนาคม ๒๕๖๖".into(),
                    "๓. สุ่มตรวจคำขอที่ล่าช้าเกินกำหนดทุกไตรมาส ภายในเดือนกันยายน ๒๕๖๖".into(),
                ],
                owner: "กองช่าง\nผู้อำนวยการกองช่าง".into(),
            }
        })
        .collect();
    RiskReport {
        agency: "องค์การบริหารส่วนตำบลกระโทก".into(),
        year: 2566,
        intro: default_intro("องค์การบริหารส่วนตำบลกระโทก", 2566),
        matrix: Matrix::default(),
        rows,
        signer: Some(Signer {
            name: "นายสมชาย กระโทก".into(),
            position: "นายกองค์การบริหารส่วนตำบลกระโทก".into(),
        }),
        signed_on: chrono::NaiveDate::from_ymd_opt(2022, 11, 15),
    }
}

fn bench(c: &mut Criterion) {
    let r = register(200);
    assert!(r.pdf(true).unwrap().starts_with(b"%PDF"));
    let mut g = c.benchmark_group("risk");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("heat_maps_200", |b| b.iter(|| black_box(r.svgs(true))));
    g.bench_function("report_200_pdf", |b| {
        b.iter(|| {
            comemo::evict(0);
            black_box(r.pdf(true).unwrap())
        })
    });
    g.bench_function("report_200_docx", |b| {
        b.iter(|| black_box(r.docx(true).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

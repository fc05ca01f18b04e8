//! Score import speed: a 1,000-row CSV and a 1,000-row XLSX against a generated framework
//! (10 indicators, 600 OIT items, 400 questions). Target: < 200 ms per file.
//!
//! `cargo bench -p prongsai-docs --bench import -- --warm-up-time 1 --measurement-time 3`

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use prongsai_docs::import::{parse_scores, Format, CSV_HEADER};
use prongsai_domain::framework::{load_str, Framework};
use rust_xlsxwriter::Workbook;

const ITEMS: usize = 600;
const QUESTIONS_EACH: usize = 200; // E1… and I1…

fn framework() -> Framework {
    let mut src = String::from(
        r#"
schema = 1
fiscal_year = 2565
title_th = "ITA 2565 (bench)"
status = "partial"

[scoring]
pass_mark = 85.0
oit_method = "share_of_yes"

[[grades]]
code = "A"
label_th = "A"
min_total = 85.0

[[grades]]
code = "F"
label_th = "F"
min_total = 0.0

[[tools]]
code = "IIT"
name_th = "ภายใน"
name_en = "internal"
weight = 30.0

[[tools]]
code = "EIT"
name_th = "ภายนอก"
name_en = "external"
weight = 30.0

[[tools]]
code = "OIT"
name_th = "เปิดเผย"
name_en = "open data"
weight = 40.0

[[sub_indicators]]
code = "9.1"
indicator = 9
name_th = "ข้อมูลพื้นฐาน"
"#,
    );
    for n in 1..=10 {
        let tool = match n {
            1..=5 => "IIT",
            6..=8 => "EIT",
            _ => "OIT",
        };
        write!(
            src,
            "\n[[indicators]]\nnumber = {n}\ntool = \"{tool}\"\nname_th = \"ตัวชี้วัดที่ {n}\"\n"
        )
        .unwrap();
    }
    for i in 1..=ITEMS {
        write!(
            src,
            "\n[[items]]\ncode = \"O{i}\"\nsub_indicator = \"9.1\"\ntitle_th = \"ข้อ {i}\"\ncadence = \"yearly\"\ndata_year = \"current\"\n"
        )
        .unwrap();
    }
    for q in 1..=QUESTIONS_EACH {
        write!(
            src,
            "\n[[questions]]\ncode = \"I{q}\"\ntool = \"IIT\"\nindicator = {}\ntext_th = \"คำถาม I{q}\"\n",
            1 + q % 5
        )
        .unwrap();
        write!(
            src,
            "\n[[questions]]\ncode = \"E{q}\"\ntool = \"EIT\"\nindicator = {}\ntext_th = \"คำถาม E{q}\"\n",
            6 + q % 3
        )
        .unwrap();
    }
    load_str("2565.toml", &src).expect("bench framework loads")
}

/// 1,000 rows: 10 indicators, 600 items, 390 questions; Thai remarks, some quoted.
fn rows() -> Vec<[String; 5]> {
    let mut rows = Vec::with_capacity(1000);
    for n in 1..=10 {
        rows.push([
            "indicator".into(),
            format!("ตัวชี้วัดที่ {n}"),
            format!("{}.5", 80 + n),
            String::new(),
            String::new(),
        ]);
    }
    for i in 1..=ITEMS {
        rows.push([
            "ข้อ".into(),
            format!("O{i}"),
            String::new(),
            if i % 3 == 0 {
                "ไม่มี"
            } else {
                "มี"
            }
            .into(),
            format!("เผยแพร่บนเว็บไซต์, หน้า {i}: ข้อมูลครบถ้วน"),
        ]);
    }
    for q in 0..390 {
        let (letter, n) = if q % 2 == 0 {
            ('E', q / 2 + 1)
        } else {
            ('I', q / 2 + 1)
        };
        rows.push([
            "question".into(),
            format!("{letter}{n}"),
            format!("{}", 50 + q % 50),
            String::new(),
            String::new(),
        ]);
    }
    assert_eq!(rows.len(), 1000);
    rows
}

fn csv_bytes(rows: &[[String; 5]]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    w.write_record(CSV_HEADER.split(',')).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn xlsx_bytes(rows: &[[String; 5]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in CSV_HEADER.split(',').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            if v.is_empty() {
                continue;
            }
            // scores as number cells, the rest as text
            match (c, v.parse::<f64>()) {
                (2, Ok(n)) => ws.write_number(r, c, n).unwrap(),
                _ => ws.write_string(r, c, v).unwrap(),
            };
        }
    }
    wb.save_to_buffer().unwrap()
}

fn bench(c: &mut Criterion) {
    let fw = framework();
    let rows = rows();
    let csv = csv_bytes(&rows);
    let xlsx = xlsx_bytes(&rows);
    for (bytes, format) in [(&csv, Format::Csv), (&xlsx, Format::Xlsx)] {
        let parsed = parse_scores(bytes, format, &fw).expect("bench file parses");
        assert_eq!(parsed.len(), 1000);
    }
    c.bench_function("import csv 1000 rows", |b| {
        b.iter(|| parse_scores(black_box(&csv), Format::Csv, &fw).unwrap())
    });
    c.bench_function("import xlsx 1000 rows", |b| {
        b.iter(|| parse_scores(black_box(&xlsx), Format::Xlsx, &fw).unwrap())
    });
}

const SAMPLE: &str = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");

/// The sample report: import (as text, and as the DOCX printed from it), and print again as PDF
/// and DOCX (targets: import < 10 ms, PDF and DOCX < 150 ms warm); a synthetic 60-measure,
/// 300-step report (target < 1.5 s).
fn reports(c: &mut Criterion) {
    use prongsai_docs::import::report_docx::parse_report_docx;
    use prongsai_docs::import::report_text::parse_report_text;
    use prongsai_docs::reports::o43::MeasuresReport;
    c.bench_function("import sample O43 text", |b| {
        b.iter(|| parse_report_text(black_box(SAMPLE.as_bytes())).unwrap())
    });
    let doc = parse_report_text(SAMPLE.as_bytes()).unwrap().document;
    let r = MeasuresReport {
        doc: &doc,
        thai_digits: true,
        progress: true,
    };
    let mut g = c.benchmark_group("render");
    g.sample_size(20);
    g.bench_function("sample O43 PDF", |b| b.iter(|| r.pdf().unwrap()));
    g.bench_function("sample O43 PDF, typst memo cache cleared", |b| {
        b.iter(|| {
            prongsai_docs::pdf::forget_layouts();
            r.pdf().unwrap()
        })
    });
    g.bench_function("sample O43 DOCX", |b| b.iter(|| r.docx().unwrap()));
    let docx = r.docx().unwrap();
    g.bench_function("import sample O43 docx", |b| {
        b.iter(|| parse_report_docx(black_box(&docx)).unwrap())
    });
    // 60 measures of 5 steps each, built from the sample's rows
    let mut big = doc.clone();
    big.rows = (0..60)
        .map(|i| {
            let mut row = doc.rows[i % doc.rows.len()].clone();
            row.steps.truncate(5);
            while row.steps.len() < 5 {
                row.steps.push(row.steps[0].clone());
            }
            row
        })
        .collect();
    let rb = MeasuresReport {
        doc: &big,
        thai_digits: true,
        progress: true,
    };
    g.sample_size(10);
    g.bench_function("synthetic O43 PDF, 60 measures / 300 steps", |b| {
        b.iter(|| rb.pdf().unwrap())
    });
    g.bench_function("synthetic O43 PDF, memo cache cleared", |b| {
        b.iter(|| {
            prongsai_docs::pdf::forget_layouts();
            rb.pdf().unwrap()
        })
    });
    g.finish();
    // for the LibreOffice comparison: write the sample DOCX once
    let _ = std::fs::write("/tmp/prongsai-sample-o43.docx", r.docx().unwrap());
}

criterion_group!(benches, bench, reports);
criterion_main!(benches);

//! The sample O43 report of อบต.กระโทก imports completely: every measure, step and deadline,
//! nothing lost (cell by cell, after whitespace normalisation); malformed files are refused
//! with a clear message.

use prongsai_docs::import::report_text::{normalise, parse_report_text};

const SAMPLE: &str = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");

fn data_rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c.len() == 5 && !normalise(c[0]).starts_with("ประเด็นที่ต้องปรับปรุง"))
        .collect()
}

#[test]
fn the_sample_imports_completely() {
    let p = parse_report_text(SAMPLE.as_bytes()).expect("the sample imports");
    let doc = &p.document;
    assert_eq!(doc.rows.len(), 6);
    assert!(doc.title[0].starts_with(
        "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน องค์การบริหารส่วนตำบลกระโทก"
    ));
    assert!(doc.title[0].ends_with("พ.ศ. ๒๕๖๖"));
    assert!(doc.title[1].starts_with("รอบ ๖ เดือน"));
    assert!(doc.intro[0].starts_with("จากการวิเคราะห์ผลการประเมิน"));
    // cell by cell, every non-space character in order
    let originals = data_rows(SAMPLE);
    assert_eq!(originals.len(), doc.rows.len());
    for (r, (orig, row)) in originals.iter().zip(&doc.rows).enumerate() {
        for (c, (cell, lines)) in orig.iter().zip(row.cells()).enumerate() {
            let rendered: String = lines
                .iter()
                .map(|l| l.display())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(normalise(&rendered), normalise(cell), "row {r} column {c}");
        }
    }
    // numbered steps were recognised in every row
    for (r, row) in doc.rows.iter().enumerate() {
        assert!(
            row.steps.iter().any(|l| l.number == Some(1)),
            "row {r} has step ๑"
        );
    }
    // the sample's own irregularities are kept as they are: row 2 has an unnumbered
    // schedule, row 5 numbers its schedule from "๒." after an unnumbered first paragraph
    assert!(doc.rows[1].schedule.iter().all(|l| l.number.is_none()));
    let numbers: Vec<Option<u32>> = doc.rows[4].schedule.iter().map(|l| l.number).collect();
    assert_eq!(numbers, vec![None, Some(2), Some(3)]);
    // the first row: four schedule lines, deadlines read from the Thai text
    let first = &doc.rows[0];
    assert_eq!(
        first.schedule.iter().filter(|l| l.number.is_some()).count(),
        4
    );
    let due = first.schedule[0]
        .due
        .as_ref()
        .expect("ภายในเดือน เมษายน ๒๕๖๖");
    assert!(due.deadline);
    assert_eq!(due.end.to_string(), "2023-04-30");
    assert_eq!(
        first.schedule[2].due.as_ref().unwrap().end.to_string(),
        "2022-12-31"
    );
    assert!(p.deadlines >= 15, "deadlines found: {}", p.deadlines);
}

#[test]
fn the_sample_in_windows_874_imports_the_same() {
    let (bytes, _, bad) = encoding_rs::WINDOWS_874.encode(SAMPLE);
    assert!(!bad);
    let a = parse_report_text(SAMPLE.as_bytes()).unwrap();
    let b = parse_report_text(&bytes).unwrap();
    assert_eq!(a.document, b.document);
}

#[test]
fn malformed_files_are_refused_clearly() {
    // a DOCX (zip) given as text
    let e = parse_report_text(b"PK\x03\x04rest").unwrap_err();
    assert!(e[0].th.contains("DOCX"));
    // truncated in the middle of a Thai character
    let cut = &SAMPLE.as_bytes()[..SAMPLE.len() - 1];
    let cut = if std::str::from_utf8(cut).is_ok() {
        &cut[..cut.len() - 1]
    } else {
        cut
    };
    if std::str::from_utf8(cut).is_err() {
        let e = parse_report_text(cut).unwrap_err();
        assert!(e[0].en.contains("truncated"), "{e:?}");
    }
    // missing columns
    let bad = SAMPLE.replacen(
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูลเครื่องมือการประเมิน OIT การให้บริการ\t",
        "",
        1,
    );
    let e = parse_report_text(bad.as_bytes()).unwrap_err();
    assert!(
        e.iter().any(|e| e.line == 9 && e.en.contains("4 columns")),
        "{e:?}"
    );
    // no header at all
    let e = parse_report_text("ข้อความ\nอีกบรรทัด\n".as_bytes()).unwrap_err();
    assert!(e[0].en.contains("header"));
    // 10 MB of one cell
    let huge = format!(
        "ประเด็นที่ต้องปรับปรุงแก้ไข\tผู้รับผิดชอบ\tขั้นตอน\tการรายงาน\tการดำเนินการ\n{}\tก\tข\tค\tง\n",
        "ก".repeat(3_500_000)
    );
    let e = parse_report_text(huge.as_bytes()).unwrap_err();
    assert!(e[0].en.contains("larger than"));
    let big_cell = format!(
        "ประเด็นที่ต้องปรับปรุงแก้ไข\tผู้รับผิดชอบ\tขั้นตอน\tการรายงาน\tการดำเนินการ\n{}\tก\tข\tค\tง\n",
        "ก".repeat(100_001)
    );
    let e = parse_report_text(big_cell.as_bytes()).unwrap_err();
    assert!(e[0].en.contains("longer than"));
    // random bytes never panic
    let mut seed = 7u64;
    for _ in 0..500 {
        let n = (seed % 400) as usize;
        let bytes: Vec<u8> = (0..n)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) as u8
            })
            .collect();
        let _ = parse_report_text(&bytes);
    }
}

/// The sample, imported and printed again, as PDF, DOCX, CSV and XLSX.
#[test]
fn the_sample_prints_again() {
    use prongsai_docs::reports::o43::MeasuresReport;
    let p = parse_report_text(SAMPLE.as_bytes()).unwrap();
    let r = MeasuresReport {
        doc: &p.document,
        thai_digits: true,
        progress: true,
    };
    let pdf = r.pdf().expect("renders without warnings");
    assert!(pdf.starts_with(b"%PDF"));
    if let Ok(dir) = std::env::var("PRONGSAI_KEEP_PDF") {
        std::fs::write(format!("{dir}-o43.pdf"), &pdf).unwrap();
    }
    let docx = r.docx().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("w:orient=\"landscape\""));
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
    assert!(xml.contains("ภายในเดือนเมษายน ๒๕๖๖"));
    // the CSV carries every cell's text, nothing lost
    let csv = r.csv().unwrap();
    let mut rd = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let records: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let originals = data_rows(SAMPLE);
    assert_eq!(records.len(), originals.len());
    for (rec, orig) in records.iter().zip(&originals) {
        for (a, b) in rec.iter().zip(orig) {
            assert_eq!(normalise(a), normalise(b));
        }
    }
    assert!(r.xlsx().unwrap().starts_with(b"PK"));
}

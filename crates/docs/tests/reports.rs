//! The analysis report renders as PDF (Thai font embedded, Thai digits) and as DOCX (Thai in
//! the complex-script slots, repeated header rows, Thai language).

use chrono::NaiveDate;
use prongsai_docs::chart::{score_bars_svg, Bar};
use prongsai_docs::reports::analysis::*;

fn report(thai_digits: bool) -> AnalysisReport {
    let indicators: Vec<IndicatorLine> = [
        (1, "การปฏิบัติหน้าที่", "IIT", Some(95.42)),
        (8, "การปรับปรุงการทำงาน", "EIT", Some(72.4)),
        (9, "การเปิดเผยข้อมูล", "OIT", Some(87.5)),
        (10, "การป้องกันการทุจริต", "OIT", None),
    ]
    .into_iter()
    .map(|(n, name, tool, score)| IndicatorLine {
        number: n,
        name: name.into(),
        tool: tool.into(),
        score,
    })
    .collect();
    let bars: Vec<Bar> = indicators
        .iter()
        .map(|i| Bar {
            label: format!("{} {}", i.number, i.name),
            value: i.score,
        })
        .collect();
    AnalysisReport {
        agency_name: "องค์การบริหารส่วนตำบลกระโทก".into(),
        fiscal_year: 2565,
        generated_on: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        thai_digits,
        total: Some(84.37),
        grade: Some("B".into()),
        pass_mark: 85.0,
        target: 85.0,
        passed: Some(false),
        tools: vec![
            ToolLine {
                code: "IIT".into(),
                name: "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน".into(),
                weight: 30.0,
                score: Some(92.5),
            },
            ToolLine {
                code: "OIT".into(),
                name: "แบบตรวจการเปิดเผยข้อมูลสาธารณะ".into(),
                weight: 40.0,
                score: None,
            },
        ],
        indicators,
        weak: (0..30)
            .map(|i| WeakLine {
                kind: "ข้อ OIT ที่ตอบ \"ไม่มี\"".into(),
                code: format!("O{}", i + 10),
                text: "ข้อมูลเชิงสถิติการให้บริการ <ไม่ใช่ markup> #[x] $y$".into(),
                score: None,
                remark: "ไม่พบข้อมูลสถิติรอบ 6 เดือนของปีงบประมาณที่ประเมิน 😕".into(),
                next_codes: "O16".into(),
            })
            .collect(),
        issues: vec![IssueLine {
            title: "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล เครื่องมือการประเมิน OIT การให้บริการ".into(),
            note: "ทุกภารกิจงานจัดทำข้อมูลในส่วนงานตนเองและส่งมอบให้เจ้าหน้าที่ผู้รับผิดชอบเผยแพร่ข้อมูลบนเว็บไซต์"
                .into(),
            codes: "O15, O16, O17".into(),
            next_codes: "O16, O17, O18".into(),
        }],
        next_year: Some(2566),
        chart_svg: score_bars_svg(
            "คะแนน",
            &bars,
            85.0,
            "เป้าหมาย",
            if thai_digits {
                prongsai_domain::calendar::Digits::Thai
            } else {
                prongsai_domain::calendar::Digits::Arabic
            },
        ),
    }
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("prongsai-report-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("r.pdf");
    std::fs::write(&path, pdf).ok()?;
    if let Ok(keep) = std::env::var("PRONGSAI_KEEP_PDF") {
        let _ = std::fs::copy(&path, format!("{keep}-{n}.pdf"));
    }
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn analysis_pdf_renders_thai_with_the_font_embedded() {
    let pdf = report(true).pdf().expect("renders without warnings");
    assert!(pdf.starts_with(b"%PDF"));
    // the Sarabun font is embedded (its name appears in the font dictionary)
    assert!(pdf.windows(7).any(|w| w == b"Sarabun"), "font embedded");
    if let Some(text) = pdftotext(&pdf) {
        // more than one page: the long weak-point table breaks across pages
        assert!(text.matches('\u{c}').count() >= 2, "pages");
        // pdftotext may repeat some Thai clusters (krilla's ActualText); compare without them
        let t: String = text.split_whitespace().collect();
        assert!(
            t.contains("องค์การบริหารส่วนตำบลกระโทก") || t.contains("กระโทก"),
            "{text}"
        );
        assert!(t.contains("๒๕๖๕"), "Thai digits: {text}");
        assert!(
            t.contains("<ไม่ใช่markup>#[x]$y$"),
            "user text is data, not markup"
        );
    }
}

#[test]
fn arabic_digits_when_asked() {
    let pdf = report(false).pdf().unwrap();
    if let Some(text) = pdftotext(&pdf) {
        assert!(text.contains("2565"));
        assert!(!text.contains("๒๕๖๕"));
    }
}

#[test]
fn analysis_docx_has_thai_fonts_header_rows_and_language() {
    let docx = report(true).docx().unwrap();
    assert!(docx.starts_with(b"PK"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc)
        .unwrap();
    assert!(doc.contains("w:cs=\"TH Sarabun New\""));
    assert!(doc.contains("<w:szCs w:val=\"32\""));
    assert_eq!(
        doc.matches("<w:tblHeader/>").count(),
        3,
        "one header row per table"
    );
    assert!(doc.contains("องค์การบริหารส่วนตำบลกระโทก"));
    assert!(doc.contains("&lt;ไม่ใช่ markup&gt;"));
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut styles)
        .unwrap();
    assert!(styles.contains("w:bidi=\"th-TH\""));
}

//! The generic official document (ประกาศ, รายงาน): PDF pages, Thai digits, the table header
//! repeated, and the DOCX parts. `PRONGSAI_KEEP_NOTICE=/tmp/notice` keeps the files
//! (`/tmp/notice-<name>.pdf`, `.docx`) to look at.

use chrono::NaiveDate;
use prongsai_docs::reports::notice::{Notice, NoticeTable, Signer};
use prongsai_domain::calendar::to_thai_digits;

const AGENCY: &str = "องค์การบริหารส่วนตำบลกระโทก";

fn announcement() -> Notice {
    Notice {
        agency: AGENCY.into(),
        kind: "ประกาศ".into(),
        title: "นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)".into(),
        date: NaiveDate::from_ymd_opt(2023, 1, 15),
        paragraphs: vec![
            "ตามที่คณะรัฐมนตรีได้มีมติเมื่อวันที่ 5 ธันวาคม พ.ศ. 2560 เห็นชอบยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปรามการทุจริต ระยะที่ 3 (พ.ศ. 2560 - 2564) และสำนักงาน ป.ป.ช. ได้กำหนดให้หน่วยงานภาครัฐประกาศเจตนารมณ์ในการไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ เพื่อสร้างวัฒนธรรมองค์กรที่โปร่งใสและตรวจสอบได้".into(),
            "องค์การบริหารส่วนตำบลกระโทกจึงประกาศให้ผู้บริหาร สมาชิกสภา พนักงานส่วนตำบล พนักงานจ้าง และบุคลากรทุกคน ถือปฏิบัติโดยเคร่งครัด ดังนี้ ไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใด จากผู้มาติดต่อราชการหรือผู้มีส่วนได้ส่วนเสีย ทั้งในโอกาสเทศกาลและโอกาสอื่น ๆ <ไม่ใช่ markup> #[x] $y$".into(),
            "จึงประกาศมาเพื่อทราบโดยทั่วกัน".into(),
        ],
        table: None,
        signer: Some(Signer {
            name: "นายสมชาย ใจดี".into(),
            position: "นายกองค์การบริหารส่วนตำบลกระโทก".into(),
        }),
        landscape: false,
    }
}

fn register(landscape: bool) -> Notice {
    Notice {
        agency: AGENCY.into(),
        kind: "รายงาน".into(),
        title: "การรับของขวัญและของกำนัล ประจำปีงบประมาณ พ.ศ. 2566".into(),
        date: NaiveDate::from_ymd_opt(2023, 10, 2),
        paragraphs: vec!["ตามประกาศนโยบายไม่รับของขวัญ (No Gift Policy) องค์การบริหารส่วนตำบลกระโทกรายงานการรับของขวัญและของกำนัลของบุคลากร ดังตารางต่อไปนี้".into()],
        table: Some(NoticeTable {
            header: ["ลำดับ", "วันที่", "ชื่อ-สกุล", "ตำแหน่ง", "รายการ", "มูลค่า (บาท)", "การดำเนินการ"]
                .map(String::from)
                .to_vec(),
            rows: (1..=40)
                .map(|i| {
                    vec![
                        i.to_string(),
                        format!("{} ต.ค. 2565", i % 28 + 1),
                        format!("นางสาวตัวอย่าง ทดสอบ{i}"),
                        "นักวิชาการพัสดุปฏิบัติการ".into(),
                        if i % 7 == 0 {
                            "กระเช้าผลไม้และขนมในเทศกาลปีใหม่จากผู้รับจ้างโครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก".into()
                        } else {
                            "ปฏิทินตั้งโต๊ะ".into()
                        },
                        format!("{},{:03}.00", i, i * 7),
                        "ส่งคืนผู้ให้".into(),
                    ]
                })
                .collect(),
        }),
        signer: Some(Signer {
            name: "นางสาวผู้รายงาน ตัวอย่าง".into(),
            position: "หัวหน้าสำนักปลัด\nองค์การบริหารส่วนตำบลกระโทก".into(),
        }),
        landscape,
    }
}

/// The number of pages: page objects (`/Type/Page`, not `/Type/Pages`; typst writes no space).
fn pages(pdf: &[u8]) -> usize {
    [&b"/Type/Page"[..], b"/Type /Page"]
        .iter()
        .map(|needle| {
            pdf.windows(needle.len() + 1)
                .filter(|w| w.starts_with(needle) && !w[needle.len()].is_ascii_alphabetic())
                .count()
        })
        .sum()
}

fn keep(name: &str, ext: &str, bytes: &[u8]) {
    if let Ok(prefix) = std::env::var("PRONGSAI_KEEP_NOTICE") {
        let _ = std::fs::write(format!("{prefix}-{name}.{ext}"), bytes);
    }
}

/// The text of a PDF, laid out as printed (pages separated by form feeds); `None` without
/// poppler's pdftotext.
fn pdftotext(pdf: &[u8], name: &str) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("prongsai-notice-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("n.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn document_xml(docx: &[u8]) -> String {
    assert!(docx.starts_with(b"PK"), "a zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc)
        .unwrap();
    doc
}

#[test]
fn announcement_pdf_is_one_page_with_thai_digits() {
    let pdf = announcement().pdf(true).expect("renders without warnings");
    keep("announcement", "pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF"));
    assert!(pdf.windows(7).any(|w| w == b"Sarabun"), "font embedded");
    assert_eq!(pages(&pdf), 1);
    if let Some(text) = pdftotext(&pdf, "announcement") {
        let t: String = text.split_whitespace().collect();
        assert!(t.contains("กระโทก"), "{text}");
        assert!(t.contains("๒๕๖๖"), "Thai digits: {text}");
        assert!(!t.contains("2566"), "no Arabic digits: {text}");
        assert!(t.contains("<ไม่ใช่markup>#[x]$y$"), "text is data");
    }
    let arabic = announcement().pdf(false).unwrap();
    assert_eq!(pages(&arabic), 1);
    if let Some(text) = pdftotext(&arabic, "announcement-arabic") {
        assert!(text.contains("2566") && !text.contains("๒๕๖๖"), "{text}");
    }
}

#[test]
fn report_with_a_long_table_breaks_across_pages() {
    let portrait = register(false).pdf(true).expect("portrait renders");
    let landscape = register(true).pdf(true).expect("landscape renders");
    keep("register", "pdf", &portrait);
    keep("register-landscape", "pdf", &landscape);
    for pdf in [&portrait, &landscape] {
        assert!(pdf.starts_with(b"%PDF"));
    }
    // 40 rows of seven columns: A4 portrait wraps most cells, landscape hardly any
    assert_eq!(pages(&portrait), 9, "portrait pages");
    assert_eq!(pages(&landscape), 5, "landscape pages");
    for (pdf, n, name) in [
        (&portrait, 9, "register"),
        (&landscape, 5, "register-landscape"),
    ] {
        if let Some(text) = pdftotext(pdf, name) {
            // the header repeats on every page; page numbers from the second page
            assert_eq!(text.matches("ลำดับ").count(), n, "{text}");
            // (pdftotext may drop the narrow spaces of "- ๒ -")
            let t: String = text.split_whitespace().collect();
            assert!(!t.contains("-๑-"), "no number on the first page");
            assert!(t.contains("-๒-"), "{text}");
            assert!(t.contains(&format!("-{}-", to_thai_digits(&n.to_string()))));
            assert!(text.contains("๔๐,๒๘๐.๐๐"), "table numbers in Thai digits");
            // the signature is on the last page, with the last row
            let last = text.split('\u{c}').rfind(|p| !p.trim().is_empty()).unwrap();
            assert!(
                last.contains("(ลงชื่อ)") && last.contains("๔๐,๒๘๐.๐๐"),
                "{last}"
            );
        }
    }
}

#[test]
fn docx_has_the_title_and_a_repeated_header_row() {
    let docx = announcement().docx(true).unwrap();
    keep("announcement", "docx", &docx);
    let doc = document_xml(&docx);
    assert!(doc.contains("ประกาศองค์การบริหารส่วนตำบลกระโทก"));
    assert!(doc.contains("เรื่อง นโยบายไม่รับของขวัญ"));
    assert!(doc.contains("ประกาศ ณ วันที่ ๑๕ มกราคม พ.ศ.\u{a0}๒๕๖๖"));
    assert!(doc.contains("(นายสมชาย ใจดี)"));
    assert!(doc.contains("&lt;ไม่ใช่ markup&gt;"));
    assert!(doc.contains("w:cs=\"TH Sarabun New\""));

    let docx = register(false).docx(true).unwrap();
    keep("register", "docx", &docx);
    let doc = document_xml(&docx);
    assert!(doc.contains("การรับของขวัญและของกำนัล ประจำปีงบประมาณ พ.ศ.\u{a0}๒๕๖๖"));
    assert_eq!(doc.matches("<w:tblHeader/>").count(), 1, "one header row");
    assert_eq!(doc.matches("<w:tr>").count(), 41, "header and 40 rows");
    assert_eq!(
        doc.matches("<w:trPr").count(),
        41,
        "one row property per row"
    );
    // short rows stay on one page; the tall ones (the long item) may break
    assert_eq!(doc.matches("<w:cantSplit").count(), 36);
    assert!(doc.contains("๔๐,๒๘๐.๐๐"));
    let wide = document_xml(&register(true).docx(false).unwrap());
    assert!(wide.contains("40,280.00"));
    assert!(wide.contains("w:orient=\"landscape\""));
}

#[test]
fn empty_and_partial_notices_render() {
    // nothing but a title; a table without a header and with ragged rows
    let bare = Notice {
        title: "ทะเบียน".into(),
        ..Default::default()
    };
    assert_eq!(pages(&bare.pdf(true).unwrap()), 1);
    bare.docx(true).unwrap();
    let ragged = Notice {
        table: Some(NoticeTable {
            header: vec![],
            rows: vec![vec!["ก".into()], vec!["1".into(), "2".into(), "3".into()]],
        }),
        ..bare
    };
    assert_eq!(pages(&ragged.pdf(false).unwrap()), 1);
    let doc = document_xml(&ragged.docx(false).unwrap());
    assert_eq!(
        doc.matches("<w:tblHeader/>").count(),
        0,
        "no header row to repeat"
    );
    assert_eq!(doc.matches("<w:tr>").count(), 2);
}

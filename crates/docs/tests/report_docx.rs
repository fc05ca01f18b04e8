//! A report imports from DOCX as from text: the sample, printed as DOCX by Prongsai, comes back
//! as the same document; a hand-written DOCX with merged cells and repeated headers reads as
//! Word shows it; damaged, foreign and oversized files are refused with a clear message.

use std::io::Write as _;

use prongsai_docs::import::parse_report;
use prongsai_docs::import::report_docx::parse_report_docx;
use prongsai_docs::import::report_text::parse_report_text;
use prongsai_docs::import::RowError;
use prongsai_docs::reports::o43::MeasuresReport;
use prongsai_domain::calendar::DatePhrase;
use prongsai_domain::measures::Line;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

const SAMPLE: &str = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");

/// The sample as Prongsai prints it in DOCX.
fn sample_docx() -> Vec<u8> {
    let p = parse_report_text(SAMPLE.as_bytes()).unwrap();
    MeasuresReport {
        doc: &p.document,
        thai_digits: true,
        progress: true,
    }
    .docx()
    .unwrap()
}

/// A zip of `files`, compressed with `method`.
fn zip_of(files: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default()
        .compression_method(method)
        .large_file(false);
    for (name, data) in files {
        w.start_file(*name, o).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

/// A minimal DOCX whose body is `body`.
fn docx_with(body: &str, method: CompressionMethod) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("word/document.xml", xml.as_bytes()),
        ],
        method,
    )
}

fn docx(body: &str) -> Vec<u8> {
    docx_with(body, CompressionMethod::Deflated)
}

/// A paragraph of one run.
fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A cell: its properties (`w:tcPr` content) and paragraphs.
fn tc(props: &str, paragraphs: &[&str]) -> String {
    let ps: String = paragraphs.iter().map(|t| p(t)).collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{ps}</w:tc>")
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

/// A row of plain cells.
fn row(cells: &[&str]) -> String {
    tr(&cells.iter().map(|c| tc("", &[c])).collect::<Vec<_>>())
}

fn header() -> String {
    row(&[
        "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
        "ผู้รับผิดชอบ",
        "ขั้นตอนหรือวิธีการ/มาตรการ",
        "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
        "การดำเนินการ",
    ])
}

fn table(rows: &[String]) -> String {
    format!("<w:tbl><w:tblGrid/>{}</w:tbl>", rows.concat())
}

/// The lines as compared: all but where paragraphs began (a DOCX printed by Prongsai puts each
/// line in a paragraph of its own).
type Key<'a> = (Option<&'a str>, Option<u32>, &'a str, Option<DatePhrase>);

fn key(lines: &[Line]) -> Vec<Key<'_>> {
    lines
        .iter()
        .map(|l| (l.label.as_deref(), l.number, l.text.as_str(), l.due))
        .collect()
}

#[test]
fn the_sample_printed_as_docx_imports_back_the_same() {
    let text = parse_report_text(SAMPLE.as_bytes()).unwrap();
    let bytes = sample_docx();
    let p = parse_report_docx(&bytes).expect("the printed sample imports");
    let (a, b) = (&text.document, &p.document);
    assert_eq!(a.title, b.title);
    assert_eq!(a.intro, b.intro);
    assert_eq!(a.rows.len(), b.rows.len());
    for (r, (x, y)) in a.rows.iter().zip(&b.rows).enumerate() {
        for (c, (u, v)) in x.cells().iter().zip(y.cells()).enumerate() {
            assert_eq!(key(u), key(v), "row {r} column {c}");
        }
    }
    assert_eq!(text.deadlines, p.deadlines);
    assert_eq!(text.warnings.len(), p.warnings.len(), "{:?}", p.warnings);
    // the dispatcher sends a DOCX to the DOCX importer, text to the text importer
    assert_eq!(parse_report(&bytes).unwrap().document, p.document);
    assert_eq!(
        parse_report(SAMPLE.as_bytes()).unwrap().document,
        text.document
    );
}

#[test]
fn a_four_column_measures_document_imports_too() {
    // the O42 measures document has no การดำเนินการ column: as DOCX, as CSV-like text
    let text = parse_report_text(SAMPLE.as_bytes()).unwrap();
    let r = MeasuresReport {
        doc: &text.document,
        thai_digits: true,
        progress: false,
    };
    let p = parse_report_docx(&r.docx().unwrap()).expect("an O42 DOCX imports");
    assert_eq!(p.document.rows.len(), text.document.rows.len());
    for (x, y) in text.document.rows.iter().zip(&p.document.rows) {
        assert_eq!(key(&x.steps), key(&y.steps));
        assert_eq!(key(&x.schedule), key(&y.schedule));
        assert!(y.progress.is_empty());
    }
    let tsv = "มาตรการ\n\
ประเด็นที่ต้องปรับปรุงแก้ไข\tผู้รับผิดชอบ\tขั้นตอน\tการรายงานผล\n\
การเปิดเผยข้อมูล\tสำนักปลัด\t๑. จัดทำ ภายในเดือนธันวาคม ๒๕๖๙\tรายงานผู้บริหาร\n";
    let p = parse_report_text(tsv.as_bytes()).expect("an O42 text imports");
    assert_eq!(p.document.rows.len(), 1);
    assert_eq!(p.deadlines, 1);
    // rows must then have four columns
    let bad = format!("{tsv}a\tb\tc\td\te\n");
    let e = parse_report_text(bad.as_bytes()).unwrap_err();
    assert!(e[0].th.contains("ตารางต้องมี 4 คอลัมน์"), "{e:?}");
}

#[test]
fn merged_cells_repeated_headers_and_word_markup() {
    let body = [
        p("รายงานการดำเนินการตามมาตรการ"),
        // a line break makes a second title line; a drawing's text box is not read
        r#"<w:p><w:r><w:t>รอบ ๖ เดือน</w:t><w:br/><w:t>องค์การบริหารส่วนตำบลทดสอบ</w:t></w:r><w:r><w:drawing><wp:inline><w:txbxContent><w:p><w:r><w:t>กล่องข้อความ</w:t></w:r></w:p></w:txbxContent></wp:inline></w:drawing></w:r></w:p>"#.into(),
        p(&"จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ".repeat(2)),
        "<w:p/>".into(),
        table(&[
            header(),
            // vertical merge: row 3 shares row 2's responsible unit
            tr(&[
                tc("", &["ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล"]),
                tc(r#"<w:vMerge w:val="restart"/>"#, &["กองคลัง"]),
                tc("", &["๑. จัดทำแผน", "๒. เผยแพร่ &amp; รายงาน ภายในเดือนเมษายน ๒๕๖๖"]),
                tc("", &["รายงานผู้บริหาร"]),
                tc("", &[""]),
            ]),
            tr(&[
                tc("", &["ตัวชี้วัดที่ ๑๐"]),
                tc("<w:vMerge/>", &[""]),
                // runs, a tab and a line break inside one paragraph
                r#"<w:tc><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>๑.</w:t></w:r><w:r><w:tab/><w:t>ประชุม</w:t><w:br/><w:t>๒.ติดตามผล</w:t></w:r></w:p></w:tc>"#.into(),
                tc("", &["ภายในเดือนกันยายน ๒๕๖๖"]),
                tc("", &["ดำเนินการแล้ว"]),
            ]),
            // the header again (a new page), then a row whose first cell spans two columns
            header(),
            tr(&[
                tc(r#"<w:gridSpan w:val="2"/>"#, &["ตัวชี้วัดที่ ๑๑ ทุกกอง"]),
                tc("", &["1. ขั้นตอนเดียว"]),
                tc("", &[""]),
                tc("", &[""]),
            ]),
            // an empty row is skipped
            row(&["", "", "", "", ""]),
        ]),
        p("ลงชื่อ ผู้รายงาน"),
    ]
    .concat();
    let r = parse_report_docx(&docx(&body)).unwrap();
    let d = &r.document;
    assert_eq!(
        d.title,
        [
            "รายงานการดำเนินการตามมาตรการ",
            "รอบ ๖ เดือน",
            "องค์การบริหารส่วนตำบลทดสอบ"
        ]
    );
    assert_eq!(d.intro.len(), 1);
    assert!(d.intro[0].starts_with("จากการวิเคราะห์"));
    assert_eq!(d.rows.len(), 3);
    let [a, b, c] = [&d.rows[0], &d.rows[1], &d.rows[2]];
    assert_eq!(a.responsible[0].text, "กองคลัง");
    assert_eq!(a.steps.len(), 2);
    assert_eq!(a.steps[1].text, "เผยแพร่ & รายงาน ภายในเดือนเมษายน ๒๕๖๖");
    assert!(a.steps[1].due.as_ref().unwrap().deadline);
    assert!(a.progress.is_empty());
    assert!(b.responsible.is_empty(), "a continued merge is empty");
    let steps: Vec<_> = b
        .steps
        .iter()
        .map(|l| (l.number, l.text.as_str()))
        .collect();
    assert_eq!(steps, [(Some(1), "ประชุม"), (Some(2), "ติดตามผล")]);
    assert_eq!(c.issue[0].text, "ตัวชี้วัดที่ ๑๑ ทุกกอง");
    assert!(c.responsible.is_empty(), "the span's second column");
    assert_eq!(c.steps[0].label.as_deref(), Some("1."));
    assert_eq!(r.deadlines, 2);
    // the signature after the table is pointed out, after table row 6 (headers counted)
    let w: Vec<_> = r.warnings.iter().map(|w| (w.line, w.en.as_str())).collect();
    assert_eq!(
        w,
        [(6, "text outside the table after the header: not imported")]
    );
}

fn th(e: &[RowError]) -> String {
    e.iter()
        .map(|e| e.th.clone())
        .collect::<Vec<_>>()
        .join(" / ")
}

#[test]
fn foreign_and_damaged_files_are_refused_clearly() {
    // not a zip at all
    let e = parse_report_docx("ข้อความธรรมดา".as_bytes()).unwrap_err();
    assert!(e[0].th.contains("ไม่ใช่ไฟล์ DOCX"), "{e:?}");
    // a Word 97–2003 file
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(4096, 0);
    for e in [parse_report_docx(&ole), parse_report(&ole)] {
        let e = e.unwrap_err();
        assert!(
            e[0].th.contains("ไฟล์ .doc รุ่นเก่า โปรดบันทึกเป็น .docx"),
            "{e:?}"
        );
    }
    // an XLSX, and another zip without word/document.xml
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "ก").unwrap();
    let e = parse_report(&wb.save_to_buffer().unwrap()).unwrap_err();
    assert!(e[0].en.contains("XLSX"), "{e:?}");
    let e = parse_report_docx(&zip_of(&[("a.txt", b"a")], CompressionMethod::Stored)).unwrap_err();
    assert!(e[0].en.contains("no word/document.xml"), "{e:?}");
    // truncated, at any length
    let whole = sample_docx();
    for cut in [0, 4, 30, whole.len() / 2, whole.len() - 1] {
        assert!(parse_report(&whole[..cut]).is_err());
    }
    let e = parse_report_docx(&whole[..whole.len() / 2]).unwrap_err();
    assert!(e[0].en.contains("truncated"), "{e:?}");
    // malformed XML: a missing end tag, a mismatched one, an unknown entity, not UTF-8
    for body in [
        "<w:p><w:r><w:t>ก</w:t></w:r>",
        "<w:p><w:r><w:t>ก</w:r></w:t></w:p>",
        "<w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p>",
    ] {
        let xml = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}"#
        );
        let xml = if body.ends_with("</w:r>") {
            xml
        } else {
            format!("{xml}</w:body></w:document>")
        };
        let e = parse_report_docx(&zip_of(
            &[("word/document.xml", xml.as_bytes())],
            CompressionMethod::Deflated,
        ))
        .unwrap_err();
        assert!(e[0].en.contains("not valid XML"), "{body}: {e:?}");
    }
    let e = parse_report_docx(&zip_of(
        &[("word/document.xml", b"<w:document>\xff</w:document>")],
        CompressionMethod::Stored,
    ))
    .unwrap_err();
    assert!(e[0].en.contains("not valid XML"), "{e:?}");
    // bytes flipped anywhere: an error or a preview, never a panic
    let mut seed = 11u64;
    for _ in 0..300 {
        let mut bytes = whole.clone();
        for _ in 0..4 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = (seed >> 33) as usize % bytes.len();
            bytes[at] ^= (seed >> 20) as u8 | 1;
        }
        let _ = parse_report(&bytes);
    }
    // the XML itself damaged anywhere (the zip being sound)
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&whole)).unwrap();
    let mut xml = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    for _ in 0..300 {
        let mut bad = xml.clone();
        for _ in 0..3 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = (seed >> 33) as usize % bad.len();
            let junk = b"<>/&;\"= \xe0";
            bad[at] = junk[(seed >> 13) as usize % junk.len()];
        }
        let _ = parse_report_docx(&zip_of(
            &[("word/document.xml", &bad)],
            CompressionMethod::Deflated,
        ));
    }
}

#[test]
fn table_problems_name_the_row() {
    // a row of four columns (row 3 of the document: the header is row 1)
    let body = table(&[
        header(),
        row(&["ก", "ข", "๑. ค", "ง", "จ"]),
        row(&["ก", "ข", "๑. ค", "ง"]),
    ]);
    let e = parse_report_docx(&docx(&body)).unwrap_err();
    assert_eq!(
        (e[0].line, e[0].en.as_str()),
        (3, "this row has 4 columns; the table has 5")
    );
    // a span makes six
    let body = table(&[
        header(),
        tr(&[
            tc(r#"<w:gridSpan w:val="2"/>"#, &["ก"]),
            tc("", &["ข"]),
            tc("", &["ค"]),
            tc("", &["ง"]),
            tc("", &["จ"]),
        ]),
    ]);
    let e = parse_report_docx(&docx(&body)).unwrap_err();
    assert!(e[0].en.contains("6 columns"), "{e:?}");
    // no header row
    let e = parse_report_docx(&docx(&table(&[row(&["ก", "ข", "ค", "ง", "จ"])]))).unwrap_err();
    assert!(th(&e).contains("ไม่พบหัวตาราง"), "{e:?}");
    assert!(e.iter().any(|e| e.en.contains("header")));
    // a header and nothing else
    let e = parse_report_docx(&docx(&table(&[header()]))).unwrap_err();
    assert!(e[0].en.contains("no rows"), "{e:?}");
}

/// Thai letters that deflate cannot shrink much: a cell as big as a real one would be.
fn noise(chars: usize) -> String {
    let mut seed = 5u64;
    (0..chars)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            char::from_u32('ก' as u32 + (seed >> 58) as u32 % 46).unwrap()
        })
        .collect()
}

#[test]
fn oversized_files_and_cells_are_refused() {
    let body = |cell: &str| {
        table(&[
            header(),
            tr(&[
                tc("", &["ก"]),
                tc("", &["ข"]),
                tc("", &[cell]),
                tc("", &["ง"]),
                tc("", &["จ"]),
            ]),
        ])
    };
    // a cell just over the limit; 10 MB of one cell, counted without being kept
    for n in [100_001, 3_500_000] {
        let bytes = docx(&body(&noise(n)));
        assert!(bytes.len() < 5 * 1024 * 1024, "{}", bytes.len());
        let e = parse_report_docx(&bytes).unwrap_err();
        assert_eq!(e[0].line, 2);
        assert_eq!(e[0].column.as_deref(), Some("ขั้นตอนหรือวิธีการ/มาตรการ"));
        assert!(e[0].en.contains("longer than 100000"), "{e:?}");
    }
    // more than 5 MB
    let e = parse_report_docx(&docx_with(
        &body(&noise(2_000_000)),
        CompressionMethod::Stored,
    ))
    .unwrap_err();
    assert!(e[0].en.contains("larger than 5 MB"), "{e:?}");
    // a zip bomb: 10 MB that deflate to a few kilobytes
    let e = parse_report_docx(&docx(&body(&"ก".repeat(3_500_000)))).unwrap_err();
    assert!(e[0].en.contains("compressed abnormally"), "{e:?}");
    // 40 MB of XML, refused before it is read
    let spaces = format!("<w:p>{}</w:p>", " ".repeat(40 * 1024 * 1024));
    let e = parse_report_docx(&docx(&spaces)).unwrap_err();
    assert!(e[0].en.contains("larger than 30 MB"), "{e:?}");
}

/// A zip whose header claims a small document.xml that is really 40 MB: what decompresses is
/// counted, and the file is refused (as too large, or as damaged when the zip library notices).
#[test]
fn a_zip_header_that_lies_is_not_trusted() {
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{}{}</w:t></w:r></w:p></w:body></w:document>"#,
        noise(2000),
        " ".repeat(40 * 1024 * 1024)
    );
    let mut bytes = zip_of(
        &[("word/document.xml", xml.as_bytes())],
        CompressionMethod::Deflated,
    );
    let real = (xml.len() as u32).to_le_bytes();
    let claimed = 100_000u32.to_le_bytes();
    // the uncompressed size in the local header (offset 22) and the central directory (24)
    let mut patched = 0;
    for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        let at = bytes.windows(4).position(|w| w == sig).unwrap();
        let field = at + if sig[2] == 3 { 22 } else { 24 };
        assert_eq!(bytes[field..field + 4], real);
        bytes[field..field + 4].copy_from_slice(&claimed);
        patched += 1;
    }
    assert_eq!(patched, 2);
    let e = parse_report_docx(&bytes).unwrap_err();
    assert!(
        e[0].en.contains("larger than 30 MB") || e[0].en.contains("damaged"),
        "{e:?}"
    );
}

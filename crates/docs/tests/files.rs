//! Uploaded files on real documents: the O43 sample report printed by typst (Thai PDF with
//! Type0/Identity-H fonts and ActualText) and by docx-rs comes back as searchable Thai text; no
//! bytes, truncated or mutated, make the checks panic.

mod files {
    use prongsai_docs::files::{check_upload, extract_text, sniff, FileKind};
    use prongsai_docs::import::report_text::parse_report_text;
    use prongsai_docs::reports::o43::MeasuresReport;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    const SAMPLE: &str = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");

    struct Printed {
        pdf: Vec<u8>,
        docx: Vec<u8>,
        /// The printed text: title, introduction and headers…
        lines: Vec<String>,
        /// … then every cell.
        cells: Vec<String>,
    }

    fn printed() -> &'static Printed {
        static P: OnceLock<Printed> = OnceLock::new();
        P.get_or_init(|| {
            let p = parse_report_text(SAMPLE.as_bytes()).unwrap();
            let r = MeasuresReport {
                doc: &p.document,
                thai_digits: true,
                progress: true,
            };
            let data = r.template_data();
            let strings = |key: &str| -> Vec<String> {
                data[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect()
            };
            let mut lines = strings("title");
            lines.extend(strings("intro"));
            lines.extend(r.headers().iter().map(|h| h.to_string()));
            let cells = r
                .cells()
                .into_iter()
                .flatten()
                .map(|c| c.join(" "))
                .collect();
            Printed {
                pdf: r.pdf().unwrap(),
                docx: r.docx().unwrap(),
                lines,
                cells,
            }
        })
    }

    fn squeeze(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn the_typst_pdf_gives_its_thai_text() {
        let p = printed();
        assert_eq!(sniff(&p.pdf), Some(FileKind::Pdf));
        let (kind, name) = check_upload("รายงาน O43 ๒๕๖๖.pdf", &p.pdf).expect("a clean PDF");
        assert_eq!(
            (kind, name.as_str()),
            (FileKind::Pdf, "รายงาน O43 ๒๕๖๖.pdf")
        );
        let text = extract_text(FileKind::Pdf, &p.pdf).unwrap();
        if let Ok(path) = std::env::var("PRONGSAI_KEEP_TEXT") {
            std::fs::write(path, &text).unwrap();
        }
        for word in [
            "มาตรการ",
            "ผู้รับผิดชอบ",
            "ขั้นตอนหรือวิธีการ/มาตรการ",
            "องค์การบริหารส่วนตำบลกระโทก",
            "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
            "เจ้าหน้าที่",
        ] {
            assert!(text.contains(word), "{word} not in:\n{text}");
        }
        assert!(!text.contains('\u{fffd}'));
        // no cluster written twice (glyph text and ActualText both)
        assert!(!text.contains("ขั้ขั้น") && !text.contains("ดำดำ"), "{text}");
        // spaces aside, the title, introduction and headers in order, and every cell: a row that
        // runs onto the next page has its cells cut there (page number, repeated header, then the
        // rest of each cell)
        let squeezed = squeeze(&text);
        let mut from = 0;
        for line in &p.lines {
            from = find_in_order(&squeezed, &squeeze(line), from)
                .unwrap_or_else(|| panic!("not found in order: {line}\nin:\n{text}"));
        }
        for cell in &p.cells {
            assert!(
                find_in_order(&squeezed, &squeeze(cell), 0).is_some(),
                "not found: {cell}\nin:\n{text}"
            );
        }
    }

    /// Where the first piece of `needle` ends in `hay` after `from`, `needle` being read whole or
    /// in at most five pieces in order with other text between them.
    fn find_in_order(hay: &str, needle: &str, mut from: usize) -> Option<usize> {
        let mut rest = needle;
        let mut first_end = None;
        for _ in 0..5 {
            // the longest prefix of `rest` found from `from`
            let mut best: Option<(usize, usize)> = None;
            for (end, c) in rest.char_indices() {
                let end = end + c.len_utf8();
                match hay[from..].find(&rest[..end]) {
                    Some(at) => best = Some((at, end)),
                    None => break,
                }
            }
            let (at, len) = best?;
            from += at + len;
            first_end.get_or_insert(from);
            rest = &rest[len..];
            if rest.is_empty() {
                return first_end;
            }
            if len < 12 {
                return None;
            }
        }
        None
    }

    #[test]
    fn the_docx_report_gives_its_thai_text() {
        let p = printed();
        assert_eq!(check_upload("o43.docx", &p.docx).unwrap().0, FileKind::Docx);
        let text = extract_text(FileKind::Docx, &p.docx).unwrap();
        let squeezed = squeeze(&text);
        for line in p.lines.iter().chain(&p.cells) {
            assert!(squeezed.contains(&squeeze(line)), "{line} not in:\n{text}");
        }
        assert!(text.lines().any(|l| l == "ผู้รับผิดชอบ"));
    }

    #[test]
    fn truncated_pdfs_never_panic() {
        let pdf = &printed().pdf;
        let step = (pdf.len() / 97).max(1);
        for cut in (0..pdf.len()).step_by(step) {
            let part = &pdf[..cut];
            let _ = check_upload("a.pdf", part);
            if let Ok(t) = extract_text(FileKind::Pdf, part) {
                assert!(t.chars().count() <= prongsai_docs::files::MAX_TEXT_CHARS);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let _ = sniff(&bytes);
            let _ = check_upload("x.pdf", &bytes);
            for kind in FileKind::ALL {
                let _ = extract_text(kind, &bytes);
            }
        }

        #[test]
        fn mutated_documents_never_panic(
            which in 0..2usize,
            flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
        ) {
            let p = printed();
            let (kind, mut bytes) = if which == 0 {
                (FileKind::Pdf, p.pdf.clone())
            } else {
                (FileKind::Docx, p.docx.clone())
            };
            for (at, b) in flips {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let _ = check_upload("x", &bytes);
            let _ = extract_text(kind, &bytes);
        }
    }
}

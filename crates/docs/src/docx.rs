//! Editable DOCX with docx-rs, following the ระเบียบงานสารบรรณ habits: TH Sarabun New 16 pt,
//! margins 3 cm left and 2 cm right. Word takes a Thai run's font and size from the
//! complex-script slots, so every run sets `w:cs` and `w:szCs` as well; docx-rs has no API for
//! a repeated table header row (`w:tblHeader`) or the document language (`w:lang`), so those
//! are added to the generated XML before packing.

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableCell,
    TableRow,
};

/// The font official documents name; Word substitutes its own Thai font when it is missing.
pub const DOCX_FONT: &str = "TH Sarabun New";
/// 16 pt in half-points.
const BODY_SIZE: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("docx: {0}")]
    Pack(String),
}

/// The document font in every script slot (Word takes a Thai run's font from `w:cs`).
pub(crate) fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(DOCX_FONT)
        .hi_ansi(DOCX_FONT)
        .east_asia(DOCX_FONT)
        .cs(DOCX_FONT)
}

/// A run of text; line breaks in `text` become `w:br`.
pub(crate) fn run(text: &str, bold: bool, size: usize) -> Run {
    let mut r = Run::new().fonts(fonts()).size(size);
    if bold {
        r = r.bold();
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line);
    }
    r
}

/// Builds a document paragraph by paragraph.
pub struct DocxBuilder {
    doc: Docx,
}

impl Default for DocxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DocxBuilder {
    /// A4 landscape, margins 2 cm left and 1.5 cm right (wide tables such as O42/O43).
    pub fn landscape() -> Self {
        let doc = Docx::new()
            .default_fonts(fonts())
            .default_size(BODY_SIZE)
            .page_size(16838, 11906)
            .page_orient(docx_rs::PageOrientationType::Landscape)
            .page_margin(
                PageMargin::new()
                    .top(1020)
                    .bottom(907)
                    .left(1134)
                    .right(851)
                    .header(709)
                    .footer(709),
            );
        Self { doc }
    }

    pub fn new() -> Self {
        let doc = Docx::new()
            .default_fonts(fonts())
            .default_size(BODY_SIZE)
            // A4 portrait; margins in twips: 3 cm = 1701, 2 cm = 1134.
            .page_size(11906, 16838)
            .page_margin(
                PageMargin::new()
                    .top(1134)
                    .bottom(1134)
                    .left(1701)
                    .right(1134)
                    .header(709)
                    .footer(709),
            );
        Self { doc }
    }

    fn push(&mut self, p: Paragraph) {
        let doc = std::mem::take(&mut self.doc);
        self.doc = doc.add_paragraph(p);
    }

    pub fn title(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(text, true, 36)),
        );
    }
    pub fn centered(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(text, false, BODY_SIZE)),
        );
    }
    pub fn heading(&mut self, text: &str) {
        self.push(Paragraph::new().add_run(run(text, true, 34)));
    }
    pub fn para(&mut self, text: &str) {
        self.push(Paragraph::new().add_run(run(text, false, BODY_SIZE)));
    }
    pub fn right(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(run(text, false, 28)),
        );
    }

    /// A table; the first row is the header, repeated on every page. `widths` in twips.
    pub fn table(&mut self, rows: &[Vec<String>], widths: &[usize]) {
        let trs = rows
            .iter()
            .enumerate()
            .map(|(i, cells)| {
                TableRow::new(
                    cells
                        .iter()
                        .map(|c| {
                            TableCell::new().add_paragraph(Paragraph::new().add_run(run(
                                c,
                                i == 0,
                                28,
                            )))
                        })
                        .collect(),
                )
            })
            .collect();
        let t = Table::new(trs).set_grid(widths.to_vec());
        let doc = std::mem::take(&mut self.doc);
        self.doc = doc.add_table(t);
    }

    pub fn build(self) -> Result<Vec<u8>, DocxError> {
        let mut xml = self.doc.build();
        xml.document = mark_header_rows(&xml.document).into_bytes();
        xml.styles = set_thai_language(&xml.styles).into_bytes();
        let mut out = std::io::Cursor::new(Vec::new());
        xml.pack(&mut out)
            .map_err(|e| DocxError::Pack(e.to_string()))?;
        Ok(out.into_inner())
    }
}

/// Add `<w:tblHeader/>` to the first row of every table.
pub fn mark_header_rows(document: &[u8]) -> String {
    let xml = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(xml.len() + 256);
    let mut rest: &str = &xml;
    while let Some(t) = rest.find("<w:tbl>") {
        let (head, tail) = rest.split_at(t);
        out.push_str(head);
        // the first row start after this table start
        let Some(tr) = tail.find("<w:tr") else {
            out.push_str(tail);
            return out;
        };
        let Some(close) = tail[tr..].find('>') else {
            out.push_str(tail);
            return out;
        };
        let after_tag = tr + close + 1;
        out.push_str(&tail[..after_tag]);
        let row = &tail[after_tag..];
        if let Some(stripped) = row.strip_prefix("<w:trPr>") {
            out.push_str("<w:trPr><w:tblHeader/>");
            rest = stripped;
        } else if let Some(stripped) = row
            .strip_prefix("<w:trPr />")
            .or_else(|| row.strip_prefix("<w:trPr/>"))
        {
            // docx-rs writes an empty row property element: replace it (one trPr per row)
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
            rest = stripped;
        } else {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
            rest = row;
        }
    }
    out.push_str(rest);
    out
}

/// Declare Thai as the document's language (spelling, line breaking, digits in Word).
pub fn set_thai_language(styles: &[u8]) -> String {
    let xml = String::from_utf8_lossy(styles);
    let lang = r#"<w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH" />"#;
    if let Some(i) = xml.find("<w:rPrDefault><w:rPr>") {
        let at = i + "<w:rPrDefault><w:rPr>".len();
        format!("{}{lang}{}", &xml[..at], &xml[at..])
    } else {
        xml.into_owned()
    }
}

#[cfg(test)]
mod header_rows {
    use super::mark_header_rows;

    #[test]
    fn one_row_property_element_per_header_row() {
        for first in [
            "<w:tr><w:trPr /><w:tc/></w:tr>",
            "<w:tr><w:trPr/><w:tc/></w:tr>",
            "<w:tr><w:tc/></w:tr>",
        ] {
            let xml = format!("<w:tbl>{first}<w:tr><w:tc/></w:tr></w:tbl>");
            let out = mark_header_rows(xml.as_bytes());
            let head = &out[..out.find("</w:tr>").unwrap_or(0)];
            assert_eq!(head.matches("<w:trPr").count(), 1, "{out}");
            assert_eq!(out.matches("<w:tblHeader/>").count(), 1, "{out}");
        }
        let out = mark_header_rows(b"<w:tbl><w:tr><w:trPr><w:cantSplit/></w:trPr></w:tr></w:tbl>");
        assert!(
            out.contains("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"),
            "{out}"
        );
    }
}

//! Editable DOCX with docx-rs, following the ระเบียบงานสารบรรณ habits: TH Sarabun New 16 pt,
//! margins 3 cm left and 2 cm right. Word takes a Thai run's font and size from the
//! complex-script slots, so every run sets `w:cs` and `w:szCs` as well; docx-rs has no API for
//! a repeated table header row (`w:tblHeader`) or the document language (`w:lang`), so those
//! are added to the generated XML before packing.

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Header, InstrText, PageMargin, Paragraph, Run,
    RunFonts, Table, TableAlignmentType, TableCell, TableRow, VAlignType, WidthType,
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

/// An empty A4 official document: Sarabun, margins as `DocxBuilder` (portrait
/// 3 cm / 2 cm, landscape 2 cm / 1.5 cm), page numbers "- ๒ -" of `number_size` at the top
/// from the second page. Returns it with the width between the margins, in twips.
pub(crate) fn official_page(
    landscape: bool,
    thai_digits: bool,
    number_size: usize,
) -> (Docx, usize) {
    // A4 in twips; margins as `DocxBuilder` (portrait 3 cm / 2 cm, landscape
    // 2 cm / 1.5 cm).
    let (w, h, margin): (u32, u32, PageMargin) = if landscape {
        (
            16838,
            11906,
            PageMargin::new()
                .top(1020)
                .bottom(907)
                .left(1134)
                .right(851),
        )
    } else {
        (
            11906,
            16838,
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(1134),
        )
    };
    let text_width = usize::try_from(w as i32 - margin.left - margin.right).unwrap_or(9000);
    // Page numbers as official documents have them: "- ๒ -" at the top, from page 2.
    let field = if thai_digits {
        " PAGE \\* ThaiArabic "
    } else {
        " PAGE "
    };
    let number = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run("- ", false, number_size))
        .add_run(
            Run::new()
                .fonts(fonts())
                .size(number_size)
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::Unsupported(field.into()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text(if thai_digits { "๒" } else { "2" })
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(run(" -", false, number_size));
    let mut doc = Docx::new()
        .default_fonts(fonts())
        .default_size(BODY_SIZE)
        .page_size(w, h)
        .page_margin(margin.header(709).footer(709))
        .header(Header::new().add_paragraph(number))
        .first_header(Header::new().add_paragraph(Paragraph::new()));
    if landscape {
        doc = doc.page_orient(docx_rs::PageOrientationType::Landscape);
    }
    (doc, text_width)
}

/// Characters that take no width of their own (Thai vowels above and below, tone marks).
pub(crate) fn is_combining(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// The printed width of the longest line of `s`, in characters.
pub(crate) fn visible_len(s: &str) -> usize {
    s.split('\n')
        .map(|l| l.chars().filter(|c| !is_combining(*c)).count())
        .max()
        .unwrap_or(0)
}

/// A table of an official document: widths in twips (decided by the document), the header
/// row repeated on every page, each column's alignment, and rows kept on one page unless they
/// are estimated taller than `keep_lines` lines.
pub(crate) struct DocxTable<'a> {
    pub widths: Vec<usize>,
    pub header: Option<&'a [String]>,
    pub aligns: Vec<AlignmentType>,
    /// Rows and whether each is bold (a totals row).
    pub rows: Vec<(&'a [String], bool)>,
    /// Font size in half-points.
    pub size: usize,
    /// About one character of the table's font, and a cell's margins, in twips (to estimate
    /// how many lines a row takes).
    pub char_twips: usize,
    pub pad_twips: usize,
    pub keep_lines: usize,
}

/// An official document being written: the page of `official_page`, paragraphs and tables.
pub(crate) struct OfficialDocx {
    doc: Docx,
    /// Whether some table has a header row to repeat.
    header_row: bool,
    /// Width between the margins, in twips.
    pub text_width: usize,
}

impl OfficialDocx {
    pub fn new(landscape: bool, thai_digits: bool, number_size: usize) -> Self {
        let (doc, text_width) = official_page(landscape, thai_digits, number_size);
        Self {
            doc,
            header_row: false,
            text_width,
        }
    }

    pub fn push(&mut self, p: Paragraph) {
        let doc = std::mem::take(&mut self.doc);
        self.doc = doc.add_paragraph(p);
    }

    /// An empty paragraph of the body size.
    pub fn blank(&mut self) {
        self.push(Paragraph::new().add_run(run("", false, BODY_SIZE)));
    }

    /// The table, then a paragraph after it, as Word needs one between a table and what
    /// follows.
    pub fn table(&mut self, t: DocxTable<'_>) {
        let cell = |text: &str, width: usize, align: AlignmentType, bold: bool, head: bool| {
            TableCell::new()
                .width(width, WidthType::Dxa)
                .vertical_align(if head {
                    VAlignType::Center
                } else {
                    VAlignType::Top
                })
                .add_paragraph(
                    Paragraph::new()
                        .align(align)
                        .add_run(run(text, bold, t.size)),
                )
        };
        let mut trs = Vec::with_capacity(t.rows.len() + 1);
        if let Some(header) = t.header {
            self.header_row = true;
            // `cant_split` gives the row a `w:trPr` for `mark_header_rows` to add to
            trs.push(
                TableRow::new(
                    header
                        .iter()
                        .zip(&t.widths)
                        .map(|(h, w)| cell(h, *w, AlignmentType::Center, true, true))
                        .collect(),
                )
                .cant_split(),
            );
        }
        for (r, bold) in &t.rows {
            let row = TableRow::new(
                r.iter()
                    .zip(t.widths.iter().zip(&t.aligns))
                    .map(|(c, (w, a))| cell(c, *w, *a, *bold, false))
                    .collect(),
            );
            let lines = r
                .iter()
                .zip(&t.widths)
                .map(|(c, w)| {
                    c.split('\n')
                        .map(|l| {
                            (visible_len(l) * t.char_twips)
                                .div_ceil(w.saturating_sub(t.pad_twips).max(1))
                                .max(1)
                        })
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(1);
            trs.push(if lines > t.keep_lines {
                row
            } else {
                row.cant_split()
            });
        }
        let table = Table::new(trs)
            .set_grid(t.widths)
            .align(TableAlignmentType::Center);
        let doc = std::mem::take(&mut self.doc);
        self.doc = doc.add_table(table);
        self.blank();
    }

    pub fn build(self) -> Result<Vec<u8>, DocxError> {
        let mut xml = self.doc.build();
        if self.header_row {
            xml.document = mark_header_rows(&xml.document).into_bytes();
        }
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

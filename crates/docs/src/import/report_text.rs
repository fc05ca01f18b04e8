//! Import of an existing measures report (O42/O43) saved as text: the title block, the
//! introduction, and the five-column table as tab-separated rows, with the header row repeated
//! before each block and cells made of `<p>` paragraphs or plain text with numbered lines
//! ("๑. … ๒. …"). The result is a preview: the document as understood, plus the problems that
//! need a person's eye, before anything is saved.
//!
//! The reading of a cell ([`cell_from_paragraphs`]) and the checks on the document
//! (`PreviewBuilder`) are shared with the DOCX importer ([`super::report_docx`]).

use prongsai_domain::measures::{split_numbered, Line, MeasureRow, MeasuresDocument, COLUMNS_TH};
use serde::Serialize;

use super::decode::decode;
use super::RowError;

/// Largest accepted file and cell.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_CELL_CHARS: usize = 100_000;

/// What the import understood, and what it could not.
#[derive(Debug, Clone, Serialize)]
pub struct ReportPreview {
    pub document: MeasuresDocument,
    /// Not fatal, but worth a look before saving (e.g. a step cell with no numbered step).
    pub warnings: Vec<RowError>,
    /// How many deadlines were read from the Thai text.
    pub deadlines: usize,
}

/// Text for comparison: tags removed, entities decoded, every whitespace removed.
pub fn normalise(s: &str) -> String {
    unescape(&strip_tags(s))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A cell's paragraphs: the `<p>…</p>` blocks, or the whole cell.
fn paragraphs(cell: &str) -> Vec<String> {
    if cell.contains("<p>") || cell.contains("<P>") {
        strip_tags(
            &cell
                .replace("<P>", "<p>")
                .replace("</P>", "</p>")
                .replace("</p>", "</p>\u{1}"),
        )
        .split('\u{1}')
        .map(unescape)
        .collect()
    } else {
        vec![unescape(cell)]
    }
}

/// Runs of whitespace as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A cell's lines from its paragraphs (whitespace collapsed, empty paragraphs skipped), numbered
/// lines split: the one reading of a cell that the text and DOCX importers share.
pub fn cell_from_paragraphs(paragraphs: &[String]) -> Vec<Line> {
    let mut next = 1;
    let mut out = Vec::new();
    let mut first = true;
    for p in paragraphs {
        let p = collapse(p);
        if !p.is_empty() {
            out.extend(split_numbered(&p, &mut next, first));
            first = false;
        }
    }
    out
}

/// A cell's lines.
pub fn parse_cell(cell: &str) -> Vec<Line> {
    cell_from_paragraphs(&paragraphs(cell))
}

/// Whether a row whose first cell is `first` is the table header (repeated before each block or
/// page).
pub(crate) fn is_header_cell(first: &str) -> bool {
    normalise(first).starts_with(&normalise("ประเด็นที่ต้องปรับปรุง"))
}

/// The document as it is read, whatever the file format: the title block and introduction
/// before the table header, then the rows, with the checks and messages every importer shares.
#[derive(Default)]
pub(crate) struct PreviewBuilder {
    doc: MeasuresDocument,
    errors: Vec<RowError>,
    warnings: Vec<RowError>,
    seen_header: bool,
    /// Columns of the table as its header has them: 5 (an O43 report, with การดำเนินการ) or
    /// 4 (an O42 measures document).
    columns: usize,
}

impl PreviewBuilder {
    /// A paragraph outside the table: the title block comes first, then the introduction (a
    /// long sentence); after the header it is not imported.
    pub(crate) fn text(&mut self, line: usize, text: &str) {
        let t = collapse(text);
        if t.is_empty() {
            return;
        }
        if self.seen_header {
            self.warnings.push(RowError::new(
                line,
                None,
                "ข้อความนอกตารางหลังหัวตาราง: ไม่ได้นำเข้า",
                "text outside the table after the header: not imported",
            ));
        } else if self.doc.intro.is_empty() && (self.doc.title.len() < 2 || t.chars().count() < 90)
        {
            self.doc.title.push(t);
        } else {
            self.doc.intro.push(t);
        }
    }

    /// The table header, `width` columns wide (4 or 5; anything else is not a header).
    pub(crate) fn header(&mut self, width: usize) {
        self.seen_header = true;
        self.columns = width;
    }

    /// How many columns each row must have: as the header said, else 5.
    pub(crate) fn columns(&self) -> usize {
        if self.columns == 0 {
            5
        } else {
            self.columns
        }
    }

    /// A row of the table, its cells read (the fifth empty for a four-column table).
    pub(crate) fn row(&mut self, line: usize, cells: [Vec<Line>; 5]) {
        if !self.seen_header {
            self.errors.push(RowError::new(
                line,
                None,
                "พบแถวตารางก่อนหัวตาราง (ประเด็นที่ต้องปรับปรุงแก้ไข | ผู้รับผิดชอบ | …)",
                "a table row comes before the table header",
            ));
            return;
        }
        let [issue, responsible, steps, schedule, progress] = cells;
        let row = MeasureRow {
            issue,
            responsible,
            steps,
            schedule,
            progress,
        };
        if row.issue.is_empty() {
            self.warnings.push(RowError::new(
                line,
                Some(COLUMNS_TH[0]),
                "แถวนี้ไม่มีประเด็นที่ต้องปรับปรุง",
                "this row has no issue to improve",
            ));
        }
        if row.steps.iter().all(|l| l.number.is_none()) {
            self.warnings.push(RowError::new(
                line,
                Some(COLUMNS_TH[2]),
                "ไม่พบขั้นตอนที่มีเลขลำดับ (๑. ๒. …): ระบบจะเก็บเป็นข้อความเดียว",
                "no numbered steps (๑. ๒. …) found: the cell is kept as one text",
            ));
        }
        self.doc.rows.push(row);
    }

    /// Cell `column` (0-based, `None` outside the table) is longer than [`MAX_CELL_CHARS`].
    pub(crate) fn too_long(&mut self, line: usize, column: Option<usize>) {
        self.errors.push(RowError::new(
            line,
            column.map(|c| COLUMNS_TH.get(c).copied().unwrap_or("?")),
            format!("ช่องข้อมูลยาวเกิน {MAX_CELL_CHARS} ตัวอักษร"),
            format!("a cell is longer than {MAX_CELL_CHARS} characters"),
        ));
    }

    pub(crate) fn wrong_columns(&mut self, line: usize, n: usize) {
        self.errors.push(RowError::new(
            line,
            None,
            format!("แถวนี้มี {n} คอลัมน์ ตารางต้องมี {} คอลัมน์", self.columns()),
            format!("this row has {n} columns; the table has {}", self.columns()),
        ));
    }

    /// The preview, or every error found.
    pub(crate) fn finish(mut self) -> Result<ReportPreview, Vec<RowError>> {
        if !self.seen_header {
            self.errors.push(RowError::new(
                1,
                None,
                "ไม่พบหัวตาราง \"ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา | ผู้รับผิดชอบ | …\"",
                "the table header (ประเด็นที่ต้องปรับปรุงแก้ไข/… | ผู้รับผิดชอบ | …) was not found",
            ));
        } else if self.doc.rows.is_empty() && self.errors.is_empty() {
            self.errors.push(RowError::new(
                1,
                None,
                "ไม่มีแถวข้อมูลในตาราง",
                "the table has no rows",
            ));
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let deadlines = self.doc.rows.iter().map(|r| r.deadlines().count()).sum();
        Ok(ReportPreview {
            document: self.doc,
            warnings: self.warnings,
            deadlines,
        })
    }
}

/// Parse a report's text (UTF-8, UTF-16 with BOM, or Windows-874).
pub fn parse_report_text(bytes: &[u8]) -> Result<ReportPreview, Vec<RowError>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![RowError::new(
            1,
            None,
            format!("ไฟล์ใหญ่เกิน {} MB", MAX_BYTES / (1024 * 1024)),
            format!("the file is larger than {} MB", MAX_BYTES / (1024 * 1024)),
        )]);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(vec![RowError::new(
            1,
            None,
            "ไฟล์นี้เป็นไฟล์ DOCX/XLSX ไม่ใช่ไฟล์ข้อความ",
            "this is a DOCX/XLSX file, not a text file",
        )]);
    }
    // A UTF-8 file cut in the middle of a character is truncated, not Windows-874.
    if let Err(e) = std::str::from_utf8(bytes) {
        if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            return Err(vec![RowError::new(
                line,
                None,
                "ไฟล์ถูกตัดกลางตัวอักษร (ไม่ครบ): โปรดส่งออกไฟล์ใหม่",
                "the file is cut off in the middle of a character (truncated): export it again",
            )]);
        }
    }
    let text = decode(bytes).map_err(|e| vec![e])?;
    let mut b = PreviewBuilder::default();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let cells: Vec<&str> = raw.split('\t').collect();
        if let Some(c) = cells
            .iter()
            .position(|c| c.chars().count() > MAX_CELL_CHARS)
        {
            b.too_long(line_no, Some(c));
            continue;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if (cells.len() == 5 || cells.len() == 4) && is_header_cell(cells[0]) {
            b.header(cells.len());
            continue;
        }
        match cells.len() {
            1 => b.text(line_no, &unescape(&strip_tags(cells[0]))),
            n if n == b.columns() => b.row(
                line_no,
                std::array::from_fn(|c| cells.get(c).map(|x| parse_cell(x)).unwrap_or_default()),
            ),
            n => b.wrong_columns(line_no, n),
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_lines() {
        let lines = parse_cell("<p>กองคลัง/งานพัสดุ</p> <p>๑. กองคลัง ดำเนินการ</p> <p>๒.รายงาน</p>");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].label, None);
        assert_eq!(lines[1].number, Some(1));
        assert_eq!(lines[2].display(), "๒.รายงาน");
        assert!(parse_cell("  ").is_empty());
    }
}

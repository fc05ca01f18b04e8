//! Import of an existing measures report (O42/O43) saved as text: the title block, the
//! introduction, and the five-column table as tab-separated rows, with the header row repeated
//! before each block and cells made of `<p>` paragraphs or plain text with numbered lines
//! ("๑. … ๒. …"). The result is a preview: the document as understood, plus the problems that
//! need a person's eye, before anything is saved.

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

fn is_header(cells: &[&str]) -> bool {
    cells.len() == 5 && normalise(cells[0]).starts_with(&normalise("ประเด็นที่ต้องปรับปรุง"))
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
        .map(|p| unescape(p).split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
    } else {
        let p = unescape(cell)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if p.is_empty() {
            vec![]
        } else {
            vec![p]
        }
    }
}

/// A cell's lines.
pub fn parse_cell(cell: &str) -> Vec<Line> {
    let mut next = 1;
    let mut out = Vec::new();
    for (i, p) in paragraphs(cell).iter().enumerate() {
        out.extend(split_numbered(p, &mut next, i == 0));
    }
    out
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
    let mut doc = MeasuresDocument::default();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut seen_header = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let cells: Vec<&str> = raw.split('\t').collect();
        if let Some(c) = cells
            .iter()
            .position(|c| c.chars().count() > MAX_CELL_CHARS)
        {
            errors.push(RowError::new(
                line_no,
                Some(COLUMNS_TH.get(c).copied().unwrap_or("?")),
                format!("ช่องข้อมูลยาวเกิน {MAX_CELL_CHARS} ตัวอักษร"),
                format!("a cell is longer than {MAX_CELL_CHARS} characters"),
            ));
            continue;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if is_header(&cells) {
            seen_header = true;
            continue;
        }
        match (cells.len(), seen_header) {
            (1, false) => {
                // the title block comes first, then the introduction (a long sentence)
                let t = unescape(&strip_tags(cells[0]))
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if doc.intro.is_empty() && (doc.title.len() < 2 || t.chars().count() < 90) {
                    doc.title.push(t);
                } else {
                    doc.intro.push(t);
                }
            }
            (5, true) => {
                let row = MeasureRow {
                    issue: parse_cell(cells[0]),
                    responsible: parse_cell(cells[1]),
                    steps: parse_cell(cells[2]),
                    schedule: parse_cell(cells[3]),
                    progress: parse_cell(cells[4]),
                };
                if row.issue.is_empty() {
                    warnings.push(RowError::new(
                        line_no,
                        Some(COLUMNS_TH[0]),
                        "แถวนี้ไม่มีประเด็นที่ต้องปรับปรุง",
                        "this row has no issue to improve",
                    ));
                }
                if row.steps.iter().all(|l| l.number.is_none()) {
                    warnings.push(RowError::new(
                        line_no,
                        Some(COLUMNS_TH[2]),
                        "ไม่พบขั้นตอนที่มีเลขลำดับ (๑. ๒. …): ระบบจะเก็บเป็นข้อความเดียว",
                        "no numbered steps (๑. ๒. …) found: the cell is kept as one text",
                    ));
                }
                doc.rows.push(row);
            }
            (5, false) => errors.push(RowError::new(
                line_no,
                None,
                "พบแถวตารางก่อนหัวตาราง (ประเด็นที่ต้องปรับปรุงแก้ไข | ผู้รับผิดชอบ | …)",
                "a table row comes before the table header",
            )),
            (1, true) => warnings.push(RowError::new(
                line_no,
                None,
                "ข้อความนอกตารางหลังหัวตาราง: ไม่ได้นำเข้า",
                "text outside the table after the header: not imported",
            )),
            (n, _) => errors.push(RowError::new(
                line_no,
                None,
                format!("แถวนี้มี {n} คอลัมน์ ตารางต้องมี 5 คอลัมน์"),
                format!("this row has {n} columns; the table has 5"),
            )),
        }
    }
    if !seen_header {
        errors.push(RowError::new(
            1,
            None,
            "ไม่พบหัวตาราง \"ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา | ผู้รับผิดชอบ | …\"",
            "the table header (ประเด็นที่ต้องปรับปรุงแก้ไข/… | ผู้รับผิดชอบ | …) was not found",
        ));
    } else if doc.rows.is_empty() && errors.is_empty() {
        errors.push(RowError::new(
            1,
            None,
            "ไม่มีแถวข้อมูลในตาราง",
            "the table has no rows",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let deadlines = doc.rows.iter().map(|r| r.deadlines().count()).sum();
    Ok(ReportPreview {
        document: doc,
        warnings,
        deadlines,
    })
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

//! CSV text or XLSX bytes → rows of cells with their line numbers.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, Reader, Xlsx};

use super::RowError;

/// One cell, as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date or time cell (XLSX), with its ISO 8601 text when the file has one.
    Date(String),
    /// An error cell (XLSX) such as `#N/A`.
    Error(String),
}

impl Cell {
    /// Empty, or text of only white space.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One row of a file, before validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawRow {
    /// 1-based spreadsheet row.
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// Read CSV text (comma-separated, or tab-separated when the first non-empty line has tabs
/// and no comma).
pub(crate) fn read_csv(text: &str) -> Result<Vec<RawRow>, RowError> {
    // Old Mac files end lines with CR alone; the CSV reader would count them all as line 1.
    let normalised;
    let text = if text.contains('\r') && !text.contains('\n') {
        normalised = text.replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let bytes = text.as_bytes();
    // The reader's own line numbers are off after skipped blank lines and CRLF endings: count
    // from the byte offsets instead. `counted_to`/`line_at` track the line of an offset.
    let mut counted_to = 0usize;
    let mut line_at = 1u64;
    // Line breaks inside quoted cells so far: a spreadsheet counts such a row once.
    let mut inner_breaks: u64 = 0;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = record
                    .position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
                    .min(bytes.len());
                // the offset may be before the line ends the reader skipped
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                if start > counted_to {
                    line_at += bytes[counted_to..start]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count() as u64;
                    counted_to = start;
                }
                let line = line_at.saturating_sub(inner_breaks).max(1);
                inner_breaks += record
                    .iter()
                    .map(|f| f.bytes().filter(|b| *b == b'\n').count() as u64)
                    .sum::<u64>();
                rows.push(RawRow {
                    line: usize::try_from(line).unwrap_or(usize::MAX),
                    cells: record
                        .iter()
                        .map(|f| {
                            if f.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(f.to_owned())
                            }
                        })
                        .collect(),
                });
            }
            Err(e) => {
                let line = line_at.saturating_sub(inner_breaks).max(1);
                return Err(RowError::new(
                    usize::try_from(line).unwrap_or(usize::MAX),
                    None,
                    format!("อ่านไฟล์ CSV ไม่ได้: {e}"),
                    format!("cannot read the CSV file: {e}"),
                ));
            }
        }
    }
    Ok(rows)
}

/// Read the first worksheet of an XLSX file.
pub(crate) fn read_xlsx(bytes: &[u8]) -> Result<Vec<RawRow>, RowError> {
    // calamine parses untrusted zip and XML: a panic in it must not take the server down.
    catch_unwind(AssertUnwindSafe(|| read_xlsx_inner(bytes))).unwrap_or_else(|_| {
        Err(RowError::new(
            1,
            None,
            "อ่านไฟล์ XLSX ไม่ได้: ไฟล์เสียหรือไม่ใช่ไฟล์ Excel",
            "cannot read the XLSX file: it is damaged or not an Excel file",
        ))
    })
}

fn read_xlsx_inner(bytes: &[u8]) -> Result<Vec<RawRow>, RowError> {
    let not_xlsx = |detail: String| {
        let looks_like_text = !bytes.starts_with(b"PK");
        let (hint_th, hint_en) = if looks_like_text {
            (
                " (ไฟล์นี้อาจเป็น CSV: โปรดเลือกชนิดไฟล์ CSV)",
                " (it may be a CSV file: choose the CSV format)",
            )
        } else {
            ("", "")
        };
        RowError::new(
            1,
            None,
            format!("อ่านไฟล์ XLSX ไม่ได้{hint_th}: {detail}"),
            format!("cannot read the XLSX file{hint_en}: {detail}"),
        )
    };
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| not_xlsx(e.to_string()))?;
    let range = match workbook.worksheet_range_at(0) {
        None => {
            return Err(RowError::new(
                1,
                None,
                "ไฟล์ XLSX ไม่มีแผ่นงาน (worksheet)",
                "the XLSX file has no worksheet",
            ))
        }
        Some(r) => r.map_err(|e| not_xlsx(e.to_string()))?,
    };
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| RawRow {
            line: first_row.saturating_add(i).saturating_add(1),
            cells: cells.iter().map(cell).collect(),
        })
        .collect())
}

/// A worksheet cell as the importers read it: a date-formatted cell as its ISO date
/// (`2023-03-15`; a time or duration format keeps the spreadsheet's serial number).
pub(crate) fn cell(d: &Data) -> Cell {
    match d {
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            Cell::Date(format!("{y:04}-{m:02}-{day:02}"))
        }
        Data::DateTime(dt) => Cell::Date(format!("{}", dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Date(s.clone()),
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

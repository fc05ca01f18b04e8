//! Importing an agency's ITA scores for one fiscal year from a CSV or XLSX file.
//!
//! [`parse_scores`] reads the file, checks every row against the year's [`Framework`] and
//! returns either **all** rows or **all** errors — never a partial import. Every error names the
//! row (`line`), the column and says what is wrong in Thai and in English ([`RowError`]).
//! It never panics, whatever the bytes.
//!
//! # The file
//!
//! One header row, then one row per score. Example (the CSV header is [`CSV_HEADER`]):
//!
//! ```text
//! kind,code,score,answer,remark
//! indicator,9,85.5,,
//! question,E12,72,,
//! item,O1,,มี,"แผนผังโครงสร้าง, ปรับปรุง ม.ค. 2565"
//! item,O2,,ไม่มี,
//! ```
//!
//! The same with Thai column names and Thai digits:
//!
//! ```text
//! ประเภท,รหัส,คะแนน,คำตอบ,หมายเหตุ
//! ตัวชี้วัด,ตัวชี้วัดที่ ๙,๘๕.๕,,
//! คำถาม,E๑๒,๗๒,,
//! ข้อ,O๑,,มี,แผนผังโครงสร้าง
//! ```
//!
//! - **Header** (required, the first non-empty row): columns by name, in any order, case and
//!   surrounding spaces ignored. `kind`/`ประเภท` and `code`/`รหัส` are required;
//!   `score`/`คะแนน`, `answer`/`คำตอบ` and `remark`/`หมายเหตุ` are optional columns. An unknown
//!   column name or a column given twice is an error. A column whose header cell is empty is
//!   ignored as long as it is empty in every row.
//! - **kind**: `indicator`/`ตัวชี้วัด`, `item`/`oit`/`ข้อ`, `question`/`คำถาม` (any case).
//! - **code**: an indicator's number (`9`, `๙`, `ตัวชี้วัดที่ 9`, `ตัวชี้วัดที่ ๙`), an OIT item
//!   (`O1`, `o1`, `O๑`, `O 1`) or a survey question (`E12`, `e๑๒`, `I3`); stored in canonical
//!   form (`9`, `O1`, `E12`). It must exist in the year's framework.
//! - **score**: required for indicators and questions, optional for items. A number from 0 to
//!   100 with a decimal point (`85.5`, `85.50`, `๘๕.๕`); `85,5` is refused (a decimal comma and a
//!   thousands separator look the same).
//! - **answer**: required for items, must be empty for indicators and questions: `มี`/`ไม่มี`,
//!   `yes`/`no`, `y`/`n`, `1`/`0`, `true`/`false`, `✓`/`✗` (any case).
//! - **remark**: optional free text, at most [`MAX_REMARK_CHARS`] characters.
//! - The same (kind, code) twice is an error on the second row, naming the first.
//! - Empty rows (or rows of empty cells) are skipped; a file without data rows is an error.
//!
//! **Line numbers** are spreadsheet row numbers, the header being row 1 when it is the first
//! row: in a CSV file, the line where the row starts, not counting line breaks inside quoted
//! cells; in an XLSX file, the row number of the sheet.
//!
//! **CSV encodings**: UTF-8 with or without a byte-order mark; UTF-16 LE or BE with a
//! byte-order mark (Excel's "Unicode text", which may be tab-separated: a header row with tabs
//! and no comma makes the file tab-separated); otherwise, bytes that are not valid UTF-8 are
//! read as Windows-874 (TIS-620 with extensions), what Excel on a Thai Windows saves as "CSV".
//! Quoted cells may contain commas and line breaks; every row must have as many cells as the
//! header.
//!
//! **XLSX**: the first worksheet, same header and rules. Number cells and TRUE/FALSE cells are
//! accepted where a number or an answer is expected; date cells and error cells (`#N/A`) are
//! refused.
//!
//! The format is also described for coordinators, in Thai and English, in `crates/docs/IMPORT.md`.
//!
//! Existing measures reports (O42/O43) are imported by [`parse_report`], as text
//! ([`report_text`]) or DOCX ([`report_docx`]).

mod decode;
pub mod hr;
pub mod procurement;
pub mod report_docx;
pub mod report_text;
mod table;
mod validate;

use std::fmt;

use prongsai_domain::framework::Framework;
use serde::Serialize;

/// The header of a score file in English (a template's first line).
pub const CSV_HEADER: &str = "kind,code,score,answer,remark";

/// The Thai header, equivalent to [`CSV_HEADER`].
pub const CSV_HEADER_TH: &str = "ประเภท,รหัส,คะแนน,คำตอบ,หมายเหตุ";

/// The longest remark accepted, in characters.
pub const MAX_REMARK_CHARS: usize = 2000;

/// What a row scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    /// An indicator (ตัวชี้วัด), by number.
    Indicator,
    /// An OIT item (ข้อ), by code such as "O1".
    Item,
    /// An IIT/EIT survey question (คำถาม), by code such as "E12".
    Question,
}

impl ScoreKind {
    /// The English name, as written in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Indicator => "indicator",
            Self::Item => "item",
            Self::Question => "question",
        }
    }
    /// The Thai name, as written in the `ประเภท` column.
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Indicator => "ตัวชี้วัด",
            Self::Item => "ข้อ",
            Self::Question => "คำถาม",
        }
    }
}

impl fmt::Display for ScoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One imported row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    /// 1-based row in the file (the header is row 1 when it is the first row).
    pub line: usize,
    pub kind: ScoreKind,
    /// Canonical code: indicator "9", item "O12", question "E12".
    pub code: String,
    /// 0–100; always present for indicators and questions.
    pub score: Option<f64>,
    /// มี (true) / ไม่มี (false); always present for items, never for the others.
    pub answer: Option<bool>,
    /// The assessor's remark, trimmed; `None` when empty.
    pub remark: Option<String>,
}

/// What is wrong with one row (or the header, or the whole file) of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based row in the file.
    pub line: usize,
    /// The column, as named in the file's header (or the English name of a missing column);
    /// `None` when the error is about the whole row or file.
    pub column: Option<String>,
    /// The message in Thai.
    pub th: String,
    /// The message in English.
    pub en: String,
}

impl RowError {
    pub(crate) fn new(
        line: usize,
        column: Option<&str>,
        th: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            line,
            column: column.map(str::to_owned),
            th: th.into(),
            en: en.into(),
        }
    }

    /// The Thai counterpart of [`Display`](fmt::Display): "แถวที่ N (column): th".
    pub fn to_string_th(&self) -> String {
        match &self.column {
            Some(c) => format!("แถวที่ {} ({c}): {}", self.line, self.th),
            None => format!("แถวที่ {}: {}", self.line, self.th),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {} ({c}): {}", self.line, self.en),
            None => write!(f, "line {}: {}", self.line, self.en),
        }
    }
}

impl std::error::Error for RowError {}

/// Parse an existing measures report (O42/O43) whatever it was saved as: a DOCX (a zip file) goes
/// to [`report_docx`], a legacy `.doc` is refused with a clear message, anything else is read
/// as text by [`report_text`].
pub fn parse_report(bytes: &[u8]) -> Result<report_text::ReportPreview, Vec<RowError>> {
    if report_docx::is_zip(bytes) || report_docx::is_ole(bytes) {
        report_docx::parse_report_docx(bytes)
    } else {
        report_text::parse_report_text(bytes)
    }
}

/// The kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The format of a file by its name's extension (`.csv`, `.txt`, `.xlsx`; any case).
    pub fn from_file_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

/// Parse a score file against a year's framework: all rows, or all errors (never both, never a
/// partial list). See the [module documentation](self) for the format.
pub fn parse_scores(
    bytes: &[u8],
    format: Format,
    framework: &Framework,
) -> Result<Vec<ScoreRow>, Vec<RowError>> {
    let rows = match format {
        Format::Csv => {
            let text = decode::decode(bytes).map_err(|e| vec![e])?;
            table::read_csv(&text)
        }
        Format::Xlsx => table::read_xlsx(bytes),
    }
    .map_err(|e| vec![e])?;
    validate::validate(rows, framework)
}

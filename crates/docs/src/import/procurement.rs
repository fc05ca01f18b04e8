//! Importing an agency's procurement records (การจัดซื้อจัดจ้าง) of one fiscal year from a CSV
//! or XLSX file, with a row-by-row reading that a preview can show before anything is stored.
//!
//! [`parse_procurements`] reads the file (CSV in UTF-8 with or without a byte-order mark,
//! UTF-16 or Windows-874; XLSX, its first worksheet), finds the header row among the first
//! rows, reads every data row into a [`Record`] of the year and checks it with
//! [`Record::check`]. Every problem is a [`RowError`] with the row number, the column as the
//! file names it and a Thai and an English message; rows are kept with their errors so that a
//! preview can show them. A problem with the whole file (unreadable, no header, too large, too
//! many rows) is the `Err` of the function. It never panics, whatever the bytes.
//!
//! Two layouts are read:
//!
//! * **Columns** ([`Layout::Columns`]): one column per field, named in Thai or English
//!   ([`CSV_HEADER_TH`], [`CSV_HEADER_EN`]; see `crates/docs/IMPORT.md` for every accepted name
//!   and form). [`records_csv`] writes this layout, [`template_csv`] an empty file of it.
//! * **สขร.๑** ([`Layout::Summary`]): the nine columns of the monthly summary
//!   ([`SUMMARY_HEADINGS_TH`]) as Prongsai exports it (CSV, or XLSX with title lines above the
//!   table), where the winner and the agreed price share a cell, and so do the contract's
//!   number and date. Reading it back gives the records it was written from (it carries no
//!   e-GP number, delivery or payment date).
//!
//! Header names are matched leniently: case, spaces, `_-./:*()` and a trailing "บาท"/"baht"
//! are ignored. Unknown columns are not imported and are listed in
//! [`ProcurementFile::ignored_columns`].
//!
//! Limits: [`MAX_FILE_BYTES`], [`MAX_ROWS`] data rows, [`MAX_CELL_CHARS`] characters a cell.

use std::collections::HashMap;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;
use prongsai_domain::calendar::{
    format_date_th, parse_date, to_ascii_digits, to_thai_digits, DateStyle, Digits, FiscalYear,
    BE_OFFSET, BE_YEARS,
};
use prongsai_domain::procurement::{
    parse_egp_no, Bidder, Method, Money, Record, Warning, NO_PROCUREMENT_TH, SUMMARY_HEADINGS_TH,
};
use prongsai_domain::InputError;
use serde::Serialize;

use super::table::{Cell, RawRow};
use super::{decode, table, Format, RowError};

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most data rows a file may hold.
pub const MAX_ROWS: usize = 10_000;
/// The longest cell, in characters.
pub const MAX_CELL_CHARS: usize = 20_000;
/// How many rows from the top the header may be preceded by (title lines of a report).
const HEADER_SEARCH_ROWS: usize = 20;

/// The header of the columns layout in Thai, in the order [`records_csv`] writes it.
pub const CSV_HEADER_TH: [&str; 13] = [
    "งานที่จัดซื้อจัดจ้าง",
    "วงเงิน",
    "ราคากลาง",
    "วิธีซื้อ/จ้าง",
    "ผู้เสนอราคา",
    "ผู้ได้รับคัดเลือก",
    "ราคาที่ตกลง",
    "เหตุผล",
    "เลขที่สัญญา",
    "วันที่สัญญา",
    "เลขโครงการ e-GP",
    "วันส่งมอบ",
    "วันเบิกจ่าย",
];

/// The same header in English (also accepted on import).
pub const CSV_HEADER_EN: [&str; 13] = [
    "project",
    "budget",
    "reference_price",
    "method",
    "bidders",
    "winner",
    "award_price",
    "reason",
    "contract_no",
    "contract_date",
    "egp_no",
    "delivery_date",
    "payment_date",
];

/// Which layout a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One column per field.
    Columns,
    /// The nine columns of the สขร.๑ (winner with price, contract number with date).
    Summary,
}

/// One data row as read: the record when the row has no error, otherwise its errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedRow {
    /// 1-based spreadsheet row.
    pub line: usize,
    /// The project as written (to show a row that has errors).
    pub project: String,
    /// The record, cleaned by [`Record::check`]; `None` when the row has errors.
    pub record: Option<Record>,
    /// What must be explicitly accepted before the import (an award above the budget).
    pub warnings: Vec<Warning>,
    /// Every problem of the row; empty when `record` is set.
    pub errors: Vec<RowError>,
}

/// A file read: its rows, each a record or its errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcurementFile {
    pub layout: Layout,
    /// The row of the header.
    pub header_line: usize,
    /// Columns of the header that are not imported, as written.
    pub ignored_columns: Vec<String>,
    pub rows: Vec<ParsedRow>,
}

impl ProcurementFile {
    /// Every row error, in row order.
    pub fn errors(&self) -> impl Iterator<Item = &RowError> {
        self.rows.iter().flat_map(|r| r.errors.iter())
    }

    /// No row has an error.
    pub fn is_clean(&self) -> bool {
        self.rows.iter().all(|r| r.errors.is_empty())
    }

    /// The records of the rows without errors, with their row numbers.
    pub fn records(&self) -> Vec<(usize, Record)> {
        self.rows
            .iter()
            .filter_map(|r| r.record.clone().map(|rec| (r.line, rec)))
            .collect()
    }

    /// Every warning, with its row number.
    pub fn warnings(&self) -> Vec<(usize, &Warning)> {
        self.rows
            .iter()
            .flat_map(|r| r.warnings.iter().map(move |w| (r.line, w)))
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Seq,
    Project,
    Budget,
    ReferencePrice,
    Method,
    Bidders,
    Winner,
    AwardPrice,
    WinnerAndPrice,
    Reason,
    ContractNo,
    ContractDate,
    Contract,
    EgpNo,
    DeliveryDate,
    PaymentDate,
}

impl Col {
    const ALL: [Col; 16] = [
        Col::Seq,
        Col::Project,
        Col::Budget,
        Col::ReferencePrice,
        Col::Method,
        Col::Bidders,
        Col::Winner,
        Col::AwardPrice,
        Col::WinnerAndPrice,
        Col::Reason,
        Col::ContractNo,
        Col::ContractDate,
        Col::Contract,
        Col::EgpNo,
        Col::DeliveryDate,
        Col::PaymentDate,
    ];

    /// The Thai name (as [`CSV_HEADER_TH`] or the สขร.๑ writes it).
    fn th(self) -> &'static str {
        match self {
            Col::Seq => SUMMARY_HEADINGS_TH[0],
            Col::Project => CSV_HEADER_TH[0],
            Col::Budget => CSV_HEADER_TH[1],
            Col::ReferencePrice => CSV_HEADER_TH[2],
            Col::Method => CSV_HEADER_TH[3],
            Col::Bidders => CSV_HEADER_TH[4],
            Col::Winner => CSV_HEADER_TH[5],
            Col::AwardPrice => CSV_HEADER_TH[6],
            Col::WinnerAndPrice => SUMMARY_HEADINGS_TH[6],
            Col::Reason => CSV_HEADER_TH[7],
            Col::ContractNo => CSV_HEADER_TH[8],
            Col::ContractDate => CSV_HEADER_TH[9],
            Col::Contract => SUMMARY_HEADINGS_TH[8],
            Col::EgpNo => CSV_HEADER_TH[10],
            Col::DeliveryDate => CSV_HEADER_TH[11],
            Col::PaymentDate => CSV_HEADER_TH[12],
        }
    }

    /// Every accepted header name (compared after [`header_key`]).
    fn names(self) -> &'static [&'static str] {
        match self {
            Col::Seq => &["ลำดับที่", "ลำดับ", "ที่", "no", "#", "seq", "number"],
            Col::Project => &[
                "งานที่จัดซื้อจัดจ้าง",
                "งานที่จัดซื้อหรือจัดจ้าง",
                "ชื่อโครงการ",
                "โครงการ",
                "รายการ",
                "project",
                "procurement",
                "title",
            ],
            Col::Budget => &[
                "วงเงิน",
                "วงเงินที่จะซื้อหรือจ้าง",
                "วงเงินงบประมาณ",
                "งบประมาณ",
                "budget",
            ],
            Col::ReferencePrice => &["ราคากลาง", "referenceprice", "reference", "medianprice"],
            Col::Method => &[
                "วิธีซื้อ/จ้าง",
                "วิธีซื้อหรือจ้าง",
                "วิธีการซื้อหรือจ้าง",
                "วิธีจัดซื้อจัดจ้าง",
                "วิธีการจัดซื้อจัดจ้าง",
                "วิธีจัดหา",
                "วิธี",
                "method",
                "procurementmethod",
            ],
            Col::Bidders => &[
                "ผู้เสนอราคา",
                "รายชื่อผู้เสนอราคา",
                "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
                "ผู้เสนอราคาและราคาที่เสนอ",
                "bidders",
                "biddersandoffers",
                "tenderers",
            ],
            Col::Winner => &[
                "ผู้ได้รับคัดเลือก",
                "ผู้ได้รับการคัดเลือก",
                "ผู้ชนะ",
                "ผู้ชนะการเสนอราคา",
                "winner",
                "selectedbidder",
                "supplier",
            ],
            Col::AwardPrice => &[
                "ราคาที่ตกลง",
                "ราคาที่ตกลงซื้อหรือจ้าง",
                "awardprice",
                "agreedprice",
                "award",
            ],
            Col::WinnerAndPrice => &[
                "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
                "ผู้ได้รับคัดเลือกและราคาที่ตกลง",
                "ผู้ได้รับการคัดเลือกและราคาที่ตกลง",
                "selectedbidderandprice",
            ],
            Col::Reason => &[
                "เหตุผล",
                "เหตุผลที่คัดเลือก",
                "เหตุผลที่คัดเลือกโดยสังเขป",
                "reason",
                "reasonfortheselection",
            ],
            Col::ContractNo => &[
                "เลขที่สัญญา",
                "เลขที่สัญญาหรือข้อตกลง",
                "สัญญาเลขที่",
                "contractno",
                "contractnumber",
            ],
            Col::ContractDate => &[
                "วันที่สัญญา",
                "วันที่ลงนามสัญญา",
                "วันที่ของสัญญา",
                "วันที่ทำสัญญา",
                "contractdate",
                "datesigned",
            ],
            Col::Contract => &[
                "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
                "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
                "เลขที่และวันที่ของสัญญา",
                "contractnumberanddate",
                "contract",
            ],
            Col::EgpNo => &[
                "เลขโครงการe-gp",
                "เลขที่โครงการe-gp",
                "เลขที่โครงการในระบบe-gp",
                "เลขที่โครงการ",
                "เลขโครงการ",
                "e-gp",
                "egpno",
                "egpprojectnumber",
                "egpproject",
            ],
            Col::DeliveryDate => &[
                "วันส่งมอบ",
                "วันที่ส่งมอบ",
                "วันที่ตรวจรับ",
                "deliverydate",
                "delivered",
            ],
            Col::PaymentDate => &["วันเบิกจ่าย", "วันที่เบิกจ่าย", "วันที่จ่ายเงิน", "paymentdate", "paid"],
        }
    }

    /// The record field a [`Record::check`] error names → this column.
    fn of_field(field: &str, combined_winner: bool, combined_contract: bool) -> Option<Col> {
        Some(match field {
            "project" => Col::Project,
            "budget" => Col::Budget,
            "reference_price" => Col::ReferencePrice,
            "method" => Col::Method,
            "bidders" => Col::Bidders,
            "winner" if combined_winner => Col::WinnerAndPrice,
            "winner" => Col::Winner,
            "award_price" | "accept_over_budget" if combined_winner => Col::WinnerAndPrice,
            "award_price" | "accept_over_budget" => Col::AwardPrice,
            "reason" => Col::Reason,
            "contract_no" if combined_contract => Col::Contract,
            "contract_no" => Col::ContractNo,
            "contract_date" if combined_contract => Col::Contract,
            "contract_date" => Col::ContractDate,
            "egp_no" => Col::EgpNo,
            "delivery_date" => Col::DeliveryDate,
            "payment_date" => Col::PaymentDate,
            _ => return None,
        })
    }
}

/// A header name compared leniently: lower case, without white space, zero-width spaces and
/// `_-./:*()[]`, without a trailing "บาท"/"baht"/"thb".
fn header_key(name: &str) -> String {
    let mut k: String = name
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '\u{200B}' | '\u{FEFF}' | '_' | '-' | '.' | '/')
                && !matches!(c, ':' | '*' | '(' | ')' | '[' | ']')
        })
        .collect::<String>()
        .to_lowercase();
    for unit in ["บาท", "baht", "thb"] {
        if let Some(s) = k.strip_suffix(unit) {
            if !s.is_empty() {
                k = s.to_owned();
            }
        }
    }
    k
}

fn column_of(name: &str) -> Option<Col> {
    let k = header_key(name);
    if k.is_empty() {
        return None;
    }
    Col::ALL
        .into_iter()
        .find(|c| c.names().iter().any(|n| header_key(n) == k))
}

struct Header {
    line: usize,
    width: usize,
    cols: HashMap<Col, (usize, String)>,
    ignored: Vec<String>,
}

impl Header {
    fn name(&self, col: Col) -> String {
        self.cols
            .get(&col)
            .map_or_else(|| col.th().to_owned(), |(_, n)| n.clone())
    }
    fn cell<'a>(&self, row: &'a RawRow, col: Col) -> &'a Cell {
        const EMPTY: &Cell = &Cell::Empty;
        self.cols
            .get(&col)
            .and_then(|(i, _)| row.cells.get(*i))
            .unwrap_or(EMPTY)
    }
    fn has(&self, col: Col) -> bool {
        self.cols.contains_key(&col)
    }
    fn layout(&self) -> Layout {
        if self.has(Col::WinnerAndPrice) || self.has(Col::Contract) {
            Layout::Summary
        } else {
            Layout::Columns
        }
    }
}

/// The columns a header row names, or `None` when it does not look like a header (fewer than
/// two known columns).
fn read_header(row: &RawRow) -> Option<Result<Header, Vec<RowError>>> {
    let mut cols: HashMap<Col, (usize, String)> = HashMap::new();
    let mut ignored = Vec::new();
    let mut errors = Vec::new();
    let mut known = 0;
    for (i, cell) in row.cells.iter().enumerate() {
        let Some(name) = plain_text(cell) else {
            continue;
        };
        match column_of(&name) {
            Some(col) => {
                known += 1;
                if let Some((_, first)) = cols.get(&col) {
                    errors.push(RowError::new(
                        row.line,
                        Some(&name),
                        format!("คอลัมน์ \"{first}\" และ \"{name}\" เป็นข้อมูลเดียวกัน: ให้มีเพียงคอลัมน์เดียว"),
                        format!(
                            "the columns \"{first}\" and \"{name}\" hold the same field: keep one"
                        ),
                    ));
                } else {
                    cols.insert(col, (i, name));
                }
            }
            None => ignored.push(name),
        }
    }
    if known < 2 {
        return None;
    }
    let header = Header {
        line: row.line,
        width: row.cells.len(),
        cols,
        ignored,
    };
    for (single, combined) in [
        (Col::Winner, Col::WinnerAndPrice),
        (Col::AwardPrice, Col::WinnerAndPrice),
        (Col::ContractNo, Col::Contract),
        (Col::ContractDate, Col::Contract),
    ] {
        if header.has(single) && header.has(combined) {
            let (a, b) = (header.name(single), header.name(combined));
            errors.push(RowError::new(
                row.line,
                Some(&a),
                format!("มีทั้งคอลัมน์ \"{a}\" และ \"{b}\" ซึ่งมีข้อมูลซ้ำกัน: ให้ใช้อย่างใดอย่างหนึ่ง"),
                format!("both \"{a}\" and \"{b}\" are given and overlap: use one of them"),
            ));
        }
    }
    let missing: Vec<Col> = [Col::Project, Col::Budget, Col::Method]
        .into_iter()
        .filter(|c| !header.has(*c))
        .collect();
    if !missing.is_empty() {
        let th: Vec<&str> = missing.iter().map(|c| c.th()).collect();
        let en: Vec<&str> = missing
            .iter()
            .map(|c| match c {
                Col::Project => "project",
                Col::Budget => "budget",
                _ => "method",
            })
            .collect();
        errors.push(RowError::new(
            row.line,
            None,
            format!("หัวตารางไม่มีคอลัมน์ที่จำเป็น: {}", th.join(", ")),
            format!("the header lacks the required column(s): {}", en.join(", ")),
        ));
    }
    Some(if errors.is_empty() {
        Ok(header)
    } else {
        Err(errors)
    })
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

/// Trim white space, zero-width spaces and stray byte-order marks.
fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}')
}

fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A header cell as text.
fn plain_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(s) => Some(clean(s).to_owned()).filter(|s| !s.is_empty()),
        Cell::Number(f) => Some(number_text(*f)),
        _ => None,
    }
}

type CellError = (String, String);

fn err(th: impl Into<String>, en: impl Into<String>) -> CellError {
    (th.into(), en.into())
}

fn input(e: InputError) -> CellError {
    (e.th.into_owned(), e.en.into_owned())
}

/// A value quoted for a message: at most 40 characters.
fn shown(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{s}\"")
    }
}

/// "Nothing here": empty, or a dash as the สขร.๑ writes it.
fn is_nothing(s: &str) -> bool {
    matches!(s, "" | "-" | "–" | "—")
}

/// A text cell, trimmed; `None` when blank or a dash.
fn text(cell: &Cell) -> Result<Option<String>, CellError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(s) => {
            let s = clean(s);
            Ok((!is_nothing(s)).then(|| s.to_owned()))
        }
        Cell::Number(f) => Ok(Some(number_text(*f))),
        Cell::Bool(b) => Ok(Some(if *b { "TRUE" } else { "FALSE" }.to_owned())),
        Cell::Date(iso) => Err(err(
            format!("ช่องนี้เป็นวันที่ ({iso}) แต่ควรเป็นข้อความ: จัดรูปแบบเซลล์เป็นข้อความ (Text)"),
            format!("this cell is a date ({iso}) but should be text: format the cell as Text"),
        )),
        Cell::Error(e) => Err(err(
            format!("ช่องนี้มีค่าผิดพลาดของ Excel ({e})"),
            format!("this cell holds an Excel error ({e})"),
        )),
    }
}

/// An amount from a number cell: at most two decimals, within the limits of [`Money`].
fn money_of_number(field: &'static str, f: f64) -> Result<Money, CellError> {
    if !f.is_finite() {
        return Err(err("จำนวนเงินไม่ถูกต้อง", "not a valid amount"));
    }
    if f < 0.0 {
        return Err(input(InputError::new(
            field,
            "จำนวนเงินติดลบไม่ได้",
            "The amount cannot be negative",
        )));
    }
    let satang = f * 100.0;
    let rounded = satang.round();
    if (satang - rounded).abs() > 1e-4 * rounded.abs().max(1.0) {
        return Err(err(
            "จำนวนเงินมีทศนิยมได้ไม่เกิน ๒ ตำแหน่ง (สตางค์)",
            "an amount has at most two decimals (satang)",
        ));
    }
    if rounded > 1e15 {
        return Err(err(
            "จำนวนเงินสูงเกินจริง (เกิน ๑๐๐,๐๐๐,๐๐๐,๐๐๐ บาท)",
            "the amount is implausibly large (over 100,000,000,000 baht)",
        ));
    }
    Money::from_satang(rounded as i64).ok_or_else(|| {
        err(
            "จำนวนเงินสูงเกินจริง (เกิน ๑๐๐,๐๐๐,๐๐๐,๐๐๐ บาท)",
            "the amount is implausibly large (over 100,000,000,000 baht)",
        )
    })
}

/// An optional amount: blank or a dash is `None`.
fn money(field: &'static str, cell: &Cell) -> Result<Option<Money>, CellError> {
    match cell {
        Cell::Number(f) => money_of_number(field, *f).map(Some),
        _ => match text(cell)? {
            None => Ok(None),
            Some(s) => Money::parse(field, &s).map(Some).map_err(input),
        },
    }
}

/// A date as typed: `15/03/2567`, `15 มี.ค. 2567`, `๑๕ มีนาคม ๒๕๖๗`, `2024-03-15`, with
/// `ลงวันที่`/`วันที่` before it or not.
fn date_of_text(s: &str) -> Result<NaiveDate, CellError> {
    let t = clean(s);
    let t = t.strip_prefix("ลงวันที่").map_or(t, clean);
    parse_date(t).map_err(|e| {
        err(
            format!("อ่านวันที่ {} ไม่ได้: {}", shown(s), e.message_th()),
            format!("cannot read the date {}: {}", shown(s), e.message_en()),
        )
    })
}

/// A date cell's ISO text → date; a year of the Buddhist Era typed into Excel (which takes it
/// for a Gregorian year) is brought back.
fn date_of_iso(iso: &str) -> Result<NaiveDate, CellError> {
    let d = iso
        .get(..10)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or_else(|| {
            err(
                format!("อ่านวันที่ในเซลล์ไม่ได้ ({iso})"),
                format!("cannot read the date in the cell ({iso})"),
            )
        })?;
    use chrono::Datelike;
    if BE_YEARS.contains(&d.year()) {
        // 29 February of a BE year may not exist in the Gregorian year: refuse rather than guess
        return d.with_year(d.year() - BE_OFFSET).ok_or_else(|| {
            err(
                format!("วันที่ในเซลล์ไม่มีอยู่จริง ({iso})"),
                format!("the date in the cell does not exist ({iso})"),
            )
        });
    }
    Ok(d)
}

/// An optional date: blank or a dash is `None`.
fn date(cell: &Cell) -> Result<Option<NaiveDate>, CellError> {
    match cell {
        Cell::Date(iso) => date_of_iso(iso).map(Some),
        Cell::Number(f) => Err(err(
            format!(
                "ช่องนี้เป็นตัวเลข ({}) ไม่ใช่วันที่: เขียนเป็น 15/03/2567 หรือ 15 มี.ค. 2567",
                number_text(*f)
            ),
            format!(
                "this cell is a number ({}), not a date: write 15/03/2567 or 15 มี.ค. 2567",
                number_text(*f)
            ),
        )),
        _ => match text(cell)? {
            None => Ok(None),
            Some(s) => date_of_text(&s).map(Some),
        },
    }
}

/// Keywords before a price, longest first.
const PRICE_WORDS: [&str; 6] = [
    "ราคาที่เสนอ",
    "ราคาที่ตกลง",
    "เสนอราคา",
    "ราคา",
    "price",
    "offer",
];

/// `name ราคาที่เสนอ 1,000.00 บาท`, `name ราคา 1,000`, `name (1,000.00)`, `name 1,000.00 บาท` →
/// (name, price); `None` when no price can be found.
fn split_price(entry: &str) -> Option<(String, Result<Money, InputError>)> {
    let mut s = clean(entry).to_owned();
    let mut had_unit = false;
    for unit in ["บาท", "บ.", "THB", "thb", "฿"] {
        if let Some(r) = s.strip_suffix(unit) {
            s = clean(r).to_owned();
            had_unit = true;
        }
    }
    // name (1,000.00)
    if let Some(inner) = s.strip_suffix(')') {
        if let Some(open) = inner.rfind('(') {
            let amount = clean(&inner[open + 1..]);
            let amount = amount.strip_suffix("บาท").map_or(amount, clean);
            let amount = strip_price_word(amount);
            if let Ok(m) = Money::parse("bidders", amount) {
                return Some((clean(&inner[..open]).to_owned(), Ok(m)));
            }
        }
    }
    // name ราคา 1,000.00: the rightmost keyword (the longer one where two start together)
    let lower = s.to_ascii_lowercase();
    let found = PRICE_WORDS
        .iter()
        .filter_map(|w| lower.rfind(w).map(|i| (i, w.len())))
        .max();
    if let Some((i, len)) = found {
        let name = clean(&s[..i]).trim_end_matches([':', ',']);
        let amount = clean(&s[i + len..]).trim_start_matches([':', '=']);
        return Some((
            clean(name).to_owned(),
            Money::parse("bidders", clean(amount)),
        ));
    }
    // name 1,000.00 บาท
    if had_unit {
        if let Some((name, amount)) = s.rsplit_once(char::is_whitespace) {
            return Some((clean(name).to_owned(), Money::parse("bidders", amount)));
        }
    }
    None
}

/// `amount` without a price keyword before it.
fn strip_price_word(amount: &str) -> &str {
    let lower = amount.to_ascii_lowercase();
    PRICE_WORDS
        .iter()
        .find(|w| lower.starts_with(*w))
        .map_or(amount, |w| clean(&amount[w.len()..]))
}

/// Strip a leading list number: `1.`, `1)`, `๑.`, `(1)`.
fn strip_numbering(s: &str) -> &str {
    let t = clean(s);
    let t2 = t.strip_prefix('(').unwrap_or(t);
    let digits = t2
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || ('๐'..='๙').contains(c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    match digits {
        Some(end) => {
            let rest = &t2[end..];
            match rest.strip_prefix(['.', ')']) {
                Some(r) if r.starts_with(char::is_whitespace) => clean(r),
                _ => t,
            }
        }
        None => t,
    }
}

/// The bidders of a cell: entries separated by line breaks or `;`.
fn bidders(cell: &Cell) -> Result<Vec<Bidder>, CellError> {
    let Some(s) = text(cell)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, entry) in s
        .split(['\n', '\r', ';'])
        .map(strip_numbering)
        .filter(|e| !e.is_empty())
        .enumerate()
    {
        let n = i + 1;
        match split_price(entry) {
            Some((name, Ok(offer))) => out.push(Bidder { name, offer }),
            Some((_, Err(e))) => {
                return Err(err(
                    format!("ผู้เสนอราคารายที่ {}: {}", to_thai_digits(&n.to_string()), e.th),
                    format!("bidder {n}: {}", e.en),
                ))
            }
            None => {
                return Err(err(
                    format!(
                        "ผู้เสนอราคารายที่ {} {}: ไม่พบราคาที่เสนอ ให้เขียนเป็น ชื่อ ราคา 1,000.00 หรือ ชื่อ (1,000.00) คั่นแต่ละรายด้วยการขึ้นบรรทัดใหม่หรือ ;",
                        to_thai_digits(&n.to_string()),
                        shown(entry)
                    ),
                    format!(
                        "bidder {n} {}: no price found; write name ราคา 1,000.00 or name (1,000.00), one bidder a line or separated by ;",
                        shown(entry)
                    ),
                ))
            }
        }
    }
    Ok(out)
}

/// A name compared loosely (as the register compares bidders): white space folded, case
/// ignored.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The winner as written, and the price it may carry: a text that is a bidder's whole name
/// (`ร้าน 99 (1995)`) is a name alone.
fn split_winner(s: &str, bidders: &[Bidder]) -> Option<(String, Result<Money, InputError>)> {
    let key = name_key(s);
    if bidders.iter().any(|b| name_key(&b.name) == key) {
        return None;
    }
    split_price(s)
}

/// The สขร.๑ winner cell: `name ราคาที่ตกลง 48,000.00 บาท`, or a name alone, or `-`.
fn winner_and_price(
    cell: &Cell,
    bidders: &[Bidder],
) -> Result<(Option<String>, Option<Money>), CellError> {
    let Some(s) = text(cell)? else {
        return Ok((None, None));
    };
    match split_winner(&s, bidders) {
        Some((name, Ok(price))) => Ok(((!name.is_empty()).then_some(name), Some(price))),
        Some((_, Err(e))) => Err(input(e)),
        None => Ok((Some(s), None)),
    }
}

/// The สขร.๑ contract cell: `เลขที่ 12/2567\nลงวันที่ 15 มี.ค. 2567`, either part alone, or `-`.
fn contract(cell: &Cell) -> Result<(Option<String>, Option<NaiveDate>), CellError> {
    if let Cell::Date(iso) = cell {
        return Ok((None, Some(date_of_iso(iso)?)));
    }
    let Some(s) = text(cell)? else {
        return Ok((None, None));
    };
    let (no, date_text) = match s.find("ลงวันที่").or_else(|| s.find("วันที่"))
    {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => (s.as_str(), None),
    };
    let no = clean(no);
    let no = no
        .strip_prefix("สัญญาเลขที่")
        .or_else(|| no.strip_prefix("เลขที่"))
        .map_or(no, clean);
    let no = (!is_nothing(no)).then(|| contract_no(no));
    let date = date_text.map(date_of_text).transpose()?;
    Ok((no, date))
}

/// A contract number as stored: digits in ASCII (Thai digits are a display option).
fn contract_no(s: &str) -> String {
    to_ascii_digits(clean(s))
}

fn egp(cell: &Cell) -> Result<Option<String>, CellError> {
    match text(cell)? {
        None => Ok(None),
        Some(s) => parse_egp_no(&s).map_err(input),
    }
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

fn is_blank_row(row: &RawRow) -> bool {
    row.cells.iter().all(Cell::is_blank)
}

/// A row that only says "ไม่มีการจัดซื้อจัดจ้าง" (the สขร.๑ of a month without procurement).
fn is_statement_row(row: &RawRow) -> bool {
    let texts: Vec<&str> = row
        .cells
        .iter()
        .filter_map(|c| match c {
            Cell::Text(s) if !clean(s).is_empty() => Some(clean(s)),
            _ => None,
        })
        .collect();
    texts.len() == 1
        && texts[0].starts_with(NO_PROCUREMENT_TH)
        && row
            .cells
            .iter()
            .all(|c| matches!(c, Cell::Text(_) | Cell::Empty))
}

fn read_row(row: &RawRow, header: &Header, year: FiscalYear) -> ParsedRow {
    let line = row.line;
    let mut errors: Vec<RowError> = Vec::new();
    let push = |col: Col, (th, en): CellError, errors: &mut Vec<RowError>| {
        errors.push(RowError::new(line, Some(&header.name(col)), th, en));
    };
    let project_raw = match header.cell(row, Col::Project) {
        Cell::Text(s) => clean(s).to_owned(),
        Cell::Number(f) => number_text(*f),
        _ => String::new(),
    };
    let width = row.cells.len();
    if width > header.width && row.cells[header.width..].iter().any(|c| !c.is_blank()) {
        errors.push(RowError::new(
            line,
            None,
            format!(
                "แถวนี้มี {} ช่อง แต่หัวตารางมี {} ช่อง: ตรวจเครื่องหมายจุลภาค (,) และเครื่องหมายคำพูด (\")",
                width, header.width
            ),
            format!(
                "this row has {} cells but the header has {}: check the commas and quotes",
                width, header.width
            ),
        ));
        return ParsedRow {
            line,
            project: project_raw,
            record: None,
            warnings: Vec::new(),
            errors,
        };
    }
    for (i, name) in header.cols.values() {
        if let Some(Cell::Text(s)) = row.cells.get(*i) {
            let n = s.chars().count();
            if n > MAX_CELL_CHARS {
                errors.push(RowError::new(
                    line,
                    Some(name),
                    format!("ช่องนี้ยาว {n} ตัวอักษร เกินกำหนด {MAX_CELL_CHARS} ตัวอักษร"),
                    format!("this cell has {n} characters, more than the {MAX_CELL_CHARS} allowed"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return ParsedRow {
            line,
            project: project_raw.chars().take(200).collect(),
            record: None,
            warnings: Vec::new(),
            errors,
        };
    }

    let project = match text(header.cell(row, Col::Project)) {
        Ok(p) => p.unwrap_or_default(),
        Err(e) => {
            push(Col::Project, e, &mut errors);
            String::new()
        }
    };
    let budget = match money("budget", header.cell(row, Col::Budget)) {
        Ok(Some(m)) => Some(m),
        Ok(None) => {
            push(
                Col::Budget,
                err("ยังไม่ได้กรอกวงเงิน", "the budget is missing"),
                &mut errors,
            );
            None
        }
        Err(e) => {
            push(Col::Budget, e, &mut errors);
            None
        }
    };
    let reference_price = money("reference_price", header.cell(row, Col::ReferencePrice))
        .map_err(|e| push(Col::ReferencePrice, e, &mut errors))
        .unwrap_or(None);
    let method = match text(header.cell(row, Col::Method)) {
        Ok(Some(s)) => match Method::from_text(&s) {
            Some(m) => Some(m),
            None => {
                push(
                    Col::Method,
                    err(
                        format!(
                            "ไม่รู้จักวิธีซื้อหรือจ้าง {}: ใช้ เฉพาะเจาะจง, e-market, e-bidding, คัดเลือก, สอบราคา, ประกวดราคา หรือ อื่น ๆ",
                            shown(&s)
                        ),
                        format!(
                            "unknown method {}: use specific (เฉพาะเจาะจง), e-market, e-bidding, selection (คัดเลือก), price inquiry (สอบราคา), tender (ประกวดราคา) or other (อื่น ๆ)",
                            shown(&s)
                        ),
                    ),
                    &mut errors,
                );
                None
            }
        },
        Ok(None) => {
            push(
                Col::Method,
                err("ยังไม่ได้ระบุวิธีซื้อหรือจ้าง", "the method is missing"),
                &mut errors,
            );
            None
        }
        Err(e) => {
            push(Col::Method, e, &mut errors);
            None
        }
    };
    let bidders = bidders(header.cell(row, Col::Bidders))
        .map_err(|e| push(Col::Bidders, e, &mut errors))
        .unwrap_or_default();
    let (winner, award_price) = if header.has(Col::WinnerAndPrice) {
        winner_and_price(header.cell(row, Col::WinnerAndPrice), &bidders)
            .map_err(|e| push(Col::WinnerAndPrice, e, &mut errors))
            .unwrap_or((None, None))
    } else {
        let award = money("award_price", header.cell(row, Col::AwardPrice))
            .map_err(|e| push(Col::AwardPrice, e, &mut errors))
            .unwrap_or(None);
        let winner = text(header.cell(row, Col::Winner))
            .map_err(|e| push(Col::Winner, e, &mut errors))
            .unwrap_or(None);
        // a winner cell that carries its price ("name ราคา 1,000.00") when no price column says
        match (winner, award) {
            (Some(w), None) => match split_winner(&w, &bidders) {
                Some((name, Ok(price))) if !name.is_empty() => (Some(name), Some(price)),
                _ => (Some(w), None),
            },
            other => other,
        }
    };
    let reason = text(header.cell(row, Col::Reason))
        .map_err(|e| push(Col::Reason, e, &mut errors))
        .unwrap_or(None)
        .unwrap_or_default();
    let (contract_no_v, contract_date) = if header.has(Col::Contract) {
        contract(header.cell(row, Col::Contract))
            .map_err(|e| push(Col::Contract, e, &mut errors))
            .unwrap_or((None, None))
    } else {
        let no = text(header.cell(row, Col::ContractNo))
            .map_err(|e| push(Col::ContractNo, e, &mut errors))
            .unwrap_or(None)
            .map(|s| contract_no(&s));
        let d = date(header.cell(row, Col::ContractDate))
            .map_err(|e| push(Col::ContractDate, e, &mut errors))
            .unwrap_or(None);
        (no, d)
    };
    let egp_no = egp(header.cell(row, Col::EgpNo))
        .map_err(|e| push(Col::EgpNo, e, &mut errors))
        .unwrap_or(None);
    let delivery_date = date(header.cell(row, Col::DeliveryDate))
        .map_err(|e| push(Col::DeliveryDate, e, &mut errors))
        .unwrap_or(None);
    let payment_date = date(header.cell(row, Col::PaymentDate))
        .map_err(|e| push(Col::PaymentDate, e, &mut errors))
        .unwrap_or(None);

    let (Some(budget), Some(method)) = (budget, method) else {
        return ParsedRow {
            line,
            project: project_raw,
            record: None,
            warnings: Vec::new(),
            errors,
        };
    };
    let record = Record {
        reference_price,
        bidders,
        winner,
        award_price,
        reason,
        contract_no: contract_no_v,
        contract_date,
        egp_no,
        delivery_date,
        payment_date,
        ..Record::new(year, &project, budget, method)
    };
    let combined_winner = header.has(Col::WinnerAndPrice);
    let combined_contract = header.has(Col::Contract);
    match record.check() {
        Ok((clean, warnings)) if errors.is_empty() => ParsedRow {
            line,
            project: clean.project.clone(),
            record: Some(clean),
            warnings,
            errors,
        },
        Ok(_) => ParsedRow {
            line,
            project: project_raw,
            record: None,
            warnings: Vec::new(),
            errors,
        },
        Err(problems) => {
            for p in problems {
                let col = Col::of_field(p.field, combined_winner, combined_contract);
                // a cell already refused is not refused twice
                let name = col.map(|c| header.name(c));
                if name
                    .as_ref()
                    .is_some_and(|n| errors.iter().any(|e| e.column.as_ref() == Some(n)))
                {
                    continue;
                }
                errors.push(RowError::new(
                    line,
                    name.as_deref(),
                    p.th.into_owned(),
                    p.en.into_owned(),
                ));
            }
            ParsedRow {
                line,
                project: project_raw,
                record: None,
                warnings: Vec::new(),
                errors,
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

fn file_error(th: impl Into<String>, en: impl Into<String>) -> Vec<RowError> {
    vec![RowError::new(1, None, th, en)]
}

/// Read the first worksheet of an XLSX file, date cells as ISO dates (the score importer's
/// reader does not keep their value).
fn read_xlsx(bytes: &[u8]) -> Result<Vec<RawRow>, RowError> {
    // refuse zip bombs and macro-enabled workbooks before calamine inflates anything
    if let Err(e) = crate::files::check_upload_max("import.xlsx", bytes, MAX_FILE_BYTES as u64) {
        let looks_like_text = !bytes.starts_with(b"PK");
        let (hint_th, hint_en) = if looks_like_text {
            (
                " (ไฟล์นี้อาจเป็น CSV: โปรดเลือกชนิดไฟล์ CSV)",
                " (it may be a CSV file: choose the CSV format)",
            )
        } else {
            ("", "")
        };
        return Err(RowError::new(
            1,
            None,
            format!("อ่านไฟล์ XLSX ไม่ได้{hint_th}: {}", e.th),
            format!("cannot read the XLSX file{hint_en}: {}", e.en),
        ));
    }
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
    let bad = |detail: String| {
        RowError::new(
            1,
            None,
            format!("อ่านไฟล์ XLSX ไม่ได้: {detail}"),
            format!("cannot read the XLSX file: {detail}"),
        )
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let range = match workbook.worksheet_range_at(0) {
        None => {
            return Err(RowError::new(
                1,
                None,
                "ไฟล์ XLSX ไม่มีแผ่นงาน (worksheet)",
                "the XLSX file has no worksheet",
            ))
        }
        Some(r) => r.map_err(|e| bad(e.to_string()))?,
    };
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        if i > MAX_ROWS + HEADER_SEARCH_ROWS + 1000 {
            break;
        }
        rows.push(RawRow {
            line: first_row.saturating_add(i).saturating_add(1),
            cells: cells.iter().map(super::table::cell).collect(),
        });
    }
    Ok(rows)
}

/// Read a procurement file for `year`: every row as a record or its errors (see the
/// [module documentation](self)). `Err` for a problem with the whole file.
pub fn parse_procurements(
    bytes: &[u8],
    format: Format,
    year: FiscalYear,
) -> Result<ProcurementFile, Vec<RowError>> {
    if bytes.is_empty() {
        return Err(file_error("ไฟล์ว่างเปล่า", "the file is empty"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        let mb = MAX_FILE_BYTES / (1024 * 1024);
        return Err(file_error(
            format!("ไฟล์ใหญ่เกิน {mb} MB: แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์"),
            format!("the file is larger than {mb} MB: split it and import the parts one by one"),
        ));
    }
    let rows = match format {
        Format::Csv => {
            let text = decode::decode(bytes).map_err(|e| vec![e])?;
            table::read_csv(&text)
        }
        Format::Xlsx => read_xlsx(bytes),
    }
    .map_err(|e| vec![e])?;
    let mut rows = rows.into_iter().filter(|r| !is_blank_row(r)).peekable();
    // the header: the first row naming at least two known columns, within the first rows
    let mut header = None;
    let mut first_line = None;
    for _ in 0..HEADER_SEARCH_ROWS {
        let Some(row) = rows.next() else { break };
        first_line.get_or_insert(row.line);
        if let Some(h) = read_header(&row) {
            header = Some(h?);
            break;
        }
    }
    let Some(header) = header else {
        return Err(vec![RowError::new(
            first_line.unwrap_or(1),
            None,
            format!(
                "ไม่พบแถวหัวตาราง: แถวแรกของตารางต้องมีชื่อคอลัมน์ เช่น {} หรือหัวตารางของแบบ สขร.๑",
                CSV_HEADER_TH.join(", ")
            ),
            format!(
                "no header row found: the table's first row must name its columns, e.g. {} (or the headings of the สขร.๑)",
                CSV_HEADER_EN.join(", ")
            ),
        )]);
    };
    let mut out = Vec::new();
    let mut egp_seen: HashMap<String, usize> = HashMap::new();
    for row in rows {
        if is_statement_row(&row) {
            continue;
        }
        if out.len() >= MAX_ROWS {
            return Err(vec![RowError::new(
                row.line,
                None,
                format!(
                    "ไฟล์มีข้อมูลเกิน {} แถว: แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์",
                    to_thai_digits(&MAX_ROWS.to_string())
                ),
                format!("the file has more than {MAX_ROWS} data rows: split it and import the parts one by one"),
            )]);
        }
        let mut parsed = read_row(&row, &header, year);
        // the same e-GP number twice in the file
        if let Some(no) = parsed.record.as_ref().and_then(|r| r.egp_no.clone()) {
            if let Some(&first) = egp_seen.get(&no) {
                parsed.errors.push(RowError::new(
                    parsed.line,
                    Some(&header.name(Col::EgpNo)),
                    format!(
                        "เลขโครงการ e-GP {} ซ้ำกับแถวที่ {first}: โครงการหนึ่งมีได้เพียงรายการเดียว",
                        to_thai_digits(&no)
                    ),
                    format!("the e-GP number {no} is already on row {first}: one record a project"),
                ));
                parsed.record = None;
                parsed.warnings.clear();
            } else {
                egp_seen.insert(no, parsed.line);
            }
        }
        out.push(parsed);
    }
    if out.is_empty() {
        return Err(vec![RowError::new(
            header.line,
            None,
            "ไม่มีข้อมูลการจัดซื้อจัดจ้าง: ไฟล์มีแต่แถวหัวตาราง",
            "no procurement rows: the file has only the header",
        )]);
    }
    Ok(ProcurementFile {
        layout: header.layout(),
        header_line: header.line,
        ignored_columns: header.ignored.clone(),
        rows: out,
    })
}

// ---------------------------------------------------------------------------------------------
// Writing the columns layout
// ---------------------------------------------------------------------------------------------

fn date_text(d: NaiveDate) -> String {
    format_date_th(
        d,
        DateStyle::new(
            Digits::Arabic,
            prongsai_domain::calendar::MonthStyle::Abbrev,
        ),
    )
}

/// One record as a row of [`CSV_HEADER_TH`]: amounts `1,234.50`, BE dates `15 มี.ค. 2567`,
/// bidders one a line as `name ราคา 1,000.00`.
pub fn record_row(r: &Record) -> [String; 13] {
    let m = |x: Option<Money>| x.map(|v| v.format(Digits::Arabic)).unwrap_or_default();
    let d = |x: Option<NaiveDate>| x.map(date_text).unwrap_or_default();
    [
        r.project.clone(),
        r.budget.format(Digits::Arabic),
        m(r.reference_price),
        r.method.label_th().to_owned(),
        r.bidders
            .iter()
            .map(|b| format!("{} ราคา {}", b.name, b.offer.format(Digits::Arabic)))
            .collect::<Vec<_>>()
            .join("\n"),
        r.winner.clone().unwrap_or_default(),
        m(r.award_price),
        r.reason.clone(),
        r.contract_no.clone().unwrap_or_default(),
        d(r.contract_date),
        r.egp_no.clone().unwrap_or_default(),
        d(r.delivery_date),
        d(r.payment_date),
    ]
}

/// Records as a CSV file of the columns layout (Thai header, UTF-8 with a byte-order mark);
/// [`parse_procurements`] reads it back to the same records.
pub fn records_csv(records: &[Record]) -> Result<String, crate::csv::CsvError> {
    crate::csv::to_csv(&CSV_HEADER_TH, records.iter().map(record_row))
}

/// An empty file of the columns layout with one example row, for agencies to fill in.
pub fn template_csv() -> Result<String, crate::csv::CsvError> {
    crate::csv::to_csv(
        &CSV_HEADER_TH,
        [[
            "จัดซื้อวัสดุสำนักงาน".to_owned(),
            "50,000.00".to_owned(),
            "50,000.00".to_owned(),
            "เฉพาะเจาะจง".to_owned(),
            "ร้านตัวอย่างพาณิชย์ ราคา 48,500.00\nหจก. ตัวอย่างวัสดุ ราคา 49,000.00".to_owned(),
            "ร้านตัวอย่างพาณิชย์".to_owned(),
            "48,000.00".to_owned(),
            "ราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข".to_owned(),
            "12/2567".to_owned(),
            "15/03/2567".to_owned(),
            "".to_owned(),
            "22/03/2567".to_owned(),
            "30/03/2567".to_owned(),
        ]],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fy() -> FiscalYear {
        FiscalYear::new(2567).unwrap()
    }
    fn baht(b: i64) -> Money {
        Money::from_baht(b).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn sample() -> Record {
        Record {
            reference_price: Some(baht(50_000)),
            bidders: vec![
                Bidder {
                    name: "ร้านสมใจพาณิชย์".into(),
                    offer: Money::from_satang(4_850_050).unwrap(),
                },
                Bidder {
                    name: "หจก. รุ่งเรือง (ประเทศไทย) วัสดุ".into(),
                    offer: baht(49_000),
                },
            ],
            winner: Some("ร้านสมใจพาณิชย์".into()),
            award_price: Some(baht(48_000)),
            reason: "ราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข".into(),
            contract_no: Some("12/2567".into()),
            contract_date: Some(d(2024, 3, 15)),
            egp_no: Some("67039012345".into()),
            delivery_date: Some(d(2024, 3, 22)),
            payment_date: Some(d(2024, 4, 2)),
            ..Record::new(fy(), "จัดซื้อวัสดุสำนักงาน หมู่ที่ ๓", baht(50_000), Method::Specific)
        }
    }

    fn parse_csv(text: &str) -> ProcurementFile {
        parse_procurements(text.as_bytes(), Format::Csv, fy()).unwrap()
    }

    #[test]
    fn thai_columns_thai_digits_and_be_dates() {
        let csv = "งานที่จัดซื้อจัดจ้าง,วงเงิน (บาท),ราคากลาง,วิธีซื้อ/จ้าง,ผู้เสนอราคา,ผู้ได้รับคัดเลือก,ราคาที่ตกลง,เหตุผล,เลขที่สัญญา,วันที่สัญญา,เลขโครงการ e-GP,วันส่งมอบ,วันเบิกจ่าย\n\
            จ้างซ่อมถนน,\"๑๒,๕๐๐.๕๐\",-,วิธีเฉพาะเจาะจง,\"ร้านเอ ราคา ๑๒,๐๐๐; ร้านบี (๑๒,๔๐๐.๐๐ บาท)\",ร้านเอ,\"๑๒,๐๐๐.๐๐\",ราคาต่ำสุด,๓/๒๕๖๗,๑๖ ต.ค. ๒๕๖๖,๖๗๐๑๙-๐๑๒๓๔๕,๑๖/๑๑/๒๕๖๖,2023-11-20\n";
        let f = parse_csv(csv);
        assert_eq!(f.layout, Layout::Columns);
        assert!(f.is_clean(), "{:?}", f.errors().collect::<Vec<_>>());
        let r = f.rows[0].record.clone().unwrap();
        assert_eq!(f.rows[0].line, 2);
        assert_eq!(r.budget, Money::from_satang(1_250_050).unwrap());
        assert_eq!(r.reference_price, None);
        assert_eq!(r.method, Method::Specific);
        assert_eq!(r.bidders.len(), 2);
        assert_eq!(r.bidders[1].name, "ร้านบี");
        assert_eq!(r.bidders[1].offer, baht(12_400));
        assert_eq!(r.winner.as_deref(), Some("ร้านเอ"));
        assert_eq!(r.contract_no.as_deref(), Some("3/2567"));
        assert_eq!(r.contract_date, Some(d(2023, 10, 16)));
        assert_eq!(r.egp_no.as_deref(), Some("67019012345"));
        assert_eq!(r.delivery_date, Some(d(2023, 11, 16)));
        assert_eq!(r.payment_date, Some(d(2023, 11, 20)));
        assert_eq!(r.fiscal_year, fy());
    }

    #[test]
    fn english_headers_are_matched_leniently() {
        let csv = "Project , BUDGET,Method,Contract_Date\nx,100,e-bidding,01/10/2023\n";
        let f = parse_csv(csv);
        assert!(f.is_clean(), "{:?}", f.errors().collect::<Vec<_>>());
        let r = f.rows[0].record.as_ref().unwrap();
        assert_eq!(r.method, Method::EBidding);
        assert_eq!(r.contract_date, Some(d(2023, 10, 1)));
    }

    #[test]
    fn our_own_csv_reads_back_to_the_same_records() {
        let mut other = Record::new(fy(), "จ้างเหมาตัดหญ้า", baht(9_000), Method::Other);
        other.reason = String::new();
        let mut bidding = sample();
        bidding.method = Method::EBidding;
        bidding.egp_no = Some("670390123456".into());
        bidding.award_price = Some(baht(51_000));
        bidding.contract_no = Some("สัญญาจ้าง 1/2567".into());
        let records = vec![sample(), other, bidding];
        let csv = records_csv(&records).unwrap();
        let f = parse_csv(&csv);
        assert!(f.is_clean(), "{:?}", f.errors().collect::<Vec<_>>());
        let back: Vec<Record> = f.records().into_iter().map(|(_, r)| r).collect();
        assert_eq!(back, records);
        // the award above the budget is a warning of its row
        assert_eq!(f.warnings().len(), 1);
        assert_eq!(f.warnings()[0].0, 4);
    }

    #[test]
    fn the_summary_layout_reads_back() {
        let mut no_contract = sample();
        no_contract.contract_no = None;
        no_contract.egp_no = None;
        no_contract.delivery_date = None;
        no_contract.payment_date = None;
        let mut plain = Record::new(fy(), "จ้างเหมาตัดหญ้า", baht(9_000), Method::Selection);
        plain.contract_date = Some(d(2024, 9, 30));
        let mut first = sample();
        first.egp_no = None;
        first.delivery_date = None;
        first.payment_date = None;
        let records = vec![first, no_contract, plain];
        for digits in [Digits::Arabic, Digits::Thai] {
            let rows: Vec<Vec<String>> = records
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    r.summary_row(i + 1, digits)
                        .columns()
                        .iter()
                        .map(|c| c.to_string())
                        .collect()
                })
                .collect();
            let csv = crate::csv::to_csv(&SUMMARY_HEADINGS_TH, rows).unwrap();
            let f = parse_csv(&csv);
            assert_eq!(f.layout, Layout::Summary);
            assert!(f.is_clean(), "{:?}", f.errors().collect::<Vec<_>>());
            let back: Vec<Record> = f.records().into_iter().map(|(_, r)| r).collect();
            assert_eq!(back, records, "{digits:?}");
        }
    }

    #[test]
    fn bidder_entries_in_every_documented_form() {
        for (text, name, satang) in [
            ("ร้านเอ ราคาที่เสนอ 1,000.00 บาท", "ร้านเอ", 100_000),
            ("ร้านเอ ราคา 1,000", "ร้านเอ", 100_000),
            ("ร้านเอ (1,000.50)", "ร้านเอ", 100_050),
            (
                "ร้านเอ (ประเทศไทย) (๑,๐๐๐ บาท)",
                "ร้านเอ (ประเทศไทย)",
                100_000,
            ),
            ("ร้านราคาถูก ราคา 5", "ร้านราคาถูก", 500),
            ("1. ร้านเอ 1,000.00 บาท", "ร้านเอ", 100_000),
            ("Shop A price: 10", "Shop A", 1_000),
        ] {
            let b = bidders(&Cell::Text(text.into())).unwrap();
            assert_eq!(b.len(), 1, "{text}");
            assert_eq!(b[0].name, name, "{text}");
            assert_eq!(b[0].offer.satang(), satang, "{text}");
        }
        let two = bidders(&Cell::Text("ก ราคา 1\r\nข ราคา 2;ค (3)".into())).unwrap();
        assert_eq!(two.len(), 3);
        let e = bidders(&Cell::Text("ร้านเอ\nร้านบี ราคา 5".into())).unwrap_err();
        assert!(e.0.contains("รายที่ ๑"), "{}", e.0);
        let e = bidders(&Cell::Text("ร้านเอ ราคา abc".into())).unwrap_err();
        assert!(e.0.contains("จำนวนเงิน"), "{}", e.0);
    }

    #[test]
    fn a_winner_whose_name_ends_in_parentheses_keeps_it() {
        let mut r = Record::new(fy(), "งาน", baht(5_000), Method::Specific);
        r.bidders = vec![Bidder {
            name: "ร้าน 99 (1995)".into(),
            offer: baht(2_000),
        }];
        r.winner = Some("ร้าน 99 (1995)".into());
        r.reason = "รายเดียว".into();
        r.contract_date = Some(d(2024, 2, 1));
        // the สขร.๑ of a winner without an agreed price writes the name alone
        let mut no_price = r.clone();
        no_price.award_price = None;
        let row: Vec<String> = no_price
            .summary_row(1, Digits::Arabic)
            .columns()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let csv = crate::csv::to_csv(&SUMMARY_HEADINGS_TH, [row]).unwrap();
        let f = parse_csv(&csv);
        // the name is kept whole; the missing price is the row's error
        assert_eq!(f.rows[0].errors.len(), 1, "{:?}", f.rows[0].errors);
        assert!(f.rows[0].errors[0].th.contains("ราคาที่ตกลง"));
        r.award_price = Some(baht(2_000));
        let csv = records_csv(std::slice::from_ref(&r)).unwrap();
        assert_eq!(parse_csv(&csv).rows[0].record.as_ref(), Some(&r));
    }

    #[test]
    fn a_bad_row_is_reported_with_its_line_column_and_thai_message() {
        let csv = "งานที่จัดซื้อจัดจ้าง,วงเงิน,วิธีซื้อ/จ้าง,วันที่สัญญา\n\
                   ดี,100,เฉพาะเจาะจง,1/11/2566\n\
                   ไม่ดี,abc,จ้างเหมา,31/02/2567\n\
                   นอกปี,100,เฉพาะเจาะจง,1/10/2567\n";
        let f = parse_csv(csv);
        assert!(!f.is_clean());
        assert!(f.rows[0].record.is_some());
        let bad = &f.rows[1];
        assert_eq!(bad.line, 3);
        assert!(bad.record.is_none());
        let cols: Vec<&str> = bad
            .errors
            .iter()
            .filter_map(|e| e.column.as_deref())
            .collect();
        assert_eq!(cols, ["วงเงิน", "วิธีซื้อ/จ้าง", "วันที่สัญญา"]);
        assert!(bad.errors[1].th.contains("ไม่รู้จักวิธีซื้อหรือจ้าง"));
        assert!(bad.errors[0].to_string_th().starts_with("แถวที่ 3 (วงเงิน)"));
        let outside = &f.rows[2];
        assert_eq!(outside.errors.len(), 1);
        assert!(
            outside.errors[0].th.contains("ปีงบประมาณ"),
            "{}",
            outside.errors[0].th
        );
        assert_eq!(f.errors().count(), 4);
    }

    #[test]
    fn duplicate_egp_numbers_in_the_file_are_refused() {
        let csv =
            "project,budget,method,egp_no\na,1,specific,67011234567\nb,1,specific,6701-1234567\n";
        let f = parse_csv(csv);
        assert!(f.rows[0].errors.is_empty());
        assert_eq!(f.rows[1].errors.len(), 1);
        assert!(f.rows[1].errors[0].th.contains("ซ้ำกับแถวที่ 2"));
    }

    #[test]
    fn file_level_problems() {
        let err = |b: &[u8]| parse_procurements(b, Format::Csv, fy()).unwrap_err();
        assert!(err(b"")[0].th.contains("ว่าง"));
        assert!(err("a,b\n1,2\n".as_bytes())[0]
            .th
            .contains("ไม่พบแถวหัวตาราง"));
        assert!(err("งานที่จัดซื้อจัดจ้าง,วงเงิน\nx,1\n".as_bytes())[0]
            .th
            .contains("วิธีซื้อ/จ้าง"));
        assert!(err("project,budget,method\n".as_bytes())[0]
            .th
            .contains("มีแต่แถวหัวตาราง"));
        assert!(err(
            "project,budget,winner,ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง,method\nx,1,,,specific\n"
                .as_bytes()
        )[0]
        .th
        .contains("อย่างใดอย่างหนึ่ง"));
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(err(&big)[0].th.contains("ใหญ่เกิน"));
        let mut many = String::from("project,budget,method\n");
        for i in 0..=MAX_ROWS {
            many.push_str(&format!("p{i},1,specific\n"));
        }
        assert!(err(many.as_bytes())[0].th.contains("เกิน"));
        let long = format!(
            "project,budget,method\n{},1,specific\n",
            "ก".repeat(MAX_CELL_CHARS + 1)
        );
        let f = parse_csv(&long);
        assert!(f.rows[0].errors[0].th.contains("เกินกำหนด"));
        // an XLSX file sent as CSV, and garbage as XLSX
        assert!(parse_procurements(b"PK\x03\x04zzz", Format::Csv, fy()).is_err());
        assert!(parse_procurements(b"not a zip", Format::Xlsx, fy()).is_err());
    }

    #[test]
    fn title_lines_and_the_no_procurement_statement_are_skipped() {
        let csv = format!(
            "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนตุลาคม พ.ศ. 2566\nองค์การบริหารส่วนตำบลทดสอบ\n\n{}\n,{},,,,,,,\n",
            SUMMARY_HEADINGS_TH.join(","),
            NO_PROCUREMENT_TH
        );
        let e = parse_procurements(csv.as_bytes(), Format::Csv, fy()).unwrap_err();
        assert!(e[0].th.contains("มีแต่แถวหัวตาราง"), "{}", e[0].th);
    }

    #[test]
    fn xlsx_with_title_lines_number_and_date_cells() {
        use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "ทะเบียนจัดซื้อจัดจ้าง").unwrap();
        for (i, h) in [
            "งานที่จัดซื้อจัดจ้าง",
            "วงเงิน",
            "วิธีซื้อ/จ้าง",
            "วันที่สัญญา",
            "เลขโครงการ e-GP",
            "ผู้เสนอราคา",
            "ผู้ได้รับคัดเลือก",
            "ราคาที่ตกลง",
            "เหตุผล",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(2, i as u16, *h).unwrap();
        }
        let date_fmt = XFormat::new().set_num_format("dd/mm/yyyy");
        ws.write_string(3, 0, "จัดซื้อน้ำมัน").unwrap();
        ws.write_number(3, 1, 15000.5).unwrap();
        ws.write_string(3, 2, "e-market").unwrap();
        ws.write_datetime_with_format(
            3,
            3,
            ExcelDateTime::from_ymd(2023, 12, 5).unwrap(),
            &date_fmt,
        )
        .unwrap();
        ws.write_number(3, 4, 66129012345.0).unwrap();
        ws.write_string(3, 5, "ร้านเอ ราคา 15,000").unwrap();
        ws.write_string(3, 6, "ร้านเอ").unwrap();
        ws.write_number(3, 7, 15000).unwrap();
        ws.write_string(3, 8, "ราคาต่ำสุด").unwrap();
        // a BE year typed into a date cell
        ws.write_string(4, 0, "จัดซื้อวัสดุ").unwrap();
        ws.write_number(4, 1, 100).unwrap();
        ws.write_string(4, 2, "เฉพาะเจาะจง").unwrap();
        ws.write_datetime_with_format(
            4,
            3,
            ExcelDateTime::from_ymd(2567, 1, 10).unwrap(),
            &date_fmt,
        )
        .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let f = parse_procurements(&bytes, Format::Xlsx, fy()).unwrap();
        assert!(f.is_clean(), "{:?}", f.errors().collect::<Vec<_>>());
        assert_eq!(f.header_line, 3);
        let r = f.rows[0].record.as_ref().unwrap();
        assert_eq!(f.rows[0].line, 4);
        assert_eq!(r.budget.satang(), 1_500_050);
        assert_eq!(r.contract_date, Some(d(2023, 12, 5)));
        assert_eq!(r.egp_no.as_deref(), Some("66129012345"));
        assert_eq!(r.award_price, Some(baht(15_000)));
        let r = f.rows[1].record.as_ref().unwrap();
        assert_eq!(r.contract_date, Some(d(2024, 1, 10)));
    }

    #[test]
    fn money_of_number_cells() {
        assert_eq!(money_of_number("b", 0.1).unwrap().satang(), 10);
        assert_eq!(money_of_number("b", 48500.07).unwrap().satang(), 4_850_007);
        assert!(money_of_number("b", 1.005).is_err());
        assert!(money_of_number("b", -1.0).is_err());
        assert!(money_of_number("b", f64::NAN).is_err());
        assert!(money_of_number("b", 1e20).is_err());
    }

    #[test]
    fn the_template_reads() {
        let f = parse_csv(&template_csv().unwrap());
        assert!(f.is_clean(), "{:?}", f.errors().collect::<Vec<_>>());
        assert_eq!(f.rows.len(), 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), xlsx in any::<bool>()) {
            let format = if xlsx { Format::Xlsx } else { Format::Csv };
            let _ = parse_procurements(&bytes, format, fy());
        }

        #[test]
        fn random_rows_under_a_real_header_never_panic(
            cells in proptest::collection::vec("\\PC{0,40}", 0..40)
        ) {
            let mut csv = CSV_HEADER_TH.join(",");
            csv.push('\n');
            for chunk in cells.chunks(13) {
                let row: Vec<String> = chunk.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                csv.push_str(&row.join(","));
                csv.push('\n');
            }
            let _ = parse_procurements(csv.as_bytes(), Format::Csv, fy());
        }

        #[test]
        fn cells_never_panic(s in "\\PC{0,60}") {
            let c = Cell::Text(s.clone());
            let _ = bidders(&c);
            let _ = contract(&c);
            let _ = winner_and_price(&c, &[]);
            let _ = date(&c);
            let _ = split_price(&s);
            let _ = strip_numbering(&s);
        }
    }
}

//! Procurement documents (การจัดซื้อจัดจ้าง), made from `domain::procurement`:
//!
//! * [`MonthDoc`] — the monthly summary in the official layout of the **แบบ สขร. ๑**
//!   ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน … พ.ศ. …"): A4 landscape, the form's code at
//!   the top right, the heading, the agency and the day it was prepared, then the nine ruled
//!   columns with the header repeated on every page and a totals row; a month without
//!   procurement prints its statement in place of the table. PDF, DOCX, XLSX and CSV.
//! * [`PlanDoc`] — the annual procurement plan (แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. …),
//!   with "(ปรับปรุงครั้งที่ N)" for a revised plan and the approval date. PDF and XLSX.
//! * [`AnnualDoc`] — the annual report (รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี…) from
//!   the [`AnnualAnalysis`] and the coordinator's text: the summary, tables by method and by
//!   month, the share of the specific method, the savings against reference prices, two charts,
//!   the problems and the improvements. PDF (with the charts), DOCX (tables and text, without
//!   the charts) and XLSX (by method, by month, the records).
//!
//! Every text is formatted here, in the digits chosen (Thai by default in official documents;
//! with Thai digits the user's text is printed in Thai digits too); the templates only lay it
//! out, reading it from `/data.json` (no user text is ever markup). "พ.ศ." keeps its year with a
//! no-break space. The PDFs number their pages "- ๒ -" at the top from the second page.

use chrono::{Datelike, NaiveDate};
use docx_rs::{AlignmentType, Paragraph};
use prongsai_domain::calendar::{
    be_from_gregorian, format_date_long_th, month_abbr_th, month_name_th, to_thai_digits, Digits,
    FiscalYear, YearMonth,
};
use prongsai_domain::procurement::{
    format_satang, AnnualAnalysis, Method, Money, MonthlySummary, PlanItem, Record, Share, Tally,
    NO_PROCUREMENT_TH, SUMMARY_HEADINGS_TH,
};
use serde::Serialize;
use serde_json::json;

use crate::chart::{bar_chart_svg, column_chart_svg, Labelled};
use crate::docx::{is_combining, run, visible_len, DocxError, DocxTable, OfficialDocx};
use crate::pdf::{render, PdfError};
use crate::xlsx::{Cell, Sheet};

const MONTH_TEMPLATE: &str = include_str!("../../templates/procurement_month.typ");
const PLAN_TEMPLATE: &str = include_str!("../../templates/procurement_plan.typ");
const ANNUAL_TEMPLATE: &str = include_str!("../../templates/procurement_annual.typ");

/// The MIME type of the DOCX files.
pub const DOCX_MIME: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/// The MIME type of the XLSX files.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The code of the form, printed at the top right of the monthly summary.
pub const FORM_CODE: &str = "แบบ สขร. 1";

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// How a column of a table is laid out, in the PDF and the DOCX alike.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Width {
    /// A fixed width, in centimetres.
    Fixed { cm: f64 },
    /// Amounts: as wide as the widest amount printed, and at least `cm`.
    Money { cm: f64 },
    /// A share of what is left.
    Share { fr: f64 },
}

/// A column: its width and its alignment (`left`, `center`, `right`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Column {
    #[serde(flatten)]
    pub width: Width,
    pub align: &'static str,
}

const fn col(width: Width, align: &'static str) -> Column {
    Column { width, align }
}

/// File names (without extension) of the documents: the สขร.๑ of month `m` (1–12) of a fiscal
/// year, and the plan and annual report of a year (`{PLAN_STEM}-2567`, `{ANNUAL_STEM}-2567`).
pub fn month_file_stem(fy: FiscalYear, m: u32) -> String {
    format!("sor-kor-ror-1-{}-{m:02}", fy.be())
}
pub const PLAN_STEM: &str = "procurement-plan";
pub const ANNUAL_STEM: &str = "procurement-report";

/// The nine columns of the สขร.๑ (in the order of [`SUMMARY_HEADINGS_TH`]): the order number
/// narrow and centred, the procurement the widest, the amounts right-aligned and as wide as
/// they need, the bidders and the selected bidder wide enough for "ร้าน… ราคาที่เสนอ … บาท".
pub const MONTH_COLUMNS: [Column; 9] = [
    col(Width::Fixed { cm: 1.35 }, "center"),
    col(Width::Share { fr: 2.0 }, "left"),
    col(Width::Money { cm: 2.2 }, "right"),
    col(Width::Money { cm: 2.2 }, "right"),
    col(Width::Fixed { cm: 2.6 }, "left"),
    col(Width::Share { fr: 1.7 }, "left"),
    col(Width::Share { fr: 1.45 }, "left"),
    col(Width::Share { fr: 1.25 }, "left"),
    col(Width::Share { fr: 1.3 }, "left"),
];

/// The columns of the สขร.๑ whose lines "ชื่อ ราคาที่เสนอ/ราคาที่ตกลง … บาท" print the price on a
/// line of its own: the bidders and the selected bidder.
pub const PRICE_COLUMNS: [usize; 2] = [5, 6];

/// The headings of the plan's table.
pub const PLAN_HEADINGS_TH: [&str; 6] = [
    "ลำดับที่",
    "โครงการ/รายการ",
    "วงเงินงบประมาณ (บาท)",
    "แหล่งที่มาของงบประมาณ",
    "วิธีการจัดหา",
    "ช่วงเวลาที่คาดว่าจะเริ่มจัดหา",
];

/// The columns of the plan's table.
pub const PLAN_COLUMNS: [Column; 6] = [
    col(Width::Fixed { cm: 1.6 }, "center"),
    col(Width::Share { fr: 3.0 }, "left"),
    col(Width::Money { cm: 3.5 }, "right"),
    col(Width::Share { fr: 1.4 }, "left"),
    col(Width::Share { fr: 1.4 }, "left"),
    col(Width::Fixed { cm: 4.0 }, "center"),
];

/// Digits and "พ.ศ." as printed: with Thai digits every digit is Thai (the user's text too);
/// with Arabic digits the user's text is left as written.
fn printed(s: &str, digits: Digits) -> String {
    let s = s.replace("พ.ศ. ", "พ.ศ.\u{a0}");
    match digits {
        Digits::Thai => to_thai_digits(&s),
        Digits::Arabic => s,
    }
}

fn baht(satang: i64, digits: Digits) -> String {
    format_satang(satang, digits)
}

/// Satang as baht, for spreadsheets (numbers stay numbers).
fn baht_number(satang: i64) -> Cell {
    Cell::Number(satang as f64 / 100.0)
}

/// `ตุลาคม ๒๕๖๖`.
fn month_label(m: YearMonth, digits: Digits) -> String {
    digits.apply(&format!("{} {}", month_name_th(m.month()), m.year_be()))
}

/// `วันที่ ๕ เดือน เมษายน พ.ศ. ๒๕๖๗`, as the สขร.๑ writes the day it was prepared.
pub fn prepared_line(date: NaiveDate, digits: Digits) -> String {
    digits.apply(&format!(
        "วันที่ {} เดือน {} พ.ศ.\u{a0}{}",
        date.day(),
        month_name_th(date.month()),
        be_from_gregorian(date.year())
    ))
}

/// The paragraphs of a text box, or "-" when it is empty.
fn paragraphs(text: &str, digits: Digits) -> Vec<String> {
    let ps: Vec<String> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| printed(l, digits))
        .collect();
    if ps.is_empty() {
        vec!["-".to_owned()]
    } else {
        ps
    }
}

/// The printed length of `s`, in characters.
fn visible(s: &str) -> usize {
    s.chars().filter(|c| !is_combining(*c)).count()
}

fn has_digit(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c))
}

/// How many candidates of the longest length the template measures (digits differ a little in
/// width).
const CANDIDATES: usize = 4;

/// For each column, the few strings the template measures for its width: the longest amounts of
/// an amount column, the longest numbers of a shared column (a number never breaks, so the
/// column is at least that wide); nothing for a fixed column. Measuring a handful of strings
/// instead of every cell keeps a long table quick to lay out.
fn widest(rows: &[Vec<String>], cols: &[Column]) -> Vec<Vec<String>> {
    cols.iter()
        .enumerate()
        .map(|(i, c)| {
            let pieces: Vec<&str> = match c.width {
                Width::Fixed { .. } => Vec::new(),
                Width::Money { .. } => rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(String::as_str)
                    .collect(),
                Width::Share { .. } => rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .flat_map(|cell| cell.split_whitespace())
                    .filter(|p| has_digit(p))
                    .collect(),
            };
            let longest = pieces.iter().map(|p| visible(p)).max().unwrap_or(0);
            let mut out: Vec<String> = Vec::new();
            for p in pieces.into_iter().filter(|p| visible(p) == longest) {
                if out.len() == CANDIDATES {
                    break;
                }
                if !out.iter().any(|o| o == p) {
                    out.push(p.to_owned());
                }
            }
            out
        })
        .collect()
}

/// About how many characters a line of a shared column of the สขร.๑ holds.
const LINE_CHARS: usize = 24;
/// A row taller than this many lines (about half a page) may break across pages.
const BREAKABLE_LINES: usize = 18;

/// Whether each row may break across pages: only one taller than about half a page; any other
/// row stays whole on one page (the next page starts with it).
fn breakable_rows(rows: &[Vec<String>]) -> Vec<bool> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|cell| {
                    cell.split('\n')
                        .map(|l| visible(l).div_ceil(LINE_CHARS).max(1))
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0)
                > BREAKABLE_LINES
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The monthly summary (แบบ สขร. ๑)
// ---------------------------------------------------------------------------------------------

/// The totals row of the สขร.๑.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthTotal {
    /// `รวม ๓ รายการ`
    pub label: String,
    /// The budgets of the month.
    pub budget: String,
    /// `ราคาที่ตกลงรวม ๑๔๔,๐๐๐.๐๐ บาท`
    pub award: String,
}

/// The สขร.๑ of one month, every text as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthDoc {
    pub thai_digits: bool,
    /// `แบบ สขร. ๑`, at the top right.
    pub form: String,
    /// `สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนมีนาคม พ.ศ. ๒๕๖๗`
    pub title: String,
    pub agency: String,
    /// `วันที่ ๕ เดือน เมษายน พ.ศ. ๒๕๖๗`: the day it was prepared.
    pub prepared: String,
    pub headings: Vec<String>,
    pub columns: Vec<Column>,
    /// See [`PRICE_COLUMNS`].
    pub price_columns: Vec<usize>,
    /// The nine columns of each row, lines joined by `\n`.
    pub rows: Vec<Vec<String>>,
    /// Per column, what the template measures for its width (see [`widest`]).
    pub widest: Vec<Vec<String>>,
    /// Per row, whether it may break across pages.
    pub breakable: Vec<bool>,
    /// `None` for a month without procurement.
    pub total: Option<MonthTotal>,
    /// `ไม่มีการจัดซื้อจัดจ้างในรอบเดือนนี้`, printed in place of the table.
    pub statement: Option<String>,
    #[serde(skip)]
    month: YearMonth,
    #[serde(skip)]
    digits: Digits,
}

impl MonthDoc {
    /// The document of `summary` (built with the same `digits`), prepared on `prepared_on`.
    pub fn new(
        agency: &str,
        summary: &MonthlySummary,
        prepared_on: NaiveDate,
        digits: Digits,
    ) -> Self {
        let p = |s: &str| printed(s, digits);
        let n = summary.rows.len();
        let rows: Vec<Vec<String>> = summary
            .rows
            .iter()
            .map(|r| r.columns().iter().map(|c| p(c)).collect())
            .collect();
        Self {
            thai_digits: digits == Digits::Thai,
            form: digits.apply(FORM_CODE),
            title: p(&summary.title_th(digits)),
            agency: p(agency.trim()),
            prepared: prepared_line(prepared_on, digits),
            headings: SUMMARY_HEADINGS_TH.iter().map(|h| h.to_string()).collect(),
            columns: MONTH_COLUMNS.to_vec(),
            price_columns: PRICE_COLUMNS.to_vec(),
            widest: widest(&rows, &MONTH_COLUMNS),
            breakable: breakable_rows(&rows),
            rows,
            total: (n > 0).then(|| MonthTotal {
                label: format!("รวม {} รายการ", digits.number(n)),
                budget: baht(summary.total_budget, digits),
                award: format!("ราคาที่ตกลงรวม {} บาท", baht(summary.total_award, digits)),
            }),
            statement: summary
                .is_empty()
                .then(|| format!("{NO_PROCUREMENT_TH}ในรอบเดือนนี้")),
            month: summary.month,
            digits,
        }
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        json!(self)
    }

    /// A4 landscape PDF. Call from a blocking thread: layout is CPU work.
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(MONTH_TEMPLATE, &self.template_data(), &[])
    }

    /// Editable DOCX, A4 landscape, the same layout.
    pub fn docx(&self) -> Result<Vec<u8>, DocxError> {
        let mut w = DocWriter::new(true, self.thai_digits);
        w.para(&self.form, AlignmentType::Right, false, SMALL_SIZE);
        w.para(&self.title, AlignmentType::Center, true, HEAD_SIZE);
        w.para(&self.agency, AlignmentType::Center, true, BODY_SIZE);
        w.para(&self.prepared, AlignmentType::Center, false, BODY_SIZE);
        w.blank();
        match &self.statement {
            Some(s) => {
                w.blank();
                w.para(s, AlignmentType::Center, true, BODY_SIZE);
            }
            None => {
                let total = self.total.as_ref().map(|t| {
                    let mut cells = vec![String::new(); 9];
                    cells[1] = t.label.clone();
                    cells[2] = t.budget.clone();
                    cells[6] = t.award.clone();
                    cells
                });
                w.table(&self.headings, &self.rows, &MONTH_COLUMNS, total.as_ref());
            }
        }
        w.build()
    }

    /// Open data: one sheet in the nine columns, amounts as numbers.
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let amount = |s: &str| -> Cell {
            match Money::parse_optional("amount", s) {
                Ok(Some(m)) => baht_number(m.satang()),
                Ok(None) => Cell::Empty,
                Err(_) => Cell::Text(s.to_owned()),
            }
        };
        let rows = if self.rows.is_empty() {
            vec![vec![Cell::Empty, Cell::Text(NO_PROCUREMENT_TH.to_owned())]]
        } else {
            self.rows
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .map(|(i, c)| match i {
                            0 => c
                                .parse::<u64>()
                                .map_or_else(|_| Cell::Text(c.clone()), Cell::from),
                            2 | 3 => amount(c),
                            _ => Cell::Text(c.clone()),
                        })
                        .collect()
                })
                .collect()
        };
        crate::xlsx::workbook(&[Sheet {
            name: "สขร.1".into(),
            title: vec![
                self.title.clone(),
                self.agency.clone(),
                self.prepared.clone(),
            ],
            header: self.headings.clone(),
            rows,
        }])
    }

    /// The nine columns as CSV (UTF-8 with a byte-order mark); a month without procurement has
    /// one row with the statement under "งานที่จัดซื้อจัดจ้าง".
    pub fn csv(&self) -> Result<String, crate::csv::CsvError> {
        let rows = if self.rows.is_empty() {
            let mut row = vec![String::new(); SUMMARY_HEADINGS_TH.len()];
            row[1] = NO_PROCUREMENT_TH.to_owned();
            vec![row]
        } else {
            self.rows.clone()
        };
        crate::csv::to_csv(&SUMMARY_HEADINGS_TH, rows)
    }

    /// The file name stem: `sor-kor-ror-1-2567-03` (fiscal year, calendar month).
    pub fn file_stem(&self) -> String {
        month_file_stem(
            FiscalYear::containing(self.month.first_day()),
            self.month.month(),
        )
    }

    /// The digits the document is printed in.
    pub fn digits(&self) -> Digits {
        self.digits
    }
}

// ---------------------------------------------------------------------------------------------
// The annual plan
// ---------------------------------------------------------------------------------------------

/// `(ปรับปรุงครั้งที่ ๑)` for revision 2, and so on; `None` for the first plan.
pub fn revision_label(revision: u32, digits: Digits) -> Option<String> {
    (revision > 1).then(|| format!("(ปรับปรุงครั้งที่ {})", digits.number(revision - 1)))
}

/// What a plan document is made of (a revision of the store's plan).
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub agency: &'a str,
    pub fiscal_year: FiscalYear,
    /// 1 for the first plan, then 2, 3, …
    pub revision: u32,
    pub approved_on: Option<NaiveDate>,
    pub note: &'a str,
    pub items: &'a [PlanItem],
    pub digits: Digits,
    pub today: NaiveDate,
}

/// The plan, every text as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDoc {
    pub thai_digits: bool,
    /// The title, the revision when revised, the agency.
    pub heading: Vec<String>,
    /// `อนุมัติเมื่อวันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๖`
    pub approval: Option<String>,
    pub headings: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Per column, what the template measures for its width (see [`widest`]).
    pub widest: Vec<Vec<String>>,
    /// `รวม ๑๒ รายการ` and the total budget.
    pub total: [String; 2],
    /// `แผนนี้ยังไม่มีรายการ` when the plan has no items.
    pub statement: Option<String>,
    /// `หมายเหตุ …` when the plan has a note.
    pub note: Option<String>,
    /// `ข้อมูล ณ วันที่ …`
    pub date: String,
    #[serde(skip)]
    items: Vec<PlanItem>,
    #[serde(skip)]
    year_be: i32,
}

impl PlanDoc {
    pub fn new(input: PlanInput<'_>) -> Self {
        let digits = input.digits;
        let p = |s: &str| printed(s, digits);
        let mut heading = vec![p(&format!(
            "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {}",
            input.fiscal_year.be()
        ))];
        heading.extend(revision_label(input.revision, digits));
        heading.push(p(input.agency.trim()));
        let rows: Vec<Vec<String>> = input
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                vec![
                    digits.number(i + 1),
                    p(&it.project),
                    it.budget.format(digits),
                    p(&it.source_of_funds),
                    // "ประกวดราคาอิเล็กทรอนิกส์" above "(e-bidding)"
                    it.method.label_th().replacen(" (", "\n(", 1),
                    month_label(it.expected_month, digits),
                ]
            })
            .collect();
        let total = Money::sum(input.items.iter().map(|i| i.budget));
        Self {
            thai_digits: digits == Digits::Thai,
            heading,
            approval: input
                .approved_on
                .map(|d| p(&format!("อนุมัติเมื่อ{}", format_date_long_th(d, digits)))),
            headings: PLAN_HEADINGS_TH.iter().map(|h| h.to_string()).collect(),
            columns: PLAN_COLUMNS.to_vec(),
            widest: widest(&rows, &PLAN_COLUMNS),
            rows,
            total: [
                format!("รวม {} รายการ", digits.number(input.items.len())),
                baht(total, digits),
            ],
            statement: input.items.is_empty().then(|| "แผนนี้ยังไม่มีรายการ".to_owned()),
            note: Some(input.note.trim())
                .filter(|n| !n.is_empty())
                .map(|n| p(&format!("หมายเหตุ {n}"))),
            date: p(&format!(
                "ข้อมูล ณ {}",
                format_date_long_th(input.today, digits)
            )),
            items: input.items.to_vec(),
            year_be: input.fiscal_year.be(),
        }
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        json!(self)
    }

    /// A4 landscape PDF. Call from a blocking thread.
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(PLAN_TEMPLATE, &self.template_data(), &[])
    }

    /// Open data: the items, budgets as numbers, months as `2024-03`.
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut title = self.heading.clone();
        title.extend(self.approval.clone());
        let mut header: Vec<String> = self.headings.clone();
        header.push("รหัสวิธีการจัดหา".into());
        header.push("เดือน (ค.ศ.)".into());
        crate::xlsx::workbook(&[Sheet {
            name: "แผนการจัดซื้อจัดจ้าง".into(),
            title,
            header,
            rows: self
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    vec![
                        Cell::from((i + 1) as u64),
                        Cell::Text(it.project.clone()),
                        baht_number(it.budget.satang()),
                        Cell::Text(it.source_of_funds.clone()),
                        Cell::Text(it.method.label_th().to_owned()),
                        Cell::Text(month_label(it.expected_month, Digits::Arabic)),
                        Cell::Text(it.method.code().to_owned()),
                        Cell::Text(it.expected_month.to_string()),
                    ]
                })
                .collect(),
        }])
    }

    /// The file name stem: `procurement-plan-2567`.
    pub fn file_stem(&self) -> String {
        format!("{PLAN_STEM}-{}", self.year_be)
    }
}

// ---------------------------------------------------------------------------------------------
// The annual report
// ---------------------------------------------------------------------------------------------

/// What the annual report is made of.
#[derive(Debug, Clone, Copy)]
pub struct AnnualInput<'a> {
    pub agency: &'a str,
    pub analysis: &'a AnnualAnalysis,
    /// ปัญหา อุปสรรค (may be empty: printed "-")
    pub problems: &'a str,
    /// แนวทางการปรับปรุง (may be empty: printed "-")
    pub improvements: &'a str,
    pub digits: Digits,
    /// The day the figures are taken (printed "ข้อมูล ณ …").
    pub today: NaiveDate,
}

/// A titled table of the annual report: the header, the rows, the totals row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total: Vec<String>,
}

/// The annual report, every text as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualDoc {
    pub thai_digits: bool,
    pub heading: Vec<String>,
    /// The numbered section titles, in order: summary, by method, by month, specific
    /// method, savings, charts, problems, improvements.
    pub sections: Vec<String>,
    pub summary: Vec<String>,
    pub by_method: ReportTable,
    pub by_month: ReportTable,
    pub specific: String,
    pub savings: String,
    pub chart_month_caption: String,
    pub chart_method_caption: String,
    pub problems: Vec<String>,
    pub improvements: Vec<String>,
    pub date: String,
    #[serde(skip)]
    analysis: AnnualAnalysis,
    #[serde(skip)]
    digits: Digits,
}

/// The methods a report lists: every current one, and a legacy one when it was used.
fn listed_methods(a: &AnnualAnalysis) -> Vec<(Method, Tally)> {
    a.by_method
        .iter()
        .filter(|(m, t)| !m.is_legacy() || t.count > 0)
        .copied()
        .collect()
}

impl AnnualDoc {
    pub fn new(input: AnnualInput<'_>) -> Self {
        let digits = input.digits;
        let a = input.analysis;
        let p = |s: &str| printed(s, digits);
        let n = |x: u64| digits.number(x);
        let b = |x: i64| baht(x, digits);
        let fy = a.fiscal_year;
        let agency = input.agency.trim();
        let start = fy.start();
        let end = fy.end();
        let mut summary = vec![p(&format!(
            "ในปีงบประมาณ พ.ศ. {} (๑ ตุลาคม {} – ๓๐ กันยายน {}) {} ได้ดำเนินการจัดซื้อจัดจ้างรวมทั้งสิ้น {} รายการ วงเงินงบประมาณรวม {} บาท ราคาที่ตกลงซื้อหรือจ้างรวม {} บาท",
            fy.be(),
            be_from_gregorian(start.year()),
            be_from_gregorian(end.year()),
            agency,
            n(a.total.count),
            b(a.total.budget),
            b(a.total.award),
        ))];
        if a.undated.count > 0 {
            summary.push(p(&format!(
                "ในจำนวนนี้มี {} รายการ (วงเงิน {} บาท) ที่ยังไม่ได้ทำสัญญาหรือข้อตกลง จึงไม่ได้นับรวมในรายเดือน",
                n(a.undated.count),
                b(a.undated.budget)
            )));
        }
        let share_of = |t: &Tally| {
            Share {
                part: t.count as i64,
                whole: a.total.count as i64,
            }
            .format(digits)
        };
        let by_method = ReportTable {
            header: vec![
                "วิธีการจัดซื้อจัดจ้าง".into(),
                "จำนวน\n(รายการ)".into(),
                "วงเงิน\nงบประมาณ\n(บาท)".into(),
                "ราคาที่ตกลง\n(บาท)".into(),
                "ร้อยละของ\nจำนวน\nรายการ".into(),
            ],
            rows: listed_methods(a)
                .iter()
                .map(|(m, t)| {
                    vec![
                        // "ตลาดอิเล็กทรอนิกส์" above "(e-market)", never "(e-" above "market)"
                        m.label_th().replacen(" (", "\n(", 1),
                        n(t.count),
                        b(t.budget),
                        b(t.award),
                        share_of(t),
                    ]
                })
                .collect(),
            total: vec![
                "รวม".into(),
                n(a.total.count),
                b(a.total.budget),
                b(a.total.award),
                share_of(&a.total),
            ],
        };
        let mut month_rows: Vec<Vec<String>> = a
            .by_month
            .iter()
            .map(|(m, t)| vec![month_label(*m, digits), n(t.count), b(t.budget), b(t.award)])
            .collect();
        if a.undated.count > 0 {
            month_rows.push(vec![
                "ยังไม่ได้ทำสัญญา".into(),
                n(a.undated.count),
                b(a.undated.budget),
                b(a.undated.award),
            ]);
        }
        let by_month = ReportTable {
            header: vec![
                "เดือน".into(),
                "จำนวน\n(รายการ)".into(),
                "วงเงิน\nงบประมาณ\n(บาท)".into(),
                "ราคาที่ตกลง\n(บาท)".into(),
            ],
            rows: month_rows,
            total: vec![
                "รวม".into(),
                n(a.total.count),
                b(a.total.budget),
                b(a.total.award),
            ],
        };
        let specific = a.method(Method::Specific);
        let specific_text = if a.total.count == 0 {
            "ไม่มีการจัดซื้อจัดจ้างในปีงบประมาณนี้".to_owned()
        } else {
            format!(
                "จัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง {} รายการ จากทั้งหมด {} รายการ คิดเป็นร้อยละ {} ของจำนวนรายการ ราคาที่ตกลงซื้อหรือจ้างโดยวิธีเฉพาะเจาะจงรวม {} บาท คิดเป็นร้อยละ {} ของราคาที่ตกลงซื้อหรือจ้างทั้งหมด",
                n(specific.count),
                n(a.total.count),
                a.specific_share_count.format(digits),
                b(specific.award),
                a.specific_share_amount.format(digits),
            )
        };
        let savings_text = if a.savings_records == 0 {
            "ไม่มีรายการที่มีทั้งราคากลางและราคาที่ตกลงซื้อหรือจ้าง จึงยังคำนวณผลการประหยัดงบประมาณไม่ได้".to_owned()
        } else if a.savings >= 0 {
            format!(
                "เมื่อเทียบราคาที่ตกลงซื้อหรือจ้างกับราคากลาง ({} รายการที่มีทั้งสองราคา ราคากลางรวม {} บาท) ประหยัดงบประมาณได้ {} บาท คิดเป็นร้อยละ {} ของราคากลาง",
                n(a.savings_records),
                b(a.savings_reference),
                b(a.savings),
                a.savings_share().format(digits),
            )
        } else {
            format!(
                "เมื่อเทียบราคาที่ตกลงซื้อหรือจ้างกับราคากลาง ({} รายการที่มีทั้งสองราคา ราคากลางรวม {} บาท) ราคาที่ตกลงสูงกว่าราคากลางรวม {} บาท คิดเป็นร้อยละ {} ของราคากลาง",
                n(a.savings_records),
                b(a.savings_reference),
                b(-a.savings),
                Share {
                    part: -a.savings,
                    whole: a.savings_reference
                }
                .format(digits),
            )
        };
        let section = |i: usize, s: &str| format!("{}. {s}", digits.number(i));
        Self {
            thai_digits: digits == Digits::Thai,
            heading: vec![
                "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ".into(),
                p(&format!("ประจำปีงบประมาณ พ.ศ. {}", fy.be())),
                p(agency),
            ],
            sections: vec![
                section(1, "สรุปผลการจัดซื้อจัดจ้าง"),
                section(2, "จำแนกตามวิธีการจัดซื้อจัดจ้าง"),
                section(3, "จำแนกตามเดือน"),
                section(4, "การจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง"),
                section(5, "ผลการประหยัดงบประมาณเทียบกับราคากลาง"),
                section(6, "แผนภูมิ"),
                section(7, "ปัญหา อุปสรรค"),
                section(8, "แนวทางการปรับปรุง"),
            ],
            summary,
            by_method,
            by_month,
            specific: p(&specific_text),
            savings: p(&savings_text),
            chart_month_caption: "ราคาที่ตกลงซื้อหรือจ้างรายเดือน (พันบาท)".into(),
            chart_method_caption: "จำนวนรายการจำแนกตามวิธีการจัดซื้อจัดจ้าง".into(),
            problems: paragraphs(input.problems, digits),
            improvements: paragraphs(input.improvements, digits),
            date: p(&format!(
                "ข้อมูล ณ {}",
                format_date_long_th(input.today, digits)
            )),
            analysis: a.clone(),
            digits,
        }
    }

    /// The award amounts of the twelve months, in thousands of baht (SVG).
    pub fn month_chart_svg(&self) -> String {
        let d = self.digits;
        let values: Vec<Labelled> = self
            .analysis
            .by_month
            .iter()
            .map(|(m, t)| {
                let thousands = t.award as f64 / 100_000.0;
                Labelled {
                    label: d.apply(&format!(
                        "{} {:02}",
                        month_abbr_th(m.month()),
                        m.year_be() % 100
                    )),
                    value: thousands,
                    text: if t.award == 0 {
                        d.apply("0")
                    } else {
                        d.apply(&group(thousands.round() as i64))
                    },
                }
            })
            .collect();
        column_chart_svg(&self.chart_month_caption, &values, "พันบาท", "#1d4e89", d)
    }

    /// The number of records by method (SVG).
    pub fn method_chart_svg(&self) -> String {
        let d = self.digits;
        let values: Vec<Labelled> = listed_methods(&self.analysis)
            .iter()
            .map(|(m, t)| Labelled {
                label: m.label_th().to_owned(),
                value: t.count as f64,
                text: d.number(t.count),
            })
            .collect();
        bar_chart_svg(&self.chart_method_caption, &values, "รายการ", "#2f7d4a", d)
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        json!(self)
    }

    /// A4 portrait PDF with the two charts. Call from a blocking thread.
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(
            ANNUAL_TEMPLATE,
            &self.template_data(),
            &[
                ("/month.svg", self.month_chart_svg().into_bytes()),
                ("/method.svg", self.method_chart_svg().into_bytes()),
            ],
        )
    }

    /// Editable DOCX: the text and the tables (the charts are left out: they are in the PDF).
    pub fn docx(&self) -> Result<Vec<u8>, DocxError> {
        let mut w = DocWriter::new(false, self.thai_digits);
        for (i, h) in self.heading.iter().enumerate() {
            w.para(
                h,
                AlignmentType::Center,
                true,
                if i == 0 { HEAD_SIZE } else { BODY_SIZE },
            );
        }
        w.blank();
        let s = &self.sections;
        w.para(&s[0], AlignmentType::Left, true, BODY_SIZE);
        for p in &self.summary {
            w.indented(p);
        }
        let report_table = |w: &mut DocWriter, t: &ReportTable| {
            let mut cols = vec![col(Width::Share { fr: 1.0 }, "left")];
            cols.push(col(Width::Fixed { cm: 1.8 }, "right"));
            cols.extend(std::iter::repeat_n(
                col(Width::Money { cm: 3.0 }, "right"),
                2,
            ));
            if t.header.len() == 5 {
                cols.push(col(Width::Fixed { cm: 2.2 }, "right"));
            }
            w.table(&t.header, &t.rows, &cols, Some(&t.total));
        };
        w.para(&s[1], AlignmentType::Left, true, BODY_SIZE);
        report_table(&mut w, &self.by_method);
        w.para(&s[2], AlignmentType::Left, true, BODY_SIZE);
        report_table(&mut w, &self.by_month);
        w.para(&s[3], AlignmentType::Left, true, BODY_SIZE);
        w.indented(&self.specific);
        w.para(&s[4], AlignmentType::Left, true, BODY_SIZE);
        w.indented(&self.savings);
        // the charts (section 6) are in the PDF only: the DOCX numbers the text sections as
        // the PDF does, so section 6 points there
        w.para(&s[5], AlignmentType::Left, true, BODY_SIZE);
        w.indented(
            "แผนภูมิราคาที่ตกลงซื้อหรือจ้างรายเดือนและจำนวนรายการจำแนกตามวิธีการจัดซื้อจัดจ้างอยู่ในรายงานฉบับ PDF",
        );
        w.para(&s[6], AlignmentType::Left, true, BODY_SIZE);
        for p in &self.problems {
            w.indented(p);
        }
        w.para(&s[7], AlignmentType::Left, true, BODY_SIZE);
        for p in &self.improvements {
            w.indented(p);
        }
        w.blank();
        w.para(&self.date, AlignmentType::Right, false, SMALL_SIZE);
        w.build()
    }

    /// Open data: by method, by month, and every record of the year (amounts as numbers,
    /// dates as `YYYY-MM-DD`).
    pub fn xlsx(&self, records: &[Record]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let a = &self.analysis;
        let fy = a.fiscal_year;
        let title = vec![self.heading.join(" "), self.date.clone()];
        let tally = |label: String, t: &Tally| -> Vec<Cell> {
            vec![
                Cell::Text(label),
                Cell::from(t.count),
                baht_number(t.budget),
                baht_number(t.award),
            ]
        };
        let mut methods: Vec<Vec<Cell>> = listed_methods(a)
            .iter()
            .map(|(m, t)| {
                let mut r = tally(m.label_th().to_owned(), t);
                r.push(
                    Share {
                        part: t.count as i64,
                        whole: a.total.count as i64,
                    }
                    .percent()
                    .map(|p| (p * 100.0).round() / 100.0)
                    .into(),
                );
                r.push(Cell::Text(m.code().to_owned()));
                r
            })
            .collect();
        let mut total = tally("รวม".into(), &a.total);
        total.push(Cell::from(if a.total.count > 0 {
            Some(100.0)
        } else {
            None
        }));
        methods.push(total);
        let mut months: Vec<Vec<Cell>> = a
            .by_month
            .iter()
            .map(|(m, t)| {
                let mut r = tally(month_label(*m, Digits::Arabic), t);
                r.push(Cell::Text(m.to_string()));
                r
            })
            .collect();
        if a.undated.count > 0 {
            months.push(tally("ยังไม่ได้ทำสัญญา".into(), &a.undated));
        }
        months.push(tally("รวม".into(), &a.total));
        let date = |d: Option<NaiveDate>| -> Cell {
            d.map_or(Cell::Empty, |d| {
                Cell::Text(d.format("%Y-%m-%d").to_string())
            })
        };
        let money =
            |m: Option<Money>| -> Cell { m.map_or(Cell::Empty, |m| baht_number(m.satang())) };
        let mut of_year: Vec<&Record> = records.iter().filter(|r| r.fiscal_year == fy).collect();
        of_year.sort_by_key(|r| (r.contract_date.is_none(), r.contract_date));
        let record_rows = of_year
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    Cell::from((i + 1) as u64),
                    Cell::Text(r.project.clone()),
                    Cell::Text(r.method.label_th().to_owned()),
                    baht_number(r.budget.satang()),
                    money(r.reference_price),
                    Cell::Text(
                        r.bidders
                            .iter()
                            .map(|b| format!("{} ({})", b.name, b.offer))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    Cell::Text(r.winner.clone().unwrap_or_default()),
                    money(r.award_price),
                    Cell::Text(r.reason.clone()),
                    Cell::Text(r.contract_no.clone().unwrap_or_default()),
                    date(r.contract_date),
                    Cell::Text(r.egp_no.clone().unwrap_or_default()),
                    date(r.delivery_date),
                    date(r.payment_date),
                ]
            })
            .collect();
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        crate::xlsx::workbook(&[
            Sheet {
                name: "ตามวิธี".into(),
                title: title.clone(),
                header: strings(&[
                    "วิธีการจัดซื้อจัดจ้าง",
                    "จำนวน (รายการ)",
                    "วงเงินงบประมาณ (บาท)",
                    "ราคาที่ตกลง (บาท)",
                    "ร้อยละของจำนวนรายการ",
                    "รหัสวิธี",
                ]),
                rows: methods,
            },
            Sheet {
                name: "ตามเดือน".into(),
                title: title.clone(),
                header: strings(&[
                    "เดือน",
                    "จำนวน (รายการ)",
                    "วงเงินงบประมาณ (บาท)",
                    "ราคาที่ตกลง (บาท)",
                    "เดือน (ค.ศ.)",
                ]),
                rows: months,
            },
            Sheet {
                name: "รายการ".into(),
                title,
                header: strings(&[
                    "ลำดับ",
                    "งานที่จัดซื้อจัดจ้าง",
                    "วิธีซื้อหรือจ้าง",
                    "วงเงิน (บาท)",
                    "ราคากลาง (บาท)",
                    "ผู้เสนอราคา (ราคาที่เสนอ)",
                    "ผู้ได้รับการคัดเลือก",
                    "ราคาที่ตกลง (บาท)",
                    "เหตุผลที่คัดเลือก",
                    "เลขที่สัญญา",
                    "วันที่สัญญา",
                    "เลขที่โครงการ e-GP",
                    "วันส่งมอบ",
                    "วันเบิกจ่าย",
                ]),
                rows: record_rows,
            },
        ])
    }

    /// The file name stem: `procurement-report-2567`.
    pub fn file_stem(&self) -> String {
        format!("{ANNUAL_STEM}-{}", self.analysis.fiscal_year.be())
    }
}

/// `1,234` (ASCII digits; the caller applies its own).
fn group(n: i64) -> String {
    format_satang(n.saturating_mul(100), Digits::Arabic)
        .trim_end_matches(".00")
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// DOCX. `crate::docx::DocxBuilder` has no aligned table cells, rows kept on one page, or page
// numbers, so these documents are assembled with docx-rs directly, with the same fonts,
// margins and post-processing (repeated header rows, Thai language) as the other reports.

/// Sizes in half-points.
const BODY_SIZE: usize = 32;
const HEAD_SIZE: usize = 34;
const SMALL_SIZE: usize = 28;
const TABLE_SIZE: usize = 28;
/// First-line indent: 2.5 cm in twips.
const INDENT: i32 = 1417;
/// Twips in a centimetre.
const CM: f64 = 567.0;
/// About one character of 14 pt TH Sarabun New, and a cell's margins, in twips.
const DOCX_CHAR: usize = 118;
const DOCX_PAD: usize = 230;

/// The official document of `crate::docx::OfficialDocx` with this module's paragraphs and
/// column widths.
struct DocWriter(OfficialDocx);

impl DocWriter {
    fn new(landscape: bool, thai_digits: bool) -> Self {
        Self(OfficialDocx::new(landscape, thai_digits, SMALL_SIZE))
    }

    fn blank(&mut self) {
        self.0.blank();
    }

    fn para(&mut self, text: &str, align: AlignmentType, bold: bool, size: usize) {
        self.0
            .push(Paragraph::new().align(align).add_run(run(text, bold, size)));
    }

    fn indented(&mut self, text: &str) {
        self.0.push(
            Paragraph::new()
                .indent(
                    None,
                    Some(docx_rs::SpecialIndentType::FirstLine(INDENT)),
                    None,
                    None,
                )
                .line_spacing(docx_rs::LineSpacing::new().after(120))
                .add_run(run(text, false, BODY_SIZE)),
        );
    }

    /// Column widths in twips: fixed ones as given, amounts as wide as the widest amount
    /// (estimated), shares of the rest.
    fn widths(&self, cols: &[Column], cells: &[&Vec<String>]) -> Vec<usize> {
        let mut widths: Vec<Option<f64>> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| match c.width {
                Width::Fixed { cm } => Some(cm * CM),
                Width::Money { cm } => {
                    let widest = cells
                        .iter()
                        .filter_map(|r| r.get(i))
                        .map(|s| visible_len(s))
                        .max()
                        .unwrap_or(0);
                    Some(((widest * DOCX_CHAR + DOCX_PAD) as f64).max(cm * CM))
                }
                Width::Share { .. } => None,
            })
            .collect();
        let fixed: f64 = widths.iter().flatten().sum();
        let frs: f64 = cols
            .iter()
            .map(|c| match c.width {
                Width::Share { fr } => fr,
                _ => 0.0,
            })
            .sum();
        let rest = (self.0.text_width as f64 - fixed).max(frs * CM);
        for (w, c) in widths.iter_mut().zip(cols) {
            if let Width::Share { fr } = c.width {
                *w = Some(rest * fr / frs.max(f64::EPSILON));
            }
        }
        widths
            .into_iter()
            .map(|w| w.unwrap_or(CM).round() as usize)
            .collect()
    }

    /// A table: the header row repeated on every page, rows kept on one page unless taller
    /// than about eight lines, cells aligned as their column, the totals row in bold.
    fn table(
        &mut self,
        header: &[String],
        rows: &[Vec<String>],
        cols: &[Column],
        total: Option<&Vec<String>>,
    ) {
        let all: Vec<&Vec<String>> = rows.iter().chain(total).collect();
        let widths = self.widths(cols, &all);
        self.0.table(DocxTable {
            widths,
            header: Some(header),
            aligns: cols
                .iter()
                .map(|c| match c.align {
                    "center" => AlignmentType::Center,
                    "right" => AlignmentType::Right,
                    _ => AlignmentType::Left,
                })
                .collect(),
            rows: rows
                .iter()
                .map(|r| (r.as_slice(), false))
                .chain(total.map(|t| (t.as_slice(), true)))
                .collect(),
            size: TABLE_SIZE,
            char_twips: DOCX_CHAR,
            pad_twips: DOCX_PAD,
            keep_lines: 8,
        });
    }

    fn build(self) -> Result<Vec<u8>, DocxError> {
        self.0.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_domain::procurement::Bidder;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn fy() -> FiscalYear {
        FiscalYear::new(2567).unwrap()
    }
    fn money(b: i64) -> Money {
        Money::from_baht(b).unwrap()
    }
    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    /// A purchase of March 2024 (FY 2567), `i` making it distinct.
    fn record(i: usize) -> Record {
        Record {
            reference_price: Some(money(50_000)),
            bidders: vec![
                Bidder {
                    name: "ร้านสมใจพาณิชย์".into(),
                    offer: money(48_500),
                },
                Bidder {
                    name: "หจก. รุ่งเรืองวัสดุก่อสร้าง <b>#set</b>".into(),
                    offer: money(49_000),
                },
            ],
            winner: Some("ร้านสมใจพาณิชย์".into()),
            award_price: Some(money(48_000)),
            reason: "ราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข".into(),
            contract_no: Some(format!("{}/2567", 10 + i)),
            contract_date: Some(d(2024, 3, 1 + (i % 28) as u32)),
            ..Record::new(
                fy(),
                &format!("จัดซื้อวัสดุสำนักงาน กองคลัง รายการที่ {}", i + 1),
                money(50_000),
                Method::Specific,
            )
        }
    }

    fn month_doc(records: &[Record], digits: Digits) -> MonthDoc {
        let s = MonthlySummary::build(fy(), ym(2024, 3), records, digits);
        MonthDoc::new("องค์การบริหารส่วนตำบลทดสอบ", &s, d(2024, 4, 5), digits)
    }

    fn out(name: &str, bytes: &[u8]) {
        if let Ok(dir) = std::env::var("PRONGSAI_PROCUREMENT_OUT") {
            std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
        }
    }

    #[test]
    fn month_data_has_the_nine_columns_and_the_totals() {
        let records: Vec<Record> = (0..3).map(record).collect();
        let doc = month_doc(&records, Digits::Thai);
        let v = doc.template_data();
        assert_eq!(v["form"], "แบบ สขร. ๑");
        assert_eq!(
            v["title"],
            "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนมีนาคม พ.ศ.\u{a0}๒๕๖๗"
        );
        assert_eq!(v["prepared"], "วันที่ ๕ เดือน เมษายน พ.ศ.\u{a0}๒๕๖๗");
        assert_eq!(v["headings"].as_array().unwrap().len(), 9);
        assert_eq!(v["headings"][1], "งานที่จัดซื้อจัดจ้าง");
        let cols = v["columns"].as_array().unwrap();
        assert_eq!(cols.len(), 9);
        assert_eq!(cols[0]["kind"], "fixed");
        assert_eq!(cols[0]["align"], "center");
        assert_eq!(cols[2]["kind"], "money");
        assert_eq!(cols[2]["align"], "right");
        assert_eq!(cols[3]["align"], "right");
        // the procurement is the widest of the shared columns, then the bidders
        let fr = |i: usize| cols[i]["fr"].as_f64().unwrap_or(0.0);
        assert!((5..9).all(|i| fr(1) > fr(i)), "{cols:?}");
        assert!((6..9).all(|i| fr(5) > fr(i)), "{cols:?}");
        assert_eq!(v["price_columns"], json!([5, 6]));
        // what sizes the columns: the amounts, the numbers of the shared columns
        assert_eq!(v["widest"][0], json!([]));
        assert_eq!(v["widest"][2], json!(["๕๐,๐๐๐.๐๐"]));
        assert_eq!(v["widest"][5], json!(["๔๘,๕๐๐.๐๐", "๔๙,๐๐๐.๐๐"]));
        assert_eq!(v["breakable"], json!([false, false, false]));
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].as_array().unwrap().len(), 9);
        assert_eq!(rows[2][0], "๓");
        assert_eq!(rows[0][1], "จัดซื้อวัสดุสำนักงาน กองคลัง รายการที่ ๑");
        assert_eq!(rows[0][2], "๕๐,๐๐๐.๐๐");
        assert!(rows[0][5]
            .as_str()
            .unwrap()
            .contains("ร้านสมใจพาณิชย์ ราคาที่เสนอ ๔๘,๕๐๐.๐๐ บาท\n"));
        // user text stays text (the template never reads it as markup)
        assert!(rows[0][5].as_str().unwrap().contains("<b>#set</b>"));
        assert_eq!(v["total"]["label"], "รวม ๓ รายการ");
        assert_eq!(v["total"]["budget"], "๑๕๐,๐๐๐.๐๐");
        assert_eq!(v["total"]["award"], "ราคาที่ตกลงรวม ๑๔๔,๐๐๐.๐๐ บาท");
        assert!(v["statement"].is_null());
        assert_eq!(doc.file_stem(), "sor-kor-ror-1-2567-03");
        // Arabic digits when asked
        let arabic = month_doc(&records, Digits::Arabic).template_data();
        assert_eq!(arabic["form"], "แบบ สขร. 1");
        assert_eq!(arabic["rows"][0][2], "50,000.00");
        assert_eq!(arabic["total"]["budget"], "150,000.00");
    }

    #[test]
    fn an_empty_month_keeps_its_heading_and_prints_the_statement() {
        let doc = month_doc(&[], Digits::Thai);
        let v = doc.template_data();
        assert_eq!(v["statement"], "ไม่มีการจัดซื้อจัดจ้างในรอบเดือนนี้");
        assert!(v["total"].is_null());
        assert!(v["rows"].as_array().unwrap().is_empty());
        assert!(v["title"].as_str().unwrap().contains("มีนาคม"));
        assert_eq!(v["agency"], "องค์การบริหารส่วนตำบลทดสอบ");
        let csv = doc.csv().unwrap();
        assert!(csv.contains("ไม่มีการจัดซื้อจัดจ้าง"));
        assert_eq!(csv.lines().next().unwrap().split(',').count(), 9);
        let pdf = doc.pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        out("month-empty.pdf", &pdf);
        assert!(doc.docx().unwrap().starts_with(b"PK"));
        assert!(doc.xlsx().unwrap().starts_with(b"PK"));
    }

    #[test]
    fn a_busy_month_renders_as_pdf_docx_xlsx() {
        let mut records: Vec<Record> = (0..40).map(record).collect();
        // a long row, a large amount, an e-bidding with many bidders
        records[3].project = "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓ บ้านหนองบัว ถึง บ้านโนนสูง ขนาดกว้าง ๕.๐๐ เมตร ยาว ๑,๒๐๐ เมตร หนา ๐.๑๕ เมตร หรือมีพื้นที่ไม่น้อยกว่า ๖,๐๐๐ ตารางเมตร".into();
        records[3].method = Method::EBidding;
        records[3].budget = money(12_345_678);
        records[3].reference_price = Some(money(12_300_000));
        records[3].bidders = (0..6)
            .map(|k| Bidder {
                name: format!("บริษัท ก่อสร้างรุ่งเรืองกิจ {} จำกัด", k + 1),
                offer: money(11_900_000 + k * 10_000),
            })
            .collect();
        records[3].winner = Some("บริษัท ก่อสร้างรุ่งเรืองกิจ 1 จำกัด".into());
        records[3].award_price = Some(money(11_850_000));
        records[3].accept_over_budget = false;
        // a row of forty bidders may break across pages; the others stay whole
        records[7].bidders = (0..40)
            .map(|k| Bidder {
                name: format!("ร้านค้าที่ {}", k + 1),
                offer: money(50_000 + k),
            })
            .collect();
        records[7].winner = Some("ร้านค้าที่ 1".into());
        let doc = month_doc(&records, Digits::Thai);
        let v = doc.template_data();
        let rows = v["rows"].as_array().unwrap();
        let row_of = |bidders: usize| {
            rows.iter()
                .position(|r| r[5].as_str().unwrap().lines().count() == bidders)
                .unwrap()
        };
        assert_eq!(v["breakable"][row_of(40)], true);
        assert_eq!(v["breakable"][row_of(6)], false);
        assert_eq!(
            v["breakable"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|b| b == &&json!(true))
                .count(),
            1
        );
        assert_eq!(doc.template_data()["widest"][2], json!(["๑๒,๓๔๕,๖๗๘.๐๐"]));
        let pdf = doc.pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        out("month-busy.pdf", &pdf);
        let docx = doc.docx().unwrap();
        assert!(docx.starts_with(b"PK"));
        out("month-busy.docx", &docx);
        let xml = docx_xml(&docx);
        // landscape, the header row repeated, short rows kept on a page, amounts on the right
        assert!(xml.contains("w:orient=\"landscape\""), "landscape");
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
        assert!(xml.contains("<w:cantSplit"));
        assert!(xml.contains("<w:jc w:val=\"right\""));
        assert!(xml.contains("แบบ สขร. ๑"));
        let xlsx = doc.xlsx().unwrap();
        assert!(xlsx.starts_with(b"PK"));
        let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<v>12345678</v>"), "amounts as numbers");
    }

    fn docx_xml(bytes: &[u8]) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut s)
            .unwrap();
        s
    }

    fn xlsx_part(bytes: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
        s
    }

    fn plan_items() -> Vec<PlanItem> {
        vec![
            PlanItem {
                project: "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3 บ้านหนองบัว".into(),
                budget: money(450_000),
                source_of_funds: "เงินงบประมาณ (ข้อบัญญัติ)".into(),
                method: Method::EBidding,
                expected_month: ym(2024, 2),
            },
            PlanItem {
                project: "จัดซื้อวัสดุสำนักงาน".into(),
                budget: money(80_000),
                source_of_funds: "เงินงบประมาณ".into(),
                method: Method::Specific,
                expected_month: ym(2023, 11),
            },
        ]
    }

    fn plan(revision: u32, approved_on: Option<NaiveDate>, items: &[PlanItem]) -> PlanDoc {
        PlanDoc::new(PlanInput {
            agency: "องค์การบริหารส่วนตำบลทดสอบ",
            fiscal_year: fy(),
            revision,
            approved_on,
            note: "",
            items,
            digits: Digits::Thai,
            today: d(2024, 1, 10),
        })
    }

    #[test]
    fn plan_data_has_its_columns_revision_and_total() {
        let items = plan_items();
        assert_eq!(revision_label(1, Digits::Thai), None);
        assert_eq!(
            revision_label(2, Digits::Thai).as_deref(),
            Some("(ปรับปรุงครั้งที่ ๑)")
        );
        assert_eq!(
            revision_label(4, Digits::Arabic).as_deref(),
            Some("(ปรับปรุงครั้งที่ 3)")
        );
        let first = plan(1, None, &items).template_data();
        assert_eq!(
            first["heading"],
            json!([
                "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ.\u{a0}๒๕๖๗",
                "องค์การบริหารส่วนตำบลทดสอบ"
            ])
        );
        assert!(first["approval"].is_null());
        let doc = plan(3, Some(d(2024, 1, 15)), &items);
        let v = doc.template_data();
        assert_eq!(v["heading"][1], "(ปรับปรุงครั้งที่ ๒)");
        assert_eq!(v["approval"], "อนุมัติเมื่อวันที่ ๑๕ มกราคม พ.ศ.\u{a0}๒๕๖๗");
        assert_eq!(v["headings"].as_array().unwrap().len(), 6);
        assert_eq!(v["headings"][5], "ช่วงเวลาที่คาดว่าจะเริ่มจัดหา");
        assert_eq!(
            v["rows"][0],
            json!([
                "๑",
                "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓ บ้านหนองบัว",
                "๔๕๐,๐๐๐.๐๐",
                "เงินงบประมาณ (ข้อบัญญัติ)",
                "ประกวดราคาอิเล็กทรอนิกส์\n(e-bidding)",
                "กุมภาพันธ์ ๒๕๖๗"
            ])
        );
        assert_eq!(v["rows"][1][5], "พฤศจิกายน ๒๕๖๖");
        assert_eq!(v["total"], json!(["รวม ๒ รายการ", "๕๓๐,๐๐๐.๐๐"]));
        assert!(v["statement"].is_null());
        assert_eq!(doc.file_stem(), "procurement-plan-2567");
        let pdf = doc.pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        out("plan.pdf", &pdf);
        let xlsx = doc.xlsx().unwrap();
        let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<v>450000</v>"), "{sheet}");
        let empty = plan(1, None, &[]);
        assert_eq!(empty.template_data()["statement"], "แผนนี้ยังไม่มีรายการ");
        assert!(empty.pdf().unwrap().starts_with(b"%PDF"));
    }

    fn analysis(records: &[Record]) -> AnnualAnalysis {
        AnnualAnalysis::build(fy(), records)
    }

    fn year_records() -> Vec<Record> {
        let mut out = Vec::new();
        for (i, m) in fy().months().iter().enumerate() {
            for k in 0..(i % 4) {
                let mut r = record(k);
                r.contract_date = Some(m.first_day());
                r.method = [Method::Specific, Method::EMarket, Method::EBidding][k % 3];
                r.award_price = Some(money(40_000 + 1000 * i as i64));
                out.push(r);
            }
        }
        let mut undated = record(99);
        undated.contract_date = None;
        undated.contract_no = None;
        undated.winner = None;
        undated.award_price = None;
        out.push(undated);
        out
    }

    #[test]
    fn annual_report_data_and_documents() {
        let records = year_records();
        let a = analysis(&records);
        let doc = AnnualDoc::new(AnnualInput {
            agency: "องค์การบริหารส่วนตำบลทดสอบ",
            analysis: &a,
            problems: "งบประมาณได้รับล่าช้า\n\nผู้ประกอบการในพื้นที่มีน้อย",
            improvements: "",
            digits: Digits::Thai,
            today: d(2024, 10, 5),
        });
        let v = doc.template_data();
        assert_eq!(v["heading"][0], "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ");
        assert_eq!(v["heading"][1], "ประจำปีงบประมาณ พ.ศ.\u{a0}๒๕๖๗");
        let total = a.total.count;
        assert_eq!(total as usize, records.len());
        let summary = v["summary"][0].as_str().unwrap();
        assert!(
            summary.contains(&format!("รวมทั้งสิ้น {} รายการ", Digits::Thai.number(total))),
            "{summary}"
        );
        assert!(
            summary.contains("(๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗)"),
            "{summary}"
        );
        assert!(v["summary"][1].as_str().unwrap().contains("ยังไม่ได้ทำสัญญา"));
        // by method: the four current methods (legacy ones unused), totals, share of count
        let methods = v["by_method"]["rows"].as_array().unwrap();
        assert_eq!(methods.len(), 5, "{methods:?}");
        assert_eq!(methods[0][0], "เฉพาะเจาะจง");
        assert_eq!(methods[1][0], "ตลาดอิเล็กทรอนิกส์\n(e-market)");
        assert_eq!(v["by_method"]["total"][4], "๑๐๐.๐๐");
        // by month: October first, September last, then the undated
        let months = v["by_month"]["rows"].as_array().unwrap();
        assert_eq!(months.len(), 13);
        assert_eq!(months[0][0], "ตุลาคม ๒๕๖๖");
        assert_eq!(months[0][1], "๐");
        assert_eq!(months[11][0], "กันยายน ๒๕๖๗");
        assert_eq!(months[12][0], "ยังไม่ได้ทำสัญญา");
        assert!(v["specific"].as_str().unwrap().contains("ร้อยละ"));
        assert!(v["savings"].as_str().unwrap().contains("ประหยัดงบประมาณได้"));
        assert_eq!(
            v["problems"],
            json!(["งบประมาณได้รับล่าช้า", "ผู้ประกอบการในพื้นที่มีน้อย"])
        );
        assert_eq!(v["improvements"], json!(["-"]));
        let month_svg = doc.month_chart_svg();
        assert_eq!(month_svg.matches("<rect").count(), 9, "{month_svg}");
        assert!(month_svg.contains(">ต.ค. ๖๖<") && month_svg.contains(">ก.ย. ๖๗<"));
        let method_svg = doc.method_chart_svg();
        assert!(method_svg.contains(">เฉพาะเจาะจง<"));
        let pdf = doc.pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        out("annual.pdf", &pdf);
        let docx = doc.docx().unwrap();
        let xml = docx_xml(&docx);
        assert!(xml.contains("ปัญหา อุปสรรค") && xml.contains("ตุลาคม ๒๕๖๖"));
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 2);
        out("annual.docx", &docx);
        let xlsx = doc.xlsx(&records).unwrap();
        let wb = xlsx_part(&xlsx, "xl/workbook.xml");
        for name in ["ตามวิธี", "ตามเดือน", "รายการ"] {
            assert!(wb.contains(name), "{wb}");
        }
        let rec = xlsx_part(&xlsx, "xl/worksheets/sheet3.xml");
        assert!(rec.contains("<v>50000</v>"), "amounts as numbers");
        assert_eq!(doc.file_stem(), "procurement-report-2567");
    }

    #[test]
    fn an_empty_year_and_savings_below_zero() {
        let a = analysis(&[]);
        let doc = AnnualDoc::new(AnnualInput {
            agency: "อบต.ทดสอบ",
            analysis: &a,
            problems: " ",
            improvements: "",
            digits: Digits::Arabic,
            today: d(2024, 10, 5),
        });
        let v = doc.template_data();
        assert!(v["summary"][0]
            .as_str()
            .unwrap()
            .contains("รวมทั้งสิ้น 0 รายการ"));
        assert_eq!(v["by_method"]["total"][4], "-");
        assert!(v["savings"].as_str().unwrap().contains("ยังคำนวณ"));
        assert_eq!(v["problems"], json!(["-"]));
        assert!(doc.pdf().unwrap().starts_with(b"%PDF"));
        let mut r = record(0);
        r.award_price = Some(money(55_000));
        r.accept_over_budget = true;
        let a = analysis(&[r]);
        let doc = AnnualDoc::new(AnnualInput {
            agency: "อบต.ทดสอบ",
            analysis: &a,
            problems: "",
            improvements: "",
            digits: Digits::Arabic,
            today: d(2024, 10, 5),
        });
        let s = doc.template_data()["savings"].as_str().unwrap().to_owned();
        assert!(s.contains("สูงกว่าราคากลางรวม 5,000.00 บาท"), "{s}");
        assert!(s.contains("ร้อยละ 10.00"), "{s}");
    }
}

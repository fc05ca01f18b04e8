//! The yearly reports of the integrity registers, built from the content frozen at submission
//! (`domain::integrity::ActivityReport`, `GiftReport`):
//!
//! * a kind's activities (รายงานผลการดำเนินงาน…: the No Gift culture, การขับเคลื่อนจริยธรรม, the
//!   executives' participation): the summary counts, then the table of activities with BE
//!   dates, results, participants, executives and evidence;
//! * the gifts register (รายงานผลตามนโยบาย No Gift Policy / รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด
//!   โดยธรรมจรรยา): counts and value by handling and by month, the list with its warnings, and
//!   [`NO_GIFTS_TH`] when nothing was received, so the document is never empty.
//!
//! As PDF (typst, A4 landscape, Sarabun; `templates/integrity.typ`), DOCX
//! (`OfficialDocx`), XLSX and — for the gifts — CSV. Every text and figure is made here (digits
//! as chosen); the template only lays out sections of paragraphs and tables.

use chrono::NaiveDate;
use docx_rs::{AlignmentType, Paragraph, SpecialIndentType};
use prongsai_domain::calendar::{
    format_date_long_th, format_date_th, month_name_th, to_thai_digits, DateStyle, Digits,
    MonthStyle,
};
use prongsai_domain::integrity::{
    ActivityReport, ActivitySummary, Gift, GiftReport, GiftSummary, Handling, Tally,
    NO_ACTIVITIES_TH, NO_GIFTS_TH, PER_OCCASION_LIMIT_BAHT,
};
use prongsai_domain::procurement::format_satang;
use prongsai_domain::Lang;
use serde::Serialize;

use crate::docx::{run, DocxError, DocxTable, OfficialDocx};
use crate::pdf::{render, PdfError};
use crate::xlsx::{Cell, Sheet};

const TEMPLATE: &str = include_str!("../../templates/integrity.typ");

/// A column of a table: a fixed width in centimetres, or (`cm == 0`) a share of the rest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Column {
    pub cm: f32,
    pub fr: f32,
    pub align: &'static str,
}

const fn fixed(cm: f32, align: &'static str) -> Column {
    Column { cm, fr: 0.0, align }
}
const fn share(fr: f32) -> Column {
    Column {
        cm: 0.0,
        fr,
        align: "left",
    }
}

/// A table of a report, every cell as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocTable {
    pub columns: Vec<Column>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The totals row (bold), when there is one.
    pub total: Option<Vec<String>>,
}

/// A numbered section: its title, paragraphs, and a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSection {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub table: Option<DocTable>,
}

/// Who signed the published version, printed at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    pub by: String,
    pub on: NaiveDate,
    pub version: i32,
}

/// A yearly report of the integrity registers, every text as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntegrityDoc {
    pub thai_digits: bool,
    pub heading: Vec<String>,
    pub sections: Vec<DocSection>,
    /// Lines at the end, right-aligned (the day of the data, the acknowledgement).
    pub closing: Vec<String>,
    #[serde(skip)]
    sheets: Vec<Sheet>,
    #[serde(skip)]
    csv: Option<(Vec<String>, Vec<Vec<String>>)>,
    #[serde(skip)]
    stem: String,
}

/// Digits as chosen, and "พ.ศ." kept with its year.
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

fn day(d: NaiveDate, digits: Digits) -> String {
    format_date_th(d, DateStyle::new(digits, MonthStyle::Abbrev))
}

/// Long links break after their slashes (a zero-width space), so a table cell never overflows.
fn breakable(url: &str) -> String {
    url.replace('/', "/\u{200b}")
        .replace("/\u{200b}/\u{200b}", "//")
}

fn section(i: usize, title: &str, digits: Digits) -> String {
    format!("{}. {title}", digits.number(i))
}

fn closing(prepared_on: NaiveDate, ack: Option<&Acknowledgement>, digits: Digits) -> Vec<String> {
    let mut lines = vec![printed(
        &format!(
            "ข้อมูล ณ {}",
            format_date_long_th(prepared_on, Digits::Arabic)
        ),
        digits,
    )];
    if let Some(a) = ack {
        lines.push(printed(
            &format!(
                "เสนอผู้บริหารและผู้บริหารรับทราบแล้ว{} เมื่อ{}{}",
                if a.by.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", a.by.trim())
                },
                format_date_long_th(a.on, Digits::Arabic),
                if a.version > 1 {
                    format!(" (ฉบับที่ {})", a.version)
                } else {
                    String::new()
                }
            ),
            digits,
        ));
    }
    lines
}

fn year_span(report_year: prongsai_domain::calendar::FiscalYear) -> String {
    format!(
        "ปีงบประมาณ พ.ศ. {} ({} – {})",
        report_year.be(),
        format_date_long_th(report_year.start(), Digits::Arabic).trim_start_matches("วันที่ "),
        format_date_long_th(report_year.end(), Digits::Arabic).trim_start_matches("วันที่ ")
    )
}

impl IntegrityDoc {
    /// The report of a kind's activities.
    pub fn activities(r: &ActivityReport, ack: Option<&Acknowledgement>, digits: Digits) -> Self {
        let p = |s: &str| printed(s, digits);
        let n = |x: u64| digits.number(x);
        let s: ActivitySummary = r.summary();
        let kind = r.kind;
        let label = kind.label_th();
        let mut summary = Vec::new();
        if s.is_empty() {
            summary.push(p(&format!(
                "ใน{} {NO_ACTIVITIES_TH}",
                year_span(r.fiscal_year)
            )));
        } else {
            summary.push(p(&format!(
                "ใน{} {} ได้ดำเนินกิจกรรมด้าน{} รวมทั้งสิ้น {} กิจกรรม มีผู้เข้าร่วมรวม {} คน ผู้บริหารเข้าร่วม {} กิจกรรม และมีหลักฐานการดำเนินการ {} กิจกรรม",
                year_span(r.fiscal_year),
                r.agency.trim(),
                label,
                n(s.count as u64),
                n(s.participants),
                n(s.with_executives as u64),
                n(s.with_evidence as u64),
            )));
        }
        let mut sections = vec![DocSection {
            title: section(1, "สรุปผลการดำเนินงาน", digits),
            paragraphs: summary,
            table: None,
        }];
        if !s.is_empty() {
            let rows: Vec<Vec<String>> = r
                .activities
                .iter()
                .enumerate()
                .map(|(i, ra)| {
                    let a = &ra.activity;
                    let what = if a.place.is_empty() {
                        a.title.clone()
                    } else {
                        format!("{}\nสถานที่: {}", a.title, a.place)
                    };
                    let mut evidence: Vec<String> = ra.documents.clone();
                    evidence.extend(a.links.iter().map(|l| breakable(l)));
                    vec![
                        n(i as u64 + 1),
                        p(&what),
                        a.dates_th(digits),
                        if a.description.is_empty() {
                            "-".into()
                        } else {
                            p(&a.description)
                        },
                        n(u64::from(a.participants)),
                        if a.executives.is_empty() {
                            "-".into()
                        } else {
                            p(&a.executives.join("\n"))
                        },
                        if evidence.is_empty() {
                            "-".into()
                        } else {
                            p(&evidence.join("\n"))
                        },
                    ]
                })
                .collect();
            sections.push(DocSection {
                title: section(2, "รายละเอียดกิจกรรม", digits),
                paragraphs: vec![],
                table: Some(DocTable {
                    columns: vec![
                        fixed(1.2, "center"),
                        share(2.3),
                        fixed(2.6, "left"),
                        share(2.8),
                        fixed(2.1, "right"),
                        share(2.7),
                        share(1.9),
                    ],
                    header: [
                        "ลำดับ",
                        "กิจกรรม",
                        "วันที่",
                        "ผลการดำเนินงาน",
                        "ผู้เข้าร่วม\n(คน)",
                        "ผู้บริหารที่เข้าร่วม",
                        "หลักฐาน",
                    ]
                    .map(String::from)
                    .to_vec(),
                    rows,
                    total: Some(vec![
                        String::new(),
                        "รวม".into(),
                        String::new(),
                        p(&format!("{} กิจกรรม", s.count)),
                        n(s.participants),
                        p(&format!("{} กิจกรรม", s.with_executives)),
                        String::new(),
                    ]),
                }),
            });
        }
        let title = kind.report_title_th();
        let heading = vec![
            p(title),
            p(&format!("ประจำปีงบประมาณ พ.ศ. {}", r.fiscal_year.be())),
            p(r.agency.trim()),
        ];
        let list = r
            .activities
            .iter()
            .enumerate()
            .map(|(i, ra)| {
                let a = &ra.activity;
                vec![
                    Cell::from(i as u64 + 1),
                    Cell::Text(a.title.clone()),
                    Cell::Text(a.start.format("%Y-%m-%d").to_string()),
                    Cell::Text(a.last_day().format("%Y-%m-%d").to_string()),
                    Cell::Text(a.place.clone()),
                    Cell::Text(a.description.clone()),
                    Cell::from(u64::from(a.participants)),
                    Cell::Text(a.executives.join("\n")),
                    Cell::Text(ra.documents.join("\n")),
                    Cell::Text(a.links.join("\n")),
                ]
            })
            .collect();
        let title_lines = vec![heading.join(" ")];
        Self {
            thai_digits: digits == Digits::Thai,
            heading,
            sections,
            closing: closing(r.prepared_on, ack, digits),
            sheets: vec![Sheet {
                name: "กิจกรรม".into(),
                title: title_lines,
                header: [
                    "ลำดับ",
                    "กิจกรรม",
                    "วันที่เริ่ม",
                    "วันที่สิ้นสุด",
                    "สถานที่",
                    "ผลการดำเนินงาน",
                    "ผู้เข้าร่วม (คน)",
                    "ผู้บริหารที่เข้าร่วม",
                    "เอกสารหลักฐาน",
                    "ลิงก์หลักฐาน",
                ]
                .map(String::from)
                .to_vec(),
                rows: list,
            }],
            csv: None,
            stem: format!("{}-{}", kind.code().replace('.', "-"), r.fiscal_year.be()),
        }
    }

    /// The report of the gifts register.
    pub fn gifts(r: &GiftReport, ack: Option<&Acknowledgement>, digits: Digits) -> Self {
        let p = |s: &str| printed(s, digits);
        let n = |x: u64| digits.number(x);
        let b = |x: i64| baht(x, digits);
        let s: GiftSummary = r.summary();
        let fy = r.fiscal_year;
        let mut sections = Vec::new();
        let mut summary = Vec::new();
        if s.is_empty() {
            summary.push(p(&format!(
                "ใน{} {} {}",
                year_span(fy),
                r.agency.trim(),
                NO_GIFTS_TH
            )));
            summary.push(p(
                "เจ้าหน้าที่ของหน่วยงานไม่ได้รายงานการรับของขวัญ ของกำนัล หรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่ ตามนโยบาย No Gift Policy",
            ));
        } else {
            summary.push(p(&format!(
                "ใน{} เจ้าหน้าที่ของ{} ได้รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด รวมทั้งสิ้น {} รายการ มูลค่ารวมประมาณ {} บาท โดยส่งคืนผู้ให้ {} รายการ ส่งมอบให้หน่วยงาน {} รายการ มอบเป็นสาธารณประโยชน์หรือการกุศล {} รายการ รับไว้โดยธรรมจรรยา {} รายการ และอื่น ๆ {} รายการ",
                year_span(fy),
                r.agency.trim(),
                n(s.total.count),
                b(s.total.value),
                n(s.handling(Handling::Returned).count),
                n(s.handling(Handling::HandedToAgency).count),
                n(s.handling(Handling::Charity).count),
                n(s.handling(Handling::KeptByLaw).count),
                n(s.handling(Handling::Other).count),
            )));
            if s.warnings > 0 {
                summary.push(p(&format!(
                    "ข้อสังเกต: มี {} รายการที่รับไว้เป็นการส่วนตัวจากผู้ที่มิใช่ญาติ มูลค่าเกิน {} บาทต่อโอกาส ตามประกาศคณะกรรมการ ป.ป.ช. เรื่อง หลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยาของเจ้าพนักงานของรัฐ พ.ศ. 2563 (ระบุไว้ในหมายเหตุของรายการ)",
                    s.warnings,
                    group(PER_OCCASION_LIMIT_BAHT)
                )));
            }
        }
        sections.push(DocSection {
            title: section(1, "สรุปผล", digits),
            paragraphs: summary,
            table: None,
        });
        if !s.is_empty() {
            let tally_row = |label: String, t: &Tally| vec![label, n(t.count), b(t.value)];
            let columns = vec![share(1.0), fixed(3.2, "right"), fixed(4.2, "right")];
            let header = ["", "จำนวน\n(รายการ)", "มูลค่า (บาท)"].map(String::from);
            let mut h1 = header.to_vec();
            h1[0] = "การดำเนินการ".into();
            sections.push(DocSection {
                title: section(2, "จำแนกตามการดำเนินการ", digits),
                paragraphs: vec![],
                table: Some(DocTable {
                    columns: columns.clone(),
                    header: h1,
                    rows: s
                        .by_handling
                        .iter()
                        .map(|(h, t)| tally_row(h.label_th().to_owned(), t))
                        .collect(),
                    total: Some(tally_row("รวม".into(), &s.total)),
                }),
            });
            let mut h2 = header.to_vec();
            h2[0] = "เดือน".into();
            sections.push(DocSection {
                title: section(3, "จำแนกตามเดือน", digits),
                paragraphs: vec![],
                table: Some(DocTable {
                    columns,
                    header: h2,
                    rows: s
                        .by_month
                        .iter()
                        .map(|(m, t)| {
                            tally_row(
                                p(&format!("{} {}", month_name_th(m.month()), m.year_be())),
                                t,
                            )
                        })
                        .collect(),
                    total: Some(tally_row("รวม".into(), &s.total)),
                }),
            });
            sections.push(DocSection {
                title: section(4, "รายการทรัพย์สินหรือประโยชน์อื่นใดที่ได้รับ", digits),
                paragraphs: vec![],
                table: Some(DocTable {
                    columns: vec![
                        fixed(1.2, "center"),
                        fixed(2.3, "left"),
                        share(1.6),
                        share(1.5),
                        fixed(2.5, "right"),
                        share(1.6),
                        share(1.2),
                        share(2.0),
                        fixed(3.2, "left"),
                    ],
                    header: [
                        "ลำดับ",
                        "วันที่ได้รับ",
                        "ผู้ให้",
                        "ทรัพย์สินหรือประโยชน์",
                        "มูลค่า\n(บาท)",
                        "ผู้รับ",
                        "โอกาส",
                        "การดำเนินการ",
                        "วันที่รายงาน\nผู้บังคับบัญชา",
                    ]
                    .map(String::from)
                    .to_vec(),
                    rows: r
                        .gifts
                        .iter()
                        .enumerate()
                        .map(|(i, g)| gift_row(i, g, digits))
                        .collect(),
                    total: Some(vec![
                        String::new(),
                        "รวม".into(),
                        String::new(),
                        p(&format!("{} รายการ", s.total.count)),
                        b(s.total.value),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ]),
                }),
            });
        }
        let heading = vec![
            p("รายงานผลตามนโยบาย No Gift Policy"),
            p("รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา"),
            p(&format!("ประจำปีงบประมาณ พ.ศ. {}", fy.be())),
            p(r.agency.trim()),
        ];
        let title_lines = vec![heading.join(" ")];
        let (csv_header, csv_rows) = gift_open_data(r);
        let tally = |label: String, t: &Tally| {
            vec![
                Cell::Text(label),
                Cell::from(t.count),
                Cell::Number(t.value as f64 / 100.0),
            ]
        };
        let mut handling_rows: Vec<Vec<Cell>> = s
            .by_handling
            .iter()
            .map(|(h, t)| tally(h.label_th().to_owned(), t))
            .collect();
        handling_rows.push(tally("รวม".into(), &s.total));
        let mut month_rows: Vec<Vec<Cell>> = s
            .by_month
            .iter()
            .map(|(m, t)| tally(format!("{} {}", month_name_th(m.month()), m.year_be()), t))
            .collect();
        month_rows.push(tally("รวม".into(), &s.total));
        let list_rows: Vec<Vec<Cell>> = if r.gifts.is_empty() {
            vec![vec![Cell::Text(NO_GIFTS_TH.into())]]
        } else {
            r.gifts
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    vec![
                        Cell::from(i as u64 + 1),
                        Cell::Text(g.received_on.format("%Y-%m-%d").to_string()),
                        Cell::Text(g.giver.clone()),
                        Cell::Text(g.giver_kind.label_th().into()),
                        Cell::Text(
                            if g.from_relative {
                                "ใช่"
                            } else {
                                "ไม่ใช่"
                            }
                            .into(),
                        ),
                        Cell::Text(g.description.clone()),
                        Cell::Number(g.value.satang() as f64 / 100.0),
                        Cell::Text(g.recipient.clone()),
                        Cell::Text(g.recipient_position.clone()),
                        Cell::Text(g.occasion.clone()),
                        Cell::Text(g.handling_text(Lang::Th)),
                        Cell::Text(
                            g.reported_on
                                .map(|d| d.format("%Y-%m-%d").to_string())
                                .unwrap_or_default(),
                        ),
                        Cell::Text(warning_text(g)),
                    ]
                })
                .collect()
        };
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Self {
            thai_digits: digits == Digits::Thai,
            heading,
            sections,
            closing: closing(r.prepared_on, ack, digits),
            sheets: vec![
                Sheet {
                    name: "รายการ".into(),
                    title: title_lines.clone(),
                    header: csv_header.clone(),
                    rows: list_rows,
                },
                Sheet {
                    name: "ตามการดำเนินการ".into(),
                    title: title_lines.clone(),
                    header: strings(&["การดำเนินการ", "จำนวน (รายการ)", "มูลค่า (บาท)"]),
                    rows: handling_rows,
                },
                Sheet {
                    name: "ตามเดือน".into(),
                    title: title_lines,
                    header: strings(&["เดือน", "จำนวน (รายการ)", "มูลค่า (บาท)"]),
                    rows: month_rows,
                },
            ],
            csv: Some((csv_header, csv_rows)),
            stem: format!("gifts-{}", fy.be()),
        }
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        serde_json::json!(self)
    }

    /// A4 landscape PDF. Call from a blocking thread.
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(TEMPLATE, &self.template_data(), &[])
    }

    /// Editable DOCX with the same sections and tables.
    pub fn docx(&self) -> Result<Vec<u8>, DocxError> {
        let mut w = OfficialDocx::new(true, self.thai_digits, BODY_SIZE);
        for (i, h) in self.heading.iter().enumerate() {
            w.push(Paragraph::new().align(AlignmentType::Center).add_run(run(
                h,
                true,
                if i == 0 { HEAD_SIZE } else { BODY_SIZE },
            )));
        }
        w.blank();
        for s in &self.sections {
            w.push(
                Paragraph::new()
                    .keep_next(true)
                    .add_run(run(&s.title, true, BODY_SIZE)),
            );
            for p in &s.paragraphs {
                w.push(
                    Paragraph::new()
                        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
                        .add_run(run(&p.replace('\u{200b}', ""), false, BODY_SIZE)),
                );
            }
            if let Some(t) = &s.table {
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.replace('\u{200b}', "")).collect())
                    .collect();
                let mut all: Vec<(&[String], bool)> =
                    rows.iter().map(|r| (r.as_slice(), false)).collect();
                if let Some(total) = &t.total {
                    all.push((total.as_slice(), true));
                }
                w.table(DocxTable {
                    widths: docx_widths(&t.columns, w.text_width),
                    header: Some(&t.header),
                    aligns: t
                        .columns
                        .iter()
                        .map(|c| match c.align {
                            "center" => AlignmentType::Center,
                            "right" => AlignmentType::Right,
                            _ => AlignmentType::Left,
                        })
                        .collect(),
                    rows: all,
                    size: TABLE_SIZE,
                    char_twips: DOCX_CHAR,
                    pad_twips: DOCX_PAD,
                    keep_lines: 8,
                });
            }
        }
        for l in &self.closing {
            w.push(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(run(l, false, TABLE_SIZE)),
            );
        }
        w.build()
    }

    /// Open data: the list (and, for the gifts, the tallies), numbers as numbers.
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        crate::xlsx::workbook(&self.sheets)
    }

    /// The gifts register as CSV (UTF-8 with BOM); `None` for an activity report.
    pub fn csv(&self) -> Option<Result<String, crate::csv::CsvError>> {
        let (header, rows) = self.csv.as_ref()?;
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        Some(crate::csv::to_csv(&header, rows))
    }

    /// The file name stem: `ethics-activities-2566`, `gifts-2565`.
    pub fn file_stem(&self) -> &str {
        &self.stem
    }
}

/// `3,000` (ASCII digits).
fn group(n: i64) -> String {
    format_satang(n.saturating_mul(100), Digits::Arabic)
        .trim_end_matches(".00")
        .to_owned()
}

fn warning_text(g: &Gift) -> String {
    g.warnings()
        .iter()
        .map(|w| w.th())
        .collect::<Vec<_>>()
        .join("\n")
}

fn gift_row(i: usize, g: &Gift, digits: Digits) -> Vec<String> {
    let p = |s: &str| printed(s, digits);
    let giver = if g.from_relative {
        format!("{} (ญาติ)", g.giver)
    } else {
        g.giver.clone()
    };
    let recipient = if g.recipient_position.is_empty() {
        g.recipient.clone()
    } else {
        format!("{}\n{}", g.recipient, g.recipient_position)
    };
    let mut handling = g.handling_text(Lang::Th);
    if !g.warnings().is_empty() {
        handling = format!(
            "{handling}\nหมายเหตุ: มูลค่าเกิน {} บาทต่อโอกาส และผู้ให้มิใช่ญาติ",
            group(PER_OCCASION_LIMIT_BAHT)
        );
    }
    vec![
        digits.number(i + 1),
        day(g.received_on, digits),
        p(&giver),
        p(&g.description),
        g.value.format(digits),
        p(&recipient),
        if g.occasion.is_empty() {
            "-".into()
        } else {
            p(&g.occasion)
        },
        p(&handling),
        g.reported_on.map_or_else(|| "-".into(), |d| day(d, digits)),
    ]
}

/// The register as open data rows (ASCII digits, ISO dates); one row with the statement when
/// it is empty.
fn gift_open_data(r: &GiftReport) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [
        "ลำดับ",
        "วันที่ได้รับ",
        "ผู้ให้",
        "ประเภทผู้ให้",
        "ผู้ให้เป็นญาติ",
        "ทรัพย์สินหรือประโยชน์",
        "มูลค่า (บาท)",
        "ผู้รับ",
        "ตำแหน่ง",
        "โอกาส",
        "การดำเนินการ",
        "วันที่รายงานผู้บังคับบัญชา",
        "หมายเหตุ",
    ]
    .map(String::from)
    .to_vec();
    let rows = if r.gifts.is_empty() {
        let mut row = vec![String::new(); header.len()];
        row[0] = NO_GIFTS_TH.to_string();
        vec![row]
    } else {
        r.gifts
            .iter()
            .enumerate()
            .map(|(i, g)| {
                vec![
                    (i + 1).to_string(),
                    g.received_on.format("%Y-%m-%d").to_string(),
                    g.giver.clone(),
                    g.giver_kind.label_th().into(),
                    if g.from_relative {
                        "ใช่"
                    } else {
                        "ไม่ใช่"
                    }
                    .into(),
                    g.description.clone(),
                    format!("{}.{:02}", g.value.satang() / 100, g.value.satang() % 100),
                    g.recipient.clone(),
                    g.recipient_position.clone(),
                    g.occasion.clone(),
                    g.handling_text(Lang::Th),
                    g.reported_on
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    warning_text(g),
                ]
            })
            .collect()
    };
    (header, rows)
}

/// Sizes in half-points.
const BODY_SIZE: usize = 32;
const HEAD_SIZE: usize = 34;
const TABLE_SIZE: usize = 28;
/// First-line indent: 2.5 cm in twips.
const INDENT: i32 = 1417;
/// About one character of 14 pt TH Sarabun New, and a cell's margins, in twips.
const DOCX_CHAR: usize = 118;
const DOCX_PAD: usize = 230;

/// Twips of each column: fixed ones their centimetres, shares the rest.
fn docx_widths(cols: &[Column], text_width: usize) -> Vec<usize> {
    let fixed: usize = cols.iter().map(|c| (c.cm * 567.0) as usize).sum();
    let rest = text_width.saturating_sub(fixed);
    let fr: f32 = cols.iter().map(|c| c.fr).sum();
    cols.iter()
        .map(|c| {
            if c.cm > 0.0 {
                (c.cm * 567.0) as usize
            } else if fr > 0.0 {
                (rest as f32 * c.fr / fr) as usize
            } else {
                0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::integrity::{
        Activity, ActivityKind, GiverKind, ReportedActivity, NO_GIFTS_TH,
    };
    use prongsai_domain::procurement::Money;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub fn activity_report() -> ActivityReport {
        let a = |title: &str, start: NaiveDate, n: u32| {
            Activity {
            kind: ActivityKind::Ethics,
            title: title.into(),
            start,
            end: None,
            place: "ห้องประชุมองค์การบริหารส่วนตำบล".into(),
            description: "เจ้าหน้าที่ได้รับความรู้เรื่องประมวลจริยธรรมและแนวปฏิบัติ Dos & Don'ts ทำแบบทดสอบหลังการอบรมผ่านเกณฑ์ร้อยละ ๙๐".into(),
            participants: n,
            executives: vec![
                "นายสมชาย ใจดี นายกองค์การบริหารส่วนตำบล".into(),
                "นางสาวสมศรี มั่นคง ปลัดองค์การบริหารส่วนตำบล".into(),
            ],
            links: vec!["https://www.example.go.th/news/2566/ethics-training-photos-and-results".into()],
            document_ids: vec![1],
        }
        };
        ActivityReport {
            kind: ActivityKind::Ethics,
            fiscal_year: FiscalYear::new(2566).unwrap(),
            agency: "องค์การบริหารส่วนตำบลกระโทก".into(),
            activities: vec![
                ReportedActivity {
                    activity: a("แต่งตั้งคณะทำงานขับเคลื่อนจริยธรรม", d(2022, 11, 1), 12),
                    documents: vec!["คำสั่งแต่งตั้งคณะทำงาน".into()],
                },
                ReportedActivity {
                    activity: Activity {
                        end: Some(d(2023, 3, 16)),
                        ..a(
                            "อบรมคุณธรรมจริยธรรมและการป้องกันผลประโยชน์ทับซ้อน",
                            d(2023, 3, 15),
                            85,
                        )
                    },
                    documents: vec![],
                },
            ],
            prepared_on: d(2023, 9, 20),
        }
    }

    pub fn gift_report(gifts: Vec<Gift>) -> GiftReport {
        GiftReport {
            fiscal_year: FiscalYear::new(2565).unwrap(),
            agency: "องค์การบริหารส่วนตำบลกระโทก".into(),
            gifts,
            prepared_on: d(2022, 10, 10),
        }
    }

    pub fn gifts() -> Vec<Gift> {
        let g = Gift {
            received_on: d(2022, 1, 3),
            giver: "ห้างหุ้นส่วนจำกัด ก่อสร้างดี".into(),
            giver_kind: GiverKind::Organisation,
            from_relative: false,
            description: "กระเช้าผลไม้".into(),
            value: Money::from_baht(1200).unwrap(),
            recipient: "นายช่าง สมหมาย".into(),
            recipient_position: "นายช่างโยธา".into(),
            occasion: "เทศกาลปีใหม่".into(),
            handling: Handling::Returned,
            handling_note: String::new(),
            reported_on: Some(d(2022, 1, 4)),
            accept_over_limit: false,
        };
        vec![
            g.clone(),
            Gift {
                received_on: d(2022, 2, 1),
                description: "ผ้าไหม".into(),
                value: Money::from_baht(4500).unwrap(),
                handling: Handling::KeptByLaw,
                accept_over_limit: true,
                ..g.clone()
            },
        ]
    }

    #[test]
    fn activity_report_layout() {
        let doc = IntegrityDoc::activities(&activity_report(), None, Digits::Thai);
        assert_eq!(doc.sections.len(), 2);
        let t = doc.sections[1].table.as_ref().unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][2], "๑๕–๑๖ มี.ค. ๒๕๖๖");
        assert_eq!(t.total.as_ref().unwrap()[4], "๙๗");
        assert!(doc.sections[0].paragraphs[0].contains("๒ กิจกรรม"));
        assert_eq!(doc.file_stem(), "ethics-activities-2566");
        assert!(doc.csv().is_none());
        let empty = ActivityReport {
            activities: vec![],
            ..activity_report()
        };
        let e = IntegrityDoc::activities(&empty, None, Digits::Arabic);
        assert_eq!(e.sections.len(), 1);
        assert!(e.sections[0].paragraphs[0].contains(NO_ACTIVITIES_TH));
    }

    #[test]
    fn gift_report_layout_and_the_empty_statement() {
        let ack = Acknowledgement {
            by: "นายก".into(),
            on: d(2022, 10, 20),
            version: 2,
        };
        let doc = IntegrityDoc::gifts(&gift_report(gifts()), Some(&ack), Digits::Arabic);
        assert_eq!(doc.sections.len(), 4);
        let list = doc.sections[3].table.as_ref().unwrap();
        assert_eq!(list.rows.len(), 2);
        // the warning is on the row and in the summary
        assert!(list.rows[1][7].contains("หมายเหตุ"), "{}", list.rows[1][7]);
        assert!(doc.sections[0].paragraphs[1].contains("3,000"));
        assert!(doc.closing[1].contains("ฉบับที่ 2"));
        let csv = doc.csv().unwrap().unwrap();
        assert!(csv.contains("4500.00"));
        assert_eq!(doc.file_stem(), "gifts-2565");

        let empty = IntegrityDoc::gifts(&gift_report(vec![]), None, Digits::Thai);
        assert_eq!(empty.sections.len(), 1);
        assert!(empty.sections[0].paragraphs[0].contains(NO_GIFTS_TH));
        assert!(empty.csv().unwrap().unwrap().contains(NO_GIFTS_TH));
    }

    #[test]
    fn every_format_renders() {
        for (i, doc) in [
            IntegrityDoc::activities(&activity_report(), None, Digits::Thai),
            IntegrityDoc::gifts(&gift_report(gifts()), None, Digits::Thai),
            IntegrityDoc::gifts(&gift_report(vec![]), None, Digits::Thai),
        ]
        .into_iter()
        .enumerate()
        {
            let pdf = doc.pdf().unwrap();
            assert!(pdf.starts_with(b"%PDF"));
            if let Ok(dir) = std::env::var("PRONGSAI_RENDER_DIR") {
                std::fs::write(format!("{dir}/{i}-{}.pdf", doc.file_stem()), &pdf).unwrap();
            }
            assert!(doc.docx().unwrap().starts_with(b"PK"));
            assert!(doc.xlsx().unwrap().starts_with(b"PK"));
        }
    }
}

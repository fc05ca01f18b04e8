//! The HR reports (บริหารทรัพยากรบุคคล), made from a [`HrReport`] as it was signed:
//!
//! * the six-month report (รายงานผลการดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล รอบ ๖ เดือน,
//!   1 October – 31 March) and the annual report (รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล
//!   ประจำปีงบประมาณ): the workforce by staff type with the vacancy rate, the personnel actions
//!   by kind and their list, the training figures (people trained and their share of the staff,
//!   total and mean hours, by unit, cost, courses with ethics content) with two charts, the HR
//!   officer's results, problems and improvements, and the training records as an annex.
//!
//! PDF (A4 portrait, typst, Sarabun, the charts), DOCX (the same text and tables, without the
//! charts) and XLSX (the figures and every row, numbers as numbers). Every text is formatted
//! here in the digits chosen; the template only lays it out from `/data.json`.

use chrono::NaiveDate;
use docx_rs::{AlignmentType, Paragraph};
use prongsai_domain::calendar::{
    format_date_long_th, format_date_range_th, format_date_th, to_thai_digits, DateStyle, Digits,
    MonthStyle,
};
use prongsai_domain::hr::{
    format_tenths, period_label_th, report_title_th, HrFigures, HrReport, StaffType,
};
use prongsai_domain::measures::RoundPeriod;
use prongsai_domain::procurement::{format_satang, Share};
use serde::Serialize;
use serde_json::json;

use crate::chart::{bar_chart_svg, Labelled};
use crate::docx::{run, DocxError, DocxTable, OfficialDocx};
use crate::pdf::{render, PdfError};
use crate::xlsx::{Cell, Sheet};

const TEMPLATE: &str = include_str!("../../templates/hr.typ");

/// The file name stem of a report: `hr-report-2566-half`, `hr-report-2565-year`.
pub fn file_stem(report: &HrReport) -> String {
    format!(
        "hr-report-{}-{}",
        report.fiscal_year.be(),
        report.period.code()
    )
}

/// Digits and "พ.ศ." as printed: with Thai digits every digit is Thai (the user's text too).
fn printed(s: &str, digits: Digits) -> String {
    let s = s.replace("พ.ศ. ", "พ.ศ.\u{a0}");
    match digits {
        Digits::Thai => to_thai_digits(&s),
        Digits::Arabic => s,
    }
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

/// A table of the report: the header, the rows, the totals row (may be empty), each column's
/// share of the width and alignment (`left`, `center`, `right`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total: Vec<String>,
    pub widths: Vec<f64>,
    pub aligns: Vec<&'static str>,
}

/// The report, every text as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HrDoc {
    pub thai_digits: bool,
    pub heading: Vec<String>,
    /// The period covered.
    pub span: String,
    /// The numbered section titles, in order: workforce, actions, training, charts, results,
    /// problems, improvements, annex.
    pub sections: Vec<String>,
    pub workforce_text: String,
    pub workforce: Table,
    pub actions_text: String,
    pub actions_by_kind: Table,
    /// The list of actions (no rows: `actions_text` says there were none).
    pub actions: Table,
    pub training_text: Vec<String>,
    pub by_unit: Table,
    pub ethics_title: String,
    pub ethics: Vec<String>,
    pub chart_units_caption: String,
    pub chart_workforce_caption: String,
    pub results: Vec<String>,
    pub problems: Vec<String>,
    pub improvements: Vec<String>,
    pub trainings: Table,
    pub date: String,
    #[serde(skip)]
    report: HrReport,
    #[serde(skip)]
    figures: HrFigures,
    #[serde(skip)]
    digits: Digits,
}

fn date_abbrev(d: NaiveDate, digits: Digits) -> String {
    format_date_th(d, DateStyle::new(digits, MonthStyle::Abbrev))
}

fn unit_or_dash(u: &str) -> String {
    if u.trim().is_empty() {
        "ไม่ระบุ".to_owned()
    } else {
        u.to_owned()
    }
}

impl HrDoc {
    /// The document of `report` of `agency`; `signed_on` is the day the executive
    /// acknowledged it (printed under the report), else the day the figures are of.
    pub fn new(agency: &str, report: &HrReport, digits: Digits, signed_on: NaiveDate) -> Self {
        let p = |s: &str| printed(s, digits);
        let n = |x: u64| digits.apply(&group(x));
        let b = |satang: i64| format_satang(satang, digits);
        let pct = |s: Share| s.format(digits);
        let f = report.figures();
        let year = report.fiscal_year;
        let agency = agency.trim();

        // workforce
        let type_row = |label: &str, t: &prongsai_domain::hr::TypeFigures| {
            vec![
                label.to_owned(),
                n(t.framework),
                n(t.filled),
                n(t.vacant),
                pct(t.vacancy_rate()),
            ]
        };
        let workforce = Table {
            header: vec![
                "ประเภทบุคลากร".into(),
                "กรอบอัตรากำลัง\n(อัตรา)".into(),
                "มีคนครอง\n(อัตรา)".into(),
                "ว่าง\n(อัตรา)".into(),
                "ร้อยละ\nอัตราว่าง".into(),
            ],
            rows: f
                .by_type
                .iter()
                .map(|t| type_row(t.staff_type.map_or("", StaffType::label_th), t))
                .collect(),
            total: type_row("รวม", &f.total),
            widths: vec![3.2, 1.4, 1.3, 1.1, 1.2],
            aligns: vec!["left", "right", "right", "right", "right"],
        };
        let workforce_text = p(&format!(
            "ตามแผนอัตรากำลังของ{} {} มีกรอบอัตรากำลังทั้งสิ้น {} อัตรา มีคนครอง {} อัตรา ว่าง {} อัตรา คิดเป็นอัตราว่างร้อยละ {}",
            agency,
            year.label_th(digits),
            n(f.total.framework),
            n(f.total.filled),
            n(f.total.vacant),
            pct(f.total.vacancy_rate()),
        ));

        // actions
        let actions_by_kind = Table {
            header: vec!["การดำเนินการ".into(), "จำนวน (ราย)".into()],
            rows: f
                .appointments
                .iter()
                .map(|(k, c)| vec![k.label_th().to_owned(), n(*c)])
                .collect(),
            total: vec!["รวม".into(), n(f.appointments_total)],
            widths: vec![3.0, 1.2],
            aligns: vec!["left", "right"],
        };
        let actions_text = if report.appointments.is_empty() {
            "ในช่วงเวลานี้ไม่มีการบรรจุ แต่งตั้ง โยกย้าย โอน หรือเลื่อนระดับ".to_owned()
        } else {
            p(&format!(
                "ในช่วงเวลานี้มีการบรรจุ แต่งตั้ง โยกย้าย โอน และเลื่อนระดับรวม {} ราย ดังนี้",
                n(f.appointments_total)
            ))
        };
        let actions = Table {
            header: vec![
                "ที่".into(),
                "ชื่อ-สกุล".into(),
                "ตำแหน่ง".into(),
                "การดำเนินการ".into(),
                "กอง/งาน".into(),
                "วันที่".into(),
                "คำสั่ง".into(),
            ],
            rows: report
                .appointments
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    vec![
                        digits.number(i + 1),
                        p(&a.person),
                        p(&a.position),
                        a.kind.label_th().to_owned(),
                        p(&unit_or_dash(&a.unit)),
                        date_abbrev(a.date, digits),
                        p(&a.order_no),
                    ]
                })
                .collect(),
            total: Vec::new(),
            widths: vec![0.5, 2.0, 1.5, 1.3, 1.4, 1.1, 1.5],
            aligns: vec!["center", "left", "left", "left", "left", "center", "left"],
        };

        // training
        let t = &f.training;
        let mut training_text = vec![p(&format!(
            "บุคลากรได้รับการพัฒนา {} คน ({} รายการ) จากบุคลากรที่มีคนครองทั้งหมด {} คน คิดเป็นร้อยละ {} รวม {} ชั่วโมง เฉลี่ย {} ชั่วโมงต่อคน ค่าใช้จ่ายรวม {} บาท",
            n(t.people),
            n(t.records),
            n(t.staff),
            pct(t.share_trained()),
            format_tenths(t.hours_tenths, digits),
            t.mean_hours_tenths()
                .map_or_else(|| "-".to_owned(), |m| format_tenths(m, digits)),
            b(t.cost),
        ))];
        training_text.push(if t.ethics_courses.is_empty() {
            "ไม่มีหลักสูตรที่มีเนื้อหาด้านคุณธรรม จริยธรรม ในช่วงเวลานี้".to_owned()
        } else {
            p(&format!(
                "หลักสูตรที่มีเนื้อหาด้านคุณธรรม จริยธรรม {} หลักสูตร มีผู้เข้ารับการพัฒนา {} คน",
                n(t.ethics_courses.len() as u64),
                n(t.ethics_people)
            ))
        });
        let by_unit = Table {
            header: vec![
                "กอง/งาน".into(),
                "ผู้ได้รับ\nการพัฒนา (คน)".into(),
                "รายการ".into(),
                "ชั่วโมง".into(),
                "ค่าใช้จ่าย\n(บาท)".into(),
            ],
            rows: t
                .by_unit
                .iter()
                .map(|u| {
                    vec![
                        p(&unit_or_dash(&u.unit)),
                        n(u.people),
                        n(u.records),
                        format_tenths(u.hours_tenths, digits),
                        b(u.cost),
                    ]
                })
                .collect(),
            total: vec![
                "รวม".into(),
                n(t.people),
                n(t.records),
                format_tenths(t.hours_tenths, digits),
                b(t.cost),
            ],
            widths: vec![3.0, 1.4, 0.9, 1.0, 1.5],
            aligns: vec!["left", "right", "right", "right", "right"],
        };
        let trainings = Table {
            header: vec![
                "ที่".into(),
                "ชื่อ-สกุล".into(),
                "กอง/งาน".into(),
                "หลักสูตร".into(),
                "หน่วยงานผู้จัด".into(),
                "วันที่".into(),
                "ชั่วโมง".into(),
            ],
            rows: report
                .trainings
                .iter()
                .enumerate()
                .map(|(i, tr)| {
                    let when = format_date_range_th(
                        tr.start,
                        tr.end,
                        DateStyle::new(digits, MonthStyle::Abbrev),
                    );
                    vec![
                        digits.number(i + 1),
                        p(&tr.person),
                        p(&unit_or_dash(&tr.unit)),
                        if tr.ethics {
                            p(&format!("{}\u{a0}*", tr.course))
                        } else {
                            p(&tr.course)
                        },
                        p(&tr.organiser),
                        when,
                        tr.hours.format(digits),
                    ]
                })
                .collect(),
            total: Vec::new(),
            widths: vec![0.5, 1.9, 1.7, 3.2, 2.1, 2.1, 0.8],
            aligns: vec!["center", "left", "left", "left", "left", "center", "right"],
        };
        let section = |i: usize, s: &str| format!("{}. {s}", digits.number(i));
        let span = report.period.period(year);
        Self {
            thai_digits: digits == Digits::Thai,
            heading: {
                // "รายงาน…บุคคล" above "รอบ ๖ เดือน ปีงบประมาณ…" / "ประจำปีงบประมาณ…"
                let title = report_title_th(year, report.period, Digits::Arabic);
                let mut lines: Vec<String> = match title.find(" รอบ ").or(title.find(" ประจำ"))
                {
                    Some(i) => vec![p(&title[..i]), p(title[i..].trim())],
                    None => vec![p(&title)],
                };
                lines.push(p(agency));
                lines
            },
            span: p(&format!(
                "ระยะเวลา {} ถึง {}",
                format_date_long_th(span.start, digits),
                format_date_long_th(span.end, digits)
            )),
            sections: vec![
                section(1, "อัตรากำลัง"),
                section(2, "การบรรจุ แต่งตั้ง โยกย้าย โอน และเลื่อนระดับ"),
                section(3, "การพัฒนาบุคลากร"),
                section(4, "แผนภูมิ"),
                section(5, "ผลการดำเนินงาน"),
                section(6, "ปัญหา อุปสรรค"),
                section(7, "แนวทางการปรับปรุง"),
                "ภาคผนวก รายละเอียดการพัฒนาบุคลากร".into(),
            ],
            workforce_text,
            workforce,
            actions_text,
            actions_by_kind,
            actions,
            training_text,
            by_unit,
            ethics_title: "หลักสูตรที่มีเนื้อหาด้านคุณธรรม จริยธรรม (เครื่องหมาย * ในภาคผนวก)".into(),
            ethics: t.ethics_courses.iter().map(|c| p(c)).collect(),
            chart_units_caption: "จำนวนชั่วโมงการพัฒนาบุคลากร จำแนกตามกอง/งาน".into(),
            chart_workforce_caption: "อัตรากำลังที่มีคนครอง จำแนกตามประเภทบุคลากร (อัตรา)".into(),
            results: paragraphs(&report.notes.results, digits),
            problems: paragraphs(&report.notes.problems, digits),
            improvements: paragraphs(&report.notes.improvements, digits),
            trainings,
            date: p(&format!(
                "ผู้บริหารรับทราบเมื่อ {}",
                format_date_long_th(signed_on, digits)
            )),
            report: report.clone(),
            figures: f,
            digits,
        }
    }

    /// The same document for a draft not yet signed: the last line says so with `today`.
    pub fn draft(agency: &str, report: &HrReport, digits: Digits, today: NaiveDate) -> Self {
        let mut d = Self::new(agency, report, digits, today);
        d.date = printed(
            &format!(
                "ฉบับร่าง ยังไม่ได้เสนอผู้บริหาร ข้อมูล ณ {}",
                format_date_long_th(today, digits)
            ),
            digits,
        );
        d
    }

    /// Hours of training by unit (SVG).
    pub fn units_chart_svg(&self) -> String {
        let d = self.digits;
        let values: Vec<Labelled> = self
            .figures
            .training
            .by_unit
            .iter()
            .map(|u| Labelled {
                label: unit_or_dash(&u.unit),
                value: u.hours_tenths as f64 / 10.0,
                text: format_tenths(u.hours_tenths, d),
            })
            .collect();
        bar_chart_svg(&self.chart_units_caption, &values, "ชั่วโมง", "#1d4e89", d)
    }

    /// Filled positions by staff type, with the framework (SVG).
    pub fn workforce_chart_svg(&self) -> String {
        let d = self.digits;
        let values: Vec<Labelled> = self
            .figures
            .by_type
            .iter()
            .map(|t| Labelled {
                label: t.staff_type.map_or("", StaffType::label_th).to_owned(),
                value: t.filled as f64,
                text: d.apply(&format!("{} จาก {}", t.filled, t.framework)),
            })
            .collect();
        bar_chart_svg(&self.chart_workforce_caption, &values, "อัตรา", "#2f7d4a", d)
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        json!(self)
    }

    /// A4 portrait PDF with the two charts. Call from a blocking thread.
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(
            TEMPLATE,
            &self.template_data(),
            &[
                ("/units.svg", self.units_chart_svg().into_bytes()),
                ("/workforce.svg", self.workforce_chart_svg().into_bytes()),
            ],
        )
    }

    /// Editable DOCX: the text and the tables (the charts are in the PDF).
    pub fn docx(&self) -> Result<Vec<u8>, DocxError> {
        let mut w = OfficialDocx::new(false, self.thai_digits, SMALL_SIZE);
        let para = |w: &mut OfficialDocx, text: &str, align, bold, size| {
            w.push(Paragraph::new().align(align).add_run(run(text, bold, size)));
        };
        let indented = |w: &mut OfficialDocx, text: &str| {
            w.push(
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
        };
        let table = |w: &mut OfficialDocx, t: &Table| {
            if t.rows.is_empty() {
                return;
            }
            let sum: f64 = t.widths.iter().sum();
            let widths = t
                .widths
                .iter()
                .map(|x| (w.text_width as f64 * x / sum).round() as usize)
                .collect();
            let aligns = t
                .aligns
                .iter()
                .map(|a| match *a {
                    "center" => AlignmentType::Center,
                    "right" => AlignmentType::Right,
                    _ => AlignmentType::Left,
                })
                .collect();
            let mut rows: Vec<(&[String], bool)> =
                t.rows.iter().map(|r| (r.as_slice(), false)).collect();
            if !t.total.is_empty() {
                rows.push((t.total.as_slice(), true));
            }
            w.table(DocxTable {
                widths,
                header: Some(&t.header),
                aligns,
                rows,
                size: TABLE_SIZE,
                char_twips: DOCX_CHAR,
                pad_twips: DOCX_PAD,
                keep_lines: 8,
            });
        };
        for (i, h) in self.heading.iter().enumerate() {
            para(
                &mut w,
                h,
                AlignmentType::Center,
                true,
                if i + 1 < self.heading.len() {
                    HEAD_SIZE
                } else {
                    BODY_SIZE
                },
            );
        }
        para(&mut w, &self.span, AlignmentType::Center, false, BODY_SIZE);
        w.blank();
        let s = &self.sections;
        para(&mut w, &s[0], AlignmentType::Left, true, BODY_SIZE);
        indented(&mut w, &self.workforce_text);
        table(&mut w, &self.workforce);
        para(&mut w, &s[1], AlignmentType::Left, true, BODY_SIZE);
        table(&mut w, &self.actions_by_kind);
        indented(&mut w, &self.actions_text);
        table(&mut w, &self.actions);
        para(&mut w, &s[2], AlignmentType::Left, true, BODY_SIZE);
        for t in &self.training_text {
            indented(&mut w, t);
        }
        table(&mut w, &self.by_unit);
        if !self.ethics.is_empty() {
            para(
                &mut w,
                &self.ethics_title,
                AlignmentType::Left,
                false,
                BODY_SIZE,
            );
            for (i, c) in self.ethics.iter().enumerate() {
                indented(&mut w, &format!("{}) {c}", self.digits.number(i + 1)));
            }
        }
        para(&mut w, &s[3], AlignmentType::Left, true, BODY_SIZE);
        indented(
            &mut w,
            "แผนภูมิจำนวนชั่วโมงการพัฒนาจำแนกตามกอง/งาน และอัตรากำลังจำแนกตามประเภทบุคลากร อยู่ในรายงานฉบับ PDF",
        );
        for (title, ps) in [
            (&s[4], &self.results),
            (&s[5], &self.problems),
            (&s[6], &self.improvements),
        ] {
            para(&mut w, title, AlignmentType::Left, true, BODY_SIZE);
            for p in ps {
                indented(&mut w, p);
            }
        }
        w.blank();
        para(&mut w, &self.date, AlignmentType::Right, false, SMALL_SIZE);
        if !self.trainings.rows.is_empty() {
            w.blank();
            para(&mut w, &s[7], AlignmentType::Left, true, BODY_SIZE);
            table(&mut w, &self.trainings);
        }
        w.build()
    }

    /// Open data: the figures by type, by kind and by unit, and every row of the report
    /// (dates as `YYYY-MM-DD`, hours and amounts as numbers).
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let r = &self.report;
        let f = &self.figures;
        let title = vec![self.heading.join(" "), self.span.clone(), self.date.clone()];
        let num = |x: u64| Cell::from(x);
        let baht = |satang: i64| Cell::Number(satang as f64 / 100.0);
        let hours = |tenths: u64| Cell::Number(tenths as f64 / 10.0);
        let date = |d: NaiveDate| Cell::Text(d.format("%Y-%m-%d").to_string());
        let mut types: Vec<Vec<Cell>> = f
            .by_type
            .iter()
            .chain(std::iter::once(&f.total))
            .map(|t| {
                vec![
                    Cell::Text(t.staff_type.map_or("รวม", StaffType::label_th).to_owned()),
                    num(t.framework),
                    num(t.filled),
                    num(t.vacant),
                    t.vacancy_rate()
                        .percent()
                        .map(|p| (p * 100.0).round() / 100.0)
                        .into(),
                ]
            })
            .collect();
        types.extend(r.workforce.iter().map(|w| {
            vec![
                Cell::Text(format!("{} — {}", w.staff_type.label_th(), w.group)),
                num(u64::from(w.framework)),
                num(u64::from(w.filled)),
                num(u64::from(w.framework.saturating_sub(w.filled))),
                Cell::Text(w.unit.clone()),
            ]
        }));
        let t = &f.training;
        let mut units: Vec<Vec<Cell>> = t
            .by_unit
            .iter()
            .map(|u| {
                vec![
                    Cell::Text(unit_or_dash(&u.unit)),
                    num(u.people),
                    num(u.records),
                    hours(u.hours_tenths),
                    baht(u.cost),
                ]
            })
            .collect();
        units.push(vec![
            Cell::Text("รวม".into()),
            num(t.people),
            num(t.records),
            hours(t.hours_tenths),
            baht(t.cost),
        ]);
        crate::xlsx::workbook(&[
            Sheet {
                name: "อัตรากำลัง".into(),
                title: title.clone(),
                header: vec![
                    "ประเภทบุคลากร / ตำแหน่ง".into(),
                    "กรอบอัตรากำลัง".into(),
                    "มีคนครอง".into(),
                    "ว่าง".into(),
                    "ร้อยละอัตราว่าง / กอง/งาน".into(),
                ],
                rows: types,
            },
            Sheet {
                name: "การบรรจุแต่งตั้ง".into(),
                title: title.clone(),
                header: vec![
                    "ชื่อ-สกุล".into(),
                    "ตำแหน่ง".into(),
                    "การดำเนินการ".into(),
                    "กอง/งาน".into(),
                    "วันที่".into(),
                    "คำสั่ง".into(),
                    "รหัสการดำเนินการ".into(),
                ],
                rows: r
                    .appointments
                    .iter()
                    .map(|a| {
                        vec![
                            Cell::Text(a.person.clone()),
                            Cell::Text(a.position.clone()),
                            Cell::Text(a.kind.label_th().to_owned()),
                            Cell::Text(a.unit.clone()),
                            date(a.date),
                            Cell::Text(a.order_no.clone()),
                            Cell::Text(a.kind.code().to_owned()),
                        ]
                    })
                    .collect(),
            },
            Sheet {
                name: "การพัฒนาตามกองงาน".into(),
                title: title.clone(),
                header: vec![
                    "กอง/งาน".into(),
                    "ผู้ได้รับการพัฒนา (คน)".into(),
                    "รายการ".into(),
                    "ชั่วโมง".into(),
                    "ค่าใช้จ่าย (บาท)".into(),
                ],
                rows: units,
            },
            Sheet {
                name: "การพัฒนาบุคลากร".into(),
                title,
                header: vec![
                    "ชื่อ-สกุล".into(),
                    "ตำแหน่ง".into(),
                    "กอง/งาน".into(),
                    "หลักสูตร".into(),
                    "หน่วยงานผู้จัด".into(),
                    "วันเริ่ม".into(),
                    "วันสิ้นสุด".into(),
                    "ชั่วโมง".into(),
                    "ค่าใช้จ่าย (บาท)".into(),
                    "มีเนื้อหาด้านคุณธรรม จริยธรรม".into(),
                ],
                rows: r
                    .trainings
                    .iter()
                    .map(|tr| {
                        vec![
                            Cell::Text(tr.person.clone()),
                            Cell::Text(tr.position.clone()),
                            Cell::Text(tr.unit.clone()),
                            Cell::Text(tr.course.clone()),
                            Cell::Text(tr.organiser.clone()),
                            date(tr.start),
                            date(tr.end),
                            hours(u64::from(tr.hours.0)),
                            baht(tr.cost.satang()),
                            Cell::Text(
                                if tr.ethics {
                                    "ใช่"
                                } else {
                                    "ไม่ใช่"
                                }
                                .into(),
                            ),
                        ]
                    })
                    .collect(),
            },
        ])
    }

    /// The file name stem: `hr-report-2566-half`.
    pub fn file_stem(&self) -> String {
        file_stem(&self.report)
    }

    /// The period of the report.
    pub fn period(&self) -> RoundPeriod {
        self.report.period
    }

    /// The period's label, e.g. "รอบ ๖ เดือน (๑ ต.ค. ๒๕๖๕ – ๓๑ มี.ค. ๒๕๖๖) ปีงบประมาณ พ.ศ. ๒๕๖๖".
    pub fn period_label(&self) -> String {
        period_label_th(self.report.fiscal_year, self.report.period, self.digits)
    }
}

/// A whole number with thousands commas.
fn group(n: u64) -> String {
    format_tenths(n * 10, Digits::Arabic)
}

const BODY_SIZE: usize = 32;
const HEAD_SIZE: usize = 34;
const SMALL_SIZE: usize = 28;
const TABLE_SIZE: usize = 26;
/// First-line indent of a paragraph, in twips (2.5 cm).
const INDENT: i32 = 1417;
/// About one character of the table's font, and a cell's margins, in twips.
const DOCX_CHAR: usize = 110;
const DOCX_PAD: usize = 230;

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::hr::{ActionKind, Appointment, Hours, Notes, Training, WorkforceRow};
    use prongsai_domain::procurement::Money;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub(crate) fn sample(period: RoundPeriod) -> HrReport {
        let year = FiscalYear::new(2566).unwrap();
        let wf: Vec<WorkforceRow> = (0..8)
            .map(|i| WorkforceRow {
                staff_type: StaffType::ALL[i % 4],
                group: format!("ตำแหน่งกลุ่มที่ {i} <b>สายงานวิชาการ</b>"),
                unit_id: Some(i as i64 % 3),
                framework: 3,
                filled: 2 + (i as u32 % 2),
                accept_over: false,
            })
            .collect();
        let ap: Vec<Appointment> = ActionKind::ALL
            .iter()
            .enumerate()
            .map(|(i, k)| Appointment {
                fiscal_year: year,
                person: format!("นางสาวทดสอบ คนที่{i}"),
                position: "นักทรัพยากรบุคคลชำนาญการพิเศษ".into(),
                kind: *k,
                unit_id: Some(1),
                date: d(2022, 10, 5) + chrono::Duration::days(i as i64 * 40),
                order_no: format!("คำสั่งองค์การบริหารส่วนตำบลกระโทก ที่ {}/2566", 10 + i),
            })
            .collect();
        let tr: Vec<Training> = (0..30)
            .map(|i| Training {
                fiscal_year: year,
                person: format!("บุคลากร คนที่ {}", i % 17),
                position: "เจ้าพนักงาน".into(),
                unit_id: Some(i as i64 % 3),
                course: if i % 4 == 0 {
                    "ประมวลจริยธรรมและการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม".into()
                } else {
                    "การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐตามพระราชบัญญัติการจัดซื้อจัดจ้างฯ".into()
                },
                organiser: "สถาบันพัฒนาบุคลากรท้องถิ่น".into(),
                start: d(2022, 11, 1) + chrono::Duration::days(i as i64 * 9),
                end: d(2022, 11, 2) + chrono::Duration::days(i as i64 * 9),
                hours: Hours(125),
                cost: Money::from_baht(1500).unwrap(),
                ethics: i % 4 == 0,
            })
            .collect();
        HrReport::build(
            year,
            period,
            |u| match u {
                Some(0) => "สำนักปลัด".into(),
                Some(1) => "กองการศึกษา ศาสนาและวัฒนธรรม".into(),
                _ => String::new(),
            },
            &wf,
            &ap,
            &tr,
            Notes {
                results: "ผลการดำเนินงานบรรทัดที่ 1\nบรรทัดที่ 2 พ.ศ. 2566".into(),
                problems: String::new(),
                improvements: "ปรับปรุง".into(),
            },
        )
    }

    #[test]
    fn the_document_reads_its_figures() {
        let r = sample(RoundPeriod::Year);
        let doc = HrDoc::new("องค์การบริหารส่วนตำบลกระโทก", &r, Digits::Thai, d(2023, 11, 2));
        assert!(doc.heading[0].starts_with("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล"));
        assert_eq!(doc.heading[1], "ประจำปีงบประมาณ พ.ศ.\u{a0}๒๕๖๖");
        assert_eq!(doc.heading.len(), 3);
        assert_eq!(doc.workforce.rows.len(), 4);
        assert_eq!(doc.workforce.total[1], "๒๔");
        assert_eq!(doc.actions.rows.len(), 5);
        assert_eq!(doc.problems, ["-"]);
        assert_eq!(doc.results.len(), 2);
        assert!(
            doc.training_text[0].contains("๑๗ คน"),
            "{}",
            doc.training_text[0]
        );
        assert_eq!(doc.ethics.len(), 1);
        assert!(doc.date.contains("๒ พฤศจิกายน"));
        // user text stays text in the chart
        assert!(!doc.units_chart_svg().contains("<b>"));
        let half = HrDoc::new(
            "อบต.",
            &sample(RoundPeriod::Half),
            Digits::Arabic,
            d(2023, 4, 2),
        );
        assert!(half.heading[1].starts_with("รอบ 6 เดือน"));
        assert!(half.span.contains("31 มีนาคม"));
        assert!(half.trainings.rows.len() < 30);
        assert_eq!(half.file_stem(), "hr-report-2566-half");
    }

    #[test]
    fn docx_and_xlsx_are_written() {
        let doc = HrDoc::new(
            "อบต.",
            &sample(RoundPeriod::Year),
            Digits::Thai,
            d(2023, 11, 2),
        );
        let docx = doc.docx().unwrap();
        assert_eq!(&docx[..2], b"PK");
        let xlsx = doc.xlsx().unwrap();
        assert_eq!(&xlsx[..2], b"PK");
    }

    #[test]
    fn pdf_renders() {
        for (period, name) in [(RoundPeriod::Year, "year"), (RoundPeriod::Half, "half")] {
            let doc = HrDoc::new(
                "องค์การบริหารส่วนตำบลกระโทก",
                &sample(period),
                Digits::Thai,
                d(2023, 11, 2),
            );
            let pdf = doc.pdf().unwrap();
            assert_eq!(&pdf[..4], b"%PDF");
            std::fs::write(std::env::temp_dir().join(format!("hr-{name}.pdf")), pdf).unwrap();
        }
    }
}

//! แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ (the anti-corruption action plan) and its
//! progress reports (รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต รอบ ๖ เดือน / ประจำปี).
//!
//! The plan: each project with its objectives, indicators and targets, budget, the quarters it
//! runs in (shaded in the PDF), who is responsible, its steps with their deadlines and the risks
//! it treats; then the budget by quarter (each project's budget split evenly over its quarters,
//! see `domain::anticorruption::budget_by_quarter`) and overall. The report: each project with
//! its budget, the amount spent in the period, its steps with their status and done date, the
//! result, and the totals (budget, spent, share spent, projects done / under way / not
//! started). Both as PDF (typst, A4 landscape), DOCX (the generic official document) and XLSX.
//!
//! [`PlanDoc`] and [`ReportDoc`] are what the executive signs: frozen as JSON at submission,
//! the public documents rendered from the signed copy.

use chrono::NaiveDate;
use prongsai_domain::anticorruption::{budget_by_quarter, Indicator, ProjectState, ReportTotals};
use prongsai_domain::calendar::{
    format_date_long_th, format_date_th, to_thai_digits, DateStyle, Digits, MonthStyle,
};
use prongsai_domain::measures::{RoundPeriod, StepStatus};
use prongsai_domain::procurement::{format_satang, Money};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::docx::DocxError;
use crate::pdf::{render, PdfError};
use crate::reports::notice::{Notice, NoticeTable, Signer};
use crate::xlsx::{Cell, Sheet};

const PLAN_TEMPLATE: &str = include_str!("../../templates/anticorruption_plan.typ");
const REPORT_TEMPLATE: &str = include_str!("../../templates/anticorruption_report.typ");

fn digits(thai: bool) -> Digits {
    if thai {
        Digits::Thai
    } else {
        Digits::Arabic
    }
}

fn baht(satang: i64, thai: bool) -> String {
    format_satang(satang, digits(thai))
}

fn signer_json(s: &Option<Signer>, t: &dyn Fn(&str) -> String) -> serde_json::Value {
    match s {
        Some(s) => json!({
            "name": format!("({})", t(s.name.trim())),
            "position": t(s.position.trim()),
        }),
        None => serde_json::Value::Null,
    }
}

/// One project as the plan prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanProject {
    pub name: String,
    pub objectives: String,
    /// Satang.
    pub budget: i64,
    /// The responsible unit and/or person, as printed.
    pub responsible: String,
    /// 1–4, ascending.
    pub quarters: Vec<u8>,
    pub indicators: Vec<Indicator>,
    /// The risks it treats, by their event.
    pub risks: Vec<String>,
    /// The steps as numbered, each with its deadline in its text.
    pub steps: Vec<String>,
}

/// The plan of a year; see the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDoc {
    pub agency: String,
    /// Buddhist Era fiscal year.
    pub year: i32,
    pub intro: Vec<String>,
    pub projects: Vec<PlanProject>,
    pub signer: Option<Signer>,
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
}

/// The default introduction of a year's plan.
pub fn plan_intro(agency: &str, year: i32) -> Vec<String> {
    vec![format!(
        "{agency} ได้จัดทำแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {year} เพื่อเป็นกรอบแนวทางในการดำเนินการป้องกันและปราบปรามการทุจริตและประพฤติมิชอบ ส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงาน โดยกำหนดโครงการและกิจกรรม งบประมาณ ระยะเวลาดำเนินการ ผู้รับผิดชอบ และตัวชี้วัด ซึ่งเชื่อมโยงกับผลการประเมินความเสี่ยงการทุจริตของปีเดียวกัน ดังนี้"
    )]
}

impl PlanDoc {
    pub fn title(&self) -> String {
        format!(
            "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ.\u{a0}{}",
            self.year
        )
    }

    /// The budget of each quarter (satang).
    pub fn by_quarter(&self) -> [i64; 4] {
        budget_by_quarter(self.projects.iter().map(|p| {
            (
                Money::from_satang(p.budget).unwrap_or_default(),
                p.quarters.as_slice(),
            )
        }))
    }

    /// The total budget (satang).
    pub fn total(&self) -> i64 {
        self.projects.iter().map(|p| p.budget).sum()
    }

    fn indicators(p: &PlanProject) -> String {
        p.indicators
            .iter()
            .map(|i| {
                if i.target.is_empty() {
                    format!("• {}", i.name)
                } else {
                    format!("• {} (เป้าหมาย: {})", i.name, i.target)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The data the typst template reads (numbers already in the chosen digits).
    pub fn template_data(&self, thai_digits: bool) -> serde_json::Value {
        let t = |s: &str| {
            if thai_digits {
                to_thai_digits(s)
            } else {
                s.to_string()
            }
        };
        let rows: Vec<_> = self
            .projects
            .iter()
            .enumerate()
            .map(|(k, p)| {
                json!({
                    "no": t(&(k + 1).to_string()),
                    "name": t(&p.name),
                    "objectives": t(&p.objectives),
                    "indicators": t(&Self::indicators(p)),
                    "budget": baht(p.budget, thai_digits),
                    "quarters": (1..=4u8).map(|q| p.quarters.contains(&q)).collect::<Vec<_>>(),
                    "responsible": t(&p.responsible),
                    "steps": t(&p.steps.join("\n")),
                    "risks": t(&p.risks.iter().map(|r| format!("• {r}")).collect::<Vec<_>>().join("\n")),
                })
            })
            .collect();
        let q = self.by_quarter();
        json!({
            "thai_digits": thai_digits,
            "title": t(&self.title()),
            "agency": self.agency,
            "intro": self.intro.iter().map(|p| t(p)).collect::<Vec<_>>(),
            "rows": rows,
            "count": t(&self.projects.len().to_string()),
            "quarters": q.iter().map(|s| baht(*s, thai_digits)).collect::<Vec<_>>(),
            "total": baht(self.total(), thai_digits),
            "signer": signer_json(&self.signer, &t),
            "signed_on": self.signed_on.map(|d| format_date_long_th(d, digits(thai_digits))),
        })
    }

    /// The plan as PDF. Call from a blocking thread.
    pub fn pdf(&self, thai_digits: bool) -> Result<Vec<u8>, PdfError> {
        render(PLAN_TEMPLATE, &self.template_data(thai_digits), &[])
    }

    /// The plan as an editable DOCX (A4 landscape).
    pub fn docx(&self, thai_digits: bool) -> Result<Vec<u8>, DocxError> {
        let q = self.by_quarter();
        let mut paragraphs = self.intro.clone();
        paragraphs.push(format!(
            "รวม {} โครงการ/กิจกรรม งบประมาณรวม {} บาท (ไตรมาสที่ ๑ {} บาท ไตรมาสที่ ๒ {} บาท ไตรมาสที่ ๓ {} บาท ไตรมาสที่ ๔ {} บาท)",
            self.projects.len(),
            baht(self.total(), false),
            baht(q[0], false),
            baht(q[1], false),
            baht(q[2], false),
            baht(q[3], false),
        ));
        let rows = self
            .projects
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let mut name = p.name.clone();
                if !p.objectives.is_empty() {
                    name.push_str(&format!("\nวัตถุประสงค์: {}", p.objectives));
                }
                vec![
                    (k + 1).to_string(),
                    name,
                    Self::indicators(p),
                    baht(p.budget, false),
                    quarters_text(&p.quarters),
                    p.responsible.clone(),
                    p.steps.join("\n"),
                    p.risks.join("\n"),
                ]
            })
            .collect();
        Notice {
            agency: self.agency.clone(),
            kind: String::new(),
            title: self.title(),
            date: self.signed_on,
            paragraphs,
            table: Some(NoticeTable {
                header: PLAN_HEADER.iter().map(|s| s.to_string()).collect(),
                rows,
            }),
            signer: self.signer.clone(),
            landscape: true,
        }
        .docx(thai_digits)
    }

    /// The plan as an XLSX workbook (amounts as numbers in baht).
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut rows: Vec<Vec<Cell>> = self
            .projects
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let mut r = vec![
                    Cell::Number((k + 1) as f64),
                    p.name.clone().into(),
                    p.objectives.clone().into(),
                    Self::indicators(p).into(),
                    Cell::Number(p.budget as f64 / 100.0),
                ];
                for q in 1..=4u8 {
                    r.push(if p.quarters.contains(&q) {
                        "✓".into()
                    } else {
                        Cell::Empty
                    });
                }
                r.push(p.responsible.clone().into());
                r.push(p.steps.join("\n").into());
                r.push(p.risks.join("\n").into());
                r
            })
            .collect();
        let mut total = vec![
            Cell::Empty,
            "รวม".into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Number(self.total() as f64 / 100.0),
        ];
        total.extend(
            self.by_quarter()
                .iter()
                .map(|s| Cell::Number(*s as f64 / 100.0)),
        );
        rows.push(total);
        crate::xlsx::workbook(&[Sheet {
            name: "แผนปฏิบัติการ".into(),
            title: vec![self.title().replace('\u{a0}', " "), self.agency.clone()],
            header: [
                "ลำดับ",
                "โครงการ/กิจกรรม",
                "วัตถุประสงค์",
                "ตัวชี้วัด/ค่าเป้าหมาย",
                "งบประมาณ (บาท)",
                "ไตรมาส 1",
                "ไตรมาส 2",
                "ไตรมาส 3",
                "ไตรมาส 4",
                "ผู้รับผิดชอบ",
                "ขั้นตอนการดำเนินงาน",
                "ความเสี่ยงที่จัดการ",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            rows,
        }])
    }
}

fn quarters_text(q: &[u8]) -> String {
    q.iter()
        .map(|q| format!("ไตรมาส {q}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The plan table's columns (DOCX).
pub const PLAN_HEADER: [&str; 8] = [
    "ลำดับ",
    "โครงการ/กิจกรรม",
    "ตัวชี้วัด/ค่าเป้าหมาย",
    "งบประมาณ (บาท)",
    "ระยะเวลา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนการดำเนินงาน",
    "ความเสี่ยงที่จัดการ",
];

/// A step as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStep {
    pub text: String,
    /// `StepStatus::code()`.
    pub status: String,
    pub done_on: Option<NaiveDate>,
}

impl ReportStep {
    fn status(&self) -> StepStatus {
        StepStatus::parse(&self.status).unwrap_or(StepStatus::NotStarted)
    }
    fn printed(&self, thai: bool) -> String {
        let mut s = format!("{} — {}", self.text, self.status().label_th());
        if let Some(d) = self.done_on {
            s.push_str(&format!(
                " ({})",
                format_date_th(d, DateStyle::new(digits(thai), MonthStyle::Abbrev))
            ));
        }
        s
    }
}

/// One project as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportProject {
    pub name: String,
    pub responsible: String,
    /// Satang.
    pub budget: i64,
    /// Satang, in the period.
    pub spent: i64,
    pub result: String,
    pub steps: Vec<ReportStep>,
}

impl ReportProject {
    pub fn state(&self) -> ProjectState {
        ProjectState::of(self.steps.iter().map(|s| s.status()))
    }
}

/// A progress report of a period; see the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDoc {
    pub agency: String,
    pub year: i32,
    pub period: RoundPeriod,
    pub intro: Vec<String>,
    pub projects: Vec<ReportProject>,
    pub signer: Option<Signer>,
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
}

/// The title of a report.
pub fn report_title(year: i32, period: RoundPeriod) -> String {
    match period {
        RoundPeriod::Half => format!(
            "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ.\u{a0}{year} รอบ ๖ เดือน"
        ),
        RoundPeriod::Year => {
            format!("รายงานผลการดำเนินการป้องกันการทุจริตประจำปี ประจำปีงบประมาณ พ.ศ.\u{a0}{year}")
        }
    }
}

/// The default introduction of a report.
pub fn report_intro(agency: &str, year: i32, period: RoundPeriod) -> Vec<String> {
    let span = match period {
        RoundPeriod::Half => format!("ในรอบ ๖ เดือน (๑ ตุลาคม {} – ๓๑ มีนาคม {year})", year - 1),
        RoundPeriod::Year => format!("ตลอดปีงบประมาณ (๑ ตุลาคม {} – ๓๐ กันยายน {year})", year - 1),
    };
    vec![format!(
        "{agency} ได้ดำเนินโครงการและกิจกรรมตามแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {year} {span} โดยมีผลการดำเนินงานและการใช้จ่ายงบประมาณ ดังนี้"
    )]
}

impl ReportDoc {
    pub fn title(&self) -> String {
        report_title(self.year, self.period)
    }

    pub fn totals(&self) -> ReportTotals {
        ReportTotals::of(self.projects.iter().map(|p| {
            (
                Money::from_satang(p.budget).unwrap_or_default(),
                Money::from_satang(p.spent).unwrap_or_default(),
                p.state(),
            )
        }))
    }

    pub fn template_data(&self, thai_digits: bool) -> serde_json::Value {
        let t = |s: &str| {
            if thai_digits {
                to_thai_digits(s)
            } else {
                s.to_string()
            }
        };
        let rows: Vec<_> = self
            .projects
            .iter()
            .enumerate()
            .map(|(k, p)| {
                json!({
                    "no": t(&(k + 1).to_string()),
                    "name": t(&p.name),
                    "responsible": t(&p.responsible),
                    "budget": baht(p.budget, thai_digits),
                    "spent": baht(p.spent, thai_digits),
                    "steps": p.steps.iter().map(|s| t(&s.printed(thai_digits))).collect::<Vec<_>>(),
                    "result": t(&p.result),
                    "state": p.state().label_th(),
                    "state_code": p.state().code(),
                })
            })
            .collect();
        let tot = self.totals();
        let n = |v: usize| t(&v.to_string());
        json!({
            "thai_digits": thai_digits,
            "title": t(&self.title()),
            "agency": self.agency,
            "intro": self.intro.iter().map(|p| t(p)).collect::<Vec<_>>(),
            "rows": rows,
            "totals": {
                "projects": n(tot.projects()),
                "done": n(tot.done),
                "under_way": n(tot.under_way),
                "not_started": n(tot.not_started),
                "budget": baht(tot.budget, thai_digits),
                "spent": baht(tot.spent, thai_digits),
                "share": tot.share_spent().format(digits(thai_digits)),
            },
            "signer": signer_json(&self.signer, &t),
            "signed_on": self.signed_on.map(|d| format_date_long_th(d, digits(thai_digits))),
        })
    }

    pub fn pdf(&self, thai_digits: bool) -> Result<Vec<u8>, PdfError> {
        render(REPORT_TEMPLATE, &self.template_data(thai_digits), &[])
    }

    pub fn docx(&self, thai_digits: bool) -> Result<Vec<u8>, DocxError> {
        let tot = self.totals();
        let mut paragraphs = self.intro.clone();
        paragraphs.push(format!(
            "โครงการ/กิจกรรมทั้งหมด {} รายการ ดำเนินการแล้วเสร็จ {} อยู่ระหว่างดำเนินการ {} ยังไม่ได้ดำเนินการ {} งบประมาณรวม {} บาท ใช้จ่ายแล้ว {} บาท คิดเป็นร้อยละ {}",
            tot.projects(),
            tot.done,
            tot.under_way,
            tot.not_started,
            baht(tot.budget, false),
            baht(tot.spent, false),
            tot.share_spent().format(Digits::Arabic),
        ));
        let rows = self
            .projects
            .iter()
            .enumerate()
            .map(|(k, p)| {
                vec![
                    (k + 1).to_string(),
                    format!("{}\n({})", p.name, p.responsible),
                    baht(p.budget, false),
                    baht(p.spent, false),
                    p.steps
                        .iter()
                        .map(|s| s.printed(false))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    p.result.clone(),
                    p.state().label_th().into(),
                ]
            })
            .collect();
        Notice {
            agency: self.agency.clone(),
            kind: String::new(),
            title: self.title(),
            date: self.signed_on,
            paragraphs,
            table: Some(NoticeTable {
                header: REPORT_HEADER.iter().map(|s| s.to_string()).collect(),
                rows,
            }),
            signer: self.signer.clone(),
            landscape: true,
        }
        .docx(thai_digits)
    }

    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let tot = self.totals();
        let mut rows: Vec<Vec<Cell>> = self
            .projects
            .iter()
            .enumerate()
            .map(|(k, p)| {
                vec![
                    Cell::Number((k + 1) as f64),
                    p.name.clone().into(),
                    p.responsible.clone().into(),
                    Cell::Number(p.budget as f64 / 100.0),
                    Cell::Number(p.spent as f64 / 100.0),
                    p.steps
                        .iter()
                        .map(|s| s.printed(false))
                        .collect::<Vec<_>>()
                        .join("\n")
                        .into(),
                    p.result.clone().into(),
                    p.state().label_th().into(),
                ]
            })
            .collect();
        rows.push(vec![
            Cell::Empty,
            "รวม".into(),
            Cell::Empty,
            Cell::Number(tot.budget as f64 / 100.0),
            Cell::Number(tot.spent as f64 / 100.0),
            Cell::Empty,
            format!(
                "ใช้จ่ายร้อยละ {} · แล้วเสร็จ {} · ระหว่างดำเนินการ {} · ยังไม่ได้ดำเนินการ {}",
                tot.share_spent().format(Digits::Arabic),
                tot.done,
                tot.under_way,
                tot.not_started
            )
            .into(),
            Cell::Empty,
        ]);
        crate::xlsx::workbook(&[Sheet {
            name: "ผลการดำเนินงาน".into(),
            title: vec![self.title().replace('\u{a0}', " "), self.agency.clone()],
            header: [
                "ลำดับ",
                "โครงการ/กิจกรรม",
                "ผู้รับผิดชอบ",
                "งบประมาณ (บาท)",
                "ใช้จ่ายจริง (บาท)",
                "ขั้นตอนและสถานะ",
                "ผลการดำเนินงาน",
                "สถานะโครงการ",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            rows,
        }])
    }
}

/// The report table's columns (DOCX).
pub const REPORT_HEADER: [&str; 7] = [
    "ลำดับ",
    "โครงการ/กิจกรรม (ผู้รับผิดชอบ)",
    "งบประมาณ (บาท)",
    "ใช้จ่ายจริง (บาท)",
    "ขั้นตอนการดำเนินงานและสถานะ",
    "ผลการดำเนินงาน",
    "สถานะ",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(n: usize) -> PlanDoc {
        let names = [
            "โครงการอบรมคุณธรรมจริยธรรม ผู้บริหาร สมาชิกสภา และพนักงาน",
            "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง",
            "กิจกรรมประกาศเจตจำนงสุจริตของผู้บริหาร",
        ];
        PlanDoc {
            agency: "องค์การบริหารส่วนตำบลกระโทก".into(),
            year: 2566,
            intro: plan_intro("องค์การบริหารส่วนตำบลกระโทก", 2566),
            projects: (0..n)
                .map(|k| PlanProject {
                    name: names[k % 3].into(),
                    objectives: "เพื่อเสริมสร้างจิตสำนึกและค่านิยมในการปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต".into(),
                    budget: 2_000_000 + k as i64 * 100_000,
                    responsible: "สำนักปลัด\nนักทรัพยากรบุคคล".into(),
                    quarters: vec![(k % 4) as u8 + 1, 4],
                    indicators: vec![Indicator {
                        name: "ร้อยละของผู้เข้ารับการอบรม".into(),
                        target: "ไม่น้อยกว่าร้อยละ ๘๐".into(),
                    }],
                    risks: vec!["เรียกรับผลประโยชน์เพื่อเร่งรัดการอนุญาต".into()],
                    steps: vec![
                        "๑. เสนอโครงการ ภายในเดือนธันวาคม ๒๕๖๕".into(),
                        "๒. จัดอบรม ภายในเดือนมีนาคม ๒๕๖๖".into(),
                    ],
                })
                .collect(),
            signer: Some(Signer {
                name: "นายสมชาย ใจดี".into(),
                position: "นายกองค์การบริหารส่วนตำบลกระโทก".into(),
            }),
            signed_on: NaiveDate::from_ymd_opt(2022, 10, 15),
        }
    }

    fn report(n: usize) -> ReportDoc {
        let p = plan(n);
        ReportDoc {
            agency: p.agency.clone(),
            year: 2566,
            period: RoundPeriod::Half,
            intro: report_intro(&p.agency, 2566, RoundPeriod::Half),
            projects: p
                .projects
                .iter()
                .enumerate()
                .map(|(k, x)| ReportProject {
                    name: x.name.clone(),
                    responsible: "สำนักปลัด".into(),
                    budget: x.budget,
                    spent: if k % 3 == 0 { x.budget / 2 } else { 0 },
                    result: "จัดอบรมแล้ว ผู้เข้าร่วม ๔๕ คน คิดเป็นร้อยละ ๙๐".into(),
                    steps: vec![
                        ReportStep {
                            text: x.steps[0].clone(),
                            status: if k % 3 == 2 { "not_started" } else { "done" }.into(),
                            done_on: (k % 3 != 2)
                                .then(|| NaiveDate::from_ymd_opt(2022, 12, 20).unwrap()),
                        },
                        ReportStep {
                            text: x.steps[1].clone(),
                            status: match k % 3 {
                                0 => "done",
                                1 => "in_progress",
                                _ => "not_started",
                            }
                            .into(),
                            done_on: None,
                        },
                    ],
                })
                .collect(),
            signer: p.signer,
            signed_on: NaiveDate::from_ymd_opt(2023, 4, 20),
        }
    }

    #[test]
    fn the_plan_totals_by_quarter() {
        let p = plan(3);
        let q = p.by_quarter();
        assert_eq!(q.iter().sum::<i64>(), p.total());
        assert_eq!(p.total(), 6_300_000);
        let d = p.template_data(true);
        assert_eq!(d["total"], "๖๓,๐๐๐.๐๐");
        assert_eq!(d["rows"][0]["quarters"], json!([true, false, false, true]));
        let back: PlanDoc = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn the_report_totals() {
        let r = report(3);
        let t = r.totals();
        assert_eq!((t.done, t.under_way, t.not_started), (1, 1, 1));
        assert_eq!(t.spent, 1_000_000);
        let d = r.template_data(false);
        assert_eq!(d["totals"]["share"], "15.87");
        assert!(d["rows"][0]["steps"][0]
            .as_str()
            .unwrap()
            .contains("ดำเนินการแล้ว (20 ธ.ค. 2565)"));
        let back: ReportDoc = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn documents_render() {
        for (p, r) in [(plan(9), report(9)), (plan(0), report(0))] {
            assert!(p.pdf(true).unwrap().starts_with(b"%PDF"));
            assert!(p.docx(true).unwrap().starts_with(b"PK"));
            assert!(p.xlsx().unwrap().starts_with(b"PK"));
            assert!(r.pdf(true).unwrap().starts_with(b"%PDF"));
            assert!(r.docx(false).unwrap().starts_with(b"PK"));
            assert!(r.xlsx().unwrap().starts_with(b"PK"));
        }
    }
}

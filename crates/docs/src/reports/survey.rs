//! The yearly satisfaction survey report (รายงานผลการสำรวจความพึงพอใจของผู้รับบริการ): the
//! interpretation table of the levels, per question the number of responses, mean (x̄), S.D.,
//! the distribution 1–5, the share satisfied, the level and the change from the previous
//! year; the overall figures; per service; optionally the suggestions. As PDF (A4, Sarabun)
//! and XLSX (open data).
//!
//! Every figure is formatted here (digits as chosen); the template only lays them out.

use chrono::NaiveDate;
use prongsai_domain::calendar::{format_date_long_th, Digits};
use prongsai_domain::survey::{
    Comparison, Delta, Question, QuestionKind, SatisfactionLevel, Summary, SurveySummary,
};
use prongsai_domain::Lang;
use serde::Serialize;
use serde_json::json;

use crate::pdf::{render, PdfError};
use crate::xlsx::{Cell, Sheet};

const TEMPLATE: &str = include_str!("../../templates/survey.typ");

/// The figures of one rating question (or of the pooled ratings), as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingRow {
    pub label: String,
    pub n: String,
    pub mean: String,
    pub sd: String,
    /// Counts of ratings 1 to 5.
    pub distribution: [String; 5],
    pub percent_satisfied: String,
    pub level: String,
    /// Change of the mean from the previous year (`+0.12`), or `–`.
    pub change: String,
    #[serde(skip)]
    summary: Summary,
    #[serde(skip)]
    delta: Option<Delta>,
}

/// A service's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceLine {
    pub name: String,
    pub respondents: String,
    pub mean: String,
    pub level: String,
    #[serde(skip)]
    respondents_n: u64,
    #[serde(skip)]
    summary: Summary,
}

/// The report, every text as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyReportDoc {
    pub thai_digits: bool,
    pub agency: String,
    pub heading: Vec<String>,
    pub intro: Vec<String>,
    /// (band, level) from the highest.
    pub levels: Vec<[String; 2]>,
    pub questions: Vec<RatingRow>,
    pub overall: RatingRow,
    pub services: Vec<ServiceLine>,
    /// Open questions: (question, number of answers).
    pub open: Vec<[String; 2]>,
    /// The suggestions listed (empty in the public report).
    pub texts: Vec<String>,
    pub date: String,
    #[serde(skip)]
    year_be: i32,
}

/// What the report is made of.
pub struct SurveyReportInput<'a> {
    pub agency: &'a str,
    pub year_be: i32,
    /// In display order (rating and open questions).
    pub questions: &'a [Question],
    pub total: &'a SurveySummary,
    pub previous: &'a SurveySummary,
    pub comparison: &'a Comparison,
    /// (service name, its summary).
    pub by_service: Vec<(String, SurveySummary)>,
    pub texts: Vec<String>,
    pub digits: Digits,
    pub today: NaiveDate,
}

fn dash() -> String {
    "–".into()
}

fn rating_row(label: String, s: &Summary, delta: Option<&Delta>, digits: Digits) -> RatingRow {
    let d = |x: String| digits.apply(&x);
    RatingRow {
        label,
        n: d(s.rated().to_string()),
        mean: s.mean_text(digits).unwrap_or_else(dash),
        sd: s
            .std_dev()
            .map(|v| d(format!("{v:.2}")))
            .unwrap_or_else(dash),
        distribution: s.distribution.map(|c| d(c.to_string())),
        percent_satisfied: s
            .percent_satisfied()
            .map(|p| d(format!("{p:.1}")))
            .unwrap_or_else(dash),
        level: s
            .level()
            .map(|l| l.label_th().to_string())
            .unwrap_or_else(dash),
        change: delta.and_then(|x| x.mean_text(digits)).unwrap_or_else(dash),
        summary: *s,
        delta: delta.copied(),
    }
}

impl SurveyReportDoc {
    /// The report of a year from its summaries.
    pub fn new(input: SurveyReportInput<'_>) -> Self {
        let digits = input.digits;
        let d = |x: String| digits.apply(&x);
        let be = input.year_be;
        let total = input.total;
        let questions: Vec<RatingRow> = input
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Scale5 && total.get(&q.key).rated() > 0)
            .enumerate()
            .map(|(i, q)| {
                rating_row(
                    format!("{}. {}", d((i + 1).to_string()), q.text(Lang::Th)),
                    &total.get(&q.key),
                    input.comparison.questions.get(&q.key),
                    digits,
                )
            })
            .collect();
        let overall = rating_row(
            "ภาพรวม".into(),
            &total.overall(),
            Some(&input.comparison.overall),
            digits,
        );
        let services = input
            .by_service
            .iter()
            .map(|(name, s)| {
                let o = s.overall();
                ServiceLine {
                    name: name.clone(),
                    respondents: d(s.respondents.to_string()),
                    mean: o.mean_text(digits).unwrap_or_else(dash),
                    level: o
                        .level()
                        .map(|l| l.label_th().to_string())
                        .unwrap_or_else(dash),
                    respondents_n: s.respondents,
                    summary: o,
                }
            })
            .collect();
        let open = input
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::OpenText)
            .map(|q| {
                [
                    q.text(Lang::Th).to_string(),
                    d(total.get(&q.key).responses.to_string()),
                ]
            })
            .collect();
        let mut intro = vec![format!(
            "{} ได้สำรวจความพึงพอใจของผู้รับบริการประจำปีงบประมาณ พ.ศ.\u{a0}{} (๑ ตุลาคม – ๓๐ กันยายน) จากผู้ตอบแบบสำรวจหลังได้รับบริการ และผ่านช่องทางออนไลน์ (ลิงก์และคิวอาร์โค้ด) รวมทั้งสิ้น {} ราย โดยใช้มาตราส่วนประมาณค่า ๕ ระดับ (๕ = พึงพอใจมากที่สุด ถึง ๑ = พึงพอใจน้อยที่สุด)",
            input.agency,
            d(be.to_string()),
            d(total.respondents.to_string()),
        )];
        let o = total.overall();
        if let (Some(mean), Some(level)) = (o.mean_text(digits), o.level()) {
            intro.push(format!(
                "ผลการสำรวจ ผู้รับบริการมีความพึงพอใจโดยภาพรวมอยู่ในระดับ{} ค่าเฉลี่ย {}{}{}",
                level.label_th(),
                mean,
                o.std_dev()
                    .map(|sd| format!(" (S.D. = {})", d(format!("{sd:.2}"))))
                    .unwrap_or_default(),
                o.percent_satisfied()
                    .map(|p| format!(
                        " คิดเป็นร้อยละ {} ของคำตอบที่พึงพอใจมากถึงมากที่สุด",
                        d(format!("{p:.1}"))
                    ))
                    .unwrap_or_default(),
            ));
        }
        if input.previous.respondents > 0 {
            let prev = input.previous.overall();
            intro.push(
                match (prev.mean_text(digits), input.comparison.overall.mean) {
                    (Some(pm), Some(change)) => format!(
                    "เมื่อเทียบกับปีงบประมาณ พ.ศ.\u{a0}{} (ผู้ตอบ {} ราย ค่าเฉลี่ย {}) ค่าเฉลี่ยโดยภาพรวม{} {}",
                    d((be - 1).to_string()),
                    d(input.previous.respondents.to_string()),
                    pm,
                    if change > 0.0 {
                        "เพิ่มขึ้น"
                    } else if change < 0.0 {
                        "ลดลง"
                    } else {
                        "เท่าเดิม"
                    },
                    input
                        .comparison
                        .overall
                        .mean_text(digits)
                        .unwrap_or_default()
                ),
                    _ => format!(
                        "ปีงบประมาณ พ.ศ.\u{a0}{} มีผู้ตอบแบบสำรวจ {} ราย",
                        d((be - 1).to_string()),
                        d(input.previous.respondents.to_string())
                    ),
                },
            );
        }
        Self {
            thai_digits: digits == Digits::Thai,
            agency: input.agency.to_string(),
            heading: vec![
                "รายงานผลการสำรวจความพึงพอใจของผู้รับบริการ".into(),
                format!("ประจำปีงบประมาณ พ.ศ.\u{a0}{}", d(be.to_string())),
                input.agency.to_string(),
            ],
            intro,
            levels: SatisfactionLevel::ALL
                .iter()
                .map(|l| [l.band_text(digits), l.label_th().to_string()])
                .collect(),
            questions,
            overall,
            services,
            open,
            texts: input.texts,
            date: format!("ข้อมูล ณ {}", format_date_long_th(input.today, digits)),
            year_be: be,
        }
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        json!(self)
    }

    /// The report as PDF (A4 portrait). Call from a blocking thread.
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(TEMPLATE, &self.template_data(), &[])
    }

    /// The figures as XLSX (numbers as numbers): by question, by service, and the
    /// suggestions when listed.
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let title = vec![self.heading.join(" "), self.date.clone()];
        let num = |x: Option<f64>| -> Cell { x.into() };
        let row = |r: &RatingRow| -> Vec<Cell> {
            let s = &r.summary;
            let mut v = vec![
                Cell::Text(r.label.clone()),
                s.rated().into(),
                num(s.mean_hundredths().map(|h| h as f64 / 100.0)),
                num(s.std_dev().map(|x| (x * 100.0).round() / 100.0)),
            ];
            v.extend(s.distribution.iter().map(|&c| Cell::from(c)));
            v.push(num(s
                .percent_satisfied()
                .map(|p| (p * 10.0).round() / 10.0)));
            v.push(Cell::Text(
                s.level()
                    .map(|l| l.label_th().to_string())
                    .unwrap_or_default(),
            ));
            v.push(num(r.delta.and_then(|d| d.mean)));
            v
        };
        let mut by_question: Vec<Vec<Cell>> = self.questions.iter().map(row).collect();
        by_question.push(row(&self.overall));
        let header = [
            "ประเด็น",
            "จำนวน (คำตอบ)",
            "ค่าเฉลี่ย",
            "S.D.",
            "ระดับ 1",
            "ระดับ 2",
            "ระดับ 3",
            "ระดับ 4",
            "ระดับ 5",
            "ร้อยละพึงพอใจ (4–5)",
            "ระดับความพึงพอใจ",
            "เปลี่ยนแปลงจากปีก่อน",
        ];
        let mut sheets = vec![
            Sheet {
                name: "รายประเด็น".into(),
                title: title.clone(),
                header: header.iter().map(|h| h.to_string()).collect(),
                rows: by_question,
            },
            Sheet {
                name: "รายงานบริการ".into(),
                title: title.clone(),
                header: ["งานบริการ", "ผู้ตอบ (ราย)", "ค่าเฉลี่ย", "ระดับความพึงพอใจ"]
                    .iter()
                    .map(|h| h.to_string())
                    .collect(),
                rows: self
                    .services
                    .iter()
                    .map(|s| {
                        vec![
                            Cell::Text(s.name.clone()),
                            s.respondents_n.into(),
                            num(s.summary.mean_hundredths().map(|h| h as f64 / 100.0)),
                            Cell::Text(s.level.clone()),
                        ]
                    })
                    .collect(),
            },
        ];
        if !self.texts.is_empty() {
            sheets.push(Sheet {
                name: "ข้อเสนอแนะ".into(),
                title,
                header: vec!["ข้อเสนอแนะ".into()],
                rows: self
                    .texts
                    .iter()
                    .map(|t| vec![Cell::Text(t.clone())])
                    .collect(),
            });
        }
        crate::xlsx::workbook(&sheets)
    }

    /// The file name stem: `survey-report-2568`.
    pub fn file_stem(&self) -> String {
        format!("survey-report-{}", self.year_be)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_domain::survey::{compare, summarize, SurveyDef};

    fn doc(texts: Vec<String>) -> SurveyReportDoc {
        let def = SurveyDef::standard();
        let r = |v: &str, s: &str| {
            let mut pairs: Vec<(String, String)> =
                ["process", "staff", "facilities", "quality", "overall"]
                    .iter()
                    .map(|k| (k.to_string(), v.to_string()))
                    .collect();
            pairs.push(("suggestion".into(), s.into()));
            def.parse_response(&pairs).unwrap()
        };
        let total = summarize([r("5", "ดี"), r("4", ""), r("3", "")]);
        let previous = summarize([r("3", "")]);
        let cmp = compare(&total, &previous);
        SurveyReportDoc::new(SurveyReportInput {
            agency: "องค์การบริหารส่วนตำบลทดสอบ",
            year_be: 2568,
            questions: &def.questions,
            total: &total,
            previous: &previous,
            comparison: &cmp,
            by_service: vec![("ขอรับน้ำ".into(), total.clone())],
            texts,
            digits: Digits::Thai,
            today: NaiveDate::from_ymd_opt(2025, 9, 30).unwrap(),
        })
    }

    #[test]
    fn figures_as_printed() {
        let d = doc(vec![]);
        assert_eq!(d.questions.len(), 5);
        assert_eq!(d.questions[0].mean, "๔.๐๐");
        assert_eq!(d.questions[0].sd, "๑.๐๐");
        assert_eq!(d.questions[0].distribution[4], "๑");
        assert_eq!(d.questions[0].level, "มาก");
        assert_eq!(d.questions[0].change, "+๑.๐๐");
        assert_eq!(d.overall.n, "๑๕");
        assert_eq!(
            d.open,
            vec![["ข้อเสนอแนะเพิ่มเติม".to_string(), "๑".to_string()]]
        );
        assert!(d.intro[1].contains("ระดับมาก"), "{}", d.intro[1]);
        assert!(d.intro[2].contains("เพิ่มขึ้น"), "{}", d.intro[2]);
        assert_eq!(d.levels[0], ["๔.๕๐–๕.๐๐".to_string(), "มากที่สุด".to_string()]);
    }

    #[test]
    fn renders_pdf_and_xlsx() {
        let d = doc(vec!["อยากให้มีที่จอดรถ <b>เพิ่ม</b> #set".into()]);
        let pdf = d.pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        if let Ok(path) = std::env::var("PRONGSAI_SURVEY_PDF") {
            std::fs::write(path, &pdf).unwrap();
        }
        let x = d.xlsx().unwrap();
        assert!(x.starts_with(b"PK"));
        assert_eq!(d.file_stem(), "survey-report-2568");
    }
}

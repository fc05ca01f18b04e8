//! รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส: the scores of a year, the weak points and
//! the issues chosen to improve — the document agencies publish after each ITA result.

use chrono::NaiveDate;
use prongsai_domain::calendar::{format_date_long_th, to_thai_digits, Digits};
use serde::Serialize;
use serde_json::json;

use crate::docx::{DocxBuilder, DocxError};
use crate::pdf::{render, PdfError};

const TEMPLATE: &str = include_str!("../../templates/analysis.typ");

#[derive(Debug, Clone, Serialize)]
pub struct ToolLine {
    pub code: String,
    pub name: String,
    pub weight: f64,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    pub number: u32,
    pub name: String,
    pub tool: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeakLine {
    pub kind: String,
    pub code: String,
    pub text: String,
    pub score: Option<f64>,
    pub remark: String,
    pub next_codes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IssueLine {
    pub title: String,
    pub note: String,
    pub codes: String,
    pub next_codes: String,
}

/// Everything the analysis report shows, already computed.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisReport {
    pub agency_name: String,
    pub fiscal_year: i32,
    pub generated_on: NaiveDate,
    pub thai_digits: bool,
    pub total: Option<f64>,
    pub grade: Option<String>,
    pub pass_mark: f64,
    pub target: f64,
    pub passed: Option<bool>,
    pub tools: Vec<ToolLine>,
    pub indicators: Vec<IndicatorLine>,
    pub weak: Vec<WeakLine>,
    pub issues: Vec<IssueLine>,
    pub next_year: Option<i32>,
    /// The score chart as SVG (empty: no chart).
    pub chart_svg: String,
}

/// A score as printed: two decimals at most.
fn score(v: Option<f64>) -> String {
    match v {
        Some(v) => {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        None => "—".into(),
    }
}

impl AnalysisReport {
    fn d(&self, s: &str) -> String {
        if self.thai_digits {
            to_thai_digits(s)
        } else {
            s.to_string()
        }
    }

    /// "พ.ศ." stays with its year: a no-break space between them.
    fn year(&self) -> String {
        self.d(&format!("พ.ศ.\u{a0}{}", self.fiscal_year))
    }

    pub fn title(&self) -> String {
        format!(
            "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ {}",
            self.year()
        )
    }

    fn summary(&self) -> String {
        let total = self.d(&score(self.total));
        let grade = self.grade.clone().unwrap_or_else(|| "—".into());
        let pass = match self.passed {
            Some(true) => "ผ่านเกณฑ์",
            Some(false) => "ไม่ผ่านเกณฑ์",
            None => "ยังประเมินผลรวมไม่ได้ (คะแนนไม่ครบ)",
        };
        format!(
            "ผลการประเมิน ITA ประจำปีงบประมาณ {} ของ{} ได้คะแนนรวม {total} คะแนน ระดับผลการประเมิน {grade} ซึ่ง{pass} {} คะแนน (เป้าหมายของหน่วยงาน {} คะแนน)",
            self.year(),
            self.agency_name,
            self.d(&score(Some(self.pass_mark))),
            self.d(&score(Some(self.target))),
        )
    }

    fn next_label(&self) -> String {
        match self.next_year {
            Some(y) => format!("ข้อที่ใช้แทนในปี {}", self.d(&y.to_string())),
            None => "ข้อที่ใช้แทนในปีถัดไป".into(),
        }
    }

    fn generated(&self) -> String {
        let digits = if self.thai_digits {
            Digits::Thai
        } else {
            Digits::Arabic
        };
        format!(
            "จัดทำโดยระบบโปร่งใส เมื่อ{}",
            format_date_long_th(self.generated_on, digits)
        )
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        json!({
            "thai_digits": self.thai_digits,
            "title": self.title(),
            "agency": self.agency_name,
            "subtitle": format!("วิเคราะห์เพื่อกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ {}", self.d(&format!("พ.ศ.\u{a0}{}", self.fiscal_year + 1))),
            "h_scores": "๑. ผลคะแนนการประเมิน",
            "h_weak": "๒. ประเด็นที่มีคะแนนต่ำกว่าเป้าหมาย (จุดอ่อน)",
            "h_issues": "๓. ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
            "summary": self.summary(),
            "col_tool": "เครื่องมือการประเมิน",
            "col_weight": "น้ำหนัก (ร้อยละ)",
            "col_score": "คะแนน",
            "col_total": "คะแนนรวม",
            "col_no": "ที่",
            "col_indicator": "ตัวชี้วัด",
            "col_tool_short": "เครื่องมือ",
            "col_kind": "ประเภท",
            "col_code": "ข้อ",
            "col_detail": "รายละเอียด",
            "total": self.d(&score(self.total)),
            "tools": self.tools.iter().map(|t| json!({
                "code": t.code, "name": t.name,
                "weight": self.d(&score(Some(t.weight))), "score": self.d(&score(t.score)),
            })).collect::<Vec<_>>(),
            "indicators": self.indicators.iter().map(|i| json!({
                "number": self.d(&i.number.to_string()), "name": i.name, "tool": i.tool,
                "score": self.d(&score(i.score)),
                "below": i.score.is_some_and(|s| s < self.target),
            })).collect::<Vec<_>>(),
            "has_chart": !self.chart_svg.is_empty(),
            "chart_caption": format!("คะแนนรายตัวชี้วัดเทียบกับเป้าหมาย {} คะแนน", self.d(&score(Some(self.target)))),
            "weak": self.weak.iter().map(|w| json!({
                "kind": w.kind, "code": self.d(&w.code), "text": w.text,
                "score": if w.score.is_some() { self.d(&score(w.score)) } else { String::new() },
                "remark": w.remark, "next": self.d(&w.next_codes),
            })).collect::<Vec<_>>(),
            "no_weak": "ไม่มีประเด็นที่มีคะแนนต่ำกว่าเป้าหมาย",
            "remark_label": "ข้อสังเกตของผู้ประเมิน",
            "next_label": self.next_label(),
            "issues": self.issues.iter().map(|i| json!({
                "title": i.title, "note": i.note,
                "codes": self.d(&i.codes), "next": self.d(&i.next_codes),
            })).collect::<Vec<_>>(),
            "no_issues": "ยังไม่ได้กำหนดประเด็นที่ต้องปรับปรุง",
            "codes_label": "เกี่ยวข้องกับ",
            "generated": self.generated(),
        })
    }

    /// The report as PDF (A4, Sarabun, BE dates, Thai digits when chosen).
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        let mut extra = Vec::new();
        if !self.chart_svg.is_empty() {
            extra.push(("/chart.svg", self.chart_svg.clone().into_bytes()));
        }
        render(TEMPLATE, &self.template_data(), &extra)
    }

    /// The report as an editable DOCX (TH Sarabun New 16 pt, Thai in the complex-script slots).
    pub fn docx(&self) -> Result<Vec<u8>, DocxError> {
        let data = self.template_data();
        let s = |k: &str| data[k].as_str().unwrap_or_default().to_string();
        let mut b = DocxBuilder::new();
        b.title(&s("title"));
        b.title(&s("agency"));
        b.centered(&s("subtitle"));
        b.heading(&s("h_scores"));
        b.para(&s("summary"));
        let mut rows = vec![vec![s("col_tool"), s("col_weight"), s("col_score")]];
        for t in data["tools"].as_array().into_iter().flatten() {
            let f = |k: &str| t[k].as_str().unwrap_or_default().to_string();
            rows.push(vec![
                format!("{} {}", f("code"), f("name")),
                f("weight"),
                f("score"),
            ]);
        }
        rows.push(vec![s("col_total"), String::new(), s("total")]);
        b.table(&rows, &[5200, 1800, 1800]);
        let mut rows = vec![vec![
            s("col_no"),
            s("col_indicator"),
            s("col_tool_short"),
            s("col_score"),
        ]];
        for i in data["indicators"].as_array().into_iter().flatten() {
            let f = |k: &str| i[k].as_str().unwrap_or_default().to_string();
            rows.push(vec![f("number"), f("name"), f("tool"), f("score")]);
        }
        b.table(&rows, &[700, 5300, 1400, 1400]);
        b.heading(&s("h_weak"));
        let weak = data["weak"].as_array().cloned().unwrap_or_default();
        if weak.is_empty() {
            b.para(&s("no_weak"));
        } else {
            let mut rows = vec![vec![
                s("col_kind"),
                s("col_code"),
                s("col_detail"),
                s("col_score"),
            ]];
            for w in &weak {
                let f = |k: &str| w[k].as_str().unwrap_or_default().to_string();
                let mut detail = f("text");
                if !f("remark").is_empty() {
                    detail.push_str(&format!("\n{}: {}", s("remark_label"), f("remark")));
                }
                if !f("next").is_empty() {
                    detail.push_str(&format!("\n{}: {}", s("next_label"), f("next")));
                }
                rows.push(vec![f("kind"), f("code"), detail, f("score")]);
            }
            b.table(&rows, &[1900, 900, 5000, 1000]);
        }
        b.heading(&s("h_issues"));
        let issues = data["issues"].as_array().cloned().unwrap_or_default();
        if issues.is_empty() {
            b.para(&s("no_issues"));
        }
        for (n, i) in issues.iter().enumerate() {
            let f = |k: &str| i[k].as_str().unwrap_or_default().to_string();
            b.para(&format!("{}. {}", self.d(&(n + 1).to_string()), f("title")));
            if !f("note").is_empty() {
                b.para(&f("note"));
            }
            if !f("codes").is_empty() {
                let next = if f("next").is_empty() {
                    String::new()
                } else {
                    format!(" → {}", f("next"))
                };
                b.para(&format!("{} {}{next}", s("codes_label"), f("codes")));
            }
        }
        b.right(&s("generated"));
        b.build()
    }
}

//! Assessment results: an agency's scores under one year's framework, the tool scores, total
//! and grade computed by the framework's rules, and the analysis that lists the weak points.
//!
//! Scoring rules (the same for every year; the year's numbers come from its framework file):
//! - an indicator's score is the one recorded; for an OIT indicator without one, it is the share
//!   of its items answered "มี" among those answered (× 100);
//! - a tool's score is the mean of its indicators' scores, weighted by the indicator weights when
//!   the framework gives them;
//! - the total is the sum of the tool scores weighted by the tool weights (only when every tool
//!   has a score); the grade is the first band of the framework whose conditions hold.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::framework::{Framework, GradeBand, ToolCode, YearDiff};
use crate::InputError;

/// The answer to one OIT item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemAnswer {
    pub answer: bool,
    pub remark: Option<String>,
}

/// What was recorded for one year.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    pub indicators: BTreeMap<u32, f64>,
    pub items: BTreeMap<String, ItemAnswer>,
    pub questions: BTreeMap<String, f64>,
}

/// Where an indicator score came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreSource {
    Recorded,
    FromItems,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorResult {
    pub number: u32,
    pub tool: ToolCode,
    pub name_th: String,
    pub score: Option<f64>,
    pub source: ScoreSource,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolResult {
    pub tool: ToolCode,
    pub weight: f64,
    pub score: Option<f64>,
}

/// The computed result of a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub indicators: Vec<IndicatorResult>,
    pub tools: Vec<ToolResult>,
    pub total: Option<f64>,
    pub grade: Option<GradeBand>,
    pub pass_mark: f64,
    pub items_answered: usize,
    pub items_yes: usize,
}

impl Outcome {
    pub fn passed(&self) -> Option<bool> {
        self.total.map(|t| t >= self.pass_mark)
    }
}

/// Why a score was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreProblem {
    /// "85,5": a decimal comma is ambiguous (thousands or decimals).
    Comma,
    NotNumber,
    OutOfRange,
}

/// Check a score that arrives as a number (e.g. a spreadsheet cell): finite, 0–100.
pub fn check_score_value(v: f64) -> Result<f64, ScoreProblem> {
    if !v.is_finite() {
        return Err(ScoreProblem::NotNumber);
    }
    if !(0.0..=100.0).contains(&v) {
        return Err(ScoreProblem::OutOfRange);
    }
    Ok(v + 0.0) // -0 → 0
}

/// Read a score as people type it: Thai or ASCII digits, one decimal point, 0–100, surrounding
/// spaces ignored. Empty is `None`.
pub fn read_score(input: &str) -> Result<Option<f64>, ScoreProblem> {
    let s = crate::calendar::to_ascii_digits(input.trim());
    if s.is_empty() {
        return Ok(None);
    }
    if s.contains(',') {
        return Err(ScoreProblem::Comma);
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(&s);
    let digits = body.bytes().filter(u8::is_ascii_digit).count();
    let dots = body.bytes().filter(|b| *b == b'.').count();
    if digits == 0 || dots > 1 || digits + dots != body.len() {
        return Err(ScoreProblem::NotNumber);
    }
    let v: f64 = s.parse().map_err(|_| ScoreProblem::NotNumber)?;
    check_score_value(v).map(Some)
}

/// [`read_score`] with the message for the form field.
pub fn parse_score(field: &'static str, input: &str) -> Result<Option<f64>, InputError> {
    read_score(input).map_err(|p| {
        let v = input.trim();
        let (th, en) = match p {
            ScoreProblem::Comma => (
                format!("คะแนน \"{v}\" ไม่ถูกต้อง: ใช้จุดทศนิยม ไม่ใช้จุลภาค (ตัวเลข 0 ถึง 100)"),
                format!("invalid score \"{v}\": use a decimal point, not a comma (0 to 100)"),
            ),
            ScoreProblem::NotNumber => (
                format!("คะแนน \"{v}\" ไม่ใช่ตัวเลข: ต้องเป็นตัวเลข 0 ถึง 100"),
                format!("invalid score \"{v}\": a number from 0 to 100"),
            ),
            ScoreProblem::OutOfRange => (
                format!("คะแนน \"{v}\" อยู่นอกช่วง: ต้องเป็นตัวเลข 0 ถึง 100"),
                format!("score \"{v}\" is out of range: 0 to 100"),
            ),
        };
        InputError::new(field, th, en)
    })
}

/// Round to two decimals, as results are published.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Compute indicator, tool and total scores and the grade.
pub fn compute(fw: &Framework, s: &Scores) -> Outcome {
    let mut indicators = Vec::new();
    for ind in &fw.indicators {
        let (score, source) = match s.indicators.get(&ind.number) {
            Some(v) => (Some(*v), ScoreSource::Recorded),
            None if ind.tool == ToolCode::OIT => {
                let answers: Vec<bool> = fw
                    .sub_indicators_of(ind.number)
                    .flat_map(|sub| fw.items_of(&sub.code))
                    .filter_map(|it| s.items.get(&it.code).map(|a| a.answer))
                    .collect();
                if answers.is_empty() {
                    (None, ScoreSource::Missing)
                } else {
                    let yes = answers.iter().filter(|a| **a).count();
                    (
                        Some(100.0 * yes as f64 / answers.len() as f64),
                        ScoreSource::FromItems,
                    )
                }
            }
            None => (None, ScoreSource::Missing),
        };
        indicators.push(IndicatorResult {
            number: ind.number,
            tool: ind.tool,
            name_th: ind.name_th.clone(),
            score,
            source,
        });
    }
    let tools: Vec<ToolResult> = fw
        .tools
        .iter()
        .map(|t| {
            let of: Vec<(&IndicatorResult, Option<f64>)> = indicators
                .iter()
                .filter(|i| i.tool == t.code)
                .map(|i| (i, fw.indicator(i.number).and_then(|x| x.weight)))
                .collect();
            let scored: Vec<(f64, f64)> = of
                .iter()
                .filter_map(|(i, w)| i.score.map(|s| (s, w.unwrap_or(1.0))))
                .collect();
            let wsum: f64 = scored.iter().map(|(_, w)| w).sum();
            let score = (!scored.is_empty() && scored.len() == of.len() && wsum > 0.0)
                .then(|| scored.iter().map(|(s, w)| s * w).sum::<f64>() / wsum);
            ToolResult {
                tool: t.code,
                weight: t.weight,
                score,
            }
        })
        .collect();
    let total = (!tools.is_empty() && tools.iter().all(|t| t.score.is_some())).then(|| {
        tools
            .iter()
            .map(|t| t.score.unwrap_or(0.0) * t.weight / 100.0)
            .sum::<f64>()
    });
    let tool_scores: Vec<(ToolCode, f64)> = tools
        .iter()
        .filter_map(|t| t.score.map(|s| (t.tool, s)))
        .collect();
    let grade = total.and_then(|t| fw.grade(round2(t), &tool_scores).cloned());
    let items_answered = s.items.keys().filter(|c| fw.item(c).is_some()).count();
    let items_yes = s
        .items
        .iter()
        .filter(|(c, a)| a.answer && fw.item(c).is_some())
        .count();
    Outcome {
        indicators,
        tools,
        total,
        grade,
        pass_mark: fw.scoring.pass_mark,
        items_answered,
        items_yes,
    }
}

/// What kind of weak point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeakKind {
    Indicator,
    Item,
    Question,
}

impl WeakKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Indicator => "indicator",
            Self::Item => "item",
            Self::Question => "question",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "indicator" => Some(Self::Indicator),
            "item" => Some(Self::Item),
            "question" => Some(Self::Question),
            _ => None,
        }
    }
}

/// One weak point with the framework text beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakPoint {
    pub kind: WeakKind,
    pub code: String,
    /// The indicator number the point belongs to.
    pub indicator: u32,
    /// The framework's text: indicator name, item title, question wording.
    pub text_th: String,
    pub score: Option<f64>,
    /// The assessor's remark, for items.
    pub remark: Option<String>,
    /// Codes in the next year's framework that continue this item (when a diff is given).
    pub next_codes: Vec<String>,
}

impl WeakPoint {
    /// A default title for the issue to improve, in the sample report's style
    /// ("ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล …").
    pub fn issue_title(&self, fw: &Framework) -> String {
        let ind = fw
            .indicator(self.indicator)
            .map(|i| format!("ตัวชี้วัดที่ {} {}", i.number, i.name_th))
            .unwrap_or_default();
        match self.kind {
            WeakKind::Indicator => ind,
            WeakKind::Item => format!("{ind} — {} {}", self.code, self.text_th),
            WeakKind::Question => format!("{ind} — {} {}", self.code, self.text_th),
        }
    }
}

/// The weak points of a year: indicators under `target`, OIT items answered "ไม่มี", and the
/// `lowest_questions` lowest-scoring questions under `target`. `next` maps items to the next
/// year's numbering.
pub fn weak_points(
    fw: &Framework,
    s: &Scores,
    outcome: &Outcome,
    target: f64,
    lowest_questions: usize,
    next: Option<&YearDiff>,
) -> Vec<WeakPoint> {
    let mut out = Vec::new();
    for r in &outcome.indicators {
        if let Some(score) = r.score.filter(|v| *v < target) {
            out.push(WeakPoint {
                kind: WeakKind::Indicator,
                code: r.number.to_string(),
                indicator: r.number,
                text_th: r.name_th.clone(),
                score: Some(score),
                remark: None,
                next_codes: vec![],
            });
        }
    }
    for it in &fw.items {
        if let Some(a) = s.items.get(&it.code).filter(|a| !a.answer) {
            let indicator = fw
                .sub_indicator(&it.sub_indicator)
                .map(|x| x.indicator)
                .unwrap_or(0);
            out.push(WeakPoint {
                kind: WeakKind::Item,
                code: it.code.clone(),
                indicator,
                text_th: it.title_th.clone(),
                score: None,
                remark: a.remark.clone(),
                next_codes: next
                    .map(|d| {
                        d.successors(&it.code)
                            .into_iter()
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
    let mut qs: Vec<(&String, f64)> = s
        .questions
        .iter()
        .filter(|(c, v)| fw.question(c).is_some() && **v < target)
        .map(|(c, v)| (c, *v))
        .collect();
    qs.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)));
    for (code, v) in qs.into_iter().take(lowest_questions) {
        if let Some(q) = fw.question(code) {
            out.push(WeakPoint {
                kind: WeakKind::Question,
                code: code.clone(),
                indicator: q.indicator,
                text_th: q.text_th.clone(),
                score: Some(v),
                remark: None,
                next_codes: vec![],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{diff, load_str};

    const FW: &str = r#"
schema = 1
fiscal_year = 2565
title_th = "ITA 2565"
status = "partial"
[scoring]
pass_mark = 85.0
oit_method = "share_of_yes"
[[grades]]
code = "AA"
label_th = "AA"
min_total = 95.0
[[grades]]
code = "A"
label_th = "A"
min_total = 85.0
[[grades]]
code = "B"
label_th = "B"
min_total = 75.0
[[grades]]
code = "F"
label_th = "F"
min_total = 0.0
[[tools]]
code = "IIT"
name_th = "IIT"
name_en = "IIT"
weight = 30.0
[[tools]]
code = "EIT"
name_th = "EIT"
name_en = "EIT"
weight = 30.0
[[tools]]
code = "OIT"
name_th = "OIT"
name_en = "OIT"
weight = 40.0
[[indicators]]
number = 1
tool = "IIT"
name_th = "การปฏิบัติหน้าที่"
weight = 10.0
[[indicators]]
number = 2
tool = "IIT"
name_th = "การใช้งบประมาณ"
weight = 20.0
[[indicators]]
number = 8
tool = "EIT"
name_th = "การปรับปรุงการทำงาน"
[[indicators]]
number = 9
tool = "OIT"
name_th = "การเปิดเผยข้อมูล"
weight = 22.0
[[indicators]]
number = 10
tool = "OIT"
name_th = "การป้องกันการทุจริต"
weight = 18.0
[[sub_indicators]]
code = "9.1"
indicator = 9
name_th = "ข้อมูลพื้นฐาน"
[[sub_indicators]]
code = "10.2"
indicator = 10
name_th = "มาตรการภายใน"
[[items]]
code = "O1"
sub_indicator = "9.1"
title_th = "โครงสร้าง"
cadence = "once"
data_year = "any"
[[items]]
code = "O15"
sub_indicator = "9.1"
title_th = "ข้อมูลเชิงสถิติการให้บริการ"
cadence = "six_monthly"
data_year = "current"
[[items]]
code = "O42"
sub_indicator = "10.2"
title_th = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
cadence = "yearly"
data_year = "current"
[[questions]]
code = "E12"
tool = "EIT"
indicator = 8
text_th = "ปรับปรุงวิธีการ"
[[questions]]
code = "E14"
tool = "EIT"
indicator = 8
text_th = "เปิดโอกาสให้มีส่วนร่วม"
[[questions]]
code = "E15"
tool = "EIT"
indicator = 8
text_th = "โปร่งใสมากขึ้น"
"#;

    fn fw() -> Framework {
        load_str("2565.toml", FW).unwrap()
    }

    fn yes(a: bool) -> ItemAnswer {
        ItemAnswer {
            answer: a,
            remark: (!a).then(|| "ไม่พบข้อมูลปีปัจจุบัน".to_string()),
        }
    }

    #[test]
    fn scores_as_typed() {
        assert_eq!(parse_score("s", " ๘๕.๕ ").unwrap(), Some(85.5));
        assert_eq!(parse_score("s", "100").unwrap(), Some(100.0));
        assert_eq!(parse_score("s", "").unwrap(), None);
        assert_eq!(read_score("+85").unwrap(), Some(85.0));
        assert_eq!(read_score("-0").unwrap(), Some(0.0));
        assert_eq!(read_score("85,5"), Err(ScoreProblem::Comma));
        assert_eq!(read_score("101"), Err(ScoreProblem::OutOfRange));
        assert_eq!(check_score_value(f64::NAN), Err(ScoreProblem::NotNumber));
        for bad in [
            "85,5", "101", "-1", "abc", "1e2", "NaN", "inf", "8 5", "1.2.3",
        ] {
            let e = parse_score("s", bad).unwrap_err();
            assert!(e.th.contains("0 ถึง 100"), "{bad}");
        }
    }

    #[test]
    fn tool_scores_total_and_grade() {
        let f = fw();
        let mut s = Scores::default();
        s.indicators.insert(1, 90.0);
        s.indicators.insert(2, 60.0); // IIT weighted: (90*10 + 60*20)/30 = 70
        s.indicators.insert(8, 80.0);
        s.items.insert("O1".into(), yes(true));
        s.items.insert("O15".into(), yes(false)); // indicator 9 from items: 50
        s.indicators.insert(10, 100.0);
        let o = compute(&f, &s);
        let tool = |t| o.tools.iter().find(|r| r.tool == t).unwrap().score.unwrap();
        assert!((tool(ToolCode::IIT) - 70.0).abs() < 1e-9);
        assert!((tool(ToolCode::EIT) - 80.0).abs() < 1e-9);
        // OIT: (50*22 + 100*18) / 40 = 72.5
        assert!((tool(ToolCode::OIT) - 72.5).abs() < 1e-9);
        let nine = o.indicators.iter().find(|i| i.number == 9).unwrap();
        assert_eq!(nine.source, ScoreSource::FromItems);
        // total: 70*.3 + 80*.3 + 72.5*.4 = 21 + 24 + 29 = 74
        assert!((o.total.unwrap() - 74.0).abs() < 1e-9);
        assert_eq!(o.grade.as_ref().unwrap().code, "F");
        assert_eq!(o.passed(), Some(false));
        assert_eq!((o.items_answered, o.items_yes), (2, 1));
    }

    #[test]
    fn missing_scores_leave_the_total_open() {
        let f = fw();
        let mut s = Scores::default();
        s.indicators.insert(1, 90.0);
        let o = compute(&f, &s);
        assert_eq!(o.total, None);
        assert_eq!(o.grade, None);
        assert!(o.tools.iter().all(|t| t.score.is_none()));
    }

    #[test]
    fn grade_bands_at_their_edges() {
        let f = fw();
        let mut s = Scores::default();
        for (n, v) in [(1, 95.0), (2, 95.0), (8, 95.0), (9, 95.0), (10, 95.0)] {
            s.indicators.insert(n, v);
        }
        assert_eq!(compute(&f, &s).grade.unwrap().code, "AA");
        for v in s.indicators.values_mut() {
            *v = 94.999;
        }
        assert_eq!(
            compute(&f, &s).grade.unwrap().code,
            "AA",
            "95.00 after rounding"
        );
        for v in s.indicators.values_mut() {
            *v = 94.99;
        }
        assert_eq!(compute(&f, &s).grade.unwrap().code, "A");
        for v in s.indicators.values_mut() {
            *v = 85.0;
        }
        assert_eq!(compute(&f, &s).grade.unwrap().code, "A");
        assert_eq!(compute(&f, &s).passed(), Some(true));
    }

    #[test]
    fn weak_points_like_the_sample_report() {
        let f = fw();
        let mut s = Scores::default();
        for (n, v) in [(1, 95.0), (2, 90.0), (8, 70.0), (10, 100.0)] {
            s.indicators.insert(n, v);
        }
        s.items.insert("O1".into(), yes(true));
        s.items.insert("O15".into(), yes(false));
        s.items.insert("O42".into(), yes(true));
        for (q, v) in [("E12", 60.0), ("E14", 65.0), ("E15", 62.0)] {
            s.questions.insert(q.into(), v);
        }
        let o = compute(&f, &s);
        // a next year where O15 became O16
        let next = load_str(
            "2566.toml",
            &FW.replace("fiscal_year = 2565", "fiscal_year = 2566")
                .replace("code = \"O15\"", "code = \"O16\"\nprevious = [\"O15\"]"),
        )
        .unwrap();
        let d = diff(&f, &next);
        let w = weak_points(&f, &s, &o, 85.0, 2, Some(&d));
        let codes: Vec<(WeakKind, &str)> = w.iter().map(|p| (p.kind, p.code.as_str())).collect();
        assert_eq!(
            codes,
            vec![
                (WeakKind::Indicator, "8"),
                (WeakKind::Indicator, "9"),
                (WeakKind::Item, "O15"),
                (WeakKind::Question, "E12"),
                (WeakKind::Question, "E15"),
            ]
        );
        let item = &w[2];
        assert_eq!(item.next_codes, vec!["O16"]);
        assert_eq!(item.remark.as_deref(), Some("ไม่พบข้อมูลปีปัจจุบัน"));
        assert_eq!(
            item.issue_title(&f),
            "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล — O15 ข้อมูลเชิงสถิติการให้บริการ"
        );
        assert_eq!(w[0].issue_title(&f), "ตัวชี้วัดที่ 8 การปรับปรุงการทำงาน");
    }
}

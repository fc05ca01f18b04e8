//! Loading a framework file: parse the TOML, then check codes, references, weights and enums,
//! collecting every error with its file, line and field.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use toml::Spanned;

use super::model::*;
use crate::calendar::FiscalYear;

/// What is wrong with a framework file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkError {
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field, e.g. `items[3].cadence` or `tools`.
    pub field: String,
    pub th: String,
    pub en: String,
}

impl std::fmt::Display for FrameworkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(
                f,
                "{}:{}: {}: {} / {}",
                self.file, l, self.field, self.th, self.en
            ),
            None => write!(
                f,
                "{}: {}: {} / {}",
                self.file, self.field, self.th, self.en
            ),
        }
    }
}

impl std::error::Error for FrameworkError {}

const SCHEMA: u32 = 1;
const EPS: f64 = 0.001;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Spanned<u32>,
    fiscal_year: Spanned<i32>,
    title_th: String,
    status: Spanned<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    gaps: Vec<String>,
    scoring: RawScoring,
    #[serde(default)]
    grades: Vec<RawGrade>,
    #[serde(default)]
    tools: Vec<RawTool>,
    #[serde(default)]
    indicators: Vec<RawIndicator>,
    #[serde(default)]
    sub_indicators: Vec<RawSub>,
    #[serde(default)]
    items: Vec<RawItem>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScoring {
    pass_mark: Spanned<f64>,
    #[serde(default)]
    pass_mark_verified: bool,
    oit_method: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    code: Spanned<String>,
    label_th: String,
    min_total: Spanned<f64>,
    min_each_tool: Option<f64>,
    #[serde(default)]
    verified: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTool {
    code: Spanned<String>,
    name_th: String,
    name_en: String,
    weight: Spanned<f64>,
    #[serde(default)]
    verified: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    number: Spanned<u32>,
    tool: Spanned<String>,
    name_th: String,
    weight: Option<f64>,
    #[serde(default)]
    verified: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSub {
    code: Spanned<String>,
    indicator: Spanned<u32>,
    name_th: String,
    #[serde(default)]
    verified: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    code: Spanned<String>,
    sub_indicator: Spanned<String>,
    group_th: Option<String>,
    title_th: Spanned<String>,
    #[serde(default)]
    title_verified: bool,
    requirement_th: Option<String>,
    #[serde(default)]
    requirement_verified: bool,
    #[serde(default)]
    evidence: Vec<Spanned<String>>,
    cadence: Spanned<String>,
    data_year: Spanned<String>,
    previous: Option<Vec<String>>,
    /// One product code, or an array of them (an item that merges several).
    produced_by: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    code: Spanned<String>,
    tool: Spanned<String>,
    indicator: Spanned<u32>,
    text_th: Spanned<String>,
    #[serde(default)]
    verified: bool,
}

struct Ctx<'a> {
    file: &'a str,
    src: &'a str,
    errors: Vec<FrameworkError>,
}

impl Ctx<'_> {
    fn line(&self, offset: usize) -> usize {
        self.src
            .get(..offset.min(self.src.len()))
            .map(|s| s.matches('\n').count() + 1)
            .unwrap_or(1)
    }
    fn err(&mut self, span: Option<std::ops::Range<usize>>, field: String, th: String, en: String) {
        let line = span.map(|s| self.line(s.start));
        self.errors.push(FrameworkError {
            file: self.file.to_string(),
            line,
            field,
            th,
            en,
        });
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < EPS
}

/// Load and validate one framework file. `file` is its name (e.g. `2566.toml`), used in
/// messages and checked against `fiscal_year`.
pub fn load_str(file: &str, src: &str) -> Result<Framework, Vec<FrameworkError>> {
    let mut cx = Ctx {
        file,
        src,
        errors: Vec::new(),
    };
    let raw: RawFile = match toml::from_str(src) {
        Ok(r) => r,
        Err(e) => {
            let msg = e.message().to_string();
            cx.err(
                e.span(),
                "toml".into(),
                format!("อ่านไฟล์ไม่ได้: {msg}"),
                format!("cannot parse: {msg}"),
            );
            return Err(cx.errors);
        }
    };

    if *raw.schema.get_ref() != SCHEMA {
        cx.err(
            Some(raw.schema.span()),
            "schema".into(),
            format!(
                "ไม่รู้จักรุ่นของรูปแบบไฟล์ {} (รองรับ {SCHEMA})",
                raw.schema.get_ref()
            ),
            format!(
                "unknown schema version {} (supported: {SCHEMA})",
                raw.schema.get_ref()
            ),
        );
    }
    let fy = match FiscalYear::new(*raw.fiscal_year.get_ref()) {
        Ok(fy) => Some(fy),
        Err(e) => {
            cx.err(
                Some(raw.fiscal_year.span()),
                "fiscal_year".into(),
                e.message_th(),
                e.message_en(),
            );
            None
        }
    };
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".toml");
    if stem != raw.fiscal_year.get_ref().to_string() {
        cx.err(
            Some(raw.fiscal_year.span()),
            "fiscal_year".into(),
            format!(
                "ปีงบประมาณ {} ไม่ตรงกับชื่อไฟล์ {file}",
                raw.fiscal_year.get_ref()
            ),
            format!(
                "fiscal year {} does not match the file name {file}",
                raw.fiscal_year.get_ref()
            ),
        );
    }
    let status = match raw.status.get_ref().as_str() {
        "complete" => Some(FrameworkStatus::Complete),
        "partial" => Some(FrameworkStatus::Partial),
        "placeholder" => Some(FrameworkStatus::Placeholder),
        other => {
            cx.err(
                Some(raw.status.span()),
                "status".into(),
                format!("สถานะ \"{other}\" ไม่ถูกต้อง (complete, partial, placeholder)"),
                format!("unknown status \"{other}\" (complete, partial, placeholder)"),
            );
            None
        }
    };
    let pass = *raw.scoring.pass_mark.get_ref();
    if !(0.0..=100.0).contains(&pass) {
        cx.err(
            Some(raw.scoring.pass_mark.span()),
            "scoring.pass_mark".into(),
            "เกณฑ์ผ่านต้องอยู่ระหว่าง 0 ถึง 100".into(),
            "the pass mark must be between 0 and 100".into(),
        );
    }
    if raw.scoring.oit_method.get_ref() != "share_of_yes" {
        cx.err(
            Some(raw.scoring.oit_method.span()),
            "scoring.oit_method".into(),
            format!(
                "ไม่รู้จักวิธีคิดคะแนน OIT \"{}\"",
                raw.scoring.oit_method.get_ref()
            ),
            format!(
                "unknown OIT method \"{}\" (share_of_yes)",
                raw.scoring.oit_method.get_ref()
            ),
        );
    }

    // grades: unique codes, best first, last band reaches 0. A band may start at the same total
    // as the one before it only when that one is stricter per tool (ผ่านดี: total ≥ 85 and
    // every tool ≥ 85, then ผ่าน: total ≥ 85).
    let mut seen = HashSet::new();
    let mut prev: Option<(f64, Option<f64>)> = None;
    for (i, g) in raw.grades.iter().enumerate() {
        if !seen.insert(g.code.get_ref().clone()) {
            dup(
                &mut cx,
                g.code.span(),
                format!("grades[{i}].code"),
                g.code.get_ref(),
            );
        }
        let m = *g.min_total.get_ref();
        let ordered = match prev {
            None => true,
            Some((pm, _)) if m < pm && !close(m, pm) => true,
            Some((pm, Some(pe))) if close(m, pm) => g.min_each_tool.is_none_or(|e| e < pe),
            Some(_) => false,
        };
        if !(0.0..=100.0).contains(&m) || !ordered {
            cx.err(
                Some(g.min_total.span()),
                format!("grades[{i}].min_total"),
                "ระดับผลการประเมินต้องเรียงจากสูงไปต่ำ และอยู่ระหว่าง 0 ถึง 100".into(),
                "grade bands must go from best to worst, within 0–100".into(),
            );
        }
        prev = Some((m, g.min_each_tool));
    }
    if let Some(last) = raw.grades.last() {
        if *last.min_total.get_ref() != 0.0 {
            cx.err(
                Some(last.min_total.span()),
                "grades".into(),
                "ระดับสุดท้ายต้องเริ่มที่ 0 เพื่อให้ทุกคะแนนมีระดับ".into(),
                "the last grade band must start at 0 so every score has a grade".into(),
            );
        }
    }

    // tools
    let mut tools = Vec::new();
    let mut tool_codes = HashSet::new();
    for (i, t) in raw.tools.iter().enumerate() {
        match ToolCode::parse(t.code.get_ref()) {
            Some(code) => {
                if !tool_codes.insert(code) {
                    dup(
                        &mut cx,
                        t.code.span(),
                        format!("tools[{i}].code"),
                        t.code.get_ref(),
                    );
                }
                tools.push(Tool {
                    code,
                    name_th: t.name_th.clone(),
                    name_en: t.name_en.clone(),
                    weight: *t.weight.get_ref(),
                    verified: t.verified,
                });
            }
            None => cx.err(
                Some(t.code.span()),
                format!("tools[{i}].code"),
                format!("ไม่รู้จักเครื่องมือ \"{}\" (IIT, EIT, OIT)", t.code.get_ref()),
                format!("unknown tool \"{}\" (IIT, EIT, OIT)", t.code.get_ref()),
            ),
        }
    }
    if !tools.is_empty() {
        let sum: f64 = tools.iter().map(|t| t.weight).sum();
        if !close(sum, 100.0) {
            let span = raw.tools.first().map(|t| t.weight.span());
            cx.err(
                span,
                "tools.weight".into(),
                format!("น้ำหนักของเครื่องมือรวมกันได้ {sum} ต้องเท่ากับ 100"),
                format!("tool weights add up to {sum}, not 100"),
            );
        }
    }

    // indicators
    let mut indicators = Vec::new();
    let mut numbers = HashSet::new();
    for (i, ind) in raw.indicators.iter().enumerate() {
        if !numbers.insert(*ind.number.get_ref()) {
            dup(
                &mut cx,
                ind.number.span(),
                format!("indicators[{i}].number"),
                &ind.number.get_ref().to_string(),
            );
        }
        let Some(tool) = resolve_tool(
            &mut cx,
            &ind.tool,
            &tool_codes,
            format!("indicators[{i}].tool"),
        ) else {
            continue;
        };
        indicators.push(Indicator {
            number: *ind.number.get_ref(),
            tool,
            name_th: ind.name_th.clone(),
            weight: ind.weight,
            verified: ind.verified,
        });
    }
    for t in &tools {
        let of: Vec<(usize, &Indicator)> = indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.tool == t.code)
            .collect();
        let weighted = of.iter().filter(|(_, i)| i.weight.is_some()).count();
        let span = of
            .first()
            .and_then(|(k, _)| raw.indicators.get(*k))
            .map(|r| r.number.span());
        if weighted > 0 && weighted < of.len() {
            cx.err(
                span,
                format!("indicators ({}).weight", t.code.as_str()),
                format!("ตัวชี้วัดของ {} ต้องมีน้ำหนักทุกตัว หรือไม่มีเลย", t.code.as_str()),
                format!(
                    "indicators of {} must all have a weight, or none",
                    t.code.as_str()
                ),
            );
        } else if weighted > 0 {
            let sum: f64 = of.iter().filter_map(|(_, i)| i.weight).sum();
            if !close(sum, t.weight) {
                cx.err(
                    span,
                    format!("indicators ({}).weight", t.code.as_str()),
                    format!(
                        "น้ำหนักตัวชี้วัดของ {} รวมกันได้ {sum} ต้องเท่ากับน้ำหนักของเครื่องมือ {}",
                        t.code.as_str(),
                        t.weight
                    ),
                    format!(
                        "indicator weights of {} add up to {sum}, not the tool's {}",
                        t.code.as_str(),
                        t.weight
                    ),
                );
            }
        }
    }
    let ind_tool: HashMap<u32, ToolCode> = indicators.iter().map(|i| (i.number, i.tool)).collect();

    // sub-indicators
    let mut subs = Vec::new();
    let mut sub_codes = HashSet::new();
    for (i, s) in raw.sub_indicators.iter().enumerate() {
        if !sub_codes.insert(s.code.get_ref().clone()) {
            dup(
                &mut cx,
                s.code.span(),
                format!("sub_indicators[{i}].code"),
                s.code.get_ref(),
            );
        }
        let n = *s.indicator.get_ref();
        if !ind_tool.contains_key(&n) {
            dangling(
                &mut cx,
                s.indicator.span(),
                format!("sub_indicators[{i}].indicator"),
                &n.to_string(),
                "indicators",
            );
        }
        subs.push(SubIndicator {
            code: s.code.get_ref().clone(),
            indicator: n,
            name_th: s.name_th.clone(),
            verified: s.verified,
        });
    }
    let sub_tool: HashMap<&str, Option<ToolCode>> = subs
        .iter()
        .map(|s| (s.code.as_str(), ind_tool.get(&s.indicator).copied()))
        .collect();

    // items
    let mut items = Vec::new();
    let mut item_codes = HashSet::new();
    for (i, it) in raw.items.iter().enumerate() {
        let code = it.code.get_ref().trim().to_string();
        if code.is_empty() {
            cx.err(
                Some(it.code.span()),
                format!("items[{i}].code"),
                "รหัสข้อว่าง".into(),
                "empty item code".into(),
            );
        }
        if !item_codes.insert(code.clone()) {
            dup(&mut cx, it.code.span(), format!("items[{i}].code"), &code);
        }
        let sub = it.sub_indicator.get_ref();
        match sub_tool.get(sub.as_str()) {
            None => dangling(
                &mut cx,
                it.sub_indicator.span(),
                format!("items[{i}].sub_indicator"),
                sub,
                "sub_indicators",
            ),
            Some(Some(t)) if *t != ToolCode::OIT => cx.err(
                Some(it.sub_indicator.span()),
                format!("items[{i}].sub_indicator"),
                format!("ตัวชี้วัดย่อย {sub} ไม่ได้อยู่ในเครื่องมือ OIT"),
                format!("sub-indicator {sub} does not belong to the OIT tool"),
            ),
            Some(_) => {}
        }
        if it.title_th.get_ref().trim().is_empty() {
            cx.err(
                Some(it.title_th.span()),
                format!("items[{i}].title_th"),
                "ชื่อข้อว่าง".into(),
                "empty title".into(),
            );
        }
        let cadence = Cadence::parse(it.cadence.get_ref());
        if cadence.is_none() {
            cx.err(
                Some(it.cadence.span()),
                format!("items[{i}].cadence"),
                format!(
                    "ไม่รู้จักความถี่ \"{}\" (once, monthly, quarterly, six_monthly, yearly)",
                    it.cadence.get_ref()
                ),
                format!(
                    "unknown cadence \"{}\" (once, monthly, quarterly, six_monthly, yearly)",
                    it.cadence.get_ref()
                ),
            );
        }
        let data_year = DataYear::parse(it.data_year.get_ref());
        if data_year.is_none() {
            cx.err(
                Some(it.data_year.span()),
                format!("items[{i}].data_year"),
                format!(
                    "ไม่รู้จักค่า data_year \"{}\" (current, previous, any)",
                    it.data_year.get_ref()
                ),
                format!(
                    "unknown data_year \"{}\" (current, previous, any)",
                    it.data_year.get_ref()
                ),
            );
        }
        let mut produced_by = Vec::new();
        if let Some(p) = &it.produced_by {
            let known = || Product::ALL.map(|p| p.code()).join(", ");
            let codes: Option<Vec<&str>> = match p.get_ref() {
                toml::Value::String(s) => Some(vec![s.as_str()]),
                toml::Value::Array(a) => a.iter().map(|v| v.as_str()).collect(),
                _ => None,
            };
            match codes {
                None => cx.err(
                    Some(p.span()),
                    format!("items[{i}].produced_by"),
                    format!("produced_by ต้องเป็นข้อความหรือรายการข้อความ ({})", known()),
                    format!(
                        "produced_by must be a string or an array of strings ({})",
                        known()
                    ),
                ),
                Some(codes) => {
                    for code in codes {
                        match Product::parse(code) {
                            Some(product) if !produced_by.contains(&product) => {
                                produced_by.push(product)
                            }
                            Some(_) => cx.err(
                                Some(p.span()),
                                format!("items[{i}].produced_by"),
                                format!("produced_by \"{code}\" ซ้ำ"),
                                format!("produced_by \"{code}\" is repeated"),
                            ),
                            None => cx.err(
                                Some(p.span()),
                                format!("items[{i}].produced_by"),
                                format!("ไม่รู้จักค่า produced_by \"{code}\" ({})", known()),
                                format!("unknown produced_by \"{code}\" ({})", known()),
                            ),
                        }
                    }
                }
            }
        }
        let mut evidence = Vec::new();
        for (k, e) in it.evidence.iter().enumerate() {
            match EvidenceKind::parse(e.get_ref()) {
                Some(kind) => evidence.push(kind),
                None => cx.err(
                    Some(e.span()),
                    format!("items[{i}].evidence[{k}]"),
                    format!(
                        "ไม่รู้จักประเภทหลักฐาน \"{}\" (document, link, page, data, system)",
                        e.get_ref()
                    ),
                    format!(
                        "unknown evidence kind \"{}\" (document, link, page, data, system)",
                        e.get_ref()
                    ),
                ),
            }
        }
        if let (Some(cadence), Some(data_year)) = (cadence, data_year) {
            items.push(Item {
                code,
                sub_indicator: sub.clone(),
                group_th: it.group_th.clone(),
                title_th: it.title_th.get_ref().trim().to_string(),
                title_verified: it.title_verified,
                requirement_th: it.requirement_th.clone(),
                requirement_verified: it.requirement_verified,
                evidence,
                cadence,
                data_year,
                previous: it.previous.clone(),
                produced_by,
            });
        }
    }

    // questions
    let mut questions = Vec::new();
    let mut q_codes = HashSet::new();
    for (i, q) in raw.questions.iter().enumerate() {
        if !q_codes.insert(q.code.get_ref().clone()) {
            dup(
                &mut cx,
                q.code.span(),
                format!("questions[{i}].code"),
                q.code.get_ref(),
            );
        }
        let Some(tool) = resolve_tool(
            &mut cx,
            &q.tool,
            &tool_codes,
            format!("questions[{i}].tool"),
        ) else {
            continue;
        };
        let n = *q.indicator.get_ref();
        match ind_tool.get(&n) {
            None => dangling(
                &mut cx,
                q.indicator.span(),
                format!("questions[{i}].indicator"),
                &n.to_string(),
                "indicators",
            ),
            Some(t) if *t != tool => cx.err(
                Some(q.indicator.span()),
                format!("questions[{i}].indicator"),
                format!("ตัวชี้วัดที่ {n} ไม่ได้อยู่ในเครื่องมือ {}", tool.as_str()),
                format!("indicator {n} does not belong to tool {}", tool.as_str()),
            ),
            Some(_) => {}
        }
        if q.text_th.get_ref().trim().is_empty() {
            cx.err(
                Some(q.text_th.span()),
                format!("questions[{i}].text_th"),
                "ข้อความคำถามว่าง".into(),
                "empty question text".into(),
            );
        }
        questions.push(Question {
            code: q.code.get_ref().clone(),
            tool,
            indicator: n,
            text_th: q.text_th.get_ref().clone(),
            verified: q.verified,
        });
    }

    match (fy, status, cx.errors.is_empty()) {
        (Some(fiscal_year), Some(status), true) => Ok(Framework {
            fiscal_year,
            title_th: raw.title_th,
            status,
            sources: raw.sources,
            gaps: raw.gaps,
            scoring: Scoring {
                pass_mark: pass,
                pass_mark_verified: raw.scoring.pass_mark_verified,
                oit_method: raw.scoring.oit_method.into_inner(),
            },
            grades: raw
                .grades
                .into_iter()
                .map(|g| GradeBand {
                    code: g.code.into_inner(),
                    label_th: g.label_th,
                    min_total: g.min_total.into_inner(),
                    min_each_tool: g.min_each_tool,
                    verified: g.verified,
                })
                .collect(),
            tools,
            indicators,
            sub_indicators: subs,
            items,
            questions,
        }),
        _ => Err(cx.errors),
    }
}

fn dup(cx: &mut Ctx, span: std::ops::Range<usize>, field: String, code: &str) {
    cx.err(
        Some(span),
        field,
        format!("รหัส \"{code}\" ซ้ำ"),
        format!("duplicate code \"{code}\""),
    );
}

fn dangling(cx: &mut Ctx, span: std::ops::Range<usize>, field: String, target: &str, list: &str) {
    cx.err(
        Some(span),
        field,
        format!("อ้างถึง \"{target}\" ซึ่งไม่มีใน {list}"),
        format!("refers to \"{target}\", which is not in {list}"),
    );
}

fn resolve_tool(
    cx: &mut Ctx,
    v: &Spanned<String>,
    known: &HashSet<ToolCode>,
    field: String,
) -> Option<ToolCode> {
    match ToolCode::parse(v.get_ref()) {
        Some(t) if known.contains(&t) => Some(t),
        _ => {
            dangling(cx, v.span(), field, v.get_ref(), "tools");
            None
        }
    }
}

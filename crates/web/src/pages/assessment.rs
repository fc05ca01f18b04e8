//! Assessment results: enter or import a year's scores, see the tool scores, total and grade
//! against the pass mark, the weak points, and choose the issues to improve.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_docs::chart::{score_bars_svg, Bar};
use prongsai_domain::assessment::{
    compute, parse_score, round2, weak_points, ItemAnswer, Outcome, Scores, WeakKind,
};
use prongsai_domain::framework::Framework;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use prongsai_store::assessment::{ImprovementIssue, NewIssue};
use serde::Deserialize;
use std::collections::HashMap;

use crate::app::AppState;
use crate::ctx::{constant_time_eq, CsrfForm, Staff};
use crate::error::AppError;
use crate::view::{fmt_datetime, num, render, render_form, Errors, FieldError, Page};

/// How many of the lowest-scoring questions the analysis lists.
const LOWEST_QUESTIONS: usize = 5;

fn framework<'a>(st: &'a AppState, year: &str) -> Result<&'a Framework, AppError> {
    prongsai_domain::calendar::to_ascii_digits(year)
        .trim()
        .parse::<i32>()
        .ok()
        .and_then(|y| st.frameworks.get(y))
        .ok_or(AppError::NotFound)
}

// ----- list -----------------------------------------------------------------------------------

pub struct YearStatus {
    pub be: i32,
    pub has_scores: bool,
    pub total: String,
    pub grade: String,
    pub updated: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "assessment/list.html")]
struct ListPage {
    page: Page,
    years: Vec<YearStatus>,
    can_edit: bool,
}

pub async fn list_page(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let saved = st.store.list_assessments(&scope).await?;
    let mut years = Vec::new();
    for f in st.frameworks.all().iter().rev() {
        let be = f.fiscal_year.be();
        let row = saved.iter().find(|a| a.fiscal_year == be);
        let (total, grade) = match row {
            Some(_) => {
                let scores = st
                    .store
                    .load_scores(&scope, f.fiscal_year)
                    .await?
                    .map(|(_, s)| s)
                    .unwrap_or_default();
                let o = compute(f, &scores);
                (
                    o.total.map(|t| num(round2(t))).unwrap_or_default(),
                    o.grade.map(|g| g.label_th).unwrap_or_default(),
                )
            }
            None => (String::new(), String::new()),
        };
        years.push(YearStatus {
            be,
            has_scores: row.is_some(),
            total,
            grade,
            updated: row
                .map(|a| fmt_datetime(staff.ctx.lang, a.updated_at))
                .unwrap_or_default(),
            source: row.map(|a| a.source.clone()).unwrap_or_default(),
        });
    }
    render(&ListPage {
        page: Page::staff(&staff, "nav.assessments", "/staff/assessments"),
        years,
        can_edit: staff.user.role().allows(Permission::ManageAssessment),
    })
}

// ----- entry form -----------------------------------------------------------------------------

pub struct IndicatorField {
    pub number: u32,
    pub name: String,
    pub tool: &'static str,
    pub value: String,
    pub error: Option<String>,
}

pub struct ItemField {
    pub code: String,
    pub title: String,
    pub sub: String,
    pub answer: String,
    pub remark: String,
    pub error: Option<String>,
}

pub struct QuestionField {
    pub code: String,
    pub text: String,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "assessment/entry.html")]
struct EntryPage {
    page: Page,
    be: i32,
    indicators: Vec<IndicatorField>,
    items: Vec<ItemField>,
    questions: Vec<QuestionField>,
    errors: Errors,
    import_errors: Vec<String>,
    max_upload_mb: usize,
}

/// Form values keyed by field name: `ind_9`, `item_O15`, `remark_O15`, `q_E12`.
type Values = HashMap<String, String>;

fn values_of(scores: &Scores) -> Values {
    let mut v = Values::new();
    for (n, s) in &scores.indicators {
        v.insert(format!("ind_{n}"), num(*s));
    }
    for (c, a) in &scores.items {
        v.insert(
            format!("item_{c}"),
            if a.answer { "yes" } else { "no" }.to_string(),
        );
        if let Some(r) = &a.remark {
            v.insert(format!("remark_{c}"), r.clone());
        }
    }
    for (c, s) in &scores.questions {
        v.insert(format!("q_{c}"), num(*s));
    }
    v
}

fn entry_view(
    staff: &Staff,
    f: &Framework,
    values: &Values,
    errors: Errors,
    import_errors: Vec<String>,
) -> Result<Response, AppError> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let err = |k: &str| errors.get(k).map(str::to_string);
    let indicators = f
        .indicators
        .iter()
        .map(|i| {
            let k = format!("ind_{}", i.number);
            IndicatorField {
                number: i.number,
                name: i.name_th.clone(),
                tool: i.tool.as_str(),
                value: get(&k),
                error: err(&k),
            }
        })
        .collect();
    let items = f
        .items
        .iter()
        .map(|i| ItemField {
            code: i.code.clone(),
            title: i.title_th.clone(),
            sub: i.sub_indicator.clone(),
            answer: get(&format!("item_{}", i.code)),
            remark: get(&format!("remark_{}", i.code)),
            error: err(&format!("item_{}", i.code)).or_else(|| err(&format!("remark_{}", i.code))),
        })
        .collect();
    let questions = f
        .questions
        .iter()
        .map(|q| {
            let k = format!("q_{}", q.code);
            QuestionField {
                code: q.code.clone(),
                text: q.text_th.clone(),
                value: get(&k),
                error: err(&k),
            }
        })
        .collect();
    let failed = !errors.is_empty() || !import_errors.is_empty();
    let be = f.fiscal_year.be();
    let mut page = Page::staff(staff, "nav.assessments", "/staff/assessments");
    page.title = format!("{} {be}", page.title);
    render_form(
        &EntryPage {
            page,
            be,
            indicators,
            items,
            questions,
            errors,
            import_errors,
            max_upload_mb: crate::app::MAX_UPLOAD_BYTES / (1024 * 1024),
        },
        failed,
    )
}

pub async fn entry_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let f = framework(&st, &year)?;
    let scores = st
        .store
        .load_scores(&scope, f.fiscal_year)
        .await?
        .map(|(_, s)| s)
        .unwrap_or_default();
    entry_view(&staff, f, &values_of(&scores), Errors::default(), vec![])
}

/// Parse the whole form into scores; every refused field gets its message.
fn parse_form(f: &Framework, v: &Values, lang: Lang) -> Result<Scores, Errors> {
    let mut s = Scores::default();
    let mut errors = Vec::new();
    let mut push = |field: String, e: InputError| {
        errors.push(FieldError {
            field,
            message: e.message(lang).to_string(),
        })
    };
    for i in &f.indicators {
        let k = format!("ind_{}", i.number);
        match parse_score("score", v.get(&k).map(String::as_str).unwrap_or("")) {
            Ok(Some(x)) => {
                s.indicators.insert(i.number, x);
            }
            Ok(None) => {}
            Err(e) => push(k, e),
        }
    }
    for i in &f.items {
        let k = format!("item_{}", i.code);
        let rk = format!("remark_{}", i.code);
        let remark = v.get(&rk).map(|r| r.trim()).filter(|r| !r.is_empty());
        if let Some(r) = remark {
            if r.chars().count() > 2000 {
                push(
                    rk.clone(),
                    InputError::new(
                        "remark",
                        "หมายเหตุยาวเกิน 2000 ตัวอักษร",
                        "The remark is longer than 2000 characters",
                    ),
                );
                continue;
            }
        }
        match v.get(&k).map(String::as_str).unwrap_or("") {
            "yes" | "no" => {
                let answer = v.get(&k).is_some_and(|a| a == "yes");
                s.items.insert(
                    i.code.clone(),
                    ItemAnswer {
                        answer,
                        remark: remark.map(str::to_string),
                    },
                );
            }
            "" => {}
            _ => push(
                k,
                InputError::new(
                    "answer",
                    "คำตอบต้องเป็น มี หรือ ไม่มี",
                    "The answer must be yes or no",
                ),
            ),
        }
    }
    for q in &f.questions {
        let k = format!("q_{}", q.code);
        match parse_score("score", v.get(&k).map(String::as_str).unwrap_or("")) {
            Ok(Some(x)) => {
                s.questions.insert(q.code.clone(), x);
            }
            Ok(None) => {}
            Err(e) => push(k, e),
        }
    }
    if errors.is_empty() {
        Ok(s)
    } else {
        Err(Errors(errors))
    }
}

pub async fn entry_save(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(values): CsrfForm<Values>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let f = framework(&st, &year)?;
    match parse_form(f, &values, staff.ctx.lang) {
        Ok(scores) => {
            st.store
                .save_scores(&scope, &staff.actor(), f.fiscal_year, &scores, "manual")
                .await?;
            Ok(Redirect::to(&format!(
                "/staff/assessments/{}/result?saved=1",
                f.fiscal_year.be()
            ))
            .into_response())
        }
        Err(errors) => entry_view(&staff, f, &values, errors, vec![]),
    }
}

/// A CSV with the header and one row per code of the year, to fill in.
pub async fn template_csv(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let f = framework(&st, &year)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in &f.indicators {
        rows.push(vec![
            "indicator".into(),
            i.number.to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for i in &f.items {
        rows.push(vec![
            "item".into(),
            i.code.clone(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for q in &f.questions {
        rows.push(vec![
            "question".into(),
            q.code.clone(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let header: Vec<&str> = prongsai_docs::import::CSV_HEADER.split(',').collect();
    let body = prongsai_docs::csv::to_csv(&header, rows)
        .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    let disp = format!(
        "attachment; filename=\"ita-scores-{}.csv\"",
        f.fiscal_year.be()
    );
    if let Ok(v) = HeaderValue::from_str(&disp) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// Upload a CSV or XLSX score file: all rows are checked, and nothing is stored unless every
/// row is right.
pub async fn import_upload(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let f = framework(&st, &year)?;
    let lang = staff.ctx.lang;
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_lowercase();
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if !constant_time_eq(csrf.as_bytes(), staff.ctx.csrf.as_bytes()) {
        return Err(AppError::Csrf);
    }
    let current = st
        .store
        .load_scores(&scope, f.fiscal_year)
        .await?
        .map(|(_, s)| s)
        .unwrap_or_default();
    let refuse =
        |msgs: Vec<String>| entry_view(&staff, f, &values_of(&current), Errors::default(), msgs);
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(vec![match lang {
            Lang::Th => "กรุณาเลือกไฟล์ CSV หรือ XLSX".into(),
            Lang::En => "Please choose a CSV or XLSX file".into(),
        }]);
    };
    let format = if name.ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
        prongsai_docs::import::Format::Xlsx
    } else {
        prongsai_docs::import::Format::Csv
    };
    let rows = match prongsai_docs::import::parse_scores(&bytes, format, f) {
        Ok(rows) => rows,
        Err(errors) => {
            return refuse(
                errors
                    .iter()
                    .map(|e| {
                        let col = e
                            .column
                            .as_deref()
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default();
                        match lang {
                            Lang::Th => format!("แถวที่ {}{col}: {}", e.line, e.th),
                            Lang::En => format!("line {}{col}: {}", e.line, e.en),
                        }
                    })
                    .collect(),
            )
        }
    };
    let mut scores = Scores::default();
    for r in rows {
        match r.kind {
            prongsai_docs::import::ScoreKind::Indicator => {
                if let (Ok(n), Some(v)) = (r.code.parse(), r.score) {
                    scores.indicators.insert(n, v);
                }
            }
            prongsai_docs::import::ScoreKind::Item => {
                if let Some(a) = r.answer {
                    scores.items.insert(
                        r.code,
                        ItemAnswer {
                            answer: a,
                            remark: r.remark,
                        },
                    );
                }
            }
            prongsai_docs::import::ScoreKind::Question => {
                if let Some(v) = r.score {
                    scores.questions.insert(r.code, v);
                }
            }
        }
    }
    let source = match format {
        prongsai_docs::import::Format::Xlsx => "xlsx",
        prongsai_docs::import::Format::Csv => "csv",
    };
    st.store
        .save_scores(&scope, &staff.actor(), f.fiscal_year, &scores, source)
        .await?;
    Ok(Redirect::to(&format!(
        "/staff/assessments/{}/result?saved=1",
        f.fiscal_year.be()
    ))
    .into_response())
}

// ----- result and analysis --------------------------------------------------------------------

pub struct ToolRow {
    pub code: &'static str,
    pub weight: String,
    pub score: String,
    pub below: bool,
}

pub struct IndicatorRow {
    pub number: u32,
    pub name: String,
    pub tool: &'static str,
    pub score: String,
    pub from_items: bool,
    pub below: bool,
}

pub struct WeakRow {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub code: String,
    pub text: String,
    pub score: String,
    pub remark: String,
    pub next_codes: String,
    pub issue_title: String,
    pub chosen: bool,
}

pub struct IssueRow {
    pub issue: ImprovementIssue,
    pub codes: String,
    pub next_codes: String,
}

#[derive(Template)]
#[template(path = "assessment/result.html")]
struct ResultPage {
    page: Page,
    be: i32,
    next_be: Option<i32>,
    has_scores: bool,
    total: String,
    grade: String,
    passed: Option<bool>,
    pass_mark: String,
    target: String,
    target_is_custom: bool,
    tools: Vec<ToolRow>,
    indicators: Vec<IndicatorRow>,
    chart: String,
    items_answered: usize,
    items_yes: usize,
    weak: Vec<WeakRow>,
    issues: Vec<IssueRow>,
    can_edit: bool,
    errors: Errors,
}

#[derive(Deserialize, Default)]
pub struct ResultQuery {
    #[serde(default)]
    saved: Option<String>,
}

fn kind_label(lang: Lang, k: WeakKind) -> &'static str {
    match (lang, k) {
        (Lang::Th, WeakKind::Indicator) => "ตัวชี้วัด",
        (Lang::Th, WeakKind::Item) => "ข้อ OIT ที่ตอบ \"ไม่มี\"",
        (Lang::Th, WeakKind::Question) => "คำถามที่ได้คะแนนต่ำ",
        (Lang::En, WeakKind::Indicator) => "Indicator",
        (Lang::En, WeakKind::Item) => "OIT item answered \"no\"",
        (Lang::En, WeakKind::Question) => "Low-scoring question",
    }
}

/// A year's results as the result page and the analysis report both use them.
struct Analysis {
    assessment: Option<prongsai_store::assessment::Assessment>,
    outcome: Outcome,
    target: f64,
    weak: Vec<prongsai_domain::assessment::WeakPoint>,
    issues: Vec<ImprovementIssue>,
    next_be: Option<i32>,
}

async fn analysis(
    st: &AppState,
    scope: prongsai_store::AgencyScope,
    f: &Framework,
) -> Result<Analysis, AppError> {
    let (assessment, scores) = match st.store.load_scores(&scope, f.fiscal_year).await? {
        Some((a, s)) => (Some(a), s),
        None => (None, Scores::default()),
    };
    let outcome = compute(f, &scores);
    let target = assessment
        .as_ref()
        .and_then(|a| a.target)
        .unwrap_or(f.scoring.pass_mark);
    let next = st.frameworks.next_of(f.fiscal_year.be());
    let d = next.map(|n| prongsai_domain::framework::diff(f, n));
    let weak = weak_points(f, &scores, &outcome, target, LOWEST_QUESTIONS, d.as_ref());
    Ok(Analysis {
        assessment,
        outcome,
        target,
        weak,
        issues: st.store.list_issues(&scope, f.fiscal_year).await?,
        next_be: next.map(|n| n.fiscal_year.be()),
    })
}

/// One bar per indicator.
fn indicator_bars(o: &Outcome) -> Vec<Bar> {
    o.indicators
        .iter()
        .map(|i| Bar {
            label: format!("{} {}", i.number, i.name_th),
            value: i.score,
        })
        .collect()
}

async fn result_view(
    st: &AppState,
    staff: &Staff,
    f: &Framework,
    errors: Errors,
    flash: bool,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let be = f.fiscal_year.be();
    let Analysis {
        assessment,
        outcome: o,
        target,
        weak,
        issues,
        next_be,
    } = analysis(st, staff.scope()?, f).await?;
    let has_scores = assessment.is_some();
    let chosen: Vec<Vec<String>> = issues.iter().map(|i| i.code_list()).collect();
    let weak = weak
        .into_iter()
        .map(|w| WeakRow {
            kind: w.kind.code(),
            kind_label: kind_label(lang, w.kind),
            chosen: chosen.iter().any(|c| c.contains(&w.code)),
            issue_title: w.issue_title(f),
            code: w.code.clone(),
            text: w.text_th.clone(),
            score: w.score.map(num).unwrap_or_default(),
            remark: w.remark.clone().unwrap_or_default(),
            next_codes: w.next_codes.join(", "),
        })
        .collect();
    let tools = o
        .tools
        .iter()
        .map(|t| ToolRow {
            code: t.tool.as_str(),
            weight: num(t.weight),
            score: t
                .score
                .map(|s| num(round2(s)))
                .unwrap_or_else(|| "—".into()),
            below: t.score.is_some_and(|s| s < target),
        })
        .collect();
    let indicators: Vec<IndicatorRow> = o
        .indicators
        .iter()
        .map(|i| IndicatorRow {
            number: i.number,
            name: i.name_th.clone(),
            tool: i.tool.as_str(),
            score: i
                .score
                .map(|s| num(round2(s)))
                .unwrap_or_else(|| "—".into()),
            from_items: i.source == prongsai_domain::assessment::ScoreSource::FromItems,
            below: i.score.is_some_and(|s| s < target),
        })
        .collect();
    let mut bars = indicator_bars(&o);
    for t in &o.tools {
        bars.push(Bar {
            label: t.tool.as_str().to_string(),
            value: t.score,
        });
    }
    bars.push(Bar {
        label: match lang {
            Lang::Th => "คะแนนรวม".into(),
            Lang::En => "Total".into(),
        },
        value: o.total,
    });
    let chart_title = match lang {
        Lang::Th => format!("คะแนนการประเมิน ITA ปีงบประมาณ {be} เทียบกับเป้าหมาย"),
        Lang::En => format!("ITA scores of FY{be} against the target"),
    };
    let target_label = match lang {
        Lang::Th => "เป้าหมาย",
        Lang::En => "target",
    };
    let mut page = Page::staff(staff, "nav.assessments", "/staff/assessments")
        .with_flash(flash.then_some("settings.saved"));
    page.title = format!("{} {be}", page.title);
    let failed = !errors.is_empty();
    render_form(
        &ResultPage {
            page,
            be,
            next_be,
            has_scores,
            total: o
                .total
                .map(|t| num(round2(t)))
                .unwrap_or_else(|| "—".into()),
            grade: o
                .grade
                .as_ref()
                .map(|g| g.label_th.clone())
                .unwrap_or_else(|| "—".into()),
            passed: o.passed(),
            pass_mark: num(f.scoring.pass_mark),
            target: num(target),
            target_is_custom: assessment.as_ref().and_then(|a| a.target).is_some(),
            tools,
            indicators,
            chart: score_bars_svg(
                &chart_title,
                &bars,
                target,
                target_label,
                prongsai_domain::calendar::Digits::Arabic,
            ),
            items_answered: o.items_answered,
            items_yes: o.items_yes,
            weak,
            issues: issues
                .into_iter()
                .map(|i| IssueRow {
                    codes: i.code_list().join(", "),
                    next_codes: i.next_code_list().join(", "),
                    issue: i,
                })
                .collect(),
            can_edit: staff.user.role().allows(Permission::ManageAssessment),
            errors,
        },
        failed,
    )
}

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    /// `arabic` for Arabic digits; Thai digits by default, as in official documents.
    #[serde(default)]
    digits: Option<String>,
}

/// Build the analysis report of a year from the stored scores and chosen issues (also used by
/// `prongsai report analysis`).
pub async fn analysis_report(
    st: &AppState,
    scope: prongsai_store::AgencyScope,
    f: &Framework,
    thai_digits: bool,
) -> Result<prongsai_docs::reports::analysis::AnalysisReport, AppError> {
    use prongsai_docs::reports::analysis::*;
    let Analysis {
        assessment,
        outcome: o,
        target,
        weak,
        issues,
        next_be,
    } = analysis(st, scope, f).await?;
    if assessment.is_none() {
        return Err(AppError::NotFound);
    }
    let agency = st.store.agency(&scope).await?;
    let bars = indicator_bars(&o);
    Ok(AnalysisReport {
        agency_name: agency.name_th.clone(),
        fiscal_year: f.fiscal_year.be(),
        generated_on: crate::view::today(),
        thai_digits,
        total: o.total,
        grade: o.grade.as_ref().map(|g| g.label_th.clone()),
        pass_mark: f.scoring.pass_mark,
        target,
        passed: o.passed(),
        tools: o
            .tools
            .iter()
            .map(|t| ToolLine {
                code: t.tool.as_str().to_string(),
                name: f
                    .tool(t.tool)
                    .map(|x| x.name_th.clone())
                    .unwrap_or_default(),
                weight: t.weight,
                score: t.score,
            })
            .collect(),
        indicators: o
            .indicators
            .iter()
            .map(|i| IndicatorLine {
                number: i.number,
                name: i.name_th.clone(),
                tool: i.tool.as_str().to_string(),
                score: i.score,
            })
            .collect(),
        weak: weak
            .iter()
            .map(|w| WeakLine {
                kind: kind_label(Lang::Th, w.kind).to_string(),
                code: w.code.clone(),
                text: w.text_th.clone(),
                score: w.score,
                remark: w.remark.clone().unwrap_or_default(),
                next_codes: w.next_codes.join(", "),
            })
            .collect(),
        issues: issues
            .iter()
            .map(|i| IssueLine {
                title: i.title_th.clone(),
                note: i.note.clone().unwrap_or_default(),
                codes: i.code_list().join(", "),
                next_codes: i.next_code_list().join(", "),
            })
            .collect(),
        next_year: next_be,
        chart_svg: score_bars_svg(
            &format!("คะแนนรายตัวชี้วัด ปีงบประมาณ {}", f.fiscal_year.be()),
            &bars,
            target,
            "เป้าหมาย",
            if thai_digits {
                prongsai_domain::calendar::Digits::Thai
            } else {
                prongsai_domain::calendar::Digits::Arabic
            },
        ),
    })
}

fn attachment(body: Vec<u8>, mime: &'static str, name: &str) -> Response {
    crate::view::file_response(
        body,
        mime,
        crate::view::Disposition::Attachment,
        name,
        "no-store",
    )
}

/// The analysis report as PDF.
pub async fn report_pdf(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    report_download(&st, &staff, &year, &q, false).await
}

/// The analysis report as DOCX.
pub async fn report_docx(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    report_download(&st, &staff, &year, &q, true).await
}

async fn report_download(
    st: &AppState,
    staff: &Staff,
    year: &str,
    q: &ReportQuery,
    docx: bool,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let f = framework(st, year)?;
    let thai_digits = q.digits.as_deref() != Some("arabic");
    let report = analysis_report(st, staff.scope()?, f, thai_digits).await?;
    // Layout is CPU work: keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || {
        if docx {
            report.docx().map_err(|e| e.to_string())
        } else {
            report.pdf().map_err(|e| e.to_string())
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("join: {e}")))?
    .map_err(AppError::Internal)?;
    let (mime, ext) = if docx {
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        )
    } else {
        ("application/pdf", "pdf")
    };
    Ok(attachment(
        bytes,
        mime,
        &format!("ita-analysis-{}.{ext}", f.fiscal_year.be()),
    ))
}

pub async fn result_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<ResultQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let f = framework(&st, &year)?;
    result_view(&st, &staff, f, Errors::default(), q.saved.is_some()).await
}

#[derive(Deserialize)]
pub struct TargetForm {
    #[serde(default)]
    target: String,
}

pub async fn target_save(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(form): CsrfForm<TargetForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let f = framework(&st, &year)?;
    match parse_score("target", &form.target) {
        Ok(t) => {
            st.store
                .set_target(&scope, &staff.actor(), f.fiscal_year, t)
                .await?;
            Ok(Redirect::to(&format!(
                "/staff/assessments/{}/result?saved=1",
                f.fiscal_year.be()
            ))
            .into_response())
        }
        Err(e) => {
            result_view(
                &st,
                &staff,
                f,
                Errors::from_input(staff.ctx.lang, &e),
                false,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    codes: String,
    #[serde(default)]
    title_th: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    next_codes: String,
}

fn code_list(s: &str) -> Vec<String> {
    s.split([',', ' ', '\n'])
        .map(|c| prongsai_domain::calendar::to_ascii_digits(c.trim()).to_uppercase())
        .filter(|c| !c.is_empty())
        .collect()
}

/// After a change to the issues: back to the list, or the page again with the refused input.
async fn after_issue_change<T>(
    st: &AppState,
    staff: &Staff,
    f: &Framework,
    r: Result<T, prongsai_store::StoreError>,
) -> Result<Response, AppError> {
    match r {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/assessments/{}/result#issues",
            f.fiscal_year.be()
        ))
        .into_response()),
        Err(prongsai_store::StoreError::Input(e)) => {
            result_view(st, staff, f, Errors::from_input(staff.ctx.lang, &e), false).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn issue_create(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(form): CsrfForm<IssueForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let f = framework(&st, &year)?;
    let kind = match form.kind.as_str() {
        k @ ("indicator" | "item" | "question" | "custom") => k.to_string(),
        "" => "custom".to_string(),
        _ => return Err(AppError::BadRequest),
    };
    let note = super::opt_text("note", &form.note, 4000);
    let note = match note {
        Ok(n) => n,
        Err(e) => {
            return after_issue_change(&st, &staff, f, Err::<(), _>(e.into())).await;
        }
    };
    let r = st
        .store
        .create_issue(
            &scope,
            &staff.actor(),
            NewIssue {
                fiscal_year: f.fiscal_year,
                kind,
                codes: code_list(&form.codes),
                title_th: form.title_th,
                note,
                next_codes: code_list(&form.next_codes),
            },
        )
        .await;
    after_issue_change(&st, &staff, f, r).await
}

pub async fn issue_update(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<IssueForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let f = framework(&st, &year)?;
    let note = match super::opt_text("note", &form.note, 4000) {
        Ok(n) => n,
        Err(e) => {
            return after_issue_change(&st, &staff, f, Err::<(), _>(e.into())).await;
        }
    };
    let r = st
        .store
        .update_issue(&scope, &staff.actor(), id, &form.title_th, note)
        .await;
    after_issue_change(&st, &staff, f, r).await
}

pub async fn issue_delete(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<super::NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let f = framework(&st, &year)?;
    st.store.delete_issue(&scope, &staff.actor(), id).await?;
    Ok(Redirect::to(&format!(
        "/staff/assessments/{}/result#issues",
        f.fiscal_year.be()
    ))
    .into_response())
}

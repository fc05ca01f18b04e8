//! The framework browser (public, with the staff menu for staff): the years, the tree of one
//! year, and what changed between two years.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use prongsai_domain::framework::{Cadence, ChangeKind, DataYear, Framework, FrameworkStatus};
use prongsai_domain::Lang;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::{num, render, Page};

/// A year in the list.
pub struct YearRow {
    pub be: i32,
    pub status: String,
    pub items: usize,
    pub questions: usize,
    pub gaps: usize,
}

fn status_label(ctx: &Ctx, s: FrameworkStatus) -> String {
    ctx.t(match s {
        FrameworkStatus::Complete => "fw.status_complete",
        FrameworkStatus::Partial => "fw.status_partial",
        FrameworkStatus::Placeholder => "fw.status_placeholder",
    })
    .to_string()
}

#[derive(Template)]
#[template(path = "frameworks/index.html")]
struct IndexPage {
    page: Page,
    years: Vec<YearRow>,
}

pub async fn index(State(st): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let years = st
        .frameworks
        .all()
        .iter()
        .rev()
        .map(|f| YearRow {
            be: f.fiscal_year.be(),
            status: status_label(&ctx, f.status),
            items: f.items.len(),
            questions: f.questions.len(),
            gaps: f.gaps.len(),
        })
        .collect();
    render(&IndexPage {
        page: Page::public_or_staff(&ctx, ctx.t("fw.title"), "/frameworks"),
        years,
    })
}

pub struct ItemView {
    pub code: String,
    pub title: String,
    pub title_verified: bool,
    pub group: Option<String>,
    pub requirement: Option<String>,
    pub requirement_verified: bool,
    pub cadence: &'static str,
    pub data_year: &'static str,
}

pub struct SubView {
    pub code: String,
    pub name: String,
    pub verified: bool,
    pub items: Vec<ItemView>,
}

pub struct QuestionView {
    pub code: String,
    pub text: String,
    pub verified: bool,
}

pub struct IndicatorView {
    pub number: u32,
    pub name: String,
    pub weight: String,
    pub verified: bool,
    pub subs: Vec<SubView>,
    pub questions: Vec<QuestionView>,
}

pub struct ToolView {
    pub code: &'static str,
    pub name: String,
    pub weight: String,
    pub verified: bool,
    pub indicators: Vec<IndicatorView>,
}

pub struct GradeView {
    pub label: String,
    pub min_total: String,
    pub min_each_tool: String,
    pub verified: bool,
}

#[derive(Template)]
#[template(path = "frameworks/year.html")]
struct YearPage {
    page: Page,
    be: i32,
    title: String,
    status: String,
    pass_mark: String,
    pass_mark_verified: bool,
    grades: Vec<GradeView>,
    tools: Vec<ToolView>,
    gaps: Vec<String>,
    sources: Vec<String>,
    other_years: Vec<i32>,
    compare_default: i32,
}

fn tree(f: &Framework, lang: Lang) -> Vec<ToolView> {
    let cad = |c: Cadence| match lang {
        Lang::Th => c.label_th(),
        Lang::En => c.label_en(),
    };
    let dy = |d: DataYear| match lang {
        Lang::Th => d.label_th(),
        Lang::En => d.label_en(),
    };
    f.tools
        .iter()
        .map(|t| ToolView {
            code: t.code.as_str(),
            name: match lang {
                Lang::Th => t.name_th.clone(),
                Lang::En => t.name_en.clone(),
            },
            weight: num(t.weight),
            verified: t.verified,
            indicators: f
                .indicators_of(t.code)
                .map(|ind| IndicatorView {
                    number: ind.number,
                    name: ind.name_th.clone(),
                    weight: ind.weight.map(num).unwrap_or_default(),
                    verified: ind.verified,
                    subs: f
                        .sub_indicators_of(ind.number)
                        .map(|s| SubView {
                            code: s.code.clone(),
                            name: s.name_th.clone(),
                            verified: s.verified,
                            items: f
                                .items_of(&s.code)
                                .map(|i| ItemView {
                                    code: i.code.clone(),
                                    title: i.title_th.clone(),
                                    title_verified: i.title_verified,
                                    group: i.group_th.clone(),
                                    requirement: i.requirement_th.clone(),
                                    requirement_verified: i.requirement_verified,
                                    cadence: cad(i.cadence),
                                    data_year: dy(i.data_year),
                                })
                                .collect(),
                        })
                        .collect(),
                    questions: f
                        .questions
                        .iter()
                        .filter(|q| q.indicator == ind.number && q.tool == t.code)
                        .map(|q| QuestionView {
                            code: q.code.clone(),
                            text: q.text_th.clone(),
                            verified: q.verified,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn parse_year(s: &str) -> Option<i32> {
    prongsai_domain::calendar::to_ascii_digits(s)
        .trim()
        .parse()
        .ok()
}

pub async fn year_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    let f = parse_year(&year)
        .and_then(|y| st.frameworks.get(y))
        .ok_or(AppError::NotFound)?;
    let be = f.fiscal_year.be();
    let other_years: Vec<i32> = st
        .frameworks
        .all()
        .iter()
        .map(|x| x.fiscal_year.be())
        .filter(|y| *y != be)
        .collect();
    let compare_default = if st.frameworks.get(be - 1).is_some() {
        be - 1
    } else {
        other_years.first().copied().unwrap_or(be)
    };
    let title = format!("{} {be}", ctx.t("fw.title"));
    render(&YearPage {
        page: Page::public_or_staff(&ctx, &title, "/frameworks"),
        be,
        title: f.title_th.clone(),
        status: status_label(&ctx, f.status),
        pass_mark: num(f.scoring.pass_mark),
        pass_mark_verified: f.scoring.pass_mark_verified,
        grades: f
            .grades
            .iter()
            .map(|g| GradeView {
                label: g.label_th.clone(),
                min_total: num(g.min_total),
                min_each_tool: g.min_each_tool.map(num).unwrap_or_default(),
                verified: g.verified,
            })
            .collect(),
        tools: tree(f, ctx.lang),
        gaps: f.gaps.clone(),
        sources: f.sources.clone(),
        other_years,
        compare_default,
    })
}

/// A row of the diff table.
pub struct DiffRow {
    pub kind: &'static str,
    pub kind_label: String,
    pub from: Vec<(String, String)>,
    pub to: Vec<(String, String)>,
    pub moved: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "frameworks/diff.html")]
struct DiffPage {
    page: Page,
    from: i32,
    to: i32,
    rows: Vec<DiffRow>,
    summary: Vec<(String, usize)>,
    show_all: bool,
    years: Vec<i32>,
}

#[derive(Deserialize, Default)]
pub struct DiffQuery {
    #[serde(default)]
    all: Option<String>,
}

pub(crate) fn kind_key(k: ChangeKind) -> (&'static str, &'static str) {
    match k {
        ChangeKind::Same => ("same", "fw.kind_same"),
        ChangeKind::Renumbered => ("renumbered", "fw.kind_renumbered"),
        ChangeKind::Renamed => ("renamed", "fw.kind_renamed"),
        ChangeKind::Merged => ("merged", "fw.kind_merged"),
        ChangeKind::Split => ("split", "fw.kind_split"),
        ChangeKind::Added => ("added", "fw.kind_added"),
        ChangeKind::Removed => ("removed", "fw.kind_removed"),
    }
}

pub async fn diff_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((year, other)): Path<(String, String)>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, AppError> {
    let (a, b) = parse_year(&year)
        .zip(parse_year(&other))
        .ok_or(AppError::NotFound)?;
    // Always show the change from the earlier year to the later one.
    let (from, to) = if a <= b { (a, b) } else { (b, a) };
    let d = st.frameworks.diff(from, to).ok_or(AppError::NotFound)?;
    let show_all = q.all.is_some();
    let kinds = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Renamed,
        ChangeKind::Renumbered,
        ChangeKind::Merged,
        ChangeKind::Split,
        ChangeKind::Same,
    ];
    let summary = kinds
        .iter()
        .map(|k| (ctx.t(kind_key(*k).1).to_string(), d.count(*k)))
        .collect();
    let rows = d
        .changes
        .iter()
        .filter(|c| show_all || c.kind != ChangeKind::Same || c.moved.is_some())
        .map(|c| DiffRow {
            kind: kind_key(c.kind).0,
            kind_label: if c.kind == ChangeKind::Removed && !d.later_complete {
                ctx.t("fw.kind_not_found").to_string()
            } else {
                ctx.t(kind_key(c.kind).1).to_string()
            },
            from: c.from.clone(),
            to: c.to.clone(),
            moved: c.moved.clone(),
        })
        .collect();
    let title = format!("{} {from} → {to}", ctx.t("fw.diff_title"));
    render(&DiffPage {
        page: Page::public_or_staff(&ctx, &title, "/frameworks"),
        from,
        to,
        rows,
        summary,
        show_all,
        years: st
            .frameworks
            .all()
            .iter()
            .map(|f| f.fiscal_year.be())
            .collect(),
    })
}

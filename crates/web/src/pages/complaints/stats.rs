//! Complaint statistics (ข้อมูลสถิติเรื่องร้องเรียน) of a fiscal year, by month and for the year:
//! counts by kind, channel, state and outcome, late cases, mean and median days to close.
//! Counts only, never a person's data or a case's words, so the page is public:
//! `/{agency}/complaints/stats?year=2570`, and as open data
//! `/{agency}/complaints/stats/2570.csv` and `.xlsx`. Staff see the same at
//! `/staff/complaints/stats`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use prongsai_domain::calendar::{month_name_en, month_name_th, to_ascii_digits, FiscalYear};
use prongsai_domain::complaints::{Channel, Kind, Outcome, StatRow, YearTable};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{Ctx, Staff};
use crate::error::AppError;
use crate::view::{render, today, Page};

#[derive(Deserialize, Default)]
pub struct StatsQuery {
    #[serde(default)]
    year: String,
}

/// The years offered: this one and the ten before.
fn read_year(input: &str) -> Result<FiscalYear, AppError> {
    let current = FiscalYear::containing(today());
    match input.trim() {
        "" => Ok(current),
        y => to_ascii_digits(y)
            .parse::<i32>()
            .ok()
            .and_then(|y| FiscalYear::new(y).ok())
            .filter(|y| y.be() <= current.be() && y.be() >= current.be() - 10)
            .ok_or(AppError::NotFound),
    }
}

fn one_decimal(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "–".into())
}

pub struct MonthRow {
    pub label: String,
    pub received: u64,
    pub kinds: Vec<u64>,
    pub closed: u64,
    pub open: u64,
    pub late: u64,
    pub mean: String,
    pub median: String,
}

fn month_row(label: String, r: &StatRow) -> MonthRow {
    MonthRow {
        label,
        received: r.received,
        kinds: Kind::ALL.iter().map(|k| r.kind(*k)).collect(),
        closed: r.closed(),
        open: r.open(),
        late: r.late,
        mean: one_decimal(r.mean_days()),
        median: one_decimal(r.median_days()),
    }
}

fn month_label(lang: Lang, year: FiscalYear, m: u32) -> String {
    // October–December belong to the first Gregorian year of the fiscal year
    let gregorian = if m >= 10 {
        year.start()
            .format("%Y")
            .to_string()
            .parse::<i32>()
            .unwrap_or(0)
    } else {
        year.end()
            .format("%Y")
            .to_string()
            .parse::<i32>()
            .unwrap_or(0)
    };
    match lang {
        Lang::Th => format!("{} {}", month_name_th(m), gregorian + 543),
        Lang::En => format!("{} {gregorian}", month_name_en(m)),
    }
}

#[derive(Template)]
#[template(path = "complaints/stats.html")]
struct StatsPage {
    page: Page,
    base: String,
    files: String,
    be: i32,
    years: Vec<i32>,
    kinds: Vec<&'static str>,
    months: Vec<MonthRow>,
    total: MonthRow,
    by_channel: Vec<(&'static str, u64)>,
    by_outcome: Vec<(&'static str, u64)>,
}

fn stats_page(
    page: Page,
    lang: Lang,
    base: String,
    files: String,
    t: &YearTable,
    title_total: &str,
) -> StatsPage {
    let current = FiscalYear::containing(today());
    StatsPage {
        page,
        base,
        files,
        be: t.year.be(),
        years: (0..3).map(|k| current.be() - k).collect(),
        kinds: Kind::ALL.iter().map(|k| k.label(lang)).collect(),
        months: t
            .months
            .iter()
            .map(|(m, r)| month_row(month_label(lang, t.year, *m), r))
            .collect(),
        total: month_row(title_total.to_string(), &t.total),
        by_channel: Channel::ALL
            .iter()
            .map(|c| (c.label(lang), t.total.channel(*c)))
            .collect(),
        by_outcome: Outcome::ALL
            .iter()
            .map(|o| (o.label(lang), t.total.outcome(*o)))
            .collect(),
    }
}

/// `GET /{agency}/complaints/stats?year=2570`
pub async fn public_stats(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<StatsQuery>,
) -> Result<Response, AppError> {
    let (scope, a) = super::public::agency(&st, &slug).await?;
    let year = read_year(&q.year)?;
    let t = st.store.complaint_stats(&scope, year, today()).await?;
    let page = Page::agency_public(
        &ctx,
        &a,
        &format!("{} {}", ctx.t("cp.stats_title"), year.be()),
    );
    let mut res = render(&stats_page(
        page,
        ctx.lang,
        format!("/{}/complaints/stats", a.slug),
        format!("/{}/complaints/stats/{}", a.slug, year.be()),
        &t,
        ctx.t("st.total"),
    ))?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("cookie"));
    Ok(res)
}

/// `GET /staff/complaints/stats?year=2570`
pub async fn staff_stats(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<StatsQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let year = read_year(&q.year)?;
    let t = st.store.complaint_stats(&scope, year, today()).await?;
    let slug = staff.agency_slug();
    render(&stats_page(
        Page::staff(&staff, "cp.stats_title", "/staff/complaints"),
        staff.ctx.lang,
        "/staff/complaints/stats".into(),
        format!("/{slug}/complaints/stats/{}", year.be()),
        &t,
        staff.ctx.t("st.total"),
    ))
}

/// The columns of the CSV and XLSX, in Thai (the official language of the data).
fn header_th() -> Vec<String> {
    let mut h = vec!["เดือน".to_string(), "รับเรื่อง".to_string()];
    h.extend(
        Kind::ALL
            .iter()
            .map(|k| format!("ประเภท: {}", k.label_th())),
    );
    h.extend(
        Channel::ALL
            .iter()
            .map(|c| format!("ช่องทาง: {}", c.label_th())),
    );
    h.extend([
        "ดำเนินการเสร็จสิ้น".to_string(),
        "อยู่ระหว่างดำเนินการ".to_string(),
        "ล่าช้า".to_string(),
    ]);
    h.extend(Outcome::ALL.iter().map(|o| format!("ผล: {}", o.label_th())));
    h.extend(["เฉลี่ย (วัน)".to_string(), "มัธยฐาน (วัน)".to_string()]);
    h
}

fn figures(r: &StatRow) -> Vec<prongsai_docs::xlsx::Cell> {
    let mut v: Vec<prongsai_docs::xlsx::Cell> = vec![r.received.into()];
    v.extend(Kind::ALL.iter().map(|k| r.kind(*k).into()));
    v.extend(Channel::ALL.iter().map(|c| r.channel(*c).into()));
    v.extend([r.closed().into(), r.open().into(), r.late.into()]);
    v.extend(Outcome::ALL.iter().map(|o| r.outcome(*o).into()));
    v.push(r.mean_days().map(|d| (d * 10.0).round() / 10.0).into());
    v.push(r.median_days().into());
    v
}

fn text_figures(r: &StatRow) -> Vec<String> {
    let mut v = vec![r.received.to_string()];
    v.extend(Kind::ALL.iter().map(|k| r.kind(*k).to_string()));
    v.extend(Channel::ALL.iter().map(|c| r.channel(*c).to_string()));
    v.extend([
        r.closed().to_string(),
        r.open().to_string(),
        r.late.to_string(),
    ]);
    v.extend(Outcome::ALL.iter().map(|o| r.outcome(*o).to_string()));
    v.push(one_decimal(r.mean_days()));
    v.push(one_decimal(r.median_days()));
    v
}

/// `GET /{agency}/complaints/stats/{year}.{csv|xlsx}`
pub async fn stats_file(
    State(st): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (scope, a) = super::public::agency(&st, &slug).await?;
    let (stem, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    if !stem.bytes().all(|b| b.is_ascii_digit()) || stem.is_empty() {
        return Err(AppError::NotFound);
    }
    let year = read_year(stem)?;
    let t = st.store.complaint_stats(&scope, year, today()).await?;
    let title = format!("ข้อมูลสถิติเรื่องร้องเรียน ประจำปีงบประมาณ พ.ศ. {}", year.be());
    let rows_th: Vec<(String, &StatRow)> = t
        .months
        .iter()
        .map(|(m, r)| (month_label(Lang::Th, year, *m), r))
        .chain(std::iter::once(("รวมทั้งปี".to_string(), &t.total)))
        .collect();
    let (bytes, mime) = match ext {
        "csv" => {
            let header = header_th();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let rows = rows_th.iter().map(|(label, r)| {
                let mut v = vec![label.clone()];
                v.extend(text_figures(r));
                v
            });
            let csv = prongsai_docs::csv::to_csv(&header, rows)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            (csv.into_bytes(), "text/csv; charset=utf-8")
        }
        "xlsx" => {
            use prongsai_docs::xlsx::{Cell, Sheet};
            let sheet = Sheet {
                name: "รายเดือน".into(),
                title: vec![title.clone(), a.name_th.clone()],
                header: header_th(),
                rows: rows_th
                    .iter()
                    .map(|(label, r)| {
                        let mut v = vec![Cell::Text(label.clone())];
                        v.extend(figures(r));
                        v
                    })
                    .collect(),
            };
            let bytes = prongsai_docs::xlsx::workbook(&[sheet])
                .map_err(|e| AppError::Internal(e.to_string()))?;
            (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        }
        _ => return Err(AppError::NotFound),
    };
    Ok(crate::view::file_response(
        bytes,
        mime,
        crate::view::Disposition::Attachment,
        &format!("complaint-stats-{}.{ext}", year.be()),
        "public, max-age=300",
    ))
}

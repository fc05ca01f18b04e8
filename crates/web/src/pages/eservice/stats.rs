//! `/{agency}/stats`: the live statistics of the agency's services for any month, quarter,
//! half or whole fiscal year: requests received, done, rejected, open and late, mean and median
//! days to complete, by service, by month and by channel (online and counter). Counts only,
//! never a person's data, so the page is public and shared caches may keep it for a minute.
//!
//! The same figures as documents: `/{agency}/stats/{year}/{period}.{pdf|xlsx|csv}` (period
//! `year`, `half-1`, `quarter-2`, `month-10`): a Thai report (PDF, the agency's official
//! layout, by service) and open data (XLSX with a sheet by service, by unit, by month and by
//! channel; CSV by service). [`stats_file_href`] is what the OIT items link to.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::eservice::{StatPeriod, StatRow};
use prongsai_domain::Lang;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::{file_response, render, today, Disposition, Page};

#[derive(Deserialize, Default)]
pub struct StatsQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    period: String,
}

/// A row as shown.
pub struct RowView {
    pub label: String,
    pub received: u64,
    pub done: u64,
    pub rejected: u64,
    pub open: u64,
    pub late: u64,
    pub mean_days: String,
    pub median_days: String,
    pub percent_done: String,
}

fn one_decimal(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "–".into())
}

fn row(label: String, r: &StatRow) -> RowView {
    RowView {
        label,
        received: r.received,
        done: r.done,
        rejected: r.rejected,
        open: r.open,
        late: r.late,
        mean_days: one_decimal(r.mean_days()),
        median_days: one_decimal(r.median_days),
        percent_done: r
            .percent_done()
            .map(|p| format!("{p:.0}%"))
            .unwrap_or_else(|| "–".into()),
    }
}

/// The name of a service of the catalogue ("" for one no longer listed).
fn service_name(services: &[prongsai_store::eservice::Service], id: i64, lang: Lang) -> String {
    services
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.name(lang).to_string())
        .unwrap_or_default()
}

pub struct PeriodLink {
    pub code: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "eservice/stats.html")]
struct StatsPage {
    page: Page,
    slug: String,
    be: i32,
    years: Vec<i32>,
    period_label: String,
    /// The period's documents without their extension (none for a period not begun).
    files: Option<String>,
    periods: Vec<PeriodLink>,
    total: RowView,
    /// By service, by month, by channel: (heading, rows).
    sections: Vec<(String, Vec<RowView>)>,
}

/// `GET /{agency}/stats?year=2570&period=quarter:1`
pub async fn stats(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<StatsQuery>,
) -> Result<Response, AppError> {
    let (scope, a) = st
        .store
        .agency_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let now = today();
    let current = FiscalYear::containing(now);
    let fy = match q.year.trim() {
        "" => current,
        y => prongsai_domain::calendar::to_ascii_digits(y)
            .parse::<i32>()
            .ok()
            .and_then(|y| FiscalYear::new(y).ok())
            .filter(|y| y.be() <= current.be() && y.be() >= current.be() - 10)
            .ok_or(AppError::NotFound)?,
    };
    let period = match q.period.trim() {
        "" => StatPeriod::Year,
        p => StatPeriod::parse(p)
            .filter(|p| p.is_valid())
            .ok_or(AppError::NotFound)?,
    };
    let label = |p: StatPeriod| match lang {
        Lang::Th => p.label_th(fy, Digits::Arabic),
        Lang::En => p.label_en(fy),
    };
    let s = st.store.service_stats(&scope, fy, period, now).await?;
    let services = st.store.list_services(&scope, false).await?;
    let service_name = |id: i64| service_name(&services, id, lang);
    let page = Page::agency_public(&ctx, &a, &format!("{} {}", ctx.t("st.title"), fy.be()));
    let mut res = render(&StatsPage {
        page,
        slug: a.slug.clone(),
        be: fy.be(),
        years: (0..3).map(|k| current.be() - k).collect(),
        period_label: label(period),
        files: period.period(fy).ok().filter(|p| p.start <= now).map(|_| {
            stats_file_href(&a.slug, fy, period, "")
                .trim_end_matches('.')
                .to_string()
        }),
        periods: StatPeriod::all()
            .into_iter()
            .map(|p| PeriodLink {
                code: p.code(),
                label: label(p),
                current: p == period,
            })
            .collect(),
        total: row(ctx.t("st.total").to_string(), &s.total),
        sections: vec![
            (
                ctx.t("st.by_service").to_string(),
                s.by_service
                    .iter()
                    .map(|(id, r)| row(service_name(*id), r))
                    .collect(),
            ),
            (
                ctx.t("st.by_month").to_string(),
                s.by_month.iter().map(|(p, r)| row(label(*p), r)).collect(),
            ),
            (
                ctx.t("st.by_channel").to_string(),
                s.by_channel
                    .iter()
                    .map(|(c, r)| {
                        let name = match lang {
                            Lang::Th => c.label_th(),
                            Lang::En => c.label_en(),
                        };
                        row(name.to_string(), r)
                    })
                    .collect(),
            ),
        ],
    })?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("cookie"));
    Ok(res)
}

// ----- reports ---------------------------------------------------------------------------------

/// The address of a period's report: `/{slug}/stats/2570/half-1.pdf`.
pub fn stats_file_href(slug: &str, year: FiscalYear, period: StatPeriod, ext: &str) -> String {
    format!(
        "/{slug}/stats/{}/{}.{ext}",
        year.be(),
        period.code().replace(':', "-")
    )
}

/// `half-1.pdf` → (half 1, "pdf").
fn parse_file(file: &str) -> Option<(StatPeriod, &'static str)> {
    let (stem, ext) = file.rsplit_once('.')?;
    let ext = ["pdf", "xlsx", "csv"].into_iter().find(|e| *e == ext)?;
    let code = match stem.split_once('-') {
        Some((kind, n)) => format!("{kind}:{n}"),
        None => stem.to_string(),
    };
    Some((StatPeriod::parse(&code)?, ext))
}

const REPORT_HEADER: [&str; 9] = [
    "ลำดับ",
    "งานบริการ",
    "รับเรื่อง",
    "แล้วเสร็จ",
    "ไม่อนุมัติ/ยกเลิก",
    "อยู่ระหว่างดำเนินการ",
    "ล่าช้า",
    "เฉลี่ย (วัน)",
    "มัธยฐาน (วัน)",
];

fn figures(r: &StatRow) -> [String; 7] {
    [
        r.received.to_string(),
        r.done.to_string(),
        r.rejected.to_string(),
        r.open.to_string(),
        r.late.to_string(),
        one_decimal(r.mean_days()),
        one_decimal(r.median_days),
    ]
}

fn xlsx_row(label: String, r: &StatRow) -> Vec<prongsai_docs::xlsx::Cell> {
    use prongsai_docs::xlsx::Cell;
    vec![
        Cell::Text(label),
        r.received.into(),
        r.done.into(),
        r.rejected.into(),
        r.open.into(),
        r.late.into(),
        r.mean_days().map(|d| (d * 10.0).round() / 10.0).into(),
        r.median_days.into(),
    ]
}

/// `GET /{agency}/stats/{year}/{period}.{pdf|xlsx|csv}`
pub async fn stats_file(
    State(st): State<AppState>,
    Path((slug, year, file)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    use prongsai_docs::reports::notice::{Notice, NoticeTable};
    use prongsai_docs::xlsx::Sheet;
    let (scope, a) = st
        .store
        .agency_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = today();
    let fy: FiscalYear = year.parse().map_err(|_| AppError::NotFound)?;
    let (period, ext) = parse_file(&file).ok_or(AppError::NotFound)?;
    let range = period.period(fy).map_err(|_| AppError::NotFound)?;
    // reports of periods that have not begun yet do not exist
    if range.start > now || fy.be() < FiscalYear::containing(now).be() - 10 {
        return Err(AppError::NotFound);
    }
    let s = st.store.service_stats(&scope, fy, period, now).await?;
    let services = st.store.list_services(&scope, false).await?;
    let units = st.store.list_units(&scope).await?;
    let service_name = |id: i64| service_name(&services, id, Lang::Th);
    let label_th = period.label_th(fy, Digits::Arabic);
    let agency = a.name_th.clone();
    let title = format!("สถิติการให้บริการ {label_th}");
    let stem = format!(
        "service-stats-{}-{}",
        fy.be(),
        period.code().replace(':', "-")
    );
    let (bytes, mime) = match ext {
        "pdf" => {
            let mut rows: Vec<Vec<String>> = s
                .by_service
                .iter()
                .enumerate()
                .map(|(i, (id, r))| {
                    let mut row = vec![(i + 1).to_string(), service_name(*id)];
                    row.extend(figures(r));
                    row
                })
                .collect();
            let mut total = vec![String::new(), "รวม".to_string()];
            total.extend(figures(&s.total));
            rows.push(total);
            let t = &s.total;
            let mut paragraphs = vec![format!(
                "{agency} ได้สรุปสถิติการให้บริการประชาชน {label_th} ทั้งการยื่นคำขอผ่านระบบบริการออนไลน์ (e-Service) และการให้บริการ ณ สำนักงาน รวมทั้งสิ้น {} เรื่อง ดำเนินการแล้วเสร็จ {} เรื่อง{} ไม่อนุมัติหรือยกเลิก {} เรื่อง อยู่ระหว่างดำเนินการ {} เรื่อง และดำเนินการล่าช้ากว่าระยะเวลาที่กำหนด {} เรื่อง",
                t.received,
                t.done,
                t.percent_done()
                    .map(|p| format!(" (ร้อยละ {p:.1})"))
                    .unwrap_or_default(),
                t.rejected,
                t.open,
                t.late
            )];
            if let Some(mean) = t.mean_days() {
                paragraphs.push(format!(
                    "ระยะเวลาดำเนินการเฉลี่ย {mean:.1} วัน{} นับจากวันที่รับคำขอถึงวันที่ดำเนินการแล้วเสร็จ รายละเอียดตามตารางท้ายนี้",
                    s.total
                        .median_days
                        .map(|m| format!(" (มัธยฐาน {m:.1} วัน)"))
                        .unwrap_or_default()
                ));
            }
            let by_channel: Vec<String> = s
                .by_channel
                .iter()
                .map(|(c, r)| format!("{} {} เรื่อง", c.label_th(), r.received))
                .collect();
            if !by_channel.is_empty() {
                paragraphs.push(format!("จำแนกตามช่องทาง: {}", by_channel.join(" · ")));
            }
            if range.end >= now {
                paragraphs.push(format!(
                    "ข้อมูล ณ วันที่ {} (ช่วงเวลายังไม่สิ้นสุด)",
                    prongsai_domain::calendar::format_date_long_th(now, Digits::Arabic)
                ));
            }
            let notice = Notice {
                agency,
                kind: "รายงาน".into(),
                title: title.clone(),
                date: Some(now),
                paragraphs,
                table: Some(NoticeTable {
                    header: REPORT_HEADER.iter().map(|h| h.to_string()).collect(),
                    rows,
                }),
                signer: None,
                landscape: true,
            };
            let pdf = tokio::task::spawn_blocking(move || notice.pdf(false))
                .await
                .map_err(|e| AppError::Internal(format!("join: {e}")))?
                .map_err(|e| AppError::Internal(e.to_string()))?;
            (pdf, "application/pdf")
        }
        "xlsx" => {
            let head: Vec<String> = REPORT_HEADER[1..].iter().map(|h| h.to_string()).collect();
            let with_first = |first: &str| {
                let mut h = head.clone();
                h[0] = first.to_string();
                h
            };
            let title_lines = vec![title.clone(), agency.clone()];
            let mut by_service: Vec<Vec<_>> = s
                .by_service
                .iter()
                .map(|(id, r)| xlsx_row(service_name(*id), r))
                .collect();
            by_service.push(xlsx_row("รวม".into(), &s.total));
            let sheets = vec![
                Sheet {
                    name: "ตามงานบริการ".into(),
                    title: title_lines.clone(),
                    header: with_first("งานบริการ"),
                    rows: by_service,
                },
                Sheet {
                    name: "ตามหน่วยงาน".into(),
                    title: title_lines.clone(),
                    header: with_first("กอง/ส่วน"),
                    rows: s
                        .by_unit
                        .iter()
                        .map(|(id, r)| {
                            let name = id
                                .and_then(|id| units.iter().find(|u| u.id == id))
                                .map(|u| u.name_th.clone())
                                .unwrap_or_else(|| "ไม่ระบุ".into());
                            xlsx_row(name, r)
                        })
                        .collect(),
                },
                Sheet {
                    name: "รายเดือน".into(),
                    title: title_lines.clone(),
                    header: with_first("เดือน"),
                    rows: s
                        .by_month
                        .iter()
                        .map(|(p, r)| xlsx_row(p.label_th(fy, Digits::Arabic), r))
                        .collect(),
                },
                Sheet {
                    name: "ตามช่องทาง".into(),
                    title: title_lines,
                    header: with_first("ช่องทาง"),
                    rows: s
                        .by_channel
                        .iter()
                        .map(|(c, r)| xlsx_row(c.label_th().to_string(), r))
                        .collect(),
                },
            ];
            let bytes = prongsai_docs::xlsx::workbook(&sheets)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        }
        _ => {
            let mut rows: Vec<Vec<String>> = s
                .by_service
                .iter()
                .map(|(id, r)| {
                    let mut row = vec![service_name(*id)];
                    row.extend(figures(r));
                    row
                })
                .collect();
            let mut total = vec!["รวม".to_string()];
            total.extend(figures(&s.total));
            rows.push(total);
            let csv = prongsai_docs::csv::to_csv(&REPORT_HEADER[1..], rows)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            (csv.into_bytes(), "text/csv; charset=utf-8")
        }
    };
    Ok(file_response(
        bytes,
        mime,
        Disposition::Inline,
        &format!("{stem}.{ext}"),
        "public, max-age=300",
    ))
}

//! `/{agency}/stats`: the live statistics of the agency's services for any month, quarter,
//! half or whole fiscal year: requests received, done, rejected, open and late, mean and median
//! days to complete, by service, by month and by channel (online and counter). Counts only,
//! never a person's data, so the page is public and shared caches may keep it for a minute.

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
use crate::view::{agency_name, render, today, Page};

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
    let service_name = |id: i64| {
        services
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.name(lang).to_string())
            .unwrap_or_default()
    };
    let name = agency_name(&a, lang).to_string();
    let mut page = Page::public(&ctx, &format!("{} {}", ctx.t("st.title"), fy.be()));
    page.agency_name = Some(name);
    page.agency_slug = Some(a.slug.clone());
    let mut res = render(&StatsPage {
        page,
        slug: a.slug.clone(),
        be: fy.be(),
        years: (0..3).map(|k| current.be() - k).collect(),
        period_label: label(period),
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

//! The coordinator's text of the annual procurement report (ปัญหา อุปสรรค, แนวทางการปรับปรุง),
//! under the year's key figures from the register (read-only), with links to the published
//! report files.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::{InputError, Lang};
use prongsai_store::procurement::report::MAX_REPORT_TEXT_CHARS;
use prongsai_store::StoreError;
use serde::Deserialize;

use super::{may_write, page, parse_year, reader, total, writer, year_links, YearLink};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::participation::errors_of;
use crate::view::{fmt_datetime, render_form, Errors, Page};

/// One method's line of the figures.
pub struct MethodLine {
    pub label: String,
    pub count: u64,
    pub budget: String,
    pub award: String,
}

#[derive(Template)]
#[template(path = "procurement/staff_report.html")]
struct ReportPage {
    page: Page,
    year: i32,
    /// The published report: (format, address).
    files: Vec<(&'static str, String)>,
    years: Vec<YearLink>,
    count: u64,
    budget: String,
    award: String,
    specific_count: String,
    specific_amount: String,
    savings: String,
    /// "ร้อยละ 3.11 ของราคากลาง · จาก 63 รายการ…"
    savings_note: String,
    methods: Vec<MethodLine>,
    problems: String,
    improvements: String,
    last_saved: String,
    may_write: bool,
    errors: Errors,
    max_chars: usize,
}

async fn report_view(
    st: &AppState,
    staff: &Staff,
    year: FiscalYear,
    typed: Option<(String, String)>,
    errors: Vec<InputError>,
    saved: bool,
) -> Result<Response, AppError> {
    let scope = reader(staff)?;
    let lang = staff.ctx.lang;
    let a = st.store.annual_analysis(&scope, year).await?;
    let notes = st.store.procurement_report_notes(&scope, year).await?;
    let (problems, improvements) =
        typed.unwrap_or_else(|| (notes.problems.clone(), notes.improvements.clone()));
    let refused = !errors.is_empty();
    render_form(
        &ReportPage {
            page: page(staff, "pstaff.report_title", year)
                .with_flash(saved.then_some("pstaff.saved")),
            year: year.be(),
            files: match staff.agency_slug() {
                slug if slug.is_empty() => Vec::new(),
                slug => [("PDF", "pdf"), ("DOCX", "docx"), ("XLSX", "xlsx")]
                    .into_iter()
                    .map(|(label, ext)| {
                        (
                            label,
                            crate::pages::procurement::public::annual_href(&slug, year, ext),
                        )
                    })
                    .collect(),
            },
            years: year_links(st, &scope, year, "/report").await?,
            count: a.total.count,
            budget: total(a.total.budget),
            award: total(a.total.award),
            specific_count: a.specific_share_count.format(Digits::Arabic),
            specific_amount: a.specific_share_amount.format(Digits::Arabic),
            savings: total(a.savings),
            savings_note: match lang {
                Lang::Th => format!(
                    "ร้อยละ {} ของราคากลาง · จาก {} รายการที่มีทั้งราคากลางและราคาที่ตกลง",
                    a.savings_share().format(Digits::Arabic),
                    a.savings_records
                ),
                Lang::En => format!(
                    "{} per cent of the reference prices · over {} records with both a reference and an award price",
                    a.savings_share().format(Digits::Arabic),
                    a.savings_records
                ),
            },
            methods: a
                .by_method
                .iter()
                .filter(|(_, t)| t.count > 0)
                .map(|(m, t)| MethodLine {
                    label: m.label(lang).to_string(),
                    count: t.count,
                    budget: total(t.budget),
                    award: total(t.award),
                })
                .collect(),
            problems,
            improvements,
            last_saved: notes
                .updated_at
                .map(|t| fmt_datetime(lang, t))
                .unwrap_or_default(),
            may_write: may_write(staff),
            errors: errors_of(lang, &errors),
            max_chars: MAX_REPORT_TEXT_CHARS,
        },
        refused,
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/procurement/{year}/report`
pub async fn report_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    reader(&staff)?;
    let year = parse_year(&year)?;
    report_view(&st, &staff, year, None, vec![], q.saved.is_some()).await
}

/// `POST /staff/procurement/{year}/report`
pub async fn save(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let problems = map.get("problems").cloned().unwrap_or_default();
    let improvements = map.get("improvements").cloned().unwrap_or_default();
    match st
        .store
        .save_procurement_report_notes(&scope, &staff.actor(), year, &problems, &improvements)
        .await
    {
        Ok(_) => {
            super::published(&st, &staff).await;
            Ok(
                Redirect::to(&format!("/staff/procurement/{}/report?saved=1", year.be()))
                    .into_response(),
            )
        }
        Err(StoreError::Input(e)) => {
            report_view(
                &st,
                &staff,
                year,
                Some((problems, improvements)),
                vec![e],
                false,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

//! A report's staff page (`/staff/hr/{year}/report/{half|year}`): its figures (those of the
//! version sent to the executive while one is submitted or signed, else those of the registers
//! now), the HR officer's text (results, problems, improvements; saved while the report is
//! not frozen), the draft PDF, the generic sign-off block and the submit handler, which freezes
//! `store.hr_report` as the version's content.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use prongsai_docs::reports::hr::HrDoc;
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::hr::{
    format_tenths, report_title_en, report_title_th, HrReport, Notes, StaffType,
};
use prongsai_domain::measures::{RoundPeriod, RoundState};
use prongsai_domain::procurement::format_satang;
use prongsai_domain::{InputError, Lang};
use prongsai_store::hr::{sign_key, MAX_NOTES_CHARS};
use prongsai_store::StoreError;
use serde::Deserialize;

use super::{
    may_write, page, parse_period, parse_year, period_label, reader, report_href, writer, SUBMIT,
};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::participation::errors_of;
use crate::pages::signoff::SignoffBlock;
use crate::view::{fmt_datetime, render_form, today, Errors, Page};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/hr/{year}/report/{period}",
            get(report_page).post(save_notes),
        )
        .route("/hr/{year}/report/{period}/submit", post(submit))
        .route("/hr/{year}/report/{period}/preview.pdf", get(preview))
}

pub struct TypeRow {
    pub label: String,
    pub framework: u64,
    pub filled: u64,
    pub vacant: u64,
    pub rate: String,
}

pub struct UnitRow {
    pub unit: String,
    pub people: u64,
    pub records: u64,
    pub hours: String,
    pub cost: String,
}

#[derive(Template)]
#[template(path = "hr/report.html")]
struct ReportPage {
    page: Page,
    year: i32,
    period: &'static str,
    heading: String,
    span: String,
    /// The figures are those of the version sent to the executive.
    frozen: bool,
    types: Vec<TypeRow>,
    total: TypeRow,
    kinds: Vec<(String, u64)>,
    kinds_total: u64,
    people: u64,
    records: u64,
    staff_count: u64,
    share: String,
    hours: String,
    mean: String,
    cost: String,
    ethics: Vec<String>,
    units: Vec<UnitRow>,
    results: String,
    problems: String,
    improvements: String,
    notes_editable: bool,
    last_saved: String,
    errors: Errors,
    max_chars: usize,
    signoff: SignoffBlock,
    preview_href: String,
    /// The published files (format, address), once a version is signed.
    files: Vec<(&'static str, String)>,
}

fn pct(s: prongsai_domain::procurement::Share) -> String {
    s.format(Digits::Arabic)
}

async fn report_view(
    st: &AppState,
    staff: &Staff,
    year: FiscalYear,
    period: RoundPeriod,
    typed: Option<Notes>,
    errors: Vec<InputError>,
    saved: bool,
) -> Result<Response, AppError> {
    let scope = reader(staff)?;
    let lang = staff.ctx.lang;
    let key = sign_key(year, period);
    let current = st.store.current_signed(&scope, key).await?;
    let frozen_content: Option<HrReport> = match &current {
        Some(c) if c.state().frozen() => c.content()?,
        _ => None,
    };
    let frozen = frozen_content.is_some();
    let report = match frozen_content {
        Some(r) => r,
        None => st.store.hr_report(&scope, year, period).await?,
    };
    let stored = st.store.hr_report_notes(&scope, year, period).await?;
    let notes = typed.unwrap_or_else(|| stored.notes.clone());
    let f = report.figures();
    let type_row = |label: String, t: &prongsai_domain::hr::TypeFigures| TypeRow {
        label,
        framework: t.framework,
        filled: t.filled,
        vacant: t.vacant,
        rate: pct(t.vacancy_rate()),
    };
    let t = &f.training;
    let here = report_href(year, period);
    let title = report_title_th(year, period, Digits::Arabic);
    let signoff =
        crate::pages::signoff::block(st, staff, key, &title, &format!("{here}/submit"), &here)
            .await?;
    let slug = staff.agency_slug();
    let files = if signoff.signed().is_some() && !slug.is_empty() {
        [("PDF", "pdf"), ("DOCX", "docx"), ("XLSX", "xlsx")]
            .into_iter()
            .map(|(label, ext)| (label, super::public::file_href(&slug, year, period, ext)))
            .collect()
    } else {
        Vec::new()
    };
    let refused = !errors.is_empty();
    render_form(
        &ReportPage {
            page: page(
                staff,
                match period {
                    RoundPeriod::Half => "hr.report_half",
                    RoundPeriod::Year => "hr.report_year",
                },
                year,
            )
            .with_flash(saved.then_some("hr.saved")),
            year: year.be(),
            period: period.code(),
            heading: match lang {
                Lang::Th => title.clone(),
                Lang::En => report_title_en(year, period),
            },
            span: period_label(lang, year, period),
            frozen,
            types: f
                .by_type
                .iter()
                .map(|x| {
                    type_row(
                        x.staff_type.map_or("", |s: StaffType| s.label(lang)).into(),
                        x,
                    )
                })
                .collect(),
            total: type_row(staff.ctx.t("hr.total").into(), &f.total),
            kinds: f
                .appointments
                .iter()
                .map(|(k, n)| (k.label(lang).to_string(), *n))
                .collect(),
            kinds_total: f.appointments_total,
            people: t.people,
            records: t.records,
            staff_count: t.staff,
            share: pct(t.share_trained()),
            hours: format_tenths(t.hours_tenths, Digits::Arabic),
            mean: t
                .mean_hours_tenths()
                .map_or_else(|| "-".into(), |m| format_tenths(m, Digits::Arabic)),
            cost: format_satang(t.cost, Digits::Arabic),
            ethics: t.ethics_courses.clone(),
            units: t
                .by_unit
                .iter()
                .map(|u| UnitRow {
                    unit: if u.unit.is_empty() {
                        staff.ctx.t("hr.no_unit").to_string()
                    } else {
                        u.unit.clone()
                    },
                    people: u.people,
                    records: u.records,
                    hours: format_tenths(u.hours_tenths, Digits::Arabic),
                    cost: format_satang(u.cost, Digits::Arabic),
                })
                .collect(),
            results: notes.results,
            problems: notes.problems,
            improvements: notes.improvements,
            notes_editable: may_write(staff) && signoff.editable,
            last_saved: stored
                .updated_at
                .map(|at| fmt_datetime(lang, at))
                .unwrap_or_default(),
            errors: errors_of(lang, &errors),
            max_chars: MAX_NOTES_CHARS,
            preview_href: format!("{here}/preview.pdf"),
            files,
            signoff,
        },
        refused,
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/hr/{year}/report/{half|year}`
pub async fn report_page(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, period)): Path<(String, String)>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    reader(&staff)?;
    let year = parse_year(&year)?;
    let period = parse_period(&period)?;
    report_view(&st, &staff, year, period, None, vec![], q.saved.is_some()).await
}

/// `POST /staff/hr/{year}/report/{half|year}`: the officer's text.
pub async fn save_notes(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, period)): Path<(String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let period = parse_period(&period)?;
    let get = |k: &str| {
        map.get(k)
            .map(|v| v.chars().take(MAX_NOTES_CHARS * 2).collect::<String>())
            .unwrap_or_default()
    };
    let notes = Notes {
        results: get("results"),
        problems: get("problems"),
        improvements: get("improvements"),
    };
    match st
        .store
        .save_hr_report_notes(&scope, &staff.actor(), year, period, &notes)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?saved=1", report_href(year, period))).into_response())
        }
        Err(StoreError::Input(e)) => {
            report_view(&st, &staff, year, period, Some(notes), vec![e], false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/hr/{year}/report/{half|year}/submit`: freeze the report as it stands now as
/// the draft version's content and send it to the executive.
pub async fn submit(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, period)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<crate::pages::NoFields>,
) -> Result<Response, AppError> {
    staff.require(SUBMIT)?;
    let scope = staff.scope()?;
    let year = parse_year(&year)?;
    let period = parse_period(&period)?;
    let current = st
        .store
        .current_signed(&scope, sign_key(year, period))
        .await?;
    let Some(draft) = current.filter(|c| c.state() == RoundState::Draft) else {
        let e = InputError::new(
            "signoff",
            "ยังไม่มีฉบับร่างที่จะเสนอ: เปิดฉบับก่อน",
            "There is no draft version to submit: open one first",
        );
        return report_view(&st, &staff, year, period, None, vec![e], false).await;
    };
    let content = st.store.hr_report(&scope, year, period).await?;
    match st
        .store
        .submit_signed(&scope, &staff.actor(), draft.id, &content)
        .await
    {
        Ok(signed) => {
            // a change that slipped in between reading the rows and submitting (from here on
            // the rows are frozen): take the version back rather than sign stale figures
            if st.store.hr_report(&scope, year, period).await? != content {
                st.store
                    .withdraw_signed(&scope, &staff.actor(), signed.id)
                    .await?;
                let e = InputError::new(
                    "signoff",
                    "ข้อมูลเปลี่ยนระหว่างการเสนอ จึงยังไม่ได้เสนอ: โปรดตรวจสอบแล้วเสนออีกครั้ง",
                    "The data changed while submitting, so nothing was submitted: check it and submit again",
                );
                return report_view(&st, &staff, year, period, None, vec![e], false).await;
            }
            Ok(Redirect::to(&report_href(year, period)).into_response())
        }
        Err(StoreError::Input(e)) => {
            report_view(&st, &staff, year, period, None, vec![e], false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /staff/hr/{year}/report/{half|year}/preview.pdf`: the report as it stands now, marked
/// as a draft (for staff only).
pub async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, period)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let scope = reader(&staff)?;
    let year = parse_year(&year)?;
    let period = parse_period(&period)?;
    let report = st.store.hr_report(&scope, year, period).await?;
    let agency = staff
        .agency
        .as_ref()
        .map(|a| a.name_th.clone())
        .unwrap_or_default();
    let doc = HrDoc::draft(&agency, &report, Digits::Thai, today());
    let stem = format!("{}-draft", prongsai_docs::reports::hr::file_stem(&report));
    let bytes = super::public::render(doc, "pdf").await?;
    let mut res = super::public::respond(bytes, "pdf", &stem);
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

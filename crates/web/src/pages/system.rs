//! System administration: the agencies of this installation.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::tenancy::{parse_text, AgencyKind, AgencySlug, Permission};
use prongsai_domain::{InputError, Lang};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::StoreError;
use serde::Deserialize;

use super::admin::KindOption;
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::view::{render_form, Page};

#[derive(Default, Deserialize)]
pub struct AgencyForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name_th: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    province: String,
}

/// An agency row as shown.
pub struct AgencyRow {
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub province: String,
}

#[derive(Template)]
#[template(path = "staff/agencies.html")]
struct AgenciesPage {
    page: Page,
    rows: Vec<AgencyRow>,
    kinds: Vec<KindOption>,
    form: AgencyForm,
    error: Option<(String, String)>,
}

async fn agencies_view(
    st: &AppState,
    staff: &Staff,
    form: AgencyForm,
    error: Option<(String, String)>,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let label = |k: AgencyKind| match lang {
        Lang::Th => k.label_th(),
        Lang::En => k.label_en(),
    };
    let rows = st
        .store
        .list_agencies()
        .await?
        .into_iter()
        .map(|a| AgencyRow {
            kind: label(a.kind()),
            name: crate::view::agency_name(&a, lang).to_string(),
            slug: a.slug,
            province: a.province,
        })
        .collect();
    let kinds = AgencyKind::ALL
        .iter()
        .map(|k| KindOption {
            code: k.code(),
            label: label(*k),
        })
        .collect();
    let failed = error.is_some();
    render_form(
        &AgenciesPage {
            page: Page::staff(staff, "agencies.title", "/staff/system/agencies"),
            rows,
            kinds,
            form,
            error,
        },
        failed,
    )
}

pub async fn agencies_page(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencies)?;
    let form = AgencyForm {
        kind: AgencyKind::Sao.code().into(),
        ..Default::default()
    };
    agencies_view(&st, &staff, form, None).await
}

pub async fn agency_create(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<AgencyForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencies)?;
    let lang = staff.ctx.lang;
    let parsed = (|| {
        Ok::<_, InputError>(NewAgency {
            slug: AgencySlug::parse(&f.slug)?,
            name_th: parse_text("name_th", &f.name_th, 300)?,
            name_en: None,
            kind: AgencyKind::from_code(&f.kind).ok_or_else(|| {
                InputError::new("kind", "ประเภทหน่วยงานไม่ถูกต้อง", "Invalid agency type")
            })?,
            province: parse_text("province", &f.province, 100)?,
        })
    })();
    let err = match parsed {
        Ok(a) => match st.store.create_agency(&staff.actor(), a).await {
            Ok(_) => return Ok(Redirect::to("/staff/system/agencies").into_response()),
            Err(StoreError::Input(e)) => e,
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    let error = Some((err.field.to_string(), err.message(lang).to_string()));
    agencies_view(&st, &staff, f, error).await
}

// ---------------------------------------------------------------------------------------------
// Readiness of every agency
// ---------------------------------------------------------------------------------------------

/// One agency's line in the installation-wide readiness table.
pub struct ReadinessRow {
    pub slug: String,
    pub name: String,
    pub province: String,
    pub tally: prongsai_domain::disclosure::Tally,
    pub percent: u32,
    /// The predicted OIT score, for sorting; `None` when some indicator has no answer.
    pub oit: Option<f64>,
    pub score: String,
}

#[derive(Template)]
#[template(path = "staff/readiness.html")]
struct ReadinessPage {
    page: Page,
    year: i32,
    years: Vec<i32>,
    today: String,
    rows: Vec<ReadinessRow>,
    total: prongsai_domain::disclosure::Tally,
    /// Items of the year's framework (none until the NACC publishes them).
    items: usize,
}

/// Every agency's readiness for a year on its day (today, or the year's last day), lowest
/// predicted score first: who needs help before the assessment.
pub(crate) async fn readiness_rows(
    st: &AppState,
    fw: &prongsai_domain::framework::Framework,
    lang: Lang,
) -> Result<Vec<ReadinessRow>, AppError> {
    let today = super::disclosure::as_of(fw.fiscal_year);
    let inputs = st.store.readiness_inputs(fw.fiscal_year).await?;
    let none = Default::default();
    let mut rows: Vec<ReadinessRow> = st
        .store
        .list_agencies()
        .await?
        .into_iter()
        .map(|a| {
            let (tally, p) = prongsai_domain::disclosure::summarize(
                fw,
                today,
                inputs.get(&a.id).unwrap_or(&none),
            );
            ReadinessRow {
                name: crate::view::agency_name(&a, lang).to_string(),
                slug: a.slug,
                province: a.province,
                percent: tally.percent_complete(),
                tally,
                oit: p.oit,
                score: p.oit.map(crate::view::num).unwrap_or_else(|| "–".into()),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.oit
            .unwrap_or(-1.0)
            .total_cmp(&b.oit.unwrap_or(-1.0))
            .then(a.percent.cmp(&b.percent))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(rows)
}

/// `/staff/system/readiness`: the year most likely wanted.
pub async fn readiness_index(
    State(st): State<AppState>,
    staff: Staff,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencies)?;
    let y = super::disclosure::default_year(&st).ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!("/staff/system/readiness/{y}")).into_response())
}

/// `/staff/system/readiness/{year}`: the OIT readiness of every agency of the installation.
pub async fn readiness_page(
    State(st): State<AppState>,
    staff: Staff,
    axum::extract::Path(year): axum::extract::Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencies)?;
    let fw = super::disclosure::framework_of(&st, &year)?;
    let lang = staff.ctx.lang;
    let rows = readiness_rows(&st, fw, lang).await?;
    let mut total = prongsai_domain::disclosure::Tally::default();
    for r in &rows {
        total.merge(&r.tally);
    }
    let mut page = Page::staff(&staff, "sysready.title", "/staff/system/readiness");
    page.title = format!("{} {}", page.title, fw.fiscal_year.be());
    crate::view::render(&ReadinessPage {
        page,
        year: fw.fiscal_year.be(),
        years: super::disclosure::framework_years(&st),
        today: crate::view::fmt_date(lang, super::disclosure::as_of(fw.fiscal_year)),
        rows,
        total,
        items: fw.items.len(),
    })
}

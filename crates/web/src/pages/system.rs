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

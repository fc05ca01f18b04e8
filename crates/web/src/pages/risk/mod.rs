//! The corruption risk assessment in the back office and on the portal.
//!
//! Staff (`/staff/risk/{year}`): the register of the year — each risk's process, event, level
//! before and after controls (on the agency's matrix, `/staff/risk/matrix`), the controls, who
//! is responsible and its treatment, whose steps are measures of the `risk` plan (deadlines
//! read from the Thai text, statuses, reminders and progress rounds are the measures'); the
//! heat-maps before and after controls; the report as PDF; and the executive's sign-off of
//! the year's assessment (`pages::signoff`), which freezes the register until a new version.
//! Coordinators (`ManageAssessment`) write; everyone with the dashboard reads.
//!
//! Public: `/{agency}/risk/{year}/assessment.{pdf|docx}` — the signed report only, rendered
//! from the signed copy — attached to the items of `risk.assessment`; the acknowledged
//! progress rounds of the risk plan are attached to the items of `risk.report`.

pub mod public;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use prongsai_docs::reports::risk::{default_intro, RiskReport, RiskReportRow};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{MeasureRow, Plan, PlanYear, RoundPeriod, StepStatus};
use prongsai_domain::risk::{Band, Category, Matrix, RiskInput};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use prongsai_store::risk::{RiskDraft, RiskWithTreatment, KIND_ASSESSMENT};
use prongsai_store::signoff::SignKey;
use prongsai_store::{AgencyScope, StoreError};
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::measures::edit::{cell_text, read_cell};
use crate::pages::signoff::{self, SignoffBlock};
use crate::pages::{agency_th, year_in_path};
use crate::pages::{opt_id, NoFields};
use crate::view::{render_form, unit_name, Errors, Page};

/// Staff routes (nested under `/staff`).
pub fn staff_routes() -> Router<AppState> {
    Router::new()
        .route("/risk", get(index))
        .route("/risk/matrix", get(matrix_form).post(matrix_save))
        .route("/risk/{year}", get(year_page))
        .route("/risk/{year}/new", get(new_form).post(create))
        .route("/risk/{year}/r/{id}", get(edit_form).post(update))
        .route("/risk/{year}/r/{id}/delete", post(delete))
        .route("/risk/{year}/submit", post(submit))
        .route("/risk/{year}/report.pdf", get(preview))
}

pub fn public_routes() -> Router<AppState> {
    Router::new().route("/{agency}/risk/{year}/{file}", get(public::file))
}

fn key(year: FiscalYear) -> SignKey<'static> {
    SignKey::year(KIND_ASSESSMENT, year)
}

/// `/staff/risk`: the current fiscal year.
async fn index(staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = FiscalYear::containing(crate::view::today());
    Ok(Redirect::to(&format!("/staff/risk/{}", fy.be())).into_response())
}

/// The report of a year built from today's register (what a submission freezes).
pub async fn report_of(
    st: &AppState,
    scope: &AgencyScope,
    agency: &str,
    year: FiscalYear,
) -> Result<RiskReport, AppError> {
    let matrix = st.store.risk_matrix(scope).await?;
    let units = st.store.list_units(scope).await?;
    let risks = st.store.risks(scope, year).await?;
    let rows = risks
        .iter()
        .map(|(r, t)| {
            let d = r.risk();
            let unit = d
                .owner_unit_id
                .and_then(|u| units.iter().find(|x| x.id == u))
                .map(|u| u.name_th.clone());
            let owner = [unit, Some(d.owner.clone()).filter(|o| !o.is_empty())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n");
            RiskReportRow {
                process: d.process,
                category: d.category.label_th().into(),
                event: d.event,
                cause: d.cause,
                likelihood: d.likelihood,
                impact: d.impact,
                controls: d.controls,
                likelihood_after: d.likelihood_after,
                impact_after: d.impact_after,
                treatment: t
                    .as_ref()
                    .map(|(_, lines)| {
                        lines
                            .iter()
                            .filter(|l| l.column_kind == "step")
                            .map(|l| l.display())
                            .collect()
                    })
                    .unwrap_or_default(),
                owner,
            }
        })
        .collect();
    Ok(RiskReport {
        agency: agency.to_owned(),
        year: year.be(),
        intro: default_intro(agency, year.be()),
        matrix,
        rows,
        signer: None,
        signed_on: None,
    })
}

struct StepView {
    text: String,
    status: &'static str,
}

struct RiskView {
    id: i64,
    no: i32,
    process: String,
    category: &'static str,
    event: String,
    before: String,
    before_color: String,
    controls: String,
    after: String,
    after_color: String,
    owner: String,
    steps: Vec<StepView>,
}

struct BandView {
    label: String,
    range: String,
    color: String,
    before: u32,
    after: u32,
}

#[derive(Template)]
#[template(path = "risk/year.html")]
struct YearPage {
    page: Page,
    be: i32,
    years: Vec<i32>,
    risks: Vec<RiskView>,
    bands: Vec<BandView>,
    heat_before: String,
    heat_after: String,
    may_edit: bool,
    signoff: SignoffBlock,
    public_href: Option<String>,
    /// The progress reports of the treatments (rounds of the risk plan).
    rounds: Vec<crate::pages::measures::rounds::RoundView>,
    periods: Vec<crate::pages::measures::StatusOption>,
    may_open_round: bool,
}

fn level_text(lang: Lang, m: &Matrix, l: u32, i: u32) -> (String, String) {
    let b: &Band = m.band(l * i).1;
    let label = match lang {
        Lang::Th => &b.label_th,
        Lang::En => &b.label_en,
    };
    (format!("{l}×{i} = {} {label}", l * i), b.color.clone())
}

/// "1–3" per band.
fn ranges(m: &Matrix) -> Vec<String> {
    m.bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let hi = m
                .bands
                .get(i + 1)
                .map(|n| n.min - 1)
                .unwrap_or(m.max_score());
            if hi == b.min {
                b.min.to_string()
            } else {
                format!("{}–{hi}", b.min)
            }
        })
        .collect()
}

fn views(
    lang: Lang,
    m: &Matrix,
    risks: &[RiskWithTreatment],
    units: &[prongsai_store::tenancy::Unit],
) -> Vec<RiskView> {
    risks
        .iter()
        .map(|(r, t)| {
            let d = r.risk();
            let (before, before_color) = level_text(lang, m, d.likelihood, d.impact);
            let (after, after_color) = level_text(lang, m, d.likelihood_after, d.impact_after);
            let unit = d
                .owner_unit_id
                .and_then(|u| units.iter().find(|x| x.id == u))
                .map(|u| unit_name(u, lang));
            RiskView {
                id: r.id,
                no: r.sort_order,
                process: d.process,
                category: match lang {
                    Lang::Th => d.category.label_th(),
                    Lang::En => d.category.label_en(),
                },
                event: d.event,
                before,
                before_color,
                controls: d.controls,
                after,
                after_color,
                owner: [unit, Some(d.owner).filter(|o| !o.is_empty())]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                steps: t
                    .as_ref()
                    .map(|(_, lines)| {
                        lines
                            .iter()
                            .filter(|l| l.column_kind == "step")
                            .map(|l| {
                                let s =
                                    StepStatus::parse(&l.status).unwrap_or(StepStatus::NotStarted);
                                StepView {
                                    text: l.display(),
                                    status: match lang {
                                        Lang::Th => s.label_th(),
                                        Lang::En => s.label_en(),
                                    },
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

async fn year_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_in_path(&year)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let matrix = st.store.risk_matrix(&scope).await?;
    let units = st.store.list_units(&scope).await?;
    let risks = st.store.risks(&scope, fy).await?;
    let report = report_of(&st, &scope, &agency_th(&staff), fy).await?;
    let (hb, ha) = report.heat_maps();
    let (heat_before, heat_after) = report.svgs(false);
    let rng = ranges(&matrix);
    let bands = matrix
        .bands
        .iter()
        .enumerate()
        .map(|(k, b)| BandView {
            label: match lang {
                Lang::Th => b.label_th.clone(),
                Lang::En => b.label_en.clone(),
            },
            range: rng[k].clone(),
            color: b.color.clone(),
            before: hb.by_band[k],
            after: ha.by_band[k],
        })
        .collect();
    let block = signoff::block(
        &st,
        &staff,
        key(fy),
        &report.title(),
        &format!("/staff/risk/{}/submit", fy.be()),
        &format!("/staff/risk/{}", fy.be()),
    )
    .await?;
    let public_href = match (block.signed(), staff.agency.as_ref()) {
        (Some(_), Some(a)) => Some(public::assessment_href(&a.slug, fy)),
        _ => None,
    };
    let users = st.store.list_users(&scope).await?;
    let rounds = st
        .store
        .report_rounds(&scope, PlanYear::new(Plan::Risk, fy))
        .await?
        .iter()
        .map(|r| crate::pages::measures::rounds::round_view(lang, r, &users))
        .collect();
    let treated = risks.iter().any(|(_, t)| t.is_some());
    let now = FiscalYear::containing(crate::view::today()).be();
    let mut page = Page::staff(&staff, "rk.title", "/staff/risk");
    page.title = format!("{} {}", staff.ctx.t("rk.title"), fy.be());
    crate::view::render(&YearPage {
        page,
        be: fy.be(),
        years: ((now - 3).min(fy.be())..=(now + 1).max(fy.be()))
            .rev()
            .collect(),
        risks: views(lang, &matrix, &risks, &units),
        bands,
        heat_before,
        heat_after,
        may_edit: staff.user.role().allows(Permission::ManageAssessment) && block.editable,
        signoff: block,
        public_href,
        rounds,
        periods: RoundPeriod::ALL
            .iter()
            .map(|p| crate::pages::measures::StatusOption {
                code: p.code(),
                label: match lang {
                    Lang::Th => p.label_th(),
                    Lang::En => p.label_en(),
                },
            })
            .collect(),
        may_open_round: treated && staff.user.role().allows(Permission::ManageAssessment),
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct RiskForm {
    #[serde(default)]
    process: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    event: String,
    #[serde(default)]
    cause: String,
    #[serde(default)]
    likelihood: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    controls: String,
    #[serde(default)]
    likelihood_after: String,
    #[serde(default)]
    impact_after: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    owner_unit_id: String,
    #[serde(default)]
    steps: String,
}

struct Choice {
    value: String,
    label: String,
}

#[derive(Template)]
#[template(path = "risk/edit.html")]
struct EditPage {
    page: Page,
    be: i32,
    id: Option<i64>,
    form: RiskForm,
    errors: Errors,
    categories: Vec<Choice>,
    units: Vec<Choice>,
    likelihood: Vec<Choice>,
    impact: Vec<Choice>,
}

async fn edit_view(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    id: Option<i64>,
    form: RiskForm,
    errors: Errors,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let matrix = st.store.risk_matrix(&scope).await?;
    let units = st.store.list_units(&scope).await?;
    let levels = |names: &[String]| {
        names
            .iter()
            .enumerate()
            .map(|(k, n)| Choice {
                value: (k + 1).to_string(),
                label: format!("{} {n}", k + 1),
            })
            .collect()
    };
    let mut page = Page::staff(staff, "rk.title", "/staff/risk");
    page.title = format!(
        "{} {}",
        staff.ctx.t(if id.is_some() { "rk.edit" } else { "rk.new" }),
        fy.be()
    );
    let refused = !errors.is_empty();
    render_form(
        &EditPage {
            page,
            be: fy.be(),
            id,
            form,
            errors,
            categories: Category::ALL
                .iter()
                .map(|c| Choice {
                    value: c.code().into(),
                    label: match lang {
                        Lang::Th => c.label_th().into(),
                        Lang::En => c.label_en().into(),
                    },
                })
                .collect(),
            units: units
                .iter()
                .map(|u| Choice {
                    value: u.id.to_string(),
                    label: unit_name(u, lang),
                })
                .collect(),
            likelihood: levels(&matrix.likelihood_th),
            impact: levels(&matrix.impact_th),
        },
        refused,
    )
}

async fn new_form(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_in_path(&year)?;
    edit_view(
        &st,
        &staff,
        fy,
        None,
        RiskForm::default(),
        Errors::default(),
    )
    .await
}

async fn edit_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_in_path(&year)?;
    let (r, t) = st.store.risk(&staff.scope()?, id).await?;
    if r.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    let form = RiskForm {
        process: r.process.clone(),
        category: r.category.clone(),
        event: r.event.clone(),
        cause: r.cause.clone(),
        likelihood: r.likelihood.to_string(),
        impact: r.impact.to_string(),
        controls: r.controls.clone(),
        likelihood_after: r.likelihood_after.to_string(),
        impact_after: r.impact_after.to_string(),
        owner: r.owner.clone(),
        owner_unit_id: r.owner_unit_id.map(|u| u.to_string()).unwrap_or_default(),
        steps: t
            .as_ref()
            .map(|(_, lines)| cell_text(lines.iter().filter(|l| l.column_kind == "step")))
            .unwrap_or_default(),
    };
    edit_view(&st, &staff, fy, Some(id), form, Errors::default()).await
}

/// The form as a checked risk and its treatment.
fn read_form(m: &Matrix, f: &RiskForm, unit_name: Option<String>) -> Result<RiskDraft, InputError> {
    let risk = RiskInput {
        process: f.process.clone(),
        category: f.category.clone(),
        event: f.event.clone(),
        cause: f.cause.clone(),
        likelihood: f.likelihood.clone(),
        impact: f.impact.clone(),
        controls: f.controls.clone(),
        likelihood_after: f.likelihood_after.clone(),
        impact_after: f.impact_after.clone(),
        owner: f.owner.clone(),
        owner_unit_id: opt_id(&f.owner_unit_id),
    }
    .check(m)?;
    let responsible = [
        unit_name,
        Some(risk.owner.clone()).filter(|o| !o.is_empty()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    Ok(RiskDraft {
        treatment: MeasureRow {
            issue: vec![],
            responsible: read_cell("owner", &responsible)?,
            steps: read_cell("steps", &f.steps)?,
            schedule: vec![],
            progress: vec![],
        },
        risk,
    })
}

async fn save(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    id: Option<i64>,
    f: RiskForm,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let matrix = st.store.risk_matrix(&scope).await?;
    let unit = match opt_id(&f.owner_unit_id) {
        Some(u) => st.store.unit(&scope, u).await.ok().map(|u| u.name_th),
        None => None,
    };
    let r = match read_form(&matrix, &f, unit) {
        Ok(d) => st.store.save_risk(&scope, &staff.actor(), fy, id, d).await,
        Err(e) => Err(StoreError::Input(e)),
    };
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/staff/risk/{}", fy.be())).into_response()),
        Err(StoreError::Input(e)) => {
            edit_view(st, staff, fy, id, f, Errors::from_input(staff.ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(f): CsrfForm<RiskForm>,
) -> Result<Response, AppError> {
    let fy = year_in_path(&year)?;
    save(&st, &staff, fy, None, f).await
}

async fn update(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<RiskForm>,
) -> Result<Response, AppError> {
    let fy = year_in_path(&year)?;
    save(&st, &staff, fy, Some(id), f).await
}

async fn delete(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_in_path(&year)?;
    let scope = staff.scope()?;
    let (r, _) = st.store.risk(&scope, id).await?;
    if r.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    match st.store.delete_risk(&scope, &staff.actor(), id).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/risk/{}", fy.be())).into_response()),
        Err(StoreError::Input(e)) => {
            let back = format!("/staff/risk/{}", fy.be());
            signoff::refused_page(&staff, &e, &back)
        }
        Err(e) => Err(e.into()),
    }
}

/// Submit the year's assessment to the executive: the report as it is now is what is signed.
async fn submit(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_in_path(&year)?;
    let scope = staff.scope()?;
    let back = format!("/staff/risk/{}", fy.be());
    let report = report_of(&st, &scope, &agency_th(&staff), fy).await?;
    signoff::submit_content(&st, &staff, key(fy), &report, &back).await
}

/// The report for staff: as submitted or signed when it is, else from today's register.
async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_in_path(&year)?;
    let scope = staff.scope()?;
    let report = match signoff::submitted::<RiskReport>(&st, &scope, key(fy)).await? {
        Some((mut r, signer, on)) => {
            (r.signer, r.signed_on) = (signer, on);
            r
        }
        None => report_of(&st, &scope, &agency_th(&staff), fy).await?,
    };
    let pdf = crate::pages::blocking(move || report.pdf(true)).await?;
    Ok(crate::view::file_response(
        pdf,
        "application/pdf",
        crate::view::Disposition::Inline,
        &format!("risk-assessment-{}.pdf", fy.be()),
        "no-store",
    ))
}

#[derive(Deserialize, Default)]
pub struct MatrixForm {
    #[serde(default)]
    likelihood: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    bands: String,
}

#[derive(Template)]
#[template(path = "risk/matrix.html")]
struct MatrixPage {
    page: Page,
    form: MatrixForm,
    errors: Errors,
    may_edit: bool,
}

fn matrix_text(m: &Matrix) -> MatrixForm {
    MatrixForm {
        likelihood: m.likelihood_th.join("\n"),
        impact: m.impact_th.join("\n"),
        bands: m
            .bands
            .iter()
            .map(|b| format!("{} | {} | {} | {}", b.min, b.label_th, b.label_en, b.color))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The matrix as typed: a level per line; a band per line "min | Thai | English | #colour".
fn read_matrix(f: &MatrixForm) -> Result<Matrix, InputError> {
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    let bad_band = || {
        InputError::new(
            "bands",
            "แต่ละบรรทัดของระดับความเสี่ยงต้องเป็น \"คะแนนต่ำสุด | ชื่อภาษาไทย | ชื่อภาษาอังกฤษ | #สี\"",
            "Each risk level line must be \"lowest score | Thai name | English name | #colour\"",
        )
    };
    let bands = lines(&f.bands)
        .iter()
        .map(|l| {
            let p: Vec<&str> = l.split('|').map(str::trim).collect();
            if p.len() != 4 {
                return Err(bad_band());
            }
            Ok(Band {
                min: prongsai_domain::calendar::to_ascii_digits(p[0])
                    .parse()
                    .map_err(|_| bad_band())?,
                label_th: p[1].into(),
                label_en: p[2].into(),
                color: p[3].to_lowercase(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let m = Matrix {
        likelihood_th: lines(&f.likelihood),
        impact_th: lines(&f.impact),
        bands,
    };
    m.validate()?;
    Ok(m)
}

async fn matrix_form(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let m = st.store.risk_matrix(&staff.scope()?).await?;
    let page = Page::staff(&staff, "rk.matrix", "/staff/risk");
    crate::view::render(&MatrixPage {
        page,
        form: matrix_text(&m),
        errors: Errors::default(),
        may_edit: staff.user.role().allows(Permission::ManageAssessment),
    })
}

async fn matrix_save(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<MatrixForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let scope = staff.scope()?;
    let r = match read_matrix(&f) {
        Ok(m) => st.store.set_risk_matrix(&scope, &staff.actor(), &m).await,
        Err(e) => Err(StoreError::Input(e)),
    };
    match r {
        Ok(()) => Ok(Redirect::to("/staff/risk/matrix").into_response()),
        Err(StoreError::Input(e)) => render_form(
            &MatrixPage {
                page: Page::staff(&staff, "rk.matrix", "/staff/risk"),
                form: f,
                errors: Errors::from_input(staff.ctx.lang, &e),
                may_edit: true,
            },
            true,
        ),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_form_reads_back_what_it_shows() {
        let m = Matrix::default();
        assert_eq!(read_matrix(&matrix_text(&m)).unwrap(), m);
        let mut f = matrix_text(&m);
        f.bands = "1 | ต่ำ | Low".into();
        assert_eq!(read_matrix(&f).unwrap_err().field, "bands");
        f.bands = "x | ต่ำ | Low | #00ff00".into();
        assert_eq!(read_matrix(&f).unwrap_err().field, "bands");
        let mut f = matrix_text(&m);
        f.likelihood = "ต่ำ\nสูง".into();
        assert_eq!(read_matrix(&f).unwrap_err().field, "likelihood");
        // Thai digits in the scores
        let mut f = matrix_text(&m);
        f.bands = f.bands.replace("10 |", "๑๐ |");
        assert_eq!(read_matrix(&f).unwrap(), m);
    }
}

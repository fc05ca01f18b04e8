//! Report rounds (six-month, annual): progress entries per step while the round is a draft,
//! submission by the coordinator, acknowledgement by the executive (which freezes the report),
//! new versions, and the round's O43 report in PDF, DOCX, CSV and XLSX.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{may_edit_line, Plan, PlanYear, RoundPeriod, RoundState};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::measures::rounds::{NewProgress, ReportRound};
use prongsai_store::StoreError;
use serde::Deserialize;

use super::{clip, year_of, DigitsQuery};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::NoFields;
use crate::view::{fmt_date, fmt_datetime, Errors, Page};

/// A round as listed and headed.
pub struct RoundView {
    pub id: i64,
    pub label: String,
    pub state: &'static str,
    pub state_label: &'static str,
    /// "who, when" or "".
    pub submitted: String,
    pub acknowledged: String,
    pub note: String,
}

pub(crate) fn round_label(lang: Lang, r: &ReportRound) -> String {
    let p = r.period();
    match lang {
        Lang::Th => format!("{} ฉบับที่ {}", p.label_th(), r.version),
        Lang::En => format!("{}, version {}", p.label_en(), r.version),
    }
}

pub(crate) fn round_view(
    lang: Lang,
    r: &ReportRound,
    users: &[prongsai_store::tenancy::User],
) -> RoundView {
    let who = |id: Option<i64>| {
        id.and_then(|id| users.iter().find(|u| u.id == id))
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    };
    let when = |at: Option<chrono::DateTime<chrono::Utc>>, by: Option<i64>| match at {
        Some(at) => format!("{} {}", who(by), fmt_datetime(lang, at))
            .trim()
            .to_string(),
        None => String::new(),
    };
    let s = r.state();
    RoundView {
        id: r.id,
        label: round_label(lang, r),
        state: s.code(),
        state_label: match lang {
            Lang::Th => s.label_th(),
            Lang::En => s.label_en(),
        },
        submitted: when(r.submitted_at, r.submitted_by),
        acknowledged: when(r.acknowledged_at, r.acknowledged_by),
        note: r.acknowledge_note.clone().unwrap_or_default(),
    }
}

/// A progress entry as shown.
pub struct ProgressView {
    /// Set on a draft round's own entries (they can be removed).
    pub id: Option<i64>,
    pub text: String,
    pub date: String,
    pub link: Option<String>,
    pub deletable: bool,
}

/// A step the user may report on.
pub struct StepOption {
    pub id: i64,
    pub label: String,
}

/// One measure of the round's table.
pub struct RoundRow {
    pub measure_id: i64,
    pub cells: [Vec<String>; 4],
    pub progress: Vec<ProgressView>,
    pub steps: Vec<StepOption>,
    /// Coordinators may also add an entry not tied to a step.
    pub may_add: bool,
}

#[derive(Template)]
#[template(path = "measures/round.html")]
struct RoundPage {
    page: Page,
    be: i32,
    round: RoundView,
    round_period: &'static str,
    /// The programme whose table the round reports on, and its year page.
    plan: &'static str,
    back: String,
    back_label: &'static str,
    versions: Vec<RoundView>,
    title: Vec<String>,
    intro: Vec<String>,
    headers: [&'static str; 5],
    rows: Vec<RoundRow>,
    draft: bool,
    can_submit: bool,
    can_withdraw: bool,
    can_acknowledge: bool,
    can_new_version: bool,
    today: String,
    errors: Errors,
}

async fn round_view_page(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    id: i64,
    errors: Errors,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let round = st.store.report_round(&scope, id).await?;
    if round.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    let users = st.store.list_users(&scope).await?;
    let role = staff.user.role();
    let state = round.state();
    let draft = state == RoundState::Draft;
    let plan_year = round.plan_year().ok_or(AppError::NotFound)?;
    let (back, back_label) = plan_page(plan_year);
    let doc = st.store.round_document(&scope, &round).await?;
    let mut rows = Vec::new();
    if draft {
        // live: entries with their ids, and the steps this user may report on
        let measures = st.store.measures_with_lines(&scope, plan_year).await?;
        for (m, lines) in &measures {
            let mut cells: [Vec<String>; 4] = Default::default();
            let mut progress = Vec::new();
            let mut steps = Vec::new();
            for l in lines {
                let text = l.display();
                match l.column_kind.as_str() {
                    "issue" => cells[0].push(text),
                    "responsible" => cells[1].push(text),
                    "step" => {
                        if may_edit_line(role, staff.user.unit_id, l.owner_unit_id) {
                            steps.push(StepOption {
                                id: l.id,
                                label: clip(&text, 90),
                            });
                        }
                        cells[2].push(text);
                    }
                    "schedule" => cells[3].push(text),
                    _ if l.round_id == Some(round.id) => progress.push(ProgressView {
                        id: Some(l.id),
                        text,
                        date: l.done_on.map(|d| fmt_date(lang, d)).unwrap_or_default(),
                        link: l.link.clone(),
                        deletable: may_edit_line(role, staff.user.unit_id, l.owner_unit_id),
                    }),
                    _ => {}
                }
            }
            rows.push(RoundRow {
                measure_id: m.id,
                cells,
                progress,
                may_add: !steps.is_empty() || role.allows(Permission::ManageAssessment),
                steps,
            });
        }
    } else {
        // frozen: exactly what was submitted
        for r in &doc.rows {
            let text = |c: &Vec<prongsai_domain::measures::Line>| {
                c.iter().map(|l| l.display()).collect::<Vec<_>>()
            };
            rows.push(RoundRow {
                measure_id: 0,
                cells: [
                    text(&r.issue),
                    text(&r.responsible),
                    text(&r.steps),
                    text(&r.schedule),
                ],
                progress: r
                    .progress
                    .iter()
                    .map(|l| {
                        let t = l.display();
                        let link = t
                            .strip_prefix("หลักฐาน: ")
                            .and_then(|u| prongsai_domain::links::parse_public_url("link", u).ok());
                        ProgressView {
                            id: None,
                            text: t,
                            date: String::new(),
                            link,
                            deletable: false,
                        }
                    })
                    .collect(),
                steps: vec![],
                may_add: false,
            });
        }
    }
    let all = st.store.report_rounds(&scope, plan_year).await?;
    let latest = all
        .iter()
        .filter(|r| r.period == round.period)
        .map(|r| r.version)
        .max()
        .unwrap_or(round.version);
    let coordinator = role.allows(Permission::ManageAssessment);
    let mut page = Page::staff(staff, "nav.measures", "/staff/measures");
    page.title = format!("{} {}", round_label(lang, &round), fy.be());
    crate::view::render_form(
        &RoundPage {
            page,
            be: fy.be(),
            round: round_view(lang, &round, &users),
            round_period: round.period().code(),
            plan: plan_year.plan.code(),
            back,
            back_label,
            versions: all
                .iter()
                .filter(|r| r.period == round.period && r.id != round.id)
                .map(|r| round_view(lang, r, &users))
                .collect(),
            title: doc.title,
            intro: doc.intro,
            headers: *plan_year.plan.columns_th(),
            rows,
            draft,
            can_submit: coordinator && draft,
            can_withdraw: coordinator && state == RoundState::Submitted,
            can_acknowledge: role.allows(Permission::AcknowledgeReports)
                && state == RoundState::Submitted,
            can_new_version: coordinator
                && state == RoundState::Acknowledged
                && round.version == latest,
            today: crate::view::today().to_string(),
            errors: errors.clone(),
        },
        !errors.is_empty(),
    )
}

pub async fn round_page(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    round_view_page(&st, &staff, year_of(&year)?, id, Errors::default()).await
}

/// After a change: back to the round, or the round page with the refusal.
async fn after(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    id: i64,
    r: Result<(), StoreError>,
    anchor: &str,
) -> Result<Response, AppError> {
    match r {
        Ok(()) => Ok(
            Redirect::to(&format!("/staff/measures/{}/rounds/{id}{anchor}", fy.be()))
                .into_response(),
        ),
        Err(StoreError::Input(e)) => {
            round_view_page(st, staff, fy, id, Errors::from_input(staff.ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A round's period must match the URL's year before anything is changed.
async fn round_in_year(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    id: i64,
) -> Result<ReportRound, AppError> {
    let r = st.store.report_round(&staff.scope()?, id).await?;
    if r.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

#[derive(Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    period: String,
    /// The programme (`ita` when absent).
    #[serde(default)]
    plan: String,
}

/// The staff page of a programme's year (where its rounds are listed) and its name's key.
pub(crate) fn plan_page(py: PlanYear) -> (String, &'static str) {
    let be = py.year.be();
    match py.plan {
        Plan::Ita => (format!("/staff/measures/{be}#rounds"), "nav.measures"),
        Plan::Risk => (format!("/staff/risk/{be}#rounds"), "rk.title"),
        Plan::AntiCorruption => (format!("/staff/anticorruption/{be}#rounds"), "ac.title"),
    }
}

/// Open a round (its first version, or a new one after acknowledgement).
pub async fn open(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(f): CsrfForm<OpenForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let scope = staff.scope()?;
    let period = RoundPeriod::parse(&f.period).ok_or(AppError::BadRequest)?;
    let plan = match f.plan.as_str() {
        "" => Plan::Ita,
        p => Plan::parse(p).ok_or(AppError::BadRequest)?,
    };
    let agency = st.store.agency(&scope).await?;
    let (title, intro) = default_heading(&agency.name_th, PlanYear::new(plan, fy), period);
    match st
        .store
        .open_round(
            &scope,
            &staff.actor(),
            PlanYear::new(plan, fy),
            period,
            title,
            intro,
        )
        .await
    {
        Ok(r) => Ok(
            Redirect::to(&format!("/staff/measures/{}/rounds/{}", fy.be(), r.id)).into_response(),
        ),
        Err(StoreError::Input(e)) if plan == Plan::Ita => {
            super::year_view(&st, &staff, fy, Errors::from_input(staff.ctx.lang, &e)).await
        }
        Err(StoreError::Input(e)) => {
            let (back, _) = plan_page(PlanYear::new(plan, fy));
            crate::pages::signoff::refused_page(&staff, &e, &back)
        }
        Err(e) => Err(e.into()),
    }
}

/// The title block and introduction of a new round's report, in the words of the official
/// reports (the coordinator may import or edit their own).
pub fn default_heading(
    agency: &str,
    py: impl Into<PlanYear>,
    period: RoundPeriod,
) -> (Vec<String>, Vec<String>) {
    use chrono::Datelike;
    use prongsai_domain::calendar::{be_from_gregorian, month_name_th, to_thai_digits};
    let py = py.into();
    let fy = py.year;
    let be = fy.be();
    let span = period.period(fy);
    let my = |d: chrono::NaiveDate| {
        format!(
            "{} {}",
            month_name_th(d.month()),
            be_from_gregorian(d.year())
        )
    };
    let range = to_thai_digits(&format!("เดือน{} - {}", my(span.start), my(span.end)));
    let (title, intro) = match py.plan {
        Plan::Ita => (
            format!(
                "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน {agency} ประจำปีงบประมาณ พ.ศ. {be}"
            ),
            format!(
                "จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {} นำมาสู่ข้อเสนอแนะในการกำหนดมาตรการในการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานของ {agency} ดังนี้",
                be - 1
            ),
        ),
        Plan::Risk => (
            format!(
                "รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ {agency} ประจำปีงบประมาณ พ.ศ. {be}"
            ),
            format!(
                "{agency} ได้ดำเนินการตามมาตรการจัดการความเสี่ยงการทุจริตและประพฤติมิชอบที่กำหนดไว้จากการประเมินความเสี่ยง ประจำปีงบประมาณ พ.ศ. {be} โดยมีผลการดำเนินการ ดังนี้"
            ),
        ),
        Plan::AntiCorruption => (
            format!(
                "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต {agency} ประจำปีงบประมาณ พ.ศ. {be}"
            ),
            format!(
                "{agency} ได้ดำเนินโครงการและกิจกรรมตามแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {be} โดยมีผลการดำเนินงาน ดังนี้"
            ),
        ),
    };
    (
        vec![
            to_thai_digits(&title),
            format!("{} ({range})", period.label_th()),
        ],
        vec![to_thai_digits(&intro)],
    )
}

macro_rules! state_action {
    ($name:ident, $perm:ident, $call:ident) => {
        pub async fn $name(
            State(st): State<AppState>,
            staff: Staff,
            Path((year, id)): Path<(String, i64)>,
            CsrfForm(_): CsrfForm<NoFields>,
        ) -> Result<Response, AppError> {
            staff.require(Permission::$perm)?;
            let fy = year_of(&year)?;
            round_in_year(&st, &staff, fy, id).await?;
            let r = st
                .store
                .$call(&staff.scope()?, &staff.actor(), id)
                .await
                .map(|_| ());
            after(&st, &staff, fy, id, r, "").await
        }
    };
}

state_action!(submit, ManageAssessment, submit_round);
state_action!(withdraw, ManageAssessment, withdraw_round);

#[derive(Deserialize)]
pub struct AckForm {
    #[serde(default)]
    note: String,
}

/// The executive acknowledges the submitted report (รายงานเสนอผู้บริหารทราบ).
pub async fn acknowledge(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<AckForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::AcknowledgeReports)?;
    let fy = year_of(&year)?;
    let round = round_in_year(&st, &staff, fy, id).await?;
    let r = match super::super::opt_text("note", &f.note, 2000) {
        Ok(note) => st
            .store
            .acknowledge_round(&staff.scope()?, &staff.actor(), id, note)
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Input(e)),
    };
    if r.is_ok() {
        super::import::publish_measures(&st, &staff, fy).await;
        if round.plan != Plan::Ita.code() {
            crate::pages::signoff::publish_year(&st, &staff, fy).await;
        }
    }
    after(&st, &staff, fy, id, r, "").await
}

pub struct ProgressForm {
    measure_id: String,
    step_line_id: String,
    text: String,
    done_on: String,
    link: String,
}

fn parse_progress(
    f: &ProgressForm,
    fy: FiscalYear,
) -> Result<NewProgress, prongsai_domain::InputError> {
    use prongsai_domain::InputError;
    let measure_id = super::super::opt_id(&f.measure_id)
        .ok_or_else(|| InputError::new("measure_id", "ไม่พบมาตรการ", "The measure was not found"))?;
    let text = prongsai_domain::tenancy::parse_text("text", &f.text, 4000)?;
    let done_on = if f.done_on.trim().is_empty() {
        None
    } else {
        let d = prongsai_domain::calendar::parse_date(f.done_on.trim()).map_err(|_| {
            InputError::new(
                "done_on",
                "วันที่ไม่ถูกต้อง (เช่น 15/03/2566 หรือ 2023-03-15)",
                "Not a valid date (e.g. 15/03/2566 or 2023-03-15)",
            )
        })?;
        // a year's work may be reported a little after the year ends, never before it starts
        if d < fy.start() || d > fy.end() + chrono::Days::new(90) {
            return Err(InputError::new(
                "done_on",
                format!("วันที่ต้องอยู่ในปีงบประมาณ {}", fy.be()),
                format!("The date must be within fiscal year {}", fy.be()),
            ));
        }
        if d > crate::view::today() {
            return Err(InputError::new(
                "done_on",
                "วันที่ดำเนินการต้องไม่เป็นวันในอนาคต",
                "The date done cannot be in the future",
            ));
        }
        Some(d)
    };
    let link = if f.link.trim().is_empty() {
        None
    } else {
        Some(prongsai_domain::links::parse_public_url("link", &f.link)?)
    };
    Ok(NewProgress {
        measure_id,
        step_line_id: super::super::opt_id(&f.step_line_id),
        text,
        done_on,
        link,
        evidence_document_id: None,
    })
}

/// Add a progress entry (การดำเนินการ) to a draft round, with a link and/or a file as its
/// evidence (multipart, in the documents router). The file becomes a document of the library
/// (public, of the round's year) and the entry links to its permanent address.
pub async fn add_progress(
    State(st): State<AppState>,
    staff: Staff,
    headers: axum::http::HeaderMap,
    Path((year, id)): Path<(String, i64)>,
    mp: axum::extract::Multipart,
) -> Result<Response, AppError> {
    use crate::pages::disclosure::documents::{file_href, read_upload, store_upload};
    staff.require(Permission::ViewDashboard)?;
    let fy = year_of(&year)?;
    round_in_year(&st, &staff, fy, id).await?;
    let role = staff.user.role();
    if !role.allows(Permission::ManageAssessment) && !role.allows(Permission::EditOwnWork) {
        return Err(AppError::Forbidden);
    }
    let mut up = read_upload(&staff, mp).await?;
    let f = ProgressForm {
        measure_id: up.get("measure_id").to_owned(),
        step_line_id: up.get("step_line_id").to_owned(),
        text: up.get("text").to_owned(),
        done_on: up.get("done_on").to_owned(),
        link: up.get("link").to_owned(),
    };
    let scope = staff.scope()?;
    let unit = staff.user.unit_id;
    let mut p = match parse_progress(&f, fy) {
        Ok(p) => p,
        Err(e) => return after(&st, &staff, fy, id, Err(StoreError::Input(e)), "").await,
    };
    // the evidence file, if one was chosen: a public document of the round's year
    let mut stored = None;
    if up.file.as_ref().is_some_and(|(_, b)| !b.is_empty()) {
        up.fields
            .insert("title".into(), format!("หลักฐาน: {}", clip(&p.text, 150)));
        up.fields.insert("data_year".into(), fy.be().to_string());
        if let Some(u) = unit {
            up.fields.insert("unit_id".into(), u.to_string());
        }
        match store_upload(&st, &staff, &scope, &up).await? {
            Ok(d) => {
                let base = crate::pages::api::base_url(&st, &headers);
                let href = file_href(&staff.agency_slug(), &d);
                p.evidence_document_id = Some(d.id);
                if p.link.is_none() {
                    p.link = Some(crate::pages::api::absolute(&base, &href));
                }
                stored = Some(d.id);
            }
            Err(e) => return after(&st, &staff, fy, id, Err(StoreError::Input(e)), "").await,
        }
    }
    let m = p.measure_id;
    let r = st
        .store
        .add_progress(&scope, &staff.actor(), id, p, |owner| {
            may_edit_line(role, unit, owner)
        })
        .await;
    match r {
        Ok(_) => after(&st, &staff, fy, id, Ok(()), &format!("#measure-{m}")).await,
        Err(e) => {
            // the entry was refused: the file uploaded for it does not stay in the library
            if let Some(doc) = stored {
                if let Err(x) = st.store.delete_document(&scope, &staff.actor(), doc).await {
                    tracing::warn!(document = doc, error = %x, "evidence of a refused entry kept");
                }
            }
            after(&st, &staff, fy, id, Err(e), "").await
        }
    }
}

/// Remove a progress entry of a draft round.
pub async fn delete_progress(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id, line)): Path<(String, i64, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_of(&year)?;
    round_in_year(&st, &staff, fy, id).await?;
    let role = staff.user.role();
    let unit = staff.user.unit_id;
    let r = st
        .store
        .delete_progress(&staff.scope()?, &staff.actor(), line, |owner| {
            may_edit_line(role, unit, owner)
        })
        .await;
    after(&st, &staff, fy, id, r, "").await
}

/// `/staff/measures/{year}/rounds/{id}/report.{pdf|docx|csv|xlsx}`: the round's O43 report.
async fn round_report(
    st: &AppState,
    staff: &Staff,
    year: &str,
    id: i64,
    q: &DigitsQuery,
    format: &'static str,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_of(year)?;
    let round = round_in_year(st, staff, fy, id).await?;
    let doc = st.store.round_document(&staff.scope()?, &round).await?;
    let name = format!(
        "o43-{}-{}-v{}",
        fy.be(),
        round.period().code(),
        round.version
    );
    super::send_report(doc, true, q, format, &name).await
}

macro_rules! round_report_handler {
    ($name:ident, $fmt:literal) => {
        pub async fn $name(
            State(st): State<AppState>,
            staff: Staff,
            Path((year, id)): Path<(String, i64)>,
            Query(q): Query<DigitsQuery>,
        ) -> Result<Response, AppError> {
            round_report(&st, &staff, &year, id, &q, $fmt).await
        }
    };
}

round_report_handler!(report_pdf, "pdf");
round_report_handler!(report_docx, "docx");
round_report_handler!(report_csv, "csv");
round_report_handler!(report_xlsx, "xlsx");

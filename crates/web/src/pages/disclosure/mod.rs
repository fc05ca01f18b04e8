//! OIT disclosures in the back office: the readiness page of a year (every item of the year's
//! framework with its state and the reason, by sub-indicator, filterable by unit, with the OIT
//! score it predicts) and the page of one item, where its evidence is attached: an uploaded
//! document, a document of the library, an external link; plus the responsible unit and the
//! explanation for the assessors. The public side is in [`portal`]; the document library and
//! file serving in [`documents`].

pub mod auto;
pub mod documents;
pub mod portal;
pub mod rollover;
pub mod submission;
pub mod versions;

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::calendar::{FiscalYear, Period};
use prongsai_domain::disclosure::{
    assess, assess_year, predict, ItemReadiness, Prediction, Readiness, Tally,
};
use prongsai_domain::framework::{Framework, Item};
use prongsai_domain::measures::may_edit_line;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use prongsai_store::disclosure::{ItemDisclosure, NewEvidence, Target};
use prongsai_store::{AgencyScope, StoreError};
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::NoFields;
use crate::view::{fmt_date, today, Errors, Page};

/// A year's disclosures with the readiness of every item of its framework, in framework order.
pub(crate) struct YearState {
    pub items: BTreeMap<String, ItemDisclosure>,
    pub readiness: Vec<ItemReadiness>,
}

/// The day a year's readiness is judged on: today, or the last day of a year that has ended
/// (an earlier year's page shows how it stood when it closed, not how old it looks now).
pub(crate) fn as_of(fy: FiscalYear) -> chrono::NaiveDate {
    today().min(fy.end())
}

/// Read a year's disclosures and compute every item's readiness for its day.
pub(crate) async fn year_state(
    st: &AppState,
    scope: &AgencyScope,
    fw: &Framework,
) -> Result<YearState, AppError> {
    let items = st.store.disclosures(scope, fw.fiscal_year).await?;
    let evidence: BTreeMap<&str, Vec<_>> = items
        .iter()
        .map(|(code, d)| {
            (
                code.as_str(),
                d.evidence.iter().map(|e| e.as_readiness()).collect(),
            )
        })
        .collect();
    let readiness = assess_year(fw, as_of(fw.fiscal_year), |code| {
        evidence.get(code).map_or(&[], Vec::as_slice)
    });
    Ok(YearState { items, readiness })
}

/// The framework of a year named in a URL.
pub(crate) fn framework_of<'a>(st: &'a AppState, year: &str) -> Result<&'a Framework, AppError> {
    let fy: FiscalYear = prongsai_domain::calendar::to_ascii_digits(year.trim())
        .parse()
        .map_err(|_| AppError::NotFound)?;
    st.frameworks.get(fy.be()).ok_or(AppError::NotFound)
}

/// The year a visitor most likely wants: the current fiscal year if its OIT item list is
/// known, else the newest year before it whose list is (a year's framework file may exist
/// before the NACC publishes its items, as FY 2570's did); any year with a framework at last.
pub(crate) fn default_year(st: &AppState) -> Option<i32> {
    let current = FiscalYear::containing(today()).be();
    let newest = |with_items: bool| {
        st.frameworks
            .all()
            .iter()
            .filter(|f| !with_items || !f.items.is_empty())
            .map(|f| f.fiscal_year.be())
            .filter(|y| *y <= current)
            .max()
    };
    newest(true)
        .or_else(|| newest(false))
        .or_else(|| st.frameworks.all().iter().map(|f| f.fiscal_year.be()).min())
}

/// The years that have a framework, newest first (the year buttons of every page).
pub(crate) fn framework_years(st: &AppState) -> Vec<i32> {
    let mut ys: Vec<i32> = st
        .frameworks
        .all()
        .iter()
        .map(|f| f.fiscal_year.be())
        .collect();
    ys.sort_unstable_by(|a, b| b.cmp(a));
    ys
}

/// A state as a CSS class and a label.
pub(crate) fn state_label(lang: Lang, s: Readiness) -> (&'static str, &'static str) {
    (
        s.code(),
        match lang {
            Lang::Th => s.label_th(),
            Lang::En => s.label_en(),
        },
    )
}

pub(crate) fn reasons(lang: Lang, r: &ItemReadiness) -> Vec<String> {
    r.reasons
        .iter()
        .map(|x| match lang {
            Lang::Th => x.th.clone(),
            Lang::En => x.en.clone(),
        })
        .collect()
}

pub(crate) fn period_label(lang: Lang, p: &Period) -> String {
    match lang {
        Lang::Th => p.label_th(prongsai_domain::calendar::Digits::Arabic),
        Lang::En => p.label_en(),
    }
}

// ---------------------------------------------------------------------------------------------
// The readiness page of a year
// ---------------------------------------------------------------------------------------------

pub struct ItemRow {
    pub code: String,
    pub title: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub reasons: Vec<String>,
    pub evidence: usize,
    pub unit: String,
}

pub struct SubSection {
    pub code: String,
    pub name: String,
    pub tally: Tally,
    pub rows: Vec<ItemRow>,
}

#[derive(Template)]
#[template(path = "disclosure/year.html")]
struct YearPage {
    page: Page,
    year: i32,
    years: Vec<i32>,
    slug: String,
    tally: Tally,
    prediction: Prediction,
    sections: Vec<SubSection>,
    /// (id, name, selected)
    units: Vec<(i64, String, bool)>,
    /// (number, name, predicted score)
    indicators: Vec<(u32, String, String)>,
    /// Readiness of the items of each responsible unit: (filter value, name, tally); items with
    /// no unit come last with an empty filter value.
    by_unit: Vec<UnitTally>,
    today: String,
    /// The assessment window, its countdown and what is still missing by unit.
    itas: submission::ReadinessBlock,
}

pub struct UnitTally {
    pub id: Option<i64>,
    pub name: String,
    pub tally: Tally,
}

/// The readiness of each unit's items, units in name order, items with no unit last.
fn tally_by_unit(
    fw: &Framework,
    readiness: &[ItemReadiness],
    unit_of: impl Fn(&str) -> Option<i64>,
    unit_name: &BTreeMap<i64, String>,
    nobody: &str,
) -> Vec<UnitTally> {
    let mut by: BTreeMap<Option<i64>, Tally> = BTreeMap::new();
    for (it, r) in fw.items.iter().zip(readiness) {
        by.entry(unit_of(&it.code)).or_default().add(r);
    }
    let mut rows: Vec<UnitTally> = by
        .into_iter()
        .map(|(id, tally)| UnitTally {
            id,
            name: match id {
                Some(u) => unit_name.get(&u).cloned().unwrap_or_default(),
                None => nobody.to_string(),
            },
            tally,
        })
        .collect();
    rows.sort_by(|a, b| (a.id.is_none(), &a.name).cmp(&(b.id.is_none(), &b.name)));
    rows
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    unit: String,
}

/// `/staff/disclosures`: the year most likely wanted.
pub async fn index(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    staff.scope()?;
    let y = default_year(&st).ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!("/staff/disclosures/{y}")).into_response())
}

/// `/staff/disclosures/{year}`: readiness of every item, by sub-indicator.
pub async fn year_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let fw = framework_of(&st, &year)?;
    let lang = staff.ctx.lang;
    let ys = year_state(&st, &scope, fw).await?;
    let units = st.store.list_units(&scope).await?;
    let unit_name: BTreeMap<i64, String> = units
        .iter()
        .map(|u| (u.id, crate::view::unit_name(u, lang)))
        .collect();
    let unit_filter = super::opt_id(&q.unit);
    let unit_of = |code: &str| {
        ys.items
            .get(code)
            .and_then(|d| d.disclosure.as_ref())
            .and_then(|d| d.unit_id)
    };
    let mut sections = Vec::new();
    for sub in &fw.sub_indicators {
        let mut tally = Tally::default();
        let mut rows = Vec::new();
        for (it, r) in fw.items.iter().zip(&ys.readiness) {
            if it.sub_indicator != sub.code {
                continue;
            }
            let unit = unit_of(&it.code);
            if unit_filter.is_some() && unit != unit_filter {
                continue;
            }
            tally.add(r);
            let (state, state_label) = state_label(lang, r.state);
            rows.push(ItemRow {
                code: it.code.clone(),
                title: it.title_th.clone(),
                state,
                state_label,
                reasons: reasons(lang, r),
                evidence: ys.items.get(&it.code).map_or(0, |d| d.evidence.len()),
                unit: unit
                    .and_then(|u| unit_name.get(&u).cloned())
                    .unwrap_or_default(),
            });
        }
        if !rows.is_empty() {
            sections.push(SubSection {
                code: sub.code.clone(),
                name: sub.name_th.clone(),
                tally,
                rows,
            });
        }
    }
    let shown: Vec<ItemReadiness> = fw
        .items
        .iter()
        .zip(&ys.readiness)
        .filter(|(it, _)| unit_filter.is_none() || unit_of(&it.code) == unit_filter)
        .map(|(_, r)| r.clone())
        .collect();
    let itas =
        submission::readiness_block(&st, &staff, fw, &ys.readiness, unit_of, &unit_name).await?;
    let mut page = Page::staff(&staff, "dc.title", "/staff/disclosures");
    page.title = format!("{} {}", page.title, fw.fiscal_year.be());
    render_year(YearPage {
        page,
        year: fw.fiscal_year.be(),
        years: framework_years(&st),
        slug: staff.agency_slug(),
        tally: Tally::of(&shown),
        prediction: predict(fw, &ys.readiness),
        sections,
        units: unit_name
            .iter()
            .map(|(id, n)| (*id, n.clone(), unit_filter == Some(*id)))
            .collect(),
        indicators: Vec::new(),
        by_unit: tally_by_unit(
            fw,
            &ys.readiness,
            unit_of,
            &unit_name,
            staff.ctx.t("dc.no_unit"),
        ),
        today: fmt_date(lang, as_of(fw.fiscal_year)),
        itas,
    })
}

fn render_year(mut p: YearPage) -> Result<Response, AppError> {
    p.indicators = p
        .prediction
        .indicators
        .iter()
        .map(|i| {
            (
                i.number,
                i.name_th.clone(),
                i.score.map(crate::view::num).unwrap_or_else(|| "–".into()),
            )
        })
        .collect();
    crate::view::render(&p)
}

impl YearPage {
    fn score(&self) -> String {
        self.prediction
            .oit
            .map(crate::view::num)
            .unwrap_or_else(|| "–".into())
    }
}

// ---------------------------------------------------------------------------------------------
// One item
// ---------------------------------------------------------------------------------------------

pub struct EvidenceRow {
    pub id: i64,
    pub kind: &'static str,
    pub label: String,
    pub href: String,
    pub file: Option<String>,
    pub period: String,
    pub public: bool,
    pub dead: bool,
    pub link_note: Option<String>,
    pub auto: bool,
    /// Carried from the year before by a rollover.
    pub carried: bool,
}

#[derive(Template)]
#[template(path = "disclosure/item.html")]
struct ItemPage {
    page: Page,
    year: i32,
    slug: String,
    item: Item,
    sub_name: String,
    cadence: &'static str,
    data_year: &'static str,
    state: &'static str,
    state_label: &'static str,
    reasons: Vec<String>,
    required: Vec<(String, bool)>,
    next_due: Option<String>,
    evidence: Vec<EvidenceRow>,
    may_edit: bool,
    may_assign: bool,
    /// (id, name, selected)
    units: Vec<(i64, String, bool)>,
    explanation: String,
    documents: Vec<(i64, String)>,
    periods: Vec<(String, String)>,
    data_years: Vec<(i32, String)>,
    errors: Errors,
    max_mb: usize,
}

fn period_choices(lang: Lang, fy: FiscalYear) -> Vec<(String, String)> {
    let mut out = vec![("year".to_owned(), period_label(lang, &fy.whole()))];
    for p in fy.halves().iter().chain(fy.quarters().iter()) {
        out.push((p.code(), period_label(lang, p)));
    }
    for m in fy.months() {
        if let Ok(p) = fy.month(m.month()) {
            out.push((p.code(), period_label(lang, &p)));
        }
    }
    out
}

/// The data years offered for evidence of an item of year `fy`.
fn data_year_choices(fy: FiscalYear) -> Vec<(i32, String)> {
    [Some(fy), fy.prev()]
        .into_iter()
        .flatten()
        .map(|y| (y.be(), y.be().to_string()))
        .collect()
}

fn cadence_label(lang: Lang, it: &Item) -> (&'static str, &'static str) {
    match lang {
        Lang::Th => (it.cadence.label_th(), it.data_year.label_th()),
        Lang::En => (it.cadence.label_en(), it.data_year.label_en()),
    }
}

/// The page of one item, with `errors` from a refused form.
async fn item_view(
    st: &AppState,
    staff: &Staff,
    fw: &Framework,
    code: &str,
    errors: Errors,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let item = fw.item(code).ok_or(AppError::NotFound)?.clone();
    let fy = fw.fiscal_year;
    let d = st.store.disclosure(&scope, fy, code).await?;
    let ev: Vec<_> = d.evidence.iter().map(|e| e.as_readiness()).collect();
    let r = assess(&item, fy, as_of(fy), &ev);
    let (state, state_label) = state_label(lang, r.state);
    let slug = staff.agency_slug();
    let evidence = d
        .evidence
        .iter()
        .map(|e| {
            let (href, file) = evidence_href(&slug, e);
            EvidenceRow {
                id: e.evidence.id,
                kind: match e.evidence.kind.as_str() {
                    "document" => "document",
                    "page" => "page",
                    _ => "link",
                },
                label: e.evidence.label.clone(),
                href,
                file,
                period: e
                    .period()
                    .map(|p| period_label(lang, &p))
                    .or_else(|| e.evidence.data_year.map(|y| y.to_string()))
                    .unwrap_or_default(),
                public: e.is_public(),
                dead: e.is_dead(),
                link_note: e.evidence.link_note.clone(),
                auto: e.evidence.auto_key.is_some()
                    && !prongsai_store::rollover::is_carried(e.evidence.auto_key.as_deref()),
                carried: prongsai_store::rollover::is_carried(e.evidence.auto_key.as_deref()),
            }
        })
        .collect();
    let unit_id = d.disclosure.as_ref().and_then(|x| x.unit_id);
    let may_edit = may_edit_line(staff.user.role(), staff.user.unit_id, unit_id);
    let documents = if may_edit {
        st.store
            .documents(&scope, None, None)
            .await?
            .into_iter()
            .map(|doc| (doc.id, format!("{} ({})", doc.title, doc.file_name)))
            .collect()
    } else {
        Vec::new()
    };
    let (cadence, data_year) = cadence_label(lang, &item);
    let mut page = Page::staff(staff, "dc.title", "/staff/disclosures");
    page.title = format!("{} {}", item.code, item.title_th);
    crate::view::render_form(
        &ItemPage {
            page,
            year: fy.be(),
            slug,
            sub_name: fw
                .sub_indicator(&item.sub_indicator)
                .map(|s| s.name_th.clone())
                .unwrap_or_default(),
            cadence,
            data_year,
            state,
            state_label,
            reasons: reasons(lang, &r),
            required: r
                .required
                .iter()
                .map(|p| (period_label(lang, p), !r.missing.contains(p)))
                .collect(),
            next_due: r.next_due.map(|d| fmt_date(lang, d)),
            evidence,
            may_edit,
            may_assign: staff.user.role().allows(Permission::ManageAssessment),
            units: st
                .store
                .list_units(&scope)
                .await?
                .iter()
                .map(|u| (u.id, crate::view::unit_name(u, lang), unit_id == Some(u.id)))
                .collect(),
            explanation: d.disclosure.and_then(|x| x.explanation).unwrap_or_default(),
            documents,
            periods: period_choices(lang, fy),
            data_years: data_year_choices(fy),
            max_mb: st.config.max_upload_bytes / (1024 * 1024),
            item,
            errors: errors.clone(),
        },
        !errors.is_empty(),
    )
}

/// Where a piece of evidence opens, and the file name when it is a document.
pub(crate) fn evidence_href(
    slug: &str,
    e: &prongsai_store::disclosure::EvidenceView,
) -> (String, Option<String>) {
    match (&e.document, &e.evidence.url) {
        (Some(d), _) => (
            documents::file_href(slug, d),
            Some(format!(
                "{} · {}",
                d.kind.to_uppercase(),
                human_size(d.size)
            )),
        ),
        (None, Some(u)) => (u.clone(), None),
        (None, None) => ("#".into(), None),
    }
}

/// `1.2 MB`, `340 KB`.
pub(crate) fn human_size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// `/staff/disclosures/{year}/{code}`.
pub async fn item_page(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fw = framework_of(&st, &year)?;
    item_view(&st, &staff, fw, &code, Errors::default()).await
}

/// The framework of an item named in a URL, and the user's scope, refused unless the item
/// exists and the user may change it (coordinators; unit staff for their unit's items).
pub(crate) async fn editable_item<'a>(
    st: &'a AppState,
    staff: &Staff,
    year: &str,
    code: &str,
) -> Result<(&'a Framework, AgencyScope), AppError> {
    let fw = framework_of(st, year)?;
    fw.item(code).ok_or(AppError::NotFound)?;
    let scope = staff.scope()?;
    let d = st.store.disclosure(&scope, fw.fiscal_year, code).await?;
    let unit = d.disclosure.and_then(|x| x.unit_id);
    if may_edit_line(staff.user.role(), staff.user.unit_id, unit) {
        Ok((fw, scope))
    } else {
        Err(AppError::Forbidden)
    }
}

/// The data year, period and publication date a form gave.
pub type Cover = (
    Option<FiscalYear>,
    Option<Period>,
    Option<chrono::NaiveDate>,
);

/// What a form says about the data an evidence shows: its year and period.
#[derive(Deserialize, Default)]
pub struct CoverForm {
    #[serde(default)]
    pub data_year: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub published_on: String,
}

impl CoverForm {
    /// (data year, period, publication date), refused when they do not fit together.
    pub fn read(&self) -> Result<Cover, InputError> {
        let year = match self.data_year.trim() {
            "" => None,
            y => Some(
                prongsai_domain::calendar::to_ascii_digits(y)
                    .parse::<FiscalYear>()
                    .map_err(|_| {
                        InputError::new(
                            "data_year",
                            "ปีงบประมาณของข้อมูลไม่ถูกต้อง",
                            "Not a valid fiscal year",
                        )
                    })?,
            ),
        };
        let period = match (self.period.trim(), year) {
            ("", _) => None,
            (_, None) => {
                return Err(InputError::new(
                    "period",
                    "เลือกปีงบประมาณของข้อมูลก่อนเลือกช่วงเวลา",
                    "Choose the data's fiscal year before the period",
                ))
            }
            (code, Some(y)) => Some(y.period(code).ok_or_else(|| {
                InputError::new("period", "ช่วงเวลาไม่ถูกต้อง", "Not a valid period")
            })?),
        };
        let published_on = match self.published_on.trim() {
            "" => None,
            s => Some(prongsai_domain::calendar::parse_date(s).map_err(|_| {
                InputError::new(
                    "published_on",
                    "วันที่เผยแพร่ไม่ถูกต้อง (เช่น 15/01/2567)",
                    "Not a valid date (e.g. 15/01/2567)",
                )
            })?),
        };
        Ok((year, period, published_on))
    }
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    label: String,
    #[serde(flatten)]
    cover: CoverForm,
}

/// Add an external link to an item.
pub async fn add_link(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, code)): Path<(String, String)>,
    CsrfForm(f): CsrfForm<LinkForm>,
) -> Result<Response, AppError> {
    let (fw, scope) = editable_item(&st, &staff, &year, &code).await?;
    let r = (|| {
        let url = prongsai_domain::links::parse_public_url("url", &f.url)?;
        let (data_year, period, published_on) = f.cover.read()?;
        Ok::<_, InputError>(NewEvidence {
            label: if f.label.trim().is_empty() {
                url.clone()
            } else {
                f.label.clone()
            },
            target: Target::Link(url),
            data_year,
            period,
            published_on,
        })
    })();
    let new = match r {
        Ok(n) => n,
        Err(e) => {
            return item_view(
                &st,
                &staff,
                fw,
                &code,
                Errors::from_input(staff.ctx.lang, &e),
            )
            .await
        }
    };
    let res = st
        .store
        .add_evidence(&scope, &staff.actor(), fw.fiscal_year, &code, new)
        .await;
    after_write(&st, &staff, fw, &code, res.map(|_| ())).await
}

#[derive(Deserialize)]
pub struct AttachForm {
    #[serde(default)]
    document_id: String,
    #[serde(default)]
    label: String,
    #[serde(flatten)]
    cover: CoverForm,
}

/// Attach a document of the library to an item.
pub async fn attach(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, code)): Path<(String, String)>,
    CsrfForm(f): CsrfForm<AttachForm>,
) -> Result<Response, AppError> {
    let (fw, scope) = editable_item(&st, &staff, &year, &code).await?;
    let id = super::opt_id(&f.document_id).ok_or(AppError::BadRequest)?;
    let doc = st.store.document(&scope, id).await?;
    let (data_year, period, published_on) = match f.cover.read() {
        Ok(c) => c,
        Err(e) => {
            return item_view(
                &st,
                &staff,
                fw,
                &code,
                Errors::from_input(staff.ctx.lang, &e),
            )
            .await
        }
    };
    let new = NewEvidence {
        target: Target::Document(id),
        label: if f.label.trim().is_empty() {
            doc.title.clone()
        } else {
            f.label.clone()
        },
        // the document's own year and period unless the form says otherwise
        data_year: data_year.or(documents::data_year(&doc)),
        period: period.or(documents::period(&doc)),
        published_on: published_on.or(doc.published_on),
    };
    let res = st
        .store
        .add_evidence(&scope, &staff.actor(), fw.fiscal_year, &code, new)
        .await;
    after_write(&st, &staff, fw, &code, res.map(|_| ())).await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    explanation: String,
}

/// Set the responsible unit and the explanation (coordinators only: the unit decides who edits).
pub async fn settings(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, code)): Path<(String, String)>,
    CsrfForm(f): CsrfForm<SettingsForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fw = framework_of(&st, &year)?;
    fw.item(&code).ok_or(AppError::NotFound)?;
    let scope = staff.scope()?;
    let res = st
        .store
        .set_disclosure(
            &scope,
            &staff.actor(),
            fw.fiscal_year,
            &code,
            super::opt_id(&f.unit_id),
            Some(f.explanation),
        )
        .await;
    after_write(&st, &staff, fw, &code, res.map(|_| ())).await
}

/// Detach a piece of evidence.
pub async fn remove(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, code, id)): Path<(String, String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let (fw, scope) = editable_item(&st, &staff, &year, &code).await?;
    // only evidence of this item
    let d = st.store.disclosure(&scope, fw.fiscal_year, &code).await?;
    if !d.evidence.iter().any(|e| e.evidence.id == id) {
        return Err(AppError::NotFound);
    }
    let res = st.store.remove_evidence(&scope, &staff.actor(), id).await;
    after_write(&st, &staff, fw, &code, res).await
}

/// The item page with a refused input.
pub(crate) async fn item_view_refused(
    st: &AppState,
    staff: &Staff,
    fw: &Framework,
    code: &str,
    e: &InputError,
) -> Result<Response, AppError> {
    item_view(st, staff, fw, code, Errors::from_input(staff.ctx.lang, e)).await
}

/// Back to the item page after a write, or the page with the refusal.
pub(crate) async fn after_write(
    st: &AppState,
    staff: &Staff,
    fw: &Framework,
    code: &str,
    res: Result<(), StoreError>,
) -> Result<Response, AppError> {
    match res {
        Ok(()) => Ok(Redirect::to(&format!(
            "/staff/disclosures/{}/{}",
            fw.fiscal_year.be(),
            code
        ))
        .into_response()),
        Err(StoreError::Input(e)) => {
            item_view(st, staff, fw, code, Errors::from_input(staff.ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

//! The staff's side of the integrity registers:
//!
//! * `/staff/integrity/{year}` — the year's activities by kind and the gifts received, each
//!   report's sign-off state;
//! * `/staff/integrity/{year}/activity/new?kind=…`, `/activity/{id}` (edit), `/activity/{id}/delete`;
//! * `/staff/integrity/{year}/gift/new`, `/gift/{id}`, `/gift/{id}/delete`;
//! * `/staff/integrity/{year}/report/{kind}` — a report's figures, a preview of it as it would be
//!   submitted now, the sign-off block, and `/submit`, which freezes the report's content.
//!
//! Any staff member of the agency may read; writing and submitting need
//! [`Permission::ManageAssessment`]. Rows are found through the staff member's agency scope
//! only (another agency's id is not found). A refused form is shown again (422) with what was
//! typed and every message next to its field; nothing is stored.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use prongsai_docs::reports::integrity::IntegrityDoc;
use prongsai_domain::calendar::{parse_date, Digits, FiscalYear};
use prongsai_domain::integrity::{
    parse_participants, Activity, ActivityKind, ActivitySummary, Gift, GiftSummary, GiverKind,
    Handling, MAX_LINE_CHARS, MAX_TEXT_CHARS,
};
use prongsai_domain::procurement::{format_satang, Money};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use prongsai_store::integrity::{StoredActivity, StoredGift};
use prongsai_store::{AgencyScope, StoreError};
use serde::Deserialize;

use super::Report;
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::participation::errors_of;
use crate::pages::signoff::{self, SignoffBlock};
use crate::pages::NoFields;
use crate::pages::{agency_th, year_in_path};
use crate::view::{file_response, fmt_date, render, render_form, today, Disposition, Errors, Page};

const READ: Permission = Permission::ViewDashboard;
const WRITE: Permission = Permission::ManageAssessment;
const MENU: &str = "/staff/integrity";
/// A form's text fields are cut here before anything else (the limits are far lower).
const MAX_FIELD_CHARS: usize = 20_000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/integrity", get(index))
        .route("/integrity/{year}", get(year_page))
        .route(
            "/integrity/{year}/activity/new",
            get(new_activity).post(create_activity),
        )
        .route(
            "/integrity/{year}/activity/{id}",
            get(edit_activity).post(update_activity),
        )
        .route(
            "/integrity/{year}/activity/{id}/delete",
            post(delete_activity),
        )
        .route(
            "/integrity/{year}/gift/new",
            get(new_gift).post(create_gift),
        )
        .route(
            "/integrity/{year}/gift/{id}",
            get(edit_gift).post(update_gift),
        )
        .route("/integrity/{year}/gift/{id}/delete", post(delete_gift))
        .route("/integrity/{year}/report/{kind}", get(report_page))
        .route("/integrity/{year}/report/{kind}/submit", post(submit))
        .route("/integrity/{year}/report/{kind}/preview.pdf", get(preview))
}

pub fn year_href(year: FiscalYear) -> String {
    format!("/staff/integrity/{}", year.be())
}

fn report_href(year: FiscalYear, r: Report) -> String {
    format!("/staff/integrity/{}/report/{}", year.be(), r.code())
}

fn parse_id(s: &str) -> Result<i64, AppError> {
    s.trim().parse().map_err(|_| AppError::NotFound)
}

fn reader(staff: &Staff) -> Result<AgencyScope, AppError> {
    staff.require(READ)?;
    staff.scope()
}

fn writer(staff: &Staff) -> Result<AgencyScope, AppError> {
    staff.require(WRITE)?;
    staff.scope()
}

fn page(staff: &Staff, title_key: &str, year: FiscalYear) -> Page {
    let mut p = Page::staff(staff, title_key, MENU);
    p.title = match staff.ctx.lang {
        Lang::Th => format!("{} {}", p.title, year.label_th(Digits::Arabic)),
        Lang::En => format!("{} {}", p.title, year.label_en()),
    };
    p
}

fn baht(satang: i64) -> String {
    format_satang(satang, Digits::Arabic)
}

/// A date typed as people write it (`15/12/2565`, `15 ธ.ค. 2565`, `2022-12-15`); the text to
/// show again (its BE form when read) and the date (`None` when empty).
fn read_day(
    lang: Lang,
    field: &'static str,
    text: &str,
) -> (String, Result<Option<NaiveDate>, InputError>) {
    let t = text.trim();
    if t.is_empty() {
        return (String::new(), Ok(None));
    }
    let parsed = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .map(Ok)
        .unwrap_or_else(|| parse_date(t).map_err(|e| e.to_input_error(field)));
    match parsed {
        Ok(d) => (fmt_date(lang, d), Ok(Some(d))),
        Err(e) => (t.to_owned(), Err(e)),
    }
}

fn get_field(map: &HashMap<String, String>, key: &str) -> String {
    map.get(key)
        .map(|v| v.chars().take(MAX_FIELD_CHARS).collect())
        .unwrap_or_default()
}

/// An option of a select box or a check box.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

// ----- the year ---------------------------------------------------------------------------------

/// `GET /staff/integrity`: the current fiscal year.
async fn index(staff: Staff) -> Result<Response, AppError> {
    reader(&staff)?;
    Ok(Redirect::to(&year_href(FiscalYear::containing(today()))).into_response())
}

pub struct ActivityRow {
    pub id: i64,
    pub title: String,
    pub dates: String,
    pub place: String,
    pub participants: u32,
    pub executives: usize,
    pub evidence: usize,
}

pub struct KindBlock {
    pub code: &'static str,
    pub label: &'static str,
    pub rows: Vec<ActivityRow>,
    pub participants: u64,
    pub state: String,
    pub report_href: String,
    /// The published PDF, once signed.
    pub public_href: Option<String>,
}

pub struct GiftRow {
    pub id: i64,
    pub received: String,
    pub giver: String,
    pub description: String,
    pub value: String,
    pub recipient: String,
    pub handling: String,
    pub warning: Option<String>,
}

#[derive(Template)]
#[template(path = "integrity/staff_year.html")]
struct YearPage {
    page: Page,
    year: i32,
    prev: i32,
    next: i32,
    kinds: Vec<KindBlock>,
    gifts: Vec<GiftRow>,
    gifts_total: String,
    gift_state: String,
    gift_report_href: String,
    gift_public_href: Option<String>,
    may_write: bool,
}

/// The state of a report as a short label.
async fn state_label(
    st: &AppState,
    staff: &Staff,
    scope: &AgencyScope,
    r: Report,
    year: FiscalYear,
) -> Result<(String, Option<String>), AppError> {
    let lang = staff.ctx.lang;
    let current = st.store.current_signed(scope, r.key(year)).await?;
    let signed = st.store.acknowledged_signed(scope, r.key(year)).await?;
    let label = match &current {
        None => staff.ctx.t("ig.not_submitted").to_owned(),
        Some(s) => format!(
            "{} {}: {}",
            staff.ctx.t("so.version"),
            s.version,
            match lang {
                Lang::Th => s.state().label_th(),
                Lang::En => s.state().label_en(),
            }
        ),
    };
    let slug = staff.agency_slug();
    let public = signed
        .filter(|_| !slug.is_empty())
        .map(|_| r.href(&slug, year, "pdf"));
    Ok((label, public))
}

#[derive(Debug, Default, Deserialize)]
pub struct FlashQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    deleted: Option<String>,
}

/// `GET /staff/integrity/{year}`
async fn year_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<FlashQuery>,
) -> Result<Response, AppError> {
    let scope = reader(&staff)?;
    let year = year_in_path(&year)?;
    let lang = staff.ctx.lang;
    let activities = st.store.integrity_activities(&scope, year, None).await?;
    let mut kinds = Vec::new();
    for kind in ActivityKind::ALL {
        let of_kind: Vec<&StoredActivity> = activities
            .iter()
            .filter(|a| a.activity.kind == kind)
            .collect();
        let (state, public_href) =
            state_label(&st, &staff, &scope, Report::Activities(kind), year).await?;
        kinds.push(KindBlock {
            code: kind.code(),
            label: kind.label(lang),
            participants: of_kind
                .iter()
                .map(|a| u64::from(a.activity.participants))
                .sum(),
            rows: of_kind
                .iter()
                .map(|s| {
                    let a = &s.activity;
                    ActivityRow {
                        id: s.id,
                        title: a.title.clone(),
                        dates: a.dates(lang),
                        place: a.place.clone(),
                        participants: a.participants,
                        executives: a.executives.len(),
                        evidence: a.links.len() + a.document_ids.len(),
                    }
                })
                .collect(),
            state,
            report_href: report_href(year, Report::Activities(kind)),
            public_href,
        });
    }
    let gifts = st.store.integrity_gifts(&scope, year).await?;
    let (gift_state, gift_public_href) =
        state_label(&st, &staff, &scope, Report::Gifts, year).await?;
    let flash = if q.saved.is_some() {
        Some("ig.saved")
    } else if q.deleted.is_some() {
        Some("ig.deleted")
    } else {
        None
    };
    render(&YearPage {
        page: page(&staff, "ig.title", year).with_flash(flash),
        year: year.be(),
        prev: year.be() - 1,
        next: year.be() + 1,
        kinds,
        gifts_total: baht(Money::sum(gifts.iter().map(|g| g.gift.value))),
        gifts: gifts
            .iter()
            .map(|s| {
                let g = &s.gift;
                GiftRow {
                    id: s.id,
                    received: fmt_date(lang, g.received_on),
                    giver: g.giver.clone(),
                    description: g.description.clone(),
                    value: g.value.format(Digits::Arabic),
                    recipient: g.recipient.clone(),
                    handling: g.handling_text(lang),
                    warning: g.warnings().first().map(|w| w.message(lang)),
                }
            })
            .collect(),
        gift_state,
        gift_report_href: report_href(year, Report::Gifts),
        gift_public_href,
        may_write: staff.user.role().allows(WRITE),
    })
}

// ----- activities -------------------------------------------------------------------------------

/// The activity form as typed.
#[derive(Debug, Default, Clone)]
pub struct ActivityInput {
    pub kind: String,
    pub title: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub description: String,
    pub participants: String,
    pub executives: String,
    pub links: String,
    pub documents: Vec<i64>,
}

impl ActivityInput {
    fn from_form(map: &HashMap<String, String>) -> Self {
        let mut documents: Vec<i64> = map
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .filter_map(|(k, _)| k.strip_prefix("doc_"))
            .filter_map(|id| id.parse().ok())
            .collect();
        documents.sort_unstable();
        ActivityInput {
            kind: get_field(map, "kind"),
            title: get_field(map, "title"),
            start: get_field(map, "start"),
            end: get_field(map, "end"),
            place: get_field(map, "place"),
            description: get_field(map, "description"),
            participants: get_field(map, "participants"),
            executives: get_field(map, "executives"),
            links: get_field(map, "links"),
            documents,
        }
    }

    fn of(a: &Activity, lang: Lang) -> Self {
        ActivityInput {
            kind: a.kind.code().to_owned(),
            title: a.title.clone(),
            start: fmt_date(lang, a.start),
            end: a.end.map(|d| fmt_date(lang, d)).unwrap_or_default(),
            place: a.place.clone(),
            description: a.description.clone(),
            participants: a.participants.to_string(),
            executives: a.executives.join("\n"),
            links: a.links.join("\n"),
            documents: a.document_ids.clone(),
        }
    }

    /// The activity typed and every problem with it.
    fn parse(&mut self, year: FiscalYear, lang: Lang) -> Result<Activity, Vec<InputError>> {
        let mut errors = Vec::new();
        let kind = ActivityKind::parse(self.kind.trim()).unwrap_or_else(|| {
            errors.push(InputError::new(
                "kind",
                "กรุณาเลือกประเภทกิจกรรม",
                "Choose the kind of activity",
            ));
            ActivityKind::NoGiftCulture
        });
        let (shown, start) = read_day(lang, "start", &self.start);
        self.start = shown;
        let start = match start {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                errors.push(InputError::new(
                    "start",
                    "ยังไม่ได้กรอกวันที่จัดกิจกรรม",
                    "The date of the activity is missing",
                ));
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let (shown, end) = read_day(lang, "end", &self.end);
        self.end = shown;
        let end = end.unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let participants =
            parse_participants("participants", &self.participants).unwrap_or_else(|e| {
                errors.push(e);
                0
            });
        let a = Activity {
            kind,
            title: self.title.clone(),
            start: start.unwrap_or(year.start()),
            end,
            place: self.place.clone(),
            description: self.description.clone(),
            participants,
            executives: Activity::executive_lines(&self.executives),
            links: self
                .links
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            document_ids: self.documents.clone(),
        };
        match a.check(year) {
            Ok(clean) if errors.is_empty() => Ok(clean),
            Ok(_) => Err(errors),
            Err(found) => {
                // a field that could not be read has its message already
                let unread: Vec<&str> = errors.iter().map(|e| e.field).collect();
                errors.extend(found.into_iter().filter(|e| !unread.contains(&e.field)));
                Err(errors)
            }
        }
    }
}

#[derive(Template)]
#[template(path = "integrity/activity_form.html")]
struct ActivityPage {
    page: Page,
    year: i32,
    id: Option<i64>,
    action: String,
    f: ActivityInput,
    kinds: Vec<Choice>,
    documents: Vec<Choice>,
    errors: Errors,
    year_span: String,
    max_line: usize,
    max_text: usize,
}

async fn activity_view(
    st: &AppState,
    staff: &Staff,
    year: FiscalYear,
    id: Option<i64>,
    f: ActivityInput,
    errors: Vec<InputError>,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let scope = staff.scope()?;
    let mut docs: Vec<(i64, String)> = st
        .store
        .documents(&scope, None, None)
        .await?
        .into_iter()
        .map(|d| (d.id, d.title))
        .collect();
    for id in &f.documents {
        if !docs.iter().any(|(d, _)| d == id) {
            if let Ok(d) = st.store.document(&scope, *id).await {
                docs.push((d.id, d.title));
            }
        }
    }
    let refused = !errors.is_empty();
    render_form(
        &ActivityPage {
            page: page(
                staff,
                if id.is_some() {
                    "ig.activity_edit"
                } else {
                    "ig.activity_new"
                },
                year,
            ),
            year: year.be(),
            id,
            action: match id {
                Some(i) => format!("/staff/integrity/{}/activity/{i}", year.be()),
                None => format!("/staff/integrity/{}/activity/new", year.be()),
            },
            kinds: ActivityKind::ALL
                .into_iter()
                .map(|k| Choice {
                    value: k.code().to_owned(),
                    label: k.label(lang).to_owned(),
                    selected: k.code() == f.kind.trim(),
                })
                .collect(),
            documents: docs
                .into_iter()
                .map(|(id, title)| Choice {
                    value: id.to_string(),
                    label: title,
                    selected: f.documents.contains(&id),
                })
                .collect(),
            errors: errors_of(lang, &errors),
            year_span: format!(
                "{} – {}",
                fmt_date(lang, year.start()),
                fmt_date(lang, year.end())
            ),
            max_line: MAX_LINE_CHARS,
            max_text: MAX_TEXT_CHARS,
            f,
        },
        refused,
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct KindQuery {
    #[serde(default)]
    kind: String,
}

async fn find_activity(
    st: &AppState,
    scope: &AgencyScope,
    year: FiscalYear,
    id: &str,
) -> Result<StoredActivity, AppError> {
    let a = st.store.integrity_activity(scope, parse_id(id)?).await?;
    if a.fiscal_year != year {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

async fn new_activity(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = year_in_path(&year)?;
    let kind = ActivityKind::parse(q.kind.trim()).unwrap_or(ActivityKind::NoGiftCulture);
    let f = ActivityInput {
        kind: kind.code().to_owned(),
        ..Default::default()
    };
    activity_view(&st, &staff, year, None, f, vec![]).await
}

async fn edit_activity(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = year_in_path(&year)?;
    let a = find_activity(&st, &scope, year, &id).await?;
    let f = ActivityInput::of(&a.activity, staff.ctx.lang);
    activity_view(&st, &staff, year, Some(a.id), f, vec![]).await
}

async fn save_activity(
    st: AppState,
    staff: Staff,
    year: FiscalYear,
    id: Option<i64>,
    map: HashMap<String, String>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let mut f = ActivityInput::from_form(&map);
    let a = match f.parse(year, staff.ctx.lang) {
        Ok(a) => a,
        Err(errors) => return activity_view(&st, &staff, year, id, f, errors).await,
    };
    let saved = match id {
        Some(id) => {
            st.store
                .update_integrity_activity(&scope, &staff.actor(), id, &a)
                .await
        }
        None => {
            st.store
                .create_integrity_activity(&scope, &staff.actor(), year, &a)
                .await
        }
    };
    match saved {
        Ok(s) => {
            Ok(Redirect::to(&format!("{}?saved=1#a-{}", year_href(year), s.id)).into_response())
        }
        Err(StoreError::Input(e)) => activity_view(&st, &staff, year, id, f, vec![e]).await,
        Err(e) => Err(e.into()),
    }
}

async fn create_activity(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = year_in_path(&year)?;
    save_activity(st, staff, year, None, map).await
}

async fn update_activity(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = year_in_path(&year)?;
    let a = find_activity(&st, &scope, year, &id).await?;
    save_activity(st, staff, year, Some(a.id), map).await
}

async fn delete_activity(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = year_in_path(&year)?;
    let a = find_activity(&st, &scope, year, &id).await?;
    match st
        .store
        .delete_integrity_activity(&scope, &staff.actor(), a.id)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("{}?deleted=1", year_href(year))).into_response()),
        Err(StoreError::Input(e)) => signoff::refused_page(&staff, &e, &year_href(year)),
        Err(e) => Err(e.into()),
    }
}

// ----- gifts ------------------------------------------------------------------------------------

/// The gift form as typed.
#[derive(Debug, Default, Clone)]
pub struct GiftInput {
    pub received_on: String,
    pub giver: String,
    pub giver_kind: String,
    pub from_relative: bool,
    pub description: String,
    pub value: String,
    pub recipient: String,
    pub recipient_position: String,
    pub occasion: String,
    pub handling: String,
    pub handling_note: String,
    pub reported_on: String,
    pub accept_over_limit: bool,
}

impl GiftInput {
    fn from_form(map: &HashMap<String, String>) -> Self {
        let on = |k: &str| map.get(k).is_some_and(|v| !v.is_empty());
        GiftInput {
            received_on: get_field(map, "received_on"),
            giver: get_field(map, "giver"),
            giver_kind: get_field(map, "giver_kind"),
            from_relative: on("from_relative"),
            description: get_field(map, "description"),
            value: get_field(map, "value"),
            recipient: get_field(map, "recipient"),
            recipient_position: get_field(map, "recipient_position"),
            occasion: get_field(map, "occasion"),
            handling: get_field(map, "handling"),
            handling_note: get_field(map, "handling_note"),
            reported_on: get_field(map, "reported_on"),
            accept_over_limit: on("accept_over_limit"),
        }
    }

    fn of(g: &Gift, lang: Lang) -> Self {
        GiftInput {
            received_on: fmt_date(lang, g.received_on),
            giver: g.giver.clone(),
            giver_kind: g.giver_kind.code().to_owned(),
            from_relative: g.from_relative,
            description: g.description.clone(),
            value: g.value.format(Digits::Arabic),
            recipient: g.recipient.clone(),
            recipient_position: g.recipient_position.clone(),
            occasion: g.occasion.clone(),
            handling: g.handling.code().to_owned(),
            handling_note: g.handling_note.clone(),
            reported_on: g.reported_on.map(|d| fmt_date(lang, d)).unwrap_or_default(),
            accept_over_limit: g.accept_over_limit,
        }
    }

    /// The gift typed, every problem with it, and whether it carries a warning.
    fn parse(&mut self, year: FiscalYear, lang: Lang) -> (Option<Gift>, Vec<InputError>, bool) {
        let mut errors = Vec::new();
        let (shown, received) = read_day(lang, "received_on", &self.received_on);
        self.received_on = shown;
        let received = match received {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                errors.push(InputError::new(
                    "received_on",
                    "ยังไม่ได้กรอกวันที่ได้รับ",
                    "The day it was received is missing",
                ));
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let (shown, reported) = read_day(lang, "reported_on", &self.reported_on);
        self.reported_on = shown;
        let reported = reported.unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let value = Money::parse("value", &self.value).unwrap_or_else(|e| {
            errors.push(e);
            Money::ZERO
        });
        let giver_kind = GiverKind::parse(self.giver_kind.trim()).unwrap_or(GiverKind::Person);
        let handling = Handling::parse(self.handling.trim()).unwrap_or_else(|| {
            errors.push(InputError::new(
                "handling",
                "กรุณาเลือกการดำเนินการกับทรัพย์สินหรือประโยชน์ที่ได้รับ",
                "Choose how it was handled",
            ));
            Handling::Returned
        });
        let g = Gift {
            received_on: received.unwrap_or(year.start()),
            giver: self.giver.clone(),
            giver_kind,
            from_relative: self.from_relative,
            description: self.description.clone(),
            value,
            recipient: self.recipient.clone(),
            recipient_position: self.recipient_position.clone(),
            occasion: self.occasion.clone(),
            handling,
            handling_note: self.handling_note.clone(),
            reported_on: reported,
            accept_over_limit: self.accept_over_limit,
        };
        let unread: Vec<&str> = errors.iter().map(|e| e.field).collect();
        let warned = !g.warnings().is_empty();
        match g.validate(year) {
            Ok(clean) if errors.is_empty() => (Some(clean), errors, warned),
            Ok(_) => (None, errors, warned),
            Err(found) => {
                let found: Vec<InputError> = found
                    .into_iter()
                    .filter(|e| !unread.contains(&e.field))
                    .collect();
                errors.extend(found);
                (None, errors, warned)
            }
        }
    }
}

#[derive(Template)]
#[template(path = "integrity/gift_form.html")]
struct GiftPage {
    page: Page,
    year: i32,
    id: Option<i64>,
    action: String,
    f: GiftInput,
    giver_kinds: Vec<Choice>,
    handlings: Vec<Choice>,
    errors: Errors,
    /// The warning to confirm, in the page's language.
    warning: Option<String>,
    year_span: String,
    max_line: usize,
}

async fn gift_view(
    staff: &Staff,
    year: FiscalYear,
    id: Option<i64>,
    f: GiftInput,
    errors: Vec<InputError>,
    warned: bool,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let refused = !errors.is_empty();
    let warning = warned.then(|| {
        let value = Money::parse("value", &f.value).unwrap_or(Money::ZERO);
        prongsai_domain::integrity::GiftWarning::KeptAboveLimit { value }.message(lang)
    });
    render_form(
        &GiftPage {
            page: page(
                staff,
                if id.is_some() {
                    "ig.gift_edit"
                } else {
                    "ig.gift_new"
                },
                year,
            ),
            year: year.be(),
            id,
            action: match id {
                Some(i) => format!("/staff/integrity/{}/gift/{i}", year.be()),
                None => format!("/staff/integrity/{}/gift/new", year.be()),
            },
            giver_kinds: GiverKind::ALL
                .into_iter()
                .map(|k| Choice {
                    value: k.code().to_owned(),
                    label: k.label(lang).to_owned(),
                    selected: k.code() == f.giver_kind.trim(),
                })
                .collect(),
            handlings: Handling::ALL
                .into_iter()
                .map(|h| Choice {
                    value: h.code().to_owned(),
                    label: h.label(lang).to_owned(),
                    selected: h.code() == f.handling.trim(),
                })
                .collect(),
            errors: errors_of(lang, &errors),
            warning,
            year_span: format!(
                "{} – {}",
                fmt_date(lang, year.start()),
                fmt_date(lang, year.end())
            ),
            max_line: MAX_LINE_CHARS,
            f,
        },
        refused,
    )
}

async fn find_gift(
    st: &AppState,
    scope: &AgencyScope,
    year: FiscalYear,
    id: &str,
) -> Result<StoredGift, AppError> {
    let g = st.store.integrity_gift(scope, parse_id(id)?).await?;
    if g.fiscal_year != year {
        return Err(AppError::NotFound);
    }
    Ok(g)
}

async fn new_gift(staff: Staff, Path(year): Path<String>) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = year_in_path(&year)?;
    let f = GiftInput {
        giver_kind: GiverKind::Person.code().to_owned(),
        handling: Handling::Returned.code().to_owned(),
        ..Default::default()
    };
    gift_view(&staff, year, None, f, vec![], false).await
}

async fn edit_gift(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = year_in_path(&year)?;
    let g = find_gift(&st, &scope, year, &id).await?;
    let warned = !g.gift.warnings().is_empty();
    let f = GiftInput::of(&g.gift, staff.ctx.lang);
    gift_view(&staff, year, Some(g.id), f, vec![], warned).await
}

async fn save_gift(
    st: AppState,
    staff: Staff,
    year: FiscalYear,
    id: Option<i64>,
    map: HashMap<String, String>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let mut f = GiftInput::from_form(&map);
    let (gift, errors, warned) = f.parse(year, staff.ctx.lang);
    let Some(g) = gift else {
        return gift_view(&staff, year, id, f, errors, warned).await;
    };
    let saved = match id {
        Some(id) => {
            st.store
                .update_integrity_gift(&scope, &staff.actor(), id, &g)
                .await
        }
        None => {
            st.store
                .create_integrity_gift(&scope, &staff.actor(), year, &g)
                .await
        }
    };
    match saved {
        Ok(s) => {
            Ok(Redirect::to(&format!("{}?saved=1#g-{}", year_href(year), s.id)).into_response())
        }
        Err(StoreError::Input(e)) => gift_view(&staff, year, id, f, vec![e], warned).await,
        Err(e) => Err(e.into()),
    }
}

async fn create_gift(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = year_in_path(&year)?;
    save_gift(st, staff, year, None, map).await
}

async fn update_gift(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = year_in_path(&year)?;
    let g = find_gift(&st, &scope, year, &id).await?;
    save_gift(st, staff, year, Some(g.id), map).await
}

async fn delete_gift(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = year_in_path(&year)?;
    let g = find_gift(&st, &scope, year, &id).await?;
    match st
        .store
        .delete_integrity_gift(&scope, &staff.actor(), g.id)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("{}?deleted=1", year_href(year))).into_response()),
        Err(StoreError::Input(e)) => signoff::refused_page(&staff, &e, &year_href(year)),
        Err(e) => Err(e.into()),
    }
}

// ----- reports ----------------------------------------------------------------------------------

fn parse_report(s: &str) -> Result<Report, AppError> {
    Report::parse(s.trim()).ok_or(AppError::NotFound)
}

/// The report's document as the data is now (the content a submission would freeze).
async fn current_doc(
    st: &AppState,
    staff: &Staff,
    scope: &AgencyScope,
    r: Report,
    year: FiscalYear,
) -> Result<(IntegrityDoc, serde_json::Value), AppError> {
    let agency = agency_th(staff);
    let now = today();
    Ok(match r {
        Report::Activities(kind) => {
            let c = st
                .store
                .integrity_activity_report(scope, year, kind, &agency, now)
                .await?;
            (
                IntegrityDoc::activities(&c, None, Digits::Thai),
                serde_json::to_value(&c).map_err(|e| AppError::Internal(e.to_string()))?,
            )
        }
        Report::Gifts => {
            let c = st
                .store
                .integrity_gift_report(scope, year, &agency, now)
                .await?;
            (
                IntegrityDoc::gifts(&c, None, Digits::Thai),
                serde_json::to_value(&c).map_err(|e| AppError::Internal(e.to_string()))?,
            )
        }
    })
}

/// One line of figures on the report's page.
pub struct Figure {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "integrity/report.html")]
struct ReportPage {
    page: Page,
    year: i32,
    title: String,
    figures: Vec<Figure>,
    /// The statement of an empty register.
    statement: Option<&'static str>,
    preview_href: String,
    public_links: Vec<(String, String)>,
    signoff: SignoffBlock,
}

/// `GET /staff/integrity/{year}/report/{kind}`
async fn report_page(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, kind)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let scope = reader(&staff)?;
    let year = year_in_path(&year)?;
    let r = parse_report(&kind)?;
    let lang = staff.ctx.lang;
    let t = |k: &str| staff.ctx.t(k).to_owned();
    let (figures, statement) = match r {
        Report::Activities(k) => {
            let rows = st.store.integrity_activities(&scope, year, Some(k)).await?;
            let s = ActivitySummary::build(year, rows.iter().map(|a| &a.activity));
            (
                vec![
                    Figure {
                        label: t("ig.f_activities"),
                        value: s.count.to_string(),
                    },
                    Figure {
                        label: t("ig.f_participants_total"),
                        value: s.participants.to_string(),
                    },
                    Figure {
                        label: t("ig.f_with_executives"),
                        value: s.with_executives.to_string(),
                    },
                    Figure {
                        label: t("ig.f_with_evidence"),
                        value: s.with_evidence.to_string(),
                    },
                ],
                None,
            )
        }
        Report::Gifts => {
            let rows = st.store.integrity_gifts(&scope, year).await?;
            let s = GiftSummary::build(year, rows.iter().map(|g| &g.gift));
            let mut f = vec![
                Figure {
                    label: t("ig.f_gifts"),
                    value: s.total.count.to_string(),
                },
                Figure {
                    label: t("ig.f_value"),
                    value: baht(s.total.value),
                },
            ];
            for (h, tally) in &s.by_handling {
                f.push(Figure {
                    label: h.label(lang).to_owned(),
                    value: format!("{} ({} {})", tally.count, baht(tally.value), t("ig.baht")),
                });
            }
            f.push(Figure {
                label: t("ig.f_warnings"),
                value: s.warnings.to_string(),
            });
            (f, s.statement(lang))
        }
    };
    let title = match (r, lang) {
        (_, Lang::Th) => r.title_th(year),
        (Report::Activities(k), Lang::En) => {
            format!("{} {}", k.report_title_en(), year.label_en())
        }
        (Report::Gifts, Lang::En) => format!(
            "No Gift Policy report (gifts and benefits received) {}",
            year.label_en()
        ),
    };
    let back = report_href(year, r);
    let block = signoff::block(
        &st,
        &staff,
        r.key(year),
        &r.title_th(year),
        &format!("{back}/submit"),
        &back,
    )
    .await?;
    let slug = staff.agency_slug();
    let public_links = if block.signed().is_some() && !slug.is_empty() {
        let exts: &[&str] = match r {
            Report::Gifts => &["pdf", "docx", "xlsx", "csv"],
            Report::Activities(_) => &["pdf", "docx", "xlsx"],
        };
        exts.iter()
            .map(|e| (r.href(&slug, year, e), e.to_uppercase()))
            .collect()
    } else {
        Vec::new()
    };
    render(&ReportPage {
        page: page(&staff, "ig.report", year),
        year: year.be(),
        title,
        figures,
        statement,
        preview_href: format!("{back}/preview.pdf"),
        public_links,
        signoff: block,
    })
}

/// `POST /staff/integrity/{year}/report/{kind}/submit`: the report as the data is now is what
/// the executive signs.
async fn submit(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, kind)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = year_in_path(&year)?;
    let r = parse_report(&kind)?;
    let back = report_href(year, r);
    let (_, content) = current_doc(&st, &staff, &scope, r, year).await?;
    signoff::submit_content(&st, &staff, r.key(year), &content, &back).await
}

/// `GET /staff/integrity/{year}/report/{kind}/preview.pdf`: the report as it would be submitted
/// now (not published).
async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, kind)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let scope = reader(&staff)?;
    let year = year_in_path(&year)?;
    let r = parse_report(&kind)?;
    let (doc, _) = current_doc(&st, &staff, &scope, r, year).await?;
    let stem = format!("{}-preview", doc.file_stem());
    let bytes = super::public::render(doc, "pdf").await?;
    Ok(file_response(
        bytes,
        "application/pdf",
        Disposition::Inline,
        &format!("{stem}.pdf"),
        "no-store",
    ))
}

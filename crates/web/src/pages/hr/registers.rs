//! The three HR registers of a fiscal year on one page (`/staff/hr/{year}`): the workforce
//! plan (position groups with framework, filled and vacant positions), the appointments and the
//! training records; each row added or changed through one form page per register
//! (`/staff/hr/{year}/{register}/new`, `…/{id}/edit`) and deleted after a confirmation
//! (`…/{id}/delete`). Dates are typed `d/m/yyyy` in BE (or ISO, or `15 มี.ค. 2566`), numbers in
//! Thai or ASCII digits, the cost as people type amounts. A refused form comes back with 422,
//! what was typed and the message next to its field; nothing is stored. A workforce row with
//! more filled than its framework asks for a confirmation of those very numbers.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use chrono::{Datelike, NaiveDate};
use prongsai_domain::calendar::{be_from_gregorian, parse_date, FiscalYear};
use prongsai_domain::hr::{
    parse_count, ActionKind, Appointment, Hours, StaffType, Training, Warning, WorkforceRow,
    MAX_COURSE_CHARS, MAX_NAME_CHARS, MAX_ORDER_CHARS,
};
use prongsai_domain::measures::RoundPeriod;
use prongsai_domain::procurement::Money;
use prongsai_domain::{InputError, Lang};
use prongsai_store::hr::Stored;
use prongsai_store::{AgencyScope, StoreError};
use serde::Deserialize;

use super::{may_write, page, parse_id, parse_year, reader, report_href, writer, year_href};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::participation::errors_of;
use crate::view::{fmt_date, render, render_form, today, Errors, Page};

/// Form fields are cut here before anything else (the limits are far lower).
const MAX_FIELD_CHARS: usize = 20_000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/hr", get(index))
        .route("/hr/{year}", get(year_page))
        .route("/hr/{year}/{register}/new", get(new_form).post(create))
        .route(
            "/hr/{year}/{register}/{id}/edit",
            get(edit_form).post(update),
        )
        .route(
            "/hr/{year}/{register}/{id}/delete",
            get(delete_form).post(delete),
        )
}

/// The registers of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Register {
    Workforce,
    Appointments,
    Training,
}

impl Register {
    fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "workforce" => Ok(Self::Workforce),
            "appointments" => Ok(Self::Appointments),
            "training" => Ok(Self::Training),
            _ => Err(AppError::NotFound),
        }
    }
    fn code(self) -> &'static str {
        match self {
            Self::Workforce => "workforce",
            Self::Appointments => "appointments",
            Self::Training => "training",
        }
    }
    /// The i18n keys of the form's title (new, edit) and the delete page's.
    fn titles(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Workforce => ("hr.wf_new", "hr.wf_edit", "hr.wf_delete"),
            Self::Appointments => ("hr.ap_new", "hr.ap_edit", "hr.ap_delete"),
            Self::Training => ("hr.tr_new", "hr.tr_edit", "hr.tr_delete"),
        }
    }
}

fn get_field(map: &HashMap<String, String>, key: &str) -> String {
    map.get(key)
        .map(|v| v.chars().take(MAX_FIELD_CHARS).collect())
        .unwrap_or_default()
}

/// A date as forms show it: `15/3/2566` (read back by `parse_date`).
fn form_date(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.day(), d.month(), be_from_gregorian(d.year()))
}

/// A date typed in a form; the text shown again is the canonical one when it was read.
fn read_date(field: &'static str, text: &mut String) -> Result<NaiveDate, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InputError::new(
            field,
            "ยังไม่ได้กรอกวันที่ (เช่น 15/3/2566)",
            "The date is missing (e.g. 15/3/2566)",
        ));
    }
    let d = parse_date(t).map_err(|e| e.to_input_error(field))?;
    *text = form_date(d);
    Ok(d)
}

/// The hours as forms show them (`6` or `3.5`).
fn form_hours(h: Hours) -> String {
    h.format(prongsai_domain::calendar::Digits::Arabic)
}

/// Add the errors `found` of fields not already refused (a field that could not be read has
/// its message already).
fn merge(errors: &mut Vec<InputError>, found: Vec<InputError>) {
    let unread: BTreeSet<&str> = errors.iter().map(|e| e.field).collect();
    let keep: Vec<InputError> = found
        .into_iter()
        .filter(|e| !unread.contains(e.field))
        .collect();
    errors.extend(keep);
}

// ----- the form -----------------------------------------------------------------------------

/// An option of a select box.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A field of a register's form.
pub struct Field {
    pub name: &'static str,
    pub label: String,
    /// `text`, `select`, `checkbox`
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<Choice>,
    pub required: bool,
    pub max: usize,
    pub hint: String,
    pub inputmode: &'static str,
}

#[derive(Template)]
#[template(path = "hr/form.html")]
struct FormPage {
    page: Page,
    year: i32,
    heading: String,
    action: String,
    fields: Vec<Field>,
    errors: Errors,
    /// A warning to confirm, with the confirmation box's value.
    warning: Option<(String, String)>,
    confirm_checked: bool,
}

/// What a form was typed with (field name → text).
type Typed = HashMap<String, String>;

async fn unit_choices(
    st: &AppState,
    scope: &AgencyScope,
    lang: Lang,
    selected: &str,
) -> Result<Vec<Choice>, AppError> {
    let mut out = vec![Choice {
        value: String::new(),
        label: match lang {
            Lang::Th => "— ไม่ระบุ —".into(),
            Lang::En => "— none —".into(),
        },
        selected: selected.is_empty(),
    }];
    for u in st.store.list_units(scope).await? {
        out.push(Choice {
            value: u.id.to_string(),
            selected: u.id.to_string() == selected,
            label: crate::view::unit_name(&u, lang),
        });
    }
    Ok(out)
}

async fn fields_of(
    st: &AppState,
    staff: &Staff,
    register: Register,
    f: &Typed,
) -> Result<Vec<Field>, AppError> {
    let lang = staff.ctx.lang;
    let t = |k: &str| staff.ctx.t(k).to_string();
    let v = |k: &str| f.get(k).cloned().unwrap_or_default();
    let text = |name: &'static str, key: &str, required: bool, max: usize, hint: &str| Field {
        name,
        label: t(key),
        kind: "text",
        value: v(name),
        options: Vec::new(),
        required,
        max,
        hint: if hint.is_empty() {
            String::new()
        } else {
            t(hint)
        },
        inputmode: "text",
    };
    let number = |name: &'static str, key: &str, hint: &str| Field {
        inputmode: "decimal",
        ..text(name, key, true, 40, hint)
    };
    let select = |name: &'static str, key: &str, options: Vec<Choice>| Field {
        kind: "select",
        options,
        ..text(name, key, true, 0, "")
    };
    let units = unit_choices(st, &staff.scope()?, lang, v("unit").trim()).await?;
    let unit = Field {
        required: false,
        ..select("unit", "hr.f_unit", units)
    };
    Ok(match register {
        Register::Workforce => vec![
            select(
                "staff_type",
                "hr.f_staff_type",
                StaffType::ALL
                    .into_iter()
                    .map(|s| Choice {
                        value: s.code().into(),
                        label: s.label(lang).into(),
                        selected: s.code() == v("staff_type"),
                    })
                    .collect(),
            ),
            text("group", "hr.f_group", true, MAX_NAME_CHARS, "hr.group_hint"),
            unit,
            number("framework", "hr.f_framework", "hr.count_hint"),
            number("filled", "hr.f_filled", "hr.count_hint"),
        ],
        Register::Appointments => vec![
            text("person", "hr.f_person", true, MAX_NAME_CHARS, ""),
            text("position", "hr.f_position", true, MAX_NAME_CHARS, ""),
            select(
                "kind",
                "hr.f_kind",
                ActionKind::ALL
                    .into_iter()
                    .map(|k| Choice {
                        value: k.code().into(),
                        label: k.label(lang).into(),
                        selected: k.code() == v("kind"),
                    })
                    .collect(),
            ),
            unit,
            text("date", "hr.f_date", true, 40, "hr.date_hint"),
            text(
                "order_no",
                "hr.f_order",
                true,
                MAX_ORDER_CHARS,
                "hr.order_hint",
            ),
        ],
        Register::Training => vec![
            text("person", "hr.f_person", true, MAX_NAME_CHARS, ""),
            text("position", "hr.f_position", false, MAX_NAME_CHARS, ""),
            unit,
            text("course", "hr.f_course", true, MAX_COURSE_CHARS, ""),
            text("organiser", "hr.f_organiser", true, MAX_COURSE_CHARS, ""),
            text("start", "hr.f_start", true, 40, "hr.date_hint"),
            text("end", "hr.f_end", true, 40, "hr.date_hint"),
            number("hours", "hr.f_hours", "hr.hours_hint"),
            Field {
                required: false,
                ..number("cost", "hr.f_cost", "hr.cost_hint")
            },
            Field {
                kind: "checkbox",
                required: false,
                ..text("ethics", "hr.f_ethics", false, 0, "hr.ethics_hint")
            },
        ],
    })
}

#[allow(clippy::too_many_arguments)]
async fn form_view(
    st: &AppState,
    staff: &Staff,
    year: FiscalYear,
    register: Register,
    id: Option<i64>,
    f: Typed,
    errors: Vec<InputError>,
    warning: Option<(Warning, String)>,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let (new_key, edit_key, _) = register.titles();
    let title = if id.is_some() { edit_key } else { new_key };
    let confirm_checked = warning
        .as_ref()
        .is_some_and(|(_, v)| f.get("accept_over") == Some(v));
    let refused = !errors.is_empty() || (warning.is_some() && !confirm_checked);
    let action = match id {
        Some(i) => format!("/staff/hr/{}/{}/{i}/edit", year.be(), register.code()),
        None => format!("/staff/hr/{}/{}/new", year.be(), register.code()),
    };
    let fields = fields_of(st, staff, register, &f).await?;
    render_form(
        &FormPage {
            page: page(staff, title, year),
            year: year.be(),
            heading: staff.ctx.t(title).to_string(),
            action,
            fields,
            errors: errors_of(lang, &errors),
            warning: warning.map(|(w, v)| (w.message(lang), v)),
            confirm_checked,
        },
        refused,
    )
}

// ----- reading a form -----------------------------------------------------------------------

/// The workforce row typed, the problems and the warning with its confirmation value.
fn parse_workforce(f: &Typed) -> (WorkforceRow, Vec<InputError>, Option<(Warning, String)>) {
    let mut errors = Vec::new();
    let v = |k: &str| f.get(k).cloned().unwrap_or_default();
    let staff_type = StaffType::parse(&v("staff_type")).unwrap_or_else(|| {
        errors.push(InputError::new(
            "staff_type",
            "กรุณาเลือกประเภทบุคลากร",
            "Choose the staff type",
        ));
        StaffType::Official
    });
    let mut count = |field: &'static str| {
        parse_count(field, &v(field)).unwrap_or_else(|e| {
            errors.push(e);
            0
        })
    };
    let framework = count("framework");
    let filled = count("filled");
    let confirm = format!("{filled}:{framework}");
    let row = WorkforceRow {
        staff_type,
        group: v("group"),
        unit_id: crate::pages::opt_id(&v("unit")),
        framework,
        filled,
        accept_over: v("accept_over") == confirm,
    };
    let mut warning = None;
    match row.check() {
        Err(found) => merge(&mut errors, found),
        Ok((_, w)) => warning = w.into_iter().next().map(|w| (w, confirm)),
    }
    (row, errors, warning)
}

fn parse_appointment(year: FiscalYear, f: &mut Typed) -> (Appointment, Vec<InputError>) {
    let mut errors = Vec::new();
    let v = |f: &Typed, k: &str| f.get(k).cloned().unwrap_or_default();
    let kind = ActionKind::parse(&v(f, "kind")).unwrap_or_else(|| {
        errors.push(InputError::new(
            "kind",
            "กรุณาเลือกการดำเนินการ",
            "Choose the kind of action",
        ));
        ActionKind::Appoint
    });
    let mut date_text = v(f, "date");
    let date = read_date("date", &mut date_text).unwrap_or_else(|e| {
        errors.push(e);
        year.start()
    });
    f.insert("date".into(), date_text);
    let a = Appointment {
        fiscal_year: year,
        person: v(f, "person"),
        position: v(f, "position"),
        kind,
        unit_id: crate::pages::opt_id(&v(f, "unit")),
        date,
        order_no: v(f, "order_no"),
    };
    if let Err(found) = a.check() {
        merge(&mut errors, found);
    }
    (a, errors)
}

fn parse_training(year: FiscalYear, f: &mut Typed) -> (Training, Vec<InputError>) {
    let mut errors = Vec::new();
    let v = |f: &Typed, k: &str| f.get(k).cloned().unwrap_or_default();
    let mut day = |f: &mut Typed, field: &'static str| {
        let mut text = v(f, field);
        let d = read_date(field, &mut text);
        f.insert(field.into(), text);
        d.unwrap_or_else(|e| {
            errors.push(e);
            year.start()
        })
    };
    let start = day(f, "start");
    let end = day(f, "end");
    let hours = Hours::parse("hours", &v(f, "hours")).unwrap_or_else(|e| {
        errors.push(e);
        // stands in for the unreadable hours so the checks below do not repeat it
        Hours(1)
    });
    let cost = Money::parse_optional("cost", &v(f, "cost"))
        .unwrap_or_else(|e| {
            errors.push(e);
            None
        })
        .unwrap_or(Money::ZERO);
    let t = Training {
        fiscal_year: year,
        person: v(f, "person"),
        position: v(f, "position"),
        unit_id: crate::pages::opt_id(&v(f, "unit")),
        course: v(f, "course"),
        organiser: v(f, "organiser"),
        start,
        end,
        hours,
        cost,
        ethics: !v(f, "ethics").is_empty(),
    };
    if let Err(found) = t.check() {
        merge(&mut errors, found);
    }
    (t, errors)
}

/// The form of a stored row.
async fn typed_of(
    st: &AppState,
    scope: &AgencyScope,
    register: Register,
    year: FiscalYear,
    id: i64,
) -> Result<Typed, AppError> {
    let mut f = Typed::new();
    let mut set = |k: &str, v: String| {
        f.insert(k.into(), v);
    };
    let unit = |u: Option<i64>| u.map(|u| u.to_string()).unwrap_or_default();
    match register {
        Register::Workforce => {
            let (y, s) = st.store.hr_workforce(scope, id).await?;
            if y != year {
                return Err(AppError::NotFound);
            }
            let r = s.row;
            set("staff_type", r.staff_type.code().into());
            set("group", r.group);
            set("unit", unit(r.unit_id));
            set("framework", r.framework.to_string());
            set("filled", r.filled.to_string());
            if r.accept_over {
                set("accept_over", format!("{}:{}", r.filled, r.framework));
            }
        }
        Register::Appointments => {
            let a = st.store.hr_appointment(scope, id).await?.row;
            if a.fiscal_year != year {
                return Err(AppError::NotFound);
            }
            set("person", a.person);
            set("position", a.position);
            set("kind", a.kind.code().into());
            set("unit", unit(a.unit_id));
            set("date", form_date(a.date));
            set("order_no", a.order_no);
        }
        Register::Training => {
            let t = st.store.hr_training(scope, id).await?.row;
            if t.fiscal_year != year {
                return Err(AppError::NotFound);
            }
            set("person", t.person);
            set("position", t.position);
            set("unit", unit(t.unit_id));
            set("course", t.course);
            set("organiser", t.organiser);
            set("start", form_date(t.start));
            set("end", form_date(t.end));
            set("hours", form_hours(t.hours));
            set(
                "cost",
                t.cost.format(prongsai_domain::calendar::Digits::Arabic),
            );
            if t.ethics {
                set("ethics", "yes".into());
            }
        }
    }
    Ok(f)
}

// ----- handlers -----------------------------------------------------------------------------

/// `GET /staff/hr`: the current fiscal year.
pub async fn index(staff: Staff) -> Result<Response, AppError> {
    reader(&staff)?;
    Ok(Redirect::to(&year_href(FiscalYear::containing(today()))).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct FlashQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    deleted: Option<String>,
    /// How many training records an import has just added.
    #[serde(default)]
    imported: Option<usize>,
}

pub struct WorkforceLine {
    pub id: i64,
    pub staff_type: String,
    pub group: String,
    pub unit: String,
    pub framework: u32,
    pub filled: u32,
    pub vacant: u32,
    pub over: bool,
}

pub struct AppointmentLine {
    pub id: i64,
    pub date: String,
    pub person: String,
    pub position: String,
    pub kind: String,
    pub unit: String,
    pub order_no: String,
}

pub struct TrainingLine {
    pub id: i64,
    pub dates: String,
    pub person: String,
    pub unit: String,
    pub course: String,
    pub organiser: String,
    pub hours: String,
    pub cost: String,
    pub ethics: bool,
}

pub struct YearLink {
    pub be: i32,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "hr/year.html")]
struct YearPage {
    page: Page,
    year: i32,
    years: Vec<YearLink>,
    workforce: Vec<WorkforceLine>,
    wf_framework: u64,
    wf_filled: u64,
    wf_vacant: u64,
    appointments: Vec<AppointmentLine>,
    trainings: Vec<TrainingLine>,
    tr_hours: String,
    tr_cost: String,
    may_write: bool,
    half_href: String,
    year_href: String,
}

/// `GET /staff/hr/{year}`
pub async fn year_page(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<FlashQuery>,
) -> Result<Response, AppError> {
    let scope = reader(&staff)?;
    let year = parse_year(&year)?;
    let lang = staff.ctx.lang;
    let units: HashMap<i64, String> = st
        .store
        .list_units(&scope)
        .await?
        .into_iter()
        .map(|u| (u.id, crate::view::unit_name(&u, lang)))
        .collect();
    let unit = |u: Option<i64>| u.and_then(|u| units.get(&u).cloned()).unwrap_or_default();
    let wf = st.store.hr_workforce_of_year(&scope, year).await?;
    let aps = st.store.hr_appointments_of_year(&scope, year).await?;
    let trs = st.store.hr_trainings_of_year(&scope, year).await?;
    let mut years: BTreeSet<i32> = st
        .store
        .hr_years(&scope)
        .await?
        .into_iter()
        .map(FiscalYear::be)
        .collect();
    years.insert(FiscalYear::containing(today()).be());
    years.insert(year.be());
    let workforce: Vec<WorkforceLine> = wf
        .iter()
        .map(|s: &Stored<WorkforceRow>| WorkforceLine {
            id: s.id,
            staff_type: s.row.staff_type.label(lang).into(),
            group: s.row.group.clone(),
            unit: unit(s.row.unit_id),
            framework: s.row.framework,
            filled: s.row.filled,
            vacant: s.row.vacant(),
            over: s.row.filled > s.row.framework,
        })
        .collect();
    let flash = if q.saved.is_some() {
        Some("hr.saved")
    } else if q.deleted.is_some() {
        Some("hr.deleted")
    } else {
        None
    };
    let hours: u64 = trs.iter().map(|t| u64::from(t.row.hours.0)).sum();
    render(&YearPage {
        page: {
            let mut p = page(&staff, "hr.title", year).with_flash(flash);
            if let Some(n) = q.imported {
                p.flash = Some(p.t("hr.imported").replace("{n}", &n.to_string()));
            }
            p
        },
        year: year.be(),
        years: years
            .into_iter()
            .rev()
            .map(|be| YearLink {
                be,
                href: format!("/staff/hr/{be}"),
                current: be == year.be(),
            })
            .collect(),
        wf_framework: workforce.iter().map(|w| u64::from(w.framework)).sum(),
        wf_filled: workforce.iter().map(|w| u64::from(w.filled)).sum(),
        wf_vacant: workforce.iter().map(|w| u64::from(w.vacant)).sum(),
        workforce,
        appointments: aps
            .iter()
            .map(|s| AppointmentLine {
                id: s.id,
                date: fmt_date(lang, s.row.date),
                person: s.row.person.clone(),
                position: s.row.position.clone(),
                kind: s.row.kind.label(lang).into(),
                unit: unit(s.row.unit_id),
                order_no: s.row.order_no.clone(),
            })
            .collect(),
        tr_hours: prongsai_domain::hr::format_tenths(
            hours,
            prongsai_domain::calendar::Digits::Arabic,
        ),
        tr_cost: prongsai_domain::procurement::format_satang(
            Money::sum(trs.iter().map(|t| t.row.cost)),
            prongsai_domain::calendar::Digits::Arabic,
        ),
        trainings: trs
            .iter()
            .map(|s| TrainingLine {
                id: s.id,
                dates: if s.row.start == s.row.end {
                    fmt_date(lang, s.row.start)
                } else {
                    format!(
                        "{} – {}",
                        fmt_date(lang, s.row.start),
                        fmt_date(lang, s.row.end)
                    )
                },
                person: s.row.person.clone(),
                unit: unit(s.row.unit_id),
                course: s.row.course.clone(),
                organiser: s.row.organiser.clone(),
                hours: form_hours(s.row.hours),
                cost: s.row.cost.format(prongsai_domain::calendar::Digits::Arabic),
                ethics: s.row.ethics,
            })
            .collect(),
        may_write: may_write(&staff),
        half_href: report_href(year, RoundPeriod::Half),
        year_href: report_href(year, RoundPeriod::Year),
    })
}

/// `GET /staff/hr/{year}/{register}/new`
pub async fn new_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, register)): Path<(String, String)>,
) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = parse_year(&year)?;
    let register = Register::parse(&register)?;
    form_view(
        &st,
        &staff,
        year,
        register,
        None,
        Typed::new(),
        vec![],
        None,
    )
    .await
}

/// `GET /staff/hr/{year}/{register}/{id}/edit`
pub async fn edit_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, register, id)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let register = Register::parse(&register)?;
    let id = parse_id(&id)?;
    let f = typed_of(&st, &scope, register, year, id).await?;
    let warning = match register {
        Register::Workforce => parse_workforce(&f).2,
        _ => None,
    };
    form_view(&st, &staff, year, register, Some(id), f, vec![], warning).await
}

async fn save(
    st: AppState,
    staff: Staff,
    year: FiscalYear,
    register: Register,
    id: Option<i64>,
    map: HashMap<String, String>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let actor = staff.actor();
    let mut f: Typed = map
        .keys()
        .filter(|k| k.as_str() != "csrf")
        .map(|k| (k.clone(), get_field(&map, k)))
        .collect();
    let s = &st.store;
    let saved: Result<(), StoreError> = match register {
        Register::Workforce => {
            let (row, errors, warning) = parse_workforce(&f);
            let unconfirmed = warning.is_some() && !row.accept_over;
            if !errors.is_empty() || unconfirmed {
                return form_view(&st, &staff, year, register, id, f, errors, warning).await;
            }
            match id {
                Some(id) => s.update_hr_workforce(&scope, &actor, id, &row).await,
                None => s.create_hr_workforce(&scope, &actor, year, &row).await,
            }
            .map(|_| ())
        }
        Register::Appointments => {
            let (a, errors) = parse_appointment(year, &mut f);
            if !errors.is_empty() {
                return form_view(&st, &staff, year, register, id, f, errors, None).await;
            }
            match id {
                Some(id) => s.update_hr_appointment(&scope, &actor, id, &a).await,
                None => s.create_hr_appointment(&scope, &actor, &a).await,
            }
            .map(|_| ())
        }
        Register::Training => {
            let (t, errors) = parse_training(year, &mut f);
            if !errors.is_empty() {
                return form_view(&st, &staff, year, register, id, f, errors, None).await;
            }
            match id {
                Some(id) => s.update_hr_training(&scope, &actor, id, &t).await,
                None => s.create_hr_training(&scope, &actor, &t).await,
            }
            .map(|_| ())
        }
    };
    match saved {
        Ok(()) => Ok(
            Redirect::to(&format!("{}?saved=1#{}", year_href(year), register.code()))
                .into_response(),
        ),
        Err(StoreError::Input(e)) => {
            let warning = match register {
                Register::Workforce => parse_workforce(&f).2,
                _ => None,
            };
            form_view(&st, &staff, year, register, id, f, vec![e], warning).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/hr/{year}/{register}/new`
pub async fn create(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, register)): Path<(String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = parse_year(&year)?;
    let register = Register::parse(&register)?;
    save(st, staff, year, register, None, map).await
}

/// `POST /staff/hr/{year}/{register}/{id}/edit`
pub async fn update(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, register, id)): Path<(String, String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let register = Register::parse(&register)?;
    let id = parse_id(&id)?;
    // the row must be the agency's, of this year
    typed_of(&st, &scope, register, year, id).await?;
    save(st, staff, year, register, Some(id), map).await
}

// ----- deleting -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "hr/delete.html")]
struct DeletePage {
    page: Page,
    year: i32,
    register: &'static str,
    id: i64,
    heading: String,
    facts: Vec<(String, String)>,
    errors: Errors,
}

async fn delete_view(
    st: &AppState,
    staff: &Staff,
    year: FiscalYear,
    register: Register,
    id: i64,
    errors: Vec<InputError>,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let f = typed_of(st, &scope, register, year, id).await?;
    let fields = fields_of(st, staff, register, &f).await?;
    let facts = fields
        .into_iter()
        .filter(|x| x.kind != "checkbox")
        .map(|x| {
            let value = if x.kind == "select" {
                x.options
                    .iter()
                    .find(|o| o.selected && !o.value.is_empty())
                    .map(|o| o.label.clone())
                    .unwrap_or_default()
            } else {
                x.value
            };
            (x.label, value)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let (_, _, key) = register.titles();
    let refused = !errors.is_empty();
    render_form(
        &DeletePage {
            page: page(staff, key, year),
            year: year.be(),
            register: register.code(),
            id,
            heading: staff.ctx.t(key).to_string(),
            facts,
            errors: errors_of(staff.ctx.lang, &errors),
        },
        refused,
    )
}

/// `GET /staff/hr/{year}/{register}/{id}/delete`: what is about to be deleted, and the button.
pub async fn delete_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, register, id)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = parse_year(&year)?;
    let register = Register::parse(&register)?;
    let id = parse_id(&id)?;
    delete_view(&st, &staff, year, register, id, vec![]).await
}

/// `POST /staff/hr/{year}/{register}/{id}/delete`: deletes when `confirm=yes`.
pub async fn delete(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, register, id)): Path<(String, String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let register = Register::parse(&register)?;
    let id = parse_id(&id)?;
    // the row must be the agency's, of this year
    typed_of(&st, &scope, register, year, id).await?;
    if map.get("confirm").map(String::as_str) != Some("yes") {
        return delete_view(&st, &staff, year, register, id, vec![]).await;
    }
    let actor = staff.actor();
    let r = match register {
        Register::Workforce => st.store.delete_hr_workforce(&scope, &actor, id).await,
        Register::Appointments => st.store.delete_hr_appointment(&scope, &actor, id).await,
        Register::Training => st.store.delete_hr_training(&scope, &actor, id).await,
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}?deleted=1#{}",
            year_href(year),
            register.code()
        ))
        .into_response()),
        Err(StoreError::Input(e)) => delete_view(&st, &staff, year, register, id, vec![e]).await,
        Err(e) => Err(e.into()),
    }
}

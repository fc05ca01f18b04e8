//! Monitoring the measures: where every step stands against today, for the whole agency, per
//! unit and per measure (indicator); each user's own steps and in-app reminders before due
//! dates (shown on the dashboard); and the fiscal year as a calendar of deadlines.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use prongsai_domain::calendar::{month_name_en, month_name_th, FiscalYear};
use prongsai_domain::measures::{Standing, StepStatus, Tally};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;

use super::{clip, standing_class, year_of};
use crate::app::AppState;
use crate::ctx::Staff;
use crate::error::AppError;
use crate::view::{fmt_date, today, Page};

/// A step (or schedule line) in a list.
pub struct StepItem {
    pub line_id: i64,
    pub measure_no: usize,
    pub text: String,
    pub due: String,
    pub state: &'static str,
    pub state_label: String,
    pub owner: String,
}

pub struct UnitRow {
    pub name: String,
    pub tally: Tally,
}

pub struct IndicatorRow {
    pub no: usize,
    pub title: String,
    pub tally: Tally,
}

/// The measures of one year as the dashboard shows them.
pub struct Monitor {
    pub be: i32,
    pub tally: Tally,
    pub units: Vec<UnitRow>,
    pub indicators: Vec<IndicatorRow>,
    /// Unit staff: their unit's open steps; others: every late step.
    pub mine: Vec<StepItem>,
    /// Open steps due within the reminder window (unit staff: their unit's).
    pub reminders: Vec<StepItem>,
    /// Whether `mine` is the user's unit's list (else the whole agency's late steps).
    pub own_unit: bool,
}

/// A tracked line with its standing, for lists and the calendar.
struct Tracked {
    item: StepItem,
    status: StepStatus,
    standing: Standing,
    due: Option<chrono::NaiveDate>,
    owner_unit: Option<i64>,
}

async fn tracked_lines(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    units: &[prongsai_store::tenancy::Unit],
) -> Result<(Vec<Tracked>, Vec<IndicatorRow>), AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let now = today();
    let measures = st.measures.get(&st.store, &scope, fy).await?;
    let mut out = Vec::new();
    let mut indicators = Vec::new();
    for (i, (_, lines)) in measures.iter().enumerate() {
        let mut tally = Tally::default();
        let title = lines
            .iter()
            .find(|l| l.column_kind == "issue")
            .map(|l| clip(&l.text, 120))
            .unwrap_or_default();
        for l in lines
            .iter()
            .filter(|l| l.column_kind == "step" || l.column_kind == "schedule")
        {
            let status = StepStatus::parse(&l.status).unwrap_or(StepStatus::NotStarted);
            let standing = tally.add(status, l.due_end, now);
            let (state, key) = standing_class(standing);
            out.push(Tracked {
                item: StepItem {
                    line_id: l.id,
                    measure_no: i + 1,
                    text: clip(&l.display(), 160),
                    due: l.due_end.map(|d| fmt_date(lang, d)).unwrap_or_default(),
                    state,
                    state_label: if key.is_empty() {
                        String::new()
                    } else {
                        staff.ctx.t(key).to_string()
                    },
                    owner: l
                        .owner_unit_id
                        .and_then(|id| units.iter().find(|u| u.id == id))
                        .map(|u| crate::view::unit_name(u, lang))
                        .unwrap_or_default(),
                },
                status,
                standing,
                due: l.due_end,
                owner_unit: l.owner_unit_id,
            });
        }
        indicators.push(IndicatorRow {
            no: i + 1,
            title,
            tally,
        });
    }
    Ok((out, indicators))
}

/// The dashboard's view of the measures: the current fiscal year's, or else the newest year
/// that has measures. None when the agency has none.
pub async fn monitor(st: &AppState, staff: &Staff) -> Result<Option<Monitor>, AppError> {
    let scope = staff.scope()?;
    let current = FiscalYear::containing(today());
    let years = st.store.measure_years(&scope).await?;
    let be = if years.contains(&current.be()) {
        current.be()
    } else {
        match years.first() {
            Some(y) => *y,
            None => return Ok(None),
        }
    };
    let fy = FiscalYear::new(be).map_err(|_| AppError::NotFound)?;
    let units = st.store.list_units(&scope).await?;
    let (lines, indicators) = tracked_lines(st, staff, fy, &units).await?;
    let mut tally = Tally::default();
    let now = today();
    let mut unit_rows: Vec<UnitRow> = units
        .iter()
        .map(|u| UnitRow {
            name: crate::view::unit_name(u, staff.ctx.lang),
            tally: Tally::default(),
        })
        .collect();
    let mut unassigned = Tally::default();
    let mut mine = Vec::new();
    let mut reminders = Vec::new();
    let role = staff.user.role();
    let own_unit = !role.allows(Permission::ManageAssessment)
        && !role.allows(Permission::AcknowledgeReports)
        && staff.user.unit_id.is_some();
    let mut order: Vec<&Tracked> = lines.iter().collect();
    order.sort_by_key(|t| t.due.unwrap_or(chrono::NaiveDate::MAX));
    for t in &lines {
        tally.add(t.status, t.due, now);
        match units.iter().position(|u| Some(u.id) == t.owner_unit) {
            Some(i) => unit_rows[i].tally.add(t.status, t.due, now),
            None => unassigned.add(t.status, t.due, now),
        };
    }
    for t in order {
        let open = !matches!(t.standing, Standing::Done | Standing::Cancelled);
        let visible = !own_unit || t.owner_unit == staff.user.unit_id;
        if !open || !visible {
            continue;
        }
        let copy = || StepItem {
            line_id: t.item.line_id,
            measure_no: t.item.measure_no,
            text: t.item.text.clone(),
            due: t.item.due.clone(),
            state: t.item.state,
            state_label: t.item.state_label.clone(),
            owner: t.item.owner.clone(),
        };
        if t.standing == Standing::DueSoon {
            reminders.push(copy());
        }
        if own_unit || t.standing == Standing::Late {
            mine.push(copy());
        }
    }
    if unassigned.total > 0 {
        unit_rows.push(UnitRow {
            name: staff.ctx.t("ms.unassigned").to_string(),
            tally: unassigned,
        });
    }
    unit_rows.retain(|u| u.tally.total > 0);
    Ok(Some(Monitor {
        be,
        tally,
        units: unit_rows,
        indicators,
        mine,
        reminders,
        own_unit,
    }))
}

pub struct MonthView {
    pub label: String,
    pub current: bool,
    pub items: Vec<StepItem>,
}

#[derive(Template)]
#[template(path = "measures/calendar.html")]
struct CalendarPage {
    page: Page,
    be: i32,
    months: Vec<MonthView>,
    no_date: Vec<StepItem>,
    outside: Vec<StepItem>,
}

/// `/staff/measures/{year}/calendar`: each month of the fiscal year with the deadlines in it.
pub async fn calendar(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let fy = year_of(&year)?;
    let lang = staff.ctx.lang;
    let units = st.store.list_units(&staff.scope()?).await?;
    let (lines, _) = tracked_lines(&st, &staff, fy, &units).await?;
    let now = today();
    let mut months: Vec<MonthView> = fy
        .months()
        .iter()
        .map(|m| MonthView {
            label: match lang {
                Lang::Th => format!(
                    "{} {}",
                    month_name_th(m.month()),
                    prongsai_domain::calendar::be_from_gregorian(m.year())
                ),
                Lang::En => format!("{} {}", month_name_en(m.month()), m.year()),
            },
            current: m.contains(now),
            items: vec![],
        })
        .collect();
    let mut no_date = Vec::new();
    let mut outside = Vec::new();
    let mut sorted: Vec<Tracked> = lines;
    sorted.sort_by_key(|t| t.due.unwrap_or(chrono::NaiveDate::MAX));
    for t in sorted {
        match t.due {
            None => no_date.push(t.item),
            Some(d) => match fy.months().iter().position(|m| m.contains(d)) {
                Some(i) => months[i].items.push(t.item),
                None => outside.push(t.item),
            },
        }
    }
    let mut page = Page::staff(&staff, "ms.calendar", "/staff/measures");
    page.title = format!("{} {}", page.title, fy.be());
    crate::view::render(&CalendarPage {
        page,
        be: fy.be(),
        months,
        no_date,
        outside,
    })
}

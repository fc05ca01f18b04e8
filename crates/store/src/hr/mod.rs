//! Human resources (บริหารทรัพยากรบุคคล): the workforce plan's position groups of a fiscal year,
//! the appointments, the training records, and the HR officer's text of the six-month and the
//! annual report; the report itself is built here from them ([`HrReport::build`]) and signed
//! off through [`crate::signoff`] (kind [`SIGN_KIND`], period half or year).
//!
//! The rules live in `domain::hr`; this module keeps the rows.
//!
//! * Every write is checked with the domain's validation first (a workforce row with more
//!   filled than its framework is refused unless explicitly accepted), its unit must be one of
//!   the agency's, and it is one transaction with one audit entry.
//! * **Frozen after sign-off.** Inside every write, [`check_editable`] refuses a change to a
//!   year whose annual report is submitted or signed (until a new version is opened), and to a
//!   row dated in the first half (1 October – 31 March: appointments by their day, training by
//!   its first day) while the six-month report is. The workforce plan is a figure of the year:
//!   only the annual report freezes it. Each period's text is frozen by its own report.

pub mod demo;
pub mod entities;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::hr::{
    ActionKind, Appointment, Hours, HrReport, Notes, StaffType, Training, WorkforceRow, SIGN_KIND,
};
use prongsai_domain::measures::RoundPeriod;
use prongsai_domain::procurement::Money;
use prongsai_domain::tenancy::parse_text;
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::signoff::{check_editable, SignKey};
use crate::{find_in_scope, Actor, AgencyScope, Result, Store, StoreError};
use entities::{hr_appointment, hr_report_notes, hr_training, hr_workforce};

/// The most characters of each part of the officer's text.
pub const MAX_NOTES_CHARS: usize = 10_000;

/// A stored row with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stored<T> {
    pub id: i64,
    pub row: T,
    pub updated_at: DateTime<Utc>,
}

/// The officer's text of a report and when it was last saved (`None`: never written).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StoredNotes {
    pub notes: Notes,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The sign-off key of a year's report of `period`.
pub fn sign_key(year: FiscalYear, period: RoundPeriod) -> SignKey<'static> {
    SignKey {
        kind: SIGN_KIND,
        year,
        period,
    }
}

fn first_error(errors: Vec<InputError>) -> StoreError {
    errors
        .into_iter()
        .next()
        .map(StoreError::Input)
        .unwrap_or_else(|| StoreError::Other("refused without a reason".into()))
}

fn corrupt(what: &str, table: &str, id: i64) -> StoreError {
    StoreError::Other(format!("stored {what} of {table} {id} cannot be read"))
}

fn fiscal(be: i32, table: &str, id: i64) -> Result<FiscalYear> {
    FiscalYear::new(be).map_err(|_| corrupt("fiscal year", table, id))
}

/// Refuse a change to a row of `year` (dated `dated`, if it is) while a report that contains
/// it is submitted or signed: the year's report always, the six-month report for a row dated
/// in its span.
async fn check_signed<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    year: FiscalYear,
    dated: Option<NaiveDate>,
) -> Result<()> {
    check_editable(c, scope, sign_key(year, RoundPeriod::Year)).await?;
    if let Some(d) = dated {
        if RoundPeriod::Half.period(year).contains(d) {
            check_editable(c, scope, sign_key(year, RoundPeriod::Half)).await?;
        }
    }
    Ok(())
}

fn count(n: i32, table: &str, id: i64) -> Result<u32> {
    u32::try_from(n).map_err(|_| corrupt("number", table, id))
}

fn to_workforce(m: hr_workforce::Model) -> Result<(FiscalYear, Stored<WorkforceRow>)> {
    let t = "hr_workforce";
    let id = m.id;
    Ok((
        fiscal(m.fiscal_year, t, id)?,
        Stored {
            id,
            row: WorkforceRow {
                staff_type: StaffType::parse(&m.staff_type)
                    .ok_or_else(|| corrupt("staff type", t, id))?,
                group: m.group_name,
                unit_id: m.unit_id,
                framework: count(m.framework, t, id)?,
                filled: count(m.filled, t, id)?,
                accept_over: m.accept_over,
            },
            updated_at: m.updated_at,
        },
    ))
}

fn to_appointment(m: hr_appointment::Model) -> Result<Stored<Appointment>> {
    let t = "hr_appointment";
    let id = m.id;
    Ok(Stored {
        id,
        row: Appointment {
            fiscal_year: fiscal(m.fiscal_year, t, id)?,
            person: m.person,
            position: m.position,
            kind: ActionKind::parse(&m.kind).ok_or_else(|| corrupt("kind", t, id))?,
            unit_id: m.unit_id,
            date: m.action_date,
            order_no: m.order_no,
        },
        updated_at: m.updated_at,
    })
}

fn to_training(m: hr_training::Model) -> Result<Stored<Training>> {
    let t = "hr_training";
    let id = m.id;
    Ok(Stored {
        id,
        row: Training {
            fiscal_year: fiscal(m.fiscal_year, t, id)?,
            person: m.person,
            position: m.position,
            unit_id: m.unit_id,
            course: m.course,
            organiser: m.organiser,
            start: m.start_date,
            end: m.end_date,
            hours: Hours(count(m.hours_tenths, t, id)?),
            cost: Money::from_satang(m.cost).ok_or_else(|| corrupt("cost", t, id))?,
            ethics: m.ethics,
        },
        updated_at: m.updated_at,
    })
}

fn apply_workforce(am: &mut hr_workforce::ActiveModel, r: &WorkforceRow) {
    am.staff_type = Set(r.staff_type.code().to_owned());
    am.group_name = Set(r.group.clone());
    am.unit_id = Set(r.unit_id);
    am.framework = Set(r.framework as i32);
    am.filled = Set(r.filled as i32);
    am.accept_over = Set(r.accept_over);
}

fn apply_appointment(am: &mut hr_appointment::ActiveModel, a: &Appointment) {
    am.fiscal_year = Set(a.fiscal_year.be());
    am.person = Set(a.person.clone());
    am.position = Set(a.position.clone());
    am.kind = Set(a.kind.code().to_owned());
    am.unit_id = Set(a.unit_id);
    am.action_date = Set(a.date);
    am.order_no = Set(a.order_no.clone());
}

fn apply_training(am: &mut hr_training::ActiveModel, t: &Training) {
    am.fiscal_year = Set(t.fiscal_year.be());
    am.person = Set(t.person.clone());
    am.position = Set(t.position.clone());
    am.unit_id = Set(t.unit_id);
    am.course = Set(t.course.clone());
    am.organiser = Set(t.organiser.clone());
    am.start_date = Set(t.start);
    am.end_date = Set(t.end);
    am.hours_tenths = Set(t.hours.0 as i32);
    am.cost = Set(t.cost.satang());
    am.ethics = Set(t.ethics);
}

/// A text box's content: line ends made `\n`, trimmed; empty is allowed.
fn clean_notes(field: &'static str, input: &str) -> std::result::Result<String, InputError> {
    let s = input.replace("\r\n", "\n").replace('\r', "\n");
    if s.trim().is_empty() {
        return Ok(String::new());
    }
    parse_text(field, &s, MAX_NOTES_CHARS)
}

fn rows<T>(v: Vec<Stored<T>>) -> Vec<T> {
    v.into_iter().map(|s| s.row).collect()
}

impl Store {
    // ----- the workforce plan ---------------------------------------------------------------

    /// Add a position group to the workforce plan of `year`.
    pub async fn create_hr_workforce(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        row: &WorkforceRow,
    ) -> Result<Stored<WorkforceRow>> {
        let r = row.validate().map_err(first_error)?;
        let mut w = self.write(scope, actor).await?;
        check_signed(&w.txn, scope, year, None).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit", r.unit_id).await?;
        let now = Utc::now();
        let mut am = hr_workforce::ActiveModel {
            agency_id: Set(scope.agency_id()),
            fiscal_year: Set(year.be()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply_workforce(&mut am, &r);
        let m = am.insert(&w.txn).await?;
        w.audit(
            "hr_workforce",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        Ok(to_workforce(m)?.1)
    }

    /// Change a position group (its year stays).
    pub async fn update_hr_workforce(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        row: &WorkforceRow,
    ) -> Result<Stored<WorkforceRow>> {
        let r = row.validate().map_err(first_error)?;
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<hr_workforce::Entity, _>(
            &w.txn,
            scope,
            hr_workforce::Column::AgencyId,
            id,
        )
        .await?;
        let year = fiscal(before.fiscal_year, "hr_workforce", id)?;
        check_signed(&w.txn, scope, year, None).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit", r.unit_id).await?;
        let mut am = before.clone().into_active_model();
        apply_workforce(&mut am, &r);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "hr_workforce",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(to_workforce(after)?.1)
    }

    pub async fn delete_hr_workforce(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<hr_workforce::Entity, _>(
            &w.txn,
            scope,
            hr_workforce::Column::AgencyId,
            id,
        )
        .await?;
        let year = fiscal(before.fiscal_year, "hr_workforce", id)?;
        check_signed(&w.txn, scope, year, None).await?;
        hr_workforce::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.audit(
            "hr_workforce",
            Some(id.to_string()),
            "delete",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await
    }

    /// One position group of the agency, with its fiscal year.
    pub async fn hr_workforce(
        &self,
        scope: &AgencyScope,
        id: i64,
    ) -> Result<(FiscalYear, Stored<WorkforceRow>)> {
        to_workforce(
            find_in_scope::<hr_workforce::Entity, _>(
                &self.db,
                scope,
                hr_workforce::Column::AgencyId,
                id,
            )
            .await?,
        )
    }

    /// The workforce plan of `year`, in the order the rows were added.
    pub async fn hr_workforce_of_year(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<Stored<WorkforceRow>>> {
        hr_workforce::Entity::find()
            .filter(hr_workforce::Column::AgencyId.eq(scope.agency_id()))
            .filter(hr_workforce::Column::FiscalYear.eq(year.be()))
            .order_by_asc(hr_workforce::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| to_workforce(m).map(|(_, s)| s))
            .collect()
    }

    // ----- appointments -----------------------------------------------------------------------

    pub async fn create_hr_appointment(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        a: &Appointment,
    ) -> Result<Stored<Appointment>> {
        let a = a.check().map_err(first_error)?;
        let mut w = self.write(scope, actor).await?;
        check_signed(&w.txn, scope, a.fiscal_year, Some(a.date)).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit", a.unit_id).await?;
        let now = Utc::now();
        let mut am = hr_appointment::ActiveModel {
            agency_id: Set(scope.agency_id()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply_appointment(&mut am, &a);
        let m = am.insert(&w.txn).await?;
        w.audit(
            "hr_appointment",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        to_appointment(m)
    }

    pub async fn update_hr_appointment(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        a: &Appointment,
    ) -> Result<Stored<Appointment>> {
        let a = a.check().map_err(first_error)?;
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<hr_appointment::Entity, _>(
            &w.txn,
            scope,
            hr_appointment::Column::AgencyId,
            id,
        )
        .await?;
        let old = to_appointment(before.clone())?.row;
        check_signed(&w.txn, scope, old.fiscal_year, Some(old.date)).await?;
        check_signed(&w.txn, scope, a.fiscal_year, Some(a.date)).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit", a.unit_id).await?;
        let mut am = before.clone().into_active_model();
        apply_appointment(&mut am, &a);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "hr_appointment",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_appointment(after)
    }

    pub async fn delete_hr_appointment(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<hr_appointment::Entity, _>(
            &w.txn,
            scope,
            hr_appointment::Column::AgencyId,
            id,
        )
        .await?;
        let old = to_appointment(before.clone())?.row;
        check_signed(&w.txn, scope, old.fiscal_year, Some(old.date)).await?;
        hr_appointment::Entity::delete_by_id(id)
            .exec(&w.txn)
            .await?;
        w.audit(
            "hr_appointment",
            Some(id.to_string()),
            "delete",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await
    }

    pub async fn hr_appointment(
        &self,
        scope: &AgencyScope,
        id: i64,
    ) -> Result<Stored<Appointment>> {
        to_appointment(
            find_in_scope::<hr_appointment::Entity, _>(
                &self.db,
                scope,
                hr_appointment::Column::AgencyId,
                id,
            )
            .await?,
        )
    }

    /// The appointments of `year`, by day then id.
    pub async fn hr_appointments_of_year(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<Stored<Appointment>>> {
        hr_appointment::Entity::find()
            .filter(hr_appointment::Column::AgencyId.eq(scope.agency_id()))
            .filter(hr_appointment::Column::FiscalYear.eq(year.be()))
            .order_by_asc(hr_appointment::Column::ActionDate)
            .order_by_asc(hr_appointment::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_appointment)
            .collect()
    }

    // ----- training ---------------------------------------------------------------------------

    pub async fn create_hr_training(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        t: &Training,
    ) -> Result<Stored<Training>> {
        let t = t.check().map_err(first_error)?;
        let mut w = self.write(scope, actor).await?;
        check_signed(&w.txn, scope, t.fiscal_year, Some(t.start)).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit", t.unit_id).await?;
        let now = Utc::now();
        let mut am = hr_training::ActiveModel {
            agency_id: Set(scope.agency_id()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply_training(&mut am, &t);
        let m = am.insert(&w.txn).await?;
        w.audit(
            "hr_training",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        to_training(m)
    }

    pub async fn update_hr_training(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        t: &Training,
    ) -> Result<Stored<Training>> {
        let t = t.check().map_err(first_error)?;
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<hr_training::Entity, _>(
            &w.txn,
            scope,
            hr_training::Column::AgencyId,
            id,
        )
        .await?;
        let old = to_training(before.clone())?.row;
        check_signed(&w.txn, scope, old.fiscal_year, Some(old.start)).await?;
        check_signed(&w.txn, scope, t.fiscal_year, Some(t.start)).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit", t.unit_id).await?;
        let mut am = before.clone().into_active_model();
        apply_training(&mut am, &t);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "hr_training",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_training(after)
    }

    pub async fn delete_hr_training(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<hr_training::Entity, _>(
            &w.txn,
            scope,
            hr_training::Column::AgencyId,
            id,
        )
        .await?;
        let old = to_training(before.clone())?.row;
        check_signed(&w.txn, scope, old.fiscal_year, Some(old.start)).await?;
        hr_training::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.audit(
            "hr_training",
            Some(id.to_string()),
            "delete",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await
    }

    /// Add the training records of an imported file in one transaction with one audit entry:
    /// all of them, or (the first problem, named with its position) none.
    pub async fn import_hr_trainings(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        rows: &[Training],
    ) -> Result<usize> {
        let checked: Vec<Training> =
            rows.iter()
                .enumerate()
                .map(|(i, t)| {
                    t.check().map_err(|errors| {
                        let e = errors.into_iter().next().unwrap_or_else(|| {
                            InputError::new("rows", "รายการไม่ถูกต้อง", "Invalid row")
                        });
                        StoreError::Input(InputError::new(
                            e.field,
                            format!("รายการที่ {}: {}", i + 1, e.th),
                            format!("Row {}: {}", i + 1, e.en),
                        ))
                    })
                })
                .collect::<Result<_>>()?;
        let mut w = self.write(scope, actor).await?;
        let now = Utc::now();
        let mut ids = Vec::with_capacity(checked.len());
        for t in &checked {
            check_signed(&w.txn, scope, t.fiscal_year, Some(t.start)).await?;
            crate::tenancy::check_unit(&w.txn, scope, "unit", t.unit_id).await?;
            let mut am = hr_training::ActiveModel {
                agency_id: Set(scope.agency_id()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            apply_training(&mut am, t);
            ids.push(am.insert(&w.txn).await?.id);
        }
        w.audit(
            "hr_training",
            None,
            "import",
            None::<&()>,
            Some(&serde_json::json!({ "ids": ids, "rows": checked })),
        )
        .await?;
        w.commit().await?;
        Ok(ids.len())
    }

    pub async fn hr_training(&self, scope: &AgencyScope, id: i64) -> Result<Stored<Training>> {
        to_training(
            find_in_scope::<hr_training::Entity, _>(
                &self.db,
                scope,
                hr_training::Column::AgencyId,
                id,
            )
            .await?,
        )
    }

    /// The training records of `year`, by first day then id.
    pub async fn hr_trainings_of_year(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<Stored<Training>>> {
        hr_training::Entity::find()
            .filter(hr_training::Column::AgencyId.eq(scope.agency_id()))
            .filter(hr_training::Column::FiscalYear.eq(year.be()))
            .order_by_asc(hr_training::Column::StartDate)
            .order_by_asc(hr_training::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_training)
            .collect()
    }

    // ----- the report -------------------------------------------------------------------------

    /// The officer's text of the report of `period` of `year` (empty when never written).
    pub async fn hr_report_notes(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        period: RoundPeriod,
    ) -> Result<StoredNotes> {
        let m = hr_report_notes::Entity::find()
            .filter(hr_report_notes::Column::AgencyId.eq(scope.agency_id()))
            .filter(hr_report_notes::Column::FiscalYear.eq(year.be()))
            .filter(hr_report_notes::Column::Period.eq(period.code()))
            .one(&self.db)
            .await?;
        Ok(m.map(|m| StoredNotes {
            notes: Notes {
                results: m.results,
                problems: m.problems,
                improvements: m.improvements,
            },
            updated_at: Some(m.updated_at),
        })
        .unwrap_or_default())
    }

    /// Save the officer's text of a report (replacing what was there). Text longer than
    /// [`MAX_NOTES_CHARS`] or with control characters is refused, and so is any change while
    /// that report is submitted or signed; nothing changes then.
    pub async fn save_hr_report_notes(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        period: RoundPeriod,
        notes: &Notes,
    ) -> Result<StoredNotes> {
        let results = clean_notes("results", &notes.results).map_err(StoreError::Input)?;
        let problems = clean_notes("problems", &notes.problems).map_err(StoreError::Input)?;
        let improvements =
            clean_notes("improvements", &notes.improvements).map_err(StoreError::Input)?;
        let mut w = self.write(scope, actor).await?;
        check_editable(&w.txn, scope, sign_key(year, period)).await?;
        let before = hr_report_notes::Entity::find()
            .filter(hr_report_notes::Column::AgencyId.eq(scope.agency_id()))
            .filter(hr_report_notes::Column::FiscalYear.eq(year.be()))
            .filter(hr_report_notes::Column::Period.eq(period.code()))
            .one(&w.txn)
            .await?;
        let now = Utc::now();
        let after = match before.clone() {
            Some(m) => {
                let mut a: hr_report_notes::ActiveModel = m.into();
                a.results = Set(results);
                a.problems = Set(problems);
                a.improvements = Set(improvements);
                a.updated_at = Set(now);
                a.update(&w.txn).await?
            }
            None => {
                hr_report_notes::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    fiscal_year: Set(year.be()),
                    period: Set(period.code().to_owned()),
                    results: Set(results),
                    problems: Set(problems),
                    improvements: Set(improvements),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?
            }
        };
        w.audit(
            "hr_report_notes",
            Some(after.id.to_string()),
            if before.is_some() { "update" } else { "create" },
            before.as_ref(),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(StoredNotes {
            notes: Notes {
                results: after.results,
                problems: after.problems,
                improvements: after.improvements,
            },
            updated_at: Some(after.updated_at),
        })
    }

    /// The report of `period` of `year` as it stands now (what submitting would freeze): the
    /// rows of the period with the units by their Thai names, and the officer's text.
    pub async fn hr_report(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        period: RoundPeriod,
    ) -> Result<HrReport> {
        let units: HashMap<i64, String> = self
            .list_units(scope)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name_th))
            .collect();
        let workforce: Vec<WorkforceRow> = rows(self.hr_workforce_of_year(scope, year).await?);
        let appointments: Vec<Appointment> = rows(self.hr_appointments_of_year(scope, year).await?);
        let trainings: Vec<Training> = rows(self.hr_trainings_of_year(scope, year).await?);
        let notes = self.hr_report_notes(scope, year, period).await?.notes;
        Ok(HrReport::build(
            year,
            period,
            |u| u.and_then(|id| units.get(&id).cloned()).unwrap_or_default(),
            &workforce,
            &appointments,
            &trainings,
            notes,
        ))
    }

    /// The fiscal years the agency has HR rows of, newest first.
    pub async fn hr_years(&self, scope: &AgencyScope) -> Result<Vec<FiscalYear>> {
        let a = scope.agency_id();
        let mut years: Vec<i32> = hr_workforce::Entity::find()
            .select_only()
            .column(hr_workforce::Column::FiscalYear)
            .distinct()
            .filter(hr_workforce::Column::AgencyId.eq(a))
            .into_tuple()
            .all(&self.db)
            .await?;
        let more: Vec<i32> = hr_appointment::Entity::find()
            .select_only()
            .column(hr_appointment::Column::FiscalYear)
            .distinct()
            .filter(hr_appointment::Column::AgencyId.eq(a))
            .into_tuple()
            .all(&self.db)
            .await?;
        years.extend(more);
        let more: Vec<i32> = hr_training::Entity::find()
            .select_only()
            .column(hr_training::Column::FiscalYear)
            .distinct()
            .filter(hr_training::Column::AgencyId.eq(a))
            .into_tuple()
            .all(&self.db)
            .await?;
        years.extend(more);
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Ok(years
            .into_iter()
            .filter_map(|y| FiscalYear::new(y).ok())
            .collect())
    }
}

#[cfg(test)]
mod tests;

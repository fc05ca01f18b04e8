//! The anti-corruption action plan of each fiscal year: its projects and activities (budget,
//! quarters, responsible unit and person, indicators and targets, the year's risks each treats),
//! each with its steps — a measure of the `anticorruption` plan written in the same transaction,
//! so statuses, owners, deadlines, reminders and progress entries are the measures' machinery —
//! and, per project and report period (six-month, annual), the budget spent and the result.
//!
//! Sign-off: the plan is [`KIND_PLAN`] (period Year); once submitted or signed, no project of
//! the year may change until a new version is opened. Each report is [`KIND_REPORT`] of its
//! period; its entries (spent, result) are frozen by that report's key only.

pub mod entities;

use chrono::Utc;
use prongsai_domain::anticorruption::{check_steps, Indicator, Progress, Project};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{Line, MeasureRow, Plan, PlanYear, RoundPeriod};
use prongsai_domain::procurement::Money;
use prongsai_domain::InputError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::Serialize;

use crate::measures::edit::MeasureDraft;
use crate::measures::entities::measure;
use crate::measures::MeasureLine;
use crate::signoff::{self, SignKey};
use crate::{Actor, AgencyScope, Result, Store, StoreError};
use entities::{ac_progress, ac_project};

pub use ac_progress::Model as ProgressRow;
pub use ac_project::Model as ProjectRow;

/// The sign-off kind of a year's plan (it answers `anticorruption.plan`).
pub const KIND_PLAN: &str = "anticorruption.plan";
/// The sign-off kind of a progress report (period half or year; `anticorruption.report`).
pub const KIND_REPORT: &str = "anticorruption.report";

/// At most this many projects a year.
pub const MAX_PROJECTS: usize = 200;

/// The plan's sign-off key.
pub fn plan_key(year: FiscalYear) -> SignKey<'static> {
    SignKey::year(KIND_PLAN, year)
}

/// A report's sign-off key.
pub fn report_key(year: FiscalYear, period: RoundPeriod) -> SignKey<'static> {
    SignKey {
        kind: KIND_REPORT,
        year,
        period,
    }
}

impl ProjectRow {
    /// The stored project in domain form.
    pub fn project(&self) -> Project {
        Project {
            name: self.name.clone(),
            objectives: self.objectives.clone(),
            budget: Money::from_satang(self.budget).unwrap_or_default(),
            unit_id: self.unit_id,
            person: self.person.clone(),
            quarters: self
                .quarters
                .split_whitespace()
                .filter_map(|q| q.parse().ok())
                .collect(),
            indicators: serde_json::from_str::<Vec<Indicator>>(&self.indicators)
                .unwrap_or_default(),
            risk_ids: self
                .risk_ids
                .split_whitespace()
                .filter_map(|q| q.parse().ok())
                .collect(),
        }
    }
}

/// A project with its steps (the measure of the `anticorruption` plan and its lines).
pub type ProjectWithSteps = (ProjectRow, Option<(measure::Model, Vec<MeasureLine>)>);

/// A project and its steps as the form gives them: `steps.steps` the steps (at least one,
/// deadlines within the year), `steps.responsible` who is responsible, as the table prints it.
#[derive(Debug, Clone)]
pub struct ProjectDraft {
    pub project: Project,
    pub steps: MeasureRow,
}

fn refused(field: &'static str, th: &'static str, en: &'static str) -> StoreError {
    StoreError::Input(InputError::new(field, th, en))
}

fn year_of(be: i32) -> Result<FiscalYear> {
    FiscalYear::new(be).map_err(|_| StoreError::NotFound)
}

#[derive(Serialize)]
struct ProgressAudit<'a> {
    fiscal_year: i32,
    period: &'a str,
    entries: Vec<&'a ProgressRow>,
}

impl Store {
    /// The projects of a year in plan order, each with its steps.
    pub async fn ac_projects(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<ProjectWithSteps>> {
        let rows = ac_project::Entity::find()
            .filter(ac_project::Column::AgencyId.eq(scope.agency_id()))
            .filter(ac_project::Column::FiscalYear.eq(year.be()))
            .order_by_asc(ac_project::Column::SortOrder)
            .order_by_asc(ac_project::Column::Id)
            .all(&self.db)
            .await?;
        let mut steps = self
            .measures_with_lines(scope, PlanYear::new(Plan::AntiCorruption, year))
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let t = r.measure_id.and_then(|mid| {
                    steps
                        .iter()
                        .position(|(m, _)| m.id == mid)
                        .map(|i| steps.swap_remove(i))
                });
                (r, t)
            })
            .collect())
    }

    /// One project of the agency with its steps, or NotFound.
    pub async fn ac_project(&self, scope: &AgencyScope, id: i64) -> Result<ProjectWithSteps> {
        let r = crate::find_in_scope::<ac_project::Entity, _>(
            &self.db,
            scope,
            ac_project::Column::AgencyId,
            id,
        )
        .await?;
        let t = match r.measure_id {
            Some(mid) => Some(self.measure(scope, mid).await?),
            None => None,
        };
        Ok((r, t))
    }

    /// Add a project to a year's plan (`id` None) or change one, with its steps, in one
    /// transaction. Refused while the year's plan is submitted or signed, for a unit or a risk
    /// that is not the agency's (a risk must be of the same year), or for a step deadline
    /// outside the year. Returns the project's id.
    pub async fn save_ac_project(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        id: Option<i64>,
        d: ProjectDraft,
    ) -> Result<i64> {
        check_steps(year, &d.steps.steps).map_err(StoreError::Input)?;
        let p = &d.project;
        if p.budget.satang() > prongsai_domain::anticorruption::MAX_BUDGET_BAHT * 100 {
            return Err(refused(
                "budget",
                "จำนวนเงินสูงเกินจริง (เกิน ๑,๐๐๐,๐๐๐,๐๐๐ บาท)",
                "The amount is implausibly large (over 1,000,000,000 baht)",
            ));
        }
        if p.quarters.is_empty() || p.quarters.iter().any(|q| !(1..=4).contains(q)) {
            return Err(refused(
                "quarters",
                "กรุณาเลือกไตรมาสที่ดำเนินการอย่างน้อย ๑ ไตรมาส",
                "Please tick at least one quarter in which it runs",
            ));
        }
        let mut w = self.write(scope, actor).await?;
        signoff::check_editable(&w.txn, scope, plan_key(year)).await?;
        crate::tenancy::check_unit(&w.txn, scope, "unit_id", p.unit_id).await?;
        if !p.risk_ids.is_empty() {
            use crate::risk::entities::risk;
            let found = risk::Entity::find()
                .filter(risk::Column::AgencyId.eq(scope.agency_id()))
                .filter(risk::Column::FiscalYear.eq(year.be()))
                .filter(risk::Column::Id.is_in(p.risk_ids.clone()))
                .count(&w.txn)
                .await?;
            if found != p.risk_ids.len() as u64 {
                return Err(refused(
                    "risk_ids",
                    "ความเสี่ยงที่เลือกต้องเป็นความเสี่ยงของหน่วยงานในปีงบประมาณเดียวกัน",
                    "The chosen risks must be the agency's risks of the same fiscal year",
                ));
            }
        }
        let now = Utc::now();
        let before = match id {
            Some(id) => {
                let b = crate::find_in_scope::<ac_project::Entity, _>(
                    &w.txn,
                    scope,
                    ac_project::Column::AgencyId,
                    id,
                )
                .await?;
                if b.fiscal_year != year.be() {
                    return Err(StoreError::NotFound);
                }
                Some(b)
            }
            None => {
                let count = ac_project::Entity::find()
                    .filter(ac_project::Column::AgencyId.eq(scope.agency_id()))
                    .filter(ac_project::Column::FiscalYear.eq(year.be()))
                    .count(&w.txn)
                    .await?;
                if count >= MAX_PROJECTS as u64 {
                    return Err(refused(
                        "name",
                        "แผนของปีนี้มีโครงการครบจำนวนสูงสุดแล้ว (ไม่เกิน 200 โครงการ)",
                        "This year's plan is full (at most 200 projects)",
                    ));
                }
                None
            }
        };
        // the steps: a measure of the anti-corruption plan whose issue is the project
        let mut row = d.steps.clone();
        row.issue = vec![Line::new(None, None, p.name.clone(), true)];
        row.progress.clear();
        let measure_id = Self::save_measure_in(
            &mut w,
            scope,
            PlanYear::new(Plan::AntiCorruption, year),
            before.as_ref().and_then(|b| b.measure_id),
            MeasureDraft {
                row,
                codes: vec![],
                issue_id: None,
            },
        )
        .await?;
        let indicators =
            serde_json::to_string(&p.indicators).map_err(|e| StoreError::Other(e.to_string()))?;
        let join = |v: Vec<String>| v.join(" ");
        let set = |am: &mut ac_project::ActiveModel| {
            am.name = Set(p.name.clone());
            am.objectives = Set(p.objectives.clone());
            am.budget = Set(p.budget.satang());
            am.unit_id = Set(p.unit_id);
            am.person = Set(p.person.clone());
            am.quarters = Set(join(p.quarters.iter().map(|q| q.to_string()).collect()));
            am.indicators = Set(indicators.clone());
            am.risk_ids = Set(join(p.risk_ids.iter().map(|q| q.to_string()).collect()));
            am.measure_id = Set(Some(measure_id));
            am.updated_at = Set(now);
        };
        let after = match &before {
            Some(b) => {
                let mut am = b.clone().into_active_model();
                set(&mut am);
                am.update(&w.txn).await?
            }
            None => {
                let last = ac_project::Entity::find()
                    .filter(ac_project::Column::AgencyId.eq(scope.agency_id()))
                    .filter(ac_project::Column::FiscalYear.eq(year.be()))
                    .order_by_desc(ac_project::Column::SortOrder)
                    .one(&w.txn)
                    .await?
                    .map(|r| r.sort_order)
                    .unwrap_or(0);
                let mut am = ac_project::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    fiscal_year: Set(year.be()),
                    sort_order: Set(last + 1),
                    created_at: Set(now),
                    ..Default::default()
                };
                set(&mut am);
                am.insert(&w.txn).await?
            }
        };
        w.audit(
            "ac_project",
            Some(after.id.to_string()),
            if before.is_some() { "update" } else { "create" },
            before.as_ref(),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after.id)
    }

    /// Remove a project with its steps and report entries (refused while the plan is signed,
    /// or while a draft round holds progress of its steps).
    pub async fn delete_ac_project(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let r = crate::find_in_scope::<ac_project::Entity, _>(
            &w.txn,
            scope,
            ac_project::Column::AgencyId,
            id,
        )
        .await?;
        let year = year_of(r.fiscal_year)?;
        signoff::check_editable(&w.txn, scope, plan_key(year)).await?;
        if let Some(mid) = r.measure_id {
            Self::delete_measure_in(&mut w, scope, mid).await?;
        }
        ac_progress::Entity::delete_many()
            .filter(ac_progress::Column::ProjectId.eq(r.id))
            .exec(&w.txn)
            .await?;
        ac_project::Entity::delete_by_id(r.id).exec(&w.txn).await?;
        ac_project::Entity::update_many()
            .col_expr(
                ac_project::Column::SortOrder,
                Expr::col(ac_project::Column::SortOrder).sub(1),
            )
            .filter(ac_project::Column::AgencyId.eq(scope.agency_id()))
            .filter(ac_project::Column::FiscalYear.eq(r.fiscal_year))
            .filter(ac_project::Column::SortOrder.gt(r.sort_order))
            .exec(&w.txn)
            .await?;
        w.audit(
            "ac_project",
            Some(r.id.to_string()),
            "delete",
            Some(&r),
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// What the report of `period` of `year` says of each project (projects never entered are
    /// absent).
    pub async fn ac_progress(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        period: RoundPeriod,
    ) -> Result<Vec<ProgressRow>> {
        Ok(ac_progress::Entity::find()
            .filter(ac_progress::Column::AgencyId.eq(scope.agency_id()))
            .filter(ac_progress::Column::FiscalYear.eq(year.be()))
            .filter(ac_progress::Column::Period.eq(period.code()))
            .order_by_asc(ac_progress::Column::ProjectId)
            .all(&self.db)
            .await?)
    }

    /// Save what the report of `period` says of the given projects (spent, result), in one
    /// transaction and one audit entry. Refused while that report is submitted or signed, for
    /// a project not of the agency's year, or an amount above the project's budget.
    pub async fn save_ac_progress(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        period: RoundPeriod,
        entries: &[(i64, Progress)],
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        signoff::check_editable(&w.txn, scope, report_key(year, period)).await?;
        let projects = ac_project::Entity::find()
            .filter(ac_project::Column::AgencyId.eq(scope.agency_id()))
            .filter(ac_project::Column::FiscalYear.eq(year.be()))
            .all(&w.txn)
            .await?;
        let existing = ac_progress::Entity::find()
            .filter(ac_progress::Column::AgencyId.eq(scope.agency_id()))
            .filter(ac_progress::Column::FiscalYear.eq(year.be()))
            .filter(ac_progress::Column::Period.eq(period.code()))
            .all(&w.txn)
            .await?;
        let now = Utc::now();
        let mut before = Vec::new();
        let mut after = Vec::new();
        for (pid, e) in entries {
            let Some(p) = projects.iter().find(|p| p.id == *pid) else {
                return Err(StoreError::NotFound);
            };
            if e.spent.satang() > p.budget {
                return Err(refused(
                    "spent",
                    "งบประมาณที่ใช้จ่ายเกินงบประมาณของโครงการ",
                    "The amount spent exceeds the project's budget",
                ));
            }
            let row = match existing.iter().find(|x| x.project_id == *pid) {
                Some(x) => {
                    if x.spent == e.spent.satang() && x.result == e.result {
                        continue;
                    }
                    before.push(x);
                    let mut am = x.clone().into_active_model();
                    am.spent = Set(e.spent.satang());
                    am.result = Set(e.result.clone());
                    am.updated_at = Set(now);
                    am.update(&w.txn).await?
                }
                None => {
                    ac_progress::ActiveModel {
                        agency_id: Set(scope.agency_id()),
                        project_id: Set(*pid),
                        fiscal_year: Set(year.be()),
                        period: Set(period.code().into()),
                        spent: Set(e.spent.satang()),
                        result: Set(e.result.clone()),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&w.txn)
                    .await?
                }
            };
            after.push(row);
        }
        if after.is_empty() {
            return Ok(());
        }
        w.audit(
            "ac_progress",
            Some(format!("{}:{}", year.be(), period.code())),
            "update",
            Some(&ProgressAudit {
                fiscal_year: year.be(),
                period: period.code(),
                entries: before,
            }),
            Some(&ProgressAudit {
                fiscal_year: year.be(),
                period: period.code(),
                entries: after.iter().collect(),
            }),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;

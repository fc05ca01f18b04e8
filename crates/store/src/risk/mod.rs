//! The corruption risk register of each fiscal year: risks scored on the agency's matrix before
//! and after controls, each with its treatment — a measure of the `risk` plan, written in the
//! same transaction, so its steps, owners, deadlines, statuses, reminders, progress entries and
//! report rounds are the measures' machinery. Once the year's assessment
//! ([`KIND_ASSESSMENT`]) is submitted or signed, the register is frozen until a new version is
//! opened (`signoff::check_editable`).

pub mod entities;

use chrono::Utc;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{MeasureRow, Plan, PlanYear};
use prongsai_domain::risk::{Category, Matrix, Risk};
use prongsai_domain::InputError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use crate::measures::edit::MeasureDraft;
use crate::measures::entities::measure;
use crate::measures::MeasureLine;
use crate::signoff::{self, SignKey};
use crate::{Actor, AgencyScope, Result, Store, StoreError};
use entities::{risk, risk_matrix};

pub use risk::Model as RiskRow;

/// The sign-off kind of a year's risk assessment (its report answers `risk.assessment`).
pub const KIND_ASSESSMENT: &str = "risk.assessment";

/// At most this many risks a year (a large agency lists a few dozen).
pub const MAX_RISKS: usize = 500;

impl RiskRow {
    /// The stored risk in domain form.
    pub fn risk(&self) -> Risk {
        let n = |v: i32| v.max(0) as u32;
        Risk {
            process: self.process.clone(),
            category: Category::parse(&self.category).unwrap_or(Category::Other),
            event: self.event.clone(),
            cause: self.cause.clone(),
            likelihood: n(self.likelihood),
            impact: n(self.impact),
            controls: self.controls.clone(),
            likelihood_after: n(self.likelihood_after),
            impact_after: n(self.impact_after),
            owner: self.owner.clone(),
            owner_unit_id: self.owner_unit_id,
        }
    }
}

/// A risk with its treatment (the measure of the `risk` plan and its lines), if it has one.
pub type RiskWithTreatment = (RiskRow, Option<(measure::Model, Vec<MeasureLine>)>);

/// A risk and its treatment as the form gives them; an empty `treatment.steps` means the risk
/// is accepted without further measures (its treatment, if any, is removed).
#[derive(Debug, Clone)]
pub struct RiskDraft {
    pub risk: Risk,
    pub treatment: MeasureRow,
}

fn refused(field: &'static str, th: &'static str, en: &'static str) -> StoreError {
    StoreError::Input(InputError::new(field, th, en))
}

impl Store {
    /// The agency's matrix (the default 5×5 until it sets its own).
    pub async fn risk_matrix(&self, scope: &AgencyScope) -> Result<Matrix> {
        let row = risk_matrix::Entity::find()
            .filter(risk_matrix::Column::AgencyId.eq(scope.agency_id()))
            .one(&self.db)
            .await?;
        Ok(row
            .and_then(|r| serde_json::from_str(&r.matrix).ok())
            .unwrap_or_default())
    }

    /// Set the agency's matrix. Refused when a risk already scored would fall outside it.
    pub async fn set_risk_matrix(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        m: &Matrix,
    ) -> Result<()> {
        m.validate().map_err(StoreError::Input)?;
        let mut w = self.write(scope, actor).await?;
        let outside = risk::Entity::find()
            .filter(risk::Column::AgencyId.eq(scope.agency_id()))
            .all(&w.txn)
            .await?
            .into_iter()
            .any(|r| {
                let (l, i) = (m.likelihood_levels() as i32, m.impact_levels() as i32);
                r.likelihood > l || r.likelihood_after > l || r.impact > i || r.impact_after > i
            });
        if outside {
            return Err(refused(
                "likelihood",
                "มีความเสี่ยงที่ประเมินไว้แล้วเกินขนาดเมทริกซ์ใหม่: ปรับระดับของความเสี่ยงเหล่านั้นก่อน",
                "Some risks already scored fall outside the new matrix: change their levels first",
            ));
        }
        let json = serde_json::to_string(m).map_err(|e| StoreError::Other(e.to_string()))?;
        let before = risk_matrix::Entity::find()
            .filter(risk_matrix::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?;
        let after = match before.clone() {
            Some(b) => {
                let mut am = b.into_active_model();
                am.matrix = Set(json);
                am.updated_at = Set(Utc::now());
                am.update(&w.txn).await?
            }
            None => {
                risk_matrix::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    matrix: Set(json),
                    updated_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?
            }
        };
        w.audit(
            "risk_matrix",
            Some(after.id.to_string()),
            if before.is_some() { "update" } else { "create" },
            before.as_ref(),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// The risks of a year in register order, each with its treatment.
    pub async fn risks(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<RiskWithTreatment>> {
        let rows = risk::Entity::find()
            .filter(risk::Column::AgencyId.eq(scope.agency_id()))
            .filter(risk::Column::FiscalYear.eq(year.be()))
            .order_by_asc(risk::Column::SortOrder)
            .order_by_asc(risk::Column::Id)
            .all(&self.db)
            .await?;
        let mut treatments = self
            .measures_with_lines(scope, PlanYear::new(Plan::Risk, year))
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let t = r.measure_id.and_then(|mid| {
                    treatments
                        .iter()
                        .position(|(m, _)| m.id == mid)
                        .map(|i| treatments.swap_remove(i))
                });
                (r, t)
            })
            .collect())
    }

    /// One risk of the agency with its treatment, or NotFound.
    pub async fn risk(&self, scope: &AgencyScope, id: i64) -> Result<RiskWithTreatment> {
        let r =
            crate::find_in_scope::<risk::Entity, _>(&self.db, scope, risk::Column::AgencyId, id)
                .await?;
        let t = match r.measure_id {
            Some(mid) => Some(self.measure(scope, mid).await?),
            None => None,
        };
        Ok((r, t))
    }

    /// Add a risk to a year (`id` None) or change one, with its treatment, in one transaction.
    /// Refused while the year's assessment is submitted or signed, or when the risk's levels
    /// do not fit the agency's matrix. Returns the risk's id.
    pub async fn save_risk(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        id: Option<i64>,
        d: RiskDraft,
    ) -> Result<i64> {
        let matrix = self.risk_matrix(scope).await?;
        let r = &d.risk;
        let fits = |l: u32, i: u32| {
            (1..=matrix.likelihood_levels()).contains(&l)
                && (1..=matrix.impact_levels()).contains(&i)
        };
        if !fits(r.likelihood, r.impact) || !fits(r.likelihood_after, r.impact_after) {
            return Err(refused(
                "likelihood",
                "ระดับโอกาสหรือผลกระทบอยู่นอกเมทริกซ์ความเสี่ยง",
                "Likelihood or impact is outside the risk matrix",
            ));
        }
        let mut w = self.write(scope, actor).await?;
        signoff::check_editable(&w.txn, scope, SignKey::year(KIND_ASSESSMENT, year)).await?;
        crate::tenancy::check_unit(&w.txn, scope, "owner_unit_id", r.owner_unit_id).await?;
        let now = Utc::now();
        let before = match id {
            Some(id) => {
                let b = crate::find_in_scope::<risk::Entity, _>(
                    &w.txn,
                    scope,
                    risk::Column::AgencyId,
                    id,
                )
                .await?;
                if b.fiscal_year != year.be() {
                    return Err(StoreError::NotFound);
                }
                Some(b)
            }
            None => {
                use sea_orm::PaginatorTrait;
                let count = risk::Entity::find()
                    .filter(risk::Column::AgencyId.eq(scope.agency_id()))
                    .filter(risk::Column::FiscalYear.eq(year.be()))
                    .count(&w.txn)
                    .await?;
                if count >= MAX_RISKS as u64 {
                    return Err(refused(
                        "risk",
                        "ทะเบียนความเสี่ยงของปีนี้เต็มแล้ว (ไม่เกิน 500 รายการ)",
                        "This year's register is full (at most 500 risks)",
                    ));
                }
                None
            }
        };
        // the treatment: a measure of the risk plan whose issue is the risk event
        let mut treatment = d.treatment.clone();
        let measure_id = if treatment.steps.is_empty() {
            if let Some(mid) = before.as_ref().and_then(|b| b.measure_id) {
                Self::delete_measure_in(&mut w, scope, mid).await?;
            }
            None
        } else {
            if treatment.issue.is_empty() {
                treatment.issue = vec![prongsai_domain::measures::Line::new(
                    None,
                    None,
                    r.event.clone(),
                    true,
                )];
            }
            Some(
                Self::save_measure_in(
                    &mut w,
                    scope,
                    PlanYear::new(Plan::Risk, year),
                    before.as_ref().and_then(|b| b.measure_id),
                    MeasureDraft {
                        row: treatment,
                        codes: vec![],
                        issue_id: None,
                    },
                )
                .await?,
            )
        };
        let set = |am: &mut risk::ActiveModel| {
            am.process = Set(r.process.clone());
            am.category = Set(r.category.code().into());
            am.event = Set(r.event.clone());
            am.cause = Set(r.cause.clone());
            am.likelihood = Set(r.likelihood as i32);
            am.impact = Set(r.impact as i32);
            am.controls = Set(r.controls.clone());
            am.likelihood_after = Set(r.likelihood_after as i32);
            am.impact_after = Set(r.impact_after as i32);
            am.owner_unit_id = Set(r.owner_unit_id);
            am.owner = Set(r.owner.clone());
            am.measure_id = Set(measure_id);
            am.updated_at = Set(now);
        };
        let after = match &before {
            Some(b) => {
                let mut am = b.clone().into_active_model();
                set(&mut am);
                am.update(&w.txn).await?
            }
            None => {
                let last = risk::Entity::find()
                    .filter(risk::Column::AgencyId.eq(scope.agency_id()))
                    .filter(risk::Column::FiscalYear.eq(year.be()))
                    .order_by_desc(risk::Column::SortOrder)
                    .one(&w.txn)
                    .await?
                    .map(|r| r.sort_order)
                    .unwrap_or(0);
                let mut am = risk::ActiveModel {
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
            "risk",
            Some(after.id.to_string()),
            if before.is_some() { "update" } else { "create" },
            before.as_ref(),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after.id)
    }

    /// Remove a risk and its treatment (refused while the year is signed, or while a draft
    /// report holds progress of the treatment).
    pub async fn delete_risk(&self, scope: &AgencyScope, actor: &Actor, id: i64) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let r = crate::find_in_scope::<risk::Entity, _>(&w.txn, scope, risk::Column::AgencyId, id)
            .await?;
        let year = FiscalYear::new(r.fiscal_year).map_err(|_| StoreError::NotFound)?;
        signoff::check_editable(&w.txn, scope, SignKey::year(KIND_ASSESSMENT, year)).await?;
        if let Some(mid) = r.measure_id {
            Self::delete_measure_in(&mut w, scope, mid).await?;
        }
        risk::Entity::delete_by_id(r.id).exec(&w.txn).await?;
        risk::Entity::update_many()
            .col_expr(
                risk::Column::SortOrder,
                Expr::col(risk::Column::SortOrder).sub(1),
            )
            .filter(risk::Column::AgencyId.eq(scope.agency_id()))
            .filter(risk::Column::FiscalYear.eq(r.fiscal_year))
            .filter(risk::Column::SortOrder.gt(r.sort_order))
            .exec(&w.txn)
            .await?;
        w.audit(
            "risk",
            Some(r.id.to_string()),
            "delete",
            Some(&r),
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;

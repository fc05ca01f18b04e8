//! Writing measures by hand: a new measure, changing one (its four columns, the framework
//! elements it answers, the issue of the analysis it comes from), moving it up or down,
//! deleting it, and the title block of the year's measures document.
//!
//! A changed cell keeps its lines' identities by position: the first step stays the first
//! step with its status, owner and progress entries, only its text (and the deadline read
//! from it) changes. Lines past the new end are removed; progress entries that reported on a
//! removed step keep their text and lose only the link to it.

use chrono::Utc;
use prongsai_domain::measures::{Line, MeasureRow, PlanYear, StepStatus};
use prongsai_domain::InputError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::Serialize;

use super::entities::{measure, measure_document, measure_line, report_round};
use super::MeasureLine;
use crate::{Actor, AgencyScope, Result, Store, StoreError};

/// What a coordinator writes for one measure (the progress column belongs to report rounds
/// and is ignored here).
#[derive(Debug, Clone, Default)]
pub struct MeasureDraft {
    pub row: MeasureRow,
    /// Framework element codes, checked by the caller against the year's framework.
    pub codes: Vec<String>,
    pub issue_id: Option<i64>,
}

/// Up or down in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

const EDITABLE: [&str; 4] = ["issue", "responsible", "step", "schedule"];

#[derive(Serialize)]
struct MeasureAudit<'a> {
    fiscal_year: i32,
    sort_order: i32,
    codes: &'a str,
    issue_id: Option<i64>,
    lines: Vec<String>,
}

fn refused(field: &'static str, th: &'static str, en: &'static str) -> StoreError {
    StoreError::Input(InputError::new(field, th, en))
}

fn audit_of<'a>(m: &'a measure::Model, lines: &[MeasureLine]) -> MeasureAudit<'a> {
    MeasureAudit {
        fiscal_year: m.fiscal_year,
        sort_order: m.sort_order,
        codes: &m.codes,
        issue_id: m.issue_id,
        lines: lines
            .iter()
            .filter(|l| l.column_kind != "progress")
            .map(|l| format!("{}: {}", l.column_kind, l.display()))
            .collect(),
    }
}

/// A new line of a measure's cell from its parsed form (the deadline read from its text).
pub(crate) fn new_line(
    measure_id: i64,
    kind: &str,
    k: usize,
    l: &Line,
) -> measure_line::ActiveModel {
    measure_line::ActiveModel {
        measure_id: Set(measure_id),
        column_kind: Set(kind.to_string()),
        sort_order: Set(k as i32 + 1),
        label: Set(l.label.clone()),
        number: Set(l.number.map(|n| n as i32)),
        text: Set(l.text.clone()),
        paragraph: Set(l.paragraph),
        due_start: Set(l.due.as_ref().map(|d| d.start)),
        due_end: Set(l.due.as_ref().map(|d| d.end)),
        deadline: Set(l.due.as_ref().is_some_and(|d| d.deadline)),
        status: Set(StepStatus::NotStarted.code().to_string()),
        ..Default::default()
    }
}

impl Store {
    async fn find_measure<C: sea_orm::ConnectionTrait>(
        c: &C,
        scope: &AgencyScope,
        id: i64,
    ) -> Result<measure::Model> {
        measure::Entity::find_by_id(id)
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// One measure of the agency with its lines (any year), or NotFound.
    pub async fn measure(
        &self,
        scope: &AgencyScope,
        id: i64,
    ) -> Result<(measure::Model, Vec<MeasureLine>)> {
        let m = Self::find_measure(&self.db, scope, id).await?;
        let lines = measure_line::Entity::find()
            .filter(measure_line::Column::MeasureId.eq(m.id))
            .order_by_asc(measure_line::Column::SortOrder)
            .all(&self.db)
            .await?;
        Ok((m, lines))
    }

    /// Create a measure (`id` None, appended at the end of the year's table) or change one.
    /// Returns the measure's id.
    pub async fn save_measure(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: impl Into<PlanYear>,
        id: Option<i64>,
        d: MeasureDraft,
    ) -> Result<i64> {
        let mut w = self.write(scope, actor).await?;
        let id = Self::save_measure_in(&mut w, scope, year.into(), id, d).await?;
        w.commit().await?;
        Ok(id)
    }

    /// [`Store::save_measure`] inside a write that is already open (the risk register creates a
    /// risk and its treatment in one transaction); the caller commits.
    pub(crate) async fn save_measure_in(
        w: &mut crate::audit::WriteTxn,
        scope: &AgencyScope,
        py: PlanYear,
        id: Option<i64>,
        d: MeasureDraft,
    ) -> Result<i64> {
        let year = py.year;
        if d.row.issue.is_empty() {
            return Err(refused(
                "issue",
                "กรุณาระบุประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
                "Please write the issue to improve",
            ));
        }
        if d.row.steps.is_empty() {
            return Err(refused(
                "steps",
                "กรุณาระบุขั้นตอนหรือวิธีการ/มาตรการอย่างน้อย ๑ ขั้นตอน",
                "Please write at least one step",
            ));
        }
        if let Some(issue) = d.issue_id {
            use crate::assessment::entities::improvement_issue;
            let known = improvement_issue::Entity::find_by_id(issue)
                .filter(improvement_issue::Column::AgencyId.eq(scope.agency_id()))
                .one(&w.txn)
                .await?
                .is_some();
            if !known {
                return Err(refused(
                    "issue_id",
                    "ไม่พบประเด็นจากการวิเคราะห์ที่เลือก",
                    "The chosen issue of the analysis was not found",
                ));
            }
        }
        let codes = d.codes.join(" ");
        let now = Utc::now();
        let (m, before) = match id {
            Some(id) => {
                let m = Self::find_measure(&w.txn, scope, id).await?;
                if m.fiscal_year != year.be() || m.plan != py.plan.code() {
                    return Err(StoreError::NotFound);
                }
                let lines = measure_line::Entity::find()
                    .filter(measure_line::Column::MeasureId.eq(m.id))
                    .order_by_asc(measure_line::Column::SortOrder)
                    .all(&w.txn)
                    .await?;
                let mut am = m.clone().into_active_model();
                am.codes = Set(codes);
                am.issue_id = Set(d.issue_id);
                am.updated_at = Set(now);
                let after = am.update(&w.txn).await?;
                (after, Some((m, lines)))
            }
            None => {
                let last = measure::Entity::find()
                    .filter(measure::Column::AgencyId.eq(scope.agency_id()))
                    .filter(measure::Column::FiscalYear.eq(year.be()))
                    .filter(measure::Column::Plan.eq(py.plan.code()))
                    .order_by_desc(measure::Column::SortOrder)
                    .one(&w.txn)
                    .await?
                    .map(|m| m.sort_order)
                    .unwrap_or(0);
                let m = measure::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    fiscal_year: Set(year.be()),
                    plan: Set(py.plan.code().into()),
                    sort_order: Set(last + 1),
                    source: Set("manual".into()),
                    codes: Set(codes),
                    issue_id: Set(d.issue_id),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?;
                (m, None)
            }
        };
        let old_lines: &[MeasureLine] = before.as_ref().map(|b| b.1.as_slice()).unwrap_or(&[]);
        let cells = [
            &d.row.issue,
            &d.row.responsible,
            &d.row.steps,
            &d.row.schedule,
        ];
        let mut removed = Vec::new();
        let mut inserts = Vec::new();
        for (kind, cell) in EDITABLE.iter().zip(cells) {
            let old: Vec<&MeasureLine> = old_lines
                .iter()
                .filter(|l| l.column_kind == *kind)
                .collect();
            for (k, l) in cell.iter().enumerate() {
                match old.get(k) {
                    Some(o) => {
                        let same = o.text == l.text
                            && o.label == l.label
                            && o.number == l.number.map(|n| n as i32)
                            && o.paragraph == l.paragraph
                            && o.sort_order == k as i32 + 1;
                        if !same {
                            let mut am = (*o).clone().into_active_model();
                            am.sort_order = Set(k as i32 + 1);
                            am.label = Set(l.label.clone());
                            am.number = Set(l.number.map(|n| n as i32));
                            am.text = Set(l.text.clone());
                            am.paragraph = Set(l.paragraph);
                            am.due_start = Set(l.due.as_ref().map(|x| x.start));
                            am.due_end = Set(l.due.as_ref().map(|x| x.end));
                            am.deadline = Set(l.due.as_ref().is_some_and(|x| x.deadline));
                            am.update(&w.txn).await?;
                        }
                    }
                    None => inserts.push(new_line(m.id, kind, k, l)),
                }
            }
            removed.extend(old.iter().skip(cell.len()).map(|l| l.id));
        }
        if !removed.is_empty() {
            measure_line::Entity::update_many()
                .col_expr(
                    measure_line::Column::StepLineId,
                    Expr::value(Option::<i64>::None),
                )
                .filter(measure_line::Column::StepLineId.is_in(removed.clone()))
                .exec(&w.txn)
                .await?;
            measure_line::Entity::delete_many()
                .filter(measure_line::Column::Id.is_in(removed))
                .exec(&w.txn)
                .await?;
        }
        if !inserts.is_empty() {
            measure_line::Entity::insert_many(inserts)
                .exec(&w.txn)
                .await?;
        }
        let after_lines = measure_line::Entity::find()
            .filter(measure_line::Column::MeasureId.eq(m.id))
            .order_by_asc(measure_line::Column::SortOrder)
            .all(&w.txn)
            .await?;
        w.audit(
            "measure",
            Some(m.id.to_string()),
            if before.is_some() { "update" } else { "create" },
            before.as_ref().map(|(bm, bl)| audit_of(bm, bl)).as_ref(),
            Some(&audit_of(&m, &after_lines)),
        )
        .await?;
        Ok(m.id)
    }

    /// Delete a measure with its lines. Refused while a draft report round holds progress
    /// entries of it (they would be lost); reports already submitted keep their copy.
    pub async fn delete_measure(&self, scope: &AgencyScope, actor: &Actor, id: i64) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        Self::delete_measure_in(&mut w, scope, id).await?;
        w.commit().await?;
        Ok(())
    }

    /// [`Store::delete_measure`] inside a write that is already open; the caller commits.
    pub(crate) async fn delete_measure_in(
        w: &mut crate::audit::WriteTxn,
        scope: &AgencyScope,
        id: i64,
    ) -> Result<()> {
        let m = Self::find_measure(&w.txn, scope, id).await?;
        let lines = measure_line::Entity::find()
            .filter(measure_line::Column::MeasureId.eq(m.id))
            .order_by_asc(measure_line::Column::SortOrder)
            .all(&w.txn)
            .await?;
        let rounds: Vec<i64> = lines.iter().filter_map(|l| l.round_id).collect();
        if !rounds.is_empty() {
            let drafts = report_round::Entity::find()
                .filter(report_round::Column::Id.is_in(rounds))
                .filter(report_round::Column::State.eq("draft"))
                .count(&w.txn)
                .await?;
            if drafts > 0 {
                return Err(refused(
                    "measure",
                    "มาตรการนี้มีผลการดำเนินการในรายงานที่ยังเป็นร่าง: ลบผลการดำเนินการนั้นก่อนจึงลบมาตรการได้",
                    "This measure has progress entries in a draft report: remove them first",
                ));
            }
        }
        measure_line::Entity::delete_many()
            .filter(measure_line::Column::MeasureId.eq(m.id))
            .exec(&w.txn)
            .await?;
        measure::Entity::delete_by_id(m.id).exec(&w.txn).await?;
        // close the gap so the numbering of the table stays 1..n
        measure::Entity::update_many()
            .col_expr(
                measure::Column::SortOrder,
                Expr::col(measure::Column::SortOrder).sub(1),
            )
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure::Column::FiscalYear.eq(m.fiscal_year))
            .filter(measure::Column::Plan.eq(m.plan.clone()))
            .filter(measure::Column::SortOrder.gt(m.sort_order))
            .exec(&w.txn)
            .await?;
        w.audit(
            "measure",
            Some(m.id.to_string()),
            "delete",
            Some(&audit_of(&m, &lines)),
            None::<&()>,
        )
        .await?;
        Ok(())
    }

    /// Swap a measure with its neighbour above or below (nothing happens at either end).
    pub async fn move_measure(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        dir: Move,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let m = Self::find_measure(&w.txn, scope, id).await?;
        let q = measure::Entity::find()
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure::Column::FiscalYear.eq(m.fiscal_year))
            .filter(measure::Column::Plan.eq(m.plan.clone()));
        let other = match dir {
            Move::Up => {
                q.filter(measure::Column::SortOrder.lt(m.sort_order))
                    .order_by_desc(measure::Column::SortOrder)
                    .one(&w.txn)
                    .await?
            }
            Move::Down => {
                q.filter(measure::Column::SortOrder.gt(m.sort_order))
                    .order_by_asc(measure::Column::SortOrder)
                    .one(&w.txn)
                    .await?
            }
        };
        let Some(o) = other else {
            return Ok(());
        };
        let (a, b) = (m.sort_order, o.sort_order);
        let mut am = m.clone().into_active_model();
        am.sort_order = Set(b);
        am.update(&w.txn).await?;
        let mut om = o.into_active_model();
        om.sort_order = Set(a);
        om.update(&w.txn).await?;
        w.audit(
            "measure",
            Some(m.id.to_string()),
            "move",
            Some(&serde_json::json!({ "sort_order": a })),
            Some(&serde_json::json!({ "sort_order": b })),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// Set the title block and introduction of a year's measures document (O42).
    pub async fn set_measures_heading(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: impl Into<PlanYear>,
        title: Vec<String>,
        intro: Vec<String>,
    ) -> Result<()> {
        let py = year.into();
        let year = py.year;
        let mut w = self.write(scope, actor).await?;
        let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let before = measure_document::Entity::find()
            .filter(measure_document::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure_document::Column::FiscalYear.eq(year.be()))
            .filter(measure_document::Column::Plan.eq(py.plan.code()))
            .one(&w.txn)
            .await?;
        let after = match before.clone() {
            Some(b) => {
                let mut am = b.into_active_model();
                am.title = Set(json(&title));
                am.intro = Set(json(&intro));
                am.updated_at = Set(Utc::now());
                am.update(&w.txn).await?
            }
            None => {
                measure_document::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    fiscal_year: Set(year.be()),
                    plan: Set(py.plan.code().into()),
                    title: Set(json(&title)),
                    intro: Set(json(&intro)),
                    updated_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?
            }
        };
        w.audit(
            "measure_document",
            Some(year.be().to_string()),
            "update",
            before.as_ref(),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}

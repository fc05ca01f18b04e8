//! Measures of an agency per fiscal year, stored line by line so that every numbered step and
//! every deadline is a record of its own (owners, statuses and evidence attach to them next).

pub mod edit;
pub mod entities;
pub mod reminders;
pub mod rounds;

use chrono::Utc;
pub use entities::measure_line::Model as MeasureLine;
use entities::{measure, measure_document, measure_line, report_round};
use prongsai_domain::calendar::{DatePhrase, FiscalYear};
use prongsai_domain::measures::{
    Line, MeasureRow, MeasuresDocument, PlanYear, RoundPeriod, RoundState, StepStatus,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;

use crate::{Actor, AgencyScope, Result, Store, StoreError};
use sea_orm::IntoActiveModel;

const COLUMNS: [&str; 5] = ["issue", "responsible", "step", "schedule", "progress"];

#[derive(Serialize)]
struct ImportAudit {
    fiscal_year: i32,
    measures: usize,
    lines: usize,
    deadlines: usize,
}

impl Store {
    /// How many measures an agency has for a year (of the ITA measures, or of another plan).
    pub async fn count_measures(
        &self,
        scope: &AgencyScope,
        year: impl Into<PlanYear>,
    ) -> Result<u64> {
        let py = year.into();
        Ok(measure::Entity::find()
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure::Column::FiscalYear.eq(py.year.be()))
            .filter(measure::Column::Plan.eq(py.plan.code()))
            .count(&self.db)
            .await?)
    }

    /// The fiscal years that have ITA measures, newest first.
    pub async fn measure_years(&self, scope: &AgencyScope) -> Result<Vec<i32>> {
        use sea_orm::QuerySelect;
        Ok(measure::Entity::find()
            .select_only()
            .column(measure::Column::FiscalYear)
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure::Column::Plan.eq(prongsai_domain::measures::Plan::Ita.code()))
            .distinct()
            .order_by_desc(measure::Column::FiscalYear)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// Save an imported measures document for a year, in one transaction. Refused when the
    /// year already has measures (nothing is overwritten silently).
    pub async fn import_measures(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        doc: &MeasuresDocument,
    ) -> Result<usize> {
        let mut w = self.write(scope, actor).await?;
        let ita = prongsai_domain::measures::Plan::Ita.code();
        let existing = measure::Entity::find()
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure::Column::FiscalYear.eq(year.be()))
            .filter(measure::Column::Plan.eq(ita))
            .count(&w.txn)
            .await?;
        if existing > 0 {
            return Err(StoreError::Input(prongsai_domain::InputError::new(
                "fiscal_year",
                format!(
                    "ปีงบประมาณ {} มีมาตรการอยู่แล้ว {existing} รายการ: ไม่นำเข้าซ้ำ",
                    year.be()
                ),
                format!(
                    "fiscal year {} already has {existing} measures: not imported again",
                    year.be()
                ),
            )));
        }
        let now = Utc::now();
        let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        measure_document::Entity::delete_many()
            .filter(measure_document::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure_document::Column::FiscalYear.eq(year.be()))
            .filter(measure_document::Column::Plan.eq(ita))
            .exec(&w.txn)
            .await?;
        measure_document::ActiveModel {
            agency_id: Set(scope.agency_id()),
            fiscal_year: Set(year.be()),
            title: Set(json(&measures_title(&doc.title))),
            intro: Set(json(&doc.intro)),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        // The imported progress column is the report of the round the title names.
        let has_progress = doc.rows.iter().any(|r| !r.progress.is_empty());
        let round_id = if has_progress {
            let period = RoundPeriod::from_title(&doc.title);
            let version = report_round::Entity::find()
                .filter(report_round::Column::AgencyId.eq(scope.agency_id()))
                .filter(report_round::Column::FiscalYear.eq(year.be()))
                .filter(report_round::Column::Plan.eq(ita))
                .filter(report_round::Column::Period.eq(period.code()))
                .count(&w.txn)
                .await? as i32
                + 1;
            let r = report_round::ActiveModel {
                agency_id: Set(scope.agency_id()),
                fiscal_year: Set(year.be()),
                period: Set(period.code().into()),
                version: Set(version),
                state: Set(RoundState::Draft.code().into()),
                title: Set(json(&doc.title)),
                intro: Set(json(&doc.intro)),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&w.txn)
            .await?;
            Some(r.id)
        } else {
            None
        };
        let mut lines = 0;
        for (i, row) in doc.rows.iter().enumerate() {
            let m = measure::ActiveModel {
                agency_id: Set(scope.agency_id()),
                fiscal_year: Set(year.be()),
                sort_order: Set(i as i32 + 1),
                source: Set("import".into()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&w.txn)
            .await?;
            let mut batch = Vec::new();
            for (kind, cell) in COLUMNS.iter().zip(row.cells()) {
                for (k, l) in cell.iter().enumerate() {
                    let mut line = edit::new_line(m.id, kind, k, l);
                    line.round_id = Set(if *kind == "progress" { round_id } else { None });
                    batch.push(line);
                }
            }
            lines += batch.len();
            if !batch.is_empty() {
                measure_line::Entity::insert_many(batch)
                    .exec(&w.txn)
                    .await?;
            }
        }
        let deadlines = doc.rows.iter().map(|r| r.deadlines().count()).sum();
        w.audit(
            "measures",
            Some(year.be().to_string()),
            "import",
            None::<&()>,
            Some(&ImportAudit {
                fiscal_year: year.be(),
                measures: doc.rows.len(),
                lines,
                deadlines,
            }),
        )
        .await?;
        w.commit().await?;
        Ok(doc.rows.len())
    }

    /// The measures of a year as the measures document (O42: no progress column), or None
    /// when the year has none.
    pub async fn measures_document(
        &self,
        scope: &AgencyScope,
        year: impl Into<PlanYear>,
    ) -> Result<Option<MeasuresDocument>> {
        let py = year.into();
        let measures = self.measures_with_lines(scope, py).await?;
        if measures.is_empty() {
            return Ok(None);
        }
        let head = measure_document::Entity::find()
            .filter(measure_document::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure_document::Column::FiscalYear.eq(py.year.be()))
            .filter(measure_document::Column::Plan.eq(py.plan.code()))
            .one(&self.db)
            .await?;
        Ok(Some(build_document(
            py.plan,
            &measures,
            None,
            head.as_ref()
                .map(|h| json_list(&h.title))
                .unwrap_or_default(),
            head.as_ref()
                .map(|h| json_list(&h.intro))
                .unwrap_or_default(),
        )))
    }
}

pub(crate) fn json_list(s: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(s).unwrap_or_default()
}

/// The measures document's title from an imported report's: "รายงานการดำเนินการตามมาตรการ…"
/// becomes "มาตรการ…", and the round line is dropped.
fn measures_title(report_title: &[String]) -> Vec<String> {
    match report_title.first() {
        Some(t) => vec![t
            .trim()
            .strip_prefix("รายงานการดำเนินการตาม")
            .or_else(|| t.trim().strip_prefix("รายงานผลการดำเนินการตาม"))
            .unwrap_or(t)
            .trim()
            .to_string()],
        None => vec![],
    }
}

/// The five-column table from stored lines: steps, schedule and the rest as stored; the
/// progress column holds the lines of `round` only (none for the measures document). A
/// progress entry's date and evidence link are printed with it.
pub(crate) fn build_document(
    plan: prongsai_domain::measures::Plan,
    measures: &[(measure::Model, Vec<MeasureLine>)],
    round: Option<i64>,
    title: Vec<String>,
    intro: Vec<String>,
) -> MeasuresDocument {
    use prongsai_domain::calendar::{format_date_th, DateStyle};
    let rows = measures
        .iter()
        .map(|(_, lines)| {
            let mut row = MeasureRow::default();
            for l in lines {
                if l.column_kind == "progress" && (round.is_none() || l.round_id != round) {
                    continue;
                }
                let mut text = l.text.clone();
                if l.column_kind == "progress" {
                    if let Some(d) = l.done_on {
                        text = format!("{text} (เมื่อ {})", format_date_th(d, DateStyle::THAI_FULL));
                    }
                }
                let line = Line {
                    label: l.label.clone(),
                    number: l.number.map(|n| n as u32),
                    text,
                    due: match (l.due_start, l.due_end) {
                        (Some(start), Some(end)) => Some(DatePhrase {
                            start,
                            end,
                            deadline: l.deadline,
                        }),
                        _ => None,
                    },
                    paragraph: l.paragraph,
                };
                let link = l.link.clone();
                match l.column_kind.as_str() {
                    "issue" => row.issue.push(line),
                    "responsible" => row.responsible.push(line),
                    "step" => row.steps.push(line),
                    "schedule" => row.schedule.push(line),
                    _ => {
                        row.progress.push(line);
                        if let Some(url) = link {
                            row.progress.push(Line {
                                label: None,
                                number: None,
                                text: format!("หลักฐาน: {url}"),
                                due: None,
                                paragraph: false,
                            });
                        }
                    }
                }
            }
            row
        })
        .collect();
    MeasuresDocument {
        plan,
        title,
        intro,
        rows,
    }
}

impl MeasureLine {
    /// The line as printed: its number label (if any) and text, as `Line::display`.
    pub fn display(&self) -> String {
        match &self.label {
            Some(l) => format!("{l}{}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A change of a line's status, owner or note.
#[derive(Debug, Clone)]
pub struct LineUpdate {
    pub status: StepStatus,
    pub note: Option<String>,
    pub done_on: Option<chrono::NaiveDate>,
    /// `Some(x)`: set the owner unit to x (admins only); `None`: leave it.
    pub owner_unit_id: Option<Option<i64>>,
}

impl Store {
    /// The lines of a year's measures with their states, in table order.
    pub async fn measure_lines(
        &self,
        scope: &AgencyScope,
        year: impl Into<PlanYear>,
    ) -> Result<Vec<MeasureLine>> {
        Ok(self
            .measures_with_lines(scope, year)
            .await?
            .into_iter()
            .flat_map(|(_, lines)| lines)
            .collect())
    }

    /// Each measure of a year (in table order) with its lines (in cell order).
    pub async fn measures_with_lines(
        &self,
        scope: &AgencyScope,
        year: impl Into<PlanYear>,
    ) -> Result<Vec<(measure::Model, Vec<MeasureLine>)>> {
        let py = year.into();
        let measures = measure::Entity::find()
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure::Column::FiscalYear.eq(py.year.be()))
            .filter(measure::Column::Plan.eq(py.plan.code()))
            .order_by_asc(measure::Column::SortOrder)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = measures.iter().map(|m| m.id).collect();
        let mut lines = measure_line::Entity::find()
            .filter(measure_line::Column::MeasureId.is_in(ids))
            .order_by_asc(measure_line::Column::SortOrder)
            .all(&self.db)
            .await?;
        Ok(measures
            .into_iter()
            .map(|m| {
                let (mine, rest): (Vec<_>, Vec<_>) =
                    lines.drain(..).partition(|l| l.measure_id == m.id);
                lines = rest;
                (m, mine)
            })
            .collect())
    }

    /// Update a line. `may_edit` decides, from the line's owner unit, whether the acting user
    /// may (the rule lives in `domain::measures::may_edit_line`).
    pub async fn update_line(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        line_id: i64,
        u: LineUpdate,
        may_edit: impl FnOnce(Option<i64>) -> bool,
    ) -> Result<MeasureLine> {
        let mut w = self.write(scope, actor).await?;
        let before = measure_line::Entity::find_by_id(line_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        // the line must belong to a measure of this agency
        let owner_ok = measure::Entity::find_by_id(before.measure_id)
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?
            .is_some();
        if !owner_ok {
            return Err(StoreError::NotFound);
        }
        rounds::check_line_round(&w.txn, scope, &before).await?;
        if !may_edit(before.owner_unit_id) {
            return Err(StoreError::Input(prongsai_domain::InputError::new(
                "status",
                "ท่านแก้ไขได้เฉพาะขั้นตอนของกอง/งานที่ท่านสังกัด",
                "You may only update the steps of your own unit",
            )));
        }
        if let Some(unit) = u.owner_unit_id {
            crate::tenancy::check_unit(&w.txn, scope, "owner_unit_id", unit).await?;
        }
        let mut am = before.clone().into_active_model();
        am.status = Set(u.status.code().to_string());
        am.status_note = Set(u.note);
        am.done_on = Set(u.done_on);
        if let Some(owner) = u.owner_unit_id {
            am.owner_unit_id = Set(owner);
        }
        let after = am.update(&w.txn).await?;
        w.audit(
            "measure_line",
            Some(line_id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }
}

//! Report rounds of the measures (six-month and annual): progress entries are written into a
//! draft round; the coordinator submits it, which freezes the report as sent; the executive
//! acknowledges it (รายงานเสนอผู้บริหารทราบ). A change after acknowledgement is a new version of
//! the round, which starts from the last one and needs its own sign-off; old versions stay as
//! they were signed.

use chrono::{NaiveDate, Utc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{MeasuresDocument, Plan, PlanYear, RoundPeriod, RoundState};
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::entities::{measure, measure_line, report_round};
use super::{build_document, json_list, MeasureLine};
use crate::{Actor, AgencyScope, Result, Store, StoreError};

pub use report_round::Model as ReportRound;

impl ReportRound {
    pub fn period(&self) -> RoundPeriod {
        RoundPeriod::parse(&self.period).unwrap_or(RoundPeriod::Half)
    }
    pub fn state(&self) -> RoundState {
        RoundState::parse(&self.state).unwrap_or(RoundState::Draft)
    }
    pub fn fiscal_year(&self) -> Option<FiscalYear> {
        FiscalYear::new(self.fiscal_year).ok()
    }
    /// The programme and year whose measures the round reports on.
    pub fn plan_year(&self) -> Option<PlanYear> {
        Some(PlanYear::new(
            Plan::parse(&self.plan).unwrap_or(Plan::Ita),
            self.fiscal_year()?,
        ))
    }
}

/// A progress entry (การดำเนินการ) to add to a round.
#[derive(Debug, Clone)]
pub struct NewProgress {
    pub measure_id: i64,
    /// The step it reports on; its number labels the entry, its owner unit decides who may.
    pub step_line_id: Option<i64>,
    pub text: String,
    pub done_on: Option<NaiveDate>,
    /// Evidence: an http(s) link (checked by the caller with `domain::links::parse_public_url`).
    pub link: Option<String>,
    /// Evidence: a document of the agency's library (an uploaded file).
    pub evidence_document_id: Option<i64>,
}

async fn find_round<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    id: i64,
) -> Result<ReportRound> {
    crate::find_in_scope::<report_round::Entity, _>(c, scope, report_round::Column::AgencyId, id)
        .await
}

/// Refuse a change to a progress line whose round is no longer a draft.
pub(crate) async fn check_line_round<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    line: &MeasureLine,
) -> Result<()> {
    if let Some(r) = line.round_id {
        find_round(c, scope, r)
            .await?
            .state()
            .check_editable()
            .map_err(StoreError::Input)?;
    }
    Ok(())
}

impl Store {
    /// The rounds of a year, by period then version.
    pub async fn report_rounds(
        &self,
        scope: &AgencyScope,
        year: impl Into<PlanYear>,
    ) -> Result<Vec<ReportRound>> {
        let py = year.into();
        Ok(report_round::Entity::find()
            .filter(report_round::Column::AgencyId.eq(scope.agency_id()))
            .filter(report_round::Column::FiscalYear.eq(py.year.be()))
            .filter(report_round::Column::Plan.eq(py.plan.code()))
            .order_by_asc(report_round::Column::Period)
            .order_by_asc(report_round::Column::Version)
            .all(&self.db)
            .await?)
    }

    pub async fn report_round(&self, scope: &AgencyScope, id: i64) -> Result<ReportRound> {
        find_round(&self.db, scope, id).await
    }

    /// The round's report: as submitted once frozen, else built from today's data.
    pub async fn round_document(
        &self,
        scope: &AgencyScope,
        round: &ReportRound,
    ) -> Result<MeasuresDocument> {
        if round.state().frozen() {
            if let Some(s) = &round.snapshot {
                return serde_json::from_str(s)
                    .map_err(|e| StoreError::Other(format!("round {} snapshot: {e}", round.id)));
            }
        }
        let py = round.plan_year().ok_or(StoreError::NotFound)?;
        let measures = self.measures_with_lines(scope, py).await?;
        Ok(build_document(
            py.plan,
            &measures,
            Some(round.id),
            json_list(&round.title),
            json_list(&round.intro),
        ))
    }

    /// Open a round: its first version, or a new version after the last one was acknowledged
    /// (the new version starts from the last one's progress entries and title).
    pub async fn open_round(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: impl Into<PlanYear>,
        period: RoundPeriod,
        title: Vec<String>,
        intro: Vec<String>,
    ) -> Result<ReportRound> {
        let py = year.into();
        let year = py.year;
        let mut w = self.write(scope, actor).await?;
        let last = report_round::Entity::find()
            .filter(report_round::Column::AgencyId.eq(scope.agency_id()))
            .filter(report_round::Column::FiscalYear.eq(year.be()))
            .filter(report_round::Column::Plan.eq(py.plan.code()))
            .filter(report_round::Column::Period.eq(period.code()))
            .order_by_desc(report_round::Column::Version)
            .one(&w.txn)
            .await?;
        if let Some(l) = &last {
            l.state().check_new_version().map_err(StoreError::Input)?;
        }
        let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let now = Utc::now();
        let r = report_round::ActiveModel {
            agency_id: Set(scope.agency_id()),
            fiscal_year: Set(year.be()),
            plan: Set(py.plan.code().into()),
            period: Set(period.code().into()),
            version: Set(last.as_ref().map(|l| l.version + 1).unwrap_or(1)),
            state: Set(RoundState::Draft.code().into()),
            title: Set(match &last {
                Some(l) => l.title.clone(),
                None => json(&title),
            }),
            intro: Set(match &last {
                Some(l) => l.intro.clone(),
                None => json(&intro),
            }),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            crate::conflict_or(
                e,
                InputError::new(
                    "round",
                    "มีผู้เปิดรอบนี้พร้อมกัน: โปรดลองใหม่",
                    "Someone opened this round at the same time: try again",
                ),
            )
        })?;
        let mut copied = 0;
        if let Some(l) = &last {
            let lines = measure_line::Entity::find()
                .filter(measure_line::Column::RoundId.eq(l.id))
                .all(&w.txn)
                .await?;
            copied = lines.len();
            let batch: Vec<_> = lines
                .into_iter()
                .map(|x| {
                    let mut am = x.into_active_model().reset_all();
                    am.id = sea_orm::ActiveValue::NotSet;
                    am.round_id = Set(Some(r.id));
                    am
                })
                .collect();
            if !batch.is_empty() {
                measure_line::Entity::insert_many(batch)
                    .exec(&w.txn)
                    .await?;
            }
        }
        w.audit(
            "report_round",
            Some(r.id.to_string()),
            "open",
            None::<&()>,
            Some(&serde_json::json!({
                "fiscal_year": year.be(),
                "period": period.code(),
                "version": r.version,
                "copied_entries": copied,
            })),
        )
        .await?;
        w.commit().await?;
        Ok(r)
    }

    /// Change a round's state; `to` decides from the current state whether the move is allowed.
    async fn move_round(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        action: &'static str,
        change: impl FnOnce(&ReportRound, &mut report_round::ActiveModel) -> Result<()>,
    ) -> Result<ReportRound> {
        let mut w = self.write(scope, actor).await?;
        let before = find_round(&w.txn, scope, id).await?;
        let mut am = before.clone().into_active_model();
        change(&before, &mut am)?;
        let after = am.update(&w.txn).await?;
        w.audit(
            "report_round",
            Some(id.to_string()),
            action,
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Submit a draft round to the executive: the report is frozen as it is now.
    pub async fn submit_round(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<ReportRound> {
        let round = self.report_round(scope, id).await?;
        round.state().submit().map_err(StoreError::Input)?;
        let doc = self.round_document(scope, &round).await?;
        let snapshot = serde_json::to_string(&doc).map_err(|e| StoreError::Other(e.to_string()))?;
        let user = actor.user_id;
        self.move_round(scope, actor, id, "submit", move |b, am| {
            // checked again inside the write: a concurrent submit lost the race
            am.state = Set(b.state().submit().map_err(StoreError::Input)?.code().into());
            am.snapshot = Set(Some(snapshot));
            am.submitted_by = Set(user);
            am.submitted_at = Set(Some(Utc::now()));
            Ok(())
        })
        .await
    }

    /// Change the title block and introduction of a draft round's report.
    pub async fn set_round_heading(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        title: Vec<String>,
        intro: Vec<String>,
    ) -> Result<ReportRound> {
        let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let (title, intro) = (json(&title), json(&intro));
        self.move_round(scope, actor, id, "heading", move |b, am| {
            b.state().check_editable().map_err(StoreError::Input)?;
            am.title = Set(title);
            am.intro = Set(intro);
            Ok(())
        })
        .await
    }

    /// Take a submitted round back to draft (before the executive acknowledged it).
    pub async fn withdraw_round(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<ReportRound> {
        self.move_round(scope, actor, id, "withdraw", |b, am| {
            am.state = Set(b
                .state()
                .withdraw()
                .map_err(StoreError::Input)?
                .code()
                .into());
            am.snapshot = Set(None);
            am.submitted_by = Set(None);
            am.submitted_at = Set(None);
            Ok(())
        })
        .await
    }

    /// The executive acknowledges a submitted round; from now on it is frozen for good. The
    /// person who submitted it cannot acknowledge it (two people sign every round).
    pub async fn acknowledge_round(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        note: Option<String>,
    ) -> Result<ReportRound> {
        let user = actor.user_id;
        self.move_round(scope, actor, id, "acknowledge", move |b, am| {
            let to = b
                .state()
                .acknowledge(b.submitted_by, user)
                .map_err(StoreError::Input)?;
            am.state = Set(to.code().into());
            am.acknowledged_by = Set(user);
            am.acknowledged_at = Set(Some(Utc::now()));
            am.acknowledge_note = Set(note);
            Ok(())
        })
        .await
    }

    /// Add a progress entry to a draft round. `may_edit` decides from the step's owner unit
    /// (no step: `None`) whether the acting user may.
    pub async fn add_progress(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        round_id: i64,
        p: NewProgress,
        may_edit: impl FnOnce(Option<i64>) -> bool,
    ) -> Result<MeasureLine> {
        let mut w = self.write(scope, actor).await?;
        let round = find_round(&w.txn, scope, round_id).await?;
        round.state().check_editable().map_err(StoreError::Input)?;
        let m = measure::Entity::find_by_id(p.measure_id)
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .filter(measure::Column::FiscalYear.eq(round.fiscal_year))
            .filter(measure::Column::Plan.eq(round.plan.clone()))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let step = match p.step_line_id {
            Some(sid) => Some(
                measure_line::Entity::find_by_id(sid)
                    .filter(measure_line::Column::MeasureId.eq(m.id))
                    .filter(measure_line::Column::ColumnKind.eq("step"))
                    .one(&w.txn)
                    .await?
                    .ok_or_else(|| {
                        StoreError::Input(InputError::new(
                            "step_line_id",
                            "ขั้นตอนที่เลือกไม่ใช่ขั้นตอนของมาตรการนี้",
                            "The chosen step is not a step of this measure",
                        ))
                    })?,
            ),
            None => None,
        };
        if let Some(doc) = p.evidence_document_id {
            use crate::disclosure::entities::document;
            let known = document::Entity::find_by_id(doc)
                .filter(document::Column::AgencyId.eq(scope.agency_id()))
                .one(&w.txn)
                .await?
                .is_some();
            if !known {
                return Err(StoreError::Input(InputError::new(
                    "file",
                    "ไม่พบเอกสารหลักฐาน",
                    "The evidence document was not found",
                )));
            }
        }
        if !may_edit(step.as_ref().and_then(|s| s.owner_unit_id)) {
            return Err(StoreError::Input(InputError::new(
                "step_line_id",
                "ท่านบันทึกผลได้เฉพาะขั้นตอนของกอง/งานที่ท่านสังกัด",
                "You may only report on the steps of your own unit",
            )));
        }
        let last = measure_line::Entity::find()
            .filter(measure_line::Column::MeasureId.eq(m.id))
            .filter(measure_line::Column::ColumnKind.eq("progress"))
            .order_by_desc(measure_line::Column::SortOrder)
            .one(&w.txn)
            .await?
            .map(|l| l.sort_order)
            .unwrap_or(0);
        let line = measure_line::ActiveModel {
            measure_id: Set(m.id),
            column_kind: Set("progress".into()),
            sort_order: Set(last + 1),
            label: Set(step.as_ref().and_then(|s| s.label.clone())),
            number: Set(step.as_ref().and_then(|s| s.number)),
            text: Set(p.text),
            paragraph: Set(true),
            due_start: Set(None),
            due_end: Set(None),
            deadline: Set(false),
            status: Set("done".into()),
            status_note: Set(None),
            done_on: Set(p.done_on),
            owner_unit_id: Set(step.as_ref().and_then(|s| s.owner_unit_id)),
            round_id: Set(Some(round.id)),
            step_line_id: Set(step.as_ref().map(|s| s.id)),
            link: Set(p.link),
            evidence_document_id: Set(p.evidence_document_id),
            created_by: Set(actor.user_id),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.audit(
            "measure_line",
            Some(line.id.to_string()),
            "add_progress",
            None::<&()>,
            Some(&line),
        )
        .await?;
        w.commit().await?;
        Ok(line)
    }

    /// Remove a progress entry of a draft round.
    pub async fn delete_progress(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        line_id: i64,
        may_edit: impl FnOnce(Option<i64>) -> bool,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let line = measure_line::Entity::find_by_id(line_id)
            .filter(measure_line::Column::ColumnKind.eq("progress"))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        measure::Entity::find_by_id(line.measure_id)
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        check_line_round(&w.txn, scope, &line).await?;
        if !may_edit(line.owner_unit_id) {
            return Err(StoreError::Input(InputError::new(
                "step_line_id",
                "ท่านลบได้เฉพาะผลการดำเนินการของกอง/งานที่ท่านสังกัด",
                "You may only remove the progress of your own unit",
            )));
        }
        measure_line::Entity::delete_by_id(line_id)
            .exec(&w.txn)
            .await?;
        w.audit(
            "measure_line",
            Some(line_id.to_string()),
            "delete_progress",
            Some(&line),
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}

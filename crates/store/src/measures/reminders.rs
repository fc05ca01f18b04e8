//! Reminders of steps that are due soon or late, for the channels outside the application
//! (e-mail, LINE, a webhook): who should hear about which line, and which reminders have
//! already gone out on a channel (each once: before the due date, and once more when late).
//!
//! Bookkeeping only: sending is the web layer's `Notifier`; marking a reminder as sent is not
//! an audited change of the agency's data (like a session row).

use chrono::{NaiveDate, Utc};
use prongsai_domain::measures::{Standing, StepStatus};
use prongsai_domain::tenancy::{Permission, Role};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::HashSet;

use super::entities::{measure, measure_line, reminder_sent};
use crate::tenancy::entities::user;
use crate::{AgencyScope, Result, Store};

/// How long after its due date a late line is still worth a first "late" reminder.
const LATE_WINDOW_DAYS: i64 = 60;

/// One line to remind of.
#[derive(Debug, Clone, Serialize)]
pub struct ReminderLine {
    pub line_id: i64,
    pub fiscal_year: i32,
    /// The programme the step belongs to: `ita` (the measures), `risk` (a risk's treatment),
    /// `anticorruption` (the action plan).
    pub plan: String,
    /// The line as printed ("๒. …").
    pub text: String,
    pub due_on: NaiveDate,
    /// Past its due date (else due within `REMIND_DAYS`).
    pub late: bool,
}

/// What one person should be reminded of.
#[derive(Debug, Clone, Serialize)]
pub struct Reminder {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub lines: Vec<ReminderLine>,
}

impl Store {
    /// The reminders of an agency not yet sent on `channel` as of `today`: every open step or
    /// reporting line due within `REMIND_DAYS` or late (up to 60 days), for the active users of
    /// its owner unit; lines without an owner unit go to the agency's coordinators.
    pub async fn pending_reminders(
        &self,
        scope: &AgencyScope,
        channel: &str,
        today: NaiveDate,
    ) -> Result<Vec<Reminder>> {
        let horizon = today + chrono::Days::new(prongsai_domain::measures::REMIND_DAYS as u64);
        let oldest = today - chrono::Days::new(LATE_WINDOW_DAYS as u64);
        let of_agency = sea_orm::sea_query::Query::select()
            .column(measure::Column::Id)
            .from(measure::Entity)
            .and_where(measure::Column::AgencyId.eq(scope.agency_id()))
            .to_owned();
        let lines = measure_line::Entity::find()
            .filter(measure_line::Column::MeasureId.in_subquery(of_agency))
            .filter(measure_line::Column::ColumnKind.is_in(["step", "schedule"]))
            .filter(measure_line::Column::DueEnd.lte(horizon))
            .filter(measure_line::Column::DueEnd.gte(oldest))
            .all(&self.db)
            .await?;
        let measures: std::collections::HashMap<i64, (i32, String)> = measure::Entity::find()
            .filter(measure::Column::AgencyId.eq(scope.agency_id()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| (m.id, (m.fiscal_year, m.plan)))
            .collect();
        let users = user::Entity::find()
            .filter(user::Column::AgencyId.eq(scope.agency_id()))
            .filter(user::Column::Active.eq(true))
            .all(&self.db)
            .await?;
        let sent: HashSet<(i64, i64, String, NaiveDate)> = reminder_sent::Entity::find()
            .filter(reminder_sent::Column::AgencyId.eq(scope.agency_id()))
            .filter(reminder_sent::Column::Channel.eq(channel))
            .filter(reminder_sent::Column::DueOn.gte(oldest))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.user_id, r.line_id, r.kind, r.due_on))
            .collect();
        let mut out: Vec<Reminder> = Vec::new();
        for l in &lines {
            let status = StepStatus::parse(&l.status).unwrap_or(StepStatus::NotStarted);
            let Some(due) = l.due_end else { continue };
            let late = match Standing::of(status, Some(due), today) {
                Standing::Late => true,
                Standing::DueSoon => false,
                _ => continue,
            };
            let kind = if late { "late" } else { "soon" };
            for u in &users {
                let role = u.role();
                let theirs = match l.owner_unit_id {
                    Some(unit) => {
                        u.unit_id == Some(unit)
                            && (role.allows(Permission::EditOwnWork)
                                || role.allows(Permission::ManageAssessment))
                    }
                    None => role == Role::AgencyAdmin,
                };
                if !theirs || sent.contains(&(u.id, l.id, kind.to_string(), due)) {
                    continue;
                }
                let (fiscal_year, plan) = measures.get(&l.measure_id).cloned().unwrap_or_default();
                let line = ReminderLine {
                    line_id: l.id,
                    fiscal_year,
                    plan,
                    text: l.display(),
                    due_on: due,
                    late,
                };
                match out.iter_mut().find(|r| r.user_id == u.id) {
                    Some(r) => r.lines.push(line),
                    None => out.push(Reminder {
                        user_id: u.id,
                        username: u.username.clone(),
                        display_name: u.display_name.clone(),
                        lines: vec![line],
                    }),
                }
            }
        }
        for r in &mut out {
            r.lines.sort_by_key(|l| (l.due_on, l.line_id));
        }
        out.sort_by_key(|r| r.user_id);
        Ok(out)
    }

    /// Record that a reminder went out on `channel`, so it is not sent again. Recording twice
    /// is harmless.
    pub async fn mark_reminded(
        &self,
        scope: &AgencyScope,
        channel: &str,
        r: &Reminder,
    ) -> Result<()> {
        use sea_orm::sea_query::OnConflict;
        let now = Utc::now();
        let rows: Vec<_> = r
            .lines
            .iter()
            .map(|l| reminder_sent::ActiveModel {
                agency_id: Set(scope.agency_id()),
                user_id: Set(r.user_id),
                line_id: Set(l.line_id),
                channel: Set(channel.to_string()),
                kind: Set(if l.late { "late" } else { "soon" }.to_string()),
                due_on: Set(l.due_on),
                sent_at: Set(now),
                ..Default::default()
            })
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        reminder_sent::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    reminder_sent::Column::UserId,
                    reminder_sent::Column::LineId,
                    reminder_sent::Column::Channel,
                    reminder_sent::Column::Kind,
                    reminder_sent::Column::DueOn,
                ])
                .do_nothing()
                .to_owned(),
            )
            .do_nothing()
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

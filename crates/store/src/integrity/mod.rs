//! Integrity registers (issue 8): the agency's integrity activities of a fiscal year (the No Gift
//! culture, การขับเคลื่อนจริยธรรม, the executives' participation) and the register of gifts and
//! benefits received, with what their yearly reports are built from.
//!
//! The rules live in `domain::integrity` ([`Activity::check`], [`Gift::validate`]); this module
//! keeps the rows, scoped by agency (another agency's id is simply not found), each write one
//! transaction with one audit entry (before and after). A year whose report has been submitted
//! or signed is frozen: every write that changes that year's rows of a kind calls
//! [`signoff::check_editable`] inside its transaction, so a sign-off cannot slip in between the
//! check and the change; a change afterwards needs a new version opened first.

pub mod demo;
pub mod entities;

use chrono::{NaiveDate, Utc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::integrity::{
    Activity, ActivityKind, ActivityReport, Gift, GiftReport, GiverKind, Handling,
    ReportedActivity, GIFT_REPORT_KIND,
};
use prongsai_domain::procurement::Money;
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::signoff::{self, SignKey};
use crate::{Actor, AgencyScope, Result, Store, StoreError};
use entities::{integrity_activity as activity, integrity_gift as gift};

fn corrupt(what: &str, id: i64) -> StoreError {
    StoreError::Other(format!(
        "stored {what} of integrity row {id} cannot be read"
    ))
}

/// The first of the domain's refusals (the web shows them all before it gets here).
fn refused(errors: Vec<InputError>) -> StoreError {
    StoreError::Input(
        errors
            .into_iter()
            .next()
            .unwrap_or_else(|| InputError::new("form", "ข้อมูลไม่ถูกต้อง", "The input is not valid")),
    )
}

/// An activity as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredActivity {
    pub id: i64,
    pub fiscal_year: FiscalYear,
    pub activity: Activity,
}

/// A gift as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredGift {
    pub id: i64,
    pub fiscal_year: FiscalYear,
    pub gift: Gift,
}

fn to_activity(m: activity::Model) -> Result<StoredActivity> {
    let id = m.id;
    Ok(StoredActivity {
        id,
        fiscal_year: FiscalYear::new(m.fiscal_year).map_err(|_| corrupt("year", id))?,
        activity: Activity {
            kind: ActivityKind::parse(&m.kind).ok_or_else(|| corrupt("kind", id))?,
            title: m.title,
            start: m.start_on,
            end: m.end_on,
            place: m.place,
            description: m.description,
            participants: u32::try_from(m.participants).map_err(|_| corrupt("participants", id))?,
            executives: Activity::executive_lines(&m.executives),
            links: serde_json::from_str(&m.links).map_err(|_| corrupt("links", id))?,
            document_ids: serde_json::from_str(&m.document_ids)
                .map_err(|_| corrupt("documents", id))?,
        },
    })
}

fn to_gift(m: gift::Model) -> Result<StoredGift> {
    let id = m.id;
    Ok(StoredGift {
        id,
        fiscal_year: FiscalYear::new(m.fiscal_year).map_err(|_| corrupt("year", id))?,
        gift: Gift {
            received_on: m.received_on,
            giver: m.giver,
            giver_kind: GiverKind::parse(&m.giver_kind).ok_or_else(|| corrupt("giver", id))?,
            from_relative: m.from_relative,
            description: m.description,
            value: Money::from_satang(m.value).ok_or_else(|| corrupt("value", id))?,
            recipient: m.recipient,
            recipient_position: m.recipient_position,
            occasion: m.occasion,
            handling: Handling::parse(&m.handling).ok_or_else(|| corrupt("handling", id))?,
            handling_note: m.handling_note,
            reported_on: m.reported_on,
            accept_over_limit: m.accept_over_limit,
        },
    })
}

/// Every document must be one of the agency's.
async fn check_documents<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    ids: &[i64],
) -> Result<()> {
    use crate::disclosure::entities::document;
    if ids.is_empty() {
        return Ok(());
    }
    let found: Vec<i64> = document::Entity::find()
        .select_only()
        .column(document::Column::Id)
        .filter(document::Column::AgencyId.eq(scope.agency_id()))
        .filter(document::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(c)
        .await?;
    if ids.iter().all(|i| found.contains(i)) {
        Ok(())
    } else {
        Err(StoreError::Input(InputError::new(
            "documents",
            "ไม่พบเอกสารนี้ในคลังเอกสารของหน่วยงาน",
            "This document is not in the agency's library",
        )))
    }
}

fn json(v: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(e.to_string()))
}

fn activity_key(kind: ActivityKind, year: FiscalYear) -> SignKey<'static> {
    SignKey::year(kind.code(), year)
}

fn gift_key(year: FiscalYear) -> SignKey<'static> {
    SignKey::year(GIFT_REPORT_KIND, year)
}

impl Store {
    // ----- activities ---------------------------------------------------------------------------

    /// The activities of `year` (of one kind, or all), in the order of their dates.
    pub async fn integrity_activities(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        kind: Option<ActivityKind>,
    ) -> Result<Vec<StoredActivity>> {
        let mut q = activity::Entity::find()
            .filter(activity::Column::AgencyId.eq(scope.agency_id()))
            .filter(activity::Column::FiscalYear.eq(year.be()));
        if let Some(k) = kind {
            q = q.filter(activity::Column::Kind.eq(k.code()));
        }
        q.order_by_asc(activity::Column::StartOn)
            .order_by_asc(activity::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_activity)
            .collect()
    }

    pub async fn integrity_activity(&self, scope: &AgencyScope, id: i64) -> Result<StoredActivity> {
        to_activity(
            crate::find_in_scope::<activity::Entity, _>(
                &self.db,
                scope,
                activity::Column::AgencyId,
                id,
            )
            .await?,
        )
    }

    /// Record an activity of `year` (refused while that kind's report of the year is submitted
    /// or signed).
    pub async fn create_integrity_activity(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        a: &Activity,
    ) -> Result<StoredActivity> {
        let a = a.check(year).map_err(refused)?;
        let mut w = self.write(scope, actor).await?;
        signoff::check_editable(&w.txn, scope, activity_key(a.kind, year)).await?;
        check_documents(&w.txn, scope, &a.document_ids).await?;
        let now = Utc::now();
        let m = activity::ActiveModel {
            agency_id: Set(scope.agency_id()),
            fiscal_year: Set(year.be()),
            kind: Set(a.kind.code().to_owned()),
            title: Set(a.title.clone()),
            start_on: Set(a.start),
            end_on: Set(a.end),
            place: Set(a.place.clone()),
            description: Set(a.description.clone()),
            participants: Set(a.participants as i32),
            executives: Set(a.executives.join("\n")),
            links: Set(json(&a.links)?),
            document_ids: Set(json(&a.document_ids)?),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.audit(
            "integrity_activity",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        to_activity(m)
    }

    /// Change an activity (its year stays; its kind may change: both kinds' reports of the year
    /// must be editable).
    pub async fn update_integrity_activity(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        a: &Activity,
    ) -> Result<StoredActivity> {
        let mut w = self.write(scope, actor).await?;
        let before = crate::find_in_scope::<activity::Entity, _>(
            &w.txn,
            scope,
            activity::Column::AgencyId,
            id,
        )
        .await?;
        let year = FiscalYear::new(before.fiscal_year).map_err(|_| corrupt("year", id))?;
        let a = a.check(year).map_err(refused)?;
        let old_kind = ActivityKind::parse(&before.kind).ok_or_else(|| corrupt("kind", id))?;
        signoff::check_editable(&w.txn, scope, activity_key(old_kind, year)).await?;
        if old_kind != a.kind {
            signoff::check_editable(&w.txn, scope, activity_key(a.kind, year)).await?;
        }
        check_documents(&w.txn, scope, &a.document_ids).await?;
        let mut am = before.clone().into_active_model();
        am.kind = Set(a.kind.code().to_owned());
        am.title = Set(a.title.clone());
        am.start_on = Set(a.start);
        am.end_on = Set(a.end);
        am.place = Set(a.place.clone());
        am.description = Set(a.description.clone());
        am.participants = Set(a.participants as i32);
        am.executives = Set(a.executives.join("\n"));
        am.links = Set(json(&a.links)?);
        am.document_ids = Set(json(&a.document_ids)?);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "integrity_activity",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_activity(after)
    }

    /// Delete an activity (recorded in the audit log with what it held).
    pub async fn delete_integrity_activity(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = crate::find_in_scope::<activity::Entity, _>(
            &w.txn,
            scope,
            activity::Column::AgencyId,
            id,
        )
        .await?;
        let year = FiscalYear::new(before.fiscal_year).map_err(|_| corrupt("year", id))?;
        let kind = ActivityKind::parse(&before.kind).ok_or_else(|| corrupt("kind", id))?;
        signoff::check_editable(&w.txn, scope, activity_key(kind, year)).await?;
        activity::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.audit(
            "integrity_activity",
            Some(id.to_string()),
            "delete",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// The content of `kind`'s report of `year` as the data is now: the activities in the
    /// order of their dates, each with the titles of its documents (a document since deleted
    /// is left out).
    pub async fn integrity_activity_report(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        kind: ActivityKind,
        agency: &str,
        today: NaiveDate,
    ) -> Result<ActivityReport> {
        use crate::disclosure::entities::document;
        let rows = self.integrity_activities(scope, year, Some(kind)).await?;
        let ids: Vec<i64> = rows
            .iter()
            .flat_map(|r| r.activity.document_ids.iter().copied())
            .collect();
        let titles: Vec<(i64, String)> = if ids.is_empty() {
            Vec::new()
        } else {
            document::Entity::find()
                .select_only()
                .column(document::Column::Id)
                .column(document::Column::Title)
                .filter(document::Column::AgencyId.eq(scope.agency_id()))
                .filter(document::Column::Id.is_in(ids))
                .into_tuple()
                .all(&self.db)
                .await?
        };
        Ok(ActivityReport {
            kind,
            fiscal_year: year,
            agency: agency.to_owned(),
            activities: rows
                .into_iter()
                .map(|r| ReportedActivity {
                    documents: r
                        .activity
                        .document_ids
                        .iter()
                        .filter_map(|id| titles.iter().find(|(i, _)| i == id))
                        .map(|(_, t)| t.clone())
                        .collect(),
                    activity: r.activity,
                })
                .collect(),
            prepared_on: today,
        })
    }

    // ----- gifts --------------------------------------------------------------------------------

    /// The gifts received in `year`, in the order they were received.
    pub async fn integrity_gifts(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<StoredGift>> {
        gift::Entity::find()
            .filter(gift::Column::AgencyId.eq(scope.agency_id()))
            .filter(gift::Column::FiscalYear.eq(year.be()))
            .order_by_asc(gift::Column::ReceivedOn)
            .order_by_asc(gift::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_gift)
            .collect()
    }

    pub async fn integrity_gift(&self, scope: &AgencyScope, id: i64) -> Result<StoredGift> {
        to_gift(
            crate::find_in_scope::<gift::Entity, _>(&self.db, scope, gift::Column::AgencyId, id)
                .await?,
        )
    }

    fn gift_model(g: &Gift) -> gift::ActiveModel {
        gift::ActiveModel {
            received_on: Set(g.received_on),
            giver: Set(g.giver.clone()),
            giver_kind: Set(g.giver_kind.code().to_owned()),
            from_relative: Set(g.from_relative),
            description: Set(g.description.clone()),
            value: Set(g.value.satang()),
            recipient: Set(g.recipient.clone()),
            recipient_position: Set(g.recipient_position.clone()),
            occasion: Set(g.occasion.clone()),
            handling: Set(g.handling.code().to_owned()),
            handling_note: Set(g.handling_note.clone()),
            reported_on: Set(g.reported_on),
            accept_over_limit: Set(g.accept_over_limit),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
    }

    /// Record a gift received in `year` (a warning must have been confirmed; refused while the
    /// year's report is submitted or signed).
    pub async fn create_integrity_gift(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        g: &Gift,
    ) -> Result<StoredGift> {
        let g = g.validate(year).map_err(refused)?;
        let mut w = self.write(scope, actor).await?;
        signoff::check_editable(&w.txn, scope, gift_key(year)).await?;
        let mut am = Self::gift_model(&g);
        am.agency_id = Set(scope.agency_id());
        am.fiscal_year = Set(year.be());
        am.created_at = Set(Utc::now());
        let m = am.insert(&w.txn).await?;
        w.audit(
            "integrity_gift",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        to_gift(m)
    }

    /// Change a gift (its year stays).
    pub async fn update_integrity_gift(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        g: &Gift,
    ) -> Result<StoredGift> {
        let mut w = self.write(scope, actor).await?;
        let before =
            crate::find_in_scope::<gift::Entity, _>(&w.txn, scope, gift::Column::AgencyId, id)
                .await?;
        let year = FiscalYear::new(before.fiscal_year).map_err(|_| corrupt("year", id))?;
        let g = g.validate(year).map_err(refused)?;
        signoff::check_editable(&w.txn, scope, gift_key(year)).await?;
        let mut am = Self::gift_model(&g);
        am.id = Set(id);
        am.agency_id = Set(before.agency_id);
        am.fiscal_year = Set(before.fiscal_year);
        am.created_at = Set(before.created_at);
        let after = am.update(&w.txn).await?;
        w.audit(
            "integrity_gift",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_gift(after)
    }

    /// Delete a gift (recorded in the audit log with what it held).
    pub async fn delete_integrity_gift(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before =
            crate::find_in_scope::<gift::Entity, _>(&w.txn, scope, gift::Column::AgencyId, id)
                .await?;
        let year = FiscalYear::new(before.fiscal_year).map_err(|_| corrupt("year", id))?;
        signoff::check_editable(&w.txn, scope, gift_key(year)).await?;
        gift::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.audit(
            "integrity_gift",
            Some(id.to_string()),
            "delete",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// The content of the gifts report of `year` as the data is now.
    pub async fn integrity_gift_report(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        agency: &str,
        today: NaiveDate,
    ) -> Result<GiftReport> {
        Ok(GiftReport {
            fiscal_year: year,
            agency: agency.to_owned(),
            gifts: self
                .integrity_gifts(scope, year)
                .await?
                .into_iter()
                .map(|g| g.gift)
                .collect(),
            prepared_on: today,
        })
    }
}

#[cfg(test)]
mod tests;

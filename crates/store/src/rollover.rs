//! The yearly rollover in the database: what year N has for each item (the inputs of
//! `domain::rollover::plan`), and applying a plan to year N+1 in one transaction with one audit
//! entry.
//!
//! A carried piece of evidence is a new row of year N+1's item pointing at the same document,
//! link or page, marked with the key `rollover:{year N}:{source evidence id}` (the unique index
//! on the item's keys makes a second copy impossible); evidence the item already has (the same
//! document, link or page) is not added again, so applying twice adds nothing. The responsible
//! unit is set where year N+1's item has none. Year N's rows are only read.

use std::collections::BTreeMap;

use chrono::Utc;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::rollover::{Plan, SourceEvidence, SourceItem};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde::Serialize;

use crate::disclosure::entities::{disclosure, evidence};
use crate::{Actor, AgencyScope, Result, Store, StoreError};

/// The key of a carried piece of evidence.
pub fn carry_key(from_year: i32, source_evidence_id: i64) -> String {
    format!("rollover:{from_year}:{source_evidence_id}")
}

/// Whether a piece of evidence was carried by a rollover (not attached by a module).
pub fn is_carried(auto_key: Option<&str>) -> bool {
    auto_key.is_some_and(|k| k.starts_with("rollover:"))
}

/// What applying a plan wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Pieces of evidence carried.
    pub carried: usize,
    /// Pieces already there (carried before, or attached by hand).
    pub already: usize,
    /// Pieces whose source is gone (removed since the plan was made).
    pub gone: usize,
    /// Items whose responsible unit was set.
    pub units: usize,
}

#[derive(Serialize)]
struct CarriedEntry<'a> {
    item: &'a str,
    from_item: &'a str,
    source: i64,
    evidence: i64,
}

impl Store {
    /// What year `year` has for each item, as the rollover plan reads it: the responsible unit
    /// and the current evidence (earlier versions of replaced evidence are left out).
    pub async fn rollover_sources(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<BTreeMap<String, SourceItem>> {
        Ok(self
            .disclosures(scope, year)
            .await?
            .into_iter()
            .map(|(code, d)| {
                let item = SourceItem {
                    unit_id: d.disclosure.as_ref().and_then(|x| x.unit_id),
                    evidence: d
                        .evidence
                        .iter()
                        .map(|e| SourceEvidence {
                            id: e.evidence.id,
                            label: e.evidence.label.clone(),
                            data_year: e.evidence.data_year,
                            produced: e.evidence.auto_key.is_some()
                                && !is_carried(e.evidence.auto_key.as_deref()),
                        })
                        .collect(),
                };
                (code, item)
            })
            .collect())
    }

    /// Apply a rollover plan to its later year: carry the evidence, set the responsible units.
    /// One transaction and one audit entry; nothing is written (and no entry made) when the
    /// later year already has everything.
    pub async fn apply_rollover(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        plan: &Plan,
    ) -> Result<Applied> {
        let to = FiscalYear::new(plan.to_year).map_err(|_| StoreError::NotFound)?;
        let from = FiscalYear::new(plan.from_year).map_err(|_| StoreError::NotFound)?;
        let mut w = self.write(scope, actor).await?;
        // the earlier year's evidence, read again inside the transaction
        let from_ids: Vec<i64> = disclosure::Entity::find()
            .filter(disclosure::Column::AgencyId.eq(scope.agency_id()))
            .filter(disclosure::Column::FiscalYear.eq(from.be()))
            .all(&w.txn)
            .await?
            .into_iter()
            .map(|d| d.id)
            .collect();
        let wanted: Vec<i64> = plan
            .items
            .iter()
            .flat_map(|i| i.carry.iter().map(|c| c.evidence_id))
            .collect();
        let sources: BTreeMap<i64, evidence::Model> = if wanted.is_empty() || from_ids.is_empty() {
            BTreeMap::new()
        } else {
            evidence::Entity::find()
                .filter(evidence::Column::AgencyId.eq(scope.agency_id()))
                .filter(evidence::Column::DisclosureId.is_in(from_ids))
                .filter(evidence::Column::Id.is_in(wanted))
                .all(&w.txn)
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect()
        };
        let mut applied = Applied::default();
        let mut carried = Vec::new();
        let mut units = Vec::new();
        for item in &plan.items {
            if item.carry.is_empty() && item.unit_id.is_none() {
                continue;
            }
            let existing = crate::disclosure::disclosure_row(&w.txn, scope, to, &item.code).await?;
            let needs_unit =
                item.unit_id.is_some() && existing.as_ref().is_none_or(|d| d.unit_id.is_none());
            let mut carry: Vec<(&evidence::Model, &str)> = Vec::new();
            for c in &item.carry {
                match sources.get(&c.evidence_id) {
                    Some(src) => carry.push((src, c.from_code.as_str())),
                    None => applied.gone += 1,
                }
            }
            if carry.is_empty() && !needs_unit {
                continue;
            }
            let d = match existing {
                Some(d) => d,
                None => crate::disclosure::ensure_disclosure(&w.txn, scope, to, &item.code).await?,
            };
            if needs_unit {
                let mut am = d.clone().into_active_model();
                am.unit_id = Set(item.unit_id);
                am.updated_at = Set(Utc::now());
                am.update(&w.txn).await?;
                applied.units += 1;
                units.push((item.code.as_str(), item.unit_id));
            }
            if carry.is_empty() {
                continue;
            }
            let mut have = evidence::Entity::find()
                .filter(evidence::Column::DisclosureId.eq(d.id))
                .order_by_asc(evidence::Column::SortOrder)
                .all(&w.txn)
                .await?;
            let mut next_order = have.iter().map(|e| e.sort_order).max().unwrap_or(0) + 1;
            for (src, from_item) in carry {
                let key = carry_key(from.be(), src.id);
                // carried before (even if replaced since), or the same target already there
                let there = have.iter().any(|e| {
                    e.auto_key.as_deref() == Some(key.as_str())
                        || (e.superseded_by.is_none()
                            && e.kind == src.kind
                            && e.document_id == src.document_id
                            && e.url == src.url)
                });
                if there {
                    applied.already += 1;
                    continue;
                }
                let row = evidence::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    disclosure_id: Set(d.id),
                    sort_order: Set(next_order),
                    kind: Set(src.kind.clone()),
                    document_id: Set(src.document_id),
                    url: Set(src.url.clone()),
                    label: Set(src.label.clone()),
                    data_year: Set(src.data_year),
                    period: Set(src.period.clone()),
                    published_on: Set(src.published_on),
                    auto_key: Set(Some(key)),
                    // the link checker's verdict holds for the same URL
                    link_status: Set(src.link_status.clone()),
                    link_note: Set(src.link_note.clone()),
                    link_checked_at: Set(src.link_checked_at),
                    created_by: Set(actor.user_id),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?;
                next_order += 1;
                applied.carried += 1;
                carried.push(CarriedEntry {
                    item: &item.code,
                    from_item,
                    source: src.id,
                    evidence: row.id,
                });
                have.push(row);
            }
        }
        if carried.is_empty() && units.is_empty() {
            // nothing to write: the transaction is dropped (rolled back)
            return Ok(applied);
        }
        w.audit(
            "rollover",
            Some(format!("{}-{}", from.be(), to.be())),
            "apply",
            None::<&()>,
            Some(&serde_json::json!({
                "from": from.be(),
                "to": to.be(),
                "carried": carried,
                "units": units,
            })),
        )
        .await?;
        w.commit().await?;
        Ok(applied)
    }
}

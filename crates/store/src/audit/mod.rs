//! The audit log: every write appends an entry to its agency's hash chain in the same
//! transaction ([`WriteTxn`]); [`verify`] walks every chain.
//!
//! Chains are per agency (chain 0 is the system's: agencies created, system admins), so one
//! agency's writes never wait for another's on PostgreSQL. A write transaction first locks its
//! chain's head row, which serialises appends to the chain and, on SQLite, takes the write lock
//! before any read so that concurrent writers wait instead of failing.

pub mod entities;

use chrono::Utc;
use entities::{audit_head, audit_log};
use prongsai_domain::audit::{truncate_to_micros, AuditRecord, ChainVerifier, VerifyReport};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;

use crate::{Actor, AgencyScope, Result, Store, StoreError};

/// The system chain: agencies and system administrators.
pub const SYSTEM_CHAIN: i64 = 0;

/// An open write transaction on one audit chain. Commit fails unless an entry was appended.
pub struct WriteTxn {
    pub(crate) txn: DatabaseTransaction,
    chain_id: i64,
    actor: Actor,
    entries: u32,
}

impl Store {
    /// Begin a write on an agency's data.
    pub(crate) async fn write(&self, scope: &AgencyScope, actor: &Actor) -> Result<WriteTxn> {
        self.write_chain(scope.agency_id(), actor).await
    }

    /// How far the agency's chain has come: every write of the agency moves it, so it is a
    /// cheap version of everything the agency has (for ETags of public pages).
    pub async fn audit_position(&self, scope: &AgencyScope) -> Result<i64> {
        Ok(audit_head::Entity::find_by_id(scope.agency_id())
            .one(&self.db)
            .await?
            .map(|h| h.last_seq)
            .unwrap_or(0))
    }

    /// Begin a write on the system chain.
    pub(crate) async fn write_system(&self, actor: &Actor) -> Result<WriteTxn> {
        self.write_chain(SYSTEM_CHAIN, actor).await
    }

    async fn write_chain(&self, chain_id: i64, actor: &Actor) -> Result<WriteTxn> {
        let txn = self.db.begin().await?;
        let locked = audit_head::Entity::update_many()
            .col_expr(
                audit_head::Column::LastSeq,
                Expr::col(audit_head::Column::LastSeq).into(),
            )
            .filter(audit_head::Column::ChainId.eq(chain_id))
            .exec(&txn)
            .await?;
        if locked.rows_affected != 1 {
            txn.rollback().await?;
            return Err(StoreError::Other(format!(
                "audit chain {chain_id} has no head"
            )));
        }
        Ok(WriteTxn {
            txn,
            chain_id,
            actor: actor.clone(),
            entries: 0,
        })
    }
}

impl WriteTxn {
    /// Append an audit entry for a change. `before`/`after` are the states as JSON.
    pub(crate) async fn audit<B: Serialize, A: Serialize>(
        &mut self,
        entity: &str,
        entity_id: Option<String>,
        action: &str,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let head = audit_head::Entity::find_by_id(self.chain_id)
            .one(&self.txn)
            .await?
            .ok_or_else(|| StoreError::Other("audit head vanished".into()))?;
        let rec = AuditRecord {
            seq: head.last_seq + 1,
            at: if self.actor.day_only {
                // midnight UTC of the day: the order is the sequence number's
                Utc::now()
                    .date_naive()
                    .and_time(chrono::NaiveTime::MIN)
                    .and_utc()
            } else {
                truncate_to_micros(Utc::now())
            },
            agency_id: (self.chain_id != SYSTEM_CHAIN).then_some(self.chain_id),
            actor_user_id: self.actor.user_id,
            actor_label: self.actor.label.clone(),
            entity: entity.to_string(),
            entity_id,
            action: action.to_string(),
            before: before.map(json),
            after: after.map(json),
            prev_hash: head.last_hash.clone(),
            hash: String::new(),
        }
        .seal();
        audit_log::Entity::insert(audit_log::ActiveModel {
            chain_id: Set(self.chain_id),
            seq: Set(rec.seq),
            at: Set(rec.at),
            agency_id: Set(rec.agency_id),
            actor_user_id: Set(rec.actor_user_id),
            actor_label: Set(rec.actor_label.clone()),
            entity: Set(rec.entity.clone()),
            entity_id: Set(rec.entity_id.clone()),
            action: Set(rec.action.clone()),
            before: Set(rec.before.clone()),
            after: Set(rec.after.clone()),
            prev_hash: Set(rec.prev_hash.clone()),
            hash: Set(rec.hash.clone()),
            ..Default::default()
        })
        .exec(&self.txn)
        .await?;
        audit_head::Entity::update(audit_head::ActiveModel {
            chain_id: Set(self.chain_id),
            last_seq: Set(rec.seq),
            last_hash: Set(rec.hash),
        })
        .exec(&self.txn)
        .await?;
        self.entries += 1;
        Ok(())
    }

    /// Start a new chain for a new agency, inside this (system) transaction.
    pub(crate) async fn create_chain(&self, chain_id: i64) -> Result<()> {
        audit_head::Entity::insert(audit_head::ActiveModel {
            chain_id: Set(chain_id),
            last_seq: Set(0),
            last_hash: Set(prongsai_domain::audit::GENESIS_HASH.to_string()),
        })
        .exec(&self.txn)
        .await?;
        Ok(())
    }

    /// Commit; a write with no audit entry is a bug and is rolled back.
    pub(crate) async fn commit(self) -> Result<()> {
        if self.entries == 0 {
            self.txn.rollback().await?;
            return Err(StoreError::Other("write without an audit entry".into()));
        }
        self.txn.commit().await?;
        Ok(())
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("\"<unserializable: {e}>\""))
}

fn to_record(m: audit_log::Model) -> AuditRecord {
    AuditRecord {
        seq: m.seq,
        at: m.at,
        agency_id: m.agency_id,
        actor_user_id: m.actor_user_id,
        actor_label: m.actor_label,
        entity: m.entity,
        entity_id: m.entity_id,
        action: m.action,
        before: m.before,
        after: m.after,
        prev_hash: m.prev_hash,
        hash: m.hash,
    }
}

/// The result of verifying one chain.
#[derive(Debug, Clone)]
pub struct ChainReport {
    pub chain_id: i64,
    pub report: VerifyReport,
}

/// Verify every chain, in stored order, in pages (memory stays flat for long logs).
pub async fn verify(store: &Store) -> Result<Vec<ChainReport>> {
    let heads = audit_head::Entity::find()
        .order_by_asc(audit_head::Column::ChainId)
        .all(&store.db)
        .await?;
    // Chains that have entries but lost their head row are reported too.
    let chain_ids: Vec<i64> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::ChainId)
        .distinct()
        .into_tuple()
        .all(&store.db)
        .await?;
    let mut ids: Vec<i64> = heads.iter().map(|h| h.chain_id).chain(chain_ids).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for chain_id in ids {
        let mut v = ChainVerifier::default();
        let mut pages = audit_log::Entity::find()
            .filter(audit_log::Column::ChainId.eq(chain_id))
            .order_by_asc(audit_log::Column::Id)
            .paginate(&store.db, 2000);
        while let Some(page) = pages.fetch_and_next().await? {
            for m in page {
                v.push(&to_record(m));
            }
        }
        let head = heads.iter().find(|h| h.chain_id == chain_id);
        let report = v.finish(head.map(|h| (h.last_seq, h.last_hash.as_str())));
        out.push(ChainReport { chain_id, report });
    }
    Ok(out)
}

/// Verify one agency's chain (for the audit page).
pub async fn verify_agency(store: &Store, scope: &AgencyScope) -> Result<VerifyReport> {
    Ok(verify(store)
        .await?
        .into_iter()
        .find(|c| c.chain_id == scope.agency_id())
        .map(|c| c.report)
        .unwrap_or(VerifyReport {
            checked: 0,
            problems: vec![],
        }))
}

/// The newest entries of an agency, newest first.
pub async fn list(
    store: &Store,
    scope: &AgencyScope,
    limit: u64,
    offset: u64,
) -> Result<Vec<AuditRecord>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::ChainId.eq(scope.agency_id()))
        .order_by_desc(audit_log::Column::Seq)
        .limit(limit)
        .offset(offset)
        .all(&store.db)
        .await?
        .into_iter()
        .map(to_record)
        .collect())
}

/// How many entries an agency's chain has.
pub async fn count(store: &Store, scope: &AgencyScope) -> Result<u64> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::ChainId.eq(scope.agency_id()))
        .count(&store.db)
        .await?)
}

//! Replacing a piece of evidence with a new version: the new one takes the old one's place on
//! the item, the old one stays as an earlier version (`superseded_by`), still reachable from the
//! item's permalink and no longer counted by readiness. What a module attached replaces itself
//! (`attach_auto`), so it is not replaced by hand.

use chrono::Utc;
use prongsai_domain::calendar::FiscalYear;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

use super::entities::evidence;
use super::{check_code, checked, disclosure_row, refused, Evidence, NewEvidence};
use crate::{Actor, AgencyScope, Result, Store, StoreError};

impl Store {
    /// Replace the current evidence `id` of an item with `new`; returns the new evidence.
    pub async fn replace_evidence(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        code: &str,
        id: i64,
        new: NewEvidence,
    ) -> Result<Evidence> {
        check_code(code)?;
        let mut w = self.write(scope, actor).await?;
        let d = disclosure_row(&w.txn, scope, year, code)
            .await?
            .ok_or(StoreError::NotFound)?;
        let old = evidence::Entity::find_by_id(id)
            .filter(evidence::Column::AgencyId.eq(scope.agency_id()))
            .filter(evidence::Column::DisclosureId.eq(d.id))
            .filter(evidence::Column::SupersededBy.is_null())
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if old
            .auto_key
            .as_deref()
            .is_some_and(|k| !crate::rollover::is_carried(Some(k)))
        {
            return Err(refused(
                "document_id",
                "หลักฐานที่ระบบแนบให้เองจะปรับเป็นฉบับใหม่เองเมื่อมีข้อมูลใหม่",
                "Evidence that Prongsai attached by itself is replaced by itself when there is new data",
            ));
        }
        let v = checked(&w.txn, scope, new).await?;
        if v.kind == old.kind && v.document_id == old.document_id && v.url == old.url {
            return Err(refused(
                "document_id",
                "ฉบับใหม่ต้องเป็นเอกสารหรือลิงก์อื่น ไม่ใช่ฉบับเดิม",
                "The new version must be another document or link, not the same one",
            ));
        }
        let mut am = evidence::ActiveModel {
            agency_id: Set(scope.agency_id()),
            disclosure_id: Set(d.id),
            // it takes the old one's place in the item's order
            sort_order: Set(old.sort_order),
            auto_key: Set(None),
            link_status: Set(None),
            link_note: Set(None),
            link_checked_at: Set(None),
            superseded_by: Set(None),
            created_by: Set(actor.user_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        v.apply(&mut am);
        let e = am.insert(&w.txn).await?;
        let mut before = old.clone().into_active_model();
        before.superseded_by = Set(Some(e.id));
        before.update(&w.txn).await?;
        w.audit(
            "disclosure_evidence",
            Some(old.id.to_string()),
            "replace",
            Some(&old),
            Some(&serde_json::json!({ "item": code, "fiscal_year": year.be(), "evidence": &e })),
        )
        .await?;
        w.commit().await?;
        Ok(e)
    }
}

//! Sign-off of the documents a feature produces (the risk assessment, the anti-corruption plan
//! and its reports, announcements, the HR and gift reports …): one generic table of versions,
//! each keyed by (kind, fiscal year, period). The feature builds its content; submitting freezes
//! that content as JSON (what the executive reads is what was sent), a second person
//! acknowledges it, and a change afterwards is a new version that needs its own sign-off; old
//! versions stay readable as signed. The moves themselves are the measures' report rounds'
//! rules ([`RoundState::submit`], [`RoundState::withdraw`], [`RoundState::acknowledge`],
//! [`RoundState::check_new_version`]), so every sign-off in Prongsai behaves the same.

pub mod entities;

use chrono::Utc;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{RoundPeriod, RoundState};
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use serde::{de::DeserializeOwned, Serialize};

use crate::{Actor, AgencyScope, Result, Store, StoreError};
use entities::signed_document;

pub use signed_document::Model as Signed;

/// What is signed: the feature's kind (e.g. `"risk.assessment"`, `"hr.report"`), the fiscal
/// year and the period (the whole year, or the six-month round).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignKey<'a> {
    pub kind: &'a str,
    pub year: FiscalYear,
    pub period: RoundPeriod,
}

impl<'a> SignKey<'a> {
    pub fn year(kind: &'a str, year: FiscalYear) -> Self {
        Self {
            kind,
            year,
            period: RoundPeriod::Year,
        }
    }
}

impl Signed {
    pub fn period(&self) -> RoundPeriod {
        RoundPeriod::parse(&self.period).unwrap_or(RoundPeriod::Year)
    }
    pub fn state(&self) -> RoundState {
        RoundState::parse(&self.state).unwrap_or(RoundState::Draft)
    }
    pub fn fiscal_year(&self) -> Option<FiscalYear> {
        FiscalYear::new(self.fiscal_year).ok()
    }
    /// The content as submitted; `None` while the version is a draft.
    pub fn content<T: DeserializeOwned>(&self) -> Result<Option<T>> {
        match &self.snapshot {
            Some(s) if self.state().frozen() => serde_json::from_str(s)
                .map(Some)
                .map_err(|e| StoreError::Other(format!("signed document {}: {e}", self.id))),
            _ => Ok(None),
        }
    }
    /// The day the executive acknowledged it, in Bangkok.
    pub fn acknowledged_on(&self) -> Option<chrono::NaiveDate> {
        self.acknowledged_at.map(|t| {
            t.with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7"))
                .date_naive()
        })
    }
}

const KIND_MAX: usize = 40;

fn check_kind(kind: &str) -> Result<()> {
    if kind.is_empty()
        || kind.len() > KIND_MAX
        || !kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
    {
        return Err(StoreError::Other(format!("invalid sign-off kind {kind:?}")));
    }
    Ok(())
}

fn by_key(scope: &AgencyScope, key: SignKey<'_>) -> sea_orm::Select<signed_document::Entity> {
    signed_document::Entity::find()
        .filter(signed_document::Column::AgencyId.eq(scope.agency_id()))
        .filter(signed_document::Column::FiscalYear.eq(key.year.be()))
        .filter(signed_document::Column::Kind.eq(key.kind))
        .filter(signed_document::Column::Period.eq(key.period.code()))
}

async fn latest<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    key: SignKey<'_>,
) -> Result<Option<Signed>> {
    Ok(by_key(scope, key)
        .order_by_desc(signed_document::Column::Version)
        .one(c)
        .await?)
}

/// Refuse a change to what `key` signs while its newest version is submitted or acknowledged
/// (nothing signed yet, or a draft version: free to change). Call it inside the feature's own
/// write, so a sign-off cannot slip in between the check and the change.
pub async fn check_editable<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    key: SignKey<'_>,
) -> Result<()> {
    match latest(c, scope, key).await? {
        None => Ok(()),
        Some(s) => match s.state() {
            RoundState::Draft => Ok(()),
            RoundState::Submitted => Err(StoreError::Input(InputError::new(
                "signoff",
                "ฉบับนี้เสนอผู้บริหารแล้ว จึงแก้ไขไม่ได้: ถอนการเสนอก่อนแก้ไข",
                "This version has been submitted to the executive and cannot be changed: withdraw it first",
            ))),
            RoundState::Acknowledged => Err(StoreError::Input(InputError::new(
                "signoff",
                "ผู้บริหารลงนามฉบับนี้แล้ว จึงแก้ไขไม่ได้: เปิดฉบับใหม่ ซึ่งต้องเสนอผู้บริหารลงนามอีกครั้ง",
                "The executive has signed this version, so it cannot be changed: open a new version, which needs a new sign-off",
            ))),
        },
    }
}

impl Store {
    /// Every version of `key`, oldest first.
    pub async fn signed_versions(
        &self,
        scope: &AgencyScope,
        key: SignKey<'_>,
    ) -> Result<Vec<Signed>> {
        check_kind(key.kind)?;
        Ok(by_key(scope, key)
            .order_by_asc(signed_document::Column::Version)
            .all(&self.db)
            .await?)
    }

    /// The newest version of `key`, whatever its state.
    pub async fn current_signed(
        &self,
        scope: &AgencyScope,
        key: SignKey<'_>,
    ) -> Result<Option<Signed>> {
        check_kind(key.kind)?;
        latest(&self.db, scope, key).await
    }

    /// The newest acknowledged version of `key`: what is published.
    pub async fn acknowledged_signed(
        &self,
        scope: &AgencyScope,
        key: SignKey<'_>,
    ) -> Result<Option<Signed>> {
        check_kind(key.kind)?;
        Ok(by_key(scope, key)
            .filter(signed_document::Column::State.eq(RoundState::Acknowledged.code()))
            .order_by_desc(signed_document::Column::Version)
            .one(&self.db)
            .await?)
    }

    /// The newest acknowledged version of `kind` and `period` of `year` or an earlier year: what
    /// answers a standing item (a policy or a code signed once stays in force until replaced).
    pub async fn acknowledged_signed_up_to(
        &self,
        scope: &AgencyScope,
        kind: &str,
        period: RoundPeriod,
        year: FiscalYear,
    ) -> Result<Option<Signed>> {
        check_kind(kind)?;
        Ok(signed_document::Entity::find()
            .filter(signed_document::Column::AgencyId.eq(scope.agency_id()))
            .filter(signed_document::Column::Kind.eq(kind))
            .filter(signed_document::Column::Period.eq(period.code()))
            .filter(signed_document::Column::FiscalYear.lte(year.be()))
            .filter(signed_document::Column::State.eq(RoundState::Acknowledged.code()))
            .order_by_desc(signed_document::Column::FiscalYear)
            .order_by_desc(signed_document::Column::Version)
            .one(&self.db)
            .await?)
    }

    /// Every version of the agency's documents of `kind` (all years), newest year first.
    pub async fn signed_of_kind(&self, scope: &AgencyScope, kind: &str) -> Result<Vec<Signed>> {
        check_kind(kind)?;
        Ok(signed_document::Entity::find()
            .filter(signed_document::Column::AgencyId.eq(scope.agency_id()))
            .filter(signed_document::Column::Kind.eq(kind))
            .order_by_desc(signed_document::Column::FiscalYear)
            .order_by_asc(signed_document::Column::Period)
            .order_by_asc(signed_document::Column::Version)
            .all(&self.db)
            .await?)
    }

    pub async fn signed(&self, scope: &AgencyScope, id: i64) -> Result<Signed> {
        crate::find_in_scope::<signed_document::Entity, _>(
            &self.db,
            scope,
            signed_document::Column::AgencyId,
            id,
        )
        .await
    }

    /// A draft version of `key` to work on: the current draft if there is one, else the first
    /// version or, after an acknowledged one, the next. A version still awaiting the executive
    /// is refused (withdraw it first).
    pub async fn open_signed(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        key: SignKey<'_>,
        title: &str,
    ) -> Result<Signed> {
        check_kind(key.kind)?;
        let title =
            prongsai_domain::tenancy::parse_text("title", title, 500).map_err(StoreError::Input)?;
        let mut w = self.write(scope, actor).await?;
        let last = latest(&w.txn, scope, key).await?;
        if let Some(l) = &last {
            match l.state() {
                RoundState::Draft => return Ok(l.clone()),
                s => s.check_new_version().map_err(StoreError::Input)?,
            }
        }
        let s = signed_document::ActiveModel {
            agency_id: Set(scope.agency_id()),
            fiscal_year: Set(key.year.be()),
            kind: Set(key.kind.to_owned()),
            period: Set(key.period.code().into()),
            version: Set(last.as_ref().map(|l| l.version + 1).unwrap_or(1)),
            state: Set(RoundState::Draft.code().into()),
            title: Set(title),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            crate::conflict_or(
                e,
                InputError::new(
                    "signoff",
                    "มีผู้เปิดฉบับนี้พร้อมกัน: โปรดลองใหม่",
                    "Someone opened this version at the same time: try again",
                ),
            )
        })?;
        w.audit(
            "signed_document",
            Some(s.id.to_string()),
            "open",
            None::<&()>,
            Some(&s),
        )
        .await?;
        w.commit().await?;
        Ok(s)
    }

    /// Submit a draft to the executive with its content as it is now (frozen from here on).
    pub async fn submit_signed<T: Serialize>(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        content: &T,
    ) -> Result<Signed> {
        let snapshot =
            serde_json::to_string(content).map_err(|e| StoreError::Other(e.to_string()))?;
        let user = actor.user_id;
        self.move_signed(scope, actor, id, "submit", move |b, am| {
            am.state = Set(b.state().submit().map_err(StoreError::Input)?.code().into());
            am.snapshot = Set(Some(snapshot));
            am.submitted_by = Set(user);
            am.submitted_at = Set(Some(Utc::now()));
            Ok(())
        })
        .await
    }

    /// Take a submitted version back to draft (before the executive acknowledged it).
    pub async fn withdraw_signed(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<Signed> {
        self.move_signed(scope, actor, id, "withdraw", |b, am| {
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

    /// The executive acknowledges (signs) a submitted version; the submitter cannot.
    pub async fn acknowledge_signed(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        note: Option<String>,
    ) -> Result<Signed> {
        let user = actor.user_id;
        self.move_signed(scope, actor, id, "acknowledge", move |b, am| {
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

    /// The whole sign-off of `content` at once, for seeded data (the demo): a new version
    /// opened and submitted by `submitter`, acknowledged by `executive` with `note`. Nothing
    /// happens when the key already has an acknowledged version.
    #[allow(clippy::too_many_arguments)]
    pub async fn sign_off_at_once<T: Serialize>(
        &self,
        scope: &AgencyScope,
        submitter: &Actor,
        executive: &Actor,
        key: SignKey<'_>,
        title: &str,
        content: &T,
        note: &str,
    ) -> Result<()> {
        if self.acknowledged_signed(scope, key).await?.is_some() {
            return Ok(());
        }
        let v = self.open_signed(scope, submitter, key, title).await?;
        self.submit_signed(scope, submitter, v.id, content).await?;
        self.acknowledge_signed(scope, executive, v.id, Some(note.to_owned()))
            .await?;
        Ok(())
    }

    async fn move_signed(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        action: &'static str,
        change: impl FnOnce(&Signed, &mut signed_document::ActiveModel) -> Result<()>,
    ) -> Result<Signed> {
        let mut w = self.write(scope, actor).await?;
        let before = crate::find_in_scope::<signed_document::Entity, _>(
            &w.txn,
            scope,
            signed_document::Column::AgencyId,
            id,
        )
        .await?;
        let mut am = before.clone().into_active_model();
        change(&before, &mut am)?;
        let after = am.update(&w.txn).await?;
        w.audit(
            "signed_document",
            Some(id.to_string()),
            action,
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }
}

#[cfg(test)]
mod tests;

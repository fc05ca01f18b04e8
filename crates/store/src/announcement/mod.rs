//! Announcements (ประกาศ): the draft of each kind and fiscal year of an agency, kept as JSON
//! ([`Announcement`]), and its sign-off through the generic machinery of [`crate::signoff`]
//! (kind = the announcement's code, period = the year).
//!
//! * Editing a draft checks [`signoff::check_editable`] inside the write: once a version is
//!   submitted or acknowledged, the draft cannot change until a new version is opened (or the
//!   submission withdrawn), so what the executive signed stays what is published.
//! * Submitting freezes the draft as the version's content (the web's submit handler calls
//!   [`Store::submit_signed`] with it); the public documents are rendered from the newest
//!   acknowledged version's content only.
//! * A standing document (the code of ethics, the HR policy and criteria) may start a year
//!   from the newest acknowledged version of an earlier year ([`Store::carry_announcement`]).
//! * Every write is one transaction with one audit entry; every read and write is scoped by
//!   the agency.

pub mod entities;

use chrono::Utc;
use prongsai_domain::announcement::{
    default_draft, Announcement, AnnouncementKind, DraftAgency, SignerDefault,
};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::RoundState;
use prongsai_domain::tenancy::{AgencyKind, Role};
use prongsai_domain::InputError;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::signoff::{self, SignKey, Signed};
use crate::{Actor, AgencyScope, Result, Store, StoreError};
use entities::announcement_draft as draft;

/// A kept draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnnouncement {
    pub kind: AnnouncementKind,
    pub fiscal_year: FiscalYear,
    pub content: Announcement,
    pub updated_by: Option<i64>,
    pub updated_at: chrono::DateTime<Utc>,
}

/// What the sign-off of `kind` in `year` is keyed by.
pub fn sign_key(kind: AnnouncementKind, year: FiscalYear) -> SignKey<'static> {
    SignKey::year(kind.code(), year)
}

/// The title of a signed version: "นโยบายการบริหารทรัพยากรบุคคล ปีงบประมาณ พ.ศ. 2566".
pub fn sign_title(kind: AnnouncementKind, year: FiscalYear) -> String {
    format!("{} ปีงบประมาณ พ.ศ. {}", kind.name_th(), year.be())
}

fn corrupt(id: i64) -> StoreError {
    StoreError::Other(format!("stored announcement {id} cannot be read"))
}

fn to_stored(m: draft::Model) -> Result<StoredAnnouncement> {
    Ok(StoredAnnouncement {
        kind: AnnouncementKind::parse(&m.kind).ok_or_else(|| corrupt(m.id))?,
        fiscal_year: FiscalYear::new(m.fiscal_year).map_err(|_| corrupt(m.id))?,
        content: serde_json::from_str(&m.content).map_err(|_| corrupt(m.id))?,
        updated_by: m.updated_by,
        updated_at: m.updated_at,
    })
}

fn by_key(
    scope: &AgencyScope,
    year: FiscalYear,
    kind: AnnouncementKind,
) -> sea_orm::Select<draft::Entity> {
    draft::Entity::find()
        .filter(draft::Column::AgencyId.eq(scope.agency_id()))
        .filter(draft::Column::FiscalYear.eq(year.be()))
        .filter(draft::Column::Kind.eq(kind.code()))
}

impl Store {
    /// The kept draft of `kind` in `year`, if staff saved one.
    pub async fn announcement(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        kind: AnnouncementKind,
    ) -> Result<Option<StoredAnnouncement>> {
        by_key(scope, year, kind)
            .one(&self.db)
            .await?
            .map(to_stored)
            .transpose()
    }

    /// Every kept draft of `year`.
    pub async fn announcements_of_year(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<StoredAnnouncement>> {
        draft::Entity::find()
            .filter(draft::Column::AgencyId.eq(scope.agency_id()))
            .filter(draft::Column::FiscalYear.eq(year.be()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_stored)
            .collect()
    }

    /// The default draft of `kind` for `year` ([`default_draft`]): the agency's name and kind,
    /// signed by its chief executive (the first active executive whose position begins with
    /// "นายก", else the first executive; none: the position only).
    pub async fn default_announcement(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        kind: AnnouncementKind,
    ) -> Result<Announcement> {
        let agency = self.agency(scope).await?;
        let users = self.list_users(scope).await?;
        let executives: Vec<_> = users
            .iter()
            .filter(|u| u.active && u.role() == Role::Executive)
            .collect();
        let chief = executives
            .iter()
            .find(|u| u.position.as_deref().is_some_and(|p| p.starts_with("นายก")))
            .or(executives.first());
        let signer = chief
            .map(|u| SignerDefault {
                name: u.display_name.clone(),
                position: u.position.clone().unwrap_or_default(),
            })
            .unwrap_or_default();
        Ok(default_draft(
            kind,
            &DraftAgency {
                name: &agency.name_th,
                kind: AgencyKind::from_code(&agency.kind).unwrap_or(AgencyKind::Other),
            },
            year,
            &signer,
        ))
    }

    /// Keep `content` as the draft of `kind` in `year`. Refused when the content does not pass
    /// [`Announcement::check`], and while the newest signed version is submitted or
    /// acknowledged (open a new version, or withdraw the submission, first).
    pub async fn save_announcement(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        kind: AnnouncementKind,
        content: &Announcement,
    ) -> Result<StoredAnnouncement> {
        self.write_announcement(scope, actor, year, kind, content, "save")
            .await
    }

    async fn write_announcement(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        kind: AnnouncementKind,
        content: &Announcement,
        action: &'static str,
    ) -> Result<StoredAnnouncement> {
        content.check(year).map_err(StoreError::Input)?;
        let json = serde_json::to_string(content).map_err(|e| StoreError::Other(e.to_string()))?;
        let mut w = self.write(scope, actor).await?;
        signoff::check_editable(&w.txn, scope, sign_key(kind, year)).await?;
        let before = by_key(scope, year, kind).one(&w.txn).await?;
        let now = Utc::now();
        let after = match &before {
            Some(b) => {
                let mut am: draft::ActiveModel = b.clone().into();
                am.content = Set(json);
                am.updated_by = Set(actor.user_id);
                am.updated_at = Set(now);
                am.update(&w.txn).await?
            }
            None => draft::ActiveModel {
                agency_id: Set(scope.agency_id()),
                fiscal_year: Set(year.be()),
                kind: Set(kind.code().to_owned()),
                content: Set(json),
                updated_by: Set(actor.user_id),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&w.txn)
            .await
            .map_err(|e| {
                crate::conflict_or(
                    e,
                    InputError::new(
                        "announcement",
                        "มีผู้บันทึกประกาศนี้พร้อมกัน: โปรดลองใหม่",
                        "Someone saved this announcement at the same time: try again",
                    ),
                )
            })?,
        };
        w.audit(
            "announcement_draft",
            Some(after.id.to_string()),
            action,
            before.as_ref(),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        to_stored(after)
    }

    /// The newest acknowledged version of `kind` from a fiscal year before `year`, with its
    /// year: what a standing document's new year may start from.
    pub async fn previous_signed_announcement(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        kind: AnnouncementKind,
    ) -> Result<Option<(FiscalYear, Signed)>> {
        let best = self
            .signed_of_kind(scope, kind.code())
            .await?
            .into_iter()
            .filter(|s| s.fiscal_year < year.be() && s.state() == RoundState::Acknowledged)
            .max_by_key(|s| (s.fiscal_year, s.version));
        Ok(best.and_then(|s| s.fiscal_year().map(|y| (y, s))))
    }

    /// Start the draft of a standing document's `year` from the newest acknowledged version of
    /// an earlier year (its BE year replaced by `year`'s, its date moved into `year` when it
    /// falls outside). Refused for a yearly kind, when there is none, and as
    /// [`Store::save_announcement`].
    pub async fn carry_announcement(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        kind: AnnouncementKind,
    ) -> Result<StoredAnnouncement> {
        if !kind.standing() {
            return Err(StoreError::Input(InputError::new(
                "announcement",
                "ประกาศประเภทนี้จัดทำใหม่ทุกปี จึงใช้ฉบับปีก่อนเป็นร่างไม่ได้",
                "This kind of announcement is made anew each year; it cannot start from an earlier year's",
            )));
        }
        let none = || {
            StoreError::Input(InputError::new(
                "announcement",
                "ยังไม่มีฉบับที่ผู้บริหารลงนามแล้วของปีก่อน",
                "There is no signed version of an earlier year",
            ))
        };
        let (from, signed) = self
            .previous_signed_announcement(scope, year, kind)
            .await?
            .ok_or_else(none)?;
        let old: Announcement = signed.content()?.ok_or_else(none)?;
        let content = old.carried_to(from, year);
        self.write_announcement(scope, actor, year, kind, &content, "carry")
            .await
    }
}

/// The demo agency's announcements of `kinds` in `year`, each saved from its default draft
/// dated the first working day of the year, submitted by `coordinator` and acknowledged by
/// `executive` (once: a kind already signed is left). Returns how many were signed now.
pub async fn seed_demo(
    store: &Store,
    scope: &AgencyScope,
    coordinator: &Actor,
    executive: &Actor,
    year: FiscalYear,
    kinds: &[AnnouncementKind],
) -> Result<usize> {
    let mut n = 0;
    for &kind in kinds {
        let key = sign_key(kind, year);
        if store.current_signed(scope, key).await?.is_some() {
            continue;
        }
        let mut content = store.default_announcement(scope, year, kind).await?;
        // signed on the first working day of the year
        use chrono::Datelike;
        content.date = year.start();
        while content.date.weekday().number_from_monday() > 5 {
            content.date += chrono::Duration::days(1);
        }
        store
            .save_announcement(scope, coordinator, year, kind, &content)
            .await?;
        let v = store
            .open_signed(scope, coordinator, key, &sign_title(kind, year))
            .await?;
        store
            .submit_signed(scope, coordinator, v.id, &content)
            .await?;
        store
            .acknowledge_signed(scope, executive, v.id, Some("ลงนามแล้ว (ข้อมูลสาธิต)".into()))
            .await?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests;

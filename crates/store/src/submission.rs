//! The ITAS submission sheet's stored parts: the coordinator's own explanation of an item
//! (which wins over the draft made from the evidence; the draft of that moment is kept with it,
//! so the sheet can say when the draft has changed since) and the assessment window of a year
//! (the days ITAS is open). One explanation per agency, year and item; one window per agency
//! and year. Every write is audited; saving an empty explanation goes back to the draft.

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::submission::AssessmentWindow;
use prongsai_domain::InputError;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::{Actor, AgencyScope, Result, Store, StoreError};

/// Longest explanation, in characters (as an item's explanation on its page).
pub const MAX_EXPLANATION_CHARS: usize = crate::disclosure::MAX_EXPLANATION_CHARS;

pub mod entities {
    //! SeaORM entities of the submission sheet.

    pub mod submission_explanation {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
        #[sea_orm(table_name = "submission_explanation")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub agency_id: i64,
            pub fiscal_year: i32,
            pub item_code: String,
            /// What the coordinator wrote.
            #[sea_orm(column_type = "Text")]
            pub text: String,
            /// The Thai draft when it was written.
            #[sea_orm(column_type = "Text")]
            pub draft_th: String,
            pub updated_by: Option<i64>,
            pub updated_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod assessment_window {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
        #[sea_orm(table_name = "assessment_window")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            pub agency_id: i64,
            pub fiscal_year: i32,
            pub opens_on: Date,
            pub closes_on: Date,
            pub updated_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use entities::{assessment_window, submission_explanation};

/// The coordinator's explanation of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub text: String,
    /// The Thai draft when it was written.
    pub draft_th: String,
    pub updated_at: DateTime<Utc>,
}

impl Explanation {
    /// As `domain::submission` takes it.
    pub fn as_edit(&self) -> prongsai_domain::submission::Edit<'_> {
        prongsai_domain::submission::Edit {
            text: &self.text,
            draft_th: &self.draft_th,
        }
    }
}

/// A text box's content: line ends made `\n`, trimmed; empty means "back to the draft".
fn clean(input: &str) -> std::result::Result<String, InputError> {
    let s = input.replace("\r\n", "\n").replace('\r', "\n");
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if s.chars().count() > MAX_EXPLANATION_CHARS {
        return Err(InputError::new(
            "explanation",
            format!("คำอธิบายยาวเกิน {MAX_EXPLANATION_CHARS} ตัวอักษร"),
            format!("The explanation is longer than {MAX_EXPLANATION_CHARS} characters"),
        ));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(InputError::new(
            "explanation",
            "ข้อความมีอักขระควบคุมที่ไม่อนุญาต",
            "The text contains control characters",
        ));
    }
    Ok(s.to_owned())
}

fn check_code(code: &str) -> Result<()> {
    if code.is_empty()
        || code.len() > 20
        || !code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

impl Store {
    /// The coordinator's explanations of a year, by item code.
    pub async fn submission_explanations(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<BTreeMap<String, Explanation>> {
        Ok(submission_explanation::Entity::find()
            .filter(submission_explanation::Column::AgencyId.eq(scope.agency_id()))
            .filter(submission_explanation::Column::FiscalYear.eq(year.be()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| {
                (
                    m.item_code,
                    Explanation {
                        text: m.text,
                        draft_th: m.draft_th,
                        updated_at: m.updated_at,
                    },
                )
            })
            .collect())
    }

    /// Save the coordinator's explanation of an item (`draft_th`: the draft it replaces, as the
    /// sheet shows it now). An empty text removes the edit, so the draft is used again. Text
    /// longer than [`MAX_EXPLANATION_CHARS`] or with control characters is refused and nothing
    /// changes. The caller checks that the item belongs to the year's framework.
    pub async fn save_submission_explanation(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        code: &str,
        text: &str,
        draft_th: &str,
    ) -> Result<Option<Explanation>> {
        check_code(code)?;
        let text = clean(text).map_err(StoreError::Input)?;
        let mut w = self.write(scope, actor).await?;
        let before = submission_explanation::Entity::find()
            .filter(submission_explanation::Column::AgencyId.eq(scope.agency_id()))
            .filter(submission_explanation::Column::FiscalYear.eq(year.be()))
            .filter(submission_explanation::Column::ItemCode.eq(code))
            .one(&w.txn)
            .await?;
        let now = Utc::now();
        let after = match (before.clone(), text.is_empty()) {
            (None, true) => {
                // nothing to remove: no write, no audit entry
                w.txn.rollback().await?;
                return Ok(None);
            }
            (Some(m), true) => {
                submission_explanation::Entity::delete_by_id(m.id)
                    .exec(&w.txn)
                    .await?;
                None
            }
            (Some(m), false) => {
                let mut a: submission_explanation::ActiveModel = m.into();
                a.text = Set(text);
                a.draft_th = Set(draft_th.to_owned());
                a.updated_by = Set(actor.user_id);
                a.updated_at = Set(now);
                Some(a.update(&w.txn).await?)
            }
            (None, false) => Some(
                submission_explanation::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    fiscal_year: Set(year.be()),
                    item_code: Set(code.to_owned()),
                    text: Set(text),
                    draft_th: Set(draft_th.to_owned()),
                    updated_by: Set(actor.user_id),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?,
            ),
        };
        let id = after
            .as_ref()
            .or(before.as_ref())
            .map(|m| format!("{}/{}", year.be(), m.item_code));
        let action = match (&before, &after) {
            (None, _) => "create",
            (Some(_), Some(_)) => "update",
            (Some(_), None) => "delete",
        };
        w.audit(
            "submission_explanation",
            id,
            action,
            before.as_ref(),
            after.as_ref(),
        )
        .await?;
        w.commit().await?;
        Ok(after.map(|m| Explanation {
            text: m.text,
            draft_th: m.draft_th,
            updated_at: m.updated_at,
        }))
    }

    /// The assessment window of a year, if one was set.
    pub async fn assessment_window(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Option<AssessmentWindow>> {
        Ok(assessment_window::Entity::find()
            .filter(assessment_window::Column::AgencyId.eq(scope.agency_id()))
            .filter(assessment_window::Column::FiscalYear.eq(year.be()))
            .one(&self.db)
            .await?
            .map(|m| AssessmentWindow {
                opens_on: m.opens_on,
                closes_on: m.closes_on,
            }))
    }

    /// Set (or with `None`, remove) the assessment window of a year. The dates are checked
    /// again here ([`AssessmentWindow::new`]); a refused window changes nothing.
    pub async fn set_assessment_window(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        window: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Option<AssessmentWindow>> {
        let window = window
            .map(|(o, c)| AssessmentWindow::new(year, o, c))
            .transpose()
            .map_err(StoreError::Input)?;
        let mut w = self.write(scope, actor).await?;
        let before = assessment_window::Entity::find()
            .filter(assessment_window::Column::AgencyId.eq(scope.agency_id()))
            .filter(assessment_window::Column::FiscalYear.eq(year.be()))
            .one(&w.txn)
            .await?;
        let now = Utc::now();
        let after = match (before.clone(), window) {
            (None, None) => {
                w.txn.rollback().await?;
                return Ok(None);
            }
            (Some(m), None) => {
                assessment_window::Entity::delete_by_id(m.id)
                    .exec(&w.txn)
                    .await?;
                None
            }
            (Some(m), Some(win)) => {
                let mut a: assessment_window::ActiveModel = m.into();
                a.opens_on = Set(win.opens_on);
                a.closes_on = Set(win.closes_on);
                a.updated_at = Set(now);
                Some(a.update(&w.txn).await?)
            }
            (None, Some(win)) => Some(
                assessment_window::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    fiscal_year: Set(year.be()),
                    opens_on: Set(win.opens_on),
                    closes_on: Set(win.closes_on),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?,
            ),
        };
        let action = match (&before, &after) {
            (None, _) => "create",
            (Some(_), Some(_)) => "update",
            (Some(_), None) => "delete",
        };
        w.audit(
            "assessment_window",
            Some(year.be().to_string()),
            action,
            before.as_ref(),
            after.as_ref(),
        )
        .await?;
        w.commit().await?;
        Ok(window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::both_backends;
    use crate::tenancy::NewAgency;
    use crate::testdb::TestDb;
    use prongsai_domain::tenancy::{AgencyKind, AgencySlug};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn fy(be: i32) -> FiscalYear {
        FiscalYear::new(be).unwrap()
    }
    fn coordinator() -> Actor {
        Actor::user(1, "x.admin")
    }

    async fn agency(s: &Store, slug: &str) -> AgencyScope {
        s.create_agency(
            &Actor::system("test"),
            NewAgency {
                slug: AgencySlug::parse(slug).unwrap(),
                name_th: format!("องค์การบริหารส่วนตำบล{slug}"),
                name_en: None,
                kind: AgencyKind::Sao,
                province: "นครราชสีมา".into(),
            },
        )
        .await
        .unwrap()
        .0
    }

    /// (action, entity id) of the agency's audit entries of `entity`, oldest first.
    async fn entries(s: &Store, scope: &AgencyScope, entity: &str) -> Vec<(String, String)> {
        let mut all = crate::audit::list(s, scope, 1000, 0).await.unwrap();
        all.reverse();
        all.into_iter()
            .filter(|e| e.entity == entity)
            .map(|e| (e.action, e.entity_id.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn text_boxes_are_cleaned() {
        assert_eq!(clean(" \r\n ").unwrap(), "");
        assert_eq!(clean("ก\r\nข\r").unwrap(), "ก\nข");
        assert!(clean("a\u{7}b").is_err());
        assert!(clean(&"ก".repeat(MAX_EXPLANATION_CHARS + 1)).is_err());
        assert!(clean(&"ก".repeat(MAX_EXPLANATION_CHARS)).is_ok());
    }

    both_backends!(explanations_are_kept_per_item, |db: TestDb| async move {
        let s = &db.store;
        let x = agency(s, "agency-x").await;
        let y = agency(s, "agency-y").await;
        let year = fy(2567);
        assert!(s
            .submission_explanations(&x, year)
            .await
            .unwrap()
            .is_empty());
        // nothing to remove: no audit entry
        assert_eq!(
            s.save_submission_explanation(&x, &coordinator(), year, "O1", "  ", "ร่าง")
                .await
                .unwrap(),
            None
        );
        let e = s
            .save_submission_explanation(
                &x,
                &coordinator(),
                year,
                "O1",
                "โครงสร้างตามคำสั่ง <b>ที่ 1/2567</b>\r\n",
                "ร่าง ก",
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.text, "โครงสร้างตามคำสั่ง <b>ที่ 1/2567</b>");
        assert_eq!(e.draft_th, "ร่าง ก");
        s.save_submission_explanation(&x, &coordinator(), year, "O1", "แก้ไขครั้งที่สอง", "ร่าง ข")
            .await
            .unwrap();
        let all = s.submission_explanations(&x, year).await.unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all["O1"].text, "แก้ไขครั้งที่สอง");
        assert_eq!(all["O1"].draft_th, "ร่าง ข");
        // other years and agencies see nothing
        assert!(s
            .submission_explanations(&x, fy(2566))
            .await
            .unwrap()
            .is_empty());
        assert!(s
            .submission_explanations(&y, year)
            .await
            .unwrap()
            .is_empty());
        // refused: too long, control characters; nothing changes
        let long = "ก".repeat(MAX_EXPLANATION_CHARS + 1);
        for bad in [long.as_str(), "a\u{1}b"] {
            let err = s
                .save_submission_explanation(&x, &coordinator(), year, "O1", bad, "ร่าง")
                .await
                .unwrap_err();
            assert!(
                matches!(err, StoreError::Input(ref e) if e.field == "explanation"),
                "{err:?}"
            );
        }
        assert!(matches!(
            s.save_submission_explanation(&x, &coordinator(), year, "O1'; --", "x", "")
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            s.submission_explanations(&x, year).await.unwrap()["O1"].text,
            "แก้ไขครั้งที่สอง"
        );
        // empty: back to the draft
        assert_eq!(
            s.save_submission_explanation(&x, &coordinator(), year, "O1", "", "ร่าง")
                .await
                .unwrap(),
            None
        );
        assert!(s
            .submission_explanations(&x, year)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            entries(s, &x, "submission_explanation").await,
            [
                ("create".to_string(), "2567/O1".to_string()),
                ("update".into(), "2567/O1".into()),
                ("delete".into(), "2567/O1".into()),
            ]
        );
        assert!(crate::audit::verify_agency(s, &x)
            .await
            .unwrap()
            .problems
            .is_empty());
        db.cleanup().await;
    });

    both_backends!(the_window_of_a_year, |db: TestDb| async move {
        let s = &db.store;
        let x = agency(s, "agency-x").await;
        let y = agency(s, "agency-y").await;
        let year = fy(2568);
        assert_eq!(s.assessment_window(&x, year).await.unwrap(), None);
        let w = s
            .set_assessment_window(
                &x,
                &coordinator(),
                year,
                Some((d(2025, 4, 1), d(2025, 5, 31))),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.assessment_window(&x, year).await.unwrap(), Some(w));
        // refused: closes before it opens; the stored window is unchanged
        let err = s
            .set_assessment_window(
                &x,
                &coordinator(),
                year,
                Some((d(2025, 6, 1), d(2025, 5, 1))),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Input(ref e) if e.field == "closes_on"),
            "{err:?}"
        );
        assert_eq!(s.assessment_window(&x, year).await.unwrap(), Some(w));
        s.set_assessment_window(
            &x,
            &coordinator(),
            year,
            Some((d(2025, 4, 2), d(2025, 6, 30))),
        )
        .await
        .unwrap();
        assert_eq!(
            s.assessment_window(&x, year)
                .await
                .unwrap()
                .unwrap()
                .closes_on,
            d(2025, 6, 30)
        );
        assert_eq!(s.assessment_window(&y, year).await.unwrap(), None);
        assert_eq!(s.assessment_window(&x, fy(2567)).await.unwrap(), None);
        s.set_assessment_window(&x, &coordinator(), year, None)
            .await
            .unwrap();
        assert_eq!(s.assessment_window(&x, year).await.unwrap(), None);
        assert_eq!(
            entries(s, &x, "assessment_window")
                .await
                .into_iter()
                .map(|e| e.0)
                .collect::<Vec<_>>(),
            ["create", "update", "delete"]
        );
        db.cleanup().await;
    });
}

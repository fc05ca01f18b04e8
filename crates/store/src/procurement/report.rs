//! The coordinator's own text of the annual procurement report: the problems met during the
//! year (ปัญหา อุปสรรค) and the improvements planned (แนวทางการปรับปรุง). One per agency and
//! fiscal year; saving again replaces it (the audit log keeps what it was).

use chrono::{DateTime, Utc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::tenancy::parse_text;
use prongsai_domain::InputError;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use super::entities::procurement_report;
use crate::{Actor, AgencyScope, Result, Store, StoreError};

/// The most characters of each part of the text.
pub const MAX_REPORT_TEXT_CHARS: usize = 10_000;

/// What the coordinator wrote for a year's report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportNotes {
    /// ปัญหา อุปสรรค (may be empty)
    pub problems: String,
    /// แนวทางการปรับปรุง (may be empty)
    pub improvements: String,
    /// When it was last saved; `None` when nothing was ever written.
    pub updated_at: Option<DateTime<Utc>>,
}

/// A text box's content: line ends made `\n`, trimmed; empty is allowed.
fn clean(field: &'static str, input: &str) -> std::result::Result<String, InputError> {
    let s = input.replace("\r\n", "\n").replace('\r', "\n");
    if s.trim().is_empty() {
        return Ok(String::new());
    }
    parse_text(field, &s, MAX_REPORT_TEXT_CHARS)
}

impl Store {
    /// The coordinator's text of the year's annual report (empty when never written).
    pub async fn procurement_report_notes(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<ReportNotes> {
        let m = procurement_report::Entity::find()
            .filter(procurement_report::Column::AgencyId.eq(scope.agency_id()))
            .filter(procurement_report::Column::FiscalYear.eq(year.be()))
            .one(&self.db)
            .await?;
        Ok(m.map(|m| ReportNotes {
            problems: m.problems,
            improvements: m.improvements,
            updated_at: Some(m.updated_at),
        })
        .unwrap_or_default())
    }

    /// Save the coordinator's text of the year's annual report (replacing what was there).
    /// Text longer than [`MAX_REPORT_TEXT_CHARS`] or with control characters is refused and
    /// nothing changes.
    pub async fn save_procurement_report_notes(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        problems: &str,
        improvements: &str,
    ) -> Result<ReportNotes> {
        let problems = clean("problems", problems).map_err(StoreError::Input)?;
        let improvements = clean("improvements", improvements).map_err(StoreError::Input)?;
        let mut w = self.write(scope, actor).await?;
        let before = procurement_report::Entity::find()
            .filter(procurement_report::Column::AgencyId.eq(scope.agency_id()))
            .filter(procurement_report::Column::FiscalYear.eq(year.be()))
            .one(&w.txn)
            .await?;
        let now = Utc::now();
        let after = match before.clone() {
            Some(m) => {
                let mut a: procurement_report::ActiveModel = m.into();
                a.problems = Set(problems);
                a.improvements = Set(improvements);
                a.updated_at = Set(now);
                a.update(&w.txn).await?
            }
            None => {
                procurement_report::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    fiscal_year: Set(year.be()),
                    problems: Set(problems),
                    improvements: Set(improvements),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?
            }
        };
        w.audit(
            "procurement_report",
            Some(after.id.to_string()),
            if before.is_some() { "update" } else { "create" },
            before.as_ref(),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(ReportNotes {
            problems: after.problems,
            improvements: after.improvements,
            updated_at: Some(after.updated_at),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_boxes_are_cleaned() {
        assert_eq!(clean("p", "  \r\n ").unwrap(), "");
        assert_eq!(clean("p", "ก\r\nข\r").unwrap(), "ก\nข");
        assert!(clean("p", "a\u{7}b").is_err());
        assert!(clean("p", &"ก".repeat(MAX_REPORT_TEXT_CHARS + 1)).is_err());
    }
}

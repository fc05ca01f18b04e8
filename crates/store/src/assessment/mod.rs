//! Assessment results of an agency per fiscal year, and the issues to improve chosen from them.

pub mod entities;

use chrono::Utc;
use entities::{assessment, assessment_score, improvement_issue};
pub use entities::{assessment::Model as Assessment, improvement_issue::Model as ImprovementIssue};
use prongsai_domain::assessment::{ItemAnswer, Scores};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use crate::{Actor, AgencyScope, Result, Store, StoreError};

/// A new issue to improve.
#[derive(Debug, Clone)]
pub struct NewIssue {
    pub fiscal_year: FiscalYear,
    /// indicator | item | question | custom
    pub kind: String,
    pub codes: Vec<String>,
    pub title_th: String,
    pub note: Option<String>,
    pub next_codes: Vec<String>,
}

#[derive(Serialize)]
struct ScoresAudit<'a> {
    fiscal_year: i32,
    source: &'a str,
    scores: &'a Scores,
}

async fn find_assessment<C: ConnectionTrait>(
    db: &C,
    scope: &AgencyScope,
    year: FiscalYear,
) -> Result<Option<Assessment>> {
    Ok(assessment::Entity::find()
        .filter(assessment::Column::AgencyId.eq(scope.agency_id()))
        .filter(assessment::Column::FiscalYear.eq(year.be()))
        .one(db)
        .await?)
}

async fn read_scores<C: ConnectionTrait>(db: &C, assessment_id: i64) -> Result<Scores> {
    let rows = assessment_score::Entity::find()
        .filter(assessment_score::Column::AssessmentId.eq(assessment_id))
        .order_by_asc(assessment_score::Column::Id)
        .all(db)
        .await?;
    let mut s = Scores::default();
    for r in rows {
        match r.kind.as_str() {
            "indicator" => {
                if let (Ok(n), Some(v)) = (r.code.parse(), r.score) {
                    s.indicators.insert(n, v);
                }
            }
            "item" => {
                if let Some(a) = r.answer {
                    s.items.insert(
                        r.code,
                        ItemAnswer {
                            answer: a,
                            remark: r.remark,
                        },
                    );
                }
            }
            "question" => {
                if let Some(v) = r.score {
                    s.questions.insert(r.code, v);
                }
            }
            _ => {}
        }
    }
    Ok(s)
}

fn check_score(field: &str, v: f64) -> Result<()> {
    if v.is_finite() && (0.0..=100.0).contains(&v) {
        Ok(())
    } else {
        Err(StoreError::Input(InputError::new(
            "score",
            format!("คะแนน {field} ต้องอยู่ระหว่าง 0 ถึง 100"),
            format!("the score of {field} must be between 0 and 100"),
        )))
    }
}

fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

impl ImprovementIssue {
    pub fn code_list(&self) -> Vec<String> {
        serde_json::from_str(&self.codes).unwrap_or_default()
    }
    pub fn next_code_list(&self) -> Vec<String> {
        serde_json::from_str(&self.next_codes).unwrap_or_default()
    }
}

impl Store {
    /// The agency's assessments, newest year first.
    pub async fn list_assessments(&self, scope: &AgencyScope) -> Result<Vec<Assessment>> {
        Ok(assessment::Entity::find()
            .filter(assessment::Column::AgencyId.eq(scope.agency_id()))
            .order_by_desc(assessment::Column::FiscalYear)
            .all(&self.db)
            .await?)
    }

    /// The recorded scores of a year, if any.
    pub async fn load_scores(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Option<(Assessment, Scores)>> {
        let Some(a) = find_assessment(&self.db, scope, year).await? else {
            return Ok(None);
        };
        let s = read_scores(&self.db, a.id).await?;
        Ok(Some((a, s)))
    }

    /// Replace every score of a year at once (all or nothing), recording where they came from.
    pub async fn save_scores(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        scores: &Scores,
        source: &str,
    ) -> Result<Assessment> {
        for (n, v) in &scores.indicators {
            check_score(&format!("ตัวชี้วัดที่ {n}"), *v)?;
        }
        for (c, v) in &scores.questions {
            check_score(c, *v)?;
        }
        let now = Utc::now();
        let mut w = self.write(scope, actor).await?;
        let existing = find_assessment(&w.txn, scope, year).await?;
        let before = match &existing {
            Some(a) => Some(read_scores(&w.txn, a.id).await?),
            None => None,
        };
        let a = match existing {
            Some(a) => {
                assessment_score::Entity::delete_many()
                    .filter(assessment_score::Column::AssessmentId.eq(a.id))
                    .exec(&w.txn)
                    .await?;
                let mut am = a.into_active_model();
                am.source = Set(source.to_string());
                am.updated_at = Set(now);
                am.update(&w.txn).await?
            }
            None => {
                assessment::ActiveModel {
                    agency_id: Set(scope.agency_id()),
                    fiscal_year: Set(year.be()),
                    target: Set(None),
                    source: Set(source.to_string()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?
            }
        };
        let mut rows = Vec::new();
        for (n, v) in &scores.indicators {
            rows.push(score_row(
                a.id,
                "indicator",
                n.to_string(),
                Some(*v),
                None,
                None,
            ));
        }
        for (c, ans) in &scores.items {
            rows.push(score_row(
                a.id,
                "item",
                c.clone(),
                None,
                Some(ans.answer),
                ans.remark.clone(),
            ));
        }
        for (c, v) in &scores.questions {
            rows.push(score_row(a.id, "question", c.clone(), Some(*v), None, None));
        }
        for chunk in rows.chunks(200) {
            assessment_score::Entity::insert_many(chunk.to_vec())
                .exec(&w.txn)
                .await?;
        }
        let after = ScoresAudit {
            fiscal_year: year.be(),
            source,
            scores,
        };
        let before = before.map(|s| (year.be(), s));
        w.audit(
            "assessment",
            Some(a.id.to_string()),
            "scores_saved",
            before.as_ref(),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(a)
    }

    /// Set the agency's own target for a year's analysis (`None`: the pass mark).
    pub async fn set_target(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        target: Option<f64>,
    ) -> Result<Assessment> {
        if let Some(t) = target {
            check_score("เป้าหมาย", t)?;
        }
        let mut w = self.write(scope, actor).await?;
        let a = find_assessment(&w.txn, scope, year)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = a.clone();
        let mut am = a.into_active_model();
        am.target = Set(target);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "assessment",
            Some(after.id.to_string()),
            "target_set",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    // ----- issues to improve ---------------------------------------------------------------------

    pub async fn list_issues(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<ImprovementIssue>> {
        Ok(improvement_issue::Entity::find()
            .filter(improvement_issue::Column::AgencyId.eq(scope.agency_id()))
            .filter(improvement_issue::Column::FiscalYear.eq(year.be()))
            .order_by_asc(improvement_issue::Column::SortOrder)
            .order_by_asc(improvement_issue::Column::Id)
            .all(&self.db)
            .await?)
    }

    pub async fn create_issue(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        n: NewIssue,
    ) -> Result<ImprovementIssue> {
        let title = prongsai_domain::tenancy::parse_text("title_th", &n.title_th, 1000)?;
        let mut w = self.write(scope, actor).await?;
        let order = improvement_issue::Entity::find()
            .filter(improvement_issue::Column::AgencyId.eq(scope.agency_id()))
            .filter(improvement_issue::Column::FiscalYear.eq(n.fiscal_year.be()))
            .count(&w.txn)
            .await? as i32;
        let now = Utc::now();
        let m = improvement_issue::ActiveModel {
            agency_id: Set(scope.agency_id()),
            fiscal_year: Set(n.fiscal_year.be()),
            kind: Set(n.kind),
            codes: Set(json_list(&n.codes)),
            title_th: Set(title),
            note: Set(n.note),
            next_codes: Set(json_list(&n.next_codes)),
            sort_order: Set(order + 1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.audit(
            "improvement_issue",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        Ok(m)
    }

    pub async fn update_issue(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        title_th: &str,
        note: Option<String>,
    ) -> Result<ImprovementIssue> {
        let title = prongsai_domain::tenancy::parse_text("title_th", title_th, 1000)?;
        let mut w = self.write(scope, actor).await?;
        let before = find_issue(&w.txn, scope, id).await?;
        let mut am = before.clone().into_active_model();
        am.title_th = Set(title);
        am.note = Set(note);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "improvement_issue",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    pub async fn delete_issue(&self, scope: &AgencyScope, actor: &Actor, id: i64) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = find_issue(&w.txn, scope, id).await?;
        improvement_issue::Entity::delete_by_id(id)
            .exec(&w.txn)
            .await?;
        w.audit(
            "improvement_issue",
            Some(id.to_string()),
            "delete",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await
    }
}

async fn find_issue<C: ConnectionTrait>(
    db: &C,
    scope: &AgencyScope,
    id: i64,
) -> Result<ImprovementIssue> {
    improvement_issue::Entity::find_by_id(id)
        .filter(improvement_issue::Column::AgencyId.eq(scope.agency_id()))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

fn score_row(
    assessment_id: i64,
    kind: &str,
    code: String,
    score: Option<f64>,
    answer: Option<bool>,
    remark: Option<String>,
) -> assessment_score::ActiveModel {
    assessment_score::ActiveModel {
        assessment_id: Set(assessment_id),
        kind: Set(kind.to_string()),
        code: Set(code),
        score: Set(score),
        answer: Set(answer),
        remark: Set(remark),
        ..Default::default()
    }
}

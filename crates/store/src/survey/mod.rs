//! Satisfaction surveys (แบบสำรวจความพึงพอใจ): the agency's survey definition (one for the
//! whole agency, optionally one per service), the citizens' responses (after a request is
//! done, or through the public link and its QR code), and the yearly report.
//!
//! The rules live in `domain::survey` (definitions, reading a response, summaries, levels,
//! comparison); this module keeps them.
//!
//! * Definitions are versioned: saving writes a new version, and a response records the
//!   version it answered, so editing the questions never changes a past report.
//! * Until the admin saves one, the agency-wide survey is [`SurveyDef::standard`]; the first
//!   response stores it as version 1.
//! * One rating per e-Service request (a unique index), only once the request is done, found
//!   by its tracking code's hash.
//! * The report never reads the responses: every response adds, in its own write
//!   transaction, to `survey_count` (per fiscal year, service and question: responses and
//!   the distribution 1–5), so a year of any size is a read of a few dozen rows. Open-text
//!   answers are copied to `survey_text` for the report's list.
//! * The audit entry of a response holds ids, year and version only, never the answers.

pub mod entities;

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, Utc};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::eservice::{RequestState, TrackingCode};
use prongsai_domain::survey::{
    compare, Comparison, Question, QuestionKind, Summary, SurveyDef, SurveyResponse, SurveySummary,
    SurveyValue,
};
use prongsai_domain::InputError;
use sea_orm::sea_query::{Alias, Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::eservice::entities::{service, service_request};
use crate::{conflict_or, Actor, AgencyScope, Result, Store, StoreError};
use entities::{survey_count, survey_def, survey_response, survey_text};

/// The `question_key` of the respondents' count.
pub const RESPONDENTS_KEY: &str = "*";
/// The most open-text answers one report lists.
pub const MAX_REPORT_TEXTS: u64 = 1000;

fn refused(
    field: &'static str,
    th: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> StoreError {
    StoreError::Input(InputError::new(field, th, en))
}

fn corrupt(what: &str, id: i64) -> StoreError {
    StoreError::Other(format!("stored {what} of {id} cannot be read"))
}

/// A survey as offered: which stored version it is (none yet: the standard survey), and whose.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyForm {
    /// The stored definition's id; None for the standard survey not stored yet.
    pub id: Option<i64>,
    /// The service whose own survey this is; None for the agency-wide one.
    pub service_id: Option<i64>,
    /// 1, 2, …; 0 for the standard survey not stored yet.
    pub version: i32,
    pub def: SurveyDef,
    pub created_at: Option<chrono::DateTime<Utc>>,
}

impl SurveyForm {
    fn standard() -> Self {
        Self {
            id: None,
            service_id: None,
            version: 0,
            def: SurveyDef::standard(),
            created_at: None,
        }
    }
}

fn to_form(m: survey_def::Model) -> Result<SurveyForm> {
    // read without validating again: a definition stored under older rules stays readable
    let def: SurveyDef = serde_json::from_str(&m.def).map_err(|_| corrupt("survey", m.id))?;
    Ok(SurveyForm {
        id: Some(m.id),
        service_id: m.service_id,
        version: m.version,
        def,
        created_at: Some(m.created_at),
    })
}

/// The newest version for `service_key` (0: agency-wide).
async fn latest<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    service_key: i64,
) -> Result<Option<survey_def::Model>> {
    Ok(survey_def::Entity::find()
        .filter(survey_def::Column::AgencyId.eq(scope.agency_id()))
        .filter(survey_def::Column::ServiceKey.eq(service_key))
        .order_by_desc(survey_def::Column::Version)
        .one(c)
        .await?)
}

/// The survey a service's respondents answer: its own, else the agency-wide one, else the
/// standard survey.
async fn current<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    service_id: Option<i64>,
) -> Result<SurveyForm> {
    if let Some(id) = service_id {
        if let Some(m) = latest(c, scope, id).await? {
            return to_form(m);
        }
    }
    match latest(c, scope, 0).await? {
        Some(m) => to_form(m),
        None => Ok(SurveyForm::standard()),
    }
}

async fn check_service<C: ConnectionTrait>(c: &C, scope: &AgencyScope, id: i64) -> Result<()> {
    service::Entity::find_by_id(id)
        .filter(service::Column::AgencyId.eq(scope.agency_id()))
        .one(c)
        .await?
        .map(|_| ())
        .ok_or_else(|| {
            refused(
                "service",
                "ไม่พบงานบริการนี้ของหน่วยงาน",
                "No such service of the agency",
            )
        })
}

#[derive(Serialize)]
struct DefAudit<'a> {
    service_id: Option<i64>,
    version: i32,
    def: &'a SurveyDef,
}

#[derive(Serialize)]
struct ResponseAudit {
    year: i32,
    service_id: Option<i64>,
    request_id: Option<i64>,
    def_id: i64,
    version: i32,
    answered_on: NaiveDate,
}

async fn insert_def<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    actor: &Actor,
    service_id: Option<i64>,
    version: i32,
    def: &SurveyDef,
) -> Result<survey_def::Model> {
    Ok(survey_def::ActiveModel {
        agency_id: Set(scope.agency_id()),
        service_id: Set(service_id),
        service_key: Set(service_id.unwrap_or(0)),
        version: Set(version),
        def: Set(def.to_json()),
        created_by: Set(actor.user_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(c)
    .await?)
}

/// What a citizen's answer is about and to which survey.
#[derive(Debug, Clone)]
pub struct NewResponse<'a> {
    /// The survey as it was shown ([`Store::survey_form`]); refused if it changed meanwhile.
    pub form: &'a SurveyForm,
    /// The service asked about (public link with `?service=`); taken from the request when
    /// one is rated.
    pub service_id: Option<i64>,
    /// The tracking code of the e-Service request rated.
    pub request: Option<&'a TrackingCode>,
    /// Read with `form.def.parse_response`.
    pub response: SurveyResponse,
    pub today: NaiveDate,
}

/// A stored response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub id: i64,
    pub year: FiscalYear,
    pub service_id: Option<i64>,
    pub request_id: Option<i64>,
    pub def_id: i64,
}

/// An open-text answer as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenAnswer {
    pub answered_on: NaiveDate,
    pub service_id: Option<i64>,
    pub question_key: String,
    pub text: String,
}

/// The figures of a fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyReport {
    pub year: FiscalYear,
    /// The questions answered this year or asked now, in the current agency-wide order, then
    /// those of older versions (the text of the newest version that asked them).
    pub questions: Vec<Question>,
    /// Every response of the year.
    pub total: SurveySummary,
    /// Every response of the previous year.
    pub previous: SurveySummary,
    pub comparison: Comparison,
    /// Per service (None first: answers through the public link without a service), each
    /// with its own summary; only services with responses.
    pub by_service: Vec<(Option<i64>, SurveySummary)>,
    /// The newest open-text answers of the year (at most the number asked for).
    pub texts: Vec<OpenAnswer>,
    /// How many open-text answers the year has in all.
    pub texts_total: u64,
}

impl SurveyReport {
    /// The question with this key.
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }
}

/// Adds one to the count of a question (`rating` 1–5, or None for an open text / the
/// respondents' row), creating the row (one `INSERT … ON CONFLICT DO UPDATE`).
async fn add_count<C: ConnectionTrait>(
    c: &C,
    agency_id: i64,
    year: i32,
    service_key: i64,
    question_key: &str,
    rating: Option<u8>,
) -> Result<()> {
    use survey_count::Column as Col;
    let mut on_conflict =
        OnConflict::columns([Col::AgencyId, Col::Year, Col::ServiceKey, Col::QuestionKey]);
    for col in [Col::Responses, Col::R1, Col::R2, Col::R3, Col::R4, Col::R5] {
        on_conflict.value(
            col,
            Expr::col((survey_count::Entity, col)).add(Expr::col((Alias::new("excluded"), col))),
        );
    }
    let r = |n: u8| Set(i64::from(rating == Some(n)));
    survey_count::Entity::insert(survey_count::ActiveModel {
        agency_id: Set(agency_id),
        year: Set(year),
        service_key: Set(service_key),
        question_key: Set(question_key.to_owned()),
        responses: Set(1),
        r1: r(1),
        r2: r(2),
        r3: r(3),
        r4: r(4),
        r5: r(5),
        ..Default::default()
    })
    .on_conflict(on_conflict)
    .exec_without_returning(c)
    .await?;
    Ok(())
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// The survey respondents about `service_id` (None: the agency in general) answer now.
    pub async fn survey_form(
        &self,
        scope: &AgencyScope,
        service_id: Option<i64>,
    ) -> Result<SurveyForm> {
        current(&self.db, scope, service_id).await
    }

    /// The newest stored version of the agency-wide survey (None) or of a service's own one;
    /// None when there is none (the editor starts from the standard or agency-wide survey).
    pub async fn survey_own_form(
        &self,
        scope: &AgencyScope,
        service_id: Option<i64>,
    ) -> Result<Option<SurveyForm>> {
        latest(&self.db, scope, service_id.unwrap_or(0))
            .await?
            .map(to_form)
            .transpose()
    }

    /// The services that have a survey of their own.
    pub async fn survey_services_with_own(&self, scope: &AgencyScope) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = survey_def::Entity::find()
            .select_only()
            .column(survey_def::Column::ServiceKey)
            .filter(survey_def::Column::AgencyId.eq(scope.agency_id()))
            .filter(survey_def::Column::ServiceKey.ne(0))
            .distinct()
            .into_tuple()
            .all(&self.db)
            .await?;
        ids.sort_unstable();
        Ok(ids)
    }

    /// Every stored version of the agency's surveys, oldest first.
    pub async fn survey_versions(&self, scope: &AgencyScope) -> Result<Vec<SurveyForm>> {
        survey_def::Entity::find()
            .filter(survey_def::Column::AgencyId.eq(scope.agency_id()))
            .order_by_asc(survey_def::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_form)
            .collect()
    }

    /// Save a new version of the agency-wide survey (None) or of a service's own survey.
    /// The definition is checked (`SurveyDef::validate`); the same definition as the newest
    /// version writes nothing and returns that version.
    pub async fn save_survey(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        service_id: Option<i64>,
        def: &SurveyDef,
    ) -> Result<SurveyForm> {
        if let Err(errors) = def.validate() {
            let first = errors.first();
            return Err(StoreError::Input(InputError::new(
                "survey",
                format!("แบบสำรวจไม่ถูกต้อง: {}", first.map_or("", |e| e.th.as_str())),
                format!(
                    "The survey is not valid: {}",
                    first.map_or("", |e| e.en.as_str())
                ),
            )));
        }
        let mut w = self.write(scope, actor).await?;
        if let Some(id) = service_id {
            check_service(&w.txn, scope, id).await?;
        }
        let before = latest(&w.txn, scope, service_id.unwrap_or(0)).await?;
        if let Some(b) = &before {
            if serde_json::from_str::<SurveyDef>(&b.def).ok().as_ref() == Some(def) {
                return to_form(b.clone());
            }
        }
        let version = before.as_ref().map_or(1, |b| b.version + 1);
        let m = insert_def(&w.txn, scope, actor, service_id, version, def).await?;
        w.audit(
            "survey_def",
            Some(m.id.to_string()),
            "save",
            None::<&()>,
            Some(&DefAudit {
                service_id,
                version,
                def,
            }),
        )
        .await?;
        w.commit().await?;
        to_form(m)
    }

    /// Whether the request has been rated.
    pub async fn survey_rated(&self, scope: &AgencyScope, request_id: i64) -> Result<bool> {
        Ok(survey_response::Entity::find()
            .filter(survey_response::Column::AgencyId.eq(scope.agency_id()))
            .filter(survey_response::Column::RequestId.eq(request_id))
            .count(&self.db)
            .await?
            > 0)
    }

    /// Store a citizen's response, counted in the fiscal year of `today`.
    ///
    /// Refused: a survey that changed since it was shown (`form` is not the current version),
    /// an answer to a question the survey does not have (or of the wrong kind), a service
    /// that is not the agency's; with a tracking code: no such request, a request not done
    /// yet, a request already rated. Written by the citizen (`eservice::citizen()`).
    pub async fn submit_survey_response(
        &self,
        scope: &AgencyScope,
        new: NewResponse<'_>,
    ) -> Result<StoredResponse> {
        let actor = crate::eservice::citizen();
        let mut w = self.write(scope, &actor).await?;
        let mut service_id = new.service_id;
        let mut request_id = None;
        if let Some(code) = new.request {
            let r = service_request::Entity::find()
                .filter(service_request::Column::TrackingHash.eq(code.lookup_key()))
                .filter(service_request::Column::AgencyId.eq(scope.agency_id()))
                .one(&w.txn)
                .await?
                .ok_or_else(|| {
                    refused(
                        "code",
                        "ไม่พบคำขอตามรหัสติดตามนี้",
                        "No request has this tracking code",
                    )
                })?;
            if r.state != RequestState::Done.code() {
                return Err(refused(
                    "code",
                    "ประเมินความพึงพอใจได้เมื่อคำขอดำเนินการแล้วเสร็จ",
                    "A request can be rated once it is done",
                ));
            }
            let rated = survey_response::Entity::find()
                .filter(survey_response::Column::RequestId.eq(r.id))
                .count(&w.txn)
                .await?;
            if rated > 0 {
                return Err(already_rated());
            }
            service_id = Some(r.service_id);
            request_id = Some(r.id);
        } else if let Some(id) = service_id {
            check_service(&w.txn, scope, id).await?;
        }
        let now_form = current(&w.txn, scope, service_id).await?;
        if now_form.id != new.form.id || now_form.version != new.form.version {
            return Err(refused(
                "survey",
                "แบบสำรวจเพิ่งมีการเปลี่ยนแปลง กรุณาโหลดหน้าใหม่แล้วตอบอีกครั้ง",
                "The survey has just changed; please reload the page and answer again",
            ));
        }
        let def = &now_form.def;
        for a in new.response.iter() {
            let ok = match (def.question(&a.key).map(|q| q.kind), &a.value) {
                (Some(QuestionKind::Scale5), SurveyValue::Scale(n)) => (1..=5).contains(n),
                (Some(QuestionKind::OpenText), SurveyValue::Text(_)) => true,
                _ => false,
            };
            if !ok {
                return Err(refused(
                    "survey",
                    "คำตอบไม่ตรงกับคำถามของแบบสำรวจ กรุณาโหลดหน้าใหม่แล้วตอบอีกครั้ง",
                    "The answers do not match the survey's questions; please reload the page",
                ));
            }
        }
        if new.response.is_empty() {
            return Err(refused(
                "survey",
                "ยังไม่ได้ตอบคำถามใดเลย",
                "No question was answered",
            ));
        }
        // the standard survey is stored on its first use, so responses can point at it
        let (def_id, version) = match now_form.id {
            Some(id) => (id, now_form.version),
            None => {
                let m = insert_def(&w.txn, scope, &actor, None, 1, def).await?;
                w.audit(
                    "survey_def",
                    Some(m.id.to_string()),
                    "save",
                    None::<&()>,
                    Some(&DefAudit {
                        service_id: None,
                        version: 1,
                        def,
                    }),
                )
                .await?;
                (m.id, 1)
            }
        };
        let year = FiscalYear::containing(new.today);
        let m = survey_response::ActiveModel {
            agency_id: Set(scope.agency_id()),
            year: Set(year.be()),
            service_id: Set(service_id),
            request_id: Set(request_id),
            def_id: Set(def_id),
            answered_on: Set(new.today),
            answers: Set(new.response.to_json()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            conflict_or(
                e,
                InputError::new(
                    "code",
                    "คำขอนี้ได้รับการประเมินความพึงพอใจแล้ว ขอบคุณค่ะ",
                    "This request has already been rated, thank you",
                ),
            )
        })?;
        let agency = scope.agency_id();
        let service_key = service_id.unwrap_or(0);
        add_count(
            &w.txn,
            agency,
            year.be(),
            service_key,
            RESPONDENTS_KEY,
            None,
        )
        .await?;
        for a in new.response.iter() {
            match &a.value {
                SurveyValue::Scale(n) => {
                    add_count(&w.txn, agency, year.be(), service_key, &a.key, Some(*n)).await?
                }
                SurveyValue::Text(t) => {
                    add_count(&w.txn, agency, year.be(), service_key, &a.key, None).await?;
                    survey_text::ActiveModel {
                        agency_id: Set(agency),
                        year: Set(year.be()),
                        response_id: Set(m.id),
                        service_id: Set(service_id),
                        question_key: Set(a.key.clone()),
                        answered_on: Set(new.today),
                        text: Set(t.clone()),
                        ..Default::default()
                    }
                    .insert(&w.txn)
                    .await?;
                }
            }
        }
        w.audit(
            "survey_response",
            Some(m.id.to_string()),
            "submit",
            None::<&()>,
            Some(&ResponseAudit {
                year: year.be(),
                service_id,
                request_id,
                def_id,
                version,
                answered_on: new.today,
            }),
        )
        .await?;
        w.commit().await?;
        Ok(StoredResponse {
            id: m.id,
            year,
            service_id,
            request_id,
            def_id,
        })
    }

    /// The answers of one stored response (tests, exports).
    pub async fn survey_response(
        &self,
        scope: &AgencyScope,
        id: i64,
    ) -> Result<(StoredResponse, SurveyResponse)> {
        let m = survey_response::Entity::find_by_id(id)
            .filter(survey_response::Column::AgencyId.eq(scope.agency_id()))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let year = FiscalYear::new(m.year).map_err(|_| corrupt("year", m.id))?;
        let answers =
            SurveyResponse::from_json(&m.answers).map_err(|_| corrupt("answers", m.id))?;
        Ok((
            StoredResponse {
                id: m.id,
                year,
                service_id: m.service_id,
                request_id: m.request_id,
                def_id: m.def_id,
            },
            answers,
        ))
    }

    /// The summaries of `year` per service key (0: no service), from the counts.
    async fn survey_counts(
        &self,
        scope: &AgencyScope,
        year: i32,
    ) -> Result<BTreeMap<i64, SurveySummary>> {
        let rows = survey_count::Entity::find()
            .filter(survey_count::Column::AgencyId.eq(scope.agency_id()))
            .filter(survey_count::Column::Year.eq(year))
            .all(&self.db)
            .await?;
        let mut out: BTreeMap<i64, SurveySummary> = BTreeMap::new();
        for r in rows {
            let s = out.entry(r.service_key).or_default();
            if r.question_key == RESPONDENTS_KEY {
                s.respondents = s.respondents.saturating_add(to_u64(r.responses));
            } else {
                s.questions
                    .entry(r.question_key)
                    .or_default()
                    .merge(&Summary {
                        responses: to_u64(r.responses),
                        distribution: [r.r1, r.r2, r.r3, r.r4, r.r5].map(to_u64),
                    });
            }
        }
        Ok(out)
    }

    /// The report of fiscal year `year`: the summary of every response, per service, the
    /// previous year's and the comparison, and the newest `max_texts` open-text answers (at
    /// most [`MAX_REPORT_TEXTS`]; 0 for the public report, which lists none). Reads the counts
    /// and the definitions, never the responses.
    pub async fn survey_report(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        max_texts: u64,
    ) -> Result<SurveyReport> {
        let this = self.survey_counts(scope, year.be()).await?;
        let previous_by = match year.prev() {
            Some(p) => self.survey_counts(scope, p.be()).await?,
            None => BTreeMap::new(),
        };
        let sum = |m: &BTreeMap<i64, SurveySummary>| {
            let mut all = SurveySummary::default();
            for s in m.values() {
                all.merge(s);
            }
            all
        };
        let total = sum(&this);
        let previous = sum(&previous_by);
        let comparison = compare(&total, &previous);
        let by_service = this
            .iter()
            .map(|(k, s)| ((*k != 0).then_some(*k), s.clone()))
            .collect();

        // question texts: the current agency-wide order first, then older and services' ones
        let versions = self.survey_versions(scope).await?;
        let current = self.survey_form(scope, None).await?;
        let mut questions: Vec<Question> = current.def.questions.clone();
        let mut newest: HashMap<String, Question> = HashMap::new();
        for v in &versions {
            for q in &v.def.questions {
                newest.insert(q.key.clone(), q.clone());
            }
        }
        let mut extra: Vec<Question> = Vec::new();
        for v in &versions {
            for q in &v.def.questions {
                if !questions.iter().any(|x| x.key == q.key)
                    && !extra.iter().any(|x| x.key == q.key)
                    && total.questions.contains_key(&q.key)
                {
                    extra.push(newest[&q.key].clone());
                }
            }
        }
        questions.extend(extra);
        // keys counted that no stored version has (should not happen): shown by their key
        for (k, s) in &total.questions {
            if !questions.iter().any(|q| &q.key == k) {
                let kind = if s.rated() > 0 {
                    QuestionKind::Scale5
                } else {
                    QuestionKind::OpenText
                };
                questions.push(Question::new(k, k, k, kind, false));
            }
        }

        let texts_q = survey_text::Entity::find()
            .filter(survey_text::Column::AgencyId.eq(scope.agency_id()))
            .filter(survey_text::Column::Year.eq(year.be()));
        let texts_total = texts_q.clone().count(&self.db).await?;
        let texts = if max_texts == 0 {
            Vec::new()
        } else {
            texts_q
                .order_by_desc(survey_text::Column::Id)
                .limit(max_texts.min(MAX_REPORT_TEXTS))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|t| OpenAnswer {
                    answered_on: t.answered_on,
                    service_id: t.service_id,
                    question_key: t.question_key,
                    text: t.text,
                })
                .collect()
        };
        Ok(SurveyReport {
            year,
            questions,
            total,
            previous,
            comparison,
            by_service,
            texts,
            texts_total,
        })
    }

    /// The fiscal years with responses, newest first.
    pub async fn survey_years(&self, scope: &AgencyScope) -> Result<Vec<FiscalYear>> {
        let years: Vec<i32> = survey_count::Entity::find()
            .select_only()
            .column(survey_count::Column::Year)
            .filter(survey_count::Column::AgencyId.eq(scope.agency_id()))
            .filter(survey_count::Column::QuestionKey.eq(RESPONDENTS_KEY))
            .distinct()
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out: Vec<FiscalYear> = years
            .into_iter()
            .filter_map(|y| FiscalYear::new(y).ok())
            .collect();
        out.sort_unstable_by_key(|y| std::cmp::Reverse(y.be()));
        Ok(out)
    }
}

fn already_rated() -> StoreError {
    refused(
        "code",
        "คำขอนี้ได้รับการประเมินความพึงพอใจแล้ว ขอบคุณค่ะ",
        "This request has already been rated, thank you",
    )
}

/// Demo data: a few hundred responses over the current fiscal year (up to `today`) and the
/// previous one, spread over the agency's services and the public link, with ratings mostly
/// 4–5 and a handful of suggestions. Does nothing when the agency already has responses.
/// Returns how many responses were stored.
pub async fn seed_demo(store: &Store, scope: &AgencyScope, today: NaiveDate) -> Result<usize> {
    if !store.survey_years(scope).await?.is_empty() {
        return Ok(0);
    }
    let services: Vec<i64> = store
        .list_services(scope, false)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    const SUGGESTIONS: [&str; 8] = [
        "เจ้าหน้าที่บริการดีมาก ยิ้มแย้มแจ่มใส",
        "อยากให้มีที่จอดรถเพิ่มขึ้น",
        "ขั้นตอนรวดเร็ว ได้รับเอกสารภายในวันเดียว",
        "ควรประชาสัมพันธ์ช่องทางออนไลน์ให้มากขึ้น",
        "ขอบคุณที่มาซ่อมไฟถนนให้รวดเร็ว",
        "อยากให้เปิดบริการช่วงพักเที่ยง",
        "ป้ายบอกทางในสำนักงานยังไม่ชัดเจน",
        "พอใจในการให้บริการ",
    ];
    // a small deterministic generator: the same demo every time
    let mut seed: u64 = 0x5eed_2567;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let this_year = FiscalYear::containing(today);
    let mut n = 0;
    for (year, count, bias) in [(this_year.prev(), 180u64, 0u64), (Some(this_year), 160, 1)] {
        let Some(year) = year else { continue };
        let start = year.start();
        let end = year.end().min(today);
        let days = (end - start).num_days().max(0) as u64 + 1;
        for _ in 0..count {
            let day = start + chrono::Duration::days(next(days) as i64);
            let service_id = match services.len() {
                0 => None,
                k => {
                    let i = next(k as u64 + 1) as usize;
                    services.get(i).copied()
                }
            };
            let form = store.survey_form(scope, service_id).await?;
            let mut pairs = Vec::new();
            for q in &form.def.questions {
                match q.kind {
                    QuestionKind::Scale5 => {
                        // mostly 4–5, a few lower; the current year a little better
                        let r = match next(20) + bias * 2 {
                            0 => 2,
                            1..=3 => 3,
                            4..=10 => 4,
                            _ => 5,
                        };
                        pairs.push((q.key.clone(), r.to_string()));
                    }
                    QuestionKind::OpenText => {
                        if next(6) == 0 {
                            let s = SUGGESTIONS[next(SUGGESTIONS.len() as u64) as usize];
                            pairs.push((q.key.clone(), s.to_string()));
                        }
                    }
                }
            }
            let Ok(response) = form.def.parse_response(&pairs) else {
                continue;
            };
            store
                .submit_survey_response(
                    scope,
                    NewResponse {
                        form: &form,
                        service_id,
                        request: None,
                        response,
                        today: day,
                    },
                )
                .await?;
            n += 1;
        }
    }
    Ok(n)
}

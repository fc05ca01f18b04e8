//! Procurement (การจัดซื้อจัดจ้าง): the annual procurement plan and its revisions, the
//! procurement records with their bidders, and what is read from them: the monthly summary
//! (สขร.๑) and the annual analysis.
//!
//! The rules live in `domain::procurement` (money, methods, validation, the สขร.๑ row, the
//! analysis); this module keeps them.
//!
//! * A record is checked with [`Record::validate`] before every write: an award above the
//!   budget is refused unless the record explicitly accepts it.
//! * An e-GP project number is unique per agency: the unique index `procurement_egp` decides
//!   (also between concurrent writers), and its violation becomes a Thai and English
//!   [`InputError`]. Records without a number are not constrained (NULLs never collide).
//! * The bidders of a record are rewritten with it, in the same transaction, so they never
//!   drift apart from the record.
//! * A plan revision starts as a copy of the previous revision's items; only the latest
//!   revision of a year may be changed, so what was approved before stays as it was.

pub mod entities;
pub mod import;
pub mod report;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use prongsai_domain::calendar::{to_thai_digits, Digits, FiscalYear, YearMonth};
use prongsai_domain::procurement::{
    clean_line, AnnualAnalysis, Bidder, Method, Money, MonthlySummary, PlanItem, Record,
    MAX_TEXT_CHARS,
};
use prongsai_domain::InputError;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::disclosure::entities::document;
use crate::{conflict_or, find_in_scope, Actor, AgencyScope, Result, Store, StoreError};
use entities::{procurement, procurement_bidder, procurement_plan, procurement_plan_item};

/// The most items one plan revision may hold.
pub const MAX_PLAN_ITEMS: usize = 2000;

fn th_num(n: impl std::fmt::Display) -> String {
    to_thai_digits(&n.to_string())
}

fn corrupt(what: &str, id: i64) -> StoreError {
    StoreError::Other(format!("stored {what} of procurement {id} cannot be read"))
}

fn first_error(errors: Vec<InputError>) -> StoreError {
    errors
        .into_iter()
        .next()
        .map(StoreError::Input)
        .unwrap_or_else(|| StoreError::Other("refused without a reason".into()))
}

/// The error of an e-GP number the agency already has.
pub fn duplicate_egp(egp_no: &str) -> InputError {
    InputError::new(
        "egp_no",
        format!(
            "เลขที่โครงการ e-GP {} มีอยู่แล้วในทะเบียนจัดซื้อจัดจ้าง",
            th_num(egp_no)
        ),
        format!("The e-GP project number {egp_no} is already in the procurement register"),
    )
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/// A stored procurement record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredRecord {
    pub id: i64,
    pub agency_id: i64,
    pub record: Record,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
}

/// One revision of the annual procurement plan, with its items in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRevision {
    pub id: i64,
    pub agency_id: i64,
    pub fiscal_year: FiscalYear,
    /// 1 for the first plan, then 2, 3, … (แผนฯ ฉบับปรับปรุงครั้งที่ revision − 1)
    pub revision: u32,
    pub approved_on: Option<NaiveDate>,
    pub note: String,
    pub items: Vec<PlanItem>,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
}

impl PlanRevision {
    /// The total budget of the items, satang.
    pub fn total_budget(&self) -> i64 {
        Money::sum(self.items.iter().map(|i| i.budget))
    }
}

/// What is written for a plan revision besides its items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanHeader {
    pub approved_on: Option<NaiveDate>,
    pub note: String,
}

fn fiscal(be: i32, id: i64) -> Result<FiscalYear> {
    FiscalYear::new(be).map_err(|_| corrupt("fiscal year", id))
}

fn money(satang: i64, id: i64) -> Result<Money> {
    Money::from_satang(satang).ok_or_else(|| corrupt("amount", id))
}

fn to_record(
    m: procurement::Model,
    bidders: Vec<procurement_bidder::Model>,
) -> Result<StoredRecord> {
    let id = m.id;
    let record = Record {
        fiscal_year: fiscal(m.fiscal_year, id)?,
        project: m.project,
        budget: money(m.budget, id)?,
        reference_price: m.reference_price.map(|v| money(v, id)).transpose()?,
        method: Method::parse(&m.method).ok_or_else(|| corrupt("method", id))?,
        bidders: bidders
            .into_iter()
            .map(|b| {
                Ok(Bidder {
                    name: b.name,
                    offer: money(b.offer, id)?,
                })
            })
            .collect::<Result<_>>()?,
        winner: m.winner,
        award_price: m.award_price.map(|v| money(v, id)).transpose()?,
        reason: m.reason,
        contract_no: m.contract_no,
        contract_date: m.contract_date,
        egp_no: m.egp_no,
        delivery_date: m.delivery_date,
        payment_date: m.payment_date,
        invitation_doc_id: m.invitation_doc_id,
        award_doc_id: m.award_doc_id,
        accept_over_budget: m.accept_over_budget,
    };
    Ok(StoredRecord {
        id,
        agency_id: m.agency_id,
        record,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn to_plan(
    m: procurement_plan::Model,
    items: Vec<procurement_plan_item::Model>,
) -> Result<PlanRevision> {
    let id = m.id;
    Ok(PlanRevision {
        id,
        agency_id: m.agency_id,
        fiscal_year: fiscal(m.fiscal_year, id)?,
        revision: u32::try_from(m.revision).map_err(|_| corrupt("plan revision", id))?,
        approved_on: m.approved_on,
        note: m.note,
        items: items
            .into_iter()
            .map(|i| {
                Ok(PlanItem {
                    project: i.project,
                    budget: money(i.budget, id)?,
                    source_of_funds: i.source_of_funds,
                    method: Method::parse(&i.method).ok_or_else(|| corrupt("plan method", id))?,
                    expected_month: YearMonth::containing(i.expected_month),
                })
            })
            .collect::<Result<_>>()?,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The audit log's view of a record: the row and its bidders.
#[derive(Serialize)]
struct Audited<'a> {
    #[serde(flatten)]
    row: &'a procurement::Model,
    bidders: &'a [Bidder],
}

#[derive(Serialize)]
struct AuditedPlan<'a> {
    #[serde(flatten)]
    row: &'a procurement_plan::Model,
    items: &'a [PlanItem],
}

// ---------------------------------------------------------------------------------------------
// Helpers inside a transaction
// ---------------------------------------------------------------------------------------------

/// A document id given for an announcement must be one of the agency's documents.
async fn check_document<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    field: &'static str,
    id: Option<i64>,
) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    match find_in_scope::<document::Entity, _>(c, scope, document::Column::AgencyId, id).await {
        Ok(_) => Ok(()),
        Err(StoreError::NotFound) => Err(StoreError::Input(InputError::new(
            field,
            "ไม่พบเอกสารประกาศที่เลือกในคลังเอกสารของหน่วยงาน",
            "The chosen announcement is not among the agency's documents",
        ))),
        Err(e) => Err(e),
    }
}

/// Another record of the agency with this e-GP number (a friendly early answer; the unique
/// index has the last word).
async fn check_egp<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    egp_no: Option<&str>,
    except: Option<i64>,
) -> Result<()> {
    let Some(egp) = egp_no else { return Ok(()) };
    let mut q = procurement::Entity::find()
        .select_only()
        .column(procurement::Column::Id)
        .filter(procurement::Column::AgencyId.eq(scope.agency_id()))
        .filter(procurement::Column::EgpNo.eq(egp));
    if let Some(id) = except {
        q = q.filter(procurement::Column::Id.ne(id));
    }
    if q.into_tuple::<i64>().one(c).await?.is_some() {
        return Err(StoreError::Input(duplicate_egp(egp)));
    }
    Ok(())
}

async fn write_bidders<C: ConnectionTrait>(
    c: &C,
    procurement_id: i64,
    bidders: &[Bidder],
) -> Result<()> {
    procurement_bidder::Entity::delete_many()
        .filter(procurement_bidder::Column::ProcurementId.eq(procurement_id))
        .exec(c)
        .await?;
    if bidders.is_empty() {
        return Ok(());
    }
    procurement_bidder::Entity::insert_many(bidders.iter().enumerate().map(|(i, b)| {
        procurement_bidder::ActiveModel {
            procurement_id: Set(procurement_id),
            position: Set(i as i32 + 1),
            name: Set(b.name.clone()),
            offer: Set(b.offer.satang()),
            ..Default::default()
        }
    }))
    .exec(c)
    .await?;
    Ok(())
}

fn apply(am: &mut procurement::ActiveModel, r: &Record) {
    am.fiscal_year = Set(r.fiscal_year.be());
    am.project = Set(r.project.clone());
    am.budget = Set(r.budget.satang());
    am.reference_price = Set(r.reference_price.map(Money::satang));
    am.method = Set(r.method.code().to_owned());
    am.winner = Set(r.winner.clone());
    am.award_price = Set(r.award_price.map(Money::satang));
    am.reason = Set(r.reason.clone());
    am.contract_no = Set(r.contract_no.clone());
    am.contract_date = Set(r.contract_date);
    am.egp_no = Set(r.egp_no.clone());
    am.delivery_date = Set(r.delivery_date);
    am.payment_date = Set(r.payment_date);
    am.invitation_doc_id = Set(r.invitation_doc_id);
    am.award_doc_id = Set(r.award_doc_id);
    am.accept_over_budget = Set(r.accept_over_budget);
}

/// The bidders of the given records (or of every record matched by `of`), by record id.
async fn bidders_of<C: ConnectionTrait>(
    c: &C,
    of: sea_orm::sea_query::SelectStatement,
) -> Result<HashMap<i64, Vec<procurement_bidder::Model>>> {
    let rows = procurement_bidder::Entity::find()
        .filter(procurement_bidder::Column::ProcurementId.in_subquery(of))
        .order_by_asc(procurement_bidder::Column::ProcurementId)
        .order_by_asc(procurement_bidder::Column::Position)
        .all(c)
        .await?;
    let mut map: HashMap<i64, Vec<procurement_bidder::Model>> = HashMap::new();
    for b in rows {
        map.entry(b.procurement_id).or_default().push(b);
    }
    Ok(map)
}

async fn record_bidders<C: ConnectionTrait>(
    c: &C,
    id: i64,
) -> Result<Vec<procurement_bidder::Model>> {
    Ok(procurement_bidder::Entity::find()
        .filter(procurement_bidder::Column::ProcurementId.eq(id))
        .order_by_asc(procurement_bidder::Column::Position)
        .all(c)
        .await?)
}

async fn plan_items<C: ConnectionTrait>(
    c: &C,
    plan_id: i64,
) -> Result<Vec<procurement_plan_item::Model>> {
    Ok(procurement_plan_item::Entity::find()
        .filter(procurement_plan_item::Column::PlanId.eq(plan_id))
        .order_by_asc(procurement_plan_item::Column::Position)
        .all(c)
        .await?)
}

async fn write_plan_items<C: ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    plan_id: i64,
    items: &[PlanItem],
) -> Result<()> {
    procurement_plan_item::Entity::delete_many()
        .filter(procurement_plan_item::Column::PlanId.eq(plan_id))
        .exec(c)
        .await?;
    // in chunks: a statement has a limited number of parameters
    for (n, chunk) in items.chunks(500).enumerate() {
        procurement_plan_item::Entity::insert_many(chunk.iter().enumerate().map(|(i, it)| {
            procurement_plan_item::ActiveModel {
                plan_id: Set(plan_id),
                agency_id: Set(scope.agency_id()),
                position: Set((n * 500 + i) as i32 + 1),
                project: Set(it.project.clone()),
                budget: Set(it.budget.satang()),
                source_of_funds: Set(it.source_of_funds.clone()),
                method: Set(it.method.code().to_owned()),
                expected_month: Set(it.expected_month.first_day()),
                ..Default::default()
            }
        }))
        .exec(c)
        .await?;
    }
    Ok(())
}

/// The items checked against the year, or the first problem (named with the item's number).
fn check_items(year: FiscalYear, items: &[PlanItem]) -> Result<Vec<PlanItem>> {
    if items.len() > MAX_PLAN_ITEMS {
        return Err(StoreError::Input(InputError::new(
            "items",
            format!("แผนฯ มีได้ไม่เกิน {} รายการ", th_num(MAX_PLAN_ITEMS)),
            format!("A plan holds at most {MAX_PLAN_ITEMS} items"),
        )));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            it.check(year).map_err(|errors| {
                let e = errors
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| InputError::new("items", "รายการไม่ถูกต้อง", "Invalid item"));
                StoreError::Input(InputError::new(
                    e.field,
                    format!("รายการที่ {}: {}", th_num(i + 1), e.th),
                    format!("Item {}: {}", i + 1, e.en),
                ))
            })
        })
        .collect()
}

fn check_header(h: &PlanHeader, year: FiscalYear) -> Result<PlanHeader> {
    let note = clean_line("note", &h.note, MAX_TEXT_CHARS)?;
    if let Some(d) = h.approved_on {
        // a plan is approved before or during its year, not after it
        let earliest = year.prev().map_or(year.start(), FiscalYear::start);
        if d < earliest || d > year.end() {
            return Err(StoreError::Input(InputError::new(
                "approved_on",
                format!(
                    "วันที่อนุมัติแผนต้องไม่ก่อนปีงบประมาณก่อนหน้าและไม่หลัง{}",
                    year.label_th(Digits::Thai)
                ),
                format!(
                    "The approval date must fall in the previous fiscal year or in {}",
                    year.label_en()
                ),
            )));
        }
    }
    Ok(PlanHeader {
        approved_on: h.approved_on,
        note,
    })
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

impl Store {
    /// Add a procurement record (checked with [`Record::validate`]).
    pub async fn create_procurement(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        record: &Record,
    ) -> Result<StoredRecord> {
        let r = record.validate().map_err(first_error)?;
        let mut w = self.write(scope, actor).await?;
        check_document(&w.txn, scope, "invitation_doc_id", r.invitation_doc_id).await?;
        check_document(&w.txn, scope, "award_doc_id", r.award_doc_id).await?;
        check_egp(&w.txn, scope, r.egp_no.as_deref(), None).await?;
        let now = Utc::now();
        let mut am = procurement::ActiveModel {
            agency_id: Set(scope.agency_id()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut am, &r);
        let egp = r.egp_no.clone().unwrap_or_default();
        let m = am
            .insert(&w.txn)
            .await
            .map_err(|e| conflict_or(e, duplicate_egp(&egp)))?;
        write_bidders(&w.txn, m.id, &r.bidders).await?;
        w.audit(
            "procurement",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&Audited {
                row: &m,
                bidders: &r.bidders,
            }),
        )
        .await?;
        w.commit().await.map_err(|e| match e {
            StoreError::Db(e) => conflict_or(e, duplicate_egp(&egp)),
            e => e,
        })?;
        Ok(StoredRecord {
            id: m.id,
            agency_id: m.agency_id,
            record: r,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }

    /// Change a record; its bidders become exactly those of `record`.
    pub async fn update_procurement(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        record: &Record,
    ) -> Result<StoredRecord> {
        let r = record.validate().map_err(first_error)?;
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<procurement::Entity, _>(
            &w.txn,
            scope,
            procurement::Column::AgencyId,
            id,
        )
        .await?;
        let before_bidders = record_bidders(&w.txn, id).await?;
        let before_rec = to_record(before.clone(), before_bidders)?;
        check_document(&w.txn, scope, "invitation_doc_id", r.invitation_doc_id).await?;
        check_document(&w.txn, scope, "award_doc_id", r.award_doc_id).await?;
        check_egp(&w.txn, scope, r.egp_no.as_deref(), Some(id)).await?;
        let mut am = before.clone().into_active_model();
        apply(&mut am, &r);
        am.updated_at = Set(Utc::now());
        let egp = r.egp_no.clone().unwrap_or_default();
        let after = am
            .update(&w.txn)
            .await
            .map_err(|e| conflict_or(e, duplicate_egp(&egp)))?;
        write_bidders(&w.txn, id, &r.bidders).await?;
        w.audit(
            "procurement",
            Some(id.to_string()),
            "update",
            Some(&Audited {
                row: &before,
                bidders: &before_rec.record.bidders,
            }),
            Some(&Audited {
                row: &after,
                bidders: &r.bidders,
            }),
        )
        .await?;
        w.commit().await?;
        Ok(StoredRecord {
            id,
            agency_id: after.agency_id,
            record: r,
            created_at: after.created_at,
            updated_at: after.updated_at,
        })
    }

    /// Delete a record and its bidders.
    pub async fn delete_procurement(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
    ) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<procurement::Entity, _>(
            &w.txn,
            scope,
            procurement::Column::AgencyId,
            id,
        )
        .await?;
        let bidders = record_bidders(&w.txn, id).await?;
        let rec = to_record(before.clone(), bidders)?;
        procurement_bidder::Entity::delete_many()
            .filter(procurement_bidder::Column::ProcurementId.eq(id))
            .exec(&w.txn)
            .await?;
        procurement::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.audit(
            "procurement",
            Some(id.to_string()),
            "delete",
            Some(&Audited {
                row: &before,
                bidders: &rec.record.bidders,
            }),
            None::<&()>,
        )
        .await?;
        w.commit().await
    }

    /// One record of the agency, or NotFound.
    pub async fn procurement(&self, scope: &AgencyScope, id: i64) -> Result<StoredRecord> {
        let m = find_in_scope::<procurement::Entity, _>(
            &self.db,
            scope,
            procurement::Column::AgencyId,
            id,
        )
        .await?;
        let bidders = record_bidders(&self.db, id).await?;
        to_record(m, bidders)
    }

    /// The records matched by `filter`, ordered by contract date (records without one last)
    /// then id, with their bidders when `with_bidders`.
    async fn load_records(
        &self,
        scope: &AgencyScope,
        filter: sea_orm::Condition,
        with_bidders: bool,
    ) -> Result<Vec<StoredRecord>> {
        let cond = sea_orm::Condition::all()
            .add(procurement::Column::AgencyId.eq(scope.agency_id()))
            .add(filter);
        let rows = procurement::Entity::find()
            .filter(cond.clone())
            .order_by_asc(
                sea_orm::sea_query::Expr::col(procurement::Column::ContractDate).is_null(),
            )
            .order_by_asc(procurement::Column::ContractDate)
            .order_by_asc(procurement::Column::Id)
            .all(&self.db)
            .await?;
        let mut bidders = if with_bidders && !rows.is_empty() {
            bidders_of(
                &self.db,
                Query::select()
                    .column(procurement::Column::Id)
                    .from(procurement::Entity)
                    .cond_where(cond)
                    .to_owned(),
            )
            .await?
        } else {
            HashMap::new()
        };
        rows.into_iter()
            .map(|m| {
                let b = bidders.remove(&m.id).unwrap_or_default();
                to_record(m, b)
            })
            .collect()
    }

    /// The records of a fiscal year, by contract date then id (those without a contract date
    /// last).
    pub async fn procurements_of_year(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<StoredRecord>> {
        self.load_records(
            scope,
            sea_orm::Condition::all().add(procurement::Column::FiscalYear.eq(year.be())),
            true,
        )
        .await
    }

    /// The records whose contract date falls in `month`, by contract date then id.
    pub async fn procurements_of_month(
        &self,
        scope: &AgencyScope,
        month: YearMonth,
    ) -> Result<Vec<StoredRecord>> {
        self.load_records(
            scope,
            sea_orm::Condition::all()
                .add(procurement::Column::ContractDate.gte(month.first_day()))
                .add(procurement::Column::ContractDate.lte(month.last_day())),
            true,
        )
        .await
    }

    /// The fiscal years the agency has records or plans of, newest first.
    pub async fn procurement_years(&self, scope: &AgencyScope) -> Result<Vec<FiscalYear>> {
        let mut years: Vec<i32> = procurement::Entity::find()
            .select_only()
            .column(procurement::Column::FiscalYear)
            .distinct()
            .filter(procurement::Column::AgencyId.eq(scope.agency_id()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let plans: Vec<i32> = procurement_plan::Entity::find()
            .select_only()
            .column(procurement_plan::Column::FiscalYear)
            .distinct()
            .filter(procurement_plan::Column::AgencyId.eq(scope.agency_id()))
            .into_tuple()
            .all(&self.db)
            .await?;
        years.extend(plans);
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Ok(years
            .into_iter()
            .filter_map(|y| FiscalYear::new(y).ok())
            .collect())
    }

    /// The สขร.๑ of `month` of `year`: its rows, or the "ไม่มีการจัดซื้อจัดจ้าง" statement.
    /// A month outside the fiscal year is refused.
    pub async fn monthly_summary(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        month: YearMonth,
        digits: Digits,
    ) -> Result<MonthlySummary> {
        if !year.contains(month.first_day()) {
            return Err(StoreError::Input(InputError::new(
                "month",
                format!("เดือนที่เลือกไม่อยู่ใน{}", year.label_th(Digits::Thai)),
                format!("The month is not within {}", year.label_en()),
            )));
        }
        let records = self
            .load_records(
                scope,
                sea_orm::Condition::all()
                    .add(procurement::Column::FiscalYear.eq(year.be()))
                    .add(procurement::Column::ContractDate.gte(month.first_day()))
                    .add(procurement::Column::ContractDate.lte(month.last_day())),
                true,
            )
            .await?;
        Ok(MonthlySummary::build(
            year,
            month,
            records.iter().map(|r| &r.record),
            digits,
        ))
    }

    /// The figures of the annual report of `year` (bidders are not needed, not read).
    pub async fn annual_analysis(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<AnnualAnalysis> {
        let records = self
            .load_records(
                scope,
                sea_orm::Condition::all().add(procurement::Column::FiscalYear.eq(year.be())),
                false,
            )
            .await?;
        Ok(AnnualAnalysis::build(
            year,
            records.iter().map(|r| &r.record),
        ))
    }

    // ----- the plan ----------------------------------------------------------------------------

    /// Start the next revision of the year's plan (revision 1 when there is none): a copy of
    /// the previous revision's items, with the given header. Change its items with
    /// [`Store::update_plan_revision`].
    pub async fn create_plan_revision(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        header: &PlanHeader,
    ) -> Result<PlanRevision> {
        let h = check_header(header, year)?;
        let mut w = self.write(scope, actor).await?;
        let previous = procurement_plan::Entity::find()
            .filter(procurement_plan::Column::AgencyId.eq(scope.agency_id()))
            .filter(procurement_plan::Column::FiscalYear.eq(year.be()))
            .order_by_desc(procurement_plan::Column::Revision)
            .one(&w.txn)
            .await?;
        let items = match &previous {
            Some(p) => to_plan(p.clone(), plan_items(&w.txn, p.id).await?)?.items,
            None => Vec::new(),
        };
        let now = Utc::now();
        let m = procurement_plan::ActiveModel {
            agency_id: Set(scope.agency_id()),
            fiscal_year: Set(year.be()),
            revision: Set(previous.map_or(1, |p| p.revision + 1)),
            approved_on: Set(h.approved_on),
            note: Set(h.note),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            conflict_or(
                e,
                InputError::new(
                    "revision",
                    "มีผู้สร้างฉบับปรับปรุงของแผนนี้พร้อมกัน กรุณาลองอีกครั้ง",
                    "Someone created a revision of this plan at the same time; try again",
                ),
            )
        })?;
        write_plan_items(&w.txn, scope, m.id, &items).await?;
        w.audit(
            "procurement_plan",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&AuditedPlan {
                row: &m,
                items: &items,
            }),
        )
        .await?;
        w.commit().await?;
        to_plan_with(m, items)
    }

    /// Change the header and items of a plan revision. Only the latest revision of its year
    /// may change: an earlier one is what was approved then.
    pub async fn update_plan_revision(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        plan_id: i64,
        header: &PlanHeader,
        items: &[PlanItem],
    ) -> Result<PlanRevision> {
        let mut w = self.write(scope, actor).await?;
        let before = find_in_scope::<procurement_plan::Entity, _>(
            &w.txn,
            scope,
            procurement_plan::Column::AgencyId,
            plan_id,
        )
        .await?;
        let year = fiscal(before.fiscal_year, plan_id)?;
        let h = check_header(header, year)?;
        let items = check_items(year, items)?;
        let newer = procurement_plan::Entity::find()
            .select_only()
            .column(procurement_plan::Column::Id)
            .filter(procurement_plan::Column::AgencyId.eq(scope.agency_id()))
            .filter(procurement_plan::Column::FiscalYear.eq(before.fiscal_year))
            .filter(procurement_plan::Column::Revision.gt(before.revision))
            .into_tuple::<i64>()
            .one(&w.txn)
            .await?;
        if newer.is_some() {
            return Err(StoreError::Input(InputError::new(
                "revision",
                "แก้ไขได้เฉพาะแผนฉบับล่าสุด ฉบับก่อนหน้าเก็บไว้ตามที่อนุมัติ",
                "Only the latest revision can be changed; earlier ones stay as approved",
            )));
        }
        let before_items = to_plan(before.clone(), plan_items(&w.txn, plan_id).await?)?.items;
        let mut am = before.clone().into_active_model();
        am.approved_on = Set(h.approved_on);
        am.note = Set(h.note);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        write_plan_items(&w.txn, scope, plan_id, &items).await?;
        w.audit(
            "procurement_plan",
            Some(plan_id.to_string()),
            "update",
            Some(&AuditedPlan {
                row: &before,
                items: &before_items,
            }),
            Some(&AuditedPlan {
                row: &after,
                items: &items,
            }),
        )
        .await?;
        w.commit().await?;
        to_plan_with(after, items)
    }

    /// The revisions of the year's plan, oldest first, each with its items.
    pub async fn plan_revisions(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Vec<PlanRevision>> {
        let plans = procurement_plan::Entity::find()
            .filter(procurement_plan::Column::AgencyId.eq(scope.agency_id()))
            .filter(procurement_plan::Column::FiscalYear.eq(year.be()))
            .order_by_asc(procurement_plan::Column::Revision)
            .all(&self.db)
            .await?;
        let mut items: HashMap<i64, Vec<procurement_plan_item::Model>> = HashMap::new();
        if !plans.is_empty() {
            for it in procurement_plan_item::Entity::find()
                .filter(procurement_plan_item::Column::AgencyId.eq(scope.agency_id()))
                .filter(procurement_plan_item::Column::PlanId.is_in(plans.iter().map(|p| p.id)))
                .order_by_asc(procurement_plan_item::Column::PlanId)
                .order_by_asc(procurement_plan_item::Column::Position)
                .all(&self.db)
                .await?
            {
                items.entry(it.plan_id).or_default().push(it);
            }
        }
        plans
            .into_iter()
            .map(|p| {
                let i = items.remove(&p.id).unwrap_or_default();
                to_plan(p, i)
            })
            .collect()
    }

    /// One plan revision of the agency, or NotFound.
    pub async fn plan_revision(&self, scope: &AgencyScope, plan_id: i64) -> Result<PlanRevision> {
        let m = find_in_scope::<procurement_plan::Entity, _>(
            &self.db,
            scope,
            procurement_plan::Column::AgencyId,
            plan_id,
        )
        .await?;
        let items = plan_items(&self.db, plan_id).await?;
        to_plan(m, items)
    }

    /// The latest revision of the year's plan, if any.
    pub async fn latest_plan(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<Option<PlanRevision>> {
        let m = procurement_plan::Entity::find()
            .filter(procurement_plan::Column::AgencyId.eq(scope.agency_id()))
            .filter(procurement_plan::Column::FiscalYear.eq(year.be()))
            .order_by_desc(procurement_plan::Column::Revision)
            .one(&self.db)
            .await?;
        match m {
            Some(m) => {
                let items = plan_items(&self.db, m.id).await?;
                Ok(Some(to_plan(m, items)?))
            }
            None => Ok(None),
        }
    }
}

fn to_plan_with(m: procurement_plan::Model, items: Vec<PlanItem>) -> Result<PlanRevision> {
    let mut p = to_plan(m, Vec::new())?;
    p.items = items;
    Ok(p)
}

// ---------------------------------------------------------------------------------------------
// Demo data
// ---------------------------------------------------------------------------------------------

/// A year of synthetic procurement for an อบต. in fiscal `year`: about sixty records over its
/// twelve months (one month without any, so its สขร.๑ carries the statement), mostly by the
/// specific method with a few e-market and e-bidding ones, and a plan with two revisions. Only
/// what is dated before `today` is made, so the current year has the months begun so far.
/// Every name is marked "(ข้อมูลสาธิต)". Does nothing when the agency already has records in
/// that year. Returns how many records were added.
pub async fn seed_demo(
    store: &Store,
    scope: &AgencyScope,
    year: FiscalYear,
    today: NaiveDate,
) -> Result<usize> {
    if year.start() > today || !store.procurements_of_year(scope, year).await?.is_empty() {
        return Ok(0);
    }
    let actor = Actor::system("demo");
    let demo = |s: &str| format!("{s} (ข้อมูลสาธิต)");
    let months = year.months();
    let baht = |b: i64| Money::from_baht(b).unwrap_or(Money::ZERO);

    // the plan: revision 1, then revision 2 adds a project and moves one
    let plan_items = vec![
        PlanItem {
            project: demo("ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓"),
            budget: baht(1_450_000),
            source_of_funds: "เงินงบประมาณ (ข้อบัญญัติ)".into(),
            method: Method::EBidding,
            expected_month: months[3],
        },
        PlanItem {
            project: demo("จัดซื้ออาหารเสริม (นม) โรงเรียนและศูนย์พัฒนาเด็กเล็ก"),
            budget: baht(890_000),
            source_of_funds: "เงินอุดหนุนทั่วไป".into(),
            method: Method::EMarket,
            expected_month: months[0],
        },
        PlanItem {
            project: demo("จัดซื้อครุภัณฑ์คอมพิวเตอร์ สำนักปลัด"),
            budget: baht(96_000),
            source_of_funds: "เงินงบประมาณ (ข้อบัญญัติ)".into(),
            method: Method::Specific,
            expected_month: months[5],
        },
        PlanItem {
            project: demo("ก่อสร้างรางระบายน้ำ หมู่ที่ ๗"),
            budget: baht(480_000),
            source_of_funds: "เงินสะสม".into(),
            method: Method::EBidding,
            expected_month: months[6],
        },
    ];
    let first = store
        .create_plan_revision(
            scope,
            &actor,
            year,
            &PlanHeader {
                approved_on: Some(year.start()),
                note: demo("แผนการจัดซื้อจัดจ้างประจำปี"),
            },
        )
        .await?;
    store
        .update_plan_revision(
            scope,
            &actor,
            first.id,
            &PlanHeader {
                approved_on: Some(year.start()),
                note: demo("แผนการจัดซื้อจัดจ้างประจำปี"),
            },
            &plan_items,
        )
        .await?;
    let revised_header = PlanHeader {
        approved_on: Some(months[4].first_day()),
        note: demo("ปรับปรุงแผนครั้งที่ ๑ เพิ่มโครงการซ่อมแซมฝายและเลื่อนรางระบายน้ำ"),
    };
    let second = store
        .create_plan_revision(scope, &actor, year, &revised_header)
        .await?;
    let mut revised = plan_items.clone();
    revised[3].expected_month = months[8];
    revised.push(PlanItem {
        project: demo("ซ่อมแซมฝายน้ำล้น หมู่ที่ ๒"),
        budget: baht(350_000),
        source_of_funds: "เงินสะสม".into(),
        method: Method::EBidding,
        expected_month: months[7],
    });
    store
        .update_plan_revision(scope, &actor, second.id, &revised_header, &revised)
        .await?;

    // the records
    let shops = [
        "ร้านสมใจพาณิชย์",
        "หจก. รุ่งเรืองวัสดุก่อสร้าง",
        "ร้านเจริญการค้า",
        "ร้านโชคดีเครื่องเขียน",
        "บริษัท สยามคอมพิวเตอร์ จำกัด",
        "ร้านช่างเอกการไฟฟ้า",
        "นายสมศักดิ์ รับจ้างทั่วไป",
        "ร้านป้าแดงอาหารตามสั่ง",
    ];
    let works = [
        ("จัดซื้อวัสดุสำนักงาน", 8_500),
        ("จัดซื้อน้ำมันเชื้อเพลิงรถยนต์ส่วนกลาง", 15_000),
        ("จ้างซ่อมแซมเครื่องปรับอากาศ", 4_800),
        ("จัดซื้อวัสดุไฟฟ้าและวิทยุ", 12_300),
        ("จ้างเหมาจัดทำอาหารว่างและเครื่องดื่ม โครงการประชุมประชาคม", 6_000),
        ("จัดซื้อวัสดุก่อสร้าง ซ่อมแซมถนนลูกรัง", 45_000),
        ("จ้างเหมาตัดหญ้าริมทางสาธารณะ", 9_000),
        ("จัดซื้อวัสดุงานบ้านงานครัว", 3_750),
        ("จ้างถ่ายเอกสารและเข้าเล่ม", 2_400),
        ("จัดซื้อหมึกพิมพ์คอมพิวเตอร์", 7_800),
    ];
    // five records a month, none in the fifth month (กุมภาพันธ์)
    let mut added = 0usize;
    let mut seq = 0usize;
    for (mi, month) in months.iter().enumerate() {
        if mi == 4 {
            continue;
        }
        let per_month = if mi.is_multiple_of(3) { 6 } else { 5 };
        for k in 0..per_month {
            seq += 1;
            let (work, base) = works[(seq * 7 + k) % works.len()];
            let budget = base + (seq as i64 % 5) * 250;
            let day = (3 + k as u32 * 5).min(month.days());
            let date = month.first_day().with_day(day).unwrap_or(month.first_day());
            let a = shops[seq % shops.len()];
            let b = shops[(seq + 3) % shops.len()];
            let offer_a = budget - (seq as i64 % 4) * 100;
            let mut r = Record {
                reference_price: Some(baht(budget)),
                bidders: vec![Bidder {
                    name: demo(a),
                    offer: baht(offer_a),
                }],
                winner: Some(demo(a)),
                award_price: Some(baht(offer_a)),
                reason: "ราคาไม่เกินวงเงินงบประมาณ และผู้เสนอราคามีคุณสมบัติถูกต้องครบถ้วน".into(),
                contract_no: Some(format!("{}/{}", seq, year.be())),
                contract_date: Some(date),
                delivery_date: Some(date + chrono::Duration::days(7)),
                payment_date: Some(date + chrono::Duration::days(15)),
                ..Record::new(year, &demo(work), baht(budget), Method::Specific)
            };
            if seq.is_multiple_of(9) {
                // a comparison of two offers
                r.bidders.push(Bidder {
                    name: demo(b),
                    offer: baht(offer_a + 350),
                });
            }
            if seq.is_multiple_of(6) {
                r.egp_no = Some(format!(
                    "{}{:02}{:06}",
                    year.be() % 100,
                    month.month(),
                    100_000 + seq
                ));
            }
            if date < today {
                store.create_procurement(scope, &actor, &r).await?;
                added += 1;
            }
        }
    }
    // the larger ones: e-market and e-bidding with several bidders
    let big = [
        (
            0usize,
            Method::EMarket,
            "จัดซื้ออาหารเสริม (นม) โรงเรียนและศูนย์พัฒนาเด็กเล็ก ภาคเรียนที่ ๒",
            445_000i64,
            3,
        ),
        (
            3,
            Method::EBidding,
            "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓",
            1_450_000,
            4,
        ),
        (
            6,
            Method::EMarket,
            "จัดซื้ออาหารเสริม (นม) โรงเรียนและศูนย์พัฒนาเด็กเล็ก ภาคเรียนที่ ๑",
            445_000,
            2,
        ),
        (8, Method::EBidding, "ก่อสร้างรางระบายน้ำ หมู่ที่ ๗", 480_000, 3),
    ];
    for (i, (mi, method, work, budget, n)) in big.into_iter().enumerate() {
        let month = months[mi];
        let date = month.first_day() + chrono::Duration::days(20);
        let bidders: Vec<Bidder> = (0..n)
            .map(|j| Bidder {
                name: demo(&format!(
                    "บริษัท ก่อสร้างและการค้า {} จำกัด",
                    ["เอ", "บี", "ซี", "ดี"][j]
                )),
                offer: baht(budget - 30_000 + j as i64 * 12_500),
            })
            .collect();
        let winner = bidders[0].clone();
        let r = Record {
            reference_price: Some(baht(budget - 5_000)),
            winner: Some(winner.name.clone()),
            award_price: Some(winner.offer),
            bidders,
            reason: "เสนอราคาต่ำสุด และเป็นผู้ยื่นข้อเสนอที่ถูกต้องตามเงื่อนไขในเอกสารประกวดราคา".into(),
            contract_no: Some(format!("สัญญาจ้าง {}/{}", i + 1, year.be())),
            contract_date: Some(date),
            egp_no: Some(format!(
                "{}{:02}{:07}",
                year.be() % 100,
                month.month(),
                9_000_000 + i
            )),
            delivery_date: Some(date + chrono::Duration::days(60)),
            payment_date: Some(date + chrono::Duration::days(75)),
            ..Record::new(year, &demo(work), baht(budget), method)
        };
        if date < today {
            store.create_procurement(scope, &actor, &r).await?;
            added += 1;
        }
    }
    Ok(added)
}

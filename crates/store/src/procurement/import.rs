//! Importing many procurement records at once (from an agency's CSV/XLSX file): all of them
//! in one transaction, or none.
//!
//! Each record is checked as [`Store::create_procurement`] checks one ([`Record::validate`]:
//! an award above the budget must be explicitly accepted), and written by the same code
//! (`apply`, `write_bidders` of the parent module). Refused, naming the row of the file:
//! a record of another fiscal year, an e-GP number twice in the batch, an e-GP number the
//! agency already has (checked before writing, and by the unique index while writing, so a
//! concurrent writer cannot slip one in). Any refusal rolls everything back.
//!
//! **Audit**: one entry per record (`procurement`, action `import`), exactly like a record
//! created by hand. Each record's history then starts with its own entry, found by its id
//! like any later `update` or `delete`, and the chain stays one small JSON per change
//! instead of one entry of megabytes for a large file. The entries are written in the same
//! transaction, so a refused import leaves no entry either.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use prongsai_domain::calendar::{to_thai_digits, FiscalYear};
use prongsai_domain::procurement::Record;
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect,
};

use super::entities::procurement;
use super::{apply, duplicate_egp, write_bidders, Audited};
use crate::{conflict_or, Actor, AgencyScope, Result, Store, StoreError};

/// The most records one import may hold.
pub const MAX_IMPORT_RECORDS: usize = 10_000;

/// One record of an import, with the row of the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    /// The row in the file (1-based, as the spreadsheet numbers it).
    pub line: usize,
    pub record: Record,
}

/// Why one row of an import was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRefusal {
    pub line: usize,
    pub error: InputError,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Some rows were refused (every refusal is listed); nothing was written.
    #[error("{} row(s) refused", .0.len())]
    Refused(Vec<RowRefusal>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The new records' ids, in the order of the rows.
    pub ids: Vec<i64>,
}

fn refusal(line: usize, error: InputError) -> RowRefusal {
    RowRefusal { line, error }
}

impl Store {
    /// The e-GP numbers among `numbers` that the agency's register already holds.
    pub async fn procurement_egp_taken(
        &self,
        scope: &AgencyScope,
        numbers: &[String],
    ) -> Result<HashSet<String>> {
        egp_taken(&self.db, scope, numbers).await
    }

    /// Write every record of `records` for `year`, with its bidders and one audit entry each,
    /// in one transaction: all or nothing (see the [module documentation](self)).
    pub async fn import_procurements(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        records: &[ImportRecord],
    ) -> Result<Imported, ImportError> {
        if records.is_empty() {
            return Err(StoreError::Input(InputError::new(
                "file",
                "ไม่มีรายการให้นำเข้า",
                "There is nothing to import",
            ))
            .into());
        }
        if records.len() > MAX_IMPORT_RECORDS {
            return Err(StoreError::Input(InputError::new(
                "file",
                format!(
                    "นำเข้าได้ครั้งละไม่เกิน {} รายการ",
                    to_thai_digits(&MAX_IMPORT_RECORDS.to_string())
                ),
                format!("At most {MAX_IMPORT_RECORDS} records can be imported at once"),
            ))
            .into());
        }
        // every record checked before anything is written
        let mut refused = Vec::new();
        let mut clean = Vec::with_capacity(records.len());
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for ImportRecord { line, record } in records {
            if record.fiscal_year != year {
                refused.push(refusal(
                    *line,
                    InputError::new(
                        "fiscal_year",
                        format!(
                            "รายการนี้เป็นของปีงบประมาณ {} ไม่ใช่ {}",
                            to_thai_digits(&record.fiscal_year.be().to_string()),
                            to_thai_digits(&year.be().to_string())
                        ),
                        format!(
                            "this record is of fiscal year {}, not {}",
                            record.fiscal_year.be(),
                            year.be()
                        ),
                    ),
                ));
                continue;
            }
            match record.validate() {
                Err(errors) => refused.extend(errors.into_iter().map(|e| refusal(*line, e))),
                Ok(r) => {
                    if let Some(no) = &r.egp_no {
                        if let Some(first) = first_line.get(no) {
                            refused.push(refusal(
                                *line,
                                InputError::new(
                                    "egp_no",
                                    format!(
                                        "เลขโครงการ e-GP {} ซ้ำกับแถวที่ {first}",
                                        to_thai_digits(no)
                                    ),
                                    format!("the e-GP number {no} is already on row {first}"),
                                ),
                            ));
                            continue;
                        }
                        first_line.insert(no.clone(), *line);
                    }
                    clean.push((*line, r));
                }
            }
        }
        let numbers: Vec<String> = first_line.keys().cloned().collect();
        let mut w = self.write(scope, actor).await?;
        let taken = egp_taken(&w.txn, scope, &numbers).await?;
        for (line, r) in &clean {
            if let Some(no) = r.egp_no.as_ref().filter(|n| taken.contains(*n)) {
                refused.push(refusal(*line, duplicate_egp(no)));
            }
        }
        if !refused.is_empty() {
            refused.sort_by_key(|r| r.line);
            // dropping `w` rolls the transaction back
            return Err(ImportError::Refused(refused));
        }
        let now = Utc::now();
        let mut ids = Vec::with_capacity(clean.len());
        for (line, r) in &clean {
            let mut am = procurement::ActiveModel {
                agency_id: Set(scope.agency_id()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            apply(&mut am, r);
            let m = match am.insert(&w.txn).await {
                Ok(m) => m,
                Err(e) => {
                    let egp = r.egp_no.clone().unwrap_or_default();
                    return Err(match conflict_or(e, duplicate_egp(&egp)) {
                        StoreError::Input(e) => ImportError::Refused(vec![refusal(*line, e)]),
                        e => e.into(),
                    });
                }
            };
            write_bidders(&w.txn, m.id, &r.bidders).await?;
            w.audit(
                "procurement",
                Some(m.id.to_string()),
                "import",
                None::<&()>,
                Some(&Audited {
                    row: &m,
                    bidders: &r.bidders,
                }),
            )
            .await?;
            ids.push(m.id);
        }
        w.commit().await.map_err(|e| match e {
            StoreError::Db(e) => match conflict_or(
                e,
                InputError::new(
                    "egp_no",
                    "มีผู้บันทึกเลขโครงการ e-GP เดียวกันพร้อมกัน กรุณาลองอีกครั้ง",
                    "Someone recorded the same e-GP number at the same time; try again",
                ),
            ) {
                StoreError::Input(e) => ImportError::Refused(vec![refusal(0, e)]),
                e => e.into(),
            },
            e => e.into(),
        })?;
        Ok(Imported { ids })
    }
}

/// The e-GP numbers among `numbers` that the agency already has (in chunks: a statement has a
/// limited number of parameters).
async fn egp_taken<C: sea_orm::ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    numbers: &[String],
) -> Result<HashSet<String>> {
    let mut taken = HashSet::new();
    for chunk in numbers.chunks(500) {
        let found: Vec<Option<String>> = procurement::Entity::find()
            .select_only()
            .column(procurement::Column::EgpNo)
            .filter(procurement::Column::AgencyId.eq(scope.agency_id()))
            .filter(procurement::Column::EgpNo.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(c)
            .await?;
        taken.extend(found.into_iter().flatten());
    }
    Ok(taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::both_backends;
    use crate::testdb::TestDb;
    use chrono::NaiveDate;
    use prongsai_domain::procurement::{Bidder, Method, Money};

    fn baht(b: i64) -> Money {
        Money::from_baht(b).unwrap()
    }
    fn fy() -> FiscalYear {
        FiscalYear::new(2567).unwrap()
    }

    fn record(n: usize) -> Record {
        Record {
            reference_price: Some(baht(10_000)),
            bidders: vec![
                Bidder {
                    name: format!("ร้าน {n}"),
                    offer: baht(9_000),
                },
                Bidder {
                    name: format!("บริษัท {n} จำกัด"),
                    offer: baht(9_500),
                },
            ],
            winner: Some(format!("ร้าน {n}")),
            award_price: Some(baht(9_000)),
            reason: "ราคาต่ำสุด".into(),
            contract_no: Some(format!("{n}/2567")),
            contract_date: NaiveDate::from_ymd_opt(2023, 11, 1),
            egp_no: Some(format!("6701{:07}", n)),
            ..Record::new(fy(), &format!("จัดซื้อ {n}"), baht(10_000), Method::Specific)
        }
    }

    fn rows(records: Vec<Record>) -> Vec<ImportRecord> {
        records
            .into_iter()
            .enumerate()
            .map(|(i, record)| ImportRecord {
                line: i + 2,
                record,
            })
            .collect()
    }

    async fn agency(db: &TestDb, slug: &str) -> AgencyScope {
        use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
        let (scope, _) = db
            .store
            .create_agency(
                &Actor::system("t"),
                crate::tenancy::NewAgency {
                    slug: AgencySlug::parse(slug).unwrap(),
                    name_th: "อบต. ทดสอบ".into(),
                    name_en: None,
                    kind: AgencyKind::Sao,
                    province: "นครราชสีมา".into(),
                },
            )
            .await
            .unwrap();
        scope
    }

    both_backends!(imports_all_or_nothing, |db: TestDb| async move {
        let s = &db.store;
        let x = agency(&db, "agency-x").await;
        let y = agency(&db, "agency-y").await;
        let actor = Actor::system("t");
        let before = s.audit_position(&x).await.unwrap();
        let done = s
            .import_procurements(&x, &actor, fy(), &rows((1..=3).map(record).collect()))
            .await
            .unwrap();
        assert_eq!(done.ids.len(), 3);
        let stored = s.procurements_of_year(&x, fy()).await.unwrap();
        assert_eq!(stored.len(), 3);
        assert_eq!(stored[0].record.bidders.len(), 2);
        assert_eq!(stored[0].record, record(1));
        // one audit entry a record
        assert_eq!(s.audit_position(&x).await.unwrap(), before + 3);

        // a duplicate e-GP number against the register: refused, nothing written
        let again = rows(vec![record(4), record(2)]);
        match s.import_procurements(&x, &actor, fy(), &again).await {
            Err(ImportError::Refused(r)) => {
                assert_eq!(r.len(), 1);
                assert_eq!(r[0].line, 3);
                assert!(r[0].error.th.contains("มีอยู่แล้ว"), "{}", r[0].error.th);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.procurements_of_year(&x, fy()).await.unwrap().len(), 3);
        assert_eq!(s.audit_position(&x).await.unwrap(), before + 3);
        // another agency may hold the same number
        s.import_procurements(&y, &actor, fy(), &rows(vec![record(2)]))
            .await
            .unwrap();
        let taken = s
            .procurement_egp_taken(&x, &[record(2).egp_no.unwrap(), "6799999999".into()])
            .await
            .unwrap();
        assert_eq!(taken.len(), 1);

        // within the batch, another year, an unaccepted award above the budget
        let mut over = record(7);
        over.award_price = Some(baht(10_500));
        over.bidders[0].offer = baht(10_500);
        let mut other_year = record(8);
        other_year.fiscal_year = FiscalYear::new(2568).unwrap();
        let bad = rows(vec![record(5), record(5), other_year, over.clone()]);
        match s.import_procurements(&x, &actor, fy(), &bad).await {
            Err(ImportError::Refused(r)) => {
                let lines: Vec<usize> = r.iter().map(|r| r.line).collect();
                assert_eq!(lines, [3, 4, 5]);
                assert_eq!(r[2].error.field, "accept_over_budget");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.procurements_of_year(&x, fy()).await.unwrap().len(), 3);
        // accepted, it goes in
        over.accept_over_budget = true;
        s.import_procurements(&x, &actor, fy(), &rows(vec![over]))
            .await
            .unwrap();
        assert_eq!(s.procurements_of_year(&x, fy()).await.unwrap().len(), 4);
        assert!(s.import_procurements(&x, &actor, fy(), &[]).await.is_err());
        for c in crate::audit::verify(s).await.unwrap() {
            assert!(
                c.report.is_ok(),
                "chain {}: {:?}",
                c.chain_id,
                c.report.problems
            );
        }
        db.cleanup().await;
    });
}

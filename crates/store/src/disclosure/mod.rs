//! Disclosures: the agency's documents (metadata here, bytes in the [`BlobStore`]), and for
//! each O-item of a fiscal year its answer: the responsible unit, an explanation, and the
//! pieces of evidence (a document, an external link, or a page of Prongsai itself). Modules
//! that produce what an item needs (the measures reports, later service statistics and
//! procurement summaries) attach it themselves with [`Store::attach_auto`], once per key.
//!
//! Documents are found again by the words inside them: SQLite keeps an FTS5 index with the
//! trigram tokenizer, PostgreSQL a pg_trgm index; both because Thai has no spaces. What the user
//! types is always a plain string to look for, never query syntax.

pub mod entities;
mod versions;

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use prongsai_domain::calendar::{FiscalYear, Period};
use prongsai_domain::InputError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DbBackend, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};

use crate::blobs::BlobStore;
use crate::{Actor, AgencyScope, Result, Store, StoreError};
use entities::{disclosure, document, evidence};

pub use entities::disclosure::Model as Disclosure;
pub use entities::document::Model as Document;
pub use entities::evidence::Model as Evidence;

/// Longest document title and evidence label, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest explanation of an item, in characters.
pub const MAX_EXPLANATION_CHARS: usize = 5000;
/// Most documents a search returns.
pub const SEARCH_LIMIT: u64 = 200;

fn refused(field: &'static str, th: &'static str, en: &'static str) -> StoreError {
    StoreError::Input(InputError::new(field, th, en))
}

/// What the uploader says about a document.
#[derive(Debug, Clone, Default)]
pub struct DocumentMeta {
    pub title: String,
    pub unit_id: Option<i64>,
    /// The fiscal year whose data it holds (none: standing information).
    pub fiscal_year: Option<FiscalYear>,
    /// The part of that year it covers (a month's summary, a six-month report).
    pub period: Option<Period>,
    pub published_on: Option<NaiveDate>,
    pub public: bool,
}

/// An upload, already checked by the caller (`docs::files::check_upload`).
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// A safe file name (`docs::files::safe_file_name`).
    pub file_name: String,
    /// The kind found in the content, as its usual extension: pdf, docx, xlsx, png, jpg, gif, webp.
    pub kind: String,
    pub bytes: Vec<u8>,
    /// Text extracted for search.
    pub body: Option<String>,
    pub meta: DocumentMeta,
}

/// Where a piece of evidence points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A document of the agency.
    Document(i64),
    /// An external http(s) URL (checked by `domain::links::parse_public_url`).
    Link(String),
    /// A page of Prongsai itself, as a path from the site root (`/krathok/…`).
    Page(String),
}

/// A piece of evidence to add.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub target: Target,
    pub label: String,
    pub data_year: Option<FiscalYear>,
    pub period: Option<Period>,
    pub published_on: Option<NaiveDate>,
}

/// One piece of evidence with its document, when it is one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EvidenceView {
    pub evidence: Evidence,
    pub document: Option<Document>,
}

impl EvidenceView {
    /// The period it covers, read back from its code.
    pub fn period(&self) -> Option<Period> {
        self.as_readiness().period
    }
    /// Whether citizens can open it: a public document, a link or a page.
    pub fn is_public(&self) -> bool {
        is_public(
            &self.evidence.kind,
            self.document.as_ref().map(|d| d.public),
        )
    }
    /// Whether the link checker found it dead.
    pub fn is_dead(&self) -> bool {
        self.as_readiness().dead
    }
    /// What readiness needs to know of it.
    pub fn as_readiness(&self) -> prongsai_domain::disclosure::Evidence {
        let e = &self.evidence;
        readiness_evidence(
            &e.kind,
            self.document.as_ref().map(|d| d.public),
            e.data_year,
            e.period.as_deref(),
            e.published_on,
            e.link_status.as_deref(),
        )
    }
}

/// Evidence as readiness sees it, from its stored fields: the one place that reads a data
/// year, a period code, the publication and the link checker's verdict (the agency's pages and
/// the installation-wide table both come here).
fn readiness_evidence(
    kind: &str,
    document_public: Option<bool>,
    data_year: Option<i32>,
    period: Option<&str>,
    published_on: Option<NaiveDate>,
    link_status: Option<&str>,
) -> prongsai_domain::disclosure::Evidence {
    let fiscal_year = data_year.and_then(|y| FiscalYear::new(y).ok());
    prongsai_domain::disclosure::Evidence {
        fiscal_year,
        period: fiscal_year.zip(period).and_then(|(y, p)| y.period(p)),
        published_on,
        public: is_public(kind, document_public),
        dead: link_status == Some("dead"),
    }
}

/// Whether evidence of `kind` can be opened by citizens: a link or a page always, a document
/// when it exists and is public.
fn is_public(kind: &str, document_public: Option<bool>) -> bool {
    match kind {
        "document" => document_public == Some(true),
        _ => true,
    }
}

/// An item's answer with its evidence, in order.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ItemDisclosure {
    pub disclosure: Option<Disclosure>,
    /// The current evidence (what readiness counts).
    pub evidence: Vec<EvidenceView>,
    /// Earlier versions of replaced evidence, newest first (`superseded_by` says by which).
    pub earlier: Vec<EvidenceView>,
}

fn check_title(field: &'static str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(refused(field, "กรุณาใส่ชื่อเรื่อง", "Please give a title"));
    }
    if t.chars().count() > MAX_TITLE_CHARS {
        return Err(refused(
            field,
            "ชื่อเรื่องยาวเกิน 500 ตัวอักษร",
            "The title is longer than 500 characters",
        ));
    }
    Ok(t.to_owned())
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

fn check_period(year: Option<FiscalYear>, period: Option<&Period>) -> Result<()> {
    if let Some(p) = period {
        if year != Some(p.fiscal_year) {
            return Err(refused(
                "period",
                "ช่วงเวลาต้องอยู่ในปีงบประมาณของข้อมูล",
                "The period must be within the data's fiscal year",
            ));
        }
    }
    Ok(())
}

/// A search string as an FTS5 phrase: quotes doubled, so nothing in it is syntax.
fn fts_phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// A search string as a LIKE pattern: `%`, `_` and `\` taken literally.
fn like_pattern(q: &str) -> String {
    let mut s = String::with_capacity(q.len() + 2);
    s.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

async fn find_document<C: sea_orm::ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    id: i64,
) -> Result<Document> {
    document::Entity::find_by_id(id)
        .filter(document::Column::AgencyId.eq(scope.agency_id()))
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)
}

pub(crate) async fn disclosure_row<C: sea_orm::ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    year: FiscalYear,
    code: &str,
) -> Result<Option<Disclosure>> {
    Ok(disclosure::Entity::find()
        .filter(disclosure::Column::AgencyId.eq(scope.agency_id()))
        .filter(disclosure::Column::FiscalYear.eq(year.be()))
        .filter(disclosure::Column::ItemCode.eq(code))
        .one(c)
        .await?)
}

/// The item's row, made when the first thing is attached.
pub(crate) async fn ensure_disclosure<C: sea_orm::ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    year: FiscalYear,
    code: &str,
) -> Result<Disclosure> {
    if let Some(d) = disclosure_row(c, scope, year, code).await? {
        return Ok(d);
    }
    Ok(disclosure::ActiveModel {
        agency_id: Set(scope.agency_id()),
        fiscal_year: Set(year.be()),
        item_code: Set(code.to_owned()),
        unit_id: Set(None),
        explanation: Set(None),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(c)
    .await?)
}

/// A piece of evidence checked and ready to be written.
struct Checked {
    kind: &'static str,
    document_id: Option<i64>,
    url: Option<String>,
    label: String,
    data_year: Option<i32>,
    period: Option<String>,
    published_on: Option<NaiveDate>,
}

impl Checked {
    fn same_as(&self, e: &Evidence) -> bool {
        self.kind == e.kind
            && self.document_id == e.document_id
            && self.url == e.url
            && self.label == e.label
            && self.data_year == e.data_year
            && self.period == e.period
            && self.published_on == e.published_on
    }
    fn apply(self, am: &mut evidence::ActiveModel) {
        am.kind = Set(self.kind.into());
        am.document_id = Set(self.document_id);
        am.url = Set(self.url);
        am.label = Set(self.label);
        am.data_year = Set(self.data_year);
        am.period = Set(self.period);
        am.published_on = Set(self.published_on);
    }
}

async fn checked<C: sea_orm::ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    new: NewEvidence,
) -> Result<Checked> {
    let label = check_title("label", &new.label)?;
    check_period(new.data_year, new.period.as_ref())?;
    let (kind, document_id, url) = match new.target {
        Target::Document(id) => {
            find_document(c, scope, id).await?;
            ("document", Some(id), None)
        }
        Target::Link(u) => ("link", None, Some(u)),
        Target::Page(p) => {
            if !p.starts_with('/') || p.starts_with("//") || p.contains('\\') {
                return Err(refused("url", "ที่อยู่หน้าไม่ถูกต้อง", "Not a page address"));
            }
            ("page", None, Some(p))
        }
    };
    Ok(Checked {
        kind,
        document_id,
        url,
        label,
        data_year: new.data_year.map(|y| y.be()),
        period: new.period.map(|p| p.code()),
        published_on: new.published_on,
    })
}

impl Store {
    /// Store an upload. The same bytes uploaded again by the agency are the same document: the
    /// existing one is returned with `false` and nothing is written.
    pub async fn add_document(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        blobs: &BlobStore,
        new: NewDocument,
    ) -> Result<(Document, bool)> {
        let title = check_title("title", &new.meta.title)?;
        check_period(new.meta.fiscal_year, new.meta.period.as_ref())?;
        if let Some(u) = new.meta.unit_id {
            self.unit(scope, u).await?;
        }
        let sha = crate::blobs::sha256_hex(&new.bytes);
        if let Some(d) = document::Entity::find()
            .filter(document::Column::AgencyId.eq(scope.agency_id()))
            .filter(document::Column::Sha256.eq(&sha))
            .one(&self.db)
            .await?
        {
            return Ok((d, false));
        }
        let size = new.bytes.len() as i64;
        blobs
            .put(new.bytes)
            .await
            .map_err(|e| StoreError::Other(format!("blob write: {e}")))?;
        let mut w = self.write(scope, actor).await?;
        let now = Utc::now();
        let d = document::ActiveModel {
            agency_id: Set(scope.agency_id()),
            sha256: Set(sha),
            file_name: Set(new.file_name),
            kind: Set(new.kind),
            size: Set(size),
            title: Set(title),
            unit_id: Set(new.meta.unit_id),
            fiscal_year: Set(new.meta.fiscal_year.map(|y| y.be())),
            period: Set(new.meta.period.map(|p| p.code())),
            published_on: Set(new.meta.published_on),
            public: Set(new.meta.public),
            body: Set(new.body),
            created_by: Set(actor.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            crate::conflict_or(
                e,
                InputError::new(
                    "file",
                    "มีผู้อัปโหลดไฟล์เดียวกันพร้อมกัน: โปรดลองใหม่",
                    "The same file was uploaded at the same time: try again",
                ),
            )
        })?;
        w.audit(
            "document",
            Some(d.id.to_string()),
            "upload",
            None::<&()>,
            Some(&d),
        )
        .await?;
        w.commit().await?;
        Ok((d, true))
    }

    pub async fn document(&self, scope: &AgencyScope, id: i64) -> Result<Document> {
        find_document(&self.db, scope, id).await
    }

    /// The agency's documents, newest first; `query` looks inside titles and text.
    pub async fn documents(
        &self,
        scope: &AgencyScope,
        query: Option<&str>,
        year: Option<FiscalYear>,
    ) -> Result<Vec<Document>> {
        let mut q = document::Entity::find()
            .filter(document::Column::AgencyId.eq(scope.agency_id()))
            .order_by_desc(document::Column::CreatedAt)
            .order_by_desc(document::Column::Id)
            .limit(SEARCH_LIMIT);
        if let Some(y) = year {
            q = q.filter(document::Column::FiscalYear.eq(y.be()));
        }
        if let Some(text) = query.map(str::trim).filter(|s| !s.is_empty()) {
            let text: String = text.chars().take(200).collect();
            q = q.filter(self.search_condition(&text));
        }
        Ok(q.all(&self.db).await?)
    }

    fn search_condition(&self, text: &str) -> Condition {
        let like = like_pattern(text);
        match self.backend() {
            DbBackend::Postgres => Condition::all().add(Expr::cust_with_values(
                "(coalesce(title, '') || ' ' || coalesce(body, '')) ILIKE $1 ESCAPE '\\'",
                [like],
            )),
            // the trigram index needs three characters; shorter strings scan
            _ if text.chars().count() >= 3 => Condition::all().add(Expr::cust_with_values(
                "id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH ?)",
                [fts_phrase(text)],
            )),
            _ => Condition::all().add(Expr::cust_with_values(
                "(coalesce(title, '') || ' ' || coalesce(body, '')) LIKE ? ESCAPE '\\'",
                [like],
            )),
        }
    }

    /// Change what is said of a document (not its bytes).
    pub async fn update_document(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        meta: DocumentMeta,
    ) -> Result<Document> {
        let title = check_title("title", &meta.title)?;
        check_period(meta.fiscal_year, meta.period.as_ref())?;
        if let Some(u) = meta.unit_id {
            self.unit(scope, u).await?;
        }
        let mut w = self.write(scope, actor).await?;
        let before = find_document(&w.txn, scope, id).await?;
        let mut am = before.clone().into_active_model();
        am.title = Set(title);
        am.unit_id = Set(meta.unit_id);
        am.fiscal_year = Set(meta.fiscal_year.map(|y| y.be()));
        am.period = Set(meta.period.map(|p| p.code()));
        am.published_on = Set(meta.published_on);
        am.public = Set(meta.public);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "document",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Remove a document that no item uses. Its bytes stay in the blob store (another agency
    /// may hold the same file); the audit log keeps its record.
    pub async fn delete_document(&self, scope: &AgencyScope, actor: &Actor, id: i64) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = find_document(&w.txn, scope, id).await?;
        let used = evidence::Entity::find()
            .filter(evidence::Column::DocumentId.eq(id))
            .one(&w.txn)
            .await?;
        if used.is_some() {
            return Err(refused(
                "document",
                "เอกสารนี้แนบอยู่กับรายการ OIT: นำออกจากรายการก่อนจึงลบได้",
                "This document is attached to an OIT item: detach it first",
            ));
        }
        let evidence_of_progress = crate::measures::entities::measure_line::Entity::find()
            .filter(crate::measures::entities::measure_line::Column::EvidenceDocumentId.eq(id))
            .one(&w.txn)
            .await?;
        if evidence_of_progress.is_some() {
            return Err(refused(
                "document",
                "เอกสารนี้เป็นหลักฐานผลการดำเนินการตามมาตรการ: ลบผลการดำเนินการนั้นก่อนจึงลบได้",
                "This document is the evidence of a progress entry of a measure: remove that entry first",
            ));
        }
        document::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.audit(
            "document",
            Some(id.to_string()),
            "delete",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// The OIT items a document is attached to, as (fiscal year, item code), newest year
    /// first, each item once. A document of another agency has none (it is not found).
    pub async fn document_uses(&self, scope: &AgencyScope, id: i64) -> Result<Vec<(i32, String)>> {
        let of_document = sea_orm::sea_query::Query::select()
            .column(evidence::Column::DisclosureId)
            .from(evidence::Entity)
            .and_where(evidence::Column::AgencyId.eq(scope.agency_id()))
            .and_where(evidence::Column::DocumentId.eq(id))
            .to_owned();
        let mut uses: Vec<(i32, String)> = disclosure::Entity::find()
            .select_only()
            .column(disclosure::Column::FiscalYear)
            .column(disclosure::Column::ItemCode)
            .filter(disclosure::Column::AgencyId.eq(scope.agency_id()))
            .filter(disclosure::Column::Id.in_subquery(of_document))
            .into_tuple()
            .all(&self.db)
            .await?;
        // newest year first; O2 before O10
        uses.sort_by(|a, b| {
            (std::cmp::Reverse(a.0), a.1.len(), &a.1).cmp(&(
                std::cmp::Reverse(b.0),
                b.1.len(),
                &b.1,
            ))
        });
        uses.dedup();
        Ok(uses)
    }

    /// Every item's answer of a year that has one, by item code.
    pub async fn disclosures(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
    ) -> Result<BTreeMap<String, ItemDisclosure>> {
        let rows = disclosure::Entity::find()
            .filter(disclosure::Column::AgencyId.eq(scope.agency_id()))
            .filter(disclosure::Column::FiscalYear.eq(year.be()))
            .all(&self.db)
            .await?;
        if rows.is_empty() {
            return Ok(BTreeMap::new());
        }
        let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
        let ev = evidence::Entity::find()
            .filter(evidence::Column::AgencyId.eq(scope.agency_id()))
            .filter(evidence::Column::DisclosureId.is_in(ids))
            .order_by_asc(evidence::Column::SortOrder)
            .order_by_asc(evidence::Column::Id)
            .all(&self.db)
            .await?;
        let doc_ids: Vec<i64> = ev.iter().filter_map(|e| e.document_id).collect();
        let docs: BTreeMap<i64, Document> = if doc_ids.is_empty() {
            BTreeMap::new()
        } else {
            document::Entity::find()
                .filter(document::Column::AgencyId.eq(scope.agency_id()))
                .filter(document::Column::Id.is_in(doc_ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|d| (d.id, d))
                .collect()
        };
        let mut by_id: BTreeMap<i64, ItemDisclosure> = BTreeMap::new();
        let mut code_of: BTreeMap<i64, String> = BTreeMap::new();
        for d in rows {
            code_of.insert(d.id, d.item_code.clone());
            by_id.insert(
                d.id,
                ItemDisclosure {
                    disclosure: Some(d),
                    evidence: Vec::new(),
                    earlier: Vec::new(),
                },
            );
        }
        for e in ev {
            let document = e.document_id.and_then(|id| docs.get(&id).cloned());
            if let Some(item) = by_id.get_mut(&e.disclosure_id) {
                let list = if e.superseded_by.is_some() {
                    &mut item.earlier
                } else {
                    &mut item.evidence
                };
                list.push(EvidenceView {
                    evidence: e,
                    document,
                });
            }
        }
        for item in by_id.values_mut() {
            item.earlier
                .sort_by_key(|e| std::cmp::Reverse((e.evidence.created_at, e.evidence.id)));
        }
        Ok(by_id
            .into_iter()
            .filter_map(|(id, item)| Some((code_of.remove(&id)?, item)))
            .collect())
    }

    /// One item's answer (empty when nothing was attached yet).
    pub async fn disclosure(
        &self,
        scope: &AgencyScope,
        year: FiscalYear,
        code: &str,
    ) -> Result<ItemDisclosure> {
        check_code(code)?;
        // one item: the same reads as for the year, filtered
        let mut all = self.disclosures(scope, year).await?;
        Ok(all.remove(code).unwrap_or_default())
    }

    /// Set the responsible unit and the explanation of an item.
    pub async fn set_disclosure(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        code: &str,
        unit_id: Option<i64>,
        explanation: Option<String>,
    ) -> Result<Disclosure> {
        check_code(code)?;
        let explanation = explanation
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        if explanation
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_EXPLANATION_CHARS)
        {
            return Err(refused(
                "explanation",
                "คำอธิบายยาวเกิน 5,000 ตัวอักษร",
                "The explanation is longer than 5,000 characters",
            ));
        }
        if let Some(u) = unit_id {
            self.unit(scope, u).await?;
        }
        let mut w = self.write(scope, actor).await?;
        let before = ensure_disclosure(&w.txn, scope, year, code).await?;
        let mut am = before.clone().into_active_model();
        am.unit_id = Set(unit_id);
        am.explanation = Set(explanation);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "disclosure",
            Some(after.id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    async fn insert_evidence<C: sea_orm::ConnectionTrait>(
        &self,
        c: &C,
        scope: &AgencyScope,
        actor: &Actor,
        d: &Disclosure,
        new: NewEvidence,
        auto_key: Option<String>,
    ) -> Result<Evidence> {
        let v = checked(c, scope, new).await?;
        let last = evidence::Entity::find()
            .filter(evidence::Column::DisclosureId.eq(d.id))
            .order_by_desc(evidence::Column::SortOrder)
            .one(c)
            .await?;
        let mut am = evidence::ActiveModel {
            agency_id: Set(scope.agency_id()),
            disclosure_id: Set(d.id),
            sort_order: Set(last.map(|l| l.sort_order + 1).unwrap_or(1)),
            auto_key: Set(auto_key),
            link_status: Set(None),
            link_note: Set(None),
            link_checked_at: Set(None),
            created_by: Set(actor.user_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        v.apply(&mut am);
        Ok(am.insert(c).await?)
    }

    /// Attach a piece of evidence to an item.
    pub async fn add_evidence(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        code: &str,
        new: NewEvidence,
    ) -> Result<Evidence> {
        check_code(code)?;
        let mut w = self.write(scope, actor).await?;
        let d = ensure_disclosure(&w.txn, scope, year, code).await?;
        let e = self
            .insert_evidence(&w.txn, scope, actor, &d, new, None)
            .await?;
        w.audit(
            "disclosure_evidence",
            Some(e.id.to_string()),
            "attach",
            None::<&()>,
            Some(&serde_json::json!({ "item": code, "fiscal_year": year.be(), "evidence": &e })),
        )
        .await?;
        w.commit().await?;
        Ok(e)
    }

    /// Attach what a module produced, once per `key`: a second call with the same key updates
    /// the label, target and period instead of adding a copy.
    pub async fn attach_auto(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        year: FiscalYear,
        code: &str,
        key: &str,
        new: NewEvidence,
    ) -> Result<Evidence> {
        check_code(code)?;
        let mut w = self.write(scope, actor).await?;
        let d = ensure_disclosure(&w.txn, scope, year, code).await?;
        let existing = evidence::Entity::find()
            .filter(evidence::Column::DisclosureId.eq(d.id))
            .filter(evidence::Column::AutoKey.eq(key))
            .one(&w.txn)
            .await?;
        let (action, before, e) = match existing {
            Some(old) => {
                // the row stays (its id is what links point at); its values are the new ones
                let v = checked(&w.txn, scope, new).await?;
                if v.same_as(&old) {
                    // nothing to write (the transaction is dropped, i.e. rolled back)
                    return Ok(old);
                }
                let mut am = old.clone().into_active_model();
                v.apply(&mut am);
                ("auto_update", Some(old), am.update(&w.txn).await?)
            }
            None => (
                "auto_attach",
                None,
                self.insert_evidence(&w.txn, scope, actor, &d, new, Some(key.to_owned()))
                    .await?,
            ),
        };
        w.audit(
            "disclosure_evidence",
            Some(e.id.to_string()),
            action,
            before.as_ref(),
            Some(&serde_json::json!({ "item": code, "fiscal_year": year.be(), "evidence": &e })),
        )
        .await?;
        w.commit().await?;
        Ok(e)
    }

    /// Detach a piece of evidence (the document itself stays in the library).
    pub async fn remove_evidence(&self, scope: &AgencyScope, actor: &Actor, id: i64) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = evidence::Entity::find_by_id(id)
            .filter(evidence::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        evidence::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.audit(
            "disclosure_evidence",
            Some(id.to_string()),
            "detach",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// What readiness needs of every agency's evidence for a fiscal year, in three narrow reads
    /// (the items answered, their evidence, the documents kept internal): agency id → item code
    /// → evidence. For the installation-wide readiness table, not for one agency's pages.
    pub async fn readiness_inputs(
        &self,
        year: FiscalYear,
    ) -> Result<BTreeMap<i64, BTreeMap<String, Vec<prongsai_domain::disclosure::Evidence>>>> {
        let items: Vec<(i64, i64, String)> = disclosure::Entity::find()
            .select_only()
            .column(disclosure::Column::Id)
            .column(disclosure::Column::AgencyId)
            .column(disclosure::Column::ItemCode)
            .filter(disclosure::Column::FiscalYear.eq(year.be()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let of_year = || {
            sea_orm::sea_query::Query::select()
                .column(disclosure::Column::Id)
                .from(disclosure::Entity)
                .and_where(disclosure::Column::FiscalYear.eq(year.be()))
                .to_owned()
        };
        type Row = (
            i64,
            String,
            Option<i64>,
            Option<i32>,
            Option<String>,
            Option<NaiveDate>,
            Option<String>,
        );
        let rows: Vec<Row> = evidence::Entity::find()
            .select_only()
            .column(evidence::Column::DisclosureId)
            .column(evidence::Column::Kind)
            .column(evidence::Column::DocumentId)
            .column(evidence::Column::DataYear)
            .column(evidence::Column::Period)
            .column(evidence::Column::PublishedOn)
            .column(evidence::Column::LinkStatus)
            .filter(evidence::Column::DisclosureId.in_subquery(of_year()))
            .filter(evidence::Column::SupersededBy.is_null())
            .order_by_asc(evidence::Column::SortOrder)
            .order_by_asc(evidence::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let internal: std::collections::HashSet<i64> = document::Entity::find()
            .select_only()
            .column(document::Column::Id)
            .filter(document::Column::Public.eq(false))
            .filter(
                document::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(evidence::Column::DocumentId)
                        .from(evidence::Entity)
                        .and_where(evidence::Column::DisclosureId.in_subquery(of_year()))
                        .to_owned(),
                ),
            )
            .into_tuple::<i64>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let where_of: std::collections::HashMap<i64, (i64, String)> = items
            .into_iter()
            .map(|(id, agency, code)| (id, (agency, code)))
            .collect();
        let mut out: BTreeMap<i64, BTreeMap<String, Vec<_>>> = BTreeMap::new();
        for (agency, code) in where_of.values() {
            out.entry(*agency)
                .or_default()
                .entry(code.clone())
                .or_default();
        }
        for (disclosure_id, kind, document_id, data_year, period, published_on, status) in rows {
            let Some((agency, code)) = where_of.get(&disclosure_id) else {
                continue;
            };
            out.entry(*agency)
                .or_default()
                .entry(code.clone())
                .or_default()
                .push(readiness_evidence(
                    &kind,
                    document_id.map(|d| !internal.contains(&d)),
                    data_year,
                    period.as_deref(),
                    published_on,
                    status.as_deref(),
                ));
        }
        Ok(out)
    }

    /// Every external link of every agency, for the link checker.
    pub async fn external_links(&self) -> Result<Vec<LinkToCheck>> {
        Ok(evidence::Entity::find()
            .filter(evidence::Column::Kind.eq("link"))
            .order_by_asc(evidence::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|e| {
                Some(LinkToCheck {
                    agency_id: e.agency_id,
                    evidence_id: e.id,
                    url: e.url?,
                    ok_before: e.link_status.as_deref().map(|s| s == "ok"),
                })
            })
            .collect())
    }

    /// Record what the link checker found. A change of state (dead, or alive again) is a
    /// change of what the portal shows, so it is written to the agency's audit log; the same
    /// state again only moves the time of the check.
    pub async fn set_link_status(
        &self,
        link: &LinkToCheck,
        ok: bool,
        note: Option<String>,
    ) -> Result<()> {
        let status = if ok { "ok" } else { "dead" };
        let changed = link.ok_before != Some(ok);
        let update = evidence::Entity::update_many()
            .col_expr(evidence::Column::LinkStatus, Expr::value(status))
            .col_expr(evidence::Column::LinkNote, Expr::value(note.clone()))
            .col_expr(evidence::Column::LinkCheckedAt, Expr::value(Utc::now()))
            .filter(evidence::Column::Id.eq(link.evidence_id))
            .filter(evidence::Column::AgencyId.eq(link.agency_id));
        if !changed {
            update.exec(&self.db).await?;
            return Ok(());
        }
        let scope = AgencyScope::new(link.agency_id);
        let mut w = self.write(&scope, &Actor::system("link-check")).await?;
        update.exec(&w.txn).await?;
        w.audit(
            "disclosure_evidence",
            Some(link.evidence_id.to_string()),
            if ok { "link_ok" } else { "link_dead" },
            None::<&()>,
            Some(&serde_json::json!({ "url": link.url, "status": status, "note": note })),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}

/// An external link as the checker sees it.
#[derive(Debug, Clone)]
pub struct LinkToCheck {
    pub agency_id: i64,
    pub evidence_id: i64,
    pub url: String,
    /// The last check's result, if any.
    pub ok_before: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_strings_are_never_syntax() {
        assert_eq!(fts_phrase("a\" OR b"), "\"a\"\" OR b\"");
        assert_eq!(fts_phrase("NEAR(x y)"), "\"NEAR(x y)\"");
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}

//! Replacing a piece of evidence of an item with a new version (a document of the library or a
//! link): the item's permalink stays the same, the new version takes the old one's place and
//! the old one stays reachable under "ฉบับก่อนหน้า / Earlier versions".

use axum::extract::{Path, State};
use axum::response::Response;
use prongsai_domain::InputError;
use prongsai_store::disclosure::{NewEvidence, Target};
use serde::Deserialize;

use super::{after_write, documents, editable_item, item_view_refused};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;

#[derive(Deserialize)]
pub struct ReplaceForm {
    /// The current evidence to replace.
    #[serde(default)]
    evidence_id: String,
    /// A document of the library, or
    #[serde(default)]
    document_id: String,
    /// an external link.
    #[serde(default)]
    url: String,
}

/// `POST /staff/disclosures/{year}/{code}/replace`.
pub async fn replace(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, code)): Path<(String, String)>,
    CsrfForm(f): CsrfForm<ReplaceForm>,
) -> Result<Response, AppError> {
    let (fw, scope) = editable_item(&st, &staff, &year, &code).await?;
    let id = super::super::opt_id(&f.evidence_id).ok_or(AppError::NotFound)?;
    let d = st.store.disclosure(&scope, fw.fiscal_year, &code).await?;
    let old = d
        .evidence
        .iter()
        .find(|e| e.evidence.id == id)
        .ok_or(AppError::NotFound)?;
    // the new version shows the same data as the old one unless its document says otherwise
    let keep_year = old
        .evidence
        .data_year
        .and_then(|y| prongsai_domain::calendar::FiscalYear::new(y).ok());
    let keep_period = old.period();
    let new = match (super::super::opt_id(&f.document_id), f.url.trim()) {
        (Some(doc_id), _) => {
            let doc = st.store.document(&scope, doc_id).await?;
            let (data_year, period) = match documents::data_year(&doc) {
                Some(y) => (Some(y), documents::period(&doc)),
                None => (keep_year, keep_period),
            };
            Ok(NewEvidence {
                target: Target::Document(doc.id),
                label: doc.title.clone(),
                data_year,
                period,
                published_on: doc.published_on,
            })
        }
        (None, "") => Err(InputError::new(
            "document_id",
            "เลือกเอกสารฉบับใหม่หรือใส่ลิงก์ฉบับใหม่",
            "Choose the new document or give the new link",
        )),
        (None, u) => prongsai_domain::links::parse_public_url("url", u).map(|url| NewEvidence {
            label: old.evidence.label.clone(),
            target: Target::Link(url),
            data_year: keep_year,
            period: keep_period,
            published_on: None,
        }),
    };
    let new = match new {
        Ok(n) => n,
        Err(e) => return item_view_refused(&st, &staff, fw, &code, &e).await,
    };
    let res = st
        .store
        .replace_evidence(&scope, &staff.actor(), fw.fiscal_year, &code, id, new)
        .await;
    after_write(&st, &staff, fw, &code, res.map(|_| ())).await
}

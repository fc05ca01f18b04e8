//! The agency admin's catalogue of services: a service's name, description, responsible unit,
//! target days, required documents, whether it is open, and its form as rows of fields
//! (label, kind, required, choices) that become the `FormDef` citizens fill in.
//!
//! A field keeps its key once made (answers already stored refer to it); new rows get the
//! next free `f<n>` key, so the admin never has to invent one.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::eservice::{FieldDef, FieldError, FieldKind, FormDef, FIELD_KIND_CODES};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::eservice::ServiceDraft;
use prongsai_store::StoreError;

use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::view::{render, render_form, Page};

/// Empty rows offered below the fields a form has.
const SPARE_ROWS: usize = 3;
/// Most rows read from one post (the domain allows 40 fields).
const MAX_ROWS: usize = 60;

pub struct ServiceRow {
    pub id: i64,
    pub name: String,
    pub fields: usize,
    pub target_days: u32,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "eservice/admin_list.html")]
struct ListPage {
    page: Page,
    slug: String,
    services: Vec<ServiceRow>,
}

/// `GET /staff/eservice/services`
pub async fn list(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencySettings)?;
    let services = st.store.list_services(&staff.scope()?, false).await?;
    render(&ListPage {
        page: Page::staff(&staff, "es.services", "/staff/eservice"),
        slug: staff.agency_slug(),
        services: services
            .iter()
            .map(|s| ServiceRow {
                id: s.id,
                name: s.name(staff.ctx.lang).to_string(),
                fields: s.form.fields.len(),
                target_days: s.target_days,
                active: s.active,
            })
            .collect(),
    })
}

/// A row of the field editor.
pub struct FieldRow {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub kind: String,
    pub required: bool,
    pub options: String,
}

pub struct KindOption {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "eservice/admin_edit.html")]
struct EditPage {
    page: Page,
    id: Option<i64>,
    name_th: String,
    name_en: String,
    description: String,
    unit_id: Option<i64>,
    target_days: String,
    documents: String,
    active: bool,
    rows: Vec<FieldRow>,
    kinds: Vec<KindOption>,
    units: Vec<prongsai_store::tenancy::Unit>,
    errors: Vec<String>,
}

fn kinds(lang: Lang) -> Vec<KindOption> {
    FIELD_KIND_CODES
        .iter()
        .filter_map(|c| FieldKind::from_code(c, vec![]).map(|k| (*c, k)))
        .map(|(code, k)| KindOption {
            code,
            label: match lang {
                Lang::Th => k.label_th(),
                Lang::En => k.label_en(),
            },
        })
        .collect()
}

fn rows_of(form: &FormDef) -> Vec<FieldRow> {
    let mut rows: Vec<FieldRow> = form
        .fields
        .iter()
        .map(|f| FieldRow {
            key: f.key.clone(),
            label: f.label_th.clone(),
            label_en: f.label_en.clone(),
            kind: f.kind.code().to_string(),
            required: f.required,
            options: match &f.kind {
                FieldKind::Choice { options } => options.join(", "),
                _ => String::new(),
            },
        })
        .collect();
    rows.extend((0..SPARE_ROWS).map(|_| FieldRow {
        key: String::new(),
        label: String::new(),
        label_en: String::new(),
        kind: "text".into(),
        required: false,
        options: String::new(),
    }));
    rows
}

/// The posted form as (draft, rows as typed) or the messages of what was refused.
fn read(f: &HashMap<String, String>) -> (Result<ServiceDraft, Vec<FieldError>>, Vec<FieldRow>) {
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let mut rows = Vec::new();
    for i in 0..MAX_ROWS {
        let p = |s: &str| format!("fl_{i}_{s}");
        if !f.contains_key(&p("label")) {
            continue;
        }
        rows.push(FieldRow {
            key: get(&p("key")).trim().to_string(),
            label: get(&p("label")).trim().to_string(),
            label_en: get(&p("label_en")).trim().to_string(),
            kind: get(&p("kind")).to_string(),
            required: get(&p("required")) == "1",
            options: get(&p("options")).to_string(),
        });
    }
    let mut errors = Vec::new();
    // keys: kept when valid and unused; new rows take the next free f<n>
    let mut used: Vec<String> = rows
        .iter()
        .filter(|r| !r.label.is_empty())
        .map(|r| r.key.clone())
        .filter(|k| prongsai_domain::eservice::is_valid_key(k))
        .collect();
    let mut fields = Vec::new();
    for r in rows.iter_mut().filter(|r| !r.label.is_empty()) {
        if !prongsai_domain::eservice::is_valid_key(&r.key) {
            let mut n = 1;
            while used.contains(&format!("f{n}")) {
                n += 1;
            }
            r.key = format!("f{n}");
            used.push(r.key.clone());
        }
        let options: Vec<String> = r
            .options
            .split([',', '\n'])
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect();
        let Some(kind) = FieldKind::from_code(&r.kind, options) else {
            errors.push(FieldError::new(
                r.key.clone(),
                "ชนิดช่องข้อมูลไม่ถูกต้อง",
                "Unknown field kind",
            ));
            continue;
        };
        let mut def = FieldDef::new(&r.key, &r.label, kind);
        def.label_en = r.label_en.clone();
        def.required = r.required;
        fields.push(def);
    }
    let form = FormDef {
        fields,
        documents: get("documents")
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
    };
    if let Err(e) = form.validate() {
        errors.extend(e);
    }
    let target_days =
        prongsai_domain::calendar::to_ascii_digits(get("target_days").trim()).parse::<u32>();
    if target_days.is_err() {
        errors.push(FieldError::new(
            "target_days",
            "ระยะเวลาดำเนินการต้องเป็นจำนวนวันทำการ",
            "The target must be a number of working days",
        ));
    }
    let draft = ServiceDraft {
        name_th: get("name_th").trim().to_string(),
        name_en: Some(get("name_en").trim().to_string()).filter(|s| !s.is_empty()),
        description_th: get("description").trim().to_string(),
        unit_id: super::super::opt_id(get("unit_id")),
        target_days: target_days.unwrap_or(0),
        form,
        active: get("active") == "1",
    };
    let spare = rows.iter().filter(|r| r.label.is_empty()).count();
    rows.extend((spare..SPARE_ROWS).map(|_| FieldRow {
        key: String::new(),
        label: String::new(),
        label_en: String::new(),
        kind: "text".into(),
        required: false,
        options: String::new(),
    }));
    if errors.is_empty() {
        (Ok(draft), rows)
    } else {
        (Err(errors), rows)
    }
}

#[allow(clippy::too_many_arguments)]
async fn edit_view(
    st: &AppState,
    staff: &Staff,
    id: Option<i64>,
    draft: &ServiceDraft,
    documents: String,
    rows: Vec<FieldRow>,
    errors: Vec<String>,
) -> Result<Response, AppError> {
    let units = st.store.list_units(&staff.scope()?).await?;
    let failed = !errors.is_empty();
    render_form(
        &EditPage {
            page: Page::staff(staff, "es.services", "/staff/eservice"),
            id,
            name_th: draft.name_th.clone(),
            name_en: draft.name_en.clone().unwrap_or_default(),
            description: draft.description_th.clone(),
            unit_id: draft.unit_id,
            target_days: draft.target_days.to_string(),
            documents,
            active: draft.active,
            rows,
            kinds: kinds(staff.ctx.lang),
            units,
            errors,
        },
        failed,
    )
}

/// `GET /staff/eservice/services/new`
pub async fn new_form(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencySettings)?;
    let draft = ServiceDraft {
        target_days: 15,
        active: true,
        ..Default::default()
    };
    edit_view(
        &st,
        &staff,
        None,
        &draft,
        String::new(),
        rows_of(&draft.form),
        vec![],
    )
    .await
}

/// `GET /staff/eservice/services/{id}`
pub async fn edit_form(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencySettings)?;
    let s = st.store.service(&staff.scope()?, id).await?;
    let draft = ServiceDraft {
        name_th: s.name_th.clone(),
        name_en: s.name_en.clone(),
        description_th: s.description_th.clone(),
        unit_id: s.unit_id,
        target_days: s.target_days,
        form: s.form.clone(),
        active: s.active,
    };
    edit_view(
        &st,
        &staff,
        Some(id),
        &draft,
        s.form.documents.join("\n"),
        rows_of(&s.form),
        vec![],
    )
    .await
}

async fn save(
    st: AppState,
    staff: Staff,
    id: Option<i64>,
    f: HashMap<String, String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAgencySettings)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let documents = f.get("documents").cloned().unwrap_or_default();
    let (draft, rows) = read(&f);
    let draft = match draft {
        Ok(d) => d,
        Err(errors) => {
            let shown = ServiceDraft {
                name_th: f.get("name_th").cloned().unwrap_or_default(),
                name_en: f.get("name_en").cloned(),
                description_th: f.get("description").cloned().unwrap_or_default(),
                unit_id: super::super::opt_id(f.get("unit_id").map(String::as_str).unwrap_or("")),
                target_days: 0,
                form: FormDef::default(),
                active: f.get("active").map(String::as_str) == Some("1"),
            };
            let msgs = errors.iter().map(|e| e.message(lang).to_string()).collect();
            return edit_view(&st, &staff, id, &shown, documents, rows, msgs).await;
        }
    };
    let r = match id {
        Some(id) => {
            st.store
                .update_service(&scope, &staff.actor(), id, draft.clone())
                .await
        }
        None => {
            st.store
                .create_service(&scope, &staff.actor(), draft.clone())
                .await
        }
    };
    match r {
        Ok(_) => {
            crate::pages::disclosure::auto::publish_services(&st, &staff).await;
            Ok(Redirect::to("/staff/eservice/services").into_response())
        }
        Err(StoreError::Input(e)) => {
            let msg = e.message(lang).to_string();
            edit_view(&st, &staff, id, &draft, documents, rows, vec![msg]).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/eservice/services/new`
pub async fn create(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    save(st, staff, None, f).await
}

/// `POST /staff/eservice/services/{id}`
pub async fn update(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    save(st, staff, Some(id), f).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rows_become_a_form_with_stable_keys() {
        let f = form(&[
            ("name_th", "แจ้งซ่อมไฟฟ้า"),
            ("target_days", "๗"),
            ("active", "1"),
            ("documents", "สำเนาบัตร\n\n"),
            ("fl_0_key", "name"),
            ("fl_0_label", "ชื่อ"),
            ("fl_0_kind", "text"),
            ("fl_0_required", "1"),
            ("fl_1_key", ""),
            ("fl_1_label", "ปัญหา"),
            ("fl_1_kind", "choice"),
            ("fl_1_options", "ไฟดับ, ไฟกะพริบ"),
            ("fl_2_key", ""),
            ("fl_2_label", ""),
            ("fl_2_kind", "text"),
        ]);
        let (d, rows) = read(&f);
        let d = d.unwrap();
        assert_eq!(d.target_days, 7);
        assert_eq!(d.form.documents, vec!["สำเนาบัตร"]);
        assert_eq!(d.form.fields.len(), 2);
        assert_eq!(d.form.fields[0].key, "name");
        assert_eq!(d.form.fields[1].key, "f1");
        assert!(
            matches!(&d.form.fields[1].kind, FieldKind::Choice { options } if options.len() == 2)
        );
        assert_eq!(
            rows.iter().filter(|r| r.label.is_empty()).count(),
            SPARE_ROWS
        );
    }

    #[test]
    fn a_choice_without_options_and_a_bad_kind_are_refused() {
        let f = form(&[
            ("name_th", "x"),
            ("target_days", "3"),
            ("fl_0_label", "ปัญหา"),
            ("fl_0_kind", "choice"),
            ("fl_1_label", "อื่น"),
            ("fl_1_kind", "<script>"),
        ]);
        let (d, _) = read(&f);
        assert!(d.unwrap_err().len() >= 2);
    }
}

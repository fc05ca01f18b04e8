//! The back office of announcements: the list of years × kinds, a kind's page of a year (edit
//! form, preview, carrying an earlier year's signed text, sign-off), and their posts.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_docs::reports::announcement::{file_stem, AnnouncementDoc};
use prongsai_domain::announcement::{
    Announcement, AnnouncementForm, AnnouncementKind, MAX_HEADING_CHARS, MAX_NAME_CHARS,
    MAX_POSITION_CHARS, MAX_SECTIONS, MAX_SECTION_HEADING_CHARS, MAX_SUBJECT_CHARS, MAX_TEXT_CHARS,
};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::RoundState;
use prongsai_domain::tenancy::Permission;
use prongsai_domain::{InputError, Lang};
use prongsai_store::announcement::{sign_key, sign_title};
use prongsai_store::StoreError;

use super::{kind_of, staff_href, year_of};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::signoff::{self, refused_page, SignoffBlock};
use crate::pages::{blocking, NoFields};
use crate::view::{file_response, fmt_datetime, render, render_form, Disposition, Errors, Page};

/// Empty section slots offered under the sections written so far.
const SPARE_SECTIONS: usize = 2;

fn kind_name(lang: Lang, k: AnnouncementKind) -> &'static str {
    k.name(lang)
}

// ---------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------

struct KindHead {
    name: &'static str,
    standing: bool,
}

struct Cell {
    href: String,
    class: &'static str,
    label: String,
}

struct YearRow {
    be: i32,
    cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "announcements/staff_list.html")]
struct ListPage {
    page: Page,
    kinds: Vec<KindHead>,
    rows: Vec<YearRow>,
}

/// `GET /staff/announcements`: the years (next year to four years back, and any year with a
/// version) × the kinds, each with where it stands.
pub async fn list(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let now = FiscalYear::containing(crate::view::today()).be();
    let mut signed = Vec::new();
    for kind in AnnouncementKind::ALL {
        signed.push(st.store.signed_of_kind(&scope, kind.code()).await?);
    }
    let mut years: Vec<i32> = ((now - 4)..=(now + 1)).collect();
    years.extend(signed.iter().flatten().map(|s| s.fiscal_year));
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut rows = Vec::new();
    for be in years {
        let Ok(fy) = FiscalYear::new(be) else {
            continue;
        };
        let drafts = st.store.announcements_of_year(&scope, fy).await?;
        let cells = AnnouncementKind::ALL
            .iter()
            .zip(&signed)
            .map(|(kind, versions)| {
                let newest = versions
                    .iter()
                    .filter(|s| s.fiscal_year == be)
                    .max_by_key(|s| s.version);
                let (class, label) = match newest {
                    Some(s) => {
                        let state = s.state();
                        (
                            state.code(),
                            format!(
                                "{} {}: {}",
                                staff.ctx.t("so.version"),
                                s.version,
                                match lang {
                                    Lang::Th => state.label_th(),
                                    Lang::En => state.label_en(),
                                }
                            ),
                        )
                    }
                    None if drafts.iter().any(|d| d.kind == *kind) => (
                        RoundState::Draft.code(),
                        staff.ctx.t("an.saved_draft").into(),
                    ),
                    None => ("", staff.ctx.t("an.not_started").into()),
                };
                Cell {
                    href: staff_href(fy, *kind),
                    class,
                    label,
                }
            })
            .collect();
        rows.push(YearRow { be, cells });
    }
    render(&ListPage {
        page: Page::staff(&staff, "an.title", "/staff/announcements"),
        kinds: AnnouncementKind::ALL
            .iter()
            .map(|k| KindHead {
                name: kind_name(lang, *k),
                standing: k.standing(),
            })
            .collect(),
        rows,
    })
}

// ---------------------------------------------------------------------------------------------
// A kind's page
// ---------------------------------------------------------------------------------------------

/// A section's slot of the form.
struct SectionSlot {
    n: usize,
    heading: String,
    text: String,
}

#[derive(Template)]
#[template(path = "announcements/staff_edit.html")]
struct EditPage {
    page: Page,
    be: i32,
    kind_name: &'static str,
    standing: bool,
    action: String,
    form: AnnouncementForm,
    sections: Vec<SectionSlot>,
    errors: Errors,
    /// "saved by … at …", or empty while the page shows the default draft.
    saved: String,
    saved_now: bool,
    may_edit: bool,
    /// The year of the earlier signed version a standing document may start from.
    carry_from: Option<i32>,
    public_href: Option<String>,
    signoff: SignoffBlock,
    max_heading: usize,
    max_subject: usize,
    max_text: usize,
    max_section_heading: usize,
    max_name: usize,
    max_position: usize,
}

/// The form as posted: the named fields, and the sections as `section_heading_{i}` /
/// `section_text_{i}` pairs (at most one more than allowed is read, so that too many is
/// refused rather than cut).
fn form_of(map: &HashMap<String, String>) -> AnnouncementForm {
    let get = |k: &str| map.get(k).cloned().unwrap_or_default();
    AnnouncementForm {
        heading: get("heading"),
        subject: get("subject"),
        body: get("body"),
        sections: (0..=MAX_SECTIONS + SPARE_SECTIONS)
            .map(|i| {
                (
                    get(&format!("section_heading_{i}")),
                    get(&format!("section_text_{i}")),
                )
            })
            .collect(),
        closing: get("closing"),
        date: get("date"),
        signer_name: get("signer_name"),
        signer_position: get("signer_position"),
    }
}

fn errors_of(lang: Lang, errors: &[InputError]) -> Errors {
    crate::pages::participation::errors_of(lang, errors)
}

async fn edit_view(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    kind: AnnouncementKind,
    mut form: AnnouncementForm,
    errors: Errors,
    saved_now: bool,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let stored = st.store.announcement(&scope, fy, kind).await?;
    let saved = match &stored {
        Some(s) => {
            let users = st.store.list_users(&scope).await?;
            let who = s
                .updated_by
                .and_then(|id| users.iter().find(|u| u.id == id))
                .map(|u| u.display_name.clone())
                .unwrap_or_default();
            format!("{who} {}", fmt_datetime(lang, s.updated_at))
                .trim()
                .to_owned()
        }
        None => String::new(),
    };
    let href = staff_href(fy, kind);
    let block = signoff::block(
        st,
        staff,
        sign_key(kind, fy),
        &sign_title(kind, fy),
        &format!("{href}/submit"),
        &href,
    )
    .await?;
    let may_edit = staff.user.role().allows(Permission::ManageAssessment) && block.editable;
    let carry_from = if kind.standing() && may_edit {
        st.store
            .previous_signed_announcement(&scope, fy, kind)
            .await?
            .map(|(y, _)| y.be())
    } else {
        None
    };
    let public_href = match (block.signed(), staff.agency.as_ref()) {
        (Some(_), Some(a)) => Some(super::page_href(&a.slug, fy, kind)),
        _ => None,
    };
    // the sections written, then a few empty slots (none beyond the limit)
    form.sections
        .retain(|(h, t)| !(h.trim().is_empty() && t.trim().is_empty()));
    let spare = if may_edit { SPARE_SECTIONS } else { 0 };
    let slots = (form.sections.len() + spare).min(MAX_SECTIONS.max(form.sections.len()));
    let sections = (0..slots)
        .map(|i| {
            let (heading, text) = form.sections.get(i).cloned().unwrap_or_default();
            SectionSlot {
                n: i + 1,
                heading,
                text,
            }
        })
        .collect();
    let mut page = Page::staff(staff, "an.title", "/staff/announcements");
    page.title = format!(
        "{} {} {}",
        kind_name(lang, kind),
        staff.ctx.t("fw.year"),
        fy.be()
    );
    let refused = !errors.is_empty();
    render_form(
        &EditPage {
            page,
            be: fy.be(),
            kind_name: kind_name(lang, kind),
            standing: kind.standing(),
            action: href,
            form,
            sections,
            errors,
            saved,
            saved_now,
            may_edit,
            carry_from,
            public_href,
            signoff: block,
            max_heading: MAX_HEADING_CHARS,
            max_subject: MAX_SUBJECT_CHARS,
            max_text: MAX_TEXT_CHARS,
            max_section_heading: MAX_SECTION_HEADING_CHARS,
            max_name: MAX_NAME_CHARS,
            max_position: MAX_POSITION_CHARS,
        },
        refused,
    )
}

/// The saved draft of a kind, or the default one.
async fn content_of(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    kind: AnnouncementKind,
) -> Result<Announcement, AppError> {
    let scope = staff.scope()?;
    Ok(match st.store.announcement(&scope, fy, kind).await? {
        Some(s) => s.content,
        None => st.store.default_announcement(&scope, fy, kind).await?,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /staff/announcements/{year}/{kind}`
pub async fn edit_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, kind)): Path<(String, String)>,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let (fy, kind) = (year_of(&year)?, kind_of(&kind)?);
    let content = content_of(&st, &staff, fy, kind).await?;
    edit_view(
        &st,
        &staff,
        fy,
        kind,
        AnnouncementForm::of(&content),
        Errors::default(),
        q.saved.is_some(),
    )
    .await
}

/// `POST /staff/announcements/{year}/{kind}`: keep the draft. Refused input (422) shows the
/// form again as typed, with the messages; nothing is stored.
pub async fn save(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, kind)): Path<(String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let (fy, kind) = (year_of(&year)?, kind_of(&kind)?);
    let lang = staff.ctx.lang;
    let form = form_of(&map);
    let content = match form.parse(fy) {
        Ok(c) => c,
        Err(errs) => {
            return edit_view(&st, &staff, fy, kind, form, errors_of(lang, &errs), false).await
        }
    };
    match st
        .store
        .save_announcement(&staff.scope()?, &staff.actor(), fy, kind, &content)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?saved=1", staff_href(fy, kind))).into_response()),
        Err(StoreError::Input(e)) => {
            edit_view(&st, &staff, fy, kind, form, errors_of(lang, &[e]), false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/announcements/{year}/{kind}/submit`: submit the open version with the saved
/// draft as its content (frozen from here on).
pub async fn submit(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, kind)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let (fy, kind) = (year_of(&year)?, kind_of(&kind)?);
    let scope = staff.scope()?;
    let back = staff_href(fy, kind);
    let Some(draft) = st.store.announcement(&scope, fy, kind).await? else {
        return refused_page(
            &staff,
            &InputError::new(
                "announcement",
                "ยังไม่ได้บันทึกร่างประกาศ: ตรวจแก้ร่างแล้วกดบันทึกร่างก่อนเสนอผู้บริหาร",
                "The draft has not been saved: check it and save it before submitting",
            ),
            &back,
        );
    };
    let Some(version) = st.store.current_signed(&scope, sign_key(kind, fy)).await? else {
        return refused_page(
            &staff,
            &InputError::new(
                "signoff",
                "ยังไม่ได้เปิดฉบับเพื่อเสนอผู้บริหาร",
                "No version has been opened for sign-off yet",
            ),
            &back,
        );
    };
    if let Err(e) = draft.content.check(fy) {
        return refused_page(&staff, &e, &back);
    }
    match st
        .store
        .submit_signed(&scope, &staff.actor(), version.id, &draft.content)
        .await
    {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(StoreError::Input(e)) => refused_page(&staff, &e, &back),
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/announcements/{year}/{kind}/carry`: a standing document's draft from the
/// newest signed version of an earlier year.
pub async fn carry(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, kind)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let (fy, kind) = (year_of(&year)?, kind_of(&kind)?);
    let back = staff_href(fy, kind);
    match st
        .store
        .carry_announcement(&staff.scope()?, &staff.actor(), fy, kind)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{back}?saved=1")).into_response()),
        Err(StoreError::Input(e)) => refused_page(&staff, &e, &back),
        Err(e) => Err(e.into()),
    }
}

/// `GET /staff/announcements/{year}/{kind}/preview.pdf`: the saved draft (or the default one)
/// as it would be printed.
pub async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, kind)): Path<(String, String)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let (fy, kind) = (year_of(&year)?, kind_of(&kind)?);
    let content = content_of(&st, &staff, fy, kind).await?;
    let doc = AnnouncementDoc::new(&content);
    let pdf = blocking(move || doc.pdf(true)).await?;
    Ok(file_response(
        pdf,
        "application/pdf",
        Disposition::Inline,
        &format!("{}-preview.pdf", file_stem(kind.code(), fy.be())),
        "no-store",
    ))
}

//! Writing measures by hand (coordinators): a new measure or a change to one, with the
//! framework elements it answers and the issue of the analysis it comes from; moving and
//! deleting measures; the title block and introduction of the measures document and of a
//! round's report.
//!
//! Each column is a text box, one paragraph per line; numbered lines ("๑. …", "2. …") become
//! numbered steps and every date phrase is read as a deadline, exactly as in an imported report.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_docs::import::report_text::cell_from_paragraphs;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::Framework;
use prongsai_domain::measures::{Line, MeasureRow};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::InputError;
use prongsai_store::measures::edit::{MeasureDraft, Move};
use prongsai_store::measures::MeasureLine;
use prongsai_store::StoreError;
use serde::Deserialize;

use super::year_of;
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::view::{Errors, Page};

/// Most lines in one column, and characters in one line.
const MAX_LINES: usize = 100;
const MAX_LINE_CHARS: usize = 2000;

/// A column's text box read as lines: one paragraph per line of text, numbered lines split.
pub fn read_cell(field: &'static str, text: &str) -> Result<Vec<Line>, InputError> {
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(InputError::new(
            field,
            "ข้อความมีอักขระควบคุมที่ไม่อนุญาต",
            "The text contains control characters",
        ));
    }
    let paragraphs: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if paragraphs.len() > MAX_LINES {
        return Err(InputError::new(
            field,
            format!("มีได้ไม่เกิน {MAX_LINES} บรรทัด"),
            format!("At most {MAX_LINES} lines"),
        ));
    }
    if paragraphs
        .iter()
        .any(|p| p.chars().count() > MAX_LINE_CHARS)
    {
        return Err(InputError::new(
            field,
            format!("บรรทัดหนึ่งยาวได้ไม่เกิน {MAX_LINE_CHARS} ตัวอักษร"),
            format!("A line may be at most {MAX_LINE_CHARS} characters long"),
        ));
    }
    Ok(cell_from_paragraphs(&paragraphs))
}

/// Lines as they go back into a text box: one per line, the number label first.
pub(crate) fn cell_text<'a>(lines: impl Iterator<Item = &'a MeasureLine>) -> String {
    lines
        .map(|l| match &l.label {
            Some(label) => format!("{} {}", label.trim(), l.text),
            None => l.text.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Framework codes typed by a person ("O42, o43 I12", Thai digits too), checked against the
/// year's framework when there is one.
pub(crate) fn read_codes(f: Option<&Framework>, s: &str) -> Result<Vec<String>, InputError> {
    let mut out: Vec<String> = Vec::new();
    for c in s.split([',', ' ', '\n', ';']) {
        let c = prongsai_domain::calendar::to_ascii_digits(c.trim()).to_uppercase();
        if c.is_empty() || out.contains(&c) {
            continue;
        }
        let well_formed = c.len() <= 12
            && c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-');
        let known = match f {
            Some(f) => f.has_code(&c),
            None => well_formed,
        };
        if !well_formed || !known {
            return Err(InputError::new(
                "codes",
                format!("ไม่พบรหัส {c} ในกรอบการประเมิน ITA ของปีนี้"),
                format!("Code {c} is not in this year's ITA framework"),
            ));
        }
        out.push(c);
    }
    if out.len() > 30 {
        return Err(InputError::new(
            "codes",
            "ระบุรหัสได้ไม่เกิน ๓๐ รหัส",
            "At most 30 codes",
        ));
    }
    Ok(out)
}

/// An issue of the analysis offered in the select box.
pub struct IssueOption {
    pub id: i64,
    pub label: String,
}

#[derive(Template)]
#[template(path = "measures/edit.html")]
struct EditPage {
    page: Page,
    be: i32,
    /// None: a new measure.
    id: Option<i64>,
    number: usize,
    form: MeasureForm,
    issues: Vec<IssueOption>,
    errors: Errors,
}

#[derive(Deserialize, Default, Clone)]
pub struct MeasureForm {
    #[serde(default)]
    pub issue: String,
    #[serde(default)]
    pub responsible: String,
    #[serde(default)]
    pub steps: String,
    #[serde(default)]
    pub schedule: String,
    #[serde(default)]
    pub codes: String,
    #[serde(default)]
    pub issue_id: String,
}

impl MeasureForm {
    fn issue_id(&self) -> Option<i64> {
        super::super::opt_id(&self.issue_id)
    }
}

/// The issues of the analysis a measure of `fy` may answer: last year's result (the usual
/// case) and this year's.
async fn issue_options(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
) -> Result<Vec<prongsai_store::assessment::ImprovementIssue>, AppError> {
    let scope = staff.scope()?;
    let mut out = Vec::new();
    if let Ok(prev) = FiscalYear::new(fy.be() - 1) {
        out.extend(st.store.list_issues(&scope, prev).await?);
    }
    out.extend(st.store.list_issues(&scope, fy).await?);
    Ok(out)
}

async fn edit_view(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    id: Option<i64>,
    number: usize,
    form: MeasureForm,
    errors: Errors,
) -> Result<Response, AppError> {
    let issues = issue_options(st, staff, fy)
        .await?
        .into_iter()
        .map(|i| IssueOption {
            id: i.id,
            label: format!(
                "{} {}: {}",
                staff.ctx.t("fw.year"),
                i.fiscal_year,
                super::clip(&i.title_th, 120)
            ),
        })
        .collect();
    let mut page = Page::staff(staff, "nav.measures", "/staff/measures");
    page.title = format!(
        "{} {}",
        staff.ctx.t(if id.is_some() { "me.edit" } else { "me.new" }),
        fy.be()
    );
    crate::view::render_form(
        &EditPage {
            page,
            be: fy.be(),
            id,
            number,
            form,
            issues,
            errors: errors.clone(),
        },
        !errors.is_empty(),
    )
}

/// `GET /staff/measures/{year}/new`
pub async fn new_form(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let n = st.store.count_measures(&staff.scope()?, fy).await? as usize + 1;
    edit_view(
        &st,
        &staff,
        fy,
        None,
        n,
        MeasureForm::default(),
        Errors::default(),
    )
    .await
}

/// `GET /staff/measures/{year}/m/{id}`
pub async fn edit_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let (m, lines) = st.store.measure(&staff.scope()?, id).await?;
    if m.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    let of = |k: &'static str| cell_text(lines.iter().filter(move |l| l.column_kind == k));
    let form = MeasureForm {
        issue: of("issue"),
        responsible: of("responsible"),
        steps: of("step"),
        schedule: of("schedule"),
        codes: m.codes.clone(),
        issue_id: m.issue_id.map(|i| i.to_string()).unwrap_or_default(),
    };
    edit_view(
        &st,
        &staff,
        fy,
        Some(id),
        m.sort_order as usize,
        form,
        Errors::default(),
    )
    .await
}

/// Read the form into a draft. An issue of the analysis chosen with an empty issue box gives
/// the issue's title, and its codes when none were typed.
async fn read_form(
    st: &AppState,
    staff: &Staff,
    fy: FiscalYear,
    f: &MeasureForm,
) -> Result<Result<MeasureDraft, InputError>, AppError> {
    let chosen = match f.issue_id() {
        Some(i) => issue_options(st, staff, fy)
            .await?
            .into_iter()
            .find(|x| x.id == i),
        None => None,
    };
    let issue_text = match (&chosen, f.issue.trim().is_empty()) {
        (Some(i), true) => i.title_th.clone(),
        _ => f.issue.clone(),
    };
    let codes_text = match (&chosen, f.codes.trim().is_empty()) {
        (Some(i), true) => {
            let next = i.next_code_list();
            if next.is_empty() { i.code_list() } else { next }.join(" ")
        }
        _ => f.codes.clone(),
    };
    // a year whose framework has no items yet (announced later) checks only the codes' form
    let framework = st.frameworks.get(fy.be()).filter(|f| !f.items.is_empty());
    let r = (|| {
        Ok(MeasureDraft {
            row: MeasureRow {
                issue: read_cell("issue", &issue_text)?,
                responsible: read_cell("responsible", &f.responsible)?,
                steps: read_cell("steps", &f.steps)?,
                schedule: read_cell("schedule", &f.schedule)?,
                progress: vec![],
            },
            // codes of an issue chosen from the analysis were checked when it was written
            codes: match read_codes(framework, &codes_text) {
                Err(_) if chosen.is_some() && f.codes.trim().is_empty() => {
                    read_codes(None, &codes_text)?
                }
                r => r?,
            },
            issue_id: chosen.as_ref().map(|i| i.id),
        })
    })();
    Ok(r)
}

async fn save(
    st: AppState,
    staff: Staff,
    year: String,
    id: Option<i64>,
    f: MeasureForm,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let number = match id {
        Some(id) => st.store.measure(&scope, id).await?.0.sort_order as usize,
        None => st.store.count_measures(&scope, fy).await? as usize + 1,
    };
    let r = match read_form(&st, &staff, fy, &f).await? {
        Ok(d) => {
            st.store
                .save_measure(&scope, &staff.actor(), fy, id, d)
                .await
        }
        Err(e) => Err(StoreError::Input(e)),
    };
    match r {
        Ok(mid) => {
            super::import::publish_measures(&st, &staff, fy).await;
            Ok(Redirect::to(&format!("/staff/measures/{}#measure-{mid}", fy.be())).into_response())
        }
        Err(StoreError::Input(e)) => {
            edit_view(&st, &staff, fy, id, number, f, Errors::from_input(lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/measures/{year}/new`
pub async fn create(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(f): CsrfForm<MeasureForm>,
) -> Result<Response, AppError> {
    save(st, staff, year, None, f).await
}

/// `POST /staff/measures/{year}/m/{id}`
pub async fn update(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<MeasureForm>,
) -> Result<Response, AppError> {
    save(st, staff, year, Some(id), f).await
}

/// `POST /staff/measures/{year}/m/{id}/delete`
pub async fn delete(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<crate::pages::NoFields>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let scope = staff.scope()?;
    if st.store.measure(&scope, id).await?.0.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    match st.store.delete_measure(&scope, &staff.actor(), id).await {
        Ok(()) => {
            super::import::publish_measures(&st, &staff, fy).await;
            Ok(Redirect::to(&format!("/staff/measures/{}", fy.be())).into_response())
        }
        Err(StoreError::Input(e)) => {
            super::year_view(&st, &staff, fy, Errors::from_input(staff.ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    dir: String,
}

/// `POST /staff/measures/{year}/m/{id}/move` (dir=up|down)
pub async fn move_measure(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<MoveForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let dir = match f.dir.as_str() {
        "up" => Move::Up,
        "down" => Move::Down,
        _ => return Err(AppError::BadRequest),
    };
    let scope = staff.scope()?;
    if st.store.measure(&scope, id).await?.0.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    st.store
        .move_measure(&scope, &staff.actor(), id, dir)
        .await?;
    super::import::publish_measures(&st, &staff, fy).await;
    Ok(Redirect::to(&format!("/staff/measures/{}#measure-{id}", fy.be())).into_response())
}

// ---------------------------------------------------------------------------------------------
// Title block and introduction
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct HeadingForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub intro: String,
}

/// The title lines and introduction paragraphs of a heading form.
pub(crate) fn read_heading(f: &HeadingForm) -> Result<(Vec<String>, Vec<String>), InputError> {
    let lines = |field: &'static str, s: &str, max: usize| -> Result<Vec<String>, InputError> {
        let v: Vec<String> = read_cell(field, s)?
            .into_iter()
            .map(|l| l.display())
            .collect();
        if v.len() > max {
            return Err(InputError::new(
                field,
                format!("มีได้ไม่เกิน {max} บรรทัด"),
                format!("At most {max} lines"),
            ));
        }
        Ok(v)
    };
    // title lines are short; a paragraph of the introduction is one line of the box
    let title: Vec<String> = f
        .title
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines("title", &f.title, 6)?;
    if title.is_empty() {
        return Err(InputError::new(
            "title",
            "กรุณาระบุชื่อเอกสาร",
            "Please write the document's title",
        ));
    }
    let intro: Vec<String> = f
        .intro
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines("intro", &f.intro, 20)?;
    Ok((title, intro))
}

#[derive(Template)]
#[template(path = "measures/heading.html")]
struct HeadingPage {
    page: Page,
    be: i32,
    action: String,
    back: String,
    form: HeadingForm,
    errors: Errors,
}

/// The heading form of the document at `back` (the year's measures or a round); it posts to
/// `{back}/heading`.
fn heading_view(
    staff: &Staff,
    fy: FiscalYear,
    back: String,
    form: HeadingForm,
    errors: Errors,
) -> Result<Response, AppError> {
    let mut page = Page::staff(staff, "nav.measures", "/staff/measures");
    page.title = format!("{} {}", staff.ctx.t("me.heading"), fy.be());
    crate::view::render_form(
        &HeadingPage {
            page,
            be: fy.be(),
            action: format!("{back}/heading"),
            back,
            form,
            errors: errors.clone(),
        },
        !errors.is_empty(),
    )
}

/// `GET /staff/measures/{year}/heading`: the measures document's title and introduction.
pub async fn heading_form(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let doc = st
        .store
        .measures_document(&staff.scope()?, fy)
        .await?
        .unwrap_or_default();
    let form = HeadingForm {
        title: doc.title.join("\n"),
        intro: doc.intro.join("\n"),
    };
    let be = fy.be();
    heading_view(
        &staff,
        fy,
        format!("/staff/measures/{be}"),
        form,
        Errors::default(),
    )
}

/// `POST /staff/measures/{year}/heading`
pub async fn heading_save(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(f): CsrfForm<HeadingForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let be = fy.be();
    let r = match read_heading(&f) {
        Ok((title, intro)) => {
            st.store
                .set_measures_heading(&staff.scope()?, &staff.actor(), fy, title, intro)
                .await
        }
        Err(e) => Err(StoreError::Input(e)),
    };
    match r {
        Ok(()) => {
            super::import::publish_measures(&st, &staff, fy).await;
            Ok(Redirect::to(&format!("/staff/measures/{be}")).into_response())
        }
        Err(StoreError::Input(e)) => heading_view(
            &staff,
            fy,
            format!("/staff/measures/{be}"),
            f,
            Errors::from_input(staff.ctx.lang, &e),
        ),
        Err(e) => Err(e.into()),
    }
}

/// `GET /staff/measures/{year}/rounds/{id}/heading`: a draft round's title and introduction.
pub async fn round_heading_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let r = st.store.report_round(&staff.scope()?, id).await?;
    if r.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    let list = |s: &str| serde_json::from_str::<Vec<String>>(s).unwrap_or_default();
    let form = HeadingForm {
        title: list(&r.title).join("\n"),
        intro: list(&r.intro).join("\n"),
    };
    let be = fy.be();
    let errors = match r.state().check_editable() {
        Ok(()) => Errors::default(),
        Err(e) => Errors::from_input(staff.ctx.lang, &e),
    };
    heading_view(
        &staff,
        fy,
        format!("/staff/measures/{be}/rounds/{id}"),
        form,
        errors,
    )
}

/// `POST /staff/measures/{year}/rounds/{id}/heading`
pub async fn round_heading_save(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<HeadingForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let fy = year_of(&year)?;
    let scope = staff.scope()?;
    if st.store.report_round(&scope, id).await?.fiscal_year != fy.be() {
        return Err(AppError::NotFound);
    }
    let be = fy.be();
    let r = match read_heading(&f) {
        Ok((title, intro)) => st
            .store
            .set_round_heading(&scope, &staff.actor(), id, title, intro)
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Input(e)),
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/staff/measures/{be}/rounds/{id}")).into_response()),
        Err(StoreError::Input(e)) => heading_view(
            &staff,
            fy,
            format!("/staff/measures/{be}/rounds/{id}"),
            f,
            Errors::from_input(staff.ctx.lang, &e),
        ),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_box_reads_like_an_imported_cell() {
        let lines = read_cell(
            "steps",
            "๑. จัดทำประกาศ ภายในเดือนมีนาคม ๒๕๖๖\n\n2. เผยแพร่บนเว็บไซต์\n",
        )
        .unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].number, Some(1));
        assert_eq!(lines[1].number, Some(2));
        assert!(lines[0].due.is_some());
        assert!(read_cell("steps", "a\u{7}b").is_err());
        let many = "x\n".repeat(MAX_LINES + 1);
        assert!(read_cell("steps", &many).is_err());
        assert!(read_cell("steps", &"ก".repeat(MAX_LINE_CHARS + 1)).is_err());
    }

    #[test]
    fn codes_are_normalised_and_checked() {
        assert_eq!(
            read_codes(None, "o42, O43 ๑๒").unwrap(),
            vec!["O42", "O43", "12"]
        );
        assert!(read_codes(None, "<script>").is_err());
        let (fw, _) = prongsai_domain::framework::FrameworkSet::bundled();
        let f = fw.get(2566).unwrap();
        assert!(read_codes(Some(f), "O1").is_ok());
        assert!(read_codes(Some(f), "O999").is_err());
    }

    #[test]
    fn heading_needs_a_title() {
        let f = HeadingForm {
            title: "  ".into(),
            intro: "x".into(),
        };
        assert!(read_heading(&f).is_err());
        let f = HeadingForm {
            title: "มาตรการ\nอบต.กระโทก".into(),
            intro: "ย่อหน้า ๑\nย่อหน้า ๒".into(),
        };
        let (t, i) = read_heading(&f).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(i.len(), 2);
    }
}

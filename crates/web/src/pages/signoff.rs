//! The executive's sign-off of what a feature produces (risk assessment, anti-corruption plan and
//! reports, announcements, HR and gift reports …), on top of `store::signoff`: the block a
//! feature's staff page shows (versions with who submitted and who signed, the buttons this user
//! may press) and the generic moves — open a version, withdraw it, acknowledge it — at
//! `/staff/signoff/…`. Submitting is the feature's own handler, because only the feature knows
//! the content to freeze (`Store::submit_signed`). Acknowledging publishes at once: everything
//! the agency's work produces for that year is attached to its OIT items
//! (`disclosure::auto::attach_everything`).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::measures::{RoundPeriod, RoundState};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::signoff::{SignKey, Signed};
use prongsai_store::StoreError;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::view::{fmt_datetime, Page};

/// One version as the block lists it.
#[derive(Debug, Clone)]
pub struct VersionRow {
    pub id: i64,
    pub version: i32,
    pub state: &'static str,
    pub state_label: &'static str,
    /// Who submitted it and when ("" before).
    pub submitted: String,
    /// Who signed it and when ("" before).
    pub acknowledged: String,
    pub note: String,
}

/// The sign-off block of a feature's page: put it in the page's template struct as `signoff`
/// and `{% include "staff/signoff.html" %}` where it belongs.
#[derive(Debug, Clone)]
pub struct SignoffBlock {
    pub kind: String,
    pub year: i32,
    pub period: &'static str,
    /// The title a new version gets.
    pub title: String,
    /// Oldest first.
    pub versions: Vec<VersionRow>,
    /// The newest version.
    pub current: Option<VersionRow>,
    /// The feature's POST address that submits the current draft.
    pub submit_action: String,
    /// Where the generic moves come back to (the feature's page).
    pub return_to: String,
    /// Whether the data behind it may change now (no version, or a draft).
    pub editable: bool,
    pub can_open: bool,
    pub can_submit: bool,
    pub can_withdraw: bool,
    pub can_acknowledge: bool,
}

impl SignoffBlock {
    /// The newest acknowledged version, when there is one.
    pub fn signed(&self) -> Option<&VersionRow> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.state == RoundState::Acknowledged.code())
    }
}

fn state_label(lang: Lang, s: RoundState) -> &'static str {
    match lang {
        Lang::Th => s.label_th(),
        Lang::En => s.label_en(),
    }
}

/// The block for `key`: `title` names a version opened from it, `submit_action` is the
/// feature's submit address and `return_to` its page. Coordinators (`ManageAssessment`) open,
/// submit and withdraw; executives (`AcknowledgeReports`) sign.
pub async fn block(
    st: &AppState,
    staff: &Staff,
    key: SignKey<'_>,
    title: &str,
    submit_action: &str,
    return_to: &str,
) -> Result<SignoffBlock, AppError> {
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let versions = st.store.signed_versions(&scope, key).await?;
    let users = st.store.list_users(&scope).await?;
    let who = |id: Option<i64>| {
        id.and_then(|id| users.iter().find(|u| u.id == id))
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    };
    let when = |at: Option<chrono::DateTime<chrono::Utc>>, by: Option<i64>| match at {
        Some(at) => format!("{} {}", who(by), fmt_datetime(lang, at))
            .trim()
            .to_string(),
        None => String::new(),
    };
    let row = |s: &Signed| VersionRow {
        id: s.id,
        version: s.version,
        state: s.state().code(),
        state_label: state_label(lang, s.state()),
        submitted: when(s.submitted_at, s.submitted_by),
        acknowledged: when(s.acknowledged_at, s.acknowledged_by),
        note: s.acknowledge_note.clone().unwrap_or_default(),
    };
    let rows: Vec<VersionRow> = versions.iter().map(row).collect();
    let state = versions.last().map(|s| s.state());
    let role = staff.user.role();
    let coordinator = role.allows(Permission::ManageAssessment);
    Ok(SignoffBlock {
        kind: key.kind.to_owned(),
        year: key.year.be(),
        period: key.period.code(),
        title: title.to_owned(),
        current: rows.last().cloned(),
        versions: rows,
        submit_action: submit_action.to_owned(),
        return_to: local_path(return_to),
        editable: matches!(state, None | Some(RoundState::Draft)),
        can_open: coordinator && matches!(state, None | Some(RoundState::Acknowledged)),
        can_submit: coordinator && state == Some(RoundState::Draft),
        can_withdraw: coordinator && state == Some(RoundState::Submitted),
        can_acknowledge: role.allows(Permission::AcknowledgeReports)
            && state == Some(RoundState::Submitted),
    })
}

/// A staff page to come back to: only a path of this site's back office.
fn local_path(p: &str) -> String {
    let ok = p.starts_with("/staff/")
        && !p.contains("//")
        && !p.contains('\\')
        && p.chars().all(|c| c.is_ascii_graphic());
    if ok {
        p.to_owned()
    } else {
        "/staff".to_owned()
    }
}

/// A feature's submit handler, once it has built `content` (what the executive will sign):
/// submit the draft version of `key` with it and go back to `back`; a refusal is shown with a
/// way back; no draft open is a bad request.
pub async fn submit_content<T: serde::Serialize>(
    st: &AppState,
    staff: &Staff,
    key: SignKey<'_>,
    content: &T,
    back: &str,
) -> Result<Response, AppError> {
    let scope = staff.scope()?;
    let Some(current) = st.store.current_signed(&scope, key).await? else {
        return Err(AppError::BadRequest);
    };
    match st
        .store
        .submit_signed(&scope, &staff.actor(), current.id, content)
        .await
    {
        Ok(_) => Ok(Redirect::to(&local_path(back)).into_response()),
        Err(StoreError::Input(e)) => refused_page(staff, &e, back),
        Err(e) => Err(e.into()),
    }
}

/// What the newest version of `key` froze, once it is submitted: its content and, once signed,
/// who signed it and when. `None` while it is a draft or there is none — a staff preview then
/// shows today's data.
pub async fn submitted<T: serde::de::DeserializeOwned>(
    st: &AppState,
    scope: &prongsai_store::AgencyScope,
    key: SignKey<'_>,
) -> Result<
    Option<(
        T,
        Option<prongsai_docs::reports::notice::Signer>,
        Option<chrono::NaiveDate>,
    )>,
    AppError,
> {
    let Some(s) = st.store.current_signed(scope, key).await? else {
        return Ok(None);
    };
    let Some(content) = s.content::<T>()? else {
        return Ok(None);
    };
    let (signer, on) = signature(st, scope, &s).await?;
    Ok(Some((content, signer, on)))
}

/// Who signed a version and on which day, for the signature block of the published document:
/// the acknowledging user's name and position (None before acknowledgement).
pub async fn signature(
    st: &AppState,
    scope: &prongsai_store::AgencyScope,
    s: &Signed,
) -> Result<
    (
        Option<prongsai_docs::reports::notice::Signer>,
        Option<chrono::NaiveDate>,
    ),
    AppError,
> {
    let Some(by) = s.acknowledged_by else {
        return Ok((None, s.acknowledged_on()));
    };
    let users = st.store.list_users(scope).await?;
    let signer =
        users
            .into_iter()
            .find(|u| u.id == by)
            .map(|u| prongsai_docs::reports::notice::Signer {
                name: u.display_name,
                position: u.position.unwrap_or_default(),
            });
    Ok((signer, s.acknowledged_on()))
}

/// Staff routes (nested under `/staff`).
pub fn staff_routes() -> Router<AppState> {
    Router::new()
        .route("/signoff/open", post(open))
        .route("/signoff/{id}/withdraw", post(withdraw))
        .route("/signoff/{id}/acknowledge", post(acknowledge))
}

#[derive(Template)]
#[template(path = "staff/signoff_refused.html")]
struct RefusedPage {
    page: Page,
    message: String,
    back: String,
}

/// A refusal (422) in the request's language, with a way back to `back` (a back-office path).
/// For the moves of a signed document that have no form to show the message next to.
pub fn refused_page(
    staff: &Staff,
    e: &prongsai_domain::InputError,
    back: &str,
) -> Result<Response, AppError> {
    crate::view::render_form(
        &RefusedPage {
            page: Page::staff(staff, "so.refused", "/staff/disclosures"),
            message: e.message(staff.ctx.lang).to_owned(),
            back: local_path(back),
        },
        true,
    )
}

/// Back to the feature's page, or the refusal with a way back (422).
fn after(staff: &Staff, r: Result<(), StoreError>, back: &str) -> Result<Response, AppError> {
    match r {
        Ok(()) => Ok(Redirect::to(&local_path(back)).into_response()),
        Err(StoreError::Input(e)) => refused_page(staff, &e, back),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct OpenForm {
    kind: String,
    year: String,
    #[serde(default)]
    period: String,
    title: String,
    #[serde(default)]
    return_to: String,
}

/// Open a version: the first, or the next after a signed one (a change after signing).
async fn open(
    State(st): State<AppState>,
    staff: Staff,
    CsrfForm(f): CsrfForm<OpenForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let year = FiscalYear::new(
        prongsai_domain::calendar::to_ascii_digits(f.year.trim())
            .parse()
            .map_err(|_| AppError::BadRequest)?,
    )
    .map_err(|_| AppError::BadRequest)?;
    let period = match f.period.as_str() {
        "" => RoundPeriod::Year,
        p => RoundPeriod::parse(p).ok_or(AppError::BadRequest)?,
    };
    let key = SignKey {
        kind: &f.kind,
        year,
        period,
    };
    let r = st
        .store
        .open_signed(&staff.scope()?, &staff.actor(), key, &f.title)
        .await
        .map(|_| ());
    // an unknown kind is a bad request, not a refusal to explain
    if let Err(StoreError::Other(_)) = r {
        return Err(AppError::BadRequest);
    }
    after(&staff, r, &f.return_to)
}

#[derive(Deserialize)]
pub struct BackForm {
    #[serde(default)]
    return_to: String,
}

async fn withdraw(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::ManageAssessment)?;
    let r = st
        .store
        .withdraw_signed(&staff.scope()?, &staff.actor(), id)
        .await
        .map(|_| ());
    after(&staff, r, &f.return_to)
}

#[derive(Deserialize)]
pub struct AckForm {
    #[serde(default)]
    note: String,
    #[serde(default)]
    return_to: String,
}

/// The executive signs the submitted version; what it produces is published at once.
async fn acknowledge(
    State(st): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AckForm>,
) -> Result<Response, AppError> {
    staff.require(Permission::AcknowledgeReports)?;
    let scope = staff.scope()?;
    let r = match super::opt_text("note", &f.note, 2000) {
        Ok(note) => {
            st.store
                .acknowledge_signed(&scope, &staff.actor(), id, note)
                .await
        }
        Err(e) => Err(StoreError::Input(e)),
    };
    if let Ok(signed) = &r {
        publish(&st, &staff, signed).await;
    }
    after(&staff, r.map(|_| ()), &f.return_to)
}

/// Attach what the agency's work produces for the signed document's year.
async fn publish(st: &AppState, staff: &Staff, signed: &Signed) {
    if let Some(fy) = signed.fiscal_year() {
        publish_year(st, staff, fy).await;
    }
}

/// Everything the agency's work publishes for `fy` and the year after (whose items may take
/// `fy`'s reports as their data year), attached to the OIT items: after a signature. A failure
/// is logged; the daily run of the server tries again.
pub(crate) async fn publish_year(st: &AppState, staff: &Staff, fy: FiscalYear) {
    let (Ok(scope), Some(a)) = (staff.scope(), staff.agency.as_ref()) else {
        return;
    };
    for year in [Some(fy), FiscalYear::new(fy.be() + 1).ok()]
        .into_iter()
        .flatten()
    {
        if let Err(e) = crate::pages::disclosure::auto::attach_everything(
            st,
            &scope,
            &staff.actor(),
            &a.slug,
            year,
            crate::view::today(),
        )
        .await
        {
            tracing::error!(error = %e, year = year.be(), "publishing what was signed failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_back_office_paths_are_returned_to() {
        assert_eq!(local_path("/staff/risk/2566"), "/staff/risk/2566");
        assert_eq!(local_path("/staff/hr/2566?x=1#s"), "/staff/hr/2566?x=1#s");
        for bad in [
            "https://evil.example/",
            "//evil.example/staff/",
            "/staff//evil",
            "/staff/\\evil",
            "/public",
            "",
            "/staff/ x",
        ] {
            assert_eq!(local_path(bad), "/staff", "{bad}");
        }
    }
}

//! What every page template shares: the [`Page`] frame (language, title, navigation, CSRF
//! token, who is logged in), rendering, and display formatting of dates in Thai and English.

use askama::Template;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use prongsai_domain::calendar::{self, DateStyle, Digits, MonthStyle};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;

use crate::ctx::{Ctx, Staff};
use crate::error::AppError;

/// A link of the staff menu.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// The frame of every page.
#[derive(Debug, Clone)]
pub struct Page {
    pub lang: Lang,
    pub title: String,
    pub csrf: String,
    /// Display name and role label of the logged-in user.
    pub user_name: Option<String>,
    pub user_role: Option<String>,
    pub agency_name: Option<String>,
    pub agency_slug: Option<String>,
    pub nav: Vec<NavItem>,
    pub switch_href: String,
    pub flash: Option<String>,
    /// On an agency's public pages: its menu and its contact channels (in the page foot).
    pub public_nav: Vec<PublicNavItem>,
    pub contact: Option<Contact>,
}

/// A link of an agency's public menu.
#[derive(Debug, Clone)]
pub struct PublicNavItem {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

/// The contact channels of an agency, ready to show.
#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub facebook: Option<String>,
    /// (shown id or link, address that opens it)
    pub line: Option<(String, String)>,
    /// (OpenStreetMap, directions)
    pub map: Option<(String, String)>,
    pub office_hours: Option<String>,
}

impl Contact {
    pub fn of(a: &prongsai_store::tenancy::Agency, lang: Lang) -> Self {
        use prongsai_domain::contact;
        Self {
            name: agency_name(a, lang).to_string(),
            address: a.address.clone(),
            phone: a.phone.clone(),
            email: a.email.clone(),
            website: a.website.clone(),
            facebook: a.facebook.clone(),
            line: a.line.as_ref().map(|l| (l.clone(), contact::line_href(l))),
            map: a
                .map
                .as_deref()
                .and_then(|m| Some((contact::map_href(m)?, contact::directions_href(m)?))),
            office_hours: a.office_hours.clone(),
        }
    }
    /// The `tel:` address of the phone number: its digits (and a leading +) only, up to the
    /// first extension or second number ("044-000-000 ต่อ 12" → `tel:044000000`).
    pub fn tel_href(&self) -> Option<String> {
        let p = self.phone.as_deref()?;
        let digits: String = prongsai_domain::calendar::to_ascii_digits(p)
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        (digits.len() >= 3).then(|| format!("tel:{digits}"))
    }
}

impl Page {
    /// A public page (no menu).
    pub fn public(ctx: &Ctx, title: &str) -> Self {
        Self {
            lang: ctx.lang,
            title: title.to_string(),
            csrf: ctx.csrf.clone(),
            user_name: None,
            user_role: None,
            agency_name: None,
            agency_slug: None,
            nav: Vec::new(),
            switch_href: format!(
                "/lang/{}?next={}",
                ctx.lang.other().code(),
                crate::error::urlencode(&ctx.path)
            ),
            flash: None,
            public_nav: Vec::new(),
            contact: None,
        }
    }

    /// A public page of an agency: its name in the header, its menu (the link of the current
    /// address highlighted), and its contact channels in the foot.
    pub fn agency_public(ctx: &Ctx, a: &prongsai_store::tenancy::Agency, title: &str) -> Self {
        const MENU: [(&str, &str); 9] = [
            ("", "pubnav.home"),
            ("/ita", "pubnav.ita"),
            ("/eservice", "pubnav.eservice"),
            ("/eservice/track", "pubnav.track"),
            ("/stats", "pubnav.stats"),
            ("/survey", "pubnav.survey"),
            ("/complaints", "pubnav.complaints"),
            ("/participation", "pubnav.participation"),
            ("/procurement", "pubnav.procurement"),
        ];
        let mut p = Self::public(ctx, title);
        p.agency_name = Some(agency_name(a, ctx.lang).to_string());
        p.agency_slug = Some(a.slug.clone());
        let path = ctx.path.split(['?', '#']).next().unwrap_or("");
        let here = path
            .strip_prefix('/')
            .and_then(|rest| rest.strip_prefix(a.slug.as_str()))
            .unwrap_or("");
        // the longest menu path that is the address or one of its parents
        let current = MENU
            .iter()
            .map(|(path, _)| *path)
            .filter(|path| {
                here == *path
                    || (!path.is_empty()
                        && here
                            .strip_prefix(path)
                            .is_some_and(|rest| rest.starts_with('/')))
            })
            .max_by_key(|path| path.len());
        p.public_nav = MENU
            .into_iter()
            .map(|(path, key)| PublicNavItem {
                href: format!("/{}{path}", a.slug),
                label: ctx.t(key),
                current: Some(path) == current,
            })
            .collect();
        p.contact = Some(Contact::of(a, ctx.lang));
        p
    }

    /// A back-office page; `current` is the menu link to highlight.
    pub fn staff(staff: &Staff, title_key: &str, current: &str) -> Self {
        let ctx = &staff.ctx;
        let mut p = Self::public(ctx, ctx.t(title_key));
        let role = staff.user.role();
        p.user_name = Some(staff.user.display_name.clone());
        p.user_role = Some(
            match ctx.lang {
                Lang::Th => role.label_th(),
                Lang::En => role.label_en(),
            }
            .to_string(),
        );
        if let Some(a) = &staff.agency {
            p.agency_name = Some(agency_name(a, ctx.lang).to_string());
            p.agency_slug = Some(a.slug.clone());
        }
        let agency = staff.scope.is_some();
        let items: [(&'static str, &str, Permission, bool); 18] = [
            (
                "/staff/dashboard",
                "nav.dashboard",
                Permission::ViewDashboard,
                true,
            ),
            (
                "/staff/measures",
                "nav.measures",
                Permission::ViewDashboard,
                agency,
            ),
            (
                "/staff/disclosures",
                "nav.disclosures",
                Permission::ViewDashboard,
                agency,
            ),
            (
                "/staff/documents",
                "doc.title",
                Permission::ViewDashboard,
                agency,
            ),
            (
                "/staff/eservice",
                "es.requests",
                Permission::ViewDashboard,
                agency,
            ),
            (
                "/staff/complaints",
                "nav.complaints",
                Permission::ViewDashboard,
                agency,
            ),
            (
                "/staff/surveys",
                "nav.surveys",
                Permission::ViewDashboard,
                agency,
            ),
            (
                "/staff/participation",
                "nav.participation",
                Permission::ManageAgencySettings,
                agency,
            ),
            (
                "/staff/procurement",
                "nav.procurement",
                Permission::ManageProcurement,
                agency,
            ),
            (
                "/staff/programme",
                "nav.programme",
                Permission::ViewDashboard,
                agency,
            ),
            (
                "/staff/assessments",
                "nav.assessments",
                Permission::ViewDashboard,
                agency,
            ),
            (
                "/frameworks",
                "nav.frameworks",
                Permission::ViewDashboard,
                true,
            ),
            (
                "/staff/admin/units",
                "nav.units",
                Permission::ManageUnits,
                agency,
            ),
            (
                "/staff/admin/users",
                "nav.users",
                Permission::ManageUsers,
                agency,
            ),
            (
                "/staff/admin/settings",
                "nav.settings",
                Permission::ManageAgencySettings,
                agency,
            ),
            (
                "/staff/admin/audit",
                "nav.audit",
                Permission::ViewAudit,
                agency,
            ),
            (
                "/staff/system/agencies",
                "nav.agencies",
                Permission::ManageAgencies,
                true,
            ),
            (
                "/staff/system/readiness",
                "nav.readiness",
                Permission::ManageAgencies,
                true,
            ),
        ];
        p.nav = items
            .into_iter()
            .filter(|(_, _, perm, shown)| *shown && role.allows(*perm))
            .map(|(href, key, _, _)| NavItem {
                href,
                label: ctx.t(key).to_string(),
                // the programme's entry stands for its registers' pages too
                current: href == current
                    || (href == "/staff/programme"
                        && crate::pages::programme::PAGES.contains(&current)),
            })
            .collect();
        p
    }

    /// A public page that shows the staff menu to a logged-in staff member.
    pub fn public_or_staff(ctx: &Ctx, title: &str, current: &str) -> Self {
        match Staff::from_ctx(ctx) {
            Some(staff) => {
                let mut p = Self::staff(&staff, "app.name", current);
                p.title = title.to_string();
                p
            }
            None => Self::public(ctx, title),
        }
    }

    pub fn with_flash(mut self, key: Option<&str>) -> Self {
        self.flash = key.map(|k| prongsai_domain::i18n::tr(self.lang, k).to_string());
        self
    }

    /// A catalogue string in the page's language.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        prongsai_domain::i18n::tr(self.lang, key)
    }
    pub fn is_th(&self) -> bool {
        self.lang == Lang::Th
    }
}

/// The agency's name in a language (English falls back to Thai).
pub fn agency_name(a: &prongsai_store::tenancy::Agency, lang: Lang) -> &str {
    match (lang, &a.name_en) {
        (Lang::En, Some(en)) if !en.is_empty() => en,
        _ => &a.name_th,
    }
}

/// A unit's name in a language (English falls back to Thai).
pub fn unit_name(u: &prongsai_store::tenancy::Unit, lang: Lang) -> String {
    match (lang, &u.name_en) {
        (Lang::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => u.name_th.clone(),
    }
}

/// Render a template as an HTML response.
pub fn render<T: Template>(t: &T) -> Result<Response, AppError> {
    let html = t.render()?;
    let mut res = html.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Render a form page: 422 when some input was refused, so the answer says so.
pub fn render_form<T: Template>(t: &T, refused: bool) -> Result<Response, AppError> {
    let mut res = render(t)?;
    if refused {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// Thailand's offset (no daylight saving).
pub fn bangkok() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

/// Today's date in Thailand.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&bangkok()).date_naive()
}

/// A date for display: BE with abbreviated Thai month in Thai, Gregorian in English.
pub fn fmt_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Th => calendar::format_date_th(
            d,
            DateStyle {
                digits: Digits::Arabic,
                month: MonthStyle::Abbrev,
            },
        ),
        Lang::En => calendar::format_date_en(d),
    }
}

/// An instant for display, in Thai time.
pub fn fmt_datetime(lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&bangkok()).naive_local();
    format!("{} {}", fmt_date(lang, local.date()), local.format("%H:%M"))
}

/// A refused input, shown next to its field.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The refused inputs of a form.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn from_input(lang: Lang, e: &prongsai_domain::InputError) -> Self {
        Self(vec![FieldError {
            field: e.field.to_string(),
            message: e.message(lang).to_string(),
        }])
    }
    /// The message for a field, if it was refused.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }
}

/// A number as Thai documents write scores: up to two decimals, no trailing zeros.
pub fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// How a generated file is handed over: shown in the browser, or saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    Inline,
    Attachment,
}

/// A generated file (a report, open data) with its type, its file name and how long caches
/// may keep it (`cache`: a Cache-Control value such as `public, max-age=300` or `no-store`).
pub fn file_response(
    body: Vec<u8>,
    mime: &'static str,
    disposition: Disposition,
    name: &str,
    cache: &'static str,
) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    let how = match disposition {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    if let Ok(v) = HeaderValue::from_str(&format!("{how}; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

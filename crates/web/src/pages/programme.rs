//! `/staff/programme`: the agency's integrity and anti-corruption programme of a fiscal year on
//! one page — every document the executive signs for the OIT (the risk assessment, the action
//! plan and its reports, the announcements, the integrity and gift reports, the HR reports) with
//! where it stands (not started, draft, awaiting the executive, signed) and a link to its page.
//! One menu entry leads here instead of one per register.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use prongsai_domain::announcement::AnnouncementKind;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::integrity::{ActivityKind, GIFT_REPORT_KIND};
use prongsai_domain::measures::{RoundPeriod, RoundState};
use prongsai_domain::tenancy::Permission;
use prongsai_domain::Lang;
use prongsai_store::signoff::SignKey;
use serde::Deserialize;

use crate::app::AppState;
use crate::ctx::Staff;
use crate::error::AppError;
use crate::view::Page;

/// The back-office pages this page stands for in the menu.
pub const PAGES: [&str; 6] = [
    "/staff/programme",
    "/staff/risk",
    "/staff/anticorruption",
    "/staff/announcements",
    "/staff/integrity",
    "/staff/hr",
];

/// One signed document of a section: its label, sign-off kind and period, and its page.
type Signable = (String, String, RoundPeriod, String);

struct Row {
    label: String,
    href: String,
    state: &'static str,
    state_label: String,
}

struct Section {
    title: String,
    href: String,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "staff/programme.html")]
struct ProgrammePage {
    page: Page,
    be: i32,
    years: Vec<i32>,
    sections: Vec<Section>,
    signed: usize,
    total: usize,
}

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
}

pub async fn page(
    State(st): State<AppState>,
    staff: Staff,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    staff.require(Permission::ViewDashboard)?;
    let scope = staff.scope()?;
    let lang = staff.ctx.lang;
    let now = FiscalYear::containing(crate::view::today());
    let fy = match q.year.trim() {
        "" => now,
        y => prongsai_domain::calendar::to_ascii_digits(y)
            .parse()
            .map_err(|_| AppError::NotFound)?,
    };
    let be = fy.be();
    let t = |k: &str| staff.ctx.t(k).to_owned();
    let by_lang = |th: &str, en: &str| match lang {
        Lang::Th => th.to_owned(),
        Lang::En => en.to_owned(),
    };
    let half = |p: RoundPeriod| match lang {
        Lang::Th => p.label_th(),
        Lang::En => p.label_en(),
    };
    let mut plan: Vec<(String, String, Vec<Signable>)> = vec![
        (
            t("rk.title"),
            format!("/staff/risk/{be}"),
            vec![(
                t("rk.title"),
                prongsai_store::risk::KIND_ASSESSMENT.into(),
                RoundPeriod::Year,
                format!("/staff/risk/{be}"),
            )],
        ),
        (
            t("ac.title"),
            format!("/staff/anticorruption/{be}"),
            std::iter::once((
                t("ac.title"),
                prongsai_store::anticorruption::KIND_PLAN.to_owned(),
                RoundPeriod::Year,
                format!("/staff/anticorruption/{be}"),
            ))
            .chain(RoundPeriod::ALL.map(|p| {
                (
                    format!("{} {}", t("pg.report"), half(p)),
                    prongsai_store::anticorruption::KIND_REPORT.to_owned(),
                    p,
                    format!("/staff/anticorruption/{be}/report/{}", p.code()),
                )
            }))
            .collect(),
        ),
        (
            t("an.title"),
            "/staff/announcements".into(),
            AnnouncementKind::ALL
                .iter()
                .map(|k| {
                    (
                        by_lang(k.name_th(), k.name_en()),
                        k.code().to_owned(),
                        RoundPeriod::Year,
                        format!("/staff/announcements/{be}/{}", k.code()),
                    )
                })
                .collect(),
        ),
        (
            t("ig.nav"),
            format!("/staff/integrity/{be}"),
            ActivityKind::ALL
                .iter()
                .map(|k| {
                    (
                        by_lang(k.label_th(), k.label_en()),
                        k.code().to_owned(),
                        RoundPeriod::Year,
                        format!("/staff/integrity/{be}/report/{}", k.code()),
                    )
                })
                .chain(std::iter::once((
                    by_lang(
                        "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด (No Gift Policy)",
                        "Gifts received (No Gift Policy)",
                    ),
                    GIFT_REPORT_KIND.to_owned(),
                    RoundPeriod::Year,
                    format!("/staff/integrity/{be}/report/{GIFT_REPORT_KIND}"),
                )))
                .collect(),
        ),
        (
            t("hr.nav"),
            format!("/staff/hr/{be}"),
            RoundPeriod::ALL
                .map(|p| {
                    (
                        format!("{} {}", t("pg.hr_report"), half(p)),
                        prongsai_domain::hr::SIGN_KIND.to_owned(),
                        p,
                        format!("/staff/hr/{be}/report/{}", p.code()),
                    )
                })
                .to_vec(),
        ),
    ];
    let (mut signed, mut total) = (0, 0);
    let mut sections = Vec::new();
    for (title, href, rows) in plan.drain(..) {
        let mut out = Vec::new();
        for (label, kind, period, href) in rows {
            let cur = st
                .store
                .current_signed(
                    &scope,
                    SignKey {
                        kind: &kind,
                        year: fy,
                        period,
                    },
                )
                .await?;
            let acknowledged = st
                .store
                .acknowledged_signed(
                    &scope,
                    SignKey {
                        kind: &kind,
                        year: fy,
                        period,
                    },
                )
                .await?;
            total += 1;
            let (state, state_label) = match (&cur, &acknowledged) {
                (_, Some(a)) => {
                    signed += 1;
                    let mut l = match lang {
                        Lang::Th => RoundState::Acknowledged.label_th(),
                        Lang::En => RoundState::Acknowledged.label_en(),
                    }
                    .to_owned();
                    if cur.as_ref().is_some_and(|c| c.id != a.id) {
                        l = format!("{l} · {}", t("pg.new_version"));
                    }
                    ("acknowledged", l)
                }
                (Some(c), None) => (
                    c.state().code(),
                    match lang {
                        Lang::Th => c.state().label_th(),
                        Lang::En => c.state().label_en(),
                    }
                    .to_owned(),
                ),
                (None, None) => ("none", t("pg.not_started")),
            };
            out.push(Row {
                label,
                href,
                state,
                state_label,
            });
        }
        sections.push(Section {
            title,
            href,
            rows: out,
        });
    }
    let mut page = Page::staff(&staff, "nav.programme", "/staff/programme");
    page.title = format!("{} {be}", staff.ctx.t("nav.programme"));
    crate::view::render(&ProgrammePage {
        page,
        be,
        years: ((now.be() - 4).min(be)..=(now.be() + 1).max(be))
            .rev()
            .collect(),
        sections,
        signed,
        total,
    })
}

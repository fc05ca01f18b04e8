//! Public participation (การเปิดโอกาสให้เกิดการมีส่วนร่วม): the citizen's pages (`public`:
//! open topics, a topic with its published comments and the comment form, closed topics with
//! their summaries, a fiscal year's results), the staff's topics, moderation queue and
//! summaries (`staff`), the summary as a PDF report, and the OIT items that the year's results
//! answer by themselves ([`attach_participation`]).

pub mod public;
pub mod staff;

use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use prongsai_docs::reports::notice::{Notice, NoticeTable, Signer};
use prongsai_domain::calendar::{format_date_long_th, Digits, FiscalYear};
use prongsai_domain::framework::{FrameworkSet, Product};
use prongsai_domain::participation::{paragraphs, Tally};
use prongsai_domain::Lang;
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::participation::{Comment, Topic};
use prongsai_store::tenancy::Agency;
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

use crate::app::AppState;
use crate::error::AppError;
use crate::view::{fmt_date, Errors, FieldError};

/// Public routes (under `/{agency}/…`).
pub fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/{agency}/participation", get(public::list))
        .route("/{agency}/participation/year/{year}", get(public::year))
        .route(
            "/{agency}/participation/{id}",
            get(public::topic).post(public::comment),
        )
        .route(
            "/{agency}/participation/{id}/summary.pdf",
            get(public::summary_pdf),
        )
}

/// Staff routes (nested under `/staff`).
pub fn staff_routes() -> Router<AppState> {
    Router::new()
        .route("/participation", get(staff::list))
        .route(
            "/participation/new",
            get(staff::new_form).post(staff::create),
        )
        .route("/participation/{id}", get(staff::topic))
        .route(
            "/participation/{id}/edit",
            get(staff::edit_form).post(staff::update),
        )
        .route("/participation/{id}/open", post(staff::open))
        .route("/participation/{id}/close", post(staff::close))
        .route("/participation/{id}/response", post(staff::response))
        .route(
            "/participation/{id}/comments/{comment}",
            post(staff::moderate),
        )
        .route("/participation/{id}/summary.pdf", get(staff::summary_pdf))
}

/// Routes whose bodies may carry files (the documents' body limit applies); full paths.
/// Comments carry no files: none.
pub fn upload_routes() -> Router<AppState> {
    Router::new()
}

/// The public page of a fiscal year's results.
pub fn year_href(slug: &str, year: FiscalYear) -> String {
    format!("/{slug}/participation/year/{}", year.be())
}

/// The auto-attachment key of the year's results.
const AUTO_KEY: &str = "participation";

/// Attach the public page of `year`'s participation results to every item of the year's
/// framework marked `produced_by = "participation"` ([`Product::Participation`]), once the
/// agency has opened a topic in that year (a draft does not count). Returns how many
/// attachments were made or refreshed (an unchanged one writes nothing).
pub async fn attach_participation(
    store: &Store,
    frameworks: &FrameworkSet,
    scope: &AgencyScope,
    actor: &Actor,
    slug: &str,
    year: FiscalYear,
) -> Result<usize, StoreError> {
    let Some(fw) = frameworks.get(year.be()) else {
        return Ok(0);
    };
    let items: Vec<_> = fw.items_produced_by(Product::Participation).collect();
    if items.is_empty() || store.topics_of_year(scope, year).await?.is_empty() {
        return Ok(0);
    }
    let mut n = 0;
    for it in items {
        store
            .attach_auto(
                scope,
                actor,
                year,
                &it.code,
                AUTO_KEY,
                NewEvidence {
                    target: Target::Page(year_href(slug, year)),
                    label: format!(
                        "การเปิดโอกาสให้ประชาชนมีส่วนร่วม: เรื่องที่เปิดรับฟังความคิดเห็น ความคิดเห็นที่ได้รับ และสรุปผลการนำไปใช้ ปีงบประมาณ พ.ศ. {}",
                        year.be()
                    ),
                    data_year: Some(year),
                    period: None,
                    published_on: None,
                },
            )
            .await?;
        n += 1;
    }
    Ok(n)
}

/// [`attach_participation`] after a change of a topic of `year` by staff; a failure does not
/// undo the change: it is logged, and the next change tries again.
pub(crate) async fn publish(st: &AppState, staff: &crate::ctx::Staff, year: FiscalYear) {
    let (Ok(scope), Some(a)) = (staff.scope(), staff.agency.as_ref()) else {
        return;
    };
    if let Err(e) = attach_participation(
        &st.store,
        &st.frameworks,
        &scope,
        &staff.actor(),
        &a.slug,
        year,
    )
    .await
    {
        tracing::error!(error = %e, year = year.be(), "attaching participation to its OIT items failed");
    }
}

/// A topic as lists and pages show it.
pub struct TopicCard {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub state: &'static str,
    pub state_label: &'static str,
    /// "1 พ.ย. 2567 – 30 พ.ย. 2567"
    pub period: String,
    pub opens: String,
    /// The day staff closed it early, if they did.
    pub closed_early: String,
    pub year: i32,
    pub tally: Tally,
    pub response: Vec<String>,
}

/// The CSS class of a topic state (reusing the round states' colours).
fn state_class(s: prongsai_domain::participation::TopicState) -> &'static str {
    use prongsai_domain::participation::TopicState::*;
    match s {
        Draft => "draft",
        Upcoming => "submitted",
        Open => "acknowledged",
        Closed => "draft",
    }
}

pub(crate) fn card(t: &Topic, tally: Tally, lang: Lang, today: NaiveDate) -> TopicCard {
    let s = t.state(today);
    TopicCard {
        id: t.id,
        title: t.title.clone(),
        kind: t.kind.label(lang),
        state: state_class(s),
        state_label: s.label(lang),
        period: format!(
            "{} – {}",
            fmt_date(lang, t.opens_on),
            fmt_date(lang, t.closes_on)
        ),
        opens: fmt_date(lang, t.opens_on),
        closed_early: t
            .closed_on
            .filter(|c| *c <= t.closes_on)
            .map(|c| fmt_date(lang, c))
            .unwrap_or_default(),
        year: t.fiscal_year.be(),
        tally,
        response: t.response.as_deref().map(paragraphs).unwrap_or_default(),
    }
}

/// Refused inputs as the templates show them.
pub(crate) fn errors_of(lang: Lang, errors: &[prongsai_domain::InputError]) -> Errors {
    Errors(
        errors
            .iter()
            .map(|e| FieldError {
                field: e.field.to_string(),
                message: e.message(lang).to_string(),
            })
            .collect(),
    )
}

/// A date as Thai documents write it: "วันที่ 1 พฤศจิกายน พ.ศ. 2567".
fn long_date(d: NaiveDate) -> String {
    format_date_long_th(d, Digits::Arabic)
}

/// The summary of a topic as an official report (รายงาน): what was opened and when, the
/// counts, the agency's response, and the published comments as a table. Contact details
/// never appear; names only as the citizen gave them.
pub(crate) fn summary_notice(
    agency: &str,
    t: &Topic,
    tally: Tally,
    published: &[Comment],
    today: NaiveDate,
) -> Notice {
    let agency = agency.to_string();
    let mut paras = vec![format!(
        "{agency} ได้เปิดโอกาสให้ประชาชนมีส่วนร่วมแสดงความคิดเห็นต่อ{} เรื่อง {} ระหว่าง{} ถึง{}{} ผ่านเว็บไซต์ของหน่วยงาน ได้รับความคิดเห็นทั้งสิ้น {} รายการ เผยแพร่ {} รายการ ไม่เผยแพร่ {} รายการ{}",
        t.kind.label_th(),
        t.title,
        long_date(t.opens_on),
        long_date(t.closes_on),
        t.closed_on
            .filter(|c| *c <= t.closes_on)
            .map(|c| format!(" (ปิดรับฟังเมื่อ{})", long_date(c)))
            .unwrap_or_default(),
        tally.received,
        tally.published,
        tally.rejected,
        if tally.pending > 0 {
            format!(" และอยู่ระหว่างตรวจสอบ {} รายการ", tally.pending)
        } else {
            String::new()
        }
    )];
    match t.response.as_deref().map(paragraphs) {
        Some(ps) if !ps.is_empty() => {
            paras.push("สรุปผลและการนำความคิดเห็นไปใช้".to_string());
            paras.extend(ps);
        }
        _ => paras.push("สรุปผลและการนำความคิดเห็นไปใช้: อยู่ระหว่างการสรุปผล".to_string()),
    }
    if !published.is_empty() {
        paras.push("รายละเอียดความคิดเห็นที่เผยแพร่ ปรากฏตามตารางท้ายนี้".to_string());
    }
    let table = (!published.is_empty()).then(|| NoticeTable {
        header: vec![
            "ลำดับ".into(),
            "ความคิดเห็น".into(),
            "ผู้แสดงความคิดเห็น".into(),
            "วันที่".into(),
        ],
        rows: published
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    (i + 1).to_string(),
                    c.body.clone(),
                    c.name.clone().unwrap_or_else(|| "ไม่ประสงค์ออกนาม".into()),
                    fmt_date(Lang::Th, c.received_on),
                ]
            })
            .collect(),
    });
    Notice {
        agency: agency.clone(),
        kind: "รายงาน".into(),
        title: format!("สรุปผลการรับฟังความคิดเห็นของประชาชน เรื่อง {}", t.title),
        date: Some(today),
        paragraphs: paras,
        table,
        signer: Some(Signer {
            name: "…………………………………………".into(),
            position: format!("ปลัด{agency}"),
        }),
        landscape: false,
    }
}

/// The summary PDF of a topic as a download.
pub(crate) async fn summary_pdf_response(
    st: &AppState,
    scope: &AgencyScope,
    a: &Agency,
    t: &Topic,
) -> Result<axum::response::Response, AppError> {
    let tally = st.store.topic_tally(scope, t.id).await?;
    let published = st
        .store
        .comments(
            scope,
            t.id,
            Some(prongsai_domain::participation::CommentState::Published),
        )
        .await?;
    let notice = summary_notice(&a.name_th, t, tally, &published, crate::view::today());
    let pdf = tokio::task::spawn_blocking(move || notice.pdf(false))
        .await
        .map_err(|e| AppError::Internal(format!("join: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(crate::view::file_response(
        pdf,
        "application/pdf",
        crate::view::Disposition::Inline,
        &format!("participation-{}.pdf", t.id),
        "no-store",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_domain::participation::TopicKind;

    #[test]
    fn the_summary_report_names_counts_and_never_contacts() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let now = chrono::Utc::now();
        let t = Topic {
            id: 7,
            agency_id: 1,
            title: "ถนน คสล.".into(),
            kind: TopicKind::Project,
            description: String::new(),
            opens_on: d(2024, 11, 1),
            closes_on: d(2024, 11, 30),
            fiscal_year: FiscalYear::new(2568).unwrap(),
            document_id: None,
            opened: true,
            closed_on: Some(d(2024, 11, 20)),
            response: Some("เพิ่มรางระบายน้ำ\n\nก่อสร้างหลังฤดูฝน".into()),
            response_at: None,
            created_at: now,
            updated_at: now,
        };
        let c = Comment {
            id: 1,
            topic_id: 7,
            body: "ขอรางระบายน้ำ".into(),
            name: None,
            phone: Some("0812345678".into()),
            email: Some("a@example.com".into()),
            consent_text: None,
            state: prongsai_domain::participation::CommentState::Published,
            reason: None,
            received_on: d(2024, 11, 5),
            created_at: now,
            moderated_at: None,
            moderated_by: None,
        };
        let tally = Tally {
            received: 3,
            pending: 1,
            published: 1,
            rejected: 1,
        };
        let n = summary_notice(
            "องค์การบริหารส่วนตำบลกระโทก",
            &t,
            tally,
            std::slice::from_ref(&c),
            d(2024, 12, 1),
        );
        let text = n.template_data(false).to_string();
        let all = n.paragraphs.join("\n");
        assert!(all.contains("1 พฤศจิกายน พ.ศ. 2567"), "{all}");
        assert!(all.contains("ปิดรับฟังเมื่อวันที่ 20 พฤศจิกายน พ.ศ. 2567"));
        assert!(all.contains("ได้รับความคิดเห็นทั้งสิ้น 3 รายการ เผยแพร่ 1 รายการ ไม่เผยแพร่ 1 รายการ และอยู่ระหว่างตรวจสอบ 1 รายการ"));
        assert!(n.paragraphs.contains(&"ก่อสร้างหลังฤดูฝน".to_string()));
        let rows = &n.table.as_ref().unwrap().rows;
        assert_eq!(rows[0][2], "ไม่ประสงค์ออกนาม");
        assert!(!text.contains("0812345678") && !text.contains("a@example.com"));
    }
}

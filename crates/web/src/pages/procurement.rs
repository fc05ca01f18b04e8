//! Procurement documents at public addresses (issue 7, first pages): the monthly summary in
//! the สขร.๑ layout, `/{agency}/procurement/{year}/month-{m}.{pdf|xlsx|csv}`, for every month
//! of the fiscal year that has begun. A month without procurement gets its statement
//! "ไม่มีการจัดซื้อจัดจ้าง", so no month is ever missing.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::procurement::{NO_PROCUREMENT_TH, SUMMARY_HEADINGS_TH};

use crate::app::AppState;
use crate::error::AppError;
use crate::pages::measures::DigitsQuery;
use crate::view::{file_response, today, Disposition};

/// The address of a month's summary: `/{slug}/procurement/2570/month-10.pdf`.
pub fn summary_href(slug: &str, year: FiscalYear, month: u32, ext: &str) -> String {
    format!("/{slug}/procurement/{}/month-{month}.{ext}", year.be())
}

/// `month-10.pdf` → (10, "pdf").
fn parse_file(file: &str) -> Option<(u32, &'static str)> {
    let (stem, ext) = file.rsplit_once('.')?;
    let ext = ["pdf", "xlsx", "csv"].into_iter().find(|e| *e == ext)?;
    let m: u32 = stem.strip_prefix("month-")?.parse().ok()?;
    (1..=12).contains(&m).then_some((m, ext))
}

/// `GET /{agency}/procurement/{year}/month-{m}.{pdf|xlsx|csv}` (`?digits=arabic` for Arabic
/// digits; Thai by default, as official documents are).
pub async fn summary_file(
    State(st): State<AppState>,
    Path((slug, year, file)): Path<(String, String, String)>,
    Query(q): Query<DigitsQuery>,
) -> Result<Response, AppError> {
    use prongsai_docs::reports::notice::{Notice, NoticeTable};
    let (scope, a) = st
        .store
        .agency_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let fy: FiscalYear = year.parse().map_err(|_| AppError::NotFound)?;
    let (m, ext) = parse_file(&file).ok_or(AppError::NotFound)?;
    let month = fy
        .months()
        .into_iter()
        .find(|ym| ym.month() == m)
        .ok_or(AppError::NotFound)?;
    let now = today();
    // a month that has not begun has no summary yet
    if month.first_day() > now {
        return Err(AppError::NotFound);
    }
    let digits = if q.digits.as_deref() == Some("arabic") || ext != "pdf" {
        Digits::Arabic
    } else {
        Digits::Thai
    };
    let s = st.store.monthly_summary(&scope, fy, month, digits).await?;
    let title = s.title_th(digits);
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| r.columns().iter().map(|c| c.to_string()).collect())
        .collect();
    let stem = format!("sor-kor-ror-1-{}-{m:02}", fy.be());
    let (bytes, mime) = match ext {
        "pdf" => {
            let mut paragraphs = Vec::new();
            if let Some(statement) = s.statement(prongsai_domain::Lang::Th) {
                paragraphs.push(format!("{statement}ในรอบเดือนนี้"));
            }
            let notice = Notice {
                agency: a.name_th.clone(),
                kind: String::new(),
                title,
                date: None,
                paragraphs,
                table: (!s.is_empty()).then(|| NoticeTable {
                    header: SUMMARY_HEADINGS_TH.iter().map(|h| h.to_string()).collect(),
                    rows,
                }),
                signer: None,
                landscape: true,
            };
            let thai = digits == Digits::Thai;
            let pdf = tokio::task::spawn_blocking(move || notice.pdf(thai))
                .await
                .map_err(|e| AppError::Internal(format!("join: {e}")))?
                .map_err(|e| AppError::Internal(e.to_string()))?;
            (pdf, "application/pdf")
        }
        "xlsx" => {
            let rows = if s.is_empty() {
                vec![vec![prongsai_docs::xlsx::Cell::Text(
                    NO_PROCUREMENT_TH.into(),
                )]]
            } else {
                rows.into_iter()
                    .map(|r| r.into_iter().map(prongsai_docs::xlsx::Cell::Text).collect())
                    .collect()
            };
            let bytes = prongsai_docs::xlsx::workbook(&[prongsai_docs::xlsx::Sheet {
                name: "สขร.๑".into(),
                title: vec![title, a.name_th.clone()],
                header: SUMMARY_HEADINGS_TH.iter().map(|h| h.to_string()).collect(),
                rows,
            }])
            .map_err(|e| AppError::Internal(e.to_string()))?;
            (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        }
        _ => {
            let rows = if s.is_empty() {
                // the statement under "งานที่จัดซื้อจัดจ้าง", the others empty (a CSV keeps its width)
                let mut row = vec![String::new(); SUMMARY_HEADINGS_TH.len()];
                row[1] = NO_PROCUREMENT_TH.to_string();
                vec![row]
            } else {
                rows
            };
            let csv = prongsai_docs::csv::to_csv(&SUMMARY_HEADINGS_TH, rows)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            (csv.into_bytes(), "text/csv; charset=utf-8")
        }
    };
    Ok(file_response(
        bytes,
        mime,
        Disposition::Inline,
        &format!("{stem}.{ext}"),
        "public, max-age=300",
    ))
}

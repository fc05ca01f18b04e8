//! A signed announcement at its public addresses:
//!
//! * `/{agency}/announcements/{year}/{kind}`: the page — the text as signed, the signing day,
//!   the PDF and DOCX;
//! * `/{agency}/announcements/{year}/{kind}.pdf` and `.docx`: the official document, in Thai
//!   digits unless `?digits=arabic`.
//!
//! Only the newest acknowledged version is public, rendered from its frozen content; before
//! the executive signs, every address is the 404 page. A signed version never changes, so a
//! rendered file is kept in the page cache under the version's id.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use prongsai_docs::reports::announcement::{file_stem, AnnouncementDoc};
use prongsai_docs::reports::procurement::DOCX_MIME;
use prongsai_domain::announcement::{Announcement, AnnouncementKind, Section};
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_store::announcement::sign_key;
use serde::Deserialize;

use super::{file_href, kind_of, year_of};
use crate::app::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::blocking;
use crate::view::{file_response, fmt_date, render, Disposition, Page};

/// How long caches may keep a signed announcement (it changes only by a new version).
const CACHE: &str = "public, max-age=300";

/// What the address names.
enum Wanted {
    Page,
    Pdf,
    Docx,
}

fn parse_file(file: &str) -> Result<(AnnouncementKind, Wanted), AppError> {
    if let Some(k) = AnnouncementKind::parse(file) {
        return Ok((k, Wanted::Page));
    }
    if let Some(k) = file.strip_suffix(".pdf") {
        return Ok((kind_of(k)?, Wanted::Pdf));
    }
    if let Some(k) = file.strip_suffix(".docx") {
        return Ok((kind_of(k)?, Wanted::Docx));
    }
    Err(AppError::NotFound)
}

/// `?digits=arabic` for Arabic digits in the PDF or DOCX.
#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    digits: Option<String>,
}

#[derive(Template)]
#[template(path = "announcements/public.html")]
struct ShowPage {
    page: Page,
    kind_name: &'static str,
    a: Announcement,
    numbered: Vec<(usize, Section)>,
    date_line: String,
    position_lines: Vec<String>,
    version: i32,
    signed_on: String,
    pdf: String,
    docx: String,
    ita: String,
    be: i32,
}

/// `GET /{agency}/announcements/{year}/{file}`: the signed announcement's page, `.pdf` or
/// `.docx`.
pub async fn show(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((slug, year, file)): Path<(String, String, String)>,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let (scope, agency) = st
        .store
        .agency_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let fy: FiscalYear = year_of(&year)?;
    let (kind, wanted) = parse_file(&file)?;
    let signed = st
        .store
        .acknowledged_signed(&scope, sign_key(kind, fy))
        .await?
        .ok_or(AppError::NotFound)?;
    let content: Announcement = signed.content()?.ok_or(AppError::NotFound)?;
    let digits = if q.digits.as_deref() == Some("arabic") {
        Digits::Arabic
    } else {
        Digits::Thai
    };
    let stem = format!("{}-v{}", file_stem(kind.code(), fy.be()), signed.version);
    let (ext, mime, how) = match wanted {
        Wanted::Page => {
            let lang = ctx.lang;
            let title = format!("{} {}", kind.name(lang), fy.be());
            return render(&ShowPage {
                page: Page::agency_public(&ctx, &agency, &title),
                kind_name: kind.name(lang),
                numbered: content
                    .sections
                    .iter()
                    .cloned()
                    .enumerate()
                    .map(|(i, s)| (i + 1, s))
                    .collect(),
                date_line: content.date_line(Digits::Arabic),
                position_lines: content.signer_position.lines().map(str::to_owned).collect(),
                version: signed.version,
                signed_on: signed
                    .acknowledged_on()
                    .map(|d| fmt_date(lang, d))
                    .unwrap_or_default(),
                pdf: file_href(&slug, fy, kind, "pdf"),
                docx: file_href(&slug, fy, kind, "docx"),
                ita: format!("/{slug}/ita/{}", fy.be()),
                be: fy.be(),
                a: content,
            });
        }
        Wanted::Pdf => ("pdf", "application/pdf", Disposition::Inline),
        Wanted::Docx => ("docx", DOCX_MIME, Disposition::Attachment),
    };
    let key = format!("announcement-file:{}:{ext}:{digits:?}", signed.id);
    // the version is frozen: its id is all the validation a kept file needs
    let version = signed.id.to_string();
    if let Some(kept) = st.pages.get(&key, &version) {
        return Ok(file_response(
            kept.body.to_vec(),
            mime,
            how,
            &format!("{stem}.{ext}"),
            CACHE,
        ));
    }
    let doc = AnnouncementDoc::new(&content);
    let thai = digits == Digits::Thai;
    let bytes = match wanted {
        Wanted::Docx => blocking(move || doc.docx(thai)).await?,
        _ => blocking(move || doc.pdf(thai)).await?,
    };
    st.pages.put(key, version, bytes.clone().into());
    Ok(file_response(
        bytes,
        mime,
        how,
        &format!("{stem}.{ext}"),
        CACHE,
    ))
}

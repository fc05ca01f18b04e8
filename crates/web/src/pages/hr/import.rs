//! Training records of a year from a CSV or XLSX file (`/staff/hr/{year}/import`): the file is
//! read and checked row by row (`docs::import::hr`); any problem lists every refused row and
//! column (422) and nothing is stored; otherwise every row is added in one transaction.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use prongsai_docs::import::hr::{parse_trainings, HEADER_EN, HEADER_TH, MAX_FILE_BYTES};
use prongsai_docs::import::Format;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::Lang;
use prongsai_store::StoreError;

use super::{page, parse_year, writer, year_href};
use crate::app::AppState;
use crate::ctx::{constant_time_eq, Staff};
use crate::error::AppError;
use crate::view::{render, render_form, Page};

/// The most refused rows listed.
const MAX_LISTED: usize = 50;

/// Routes that take files (the document body limit); full paths.
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/staff/hr/{year}/import", get(form).post(upload))
}

#[derive(Template)]
#[template(path = "hr/import.html")]
struct ImportPage {
    page: Page,
    year: i32,
    columns: String,
    max_mb: usize,
    errors: Vec<String>,
}

fn view(staff: &Staff, year: FiscalYear, errors: Vec<String>) -> Result<Response, AppError> {
    let columns = match staff.ctx.lang {
        Lang::Th => HEADER_TH.join(", "),
        Lang::En => HEADER_EN.join(", "),
    };
    let refused = !errors.is_empty();
    let p = ImportPage {
        page: page(staff, "hr.import_title", year),
        year: year.be(),
        columns,
        max_mb: MAX_FILE_BYTES / 1024 / 1024,
        errors,
    };
    if refused {
        render_form(&p, true)
    } else {
        render(&p)
    }
}

/// `GET /staff/hr/{year}/import`
async fn form(staff: Staff, Path(year): Path<String>) -> Result<Response, AppError> {
    writer(&staff)?;
    view(&staff, parse_year(&year)?, vec![])
}

/// `POST /staff/hr/{year}/import`: all rows, or none with every problem listed.
async fn upload(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let lang = staff.ctx.lang;
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if !constant_time_eq(csrf.as_bytes(), staff.ctx.csrf.as_bytes()) {
        return Err(AppError::Csrf);
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return view(
            &staff,
            year,
            vec![staff.ctx.t("hr.import_no_file").to_owned()],
        );
    };
    // a zip is an XLSX whatever its name says; anything else is read as text
    let format = if bytes.starts_with(b"PK") {
        Format::Xlsx
    } else {
        Format::from_file_name(&name).unwrap_or(Format::Csv)
    };
    let units: Vec<(i64, String)> = st
        .store
        .list_units(&scope)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name_th))
        .collect();
    let parsed = crate::pages::blocking(move || {
        Ok::<_, std::convert::Infallible>(parse_trainings(&bytes, format, year, &units))
    })
    .await?;
    let rows = match parsed {
        Ok(rows) if rows.is_empty() => {
            return view(
                &staff,
                year,
                vec![staff.ctx.t("hr.import_empty").to_owned()],
            )
        }
        Ok(rows) => rows,
        Err(errors) => {
            let mut list: Vec<String> = errors
                .iter()
                .take(MAX_LISTED)
                .map(|e| match lang {
                    Lang::Th => e.to_string_th(),
                    Lang::En => e.to_string(),
                })
                .collect();
            if errors.len() > MAX_LISTED {
                list.push(format!("… ({})", errors.len()));
            }
            return view(&staff, year, list);
        }
    };
    let trainings: Vec<_> = rows.into_iter().map(|r| r.training).collect();
    match st
        .store
        .import_hr_trainings(&scope, &staff.actor(), &trainings)
        .await
    {
        Ok(n) => {
            Ok(Redirect::to(&format!("{}?imported={n}#training", year_href(year))).into_response())
        }
        Err(StoreError::Input(e)) => view(&staff, year, vec![e.message(lang).to_owned()]),
        Err(e) => Err(e.into()),
    }
}

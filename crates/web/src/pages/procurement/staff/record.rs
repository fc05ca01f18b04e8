//! A procurement record's form: every field of [`Record`], the bidders as repeated rows (a
//! "more rows" button shows the form again with more empty rows, input kept), the winner typed
//! or chosen among the bidders' names, amounts as people type them (`1,234.50`, Thai digits),
//! dates typed as BE `d/m/yyyy` or picked with the browser's calendar, the announcements chosen
//! among the agency's documents. An award above the budget shows the form again with the
//! warning and a box to confirm it; nothing is saved until it is confirmed for those very
//! amounts. Deleting asks for a confirmation first.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::procurement::{
    Bidder, Method, Money, Record, Warning, MAX_BIDDERS, MAX_CONTRACT_NO_CHARS, MAX_NAME_CHARS,
    MAX_PROJECT_CHARS, MAX_TEXT_CHARS,
};
use prongsai_domain::{InputError, Lang};
use prongsai_store::procurement::StoredRecord;
use prongsai_store::{AgencyScope, StoreError};

use super::{
    baht, method_choices, page, parse_id, parse_year, read_day, register_href, writer, Choice,
};
use crate::app::AppState;
use crate::ctx::{CsrfForm, Staff};
use crate::error::AppError;
use crate::pages::participation::errors_of;
use crate::view::{fmt_date, render, render_form, Errors, Page};

/// Empty bidder rows of a new form.
const BLANK_ROWS: usize = 5;
/// Empty rows the "more rows" button adds.
const MORE_ROWS: usize = 5;
/// The most rows a form is shown with (a few more than a record may hold, so the refusal of
/// too many bidders can be read next to them).
const MAX_ROWS: usize = MAX_BIDDERS + 20;
/// The form's text fields are cut here before anything else (the limits are far lower).
const MAX_FIELD_CHARS: usize = 20_000;

/// One bidder row as typed.
#[derive(Debug, Default, Clone)]
pub struct BidderRow {
    pub name: String,
    pub offer: String,
}

impl BidderRow {
    fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.offer.trim().is_empty()
    }
}

/// The form as typed (shown again as it was when something is refused).
#[derive(Debug, Default, Clone)]
pub struct RecordInput {
    pub project: String,
    pub budget: String,
    pub reference_price: String,
    pub method: String,
    /// The non-blank bidder rows, in order.
    pub bidders: Vec<BidderRow>,
    pub winner: String,
    pub award_price: String,
    pub reason: String,
    pub contract_no: String,
    pub contract_date: String,
    pub egp_no: String,
    pub delivery_date: String,
    pub payment_date: String,
    pub invitation_doc_id: String,
    pub award_doc_id: String,
    /// The confirmation of an award above the budget: the amounts it was given for.
    pub accept: String,
    /// The days picked with the browser's calendar (contract, delivery, payment).
    picks: [String; 3],
}

fn get(map: &HashMap<String, String>, key: &str) -> String {
    map.get(key)
        .map(|v| v.chars().take(MAX_FIELD_CHARS).collect())
        .unwrap_or_default()
}

/// The value of the confirmation box for an award and a budget: it confirms those amounts
/// only, so changing either asks again.
fn confirm_value(award: Money, budget: Money) -> String {
    format!("{}:{}", award.satang(), budget.satang())
}

impl RecordInput {
    /// The form of a posted body; also how many bidder rows it showed.
    fn from_form(map: &HashMap<String, String>) -> (Self, usize) {
        let mut rows: Vec<usize> = map
            .keys()
            .filter_map(|k| {
                k.strip_prefix("bidder_name_")
                    .or_else(|| k.strip_prefix("bidder_offer_"))
            })
            .filter_map(|n| n.parse().ok())
            .filter(|n| *n < 10_000)
            .collect::<HashSet<usize>>()
            .into_iter()
            .collect();
        rows.sort_unstable();
        let shown = rows.len();
        let bidders = rows
            .into_iter()
            .map(|i| BidderRow {
                name: get(map, &format!("bidder_name_{i}")),
                offer: get(map, &format!("bidder_offer_{i}")),
            })
            .filter(|b| !b.is_blank())
            .take(MAX_ROWS)
            .collect();
        let f = RecordInput {
            project: get(map, "project"),
            budget: get(map, "budget"),
            reference_price: get(map, "reference_price"),
            method: get(map, "method"),
            bidders,
            winner: get(map, "winner"),
            award_price: get(map, "award_price"),
            reason: get(map, "reason"),
            contract_no: get(map, "contract_no"),
            contract_date: get(map, "contract_date"),
            egp_no: get(map, "egp_no"),
            delivery_date: get(map, "delivery_date"),
            payment_date: get(map, "payment_date"),
            invitation_doc_id: get(map, "invitation_doc_id"),
            award_doc_id: get(map, "award_doc_id"),
            accept: get(map, "accept_over_budget"),
            picks: [
                get(map, "contract_date_pick"),
                get(map, "delivery_date_pick"),
                get(map, "payment_date_pick"),
            ],
        };
        (f, shown)
    }

    /// The form of a stored record.
    fn of(r: &Record, lang: Lang) -> Self {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| fmt_date(lang, d)).unwrap_or_default();
        RecordInput {
            project: r.project.clone(),
            budget: baht(r.budget),
            reference_price: r.reference_price.map(baht).unwrap_or_default(),
            method: r.method.code().to_string(),
            bidders: r
                .bidders
                .iter()
                .map(|b| BidderRow {
                    name: b.name.clone(),
                    offer: baht(b.offer),
                })
                .collect(),
            winner: r.winner.clone().unwrap_or_default(),
            award_price: r.award_price.map(baht).unwrap_or_default(),
            reason: r.reason.clone(),
            contract_no: r.contract_no.clone().unwrap_or_default(),
            contract_date: day(r.contract_date),
            egp_no: r.egp_no.clone().unwrap_or_default(),
            delivery_date: day(r.delivery_date),
            payment_date: day(r.payment_date),
            invitation_doc_id: r
                .invitation_doc_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            award_doc_id: r.award_doc_id.map(|i| i.to_string()).unwrap_or_default(),
            accept: match r.award_price {
                Some(a) if r.accept_over_budget => confirm_value(a, r.budget),
                _ => String::new(),
            },
            picks: Default::default(),
        }
    }

    /// The record typed, every problem with it (what could not be read, then what
    /// [`Record::check`] refuses), and the warnings it carries (confirmed or not: the record
    /// says, [`Warning::accepted_by`]). The dates are rewritten in their BE form when they could
    /// be read, and the picked ones become typed ones.
    fn parse(&mut self, year: FiscalYear, lang: Lang) -> (Record, Vec<InputError>, Vec<Warning>) {
        let mut errors: Vec<InputError> = Vec::new();
        let budget = Money::parse("budget", &self.budget).unwrap_or_else(|e| {
            errors.push(e);
            Money::ZERO
        });
        let reference = Money::parse_optional("reference_price", &self.reference_price)
            .unwrap_or_else(|e| {
                errors.push(e);
                None
            });
        let award = Money::parse_optional("award_price", &self.award_price).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let method = Method::parse(self.method.trim()).unwrap_or_else(|| {
            errors.push(InputError::new(
                "method",
                "กรุณาเลือกวิธีซื้อหรือจ้าง",
                "Choose the method",
            ));
            Method::Specific
        });
        let mut bidders = Vec::with_capacity(self.bidders.len());
        for (i, b) in self.bidders.iter().enumerate() {
            let n = i + 1;
            let offer = match Money::parse("bidders", &b.offer) {
                Ok(m) => m,
                Err(e) => {
                    errors.push(InputError::new(
                        "bidders",
                        format!(
                            "ผู้เสนอราคารายที่ {}: ราคาที่เสนอ: {}",
                            prongsai_domain::calendar::to_thai_digits(&n.to_string()),
                            e.th
                        ),
                        format!("Bidder {n}: the offer: {}", e.en),
                    ));
                    // stands in for the unreadable offer, so the checks below do not
                    // complain about it a second time
                    Money::from_satang(1).unwrap_or(Money::ZERO)
                }
            };
            bidders.push(Bidder {
                name: b.name.clone(),
                offer,
            });
        }
        let mut day = |i: usize, field: &'static str, text: &mut String| {
            let (shown, r) = read_day(lang, field, text, &self.picks[i]);
            *text = shown;
            r.unwrap_or_else(|e| {
                errors.push(e);
                None
            })
        };
        let contract_date = day(0, "contract_date", &mut self.contract_date);
        let delivery_date = day(1, "delivery_date", &mut self.delivery_date);
        let payment_date = day(2, "payment_date", &mut self.payment_date);
        self.picks = Default::default();
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let accept = award.is_some_and(|a| self.accept == confirm_value(a, budget));
        let record = Record {
            fiscal_year: year,
            project: self.project.clone(),
            budget,
            reference_price: reference,
            method,
            bidders,
            winner: opt(&self.winner),
            award_price: award,
            reason: self.reason.clone(),
            contract_no: opt(&self.contract_no),
            contract_date,
            egp_no: opt(&self.egp_no),
            delivery_date,
            payment_date,
            invitation_doc_id: crate::pages::opt_id(&self.invitation_doc_id),
            award_doc_id: crate::pages::opt_id(&self.award_doc_id),
            accept_over_budget: accept,
        };
        let mut warnings = Vec::new();
        match record.check() {
            Err(found) => {
                // a field that could not be read has its message already
                let unread: HashSet<&str> = errors.iter().map(|e| e.field).collect();
                errors.extend(
                    found
                        .into_iter()
                        .filter(|e| e.field == "bidders" || !unread.contains(e.field)),
                );
            }
            Ok((_, w)) => warnings = w,
        }
        let mut record = record;
        // a confirmation means something only while there is something to confirm
        record.accept_over_budget = accept && !warnings.is_empty();
        (record, errors, warnings)
    }
}

// ----- the page ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "procurement/staff_record.html")]
struct RecordPage {
    page: Page,
    year: i32,
    id: Option<i64>,
    action: String,
    f: RecordInput,
    /// The bidder rows shown: the typed ones, then empty ones.
    rows: Vec<BidderRow>,
    /// The bidders' names, offered for the winner.
    names: Vec<String>,
    methods: Vec<Choice>,
    invitation_docs: Vec<Choice>,
    award_docs: Vec<Choice>,
    errors: Errors,
    /// Warnings to confirm (in the page's language).
    warnings: Vec<String>,
    confirm_value: String,
    confirm_checked: bool,
    /// The fiscal year's first and last day, and the last day a delivery or payment may have
    /// (ISO, for the calendar pickers).
    min_day: String,
    max_day: String,
    max_follow_up: String,
    year_span: String,
    max_project: usize,
    max_name: usize,
    max_text: usize,
    max_contract_no: usize,
}

impl RecordPage {
    /// The bidder refusals (several may be shown at once).
    fn bidder_errors(&self) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|e| e.field == "bidders")
            .map(|e| e.message.as_str())
            .collect()
    }
}

/// The agency's documents as choices for an announcement, the chosen one included even when it
/// is older than the library's list.
async fn document_choices(
    st: &AppState,
    scope: &AgencyScope,
    chosen: &[Option<i64>],
) -> Result<Vec<(i64, String)>, AppError> {
    let mut docs: Vec<(i64, String)> = st
        .store
        .documents(scope, None, None)
        .await?
        .into_iter()
        .map(|d| (d.id, d.title))
        .collect();
    for id in chosen.iter().flatten() {
        if !docs.iter().any(|(d, _)| d == id) {
            if let Ok(d) = st.store.document(scope, *id).await {
                docs.push((d.id, d.title));
            }
        }
    }
    Ok(docs)
}

#[allow(clippy::too_many_arguments)]
async fn form_view(
    st: &AppState,
    staff: &Staff,
    year: FiscalYear,
    id: Option<i64>,
    f: RecordInput,
    blank_rows: usize,
    errors: Vec<InputError>,
    warnings: Vec<Warning>,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let scope = staff.scope()?;
    let chosen = [
        crate::pages::opt_id(&f.invitation_doc_id),
        crate::pages::opt_id(&f.award_doc_id),
    ];
    let docs = document_choices(st, &scope, &chosen).await?;
    let doc_choices = |selected: Option<i64>| {
        docs.iter()
            .map(|(id, title)| Choice {
                value: id.to_string(),
                label: title.clone(),
                selected: Some(*id) == selected,
            })
            .collect::<Vec<_>>()
    };
    let mut rows = f.bidders.clone();
    rows.extend(std::iter::repeat_n(BidderRow::default(), blank_rows));
    rows.truncate(MAX_ROWS.max(f.bidders.len()));
    let names = f
        .bidders
        .iter()
        .map(|b| b.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let (confirm, checked) = match (
        Money::parse_optional("a", &f.award_price),
        Money::parse("b", &f.budget),
    ) {
        (Ok(Some(a)), Ok(b)) => {
            let v = confirm_value(a, b);
            let checked = f.accept == v;
            (v, checked)
        }
        _ => (String::new(), false),
    };
    // refused: something to correct, or an award above the budget not confirmed yet
    let refused = !errors.is_empty() || (!warnings.is_empty() && !checked);
    let follow_up = year.next().map_or(year.end(), FiscalYear::end);
    let title = if id.is_some() {
        "pstaff.edit_title"
    } else {
        "pstaff.new_title"
    };
    let action = match id {
        Some(i) => format!("/staff/procurement/{}/{i}/edit", year.be()),
        None => format!("/staff/procurement/{}/new", year.be()),
    };
    render_form(
        &RecordPage {
            page: page(staff, title, year),
            year: year.be(),
            id,
            action,
            rows,
            names,
            methods: method_choices(lang, f.method.trim()),
            invitation_docs: doc_choices(chosen[0]),
            award_docs: doc_choices(chosen[1]),
            errors: errors_of(lang, &errors),
            warnings: warnings.iter().map(|w| w.message(lang)).collect(),
            confirm_value: confirm,
            confirm_checked: checked,
            min_day: year.start().to_string(),
            max_day: year.end().to_string(),
            max_follow_up: follow_up.to_string(),
            year_span: format!(
                "{} – {}",
                fmt_date(lang, year.start()),
                fmt_date(lang, year.end())
            ),
            max_project: MAX_PROJECT_CHARS,
            max_name: MAX_NAME_CHARS,
            max_text: MAX_TEXT_CHARS,
            max_contract_no: MAX_CONTRACT_NO_CHARS,
            f,
        },
        refused,
    )
}

/// Empty rows to show under `typed` bidders.
fn blanks(typed: usize) -> usize {
    BLANK_ROWS.saturating_sub(typed).max(2)
}

/// The agency's record `id` of `year`; another agency's or a missing one is not found.
async fn find(st: &AppState, scope: &AgencyScope, id: &str) -> Result<StoredRecord, AppError> {
    Ok(st.store.procurement(scope, parse_id(id)?).await?)
}

/// `GET /staff/procurement/{year}/new`
pub async fn new_form(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = parse_year(&year)?;
    let f = RecordInput {
        method: Method::Specific.code().to_string(),
        ..Default::default()
    };
    form_view(&st, &staff, year, None, f, BLANK_ROWS, vec![], vec![]).await
}

/// `GET /staff/procurement/{year}/{id}/edit`
pub async fn edit_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let s = find(&st, &scope, &id).await?;
    if s.record.fiscal_year != year {
        return Ok(Redirect::to(&format!(
            "/staff/procurement/{}/{}/edit",
            s.record.fiscal_year.be(),
            s.id
        ))
        .into_response());
    }
    let f = RecordInput::of(&s.record, staff.ctx.lang);
    // the confirmation stays in view while the award is above the budget
    let (_, _, warnings) = f.clone().parse(year, staff.ctx.lang);
    let n = f.bidders.len();
    form_view(
        &st,
        &staff,
        year,
        Some(s.id),
        f,
        blanks(n),
        vec![],
        warnings,
    )
    .await
}

async fn save(
    st: AppState,
    staff: Staff,
    year: FiscalYear,
    id: Option<i64>,
    map: HashMap<String, String>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let lang = staff.ctx.lang;
    let (mut f, shown) = RecordInput::from_form(&map);
    let typed = f.bidders.len();
    let (record, errors, warnings) = f.parse(year, lang);
    if map.get("action").map(String::as_str) == Some("more") {
        // more rows, nothing refused: what was typed stays, dates in their BE form
        let blank = shown.saturating_sub(typed) + MORE_ROWS;
        return form_view(&st, &staff, year, id, f, blank, vec![], warnings).await;
    }
    let unconfirmed = warnings.iter().any(|w| !w.accepted_by(&record));
    if !errors.is_empty() || unconfirmed {
        return form_view(&st, &staff, year, id, f, blanks(typed), errors, warnings).await;
    }
    let saved = match id {
        Some(id) => {
            st.store
                .update_procurement(&scope, &staff.actor(), id, &record)
                .await
        }
        None => {
            st.store
                .create_procurement(&scope, &staff.actor(), &record)
                .await
        }
    };
    match saved {
        Ok(s) => {
            super::published(&st, &staff).await;
            Ok(Redirect::to(&format!(
                "{}?saved=1#r-{}",
                register_href(s.record.fiscal_year),
                s.id
            ))
            .into_response())
        }
        Err(StoreError::Input(e)) => {
            // a confirmation already given stays given
            form_view(&st, &staff, year, id, f, blanks(typed), vec![e], warnings).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/procurement/{year}/new`
pub async fn create(
    State(st): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    writer(&staff)?;
    let year = parse_year(&year)?;
    save(st, staff, year, None, map).await
}

/// `POST /staff/procurement/{year}/{id}/edit`
pub async fn update(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let s = find(&st, &scope, &id).await?;
    if s.record.fiscal_year != year {
        return Err(AppError::NotFound);
    }
    save(st, staff, year, Some(s.id), map).await
}

// ----- deleting ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "procurement/staff_delete.html")]
struct DeletePage {
    page: Page,
    year: i32,
    id: i64,
    project: String,
    budget: String,
    method: String,
    winner: String,
    award: String,
    contract: String,
    egp: String,
}

fn delete_view(staff: &Staff, s: &StoredRecord) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let r = &s.record;
    render(&DeletePage {
        page: page(staff, "pstaff.delete_title", r.fiscal_year),
        year: r.fiscal_year.be(),
        id: s.id,
        project: r.project.clone(),
        budget: baht(r.budget),
        method: r.method.label(lang).to_string(),
        winner: r.winner.clone().unwrap_or_default(),
        award: r.award_price.map(baht).unwrap_or_default(),
        contract: [
            r.contract_no.clone().unwrap_or_default(),
            r.contract_date
                .map(|d| fmt_date(lang, d))
                .unwrap_or_default(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · "),
        egp: r.egp_no.clone().unwrap_or_default(),
    })
}

/// `GET /staff/procurement/{year}/{id}/delete`: what is about to be deleted, and the button.
pub async fn delete_form(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let s = find(&st, &scope, &id).await?;
    if s.record.fiscal_year != year {
        return Err(AppError::NotFound);
    }
    delete_view(&staff, &s)
}

/// `POST /staff/procurement/{year}/{id}/delete`: deletes when `confirm=yes`, otherwise asks.
pub async fn delete(
    State(st): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
    CsrfForm(map): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = writer(&staff)?;
    let year = parse_year(&year)?;
    let s = find(&st, &scope, &id).await?;
    if s.record.fiscal_year != year {
        return Err(AppError::NotFound);
    }
    if map.get("confirm").map(String::as_str) != Some("yes") {
        return delete_view(&staff, &s);
    }
    st.store
        .delete_procurement(&scope, &staff.actor(), s.id)
        .await?;
    super::published(&st, &staff).await;
    Ok(Redirect::to(&format!("{}?deleted=1", register_href(year))).into_response())
}

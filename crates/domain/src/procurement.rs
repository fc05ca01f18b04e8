//! Procurement (การจัดซื้อจัดจ้าง): money in satang, the procurement methods, the annual
//! procurement plan (แผนการจัดซื้อจัดจ้าง) with its items, a procurement record (one purchase or
//! hire: budget, reference price, bidders and their offers, the winner, the contract, the e-GP
//! project number), its validation, the row of the monthly summary in the official สขร.๑
//! layout, the monthly summary itself, and the annual analysis of the report
//! (รายงานผลการจัดซื้อจัดจ้างประจำปี).
//!
//! Everything here is pure; the store keeps records and calls in here to decide what is
//! acceptable.
//!
//! * [`Money`] — an amount of baht as integer satang; [`Money::parse`] reads what people type
//!   (`๑๒,๓๔๕.๕๐ บาท`), [`Money::format`] writes `๑๒,๓๔๕.๕๐`.
//! * [`Method`] — เฉพาะเจาะจง, e-market, e-bidding, คัดเลือก, the legacy สอบราคา and ประกวดราคา,
//!   อื่น ๆ; each with a stable code and Thai/English labels.
//! * [`PlanItem`] — a project of the plan, checked against its fiscal year.
//! * [`Record`] — a purchase or hire; [`Record::check`] gives the errors and the
//!   [`Warning`]s (an award above the budget is a warning that must be explicitly accepted).
//! * [`SummaryRow`], [`MonthlySummary`] — the สขร.๑ table of one month, or its
//!   [`NO_PROCUREMENT_TH`] statement.
//! * [`AnnualAnalysis`] — counts and amounts by method and by month, the share of the
//!   specific method, the savings against reference prices.

use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{
    format_date_en, format_date_th, month_name_th, to_ascii_digits, to_thai_digits, DateStyle,
    Digits, FiscalYear, YearMonth,
};
use crate::error::InputError;
use crate::i18n::Lang;

fn th_num(n: impl fmt::Display) -> String {
    to_thai_digits(&n.to_string())
}

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

/// The largest amount accepted anywhere: 100,000,000,000 baht (a hundred billion). Anything
/// above is a typing mistake for a local government.
pub const MAX_BAHT: i64 = 100_000_000_000;
/// [`MAX_BAHT`] in satang.
pub const MAX_SATANG: i64 = MAX_BAHT * 100;

/// An amount of baht, as integer satang (1 baht = 100 satang), 0 ..= [`MAX_SATANG`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Money(i64);

impl Money {
    /// Zero baht.
    pub const ZERO: Money = Money(0);

    /// From satang; `None` when negative or above [`MAX_SATANG`].
    pub fn from_satang(satang: i64) -> Option<Money> {
        (0..=MAX_SATANG).contains(&satang).then_some(Money(satang))
    }

    /// From whole baht; `None` when negative or above [`MAX_BAHT`].
    pub fn from_baht(baht: i64) -> Option<Money> {
        baht.checked_mul(100).and_then(Money::from_satang)
    }

    /// The amount in satang.
    pub const fn satang(self) -> i64 {
        self.0
    }

    /// Reads an amount as people type it: Thai or ASCII digits, thousands commas in groups of
    /// three, at most two decimals, spaces, and an optional `บาท`/`บ.`/`THB`/`฿` around it.
    /// Refused, with a Thai and English message for `field`: empty text, a negative amount,
    /// anything that is not a number, three or more decimals, more than [`MAX_BAHT`].
    pub fn parse(field: &'static str, input: &str) -> Result<Money, InputError> {
        let not_number = || {
            InputError::new(
                field,
                "จำนวนเงินไม่ถูกต้อง ให้กรอกเป็นตัวเลข เช่น ๑๒,๓๔๕.๐๐",
                "Not a valid amount; type a number such as 12,345.00",
            )
        };
        let mut s = to_ascii_digits(input.trim());
        for unit in ["บาท", "บ.", "THB", "thb", "฿"] {
            if let Some(r) = s.strip_suffix(unit) {
                s = r.trim_end().to_owned();
            }
            if let Some(r) = s.strip_prefix(unit) {
                s = r.trim_start().to_owned();
            }
        }
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(InputError::new(
                field,
                "ยังไม่ได้กรอกจำนวนเงิน",
                "The amount is missing",
            ));
        }
        if s.starts_with('-') || s.starts_with('\u{2212}') {
            return Err(InputError::new(
                field,
                "จำนวนเงินติดลบไม่ได้",
                "The amount cannot be negative",
            ));
        }
        let s = s.strip_prefix('+').unwrap_or(&s);
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let int_digits = if int.contains(',') {
            let mut groups = int.split(',');
            let first = groups.next().unwrap_or("");
            if !all_digits(first) || first.len() > 3 {
                return Err(not_number());
            }
            let mut all = first.to_owned();
            for g in groups {
                if g.len() != 3 || !all_digits(g) {
                    return Err(not_number());
                }
                all.push_str(g);
            }
            all
        } else if all_digits(int) {
            int.to_owned()
        } else if int.is_empty() && all_digits(frac) {
            "0".to_owned()
        } else {
            return Err(not_number());
        };
        if s.contains('.') && !all_digits(frac) {
            return Err(not_number());
        }
        if frac.len() > 2 {
            return Err(InputError::new(
                field,
                "จำนวนเงินมีทศนิยมได้ไม่เกิน ๒ ตำแหน่ง (สตางค์)",
                "An amount has at most two decimals (satang)",
            ));
        }
        let int_trim = int_digits.trim_start_matches('0');
        let too_large = || {
            InputError::new(
                field,
                "จำนวนเงินสูงเกินจริง (เกิน ๑๐๐,๐๐๐,๐๐๐,๐๐๐ บาท)",
                "The amount is implausibly large (over 100,000,000,000 baht)",
            )
        };
        if int_trim.len() > 12 {
            return Err(too_large());
        }
        let baht: i64 = if int_trim.is_empty() {
            0
        } else {
            int_trim.parse().map_err(|_| not_number())?
        };
        let satang_part: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| not_number())? * 10,
            _ => frac.parse().map_err(|_| not_number())?,
        };
        let total = baht
            .checked_mul(100)
            .and_then(|b| b.checked_add(satang_part))
            .ok_or_else(too_large)?;
        Money::from_satang(total).ok_or_else(too_large)
    }

    /// An optional amount: empty text (or `-`) is `None`, anything else as [`Money::parse`].
    pub fn parse_optional(field: &'static str, input: &str) -> Result<Option<Money>, InputError> {
        let t = input.trim();
        if t.is_empty() || t == "-" {
            Ok(None)
        } else {
            Money::parse(field, t).map(Some)
        }
    }

    /// `12,345.00` in the given digits (always two decimals, thousands commas).
    pub fn format(self, digits: Digits) -> String {
        let baht = self.0 / 100;
        let satang = self.0 % 100;
        let raw = baht.to_string();
        let mut grouped = String::with_capacity(raw.len() + raw.len() / 3);
        for (i, c) in raw.chars().enumerate() {
            if i > 0 && (raw.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        digits.apply(&format!("{grouped}.{satang:02}"))
    }

    /// The sum, when it is still a valid amount (totals of many amounts are plain `i64`
    /// satang: see [`Money::sum`]).
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).and_then(Money::from_satang)
    }

    /// The total of amounts in satang (a total may exceed [`MAX_SATANG`]; `i64` holds it).
    pub fn sum(items: impl IntoIterator<Item = Money>) -> i64 {
        items
            .into_iter()
            .fold(0i64, |acc, m| acc.saturating_add(m.0))
    }
}

impl TryFrom<i64> for Money {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        Money::from_satang(v).ok_or_else(|| format!("amount out of range: {v} satang"))
    }
}

impl From<Money> for i64 {
    fn from(m: Money) -> i64 {
        m.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(Digits::Arabic))
    }
}

/// A total in satang (which may exceed one amount's limit) as `12,345.00`.
pub fn format_satang(total: i64, digits: Digits) -> String {
    let neg = total < 0;
    let abs = total.unsigned_abs();
    let baht = abs / 100;
    let satang = abs % 100;
    let raw = baht.to_string();
    let mut grouped = String::with_capacity(raw.len() + raw.len() / 3 + 4);
    if neg {
        grouped.push('-');
    }
    for (i, c) in raw.chars().enumerate() {
        if i > 0 && (raw.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    digits.apply(&format!("{grouped}.{satang:02}"))
}

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

/// How a purchase or hire is made (วิธีซื้อหรือจ้าง), after the Public Procurement Act B.E. 2560
/// and the two methods of the older regulations still found in imported records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// วิธีเฉพาะเจาะจง
    Specific,
    /// วิธีตลาดอิเล็กทรอนิกส์ (e-market)
    EMarket,
    /// วิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)
    EBidding,
    /// วิธีคัดเลือก
    Selection,
    /// วิธีสอบราคา (legacy)
    PriceInquiry,
    /// วิธีประกวดราคา (legacy)
    Tender,
    /// อื่น ๆ
    Other,
}

impl Method {
    /// Every method, in the order of forms and reports.
    pub const ALL: [Method; 7] = [
        Method::Specific,
        Method::EMarket,
        Method::EBidding,
        Method::Selection,
        Method::PriceInquiry,
        Method::Tender,
        Method::Other,
    ];

    /// The stable code kept in the database and in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Method::Specific => "specific",
            Method::EMarket => "e_market",
            Method::EBidding => "e_bidding",
            Method::Selection => "selection",
            Method::PriceInquiry => "price_inquiry",
            Method::Tender => "tender",
            Method::Other => "other",
        }
    }

    /// The method of a code.
    pub fn parse(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The method named in free text, as records and imports write it: `วิธีเฉพาะเจาะจง`,
    /// `เฉพาะเจาะจง`, `e-bidding`, `ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)`, `คัดเลือก`, the
    /// code itself…
    pub fn from_text(text: &str) -> Option<Method> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_' && *c != '.')
            .collect();
        if t.is_empty() {
            return None;
        }
        if let Some(m) = Method::ALL
            .into_iter()
            .find(|m| m.code().replace('_', "") == t)
        {
            return Some(m);
        }
        let t = t.strip_prefix("วิธี").unwrap_or(&t);
        if t.contains("ebidding") || t.contains("ประกวดราคาอิเล็กทรอนิกส์")
        {
            Some(Method::EBidding)
        } else if t.contains("emarket") || t.contains("ตลาดอิเล็กทรอนิกส์")
        {
            Some(Method::EMarket)
        } else if t.starts_with("เฉพาะเจาะจง") || t.contains("specific") {
            Some(Method::Specific)
        } else if t.starts_with("คัดเลือก") || t.contains("selection") || t.contains("selective")
        {
            Some(Method::Selection)
        } else if t.starts_with("สอบราคา") || t.contains("priceinquiry") {
            Some(Method::PriceInquiry)
        } else if t.starts_with("ประกวดราคา") || t.contains("tender") {
            Some(Method::Tender)
        } else if t.starts_with("อื่น") || t == "other" {
            Some(Method::Other)
        } else {
            None
        }
    }

    /// The Thai label, as the สขร.๑ writes it.
    pub fn label_th(self) -> &'static str {
        match self {
            Method::Specific => "เฉพาะเจาะจง",
            Method::EMarket => "ตลาดอิเล็กทรอนิกส์ (e-market)",
            Method::EBidding => "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
            Method::Selection => "คัดเลือก",
            Method::PriceInquiry => "สอบราคา",
            Method::Tender => "ประกวดราคา",
            Method::Other => "อื่น ๆ",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Method::Specific => "Specific method",
            Method::EMarket => "e-market",
            Method::EBidding => "e-bidding",
            Method::Selection => "Selection",
            Method::PriceInquiry => "Price inquiry (legacy)",
            Method::Tender => "Tender (legacy)",
            Method::Other => "Other",
        }
    }

    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }

    /// A method of the regulations before the Act of B.E. 2560: kept for imported records,
    /// not offered for new ones.
    pub fn is_legacy(self) -> bool {
        matches!(self, Method::PriceInquiry | Method::Tender)
    }

    /// The OCDS `tender.procurementMethod` (open, selective, limited).
    pub fn ocds_method(self) -> &'static str {
        match self {
            Method::EMarket | Method::EBidding | Method::PriceInquiry | Method::Tender => "open",
            Method::Selection => "selective",
            Method::Specific | Method::Other => "limited",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/// The longest project name, in characters.
pub const MAX_PROJECT_CHARS: usize = 500;
/// The longest bidder name, in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// The longest reason, note or source of funds, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The longest contract number, in characters.
pub const MAX_CONTRACT_NO_CHARS: usize = 100;
/// The most bidders one record may list.
pub const MAX_BIDDERS: usize = 100;

/// One line of text: trimmed, inner runs of white space folded to one space, no control or
/// bidirectional characters, at most `max` characters. May be empty.
pub fn clean_line(field: &'static str, input: &str, max: usize) -> Result<String, InputError> {
    if input.chars().any(|c| {
        (c.is_control() && !c.is_whitespace())
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }) {
        return Err(InputError::new(
            field,
            "ข้อความมีอักขระควบคุมที่ไม่อนุญาต",
            "The text contains control characters",
        ));
    }
    let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = s.chars().count();
    if n > max {
        return Err(InputError::new(
            field,
            format!(
                "ข้อความยาวเกิน {} ตัวอักษร (ยาว {} ตัวอักษร)",
                th_num(max),
                th_num(n)
            ),
            format!("The text is longer than {max} characters ({n})"),
        ));
    }
    Ok(s)
}

fn required_line(
    field: &'static str,
    input: &str,
    max: usize,
    what: (&str, &str),
) -> Result<String, InputError> {
    let s = clean_line(field, input, max)?;
    if s.is_empty() {
        return Err(InputError::new(
            field,
            format!("ยังไม่ได้กรอก{}", what.0),
            format!("The {} is missing", what.1),
        ));
    }
    Ok(s)
}

/// A name compared loosely: white space folded, case ignored.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The e-GP project number (เลขที่โครงการในระบบ e-GP) in canonical form: Thai or ASCII digits,
/// spaces and dashes removed; 8–15 digits (11–12 are usual, older ones are shorter).
pub fn parse_egp_no(input: &str) -> Result<Option<String>, InputError> {
    let s: String = to_ascii_digits(input.trim())
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) || !(8..=15).contains(&s.len()) {
        return Err(InputError::new(
            "egp_no",
            "เลขที่โครงการ e-GP ต้องเป็นตัวเลข ๘–๑๕ หลัก (ปกติ ๑๑–๑๒ หลัก)",
            "The e-GP project number must be 8–15 digits (usually 11–12)",
        ));
    }
    Ok(Some(s))
}

// ---------------------------------------------------------------------------------------------
// The annual plan
// ---------------------------------------------------------------------------------------------

/// A project of the annual procurement plan, as typed (before [`PlanItem::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    /// The project (โครงการ/รายการ).
    pub project: String,
    /// The budget (วงเงินงบประมาณ).
    pub budget: Money,
    /// The source of funds (แหล่งที่มาของงบประมาณ): เงินงบประมาณ, เงินอุดหนุน, เงินสะสม, …
    pub source_of_funds: String,
    pub method: Method,
    /// The month the procurement is expected to start (within the plan's fiscal year).
    pub expected_month: YearMonth,
}

impl PlanItem {
    /// The item cleaned, or every problem with it: a project name, a budget above zero, a
    /// source of funds, the expected month inside the fiscal year.
    pub fn check(&self, year: FiscalYear) -> Result<PlanItem, Vec<InputError>> {
        let mut errors = Vec::new();
        let project = required_line(
            "project",
            &self.project,
            MAX_PROJECT_CHARS,
            ("ชื่อโครงการ", "project name"),
        )
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
        let source = required_line(
            "source_of_funds",
            &self.source_of_funds,
            MAX_NAME_CHARS,
            ("แหล่งที่มาของงบประมาณ", "source of funds"),
        )
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
        if self.budget == Money::ZERO {
            errors.push(InputError::new(
                "budget",
                "วงเงินงบประมาณต้องมากกว่าศูนย์",
                "The budget must be above zero",
            ));
        }
        if !year.contains(self.expected_month.first_day()) {
            errors.push(InputError::new(
                "expected_month",
                format!("เดือนที่คาดว่าจะจัดหาต้องอยู่ใน{}", year.label_th(Digits::Thai)),
                format!("The expected month must be within {}", year.label_en()),
            ));
        }
        if errors.is_empty() {
            Ok(PlanItem {
                project,
                budget: self.budget,
                source_of_funds: source,
                method: self.method,
                expected_month: self.expected_month,
            })
        } else {
            Err(errors)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Procurement records
// ---------------------------------------------------------------------------------------------

/// A bidder (ผู้เสนอราคา) and the price offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bidder {
    pub name: String,
    pub offer: Money,
}

/// One purchase or hire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The fiscal year the record belongs to.
    pub fiscal_year: FiscalYear,
    /// งานที่จัดซื้อจัดจ้าง
    pub project: String,
    /// วงเงินที่จะซื้อหรือจ้าง (the budget)
    pub budget: Money,
    /// ราคากลาง (the median/reference price), when set.
    pub reference_price: Option<Money>,
    pub method: Method,
    /// The bidders and their offers, in the order they are listed.
    pub bidders: Vec<Bidder>,
    /// The selected bidder's name (one of `bidders`), once selected.
    pub winner: Option<String>,
    /// The agreed price with the winner (may be below the offer after negotiation).
    pub award_price: Option<Money>,
    /// เหตุผลที่คัดเลือกโดยสังเขป
    pub reason: String,
    pub contract_no: Option<String>,
    /// The day of the contract or purchase order: the month of the สขร.๑ the record is in.
    pub contract_date: Option<NaiveDate>,
    /// The e-GP project number, canonical digits ([`parse_egp_no`]).
    pub egp_no: Option<String>,
    pub delivery_date: Option<NaiveDate>,
    pub payment_date: Option<NaiveDate>,
    /// The invitation announcement (ประกาศเชิญชวน), a document of the agency.
    pub invitation_doc_id: Option<i64>,
    /// The winner announcement (ประกาศผู้ชนะการเสนอราคา), a document of the agency.
    pub award_doc_id: Option<i64>,
    /// The award above the budget was explicitly accepted by the person recording it.
    pub accept_over_budget: bool,
}

/// Something unusual that is allowed only when explicitly accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// The award price is above the budget.
    AwardAboveBudget { award: Money, budget: Money },
}

impl Warning {
    /// The Thai message.
    pub fn th(&self) -> String {
        match self {
            Warning::AwardAboveBudget { award, budget } => format!(
                "ราคาที่ตกลงซื้อหรือจ้าง {} บาท สูงกว่าวงเงิน {} บาท",
                award.format(Digits::Thai),
                budget.format(Digits::Thai)
            ),
        }
    }
    /// The English message.
    pub fn en(&self) -> String {
        match self {
            Warning::AwardAboveBudget { award, budget } => {
                format!("The award price {award} baht is above the budget {budget} baht")
            }
        }
    }
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Th => self.th(),
            Lang::En => self.en(),
        }
    }
    /// Whether the record explicitly accepts this warning.
    pub fn accepted_by(&self, r: &Record) -> bool {
        match self {
            Warning::AwardAboveBudget { .. } => r.accept_over_budget,
        }
    }
}

/// The last day a delivery or payment may carry: the end of the following fiscal year.
fn latest_follow_up(year: FiscalYear) -> NaiveDate {
    year.next().map_or(year.end(), FiscalYear::end)
}

impl Record {
    /// A record with only the required parts, for building in code and tests.
    pub fn new(fiscal_year: FiscalYear, project: &str, budget: Money, method: Method) -> Record {
        Record {
            fiscal_year,
            project: project.to_owned(),
            budget,
            reference_price: None,
            method,
            bidders: Vec::new(),
            winner: None,
            award_price: None,
            reason: String::new(),
            contract_no: None,
            contract_date: None,
            egp_no: None,
            delivery_date: None,
            payment_date: None,
            invitation_doc_id: None,
            award_doc_id: None,
            accept_over_budget: false,
        }
    }

    /// The record cleaned and the warnings it carries (accepted or not), or every problem:
    ///
    /// * a project name, a budget above zero;
    /// * bidders with names, no name twice, at most [`MAX_BIDDERS`];
    /// * the winner among the bidders, with an award price and a reason; an award price needs
    ///   a winner;
    /// * the contract date inside the fiscal year; delivery and payment not before it (nor
    ///   before the year) and not after the end of the following fiscal year; a contract
    ///   number needs its date;
    /// * the e-GP number's format.
    ///
    /// An award above the budget is a [`Warning`]; [`Record::validate`] refuses it unless
    /// `accept_over_budget`.
    pub fn check(&self) -> Result<(Record, Vec<Warning>), Vec<InputError>> {
        let mut errors = Vec::new();
        let mut keep =
            |r: Result<String, InputError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let project = keep(required_line(
            "project",
            &self.project,
            MAX_PROJECT_CHARS,
            ("งานที่จัดซื้อจัดจ้าง", "procurement (project)"),
        ));
        let reason = keep(clean_line("reason", &self.reason, MAX_TEXT_CHARS));
        let contract_no = keep(clean_line(
            "contract_no",
            self.contract_no.as_deref().unwrap_or(""),
            MAX_CONTRACT_NO_CHARS,
        ));
        let winner = keep(clean_line(
            "winner",
            self.winner.as_deref().unwrap_or(""),
            MAX_NAME_CHARS,
        ));
        let year = self.fiscal_year;
        if self.budget == Money::ZERO {
            errors.push(InputError::new(
                "budget",
                "วงเงินต้องมากกว่าศูนย์",
                "The budget must be above zero",
            ));
        }
        // bidders
        let mut bidders = Vec::with_capacity(self.bidders.len());
        let mut seen = HashSet::new();
        if self.bidders.len() > MAX_BIDDERS {
            errors.push(InputError::new(
                "bidders",
                format!("ผู้เสนอราคาได้ไม่เกิน {} ราย", th_num(MAX_BIDDERS)),
                format!("At most {MAX_BIDDERS} bidders"),
            ));
        }
        for (i, b) in self.bidders.iter().enumerate() {
            let n = i + 1;
            match clean_line("bidders", &b.name, MAX_NAME_CHARS) {
                Ok(name) if name.is_empty() => errors.push(InputError::new(
                    "bidders",
                    format!("ผู้เสนอราคารายที่ {} ยังไม่มีชื่อ", th_num(n)),
                    format!("Bidder {n} has no name"),
                )),
                Ok(name) => {
                    if !seen.insert(name_key(&name)) {
                        errors.push(InputError::new(
                            "bidders",
                            format!("ผู้เสนอราคา \"{name}\" ซ้ำกัน"),
                            format!("Bidder \"{name}\" is listed twice"),
                        ));
                    }
                    if b.offer == Money::ZERO {
                        errors.push(InputError::new(
                            "bidders",
                            format!("ราคาที่ \"{name}\" เสนอต้องมากกว่าศูนย์"),
                            format!("The offer of \"{name}\" must be above zero"),
                        ));
                    }
                    bidders.push(Bidder {
                        name,
                        offer: b.offer,
                    });
                }
                Err(e) => errors.push(InputError::new(
                    "bidders",
                    format!("ผู้เสนอราคารายที่ {}: {}", th_num(n), e.th),
                    format!("Bidder {n}: {}", e.en),
                )),
            }
        }
        // winner and award
        // the winner as the bidder list spells it
        let winner = (!winner.is_empty()).then(|| {
            bidders
                .iter()
                .find(|b| name_key(&b.name) == name_key(&winner))
                .map_or(winner.clone(), |b| b.name.clone())
        });
        if self.reference_price == Some(Money::ZERO) {
            errors.push(InputError::new(
                "reference_price",
                "ราคากลางต้องมากกว่าศูนย์ (ถ้าไม่มีราคากลางให้เว้นว่าง)",
                "The reference price must be above zero (leave it empty when there is none)",
            ));
        }
        let mut warnings = Vec::new();
        match (&winner, self.award_price) {
            (Some(w), price) => {
                if !bidders.iter().any(|b| name_key(&b.name) == name_key(w)) {
                    errors.push(InputError::new(
                        "winner",
                        format!("ผู้ได้รับการคัดเลือก \"{w}\" ไม่อยู่ในรายชื่อผู้เสนอราคา"),
                        format!("The selected bidder \"{w}\" is not among the bidders"),
                    ));
                }
                match price {
                    None => errors.push(InputError::new(
                        "award_price",
                        "ยังไม่ได้กรอกราคาที่ตกลงซื้อหรือจ้าง",
                        "The award price is missing",
                    )),
                    Some(p) if p == Money::ZERO => errors.push(InputError::new(
                        "award_price",
                        "ราคาที่ตกลงซื้อหรือจ้างต้องมากกว่าศูนย์",
                        "The award price must be above zero",
                    )),
                    Some(p) if p > self.budget && self.budget != Money::ZERO => {
                        warnings.push(Warning::AwardAboveBudget {
                            award: p,
                            budget: self.budget,
                        })
                    }
                    Some(_) => {}
                }
                if reason.is_empty() {
                    errors.push(InputError::new(
                        "reason",
                        "ยังไม่ได้กรอกเหตุผลที่คัดเลือก",
                        "The reason for the selection is missing",
                    ));
                }
            }
            (None, Some(_)) => errors.push(InputError::new(
                "winner",
                "มีราคาที่ตกลงแล้วแต่ยังไม่ได้ระบุผู้ได้รับการคัดเลือก",
                "An award price needs the selected bidder",
            )),
            (None, None) => {}
        }
        // dates
        if let Some(d) = self.contract_date {
            if !year.contains(d) {
                errors.push(InputError::new(
                    "contract_date",
                    format!(
                        "วันที่ของสัญญาต้องอยู่ใน{} ({} – {})",
                        year.label_th(Digits::Thai),
                        format_date_th(year.start(), DateStyle::THAI_ABBREV),
                        format_date_th(year.end(), DateStyle::THAI_ABBREV)
                    ),
                    format!(
                        "The contract date must be within {} ({} – {})",
                        year.label_en(),
                        format_date_en(year.start()),
                        format_date_en(year.end())
                    ),
                ));
            }
        } else if !contract_no.is_empty() {
            errors.push(InputError::new(
                "contract_date",
                "มีเลขที่สัญญาแล้วแต่ยังไม่ได้กรอกวันที่ของสัญญา",
                "A contract number needs the contract date",
            ));
        }
        let earliest = self.contract_date.unwrap_or(year.start()).max(year.start());
        let latest = latest_follow_up(year);
        for (field, date, th, en) in [
            (
                "delivery_date",
                self.delivery_date,
                "วันส่งมอบ",
                "delivery date",
            ),
            (
                "payment_date",
                self.payment_date,
                "วันเบิกจ่าย",
                "payment date",
            ),
        ] {
            if let Some(d) = date {
                if d < earliest || d > latest {
                    errors.push(InputError::new(
                        field,
                        format!(
                            "{th}ต้องอยู่ระหว่าง {} ถึง {}",
                            format_date_th(earliest, DateStyle::THAI_ABBREV),
                            format_date_th(latest, DateStyle::THAI_ABBREV)
                        ),
                        format!(
                            "The {en} must be between {} and {}",
                            format_date_en(earliest),
                            format_date_en(latest)
                        ),
                    ));
                }
            }
        }
        let egp_no = match &self.egp_no {
            Some(e) => parse_egp_no(e).map_err(|e| errors.push(e)).unwrap_or(None),
            None => None,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((
            Record {
                fiscal_year: year,
                project,
                budget: self.budget,
                reference_price: self.reference_price,
                method: self.method,
                bidders,
                winner,
                award_price: self.award_price,
                reason,
                contract_no: (!contract_no.is_empty()).then_some(contract_no),
                contract_date: self.contract_date,
                egp_no,
                delivery_date: self.delivery_date,
                payment_date: self.payment_date,
                invitation_doc_id: self.invitation_doc_id,
                award_doc_id: self.award_doc_id,
                accept_over_budget: self.accept_over_budget,
            },
            warnings,
        ))
    }

    /// [`Record::check`], with every warning not explicitly accepted turned into an error
    /// (the form shows it again with the box to accept it).
    pub fn validate(&self) -> Result<Record, Vec<InputError>> {
        let (clean, warnings) = self.check()?;
        let refused: Vec<InputError> = warnings
            .iter()
            .filter(|w| !w.accepted_by(&clean))
            .map(|w| match w {
                Warning::AwardAboveBudget { .. } => InputError::new(
                    "accept_over_budget",
                    format!("{} กรุณาตรวจสอบ และยืนยันหากถูกต้อง", w.th()),
                    format!("{}; check it and confirm if it is right", w.en()),
                ),
            })
            .collect();
        if refused.is_empty() {
            Ok(clean)
        } else {
            Err(refused)
        }
    }

    /// The month of the สขร.๑ the record belongs to: the month of its contract date.
    pub fn month(&self) -> Option<YearMonth> {
        self.contract_date.map(YearMonth::containing)
    }

    /// The winner's offer, when the winner is among the bidders.
    pub fn winner_offer(&self) -> Option<Money> {
        let w = name_key(self.winner.as_deref()?);
        self.bidders
            .iter()
            .find(|b| name_key(&b.name) == w)
            .map(|b| b.offer)
    }

    /// Reference price − award price, when both are known (negative when the award is above).
    pub fn saving(&self) -> Option<i64> {
        Some(self.reference_price?.satang() - self.award_price?.satang())
    }

    /// The row of this record in the สขร.๑, numbered `seq`.
    pub fn summary_row(&self, seq: usize, digits: Digits) -> SummaryRow {
        let money = |m: Money| m.format(digits);
        let date = |d: NaiveDate| {
            format_date_th(
                d,
                DateStyle::new(digits, crate::calendar::MonthStyle::Abbrev),
            )
        };
        let bidders = if self.bidders.is_empty() {
            "-".to_owned()
        } else {
            self.bidders
                .iter()
                .map(|b| format!("{} ราคาที่เสนอ {} บาท", b.name, money(b.offer)))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let winner = match (&self.winner, self.award_price) {
            (Some(w), Some(p)) => format!("{w} ราคาที่ตกลง {} บาท", money(p)),
            (Some(w), None) => w.clone(),
            _ => "-".to_owned(),
        };
        let contract = match (&self.contract_no, self.contract_date) {
            (Some(n), Some(d)) => format!("เลขที่ {}\nลงวันที่ {}", digits.apply(n), date(d)),
            (None, Some(d)) => format!("ลงวันที่ {}", date(d)),
            (Some(n), None) => format!("เลขที่ {}", digits.apply(n)),
            (None, None) => "-".to_owned(),
        };
        SummaryRow {
            seq: digits.number(seq),
            project: self.project.clone(),
            budget: money(self.budget),
            reference_price: self.reference_price.map_or_else(|| "-".to_owned(), money),
            method: self.method.label_th().to_owned(),
            bidders,
            winner,
            reason: if self.reason.is_empty() {
                "-".to_owned()
            } else {
                self.reason.clone()
            },
            contract,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The monthly summary (สขร.๑)
// ---------------------------------------------------------------------------------------------

/// The headings of the nine columns of the สขร.๑, in order.
pub const SUMMARY_HEADINGS_TH: [&str; 9] = [
    "ลำดับที่",
    "งานที่จัดซื้อจัดจ้าง",
    "วงเงินที่จะซื้อหรือจ้าง",
    "ราคากลาง",
    "วิธีซื้อหรือจ้าง",
    "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
    "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
    "เหตุผลที่คัดเลือกโดยสังเขป",
    "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
];

/// The same headings in English.
pub const SUMMARY_HEADINGS_EN: [&str; 9] = [
    "No.",
    "Procurement",
    "Budget",
    "Reference price",
    "Method",
    "Bidders and offers",
    "Selected bidder and price",
    "Reason for the selection",
    "Contract number and date",
];

/// The statement of a month without procurement.
pub const NO_PROCUREMENT_TH: &str = "ไม่มีการจัดซื้อจัดจ้าง";
/// [`NO_PROCUREMENT_TH`] in English.
pub const NO_PROCUREMENT_EN: &str = "No procurement";

/// One row of the สขร.๑: the nine columns as text (several lines joined by `\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryRow {
    pub seq: String,
    pub project: String,
    pub budget: String,
    pub reference_price: String,
    pub method: String,
    pub bidders: String,
    pub winner: String,
    pub reason: String,
    pub contract: String,
}

impl SummaryRow {
    /// The nine columns in the order of [`SUMMARY_HEADINGS_TH`].
    pub fn columns(&self) -> [&str; 9] {
        [
            &self.seq,
            &self.project,
            &self.budget,
            &self.reference_price,
            &self.method,
            &self.bidders,
            &self.winner,
            &self.reason,
            &self.contract,
        ]
    }
}

/// The สขร.๑ of one month: its rows, or the statement that there was no procurement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthlySummary {
    pub fiscal_year: FiscalYear,
    pub month: YearMonth,
    pub rows: Vec<SummaryRow>,
    /// The budgets of the month, satang.
    pub total_budget: i64,
    /// The award prices of the month, satang.
    pub total_award: i64,
}

impl MonthlySummary {
    /// The summary of `month` from the records (those of other months are left out; the
    /// rest are ordered by contract date, keeping the given order among equal dates).
    pub fn build<'a>(
        fiscal_year: FiscalYear,
        month: YearMonth,
        records: impl IntoIterator<Item = &'a Record>,
        digits: Digits,
    ) -> MonthlySummary {
        let mut of_month: Vec<&Record> = records
            .into_iter()
            .filter(|r| r.month() == Some(month))
            .collect();
        of_month.sort_by_key(|r| r.contract_date);
        MonthlySummary {
            fiscal_year,
            month,
            total_budget: Money::sum(of_month.iter().map(|r| r.budget)),
            total_award: Money::sum(of_month.iter().filter_map(|r| r.award_price)),
            rows: of_month
                .iter()
                .enumerate()
                .map(|(i, r)| r.summary_row(i + 1, digits))
                .collect(),
        }
    }

    /// No procurement in the month.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The statement to print instead of the table, when the month had no procurement.
    pub fn statement(&self, lang: Lang) -> Option<&'static str> {
        self.is_empty().then_some(match lang {
            Lang::Th => NO_PROCUREMENT_TH,
            Lang::En => NO_PROCUREMENT_EN,
        })
    }

    /// `สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนมีนาคม พ.ศ. ๒๕๖๖`
    pub fn title_th(&self, digits: Digits) -> String {
        digits.apply(&format!(
            "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน{} พ.ศ. {}",
            month_name_th(self.month.month()),
            self.month.year_be()
        ))
    }

    /// `Procurement summary, March 2023`
    pub fn title_en(&self) -> String {
        format!(
            "Procurement summary, {} {}",
            crate::calendar::month_name_en(self.month.month()),
            self.month.year()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The annual analysis
// ---------------------------------------------------------------------------------------------

/// Counts and amounts of one group of records (all amounts in satang).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    pub count: u64,
    /// Sum of the budgets.
    pub budget: i64,
    /// Sum of the award prices (of the records that have one).
    pub award: i64,
}

impl Tally {
    fn add(&mut self, r: &Record) {
        self.count += 1;
        self.budget = self.budget.saturating_add(r.budget.satang());
        self.award = self
            .award
            .saturating_add(r.award_price.map_or(0, Money::satang));
    }
}

/// A part of a whole, for shares shown as percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Share {
    pub part: i64,
    pub whole: i64,
}

impl Share {
    /// The percentage, or `None` when the whole is zero.
    pub fn percent(self) -> Option<f64> {
        (self.whole != 0).then(|| self.part as f64 * 100.0 / self.whole as f64)
    }

    /// `๘๕.๒๕` (two decimals), or `-` when the whole is zero.
    pub fn format(self, digits: Digits) -> String {
        match self.percent() {
            Some(p) => digits.apply(&format!("{p:.2}")),
            None => "-".to_owned(),
        }
    }
}

/// The figures of the annual procurement report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualAnalysis {
    pub fiscal_year: FiscalYear,
    pub total: Tally,
    /// Every method, in [`Method::ALL`] order (zero tallies included).
    pub by_method: Vec<(Method, Tally)>,
    /// The twelve months of the fiscal year, October first, by contract date.
    pub by_month: Vec<(YearMonth, Tally)>,
    /// Records of the year without a contract date yet (in no month).
    pub undated: Tally,
    /// Specific-method records among all, by count.
    pub specific_share_count: Share,
    /// Specific-method award amounts among all award amounts.
    pub specific_share_amount: Share,
    /// Σ (reference price − award price) over records that have both (satang).
    pub savings: i64,
    /// Σ reference prices of those records (satang), for the savings as a percentage.
    pub savings_reference: i64,
    /// How many records have both prices.
    pub savings_records: u64,
}

impl AnnualAnalysis {
    /// The analysis of the records of `fiscal_year` (records of other years are left out).
    pub fn build<'a>(
        fiscal_year: FiscalYear,
        records: impl IntoIterator<Item = &'a Record>,
    ) -> AnnualAnalysis {
        let mut total = Tally::default();
        let mut by_method: Vec<(Method, Tally)> =
            Method::ALL.iter().map(|m| (*m, Tally::default())).collect();
        let months = fiscal_year.months();
        let mut by_month: Vec<(YearMonth, Tally)> =
            months.iter().map(|m| (*m, Tally::default())).collect();
        let mut undated = Tally::default();
        let mut savings = 0i64;
        let mut savings_reference = 0i64;
        let mut savings_records = 0u64;
        for r in records.into_iter().filter(|r| r.fiscal_year == fiscal_year) {
            total.add(r);
            if let Some(slot) = by_method.iter_mut().find(|(m, _)| *m == r.method) {
                slot.1.add(r);
            }
            match r
                .month()
                .and_then(|m| by_month.iter_mut().find(|(x, _)| *x == m))
            {
                Some(slot) => slot.1.add(r),
                None => undated.add(r),
            }
            if let (Some(s), Some(reference)) = (r.saving(), r.reference_price) {
                savings = savings.saturating_add(s);
                savings_reference = savings_reference.saturating_add(reference.satang());
                savings_records += 1;
            }
        }
        let specific = by_method
            .iter()
            .find(|(m, _)| *m == Method::Specific)
            .map(|(_, t)| *t)
            .unwrap_or_default();
        AnnualAnalysis {
            fiscal_year,
            total,
            specific_share_count: Share {
                part: specific.count as i64,
                whole: total.count as i64,
            },
            specific_share_amount: Share {
                part: specific.award,
                whole: total.award,
            },
            by_method,
            by_month,
            undated,
            savings,
            savings_reference,
            savings_records,
        }
    }

    /// The savings as a share of the reference prices they are measured against.
    pub fn savings_share(&self) -> Share {
        Share {
            part: self.savings,
            whole: self.savings_reference,
        }
    }

    /// The tally of one method.
    pub fn method(&self, method: Method) -> Tally {
        self.by_method
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, t)| *t)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn fy() -> FiscalYear {
        FiscalYear::new(2567).unwrap()
    }
    fn baht(b: i64) -> Money {
        Money::from_baht(b).unwrap()
    }
    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }
    fn fields(errors: &[InputError]) -> Vec<&'static str> {
        errors.iter().map(|e| e.field).collect()
    }

    /// A complete specific-method purchase of FY 2567.
    fn record() -> Record {
        Record {
            reference_price: Some(baht(50_000)),
            bidders: vec![
                Bidder {
                    name: "ร้านสมใจพาณิชย์".into(),
                    offer: baht(48_500),
                },
                Bidder {
                    name: "หจก. รุ่งเรืองวัสดุ".into(),
                    offer: baht(49_000),
                },
            ],
            winner: Some("ร้านสมใจพาณิชย์".into()),
            award_price: Some(baht(48_000)),
            reason: "ราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข".into(),
            contract_no: Some("12/2567".into()),
            contract_date: Some(d(2024, 3, 15)),
            egp_no: Some("๖๗๐๓๙๐๑๒๓๔๕".into()),
            delivery_date: Some(d(2024, 3, 29)),
            payment_date: Some(d(2024, 4, 10)),
            ..Record::new(
                fy(),
                "  จัดซื้อวัสดุสำนักงาน   กองคลัง ",
                baht(50_000),
                Method::Specific,
            )
        }
    }

    #[test]
    fn money_parses_what_people_type() {
        let p = |s| Money::parse("budget", s).map(Money::satang);
        assert_eq!(p("12345"), Ok(1_234_500));
        assert_eq!(p("12,345.50"), Ok(1_234_550));
        assert_eq!(p("๑๒,๓๔๕.๐๐ บาท"), Ok(1_234_500));
        assert_eq!(p("  ๕๐๐ บ."), Ok(50_000));
        assert_eq!(p("฿ 1,000.5"), Ok(100_050));
        assert_eq!(p(".75"), Ok(75));
        assert_eq!(p("1 234 567.89"), Ok(123_456_789));
        assert_eq!(p("0"), Ok(0));
        assert_eq!(p("100,000,000,000.00"), Ok(MAX_SATANG));
    }

    #[test]
    fn money_refuses_bad_amounts_with_thai_messages() {
        for bad in [
            "",
            "บาท",
            "-5",
            "−5",
            "12,34",
            "1.234",
            "abc",
            "1e5",
            "12..3",
            "1,2345",
            "NaN",
        ] {
            let e = Money::parse("budget", bad).unwrap_err();
            assert_eq!(e.field, "budget", "{bad}");
            assert!(!e.th.is_empty() && !e.en.is_empty());
        }
        assert!(Money::parse("budget", "-5")
            .unwrap_err()
            .th
            .contains("ติดลบ"));
        let big = Money::parse("budget", "100,000,000,000.01").unwrap_err();
        assert!(big.th.contains("สูงเกินจริง"), "{}", big.th);
        assert!(Money::parse("budget", "99999999999999999999999").is_err());
        assert_eq!(Money::parse_optional("reference_price", " - "), Ok(None));
        assert_eq!(
            Money::parse_optional("reference_price", "5"),
            Ok(Some(baht(5)))
        );
        assert!(Money::from_satang(-1).is_none());
        assert!(Money::from_satang(MAX_SATANG + 1).is_none());
        assert!(serde_json::from_str::<Money>("-100").is_err());
    }

    #[test]
    fn money_formats_in_thai_or_arabic_digits() {
        assert_eq!(baht(12_345).format(Digits::Thai), "๑๒,๓๔๕.๐๐");
        assert_eq!(
            Money::from_satang(5).unwrap().format(Digits::Arabic),
            "0.05"
        );
        assert_eq!(
            Money::from_satang(123_456_789).unwrap().to_string(),
            "1,234,567.89"
        );
        assert_eq!(baht(100).format(Digits::Arabic), "100.00");
        assert_eq!(format_satang(-150, Digits::Arabic), "-1.50");
        assert_eq!(format_satang(123_456_700, Digits::Thai), "๑,๒๓๔,๕๖๗.๐๐");
    }

    proptest! {
        #[test]
        fn money_round_trips(s in 0i64..=MAX_SATANG, thai in any::<bool>()) {
            let m = Money::from_satang(s).unwrap();
            let digits = if thai { Digits::Thai } else { Digits::Arabic };
            prop_assert_eq!(Money::parse("x", &m.format(digits)), Ok(m));
            prop_assert_eq!(format_satang(s, digits), m.format(digits));
        }

        #[test]
        fn money_parse_never_panics(s in "\\PC{0,30}") {
            let _ = Money::parse("x", &s);
        }

        #[test]
        fn analysis_adds_up(items in proptest::collection::vec((0usize..7, 0u32..14, 1i64..1_000_000, proptest::option::of(1i64..1_000_000)), 0..60)) {
            let year = fy();
            let records: Vec<Record> = items.iter().map(|(m, month, budget, award)| {
                let mut r = Record::new(year, "x", baht(*budget), Method::ALL[*m]);
                // months 12 and 13 stand for "no contract date yet"
                r.contract_date = (*month < 12).then(|| year.months()[*month as usize].first_day());
                r.award_price = award.map(baht);
                r.reference_price = Some(baht(*budget));
                r
            }).collect();
            let a = AnnualAnalysis::build(year, &records);
            prop_assert_eq!(a.total.count, records.len() as u64);
            prop_assert_eq!(a.by_method.iter().map(|(_, t)| t.count).sum::<u64>(), a.total.count);
            prop_assert_eq!(a.by_month.iter().map(|(_, t)| t.count).sum::<u64>() + a.undated.count, a.total.count);
            prop_assert_eq!(a.by_method.iter().map(|(_, t)| t.award).sum::<i64>(), a.total.award);
            prop_assert_eq!(a.by_month.iter().map(|(_, t)| t.budget).sum::<i64>() + a.undated.budget, a.total.budget);
            let share = a.specific_share_count.percent().unwrap_or(0.0);
            prop_assert!((0.0..=100.0).contains(&share));
        }
    }

    #[test]
    fn methods_have_codes_labels_and_read_from_text() {
        for m in Method::ALL {
            assert_eq!(Method::parse(m.code()), Some(m));
            assert_eq!(Method::from_text(m.code()), Some(m));
            assert_eq!(Method::from_text(m.label_th()), Some(m), "{}", m.label_th());
            assert!(!m.label_en().is_empty());
        }
        assert_eq!(Method::from_text("วิธีเฉพาะเจาะจง"), Some(Method::Specific));
        assert_eq!(Method::from_text("e-bidding"), Some(Method::EBidding));
        assert_eq!(Method::from_text("E-Market"), Some(Method::EMarket));
        assert_eq!(Method::from_text("วิธีคัดเลือก"), Some(Method::Selection));
        assert_eq!(
            Method::from_text("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)"),
            Some(Method::EBidding)
        );
        assert_eq!(Method::from_text("วิธีประกวดราคา"), Some(Method::Tender));
        assert_eq!(Method::from_text("จ้างเหมา"), None);
        assert_eq!(Method::from_text(""), None);
        assert!(Method::Tender.is_legacy() && !Method::EBidding.is_legacy());
        assert_eq!(Method::Specific.ocds_method(), "limited");
        assert_eq!(Method::Selection.ocds_method(), "selective");
        assert_eq!(Method::EBidding.ocds_method(), "open");
    }

    #[test]
    fn egp_numbers_are_read_loosely() {
        assert_eq!(parse_egp_no("๖๗๐๓๙-๐๑๒๓๔๕"), Ok(Some("67039012345".into())));
        assert_eq!(parse_egp_no("  "), Ok(None));
        assert!(parse_egp_no("1234567").is_err());
        assert!(parse_egp_no("6703901234A").is_err());
        assert!(parse_egp_no("1234567890123456").is_err());
    }

    #[test]
    fn plan_items_are_checked_against_the_year() {
        let item = PlanItem {
            project: " ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓ ".into(),
            budget: baht(450_000),
            source_of_funds: "เงินงบประมาณ".into(),
            method: Method::EBidding,
            expected_month: ym(2024, 2),
        };
        let clean = item.check(fy()).unwrap();
        assert_eq!(clean.project, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓");
        let bad = PlanItem {
            project: "".into(),
            budget: Money::ZERO,
            source_of_funds: " ".into(),
            expected_month: ym(2024, 10),
            ..item
        };
        let errors = bad.check(fy()).unwrap_err();
        assert_eq!(
            fields(&errors),
            ["project", "source_of_funds", "budget", "expected_month"]
        );
        assert!(errors[3].th.contains("ปีงบประมาณ"));
    }

    #[test]
    fn a_complete_record_is_accepted_and_cleaned() {
        let (clean, warnings) = record().check().unwrap();
        assert!(warnings.is_empty());
        assert_eq!(clean.project, "จัดซื้อวัสดุสำนักงาน กองคลัง");
        assert_eq!(clean.egp_no.as_deref(), Some("67039012345"));
        assert_eq!(clean.month(), Some(ym(2024, 3)));
        assert_eq!(clean.winner_offer(), Some(baht(48_500)));
        assert_eq!(clean.saving(), Some(200_000));
        assert_eq!(record().validate().unwrap(), clean);
    }

    #[test]
    fn award_above_budget_is_a_warning_that_must_be_accepted() {
        let mut r = record();
        r.award_price = Some(baht(51_000));
        let (_, warnings) = r.check().unwrap();
        assert_eq!(
            warnings,
            [Warning::AwardAboveBudget {
                award: baht(51_000),
                budget: baht(50_000)
            }]
        );
        let errors = r.validate().unwrap_err();
        assert_eq!(fields(&errors), ["accept_over_budget"]);
        assert!(errors[0].th.contains("๕๑,๐๐๐.๐๐"), "{}", errors[0].th);
        r.accept_over_budget = true;
        assert_eq!(r.validate().unwrap().award_price, Some(baht(51_000)));
    }

    #[test]
    fn the_winner_must_be_a_bidder_with_a_price_and_a_reason() {
        let mut r = record();
        r.winner = Some("บริษัท ไม่ได้เสนอราคา จำกัด".into());
        assert_eq!(fields(&r.check().unwrap_err()), ["winner"]);
        // names compare with white space folded and case ignored
        r.winner = Some("  ร้านสมใจพาณิชย์ ".into());
        assert_eq!(r.check().unwrap().0.winner.as_deref(), Some("ร้านสมใจพาณิชย์"));
        r.award_price = None;
        r.reason = " ".into();
        assert_eq!(fields(&r.check().unwrap_err()), ["award_price", "reason"]);
        let mut r = record();
        r.winner = None;
        assert_eq!(fields(&r.check().unwrap_err()), ["winner"]);
        r.award_price = None;
        assert!(r.check().is_ok(), "a record not yet awarded");
    }

    #[test]
    fn bidders_need_distinct_names() {
        let mut r = record();
        r.bidders.push(Bidder {
            name: "ร้านสมใจพาณิชย์ ".into(),
            offer: baht(1),
        });
        r.bidders.push(Bidder {
            name: "".into(),
            offer: baht(1),
        });
        let errors = r.check().unwrap_err();
        assert_eq!(fields(&errors), ["bidders", "bidders"]);
        assert!(errors[1].th.contains("รายที่ ๔"), "{}", errors[1].th);
    }

    #[test]
    fn dates_outside_the_fiscal_year_are_refused() {
        let mut r = record();
        r.contract_date = Some(d(2024, 10, 1)); // FY 2568
        r.delivery_date = None;
        r.payment_date = None;
        let errors = r.check().unwrap_err();
        assert_eq!(fields(&errors), ["contract_date"]);
        assert!(errors[0].th.contains("ปีงบประมาณ"), "{}", errors[0].th);
        let mut r = record();
        r.delivery_date = Some(d(2024, 3, 1)); // before the contract
        r.payment_date = Some(d(2025, 10, 1)); // after the following year
        assert_eq!(
            fields(&r.check().unwrap_err()),
            ["delivery_date", "payment_date"]
        );
        let mut r = record();
        r.payment_date = Some(d(2024, 11, 5)); // paid in the next year: fine
        assert!(r.check().is_ok());
        let mut r = record();
        r.contract_date = None;
        assert_eq!(fields(&r.check().unwrap_err()), ["contract_date"]);
    }

    #[test]
    fn other_bad_input_is_refused() {
        let mut r = record();
        r.budget = Money::ZERO;
        r.egp_no = Some("12-34".into());
        r.project = "a\u{202E}b".into();
        r.reference_price = Some(Money::ZERO);
        r.bidders[1].offer = Money::ZERO;
        assert_eq!(
            fields(&r.check().unwrap_err()),
            ["project", "budget", "bidders", "reference_price", "egp_no"]
        );
    }

    #[test]
    fn summary_row_has_the_nine_columns() {
        let row = record().check().unwrap().0.summary_row(3, Digits::Thai);
        assert_eq!(
            row.columns(),
            [
                "๓",
                "จัดซื้อวัสดุสำนักงาน กองคลัง",
                "๕๐,๐๐๐.๐๐",
                "๕๐,๐๐๐.๐๐",
                "เฉพาะเจาะจง",
                "ร้านสมใจพาณิชย์ ราคาที่เสนอ ๔๘,๕๐๐.๐๐ บาท\nหจก. รุ่งเรืองวัสดุ ราคาที่เสนอ ๔๙,๐๐๐.๐๐ บาท",
                "ร้านสมใจพาณิชย์ ราคาที่ตกลง ๔๘,๐๐๐.๐๐ บาท",
                "ราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข",
                "เลขที่ ๑๒/๒๕๖๗\nลงวันที่ ๑๕ มี.ค. ๒๕๖๗",
            ]
        );
        let row =
            Record::new(fy(), "จ้างเหมา", baht(1_000), Method::Other).summary_row(1, Digits::Arabic);
        assert_eq!(row.budget, "1,000.00");
        assert_eq!(row.reference_price, "-");
        assert_eq!(row.bidders, "-");
        assert_eq!(row.contract, "-");
        assert_eq!(SUMMARY_HEADINGS_TH.len(), SUMMARY_HEADINGS_EN.len());
    }

    #[test]
    fn monthly_summary_of_a_month_and_of_an_empty_month() {
        let mut a = record();
        a.contract_date = Some(d(2024, 3, 20));
        let mut b = record();
        b.project = "จ้างซ่อมรถบรรทุกน้ำ".into();
        b.contract_date = Some(d(2024, 3, 2));
        let c = record(); // 15 March
        let mut other = record();
        other.contract_date = Some(d(2024, 4, 1));
        let all = [a, b, c, other];
        let s = MonthlySummary::build(fy(), ym(2024, 3), &all, Digits::Thai);
        assert_eq!(s.rows.len(), 3);
        assert_eq!(s.rows[0].project, "จ้างซ่อมรถบรรทุกน้ำ");
        assert_eq!(s.rows[2].seq, "๓");
        assert_eq!(s.total_budget, 3 * 5_000_000);
        assert_eq!(s.statement(Lang::Th), None);
        assert_eq!(
            s.title_th(Digits::Thai),
            "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนมีนาคม พ.ศ. ๒๕๖๗"
        );
        let empty = MonthlySummary::build(fy(), ym(2024, 5), &all, Digits::Thai);
        assert!(empty.is_empty());
        assert_eq!(empty.statement(Lang::Th), Some("ไม่มีการจัดซื้อจัดจ้าง"));
        assert_eq!(empty.statement(Lang::En), Some("No procurement"));
    }

    #[test]
    fn annual_analysis_on_known_figures() {
        let year = fy();
        let mk = |method,
                  month: Option<NaiveDate>,
                  budget,
                  reference: Option<i64>,
                  award: Option<i64>| {
            let mut r = Record::new(year, "x", baht(budget), method);
            r.contract_date = month;
            r.reference_price = reference.map(baht);
            r.award_price = award.map(baht);
            r
        };
        let records = vec![
            mk(
                Method::Specific,
                Some(d(2023, 10, 5)),
                10_000,
                Some(10_000),
                Some(9_000),
            ),
            mk(
                Method::Specific,
                Some(d(2023, 10, 20)),
                20_000,
                None,
                Some(20_000),
            ),
            mk(
                Method::Specific,
                Some(d(2024, 1, 3)),
                5_000,
                Some(5_000),
                Some(5_500),
            ),
            mk(
                Method::EBidding,
                Some(d(2024, 2, 1)),
                1_000_000,
                Some(990_000),
                Some(900_000),
            ),
            mk(Method::EMarket, None, 100_000, Some(100_000), None),
            // another year: left out
            mk(Method::Specific, Some(d(2022, 1, 1)), 7, None, None),
        ];
        let mut records = records;
        records[5].fiscal_year = FiscalYear::new(2565).unwrap();
        let a = AnnualAnalysis::build(year, &records);
        assert_eq!(a.total.count, 5);
        assert_eq!(a.total.award, 934_500 * 100);
        assert_eq!(
            a.method(Method::Specific),
            Tally {
                count: 3,
                budget: 35_000 * 100,
                award: 34_500 * 100
            }
        );
        assert_eq!(a.method(Method::Selection), Tally::default());
        assert_eq!(a.by_month[0].0, ym(2023, 10));
        assert_eq!(a.by_month[0].1.count, 2);
        assert_eq!(a.by_month[3].1.count, 1); // January
        assert_eq!(a.undated.count, 1);
        assert_eq!(a.specific_share_count, Share { part: 3, whole: 5 });
        assert_eq!(a.specific_share_count.format(Digits::Arabic), "60.00");
        assert_eq!(a.specific_share_amount.part, 34_500 * 100);
        // 1,000 + (−500) + 90,000 baht over three records
        assert_eq!(a.savings, 90_500 * 100);
        assert_eq!(a.savings_records, 3);
        assert_eq!(a.savings_reference, 1_005_000 * 100);
        let empty = AnnualAnalysis::build(year, &[]);
        assert_eq!(empty.specific_share_count.percent(), None);
        assert_eq!(empty.specific_share_count.format(Digits::Thai), "-");
    }
}

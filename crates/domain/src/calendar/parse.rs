//! Parsing single dates ([`parse_date`]), the date phrases of Thai work plans and reports
//! ([`parse_date_phrase`]), and finding such phrases in free text ([`find_date_phrases`]).
//!
//! All three share one tokenizer and one small grammar:
//!
//! ```text
//! phrase  := [ภายใน] [ตั้งแต่|ระหว่าง] body
//! body    := fiscal | quarter | round | point [(-|ถึง) point]
//! fiscal  := ปีงบประมาณ [พ.ศ.] YEAR [(-|ถึง) [ปีงบประมาณ] [พ.ศ.] YEAR]
//! quarter := ไตรมาส[ที่] N (ปีงบประมาณ [พ.ศ.] YEAR | / YEAR)
//! round   := รอบ (3|6|9|12) เดือน ปีงบประมาณ [พ.ศ.] YEAR
//! point   := [วันที่] (D/M/Y | Y-M-D | [D] [เดือน] MONTH [,] [พ.ศ.|ค.ศ.] [YEAR] | D)
//! ```
//!
//! A bare day (`1` in `1-15 ม.ค. 2566`) is only allowed at the start of a range. A year written
//! once, at the end of a range, applies to both ends; if the start month is after the end month
//! the start is in the previous year (`ต.ค.-ธ.ค.๖๕`, `ต.ค.-มี.ค.๖๖`).

use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::digits::to_ascii_digits;
use super::error::{excerpt, CalendarError};
use super::fiscal::FiscalYear;
use super::lexer::{tokenize, Era, Tok, Token};
use super::month::YearMonth;
use super::{be_from_gregorian, gregorian_from_be, BE_YEARS, GREGORIAN_YEARS};

/// A span of days read from a phrase, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DatePhrase {
    /// First day.
    pub start: NaiveDate,
    /// Last day (equal to `start` for a single day).
    pub end: NaiveDate,
    /// The phrase said "ภายใน" (within / by): the work is due by `end`.
    pub deadline: bool,
}

impl DatePhrase {
    /// Whether the phrase names one day.
    pub fn is_single_day(&self) -> bool {
        self.start == self.end
    }
    /// Whether `date` is within the phrase's span.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// Reads one date as Thai users type it.
///
/// Accepted: `31/03/2566`, `31/3/2023`, `31-03-2566`, `31.03.2566`, ISO `2023-03-31`,
/// `31 มี.ค. 2566`, `๓๑ มีนาคม ๒๕๖๖`, `วันที่ ๓๑ เดือน มีนาคม พ.ศ.๒๕๖๖`, `31 Mar 2023`, in Thai
/// or ASCII digits, with or without spaces. The year must have four digits: from [`BE_YEARS`]
/// it is Buddhist Era, from [`GREGORIAN_YEARS`] Gregorian (after `พ.ศ.` or `ค.ศ.` it must be of
/// that era). Two-digit years are refused as ambiguous.
///
/// ```
/// use prongsai_domain::calendar::{parse_date, CalendarError};
/// let d = parse_date("31/03/2566").unwrap();
/// assert_eq!(d, parse_date("2023-03-31").unwrap());
/// assert!(matches!(parse_date("31/3/66"), Err(CalendarError::AmbiguousYear { year: 66 })));
/// assert!(matches!(parse_date("29 ก.พ. 2566"), Err(CalendarError::InvalidDate { .. })));
/// ```
pub fn parse_date(input: &str) -> Result<NaiveDate, CalendarError> {
    let tokens = tokenize(input);
    let (lo, hi) = trim_wrappers(&tokens);
    if lo >= hi {
        return Err(CalendarError::Empty);
    }
    let tokens = tokens.get(..hi).unwrap_or(&[]);
    let parser = Parser { src: input, tokens };
    let unrecognized = || CalendarError::Unrecognized {
        input: excerpt(input),
    };
    let (point, end) = parser.point(lo).ok_or_else(unrecognized)?;
    if end != hi {
        return Err(unrecognized());
    }
    let (Some(day), Some(month)) = (point.day, point.month) else {
        return Err(unrecognized());
    };
    let year = point
        .year
        .as_ref()
        .ok_or_else(|| CalendarError::MissingYear {
            input: excerpt(input),
        })?;
    let year = resolve_year(year, false)?;
    make_date(day, month, year)
}

/// Reads a date phrase of a Thai work plan or report into the span of days it names.
///
/// Handles, with any spacing and Thai or ASCII digits:
///
/// * months: `ธันวาคม ๒๕๖๕`, `ภายในเดือนเมษายน ๒๕๖๖` (deadline), `ธ.ค. ๖๕`;
/// * days: `ภายในวันที่ ๓๑ เดือน มีนาคม พ.ศ.๒๕๖๖`, `31/03/2566`;
/// * ranges: `ต.ค.๖๕ - มี.ค.๖๖`, `ต.ค.-ธ.ค.๖๕`, `ภายในเดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖`,
///   `๑ ม.ค. ๒๕๖๖ - ๓๑ มี.ค. ๒๕๖๖`, `1-15 ม.ค. 2566`, `ตั้งแต่ ... ถึง ...`;
/// * fiscal years: `ปีงบประมาณ พ.ศ. ๒๕๖๖`, `ปีงบประมาณ ๒๕๖๖`, `ปีงบประมาณ ๒๕๖๖-๒๕๖๘`,
///   `ไตรมาสที่ ๒ ปีงบประมาณ ๒๕๖๖`, `รอบ ๖ เดือน ปีงบประมาณ ๒๕๖๖`.
///
/// Surrounding brackets are ignored. Two-digit years after a Thai month name are BE 25xx.
/// `deadline` is set when the phrase starts with `ภายใน`. A range ending before it starts is an
/// error ([`CalendarError::ReversedRange`]).
pub fn parse_date_phrase(input: &str) -> Result<DatePhrase, CalendarError> {
    let tokens = tokenize(input);
    let (lo, hi) = trim_wrappers(&tokens);
    if lo >= hi {
        return Err(CalendarError::Empty);
    }
    let tokens = tokens.get(..hi).unwrap_or(&[]);
    let parser = Parser { src: input, tokens };
    let mut first_error = None;
    for (phrase, end) in parser.phrases(lo) {
        if end != hi {
            continue;
        }
        match resolve(&phrase, input) {
            Ok(p) => return Ok(p),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| CalendarError::Unrecognized {
        input: excerpt(input),
    }))
}

/// Finds the date phrases in free text (e.g. the steps of a work plan) and returns each one's
/// byte range in `text` with its reading.
///
/// Best effort: only phrases that [`parse_date_phrase`] would accept, that name a year, are
/// reported; numbers without a month or year (`อย่างน้อย ๑ ภารกิจงาน`, `รอบ ๖ เดือน`) are not
/// dates. Ranges never overlap, are in text order and lie on character boundaries.
///
/// ```
/// use prongsai_domain::calendar::find_date_phrases;
/// let text = "จัดทำระบบ อย่างน้อย ๑ ภารกิจงาน บนเว็บไซต์หน่วยงานภายในเดือนธันวาคม ๒๕๖๕ ๔.ผู้บริหาร";
/// let found = find_date_phrases(text);
/// assert_eq!(found.len(), 1);
/// assert_eq!(&text[found[0].0.clone()], "ภายในเดือนธันวาคม ๒๕๖๕");
/// assert!(found[0].1.deadline);
/// ```
pub fn find_date_phrases(text: &str) -> Vec<(Range<usize>, DatePhrase)> {
    let tokens = tokenize(text);
    let parser = Parser {
        src: text,
        tokens: &tokens,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts_phrase = tokens.get(i).is_some_and(|t| {
            matches!(
                t.tok,
                Tok::Within
                    | Tok::From
                    | Tok::FiscalWord
                    | Tok::QuarterWord
                    | Tok::RoundWord
                    | Tok::MonthWord
                    | Tok::DayWord
                    | Tok::Num { .. }
                    | Tok::Month { .. }
            )
        });
        let hit = if starts_phrase {
            parser
                .phrases(i)
                .into_iter()
                .filter(|&(_, end)| end > i)
                .find_map(|(phrase, end)| resolve(&phrase, "").ok().map(|p| (end, p)))
        } else {
            None
        };
        match hit {
            Some((end, phrase)) => {
                if let (Some(first), Some(last)) = (tokens.get(i), tokens.get(end - 1)) {
                    found.push((first.start..last.end, phrase));
                }
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// Reads a fiscal year for [`FiscalYear`]'s `FromStr`.
pub(crate) fn parse_fiscal_year(input: &str) -> Result<FiscalYear, CalendarError> {
    let tokens = tokenize(input);
    if tokens.is_empty() {
        return Err(CalendarError::Empty);
    }
    let mut i = 0;
    if tokens.first().map(|t| t.tok) == Some(Tok::FiscalWord) {
        i += 1;
    }
    if tokens.get(i).map(|t| t.tok) == Some(Tok::Era(Era::Buddhist)) {
        i += 1;
    }
    match tokens.get(i).map(|t| t.tok) {
        Some(Tok::Num { value, digits }) if i + 1 == tokens.len() => {
            let be = i32::try_from(value).unwrap_or(i32::MAX);
            if digits == 4 {
                FiscalYear::new(be)
            } else {
                Err(CalendarError::FiscalYearOutOfRange { be })
            }
        }
        _ => Err(CalendarError::UnrecognizedFiscalYear {
            input: excerpt(input),
        }),
    }
}

/// Leading opening brackets and trailing closing brackets, dots and commas are not part of a
/// phrase. Returns the remaining token index range.
fn trim_wrappers(tokens: &[Token]) -> (usize, usize) {
    let lo = tokens.iter().take_while(|t| t.tok == Tok::Open).count();
    let trailing = tokens
        .iter()
        .rev()
        .take_while(|t| matches!(t.tok, Tok::Close | Tok::Dot | Tok::Comma))
        .count();
    (lo, tokens.len().saturating_sub(trailing))
}

/// A year as written.
#[derive(Debug, Clone)]
struct RawYear {
    value: u64,
    digits: usize,
    era: Option<Era>,
    /// The digits as written, in ASCII, for messages.
    text: String,
}

/// One end of a range, or a single day or month, before validation.
#[derive(Debug, Clone, Default)]
struct RawPoint {
    day: Option<u64>,
    month: Option<u64>,
    /// The month was a Thai name: a two-digit year then means BE 25xx.
    thai_month: bool,
    year: Option<RawYear>,
}

#[derive(Debug, Clone)]
enum RawBody {
    Single(RawPoint),
    Range(RawPoint, RawPoint),
    Fiscal(RawYear, Option<RawYear>),
    Quarter(u64, RawYear),
    /// The first `n` months of a fiscal year.
    Round(u64, RawYear),
}

#[derive(Debug, Clone)]
struct RawPhrase {
    deadline: bool,
    body: RawBody,
}

struct Parser<'a> {
    src: &'a str,
    tokens: &'a [Token],
}

impl Parser<'_> {
    fn tok(&self, i: usize) -> Option<Tok> {
        self.tokens.get(i).map(|t| t.tok)
    }

    fn is(&self, i: usize, want: Tok) -> bool {
        self.tok(i) == Some(want)
    }

    fn is_separator(&self, i: usize) -> bool {
        matches!(self.tok(i), Some(Tok::Dash | Tok::To))
    }

    fn num(&self, i: usize) -> Option<(u64, usize)> {
        match self.tok(i) {
            Some(Tok::Num { value, digits }) => Some((value, digits)),
            _ => None,
        }
    }

    fn year(&self, i: usize, era: Option<Era>) -> Option<RawYear> {
        let (value, digits) = self.num(i)?;
        let text = self
            .tokens
            .get(i)
            .and_then(|t| self.src.get(t.start..t.end))
            .map(to_ascii_digits)
            .unwrap_or_default();
        Some(RawYear {
            value,
            digits,
            era,
            text,
        })
    }

    /// `[พ.ศ.|ค.ศ.] YEAR` at `i`, with the index after it.
    fn era_year(&self, i: usize) -> Option<(RawYear, usize)> {
        match self.tok(i) {
            Some(Tok::Era(era)) => Some((self.year(i + 1, Some(era))?, i + 2)),
            _ => Some((self.year(i, None)?, i + 1)),
        }
    }

    /// All readings of a phrase starting at token `i`, longest first, with the index after
    /// each.
    fn phrases(&self, i: usize) -> Vec<(RawPhrase, usize)> {
        let mut j = i;
        let deadline = self.is(j, Tok::Within);
        if deadline {
            j += 1;
        }
        if self.is(j, Tok::From) {
            j += 1;
        }
        self.bodies(j)
            .into_iter()
            .map(|(body, end)| (RawPhrase { deadline, body }, end))
            .collect()
    }

    fn bodies(&self, i: usize) -> Vec<(RawBody, usize)> {
        match self.tok(i) {
            Some(Tok::FiscalWord) => self.fiscal(i + 1),
            Some(Tok::QuarterWord) => self.quarter(i + 1).into_iter().collect(),
            Some(Tok::RoundWord) => self.round(i + 1).into_iter().collect(),
            _ => self.points(i),
        }
    }

    fn fiscal(&self, i: usize) -> Vec<(RawBody, usize)> {
        let Some((first, j)) = self.era_year(i) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if self.is_separator(j) {
            let mut k = j + 1;
            if self.is(k, Tok::FiscalWord) {
                k += 1;
            }
            if let Some((last, end)) = self.era_year(k) {
                out.push((RawBody::Fiscal(first.clone(), Some(last)), end));
            }
        }
        out.push((RawBody::Fiscal(first, None), j));
        out
    }

    fn quarter(&self, i: usize) -> Option<(RawBody, usize)> {
        let (q, _) = self.num(i)?;
        match self.tok(i + 1)? {
            Tok::Slash => {
                let year = self.year(i + 2, None)?;
                Some((RawBody::Quarter(q, year), i + 3))
            }
            Tok::FiscalWord => {
                let (year, end) = self.era_year(i + 2)?;
                Some((RawBody::Quarter(q, year), end))
            }
            _ => None,
        }
    }

    fn round(&self, i: usize) -> Option<(RawBody, usize)> {
        let (n, _) = self.num(i)?;
        if !matches!(n, 3 | 6 | 9 | 12) || !self.is(i + 1, Tok::MonthWord) {
            return None;
        }
        if !self.is(i + 2, Tok::FiscalWord) {
            return None;
        }
        let (year, end) = self.era_year(i + 3)?;
        Some((RawBody::Round(n, year), end))
    }

    /// A range of two points, or a single point.
    fn points(&self, i: usize) -> Vec<(RawBody, usize)> {
        let Some((first, k)) = self.point(i) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if self.is_separator(k) {
            if let Some((last, end)) = self.point(k + 1) {
                if last.month.is_some() {
                    out.push((RawBody::Range(first.clone(), last), end));
                }
            }
        }
        if first.month.is_some() {
            out.push((RawBody::Single(first), k));
        }
        out
    }

    /// One point (see the module grammar), with the index after it.
    fn point(&self, i: usize) -> Option<(RawPoint, usize)> {
        let mut j = i;
        let day_word = self.is(j, Tok::DayWord);
        if day_word {
            j += 1;
        }
        if let Some(found) = self.numeric_date(j) {
            return Some(found);
        }
        let mut point = RawPoint::default();
        match self.num(j) {
            Some((day, digits)) if digits <= 2 => {
                point.day = Some(day);
                j += 1;
            }
            _ if day_word => return None,
            _ => {}
        }
        let month_word = self.is(j, Tok::MonthWord);
        if month_word {
            j += 1;
        }
        match self.tok(j) {
            Some(Tok::Month { month, thai }) => {
                point.month = Some(u64::from(month));
                point.thai_month = thai;
                j += 1;
            }
            _ if point.day.is_some() && !month_word => return Some((point, j)),
            _ => return None,
        }
        let mut k = j;
        if self.is(k, Tok::Comma) {
            k += 1;
        }
        let era = match self.tok(k) {
            Some(Tok::Era(era)) => {
                k += 1;
                Some(era)
            }
            _ => None,
        };
        if let Some((_, digits)) = self.num(k) {
            if era.is_some() || digits >= 2 {
                point.year = self.year(k, era);
                j = k + 1;
            }
        }
        Some((point, j))
    }

    /// `D/M/Y`, `D-M-Y`, `D.M.Y` or `Y-M-D` (four-digit `Y` first).
    fn numeric_date(&self, i: usize) -> Option<(RawPoint, usize)> {
        let (a, a_digits) = self.num(i)?;
        let sep = self.tok(i + 1)?;
        if !matches!(sep, Tok::Slash | Tok::Dash | Tok::Dot) {
            return None;
        }
        let (b, b_digits) = self.num(i + 2)?;
        if self.tok(i + 3)? != sep {
            return None;
        }
        let (c, c_digits) = self.num(i + 4)?;
        let point = if a_digits == 4 && b_digits <= 2 && c_digits <= 2 {
            RawPoint {
                day: Some(c),
                month: Some(b),
                thai_month: false,
                year: self.year(i, None),
            }
        } else if a_digits <= 2 && b_digits <= 2 {
            RawPoint {
                day: Some(a),
                month: Some(b),
                thai_month: false,
                year: self.year(i + 4, None),
            }
        } else {
            return None;
        };
        Some((point, i + 5))
    }
}

/// The Gregorian year of a written year. Two-digit years are BE 25xx when `two_digits_ok`.
fn resolve_year(year: &RawYear, two_digits_ok: bool) -> Result<i32, CalendarError> {
    let out_of_range = || CalendarError::YearOutOfRange {
        year: excerpt(&year.text),
    };
    if year.digits == 2 {
        let yy = u32::try_from(year.value % 100).unwrap_or(0);
        return if two_digits_ok && year.era != Some(Era::Common) {
            Ok(gregorian_from_be(2500 + yy as i32))
        } else {
            Err(CalendarError::AmbiguousYear { year: yy })
        };
    }
    if year.digits != 4 {
        return Err(out_of_range());
    }
    let value = i32::try_from(year.value).map_err(|_| out_of_range())?;
    let buddhist = BE_YEARS.contains(&value);
    let gregorian = GREGORIAN_YEARS.contains(&value);
    match year.era {
        Some(Era::Buddhist) if buddhist => Ok(gregorian_from_be(value)),
        Some(Era::Common) if gregorian => Ok(value),
        None if buddhist => Ok(gregorian_from_be(value)),
        None if gregorian => Ok(value),
        _ => Err(out_of_range()),
    }
}

/// The fiscal year of a written year (BE; two digits mean 25xx; after ค.ศ. Gregorian).
fn resolve_fiscal_year(year: &RawYear) -> Result<FiscalYear, CalendarError> {
    let value = i32::try_from(year.value).unwrap_or(i32::MAX);
    match (year.digits, year.era) {
        (2, Some(Era::Common)) => Err(CalendarError::AmbiguousYear {
            year: u32::try_from(year.value % 100).unwrap_or(0),
        }),
        (2, _) => FiscalYear::new(2500 + value),
        (4, Some(Era::Common)) => FiscalYear::new(be_from_gregorian(value)),
        _ => FiscalYear::new(value),
    }
}

fn check_month(month: u64) -> Result<u32, CalendarError> {
    match u32::try_from(month) {
        Ok(m) if (1..=12).contains(&m) => Ok(m),
        _ => Err(CalendarError::MonthOutOfRange {
            month: u32::try_from(month).unwrap_or(u32::MAX),
        }),
    }
}

fn make_date(day: u64, month: u64, year: i32) -> Result<NaiveDate, CalendarError> {
    let month = check_month(month)?;
    let day = u32::try_from(day).unwrap_or(u32::MAX);
    NaiveDate::from_ymd_opt(year, month, day).ok_or(CalendarError::InvalidDate {
        day,
        month,
        year_be: be_from_gregorian(year),
    })
}

/// The first day of `point` (its day, or the first of its month).
fn first_day(point: &RawPoint, month: u32, year: i32) -> Result<NaiveDate, CalendarError> {
    match point.day {
        Some(day) => make_date(day, u64::from(month), year),
        None => Ok(YearMonth::new(year, month)?.first_day()),
    }
}

/// The last day of `point` (its day, or the last of its month).
fn last_day(point: &RawPoint, month: u32, year: i32) -> Result<NaiveDate, CalendarError> {
    match point.day {
        Some(day) => make_date(day, u64::from(month), year),
        None => Ok(YearMonth::new(year, month)?.last_day()),
    }
}

fn point_year(point: &RawPoint) -> Result<Option<i32>, CalendarError> {
    point
        .year
        .as_ref()
        .map(|y| resolve_year(y, point.thai_month))
        .transpose()
}

fn ordered(start: NaiveDate, end: NaiveDate) -> Result<(NaiveDate, NaiveDate), CalendarError> {
    if end < start {
        Err(CalendarError::ReversedRange { start, end })
    } else {
        Ok((start, end))
    }
}

fn resolve(phrase: &RawPhrase, input: &str) -> Result<DatePhrase, CalendarError> {
    let missing_year = || CalendarError::MissingYear {
        input: excerpt(input),
    };
    let (start, end) = match &phrase.body {
        RawBody::Single(point) => {
            let month = check_month(point.month.unwrap_or(0))?;
            let year = point_year(point)?.ok_or_else(missing_year)?;
            (
                first_day(point, month, year)?,
                last_day(point, month, year)?,
            )
        }
        RawBody::Range(from, to) => {
            let to_month = check_month(to.month.unwrap_or(0))?;
            let from_month = match from.month {
                Some(m) => check_month(m)?,
                None => to_month,
            };
            let (from_year, to_year) = match (point_year(from)?, point_year(to)?) {
                (Some(a), Some(b)) => (a, b),
                (None, Some(b)) => (if from_month > to_month { b - 1 } else { b }, b),
                (Some(a), None) => (a, if to_month < from_month { a + 1 } else { a }),
                (None, None) => return Err(missing_year()),
            };
            ordered(
                first_day(from, from_month, from_year)?,
                last_day(to, to_month, to_year)?,
            )?
        }
        RawBody::Fiscal(first, last) => {
            let first = resolve_fiscal_year(first)?;
            let last = match last {
                Some(y) => resolve_fiscal_year(y)?,
                None => first,
            };
            ordered(first.start(), last.end())?
        }
        RawBody::Quarter(q, year) => {
            let quarter = u8::try_from(*q).unwrap_or(u8::MAX);
            let p = resolve_fiscal_year(year)?.quarter(quarter)?;
            (p.start, p.end)
        }
        RawBody::Round(months, year) => {
            let fy = resolve_fiscal_year(year)?;
            let last = usize::try_from(*months)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| fy.months().get(i).copied())
                .map_or(fy.end(), YearMonth::last_day);
            (fy.start(), last)
        }
    };
    Ok(DatePhrase {
        start,
        end,
        deadline: phrase.deadline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn phrase(start: NaiveDate, end: NaiveDate, deadline: bool) -> DatePhrase {
        DatePhrase {
            start,
            end,
            deadline,
        }
    }

    #[test]
    fn dates_in_every_form() {
        let mar31 = d(2023, 3, 31);
        for s in [
            "31/03/2566",
            "31/3/2566",
            "31/03/2023",
            "31-03-2566",
            "31.03.2566",
            "2023-03-31",
            "2566-03-31",
            "๓๑/๐๓/๒๕๖๖",
            "31 มี.ค. 2566",
            "31 มี.ค 2566",
            "31 มีค 2566",
            "31มี.ค.2566",
            "๓๑ มีนาคม ๒๕๖๖",
            "วันที่ ๓๑ เดือน มีนาคม พ.ศ.๒๕๖๖",
            "วันที่ ๓๑ มีนาคม พ.ศ. ๒๕๖๖",
            "วันศุกร์ที่ ๓๑ มีนาคม ๒๕๖๖",
            "31 มีนาคม ค.ศ. 2023",
            "31 Mar 2023",
            "31 March, 2023",
            "  31/03/2566  ",
            "(31/03/2566)",
        ] {
            assert_eq!(parse_date(s), Ok(mar31), "{s}");
        }
    }

    #[test]
    fn date_errors() {
        assert_eq!(parse_date(""), Err(CalendarError::Empty));
        assert_eq!(parse_date("   "), Err(CalendarError::Empty));
        assert_eq!(parse_date("()"), Err(CalendarError::Empty));
        assert_eq!(
            parse_date("31/3/66"),
            Err(CalendarError::AmbiguousYear { year: 66 })
        );
        assert_eq!(
            parse_date("31 มี.ค. 66"),
            Err(CalendarError::AmbiguousYear { year: 66 })
        );
        assert_eq!(
            parse_date("31/02/2566"),
            Err(CalendarError::InvalidDate {
                day: 31,
                month: 2,
                year_be: 2566
            })
        );
        assert_eq!(
            parse_date("31 กุมภาพันธ์ 2566").map_err(|e| e.message_th()),
            Err("วันที่ไม่ถูกต้อง: ๓๑ กุมภาพันธ์ ๒๕๖๖ ไม่มีอยู่จริง".to_owned())
        );
        assert_eq!(
            parse_date("31 กุมภาพันธ์ 2566").map_err(|e| e.message_en()),
            Err("Invalid date: 31 February 2566 does not exist".to_owned())
        );
        assert_eq!(
            parse_date("1/13/2566"),
            Err(CalendarError::MonthOutOfRange { month: 13 })
        );
        assert!(matches!(
            parse_date("0/1/2566"),
            Err(CalendarError::InvalidDate { day: 0, .. })
        ));
        assert_eq!(
            parse_date("1/1/2300"),
            Err(CalendarError::YearOutOfRange {
                year: "2300".into()
            })
        );
        assert!(matches!(
            parse_date("1/1/1800"),
            Err(CalendarError::YearOutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("1 ม.ค. พ.ศ. 2023"),
            Err(CalendarError::YearOutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("1 ม.ค. ค.ศ. 2566"),
            Err(CalendarError::YearOutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("1 ม.ค. 123"),
            Err(CalendarError::YearOutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("1 ม.ค."),
            Err(CalendarError::MissingYear { .. })
        ));
        for s in [
            "ธันวาคม ๒๕๖๕",
            "31/03",
            "hello",
            "31/03/2566 extra",
            "1-15 ม.ค. 2566",
            "ภายในวันที่ 31/03/2566",
            "2566",
            "31//2566",
        ] {
            assert!(
                matches!(parse_date(s), Err(CalendarError::Unrecognized { .. })),
                "{s}: {:?}",
                parse_date(s)
            );
        }
    }

    #[test]
    fn leap_days() {
        assert_eq!(parse_date("29/02/2567"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("29 ก.พ. 2567"), Ok(d(2024, 2, 29)));
        assert!(matches!(
            parse_date("29/02/2566"),
            Err(CalendarError::InvalidDate { .. })
        ));
        assert_eq!(parse_date("29/02/2000"), Ok(d(2000, 2, 29)));
        assert!(parse_date("29/02/1900").is_err());
    }

    #[test]
    fn report_examples() {
        let cases = [
            (
                "ภายในเดือนเมษายน ๒๕๖๖",
                phrase(d(2023, 4, 1), d(2023, 4, 30), true),
            ),
            (
                "ภายในเดือน พฤศจิกายน ๒๕๖๕",
                phrase(d(2022, 11, 1), d(2022, 11, 30), true),
            ),
            (
                "ภายในวันที่ ๓๑ เดือน มีนาคม พ.ศ.๒๕๖๖",
                phrase(d(2023, 3, 31), d(2023, 3, 31), true),
            ),
            (
                "ต.ค.๖๕ - มี.ค.๖๖",
                phrase(d(2022, 10, 1), d(2023, 3, 31), false),
            ),
            (
                "ต.ค.-ธ.ค.๖๕",
                phrase(d(2022, 10, 1), d(2022, 12, 31), false),
            ),
            (
                "ธันวาคม ๒๕๖๕",
                phrase(d(2022, 12, 1), d(2022, 12, 31), false),
            ),
            (
                "ภายในเดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖",
                phrase(d(2022, 10, 1), d(2023, 3, 31), true),
            ),
            (
                "(เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)",
                phrase(d(2022, 10, 1), d(2023, 3, 31), false),
            ),
            (
                "ปีงบประมาณ พ.ศ. ๒๕๖๖",
                phrase(d(2022, 10, 1), d(2023, 9, 30), false),
            ),
            (
                "ปีงบประมาณ ๒๕๖๖",
                phrase(d(2022, 10, 1), d(2023, 9, 30), false),
            ),
            (
                "๑ ม.ค. ๒๕๖๖ - ๓๑ มี.ค. ๒๕๖๖",
                phrase(d(2023, 1, 1), d(2023, 3, 31), false),
            ),
            (
                "1-15 ม.ค. 2566",
                phrase(d(2023, 1, 1), d(2023, 1, 15), false),
            ),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date_phrase(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn spacing_and_digits_do_not_matter() {
        let oct_mar = phrase(d(2022, 10, 1), d(2023, 3, 31), false);
        for s in [
            "ต.ค.65-มี.ค.66",
            "ต.ค. 65 - มี.ค. 66",
            "ต.ค.๖๕ – มี.ค.๖๖",
            "ตค65-มีค66",
            "ต.ค.-มี.ค.๖๖",
            "ต.ค. ๒๕๖๕ - มี.ค. ๒๕๖๖",
            "ตุลาคม๒๕๖๕-มีนาคม๒๕๖๖",
            "ตุลาคม 2565 ถึง มีนาคม 2566",
            "ตั้งแต่ ตุลาคม 2565 ถึง มีนาคม 2566",
            "ตั้งแต่เดือนตุลาคม 2565 จนถึงเดือนมีนาคม 2566",
            "1 ต.ค. 2565 - 31 มี.ค. 2566",
            "1/10/2565 - 31/03/2566",
            "2022-10-01 - 2023-03-31",
            "Oct 2022 – Mar 2023",
            "[ต.ค.65 - มี.ค.66].",
        ] {
            assert_eq!(parse_date_phrase(s), Ok(oct_mar), "{s}");
        }
        let within = phrase(d(2023, 4, 1), d(2023, 4, 30), true);
        for s in [
            "ภายในเดือนเมษายน๒๕๖๖",
            "ภายใน เดือน เมษายน ๒๕๖๖",
            "ภายในเดือนเมษายน 2566",
            "ภายใน เม.ย. 66",
            "ภายในเดือนเม.ย.๖๖",
        ] {
            assert_eq!(parse_date_phrase(s), Ok(within), "{s}");
        }
    }

    #[test]
    fn more_phrases() {
        assert_eq!(
            parse_date_phrase("ระหว่างวันที่ ๑ - ๕ ม.ค. ๒๕๖๖"),
            Ok(phrase(d(2023, 1, 1), d(2023, 1, 5), false))
        );
        assert_eq!(
            parse_date_phrase("ภายในวันที่ 31/03/2566"),
            Ok(phrase(d(2023, 3, 31), d(2023, 3, 31), true))
        );
        assert_eq!(
            parse_date_phrase("๑ ม.ค. - ๓๑ มี.ค. ๒๕๖๖"),
            Ok(phrase(d(2023, 1, 1), d(2023, 3, 31), false))
        );
        assert_eq!(
            parse_date_phrase("๑๕ ธ.ค. - ๑๕ ม.ค. ๒๕๖๖"),
            Ok(phrase(d(2022, 12, 15), d(2023, 1, 15), false))
        );
        assert_eq!(
            parse_date_phrase("ต.ค. ๒๕๖๕ - มี.ค."),
            Ok(phrase(d(2022, 10, 1), d(2023, 3, 31), false))
        );
        assert_eq!(
            parse_date_phrase("ปีงบประมาณ ๒๕๖๖ - ๒๕๖๘"),
            Ok(phrase(d(2022, 10, 1), d(2025, 9, 30), false))
        );
        assert_eq!(
            parse_date_phrase("ปีงบฯ ๖๖"),
            Ok(phrase(d(2022, 10, 1), d(2023, 9, 30), false))
        );
        assert_eq!(
            parse_date_phrase("ภายในปีงบประมาณ ๒๕๖๖"),
            Ok(phrase(d(2022, 10, 1), d(2023, 9, 30), true))
        );
        assert_eq!(
            parse_date_phrase("ไตรมาสที่ ๒ ปีงบประมาณ ๒๕๖๖"),
            Ok(phrase(d(2023, 1, 1), d(2023, 3, 31), false))
        );
        assert_eq!(
            parse_date_phrase("ไตรมาส 4/2566"),
            Ok(phrase(d(2023, 7, 1), d(2023, 9, 30), false))
        );
        assert_eq!(
            parse_date_phrase("รอบ ๖ เดือน ปีงบประมาณ พ.ศ. ๒๕๖๖"),
            Ok(phrase(d(2022, 10, 1), d(2023, 3, 31), false))
        );
        assert_eq!(
            parse_date_phrase("รอบ ๑๒ เดือน ปีงบประมาณ ๒๕๖๖"),
            Ok(phrase(d(2022, 10, 1), d(2023, 9, 30), false))
        );
        assert_eq!(
            parse_date_phrase("FY2566"),
            Ok(phrase(d(2022, 10, 1), d(2023, 9, 30), false))
        );
        assert_eq!(
            parse_date_phrase("29 ก.พ. 67"),
            Ok(phrase(d(2024, 2, 29), d(2024, 2, 29), false))
        );
    }

    #[test]
    fn phrase_errors() {
        assert_eq!(parse_date_phrase(""), Err(CalendarError::Empty));
        assert_eq!(parse_date_phrase("( )"), Err(CalendarError::Empty));
        assert!(matches!(
            parse_date_phrase("มี.ค. ๒๕๖๖ - ต.ค. ๒๕๖๕"),
            Err(CalendarError::ReversedRange { .. })
        ));
        assert!(matches!(
            parse_date_phrase("๓๑ ม.ค. - ๑ ม.ค. ๒๕๖๖"),
            Err(CalendarError::ReversedRange { .. })
        ));
        assert!(matches!(
            parse_date_phrase("ปีงบประมาณ ๒๕๖๘ - ๒๕๖๖"),
            Err(CalendarError::ReversedRange { .. })
        ));
        assert!(matches!(
            parse_date_phrase("ภายในเดือนเมษายน"),
            Err(CalendarError::MissingYear { .. })
        ));
        assert!(matches!(
            parse_date_phrase("ต.ค. - ธ.ค."),
            Err(CalendarError::MissingYear { .. })
        ));
        assert!(matches!(
            parse_date_phrase("31 ก.พ. 2566"),
            Err(CalendarError::InvalidDate { .. })
        ));
        assert!(matches!(
            parse_date_phrase("ไตรมาสที่ ๕ ปีงบประมาณ ๒๕๖๖"),
            Err(CalendarError::QuarterOutOfRange { quarter: 5 })
        ));
        assert!(matches!(
            parse_date_phrase("ปีงบประมาณ ๓๐๐๐"),
            Err(CalendarError::FiscalYearOutOfRange { be: 3000 })
        ));
        assert!(matches!(
            parse_date_phrase("31/3/66"),
            Err(CalendarError::AmbiguousYear { year: 66 })
        ));
        for s in [
            "รอบ ๖ เดือน",
            "อย่างน้อย ๑ ภารกิจงาน",
            "๑",
            "1-15",
            "พ.ศ. ๒๕๖๖",
            "รอบ ๕ เดือน ปีงบประมาณ ๒๕๖๖",
            "ธันวาคม ๒๕๖๕ ๔.ผู้บริหาร",
        ] {
            assert!(
                matches!(
                    parse_date_phrase(s),
                    Err(CalendarError::Unrecognized { .. })
                ),
                "{s}: {:?}",
                parse_date_phrase(s)
            );
        }
    }

    #[test]
    fn find_in_report_text() {
        let text = "๓.จัดทำระบบการให้บริการออนไลน์ อย่างน้อย ๑ ภารกิจงาน บนเว็บไซต์หน่วยงาน\
                    ภายในเดือนธันวาคม ๒๕๖๕ ๔.ผู้บริหารรายงานผล รอบ ๖ เดือน \
                    (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖) และประกาศ ณ วันที่ ๑ ต.ค. ๒๕๖๕";
        let found = find_date_phrases(text);
        let spans: Vec<&str> = found
            .iter()
            .map(|(r, _)| text.get(r.clone()).unwrap_or(""))
            .collect();
        assert_eq!(
            spans,
            vec![
                "ภายในเดือนธันวาคม ๒๕๖๕",
                "เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖",
                "วันที่ ๑ ต.ค. ๒๕๖๕"
            ]
        );
        assert_eq!(
            found.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
            vec![
                phrase(d(2022, 12, 1), d(2022, 12, 31), true),
                phrase(d(2022, 10, 1), d(2023, 3, 31), false),
                phrase(d(2022, 10, 1), d(2022, 10, 1), false),
            ]
        );
    }

    #[test]
    fn find_nothing_where_there_is_no_date() {
        for text in [
            "",
            "อย่างน้อย ๑ ภารกิจงาน",
            "รอบ ๖ เดือน",
            "ผู้บริหารรายงานผลรอบ ๖ เดือน ต่อสำนักงาน ก.พ.ร. จำนวน ๑๒ ครั้ง",
            "ตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐ มาตรา ๗",
            "คำสั่งที่ 1/2566",
            "ข้อ 1.2.3 และ 4-5",
            "ภายใน ๑๕ วัน",
            "ภายในเดือนธันวาคม",
            "พยาบาล ๖๕ คน",
        ] {
            assert_eq!(find_date_phrases(text), vec![], "{text}");
        }
    }

    #[test]
    fn find_several_and_adjacent() {
        let text = "ต.ค.-ธ.ค.๖๕,ม.ค.-มี.ค.๖๖";
        let found = find_date_phrases(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, phrase(d(2022, 10, 1), d(2022, 12, 31), false));
        assert_eq!(found[1].1, phrase(d(2023, 1, 1), d(2023, 3, 31), false));
        assert!(found[0].0.end <= found[1].0.start);
    }

    #[test]
    fn fiscal_year_from_str_errors() {
        assert_eq!(
            parse_fiscal_year("ปีงบประมาณ"),
            Err(CalendarError::UnrecognizedFiscalYear {
                input: "ปีงบประมาณ".into()
            })
        );
    }
}

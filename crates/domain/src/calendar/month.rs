//! Thai and English month names, month parsing, leap years and [`YearMonth`].

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::be_from_gregorian;
use super::error::CalendarError;
use super::format::{DateStyle, MonthStyle};

/// Full Thai month names, January first.
pub const MONTH_NAMES_TH: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Standard abbreviated Thai month names (with dots), January first.
pub const MONTH_ABBRS_TH: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// Full English month names, January first.
pub const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Three-letter English month names, January first.
pub const MONTH_ABBRS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn lookup(table: &'static [&'static str; 12], m: u32) -> &'static str {
    m.checked_sub(1)
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or("")
}

/// The full Thai name of month `m` (1–12), e.g. `3 → "มีนาคม"`; `""` outside 1–12.
pub fn month_name_th(m: u32) -> &'static str {
    lookup(&MONTH_NAMES_TH, m)
}

/// The abbreviated Thai name of month `m` (1–12), e.g. `3 → "มี.ค."`; `""` outside 1–12.
pub fn month_abbr_th(m: u32) -> &'static str {
    lookup(&MONTH_ABBRS_TH, m)
}

/// The full English name of month `m` (1–12), e.g. `3 → "March"`; `""` outside 1–12.
pub fn month_name_en(m: u32) -> &'static str {
    lookup(&MONTH_NAMES_EN, m)
}

/// The three-letter English name of month `m` (1–12), e.g. `3 → "Mar"`; `""` outside 1–12.
pub fn month_abbr_en(m: u32) -> &'static str {
    lookup(&MONTH_ABBRS_EN, m)
}

/// The Thai month name of month `m` in the given style; `""` outside 1–12.
pub(crate) fn month_label_th(m: u32, style: MonthStyle) -> &'static str {
    match style {
        MonthStyle::Full => month_name_th(m),
        MonthStyle::Abbrev => month_abbr_th(m),
    }
}

/// Reads a Thai month name: full (`มีนาคม`) or abbreviated with or without dots and spaces
/// (`มี.ค.`, `มี.ค`, `มีค`, `มี. ค.`). A leading `เดือน` is allowed. The frequent spelling
/// `กรกฏาคม` is accepted for กรกฎาคม.
///
/// ```
/// use prongsai_domain::calendar::parse_month_th;
/// assert_eq!(parse_month_th("มี.ค."), Some(3));
/// assert_eq!(parse_month_th("เดือน ตุลาคม"), Some(10));
/// assert_eq!(parse_month_th("March"), None);
/// ```
pub fn parse_month_th(s: &str) -> Option<u32> {
    let compact: String = s
        .chars()
        .filter(|&c| c != '.' && !super::lexer::is_space(c))
        .collect();
    let name = compact.strip_prefix("เดือน").unwrap_or(&compact);
    if name == "กรกฏาคม" {
        return Some(7);
    }
    (1..=12u32)
        .find(|&m| name == month_name_th(m) || name == month_abbr_th(m).replace('.', "").as_str())
}

/// Reads an English month name, full or abbreviated (`Mar`, `Mar.`, `Sept`), in any case.
pub fn parse_month_en(s: &str) -> Option<u32> {
    let name = s.trim().trim_end_matches('.').to_ascii_lowercase();
    if name == "sept" {
        return Some(9);
    }
    (1..=12u32).find(|&m| {
        name == month_name_en(m).to_ascii_lowercase()
            || name == month_abbr_en(m).to_ascii_lowercase()
    })
}

/// Reads a Thai or English month name (see [`parse_month_th`] and [`parse_month_en`]).
pub fn parse_month(s: &str) -> Option<u32> {
    parse_month_th(s).or_else(|| parse_month_en(s))
}

/// Whether a Gregorian year is a leap year (proleptic Gregorian rules).
///
/// 2024 (BE 2567) is a leap year; 2023 (BE 2566) and 1900 are not; 2000 is.
pub fn is_leap_year(year: i32) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// The number of days of month `month` (1–12) of a Gregorian year; `None` outside 1–12.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if is_leap_year(year) => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// A date from parts that the caller has already validated. Never panics: impossible parts
/// (which would be a bug) give the nearest representable date limit instead.
pub(crate) fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// A month of the year, as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ThaiMonth {
    /// มกราคม
    January = 1,
    /// กุมภาพันธ์
    February,
    /// มีนาคม
    March,
    /// เมษายน
    April,
    /// พฤษภาคม
    May,
    /// มิถุนายน
    June,
    /// กรกฎาคม
    July,
    /// สิงหาคม
    August,
    /// กันยายน
    September,
    /// ตุลาคม
    October,
    /// พฤศจิกายน
    November,
    /// ธันวาคม
    December,
}

impl ThaiMonth {
    /// All months, January first.
    pub const ALL: [ThaiMonth; 12] = [
        Self::January,
        Self::February,
        Self::March,
        Self::April,
        Self::May,
        Self::June,
        Self::July,
        Self::August,
        Self::September,
        Self::October,
        Self::November,
        Self::December,
    ];

    /// The month numbered `m` (1–12).
    pub fn from_number(m: u32) -> Option<Self> {
        m.checked_sub(1)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| Self::ALL.get(i))
            .copied()
    }
    /// The month's number, 1–12.
    pub const fn number(self) -> u32 {
        self as u32
    }
    /// Full Thai name, e.g. `มีนาคม`.
    pub fn name_th(self) -> &'static str {
        month_name_th(self.number())
    }
    /// Abbreviated Thai name, e.g. `มี.ค.`.
    pub fn abbr_th(self) -> &'static str {
        month_abbr_th(self.number())
    }
    /// Full English name, e.g. `March`.
    pub fn name_en(self) -> &'static str {
        month_name_en(self.number())
    }
    /// Three-letter English name, e.g. `Mar`.
    pub fn abbr_en(self) -> &'static str {
        month_abbr_en(self.number())
    }
    /// Reads a Thai or English month name (see [`parse_month`]).
    pub fn parse(s: &str) -> Option<Self> {
        parse_month(s).and_then(Self::from_number)
    }
}

impl From<ThaiMonth> for u32 {
    fn from(m: ThaiMonth) -> u32 {
        m.number()
    }
}

/// A calendar month of a Gregorian year, e.g. March 2023 (มีนาคม ๒๕๖๖).
///
/// Always valid: the month is 1–12 and the whole month is representable by [`NaiveDate`].
/// Ordered chronologically. Serialized as `{"year": 2023, "month": 3}` (Gregorian year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "YearMonthRepr")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

#[derive(Deserialize)]
struct YearMonthRepr {
    year: i32,
    month: u32,
}

impl TryFrom<YearMonthRepr> for YearMonth {
    type Error = CalendarError;
    fn try_from(r: YearMonthRepr) -> Result<Self, Self::Error> {
        Self::new(r.year, r.month)
    }
}

impl YearMonth {
    /// Month `month` (1–12) of the Gregorian year `year`.
    pub fn new(year: i32, month: u32) -> Result<Self, CalendarError> {
        if !(1..=12).contains(&month) {
            return Err(CalendarError::MonthOutOfRange { month });
        }
        if NaiveDate::from_ymd_opt(year, month, 1).is_none() {
            return Err(CalendarError::YearOutOfRange {
                year: year.to_string(),
            });
        }
        Ok(Self { year, month })
    }

    /// For parts already known to be valid (month 1–12, year well inside chrono's range).
    pub(crate) const fn new_unchecked(year: i32, month: u32) -> Self {
        Self { year, month }
    }

    /// The month that contains `date`.
    pub fn containing(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The Gregorian year.
    pub const fn year(self) -> i32 {
        self.year
    }
    /// The Buddhist Era year.
    pub fn year_be(self) -> i32 {
        be_from_gregorian(self.year)
    }
    /// The month, 1–12.
    pub const fn month(self) -> u32 {
        self.month
    }
    /// The number of days in this month (28–31).
    pub fn days(self) -> u32 {
        days_in_month(self.year, self.month).unwrap_or(30)
    }
    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        ymd(self.year, self.month, 1)
    }
    /// The last day of the month (29 February in leap years).
    pub fn last_day(self) -> NaiveDate {
        ymd(self.year, self.month, self.days())
    }
    /// Whether `date` is in this month.
    pub fn contains(self, date: NaiveDate) -> bool {
        date.year() == self.year && date.month() == self.month
    }
    /// The following month, if representable.
    pub fn next(self) -> Option<Self> {
        if self.month == 12 {
            Self::new(self.year.checked_add(1)?, 1).ok()
        } else {
            Some(Self::new_unchecked(self.year, self.month + 1))
        }
    }
    /// The preceding month, if representable.
    pub fn prev(self) -> Option<Self> {
        if self.month == 1 {
            Self::new(self.year.checked_sub(1)?, 12).ok()
        } else {
            Some(Self::new_unchecked(self.year, self.month - 1))
        }
    }
    /// Thai label with the BE year, e.g. `มีนาคม ๒๕๖๖` or `มี.ค. 2566`.
    pub fn label_th(self, style: DateStyle) -> String {
        let text = format!(
            "{} {}",
            month_label_th(self.month, style.month),
            self.year_be()
        );
        style.digits.apply(&text)
    }
    /// English label with the Gregorian year, e.g. `March 2023`.
    pub fn label_en(self) -> String {
        format!("{} {}", month_name_en(self.month), self.year)
    }
}

/// `2023-03`.
impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Digits;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn names() {
        assert_eq!(month_name_th(1), "มกราคม");
        assert_eq!(month_name_th(12), "ธันวาคม");
        assert_eq!(month_abbr_th(4), "เม.ย.");
        assert_eq!(month_abbr_th(6), "มิ.ย.");
        assert_eq!(month_name_en(9), "September");
        assert_eq!(month_abbr_en(9), "Sep");
        for bad in [0, 13, u32::MAX] {
            assert_eq!(month_name_th(bad), "");
            assert_eq!(month_abbr_th(bad), "");
            assert_eq!(month_name_en(bad), "");
            assert_eq!(month_abbr_en(bad), "");
        }
    }

    #[test]
    fn parse_thai_months() {
        for m in 1..=12 {
            assert_eq!(parse_month_th(month_name_th(m)), Some(m));
            assert_eq!(parse_month_th(month_abbr_th(m)), Some(m));
            let no_dots = month_abbr_th(m).replace('.', "");
            assert_eq!(parse_month_th(&no_dots), Some(m));
            let no_last_dot = month_abbr_th(m).trim_end_matches('.').to_owned();
            assert_eq!(parse_month_th(&no_last_dot), Some(m));
        }
        assert_eq!(parse_month_th("มี.ค."), Some(3));
        assert_eq!(parse_month_th("มีค"), Some(3));
        assert_eq!(parse_month_th("มี.ค"), Some(3));
        assert_eq!(parse_month_th(" มี. ค. "), Some(3));
        assert_eq!(parse_month_th("เดือนเมษายน"), Some(4));
        assert_eq!(parse_month_th("กรกฏาคม"), Some(7));
        assert_eq!(parse_month_th("มี"), None);
        assert_eq!(parse_month_th(""), None);
        assert_eq!(parse_month_th("March"), None);
    }

    #[test]
    fn parse_english_months() {
        assert_eq!(parse_month_en("March"), Some(3));
        assert_eq!(parse_month_en("mar."), Some(3));
        assert_eq!(parse_month_en("SEPT"), Some(9));
        assert_eq!(parse_month_en("Marc"), None);
        assert_eq!(parse_month("ต.ค."), Some(10));
        assert_eq!(parse_month("oct"), Some(10));
        assert_eq!(ThaiMonth::parse("พ.ย."), Some(ThaiMonth::November));
    }

    #[test]
    fn thai_month_enum() {
        for (i, m) in ThaiMonth::ALL.iter().enumerate() {
            assert_eq!(m.number() as usize, i + 1);
            assert_eq!(ThaiMonth::from_number(m.number()), Some(*m));
        }
        assert_eq!(ThaiMonth::from_number(0), None);
        assert_eq!(ThaiMonth::from_number(13), None);
        assert_eq!(ThaiMonth::March.name_th(), "มีนาคม");
        assert_eq!(ThaiMonth::March.abbr_th(), "มี.ค.");
        assert_eq!(ThaiMonth::March.name_en(), "March");
        assert_eq!(ThaiMonth::March.abbr_en(), "Mar");
        assert_eq!(u32::from(ThaiMonth::December), 12);
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024)); // BE 2567
        assert!(!is_leap_year(2023)); // BE 2566
        assert!(!is_leap_year(1900));
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(2100));
        assert!(is_leap_year(-4));
        assert_eq!(days_in_month(2024, 2), Some(29));
        assert_eq!(days_in_month(2023, 2), Some(28));
        assert_eq!(days_in_month(2023, 4), Some(30));
        assert_eq!(days_in_month(2023, 13), None);
        // Agrees with chrono everywhere in a wide span.
        for y in 1800..2300 {
            for m in 1..=12 {
                let n = days_in_month(y, m).unwrap_or(0);
                assert!(NaiveDate::from_ymd_opt(y, m, n).is_some());
                assert!(NaiveDate::from_ymd_opt(y, m, n + 1).is_none());
            }
        }
    }

    #[test]
    fn year_month() {
        let feb = YearMonth::new(2024, 2).unwrap_or(YearMonth::new_unchecked(0, 1));
        assert_eq!(feb.first_day(), d(2024, 2, 1));
        assert_eq!(feb.last_day(), d(2024, 2, 29));
        assert_eq!(feb.days(), 29);
        assert_eq!(feb.year_be(), 2567);
        assert!(feb.contains(d(2024, 2, 29)));
        assert!(!feb.contains(d(2024, 3, 1)));
        assert_eq!(
            YearMonth::new(2023, 2).map(YearMonth::last_day),
            Ok(d(2023, 2, 28))
        );
        assert_eq!(
            YearMonth::new(2023, 13),
            Err(CalendarError::MonthOutOfRange { month: 13 })
        );
        assert_eq!(
            YearMonth::new(2023, 0),
            Err(CalendarError::MonthOutOfRange { month: 0 })
        );
        assert!(YearMonth::new(i32::MAX, 1).is_err());
        assert_eq!(feb.to_string(), "2024-02");
        assert_eq!(
            feb.label_th(DateStyle::new(Digits::Thai, MonthStyle::Full)),
            "กุมภาพันธ์ ๒๕๖๗"
        );
        assert_eq!(
            feb.label_th(DateStyle::new(Digits::Arabic, MonthStyle::Abbrev)),
            "ก.พ. 2567"
        );
        assert_eq!(feb.label_en(), "February 2024");
        assert_eq!(YearMonth::containing(d(2023, 12, 5)).month(), 12);
    }

    #[test]
    fn year_month_next_prev() {
        let dec = YearMonth::new_unchecked(2022, 12);
        assert_eq!(dec.next(), Some(YearMonth::new_unchecked(2023, 1)));
        assert_eq!(
            YearMonth::new_unchecked(2023, 1).prev(),
            Some(YearMonth::new_unchecked(2022, 12))
        );
        assert_eq!(YearMonth::containing(NaiveDate::MAX).next(), None);
        assert_eq!(YearMonth::containing(NaiveDate::MIN).prev(), None);
        assert!(YearMonth::new_unchecked(2022, 3) < YearMonth::new_unchecked(2022, 10));
        assert!(YearMonth::new_unchecked(2021, 12) < YearMonth::new_unchecked(2022, 1));
    }

    #[test]
    fn year_month_serde() {
        let ym = YearMonth::new_unchecked(2023, 3);
        let json = serde_json::to_string(&ym).unwrap_or_default();
        assert_eq!(json, r#"{"year":2023,"month":3}"#);
        let back: Result<YearMonth, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(ym));
        let bad: Result<YearMonth, _> = serde_json::from_str(r#"{"year":2023,"month":13}"#);
        assert!(bad.is_err());
    }
}

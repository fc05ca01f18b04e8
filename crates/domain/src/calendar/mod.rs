//! Thai calendar: Buddhist Era years, the Thai government fiscal year, Thai digits, Thai month
//! names, and formatting and parsing of dates the way Thai agencies write them.
//!
//! Everything here is pure and total: no IO, and no function panics on any input. Fallible
//! operations return [`CalendarError`], whose [`message_th`](CalendarError::message_th) and
//! [`message_en`](CalendarError::message_en) are written for end users.
//!
//! # Conventions
//!
//! * Dates are [`chrono::NaiveDate`] in the proleptic Gregorian calendar; years shown to Thai
//!   users are Buddhist Era (พ.ศ.) years, Gregorian + 543 ([`be_from_gregorian`]).
//! * The Thai fiscal year (ปีงบประมาณ) runs from 1 October to 30 September and is named by the
//!   BE year in which it ends: FY 2566 is 1 Oct 2022 – 30 Sep 2023 ([`FiscalYear`]).
//! * Quarters and halves are fiscal: Q1 is Oct–Dec, H1 ("รอบ ๖ เดือน") is Oct–Mar ([`Period`]).
//!
//! # Parsing
//!
//! * [`parse_date`] reads one date as users type it: `31/03/2566`, `2023-03-31`,
//!   `๓๑ มี.ค. ๒๕๖๖`, `วันที่ ๓๑ เดือน มีนาคม พ.ศ.๒๕๖๖`, `31 Mar 2023`. A four-digit year from
//!   [`BE_YEARS`] is Buddhist Era, one from [`GREGORIAN_YEARS`] is Gregorian; two-digit years are
//!   refused as ambiguous.
//! * [`parse_date_phrase`] reads the date phrases of work plans and reports (`ภายในเดือนเมษายน
//!   ๒๕๖๖`, `ต.ค.-ธ.ค.๖๕`, `ปีงบประมาณ พ.ศ. ๒๕๖๖`, …) into a [`DatePhrase`];
//!   [`find_date_phrases`] finds such phrases in free text.
//!
//! ```
//! use prongsai_domain::calendar::*;
//! use chrono::NaiveDate;
//!
//! let d = parse_date("๓๑ มี.ค. ๒๕๖๖").unwrap();
//! assert_eq!(d, NaiveDate::from_ymd_opt(2023, 3, 31).unwrap());
//! assert_eq!(format_date_long_th(d, Digits::Thai), "วันที่ ๓๑ มีนาคม พ.ศ. ๒๕๖๖");
//!
//! let fy = FiscalYear::containing(d);
//! assert_eq!(fy.be(), 2566);
//! assert_eq!(fy.quarter(1).unwrap().label_th(Digits::Thai), "ไตรมาสที่ ๑ (ต.ค. – ธ.ค. ๒๕๖๕)");
//!
//! let p = parse_date_phrase("ภายในเดือนเมษายน ๒๕๖๖").unwrap();
//! assert!(p.deadline);
//! assert_eq!(p.end, NaiveDate::from_ymd_opt(2023, 4, 30).unwrap());
//! ```

#![warn(missing_docs)]

mod digits;
mod error;
mod fiscal;
mod format;
mod lexer;
mod month;
mod parse;

#[cfg(test)]
mod proptests;

use std::ops::RangeInclusive;

pub use digits::{to_ascii_digits, to_thai_digits, Digits};
pub use error::CalendarError;
pub use fiscal::{FiscalYear, Period, PeriodKind, PeriodUnit};
pub use format::{
    format_date_en, format_date_long_th, format_date_range_en, format_date_range_th,
    format_date_th, format_datetime_th, DateStyle, MonthStyle,
};
pub use month::{
    days_in_month, is_leap_year, month_abbr_en, month_abbr_th, month_name_en, month_name_th,
    parse_month, parse_month_en, parse_month_th, ThaiMonth, YearMonth, MONTH_ABBRS_EN,
    MONTH_ABBRS_TH, MONTH_NAMES_EN, MONTH_NAMES_TH,
};
pub use parse::{find_date_phrases, parse_date, parse_date_phrase, DatePhrase};

/// Years between the Buddhist Era and the Gregorian calendar: BE = CE + 543.
pub const BE_OFFSET: i32 = 543;

/// Four-digit years that [`parse_date`] and [`parse_date_phrase`] read as Buddhist Era years
/// (Gregorian 1857–2256).
pub const BE_YEARS: RangeInclusive<i32> = 2400..=2799;

/// Four-digit years that [`parse_date`] and [`parse_date_phrase`] read as Gregorian years.
/// Years between this range and [`BE_YEARS`] (2201–2399) are refused as ambiguous.
pub const GREGORIAN_YEARS: RangeInclusive<i32> = 1900..=2200;

/// The Buddhist Era year of a Gregorian year: `2023 → 2566`.
///
/// Saturates at the limits of `i32` instead of overflowing.
pub fn be_from_gregorian(year: i32) -> i32 {
    year.saturating_add(BE_OFFSET)
}

/// The Gregorian year of a Buddhist Era year: `2566 → 2023`.
///
/// Saturates at the limits of `i32` instead of overflowing.
pub fn gregorian_from_be(be: i32) -> i32 {
    be.saturating_sub(BE_OFFSET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn be_conversion() {
        assert_eq!(be_from_gregorian(2023), 2566);
        assert_eq!(gregorian_from_be(2566), 2023);
        assert_eq!(be_from_gregorian(0), 543);
        assert_eq!(be_from_gregorian(i32::MAX), i32::MAX);
        assert_eq!(gregorian_from_be(i32::MIN), i32::MIN);
    }

    #[test]
    fn year_ranges_do_not_overlap() {
        assert!(GREGORIAN_YEARS.end() < BE_YEARS.start());
    }
}

//! Errors of the calendar module, with Thai and English user-facing messages.

use chrono::NaiveDate;

use super::digits::{to_thai_digits, Digits};
use super::fiscal::FiscalYear;
use super::format::{format_date_en, format_date_th, DateStyle, MonthStyle};
use super::month::{month_name_en, month_name_th};
use super::{BE_YEARS, GREGORIAN_YEARS};
use crate::error::InputError;
use crate::i18n::Lang;

/// Why a calendar value could not be built or parsed.
///
/// Every variant carries what is needed for a precise message: see [`message_th`] and
/// [`message_en`] (the `Display` text is the English message).
///
/// [`message_th`]: CalendarError::message_th
/// [`message_en`]: CalendarError::message_en
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The input was empty (or only spaces and brackets).
    #[error("{}", self.message_en())]
    Empty,
    /// The input is not a date (or date phrase) in any supported form.
    #[error("{}", self.message_en())]
    Unrecognized {
        /// The input, shortened if very long.
        input: String,
    },
    /// The input is not a fiscal year in any supported form.
    #[error("{}", self.message_en())]
    UnrecognizedFiscalYear {
        /// The input, shortened if very long.
        input: String,
    },
    /// Day, month and year were read but that day does not exist (e.g. 31 February).
    #[error("{}", self.message_en())]
    InvalidDate {
        /// The day as written.
        day: u32,
        /// 1–12.
        month: u32,
        /// The year in the Buddhist Era.
        year_be: i32,
    },
    /// A month number outside 1–12.
    #[error("{}", self.message_en())]
    MonthOutOfRange {
        /// The month number as written.
        month: u32,
    },
    /// A year that is neither in [`BE_YEARS`] nor in [`GREGORIAN_YEARS`].
    #[error("{}", self.message_en())]
    YearOutOfRange {
        /// The year as written (ASCII digits, possibly with a sign).
        year: String,
    },
    /// A two-digit year where a full year is required.
    #[error("{}", self.message_en())]
    AmbiguousYear {
        /// The two digits, 0–99.
        year: u32,
    },
    /// A month or date was given without any year to place it in.
    #[error("{}", self.message_en())]
    MissingYear {
        /// The input, shortened if very long.
        input: String,
    },
    /// A fiscal year outside [`FiscalYear::MIN_BE`]..=[`FiscalYear::MAX_BE`].
    #[error("{}", self.message_en())]
    FiscalYearOutOfRange {
        /// The BE year asked for.
        be: i32,
    },
    /// A fiscal quarter outside 1–4.
    #[error("{}", self.message_en())]
    QuarterOutOfRange {
        /// The quarter asked for.
        quarter: u8,
    },
    /// A fiscal half outside 1–2.
    #[error("{}", self.message_en())]
    HalfOutOfRange {
        /// The half asked for.
        half: u8,
    },
    /// A date range whose end is before its start.
    #[error("{}", self.message_en())]
    ReversedRange {
        /// The start as read.
        start: NaiveDate,
        /// The end as read, before `start`.
        end: NaiveDate,
    },
}

const THAI_SHORT: DateStyle = DateStyle {
    digits: Digits::Thai,
    month: MonthStyle::Abbrev,
};

impl CalendarError {
    /// The message for Thai users (Thai digits).
    pub fn message_th(&self) -> String {
        let th = |n: &dyn std::fmt::Display| to_thai_digits(&n.to_string());
        match self {
            Self::Empty => "ยังไม่ได้กรอกวันที่".to_owned(),
            Self::Unrecognized { input } => {
                format!("ไม่เข้าใจรูปแบบวันที่ “{input}” (ตัวอย่างที่ใช้ได้: ๓๑/๐๓/๒๕๖๖ หรือ ๓๑ มี.ค. ๒๕๖๖)")
            }
            Self::UnrecognizedFiscalYear { input } => {
                format!("ไม่เข้าใจปีงบประมาณ “{input}” (ตัวอย่างที่ใช้ได้: ๒๕๖๖ หรือ ปีงบประมาณ พ.ศ. ๒๕๖๖)")
            }
            Self::InvalidDate {
                day,
                month,
                year_be,
            } => {
                let m = match month_name_th(*month) {
                    "" => format!("เดือนที่ {}", th(month)),
                    name => name.to_owned(),
                };
                format!("วันที่ไม่ถูกต้อง: {} {m} {} ไม่มีอยู่จริง", th(day), th(year_be))
            }
            Self::MonthOutOfRange { month } => {
                format!("เดือนไม่ถูกต้อง: {} (ต้องเป็น ๑–๑๒)", th(month))
            }
            Self::YearOutOfRange { year } => format!(
                "ปีไม่ถูกต้อง: {} (ใช้ปี พ.ศ. {}–{} หรือ ค.ศ. {}–{})",
                th(year),
                th(BE_YEARS.start()),
                th(BE_YEARS.end()),
                th(GREGORIAN_YEARS.start()),
                th(GREGORIAN_YEARS.end())
            ),
            Self::AmbiguousYear { year } => format!(
                "ปี “{}” มีเพียง ๒ หลัก จึงไม่ชัดเจน กรุณาระบุปีเต็ม ๔ หลัก เช่น {}",
                th(&format!("{year:02}")),
                th(&(2500 + year % 100))
            ),
            Self::MissingYear { input } => format!("ไม่ได้ระบุปีใน “{input}”"),
            Self::FiscalYearOutOfRange { be } => format!(
                "ปีงบประมาณไม่ถูกต้อง: {} (ต้องอยู่ระหว่าง พ.ศ. {}–{})",
                th(be),
                th(&FiscalYear::MIN_BE),
                th(&FiscalYear::MAX_BE)
            ),
            Self::QuarterOutOfRange { quarter } => {
                format!("ไตรมาสไม่ถูกต้อง: {} (ต้องเป็น ๑–๔)", th(quarter))
            }
            Self::HalfOutOfRange { half } => {
                format!("รอบครึ่งปีไม่ถูกต้อง: {} (ต้องเป็น ๑ หรือ ๒)", th(half))
            }
            Self::ReversedRange { start, end } => format!(
                "ช่วงวันที่ไม่ถูกต้อง: วันสิ้นสุด ({}) อยู่ก่อนวันเริ่มต้น ({})",
                format_date_th(*end, THAI_SHORT),
                format_date_th(*start, THAI_SHORT)
            ),
        }
    }

    /// The message for English-speaking users (years as written or in the Buddhist Era, as in
    /// the input).
    pub fn message_en(&self) -> String {
        match self {
            Self::Empty => "No date was entered".to_owned(),
            Self::Unrecognized { input } => format!(
                "Unrecognised date “{input}” (try e.g. 31/03/2566, 31 Mar 2566 or 2023-03-31)"
            ),
            Self::UnrecognizedFiscalYear { input } => {
                format!("Unrecognised fiscal year “{input}” (try e.g. 2566)")
            }
            Self::InvalidDate {
                day,
                month,
                year_be,
            } => {
                let m = match month_name_en(*month) {
                    "" => format!("month {month}"),
                    name => name.to_owned(),
                };
                format!("Invalid date: {day} {m} {year_be} does not exist")
            }
            Self::MonthOutOfRange { month } => format!("Invalid month: {month} (must be 1–12)"),
            Self::YearOutOfRange { year } => format!(
                "Year out of range: {year} (use a Buddhist Era year {}–{} or a Gregorian year {}–{})",
                BE_YEARS.start(),
                BE_YEARS.end(),
                GREGORIAN_YEARS.start(),
                GREGORIAN_YEARS.end()
            ),
            Self::AmbiguousYear { year } => format!(
                "The two-digit year “{year:02}” is ambiguous: please write the full year, e.g. {}",
                2500 + year % 100
            ),
            Self::MissingYear { input } => format!("No year given in “{input}”"),
            Self::FiscalYearOutOfRange { be } => format!(
                "Fiscal year out of range: {be} (must be between {} and {} BE)",
                FiscalYear::MIN_BE,
                FiscalYear::MAX_BE
            ),
            Self::QuarterOutOfRange { quarter } => {
                format!("Invalid quarter: {quarter} (must be 1–4)")
            }
            Self::HalfOutOfRange { half } => format!("Invalid half-year: {half} (must be 1 or 2)"),
            Self::ReversedRange { start, end } => format!(
                "Invalid date range: the end ({}) is before the start ({})",
                format_date_en(*end),
                format_date_en(*start)
            ),
        }
    }

    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Th => self.message_th(),
            Lang::En => self.message_en(),
        }
    }

    /// This error as an [`InputError`] for the form field `field`.
    pub fn to_input_error(&self, field: &'static str) -> InputError {
        InputError::new(field, self.message_th(), self.message_en())
    }
}

/// Shortens user input kept in an error so that messages stay readable.
pub(crate) fn excerpt(input: &str) -> String {
    const MAX_CHARS: usize = 80;
    let trimmed = input.trim();
    let mut chars = trimmed.char_indices();
    match chars.nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", trimmed.get(..cut).unwrap_or(trimmed)),
        None => trimmed.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_date_messages() {
        let e = CalendarError::InvalidDate {
            day: 31,
            month: 2,
            year_be: 2566,
        };
        assert_eq!(e.message_th(), "วันที่ไม่ถูกต้อง: ๓๑ กุมภาพันธ์ ๒๕๖๖ ไม่มีอยู่จริง");
        assert_eq!(
            e.message_en(),
            "Invalid date: 31 February 2566 does not exist"
        );
        assert_eq!(e.to_string(), e.message_en());
        assert_eq!(e.message(Lang::Th), e.message_th());
        let ie = e.to_input_error("due_date");
        assert_eq!(ie.field, "due_date");
        assert_eq!(ie.en, e.message_en());
    }

    #[test]
    fn every_variant_has_both_messages() {
        let d1 = NaiveDate::from_ymd_opt(2023, 3, 31).unwrap_or_default();
        let d2 = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
        let all = [
            CalendarError::Empty,
            CalendarError::Unrecognized { input: "x".into() },
            CalendarError::UnrecognizedFiscalYear { input: "x".into() },
            CalendarError::InvalidDate {
                day: 0,
                month: 13,
                year_be: 2566,
            },
            CalendarError::MonthOutOfRange { month: 13 },
            CalendarError::YearOutOfRange {
                year: "2300".into(),
            },
            CalendarError::AmbiguousYear { year: 66 },
            CalendarError::MissingYear { input: "x".into() },
            CalendarError::FiscalYearOutOfRange { be: 3000 },
            CalendarError::QuarterOutOfRange { quarter: 5 },
            CalendarError::HalfOutOfRange { half: 3 },
            CalendarError::ReversedRange { start: d1, end: d2 },
        ];
        for e in all {
            assert!(!e.message_th().is_empty());
            assert!(!e.message_en().is_empty());
            assert!(
                !e.message_th().chars().any(|c| c.is_ascii_digit()),
                "{}",
                e.message_th()
            );
        }
    }

    #[test]
    fn specific_messages() {
        assert_eq!(
            CalendarError::AmbiguousYear { year: 66 }.message_th(),
            "ปี “๖๖” มีเพียง ๒ หลัก จึงไม่ชัดเจน กรุณาระบุปีเต็ม ๔ หลัก เช่น ๒๕๖๖"
        );
        let start = NaiveDate::from_ymd_opt(2023, 3, 31).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
        assert_eq!(
            CalendarError::ReversedRange { start, end }.message_th(),
            "ช่วงวันที่ไม่ถูกต้อง: วันสิ้นสุด (๑ ม.ค. ๒๕๖๖) อยู่ก่อนวันเริ่มต้น (๓๑ มี.ค. ๒๕๖๖)"
        );
        assert_eq!(
            CalendarError::ReversedRange { start, end }.message_en(),
            "Invalid date range: the end (1 Jan 2023) is before the start (31 Mar 2023)"
        );
    }

    #[test]
    fn excerpt_shortens() {
        assert_eq!(excerpt("  abc "), "abc");
        let long = "ก".repeat(200);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), 81);
        assert!(e.ends_with('…'));
    }
}

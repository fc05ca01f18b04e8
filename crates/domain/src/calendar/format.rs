//! Formatting dates the Thai way (Buddhist Era years, Thai month names, Thai or ASCII digits),
//! plus a compact English form.
//!
//! Plain spaces (U+0020) separate the parts; no no-break spaces are produced.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::be_from_gregorian;
use super::digits::Digits;
use super::month::{month_abbr_en, month_label_th, month_name_th};

/// How month names are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MonthStyle {
    /// `มกราคม`.
    #[default]
    Full,
    /// `ม.ค.`.
    Abbrev,
}

/// How a Thai date is written: which digits, which month names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct DateStyle {
    /// Thai or ASCII digits.
    pub digits: Digits,
    /// Full or abbreviated month names.
    pub month: MonthStyle,
}

impl DateStyle {
    /// `๑ มกราคม ๒๕๖๗`.
    pub const THAI_FULL: Self = Self::new(Digits::Thai, MonthStyle::Full);
    /// `๑ ม.ค. ๒๕๖๗`.
    pub const THAI_ABBREV: Self = Self::new(Digits::Thai, MonthStyle::Abbrev);
    /// `1 มกราคม 2567`.
    pub const ARABIC_FULL: Self = Self::new(Digits::Arabic, MonthStyle::Full);
    /// `1 ม.ค. 2567`.
    pub const ARABIC_ABBREV: Self = Self::new(Digits::Arabic, MonthStyle::Abbrev);
    /// All four styles.
    pub const ALL: [Self; 4] = [
        Self::THAI_FULL,
        Self::THAI_ABBREV,
        Self::ARABIC_FULL,
        Self::ARABIC_ABBREV,
    ];

    /// A style from its two choices.
    pub const fn new(digits: Digits, month: MonthStyle) -> Self {
        Self { digits, month }
    }
}

fn be(date: NaiveDate) -> i32 {
    be_from_gregorian(date.year())
}

/// Day, month and BE year with ASCII digits.
fn day_month_year(date: NaiveDate, month: MonthStyle) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_label_th(date.month(), month),
        be(date)
    )
}

/// A date as `๑ ม.ค. ๒๕๖๗` or `1 มกราคม 2567` (BE year, no leading zeros).
pub fn format_date_th(date: NaiveDate, style: DateStyle) -> String {
    style.digits.apply(&day_month_year(date, style.month))
}

/// The formal form: `วันที่ ๓๑ มีนาคม พ.ศ. ๒๕๖๖`.
pub fn format_date_long_th(date: NaiveDate, digits: Digits) -> String {
    digits.apply(&format!(
        "วันที่ {} {} พ.ศ. {}",
        date.day(),
        month_name_th(date.month()),
        be(date)
    ))
}

/// The English form with the Gregorian year: `31 Mar 2023`.
pub fn format_date_en(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_abbr_en(date.month()),
        date.year()
    )
}

/// A date and time: `๑ ม.ค. ๒๕๖๗ เวลา ๑๔:๐๕ น.` (24-hour clock, seconds dropped).
pub fn format_datetime_th(datetime: NaiveDateTime, style: DateStyle) -> String {
    let text = format!(
        "{} เวลา {:02}:{:02} น.",
        day_month_year(datetime.date(), style.month),
        datetime.hour(),
        datetime.minute()
    );
    style.digits.apply(&text)
}

fn is_last_of_month(date: NaiveDate) -> bool {
    date.succ_opt()
        .is_none_or(|next| next.month() != date.month())
}

/// How a range of dates is compressed.
enum RangeShape {
    Reversed,
    OneDay,
    /// Within one calendar month: `1–15 Jan 2023`.
    DaysOfOneMonth,
    /// Whole months within one year: `Oct–Dec 2022`.
    WholeMonthsOneYear,
    /// Whole months across years: `Oct 2022 – Mar 2023`.
    WholeMonths,
    /// Within one year: `1 Jan – 15 Mar 2023`.
    OneYear,
    Other,
}

fn shape(start: NaiveDate, end: NaiveDate) -> RangeShape {
    let same_year = start.year() == end.year();
    let whole_months = start.day() == 1 && is_last_of_month(end);
    if start > end {
        RangeShape::Reversed
    } else if start == end {
        RangeShape::OneDay
    } else if same_year && start.month() == end.month() {
        RangeShape::DaysOfOneMonth
    } else if whole_months && same_year {
        RangeShape::WholeMonthsOneYear
    } else if whole_months {
        RangeShape::WholeMonths
    } else if same_year {
        RangeShape::OneYear
    } else {
        RangeShape::Other
    }
}

/// A date range (both ends inclusive), compressed the usual Thai way:
///
/// | range                          | output (Thai digits, abbreviated) |
/// |--------------------------------|-----------------------------------|
/// | one day                        | `๑ ม.ค. ๒๕๖๖`                      |
/// | within one month               | `๑–๓๑ ม.ค. ๒๕๖๖`                   |
/// | whole months of one year       | `ต.ค. – ธ.ค. ๒๕๖๕`                 |
/// | whole months across years      | `ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖`           |
/// | within one year                | `๑ ม.ค. – ๑๕ มี.ค. ๒๕๖๖`           |
/// | otherwise (also if `end < start`) | `๑ ต.ค. ๒๕๖๕ – ๑๕ มี.ค. ๒๕๖๖`   |
///
/// Every output is read back by [`parse_date_phrase`](super::parse_date_phrase).
pub fn format_date_range_th(start: NaiveDate, end: NaiveDate, style: DateStyle) -> String {
    let m = |d: NaiveDate| month_label_th(d.month(), style.month);
    let full = |d: NaiveDate| day_month_year(d, style.month);
    let text = match shape(start, end) {
        RangeShape::OneDay => full(start),
        RangeShape::DaysOfOneMonth => {
            format!("{}–{} {} {}", start.day(), end.day(), m(start), be(start))
        }
        RangeShape::WholeMonthsOneYear => format!("{} – {} {}", m(start), m(end), be(end)),
        RangeShape::WholeMonths => {
            format!("{} {} – {} {}", m(start), be(start), m(end), be(end))
        }
        RangeShape::OneYear => format!(
            "{} {} – {} {} {}",
            start.day(),
            m(start),
            end.day(),
            m(end),
            be(end)
        ),
        RangeShape::Reversed | RangeShape::Other => format!("{} – {}", full(start), full(end)),
    };
    style.digits.apply(&text)
}

/// A date range in English with Gregorian years, compressed like [`format_date_range_th`]:
/// `1–31 Jan 2023`, `Oct–Dec 2022`, `Oct 2022 – Mar 2023`, `1 Jan – 15 Mar 2023`.
pub fn format_date_range_en(start: NaiveDate, end: NaiveDate) -> String {
    let m = |d: NaiveDate| month_abbr_en(d.month());
    match shape(start, end) {
        RangeShape::OneDay => format_date_en(start),
        RangeShape::DaysOfOneMonth => format!(
            "{}–{} {} {}",
            start.day(),
            end.day(),
            m(start),
            start.year()
        ),
        RangeShape::WholeMonthsOneYear => format!("{}–{} {}", m(start), m(end), end.year()),
        RangeShape::WholeMonths => {
            format!("{} {} – {} {}", m(start), start.year(), m(end), end.year())
        }
        RangeShape::OneYear => format!(
            "{} {} – {} {} {}",
            start.day(),
            m(start),
            end.day(),
            m(end),
            end.year()
        ),
        RangeShape::Reversed | RangeShape::Other => {
            format!("{} – {}", format_date_en(start), format_date_en(end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn single_dates() {
        let jan1 = d(2024, 1, 1);
        assert_eq!(format_date_th(jan1, DateStyle::THAI_ABBREV), "๑ ม.ค. ๒๕๖๗");
        assert_eq!(
            format_date_th(jan1, DateStyle::ARABIC_FULL),
            "1 มกราคม 2567"
        );
        assert_eq!(format_date_th(jan1, DateStyle::THAI_FULL), "๑ มกราคม ๒๕๖๗");
        assert_eq!(
            format_date_th(jan1, DateStyle::ARABIC_ABBREV),
            "1 ม.ค. 2567"
        );
        assert!(!format_date_th(jan1, DateStyle::THAI_FULL).contains('\u{a0}'));
        let mar31 = d(2023, 3, 31);
        assert_eq!(
            format_date_long_th(mar31, Digits::Thai),
            "วันที่ ๓๑ มีนาคม พ.ศ. ๒๕๖๖"
        );
        assert_eq!(
            format_date_long_th(mar31, Digits::Arabic),
            "วันที่ 31 มีนาคม พ.ศ. 2566"
        );
        assert_eq!(format_date_en(mar31), "31 Mar 2023");
        assert_eq!(
            format_date_th(d(2024, 2, 29), DateStyle::ARABIC_ABBREV),
            "29 ก.พ. 2567"
        );
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for date in [NaiveDate::MIN, NaiveDate::MAX, d(0, 1, 1), d(-1, 12, 31)] {
            for style in DateStyle::ALL {
                assert!(!format_date_th(date, style).is_empty());
                assert!(!format_date_range_th(date, date, style).is_empty());
                assert!(!format_date_range_th(NaiveDate::MIN, date, style).is_empty());
                assert!(!format_date_range_th(date, NaiveDate::MAX, style).is_empty());
            }
            assert!(!format_date_en(date).is_empty());
            assert!(!format_date_long_th(date, Digits::Thai).is_empty());
            assert!(!format_date_range_en(NaiveDate::MIN, date).is_empty());
        }
    }

    #[test]
    fn datetime() {
        let dt = d(2024, 1, 1).and_hms_opt(14, 5, 59).unwrap_or_default();
        assert_eq!(
            format_datetime_th(dt, DateStyle::THAI_ABBREV),
            "๑ ม.ค. ๒๕๖๗ เวลา ๑๔:๐๕ น."
        );
        assert_eq!(
            format_datetime_th(dt, DateStyle::ARABIC_FULL),
            "1 มกราคม 2567 เวลา 14:05 น."
        );
    }

    #[test]
    fn ranges_th() {
        let s = DateStyle::THAI_ABBREV;
        assert_eq!(
            format_date_range_th(d(2022, 10, 1), d(2023, 3, 31), s),
            "ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖"
        );
        assert_eq!(
            format_date_range_th(d(2023, 1, 1), d(2023, 1, 31), s),
            "๑–๓๑ ม.ค. ๒๕๖๖"
        );
        assert_eq!(
            format_date_range_th(d(2023, 1, 1), d(2023, 1, 15), s),
            "๑–๑๕ ม.ค. ๒๕๖๖"
        );
        assert_eq!(
            format_date_range_th(d(2022, 10, 1), d(2022, 12, 31), s),
            "ต.ค. – ธ.ค. ๒๕๖๕"
        );
        assert_eq!(
            format_date_range_th(d(2023, 1, 1), d(2023, 3, 15), s),
            "๑ ม.ค. – ๑๕ มี.ค. ๒๕๖๖"
        );
        assert_eq!(
            format_date_range_th(d(2022, 10, 2), d(2023, 3, 31), s),
            "๒ ต.ค. ๒๕๖๕ – ๓๑ มี.ค. ๒๕๖๖"
        );
        assert_eq!(
            format_date_range_th(d(2023, 3, 31), d(2023, 3, 31), s),
            "๓๑ มี.ค. ๒๕๖๖"
        );
        assert_eq!(
            format_date_range_th(d(2023, 3, 31), d(2023, 1, 1), s),
            "๓๑ มี.ค. ๒๕๖๖ – ๑ ม.ค. ๒๕๖๖"
        );
        assert_eq!(
            format_date_range_th(d(2022, 10, 1), d(2023, 3, 31), DateStyle::ARABIC_FULL),
            "ตุลาคม 2565 – มีนาคม 2566"
        );
        // 1 Feb – 29 Feb of a leap year is "within one month", 1 Jan – 29 Feb is whole months.
        assert_eq!(
            format_date_range_th(d(2024, 1, 1), d(2024, 2, 29), s),
            "ม.ค. – ก.พ. ๒๕๖๗"
        );
        assert_eq!(
            format_date_range_th(d(2024, 1, 1), d(2024, 2, 28), s),
            "๑ ม.ค. – ๒๘ ก.พ. ๒๕๖๗"
        );
    }

    #[test]
    fn ranges_en() {
        assert_eq!(
            format_date_range_en(d(2022, 10, 1), d(2022, 12, 31)),
            "Oct–Dec 2022"
        );
        assert_eq!(
            format_date_range_en(d(2022, 10, 1), d(2023, 3, 31)),
            "Oct 2022 – Mar 2023"
        );
        assert_eq!(
            format_date_range_en(d(2023, 1, 1), d(2023, 1, 31)),
            "1–31 Jan 2023"
        );
        assert_eq!(
            format_date_range_en(d(2023, 1, 2), d(2023, 3, 31)),
            "2 Jan – 31 Mar 2023"
        );
        assert_eq!(
            format_date_range_en(d(2022, 12, 2), d(2023, 3, 31)),
            "2 Dec 2022 – 31 Mar 2023"
        );
        assert_eq!(
            format_date_range_en(d(2023, 1, 2), d(2023, 1, 2)),
            "2 Jan 2023"
        );
    }
}

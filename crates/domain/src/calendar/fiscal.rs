//! The Thai government fiscal year (ปีงบประมาณ) and its quarters, halves and months.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::digits::Digits;
use super::error::CalendarError;
use super::format::{format_date_range_en, format_date_range_th, DateStyle, MonthStyle};
use super::month::{month_name_en, month_name_th, ymd, YearMonth};
use super::{be_from_gregorian, gregorian_from_be};

/// A Thai fiscal year, named by its Buddhist Era year: FY 2566 runs from 1 October 2022 to
/// 30 September 2023.
///
/// Always within [`MIN_BE`](Self::MIN_BE)..=[`MAX_BE`](Self::MAX_BE). Displays and serializes
/// as the bare BE number (`2566`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(i32);

/// What a [`Period`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "n", rename_all = "lowercase")]
pub enum PeriodKind {
    /// Fiscal quarter 1–4: Q1 Oct–Dec, Q2 Jan–Mar, Q3 Apr–Jun, Q4 Jul–Sep.
    Quarter(u8),
    /// Fiscal half 1–2: H1 Oct–Mar ("รอบ ๖ เดือน"), H2 Apr–Sep.
    Half(u8),
    /// The whole fiscal year.
    Year,
    /// A calendar month, 1–12 (1 = January).
    Month(u32),
}

/// The size of period asked of [`Period::containing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodUnit {
    /// A calendar month.
    Month,
    /// A fiscal quarter.
    Quarter,
    /// A fiscal half (six months).
    Half,
    /// The fiscal year.
    Year,
}

/// A span of a fiscal year: a quarter, a half, the whole year or a month. Both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    /// Which quarter, half, month, or the whole year.
    pub kind: PeriodKind,
    /// The fiscal year the period belongs to.
    pub fiscal_year: FiscalYear,
    /// First day, inclusive.
    pub start: NaiveDate,
    /// Last day, inclusive.
    pub end: NaiveDate,
}

impl FiscalYear {
    /// The smallest supported fiscal year (starts 1 Oct 1856).
    pub const MIN_BE: i32 = 2400;
    /// The largest supported fiscal year (ends 30 Sep 2257).
    pub const MAX_BE: i32 = 2800;
    /// FY [`MIN_BE`](Self::MIN_BE).
    pub const MIN: FiscalYear = FiscalYear(Self::MIN_BE);
    /// FY [`MAX_BE`](Self::MAX_BE).
    pub const MAX: FiscalYear = FiscalYear(Self::MAX_BE);

    /// The fiscal year named by the BE year `be`, e.g. `FiscalYear::new(2566)`.
    pub fn new(be: i32) -> Result<Self, CalendarError> {
        if (Self::MIN_BE..=Self::MAX_BE).contains(&be) {
            Ok(Self(be))
        } else {
            Err(CalendarError::FiscalYearOutOfRange { be })
        }
    }

    /// The BE year naming this fiscal year.
    pub const fn be(self) -> i32 {
        self.0
    }

    /// The BE number of the fiscal year of `date`, unbounded.
    fn be_of(date: NaiveDate) -> i32 {
        let be = be_from_gregorian(date.year());
        if date.month() >= 10 {
            be.saturating_add(1)
        } else {
            be
        }
    }

    /// The fiscal year that contains `date`: a date in October–December of Gregorian year `g`
    /// belongs to FY `g + 544`, any other date to FY `g + 543`.
    ///
    /// Dates outside the supported range (before 1 Oct 1856 or after 30 Sep 2257) give
    /// [`FiscalYear::MIN`] or [`FiscalYear::MAX`]; use [`try_containing`](Self::try_containing)
    /// to be told instead.
    pub fn containing(date: NaiveDate) -> Self {
        Self(Self::be_of(date).clamp(Self::MIN_BE, Self::MAX_BE))
    }

    /// Like [`containing`](Self::containing) but refusing dates outside the supported range.
    pub fn try_containing(date: NaiveDate) -> Result<Self, CalendarError> {
        Self::new(Self::be_of(date))
    }

    /// The Gregorian year in which this fiscal year starts (its October).
    fn start_year(self) -> i32 {
        gregorian_from_be(self.0) - 1
    }

    /// 1 October of the previous Gregorian year.
    pub fn start(self) -> NaiveDate {
        ymd(self.start_year(), 10, 1)
    }

    /// 30 September.
    pub fn end(self) -> NaiveDate {
        ymd(self.start_year() + 1, 9, 30)
    }

    /// Whether `date` is within this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The next fiscal year, if supported.
    pub fn next(self) -> Option<Self> {
        Self::new(self.0 + 1).ok()
    }

    /// The previous fiscal year, if supported.
    pub fn prev(self) -> Option<Self> {
        Self::new(self.0 - 1).ok()
    }

    /// The twelve months in fiscal order, October first.
    pub fn months(self) -> [YearMonth; 12] {
        let y = self.start_year();
        std::array::from_fn(|i| {
            // i = 0 → October, 2 → December, 3 → January, 11 → September.
            let month = ((i + 9) % 12 + 1) as u32;
            YearMonth::new_unchecked(if i < 3 { y } else { y + 1 }, month)
        })
    }

    /// The span of fiscal months `first..first + len` (0-based, October = 0).
    fn span(self, first: usize, len: usize, kind: PeriodKind) -> Period {
        let months = self.months();
        let start = months.get(first).map_or(self.start(), |m| m.first_day());
        let end = (first + len)
            .checked_sub(1)
            .and_then(|i| months.get(i))
            .map_or(self.end(), |m| m.last_day());
        Period {
            kind,
            fiscal_year: self,
            start,
            end,
        }
    }

    /// Fiscal quarter `n` (1–4): Q1 Oct–Dec, Q2 Jan–Mar, Q3 Apr–Jun, Q4 Jul–Sep.
    pub fn quarter(self, n: u8) -> Result<Period, CalendarError> {
        if !(1..=4).contains(&n) {
            return Err(CalendarError::QuarterOutOfRange { quarter: n });
        }
        Ok(self.span(usize::from(n - 1) * 3, 3, PeriodKind::Quarter(n)))
    }

    /// The four quarters, in order. They tile the fiscal year exactly.
    pub fn quarters(self) -> [Period; 4] {
        std::array::from_fn(|i| self.span(i * 3, 3, PeriodKind::Quarter(i as u8 + 1)))
    }

    /// Fiscal half `n` (1–2): H1 Oct–Mar ("รอบ ๖ เดือน"), H2 Apr–Sep.
    pub fn half(self, n: u8) -> Result<Period, CalendarError> {
        if !(1..=2).contains(&n) {
            return Err(CalendarError::HalfOutOfRange { half: n });
        }
        Ok(self.span(usize::from(n - 1) * 6, 6, PeriodKind::Half(n)))
    }

    /// The two halves, in order.
    pub fn halves(self) -> [Period; 2] {
        std::array::from_fn(|i| self.span(i * 6, 6, PeriodKind::Half(i as u8 + 1)))
    }

    /// The whole fiscal year as a period.
    pub fn whole(self) -> Period {
        self.span(0, 12, PeriodKind::Year)
    }

    /// Calendar month `m` (1–12) of this fiscal year: October–December fall in the previous
    /// Gregorian year.
    pub fn month(self, m: u32) -> Result<Period, CalendarError> {
        if !(1..=12).contains(&m) {
            return Err(CalendarError::MonthOutOfRange { month: m });
        }
        let index = ((m + 2) % 12) as usize;
        Ok(self.span(index, 1, PeriodKind::Month(m)))
    }

    /// The period of this year named by a [`Period::code`]; `None` for anything else.
    pub fn period(self, code: &str) -> Option<Period> {
        let (kind, n) = match code.split_once(':') {
            Some((k, n)) => (k, n.parse::<u32>().ok()?),
            None if code == "year" => return Some(self.whole()),
            None => return None,
        };
        match kind {
            "month" => self.month(n).ok(),
            "quarter" => self.quarter(u8::try_from(n).ok()?).ok(),
            "half" => self.half(u8::try_from(n).ok()?).ok(),
            _ => None,
        }
    }

    /// The fiscal quarter containing `date` (in the fiscal year [`containing`](Self::containing)
    /// it).
    pub fn current_quarter(date: NaiveDate) -> Period {
        Period::containing(PeriodUnit::Quarter, date)
    }

    /// The fiscal half containing `date`.
    pub fn current_half(date: NaiveDate) -> Period {
        Period::containing(PeriodUnit::Half, date)
    }

    /// `ปีงบประมาณ พ.ศ. ๒๕๖๖`.
    pub fn label_th(self, digits: Digits) -> String {
        format!("ปีงบประมาณ พ.ศ. {}", digits.number(self.0))
    }

    /// `FY2566`.
    pub fn label_en(self) -> String {
        format!("FY{}", self.0)
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = CalendarError;
    fn try_from(be: i32) -> Result<Self, Self::Error> {
        Self::new(be)
    }
}

impl From<FiscalYear> for i32 {
    fn from(fy: FiscalYear) -> i32 {
        fy.0
    }
}

/// The BE number, e.g. `2566`.
impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Reads `2566`, `๒๕๖๖`, `พ.ศ. 2566`, `ปีงบประมาณ 2566`, `ปีงบประมาณ พ.ศ. ๒๕๖๖` (spaces
/// optional) or `FY2566`. The year is always the four-digit BE number.
impl FromStr for FiscalYear {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse::parse_fiscal_year(s)
    }
}

impl Period {
    /// The period of the given unit that contains `date`, in the fiscal year
    /// [`FiscalYear::containing`] it. For dates outside the supported fiscal years the period
    /// is the nearest one of the first or last supported year (and does not contain `date`).
    pub fn containing(unit: PeriodUnit, date: NaiveDate) -> Period {
        let fy = FiscalYear::containing(date);
        // 0-based fiscal month: October = 0, September = 11.
        let fiscal_month = ((date.month() + 2) % 12) as usize;
        let fiscal_month = if fy.contains(date) {
            fiscal_month
        } else if date < fy.start() {
            0
        } else {
            11
        };
        match unit {
            PeriodUnit::Month => {
                let m = fy.months().get(fiscal_month).map_or(10, |m| m.month());
                fy.span(fiscal_month, 1, PeriodKind::Month(m))
            }
            PeriodUnit::Quarter => {
                let q = fiscal_month / 3;
                fy.span(q * 3, 3, PeriodKind::Quarter(q as u8 + 1))
            }
            PeriodUnit::Half => {
                let h = fiscal_month / 6;
                fy.span(h * 6, 6, PeriodKind::Half(h as u8 + 1))
            }
            PeriodUnit::Year => fy.whole(),
        }
    }

    /// A short code of the period within its fiscal year, for storage and URLs: `month:3`,
    /// `quarter:2`, `half:1`, `year`. Read back with [`FiscalYear::period`].
    pub fn code(&self) -> String {
        match self.kind {
            PeriodKind::Month(m) => format!("month:{m}"),
            PeriodKind::Quarter(n) => format!("quarter:{n}"),
            PeriodKind::Half(n) => format!("half:{n}"),
            PeriodKind::Year => "year".to_owned(),
        }
    }

    /// Whether this period lies wholly within `other`.
    pub fn within(&self, other: &Period) -> bool {
        other.start <= self.start && self.end <= other.end
    }

    /// Whether `date` is within the period (both ends inclusive).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The number of days in the period, both ends included (0 if `end < start`).
    pub fn days(&self) -> i64 {
        ((self.end - self.start).num_days() + 1).max(0)
    }

    /// Thai label, e.g. `ไตรมาสที่ ๑ (ต.ค. – ธ.ค. ๒๕๖๕)`,
    /// `รอบ ๖ เดือน (ตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖)`, `รอบ ๖ เดือนหลัง (เมษายน – กันยายน ๒๕๖๖)`,
    /// `ปีงบประมาณ พ.ศ. ๒๕๖๖`, `มีนาคม ๒๕๖๖`.
    pub fn label_th(&self, digits: Digits) -> String {
        let abbrev = DateStyle::new(digits, MonthStyle::Abbrev);
        let full = DateStyle::new(digits, MonthStyle::Full);
        match self.kind {
            PeriodKind::Quarter(n) => format!(
                "ไตรมาสที่ {} ({})",
                digits.number(n),
                format_date_range_th(self.start, self.end, abbrev)
            ),
            PeriodKind::Half(n) => {
                let name = match n {
                    1 => "รอบ ๖ เดือน".to_owned(),
                    2 => "รอบ ๖ เดือนหลัง".to_owned(),
                    n => format!("ครึ่งปีที่ {}", n),
                };
                format!(
                    "{} ({})",
                    digits.apply(&name),
                    format_date_range_th(self.start, self.end, full)
                )
            }
            PeriodKind::Year => self.fiscal_year.label_th(digits),
            PeriodKind::Month(m) => format!(
                "{} {}",
                month_name_th(m),
                digits.number(be_from_gregorian(self.start.year()))
            ),
        }
    }

    /// English label, e.g. `Q1 FY2566 (Oct–Dec 2022)`,
    /// `First half of FY2566 (Oct 2022 – Mar 2023)`, `FY2566 (Oct 2022 – Sep 2023)`,
    /// `March 2023`.
    pub fn label_en(&self) -> String {
        let range = format_date_range_en(self.start, self.end);
        let fy = self.fiscal_year.label_en();
        match self.kind {
            PeriodKind::Quarter(n) => format!("Q{n} {fy} ({range})"),
            PeriodKind::Half(1) => format!("First half of {fy} ({range})"),
            PeriodKind::Half(2) => format!("Second half of {fy} ({range})"),
            PeriodKind::Half(n) => format!("Half {n} of {fy} ({range})"),
            PeriodKind::Year => format!("{fy} ({range})"),
            PeriodKind::Month(m) => format!("{} {}", month_name_en(m), self.start.year()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_codes_round_trip() {
        let fy = FiscalYear::new(2566).unwrap_or_else(|e| panic!("{e}"));
        let mut all = vec![fy.whole()];
        all.extend(fy.halves());
        all.extend(fy.quarters());
        all.extend((1..=12).filter_map(|m| fy.month(m).ok()));
        assert_eq!(all.len(), 19);
        for p in all {
            assert_eq!(fy.period(&p.code()), Some(p), "{}", p.code());
            assert!(p.within(&fy.whole()));
        }
        for bad in [
            "",
            "month:13",
            "quarter:0",
            "half:3",
            "month:x",
            "week:1",
            "year:1",
            "month:-1",
        ] {
            assert_eq!(fy.period(bad), None, "{bad}");
        }
        let q1 = fy.quarter(1).unwrap_or_else(|e| panic!("{e}"));
        assert!(fy.month(11).map(|m| m.within(&q1)).unwrap_or(false));
        assert!(!fy.month(1).map(|m| m.within(&q1)).unwrap_or(true));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn fy(be: i32) -> FiscalYear {
        FiscalYear::new(be).unwrap_or(FiscalYear::MIN)
    }

    #[test]
    fn new_checks_range() {
        assert_eq!(FiscalYear::new(2566).map(FiscalYear::be), Ok(2566));
        assert!(FiscalYear::new(2400).is_ok());
        assert!(FiscalYear::new(2800).is_ok());
        assert_eq!(
            FiscalYear::new(2399),
            Err(CalendarError::FiscalYearOutOfRange { be: 2399 })
        );
        assert!(FiscalYear::new(2801).is_err());
        assert!(FiscalYear::new(2023).is_err());
        assert!(FiscalYear::new(i32::MIN).is_err());
        assert!(FiscalYear::try_from(2566).is_ok());
        assert_eq!(i32::from(fy(2566)), 2566);
    }

    #[test]
    fn bounds_of_2566() {
        let y = fy(2566);
        assert_eq!(y.start(), d(2022, 10, 1));
        assert_eq!(y.end(), d(2023, 9, 30));
        assert!(y.contains(d(2022, 10, 1)));
        assert!(y.contains(d(2023, 9, 30)));
        assert!(!y.contains(d(2022, 9, 30)));
        assert!(!y.contains(d(2023, 10, 1)));
    }

    #[test]
    fn containing_at_boundaries() {
        assert_eq!(FiscalYear::containing(d(2022, 9, 30)).be(), 2565);
        assert_eq!(FiscalYear::containing(d(2022, 10, 1)).be(), 2566);
        assert_eq!(FiscalYear::containing(d(2022, 12, 31)).be(), 2566);
        assert_eq!(FiscalYear::containing(d(2023, 1, 1)).be(), 2566);
        assert_eq!(FiscalYear::containing(d(2023, 9, 30)).be(), 2566);
        assert_eq!(FiscalYear::containing(d(2023, 10, 1)).be(), 2567);
    }

    #[test]
    fn containing_clamps_out_of_range() {
        assert_eq!(FiscalYear::containing(NaiveDate::MIN), FiscalYear::MIN);
        assert_eq!(FiscalYear::containing(NaiveDate::MAX), FiscalYear::MAX);
        assert!(FiscalYear::try_containing(NaiveDate::MAX).is_err());
        assert!(FiscalYear::try_containing(d(1856, 9, 30)).is_err());
        assert_eq!(
            FiscalYear::try_containing(d(1856, 10, 1)),
            Ok(FiscalYear::MIN)
        );
        assert_eq!(FiscalYear::MAX.end(), d(2257, 9, 30));
        assert_eq!(FiscalYear::MIN.next().map(FiscalYear::be), Some(2401));
        assert_eq!(FiscalYear::MIN.prev(), None);
        assert_eq!(FiscalYear::MAX.next(), None);
        let p = Period::containing(PeriodUnit::Quarter, NaiveDate::MAX);
        assert_eq!(p.kind, PeriodKind::Quarter(4));
        let p = Period::containing(PeriodUnit::Month, NaiveDate::MIN);
        assert_eq!(p.kind, PeriodKind::Month(10));
    }

    #[test]
    fn quarters() {
        let y = fy(2566);
        let q = y.quarters();
        assert_eq!((q[0].start, q[0].end), (d(2022, 10, 1), d(2022, 12, 31)));
        assert_eq!((q[1].start, q[1].end), (d(2023, 1, 1), d(2023, 3, 31)));
        assert_eq!((q[2].start, q[2].end), (d(2023, 4, 1), d(2023, 6, 30)));
        assert_eq!((q[3].start, q[3].end), (d(2023, 7, 1), d(2023, 9, 30)));
        for (i, p) in q.iter().enumerate() {
            assert_eq!(y.quarter(i as u8 + 1), Ok(*p));
            assert_eq!(p.kind, PeriodKind::Quarter(i as u8 + 1));
            assert_eq!(p.fiscal_year, y);
        }
        assert_eq!(
            y.quarter(0),
            Err(CalendarError::QuarterOutOfRange { quarter: 0 })
        );
        assert!(y.quarter(5).is_err());
    }

    #[test]
    fn quarter_boundaries() {
        assert_eq!(
            FiscalYear::current_quarter(d(2022, 12, 31)).kind,
            PeriodKind::Quarter(1)
        );
        assert_eq!(
            FiscalYear::current_quarter(d(2023, 1, 1)).kind,
            PeriodKind::Quarter(2)
        );
        assert_eq!(
            FiscalYear::current_quarter(d(2023, 3, 31)).kind,
            PeriodKind::Quarter(2)
        );
        assert_eq!(
            FiscalYear::current_quarter(d(2023, 4, 1)).kind,
            PeriodKind::Quarter(3)
        );
        assert_eq!(
            FiscalYear::current_quarter(d(2023, 6, 30)).kind,
            PeriodKind::Quarter(3)
        );
        assert_eq!(
            FiscalYear::current_quarter(d(2023, 7, 1)).kind,
            PeriodKind::Quarter(4)
        );
        let q4 = FiscalYear::current_quarter(d(2023, 9, 30));
        assert_eq!(q4.kind, PeriodKind::Quarter(4));
        assert_eq!(q4.fiscal_year.be(), 2566);
        let q1 = FiscalYear::current_quarter(d(2023, 10, 1));
        assert_eq!(q1.kind, PeriodKind::Quarter(1));
        assert_eq!(q1.fiscal_year.be(), 2567);
    }

    #[test]
    fn halves() {
        let y = fy(2566);
        let h1 = y.half(1).unwrap_or(y.whole());
        let h2 = y.half(2).unwrap_or(y.whole());
        assert_eq!((h1.start, h1.end), (d(2022, 10, 1), d(2023, 3, 31)));
        assert_eq!((h2.start, h2.end), (d(2023, 4, 1), d(2023, 9, 30)));
        assert_eq!(y.halves(), [h1, h2]);
        assert_eq!(y.half(3), Err(CalendarError::HalfOutOfRange { half: 3 }));
        assert_eq!(FiscalYear::current_half(d(2023, 3, 31)), h1);
        assert_eq!(FiscalYear::current_half(d(2023, 4, 1)), h2);
        assert_eq!(FiscalYear::current_half(d(2022, 10, 1)), h1);
        assert_eq!(FiscalYear::current_half(d(2023, 9, 30)), h2);
    }

    #[test]
    fn whole_and_months() {
        let y = fy(2567);
        let w = y.whole();
        assert_eq!((w.start, w.end), (d(2023, 10, 1), d(2024, 9, 30)));
        assert_eq!(w.days(), 366);
        let months = y.months();
        assert_eq!(months[0], YearMonth::new_unchecked(2023, 10));
        assert_eq!(months[2], YearMonth::new_unchecked(2023, 12));
        assert_eq!(months[3], YearMonth::new_unchecked(2024, 1));
        assert_eq!(months[4].last_day(), d(2024, 2, 29));
        assert_eq!(months[11], YearMonth::new_unchecked(2024, 9));
        for pair in months.windows(2) {
            assert_eq!(pair[0].next(), Some(pair[1]));
        }
        let feb = y.month(2).unwrap_or(w);
        assert_eq!((feb.start, feb.end), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(feb.kind, PeriodKind::Month(2));
        let oct = y.month(10).unwrap_or(w);
        assert_eq!((oct.start, oct.end), (d(2023, 10, 1), d(2023, 10, 31)));
        assert!(y.month(13).is_err());
        assert_eq!(
            Period::containing(PeriodUnit::Month, d(2023, 11, 15)),
            y.month(11).unwrap_or(w)
        );
        assert_eq!(Period::containing(PeriodUnit::Year, d(2024, 9, 30)), w);
    }

    #[test]
    fn labels() {
        let y = fy(2566);
        let q1 = y.quarter(1).unwrap_or(y.whole());
        assert_eq!(q1.label_th(Digits::Thai), "ไตรมาสที่ ๑ (ต.ค. – ธ.ค. ๒๕๖๕)");
        assert_eq!(q1.label_th(Digits::Arabic), "ไตรมาสที่ 1 (ต.ค. – ธ.ค. 2565)");
        assert_eq!(q1.label_en(), "Q1 FY2566 (Oct–Dec 2022)");
        let q2 = y.quarter(2).unwrap_or(y.whole());
        assert_eq!(q2.label_th(Digits::Thai), "ไตรมาสที่ ๒ (ม.ค. – มี.ค. ๒๕๖๖)");
        assert_eq!(q2.label_en(), "Q2 FY2566 (Jan–Mar 2023)");
        let h1 = y.half(1).unwrap_or(y.whole());
        assert_eq!(
            h1.label_th(Digits::Thai),
            "รอบ ๖ เดือน (ตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖)"
        );
        assert_eq!(
            h1.label_th(Digits::Arabic),
            "รอบ 6 เดือน (ตุลาคม 2565 – มีนาคม 2566)"
        );
        assert_eq!(h1.label_en(), "First half of FY2566 (Oct 2022 – Mar 2023)");
        let h2 = y.half(2).unwrap_or(y.whole());
        assert_eq!(
            h2.label_th(Digits::Thai),
            "รอบ ๖ เดือนหลัง (เมษายน – กันยายน ๒๕๖๖)"
        );
        assert_eq!(h2.label_en(), "Second half of FY2566 (Apr–Sep 2023)");
        assert_eq!(y.whole().label_th(Digits::Thai), "ปีงบประมาณ พ.ศ. ๒๕๖๖");
        assert_eq!(y.whole().label_en(), "FY2566 (Oct 2022 – Sep 2023)");
        let mar = y.month(3).unwrap_or(y.whole());
        assert_eq!(mar.label_th(Digits::Thai), "มีนาคม ๒๕๖๖");
        assert_eq!(mar.label_en(), "March 2023");
    }

    #[test]
    fn labels_of_hand_made_periods_do_not_panic() {
        let y = fy(2566);
        let odd = Period {
            kind: PeriodKind::Half(7),
            fiscal_year: y,
            start: d(2023, 5, 1),
            end: d(2022, 1, 1),
        };
        assert!(!odd.label_th(Digits::Thai).is_empty());
        assert!(!odd.label_en().is_empty());
        assert_eq!(odd.days(), 0);
        let odd = Period {
            kind: PeriodKind::Month(13),
            ..odd
        };
        assert!(!odd.label_th(Digits::Thai).is_empty());
        assert!(!odd.label_en().is_empty());
        let odd = Period {
            kind: PeriodKind::Quarter(9),
            ..odd
        };
        assert!(odd.label_th(Digits::Thai).starts_with("ไตรมาสที่ ๙"));
    }

    #[test]
    fn display_and_serde() {
        let y = fy(2566);
        assert_eq!(y.to_string(), "2566");
        assert_eq!(y.label_en(), "FY2566");
        assert_eq!(serde_json::to_string(&y).unwrap_or_default(), "2566");
        let back: Result<FiscalYear, _> = serde_json::from_str("2566");
        assert_eq!(back.ok(), Some(y));
        let bad: Result<FiscalYear, _> = serde_json::from_str("2023");
        assert!(bad.is_err());
        let p = y.quarter(1).unwrap_or(y.whole());
        let json = serde_json::to_string(&p).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"kind":{"kind":"quarter","n":1},"fiscal_year":2566,"start":"2022-10-01","end":"2022-12-31"}"#
        );
        let back: Result<Period, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(p));
    }

    #[test]
    fn from_str() {
        for s in [
            "2566",
            "๒๕๖๖",
            " 2566 ",
            "พ.ศ. 2566",
            "พ.ศ.๒๕๖๖",
            "ปีงบประมาณ 2566",
            "ปีงบประมาณ๒๕๖๖",
            "ปีงบประมาณ พ.ศ. ๒๕๖๖",
            "ปีงบประมาณพ.ศ.2566",
            "FY2566",
        ] {
            assert_eq!(s.parse::<FiscalYear>(), Ok(fy(2566)), "{s}");
        }
        assert_eq!(
            "3000".parse::<FiscalYear>(),
            Err(CalendarError::FiscalYearOutOfRange { be: 3000 })
        );
        assert_eq!("".parse::<FiscalYear>(), Err(CalendarError::Empty));
        for s in ["66", "ปีงบประมาณ", "2566 2567", "abc", "ค.ศ. 2023", "25/66"]
        {
            assert!(s.parse::<FiscalYear>().is_err(), "{s}");
        }
    }
}

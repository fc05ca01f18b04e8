//! Property tests of the calendar module: round trips, tiling, and "never panics".

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use super::*;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default()
}

/// Any date from 1 Jan 1950 to 31 Dec 2150.
fn date() -> impl Strategy<Value = NaiveDate> {
    let last = NaiveDate::from_ymd_opt(2150, 12, 31).unwrap_or_default();
    let span = u64::try_from((last - first_day()).num_days()).unwrap_or(0);
    (0..=span).prop_map(|n| {
        first_day()
            .checked_add_days(Days::new(n))
            .unwrap_or_default()
    })
}

/// Any date chrono can represent.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let span = u64::try_from((NaiveDate::MAX - NaiveDate::MIN).num_days()).unwrap_or(0);
    (0..=span).prop_map(|n| {
        NaiveDate::MIN
            .checked_add_days(Days::new(n))
            .unwrap_or(NaiveDate::MAX)
    })
}

fn style() -> impl Strategy<Value = DateStyle> {
    prop::sample::select(DateStyle::ALL.to_vec())
}

/// Strings made of the pieces date phrases are made of.
fn phrase_soup() -> impl Strategy<Value = String> {
    let mut pieces: Vec<String> = Vec::new();
    pieces.extend(MONTH_NAMES_TH.iter().map(|s| s.to_string()));
    pieces.extend(MONTH_ABBRS_TH.iter().map(|s| s.to_string()));
    pieces.extend(MONTH_ABBRS_TH.iter().map(|s| s.replace('.', "")));
    pieces.extend(MONTH_ABBRS_EN.iter().map(|s| s.to_string()));
    pieces.extend(
        [
            "ภายใน",
            "เดือน",
            "วันที่",
            "วันจันทร์ที่",
            "พ.ศ.",
            "พ.ศ",
            "ค.ศ.",
            "ปีงบประมาณ",
            "ปีงบฯ",
            "ไตรมาสที่",
            "รอบ",
            "ถึง",
            "ตั้งแต่",
            "ระหว่าง",
            "FY",
            "ก.พ.ร.",
            "ผู้บริหาร",
            " ",
            "  ",
            "\u{200B}",
            "\u{a0}",
            "-",
            "–",
            "/",
            ".",
            ",",
            "(",
            ")",
            "๐",
            "๑",
            "๒",
            "๕",
            "๖",
            "๙",
            "0",
            "1",
            "2",
            "3",
            "5",
            "6",
            "9",
            "25",
            "65",
            "66",
            "2566",
            "๒๕๖๖",
            "2023",
            "31",
            "99999999999999999999999",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    prop::collection::vec(prop::sample::select(pieces), 0..14).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn thai_ascii_digits_round_trip(s in ".*") {
        let ascii = to_ascii_digits(&s);
        prop_assert!(!ascii.chars().any(|c| ('๐'..='๙').contains(&c)));
        prop_assert_eq!(to_ascii_digits(&to_thai_digits(&ascii)), ascii.clone());
        let thai = to_thai_digits(&s);
        prop_assert!(!thai.chars().any(|c| c.is_ascii_digit()));
        prop_assert_eq!(to_thai_digits(&to_ascii_digits(&thai)), thai);
        prop_assert_eq!(to_thai_digits(&s).chars().count(), s.chars().count());
    }

    #[test]
    fn digit_strings_round_trip(n in any::<u64>()) {
        let s = n.to_string();
        prop_assert_eq!(to_ascii_digits(&to_thai_digits(&s)), s);
    }

    #[test]
    fn be_gregorian_round_trip(y in (i32::MIN + BE_OFFSET)..=(i32::MAX - BE_OFFSET)) {
        prop_assert_eq!(gregorian_from_be(be_from_gregorian(y)), y);
        prop_assert_eq!(be_from_gregorian(gregorian_from_be(y)), y);
        prop_assert_eq!(be_from_gregorian(y) - y, 543);
    }

    #[test]
    fn be_conversion_never_panics(y in any::<i32>()) {
        let _ = be_from_gregorian(y);
        let _ = gregorian_from_be(y);
    }

    #[test]
    fn format_then_parse_is_identity(d in date(), s in style()) {
        prop_assert_eq!(parse_date(&format_date_th(d, s)), Ok(d));
        prop_assert_eq!(parse_date(&format_date_long_th(d, s.digits)), Ok(d));
        prop_assert_eq!(parse_date(&format_date_en(d)), Ok(d));
        prop_assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()), Ok(d));
        let slashed = format!("{}/{}/{}", d.day(), d.month(), be_from_gregorian(d.year()));
        prop_assert_eq!(parse_date(&s.digits.apply(&slashed)), Ok(d));
    }

    #[test]
    fn formatted_ranges_parse_back(a in date(), b in date(), s in style()) {
        let (start, end) = if a <= b { (a, b) } else { (b, a) };
        let want: Result<DatePhrase, CalendarError> = Ok(DatePhrase { start, end, deadline: false });
        prop_assert_eq!(parse_date_phrase(&format_date_range_th(start, end, s)), want.clone());
        prop_assert_eq!(parse_date_phrase(&format_date_range_en(start, end)), want);
    }

    #[test]
    fn fiscal_year_contains_its_dates(d in date()) {
        let fy = FiscalYear::containing(d);
        prop_assert!(fy.contains(d));
        prop_assert_eq!(FiscalYear::try_containing(d), Ok(fy));
        prop_assert!(fy.start() <= d && d <= fy.end());
        let q = FiscalYear::current_quarter(d);
        prop_assert!(q.contains(d));
        prop_assert_eq!(q.fiscal_year, fy);
        prop_assert!(FiscalYear::current_half(d).contains(d));
        prop_assert!(Period::containing(PeriodUnit::Month, d).contains(d));
        prop_assert_eq!(Period::containing(PeriodUnit::Year, d), fy.whole());
        // Exactly one quarter, one half and one month contain the date.
        prop_assert_eq!(fy.quarters().iter().filter(|p| p.contains(d)).count(), 1);
        prop_assert_eq!(fy.halves().iter().filter(|p| p.contains(d)).count(), 1);
        prop_assert_eq!(fy.months().iter().filter(|m| m.contains(d)).count(), 1);
    }

    #[test]
    fn quarters_tile_the_year(be in FiscalYear::MIN_BE..=FiscalYear::MAX_BE) {
        let fy = FiscalYear::new(be).map_err(|e| TestCaseError::fail(e.message_en()))?;
        let q = fy.quarters();
        prop_assert_eq!(q[0].start, fy.start());
        prop_assert_eq!(q[3].end, fy.end());
        for pair in q.windows(2) {
            prop_assert_eq!(pair[0].end.succ_opt(), Some(pair[1].start));
        }
        let days: i64 = q.iter().map(Period::days).sum();
        prop_assert_eq!(days, fy.whole().days());
        let h = fy.halves();
        prop_assert_eq!((h[0].start, h[0].end), (q[0].start, q[1].end));
        prop_assert_eq!((h[1].start, h[1].end), (q[2].start, q[3].end));
        let m = fy.months();
        prop_assert_eq!(m[0].first_day(), fy.start());
        prop_assert_eq!(m[11].last_day(), fy.end());
        for pair in m.windows(2) {
            prop_assert_eq!(pair[0].last_day().succ_opt(), Some(pair[1].first_day()));
        }
        prop_assert_eq!(fy.to_string().parse::<FiscalYear>(), Ok(fy));
        prop_assert_eq!(to_thai_digits(&fy.to_string()).parse::<FiscalYear>(), Ok(fy));
        let label = fy.whole().label_th(Digits::Thai);
        prop_assert_eq!(
            parse_date_phrase(&label),
            Ok(DatePhrase { start: fy.start(), end: fy.end(), deadline: false })
        );
    }

    #[test]
    fn nothing_panics_on_any_date(d in any_date(), s in style()) {
        let fy = FiscalYear::containing(d);
        let _ = fy.quarters();
        let _ = fy.months();
        for unit in [PeriodUnit::Month, PeriodUnit::Quarter, PeriodUnit::Half, PeriodUnit::Year] {
            let p = Period::containing(unit, d);
            let _ = p.label_th(s.digits);
            let _ = p.label_en();
        }
        let _ = format_date_th(d, s);
        let _ = format_date_long_th(d, s.digits);
        let _ = format_date_en(d);
        let _ = format_date_range_th(d, NaiveDate::MAX, s);
        let _ = format_date_range_en(NaiveDate::MIN, d);
        let ym = YearMonth::containing(d);
        let _ = (ym.first_day(), ym.last_day(), ym.next(), ym.prev(), ym.label_th(s));
    }

    #[test]
    fn parsers_never_panic_on_any_string(s in ".*") {
        let _ = parse_date(&s);
        let _ = parse_date_phrase(&s);
        let _ = s.parse::<FiscalYear>();
        let _ = parse_month(&s);
        check_found(&s)?;
    }

    #[test]
    fn parsers_never_panic_on_phrase_soup(s in phrase_soup()) {
        if let Ok(p) = parse_date_phrase(&s) {
            prop_assert!(p.start <= p.end);
        }
        if let Err(e) = parse_date(&s) {
            prop_assert!(!e.message_th().is_empty());
            prop_assert!(!e.message_en().is_empty());
        }
        check_found(&s)?;
    }
}

/// `find_date_phrases` reports ordered, disjoint, boundary-aligned ranges whose text parses to
/// the same phrase.
fn check_found(s: &str) -> Result<(), TestCaseError> {
    let found = find_date_phrases(s);
    let mut last_end = 0;
    for (range, phrase) in found {
        prop_assert!(range.start >= last_end && range.start < range.end);
        last_end = range.end;
        let text = s.get(range.clone());
        prop_assert!(text.is_some());
        prop_assert!(phrase.start <= phrase.end);
        prop_assert_eq!(parse_date_phrase(text.unwrap_or_default()), Ok(phrase));
    }
    Ok(())
}

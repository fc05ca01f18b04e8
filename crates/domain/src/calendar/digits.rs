//! Thai digits (๐–๙) and ASCII digits (0–9).

use serde::{Deserialize, Serialize};

/// Which digits numbers are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// Thai digits ๐–๙, as in official documents.
    #[default]
    Thai,
    /// ASCII ("Arabic") digits 0–9.
    Arabic,
}

impl Digits {
    /// Rewrites every digit of `s` (Thai or ASCII) into this digit set; other characters are
    /// unchanged.
    pub fn apply(self, s: &str) -> String {
        match self {
            Self::Thai => to_thai_digits(s),
            Self::Arabic => to_ascii_digits(s),
        }
    }

    /// Formats a number with this digit set, e.g. `Digits::Thai.number(2566) == "๒๕๖๖"`.
    pub fn number(self, n: impl std::fmt::Display) -> String {
        self.apply(&n.to_string())
    }
}

const THAI_DIGITS: [char; 10] = ['๐', '๑', '๒', '๓', '๔', '๕', '๖', '๗', '๘', '๙'];

/// Replaces the ASCII digits 0–9 with the Thai digits ๐–๙; everything else is unchanged.
///
/// ```
/// assert_eq!(prongsai_domain::calendar::to_thai_digits("31/3/2566"), "๓๑/๓/๒๕๖๖");
/// ```
pub fn to_thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => usize::try_from(d)
                .ok()
                .and_then(|i| THAI_DIGITS.get(i))
                .copied()
                .unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Replaces the Thai digits ๐–๙ with the ASCII digits 0–9; everything else is unchanged.
///
/// ```
/// assert_eq!(prongsai_domain::calendar::to_ascii_digits("พ.ศ. ๒๕๖๖"), "พ.ศ. 2566");
/// ```
pub fn to_ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match thai_digit_value(c) {
            Some(d) => char::from_digit(d, 10).unwrap_or(c),
            None => c,
        })
        .collect()
}

fn thai_digit_value(c: char) -> Option<u32> {
    let v = u32::from(c).checked_sub(u32::from('๐'))?;
    (v <= 9).then_some(v)
}

/// The value of an ASCII or Thai digit.
pub(crate) fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        c.to_digit(10)
    } else {
        thai_digit_value(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_all_digits() {
        assert_eq!(to_thai_digits("0123456789"), "๐๑๒๓๔๕๖๗๘๙");
        assert_eq!(to_ascii_digits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
    }

    #[test]
    fn leaves_other_characters() {
        assert_eq!(to_thai_digits("ปี 2566 ก.ค.",), "ปี ๒๕๖๖ ก.ค.");
        assert_eq!(to_ascii_digits("abc ๑x๙ ١"), "abc 1x9 ١");
        assert_eq!(to_thai_digits(""), "");
        // The characters right after ๙ are not digits.
        assert_eq!(to_ascii_digits("\u{0E5A}\u{0E5B}"), "\u{0E5A}\u{0E5B}");
    }

    #[test]
    fn digits_apply() {
        assert_eq!(Digits::Thai.apply("1 ม.ค. 2567"), "๑ ม.ค. ๒๕๖๗");
        assert_eq!(Digits::Arabic.apply("๑ ม.ค. ๒๕๖๗"), "1 ม.ค. 2567");
        assert_eq!(Digits::Thai.number(2566), "๒๕๖๖");
        assert_eq!(Digits::default(), Digits::Thai);
    }

    #[test]
    fn digit_values() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('๗'), Some(7));
        assert_eq!(digit_value('ก'), None);
        assert_eq!(digit_value('\u{0E4F}'), None);
    }

    #[test]
    fn digits_serde() {
        assert_eq!(
            serde_json::to_string(&Digits::Thai).ok().as_deref(),
            Some("\"thai\"")
        );
        let d: Result<Digits, _> = serde_json::from_str("\"arabic\"");
        assert_eq!(d.ok(), Some(Digits::Arabic));
    }
}

//! Tokenizer for Thai (and English) date text.
//!
//! Thai is written without spaces between words, so tokens are found by matching known words
//! at every character position: month names and abbreviations (with or without dots), era
//! markers (พ.ศ., ค.ศ.), keywords (ภายใน, เดือน, วันที่, ปีงบประมาณ, …), numbers in Thai or
//! ASCII digits, and punctuation. Anything else becomes [`Tok::Other`]. Spans are byte ranges of
//! the original text, always on character boundaries.

use super::digits::digit_value;
use super::month::parse_month_en;

/// A year's era marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Era {
    /// พ.ศ.
    Buddhist,
    /// ค.ศ.
    Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A run of digits. `value` saturates; `digits` is the number of digits written.
    Num {
        value: u64,
        digits: usize,
    },
    /// A month name; `thai` if written in Thai.
    Month {
        month: u32,
        thai: bool,
    },
    Era(Era),
    /// ภายใน
    Within,
    /// ตั้งแต่, ระหว่าง, from
    From,
    /// ถึง, จนถึง, to, until
    To,
    /// ปีงบประมาณ, ปีงบ, ปีงบฯ, FY
    FiscalWord,
    /// ไตรมาส, ไตรมาสที่
    QuarterWord,
    /// รอบ
    RoundWord,
    /// เดือน
    MonthWord,
    /// วันที่, วันจันทร์ที่, …
    DayWord,
    Dash,
    Slash,
    Dot,
    Comma,
    Open,
    Close,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

const KEYWORDS: [(&str, Tok); 13] = [
    ("ปีงบประมาณ", Tok::FiscalWord),
    ("ปีงบฯ", Tok::FiscalWord),
    ("ปีงบ", Tok::FiscalWord),
    ("ภายใน", Tok::Within),
    ("เดือน", Tok::MonthWord),
    ("วันที่", Tok::DayWord),
    ("จนถึง", Tok::To),
    ("ถึง", Tok::To),
    ("ตั้งแต่", Tok::From),
    ("ระหว่าง", Tok::From),
    ("ไตรมาสที่", Tok::QuarterWord),
    ("ไตรมาส", Tok::QuarterWord),
    ("รอบ", Tok::RoundWord),
];

const WEEKDAYS: [&str; 8] = [
    "อาทิตย์",
    "จันทร์",
    "อังคาร",
    "พุธ",
    "พฤหัสบดี",
    "พฤหัส",
    "ศุกร์",
    "เสาร์",
];

const FULL_MONTHS: [(&str, u32); 13] = [
    ("มกราคม", 1),
    ("กุมภาพันธ์", 2),
    ("มีนาคม", 3),
    ("เมษายน", 4),
    ("พฤษภาคม", 5),
    ("มิถุนายน", 6),
    ("กรกฎาคม", 7),
    ("กรกฏาคม", 7),
    ("สิงหาคม", 8),
    ("กันยายน", 9),
    ("ตุลาคม", 10),
    ("พฤศจิกายน", 11),
    ("ธันวาคม", 12),
];

/// Abbreviations as the parts between their dots.
const ABBR_MONTHS: [([&str; 2], u32); 12] = [
    (["ม", "ค"], 1),
    (["ก", "พ"], 2),
    (["มี", "ค"], 3),
    (["เม", "ย"], 4),
    (["พ", "ค"], 5),
    (["มิ", "ย"], 6),
    (["ก", "ค"], 7),
    (["ส", "ค"], 8),
    (["ก", "ย"], 9),
    (["ต", "ค"], 10),
    (["พ", "ย"], 11),
    (["ธ", "ค"], 12),
];

const ERAS: [([&str; 2], Era); 2] = [(["พ", "ศ"], Era::Buddhist), (["ค", "ศ"], Era::Common)];

/// Dotted abbreviations that may directly follow another one (`ธ.ค.พ.ศ.`).
const DOTTED_STARTS: [&str; 14] = [
    "ม.ค",
    "ก.พ",
    "มี.ค",
    "เม.ย",
    "พ.ค",
    "มิ.ย",
    "ก.ค",
    "ส.ค",
    "ก.ย",
    "ต.ค",
    "พ.ย",
    "ธ.ค",
    "พ.ศ",
    "ค.ศ",
];

/// Whitespace, including the invisible separators common in Thai text.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Thai letters, vowels and tone marks (not Thai digits or symbols).
fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E4E}')
}

fn char_at(s: &str, pos: usize) -> Option<char> {
    s.get(pos..).and_then(|r| r.chars().next())
}

fn char_before(s: &str, pos: usize) -> Option<char> {
    s.get(..pos).and_then(|r| r.chars().next_back())
}

/// Splits `s` into tokens; whitespace is dropped.
pub(crate) fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut other: Option<usize> = None;
    let mut pos = 0;
    while let Some(c) = char_at(s, pos) {
        let matched = if is_space(c) {
            None
        } else {
            match_at(s, pos, c).filter(|&(_, end)| end > pos)
        };
        if is_space(c) || matched.is_some() {
            if let Some(start) = other.take() {
                out.push(Token {
                    tok: Tok::Other,
                    start,
                    end: pos,
                });
            }
        }
        match matched {
            Some((tok, end)) => {
                out.push(Token {
                    tok,
                    start: pos,
                    end,
                });
                pos = end;
            }
            None => {
                if !is_space(c) && other.is_none() {
                    other = Some(pos);
                }
                pos += c.len_utf8();
            }
        }
    }
    if let Some(start) = other {
        out.push(Token {
            tok: Tok::Other,
            start,
            end: pos,
        });
    }
    out
}

fn match_at(s: &str, pos: usize, c: char) -> Option<(Tok, usize)> {
    if digit_value(c).is_some() {
        return Some(number(s, pos));
    }
    if c.is_ascii_alphabetic() {
        return Some(ascii_word(s, pos));
    }
    if let Some(tok) = punctuation(c) {
        return Some((tok, pos + c.len_utf8()));
    }
    if is_thai_letter(c) {
        return thai_word(s, pos);
    }
    None
}

fn number(s: &str, pos: usize) -> (Tok, usize) {
    let mut value: u64 = 0;
    let mut digits = 0usize;
    let mut end = pos;
    let rest = s.get(pos..).unwrap_or("");
    for c in rest.chars() {
        let Some(d) = digit_value(c) else { break };
        value = value.saturating_mul(10).saturating_add(u64::from(d));
        digits += 1;
        end += c.len_utf8();
    }
    (Tok::Num { value, digits }, end)
}

fn ascii_word(s: &str, pos: usize) -> (Tok, usize) {
    let rest = s.get(pos..).unwrap_or("");
    let len = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let word = rest.get(..len).unwrap_or("");
    let lower = word.to_ascii_lowercase();
    let tok = match lower.as_str() {
        "fy" => Tok::FiscalWord,
        "to" | "until" | "till" => Tok::To,
        "from" => Tok::From,
        _ => match parse_month_en(word) {
            Some(month) => Tok::Month { month, thai: false },
            None => Tok::Other,
        },
    };
    // "Sept." and "Mar." keep their dot.
    let mut end = pos + len;
    if matches!(tok, Tok::Month { .. }) && char_at(s, end) == Some('.') {
        end += 1;
    }
    (tok, end)
}

fn punctuation(c: char) -> Option<Tok> {
    Some(match c {
        '-' | '–' | '—' | '−' | '‐' | '‑' | '~' => Tok::Dash,
        '/' => Tok::Slash,
        '.' => Tok::Dot,
        ',' => Tok::Comma,
        '(' | '[' | '{' | '（' => Tok::Open,
        ')' | ']' | '}' | '）' => Tok::Close,
        _ => return None,
    })
}

fn keep_longest(best: &mut Option<(Tok, usize)>, tok: Tok, end: usize) {
    if best.is_none_or(|(_, e)| end > e) {
        *best = Some((tok, end));
    }
}

fn thai_word(s: &str, pos: usize) -> Option<(Tok, usize)> {
    let rest = s.get(pos..)?;
    let mut best = None;
    for (word, tok) in KEYWORDS {
        if rest.starts_with(word) {
            keep_longest(&mut best, tok, pos + word.len());
        }
    }
    if let Some(after_wan) = rest.strip_prefix("วัน") {
        for day in WEEKDAYS {
            if let Some(after_day) = after_wan.strip_prefix(day) {
                let mut end = pos + "วัน".len() + day.len();
                if after_day.starts_with("ที่") {
                    end += "ที่".len();
                }
                keep_longest(&mut best, Tok::DayWord, end);
            }
        }
    }
    for (name, month) in FULL_MONTHS {
        if rest.starts_with(name) {
            keep_longest(
                &mut best,
                Tok::Month { month, thai: true },
                pos + name.len(),
            );
        }
    }
    for (parts, month) in ABBR_MONTHS {
        if let Some(end) = match_abbreviation(s, pos, &parts) {
            keep_longest(&mut best, Tok::Month { month, thai: true }, end);
        }
    }
    for (parts, era) in ERAS {
        if let Some(end) = match_abbreviation(s, pos, &parts) {
            keep_longest(&mut best, Tok::Era(era), end);
        }
    }
    best
}

/// Matches an abbreviation like `มี.ค.` written as `มี.ค.`, `มี.ค`, `มีค` or `มี. ค.`.
///
/// Guards against matching inside ordinary words: without a final dot the abbreviation must not
/// be followed by a Thai letter (`มีคน` is not March) and, when fully undotted, not preceded by
/// one either; with a final dot it must not continue as a longer acronym (`ก.พ.ร.` is not
/// February).
fn match_abbreviation(s: &str, pos: usize, parts: &[&str; 2]) -> Option<usize> {
    let [first, second] = *parts;
    let mut p = pos;
    if !s.get(p..)?.starts_with(first) {
        return None;
    }
    p += first.len();
    let inner_dot = char_at(s, p) == Some('.');
    if inner_dot {
        p += 1;
        // One space is tolerated after the inner dot: "มี. ค."
        if let Some(c) = char_at(s, p) {
            if is_space(c) && s.get(p + c.len_utf8()..)?.starts_with(second) {
                p += c.len_utf8();
            }
        }
    }
    if !s.get(p..)?.starts_with(second) {
        return None;
    }
    p += second.len();
    let final_dot = char_at(s, p) == Some('.');
    if final_dot {
        p += 1;
        if let Some(next) = char_at(s, p) {
            let continues_acronym = is_thai_letter(next)
                && char_at(s, p + next.len_utf8()) == Some('.')
                && !DOTTED_STARTS
                    .iter()
                    .any(|d| s.get(p..).is_some_and(|r| r.starts_with(d)));
            if continues_acronym {
                return None;
            }
        }
    } else {
        if char_at(s, p).is_some_and(is_thai_letter) {
            return None;
        }
        let after_keyword = s
            .get(..pos)
            .is_some_and(|b| b.ends_with("เดือน") || b.ends_with("ภายใน"));
        if !inner_dot && char_before(s, pos).is_some_and(is_thai_letter) && !after_keyword {
            return None;
        }
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).into_iter().map(|t| t.tok).collect()
    }

    fn month(m: u32) -> Tok {
        Tok::Month {
            month: m,
            thai: true,
        }
    }

    fn num(value: u64, digits: usize) -> Tok {
        Tok::Num { value, digits }
    }

    #[test]
    fn phrase_without_spaces() {
        assert_eq!(
            toks("ภายในเดือนเมษายน๒๕๖๖"),
            vec![Tok::Within, Tok::MonthWord, month(4), num(2566, 4)]
        );
        assert_eq!(
            toks("ต.ค.-ธ.ค.๖๕"),
            vec![month(10), Tok::Dash, month(12), num(65, 2)]
        );
        assert_eq!(
            toks("ภายในวันที่ ๓๑ เดือน มีนาคม พ.ศ.๒๕๖๖"),
            vec![
                Tok::Within,
                Tok::DayWord,
                num(31, 2),
                Tok::MonthWord,
                month(3),
                Tok::Era(Era::Buddhist),
                num(2566, 4)
            ]
        );
    }

    #[test]
    fn abbreviation_forms() {
        for s in ["มี.ค.", "มี.ค", "มีค", "มี. ค."] {
            assert_eq!(toks(s), vec![month(3)], "{s}");
        }
        assert_eq!(toks("มีค ๖๖"), vec![month(3), num(66, 2)]);
        assert_eq!(toks("พศ 2566"), vec![Tok::Era(Era::Buddhist), num(2566, 4)]);
        assert_eq!(
            toks("๑ธ.ค.พ.ศ.๒๕๖๕"),
            vec![num(1, 1), month(12), Tok::Era(Era::Buddhist), num(2565, 4)]
        );
    }

    #[test]
    fn no_months_inside_words() {
        for s in ["มีคน", "พยาบาล", "สำนักงาน ก.พ.ร.", "มีความ", "ผักค"]
        {
            assert!(
                !toks(s).iter().any(|t| matches!(t, Tok::Month { .. })),
                "{s}: {:?}",
                toks(s)
            );
        }
    }

    #[test]
    fn english_words() {
        assert_eq!(
            toks("31 Mar. 2023"),
            vec![
                num(31, 2),
                Tok::Month {
                    month: 3,
                    thai: false
                },
                num(2023, 4)
            ]
        );
        assert_eq!(toks("FY2566"), vec![Tok::FiscalWord, num(2566, 4)]);
        assert_eq!(toks("Marx"), vec![Tok::Other]);
    }

    #[test]
    fn weekdays_and_other_text() {
        assert_eq!(toks("วันจันทร์ที่ 1"), vec![Tok::DayWord, num(1, 1)]);
        assert_eq!(
            toks("อย่างน้อย ๑ ภารกิจงาน"),
            vec![Tok::Other, num(1, 1), Tok::Other]
        );
        assert_eq!(toks(""), vec![]);
        assert_eq!(toks(" \u{200B}\u{a0}"), vec![]);
    }

    #[test]
    fn spans_are_char_boundaries() {
        let s = "ภายในเดือนธันวาคม ๒๕๖๕ ๔.ผู้บริหาร";
        for t in tokenize(s) {
            assert!(s.get(t.start..t.end).is_some());
            assert!(t.start < t.end);
        }
    }

    #[test]
    fn huge_numbers_saturate() {
        let s = "9".repeat(40);
        assert_eq!(toks(&s), vec![num(u64::MAX, 40)]);
    }
}

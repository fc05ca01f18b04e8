//! Measures (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) as the official table writes
//! them: one row per issue to improve, five columns, each cell a list of lines that may be
//! numbered ("๑.", "๒.", …) and may carry a deadline in Thai ("ภายในเดือนเมษายน ๒๕๖๖").
//!
//! This is the shape imported reports arrive in and official documents go out in; the working
//! model (steps with owners, statuses and evidence) is built on it.

use serde::Serialize;

use crate::calendar::{find_date_phrases, DatePhrase};

/// The five columns of the O43 table, in order.
pub const COLUMNS_TH: [&str; 5] = [
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
];

/// Where a step stands. "Late" is not stored: it is a step not done or cancelled whose
/// deadline has passed ([`is_late`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    NotStarted,
    InProgress,
    Done,
    Cancelled,
}

impl StepStatus {
    pub const ALL: [StepStatus; 4] = [
        Self::NotStarted,
        Self::InProgress,
        Self::Done,
        Self::Cancelled,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::NotStarted => "ยังไม่เริ่ม",
            Self::InProgress => "กำลังดำเนินการ",
            Self::Done => "ดำเนินการแล้ว",
            Self::Cancelled => "ยกเลิก",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::NotStarted => "not started",
            Self::InProgress => "in progress",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }
}

/// A step is late when it is neither done nor cancelled and its deadline is before `today`.
pub fn is_late(
    status: StepStatus,
    due_end: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> bool {
    matches!(status, StepStatus::NotStarted | StepStatus::InProgress)
        && due_end.is_some_and(|d| d < today)
}

/// Who may update a line: anyone whose role may manage the measures, or unit staff on the
/// lines their own unit owns.
pub fn may_edit_line(
    role: crate::tenancy::Role,
    user_unit: Option<i64>,
    owner_unit: Option<i64>,
) -> bool {
    use crate::tenancy::Permission;
    role.allows(Permission::ManageAssessment)
        || (role.allows(Permission::EditOwnWork) && user_unit.is_some() && user_unit == owner_unit)
}

/// One line of a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The number as written ("๑.", "2 ."), when the line is numbered.
    pub label: Option<String>,
    /// The number's value.
    pub number: Option<u32>,
    pub text: String,
    /// The first date phrase found in the text (a deadline when it said "ภายใน").
    pub due: Option<DatePhrase>,
    /// Whether the line began a paragraph of its own in the source.
    pub paragraph: bool,
}

impl Line {
    pub fn new(label: Option<String>, number: Option<u32>, text: String, paragraph: bool) -> Self {
        let due = find_date_phrases(&text)
            .into_iter()
            .map(|(_, p)| p)
            .max_by_key(|p| p.deadline);
        Self {
            label,
            number,
            text,
            due,
            paragraph,
        }
    }
    /// The line as printed: its label (if any) and text.
    pub fn display(&self) -> String {
        match &self.label {
            Some(l) => format!("{l}{}", self.text),
            None => self.text.clone(),
        }
    }
}

/// One row: an issue to improve and what is done about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MeasureRow {
    pub issue: Vec<Line>,
    pub responsible: Vec<Line>,
    pub steps: Vec<Line>,
    pub schedule: Vec<Line>,
    pub progress: Vec<Line>,
}

impl MeasureRow {
    pub fn cells(&self) -> [&Vec<Line>; 5] {
        [
            &self.issue,
            &self.responsible,
            &self.steps,
            &self.schedule,
            &self.progress,
        ]
    }
    /// Every deadline found in the row's steps and schedule.
    pub fn deadlines(&self) -> impl Iterator<Item = &DatePhrase> {
        self.steps
            .iter()
            .chain(&self.schedule)
            .filter_map(|l| l.due.as_ref())
    }
}

/// A measures document or round report as a whole.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MeasuresDocument {
    /// The title block lines (title, round, agency…), in order.
    pub title: Vec<String>,
    /// The introduction paragraph(s).
    pub intro: Vec<String>,
    pub rows: Vec<MeasureRow>,
}

/// Split a paragraph into numbered lines: a label is 1–2 digits (Thai or ASCII) and a dot at
/// the start or after a space, and only the next number in sequence counts (so "พ.ศ. ๒๕๖๖"
/// or "อย่างน้อย ๑ ภารกิจ" never split a line).
pub fn split_numbered(paragraph: &str, next: &mut u32, first_in_cell: bool) -> Vec<Line> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let digit = |c: char| c.is_ascii_digit() || ('๐'..='๙').contains(&c);
    let value = |c: char| -> u32 {
        if c.is_ascii_digit() {
            c as u32 - '0' as u32
        } else {
            c as u32 - '๐' as u32
        }
    };
    // (byte start of label, byte end of label, number)
    let mut labels: Vec<(usize, usize, u32)> = Vec::new();
    let mut expect = *next;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let at_boundary = i == 0 || chars[i - 1].1.is_whitespace();
        if at_boundary && digit(c) {
            let mut j = i;
            let mut n = 0u32;
            while j < chars.len() && digit(chars[j].1) && j - i < 2 {
                n = n * 10 + value(chars[j].1);
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].1 == ' ' {
                k += 1;
            }
            // At the start of a paragraph a number may skip one (a report that left "๑."
            // off its first paragraph and numbered the second "๒.").
            let in_sequence = n == expect
                || (labels.is_empty() && n == 1 && first_in_cell)
                || (i == 0 && n == expect + 1);
            let is_label = k < chars.len()
                && chars[k].1 == '.'
                && (j == chars.len() || !digit(chars[j].1))
                && in_sequence;
            if is_label {
                let end = chars.get(k + 1).map(|(p, _)| *p).unwrap_or(paragraph.len());
                labels.push((pos, end, n));
                expect = n + 1;
                i = k + 1;
                continue;
            }
        }
        i += 1;
    }
    *next = expect;
    let mut out = Vec::new();
    let lead = labels.first().map(|l| l.0).unwrap_or(paragraph.len());
    let head = paragraph[..lead].trim();
    if !head.is_empty() {
        out.push(Line::new(None, None, head.to_string(), true));
    }
    for (k, (start, end, n)) in labels.iter().enumerate() {
        let stop = labels.get(k + 1).map(|l| l.0).unwrap_or(paragraph.len());
        let label = paragraph[*start..*end].to_string();
        let text = paragraph[*end..stop].trim().to_string();
        out.push(Line::new(
            Some(label),
            Some(*n),
            text,
            k == 0 && head.is_empty(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lateness_and_who_may_edit() {
        use crate::tenancy::Role;
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(is_late(
            StepStatus::NotStarted,
            Some(d("2023-04-30")),
            d("2023-05-01")
        ));
        assert!(!is_late(
            StepStatus::Done,
            Some(d("2023-04-30")),
            d("2023-05-01")
        ));
        assert!(!is_late(
            StepStatus::InProgress,
            Some(d("2023-04-30")),
            d("2023-04-30")
        ));
        assert!(!is_late(StepStatus::NotStarted, None, d("2023-05-01")));
        assert!(may_edit_line(Role::AgencyAdmin, None, Some(3)));
        assert!(may_edit_line(Role::UnitStaff, Some(3), Some(3)));
        assert!(!may_edit_line(Role::UnitStaff, Some(4), Some(3)));
        assert!(!may_edit_line(Role::UnitStaff, Some(3), None));
        assert!(!may_edit_line(Role::Viewer, Some(3), Some(3)));
        assert!(!may_edit_line(Role::Executive, None, None));
        for s in StepStatus::ALL {
            assert_eq!(StepStatus::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn numbered_lines_in_one_paragraph() {
        let mut next = 1;
        let lines = split_numbered(
            "๑. เจ้าหน้าที่จัดทำระบบออนไลน์ อย่างน้อย ๑ ภารกิจงาน ภายในเดือนธันวาคม ๒๕๖๕ ๒.รายงานผู้บริหาร ๓.เผยแพร่ข้อมูล พ.ศ. ๒๕๖๖",
            &mut next,
            true,
        );
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].label.as_deref(), Some("๑."));
        assert!(lines[0].text.ends_with("ภายในเดือนธันวาคม ๒๕๖๕"));
        let due = lines[0].due.as_ref().unwrap();
        assert!(due.deadline);
        assert_eq!(due.end.to_string(), "2022-12-31");
        assert_eq!(lines[1].display(), "๒.รายงานผู้บริหาร");
        assert_eq!(lines[2].text, "เผยแพร่ข้อมูล พ.ศ. ๒๕๖๖");
        assert_eq!(next, 4);
    }

    #[test]
    fn unnumbered_text_and_continuing_numbers() {
        let mut next = 1;
        let a = split_numbered("กองคลัง/งานพัสดุ", &mut next, true);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].label, None);
        let b = split_numbered("๑. กองคลัง ดำเนินการ", &mut next, false);
        let c = split_numbered("๒. รายงาน ๓ ครั้ง", &mut next, false);
        assert_eq!(b[0].number, Some(1));
        assert_eq!(c[0].number, Some(2));
        assert_eq!(c[0].text, "รายงาน ๓ ครั้ง");
        // out-of-sequence numbers do not split
        let mut next = 1;
        let d = split_numbered("ข้อความ ๕. ไม่ใช่ลำดับ", &mut next, true);
        assert_eq!(d.len(), 1);
        // a paragraph may start one number ahead (the first paragraph had no "๑.")
        let mut next = 1;
        split_numbered("ข้อความแรก", &mut next, true);
        let e = split_numbered("๒.ข้อความที่สอง", &mut next, false);
        assert_eq!(e[0].number, Some(2));
    }
}

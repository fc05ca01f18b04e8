//! Measures (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) as the official table writes
//! them: one row per issue to improve, five columns, each cell a list of lines that may be
//! numbered ("๑.", "๒.", …) and may carry a deadline in Thai ("ภายในเดือนเมษายน ๒๕๖๖").
//!
//! This is the shape imported reports arrive in and official documents go out in; the working
//! model (steps with owners, statuses and evidence) is built on it.

use serde::{Deserialize, Serialize};

use crate::calendar::{find_date_phrases, DatePhrase, FiscalYear, Period};
use crate::InputError;

/// The five columns of the O43 table, in order.
pub const COLUMNS_TH: [&str; 5] = [
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
];

/// Which programme a table of measures belongs to. Each has its own measures with steps,
/// owners, deadlines and progress, and its own report rounds and sign-off; the machinery is the
/// same for all (one set of tables, told apart by this code).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    /// มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (O42/O43 in FY 2566).
    #[default]
    Ita,
    /// The measures that treat the year's corruption risks (their progress is the six-month
    /// and annual report of risk management).
    Risk,
    /// The anti-corruption action plan (แผนปฏิบัติการป้องกันการทุจริต).
    AntiCorruption,
}

impl Plan {
    pub const ALL: [Plan; 3] = [Self::Ita, Self::Risk, Self::AntiCorruption];
    pub fn code(self) -> &'static str {
        match self {
            Self::Ita => "ita",
            Self::Risk => "risk",
            Self::AntiCorruption => "anticorruption",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }
    /// The five columns of the programme's table as its documents head them.
    pub fn columns_th(self) -> &'static [&'static str; 5] {
        match self {
            Self::Ita => &COLUMNS_TH,
            Self::Risk => &COLUMNS_RISK_TH,
            Self::AntiCorruption => &COLUMNS_ANTICORRUPTION_TH,
        }
    }
}

/// The columns of the risk mitigation table (its progress is the report of risk management).
pub const COLUMNS_RISK_TH: [&str; 5] = [
    "เหตุการณ์ความเสี่ยง",
    "ผู้รับผิดชอบ",
    "มาตรการจัดการความเสี่ยง/ขั้นตอน",
    "กำหนดเวลาแล้วเสร็จ",
    "ผลการดำเนินการ",
];

/// The columns of the anti-corruption action plan's table.
pub const COLUMNS_ANTICORRUPTION_TH: [&str; 5] = [
    "โครงการ/กิจกรรม",
    "ผู้รับผิดชอบ",
    "ขั้นตอนการดำเนินงาน",
    "ระยะเวลาดำเนินการ",
    "ผลการดำเนินงาน",
];

/// A programme's measures of one fiscal year. A bare [`FiscalYear`] means the ITA measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlanYear {
    pub plan: Plan,
    pub year: FiscalYear,
}

impl PlanYear {
    pub fn new(plan: Plan, year: FiscalYear) -> Self {
        Self { plan, year }
    }
}

impl From<FiscalYear> for PlanYear {
    fn from(year: FiscalYear) -> Self {
        Self {
            plan: Plan::Ita,
            year,
        }
    }
}

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

/// Where a tracked line (a step or a schedule line) stands against today, for the dashboard,
/// the calendar and reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Done,
    Cancelled,
    /// Past its deadline and not done.
    Late,
    /// Due within the reminder window (and not late).
    DueSoon,
    /// Due later this month (beyond the reminder window).
    ThisMonth,
    Later,
    /// No date could be read from its text.
    NoDate,
}

/// Days before a deadline when reminders start.
pub const REMIND_DAYS: i64 = 14;

impl Standing {
    pub fn of(
        status: StepStatus,
        due_end: Option<chrono::NaiveDate>,
        today: chrono::NaiveDate,
    ) -> Self {
        use chrono::Datelike;
        match (status, due_end) {
            (StepStatus::Done, _) => Self::Done,
            (StepStatus::Cancelled, _) => Self::Cancelled,
            (_, None) => Self::NoDate,
            (_, Some(d)) if d < today => Self::Late,
            (_, Some(d)) if (d - today).num_days() <= REMIND_DAYS => Self::DueSoon,
            (_, Some(d)) if d.year() == today.year() && d.month() == today.month() => {
                Self::ThisMonth
            }
            _ => Self::Later,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Cancelled => "cancelled",
            Self::Late => "late",
            Self::DueSoon => "soon",
            Self::ThisMonth => "month",
            Self::Later => "later",
            Self::NoDate => "nodate",
        }
    }
}

/// Counts of tracked lines by where they stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub total: usize,
    pub done: usize,
    pub cancelled: usize,
    pub late: usize,
    /// Due within [`REMIND_DAYS`].
    pub due_soon: usize,
    /// Due in the current calendar month (late ones not counted).
    pub this_month: usize,
    pub no_date: usize,
}

impl Tally {
    pub fn add(
        &mut self,
        status: StepStatus,
        due_end: Option<chrono::NaiveDate>,
        today: chrono::NaiveDate,
    ) -> Standing {
        use chrono::Datelike;
        let s = Standing::of(status, due_end, today);
        self.total += 1;
        match s {
            Standing::Done => self.done += 1,
            Standing::Cancelled => self.cancelled += 1,
            Standing::Late => self.late += 1,
            Standing::NoDate => self.no_date += 1,
            Standing::DueSoon | Standing::ThisMonth | Standing::Later => {}
        }
        if s == Standing::DueSoon {
            self.due_soon += 1;
        }
        if matches!(s, Standing::DueSoon | Standing::ThisMonth)
            && due_end.is_some_and(|d| d.year() == today.year() && d.month() == today.month())
        {
            self.this_month += 1;
        }
        s
    }
    /// Share done of what is not cancelled, in per cent.
    pub fn percent_done(&self) -> u32 {
        let base = self.total - self.cancelled;
        (self.done * 100).checked_div(base).unwrap_or(0) as u32
    }
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

/// The report rounds of a year's measures (รอบการรายงาน): the six-month report (1 Oct – 31 Mar)
/// and the annual one, each presented to the executive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundPeriod {
    Half,
    Year,
}

impl RoundPeriod {
    pub const ALL: [RoundPeriod; 2] = [Self::Half, Self::Year];
    pub fn code(self) -> &'static str {
        match self {
            Self::Half => "half",
            Self::Year => "year",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Half => "รอบ ๖ เดือน",
            Self::Year => "รอบ ๑๒ เดือน",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Half => "six-month round",
            Self::Year => "annual round",
        }
    }
    /// The span of the fiscal year the round reports on.
    pub fn period(self, fy: FiscalYear) -> Period {
        match self {
            Self::Half => fy.halves()[0],
            Self::Year => fy.whole(),
        }
    }
    /// The round a report's title names ("รอบ ๖ เดือน", "6 เดือน", "รอบ 12 เดือน", "ประจำปี").
    pub fn from_title(title: &[String]) -> Self {
        let t: String = crate::calendar::to_ascii_digits(&title.join(" "))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if t.contains("12เดือน") || (t.contains("ประจำปี") && !t.contains("6เดือน"))
        {
            Self::Year
        } else {
            Self::Half
        }
    }
}

/// Where a round stands: being written, submitted to the executive, or acknowledged
/// (รายงานเสนอผู้บริหารทราบแล้ว) and frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundState {
    Draft,
    Submitted,
    Acknowledged,
}

impl RoundState {
    pub const ALL: [RoundState; 3] = [Self::Draft, Self::Submitted, Self::Acknowledged];
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Acknowledged => "acknowledged",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Draft => "ร่าง",
            Self::Submitted => "เสนอผู้บริหารแล้ว รอรับทราบ",
            Self::Acknowledged => "ผู้บริหารรับทราบแล้ว",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted, awaiting acknowledgement",
            Self::Acknowledged => "acknowledged",
        }
    }
    /// The report is frozen once submitted: what the executive reads is what was sent.
    pub fn frozen(self) -> bool {
        self != Self::Draft
    }
    /// The move to "submitted": only a draft may be submitted.
    pub fn submit(self) -> Result<RoundState, InputError> {
        match self {
            Self::Draft => Ok(Self::Submitted),
            _ => Err(InputError::new(
                "round",
                "รอบนี้เสนอผู้บริหารไปแล้ว",
                "This round has already been submitted",
            )),
        }
    }
    /// The move back to "draft" (before the executive acknowledged it).
    pub fn withdraw(self) -> Result<RoundState, InputError> {
        match self {
            Self::Submitted => Ok(Self::Draft),
            Self::Draft => Err(InputError::new(
                "round",
                "รอบนี้ยังไม่ได้เสนอผู้บริหาร",
                "This round has not been submitted",
            )),
            Self::Acknowledged => Err(self.check_editable().unwrap_err()),
        }
    }
    /// The executive's acknowledgement: only of a submitted version, and never by the person
    /// who submitted it (two people sign every version).
    pub fn acknowledge(
        self,
        submitted_by: Option<i64>,
        by: Option<i64>,
    ) -> Result<RoundState, InputError> {
        match self {
            Self::Submitted => {}
            Self::Draft => {
                return Err(InputError::new(
                    "round",
                    "รอบนี้ยังไม่ได้เสนอผู้บริหาร จึงยังรับทราบไม่ได้",
                    "This round has not been submitted, so it cannot be acknowledged yet",
                ))
            }
            Self::Acknowledged => {
                return Err(InputError::new(
                    "round",
                    "รอบนี้ผู้บริหารรับทราบแล้ว",
                    "This round has already been acknowledged",
                ))
            }
        }
        if by.is_some() && by == submitted_by {
            return Err(InputError::new(
                "round",
                "ผู้เสนอรายงานรับทราบรายงานของตนเองไม่ได้: ผู้บริหารต้องเป็นผู้รับทราบ",
                "The person who submitted the report cannot acknowledge it: the executive must",
            ));
        }
        Ok(Self::Acknowledged)
    }
    /// Whether a new version may follow this one (only after it was acknowledged).
    pub fn check_new_version(self) -> Result<(), InputError> {
        match self {
            Self::Acknowledged => Ok(()),
            _ => Err(InputError::new(
                "round",
                "รอบนี้มีฉบับที่ยังไม่ได้รับทราบจากผู้บริหารอยู่แล้ว: แก้ไขฉบับนั้นแทน",
                "This round already has a version not yet acknowledged: edit that one instead",
            )),
        }
    }
    /// Whether the round's progress entries may change; the refusal says why and what to do.
    pub fn check_editable(self) -> Result<(), InputError> {
        match self {
            Self::Draft => Ok(()),
            Self::Submitted => Err(InputError::new(
                "round",
                "รายงานรอบนี้เสนอผู้บริหารแล้ว จึงแก้ไขไม่ได้: ถอนการเสนอก่อนแก้ไข",
                "This round's report has been submitted to the executive and cannot be changed: withdraw it first",
            )),
            Self::Acknowledged => Err(InputError::new(
                "round",
                "ผู้บริหารรับทราบรายงานรอบนี้แล้ว จึงแก้ไขไม่ได้: เปิดฉบับแก้ไขใหม่ซึ่งต้องเสนอผู้บริหารอีกครั้ง",
                "The executive has acknowledged this round's report, so it is frozen: open a new version, which needs a new sign-off",
            )),
        }
    }
}

/// One line of a cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasuresDocument {
    /// Whose table it is (its column headings); the ITA measures when absent.
    #[serde(default)]
    pub plan: Plan,
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
    fn standing_and_tally() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-11-10");
        let mut t = Tally::default();
        let open = StepStatus::InProgress;
        assert_eq!(t.add(open, Some(d("2026-11-09")), today), Standing::Late);
        assert_eq!(t.add(open, Some(d("2026-11-10")), today), Standing::DueSoon);
        assert_eq!(t.add(open, Some(d("2026-11-24")), today), Standing::DueSoon);
        assert_eq!(
            t.add(open, Some(d("2026-11-30")), today),
            Standing::ThisMonth
        );
        assert_eq!(t.add(open, Some(d("2026-12-01")), today), Standing::Later);
        assert_eq!(t.add(open, None, today), Standing::NoDate);
        assert_eq!(
            t.add(StepStatus::Done, Some(d("2026-01-01")), today),
            Standing::Done
        );
        assert_eq!(
            t.add(StepStatus::Cancelled, Some(d("2026-01-01")), today),
            Standing::Cancelled
        );
        assert_eq!(t.total, 8);
        assert_eq!((t.late, t.due_soon, t.this_month, t.done), (1, 2, 3, 1));
        assert_eq!(t.percent_done(), 14);
        // soon across the month end: due 2 Dec seen on 25 Nov is soon, not this month
        let mut u = Tally::default();
        u.add(open, Some(d("2026-12-02")), d("2026-11-25"));
        assert_eq!((u.due_soon, u.this_month), (1, 0));
        assert_eq!(Tally::default().percent_done(), 0);
    }

    #[test]
    fn rounds_freeze_once_submitted() {
        assert!(RoundState::Draft.check_editable().is_ok());
        assert!(RoundState::Submitted.check_editable().is_err());
        let e = RoundState::Acknowledged.check_editable().unwrap_err();
        assert!(e.th.contains("ฉบับแก้ไขใหม่"), "{e:?}");
        for s in RoundState::ALL {
            assert_eq!(RoundState::parse(s.code()), Some(s));
        }
        let t = |s: &str| vec![s.to_string()];
        assert_eq!(
            RoundPeriod::from_title(&t(
                "รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน"
            )),
            RoundPeriod::Half
        );
        assert_eq!(
            RoundPeriod::from_title(&t("รายงานผล รอบ 12 เดือน")),
            RoundPeriod::Year
        );
        let fy = FiscalYear::new(2566).unwrap();
        assert_eq!(RoundPeriod::Half.period(fy).end.to_string(), "2023-03-31");
        assert_eq!(RoundPeriod::Year.period(fy).end.to_string(), "2023-09-30");
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

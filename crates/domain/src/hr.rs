//! Human resources (บริหารทรัพยากรบุคคล): the workforce plan figures of a fiscal year
//! (แผนอัตรากำลัง: positions in the framework, filled, vacant, by staff type and unit), the
//! appointments (การบรรจุ แต่งตั้ง โยกย้าย โอน เลื่อนระดับ), the training records
//! (การพัฒนาบุคลากร), their validation, and the report of a six-month round or a year with its
//! statistics — what answers the OIT items on HR actions (six-monthly) and the annual HR report.
//!
//! Everything here is pure; the store keeps the rows and calls in here to decide what is
//! acceptable.
//!
//! * [`StaffType`], [`ActionKind`] — the four staff types of a local government, the five kinds
//!   of personnel action; each with a stable code and Thai/English labels.
//! * [`parse_count`] — a number of positions as people type it (0 ..= [`MAX_COUNT`]).
//! * [`WorkforceRow`] — a position group; more filled than in the framework is a
//!   [`Warning`] that must be explicitly accepted ([`WorkforceRow::validate`]).
//! * [`Appointment`] — a personnel order, dated within its fiscal year.
//! * [`Hours`], [`Training`] — a course attended: dates within the year, hours above zero and at
//!   most 24 a day of the course, the cost as [`Money`].
//! * [`HrReport`] — what a report is made of (the rows of its period with the units' names, and
//!   the HR officer's text), frozen as JSON when submitted; [`HrReport::figures`] gives the
//!   [`HrFigures`]: workforce and vacancy rate by type, appointments by kind, people trained and
//!   their share of the staff, total and mean hours, by unit, cost, courses with ethics content.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{
    format_date_en, format_date_th, to_ascii_digits, to_thai_digits, DateStyle, Digits, FiscalYear,
    Period,
};
use crate::error::InputError;
use crate::i18n::Lang;
use crate::measures::RoundPeriod;
use crate::procurement::{clean_line, Money, Share};

fn th_num(n: impl fmt::Display) -> String {
    to_thai_digits(&n.to_string())
}

/// The sign-off kind of the HR report (`store::signoff`).
pub const SIGN_KIND: &str = "hr.report";

/// The largest number of positions accepted in one row.
pub const MAX_COUNT: u32 = 100_000;
/// The longest name of a person, a position or a position group, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest course or organiser, in characters.
pub const MAX_COURSE_CHARS: usize = 500;
/// The longest order number (คำสั่งที่ …), in characters.
pub const MAX_ORDER_CHARS: usize = 100;
/// The most hours a course may count per day of its span.
pub const MAX_HOURS_PER_DAY: u32 = 24;

// ---------------------------------------------------------------------------------------------
// Staff types and kinds of action
// ---------------------------------------------------------------------------------------------

/// The staff types of a local government's workforce plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffType {
    /// ข้าราชการ/พนักงานส่วนตำบล
    Official,
    /// ลูกจ้างประจำ
    Permanent,
    /// พนักงานจ้างตามภารกิจ
    Mission,
    /// พนักงานจ้างทั่วไป
    General,
}

impl StaffType {
    pub const ALL: [StaffType; 4] = [
        Self::Official,
        Self::Permanent,
        Self::Mission,
        Self::General,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Official => "official",
            Self::Permanent => "permanent",
            Self::Mission => "mission",
            Self::General => "general",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s.trim())
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Official => "ข้าราชการ/พนักงานส่วนตำบล",
            Self::Permanent => "ลูกจ้างประจำ",
            Self::Mission => "พนักงานจ้างตามภารกิจ",
            Self::General => "พนักงานจ้างทั่วไป",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Official => "Officials (local government officers)",
            Self::Permanent => "Permanent employees",
            Self::Mission => "Mission-based contract staff",
            Self::General => "General contract staff",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }
}

/// A personnel action of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// บรรจุ (a new appointment to the service)
    Recruit,
    /// แต่งตั้ง
    Appoint,
    /// โยกย้าย (within the agency)
    Move,
    /// โอน (from or to another agency)
    Transfer,
    /// เลื่อนระดับ
    Promote,
}

impl ActionKind {
    pub const ALL: [ActionKind; 5] = [
        Self::Recruit,
        Self::Appoint,
        Self::Move,
        Self::Transfer,
        Self::Promote,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Recruit => "recruit",
            Self::Appoint => "appoint",
            Self::Move => "move",
            Self::Transfer => "transfer",
            Self::Promote => "promote",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s.trim())
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Recruit => "บรรจุ",
            Self::Appoint => "แต่งตั้ง",
            Self::Move => "โยกย้าย",
            Self::Transfer => "โอน",
            Self::Promote => "เลื่อนระดับ",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Recruit => "Recruitment",
            Self::Appoint => "Appointment",
            Self::Move => "Reassignment",
            Self::Transfer => "Transfer",
            Self::Promote => "Promotion",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading numbers
// ---------------------------------------------------------------------------------------------

/// A number of positions as typed: Thai or ASCII digits, thousands commas, surrounding spaces
/// and an optional `อัตรา`/`คน`. Refused: empty, negative, not a whole number, above
/// [`MAX_COUNT`].
pub fn parse_count(field: &'static str, input: &str) -> Result<u32, InputError> {
    let mut s = to_ascii_digits(input.trim());
    for unit in ["อัตรา", "คน", "ตำแหน่ง"] {
        if let Some(r) = s.strip_suffix(unit) {
            s = r.trim_end().to_owned();
        }
    }
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if s.is_empty() {
        return Err(InputError::new(
            field,
            "ยังไม่ได้กรอกจำนวน",
            "The number is missing",
        ));
    }
    if s.starts_with('-') || s.starts_with('\u{2212}') {
        return Err(InputError::new(
            field,
            "จำนวนติดลบไม่ได้",
            "The number cannot be negative",
        ));
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InputError::new(
            field,
            "จำนวนต้องเป็นจำนวนเต็ม เช่น ๑๒",
            "The number must be a whole number such as 12",
        ));
    }
    let too_large = || {
        InputError::new(
            field,
            format!("จำนวนต้องไม่เกิน {}", th_num("100,000")),
            format!("The number must be at most {MAX_COUNT}"),
        )
    };
    let t = s.trim_start_matches('0');
    if t.len() > 6 {
        return Err(too_large());
    }
    let n: u32 = if t.is_empty() {
        0
    } else {
        t.parse().map_err(|_| too_large())?
    };
    if n > MAX_COUNT {
        return Err(too_large());
    }
    Ok(n)
}

/// Hours of training, in tenths of an hour (`6.5` hours is 65).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Hours(pub u32);

impl Hours {
    /// Reads hours as typed: Thai or ASCII digits, at most one decimal, an optional
    /// `ชั่วโมง`/`ชม.`. Refused: empty, negative, zero, not a number, more than one decimal.
    pub fn parse(field: &'static str, input: &str) -> Result<Hours, InputError> {
        let mut s = to_ascii_digits(input.trim());
        for unit in ["ชั่วโมง", "ชม.", "ชม"] {
            if let Some(r) = s.strip_suffix(unit) {
                s = r.trim_end().to_owned();
            }
        }
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(InputError::new(
                field,
                "ยังไม่ได้กรอกจำนวนชั่วโมง",
                "The hours are missing",
            ));
        }
        if s.starts_with('-') || s.starts_with('\u{2212}') {
            return Err(InputError::new(
                field,
                "จำนวนชั่วโมงติดลบไม่ได้",
                "The hours cannot be negative",
            ));
        }
        let not_number = || {
            InputError::new(
                field,
                "จำนวนชั่วโมงไม่ถูกต้อง ให้กรอกเป็นตัวเลข เช่น ๖ หรือ ๓.๕",
                "Not a valid number of hours; type a number such as 6 or 3.5",
            )
        };
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return Err(not_number());
        }
        if frac.len() > 1 {
            return Err(InputError::new(
                field,
                "จำนวนชั่วโมงมีทศนิยมได้ ๑ ตำแหน่ง เช่น ๓.๕",
                "Hours take at most one decimal, such as 3.5",
            ));
        }
        let int = int.trim_start_matches('0');
        if int.len() > 5 {
            return Err(not_number());
        }
        let whole: u32 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| not_number())?
        };
        let tenth: u32 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| not_number())?
        };
        let h = whole * 10 + tenth;
        if h == 0 {
            return Err(InputError::new(
                field,
                "จำนวนชั่วโมงต้องมากกว่าศูนย์",
                "The hours must be above zero",
            ));
        }
        Ok(Hours(h))
    }

    /// The hours as a number (`6.5`).
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    /// `6` or `6.5` in the given digits.
    pub fn format(self, digits: Digits) -> String {
        format_tenths(u64::from(self.0), digits)
    }
}

/// Tenths as `12` or `12.5`, thousands grouped, in `digits`.
pub fn format_tenths(tenths: u64, digits: Digits) -> String {
    let whole = group(tenths / 10);
    let s = match tenths % 10 {
        0 => whole,
        t => format!("{whole}.{t}"),
    };
    digits.apply(&s)
}

/// A whole number with thousands commas.
fn group(n: u64) -> String {
    let raw = n.to_string();
    let mut out = String::with_capacity(raw.len() + raw.len() / 3);
    for (i, c) in raw.chars().enumerate() {
        if i > 0 && (raw.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn required_line(
    field: &'static str,
    input: &str,
    max: usize,
    what: (&str, &str),
) -> Result<String, InputError> {
    let s = clean_line(field, input, max)?;
    if s.is_empty() {
        return Err(InputError::new(
            field,
            format!("ยังไม่ได้กรอก{}", what.0),
            format!("The {} is missing", what.1),
        ));
    }
    Ok(s)
}

fn outside_year(field: &'static str, what: (&str, &str), year: FiscalYear) -> InputError {
    InputError::new(
        field,
        format!(
            "{}ต้องอยู่ใน{} ({} – {})",
            what.0,
            year.label_th(Digits::Thai),
            format_date_th(year.start(), DateStyle::THAI_ABBREV),
            format_date_th(year.end(), DateStyle::THAI_ABBREV)
        ),
        format!(
            "The {} must be within {} ({} – {})",
            what.1,
            year.label_en(),
            format_date_en(year.start()),
            format_date_en(year.end())
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// The workforce plan
// ---------------------------------------------------------------------------------------------

/// Something unusual that is allowed only when explicitly accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// More positions filled than the framework has.
    FilledAboveFramework { filled: u32, framework: u32 },
}

impl Warning {
    pub fn th(&self) -> String {
        match self {
            Warning::FilledAboveFramework { filled, framework } => format!(
                "จำนวนผู้ครองตำแหน่ง {} อัตรา มากกว่ากรอบอัตรากำลัง {} อัตรา",
                th_num(filled),
                th_num(framework)
            ),
        }
    }
    pub fn en(&self) -> String {
        match self {
            Warning::FilledAboveFramework { filled, framework } => {
                format!("{filled} positions filled is more than the {framework} of the framework")
            }
        }
    }
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Th => self.th(),
            Lang::En => self.en(),
        }
    }
}

/// A position group of the workforce plan of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkforceRow {
    pub staff_type: StaffType,
    /// The position group (ตำแหน่ง/สายงาน), e.g. "นักวิเคราะห์นโยบายและแผน".
    pub group: String,
    /// The unit of the agency, when given.
    pub unit_id: Option<i64>,
    /// Positions in the framework (กรอบอัตรากำลัง).
    pub framework: u32,
    /// Positions filled (มีคนครอง).
    pub filled: u32,
    /// Filled above the framework was explicitly accepted by the person recording it.
    pub accept_over: bool,
}

impl WorkforceRow {
    /// Vacant positions: the framework less those filled (never below zero).
    pub fn vacant(&self) -> u32 {
        self.framework.saturating_sub(self.filled)
    }

    /// The row cleaned and its warnings (accepted or not), or every problem: a position group,
    /// numbers within 0 ..= [`MAX_COUNT`].
    pub fn check(&self) -> Result<(WorkforceRow, Vec<Warning>), Vec<InputError>> {
        let mut errors = Vec::new();
        let group = required_line(
            "group",
            &self.group,
            MAX_NAME_CHARS,
            ("ตำแหน่ง/สายงาน", "position group"),
        )
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
        for (field, n) in [("framework", self.framework), ("filled", self.filled)] {
            if n > MAX_COUNT {
                errors.push(InputError::new(
                    field,
                    format!("จำนวนต้องไม่เกิน {}", th_num("100,000")),
                    format!("The number must be at most {MAX_COUNT}"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let warnings = if self.filled > self.framework {
            vec![Warning::FilledAboveFramework {
                filled: self.filled,
                framework: self.framework,
            }]
        } else {
            Vec::new()
        };
        Ok((
            WorkforceRow {
                group,
                accept_over: self.accept_over && !warnings.is_empty(),
                ..self.clone()
            },
            warnings,
        ))
    }

    /// [`WorkforceRow::check`], with a warning not explicitly accepted turned into an error of
    /// the field `accept_over` (the form shows it with the box to accept it).
    pub fn validate(&self) -> Result<WorkforceRow, Vec<InputError>> {
        let (clean, warnings) = self.check()?;
        if warnings.is_empty() || clean.accept_over {
            return Ok(clean);
        }
        Err(warnings
            .iter()
            .map(|w| {
                InputError::new(
                    "accept_over",
                    format!("{} กรุณาตรวจสอบ และยืนยันหากถูกต้อง", w.th()),
                    format!("{}; check it and confirm if it is right", w.en()),
                )
            })
            .collect())
    }
}

// ---------------------------------------------------------------------------------------------
// Appointments
// ---------------------------------------------------------------------------------------------

/// A personnel action by order: who, to which position, what kind, the unit, the day, the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub fiscal_year: FiscalYear,
    pub person: String,
    pub position: String,
    pub kind: ActionKind,
    pub unit_id: Option<i64>,
    /// The day the action takes effect (or of the order).
    pub date: NaiveDate,
    /// The order (คำสั่งที่ …/2566).
    pub order_no: String,
}

impl Appointment {
    /// The appointment cleaned, or every problem: the person, the position and the order
    /// number, the day within the fiscal year.
    pub fn check(&self) -> Result<Appointment, Vec<InputError>> {
        let mut errors = Vec::new();
        let mut keep =
            |r: Result<String, InputError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let person = keep(required_line(
            "person",
            &self.person,
            MAX_NAME_CHARS,
            ("ชื่อ-สกุล", "person's name"),
        ));
        let position = keep(required_line(
            "position",
            &self.position,
            MAX_NAME_CHARS,
            ("ตำแหน่ง", "position"),
        ));
        let order_no = keep(required_line(
            "order_no",
            &self.order_no,
            MAX_ORDER_CHARS,
            ("เลขที่คำสั่ง", "order number"),
        ));
        if !self.fiscal_year.contains(self.date) {
            errors.push(outside_year("date", ("วันที่", "date"), self.fiscal_year));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Appointment {
            person,
            position,
            order_no,
            ..self.clone()
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------------

/// A course attended by one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    pub fiscal_year: FiscalYear,
    pub person: String,
    /// The person's position (may be empty).
    pub position: String,
    pub unit_id: Option<i64>,
    pub course: String,
    /// Who organised it (สำนักงาน ก.ถ., สถาบันพัฒนาบุคลากรท้องถิ่น, the agency itself …).
    pub organiser: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub hours: Hours,
    pub cost: Money,
    /// The course included ethics content (คุณธรรม จริยธรรม).
    pub ethics: bool,
}

impl Training {
    /// Days of the course, both ends counted (at least 1).
    pub fn days(&self) -> u32 {
        u32::try_from((self.end - self.start).num_days() + 1)
            .unwrap_or(1)
            .max(1)
    }

    /// The record cleaned, or every problem: the person, the course and the organiser; the
    /// days within the fiscal year, the end not before the start; hours above zero and at most
    /// [`MAX_HOURS_PER_DAY`] a day of the course.
    pub fn check(&self) -> Result<Training, Vec<InputError>> {
        let mut errors = Vec::new();
        let mut keep =
            |r: Result<String, InputError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let person = keep(required_line(
            "person",
            &self.person,
            MAX_NAME_CHARS,
            ("ชื่อ-สกุล", "person's name"),
        ));
        let position = keep(clean_line("position", &self.position, MAX_NAME_CHARS));
        let course = keep(required_line(
            "course",
            &self.course,
            MAX_COURSE_CHARS,
            ("หลักสูตร", "course"),
        ));
        let organiser = keep(required_line(
            "organiser",
            &self.organiser,
            MAX_COURSE_CHARS,
            ("หน่วยงานผู้จัด", "organiser"),
        ));
        let year = self.fiscal_year;
        if !year.contains(self.start) {
            errors.push(outside_year("start", ("วันเริ่มอบรม", "start date"), year));
        }
        if !year.contains(self.end) {
            errors.push(outside_year("end", ("วันสิ้นสุดการอบรม", "end date"), year));
        } else if self.end < self.start {
            errors.push(InputError::new(
                "end",
                "วันสิ้นสุดการอบรมต้องไม่ก่อนวันเริ่มอบรม",
                "The end date cannot be before the start date",
            ));
        }
        if self.hours.0 == 0 {
            errors.push(InputError::new(
                "hours",
                "จำนวนชั่วโมงต้องมากกว่าศูนย์",
                "The hours must be above zero",
            ));
        } else if self.end >= self.start {
            let days = self.days();
            let max = days * MAX_HOURS_PER_DAY;
            if self.hours.0 > max * 10 {
                errors.push(InputError::new(
                    "hours",
                    format!(
                        "จำนวนชั่วโมง {} เกินจริง: การอบรม {} วัน มีได้ไม่เกิน {} ชั่วโมง (วันละ ๒๔ ชั่วโมง)",
                        self.hours.format(Digits::Thai),
                        th_num(days),
                        th_num(max)
                    ),
                    format!(
                        "{} hours is implausible: a course of {days} day(s) has at most {max} hours (24 a day)",
                        self.hours.format(Digits::Arabic)
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Training {
            person,
            position,
            course,
            organiser,
            ..self.clone()
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The report and its figures
// ---------------------------------------------------------------------------------------------

/// The HR officer's text of a report: the results, the problems met, the improvements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notes {
    pub results: String,
    pub problems: String,
    pub improvements: String,
}

/// A workforce row as the report keeps it (the unit by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkforceLine {
    pub staff_type: StaffType,
    pub group: String,
    pub unit: String,
    pub framework: u32,
    pub filled: u32,
}

/// An appointment as the report keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentLine {
    pub person: String,
    pub position: String,
    pub kind: ActionKind,
    pub unit: String,
    pub date: NaiveDate,
    pub order_no: String,
}

/// A training record as the report keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingLine {
    pub person: String,
    pub position: String,
    pub unit: String,
    pub course: String,
    pub organiser: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub hours: Hours,
    pub cost: Money,
    pub ethics: bool,
}

/// What a report is made of: the rows of its period with the units by name, and the officer's
/// text. Submitting freezes it as JSON; the documents are rendered from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HrReport {
    pub fiscal_year: FiscalYear,
    pub period: RoundPeriod,
    pub workforce: Vec<WorkforceLine>,
    pub appointments: Vec<AppointmentLine>,
    pub trainings: Vec<TrainingLine>,
    pub notes: Notes,
}

/// The span a report covers: 1 October – 31 March for the six-month round, the whole year.
pub fn report_span(year: FiscalYear, period: RoundPeriod) -> Period {
    period.period(year)
}

/// The label of a report: "รอบ ๖ เดือน (๑ ต.ค. ๒๕๖๕ – ๓๑ มี.ค. ๒๕๖๖)" / "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖".
pub fn period_label_th(year: FiscalYear, period: RoundPeriod, digits: Digits) -> String {
    match period {
        RoundPeriod::Half => {
            let span = report_span(year, period);
            format!(
                "รอบ {} เดือน ({} – {}) {}",
                digits.number(6),
                format_date_th(
                    span.start,
                    DateStyle::new(digits, crate::calendar::MonthStyle::Abbrev)
                ),
                format_date_th(
                    span.end,
                    DateStyle::new(digits, crate::calendar::MonthStyle::Abbrev)
                ),
                year.label_th(digits)
            )
        }
        RoundPeriod::Year => format!("ประจำ{}", year.label_th(digits)),
    }
}

/// The title of a report: "รายงานผลการดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล รอบ ๖ เดือน
/// ปีงบประมาณ พ.ศ. ๒๕๖๖" / "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. ๒๕๖๕".
pub fn report_title_th(year: FiscalYear, period: RoundPeriod, digits: Digits) -> String {
    match period {
        RoundPeriod::Half => format!(
            "รายงานผลการดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล รอบ {} เดือน {}",
            digits.number(6),
            year.label_th(digits)
        ),
        RoundPeriod::Year => format!(
            "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำ{}",
            year.label_th(digits)
        ),
    }
}

/// The English title of a report.
pub fn report_title_en(year: FiscalYear, period: RoundPeriod) -> String {
    match period {
        RoundPeriod::Half => format!("Six-month report on the HR policy, {}", year.label_en()),
        RoundPeriod::Year => format!(
            "Annual HR management and development report, {}",
            year.label_en()
        ),
    }
}

/// The English label of a report.
pub fn period_label_en(year: FiscalYear, period: RoundPeriod) -> String {
    match period {
        RoundPeriod::Half => format!(
            "six-month round of {} ({} – {})",
            year.label_en(),
            format_date_en(year.start()),
            format_date_en(report_span(year, period).end)
        ),
        RoundPeriod::Year => year.label_en(),
    }
}

/// A person compared loosely: white space folded, case ignored.
fn person_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl HrReport {
    /// The report of `period` of `year` from the stored rows: every workforce row of the year,
    /// the appointments dated within the span and the courses starting within it (in date
    /// order), the units named by `unit_name`.
    pub fn build(
        year: FiscalYear,
        period: RoundPeriod,
        unit_name: impl Fn(Option<i64>) -> String,
        workforce: &[WorkforceRow],
        appointments: &[Appointment],
        trainings: &[Training],
        notes: Notes,
    ) -> HrReport {
        let span = report_span(year, period);
        let mut appointments: Vec<AppointmentLine> = appointments
            .iter()
            .filter(|a| a.fiscal_year == year && span.contains(a.date))
            .map(|a| AppointmentLine {
                person: a.person.clone(),
                position: a.position.clone(),
                kind: a.kind,
                unit: unit_name(a.unit_id),
                date: a.date,
                order_no: a.order_no.clone(),
            })
            .collect();
        appointments.sort_by_key(|a| a.date);
        let mut trainings: Vec<TrainingLine> = trainings
            .iter()
            .filter(|t| t.fiscal_year == year && span.contains(t.start))
            .map(|t| TrainingLine {
                person: t.person.clone(),
                position: t.position.clone(),
                unit: unit_name(t.unit_id),
                course: t.course.clone(),
                organiser: t.organiser.clone(),
                start: t.start,
                end: t.end,
                hours: t.hours,
                cost: t.cost,
                ethics: t.ethics,
            })
            .collect();
        trainings.sort_by_key(|t| (t.start, t.end));
        HrReport {
            fiscal_year: year,
            period,
            workforce: workforce
                .iter()
                .map(|w| WorkforceLine {
                    staff_type: w.staff_type,
                    group: w.group.clone(),
                    unit: unit_name(w.unit_id),
                    framework: w.framework,
                    filled: w.filled,
                })
                .collect(),
            appointments,
            trainings,
            notes,
        }
    }

    /// The statistics of the report.
    pub fn figures(&self) -> HrFigures {
        let mut by_type: Vec<TypeFigures> = StaffType::ALL
            .into_iter()
            .map(|t| TypeFigures {
                staff_type: Some(t),
                ..TypeFigures::default()
            })
            .collect();
        let mut total = TypeFigures::default();
        for w in &self.workforce {
            for f in by_type
                .iter_mut()
                .filter(|f| f.staff_type == Some(w.staff_type))
                .chain(std::iter::once(&mut total))
            {
                f.framework += u64::from(w.framework);
                f.filled += u64::from(w.filled);
                f.vacant += u64::from(w.framework.saturating_sub(w.filled));
            }
        }
        let appointments: Vec<(ActionKind, u64)> = ActionKind::ALL
            .into_iter()
            .map(|k| {
                (
                    k,
                    self.appointments.iter().filter(|a| a.kind == k).count() as u64,
                )
            })
            .collect();
        let people: BTreeSet<String> = self
            .trainings
            .iter()
            .map(|t| person_key(&t.person))
            .collect();
        let mut units: BTreeMap<String, (BTreeSet<String>, UnitFigures)> = BTreeMap::new();
        for t in &self.trainings {
            let e = units.entry(t.unit.clone()).or_insert_with(|| {
                (
                    BTreeSet::new(),
                    UnitFigures {
                        unit: t.unit.clone(),
                        ..UnitFigures::default()
                    },
                )
            });
            e.0.insert(person_key(&t.person));
            e.1.records += 1;
            e.1.hours_tenths += u64::from(t.hours.0);
            e.1.cost = e.1.cost.saturating_add(t.cost.satang());
        }
        let by_unit = units
            .into_values()
            .map(|(p, mut u)| {
                u.people = p.len() as u64;
                u
            })
            .collect();
        let ethics: BTreeSet<String> = self
            .trainings
            .iter()
            .filter(|t| t.ethics)
            .map(|t| t.course.clone())
            .collect();
        let ethics_people: BTreeSet<String> = self
            .trainings
            .iter()
            .filter(|t| t.ethics)
            .map(|t| person_key(&t.person))
            .collect();
        let hours_tenths: u64 = self.trainings.iter().map(|t| u64::from(t.hours.0)).sum();
        let cost = Money::sum(self.trainings.iter().map(|t| t.cost));
        HrFigures {
            by_type,
            total,
            appointments,
            appointments_total: self.appointments.len() as u64,
            training: TrainingFigures {
                records: self.trainings.len() as u64,
                people: people.len() as u64,
                staff: total.filled,
                hours_tenths,
                cost,
                ethics_courses: ethics.into_iter().collect(),
                ethics_people: ethics_people.len() as u64,
                by_unit,
            },
        }
    }
}

/// The workforce figures of one staff type (or of all, `staff_type: None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TypeFigures {
    pub staff_type: Option<StaffType>,
    pub framework: u64,
    pub filled: u64,
    pub vacant: u64,
}

impl TypeFigures {
    /// Vacant positions as a share of the framework.
    pub fn vacancy_rate(&self) -> Share {
        Share {
            part: self.vacant as i64,
            whole: self.framework as i64,
        }
    }
}

/// The training figures of one unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UnitFigures {
    /// The unit's name ("" when not given).
    pub unit: String,
    pub people: u64,
    pub records: u64,
    pub hours_tenths: u64,
    /// Satang.
    pub cost: i64,
}

/// The training figures of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TrainingFigures {
    /// Training records (one person, one course).
    pub records: u64,
    /// Different people trained.
    pub people: u64,
    /// Staff in post (the filled positions of the workforce plan).
    pub staff: u64,
    pub hours_tenths: u64,
    /// Satang.
    pub cost: i64,
    /// Courses with ethics content, by name.
    pub ethics_courses: Vec<String>,
    /// People who attended a course with ethics content.
    pub ethics_people: u64,
    /// By unit name, in name order.
    pub by_unit: Vec<UnitFigures>,
}

impl TrainingFigures {
    /// People trained as a share of the staff in post.
    pub fn share_trained(&self) -> Share {
        Share {
            part: self.people as i64,
            whole: self.staff as i64,
        }
    }
    /// Mean hours per person trained, in tenths (rounded half up), `None` when nobody was.
    pub fn mean_hours_tenths(&self) -> Option<u64> {
        (self.people > 0).then(|| (self.hours_tenths * 2 + self.people) / (self.people * 2))
    }
}

/// The statistics of an HR report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HrFigures {
    /// Every staff type, in [`StaffType::ALL`] order (zero figures included).
    pub by_type: Vec<TypeFigures>,
    pub total: TypeFigures,
    /// Every kind, in [`ActionKind::ALL`] order.
    pub appointments: Vec<(ActionKind, u64)>,
    pub appointments_total: u64,
    pub training: TrainingFigures,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn fy() -> FiscalYear {
        FiscalYear::new(2566).unwrap()
    }
    fn fields(e: Vec<InputError>) -> Vec<&'static str> {
        e.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn counts_are_read_as_typed() {
        assert_eq!(parse_count("n", "12").unwrap(), 12);
        assert_eq!(parse_count("n", " ๑๒ อัตรา ").unwrap(), 12);
        assert_eq!(parse_count("n", "1,200").unwrap(), 1200);
        assert_eq!(parse_count("n", "0").unwrap(), 0);
        assert_eq!(parse_count("n", "100000").unwrap(), MAX_COUNT);
        assert!(parse_count("n", "100001").unwrap_err().th.contains("ไม่เกิน"));
        assert!(parse_count("n", "99999999999999999999").is_err());
        assert!(parse_count("n", "-1").unwrap_err().th.contains("ติดลบ"));
        assert!(parse_count("n", "1.5").is_err());
        assert!(parse_count("n", "abc").is_err());
        assert!(parse_count("n", "").unwrap_err().th.contains("ยังไม่ได้กรอก"));
    }

    #[test]
    fn hours_are_read_as_typed() {
        assert_eq!(Hours::parse("h", "6").unwrap(), Hours(60));
        assert_eq!(Hours::parse("h", "๓.๕ ชั่วโมง").unwrap(), Hours(35));
        assert_eq!(Hours::parse("h", "12 ชม.").unwrap(), Hours(120));
        assert_eq!(Hours::parse("h", ".5").unwrap(), Hours(5));
        assert!(Hours::parse("h", "-3").unwrap_err().th.contains("ติดลบ"));
        assert!(Hours::parse("h", "0").unwrap_err().th.contains("มากกว่าศูนย์"));
        assert!(Hours::parse("h", "1.25").unwrap_err().th.contains("ทศนิยม"));
        assert!(Hours::parse("h", "abc").is_err());
        assert!(Hours::parse("h", ".").is_err());
        assert!(Hours::parse("h", "").is_err());
        assert_eq!(Hours(65).format(Digits::Thai), "๖.๕");
        assert_eq!(Hours(60).format(Digits::Arabic), "6");
        assert_eq!(format_tenths(123_450, Digits::Arabic), "12,345");
    }

    fn row(framework: u32, filled: u32) -> WorkforceRow {
        WorkforceRow {
            staff_type: StaffType::Official,
            group: "  นักวิเคราะห์นโยบาย   และแผน ".into(),
            unit_id: None,
            framework,
            filled,
            accept_over: false,
        }
    }

    #[test]
    fn filled_above_the_framework_must_be_accepted() {
        let ok = row(3, 2).validate().unwrap();
        assert_eq!(ok.group, "นักวิเคราะห์นโยบาย และแผน");
        assert_eq!(ok.vacant(), 1);
        let over = row(2, 3);
        let (_, w) = over.check().unwrap();
        assert_eq!(
            w,
            [Warning::FilledAboveFramework {
                filled: 3,
                framework: 2
            }]
        );
        let e = over.validate().unwrap_err();
        assert_eq!(e[0].field, "accept_over");
        assert!(e[0].th.contains("มากกว่ากรอบอัตรากำลัง"));
        let accepted = WorkforceRow {
            accept_over: true,
            ..over
        }
        .validate()
        .unwrap();
        assert_eq!(accepted.vacant(), 0);
        // an acceptance means nothing without something to accept
        let plain = WorkforceRow {
            accept_over: true,
            ..row(2, 2)
        };
        assert!(!plain.validate().unwrap().accept_over);
        let empty = WorkforceRow {
            group: " ".into(),
            framework: MAX_COUNT + 1,
            ..row(1, 1)
        };
        assert_eq!(fields(empty.check().unwrap_err()), ["group", "framework"]);
    }

    #[test]
    fn appointments_are_dated_within_the_year() {
        let a = Appointment {
            fiscal_year: fy(),
            person: "นางสาว ก".into(),
            position: "นักจัดการงานทั่วไป".into(),
            kind: ActionKind::Recruit,
            unit_id: Some(1),
            date: d(2022, 10, 1),
            order_no: "คำสั่งที่ 12/2566".into(),
        };
        assert!(a.check().is_ok());
        let late = Appointment {
            date: d(2023, 10, 1),
            ..a.clone()
        };
        let e = late.check().unwrap_err();
        assert_eq!(e[0].field, "date");
        assert!(e[0].th.contains("ปีงบประมาณ พ.ศ. ๒๕๖๖"));
        let blank = Appointment {
            person: "".into(),
            position: " ".into(),
            order_no: "".into(),
            ..a
        };
        assert_eq!(
            fields(blank.check().unwrap_err()),
            ["person", "position", "order_no"]
        );
    }

    fn training(start: NaiveDate, end: NaiveDate, hours: u32) -> Training {
        Training {
            fiscal_year: fy(),
            person: "นาย ข".into(),
            position: "".into(),
            unit_id: None,
            course: "หลักสูตรการป้องกันการทุจริต".into(),
            organiser: "สถาบันพัฒนาบุคลากรท้องถิ่น".into(),
            start,
            end,
            hours: Hours(hours),
            cost: Money::ZERO,
            ethics: true,
        }
    }

    #[test]
    fn training_hours_fit_the_days() {
        // two days: at most 48 hours
        assert!(training(d(2023, 1, 9), d(2023, 1, 10), 480).check().is_ok());
        let e = training(d(2023, 1, 9), d(2023, 1, 10), 481)
            .check()
            .unwrap_err();
        assert_eq!(e[0].field, "hours");
        assert!(e[0].th.contains("เกินจริง"), "{}", e[0].th);
        assert!(training(d(2023, 1, 9), d(2023, 1, 9), 0).check().is_err());
        let back = training(d(2023, 1, 10), d(2023, 1, 9), 60)
            .check()
            .unwrap_err();
        assert_eq!(fields(back), ["end"]);
        let outside = training(d(2022, 9, 30), d(2023, 10, 1), 60)
            .check()
            .unwrap_err();
        assert_eq!(fields(outside), ["start", "end"]);
        assert_eq!(training(d(2023, 1, 9), d(2023, 1, 11), 60).days(), 3);
    }

    fn report(period: RoundPeriod) -> HrReport {
        let year = fy();
        let wf = [
            WorkforceRow {
                staff_type: StaffType::Official,
                group: "สายงานบริหาร".into(),
                unit_id: Some(1),
                framework: 10,
                filled: 8,
                accept_over: false,
            },
            WorkforceRow {
                staff_type: StaffType::Official,
                group: "สายงานวิชาการ".into(),
                unit_id: Some(2),
                framework: 6,
                filled: 6,
                accept_over: false,
            },
            WorkforceRow {
                staff_type: StaffType::Mission,
                group: "ผู้ช่วย".into(),
                unit_id: Some(2),
                framework: 4,
                filled: 6,
                accept_over: true,
            },
        ];
        let ap = |kind, date| Appointment {
            fiscal_year: year,
            person: "ก".into(),
            position: "ป".into(),
            kind,
            unit_id: None,
            date,
            order_no: "1/2566".into(),
        };
        let appointments = [
            ap(ActionKind::Recruit, d(2022, 11, 1)),
            ap(ActionKind::Recruit, d(2023, 5, 1)),
            ap(ActionKind::Promote, d(2023, 3, 31)),
        ];
        let tr = |person: &str, unit, start, hours, baht, ethics| Training {
            fiscal_year: year,
            person: person.into(),
            position: String::new(),
            unit_id: Some(unit),
            course: if ethics {
                "จริยธรรม"
            } else {
                "สารบรรณ"
            }
            .into(),
            organiser: "อบต.".into(),
            start,
            end: start,
            hours: Hours(hours),
            cost: Money::from_baht(baht).unwrap(),
            ethics,
        };
        let trainings = [
            tr("สมชาย ใจดี", 1, d(2022, 12, 1), 60, 1500, true),
            tr("สมชาย  ใจดี", 1, d(2023, 2, 1), 35, 0, false),
            tr("สมหญิง", 2, d(2023, 1, 5), 60, 2000, true),
            tr("มานะ", 2, d(2023, 6, 1), 120, 3000, false),
        ];
        HrReport::build(
            year,
            period,
            |u| match u {
                Some(1) => "สำนักปลัด".into(),
                Some(2) => "กองคลัง".into(),
                _ => String::new(),
            },
            &wf,
            &appointments,
            &trainings,
            Notes::default(),
        )
    }

    #[test]
    fn figures_of_the_year() {
        let f = report(RoundPeriod::Year).figures();
        assert_eq!(
            (f.total.framework, f.total.filled, f.total.vacant),
            (20, 20, 2)
        );
        let official = f.by_type[0];
        assert_eq!(official.staff_type, Some(StaffType::Official));
        assert_eq!(
            (official.framework, official.filled, official.vacant),
            (16, 14, 2)
        );
        assert_eq!(official.vacancy_rate().format(Digits::Arabic), "12.50");
        assert_eq!(f.by_type[1].vacancy_rate().format(Digits::Arabic), "-");
        assert_eq!(f.appointments[0], (ActionKind::Recruit, 2));
        assert_eq!(f.appointments[4], (ActionKind::Promote, 1));
        assert_eq!(f.appointments_total, 3);
        let t = &f.training;
        assert_eq!((t.records, t.people, t.staff), (4, 3, 20));
        assert_eq!(t.share_trained().format(Digits::Arabic), "15.00");
        assert_eq!(t.hours_tenths, 275);
        // 27.5 hours over 3 people = 9.17 → 9.2
        assert_eq!(t.mean_hours_tenths(), Some(92));
        assert_eq!(t.cost, 650_000);
        assert_eq!(t.ethics_courses, ["จริยธรรม"]);
        assert_eq!(t.ethics_people, 2);
        let units: Vec<_> = t
            .by_unit
            .iter()
            .map(|u| (u.unit.as_str(), u.people, u.records, u.hours_tenths))
            .collect();
        assert_eq!(units, [("กองคลัง", 2, 2, 180), ("สำนักปลัด", 1, 2, 95)]);
    }

    #[test]
    fn the_half_report_takes_october_to_march() {
        let r = report(RoundPeriod::Half);
        assert_eq!(r.appointments.len(), 2);
        assert_eq!(r.trainings.len(), 3);
        // in date order
        assert_eq!(r.trainings[0].start, d(2022, 12, 1));
        let f = r.figures();
        assert_eq!(f.training.people, 2);
        assert_eq!(f.training.mean_hours_tenths(), Some(78));
        // the workforce is the year's
        assert_eq!(f.total.framework, 20);
        // what is frozen reads back the same
        let json = serde_json::to_string(&r).unwrap();
        let back: HrReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        assert!(period_label_th(fy(), RoundPeriod::Half, Digits::Thai).contains("๓๑ มี.ค. ๒๕๖๖"));
        assert_eq!(
            period_label_th(fy(), RoundPeriod::Year, Digits::Arabic),
            "ประจำปีงบประมาณ พ.ศ. 2566"
        );
    }

    #[test]
    fn nobody_trained() {
        let r = HrReport::build(
            fy(),
            RoundPeriod::Year,
            |_| String::new(),
            &[],
            &[],
            &[],
            Notes::default(),
        );
        let f = r.figures();
        assert_eq!(f.training.mean_hours_tenths(), None);
        assert_eq!(f.training.share_trained().format(Digits::Thai), "-");
        assert_eq!(f.by_type.len(), 4);
    }

    #[test]
    fn codes_round_trip() {
        for t in StaffType::ALL {
            assert_eq!(StaffType::parse(t.code()), Some(t));
        }
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::parse(k.code()), Some(k));
        }
        assert_eq!(StaffType::parse("x"), None);
    }
}

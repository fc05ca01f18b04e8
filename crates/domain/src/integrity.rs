//! Integrity registers (issue 8): the agency's integrity activities of a fiscal year and the
//! register of gifts and benefits received (ทะเบียนการรับทรัพย์สินหรือประโยชน์อื่นใด), with
//! their rules and the summaries of their yearly reports.
//!
//! * [`ActivityKind`] — the three kinds of activity, each the [`Product`] of the OIT items it
//!   answers: the No Gift culture ([`Product::NoGiftCulture`]), การขับเคลื่อนจริยธรรม
//!   ([`Product::EthicsActivities`]), the executives' participation
//!   ([`Product::IntegrityParticipation`]).
//! * [`Activity`] — one activity; [`Activity::check`] gives every problem (dates within the
//!   fiscal year, participants `0..=`[`MAX_PARTICIPANTS`], lengths, public links only).
//! * [`Gift`] — one gift or benefit received and how it was handled; [`Gift::check`] gives the
//!   errors and the [`GiftWarning`]s (kept personally above the per-occasion limit from a
//!   non-relative), [`Gift::validate`] refuses a warning not explicitly confirmed.
//! * [`ActivitySummary`], [`GiftSummary`] — the figures of the yearly reports; an empty gift
//!   register reports [`NO_GIFTS_TH`].
//! * [`ActivityReport`], [`GiftReport`] — the content frozen when a report is submitted to the
//!   executive (what is published is what was signed).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{
    format_date_en, format_date_range_en, format_date_range_th, format_date_th, to_ascii_digits,
    to_thai_digits, DateStyle, Digits, FiscalYear, YearMonth,
};
use crate::error::InputError;
use crate::framework::Product;
use crate::i18n::Lang;
use crate::procurement::{clean_line, Money};

fn th_num(n: impl std::fmt::Display) -> String {
    to_thai_digits(&n.to_string())
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/// The longest title, place, giver, recipient, position or occasion, in characters.
pub const MAX_LINE_CHARS: usize = 300;
/// The longest description or result, in characters.
pub const MAX_TEXT_CHARS: usize = 3000;
/// The most participants one activity may count.
pub const MAX_PARTICIPANTS: u32 = 100_000;
/// The most executives one activity may list.
pub const MAX_EXECUTIVES: usize = 30;
/// The most links of one activity.
pub const MAX_LINKS: usize = 10;
/// The most documents of one activity.
pub const MAX_DOCUMENTS: usize = 20;

/// The sign-off kind of the yearly gifts report (the code of [`Product::NoGiftReport`]).
pub const GIFT_REPORT_KIND: &str = "nogift.report";

// ---------------------------------------------------------------------------------------------
// Activities
// ---------------------------------------------------------------------------------------------

/// What an integrity activity is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Activities that build the No Gift culture: meetings, seminars, campaigns that make
    /// officials refuse gifts.
    NoGiftCulture,
    /// การขับเคลื่อนจริยธรรม: an ethics working team, Dos & Don'ts guidance, training that
    /// includes ethics.
    Ethics,
    /// The executives' participation in integrity work (การมีส่วนร่วมของผู้บริหาร).
    ExecutiveParticipation,
    /// การประเมินจริยธรรมเจ้าหน้าที่ของรัฐ: each round of assessing the officials' conduct
    /// against the code of ethics (how many were assessed in the participants, the findings in
    /// the result).
    EthicsAssessment,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 4] = [
        Self::NoGiftCulture,
        Self::Ethics,
        Self::ExecutiveParticipation,
        Self::EthicsAssessment,
    ];

    /// The product's code: also the sign-off kind and the name of the public file.
    pub fn code(self) -> &'static str {
        self.product().code()
    }

    pub fn parse(code: &str) -> Option<ActivityKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The OIT items it answers are those `produced_by` this product.
    pub fn product(self) -> Product {
        match self {
            Self::NoGiftCulture => Product::NoGiftCulture,
            Self::Ethics => Product::EthicsActivities,
            Self::ExecutiveParticipation => Product::IntegrityParticipation,
            Self::EthicsAssessment => Product::EthicsAssessment,
        }
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Self::NoGiftCulture => "การสร้างวัฒนธรรม No Gift Policy",
            Self::Ethics => "การขับเคลื่อนจริยธรรม",
            Self::ExecutiveParticipation => "การมีส่วนร่วมของผู้บริหาร",
            Self::EthicsAssessment => "การประเมินจริยธรรมเจ้าหน้าที่ของรัฐ",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::NoGiftCulture => "Building the No Gift culture",
            Self::Ethics => "Promoting ethics",
            Self::ExecutiveParticipation => "Executives' participation in integrity work",
            Self::EthicsAssessment => "Ethics assessment of officials",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }

    /// The title of the yearly report, without the year.
    pub fn report_title_th(self) -> &'static str {
        match self {
            Self::NoGiftCulture => {
                "รายงานผลการดำเนินงานการสร้างวัฒนธรรม No Gift Policy (การปลุกจิตสำนึกให้เจ้าหน้าที่ปฏิเสธการรับของขวัญและของกำนัลทุกชนิด)"
            }
            Self::Ethics => "รายงานผลการดำเนินงานการขับเคลื่อนจริยธรรม",
            Self::ExecutiveParticipation => {
                "รายงานผลการดำเนินงานการมีส่วนร่วมของผู้บริหารในการส่งเสริมคุณธรรมและความโปร่งใส"
            }
            Self::EthicsAssessment => "รายงานผลการประเมินจริยธรรมเจ้าหน้าที่ของรัฐ",
        }
    }

    pub fn report_title_en(self) -> &'static str {
        match self {
            Self::NoGiftCulture => "Report on building the No Gift culture",
            Self::Ethics => "Report on promoting ethics",
            Self::ExecutiveParticipation => {
                "Report on the executives' participation in integrity work"
            }
            Self::EthicsAssessment => "Report on the ethics assessment of officials",
        }
    }
}

/// Reads a number of participants as typed: Thai or ASCII digits, thousands commas, the word
/// คน after it; empty is zero.
pub fn parse_participants(field: &'static str, input: &str) -> Result<u32, InputError> {
    let s = to_ascii_digits(input.trim());
    let s = s.strip_suffix("คน").unwrap_or(&s).trim();
    let s: String = s
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Ok(0);
    }
    let refused = || {
        InputError::new(
            field,
            format!(
                "จำนวนผู้เข้าร่วมต้องเป็นจำนวนเต็ม ๐–{} คน",
                th_num(group(MAX_PARTICIPANTS as u64))
            ),
            format!(
                "The number of participants must be a whole number from 0 to {}",
                group(MAX_PARTICIPANTS as u64)
            ),
        )
    };
    if !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 9 {
        return Err(refused());
    }
    let n: u32 = s.parse().map_err(|_| refused())?;
    if n > MAX_PARTICIPANTS {
        return Err(refused());
    }
    Ok(n)
}

/// `12,345` (ASCII digits).
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

/// "within FY 2566 (1 ต.ค. 2565 – 30 ก.ย. 2566)" as a refusal for `field`.
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

fn required(
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

/// A text of several paragraphs: trimmed, lines kept, no control characters, at most `max`
/// characters.
fn clean_text(field: &'static str, input: &str, max: usize) -> Result<String, InputError> {
    let lines: Vec<String> = input
        .replace("\r\n", "\n")
        .split('\n')
        .map(|l| clean_line(field, l, max))
        .collect::<Result<_, _>>()?;
    let s = lines.join("\n").trim().to_owned();
    let n = s.chars().count();
    if n > max {
        return Err(InputError::new(
            field,
            format!(
                "ข้อความยาวเกิน {} ตัวอักษร (ยาว {} ตัวอักษร)",
                th_num(max),
                th_num(n)
            ),
            format!("The text is longer than {max} characters ({n})"),
        ));
    }
    Ok(s)
}

/// One integrity activity of the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub kind: ActivityKind,
    pub title: String,
    /// The day it took place, or its first day.
    pub start: NaiveDate,
    /// Its last day, when it lasted more than one day.
    pub end: Option<NaiveDate>,
    pub place: String,
    /// What was done and its result (ผลการดำเนินงาน).
    pub description: String,
    pub participants: u32,
    /// The executives who took part, one "name, position" per line.
    pub executives: Vec<String>,
    /// Public links to evidence (news, photos, a page).
    pub links: Vec<String>,
    /// Documents of the agency's library that are evidence of it.
    pub document_ids: Vec<i64>,
}

impl Activity {
    /// The executives typed one per line (empty lines dropped).
    pub fn executive_lines(text: &str) -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The activity cleaned, or every problem with it:
    ///
    /// * a title; place and description within their lengths;
    /// * the start (and the end, not before the start) inside the fiscal year `year`;
    /// * participants at most [`MAX_PARTICIPANTS`];
    /// * at most [`MAX_EXECUTIVES`] executives, each a line; the executives' participation
    ///   needs at least one;
    /// * at most [`MAX_LINKS`] public links ([`crate::links::parse_public_url`]) and
    ///   [`MAX_DOCUMENTS`] documents, each once.
    pub fn check(&self, year: FiscalYear) -> Result<Activity, Vec<InputError>> {
        let mut errors = Vec::new();
        let mut keep =
            |r: Result<String, InputError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let title = keep(required(
            "title",
            &self.title,
            MAX_LINE_CHARS,
            ("ชื่อกิจกรรม", "title"),
        ));
        let place = keep(clean_line("place", &self.place, MAX_LINE_CHARS));
        let description = keep(clean_text("description", &self.description, MAX_TEXT_CHARS));
        if !year.contains(self.start) {
            errors.push(outside_year(
                "start",
                ("วันที่จัดกิจกรรม", "date of the activity"),
                year,
            ));
        }
        let end = self.end.filter(|e| *e != self.start);
        if let Some(e) = end {
            if e < self.start {
                errors.push(InputError::new(
                    "end",
                    "วันสิ้นสุดต้องไม่ก่อนวันเริ่มกิจกรรม",
                    "The last day cannot be before the first day",
                ));
            } else if !year.contains(e) {
                errors.push(outside_year(
                    "end",
                    ("วันสิ้นสุดกิจกรรม", "last day of the activity"),
                    year,
                ));
            }
        }
        if self.participants > MAX_PARTICIPANTS {
            errors.push(InputError::new(
                "participants",
                format!(
                    "จำนวนผู้เข้าร่วมต้องไม่เกิน {} คน",
                    th_num(group(MAX_PARTICIPANTS as u64))
                ),
                format!("At most {} participants", group(MAX_PARTICIPANTS as u64)),
            ));
        }
        let mut executives = Vec::new();
        for (i, l) in self.executives.iter().enumerate() {
            match clean_line("executives", l, MAX_LINE_CHARS) {
                Ok(l) if l.is_empty() => {}
                Ok(l) => executives.push(l),
                Err(e) => errors.push(InputError::new(
                    "executives",
                    format!("ผู้บริหารบรรทัดที่ {}: {}", th_num(i + 1), e.th),
                    format!("Executive line {}: {}", i + 1, e.en),
                )),
            }
        }
        if executives.len() > MAX_EXECUTIVES {
            errors.push(InputError::new(
                "executives",
                format!("รายชื่อผู้บริหารได้ไม่เกิน {} บรรทัด", th_num(MAX_EXECUTIVES)),
                format!("At most {MAX_EXECUTIVES} executives"),
            ));
        }
        if self.kind == ActivityKind::ExecutiveParticipation && executives.is_empty() {
            errors.push(InputError::new(
                "executives",
                "ยังไม่ได้ระบุผู้บริหารที่เข้าร่วม (ชื่อและตำแหน่ง บรรทัดละหนึ่งคน)",
                "Name the executives who took part (name and position, one per line)",
            ));
        }
        let mut links: Vec<String> = Vec::new();
        for l in self.links.iter().filter(|l| !l.trim().is_empty()) {
            match crate::links::parse_public_url("links", l) {
                Ok(u) if !links.contains(&u) => links.push(u),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        if links.len() > MAX_LINKS {
            errors.push(InputError::new(
                "links",
                format!("ลิงก์หลักฐานได้ไม่เกิน {} ลิงก์", th_num(MAX_LINKS)),
                format!("At most {MAX_LINKS} links"),
            ));
        }
        let mut document_ids: Vec<i64> = Vec::new();
        for d in &self.document_ids {
            if !document_ids.contains(d) {
                document_ids.push(*d);
            }
        }
        if document_ids.len() > MAX_DOCUMENTS {
            errors.push(InputError::new(
                "documents",
                format!("เอกสารหลักฐานได้ไม่เกิน {} ฉบับ", th_num(MAX_DOCUMENTS)),
                format!("At most {MAX_DOCUMENTS} documents"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Activity {
            kind: self.kind,
            title,
            start: self.start,
            end,
            place,
            description,
            participants: self.participants,
            executives,
            links,
            document_ids,
        })
    }

    /// The last day (the start for a one-day activity).
    pub fn last_day(&self) -> NaiveDate {
        self.end.unwrap_or(self.start)
    }

    /// `๑๕ ธ.ค. ๒๕๖๕` or `๑–๓ ก.พ. ๒๕๖๖` (BE, abbreviated months).
    pub fn dates_th(&self, digits: Digits) -> String {
        let style = DateStyle::new(digits, crate::calendar::MonthStyle::Abbrev);
        match self.end {
            Some(e) => format_date_range_th(self.start, e, style),
            None => format_date_th(self.start, style),
        }
    }

    /// `15 Dec 2022` or `1–3 Feb 2023`.
    pub fn dates_en(&self) -> String {
        match self.end {
            Some(e) => format_date_range_en(self.start, e),
            None => format_date_en(self.start),
        }
    }

    pub fn dates(&self, lang: Lang) -> String {
        match lang {
            Lang::Th => self.dates_th(Digits::Arabic),
            Lang::En => self.dates_en(),
        }
    }
}

/// The figures of a kind's yearly report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivitySummary {
    pub count: usize,
    pub participants: u64,
    /// Activities with at least one executive.
    pub with_executives: usize,
    /// Executive lines across the activities (the same person counts once per activity).
    pub executive_attendances: usize,
    /// Activities with at least one piece of evidence.
    pub with_evidence: usize,
    /// The activities of each month of the fiscal year, October first.
    pub by_month: Vec<(YearMonth, usize)>,
}

impl ActivitySummary {
    pub fn build<'a>(year: FiscalYear, activities: impl IntoIterator<Item = &'a Activity>) -> Self {
        let mut s = ActivitySummary {
            count: 0,
            participants: 0,
            with_executives: 0,
            executive_attendances: 0,
            with_evidence: 0,
            by_month: year.months().into_iter().map(|m| (m, 0)).collect(),
        };
        for a in activities {
            s.count += 1;
            s.participants += u64::from(a.participants);
            if !a.executives.is_empty() {
                s.with_executives += 1;
            }
            s.executive_attendances += a.executives.len();
            if !a.links.is_empty() || !a.document_ids.is_empty() {
                s.with_evidence += 1;
            }
            let m = YearMonth::containing(a.start);
            if let Some(slot) = s.by_month.iter_mut().find(|(ym, _)| *ym == m) {
                slot.1 += 1;
            }
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// "ไม่มีกิจกรรม" statement of an empty activity report.
pub const NO_ACTIVITIES_TH: &str = "ในปีงบประมาณนี้ยังไม่มีการบันทึกกิจกรรม";
pub const NO_ACTIVITIES_EN: &str = "No activity has been recorded for this fiscal year";

/// An activity as the report shows it: the activity and its evidence (document titles and
/// links), as they were when the report was submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedActivity {
    pub activity: Activity,
    /// Titles of its documents.
    pub documents: Vec<String>,
}

/// The content of a kind's yearly report, frozen when it is submitted to the executive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityReport {
    pub kind: ActivityKind,
    pub fiscal_year: FiscalYear,
    pub agency: String,
    /// In the order of their dates.
    pub activities: Vec<ReportedActivity>,
    /// The day it was submitted.
    pub prepared_on: NaiveDate,
}

impl ActivityReport {
    pub fn summary(&self) -> ActivitySummary {
        ActivitySummary::build(
            self.fiscal_year,
            self.activities.iter().map(|a| &a.activity),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Gifts
// ---------------------------------------------------------------------------------------------

/// The per-occasion limit of a gift from someone who is not a relative, in baht.
///
/// ประกาศคณะกรรมการ ป.ป.ช. เรื่อง หลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยาของ
/// เจ้าพนักงานของรัฐ พ.ศ. ๒๕๖๓ (under พ.ร.ป. ว่าด้วยการป้องกันและปราบปรามการทุจริต พ.ศ. ๒๕๖๑
/// มาตรา ๑๒๘): from a non-relative, a value of not more than ๓,๐๐๐ บาท per person per occasion;
/// above it the official reports to the head of the agency (within 30 days) and hands it over.
/// Verified (Dec 2026) against secondary sources only — the NACC's warnings as reported by
/// กรมประชาสัมพันธ์ (pathumthani.prd.go.th) and Bangkok Biz News (9 Feb 2024), both stating
/// 3,000 baht from non-relatives — not against the Royal Gazette text itself.
pub const PER_OCCASION_LIMIT_BAHT: i64 = 3_000;

/// The largest value a gift may be recorded with: 10,000,000 baht (more is a typing mistake).
pub const MAX_GIFT_BAHT: i64 = 10_000_000;

/// Who gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GiverKind {
    Person,
    Organisation,
}

impl GiverKind {
    pub const ALL: [GiverKind; 2] = [Self::Person, Self::Organisation];
    pub fn code(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organisation => "organisation",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Person => "บุคคล",
            Self::Organisation => "หน่วยงาน/องค์กร/บริษัท",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Person => "Person",
            Self::Organisation => "Organisation or company",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }
}

/// How a gift was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handling {
    /// Returned to the giver.
    Returned,
    /// Handed to the agency.
    HandedToAgency,
    /// Given to charity or for public use.
    Charity,
    /// Kept as allowed by law (โดยธรรมจรรยา).
    KeptByLaw,
    /// Anything else, described in a note.
    Other,
}

impl Handling {
    pub const ALL: [Handling; 5] = [
        Self::Returned,
        Self::HandedToAgency,
        Self::Charity,
        Self::KeptByLaw,
        Self::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Returned => "returned",
            Self::HandedToAgency => "agency",
            Self::Charity => "charity",
            Self::KeptByLaw => "kept",
            Self::Other => "other",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Returned => "ส่งคืนผู้ให้",
            Self::HandedToAgency => "ส่งมอบให้หน่วยงาน",
            Self::Charity => "มอบเป็นสาธารณประโยชน์หรือการกุศล",
            Self::KeptByLaw => "รับไว้เป็นการส่วนตัวโดยธรรมจรรยา",
            Self::Other => "อื่น ๆ",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Returned => "Returned to the giver",
            Self::HandedToAgency => "Handed to the agency",
            Self::Charity => "Given to charity or public use",
            Self::KeptByLaw => "Kept as allowed by law",
            Self::Other => "Other",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }
}

/// One gift or benefit received by an official of the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gift {
    pub received_on: NaiveDate,
    /// The giver: a person or an organisation.
    pub giver: String,
    pub giver_kind: GiverKind,
    /// The giver is a relative of the recipient (no per-occasion limit then).
    pub from_relative: bool,
    /// What was given (ทรัพย์สินหรือประโยชน์อื่นใด).
    pub description: String,
    /// Its estimated value.
    pub value: Money,
    /// Who received it, and their position.
    pub recipient: String,
    pub recipient_position: String,
    /// The occasion (เทศกาลปีใหม่, งานมงคลสมรส …).
    pub occasion: String,
    pub handling: Handling,
    /// What was done, for [`Handling::Other`] (a note for the others).
    pub handling_note: String,
    /// The day it was reported to the superior.
    pub reported_on: Option<NaiveDate>,
    /// A value above the limit, kept personally, was confirmed by whoever recorded it.
    pub accept_over_limit: bool,
}

/// Something about a gift that is recorded only when explicitly confirmed, and stays shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GiftWarning {
    /// Kept personally from a non-relative above [`PER_OCCASION_LIMIT_BAHT`].
    KeptAboveLimit { value: Money },
}

impl GiftWarning {
    pub fn th(&self) -> String {
        match self {
            GiftWarning::KeptAboveLimit { value } => format!(
                "รับไว้เป็นการส่วนตัวจากผู้ที่มิใช่ญาติ มูลค่า {} บาท เกิน {} บาทต่อโอกาส ตามหลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา: ต้องรายงานผู้บังคับบัญชาและส่งมอบให้หน่วยงาน",
                value.format(Digits::Thai),
                th_num(group(PER_OCCASION_LIMIT_BAHT as u64))
            ),
        }
    }
    pub fn en(&self) -> String {
        match self {
            GiftWarning::KeptAboveLimit { value } => format!(
                "Kept personally from a non-relative, worth {value} baht: above the {} baht per occasion allowed; it must be reported to the superior and handed to the agency",
                group(PER_OCCASION_LIMIT_BAHT as u64)
            ),
        }
    }
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Th => self.th(),
            Lang::En => self.en(),
        }
    }
}

impl Gift {
    /// The warnings this gift carries (whether confirmed or not).
    pub fn warnings(&self) -> Vec<GiftWarning> {
        let limit = Money::from_baht(PER_OCCASION_LIMIT_BAHT).unwrap_or(Money::ZERO);
        let mut w = Vec::new();
        if self.handling == Handling::KeptByLaw && !self.from_relative && self.value > limit {
            w.push(GiftWarning::KeptAboveLimit { value: self.value });
        }
        w
    }

    /// The gift cleaned and its warnings, or every problem:
    ///
    /// * the day received inside the fiscal year `year`; reported not before it;
    /// * a giver, what was given, a recipient; lengths;
    /// * a value of at most [`MAX_GIFT_BAHT`] (never negative: [`Money`]);
    /// * a description of the handling when it is "other".
    pub fn check(&self, year: FiscalYear) -> Result<(Gift, Vec<GiftWarning>), Vec<InputError>> {
        let mut errors = Vec::new();
        let mut keep =
            |r: Result<String, InputError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let giver = keep(required(
            "giver",
            &self.giver,
            MAX_LINE_CHARS,
            ("ผู้ให้", "giver"),
        ));
        let description = keep(required(
            "description",
            &self.description,
            MAX_LINE_CHARS,
            ("ทรัพย์สินหรือประโยชน์ที่ได้รับ", "gift or benefit"),
        ));
        let recipient = keep(required(
            "recipient",
            &self.recipient,
            MAX_LINE_CHARS,
            ("ชื่อผู้รับ", "recipient"),
        ));
        let position = keep(clean_line(
            "recipient_position",
            &self.recipient_position,
            MAX_LINE_CHARS,
        ));
        let occasion = keep(clean_line("occasion", &self.occasion, MAX_LINE_CHARS));
        let note = keep(clean_line(
            "handling_note",
            &self.handling_note,
            MAX_LINE_CHARS,
        ));
        if self.handling == Handling::Other && note.is_empty() {
            errors.push(InputError::new(
                "handling_note",
                "เลือก \"อื่น ๆ\" แล้ว กรุณาระบุการดำเนินการ",
                "Describe what was done (\"other\" was chosen)",
            ));
        }
        if !year.contains(self.received_on) {
            errors.push(outside_year(
                "received_on",
                ("วันที่ได้รับ", "day it was received"),
                year,
            ));
        }
        if let Some(r) = self.reported_on {
            if r < self.received_on {
                errors.push(InputError::new(
                    "reported_on",
                    "วันที่รายงานผู้บังคับบัญชาต้องไม่ก่อนวันที่ได้รับ",
                    "The day it was reported cannot be before the day it was received",
                ));
            }
        }
        if self.value.satang() > MAX_GIFT_BAHT * 100 {
            errors.push(InputError::new(
                "value",
                format!(
                    "มูลค่าสูงเกินจริง (เกิน {} บาท) กรุณาตรวจสอบ",
                    th_num(group(MAX_GIFT_BAHT as u64))
                ),
                format!(
                    "The value is implausibly large (over {} baht); check it",
                    group(MAX_GIFT_BAHT as u64)
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let clean = Gift {
            received_on: self.received_on,
            giver,
            giver_kind: self.giver_kind,
            from_relative: self.from_relative,
            description,
            value: self.value,
            recipient,
            recipient_position: position,
            occasion,
            handling: self.handling,
            handling_note: note,
            reported_on: self.reported_on,
            accept_over_limit: false,
        };
        let warnings = clean.warnings();
        Ok((
            Gift {
                // a confirmation means something only while there is something to confirm
                accept_over_limit: self.accept_over_limit && !warnings.is_empty(),
                ..clean
            },
            warnings,
        ))
    }

    /// [`Gift::check`], with a warning not explicitly confirmed turned into an error (the form
    /// shows it again with the box to confirm it).
    pub fn validate(&self, year: FiscalYear) -> Result<Gift, Vec<InputError>> {
        let (clean, warnings) = self.check(year)?;
        if warnings.is_empty() || clean.accept_over_limit {
            return Ok(clean);
        }
        Err(warnings
            .iter()
            .map(|w| {
                InputError::new(
                    "accept_over_limit",
                    format!("{} กรุณาตรวจสอบ และยืนยันหากถูกต้อง", w.th()),
                    format!("{}; check it and confirm if it is right", w.en()),
                )
            })
            .collect())
    }

    /// The handling as written in the register: the label, and the note when there is one.
    pub fn handling_text(&self, lang: Lang) -> String {
        match (self.handling, self.handling_note.is_empty()) {
            (Handling::Other, false) => self.handling_note.clone(),
            (h, true) => h.label(lang).to_owned(),
            (h, false) => format!("{} ({})", h.label(lang), self.handling_note),
        }
    }
}

/// A count and a total value (satang; a total may exceed one amount's limit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub count: u64,
    pub value: i64,
}

impl Tally {
    fn add(&mut self, m: Money) {
        self.count += 1;
        self.value = self.value.saturating_add(m.satang());
    }
}

/// The statement of a year without gifts, so the report (and its OIT item) is never empty.
pub const NO_GIFTS_TH: &str = "ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด";
pub const NO_GIFTS_EN: &str = "No gift or other benefit was received";

/// The figures of the yearly gifts report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftSummary {
    pub fiscal_year: FiscalYear,
    pub total: Tally,
    /// Every handling, in [`Handling::ALL`] order (zero ones included).
    pub by_handling: Vec<(Handling, Tally)>,
    /// The twelve months of the fiscal year, October first.
    pub by_month: Vec<(YearMonth, Tally)>,
    /// Gifts carrying a warning.
    pub warnings: u64,
}

impl GiftSummary {
    pub fn build<'a>(year: FiscalYear, gifts: impl IntoIterator<Item = &'a Gift>) -> Self {
        let mut s = GiftSummary {
            fiscal_year: year,
            total: Tally::default(),
            by_handling: Handling::ALL
                .into_iter()
                .map(|h| (h, Tally::default()))
                .collect(),
            by_month: year
                .months()
                .into_iter()
                .map(|m| (m, Tally::default()))
                .collect(),
            warnings: 0,
        };
        for g in gifts {
            s.total.add(g.value);
            if let Some(t) = s.by_handling.iter_mut().find(|(h, _)| *h == g.handling) {
                t.1.add(g.value);
            }
            let m = YearMonth::containing(g.received_on);
            if let Some(t) = s.by_month.iter_mut().find(|(ym, _)| *ym == m) {
                t.1.add(g.value);
            }
            if !g.warnings().is_empty() {
                s.warnings += 1;
            }
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.total.count == 0
    }

    /// [`NO_GIFTS_TH`] when nothing was received.
    pub fn statement(&self, lang: Lang) -> Option<&'static str> {
        self.is_empty().then_some(match lang {
            Lang::Th => NO_GIFTS_TH,
            Lang::En => NO_GIFTS_EN,
        })
    }

    pub fn handling(&self, h: Handling) -> Tally {
        self.by_handling
            .iter()
            .find(|(x, _)| *x == h)
            .map(|(_, t)| *t)
            .unwrap_or_default()
    }
}

/// The content of the yearly gifts report, frozen when it is submitted to the executive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftReport {
    pub fiscal_year: FiscalYear,
    pub agency: String,
    /// In the order they were received.
    pub gifts: Vec<Gift>,
    pub prepared_on: NaiveDate,
}

impl GiftReport {
    pub fn summary(&self) -> GiftSummary {
        GiftSummary::build(self.fiscal_year, &self.gifts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(be: i32) -> FiscalYear {
        FiscalYear::new(be).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn baht(b: i64) -> Money {
        Money::from_baht(b).unwrap()
    }

    fn activity() -> Activity {
        Activity {
            kind: ActivityKind::NoGiftCulture,
            title: "  ประชุมชี้แจง   นโยบาย No Gift Policy ".into(),
            start: d(2022, 12, 15),
            end: None,
            place: "ห้องประชุม อบต.".into(),
            description: "ชี้แจงแนวปฏิบัติ\r\n\r\nเจ้าหน้าที่ลงนามปฏิเสธของขวัญ".into(),
            participants: 45,
            executives: vec!["นายสมชาย ใจดี นายก อบต.".into(), "  ".into()],
            links: vec!["https://www.example.go.th/news/1".into(), "".into()],
            document_ids: vec![3, 3, 4],
        }
    }

    fn gift() -> Gift {
        Gift {
            received_on: d(2023, 1, 2),
            giver: "ห้างหุ้นส่วนจำกัด ก".into(),
            giver_kind: GiverKind::Organisation,
            from_relative: false,
            description: "กระเช้าของขวัญปีใหม่".into(),
            value: baht(1_500),
            recipient: "นางสาวสมหญิง รักดี".into(),
            recipient_position: "นักวิชาการพัสดุ".into(),
            occasion: "เทศกาลปีใหม่".into(),
            handling: Handling::Returned,
            handling_note: String::new(),
            reported_on: Some(d(2023, 1, 3)),
            accept_over_limit: false,
        }
    }

    #[test]
    fn kinds_are_the_products() {
        assert_eq!(ActivityKind::NoGiftCulture.code(), "nogift.culture");
        assert_eq!(ActivityKind::Ethics.code(), "ethics.activities");
        assert_eq!(
            ActivityKind::ExecutiveParticipation.code(),
            "integrity.participation"
        );
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(k.code()), Some(k));
            assert_eq!(Product::parse(k.code()), Some(k.product()));
        }
        assert_eq!(Product::NoGiftReport.code(), GIFT_REPORT_KIND);
        assert_eq!(ActivityKind::parse("nogift.report"), None);
    }

    #[test]
    fn an_activity_is_cleaned() {
        let a = activity().check(fy(2566)).unwrap();
        assert_eq!(a.title, "ประชุมชี้แจง นโยบาย No Gift Policy");
        assert_eq!(a.description, "ชี้แจงแนวปฏิบัติ\n\nเจ้าหน้าที่ลงนามปฏิเสธของขวัญ");
        assert_eq!(a.executives, vec!["นายสมชาย ใจดี นายก อบต.".to_string()]);
        assert_eq!(
            a.links,
            vec!["https://www.example.go.th/news/1".to_string()]
        );
        assert_eq!(a.document_ids, vec![3, 4]);
        assert_eq!(a.dates_th(Digits::Thai), "๑๕ ธ.ค. ๒๕๖๕");
        // a last day equal to the first is a one-day activity
        let one = Activity {
            end: Some(d(2022, 12, 15)),
            ..activity()
        };
        assert_eq!(one.check(fy(2566)).unwrap().end, None);
        let range = Activity {
            end: Some(d(2022, 12, 17)),
            ..activity()
        };
        assert_eq!(
            range.check(fy(2566)).unwrap().dates_th(Digits::Arabic),
            "15–17 ธ.ค. 2565"
        );
    }

    #[test]
    fn activity_dates_must_be_within_the_fiscal_year() {
        let fields = |a: Activity| -> Vec<&'static str> {
            a.check(fy(2566))
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        // 30 Sep 2022 is the last day of FY 2565
        let e = activity()
            .clone()
            .check(fy(2565))
            .expect_err("December 2022 is FY 2566");
        assert!(e[0].th.contains("ปีงบประมาณ"), "{}", e[0].th);
        assert!(e[0].en.contains("2565"), "{}", e[0].en);
        assert_eq!(
            fields(Activity {
                start: d(2022, 9, 30),
                ..activity()
            }),
            vec!["start"]
        );
        assert_eq!(
            fields(Activity {
                end: Some(d(2023, 10, 1)),
                ..activity()
            }),
            vec!["end"]
        );
        assert_eq!(
            fields(Activity {
                end: Some(d(2022, 12, 1)),
                ..activity()
            }),
            vec!["end"]
        );
        // the first and last days of the year are inside it
        assert!(Activity {
            start: d(2022, 10, 1),
            end: Some(d(2023, 9, 30)),
            ..activity()
        }
        .check(fy(2566))
        .is_ok());
    }

    #[test]
    fn activity_limits() {
        let errs = |a: Activity| -> Vec<&'static str> {
            a.check(fy(2566))
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert!(errs(Activity {
            participants: MAX_PARTICIPANTS,
            ..activity()
        })
        .is_empty());
        assert_eq!(
            errs(Activity {
                participants: MAX_PARTICIPANTS + 1,
                ..activity()
            }),
            vec!["participants"]
        );
        assert_eq!(
            errs(Activity {
                title: " ".into(),
                ..activity()
            }),
            vec!["title"]
        );
        assert_eq!(
            errs(Activity {
                title: "ก".repeat(MAX_LINE_CHARS + 1),
                ..activity()
            }),
            vec!["title"]
        );
        assert_eq!(
            errs(Activity {
                description: "ข".repeat(MAX_TEXT_CHARS + 1),
                ..activity()
            }),
            vec!["description"]
        );
        assert_eq!(
            errs(Activity {
                links: vec!["javascript:alert(1)".into()],
                ..activity()
            }),
            vec!["links"]
        );
        assert_eq!(
            errs(Activity {
                links: vec!["http://192.168.1.1/x".into()],
                ..activity()
            }),
            vec!["links"]
        );
        assert_eq!(
            errs(Activity {
                links: (0..=MAX_LINKS)
                    .map(|i| format!("https://example.com/{i}"))
                    .collect(),
                ..activity()
            }),
            vec!["links"]
        );
        assert_eq!(
            errs(Activity {
                executives: vec!["ก".into(); MAX_EXECUTIVES + 1],
                ..activity()
            }),
            vec!["executives"]
        );
        // the executives' participation names them
        assert_eq!(
            errs(Activity {
                kind: ActivityKind::ExecutiveParticipation,
                executives: vec![],
                ..activity()
            }),
            vec!["executives"]
        );
        assert!(errs(Activity {
            kind: ActivityKind::Ethics,
            executives: vec![],
            ..activity()
        })
        .is_empty());
    }

    #[test]
    fn participants_are_read_as_typed() {
        assert_eq!(parse_participants("p", ""), Ok(0));
        assert_eq!(parse_participants("p", "๔๕"), Ok(45));
        assert_eq!(parse_participants("p", "1,200 คน"), Ok(1200));
        assert_eq!(parse_participants("p", "100000"), Ok(100_000));
        for bad in ["-1", "100001", "สิบ", "1.5", "99999999999"] {
            let e = parse_participants("p", bad).unwrap_err();
            assert!(e.th.contains("๑๐๐,๐๐๐"), "{bad}: {}", e.th);
        }
    }

    #[test]
    fn activity_summary() {
        let a = activity().check(fy(2566)).unwrap();
        let b = Activity {
            start: d(2023, 3, 1),
            participants: 10,
            executives: vec![],
            links: vec![],
            document_ids: vec![],
            ..a.clone()
        };
        let s = ActivitySummary::build(fy(2566), [&a, &b]);
        assert_eq!(
            (
                s.count,
                s.participants,
                s.with_executives,
                s.executive_attendances,
                s.with_evidence
            ),
            (2, 55, 1, 1, 1)
        );
        assert_eq!(s.by_month.len(), 12);
        assert_eq!(s.by_month[2].1, 1); // December
        assert_eq!(s.by_month[5].1, 1); // March
        assert!(ActivitySummary::build(fy(2566), []).is_empty());
    }

    #[test]
    fn a_gift_is_checked() {
        let (g, w) = gift().check(fy(2566)).unwrap();
        assert!(w.is_empty());
        assert_eq!(g.giver, "ห้างหุ้นส่วนจำกัด ก");
        let fields = |g: Gift| -> Vec<&'static str> {
            g.check(fy(2566))
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(
            fields(Gift {
                received_on: d(2023, 10, 1),
                reported_on: None,
                ..gift()
            }),
            vec!["received_on"]
        );
        assert_eq!(
            fields(Gift {
                reported_on: Some(d(2023, 1, 1)),
                ..gift()
            }),
            vec!["reported_on"]
        );
        assert_eq!(
            fields(Gift {
                value: baht(MAX_GIFT_BAHT + 1),
                ..gift()
            }),
            vec!["value"]
        );
        assert!(fields(Gift {
            value: baht(MAX_GIFT_BAHT),
            ..gift()
        })
        .is_empty());
        // a value of zero (a benefit of no market value) is accepted
        assert!(fields(Gift {
            value: Money::ZERO,
            ..gift()
        })
        .is_empty());
        assert_eq!(
            fields(Gift {
                giver: "".into(),
                description: " ".into(),
                recipient: "".into(),
                ..gift()
            }),
            vec!["giver", "description", "recipient"]
        );
        assert_eq!(
            fields(Gift {
                handling: Handling::Other,
                ..gift()
            }),
            vec!["handling_note"]
        );
        let other = Gift {
            handling: Handling::Other,
            handling_note: "นำไปใช้ในงานประเพณีของหมู่บ้าน".into(),
            ..gift()
        };
        assert_eq!(
            other.check(fy(2566)).unwrap().0.handling_text(Lang::Th),
            "นำไปใช้ในงานประเพณีของหมู่บ้าน"
        );
        // a negative value cannot even be typed
        assert!(Money::parse("value", "-5").is_err());
    }

    #[test]
    fn kept_above_the_limit_is_a_warning_to_confirm() {
        let kept = |value: i64, relative: bool| Gift {
            handling: Handling::KeptByLaw,
            value: baht(value),
            from_relative: relative,
            ..gift()
        };
        // at the limit: fine; above it from a non-relative: a warning
        assert!(kept(3_000, false).warnings().is_empty());
        let w = kept(3_001, false).warnings();
        assert_eq!(w.len(), 1);
        assert!(w[0].th().contains("๓,๐๐๐"), "{}", w[0].th());
        assert!(w[0].en().contains("3,000"));
        // from a relative, or returned, no limit applies
        assert!(kept(50_000, true).warnings().is_empty());
        assert!(Gift {
            value: baht(50_000),
            ..gift()
        }
        .warnings()
        .is_empty());
        // refused until confirmed, then recorded with the warning still visible
        let e = kept(5_000, false).validate(fy(2566)).unwrap_err();
        assert_eq!(e[0].field, "accept_over_limit");
        assert!(e[0].th.contains("ยืนยัน"));
        let ok = Gift {
            accept_over_limit: true,
            ..kept(5_000, false)
        }
        .validate(fy(2566))
        .unwrap();
        assert!(ok.accept_over_limit);
        assert_eq!(ok.warnings().len(), 1);
        // a confirmation with nothing to confirm is not kept
        let plain = Gift {
            accept_over_limit: true,
            ..gift()
        }
        .validate(fy(2566))
        .unwrap();
        assert!(!plain.accept_over_limit);
    }

    #[test]
    fn gift_summary_and_the_empty_statement() {
        let empty = GiftSummary::build(fy(2565), []);
        assert!(empty.is_empty());
        assert_eq!(empty.statement(Lang::Th), Some(NO_GIFTS_TH));
        assert_eq!(NO_GIFTS_TH, "ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด");
        assert_eq!(empty.by_month.len(), 12);
        assert_eq!(empty.by_handling.len(), Handling::ALL.len());

        let a = gift();
        let b = Gift {
            received_on: d(2023, 1, 20),
            value: baht(4_000),
            handling: Handling::HandedToAgency,
            ..gift()
        };
        let c = Gift {
            received_on: d(2023, 4, 13),
            value: Money::parse("v", "3,500.50").unwrap(),
            handling: Handling::KeptByLaw,
            accept_over_limit: true,
            ..gift()
        };
        let s = GiftSummary::build(fy(2566), [&a, &b, &c]);
        assert!(s.statement(Lang::Th).is_none());
        assert_eq!(s.total.count, 3);
        assert_eq!(s.total.value, 900_050);
        assert_eq!(s.handling(Handling::Returned).count, 1);
        assert_eq!(s.handling(Handling::HandedToAgency).value, 400_000);
        assert_eq!(s.handling(Handling::Charity), Tally::default());
        assert_eq!(s.warnings, 1);
        // January has two, April one
        assert_eq!(s.by_month[3].1.count, 2);
        assert_eq!(s.by_month[6].1.count, 1);
        assert_eq!(
            s.by_month.iter().map(|(_, t)| t.count).sum::<u64>(),
            s.total.count
        );
    }

    #[test]
    fn reports_round_trip_as_json() {
        let r = GiftReport {
            fiscal_year: fy(2565),
            agency: "อบต.ทดสอบ".into(),
            gifts: vec![Gift {
                received_on: d(2022, 1, 2),
                ..gift()
            }],
            prepared_on: d(2022, 10, 5),
        };
        let back: GiftReport = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
        let a = ActivityReport {
            kind: ActivityKind::Ethics,
            fiscal_year: fy(2566),
            agency: "อบต.ทดสอบ".into(),
            activities: vec![ReportedActivity {
                activity: activity().check(fy(2566)).unwrap(),
                documents: vec!["ภาพกิจกรรม".into()],
            }],
            prepared_on: d(2023, 9, 1),
        };
        let back: ActivityReport =
            serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back, a);
        assert_eq!(back.summary().count, 1);
    }
}

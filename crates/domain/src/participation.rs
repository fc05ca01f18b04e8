//! Public participation (การเปิดโอกาสให้เกิดการมีส่วนร่วม): a plan, project or draft ordinance
//! that the agency opens for citizens' comments for a while, the comments, their moderation,
//! and the summary of what was received with the agency's response (สรุปผลและการนำความคิดเห็นไปใช้).
//!
//! Everything here is pure: the store keeps topics and comments, the web layer turns form posts
//! into strings; both call in here to decide what is acceptable and where a topic stands.
//!
//! * [`TopicKind`] — แผนพัฒนาท้องถิ่น / โครงการ / ข้อบัญญัติ / อื่น ๆ.
//! * [`TopicDraft::parse`] — what staff type for a topic (title, kind, description, the opening
//!   and closing dates as Thai users write them, in Buddhist Era or Gregorian years).
//! * [`TopicState::of`] — draft, upcoming, open or closed, from the dates, whether staff opened
//!   it and whether they closed it early.
//! * [`CommentDraft::parse`] — a citizen's comment: the text (length counted in characters),
//!   an optional name and optional contact details (then the PDPA consent is required).
//! * [`CommentState`], [`check_moderation`] — pending, published or rejected with a reason.
//! * [`Tally`], [`tally_by_year`] — the summary figures, by topic and by fiscal year.
//!
//! Text is kept as typed (after trimming and line-end normalisation): markup such as
//! `<script>` is not removed but always shown as text, since templates escape every value.
//! Text limits count Unicode code points, as everywhere in Prongsai.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{parse_date, FiscalYear};
use crate::error::InputError;
use crate::eservice::{clean_text, parse_email, parse_phone, th_num, FieldError};
use crate::i18n::Lang;

/// The longest topic title, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// The longest topic description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// The longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 3_000;
/// The shortest comment, in characters.
pub const MIN_COMMENT_CHARS: usize = 2;
/// The longest commenter's name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest rejection reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;
/// The shortest rejection reason, in characters.
pub const MIN_REASON_CHARS: usize = 5;
/// The longest response (summary of results and use of the comments), in characters.
pub const MAX_RESPONSE_CHARS: usize = 20_000;
/// The longest a topic may stay open, in days.
pub const MAX_OPEN_DAYS: i64 = 366;

fn input(field: &'static str, e: FieldError) -> InputError {
    InputError::new(field, e.th, e.en)
}

// ---------------------------------------------------------------------------------------------
// Topics
// ---------------------------------------------------------------------------------------------

/// What is opened for comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicKind {
    /// แผนพัฒนาท้องถิ่น (the five-year local development plan, or its changes).
    DevelopmentPlan,
    /// โครงการ (a project).
    Project,
    /// ข้อบัญญัติ (a local ordinance, e.g. the budget ordinance).
    Ordinance,
    /// อื่น ๆ (anything else).
    Other,
}

impl TopicKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [TopicKind; 4] = [
        Self::DevelopmentPlan,
        Self::Project,
        Self::Ordinance,
        Self::Other,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::DevelopmentPlan => "plan",
            Self::Project => "project",
            Self::Ordinance => "ordinance",
            Self::Other => "other",
        }
    }

    /// The kind of a stored code.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Self::DevelopmentPlan => "แผนพัฒนาท้องถิ่น",
            Self::Project => "โครงการ",
            Self::Ordinance => "ข้อบัญญัติ",
            Self::Other => "อื่น ๆ",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::DevelopmentPlan => "Local development plan",
            Self::Project => "Project",
            Self::Ordinance => "Local ordinance",
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

/// Where a topic stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicState {
    /// Being written: staff have not opened it; the public does not see it.
    Draft,
    /// Opened by staff, but its first day has not come.
    Upcoming,
    /// Taking comments.
    Open,
    /// Past its last day, or closed early by staff.
    Closed,
}

impl TopicState {
    /// Where a topic stands on `today`: `opened` says staff opened it (published it),
    /// `closed_on` the day staff closed it early, if they did.
    pub fn of(
        opened: bool,
        opens_on: NaiveDate,
        closes_on: NaiveDate,
        closed_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        if !opened {
            Self::Draft
        } else if closed_on.is_some_and(|c| c <= today) || today > closes_on {
            Self::Closed
        } else if today < opens_on {
            Self::Upcoming
        } else {
            Self::Open
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Upcoming => "upcoming",
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Self::Draft => "ร่าง (ยังไม่เผยแพร่)",
            Self::Upcoming => "รอเปิดรับฟังความคิดเห็น",
            Self::Open => "เปิดรับฟังความคิดเห็น",
            Self::Closed => "ปิดรับฟังความคิดเห็นแล้ว",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Draft => "Draft (not published)",
            Self::Upcoming => "Opens soon",
            Self::Open => "Open for comment",
            Self::Closed => "Closed",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }

    /// Whether citizens see the topic at all.
    pub fn is_public(self) -> bool {
        self != Self::Draft
    }
}

/// A topic as staff write it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicDraft {
    pub title: String,
    pub kind: TopicKind,
    /// Paragraphs separated by blank lines (see [`paragraphs`]).
    pub description: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// A document of the agency's library (the plan or the draft itself), if any.
    pub document_id: Option<i64>,
}

/// What staff typed for a topic, as strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicInput<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub description: &'a str,
    pub opens_on: &'a str,
    pub closes_on: &'a str,
    pub document_id: Option<i64>,
}

fn date_field(field: &'static str, value: &str) -> Result<NaiveDate, InputError> {
    if value.trim().is_empty() {
        return Err(InputError::new(
            field,
            "กรุณาระบุวันที่ (เช่น 15/01/2568)",
            "Please give the date (e.g. 15/01/2568 or 2025-01-15)",
        ));
    }
    parse_date(value.trim()).map_err(|_| {
        InputError::new(
            field,
            "วันที่ไม่ถูกต้อง (เช่น 15/01/2568 หรือ 2025-01-15)",
            "Not a valid date (e.g. 15/01/2568 or 2025-01-15)",
        )
    })
}

impl TopicDraft {
    /// Reads what staff typed; every refused field is reported (in form order).
    pub fn parse(i: &TopicInput<'_>) -> Result<TopicDraft, Vec<InputError>> {
        let mut errors = Vec::new();
        let title = match clean_text("title", i.title, MAX_TITLE_CHARS, false) {
            Ok(t) if t.is_empty() => {
                errors.push(InputError::new(
                    "title",
                    "กรุณาระบุชื่อเรื่องที่เปิดรับฟังความคิดเห็น",
                    "Please give the title of what is opened for comment",
                ));
                None
            }
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(input("title", e));
                None
            }
        };
        let kind = TopicKind::parse(i.kind);
        if kind.is_none() {
            errors.push(InputError::new(
                "kind",
                "กรุณาเลือกประเภทเรื่อง",
                "Please choose the kind of topic",
            ));
        }
        let description =
            match clean_text("description", i.description, MAX_DESCRIPTION_CHARS, true) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(input("description", e));
                    None
                }
            };
        let opens = date_field("opens_on", i.opens_on)
            .map_err(|e| errors.push(e))
            .ok();
        let closes = date_field("closes_on", i.closes_on)
            .map_err(|e| errors.push(e))
            .ok();
        if let (Some(o), Some(c)) = (opens, closes) {
            if c < o {
                errors.push(InputError::new(
                    "closes_on",
                    "วันปิดรับฟังความคิดเห็นต้องไม่ก่อนวันเปิดรับฟัง",
                    "The closing day cannot be before the opening day",
                ));
            } else if (c - o).num_days() >= MAX_OPEN_DAYS {
                errors.push(InputError::new(
                    "closes_on",
                    format!("เปิดรับฟังความคิดเห็นได้ไม่เกิน {} วัน", th_num(MAX_OPEN_DAYS)),
                    format!("A topic can be open for at most {MAX_OPEN_DAYS} days"),
                ));
            }
        }
        match (title, kind, description, opens, closes, errors.is_empty()) {
            (Some(title), Some(kind), Some(description), Some(opens_on), Some(closes_on), true) => {
                Ok(TopicDraft {
                    title,
                    kind,
                    description,
                    opens_on,
                    closes_on,
                    document_id: i.document_id,
                })
            }
            _ => Err(errors),
        }
    }

    /// Checks a draft made in code (demo data, the store's own check before writing).
    pub fn check(&self) -> Result<(), InputError> {
        let opens = self.opens_on.to_string();
        let closes = self.closes_on.to_string();
        TopicDraft::parse(&TopicInput {
            title: &self.title,
            kind: self.kind.code(),
            description: &self.description,
            opens_on: &opens,
            closes_on: &closes,
            document_id: self.document_id,
        })
        .map(|_| ())
        .map_err(|mut e| e.remove(0))
    }

    /// The fiscal year a topic counts in: the year of its opening day.
    pub fn fiscal_year(&self) -> FiscalYear {
        FiscalYear::containing(self.opens_on)
    }
}

/// A text as paragraphs: split at blank lines, each paragraph's lines kept (joined by `\n`),
/// empty ones dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(cur.join("\n"));
                cur.clear();
            }
        } else {
            cur.push(line.trim_end());
        }
    }
    if !cur.is_empty() {
        out.push(cur.join("\n"));
    }
    out
}

/// The staff's summary of results and of how the comments were used
/// (สรุปผลและการนำความคิดเห็นไปใช้): multi-line, at most [`MAX_RESPONSE_CHARS`]; may be empty
/// (none written yet). Field `response`.
pub fn parse_response(text: &str) -> Result<String, InputError> {
    clean_text("response", text, MAX_RESPONSE_CHARS, true).map_err(|e| input("response", e))
}

// ---------------------------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------------------------

/// A citizen's comment, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentDraft {
    pub body: String,
    /// The name the citizen chose to give (shown with the comment when published).
    pub name: Option<String>,
    /// Digits only (see `eservice::parse_phone`): shown to staff only.
    pub phone: Option<String>,
    /// Shown to staff only.
    pub email: Option<String>,
}

/// What a citizen typed, as strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentInput<'a> {
    pub body: &'a str,
    pub name: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    /// The PDPA consent box was ticked.
    pub consent: bool,
}

impl CommentDraft {
    /// Reads a comment; every refused field is reported. Contact details are optional, but
    /// when one is given the consent to keep it is required (field `consent`).
    pub fn parse(i: &CommentInput<'_>) -> Result<CommentDraft, Vec<InputError>> {
        let mut errors = Vec::new();
        let body = match clean_text("body", i.body, MAX_COMMENT_CHARS, true) {
            Ok(b) if b.chars().count() < MIN_COMMENT_CHARS => {
                errors.push(InputError::new(
                    "body",
                    "กรุณาพิมพ์ความคิดเห็นหรือข้อเสนอแนะ",
                    "Please write your comment or suggestion",
                ));
                None
            }
            Ok(b) => Some(b),
            Err(e) => {
                errors.push(input("body", e));
                None
            }
        };
        let name = match clean_text("name", i.name, MAX_NAME_CHARS, false) {
            Ok(n) => Some(Some(n).filter(|n| !n.is_empty())),
            Err(e) => {
                errors.push(input("name", e));
                None
            }
        };
        let phone = match i.phone.trim() {
            "" => Some(None),
            p => match parse_phone(p) {
                Ok(p) => Some(Some(p)),
                Err(e) => {
                    errors.push(input("phone", e));
                    None
                }
            },
        };
        let email = match i.email.trim() {
            "" => Some(None),
            m => match parse_email(m) {
                Ok(m) => Some(Some(m)),
                Err(e) => {
                    errors.push(input("email", e));
                    None
                }
            },
        };
        let gives_contact = !i.phone.trim().is_empty() || !i.email.trim().is_empty();
        if gives_contact && !i.consent {
            errors.push(InputError::new(
                "consent",
                "เมื่อให้หมายเลขโทรศัพท์หรืออีเมล กรุณาอ่านและยินยอมการเก็บข้อมูลส่วนบุคคลก่อนส่ง (หรือเว้นช่องติดต่อไว้)",
                "When you give a phone number or e-mail address, please accept the personal data notice first (or leave the contact empty)",
            ));
        }
        match (body, name, phone, email, errors.is_empty()) {
            (Some(body), Some(name), Some(phone), Some(email), true) => Ok(CommentDraft {
                body,
                name,
                phone,
                email,
            }),
            _ => Err(errors),
        }
    }

    /// Whether the citizen gave a way to reach them.
    pub fn has_contact(&self) -> bool {
        self.phone.is_some() || self.email.is_some()
    }
}

/// Where a comment stands in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentState {
    /// Received, not yet looked at: not shown to the public.
    Pending,
    /// Shown on the public page.
    Published,
    /// Not shown (abuse, personal data, off topic), with the reason staff gave.
    Rejected,
}

impl CommentState {
    pub const ALL: [CommentState; 3] = [Self::Pending, Self::Published, Self::Rejected];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Published => "published",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Self::Pending => "รอตรวจสอบ",
            Self::Published => "เผยแพร่แล้ว",
            Self::Rejected => "ไม่เผยแพร่",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Pending => "Awaiting moderation",
            Self::Published => "Published",
            Self::Rejected => "Rejected",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }
}

/// Checks a moderation decision: a comment moves from pending to published or rejected, and
/// staff may change their mind (published ↔ rejected); a rejection needs a reason of
/// [`MIN_REASON_CHARS`]–[`MAX_REASON_CHARS`] characters. Returns the reason to keep (None when
/// publishing). Errors: field `to` (not a move), `reason`.
pub fn check_moderation(
    from: CommentState,
    to: CommentState,
    reason: &str,
) -> Result<Option<String>, InputError> {
    if to == CommentState::Pending || from == to {
        return Err(InputError::new(
            "to",
            format!("ความคิดเห็นนี้อยู่ในสถานะ \"{}\" แล้ว", from.label_th()),
            format!("The comment is already \"{}\"", from.label_en()),
        ));
    }
    match to {
        CommentState::Rejected => {
            let r = clean_text("reason", reason, MAX_REASON_CHARS, true)
                .map_err(|e| input("reason", e))?;
            if r.chars().count() < MIN_REASON_CHARS {
                return Err(InputError::new(
                    "reason",
                    format!(
                        "กรุณาระบุเหตุผลที่ไม่เผยแพร่ อย่างน้อย {} ตัวอักษร",
                        th_num(MIN_REASON_CHARS)
                    ),
                    format!(
                        "Please give the reason for not publishing, at least {MIN_REASON_CHARS} characters"
                    ),
                ));
            }
            Ok(Some(r))
        }
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// Summary figures
// ---------------------------------------------------------------------------------------------

/// How many comments were received and what became of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub received: u64,
    pub pending: u64,
    pub published: u64,
    pub rejected: u64,
}

impl Tally {
    /// Counts `n` comments in `state`.
    pub fn add(&mut self, state: CommentState, n: u64) {
        self.received += n;
        match state {
            CommentState::Pending => self.pending += n,
            CommentState::Published => self.published += n,
            CommentState::Rejected => self.rejected += n,
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: &Tally) {
        self.received += other.received;
        self.pending += other.pending;
        self.published += other.published;
        self.rejected += other.rejected;
    }

    /// The tally of `(state, count)` rows.
    pub fn of<I: IntoIterator<Item = (CommentState, u64)>>(rows: I) -> Tally {
        let mut t = Tally::default();
        for (s, n) in rows {
            t.add(s, n);
        }
        t
    }
}

/// The figures of one fiscal year: how many topics were opened and the comments on them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearTally {
    pub topics: u64,
    pub comments: Tally,
}

/// The figures by fiscal year of `(the topic's fiscal year, the topic's tally)` pairs, one
/// pair per public topic; years in order.
pub fn tally_by_year<I>(topics: I) -> BTreeMap<FiscalYear, YearTally>
where
    I: IntoIterator<Item = (FiscalYear, Tally)>,
{
    let mut out: BTreeMap<FiscalYear, YearTally> = BTreeMap::new();
    for (y, t) in topics {
        let e = out.entry(y).or_default();
        e.topics += 1;
        e.comments.merge(&t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn topic<'a>(opens: &'a str, closes: &'a str) -> TopicInput<'a> {
        TopicInput {
            title: "  ร่างแผนพัฒนาท้องถิ่น (พ.ศ. 2571–2575) ",
            kind: "plan",
            description: "ย่อหน้าแรก\r\nบรรทัดสอง\r\n\r\nย่อหน้าที่สอง",
            opens_on: opens,
            closes_on: closes,
            document_id: None,
        }
    }

    #[test]
    fn topic_dates_are_read_in_buddhist_era_and_thai_digits() {
        let t = TopicDraft::parse(&topic("1/11/2567", "๓๐ พ.ย. ๒๕๖๗")).unwrap();
        assert_eq!(t.title, "ร่างแผนพัฒนาท้องถิ่น (พ.ศ. 2571–2575)");
        assert_eq!(t.kind, TopicKind::DevelopmentPlan);
        assert_eq!(t.opens_on, d(2024, 11, 1));
        assert_eq!(t.closes_on, d(2024, 11, 30));
        assert_eq!(t.fiscal_year().be(), 2568);
        assert_eq!(
            paragraphs(&t.description),
            vec!["ย่อหน้าแรก\nบรรทัดสอง", "ย่อหน้าที่สอง"]
        );
        assert!(t.check().is_ok());
        // Gregorian ISO dates work too
        let t = TopicDraft::parse(&topic("2024-11-01", "2024-11-01")).unwrap();
        assert_eq!(t.opens_on, t.closes_on);
    }

    #[test]
    fn topic_refusals_name_their_fields() {
        let fields = |i: TopicInput| -> Vec<&'static str> {
            TopicDraft::parse(&i)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(
            fields(TopicInput {
                title: " ",
                kind: "zzz",
                ..topic("", "31/02/2567")
            }),
            vec!["title", "kind", "opens_on", "closes_on"]
        );
        assert_eq!(fields(topic("30/11/2567", "1/11/2567")), vec!["closes_on"]);
        assert_eq!(fields(topic("1/1/2567", "1/1/2568")), vec!["closes_on"]);
        let long = "ก".repeat(MAX_TITLE_CHARS + 1);
        let e = TopicDraft::parse(&TopicInput {
            title: &long,
            ..topic("1/1/2567", "2/1/2567")
        })
        .unwrap_err();
        assert_eq!(e[0].field, "title");
        assert!(e[0].th.contains("๓๐๐"), "{}", e[0].th);
        let e = TopicDraft::parse(&TopicInput {
            title: "สอง\nบรรทัด",
            ..topic("1/1/2567", "2/1/2567")
        })
        .unwrap_err();
        assert_eq!(e[0].field, "title");
    }

    #[test]
    fn state_follows_dates_opening_and_early_close() {
        let (o, c) = (d(2024, 11, 1), d(2024, 11, 30));
        assert_eq!(
            TopicState::of(false, o, c, None, d(2024, 11, 10)),
            TopicState::Draft
        );
        assert_eq!(
            TopicState::of(true, o, c, None, d(2024, 10, 31)),
            TopicState::Upcoming
        );
        assert_eq!(TopicState::of(true, o, c, None, o), TopicState::Open);
        assert_eq!(TopicState::of(true, o, c, None, c), TopicState::Open);
        assert_eq!(
            TopicState::of(true, o, c, None, d(2024, 12, 1)),
            TopicState::Closed
        );
        // closed early, from that day on
        let early = Some(d(2024, 11, 15));
        assert_eq!(
            TopicState::of(true, o, c, early, d(2024, 11, 14)),
            TopicState::Open
        );
        assert_eq!(
            TopicState::of(true, o, c, early, d(2024, 11, 15)),
            TopicState::Closed
        );
        // a draft stays a draft whatever the dates
        assert_eq!(
            TopicState::of(false, o, c, early, d(2025, 1, 1)),
            TopicState::Draft
        );
        assert!(!TopicState::Draft.is_public());
        assert!(TopicState::Closed.is_public());
    }

    #[test]
    fn kinds_round_trip() {
        for k in TopicKind::ALL {
            assert_eq!(TopicKind::parse(k.code()), Some(k));
            assert!(!k.label(Lang::Th).is_empty());
        }
        assert_eq!(TopicKind::parse("<b>"), None);
        assert_eq!(TopicKind::Ordinance.label_th(), "ข้อบัญญัติ");
    }

    #[test]
    fn comments_keep_markup_as_text_and_limit_length() {
        let c = CommentDraft::parse(&CommentInput {
            body: "  <script>alert(1)</script>\r\nควรเพิ่มไฟส่องสว่าง ",
            name: " นางสมศรี ",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(c.body, "<script>alert(1)</script>\nควรเพิ่มไฟส่องสว่าง");
        assert_eq!(c.name.as_deref(), Some("นางสมศรี"));
        assert!(!c.has_contact());

        let exactly = "ก".repeat(MAX_COMMENT_CHARS);
        assert!(CommentDraft::parse(&CommentInput {
            body: &exactly,
            ..Default::default()
        })
        .is_ok());
        let over = "ก".repeat(MAX_COMMENT_CHARS + 1);
        let e = CommentDraft::parse(&CommentInput {
            body: &over,
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "body");
        assert!(
            e[0].th.contains("๓,๐๐๐") || e[0].th.contains("๓๐๐๐"),
            "{}",
            e[0].th
        );
        assert!(e[0].en.contains("3000"), "{}", e[0].en);

        for empty in ["", "  ", "ก"] {
            let e = CommentDraft::parse(&CommentInput {
                body: empty,
                ..Default::default()
            })
            .unwrap_err();
            assert_eq!(e[0].field, "body", "{empty:?}");
        }
        // bidirectional overrides would make staff read something else than was typed
        assert!(CommentDraft::parse(&CommentInput {
            body: "ok \u{202E}txet",
            ..Default::default()
        })
        .is_err());
    }

    #[test]
    fn contact_is_optional_but_needs_consent() {
        let base = CommentInput {
            body: "เห็นด้วยกับโครงการ",
            phone: "๐๘๑-๒๓๔-๕๖๗๘",
            ..Default::default()
        };
        let e = CommentDraft::parse(&base).unwrap_err();
        assert_eq!(e[0].field, "consent");
        let c = CommentDraft::parse(&CommentInput {
            consent: true,
            ..base.clone()
        })
        .unwrap();
        assert_eq!(c.phone.as_deref(), Some("0812345678"));
        assert!(c.has_contact());
        let e = CommentDraft::parse(&CommentInput {
            phone: "12",
            email: "not-an-email",
            name: &"ก".repeat(MAX_NAME_CHARS + 1),
            consent: true,
            ..base
        })
        .unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["name", "phone", "email"]);
    }

    #[test]
    fn moderation_moves_and_reasons() {
        use CommentState::*;
        assert_eq!(check_moderation(Pending, Published, "").unwrap(), None);
        assert_eq!(
            check_moderation(Pending, Rejected, " มีข้อมูลส่วนบุคคล ").unwrap(),
            Some("มีข้อมูลส่วนบุคคล".into())
        );
        assert_eq!(
            check_moderation(Pending, Rejected, "สั้น").unwrap_err().field,
            "reason"
        );
        assert_eq!(
            check_moderation(Published, Published, "")
                .unwrap_err()
                .field,
            "to"
        );
        assert_eq!(
            check_moderation(Rejected, Pending, "").unwrap_err().field,
            "to"
        );
        assert!(check_moderation(Published, Rejected, "ถ้อยคำหยาบคาย").is_ok());
        assert!(check_moderation(Rejected, Published, "").is_ok());
        for s in CommentState::ALL {
            assert_eq!(CommentState::parse(s.code()), Some(s));
        }
        assert_eq!(CommentState::parse("deleted"), None);
    }

    #[test]
    fn tallies_by_topic_and_year() {
        use CommentState::*;
        let a = Tally::of([(Pending, 2), (Published, 5), (Rejected, 1)]);
        assert_eq!(
            a,
            Tally {
                received: 8,
                pending: 2,
                published: 5,
                rejected: 1
            }
        );
        let b = Tally::of([(Published, 3)]);
        let fy = |be| FiscalYear::new(be).unwrap();
        let years = tally_by_year([(fy(2567), a), (fy(2568), b), (fy(2567), Tally::default())]);
        assert_eq!(years.len(), 2);
        assert_eq!(years[&fy(2567)].topics, 2);
        assert_eq!(years[&fy(2567)].comments.received, 8);
        assert_eq!(years[&fy(2568)].comments.published, 3);
        assert_eq!(years.keys().next(), Some(&fy(2567)));
    }

    #[test]
    fn response_may_be_empty_but_not_too_long() {
        assert_eq!(parse_response("  \r\n ").unwrap(), "");
        assert_eq!(parse_response("ก\r\nข").unwrap(), "ก\nข");
        assert_eq!(
            parse_response(&"ก".repeat(MAX_RESPONSE_CHARS + 1))
                .unwrap_err()
                .field,
            "response"
        );
    }
}

//! Complaints (เรื่องร้องเรียน): the corruption and misconduct channel (ช่องทางแจ้งเรื่องร้องเรียน
//! การทุจริตและประพฤติมิชอบ), where the reporter may stay anonymous, and the general channel for
//! complaints and suggestions; the register of cases, however they came in; the workflow with
//! its deadlines; and the statistics published for the OIT.
//!
//! Everything here is pure; the store keeps it and the web layer shows it.
//!
//! * [`Kind`] — corruption/misconduct, complaint/grievance, suggestion.
//! * [`Channel`] — online, phone, letter, in person, referred by another agency, other.
//! * [`State`] and [`Outcome`] — received → in progress → closed, closing with an outcome
//!   allowed for the kind ([`Outcome::allowed_for`]); [`Transition`] checks a move.
//! * [`Deadlines`] — working days to acknowledge (take the case up) and to close, per kind,
//!   counted with [`crate::eservice::due_date`].
//! * [`ReceiptCode`] — 125 random bits in 25 Crockford base32 characters: the reporter's only
//!   way back to the case; stored as its SHA-256 only; compared in constant time.
//! * [`Submission`], [`ReporterContact`] — a report as typed, checked.
//! * [`CaseFact`], [`StatRow`], [`year_table`] — statistics by fiscal month and year, without
//!   personal data.
//!
//! ## Workflow and outcomes
//!
//! A case is **received** (online, or recorded by staff with the day it came in), then
//! **in progress** once a handler takes it up (this is the acknowledgement, รับเรื่องพิจารณา),
//! then **closed** with one outcome and a closing note. A case may be closed straight from
//! received (e.g. a suggestion noted at once, or a complaint referred elsewhere). Closed is
//! final: new facts about a closed case are a new case.
//!
//! | outcome | Thai | for |
//! |---|---|---|
//! | substantiated | มีมูล (ดำเนินการทางวินัย/ส่งเรื่องตามกฎหมาย) | corruption, complaint |
//! | unsubstantiated | ไม่มีมูล | corruption, complaint |
//! | resolved | ดำเนินการแก้ไขแล้ว | complaint, suggestion |
//! | noted | รับไว้พิจารณา/นำไปปรับปรุง | suggestion |
//! | referred | ส่งต่อหน่วยงานที่มีอำนาจ (เช่น ป.ป.ช., ป.ป.ท., ศูนย์ดำรงธรรม) | all |
//! | ended | ยุติเรื่อง (ผู้แจ้งถอนเรื่อง หรือข้อมูลไม่เพียงพอ) | all |
//!
//! ## Deadlines (defaults, working days Monday–Friday, public holidays not modelled)
//!
//! | kind | acknowledge | close |
//! |---|---|---|
//! | corruption | 5 | 60 |
//! | complaint | 3 | 15 |
//! | suggestion | 5 | 30 |
//!
//! A case is late when it was not taken up by its acknowledgement day, or is not closed by
//! its closing day (or was closed after it).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::calendar::{to_ascii_digits, FiscalYear};
use crate::error::InputError;
use crate::eservice::{
    clean_text, due_date, median_of_counts, parse_email, parse_phone, th_num, FieldError,
    CROCKFORD_ALPHABET,
};
use crate::i18n::Lang;

// ---------------------------------------------------------------------------------------------
// Kinds, channels, states, outcomes
// ---------------------------------------------------------------------------------------------

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = ($code:literal, $th:literal, $en:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$(Self::$v),+];
            /// Storage code.
            pub fn code(self) -> &'static str {
                match self { $(Self::$v => $code),+ }
            }
            /// The value of a [`code`](Self::code).
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.code() == s)
            }
            /// Thai name.
            pub fn label_th(self) -> &'static str {
                match self { $(Self::$v => $th),+ }
            }
            /// English name.
            pub fn label_en(self) -> &'static str {
                match self { $(Self::$v => $en),+ }
            }
            /// The name in `lang`.
            pub fn label(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Th => self.label_th(),
                    Lang::En => self.label_en(),
                }
            }
            /// Position in [`ALL`](Self::ALL).
            pub fn index(self) -> usize {
                Self::ALL.iter().position(|x| *x == self).unwrap_or(0)
            }
        }
    };
}

coded_enum!(
    /// What a case is about.
    Kind {
        /// Corruption or misconduct of an official (ทุจริตและประพฤติมิชอบ): the reporter may stay
        /// anonymous; only designated handlers see these cases.
        Corruption = ("corruption", "ทุจริตและประพฤติมิชอบ", "corruption and misconduct"),
        /// A complaint or grievance about a service or a nuisance (ร้องเรียน/ร้องทุกข์).
        Complaint = ("complaint", "ร้องเรียน/ร้องทุกข์", "complaint or grievance"),
        /// A suggestion (ข้อเสนอแนะ).
        Suggestion = ("suggestion", "ข้อเสนอแนะ", "suggestion"),
    }
);

coded_enum!(
    /// How a case came in.
    Channel {
        /// The public form of this site.
        Online = ("online", "ออนไลน์ (เว็บไซต์)", "online (this website)"),
        /// By telephone, recorded by staff.
        Phone = ("phone", "โทรศัพท์", "telephone"),
        /// By letter, recorded by staff.
        Letter = ("letter", "หนังสือ/จดหมาย", "letter"),
        /// In person at the office, recorded by staff.
        InPerson = ("in_person", "ด้วยตนเอง ณ สำนักงาน", "in person"),
        /// Referred by another agency (ศูนย์ดำรงธรรม, สำนักงาน ป.ป.ช., ป.ป.ท., the district).
        Referred = ("referred", "ส่งต่อจากหน่วยงานอื่น (เช่น ศูนย์ดำรงธรรม ป.ป.ช.)", "referred by another agency"),
        /// Anything else (a complaint box, social media).
        Other = ("other", "ช่องทางอื่น (เช่น ตู้รับเรื่อง สื่อสังคมออนไลน์)", "other (complaint box, social media)"),
    }
);

coded_enum!(
    /// Where a case stands.
    State {
        /// Received, not yet taken up (รับเรื่อง).
        Received = ("received", "รับเรื่องแล้ว", "received"),
        /// Taken up by a handler: acknowledged, being examined.
        InProgress = ("in_progress", "อยู่ระหว่างดำเนินการ", "in progress"),
        /// Closed with an outcome (final).
        Closed = ("closed", "ดำเนินการเสร็จสิ้น", "closed"),
    }
);

coded_enum!(
    /// How a case ended. See the module documentation for which kinds allow which.
    Outcome {
        /// The facts were found true: disciplinary or legal action follows (มีมูล).
        Substantiated = ("substantiated", "มีมูล", "substantiated"),
        /// The facts were not found true (ไม่มีมูล).
        Unsubstantiated = ("unsubstantiated", "ไม่มีมูล", "unsubstantiated"),
        /// The problem was put right (ดำเนินการแก้ไขแล้ว).
        Resolved = ("resolved", "ดำเนินการแก้ไขแล้ว", "resolved"),
        /// A suggestion was considered and taken into account (รับไว้พิจารณา).
        Noted = ("noted", "รับไว้พิจารณา/นำไปปรับปรุง", "noted"),
        /// Sent to the agency with the power to act (ส่งต่อหน่วยงานที่มีอำนาจ).
        Referred = ("referred", "ส่งต่อหน่วยงานที่มีอำนาจ", "referred to the competent agency"),
        /// Ended: withdrawn by the reporter, or too little information to act (ยุติเรื่อง).
        Ended = ("ended", "ยุติเรื่อง", "ended (withdrawn or insufficient information)"),
    }
);

impl Kind {
    /// The deadlines of this kind (the defaults of the module documentation).
    pub fn deadlines(self) -> Deadlines {
        match self {
            Kind::Corruption => Deadlines {
                ack_days: 5,
                close_days: 60,
            },
            Kind::Complaint => Deadlines {
                ack_days: 3,
                close_days: 15,
            },
            Kind::Suggestion => Deadlines {
                ack_days: 5,
                close_days: 30,
            },
        }
    }

    /// Whether only designated complaint handlers may see cases of this kind.
    pub fn restricted(self) -> bool {
        self == Kind::Corruption
    }

    /// Whether a public report of this kind is anonymous unless the reporter chooses
    /// otherwise.
    pub fn anonymous_by_default(self) -> bool {
        self == Kind::Corruption
    }
}

impl Outcome {
    /// Whether a case of `kind` may close with this outcome.
    pub fn allowed_for(self, kind: Kind) -> bool {
        use Outcome::*;
        match self {
            Substantiated | Unsubstantiated => matches!(kind, Kind::Corruption | Kind::Complaint),
            Resolved => matches!(kind, Kind::Complaint | Kind::Suggestion),
            Noted => kind == Kind::Suggestion,
            Referred | Ended => true,
        }
    }

    /// The outcomes a case of `kind` may close with.
    pub fn for_kind(kind: Kind) -> Vec<Outcome> {
        Outcome::ALL
            .iter()
            .copied()
            .filter(|o| o.allowed_for(kind))
            .collect()
    }
}

impl State {
    /// The states a case may move to from this one.
    pub fn next_states(self) -> &'static [State] {
        match self {
            State::Received => &[State::InProgress, State::Closed],
            State::InProgress => &[State::Closed],
            State::Closed => &[],
        }
    }

    /// Whether a case may move from this state to `next`.
    pub fn can_move_to(self, next: State) -> bool {
        self.next_states().contains(&next)
    }

    /// Closed: nothing follows.
    pub fn is_final(self) -> bool {
        self == State::Closed
    }
}

// ---------------------------------------------------------------------------------------------
// Transitions
// ---------------------------------------------------------------------------------------------

/// The longest note of a state change or message, in characters.
pub const MAX_NOTE_CHARS: usize = 5000;
/// The shortest closing note, in characters (the reporter is owed the reason).
pub const MIN_CLOSING_NOTE_CHARS: usize = 10;

/// A checked change of state of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub from: State,
    pub to: State,
    /// Set exactly when `to` is closed.
    pub outcome: Option<Outcome>,
    /// Cleaned note, possibly empty (not when closing).
    pub note: String,
}

impl Transition {
    /// Checks a move of a case of `kind` from `from` to `to`: the move must be allowed (field
    /// `state`); closing needs an outcome allowed for the kind (field `outcome`) and a note of
    /// at least [`MIN_CLOSING_NOTE_CHARS`] characters; an outcome without closing is refused;
    /// notes are at most [`MAX_NOTE_CHARS`] characters without control characters (field
    /// `note`).
    pub fn new(
        kind: Kind,
        from: State,
        to: State,
        outcome: Option<Outcome>,
        note: &str,
    ) -> Result<Self, InputError> {
        if !from.can_move_to(to) {
            let (th, en) = if from.is_final() {
                (
                    "เรื่องนี้ดำเนินการเสร็จสิ้นแล้ว จึงเปลี่ยนสถานะไม่ได้".to_string(),
                    "The case is closed; its state cannot change".to_string(),
                )
            } else {
                (
                    format!(
                        "เปลี่ยนสถานะจาก “{}” เป็น “{}” ไม่ได้",
                        from.label_th(),
                        to.label_th()
                    ),
                    format!(
                        "A case cannot move from “{}” to “{}”",
                        from.label_en(),
                        to.label_en()
                    ),
                )
            };
            return Err(InputError::new("state", th, en));
        }
        let note = clean_text("note", note, MAX_NOTE_CHARS, true)
            .map_err(|e| InputError::new("note", e.th, e.en))?;
        match (to, outcome) {
            (State::Closed, None) => Err(InputError::new(
                "outcome",
                "กรุณาเลือกผลการพิจารณาก่อนปิดเรื่อง",
                "Please choose the outcome before closing the case",
            )),
            (State::Closed, Some(o)) if !o.allowed_for(kind) => Err(InputError::new(
                "outcome",
                format!(
                    "ผลการพิจารณา “{}” ใช้กับเรื่องประเภท “{}” ไม่ได้",
                    o.label_th(),
                    kind.label_th()
                ),
                format!(
                    "The outcome “{}” does not apply to a {}",
                    o.label_en(),
                    kind.label_en()
                ),
            )),
            (State::Closed, Some(_)) if note.chars().count() < MIN_CLOSING_NOTE_CHARS => {
                Err(InputError::new(
                    "note",
                    format!(
                        "กรุณาสรุปผลการพิจารณาอย่างน้อย {} ตัวอักษร (ผู้แจ้งจะเห็นข้อความนี้)",
                        th_num(MIN_CLOSING_NOTE_CHARS)
                    ),
                    format!(
                        "Please summarise the outcome in at least {MIN_CLOSING_NOTE_CHARS} characters (the reporter sees it)"
                    ),
                ))
            }
            (State::Closed, Some(o)) => Ok(Self {
                from,
                to,
                outcome: Some(o),
                note,
            }),
            (_, Some(_)) => Err(InputError::new(
                "outcome",
                "ผลการพิจารณาระบุได้เมื่อปิดเรื่องเท่านั้น",
                "An outcome is given only when closing the case",
            )),
            (_, None) => Ok(Self {
                from,
                to,
                outcome: None,
                note,
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------

/// Working days to take a case up and to close it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub ack_days: u32,
    pub close_days: u32,
}

impl Deadlines {
    /// The day a case received on `received` must be taken up.
    pub fn ack_due(self, received: NaiveDate) -> NaiveDate {
        due_date(received, self.ack_days)
    }
    /// The day a case received on `received` must be closed.
    pub fn close_due(self, received: NaiveDate) -> NaiveDate {
        due_date(received, self.close_days)
    }
}

/// Whether a case is late on `today`: not taken up by `ack_due` (taken up after it, or still
/// received past it), or not closed by `close_due` (closed after it, or open past it).
pub fn is_late(
    ack_due: NaiveDate,
    close_due: NaiveDate,
    acknowledged: Option<NaiveDate>,
    closed: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    // a case closed straight from received counts as taken up on its closing day
    let taken_up = acknowledged.or(closed).unwrap_or(today);
    taken_up > ack_due || closed.unwrap_or(today) > close_due
}

// ---------------------------------------------------------------------------------------------
// Receipt codes
// ---------------------------------------------------------------------------------------------

/// The field name of receipt code errors.
pub const RECEIPT_CODE_FIELD: &str = "code";

/// The reporter's key to a case: 125 random bits written as 25 Crockford base32 characters in
/// five groups, `7K3MQ-9XD2H-BAW5R-T0PZ4-M8N6C`.
///
/// Much longer than an e-Service tracking code: a corruption report must not be found by
/// guessing even with many tries. Read with [`parse`](Self::parse) (case, spaces and dashes
/// do not matter; `O` reads as `0`, `I`/`L` as `1`; Thai digits as digits); store only
/// [`lookup_key`](Self::lookup_key); `==` is constant time; `Debug` hides all but the last
/// group.
#[derive(Clone, Copy, Eq)]
pub struct ReceiptCode([u8; 25]);

impl ReceiptCode {
    /// The number of characters (without dashes).
    pub const LEN: usize = 25;
    /// Random bits in a code.
    pub const BITS: u32 = 125;

    /// The code of the low 125 bits of 16 random bytes (big-endian, five bits per character).
    pub fn from_random(bytes: [u8; 16]) -> Self {
        let acc = u128::from_be_bytes(bytes);
        Self(std::array::from_fn(|i| {
            let shift = 5 * (Self::LEN - 1 - i);
            let index = ((acc >> shift) & 31) as usize;
            CROCKFORD_ALPHABET.get(index).copied().unwrap_or(b'0')
        }))
    }

    /// Reads a code as a reporter types it. Refused (field [`RECEIPT_CODE_FIELD`]): a
    /// character outside the alphabet, or other than 25 characters.
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let mut out = [b'0'; 25];
        let mut n = 0usize;
        for c in input.chars() {
            if c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—' | '−' | '_') {
                continue;
            }
            let c = match c {
                '๐'..='๙' => to_ascii_digits(&c.to_string()).chars().next().unwrap_or(c),
                c => c.to_ascii_uppercase(),
            };
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !CROCKFORD_ALPHABET.contains(&(c as u8)) {
                return Err(InputError::new(
                    RECEIPT_CODE_FIELD,
                    "รหัสรับเรื่องมีอักขระที่ไม่ได้ใช้ในรหัส (รหัสประกอบด้วยตัวเลขและอักษรภาษาอังกฤษ ยกเว้น U)",
                    "The receipt code contains a character not used in codes (digits and English letters except U)",
                ));
            }
            if let Some(slot) = out.get_mut(n) {
                *slot = c as u8;
            }
            n += 1;
            if n > 64 {
                break;
            }
        }
        if n != Self::LEN {
            return Err(InputError::new(
                RECEIPT_CODE_FIELD,
                format!("รหัสรับเรื่องต้องมี ๒๕ ตัวอักษร (ที่กรอกมี {} ตัว)", th_num(n)),
                format!("A receipt code has 25 characters ({n} given)"),
            ));
        }
        Ok(Self(out))
    }

    /// The canonical 25 characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`, as shown to the reporter.
    pub fn grouped(&self) -> String {
        self.0
            .chunks(5)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Lower-case hex SHA-256 of the canonical characters: what the database keeps.
    pub fn lookup_key(&self) -> String {
        hex::encode(Sha256::digest(self.0))
    }

    /// Compares two codes in time independent of where they differ.
    pub fn ct_eq(&self, other: &Self) -> bool {
        crate::eservice::ct_eq_bytes(&self.0, &other.0)
    }
}

impl PartialEq for ReceiptCode {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other)
    }
}

impl fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ReceiptCode(*****-*****-*****-*****-{})",
            self.as_str().get(20..).unwrap_or("")
        )
    }
}

/// Compares two lower-case hex hashes in constant time (for a stored hash against the hash of
/// a typed code).
pub fn hash_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && std::hint::black_box(
            a.bytes()
                .zip(b.bytes())
                .fold(0u8, |acc, (x, y)| acc | (x ^ y)),
        ) == 0
}

// ---------------------------------------------------------------------------------------------
// Submissions
// ---------------------------------------------------------------------------------------------

/// Subject length limits, in characters.
pub const MIN_SUBJECT_CHARS: usize = 3;
pub const MAX_SUBJECT_CHARS: usize = 200;
/// Details length limits, in characters.
pub const MIN_DETAILS_CHARS: usize = 10;
pub const MAX_DETAILS_CHARS: usize = 10_000;
/// Contact field limits, in characters.
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_ADDRESS_CHARS: usize = 500;
/// The longest message of the thread, in characters.
pub const MAX_MESSAGE_CHARS: usize = 5000;
/// The most files a report or a message may carry.
pub const MAX_FILES: usize = 3;
/// The largest file of a report or message, in bytes.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// How to reach a reporter who chose to give contact details. Holds personal data: never
/// `Serialize`, so it cannot end up in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReporterContact {
    pub name: String,
    /// Digits only.
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl ReporterContact {
    /// Reads the contact fields: a name, and at least one of phone, e-mail and address. Keys
    /// `name`, `phone`, `email`, `address`, `contact`.
    pub fn parse(
        name: &str,
        phone: &str,
        email: &str,
        address: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = match clean_text("name", name, MAX_NAME_CHARS, false) {
            Ok(n) if n.is_empty() => {
                errors.push(FieldError::new(
                    "name",
                    "กรุณากรอกชื่อ-นามสกุล หรือเลือกไม่เปิดเผยตัวตน",
                    "Please give your name, or choose to stay anonymous",
                ));
                String::new()
            }
            Ok(n) => n,
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        let phone = match phone.trim() {
            "" => None,
            p => parse_phone(p).map_err(|e| errors.push(e)).ok(),
        };
        let email = match email.trim() {
            "" => None,
            e => parse_email(e).map_err(|e| errors.push(e)).ok(),
        };
        let address = match clean_text("address", address, MAX_ADDRESS_CHARS, true) {
            Ok(a) if a.is_empty() => None,
            Ok(a) => Some(a),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        if errors.is_empty() && phone.is_none() && email.is_none() && address.is_none() {
            errors.push(FieldError::new(
                "contact",
                "กรุณาให้ช่องทางติดต่อกลับอย่างน้อยหนึ่งช่องทาง (โทรศัพท์ อีเมล หรือที่อยู่)",
                "Please give at least one way to reach you (phone, e-mail or address)",
            ));
        }
        if errors.is_empty() {
            Ok(Self {
                name,
                phone,
                email,
                address,
            })
        } else {
            Err(errors)
        }
    }
}

/// A report as checked: what it is about and, unless anonymous, who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub kind: Kind,
    pub subject: String,
    pub details: String,
    /// None: anonymous.
    pub contact: Option<ReporterContact>,
}

/// Reads the subject (one line, [`MIN_SUBJECT_CHARS`]–[`MAX_SUBJECT_CHARS`]), field
/// `subject`.
pub fn parse_subject(input: &str) -> Result<String, FieldError> {
    let s = clean_text("subject", input, MAX_SUBJECT_CHARS, false)?;
    if s.chars().count() < MIN_SUBJECT_CHARS {
        return Err(FieldError::new(
            "subject",
            format!("กรุณาระบุเรื่องอย่างน้อย {} ตัวอักษร", th_num(MIN_SUBJECT_CHARS)),
            format!("Please give a subject of at least {MIN_SUBJECT_CHARS} characters"),
        ));
    }
    Ok(s)
}

/// Reads the details (lines allowed, [`MIN_DETAILS_CHARS`]–[`MAX_DETAILS_CHARS`]), field
/// `details`.
pub fn parse_details(input: &str) -> Result<String, FieldError> {
    let s = clean_text("details", input, MAX_DETAILS_CHARS, true)?;
    if s.chars().count() < MIN_DETAILS_CHARS {
        return Err(FieldError::new(
            "details",
            format!(
                "กรุณาเล่ารายละเอียดอย่างน้อย {} ตัวอักษร (เกิดอะไรขึ้น ที่ไหน เมื่อใด ใครเกี่ยวข้อง)",
                th_num(MIN_DETAILS_CHARS)
            ),
            format!(
                "Please describe what happened in at least {MIN_DETAILS_CHARS} characters (what, where, when, who)"
            ),
        ));
    }
    Ok(s)
}

/// Reads a message of the thread (lines allowed, 1–[`MAX_MESSAGE_CHARS`]), field `body`.
pub fn parse_message(input: &str) -> Result<String, FieldError> {
    let s = clean_text("body", input, MAX_MESSAGE_CHARS, true)?;
    if s.is_empty() {
        return Err(FieldError::new(
            "body",
            "กรุณาพิมพ์ข้อความ",
            "Please write a message",
        ));
    }
    Ok(s)
}

impl Submission {
    /// Reads a report: `kind` code, subject, details, and — when not `anonymous` — the
    /// contact fields. Every problem is reported at once (keys `kind`, `subject`, `details`,
    /// and those of [`ReporterContact::parse`]).
    pub fn parse(
        kind: &str,
        subject: &str,
        details: &str,
        anonymous: bool,
        contact: [&str; 4],
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = Kind::parse(kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new(
                "kind",
                "กรุณาเลือกประเภทเรื่อง",
                "Please choose what the report is about",
            ));
        }
        let subject = parse_subject(subject).map_err(|e| errors.push(e)).ok();
        let details = parse_details(details).map_err(|e| errors.push(e)).ok();
        let contact = if anonymous {
            None
        } else {
            let [name, phone, email, address] = contact;
            match ReporterContact::parse(name, phone, email, address) {
                Ok(c) => Some(c),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            }
        };
        match (kind, subject, details) {
            (Some(kind), Some(subject), Some(details)) if errors.is_empty() => Ok(Self {
                kind,
                subject,
                details,
                contact,
            }),
            _ => Err(errors),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

/// A case as the statistics see it: no text, no person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFact {
    pub kind: Kind,
    pub channel: Channel,
    pub state: State,
    pub outcome: Option<Outcome>,
    pub received: NaiveDate,
    pub ack_due: NaiveDate,
    pub close_due: NaiveDate,
    pub acknowledged: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
}

impl CaseFact {
    /// [`is_late`] of this case on `today`.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        is_late(
            self.ack_due,
            self.close_due,
            self.acknowledged,
            self.closed,
            today,
        )
    }

    /// Calendar days from receipt to closing, for a closed case.
    pub fn days_to_close(&self) -> Option<u64> {
        match (self.state, self.closed) {
            (State::Closed, Some(c)) => {
                Some(u64::try_from((c - self.received).num_days()).unwrap_or(0))
            }
            _ => None,
        }
    }
}

/// The figures of one row (a month, or the year): the cases **received** in it, and what has
/// become of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StatRow {
    pub received: u64,
    /// Counts by [`Kind::ALL`] position.
    pub by_kind: Vec<u64>,
    /// Counts by [`Channel::ALL`] position.
    pub by_channel: Vec<u64>,
    /// Counts by [`State::ALL`] position.
    pub by_state: Vec<u64>,
    /// Counts of the closed cases by [`Outcome::ALL`] position.
    pub by_outcome: Vec<u64>,
    /// Late cases ([`CaseFact::is_late`]).
    pub late: u64,
    /// Days to close of the closed cases: (days, how many).
    pub close_days: BTreeMap<u64, u64>,
}

impl StatRow {
    fn empty() -> Self {
        Self {
            by_kind: vec![0; Kind::ALL.len()],
            by_channel: vec![0; Channel::ALL.len()],
            by_state: vec![0; State::ALL.len()],
            by_outcome: vec![0; Outcome::ALL.len()],
            ..Self::default()
        }
    }

    fn add(&mut self, f: &CaseFact, today: NaiveDate) {
        self.received += 1;
        bump(&mut self.by_kind, f.kind.index());
        bump(&mut self.by_channel, f.channel.index());
        bump(&mut self.by_state, f.state.index());
        if let (State::Closed, Some(o)) = (f.state, f.outcome) {
            bump(&mut self.by_outcome, o.index());
        }
        if f.is_late(today) {
            self.late += 1;
        }
        if let Some(d) = f.days_to_close() {
            *self.close_days.entry(d).or_insert(0) += 1;
        }
    }

    /// Cases of a kind.
    pub fn kind(&self, k: Kind) -> u64 {
        self.by_kind.get(k.index()).copied().unwrap_or(0)
    }
    /// Cases of a channel.
    pub fn channel(&self, c: Channel) -> u64 {
        self.by_channel.get(c.index()).copied().unwrap_or(0)
    }
    /// Cases in a state.
    pub fn state(&self, s: State) -> u64 {
        self.by_state.get(s.index()).copied().unwrap_or(0)
    }
    /// Closed cases with an outcome.
    pub fn outcome(&self, o: Outcome) -> u64 {
        self.by_outcome.get(o.index()).copied().unwrap_or(0)
    }
    /// Closed cases.
    pub fn closed(&self) -> u64 {
        self.state(State::Closed)
    }
    /// Open cases (received or in progress).
    pub fn open(&self) -> u64 {
        self.received.saturating_sub(self.closed())
    }
    /// Mean calendar days to close; None when nothing closed.
    pub fn mean_days(&self) -> Option<f64> {
        let n: u64 = self.close_days.values().sum();
        let sum: u64 = self.close_days.iter().map(|(d, k)| d * k).sum();
        (n > 0).then(|| sum as f64 / n as f64)
    }
    /// Median calendar days to close; None when nothing closed.
    pub fn median_days(&self) -> Option<f64> {
        median_of_counts(self.close_days.iter().map(|(d, n)| (*d, *n)))
    }
}

fn bump(v: &mut [u64], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x += 1;
    }
}

/// A fiscal year's table: one row per month (October to September, every month present) and
/// the year's total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearTable {
    pub year: FiscalYear,
    /// (calendar month 1–12, row), in fiscal order.
    pub months: Vec<(u32, StatRow)>,
    pub total: StatRow,
}

/// The table of the cases received in `year`, as they stand on `today`.
pub fn year_table<'a>(
    facts: impl IntoIterator<Item = &'a CaseFact>,
    year: FiscalYear,
    today: NaiveDate,
) -> YearTable {
    let mut months: Vec<(u32, StatRow)> = year
        .months()
        .iter()
        .map(|m| (m.month(), StatRow::empty()))
        .collect();
    let mut total = StatRow::empty();
    for f in facts {
        if !year.contains(f.received) {
            continue;
        }
        if let Some((_, row)) = months.iter_mut().find(|(m, _)| *m == f.received.month()) {
            row.add(f, today);
        }
        total.add(f, today);
    }
    YearTable {
        year,
        months,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_round_trip_and_labels_exist() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(*k));
            assert!(!k.label_th().is_empty() && !k.label_en().is_empty());
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(*c));
        }
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(*s));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.code()), Some(*o));
        }
        assert_eq!(Kind::parse("CORRUPTION"), None);
        assert!(Kind::Corruption.restricted() && !Kind::Suggestion.restricted());
    }

    #[test]
    fn workflow_moves_and_outcomes() {
        use State::*;
        assert!(Received.can_move_to(InProgress));
        assert!(Received.can_move_to(Closed));
        assert!(!InProgress.can_move_to(Received));
        assert!(!Closed.can_move_to(InProgress));
        assert!(!Received.can_move_to(Received));
        let k = Kind::Corruption;
        assert!(Transition::new(k, Received, InProgress, None, "").is_ok());
        assert_eq!(
            Transition::new(k, Received, Closed, None, "สรุปผลการตรวจสอบแล้ว")
                .unwrap_err()
                .field,
            "outcome"
        );
        assert_eq!(
            Transition::new(
                k,
                Received,
                Closed,
                Some(Outcome::Noted),
                "สรุปผลการตรวจสอบแล้ว"
            )
            .unwrap_err()
            .field,
            "outcome",
            "a corruption case is not 'noted'"
        );
        assert_eq!(
            Transition::new(k, InProgress, Closed, Some(Outcome::Substantiated), "สั้น")
                .unwrap_err()
                .field,
            "note"
        );
        let t = Transition::new(
            k,
            InProgress,
            Closed,
            Some(Outcome::Substantiated),
            " ตั้งกรรมการสอบข้อเท็จจริงแล้ว\r\nมีมูล ",
        )
        .unwrap();
        assert_eq!(t.note, "ตั้งกรรมการสอบข้อเท็จจริงแล้ว\nมีมูล");
        assert_eq!(
            Transition::new(k, Received, InProgress, Some(Outcome::Ended), "")
                .unwrap_err()
                .field,
            "outcome"
        );
        assert_eq!(
            Transition::new(k, Closed, InProgress, None, "")
                .unwrap_err()
                .field,
            "state"
        );
        assert!(Outcome::allowed_for(Outcome::Noted, Kind::Suggestion));
        assert!(!Outcome::allowed_for(
            Outcome::Substantiated,
            Kind::Suggestion
        ));
        assert!(Outcome::for_kind(Kind::Complaint).contains(&Outcome::Resolved));
        for k in Kind::ALL {
            assert!(Outcome::for_kind(*k).contains(&Outcome::Referred));
            assert!(Outcome::for_kind(*k).contains(&Outcome::Ended));
        }
    }

    #[test]
    fn deadlines_count_working_days_and_lateness() {
        // Friday 2026-11-27: 3 working days → Wednesday 2 Dec; 15 → Friday 18 Dec
        let fri = d(2026, 11, 27);
        let dl = Kind::Complaint.deadlines();
        assert_eq!(dl.ack_due(fri), d(2026, 12, 2));
        assert_eq!(dl.close_due(fri), d(2026, 12, 18));
        let ack = dl.ack_due(fri);
        let close = dl.close_due(fri);
        assert!(
            !is_late(ack, close, None, None, ack),
            "on the day is on time"
        );
        assert!(
            is_late(ack, close, None, None, d(2026, 12, 3)),
            "not taken up"
        );
        assert!(!is_late(
            ack,
            close,
            Some(d(2026, 12, 1)),
            None,
            d(2026, 12, 10)
        ));
        assert!(is_late(
            ack,
            close,
            Some(d(2026, 12, 1)),
            None,
            d(2026, 12, 21)
        ));
        assert!(is_late(
            ack,
            close,
            Some(d(2026, 12, 1)),
            Some(d(2026, 12, 21)),
            d(2027, 1, 5)
        ));
        assert!(
            !is_late(ack, close, None, Some(d(2026, 12, 1)), d(2027, 1, 5)),
            "closed at once counts as taken up that day"
        );
        assert!(Kind::Corruption.deadlines().close_days > Kind::Complaint.deadlines().close_days);
    }

    #[test]
    fn receipt_codes() {
        let c = ReceiptCode::from_random([0xA5; 16]);
        assert_eq!(c.as_str().len(), 25);
        assert_eq!(c.grouped().len(), 29);
        assert_eq!(ReceiptCode::parse(&c.grouped()).unwrap(), c);
        assert_eq!(
            ReceiptCode::parse(&c.grouped().to_lowercase().replace('-', " ")).unwrap(),
            c
        );
        // 125 bits: the top three bits of the 128 drawn do not matter, every other bit does
        let mut b = [0u8; 16];
        let zero = ReceiptCode::from_random(b);
        b[0] = 0xE0;
        assert_eq!(ReceiptCode::from_random(b), zero);
        b[0] = 0x10;
        assert_ne!(ReceiptCode::from_random(b), zero);
        b = [0u8; 16];
        b[15] = 1;
        assert_ne!(ReceiptCode::from_random(b), zero);
        const { assert!(ReceiptCode::BITS >= 120) };
        // O, I, L and Thai digits are read as digits
        let p = ReceiptCode::parse("OIL๑๒ 00000-00000-00000-00000").unwrap();
        assert_eq!(p.as_str(), "0111200000000000000000000");
        for bad in [
            "",
            "ABCD",
            "UUUUU-UUUUU-UUUUU-UUUUU-UUUUU",
            "กกกกก-00000-00000-00000-00000",
            &"0".repeat(26),
            &"0".repeat(10_000),
        ] {
            assert_eq!(
                ReceiptCode::parse(bad).unwrap_err().field,
                "code",
                "{bad:.30}"
            );
        }
        assert_eq!(c.lookup_key().len(), 64);
        assert_ne!(c.lookup_key(), zero.lookup_key());
        assert!(!format!("{c:?}").contains(&c.as_str()[..20]));
        assert!(hash_eq(&c.lookup_key(), &c.lookup_key()));
        assert!(!hash_eq(&c.lookup_key(), &zero.lookup_key()));
        assert!(!hash_eq("ab", "abc"));
        // an e-Service tracking code is not a receipt code
        assert!(ReceiptCode::parse("7K3M-Q9XD-2HBA-W5RT").is_err());
    }

    fn keys(e: &[FieldError]) -> Vec<&str> {
        e.iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn submissions() {
        let s = Submission::parse(
            "corruption",
            " เรียกรับเงินใต้โต๊ะ ",
            "เจ้าหน้าที่เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง\r\nเมื่อวันที่ ๑ พ.ย.",
            true,
            ["ไม่ควรเก็บ", "0812345678", "", ""],
        )
        .unwrap();
        assert_eq!(s.kind, Kind::Corruption);
        assert_eq!(s.subject, "เรียกรับเงินใต้โต๊ะ");
        assert!(s.details.contains('\n') && !s.details.contains('\r'));
        assert_eq!(s.contact, None, "anonymous: contact fields are dropped");

        let s = Submission::parse(
            "complaint",
            "ถนนชำรุด",
            "ถนนหน้าบ้านเป็นหลุมลึกมาสามเดือนแล้ว",
            false,
            ["นางสาว ข", "๐๘๑-๒๓๔-๕๖๗๘", "", ""],
        )
        .unwrap();
        let c = s.contact.unwrap();
        assert_eq!(c.phone.as_deref(), Some("0812345678"));
        assert_eq!(c.name, "นางสาว ข");

        let e = Submission::parse("x", "", "สั้น", false, ["", "", "", ""]).unwrap_err();
        assert_eq!(keys(&e), vec!["kind", "subject", "details", "name"]);
        let e = Submission::parse(
            "complaint",
            "ก".repeat(201).as_str(),
            "ข".repeat(10_001).as_str(),
            false,
            ["ชื่อ", "", "", ""],
        )
        .unwrap_err();
        assert_eq!(keys(&e), vec!["subject", "details", "contact"]);
        assert!(e[0].th.contains("๒๐๐"), "{}", e[0].th);
        let e = Submission::parse(
            "complaint",
            "หัวเรื่อง\nสองบรรทัด",
            "รายละเอียดที่ยาวพอสมควร\u{202E}",
            false,
            ["ชื่อ", "123", "not-an-email", ""],
        )
        .unwrap_err();
        assert_eq!(keys(&e), vec!["subject", "details", "phone", "email"]);
        // HTML is text here (escaped when shown), not refused
        let s = Submission::parse(
            "suggestion",
            "<b>ข้อเสนอ</b>",
            "<script>alert(1)</script> ควรมีป้ายบอกทาง",
            true,
            ["", "", "", ""],
        )
        .unwrap();
        assert_eq!(s.subject, "<b>ข้อเสนอ</b>");
        assert!(parse_message("  ").is_err());
        assert!(parse_message(&"ก".repeat(MAX_MESSAGE_CHARS + 1)).is_err());
        assert_eq!(parse_message(" ขอบคุณ ").unwrap(), "ขอบคุณ");
    }

    fn fact(
        kind: Kind,
        channel: Channel,
        received: NaiveDate,
        closed: Option<(NaiveDate, Outcome)>,
    ) -> CaseFact {
        let dl = kind.deadlines();
        CaseFact {
            kind,
            channel,
            state: if closed.is_some() {
                State::Closed
            } else {
                State::Received
            },
            outcome: closed.map(|c| c.1),
            received,
            ack_due: dl.ack_due(received),
            close_due: dl.close_due(received),
            acknowledged: closed.map(|_| received),
            closed: closed.map(|c| c.0),
        }
    }

    #[test]
    fn year_table_counts_by_month_kind_channel_outcome() {
        let year = FiscalYear::new(2570).unwrap(); // 1 Oct 2026 – 30 Sep 2027
        let facts = vec![
            fact(
                Kind::Corruption,
                Channel::Online,
                d(2026, 10, 5),
                Some((d(2026, 10, 15), Outcome::Substantiated)),
            ),
            fact(
                Kind::Corruption,
                Channel::Phone,
                d(2026, 10, 20),
                Some((d(2026, 10, 24), Outcome::Unsubstantiated)),
            ),
            fact(
                Kind::Complaint,
                Channel::Letter,
                d(2026, 11, 2),
                Some((d(2026, 11, 9), Outcome::Resolved)),
            ),
            fact(Kind::Suggestion, Channel::Online, d(2027, 3, 1), None),
            // previous year: not counted
            fact(Kind::Complaint, Channel::Online, d(2026, 9, 30), None),
        ];
        let t = year_table(&facts, year, d(2027, 3, 2));
        assert_eq!(t.months.len(), 12);
        assert_eq!(t.months[0].0, 10, "October first");
        assert_eq!(t.months[11].0, 9);
        let oct = &t.months[0].1;
        assert_eq!(oct.received, 2);
        assert_eq!(oct.kind(Kind::Corruption), 2);
        assert_eq!(oct.channel(Channel::Phone), 1);
        assert_eq!(oct.outcome(Outcome::Substantiated), 1);
        assert_eq!(oct.mean_days(), Some(7.0)); // 10 and 4 days
        assert_eq!(oct.median_days(), Some(7.0));
        let tot = &t.total;
        assert_eq!(tot.received, 4);
        assert_eq!(tot.closed(), 3);
        assert_eq!(tot.open(), 1);
        assert_eq!(tot.kind(Kind::Suggestion), 1);
        assert_eq!(tot.channel(Channel::Online), 2);
        assert_eq!(tot.outcome(Outcome::Resolved), 1);
        // days 10, 4, 7 → mean 7, median 7
        assert_eq!(tot.mean_days(), Some(7.0));
        assert_eq!(tot.median_days(), Some(7.0));
        assert_eq!(tot.late, 0);
        // the open suggestion is late once its acknowledgement day has passed
        let later = year_table(&facts, year, d(2027, 4, 1));
        assert_eq!(later.total.late, 1);
        assert_eq!(t.months[5].1.received, 1, "March");
        assert_eq!(t.months[1].1.mean_days(), Some(7.0), "November");
        assert_eq!(t.months[2].1.mean_days(), None);
    }
}

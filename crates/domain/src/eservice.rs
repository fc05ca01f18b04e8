//! e-Service (บริการออนไลน์): the agency's service forms as data, what a citizen submits against
//! them, contact details for replies, tracking codes, the request workflow with its working-day
//! deadline, and the building blocks of the service statistics (สถิติการให้บริการ).
//!
//! Everything here is pure: the store keeps form definitions and answers as JSON, the web layer
//! turns form posts into `(key, value)` pairs; both call in here to decide what is acceptable.
//!
//! * [`FormDef`] — the fields and required documents of one service, written by the agency
//!   admin, read with [`FormDef::parse_json`] (every problem reported at once, as
//!   [`FieldError`]s).
//! * [`FormDef::parse_submission`] — a citizen's form pairs into typed [`Answers`].
//! * [`Contact`] — a phone number and/or e-mail address for replies ([`parse_phone`],
//!   [`parse_email`]).
//! * [`TrackingCode`] — 80 random bits shown as `XXXX-XXXX-XXXX-XXXX` (Crockford base32),
//!   forgiving to type, compared in constant time, looked up by its SHA-256.
//! * [`RequestState`], [`Transition`], [`due_date`], [`is_late`] — where a request stands.
//! * [`Channel`], [`StatPeriod`], [`RequestFact`], [`StatRow`], [`aggregate`] — the statistics.
//!
//! Text limits count Unicode code points, as everywhere in Prongsai.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::calendar::{
    format_date_en, format_date_th, parse_date, to_ascii_digits, to_thai_digits, DateStyle, Digits,
    FiscalYear, Period, PeriodKind, PeriodUnit,
};
use crate::error::InputError;
use crate::i18n::Lang;

// ---------------------------------------------------------------------------------------------
// Errors with a dynamic key
// ---------------------------------------------------------------------------------------------

/// A refused value of a form whose fields are data (a service form, a survey), so the key is
/// a string rather than [`InputError`]'s `&'static str`. Carries a Thai and an English message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{key}: {en}")]
pub struct FieldError {
    /// The field (or question) key the message belongs next to. Problems of a whole
    /// definition use [`FORM_KEY`] or [`DOCUMENTS_KEY`]; a field whose own key is unusable is
    /// named `fields[N]` (1-based).
    pub key: String,
    /// The message in Thai (Thai digits).
    pub th: String,
    /// The message in English.
    pub en: String,
}

impl FieldError {
    /// An error for `key` with both messages.
    pub fn new(key: impl Into<String>, th: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            th: th.into(),
            en: en.into(),
        }
    }

    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Th => &self.th,
            Lang::En => &self.en,
        }
    }
}

impl From<InputError> for FieldError {
    fn from(e: InputError) -> Self {
        Self {
            key: e.field.to_owned(),
            th: e.th.into_owned(),
            en: e.en.into_owned(),
        }
    }
}

/// The key of errors about a whole definition (too large, not JSON, too many fields).
pub const FORM_KEY: &str = "form";
/// The key of errors about the list of required documents.
pub const DOCUMENTS_KEY: &str = "documents";

/// A number in Thai digits, for Thai messages.
pub(crate) fn th_num(n: impl fmt::Display) -> String {
    to_thai_digits(&n.to_string())
}

// ---------------------------------------------------------------------------------------------
// Text cleaning shared by forms and surveys
// ---------------------------------------------------------------------------------------------

/// Characters that reorder text on screen (bidirectional overrides and isolates). They are
/// refused in every text, so what staff read is what the citizen typed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A citizen's free text: line ends normalised to `\n` (browsers send `\r\n` from text
/// areas), tabs turned into spaces, trimmed; then refused if it holds control characters
/// (a newline is allowed only when `multiline`) or bidirectional overrides, or if it is longer
/// than `max` characters. May return an empty string.
pub(crate) fn clean_text(
    key: &str,
    input: &str,
    max: usize,
    multiline: bool,
) -> Result<String, FieldError> {
    let normalised: String = if multiline {
        input.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        input.to_owned()
    }
    .replace('\t', " ");
    let s = normalised.trim();
    if s.chars()
        .any(|c| (c.is_control() && !(multiline && c == '\n')) || is_bidi_control(c))
    {
        return Err(if multiline {
            FieldError::new(
                key,
                "ข้อความมีอักขระควบคุมที่ไม่อนุญาต",
                "The text contains control characters",
            )
        } else {
            FieldError::new(
                key,
                "ข้อความต้องอยู่ในบรรทัดเดียวและไม่มีอักขระควบคุม",
                "The text must be on one line, without control characters",
            )
        });
    }
    let n = s.chars().count();
    if n > max {
        return Err(FieldError::new(
            key,
            format!(
                "ข้อความยาวเกิน {} ตัวอักษร (ยาว {} ตัวอักษร)",
                th_num(max),
                th_num(n)
            ),
            format!("The text is longer than {max} characters ({n})"),
        ));
    }
    Ok(s.to_owned())
}

/// Whether `key` is 1–[`MAX_KEY_CHARS`] characters of `a-z`, `0-9` and `_`.
pub fn is_valid_key(key: &str) -> bool {
    (1..=MAX_KEY_CHARS).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The longest field or question key.
pub const MAX_KEY_CHARS: usize = 32;

/// Collects the problems of one definition text (a label, a help text, an option).
pub(crate) struct DefChecker {
    pub(crate) errors: Vec<FieldError>,
}

impl DefChecker {
    pub(crate) fn new() -> Self {
        Self { errors: Vec::new() }
    }

    /// A label-like text of a definition: one line, at most `max` characters, and not empty
    /// when `required`. `what` names it in both languages.
    pub(crate) fn text(
        &mut self,
        key: &str,
        what: (&str, &str),
        value: &str,
        max: usize,
        required: bool,
    ) {
        if required && value.trim().is_empty() {
            self.errors.push(FieldError::new(
                key,
                format!("ยังไม่ได้กรอก{}", what.0),
                format!("The {} is missing", what.1),
            ));
            return;
        }
        if let Err(e) = clean_text(key, value, max, false) {
            self.errors.push(FieldError::new(
                key,
                format!("{}: {}", what.0, e.th),
                format!("{}: {}", what.1, e.en),
            ));
        }
    }

    /// The key of entry `index` (0-based): the key itself when usable and not seen before,
    /// `fields[N]` otherwise (the problem is recorded). Returns the name to report under.
    pub(crate) fn key(
        &mut self,
        list: &str,
        index: usize,
        key: &str,
        seen: &mut HashSet<String>,
    ) -> String {
        let position = format!("{list}[{}]", index + 1);
        if !is_valid_key(key) {
            self.errors.push(FieldError::new(
                &position,
                format!(
                    "ลำดับที่ {}: รหัสช่อง “{}” ต้องเป็นอักษรภาษาอังกฤษตัวเล็ก ตัวเลข หรือ _ ยาว ๑–{} ตัว",
                    th_num(index + 1),
                    excerpt(key),
                    th_num(MAX_KEY_CHARS)
                ),
                format!(
                    "Entry {}: the key “{}” must be 1–{MAX_KEY_CHARS} characters of a–z, 0–9 or _",
                    index + 1,
                    excerpt(key)
                ),
            ));
            return position;
        }
        if !seen.insert(key.to_owned()) {
            self.errors.push(FieldError::new(
                key,
                format!("รหัสช่อง “{key}” ซ้ำกับช่องก่อนหน้า"),
                format!("The key “{key}” is used twice"),
            ));
            return position;
        }
        key.to_owned()
    }

    pub(crate) fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// At most 40 characters of `s`, for messages.
fn excerpt(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .take(40)
        .collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Reads a definition's JSON text: refuses more than `max_bytes` and reports serde's message.
pub(crate) fn parse_def_json<T: serde::de::DeserializeOwned>(
    json: &str,
    max_bytes: usize,
    what: (&str, &str),
) -> Result<T, Vec<FieldError>> {
    let (what_th, what_en) = what;
    if !json.trim_start().starts_with('{') {
        return Err(vec![FieldError::new(
            FORM_KEY,
            format!("ข้อมูล{what_th}ต้องเป็นออบเจกต์ JSON ({{ … }})"),
            format!("The {what_en} must be a JSON object ({{ … }})"),
        )]);
    }
    if json.len() > max_bytes {
        return Err(vec![FieldError::new(
            FORM_KEY,
            format!("ข้อมูล{}ใหญ่เกิน {} KiB", what_th, th_num(max_bytes / 1024)),
            format!("The {what_en} is larger than {} KiB", max_bytes / 1024),
        )]);
    }
    serde_json::from_str(json).map_err(|e| {
        vec![FieldError::new(
            FORM_KEY,
            format!("รูปแบบข้อมูล{what_th} (JSON) ไม่ถูกต้อง: {e}"),
            format!("The {what_en} is not valid JSON of the expected shape: {e}"),
        )]
    })
}

// ---------------------------------------------------------------------------------------------
// Form definitions
// ---------------------------------------------------------------------------------------------

/// The most fields a service form may have.
pub const MAX_FIELDS: usize = 40;
/// The most options of a choice field.
pub const MAX_CHOICE_OPTIONS: usize = 50;
/// The largest `max_len` a text field may set.
pub const MAX_FIELD_LEN: u32 = 5000;
/// The largest form definition, in bytes of JSON.
pub const MAX_FORM_JSON_BYTES: usize = 64 * 1024;
/// The most required documents of a service.
pub const MAX_DOCUMENTS: usize = 30;
/// The longest label (Thai or English) or choice option, in characters.
pub const MAX_LABEL_CHARS: usize = 200;
/// The longest help text or document name, in characters.
pub const MAX_HELP_CHARS: usize = 1000;
/// The default `max_len` of a [`FieldKind::Text`] field.
pub const DEFAULT_TEXT_LEN: u32 = 200;
/// The default `max_len` of a [`FieldKind::LongText`] field.
pub const DEFAULT_LONG_TEXT_LEN: u32 = 2000;
/// The longest photo upload token accepted.
pub const MAX_PHOTO_TOKEN_CHARS: usize = 256;

/// What a field asks for.
///
/// Serialised with a `type` tag: `{"type": "text"}`, `{"type": "choice", "options": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawFieldKind", into = "RawFieldKind")]
pub enum FieldKind {
    /// One line of text (default at most [`DEFAULT_TEXT_LEN`] characters).
    Text,
    /// Several lines (default at most [`DEFAULT_LONG_TEXT_LEN`] characters).
    LongText,
    /// A number; Thai digits, a sign, thousands commas and decimals accepted.
    Number,
    /// A date: `1/10/2569` (BE), `2026-10-01`, `๑ ต.ค. ๒๕๖๙`, … (see
    /// [`parse_date`]).
    Date,
    /// One of the given options.
    Choice {
        /// The options, shown in this order; the answer is one of them exactly.
        options: Vec<String>,
    },
    /// A Thai phone number ([`parse_phone`]).
    Phone,
    /// An e-mail address ([`parse_email`]).
    Email,
    /// A photo: the value is the opaque token of an upload the web layer has already checked.
    Photo,
    /// A map location `lat,lon` within Thailand ([`GeoPoint::parse`]).
    Location,
    /// A tick box: checked or not (a required one must be checked, e.g. a declaration).
    Checkbox,
}

/// The codes of the field kinds, in the order an editor offers them.
pub const FIELD_KIND_CODES: [&str; 10] = [
    "text",
    "long_text",
    "number",
    "date",
    "choice",
    "phone",
    "email",
    "photo",
    "location",
    "checkbox",
];

/// The JSON shape of a [`FieldKind`]: serde's internally tagged enums do not refuse unknown
/// properties, so `{"type": "text", "options": […]}` would pass silently.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFieldKind {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    options: Option<Vec<String>>,
}

impl TryFrom<RawFieldKind> for FieldKind {
    type Error = String;
    fn try_from(raw: RawFieldKind) -> Result<Self, Self::Error> {
        let is_choice = raw.kind == "choice";
        match (is_choice, raw.options) {
            (true, None) => Err("a choice field needs \"options\"".to_owned()),
            (false, Some(_)) => Err(format!(
                "\"options\" belong to choice fields, not to \"{}\"",
                raw.kind
            )),
            (_, options) => FieldKind::from_code(&raw.kind, options.unwrap_or_default())
                .ok_or_else(|| {
                    format!(
                        "unknown field type \"{}\" (one of {})",
                        raw.kind,
                        FIELD_KIND_CODES.join(", ")
                    )
                }),
        }
    }
}

impl From<FieldKind> for RawFieldKind {
    fn from(k: FieldKind) -> Self {
        let kind = k.code().to_owned();
        let options = match k {
            FieldKind::Choice { options } => Some(options),
            _ => None,
        };
        Self { kind, options }
    }
}

impl FieldKind {
    /// The kind's code, as in its JSON `type`: `text`, `long_text`, `choice`, …
    pub fn code(&self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::LongText => "long_text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Choice { .. } => "choice",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Photo => "photo",
            Self::Location => "location",
            Self::Checkbox => "checkbox",
        }
    }

    /// The kind of a code; a choice starts with the given options.
    pub fn from_code(code: &str, options: Vec<String>) -> Option<Self> {
        Some(match code {
            "text" => Self::Text,
            "long_text" => Self::LongText,
            "number" => Self::Number,
            "date" => Self::Date,
            "choice" => Self::Choice { options },
            "phone" => Self::Phone,
            "email" => Self::Email,
            "photo" => Self::Photo,
            "location" => Self::Location,
            "checkbox" => Self::Checkbox,
            _ => return None,
        })
    }

    /// Thai name for the form editor.
    pub fn label_th(&self) -> &'static str {
        match self {
            Self::Text => "ข้อความสั้น",
            Self::LongText => "ข้อความยาว",
            Self::Number => "ตัวเลข",
            Self::Date => "วันที่",
            Self::Choice { .. } => "ตัวเลือก",
            Self::Phone => "หมายเลขโทรศัพท์",
            Self::Email => "อีเมล",
            Self::Photo => "รูปถ่าย",
            Self::Location => "ตำแหน่งบนแผนที่",
            Self::Checkbox => "ช่องทำเครื่องหมาย",
        }
    }

    /// English name for the form editor.
    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Text => "short text",
            Self::LongText => "long text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Choice { .. } => "choice",
            Self::Phone => "phone number",
            Self::Email => "e-mail",
            Self::Photo => "photo",
            Self::Location => "map location",
            Self::Checkbox => "tick box",
        }
    }

    /// Whether `max_len` applies (text kinds only).
    pub fn has_max_len(&self) -> bool {
        matches!(self, Self::Text | Self::LongText)
    }
}

/// One field of a service form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Stable key: 1–32 characters of `a-z`, `0-9`, `_`; unique within the form.
    pub key: String,
    /// The label shown to citizens (required).
    pub label_th: String,
    /// English label; the Thai one is shown when empty.
    #[serde(default)]
    pub label_en: String,
    /// What the field asks for.
    pub kind: FieldKind,
    /// Whether an answer is required (for a tick box: that it is ticked).
    #[serde(default)]
    pub required: bool,
    /// The most characters of a text field (1–[`MAX_FIELD_LEN`]); text kinds only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    /// Help shown under the field, in Thai.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_th: Option<String>,
    /// Help in English; the Thai help is shown when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_en: Option<String>,
}

impl FieldDef {
    /// A field with the given key, Thai label and kind; English label empty, optional, no
    /// help, default length.
    pub fn new(key: &str, label_th: &str, kind: FieldKind) -> Self {
        Self {
            key: key.to_owned(),
            label_th: label_th.to_owned(),
            label_en: String::new(),
            kind,
            required: false,
            max_len: None,
            help_th: None,
            help_en: None,
        }
    }

    /// The label in `lang` (English falls back to Thai).
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.label_en.trim().is_empty() => &self.label_en,
            _ => &self.label_th,
        }
    }

    /// The help text in `lang` (English falls back to Thai).
    pub fn help(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.help_en.as_deref().or(self.help_th.as_deref()),
            Lang::Th => self.help_th.as_deref(),
        }
    }

    /// The most characters an answer may have: `max_len` or the kind's default (for non-text
    /// kinds, the fixed limit of their format).
    pub fn max_chars(&self) -> usize {
        let fixed = match self.kind {
            FieldKind::Text => self.max_len.unwrap_or(DEFAULT_TEXT_LEN),
            FieldKind::LongText => self.max_len.unwrap_or(DEFAULT_LONG_TEXT_LEN),
            FieldKind::Number => 40,
            FieldKind::Date => 60,
            FieldKind::Choice { .. } => MAX_LABEL_CHARS as u32,
            FieldKind::Phone => 40,
            FieldKind::Email => MAX_EMAIL_CHARS as u32,
            FieldKind::Photo => MAX_PHOTO_TOKEN_CHARS as u32,
            FieldKind::Location => 64,
            FieldKind::Checkbox => 16,
        };
        fixed as usize
    }

    fn normalise(&mut self) {
        self.key = self.key.trim().to_owned();
        self.label_th = self.label_th.trim().to_owned();
        self.label_en = self.label_en.trim().to_owned();
        for help in [&mut self.help_th, &mut self.help_en] {
            *help = help
                .as_deref()
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .map(str::to_owned);
        }
        if let FieldKind::Choice { options } = &mut self.kind {
            for o in options.iter_mut() {
                *o = o.trim().to_owned();
            }
        }
    }
}

/// The form of one service: its fields in order, and the documents the citizen must bring or
/// attach (shown as a list; not checked here).
///
/// Stored as JSON; read it with [`parse_json`](Self::parse_json), which normalises (trims)
/// and validates.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDef {
    /// The fields, in display order.
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    /// Required documents (เอกสารที่ต้องใช้), one per entry, in Thai.
    #[serde(default)]
    pub documents: Vec<String>,
}

impl FormDef {
    /// Reads and validates a form definition: at most [`MAX_FORM_JSON_BYTES`] of JSON of this
    /// type's shape (unknown properties refused), texts trimmed, then [`validate`](Self::validate).
    /// Every problem is reported.
    pub fn parse_json(json: &str) -> Result<FormDef, Vec<FieldError>> {
        let mut def: FormDef =
            parse_def_json(json, MAX_FORM_JSON_BYTES, ("แบบฟอร์ม", "form definition"))?;
        def.normalise();
        def.validate()?;
        Ok(def)
    }

    /// The definition as JSON (as stored).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn normalise(&mut self) {
        for f in &mut self.fields {
            f.normalise();
        }
        for d in &mut self.documents {
            *d = d.trim().to_owned();
        }
    }

    /// Checks a definition: at most [`MAX_FIELDS`] fields with valid, unique keys; a Thai
    /// label on each; labels and options at most [`MAX_LABEL_CHARS`], help texts at most
    /// [`MAX_HELP_CHARS`] characters, all on one line; `max_len` 1–[`MAX_FIELD_LEN`] and only
    /// on text fields; a choice has 1–[`MAX_CHOICE_OPTIONS`] distinct, non-empty options; at
    /// most [`MAX_DOCUMENTS`] non-empty documents.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = DefChecker::new();
        if self.fields.len() > MAX_FIELDS {
            c.errors.push(FieldError::new(
                FORM_KEY,
                format!(
                    "แบบฟอร์มมีได้ไม่เกิน {} ช่อง (มี {} ช่อง)",
                    th_num(MAX_FIELDS),
                    th_num(self.fields.len())
                ),
                format!(
                    "A form has at most {MAX_FIELDS} fields ({} given)",
                    self.fields.len()
                ),
            ));
        }
        let mut seen = HashSet::new();
        for (i, f) in self.fields.iter().enumerate() {
            let key = c.key("fields", i, &f.key, &mut seen);
            c.text(
                &key,
                ("ชื่อช่องภาษาไทย", "Thai label"),
                &f.label_th,
                MAX_LABEL_CHARS,
                true,
            );
            c.text(
                &key,
                ("ชื่อช่องภาษาอังกฤษ", "English label"),
                &f.label_en,
                MAX_LABEL_CHARS,
                false,
            );
            for (help, what) in [
                (&f.help_th, ("คำอธิบายภาษาไทย", "Thai help")),
                (&f.help_en, ("คำอธิบายภาษาอังกฤษ", "English help")),
            ] {
                if let Some(h) = help {
                    c.text(&key, what, h, MAX_HELP_CHARS, false);
                }
            }
            match f.max_len {
                Some(n) if !f.kind.has_max_len() => c.errors.push(FieldError::new(
                    &key,
                    format!(
                        "กำหนดความยาวสูงสุดได้เฉพาะช่องข้อความ (ช่องนี้เป็น{}, กำหนดไว้ {})",
                        f.kind.label_th(),
                        th_num(n)
                    ),
                    format!(
                        "A maximum length applies to text fields only (this is a {} field)",
                        f.kind.label_en()
                    ),
                )),
                Some(n) if n == 0 || n > MAX_FIELD_LEN => c.errors.push(FieldError::new(
                    &key,
                    format!(
                        "ความยาวสูงสุดต้องอยู่ระหว่าง ๑–{} ตัวอักษร (กำหนดไว้ {})",
                        th_num(MAX_FIELD_LEN),
                        th_num(n)
                    ),
                    format!("The maximum length must be 1–{MAX_FIELD_LEN} characters ({n} given)"),
                )),
                _ => {}
            }
            if let FieldKind::Choice { options } = &f.kind {
                check_options(&mut c, &key, options);
            }
        }
        if self.documents.len() > MAX_DOCUMENTS {
            c.errors.push(FieldError::new(
                DOCUMENTS_KEY,
                format!(
                    "ระบุเอกสารที่ต้องใช้ได้ไม่เกิน {} รายการ (มี {} รายการ)",
                    th_num(MAX_DOCUMENTS),
                    th_num(self.documents.len())
                ),
                format!(
                    "At most {MAX_DOCUMENTS} required documents ({} given)",
                    self.documents.len()
                ),
            ));
        }
        for (i, d) in self.documents.iter().enumerate() {
            c.text(
                DOCUMENTS_KEY,
                (
                    &format!("เอกสารรายการที่ {}", th_num(i + 1)),
                    &format!("document {}", i + 1),
                ),
                d,
                MAX_HELP_CHARS,
                true,
            );
        }
        c.finish()
    }

    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Whether the form asks for a photo (the page then offers an upload).
    pub fn has_photo(&self) -> bool {
        self.fields.iter().any(|f| f.kind == FieldKind::Photo)
    }

    /// Whether the form asks for a map location (the page then shows a map).
    pub fn has_location(&self) -> bool {
        self.fields.iter().any(|f| f.kind == FieldKind::Location)
    }

    /// Checks a citizen's submission against the form and returns the typed answers, in the
    /// form's field order; every problem is reported, each under its field's key.
    ///
    /// * Pairs whose key is not a field are ignored (CSRF token, contact, honeypot, …).
    /// * A field given twice is refused, except a tick box, which is ticked if any of its
    ///   values is (`on`, `1`, `true`, `yes`; `""`, `0`, `false`, `off`, `no` are unticked).
    /// * Values are trimmed; an empty optional field is left out of the answers; a tick box is
    ///   always answered (`false` when absent).
    /// * Text: one line, no control characters; long text: newlines allowed (`\r\n` becomes
    ///   `\n`); tabs become spaces; at most [`FieldDef::max_chars`] characters.
    /// * Number ([`parse_number`]), date ([`parse_date`]: BE or Gregorian, Thai digits),
    ///   choice (one of the options exactly), phone ([`parse_phone`]), e-mail
    ///   ([`parse_email`]), location ([`GeoPoint::parse`]), photo (an upload token, at most
    ///   [`MAX_PHOTO_TOKEN_CHARS`] characters without spaces).
    pub fn parse_submission(&self, pairs: &[(String, String)]) -> Result<Answers, Vec<FieldError>> {
        let given = values_by_key(self.fields.iter().map(|f| f.key.as_str()), pairs);
        let mut answers = Vec::new();
        let mut errors = Vec::new();
        for f in &self.fields {
            let values = given.get(f.key.as_str()).map_or(&[][..], Vec::as_slice);
            match parse_value(f, values) {
                Ok(Some(value)) => answers.push(Answer {
                    key: f.key.clone(),
                    value,
                }),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Answers(answers))
        } else {
            Err(errors)
        }
    }
}

fn check_options(c: &mut DefChecker, key: &str, options: &[String]) {
    if options.is_empty() || options.len() > MAX_CHOICE_OPTIONS {
        c.errors.push(FieldError::new(
            key,
            format!(
                "ช่องตัวเลือกต้องมีตัวเลือก ๑–{} รายการ (มี {} รายการ)",
                th_num(MAX_CHOICE_OPTIONS),
                th_num(options.len())
            ),
            format!(
                "A choice field needs 1–{MAX_CHOICE_OPTIONS} options ({} given)",
                options.len()
            ),
        ));
    }
    let mut seen = HashSet::new();
    for (i, o) in options.iter().enumerate().take(MAX_CHOICE_OPTIONS + 1) {
        c.text(
            key,
            (
                &format!("ตัวเลือกที่ {}", th_num(i + 1)),
                &format!("option {}", i + 1),
            ),
            o,
            MAX_LABEL_CHARS,
            true,
        );
        if !o.is_empty() && !seen.insert(o.as_str()) {
            c.errors.push(FieldError::new(
                key,
                format!("ตัวเลือก “{}” ซ้ำกัน", excerpt(o)),
                format!("The option “{}” is listed twice", excerpt(o)),
            ));
        }
    }
}

fn required_error(f: &FieldDef) -> FieldError {
    let (th, en) = match f.kind {
        FieldKind::Choice { .. } => ("กรุณาเลือกหนึ่งตัวเลือก", "Please choose one option"),
        FieldKind::Photo => ("กรุณาแนบรูปถ่าย", "Please attach a photo"),
        FieldKind::Location => ("กรุณาระบุตำแหน่งบนแผนที่", "Please mark the location on the map"),
        FieldKind::Checkbox => ("กรุณาทำเครื่องหมายในช่องนี้", "Please tick this box"),
        _ => ("กรุณากรอกข้อมูลช่องนี้", "This field is required"),
    };
    FieldError::new(&f.key, th, en)
}

fn checkbox_value(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "1" | "true" | "yes" => Some(true),
        "" | "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn parse_value(f: &FieldDef, values: &[&str]) -> Result<Option<AnswerValue>, FieldError> {
    let key = f.key.as_str();
    if f.kind == FieldKind::Checkbox {
        let mut checked = false;
        for v in values {
            checked |= checkbox_value(v).ok_or_else(|| {
                FieldError::new(key, "ค่าของช่องทำเครื่องหมายไม่ถูกต้อง", "Invalid tick-box value")
            })?;
        }
        if f.required && !checked {
            return Err(required_error(f));
        }
        return Ok(Some(AnswerValue::Checkbox(checked)));
    }
    let raw = match values {
        [] => "",
        [one] => one,
        _ => {
            return Err(FieldError::new(
                key,
                "ช่องนี้ถูกส่งมามากกว่าหนึ่งค่า",
                "This field was sent more than once",
            ))
        }
    };
    if raw.trim().is_empty() {
        return if f.required {
            Err(required_error(f))
        } else {
            Ok(None)
        };
    }
    let max = f.max_chars();
    let value = match &f.kind {
        FieldKind::Text => AnswerValue::Text(clean_text(key, raw, max, false)?),
        FieldKind::LongText => AnswerValue::LongText(clean_text(key, raw, max, true)?),
        FieldKind::Number => {
            let s = clean_text(key, raw, max, false)?;
            AnswerValue::Number(parse_number(&s).ok_or_else(|| {
                FieldError::new(
                    key,
                    "กรุณากรอกเป็นตัวเลข เช่น ๑๒๕ หรือ ๑,๒๕๐.๕๐",
                    "Please enter a number, e.g. 125 or 1,250.50",
                )
            })?)
        }
        FieldKind::Date => {
            let s = clean_text(key, raw, max, false)?;
            AnswerValue::Date(
                parse_date(&s).map_err(|e| FieldError::new(key, e.message_th(), e.message_en()))?,
            )
        }
        FieldKind::Choice { options } => {
            let s = raw.trim();
            match options.iter().find(|o| o.as_str() == s) {
                Some(o) => AnswerValue::Choice(o.clone()),
                None => {
                    return Err(FieldError::new(
                        key,
                        "กรุณาเลือกจากตัวเลือกที่มีให้",
                        "Please choose one of the options given",
                    ))
                }
            }
        }
        FieldKind::Phone => AnswerValue::Phone(phone_for(key, raw)?),
        FieldKind::Email => AnswerValue::Email(email_for(key, raw)?),
        FieldKind::Photo => {
            let s = raw.trim();
            if s.chars().count() > MAX_PHOTO_TOKEN_CHARS
                || s.chars()
                    .any(|c| c.is_whitespace() || c.is_control() || is_bidi_control(c))
            {
                return Err(FieldError::new(
                    key,
                    "ข้อมูลรูปถ่ายที่แนบไม่ถูกต้อง กรุณาแนบใหม่",
                    "The attached photo is not valid; please attach it again",
                ));
            }
            AnswerValue::Photo(s.to_owned())
        }
        FieldKind::Location => AnswerValue::Location(GeoPoint::parse_for(key, raw)?),
        FieldKind::Checkbox => return Ok(Some(AnswerValue::Checkbox(true))),
    };
    Ok(Some(value))
}

/// The values posted for each of `keys` (a key may come more than once); other keys are
/// ignored. Shared by service forms and surveys.
pub(crate) fn values_by_key<'a>(
    keys: impl Iterator<Item = &'a str>,
    pairs: &'a [(String, String)],
) -> HashMap<&'a str, Vec<&'a str>> {
    let keys: HashSet<&str> = keys.collect();
    let mut given: HashMap<&str, Vec<&str>> = HashMap::new();
    for (k, v) in pairs {
        if let Some(key) = keys.get(k.as_str()) {
            given.entry(*key).or_default().push(v.as_str());
        }
    }
    given
}

/// Reads a number as people type it: Thai or ASCII digits, an optional sign, thousands
/// commas in groups of three (`1,250`), an optional decimal part (`0.5`); at most 15 digits.
/// Exponents, `NaN` and `inf` are refused. `-0` reads as `0`.
pub fn parse_number(input: &str) -> Option<f64> {
    parse_decimal(input, true)
}

fn parse_decimal(input: &str, commas: bool) -> Option<f64> {
    let s = to_ascii_digits(input.trim());
    let (negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let int_digits: String = if commas && int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        if !digits(first) || first.len() > 3 {
            return None;
        }
        let mut all = first.to_owned();
        for g in groups {
            if g.len() != 3 || !digits(g) {
                return None;
            }
            all.push_str(g);
        }
        all
    } else if digits(int) {
        int.to_owned()
    } else {
        return None;
    };
    if let Some(f) = frac {
        if !digits(f) {
            return None;
        }
    }
    if int_digits.len() + frac.map_or(0, str::len) > 15 {
        return None;
    }
    let text = match frac {
        Some(f) => format!("{int_digits}.{f}"),
        None => int_digits,
    };
    let v: f64 = text.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if negative && v != 0.0 { -v } else { v })
}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

/// A point on the map, within Thailand (see [`GeoPoint::parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

impl GeoPoint {
    /// Latitudes accepted (Thailand's bounding box with a margin).
    pub const LAT: std::ops::RangeInclusive<f64> = 5.5..=20.5;
    /// Longitudes accepted.
    pub const LON: std::ops::RangeInclusive<f64> = 97.3..=105.7;

    /// Reads `lat,lon` (as a map picker writes it, or as copied from a map application:
    /// `14.9799, 102.0977`; a space instead of the comma and Thai digits are accepted) and
    /// checks that it is within Thailand's bounding box ([`LAT`](Self::LAT),
    /// [`LON`](Self::LON)). Error key `location`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        Self::parse_for("location", input)
    }

    fn parse_for(key: &str, input: &str) -> Result<Self, FieldError> {
        let format_error = || {
            FieldError::new(
                key,
                "ตำแหน่งต้องเป็นพิกัด “ละติจูด,ลองจิจูด” เช่น ๑๔.๙๗๙๙,๑๐๒.๐๙๗๗",
                "The location must be “latitude,longitude”, e.g. 14.9799,102.0977",
            )
        };
        let s = input.trim();
        if s.chars().count() > 64 {
            return Err(format_error());
        }
        let (a, b) = match s.split_once(',') {
            Some(pair) => pair,
            None => {
                let mut parts = s.split_whitespace();
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(a), Some(b), None) => (a, b),
                    _ => return Err(format_error()),
                }
            }
        };
        let (Some(lat), Some(lon)) = (parse_decimal(a, false), parse_decimal(b, false)) else {
            return Err(format_error());
        };
        if Self::LAT.contains(&lat) && Self::LON.contains(&lon) {
            return Ok(Self { lat, lon });
        }
        if Self::LAT.contains(&lon) && Self::LON.contains(&lat) {
            return Err(FieldError::new(
                key,
                "ละติจูดและลองจิจูดสลับกัน: กรุณาใส่ละติจูด (ประมาณ ๕–๒๑) ก่อน แล้วจึงลองจิจูด (ประมาณ ๙๗–๑๐๖)",
                "Latitude and longitude are swapped: give the latitude (about 5–21) first, then the longitude (about 97–106)",
            ));
        }
        Err(FieldError::new(
            key,
            "ตำแหน่งนี้อยู่นอกประเทศไทย กรุณาตรวจสอบพิกัด",
            "This location is outside Thailand; please check the coordinates",
        ))
    }
}

/// `14.979900,102.097700` (six decimals, about 10 cm).
impl fmt::Display for GeoPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.6},{:.6}", self.lat, self.lon)
    }
}

/// A typed answer to one field.
///
/// Serialised as `{"type": "date", "value": "2026-10-01"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum AnswerValue {
    /// One line of text.
    Text(String),
    /// Text with `\n` line breaks.
    LongText(String),
    /// A finite number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// The option chosen.
    Choice(String),
    /// Digits only, `0812345678` ([`format_phone`] to show).
    Phone(String),
    /// An e-mail address, domain in lower case.
    Email(String),
    /// The upload token of a photo.
    Photo(String),
    /// A point within Thailand.
    Location(GeoPoint),
    /// Whether the box was ticked.
    Checkbox(bool),
}

impl AnswerValue {
    /// The answer as shown to staff or the citizen: dates in the BE (Thai) or Gregorian
    /// (English) calendar, phone numbers with dashes, tick boxes as ใช่/ไม่ใช่ or Yes/No.
    /// Plain text: escape it when rendering.
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Self::Text(s)
            | Self::LongText(s)
            | Self::Choice(s)
            | Self::Email(s)
            | Self::Photo(s) => s.clone(),
            Self::Number(n) => n.to_string(),
            Self::Date(d) => match lang {
                Lang::Th => format_date_th(*d, DateStyle::ARABIC_FULL),
                Lang::En => format_date_en(*d),
            },
            Self::Phone(p) => format_phone(p),
            Self::Location(p) => p.to_string(),
            Self::Checkbox(b) => match (lang, b) {
                (Lang::Th, true) => "ใช่".to_owned(),
                (Lang::Th, false) => "ไม่ใช่".to_owned(),
                (Lang::En, true) => "Yes".to_owned(),
                (Lang::En, false) => "No".to_owned(),
            },
        }
    }
}

/// One answered field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The field's key.
    pub key: String,
    /// The typed answer.
    pub value: AnswerValue,
}

/// The answers of one submission, in the form's field order. Serialised as a JSON array of
/// `{"key": …, "value": {"type": …, "value": …}}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(Vec<Answer>);

impl Answers {
    /// The answers in order.
    pub fn as_slice(&self) -> &[Answer] {
        &self.0
    }
    /// The answers in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Answer> {
        self.0.iter()
    }
    /// The number of answered fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether nothing was answered.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The answer to the field `key`.
    pub fn get(&self, key: &str) -> Option<&AnswerValue> {
        self.0.iter().find(|a| a.key == key).map(|a| &a.value)
    }
    /// The upload tokens of every photo answer, for the store to link the uploads.
    pub fn photo_tokens(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|a| match &a.value {
            AnswerValue::Photo(t) => Some(t.as_str()),
            _ => None,
        })
    }
    /// The first location answer, for a map of requests.
    pub fn location(&self) -> Option<GeoPoint> {
        self.0.iter().find_map(|a| match a.value {
            AnswerValue::Location(p) => Some(p),
            _ => None,
        })
    }
    /// As JSON (as stored).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    /// Reads stored JSON back.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }
}

impl<'a> IntoIterator for &'a Answers {
    type Item = &'a Answer;
    type IntoIter = std::slice::Iter<'a, Answer>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

// ---------------------------------------------------------------------------------------------
// Contact details
// ---------------------------------------------------------------------------------------------

/// The longest e-mail address (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// How to reach the citizen about a request: at least one of a phone number and an e-mail
/// address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Digits only, e.g. `0812345678` or `044123456`.
    pub phone: Option<String>,
    /// An e-mail address with its domain in lower case.
    pub email: Option<String>,
}

impl Contact {
    /// Reads the two contact inputs of a public form. Both may be given; at least one must
    /// be. A given value that is wrong is refused (not dropped), under the key `phone` or
    /// `email`; neither given is refused under `contact`.
    pub fn parse(phone: &str, email: &str) -> Result<Contact, FieldError> {
        let phone = phone.trim();
        let email = email.trim();
        if phone.is_empty() && email.is_empty() {
            return Err(FieldError::new(
                "contact",
                "กรุณาให้หมายเลขโทรศัพท์หรืออีเมลอย่างน้อยหนึ่งช่องทาง เพื่อให้เจ้าหน้าที่ติดต่อกลับได้",
                "Please give a phone number or an e-mail address so that staff can reply",
            ));
        }
        let phone = (!phone.is_empty())
            .then(|| parse_phone(phone))
            .transpose()?;
        let email = (!email.is_empty())
            .then(|| parse_email(email))
            .transpose()?;
        Ok(Contact { phone, email })
    }

    /// A hint of the contact for the public tracking page, never the whole of it:
    /// `081-xxx-x678`, `s•••@example.com`.
    pub fn masked(&self) -> String {
        let parts: Vec<String> = [
            self.phone.as_deref().map(mask_phone),
            self.email.as_deref().map(mask_email),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join(", ")
    }
}

/// Reads a Thai phone number into digits only. Accepted: Thai or ASCII digits, spaces,
/// dashes, dots and brackets between them, and `+66` for the leading `0` (`+66 81 234 5678`,
/// also `+66 (0)81…`). Valid numbers are mobile numbers of 10 digits starting `06`, `08` or
/// `09`, and fixed lines of 9 digits starting `02`–`07`. Extensions and short hotlines are
/// refused. Error key `phone`.
pub fn parse_phone(input: &str) -> Result<String, FieldError> {
    phone_for("phone", input)
}

fn phone_for(key: &str, input: &str) -> Result<String, FieldError> {
    let bad = || {
        FieldError::new(
            key,
            "หมายเลขโทรศัพท์ไม่ถูกต้อง: มือถือ ๑๐ หลัก (เช่น ๐๘๑-๒๓๔-๕๖๗๘) หรือโทรศัพท์บ้าน ๙ หลัก (เช่น ๐๔๔-๑๒๓-๔๕๖)",
            "Invalid phone number: a mobile number has 10 digits (e.g. 081-234-5678), a fixed line 9 (e.g. 044-123-456)",
        )
    };
    let s = to_ascii_digits(input.trim());
    if s.chars().count() > 40 {
        return Err(bad());
    }
    let (international, rest) = match s.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, s.as_str()),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
    {
        return Err(bad());
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let national = if international {
        let Some(n) = digits.strip_prefix("66") else {
            return Err(bad());
        };
        format!("0{}", n.strip_prefix('0').unwrap_or(n))
    } else {
        digits
    };
    let b = national.as_bytes();
    let mobile =
        b.len() == 10 && b.first() == Some(&b'0') && matches!(b.get(1), Some(b'6' | b'8' | b'9'));
    let fixed = b.len() == 9 && b.first() == Some(&b'0') && matches!(b.get(1), Some(b'2'..=b'7'));
    if mobile || fixed {
        Ok(national)
    } else {
        Err(bad())
    }
}

/// A phone number of digits as people write it: `081-234-5678`, `02-123-4567` (Bangkok),
/// `044-123-456`; anything else unchanged.
pub fn format_phone(digits: &str) -> String {
    let part = |r: std::ops::Range<usize>| digits.get(r).unwrap_or("");
    match digits.len() {
        10 => format!("{}-{}-{}", part(0..3), part(3..6), part(6..10)),
        9 if digits.starts_with("02") => format!("{}-{}-{}", part(0..2), part(2..5), part(5..9)),
        9 => format!("{}-{}-{}", part(0..3), part(3..6), part(6..9)),
        _ => digits.to_owned(),
    }
}

/// A phone number with all but its first three and last three digits hidden: `081-xxx-x678`.
pub fn mask_phone(digits: &str) -> String {
    let n = digits.chars().count();
    let masked: String = digits
        .chars()
        .enumerate()
        .map(|(i, c)| if i < 3 || i + 3 >= n { c } else { 'x' })
        .collect();
    format_phone(&masked)
}

/// An e-mail address with its local part hidden but the first character: `s•••@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_owned(),
    }
}

/// Checks an e-mail address for plain mistakes (not deliverability): at most
/// [`MAX_EMAIL_CHARS`] characters, no spaces or control characters, exactly one `@`, a local
/// part of at most 64 characters without `<>()[]\,;:"`, a domain with a dot, non-empty labels
/// of letters, digits and inner hyphens, and a top-level label of letters. Returns the address
/// with its domain in lower case. Error key `email`.
pub fn parse_email(input: &str) -> Result<String, FieldError> {
    email_for("email", input)
}

fn email_for(key: &str, input: &str) -> Result<String, FieldError> {
    let bad = || {
        FieldError::new(
            key,
            "อีเมลไม่ถูกต้อง (ตัวอย่าง: somchai@example.com)",
            "Invalid e-mail address (e.g. somchai@example.com)",
        )
    };
    let s = input.trim();
    if s.chars().count() > MAX_EMAIL_CHARS
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_bidi_control(c))
    {
        return Err(bad());
    }
    let Some((local, domain)) = s.split_once('@') else {
        return Err(bad());
    };
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local.chars().any(|c| "<>()[]\\,;:\"@".contains(c));
    let domain = domain.to_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    // Internationalised domains (`ตัวอย่าง.ไทย`) are allowed: any non-ASCII character.
    let label_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii();
    let labels_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(label_char)
        })
        && labels.last().is_some_and(|tld| {
            tld.chars().count() >= 2
                && tld
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || !c.is_ascii())
        });
    if local_ok && labels_ok {
        Ok(format!("{local}@{domain}"))
    } else {
        Err(bad())
    }
}

// ---------------------------------------------------------------------------------------------
// Tracking codes
// ---------------------------------------------------------------------------------------------

/// Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U.
pub const CROCKFORD_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The field name of tracking code errors.
pub const TRACKING_CODE_FIELD: &str = "code";

/// The citizen's key to a request: 80 random bits written as 16 Crockford base32 characters,
/// shown in four groups, `7K3M-Q9XD-2HBA-W5RT`.
///
/// * Make one with [`from_random`](Self::from_random) from 10 bytes of a CSPRNG.
/// * Read what a citizen typed with [`parse`](Self::parse): case, spaces and dashes do not
///   matter, `O` reads as `0`, `I` and `L` as `1`, Thai digits as digits.
/// * Store only [`lookup_key`](Self::lookup_key) (SHA-256, hex) and find requests by it; when
///   two codes must be compared, `==` and [`ct_eq`](Self::ct_eq) take the same time wherever
///   they differ.
/// * `Debug` shows only the last group, so a code does not end up whole in logs.
#[derive(Clone, Copy, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingCode([u8; 16]);

impl TrackingCode {
    /// The number of characters (without dashes).
    pub const LEN: usize = 16;

    /// The code of 80 random bits (big-endian, five bits per character).
    pub fn from_random(bytes: [u8; 10]) -> Self {
        let acc = bytes
            .iter()
            .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
        let chars = std::array::from_fn(|i| {
            let shift = 5 * (Self::LEN - 1 - i);
            let index = ((acc >> shift) & 31) as usize;
            CROCKFORD_ALPHABET.get(index).copied().unwrap_or(b'0')
        });
        Self(chars)
    }

    /// The 10 bytes the code stands for (the inverse of [`from_random`](Self::from_random)).
    pub fn to_bytes(&self) -> [u8; 10] {
        let acc = self.0.iter().fold(0u128, |acc, &c| {
            let v = CROCKFORD_ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u128;
            (acc << 5) | v
        });
        std::array::from_fn(|i| (acc >> (8 * (9 - i))) as u8)
    }

    /// Reads a code as a citizen types it. Whitespace and dashes anywhere are ignored, letters
    /// may be lower case, `O` is read as `0` and `I`/`L` as `1`, Thai digits as digits. Refused
    /// (field [`TRACKING_CODE_FIELD`]): a character outside the alphabet (e.g. `U`, Thai
    /// letters), or other than 16 characters.
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let mut out = [b'0'; 16];
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
                let shown = if c.is_control() || is_bidi_control(c) {
                    String::from("?")
                } else {
                    c.to_string()
                };
                return Err(InputError::new(
                    TRACKING_CODE_FIELD,
                    format!(
                        "รหัสติดตามมีอักขระ “{shown}” ที่ไม่ได้ใช้ในรหัส (รหัสประกอบด้วยตัวเลขและอักษรภาษาอังกฤษ ยกเว้น U)"
                    ),
                    format!(
                        "The tracking code contains “{shown}”, which is not used in codes (digits and English letters except U)"
                    ),
                ));
            }
            if let Some(slot) = out.get_mut(n) {
                *slot = c as u8;
            }
            n += 1;
        }
        if n != Self::LEN {
            return Err(InputError::new(
                TRACKING_CODE_FIELD,
                format!(
                    "รหัสติดตามต้องมี ๑๖ ตัวอักษร (ที่กรอกมี {} ตัว) เช่น 7K3M-Q9XD-2HBA-W5RT",
                    th_num(n)
                ),
                format!("A tracking code has 16 characters ({n} given), e.g. 7K3M-Q9XD-2HBA-W5RT"),
            ));
        }
        Ok(Self(out))
    }

    /// The canonical 16 characters, without dashes (what [`lookup_key`](Self::lookup_key)
    /// hashes).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// `XXXX-XXXX-XXXX-XXXX`, as shown to the citizen (also `Display`).
    pub fn grouped(&self) -> String {
        let s = self.as_str();
        let g = |r: std::ops::Range<usize>| s.get(r).unwrap_or("");
        format!("{}-{}-{}-{}", g(0..4), g(4..8), g(8..12), g(12..16))
    }

    /// Lower-case hex SHA-256 of [`as_str`](Self::as_str): the database keeps and indexes
    /// this, never the code.
    pub fn lookup_key(&self) -> String {
        hex::encode(Sha256::digest(self.0))
    }

    /// Compares two codes in time independent of where they differ.
    pub fn ct_eq(&self, other: &Self) -> bool {
        ct_eq_bytes(&self.0, &other.0)
    }
}

/// Whether two secrets of the same length are equal, in time independent of where they
/// differ (codes of different lengths are unequal at once: their length is no secret).
pub fn ct_eq_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Constant time: see [`TrackingCode::ct_eq`].
impl PartialEq for TrackingCode {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other)
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl fmt::Debug for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.as_str();
        write!(
            f,
            "TrackingCode(****-****-****-{})",
            s.get(12..).unwrap_or("")
        )
    }
}

impl std::str::FromStr for TrackingCode {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for TrackingCode {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TrackingCode> for String {
    fn from(c: TrackingCode) -> String {
        c.as_str().to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// Request workflow
// ---------------------------------------------------------------------------------------------

/// Where a citizen's request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Submitted, not yet taken up (รับเรื่องแล้ว).
    Received,
    /// Being worked on.
    InProgress,
    /// Staff wait for the citizen (a document, an answer).
    WaitingCitizen,
    /// Done (final).
    Done,
    /// Refused, with a reason (final).
    Rejected,
}

impl RequestState {
    /// Every state, in workflow order.
    pub const ALL: [RequestState; 5] = [
        Self::Received,
        Self::InProgress,
        Self::WaitingCitizen,
        Self::Done,
        Self::Rejected,
    ];

    /// Storage code: `received`, `in_progress`, `waiting_citizen`, `done`, `rejected`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::InProgress => "in_progress",
            Self::WaitingCitizen => "waiting_citizen",
            Self::Done => "done",
            Self::Rejected => "rejected",
        }
    }

    /// The state of a [`code`](Self::code).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Thai name.
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Received => "รับเรื่องแล้ว",
            Self::InProgress => "อยู่ระหว่างดำเนินการ",
            Self::WaitingCitizen => "รอข้อมูลเพิ่มเติมจากผู้ยื่นคำขอ",
            Self::Done => "ดำเนินการแล้วเสร็จ",
            Self::Rejected => "ไม่สามารถดำเนินการได้",
        }
    }

    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::InProgress => "in progress",
            Self::WaitingCitizen => "waiting for the applicant",
            Self::Done => "done",
            Self::Rejected => "rejected",
        }
    }

    /// The name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }

    /// Done or rejected: nothing follows.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Done | Self::Rejected)
    }

    /// The states a request may move to from this one.
    pub fn next_states(self) -> &'static [RequestState] {
        use RequestState::*;
        match self {
            Received => &[InProgress, WaitingCitizen, Done, Rejected],
            InProgress => &[WaitingCitizen, Done, Rejected],
            WaitingCitizen => &[InProgress, Done, Rejected],
            Done | Rejected => &[],
        }
    }

    /// Whether a request may move from this state to `next` (never to itself, never out of a
    /// final state, never back to received).
    pub fn can_move_to(self, next: RequestState) -> bool {
        self.next_states().contains(&next)
    }
}

/// The shortest reason for a rejection, in characters.
pub const MIN_REJECT_REASON_CHARS: usize = 5;
/// The longest note of a transition, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// A change of state of a request with the staff's note (shown to the citizen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// The state before.
    pub from: RequestState,
    /// The state after.
    pub to: RequestState,
    /// The note, trimmed, possibly empty; `\n` line breaks.
    pub note: String,
}

impl Transition {
    /// Whether moving `from` → `to` with `note` is allowed: the move must be one of
    /// [`RequestState::can_move_to`] (error field `state`); the note at most
    /// [`MAX_NOTE_CHARS`] characters without control characters other than newlines, and for a
    /// rejection a reason of at least [`MIN_REJECT_REASON_CHARS`] characters (field `note`).
    pub fn check(from: RequestState, to: RequestState, note: &str) -> Result<(), InputError> {
        Self::new(from, to, note).map(|_| ())
    }

    /// Like [`check`](Self::check), returning the transition with its cleaned note.
    pub fn new(from: RequestState, to: RequestState, note: &str) -> Result<Self, InputError> {
        if !from.can_move_to(to) {
            let (th, en) = if from == to {
                (
                    format!("คำขออยู่ในสถานะ “{}” อยู่แล้ว", from.label_th()),
                    format!("The request is already “{}”", from.label_en()),
                )
            } else if from.is_final() {
                (
                    format!("คำขอนี้ปิดแล้ว (“{}”) จึงเปลี่ยนสถานะไม่ได้", from.label_th()),
                    format!(
                        "The request is closed (“{}”) and its state cannot change",
                        from.label_en()
                    ),
                )
            } else {
                (
                    format!(
                        "เปลี่ยนสถานะจาก “{}” เป็น “{}” ไม่ได้",
                        from.label_th(),
                        to.label_th()
                    ),
                    format!(
                        "A request cannot move from “{}” to “{}”",
                        from.label_en(),
                        to.label_en()
                    ),
                )
            };
            return Err(InputError::new("state", th, en));
        }
        let note = clean_text("note", note, MAX_NOTE_CHARS, true)
            .map_err(|e| InputError::new("note", e.th, e.en))?;
        if to == RequestState::Rejected && note.chars().count() < MIN_REJECT_REASON_CHARS {
            return Err(InputError::new(
                "note",
                format!(
                    "กรุณาระบุเหตุผลที่ไม่สามารถดำเนินการได้ อย่างน้อย {} ตัวอักษร",
                    th_num(MIN_REJECT_REASON_CHARS)
                ),
                format!(
                    "Please give the reason for the rejection, at least {MIN_REJECT_REASON_CHARS} characters"
                ),
            ));
        }
        Ok(Self { from, to, note })
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The day a request is due: the `target_days`-th working day after the day it was received
/// (the day of receipt itself is not counted; a target of 0 is the day of receipt).
///
/// Working days are Monday to Friday. **Public holidays are not modelled**: a holiday counts
/// as a working day, so the deadline may be earlier than the office would count it. Saturates
/// at the last representable date.
pub fn due_date(received: NaiveDate, target_days: u32) -> NaiveDate {
    if target_days == 0 {
        return received;
    }
    // Working days after a Saturday or Sunday are those after the Friday before.
    let start = match received.weekday() {
        Weekday::Sat => received.pred_opt(),
        Weekday::Sun => received.pred_opt().and_then(|d| d.pred_opt()),
        _ => Some(received),
    }
    .unwrap_or(received);
    let weeks = i64::from(target_days / 5);
    let mut d = match start.checked_add_signed(chrono::Duration::weeks(weeks)) {
        Some(d) => d,
        None => return NaiveDate::MAX,
    };
    for _ in 0..target_days % 5 {
        d = match d.succ_opt() {
            Some(next) => next,
            None => return NaiveDate::MAX,
        };
        while is_weekend(d) {
            d = match d.succ_opt() {
                Some(next) => next,
                None => return NaiveDate::MAX,
            };
        }
    }
    d
}

/// Whether a request is late: closed after its [`due_date`], or still open after it
/// (`today` past the due date). A request closed on its due date is on time.
pub fn is_late(
    received: NaiveDate,
    target_days: u32,
    closed: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let due = due_date(received, target_days);
    closed.unwrap_or(today) > due
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

/// How a request came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Through the e-Service.
    Online,
    /// At the office, recorded by staff (often in bulk).
    Counter,
}

impl Channel {
    /// Both channels.
    pub const ALL: [Channel; 2] = [Self::Online, Self::Counter];
    /// Storage code: `online`, `counter`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Counter => "counter",
        }
    }
    /// The channel of a [`code`](Self::code).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    /// Thai name.
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Online => "ออนไลน์ (e-Service)",
            Self::Counter => "ณ สำนักงาน",
        }
    }
    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Online => "online (e-Service)",
            Self::Counter => "at the office",
        }
    }
}

/// The span of a fiscal year a statistics table covers.
///
/// `Month(m)` is the **calendar** month (1 = January … 12 = December), as in
/// [`PeriodKind::Month`] and [`FiscalYear::month`]; October–December belong to the first
/// Gregorian year of the fiscal year. Periods *order* fiscally: months from October to
/// September, then quarters, halves and the year ([`StatPeriod::all`]).
///
/// Serialised as its [`code`](Self::code): `month:10`, `quarter:1`, `half:2`, `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum StatPeriod {
    /// Calendar month 1–12.
    Month(u32),
    /// Fiscal quarter 1–4 (Q1 = October–December).
    Quarter(u8),
    /// Fiscal half 1–2 (H1 = October–March, "รอบ ๖ เดือน").
    Half(u8),
    /// The whole fiscal year.
    Year,
}

impl StatPeriod {
    /// The 19 periods of a year in fiscal order: 12 months (October first), 4 quarters,
    /// 2 halves, the year.
    pub fn all() -> Vec<StatPeriod> {
        let mut out: Vec<StatPeriod> = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]
            .into_iter()
            .map(StatPeriod::Month)
            .collect();
        out.extend((1..=4).map(StatPeriod::Quarter));
        out.extend((1..=2).map(StatPeriod::Half));
        out.push(StatPeriod::Year);
        out
    }

    /// The periods of one unit, in fiscal order.
    pub fn of_unit(unit: PeriodUnit) -> Vec<StatPeriod> {
        Self::all()
            .into_iter()
            .filter(|p| p.unit() == unit)
            .collect()
    }

    /// The kind of span.
    pub fn unit(self) -> PeriodUnit {
        match self {
            Self::Month(_) => PeriodUnit::Month,
            Self::Quarter(_) => PeriodUnit::Quarter,
            Self::Half(_) => PeriodUnit::Half,
            Self::Year => PeriodUnit::Year,
        }
    }

    /// Whether the number is in range (month 1–12, quarter 1–4, half 1–2).
    pub fn is_valid(self) -> bool {
        match self {
            Self::Month(m) => (1..=12).contains(&m),
            Self::Quarter(n) => (1..=4).contains(&n),
            Self::Half(n) => (1..=2).contains(&n),
            Self::Year => true,
        }
    }

    /// `month:3`, `quarter:2`, `half:1`, `year` (as [`Period::code`]).
    pub fn code(self) -> String {
        match self {
            Self::Month(m) => format!("month:{m}"),
            Self::Quarter(n) => format!("quarter:{n}"),
            Self::Half(n) => format!("half:{n}"),
            Self::Year => "year".to_owned(),
        }
    }

    /// The period of a [`code`](Self::code); `None` for anything else or out of range.
    pub fn parse(code: &str) -> Option<Self> {
        let p = match code.split_once(':') {
            None if code == "year" => Self::Year,
            None => return None,
            Some(("month", n)) => Self::Month(n.parse().ok()?),
            Some(("quarter", n)) => Self::Quarter(n.parse().ok()?),
            Some(("half", n)) => Self::Half(n.parse().ok()?),
            Some(_) => return None,
        };
        p.is_valid().then_some(p)
    }

    /// The period within fiscal year `year` (field `period` if the number is out of range).
    pub fn period(self, year: FiscalYear) -> Result<Period, InputError> {
        let r = match self {
            Self::Month(m) => year.month(m),
            Self::Quarter(n) => year.quarter(n),
            Self::Half(n) => year.half(n),
            Self::Year => Ok(year.whole()),
        };
        r.map_err(|e| e.to_input_error("period"))
    }

    /// First and last day (inclusive) within fiscal year `year`.
    pub fn date_range(self, year: FiscalYear) -> Result<(NaiveDate, NaiveDate), InputError> {
        self.period(year).map(|p| (p.start, p.end))
    }

    /// Thai label, e.g. `ไตรมาสที่ ๑ (ต.ค. – ธ.ค. ๒๕๖๘)`, `ตุลาคม ๒๕๖๘`,
    /// `รอบ ๖ เดือน (…)`, `ปีงบประมาณ พ.ศ. ๒๕๖๙` (see [`Period::label_th`]).
    pub fn label_th(self, year: FiscalYear, digits: Digits) -> String {
        match self.period(year) {
            Ok(p) => p.label_th(digits),
            Err(_) => digits.apply(&self.code()),
        }
    }

    /// English label, e.g. `Q1 FY2569 (Oct–Dec 2025)`, `October 2025`.
    pub fn label_en(self, year: FiscalYear) -> String {
        match self.period(year) {
            Ok(p) => p.label_en(),
            Err(_) => self.code(),
        }
    }

    fn sort_key(self) -> (u8, u32) {
        match self {
            Self::Month(m) => (0, (m + 2) % 12),
            Self::Quarter(n) => (1, u32::from(n)),
            Self::Half(n) => (2, u32::from(n)),
            Self::Year => (3, 0),
        }
    }
}

/// Fiscal order (see [`StatPeriod`]).
impl Ord for StatPeriod {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| self.code().cmp(&other.code()))
    }
}

impl PartialOrd for StatPeriod {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<PeriodKind> for StatPeriod {
    fn from(k: PeriodKind) -> Self {
        match k {
            PeriodKind::Month(m) => Self::Month(m),
            PeriodKind::Quarter(n) => Self::Quarter(n),
            PeriodKind::Half(n) => Self::Half(n),
            PeriodKind::Year => Self::Year,
        }
    }
}

impl From<StatPeriod> for PeriodKind {
    fn from(p: StatPeriod) -> Self {
        match p {
            StatPeriod::Month(m) => Self::Month(m),
            StatPeriod::Quarter(n) => Self::Quarter(n),
            StatPeriod::Half(n) => Self::Half(n),
            StatPeriod::Year => Self::Year,
        }
    }
}

impl TryFrom<String> for StatPeriod {
    type Error = InputError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s).ok_or_else(|| {
            InputError::new(
                "period",
                "ช่วงเวลาไม่ถูกต้อง",
                "Invalid period (use month:1–12, quarter:1–4, half:1–2 or year)",
            )
        })
    }
}

impl From<StatPeriod> for String {
    fn from(p: StatPeriod) -> String {
        p.code()
    }
}

impl fmt::Display for StatPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// One request (or, from the counter, `count` identical ones) as the statistics see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFact {
    /// The service.
    pub service_id: i64,
    /// The responsible unit, if any.
    pub unit_id: Option<i64>,
    /// How it came in.
    pub channel: Channel,
    /// The day it was received (Bangkok time).
    pub received: NaiveDate,
    /// Its due date, [`due_date`] of `received` and the service's target days, fixed when
    /// it was received.
    pub due: NaiveDate,
    /// Where it stands now.
    pub state: RequestState,
    /// The day it reached its final state (done or rejected); ignored while open.
    pub closed: Option<NaiveDate>,
    /// How many requests this stands for: 1 for one request, N for a bulk counter entry.
    pub count: u64,
}

impl RequestFact {
    /// Late: closed after its due date, or open with `today` past it. A closed request
    /// without a closing day is not counted late.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        if self.state.is_final() {
            self.closed.is_some_and(|c| c > self.due)
        } else {
            today > self.due
        }
    }

    /// Calendar days from receipt to completion, for a done request with a closing day.
    pub fn days_to_complete(&self) -> Option<u64> {
        match (self.state, self.closed) {
            (RequestState::Done, Some(c)) => {
                Some(u64::try_from((c - self.received).num_days()).unwrap_or(0))
            }
            _ => None,
        }
    }
}

/// The figures of one row of a statistics table (a service, a unit, a month, or a total).
///
/// The rows count **the requests received in the period** ("cohort"): of those, how many are
/// now done, rejected or still open, how many are late ([`RequestFact::is_late`]), and how
/// long the done ones took in calendar days (receipt to completion). The store fills the same
/// row from SQL `GROUP BY`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StatRow {
    /// Requests received.
    pub received: u64,
    /// Of which done.
    pub done: u64,
    /// Of which rejected.
    pub rejected: u64,
    /// Of which still open (received, in progress, waiting for the citizen).
    pub open: u64,
    /// Of which late (closed after the due date, or open past it).
    pub late: u64,
    /// Sum of the days to complete of the done requests with a closing day.
    pub days_sum: u64,
    /// How many requests `days_sum` sums.
    pub days_count: u64,
    /// The median days to complete, when known (see [`merge`](Self::merge)).
    pub median_days: Option<f64>,
}

impl StatRow {
    /// Counts one fact (`count` times). Does not update `median_days`.
    pub fn add(&mut self, fact: &RequestFact, today: NaiveDate) {
        let n = fact.count;
        self.received = self.received.saturating_add(n);
        let slot = match fact.state {
            RequestState::Done => &mut self.done,
            RequestState::Rejected => &mut self.rejected,
            _ => &mut self.open,
        };
        *slot = slot.saturating_add(n);
        if fact.is_late(today) {
            self.late = self.late.saturating_add(n);
        }
        if let Some(days) = fact.days_to_complete() {
            self.days_sum = self.days_sum.saturating_add(days.saturating_mul(n));
            self.days_count = self.days_count.saturating_add(n);
        }
    }

    /// Adds another row's counts to this one. Medians do not add up: the merged median is
    /// kept only when one side has no completion times, otherwise it becomes `None`
    /// (compute it again from the days with [`median_of_counts`]).
    pub fn merge(&mut self, other: &StatRow) {
        self.median_days = match (self.days_count, other.days_count) {
            (_, 0) => self.median_days,
            (0, _) => other.median_days,
            _ => None,
        };
        self.received = self.received.saturating_add(other.received);
        self.done = self.done.saturating_add(other.done);
        self.rejected = self.rejected.saturating_add(other.rejected);
        self.open = self.open.saturating_add(other.open);
        self.late = self.late.saturating_add(other.late);
        self.days_sum = self.days_sum.saturating_add(other.days_sum);
        self.days_count = self.days_count.saturating_add(other.days_count);
    }

    /// Mean days to complete; `None` when nothing was completed.
    pub fn mean_days(&self) -> Option<f64> {
        (self.days_count > 0).then(|| self.days_sum as f64 / self.days_count as f64)
    }

    /// Share of received requests done, in per cent; `None` when nothing was received.
    pub fn percent_done(&self) -> Option<f64> {
        percent(self.done, self.received)
    }

    /// Share of received requests late, in per cent; `None` when nothing was received.
    pub fn percent_late(&self) -> Option<f64> {
        percent(self.late, self.received)
    }
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// The median of values given with their counts (`(days, how many)`, any order, repeats
/// allowed): the middle value, or the mean of the two middle ones. `None` when the counts add
/// up to 0. For the store: `SELECT days, COUNT(*) … GROUP BY days`.
pub fn median_of_counts(values: impl IntoIterator<Item = (u64, u64)>) -> Option<f64> {
    let mut hist: BTreeMap<u64, u64> = BTreeMap::new();
    for (v, n) in values {
        if n > 0 {
            let e = hist.entry(v).or_insert(0);
            *e = e.saturating_add(n);
        }
    }
    let total = hist.values().fold(0u64, |a, &n| a.saturating_add(n));
    if total == 0 {
        return None;
    }
    // 1-based ranks of the middle value(s).
    let lo_rank = total.div_ceil(2);
    let hi_rank = total / 2 + 1;
    let mut seen = 0u64;
    let mut lo = None;
    for (&v, &n) in &hist {
        seen = seen.saturating_add(n);
        if lo.is_none() && seen >= lo_rank {
            lo = Some(v);
        }
        if seen >= hi_rank || (total % 2 == 1 && lo.is_some()) {
            let lo = lo.unwrap_or(v);
            let hi = if total % 2 == 1 { lo } else { v };
            return Some((lo as f64 + hi as f64) / 2.0);
        }
    }
    None
}

/// Rows of the facts received within `period`, grouped by `key`, with `median_days` set for
/// each group. For small in-memory sets and tests; the store does the same in SQL.
pub fn aggregate_by<K, I>(
    records: I,
    period: &Period,
    today: NaiveDate,
    key: impl Fn(&RequestFact) -> K,
) -> BTreeMap<K, StatRow>
where
    K: Ord,
    I: IntoIterator,
    I::Item: Borrow<RequestFact>,
{
    let mut rows: BTreeMap<K, (StatRow, Vec<(u64, u64)>)> = BTreeMap::new();
    for fact in records {
        let fact = fact.borrow();
        if !period.contains(fact.received) {
            continue;
        }
        let (row, days) = rows.entry(key(fact)).or_default();
        row.add(fact, today);
        if let Some(d) = fact.days_to_complete() {
            days.push((d, fact.count));
        }
    }
    rows.into_iter()
        .map(|(k, (mut row, days))| {
            row.median_days = median_of_counts(days);
            (k, row)
        })
        .collect()
}

/// Rows by service id of the facts received in `period` of `year`.
pub fn aggregate<I>(
    records: I,
    year: FiscalYear,
    period: StatPeriod,
    today: NaiveDate,
) -> Result<BTreeMap<i64, StatRow>, InputError>
where
    I: IntoIterator,
    I::Item: Borrow<RequestFact>,
{
    let p = period.period(year)?;
    Ok(aggregate_by(records, &p, today, |f| f.service_id))
}

/// Rows by responsible unit (`None`: no unit) of the facts received in `period` of `year`.
pub fn aggregate_by_unit<I>(
    records: I,
    year: FiscalYear,
    period: StatPeriod,
    today: NaiveDate,
) -> Result<BTreeMap<Option<i64>, StatRow>, InputError>
where
    I: IntoIterator,
    I::Item: Borrow<RequestFact>,
{
    let p = period.period(year)?;
    Ok(aggregate_by(records, &p, today, |f| f.unit_id))
}

/// One row per month, quarter or half (as `unit` says) of `year`, in fiscal order, every
/// period present (empty rows where nothing was received). `PeriodUnit::Year` gives one row.
pub fn aggregate_by_period<I>(
    records: I,
    year: FiscalYear,
    unit: PeriodUnit,
    today: NaiveDate,
) -> BTreeMap<StatPeriod, StatRow>
where
    I: IntoIterator,
    I::Item: Borrow<RequestFact>,
{
    let mut rows = aggregate_by(records, &year.whole(), today, |f| {
        StatPeriod::from(Period::containing(unit, f.received).kind)
    });
    for p in StatPeriod::of_unit(unit) {
        rows.entry(p).or_default();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fy(be: i32) -> FiscalYear {
        FiscalYear::new(be).unwrap()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn keys(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.key.as_str()).collect()
    }

    const SAMPLE: &str = r#"{
        "fields": [
            {"key": "name", "label_th": " ชื่อ-สกุล ", "label_en": "Full name", "kind": {"type": "text"}, "required": true},
            {"key": "detail", "label_th": "รายละเอียด", "kind": {"type": "long_text"}, "max_len": 500},
            {"key": "people", "label_th": "จำนวนผู้ประสบภัย", "kind": {"type": "number"}},
            {"key": "when", "label_th": "วันที่เกิดเหตุ", "kind": {"type": "date"}, "required": true},
            {"key": "kind", "label_th": "ประเภทภัย", "kind": {"type": "choice", "options": ["อุทกภัย", " วาตภัย ", "อัคคีภัย"]}, "required": true},
            {"key": "tel", "label_th": "โทรศัพท์ผู้ประสานงาน", "kind": {"type": "phone"}},
            {"key": "mail", "label_th": "อีเมล", "kind": {"type": "email"}},
            {"key": "photo", "label_th": "รูปถ่าย", "kind": {"type": "photo"}, "required": true, "help_th": " ถ่ายให้เห็นความเสียหาย ", "help_en": ""},
            {"key": "where", "label_th": "ตำแหน่ง", "kind": {"type": "location"}},
            {"key": "agree", "label_th": "ข้าพเจ้ายืนยันว่าข้อมูลเป็นความจริง", "kind": {"type": "checkbox"}, "required": true}
        ],
        "documents": ["สำเนาบัตรประจำตัวประชาชน", " สำเนาทะเบียนบ้าน "]
    }"#;

    fn sample() -> FormDef {
        FormDef::parse_json(SAMPLE).unwrap()
    }

    // ---- form definitions ------------------------------------------------------------------

    #[test]
    fn parses_and_normalises_a_form() {
        let f = sample();
        assert_eq!(f.fields.len(), 10);
        assert_eq!(f.fields[0].label_th, "ชื่อ-สกุล");
        assert_eq!(f.fields[0].label(Lang::En), "Full name");
        assert_eq!(f.fields[1].label(Lang::En), "รายละเอียด");
        assert_eq!(
            f.fields[4].kind,
            FieldKind::Choice {
                options: vec!["อุทกภัย".into(), "วาตภัย".into(), "อัคคีภัย".into()]
            }
        );
        assert_eq!(f.fields[7].help(Lang::Th), Some("ถ่ายให้เห็นความเสียหาย"));
        assert_eq!(f.fields[7].help_en, None);
        assert_eq!(f.fields[7].help(Lang::En), Some("ถ่ายให้เห็นความเสียหาย"));
        assert_eq!(f.documents[1], "สำเนาทะเบียนบ้าน");
        assert!(f.has_photo() && f.has_location());
        assert_eq!(f.field("detail").map(FieldDef::max_chars), Some(500));
        assert_eq!(f.field("name").map(FieldDef::max_chars), Some(200));
        assert!(f.field("nope").is_none());
        // Round trip through the stored JSON.
        assert_eq!(FormDef::parse_json(&f.to_json()), Ok(f.clone()));
        let json = f.to_json();
        assert!(json.contains(r#""kind":{"type":"long_text"}"#), "{json}");
        assert!(!json.contains("help_en"));
        // An empty form is allowed.
        assert_eq!(FormDef::parse_json("{}"), Ok(FormDef::default()));
    }

    #[test]
    fn kind_codes() {
        for code in FIELD_KIND_CODES {
            let k = FieldKind::from_code(code, vec!["a".into()]).unwrap();
            assert_eq!(k.code(), code);
            assert!(!k.label_th().is_empty() && !k.label_en().is_empty());
            let json = serde_json::to_string(&k).unwrap();
            assert!(json.contains(&format!(r#""type":"{code}""#)), "{json}");
        }
        assert_eq!(FieldKind::from_code("video", vec![]), None);
    }

    #[test]
    fn refuses_bad_definitions_with_every_problem() {
        let json = r#"{"fields": [
            {"key": "Name", "label_th": "ชื่อ", "kind": {"type": "text"}},
            {"key": "a", "label_th": "  ", "kind": {"type": "text"}},
            {"key": "a", "label_th": "ซ้ำ", "kind": {"type": "text"}},
            {"key": "n", "label_th": "จำนวน", "kind": {"type": "number"}, "max_len": 10},
            {"key": "t", "label_th": "ข้อความ", "kind": {"type": "text"}, "max_len": 5001},
            {"key": "z", "label_th": "ศูนย์", "kind": {"type": "long_text"}, "max_len": 0},
            {"key": "c", "label_th": "เลือก", "kind": {"type": "choice", "options": []}},
            {"key": "c2", "label_th": "เลือก", "kind": {"type": "choice", "options": ["ก", "ก", " "]}},
            {"key": "l", "label_th": "สอง\nบรรทัด", "kind": {"type": "text"}}
        ], "documents": [""]}"#;
        let errors = FormDef::parse_json(json).unwrap_err();
        assert_eq!(
            keys(&errors),
            [
                "fields[1]",
                "a",
                "a",
                "n",
                "t",
                "z",
                "c",
                "c2",
                "c2",
                "l",
                "documents"
            ],
            "{errors:#?}"
        );
        for e in &errors {
            assert!(!e.th.is_empty() && !e.en.is_empty());
            assert_eq!(e.message(Lang::En), e.en);
            assert!(e.to_string().starts_with(&e.key));
        }
        assert!(errors[2].en.contains("twice"));
        assert!(errors[3].en.contains("text fields only"));
    }

    #[test]
    fn refuses_oversized_and_malformed_definitions() {
        let field = |i: usize| {
            format!(r#"{{"key": "f{i}", "label_th": "ช่อง {i}", "kind": {{"type": "text"}}}}"#)
        };
        let json = |n: usize| {
            format!(
                r#"{{"fields": [{}]}}"#,
                (0..n).map(field).collect::<Vec<_>>().join(",")
            )
        };
        assert!(FormDef::parse_json(&json(40)).is_ok());
        let e = FormDef::parse_json(&json(41)).unwrap_err();
        assert_eq!(keys(&e), [FORM_KEY]);
        assert!(e[0].th.contains("๔๐"), "{}", e[0].th);

        let options: Vec<String> = (0..51).map(|i| format!("o{i}")).collect();
        let def = FormDef {
            fields: vec![FieldDef::new(
                "c",
                "เลือก",
                FieldKind::Choice {
                    options: options.clone(),
                },
            )],
            documents: vec![],
        };
        assert_eq!(keys(&def.validate().unwrap_err()), ["c"]);
        let ok = FormDef {
            fields: vec![FieldDef::new(
                "c",
                "เลือก",
                FieldKind::Choice {
                    options: options[..50].to_vec(),
                },
            )],
            documents: vec!["x".into(); 30],
        };
        assert!(ok.validate().is_ok());
        let too_many_docs = FormDef {
            documents: vec!["x".into(); 31],
            ..ok.clone()
        };
        assert_eq!(
            keys(&too_many_docs.validate().unwrap_err()),
            [DOCUMENTS_KEY]
        );

        let big = format!(
            r#"{{"fields": [], "documents": ["{}"]}}"#,
            "x".repeat(MAX_FORM_JSON_BYTES)
        );
        let e = FormDef::parse_json(&big).unwrap_err();
        assert!(e[0].en.contains("64 KiB"));
        for bad in [
            "",
            "[]",
            "{",
            r#"{"fields": [{"key": "a"}]}"#,
            r#"{"fields": [], "extra": 1}"#,
            r#"{"fields": [{"key": "a", "label_th": "ก", "kind": {"type": "video"}}]}"#,
            r#"{"fields": [{"key": "a", "label_th": "ก", "kind": {"type": "text", "options": []}}]}"#,
            r#"{"fields": [{"key": "a", "label_th": "ก", "kind": "text"}]}"#,
            r#"{"fields": [{"key": "a", "label_th": "ก", "kind": {"type": "choice"}}]}"#,
            r#"{"fields": [{"key": "a", "label_th": "ก", "kind": {"options": []}}]}"#,
        ] {
            let e = FormDef::parse_json(bad).unwrap_err();
            assert_eq!(keys(&e), [FORM_KEY], "{bad}");
        }
        // Labels count characters, not bytes.
        let mut f = FieldDef::new("a", &"ก".repeat(MAX_LABEL_CHARS), FieldKind::Text);
        let one = |f: &FieldDef| FormDef {
            fields: vec![f.clone()],
            documents: vec![],
        };
        assert!(one(&f).validate().is_ok());
        f.label_th.push('ก');
        assert!(one(&f).validate().is_err());
    }

    #[test]
    fn keys_are_checked() {
        assert!(is_valid_key("a"));
        assert!(is_valid_key("house_no_2"));
        assert!(is_valid_key(&"x".repeat(32)));
        for bad in ["", "A", "a-b", "a b", "ชื่อ", &"x".repeat(33), "é"] {
            assert!(!is_valid_key(bad), "{bad}");
        }
    }

    // ---- submissions -----------------------------------------------------------------------

    fn good() -> Vec<(String, String)> {
        pairs(&[
            ("csrf", "token"),
            ("name", "  สมชาย ใจดี "),
            ("detail", "น้ำท่วม\r\nบ้านเลขที่ ๑๒\r\n"),
            ("people", "๑,๒๕๐"),
            ("when", "1/10/2569"),
            ("kind", "วาตภัย"),
            ("tel", "+66 81 234 5678"),
            ("mail", "Som.Chai@Example.CO.TH"),
            ("photo", "upl_abc123"),
            ("where", "๑๔.๙๗๙๙, 102.0977"),
            ("agree", "on"),
        ])
    }

    #[test]
    fn parses_a_good_submission() {
        let a = sample().parse_submission(&good()).unwrap();
        assert_eq!(a.len(), 10);
        let order: Vec<&str> = a.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(
            order,
            [
                "name", "detail", "people", "when", "kind", "tel", "mail", "photo", "where",
                "agree"
            ]
        );
        assert_eq!(a.get("name"), Some(&AnswerValue::Text("สมชาย ใจดี".into())));
        assert_eq!(
            a.get("detail"),
            Some(&AnswerValue::LongText("น้ำท่วม\nบ้านเลขที่ ๑๒".into()))
        );
        assert_eq!(a.get("people"), Some(&AnswerValue::Number(1250.0)));
        assert_eq!(a.get("when"), Some(&AnswerValue::Date(d(2026, 10, 1))));
        assert_eq!(a.get("kind"), Some(&AnswerValue::Choice("วาตภัย".into())));
        assert_eq!(a.get("tel"), Some(&AnswerValue::Phone("0812345678".into())));
        assert_eq!(
            a.get("mail"),
            Some(&AnswerValue::Email("Som.Chai@example.co.th".into()))
        );
        assert_eq!(a.photo_tokens().collect::<Vec<_>>(), ["upl_abc123"]);
        assert_eq!(
            a.location(),
            Some(GeoPoint {
                lat: 14.9799,
                lon: 102.0977
            })
        );
        assert_eq!(a.get("agree"), Some(&AnswerValue::Checkbox(true)));
        // JSON round trip, as stored.
        let json = a.to_json();
        assert!(json.contains(r#"{"key":"when","value":{"type":"date","value":"2026-10-01"}}"#));
        assert_eq!(Answers::from_json(&json).unwrap(), a);
        // ISO dates too.
        let mut p = good();
        p[4].1 = "2026-10-01".into();
        let b = sample().parse_submission(&p).unwrap();
        assert_eq!(b.get("when"), a.get("when"));
        assert_eq!((&b).into_iter().count(), 10);
    }

    #[test]
    fn optional_fields_may_be_left_out() {
        let p = pairs(&[
            ("name", "ก"),
            ("when", "๑ ต.ค. ๒๕๖๙"),
            ("kind", "อุทกภัย"),
            ("photo", "t"),
            ("agree", "1"),
            ("people", "  "),
        ]);
        let a = sample().parse_submission(&p).unwrap();
        assert_eq!(a.len(), 5);
        assert_eq!(a.get("people"), None);
        assert_eq!(a.location(), None);
        // An optional tick box is answered false when absent.
        let def = FormDef {
            fields: vec![FieldDef::new("news", "รับข่าวสาร", FieldKind::Checkbox)],
            documents: vec![],
        };
        let a = def.parse_submission(&[]).unwrap();
        assert_eq!(a.get("news"), Some(&AnswerValue::Checkbox(false)));
        // Hidden "0" then the ticked box.
        let a = def
            .parse_submission(&pairs(&[("news", "0"), ("news", "on")]))
            .unwrap();
        assert_eq!(a.get("news"), Some(&AnswerValue::Checkbox(true)));
        assert!(def.parse_submission(&pairs(&[("news", "maybe")])).is_err());
    }

    #[test]
    fn reports_every_missing_required_field() {
        let errors = sample().parse_submission(&[]).unwrap_err();
        assert_eq!(keys(&errors), ["name", "when", "kind", "photo", "agree"]);
        assert_eq!(errors[0].th, "กรุณากรอกข้อมูลช่องนี้");
        assert_eq!(errors[0].en, "This field is required");
        assert_eq!(errors[2].en, "Please choose one option");
        assert_eq!(errors[3].en, "Please attach a photo");
        assert_eq!(errors[4].en, "Please tick this box");
        let mut p = good();
        p[10].1 = "off".into();
        assert_eq!(keys(&sample().parse_submission(&p).unwrap_err()), ["agree"]);
    }

    #[test]
    fn refuses_bad_values() {
        let cases: &[(&str, &str)] = &[
            ("name", "สอง\nบรรทัด"),
            ("name", "ก\u{0}"),
            ("name", "abc\u{202E}def"),
            ("name", &"ก".repeat(201)),
            ("detail", &"ก".repeat(501)),
            ("detail", "bell\u{7}"),
            ("people", "12a"),
            ("people", "1e5"),
            ("people", "NaN"),
            ("people", "1,25"),
            ("people", "1.2.3"),
            ("people", "1234567890123456"),
            ("when", "31/3/66"),
            ("when", "29/2/2566"),
            ("kind", "ภัยแล้ง"),
            ("kind", "อุทก"),
            ("tel", "1234"),
            ("mail", "not-an-email"),
            ("photo", "has space"),
            ("where", "13.75"),
            ("where", "35.68,139.69"),
            ("where", "abc,def"),
        ];
        for (key, value) in cases {
            let mut p = good();
            for pair in p.iter_mut() {
                if pair.0 == *key {
                    pair.1 = value.to_string();
                }
            }
            let errors = sample().parse_submission(&p).unwrap_err();
            assert_eq!(keys(&errors), [*key], "{key} = {value:?}");
            assert!(!errors[0].th.is_empty() && !errors[0].en.is_empty());
        }
        // A field sent twice.
        let mut p = good();
        p.push(("name".into(), "อีกคน".into()));
        assert_eq!(keys(&sample().parse_submission(&p).unwrap_err()), ["name"]);
        // Long text keeps inner newlines but counts characters after trimming.
        let mut p = good();
        p[2].1 = format!("  {}  ", "ก".repeat(500));
        assert!(sample().parse_submission(&p).is_ok());
    }

    #[test]
    fn dates_report_the_calendar_message() {
        let mut p = good();
        p[4].1 = "31/3/66".into();
        let e = sample().parse_submission(&p).unwrap_err();
        assert!(e[0].th.contains("๒ หลัก"), "{}", e[0].th);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number(" -๓.๕ "), Some(-3.5));
        assert_eq!(parse_number("+1,000,000.25"), Some(1_000_000.25));
        assert_eq!(parse_number("-0"), Some(0.0));
        assert!(parse_number("-0").is_some_and(|v| v.is_sign_positive()));
        assert_eq!(parse_number("0.5"), Some(0.5));
        for bad in [
            "", "-", ".", ".5", "5.", "1,0000", ",100", "1,,000", "1 000", "inf", "0x10", "๑e๒",
            "--1",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn locations() {
        let p = GeoPoint::parse("13.7563,100.5018").unwrap();
        assert_eq!(p.to_string(), "13.756300,100.501800");
        assert!(GeoPoint::parse("13.7563 100.5018").is_ok());
        assert!(GeoPoint::parse("5.5,97.3").is_ok());
        assert!(GeoPoint::parse("20.5,105.7").is_ok());
        assert!(GeoPoint::parse("5.49,100").is_err());
        assert!(GeoPoint::parse("13,105.71").is_err());
        let swapped = GeoPoint::parse("100.5018,13.7563").unwrap_err();
        assert!(swapped.en.contains("swapped"));
        assert_eq!(swapped.key, "location");
        for bad in ["", "13.7", "1,2,3", "13.7 100.5 1", "๑๓.๗,abc"] {
            assert!(GeoPoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn answer_display() {
        assert_eq!(
            AnswerValue::Date(d(2026, 10, 1)).display(Lang::Th),
            "1 ตุลาคม 2569"
        );
        assert_eq!(
            AnswerValue::Date(d(2026, 10, 1)).display(Lang::En),
            "1 Oct 2026"
        );
        assert_eq!(
            AnswerValue::Phone("0812345678".into()).display(Lang::Th),
            "081-234-5678"
        );
        assert_eq!(AnswerValue::Number(12.0).display(Lang::Th), "12");
        assert_eq!(AnswerValue::Number(1.5).display(Lang::Th), "1.5");
        assert_eq!(AnswerValue::Checkbox(true).display(Lang::Th), "ใช่");
        assert_eq!(AnswerValue::Checkbox(false).display(Lang::En), "No");
    }

    // ---- contact ---------------------------------------------------------------------------

    #[test]
    fn phones() {
        for (input, want) in [
            ("081-234-5678", "0812345678"),
            ("๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678"),
            ("+66812345678", "0812345678"),
            ("+66 (0)81 234 5678", "0812345678"),
            ("+66-2-123-4567", "021234567"),
            ("0612345678", "0612345678"),
            ("0912345678", "0912345678"),
            ("044-123456", "044123456"),
            ("(02) 123.4567", "021234567"),
            ("073123456", "073123456"),
        ] {
            assert_eq!(parse_phone(input).as_deref(), Ok(want), "{input}");
        }
        for bad in [
            "",
            "1234",
            "1669",
            "0712345678",
            "0212345678",
            "081234567",
            "0812345678 ต่อ 12",
            "+1 202 555 0100",
            "66812345678",
            "08123456789",
            "011234567",
            "081+2345678",
            "๐๘๑๒๓๔๕๖๗ก",
        ] {
            let e = parse_phone(bad).unwrap_err();
            assert_eq!(e.key, "phone", "{bad}");
        }
        assert_eq!(format_phone("0812345678"), "081-234-5678");
        assert_eq!(format_phone("021234567"), "02-123-4567");
        assert_eq!(format_phone("044123456"), "044-123-456");
        assert_eq!(format_phone("123"), "123");
        assert_eq!(mask_phone("0812345678"), "081-xxx-x678");
        assert_eq!(mask_phone("044123456"), "044-xxx-456");
    }

    #[test]
    fn emails() {
        assert_eq!(
            parse_email(" Somchai@Krathok.GO.TH ").as_deref(),
            Ok("Somchai@krathok.go.th")
        );
        assert!(parse_email("a.b+tag@mail.example.com").is_ok());
        assert!(parse_email("สมชาย@ตัวอย่าง.ไทย").is_ok());
        for bad in [
            "",
            "a",
            "a@b",
            "@b.com",
            "a@@b.com",
            "a@b@c.com",
            "a b@c.com",
            "a@b .com",
            "a@.b.com",
            "a@b..com",
            "a@b.com.",
            "a@-b.com",
            "a@b.c",
            "a@b.123",
            ".a@b.com",
            "a..b@c.com",
            "<a>@b.com",
            "a@b_c.com",
            "a\n@b.com",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
        let long = format!("{}@{}.com", "a".repeat(64), "b".repeat(186));
        assert_eq!(long.len(), 255);
        assert!(parse_email(&long).is_err());
        assert!(parse_email(&long[1..]).is_ok());
        assert!(parse_email(&format!("{}@b.com", "a".repeat(65))).is_err());
        assert_eq!(mask_email("somchai@example.com"), "s•••@example.com");
    }

    #[test]
    fn contacts() {
        let c = Contact::parse(" 081 234 5678 ", "").unwrap();
        assert_eq!(c.phone.as_deref(), Some("0812345678"));
        assert_eq!(c.email, None);
        assert_eq!(c.masked(), "081-xxx-x678");
        let c = Contact::parse("", "a@b.co").unwrap();
        assert_eq!((c.phone, c.email.as_deref()), (None, Some("a@b.co")));
        let c = Contact::parse("0812345678", "a@b.co").unwrap();
        assert_eq!(c.masked(), "081-xxx-x678, a•••@b.co");
        assert_eq!(Contact::parse(" ", "  ").unwrap_err().key, "contact");
        assert_eq!(Contact::parse("12", "a@b.co").unwrap_err().key, "phone");
        assert_eq!(Contact::parse("0812345678", "ab").unwrap_err().key, "email");
        let json = serde_json::to_string(&Contact::parse("", "a@b.co").unwrap()).unwrap();
        assert_eq!(json, r#"{"phone":null,"email":"a@b.co"}"#);
    }

    // ---- tracking codes --------------------------------------------------------------------

    #[test]
    fn tracking_codes() {
        let zero = TrackingCode::from_random([0; 10]);
        assert_eq!(zero.as_str(), "0000000000000000");
        let ones = TrackingCode::from_random([0xff; 10]);
        assert_eq!(ones.to_string(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let c = TrackingCode::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        // 0x0102030405060708090a in 5-bit groups.
        assert_eq!(c.as_str(), "041061050R3GG28A");
        assert_eq!(c.grouped(), "0410-6105-0R3G-G28A");
        assert_eq!(c.to_bytes(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        for typed in [
            "0410-6105-0R3G-G28A",
            "041061050r3gg28a",
            " o41o 61o5 oR3G g28a ",
            "O4IO–6LO5—OR3G G28A",
            "๐๔๑๐-๖๑๐๕-๐R๓G-G๒๘A",
        ] {
            let p = TrackingCode::parse(typed).unwrap();
            assert!(p.ct_eq(&c), "{typed}");
            assert_eq!(p, c);
        }
        assert_eq!(c.lookup_key().len(), 64);
        assert_eq!(
            c.lookup_key(),
            hex::encode(Sha256::digest(b"041061050R3GG28A"))
        );
        assert_ne!(c.lookup_key(), zero.lookup_key());
        assert!(!c.ct_eq(&zero));
        assert_eq!(format!("{c:?}"), "TrackingCode(****-****-****-G28A)");
        // serde: canonical string, reads what a person typed.
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""041061050R3GG28A""#);
        let back: TrackingCode = serde_json::from_str(r#""0410-6105-0r3g-g28a""#).unwrap();
        assert_eq!(back, c);
        assert!(serde_json::from_str::<TrackingCode>(r#""short""#).is_err());
        assert_eq!("0410-6105-0R3G-G28A".parse::<TrackingCode>().ok(), Some(c));
    }

    #[test]
    fn tracking_code_errors() {
        let e = TrackingCode::parse("0410-6105-0R3G-G28").unwrap_err();
        assert_eq!(e.field, TRACKING_CODE_FIELD);
        assert!(e.th.contains("๑๖") && e.th.contains("๑๕"), "{}", e.th);
        assert!(e.en.contains("15 given"));
        let e = TrackingCode::parse("0410-6105-0R3G-G28A-0").unwrap_err();
        assert!(e.en.contains("17 given"));
        let e = TrackingCode::parse("U410-6105-0R3G-G28A").unwrap_err();
        assert!(e.en.contains("“U”"), "{}", e.en);
        assert!(TrackingCode::parse("ก410-6105-0R3G-G28A").is_err());
        assert!(TrackingCode::parse("").is_err());
        assert!(TrackingCode::parse("0410\u{0}61050R3GG28A").is_err());
        assert!(TrackingCode::parse(&"0".repeat(10_000)).is_err());
    }

    // ---- workflow --------------------------------------------------------------------------

    #[test]
    fn states() {
        use RequestState::*;
        for s in RequestState::ALL {
            assert_eq!(RequestState::parse(s.code()), Some(s));
            assert!(!s.label_th().is_empty() && !s.label(Lang::En).is_empty());
            assert!(!s.can_move_to(s));
            assert!(!s.can_move_to(Received));
            assert_eq!(s.is_final(), s.next_states().is_empty());
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        assert_eq!(RequestState::parse("open"), None);
        assert!(Received.can_move_to(InProgress));
        assert!(Received.can_move_to(WaitingCitizen));
        assert!(Received.can_move_to(Done));
        assert!(Received.can_move_to(Rejected));
        assert!(InProgress.can_move_to(WaitingCitizen));
        assert!(InProgress.can_move_to(Done));
        assert!(InProgress.can_move_to(Rejected));
        assert!(WaitingCitizen.can_move_to(InProgress));
        assert!(WaitingCitizen.can_move_to(Done));
        assert!(WaitingCitizen.can_move_to(Rejected));
        for final_state in [Done, Rejected] {
            for s in RequestState::ALL {
                assert!(!final_state.can_move_to(s));
            }
        }
    }

    #[test]
    fn transitions() {
        use RequestState::*;
        assert!(Transition::check(Received, InProgress, "").is_ok());
        assert!(Transition::check(InProgress, Done, "ซ่อมเสร็จแล้ว").is_ok());
        let t = Transition::new(InProgress, WaitingCitizen, "  ขอสำเนา\r\nบัตรประชาชน ").unwrap();
        assert_eq!(t.note, "ขอสำเนา\nบัตรประชาชน");
        let e = Transition::check(InProgress, Rejected, "ไม่").unwrap_err();
        assert_eq!(e.field, "note");
        assert!(e.th.contains("๕"));
        assert!(Transition::check(InProgress, Rejected, "    ").is_err());
        assert!(Transition::check(InProgress, Rejected, "นอกเขต").is_ok());
        assert!(Transition::check(InProgress, Rejected, "abcde").is_ok());
        assert!(Transition::check(InProgress, Rejected, "abcd").is_err());
        let e = Transition::check(Done, InProgress, "").unwrap_err();
        assert_eq!(e.field, "state");
        assert!(e.en.contains("closed"));
        let e = Transition::check(InProgress, InProgress, "").unwrap_err();
        assert!(e.en.contains("already"));
        let e = Transition::check(InProgress, Received, "").unwrap_err();
        assert!(e.en.contains("cannot move"), "{}", e.en);
        assert!(Transition::check(Received, Done, &"ก".repeat(2001)).is_err());
        assert!(Transition::check(Received, Done, "a\u{1b}[31m").is_err());
    }

    #[test]
    fn due_dates_skip_weekends() {
        // Thu 1 Oct 2026 … Fri 2, Sat 3, Sun 4, Mon 5.
        let thu = d(2026, 10, 1);
        assert_eq!(thu.weekday(), Weekday::Thu);
        assert_eq!(due_date(thu, 0), thu);
        assert_eq!(due_date(thu, 1), d(2026, 10, 2));
        assert_eq!(due_date(thu, 2), d(2026, 10, 5));
        assert_eq!(due_date(thu, 5), d(2026, 10, 8));
        assert_eq!(due_date(thu, 15), d(2026, 10, 22));
        let sat = d(2026, 10, 3);
        assert_eq!(due_date(sat, 0), sat);
        assert_eq!(due_date(sat, 1), d(2026, 10, 5));
        assert_eq!(due_date(sat, 5), d(2026, 10, 9));
        assert_eq!(due_date(d(2026, 10, 4), 1), d(2026, 10, 5));
        let fri = d(2026, 10, 2);
        assert_eq!(due_date(fri, 1), d(2026, 10, 5));
        assert_eq!(due_date(fri, 5), d(2026, 10, 9));
        assert_eq!(due_date(NaiveDate::MAX, 3), NaiveDate::MAX);
        assert_eq!(due_date(d(2026, 1, 1), u32::MAX), NaiveDate::MAX);
    }

    #[test]
    fn lateness() {
        let thu = d(2026, 10, 1);
        // Due Mon 5 Oct.
        assert!(!is_late(thu, 2, None, d(2026, 10, 5)));
        assert!(is_late(thu, 2, None, d(2026, 10, 6)));
        assert!(!is_late(thu, 2, Some(d(2026, 10, 5)), d(2027, 1, 1)));
        assert!(is_late(thu, 2, Some(d(2026, 10, 6)), d(2026, 10, 6)));
        assert!(!is_late(thu, 2, Some(d(2026, 10, 2)), d(2027, 1, 1)));
    }

    // ---- statistics ------------------------------------------------------------------------

    #[test]
    fn channels_and_periods() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(c));
            assert!(!c.label_th().is_empty() && !c.label_en().is_empty());
        }
        let all = StatPeriod::all();
        assert_eq!(all.len(), 19);
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(sorted, all);
        assert_eq!(all[0], StatPeriod::Month(10));
        assert_eq!(all[11], StatPeriod::Month(9));
        let y = fy(2569);
        for p in &all {
            assert_eq!(StatPeriod::parse(&p.code()), Some(*p));
            let period = p.period(y).unwrap();
            assert_eq!(StatPeriod::from(period.kind), *p);
            assert_eq!(PeriodKind::from(*p), period.kind);
            assert_eq!(p.label_th(y, Digits::Thai), period.label_th(Digits::Thai));
            assert_eq!(p.label_en(y), period.label_en());
            let json = serde_json::to_string(p).unwrap();
            assert_eq!(serde_json::from_str::<StatPeriod>(&json).unwrap(), *p);
        }
        assert_eq!(
            StatPeriod::Month(10).date_range(y).unwrap(),
            (d(2025, 10, 1), d(2025, 10, 31))
        );
        assert_eq!(
            StatPeriod::Quarter(2).date_range(y).unwrap(),
            (d(2026, 1, 1), d(2026, 3, 31))
        );
        assert_eq!(
            StatPeriod::Half(2).date_range(y).unwrap(),
            (d(2026, 4, 1), d(2026, 9, 30))
        );
        assert_eq!(
            StatPeriod::Year.date_range(y).unwrap(),
            (d(2025, 10, 1), d(2026, 9, 30))
        );
        assert_eq!(
            StatPeriod::Quarter(1).label_th(y, Digits::Thai),
            "ไตรมาสที่ ๑ (ต.ค. – ธ.ค. ๒๕๖๘)"
        );
        assert_eq!(StatPeriod::Month(10).label_en(y), "October 2025");
        for bad in [
            "month:0",
            "month:13",
            "quarter:5",
            "half:0",
            "week:1",
            "",
            "year:1",
        ] {
            assert_eq!(StatPeriod::parse(bad), None, "{bad}");
            assert!(serde_json::from_str::<StatPeriod>(&format!("\"{bad}\"")).is_err());
        }
        assert_eq!(StatPeriod::Month(13).period(y).unwrap_err().field, "period");
        assert!(!StatPeriod::Quarter(9).label_th(y, Digits::Thai).is_empty());
        assert_eq!(StatPeriod::of_unit(PeriodUnit::Half).len(), 2);
        assert_eq!(StatPeriod::Half(1).to_string(), "half:1");
    }

    fn fact(
        service: i64,
        received: NaiveDate,
        state: RequestState,
        closed: Option<NaiveDate>,
    ) -> RequestFact {
        RequestFact {
            service_id: service,
            unit_id: Some(service * 10),
            channel: Channel::Online,
            received,
            due: due_date(received, 5),
            state,
            closed,
            count: 1,
        }
    }

    #[test]
    fn aggregates_by_service_unit_and_period() {
        use RequestState::*;
        let today = d(2026, 1, 20);
        let facts = vec![
            // Service 1, Q1 FY2569.
            fact(1, d(2025, 10, 1), Done, Some(d(2025, 10, 3))), // 2 days
            fact(1, d(2025, 10, 6), Done, Some(d(2025, 10, 20))), // 14 days, late
            fact(1, d(2025, 11, 3), Rejected, Some(d(2025, 11, 4))),
            fact(1, d(2025, 12, 1), InProgress, None), // late by today
            // Service 2.
            fact(2, d(2025, 12, 30), WaitingCitizen, None),
            RequestFact {
                channel: Channel::Counter,
                count: 10,
                unit_id: None,
                ..fact(2, d(2025, 11, 14), Done, Some(d(2025, 11, 14)))
            },
            // Outside Q1.
            fact(1, d(2026, 1, 5), Received, None),
            fact(1, d(2025, 9, 30), Done, Some(d(2025, 10, 1))),
        ];
        let y = fy(2569);
        let by_service = aggregate(&facts, y, StatPeriod::Quarter(1), today).unwrap();
        assert_eq!(by_service.len(), 2);
        let s1 = &by_service[&1];
        assert_eq!(
            (s1.received, s1.done, s1.rejected, s1.open, s1.late),
            (4, 2, 1, 1, 2)
        );
        assert_eq!((s1.days_sum, s1.days_count), (16, 2));
        assert_eq!(s1.mean_days(), Some(8.0));
        assert_eq!(s1.median_days, Some(8.0));
        assert_eq!(s1.percent_done(), Some(50.0));
        assert_eq!(s1.percent_late(), Some(50.0));
        let s2 = &by_service[&2];
        assert_eq!((s2.received, s2.done, s2.open, s2.late), (11, 10, 1, 1));
        assert_eq!(s2.mean_days(), Some(0.0));
        assert_eq!(s2.median_days, Some(0.0));

        let by_unit = aggregate_by_unit(facts.iter(), y, StatPeriod::Quarter(1), today).unwrap();
        assert_eq!(
            by_unit.keys().copied().collect::<Vec<_>>(),
            [None, Some(10), Some(20)]
        );
        assert_eq!(by_unit[&None].received, 10);

        let by_channel = aggregate_by(&facts, &y.whole(), today, |f| f.channel);
        assert_eq!(by_channel[&Channel::Counter].received, 10);
        assert_eq!(by_channel[&Channel::Online].received, 6);

        let months = aggregate_by_period(&facts, y, PeriodUnit::Month, today);
        assert_eq!(months.len(), 12);
        let first = months.iter().next().unwrap();
        assert_eq!(*first.0, StatPeriod::Month(10));
        assert_eq!(first.1.received, 2);
        assert_eq!(months[&StatPeriod::Month(11)].received, 11);
        assert_eq!(months[&StatPeriod::Month(1)].received, 1);
        assert_eq!(months[&StatPeriod::Month(5)], StatRow::default());
        let quarters = aggregate_by_period(&facts, y, PeriodUnit::Quarter, today);
        assert_eq!(quarters.len(), 4);
        assert_eq!(quarters[&StatPeriod::Quarter(1)].received, 15);
        let year = aggregate_by_period(&facts, y, PeriodUnit::Year, today);
        assert_eq!(year[&StatPeriod::Year].received, 16);

        // Merging keeps the counts; medians only when one side has none.
        let mut total = StatRow::default();
        for row in by_service.values() {
            total.merge(row);
        }
        assert_eq!(total.received, 15);
        assert_eq!(total.days_count, 12);
        assert_eq!(total.median_days, None);
        let mut only = StatRow::default();
        only.merge(s1);
        assert_eq!(only, *s1);
        only.merge(&StatRow {
            received: 1,
            open: 1,
            ..StatRow::default()
        });
        assert_eq!(only.median_days, Some(8.0));
        assert_eq!(StatRow::default().mean_days(), None);
        assert_eq!(StatRow::default().percent_done(), None);

        assert!(aggregate(&facts, y, StatPeriod::Month(0), today).is_err());
    }

    #[test]
    fn closed_without_a_day_is_not_late_and_has_no_duration() {
        let f = fact(1, d(2025, 10, 1), RequestState::Done, None);
        assert!(!f.is_late(d(2030, 1, 1)));
        assert_eq!(f.days_to_complete(), None);
        let f = fact(
            1,
            d(2025, 10, 1),
            RequestState::Rejected,
            Some(d(2025, 12, 1)),
        );
        assert!(f.is_late(d(2025, 12, 1)));
        assert_eq!(f.days_to_complete(), None);
        // A closing day before receipt (bad data) counts as 0 days.
        let f = fact(1, d(2025, 10, 1), RequestState::Done, Some(d(2025, 9, 1)));
        assert_eq!(f.days_to_complete(), Some(0));
    }

    #[test]
    fn medians() {
        assert_eq!(median_of_counts([]), None);
        assert_eq!(median_of_counts([(3, 0)]), None);
        assert_eq!(median_of_counts([(3, 1)]), Some(3.0));
        assert_eq!(median_of_counts([(1, 1), (3, 1)]), Some(2.0));
        assert_eq!(median_of_counts([(5, 1), (1, 1), (3, 1)]), Some(3.0));
        assert_eq!(median_of_counts([(1, 2), (10, 2)]), Some(5.5));
        assert_eq!(median_of_counts([(1, 3), (10, 2)]), Some(1.0));
        assert_eq!(median_of_counts([(7, 2), (7, 2)]), Some(7.0));
        assert_eq!(median_of_counts([(0, u64::MAX), (9, 1)]), Some(0.0));
    }

    // ---- properties ------------------------------------------------------------------------

    fn naive_median(mut v: Vec<u64>) -> Option<f64> {
        v.sort_unstable();
        let n = v.len();
        if n == 0 {
            None
        } else if n % 2 == 1 {
            Some(v[n / 2] as f64)
        } else {
            Some((v[n / 2 - 1] + v[n / 2]) as f64 / 2.0)
        }
    }

    fn arb_fact() -> impl Strategy<Value = RequestFact> {
        (
            1i64..4,
            0i64..500,
            0usize..5,
            0i64..60,
            0u32..20,
            1u64..4,
            any::<bool>(),
        )
            .prop_map(|(service, offset, state, took, target, count, online)| {
                let received = d(2025, 8, 1) + chrono::Duration::days(offset);
                let state = RequestState::ALL[state];
                RequestFact {
                    service_id: service,
                    unit_id: (service != 3).then_some(service),
                    channel: if online {
                        Channel::Online
                    } else {
                        Channel::Counter
                    },
                    received,
                    due: due_date(received, target),
                    state,
                    closed: state
                        .is_final()
                        .then(|| received + chrono::Duration::days(took)),
                    count,
                }
            })
    }

    proptest! {
        #[test]
        fn tracking_codes_round_trip(bytes in any::<[u8; 10]>(), lower in any::<bool>(), spaced in any::<bool>()) {
            let c = TrackingCode::from_random(bytes);
            prop_assert_eq!(c.as_str().len(), 16);
            prop_assert!(c.as_str().bytes().all(|b| CROCKFORD_ALPHABET.contains(&b)));
            prop_assert_eq!(c.to_bytes(), bytes);
            let mut typed = if spaced { c.grouped().replace('-', " ") } else { c.grouped() };
            if lower {
                typed = typed.to_lowercase();
            }
            let back = TrackingCode::parse(&typed).unwrap();
            prop_assert!(back.ct_eq(&c));
            prop_assert_eq!(back.lookup_key(), c.lookup_key());
            let other = TrackingCode::from_random([bytes[0] ^ 1, bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9]]);
            prop_assert!(!other.ct_eq(&c));
        }

        #[test]
        fn tracking_code_parse_is_total(s in ".{0,40}") {
            if let Ok(c) = TrackingCode::parse(&s) {
                prop_assert_eq!(TrackingCode::parse(c.as_str()).ok(), Some(c));
            }
        }

        #[test]
        fn due_dates_count_working_days(offset in 0i64..4000, n in 0u32..200) {
            let received = d(2020, 1, 1) + chrono::Duration::days(offset);
            let due = due_date(received, n);
            let working = received
                .iter_days()
                .skip(1)
                .take_while(|x| *x <= due)
                .filter(|x| !is_weekend(*x))
                .count();
            prop_assert_eq!(working, n as usize);
            if n > 0 {
                prop_assert!(!is_weekend(due));
                prop_assert!(due > received);
            }
            prop_assert!(due_date(received, n + 1) > due);
        }

        #[test]
        fn phones_normalise_to_valid_numbers(s in "[+0-9๐-๙ ()\\-.]{0,20}") {
            if let Ok(p) = parse_phone(&s) {
                prop_assert!(p.bytes().all(|b| b.is_ascii_digit()));
                prop_assert!(p.len() == 9 || p.len() == 10);
                prop_assert_eq!(parse_phone(&p).ok(), Some(p.clone()));
                prop_assert_eq!(parse_phone(&format_phone(&p)).ok(), Some(p));
            }
        }

        #[test]
        fn emails_are_total_and_idempotent(s in "\\PC{0,40}") {
            if let Ok(e) = parse_email(&s) {
                prop_assert_eq!(parse_email(&e).ok(), Some(e));
            }
        }

        #[test]
        fn form_json_parse_is_total(s in "\\PC{0,200}") {
            let _ = FormDef::parse_json(&s);
        }

        #[test]
        fn submissions_are_total_and_bounded(
            values in prop::collection::vec(("[a-z]{1,6}", "\\PC{0,250}|[0-9๐-๙,.\\- ]{0,20}"), 0..30),
        ) {
            let def = sample();
            let mut p = values;
            for (i, f) in def.fields.iter().enumerate() {
                if i % 2 == 0 {
                    p.push((f.key.clone(), String::from("x")));
                }
            }
            match def.parse_submission(&p) {
                Ok(a) => {
                    for ans in a.iter() {
                        let f = def.field(&ans.key).unwrap();
                        if let AnswerValue::Text(t) | AnswerValue::LongText(t) = &ans.value {
                            prop_assert!(t.chars().count() <= f.max_chars());
                            prop_assert_eq!(t.trim(), t.as_str());
                        }
                    }
                    prop_assert_eq!(Answers::from_json(&a.to_json()).ok(), Some(a));
                }
                Err(e) => prop_assert!(!e.is_empty()),
            }
        }

        #[test]
        fn numbers_round_trip(n in -999_999_999i64..999_999_999, frac in 0u32..100) {
            let s = format!("{n}.{frac:02}");
            let v = parse_number(&s).unwrap();
            prop_assert!((v - s.parse::<f64>().unwrap()).abs() < 1e-9);
            prop_assert_eq!(parse_number(&to_thai_digits(&s)), Some(v));
        }

        #[test]
        fn medians_match_the_sorted_list(values in prop::collection::vec((0u64..50, 0u64..4), 0..20)) {
            let flat: Vec<u64> = values.iter().flat_map(|&(v, n)| std::iter::repeat_n(v, n as usize)).collect();
            prop_assert_eq!(median_of_counts(values), naive_median(flat));
        }

        #[test]
        fn statistics_add_up(facts in prop::collection::vec(arb_fact(), 0..40), q in 1u8..=4) {
            let y = fy(2569);
            let today = d(2026, 6, 1);
            let period = StatPeriod::Quarter(q);
            let by_service = aggregate(&facts, y, period, today).unwrap();
            let by_unit = aggregate_by_unit(&facts, y, period, today).unwrap();
            let mut a = StatRow::default();
            for r in by_service.values() {
                prop_assert_eq!(r.received, r.done + r.rejected + r.open);
                prop_assert!(r.late <= r.received);
                prop_assert!(r.days_count <= r.done);
                prop_assert_eq!(r.median_days.is_some(), r.days_count > 0);
                a.merge(r);
            }
            let mut b = StatRow::default();
            for r in by_unit.values() {
                b.merge(r);
            }
            let all = aggregate_by(&facts, &period.period(y).unwrap(), today, |_| ());
            let total = all.get(&()).cloned().unwrap_or_default();
            let strip = |r: &StatRow| StatRow { median_days: None, ..r.clone() };
            prop_assert_eq!(strip(&a), strip(&total));
            prop_assert_eq!(strip(&b), strip(&total));
            // The quarters of the year add up to the year.
            let quarters = aggregate_by_period(&facts, y, PeriodUnit::Quarter, today);
            let mut sum = StatRow::default();
            for r in quarters.values() {
                sum.merge(r);
            }
            let year = aggregate_by_period(&facts, y, PeriodUnit::Year, today);
            prop_assert_eq!(strip(&sum), strip(&year[&StatPeriod::Year]));
        }
    }
}

//! Satisfaction surveys (แบบสำรวจความพึงพอใจ): the questions as data, a respondent's answers,
//! and the figures of the yearly report — per question the number of responses, the mean
//! (x̄) and standard deviation (S.D.) on the five-point scale, the distribution, the share
//! satisfied, the level in the words Thai government reports use, and the change from the
//! previous year.
//!
//! Summaries are plain counts ([`Summary::distribution`]), so they [`merge`](Summary::merge)
//! exactly: per service, per year, or from the store's SQL `GROUP BY`.
//!
//! Means are shown with two decimals, and the level is read from that shown value
//! ([`Summary::mean_hundredths`]), so a report never says 4.50 and "มาก" side by side.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::calendar::{to_ascii_digits, Digits};
use crate::eservice::{clean_text, parse_def_json, th_num, DefChecker, FORM_KEY};
use crate::i18n::Lang;

pub use crate::eservice::FieldError;

/// The most questions of a survey.
pub const MAX_QUESTIONS: usize = 30;
/// The longest question text (Thai or English), in characters.
pub const MAX_QUESTION_CHARS: usize = 500;
/// The longest answer to an open question, in characters.
pub const MAX_OPEN_TEXT_CHARS: usize = 1000;
/// The largest survey definition, in bytes of JSON.
pub const MAX_SURVEY_JSON_BYTES: usize = 64 * 1024;
/// The key of errors about a whole response (nothing answered).
pub const SURVEY_KEY: &str = "survey";

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A rating 1–5 (1 = least satisfied, 5 = most). JSON `scale5`.
    Scale5,
    /// Free text (suggestions). JSON `open_text`.
    OpenText,
}

impl QuestionKind {
    /// `scale5` or `open_text`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Scale5 => "scale5",
            Self::OpenText => "open_text",
        }
    }
    /// The kind of a [`code`](Self::code).
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Scale5, Self::OpenText]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable key (1–32 of `a-z`, `0-9`, `_`), unique within the survey. Keep it from year
    /// to year: [`compare`] matches questions by key.
    pub key: String,
    /// The question in Thai (required).
    pub text_th: String,
    /// In English; the Thai text is shown when empty.
    #[serde(default)]
    pub text_en: String,
    /// How it is answered.
    pub kind: QuestionKind,
    /// Whether an answer is required.
    #[serde(default)]
    pub required: bool,
}

impl Question {
    /// A question with the given key, texts and kind.
    pub fn new(
        key: &str,
        text_th: &str,
        text_en: &str,
        kind: QuestionKind,
        required: bool,
    ) -> Self {
        Self {
            key: key.to_owned(),
            text_th: text_th.to_owned(),
            text_en: text_en.to_owned(),
            kind,
            required,
        }
    }

    /// The text in `lang` (English falls back to Thai).
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.text_en.trim().is_empty() => &self.text_en,
            _ => &self.text_th,
        }
    }
}

/// A survey: its questions in order. Stored as JSON; read with
/// [`parse_json`](Self::parse_json).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyDef {
    /// The questions, in display order.
    pub questions: Vec<Question>,
}

impl SurveyDef {
    /// The usual survey of a local government's services: four aspects and the overall
    /// satisfaction on the five-point scale (required), and an optional suggestion.
    pub fn standard() -> Self {
        use QuestionKind::*;
        Self {
            questions: vec![
                Question::new(
                    "process",
                    "ความชัดเจนและความรวดเร็วของขั้นตอนการให้บริการ",
                    "Clarity and speed of the service procedure",
                    Scale5,
                    true,
                ),
                Question::new(
                    "staff",
                    "ความสุภาพ ความเต็มใจ และความรู้ของเจ้าหน้าที่ผู้ให้บริการ",
                    "Courtesy, helpfulness and knowledge of the staff",
                    Scale5,
                    true,
                ),
                Question::new(
                    "facilities",
                    "ความสะดวกของช่องทางและสถานที่ให้บริการ",
                    "Convenience of the service channels and premises",
                    Scale5,
                    true,
                ),
                Question::new(
                    "quality",
                    "คุณภาพของผลการให้บริการที่ได้รับ",
                    "Quality of the service received",
                    Scale5,
                    true,
                ),
                Question::new(
                    "overall",
                    "ความพึงพอใจต่อการให้บริการโดยรวม",
                    "Overall satisfaction with the service",
                    Scale5,
                    true,
                ),
                Question::new(
                    "suggestion",
                    "ข้อเสนอแนะเพิ่มเติม",
                    "Further suggestions",
                    OpenText,
                    false,
                ),
            ],
        }
    }

    /// Reads and validates a survey definition: at most [`MAX_SURVEY_JSON_BYTES`] of JSON of
    /// this type's shape (unknown properties refused), texts trimmed, then
    /// [`validate`](Self::validate). Every problem is reported.
    pub fn parse_json(json: &str) -> Result<SurveyDef, Vec<FieldError>> {
        let mut def: SurveyDef = parse_def_json(
            json,
            MAX_SURVEY_JSON_BYTES,
            ("แบบสำรวจ", "survey definition"),
        )?;
        for q in &mut def.questions {
            q.key = q.key.trim().to_owned();
            q.text_th = q.text_th.trim().to_owned();
            q.text_en = q.text_en.trim().to_owned();
        }
        def.validate()?;
        Ok(def)
    }

    /// The definition as JSON (as stored).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks a definition: 1–[`MAX_QUESTIONS`] questions with valid, unique keys, a Thai
    /// text on each, texts at most [`MAX_QUESTION_CHARS`] characters on one line.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = DefChecker::new();
        let n = self.questions.len();
        if n == 0 || n > MAX_QUESTIONS {
            c.errors.push(FieldError::new(
                FORM_KEY,
                format!(
                    "แบบสำรวจต้องมีคำถาม ๑–{} ข้อ (มี {} ข้อ)",
                    th_num(MAX_QUESTIONS),
                    th_num(n)
                ),
                format!("A survey has 1–{MAX_QUESTIONS} questions ({n} given)"),
            ));
        }
        let mut seen = HashSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            let key = c.key("questions", i, &q.key, &mut seen);
            c.text(
                &key,
                ("คำถามภาษาไทย", "Thai question"),
                &q.text_th,
                MAX_QUESTION_CHARS,
                true,
            );
            c.text(
                &key,
                ("คำถามภาษาอังกฤษ", "English question"),
                &q.text_en,
                MAX_QUESTION_CHARS,
                false,
            );
        }
        c.finish()
    }

    /// The question with this key.
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// Checks a respondent's answers (form pairs) and returns them typed, in question order;
    /// every problem is reported under its question's key.
    ///
    /// * Pairs whose key is not a question are ignored; a question answered twice is refused.
    /// * A rating is one digit 1–5, Thai digits accepted (`๕`), spaces trimmed.
    /// * Open text: newlines allowed, no other control characters, at most
    ///   [`MAX_OPEN_TEXT_CHARS`] characters.
    /// * Empty optional answers are left out; a response with no answer at all is refused
    ///   (key [`SURVEY_KEY`]).
    pub fn parse_response(
        &self,
        pairs: &[(String, String)],
    ) -> Result<SurveyResponse, Vec<FieldError>> {
        let given =
            crate::eservice::values_by_key(self.questions.iter().map(|q| q.key.as_str()), pairs);
        let mut answers = Vec::new();
        let mut errors = Vec::new();
        for q in &self.questions {
            let values = given.get(q.key.as_str()).map_or(&[][..], Vec::as_slice);
            match parse_answer(q, values) {
                Ok(Some(value)) => answers.push(SurveyAnswer {
                    key: q.key.clone(),
                    value,
                }),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() && answers.is_empty() {
            errors.push(FieldError::new(
                SURVEY_KEY,
                "ยังไม่ได้ตอบคำถามใดเลย",
                "No question was answered",
            ));
        }
        if errors.is_empty() {
            Ok(SurveyResponse(answers))
        } else {
            Err(errors)
        }
    }
}

fn parse_answer(q: &Question, values: &[&str]) -> Result<Option<SurveyValue>, FieldError> {
    let key = q.key.as_str();
    let raw = match values {
        [] => "",
        [one] => one,
        _ => {
            return Err(FieldError::new(
                key,
                "คำถามนี้ถูกส่งคำตอบมามากกว่าหนึ่งค่า",
                "This question was answered more than once",
            ))
        }
    };
    if raw.trim().is_empty() {
        return if q.required {
            Err(match q.kind {
                QuestionKind::Scale5 => {
                    FieldError::new(key, "กรุณาเลือกระดับความพึงพอใจ", "Please choose a rating")
                }
                QuestionKind::OpenText => {
                    FieldError::new(key, "กรุณาตอบคำถามนี้", "Please answer this question")
                }
            })
        } else {
            Ok(None)
        };
    }
    match q.kind {
        QuestionKind::Scale5 => {
            let s = to_ascii_digits(raw.trim());
            match s.as_str() {
                "1" | "2" | "3" | "4" | "5" => Ok(Some(SurveyValue::Scale(s.parse().unwrap_or(1)))),
                _ => Err(FieldError::new(
                    key,
                    "ระดับความพึงพอใจต้องเป็น ๑ ถึง ๕",
                    "The rating must be 1 to 5",
                )),
            }
        }
        QuestionKind::OpenText => Ok(Some(SurveyValue::Text(clean_text(
            key,
            raw,
            MAX_OPEN_TEXT_CHARS,
            true,
        )?))),
    }
}

/// A typed answer. Serialised as `{"type": "scale", "value": 4}` or
/// `{"type": "text", "value": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum SurveyValue {
    /// A rating 1–5.
    Scale(u8),
    /// Free text, `\n` line breaks.
    Text(String),
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    /// The question's key.
    pub key: String,
    /// The answer.
    pub value: SurveyValue,
}

/// One respondent's answers, in question order. Serialised as a JSON array of
/// [`SurveyAnswer`]s.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SurveyResponse(Vec<SurveyAnswer>);

impl SurveyResponse {
    /// A response from answers (e.g. read back from storage). Not validated.
    pub fn from_answers(answers: Vec<SurveyAnswer>) -> Self {
        Self(answers)
    }
    /// The answers in order.
    pub fn as_slice(&self) -> &[SurveyAnswer] {
        &self.0
    }
    /// The answers in order.
    pub fn iter(&self) -> std::slice::Iter<'_, SurveyAnswer> {
        self.0.iter()
    }
    /// The number of answers.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether nothing was answered.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The answer to question `key`.
    pub fn get(&self, key: &str) -> Option<&SurveyValue> {
        self.0.iter().find(|a| a.key == key).map(|a| &a.value)
    }
    /// The rating given to question `key`.
    pub fn rating(&self, key: &str) -> Option<u8> {
        match self.get(key) {
            Some(SurveyValue::Scale(n)) => Some(*n),
            _ => None,
        }
    }
    /// The open-text answers, `(key, text)`, for the report's list of suggestions.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().filter_map(|a| match &a.value {
            SurveyValue::Text(t) => Some((a.key.as_str(), t.as_str())),
            SurveyValue::Scale(_) => None,
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

impl<'a> IntoIterator for &'a SurveyResponse {
    type Item = &'a SurveyAnswer;
    type IntoIter = std::slice::Iter<'a, SurveyAnswer>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

// ---------------------------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------------------------

/// The level of satisfaction of a mean on the five-point scale, with the bands of Thai
/// government reports (เกณฑ์การแปลความหมาย): 4.50–5.00 มากที่สุด, 3.50–4.49 มาก, 2.50–3.49
/// ปานกลาง, 1.50–2.49 น้อย, 1.00–1.49 น้อยที่สุด.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SatisfactionLevel {
    /// น้อยที่สุด (below 1.50).
    VeryLow,
    /// น้อย (1.50–2.49).
    Low,
    /// ปานกลาง (2.50–3.49).
    Moderate,
    /// มาก (3.50–4.49).
    High,
    /// มากที่สุด (4.50 and above).
    VeryHigh,
}

impl SatisfactionLevel {
    /// Every level, highest first (the order of the interpretation table in reports).
    pub const ALL: [SatisfactionLevel; 5] = [
        Self::VeryHigh,
        Self::High,
        Self::Moderate,
        Self::Low,
        Self::VeryLow,
    ];

    /// The level of a mean given in hundredths (450 = 4.50).
    pub fn from_hundredths(h: u64) -> Self {
        match h {
            450.. => Self::VeryHigh,
            350.. => Self::High,
            250.. => Self::Moderate,
            150.. => Self::Low,
            _ => Self::VeryLow,
        }
    }

    /// The level of a mean, rounded to two decimals first (4.495 → 4.50 → มากที่สุด).
    /// Not a number counts as the lowest.
    pub fn of_mean(mean: f64) -> Self {
        let h = (mean * 100.0).round();
        Self::from_hundredths(if h.is_finite() && h > 0.0 {
            h as u64
        } else {
            0
        })
    }

    /// The band in hundredths, both ends inclusive: `(450, 500)` for มากที่สุด.
    pub fn band(self) -> (u64, u64) {
        match self {
            Self::VeryHigh => (450, 500),
            Self::High => (350, 449),
            Self::Moderate => (250, 349),
            Self::Low => (150, 249),
            Self::VeryLow => (100, 149),
        }
    }

    /// The band as written in reports: `4.50–5.00` (`๔.๕๐–๕.๐๐` with Thai digits).
    pub fn band_text(self, digits: Digits) -> String {
        let (lo, hi) = self.band();
        digits.apply(&format!("{}–{}", hundredths_text(lo), hundredths_text(hi)))
    }

    /// Storage code: `very_high`, `high`, `moderate`, `low`, `very_low`.
    pub fn code(self) -> &'static str {
        match self {
            Self::VeryHigh => "very_high",
            Self::High => "high",
            Self::Moderate => "moderate",
            Self::Low => "low",
            Self::VeryLow => "very_low",
        }
    }

    /// มากที่สุด, มาก, ปานกลาง, น้อย, น้อยที่สุด.
    pub fn label_th(self) -> &'static str {
        match self {
            Self::VeryHigh => "มากที่สุด",
            Self::High => "มาก",
            Self::Moderate => "ปานกลาง",
            Self::Low => "น้อย",
            Self::VeryLow => "น้อยที่สุด",
        }
    }

    /// very high, high, moderate, low, very low.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::VeryHigh => "very high",
            Self::High => "high",
            Self::Moderate => "moderate",
            Self::Low => "low",
            Self::VeryLow => "very low",
        }
    }

    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.label_th(),
            Lang::En => self.label_en(),
        }
    }
}

/// `450 → "4.50"`.
fn hundredths_text(h: u64) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// The answers to one question, as counts.
///
/// For a rating question `responses` equals the sum of `distribution`; for an open question
/// it counts the answers and `distribution` stays zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Answers given.
    pub responses: u64,
    /// How many rated 1, 2, 3, 4 and 5 (index 0 = rating 1).
    pub distribution: [u64; 5],
}

impl Summary {
    /// Counts one answer (a rating outside 1–5 counts as a response only).
    pub fn add(&mut self, value: &SurveyValue) {
        self.responses = self.responses.saturating_add(1);
        if let SurveyValue::Scale(n) = value {
            if let Some(slot) = usize::from(*n)
                .checked_sub(1)
                .and_then(|i| self.distribution.get_mut(i))
            {
                *slot = slot.saturating_add(1);
            }
        }
    }

    /// Adds another summary's counts.
    pub fn merge(&mut self, other: &Summary) {
        self.responses = self.responses.saturating_add(other.responses);
        for (a, b) in self.distribution.iter_mut().zip(other.distribution) {
            *a = a.saturating_add(b);
        }
    }

    /// How many ratings (the sum of the distribution).
    pub fn rated(&self) -> u64 {
        self.distribution
            .iter()
            .fold(0u64, |a, &n| a.saturating_add(n))
    }

    /// Σn and Σn², exact.
    fn sums(&self) -> (u128, u128, u128) {
        let mut n = 0u128;
        let mut s = 0u128;
        let mut s2 = 0u128;
        for (i, &c) in (1u128..).zip(self.distribution.iter()) {
            let c = u128::from(c);
            n += c;
            s += i * c;
            s2 += i * i * c;
        }
        (n, s, s2)
    }

    /// The mean rating (x̄); `None` without ratings.
    pub fn mean(&self) -> Option<f64> {
        let (n, s, _) = self.sums();
        (n > 0).then(|| s as f64 / n as f64)
    }

    /// The mean rounded half up to hundredths (`4.256 → 426`), computed exactly: the value
    /// reports show and levels are read from.
    pub fn mean_hundredths(&self) -> Option<u64> {
        let (n, s, _) = self.sums();
        (n > 0).then(|| u64::try_from((200 * s + n) / (2 * n)).unwrap_or(u64::MAX))
    }

    /// The mean as shown: `4.26` (two decimals), in the given digits.
    pub fn mean_text(&self, digits: Digits) -> Option<String> {
        self.mean_hundredths()
            .map(|h| digits.apply(&hundredths_text(h)))
    }

    /// The sample standard deviation (S.D., n − 1), as in Thai survey reports; `None` with
    /// fewer than two ratings.
    pub fn std_dev(&self) -> Option<f64> {
        let (n, s, s2) = self.sums();
        if n < 2 {
            return None;
        }
        // n·Σx² − (Σx)² is exact in integers and never negative.
        let num = (n * s2).saturating_sub(s * s);
        Some((num as f64 / (n as f64 * (n - 1) as f64)).sqrt())
    }

    /// The share of ratings 4 and 5, in per cent; `None` without ratings.
    pub fn percent_satisfied(&self) -> Option<f64> {
        let n = self.rated();
        let [_, _, _, four, five] = self.distribution;
        (n > 0).then(|| four.saturating_add(five) as f64 * 100.0 / n as f64)
    }

    /// The level of the shown mean; `None` without ratings.
    pub fn level(&self) -> Option<SatisfactionLevel> {
        self.mean_hundredths()
            .map(SatisfactionLevel::from_hundredths)
    }
}

/// The summary of many responses: how many responded, and a [`Summary`] per question key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    /// Responses counted.
    pub respondents: u64,
    /// Per question key (questions nobody answered are absent).
    pub questions: BTreeMap<String, Summary>,
}

impl SurveySummary {
    /// Counts one response.
    pub fn add(&mut self, response: &SurveyResponse) {
        self.respondents = self.respondents.saturating_add(1);
        for a in response {
            self.questions
                .entry(a.key.clone())
                .or_default()
                .add(&a.value);
        }
    }

    /// Adds another summary (e.g. of another service).
    pub fn merge(&mut self, other: &SurveySummary) {
        self.respondents = self.respondents.saturating_add(other.respondents);
        for (k, s) in &other.questions {
            self.questions.entry(k.clone()).or_default().merge(s);
        }
    }

    /// The summary of question `key` (empty if nobody answered it).
    pub fn get(&self, key: &str) -> Summary {
        self.questions.get(key).copied().unwrap_or_default()
    }

    /// All ratings of all questions pooled (ภาพรวม): the overall mean is then the mean of
    /// every rating given.
    pub fn overall(&self) -> Summary {
        let mut all = Summary::default();
        for s in self.questions.values() {
            all.merge(&Summary {
                responses: s.rated(),
                distribution: s.distribution,
            });
        }
        all
    }
}

/// Summarises responses.
pub fn summarize<I>(responses: I) -> SurveySummary
where
    I: IntoIterator,
    I::Item: Borrow<SurveyResponse>,
{
    let mut s = SurveySummary::default();
    for r in responses {
        s.add(r.borrow());
    }
    s
}

/// How a figure changed from the previous year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// Change of the shown mean (difference of the two-decimal means, so the table adds
    /// up); `None` when either year has no ratings or the question is new.
    pub mean: Option<f64>,
    /// Change of the number of responses; `None` when the question is new.
    pub responses: Option<i64>,
}

impl Delta {
    fn between(this: &Summary, previous: Option<&Summary>) -> Self {
        let Some(previous) = previous else {
            return Self::default();
        };
        let mean = this
            .mean_hundredths()
            .zip(previous.mean_hundredths())
            .map(|(a, b)| (i128::from(a) - i128::from(b)) as f64 / 100.0);
        Self {
            mean,
            responses: Some(signed_diff(this.responses, previous.responses)),
        }
    }

    /// The change of the mean as shown: `+0.13`, `-0.05`, `0.00`.
    pub fn mean_text(&self, digits: Digits) -> Option<String> {
        self.mean.map(|m| {
            let h = (m * 100.0).round() as i64;
            let sign = match h.signum() {
                1 => "+",
                -1 => "-",
                _ => "",
            };
            digits.apply(&format!("{sign}{}", hundredths_text(h.unsigned_abs())))
        })
    }
}

fn signed_diff(a: u64, b: u64) -> i64 {
    let d = i128::from(a) - i128::from(b);
    i64::try_from(d).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
}

/// This year against the previous one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Change of the number of respondents.
    pub respondents: i64,
    /// Change of the pooled figures ([`SurveySummary::overall`]).
    pub overall: Delta,
    /// Per question of this year (questions dropped since last year are not listed).
    pub questions: BTreeMap<String, Delta>,
}

/// Compares this year's summary with the previous year's, question by question (by key).
pub fn compare(this_year: &SurveySummary, previous_year: &SurveySummary) -> Comparison {
    Comparison {
        respondents: signed_diff(this_year.respondents, previous_year.respondents),
        overall: Delta::between(&this_year.overall(), Some(&previous_year.overall())),
        questions: this_year
            .questions
            .iter()
            .map(|(k, s)| (k.clone(), Delta::between(s, previous_year.questions.get(k))))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn keys(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.key.as_str()).collect()
    }

    fn summary(distribution: [u64; 5]) -> Summary {
        Summary {
            responses: distribution.iter().sum(),
            distribution,
        }
    }

    #[test]
    fn standard_survey_is_valid_and_round_trips() {
        let s = SurveyDef::standard();
        assert!(s.validate().is_ok());
        assert_eq!(s.questions.len(), 6);
        let json = s.to_json();
        assert!(json.contains(r#""kind":"scale5""#));
        assert!(json.contains(r#""kind":"open_text""#));
        assert_eq!(SurveyDef::parse_json(&json), Ok(s.clone()));
        assert_eq!(
            s.question("overall").map(|q| q.text(Lang::En)),
            Some("Overall satisfaction with the service")
        );
        assert_eq!(QuestionKind::parse("scale5"), Some(QuestionKind::Scale5));
        assert_eq!(
            QuestionKind::parse(QuestionKind::OpenText.code()),
            Some(QuestionKind::OpenText)
        );
        assert_eq!(QuestionKind::parse("stars"), None);
    }

    #[test]
    fn parses_and_refuses_definitions() {
        let ok = SurveyDef::parse_json(
            r#"{"questions": [{"key": "q1", "text_th": " พอใจไหม ", "kind": "scale5"}]}"#,
        )
        .unwrap();
        assert_eq!(ok.questions[0].text_th, "พอใจไหม");
        assert_eq!(ok.questions[0].text(Lang::En), "พอใจไหม");
        assert!(!ok.questions[0].required);

        let bad = r#"{"questions": [
            {"key": "Q", "text_th": "ก", "kind": "scale5"},
            {"key": "a", "text_th": "", "kind": "scale5"},
            {"key": "a", "text_th": "ข", "kind": "open_text"}
        ]}"#;
        let e = SurveyDef::parse_json(bad).unwrap_err();
        assert_eq!(keys(&e), ["questions[1]", "a", "a"]);

        assert_eq!(
            keys(&SurveyDef::parse_json(r#"{"questions": []}"#).unwrap_err()),
            [FORM_KEY]
        );
        let many = SurveyDef {
            questions: (0..31)
                .map(|i| Question::new(&format!("q{i}"), "ข้อ", "", QuestionKind::Scale5, true))
                .collect(),
        };
        assert_eq!(keys(&many.validate().unwrap_err()), [FORM_KEY]);
        let thirty = SurveyDef {
            questions: many.questions[..30].to_vec(),
        };
        assert!(thirty.validate().is_ok());
        let long = SurveyDef {
            questions: vec![Question::new(
                "q",
                &"ก".repeat(501),
                "",
                QuestionKind::Scale5,
                true,
            )],
        };
        assert_eq!(keys(&long.validate().unwrap_err()), ["q"]);
        for bad in [
            "",
            "{}",
            r#"{"questions": [{"key": "q", "text_th": "ก", "kind": "stars"}]}"#,
            r#"{"questions": [{"key": "q", "text_th": "ก", "kind": "scale5", "x": 1}]}"#,
        ] {
            assert_eq!(
                keys(&SurveyDef::parse_json(bad).unwrap_err()),
                [FORM_KEY],
                "{bad}"
            );
        }
        let huge = format!(
            r#"{{"questions": [{{"key": "q", "text_th": "{}", "kind": "scale5"}}]}}"#,
            "x".repeat(MAX_SURVEY_JSON_BYTES)
        );
        assert_eq!(keys(&SurveyDef::parse_json(&huge).unwrap_err()), [FORM_KEY]);
    }

    #[test]
    fn parses_responses() {
        let s = SurveyDef::standard();
        let r = s
            .parse_response(&pairs(&[
                ("csrf", "x"),
                ("process", "5"),
                ("staff", " ๔ "),
                ("facilities", "3"),
                ("quality", "๕"),
                ("overall", "4"),
                ("suggestion", " ที่จอดรถน้อย\r\nอยากให้เพิ่ม "),
            ]))
            .unwrap();
        assert_eq!(r.len(), 6);
        assert_eq!(r.rating("staff"), Some(4));
        assert_eq!(r.rating("quality"), Some(5));
        assert_eq!(r.rating("suggestion"), None);
        assert_eq!(
            r.texts().collect::<Vec<_>>(),
            [("suggestion", "ที่จอดรถน้อย\nอยากให้เพิ่ม")]
        );
        let json = r.to_json();
        assert!(
            json.starts_with(r#"[{"key":"process","value":{"type":"scale","value":5}}"#),
            "{json}"
        );
        assert_eq!(SurveyResponse::from_json(&json).unwrap(), r);
        assert_eq!(SurveyResponse::from_answers(r.as_slice().to_vec()), r);
        assert_eq!((&r).into_iter().count(), 6);
        // The suggestion is optional.
        let r = s
            .parse_response(&pairs(&[
                ("process", "1"),
                ("staff", "2"),
                ("facilities", "3"),
                ("quality", "4"),
                ("overall", "5"),
                ("suggestion", "  "),
            ]))
            .unwrap();
        assert_eq!(r.len(), 5);
        assert_eq!(r.get("suggestion"), None);
    }

    #[test]
    fn refuses_bad_responses() {
        let s = SurveyDef::standard();
        let e = s.parse_response(&[]).unwrap_err();
        assert_eq!(
            keys(&e),
            ["process", "staff", "facilities", "quality", "overall"]
        );
        assert_eq!(e[0].en, "Please choose a rating");
        let good = [
            ("process", "5"),
            ("staff", "4"),
            ("facilities", "3"),
            ("quality", "5"),
            ("overall", "4"),
        ];
        for (key, value) in [
            ("process", "0"),
            ("process", "6"),
            ("process", "4.5"),
            ("process", "๖"),
            ("process", "five"),
            ("process", "55"),
            ("suggestion", &"ก".repeat(1001)),
            ("suggestion", "a\u{0}b"),
        ] {
            let mut p = pairs(&good);
            match p.iter_mut().find(|(k, _)| k == key) {
                Some(pair) => pair.1 = value.to_string(),
                None => p.push((key.to_string(), value.to_string())),
            }
            let e = s.parse_response(&p).unwrap_err();
            assert_eq!(keys(&e), [key], "{key}={value:?}");
            assert!(!e[0].th.is_empty());
        }
        let mut p = pairs(&good);
        p.push(("overall".into(), "5".into()));
        assert_eq!(keys(&s.parse_response(&p).unwrap_err()), ["overall"]);
        let mut p = pairs(&good);
        p.push(("suggestion".into(), "ก".repeat(1000)));
        assert!(s.parse_response(&p).is_ok());
        // Nothing answered in a survey without required questions.
        let optional = SurveyDef {
            questions: vec![Question::new("q", "ข้อ", "", QuestionKind::Scale5, false)],
        };
        assert_eq!(
            keys(&optional.parse_response(&[]).unwrap_err()),
            [SURVEY_KEY]
        );
        let required_text = SurveyDef {
            questions: vec![Question::new("t", "ข้อ", "", QuestionKind::OpenText, true)],
        };
        assert_eq!(
            required_text.parse_response(&[]).unwrap_err()[0].en,
            "Please answer this question"
        );
    }

    #[test]
    fn summary_figures() {
        // 2×5, 1×4, 1×3: mean 17/4 = 4.25.
        let s = summary([0, 0, 1, 1, 2]);
        assert_eq!(s.rated(), 4);
        assert_eq!(s.mean(), Some(4.25));
        assert_eq!(s.mean_hundredths(), Some(425));
        assert_eq!(s.mean_text(Digits::Arabic).as_deref(), Some("4.25"));
        assert_eq!(s.mean_text(Digits::Thai).as_deref(), Some("๔.๒๕"));
        assert_eq!(s.percent_satisfied(), Some(75.0));
        assert_eq!(s.level(), Some(SatisfactionLevel::High));
        // Sample S.D. of 3, 4, 5, 5: variance (0.25·… ) = 11/12.
        let sd = s.std_dev().unwrap();
        assert!((sd - (11.0f64 / 12.0).sqrt()).abs() < 1e-12, "{sd}");
        // Rounding is half up and decides the level: 899/200 = 4.495 → 4.50.
        let s = summary([0, 0, 0, 101, 99]);
        assert_eq!(s.mean(), Some(4.495));
        assert_eq!(s.mean_hundredths(), Some(450));
        assert_eq!(s.level(), Some(SatisfactionLevel::VeryHigh));
        // 2/3 → 0.67; 4.666… → 4.67.
        assert_eq!(
            summary([0, 0, 0, 1, 2])
                .mean_text(Digits::Arabic)
                .as_deref(),
            Some("4.67")
        );
        assert_eq!(summary([1, 0, 0, 0, 0]).std_dev(), None);
        assert_eq!(summary([3, 0, 0, 0, 0]).std_dev(), Some(0.0));
        let empty = Summary::default();
        assert_eq!(
            (
                empty.mean(),
                empty.mean_hundredths(),
                empty.std_dev(),
                empty.percent_satisfied(),
                empty.level()
            ),
            (None, None, None, None, None)
        );
        // Open questions count responses only.
        let mut t = Summary::default();
        t.add(&SurveyValue::Text("ดี".into()));
        t.add(&SurveyValue::Scale(9));
        assert_eq!((t.responses, t.rated()), (2, 0));
        assert_eq!(t.mean(), None);
        // Huge counts do not overflow.
        let big = summary([0, 0, 0, 0, u64::MAX / 8]);
        assert_eq!(big.mean_hundredths(), Some(500));
        assert_eq!(big.std_dev(), Some(0.0));
    }

    #[test]
    fn levels() {
        use SatisfactionLevel::*;
        for (h, want) in [
            (500, VeryHigh),
            (450, VeryHigh),
            (449, High),
            (350, High),
            (349, Moderate),
            (250, Moderate),
            (249, Low),
            (150, Low),
            (149, VeryLow),
            (100, VeryLow),
            (0, VeryLow),
        ] {
            assert_eq!(SatisfactionLevel::from_hundredths(h), want, "{h}");
        }
        assert_eq!(SatisfactionLevel::of_mean(4.495), VeryHigh);
        assert_eq!(SatisfactionLevel::of_mean(4.494), High);
        assert_eq!(SatisfactionLevel::of_mean(f64::NAN), VeryLow);
        assert_eq!(SatisfactionLevel::of_mean(-1.0), VeryLow);
        let labels: Vec<&str> = SatisfactionLevel::ALL
            .iter()
            .map(|l| l.label_th())
            .collect();
        assert_eq!(labels, ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"]);
        assert_eq!(VeryHigh.band_text(Digits::Thai), "๔.๕๐–๕.๐๐");
        assert_eq!(High.band_text(Digits::Arabic), "3.50–4.49");
        assert_eq!(VeryLow.band_text(Digits::Arabic), "1.00–1.49");
        for l in SatisfactionLevel::ALL {
            let (lo, hi) = l.band();
            assert_eq!(SatisfactionLevel::from_hundredths(lo), l);
            assert_eq!(SatisfactionLevel::from_hundredths(hi), l);
            assert!(!l.label(Lang::En).is_empty() && !l.code().is_empty());
        }
        assert!(VeryHigh > High && Low > VeryLow);
    }

    fn response(list: &[(&str, SurveyValue)]) -> SurveyResponse {
        SurveyResponse::from_answers(
            list.iter()
                .map(|(k, v)| SurveyAnswer {
                    key: k.to_string(),
                    value: v.clone(),
                })
                .collect(),
        )
    }

    #[test]
    fn summarize_merge_and_compare() {
        use SurveyValue::*;
        let this = summarize(vec![
            response(&[("a", Scale(5)), ("b", Scale(4)), ("new", Scale(3))]),
            response(&[("a", Scale(4)), ("c", Text("ดี".into()))]),
            response(&[("a", Scale(3))]),
        ]);
        assert_eq!(this.respondents, 3);
        assert_eq!(this.get("a"), summary([0, 0, 1, 1, 1]));
        assert_eq!(this.get("c").responses, 1);
        assert_eq!(this.get("missing"), Summary::default());
        let overall = this.overall();
        assert_eq!(overall.distribution, [0, 0, 2, 2, 1]);
        assert_eq!(overall.responses, 5);

        let previous = summarize(&[
            response(&[("a", Scale(3)), ("b", Scale(4)), ("c", Text("x".into()))]),
            response(&[("a", Scale(3)), ("old", Scale(1))]),
        ]);
        let cmp = compare(&this, &previous);
        assert_eq!(cmp.respondents, 1);
        let a = cmp.questions["a"];
        assert_eq!(a.mean, Some(1.0));
        assert_eq!(a.responses, Some(1));
        assert_eq!(a.mean_text(Digits::Arabic).as_deref(), Some("+1.00"));
        assert_eq!(cmp.questions["b"].mean, Some(0.0));
        assert_eq!(
            cmp.questions["b"].mean_text(Digits::Thai).as_deref(),
            Some("๐.๐๐")
        );
        assert_eq!(cmp.questions["b"].responses, Some(0));
        assert_eq!(cmp.questions["new"], Delta::default());
        assert_eq!(
            cmp.questions["c"],
            Delta {
                mean: None,
                responses: Some(0)
            }
        );
        assert!(!cmp.questions.contains_key("old"));
        // Overall: this 19/5 = 3.80, previous 11/4 = 2.75.
        assert_eq!(cmp.overall.mean, Some(1.05));
        let down = Delta {
            mean: Some(-0.05),
            responses: None,
        };
        assert_eq!(down.mean_text(Digits::Arabic).as_deref(), Some("-0.05"));

        // Merge equals summarising everything at once.
        let mut merged = this.clone();
        merged.merge(&previous);
        assert_eq!(merged.respondents, 5);
        assert_eq!(merged.get("a"), summary([0, 0, 3, 1, 1]));
        // JSON, as cached by the store.
        let json = serde_json::to_string(&merged).unwrap();
        assert_eq!(
            serde_json::from_str::<SurveySummary>(&json).unwrap(),
            merged
        );
        // No previous year at all.
        let cmp = compare(&this, &SurveySummary::default());
        assert!(cmp.questions.values().all(|d| *d == Delta::default()));
        assert_eq!(cmp.overall.mean, None);
        assert_eq!(cmp.overall.responses, Some(5));
    }

    fn arb_response() -> impl Strategy<Value = SurveyResponse> {
        prop::collection::vec((0usize..4, 0u8..7, any::<bool>()), 0..5).prop_map(|answers| {
            SurveyResponse::from_answers(
                answers
                    .into_iter()
                    .map(|(q, v, text)| SurveyAnswer {
                        key: format!("q{q}"),
                        value: if text {
                            SurveyValue::Text("t".into())
                        } else {
                            SurveyValue::Scale(v)
                        },
                    })
                    .collect(),
            )
        })
    }

    proptest! {
        #[test]
        fn merging_equals_summarising_all(
            a in prop::collection::vec(arb_response(), 0..20),
            b in prop::collection::vec(arb_response(), 0..20),
        ) {
            let mut merged = summarize(&a);
            merged.merge(&summarize(&b));
            let all = summarize(a.iter().chain(b.iter()));
            prop_assert_eq!(&merged, &all);
            for s in all.questions.values() {
                prop_assert!(s.rated() <= s.responses);
                if let (Some(m), Some(h)) = (s.mean(), s.mean_hundredths()) {
                    prop_assert!((1.0..=5.0).contains(&m));
                    prop_assert!((100..=500).contains(&h));
                    prop_assert!(((m * 100.0) - h as f64).abs() <= 0.5 + 1e-9);
                    prop_assert_eq!(s.level(), Some(SatisfactionLevel::from_hundredths(h)));
                    let p = s.percent_satisfied().unwrap_or(-1.0);
                    prop_assert!((0.0..=100.0).contains(&p));
                }
                if let Some(sd) = s.std_dev() {
                    prop_assert!((0.0..=2.9).contains(&sd));
                }
            }
            let cmp = compare(&all, &summarize(&a));
            prop_assert_eq!(cmp.questions.len(), all.questions.len());
        }

        #[test]
        fn responses_parse_totally(values in prop::collection::vec(("process|staff|suggestion|x", "\\PC{0,30}|[1-5๑-๕ ]{0,3}"), 0..8)) {
            let def = SurveyDef::standard();
            if let Ok(r) = def.parse_response(&values) {
                for a in r.iter() {
                    if let SurveyValue::Scale(n) = a.value {
                        prop_assert!((1..=5).contains(&n));
                    }
                }
            }
        }

        #[test]
        fn definitions_parse_totally(s in "\\PC{0,200}") {
            let _ = SurveyDef::parse_json(&s);
        }
    }
}

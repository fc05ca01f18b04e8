//! Announcements (ประกาศ): the official statements an agency's executive signs and publishes,
//! one per kind and fiscal year — the integrity intent (เจตจำนงสุจริต), the No Gift Policy, the
//! HR policy, the HR criteria and the code of ethics. Each answers the OIT items whose framework
//! entry names its [`Product`].
//!
//! Everything here is pure: the store keeps a draft per (agency, year, kind) and freezes it at
//! sign-off; the documents lay it out; the web turns form posts into an [`Announcement`] with
//! [`AnnouncementForm::parse`].
//!
//! * [`AnnouncementKind`] — the five kinds, their codes (also the sign-off kind), Thai and
//!   English names, products, and whether they are standing documents (kept from year to year).
//! * [`default_draft`] — realistic official Thai wording of each kind for a local government,
//!   with the agency, its officials' title, the BE year and the signer filled in.
//! * [`Announcement::check`] — required fields, lengths, the heading "ประกาศ…", the date within
//!   the fiscal year or the year before (a year's announcement is usually signed as it begins).
//!
//! Text is kept as typed (trimmed, line ends normalised): markup such as `<script>` is not
//! removed but always shown as text. Limits count Unicode code points.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{format_date_long_th, parse_date, Digits, FiscalYear};
use crate::error::InputError;
use crate::eservice::{clean_text, th_num};
use crate::framework::Product;
use crate::i18n::Lang;
use crate::participation::paragraphs;
use crate::tenancy::AgencyKind;

/// The longest heading ("ประกาศองค์การบริหารส่วนตำบล…"), in characters.
pub const MAX_HEADING_CHARS: usize = 200;
/// The longest subject (after "เรื่อง"), in characters.
pub const MAX_SUBJECT_CHARS: usize = 300;
/// The longest paragraph, in characters.
pub const MAX_PARAGRAPH_CHARS: usize = 5_000;
/// The longest text area (the body, the closing, a section), in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The most paragraphs in one text area.
pub const MAX_PARAGRAPHS: usize = 60;
/// The most numbered sections.
pub const MAX_SECTIONS: usize = 30;
/// The longest section heading, in characters.
pub const MAX_SECTION_HEADING_CHARS: usize = 300;
/// The longest signer's name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest signer's position (may hold two lines), in characters.
pub const MAX_POSITION_CHARS: usize = 300;
/// The heading of every announcement begins with this word.
pub const HEADING_WORD: &str = "ประกาศ";

// ---------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------

/// What an announcement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AnnouncementKind {
    /// เจตจำนงสุจริตในการบริหารงาน of the executive.
    IntegrityIntent,
    /// ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่.
    NoGift,
    /// นโยบายการบริหารทรัพยากรบุคคล.
    HrPolicy,
    /// หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล.
    HrCriteria,
    /// ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ.
    EthicsCode,
}

impl AnnouncementKind {
    /// Every kind, in the order lists show them (the order of their OIT items).
    pub const ALL: [AnnouncementKind; 5] = [
        Self::IntegrityIntent,
        Self::HrPolicy,
        Self::HrCriteria,
        Self::NoGift,
        Self::EthicsCode,
    ];

    /// The code: in addresses, and the sign-off kind.
    pub fn code(self) -> &'static str {
        self.product().code()
    }

    /// The kind of a code.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    /// The OIT product it is.
    pub fn product(self) -> Product {
        match self {
            Self::IntegrityIntent => Product::IntegrityIntent,
            Self::NoGift => Product::NoGiftAnnouncement,
            Self::HrPolicy => Product::HrPolicy,
            Self::HrCriteria => Product::HrCriteria,
            Self::EthicsCode => Product::EthicsCode,
        }
    }

    /// The kind of a product, if an announcement produces it.
    pub fn of_product(p: Product) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.product() == p)
    }

    pub fn name_th(self) -> &'static str {
        match self {
            Self::IntegrityIntent => "เจตจำนงสุจริตในการบริหารงาน",
            Self::NoGift => "ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่",
            Self::HrPolicy => "นโยบายการบริหารทรัพยากรบุคคล",
            Self::HrCriteria => "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล",
            Self::EthicsCode => "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::IntegrityIntent => "Declaration of integrity intent",
            Self::NoGift => "No Gift Policy announcement",
            Self::HrPolicy => "Human resources policy",
            Self::HrCriteria => "Human resources management and development criteria",
            Self::EthicsCode => "Code of ethics for state officials",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Th => self.name_th(),
            Lang::En => self.name_en(),
        }
    }

    /// A standing document: in force until replaced, so a year may start from the latest
    /// signed version of an earlier year (the code of ethics, the HR policy and criteria).
    pub fn standing(self) -> bool {
        matches!(self, Self::HrPolicy | Self::HrCriteria | Self::EthicsCode)
    }
}

// ---------------------------------------------------------------------------------------------
// Content
// ---------------------------------------------------------------------------------------------

/// A numbered section (ข้อ): its heading, printed "1. heading", and its paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    #[serde(default)]
    pub paragraphs: Vec<String>,
}

/// What an announcement says, as the executive signs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// "ประกาศองค์การบริหารส่วนตำบลกระโทก".
    pub heading: String,
    /// The subject, without the word "เรื่อง".
    pub subject: String,
    /// The paragraphs before the sections.
    pub body: Vec<String>,
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The paragraphs after the sections ("จึงประกาศมาเพื่อทราบโดยทั่วกัน").
    #[serde(default)]
    pub closing: Vec<String>,
    /// The day it is announced ("ประกาศ ณ วันที่ …").
    pub date: NaiveDate,
    pub signer_name: String,
    /// The signer's position; `\n` separates lines (e.g. an acting executive's two lines).
    pub signer_position: String,
}

/// Who signs, for a default draft: the executive's name and position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignerDefault {
    pub name: String,
    pub position: String,
}

fn err(
    field: &'static str,
    th: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> InputError {
    InputError::new(field, th, en)
}

fn required(field: &'static str, what_th: &str, what_en: &str) -> InputError {
    err(
        field,
        format!("กรุณากรอก{what_th}"),
        format!("The {what_en} is required"),
    )
}

/// A one-line text (or a multi-line one with `multiline`): cleaned, at most `max`, required.
fn text(
    field: &'static str,
    s: &str,
    max: usize,
    multiline: bool,
    what: (&str, &str),
) -> Result<String, InputError> {
    let s = clean_text(field, s, max, multiline).map_err(|e| err(field, e.th, e.en))?;
    if s.is_empty() {
        return Err(required(field, what.0, what.1));
    }
    Ok(s)
}

/// Paragraphs: each cleaned and at most [`MAX_PARAGRAPH_CHARS`], at most [`MAX_PARAGRAPHS`].
fn check_paragraphs(field: &'static str, ps: &[String]) -> Result<(), InputError> {
    if ps.len() > MAX_PARAGRAPHS {
        return Err(err(
            field,
            format!("มีย่อหน้ามากเกิน {} ย่อหน้า", th_num(MAX_PARAGRAPHS)),
            format!("More than {MAX_PARAGRAPHS} paragraphs"),
        ));
    }
    for (i, p) in ps.iter().enumerate() {
        let s = clean_text(field, p, MAX_PARAGRAPH_CHARS, true).map_err(|e| {
            err(
                field,
                format!("ย่อหน้าที่ {}: {}", th_num(i + 1), e.th),
                format!("Paragraph {}: {}", i + 1, e.en),
            )
        })?;
        if s.is_empty() {
            return Err(err(
                field,
                format!("ย่อหน้าที่ {} ว่าง", th_num(i + 1)),
                format!("Paragraph {} is empty", i + 1),
            ));
        }
    }
    Ok(())
}

/// The first day an announcement of `year` may be dated: the start of the year before.
pub fn earliest_date(year: FiscalYear) -> NaiveDate {
    year.prev().unwrap_or(year).start()
}

impl Announcement {
    /// Every problem of the content for `year`, each with its field (`heading`, `subject`,
    /// `body`, `sections`, `closing`, `date`, `signer_name`, `signer_position`). Empty: fine.
    pub fn problems(&self, year: FiscalYear) -> Vec<InputError> {
        let mut out = Vec::new();
        match text(
            "heading",
            &self.heading,
            MAX_HEADING_CHARS,
            false,
            ("หัวประกาศ", "heading"),
        ) {
            Err(e) => out.push(e),
            Ok(h) if !h.starts_with(HEADING_WORD) || h == HEADING_WORD => out.push(err(
                "heading",
                "หัวประกาศต้องขึ้นต้นด้วยคำว่า “ประกาศ” ตามด้วยชื่อหน่วยงาน เช่น ประกาศองค์การบริหารส่วนตำบล…",
                "The heading must begin with “ประกาศ” followed by the agency's name",
            )),
            Ok(_) => {}
        }
        if let Err(e) = text(
            "subject",
            &self.subject,
            MAX_SUBJECT_CHARS,
            false,
            ("เรื่อง", "subject"),
        ) {
            out.push(e);
        }
        if self.body.is_empty() {
            out.push(required("body", "ข้อความของประกาศ", "body"));
        } else if let Err(e) = check_paragraphs("body", &self.body) {
            out.push(e);
        }
        if self.sections.len() > MAX_SECTIONS {
            out.push(err(
                "sections",
                format!("มีข้อมากเกิน {} ข้อ", th_num(MAX_SECTIONS)),
                format!("More than {MAX_SECTIONS} sections"),
            ));
        }
        for (i, s) in self.sections.iter().enumerate() {
            let n = i + 1;
            let problem = match clean_text("sections", &s.heading, MAX_SECTION_HEADING_CHARS, false)
            {
                Err(e) => Some((e.th, e.en)),
                Ok(h) if h.is_empty() => Some((
                    "กรุณากรอกหัวข้อ".to_string(),
                    "the heading is required".to_string(),
                )),
                Ok(_) => check_paragraphs("sections", &s.paragraphs)
                    .err()
                    .map(|e| (e.th.into_owned(), e.en.into_owned())),
            };
            if let Some((th, en)) = problem {
                out.push(err(
                    "sections",
                    format!("ข้อ {}: {th}", th_num(n)),
                    format!("Section {n}: {en}"),
                ));
                break;
            }
        }
        if let Err(e) = check_paragraphs("closing", &self.closing) {
            out.push(e);
        }
        let total: usize = self
            .body
            .iter()
            .chain(&self.closing)
            .chain(self.sections.iter().flat_map(|s| &s.paragraphs))
            .map(|p| p.chars().count())
            .sum();
        if total > 3 * MAX_TEXT_CHARS {
            out.push(err(
                "body",
                format!("ประกาศยาวเกิน {} ตัวอักษร", th_num(3 * MAX_TEXT_CHARS)),
                format!(
                    "The announcement is longer than {} characters",
                    3 * MAX_TEXT_CHARS
                ),
            ));
        }
        let (from, to) = (earliest_date(year), year.end());
        if self.date < from || self.date > to {
            out.push(err(
                "date",
                format!(
                    "วันที่ประกาศต้องอยู่ในปีงบประมาณ พ.ศ. {} หรือปีก่อนหน้า ({} ถึง{})",
                    th_num(year.be()),
                    format_date_long_th(from, Digits::Thai),
                    format_date_long_th(to, Digits::Thai)
                ),
                format!(
                    "The date must fall in fiscal year {} or the year before ({from} to {to})",
                    year.be()
                ),
            ));
        }
        if let Err(e) = text(
            "signer_name",
            &self.signer_name,
            MAX_NAME_CHARS,
            false,
            ("ชื่อผู้ลงนาม", "signer's name"),
        ) {
            out.push(e);
        }
        if let Err(e) = text(
            "signer_position",
            &self.signer_position,
            MAX_POSITION_CHARS,
            true,
            ("ตำแหน่งผู้ลงนาม", "signer's position"),
        ) {
            out.push(e);
        }
        out
    }

    /// The first problem of the content for `year`, if any (see [`Announcement::problems`]).
    pub fn check(&self, year: FiscalYear) -> Result<(), InputError> {
        match self.problems(year).into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The subject with "เรื่อง": "เรื่อง นโยบายการบริหารทรัพยากรบุคคล".
    pub fn subject_line(&self) -> String {
        format!("เรื่อง {}", self.subject.trim())
    }

    /// "ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2565".
    pub fn date_line(&self, digits: Digits) -> String {
        format!(
            "{HEADING_WORD} ณ {}",
            format_date_long_th(self.date, digits)
        )
    }

    /// The same content moved to `year`: a standing document of an earlier year as the draft
    /// of a new one. Every "พ.ศ. {old}" (and the old year in Thai digits) becomes the new year;
    /// the date becomes the start of `year` when it falls outside what `year` allows.
    pub fn carried_to(&self, from: FiscalYear, year: FiscalYear) -> Self {
        let (old, new) = (from.be().to_string(), year.be().to_string());
        let (old_th, new_th) = (
            crate::calendar::to_thai_digits(&old),
            crate::calendar::to_thai_digits(&new),
        );
        let swap = |s: &String| s.replace(&old, &new).replace(&old_th, &new_th);
        let mut out = Self {
            heading: self.heading.clone(),
            subject: swap(&self.subject),
            body: self.body.iter().map(swap).collect(),
            sections: self
                .sections
                .iter()
                .map(|s| Section {
                    heading: swap(&s.heading),
                    paragraphs: s.paragraphs.iter().map(swap).collect(),
                })
                .collect(),
            closing: self.closing.iter().map(swap).collect(),
            date: self.date,
            signer_name: self.signer_name.clone(),
            signer_position: self.signer_position.clone(),
        };
        if out.date < earliest_date(year) || out.date > year.end() {
            out.date = year.start();
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The edit form
// ---------------------------------------------------------------------------------------------

/// What staff type: one-line fields, text areas whose paragraphs are separated by blank lines,
/// the sections as (heading, text) pairs (pairs left blank are dropped), and the date as Thai
/// users write it (BE or Gregorian, Thai or ASCII digits, or ISO from a date picker).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnouncementForm {
    pub heading: String,
    pub subject: String,
    pub body: String,
    pub sections: Vec<(String, String)>,
    pub closing: String,
    pub date: String,
    pub signer_name: String,
    pub signer_position: String,
}

/// A date as the form shows it: day/month/BE year ("1/10/2565"), which [`parse_date`] reads.
pub fn form_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{}/{}/{}",
        d.day(),
        d.month(),
        crate::calendar::be_from_gregorian(d.year())
    )
}

/// The text of a text area as its paragraphs (separated by blank lines).
pub fn text_paragraphs(s: &str) -> Vec<String> {
    paragraphs(s)
        .into_iter()
        .map(|p| p.trim().to_owned())
        .collect()
}

impl AnnouncementForm {
    /// The form filled with `a` (paragraphs joined by blank lines).
    pub fn of(a: &Announcement) -> Self {
        Self {
            heading: a.heading.clone(),
            subject: a.subject.clone(),
            body: a.body.join("\n\n"),
            sections: a
                .sections
                .iter()
                .map(|s| (s.heading.clone(), s.paragraphs.join("\n\n")))
                .collect(),
            closing: a.closing.join("\n\n"),
            date: form_date(a.date),
            signer_name: a.signer_name.clone(),
            signer_position: a.signer_position.clone(),
        }
    }

    /// The announcement of `year` the form describes, or every problem found.
    pub fn parse(&self, year: FiscalYear) -> Result<Announcement, Vec<InputError>> {
        let mut errors = Vec::new();
        for (field, s) in [
            ("body", &self.body),
            ("closing", &self.closing),
            ("date", &self.date),
        ] {
            if s.chars().count() > MAX_TEXT_CHARS {
                errors.push(err(
                    field,
                    format!("ข้อความยาวเกิน {} ตัวอักษร", th_num(MAX_TEXT_CHARS)),
                    format!("The text is longer than {MAX_TEXT_CHARS} characters"),
                ));
            }
        }
        let date = match parse_date(&self.date) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(e.to_input_error("date"));
                None
            }
        };
        let subject = self.subject.trim();
        let subject = subject
            .strip_prefix("เรื่อง")
            .map(str::trim_start)
            .unwrap_or(subject);
        let sections: Vec<Section> = self
            .sections
            .iter()
            .filter(|(h, t)| !(h.trim().is_empty() && t.trim().is_empty()))
            .map(|(h, t)| Section {
                heading: h.trim().to_owned(),
                paragraphs: text_paragraphs(t),
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let a = Announcement {
            heading: self.heading.trim().to_owned(),
            subject: subject.to_owned(),
            body: text_paragraphs(&self.body),
            sections,
            closing: text_paragraphs(&self.closing),
            date: date.unwrap_or_else(|| year.start()),
            signer_name: self.signer_name.trim().to_owned(),
            signer_position: self
                .signer_position
                .replace("\r\n", "\n")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let problems = a.problems(year);
        if problems.is_empty() {
            Ok(a)
        } else {
            Err(problems)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Default drafts
// ---------------------------------------------------------------------------------------------

/// What the drafts need to know of the agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftAgency<'a> {
    /// The full Thai name, e.g. "องค์การบริหารส่วนตำบลกระโทก".
    pub name: &'a str,
    pub kind: AgencyKind,
}

/// How an agency of `kind` names its permanent officials.
fn officials(kind: AgencyKind) -> &'static str {
    match kind {
        AgencyKind::Sao => "พนักงานส่วนตำบล",
        AgencyKind::Municipality => "พนักงานเทศบาล",
        AgencyKind::Pao => "พนักงานส่วนจังหวัด",
        AgencyKind::Other => "ข้าราชการ",
    }
}

/// The personnel committee whose rules an agency of `kind` follows.
fn committee(kind: AgencyKind) -> &'static str {
    match kind {
        AgencyKind::Sao => "คณะกรรมการพนักงานส่วนตำบล (ก.อบต.)",
        AgencyKind::Municipality => "คณะกรรมการพนักงานเทศบาล (ก.ท.)",
        AgencyKind::Pao => "คณะกรรมการพนักงานส่วนจังหวัด (ก.จ.)",
        AgencyKind::Other => "หน่วยงานกลางบริหารงานบุคคล",
    }
}

fn sec(heading: &str, paragraphs: &[String]) -> Section {
    Section {
        heading: heading.to_owned(),
        paragraphs: paragraphs.to_vec(),
    }
}

const CLOSING_KNOW: &str = "จึงประกาศมาเพื่อทราบโดยทั่วกัน";
const CLOSING_FOLLOW: &str = "จึงประกาศมาเพื่อทราบและถือปฏิบัติโดยทั่วกัน";

/// The default draft of `kind` for `year`: official Thai wording for a local government with
/// the agency, the BE year and the signer filled in, dated the first day of the year — ready to
/// edit. Its date and texts pass [`Announcement::check`] when the signer is given.
pub fn default_draft(
    kind: AnnouncementKind,
    agency: &DraftAgency<'_>,
    year: FiscalYear,
    signer: &SignerDefault,
) -> Announcement {
    let a = agency.name.trim();
    let be = year.be();
    let staff = officials(agency.kind);
    let everyone = format!("ผู้บริหาร {staff} และพนักงานจ้าง");
    let position = signer.position.trim();
    let position_line = position.lines().next().unwrap_or("").trim();
    let who = match (signer.name.trim(), position_line) {
        ("", "") => format!("ผู้บริหาร{a}"),
        ("", p) => p.to_owned(),
        (n, "") => n.to_owned(),
        (n, p) => format!("{n} {p}"),
    };
    let (subject, body, sections, closing): (String, Vec<String>, Vec<Section>, Vec<String>) =
        match kind {
            AnnouncementKind::IntegrityIntent => (
                format!("เจตจำนงสุจริตในการบริหารงาน ประจำปีงบประมาณ พ.ศ. {be}"),
                vec![
                    "ตามที่รัฐบาลได้กำหนดให้การป้องกันและปราบปรามการทุจริตเป็นวาระแห่งชาติ และสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity and Transparency Assessment: ITA) เพื่อส่งเสริมให้หน่วยงานภาครัฐบริหารงานด้วยความซื่อสัตย์สุจริต โปร่งใส และตรวจสอบได้".to_owned(),
                    format!("ข้าพเจ้า {who} ขอแสดงเจตจำนงว่าจะบริหารงาน{a}ด้วยความซื่อสัตย์สุจริต ยึดหลักธรรมาภิบาล และจะนำพา{everyone}ทุกคน ปฏิบัติหน้าที่ด้วยความโปร่งใส ตรวจสอบได้ และไม่เกี่ยวข้องกับการทุจริตและประพฤติมิชอบทุกรูปแบบ ตลอดปีงบประมาณ พ.ศ. {be} โดยกำหนดแนวทางการดำเนินงาน ดังนี้"),
                ],
                vec![
                    sec("ด้านการเปิดเผยข้อมูล", &[format!("เปิดเผยข้อมูลข่าวสารของ{a}ต่อสาธารณะอย่างครบถ้วน ถูกต้อง และเป็นปัจจุบัน ผ่านเว็บไซต์ของหน่วยงานและช่องทางที่ประชาชนเข้าถึงได้ง่าย")]),
                    sec("ด้านการจัดซื้อจัดจ้าง", &["ดำเนินการจัดซื้อจัดจ้างตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 อย่างเปิดเผย เป็นธรรม และตรวจสอบได้ และเผยแพร่แผนการจัดซื้อจัดจ้าง ผลการจัดซื้อจัดจ้างรายเดือน และรายงานผลประจำปีให้ประชาชนทราบ".to_owned()]),
                    sec("ด้านการบริหารทรัพยากรบุคคล", &["บริหารงานบุคคลตามหลักคุณธรรม ทั้งการสรรหา การแต่งตั้ง การพัฒนา และการประเมินผลการปฏิบัติงาน อย่างเป็นธรรม โปร่งใส และไม่เลือกปฏิบัติ".to_owned()]),
                    sec("ด้านการใช้ทรัพย์สินของราชการ", &["ใช้ทรัพย์สินของราชการเพื่อประโยชน์ของทางราชการเท่านั้น และกำกับดูแลมิให้ผู้ใดนำทรัพย์สินของราชการไปใช้เพื่อประโยชน์ส่วนตนหรือพวกพ้อง".to_owned()]),
                    sec("ด้านการป้องกันผลประโยชน์ทับซ้อน", &[format!("ไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่ (No Gift Policy) และป้องกันมิให้{everyone}ปฏิบัติหน้าที่โดยมีการขัดกันระหว่างประโยชน์ส่วนบุคคลกับประโยชน์ส่วนรวม")]),
                    sec("ด้านการรับเรื่องร้องเรียน", &["เปิดช่องทางให้ประชาชนแจ้งเบาะแสและร้องเรียนการทุจริตและประพฤติมิชอบได้อย่างปลอดภัย คุ้มครองผู้ร้องเรียนและผู้ให้ข้อมูล และดำเนินการกับผู้กระทำผิดอย่างจริงจังและเป็นธรรม".to_owned()]),
                ],
                vec![
                    "ทั้งนี้ ข้าพเจ้าจะกำกับ ติดตาม และรายงานผลการดำเนินงานตามเจตจำนงนี้ให้สาธารณชนทราบ".to_owned(),
                    CLOSING_KNOW.to_owned(),
                ],
            ),
            AnnouncementKind::NoGift => (
                format!("เจตนารมณ์นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ประจำปีงบประมาณ พ.ศ. {be}"),
                vec![
                    format!("เพื่อให้การบริหารงานของ{a}เป็นไปด้วยความซื่อสัตย์สุจริต โปร่งใส ปราศจากการทุจริตและประพฤติมิชอบ และเพื่อสร้างวัฒนธรรมองค์กรที่ปฏิเสธการรับของขวัญ ของกำนัล หรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่ สอดคล้องกับมาตรา 128 แห่งพระราชบัญญัติประกอบรัฐธรรมนูญว่าด้วยการป้องกันและปราบปรามการทุจริต พ.ศ. 2561 และประกาศคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ เรื่อง หลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยาของเจ้าหน้าที่ของรัฐ พ.ศ. 2563"),
                    format!("{a} จึงประกาศเจตนารมณ์นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ประจำปีงบประมาณ พ.ศ. {be} ดังนี้"),
                ],
                vec![
                    sec("ไม่รับของขวัญและของกำนัลทุกชนิด", &[format!("{everyone}ของ{a}ทุกคน จะไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใดทุกชนิดจากผู้มาติดต่อราชการหรือผู้ที่เกี่ยวข้องกับการปฏิบัติหน้าที่ ทั้งก่อน ระหว่าง และหลังการปฏิบัติหน้าที่")]),
                    sec("ไม่ให้ของขวัญแก่ผู้บังคับบัญชา", &[format!("{everyone}ทุกคน จะไม่ให้ของขวัญ ของกำนัล หรือประโยชน์อื่นใดแก่ผู้บังคับบัญชาหรือบุคคลในครอบครัวของผู้บังคับบัญชา")]),
                    sec("กรณีไม่อาจปฏิเสธได้", &["หากมีความจำเป็นต้องรับเพราะไม่อาจปฏิเสธได้ ให้รายงานผู้บังคับบัญชาทันทีตามแบบรายงานการรับของขวัญและประโยชน์อื่นใด เพื่อพิจารณาส่งคืนผู้ให้หรือมอบเป็นทรัพย์สินของหน่วยงาน และเปิดเผยข้อมูลการรับนั้นต่อสาธารณะ".to_owned()]),
                    sec("การแสดงความยินดีในโอกาสต่าง ๆ", &["ในโอกาสเทศกาลหรือวันสำคัญ ให้แสดงความยินดีด้วยการลงนามในสมุดอวยพร การ์ดอวยพร หรือช่องทางออนไลน์ แทนการให้ของขวัญหรือของกำนัล".to_owned()]),
                ],
                vec![
                    format!("ขอความร่วมมือผู้มาติดต่อราชการและผู้มีส่วนเกี่ยวข้องทุกท่าน งดให้ของขวัญ ของกำนัล หรือประโยชน์อื่นใดแก่{everyone}ของ{a} ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),
                    CLOSING_KNOW.to_owned(),
                ],
            ),
            AnnouncementKind::HrPolicy => (
                format!("นโยบายการบริหารทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. {be}"),
                vec![
                    format!("เพื่อให้การบริหารทรัพยากรบุคคลของ{a}เป็นไปตามหลักคุณธรรม โปร่งใส ตรวจสอบได้ และสอดคล้องกับแผนอัตรากำลัง 3 ปี และแผนพัฒนาบุคลากรของหน่วยงาน ตามพระราชบัญญัติระเบียบบริหารงานบุคคลส่วนท้องถิ่น พ.ศ. 2542 และประกาศของ{} ที่เกี่ยวข้อง", committee(agency.kind)),
                    format!("{a} จึงกำหนดนโยบายการบริหารทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. {be} ดังนี้"),
                ],
                vec![
                    sec("ด้านการวางแผนอัตรากำลัง", &["วางแผนอัตรากำลังให้เหมาะสมกับภารกิจและปริมาณงาน ใช้บุคลากรอย่างคุ้มค่า และทบทวนแผนอัตรากำลังเป็นประจำทุกปี".to_owned()]),
                    sec("ด้านการสรรหาและเลือกสรร", &["สรรหาและเลือกสรรบุคลากรด้วยระบบคุณธรรม อย่างเปิดเผย เป็นธรรม และเปิดโอกาสให้ผู้มีคุณสมบัติทุกคนเข้าแข่งขันอย่างเท่าเทียม".to_owned()]),
                    sec("ด้านการพัฒนาบุคลากร", &["พัฒนาความรู้ ทักษะ และสมรรถนะของบุคลากรทุกคนอย่างน้อยปีละ 1 ครั้งตามแผนพัฒนาบุคลากร และส่งเสริมให้บุคลากรยึดมั่นในคุณธรรมและจริยธรรม".to_owned()]),
                    sec("ด้านการประเมินผลการปฏิบัติงาน", &["ประเมินผลการปฏิบัติงานปีละ 2 ครั้ง ด้วยตัวชี้วัดที่ชัดเจนและตกลงกันไว้ล่วงหน้า อย่างเป็นธรรม และแจ้งผลการประเมินให้ผู้รับการประเมินทราบ".to_owned()]),
                    sec("ด้านการสร้างขวัญกำลังใจและคุณภาพชีวิต", &["ยกย่องเชิดชูบุคลากรที่ปฏิบัติงานดีเด่นและประพฤติตนเป็นแบบอย่างที่ดี ดูแลสวัสดิการ ความปลอดภัย และสภาพแวดล้อมในการทำงานให้เหมาะสม".to_owned()]),
                ],
                vec![CLOSING_FOLLOW.to_owned()],
            ),
            AnnouncementKind::HrCriteria => (
                format!("หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. {be}"),
                vec![format!("เพื่อให้การบริหารและพัฒนาทรัพยากรบุคคลของ{a}เป็นไปอย่างมีประสิทธิภาพ ยึดหลักคุณธรรม ความรู้ความสามารถ และความเป็นธรรม ตามหลักเกณฑ์ของ{} {a}จึงกำหนดหลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล ดังนี้", committee(agency.kind))],
                vec![
                    sec("การสรรหาคนดี คนเก่ง", &[
                        format!("การสรรหาและเลือกสรร{staff}และพนักงานจ้าง ดำเนินการตามประกาศ{} ว่าด้วยหลักเกณฑ์และเงื่อนไขการสอบแข่งขันและการคัดเลือก โดยประกาศรับสมัครอย่างเปิดเผย กำหนดคุณสมบัติและวิธีการคัดเลือกไว้ล่วงหน้า และประกาศผลให้ทราบโดยทั่วกัน", committee(agency.kind)),
                        "พิจารณาทั้งความรู้ ความสามารถ และคุณธรรมของผู้สมัคร เพื่อให้ได้คนดี คนเก่ง ที่เหมาะสมกับตำแหน่งและภารกิจของหน่วยงาน".to_owned(),
                    ]),
                    sec("การแต่งตั้งโยกย้าย", &["การแต่งตั้ง การโอน การย้าย และการเลื่อนระดับ พิจารณาจากความรู้ ความสามารถ ผลการปฏิบัติงาน และความเหมาะสมกับตำแหน่ง ผ่านความเห็นชอบของคณะกรรมการที่เกี่ยวข้อง และแจ้งหลักเกณฑ์ให้บุคลากรทราบล่วงหน้า".to_owned()]),
                    sec("การพัฒนาบุคลากร", &["จัดทำแผนพัฒนาบุคลากร 3 ปี ส่งบุคลากรเข้ารับการฝึกอบรมตามสายงานอย่างน้อยคนละ 1 หลักสูตรต่อปี และส่งเสริมการเรียนรู้ด้วยตนเอง การสอนงาน และการแลกเปลี่ยนเรียนรู้ภายในหน่วยงาน".to_owned()]),
                    sec("การประเมินผลการปฏิบัติงาน", &["ประเมินผลการปฏิบัติงานปีละ 2 รอบ (1 ตุลาคม – 31 มีนาคม และ 1 เมษายน – 30 กันยายน) จากผลสัมฤทธิ์ของงานและพฤติกรรมการปฏิบัติงานตามข้อตกลงที่ทำไว้ล่วงหน้า และแจ้งผลการประเมินให้ผู้รับการประเมินทราบ".to_owned()]),
                    sec("การให้คุณให้โทษและการสร้างขวัญกำลังใจ", &[
                        "การเลื่อนขั้นเงินเดือนและการให้ค่าตอบแทนพิเศษ พิจารณาจากผลการประเมินผลการปฏิบัติงานอย่างเป็นธรรม และยกย่องชมเชยบุคลากรที่มีผลงานดีเด่นและประพฤติตนเป็นแบบอย่างที่ดี".to_owned(),
                        "การดำเนินการทางวินัยเป็นไปตามกฎหมายและระเบียบที่เกี่ยวข้องอย่างเคร่งครัด รวดเร็ว และเป็นธรรม".to_owned(),
                    ]),
                ],
                vec![CLOSING_FOLLOW.to_owned()],
            ),
            AnnouncementKind::EthicsCode => (
                format!("ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐของ{a}"),
                vec![format!("โดยที่พระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562 กำหนดให้หน่วยงานของรัฐจัดทำประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐในหน่วยงาน เพื่อเป็นหลักในการปฏิบัติหน้าที่และการดำรงตน {a}จึงประกาศใช้ประมวลจริยธรรมสำหรับ{everyone} ดังต่อไปนี้")],
                vec![
                    sec("ยึดมั่นในสถาบันหลักของประเทศ", &["ยึดมั่นในสถาบันหลักของประเทศ อันได้แก่ ชาติ ศาสนา พระมหากษัตริย์ และการปกครองระบอบประชาธิปไตยอันมีพระมหากษัตริย์ทรงเป็นประมุข".to_owned()]),
                    sec("ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบต่อหน้าที่", &["ปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต ไม่แสวงหาประโยชน์โดยมิชอบ และรับผิดชอบต่อผลของการปฏิบัติหน้าที่".to_owned()]),
                    sec("กล้าตัดสินใจและกระทำในสิ่งที่ถูกต้องชอบธรรม", &["กล้าตัดสินใจ ยืนหยัดในสิ่งที่ถูกต้อง และไม่ยอมให้ผู้ใดใช้อิทธิพลหรือผลประโยชน์ครอบงำการปฏิบัติหน้าที่".to_owned()]),
                    sec("คิดถึงประโยชน์ส่วนรวมมากกว่าประโยชน์ส่วนตัว และมีจิตสาธารณะ", &["แยกเรื่องส่วนตัวออกจากหน้าที่ ไม่ให้เกิดการขัดกันระหว่างประโยชน์ส่วนบุคคลกับประโยชน์ส่วนรวม และอุทิศตนเพื่อประโยชน์ของประชาชน".to_owned()]),
                    sec("มุ่งผลสัมฤทธิ์ของงาน", &["ปฏิบัติงานอย่างมีประสิทธิภาพ คุ้มค่า และมุ่งให้เกิดผลดีต่อประชาชนและทางราชการ".to_owned()]),
                    sec("ปฏิบัติหน้าที่อย่างเป็นธรรมและไม่เลือกปฏิบัติ", &["ให้บริการประชาชนด้วยความเสมอภาค เป็นธรรม สุภาพ และไม่เลือกปฏิบัติโดยไม่เป็นธรรม".to_owned()]),
                    sec("ดำรงตนเป็นแบบอย่างที่ดีและรักษาภาพลักษณ์ของทางราชการ", &["ประพฤติตนให้เป็นที่เชื่อถือศรัทธาของประชาชน และรักษาชื่อเสียงของหน่วยงานและทางราชการ".to_owned()]),
                ],
                vec![
                    "ผู้บังคับบัญชาทุกระดับมีหน้าที่ส่งเสริม กำกับ และดูแลให้มีการปฏิบัติตามประมวลจริยธรรมนี้ การฝ่าฝืนหรือไม่ปฏิบัติตามประมวลจริยธรรมนี้ ให้ผู้บังคับบัญชาพิจารณาดำเนินการตามกฎหมายและระเบียบที่เกี่ยวข้อง ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป".to_owned(),
                    CLOSING_FOLLOW.to_owned(),
                ],
            ),
        };
    Announcement {
        heading: format!("{HEADING_WORD}{a}"),
        subject,
        body,
        sections,
        closing,
        date: year.start(),
        signer_name: signer.name.trim().to_owned(),
        signer_position: if position.is_empty() {
            format!("นายก{a}")
        } else {
            position.to_owned()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(be: i32) -> FiscalYear {
        FiscalYear::new(be).unwrap()
    }

    const AGENCY: DraftAgency<'static> = DraftAgency {
        name: "องค์การบริหารส่วนตำบลกระโทก",
        kind: AgencyKind::Sao,
    };

    fn signer() -> SignerDefault {
        SignerDefault {
            name: "นายสมชาย กระโทก".into(),
            position: "นายกองค์การบริหารส่วนตำบลกระโทก".into(),
        }
    }

    fn all_text(a: &Announcement) -> String {
        let mut s = vec![a.heading.clone(), a.subject.clone()];
        s.extend(a.body.iter().cloned());
        for x in &a.sections {
            s.push(x.heading.clone());
            s.extend(x.paragraphs.iter().cloned());
        }
        s.extend(a.closing.iter().cloned());
        s.join("\n")
    }

    #[test]
    fn kinds_are_their_products() {
        for k in AnnouncementKind::ALL {
            assert_eq!(AnnouncementKind::parse(k.code()), Some(k));
            assert_eq!(AnnouncementKind::of_product(k.product()), Some(k));
            assert!(!k.name_th().is_empty() && !k.name_en().is_empty());
        }
        assert_eq!(
            AnnouncementKind::parse("nogift.announcement"),
            Some(AnnouncementKind::NoGift)
        );
        assert_eq!(AnnouncementKind::IntegrityIntent.code(), "integrity.intent");
        assert_eq!(AnnouncementKind::parse("hr.actions"), None);
        assert_eq!(AnnouncementKind::of_product(Product::HrActions), None);
        let standing: Vec<_> = AnnouncementKind::ALL
            .into_iter()
            .filter(|k| k.standing())
            .map(|k| k.code())
            .collect();
        assert_eq!(standing, ["hr.policy", "hr.criteria", "ethics.code"]);
    }

    #[test]
    fn drafts_name_the_agency_the_year_and_the_signer_and_are_valid() {
        for k in AnnouncementKind::ALL {
            let d = default_draft(k, &AGENCY, fy(2566), &signer());
            let text = all_text(&d);
            assert_eq!(d.heading, "ประกาศองค์การบริหารส่วนตำบลกระโทก");
            assert!(
                text.matches("องค์การบริหารส่วนตำบลกระโทก").count() >= 2,
                "{k:?}"
            );
            // the code of ethics is standing: no year in it
            if k != AnnouncementKind::EthicsCode {
                assert!(text.contains("พ.ศ. 2566"), "{k:?}: {text}");
            }
            assert!(text.contains("พนักงานส่วนตำบล"), "{k:?}");
            assert!(!text.contains("lorem") && !text.contains("{"), "{k:?}");
            assert_eq!(d.date, NaiveDate::from_ymd_opt(2022, 10, 1).unwrap());
            assert_eq!(d.signer_name, "นายสมชาย กระโทก");
            assert!(!d.closing.is_empty());
            d.check(fy(2566)).unwrap();
        }
        let intent = default_draft(
            AnnouncementKind::IntegrityIntent,
            &AGENCY,
            fy(2566),
            &signer(),
        );
        assert!(intent.body[1]
            .starts_with("ข้าพเจ้า นายสมชาย กระโทก นายกองค์การบริหารส่วนตำบลกระโทก ขอแสดงเจตจำนง"));
        let nogift = default_draft(AnnouncementKind::NoGift, &AGENCY, fy(2567), &signer());
        let t = all_text(&nogift);
        assert!(t.contains("ทั้งก่อน ระหว่าง และหลังการปฏิบัติหน้าที่"));
        assert!(t.contains("No Gift Policy") && t.contains("พ.ศ. 2567"));
        let criteria = default_draft(AnnouncementKind::HrCriteria, &AGENCY, fy(2566), &signer());
        let heads: Vec<_> = criteria
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(
            heads,
            [
                "การสรรหาคนดี คนเก่ง",
                "การแต่งตั้งโยกย้าย",
                "การพัฒนาบุคลากร",
                "การประเมินผลการปฏิบัติงาน",
                "การให้คุณให้โทษและการสร้างขวัญกำลังใจ"
            ]
        );
        let ethics = default_draft(AnnouncementKind::EthicsCode, &AGENCY, fy(2566), &signer());
        assert_eq!(ethics.sections.len(), 7);
        // a municipality's officials are named as such
        let town = DraftAgency {
            name: "เทศบาลตำบลตัวอย่าง",
            kind: AgencyKind::Municipality,
        };
        let t = all_text(&default_draft(
            AnnouncementKind::NoGift,
            &town,
            fy(2566),
            &signer(),
        ));
        assert!(t.contains("พนักงานเทศบาล") && !t.contains("พนักงานส่วนตำบล"));
        // without a signer: the position defaults to the executive's, the name is left to fill
        let d = default_draft(
            AnnouncementKind::HrPolicy,
            &AGENCY,
            fy(2566),
            &SignerDefault::default(),
        );
        assert_eq!(d.signer_position, "นายกองค์การบริหารส่วนตำบลกระโทก");
        assert_eq!(d.check(fy(2566)).unwrap_err().field, "signer_name");
    }

    fn form() -> AnnouncementForm {
        AnnouncementForm::of(&default_draft(
            AnnouncementKind::HrCriteria,
            &AGENCY,
            fy(2566),
            &signer(),
        ))
    }

    #[test]
    fn the_form_reads_back_what_it_shows() {
        let d = default_draft(AnnouncementKind::HrCriteria, &AGENCY, fy(2566), &signer());
        assert_eq!(AnnouncementForm::of(&d).parse(fy(2566)).unwrap(), d);
        assert_eq!(AnnouncementForm::of(&d).date, "1/10/2565");
        // blank section pairs are dropped, "เรื่อง" is not doubled, Thai dates and \r\n read
        let mut f = form();
        f.sections.push((" ".into(), "\r\n".into()));
        f.subject = "เรื่อง  หลักเกณฑ์".into();
        f.date = "๑๕ ตุลาคม ๒๕๖๕".into();
        f.body = "ย่อหน้าแรก\r\nบรรทัดสอง\r\n\r\n\r\nย่อหน้าสอง <script>".into();
        f.signer_position = " นายก\r\n\r\n รักษาราชการแทน ".into();
        let a = f.parse(fy(2566)).unwrap();
        assert_eq!(a.sections.len(), 5);
        assert_eq!(a.subject, "หลักเกณฑ์");
        assert_eq!(a.subject_line(), "เรื่อง หลักเกณฑ์");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2022, 10, 15).unwrap());
        assert_eq!(a.body, ["ย่อหน้าแรก\nบรรทัดสอง", "ย่อหน้าสอง <script>"]);
        assert_eq!(a.signer_position, "นายก\nรักษาราชการแทน");
        assert_eq!(a.date_line(Digits::Thai), "ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๕");
    }

    #[test]
    fn refusals_name_their_field_in_thai_and_english() {
        let fields = |f: &AnnouncementForm| -> Vec<&'static str> {
            f.parse(fy(2566))
                .unwrap_err()
                .iter()
                .map(|e| e.field)
                .collect()
        };
        let mut f = form();
        f.heading = "คำสั่งองค์การบริหารส่วนตำบลกระโทก".into();
        f.subject = "  ".into();
        f.body = "".into();
        f.signer_name = "".into();
        f.signer_position = "".into();
        assert_eq!(
            fields(&f),
            [
                "heading",
                "subject",
                "body",
                "signer_name",
                "signer_position"
            ]
        );
        let errs = f.parse(fy(2566)).unwrap_err();
        assert!(errs[0].th.contains("ประกาศ") && errs[0].en.contains("heading"));
        assert!(errs[1].th.contains("เรื่อง") && errs[1].en.contains("subject"));
        // the date: unreadable, then outside the year or the year before
        let mut f = form();
        f.date = "31/3/66".into();
        assert_eq!(fields(&f), ["date"]);
        f.date = "30 กันยายน 2564".into();
        let e = f.parse(fy(2566)).unwrap_err();
        assert_eq!(e[0].field, "date");
        assert!(
            e[0].th.contains("๒๕๖๖") && e[0].en.contains("2566"),
            "{e:?}"
        );
        f.date = "1 ตุลาคม 2564".into();
        assert!(f.parse(fy(2566)).is_ok(), "the year before is allowed");
        f.date = "1 ตุลาคม 2566".into();
        assert_eq!(fields(&f), ["date"]);
        // lengths and control characters
        let mut f = form();
        f.subject = "ก".repeat(MAX_SUBJECT_CHARS + 1);
        f.heading = "ประกาศ\u{202E}อบต.".into();
        assert_eq!(fields(&f), ["heading", "subject"]);
        let mut f = form();
        f.body = "ข".repeat(MAX_PARAGRAPH_CHARS + 1);
        let e = f.parse(fy(2566)).unwrap_err();
        assert!(e[0].th.starts_with("ย่อหน้าที่ ๑"), "{e:?}");
        f.body = "ค".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(fields(&f), ["body"]);
        // a section needs a heading
        let mut f = form();
        f.sections[2].0 = "".into();
        let e = f.parse(fy(2566)).unwrap_err();
        assert_eq!(e[0].field, "sections");
        assert!(e[0].th.starts_with("ข้อ ๓") && e[0].en.starts_with("Section 3"));
        let mut f = form();
        f.sections = (0..=MAX_SECTIONS)
            .map(|i| (format!("ข้อ {i}"), String::new()))
            .collect();
        assert_eq!(fields(&f), ["sections"]);
    }

    #[test]
    fn a_standing_document_moves_to_a_new_year() {
        let d = default_draft(AnnouncementKind::HrPolicy, &AGENCY, fy(2566), &signer());
        let mut old = d.clone();
        old.body.push("ใช้ตั้งแต่ปี ๒๕๖๖".into());
        let n = old.carried_to(fy(2566), fy(2568));
        assert!(n.subject.ends_with("พ.ศ. 2568"));
        assert!(n.body.last().unwrap().ends_with("๒๕๖๘"));
        assert_eq!(n.date, fy(2568).start());
        n.check(fy(2568)).unwrap();
        // a date the new year allows is kept
        let n = d.carried_to(fy(2566), fy(2567));
        assert_eq!(n.date, d.date);
        assert_eq!(n.sections.len(), d.sections.len());
    }
}

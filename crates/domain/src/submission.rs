//! The ITAS submission sheet and the assessment window.
//!
//! Each year the agency answers the OIT in the NACC's ITAS system item by item: มี/ไม่มี, the
//! URL of the exact place on its own website where the evidence is, and an explanation for the
//! assessors. [`sheet`] makes those rows from the year's framework (in its order, which is the
//! order ITAS asks in), the readiness of each item ("มี" only when complete, as
//! [`predict`](crate::disclosure::predict) scores it), the item's permalink and an explanation
//! [`draft`]ed from the evidence: which documents, generated reports and live pages, and which
//! months, round or fiscal year they cover. A coordinator may rewrite an explanation; the
//! edited text wins, and [`resolve`] says when the draft has changed since (new evidence came
//! in), so the coordinator can review it.
//!
//! [`AssessmentWindow`] is the date window in which ITAS is open for a year, with the countdown
//! the readiness page shows ([`Stage`]); [`gaps_by_unit`] lists what is still missing by the
//! unit responsible.
//!
//! Strings use Arabic digits; BE years and Thai month names in Thai.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::{
    format_date_en, format_date_range_en, format_date_range_th, format_date_th, parse_date,
    DateStyle, Digits, FiscalYear, Period, PeriodKind,
};
use crate::disclosure::{assess, Evidence, ItemReadiness, Readiness};
use crate::framework::{Cadence, Framework, Item};
use crate::InputError;

/// Most pieces of evidence named by kind in a draft; the rest are counted.
pub const MAX_NAMED: usize = 6;

/// What a piece of evidence is, as the draft names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A file the agency uploaded.
    Document,
    /// A report Prongsai generates from the agency's own work (a PDF at a public address).
    Report,
    /// A live page of the agency's website (contact page, e-Service catalogue, registers).
    Page,
    /// A link to another website.
    Link,
}

impl Source {
    const ORDER: [Source; 4] = [Self::Document, Self::Report, Self::Page, Self::Link];

    fn heading_th(self) -> &'static str {
        match self {
            Self::Document => "เอกสาร",
            Self::Report => "รายงานที่จัดทำจากระบบของหน่วยงาน",
            Self::Page => "หน้าเว็บไซต์ที่แสดงข้อมูลปัจจุบัน",
            Self::Link => "ลิงก์ไปยังเว็บไซต์อื่น",
        }
    }
    fn heading_en(self) -> &'static str {
        match self {
            Self::Document => "documents",
            Self::Report => "reports generated from the agency's own records",
            Self::Page => "live pages of the website",
            Self::Link => "links to other websites",
        }
    }
}

/// One piece of evidence of an item, as the sheet sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetEvidence {
    pub label: String,
    pub source: Source,
    pub evidence: Evidence,
}

/// A text in Thai and English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    pub th: String,
    pub en: String,
}

/// The answer ITAS asks: "มี" only when the item is complete today (an assessor finds a
/// missing, late, outdated or not yet due item lacking).
pub fn answer(state: Readiness) -> bool {
    state == Readiness::Complete
}

/// `มี` / `ไม่มี`.
pub fn answer_th(yes: bool) -> &'static str {
    if yes {
        "มี"
    } else {
        "ไม่มี"
    }
}

/// `Yes` / `No`.
pub fn answer_en(yes: bool) -> &'static str {
    if yes {
        "Yes"
    } else {
        "No"
    }
}

/// Whether a piece counts on `today`: public, link alive, published.
fn counts(e: &Evidence, today: NaiveDate) -> bool {
    e.public && !e.dead && e.published_on.is_none_or(|d| d <= today)
}

fn period_th(p: &Period) -> String {
    p.label_th(Digits::Arabic)
}

/// What one piece shows: its period, else its data year, else (standing information) the day
/// it was published.
fn covers_th(e: &Evidence) -> Option<String> {
    if let Some(p) = &e.period {
        return Some(period_th(p));
    }
    if let Some(y) = e.fiscal_year {
        return Some(y.label_th(Digits::Arabic));
    }
    e.published_on
        .map(|d| format!("เผยแพร่เมื่อ {}", format_date_th(d, DateStyle::ARABIC_FULL)))
}

fn covers_en(e: &Evidence) -> Option<String> {
    if let Some(p) = &e.period {
        return Some(p.label_en());
    }
    if let Some(y) = e.fiscal_year {
        return Some(y.label_en());
    }
    e.published_on
        .map(|d| format!("published {}", format_date_en(d)))
}

/// Consecutive months as runs: `[(first, last)]`.
fn month_runs(months: &[Period]) -> Vec<(Period, Period)> {
    let mut runs: Vec<(Period, Period)> = Vec::new();
    for m in months {
        match runs.last_mut() {
            Some((_, last)) if last.end.succ_opt() == Some(m.start) => *last = *m,
            _ => runs.push((*m, *m)),
        }
    }
    runs
}

/// The periods a list of covered required periods amounts to, in Thai and English: months in
/// runs ("ตุลาคม 2566 – มีนาคม 2567 (6 เดือน)"), the other periods by their labels.
fn coverage(periods: &[Period]) -> Option<Text> {
    if periods.is_empty() {
        return None;
    }
    let months: Vec<Period> = periods
        .iter()
        .filter(|p| matches!(p.kind, PeriodKind::Month(_)))
        .copied()
        .collect();
    let mut th = Vec::new();
    let mut en = Vec::new();
    for (a, b) in month_runs(&months) {
        let full = DateStyle::new(Digits::Arabic, crate::calendar::MonthStyle::Full);
        if a == b {
            th.push(period_th(&a));
            en.push(a.label_en());
        } else {
            let n = months
                .iter()
                .filter(|m| a.start <= m.start && m.end <= b.end)
                .count();
            th.push(format!(
                "{} ({n} เดือน)",
                format_date_range_th(a.start, b.end, full)
            ));
            en.push(format!(
                "{} ({n} months)",
                format_date_range_en(a.start, b.end)
            ));
        }
    }
    for p in periods
        .iter()
        .filter(|p| !matches!(p.kind, PeriodKind::Month(_)))
    {
        th.push(period_th(p));
        en.push(p.label_en());
    }
    Some(Text {
        th: th.join(", "),
        en: en.join(", "),
    })
}

/// Names of a group, at most [`MAX_NAMED`], each with what it covers.
fn named(pieces: &[&SheetEvidence], th: bool) -> String {
    let mut out: Vec<String> = pieces
        .iter()
        .take(MAX_NAMED)
        .map(|s| {
            let label = s.label.trim();
            let c = if th {
                covers_th(&s.evidence)
            } else {
                covers_en(&s.evidence)
            };
            match c {
                Some(c) => format!("“{label}” ({c})"),
                None => format!("“{label}”"),
            }
        })
        .collect();
    let more = pieces.len().saturating_sub(MAX_NAMED);
    if more > 0 {
        out.push(if th {
            format!("และอีก {more} รายการ")
        } else {
            format!("and {more} more")
        });
    }
    out.join(", ")
}

/// The explanation drafted from an item's evidence, in Thai and English: what is published and
/// where (documents, generated reports, live pages, links, each with the period it covers),
/// the months/round/year the evidence covers among those due, what is still lacking when the
/// item is not complete, and the coordinator's own note of the item (`note`, shown on its
/// public page) last. Evidence that does not count (internal, dead link, not yet published) is
/// not named.
pub fn draft(
    item: &Item,
    readiness: &ItemReadiness,
    today: NaiveDate,
    evidence: &[SheetEvidence],
    note: Option<&str>,
) -> Text {
    let counting: Vec<&SheetEvidence> = evidence
        .iter()
        .filter(|e| counts(&e.evidence, today))
        .collect();
    let title = item.title_th.trim();
    let mut th: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    if counting.is_empty() {
        th.push(format!(
            "หน่วยงานยังไม่มีข้อมูล “{title}” ที่เผยแพร่ต่อสาธารณะบนเว็บไซต์ของหน่วยงาน"
        ));
        en.push(format!(
            "The agency has not yet published “{title}” on its website"
        ));
    } else {
        th.push(format!(
            "หน่วยงานเผยแพร่ข้อมูล “{title}” บนเว็บไซต์ของหน่วยงาน ตาม URL ที่ระบุ ซึ่งรวบรวมหลักฐาน {} รายการ",
            counting.len()
        ));
        en.push(format!(
            "The agency publishes “{title}” on its website at the URL given, which gathers {} piece(s) of evidence",
            counting.len()
        ));
        for s in Source::ORDER {
            let group: Vec<&SheetEvidence> =
                counting.iter().copied().filter(|e| e.source == s).collect();
            if group.is_empty() {
                continue;
            }
            th.push(format!("{}: {}", s.heading_th(), named(&group, true)));
            en.push(format!("{}: {}", s.heading_en(), named(&group, false)));
        }
    }
    // what the evidence covers among the periods due
    if item.cadence != Cadence::Once {
        let covered: Vec<Period> = readiness
            .required
            .iter()
            .filter(|p| !readiness.missing.contains(p))
            .copied()
            .collect();
        if let Some(c) = coverage(&covered) {
            th.push(format!("ข้อมูลครอบคลุม {}", c.th));
            en.push(format!("The evidence covers {}", c.en));
        }
    }
    if readiness.state != Readiness::Complete {
        let why_th: Vec<&str> = readiness.reasons.iter().map(|r| r.th.as_str()).collect();
        let why_en: Vec<&str> = readiness.reasons.iter().map(|r| r.en.as_str()).collect();
        if !why_th.is_empty() {
            th.push(format!("หมายเหตุ: {}", why_th.join("; ")));
            en.push(format!("Note: {}", why_en.join("; ")));
        }
    }
    let mut out = Text {
        th: sentences(&th, false),
        en: sentences(&en, true),
    };
    if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
        out.th = format!("{}\n{n}", out.th);
        out.en = format!("{}\n{n}", out.en);
    }
    out
}

/// Thai sentences are separated by a space; English ones end with a full stop.
fn sentences(parts: &[String], english: bool) -> String {
    parts
        .iter()
        .map(|p| {
            let p = p.trim();
            if english && !p.ends_with('.') {
                format!("{p}.")
            } else {
                p.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The coordinator's edit of an item's explanation: the text and the draft it replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit<'a> {
    pub text: &'a str,
    /// The Thai draft when the edit was saved.
    pub draft_th: &'a str,
}

/// The explanation a row shows and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    pub text: String,
    /// The coordinator's text (it wins over the draft).
    pub edited: bool,
    /// The draft is no longer what it was when the coordinator edited: worth a review.
    pub draft_changed: bool,
}

/// The edited text when there is one (and it is not blank), else the Thai draft.
pub fn resolve(draft_th: &str, edit: Option<Edit<'_>>) -> Resolved {
    match edit.filter(|e| !e.text.trim().is_empty()) {
        Some(e) => Resolved {
            text: e.text.to_owned(),
            edited: true,
            draft_changed: e.draft_th != draft_th,
        },
        None => Resolved {
            text: draft_th.to_owned(),
            edited: false,
            draft_changed: false,
        },
    }
}

/// What the sheet needs of one item besides the framework.
#[derive(Debug, Clone, Copy, Default)]
pub struct ItemInput<'a> {
    pub evidence: &'a [SheetEvidence],
    /// The item's explanation on its public page (the item page's text box).
    pub note: Option<&'a str>,
    pub edit: Option<Edit<'a>>,
}

/// One row of the submission sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetRow {
    /// 1-based, the framework's order.
    pub order: usize,
    pub code: String,
    pub title_th: String,
    pub state: Readiness,
    /// มี (true) / ไม่มี.
    pub yes: bool,
    /// The item's permalink.
    pub url: String,
    pub draft: Text,
    /// What is submitted: the edited text, else the Thai draft.
    pub explanation: String,
    pub edited: bool,
    pub draft_changed: bool,
    pub readiness: ItemReadiness,
}

/// The submission sheet of a framework year on `today`: every item in framework order with
/// its answer, permalink (`url_of(code)`) and explanation.
pub fn sheet<'a>(
    fw: &Framework,
    today: NaiveDate,
    mut input_of: impl FnMut(&str) -> ItemInput<'a>,
    mut url_of: impl FnMut(&str) -> String,
) -> Vec<SheetRow> {
    fw.items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let input = input_of(&item.code);
            let ev: Vec<Evidence> = input.evidence.iter().map(|e| e.evidence.clone()).collect();
            let r = assess(item, fw.fiscal_year, today, &ev);
            let d = draft(item, &r, today, input.evidence, input.note);
            let res = resolve(&d.th, input.edit);
            SheetRow {
                order: i + 1,
                code: item.code.clone(),
                title_th: item.title_th.clone(),
                state: r.state,
                yes: answer(r.state),
                url: url_of(&item.code),
                draft: d,
                explanation: res.text,
                edited: res.edited,
                draft_changed: res.draft_changed,
                readiness: r,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The assessment window
// ---------------------------------------------------------------------------------------------

/// The longest window, in days.
pub const MAX_WINDOW_DAYS: i64 = 366;

/// The days during which ITAS is open for a year's assessment (both ends inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AssessmentWindow {
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

/// Where today stands against the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    /// `days` until it opens (at least 1).
    Before { days: i64 },
    /// Open; `days` until it closes (0 = it closes today).
    Open { days: i64 },
    /// Closed `days` ago (at least 1).
    Closed { days: i64 },
}

fn date_field(field: &'static str, value: &str) -> Result<NaiveDate, InputError> {
    if value.trim().is_empty() {
        return Err(InputError::new(
            field,
            "กรุณาระบุวันที่ (เช่น 1/4/2568)",
            "Please give the date (e.g. 1/4/2568 or 2025-04-01)",
        ));
    }
    parse_date(value.trim()).map_err(|_| {
        InputError::new(
            field,
            "วันที่ไม่ถูกต้อง (เช่น 1/4/2568 หรือ 1 เม.ย. 2568)",
            "Not a valid date (e.g. 1/4/2568 or 2025-04-01)",
        )
    })
}

impl AssessmentWindow {
    /// A window of the assessed `year`: closes on or after it opens, at most
    /// [`MAX_WINDOW_DAYS`] long, and within a year of the fiscal year (a mistyped year is
    /// refused rather than counted down for decades).
    pub fn new(
        year: FiscalYear,
        opens_on: NaiveDate,
        closes_on: NaiveDate,
    ) -> Result<Self, InputError> {
        if closes_on < opens_on {
            return Err(InputError::new(
                "closes_on",
                "วันปิดการประเมินต้องไม่ก่อนวันเปิดการประเมิน",
                "The closing day cannot be before the opening day",
            ));
        }
        if (closes_on - opens_on).num_days() >= MAX_WINDOW_DAYS {
            return Err(InputError::new(
                "closes_on",
                format!("ช่วงการประเมินยาวได้ไม่เกิน {MAX_WINDOW_DAYS} วัน"),
                format!("The window can be at most {MAX_WINDOW_DAYS} days long"),
            ));
        }
        let earliest = year.prev().map_or(year.start(), FiscalYear::start);
        let latest = year.next().map_or(year.end(), FiscalYear::end);
        for (field, d) in [("opens_on", opens_on), ("closes_on", closes_on)] {
            if d < earliest || d > latest {
                return Err(InputError::new(
                    field,
                    format!(
                        "วันที่ต้องอยู่ระหว่าง {} ถึง {} (ปีงบประมาณ พ.ศ. {} และปีก่อน/ปีถัดไป)",
                        format_date_th(earliest, DateStyle::ARABIC_ABBREV),
                        format_date_th(latest, DateStyle::ARABIC_ABBREV),
                        year.be()
                    ),
                    format!(
                        "The date must be between {} and {} (FY{} and the years either side)",
                        format_date_en(earliest),
                        format_date_en(latest),
                        year.be()
                    ),
                ));
            }
        }
        Ok(Self {
            opens_on,
            closes_on,
        })
    }

    /// Read what staff typed (BE or Gregorian dates, Thai or Arabic digits); every refused
    /// field is reported.
    pub fn parse(year: FiscalYear, opens: &str, closes: &str) -> Result<Self, Vec<InputError>> {
        let o = date_field("opens_on", opens);
        let c = date_field("closes_on", closes);
        match (o, c) {
            (Ok(o), Ok(c)) => Self::new(year, o, c).map_err(|e| vec![e]),
            (o, c) => Err([o.err(), c.err()].into_iter().flatten().collect()),
        }
    }

    /// Where `today` stands.
    pub fn stage(&self, today: NaiveDate) -> Stage {
        if today < self.opens_on {
            Stage::Before {
                days: (self.opens_on - today).num_days(),
            }
        } else if today <= self.closes_on {
            Stage::Open {
                days: (self.closes_on - today).num_days(),
            }
        } else {
            Stage::Closed {
                days: (today - self.closes_on).num_days(),
            }
        }
    }

    /// The countdown line: "เหลืออีก N วันก่อนเปิดการประเมิน", "ระบบ ITAS เปิดอยู่ ปิดใน N วัน",
    /// or when it has closed.
    pub fn countdown(&self, today: NaiveDate) -> Text {
        match self.stage(today) {
            Stage::Before { days } => Text {
                th: format!("เหลืออีก {days} วันก่อนเปิดการประเมิน"),
                en: format!("{days} day(s) before the assessment opens"),
            },
            Stage::Open { days: 0 } => Text {
                th: "ระบบ ITAS เปิดอยู่ ปิดวันนี้".into(),
                en: "ITAS is open and closes today".into(),
            },
            Stage::Open { days } => Text {
                th: format!("ระบบ ITAS เปิดอยู่ ปิดใน {days} วัน"),
                en: format!("ITAS is open, closing in {days} day(s)"),
            },
            Stage::Closed { .. } => Text {
                th: format!(
                    "ระบบ ITAS ปิดการประเมินแล้วเมื่อ {}",
                    format_date_th(self.closes_on, DateStyle::ARABIC_FULL)
                ),
                en: format!("ITAS closed on {}", format_date_en(self.closes_on)),
            },
        }
    }

    /// `1 เม.ย. 2568 – 31 พ.ค. 2568` style, both ends.
    pub fn label(&self) -> Text {
        Text {
            th: format!(
                "{} – {}",
                format_date_th(self.opens_on, DateStyle::ARABIC_ABBREV),
                format_date_th(self.closes_on, DateStyle::ARABIC_ABBREV)
            ),
            en: format!(
                "{} – {}",
                format_date_en(self.opens_on),
                format_date_en(self.closes_on)
            ),
        }
    }
}

/// Items not complete, grouped by the unit responsible (`unit_of`), units in key order and
/// items with no unit last; each group's items in framework order.
pub fn gaps_by_unit<'r, U: Ord + Clone>(
    fw: &Framework,
    readiness: &'r [ItemReadiness],
    unit_of: impl Fn(&str) -> Option<U>,
) -> Vec<(Option<U>, Vec<&'r ItemReadiness>)> {
    let mut by: std::collections::BTreeMap<(bool, Option<U>), Vec<&ItemReadiness>> =
        std::collections::BTreeMap::new();
    for (it, r) in fw.items.iter().zip(readiness) {
        if r.state == Readiness::Complete {
            continue;
        }
        let u = unit_of(&it.code);
        by.entry((u.is_none(), u)).or_default().push(r);
    }
    by.into_iter().map(|((_, u), rs)| (u, rs)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::FrameworkSet;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn fy(be: i32) -> FiscalYear {
        FiscalYear::new(be).unwrap()
    }
    fn fw(be: i32) -> Framework {
        FrameworkSet::bundled().0.get(be).cloned().unwrap()
    }
    fn piece(
        label: &str,
        source: Source,
        period: Option<Period>,
        year: Option<i32>,
    ) -> SheetEvidence {
        SheetEvidence {
            label: label.into(),
            source,
            evidence: Evidence {
                fiscal_year: period.map(|p| p.fiscal_year).or(year.map(fy)),
                period,
                published_on: None,
                public: true,
                dead: false,
            },
        }
    }

    fn monthly_item(f: &Framework) -> Item {
        f.items
            .iter()
            .find(|i| {
                i.cadence == Cadence::Monthly && i.data_year != crate::framework::DataYear::Previous
            })
            .cloned()
            .unwrap()
    }

    #[test]
    fn answer_is_yes_only_when_complete() {
        assert!(answer(Readiness::Complete));
        for s in [
            Readiness::Missing,
            Readiness::Late,
            Readiness::Outdated,
            Readiness::NotDue,
        ] {
            assert!(!answer(s));
        }
        assert_eq!(answer_th(true), "มี");
        assert_eq!(answer_th(false), "ไม่มี");
    }

    #[test]
    fn draft_names_documents_and_the_months_they_cover() {
        let f = fw(2566);
        let item = monthly_item(&f);
        let y = f.fiscal_year;
        let today = d(2023, 4, 10); // Oct–Mar have ended
        let ev: Vec<SheetEvidence> = [10, 11, 12, 1, 2, 3]
            .into_iter()
            .map(|m| {
                let p = y.month(m).unwrap();
                piece(&format!("สรุปผล {m}"), Source::Document, Some(p), None)
            })
            .collect();
        let plain: Vec<Evidence> = ev.iter().map(|e| e.evidence.clone()).collect();
        let r = assess(&item, y, today, &plain);
        assert_eq!(r.state, Readiness::Complete);
        let t = draft(&item, &r, today, &ev, None);
        assert!(t.th.contains(&format!("“{}”", item.title_th)), "{}", t.th);
        assert!(t.th.contains("เอกสาร: “สรุปผล 10” (ตุลาคม 2565)"), "{}", t.th);
        assert!(!t.th.contains("และอีก"), "six pieces are all named");
        assert!(
            t.th.contains("ข้อมูลครอบคลุม ตุลาคม 2565 – มีนาคม 2566 (6 เดือน)"),
            "{}",
            t.th
        );
        assert!(t.en.contains("Oct 2022 – Mar 2023 (6 months)"), "{}", t.en);
        assert!(!t.th.contains("หมายเหตุ"), "complete: no note");
    }

    #[test]
    fn draft_of_a_late_item_says_what_is_lacking_and_skips_what_does_not_count() {
        let f = fw(2566);
        let item = monthly_item(&f);
        let y = f.fiscal_year;
        let today = d(2023, 1, 15); // Oct, Nov, Dec due
        let mut ev = vec![
            piece("ต.ค.", Source::Document, Some(y.month(10).unwrap()), None),
            piece("พ.ย.", Source::Report, Some(y.month(11).unwrap()), None),
        ];
        let mut dead = piece("ลิงก์เสีย", Source::Link, Some(y.month(12).unwrap()), None);
        dead.evidence.dead = true;
        ev.push(dead);
        let plain: Vec<Evidence> = ev.iter().map(|e| e.evidence.clone()).collect();
        let r = assess(&item, y, today, &plain);
        assert_eq!(r.state, Readiness::Late);
        let t = draft(&item, &r, today, &ev, Some("  คำชี้แจงเพิ่มเติม  "));
        assert!(t.th.contains("หลักฐาน 2 รายการ"), "{}", t.th);
        assert!(!t.th.contains("ลิงก์เสีย"), "dead links are not named");
        assert!(t.th.contains("รายงานที่จัดทำจากระบบของหน่วยงาน: “พ.ย.”"));
        assert!(
            t.th.contains("ข้อมูลครอบคลุม ตุลาคม – พฤศจิกายน 2565 (2 เดือน)"),
            "{}",
            t.th
        );
        assert!(t.th.contains("หมายเหตุ: ยังไม่ครบ"), "{}", t.th);
        assert!(t.th.ends_with("\nคำชี้แจงเพิ่มเติม"), "{}", t.th);
        assert!(t.en.contains("Note: Incomplete"), "{}", t.en);
    }

    #[test]
    fn draft_of_standing_and_half_year_items() {
        let f = fw(2566);
        let y = f.fiscal_year;
        let once = f.items.iter().find(|i| i.cadence == Cadence::Once).unwrap();
        let mut contact = piece("หน้าติดต่อ", Source::Page, None, None);
        contact.evidence.published_on = Some(d(2022, 11, 1));
        let today = d(2023, 2, 1);
        let r = assess(once, y, today, std::slice::from_ref(&contact.evidence));
        let t = draft(once, &r, today, &[contact], None);
        assert!(
            t.th.contains("หน้าเว็บไซต์ที่แสดงข้อมูลปัจจุบัน: “หน้าติดต่อ” (เผยแพร่เมื่อ 1 พฤศจิกายน 2565)"),
            "{}",
            t.th
        );
        assert!(!t.th.contains("ครอบคลุม"), "standing items list no periods");

        let half = f
            .items
            .iter()
            .find(|i| i.cadence == Cadence::SixMonthly)
            .unwrap();
        let h1 = y.half(1).unwrap();
        let rep = piece("รายงานรอบ 6 เดือน", Source::Report, Some(h1), None);
        let today = d(2023, 5, 1);
        let r = assess(half, y, today, std::slice::from_ref(&rep.evidence));
        let t = draft(half, &r, today, &[rep], None);
        assert!(
            t.th.contains("ข้อมูลครอบคลุม รอบ 6 เดือน (ตุลาคม 2565 – มีนาคม 2566)"),
            "{}",
            t.th
        );
    }

    #[test]
    fn draft_without_evidence_and_long_lists() {
        let f = fw(2566);
        let item = monthly_item(&f);
        let y = f.fiscal_year;
        let today = d(2023, 10, 5);
        let r = assess(&item, y, today, &[]);
        let t = draft(&item, &r, today, &[], None);
        assert!(t.th.starts_with("หน่วยงานยังไม่มีข้อมูล"), "{}", t.th);
        assert!(t.th.contains("หมายเหตุ: ยังไม่มีข้อมูล"), "{}", t.th);

        let ev: Vec<SheetEvidence> = (1..=12)
            .map(|m| {
                piece(
                    &format!("เดือน {m}"),
                    Source::Document,
                    Some(y.month(m).unwrap()),
                    None,
                )
            })
            .collect();
        let plain: Vec<Evidence> = ev.iter().map(|e| e.evidence.clone()).collect();
        let r = assess(&item, y, today, &plain);
        let t = draft(&item, &r, today, &ev, None);
        assert!(t.th.contains("และอีก 6 รายการ"), "{}", t.th);
        assert!(t.th.contains("(12 เดือน)"), "{}", t.th);
    }

    #[test]
    fn edited_text_wins_and_a_changed_draft_is_flagged() {
        let r = resolve("ร่าง", None);
        assert_eq!(
            (r.text.as_str(), r.edited, r.draft_changed),
            ("ร่าง", false, false)
        );
        let e = Edit {
            text: "ข้อความของผู้ประสานงาน",
            draft_th: "ร่าง",
        };
        let r = resolve("ร่าง", Some(e));
        assert_eq!(r.text, "ข้อความของผู้ประสานงาน");
        assert!(r.edited && !r.draft_changed);
        let r = resolve("ร่างใหม่", Some(e));
        assert!(r.edited && r.draft_changed);
        let blank = Edit {
            text: "  ",
            draft_th: "x",
        };
        assert!(!resolve("ร่าง", Some(blank)).edited);
    }

    #[test]
    fn sheet_lists_every_item_in_framework_order() {
        for be in [2566, 2568] {
            let f = fw(be);
            let rows = sheet(
                &f,
                d(2023, 6, 1),
                |_| ItemInput::default(),
                |code| format!("/x/ita/{be}/{code}"),
            );
            assert_eq!(rows.len(), f.items.len());
            for (i, (row, item)) in rows.iter().zip(&f.items).enumerate() {
                assert_eq!(row.order, i + 1);
                assert_eq!(row.code, item.code);
                assert_eq!(row.url, format!("/x/ita/{be}/{}", item.code));
                assert_eq!(row.yes, row.state == Readiness::Complete);
                assert_eq!(row.explanation, row.draft.th);
            }
        }
    }

    #[test]
    fn window_is_checked() {
        let y = fy(2568);
        let w = AssessmentWindow::parse(y, "1/4/2568", "31 พ.ค. 2568").unwrap();
        assert_eq!(w.opens_on, d(2025, 4, 1));
        assert_eq!(w.closes_on, d(2025, 5, 31));
        let e = AssessmentWindow::parse(y, "31/5/2568", "1/4/2568").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "closes_on");
        assert!(e[0].th.contains("ต้องไม่ก่อน"));
        let e = AssessmentWindow::parse(y, "", "ไม่ใช่วันที่").unwrap_err();
        assert_eq!(
            e.iter().map(|x| x.field).collect::<Vec<_>>(),
            ["opens_on", "closes_on"]
        );
        // a mistyped year
        let e = AssessmentWindow::parse(y, "1/4/2586", "2/4/2586").unwrap_err();
        assert_eq!(e[0].field, "opens_on");
        assert!(e[0].th.contains("2568"), "{}", e[0].th);
        // one day is a window
        assert!(AssessmentWindow::parse(y, "๑/๔/๒๕๖๘", "1/4/2568").is_ok());
        assert!(AssessmentWindow::new(y, d(2025, 1, 1), d(2026, 1, 2)).is_err());
    }

    #[test]
    fn countdown_before_during_after() {
        let w = AssessmentWindow::new(fy(2568), d(2025, 4, 1), d(2025, 5, 31)).unwrap();
        assert_eq!(w.stage(d(2025, 3, 20)), Stage::Before { days: 12 });
        assert_eq!(
            w.countdown(d(2025, 3, 20)).th,
            "เหลืออีก 12 วันก่อนเปิดการประเมิน"
        );
        assert_eq!(w.stage(d(2025, 4, 1)), Stage::Open { days: 60 });
        assert_eq!(w.countdown(d(2025, 5, 21)).th, "ระบบ ITAS เปิดอยู่ ปิดใน 10 วัน");
        assert_eq!(w.countdown(d(2025, 5, 31)).th, "ระบบ ITAS เปิดอยู่ ปิดวันนี้");
        assert_eq!(w.stage(d(2025, 6, 2)), Stage::Closed { days: 2 });
        assert!(w.countdown(d(2025, 6, 2)).th.contains("31 พฤษภาคม 2568"));
        assert_eq!(w.label().th, "1 เม.ย. 2568 – 31 พ.ค. 2568");
    }

    #[test]
    fn gaps_grouped_by_unit_with_no_unit_last() {
        let f = fw(2566);
        let today = d(2023, 6, 1);
        let r: Vec<ItemReadiness> = f
            .items
            .iter()
            .map(|it| assess(it, f.fiscal_year, today, &[]))
            .collect();
        let unit_of = |code: &str| match code {
            "O1" | "O2" => Some(2),
            "O3" => Some(1),
            _ => None,
        };
        let g = gaps_by_unit(&f, &r, unit_of);
        assert_eq!(g[0].0, Some(1));
        assert_eq!(g[1].0, Some(2));
        assert_eq!(
            g[1].1.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
            ["O1", "O2"]
        );
        assert_eq!(g.last().unwrap().0, None);
        let total: usize = g.iter().map(|x| x.1.len()).sum();
        assert_eq!(
            total,
            r.iter().filter(|x| x.state != Readiness::Complete).count()
        );
    }
}

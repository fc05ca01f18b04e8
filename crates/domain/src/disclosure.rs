//! Readiness of OIT disclosures: for each OIT item (O1, O2, …) of an assessed fiscal year, is
//! the evidence the agency published enough, given the item's cadence and today's date? Every
//! item that is not complete carries its reasons in Thai and English. [`predict`] turns the
//! readiness of all items into the OIT score the year would get if it were assessed today.
//!
//! # Which evidence counts
//!
//! Only evidence that is public and whose link is not dead counts; evidence whose publication
//! date is after today is not on the portal yet and does not count either. Whenever evidence was
//! set aside, a reason says how many pieces and why ("ลิงก์ใช้งานไม่ได้ 2 รายการ …"), also on
//! complete items. Strings use Arabic digits; the web layer converts them.
//!
//! The fiscal year an evidence shows is the fiscal year of its [`period`](Evidence::period) when
//! it has one, else its [`fiscal_year`](Evidence::fiscal_year); neither = standing information.
//!
//! # What is required
//!
//! From the item's cadence and data year, and today:
//! - **Once** (standing information, whatever the data year): one piece of counting evidence of
//!   any year, or of none. It is due from the first day of the assessed year. When every counting
//!   piece has a publication date and the newest is more than [`STANDING_REVIEW_DAYS`] days
//!   before today, the item is [`Readiness::Outdated`] ("ควรทบทวนให้เป็นปัจจุบัน"); evidence
//!   without a publication date counts as current. Standing items list no periods in
//!   `required`/`missing`.
//! - **Yearly**: the whole data year (the assessed year for `current` and `any`, the year before
//!   for `previous`), due from the first day of the assessed year (plans are published at the
//!   start; last year's report is due as soon as the year is assessed). Any counting evidence of
//!   the data year covers it, whatever its period.
//! - **Monthly / Quarterly / SixMonthly**: the months / fiscal quarters / fiscal halves of the
//!   data year that have ended before today (H1 Oct–Mar is due from 1 April, H2 from 1 October).
//!   A period is covered by evidence of the same fiscal year whose period contains it (a quarter,
//!   half or year document covers its months: cumulative reports count) or that has no period (it
//!   shows the whole year). With data year `previous` every period of the year before is due from
//!   the first day of the assessed year.
//! - Before the assessed year starts nothing is required.
//!
//! In general each required period has a due date: the day after it ends, but never before the
//! first day of the assessed year (for yearly items: that first day). It is required once its
//! due date is today or earlier.
//!
//! # State
//!
//! - nothing required yet: [`Readiness::NotDue`], or [`Readiness::Complete`] when counting
//!   evidence of the data year (for standing items: any) already exists;
//! - every required period covered: [`Readiness::Complete`];
//! - no counting evidence of the data year at all: [`Readiness::Outdated`] when there is
//!   counting evidence of an older fiscal year ("มีเฉพาะข้อมูลปีงบประมาณ 2565"), else
//!   [`Readiness::Missing`];
//! - some evidence of the data year but not every required period covered:
//!   [`Readiness::Late`], the reason listing the missing periods.
//!
//! `next_due` is the next day on which more becomes required: the due date of the next period
//! not yet ended (the day after it ends), or for standing items the day the newest evidence
//! becomes outdated (or the first day of the assessed year). `None` when nothing more falls due.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::assessment::{compute, ItemAnswer, Scores};
use crate::calendar::{format_date_en, format_date_th, DateStyle, Digits, FiscalYear, Period};
use crate::framework::{Cadence, Framework, Item, ToolCode};

/// Days after its newest publication when standing information should be reviewed.
pub const STANDING_REVIEW_DAYS: i64 = 365;

/// One piece of evidence published for an item: a document, a link, a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Whose data it shows; `None` = standing information (no year).
    pub fiscal_year: Option<FiscalYear>,
    /// The month, quarter, half or year it covers; `None` = the whole `fiscal_year` (or
    /// standing). When given, its fiscal year is the one the evidence shows.
    pub period: Option<Period>,
    pub published_on: Option<NaiveDate>,
    /// Internal documents do not count on the portal.
    pub public: bool,
    /// The link checker found the URL dead.
    pub dead: bool,
}

impl Evidence {
    /// The fiscal year whose data the evidence shows: its period's, else `fiscal_year`.
    pub fn year(&self) -> Option<FiscalYear> {
        self.period.map(|p| p.fiscal_year).or(self.fiscal_year)
    }

    /// Whether it covers the period `p`: same fiscal year, and no period of its own or one that
    /// contains `p`.
    pub fn covers(&self, p: &Period) -> bool {
        self.year() == Some(p.fiscal_year)
            && self
                .period
                .is_none_or(|e| e.start <= p.start && p.end <= e.end)
    }
}

/// Why a piece of evidence was set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetAside {
    Internal,
    Dead,
    NotYetPublished,
}

fn set_aside(e: &Evidence, today: NaiveDate) -> Option<SetAside> {
    if !e.public {
        Some(SetAside::Internal)
    } else if e.dead {
        Some(SetAside::Dead)
    } else if e.published_on.is_some_and(|d| d > today) {
        Some(SetAside::NotYetPublished)
    } else {
        None
    }
}

/// Where an item's disclosure stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    Complete,
    /// Nothing of the required year is published.
    Missing,
    /// Some periods are published, not all that are due.
    Late,
    /// Only older data is published, or standing information is past its review.
    Outdated,
    /// Nothing is required yet.
    NotDue,
}

impl Readiness {
    pub const ALL: [Readiness; 5] = [
        Self::Complete,
        Self::Missing,
        Self::Late,
        Self::Outdated,
        Self::NotDue,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Complete => "complete",
            Self::Missing => "missing",
            Self::Late => "late",
            Self::Outdated => "outdated",
            Self::NotDue => "not_due",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Complete => "ครบถ้วน",
            Self::Missing => "ยังไม่มี",
            Self::Late => "ล่าช้า/ไม่ครบ",
            Self::Outdated => "ไม่เป็นปัจจุบัน",
            Self::NotDue => "ยังไม่ถึงกำหนด",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Complete => "complete",
            Self::Missing => "missing",
            Self::Late => "late/incomplete",
            Self::Outdated => "outdated",
            Self::NotDue => "not due yet",
        }
    }
}

/// One reason, in Thai and English (Arabic digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub th: String,
    pub en: String,
}

impl Reason {
    fn new(th: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            th: th.into(),
            en: en.into(),
        }
    }
}

/// The readiness of one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemReadiness {
    pub code: String,
    pub state: Readiness,
    /// The state's reason first (never empty unless complete), then notes on evidence set aside.
    pub reasons: Vec<Reason>,
    /// The periods due by today (empty for standing items).
    pub required: Vec<Period>,
    /// The required periods not covered by counting evidence.
    pub missing: Vec<Period>,
    /// The next day on which more becomes required.
    pub next_due: Option<NaiveDate>,
}

/// A period the item asks for and the day it becomes required.
#[derive(Debug, Clone, Copy)]
struct Slot {
    period: Period,
    due: NaiveDate,
}

/// The periods an item asks for, in order, with their due dates; `None` for standing items.
/// Empty when the data year is outside the supported range.
fn slots(item: &Item, year: FiscalYear) -> Option<Vec<Slot>> {
    if item.cadence == Cadence::Once {
        return None;
    }
    let Some(dy) = item.data_fiscal_year(year) else {
        return Some(Vec::new());
    };
    let after_end = |period: Period| Slot {
        period,
        due: period
            .end
            .succ_opt()
            .unwrap_or(period.end)
            .max(year.start()),
    };
    Some(match item.cadence {
        Cadence::Once => Vec::new(),
        Cadence::Yearly => vec![Slot {
            period: dy.whole(),
            due: year.start(),
        }],
        Cadence::Monthly => dy
            .months()
            .iter()
            .filter_map(|m| dy.month(m.month()).ok())
            .map(after_end)
            .collect(),
        Cadence::Quarterly => dy.quarters().into_iter().map(after_end).collect(),
        Cadence::SixMonthly => dy.halves().into_iter().map(after_end).collect(),
    })
}

fn date_th(d: NaiveDate) -> String {
    format_date_th(d, DateStyle::ARABIC_FULL)
}

fn fy_th(y: FiscalYear) -> String {
    y.label_th(Digits::Arabic)
}

/// How ready `item` of the assessed fiscal `year` is on `today`, given its `evidence`. See the
/// module documentation for the rules.
pub fn assess(
    item: &Item,
    year: FiscalYear,
    today: NaiveDate,
    evidence: &[Evidence],
) -> ItemReadiness {
    let (mut internal, mut dead, mut future) = (0usize, 0usize, 0usize);
    let mut counting: Vec<&Evidence> = Vec::new();
    for e in evidence {
        match set_aside(e, today) {
            Some(SetAside::Internal) => internal += 1,
            Some(SetAside::Dead) => dead += 1,
            Some(SetAside::NotYetPublished) => future += 1,
            None => counting.push(e),
        }
    }
    let mut out = match slots(item, year) {
        None => standing(item, year, today, &counting),
        Some(slots) => periodic(item, today, &counting, &slots),
    };
    if dead > 0 {
        out.reasons.push(Reason::new(
            format!("ลิงก์ใช้งานไม่ได้ {dead} รายการ ไม่นับเป็นหลักฐาน"),
            format!("{dead} dead link(s) not counted"),
        ));
    }
    if internal > 0 {
        out.reasons.push(Reason::new(
            format!("เอกสารที่ไม่ได้เผยแพร่ต่อสาธารณะ {internal} รายการ ไม่นับเป็นหลักฐาน"),
            format!("{internal} internal (not public) document(s) not counted"),
        ));
    }
    if future > 0 {
        out.reasons.push(Reason::new(
            format!("ยังไม่ถึงวันเผยแพร่ {future} รายการ ยังไม่นับเป็นหลักฐาน"),
            format!("{future} piece(s) with a publication date after today not counted yet"),
        ));
    }
    out
}

/// Standing information (cadence Once).
fn standing(
    item: &Item,
    year: FiscalYear,
    today: NaiveDate,
    counting: &[&Evidence],
) -> ItemReadiness {
    let started = today >= year.start();
    // The newest publication; `None` when there is none or some evidence is undated (current).
    let newest = if counting.iter().any(|e| e.published_on.is_none()) {
        None
    } else {
        counting.iter().filter_map(|e| e.published_on).max()
    };
    let stale_from =
        newest.and_then(|n| n.checked_add_days(Days::new(STANDING_REVIEW_DAYS as u64 + 1)));
    // The day the state would worsen by itself.
    let worsens = if counting.is_empty() {
        Some(year.start())
    } else {
        stale_from.map(|s| s.max(year.start()))
    };
    let next_due = worsens.filter(|d| *d > today);
    let (state, reasons) = if counting.is_empty() {
        if started {
            (
                Readiness::Missing,
                vec![Reason::new(
                    "ยังไม่มีข้อมูลที่เผยแพร่ต่อสาธารณะ",
                    "Nothing is published yet",
                )],
            )
        } else {
            (
                Readiness::NotDue,
                vec![Reason::new(
                    format!("ยังไม่ถึงกำหนด: ต้องเผยแพร่ตั้งแต่ {}", date_th(year.start())),
                    format!(
                        "Not due yet: required from {}",
                        format_date_en(year.start())
                    ),
                )],
            )
        }
    } else {
        match (newest, started) {
            (Some(n), true) if (today - n).num_days() > STANDING_REVIEW_DAYS => (
                Readiness::Outdated,
                vec![Reason::new(
                    format!(
                        "ควรทบทวนให้เป็นปัจจุบัน: เผยแพร่ล่าสุดเมื่อ {} เกิน {} วัน",
                        date_th(n),
                        STANDING_REVIEW_DAYS
                    ),
                    format!(
                        "Should be reviewed to be current: last published {}, more than {} days ago",
                        format_date_en(n),
                        STANDING_REVIEW_DAYS
                    ),
                )],
            ),
            _ => (Readiness::Complete, Vec::new()),
        }
    };
    ItemReadiness {
        code: item.code.clone(),
        state,
        reasons,
        required: Vec::new(),
        missing: Vec::new(),
        next_due,
    }
}

/// Items with periods (monthly, quarterly, six-monthly, yearly).
fn periodic(
    item: &Item,
    today: NaiveDate,
    counting: &[&Evidence],
    slots: &[Slot],
) -> ItemReadiness {
    let yearly = item.cadence == Cadence::Yearly;
    let data_year = slots.first().map(|s| s.period.fiscal_year);
    let covered = |p: &Period| {
        counting.iter().any(|e| {
            if yearly {
                e.year() == Some(p.fiscal_year)
            } else {
                e.covers(p)
            }
        })
    };
    let required: Vec<Period> = slots
        .iter()
        .filter(|s| s.due <= today)
        .map(|s| s.period)
        .collect();
    let missing: Vec<Period> = required.iter().filter(|p| !covered(p)).copied().collect();
    let next = slots.iter().find(|s| s.due > today);
    let next_due = next.map(|s| s.due);
    let of_data_year = counting
        .iter()
        .filter(|e| data_year.is_some() && e.year() == data_year)
        .count();
    let older = counting
        .iter()
        .filter_map(|e| e.year())
        .filter(|y| data_year.is_some_and(|d| *y < d))
        .max();
    let dy_th = data_year.map(fy_th).unwrap_or_default();
    let dy_en = data_year.map(FiscalYear::label_en).unwrap_or_default();

    let mut reasons = Vec::new();
    let state = if required.is_empty() {
        if of_data_year > 0 {
            Readiness::Complete
        } else {
            reasons.push(match next {
                Some(s) => Reason::new(
                    format!(
                        "ยังไม่ถึงกำหนด: {} ต้องเผยแพร่ตั้งแต่ {}",
                        s.period.label_th(Digits::Arabic),
                        date_th(s.due)
                    ),
                    format!(
                        "Not due yet: {} is required from {}",
                        s.period.label_en(),
                        format_date_en(s.due)
                    ),
                ),
                None => Reason::new("ยังไม่มีรอบที่ต้องเผยแพร่", "No period is due"),
            });
            Readiness::NotDue
        }
    } else if missing.is_empty() {
        Readiness::Complete
    } else if of_data_year == 0 {
        if let Some(old) = older {
            reasons.push(Reason::new(
                format!("มีเฉพาะข้อมูลปีงบประมาณ {} ยังไม่มีข้อมูล{}", old.be(), dy_th),
                format!(
                    "Only data of {} is published; {dy_en} is missing",
                    old.label_en()
                ),
            ));
            Readiness::Outdated
        } else {
            let n = required.len();
            reasons.push(if yearly {
                Reason::new(
                    format!("ยังไม่มีข้อมูล{dy_th}ที่เผยแพร่ต่อสาธารณะ"),
                    format!("Nothing of {dy_en} is published"),
                )
            } else {
                Reason::new(
                    format!("ยังไม่มีข้อมูล{dy_th}ที่เผยแพร่ต่อสาธารณะ (ถึงกำหนดแล้ว {n} รอบ)"),
                    format!("Nothing of {dy_en} is published ({n} period(s) due)"),
                )
            });
            let other = counting.len();
            if other > 0 {
                reasons.push(Reason::new(
                    format!("มีหลักฐาน {other} รายการ แต่ไม่ใช่ข้อมูล{dy_th}"),
                    format!("{other} piece(s) of evidence are not data of {dy_en}"),
                ));
            }
            Readiness::Missing
        }
    } else {
        let th: Vec<String> = missing.iter().map(|p| p.label_th(Digits::Arabic)).collect();
        let en: Vec<String> = missing.iter().map(Period::label_en).collect();
        reasons.push(Reason::new(
            format!(
                "ยังไม่ครบ ขาด {} จาก {} รอบ: {}",
                missing.len(),
                required.len(),
                th.join(", ")
            ),
            format!(
                "Incomplete, {} of {} due period(s) missing: {}",
                missing.len(),
                required.len(),
                en.join(", ")
            ),
        ));
        Readiness::Late
    };
    ItemReadiness {
        code: item.code.clone(),
        state,
        reasons,
        required,
        missing,
        next_due,
    }
}

/// The readiness of every item of a year's framework, in framework order, on `today`, with the
/// evidence of each item looked up by its code.
pub fn assess_year<'a>(
    fw: &Framework,
    today: NaiveDate,
    mut evidence_of: impl FnMut(&str) -> &'a [Evidence],
) -> Vec<ItemReadiness> {
    fw.items
        .iter()
        .map(|it| assess(it, fw.fiscal_year, today, evidence_of(&it.code)))
        .collect()
}

/// One agency-year in a line: its tally and predicted score on `today`, from the evidence of
/// each item by code (items with none are simply absent). What a table of many agencies needs.
pub fn summarize(
    fw: &Framework,
    today: NaiveDate,
    evidence: &std::collections::BTreeMap<String, Vec<Evidence>>,
) -> (Tally, Prediction) {
    let r = assess_year(fw, today, |code| {
        evidence.get(code).map_or(&[], Vec::as_slice)
    });
    (Tally::of(&r), predict(fw, &r))
}

/// Counts of items by readiness.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub complete: usize,
    pub missing: usize,
    pub late: usize,
    pub outdated: usize,
    pub not_due: usize,
    pub total: usize,
}

impl Tally {
    /// The tally of a list of items.
    pub fn of<'a>(items: impl IntoIterator<Item = &'a ItemReadiness>) -> Self {
        let mut t = Self::default();
        for r in items {
            t.add(r);
        }
        t
    }
    pub fn add(&mut self, r: &ItemReadiness) {
        self.total += 1;
        match r.state {
            Readiness::Complete => self.complete += 1,
            Readiness::Missing => self.missing += 1,
            Readiness::Late => self.late += 1,
            Readiness::Outdated => self.outdated += 1,
            Readiness::NotDue => self.not_due += 1,
        }
    }
    /// Add another tally's counts (e.g. many agencies' into one total).
    pub fn merge(&mut self, other: &Tally) {
        self.complete += other.complete;
        self.missing += other.missing;
        self.late += other.late;
        self.outdated += other.outdated;
        self.not_due += other.not_due;
        self.total += other.total;
    }
    /// Share of items complete among all, in per cent rounded down (0 when there are none).
    /// Items not due yet count as not complete: an assessor would not find them today.
    pub fn percent_complete(&self) -> u32 {
        (self.complete * 100).checked_div(self.total).unwrap_or(0) as u32
    }
}

/// The predicted score of one OIT indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorPrediction {
    pub number: u32,
    pub name_th: String,
    pub score: Option<f64>,
}

/// The OIT result the year would get if it were assessed today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// The OIT tool score; `None` when some OIT indicator has no answered item.
    pub oit: Option<f64>,
    pub indicators: Vec<IndicatorPrediction>,
    /// Items predicted "มี" (complete today).
    pub items_yes: usize,
    /// Items of the framework among those given.
    pub items_total: usize,
}

/// Predicts the OIT score as if the year were assessed today: each item given is answered
/// "มี" only when it is [`Readiness::Complete`] (an assessor finds missing, late, outdated or
/// not-yet-due items lacking) and "ไม่มี" otherwise, with its Thai reasons as the remark. The
/// scores then come from [`assessment::compute`](crate::assessment::compute), the same
/// scoring as recorded results (OIT indicator = share of its answered items that are "มี"; tool
/// = indicator mean weighted by the framework). Items of the framework that are not given stay
/// unanswered and do not count; codes not in the framework are ignored.
pub fn predict(fw: &Framework, items: &[ItemReadiness]) -> Prediction {
    let mut scores = Scores::default();
    for r in items.iter().filter(|r| fw.item(&r.code).is_some()) {
        let yes = r.state == Readiness::Complete;
        let remark = (!yes).then(|| {
            r.reasons
                .iter()
                .map(|x| x.th.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        });
        scores.items.insert(
            r.code.clone(),
            ItemAnswer {
                answer: yes,
                remark,
            },
        );
    }
    let outcome = compute(fw, &scores);
    Prediction {
        oit: outcome
            .tools
            .iter()
            .find(|t| t.tool == ToolCode::OIT)
            .and_then(|t| t.score),
        indicators: outcome
            .indicators
            .iter()
            .filter(|i| i.tool == ToolCode::OIT)
            .map(|i| IndicatorPrediction {
                number: i.number,
                name_th: i.name_th.clone(),
                score: i.score,
            })
            .collect(),
        items_yes: outcome.items_yes,
        items_total: outcome.items_answered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::PeriodKind;
    use crate::framework::{DataYear, FrameworkSet};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fy(be: i32) -> FiscalYear {
        FiscalYear::new(be).unwrap()
    }

    fn fw2566() -> Framework {
        FrameworkSet::bundled().0.get(2566).cloned().unwrap()
    }

    /// O21 monthly, O12 six-monthly, O11 yearly current, O13 yearly previous, O1 once.
    fn item(code: &str) -> Item {
        let it = fw2566().item(code).cloned().unwrap();
        let expected = match code {
            "O21" => (Cadence::Monthly, DataYear::Current),
            "O12" => (Cadence::SixMonthly, DataYear::Current),
            "O11" => (Cadence::Yearly, DataYear::Current),
            "O13" => (Cadence::Yearly, DataYear::Previous),
            "O1" => (Cadence::Once, DataYear::Any),
            _ => (it.cadence, it.data_year),
        };
        assert_eq!((it.cadence, it.data_year), expected, "{code} in 2566.toml");
        it
    }

    fn hand_made(cadence: Cadence, data_year: DataYear) -> Item {
        Item {
            code: "OX".into(),
            cadence,
            data_year,
            ..item("O21")
        }
    }

    fn ev(period: Period) -> Evidence {
        Evidence {
            fiscal_year: Some(period.fiscal_year),
            period: Some(period),
            published_on: None,
            public: true,
            dead: false,
        }
    }

    fn ev_year(be: i32) -> Evidence {
        Evidence {
            fiscal_year: Some(fy(be)),
            period: None,
            published_on: None,
            public: true,
            dead: false,
        }
    }

    fn ev_standing(published_on: Option<NaiveDate>) -> Evidence {
        Evidence {
            fiscal_year: None,
            period: None,
            published_on,
            public: true,
            dead: false,
        }
    }

    fn month(be: i32, m: u32) -> Period {
        fy(be).month(m).unwrap()
    }

    fn has_th(r: &ItemReadiness, needle: &str) -> bool {
        r.reasons.iter().any(|x| x.th.contains(needle))
    }

    fn has_en(r: &ItemReadiness, needle: &str) -> bool {
        r.reasons.iter().any(|x| x.en.contains(needle))
    }

    #[test]
    fn monthly_late_lists_the_missing_month() {
        let evidence: Vec<Evidence> = [10, 11, 12].map(|m| ev(month(2566, m))).to_vec();
        let r = assess(&item("O21"), fy(2566), d(2023, 2, 15), &evidence);
        assert_eq!(r.state, Readiness::Late);
        assert_eq!(r.code, "O21");
        assert_eq!(r.required.len(), 4, "Oct–Jan have ended");
        assert_eq!(r.missing, vec![month(2566, 1)]);
        assert!(has_th(&r, "มกราคม 2566"), "{:?}", r.reasons);
        assert!(has_en(&r, "January 2023"), "{:?}", r.reasons);
        assert!(
            r.reasons.iter().all(|x| !x.th.contains('๑')),
            "Arabic digits"
        );
        assert_eq!(r.next_due, Some(d(2023, 3, 1)), "February is due next");

        // January's own report completes it; on its last day January is not required yet.
        let mut all = evidence.clone();
        all.push(ev(month(2566, 1)));
        let r = assess(&item("O21"), fy(2566), d(2023, 2, 15), &all);
        assert_eq!((r.state, r.missing.len()), (Readiness::Complete, 0));
        assert!(r.reasons.is_empty());
        let r = assess(&item("O21"), fy(2566), d(2023, 1, 31), &evidence);
        assert_eq!(r.state, Readiness::Complete);
        assert_eq!(r.next_due, Some(d(2023, 2, 1)));
    }

    #[test]
    fn cumulative_documents_cover_their_months() {
        let o21 = item("O21");
        let y = fy(2566);
        // A year-period document and a year without period cover every month, even at year end.
        for e in [ev(y.whole()), ev_year(2566)] {
            for today in [d(2023, 2, 15), d(2023, 10, 5)] {
                let r = assess(&o21, y, today, std::slice::from_ref(&e));
                assert_eq!(r.state, Readiness::Complete, "{today}");
            }
        }
        let r = assess(&o21, y, d(2023, 10, 5), &[ev(y.whole())]);
        assert_eq!(r.required.len(), 12);
        assert_eq!(r.next_due, None, "nothing more falls due in FY 2566");
        // Q1 + January on 15 Feb.
        let r = assess(
            &o21,
            y,
            d(2023, 2, 15),
            &[ev(y.quarter(1).unwrap()), ev(month(2566, 1))],
        );
        assert_eq!(r.state, Readiness::Complete);
        // The first half covers Oct–Mar only.
        let r = assess(&o21, y, d(2023, 10, 5), &[ev(y.half(1).unwrap())]);
        assert_eq!(r.state, Readiness::Late);
        let kinds: Vec<PeriodKind> = r.missing.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [4, 5, 6, 7, 8, 9].map(PeriodKind::Month).to_vec());
        // A month of another year covers nothing.
        let r = assess(&o21, y, d(2022, 11, 5), &[ev(month(2565, 10))]);
        assert_eq!(r.state, Readiness::Outdated);
    }

    #[test]
    fn six_monthly_is_due_from_the_first_of_april() {
        let o12 = item("O12");
        let y = fy(2566);
        let h1 = y.half(1).unwrap();
        let r = assess(&o12, y, d(2023, 3, 31), &[]);
        assert_eq!(r.state, Readiness::NotDue);
        assert!(r.required.is_empty());
        assert_eq!(r.next_due, Some(d(2023, 4, 1)));
        assert!(has_th(&r, "ยังไม่ถึงกำหนด"), "{:?}", r.reasons);
        assert!(has_th(&r, "1 เมษายน 2566"), "{:?}", r.reasons);
        // A half published early is complete before it is due.
        let r = assess(&o12, y, d(2023, 3, 31), &[ev(h1)]);
        assert_eq!(r.state, Readiness::Complete);

        let r = assess(&o12, y, d(2023, 4, 2), &[]);
        assert_eq!(r.state, Readiness::Missing);
        assert_eq!(r.missing, vec![h1]);
        assert!(
            has_th(&r, "ยังไม่มีข้อมูลปีงบประมาณ พ.ศ. 2566"),
            "{:?}",
            r.reasons
        );
        let r = assess(&o12, y, d(2023, 4, 2), &[ev(h1)]);
        assert_eq!(r.state, Readiness::Complete);
        assert_eq!(r.next_due, Some(d(2023, 10, 1)));

        let r = assess(&o12, y, d(2023, 10, 5), &[ev(h1)]);
        assert_eq!(r.state, Readiness::Late);
        assert_eq!(r.missing, vec![y.half(2).unwrap()]);
        assert!(has_th(&r, "รอบ 6 เดือนหลัง"), "{:?}", r.reasons);
        assert!(has_en(&r, "Second half of FY2566"), "{:?}", r.reasons);
        let r = assess(&o12, y, d(2023, 10, 5), &[ev(y.whole())]);
        assert_eq!(r.state, Readiness::Complete);
        assert_eq!(r.required.len(), 2);
    }

    #[test]
    fn quarterly_and_any_data_year() {
        let q = hand_made(Cadence::Quarterly, DataYear::Current);
        let y = fy(2566);
        let r = assess(&q, y, d(2023, 4, 2), &[ev(y.quarter(1).unwrap())]);
        assert_eq!(r.state, Readiness::Late);
        assert_eq!(r.missing, vec![y.quarter(2).unwrap()]);
        assert_eq!(r.next_due, Some(d(2023, 7, 1)));
        let r = assess(&q, y, d(2023, 4, 2), &[ev(y.half(1).unwrap())]);
        assert_eq!(r.state, Readiness::Complete);
        // data_year Any on a periodic cadence reads as the assessed year.
        let any = hand_made(Cadence::Monthly, DataYear::Any);
        let r = assess(&any, y, d(2023, 2, 15), &[ev(y.quarter(1).unwrap())]);
        assert_eq!(r.missing, vec![month(2566, 1)]);
        // Monthly data of the previous year: all twelve months from the first day.
        let prev = hand_made(Cadence::Monthly, DataYear::Previous);
        assert_eq!(
            assess(&prev, y, d(2022, 9, 30), &[]).state,
            Readiness::NotDue
        );
        let r = assess(&prev, y, d(2022, 10, 1), &[ev(fy(2565).half(1).unwrap())]);
        assert_eq!(
            (r.state, r.required.len(), r.missing.len()),
            (Readiness::Late, 12, 6)
        );
    }

    #[test]
    fn yearly_current_and_previous() {
        let o11 = item("O11");
        let y = fy(2566);
        let r = assess(&o11, y, d(2022, 9, 30), &[]);
        assert_eq!(r.state, Readiness::NotDue);
        assert_eq!(r.next_due, Some(d(2022, 10, 1)));
        let r = assess(&o11, y, d(2022, 9, 30), &[ev_year(2566)]);
        assert_eq!(r.state, Readiness::Complete, "a plan published ahead");
        let r = assess(&o11, y, d(2022, 10, 1), &[]);
        assert_eq!(r.state, Readiness::Missing);
        assert_eq!(r.required, vec![y.whole()]);
        let r = assess(&o11, y, d(2023, 2, 15), &[ev_year(2565)]);
        assert_eq!(r.state, Readiness::Outdated);
        assert!(has_th(&r, "มีเฉพาะข้อมูลปีงบประมาณ 2565"), "{:?}", r.reasons);
        assert!(has_en(&r, "FY2565"), "{:?}", r.reasons);
        // Any period of the year counts for a yearly item.
        let r = assess(&o11, y, d(2023, 2, 15), &[ev(y.quarter(2).unwrap())]);
        assert_eq!(r.state, Readiness::Complete);
        assert_eq!(r.next_due, None);

        let o13 = item("O13");
        let r = assess(&o13, y, d(2023, 2, 15), &[ev_year(2565)]);
        assert_eq!(r.state, Readiness::Complete);
        assert_eq!(r.required, vec![fy(2565).whole()]);
        let r = assess(&o13, y, d(2023, 2, 15), &[ev_year(2566)]);
        assert_eq!(
            r.state,
            Readiness::Missing,
            "this year's data is not last year's report"
        );
        assert!(has_th(&r, "ไม่ใช่ข้อมูลปีงบประมาณ พ.ศ. 2565"), "{:?}", r.reasons);
        let r = assess(&o13, y, d(2023, 2, 15), &[ev_year(2564), ev_year(2563)]);
        assert_eq!(r.state, Readiness::Outdated);
        assert!(has_th(&r, "มีเฉพาะข้อมูลปีงบประมาณ 2564"), "{:?}", r.reasons);
        assert_eq!(assess(&o13, y, d(2022, 9, 1), &[]).state, Readiness::NotDue);
    }

    #[test]
    fn standing_information_and_its_review() {
        let o1 = item("O1");
        let y = fy(2566);
        let today = d(2023, 2, 15);
        let r = assess(&o1, y, today, &[]);
        assert_eq!(r.state, Readiness::Missing);
        assert!(r.required.is_empty() && r.missing.is_empty());
        assert!(!r.reasons.is_empty());
        assert_eq!(assess(&o1, y, d(2022, 9, 1), &[]).state, Readiness::NotDue);

        // 410 days old → outdated; 351 days → current until 366 days have passed.
        let r = assess(&o1, y, today, &[ev_standing(Some(d(2022, 1, 1)))]);
        assert_eq!(r.state, Readiness::Outdated);
        assert!(has_th(&r, "ควรทบทวนให้เป็นปัจจุบัน"), "{:?}", r.reasons);
        assert_eq!(r.next_due, None);
        let r = assess(&o1, y, today, &[ev_standing(Some(d(2022, 3, 1)))]);
        assert_eq!(r.state, Readiness::Complete);
        assert_eq!(r.next_due, Some(d(2023, 3, 2)));
        let exactly = assess(&o1, y, d(2023, 3, 1), &[ev_standing(Some(d(2022, 3, 1)))]);
        assert_eq!(
            exactly.state,
            Readiness::Complete,
            "365 days is still current"
        );
        let over = assess(&o1, y, d(2023, 3, 2), &[ev_standing(Some(d(2022, 3, 1)))]);
        assert_eq!(over.state, Readiness::Outdated);
        // The newest counts; undated evidence counts as current; any year counts.
        let mixed = [
            ev_standing(Some(d(2021, 1, 1))),
            ev_standing(Some(d(2022, 12, 1))),
        ];
        assert_eq!(assess(&o1, y, today, &mixed).state, Readiness::Complete);
        let undated = [ev_standing(Some(d(2020, 1, 1))), ev_standing(None)];
        let r = assess(&o1, y, today, &undated);
        assert_eq!((r.state, r.next_due), (Readiness::Complete, None));
        assert_eq!(
            assess(&o1, y, today, &[ev_year(2560)]).state,
            Readiness::Complete
        );
        // Before the year starts nothing is required: stale evidence is still complete.
        let r = assess(&o1, y, d(2022, 9, 1), &[ev_standing(Some(d(2021, 1, 1)))]);
        assert_eq!(
            (r.state, r.next_due),
            (Readiness::Complete, Some(d(2022, 10, 1)))
        );
    }

    #[test]
    fn dead_internal_and_future_evidence_is_set_aside() {
        let o21 = item("O21");
        let y = fy(2566);
        let mut evidence: Vec<Evidence> = [10, 11, 12].map(|m| ev(month(2566, m))).to_vec();
        let dead = |m| Evidence {
            dead: true,
            ..ev(month(2566, m))
        };
        evidence.extend([dead(1), dead(2)]);
        let r = assess(&o21, y, d(2023, 2, 15), &evidence);
        assert_eq!(r.state, Readiness::Late);
        assert_eq!(r.missing, vec![month(2566, 1)]);
        assert!(has_th(&r, "ลิงก์ใช้งานไม่ได้ 2 รายการ"), "{:?}", r.reasons);
        assert!(has_en(&r, "2 dead link"), "{:?}", r.reasons);

        // Only dead or internal evidence: missing, with both notes.
        let internal = Evidence {
            public: false,
            ..ev_year(2566)
        };
        let r = assess(&o21, y, d(2023, 2, 15), &[dead(10), internal]);
        assert_eq!(r.state, Readiness::Missing);
        assert!(has_th(&r, "ลิงก์ใช้งานไม่ได้ 1 รายการ"), "{:?}", r.reasons);
        assert!(
            has_th(&r, "ไม่ได้เผยแพร่ต่อสาธารณะ 1 รายการ"),
            "{:?}",
            r.reasons
        );

        // Complete, but the dead link is still reported.
        let r = assess(&o21, y, d(2023, 2, 15), &[ev(y.whole()), dead(1)]);
        assert_eq!(r.state, Readiness::Complete);
        assert!(has_th(&r, "ลิงก์ใช้งานไม่ได้ 1 รายการ"), "{:?}", r.reasons);

        // Published after today: not yet on the portal.
        let later = Evidence {
            published_on: Some(d(2023, 3, 1)),
            ..ev(y.whole())
        };
        let r = assess(&o21, y, d(2023, 2, 15), std::slice::from_ref(&later));
        assert_eq!(r.state, Readiness::Missing);
        assert!(has_th(&r, "ยังไม่ถึงวันเผยแพร่ 1 รายการ"), "{:?}", r.reasons);
        assert_eq!(
            assess(&o21, y, d(2023, 3, 1), &[later]).state,
            Readiness::Complete
        );
    }

    #[test]
    fn labels_codes_and_serde() {
        for s in Readiness::ALL {
            assert_eq!(Readiness::parse(s.code()), Some(s));
            assert!(!s.label_th().is_empty() && !s.label_en().is_empty());
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        assert_eq!(Readiness::Late.label_th(), "ล่าช้า/ไม่ครบ");
        assert_eq!(Readiness::NotDue.label_th(), "ยังไม่ถึงกำหนด");
        assert_eq!(Readiness::parse("done"), None);
        let r = assess(&item("O21"), fy(2566), d(2023, 2, 15), &[]);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["state"], "missing");
        assert_eq!(json["next_due"], "2023-03-01");
        let e = ev(month(2566, 1));
        let back: Evidence = serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }

    /// Evidence that makes every 2566 item complete on 5 Oct 2023.
    fn full_evidence() -> Vec<Evidence> {
        vec![
            ev_year(2566),
            ev_year(2565),
            ev_standing(Some(d(2023, 9, 1))),
        ]
    }

    #[test]
    fn tally_counts_states() {
        let f = fw2566();
        let today = d(2023, 2, 15);
        let all: Vec<ItemReadiness> = f
            .items
            .iter()
            .map(|it| assess(it, f.fiscal_year, today, &[]))
            .collect();
        let t = Tally::of(&all);
        assert_eq!(t.total, f.items.len());
        assert_eq!(t.complete, 0);
        assert_eq!(t.percent_complete(), 0);
        // Six-monthly items are not due on 15 Feb; the rest are missing.
        let six = f
            .items
            .iter()
            .filter(|i| i.cadence == Cadence::SixMonthly)
            .count();
        assert_eq!((t.not_due, t.missing), (six, f.items.len() - six));
        let mut t = Tally::default();
        assert_eq!(t.percent_complete(), 0);
        let full = full_evidence();
        for it in f.items.iter().take(3) {
            t.add(&assess(it, f.fiscal_year, today, &full));
        }
        t.add(&assess(
            &item("O21"),
            f.fiscal_year,
            today,
            &[ev(month(2566, 10))],
        ));
        assert_eq!((t.complete, t.late, t.total), (3, 1, 4));
        assert_eq!(t.percent_complete(), 75);
    }

    #[test]
    fn prediction_uses_the_assessment_scoring() {
        let f = fw2566();
        let today = d(2023, 10, 5);
        let full = full_evidence();
        let all: Vec<ItemReadiness> = f
            .items
            .iter()
            .map(|it| assess(it, f.fiscal_year, today, &full))
            .collect();
        assert!(all.iter().all(|r| r.state == Readiness::Complete));
        let p = predict(&f, &all);
        assert_eq!((p.items_yes, p.items_total), (f.items.len(), f.items.len()));
        assert!((p.oit.unwrap() - 100.0).abs() < 1e-9);
        assert_eq!(
            p.indicators.iter().map(|i| i.number).collect::<Vec<_>>(),
            vec![9, 10]
        );
        assert!(p.indicators.iter().all(|i| i.score == Some(100.0)));

        // Every other item without evidence.
        let half: Vec<ItemReadiness> = f
            .items
            .iter()
            .enumerate()
            .map(|(n, it)| {
                let e: &[Evidence] = if n % 2 == 0 { &full } else { &[] };
                assess(it, f.fiscal_year, today, e)
            })
            .collect();
        let p = predict(&f, &half);
        let oit = p.oit.unwrap();
        assert!(oit > 0.0 && oit < 100.0, "{oit}");
        assert_eq!(p.items_yes, f.items.len().div_ceil(2));
        // The same numbers as assessment::compute on the answers.
        let mut s = Scores::default();
        for r in &half {
            s.items.insert(
                r.code.clone(),
                ItemAnswer {
                    answer: r.state == Readiness::Complete,
                    remark: None,
                },
            );
        }
        let o = compute(&f, &s);
        let oit_tool = o.tools.iter().find(|t| t.tool == ToolCode::OIT).unwrap();
        assert_eq!(oit_tool.score, Some(oit));
        // Nothing given: nothing answered, no score.
        let p = predict(&f, &[]);
        assert_eq!((p.oit, p.items_total), (None, 0));
        // Unknown codes are ignored.
        let mut stray = all[0].clone();
        stray.code = "O999".into();
        assert_eq!(predict(&f, &[stray]).items_total, 0);
    }

    fn check_invariants(r: &ItemReadiness, today: NaiveDate) {
        let ctx = || format!("{} on {today}: {r:?}", r.code);
        if r.state != Readiness::Complete {
            assert!(!r.reasons.is_empty(), "{}", ctx());
            assert!(
                r.reasons
                    .iter()
                    .all(|x| !x.th.is_empty() && !x.en.is_empty()),
                "{}",
                ctx()
            );
        }
        assert!(
            r.missing.iter().all(|p| r.required.contains(p)),
            "{}",
            ctx()
        );
        match r.state {
            Readiness::Complete => assert!(r.missing.is_empty(), "{}", ctx()),
            Readiness::Late => assert!(!r.missing.is_empty(), "{}", ctx()),
            Readiness::NotDue => assert!(r.required.is_empty(), "{}", ctx()),
            Readiness::Missing | Readiness::Outdated => {}
        }
        assert!(r.next_due.is_none_or(|n| n > today), "{}", ctx());
    }

    fn test_items() -> Vec<Item> {
        let mut items: Vec<Item> = ["O21", "O12", "O11", "O13", "O1"].map(item).to_vec();
        items.push(hand_made(Cadence::Quarterly, DataYear::Current));
        items.push(hand_made(Cadence::Monthly, DataYear::Previous));
        items.push(hand_made(Cadence::SixMonthly, DataYear::Any));
        items.push(hand_made(Cadence::Once, DataYear::Current));
        items
    }

    #[test]
    fn every_day_of_three_years() {
        let y = fy(2566);
        let sets: Vec<Vec<Evidence>> = vec![
            vec![],
            full_evidence(),
            vec![ev(month(2566, 10)), ev(y.quarter(2).unwrap())],
            vec![ev_year(2565)],
            vec![Evidence {
                dead: true,
                ..ev_year(2566)
            }],
            vec![ev_standing(Some(d(2022, 6, 1)))],
            vec![ev(y.half(1).unwrap()), ev_year(2567)],
        ];
        let items = test_items();
        let mut day = d(2021, 10, 1);
        let mut seen = std::collections::HashSet::new();
        while day <= d(2024, 9, 30) {
            for it in &items {
                for e in &sets {
                    let r = assess(it, y, day, e);
                    check_invariants(&r, day);
                    seen.insert(r.state);
                }
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!(seen.len(), Readiness::ALL.len(), "every state occurs");
        // Bounds of the supported range do not panic.
        for it in &items {
            for (year, today) in [
                (FiscalYear::MIN, NaiveDate::MIN),
                (FiscalYear::MIN, NaiveDate::MAX),
                (FiscalYear::MAX, NaiveDate::MAX),
                (FiscalYear::MAX, NaiveDate::MIN),
            ] {
                for e in &sets {
                    check_invariants(&assess(it, year, today, e), today);
                }
                let old = [
                    ev_standing(Some(NaiveDate::MIN)),
                    ev_standing(Some(NaiveDate::MAX)),
                ];
                check_invariants(&assess(it, year, today, &old), today);
            }
        }
    }

    fn arb_evidence() -> impl Strategy<Value = Evidence> {
        (
            prop::option::of(2562i32..=2569),
            0u8..8,
            prop::option::of(-800i64..800),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(be, kind, published, public, dead)| {
                let year = be.map(fy);
                let period = year.and_then(|y| match kind {
                    0 => Some(y.whole()),
                    1 => y.half(1).ok(),
                    2 => y.quarter(3).ok(),
                    3 => y.month(1).ok(),
                    4 => y.month(9).ok(),
                    _ => None,
                });
                Evidence {
                    fiscal_year: year,
                    period,
                    published_on: published.map(|o| d(2023, 1, 1) + chrono::Duration::days(o)),
                    public: public || kind == 7,
                    dead: dead && kind != 6,
                }
            })
    }

    proptest! {
        #[test]
        fn assess_is_total(
            offset in -900i64..900,
            be in 2565i32..=2567,
            which in 0usize..9,
            evidence in prop::collection::vec(arb_evidence(), 0..6),
        ) {
            let today = d(2023, 1, 1) + chrono::Duration::days(offset);
            let items = test_items();
            let it = &items[which % items.len()];
            let r = assess(it, fy(be), today, &evidence);
            check_invariants(&r, today);
            // Adding counting evidence never turns a complete item incomplete.
            if r.state == Readiness::Complete {
                let mut more = evidence.clone();
                more.push(ev_year(be));
                prop_assert_eq!(assess(it, fy(be), today, &more).state, Readiness::Complete);
            }
        }
    }
}

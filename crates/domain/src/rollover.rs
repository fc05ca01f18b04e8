//! The yearly rollover: start fiscal year N+1 from year N. From the framework year diff and
//! each item's metadata (cadence, data year, `produced_by`), a [`Plan`] says for every item of
//! the later year what happens to it:
//!
//! - **carry**: the item is standing information (cadence `once`): the evidence of the items it
//!   continues is carried to it (a standing piece of a periodic predecessor only when it shows
//!   no fiscal year);
//! - **produced**: Prongsai's own work answers it (`produced_by`) and attaches itself for the new
//!   year; nothing is copied;
//! - **must be new**: the content is of a fiscal year (plans, reports, monthly summaries): the
//!   reason says which year and how often (from the cadence and data year);
//! - **prepare**: standing information the earlier year had no evidence for (or a new item).
//!
//! Items merged, split or renamed by the diff (or moved to another sub-indicator) are flagged for
//! review; earlier items with no successor are listed as no longer assessed. The [`checklist`]
//! turns the plan into what the agency must do, with the responsible unit and the due date: the
//! assessment window's opening when one is known, else the later fiscal year's first day
//! (standing information and yearly items) or last day (items due month by month or by
//! round). Nothing here touches year N: the plan only ever adds to year N+1.
//!
//! No year's item codes are in this module: everything comes from the framework files.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::calendar::FiscalYear;
use crate::framework::{Cadence, ChangeKind, DataYear, Framework, FrameworkSet, Item, Product};
use crate::InputError;

/// A piece of evidence of the earlier year, as the plan sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceEvidence {
    pub id: i64,
    pub label: String,
    /// The fiscal year whose data it shows (`None`: standing information).
    pub data_year: Option<i32>,
    /// Attached by a module of Prongsai itself (it attaches itself for the new year too).
    pub produced: bool,
}

/// What the earlier year has for one item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceItem {
    /// The responsible unit.
    pub unit_id: Option<i64>,
    pub evidence: Vec<SourceEvidence>,
}

/// What happens to one item of the later year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Standing information carried from the earlier year.
    Carry,
    /// Prongsai's own work attaches it by itself.
    Produced,
    /// Content of a fiscal year: must be published anew.
    MustBeNew,
    /// Standing information with nothing to carry: to be prepared.
    Prepare,
}

impl Action {
    pub const ALL: [Action; 4] = [Self::Carry, Self::Produced, Self::MustBeNew, Self::Prepare];
    pub fn code(self) -> &'static str {
        match self {
            Self::Carry => "carry",
            Self::Produced => "produced",
            Self::MustBeNew => "must_be_new",
            Self::Prepare => "prepare",
        }
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Carry => "ยกข้อมูลมาจากปีก่อน",
            Self::Produced => "ระบบแนบให้เอง",
            Self::MustBeNew => "ต้องจัดทำใหม่",
            Self::Prepare => "ต้องจัดเตรียม",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Carry => "carried from last year",
            Self::Produced => "attached by Prongsai",
            Self::MustBeNew => "must be new",
            Self::Prepare => "to prepare",
        }
    }
}

/// A sentence in Thai and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub th: String,
    pub en: String,
}

impl Text {
    fn new(th: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            th: th.into(),
            en: en.into(),
        }
    }
    pub fn get(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Th => &self.th,
            crate::Lang::En => &self.en,
        }
    }
}

/// One piece of evidence to carry: from an item of the earlier year to one of the later year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Carry {
    pub from_code: String,
    pub evidence_id: i64,
    pub label: String,
    pub data_year: Option<i32>,
}

/// The plan of one item of the later year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    pub code: String,
    pub title_th: String,
    pub cadence: Cadence,
    pub data_year: DataYear,
    /// How the diff sees it.
    pub change: ChangeKind,
    /// The earlier year's items it continues.
    pub from: Vec<(String, String)>,
    pub action: Action,
    /// Why (the cadence and data year for content that must be new).
    pub why: Text,
    pub carry: Vec<Carry>,
    /// Why it must be reviewed (merged, split, renamed, moved), if it must.
    pub review: Option<Text>,
    /// The responsible unit, from the earlier items.
    pub unit_id: Option<i64>,
}

/// Where the due date of the checklist comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueSource {
    /// The year's assessment window (its opening day).
    Window,
    /// The later fiscal year's first or last day (no window is known).
    FiscalYear,
}

/// The rollover of an agency from one fiscal year to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub from_year: i32,
    pub to_year: i32,
    /// One per item of the later year, in checklist order.
    pub items: Vec<PlanItem>,
    /// Items of the earlier year that nothing continues (they stay on year N's portal).
    pub removed: Vec<(String, String)>,
    /// Whether the later year's item list is complete (when not, "removed" may be "not found").
    pub later_complete: bool,
    /// The assessment window of the later year, when known.
    pub window: Option<(NaiveDate, NaiveDate)>,
}

impl Plan {
    /// How many items take an action.
    pub fn count(&self, a: Action) -> usize {
        self.items.iter().filter(|i| i.action == a).count()
    }
    /// How many pieces of evidence are carried.
    pub fn carried(&self) -> usize {
        self.items.iter().map(|i| i.carry.len()).sum()
    }
    /// How many items are flagged for review.
    pub fn reviews(&self) -> usize {
        self.items.iter().filter(|i| i.review.is_some()).count()
    }
}

/// The file a year's framework is read from.
pub fn framework_file(be: i32) -> String {
    format!("frameworks/{be}.toml")
}

fn refused(th: String, en: String) -> InputError {
    InputError::new("to", th, en)
}

/// The two frameworks of a rollover, refused with a Thai and English message when the years do
/// not follow each other, or the later year has no framework file or no OIT items yet.
pub fn frameworks(
    set: &FrameworkSet,
    from: i32,
    to: i32,
) -> Result<(&Framework, &Framework), InputError> {
    if to != from + 1 {
        return Err(refused(
            format!(
                "ยกข้อมูลได้เฉพาะไปยังปีงบประมาณถัดไป (พ.ศ. {} ไป พ.ศ. {})",
                from,
                from + 1
            ),
            format!(
                "A rollover goes to the next fiscal year only (FY {} to FY {})",
                from,
                from + 1
            ),
        ));
    }
    let earlier = set.get(from).ok_or_else(|| {
        refused(
            format!(
                "ไม่มีเกณฑ์การประเมินของปีงบประมาณ พ.ศ. {from} (ไม่พบไฟล์ {})",
                framework_file(from)
            ),
            format!(
                "There is no framework for FY {from} (file {} not found)",
                framework_file(from)
            ),
        )
    })?;
    let later = set.get(to).ok_or_else(|| {
        refused(
            format!(
                "ยังไม่มีเกณฑ์การประเมินของปีงบประมาณ พ.ศ. {to}: ไม่พบไฟล์ {} จึงยกข้อมูลไปยังปีนี้ไม่ได้",
                framework_file(to)
            ),
            format!(
                "There is no framework for FY {to} yet: the file {} was not found, so nothing can be rolled over to it",
                framework_file(to)
            ),
        )
    })?;
    if later.items.is_empty() {
        return Err(refused(
            format!(
                "เกณฑ์ปีงบประมาณ พ.ศ. {to} ({}) ยังไม่มีรายการ OIT จึงยกข้อมูลไปยังปีนี้ไม่ได้",
                framework_file(to)
            ),
            format!(
                "The FY {to} framework ({}) has no OIT items yet, so nothing can be rolled over to it",
                framework_file(to)
            ),
        ));
    }
    Ok((earlier, later))
}

fn standing(it: &Item) -> bool {
    it.cadence == Cadence::Once
}

/// Why an item's content must be new, from its cadence and data year.
fn why_new(it: &Item, to: FiscalYear) -> Text {
    let (dy_th, dy_en) = match it.data_year {
        DataYear::Previous => {
            let y = to.be() - 1;
            (
                format!("ข้อมูลของปีงบประมาณ พ.ศ. {y} (ปีก่อนปีที่ประเมิน)"),
                format!("data of FY {y} (the year before the assessed one)"),
            )
        }
        DataYear::Current | DataYear::Any => {
            let y = to.be();
            (
                format!("ข้อมูลของปีงบประมาณ พ.ศ. {y}"),
                format!("data of FY {y}"),
            )
        }
    };
    match it.cadence {
        Cadence::Yearly => Text::new(
            format!("เผยแพร่รายปี: ต้องเป็น{dy_th}"),
            format!("Yearly: it must show {dy_en}"),
        ),
        c => Text::new(
            format!("เผยแพร่{}: ต้องเป็น{dy_th} ทุกช่วงที่ถึงกำหนด", c.label_th()),
            format!("{}: every period of {dy_en} as it falls due", {
                let mut s = c.label_en().to_owned();
                if let Some(f) = s.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                s
            }),
        ),
    }
}

fn products_text(ps: &[Product]) -> String {
    ps.iter().map(|p| p.code()).collect::<Vec<_>>().join(", ")
}

fn review_of(kind: ChangeKind, from: &[(String, String)], moved: bool) -> Option<Text> {
    let codes = from
        .iter()
        .map(|(c, _)| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let t = match kind {
        ChangeKind::Merged => Text::new(
            format!("รวมจากหลายรายการของปีก่อน ({codes}): ตรวจว่าหลักฐานครอบคลุมข้อกำหนดใหม่ทั้งหมด"),
            format!("Merged from several items of last year ({codes}): check that the evidence covers the whole new requirement"),
        ),
        ChangeKind::Split => Text::new(
            format!("แยกจากรายการ {codes} ของปีก่อน: ตรวจว่าหลักฐานแต่ละชิ้นอยู่ในรายการที่ถูกต้อง"),
            format!("Split from last year's {codes}: check that each piece of evidence sits in the right item"),
        ),
        ChangeKind::Renamed => Text::new(
            format!("เปลี่ยนชื่อจากรายการ {codes} ของปีก่อน: ตรวจว่าหลักฐานตรงกับชื่อและข้อกำหนดใหม่"),
            format!("Renamed from last year's {codes}: check that the evidence fits the new title and requirement"),
        ),
        _ if moved => Text::new(
            format!("ย้ายตัวชี้วัดย่อยจากรายการ {codes} ของปีก่อน: ตรวจข้อกำหนดของตัวชี้วัดใหม่"),
            format!("Moved to another sub-indicator from last year's {codes}: check the new sub-indicator's requirement"),
        ),
        _ => return None,
    };
    Some(t)
}

/// The rollover plan of an agency from `earlier` to `later` (the diff's years), given what the
/// earlier year has for each item (by code) and the later year's assessment window if known.
pub fn plan(
    earlier: &Framework,
    later: &Framework,
    sources: &BTreeMap<String, SourceItem>,
    window: Option<(NaiveDate, NaiveDate)>,
) -> Plan {
    let diff = crate::framework::diff(earlier, later);
    let to = later.fiscal_year;
    // the diff line of each later item
    let mut line_of: BTreeMap<&str, &crate::framework::ItemChange> = BTreeMap::new();
    for c in &diff.changes {
        for (code, _) in &c.to {
            line_of.insert(code.as_str(), c);
        }
    }
    let mut items = Vec::with_capacity(later.items.len());
    for it in &later.items {
        let line = line_of.get(it.code.as_str());
        let (kind, moved) =
            line.map_or((ChangeKind::Added, false), |c| (c.kind, c.moved.is_some()));
        // a split line names every later item; each keeps only its own predecessor (the one)
        let from: Vec<(String, String)> = line.map(|c| c.from.clone()).unwrap_or_default();
        let mut carry = Vec::new();
        let mut unit_id = None;
        let mut skipped_standing = 0usize;
        for (code, _) in &from {
            let Some(src) = sources.get(code) else {
                continue;
            };
            unit_id = unit_id.or(src.unit_id);
            let prev_standing = earlier.item(code).is_some_and(standing);
            for e in &src.evidence {
                if e.produced {
                    continue;
                }
                if standing(it) && (prev_standing || e.data_year.is_none()) {
                    carry.push(Carry {
                        from_code: code.clone(),
                        evidence_id: e.id,
                        label: e.label.clone(),
                        data_year: e.data_year,
                    });
                } else if prev_standing {
                    skipped_standing += 1;
                }
            }
        }
        let produced = !it.produced_by.is_empty();
        let (action, why) = if !carry.is_empty() {
            (
                Action::Carry,
                Text::new(
                    format!(
                        "ข้อมูลที่เผยแพร่และปรับให้เป็นปัจจุบัน: ยกหลักฐาน {} รายการจากปีงบประมาณ พ.ศ. {}",
                        carry.len(),
                        earlier.fiscal_year.be()
                    ),
                    format!(
                        "Standing information: {} piece(s) of evidence carried from FY {}",
                        carry.len(),
                        earlier.fiscal_year.be()
                    ),
                ),
            )
        } else if produced {
            (
                Action::Produced,
                Text::new(
                    format!(
                        "ระบบแนบหลักฐานให้เองเมื่อมีข้อมูลของปีงบประมาณ พ.ศ. {} ({})",
                        to.be(),
                        products_text(&it.produced_by)
                    ),
                    format!(
                        "Prongsai attaches the evidence by itself once FY {}'s work exists ({})",
                        to.be(),
                        products_text(&it.produced_by)
                    ),
                ),
            )
        } else if standing(it) {
            (
                Action::Prepare,
                if from.is_empty() {
                    Text::new(
                        format!("รายการใหม่ของปีงบประมาณ พ.ศ. {}: ไม่มีข้อมูลให้ยกมา", to.be()),
                        format!("A new item of FY {}: there is nothing to carry", to.be()),
                    )
                } else {
                    Text::new(
                        format!(
                            "ข้อมูลที่เผยแพร่และปรับให้เป็นปัจจุบัน แต่ปีงบประมาณ พ.ศ. {} ไม่มีหลักฐาน",
                            earlier.fiscal_year.be()
                        ),
                        format!(
                            "Standing information, but FY {} had no evidence for it",
                            earlier.fiscal_year.be()
                        ),
                    )
                },
            )
        } else {
            let mut why = why_new(it, to);
            if skipped_standing > 0 {
                why.th.push_str(&format!(
                    " (หลักฐานที่ไม่ระบุปีของรายการเดิม {skipped_standing} รายการไม่ได้ยกมา: แนบใหม่หากยังใช้ได้)"
                ));
                why.en.push_str(&format!(
                    " ({skipped_standing} standing piece(s) of the earlier item not carried: attach again if still valid)"
                ));
            }
            (Action::MustBeNew, why)
        };
        items.push(PlanItem {
            code: it.code.clone(),
            title_th: it.title_th.clone(),
            cadence: it.cadence,
            data_year: it.data_year,
            change: kind,
            review: review_of(kind, &from, moved),
            from,
            action,
            why,
            carry,
            unit_id,
        });
    }
    let removed = diff
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Removed)
        .flat_map(|c| c.from.clone())
        .collect();
    Plan {
        from_year: earlier.fiscal_year.be(),
        to_year: to.be(),
        items,
        removed,
        later_complete: diff.later_complete,
        window,
    }
}

/// One line of the checklist: what the agency must do for an item before the assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub code: String,
    pub title_th: String,
    pub action: Action,
    pub todo: Text,
    pub review: Option<Text>,
    pub unit_id: Option<i64>,
    pub due: NaiveDate,
    pub due_source: DueSource,
}

/// The checklist of a plan, in the later year's checklist order.
pub fn checklist(plan: &Plan) -> Vec<Task> {
    let Ok(to) = FiscalYear::new(plan.to_year) else {
        return Vec::new();
    };
    plan.items
        .iter()
        .map(|p| {
            let todo = match p.action {
                Action::Carry => Text::new(
                    "ตรวจว่าข้อมูลที่ยกมายังถูกต้องและเป็นปัจจุบัน แล้วปรับปรุงหากมีการเปลี่ยนแปลง",
                    "Check that the carried information is still right and current; update it if anything changed",
                ),
                Action::Produced => Text::new(
                    "บันทึกงานของปีในระบบ (ทะเบียน แผน รายงาน) ระบบจะแนบหลักฐานให้เอง แล้วตรวจดูในหน้ารายการ",
                    "Keep the year's work in Prongsai (registers, plans, reports): it attaches the evidence by itself; then check the item",
                ),
                Action::MustBeNew => Text::new(
                    format!("จัดทำและเผยแพร่ข้อมูลใหม่: {}", p.why.th),
                    format!("Prepare and publish new content: {}", p.why.en),
                ),
                Action::Prepare => Text::new(
                    "จัดทำและเผยแพร่ข้อมูล แล้วแนบเป็นหลักฐาน",
                    "Prepare and publish the information, then attach it as evidence",
                ),
            };
            let (due, due_source) = match plan.window {
                Some((open, _)) => (open, DueSource::Window),
                None => {
                    let periodic = !matches!(p.cadence, Cadence::Once | Cadence::Yearly);
                    (
                        if periodic { to.end() } else { to.start() },
                        DueSource::FiscalYear,
                    )
                }
            };
            Task {
                code: p.code.clone(),
                title_th: p.title_th.clone(),
                action: p.action,
                todo,
                review: p.review.clone(),
                unit_id: p.unit_id,
                due,
                due_source,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> FrameworkSet {
        let (s, errors) = FrameworkSet::bundled();
        assert!(errors.is_empty(), "{errors:?}");
        s
    }

    fn ev(id: i64, data_year: Option<i32>) -> SourceEvidence {
        SourceEvidence {
            id,
            label: format!("หลักฐาน {id}"),
            data_year,
            produced: false,
        }
    }

    /// Evidence for every item of a year: standing items a standing document, the others one
    /// of the year; every item also something a module attached.
    fn full_year(fw: &Framework) -> BTreeMap<String, SourceItem> {
        let mut id = 0;
        fw.items
            .iter()
            .map(|it| {
                id += 2;
                let year = (!standing(it)).then_some(fw.fiscal_year.be());
                (
                    it.code.clone(),
                    SourceItem {
                        unit_id: Some(id),
                        evidence: vec![
                            ev(id, year),
                            SourceEvidence {
                                produced: true,
                                ..ev(id + 1, year)
                            },
                        ],
                    },
                )
            })
            .collect()
    }

    fn item<'a>(p: &'a Plan, code: &str) -> &'a PlanItem {
        p.items.iter().find(|i| i.code == code).unwrap()
    }

    #[test]
    fn same_numbering_carries_standing_items_and_lists_the_rest() {
        let s = set();
        let (a, b) = frameworks(&s, 2566, 2567).unwrap();
        let sources = full_year(a);
        let p = plan(a, b, &sources, None);
        assert_eq!(p.items.len(), b.items.len());
        for (pi, it) in p.items.iter().zip(&b.items) {
            assert_eq!(pi.code, it.code);
            if it.cadence == Cadence::Once {
                // standing: last year's own evidence, never what a module attached
                assert_eq!(pi.action, Action::Carry, "{}", it.code);
                assert_eq!(pi.carry.len(), 1, "{}", it.code);
                assert_eq!(pi.carry[0].evidence_id, sources[&it.code].evidence[0].id);
                assert_eq!(pi.unit_id, sources[&it.code].unit_id);
            } else {
                assert!(pi.carry.is_empty(), "{}", it.code);
                assert!(
                    matches!(pi.action, Action::MustBeNew | Action::Produced),
                    "{}",
                    it.code
                );
                assert_eq!(
                    pi.action == Action::Produced,
                    !it.produced_by.is_empty(),
                    "{}",
                    it.code
                );
            }
            assert!(pi.review.is_none(), "{}: {:?}", it.code, pi.review);
        }
        assert!(p.removed.is_empty());
        // the reasons come from the cadence and the data year
        let o13 = b
            .items
            .iter()
            .find(|i| {
                i.cadence == Cadence::Yearly
                    && i.data_year == DataYear::Previous
                    && i.produced_by.is_empty()
            })
            .unwrap();
        assert!(
            item(&p, &o13.code).why.th.contains("พ.ศ. 2566"),
            "{:?}",
            item(&p, &o13.code).why
        );
        let monthly = b
            .items
            .iter()
            .find(|i| i.cadence == Cadence::SixMonthly && i.produced_by.is_empty())
            .unwrap();
        let w = &item(&p, &monthly.code).why;
        assert!(
            w.th.contains("รอบ 6 เดือน") && w.th.contains("พ.ศ. 2567"),
            "{w:?}"
        );
        assert!(w.en.starts_with("Six-monthly"), "{w:?}");
    }

    #[test]
    fn merged_items_carry_every_standing_part_and_ask_for_review() {
        let s = set();
        let (a, b) = frameworks(&s, 2567, 2568).unwrap();
        let sources = full_year(a);
        let p = plan(a, b, &sources, None);
        let d = crate::framework::diff(a, b);
        for pi in &p.items {
            let it = b.item(&pi.code).unwrap();
            let line = d
                .changes
                .iter()
                .find(|c| c.to.iter().any(|(t, _)| t == &pi.code))
                .unwrap();
            // flagged exactly when the diff merges, splits or renames it (or moves it)
            assert_eq!(
                pi.review.is_some(),
                matches!(
                    line.kind,
                    ChangeKind::Merged | ChangeKind::Split | ChangeKind::Renamed
                ) || line.moved.is_some(),
                "{}",
                pi.code
            );
            // a standing item gets the evidence of every standing predecessor
            if it.cadence == Cadence::Once {
                let expected: Vec<i64> = line
                    .from
                    .iter()
                    .filter(|(c, _)| a.item(c).is_some_and(|x| x.cadence == Cadence::Once))
                    .map(|(c, _)| sources[c].evidence[0].id)
                    .collect();
                let got: Vec<i64> = pi.carry.iter().map(|c| c.evidence_id).collect();
                assert_eq!(got, expected, "{}", pi.code);
            } else {
                assert!(pi.carry.is_empty(), "{}", pi.code);
            }
        }
        // at least one merge of standing items (2568's structure and powers) is carried whole
        let merged = p
            .items
            .iter()
            .find(|i| i.change == ChangeKind::Merged && i.carry.len() >= 2)
            .expect("a merged standing item");
        assert!(merged.review.as_ref().unwrap().th.contains("รวม"));
        assert_eq!(merged.action, Action::Carry);
        // a merged periodic item names the standing evidence it did not take
        let periodic_merge = p
            .items
            .iter()
            .find(|i| {
                i.change == ChangeKind::Merged
                    && i.action == Action::MustBeNew
                    && i.from
                        .iter()
                        .any(|(c, _)| a.item(c).unwrap().cadence == Cadence::Once)
            })
            .expect("a merge of standing and periodic items");
        assert!(periodic_merge.why.en.contains("not carried"));
        // FY 2568 dropped many items: they are listed, each once
        assert!(!p.removed.is_empty());
        let mut codes: Vec<&str> = p.removed.iter().map(|(c, _)| c.as_str()).collect();
        codes.dedup();
        assert_eq!(codes.len(), p.removed.len());
        for (c, _) in &p.removed {
            assert!(d.successors(c).is_empty(), "{c} has a successor");
        }
        // nothing carried twice
        let mut ids: Vec<i64> = p
            .items
            .iter()
            .flat_map(|i| i.carry.iter().map(|c| c.evidence_id))
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn standing_items_without_evidence_are_to_prepare() {
        let s = set();
        let (a, b) = frameworks(&s, 2566, 2567).unwrap();
        let p = plan(a, b, &BTreeMap::new(), None);
        for (pi, it) in p.items.iter().zip(&b.items) {
            let expected = if !it.produced_by.is_empty() {
                Action::Produced
            } else if it.cadence == Cadence::Once {
                Action::Prepare
            } else {
                Action::MustBeNew
            };
            assert_eq!(pi.action, expected, "{}", it.code);
            assert_eq!(pi.unit_id, None);
        }
    }

    #[test]
    fn the_checklist_is_due_by_the_window_or_the_fiscal_year() {
        let s = set();
        let (a, b) = frameworks(&s, 2567, 2568).unwrap();
        let p = plan(a, b, &full_year(a), None);
        let tasks = checklist(&p);
        assert_eq!(tasks.len(), b.items.len());
        let fy = FiscalYear::new(2568).unwrap();
        for (t, pi) in tasks.iter().zip(&p.items) {
            assert_eq!(t.due_source, DueSource::FiscalYear);
            let periodic = !matches!(pi.cadence, Cadence::Once | Cadence::Yearly);
            assert_eq!(
                t.due,
                if periodic { fy.end() } else { fy.start() },
                "{}",
                t.code
            );
            assert_eq!(t.unit_id, pi.unit_id);
            assert!(!t.todo.th.is_empty() && !t.todo.en.is_empty());
        }
        assert!(tasks.iter().any(|t| t.due == fy.end()));
        let open = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        let close = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let p = plan(a, b, &full_year(a), Some((open, close)));
        assert!(checklist(&p)
            .iter()
            .all(|t| t.due == open && t.due_source == DueSource::Window));
    }

    #[test]
    fn years_that_cannot_be_rolled_over_are_refused_by_name() {
        let s = set();
        let last = s.all().last().unwrap().fiscal_year.be();
        let e = frameworks(&s, last, last + 1).unwrap_err();
        let file = format!("frameworks/{}.toml", last + 1);
        assert!(e.th.contains(&file) && e.en.contains(&file), "{e:?}");
        // a year whose file has no items yet
        if let Some(empty) = s.all().iter().find(|f| f.items.is_empty()) {
            let y = empty.fiscal_year.be();
            let e = frameworks(&s, y - 1, y).unwrap_err();
            assert!(e.en.contains("no OIT items"), "{e:?}");
        }
        let e = frameworks(&s, 2566, 2568).unwrap_err();
        assert!(e.en.contains("next fiscal year"));
        assert!(frameworks(&s, 2566, 2566).is_err());
    }
}

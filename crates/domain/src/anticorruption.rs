//! The anti-corruption action plan (แผนปฏิบัติการป้องกันการทุจริต) of a fiscal year: projects
//! and activities, each with its objectives, budget, the responsible unit and person, the
//! quarters it runs in, indicators with their targets, the corruption risks of the same year it
//! treats, and its steps — which are a measure of the `AntiCorruption` plan, so statuses,
//! owners, reminders and progress are the measures' machinery. The progress reports (six-month
//! and annual) add, per project and period, the budget spent and the result.
//!
//! A project's budget in the plan's quarter totals is split evenly over the quarters it runs
//! in (the remainder in satang to its first quarter), so the quarter totals add up to the
//! overall total.

use serde::{Deserialize, Serialize};

use crate::calendar::FiscalYear;
use crate::measures::{Line, StepStatus};
use crate::procurement::Money;
use crate::InputError;

/// A project's budget above this (one billion baht) is a typing mistake for a local agency.
pub const MAX_BUDGET_BAHT: i64 = 1_000_000_000;
pub const MAX_NAME: usize = 500;
pub const MAX_OBJECTIVES: usize = 3000;
pub const MAX_PERSON: usize = 300;
pub const MAX_INDICATORS: usize = 20;
pub const MAX_INDICATOR: usize = 500;
pub const MAX_RESULT: usize = 5000;
pub const MAX_STEPS: usize = 50;

/// An indicator (ตัวชี้วัด) and its target (ค่าเป้าหมาย, may be empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    pub target: String,
}

/// A project as the form gives it, before checking.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub name: String,
    pub objectives: String,
    pub budget: String,
    pub unit_id: Option<i64>,
    pub person: String,
    /// The quarters ticked ("1" … "4").
    pub quarters: Vec<String>,
    /// One indicator a line: "ตัวชี้วัด | ค่าเป้าหมาย" (the target may be left out).
    pub indicators: String,
    pub risk_ids: Vec<i64>,
}

/// A checked project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    pub objectives: String,
    pub budget: Money,
    pub unit_id: Option<i64>,
    pub person: String,
    /// Ascending, each 1–4, at least one.
    pub quarters: Vec<u8>,
    pub indicators: Vec<Indicator>,
    pub risk_ids: Vec<i64>,
}

fn refused(
    field: &'static str,
    th: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> InputError {
    InputError::new(field, th, en)
}

/// Multi-line text: CR removed, trimmed, at most `max` characters, no control characters but
/// line breaks and tabs; may be empty.
pub fn note(field: &'static str, v: &str, max: usize) -> Result<String, InputError> {
    let s = v.replace('\r', "");
    let s = s.trim();
    if s.chars().count() > max {
        return Err(refused(
            field,
            format!("ข้อความยาวเกิน {max} ตัวอักษร"),
            format!("The text is longer than {max} characters"),
        ));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(refused(
            field,
            "ข้อความมีอักขระควบคุมที่ไม่อนุญาต",
            "The text contains control characters",
        ));
    }
    Ok(s.to_owned())
}

/// A budget or an amount spent: [`Money::parse`], and at most [`MAX_BUDGET_BAHT`].
pub fn parse_amount(field: &'static str, input: &str) -> Result<Money, InputError> {
    let m = Money::parse(field, input)?;
    if m.satang() > MAX_BUDGET_BAHT * 100 {
        return Err(refused(
            field,
            "จำนวนเงินสูงเกินจริง (เกิน ๑,๐๐๐,๐๐๐,๐๐๐ บาท)",
            "The amount is implausibly large (over 1,000,000,000 baht)",
        ));
    }
    Ok(m)
}

/// The indicators as typed, one a line "name | target".
pub fn parse_indicators(input: &str) -> Result<Vec<Indicator>, InputError> {
    let text = note("indicators", input, MAX_INDICATORS * (MAX_INDICATOR + 3))?;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, target) = match line.split_once('|') {
            Some((n, t)) => (n.trim(), t.trim()),
            None => (line, ""),
        };
        if name.is_empty() {
            return Err(refused(
                "indicators",
                "แต่ละบรรทัดของตัวชี้วัดต้องมีชื่อตัวชี้วัดก่อนเครื่องหมาย |",
                "Each indicator line needs the indicator's name before the |",
            ));
        }
        if name.chars().count() > MAX_INDICATOR || target.chars().count() > MAX_INDICATOR {
            return Err(refused(
                "indicators",
                format!("ตัวชี้วัดหรือค่าเป้าหมายยาวเกิน {MAX_INDICATOR} ตัวอักษร"),
                format!("An indicator or target is longer than {MAX_INDICATOR} characters"),
            ));
        }
        out.push(Indicator {
            name: name.to_owned(),
            target: target.to_owned(),
        });
    }
    if out.len() > MAX_INDICATORS {
        return Err(refused(
            "indicators",
            format!("ตัวชี้วัดได้ไม่เกิน {MAX_INDICATORS} รายการ"),
            format!("At most {MAX_INDICATORS} indicators"),
        ));
    }
    Ok(out)
}

/// The indicators as the form shows them (what [`parse_indicators`] reads back).
pub fn indicators_text(v: &[Indicator]) -> String {
    v.iter()
        .map(|i| {
            if i.target.is_empty() {
                i.name.clone()
            } else {
                format!("{} | {}", i.name, i.target)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl ProjectInput {
    /// Check every field; the first refusal is returned, its field named.
    pub fn check(&self) -> Result<Project, InputError> {
        let name = crate::tenancy::parse_text("name", &self.name, MAX_NAME).map_err(|e| {
            if self.name.trim().is_empty() {
                refused(
                    "name",
                    "กรุณาระบุชื่อโครงการ/กิจกรรม",
                    "Please give the project's name",
                )
            } else {
                e
            }
        })?;
        let objectives = note("objectives", &self.objectives, MAX_OBJECTIVES)?;
        let budget = parse_amount("budget", &self.budget)?;
        let person = note("person", &self.person, MAX_PERSON)?;
        if person.is_empty() && self.unit_id.is_none() {
            return Err(refused(
                "person",
                "กรุณาระบุผู้รับผิดชอบ (หน่วยงานหรือผู้รับผิดชอบ)",
                "Please name who is responsible (a unit or a person)",
            ));
        }
        let mut quarters = Vec::new();
        for q in &self.quarters {
            let n: u8 = crate::calendar::to_ascii_digits(q.trim())
                .parse()
                .ok()
                .filter(|n| (1..=4).contains(n))
                .ok_or_else(|| {
                    refused("quarters", "ไตรมาสต้องเป็น ๑–๔", "A quarter must be 1 to 4")
                })?;
            if !quarters.contains(&n) {
                quarters.push(n);
            }
        }
        quarters.sort_unstable();
        if quarters.is_empty() {
            return Err(refused(
                "quarters",
                "กรุณาเลือกไตรมาสที่ดำเนินการอย่างน้อย ๑ ไตรมาส",
                "Please tick at least one quarter in which it runs",
            ));
        }
        let indicators = parse_indicators(&self.indicators)?;
        let mut risk_ids = self.risk_ids.clone();
        risk_ids.sort_unstable();
        risk_ids.dedup();
        Ok(Project {
            name,
            objectives,
            budget,
            unit_id: self.unit_id,
            person,
            quarters,
            indicators,
            risk_ids,
        })
    }
}

/// The steps of a project: at least one, at most [`MAX_STEPS`], and every deadline read from
/// their text within the fiscal year.
pub fn check_steps(year: FiscalYear, steps: &[Line]) -> Result<(), InputError> {
    if steps.is_empty() {
        return Err(refused(
            "steps",
            "กรุณาระบุขั้นตอนการดำเนินงานอย่างน้อย ๑ ขั้นตอน",
            "Please write at least one step",
        ));
    }
    if steps.len() > MAX_STEPS {
        return Err(refused(
            "steps",
            format!("ขั้นตอนได้ไม่เกิน {MAX_STEPS} ขั้นตอน"),
            format!("At most {MAX_STEPS} steps"),
        ));
    }
    for l in steps {
        if let Some(d) = &l.due {
            if d.end > year.end() || d.start < year.start() {
                return Err(refused(
                    "steps",
                    format!(
                        "กำหนดเวลาของขั้นตอน \"{}\" อยู่นอกปีงบประมาณ พ.ศ. {} (๑ ต.ค. {} – ๓๐ ก.ย. {})",
                        l.display(),
                        year.be(),
                        year.be() - 1,
                        year.be()
                    ),
                    format!(
                        "The deadline of the step \"{}\" is outside fiscal year {} (1 Oct {} – 30 Sep {})",
                        l.display(),
                        year.be(),
                        year.be() - 1,
                        year.be()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The budget of each quarter: each project's budget split evenly over its quarters (the
/// remainder in satang to its first quarter). Satang; sums to the total of the budgets.
pub fn budget_by_quarter<'a>(projects: impl IntoIterator<Item = (Money, &'a [u8])>) -> [i64; 4] {
    let mut out = [0i64; 4];
    for (budget, quarters) in projects {
        let qs: Vec<usize> = quarters
            .iter()
            .filter(|q| (1..=4).contains(*q))
            .map(|q| *q as usize - 1)
            .collect();
        if qs.is_empty() {
            continue;
        }
        let n = qs.len() as i64;
        let each = budget.satang() / n;
        let rest = budget.satang() - each * n;
        for (k, q) in qs.iter().enumerate() {
            out[*q] += each + if k == 0 { rest } else { 0 };
        }
    }
    out
}

/// What a progress report enters for one project and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub spent: Money,
    pub result: String,
}

/// Check an entry of a report: the amount spent (empty is 0, not above the project's budget)
/// and the result text.
pub fn check_progress(budget: Money, spent: &str, result: &str) -> Result<Progress, InputError> {
    let spent = if spent.trim().is_empty() {
        Money::ZERO
    } else {
        parse_amount("spent", spent)?
    };
    if spent > budget {
        return Err(refused(
            "spent",
            format!(
                "งบประมาณที่ใช้จ่าย ({} บาท) เกินงบประมาณของโครงการ ({} บาท)",
                spent, budget
            ),
            format!("The amount spent ({spent} baht) exceeds the project's budget ({budget} baht)"),
        ));
    }
    let result = note("result", result, MAX_RESULT)?;
    Ok(Progress { spent, result })
}

/// Check an annual entry against the six-month one of the same project: the year's amount
/// spent includes the first half's, so it cannot be smaller.
pub fn check_annual(year: &Progress, half: Option<&Progress>) -> Result<(), InputError> {
    match half {
        Some(h) if year.spent < h.spent => Err(refused(
            "spent",
            format!(
                "งบประมาณที่ใช้จ่ายทั้งปี ({} บาท) น้อยกว่าที่รายงานไว้ในรอบ ๖ เดือน ({} บาท) ซึ่งเป็นส่วนหนึ่งของทั้งปี",
                year.spent, h.spent
            ),
            format!(
                "The amount spent in the year ({} baht) is less than the six-month report's ({} baht), which is part of the year",
                year.spent, h.spent
            ),
        )),
        _ => Ok(()),
    }
}

/// Where a project stands, from its steps' statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectState {
    /// Every step done or cancelled, at least one done.
    Done,
    UnderWay,
    /// No step started (or no step at all).
    NotStarted,
}

impl ProjectState {
    pub fn of(statuses: impl IntoIterator<Item = StepStatus>) -> Self {
        let v: Vec<StepStatus> = statuses.into_iter().collect();
        let finished = |s: &StepStatus| matches!(s, StepStatus::Done | StepStatus::Cancelled);
        if !v.is_empty() && v.iter().all(finished) && v.contains(&StepStatus::Done) {
            Self::Done
        } else if v
            .iter()
            .all(|s| matches!(s, StepStatus::NotStarted | StepStatus::Cancelled))
        {
            Self::NotStarted
        } else {
            Self::UnderWay
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::UnderWay => "under_way",
            Self::NotStarted => "not_started",
        }
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Done => "ดำเนินการแล้วเสร็จ",
            Self::UnderWay => "อยู่ระหว่างดำเนินการ",
            Self::NotStarted => "ยังไม่ได้ดำเนินการ",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::UnderWay => "under way",
            Self::NotStarted => "not started",
        }
    }
}

/// The totals of a progress report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTotals {
    /// Satang.
    pub budget: i64,
    /// Satang.
    pub spent: i64,
    pub done: usize,
    pub under_way: usize,
    pub not_started: usize,
}

impl ReportTotals {
    pub fn of(rows: impl IntoIterator<Item = (Money, Money, ProjectState)>) -> Self {
        let mut t = Self::default();
        for (budget, spent, state) in rows {
            t.budget += budget.satang();
            t.spent += spent.satang();
            match state {
                ProjectState::Done => t.done += 1,
                ProjectState::UnderWay => t.under_way += 1,
                ProjectState::NotStarted => t.not_started += 1,
            }
        }
        t
    }
    pub fn projects(&self) -> usize {
        self.done + self.under_way + self.not_started
    }
    /// The share of the budget spent.
    pub fn share_spent(&self) -> crate::procurement::Share {
        crate::procurement::Share {
            part: self.spent,
            whole: self.budget,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProjectInput {
        ProjectInput {
            name: "โครงการอบรมคุณธรรมจริยธรรม".into(),
            objectives: "เพื่อส่งเสริมจิตสำนึก".into(),
            budget: "๒๐,๐๐๐ บาท".into(),
            unit_id: None,
            person: "ปลัด อบต.".into(),
            quarters: vec!["3".into(), "2".into(), "2".into()],
            indicators: "ร้อยละของผู้เข้าร่วม | ไม่น้อยกว่าร้อยละ 80\nจำนวนครั้ง".into(),
            risk_ids: vec![5, 3, 5],
        }
    }

    fn fy() -> FiscalYear {
        FiscalYear::new(2566).unwrap()
    }

    #[test]
    fn a_project_is_checked() {
        let p = input().check().unwrap();
        assert_eq!(p.budget.satang(), 2_000_000);
        assert_eq!(p.quarters, vec![2, 3]);
        assert_eq!(p.risk_ids, vec![3, 5]);
        assert_eq!(p.indicators.len(), 2);
        assert_eq!(p.indicators[0].target, "ไม่น้อยกว่าร้อยละ 80");
        assert_eq!(p.indicators[1].target, "");
        assert_eq!(
            parse_indicators(&indicators_text(&p.indicators)).unwrap(),
            p.indicators
        );
    }

    #[test]
    fn bad_projects_are_refused() {
        type Case = (&'static str, Box<dyn Fn(&mut ProjectInput)>, &'static str);
        let cases: Vec<Case> = vec![
            ("name", Box::new(|i| i.name = " ".into()), "ชื่อโครงการ"),
            ("name", Box::new(|i| i.name = "ก".repeat(501)), "ยาวเกิน"),
            ("budget", Box::new(|i| i.budget = "-5".into()), "ติดลบ"),
            (
                "budget",
                Box::new(|i| i.budget = "1,000,000,000.01".into()),
                "สูงเกินจริง",
            ),
            ("budget", Box::new(|i| i.budget = "abc".into()), "ไม่ถูกต้อง"),
            ("quarters", Box::new(|i| i.quarters.clear()), "อย่างน้อย"),
            (
                "quarters",
                Box::new(|i| i.quarters = vec!["5".into()]),
                "๑–๔",
            ),
            ("person", Box::new(|i| i.person.clear()), "ผู้รับผิดชอบ"),
            (
                "indicators",
                Box::new(|i| i.indicators = "| 80".into()),
                "ชื่อตัวชี้วัด",
            ),
            (
                "objectives",
                Box::new(|i| i.objectives = "a\u{7}".into()),
                "อักขระควบคุม",
            ),
        ];
        for (field, change, th) in cases {
            let mut i = input();
            change(&mut i);
            let e = i.check().unwrap_err();
            assert_eq!(e.field, field);
            assert!(e.th.contains(th), "{}", e.th);
            assert!(!e.en.is_empty());
        }
        // exactly a billion is accepted; a unit alone is a responsible
        let mut i = input();
        i.budget = "1000000000".into();
        i.person.clear();
        i.unit_id = Some(4);
        assert!(i.check().is_ok());
    }

    #[test]
    fn step_deadlines_stay_in_the_fiscal_year() {
        let l = |t: &str| Line::new(None, None, t.into(), true);
        assert!(check_steps(fy(), &[l("จัดอบรม ภายในเดือนมีนาคม ๒๕๖๖"), l("สรุปผล")]).is_ok());
        assert!(check_steps(fy(), &[l("เริ่ม ภายในเดือนตุลาคม 2565")]).is_ok());
        let e = check_steps(fy(), &[l("สรุปผล ภายในเดือนธันวาคม ๒๕๖๖")]).unwrap_err();
        assert_eq!(e.field, "steps");
        assert!(e.th.contains("นอกปีงบประมาณ"));
        assert!(check_steps(fy(), &[l("เตรียมการ ภายในเดือนกันยายน 2565")]).is_err());
        assert!(check_steps(fy(), &[]).is_err());
        // the last day of the year is inside
        assert!(check_steps(fy(), &[l("ภายในวันที่ 30 กันยายน 2566")]).is_ok());
    }

    #[test]
    fn quarter_budgets_add_up() {
        let a = Money::from_satang(100_001).unwrap();
        let b = Money::from_baht(400).unwrap();
        let q = budget_by_quarter([(a, &[1u8, 2, 3][..]), (b, &[4u8][..])]);
        assert_eq!(q.iter().sum::<i64>(), a.satang() + b.satang());
        assert_eq!(q[0], 33_335);
        assert_eq!(q[1], 33_333);
        assert_eq!(q[3], 40_000);
    }

    #[test]
    fn progress_and_states() {
        let budget = Money::from_baht(1000).unwrap();
        let p = check_progress(budget, "๕๐๐", "จัดอบรมแล้ว").unwrap();
        assert_eq!(p.spent.satang(), 50_000);
        assert_eq!(check_progress(budget, "", "").unwrap().spent, Money::ZERO);
        assert_eq!(
            check_progress(budget, "1000.01", "").unwrap_err().field,
            "spent"
        );
        assert_eq!(check_progress(budget, "-1", "").unwrap_err().field, "spent");
        // the year includes its first half
        let half = check_progress(budget, "600", "").unwrap();
        let year = check_progress(budget, "900", "").unwrap();
        assert!(check_annual(&year, Some(&half)).is_ok());
        assert!(check_annual(&year, None).is_ok());
        let less = check_progress(budget, "500", "").unwrap();
        let e = check_annual(&less, Some(&half)).unwrap_err();
        assert_eq!(e.field, "spent");
        assert!(
            e.th.contains("รอบ ๖ เดือน") && e.en.contains("six-month"),
            "{e:?}"
        );
        use StepStatus::*;
        assert_eq!(ProjectState::of([Done, Cancelled]), ProjectState::Done);
        assert_eq!(ProjectState::of([Cancelled]), ProjectState::NotStarted);
        assert_eq!(ProjectState::of([Done, NotStarted]), ProjectState::UnderWay);
        assert_eq!(ProjectState::of([NotStarted]), ProjectState::NotStarted);
        assert_eq!(ProjectState::of([]), ProjectState::NotStarted);
        let t = ReportTotals::of([
            (budget, Money::from_baht(500).unwrap(), ProjectState::Done),
            (budget, Money::ZERO, ProjectState::NotStarted),
        ]);
        assert_eq!((t.done, t.not_started, t.projects()), (1, 1, 2));
        assert_eq!(
            t.share_spent().format(crate::calendar::Digits::Arabic),
            "25.00"
        );
    }
}

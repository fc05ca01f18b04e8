//! Corruption risk assessment (การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ): each risk event of
//! a process or mission is scored likelihood × impact on the agency's matrix (5×5 by default,
//! configurable) before and after its controls; the product falls into a level band (ต่ำ,
//! ปานกลาง, สูง, สูงมาก). The treatment of each risk is a measure of the `Risk` plan, so its
//! steps, owners, deadlines and progress are the measures' own machinery.
//!
//! The default bands (1–3 low, 4–9 medium, 10–16 high, 17–25 very high) and the likelihood and
//! impact scales follow the 5×5 matrices common in Thai public-sector risk guides (the ป.ป.ท.
//! FRAs guide and agencies' published assessments); they are not fixed by the ITA, so every
//! agency may set its own (unverified as an official standard).

use serde::{Deserialize, Serialize};

use crate::InputError;

/// The kinds of corruption risk an assessment groups its events by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// การพิจารณาอนุมัติ อนุญาต (permits, licences).
    Permit,
    /// การใช้อำนาจและตำแหน่งหน้าที่.
    Power,
    /// การใช้จ่ายงบประมาณและทรัพย์สินของราชการ.
    Budget,
    /// การจัดซื้อจัดจ้าง.
    Procurement,
    /// ผลประโยชน์ทับซ้อน (conflicts of interest).
    Conflict,
    /// การให้หรือรับสินบน.
    Bribery,
    Other,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Self::Permit,
        Self::Power,
        Self::Budget,
        Self::Procurement,
        Self::Conflict,
        Self::Bribery,
        Self::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Permit => "permit",
            Self::Power => "power",
            Self::Budget => "budget",
            Self::Procurement => "procurement",
            Self::Conflict => "conflict",
            Self::Bribery => "bribery",
            Self::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Permit => "การพิจารณาอนุมัติ อนุญาต",
            Self::Power => "การใช้อำนาจและตำแหน่งหน้าที่",
            Self::Budget => "การใช้จ่ายงบประมาณและทรัพย์สินของราชการ",
            Self::Procurement => "การจัดซื้อจัดจ้าง",
            Self::Conflict => "ผลประโยชน์ทับซ้อน",
            Self::Bribery => "การให้หรือรับสินบน",
            Self::Other => "อื่น ๆ",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Permit => "Permits and approvals",
            Self::Power => "Use of power and position",
            Self::Budget => "Budget spending and public assets",
            Self::Procurement => "Procurement",
            Self::Conflict => "Conflicts of interest",
            Self::Bribery => "Bribery",
            Self::Other => "Other",
        }
    }
}

/// A level band: every score (likelihood × impact) from `min` up to the next band's `min`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub min: u32,
    pub label_th: String,
    pub label_en: String,
    /// A CSS/SVG colour, `#rrggbb`.
    pub color: String,
}

/// The agency's risk matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    /// The likelihood scale, level 1 first (โอกาสที่จะเกิด).
    pub likelihood_th: Vec<String>,
    /// The impact scale, level 1 first (ผลกระทบ/ความรุนแรง).
    pub impact_th: Vec<String>,
    /// Ascending by `min`; the first starts at 1.
    pub bands: Vec<Band>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Default for Matrix {
    fn default() -> Self {
        let band = |min, th: &str, en: &str, color: &str| Band {
            min,
            label_th: th.into(),
            label_en: en.into(),
            color: color.into(),
        };
        Self {
            likelihood_th: strings(&["น้อยมาก", "น้อย", "ปานกลาง", "สูง", "สูงมาก"]),
            impact_th: strings(&["น้อยมาก", "น้อย", "ปานกลาง", "สูง", "สูงมาก"]),
            bands: vec![
                band(1, "ต่ำ", "Low", "#4caf50"),
                band(4, "ปานกลาง", "Medium", "#ffc107"),
                band(10, "สูง", "High", "#ff7043"),
                band(17, "สูงมาก", "Very high", "#c62828"),
            ],
        }
    }
}

fn refused(field: &'static str, th: String, en: String) -> InputError {
    InputError::new(field, th, en)
}

impl Matrix {
    pub fn likelihood_levels(&self) -> u32 {
        self.likelihood_th.len() as u32
    }
    pub fn impact_levels(&self) -> u32 {
        self.impact_th.len() as u32
    }
    pub fn max_score(&self) -> u32 {
        self.likelihood_levels() * self.impact_levels()
    }

    /// A matrix an agency may use: 3–10 levels a side, labels given, bands ascending from 1 and
    /// within the largest score, colours `#rrggbb`.
    pub fn validate(&self) -> Result<(), InputError> {
        for (field, scale, th, en) in [
            ("likelihood", &self.likelihood_th, "โอกาส", "likelihood"),
            ("impact", &self.impact_th, "ผลกระทบ", "impact"),
        ] {
            if !(3..=10).contains(&scale.len()) {
                return Err(refused(
                    field,
                    format!("ระดับ{th}ต้องมี 3–10 ระดับ"),
                    format!("The {en} scale must have 3–10 levels"),
                ));
            }
            if scale
                .iter()
                .any(|l| l.trim().is_empty() || l.chars().count() > 100)
            {
                return Err(refused(
                    field,
                    format!("กรุณาตั้งชื่อทุกระดับของ{th} (ไม่เกิน 100 ตัวอักษร)"),
                    format!("Name every {en} level (at most 100 characters)"),
                ));
            }
        }
        let ok_color = |c: &str| {
            c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
        };
        let bands_ok = !self.bands.is_empty()
            && self.bands.len() <= 6
            && self.bands[0].min == 1
            && self.bands.windows(2).all(|w| w[0].min < w[1].min)
            && self.bands.iter().all(|b| {
                b.min <= self.max_score()
                    && !b.label_th.trim().is_empty()
                    && b.label_th.chars().count() <= 50
                    && b.label_en.chars().count() <= 50
                    && ok_color(&b.color)
            });
        if !bands_ok {
            return Err(refused(
                "bands",
                format!(
                    "ระดับความเสี่ยงต้องเริ่มที่คะแนน 1 เรียงจากน้อยไปมาก ไม่เกิน {} มีชื่อ และสีแบบ #rrggbb (1–6 ระดับ)",
                    self.max_score()
                ),
                format!(
                    "Risk levels must start at score 1, ascend, stay within {}, have a name and a #rrggbb colour (1–6 levels)",
                    self.max_score()
                ),
            ));
        }
        Ok(())
    }

    /// A likelihood or impact given in a form, checked against this matrix ("" is refused).
    pub fn level(&self, field: &'static str, input: &str) -> Result<u32, InputError> {
        let (max, th, en) = if field.starts_with("impact") {
            (self.impact_levels(), "ผลกระทบ", "Impact")
        } else {
            (self.likelihood_levels(), "โอกาสที่จะเกิด", "Likelihood")
        };
        let n: Option<u32> = crate::calendar::to_ascii_digits(input.trim()).parse().ok();
        match n {
            Some(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(refused(
                field,
                format!("{th}ต้องเป็นระดับ 1–{max} ตามเมทริกซ์ความเสี่ยง"),
                format!("{en} must be a level from 1 to {max} of the risk matrix"),
            )),
        }
    }

    /// The band of a score (likelihood × impact).
    pub fn band(&self, score: u32) -> (usize, &Band) {
        self.bands
            .iter()
            .enumerate()
            .rev()
            .find(|(_, b)| score >= b.min)
            .unwrap_or((0, &self.bands[0]))
    }
}

/// A risk as a form gives it, before checking.
#[derive(Debug, Clone, Default)]
pub struct RiskInput {
    pub process: String,
    pub category: String,
    pub event: String,
    pub cause: String,
    pub likelihood: String,
    pub impact: String,
    pub controls: String,
    pub likelihood_after: String,
    pub impact_after: String,
    pub owner: String,
    pub owner_unit_id: Option<i64>,
}

/// A checked risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub process: String,
    pub category: Category,
    pub event: String,
    pub cause: String,
    pub likelihood: u32,
    pub impact: u32,
    pub controls: String,
    pub likelihood_after: u32,
    pub impact_after: u32,
    pub owner: String,
    pub owner_unit_id: Option<i64>,
}

impl Risk {
    pub fn score(&self) -> u32 {
        self.likelihood * self.impact
    }
    pub fn score_after(&self) -> u32 {
        self.likelihood_after * self.impact_after
    }
}

fn text(
    field: &'static str,
    v: &str,
    max: usize,
    th: &str,
    en: &str,
) -> Result<String, InputError> {
    crate::tenancy::parse_text(field, v, max).map_err(|e| {
        if v.trim().is_empty() {
            refused(
                field,
                format!("กรุณาระบุ{th}"),
                format!("Please give the {en}"),
            )
        } else {
            e
        }
    })
}

/// Multi-line text: trimmed, CR removed, at most `max` characters, no control characters but
/// line breaks; may be empty.
fn note(field: &'static str, v: &str, max: usize) -> Result<String, InputError> {
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
            "ข้อความมีอักขระควบคุมที่ไม่อนุญาต".into(),
            "The text contains control characters".into(),
        ));
    }
    Ok(s.to_owned())
}

impl RiskInput {
    /// Check every field against the matrix; the first refusal is returned, its field named.
    /// Controls may not raise a risk: the level after controls is at most the level before.
    pub fn check(&self, m: &Matrix) -> Result<Risk, InputError> {
        let process = text(
            "process",
            &self.process,
            500,
            "กระบวนงาน/ภารกิจ",
            "process or mission",
        )?;
        let category = Category::parse(self.category.trim()).ok_or_else(|| {
            refused(
                "category",
                "กรุณาเลือกประเภทความเสี่ยง".into(),
                "Please choose the kind of risk".into(),
            )
        })?;
        let event = text("event", &self.event, 2000, "เหตุการณ์ความเสี่ยง", "risk event")?;
        let cause = note("cause", &self.cause, 2000)?;
        let likelihood = m.level("likelihood", &self.likelihood)?;
        let impact = m.level("impact", &self.impact)?;
        let controls = note("controls", &self.controls, 2000)?;
        let likelihood_after = m.level("likelihood_after", &self.likelihood_after)?;
        let impact_after = m.level("impact_after", &self.impact_after)?;
        if likelihood_after * impact_after > likelihood * impact {
            return Err(refused(
                "likelihood_after",
                "ความเสี่ยงหลังการควบคุมต้องไม่สูงกว่าก่อนการควบคุม".into(),
                "The risk after controls cannot be higher than before them".into(),
            ));
        }
        if controls.is_empty() && likelihood_after * impact_after < likelihood * impact {
            return Err(refused(
                "controls",
                "ความเสี่ยงลดลงหลังการควบคุม: กรุณาระบุการควบคุมที่มีอยู่".into(),
                "The risk is lower after controls: please describe the controls".into(),
            ));
        }
        let owner = note("owner", &self.owner, 300)?;
        if owner.is_empty() && self.owner_unit_id.is_none() {
            return Err(refused(
                "owner",
                "กรุณาระบุผู้รับผิดชอบ (หน่วยงานหรือผู้รับผิดชอบ)".into(),
                "Please name who is responsible (a unit or a person)".into(),
            ));
        }
        Ok(Risk {
            process,
            category,
            event,
            cause,
            likelihood,
            impact,
            controls,
            likelihood_after,
            impact_after,
            owner,
            owner_unit_id: self.owner_unit_id,
        })
    }
}

/// How many risks fall in each cell and each band, before and after controls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeatMap {
    /// `cells[l-1][i-1]`: risks with likelihood l and impact i.
    pub cells: Vec<Vec<u32>>,
    /// Risks per band, in band order.
    pub by_band: Vec<u32>,
}

impl HeatMap {
    pub fn of(m: &Matrix, scores: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let mut cells = vec![vec![0; m.impact_levels() as usize]; m.likelihood_levels() as usize];
        let mut by_band = vec![0; m.bands.len()];
        for (l, i) in scores {
            if let Some(c) = cells
                .get_mut(l.wrapping_sub(1) as usize)
                .and_then(|row| row.get_mut(i.wrapping_sub(1) as usize))
            {
                *c += 1;
                by_band[m.band(l * i).0] += 1;
            }
        }
        Self { cells, by_band }
    }
    pub fn total(&self) -> u32 {
        self.by_band.iter().sum()
    }
}

/// The before/after heat maps of a register.
pub fn heat_maps(m: &Matrix, risks: &[Risk]) -> (HeatMap, HeatMap) {
    (
        HeatMap::of(m, risks.iter().map(|r| (r.likelihood, r.impact))),
        HeatMap::of(
            m,
            risks.iter().map(|r| (r.likelihood_after, r.impact_after)),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RiskInput {
        RiskInput {
            process: "การออกใบอนุญาตก่อสร้างอาคาร".into(),
            category: "permit".into(),
            event: "เจ้าหน้าที่เรียกรับผลประโยชน์เพื่อเร่งรัดการอนุญาต".into(),
            cause: "ขั้นตอนไม่เปิดเผย".into(),
            likelihood: "๔".into(),
            impact: "4".into(),
            controls: "ประกาศขั้นตอนและระยะเวลา".into(),
            likelihood_after: "2".into(),
            impact_after: "4".into(),
            owner: "กองช่าง".into(),
            owner_unit_id: None,
        }
    }

    #[test]
    fn the_default_matrix_is_valid_and_bands_scores() {
        let m = Matrix::default();
        m.validate().unwrap();
        assert_eq!(m.max_score(), 25);
        let label = |s| m.band(s).1.label_th.clone();
        assert_eq!(label(1), "ต่ำ");
        assert_eq!(label(3), "ต่ำ");
        assert_eq!(label(4), "ปานกลาง");
        assert_eq!(label(9), "ปานกลาง");
        assert_eq!(label(10), "สูง");
        assert_eq!(label(16), "สูง");
        assert_eq!(label(20), "สูงมาก");
        assert_eq!(label(25), "สูงมาก");
    }

    #[test]
    fn a_risk_is_checked_against_the_matrix() {
        let m = Matrix::default();
        let r = input().check(&m).unwrap();
        assert_eq!((r.score(), r.score_after()), (16, 8));
        assert_eq!(r.category, Category::Permit);

        for (f, v) in [
            ("likelihood", "6"),
            ("likelihood", "0"),
            ("likelihood", "-1"),
            ("likelihood", ""),
            ("likelihood", "2.5"),
            ("impact", "99"),
        ] {
            let mut i = input();
            if f == "impact" {
                i.impact = v.into();
            } else {
                i.likelihood = v.into();
            }
            let e = i.check(&m).unwrap_err();
            assert_eq!(e.field, f, "{v}");
            assert!(e.th.contains("1–5"), "{}", e.th);
        }
        // a 3×4 matrix refuses level 4 of likelihood
        let small = Matrix {
            likelihood_th: strings(&["ต่ำ", "กลาง", "สูง"]),
            impact_th: strings(&["1", "2", "3", "4"]),
            bands: Matrix::default().bands[..2].to_vec(),
        };
        small.validate().unwrap();
        let mut i = input();
        i.likelihood = "4".into();
        assert!(i.check(&small).unwrap_err().th.contains("1–3"));
    }

    #[test]
    fn controls_cannot_raise_a_risk_and_a_risk_needs_an_owner() {
        let m = Matrix::default();
        let mut i = input();
        i.likelihood_after = "5".into();
        i.impact_after = "5".into();
        assert_eq!(i.check(&m).unwrap_err().field, "likelihood_after");
        let mut i = input();
        i.controls = " ".into();
        assert_eq!(i.check(&m).unwrap_err().field, "controls");
        let mut i = input();
        i.owner = "".into();
        assert_eq!(i.check(&m).unwrap_err().field, "owner");
        i.owner_unit_id = Some(3);
        assert!(i.check(&m).is_ok());
        let mut i = input();
        i.category = "x".into();
        assert_eq!(i.check(&m).unwrap_err().field, "category");
        let mut i = input();
        i.event = "ก".repeat(2001);
        assert_eq!(i.check(&m).unwrap_err().field, "event");
        let mut i = input();
        i.cause = "a\u{7}".into();
        assert_eq!(i.check(&m).unwrap_err().field, "cause");
    }

    #[test]
    fn bad_matrices_are_refused() {
        let mut m = Matrix::default();
        m.likelihood_th.truncate(2);
        assert_eq!(m.validate().unwrap_err().field, "likelihood");
        let mut m = Matrix::default();
        m.bands[0].min = 2;
        assert_eq!(m.validate().unwrap_err().field, "bands");
        let mut m = Matrix::default();
        m.bands[3].min = 26;
        assert!(m.validate().is_err());
        let mut m = Matrix::default();
        m.bands[1].color = "red".into();
        assert!(m.validate().is_err());
        let mut m = Matrix::default();
        m.bands.swap(1, 2);
        assert!(m.validate().is_err());
    }

    #[test]
    fn heat_maps_count_cells_and_bands() {
        let m = Matrix::default();
        let a = input().check(&m).unwrap();
        let mut b = a.clone();
        b.likelihood = 1;
        b.impact = 2;
        b.likelihood_after = 1;
        b.impact_after = 1;
        let (before, after) = heat_maps(&m, &[a.clone(), a, b]);
        assert_eq!(before.cells[3][3], 2);
        assert_eq!(before.cells[0][1], 1);
        assert_eq!(before.by_band, vec![1, 0, 2, 0]);
        assert_eq!(after.by_band, vec![1, 2, 0, 0]);
        assert_eq!(after.total(), 3);
        // out-of-matrix scores (a matrix made smaller later) are not counted
        let h = HeatMap::of(&m, [(6, 1), (0, 0)]);
        assert_eq!(h.total(), 0);
    }
}

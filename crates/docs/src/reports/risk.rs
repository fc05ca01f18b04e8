//! รายงานการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ: the agency's matrix
//! (the likelihood and impact scales and the level bands), the heat-maps before and after
//! controls, the count of risks per level, and the register — each risk's process, event,
//! cause, score and level before and after controls, the controls, the treatment's steps with
//! their deadlines, and who is responsible — with the executive's signature. PDF (typst, A4
//! landscape, the heat-maps as SVG) and editable DOCX (the same text and register, through the
//! generic official document; the heat-maps' counts are in the summary table).
//!
//! [`RiskReport`] is also what the executive signs: it is frozen as JSON when the assessment is
//! submitted, and the public documents are rendered from the signed copy.

use prongsai_domain::calendar::{to_thai_digits, Digits};
use prongsai_domain::risk::{HeatMap, Matrix};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::chart::heat_map_svg;
use crate::docx::DocxError;
use crate::pdf::{render, PdfError};
use crate::reports::notice::{Notice, NoticeTable, Signer};

const TEMPLATE: &str = include_str!("../../templates/risk.typ");

/// One risk as the report prints it (texts as written, levels as numbers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskReportRow {
    pub process: String,
    /// The category's Thai label.
    pub category: String,
    pub event: String,
    pub cause: String,
    pub likelihood: u32,
    pub impact: u32,
    pub controls: String,
    pub likelihood_after: u32,
    pub impact_after: u32,
    /// The treatment's steps (as numbered in the plan), each with its deadline in its text;
    /// empty: the risk is accepted as it is.
    pub treatment: Vec<String>,
    /// The owner: unit and/or person.
    pub owner: String,
}

/// The whole report; see the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskReport {
    pub agency: String,
    /// Buddhist Era fiscal year.
    pub year: i32,
    /// Introduction paragraphs.
    pub intro: Vec<String>,
    pub matrix: Matrix,
    pub rows: Vec<RiskReportRow>,
    pub signer: Option<Signer>,
    /// When it was signed (filled in from the sign-off, not by the writer).
    #[serde(default)]
    pub signed_on: Option<chrono::NaiveDate>,
}

/// The default introduction of a year's report.
pub fn default_intro(agency: &str, year: i32) -> Vec<String> {
    vec![
        format!(
            "{agency} ได้ดำเนินการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. {year} โดยพิจารณากระบวนงานและภารกิจที่อาจเกิดการทุจริต การขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม การใช้อำนาจและตำแหน่งหน้าที่ การใช้จ่ายงบประมาณและทรัพย์สินของราชการ และการจัดซื้อจัดจ้าง"
        ),
        "แต่ละเหตุการณ์ความเสี่ยงประเมินโอกาสที่จะเกิดและผลกระทบตามเกณฑ์ของหน่วยงาน ทั้งก่อนและหลังการควบคุมที่มีอยู่ และกำหนดมาตรการจัดการความเสี่ยง ผู้รับผิดชอบ และกำหนดเวลาแล้วเสร็จ เพื่อใช้ประกอบการจัดทำแผนปฏิบัติการป้องกันการทุจริตและติดตามผลทุกรอบ ๖ เดือน".into(),
    ]
}

impl RiskReport {
    pub fn heat_maps(&self) -> (HeatMap, HeatMap) {
        (
            HeatMap::of(
                &self.matrix,
                self.rows.iter().map(|r| (r.likelihood, r.impact)),
            ),
            HeatMap::of(
                &self.matrix,
                self.rows
                    .iter()
                    .map(|r| (r.likelihood_after, r.impact_after)),
            ),
        )
    }

    fn digits(thai: bool) -> Digits {
        if thai {
            Digits::Thai
        } else {
            Digits::Arabic
        }
    }

    /// The heat-maps before and after controls, as SVG.
    pub fn svgs(&self, thai_digits: bool) -> (String, String) {
        let (before, after) = self.heat_maps();
        let m = &self.matrix;
        let color = |score: u32| m.band(score).1.color.clone();
        let draw = |title: &str, h: &HeatMap| {
            heat_map_svg(
                title,
                &m.likelihood_th,
                &m.impact_th,
                &h.cells,
                color,
                ("โอกาสที่จะเกิด", "ผลกระทบ"),
                Self::digits(thai_digits),
            )
        };
        (draw("ก่อนการควบคุม", &before), draw("หลังการควบคุม", &after))
    }

    pub fn title(&self) -> String {
        format!(
            "รายงานการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ.\u{a0}{}",
            self.year
        )
    }

    /// "1–3" for each band.
    fn band_ranges(&self) -> Vec<String> {
        let m = &self.matrix;
        m.bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let hi = m
                    .bands
                    .get(i + 1)
                    .map(|n| n.min - 1)
                    .unwrap_or(m.max_score());
                if hi == b.min {
                    b.min.to_string()
                } else {
                    format!("{}–{hi}", b.min)
                }
            })
            .collect()
    }

    fn level(&self, l: u32, i: u32) -> (String, String) {
        let b = self.matrix.band(l * i).1;
        (
            format!("{l} × {i} = {} {}", l * i, b.label_th),
            b.color.clone(),
        )
    }

    /// The data the typst template reads (every number already in the chosen digits).
    pub fn template_data(&self, thai_digits: bool) -> serde_json::Value {
        let t = |s: &str| {
            if thai_digits {
                to_thai_digits(s)
            } else {
                s.to_string()
            }
        };
        let (before, after) = self.heat_maps();
        let ranges = self.band_ranges();
        let bands: Vec<_> = self
            .matrix
            .bands
            .iter()
            .enumerate()
            .map(|(k, b)| {
                json!({
                    "label": b.label_th,
                    "range": t(&ranges[k]),
                    "color": b.color,
                    "before": t(&before.by_band[k].to_string()),
                    "after": t(&after.by_band[k].to_string()),
                })
            })
            .collect();
        let rows: Vec<_> = self
            .rows
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let (lb, cb) = self.level(r.likelihood, r.impact);
                let (la, ca) = self.level(r.likelihood_after, r.impact_after);
                json!({
                    "no": t(&(k + 1).to_string()),
                    "process": t(&r.process),
                    "event": t(&r.event),
                    "category": r.category,
                    "cause": t(&r.cause),
                    "before": t(&lb),
                    "before_color": cb,
                    "controls": t(&r.controls),
                    "after": t(&la),
                    "after_color": ca,
                    "treatment": if r.treatment.is_empty() {
                        "ยอมรับความเสี่ยง (ติดตามตามการควบคุมที่มีอยู่)".to_string()
                    } else {
                        t(&r.treatment.join("\n"))
                    },
                    "owner": t(&r.owner),
                })
            })
            .collect();
        let scale = |v: &[String]| {
            v.iter()
                .enumerate()
                .map(|(k, s)| t(&format!("{} {s}", k + 1)))
                .collect::<Vec<_>>()
        };
        json!({
            "thai_digits": thai_digits,
            "title": t(&self.title()),
            "agency": self.agency,
            "intro": self.intro.iter().map(|p| t(p)).collect::<Vec<_>>(),
            "likelihood": scale(&self.matrix.likelihood_th),
            "impact": scale(&self.matrix.impact_th),
            "bands": bands,
            "total": t(&self.rows.len().to_string()),
            "rows": rows,
            "signer": self.signer.as_ref().map(|s| json!({
                "name": format!("({})", t(s.name.trim())),
                "position": t(s.position.trim()),
            })),
            "signed_on": self.signed_on.map(|d| prongsai_domain::calendar::format_date_long_th(d, Self::digits(thai_digits))),
        })
    }

    /// The report as PDF. Call from a blocking thread: layout is CPU work.
    pub fn pdf(&self, thai_digits: bool) -> Result<Vec<u8>, PdfError> {
        let (before, after) = self.svgs(thai_digits);
        render(
            TEMPLATE,
            &self.template_data(thai_digits),
            &[
                ("/before.svg", before.into_bytes()),
                ("/after.svg", after.into_bytes()),
            ],
        )
    }

    /// The report as an editable DOCX (A4 landscape): the introduction, the levels and how
    /// many risks each holds before and after controls, the register, the signature.
    pub fn docx(&self, thai_digits: bool) -> Result<Vec<u8>, DocxError> {
        let (before, after) = self.heat_maps();
        let ranges = self.band_ranges();
        let mut paragraphs = self.intro.clone();
        paragraphs.push(format!(
            "เกณฑ์ระดับความเสี่ยง (โอกาส × ผลกระทบ): {}",
            self.matrix
                .bands
                .iter()
                .zip(&ranges)
                .map(|(b, r)| format!("{} {r}", b.label_th))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        paragraphs.push(format!(
            "ความเสี่ยงทั้งหมด {} รายการ ก่อนการควบคุม: {} หลังการควบคุม: {}",
            self.rows.len(),
            self.matrix
                .bands
                .iter()
                .zip(&before.by_band)
                .map(|(b, n)| format!("{} {n}", b.label_th))
                .collect::<Vec<_>>()
                .join(", "),
            self.matrix
                .bands
                .iter()
                .zip(&after.by_band)
                .map(|(b, n)| format!("{} {n}", b.label_th))
                .collect::<Vec<_>>()
                .join(", "),
        ));
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(k, r)| {
                vec![
                    (k + 1).to_string(),
                    r.process.clone(),
                    format!("{}\n({})", r.event, r.category),
                    self.level(r.likelihood, r.impact).0,
                    r.controls.clone(),
                    self.level(r.likelihood_after, r.impact_after).0,
                    if r.treatment.is_empty() {
                        "ยอมรับความเสี่ยง".into()
                    } else {
                        r.treatment.join("\n")
                    },
                    r.owner.clone(),
                ]
            })
            .collect();
        Notice {
            agency: self.agency.clone(),
            kind: "รายงาน".into(),
            title: self.title(),
            date: self.signed_on,
            paragraphs,
            table: Some(NoticeTable {
                header: HEADER.iter().map(|s| s.to_string()).collect(),
                rows,
            }),
            signer: self.signer.clone(),
            landscape: true,
        }
        .docx(thai_digits)
    }
}

/// The register's columns.
pub const HEADER: [&str; 8] = [
    "ลำดับ",
    "กระบวนงาน/ภารกิจ",
    "เหตุการณ์ความเสี่ยง (ประเภท)",
    "ระดับก่อนการควบคุม",
    "การควบคุมที่มีอยู่",
    "ระดับหลังการควบคุม",
    "มาตรการจัดการความเสี่ยง/กำหนดเวลา",
    "ผู้รับผิดชอบ",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn report(n: usize) -> RiskReport {
        let rows = (0..n)
            .map(|k| RiskReportRow {
                process: format!("กระบวนงานที่ {}", k + 1),
                category: "การจัดซื้อจัดจ้าง".into(),
                event: "ผู้เสนอราคาสมยอมกันในการเสนอราคา (ฮั้ว) เพื่อให้รายใดรายหนึ่งได้งาน".into(),
                cause: "ผู้เสนอราคาน้อยราย".into(),
                likelihood: (k % 5 + 1) as u32,
                impact: ((k * 3) % 5 + 1) as u32,
                controls: "ตรวจสอบรายชื่อผู้เสนอราคาในระบบ e-GP".into(),
                likelihood_after: 1,
                impact_after: ((k * 3) % 5 + 1) as u32,
                treatment: vec![
                    "๑. จัดทำแนวทางตรวจสอบความสัมพันธ์ของผู้เสนอราคา ภายในเดือนธันวาคม ๒๕๖๕".into(),
                ],
                owner: "กองคลัง (งานพัสดุ)".into(),
            })
            .collect();
        RiskReport {
            agency: "องค์การบริหารส่วนตำบลกระโทก".into(),
            year: 2566,
            intro: default_intro("องค์การบริหารส่วนตำบลกระโทก", 2566),
            matrix: Matrix::default(),
            rows,
            signer: Some(Signer {
                name: "นายสมชาย ใจดี".into(),
                position: "นายกองค์การบริหารส่วนตำบลกระโทก".into(),
            }),
            signed_on: chrono::NaiveDate::from_ymd_opt(2565, 11, 15),
        }
    }

    #[test]
    fn the_data_has_the_bands_the_counts_and_the_levels() {
        let r = report(5);
        let d = r.template_data(true);
        assert_eq!(d["bands"][0]["range"], "๑–๓");
        assert_eq!(d["bands"][3]["range"], "๑๗–๒๕");
        let before: u32 = r.heat_maps().0.by_band.iter().sum();
        assert_eq!(before, 5);
        assert_eq!(d["rows"][0]["before"], "๑ × ๑ = ๑ ต่ำ");
        assert_eq!(d["rows"].as_array().unwrap().len(), 5);
        // the snapshot round-trips (it is what the executive signs)
        let back: RiskReport = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn the_heat_maps_escape_and_count() {
        let mut r = report(3);
        r.matrix.likelihood_th[0] = "<b>น้อย</b>".into();
        let (before, _) = r.svgs(false);
        assert!(before.contains("&lt;b&gt;"));
        assert!(!before.contains("<b>"));
        assert!(before.starts_with("<svg"));
    }

    #[test]
    fn pdf_and_docx_render() {
        let r = report(12);
        let pdf = r.pdf(true).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let docx = r.docx(true).unwrap();
        assert!(docx.starts_with(b"PK"));
        // an empty register still renders
        assert!(report(0).pdf(false).unwrap().starts_with(b"%PDF"));
    }
}

//! The ITAS submission sheet (แบบสรุปการตอบ OIT ในระบบ ITAS) of an agency-year: every OIT item
//! in the order ITAS asks, with the answer มี/ไม่มี, the URL of the item's page on the agency's
//! website and the explanation for the assessors — as PDF (typst, A4 landscape, Sarabun, BE
//! dates, the header repeated on every page), XLSX and CSV (UTF-8 with a BOM, for Excel).
//!
//! The rows come from `domain::submission::sheet`; this module only lays them out. Every text
//! is data (`/data.json`), never markup. URLs are printed as they are (ASCII digits always);
//! in the PDF they may break after `/`, `.`, `-`, `?`, `&` and `=`, and each is a link.

use chrono::NaiveDate;
use prongsai_domain::calendar::format_date_long_th;
use prongsai_domain::calendar::Digits;
use serde::Serialize;
use serde_json::json;

use crate::csv::{to_csv, CsvError};
use crate::pdf::{render, PdfError};
use crate::xlsx::{Cell, Sheet};

const TEMPLATE: &str = include_str!("../../templates/submission.typ");

/// The column headings, in every format.
pub const HEADINGS_TH: [&str; 6] = ["ลำดับ", "ข้อ", "รายการ", "คำตอบ (มี/ไม่มี)", "URL", "คำอธิบาย"];

/// One item of the sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubmissionLine {
    /// 1-based, the framework's order.
    pub order: usize,
    pub code: String,
    pub title: String,
    /// มี (true) / ไม่มี.
    pub yes: bool,
    pub url: String,
    pub explanation: String,
}

/// The sheet of one agency-year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubmissionDoc {
    /// The agency's Thai name.
    pub agency: String,
    /// Buddhist Era fiscal year.
    pub year_be: i32,
    /// The day it was made (printed in BE).
    pub prepared_on: NaiveDate,
    /// The assessment window as printed, when one is set ("1 เม.ย. 2568 – 31 พ.ค. 2568").
    pub window: Option<String>,
    pub lines: Vec<SubmissionLine>,
}

/// Where a long URL may break in a narrow column: after these characters (a zero-width space
/// is added in the printed text only; the link keeps the URL).
fn breakable_url(url: &str) -> String {
    let mut s = String::with_capacity(url.len() + url.len() / 4);
    for c in url.chars() {
        s.push(c);
        if matches!(c, '/' | '.' | '-' | '?' | '&' | '=' | '_') {
            s.push('\u{200b}');
        }
    }
    s
}

impl SubmissionDoc {
    /// `มี` / `ไม่มี`.
    fn answer(yes: bool) -> &'static str {
        prongsai_domain::submission::answer_th(yes)
    }

    /// The heading lines.
    pub fn heading(&self) -> Vec<String> {
        vec![
            "แบบสรุปการตอบตัวชี้วัดการเปิดเผยข้อมูล (OIT) ในระบบ ITAS".to_owned(),
            format!(
                "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ.\u{a0}{}",
                self.year_be
            ),
            self.agency.clone(),
        ]
    }

    /// "จัดทำเมื่อ …" and the window, under the heading.
    pub fn subheading(&self) -> Vec<String> {
        let mut out = vec![format!(
            "จัดทำเมื่อ {} · ตอบ “มี” {} จาก {} ข้อ",
            format_date_long_th(self.prepared_on, Digits::Arabic).replace("พ.ศ. ", "พ.ศ.\u{a0}"),
            self.lines.iter().filter(|l| l.yes).count(),
            self.lines.len()
        )];
        if let Some(w) = &self.window {
            out.push(format!("ช่วงเวลาประเมินในระบบ ITAS: {w}"));
        }
        out
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        json!({
            "heading": self.heading(),
            "subheading": self.subheading(),
            "headings": HEADINGS_TH,
            "rows": self.lines.iter().map(|l| json!({
                "order": l.order.to_string(),
                "code": l.code,
                "title": l.title,
                "answer": Self::answer(l.yes),
                "yes": l.yes,
                "url": l.url,
                "url_text": breakable_url(&l.url),
                "explanation": l.explanation,
            })).collect::<Vec<_>>(),
        })
    }

    /// The sheet as PDF (A4 landscape). Call from a blocking thread.
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(TEMPLATE, &self.template_data(), &[])
    }

    fn text_row(l: &SubmissionLine) -> [String; 6] {
        [
            l.order.to_string(),
            l.code.clone(),
            l.title.clone(),
            Self::answer(l.yes).to_owned(),
            l.url.clone(),
            l.explanation.clone(),
        ]
    }

    /// The sheet as XLSX: the heading lines, then one row per item (the order as a number).
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut title = self.heading();
        title.extend(self.subheading());
        crate::xlsx::workbook(&[Sheet {
            name: format!("ITAS {}", self.year_be),
            title,
            header: HEADINGS_TH.iter().map(|h| h.to_string()).collect(),
            rows: self
                .lines
                .iter()
                .map(|l| {
                    let [_, code, title, answer, url, explanation] = Self::text_row(l);
                    vec![
                        Cell::from(l.order as u64),
                        Cell::Text(code),
                        Cell::Text(title),
                        Cell::Text(answer),
                        Cell::Text(url),
                        Cell::Text(explanation),
                    ]
                })
                .collect(),
        }])
    }

    /// The sheet as CSV: the header row and one row per item.
    pub fn csv(&self) -> Result<String, CsvError> {
        to_csv(&HEADINGS_TH, self.lines.iter().map(Self::text_row))
    }

    /// The file name stem: `itas-submission-2568`.
    pub fn file_stem(&self) -> String {
        format!("itas-submission-{}", self.year_be)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: usize) -> SubmissionDoc {
        SubmissionDoc {
            agency: "องค์การบริหารส่วนตำบลกระโทก".into(),
            year_be: 2568,
            prepared_on: NaiveDate::from_ymd_opt(2025, 4, 2).unwrap(),
            window: Some("1 เม.ย. 2568 – 31 พ.ค. 2568".into()),
            lines: (1..=n)
                .map(|i| SubmissionLine {
                    order: i,
                    code: format!("O{i}"),
                    title: format!("รายการที่ {i} <b>#set</b> \"อ้าง\""),
                    yes: i % 3 != 0,
                    url: format!("https://krathok.example.go.th/krathok/ita/2568/O{i}?a=b&c=d"),
                    explanation: format!(
                        "หน่วยงานเผยแพร่ข้อมูล “รายการที่ {i}” บนเว็บไซต์ของหน่วยงาน ตาม URL ที่ระบุ, คอมมา\nบรรทัดที่สอง"
                    ),
                })
                .collect(),
        }
    }

    #[test]
    fn urls_break_in_print_only() {
        let u = "https://a.go.th/x/ita/2568/O1";
        let b = breakable_url(u);
        assert_eq!(b.replace('\u{200b}', ""), u);
        assert!(b.contains("/\u{200b}ita"));
        let data = doc(1).template_data();
        assert_eq!(data["rows"][0]["url"], doc(1).lines[0].url);
        assert_eq!(data["rows"][0]["answer"], "มี");
    }

    #[test]
    fn csv_has_every_row_and_field_as_written() {
        let d = doc(5);
        let text = d.csv().unwrap();
        assert!(text.starts_with(crate::csv::UTF8_BOM));
        let mut r = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), HEADINGS_TH);
        let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 5);
        assert_eq!(&rows[2][1], "O3");
        assert_eq!(&rows[2][3], "ไม่มี");
        assert_eq!(&rows[0][4], d.lines[0].url);
        assert_eq!(&rows[0][5], d.lines[0].explanation);
    }

    #[test]
    fn renders_pdf_and_xlsx() {
        let d = doc(43);
        let pdf = d.pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        if let Ok(path) = std::env::var("PRONGSAI_SUBMISSION_PDF") {
            std::fs::write(path, &pdf).unwrap();
        }
        let x = d.xlsx().unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(x)).unwrap();
        let mut strings = String::new();
        std::io::Read::read_to_string(
            &mut z.by_name("xl/sharedStrings.xml").unwrap(),
            &mut strings,
        )
        .unwrap();
        assert!(strings.contains("O43"));
        assert!(strings.contains("ไม่มี"));
        assert_eq!(d.file_stem(), "itas-submission-2568");
    }
}

//! The measures document (O42) and the implementation report of a round (O43): the title block,
//! the introduction, and the five-column table, as PDF (A4 landscape), DOCX, CSV and XLSX.

use prongsai_domain::calendar::{to_ascii_digits, to_thai_digits};
use prongsai_domain::measures::MeasuresDocument;
use serde_json::json;

use crate::docx::{DocxBuilder, DocxError};
use crate::pdf::{render, PdfError};

const TEMPLATE: &str = include_str!("../../templates/o43.typ");

/// A measures table ready to print.
pub struct MeasuresReport<'a> {
    pub doc: &'a MeasuresDocument,
    /// Thai digits (as official documents, the default) or Arabic digits throughout.
    pub thai_digits: bool,
    /// The implementation report of a round (O43) has the fifth column, การดำเนินการ; the
    /// measures document (O42) has the first four.
    pub progress: bool,
}

impl MeasuresReport<'_> {
    fn d(&self, s: &str) -> String {
        if self.thai_digits {
            to_thai_digits(s)
        } else {
            to_ascii_digits(s)
        }
    }

    /// The column headers printed.
    pub fn headers(&self) -> &'static [&'static str] {
        let columns = self.doc.plan.columns_th();
        if self.progress {
            columns
        } else {
            &columns[..4]
        }
    }

    /// Each row's cells (five, or four without progress), each a list of printed lines.
    pub fn cells(&self) -> Vec<Vec<Vec<String>>> {
        let n = self.headers().len();
        self.doc
            .rows
            .iter()
            .map(|r| {
                r.cells()
                    .iter()
                    .take(n)
                    .map(|c| c.iter().map(|l| self.d(&l.display())).collect())
                    .collect()
            })
            .collect()
    }

    /// The data the typst template reads.
    pub fn template_data(&self) -> serde_json::Value {
        json!({
            "thai_digits": self.thai_digits,
            "title": self.doc.title.iter().map(|t| self.d(t)).collect::<Vec<_>>(),
            "intro": self.doc.intro.iter().map(|t| self.d(t)).collect::<Vec<_>>(),
            "headers": self.headers(),
            "rows": self.cells(),
        })
    }

    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(TEMPLATE, &self.template_data(), &[])
    }

    pub fn docx(&self) -> Result<Vec<u8>, DocxError> {
        let mut b = DocxBuilder::landscape();
        for t in &self.doc.title {
            b.title(&self.d(t));
        }
        for p in &self.doc.intro {
            b.para(&self.d(p));
        }
        let mut rows = vec![self
            .headers()
            .iter()
            .map(|h| h.to_string())
            .collect::<Vec<_>>()];
        for r in self.cells() {
            rows.push(r.iter().map(|c| c.join("\n")).collect());
        }
        // 25.3 cm of text width in twips, split as the PDF's columns
        if self.progress {
            b.table(&rows, &[2440, 2010, 3590, 3160, 3160]);
        } else {
            b.table(&rows, &[3400, 2800, 5200, 4960]);
        }
        b.build()
    }

    /// The table as CSV (UTF-8 with BOM); lines of a cell separated by line breaks.
    pub fn csv(&self) -> Result<String, crate::csv::CsvError> {
        crate::csv::to_csv(
            self.headers(),
            self.cells()
                .into_iter()
                .map(|r| r.iter().map(|c| c.join("\n")).collect::<Vec<_>>()),
        )
    }

    /// The table as XLSX, cells wrapped, header frozen.
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, FormatAlign, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let head = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center);
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        for (c, w) in [30.0, 22.0, 45.0, 40.0, 40.0].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (c, h) in self.headers().iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
        }
        for (r, row) in self.cells().iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                ws.write_string_with_format(r as u32 + 1, c as u16, cell.join("\n"), &wrap)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        wb.save_to_buffer()
    }
}

//! A generic Thai official document: an announcement (ประกาศ), a short report (รายงาน) or a
//! register an agency publishes — a heading, an optional date, indented paragraphs, an
//! optional table and an optional signature block — as PDF (typst, A4, Sarabun 16 pt, margins
//! 3 cm left and 2 cm right) and editable DOCX.
//!
//! The heading:
//! - `kind == "ประกาศ"`: "ประกาศ{agency}", "เรื่อง {title}", a short rule; the date
//!   ("ประกาศ ณ วันที่ …") follows the body, above the signature.
//! - another kind, e.g. "รายงาน": the kind, the title, the agency; the date ("วันที่ …") under
//!   them.
//! - no kind: the title and the agency.
//!
//! Every text is data (the template reads `/data.json`), never markup. With `thai_digits`
//! every digit printed — dates, table numbers, the user's text, page numbers — is Thai (without
//! it the user's text is left as written); "พ.ศ." is kept with its year by a no-break space.
//! Pages are numbered "- ๒ -" at the top from the second page, as ระเบียบงานสารบรรณ has it.
//! Table columns: a first column headed "ลำดับ" is narrow and centred, columns of numbers are
//! right-aligned and as wide as their numbers, text columns share the rest (see the template);
//! the signature block never stands alone on a page.

use chrono::NaiveDate;
use docx_rs::{AlignmentType, LineSpacing, Paragraph, SpecialIndentType};
use prongsai_domain::calendar::{format_date_long_th, to_thai_digits, Digits};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::docx::{run, visible_len, DocxError, DocxTable, OfficialDocx};
use crate::pdf::{render, PdfError};

const TEMPLATE: &str = include_str!("../../templates/notice.typ");

/// The kind whose heading is "ประกาศ{agency}" / "เรื่อง {title}".
pub const ANNOUNCEMENT: &str = "ประกาศ";

/// A table of a notice: the header row (repeated on every page) and the body rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Who signs: "(ลงชื่อ) ……", "(name)", the position (lines separated by `\n`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub name: String,
    pub position: String,
}

/// A generic official document; see the module documentation for its layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The agency, e.g. "องค์การบริหารส่วนตำบลกระโทก".
    pub agency: String,
    /// The heading word: "ประกาศ", "รายงาน", … or "" for none.
    pub kind: String,
    /// The subject, without the word "เรื่อง" (added for a ประกาศ).
    pub title: String,
    /// Printed with a Buddhist Era year.
    pub date: Option<NaiveDate>,
    /// The body, each an indented paragraph (`\n` breaks a line).
    pub paragraphs: Vec<String>,
    pub table: Option<NoticeTable>,
    pub signer: Option<Signer>,
    /// A4 landscape, for wide tables.
    pub landscape: bool,
}

/// How a table column is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    /// "ลำดับ": narrow, centred.
    Order,
    /// Numbers: as wide as they need, right-aligned.
    Number,
    /// Text: a share of the remaining width, left-aligned.
    Text,
}

impl Col {
    fn align(self) -> &'static str {
        match self {
            Col::Order => "center",
            Col::Number => "right",
            Col::Text => "left",
        }
    }
}

/// Headers of an order-number column.
const ORDER_HEADERS: &[&str] = &["ลำดับ", "ลำดับที่", "ที่", "ข้อ", "no.", "no", "#"];

/// Which rows may break across pages: the PDF measures them (taller than about six lines) and
/// the DOCX estimates their lines; only when the template falls back to automatic column
/// widths does it use this — a row longer than this (in characters) may break, shorter ones
/// never do.
const UNBREAKABLE_ROW_CHARS: usize = 600;

/// A number as tables print them: "1,234.50", "-3", "12%", "๑๒๓" (ASCII or Thai digits).
fn is_number(s: &str) -> bool {
    let s = s.trim();
    let s = s.strip_suffix('%').unwrap_or(s).trim_end();
    let s = s
        .strip_prefix('-')
        .or_else(|| s.strip_prefix('+'))
        .or_else(|| s.strip_prefix('\u{2212}'))
        .unwrap_or(s);
    let mut digits = 0;
    let mut dots = 0;
    for c in s.chars() {
        match c {
            '0'..='9' | '๐'..='๙' => digits += 1,
            ',' => {}
            '.' => dots += 1,
            _ => return false,
        }
    }
    digits > 0 && dots <= 1 && !s.starts_with(',') && !s.starts_with('.')
}

fn is_placeholder(s: &str) -> bool {
    matches!(s.trim(), "" | "-" | "–" | "—")
}

impl NoticeTable {
    fn width(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(self.header.len()))
            .max()
            .unwrap_or(0)
    }

    /// The cells of `row`, padded with empty cells to `n`.
    fn padded(row: &[String], n: usize) -> Vec<String> {
        (0..n)
            .map(|i| row.get(i).cloned().unwrap_or_default())
            .collect()
    }

    fn columns(&self) -> Vec<Col> {
        let n = self.width();
        (0..n)
            .map(|c| {
                let head = self.header.get(c).map(|h| h.trim()).unwrap_or("");
                let cells: Vec<&str> = self
                    .rows
                    .iter()
                    .map(|r| r.get(c).map(String::as_str).unwrap_or(""))
                    .filter(|s| !is_placeholder(s))
                    .collect();
                let numeric = !cells.is_empty() && cells.iter().all(|s| is_number(s));
                if c == 0 && ORDER_HEADERS.contains(&head.to_lowercase().as_str()) {
                    Col::Order
                } else if numeric {
                    Col::Number
                } else {
                    Col::Text
                }
            })
            .collect()
    }
}

/// Column widths (see the template's `column-widths`): `wants` is what each column asks for —
/// the widest cell of a fixed column ("ลำดับ", numbers; `text` false), the width of most cells
/// of a text column — and `longest` its widest cell. Fixed columns get their want; when the text
/// columns' wants fit in the rest, the room left goes to those with longer cells; when they do
/// not, the narrow ones keep their want and the others share what is left equally.
fn share_widths(wants: &[usize], longest: &[usize], text: &[bool], available: usize) -> Vec<usize> {
    let n = wants.len();
    let is_text = |i: &usize| text.get(*i).copied().unwrap_or(true);
    let text_cols: Vec<usize> = (0..n).filter(is_text).collect();
    let fixed: usize = (0..n).filter(|i| !is_text(i)).map(|i| wants[i]).sum();
    let rest = available.saturating_sub(fixed);
    if text_cols.is_empty() || rest < text_cols.len() * 850 {
        // no room to share out: each column its share of the whole width
        return vec![available / n.max(1); n];
    }
    let mut widths = wants.to_vec();
    let wanted: usize = text_cols.iter().map(|&i| wants[i]).sum();
    if wanted <= rest {
        let extra = |i: usize| {
            longest
                .get(i)
                .copied()
                .unwrap_or(0)
                .saturating_sub(wants[i])
        };
        let more: usize = text_cols.iter().map(|&i| extra(i)).sum();
        for &i in &text_cols {
            widths[i] += ((rest - wanted) * extra(i))
                .checked_div(more)
                .unwrap_or_else(|| (rest - wanted) * wants[i] / wanted.max(1));
        }
    } else {
        let mut open = text_cols;
        let mut left = rest;
        loop {
            let share = left / open.len().max(1);
            let (small, large): (Vec<usize>, Vec<usize>) =
                open.iter().partition(|&&i| wants[i] <= share);
            if small.is_empty() || large.is_empty() {
                break;
            }
            left -= small.iter().map(|&i| wants[i]).sum::<usize>();
            open = large;
        }
        for &i in &open {
            widths[i] = left / open.len().max(1);
        }
    }
    widths
}

/// The line the signer signs on: the label, then the dots (the PDF draws them to the width of
/// the name and position).
const SIGN_LABEL: &str = "(ลงชื่อ)";
const SIGN_DOTS: &str = "....................................";

impl Notice {
    fn is_announcement(&self) -> bool {
        self.kind.trim() == ANNOUNCEMENT
    }

    /// Digits and "พ.ศ." as printed.
    fn t(&self, s: &str, thai_digits: bool) -> String {
        let s = s
            .replace("พ.ศ. ", "พ.ศ.\u{a0}")
            .replace("ค.ศ. ", "ค.ศ.\u{a0}");
        if thai_digits {
            to_thai_digits(&s)
        } else {
            s
        }
    }

    /// The centred heading lines, the first the most prominent.
    pub fn heading(&self, thai_digits: bool) -> Vec<String> {
        let kind = self.kind.trim();
        let lines = if self.is_announcement() {
            vec![
                format!("{ANNOUNCEMENT}{}", self.agency.trim()),
                if self.title.trim().is_empty() {
                    String::new()
                } else {
                    format!("เรื่อง {}", self.title.trim())
                },
            ]
        } else {
            vec![
                kind.to_string(),
                self.title.trim().to_string(),
                self.agency.trim().to_string(),
            ]
        };
        lines
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(|l| self.t(&l, thai_digits))
            .collect()
    }

    /// "ประกาศ ณ วันที่ ๑๕ มกราคม พ.ศ. ๒๕๖๖" (a ประกาศ) or "วันที่ …".
    pub fn date_line(&self, thai_digits: bool) -> Option<String> {
        let date = self.date?;
        let long = format_date_long_th(date, Digits::Arabic);
        let line = if self.is_announcement() {
            format!("{ANNOUNCEMENT} ณ {long}")
        } else {
            long
        };
        Some(self.t(&line, thai_digits))
    }

    /// The data the typst template reads.
    pub fn template_data(&self, thai_digits: bool) -> serde_json::Value {
        let t = |s: &str| self.t(s, thai_digits);
        let table = self.table.as_ref().filter(|t| t.width() > 0).map(|tab| {
            let n = tab.width();
            let cols = tab.columns();
            let rows: Vec<Vec<String>> = tab
                .rows
                .iter()
                .map(|r| NoticeTable::padded(r, n).iter().map(|c| t(c)).collect())
                .collect();
            let keep: Vec<bool> = rows
                .iter()
                .map(|r| r.iter().map(|c| c.chars().count()).sum::<usize>() <= UNBREAKABLE_ROW_CHARS)
                .collect();
            json!({
                "header": NoticeTable::padded(&tab.header, n).iter().map(|c| t(c)).collect::<Vec<_>>(),
                "has_header": tab.header.iter().any(|h| !h.trim().is_empty()),
                "rows": rows,
                "keep": keep,
                "kinds": cols.iter().map(|c| match c {
                    Col::Text => "text",
                    _ => "fixed",
                }).collect::<Vec<_>>(),
                "aligns": cols.iter().map(|c| c.align()).collect::<Vec<_>>(),
            })
        });
        let date = self.date_line(thai_digits);
        let announcement = self.is_announcement();
        json!({
            "thai_digits": thai_digits,
            "landscape": self.landscape,
            "doc_title": self.heading(thai_digits).join(" "),
            "heading": self.heading(thai_digits),
            "rule": announcement,
            "date_top": if announcement { None } else { date.clone() },
            "date_bottom": if announcement { date } else { None },
            "paragraphs": self.paragraphs.iter().map(|p| t(p)).collect::<Vec<_>>(),
            "table": table,
            "signer": self.signer.as_ref().map(|s| json!({
                "sign_label": SIGN_LABEL,
                "name": format!("({})", t(s.name.trim())),
                "position": t(s.position.trim()),
            })),
        })
    }

    /// The document as PDF. Call from a blocking thread: layout is CPU work.
    pub fn pdf(&self, thai_digits: bool) -> Result<Vec<u8>, PdfError> {
        render(TEMPLATE, &self.template_data(thai_digits), &[])
    }

    /// The document as editable DOCX (TH Sarabun New 16 pt, the same layout).
    pub fn docx(&self, thai_digits: bool) -> Result<Vec<u8>, DocxError> {
        let t = |s: &str| self.t(s, thai_digits);
        let mut w = OfficialDocx::new(self.landscape, thai_digits, BODY_SIZE);
        for (i, line) in self.heading(thai_digits).iter().enumerate() {
            w.push(Paragraph::new().align(AlignmentType::Center).add_run(run(
                line,
                true,
                if i == 0 { HEAD_SIZE } else { BODY_SIZE },
            )));
        }
        if self.is_announcement() {
            w.push(Paragraph::new().align(AlignmentType::Center).add_run(run(
                "---------------------------",
                false,
                BODY_SIZE,
            )));
        }
        let date = self.date_line(thai_digits);
        if !self.is_announcement() {
            if let Some(d) = &date {
                w.push(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(run(d, false, BODY_SIZE)),
                );
            }
        }
        w.blank();
        for p in &self.paragraphs {
            w.push(
                Paragraph::new()
                    .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
                    .line_spacing(LineSpacing::new().after(120))
                    .add_run(run(&t(p), false, BODY_SIZE)),
            );
        }
        if let Some(tab) = self.table.as_ref().filter(|t| t.width() > 0) {
            let n = tab.width();
            let cols = tab.columns();
            let header = NoticeTable::padded(&tab.header, n)
                .iter()
                .map(|h| t(h))
                .collect::<Vec<_>>();
            let rows: Vec<Vec<String>> = tab
                .rows
                .iter()
                .map(|r| NoticeTable::padded(r, n).iter().map(|c| t(c)).collect())
                .collect();
            w.table(DocxTable {
                widths: docx_widths(tab, &cols, w.text_width),
                header: tab
                    .header
                    .iter()
                    .any(|h| !h.trim().is_empty())
                    .then_some(header.as_slice()),
                aligns: cols
                    .iter()
                    .map(|c| match c {
                        Col::Order => AlignmentType::Center,
                        Col::Number => AlignmentType::Right,
                        Col::Text => AlignmentType::Left,
                    })
                    .collect(),
                rows: rows.iter().map(|r| (r.as_slice(), false)).collect(),
                size: TABLE_SIZE,
                char_twips: DOCX_CHAR,
                pad_twips: DOCX_PAD,
                // as the PDF: a row stays on one page unless taller than about six lines
                keep_lines: 6,
            });
        }
        if self.is_announcement() {
            if let Some(d) = &date {
                w.blank();
                w.push(
                    Paragraph::new()
                        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
                        .keep_next(true)
                        .add_run(run(d, false, BODY_SIZE)),
                );
            }
        }
        if let Some(s) = &self.signer {
            w.blank();
            w.blank();
            // centred in the right part of the page; the name and the position centred under
            // the dots, "(ลงชื่อ)" to their left (about 1.6 cm of 16 pt)
            let left = w.text_width * 2 / 5;
            let label = 900;
            let mut lines = vec![
                (format!("{SIGN_LABEL}\u{a0}{SIGN_DOTS}"), left),
                (format!("({})", t(s.name.trim())), left + label),
            ];
            lines.extend(
                t(s.position.trim())
                    .split('\n')
                    .map(|p| (p.to_string(), left + label)),
            );
            let last = lines.len() - 1;
            for (i, (l, indent)) in lines.iter().enumerate() {
                w.push(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .indent(Some(*indent as i32), None, None, None)
                        .keep_next(i < last)
                        .add_run(run(l, false, BODY_SIZE)),
                );
            }
        }
        w.build()
    }
}

// ---------------------------------------------------------------------------------------------
// DOCX, written with `crate::docx::OfficialDocx` (page numbers, first-line indents, aligned
// table cells).

/// Sizes in half-points.
const BODY_SIZE: usize = 32;
const HEAD_SIZE: usize = 34;
const TABLE_SIZE: usize = 28;
/// First-line indent: 2.5 cm in twips.
const INDENT: i32 = 1417;

/// The widths of the DOCX table in twips, shared out as in the PDF: numbers and "ลำดับ" as
/// wide as they need, text columns the rest.
fn docx_widths(tab: &NoticeTable, cols: &[Col], text_width: usize) -> Vec<usize> {
    let mut wants = Vec::with_capacity(cols.len());
    let mut longest = Vec::with_capacity(cols.len());
    for (c, col) in cols.iter().enumerate() {
        let mut body: Vec<usize> = tab
            .rows
            .iter()
            .map(|r| r.get(c).map(|s| visible_len(s)).unwrap_or(0))
            .collect();
        body.sort_unstable();
        let head = tab.header.get(c).map(|s| visible_len(s)).unwrap_or(0);
        let head_piece = tab
            .header
            .get(c)
            .and_then(|s| s.split_whitespace().map(visible_len).max())
            .unwrap_or(0);
        let most = body
            .get((body.len().saturating_sub(1)) * 4 / 5)
            .copied()
            .unwrap_or(0);
        let widest = body.last().copied().unwrap_or(0);
        longest.push(widest.max(head) * DOCX_CHAR + DOCX_PAD);
        // as the PDF: text columns want most cells and the header on one line; fixed columns
        // every cell, the header wrapping at its spaces
        wants.push(
            if *col == Col::Text {
                most.max(head)
            } else {
                widest.max(head_piece)
            } * DOCX_CHAR
                + DOCX_PAD,
        );
    }
    let text: Vec<bool> = cols.iter().map(|c| *c == Col::Text).collect();
    share_widths(&wants, &longest, &text, text_width)
}

/// About one character of 14 pt Sarabun, and a cell's margins, in twips.
const DOCX_CHAR: usize = 125;
const DOCX_PAD: usize = 230;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for s in ["1", "1,234.50", "-3", "12%", "๑๒๓", " 7 ", "+0.5"] {
            assert!(is_number(s), "{s}");
        }
        for s in ["", "ก", "1.2.3", ".5", "1-2", "O16", "ปี 2566"] {
            assert!(!is_number(s), "{s}");
        }
    }

    #[test]
    fn columns() {
        let t = NoticeTable {
            header: vec!["ลำดับ".into(), "ชื่อ".into(), "จำนวน".into(), "หมายเหตุ".into()],
            rows: vec![
                vec!["1".into(), "นายก".into(), "1,000".into(), "".into()],
                vec!["2".into(), "นายข".into(), "-".into()],
            ],
        };
        let c = t.columns();
        assert_eq!(c[0], Col::Order);
        assert_eq!(c[1], Col::Text);
        assert_eq!(c[2], Col::Number);
        assert_eq!(c[3], Col::Text);
    }

    #[test]
    fn widths() {
        let text = [false, true, true, false];
        // the wants fit: the room left goes to the column with longer cells
        assert_eq!(
            share_widths(
                &[500, 1000, 2000, 800],
                &[500, 1000, 6000, 800],
                &text,
                9300
            ),
            vec![500, 1000, 7000, 800]
        );
        // no longer cells: in proportion to the wants
        assert_eq!(
            share_widths(
                &[500, 1000, 2000, 800],
                &[500, 1000, 2000, 800],
                &text,
                9300
            ),
            vec![500, 2666, 5333, 800]
        );
        // too wide: the narrow text column keeps its width, the wide ones share the rest
        assert_eq!(
            share_widths(
                &[500, 1000, 8000, 16000],
                &[500, 1000, 8000, 16000],
                &[false, true, true, true],
                9500
            ),
            vec![500, 1000, 4000, 4000]
        );
        // no room at all
        assert_eq!(
            share_widths(&[5000, 5000], &[5000, 5000], &[false, false], 9000),
            vec![4500, 4500]
        );
    }

    #[test]
    fn heading_and_date() {
        let n = Notice {
            agency: "องค์การบริหารส่วนตำบลกระโทก".into(),
            kind: "ประกาศ".into(),
            title: "โครงสร้างส่วนราชการ".into(),
            date: NaiveDate::from_ymd_opt(2023, 1, 15),
            ..Default::default()
        };
        assert_eq!(
            n.heading(true),
            vec![
                "ประกาศองค์การบริหารส่วนตำบลกระโทก".to_string(),
                "เรื่อง โครงสร้างส่วนราชการ".to_string()
            ]
        );
        assert_eq!(
            n.date_line(true).as_deref(),
            Some("ประกาศ ณ วันที่ ๑๕ มกราคม พ.ศ.\u{a0}๒๕๖๖")
        );
        assert_eq!(
            n.date_line(false).as_deref(),
            Some("ประกาศ ณ วันที่ 15 มกราคม พ.ศ.\u{a0}2566")
        );
        let r = Notice {
            kind: "รายงาน".into(),
            ..n
        };
        assert_eq!(r.heading(false).len(), 3);
        assert!(r.date_line(false).unwrap().starts_with("วันที่ 15"));
    }
}

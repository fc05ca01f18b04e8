//! Open data as XLSX: one or more sheets, each a few title lines above a table whose header
//! row is bold and frozen, numbers stored as numbers (so they add up in Excel), text wrapped.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

/// A cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<u64> for Cell {
    fn from(n: u64) -> Self {
        Cell::Number(n as f64)
    }
}
impl From<Option<f64>> for Cell {
    fn from(n: Option<f64>) -> Self {
        n.filter(|x| x.is_finite())
            .map_or(Cell::Empty, Cell::Number)
    }
}

/// One sheet: title lines, then the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The tab's name (cut to Excel's 31 characters, `[]:*?/\` replaced).
    pub name: String,
    /// Lines above the table (the report's title, period, agency).
    pub title: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty, unique
/// within the workbook (a number is added to a repeated name).
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(28)
        .collect();
    let clean = clean.trim_matches('\'').trim().to_string();
    let base = if clean.is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let mut out = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&out)) {
        out = format!("{base} {n}");
        n += 1;
    }
    out
}

/// The workbook of `sheets`.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#E8EEF4");
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new()
        .set_num_format("#,##0.##")
        .set_align(FormatAlign::Top);
    let mut names = Vec::new();
    for s in sheets {
        let name = sheet_name(&s.name, &names);
        names.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let mut r = 0u32;
        for line in &s.title {
            ws.write_string_with_format(r, 0, line, &title)?;
            r += 1;
        }
        if !s.title.is_empty() {
            r += 1;
        }
        for (c, h) in s.header.iter().enumerate() {
            // the first text column wide, the others as their header needs
            let width = if c == 0 || c == 1 && s.header.len() > 2 {
                14.0_f64.max(h.chars().count() as f64 * 1.2)
            } else {
                10.0_f64.max(h.chars().count() as f64 * 1.1)
            };
            ws.set_column_width(c as u16, width.min(60.0))?;
            ws.write_string_with_format(r, c as u16, h, &head)?;
        }
        let header_row = r;
        for row in &s.rows {
            r += 1;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(t) => ws.write_string_with_format(r, c as u16, t, &text)?,
                    Cell::Number(n) => ws.write_number_with_format(r, c as u16, *n, &number)?,
                    Cell::Empty => ws,
                };
            }
        }
        // text columns as wide as their longest line (up to a limit)
        for c in 0..s.header.len() {
            let longest = s
                .rows
                .iter()
                .filter_map(|row| match row.get(c) {
                    Some(Cell::Text(t)) => t.lines().map(|l| l.chars().count()).max(),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            if longest > 0 {
                ws.set_column_width(c as u16, (longest as f64 * 1.1).clamp(10.0, 60.0))?;
            }
        }
        ws.set_freeze_panes(header_row + 1, 0)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = Vec::new();
        for n in ["ตามงานบริการ", "ตามงานบริการ", "a/b:c", "", &"x".repeat(40)]
        {
            let name = sheet_name(n, &taken);
            assert!(name.chars().count() <= 31, "{name}");
            assert!(!name.contains(['/', ':']), "{name}");
            assert!(!taken.contains(&name), "{name}");
            taken.push(name);
        }
        assert_eq!(taken[1], "ตามงานบริการ 2");
    }

    #[test]
    fn workbook_is_a_zip_with_the_text_and_numbers() {
        let bytes = workbook(&[Sheet {
            name: "สถิติ".into(),
            title: vec!["สถิติการให้บริการ".into()],
            header: vec!["งาน".into(), "จำนวน".into()],
            rows: vec![
                vec!["แจ้งซ่อมไฟฟ้า".into(), Cell::from(12u64)],
                vec!["รถน้ำ".into(), Cell::from(None)],
            ],
        }])
        .unwrap();
        assert!(bytes.starts_with(b"PK"));
        // the shared strings and the sheet hold the text and the number
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut strings = String::new();
        std::io::Read::read_to_string(
            &mut z.by_name("xl/sharedStrings.xml").unwrap(),
            &mut strings,
        )
        .unwrap();
        assert!(strings.contains("แจ้งซ่อมไฟฟ้า"));
        let mut sheet = String::new();
        std::io::Read::read_to_string(
            &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut sheet,
        )
        .unwrap();
        assert!(sheet.contains("<v>12</v>"), "{sheet}");
    }
}

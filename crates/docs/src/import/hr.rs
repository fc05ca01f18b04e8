//! Importing training records (การพัฒนาบุคลากร) of one fiscal year from a CSV or XLSX file
//! (CSV in UTF-8, UTF-16 or Windows-874; XLSX, its first worksheet).
//!
//! One column per field, named in Thai or English ([`HEADER_TH`], [`HEADER_EN`]; case, spaces
//! and `_-./()*` ignored), the header among the first rows (title lines above it are skipped);
//! unknown columns are ignored. Each data row becomes a [`Training`] of the year and is checked
//! with [`Training::check`]: the whole file is accepted, or every problem is returned as a
//! [`RowError`] with its row and column (never a partial list). It never panics.
//!
//! Cells: dates as `15/3/2566`, `15 มี.ค. 2566`, ISO or spreadsheet dates; hours as `6` or `3.5`;
//! the cost as amounts are typed (empty: none); the unit by its name in the agency; the ethics
//! column `ใช่`/`มี`/`yes`/`1`/`✓` or `ไม่ใช่`/`ไม่มี`/`no`/`0`/empty.
//!
//! Limits: [`MAX_FILE_BYTES`], [`MAX_ROWS`] data rows.

use prongsai_domain::calendar::{parse_date, FiscalYear};
use prongsai_domain::hr::{Hours, Training};
use prongsai_domain::procurement::Money;
use prongsai_domain::InputError;

use super::table::{Cell, RawRow};
use super::{decode, table, Format, RowError};

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most data rows a file may hold.
pub const MAX_ROWS: usize = 2_000;
/// How many rows from the top the header may be preceded by.
const HEADER_SEARCH_ROWS: usize = 20;

/// The columns in Thai, in the order of a template.
pub const HEADER_TH: [&str; 10] = [
    "ชื่อ-สกุล",
    "ตำแหน่ง",
    "กอง/งาน",
    "หลักสูตร",
    "หน่วยงานผู้จัด",
    "วันเริ่ม",
    "วันสิ้นสุด",
    "ชั่วโมง",
    "ค่าใช้จ่าย",
    "คุณธรรม จริยธรรม",
];
/// The same columns in English.
pub const HEADER_EN: [&str; 10] = [
    "person",
    "position",
    "unit",
    "course",
    "organiser",
    "start",
    "end",
    "hours",
    "cost",
    "ethics",
];
/// Other names read for a column (by index of [`HEADER_EN`]).
const ALIASES: [&[&str]; 10] = [
    &["ชื่อ", "ชื่อสกุล", "name"],
    &[],
    &["หน่วยงาน", "กอง", "งาน"],
    &["course"],
    &["ผู้จัด", "organizer"],
    &["วันเริ่มอบรม", "วันที่เริ่ม", "startdate", "from"],
    &["วันสิ้นสุดการอบรม", "วันที่สิ้นสุด", "enddate", "to"],
    &["จำนวนชั่วโมง"],
    &["ค่าใช้จ่ายบาท", "costbaht"],
    &["มีเนื้อหาด้านคุณธรรมจริยธรรม", "จริยธรรม", "ethicscontent"],
];
/// The columns every file must have (by index of [`HEADER_EN`]).
const REQUIRED: [usize; 6] = [0, 3, 4, 5, 6, 7];

/// One imported row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTraining {
    /// 1-based row of the file.
    pub line: usize,
    pub training: Training,
}

fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"_-./()*:".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn column_of(name: &str) -> Option<usize> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    (0..HEADER_EN.len()).find(|&i| {
        key(HEADER_TH[i]) == k || key(HEADER_EN[i]) == k || ALIASES[i].iter().any(|a| key(a) == k)
    })
}

fn text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.trim().to_owned(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => format!("{n}"),
        Cell::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Cell::Date(iso) => iso.get(..10).unwrap_or(iso).to_owned(),
        Cell::Error(e) => e.clone(),
    }
}

fn ethics(s: &str) -> Option<bool> {
    match key(s).as_str() {
        "" | "ไม่ใช่" | "ไม่มี" | "no" | "n" | "0" | "false" | "-" => {
            Some(false)
        }
        "ใช่" | "มี" | "yes" | "y" | "1" | "true" | "✓" | "x" | "/" => Some(true),
        _ => None,
    }
}

/// Read the training records of `year` from a file. `units` are the agency's units (id, name):
/// a unit is named in the file as the agency names it.
pub fn parse_trainings(
    bytes: &[u8],
    format: Format,
    year: FiscalYear,
    units: &[(i64, String)],
) -> Result<Vec<ImportedTraining>, Vec<RowError>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![RowError::new(
            0,
            None,
            format!("ไฟล์ใหญ่เกิน {} MB", MAX_FILE_BYTES / 1024 / 1024),
            format!(
                "The file is larger than {} MB",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        )]);
    }
    let rows: Vec<RawRow> = match format {
        Format::Csv => {
            let t = decode::decode(bytes).map_err(|e| vec![e])?;
            table::read_csv(&t)
        }
        Format::Xlsx => table::read_xlsx(bytes),
    }
    .map_err(|e| vec![e])?;
    // the header: the first row naming at least three known columns
    let Some(h) = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| r.cells.iter().filter_map(|c| column_of(&text(c))).count() >= 3)
    else {
        return Err(vec![RowError::new(
            rows.first().map_or(1, |r| r.line),
            None,
            format!(
                "ไม่พบแถวหัวตาราง: ต้องมีคอลัมน์ {}",
                REQUIRED.map(|i| HEADER_TH[i]).join(", ")
            ),
            format!(
                "No header row found: the columns {} are needed",
                REQUIRED.map(|i| HEADER_EN[i]).join(", ")
            ),
        )]);
    };
    let header = &rows[h];
    let mut at: [Option<usize>; 10] = [None; 10];
    let mut names: [String; 10] = Default::default();
    for (j, c) in header.cells.iter().enumerate() {
        let name = text(c);
        if let Some(i) = column_of(&name) {
            if at[i].is_none() {
                at[i] = Some(j);
                names[i] = name;
            }
        }
    }
    let missing: Vec<RowError> = REQUIRED
        .iter()
        .filter(|&&i| at[i].is_none())
        .map(|&i| {
            RowError::new(
                header.line,
                Some(HEADER_EN[i]),
                format!("ไม่มีคอลัมน์ \"{}\"", HEADER_TH[i]),
                format!("The column \"{}\" is missing", HEADER_EN[i]),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let data: Vec<&RawRow> = rows[h + 1..]
        .iter()
        .filter(|r| !r.cells.iter().all(Cell::is_blank))
        .collect();
    if data.len() > MAX_ROWS {
        return Err(vec![RowError::new(
            0,
            None,
            format!("ไฟล์มีเกิน {MAX_ROWS} แถว"),
            format!("The file has more than {MAX_ROWS} rows"),
        )]);
    }
    let mut out = Vec::with_capacity(data.len());
    let mut errors = Vec::new();
    for r in data {
        let cell = |i: usize| {
            at[i]
                .and_then(|j| r.cells.get(j))
                .map(text)
                .unwrap_or_default()
        };
        let col = |i: usize| {
            if names[i].is_empty() {
                HEADER_EN[i].to_owned()
            } else {
                names[i].clone()
            }
        };
        let mut row_errors: Vec<(usize, InputError)> = Vec::new();
        let unit_name = cell(2);
        let unit_id = if unit_name.is_empty() {
            None
        } else {
            match units.iter().find(|(_, n)| key(n) == key(&unit_name)) {
                Some((id, _)) => Some(*id),
                None => {
                    row_errors.push((
                        2,
                        InputError::new(
                            "unit",
                            format!("ไม่พบกอง/งาน \"{unit_name}\" ในหน่วยงาน"),
                            format!("The unit \"{unit_name}\" is not one of the agency's"),
                        ),
                    ));
                    None
                }
            }
        };
        let mut day = |i: usize, field: &'static str| match parse_date(&cell(i)) {
            Ok(d) => d,
            Err(e) => {
                row_errors.push((i, e.to_input_error(field)));
                year.start()
            }
        };
        let start = day(5, "start");
        let end = day(6, "end");
        let hours = Hours::parse("hours", &cell(7)).unwrap_or_else(|e| {
            row_errors.push((7, e));
            Hours(1)
        });
        let cost = Money::parse_optional("cost", &cell(8))
            .unwrap_or_else(|e| {
                row_errors.push((8, e));
                None
            })
            .unwrap_or(Money::ZERO);
        let ethics = ethics(&cell(9)).unwrap_or_else(|| {
            row_errors.push((
                9,
                InputError::new(
                    "ethics",
                    "ช่องคุณธรรม จริยธรรม ให้ใส่ ใช่ หรือ ไม่ใช่",
                    "The ethics column takes yes or no",
                ),
            ));
            false
        });
        let t = Training {
            fiscal_year: year,
            person: cell(0),
            position: cell(1),
            unit_id,
            course: cell(3),
            organiser: cell(4),
            start,
            end,
            hours,
            cost,
            ethics,
        };
        match t.check() {
            Ok(t) if row_errors.is_empty() => out.push(ImportedTraining {
                line: r.line,
                training: t,
            }),
            Ok(_) => {}
            Err(found) => {
                for e in found {
                    let i = HEADER_EN.iter().position(|n| *n == e.field).unwrap_or(0);
                    if !row_errors.iter().any(|(j, _)| *j == i) {
                        row_errors.push((i, e));
                    }
                }
            }
        }
        errors.extend(
            row_errors
                .into_iter()
                .map(|(i, e)| RowError::new(r.line, Some(&col(i)), e.th, e.en)),
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// An empty file of the columns, in Thai (UTF-8 with a byte-order mark, for Excel).
pub fn template_csv() -> String {
    format!("\u{feff}{}\r\n", HEADER_TH.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy() -> FiscalYear {
        FiscalYear::new(2566).unwrap()
    }
    fn units() -> Vec<(i64, String)> {
        vec![(7, "สำนักปลัด".into()), (8, "กองคลัง".into())]
    }

    #[test]
    fn a_good_file_is_read() {
        let csv = "รายงานการพัฒนาบุคลากร\n\
                   ชื่อ-สกุล,ตำแหน่ง,กอง/งาน,หลักสูตร,หน่วยงานผู้จัด,วันเริ่ม,วันสิ้นสุด,ชั่วโมง,ค่าใช้จ่าย,คุณธรรม จริยธรรม,หมายเหตุ\n\
                   นายสมชาย ใจดี,ปลัด,สำนักปลัด,จริยธรรม,สถาบัน,9/1/2566,10/1/2566,12,\"1,500\",ใช่,x\n\
                   ,,,,,,,,,\n\
                   นางสาวมาลี,,กองคลัง,บัญชี,กรมบัญชีกลาง,2023-02-01,2023-02-01,๓.๕,,ไม่ใช่,\n";
        let rows = parse_trainings(csv.as_bytes(), Format::Csv, fy(), &units()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].training.unit_id, Some(7));
        assert_eq!(rows[0].training.hours, Hours(120));
        assert_eq!(rows[0].training.cost.satang(), 150_000);
        assert!(rows[0].training.ethics);
        assert_eq!(rows[1].training.hours, Hours(35));
        assert!(!rows[1].training.ethics);
        // English names work too
        let en = "person,course,organiser,start,end,hours\nA,B,C,1/3/2566,1/3/2566,6\n";
        assert_eq!(
            parse_trainings(en.as_bytes(), Format::Csv, fy(), &[])
                .unwrap()
                .len(),
            1
        );
    }

    /// Dates typed as spreadsheet dates (not text) are read as dates.
    #[test]
    fn xlsx_date_cells_are_dates() {
        use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (i, h) in ["person", "course", "organiser", "start", "end", "hours"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, i as u16, *h).unwrap();
        }
        let date = XFormat::new().set_num_format("dd/mm/yyyy");
        ws.write_string(1, 0, "นายสมชาย ใจดี").unwrap();
        ws.write_string(1, 1, "จริยธรรม").unwrap();
        ws.write_string(1, 2, "สถาบันพระปกเกล้า").unwrap();
        for col in [3, 4] {
            ws.write_datetime_with_format(
                1,
                col,
                ExcelDateTime::from_ymd(2023, 3, 15).unwrap(),
                &date,
            )
            .unwrap();
        }
        ws.write_number(1, 5, 6).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let rows = parse_trainings(&bytes, Format::Xlsx, fy(), &[]).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2023, 3, 15).unwrap();
        assert_eq!((rows[0].training.start, rows[0].training.end), (day, day));
    }

    #[test]
    fn every_problem_is_named_and_nothing_is_kept() {
        let csv = "person,unit,course,organiser,start,end,hours,ethics\n\
                   A,กองช่าง,B,C,1/3/2566,1/3/2566,6,\n\
                   A,,B,C,1/3/2566,1/3/2566,100,\n\
                   A,,B,C,1/10/2566,1/10/2566,-3,maybe\n\
                   A,,B,C,1/3/2566,1/3/2566,6,\n";
        let errors = parse_trainings(csv.as_bytes(), Format::Csv, fy(), &units()).unwrap_err();
        let lines: Vec<(usize, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            lines,
            [
                (2, "unit"),
                (3, "hours"),
                (4, "hours"),
                (4, "ethics"),
                (4, "start"),
                (4, "end")
            ]
        );
        assert!(errors[1].th.contains("เกินจริง"));
        let no_header = parse_trainings(b"a,b\n1,2\n", Format::Csv, fy(), &[]).unwrap_err();
        assert!(no_header[0].th.contains("หัวตาราง"));
        let missing =
            parse_trainings(b"person,course,organiser\n", Format::Csv, fy(), &[]).unwrap_err();
        assert_eq!(missing.len(), 3);
        // garbage never panics
        assert!(parse_trainings(&[0xff, 0xfe, 0, 1, 2], Format::Xlsx, fy(), &[]).is_err());
        assert!(template_csv().contains("ชื่อ-สกุล,ตำแหน่ง"));
    }
}

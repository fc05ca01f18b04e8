//! Score import: formats, encodings, every refusal with its line, column and both languages,
//! all-or-nothing, and no panic on any input.

use prongsai_docs::import::{
    parse_scores, Format, RowError, ScoreKind, ScoreRow, CSV_HEADER, MAX_REMARK_CHARS,
};
use prongsai_domain::framework::{load_str, Framework};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Workbook};

/// A small FY 2565 framework: indicators 1 (IIT), 8 (EIT), 9 and 10 (OIT); items O1, O2, O12;
/// questions E12 and I3.
const FIXTURE: &str = r#"
schema = 1
fiscal_year = 2565
title_th = "ITA 2565"
status = "partial"

[scoring]
pass_mark = 85.0
oit_method = "share_of_yes"

[[grades]]
code = "A"
label_th = "A"
min_total = 85.0

[[grades]]
code = "F"
label_th = "F"
min_total = 0.0

[[tools]]
code = "IIT"
name_th = "ภายใน"
name_en = "internal"
weight = 30.0

[[tools]]
code = "EIT"
name_th = "ภายนอก"
name_en = "external"
weight = 30.0

[[tools]]
code = "OIT"
name_th = "เปิดเผย"
name_en = "open data"
weight = 40.0

[[indicators]]
number = 1
tool = "IIT"
name_th = "การปฏิบัติหน้าที่"

[[indicators]]
number = 8
tool = "EIT"
name_th = "การปรับปรุงการทำงาน"

[[indicators]]
number = 9
tool = "OIT"
name_th = "การเปิดเผยข้อมูล"
weight = 22.0

[[indicators]]
number = 10
tool = "OIT"
name_th = "การป้องกันการทุจริต"
weight = 18.0

[[sub_indicators]]
code = "9.1"
indicator = 9
name_th = "ข้อมูลพื้นฐาน"

[[items]]
code = "O1"
sub_indicator = "9.1"
title_th = "โครงสร้าง"
cadence = "once"
data_year = "any"

[[items]]
code = "O2"
sub_indicator = "9.1"
title_th = "ข้อมูลผู้บริหาร"
cadence = "once"
data_year = "any"

[[items]]
code = "O12"
sub_indicator = "9.1"
title_th = "รายงานผล"
cadence = "yearly"
data_year = "current"

[[questions]]
code = "E12"
tool = "EIT"
indicator = 8
text_th = "ปรับปรุงดีขึ้นมากน้อยเพียงใด"

[[questions]]
code = "I3"
tool = "IIT"
indicator = 1
text_th = "ปฏิบัติงานอย่างเท่าเทียมมากน้อยเพียงใด"
"#;

fn fw() -> Framework {
    load_str("2565.toml", FIXTURE).expect("fixture loads")
}

fn csv(src: &str) -> Result<Vec<ScoreRow>, Vec<RowError>> {
    parse_scores(src.as_bytes(), Format::Csv, &fw())
}

fn ok(src: &str) -> Vec<ScoreRow> {
    match csv(src) {
        Ok(rows) => rows,
        Err(e) => panic!("expected rows, got {e:#?}"),
    }
}

/// The file must be refused with exactly one error; check it is bilingual.
fn one_error(src: &str) -> RowError {
    let e = csv(src).expect_err("must be refused");
    assert_eq!(e.len(), 1, "{e:#?}");
    let e = e.into_iter().next().unwrap();
    bilingual(&e);
    e
}

fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

fn bilingual(e: &RowError) {
    assert!(e.th.chars().any(is_thai), "Thai message: {e:?}");
    assert!(
        e.en.split_whitespace().count() >= 3 && e.en.chars().any(|c| c.is_ascii_alphabetic()),
        "English message: {e:?}"
    );
    assert!(e.line >= 1);
}

fn at(e: &RowError, line: usize, column: Option<&str>) {
    assert_eq!(
        (e.line, e.column.as_deref()),
        (line, column),
        "where: {e:#?}"
    );
}

fn row(
    line: usize,
    kind: ScoreKind,
    code: &str,
    score: Option<f64>,
    answer: Option<bool>,
) -> ScoreRow {
    ScoreRow {
        line,
        kind,
        code: code.into(),
        score,
        answer,
        remark: None,
    }
}

// ---------------------------------------------------------------- good files

#[test]
fn good_csv_with_english_header() {
    let src = "kind,code,score,answer,remark\n\
               indicator,9,85.5,,\n\
               question,E12,72,,\n\
               item,O1,,มี,\"แผนผัง, ปรับปรุง\nม.ค. 2565\"\n\
               item,O2,100,no,\n\
               question,I3,0,,\n";
    assert_eq!(CSV_HEADER, "kind,code,score,answer,remark");
    let rows = ok(src);
    assert_eq!(
        rows,
        vec![
            row(2, ScoreKind::Indicator, "9", Some(85.5), None),
            row(3, ScoreKind::Question, "E12", Some(72.0), None),
            ScoreRow {
                remark: Some("แผนผัง, ปรับปรุง\nม.ค. 2565".into()),
                ..row(4, ScoreKind::Item, "O1", None, Some(true))
            },
            // a line break inside a quoted cell does not shift the rows after it
            row(5, ScoreKind::Item, "O2", Some(100.0), Some(false)),
            row(6, ScoreKind::Question, "I3", Some(0.0), None),
        ]
    );
}

#[test]
fn thai_header_thai_digits_and_bom() {
    let src = "\u{feff}ประเภท,รหัส,คะแนน,คำตอบ,หมายเหตุ\r\n\
               ตัวชี้วัด,ตัวชี้วัดที่ ๙,๘๕.๕,,\r\n\
               ตัวชี้วัด,ตัวชี้วัดที่10, 90 ,,\r\n\
               ตัวชี้วัด,๘,๗๐.๕๐,,\r\n\
               คำถาม,e๑๒,๗๒,,\r\n\
               ข้อ,O ๑,,มี,  มีแผนผัง  \r\n\
               ข้อ,o๒,,ไม่มี,\r\n";
    let rows = ok(src);
    assert_eq!(
        rows,
        vec![
            row(2, ScoreKind::Indicator, "9", Some(85.5), None),
            row(3, ScoreKind::Indicator, "10", Some(90.0), None),
            row(4, ScoreKind::Indicator, "8", Some(70.5), None),
            row(5, ScoreKind::Question, "E12", Some(72.0), None),
            ScoreRow {
                remark: Some("มีแผนผัง".into()),
                ..row(6, ScoreKind::Item, "O1", None, Some(true))
            },
            row(7, ScoreKind::Item, "O2", None, Some(false)),
        ]
    );
}

#[test]
fn columns_in_any_order_any_case_and_optional_ones_absent() {
    let rows = ok(" Answer ,CODE,\tKind\nyes,O12,ITEM\nn,O1,Oit\n");
    assert_eq!(
        rows,
        vec![
            row(2, ScoreKind::Item, "O12", None, Some(true)),
            row(3, ScoreKind::Item, "O1", None, Some(false)),
        ]
    );
}

#[test]
fn every_accepted_answer() {
    for (text, want) in [
        ("มี", true),
        ("ไม่มี", false),
        ("YES", true),
        ("No", false),
        ("y", true),
        ("N", false),
        ("1", true),
        ("0", false),
        ("๑", true),
        ("True", true),
        ("FALSE", false),
        ("✓", true),
        ("✗", false),
    ] {
        let rows = ok(&format!("kind,code,answer\nitem,O1,{text}\n"));
        assert_eq!(rows[0].answer, Some(want), "{text}");
    }
}

#[test]
fn every_accepted_score_spelling() {
    for (text, want) in [
        ("85.5", 85.5),
        ("85.50", 85.5),
        (" 85.5 ", 85.5),
        ("๘๕.๕", 85.5),
        ("0", 0.0),
        ("100", 100.0),
        ("100.00", 100.0),
        ("\"  7 \"", 7.0),
    ] {
        let rows = ok(&format!("kind,code,score\nindicator,9,{text}\n"));
        assert_eq!(rows[0].score, Some(want), "{text}");
    }
}

#[test]
fn items_may_have_a_score() {
    let rows = ok("kind,code,score,answer\nitem,O1,50,มี\n");
    assert_eq!(rows[0].score, Some(50.0));
}

#[test]
fn empty_lines_and_empty_rows_are_skipped_but_counted() {
    let src = "\nkind,code,score,answer,remark\n\nindicator,9,80,,\n,,,,\n   \nitem,O1,,y,\n\n";
    let rows = ok(src);
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![4, 7]);
}

#[test]
fn old_mac_line_endings() {
    let rows = ok("kind,code,score\rindicator,9,80\r\rindicator,10,70\r");
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 4]);
}

#[test]
fn windows_874_bytes() {
    let text = "ประเภท,รหัส,คะแนน,คำตอบ,หมายเหตุ\r\nตัวชี้วัด,๙,85.5,,\r\nข้อ,O1,,มี,แผนผังโครงสร้าง\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let rows = parse_scores(&bytes, Format::Csv, &fw()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].code, "9");
    assert_eq!(rows[1].remark.as_deref(), Some("แผนผังโครงสร้าง"));
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if little_endian {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

#[test]
fn utf16_with_bom_both_byte_orders_and_tabs() {
    let text = "ประเภท,รหัส,คะแนน,คำตอบ,หมายเหตุ\r\nคำถาม,E12,๗๒,,\"ดี, มาก\"\r\n";
    for le in [true, false] {
        let rows = parse_scores(&utf16(text, le), Format::Csv, &fw()).unwrap();
        assert_eq!(rows[0].code, "E12");
        assert_eq!(rows[0].score, Some(72.0));
        assert_eq!(rows[0].remark.as_deref(), Some("ดี, มาก"));
    }
    // Excel's "Unicode text": UTF-16 LE, tab-separated
    let tabbed = "kind\tcode\tscore\tanswer\tremark\r\nitem\tO1\t\tมี\tมี, ครบ\r\n";
    let rows = parse_scores(&utf16(tabbed, true), Format::Csv, &fw()).unwrap();
    assert_eq!(rows[0].answer, Some(true));
    assert_eq!(rows[0].remark.as_deref(), Some("มี, ครบ"));
}

#[test]
fn broken_encodings_are_refused() {
    // UTF-8 BOM then invalid bytes on line 2
    let mut bytes = b"\xEF\xBB\xBFkind,code,score\nindicator,9,8".to_vec();
    bytes.push(0xFF);
    let e = parse_scores(&bytes, Format::Csv, &fw()).unwrap_err();
    assert_eq!(e.len(), 1);
    at(&e[0], 2, None);
    bilingual(&e[0]);
    assert!(e[0].en.contains("UTF-8"));
    // UTF-16 with an odd number of bytes
    let mut bytes = utf16("kind,code\nitem,O1\n", true);
    bytes.push(b'x');
    let e = parse_scores(&bytes, Format::Csv, &fw()).unwrap_err();
    assert_eq!(e.len(), 1);
    bilingual(&e[0]);
    // neither UTF-8 nor Windows-874 (0xFC–0xFF are not Windows-874 characters)
    let e = parse_scores(b"kind,code\n\xFC\xFD\xFE\n", Format::Csv, &fw()).unwrap_err();
    assert_eq!(e.len(), 1);
    at(&e[0], 2, None);
    assert!(e[0].en.contains("Windows-874"));
}

// ---------------------------------------------------------------- XLSX

enum X<'a> {
    S(&'a str),
    N(f64),
    B(bool),
    D,
    E,
}

fn xlsx(first_row: u32, rows: &[Vec<X<'_>>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (r, cells) in rows.iter().enumerate() {
        let r = first_row + r as u32;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                X::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                X::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                X::B(b) => {
                    ws.write_boolean(r, c, *b).unwrap();
                }
                X::D => {
                    let d = ExcelDateTime::from_ymd(2022, 3, 31).unwrap();
                    ws.write_datetime_with_format(r, c, &d, &date_format)
                        .unwrap();
                }
                X::E => {}
            }
        }
    }
    // a second sheet that must be ignored
    wb.add_worksheet().write_string(0, 0, "ignored").unwrap();
    wb.save_to_buffer().unwrap()
}

fn header() -> Vec<X<'static>> {
    ["kind", "code", "score", "answer", "remark"]
        .into_iter()
        .map(X::S)
        .collect()
}

#[test]
fn xlsx_good_file() {
    use X::*;
    let bytes = xlsx(
        0,
        &[
            header(),
            vec![S("indicator"), N(9.0), N(85.5), E, E],
            vec![S("ตัวชี้วัด"), S("ตัวชี้วัดที่ ๑๐"), S("๙๐"), E, E],
            vec![S("question"), S("E12"), N(72.0), E, S("ดี")],
            vec![S("item"), S("O1"), E, B(true), N(3.0)],
            vec![S("item"), S("O2"), E, N(0.0), E],
            vec![E, E, E, E, E],
            vec![S("item"), S("O12"), E, S("ไม่มี"), E],
        ],
    );
    let rows = parse_scores(&bytes, Format::Xlsx, &fw()).unwrap();
    assert_eq!(
        rows,
        vec![
            row(2, ScoreKind::Indicator, "9", Some(85.5), None),
            row(3, ScoreKind::Indicator, "10", Some(90.0), None),
            ScoreRow {
                remark: Some("ดี".into()),
                ..row(4, ScoreKind::Question, "E12", Some(72.0), None)
            },
            ScoreRow {
                remark: Some("3".into()),
                ..row(5, ScoreKind::Item, "O1", None, Some(true))
            },
            row(6, ScoreKind::Item, "O2", None, Some(false)),
            row(8, ScoreKind::Item, "O12", None, Some(false)),
        ]
    );
}

#[test]
fn xlsx_lines_are_sheet_rows_when_the_table_starts_lower() {
    use X::*;
    let bytes = xlsx(
        2,
        &[
            vec![S("รหัส"), S("ประเภท"), S("คะแนน")],
            vec![S("9"), S("ตัวชี้วัด"), S("abc")],
        ],
    );
    let e = parse_scores(&bytes, Format::Xlsx, &fw()).unwrap_err();
    assert_eq!(e.len(), 1, "{e:#?}");
    at(&e[0], 4, Some("คะแนน"));
}

#[test]
fn xlsx_bad_cells() {
    use X::*;
    let bytes = xlsx(
        0,
        &[
            header(),
            vec![S("indicator"), N(9.0), D, E, E],
            vec![S("indicator"), N(10.0), B(true), E, E],
            vec![S("item"), S("O1"), E, N(2.0), E],
            vec![S("question"), S("E12"), N(101.0), E, E],
            vec![S("item"), S("O2"), E, B(false), D],
        ],
    );
    let e = parse_scores(&bytes, Format::Xlsx, &fw()).unwrap_err();
    for x in &e {
        bilingual(x);
    }
    let where_: Vec<(usize, Option<&str>)> =
        e.iter().map(|x| (x.line, x.column.as_deref())).collect();
    assert_eq!(
        where_,
        vec![
            (2, Some("score")),
            (3, Some("score")),
            (4, Some("answer")),
            (5, Some("score")),
            (6, Some("remark")),
        ],
        "{e:#?}"
    );
    assert!(e[0].en.contains("date") && e[0].th.contains("วันที่"));
    assert!(e[1].en.contains("TRUE"));
    assert!(e[3].en.contains("101"));
}

#[test]
fn wrong_format_is_a_clear_error() {
    let bytes = xlsx(0, &[header()]);
    let e = parse_scores(&bytes, Format::Csv, &fw()).unwrap_err();
    assert_eq!(e.len(), 1);
    bilingual(&e[0]);
    assert!(e[0].en.contains("XLSX"));
    let e = parse_scores(b"kind,code\nitem,O1\n", Format::Xlsx, &fw()).unwrap_err();
    assert_eq!(e.len(), 1);
    bilingual(&e[0]);
    assert!(e[0].en.contains("CSV"), "{e:?}");
}

#[test]
fn format_from_file_name() {
    assert_eq!(Format::from_file_name("คะแนน 2565.CSV"), Some(Format::Csv));
    assert_eq!(Format::from_file_name("scores.xlsx"), Some(Format::Xlsx));
    assert_eq!(Format::from_file_name("scores.xls"), None);
    assert_eq!(Format::from_file_name("scores"), None);
}

// ---------------------------------------------------------------- header errors

#[test]
fn unknown_column_is_named() {
    let e = one_error("kind,code,score,grade\nindicator,9,80,A\n");
    at(&e, 1, Some("grade"));
    assert!(e.en.contains("grade") && e.th.contains("grade"));
    assert!(e.en.contains("unknown column"));
}

#[test]
fn several_unknown_columns_each_named() {
    let e = csv("kind,code,foo,bar\nindicator,9,,\n").unwrap_err();
    let cols: Vec<_> = e.iter().map(|x| x.column.clone()).collect();
    assert_eq!(cols, vec![Some("foo".into()), Some("bar".into())]);
}

#[test]
fn missing_kind_or_code_is_one_header_error() {
    let e = one_error("score,answer\n80,\n");
    at(&e, 1, None);
    assert!(e.en.contains("kind") && e.en.contains("code"));
    assert!(e.th.contains("ประเภท") && e.th.contains("รหัส"));
    // a file without its header: the first data row is read as the header
    let e = csv("indicator,9,80,,\nitem,O1,,มี,\n").unwrap_err();
    assert!(e.iter().all(|x| x.line == 1), "{e:#?}");
    assert!(e
        .iter()
        .any(|x| x.column.is_none() && x.en.contains("header")));
}

#[test]
fn a_column_given_twice_is_refused() {
    let e = one_error("kind,code,score,คะแนน\nindicator,9,80,80\n");
    at(&e, 1, Some("คะแนน"));
    assert!(e.en.contains("twice"));
}

#[test]
fn unnamed_columns_must_stay_empty() {
    // Excel often leaves a trailing empty column
    assert_eq!(ok("kind,code,score,\nindicator,9,80,\n").len(), 1);
    let e = one_error("kind,code,score,\nindicator,9,80,x\n");
    at(&e, 2, Some("#4"));
}

#[test]
fn empty_files_and_header_only() {
    for src in ["", "\n\n", " , ,\n", "\u{feff}"] {
        let e = one_error(src);
        at(&e, 1, None);
        assert!(e.en.contains("empty"), "{e:?}");
    }
    let e = one_error("\nkind,code,score\n\n");
    at(&e, 2, None);
    assert!(e.en.contains("no data rows"));
}

// ---------------------------------------------------------------- row errors

const H: &str = "kind,code,score,answer,remark\n";

fn bad_row(data: &str) -> RowError {
    // a good row first, so the bad one is on line 3
    one_error(&format!("{H}indicator,10,75,,\n{data}\n"))
}

#[test]
fn unknown_or_missing_kind() {
    let e = bad_row("grade,9,80,,");
    at(&e, 3, Some("kind"));
    assert!(e.en.contains("\"grade\""));
    let e = bad_row(",9,80,,");
    at(&e, 3, Some("kind"));
    assert!(e.en.contains("required"));
}

#[test]
fn malformed_codes() {
    for (row, word) in [
        ("indicator,O1,80,,", "indicator"),
        ("indicator,ตัวชี้วัด 9.1,80,,", "indicator"),
        ("item,E12,,มี,", "item"),
        ("item,O-1,,มี,", "item"),
        ("question,O1,80,,", "question"),
        ("question,12,80,,", "question"),
        ("indicator,99999999999999,80,,", "indicator"),
    ] {
        let e = bad_row(row);
        at(&e, 3, Some("code"));
        assert!(
            e.en.starts_with(&format!("invalid {word} code")),
            "{row}: {e:?}"
        );
    }
    let e = bad_row("item,,,มี,");
    at(&e, 3, Some("code"));
    assert!(e.en.contains("required"));
}

#[test]
fn codes_unknown_to_the_framework() {
    for (row, th, en) in [
        (
            "indicator,๗,80,,",
            "ไม่มีตัวชี้วัดนี้ในกรอบการประเมินปี 2565",
            "indicator 7 is not in",
        ),
        (
            "item,o๙๙,,มี,",
            "ไม่มีข้อนี้ในกรอบการประเมินปี 2565",
            "item O99 is not in",
        ),
        (
            "question,e13,80,,",
            "ไม่มีคำถามนี้ในกรอบการประเมินปี 2565",
            "question E13 is not in",
        ),
    ] {
        let e = bad_row(row);
        at(&e, 3, Some("code"));
        assert!(e.th.starts_with(th), "{e:?}");
        assert!(e.en.starts_with(en) && e.en.contains("2565"), "{e:?}");
    }
}

#[test]
fn score_errors() {
    for (value, en) in [
        ("\"85,5\"", "comma"),
        ("100.5", "outside 0–100"),
        ("-1", "outside 0–100"),
        ("NaN", "must be a number"),
        ("inf", "must be a number"),
        ("1e2", "must be a number"),
        ("abc", "must be a number"),
        ("85.5.1", "must be a number"),
        ("85%", "must be a number"),
        ("", "required"),
    ] {
        let e = bad_row(&format!("indicator,9,{value},,"));
        at(&e, 3, Some("score"));
        assert!(e.en.contains(en), "{value}: {e:?}");
    }
    let e = bad_row("question,I3,,,");
    at(&e, 3, Some("score"));
    // an item's score is optional, but checked when given
    let e = bad_row("item,O1,x,มี,");
    at(&e, 3, Some("score"));
}

#[test]
fn comma_score_message_says_why() {
    let e = bad_row("indicator,9,\"85,5\",,");
    assert!(
        e.th.contains("จุดทศนิยม") && e.en.contains("ambiguous"),
        "{e:?}"
    );
}

#[test]
fn answer_errors() {
    let e = bad_row("item,O1,,,");
    at(&e, 3, Some("answer"));
    assert!(e.en.contains("needs an answer"));
    let e = bad_row("item,O1,,maybe,");
    at(&e, 3, Some("answer"));
    assert!(e.en.contains("\"maybe\""));
    let e = bad_row("indicator,9,80,มี,");
    at(&e, 3, Some("answer"));
    assert!(e.en.contains("only"));
    let e = bad_row("question,E12,80,no,");
    at(&e, 3, Some("answer"));
}

#[test]
fn remark_length() {
    let max = "ก".repeat(MAX_REMARK_CHARS);
    let rows = ok(&format!("{H}item,O1,,มี,  {max}  \n"));
    assert_eq!(rows[0].remark.as_deref(), Some(max.as_str()));
    let e = bad_row(&format!("item,O1,,มี,{max}ข"));
    at(&e, 3, Some("remark"));
    assert!(e.en.contains("2001") && e.th.contains("2000"));
}

#[test]
fn duplicates_name_the_first_line() {
    let e = one_error(&format!(
        "{H}item,O1,,มี,\nindicator,9,80,,\nitem,o ๑,,ไม่มี,\n"
    ));
    at(&e, 4, Some("code"));
    assert!(e.en.contains("line 2") && e.th.contains("แถวที่ 2"), "{e:?}");
    // the same code under another kind is not a duplicate
    assert_eq!(
        ok(&format!("{H}indicator,9,80,,\nตัวชี้วัด,10,80,,\n")).len(),
        2
    );
    // a third occurrence names the first line too
    let e = csv(&format!(
        "{H}indicator,9,1,,\nindicator,๙,2,,\nindicator,ตัวชี้วัดที่ 9,3,,\n"
    ))
    .unwrap_err();
    assert_eq!(e.len(), 2);
    assert!(e.iter().all(|x| x.en.contains("line 2")));
    assert_eq!(e[1].line, 4);
}

#[test]
fn ragged_rows() {
    let e = bad_row("indicator,9,80");
    at(&e, 3, None);
    assert!(e.en.contains("3 cells") && e.en.contains("header has 5"));
    let e = bad_row("indicator,9,80,,,x");
    at(&e, 3, None);
}

#[test]
fn the_columns_are_named_as_in_the_file() {
    let e = one_error("ประเภท,รหัส,คะแนน\nตัวชี้วัด,9,๑๐๑\n");
    at(&e, 2, Some("คะแนน"));
    assert!(e.th.contains("101") || e.th.contains("๑๐๑"));
}

#[test]
fn lines_after_multiline_cells() {
    let e = one_error(&format!(
        "{H}item,O1,,มี,\"บรรทัด 1\nบรรทัด 2\nบรรทัด 3\"\nindicator,9,x,,\n"
    ));
    at(&e, 3, Some("score"));
}

#[test]
fn all_or_nothing() {
    let mut src = String::from(H);
    for code in ["O1", "O2", "O12"] {
        src.push_str(&format!("item,{code},,มี,\n"));
    }
    src.push_str("indicator,9,85.5,,\n");
    src.push_str("indicator,10,1000,,\n"); // line 6: the only bad row
    src.push_str("question,E12,70,,\nquestion,I3,80,,\n");
    let e = csv(&src).unwrap_err();
    assert_eq!(e.len(), 1, "{e:#?}");
    at(&e[0], 6, Some("score"));
    assert!(e[0].en.contains("1000"));
}

#[test]
fn every_error_of_every_row_is_reported() {
    let src = format!(
        "{H}indicator,9,80,,\nitem,O1,abc,maybe,\nindicator,9,70,,\nquestion,X1,,,\nitem,O2,,มี,\n"
    );
    let e = csv(&src).unwrap_err();
    let where_: Vec<(usize, Option<&str>)> =
        e.iter().map(|x| (x.line, x.column.as_deref())).collect();
    assert_eq!(
        where_,
        vec![
            (3, Some("score")),
            (3, Some("answer")),
            (4, Some("code")),
            (5, Some("code")),
            (5, Some("score")),
        ],
        "{e:#?}"
    );
    for x in &e {
        bilingual(x);
    }
}

#[test]
fn display_and_thai_display() {
    let e = bad_row("indicator,9,abc,,");
    assert_eq!(
        e.to_string(),
        "line 3 (score): the score must be a number from 0 to 100, not \"abc\""
    );
    assert!(e
        .to_string_th()
        .starts_with("แถวที่ 3 (score): คะแนนต้องเป็นตัวเลข"));
    let e = bad_row("indicator,9");
    assert!(e.to_string().starts_with("line 3: this row has 2 cells"));
}

// ---------------------------------------------------------------- never panic

/// xorshift64*: deterministic random bytes without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = (self.next() as usize) % (max + 1);
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn random_bytes_never_panic() {
    let fw = fw();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..3000 {
        let mut bytes = rng.bytes(300);
        // now and then, make it look like something
        let prefix: &[u8] = match i % 5 {
            1 => b"\xEF\xBB\xBF",
            2 => b"\xFF\xFE",
            3 => b"kind,code,score,answer,remark\n",
            4 => b"PK\x03\x04",
            _ => b"",
        };
        bytes.splice(0..0, prefix.iter().copied());
        for format in [Format::Csv, Format::Xlsx] {
            if let Err(e) = parse_scores(&bytes, format, &fw) {
                assert!(!e.is_empty());
            }
        }
    }
}

#[test]
fn damaged_xlsx_never_panics() {
    use X::*;
    let fw = fw();
    let good = xlsx(
        0,
        &[
            header(),
            vec![S("indicator"), N(9.0), N(85.5), E, E],
            vec![S("item"), S("O1"), E, B(true), S("ดี")],
        ],
    );
    assert!(parse_scores(&good, Format::Xlsx, &fw).is_ok());
    let mut rng = Rng(42);
    for _ in 0..300 {
        let mut bytes = good.clone();
        for _ in 0..1 + rng.next() % 8 {
            let i = (rng.next() as usize) % bytes.len();
            bytes[i] = rng.next() as u8;
        }
        if rng.next() & 3 == 0 {
            bytes.truncate((rng.next() as usize) % bytes.len());
        }
        let _ = parse_scores(&bytes, Format::Xlsx, &fw);
    }
}

fn csvish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(",".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\"".to_owned()),
        Just("\t".to_owned()),
        Just("kind,code,score,answer,remark\n".to_owned()),
        Just("ประเภท,รหัส,คะแนน,คำตอบ,หมายเหตุ\n".to_owned()),
        Just("indicator".to_owned()),
        Just("item".to_owned()),
        Just("question".to_owned()),
        Just("ตัวชี้วัดที่ ".to_owned()),
        Just("O".to_owned()),
        Just("E".to_owned()),
        Just("มี".to_owned()),
        Just("๙".to_owned()),
        Just("\u{feff}".to_owned()),
        "[0-9.,+-]{1,6}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_give_rows_or_errors(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let fw = fw();
        for format in [Format::Csv, Format::Xlsx] {
            match parse_scores(&bytes, format, &fw) {
                Ok(rows) => prop_assert!(!rows.is_empty()),
                Err(e) => prop_assert!(!e.is_empty()),
            }
        }
    }

    #[test]
    fn csv_like_text_gives_rows_or_errors(text in csvish()) {
        let fw = fw();
        match parse_scores(text.as_bytes(), Format::Csv, &fw) {
            Ok(rows) => {
                prop_assert!(!rows.is_empty());
                for r in rows {
                    prop_assert!(r.score.is_none_or(|s| (0.0..=100.0).contains(&s)));
                    prop_assert_eq!(r.answer.is_some(), r.kind == ScoreKind::Item);
                }
            }
            Err(e) => {
                for x in e {
                    prop_assert!(x.line >= 1 && !x.th.is_empty() && !x.en.is_empty());
                }
            }
        }
    }
}

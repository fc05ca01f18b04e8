//! Rows of cells → score rows, checked against the framework; every problem becomes a
//! [`RowError`].

use std::collections::{HashMap, HashSet};

use prongsai_domain::assessment::{check_score_value, read_score, ScoreProblem};
use prongsai_domain::calendar::to_ascii_digits;
use prongsai_domain::framework::Framework;

use super::table::{Cell, RawRow};
use super::{RowError, ScoreKind, ScoreRow, CSV_HEADER, CSV_HEADER_TH, MAX_REMARK_CHARS};

/// The known columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Kind,
    Code,
    Score,
    Answer,
    Remark,
}

impl Col {
    const ALL: [Col; 5] = [
        Self::Kind,
        Self::Code,
        Self::Score,
        Self::Answer,
        Self::Remark,
    ];
    fn en(self) -> &'static str {
        match self {
            Self::Kind => "kind",
            Self::Code => "code",
            Self::Score => "score",
            Self::Answer => "answer",
            Self::Remark => "remark",
        }
    }
    fn th(self) -> &'static str {
        match self {
            Self::Kind => "ประเภท",
            Self::Code => "รหัส",
            Self::Score => "คะแนน",
            Self::Answer => "คำตอบ",
            Self::Remark => "หมายเหตุ",
        }
    }
    fn index(self) -> usize {
        self as usize
    }
    /// A header name (already trimmed) → column; case-insensitive.
    fn parse(name: &str) -> Option<Self> {
        let lower = name.to_lowercase();
        Self::ALL
            .into_iter()
            .find(|c| lower == c.en() || lower == c.th())
    }
}

/// Trim white space, zero-width spaces (common in Thai text) and stray byte-order marks.
fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}')
}

/// A value quoted for a message: at most 40 characters.
fn shown(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{s}\"")
    }
}

fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A cell that cannot hold the value expected.
fn cell_problem(cell: &Cell, line: usize, column: &str) -> Option<RowError> {
    match cell {
        Cell::Date(iso) => {
            let v = if iso.is_empty() {
                String::new()
            } else {
                format!(" ({iso})")
            };
            Some(RowError::new(
                line,
                Some(column),
                format!("ช่องนี้เป็นวันที่หรือเวลา{v}: ใส่เป็นตัวเลขหรือข้อความแทน"),
                format!("this cell holds a date or time{v}: enter a number or text instead"),
            ))
        }
        Cell::Error(e) => Some(RowError::new(
            line,
            Some(column),
            format!("ช่องนี้มีค่าผิดพลาดของ Excel ({e})"),
            format!("this cell holds an Excel error ({e})"),
        )),
        _ => None,
    }
}

/// The cell as text, trimmed; `None` when blank. Dates and error cells are refused.
fn text_of(cell: &Cell, line: usize, column: &str) -> Result<Option<String>, RowError> {
    if let Some(e) = cell_problem(cell, line, column) {
        return Err(e);
    }
    Ok(match cell {
        Cell::Text(s) => {
            let s = clean(s);
            (!s.is_empty()).then(|| s.to_owned())
        }
        Cell::Number(f) => Some(number_text(*f)),
        Cell::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        Cell::Empty | Cell::Date(_) | Cell::Error(_) => None,
    })
}

struct Header {
    line: usize,
    width: usize,
    /// For each [`Col`]: its position and its name as written.
    cols: [Option<(usize, String)>; 5],
    /// Positions of columns with an empty header cell.
    unnamed: Vec<usize>,
}

impl Header {
    fn parse(row: &RawRow) -> Result<Self, Vec<RowError>> {
        let line = row.line;
        let mut errors = Vec::new();
        let mut cols: [Option<(usize, String)>; 5] = Default::default();
        let mut unnamed = Vec::new();
        for (i, cell) in row.cells.iter().enumerate() {
            let name = match text_of(cell, line, &format!("#{}", i + 1)) {
                Ok(Some(n)) => n,
                Ok(None) => {
                    unnamed.push(i);
                    continue;
                }
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            match Col::parse(&name) {
                None => errors.push(RowError::new(
                    line,
                    Some(&name),
                    format!(
                        "ไม่รู้จักคอลัมน์ {}: ใช้ได้เฉพาะ {CSV_HEADER_TH} (หรือ {CSV_HEADER})",
                        shown(&name)
                    ),
                    format!(
                        "unknown column {}: the columns are {CSV_HEADER} (or in Thai {CSV_HEADER_TH})",
                        shown(&name)
                    ),
                )),
                Some(col) => match &cols[col.index()] {
                    Some((_, first)) => errors.push(RowError::new(
                        line,
                        Some(&name),
                        format!(
                            "คอลัมน์{}ซ้ำ: มีทั้ง {} และ {}",
                            col.th(),
                            shown(first),
                            shown(&name)
                        ),
                        format!(
                            "column {} appears twice: {} and {}",
                            col.en(),
                            shown(first),
                            shown(&name)
                        ),
                    )),
                    None => cols[col.index()] = Some((i, name)),
                },
            }
        }
        let missing: Vec<Col> = [Col::Kind, Col::Code]
            .into_iter()
            .filter(|c| cols[c.index()].is_none())
            .collect();
        if !missing.is_empty() {
            let list_th = missing
                .iter()
                .map(|c| format!("{} ({})", c.th(), c.en()))
                .collect::<Vec<_>>()
                .join(", ");
            let list_en = missing
                .iter()
                .map(|c| format!("{} ({})", c.en(), c.th()))
                .collect::<Vec<_>>()
                .join(", ");
            errors.push(RowError::new(
                line,
                None,
                format!(
                    "หัวตารางไม่มีคอลัมน์ที่จำเป็น: {list_th}. แถวแรกต้องเป็นหัวตาราง เช่น {CSV_HEADER_TH} หรือ {CSV_HEADER}"
                ),
                format!(
                    "the header lacks the required column(s) {list_en}. The first row must be the header, e.g. {CSV_HEADER} or {CSV_HEADER_TH}"
                ),
            ));
        }
        if errors.is_empty() {
            Ok(Self {
                line,
                width: row.cells.len(),
                cols,
                unnamed,
            })
        } else {
            Err(errors)
        }
    }

    /// The column's name as written in the header, or its English name when absent.
    fn name(&self, col: Col) -> &str {
        self.cols[col.index()]
            .as_ref()
            .map_or(col.en(), |(_, n)| n.as_str())
    }

    fn cell<'a>(&self, row: &'a RawRow, col: Col) -> &'a Cell {
        const EMPTY: &Cell = &Cell::Empty;
        self.cols[col.index()]
            .as_ref()
            .and_then(|(i, _)| row.cells.get(*i))
            .unwrap_or(EMPTY)
    }
}

/// The framework's codes, for quick lookups.
struct Codes<'a> {
    be: i32,
    indicators: HashSet<u32>,
    items: HashSet<&'a str>,
    questions: HashSet<&'a str>,
}

impl<'a> Codes<'a> {
    fn new(fw: &'a Framework) -> Self {
        Self {
            be: fw.fiscal_year.be(),
            indicators: fw.indicators.iter().map(|i| i.number).collect(),
            items: fw.items.iter().map(|i| i.code.as_str()).collect(),
            questions: fw.questions.iter().map(|q| q.code.as_str()).collect(),
        }
    }
    fn contains(&self, kind: ScoreKind, code: &str) -> bool {
        match kind {
            ScoreKind::Indicator => code
                .parse::<u32>()
                .is_ok_and(|n| self.indicators.contains(&n)),
            ScoreKind::Item => self.items.contains(code),
            ScoreKind::Question => self.questions.contains(code),
        }
    }
}

fn parse_kind(s: &str) -> Option<ScoreKind> {
    match s.to_lowercase().as_str() {
        "indicator" | "ตัวชี้วัด" => Some(ScoreKind::Indicator),
        "item" | "oit" | "ข้อ" => Some(ScoreKind::Item),
        "question" | "คำถาม" => Some(ScoreKind::Question),
        _ => None,
    }
}

/// A run of ASCII digits → number.
fn number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A code as written → canonical code ("9", "O1", "E12"); `None` when malformed.
pub(crate) fn canonical_code(kind: ScoreKind, raw: &str) -> Option<String> {
    let s = to_ascii_digits(clean(raw));
    match kind {
        ScoreKind::Indicator => {
            let rest = s
                .strip_prefix("ตัวชี้วัดที่")
                .or_else(|| s.strip_prefix("ตัวชี้วัด"))
                .unwrap_or(&s);
            number(clean(rest)).map(|n| n.to_string())
        }
        ScoreKind::Item | ScoreKind::Question => {
            let mut chars = s.chars();
            let letter = chars.next()?.to_ascii_uppercase();
            let ok = match kind {
                ScoreKind::Item => letter == 'O',
                _ => letter == 'E' || letter == 'I',
            };
            if !ok {
                return None;
            }
            number(clean(chars.as_str())).map(|n| format!("{letter}{n}"))
        }
    }
}

/// The message for a malformed code: (Thai, English).
fn malformed_code(kind: ScoreKind, v: &str) -> (String, String) {
    match kind {
        ScoreKind::Indicator => (
            format!("รหัสตัวชี้วัดไม่ถูกต้อง {v}: ใช้เลขตัวชี้วัด เช่น 9, ๙ หรือ ตัวชี้วัดที่ 9"),
            format!(
                "invalid indicator code {v}: write the indicator's number, e.g. 9, ๙ or ตัวชี้วัดที่ 9"
            ),
        ),
        ScoreKind::Item => (
            format!("รหัสข้อไม่ถูกต้อง {v}: ใช้ตัว O ตามด้วยเลขข้อ เช่น O1 หรือ O๑"),
            format!("invalid item code {v}: write O and the item's number, e.g. O1"),
        ),
        ScoreKind::Question => (
            format!("รหัสคำถามไม่ถูกต้อง {v}: ใช้ตัว E หรือ I ตามด้วยเลขข้อ เช่น E12 หรือ I3"),
            format!(
                "invalid question code {v}: write E or I and the question's number, e.g. E12 or I3"
            ),
        ),
    }
}

/// How a code is shown in messages: (Thai, English).
fn code_label(kind: ScoreKind, code: &str) -> (String, String) {
    match kind {
        ScoreKind::Indicator => (format!("ตัวชี้วัดที่ {code}"), format!("indicator {code}")),
        ScoreKind::Item => (format!("ข้อ {code}"), format!("item {code}")),
        ScoreKind::Question => (format!("คำถาม {code}"), format!("question {code}")),
    }
}

/// A text cell's score, by the one rule of `prongsai_domain::assessment`.
fn parse_score(raw: &str) -> Result<f64, ScoreProblem> {
    read_score(clean(raw))?.ok_or(ScoreProblem::NotNumber)
}

fn parse_answer(s: &str) -> Option<bool> {
    match to_ascii_digits(s).to_lowercase().as_str() {
        "มี" | "yes" | "y" | "1" | "true" | "✓" | "✔" => Some(true),
        "ไม่มี" | "no" | "n" | "0" | "false" | "✗" | "✘" => Some(false),
        _ => None,
    }
}

/// Check one data row: push its errors, return its (kind, code) when both are valid and the
/// row when it has no error.
fn check_row(
    row: &RawRow,
    header: &Header,
    codes: &Codes<'_>,
    errors: &mut Vec<RowError>,
) -> (Option<(ScoreKind, String)>, Option<ScoreRow>) {
    let line = row.line;
    let before = errors.len();
    if row.cells.len() != header.width {
        errors.push(RowError::new(
            line,
            None,
            format!(
                "แถวนี้มี {} ช่อง แต่หัวตารางมี {} ช่อง: ตรวจเครื่องหมายจุลภาค (,) และเครื่องหมายคำพูด (\")",
                row.cells.len(),
                header.width
            ),
            format!(
                "this row has {} cells but the header has {}: check the commas and quotes",
                row.cells.len(),
                header.width
            ),
        ));
        return (None, None);
    }
    for &i in &header.unnamed {
        if row.cells.get(i).is_some_and(|c| !c.is_blank()) {
            let n = i + 1;
            errors.push(RowError::new(
                line,
                Some(&format!("#{n}")),
                format!("มีข้อมูลในคอลัมน์ที่ {n} ซึ่งไม่มีชื่อในหัวตาราง: ลบข้อมูลนั้นหรือใส่ชื่อคอลัมน์"),
                format!(
                    "column {n} has no name in the header but this row has a value in it: remove the value or name the column"
                ),
            ));
        }
    }

    // kind
    let kind_col = header.name(Col::Kind);
    let kind = match text_of(header.cell(row, Col::Kind), line, kind_col) {
        Err(e) => {
            errors.push(e);
            None
        }
        Ok(None) => {
            errors.push(RowError::new(
                line,
                Some(kind_col),
                "ต้องระบุประเภท: ตัวชี้วัด, ข้อ หรือ คำถาม",
                "the kind is required: indicator, item or question",
            ));
            None
        }
        Ok(Some(s)) => {
            let k = parse_kind(&s);
            if k.is_none() {
                errors.push(RowError::new(
                    line,
                    Some(kind_col),
                    format!("ไม่รู้จักประเภท {}: ใช้ ตัวชี้วัด, ข้อ (oit) หรือ คำถาม", shown(&s)),
                    format!(
                        "unknown kind {}: use indicator, item (or oit) or question",
                        shown(&s)
                    ),
                ));
            }
            k
        }
    };

    // code
    let code_col = header.name(Col::Code);
    let code = match text_of(header.cell(row, Col::Code), line, code_col) {
        Err(e) => {
            errors.push(e);
            None
        }
        Ok(None) => {
            let (th, en) = match kind {
                Some(k) => (
                    format!("ต้องระบุรหัส{}", k.label_th()),
                    format!("the {k} code is required"),
                ),
                None => ("ต้องระบุรหัส".to_owned(), "the code is required".to_owned()),
            };
            errors.push(RowError::new(line, Some(code_col), th, en));
            None
        }
        // Without a valid kind the code cannot be read.
        Ok(Some(s)) => kind.and_then(|kind| match canonical_code(kind, &s) {
            None => {
                let (th, en) = malformed_code(kind, &shown(&s));
                errors.push(RowError::new(line, Some(code_col), th, en));
                None
            }
            Some(code) if !codes.contains(kind, &code) => {
                let (label_th, label_en) = code_label(kind, &code);
                let be = codes.be;
                errors.push(RowError::new(
                    line,
                    Some(code_col),
                    format!("ไม่มี{}นี้ในกรอบการประเมินปี {be} ({label_th})", kind.label_th()),
                    format!(
                        "{label_en} is not in the assessment framework of fiscal year {be} (B.E.)"
                    ),
                ));
                None
            }
            Some(code) => Some(code),
        }),
    };

    // score
    let score_col = header.name(Col::Score);
    let score_cell = header.cell(row, Col::Score);
    let score_result = match score_cell {
        Cell::Empty => Ok(None),
        Cell::Text(s) if clean(s).is_empty() => Ok(None),
        Cell::Text(s) => parse_score(s).map(Some).map_err(|p| (p, shown(clean(s)))),
        Cell::Number(f) => check_score_value(*f)
            .map(Some)
            .map_err(|p| (p, number_text(*f))),
        Cell::Bool(b) => Err((
            ScoreProblem::NotNumber,
            if *b { "TRUE" } else { "FALSE" }.to_owned(),
        )),
        Cell::Date(_) | Cell::Error(_) => {
            errors.extend(cell_problem(score_cell, line, score_col));
            Ok(None)
        }
    };
    let score = match score_result {
        Ok(s) => s,
        Err((problem, v)) => {
            let (th, en) = match problem {
                ScoreProblem::Comma => (
                    format!(
                        "คะแนน {v} ใช้เครื่องหมายจุลภาค: ใช้จุดทศนิยม เช่น 85.5 (85,5 อ่านได้สองความหมาย)"
                    ),
                    format!(
                        "score {v} has a comma: use a decimal point, e.g. 85.5 (85,5 is ambiguous)"
                    ),
                ),
                ScoreProblem::NotNumber => (
                    format!("คะแนนต้องเป็นตัวเลข 0–100 แต่พบ {v}"),
                    format!("the score must be a number from 0 to 100, not {v}"),
                ),
                ScoreProblem::OutOfRange => (
                    format!("คะแนน {v} อยู่นอกช่วง 0–100"),
                    format!("score {v} is outside 0–100"),
                ),
            };
            errors.push(RowError::new(line, Some(score_col), th, en));
            None
        }
    };
    let score_blank = score_cell.is_blank();
    if score_blank && matches!(kind, Some(ScoreKind::Indicator | ScoreKind::Question)) {
        let k = kind.unwrap_or(ScoreKind::Indicator);
        errors.push(RowError::new(
            line,
            Some(score_col),
            format!("ต้องระบุคะแนน (0–100) ของ{}", k.label_th()),
            format!("a score (0–100) is required for this {k}"),
        ));
    }

    // answer
    let answer_col = header.name(Col::Answer);
    let answer_cell = header.cell(row, Col::Answer);
    let mut answer = None;
    match kind {
        Some(ScoreKind::Item) | None => {
            let parsed = match answer_cell {
                Cell::Empty => Ok(None),
                Cell::Text(s) if clean(s).is_empty() => Ok(None),
                Cell::Text(s) => parse_answer(clean(s))
                    .map(Some)
                    .ok_or_else(|| shown(clean(s))),
                Cell::Number(f) if *f == 1.0 => Ok(Some(true)),
                Cell::Number(f) if *f == 0.0 => Ok(Some(false)),
                Cell::Number(f) => Err(number_text(*f)),
                Cell::Bool(b) => Ok(Some(*b)),
                Cell::Date(_) | Cell::Error(_) => {
                    errors.extend(cell_problem(answer_cell, line, answer_col));
                    Ok(None)
                }
            };
            match parsed {
                Ok(a) => answer = a,
                Err(v) => errors.push(RowError::new(
                    line,
                    Some(answer_col),
                    format!("ไม่รู้จักคำตอบ {v}: ใช้ มี/ไม่มี, yes/no, y/n, 1/0, true/false หรือ ✓/✗"),
                    format!("unknown answer {v}: use มี/ไม่มี, yes/no, y/n, 1/0, true/false or ✓/✗"),
                )),
            }
            if kind.is_some() && answer_cell.is_blank() {
                errors.push(RowError::new(
                    line,
                    Some(answer_col),
                    "ต้องระบุคำตอบของข้อ: มี หรือ ไม่มี",
                    "an item needs an answer: yes (มี) or no (ไม่มี)",
                ));
            }
        }
        Some(k) => {
            if !answer_cell.is_blank() {
                errors.push(RowError::new(
                    line,
                    Some(answer_col),
                    format!("คำตอบใช้กับข้อ (OIT) เท่านั้น: เว้นว่างไว้สำหรับ{}", k.label_th()),
                    format!("answers are for OIT items only: leave it empty for this {k}"),
                ));
            }
        }
    }

    // remark
    let remark_col = header.name(Col::Remark);
    let remark = match text_of(header.cell(row, Col::Remark), line, remark_col) {
        Err(e) => {
            errors.push(e);
            None
        }
        Ok(r) => {
            let n = r.as_deref().map_or(0, |s| s.chars().count());
            if n > MAX_REMARK_CHARS {
                errors.push(RowError::new(
                    line,
                    Some(remark_col),
                    format!("หมายเหตุยาว {n} ตัวอักษร เกินกำหนด {MAX_REMARK_CHARS} ตัวอักษร"),
                    format!(
                        "the remark has {n} characters, more than the {MAX_REMARK_CHARS} allowed"
                    ),
                ));
            }
            r
        }
    };

    let key = kind.zip(code);
    let row = match (&key, errors.len() == before) {
        (Some((kind, code)), true) => Some(ScoreRow {
            line,
            kind: *kind,
            code: code.clone(),
            score,
            answer,
            remark,
        }),
        _ => None,
    };
    (key, row)
}

/// Validate a table: all rows or all errors.
pub(crate) fn validate(
    rows: Vec<RawRow>,
    framework: &Framework,
) -> Result<Vec<ScoreRow>, Vec<RowError>> {
    let mut rows = rows
        .into_iter()
        .filter(|r| !r.cells.iter().all(Cell::is_blank));
    let Some(header_row) = rows.next() else {
        return Err(vec![RowError::new(
            1,
            None,
            format!("ไฟล์ว่าง: ต้องมีแถวหัวตาราง ({CSV_HEADER_TH} หรือ {CSV_HEADER}) และข้อมูลอย่างน้อยหนึ่งแถว"),
            format!("the file is empty: it needs a header row ({CSV_HEADER} or {CSV_HEADER_TH}) and at least one data row"),
        )]);
    };
    let header = Header::parse(&header_row)?;
    let codes = Codes::new(framework);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut first_seen: HashMap<(ScoreKind, String), usize> = HashMap::new();
    for row in rows {
        let (key, parsed) = check_row(&row, &header, &codes, &mut errors);
        if let Some(key) = key {
            if let Some(&first) = first_seen.get(&key) {
                let (label_th, label_en) = code_label(key.0, &key.1);
                errors.push(RowError::new(
                    row.line,
                    Some(header.name(Col::Code)),
                    format!("ซ้ำกับแถวที่ {first}: {label_th} ระบุได้เพียงแถวเดียว"),
                    format!("duplicate: {label_en} is already on line {first}"),
                ));
                continue;
            }
            first_seen.insert(key, row.line);
        }
        if let Some(parsed) = parsed {
            out.push(parsed);
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(RowError::new(
            header.line,
            None,
            "ไม่มีข้อมูลคะแนน: ไฟล์มีแต่แถวหัวตาราง",
            "no data rows: the file has only the header",
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

//! Import of an existing measures report (O42/O43) saved as DOCX: the twin of
//! [`report_text`](super::report_text), reading `word/document.xml` instead of tab-separated
//! lines, so that the report an agency keeps in Word (or one Prongsai printed) comes in without
//! retyping.
//!
//! - Paragraphs outside the tables before the header are the title block and the introduction
//!   (short lines first, then the long ones), as in the text import; a line break (`w:br`)
//!   makes a new line.
//! - Every row of every top-level table is read; header rows ("ประเด็นที่ต้องปรับปรุง…" in the
//!   first cell) may repeat. A data row has 5 columns once merged cells are resolved: a cell
//!   spanning columns (`w:gridSpan`) counts as its span and holds its text in its first column,
//!   a continued vertically merged cell (`w:vMerge`) is empty. Each cell's paragraphs and line
//!   breaks go through [`cell_from_paragraphs`], the numbered lines ("๑.", "1.") split.
//! - Text boxes and drawings are ignored, so are tracked deletions and field codes.
//! - **Line numbers** in errors and warnings are table rows, counted from 1 across the
//!   document (header rows included), as Word shows them; text outside a table carries the
//!   number of the row it follows.
//!
//! The file is untrusted: at most [`MAX_BYTES`], `word/document.xml` at most [`MAX_XML_BYTES`]
//! (counted while decompressing, whatever the zip header claims) and compressed at most
//! [`MAX_RATIO`]:1; a cell is at most [`MAX_CELL_CHARS`] characters, and longer text is counted,
//! not kept. Whatever the bytes, the answer is a preview or errors, never a panic.

use std::io::{Cursor, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;
use zip::read::ZipFile;
use zip::result::ZipError;
use zip::ZipArchive;

use super::report_text::{
    cell_from_paragraphs, is_header_cell, PreviewBuilder, ReportPreview, MAX_BYTES, MAX_CELL_CHARS,
};
use super::RowError;

/// Largest accepted `word/document.xml`, uncompressed.
pub const MAX_XML_BYTES: usize = 30 * 1024 * 1024;
/// Highest accepted compression ratio of `word/document.xml` (a zip bomb is far above it).
pub const MAX_RATIO: u64 = 200;

/// The start of an OLE compound file: a Word 97–2003 `.doc`, or an encrypted `.docx`.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";

/// WordprocessingML, transitional and strict.
pub(crate) const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];

fn file_error(th: impl Into<String>, en: impl Into<String>) -> Vec<RowError> {
    vec![RowError::new(1, None, th, en)]
}

/// Whether the bytes are a zip file (what a DOCX is).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Whether the bytes are an OLE compound file (a legacy `.doc`).
pub(crate) fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC)
}

/// Parse a report saved as DOCX.
pub fn parse_report_docx(bytes: &[u8]) -> Result<ReportPreview, Vec<RowError>> {
    // zip and XML parsers read untrusted bytes: a panic in them must not take the server down.
    catch_unwind(AssertUnwindSafe(|| {
        let xml = document_xml(bytes)?;
        read_document(&xml)
    }))
    .unwrap_or_else(|_| Err(damaged()))
}

fn damaged() -> Vec<RowError> {
    file_error(
        "ไฟล์ DOCX เสียหายหรือไม่ครบ (อาจถูกตัด): โปรดบันทึกไฟล์ใหม่จาก Word",
        "the DOCX file is damaged or incomplete (truncated?): save it again from Word",
    )
}

fn too_large(what_th: &str, what_en: &str, limit: usize) -> Vec<RowError> {
    let mb = limit / (1024 * 1024);
    file_error(
        format!("{what_th}ใหญ่เกิน {mb} MB"),
        format!("{what_en} is larger than {mb} MB"),
    )
}

fn bomb() -> Vec<RowError> {
    file_error(
        format!("ไฟล์ DOCX ถูกบีบอัดผิดปกติ (เกิน {MAX_RATIO} เท่า): ไม่นำเข้า"),
        format!("the DOCX file is compressed abnormally (over {MAX_RATIO}:1): not imported"),
    )
}

/// `word/document.xml`, checked against the size and ratio limits.
fn document_xml(bytes: &[u8]) -> Result<Vec<u8>, Vec<RowError>> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large("ไฟล์", "the file", MAX_BYTES));
    }
    if is_ole(bytes) {
        return Err(file_error(
            "ไฟล์ .doc รุ่นเก่า โปรดบันทึกเป็น .docx (ไฟล์ .docx ที่ตั้งรหัสผ่านไว้ก็เป็นแบบนี้: โปรดเอารหัสผ่านออกก่อน)",
            "this is a legacy .doc file: save it as .docx (a password-protected .docx looks the same: remove the password first)",
        ));
    }
    if !is_zip(bytes) {
        return Err(file_error("ไฟล์นี้ไม่ใช่ไฟล์ DOCX", "this is not a DOCX file"));
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let xlsx = zip.index_for_name("xl/workbook.xml").is_some();
    let mut entry = match zip.by_name("word/document.xml") {
        Ok(f) => f,
        Err(ZipError::FileNotFound) if xlsx => {
            return Err(file_error(
                "ไฟล์นี้เป็นไฟล์ Excel (XLSX) ไม่ใช่ไฟล์ DOCX",
                "this is an Excel (XLSX) file, not a DOCX file",
            ))
        }
        Err(ZipError::FileNotFound) => {
            return Err(file_error(
                "ไฟล์นี้ไม่ใช่ไฟล์ DOCX (ไม่มี word/document.xml)",
                "this is not a DOCX file (no word/document.xml)",
            ))
        }
        Err(_) => return Err(damaged()),
    };
    let mut xml = Vec::new();
    match read_entry(&mut entry, MAX_XML_BYTES as u64, &mut xml) {
        Ok(_) => Ok(xml),
        Err(EntryError::Damaged) => Err(damaged()),
        Err(EntryError::TooLarge) => Err(too_large("เนื้อหาเอกสาร", "the document", MAX_XML_BYTES)),
        Err(EntryError::Bomb) => Err(bomb()),
    }
}

/// Why a zip entry was not read by [`read_entry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryError {
    /// The zip or its compressed data is damaged.
    Damaged,
    /// Larger than allowed once decompressed.
    TooLarge,
    /// Compressed more than [`MAX_RATIO`]:1.
    Bomb,
}

/// Decompress one zip entry into `out`: at most `max` bytes and compressed at most
/// [`MAX_RATIO`]:1, checked on the header's sizes first, then on the bytes that really
/// decompress (the header may lie). Returns the number of bytes written.
pub(crate) fn read_entry<R: Read + ?Sized>(
    entry: &mut ZipFile<'_, R>,
    max: u64,
    out: &mut impl Write,
) -> Result<u64, EntryError> {
    let compressed = entry.compressed_size().max(1);
    if entry.size() > max {
        return Err(EntryError::TooLarge);
    }
    if entry.size() / compressed > MAX_RATIO {
        return Err(EntryError::Bomb);
    }
    let n = std::io::copy(&mut entry.take(max + 1), out).map_err(|_| EntryError::Damaged)?;
    if n > max {
        return Err(EntryError::TooLarge);
    }
    if n / compressed > MAX_RATIO {
        return Err(EntryError::Bomb);
    }
    Ok(n)
}

/// Text being collected: a body paragraph, or a cell. Past [`MAX_CELL_CHARS`] the text is only
/// counted.
#[derive(Default)]
struct Block {
    paragraphs: Vec<String>,
    current: String,
    chars: usize,
    too_long: bool,
}

impl Block {
    fn push(&mut self, s: &str) {
        if self.too_long {
            return;
        }
        self.chars += s.chars().count();
        if self.chars > MAX_CELL_CHARS {
            self.too_long = true;
            self.paragraphs = Vec::new();
            self.current = String::new();
        } else {
            self.current.push_str(s);
        }
    }
    /// The end of a paragraph or a line break.
    fn end_paragraph(&mut self) {
        let p = std::mem::take(&mut self.current);
        if !p.trim().is_empty() {
            self.paragraphs.push(p);
        }
    }
    fn has_text(&self) -> bool {
        !self.paragraphs.is_empty() || !self.current.trim().is_empty()
    }
}

struct Cell {
    text: Block,
    /// Grid columns the cell spans.
    span: usize,
    /// A continued vertical merge: empty.
    continued: bool,
}

#[derive(Default)]
struct Row {
    /// The first cells (a data row has at most five).
    cells: Vec<(usize, Cell)>,
    /// Grid columns so far, skipped ones (`w:gridBefore`) included.
    width: usize,
    /// Grid columns skipped at the end (`w:gridAfter`).
    after: usize,
    has_text: bool,
}

/// Reading `word/document.xml` event by event.
#[derive(Default)]
struct DocReader {
    b: PreviewBuilder,
    /// Depth of `w:tbl`: 1 in a top-level table, more in a nested one.
    tables: usize,
    /// Depth of `w:r`.
    runs: usize,
    in_text: bool,
    /// Depth inside an ignored element (drawing, text box); 0 when reading.
    skip: usize,
    /// Table rows so far.
    rows: usize,
    body: Option<Block>,
    row: Option<Row>,
    cell: Option<Cell>,
}

/// Grid columns named by a `w:val` attribute (`w:gridSpan`, `w:gridBefore`), within reason.
fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.into_owned())
}

fn columns(e: &BytesStart) -> usize {
    val(e)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 64)
}

impl DocReader {
    /// Where text goes now, if anywhere.
    fn target(&mut self) -> Option<&mut Block> {
        if self.tables == 0 {
            self.body.as_mut()
        } else {
            self.cell
                .as_mut()
                .filter(|c| !c.continued)
                .map(|c| &mut c.text)
        }
    }

    /// Text of a run (`w:t`).
    fn text(&mut self, s: &str) {
        if self.in_text {
            self.push(s);
        }
    }

    fn push(&mut self, s: &str) {
        if self.runs > 0 {
            if let Some(t) = self.target() {
                t.push(s);
            }
        }
    }

    fn line_break(&mut self) {
        if self.runs > 0 {
            if let Some(t) = self.target() {
                t.end_paragraph();
            }
        }
    }

    fn start(&mut self, name: &str, e: &BytesStart) {
        match name {
            "tbl" => self.tables += 1,
            "tr" if self.tables == 1 => {
                self.rows += 1;
                self.row = Some(Row::default());
            }
            "tc" if self.tables == 1 => {
                self.cell = Some(Cell {
                    text: Block::default(),
                    span: 1,
                    continued: false,
                });
            }
            "p" if self.tables == 0 => self.body = Some(Block::default()),
            "r" => self.runs += 1,
            "t" => self.in_text = true,
            _ => self.empty(name, e),
        }
    }

    /// An element without content, or the start of one whose content does not matter.
    fn empty(&mut self, name: &str, e: &BytesStart) {
        match name {
            "tab" => self.push(" "),
            "br" | "cr" => self.line_break(),
            _ if self.tables != 1 => {}
            "gridSpan" => {
                if let Some(c) = self.cell.as_mut() {
                    c.span = columns(e);
                }
            }
            "vMerge" => {
                if let Some(c) = self.cell.as_mut() {
                    c.continued = val(e).is_none_or(|v| v == "continue");
                }
            }
            "gridBefore" if self.cell.is_none() => {
                if let Some(r) = self.row.as_mut() {
                    r.width += columns(e);
                }
            }
            "gridAfter" if self.cell.is_none() => {
                if let Some(r) = self.row.as_mut() {
                    r.after = columns(e);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "tbl" => self.tables = self.tables.saturating_sub(1),
            "r" => self.runs = self.runs.saturating_sub(1),
            "t" => self.in_text = false,
            "p" if self.tables == 0 => {
                if let Some(mut p) = self.body.take() {
                    p.end_paragraph();
                    let line = self.rows.max(1);
                    if p.too_long {
                        self.b.too_long(line, None);
                    }
                    for t in &p.paragraphs {
                        self.b.text(line, t);
                    }
                }
            }
            "p" => self.line_break_in_cell(),
            "tc" if self.tables == 1 => self.end_cell(),
            "tr" if self.tables == 1 => self.end_row(),
            _ => {}
        }
    }

    fn line_break_in_cell(&mut self) {
        if let Some(c) = self.cell.as_mut() {
            c.text.end_paragraph();
        }
    }

    fn end_cell(&mut self) {
        let (Some(mut cell), Some(row)) = (self.cell.take(), self.row.as_mut()) else {
            return;
        };
        cell.text.end_paragraph();
        row.has_text |= cell.text.has_text() || cell.text.too_long;
        let at = row.width;
        row.width = row.width.saturating_add(cell.span);
        if row.cells.len() < 5 {
            row.cells.push((at, cell));
        }
    }

    fn end_row(&mut self) {
        let Some(row) = self.row.take() else {
            return;
        };
        let line = self.rows;
        if row
            .cells
            .first()
            .is_some_and(|(_, c)| is_header_cell(&c.text.paragraphs.concat()))
        {
            let width = row.width.saturating_add(row.after);
            if width == 4 || width == 5 {
                self.b.header(width);
                return;
            }
        }
        if let Some((at, _)) = row.cells.iter().find(|(_, c)| c.text.too_long) {
            self.b.too_long(line, Some(*at));
            return;
        }
        if !row.has_text {
            return;
        }
        let width = row.width.saturating_add(row.after);
        if width != self.b.columns() {
            self.b.wrong_columns(line, width);
            return;
        }
        let mut cells: [Vec<_>; 5] = Default::default();
        for (at, c) in &row.cells {
            cells[*at] = cell_from_paragraphs(&c.text.paragraphs);
        }
        self.b.row(line, cells);
    }
}

fn malformed(detail: impl std::fmt::Display) -> Vec<RowError> {
    file_error(
        format!("ไฟล์ DOCX เสียหาย: word/document.xml ไม่ใช่ XML ที่ถูกต้อง ({detail})"),
        format!("the DOCX file is damaged: word/document.xml is not valid XML ({detail})"),
    )
}

fn read_document(xml: &[u8]) -> Result<ReportPreview, Vec<RowError>> {
    let xml = std::str::from_utf8(xml).map_err(malformed)?;
    let mut reader = NsReader::from_str(xml.strip_prefix('\u{feff}').unwrap_or(xml));
    let mut d = DocReader::default();
    let mut depth = 0usize;
    loop {
        let at = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| malformed(format!("byte {at}: {e}")))?;
        let is_w = matches!(ns, ResolveResult::Bound(Namespace(n)) if W_NS.contains(&n));
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = e.local_name();
                let name = name.as_ref();
                if d.skip > 0 {
                    d.skip += 1;
                } else if is_w && matches!(name, "drawing" | "pict" | "object" | "txbxContent") {
                    d.skip = 1;
                } else if is_w {
                    d.start(name, &e);
                }
            }
            Event::Empty(e) => {
                let name = e.local_name();
                if d.skip == 0 && is_w {
                    d.empty(name.as_ref(), &e);
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = e.local_name();
                if d.skip > 0 {
                    d.skip -= 1;
                } else if is_w {
                    d.end(name.as_ref());
                }
            }
            Event::Text(t) if d.skip == 0 => d.text(&t.xml10_content()),
            Event::CData(t) if d.skip == 0 => d.text(&t.xml10_content()),
            Event::GeneralRef(r) if d.skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(malformed(format!("byte {at}: &{other};"))),
                    },
                    Err(e) => return Err(malformed(format!("byte {at}: {e}"))),
                };
                d.text(c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(malformed("the XML ends before its elements are closed"));
    }
    d.b.finish()
}

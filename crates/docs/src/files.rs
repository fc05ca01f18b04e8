//! Uploaded files: what a file really is, whether it may be published, and its text for
//! full-text search.
//!
//! Agencies upload documents (PDF, DOCX, XLSX) and images (PNG, JPEG, GIF, WebP) that the
//! public portal serves as they are. The bytes are untrusted:
//!
//! - [`sniff`] tells the kind by **content** only (magic bytes; for a zip, the parts it holds).
//! - [`check_upload`] refuses what should not be published — an empty or oversized file, content
//!   of an unknown kind (old `.doc`/`.xls`, password-protected Office files, HTML, SVG…), a name
//!   whose extension does not match the content, a file that starts like a web page, a PDF with
//!   JavaScript or Launch actions, a damaged or password-protected PDF, an Office file with macros
//!   or compressed abnormally (a zip bomb) — and gives the name to store ([`safe_file_name`]).
//! - [`extract_text`] gives the text to index: a PDF's pages (Unicode from the fonts' `ToUnicode`
//!   maps, and the `ActualText` of marked content, which typst and Word write for Thai clusters
//!   whose glyphs do not map one to one), a DOCX's paragraphs, an XLSX's cells; nothing for an
//!   image. At most [`MAX_TEXT_CHARS`] characters.
//!
//! Whatever the bytes, the answer is a value or an [`InputError`], never a panic: parsers run
//! under `catch_unwind`, and every decompression is bounded (zip entries through
//! [`report_docx`](crate::import::report_docx)'s limits, PDF streams by
//! [`MAX_PDF_CONTENT_BYTES`]), so the time spent is bounded by the size of the file.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use prongsai_domain::InputError;
use zip::ZipArchive;

use crate::import::report_docx::{
    is_ole, is_zip, read_entry, EntryError, MAX_RATIO, MAX_XML_BYTES, W_NS,
};

/// The form field upload errors belong to.
const FIELD: &str = "file";

/// The default largest upload, 20 MiB.
pub const DEFAULT_MAX_UPLOAD: u64 = 20 * 1024 * 1024;
/// Largest file [`extract_text`] reads.
pub const MAX_EXTRACT_BYTES: usize = 64 * 1024 * 1024;
/// Text extracted from one file is cut after this many characters.
pub const MAX_TEXT_CHARS: usize = 1_000_000;
/// Largest total of a DOCX's or XLSX's parts, decompressed.
pub const MAX_UNZIPPED_BYTES: u64 = 200 * 1024 * 1024;
/// Most parts in a DOCX or XLSX (Office writes a few dozen).
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Most bytes of PDF streams (page contents, forms, fonts' maps) decompressed for one file's
/// text; the pages past it are not read.
pub const MAX_PDF_CONTENT_BYTES: usize = 64 * 1024 * 1024;
/// Longest stored file name, in characters.
pub const MAX_NAME_CHARS: usize = 150;

/// What an uploaded file is, by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl FileKind {
    pub const ALL: [FileKind; 7] = [
        FileKind::Pdf,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Png,
        FileKind::Jpeg,
        FileKind::Gif,
        FileKind::Webp,
    ];

    /// The media type to serve it with.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
        }
    }

    /// The usual extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// Every extension accepted for the kind (lower case, without the dot), usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Docx => &["docx"],
            FileKind::Xlsx => &["xlsx"],
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg", "jpe"],
            FileKind::Gif => &["gif"],
            FileKind::Webp => &["webp"],
        }
    }

    /// The kind a file name's extension claims (any case).
    pub fn from_extension(ext: &str) -> Option<FileKind> {
        let ext = ext.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.extensions().contains(&ext.as_str()))
    }

    pub fn is_image(self) -> bool {
        matches!(
            self,
            FileKind::Png | FileKind::Jpeg | FileKind::Gif | FileKind::Webp
        )
    }

    pub fn label_th(self) -> &'static str {
        match self {
            FileKind::Pdf => "เอกสาร PDF",
            FileKind::Docx => "เอกสาร Word (DOCX)",
            FileKind::Xlsx => "ตาราง Excel (XLSX)",
            FileKind::Png => "รูปภาพ PNG",
            FileKind::Jpeg => "รูปภาพ JPEG",
            FileKind::Gif => "รูปภาพ GIF",
            FileKind::Webp => "รูปภาพ WebP",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FileKind::Pdf => "a PDF document",
            FileKind::Docx => "a Word document (DOCX)",
            FileKind::Xlsx => "an Excel workbook (XLSX)",
            FileKind::Png => "a PNG image",
            FileKind::Jpeg => "a JPEG image",
            FileKind::Gif => "a GIF image",
            FileKind::Webp => "a WebP image",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sniffing

/// The kind of a file by its content only (never its name): the `%PDF-` header, the PNG, JPEG,
/// GIF and WebP signatures, or a zip holding `[Content_Types].xml` and `word/document.xml`
/// (DOCX) or `xl/workbook.xml` (XLSX). Anything else, an old `.doc`/`.xls` (OLE) included, is
/// `None`.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some(FileKind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(FileKind::Gif)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(FileKind::Webp)
    } else if is_zip(bytes) {
        catch_unwind(|| sniff_zip(bytes)).ok().flatten()
    } else {
        None
    }
}

fn sniff_zip(bytes: &[u8]) -> Option<FileKind> {
    let zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let has = |name: &str| zip.index_for_name(name).is_some();
    if !has("[Content_Types].xml") {
        return None;
    }
    match (has("word/document.xml"), has("xl/workbook.xml")) {
        (true, false) => Some(FileKind::Docx),
        (false, true) => Some(FileKind::Xlsx),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Upload check

fn refuse(th: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> InputError {
    InputError::new(FIELD, th, en)
}

/// Check an upload of at most [`DEFAULT_MAX_UPLOAD`] bytes: its kind and the name to store it
/// under (see [`check_upload_max`]).
pub fn check_upload(file_name: &str, bytes: &[u8]) -> Result<(FileKind, String), InputError> {
    check_upload_max(file_name, bytes, DEFAULT_MAX_UPLOAD)
}

/// Check an upload: returns its kind (by content) and a safe name with the kind's extension, or
/// refuses it with a Thai and an English message.
///
/// Refused: an empty file or one over `max_bytes`; content that is none of the [`FileKind`]s
/// (an old or password-protected Office file gets its own message); an extension that names
/// another kind than the content (`report.pdf` that is HTML, `photo.jpg` that is a PDF); a file
/// whose first kilobyte looks like a web page or a script; a PDF with JavaScript or Launch
/// actions, or one that cannot be read (damaged, or protected by a password); a DOCX or XLSX
/// with macros, or whose parts decompress beyond the limits (zip bomb). A name without an
/// extension gets the kind's.
pub fn check_upload_max(
    file_name: &str,
    bytes: &[u8],
    max_bytes: u64,
) -> Result<(FileKind, String), InputError> {
    if bytes.is_empty() {
        return Err(refuse("ไฟล์ว่างเปล่า", "the file is empty"));
    }
    if bytes.len() as u64 > max_bytes {
        let mb = max_bytes as f64 / (1024.0 * 1024.0);
        return Err(refuse(
            format!("ไฟล์ใหญ่เกิน {mb:.0} MB"),
            format!("the file is larger than {mb:.0} MB"),
        ));
    }
    if looks_like_web_page(bytes) {
        return Err(refuse(
            "ไฟล์นี้มีเนื้อหาเป็นหน้าเว็บหรือสคริปต์ (HTML/JavaScript) ไม่ใช่เอกสาร: ไม่รับไว้เพื่อความปลอดภัย",
            "the file holds a web page or a script (HTML/JavaScript), not a document: refused for safety",
        ));
    }
    let Some(kind) = sniff(bytes) else {
        if is_ole(bytes) {
            return Err(refuse(
                "ไฟล์นี้เป็นไฟล์ Word/Excel รุ่นเก่า (.doc/.xls) หรือไฟล์ที่ตั้งรหัสผ่านไว้: โปรดบันทึกเป็น .docx/.xlsx และเอารหัสผ่านออกก่อน",
                "this is a legacy Word/Excel file (.doc/.xls) or a password-protected one: save it as .docx/.xlsx without a password",
            ));
        }
        return Err(refuse(
            "ไฟล์นี้ไม่ใช่ PDF, DOCX, XLSX หรือรูปภาพ (PNG, JPEG, GIF, WebP)",
            "this file is not a PDF, DOCX, XLSX or an image (PNG, JPEG, GIF, WebP)",
        ));
    };
    let mut name = safe_file_name(file_name);
    match extension(&name) {
        Some(ext) => {
            if !kind
                .extensions()
                .contains(&ext.to_ascii_lowercase().as_str())
            {
                return Err(refuse(
                    format!(
                        "ชื่อไฟล์ลงท้ายด้วย .{ext} แต่เนื้อไฟล์เป็น{}: โปรดตรวจสอบไฟล์",
                        kind.label_th()
                    ),
                    format!(
                        "the name ends in .{ext} but the file is {}: check the file",
                        kind.label_en()
                    ),
                ));
            }
            // the extension in lower case
            let stem_len = name.len() - ext.len();
            name = format!("{}{}", &name[..stem_len], ext.to_ascii_lowercase());
        }
        None => {
            let cut = name
                .char_indices()
                .nth(MAX_NAME_CHARS - 1 - kind.extension().len())
                .map_or(name.len(), |(i, _)| i);
            name.truncate(cut);
            name = format!("{}.{}", name.trim_end_matches([' ', '.']), kind.extension());
        }
    }
    match kind {
        FileKind::Pdf => check_pdf(bytes)?,
        FileKind::Docx | FileKind::Xlsx => check_office(bytes)?,
        _ => {}
    }
    Ok((kind, name))
}

/// Whether the first kilobyte reads like HTML, SVG or a script, which a browser might run if
/// the file were ever served with the wrong type.
fn looks_like_web_page(bytes: &[u8]) -> bool {
    const MARKERS: [&[u8]; 9] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<script",
        b"<iframe",
        b"<svg",
        b"<meta http-equiv",
        b"javascript:",
    ];
    let head: Vec<u8> = bytes
        .iter()
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    MARKERS
        .iter()
        .any(|m| head.windows(m.len()).any(|w| w == *m))
}

/// The extension of a name (after the last dot, ASCII letters and digits, 1 to 5 of them).
fn extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()
        && (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
    .then_some(ext)
}

/// A file name safe to store and to send back in `Content-Disposition`: the last component of
/// a path (`/` or `\`), without control or bidirectional-override characters nor the
/// characters Windows forbids (`<>:"|?*`, made `_`), without leading dots or spaces nor trailing
/// ones, not a reserved Windows device name (`con.pdf` becomes `_con.pdf`), at most
/// [`MAX_NAME_CHARS`] characters with the extension kept. Thai letters are kept. An empty result
/// is `file`.
pub fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let mut s = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    if s.is_empty() {
        return "file".into();
    }
    let stem = s.split('.').next().unwrap_or_default().trim_end();
    if is_reserved_windows_name(stem) {
        s.insert(0, '_');
    }
    if s.chars().count() > MAX_NAME_CHARS {
        let ext = extension(&s).map(str::to_string);
        let keep = match &ext {
            Some(e) => MAX_NAME_CHARS - e.len() - 1,
            None => MAX_NAME_CHARS,
        };
        let stem_end = ext.as_ref().map_or(s.len(), |e| s.len() - e.len() - 1);
        let mut stem: String = s[..stem_end].chars().take(keep).collect();
        stem.truncate(stem.trim_end_matches(['.', ' ']).len());
        s = match ext {
            Some(e) => format!("{stem}.{e}"),
            None => stem,
        };
    }
    s
}

/// Characters that change how a name is displayed without being seen: bidirectional marks and
/// overrides (`รายงาน\u{202E}fdp.exe` shows as `รายงานexe.pdf`), the byte-order mark.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_reserved_windows_name(stem: &str) -> bool {
    let u = stem.to_ascii_uppercase();
    matches!(
        u.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ((u.starts_with("COM") || u.starts_with("LPT"))
        && u.len() == 4
        && u.as_bytes()[3].is_ascii_digit()
        && u.as_bytes()[3] != b'0')
}

// ---------------------------------------------------------------------------------------------
// PDF check

fn pdf_unreadable() -> InputError {
    refuse(
        "อ่านไฟล์ PDF ไม่ได้: ไฟล์อาจเสียหาย ไม่ครบ หรือตั้งรหัสผ่านไว้ (โปรดบันทึกเป็น PDF ใหม่โดยไม่ตั้งรหัสผ่าน)",
        "cannot read the PDF file: it may be damaged, truncated or password-protected (save it again as a PDF without a password)",
    )
}

fn pdf_active() -> InputError {
    refuse(
        "ไฟล์ PDF นี้มีสคริปต์ (JavaScript) หรือคำสั่งเปิดโปรแกรม (Launch): ไม่รับไว้เพื่อความปลอดภัย โปรดพิมพ์หรือบันทึกเป็น PDF ใหม่",
        "this PDF holds JavaScript or a Launch action: refused for safety, print or save it again as a PDF",
    )
}

/// PDF names that make a document run something.
fn is_active_name(name: &[u8]) -> bool {
    matches!(name, b"JavaScript" | b"JS" | b"Launch")
}

fn check_pdf(bytes: &[u8]) -> Result<(), InputError> {
    if raw_pdf_has_active_names(bytes) {
        return Err(pdf_active());
    }
    // Objects in compressed object streams are only seen once parsed.
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        let doc = load_pdf(bytes).ok()?;
        if doc.get_pages().is_empty() {
            return None;
        }
        Some(parsed_pdf_has_active_names(&doc))
    }));
    match parsed {
        Ok(Some(false)) => Ok(()),
        Ok(Some(true)) => Err(pdf_active()),
        Ok(None) | Err(_) => Err(pdf_unreadable()),
    }
}

fn load_pdf(bytes: &[u8]) -> lopdf::Result<lopdf::Document> {
    lopdf::Document::load_mem_with_options(
        bytes,
        lopdf::LoadOptions::with_max_decompressed_size(MAX_PDF_CONTENT_BYTES),
    )
}

/// PDF delimiters and white space end a name.
fn ends_name(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
            | b' '
            | b'\t'
            | b'\r'
            | b'\n'
            | b'\x0c'
            | b'\0'
    )
}

/// Whether the file, read as bytes outside its streams' data, names JavaScript, JS or Launch
/// (`#xx` escapes in names decoded): this sees objects a parser might skip.
fn raw_pdf_has_active_names(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' => {
                let mut name = Vec::new();
                let mut j = i + 1;
                while j < bytes.len() && !ends_name(bytes[j]) && name.len() <= 16 {
                    if bytes[j] == b'#' && j + 2 < bytes.len() {
                        let hex = std::str::from_utf8(&bytes[j + 1..j + 3]).ok();
                        if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                            name.push(b);
                            j += 3;
                            continue;
                        }
                    }
                    name.push(bytes[j]);
                    j += 1;
                }
                if is_active_name(&name) {
                    return true;
                }
                i = j.max(i + 1);
            }
            // the `stream` keyword, after the dictionary's `>>`
            b's' if bytes[i..].starts_with(b"stream")
                && matches!(bytes.get(i + 6), Some(b'\r' | b'\n'))
                && bytes[..i].iter().rev().find(|b| !b.is_ascii_whitespace()) == Some(&b'>') =>
            {
                // skip the data up to `endstream`
                i = find(&bytes[i + 6..], b"endstream").map_or(bytes.len(), |at| i + 6 + at + 9);
            }
            _ => i += 1,
        }
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether any parsed object (those of object streams included) has a JavaScript, JS or Launch
/// name as a key or a value.
fn parsed_pdf_has_active_names(doc: &lopdf::Document) -> bool {
    use lopdf::Object;
    let mut stack: Vec<&Object> = doc.objects.values().collect();
    let trailer = &doc.trailer;
    if trailer.iter().any(|(k, _)| is_active_name(k)) {
        return true;
    }
    stack.extend(trailer.iter().map(|(_, v)| v));
    while let Some(o) = stack.pop() {
        match o {
            Object::Name(n) if is_active_name(n) => return true,
            Object::Array(a) => stack.extend(a.iter()),
            Object::Dictionary(d) => {
                for (k, v) in d.iter() {
                    if is_active_name(k) {
                        return true;
                    }
                    stack.push(v);
                }
            }
            Object::Stream(s) => {
                for (k, v) in s.dict.iter() {
                    if is_active_name(k) {
                        return true;
                    }
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// DOCX / XLSX check

fn office_damaged() -> InputError {
    refuse(
        "ไฟล์ Office (DOCX/XLSX) เสียหายหรือไม่ครบ (อาจถูกตัด): โปรดบันทึกไฟล์ใหม่",
        "the Office file (DOCX/XLSX) is damaged or incomplete (truncated?): save it again",
    )
}

fn office_bomb() -> InputError {
    refuse(
        format!(
            "ไฟล์ Office (DOCX/XLSX) ถูกบีบอัดผิดปกติ (เกิน {MAX_RATIO} เท่า หรือขยายแล้วใหญ่เกิน {} MB): ไม่รับไว้",
            MAX_UNZIPPED_BYTES / (1024 * 1024)
        ),
        format!(
            "the Office file (DOCX/XLSX) is compressed abnormally (over {MAX_RATIO}:1 or over {} MB uncompressed): refused",
            MAX_UNZIPPED_BYTES / (1024 * 1024)
        ),
    )
}

fn check_office(bytes: &[u8]) -> Result<(), InputError> {
    catch_unwind(|| {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| office_damaged())?;
        if zip
            .file_names()
            .any(|n| n.to_ascii_lowercase().ends_with("vbaproject.bin"))
        {
            return Err(refuse(
                "ไฟล์นี้มีมาโคร (VBA): โปรดบันทึกเป็น .docx/.xlsx ธรรมดาที่ไม่มีมาโคร",
                "the file holds macros (VBA): save it as a plain .docx/.xlsx without macros",
            ));
        }
        check_zip_limits(&mut zip)
    })
    .unwrap_or_else(|_| Err(office_damaged()))
}

/// Decompress every part (to nowhere), refusing a zip bomb: each part within [`MAX_RATIO`], all
/// of them within [`MAX_UNZIPPED_BYTES`], at most [`MAX_ZIP_ENTRIES`] parts.
fn check_zip_limits<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<(), InputError> {
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(office_bomb());
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| office_damaged())?;
        if entry.is_dir() {
            continue;
        }
        let left = MAX_UNZIPPED_BYTES - total;
        total += match read_entry(&mut entry, left, &mut std::io::sink()) {
            Ok(n) => n,
            Err(EntryError::Damaged) => return Err(office_damaged()),
            Err(EntryError::TooLarge | EntryError::Bomb) => return Err(office_bomb()),
        };
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Text

/// Text collected, cut at [`MAX_TEXT_CHARS`].
#[derive(Default)]
struct TextOut {
    s: String,
    chars: usize,
}

impl TextOut {
    fn full(&self) -> bool {
        self.chars >= MAX_TEXT_CHARS
    }
    fn push(&mut self, t: &str) {
        for c in t.chars() {
            if self.full() {
                return;
            }
            let c = match c {
                '\n' | '\t' => c,
                '\u{a0}' | '\r' => ' ',
                '\u{fffd}' => continue,
                c if c.is_control() || is_invisible_format(c) => continue,
                c => c,
            };
            self.s.push(c);
            self.chars += 1;
        }
    }
    fn ends_with_space(&self) -> bool {
        self.s.is_empty() || self.s.ends_with([' ', '\n', '\t'])
    }
    fn newline(&mut self) {
        if !self.s.is_empty() && !self.s.ends_with('\n') {
            self.push("\n");
        }
    }
    fn space(&mut self) {
        if !self.ends_with_space() {
            self.push(" ");
        }
    }
    /// Lines without surrounding spaces, runs of spaces made one, at most one empty line in a
    /// row.
    fn finish(self) -> String {
        let mut out = String::with_capacity(self.s.len());
        let mut blank = 0;
        for line in self.s.lines() {
            let line = line.trim_matches(' ');
            if line.is_empty() {
                blank += 1;
                continue;
            }
            if !out.is_empty() {
                out.push_str(if blank > 0 { "\n\n" } else { "\n" });
            }
            blank = 0;
            let mut prev_space = false;
            for c in line.chars() {
                if c == ' ' && prev_space {
                    continue;
                }
                prev_space = c == ' ';
                out.push(c);
            }
        }
        out
    }
}

fn unreadable(kind: FileKind) -> InputError {
    refuse(
        format!("อ่านข้อความจาก{}ไม่ได้: ไฟล์อาจเสียหายหรือไม่ครบ", kind.label_th()),
        format!(
            "cannot read the text of {}: the file may be damaged or incomplete",
            kind.label_en()
        ),
    )
}

/// The text of a file for full-text search: a PDF's pages, a DOCX's paragraphs (table cells
/// included) one a line, an XLSX's cells (a tab between the cells of a row, a line per row),
/// nothing for an image. At most [`MAX_TEXT_CHARS`] characters; lines are trimmed and runs of
/// spaces made one. A PDF of scanned pages has no text (no OCR here).
///
/// `kind` should come from [`sniff`] or [`check_upload`]; bytes of another kind are an error.
/// A file over [`MAX_EXTRACT_BYTES`] is refused.
pub fn extract_text(kind: FileKind, bytes: &[u8]) -> Result<String, InputError> {
    if bytes.len() > MAX_EXTRACT_BYTES {
        return Err(refuse(
            format!(
                "ไฟล์ใหญ่เกิน {} MB: ไม่อ่านข้อความ",
                MAX_EXTRACT_BYTES / (1024 * 1024)
            ),
            format!(
                "the file is larger than {} MB: its text is not read",
                MAX_EXTRACT_BYTES / (1024 * 1024)
            ),
        ));
    }
    if kind.is_image() {
        return Ok(String::new());
    }
    // Parsers of untrusted bytes: a panic in them must not take the server down.
    catch_unwind(AssertUnwindSafe(|| {
        let mut out = TextOut::default();
        match kind {
            FileKind::Pdf => pdf_text(bytes, &mut out)?,
            FileKind::Docx => docx_text(bytes, &mut out)?,
            FileKind::Xlsx => xlsx_text(bytes, &mut out)?,
            _ => {}
        }
        Ok(out.finish())
    }))
    .unwrap_or_else(|_| Err(unreadable(kind)))
}

// ---------------------------------------------------------------------------------------------
// DOCX text

const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

fn docx_text(bytes: &[u8], out: &mut TextOut) -> Result<(), InputError> {
    use quick_xml::events::Event;
    use quick_xml::name::{Namespace, ResolveResult};

    if sniff(bytes) != Some(FileKind::Docx) {
        return Err(unreadable(FileKind::Docx));
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| office_damaged())?;
    let mut entry = zip
        .by_name("word/document.xml")
        .map_err(|_| office_damaged())?;
    let mut xml = Vec::new();
    match read_entry(&mut entry, MAX_XML_BYTES as u64, &mut xml) {
        Ok(_) => {}
        Err(EntryError::Damaged) => return Err(office_damaged()),
        Err(EntryError::TooLarge | EntryError::Bomb) => return Err(office_bomb()),
    }
    let xml = std::str::from_utf8(&xml).map_err(|_| unreadable(FileKind::Docx))?;
    let mut reader = quick_xml::NsReader::from_str(xml.strip_prefix('\u{feff}').unwrap_or(xml));
    let mut in_text = false;
    // depth inside mc:Fallback (the copy of a text box for old readers), 0 outside
    let mut skip = 0usize;
    while !out.full() {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|_| unreadable(FileKind::Docx))?;
        let is_w = matches!(ns, ResolveResult::Bound(Namespace(n)) if W_NS.contains(&n));
        let is_mc = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == MC_NS);
        match event {
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                } else if is_mc && e.local_name().as_ref() == "Fallback" {
                    skip = 1;
                } else if is_w && e.local_name().as_ref() == "t" {
                    in_text = true;
                }
            }
            Event::Empty(e) if skip == 0 && is_w => match e.local_name().as_ref() {
                "tab" => out.push(" "),
                "br" | "cr" => out.newline(),
                _ => {}
            },
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                } else if is_w {
                    match e.local_name().as_ref() {
                        "t" => in_text = false,
                        "p" => out.newline(),
                        _ => {}
                    }
                }
            }
            Event::Text(t) if in_text && skip == 0 => out.push(&t.xml10_content()),
            Event::CData(t) if in_text && skip == 0 => out.push(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    out.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// XLSX text

fn xlsx_text(bytes: &[u8], out: &mut TextOut) -> Result<(), InputError> {
    use calamine::{DataRef, Reader, Xlsx};

    if sniff(bytes) != Some(FileKind::Xlsx) {
        return Err(unreadable(FileKind::Xlsx));
    }
    // calamine reads whole parts: bound them first
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| office_damaged())?;
    check_zip_limits(&mut zip)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable(FileKind::Xlsx))?;
    for sheet in wb.sheet_names() {
        // cells one by one: a range from A1 to XFD1048576 is never allocated
        let Ok(mut cells) = wb.worksheet_cells_reader(&sheet) else {
            continue;
        };
        let mut row = None;
        while let Ok(Some(cell)) = cells.next_cell() {
            if out.full() {
                return Ok(());
            }
            let text: Cow<str> = match cell.get_value() {
                DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                    Cow::Borrowed(s.as_str())
                }
                DataRef::SharedString(s) => Cow::Borrowed(*s),
                DataRef::Int(i) => Cow::Owned(i.to_string()),
                DataRef::Float(f) => Cow::Owned(f.to_string()),
                _ => continue,
            };
            if text.trim().is_empty() {
                continue;
            }
            let (r, _) = cell.get_position();
            match row {
                Some(prev) if prev == r => out.push("\t"),
                Some(_) => out.newline(),
                None => {}
            }
            row = Some(r);
            out.push(&text);
        }
        out.newline();
        out.push("\n");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// PDF text

fn pdf_text(bytes: &[u8], out: &mut TextOut) -> Result<(), InputError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(unreadable(FileKind::Pdf));
    }
    let doc = load_pdf(bytes).map_err(|_| pdf_unreadable())?;
    let mut x = PdfText {
        doc: &doc,
        out,
        fonts: HashMap::new(),
        budget: MAX_PDF_CONTENT_BYTES,
        last: None,
    };
    for (_, page) in doc.get_pages() {
        if x.out.full() || x.budget == 0 {
            break;
        }
        let Ok(content) = doc.get_page_content_with_limit(page, x.budget) else {
            break;
        };
        x.budget = x.budget.saturating_sub(content.len());
        let resources = page_resources(&doc, page);
        x.run(&content, &resources, Matrix::IDENTITY, 0);
        x.out.newline();
        x.out.push("\n");
        x.last = None;
    }
    Ok(())
}

/// A PDF transformation matrix `[a b c d e f]`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn from_operands(o: &[lopdf::Object]) -> Option<Matrix> {
        let v: Vec<f32> = o.iter().filter_map(|x| x.as_float().ok()).collect();
        let m: [f32; 6] = v.try_into().ok()?;
        m.iter().all(|x| x.is_finite()).then_some(Matrix(m))
    }

    /// `self × other`: `self` applied first.
    fn then(self, other: Matrix) -> Matrix {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a1 * a2 + b1 * c2,
            a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2,
            c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2,
            e1 * b2 + f1 * d2 + f2,
        ])
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// Where the origin goes.
    fn origin(self) -> (f32, f32) {
        (self.0[4], self.0[5])
    }

    /// How much a vertical unit is scaled.
    fn vertical_scale(self) -> f32 {
        (self.0[2] * self.0[2] + self.0[3] * self.0[3]).sqrt()
    }
}

/// Glyph widths of a font, in thousandths of the font size.
struct Widths {
    /// `(first code, last code, width)`, sorted.
    ranges: Vec<(u32, u32, f32)>,
    default: f32,
}

impl Widths {
    fn get(&self, code: u32) -> f32 {
        let i = self.ranges.partition_point(|r| r.1 < code);
        match self.ranges.get(i) {
            Some(&(lo, hi, w)) if lo <= code && code <= hi => w,
            _ => self.default,
        }
    }
}

struct Font<'a> {
    /// The `ToUnicode` map (a `UnicodeMapEncoding`), first choice.
    to_unicode: Option<lopdf::Encoding<'a>>,
    /// The simple font's encoding, for a font without a map.
    encoding: Option<lopdf::Encoding<'a>>,
    /// A composite (Type0) font: two-byte codes (Identity-H, as Word and typst write them).
    two_byte: bool,
    widths: Widths,
}

impl Font<'_> {
    fn decode(&self, code: u32, out: &mut String) {
        if let Some(lopdf::Encoding::UnicodeMapEncoding(map)) = &self.to_unicode {
            if let Some(units) = map.get(code, if self.two_byte { 2 } else { 1 }) {
                out.extend(char::decode_utf16(units).flatten());
            }
            return;
        }
        if !self.two_byte {
            if let Some(enc) = &self.encoding {
                if let Ok(s) = enc.bytes_to_string(&[code as u8]) {
                    out.push_str(&s);
                }
            }
        }
    }
}

fn deref<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> Option<&'a lopdf::Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn get<'a>(
    doc: &'a lopdf::Document,
    d: &'a lopdf::Dictionary,
    key: &[u8],
) -> Option<&'a lopdf::Object> {
    d.get(key).ok().and_then(|o| deref(doc, o))
}

fn number(o: &lopdf::Object) -> Option<f32> {
    o.as_float().ok().filter(|x| x.is_finite())
}

fn load_font<'a>(doc: &'a lopdf::Document, font: &'a lopdf::Dictionary) -> Font<'a> {
    let subtype = get(doc, font, b"Subtype").and_then(|o| o.as_name().ok());
    let two_byte = subtype == Some(b"Type0".as_slice());
    // ToUnicode comes first (ISO 32000, 9.10.2); lopdf reads it only without /Encoding.
    let to_unicode = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|_| {
            let mut only_map = font.clone();
            only_map.remove(b"Encoding");
            match only_map.get_font_encoding_with_limit(doc, MAX_PDF_CONTENT_BYTES) {
                Ok(lopdf::Encoding::UnicodeMapEncoding(map)) => Some(map),
                _ => None,
            }
        })
        .map(lopdf::Encoding::UnicodeMapEncoding);
    let encoding = if two_byte || to_unicode.is_some() {
        None
    } else {
        font.get_font_encoding_with_limit(doc, MAX_PDF_CONTENT_BYTES)
            .ok()
    };
    let widths = if two_byte {
        let cid = get(doc, font, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let default = cid
            .and_then(|d| get(doc, d, b"DW"))
            .and_then(number)
            .unwrap_or(1000.0);
        let mut ranges = Vec::new();
        if let Some(w) = cid
            .and_then(|d| get(doc, d, b"W"))
            .and_then(|o| o.as_array().ok())
        {
            // c [w1 w2 …] | c_first c_last w
            let mut i = 0;
            while i + 1 < w.len() {
                let Some(first) = number(&w[i]).map(|x| x as u32) else {
                    break;
                };
                match deref(doc, &w[i + 1]) {
                    Some(lopdf::Object::Array(list)) => {
                        for (k, x) in list.iter().enumerate() {
                            if let Some(x) = number(x) {
                                let c = first.saturating_add(k as u32);
                                ranges.push((c, c, x));
                            }
                        }
                        i += 2;
                    }
                    Some(o) => {
                        let last = number(o).map(|x| x as u32);
                        let width = w.get(i + 2).and_then(number);
                        if let (Some(last), Some(width)) = (last, width) {
                            ranges.push((first, last.max(first), width));
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        ranges.sort_by_key(|r| (r.0, r.1));
        Widths { ranges, default }
    } else {
        let first = get(doc, font, b"FirstChar").and_then(number).unwrap_or(0.0) as u32;
        let missing = get(doc, font, b"FontDescriptor")
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(number);
        let ranges: Vec<_> = get(doc, font, b"Widths")
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .take(256)
                    .enumerate()
                    .filter_map(|(k, x)| {
                        let c = first.saturating_add(k as u32);
                        Some((c, c, number(deref(doc, x)?)?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        // without widths (a standard font), an average glyph
        let default = missing.unwrap_or(if ranges.is_empty() { 500.0 } else { 0.0 });
        Widths { ranges, default }
    };
    Font {
        to_unicode,
        encoding,
        two_byte,
        widths,
    }
}

/// The resource dictionaries of a page, nearest first.
fn page_resources(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<&lopdf::Dictionary> {
    let Ok((own, ids)) = doc.get_page_resources(page) else {
        return Vec::new();
    };
    own.into_iter()
        .chain(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()))
        .collect()
}

/// A named resource (`/Font /F1`, `/XObject /Im0`).
fn resource<'a>(
    doc: &'a lopdf::Document,
    resources: &[&'a lopdf::Dictionary],
    category: &[u8],
    name: &[u8],
) -> Option<&'a lopdf::Object> {
    resources.iter().find_map(|r| {
        let cat = get(doc, r, category)?.as_dict().ok()?;
        get(doc, cat, name)
    })
}

#[derive(Clone)]
struct GState<'a> {
    ctm: Matrix,
    font: Option<Rc<Font<'a>>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
}

/// Marked content: the `ActualText` of a span, and whether it was written already.
struct Marked {
    actual: Option<String>,
    written: bool,
}

struct PdfText<'a, 'o> {
    doc: &'a lopdf::Document,
    out: &'o mut TextOut,
    /// Fonts read, by their dictionary's address.
    fonts: HashMap<usize, Rc<Font<'a>>>,
    /// Bytes of content streams still allowed.
    budget: usize,
    /// The end of the last text written, on the page: `(x, y, font size)`.
    last: Option<(f32, f32, f32)>,
}

impl<'a> PdfText<'a, '_> {
    fn font(&mut self, resources: &[&'a lopdf::Dictionary], name: &[u8]) -> Option<Rc<Font<'a>>> {
        let dict = resource(self.doc, resources, b"Font", name)?
            .as_dict()
            .ok()?;
        let key = dict as *const lopdf::Dictionary as usize;
        let doc = self.doc;
        Some(
            self.fonts
                .entry(key)
                .or_insert_with(|| Rc::new(load_font(doc, dict)))
                .clone(),
        )
    }

    /// Interpret a content stream.
    fn run(
        &mut self,
        content: &[u8],
        resources: &[&'a lopdf::Dictionary],
        ctm: Matrix,
        depth: u32,
    ) {
        use lopdf::Object;
        let mut gs = GState {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
        };
        let mut saved: Vec<GState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut marked: Vec<Marked> = Vec::new();
        for op in lopdf::content::Content::decode_iter(content) {
            if self.out.full() {
                return;
            }
            let Ok(op) = op else {
                break;
            };
            let o = &op.operands;
            let num = |i: usize| o.get(i).and_then(number);
            match op.operator.as_str() {
                "q" if saved.len() < 64 => saved.push(gs.clone()),
                "Q" => {
                    if let Some(g) = saved.pop() {
                        gs = g;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(o) {
                        gs.ctm = m.then(gs.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    gs.font = o
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| self.font(resources, n));
                    gs.size = num(1).unwrap_or(0.0);
                }
                "Tc" => gs.char_spacing = num(0).unwrap_or(0.0),
                "Tw" => gs.word_spacing = num(0).unwrap_or(0.0),
                "Tz" => gs.scale = num(0).unwrap_or(100.0) / 100.0,
                "TL" => gs.leading = num(0).unwrap_or(0.0),
                "Td" | "TD" => {
                    let (tx, ty) = (num(0).unwrap_or(0.0), num(1).unwrap_or(0.0));
                    if op.operator == "TD" {
                        gs.leading = -ty;
                    }
                    tlm = Matrix::translate(tx, ty).then(tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(o) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "\"" {
                        gs.word_spacing = num(0).unwrap_or(gs.word_spacing);
                        gs.char_spacing = num(1).unwrap_or(gs.char_spacing);
                    }
                    if op.operator == "'" || op.operator == "\"" {
                        tlm = Matrix::translate(0.0, -gs.leading).then(tlm);
                        tm = tlm;
                    }
                    let parts: &[Object] = match (op.operator.as_str(), o.last()) {
                        ("TJ", Some(Object::Array(a))) => a,
                        (_, Some(s @ Object::String(..))) => std::slice::from_ref(s),
                        _ => &[],
                    };
                    self.show(parts, &gs, &mut tm, &mut marked);
                }
                "BMC" => marked.push(Marked {
                    actual: None,
                    written: false,
                }),
                "BDC" => {
                    let props = match o.get(1) {
                        Some(Object::Dictionary(d)) => Some(d),
                        Some(Object::Name(n)) => resource(self.doc, resources, b"Properties", n)
                            .and_then(|p| p.as_dict().ok()),
                        _ => None,
                    };
                    let actual = props
                        .and_then(|d| get(self.doc, d, b"ActualText"))
                        .and_then(|t| lopdf::decode_text_string(t).ok());
                    marked.push(Marked {
                        actual,
                        written: false,
                    });
                }
                "EMC" => {
                    if let Some(Marked {
                        actual: Some(t),
                        written: false,
                    }) = marked.pop()
                    {
                        // a span without glyphs: its text all the same
                        if !marked.iter().any(|m| m.actual.is_some()) {
                            self.out.push(&t);
                        }
                    }
                }
                "Do" if depth < 4 => {
                    let Some(stream) = o
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| resource(self.doc, resources, b"XObject", n))
                        .and_then(|x| x.as_stream().ok())
                    else {
                        continue;
                    };
                    if get(self.doc, &stream.dict, b"Subtype").and_then(|s| s.as_name().ok())
                        != Some(b"Form".as_slice())
                    {
                        continue;
                    }
                    let Ok(data) = stream.decompressed_content_with_limit(self.budget) else {
                        self.budget = 0;
                        continue;
                    };
                    self.budget = self.budget.saturating_sub(data.len());
                    let matrix = get(self.doc, &stream.dict, b"Matrix")
                        .and_then(|m| m.as_array().ok())
                        .and_then(|m| Matrix::from_operands(m))
                        .unwrap_or(Matrix::IDENTITY);
                    let own =
                        get(self.doc, &stream.dict, b"Resources").and_then(|r| r.as_dict().ok());
                    let inner: Vec<&lopdf::Dictionary> =
                        own.into_iter().chain(resources.iter().copied()).collect();
                    self.run(&data, &inner, matrix.then(gs.ctm), depth + 1);
                }
                _ => {}
            }
        }
    }

    /// Show strings (and `TJ` adjustments): write their text, or the `ActualText` of the span
    /// they are in, and move the text matrix.
    fn show(
        &mut self,
        parts: &[lopdf::Object],
        gs: &GState<'a>,
        tm: &mut Matrix,
        marked: &mut [Marked],
    ) {
        let Some(font) = gs.font.clone() else {
            return;
        };
        let h = gs.scale;
        for part in parts {
            match part {
                lopdf::Object::String(bytes, _) => {
                    let m = tm.then(gs.ctm);
                    let (x, y) = m.origin();
                    let size = (gs.size * m.vertical_scale()).abs();
                    let mut text = String::new();
                    let codes: Vec<u32> = if font.two_byte {
                        bytes
                            .chunks(2)
                            .map(|c| c.iter().fold(0, |a, b| a * 256 + *b as u32))
                            .collect()
                    } else {
                        bytes.iter().map(|b| *b as u32).collect()
                    };
                    let mut advance = 0.0;
                    for &code in &codes {
                        font.decode(code, &mut text);
                        let mut tx = font.widths.get(code) / 1000.0 * gs.size + gs.char_spacing;
                        if !font.two_byte && code == 32 {
                            tx += gs.word_spacing;
                        }
                        advance += tx * h;
                        *tm = Matrix::translate(tx * h, 0.0).then(*tm);
                    }
                    let end = tm.then(gs.ctm).origin();
                    // inside a span with ActualText, that text instead of the glyphs'
                    let actual = marked.iter_mut().find(|m| m.actual.is_some());
                    let text = match actual {
                        Some(m) if m.written => {
                            self.last = Some((end.0, end.1, size));
                            continue;
                        }
                        Some(m) => {
                            m.written = true;
                            m.actual.clone().unwrap_or_default()
                        }
                        None => text,
                    };
                    if text.is_empty() {
                        continue;
                    }
                    // A mark placed on its own (zero advance) whose map gives the whole cluster
                    // just written (typst maps a glyph to the first cluster it appeared in):
                    // "ขั้" + "ขั้" would read "ขั้ขั้น".
                    if advance.abs() < 0.01 * gs.size.abs() && self.out.s.ends_with(text.as_str()) {
                        continue;
                    }
                    self.separate(x, y, size);
                    self.out.push(&text);
                    self.last = Some((end.0, end.1, size));
                }
                o => {
                    if let Some(n) = number(o) {
                        let tx = -n / 1000.0 * gs.size * h;
                        *tm = Matrix::translate(tx, 0.0).then(*tm);
                    }
                }
            }
        }
    }

    /// A new line when the text moves to another line, a space when it jumps ahead on the
    /// same line (a word placed apart, a table's next cell), nothing when it goes on where the
    /// last text ended (typst places each Thai cluster on its own).
    fn separate(&mut self, x: f32, y: f32, size: f32) {
        let Some((lx, ly, lsize)) = self.last else {
            return;
        };
        let em = size.max(lsize).max(0.1);
        if (y - ly).abs() > 0.5 * em {
            self.out.newline();
        } else if x - lx > 0.25 * em || lx - x > 2.0 * em {
            self.out.space();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    const JPEG_HEAD: &[u8] =
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
    const GIF_1X1: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    const WEBP_HEAD: &[u8] = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00";

    /// A one-page PDF with uncompressed objects; `extra` goes into the catalog.
    fn tiny_pdf(extra: &str, text: &str) -> Vec<u8> {
        let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
        let objects = [
            format!("<< /Type /Catalog /Pages 2 0 R {extra} >>"),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    fn docx(paragraphs: &[&str]) -> Vec<u8> {
        use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
        let mut d = Docx::new();
        for p in paragraphs {
            d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*p)));
        }
        d = d.add_table(Table::new(vec![TableRow::new(vec![
            TableCell::new()
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text("ผู้รับผิดชอบ"))),
            TableCell::new()
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text("กองคลัง & งานพัสดุ"))),
        ])]));
        let mut buf = Cursor::new(Vec::new());
        d.build().pack(&mut buf).unwrap();
        buf.into_inner()
    }

    fn xlsx() -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "มาตรการ").unwrap();
        ws.write_number(0, 1, 85.5).unwrap();
        ws.write_string(2, 0, "ผู้รับผิดชอบ").unwrap();
        wb.save_to_buffer().unwrap()
    }

    /// A zip with the given parts, stored or deflated.
    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn sniffs_every_kind_by_content() {
        assert_eq!(sniff(&tiny_pdf("", "x")), Some(FileKind::Pdf));
        assert_eq!(sniff(PNG_1X1), Some(FileKind::Png));
        assert_eq!(sniff(JPEG_HEAD), Some(FileKind::Jpeg));
        assert_eq!(sniff(GIF_1X1), Some(FileKind::Gif));
        assert_eq!(sniff(WEBP_HEAD), Some(FileKind::Webp));
        assert_eq!(sniff(&docx(&["สวัสดี"])), Some(FileKind::Docx));
        assert_eq!(sniff(&xlsx()), Some(FileKind::Xlsx));
    }

    #[test]
    fn sniffs_nothing_from_other_content() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"<html><body>hi</body></html>"), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(
            sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of a .doc"),
            None
        );
        assert_eq!(sniff(b"RIFF\x00\x00\x00\x00WAVEfmt "), None);
        // a zip that is neither (an ODT, a plain archive), or a truncated one
        assert_eq!(
            sniff(&zip_of(&[(
                "mimetype",
                b"application/vnd.oasis.opendocument.text"
            )])),
            None
        );
        assert_eq!(sniff(&zip_of(&[("word/document.xml", b"<x/>")])), None);
        let d = docx(&["x"]);
        assert_eq!(sniff(&d[..d.len() / 2]), None);
        // and one with both a document and a workbook is ambiguous
        assert_eq!(
            sniff(&zip_of(&[
                ("[Content_Types].xml", b"<x/>"),
                ("word/document.xml", b"<x/>"),
                ("xl/workbook.xml", b"<x/>"),
            ])),
            None
        );
    }

    #[test]
    fn kinds_have_mime_extension_and_labels() {
        for k in FileKind::ALL {
            assert_eq!(FileKind::from_extension(k.extension()), Some(k));
            assert!(!k.mime().is_empty() && !k.label_th().is_empty() && !k.label_en().is_empty());
        }
        assert_eq!(FileKind::Jpeg.extension(), "jpg");
        assert_eq!(FileKind::from_extension("JPE"), Some(FileKind::Jpeg));
        assert_eq!(FileKind::from_extension("doc"), None);
        assert_eq!(
            FileKind::Docx.mime(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
    }

    #[test]
    fn accepts_each_kind_under_its_extensions() {
        let pdf = tiny_pdf("", "hello");
        assert_eq!(
            check_upload("report.PDF", &pdf).unwrap(),
            (FileKind::Pdf, "report.pdf".into())
        );
        for name in ["photo.jpg", "photo.jpeg", "photo.JPE"] {
            let (k, n) = check_upload(name, JPEG_HEAD).unwrap();
            assert_eq!(k, FileKind::Jpeg);
            assert_eq!(n, name.to_ascii_lowercase());
        }
        assert_eq!(check_upload("a.png", PNG_1X1).unwrap().0, FileKind::Png);
        assert_eq!(check_upload("a.gif", GIF_1X1).unwrap().0, FileKind::Gif);
        assert_eq!(check_upload("a.webp", WEBP_HEAD).unwrap().0, FileKind::Webp);
        assert_eq!(
            check_upload("มาตรการ.docx", &docx(&["ก"])).unwrap(),
            (FileKind::Docx, "มาตรการ.docx".into())
        );
        assert_eq!(
            check_upload("คะแนน.xlsx", &xlsx()).unwrap().0,
            FileKind::Xlsx
        );
        // no extension: the kind's
        assert_eq!(check_upload("รายงาน", &pdf).unwrap().1, "รายงาน.pdf");
    }

    #[test]
    fn refuses_forged_extensions() {
        let pdf = tiny_pdf("", "x");
        let e = check_upload("photo.jpg", &pdf).unwrap_err();
        assert_eq!(e.field, "file");
        assert!(e.th.contains(".jpg") && e.th.contains("PDF"), "{}", e.th);
        assert!(e.en.contains("PDF document"), "{}", e.en);
        assert!(check_upload("report.pdf", JPEG_HEAD).is_err());
        assert!(check_upload("table.xlsx", &docx(&["x"])).is_err());
        assert!(check_upload("report.txt", &pdf).is_err());
        assert!(check_upload("report.pdf.exe", &pdf).is_err());
    }

    #[test]
    fn refuses_html_renamed_pdf_and_pdf_holding_html() {
        let e = check_upload(
            "report.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        )
        .unwrap_err();
        assert!(e.th.contains("HTML"), "{}", e.th);
        // unknown content with no HTML marker
        let e = check_upload("report.pdf", b"just some text").unwrap_err();
        assert!(e.th.contains("ไม่ใช่ PDF, DOCX, XLSX หรือรูปภาพ"), "{}", e.th);
        // a polyglot: a PDF header then a web page
        let mut poly = b"%PDF-1.4\n<html><body onload=x()>".to_vec();
        poly.extend_from_slice(&tiny_pdf("", "x")[9..]);
        assert_eq!(sniff(&poly), Some(FileKind::Pdf));
        assert!(check_upload("report.pdf", &poly)
            .unwrap_err()
            .en
            .contains("HTML"));
    }

    #[test]
    fn refuses_pdf_with_javascript_or_launch() {
        let js = tiny_pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "x");
        let e = check_upload("a.pdf", &js).unwrap_err();
        assert!(e.en.contains("JavaScript"), "{}", e.en);
        let launch = tiny_pdf("/OpenAction << /S /Launch /F (cmd.exe) >>", "x");
        assert!(check_upload("a.pdf", &launch).is_err());
        // a name spelled with #xx escapes is the same name
        let escaped = tiny_pdf("/OpenAction << /S /J#61vaScript /J#53 (x) >>", "x");
        assert!(check_upload("a.pdf", &escaped).is_err());
        // but the word in text, or a longer name, is not an action
        let benign = tiny_pdf("/JSON 1 /Launcher 2", "JavaScript /JS in a string");
        assert!(check_upload("a.pdf", &benign).is_ok());
    }

    #[test]
    fn finds_javascript_hidden_in_an_object_stream() {
        // the raw bytes do not show it once compressed: the parsed objects do
        let mut doc = lopdf::Document::load_mem(&tiny_pdf("", "x")).unwrap();
        let action = lopdf::dictionary! { "S" => "JavaScript", "JS" => lopdf::Object::string_literal("app.alert(1)") };
        let id = doc.add_object(action);
        let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        doc.get_dictionary_mut(root).unwrap().set("OpenAction", id);
        let mut bytes = Vec::new();
        doc.save_with_options(
            &mut bytes,
            lopdf::SaveOptions::builder()
                .use_object_streams(true)
                .build(),
        )
        .unwrap();
        assert!(
            !raw_pdf_has_active_names(&bytes),
            "the test needs the action compressed"
        );
        assert!(check_upload("a.pdf", &bytes).is_err());
    }

    #[test]
    fn refuses_empty_legacy_damaged_and_oversized_files() {
        assert!(check_upload("a.pdf", b"").unwrap_err().th.contains("ว่าง"));
        let e = check_upload("a.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0").unwrap_err();
        assert!(
            e.th.contains(".docx") && e.en.contains("password"),
            "{}",
            e.en
        );
        let pdf = tiny_pdf("", "x");
        let e = check_upload("a.pdf", &pdf[..40]).unwrap_err();
        assert!(e.en.contains("cannot read the PDF"), "{}", e.en);
        let e = check_upload_max("a.pdf", &pdf, 100).unwrap_err();
        assert!(e.en.contains("larger than"), "{}", e.en);
    }

    #[test]
    fn refuses_office_files_with_macros_or_bombs() {
        let ct: &[u8] = b"<Types/>";
        let macro_docx = zip_of(&[
            ("[Content_Types].xml", ct),
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", b"\0\0"),
        ]);
        assert!(check_upload("a.docx", &macro_docx)
            .unwrap_err()
            .en
            .contains("macros"));
        let zeros = vec![b' '; 5 * 1024 * 1024];
        let bomb = zip_of(&[("[Content_Types].xml", ct), ("xl/workbook.xml", &zeros)]);
        assert!(bomb.len() < 100 * 1024);
        let e = check_upload("a.xlsx", &bomb).unwrap_err();
        assert!(e.en.contains("compressed abnormally"), "{}", e.en);
        assert!(extract_text(FileKind::Xlsx, &bomb).is_err());
    }

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("C:\\x\\รายงาน.pdf"), "รายงาน.pdf");
        assert_eq!(safe_file_name(".."), "file");
        assert_eq!(safe_file_name(""), "file");
        assert_eq!(safe_file_name("/"), "file");
        assert_eq!(safe_file_name("con.pdf"), "_con.pdf");
        assert_eq!(safe_file_name("LPT1"), "_LPT1");
        assert_eq!(safe_file_name("com10.pdf"), "com10.pdf");
        assert_eq!(safe_file_name(".htaccess"), "htaccess");
        assert_eq!(safe_file_name("a\u{0}b\nc\u{202E}fdp.exe"), "abcfdp.exe");
        assert_eq!(safe_file_name("what?<x>.pdf. "), "what__x_.pdf");
        assert_eq!(
            safe_file_name("รายงาน ผลการดำเนินการ ๒๕๖๖.pdf"),
            "รายงาน ผลการดำเนินการ ๒๕๖๖.pdf"
        );
        let long = format!("{}.pdf", "ก".repeat(400));
        let s = safe_file_name(&long);
        assert_eq!(s.chars().count(), MAX_NAME_CHARS);
        assert!(s.ends_with("ก.pdf"), "{s}");
        assert_eq!(
            safe_file_name(&"ข".repeat(400)).chars().count(),
            MAX_NAME_CHARS
        );
        // a long name without an extension gets the kind's within the limit
        let (_, n) = check_upload(&"ค".repeat(400), &tiny_pdf("", "x")).unwrap();
        assert_eq!(n.chars().count(), MAX_NAME_CHARS);
        assert!(n.ends_with("ค.pdf"));
    }

    #[test]
    fn extracts_docx_paragraphs_and_tables() {
        let d = docx(&["รายงานการดำเนินการตามมาตรการ", "ขั้นตอนหรือวิธีการ"]);
        let t = extract_text(FileKind::Docx, &d).unwrap();
        assert_eq!(
            t,
            "รายงานการดำเนินการตามมาตรการ\nขั้นตอนหรือวิธีการ\nผู้รับผิดชอบ\nกองคลัง & งานพัสดุ"
        );
    }

    #[test]
    fn extracts_xlsx_cells() {
        let t = extract_text(FileKind::Xlsx, &xlsx()).unwrap();
        assert_eq!(t, "มาตรการ\t85.5\nผู้รับผิดชอบ");
    }

    #[test]
    fn extracts_simple_pdf_text_and_nothing_from_images() {
        let t = extract_text(FileKind::Pdf, &tiny_pdf("", "Hello ITA 2566")).unwrap();
        assert_eq!(t, "Hello ITA 2566");
        assert_eq!(extract_text(FileKind::Png, PNG_1X1).unwrap(), "");
        // bytes of another kind
        assert!(extract_text(FileKind::Docx, PNG_1X1).is_err());
        assert!(extract_text(FileKind::Pdf, PNG_1X1).is_err());
    }

    #[test]
    fn text_is_cut_at_the_limit() {
        let mut out = TextOut::default();
        out.push(&"ก".repeat(MAX_TEXT_CHARS + 10));
        assert!(out.full());
        assert_eq!(out.finish().chars().count(), MAX_TEXT_CHARS);
    }
}

//! The bytes of a CSV file → text: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-874.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_874};

use super::RowError;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Decode a CSV file's bytes to text, without its byte-order mark.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, RowError> {
    if bytes.starts_with(ZIP_MAGIC) {
        return Err(RowError::new(
            1,
            None,
            "ไฟล์นี้เป็นไฟล์ Excel (XLSX) ไม่ใช่ CSV: โปรดเลือกชนิดไฟล์ XLSX",
            "this is an Excel (XLSX) file, not CSV: choose the XLSX format",
        ));
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
            let line = line_at(&rest[..e.valid_up_to()]);
            RowError::new(
                line,
                None,
                "ไฟล์ขึ้นต้นด้วยเครื่องหมาย UTF-8 (BOM) แต่มีอักขระที่ไม่ใช่ UTF-8: โปรดบันทึกไฟล์ใหม่เป็น CSV UTF-8",
                "the file starts with a UTF-8 byte-order mark but contains bytes that are not UTF-8: save it again as CSV UTF-8",
            )
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_with(UTF_16LE, rest, "UTF-16");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_with(UTF_16BE, rest, "UTF-16");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) => decode_with(WINDOWS_874, bytes, "Windows-874 (TIS-620)"),
    }
}

fn decode_with<'a>(
    encoding: &'static Encoding,
    bytes: &'a [u8],
    name: &str,
) -> Result<Cow<'a, str>, RowError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(text);
    }
    // The first replacement character marks the first undecodable bytes.
    let line = text
        .find('\u{FFFD}')
        .map(|i| line_at(&text.as_bytes()[..i]))
        .unwrap_or(1);
    Err(RowError::new(
        line,
        None,
        format!(
            "อ่านไฟล์ไม่ได้: ไฟล์ไม่ใช่ UTF-8 และมีอักขระที่ไม่ถูกต้องสำหรับ {name}: โปรดบันทึกไฟล์ใหม่เป็น CSV UTF-8"
        ),
        format!(
            "cannot read the file: it is not UTF-8 and has bytes that are not valid {name}: save it again as CSV UTF-8"
        ),
    ))
}

/// The 1-based line at the end of `before`.
fn line_at(before: &[u8]) -> usize {
    before.iter().filter(|b| **b == b'\n').count() + 1
}

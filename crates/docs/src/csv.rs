//! CSV exports.

use prongsai_domain::audit::{canonical_time, AuditRecord};

/// Excel needs a byte-order mark to read UTF-8 (Thai) CSV.
pub const UTF8_BOM: &str = "\u{feff}";

#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error(transparent)]
    Csv(#[from] ::csv::Error),
    #[error(transparent)]
    Utf8(#[from] std::string::FromUtf8Error),
    #[error("{0}")]
    Io(String),
}

/// Write rows as CSV text with a BOM.
pub fn to_csv<I, R>(header: &[&str], rows: I) -> Result<String, CsvError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    let bytes = w.into_inner().map_err(|e| CsvError::Io(e.to_string()))?;
    Ok(format!("{UTF8_BOM}{}", String::from_utf8(bytes)?))
}

/// The audit log of an agency as CSV: every field, including the hashes, so the chain can be
/// re-verified outside Prongsai.
pub fn audit_csv(entries: &[AuditRecord]) -> Result<String, CsvError> {
    to_csv(
        &[
            "seq",
            "at_utc",
            "agency_id",
            "actor_user_id",
            "actor",
            "entity",
            "entity_id",
            "action",
            "before",
            "after",
            "prev_hash",
            "hash",
        ],
        entries.iter().map(|e| {
            vec![
                e.seq.to_string(),
                canonical_time(&e.at),
                e.agency_id.map(|v| v.to_string()).unwrap_or_default(),
                e.actor_user_id.map(|v| v.to_string()).unwrap_or_default(),
                e.actor_label.clone(),
                e.entity.clone(),
                e.entity_id.clone().unwrap_or_default(),
                e.action.clone(),
                e.before.clone().unwrap_or_default(),
                e.after.clone().unwrap_or_default(),
                e.prev_hash.clone(),
                e.hash.clone(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_commas_quotes_and_newlines_survive() {
        let out = to_csv(&["ชื่อ", "หมายเหตุ"], [["กองคลัง, งานพัสดุ", "บรรทัด\n\"สอง\""]]).unwrap();
        assert!(out.starts_with(UTF8_BOM));
        let mut r = ::csv::Reader::from_reader(out.trim_start_matches(UTF8_BOM).as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[0], "กองคลัง, งานพัสดุ");
        assert_eq!(&rec[1], "บรรทัด\n\"สอง\"");
    }
}

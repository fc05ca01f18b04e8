//! The append-only, hash-chained audit log: how an entry is hashed, and how a chain is verified.
//!
//! Each entry's hash is SHA-256 over a canonical JSON array of its fields and the previous entry's
//! hash, so editing, removing or reordering any entry breaks the chain at that point. The store
//! also keeps the chain's head (last sequence number and hash) so that removing the newest
//! entries is detected too.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub agency_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    /// Who acted, as shown: a username, `system`, `cli`, or `anonymous`.
    pub actor_label: String,
    /// What kind of thing changed, e.g. `user`, `unit`, `agency`, `session`.
    pub entity: String,
    pub entity_id: Option<String>,
    /// `create`, `update`, `delete`, `login`, `login_failed`, …
    pub action: String,
    /// JSON text of the state before and after, as stored.
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The timestamp as it enters the hash: RFC 3339, UTC, microseconds (what both databases keep).
pub fn canonical_time(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Truncate a timestamp to what the databases store, so that the hash is stable after a round trip.
pub fn truncate_to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

impl AuditRecord {
    /// The hash this entry must have, given its fields and `prev_hash`.
    pub fn compute_hash(&self) -> String {
        let canonical = serde_json::json!([
            self.seq,
            canonical_time(&self.at),
            self.agency_id,
            self.actor_user_id,
            self.actor_label,
            self.entity,
            self.entity_id,
            self.action,
            self.before,
            self.after,
            self.prev_hash,
        ]);
        let mut h = Sha256::new();
        h.update(canonical.to_string().as_bytes());
        hex::encode(h.finalize())
    }

    /// Fill `hash` from the other fields.
    pub fn seal(mut self) -> Self {
        self.hash = self.compute_hash();
        self
    }
}

/// Something wrong found in a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditProblem {
    /// The entry's content does not match its hash: it was edited.
    Edited { seq: i64 },
    /// Sequence numbers jump: entries between were removed.
    Missing { after_seq: i64, next_seq: i64 },
    /// Sequence numbers go backwards or repeat: entries were reordered or duplicated.
    OutOfOrder { seq: i64, previous_seq: i64 },
    /// The entry does not point to the previous entry's hash.
    BrokenLink { seq: i64 },
    /// The head says the chain is longer than what is stored: newest entries were removed.
    TruncatedEnd { last_stored: i64, head_seq: i64 },
    /// The head's hash differs from the newest entry's hash.
    HeadMismatch { seq: i64 },
    /// Entries exist but the chain's head record was removed.
    HeadMissing,
}

impl AuditProblem {
    pub fn message_th(&self) -> String {
        match self {
            Self::Edited { seq } => format!("รายการที่ {seq} ถูกแก้ไข (ค่าแฮชไม่ตรงกับเนื้อหา)"),
            Self::Missing {
                after_seq,
                next_seq,
            } => format!(
                "รายการที่ {} ถึง {} ถูกลบ (ลำดับขาดหายหลังรายการที่ {after_seq})",
                after_seq + 1,
                next_seq - 1
            ),
            Self::OutOfOrder { seq, previous_seq } => {
                format!("รายการที่ {seq} อยู่ผิดลำดับ (ตามหลังรายการที่ {previous_seq})")
            }
            Self::BrokenLink { seq } => {
                format!("รายการที่ {seq} ไม่เชื่อมกับรายการก่อนหน้า (ถูกลบหรือสลับลำดับ)")
            }
            Self::TruncatedEnd {
                last_stored,
                head_seq,
            } => format!("รายการล่าสุดถูกลบ: มีถึงรายการที่ {last_stored} แต่ต้องมีถึงรายการที่ {head_seq}"),
            Self::HeadMismatch { seq } => {
                format!("รายการล่าสุด ({seq}) ไม่ตรงกับค่าที่บันทึกไว้ที่หัวสายโซ่")
            }
            Self::HeadMissing => "ข้อมูลหัวสายโซ่ถูกลบ".to_string(),
        }
    }
    pub fn message_en(&self) -> String {
        match self {
            Self::Edited { seq } => format!("entry {seq} was edited (its hash does not match)"),
            Self::Missing { after_seq, next_seq } => format!(
                "entries {} to {} were removed (gap after entry {after_seq})",
                after_seq + 1,
                next_seq - 1
            ),
            Self::OutOfOrder { seq, previous_seq } => {
                format!("entry {seq} is out of order (comes after entry {previous_seq})")
            }
            Self::BrokenLink { seq } => format!(
                "entry {seq} does not link to the previous entry (removed or reordered)"
            ),
            Self::TruncatedEnd {
                last_stored,
                head_seq,
            } => format!(
                "the newest entries were removed: the log ends at {last_stored} but the head says {head_seq}"
            ),
            Self::HeadMismatch { seq } => {
                format!("the newest entry ({seq}) does not match the recorded chain head")
            }
            Self::HeadMissing => "the chain's head record was removed".to_string(),
        }
    }
}

/// Incremental verifier: feed entries in stored order, then call [`ChainVerifier::finish`].
#[derive(Debug)]
pub struct ChainVerifier {
    prev_seq: i64,
    prev_hash: String,
    checked: u64,
    problems: Vec<AuditProblem>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            prev_seq: 0,
            prev_hash: GENESIS_HASH.to_string(),
            checked: 0,
            problems: Vec::new(),
        }
    }
}

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub checked: u64,
    pub problems: Vec<AuditProblem>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl ChainVerifier {
    pub fn push(&mut self, e: &AuditRecord) {
        self.checked += 1;
        if e.compute_hash() != e.hash {
            self.problems.push(AuditProblem::Edited { seq: e.seq });
        }
        if e.seq <= self.prev_seq {
            self.problems.push(AuditProblem::OutOfOrder {
                seq: e.seq,
                previous_seq: self.prev_seq,
            });
        } else if e.seq != self.prev_seq + 1 {
            self.problems.push(AuditProblem::Missing {
                after_seq: self.prev_seq,
                next_seq: e.seq,
            });
        } else if e.prev_hash != self.prev_hash {
            self.problems.push(AuditProblem::BrokenLink { seq: e.seq });
        }
        self.prev_seq = self.prev_seq.max(e.seq);
        self.prev_hash = e.hash.clone();
    }

    /// Compare with the chain head kept by the store (`None` when the store has no head row).
    pub fn finish(mut self, head: Option<(i64, &str)>) -> VerifyReport {
        if head.is_none() && self.checked > 0 {
            self.problems.push(AuditProblem::HeadMissing);
        }
        if let Some((head_seq, head_hash)) = head {
            if head_seq > self.prev_seq {
                self.problems.push(AuditProblem::TruncatedEnd {
                    last_stored: self.prev_seq,
                    head_seq,
                });
            } else if head_seq == self.prev_seq && head_hash != self.prev_hash {
                self.problems
                    .push(AuditProblem::HeadMismatch { seq: head_seq });
            }
        }
        VerifyReport {
            checked: self.checked,
            problems: self.problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let e = AuditRecord {
                    seq,
                    at: DateTime::from_timestamp(1_700_000_000 + seq, 1234).unwrap(),
                    agency_id: Some(1),
                    actor_user_id: Some(7),
                    actor_label: "somchai".into(),
                    entity: "unit".into(),
                    entity_id: Some(seq.to_string()),
                    action: "create".into(),
                    before: None,
                    after: Some(format!("{{\"name\":\"กอง {seq} 🏛\"}}")),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                }
                .seal();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(entries: &[AuditRecord], head: Option<(i64, &str)>) -> VerifyReport {
        let mut v = ChainVerifier::default();
        entries.iter().for_each(|e| v.push(e));
        v.finish(head)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let r = verify(&c, Some((5, &c[4].hash)));
        assert!(r.is_ok(), "{:?}", r.problems);
        assert_eq!(r.checked, 5);
    }

    #[test]
    fn edit_is_found() {
        let mut c = chain(5);
        c[2].after = Some("{\"name\":\"แก้ไข\"}".into());
        let head = c[4].hash.clone();
        let r = verify(&c, Some((5, &head)));
        assert_eq!(r.problems, vec![AuditProblem::Edited { seq: 3 }]);
    }

    #[test]
    fn edit_with_rehash_breaks_the_next_link() {
        let mut c = chain(5);
        c[2].after = Some("{}".into());
        c[2].hash = c[2].compute_hash();
        let head = c[4].hash.clone();
        let r = verify(&c, Some((5, &head)));
        assert_eq!(r.problems, vec![AuditProblem::BrokenLink { seq: 4 }]);
    }

    #[test]
    fn removal_is_found() {
        let mut c = chain(5);
        c.remove(1);
        let head = c[3].hash.clone();
        let r = verify(&c, Some((5, &head)));
        assert_eq!(
            r.problems,
            vec![AuditProblem::Missing {
                after_seq: 1,
                next_seq: 3
            }]
        );
        assert!(r.problems[0].message_th().contains("รายการที่ 2 ถึง 2"));
    }

    #[test]
    fn reorder_is_found() {
        let mut c = chain(5);
        c.swap(1, 2);
        let head = c[4].hash.clone();
        let r = verify(&c, Some((5, &head)));
        assert!(r
            .problems
            .iter()
            .any(|p| matches!(p, AuditProblem::OutOfOrder { seq: 2, .. })));
    }

    #[test]
    fn truncated_end_is_found() {
        let c = chain(5);
        let head = c[4].hash.clone();
        let r = verify(&c[..3], Some((5, &head)));
        assert_eq!(
            r.problems,
            vec![AuditProblem::TruncatedEnd {
                last_stored: 3,
                head_seq: 5
            }]
        );
    }
}

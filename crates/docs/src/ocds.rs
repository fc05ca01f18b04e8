//! Procurement as open data: an [OCDS 1.1](https://standard.open-contracting.org/1.1/)
//! release package of one agency's fiscal year.
//!
//! One release per procurement record, tagged `tender`, plus `award` once a bidder is selected
//! and `contract` once a contract is known:
//!
//! * `ocid` = `<prefix>-<agency slug>-<record id>`. An OCDS prefix is `ocds-` and six characters
//!   registered with the Open Contracting Partnership; Prongsai has none, so the prefix is the
//!   caller's ([`PackageInfo::ocid_prefix`]) and [`PLACEHOLDER_OCID_PREFIX`] is an explicit
//!   placeholder until an installation registers its own.
//! * release `id` = `<record id>-<last change as Unix seconds>`: a record that changes gives a
//!   new release of the same `ocid`; `date` is the last change.
//! * `buyer` and `parties`: the agency (roles `buyer`, `procuringEntity`), every bidder
//!   (`tenderer`; the selected one also `supplier`). Bidders have no registered identifier, so
//!   their party ids are positional (`tenderer-1`, …) within the release.
//! * `tender`: `id` (the e-GP project number when there is one, else `<record id>`), `title`,
//!   `value` (the budget, THB), `procurementMethod` ([`Method::ocds_method`]),
//!   `procurementMethodDetails` (the Thai name of the method), `tenderers`,
//!   `numberOfTenderers`.
//! * `awards` (when a bidder is selected): `id` `award-<record id>`, `status` `active`, `date`
//!   (the contract date, the only date of the decision the register keeps), `value` (the agreed
//!   price), `suppliers`, `description` (the reason for the selection).
//! * `contracts` (when an award exists and a contract number or date is known): `id` (the
//!   contract number, else `contract-<record id>`), `awardID`, `dateSigned`, `value`, and in
//!   `implementation` the delivery (a milestone `delivery`, met on its day) and the payment (a
//!   transaction dated on its day).
//!
//! Amounts are decimal numbers of baht: satang / 100, exact (an `f64` division of an integer
//! below 2^53 by 100 is correctly rounded, and JSON writes the shortest text that reads back
//! to it, which is the decimal itself). Dates are midnight in Bangkok (`+07:00`). The reference
//! price (ราคากลาง) has no field in the OCDS core schema and is not exported.

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_domain::procurement::{Money, Record};
use serde::Serialize;

/// The ocid prefix used until the installation registers its own with the Open Contracting
/// Partnership. **A placeholder, not a registered prefix**: configure the real one.
pub const PLACEHOLDER_OCID_PREFIX: &str = "ocds-xxxxxx";

/// The OCDS version of the packages.
pub const OCDS_VERSION: &str = "1.1";

/// What a package says about itself and its agency.
#[derive(Debug, Clone)]
pub struct PackageInfo {
    /// The package's own address (where it is served).
    pub uri: String,
    /// The ocid prefix: `ocds-` and the six characters registered with OCP
    /// ([`PLACEHOLDER_OCID_PREFIX`] until then).
    pub ocid_prefix: String,
    /// When the package was published: the last change of its records (when generated on
    /// demand), or now for an empty package.
    pub published: DateTime<Utc>,
    /// The agency's slug (part of every ocid).
    pub agency_slug: String,
    /// The agency's name (Thai), the buyer and the publisher.
    pub agency_name: String,
    /// The agency's public page, if any.
    pub agency_uri: Option<String>,
}

/// One record of the register, with what the package needs besides its content.
#[derive(Debug, Clone, Copy)]
pub struct PackageRecord<'a> {
    pub id: i64,
    pub record: &'a Record,
    /// The record's last change.
    pub updated_at: DateTime<Utc>,
}

/// An OCDS release package.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleasePackage {
    pub uri: String,
    pub version: &'static str,
    pub published_date: String,
    pub publisher: Publisher,
    pub releases: Vec<Release>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Publisher {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    pub ocid: String,
    pub id: String,
    pub date: String,
    pub tag: Vec<&'static str>,
    pub initiation_type: &'static str,
    pub language: &'static str,
    pub parties: Vec<Party>,
    pub buyer: OrgRef,
    pub tender: Tender,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<Award>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<Contract>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub roles: Vec<&'static str>,
}

/// A reference to a party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgRef {
    pub id: String,
    pub name: String,
}

/// An amount in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Value {
    /// Baht, as a decimal number (satang / 100).
    pub amount: f64,
    pub currency: &'static str,
}

impl Value {
    /// Baht of an amount.
    pub fn thb(m: Money) -> Value {
        Value {
            amount: m.satang() as f64 / 100.0,
            currency: "THB",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tender {
    pub id: String,
    pub title: String,
    pub value: Value,
    pub procurement_method: &'static str,
    pub procurement_method_details: &'static str,
    pub tenderers: Vec<OrgRef>,
    pub number_of_tenderers: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Award {
    pub id: String,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    pub suppliers: Vec<OrgRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub id: String,
    #[serde(rename = "awardID")]
    pub award_id: String,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_signed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementation: Option<Implementation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Implementation {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transactions: Vec<Transaction>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Milestone {
    pub id: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub status: &'static str,
    pub date_met: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Transaction {
    pub id: String,
    pub date: String,
}

/// A day as an OCDS date-time: midnight in Bangkok.
pub fn date_time(d: NaiveDate) -> String {
    format!("{}T00:00:00+07:00", d.format("%Y-%m-%d"))
}

/// An instant as an OCDS date-time (UTC, seconds).
pub fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The ocid of a record.
pub fn ocid(prefix: &str, agency_slug: &str, record_id: i64) -> String {
    format!("{prefix}-{agency_slug}-{record_id}")
}

/// The release of one record.
pub fn release(info: &PackageInfo, r: PackageRecord<'_>) -> Release {
    let rec = r.record;
    let buyer = OrgRef {
        id: format!("TH-{}", info.agency_slug),
        name: info.agency_name.clone(),
    };
    let mut parties = vec![Party {
        id: buyer.id.clone(),
        name: buyer.name.clone(),
        roles: vec!["buyer", "procuringEntity"],
    }];
    let winner_key = rec.winner.as_deref().map(name_key);
    let mut supplier: Option<OrgRef> = None;
    let mut tenderers = Vec::with_capacity(rec.bidders.len());
    for (i, b) in rec.bidders.iter().enumerate() {
        let party = OrgRef {
            id: format!("tenderer-{}", i + 1),
            name: b.name.clone(),
        };
        let selected = winner_key.as_deref() == Some(name_key(&b.name).as_str());
        parties.push(Party {
            id: party.id.clone(),
            name: party.name.clone(),
            roles: if selected {
                vec!["tenderer", "supplier"]
            } else {
                vec!["tenderer"]
            },
        });
        if selected && supplier.is_none() {
            supplier = Some(party.clone());
        }
        tenderers.push(party);
    }
    // a winner that is not among the bidders (not accepted by the register, but never lost)
    if let (Some(w), None) = (&rec.winner, &supplier) {
        let party = OrgRef {
            id: "supplier-1".to_owned(),
            name: w.clone(),
        };
        parties.push(Party {
            id: party.id.clone(),
            name: party.name.clone(),
            roles: vec!["supplier"],
        });
        supplier = Some(party);
    }
    let mut tag = vec!["tender"];
    let awards: Vec<Award> = supplier
        .map(|s| Award {
            id: format!("award-{}", r.id),
            status: "active",
            date: rec.contract_date.map(date_time),
            value: rec.award_price.map(Value::thb),
            suppliers: vec![s],
            description: (!rec.reason.is_empty()).then(|| rec.reason.clone()),
        })
        .into_iter()
        .collect();
    if !awards.is_empty() {
        tag.push("award");
    }
    let contracts: Vec<Contract> = awards
        .first()
        .filter(|_| rec.contract_no.is_some() || rec.contract_date.is_some())
        .map(|a| {
            let milestones: Vec<Milestone> = rec
                .delivery_date
                .map(|d| Milestone {
                    id: "delivery".to_owned(),
                    title: "ส่งมอบ".to_owned(),
                    kind: "delivery",
                    status: "met",
                    date_met: date_time(d),
                })
                .into_iter()
                .collect();
            let transactions: Vec<Transaction> = rec
                .payment_date
                .map(|d| Transaction {
                    id: "payment-1".to_owned(),
                    date: date_time(d),
                })
                .into_iter()
                .collect();
            Contract {
                id: rec
                    .contract_no
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| format!("contract-{}", r.id)),
                award_id: a.id.clone(),
                status: "active",
                date_signed: rec.contract_date.map(date_time),
                value: rec.award_price.map(Value::thb),
                implementation: (!milestones.is_empty() || !transactions.is_empty()).then_some(
                    Implementation {
                        milestones,
                        transactions,
                    },
                ),
            }
        })
        .into_iter()
        .collect();
    if !contracts.is_empty() {
        tag.push("contract");
    }
    Release {
        ocid: ocid(&info.ocid_prefix, &info.agency_slug, r.id),
        id: format!("{}-{}", r.id, r.updated_at.timestamp()),
        date: instant(r.updated_at),
        tag,
        initiation_type: "tender",
        language: "th",
        parties,
        buyer,
        tender: Tender {
            id: rec.egp_no.clone().unwrap_or_else(|| r.id.to_string()),
            title: rec.project.clone(),
            value: Value::thb(rec.budget),
            procurement_method: rec.method.ocds_method(),
            procurement_method_details: rec.method.label_th(),
            number_of_tenderers: tenderers.len(),
            tenderers,
        },
        awards,
        contracts,
    }
}

/// The release package of `records` (one release each, in the given order).
pub fn release_package<'a>(
    info: &PackageInfo,
    records: impl IntoIterator<Item = PackageRecord<'a>>,
) -> ReleasePackage {
    ReleasePackage {
        uri: info.uri.clone(),
        version: OCDS_VERSION,
        published_date: instant(info.published),
        publisher: Publisher {
            name: info.agency_name.clone(),
            uri: info.agency_uri.clone(),
        },
        releases: records.into_iter().map(|r| release(info, r)).collect(),
    }
}

/// The package as JSON bytes.
pub fn to_json(p: &ReleasePackage) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(p)
}

/// A name compared loosely (as the register compares bidders): white space folded, case
/// ignored.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::procurement::{Bidder, Method};
    use proptest::prelude::*;

    fn info() -> PackageInfo {
        PackageInfo {
            uri: "https://example.org/api/v1/agencies/krathok/procurement/2567/ocds.json".into(),
            ocid_prefix: PLACEHOLDER_OCID_PREFIX.into(),
            published: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            agency_slug: "krathok".into(),
            agency_name: "องค์การบริหารส่วนตำบลกระโทก".into(),
            agency_uri: None,
        }
    }

    #[test]
    fn a_full_record_becomes_a_release_with_award_and_contract() {
        let fy = FiscalYear::new(2567).unwrap();
        let rec = Record {
            bidders: vec![
                Bidder {
                    name: "ร้านเอ".into(),
                    offer: Money::from_satang(4_850_050).unwrap(),
                },
                Bidder {
                    name: "ร้านบี".into(),
                    offer: Money::from_baht(49_000).unwrap(),
                },
            ],
            winner: Some("ร้านเอ".into()),
            award_price: Some(Money::from_satang(4_800_001).unwrap()),
            reason: "ราคาต่ำสุด".into(),
            contract_no: Some("12/2567".into()),
            contract_date: NaiveDate::from_ymd_opt(2024, 3, 15),
            delivery_date: NaiveDate::from_ymd_opt(2024, 3, 20),
            payment_date: NaiveDate::from_ymd_opt(2024, 3, 30),
            egp_no: Some("67039012345".into()),
            ..Record::new(
                fy,
                "จัดซื้อวัสดุ",
                Money::from_baht(50_000).unwrap(),
                Method::EBidding,
            )
        };
        let p = release_package(
            &info(),
            [PackageRecord {
                id: 7,
                record: &rec,
                updated_at: DateTime::from_timestamp(1_710_000_000, 0).unwrap(),
            }],
        );
        let v: serde_json::Value = serde_json::from_slice(&to_json(&p).unwrap()).unwrap();
        let r = &v["releases"][0];
        assert_eq!(r["ocid"], "ocds-xxxxxx-krathok-7");
        assert_eq!(r["tag"], serde_json::json!(["tender", "award", "contract"]));
        assert_eq!(r["tender"]["procurementMethod"], "open");
        assert_eq!(r["tender"]["id"], "67039012345");
        assert_eq!(r["tender"]["numberOfTenderers"], 2);
        assert_eq!(r["awards"][0]["suppliers"][0]["name"], "ร้านเอ");
        assert_eq!(r["contracts"][0]["id"], "12/2567");
        assert_eq!(r["contracts"][0]["dateSigned"], "2024-03-15T00:00:00+07:00");
        let text = String::from_utf8(to_json(&p).unwrap()).unwrap();
        assert!(text.contains("\"amount\":48000.01,"), "{text}");
        assert!(text.contains("\"amount\":50000.0,"), "{text}");
        assert_eq!(
            r["parties"][1]["roles"],
            serde_json::json!(["tenderer", "supplier"])
        );
    }

    proptest! {
        /// The JSON number of an amount is exactly satang / 100.
        #[test]
        fn amounts_are_exact(s in 0i64..=prongsai_domain::procurement::MAX_SATANG) {
            let v = Value::thb(Money::from_satang(s).unwrap());
            let text = serde_json::to_string(&v.amount).unwrap();
            let (int, frac) = text.split_once('.').unwrap_or((&text, "0"));
            let frac = format!("{frac:0<2}");
            prop_assert_eq!(int.parse::<i64>().unwrap() * 100 + frac[..2].parse::<i64>().unwrap(), s);
            prop_assert!(frac.len() == 2 || frac[2..].bytes().all(|b| b == b'0'));
        }
    }
}

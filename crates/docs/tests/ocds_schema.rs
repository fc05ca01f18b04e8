//! The OCDS release packages of `docs::ocds` validate against the official OCDS 1.1 schemas
//! (release-package-schema.json and release-schema.json of OCDS 1.1.5, in
//! `tests/assets/ocds/`, from the open-contracting/standard repository), JSON Schema draft 4,
//! with every reference resolved locally and formats (date-time, uri) checked. A broken
//! package is rejected, so the check can fail.

use chrono::{DateTime, NaiveDate, Utc};
use jsonschema::{Draft, Registry, Validator};
use prongsai_docs::ocds::{
    release_package, to_json, PackageInfo, PackageRecord, PLACEHOLDER_OCID_PREFIX,
};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::procurement::{Bidder, Method, Money, Record};
use serde_json::{json, Value};

const PACKAGE_SCHEMA: &str = include_str!("assets/ocds/release-package-schema.json");
const RELEASE_SCHEMA: &str = include_str!("assets/ocds/release-schema.json");
const RELEASE_SCHEMA_URI: &str =
    "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";

fn validator() -> Validator {
    let release: Value = serde_json::from_str(RELEASE_SCHEMA).expect("release schema is JSON");
    let package: Value = serde_json::from_str(PACKAGE_SCHEMA).expect("package schema is JSON");
    assert_eq!(release["id"], RELEASE_SCHEMA_URI);
    assert_eq!(
        package["properties"]["releases"]["items"]["$ref"],
        RELEASE_SCHEMA_URI
    );
    let registry = Registry::new()
        .add(RELEASE_SCHEMA_URI, release)
        .expect("uri")
        .prepare()
        .expect("registry");
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .should_validate_formats(true)
        .with_registry(&registry)
        .build(&package)
        .expect("the package schema compiles")
}

fn errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn baht(b: i64) -> Money {
    Money::from_baht(b).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Records like the demo year's: every method, with and without bidders, award and contract.
fn records() -> Vec<Record> {
    let fy = FiscalYear::new(2567).unwrap();
    let mut out = Vec::new();
    for (i, method) in Method::ALL.into_iter().enumerate() {
        let budget = 10_000 + i as i64 * 1_000;
        // nothing but the tender
        out.push(Record::new(
            fy,
            &format!("จัดซื้อวัสดุ {i}"),
            baht(budget),
            method,
        ));
        // bidders, no award yet
        out.push(Record {
            reference_price: Some(baht(budget)),
            bidders: vec![
                Bidder {
                    name: "ร้านสมใจพาณิชย์ (ข้อมูลสาธิต)".into(),
                    offer: Money::from_satang(budget * 100 - 1).unwrap(),
                },
                Bidder {
                    name: "หจก. \"รุ่งเรือง\" <วัสดุ> & ก่อสร้าง".into(),
                    offer: baht(budget),
                },
            ],
            ..Record::new(fy, &format!("จ้างซ่อม {i}"), baht(budget), method)
        });
        // awarded, contract with number, delivery and payment, e-GP number
        out.push(Record {
            reference_price: Some(baht(budget)),
            bidders: vec![
                Bidder {
                    name: "ร้านเจริญการค้า".into(),
                    offer: Money::from_satang(budget * 100 - 55).unwrap(),
                },
                Bidder {
                    name: "บริษัท สยามคอมพิวเตอร์ จำกัด".into(),
                    offer: baht(budget + 500),
                },
            ],
            winner: Some("ร้านเจริญการค้า".into()),
            award_price: Some(Money::from_satang(budget * 100 - 55).unwrap()),
            reason: "ราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข".into(),
            contract_no: Some(format!("{}/2567", i + 1)),
            contract_date: Some(d(2024, 1 + i as u32, 15)),
            egp_no: Some(format!("670{}9012345", i)),
            delivery_date: Some(d(2024, 1 + i as u32, 20)),
            payment_date: Some(d(2024, 1 + i as u32, 28)),
            ..Record::new(fy, &format!("จัดซื้อครุภัณฑ์ {i}"), baht(budget), method)
        });
        // awarded above the budget (accepted), contract date only
        out.push(Record {
            bidders: vec![Bidder {
                name: "นายสมศักดิ์ รับจ้างทั่วไป".into(),
                offer: baht(budget + 100),
            }],
            winner: Some("นายสมศักดิ์ รับจ้างทั่วไป".into()),
            award_price: Some(baht(budget + 100)),
            reason: "ผู้เสนอราคารายเดียว".into(),
            contract_date: Some(d(2023, 10, 2)),
            accept_over_budget: true,
            ..Record::new(fy, &format!("จ้างเหมา {i}"), baht(budget), method)
        });
        // awarded, no contract
        out.push(Record {
            bidders: vec![Bidder {
                name: "ร้านโชคดีเครื่องเขียน".into(),
                offer: baht(budget),
            }],
            winner: Some("ร้านโชคดีเครื่องเขียน".into()),
            award_price: Some(baht(budget)),
            reason: "ราคาเหมาะสม".into(),
            ..Record::new(fy, &format!("จัดซื้อเครื่องเขียน {i}"), baht(budget), method)
        });
    }
    // a winner not among the bidders (not accepted by the register's checks, still exported)
    out.push(Record {
        winner: Some("ร้านนอกรายชื่อ".into()),
        award_price: Some(baht(1)),
        reason: "x".into(),
        contract_no: Some("9/2567".into()),
        contract_date: Some(d(2024, 9, 30)),
        ..Record::new(fy, "กรณีพิเศษ", Money::from_satang(1).unwrap(), Method::Other)
    });
    // a contract without an award
    out.push(Record {
        contract_no: Some("10/2567".into()),
        contract_date: Some(d(2024, 9, 30)),
        ..Record::new(fy, "สัญญาโดยไม่มีผู้ได้รับคัดเลือก", baht(5), Method::Specific)
    });
    out
}

fn package_json(records: &[Record]) -> Value {
    let info = PackageInfo {
        uri: "http://localhost/api/v1/agencies/krathok/procurement/2567/ocds.json".into(),
        ocid_prefix: PLACEHOLDER_OCID_PREFIX.into(),
        published: DateTime::<Utc>::from_timestamp(1_727_000_000, 0).unwrap(),
        agency_slug: "krathok".into(),
        agency_name: "องค์การบริหารส่วนตำบลกระโทก".into(),
        agency_uri: Some("http://localhost/krathok".into()),
    };
    let p = release_package(
        &info,
        records.iter().enumerate().map(|(i, r)| PackageRecord {
            id: i as i64 + 1,
            record: r,
            updated_at: DateTime::<Utc>::from_timestamp(1_700_000_000 + i as i64, 0).unwrap(),
        }),
    );
    serde_json::from_slice(&to_json(&p).unwrap()).unwrap()
}

#[test]
fn demo_like_packages_validate_with_zero_errors() {
    let v = validator();
    let records = records();
    let package = package_json(&records);
    let problems = errors(&v, &package);
    assert!(problems.is_empty(), "{problems:#?}");
    let releases = package["releases"].as_array().unwrap();
    assert_eq!(releases.len(), records.len());
    // every method's procurementMethod, the tags of each stage
    let methods: std::collections::BTreeSet<&str> = releases
        .iter()
        .map(|r| r["tender"]["procurementMethod"].as_str().unwrap())
        .collect();
    assert_eq!(
        methods.into_iter().collect::<Vec<_>>(),
        ["limited", "open", "selective"]
    );
    assert_eq!(releases[0]["tag"], json!(["tender"]));
    assert_eq!(releases[2]["tag"], json!(["tender", "award", "contract"]));
    assert_eq!(releases[4]["tag"], json!(["tender", "award"]));
    assert!(releases[2]["contracts"][0]["implementation"]["milestones"][0]["dateMet"].is_string());
    // one record alone is a valid package too
    assert!(errors(&v, &package_json(&records[..1])).is_empty());
}

#[test]
fn a_broken_package_is_rejected() {
    let v = validator();
    let good = package_json(&records());
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut p = good.clone();
        f(&mut p);
        errors(&v, &p)
    };
    for (what, problems) in [
        (
            "no version",
            broken(&|p| {
                p.as_object_mut().unwrap().remove("version");
            }),
        ),
        ("version 1.1.5", broken(&|p| p["version"] = json!("1.1.5"))),
        ("no releases", broken(&|p| p["releases"] = json!([]))),
        (
            "bad method",
            broken(&|p| p["releases"][0]["tender"]["procurementMethod"] = json!("specific")),
        ),
        (
            "amount as text",
            broken(&|p| p["releases"][0]["tender"]["value"]["amount"] = json!("10,000.00")),
        ),
        (
            "unknown currency",
            broken(&|p| p["releases"][0]["tender"]["value"]["currency"] = json!("BAHT")),
        ),
        (
            "bad date",
            broken(&|p| p["releases"][2]["contracts"][0]["dateSigned"] = json!("15/01/2567")),
        ),
        (
            "no ocid",
            broken(&|p| {
                p["releases"][1].as_object_mut().unwrap().remove("ocid");
            }),
        ),
        (
            "bad tag",
            broken(&|p| p["releases"][1]["tag"] = json!(["purchase"])),
        ),
        (
            "contract without award id",
            broken(&|p| {
                p["releases"][2]["contracts"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("awardID");
            }),
        ),
        (
            "duplicate release",
            broken(&|p| {
                let first = p["releases"][0].clone();
                p["releases"].as_array_mut().unwrap().push(first);
            }),
        ),
        (
            "bad initiation type",
            broken(&|p| p["releases"][0]["initiationType"] = json!("award")),
        ),
    ] {
        assert!(!problems.is_empty(), "{what} was accepted");
    }
}

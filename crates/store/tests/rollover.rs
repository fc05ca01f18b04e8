//! The yearly rollover on SQLite and PostgreSQL: standing evidence carried along the framework
//! diff (same numbering 2566 → 2567, merges 2567 → 2568), what a module attached left to the
//! module, units carried, applying twice adds nothing, the earlier year unchanged, one audit
//! entry; and replaced evidence kept as an earlier version.

use std::collections::BTreeMap;

use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{Cadence, FrameworkSet};
use prongsai_domain::rollover::{self, Action};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::blobs::BlobStore;
use prongsai_store::both_backends;
use prongsai_store::disclosure::{DocumentMeta, NewDocument, NewEvidence, Target};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope, Store, StoreError};

async fn agency(s: &Store, slug: &str) -> AgencyScope {
    s.create_agency(
        &Actor::system("test"),
        NewAgency {
            slug: AgencySlug::parse(slug).unwrap(),
            name_th: format!("อบต.{slug}"),
            name_en: None,
            kind: AgencyKind::Sao,
            province: "นครราชสีมา".into(),
        },
    )
    .await
    .unwrap()
    .0
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap()
}

async fn document(s: &Store, a: &AgencyScope, blobs: &BlobStore, title: &str) -> i64 {
    s.add_document(
        a,
        &Actor::system("test"),
        blobs,
        NewDocument {
            file_name: "doc.pdf".into(),
            kind: "pdf".into(),
            bytes: format!("%PDF-1.7 {title}").into_bytes(),
            body: None,
            meta: DocumentMeta {
                title: title.into(),
                public: true,
                ..Default::default()
            },
        },
    )
    .await
    .unwrap()
    .0
    .id
}

fn ev(target: Target, label: &str, data_year: Option<i32>) -> NewEvidence {
    NewEvidence {
        target,
        label: label.into(),
        data_year: data_year.map(fy),
        period: None,
        published_on: None,
    }
}

/// Everything of a year, as JSON, without ids that a rollover could not change anyway.
async fn snapshot(s: &Store, a: &AgencyScope, y: i32) -> String {
    serde_json::to_string(&s.disclosures(a, fy(y)).await.unwrap()).unwrap()
}

/// (item code → targets of its current evidence) of a year.
async fn targets(s: &Store, a: &AgencyScope, y: i32) -> BTreeMap<String, Vec<String>> {
    s.disclosures(a, fy(y))
        .await
        .unwrap()
        .into_iter()
        .map(|(code, d)| {
            let t = d
                .evidence
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}",
                        e.evidence.kind,
                        e.evidence
                            .document_id
                            .map(|d| d.to_string())
                            .or(e.evidence.url.clone())
                            .unwrap_or_default()
                    )
                })
                .collect();
            (code, t)
        })
        .filter(|(_, t): &(String, Vec<String>)| !t.is_empty())
        .collect()
}

both_backends!(carries_along_the_diff_once, |db: TestDb| async move {
    let s = &db.store;
    let t = Actor::system("test");
    let a = agency(s, "krathok").await;
    let other = agency(s, "other").await;
    // the SQLite and PostgreSQL runs of a test go at once in one process: a folder each
    let dir = std::env::temp_dir().join(format!(
        "prongsai-ro-{}-{:?}",
        std::process::id(),
        db.backend
    ));
    let blobs = BlobStore::open(&dir).unwrap();
    let (set, errors) = FrameworkSet::bundled();
    assert!(errors.is_empty());
    let unit = s.create_unit(&a, &t, "สำนักปลัด".into(), None).await.unwrap();

    // FY 2566: standing items (structure O1, powers O3, laws O6 as a link, contact O5 by the
    // module and by hand), a yearly plan O11, a monthly summary O21, ethics code O39
    let structure = document(s, &a, &blobs, "โครงสร้าง").await;
    let powers = document(s, &a, &blobs, "อำนาจหน้าที่").await;
    let plan_doc = document(s, &a, &blobs, "แผนดำเนินงาน 2566").await;
    let ethics = document(s, &a, &blobs, "ประมวลจริยธรรม").await;
    let y66 = fy(2566);
    s.add_evidence(
        &a,
        &t,
        y66,
        "O1",
        ev(Target::Document(structure), "โครงสร้าง", None),
    )
    .await
    .unwrap();
    s.set_disclosure(&a, &t, y66, "O1", Some(unit.id), None)
        .await
        .unwrap();
    s.add_evidence(
        &a,
        &t,
        y66,
        "O3",
        ev(Target::Document(powers), "อำนาจหน้าที่", None),
    )
    .await
    .unwrap();
    s.add_evidence(
        &a,
        &t,
        y66,
        "O6",
        ev(
            Target::Link("https://www.krisdika.go.th/".into()),
            "กฎหมาย",
            None,
        ),
    )
    .await
    .unwrap();
    s.attach_auto(
        &a,
        &t,
        y66,
        "O5",
        "contact",
        ev(Target::Page("/krathok/contact".into()), "ติดต่อ", None),
    )
    .await
    .unwrap();
    s.add_evidence(
        &a,
        &t,
        y66,
        "O5",
        ev(Target::Page("/krathok".into()), "หน้าแรก", None),
    )
    .await
    .unwrap();
    s.add_evidence(
        &a,
        &t,
        y66,
        "O11",
        ev(Target::Document(plan_doc), "แผน 2566", Some(2566)),
    )
    .await
    .unwrap();
    s.add_evidence(
        &a,
        &t,
        y66,
        "O21",
        ev(
            Target::Link("https://example.org/sko1-10".into()),
            "สขร.๑ ต.ค.",
            Some(2566),
        ),
    )
    .await
    .unwrap();
    s.add_evidence(
        &a,
        &t,
        y66,
        "O39",
        ev(Target::Document(ethics), "ประมวลจริยธรรม", None),
    )
    .await
    .unwrap();
    let before_66 = snapshot(s, &a, 2566).await;
    let other_before = snapshot(s, &other, 2566).await;

    // 2566 → 2567: the same numbering
    let (e66, l67) = rollover::frameworks(&set, 2566, 2567).unwrap();
    let sources = s.rollover_sources(&a, y66).await.unwrap();
    assert!(sources["O5"].evidence.iter().any(|e| e.produced));
    let plan = rollover::plan(e66, l67, &sources, None);
    let pos = s.audit_position(&a).await.unwrap();
    let applied = s.apply_rollover(&a, &t, &plan).await.unwrap();
    assert_eq!(applied.carried, 5, "{applied:?}");
    assert_eq!(applied.units, 1);
    assert_eq!(
        s.audit_position(&a).await.unwrap(),
        pos + 1,
        "one audit entry"
    );
    let got = targets(s, &a, 2567).await;
    assert_eq!(got["O1"], vec![format!("document:{structure}")]);
    assert_eq!(got["O3"], vec![format!("document:{powers}")]);
    assert_eq!(
        got["O6"],
        vec!["link:https://www.krisdika.go.th/".to_string()]
    );
    // the module's contact page is the module's to attach; the hand-made one is carried
    assert_eq!(got["O5"], vec!["page:/krathok".to_string()]);
    assert_eq!(got["O39"], vec![format!("document:{ethics}")]);
    assert!(!got.contains_key("O11"), "a yearly plan must be new");
    assert!(!got.contains_key("O21"), "monthly summaries must be new");
    let d67 = s.disclosures(&a, fy(2567)).await.unwrap();
    assert_eq!(
        d67["O1"].disclosure.as_ref().unwrap().unit_id,
        Some(unit.id)
    );
    let carried = &d67["O1"].evidence[0].evidence;
    assert!(carried
        .auto_key
        .as_deref()
        .unwrap()
        .starts_with("rollover:2566:"));
    assert_eq!(
        plan.items.iter().find(|i| i.code == "O11").unwrap().action,
        Action::MustBeNew
    );

    // twice: nothing new, no audit entry
    let again = s.apply_rollover(&a, &t, &plan).await.unwrap();
    assert_eq!(again.carried, 0);
    assert_eq!(again.already, 5);
    assert_eq!(again.units, 0);
    assert_eq!(s.audit_position(&a).await.unwrap(), pos + 1);
    assert_eq!(targets(s, &a, 2567).await, got);
    // a plan made again from the same data is idempotent too
    let plan2 = rollover::plan(e66, l67, &s.rollover_sources(&a, y66).await.unwrap(), None);
    assert_eq!(s.apply_rollover(&a, &t, &plan2).await.unwrap().carried, 0);

    // FY 2566 did not change; the other agency neither
    assert_eq!(snapshot(s, &a, 2566).await, before_66);
    assert_eq!(snapshot(s, &other, 2566).await, other_before);
    // the other agency's scope cannot carry this agency's evidence
    let stolen = s.apply_rollover(&other, &t, &plan).await.unwrap();
    assert_eq!(stolen.carried, 0);
    assert_eq!(stolen.gone, plan.carried());
    assert!(targets(s, &other, 2567).await.is_empty());

    // 2567 → 2568: O1 merges structure (O1) and powers (O3); contact O5 becomes O3
    let (e67, l68) = rollover::frameworks(&set, 2567, 2568).unwrap();
    let before_67 = snapshot(s, &a, 2567).await;
    let plan = rollover::plan(
        e67,
        l68,
        &s.rollover_sources(&a, fy(2567)).await.unwrap(),
        None,
    );
    let o1 = plan.items.iter().find(|i| i.code == "O1").unwrap();
    assert!(o1.review.is_some(), "a merge is reviewed");
    s.apply_rollover(&a, &t, &plan).await.unwrap();
    let got = targets(s, &a, 2568).await;
    assert_eq!(
        got["O1"],
        vec![
            format!("document:{structure}"),
            format!("document:{powers}")
        ]
    );
    assert_eq!(got["O3"], vec!["page:/krathok".to_string()]);
    // the ethics code went into a yearly item: not carried, and said so
    let o16 = plan
        .items
        .iter()
        .find(|i| i.from.iter().any(|(c, _)| c == "O39"))
        .unwrap();
    assert_eq!(o16.action, Action::MustBeNew);
    assert!(!got.contains_key(&o16.code));
    // every carried piece lands on a standing item of 2568
    for code in got.keys() {
        assert_eq!(l68.item(code).unwrap().cadence, Cadence::Once, "{code}");
    }
    assert_eq!(snapshot(s, &a, 2567).await, before_67);

    // a year with no framework file is refused by name
    let last = set.all().last().unwrap().fiscal_year.be();
    let e = rollover::frameworks(&set, last, last + 1).unwrap_err();
    assert!(e.en.contains(&format!("frameworks/{}.toml", last + 1)));

    let _ = std::fs::remove_dir_all(&dir);
    db.cleanup().await;
});

both_backends!(
    replaced_evidence_stays_as_an_earlier_version,
    |db: TestDb| async move {
        let s = &db.store;
        let t = Actor::system("test");
        let a = agency(s, "krathok").await;
        let dir = std::env::temp_dir().join(format!(
            "prongsai-ro-v-{}-{:?}",
            std::process::id(),
            db.backend
        ));
        let blobs = BlobStore::open(&dir).unwrap();
        let y = fy(2566);
        let v1 = document(s, &a, &blobs, "แผน ฉบับที่ 1").await;
        let v2 = document(s, &a, &blobs, "แผน ฉบับที่ 2").await;
        let first = s
            .add_evidence(
                &a,
                &t,
                y,
                "O11",
                ev(Target::Document(v1), "แผน", Some(2566)),
            )
            .await
            .unwrap();
        // the same document again is not a new version
        let same = s
            .replace_evidence(
                &a,
                &t,
                y,
                "O11",
                first.id,
                ev(Target::Document(v1), "แผน", Some(2566)),
            )
            .await;
        assert!(matches!(same, Err(StoreError::Input(_))), "{same:?}");
        let second = s
            .replace_evidence(
                &a,
                &t,
                y,
                "O11",
                first.id,
                ev(Target::Document(v2), "แผน ฉบับปรับปรุง", Some(2566)),
            )
            .await
            .unwrap();
        let d = s.disclosure(&a, y, "O11").await.unwrap();
        assert_eq!(d.evidence.len(), 1);
        assert_eq!(d.evidence[0].evidence.id, second.id);
        assert_eq!(d.evidence[0].evidence.sort_order, first.sort_order);
        assert_eq!(d.earlier.len(), 1);
        assert_eq!(d.earlier[0].evidence.id, first.id);
        assert_eq!(d.earlier[0].evidence.superseded_by, Some(second.id));
        assert_eq!(d.earlier[0].document.as_ref().unwrap().id, v1);
        // readiness counts the current version only
        let inputs = s.readiness_inputs(y).await.unwrap();
        assert_eq!(inputs[&a.agency_id()]["O11"].len(), 1);
        // an earlier version is not replaced again; the old document cannot be deleted
        let again = s
            .replace_evidence(
                &a,
                &t,
                y,
                "O11",
                first.id,
                ev(Target::Document(v2), "x", None),
            )
            .await;
        assert!(matches!(again, Err(StoreError::NotFound)));
        assert!(s.delete_document(&a, &t, v1).await.is_err());
        // what a module attached replaces itself
        let auto = s
            .attach_auto(
                &a,
                &t,
                y,
                "O42",
                "measures:plan",
                ev(
                    Target::Page("/krathok/measures/2566".into()),
                    "มาตรการ",
                    Some(2566),
                ),
            )
            .await
            .unwrap();
        let r = s
            .replace_evidence(
                &a,
                &t,
                y,
                "O42",
                auto.id,
                ev(Target::Document(v2), "x", None),
            )
            .await;
        assert!(matches!(r, Err(StoreError::Input(_))), "{r:?}");
        // another item's evidence is not found through this item
        let r = s
            .replace_evidence(
                &a,
                &t,
                y,
                "O12",
                second.id,
                ev(Target::Document(v1), "x", None),
            )
            .await;
        assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");

        // a carried piece replaced in the new year is not carried again
        let (set, _) = FrameworkSet::bundled();
        let (e66, l67) = rollover::frameworks(&set, 2566, 2567).unwrap();
        let structure = document(s, &a, &blobs, "โครงสร้าง").await;
        let structure2 = document(s, &a, &blobs, "โครงสร้าง 2567").await;
        s.add_evidence(
            &a,
            &t,
            y,
            "O1",
            ev(Target::Document(structure), "โครงสร้าง", None),
        )
        .await
        .unwrap();
        let plan = rollover::plan(e66, l67, &s.rollover_sources(&a, y).await.unwrap(), None);
        assert_eq!(s.apply_rollover(&a, &t, &plan).await.unwrap().carried, 1);
        let carried = s.disclosure(&a, fy(2567), "O1").await.unwrap().evidence[0]
            .evidence
            .id;
        s.replace_evidence(
            &a,
            &t,
            fy(2567),
            "O1",
            carried,
            ev(Target::Document(structure2), "โครงสร้าง", None),
        )
        .await
        .unwrap();
        let applied = s.apply_rollover(&a, &t, &plan).await.unwrap();
        assert_eq!(applied.carried, 0, "{applied:?}");
        let d = s.disclosure(&a, fy(2567), "O1").await.unwrap();
        assert_eq!(d.evidence.len(), 1);
        assert_eq!(d.evidence[0].evidence.document_id, Some(structure2));
        assert_eq!(d.earlier.len(), 1);

        let _ = std::fs::remove_dir_all(&dir);
        db.cleanup().await;
    }
);

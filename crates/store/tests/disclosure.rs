//! Documents (stored once, found by the Thai words inside them) and disclosures (evidence per
//! O-item, attached by hand or by a module, once per key), on SQLite and PostgreSQL.

use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::blobs::BlobStore;
use prongsai_store::both_backends;
use prongsai_store::disclosure::{DocumentMeta, NewDocument, NewEvidence, Target};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{audit, Actor, AgencyScope, Store, StoreError};

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

fn doc(bytes: &[u8], title: &str, body: &str, year: Option<FiscalYear>) -> NewDocument {
    NewDocument {
        file_name: "report.pdf".into(),
        kind: "pdf".into(),
        bytes: bytes.to_vec(),
        body: Some(body.into()),
        meta: DocumentMeta {
            title: title.into(),
            fiscal_year: year,
            public: true,
            ..Default::default()
        },
    }
}

both_backends!(documents_and_disclosures, |db: TestDb| async move {
    let s = &db.store;
    let actor = Actor::system("test");
    let a = agency(s, "krathok").await;
    let b = agency(s, "other").await;
    let dir = std::env::temp_dir().join(format!("prongsai-blobs-{}", rand_suffix()));
    let blobs = BlobStore::open(&dir).unwrap();
    let fy = FiscalYear::new(2566).unwrap();

    // stored once: the same bytes again are the same document
    let (d1, new1) = s
        .add_document(
            &a,
            &actor,
            &blobs,
            doc(
                b"%PDF-1.7 one",
                "สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม",
                "รายงานสรุปผลการจัดซื้อจัดจ้างประจำเดือน งานพัสดุ กองคลัง",
                Some(fy),
            ),
        )
        .await
        .unwrap();
    assert!(new1);
    let (again, new2) = s
        .add_document(&a, &actor, &blobs, doc(b"%PDF-1.7 one", "ชื่ออื่น", "", None))
        .await
        .unwrap();
    assert!(!new2);
    assert_eq!(again.id, d1.id);
    assert_eq!(blobs.get(&d1.sha256).await.unwrap(), b"%PDF-1.7 one");
    let (d2, _) = s
        .add_document(
            &a,
            &actor,
            &blobs,
            doc(
                b"%PDF-1.7 two",
                "แผนปฏิบัติการป้องกันการทุจริต",
                "โครงการส่งเสริมคุณธรรมและความโปร่งใส 100% งบประมาณ",
                Some(fy),
            ),
        )
        .await
        .unwrap();
    // another agency uploading the same bytes gets its own document (the blob is shared)
    let (other_doc, _) = s
        .add_document(
            &b,
            &actor,
            &blobs,
            doc(b"%PDF-1.7 one", "เอกสารของอีกแห่ง", "จัดซื้อจัดจ้าง", None),
        )
        .await
        .unwrap();
    assert_ne!(other_doc.id, d1.id);

    // Thai words inside the text are found; query syntax is only text; other agencies' are not
    let found = |q: &'static str| {
        let s = s.clone();
        async move {
            s.documents(&a, Some(q), None)
                .await
                .unwrap()
                .into_iter()
                .map(|d| d.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(found("งานพัสดุ").await, vec![d1.id]);
    assert_eq!(found("ความโปร่งใส").await, vec![d2.id]);
    assert_eq!(found("จัดซื้อจัดจ้าง").await, vec![d1.id]);
    assert_eq!(found("คุณธรรม").await, vec![d2.id]);
    assert_eq!(found("กอง").await, vec![d1.id], "two letters still match");
    assert!(found("\" OR 1=1 --").await.is_empty());
    assert!(found("title:แผน*").await.is_empty());
    assert!(found("NEAR(แผน ปฏิบัติ)").await.is_empty());
    assert_eq!(
        found("100%").await,
        vec![d2.id],
        "% is a character, not a wildcard"
    );
    assert!(
        found("1_0").await.is_empty(),
        "_ is a character, not a wildcard"
    );
    assert_eq!(s.documents(&a, None, Some(fy)).await.unwrap().len(), 2);
    assert!(s.document(&a, other_doc.id).await.is_err());

    // evidence: a document, a link and a page; attached once per module key
    let o = "O20";
    s.add_evidence(
        &a,
        &actor,
        fy,
        o,
        NewEvidence {
            target: Target::Document(d1.id),
            label: "ตุลาคม 2565".into(),
            data_year: Some(fy),
            period: fy.period("month:10"),
            published_on: None,
        },
    )
    .await
    .unwrap();
    s.add_evidence(
        &a,
        &actor,
        fy,
        o,
        NewEvidence {
            target: Target::Link("https://process3.gprocurement.go.th/x".into()),
            label: "ระบบ e-GP".into(),
            data_year: Some(fy),
            period: None,
            published_on: None,
        },
    )
    .await
    .unwrap();
    // another agency's document cannot be attached
    assert!(matches!(
        s.add_evidence(
            &a,
            &actor,
            fy,
            o,
            NewEvidence {
                target: Target::Document(other_doc.id),
                label: "x".into(),
                data_year: None,
                period: None,
                published_on: None,
            },
        )
        .await,
        Err(StoreError::NotFound)
    ));
    // a period of another year is refused
    assert!(matches!(
        s.add_evidence(
            &a,
            &actor,
            fy,
            o,
            NewEvidence {
                target: Target::Document(d1.id),
                label: "x".into(),
                data_year: Some(fy),
                period: FiscalYear::new(2567).unwrap().period("half:1"),
                published_on: None,
            },
        )
        .await,
        Err(StoreError::Input(_))
    ));
    let page = |label: &str| NewEvidence {
        target: Target::Page("/krathok/ita/2566/O43".into()),
        label: label.into(),
        data_year: Some(fy),
        period: fy.period("half:1"),
        published_on: None,
    };
    let e1 = s
        .attach_auto(
            &a,
            &actor,
            fy,
            "O43",
            "measures:round:1",
            page("รายงาน ฉบับที่ 1"),
        )
        .await
        .unwrap();
    let e2 = s
        .attach_auto(
            &a,
            &actor,
            fy,
            "O43",
            "measures:round:1",
            page("รายงาน ฉบับที่ 2"),
        )
        .await
        .unwrap();
    assert_eq!(e1.id, e2.id, "the same key updates, never duplicates");
    let all = s.disclosures(&a, fy).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all["O20"].evidence.len(), 2);
    assert_eq!(all["O43"].evidence.len(), 1);
    assert_eq!(all["O43"].evidence[0].evidence.label, "รายงาน ฉบับที่ 2");
    let first = &all["O20"].evidence[0];
    assert_eq!(first.document.as_ref().map(|d| d.id), Some(d1.id));
    let r = first.as_readiness();
    assert_eq!(r.period, fy.period("month:10"));
    assert!(r.public && !r.dead);
    assert!(s.disclosures(&b, fy).await.unwrap().is_empty());

    // link status from the checker shows on the evidence
    let links = s.external_links().await.unwrap();
    assert_eq!(links.len(), 1);
    let before = s.audit_position(&a).await.unwrap();
    s.set_link_status(&links[0], false, Some("404".into()))
        .await
        .unwrap();
    assert_eq!(
        s.audit_position(&a).await.unwrap(),
        before + 1,
        "a change is audited"
    );
    let links = s.external_links().await.unwrap();
    assert_eq!(links[0].ok_before, Some(false));
    s.set_link_status(&links[0], false, Some("404".into()))
        .await
        .unwrap();
    assert_eq!(
        s.audit_position(&a).await.unwrap(),
        before + 1,
        "the same state again is not"
    );
    let item = s.disclosure(&a, fy, "O20").await.unwrap();
    assert!(item.evidence[1].is_dead());

    // a document in use cannot be deleted; detached, it can
    assert!(matches!(
        s.delete_document(&a, &actor, d1.id).await,
        Err(StoreError::Input(_))
    ));
    s.remove_evidence(&a, &actor, item.evidence[0].evidence.id)
        .await
        .unwrap();
    s.delete_document(&a, &actor, d1.id).await.unwrap();
    assert!(
        found("งานพัสดุ").await.is_empty(),
        "the search index follows deletes"
    );

    // explanation and unit; too long is refused and nothing changes
    s.set_disclosure(&a, &actor, fy, "O20", None, Some("เผยแพร่ทุกเดือน".into()))
        .await
        .unwrap();
    assert!(s
        .set_disclosure(&a, &actor, fy, "O20", None, Some("ก".repeat(5001)))
        .await
        .is_err());
    let item = s.disclosure(&a, fy, "O20").await.unwrap();
    assert_eq!(
        item.disclosure.unwrap().explanation.as_deref(),
        Some("เผยแพร่ทุกเดือน")
    );
    // updating a document's title re-indexes it
    s.update_document(
        &a,
        &actor,
        d2.id,
        DocumentMeta {
            title: "แผนใหม่ ป.ป.ช.".into(),
            public: false,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(found("แผนใหม่").await, vec![d2.id]);
    assert!(audit::verify_agency(s, &a).await.unwrap().is_ok());
    let _ = std::fs::remove_dir_all(dir);
});

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

both_backends!(
    readiness_inputs_agree_with_each_agency,
    |db: TestDb| async move {
        // The installation-wide read (three queries for every agency) must give each agency
        // exactly the evidence its own pages judge readiness from.
        let s = &db.store;
        let actor = Actor::system("test");
        let (fwset, _) = prongsai_domain::framework::FrameworkSet::bundled();
        let fw = fwset.get(2566).unwrap();
        let fy = FiscalYear::new(2566).unwrap();
        let dir = std::env::temp_dir().join(format!("prongsai-blobs-{}", rand_suffix()));
        let blobs = BlobStore::open(&dir).unwrap();
        let a = agency(s, "aaa").await;
        let b = agency(s, "bbb").await;
        let _empty = agency(s, "ccc").await;
        let public = s
            .add_document(
                &a,
                &actor,
                &blobs,
                doc(b"%PDF-1.7 p", "สาธารณะ", "", Some(fy)),
            )
            .await
            .unwrap()
            .0;
        let mut internal_doc = doc(b"%PDF-1.7 i", "ภายใน", "", Some(fy));
        internal_doc.meta.public = false;
        let internal = s
            .add_document(&a, &actor, &blobs, internal_doc)
            .await
            .unwrap()
            .0;
        let ev = |target, period| NewEvidence {
            target,
            label: "หลักฐาน".into(),
            data_year: Some(fy),
            period,
            published_on: None,
        };
        s.add_evidence(
            &a,
            &actor,
            fy,
            "O1",
            ev(Target::Document(public.id), Some(fy.whole())),
        )
        .await
        .unwrap();
        s.add_evidence(
            &a,
            &actor,
            fy,
            "O2",
            ev(Target::Document(internal.id), Some(fy.whole())),
        )
        .await
        .unwrap();
        for m in [10, 11, 12] {
            s.add_evidence(
                &a,
                &actor,
                fy,
                "O13",
                ev(
                    Target::Page(format!("/aaa/p/{m}")),
                    Some(fy.month(m).unwrap()),
                ),
            )
            .await
            .unwrap();
        }
        s.add_evidence(
            &b,
            &actor,
            fy,
            "O1",
            ev(Target::Link("https://example.org/".into()), None),
        )
        .await
        .unwrap();
        s.set_disclosure(&b, &actor, fy, "O5", None, Some("ไม่มี".into()))
            .await
            .unwrap();
        // the link of b is found dead
        let link = s.external_links().await.unwrap().remove(0);
        s.set_link_status(&link, false, Some("HTTP 404".into()))
            .await
            .unwrap();
        // another year's evidence stays out
        s.add_evidence(
            &b,
            &actor,
            FiscalYear::new(2567).unwrap(),
            "O1",
            ev(Target::Page("/bbb".into()), None),
        )
        .await
        .unwrap();

        let all = s.readiness_inputs(fy).await.unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
        for scope in [&a, &b] {
            let own: std::collections::BTreeMap<String, Vec<_>> = s
                .disclosures(scope, fy)
                .await
                .unwrap()
                .into_iter()
                .map(|(code, d)| (code, d.evidence.iter().map(|e| e.as_readiness()).collect()))
                .collect();
            let got = all.get(&scope.agency_id()).cloned().unwrap_or_default();
            assert_eq!(got, own, "agency {}", scope.agency_id());
            assert_eq!(
                prongsai_domain::disclosure::summarize(fw, today, &got),
                prongsai_domain::disclosure::summarize(fw, today, &own)
            );
        }
        let a_ev = &all[&a.agency_id()];
        assert!(a_ev["O1"][0].public && !a_ev["O2"][0].public);
        assert_eq!(a_ev["O13"].len(), 3);
        assert!(all[&b.agency_id()]["O1"][0].dead);
        assert!(all[&b.agency_id()]["O5"].is_empty());
        assert_eq!(all.len(), 2, "an agency with nothing answered is absent");
        let _ = std::fs::remove_dir_all(dir);
    }
);

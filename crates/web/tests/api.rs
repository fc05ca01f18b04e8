//! The open data API over HTTP, on SQLite and PostgreSQL: disclosures and readiness as JSON and
//! CSV with only what the portal shows (internal documents never), validators that answer 304
//! and move when the data changes, JSON errors, the DCAT JSON-LD catalogue whose distributions
//! answer, and the OpenAPI document with the page made from it.

mod common;

use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::FrameworkSet;
use prongsai_store::both_backends;
use prongsai_store::disclosure::{DocumentMeta, NewDocument, NewEvidence, Target};
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;
use serde_json::Value;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks) as rows.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

async fn get_json(app: &TestApp, path: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let (status, headers, bytes) = app.client().get_bytes(path).await;
    let v = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{path} ({status}) is not JSON: {e}"));
    (status, headers, v)
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("header {name}"))
}

both_backends!(open_data_api, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    app.seed_agency("agency-y").await;
    let s = &app.db.store;
    let t = Actor::system("test");
    let fy = FiscalYear::new(2566).unwrap();
    let fw = FrameworkSet::bundled().0.get(2566).cloned().unwrap();
    let years = FrameworkSet::bundled().0.all().len();
    let base = app.url("");

    // O20 of 2566: a public document, a link and an internal document
    let mut docs = Vec::new();
    for (title, public, name) in [
        ("รายงานผลการดำเนินงาน ตุลาคม", true, "report-oct.pdf"),
        ("บันทึกภายใน", false, "memo.pdf"),
    ] {
        let (d, _) = s
            .add_document(
                &x.scope,
                &t,
                &app.state.blobs,
                NewDocument {
                    file_name: name.into(),
                    kind: "pdf".into(),
                    bytes: format!("%PDF-1.4\n% {title}\n%%EOF\n").into_bytes(),
                    body: None,
                    meta: DocumentMeta {
                        title: title.into(),
                        public,
                        ..Default::default()
                    },
                },
            )
            .await
            .unwrap();
        s.add_evidence(
            &x.scope,
            &t,
            fy,
            "O20",
            NewEvidence {
                target: Target::Document(d.id),
                label: title.into(),
                data_year: Some(fy),
                period: fy.period("month:10"),
                published_on: None,
            },
        )
        .await
        .unwrap();
        docs.push(d);
    }
    s.add_evidence(
        &x.scope,
        &t,
        fy,
        "O20",
        NewEvidence {
            target: Target::Link("https://www.gprocurement.go.th/".into()),
            label: "ระบบ e-GP, \"จัดซื้อ\"".into(),
            data_year: Some(fy),
            period: fy.period("month:11"),
            published_on: Some(chrono::NaiveDate::from_ymd_opt(2022, 12, 5).unwrap()),
        },
    )
    .await
    .unwrap();

    // --- disclosures.json: every item, only public evidence, absolute addresses
    let path = "/api/v1/agencies/agency-x/ita/2566/disclosures.json";
    let (status, h, j) = get_json(&app, path).await;
    assert_eq!(status, 200, "{j}");
    assert_eq!(
        header(&h, "content-type"),
        "application/json; charset=utf-8"
    );
    assert_eq!(header(&h, "access-control-allow-origin"), "*");
    assert_eq!(header(&h, "cache-control"), "public, max-age=300");
    let etag = header(&h, "etag").to_owned();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    assert_eq!(j["fiscal_year"], 2566);
    assert_eq!(j["agency"]["slug"], "agency-x");
    let items = j["items"].as_array().unwrap();
    assert_eq!(items.len(), fw.items.len(), "one record per item");
    let o20 = items.iter().find(|i| i["code"] == "O20").unwrap();
    assert_eq!(o20["permalink"], format!("{base}/agency-x/ita/2566/O20"));
    assert!(o20["indicator"].is_u64() && o20["sub_indicator"].is_string());
    assert!(o20["title_th"].as_str().unwrap().chars().count() > 3);
    let ev = o20["evidence"].as_array().unwrap();
    assert_eq!(ev.len(), 2, "the internal document is left out: {ev:?}");
    let doc = ev.iter().find(|e| e["kind"] == "document").unwrap();
    assert_eq!(doc["title"], "รายงานผลการดำเนินงาน ตุลาคม");
    assert_eq!(doc["period"], "month:10");
    assert_eq!(doc["data_year"], 2566);
    assert_eq!(doc["file"]["type"], "pdf");
    assert_eq!(doc["file"]["media_type"], "application/pdf");
    assert!(doc["file"]["size"].as_u64().unwrap() > 0);
    let doc_url = doc["url"].as_str().unwrap().to_owned();
    assert!(
        doc_url.starts_with(&format!("{base}/agency-x/files/{}/", docs[0].id)),
        "{doc_url}"
    );
    let link = ev.iter().find(|e| e["kind"] == "link").unwrap();
    assert_eq!(link["url"], "https://www.gprocurement.go.th/");
    assert_eq!(link["published_on"], "2022-12-05");
    assert_eq!(link["period"], "month:11");
    let text = j.to_string();
    assert!(!text.contains("บันทึกภายใน") && !text.contains("memo.pdf"));
    assert!(!text.contains(&format!("/files/{}/", docs[1].id)));
    assert!(
        items
            .iter()
            .all(|i| ["complete", "missing", "late", "outdated", "not_due"]
                .contains(&i["state"].as_str().unwrap())),
        "states are codes"
    );
    assert!(
        items
            .iter()
            .filter(|i| i["state"] != "complete")
            .all(|i| !i["reasons"].as_array().unwrap().is_empty()
                && i["reasons"][0]["th"].is_string()
                && i["reasons"][0]["en"].is_string()),
        "incomplete items say why in both languages"
    );
    // the document opens for anyone, at the address given
    let r = reqwest::get(&doc_url).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);

    // --- disclosures.csv: BOM, header, one row per evidence (one for an item without)
    let csv_path = "/api/v1/agencies/agency-x/ita/2566/disclosures.csv";
    let (status, h, bytes) = app.client().get_bytes(csv_path).await;
    assert_eq!(status, 200);
    assert_eq!(header(&h, "content-type"), "text/csv; charset=utf-8");
    assert!(
        header(&h, "content-disposition").contains("agency-x-ita-2566-disclosures.csv"),
        "{:?}",
        h.get("content-disposition")
    );
    assert!(header(&h, "content-disposition").starts_with("attachment"));
    assert!(h.get("etag").is_some());
    assert!(bytes.starts_with(BOM), "Excel needs the BOM");
    let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
    let rows = parse_csv(&text);
    assert_eq!(rows[0][0], "fiscal_year");
    assert_eq!(rows[0][1], "code");
    assert!(rows[0].contains(&"evidence_url".to_string()));
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "rectangular");
    let expected: usize = items
        .iter()
        .map(|i| i["evidence"].as_array().unwrap().len().max(1))
        .sum();
    assert_eq!(rows.len() - 1, expected, "one row per evidence");
    let o20_rows: Vec<_> = rows.iter().filter(|r| r[1] == "O20").collect();
    assert_eq!(o20_rows.len(), 2);
    let url_col = rows[0].iter().position(|c| c == "evidence_url").unwrap();
    let title_col = rows[0].iter().position(|c| c == "evidence_title").unwrap();
    assert!(o20_rows.iter().any(|r| r[url_col] == doc_url));
    assert!(o20_rows
        .iter()
        .any(|r| r[title_col] == "ระบบ e-GP, \"จัดซื้อ\""));
    let o1_rows: Vec<_> = rows.iter().filter(|r| r[1] == "O1").collect();
    assert_eq!(o1_rows.len(), 1, "an item without evidence has one row");
    assert!(o1_rows[0][title_col].is_empty() && o1_rows[0][url_col].is_empty());
    assert!(!text.contains("บันทึกภายใน"));

    // --- readiness.json: the tally adds up to the items
    let (status, h, r) = get_json(&app, "/api/v1/agencies/agency-x/ita/2566/readiness.json").await;
    assert_eq!(status, 200);
    assert!(h.get("etag").is_some());
    let tally = &r["tally"];
    let sum: u64 = ["complete", "missing", "late", "outdated", "not_due"]
        .iter()
        .map(|k| tally[*k].as_u64().unwrap())
        .sum();
    assert_eq!(sum, fw.items.len() as u64);
    assert_eq!(tally["total"].as_u64().unwrap(), fw.items.len() as u64);
    assert_eq!(r["items"].as_array().unwrap().len(), fw.items.len());
    assert!(r["as_of"].is_string());
    assert!(r["prediction"].get("oit").is_some());
    assert!(r["prediction"]["items_total"].as_u64().unwrap() > 0);
    let ro20 = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "O20")
        .unwrap();
    assert!(ro20["required"].is_array() && ro20["missing"].is_array());
    assert!(ro20.get("next_due").is_some());

    let (status, h, bytes) = app
        .client()
        .get_bytes("/api/v1/agencies/agency-x/ita/2566/readiness.csv")
        .await;
    assert_eq!(status, 200);
    assert!(header(&h, "content-disposition").contains("agency-x-ita-2566-readiness.csv"));
    assert!(bytes.starts_with(BOM));
    let rows = parse_csv(std::str::from_utf8(&bytes[BOM.len()..]).unwrap());
    assert_eq!(rows[0][2], "code");
    assert_eq!(rows.len() - 1, fw.items.len(), "one row per item");

    // --- validators: 304 with no body, and a new one once evidence is added
    let client = app.client();
    let again = client
        .http
        .get(app.url(path))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.headers().get("etag").unwrap().to_str().unwrap(), etag);
    assert_eq!(
        again.headers().get("access-control-allow-origin").unwrap(),
        "*"
    );
    assert!(again.bytes().await.unwrap().is_empty(), "304 has no body");
    // the same body from the cache for the same validator
    let (_, h2, j2) = get_json(&app, path).await;
    assert_eq!(header(&h2, "etag"), etag);
    assert_eq!(j2, j);
    s.add_evidence(
        &x.scope,
        &t,
        fy,
        "O1",
        NewEvidence {
            target: Target::Link("https://example.org/structure".into()),
            label: "โครงสร้างหน่วยงาน".into(),
            data_year: None,
            period: None,
            published_on: None,
        },
    )
    .await
    .unwrap();
    let changed = client
        .http
        .get(app.url(path))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status().as_u16(), 200, "the data changed");
    let new_etag = changed
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_etag, etag);
    let j3: Value = changed.json().await.unwrap();
    let o1 = j3["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "O1")
        .unwrap()
        .clone();
    assert_eq!(o1["evidence"][0]["title"], "โครงสร้างหน่วยงาน");

    // --- errors are JSON in Thai and English
    for p in [
        "/api/v1/agencies/nobody/ita/2566/disclosures.json",
        "/api/v1/agencies/nobody/ita/2566/readiness.csv",
        "/api/v1/agencies/agency-x/ita/1999/disclosures.json",
        "/api/v1/agencies/agency-x/ita/abc/readiness.json",
        "/api/v1/agencies/nobody/catalog.jsonld",
        "/api/v1/nothing-here",
    ] {
        let (status, h, e) = get_json(&app, p).await;
        assert_eq!(status, 404, "{p}");
        assert!(
            header(&h, "content-type").starts_with("application/json"),
            "{p}"
        );
        assert!(!e["error"]["th"].as_str().unwrap().is_empty(), "{p}");
        assert!(!e["error"]["en"].as_str().unwrap().is_empty(), "{p}");
    }
    let (_, _, e) = get_json(&app, "/api/v1/agencies/nobody/ita/2566/disclosures.json").await;
    assert_eq!(e["error"]["en"], "No such agency");
    assert!(e["error"]["th"].as_str().unwrap().contains("หน่วยงาน"));

    // --- agencies
    let (status, _, l) = get_json(&app, "/api/v1/agencies").await;
    assert_eq!(status, 200);
    let list = l["agencies"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let ax = list.iter().find(|a| a["slug"] == "agency-x").unwrap();
    assert_eq!(ax["name_en"], "agency-x SAO");
    assert_eq!(ax["kind"], "sao");
    assert_eq!(ax["portal_url"], format!("{base}/agency-x/ita"));
    assert!(ax["years"].as_array().unwrap().iter().any(|y| y == 2566));

    // --- the DCAT catalogue: a dataset per agency and year, two distributions that answer
    let (status, h, c) = get_json(&app, "/api/v1/catalog.jsonld").await;
    assert_eq!(status, 200);
    assert!(header(&h, "content-type").starts_with("application/ld+json"));
    for prefix in ["dcat", "dct", "foaf", "vcard"] {
        assert!(c["@context"][prefix].is_string(), "@context has {prefix}");
    }
    assert_eq!(c["@type"], "dcat:Catalog");
    let datasets = c["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 2 * years, "one per agency and year");
    let mut ids = std::collections::HashSet::new();
    for d in datasets {
        assert_eq!(d["@type"], "dcat:Dataset");
        assert!(ids.insert(d["dct:identifier"].as_str().unwrap().to_owned()));
        let langs: Vec<&str> = d["dct:title"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["@language"].as_str().unwrap())
            .collect();
        assert_eq!(langs, ["th", "en"]);
        assert_eq!(d["dct:publisher"]["@type"], "foaf:Organization");
        assert_eq!(
            d["dct:license"]["@id"],
            "http://opendefinition.org/licenses/cc-by/"
        );
        assert!(d["dcat:keyword"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "ความโปร่งใส"));
        assert!(d["dct:temporal"]["dcat:startDate"]["@value"].is_string());
        assert!(d["dct:modified"]["@value"].is_string());
        let landing = d["dcat:landingPage"]["@id"].as_str().unwrap();
        assert_eq!(reqwest::get(landing).await.unwrap().status().as_u16(), 200);
        let dist = d["dcat:distribution"].as_array().unwrap();
        assert_eq!(dist.len(), 2);
        let formats: Vec<&str> = dist
            .iter()
            .map(|x| x["dct:format"].as_str().unwrap())
            .collect();
        assert_eq!(formats, ["JSON", "CSV"]);
        for x in dist {
            for prop in ["dcat:accessURL", "dcat:downloadURL"] {
                let url = x[prop]["@id"].as_str().unwrap();
                assert!(url.starts_with(&base), "{url}");
                let r = reqwest::get(url).await.unwrap();
                assert_eq!(r.status().as_u16(), 200, "{url}");
            }
            assert!(x["dcat:mediaType"].is_string());
        }
    }
    let d2566 = datasets
        .iter()
        .find(|d| d["dct:identifier"] == "agency-x-ita-2566")
        .unwrap();
    assert_eq!(
        d2566["dct:temporal"]["dcat:startDate"]["@value"],
        "2022-10-01"
    );
    assert_eq!(
        d2566["dct:temporal"]["dcat:endDate"]["@value"],
        "2023-09-30"
    );
    // the catalogue validates too
    let cat_etag = header(&h, "etag").to_owned();
    let r = client
        .http
        .get(app.url("/api/v1/catalog.jsonld"))
        .header("if-none-match", &cat_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 304);
    // one agency's catalogue
    let (status, _, c) = get_json(&app, "/api/v1/agencies/agency-x/catalog.jsonld").await;
    assert_eq!(status, 200);
    let datasets = c["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), years);
    assert!(datasets.iter().all(|d| d["dct:identifier"]
        .as_str()
        .unwrap()
        .starts_with("agency-x-")));

    // --- OpenAPI and the page made from it
    let (status, h, spec) = get_json(&app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(spec["openapi"], "3.1.0");
    let spec_etag = header(&h, "etag").to_owned();
    let r = client
        .http
        .get(app.url("/api/openapi.json"))
        .header("if-none-match", &spec_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 304);
    let docs_page = client.get("/api/docs").await;
    assert_eq!(docs_page.status, 200);
    assert!(header(&docs_page.headers, "content-type").starts_with("text/html"));
    let html = docs_page
        .body
        .replace("&#47;", "/")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/");
    for p in spec["paths"].as_object().unwrap().keys() {
        assert!(html.contains(p.as_str()), "/api/docs lists {p}");
    }
    assert!(
        html.contains("/api/v1/agencies/agency-x/ita/"),
        "examples use a real agency"
    );
    assert!(html.contains("ข้อมูลเปิด"), "Thai first");

    // the portal links its open data
    let portal = client.get("/agency-x/ita/2566").await;
    assert!(portal.body.contains(path), "the portal links {path}");
    assert!(portal.body.contains("/api/docs"));
    app.stop().await;
});

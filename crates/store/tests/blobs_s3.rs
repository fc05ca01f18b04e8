//! The blob store on a real S3-compatible server, through `BlobStore::from_url("s3://…")` and the
//! standard `AWS_*` variables, as a deployment would configure it. The server is the one named by
//! `PRONGSAI_TEST_S3` (scripts/test starts moto on http://127.0.0.1:5055); without it the tests
//! fail, they never pass silently. Each test makes its own bucket (a plain HTTP PUT, which moto
//! and MinIO-style test servers accept without signing).

use std::sync::Once;

use futures_util::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::ObjectStore;
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::blobs::{sha256_hex, BlobStore};
use prongsai_store::disclosure::{DocumentMeta, NewDocument};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::Actor;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "prongsai-test-secret-key";

/// The test server's address, e.g. `http://127.0.0.1:5055`.
fn s3_endpoint() -> String {
    match std::env::var("PRONGSAI_TEST_S3") {
        Ok(u) if !u.trim().is_empty() => u.trim().trim_end_matches('/').to_string(),
        _ => panic!(
            "An S3-compatible server is needed for the blob store tests: set PRONGSAI_TEST_S3 \
             (e.g. http://127.0.0.1:5055 with `moto_server -H 127.0.0.1 -p 5055` running), or \
             run scripts/test, which installs and starts moto."
        ),
    }
}

/// Point the standard AWS variables at the test server (once per test binary, before any
/// store reads them).
fn aws_env() -> String {
    static ENV: Once = Once::new();
    let endpoint = s3_endpoint();
    ENV.call_once(|| {
        for k in [
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_S3",
            "AWS_SESSION_TOKEN",
            "AWS_REGION",
            "AWS_VIRTUAL_HOSTED_STYLE_REQUEST",
        ] {
            std::env::remove_var(k);
        }
        std::env::set_var("AWS_ACCESS_KEY_ID", "prongsai-test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", SECRET);
        std::env::set_var("AWS_DEFAULT_REGION", "us-east-1");
        std::env::set_var("AWS_ENDPOINT", &endpoint);
        std::env::set_var("AWS_ALLOW_HTTP", "true");
    });
    endpoint
}

fn unique_bucket() -> String {
    format!(
        "prongsai-t-{}-{:08x}",
        chrono::Utc::now().timestamp(),
        rand::random::<u32>()
    )
}

/// Make a bucket with a raw HTTP/1.1 PUT (object_store cannot create buckets).
async fn create_bucket(endpoint: &str, bucket: &str) {
    let host = endpoint
        .strip_prefix("http://")
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("PRONGSAI_TEST_S3 must be an http:// URL, not {endpoint}"));
    let mut conn = tokio::net::TcpStream::connect(host)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "the S3 test server at {endpoint} (PRONGSAI_TEST_S3) does not answer: {e}. \
                 Run scripts/test, which starts moto."
            )
        });
    let request = format!(
        "PUT /{bucket} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    conn.write_all(request.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut response = Vec::new();
    conn.read_to_end(&mut response)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let response = String::from_utf8_lossy(&response);
    let status = response.split_whitespace().nth(1).unwrap_or_default();
    assert_eq!(status, "200", "creating bucket {bucket}: {response}");
}

/// Every object in a bucket, by key.
async fn objects(bucket: &str) -> Vec<String> {
    let s3 = AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut keys: Vec<String> = s3
        .list(None)
        .map_ok(|m| m.location.to_string())
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    keys.sort();
    keys
}

#[tokio::test]
async fn blobs_on_an_s3_compatible_server() {
    let endpoint = aws_env();
    let bucket = unique_bucket();
    create_bucket(&endpoint, &bucket).await;
    let blobs =
        BlobStore::from_url(&format!("s3://{bucket}/prongsai/")).unwrap_or_else(|e| panic!("{e}"));
    let what = blobs.describe();
    assert_eq!(what, format!("s3://{bucket}/prongsai at {endpoint}"));
    assert!(!what.contains(SECRET) && !format!("{blobs:?}").contains(SECRET));
    blobs
        .check()
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));

    // stored once: the same bytes twice are one object, under <prefix>/blobs/ab/cd/<sha>
    let a = blobs
        .put(b"hello".to_vec())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let again = blobs
        .put(b"hello".to_vec())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, again);
    assert_eq!(a, sha256_hex(b"hello"));
    assert_eq!(
        objects(&bucket).await,
        vec![format!("prongsai/blobs/{}/{}/{a}", &a[..2], &a[2..4])]
    );
    assert_eq!(blobs.get(&a).await.unwrap_or_default(), b"hello");
    assert!(blobs.contains(&a).await);

    // unknown hashes and names that are not hashes are not found
    let unknown = sha256_hex(b"never stored");
    let e = blobs.get(&unknown).await.err().map(|e| e.kind());
    assert_eq!(e, Some(std::io::ErrorKind::NotFound));
    assert!(!blobs.contains(&unknown).await);
    for bad in ["../prongsai/blobs", "", &a.to_uppercase()] {
        let e = blobs.get(bad).await.err().map(|e| e.kind());
        assert_eq!(e, Some(std::io::ErrorKind::NotFound), "{bad}");
    }

    // a file bigger than one multipart part (5 MiB) still goes in one PUT and reads back whole
    let big: Vec<u8> = (0..6 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let big_sha = blobs
        .put(big.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(blobs.get(&big_sha).await.unwrap_or_default() == big);

    // an upload goes through Store::add_document to the bucket, and reads back
    let db = TestDb::sqlite().await;
    let actor = Actor::system("test");
    let (scope, _) = db
        .store
        .create_agency(
            &actor,
            NewAgency {
                slug: AgencySlug::parse("krathok").unwrap_or_else(|e| panic!("{e:?}")),
                name_th: "อบต.กระโทก".into(),
                name_en: None,
                kind: AgencyKind::Sao,
                province: "นครราชสีมา".into(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let upload = || NewDocument {
        file_name: "report.pdf".into(),
        kind: "pdf".into(),
        bytes: b"%PDF-1.7 report on S3".to_vec(),
        body: None,
        meta: DocumentMeta {
            title: "รายงานผลการดำเนินงาน".into(),
            public: true,
            ..Default::default()
        },
    };
    let (doc, new) = db
        .store
        .add_document(&scope, &actor, &blobs, upload())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(new);
    let (same, new) = db
        .store
        .add_document(&scope, &actor, &blobs, upload())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!new);
    assert_eq!(same.id, doc.id);
    assert_eq!(
        blobs.get(&doc.sha256).await.unwrap_or_default(),
        b"%PDF-1.7 report on S3"
    );
    assert_eq!(objects(&bucket).await.len(), 3);
    db.cleanup().await;
}

#[tokio::test]
async fn a_missing_bucket_fails_the_start_up_check() {
    let _ = aws_env();
    let blobs =
        BlobStore::from_url(&format!("s3://{}", unique_bucket())).unwrap_or_else(|e| panic!("{e}"));
    assert!(blobs.check().await.is_err(), "{}", blobs.describe());
    assert!(blobs.put(b"x".to_vec()).await.is_err());
}

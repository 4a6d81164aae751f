//! Photo scenarios, against fieldsync on the S3 store (the in-process S3 test
//! server of the test harness, which the direct SDK figure uses too):
//! upload throughput next to a direct PUT, server memory while many devices
//! upload large photos at once, and the `missing` check with a million
//! photos known.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use aws_sdk_s3::primitives::ByteStream;
use fieldsync::blobs::store::s3::S3Store;
use fieldsync_tests::{fake_jpeg, s3::S3Server, sha_hex};
use serde_json::json;

use crate::{server::Server, stats::Latencies};

const MIB: usize = 1024 * 1024;

/// Uploads one photo through fieldsync in chunks of `chunk` bytes.
pub async fn upload(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    data: &[u8],
    sha: &str,
    chunk: usize,
) -> anyhow::Result<()> {
    let started: serde_json::Value = http
        .post(format!("{url}/v1/blobs/uploads"))
        .bearer_auth(token)
        .json(&json!({"sha256": sha, "size": data.len()}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let Some(id) = started["upload_id"].as_str() else { return Ok(()) };
    let mut start = 0;
    while start < data.len() {
        let end = (start + chunk).min(data.len());
        let bytes = bytes::Bytes::copy_from_slice(&data[start..end]);
        http.put(format!("{url}/v1/blobs/uploads/{id}"))
            .bearer_auth(token)
            .header("content-range", format!("bytes {start}-{}/{}", end - 1, data.len()))
            .body(bytes)
            .send()
            .await?
            .error_for_status()?;
        start = end;
    }
    Ok(())
}

/// Upload rates, MiB/s.
pub struct Rates {
    /// Through fieldsync (sessions, chunks, verification, S3 multipart).
    pub fieldsync: f64,
    /// A direct `PutObject` of each photo.
    pub direct_put: f64,
    /// A direct multipart upload with the same part size as fieldsync's chunks.
    pub direct_multipart: f64,
}

/// A direct multipart upload of `data` in parts of `chunk` bytes.
async fn multipart(client: &aws_sdk_s3::Client, key: &str, data: &[u8], chunk: usize) -> anyhow::Result<()> {
    use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
    let bucket = fieldsync_tests::s3::BUCKET;
    let started = client.create_multipart_upload().bucket(bucket).key(key).send().await?;
    let id = started.upload_id().unwrap_or_default().to_owned();
    let mut parts = Vec::new();
    for (i, part) in data.chunks(chunk).enumerate() {
        let n = i as i32 + 1;
        let sent = client
            .upload_part()
            .bucket(bucket)
            .key(key)
            .upload_id(&id)
            .part_number(n)
            .body(ByteStream::from(part.to_vec()))
            .send()
            .await?;
        parts.push(CompletedPart::builder().part_number(n).e_tag(sent.e_tag().unwrap_or_default()).build());
    }
    client
        .complete_multipart_upload()
        .bucket(bucket)
        .key(key)
        .upload_id(&id)
        .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
        .send()
        .await?;
    Ok(())
}

/// Throughput of `count` photos of `size` bytes, `parallel` at a time, in
/// chunks of `chunk` bytes: through fieldsync, and directly to the same S3
/// server by `PutObject` and by multipart upload; interleaved, two rounds.
pub async fn throughput(
    url: &str,
    token: &str,
    s3: &S3Server,
    count: usize,
    size: usize,
    parallel: usize,
    chunk: usize,
) -> anyhow::Result<Rates> {
    let direct = S3Store::new(&s3.settings());
    let http = reqwest::Client::new();
    let rounds = 2;
    let (mut through, mut plain, mut parts) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for round in 0..rounds {
        let photos: Vec<(Vec<u8>, String)> = (0..count)
            .map(|i| {
                let data = fake_jpeg(size, (round * 10_000 + i) as u64 + 1_000);
                let sha = sha_hex(&data);
                (data, sha)
            })
            .collect();
        let photos = Arc::new(photos);
        // Direct PUTs of the same bytes, under other keys.
        let started = Instant::now();
        let mut tasks = Vec::new();
        for worker in 0..parallel {
            let (photos, client) = (photos.clone(), direct.client().clone());
            tasks.push(tokio::spawn(async move {
                for (i, (data, sha)) in photos.iter().enumerate().filter(|(i, _)| i % parallel == worker) {
                    client
                        .put_object()
                        .bucket(fieldsync_tests::s3::BUCKET)
                        .key(format!("direct/{sha}-{i}"))
                        .body(ByteStream::from(data.clone()))
                        .send()
                        .await?;
                }
                anyhow::Ok(())
            }));
        }
        for task in tasks {
            task.await??;
        }
        plain += started.elapsed();
        let started = Instant::now();
        let mut tasks = Vec::new();
        for worker in 0..parallel {
            let (photos, client) = (photos.clone(), direct.client().clone());
            tasks.push(tokio::spawn(async move {
                for (i, (data, sha)) in photos.iter().enumerate().filter(|(i, _)| i % parallel == worker) {
                    multipart(&client, &format!("multipart/{sha}-{i}"), data, chunk).await?;
                }
                anyhow::Ok(())
            }));
        }
        for task in tasks {
            task.await??;
        }
        parts += started.elapsed();
        let started = Instant::now();
        let mut tasks = Vec::new();
        for worker in 0..parallel {
            let (photos, http, url, token) = (photos.clone(), http.clone(), url.to_owned(), token.to_owned());
            tasks.push(tokio::spawn(async move {
                for (_, (data, sha)) in photos.iter().enumerate().filter(|(i, _)| i % parallel == worker) {
                    upload(&http, &url, &token, data, sha, chunk).await?;
                }
                anyhow::Ok(())
            }));
        }
        for task in tasks {
            task.await??;
        }
        through += started.elapsed();
    }
    let mib = (rounds * count * size) as f64 / MIB as f64;
    Ok(Rates {
        fieldsync: mib / through.as_secs_f64(),
        direct_put: mib / plain.as_secs_f64(),
        direct_multipart: mib / parts.as_secs_f64(),
    })
}

/// `devices` devices upload one photo of `size` bytes each at once (one
/// chunk each); returns the server's RSS before and at its peak, in MiB.
pub async fn memory(server: &Server, token: &str, devices: usize, size: usize) -> anyhow::Result<(f64, f64, Duration)> {
    let http = reqwest::Client::new();
    let photos: Vec<(Vec<u8>, String)> = (0..devices)
        .map(|i| {
            let data = fake_jpeg(size, 50_000 + i as u64);
            let sha = sha_hex(&data);
            (data, sha)
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = server.rss_mib();
    let done = Arc::new(AtomicBool::new(false));
    let pid_rss = {
        let done = done.clone();
        let read = server.rss_reader();
        tokio::spawn(async move {
            let mut peak = 0f64;
            while !done.load(Ordering::Relaxed) {
                peak = peak.max(read());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            // Thumbnail work continues after the uploads: keep watching a little.
            for _ in 0..100 {
                peak = peak.max(read());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            peak
        })
    };
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (data, sha) in photos {
        let (http, url, token) = (http.clone(), server.url.clone(), token.to_owned());
        tasks.push(tokio::spawn(async move { upload(&http, &url, &token, &data, &sha, data.len()).await }));
    }
    for task in tasks {
        task.await??;
    }
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let peak = pid_rss.await?;
    Ok((before, peak, elapsed))
}

/// Adds `known` photos straight into the database, then times `requests`
/// `missing` checks of `batch` hashes (half known, half not).
pub async fn missing(
    url: &str,
    token: &str,
    database_url: &str,
    known: u64,
    batch: usize,
    requests: usize,
) -> anyhow::Result<Latencies> {
    use sea_orm::{ConnectionTrait, Database};
    let db = Database::connect(database_url).await?;
    let sql = if database_url.starts_with("postgres") {
        format!(
            "INSERT INTO blobs (sha256, size, content_type, thumbnails, created_at) \
             SELECT lpad(to_hex(i), 64, '0'), 1000, 'image/jpeg', 'none', now() FROM generate_series(1, {known}) AS i"
        )
    } else {
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {known}) \
             INSERT INTO blobs (sha256, size, content_type, thumbnails, created_at) \
             SELECT printf('%064x', i), 1000, 'image/jpeg', 'none', strftime('%Y-%m-%d %H:%M:%S+00:00', 'now') FROM n"
        )
    };
    db.execute_unprepared(&sql).await?;
    // As a table that grew to this size would be after autovacuum: planner
    // statistics, and (PostgreSQL) a visibility map for index-only scans.
    let analyze = if database_url.starts_with("postgres") { "VACUUM ANALYZE blobs" } else { "ANALYZE blobs" };
    db.execute_unprepared(analyze).await?;
    drop(db);
    let http = reqwest::Client::new();
    let mut latency = Latencies::default();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for r in 0..requests + 10 {
        let hashes: Vec<String> = (0..batch)
            .map(|i| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                if i % 2 == 0 { format!("{:064x}", seed % known + 1) } else { sha_hex(&seed.to_le_bytes()) }
            })
            .collect();
        let sent = Instant::now();
        let reply: serde_json::Value = http
            .post(format!("{url}/v1/blobs/missing"))
            .bearer_auth(token)
            .json(&json!({"hashes": hashes}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let elapsed = sent.elapsed();
        anyhow::ensure!(reply["missing"].as_array().map(Vec::len) == Some(batch / 2), "wrong missing answer");
        // The first few warm the caches.
        if r >= 10 {
            latency.record(elapsed);
        }
    }
    Ok(latency)
}

//! `fieldsync-load`: simulates devices against the real fieldsync binary and
//! prints throughput, latency and server memory.
//!
//! ```sh
//! cargo build --release -p fieldsync
//! cargo run --release -p fieldsync-tests --bin fieldsync-load -- --devices 100 --seconds 10
//! cargo run --release -p fieldsync-tests --bin fieldsync-load -- --database-url postgres://postgres@127.0.0.1/load
//! cargo run --release -p fieldsync-tests --bin fieldsync-load -- --scenarios notices,reports
//! cargo run --release -p fieldsync-tests --bin fieldsync-load -- --scenarios import --import-rows 800000
//! cargo run --release -p fieldsync-tests --bin fieldsync-load -- --scenarios catchup
//! ```
#![forbid(unsafe_code)]

mod catchup;
mod fill;
mod growth;
mod import;
mod notices;
mod pages;
mod photos;
mod scenarios;
mod server;
mod stats;

use std::path::PathBuf;

use clap::Parser;

/// Load scenarios against a fresh fieldsync server with demo data.
#[derive(Debug, Parser)]
struct Args {
    /// The fieldsync binary (default: target/release/fieldsync).
    #[arg(long, default_value = "target/release/fieldsync")]
    binary: PathBuf,
    /// An empty PostgreSQL database to run on (default: SQLite in a temporary directory);
    /// with `--url`, the running server's database (for `reports` to fill).
    #[arg(long)]
    database_url: Option<String>,
    /// Use an already running server with demo data (for profiling it) instead of starting one.
    #[arg(long)]
    url: Option<String>,
    /// Devices pushing at once.
    #[arg(long, default_value_t = 100)]
    devices: usize,
    /// Mutations per push.
    #[arg(long, default_value_t = 50)]
    batch: usize,
    /// Milliseconds between one device's pushes in `push_paced` (100 devices
    /// x 50 every second offer 5,000 mutations/s).
    #[arg(long, default_value_t = 1_000)]
    push_every_ms: u64,
    /// Seconds of pushing.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Devices polling once a second with nothing new.
    #[arg(long, default_value_t = 1000)]
    pollers: usize,
    /// Seconds of polling.
    #[arg(long, default_value_t = 10)]
    poll_seconds: u64,
    /// Devices holding a live-events connection.
    #[arg(long, default_value_t = 1000)]
    listeners: usize,
    /// Changes made while they listen.
    #[arg(long, default_value_t = 20)]
    changes: usize,
    /// Changes per page asked for in a first sync.
    #[arg(long, default_value_t = 5_000)]
    page_limit: u32,
    /// Idle live connections held at once (`idle_sse`).
    #[arg(long, default_value_t = 10_000)]
    idle_connections: usize,
    /// Seconds they are held (past a heartbeat at 15 s).
    #[arg(long, default_value_t = 20)]
    idle_seconds: u64,
    /// Records the change log grows by between the two measures of `growth`.
    #[arg(long, default_value_t = 1_000_000)]
    growth_records: usize,
    /// Rows of the sites file in `import` (the bad file has an eighth of them).
    #[arg(long, default_value_t = 100_000)]
    import_rows: usize,
    /// Inspections queued offline in `catchup`.
    #[arg(long, default_value_t = 50)]
    catchup_inspections: usize,
    /// Photos per inspection in `catchup`.
    #[arg(long, default_value_t = 2)]
    catchup_photos: usize,
    /// Size of each photo in `catchup`, in bytes.
    #[arg(long, default_value_t = 3_000_000)]
    catchup_photo_bytes: usize,
    /// Scenarios to run: push, push_paced, first_sync, idle_pull, live, idle_sse, growth, notices, reports, pages, import, catchup (needs Chromium).
    #[arg(long, value_delimiter = ',', default_value = "push,push_paced,first_sync,idle_pull,live")]
    scenarios: Vec<String>,
    /// Notices issued at once (`notices`).
    #[arg(long, default_value_t = 1000)]
    notices: usize,
    /// Devices issuing at once (`notices`).
    #[arg(long, default_value_t = 50)]
    issuers: usize,
    /// Inspections in the year of work the reports read (`reports`).
    #[arg(long, default_value_t = 1_000_000)]
    year_inspections: usize,
    /// Notices in that year (`reports`).
    #[arg(long, default_value_t = 200_000)]
    year_notices: usize,
    /// Run the photo scenarios (on the S3 store, against an in-process S3 server) instead of the sync ones.
    #[arg(long)]
    photos: bool,
    /// Photos per round of the throughput scenario.
    #[arg(long, default_value_t = 20)]
    photo_count: usize,
    /// Size of those photos, in MiB.
    #[arg(long, default_value_t = 10)]
    photo_mib: usize,
    /// Photos uploaded at once in the throughput scenario.
    #[arg(long, default_value_t = 4)]
    photo_parallel: usize,
    /// Chunk (and direct multipart part) size in the throughput scenario, in MiB.
    #[arg(long, default_value_t = 8)]
    photo_chunk_mib: usize,
    /// Devices uploading at once in the memory scenario.
    #[arg(long, default_value_t = 20)]
    memory_devices: usize,
    /// Size of their photos, in MiB.
    #[arg(long, default_value_t = 25)]
    memory_mib: usize,
    /// Photos known to the server in the `missing` scenario.
    #[arg(long, default_value_t = 1_000_000)]
    known_photos: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.photos {
        return photo_scenarios(&args).await;
    }
    let mut server = match &args.url {
        Some(url) => server::Server::attach(url, args.database_url.as_deref()),
        None => server::Server::start(&args.binary, args.database_url.as_deref(), &[]).await?,
    };
    let backend = match &args.database_url {
        Some(url) if url.starts_with("postgres") => "postgresql",
        _ => "sqlite",
    };
    println!("fieldsync-load on {backend}; server RSS at start {:.1} MiB", server.rss_mib());
    let token = scenarios::token(&server.url, "inspector").await?;
    let sites = scenarios::sites(&server.url, &token).await?;

    let run = |name: &str| args.scenarios.iter().any(|s| s == name);
    for (name, pace) in [("push", None), ("push_paced", Some(std::time::Duration::from_millis(args.push_every_ms)))] {
        if !run(name) {
            continue;
        }
        let rss = server.rss_mib();
        let push = scenarios::push(&server.url, &token, &sites, args.devices, args.batch, args.seconds, pace).await?;
        let offered = match pace {
            Some(every) => format!(
                ", each every {} ms (offered {:.0}/s)",
                every.as_millis(),
                (args.devices * args.batch) as f64 / every.as_secs_f64()
            ),
            None => " back to back".to_owned(),
        };
        println!(
            "{name}: {} devices x {} per batch{offered}: {:.0} mutations/s ({} in {:.1} s); latency {}; RSS {:.1} -> {:.1} MiB",
            args.devices,
            args.batch,
            push.mutations as f64 / push.elapsed.as_secs_f64(),
            push.mutations,
            push.elapsed.as_secs_f64(),
            push.latency.summary(),
            rss,
            server.rss_mib()
        );
    }

    if run("first_sync") {
        let rss = server.rss_mib();
        let (records, wall, server_time) = scenarios::first_sync(&server.url, &token, args.page_limit).await?;
        println!(
            "first sync: {records} records in {:.2} s ({:.2} s in requests, {:.0} records/s of request time); RSS {:.1} -> {:.1} MiB",
            wall.as_secs_f64(),
            server_time.as_secs_f64(),
            records as f64 / server_time.as_secs_f64(),
            rss,
            server.rss_mib()
        );
    }

    if run("idle_pull") {
        let idle = scenarios::idle_pull(&server.url, &token, args.pollers, args.poll_seconds).await?;
        println!(
            "idle pull: {} devices once a second: {}; RSS {:.1} MiB",
            args.pollers,
            idle.summary(),
            server.rss_mib()
        );
    }
    if run("live") {
        let (live, pushes) = scenarios::live(&server.url, &token, sites[0], args.listeners, args.changes).await?;
        println!(
            "live: {} connections, {} changes: push-sent-to-poke {}; the pushes themselves {}; RSS {:.1} MiB",
            args.listeners,
            args.changes,
            live.summary(),
            pushes.summary(),
            server.rss_mib()
        );
    }
    if run("catchup") {
        let done =
            catchup::run(&mut server, args.catchup_inspections, args.catchup_photos, args.catchup_photo_bytes).await?;
        println!(
            "catchup: {} inspections and {} photos ({:.0} MB) queued offline in the browser, all synced {:.2} s after the server was back ({:.1} MB/s)",
            done.inspections,
            done.photos,
            done.bytes as f64 / 1e6,
            done.synced_in.as_secs_f64(),
            done.bytes as f64 / 1e6 / done.synced_in.as_secs_f64()
        );
    }
    if run("import") {
        let admin = scenarios::token(&server.url, "admin").await?;
        for (rows, bad) in [(args.import_rows, false), (args.import_rows / 8, true)] {
            let rss = server.rss_mib();
            let done = import::run(&server.url, &admin, &token, sites[0], rows, bad, server.rss_reader()).await?;
            println!(
                "import: {rows} {} rows ({:.1} MiB) answered {} ({} bytes) in {:.1} s ({:.0} rows/s); a device's pushes meanwhile {}; RSS {:.1} -> peak {:.1} -> {:.1} MiB",
                if bad { "bad" } else { "good" },
                done.file_bytes as f64 / 1048576.0,
                done.status,
                done.answer_bytes,
                done.elapsed.as_secs_f64(),
                rows as f64 / done.elapsed.as_secs_f64(),
                done.pushes.summary(),
                rss,
                done.peak_rss_mib,
                server.rss_mib()
            );
        }
    }
    if run("idle_sse") {
        let idle = scenarios::idle_sse(
            &server.url,
            &token,
            args.idle_connections,
            std::time::Duration::from_secs(args.idle_seconds),
            server.rss_reader(),
        )
        .await?;
        println!(
            "idle live connections: {} of {} open in {:.1} s, held {} s: server RSS {:.1} -> {:.1} MiB (+{:.1} MiB)",
            idle.open,
            args.idle_connections,
            idle.opening.as_secs_f64(),
            args.idle_seconds,
            idle.before,
            idle.held,
            idle.held - idle.before
        );
    }
    if run("growth") {
        let database_url =
            server.database_url.as_deref().ok_or_else(|| anyhow::anyhow!("growth needs the server's database"))?;
        let grown = growth::growth(&server.url, database_url, &token, sites[0], args.growth_records, 200).await?;
        println!(
            "growth: incremental pull with {} change-log rows: {}",
            grown.small.log_rows,
            grown.small.latency.summary()
        );
        println!(
            "growth: filled {} synced inspections in {:.1} s; a fresh device's first sync of its {} records took {:.2} s in requests ({:.0} records/s)",
            args.growth_records,
            grown.fill_time.as_secs_f64(),
            grown.first_sync_records,
            grown.first_sync_time.as_secs_f64(),
            grown.first_sync_records as f64 / grown.first_sync_time.as_secs_f64()
        );
        println!(
            "growth: incremental pull with {} change-log rows: {}",
            grown.large.log_rows,
            grown.large.latency.summary()
        );
    }
    if run("notices") {
        let issued = notices::issue(&server.url, &token, sites[0], args.notices, args.issuers).await?;
        println!(
            "notices: {} issued by {} devices at once: {:.0} notices/s, numbers gap-free: {}; latency {}",
            issued.count,
            args.issuers,
            issued.count as f64 / issued.elapsed.as_secs_f64(),
            issued.gap_free,
            issued.latency.summary()
        );
    }
    if run("reports") || run("pages") {
        let database_url =
            server.database_url.as_deref().ok_or_else(|| anyhow::anyhow!("reports need a started server"))?;
        let filling = std::time::Instant::now();
        fill::year_of_work(database_url, args.year_inspections, args.year_notices).await?;
        println!(
            "reports: filled {} inspections and {} notices in {:.1} s",
            args.year_inspections,
            args.year_notices,
            filling.elapsed().as_secs_f64()
        );
    }
    if run("reports") {
        let supervisor = scenarios::token(&server.url, "supervisor").await?;
        for (period, rounds) in [("daily", 100), ("weekly", 20), ("monthly", 10)] {
            let latency = notices::daily_reports(&server.url, &supervisor, rounds, period).await?;
            println!("reports: {period} report over the county: {}", latency.summary());
        }
    }
    if run("pages") {
        for (page, latency) in pages::pages(&server.url, 100).await? {
            println!("pages: {page}: {}", latency.summary());
        }
    }
    Ok(())
}

/// The photo scenarios on a fresh server using the S3 store.
async fn photo_scenarios(args: &Args) -> anyhow::Result<()> {
    const MIB: usize = 1024 * 1024;
    let s3 = fieldsync_tests::s3::S3Server::start().await;
    let store = s3.settings();
    let env: Vec<(String, String)> = [
        ("FIELDSYNC_BLOBS__BACKEND", "s3".to_owned()),
        ("FIELDSYNC_BLOBS__S3__ENDPOINT", store.endpoint.clone()),
        ("FIELDSYNC_BLOBS__S3__BUCKET", store.bucket.clone()),
        ("FIELDSYNC_BLOBS__S3__ACCESS_KEY_ID", store.access_key_id.clone()),
        ("FIELDSYNC_BLOBS__S3__SECRET_ACCESS_KEY", store.secret_access_key.expose().to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let server = server::Server::start(&args.binary, args.database_url.as_deref(), &env).await?;
    let backend = if args.database_url.is_some() { "postgresql" } else { "sqlite" };
    println!(
        "fieldsync-load photos on {backend}, S3 store (s3s-fs in this process); server RSS at start {:.1} MiB",
        server.rss_mib()
    );
    let token = scenarios::token(&server.url, "inspector").await?;

    let chunk = args.photo_chunk_mib * MIB;
    let rates = photos::throughput(
        &server.url,
        &token,
        &s3,
        args.photo_count,
        args.photo_mib * MIB,
        args.photo_parallel,
        chunk,
    )
    .await?;
    println!(
        "upload throughput: {} x {} MiB photos, {} at a time, {} MiB chunks: fieldsync {:.1} MiB/s; direct S3 PUT {:.1} MiB/s \
         (fieldsync {:.0}% of it); direct S3 multipart {:.1} MiB/s (fieldsync {:.0}% of it)",
        args.photo_count * 2,
        args.photo_mib,
        args.photo_parallel,
        args.photo_chunk_mib,
        rates.fieldsync,
        rates.direct_put,
        100.0 * rates.fieldsync / rates.direct_put,
        rates.direct_multipart,
        100.0 * rates.fieldsync / rates.direct_multipart
    );

    let (before, peak, elapsed) = photos::memory(&server, &token, args.memory_devices, args.memory_mib * MIB).await?;
    println!(
        "memory: {} devices upload a {} MiB photo at once (one chunk each) in {:.1} s: server RSS {:.1} -> peak {:.1} MiB (+{:.1} MiB)",
        args.memory_devices,
        args.memory_mib,
        elapsed.as_secs_f64(),
        before,
        peak,
        peak - before
    );

    let database_url = match &args.database_url {
        Some(url) => url.clone(),
        None => server.sqlite_url().ok_or_else(|| anyhow::anyhow!("no database"))?,
    };
    let latency = photos::missing(&server.url, &token, &database_url, args.known_photos, 1_000, 200).await?;
    println!("missing: 1000 hashes per check with {} photos known: {}", args.known_photos, latency.summary());
    Ok(())
}

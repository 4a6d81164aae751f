//! Layered settings: built-in defaults, then a TOML file, then `FIELDSYNC_`
//! environment variables (`__` separates nested keys). The only module that
//! reads the environment.

mod blobs;
pub mod numbering;
mod origins;
mod rural;
mod tls;
mod web;
mod webhooks;

pub use blobs::{BlobBackend, BlobSettings, S3Settings};
pub use numbering::{NumberingSettings, Parts, Pattern};
pub use origins::AllowedOrigins;
pub use rural::RuralSettings;
pub use tls::{TlsMode, TlsSettings};
pub use web::WebSettings;
pub use webhooks::WebhookSettings;

use std::{fmt, net::SocketAddr, path::PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

/// A secret value: its `Debug` and `Display` print `[redacted]`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is used, never to log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A database URL; printed without its password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// Wraps a database URL.
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    /// The full URL, credentials included; for connecting only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the URL names a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        self.0.starts_with("postgres://") || self.0.starts_with("postgresql://")
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for DatabaseUrl {
    /// Prints the URL with any password replaced by `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.find("://"), self.0.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                let userinfo = &self.0[scheme_end + 3..at];
                let user = userinfo.split(':').next().unwrap_or_default();
                write!(f, "{}{}:***{}", &self.0[..scheme_end + 3], user, &self.0[at..])
            }
            _ => f.write_str(&self.0),
        }
    }
}

/// All settings of a fieldsync process.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Address the HTTP server listens on.
    pub listen: SocketAddr,
    /// HTTPS on that address, if anywhere.
    pub tls: TlsSettings,
    /// Database URL: `sqlite://...` or `postgres://...`.
    pub database_url: DatabaseUrl,
    /// Directory for local data (blobs on the embedded default).
    pub data_dir: PathBuf,
    /// Database pool and migration settings.
    pub database: DatabaseSettings,
    /// Token lifetimes and login throttling.
    pub auth: AuthSettings,
    /// Request limits.
    pub http: HttpSettings,
    /// Logging.
    pub log: LogSettings,
    /// Sync engine: change-log retention.
    pub sync: SyncSettings,
    /// Rectification notices: deadlines and escalation.
    pub notices: NoticeSettings,
    /// Rural housing: which grades a renovation file may open for.
    pub rural: RuralSettings,
    /// How documents are numbered (文号).
    pub numbering: NumberingSettings,
    /// How the townships are ranked: the weights of the composite score.
    pub ranking: crate::reports::ranking::RankingSettings,
    /// Photos: the object store, limits and background work.
    pub blobs: BlobSettings,
    /// Webhooks: delivery worker and retry schedule.
    pub webhooks: WebhookSettings,
    /// The web pages: sessions and cookies.
    pub web: WebSettings,
    /// Where Prometheus metrics are served, if anywhere.
    pub metrics: MetricsSettings,
}

/// Prometheus metrics (`/metrics`): served nowhere unless set here.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricsSettings {
    /// A listen address of their own (e.g. `127.0.0.1:9464`, or an internal
    /// interface): `/metrics` is served there, and not on the main address.
    pub listen: Option<SocketAddr>,
    /// A bearer token the scraper sends. Set without `listen`, `/metrics` is
    /// served on the main address to callers holding it; set with `listen`,
    /// it guards that address too.
    pub token: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            tls: TlsSettings::default(),
            database_url: DatabaseUrl::new("sqlite://fieldsync.db?mode=rwc"),
            data_dir: PathBuf::from("./data"),
            database: DatabaseSettings::default(),
            auth: AuthSettings::default(),
            http: HttpSettings::default(),
            log: LogSettings::default(),
            sync: SyncSettings::default(),
            notices: NoticeSettings::default(),
            rural: RuralSettings::default(),
            numbering: NumberingSettings::default(),
            ranking: crate::reports::ranking::RankingSettings::default(),
            blobs: BlobSettings::default(),
            webhooks: WebhookSettings::default(),
            web: WebSettings::default(),
            metrics: MetricsSettings::default(),
        }
    }
}

/// Database pool and migration settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseSettings {
    /// Largest number of pooled connections (readers on SQLite; the writer is always one).
    pub max_connections: u32,
    /// Run pending migrations when the server starts.
    pub migrate_on_start: bool,
    /// How long a writer waits for a locked SQLite database, in milliseconds.
    pub sqlite_busy_timeout_ms: u64,
    /// Largest size of the SQLite file, in pages of 4 KiB (SQLite's
    /// `max_page_count`); unset: as large as the disk allows. Past it, writes
    /// answer `503 storage_full` and nothing is lost, as on a full disk.
    pub sqlite_max_page_count: Option<u64>,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self { max_connections: 16, migrate_on_start: true, sqlite_busy_timeout_ms: 5_000, sqlite_max_page_count: None }
    }
}

/// Token lifetimes and login throttling.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthSettings {
    /// Lifetime of an access token, in seconds.
    pub access_token_ttl_secs: u64,
    /// Lifetime of a refresh token, in days.
    pub refresh_token_ttl_days: u64,
    /// Failed logins for one user name within the window before it is locked.
    pub max_failures_per_user: u32,
    /// Failed logins from one address within the window before it is locked.
    pub max_failures_per_address: u32,
    /// Length of the throttling window and of the lock, in seconds.
    pub throttle_window_secs: u64,
    /// Take the client address from the rightmost `X-Forwarded-For` entry: set it
    /// only behind one trusted proxy that appends the address it saw.
    pub trust_forwarded_for: bool,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_days: 30,
            max_failures_per_user: 5,
            max_failures_per_address: 30,
            throttle_window_secs: 15 * 60,
            trust_forwarded_for: false,
        }
    }
}

/// HTTP limits and shutdown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpSettings {
    /// Largest JSON request body, in bytes.
    pub max_body_bytes: usize,
    /// Largest CSV import, in bytes.
    pub max_import_bytes: usize,
    /// How long a graceful shutdown waits for requests in flight, in seconds.
    pub shutdown_grace_secs: u64,
    /// Seconds a connection has to send a request's headers once it waits
    /// for them: a slow sender, and a keep-alive connection left idle this
    /// long, is closed.
    pub header_read_timeout_secs: u64,
    /// Web origins whose pages may call the API (`/v1/`) from a browser:
    /// an app in a WebView shell (`capacitor://localhost`), a page served
    /// elsewhere. Empty (the default): only the server's own pages.
    pub allowed_origins: AllowedOrigins,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            max_body_bytes: 2 * 1024 * 1024,
            max_import_bytes: 20 * 1024 * 1024,
            shutdown_grace_secs: 30,
            header_read_timeout_secs: 20,
            allowed_origins: AllowedOrigins::None,
        }
    }
}

/// Log output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LogSettings {
    /// `tracing` filter, e.g. `info,fieldsync=debug`; `RUST_LOG` overrides it.
    pub filter: String,
    /// `json` for structured logs, `text` for people.
    pub format: LogFormat,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self { filter: "info".into(), format: LogFormat::Text }
    }
}

/// Sync engine settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncSettings {
    /// How long deletions stay in the change log, in days. A device that has
    /// not synced for longer must sync afresh (`must_resync`).
    pub tombstone_retention_days: u64,
    /// How often the compaction job runs, in seconds.
    pub compact_every_secs: u64,
    /// Live event streams one user may hold open on one server process
    /// (one per device is the norm); more answer `429 too_many_streams`.
    pub max_streams_per_user: usize,
    /// How far a device's clock may run ahead of the server's, in seconds:
    /// a device time later than the receipt plus this is refused.
    pub device_clock_skew_secs: u64,
    /// How old a device time may be, in days before its receipt.
    pub device_time_window_days: u64,
    /// Until which day of the next month a month takes device times (in the
    /// bureau's time zone); after it the month's reports are final.
    pub month_open_days: u32,
}

impl Default for SyncSettings {
    fn default() -> Self {
        Self {
            tombstone_retention_days: 30,
            compact_every_secs: 3600,
            max_streams_per_user: 10,
            device_clock_skew_secs: 300,
            device_time_window_days: 30,
            month_open_days: 5,
        }
    }
}

/// Rectification notice settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NoticeSettings {
    /// The bureau's IANA time zone: deadlines end at midnight there, and the
    /// year of a notice number is the year there.
    pub time_zone: String,
    /// Whether Saturdays and Sundays count when a deadline is given in days.
    pub weekends_count: bool,
    /// The holiday calendar (法定节假日 and 调休 working days) working-day
    /// deadlines follow; the one shipped in `server/data/holidays.toml` if unset.
    pub holiday_file: Option<PathBuf>,
    /// Days after an overdue deadline before the 督办单 is issued.
    pub escalation_grace_days: u32,
    /// The steps after the 督办单 while the notice stays unrectified, each
    /// some days after the deadline (by default 通报批评 at 10, 约谈 at 20,
    /// 记入不良行为记录 at 30).
    pub escalation_ladder: Vec<crate::notices::escalation::ladder::Rung>,
    /// Days a 督办单 gives to rectify, counted like a notice's.
    pub supervision_days: u32,
    /// The penalty, in yuan, from which the party of a case has the right to
    /// a hearing (听证: 较大数额罚款, set by the province).
    pub hearing_threshold_yuan: u32,
    /// How often the overdue job looks for passed deadlines, in seconds.
    pub overdue_check_secs: u64,
}

impl Default for NoticeSettings {
    fn default() -> Self {
        Self {
            time_zone: "Asia/Shanghai".into(),
            weekends_count: true,
            holiday_file: None,
            escalation_grace_days: 3,
            escalation_ladder: crate::notices::escalation::ladder::default_rungs(),
            supervision_days: 5,
            hearing_threshold_yuan: 20_000,
            overdue_check_secs: 300,
        }
    }
}

impl NoticeSettings {
    /// The escalation ladder, or why the settings do not make one.
    pub fn ladder(&self) -> anyhow::Result<crate::notices::escalation::ladder::Ladder> {
        crate::notices::escalation::ladder::Ladder::new(self.escalation_grace_days, &self.escalation_ladder)
    }

    /// The bureau's calendar, or why the time zone is not one.
    pub fn calendar(&self) -> anyhow::Result<crate::notices::Calendar> {
        let tz = self
            .time_zone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| anyhow::anyhow!("notices.time_zone: {:?} is not an IANA time zone", self.time_zone))?;
        let holidays = crate::notices::holidays::Holidays::load(self.holiday_file.as_deref())?;
        // One calendar per process, shared by every copy of it.
        let holidays: &'static crate::notices::holidays::Holidays = Box::leak(Box::new(holidays));
        let calendar = crate::notices::Calendar { tz, weekends_count: self.weekends_count, holidays };
        let year = calendar.year(chrono::Utc::now());
        if !self.weekends_count && !holidays.knows(year) {
            tracing::warn!(
                year,
                "the holiday calendar does not list this year: working-day deadlines count Monday to Friday"
            );
        }
        Ok(calendar)
    }
}

/// The log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Settings together with the keys that were given but are not known.
#[derive(Debug)]
pub struct Loaded {
    /// The settings.
    pub settings: Settings,
    /// Dotted names of unknown keys, to warn about (probably typos).
    pub unknown_keys: Vec<String>,
}

/// Environment variables with the prefix that are not settings (read by tests).
const NOT_SETTINGS: &[&str] = &["TEST_DATABASE_URL", "TEST_LOG", "CONFIG"];

/// Loads settings: defaults, then the TOML file (if given, or `fieldsync.toml`
/// when it exists), then `FIELDSYNC_*` environment variables.
pub fn load(file: Option<&std::path::Path>) -> Result<Loaded, Box<figment::Error>> {
    let file = file
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("FIELDSYNC_CONFIG").map(PathBuf::from))
        .or_else(|| Some(PathBuf::from("fieldsync.toml")).filter(|p| p.exists()));
    let mut figment = Figment::from(Serialized::defaults(Settings::default()));
    if let Some(file) = &file {
        if !file.exists() {
            return Err(Box::new(figment::Error::from(format!("config file {} does not exist", file.display()))));
        }
        figment = figment.merge(Toml::file(file));
    }
    figment = figment.merge(
        Env::prefixed("FIELDSYNC_")
            .filter(|key| !NOT_SETTINGS.iter().any(|n| key.as_str().eq_ignore_ascii_case(n)))
            .split("__"),
    );
    let settings: Settings = figment.extract()?;
    let given: figment::value::Value = figment.extract()?;
    let known = figment::value::Value::serialize(Settings::default())?;
    let mut unknown_keys = Vec::new();
    collect_unknown("", &given, &known, &mut unknown_keys);
    Ok(Loaded { settings, unknown_keys })
}

fn collect_unknown(prefix: &str, given: &figment::value::Value, known: &figment::value::Value, out: &mut Vec<String>) {
    let (Some(given), Some(known)) = (given.as_dict(), known.as_dict()) else {
        return;
    };
    for (key, value) in given {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match known.get(key) {
            Some(known_value) => collect_unknown(&path, value, known_value, out),
            None => out.push(path),
        }
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn database_url_display_hides_the_password() {
        let url = DatabaseUrl::new("postgres://app:s3cret@db.example:5432/fieldsync");
        assert_eq!(url.to_string(), "postgres://app:***@db.example:5432/fieldsync");
        assert!(!format!("{url:?}").contains("s3cret"));
        assert_eq!(DatabaseUrl::new("sqlite://x.db").to_string(), "sqlite://x.db");
    }

    #[test]
    fn secret_debug_is_redacted() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "[redacted]");
    }

    #[test]
    fn unknown_keys_are_reported_with_their_path() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("f.toml", "listen = \"127.0.0.1:9000\"\n[auth]\naccess_token_ttl = 5\n[bogus]\nx = 1\n")?;
            jail.set_env("FIELDSYNC_DATABASE_URL", "postgres://u@h/db");
            jail.set_env("FIELDSYNC_TEST_DATABASE_URL", "ignored");
            let loaded = load(Some(std::path::Path::new("f.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(loaded.settings.listen.port(), 9000);
            assert!(loaded.settings.database_url.is_postgres());
            let mut keys = loaded.unknown_keys;
            keys.sort();
            assert_eq!(keys, vec!["auth.access_token_ttl".to_string(), "bogus".to_string()]);
            Ok(())
        });
    }

    #[test]
    fn tls_is_read_from_the_file_and_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "f.toml",
                "[tls]\ncert = \"/etc/fieldsync/cert.pem\"\nkey = \"/etc/fieldsync/key.pem\"\n",
            )?;
            let loaded = load(Some(std::path::Path::new("f.toml"))).map_err(|e| e.to_string())?;
            assert!(loaded.unknown_keys.is_empty(), "{:?}", loaded.unknown_keys);
            let cert = std::path::Path::new("/etc/fieldsync/cert.pem");
            assert!(matches!(loaded.settings.tls.mode(), Ok(Some(TlsMode::Files { cert: c, .. })) if c == cert));
            jail.set_env("FIELDSYNC_TLS__SELF_SIGNED", "true");
            let loaded = load(Some(std::path::Path::new("f.toml"))).map_err(|e| e.to_string())?;
            assert!(loaded.settings.tls.mode().is_err(), "files and self-signed together are refused");
            Ok(())
        });
    }

    #[test]
    fn allowed_origins_are_read_from_the_file_and_the_environment_and_checked() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("f.toml", "[http]\nallowed_origins = [\"capacitor://localhost\"]\n")?;
            let loaded = load(Some(std::path::Path::new("f.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(
                loaded.settings.http.allowed_origins,
                AllowedOrigins::Only(vec!["capacitor://localhost".into()])
            );
            jail.set_env("FIELDSYNC_HTTP__ALLOWED_ORIGINS", "[\"https://app.example.org/\"]");
            let Err(error) = load(Some(std::path::Path::new("f.toml"))) else { panic!("a trailing slash was taken") };
            let error = error.to_string();
            assert!(error.contains("has a path") && error.to_lowercase().contains("allowed_origins"), "{error}");
            Ok(())
        });
    }
}

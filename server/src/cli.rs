//! The command line: `serve`, `migrate` and `admin`.

use std::{io::BufRead, net::SocketAddr, path::PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use migrations::{Migrator, MigratorTrait};

use crate::{
    app::App,
    auth::keys,
    banner,
    config::{self, Settings},
    db::Db,
    demo,
    directory::users::repo as users,
    policy::Role,
    server, telemetry,
    tls::Tls,
};

/// fieldsync: sync server for offline-first mobile field inspection.
#[derive(Debug, Parser)]
#[command(name = "fieldsync", version, about)]
pub struct Cli {
    /// Settings file (TOML); default `fieldsync.toml` when it exists.
    #[arg(long, global = true, env = "FIELDSYNC_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server.
    Serve(ServeArgs),
    /// Run database migrations.
    Migrate {
        /// Which way.
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Administer users and signing keys.
    Admin {
        /// What to do.
        #[command(subcommand)]
        action: AdminAction,
    },
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (also `FIELDSYNC_LISTEN`).
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Serve HTTPS with this certificate chain (PEM; also `tls.cert`).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of `--tls-cert` (PEM; also `tls.key`).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Serve HTTPS with a certificate of the server's own, made in
    /// `<data_dir>/tls` on first start and kept (also `tls.self_signed`).
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    pub tls_self_signed: bool,
    /// Load demo data into an empty database (for trying fieldsync out only).
    #[arg(long)]
    pub demo: bool,
}

/// `migrate` actions.
#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply pending migrations.
    Up {
        /// Only this many.
        #[arg(long)]
        steps: Option<u32>,
    },
    /// Roll back the last migration (or `--steps` of them).
    Down {
        /// How many to roll back.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

/// `admin` actions.
#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Create a user. The password is read from standard input unless `--password` is given.
    CreateUser {
        /// Login name.
        #[arg(long)]
        username: String,
        /// admin, supervisor, inspector or contractor.
        #[arg(long)]
        role: String,
        /// Name shown to people (default: the login name).
        #[arg(long)]
        display_name: Option<String>,
        /// Code of the region the user's scope starts at.
        #[arg(long)]
        region_code: Option<String>,
        /// The user's organisation (a contractor's company): its unified
        /// social credit code, or its exact name.
        #[arg(long)]
        organisation: Option<String>,
        /// Password (prefer standard input: arguments show in the process list).
        #[arg(long)]
        password: Option<String>,
    },
    /// Set a new password and end the user's sessions.
    ResetPassword {
        /// Login name.
        #[arg(long)]
        username: String,
        /// New password (default: read from standard input).
        #[arg(long)]
        password: Option<String>,
    },
    /// Disable a user and end their sessions.
    DisableUser {
        /// Login name.
        #[arg(long)]
        username: String,
    },
    /// Add a new token signing key; older keys keep verifying until retired.
    RotateKey,
    /// Retire a signing key: tokens it signed are refused.
    RetireKey {
        /// Key id (`kid`).
        #[arg(long)]
        kid: String,
    },
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let loaded = config::load(cli.config.as_deref()).context("reading settings")?;
    let mut settings = loaded.settings;
    telemetry::init(&settings.log);
    for key in &loaded.unknown_keys {
        tracing::warn!(setting = %key, "unknown setting ignored (a typo?)");
    }
    match cli.command {
        Command::Serve(args) => {
            if let Some(listen) = args.listen {
                settings.listen = listen;
            }
            if let (Some(cert), Some(key)) = (args.tls_cert, args.tls_key) {
                settings.tls.use_files(cert, key);
            } else if args.tls_self_signed {
                settings.tls.use_self_signed();
            }
            serve(settings, args.demo).await
        }
        Command::Migrate { action } => migrate(&settings, action).await,
        Command::Admin { action } => admin(&settings, action).await,
    }
}

async fn serve(settings: Settings, load_demo: bool) -> anyhow::Result<()> {
    tracing::info!(database = %settings.database_url, listen = %settings.listen, "starting fieldsync");
    let tls = Tls::from_settings(&settings).context("setting up TLS")?;
    let listener =
        tokio::net::TcpListener::bind(settings.listen).await.with_context(|| format!("binding {}", settings.listen))?;
    let app = App::build(settings).await?;
    if load_demo {
        demo::load(&app.db, &app.sync.registry, &app.calendar, &app.blobs).await?;
    }
    let addr = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(%addr, "listening on {scheme}://{addr}");
    if let Some(tls) = &tls {
        tls.announce(&app.settings.data_dir);
    }
    let metrics_listener = match app.settings.metrics.listen {
        Some(listen) => {
            Some(tokio::net::TcpListener::bind(listen).await.with_context(|| format!("binding metrics on {listen}"))?)
        }
        None => None,
    };
    let data_dir = app.settings.data_dir.clone();
    let state = app.start();
    if let Some(listener) = metrics_listener {
        let addr = listener.local_addr()?;
        tracing::info!(%addr, "metrics on http://{addr}/metrics");
        server::spawn_metrics(&state, listener);
    }
    banner::print(addr, tls.is_some(), &data_dir);
    let served = server::serve(state.clone(), listener, tls, server::shutdown_signal()).await;
    state.background.cancel();
    served?;
    tracing::info!("stopped");
    Ok(())
}

async fn migrate(settings: &Settings, action: MigrateAction) -> anyhow::Result<()> {
    let db = Db::connect(&settings.database_url, &settings.database).await?;
    match action {
        MigrateAction::Up { steps } => Migrator::up(db.write(), steps).await?,
        MigrateAction::Down { steps } => Migrator::down(db.write(), Some(steps)).await?,
        MigrateAction::Status => {
            for migration in Migrator::get_migration_with_status(db.read()).await? {
                println!("{:?}\t{}", migration.status(), migration.name());
            }
        }
    }
    db.close().await;
    Ok(())
}

fn password_from(arg: Option<String>) -> anyhow::Result<String> {
    if let Some(password) = arg {
        return Ok(password);
    }
    eprintln!("password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("no password given");
    }
    Ok(password)
}

async fn admin(settings: &Settings, action: AdminAction) -> anyhow::Result<()> {
    let db = Db::connect(&settings.database_url, &settings.database).await?;
    if settings.database.migrate_on_start {
        db.migrate_up().await?;
    }
    match action {
        AdminAction::CreateUser { username, role, display_name, region_code, organisation, password } => {
            let role = Role::parse(&role).with_context(|| format!("unknown role {role}; one of {:?}", Role::NAMES))?;
            let password = password_from(password)?;
            let place = users::Placement { region_code, organisation };
            let user = users::create_from_cli(&db, &username, role, display_name, place, password).await?;
            println!("created user {} ({})", user.username, user.id);
        }
        AdminAction::ResetPassword { username, password } => {
            let password = password_from(password)?;
            users::reset_password_from_cli(&db, &username, password).await?;
            println!("password of {username} reset; their sessions are ended");
        }
        AdminAction::DisableUser { username } => {
            users::disable_from_cli(&db, &username).await?;
            println!("{username} disabled; their sessions are ended");
        }
        AdminAction::RotateKey => {
            let kid = keys::rotate(&db).await?;
            println!("new signing key {kid}; processes pick it up within {} s", keys::RELOAD_EVERY.as_secs());
        }
        AdminAction::RetireKey { kid } => {
            if !keys::retire(&db, &kid).await? {
                bail!("no active key {kid}");
            }
            println!("key {kid} retired");
        }
    }
    db.close().await;
    Ok(())
}

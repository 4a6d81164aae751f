//! The `fieldsync` binary: parses the command line and runs it.
#![forbid(unsafe_code)]

use clap::Parser;

/// mimalloc returns freed memory to the system where glibc keeps it per
/// thread arena: after a burst of sign-ins (19 MiB per Argon2 hash) or large
/// pull pages, the server's resident memory comes back down.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = fieldsync::cli::Cli::parse();
    match fieldsync::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! The real `fieldsync` binary: it serves on its defaults, shuts down
//! cleanly on SIGTERM, and `migrate` and `admin` work from the command line.
#![allow(clippy::unwrap_used)]

use std::{
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

fn fieldsync(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fieldsync"));
    command
        .current_dir(dir)
        .env_remove("FIELDSYNC_DATABASE_URL")
        .env_remove("FIELDSYNC_CONFIG")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    command
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_healthy(port: u16, child: &mut Child) {
    let started = Instant::now();
    let client = reqwest::Client::new();
    loop {
        if let Ok(reply) = client.get(format!("http://127.0.0.1:{port}/healthz")).send().await
            && reply.status() == 200
        {
            return;
        }
        assert!(child.try_wait().unwrap().is_none(), "server exited early");
        assert!(started.elapsed() < Duration::from_secs(30), "server did not answer within 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_binary_serves_on_its_defaults_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = fieldsync(dir.path())
        .env("FIELDSYNC_LISTEN", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_healthy(port, &mut child).await;
    let ready = reqwest::get(format!("http://127.0.0.1:{port}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    // The default database is a SQLite file in the working directory.
    assert!(dir.path().join("fieldsync.db").exists());

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "server ignored SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exit status {status}");
    assert!(reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_err(), "still listening");
}

#[test]
fn migrate_and_admin_commands_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = fieldsync(dir.path()).args(args).output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        (output.status.success(), text)
    };
    let (ok, text) = run(&["migrate", "up"]);
    assert!(ok, "{text}");
    let (ok, text) = run(&["migrate", "status"]);
    assert!(ok && text.contains("Applied"), "{text}");
    let (ok, text) =
        run(&["admin", "create-user", "--username", "root", "--role", "admin", "--password", "long-enough-pw"]);
    assert!(ok && text.contains("created user root"), "{text}");
    let (ok, text) =
        run(&["admin", "create-user", "--username", "root", "--role", "admin", "--password", "long-enough-pw"]);
    assert!(!ok, "a second user of the same name must fail: {text}");
    let (ok, text) =
        run(&["admin", "create-user", "--username", "x", "--role", "emperor", "--password", "long-enough-pw"]);
    assert!(!ok && text.contains("unknown role"), "{text}");
    let (ok, text) = run(&["admin", "reset-password", "--username", "root", "--password", "another-long-pw"]);
    assert!(ok, "{text}");
    let (ok, text) = run(&["admin", "disable-user", "--username", "root"]);
    assert!(ok, "{text}");
    let (ok, text) = run(&["admin", "rotate-key"]);
    assert!(ok && text.contains("new signing key"), "{text}");
    let (ok, text) = run(&["admin", "retire-key", "--kid", "nope"]);
    assert!(!ok, "{text}");
    let (ok, text) = run(&["migrate", "down", "--steps", "100"]);
    assert!(ok, "{text}");
    let (ok, text) = run(&["migrate", "status"]);
    assert!(ok && !text.contains("Applied"), "{text}");
}

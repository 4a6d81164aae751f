//! Raw connections to a server under test, for what an HTTP client cannot
//! do: hold a socket open without sending a request.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};

/// Waits until the server closes `socket` (reads end or fail), at most
/// `within`; what it sends before is read and dropped.
pub async fn closed_within(socket: &mut (impl AsyncRead + Unpin), within: Duration) -> bool {
    let mut buffer = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, socket.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

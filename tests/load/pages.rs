//! The web pages' server time: signs in to `/app` as the supervisor and
//! fetches each page in turn, on localhost (the client adds next to nothing).

use std::time::Instant;

use reqwest::redirect::Policy;

use crate::stats::Latencies;

/// Times `rounds` fetches of each page; returns (page, latencies) in order.
pub async fn pages(url: &str, rounds: usize) -> anyhow::Result<Vec<(String, Latencies)>> {
    let http = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build()?;
    let login = http.get(format!("{url}/app/login")).send().await?.text().await?;
    let csrf = fieldsync_tests::csrf_of(&login).ok_or_else(|| anyhow::anyhow!("no CSRF token on the sign-in page"))?;
    let form = [("csrf", csrf.as_str()), ("username", "supervisor"), ("password", fieldsync_tests::DEMO_PASSWORD)];
    let signed = http.post(format!("{url}/app/login")).form(&form).send().await?;
    anyhow::ensure!(signed.status() == 303, "sign-in failed: {}", signed.status());
    let list = http.get(format!("{url}/app/notices")).send().await?.error_for_status()?.text().await?;
    let id = list
        .split("href=\"/app/notices/")
        .nth(1)
        .and_then(|rest| rest.get(..36))
        .ok_or_else(|| anyhow::anyhow!("no notice on the list"))?
        .to_owned();
    let pages = [
        ("/app/dashboard".to_owned(), rounds),
        ("/app/notices".to_owned(), rounds),
        ("/app/notices?state=issued&overdue=true".to_owned(), rounds),
        ("/app/notices?page=100".to_owned(), rounds),
        ("/app/review".to_owned(), rounds),
        ("/app/approvals".to_owned(), rounds),
        (format!("/app/notices/{id}"), rounds),
        (format!("/app/notices/{id}/print"), rounds),
        ("/app/notices.csv?state=issued".to_owned(), rounds),
        ("/app/notices.csv".to_owned(), (rounds / 10).max(1)),
    ];
    let mut out = Vec::new();
    for (page, times) in pages {
        let mut latency = Latencies::default();
        for _ in 0..times {
            let sent = Instant::now();
            let reply = http.get(format!("{url}{page}")).send().await?.error_for_status()?;
            let _ = reply.bytes().await?;
            latency.record(sent.elapsed());
        }
        out.push((page, latency));
    }
    Ok(out)
}

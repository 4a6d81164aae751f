//! What `serve` prints once it listens, for the person who started it: the
//! addresses to open (the pages, the inspector's app), how a phone on the
//! same network reaches it, where the data lives and how to stop.

use std::{
    net::{IpAddr, SocketAddr},
    path::Path,
};

/// The lines of the banner for a server listening on `addr`.
pub fn lines(addr: SocketAddr, tls: bool, data_dir: &Path) -> Vec<String> {
    let scheme = if tls { "https" } else { "http" };
    let port = addr.port();
    let mut hosts: Vec<String> = Vec::new();
    if addr.ip().is_unspecified() {
        hosts.push("localhost".into());
        if let Ok(interfaces) = if_addrs::get_if_addrs() {
            let mut found: Vec<IpAddr> =
                interfaces.iter().filter(|i| !i.is_loopback() && !i.is_link_local()).map(|i| i.ip()).collect();
            found.sort();
            hosts.extend(found.iter().map(|ip| host_of(*ip)));
        }
    } else {
        hosts.push(if addr.ip().is_loopback() { "localhost".into() } else { host_of(addr.ip()) });
    }
    let mut out = vec!["fieldsync is running. Open in a browser:".to_owned()];
    for host in &hosts {
        out.push(format!("  {scheme}://{host}:{port}/app      supervisors, contractors"));
        out.push(format!("  {scheme}://{host}:{port}/field    the inspector's app"));
    }
    let local_only = addr.ip().is_loopback();
    if local_only || !tls {
        out.push("From a phone on the same network (the app needs HTTPS there), start with:".into());
        out.push("  fieldsync serve --listen 0.0.0.0:8443 --tls-self-signed".into());
        out.push("  and open https://<this computer's address>:8443/field, accepting the certificate.".into());
    }
    out.push(format!("Data: {}   Stop: Ctrl+C", data_dir.display()));
    out
}

fn host_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

/// Prints the banner.
pub fn print(addr: SocketAddr, tls: bool, data_dir: &Path) {
    let rule = "=".repeat(72);
    println!("{rule}");
    for line in lines(addr, tls, data_dir) {
        println!(" {line}");
    }
    println!("{rule}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_localhost_it_names_the_pages_and_how_a_phone_gets_in() {
        let lines = lines("127.0.0.1:8080".parse().unwrap(), false, Path::new("./data"));
        assert!(lines.contains(&"  http://localhost:8080/app      supervisors, contractors".to_owned()), "{lines:?}");
        assert!(lines.contains(&"  http://localhost:8080/field    the inspector's app".to_owned()), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("--listen 0.0.0.0:8443 --tls-self-signed")), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("Data: ./data")), "{lines:?}");
    }

    #[test]
    fn on_every_interface_with_tls_it_names_the_addresses_to_open() {
        let lines = lines("0.0.0.0:8443".parse().unwrap(), true, Path::new("/var/lib/fieldsync"));
        assert!(lines.iter().any(|l| l.starts_with("  https://localhost:8443/field")), "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains("--tls-self-signed")), "already reachable: {lines:?}");
    }
}

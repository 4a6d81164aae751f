//! Name resolution for webhooks. The delivery client resolves through
//! [`Guarded`], which keeps only the addresses a webhook may be sent to
//! ([`destination::permitted`]): every connection asks it, so a name that
//! resolved to a public address at registration and resolves to 127.0.0.1
//! now (DNS rebinding) is not connected to.

use std::{
    io,
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::destination;

/// Every address `host` resolves to, through the system's resolver (as
/// reqwest's default resolver does).
pub async fn lookup(host: &str) -> io::Result<Vec<IpAddr>> {
    Ok(tokio::net::lookup_host((host, 0)).await?.map(|a| a.ip()).collect())
}

/// A name that resolved only to addresses webhooks may not reach.
#[derive(Debug, thiserror::Error)]
#[error("{0} resolves to no address a webhook may be sent to")]
pub struct Forbidden(String);

/// The delivery client's resolver: the system's, without forbidden addresses.
#[derive(Debug, Clone)]
pub struct Guarded {
    allow: Arc<[IpNet]>,
}

impl Guarded {
    /// A resolver that lets through forbidden addresses in `allow` only.
    pub fn new(allow: &[IpNet]) -> Self {
        Guarded { allow: allow.into() }
    }

    /// The permitted addresses of `host`; an error when none is left.
    pub async fn resolve_host(&self, host: &str) -> Result<Vec<IpAddr>, Box<dyn std::error::Error + Send + Sync>> {
        let found = lookup(host).await?;
        let kept: Vec<IpAddr> = found.into_iter().filter(|ip| destination::permitted(*ip, &self.allow)).collect();
        if kept.is_empty() {
            return Err(Box::new(Forbidden(host.to_owned())));
        }
        Ok(kept)
    }
}

impl Resolve for Guarded {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let kept = this.resolve_host(&host).await?;
            // Port 0: reqwest puts in the URL's port.
            let addrs: Addrs = Box::new(kept.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_name_of_the_loopback_resolves_to_nothing_unless_allowed() {
        let guarded = Guarded::new(&[]);
        let refused = guarded.resolve_host("localhost").await.unwrap_err();
        assert!(refused.is::<Forbidden>(), "{refused}");
        let allowed = Guarded::new(&["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()]);
        let kept = allowed.resolve_host("localhost").await.unwrap();
        assert!(!kept.is_empty() && kept.iter().all(|ip| ip.is_loopback()), "{kept:?}");
    }
}

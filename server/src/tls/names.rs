//! The names a self-signed certificate is for, and the networks its local
//! authority may sign for at all.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use ipnet::IpNet;
use rcgen::{CidrSubnet, GeneralSubtree, NameConstraints, SanType};
use tokio_rustls::rustls::pki_types::ServerName;

/// A name a client may reach the server by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Name {
    /// A host name.
    Dns(String),
    /// An address.
    Ip(IpAddr),
}

impl Name {
    /// The name as a certificate holds it.
    pub(super) fn san(&self) -> Option<SanType> {
        match self {
            Name::Dns(name) => name.clone().try_into().ok().map(SanType::DnsName),
            Name::Ip(ip) => Some(SanType::IpAddress(*ip)),
        }
    }

    /// The name as a client verifies it.
    pub(super) fn server_name(&self) -> Option<ServerName<'static>> {
        match self {
            Name::Dns(name) => ServerName::try_from(name.clone()).ok(),
            Name::Ip(ip) => Some(ServerName::IpAddress((*ip).into())),
        }
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Name::Dns(name) => f.write_str(name),
            Name::Ip(ip) => ip.fmt(f),
        }
    }
}

/// The networks the local authority signs for: loopback, the private
/// ranges, carrier-grade NAT (as some VPNs use) and IPv6 unique local
/// addresses. A phone that trusts the authority then trusts it for the
/// local network only, never for an address on the internet.
const LOCAL_NETWORKS: [&str; 7] =
    ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "::1/128", "fc00::/7"];

fn local_networks() -> impl Iterator<Item = IpNet> {
    LOCAL_NETWORKS.iter().filter_map(|net| net.parse().ok())
}

/// The name constraints of the local authority: `localhost`, the host name
/// it was made on, and [`LOCAL_NETWORKS`].
pub(super) fn constraints(host: Option<&str>) -> NameConstraints {
    let mut permitted: Vec<GeneralSubtree> =
        ["localhost"].into_iter().chain(host).map(|name| GeneralSubtree::DnsName(name.to_owned())).collect();
    permitted.extend(
        local_networks()
            .map(|net| GeneralSubtree::IpAddress(CidrSubnet::from_addr_prefix(net.network(), net.prefix_len()))),
    );
    NameConstraints { permitted_subtrees: permitted, excluded_subtrees: Vec::new() }
}

/// The machine's host name, when it is one a certificate can hold.
pub(super) fn host_name() -> Option<String> {
    let host = gethostname::gethostname().into_string().ok()?.to_ascii_lowercase();
    let valid = !host.is_empty() && host != "localhost" && Name::Dns(host.clone()).server_name().is_some();
    valid.then_some(host)
}

/// The names a server listening on `listen` is reached by: `localhost`,
/// the host name, the loopback addresses, and the listen address, or the
/// addresses of every interface when it listens on all of them.
pub(super) fn wanted(listen: SocketAddr) -> Vec<Name> {
    let mut ips = vec![IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V6(Ipv6Addr::LOCALHOST)];
    if listen.ip().is_unspecified() {
        match if_addrs::get_if_addrs() {
            Ok(interfaces) => ips.extend(interfaces.iter().filter(|i| !i.is_link_local()).map(|i| i.ip())),
            Err(err) => tracing::warn!(error.cause = %err, "listing the network interfaces failed; the \
                self-signed certificate names the loopback addresses only"),
        }
    } else {
        ips.push(listen.ip());
    }
    let mut names = vec![Name::Dns("localhost".into())];
    names.extend(host_name().map(Name::Dns));
    for ip in ips {
        if !names.contains(&Name::Ip(ip)) {
            names.push(Name::Ip(ip));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_on_one_address_is_named_by_it_and_the_loopback_names() {
        let names = wanted("192.168.1.20:8443".parse().unwrap());
        assert_eq!(names[0], Name::Dns("localhost".into()));
        for ip in ["127.0.0.1", "::1", "192.168.1.20"] {
            assert!(names.contains(&Name::Ip(ip.parse().unwrap())), "{ip} in {names:?}");
        }
        let names = wanted("127.0.0.1:8443".parse().unwrap());
        assert_eq!(names.iter().filter(|n| matches!(n, Name::Ip(_))).count(), 2, "no address twice: {names:?}");
    }

    #[test]
    fn a_server_on_every_interface_is_named_by_their_addresses() {
        let names = wanted("[::]:8443".parse().unwrap());
        for interface in if_addrs::get_if_addrs().unwrap().iter().filter(|i| !i.is_link_local()) {
            assert!(names.contains(&Name::Ip(interface.ip())), "{} ({})", interface.ip(), interface.name);
        }
    }
}

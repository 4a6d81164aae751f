//! Which addresses a webhook may be sent to. A supervisor chooses the URL,
//! so without a rule the server would POST wherever they like: to itself,
//! to the database's network, to the cloud's metadata service. Loopback,
//! private, link-local, shared (CGNAT), unspecified, multicast, broadcast,
//! documentation and reserved ranges are refused, also when spelt as an
//! IPv6 address that carries an IPv4 one (mapped, compatible, NAT64, 6to4);
//! an administrator may allow networks despite the rule (`[webhooks]
//! allow_networks`) for receivers that really are internal.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use reqwest::Url;
use url::Host;

const fn v4(a: u8, b: u8, c: u8, d: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), len)
}

const fn v6(a: u16, b: u16, c: u16, d: u16, len: u8) -> Ipv6Net {
    Ipv6Net::new_assert(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0), len)
}

/// IPv4 ranges no webhook receiver may be in (IANA special-purpose registry).
const FORBIDDEN_V4: &[Ipv4Net] = &[
    v4(0, 0, 0, 0, 8),       // "this network"; 0.0.0.0 reaches the host itself
    v4(10, 0, 0, 0, 8),      // private (RFC 1918)
    v4(100, 64, 0, 0, 10),   // shared address space, CGNAT (RFC 6598)
    v4(127, 0, 0, 0, 8),     // loopback
    v4(169, 254, 0, 0, 16),  // link-local, with cloud metadata at 169.254.169.254
    v4(172, 16, 0, 0, 12),   // private (RFC 1918)
    v4(192, 0, 0, 0, 24),    // IETF protocol assignments
    v4(192, 0, 2, 0, 24),    // documentation (TEST-NET-1)
    v4(192, 88, 99, 0, 24),  // 6to4 relay anycast (deprecated)
    v4(192, 168, 0, 0, 16),  // private (RFC 1918)
    v4(198, 18, 0, 0, 15),   // benchmarking
    v4(198, 51, 100, 0, 24), // documentation (TEST-NET-2)
    v4(203, 0, 113, 0, 24),  // documentation (TEST-NET-3)
    v4(224, 0, 0, 0, 4),     // multicast
    v4(240, 0, 0, 0, 4),     // reserved, and the broadcast 255.255.255.255
];

/// IPv6 ranges no webhook receiver may be in; those that carry an IPv4
/// address are judged by it instead (see [`embedded_v4`]).
const FORBIDDEN_V6: &[Ipv6Net] = &[
    v6(0x64, 0xff9b, 1, 0, 48),  // local-use NAT64 (RFC 8215): a site's own translator
    v6(0x100, 0, 0, 0, 64),      // discard-only
    v6(0x2001, 0, 0, 0, 23),     // IETF protocol assignments: Teredo, benchmarking, ORCHID
    v6(0x2001, 0xdb8, 0, 0, 32), // documentation
    v6(0x3fff, 0, 0, 0, 20),     // documentation (RFC 9637)
    v6(0xfc00, 0, 0, 0, 7),      // unique local (ULA), the IPv6 private range
    v6(0xfe80, 0, 0, 0, 10),     // link-local
    v6(0xfec0, 0, 0, 0, 10),     // site-local (deprecated)
    v6(0xff00, 0, 0, 0, 8),      // multicast
];

/// The IPv4 address an IPv6 address stands for: IPv4-mapped (`::ffff:a.b.c.d`),
/// IPv4-translated (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`, so
/// also `::` and `::1`), NAT64 (`64:ff9b::a.b.c.d`) and 6to4 (`2002:AABB:CCDD::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, _, _] | [0, 0, 0, 0, 0xffff, 0, _, _] | [0, 0, 0, 0, 0, 0, _, _] => Some(low),
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(low),
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8)),
        _ => None,
    }
}

/// Whether `ip` is in a range no webhook may reach.
pub fn forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => FORBIDDEN_V4.iter().any(|net| net.contains(&ip)),
        IpAddr::V6(ip) => match embedded_v4(ip) {
            Some(v4) => forbidden(IpAddr::V4(v4)),
            None => FORBIDDEN_V6.iter().any(|net| net.contains(&ip)),
        },
    }
}

/// Whether a webhook may be sent to `ip`: it is not in a forbidden range, or
/// it is in a network the administrator allowed (an IPv4-mapped address
/// counts as its IPv4 address there too).
pub fn permitted(ip: IpAddr, allow: &[IpNet]) -> bool {
    let canonical = ip.to_canonical();
    !forbidden(ip) || allow.iter().any(|net| net.contains(&ip) || net.contains(&canonical))
}

/// The address of a URL whose host is an IP literal (the `url` crate has
/// already read `2130706433`, `0x7f.1` or `127.1` as `127.0.0.1`); `None`
/// for a host name. An HTTP client connects to a literal without asking a
/// resolver, so it must be judged on its own.
pub fn literal(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        Host::Domain(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|_| panic!("{s}"))
    }

    #[test]
    fn internal_special_and_reserved_addresses_are_forbidden() {
        for s in [
            "127.0.0.1",
            "127.255.255.254",
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "3fff::1",
            "2001::1",
            "100::1",
            "64:ff9b:1::1",
        ] {
            assert!(forbidden(ip(s)), "{s} should be forbidden");
        }
    }

    #[test]
    fn ipv6_forms_of_a_forbidden_ipv4_address_are_forbidden() {
        for s in [
            "::ffff:127.0.0.1",
            "::ffff:7f00:1",
            "::ffff:169.254.169.254",
            "::ffff:0:10.0.0.1",
            "::127.0.0.1",
            "::10.1.2.3",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
        ] {
            assert!(forbidden(ip(s)), "{s} should be forbidden");
        }
    }

    #[test]
    fn public_addresses_are_permitted_in_every_spelling() {
        for s in [
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.169.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450::1",
            "::ffff:8.8.8.8",
            "64:ff9b::8.8.8.8",
            "2002:808:808::1",
        ] {
            assert!(!forbidden(ip(s)), "{s} should be permitted");
            assert!(permitted(ip(s), &[]));
        }
    }

    #[test]
    fn the_allow_list_permits_forbidden_addresses_in_its_networks_only() {
        let allow: Vec<IpNet> = vec!["10.20.0.0/16".parse().unwrap(), "127.0.0.1/32".parse().unwrap()];
        assert!(permitted(ip("10.20.3.4"), &allow));
        assert!(permitted(ip("::ffff:10.20.3.4"), &allow), "mapped form of an allowed address");
        assert!(permitted(ip("127.0.0.1"), &allow));
        assert!(!permitted(ip("127.0.0.2"), &allow));
        assert!(!permitted(ip("10.21.0.1"), &allow));
        assert!(!permitted(ip("169.254.169.254"), &allow));
        assert!(!permitted(ip("::1"), &allow));
    }

    #[test]
    fn the_url_crate_reads_odd_ipv4_spellings_as_the_address_they_mean() {
        for (url, want) in [
            ("http://2130706433/", "127.0.0.1"),
            ("http://0x7f.1/", "127.0.0.1"),
            ("http://127.1/", "127.0.0.1"),
            ("http://0177.0.0.1/", "127.0.0.1"),
            ("http://0/", "0.0.0.0"),
            ("http://[::ffff:127.0.0.1]:8080/x", "::ffff:127.0.0.1"),
            ("https://169.254.169.254/latest/meta-data", "169.254.169.254"),
        ] {
            let parsed = Url::parse(url).unwrap();
            assert_eq!(literal(&parsed), Some(ip(want)), "{url}");
            assert!(forbidden(ip(want)));
        }
        assert_eq!(literal(&Url::parse("http://localhost:9/").unwrap()), None, "a name goes to the resolver");
    }
}

//! The certificate of `tls.self_signed`: a local certificate authority made
//! once and kept (`ca.pem`, `ca-key.pem`), and a server certificate it signs
//! for the names the server is reached by (`cert.pem`, `key.pem`), all in
//! `<data_dir>/tls`.
//!
//! A browser that merely clicks through the warning of an unknown
//! certificate still refuses service workers, so a phone running the
//! offline app must trust the certificate: installing the authority does
//! that once, and keeps working when the server certificate is made anew
//! (new addresses, close to expiry). The authority may sign for loopback,
//! the local networks and the host name only (name constraints), so a
//! phone that trusts it trusts nothing else by it.

use std::{
    fs,
    io::Write,
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
    time::{Duration, SystemTime},
};

use anyhow::Context;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PublicKeyData,
};
use sha2::{Digest, Sha256};
use tokio_rustls::rustls::{
    RootCertStore,
    client::{WebPkiServerVerifier, danger::ServerCertVerifier},
    crypto::CryptoProvider,
    pki_types::{CertificateDer, PrivateKeyDer, UnixTime, pem::PemObject},
    sign::CertifiedKey,
};

use super::names::{self, Name};

/// How long the authority is valid.
const AUTHORITY_DAYS: u32 = 10 * 365;
/// How long a server certificate is valid (Apple's devices refuse longer
/// than 825 days).
const SERVER_DAYS: u32 = 365;
/// A server certificate this close to its end is made anew at start.
const RENEW_BEFORE_DAYS: u32 = 30;
const DAY: Duration = Duration::from_secs(86_400);

/// The files of the self-signed certificate in `dir`.
#[derive(Debug, Clone)]
pub(super) struct Files {
    /// The local authority's certificate: what a phone installs.
    pub authority: PathBuf,
    authority_key: PathBuf,
    /// The server's certificate.
    pub cert: PathBuf,
    key: PathBuf,
}

impl Files {
    pub(super) fn in_dir(dir: &Path) -> Files {
        Files {
            authority: dir.join("ca.pem"),
            authority_key: dir.join("ca-key.pem"),
            cert: dir.join("cert.pem"),
            key: dir.join("key.pem"),
        }
    }
}

/// A server certificate and its key, with the authority that signed it.
pub(super) struct SelfSigned {
    /// The server's certificate.
    pub cert: CertificateDer<'static>,
    /// Its private key.
    pub key: PrivateKeyDer<'static>,
    /// The local authority's certificate.
    pub authority: CertificateDer<'static>,
}

/// The local authority: its certificate, and what signs with it.
struct Authority {
    cert: CertificateDer<'static>,
    issuer: Issuer<'static, KeyPair>,
    verifier: Arc<WebPkiServerVerifier>,
}

/// The self-signed certificate of a server listening on `listen`, kept in
/// `dir`: the one made before when it is still good for every name the
/// server is reached by, else a new one (and the authority too on first
/// start).
pub(super) fn load_or_make(
    dir: &Path,
    listen: SocketAddr,
    provider: &Arc<CryptoProvider>,
) -> anyhow::Result<SelfSigned> {
    load_or_make_at(dir, listen, provider, SystemTime::now())
}

/// [`load_or_make`] as if the time were `now`.
fn load_or_make_at(
    dir: &Path,
    listen: SocketAddr,
    provider: &Arc<CryptoProvider>,
    now: SystemTime,
) -> anyhow::Result<SelfSigned> {
    create_private_dir(dir)?;
    let files = Files::in_dir(dir);
    let authority = load_or_make_authority(&files, provider)?;
    let (names, refused): (Vec<Name>, Vec<Name>) =
        names::wanted(listen).into_iter().partition(|name| authority.permits(name, now));
    if !refused.is_empty() {
        let refused: Vec<String> = refused.iter().map(ToString::to_string).collect();
        tracing::warn!(tls.names = ?refused, "left out of the self-signed certificate: its local authority signs \
            for loopback, local network addresses and the host name it was made on only (a certificate from a \
            public authority, --tls-cert, serves other addresses)");
    }
    if let Some((cert, key)) = read_server(&files, provider)
        && authority.verifies(&cert, &names, now + RENEW_BEFORE_DAYS * DAY)
    {
        return Ok(SelfSigned { cert, key, authority: authority.cert });
    }
    let key = KeyPair::generate()?;
    let cert = server_params(&names, now).signed_by(&key, &authority.issuer)?;
    write_file(&files.key, key.serialize_pem().as_bytes(), true)?;
    write_file(&files.cert, cert.pem().as_bytes(), false)?;
    let listed: Vec<String> = names.iter().map(ToString::to_string).collect();
    tracing::info!(tls.cert = %files.cert.display(), tls.names = ?listed, "made a new self-signed server certificate");
    let key = PrivateKeyDer::try_from(key.serialize_der()).map_err(anyhow::Error::msg)?;
    Ok(SelfSigned { cert: cert.der().clone(), key, authority: authority.cert })
}

fn load_or_make_authority(files: &Files, provider: &Arc<CryptoProvider>) -> anyhow::Result<Authority> {
    let (cert, key) = if files.authority.exists() && files.authority_key.exists() {
        let remedy = || {
            format!(
                "remove {} to make a new authority (phones that trusted the old one must then trust the new one)",
                files.authority.display()
            )
        };
        let pem = fs::read_to_string(&files.authority_key)
            .with_context(|| format!("reading {}", files.authority_key.display()))?;
        let key = KeyPair::from_pem(&pem).with_context(|| {
            format!("{} holds no private key fieldsync made; {}", files.authority_key.display(), remedy())
        })?;
        let cert = CertificateDer::from_pem_file(&files.authority)
            .with_context(|| format!("{} holds no certificate; {}", files.authority.display(), remedy()))?;
        (cert, key)
    } else {
        let key = KeyPair::generate()?;
        let mut params = authority_params(&key);
        params.name_constraints = Some(names::constraints(names::host_name().as_deref()));
        params.not_before = (SystemTime::now() - DAY).into();
        params.not_after = (SystemTime::now() + AUTHORITY_DAYS * DAY).into();
        let cert = params.self_signed(&key)?;
        write_file(&files.authority_key, key.serialize_pem().as_bytes(), true)?;
        write_file(&files.authority, cert.pem().as_bytes(), false)?;
        tracing::info!(tls.authority = %files.authority.display(),
            "made a local certificate authority: install it on a phone to have the phone trust this server");
        (cert.der().clone(), key)
    };
    let mut roots = RootCertStore::empty();
    roots.add(cert.clone()).with_context(|| format!("{} is not a certificate authority", files.authority.display()))?;
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone()).build()?;
    let issuer = Issuer::new(authority_params(&key), key);
    Ok(Authority { cert, issuer, verifier })
}

/// What names the authority in its certificates and signs with. Its name is
/// made from its key, so the authority read back from its files signs with
/// the name its certificate holds.
fn authority_params(key: &KeyPair) -> CertificateParams {
    let id = hex::encode(&Sha256::digest(key.subject_public_key_info())[..4]);
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::OrganizationName, "fieldsync");
    params.distinguished_name.push(DnType::CommonName, format!("fieldsync local CA {id}"));
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    params
}

fn server_params(names: &[Name], now: SystemTime) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.subject_alt_names = names.iter().filter_map(Name::san).collect();
    // A name inside the authority's constraints, should a client check it.
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, "localhost");
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = (now - DAY).into();
    params.not_after = (now + SERVER_DAYS * DAY).into();
    params
}

impl Authority {
    /// Whether a certificate it signs for `name` verifies: the name is one a
    /// certificate can hold, and inside the authority's constraints.
    fn permits(&self, name: &Name, now: SystemTime) -> bool {
        let Ok(key) = KeyPair::generate() else { return false };
        match server_params(std::slice::from_ref(name), now).signed_by(&key, &self.issuer) {
            Ok(cert) => self.verifies(cert.der(), std::slice::from_ref(name), now),
            Err(_) => false,
        }
    }

    /// Whether `cert` verifies as signed by this authority, for every name, at `at`.
    fn verifies(&self, cert: &CertificateDer<'_>, names: &[Name], at: SystemTime) -> bool {
        let Ok(since_epoch) = at.duration_since(SystemTime::UNIX_EPOCH) else { return false };
        let at = UnixTime::since_unix_epoch(since_epoch);
        names.iter().all(|name| {
            name.server_name()
                .is_some_and(|server_name| self.verifier.verify_server_cert(cert, &[], &server_name, &[], at).is_ok())
        })
    }
}

/// The server certificate and key made before, when both are there and match.
fn read_server(
    files: &Files,
    provider: &Arc<CryptoProvider>,
) -> Option<(CertificateDer<'static>, PrivateKeyDer<'static>)> {
    let cert = CertificateDer::from_pem_file(&files.cert).ok()?;
    let key = PrivateKeyDer::from_pem_file(&files.key).ok()?;
    CertifiedKey::from_der(vec![cert.clone()], key.clone_key(), provider).ok()?;
    Some((cert, key))
}

/// Creates `dir` readable by its owner only; its parents (the data
/// directory) are made as any directory is, not private.
fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if let Some(parent) = dir.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(dir) {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        other => other.with_context(|| format!("creating {}", dir.display())),
    }
}

/// Writes `path` whole or not at all (a new file renamed over it), readable
/// by the owner only if `private`.
fn write_file(path: &Path, contents: &[u8], private: bool) -> anyhow::Result<()> {
    let fresh = path.with_extension("pem.new");
    let _ = fs::remove_file(&fresh);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, if private { 0o600 } else { 0o644 });
    #[cfg(not(unix))]
    let _ = private;
    let written = options.open(&fresh).and_then(|mut file| {
        file.write_all(contents)?;
        file.sync_all()
    });
    written.and_then(|()| fs::rename(&fresh, path)).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use tokio_rustls::rustls::crypto::ring;

    use super::*;

    fn provider() -> Arc<CryptoProvider> {
        Arc::new(ring::default_provider())
    }

    #[test]
    fn the_authority_signs_for_local_names_only() {
        let dir = tempfile::tempdir().unwrap();
        let authority = load_or_make_authority(&Files::in_dir(dir.path()), &provider()).unwrap();
        for ip in ["127.0.0.1", "10.1.2.3", "172.20.0.5", "192.168.1.20", "100.100.1.1", "::1", "fd12::1"] {
            assert!(authority.permits(&Name::Ip(ip.parse().unwrap()), SystemTime::now()), "{ip}");
        }
        for ip in ["8.8.8.8", "172.32.0.1", "2001:db8::1"] {
            assert!(!authority.permits(&Name::Ip(ip.parse().unwrap()), SystemTime::now()), "{ip}");
        }
        assert!(authority.permits(&Name::Dns("localhost".into()), SystemTime::now()));
        for name in ["bank.example", "localhost.example", "not a name"] {
            assert!(!authority.permits(&Name::Dns(name.into()), SystemTime::now()), "{name}");
        }
    }

    #[test]
    fn the_authority_read_back_signs_what_its_certificate_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_make(dir.path(), "192.168.1.20:8443".parse().unwrap(), &provider()).unwrap();
        fs::remove_file(dir.path().join("cert.pem")).unwrap();
        let again = load_or_make(dir.path(), "192.168.1.20:8443".parse().unwrap(), &provider()).unwrap();
        assert_eq!(first.authority, again.authority);
        assert_ne!(first.cert, again.cert, "a new server certificate");
        let authority = load_or_make_authority(&Files::in_dir(dir.path()), &provider()).unwrap();
        let name = Name::Ip("192.168.1.20".parse().unwrap());
        assert!(authority.verifies(&again.cert, &[name], SystemTime::now()));
    }

    #[test]
    fn a_server_certificate_is_made_anew_for_a_new_address_or_before_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let (listen, now) = ("192.168.1.20:8443".parse().unwrap(), SystemTime::now());
        let first = load_or_make_at(dir.path(), listen, &provider(), now).unwrap();
        let same = load_or_make_at(dir.path(), listen, &provider(), now).unwrap();
        assert_eq!(first.cert, same.cert);
        let moved = load_or_make_at(dir.path(), "192.168.1.21:8443".parse().unwrap(), &provider(), now).unwrap();
        assert_ne!(first.cert, moved.cert);
        assert_eq!(first.authority, moved.authority);
        let later = load_or_make_at(dir.path(), listen, &provider(), now).unwrap();
        let near_its_end = now + (SERVER_DAYS - RENEW_BEFORE_DAYS - 1) * DAY;
        assert_eq!(load_or_make_at(dir.path(), listen, &provider(), near_its_end).unwrap().cert, later.cert);
        let nearer = now + (SERVER_DAYS - RENEW_BEFORE_DAYS + 1) * DAY;
        let renewed = load_or_make_at(dir.path(), listen, &provider(), nearer).unwrap();
        assert_ne!(renewed.cert, later.cert);
        assert_eq!(renewed.authority, first.authority);
    }

    #[cfg(unix)]
    #[test]
    fn the_keys_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let (data, dir) = (root.path().join("data"), root.path().join("data/tls"));
        load_or_make(&dir, "127.0.0.1:8443".parse().unwrap(), &provider()).unwrap();
        for (file, mode) in [("key.pem", 0o600), ("ca-key.pem", 0o600), ("cert.pem", 0o644), ("ca.pem", 0o644)] {
            let meta = fs::metadata(dir.join(file)).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, mode, "{file}");
        }
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700, "the key directory is private");
        assert_ne!(mode(&data), 0o700, "the data directory above it is made as any other");
    }

    #[test]
    fn a_damaged_authority_is_an_error_naming_its_file() {
        let dir = tempfile::tempdir().unwrap();
        load_or_make(dir.path(), "127.0.0.1:8443".parse().unwrap(), &provider()).unwrap();
        fs::write(dir.path().join("ca-key.pem"), "not a key").unwrap();
        let err = load_or_make(dir.path(), "127.0.0.1:8443".parse().unwrap(), &provider()).err().unwrap();
        assert!(format!("{err:#}").contains("ca-key.pem"), "{err:#}");
    }

    #[test]
    fn writing_a_file_replaces_the_old_one_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cert.pem");
        fs::write(&path, "old").unwrap();
        write_file(&path, b"new", false).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert!(!dir.path().join("cert.pem.new").exists(), "no partly written file stays behind");
    }
}

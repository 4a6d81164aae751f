//! HTTPS on the main listener: the rustls acceptor, built from the settings
//! (`[tls]`, `serve --tls-cert/--tls-key/--tls-self-signed`) by
//! [`Tls::from_settings`], the one place both `serve` and the tests build it.

mod names;
mod self_signed;

use std::{fmt::Write, path::Path, sync::Arc};

use anyhow::{Context, anyhow};
use sha2::{Digest, Sha256};
use tokio_rustls::{
    TlsAcceptor,
    rustls::{
        self, Error as TlsError, InconsistentKeys, ServerConfig,
        crypto::{CryptoProvider, ring},
        pki_types::{
            CertificateDer, PrivateKeyDer,
            pem::{self, PemObject},
        },
    },
};

use crate::config::{Settings, TlsMode};

/// A checked TLS configuration: what accepts connections, and what to tell
/// people about the certificate.
#[derive(Clone)]
pub struct Tls {
    acceptor: TlsAcceptor,
    cert: CertificateDer<'static>,
    authority: Option<CertificateDer<'static>>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls").field("fingerprint", &self.fingerprint()).finish_non_exhaustive()
    }
}

impl Tls {
    /// The TLS configuration the settings ask for (`None`: plain HTTP), or
    /// why it cannot be had: settings that contradict each other, a file
    /// that is missing or holds no certificate or key (named in the error),
    /// a key that is not the certificate's. A self-signed certificate is
    /// made in `<data_dir>/tls` on first start and reused after.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Option<Tls>> {
        let provider = Arc::new(ring::default_provider());
        match settings.tls.mode().map_err(|message| anyhow!(message))? {
            None => Ok(None),
            Some(TlsMode::Files { cert, key }) => {
                let chain = read_chain(cert)?;
                let leaf = chain[0].clone();
                let private = read_key(key)?;
                let config = server_config(&provider, chain, private).map_err(|err| match err {
                    TlsError::InconsistentKeys(InconsistentKeys::KeyMismatch) => {
                        anyhow!("the TLS key {} is not the key of the certificate {}", key.display(), cert.display())
                    }
                    err => anyhow!("the TLS certificate {} with the key {}: {err}", cert.display(), key.display()),
                })?;
                Ok(Some(Tls::new(config, leaf, None)))
            }
            Some(TlsMode::SelfSigned) => {
                let dir = settings.data_dir.join("tls");
                let made = self_signed::load_or_make(&dir, settings.listen, &provider)?;
                let config = server_config(&provider, vec![made.cert.clone()], made.key)
                    .with_context(|| format!("the self-signed certificate in {}", dir.display()))?;
                Ok(Some(Tls::new(config, made.cert, Some(made.authority))))
            }
        }
    }

    fn new(config: ServerConfig, cert: CertificateDer<'static>, authority: Option<CertificateDer<'static>>) -> Tls {
        Tls { acceptor: TlsAcceptor::from(Arc::new(config)), cert, authority }
    }

    /// What performs the handshake of each connection.
    pub fn acceptor(&self) -> &TlsAcceptor {
        &self.acceptor
    }

    /// The certificate the server presents (the first of a chain).
    pub fn certificate(&self) -> &CertificateDer<'static> {
        &self.cert
    }

    /// The local authority that signed a self-signed certificate: what a
    /// phone installs to trust the server.
    pub fn authority(&self) -> Option<&CertificateDer<'static>> {
        self.authority.as_ref()
    }

    /// The SHA-256 fingerprint of the server's certificate, as browsers
    /// show it: upper-case hex bytes between colons.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.cert)
    }

    /// The SHA-256 fingerprint of the local authority, if self-signed.
    pub fn authority_fingerprint(&self) -> Option<String> {
        self.authority.as_ref().map(fingerprint)
    }

    /// Logs the fingerprints, for people to compare with what a phone shows.
    pub fn announce(&self, data_dir: &Path) {
        let fingerprint = self.fingerprint();
        tracing::info!(tls.sha256 = %fingerprint, "TLS certificate SHA-256 fingerprint {fingerprint}");
        if let Some(authority) = self.authority_fingerprint() {
            let file = self_signed::Files::in_dir(&data_dir.join("tls")).authority;
            tracing::info!(tls.authority.sha256 = %authority, tls.authority = %file.display(),
                "self-signed: install {} on a phone to trust this server (SHA-256 fingerprint {authority})",
                file.display());
        }
    }
}

/// The certificates of a PEM file, the server's own first.
fn read_chain(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let chain = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("reading the TLS certificate {} (tls.cert)", path.display()))?;
    if chain.is_empty() {
        anyhow::bail!("the TLS certificate file {} (tls.cert) holds no PEM certificate", path.display());
    }
    Ok(chain)
}

/// The private key of a PEM file.
fn read_key(path: &Path) -> anyhow::Result<PrivateKeyDer<'static>> {
    PrivateKeyDer::from_pem_file(path).map_err(|err| match err {
        pem::Error::NoItemsFound => anyhow!("the TLS key file {} (tls.key) holds no PEM private key", path.display()),
        err => anyhow!("reading the TLS key {} (tls.key): {err}", path.display()),
    })
}

/// rustls on ring (named, as aws-lc-rs is built too), TLS 1.2 and 1.3,
/// offering HTTP/2 and HTTP/1.1.
fn server_config(
    provider: &Arc<CryptoProvider>,
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<ServerConfig, TlsError> {
    let mut config = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(rustls::DEFAULT_VERSIONS)?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

fn fingerprint(cert: &CertificateDer<'_>) -> String {
    let digest = Sha256::digest(cert.as_ref());
    let mut out = String::with_capacity(digest.len() * 3);
    for (i, byte) in digest.iter().enumerate() {
        let _ = write!(out, "{}{byte:02X}", if i == 0 { "" } else { ":" });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_colon_separated_upper_case_hex() {
        let print = fingerprint(&CertificateDer::from(b"abc".to_vec()));
        assert_eq!(print.len(), 32 * 3 - 1);
        assert!(print.starts_with("BA:78:16:BF:"), "{print}");
    }
}

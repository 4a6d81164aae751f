//! Settings of TLS on the main listener: a certificate and key from files,
//! or a certificate of the server's own making (`self_signed`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// HTTPS on the main address. Off unless `cert` and `key`, or `self_signed`,
/// are set; the metrics listener always stays plain HTTP.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TlsSettings {
    /// PEM file of the certificate chain, the server's certificate first.
    pub cert: Option<PathBuf>,
    /// PEM file of the certificate's private key (PKCS#8, PKCS#1 or SEC1).
    pub key: Option<PathBuf>,
    /// Make a certificate (and a local authority that signs it) in
    /// `<data_dir>/tls` on first start, and reuse it after: for trying the
    /// apps on a phone on the local network.
    pub self_signed: bool,
}

/// Where the server's certificate comes from, once the settings are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode<'a> {
    /// A certificate chain and its key, from files.
    Files {
        /// The chain's PEM file.
        cert: &'a Path,
        /// The key's PEM file.
        key: &'a Path,
    },
    /// The server's own certificate, kept in the data directory.
    SelfSigned,
}

impl TlsSettings {
    /// Whether the main listener serves HTTPS (whether or not the rest of
    /// the settings are right: [`TlsSettings::mode`] says that).
    pub fn enabled(&self) -> bool {
        self.self_signed || self.cert.is_some() || self.key.is_some()
    }

    /// The certificate's source (`None`: plain HTTP), or why the settings
    /// do not name one.
    pub fn mode(&self) -> Result<Option<TlsMode<'_>>, String> {
        match (&self.cert, &self.key, self.self_signed) {
            (None, None, false) => Ok(None),
            (None, None, true) => Ok(Some(TlsMode::SelfSigned)),
            (Some(_), _, true) | (_, Some(_), true) => {
                Err("tls.self_signed cannot be combined with tls.cert or tls.key (--tls-self-signed with \
                 --tls-cert/--tls-key): choose a certificate from files or a self-signed one"
                    .into())
            }
            (Some(cert), Some(key), false) => Ok(Some(TlsMode::Files { cert, key })),
            (Some(_), None, false) => Err("tls.cert is set without tls.key (--tls-key): both are needed".into()),
            (None, Some(_), false) => Err("tls.key is set without tls.cert (--tls-cert): both are needed".into()),
        }
    }

    /// Sets files as the source, replacing whatever the settings said.
    pub fn use_files(&mut self, cert: PathBuf, key: PathBuf) {
        *self = Self { cert: Some(cert), key: Some(key), self_signed: false };
    }

    /// Sets the self-signed certificate as the source, replacing whatever
    /// the settings said.
    pub fn use_self_signed(&mut self) {
        *self = Self { cert: None, key: None, self_signed: true };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(cert: Option<&str>, key: Option<&str>, self_signed: bool) -> TlsSettings {
        TlsSettings { cert: cert.map(PathBuf::from), key: key.map(PathBuf::from), self_signed }
    }

    #[test]
    fn the_mode_is_files_or_self_signed_never_both() {
        assert_eq!(settings(None, None, false).mode(), Ok(None));
        assert_eq!(settings(None, None, true).mode(), Ok(Some(TlsMode::SelfSigned)));
        assert_eq!(
            settings(Some("c.pem"), Some("k.pem"), false).mode(),
            Ok(Some(TlsMode::Files { cert: Path::new("c.pem"), key: Path::new("k.pem") }))
        );
        for (given, says) in [
            (settings(Some("c.pem"), Some("k.pem"), true), "cannot be combined"),
            (settings(Some("c.pem"), None, true), "cannot be combined"),
            (settings(Some("c.pem"), None, false), "tls.cert is set without tls.key"),
            (settings(None, Some("k.pem"), false), "tls.key is set without tls.cert"),
        ] {
            assert!(given.enabled());
            let err = given.mode().unwrap_err();
            assert!(err.contains(says), "{given:?}: {err}");
        }
        assert!(!settings(None, None, false).enabled());
    }

    #[test]
    fn the_command_line_replaces_the_files_choice() {
        let mut tls = settings(None, None, true);
        tls.use_files("c.pem".into(), "k.pem".into());
        assert!(matches!(tls.mode(), Ok(Some(TlsMode::Files { .. }))));
        tls.use_self_signed();
        assert_eq!(tls.mode(), Ok(Some(TlsMode::SelfSigned)));
    }
}

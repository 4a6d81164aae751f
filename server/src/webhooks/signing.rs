//! Secrets and signatures, per Standard Webhooks: a secret is `whsec_`
//! followed by the base64 of a random key; a signature is
//! `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`.
//! The signing itself is the `standardwebhooks` crate's, so receivers using
//! any Standard Webhooks library verify what we send.

use base64::{Engine, engine::general_purpose::STANDARD};
use rand::RngCore;
use standardwebhooks::Webhook;

/// Bytes of a signing key (the specification asks for 24 to 64).
const KEY_BYTES: usize = 32;

/// A new random signing secret, `whsec_<base64 key>`.
pub fn new_secret() -> String {
    let mut key = [0u8; KEY_BYTES];
    rand::rng().fill_bytes(&mut key);
    format!("whsec_{}", STANDARD.encode(key))
}

/// The three Standard Webhooks headers of one attempt.
#[derive(Debug, Clone)]
pub struct Signed {
    /// `webhook-id`.
    pub id: String,
    /// `webhook-timestamp`: seconds since the epoch.
    pub timestamp: i64,
    /// `webhook-signature`: `v1,<base64>`.
    pub signature: String,
}

/// Signs `body` for the message `id` at `timestamp` with `secret`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<Signed, standardwebhooks::WebhookError> {
    let signature = Webhook::new(secret)?.sign(id, timestamp, body.as_bytes())?;
    Ok(Signed { id: id.to_owned(), timestamp, signature })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_the_hmac_of_id_timestamp_and_body() {
        use hmac::{Hmac, Mac};
        let secret = new_secret();
        let key = STANDARD.decode(secret.trim_start_matches("whsec_")).unwrap_or_default();
        assert_eq!(key.len(), KEY_BYTES);
        let signed = sign(&secret, "msg_1", 1_700_000_000, "{\"a\":1}").ok();
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).ok();
        if let Some(mac) = mac.as_mut() {
            mac.update(b"msg_1.1700000000.{\"a\":1}");
        }
        let expected = mac.map(|m| format!("v1,{}", STANDARD.encode(m.finalize().into_bytes())));
        assert_eq!(signed.map(|s| s.signature), expected);
    }
}

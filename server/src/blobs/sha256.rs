//! `Sha256`: the name of a photo, the SHA-256 of its bytes. Built only by
//! [`Sha256::parse`] (64 hex digits) or from a finished digest, so a value of
//! this type is always a well-formed hash.

use std::{fmt, str::FromStr};

/// A SHA-256 digest, printed as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256([u8; 32]);

/// Why a text is not a SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a SHA-256: expected 64 hex digits")]
pub struct NotASha256;

/// Whether a text is a photo's name as records carry it: a SHA-256 in 64
/// lowercase hex digits (the form [`Sha256::hex`] prints).
pub fn is_photo_name(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Sha256 {
    /// Parses 64 hex digits (either case; printed back in lowercase).
    pub fn parse(text: &str) -> Result<Sha256, NotASha256> {
        if text.len() != 64 {
            return Err(NotASha256);
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| NotASha256)?;
        Ok(Sha256(bytes))
    }

    /// The hash of a finished digest.
    pub fn from_bytes(bytes: [u8; 32]) -> Sha256 {
        Sha256(bytes)
    }

    /// The hash of some bytes (for small data: tests, thumbnails).
    pub fn of(data: &[u8]) -> Sha256 {
        use sha2_resumable::Digest;
        Sha256(sha2_resumable::Sha256::digest(data).into())
    }

    /// The 64 lowercase hex digits.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256({})", self.hex())
    }
}

impl FromStr for Sha256 {
    type Err = NotASha256;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sha256::parse(s)
    }
}

impl serde::Serialize for Sha256 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

impl<'de> serde::Deserialize<'de> for Sha256 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Sha256::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_names_are_lowercase_sha256() {
        assert!(is_photo_name(&"ab".repeat(32)));
        assert!(!is_photo_name(&"AB".repeat(32)));
        assert!(!is_photo_name("abc"));
    }

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn parses_64_hex_digits_and_prints_lowercase() {
        let hash = Sha256::parse(&EMPTY.to_uppercase()).unwrap_or_else(|_| panic!("valid"));
        assert_eq!(hash.to_string(), EMPTY);
        assert_eq!(Sha256::of(b""), hash);
    }

    #[test]
    fn refuses_anything_else() {
        for bad in
            ["", "abc", &EMPTY[..63], &format!("{EMPTY}0"), &EMPTY.replace('e', "g"), &format!(" {}", &EMPTY[1..])]
        {
            assert_eq!(Sha256::parse(bad), Err(NotASha256), "{bad:?}");
        }
    }
}

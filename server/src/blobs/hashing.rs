//! The SHA-256 of an upload, computed as its chunks stream through and saved
//! between chunks, so the server verifies the whole photo without reading
//! it back (an S3 multipart upload cannot be read before it is completed).

use base64::{Engine, engine::general_purpose::STANDARD};
use sha2_resumable::{
    Digest,
    digest::common::hazmat::{SerializableState, SerializedState},
};

use super::sha256::Sha256;

/// A SHA-256 in progress.
#[derive(Clone, Default)]
pub struct RunningHash(sha2_resumable::Sha256);

impl std::fmt::Debug for RunningHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RunningHash")
    }
}

impl RunningHash {
    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// The saved state, for the upload session row.
    pub fn save(&self) -> String {
        STANDARD.encode(self.0.serialize().as_slice())
    }

    /// Restores a saved state; `None` if it is damaged.
    pub fn restore(saved: &str) -> Option<RunningHash> {
        let bytes = STANDARD.decode(saved).ok()?;
        let state = SerializedState::<sha2_resumable::Sha256>::try_from(bytes.as_slice()).ok()?;
        sha2_resumable::Sha256::deserialize(&state).ok().map(RunningHash)
    }

    /// The hash of everything added.
    pub fn finish(self) -> Sha256 {
        Sha256::from_bytes(self.0.finalize().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_and_restored_hash_continues_where_it_stopped() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut first = RunningHash::default();
        first.update(&data[..4_097]);
        let saved = first.save();
        let mut resumed = RunningHash::restore(&saved).unwrap_or_else(|| panic!("restores"));
        resumed.update(&data[4_097..]);
        assert_eq!(resumed.finish(), Sha256::of(&data));
        assert!(RunningHash::restore("not base64!").is_none());
    }
}

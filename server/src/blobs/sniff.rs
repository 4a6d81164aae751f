//! The type of a photo, sniffed from its first bytes (the name and the
//! declared type are never trusted). Only JPEG, PNG, HEIC and WebP pass.

/// How many leading bytes [`sniff`] needs to decide.
pub const SNIFF_BYTES: usize = 16;

/// An accepted photo format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoType {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (the 8-byte signature).
    Png,
    /// HEIC/HEIF (an ISO-BMFF `ftyp` box with a HEIF brand).
    Heic,
    /// WebP (`RIFF....WEBP`).
    Webp,
}

impl PhotoType {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "image/jpeg",
            PhotoType::Png => "image/png",
            PhotoType::Heic => "image/heic",
            PhotoType::Webp => "image/webp",
        }
    }

    /// The type of a stored MIME type.
    pub fn from_mime(mime: &str) -> Option<PhotoType> {
        [PhotoType::Jpeg, PhotoType::Png, PhotoType::Heic, PhotoType::Webp].into_iter().find(|t| t.mime() == mime)
    }
}

/// HEIF major brands of still images (HEVC, and the generic image brands).
const HEIF_BRANDS: &[&[u8; 4]] = &[b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"];

/// The photo type of a file starting with `head`, if accepted.
pub fn sniff(head: &[u8]) -> Option<PhotoType> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(PhotoType::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(PhotoType::Png);
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some(PhotoType::Webp);
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" && HEIF_BRANDS.iter().any(|b| &head[8..12] == *b) {
        return Some(PhotoType::Heic);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_four_photo_formats_by_their_bytes() {
        let cases: &[(&[u8], Option<PhotoType>)] = &[
            (b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", Some(PhotoType::Jpeg)),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Some(PhotoType::Png)),
            (b"RIFF\x24\x00\x00\x00WEBPVP8 ", Some(PhotoType::Webp)),
            (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", Some(PhotoType::Heic)),
            (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00", Some(PhotoType::Heic)),
            (b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00", None),
            (b"GIF89a\x01\x00\x01\x00", None),
            (b"%PDF-1.7\n", None),
            (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
            (b"\xFF\xD8", None),
            (b"", None),
        ];
        for (head, expected) in cases {
            assert_eq!(sniff(head), *expected, "{head:?}");
        }
    }

    #[test]
    fn mime_types_round_trip() {
        for t in [PhotoType::Jpeg, PhotoType::Png, PhotoType::Heic, PhotoType::Webp] {
            assert_eq!(PhotoType::from_mime(t.mime()), Some(t));
        }
    }
}

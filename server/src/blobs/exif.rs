//! EXIF metadata of a photo: when and where it was taken, and how the camera
//! was turned. Kept as information for reviewers; never trusted for
//! authorisation (a device can write anything there).

use exif::{In, Reader, Tag, Value};

/// What the EXIF block says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exif {
    /// `DateTimeOriginal` as written (`YYYY-MM-DD HH:MM:SS`, the camera's local time),
    /// with `OffsetTimeOriginal` appended when present.
    pub taken_at: Option<String>,
    /// GPS latitude in degrees (south negative).
    pub latitude: Option<f64>,
    /// GPS longitude in degrees (west negative).
    pub longitude: Option<f64>,
    /// EXIF orientation, 1–8.
    pub orientation: Option<u8>,
}

/// Reads the EXIF block of a JPEG, PNG, WebP or HEIC file; empty when there is none.
pub fn read(data: &[u8]) -> Exif {
    let Ok(found) = Reader::new().read_from_container(&mut std::io::Cursor::new(data)) else {
        return Exif::default();
    };
    let field = |tag| found.get_field(tag, In::PRIMARY);
    let ascii = |tag| match field(tag).map(|f| &f.value) {
        Some(Value::Ascii(parts)) => parts.first().map(|p| String::from_utf8_lossy(p).trim().to_owned()),
        _ => None,
    };
    let taken_at = ascii(Tag::DateTimeOriginal).or_else(|| ascii(Tag::DateTime)).and_then(|text| {
        let date = exif::DateTime::from_ascii(text.as_bytes()).ok()?;
        let mut out = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            date.year, date.month, date.day, date.hour, date.minute, date.second
        );
        if let Some(offset) = ascii(Tag::OffsetTimeOriginal) {
            out.push_str(&offset);
        }
        Some(out)
    });
    let degrees = |tag, reference, negative: &str| {
        let Some(Value::Rational(parts)) = field(tag).map(|f| &f.value) else {
            return None;
        };
        let [d, m, s] = parts.get(..3)? else {
            return None;
        };
        let value = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
        let sign = if ascii(reference).is_some_and(|r| r.eq_ignore_ascii_case(negative)) { -1.0 } else { 1.0 };
        Some(sign * value).filter(|v: &f64| v.is_finite())
    };
    Exif {
        taken_at,
        latitude: degrees(Tag::GPSLatitude, Tag::GPSLatitudeRef, "S").filter(|v| v.abs() <= 90.0),
        longitude: degrees(Tag::GPSLongitude, Tag::GPSLongitudeRef, "W").filter(|v| v.abs() <= 180.0),
        orientation: field(Tag::Orientation).and_then(|f| f.value.get_uint(0)).and_then(|v| u8::try_from(v).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_exif_gives_nothing() {
        assert_eq!(read(b"\xFF\xD8\xFF\xE0 not really a jpeg"), Exif::default());
        assert_eq!(read(b""), Exif::default());
    }
}

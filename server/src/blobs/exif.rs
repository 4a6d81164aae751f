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

/// An EXIF block as a JPEG APP1 segment: time, place and orientation (for tests and demo data).
pub fn app1_segment(taken_at: &str, latitude: f64, longitude: f64, orientation: u16) -> Vec<u8> {
    use exif::{Field, Rational, experimental::Writer};
    let dms = |v: f64| {
        let v = v.abs();
        let (d, m) = (v.trunc(), (v.fract() * 60.0).trunc());
        let s = ((v * 3600.0) - d * 3600.0 - m * 60.0) * 1000.0;
        vec![
            Rational { num: d as u32, denom: 1 },
            Rational { num: m as u32, denom: 1 },
            Rational { num: s.round() as u32, denom: 1000 },
        ]
    };
    let field = |tag, value| Field { tag, ifd_num: In::PRIMARY, value };
    let fields = [
        field(Tag::DateTimeOriginal, Value::Ascii(vec![taken_at.as_bytes().to_vec()])),
        field(Tag::GPSLatitudeRef, Value::Ascii(vec![if latitude < 0.0 { b"S".to_vec() } else { b"N".to_vec() }])),
        field(Tag::GPSLatitude, Value::Rational(dms(latitude))),
        field(Tag::GPSLongitudeRef, Value::Ascii(vec![if longitude < 0.0 { b"W".to_vec() } else { b"E".to_vec() }])),
        field(Tag::GPSLongitude, Value::Rational(dms(longitude))),
        field(Tag::Orientation, Value::Short(vec![orientation])),
    ];
    let mut writer = Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    if writer.write(&mut tiff, false).is_err() {
        return Vec::new();
    }
    let tiff = tiff.into_inner();
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_place_and_orientation_are_read_from_a_jpeg() {
        // A JPEG start, the EXIF segment, then anything.
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(app1_segment("2026:11:23 09:30:15", 38.0412, -114.5149, 6));
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        let found = read(&jpeg);
        assert_eq!(found.taken_at.as_deref(), Some("2026-11-23 09:30:15"));
        assert!((found.latitude.unwrap_or_default() - 38.0412).abs() < 1e-4, "{found:?}");
        assert!((found.longitude.unwrap_or_default() + 114.5149).abs() < 1e-4, "{found:?}");
        assert_eq!(found.orientation, Some(6));
    }

    #[test]
    fn a_file_without_exif_gives_nothing() {
        assert_eq!(read(b"\xFF\xD8\xFF\xE0 not really a jpeg"), Exif::default());
        assert_eq!(read(b""), Exif::default());
    }
}

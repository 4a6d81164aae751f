//! Where a device was, as its positioning claims it: the start of an
//! inspection (§12), the taking of a photo (§18). Informative, never used to
//! authorise, and bounded like every claim of a device.

use serde::{Deserialize, Serialize};

/// The widest accuracy taken, in metres: coarser than this (a network guess
/// across a county) says nothing about the place.
pub const MAX_ACCURACY_M: f64 = 100_000.0;

/// A position in WGS 84 degrees, with the accuracy the device claimed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Degrees north (south negative), −90 to 90.
    pub latitude: f64,
    /// Degrees east (west negative), −180 to 180.
    pub longitude: f64,
    /// Radius of the device's uncertainty, in metres (0 to 100 km), if it said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub accuracy_m: Option<f64>,
}

/// The unit of a bounded value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Degrees of latitude or longitude.
    Degrees,
    /// Metres.
    Metres,
}

/// A value of a [`Location`] outside its bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutOfRange {
    /// The field: `latitude`, `longitude` or `accuracy_m`.
    pub field: &'static str,
    /// The lowest value taken.
    pub min: f64,
    /// The highest value taken.
    pub max: f64,
    /// Their unit.
    pub unit: Unit,
}

impl Location {
    /// Each value outside its bounds (not a finite number counts as outside),
    /// in field order; empty when the claim can be kept.
    pub fn out_of_range(&self) -> Vec<OutOfRange> {
        let mut out = Vec::new();
        let mut within = |field, value: f64, min, max, unit| {
            if !(value.is_finite() && (min..=max).contains(&value)) {
                out.push(OutOfRange { field, min, max, unit });
            }
        };
        within("latitude", self.latitude, -90.0, 90.0, Unit::Degrees);
        within("longitude", self.longitude, -180.0, 180.0, Unit::Degrees);
        if let Some(accuracy) = self.accuracy_m {
            within("accuracy_m", accuracy, 0.0, MAX_ACCURACY_M, Unit::Metres);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(location: Location) -> Vec<&'static str> {
        location.out_of_range().into_iter().map(|o| o.field).collect()
    }

    #[test]
    fn a_position_on_the_globe_with_a_phones_accuracy_is_taken() {
        let here = Location { latitude: 38.04, longitude: 114.51, accuracy_m: Some(12.0) };
        assert!(fields(here).is_empty());
        assert!(fields(Location { latitude: -90.0, longitude: 180.0, accuracy_m: None }).is_empty(), "the bounds");
    }

    #[test]
    fn each_value_off_the_globe_is_named() {
        let off = Location { latitude: 91.0, longitude: f64::NAN, accuracy_m: Some(-1.0) };
        assert_eq!(fields(off), ["latitude", "longitude", "accuracy_m"]);
        let coarse = Location { latitude: 0.0, longitude: 0.0, accuracy_m: Some(MAX_ACCURACY_M + 1.0) };
        assert_eq!(fields(coarse), ["accuracy_m"]);
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let err = serde_json::from_str::<Location>(r#"{"latitude":1,"longitude":2,"altitude":3}"#).unwrap_err();
        assert!(err.to_string().contains("altitude"), "{err}");
    }
}

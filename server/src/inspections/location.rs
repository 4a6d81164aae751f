//! Where the device was when an inspection started, as the phone's
//! positioning claims it: informative (shown beside the place, kept for
//! the record), never used to authorise. Bounded like any claim: degrees
//! on the globe, an accuracy a phone can give; out of bounds fails its
//! field, never stored as a default.

use serde::{Deserialize, Serialize};

use crate::{error::Reason, http::validate::Check};

/// The widest accuracy taken, in metres: coarser than this (a network
/// guess across a county) says nothing about the place.
pub const MAX_ACCURACY_M: f64 = 100_000.0;

/// A position in WGS 84 degrees, with the accuracy the device claimed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Degrees north (south negative), −90 to 90.
    pub latitude: f64,
    /// Degrees east (west negative), −180 to 180.
    pub longitude: f64,
    /// Radius of the device's uncertainty, in metres (0 to 100 km), if it said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy_m: Option<f64>,
}

impl Location {
    /// Checks the claim; each value out of bounds fails its own field under `field`.
    pub fn check(&self, check: &mut Check, field: &str) {
        let mut within = |name: &str, value: f64, min: f64, max: f64, unit: &str| {
            if !(value.is_finite() && (min..=max).contains(&value)) {
                check.fail(
                    &format!("{field}.{name}"),
                    Reason::Rule {
                        code: "out_of_range",
                        en: format!("Must be between {min} and {max} {unit}."),
                        zh: format!("应在 {min} 到 {max} {unit}之间。"),
                    },
                );
            }
        };
        within("latitude", self.latitude, -90.0, 90.0, "degrees");
        within("longitude", self.longitude, -180.0, 180.0, "degrees");
        if let Some(accuracy) = self.accuracy_m {
            within("accuracy_m", accuracy, 0.0, MAX_ACCURACY_M, "metres");
        }
    }

    /// The location stored in an inspection's columns, if it has one.
    pub fn of(latitude: Option<f64>, longitude: Option<f64>, accuracy_m: Option<f64>) -> Option<Location> {
        Some(Location { latitude: latitude?, longitude: longitude?, accuracy_m })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(location: Location) -> Vec<String> {
        let mut check = Check::new();
        location.check(&mut check, "location");
        check.into_errors().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_position_on_the_globe_with_a_phones_accuracy_is_taken() {
        let here = Location { latitude: 38.04, longitude: 114.51, accuracy_m: Some(12.0) };
        assert!(fields(here).is_empty());
        assert!(fields(Location { latitude: -90.0, longitude: 180.0, accuracy_m: None }).is_empty(), "the bounds");
    }

    #[test]
    fn each_value_off_the_globe_fails_its_own_field() {
        let off = Location { latitude: 91.0, longitude: f64::NAN, accuracy_m: Some(-1.0) };
        assert_eq!(fields(off), ["location.latitude", "location.longitude", "location.accuracy_m"]);
        let coarse = Location { latitude: 0.0, longitude: 0.0, accuracy_m: Some(MAX_ACCURACY_M + 1.0) };
        assert_eq!(fields(coarse), ["location.accuracy_m"]);
    }
}

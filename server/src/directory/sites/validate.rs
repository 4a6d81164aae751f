//! The rules of a new site, shared by the API and the CSV import: both
//! gather a [`SiteInput`] and the records it refers to, then call [`check_new`].

use uuid::Uuid;

use super::{
    kinds::{DEFAULT_STATUS, PROJECT_TYPES, STATUSES},
    placement::{Lookup, Placement, check_region},
};
use crate::{
    directory::{
        organisations::{entity::Model as Organisation, repo::check_contractor},
        regions::{Level, entity::Model as Region},
    },
    error::Reason,
    http::validate::Check,
    policy::DirectoryAdmin,
};

/// The levels a site may lie in.
pub const SITE_LEVELS: &[Level] = &[Level::Township, Level::Village];

const MAX_NAME: usize = 200;
const MAX_ADDRESS: usize = 300;
const MAX_PERMIT: usize = 64;

/// A site's own fields as submitted, by the API or by a row of a file.
#[derive(Debug, Clone, Default)]
pub struct SiteInput {
    /// Project name.
    pub name: String,
    /// Address.
    pub address: String,
    /// WGS-84 latitude.
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    pub longitude: Option<f64>,
    /// Project type code.
    pub project_type: String,
    /// Construction permit number.
    pub permit_number: Option<String>,
    /// The owner or developer (建设单位).
    pub owner_unit: Option<String>,
    /// The supervision company (监理单位).
    pub supervision_unit: Option<String>,
    /// Status code; none means the default.
    pub status: Option<String>,
}

/// A site's own fields, trimmed and checked (valid only if the check passed).
#[derive(Debug, Clone)]
pub struct SiteFields {
    /// Project name.
    pub name: String,
    /// Address.
    pub address: String,
    /// WGS-84 latitude.
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    pub longitude: Option<f64>,
    /// Project type code.
    pub project_type: String,
    /// Construction permit number.
    pub permit_number: Option<String>,
    /// The owner or developer (建设单位).
    pub owner_unit: Option<String>,
    /// The supervision company (监理单位).
    pub supervision_unit: Option<String>,
    /// Status code.
    pub status: String,
}

/// The records a new site refers to, as the caller found them, with the
/// names of the fields that named them (they differ between API and file).
#[derive(Debug, Clone, Copy)]
pub struct SiteRefs<'a> {
    /// Field naming the region.
    pub region_field: &'a str,
    /// The region.
    pub region: Lookup<'a, Region>,
    /// Field naming the contractor company.
    pub contractor_field: &'a str,
    /// The contractor company.
    pub contractor: Lookup<'a, Organisation>,
}

/// A checked new site.
#[derive(Debug, Clone)]
pub struct NewSite {
    /// Its own fields.
    pub fields: SiteFields,
    /// Its region.
    pub placement: Placement,
    /// Its contractor company.
    pub contractor_id: Option<Uuid>,
}

/// Checks a site's own fields, recording every invalid one.
pub fn check_fields(check: &mut Check, input: &SiteInput) -> SiteFields {
    let name = check.text("name", &input.name, MAX_NAME);
    let address = check.text("address", &input.address, MAX_ADDRESS);
    check_coordinates(check, input.latitude, input.longitude);
    SiteFields {
        name,
        address,
        latitude: input.latitude,
        longitude: input.longitude,
        project_type: check.one_of("project_type", &input.project_type, PROJECT_TYPES),
        permit_number: check.opt_text("permit_number", input.permit_number.as_deref(), MAX_PERMIT),
        owner_unit: check.opt_text("owner_unit", input.owner_unit.as_deref(), MAX_NAME),
        supervision_unit: check.opt_text("supervision_unit", input.supervision_unit.as_deref(), MAX_NAME),
        status: match input.status.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_STATUS.to_owned(),
            Some(status) => check.one_of("status", status, STATUSES),
        },
    }
}

/// Checks a new site, fields and references; `None` when anything failed.
pub fn check_new(check: &mut Check, admin: &DirectoryAdmin, input: &SiteInput, refs: SiteRefs<'_>) -> Option<NewSite> {
    let fields = check_fields(check, input);
    let placement = check_region(check, admin, refs.region_field, refs.region, SITE_LEVELS);
    let contractor_id = match refs.contractor {
        Lookup::Absent => None,
        Lookup::Missing => check_contractor(check, refs.contractor_field, None),
        Lookup::Found(org) => check_contractor(check, refs.contractor_field, Some(org)),
    };
    if !check.is_ok() {
        return None;
    }
    Some(NewSite { fields, placement: placement?, contractor_id })
}

fn check_coordinates(check: &mut Check, latitude: Option<f64>, longitude: Option<f64>) {
    for (field, value, limit) in [("latitude", latitude, 90.0), ("longitude", longitude, 180.0)] {
        if let Some(v) = value
            && !(v.is_finite() && (-limit..=limit).contains(&v))
        {
            check.fail(
                field,
                Reason::Rule {
                    code: "out_of_range",
                    en: format!("Must be between -{limit} and {limit}."),
                    zh: format!("必须在 -{limit} 与 {limit} 之间。"),
                },
            );
        }
    }
    // A point needs both coordinates.
    match (latitude, longitude) {
        (Some(_), None) => check.fail("longitude", Reason::Required),
        (None, Some(_)) => check.fail("latitude", Reason::Required),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SiteInput {
        SiteInput {
            name: "Bridge".into(),
            address: "Main road".into(),
            latitude: Some(37.0),
            longitude: Some(115.0),
            project_type: "transport".into(),
            permit_number: None,
            owner_unit: None,
            supervision_unit: None,
            status: None,
        }
    }

    fn failed_fields(input: &SiteInput) -> Vec<String> {
        let mut check = Check::new();
        check_fields(&mut check, input);
        check.into_errors().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_site_passes_with_the_default_status() {
        let mut check = Check::new();
        let fields = check_fields(&mut check, &input());
        assert!(check.is_ok());
        assert_eq!(fields.status, "active");
    }

    #[test]
    fn coordinates_out_of_range_or_alone_fail() {
        let far = SiteInput { latitude: Some(91.0), longitude: Some(-181.0), ..input() };
        assert_eq!(failed_fields(&far), ["latitude", "longitude"]);
        let alone = SiteInput { longitude: None, ..input() };
        assert_eq!(failed_fields(&alone), ["longitude"]);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let bad =
            SiteInput { name: " ".into(), project_type: "bridge".into(), status: Some("paused".into()), ..input() };
        assert_eq!(failed_fields(&bad), ["name", "project_type", "status"]);
    }
}

//! Organisations: the inspecting bureau and contractor companies.

pub mod entity;
pub mod repo;

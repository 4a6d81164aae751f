//! A region scope: everything, or one subtree of the region tree.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};

/// The part of the region tree a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionScope {
    /// The whole tree (admins).
    All,
    /// One subtree, by the materialised path of its root (`/<id>/<id>/`).
    Subtree(String),
    /// No region at all (contractors see by organisation instead).
    None,
}

impl RegionScope {
    /// Whether a region path lies in this scope.
    pub fn contains(&self, path: &str) -> bool {
        match self {
            RegionScope::All => true,
            RegionScope::Subtree(root) => path.starts_with(root.as_str()),
            RegionScope::None => false,
        }
    }

    /// The `LIKE` pattern matching the paths in this scope; `None` for all.
    /// Paths hold only hex digits and `/`, so no escaping is needed.
    pub fn like_pattern(&self) -> Option<String> {
        match self {
            RegionScope::All => None,
            RegionScope::Subtree(root) => Some(format!("{root}%")),
            // Paths always start with '/', so this matches nothing.
            RegionScope::None => Some(String::from("#")),
        }
    }

    /// Narrows `select` to the records whose region path, held in column
    /// `path`, lies in this scope.
    pub fn restrict<E: EntityTrait>(&self, select: Select<E>, path: impl ColumnTrait) -> Select<E> {
        match self.like_pattern() {
            Some(pattern) => select.filter(path.like(pattern)),
            None => select,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subtree_contains_its_descendants_and_not_its_siblings() {
        let scope = RegionScope::Subtree("/a/b/".into());
        assert!(scope.contains("/a/b/"));
        assert!(scope.contains("/a/b/c/"));
        assert!(!scope.contains("/a/bb/"));
        assert!(!scope.contains("/a/"));
        assert!(RegionScope::All.contains("/x/"));
        assert!(!RegionScope::None.contains("/x/"));
    }
}

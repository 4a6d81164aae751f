//! The body of a checklist template: data, never code. Sections hold items
//! with stable ids; each item says how it is answered and what a failure
//! means. A city's "eight 100%" list is a new template, not a new release.

use serde::{Deserialize, Serialize};

/// A text in both languages of the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// How a whole inspection is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// Passes when no item failed (dust control).
    PassFail,
    /// Deduction scoring by the tables of JGJ 59, weighted by category.
    Jgj59,
    /// The house grade A–D from site danger and component grades.
    RuralAppraisal,
}

/// A checklist template's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    /// Title shown to the inspector.
    pub title: Text,
    /// The law a notice from this checklist rests on (filled into the
    /// notice's legal basis, which the inspector may change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<Text>,
    /// How the inspection is judged.
    pub scoring: Scoring,
    /// Summary categories with their weights (JGJ 59 only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// The sections (JGJ 59: the check tables), in display order.
    pub sections: Vec<Section>,
}

/// A summary category of JGJ 59 (e.g. scaffolds), weighted in the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id.
    pub id: String,
    /// Name.
    pub title: Text,
    /// Weight in the total, out of 100 over all categories.
    pub weight: f64,
}

/// A group of items; in JGJ 59 one check table scored out of 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id, unique among sections and items.
    pub id: String,
    /// Name.
    pub title: Text,
    /// The summary category it counts in (JGJ 59).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// May not apply to a site: the answer under the section's id, `false`,
    /// leaves it out (and answering any of its items brings it in).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// The items.
    pub items: Vec<Item>,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id: answers are keyed by it, findings cite it.
    pub id: String,
    /// The question.
    pub prompt: Text,
    /// The standard or article a failure of this item breaks, cited in a
    /// notice's finding (the inspector may change it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<Text>,
    /// How it is answered.
    pub answer: AnswerType,
    /// Must be answered before the inspection is finished.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// A failed answer must carry at least one photo.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub photo_required: bool,
    /// How serious a failure is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// A JGJ 59 guarantee item (保证项目); otherwise a general item (一般项目).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub guarantee: bool,
    /// JGJ 59: this guarantee item may be answered not applicable (缺项), as
    /// 多塔作业 where one crane works; general items always may.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub may_not_apply: bool,
    /// Rural appraisal: the site danger check (场地危险性); failed, the house is D.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub site_danger: bool,
    /// Rural appraisal: a component grade counted in the house grade.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub component: bool,
}

/// How serious the failure of an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Note it.
    Minor,
    /// Rectify within a deadline.
    Major,
    /// Stop work until rectified.
    Critical,
}

/// How an item is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerType {
    /// `"pass"` or `"fail"`.
    PassFail,
    /// A number in `unit` between `min` and `max`; outside the pass limits it fails.
    Number {
        /// Unit, e.g. `m`, `µg/m³`.
        unit: String,
        /// Smallest value accepted.
        min: f64,
        /// Largest value accepted.
        max: f64,
        /// Below this the item fails.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pass_min: Option<f64>,
        /// Stricter lower limits when another item has a given answer.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pass_min_when: Vec<Condition>,
        /// Above this the item fails.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pass_max: Option<f64>,
    },
    /// One of `options`.
    Choice {
        /// The options.
        options: Vec<ChoiceOption>,
    },
    /// Free text of at most `max_length` characters.
    Text {
        /// Longest text accepted.
        #[serde(default = "default_text_length")]
        max_length: usize,
    },
    /// A component grade `a`–`d` (rural appraisal).
    Grade,
    /// Points deducted, 0 to `max_points` (JGJ 59).
    Deduction {
        /// The item's points.
        max_points: f64,
    },
}

fn default_text_length() -> usize {
    2_000
}

/// A lower limit that applies when another item has a given answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The other item (a choice).
    pub item: String,
    /// Its answer.
    pub equals: String,
    /// The lower limit then.
    pub min: f64,
}

/// One option of a choice item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Stable value sent as the answer.
    pub value: String,
    /// Label.
    pub label: Text,
    /// Choosing it fails the item.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fails: bool,
}

impl TemplateBody {
    /// Every item with its section.
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections.iter().flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<(&Section, &Item)> {
        self.items().find(|(_, item)| item.id == id)
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

//! The three ways an inspection is judged, from its checked answers.

use super::{
    answer::Typed,
    body::{AnswerType, Section, TemplateBody},
    check::GUARANTEE_FLOOR,
    evaluate::{Answers, CategoryScore, Evaluation, FailedItem, TableScore},
};

/// JGJ 59: a total of at least this is good (优良).
pub const GOOD: f64 = 80.0;
/// JGJ 59: a total of at least this passes (合格); below fails (不合格).
pub const PASS: f64 = 70.0;

/// Rounding noise tolerated when comparing converted points with a floor.
const EPSILON: f64 = 1e-9;

fn round2(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}

/// Dust control: fails as soon as an item failed; passes once complete
/// with no item failed (until then the grade is not known).
pub fn pass_fail(failed: &[FailedItem], complete: bool) -> Evaluation {
    let grade = match (failed.is_empty(), complete) {
        (false, _) => Some("fail".into()),
        (true, true) => Some("pass".into()),
        (true, false) => None,
    };
    Evaluation { grade, ..Evaluation::default() }
}

/// JGJ 59-2011 §4.0.3: each applicable table scores its items' points less
/// deductions, over the points of the items that apply, converted to 100
/// (缺项: 实得分 / 应得分 × 100); it scores 0 when a guarantee item scores 0 or
/// the guarantee items, converted likewise to their full points, total under
/// 40. A category scores the average of its tables; the total is the
/// weighted sum rescaled over the applicable categories (缺表). Any table at
/// 0 fails the site whatever the total (§4.0.4).
pub fn jgj59(body: &TemplateBody, applicable: &[&Section], answers: &Answers) -> Evaluation {
    let tables: Vec<TableScore> = applicable.iter().map(|section| table(section, answers)).collect();
    let mut categories = Vec::new();
    for category in &body.categories {
        let scores: Vec<f64> = applicable
            .iter()
            .zip(&tables)
            .filter(|(s, _)| s.category.as_deref() == Some(category.id.as_str()))
            .map(|(_, t)| t.score)
            .collect();
        if scores.is_empty() {
            continue;
        }
        let score = round2(scores.iter().sum::<f64>() / scores.len() as f64);
        let points = round2(score * category.weight / 100.0);
        categories.push(CategoryScore { category_id: category.id.clone(), score, weight: category.weight, points });
    }
    let weights: f64 = categories.iter().map(|c| c.weight).sum();
    let score = (weights > 0.0).then(|| round2(categories.iter().map(|c| c.score * c.weight).sum::<f64>() / weights));
    let any_zero = tables.iter().any(|t| t.score <= 0.0);
    let grade = score.map(|total| match total {
        _ if any_zero => "fail",
        t if t >= GOOD => "good",
        t if t >= PASS => "pass",
        _ => "fail",
    });
    Evaluation { grade: grade.map(Into::into), score, tables, categories, ..Evaluation::default() }
}

/// Points of a part of a table (all its items, or its guarantee items).
#[derive(Default)]
struct Part {
    /// 实得分: points kept by the items that apply.
    kept: f64,
    /// 应得分: points of the items that apply.
    applicable: f64,
    /// Points of all its items, applicable or not.
    full: f64,
}

impl Part {
    fn add(&mut self, max_points: f64, kept: Option<f64>) {
        self.full += max_points;
        if let Some(kept) = kept {
            self.kept += kept;
            self.applicable += max_points;
        }
    }

    /// The kept points converted to the part's full points.
    fn converted(&self) -> f64 {
        if self.applicable > 0.0 { self.kept / self.applicable * self.full } else { self.full }
    }
}

/// One check table's score. Evaluation refuses a table whose every item is
/// not applicable, so `applicable` is above 0 here.
fn table(section: &Section, answers: &Answers) -> TableScore {
    let (mut all, mut guarantee, mut guarantee_zero) = (Part::default(), Part::default(), false);
    for item in &section.items {
        let AnswerType::Deduction { max_points } = item.answer else { continue };
        // Unanswered, an item has nothing deducted; not applicable, it is left out.
        let kept = match answers.get(&item.id).map(|a| &a.value) {
            Some(Typed::NotApplicable) => None,
            Some(Typed::Deduction(points)) => Some(max_points - points.min(max_points)),
            _ => Some(max_points),
        };
        all.add(max_points, kept);
        if item.guarantee {
            guarantee.add(max_points, kept);
            guarantee_zero |= kept.is_some_and(|k| k <= 0.0);
        }
    }
    // Tables without guarantee items (work at height, machinery) have no such rule.
    let has_guarantee = guarantee.applicable > 0.0;
    let zeroed = has_guarantee && (guarantee_zero || guarantee.converted() < GUARANTEE_FLOOR - EPSILON);
    let score = if zeroed || all.applicable <= 0.0 { 0.0 } else { round2(all.kept / all.applicable * 100.0) };
    TableScore { section_id: section.id.clone(), score, zeroed }
}

/// Rural appraisal: a dangerous site makes the house D at once; otherwise
/// the worst component grade decides (a → A … d → D). C calls for repair and
/// reinforcement, D for demolition and rebuilding.
pub fn rural(applicable: &[&Section], answers: &Answers) -> Evaluation {
    let items = || applicable.iter().flat_map(|s| s.items.iter());
    let dangerous_site = items()
        .filter(|i| i.site_danger)
        .any(|i| matches!(answers.get(&i.id).map(|a| &a.value), Some(Typed::Pass(false))));
    let worst = if dangerous_site {
        Some(3)
    } else {
        items()
            .filter(|i| i.component)
            .filter_map(|i| match answers.get(&i.id).map(|a| &a.value) {
                Some(Typed::Grade(g)) => Some(*g),
                _ => None,
            })
            .max()
    };
    let grade = worst.map(|g| char::from(b'A' + g).to_string());
    let renovation = match worst {
        Some(2) => Some("repair_reinforce".to_owned()),
        Some(3) => Some("demolish_rebuild".to_owned()),
        _ => None,
    };
    Evaluation { grade, renovation, ..Evaluation::default() }
}

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

/// JGJ 59: each applicable table scores its items' points less deductions,
/// or 0 when a guarantee item scores 0 or the guarantee items total under
/// 40; a category scores the average of its tables; the total is the
/// weighted sum rescaled over the applicable categories. Any table at 0
/// fails the site whatever the total.
pub fn jgj59(body: &TemplateBody, applicable: &[&Section], answers: &Answers) -> Evaluation {
    let mut tables = Vec::new();
    for section in applicable {
        let (mut total, mut guarantee, mut guarantee_zero) = (0.0, 0.0, false);
        let has_guarantee = section.items.iter().any(|i| i.guarantee);
        for item in &section.items {
            let AnswerType::Deduction { max_points } = item.answer else { continue };
            let deducted = match answers.get(&item.id).map(|a| &a.value) {
                Some(Typed::Deduction(points)) => points.min(max_points),
                _ => 0.0,
            };
            let points = max_points - deducted;
            total += points;
            if item.guarantee {
                guarantee += points;
                guarantee_zero |= points <= 0.0;
            }
        }
        // Tables without guarantee items (work at height, machinery) have no such rule.
        let zeroed = has_guarantee && (guarantee_zero || guarantee < GUARANTEE_FLOOR);
        let score = if zeroed { 0.0 } else { round2(total) };
        tables.push(TableScore { section_id: section.id.clone(), score, zeroed });
    }
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

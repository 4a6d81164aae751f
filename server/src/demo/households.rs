//! The demo rural households: three per village, with priority categories,
//! valid resident id numbers and a mix of safety grades.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use uuid::Uuid;

use super::regions::Tree;
use crate::{
    directory::households::{entity as household, record},
    sync::Write,
};

/// Households per village.
const PER_VILLAGE: usize = 3;

const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "赵", "杨", "孙", "高", "马", "周", "郭", "崔", "谢", "吕", "宋", "韩", "冯", "董", "田"];
const MALE_NAMES: &[&str] = &[
    "建国", "振华", "志强", "国庆", "春生", "保国", "德明", "长海", "玉山", "金柱", "洪涛", "树林", "宝山", "文忠",
    "老四", "庆丰", "立新", "满仓", "广田", "二虎", "永利", "建民", "占元",
];
const FEMALE_NAMES: &[&str] = &["秀英", "桂兰", "玉珍", "淑芬", "凤英", "金花", "素梅", "月娥", "翠兰", "春燕", "秀珍"];
/// Categories, cycled: priority groups first, general households between them.
const CATEGORIES: &[&str] = &[
    "minimum_allowance",
    "general",
    "scattered_support_extremely_poor",
    "poverty_return_risk",
    "general",
    "minimum_allowance",
    "marginal_minimum_allowance",
    "sudden_difficulty",
    "general",
    "other_poverty_alleviated",
    "minimum_allowance",
    "general",
];
/// Grades, cycled on a different stride; `None` is not yet appraised.
const GRADES: &[Option<&str>] =
    &[Some("A"), Some("B"), None, Some("A"), Some("C"), Some("B"), None, Some("D"), Some("A"), Some("C")];

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Completes the first 17 digits of a resident id number with its ISO 7064
/// MOD 11-2 check character.
pub fn id_number(first17: &str) -> String {
    let sum: u32 = first17.chars().zip(ID_WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    format!("{first17}{}", char::from(ID_CHECK[(sum % 11) as usize]))
}

/// The i-th demo household head: name, id number (born in the county
/// 1938–1973; the sequence number's parity gives the sex), phone.
fn person(county_code: &str, i: usize) -> (String, String, Option<String>) {
    let male = i % 3 != 1;
    let surname = SURNAMES[(i * 7) % SURNAMES.len()];
    let given = if male { MALE_NAMES[(i * 5) % MALE_NAMES.len()] } else { FEMALE_NAMES[(i * 3) % FEMALE_NAMES.len()] };
    let born = format!("{}{:02}{:02}", 1938 + (i * 7) % 36, 1 + (i * 5) % 12, 1 + (i * 13) % 28);
    // Odd for men, even for women; distinct for every i, so ids are unique.
    let sequence = 2 * i + 10 + usize::from(male);
    let id = id_number(&format!("{county_code}{born}{sequence:03}"));
    let phone = (i % 4 != 3).then(|| format!("1573190{:04}", 1000 + i * 37));
    (format!("{surname}{given}"), id, phone)
}

/// Creates the demo households, three in every village, published to devices.
pub async fn create_households(write: &Write, tree: &Tree) -> anyhow::Result<usize> {
    let now = Utc::now();
    let villages = tree.townships.iter().flat_map(|t| t.villages.iter().map(move |v| (t, v)));
    let mut count = 0;
    for (v, (town, village)) in villages.enumerate() {
        for k in 0..PER_VILLAGE {
            let i = v * PER_VILLAGE + k;
            let (head_name, id_number, phone) = person(&tree.county.code, i);
            let category = CATEGORIES[i % CATEGORIES.len()];
            // The scattered-support extremely poor (五保户) live alone.
            let members = if category == "scattered_support_extremely_poor" { 1 } else { 1 + (i * 3) % 5 };
            let address = format!("{}{}{}{}号", tree.county.name, town.region.name, village.name, 3 + k * 7 + v % 5);
            let model = household::ActiveModel {
                id: Set(Uuid::now_v7()),
                head_name: Set(head_name),
                id_number: Set(id_number),
                phone: Set(phone),
                region_id: Set(village.id),
                region_path: Set(village.path.clone()),
                category: Set(category.to_owned()),
                grade: Set(GRADES[(i * 3 + 1) % GRADES.len()].map(str::to_owned)),
                graded_at: Set(None),
                grade_appraisal_id: Set(None),
                pending_appraisal_id: Set(None),
                pending_grade: Set(None),
                address: Set(Some(address)),
                members: Set(Some(members as i32)),
                disabled: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                import_key: Set(None),
            };
            let model = model.insert(write.db()).await?;
            record::publish(write, &model);
            count += 1;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::{id_number, person};
    use crate::directory::households::{category, id_number::IdNumber};

    #[test]
    fn id_numbers_get_the_mod_11_2_check_character() {
        // The example of GB 11643-1999.
        assert_eq!(id_number("11010519491231002"), "11010519491231002X");
        assert_eq!(id_number("44052418800101001"), "440524188001010014");
    }

    #[test]
    fn demo_heads_have_distinct_ids_the_api_would_accept() {
        let ids: std::collections::HashSet<String> = (0..60).map(|i| person("130534", i).1).collect();
        assert_eq!(ids.len(), 60);
        for id in &ids {
            assert!(id.starts_with("130534"), "{id}");
            assert!(IdNumber::parse(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn demo_categories_and_grades_are_known_codes() {
        for category in super::CATEGORIES {
            assert!(category::CATEGORIES.contains(category), "{category}");
        }
        for grade in super::GRADES.iter().flatten() {
            assert!(category::GRADES.contains(grade), "{grade}");
        }
    }
}

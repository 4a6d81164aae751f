//! A report as CSV: one row per township and inspection kind, a total row
//! per township with its composite score and 末位 flag, and the region's
//! total, for spreadsheets. Headers and words in Chinese (the default) or
//! English, always after a byte-order mark so Excel reads the Chinese.

use super::{figures::Figures, report::Report};
use crate::{i18n::Lang, money::Fen, notices::kind::NoticeKind};

/// The Chinese header of each column.
const ZH: &[(&str, &str)] = &[
    ("rank", "排名"),
    ("township", "乡镇"),
    ("inspection_kind", "检查类别"),
    ("sites_inspected", "检查场所数"),
    ("inspections", "检查次数"),
    ("issued_rectification", "限期整改通知书"),
    ("issued_stop_work", "停工整改通知书"),
    ("issued_equipment_sealed", "设备查封通知书"),
    ("issued_summons", "约谈通知书"),
    ("issued_case_filed", "立案"),
    ("notices_issued", "下发文书合计"),
    ("rectified", "整改销号"),
    ("rectified_on_time", "按期整改"),
    ("reinspected_late", "逾期复查"),
    ("overdue", "逾期未整改"),
    ("rectification_rate", "整改率"),
    ("reinspections", "复查次数"),
    ("reinspection_pass_rate", "复查合格率"),
    ("sites_suspended", "停工工地数"),
    ("sites_resumed", "复工工地数"),
    ("equipment_sealed", "查封设备"),
    ("equipment_unsealed", "解封设备"),
    ("appraised_A", "鉴定A级"),
    ("appraised_B", "鉴定B级"),
    ("appraised_C", "鉴定C级"),
    ("appraised_D", "鉴定D级"),
    ("renovations_started", "改造开工"),
    ("renovations_completed", "改造竣工"),
    ("renovations_accepted", "改造验收"),
    ("funds_paid", "补助资金拨付（元）"),
    ("score", "综合得分"),
    ("last_place", "末位"),
];

/// Words in the cells, in Chinese.
const ZH_WORDS: &[(&str, &str)] = &[
    ("all", "合计"),
    ("total", "全县合计"),
    ("dust_control", "扬尘防治"),
    ("quality_safety", "质量安全"),
    ("rural_appraisal", "农村房屋安全鉴定"),
    ("none", "非检查发现"),
    ("yes", "是"),
];

fn word(lang: Lang, table: &[(&str, &'static str)], code: &str) -> String {
    match lang {
        Lang::Zh => table.iter().find(|(c, _)| *c == code).map_or(code, |(_, zh)| zh).to_owned(),
        Lang::En => code.to_owned(),
    }
}

/// House grades of rural appraisals.
const GRADES: [&str; 4] = ["A", "B", "C", "D"];

/// The header row.
fn header() -> Vec<String> {
    let mut cols: Vec<String> =
        ["rank", "township", "inspection_kind", "sites_inspected", "inspections"].map(String::from).to_vec();
    cols.extend(NoticeKind::NAMES.iter().map(|k| format!("issued_{k}")));
    cols.extend(
        [
            "notices_issued",
            "rectified",
            "rectified_on_time",
            "reinspected_late",
            "overdue",
            "rectification_rate",
            "reinspections",
            "reinspection_pass_rate",
            "sites_suspended",
            "sites_resumed",
            "equipment_sealed",
            "equipment_unsealed",
        ]
        .map(String::from),
    );
    cols.extend(GRADES.iter().map(|g| format!("appraised_{g}")));
    cols.extend(
        ["renovations_started", "renovations_completed", "renovations_accepted", "funds_paid", "score", "last_place"]
            .map(String::from),
    );
    cols
}

/// A township's line: its score and whether it is among the last places.
struct Standing<'a> {
    rank: &'a str,
    score: String,
    last_place: bool,
}

fn row(lang: Lang, standing: &Standing<'_>, township: &str, kind: &str, f: &Figures) -> Vec<String> {
    let rate = |r: Option<f64>| r.map(|r| format!("{:.4}", r)).unwrap_or_default();
    let mut cells = vec![
        standing.rank.to_owned(),
        word(lang, ZH_WORDS, township),
        word(lang, ZH_WORDS, kind),
        f.sites_inspected.to_string(),
        f.inspections.to_string(),
    ];
    cells.extend(NoticeKind::NAMES.iter().map(|k| f.notices_issued.get(*k).copied().unwrap_or(0).to_string()));
    cells.extend([
        f.issued().to_string(),
        f.rectified.to_string(),
        f.rectified_on_time.to_string(),
        f.reinspected_late.to_string(),
        f.overdue.to_string(),
        rate(f.rectification_rate),
        f.reinspections.to_string(),
        rate(f.reinspection_pass_rate),
        f.sites_suspended.to_string(),
        f.sites_resumed.to_string(),
        f.equipment_sealed.to_string(),
        f.equipment_unsealed.to_string(),
    ]);
    cells.extend(GRADES.iter().map(|g| f.appraisals.get(*g).copied().unwrap_or(0).to_string()));
    cells.extend([
        f.renovations_started.to_string(),
        f.renovations_completed.to_string(),
        f.renovations_accepted.to_string(),
        Fen::from_fen(f.funds_paid_fen).to_string(),
        standing.score.clone(),
        if standing.last_place { word(lang, ZH_WORDS, "yes") } else { String::new() },
    ]);
    cells
}

/// Renders the report, headed in `lang`.
pub fn render(report: &Report, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let mut out = crate::http::csv_out::CsvOut::with_bom();
    out.row(header().into_iter().map(|code| word(lang, ZH, &code)))?;
    for line in &report.townships {
        let rank = line.rank.to_string();
        let town = Standing { rank: &rank, score: format!("{:.2}", line.score), last_place: line.last_place };
        out.row(row(lang, &town, &line.name, "all", &line.total))?;
        let kind_line = Standing { rank: &rank, score: String::new(), last_place: false };
        for (kind, figures) in &line.by_kind {
            out.row(row(lang, &kind_line, &line.name, kind, figures))?;
        }
    }
    let total = Standing { rank: "", score: String::new(), last_place: false };
    out.row(row(lang, &total, "total", "all", &report.total))?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_chinese_header() {
        for code in header() {
            assert!(ZH.iter().any(|(c, _)| *c == code), "{code} has no Chinese header");
        }
    }
}

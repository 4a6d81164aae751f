//! A report as CSV: one row per township and inspection kind, a total row
//! per township, and the region's total, for spreadsheets.

use super::{figures::Figures, report::Report};
use crate::{money::Fen, notices::kind::NoticeKind};

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
        ["renovations_started", "renovations_completed", "renovations_accepted", "funds_paid"].map(String::from),
    );
    cols
}

fn row(rank: &str, township: &str, kind: &str, f: &Figures) -> Vec<String> {
    let rate = |r: Option<f64>| r.map(|r| format!("{:.4}", r)).unwrap_or_default();
    let mut cells = vec![
        rank.to_owned(),
        township.to_owned(),
        kind.to_owned(),
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
    ]);
    cells
}

/// Renders the report.
pub fn render(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut out = crate::http::csv_out::CsvOut::new();
    out.row(header())?;
    for line in &report.townships {
        let rank = line.rank.to_string();
        out.row(row(&rank, &line.name, "all", &line.total))?;
        for (kind, figures) in &line.by_kind {
            out.row(row(&rank, &line.name, kind, figures))?;
        }
    }
    out.row(row("", "total", "all", &report.total))?;
    out.finish()
}

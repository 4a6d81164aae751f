//! What a printed notice says that depends on its kind: its title, the law
//! it rests on when the inspector cited none, and its closing order.

use crate::notices::kind::NoticeKind;

/// The document title of a kind. A filed case prints as the 立案审批表: the
/// 行政处罚决定书 comes only with the decision, at the end of the case.
pub fn title(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Rectification => "限期整改通知书",
        NoticeKind::StopWork => "责令停工整改通知书",
        NoticeKind::EquipmentSealed => "设备查封通知书",
        NoticeKind::Summons => "约谈通知书",
        NoticeKind::CaseFiled => "立案审批表",
    }
}

/// The legal basis fitting the kind of notice and of inspection, printed
/// when the notice cites none of its own.
pub fn default_basis(kind: NoticeKind, inspection_kind: Option<&str>) -> &'static str {
    match (kind, inspection_kind) {
        (NoticeKind::StopWork, _) => {
            "《建设工程安全生产管理条例》第四十三条；《中华人民共和国大气污染防治法》第六十九条"
        }
        (NoticeKind::EquipmentSealed, _) => "《建设工程安全生产管理条例》第四十三条；《建筑起重机械安全监督管理规定》",
        (NoticeKind::CaseFiled, _) => "《中华人民共和国行政处罚法》第五十四条",
        (_, Some("dust_control")) => "《中华人民共和国大气污染防治法》第六十九条",
        (_, Some("rural_appraisal")) => "《农村危险房屋鉴定技术导则（试行）》",
        _ => "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
    }
}

/// The closing order of a kind, with the deadline (年月日) where it has one
/// and what is sealed for a sealing order.
pub fn closing(kind: NoticeKind, deadline: &str, equipment: &str) -> String {
    let by = if deadline.is_empty() { "限期内".to_owned() } else { format!("于{deadline}前") };
    match kind {
        NoticeKind::Rectification => {
            format!("请{by}完成整改，并将整改情况书面报告我局。逾期未整改的，我局将依法予以处理。")
        }
        NoticeKind::StopWork => format!(
            "自收到本通知书之日起立即停止施工，撤出危险区域作业人员，全面排查整改，{by}完成整改。整改完成后向我局提出书面复工申请，经复查合格并取得复工通知书后方可恢复施工。擅自复工的，依法从严处理。"
        ),
        NoticeKind::EquipmentSealed => format!(
            "自收到本通知书之日起，对{equipment}予以查封，查封期间任何单位和个人不得擅自启封、使用。整改完成后向我局提出书面解封申请，经复查合格后予以解封。"
        ),
        NoticeKind::Summons => {
            format!("请你单位主要负责人{by}携带整改方案到我局接受约谈。无正当理由不接受约谈的，我局将依法予以处理。")
        }
        NoticeKind::CaseFiled => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_closes_with_its_own_order() {
        let sealing = closing(NoticeKind::EquipmentSealed, "", "QTZ80 塔式起重机");
        assert!(sealing.contains("对QTZ80 塔式起重机予以查封") && sealing.contains("解封申请"), "{sealing}");
        let fix = closing(NoticeKind::Rectification, "2026年12月11日", "");
        assert!(fix.starts_with("请于2026年12月11日前完成整改"), "{fix}");
        assert!(closing(NoticeKind::StopWork, "", "").contains("复工通知书"));
        assert!(closing(NoticeKind::Summons, "", "").contains("约谈"));
        assert_eq!(title(NoticeKind::CaseFiled), "立案审批表", "a filed case is not a decision");
        assert!(default_basis(NoticeKind::Rectification, Some("dust_control")).contains("大气污染防治法"));
        assert!(default_basis(NoticeKind::Rectification, Some("quality_safety")).contains("建设工程安全生产管理条例"));
    }
}

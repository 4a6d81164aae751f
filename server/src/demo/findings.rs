//! What the demo's people write: an inspector's finding for each item that
//! fails, where on site, what the photo shows before and after, and the
//! contractor's answer; the comments each role leaves. The clause each
//! finding cites comes from the template (see `work.rs`), never from here.

use demo_photos::Subject;

/// A problem an inspector finds, as they would write it.
#[derive(Debug, Clone, Copy)]
pub struct Problem {
    /// The template item that fails.
    pub item: &'static str,
    /// The finding.
    pub text: &'static str,
    /// Where on site.
    pub location: &'static str,
    /// What the photo of the problem shows.
    pub before: Subject,
    /// What the photo of the fixed problem shows.
    pub after: Subject,
    /// The contractor's answer.
    pub answer: &'static str,
    /// Points deducted (JGJ 59 items), else 0.
    pub points: u8,
}

const fn problem(
    item: &'static str,
    text: &'static str,
    location: &'static str,
    (before, after): (Subject, Subject),
    answer: &'static str,
    points: u8,
) -> Problem {
    Problem { item, text, location, before, after, answer, points }
}

const SOIL: (Subject, Subject) = (Subject::Soil { covered: false }, Subject::Soil { covered: true });
const ROAD: (Subject, Subject) = (Subject::Road, Subject::Road);

/// Dust control ("six 100%") problems.
pub const DUST: &[Problem] = &[
    problem(
        "material_covered",
        "物料堆放未覆盖，基坑北侧约200平方米裸土外露",
        "基坑北侧土方堆放区",
        SOIL,
        "已对裸露土方全部覆盖防尘网，并安排专人每日巡查。",
        0,
    ),
    problem(
        "vehicles_washed",
        "出场车辆未冲洗，车轮带泥上路",
        "东侧车辆出入口",
        (Subject::Road, Subject::WashTrough),
        "已安排专人值守冲洗，出场车辆逐车冲洗干净后放行。",
        0,
    ),
    problem(
        "roads_hardened",
        "场内主要道路未硬化，车辆通行扬尘明显",
        "场内南北主干道",
        ROAD,
        "主干道已浇筑混凝土硬化，次要道路铺设钢板。",
        0,
    ),
    problem(
        "muck_trucks_sealed",
        "渣土运输车辆未密闭，沿途遗撒",
        "西侧出入口",
        ROAD,
        "已更换为密闭式渣土车，并与运输单位签订遗撒责任书。",
        0,
    ),
    problem(
        "hoarding_closed",
        "西侧围挡缺口约15米，未连续封闭",
        "工地西侧临街面",
        (Subject::Hoarding, Subject::Hoarding),
        "已补齐西侧围挡，全部连续封闭。",
        0,
    ),
    problem(
        "exit_wash_trough",
        "北侧出入口未设置车辆冲洗设施",
        "北侧车辆出入口",
        (Subject::Road, Subject::WashTrough),
        "已在北侧出入口安装自动洗车槽并配套沉淀池。",
        0,
    ),
    problem(
        "monitor_online",
        "扬尘在线监测设备离线，数据未上传",
        "大门东侧监测点",
        (Subject::Hoarding, Subject::Hoarding),
        "已维修监测设备并恢复联网，数据正常上传。",
        0,
    ),
];

/// Construction quality and safety (JGJ 59) problems.
pub const SAFETY: &[Problem] = &[
    problem(
        "height_nets",
        "外脚手架密目安全网多处破损，未及时更换",
        "主楼东立面8至11层",
        (Subject::Scaffold, Subject::Scaffold),
        "已更换破损安全网共计120平方米，并加强日常检查。",
        6,
    ),
    problem(
        "height_edges",
        "楼层临边防护栏杆缺失",
        "主楼6层东侧楼板边缘",
        (Subject::Frame, Subject::Frame),
        "已按规范设置两道防护栏杆和挡脚板。",
        8,
    ),
    problem(
        "electricity_boxes",
        "开关箱未设置漏电保护器，箱门未上锁",
        "钢筋加工棚",
        (Subject::Frame, Subject::Frame),
        "已加装漏电保护器，统一上锁并张贴责任人。",
        10,
    ),
    problem(
        "safety_mgmt_briefing",
        "分项工程安全技术交底无签字记录",
        "项目部资料室",
        (Subject::Frame, Subject::Frame),
        "已补做交底并由作业人员逐一签字，资料归档。",
        4,
    ),
    problem(
        "civilised_materials",
        "钢筋、模板堆放混乱，无标识牌",
        "材料堆场",
        (Subject::Frame, Subject::Frame),
        "材料已分类码放整齐，设置标识牌。",
        5,
    ),
];

/// The dust-control notice's required actions.
pub const DUST_ACTIONS: &str = "立即整改，落实扬尘防治“六个百分百”措施，整改完成后报我局复查。";
/// The quality-and-safety notice's required actions.
pub const SAFETY_ACTIONS: &str = "立即组织整改，消除安全隐患；整改期间相关部位停止作业，整改完成后书面回复。";
/// The stop-work order's required actions.
pub const STOP_WORK_ACTIONS: &str = "自即日起停止施工，全面排查整改，经我局复查合格后方可申请复工。";

/// Who signs for a notice on site (the 送达回证's receiver), by the notice's number.
pub const RECEIVERS: [&str; 4] = ["王建国（项目经理）", "刘志强（安全员）", "陈立新（施工员）", "赵海涛（项目负责人）"];
/// The witness of a notice left at a site whose manager would not sign.
pub const WITNESS: &str = "李建华（村委会主任）";

/// What a sealing order seals.
pub const SEALED_EQUIPMENT: &str = "QTZ80 塔式起重机一台（产权备案号 冀 T-0021，安装于 2# 楼北侧）";

/// The contractor's acknowledgement.
pub const ACKNOWLEDGED: &str = "收到，立即组织整改。";
/// The inspector's verdict on a good answer.
pub const VERIFIED: &str = "经复查，已整改到位，同意销号。";
/// The inspector's verdict on an answer that falls short.
pub const REJECTED: &str = "经复查，整改不到位，仍有部分问题未处理，请继续整改。";
/// The contractor's second answer after a rejection.
pub const ANSWERED_AGAIN: &str = "已按复查意见全部整改完毕，请再次复查。";
/// The supervisor's agreement with a notice issued on the spot.
pub const REVIEWED: &str = "同意。";
/// The supervisor's return of a notice issued on the spot.
pub const RETURNED: &str = "整改期限偏长，请与施工单位重新核定。";
/// The supervisor's approval of a stop-work order.
pub const APPROVED: &str = "同意责令停工。";
/// The supervisor's reason for revoking a notice.
pub const REVOKED: &str = "该问题已由市级检查组另行下达通知书，本通知书撤销。";
/// An inspection's conclusion when nothing failed.
pub const ALL_PASSED: &str = "现场检查未发现问题。";
/// An inspection's conclusion when a notice follows.
pub const NOTICE_FOLLOWS: &str = "现场存在问题，已下达整改通知书。";

/// What an appraised house looks like: grade, what the appraiser writes of
/// its walls, the photo.
pub const HOUSE_NOTES: [(&str, &str); 4] = [
    ("a", "结构完好，无明显损坏"),
    ("b", "个别墙体有轻微裂缝，不影响安全"),
    ("c", "承重墙多处开裂，局部出现危险点"),
    ("d", "承重墙体严重开裂倾斜，整体危险"),
];

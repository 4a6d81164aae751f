//! The words of what a stop-work or sealing order holds (停工 / 查封), in both languages.

use crate::{i18n::Lang, notices::suspension::Standing};

/// The suspension's texts.
#[derive(Debug)]
pub struct SuspensionText {
    /// The fact's label on the notice page.
    pub label: &'static str,
    /// "since".
    pub since: &'static str,
    /// "by" (the lifting document).
    pub lifted_by: &'static str,
    lang: Lang,
}

impl SuspensionText {
    /// How a suspension stands, in words.
    pub fn standing(&self, standing: Standing, stop_work: bool) -> &'static str {
        match (standing, stop_work) {
            (Standing::InForce, true) => self.lang.pick("Work stopped", "停工中"),
            (Standing::InForce, false) => self.lang.pick("Sealed", "查封中"),
            (Standing::Applied, true) => self.lang.pick("Resumption applied for", "已申请复工，待复查"),
            (Standing::Applied, false) => self.lang.pick("Unsealing applied for", "已申请解封，待复查"),
            (Standing::Lifted, true) => self.lang.pick("Work resumed", "已复工"),
            (Standing::Lifted, false) => self.lang.pick("Unsealed", "已解封"),
            (Standing::Revoked, _) => self.lang.pick("Ended: the order was revoked", "文书撤销，措施解除"),
        }
    }
}

/// English.
pub static EN: SuspensionText = SuspensionText { label: "On site", since: "since", lifted_by: "by", lang: Lang::En };

/// Chinese.
pub static ZH: SuspensionText =
    SuspensionText { label: "现场措施", since: "自", lifted_by: "依据", lang: Lang::Zh };

//! The words of the number register page (文号登记簿), in both languages.

/// The register page's texts.
#[derive(Debug)]
pub struct NumbersText {
    /// The navigation's link.
    pub nav: &'static str,
    /// The page's title.
    pub title: &'static str,
    /// What the register is.
    pub hint: &'static str,
    /// The year filter.
    pub year: &'static str,
    /// Who reserved a number.
    pub holder: &'static str,
    /// When it was reserved.
    pub reserved_at: &'static str,
    /// When it was used, or voided.
    pub when: &'static str,
    /// The notice it is on, or why it was voided.
    pub use_or_reason: &'static str,
    /// The void form's reason field.
    pub reason: &'static str,
    /// The void button.
    pub void: &'static str,
    /// Done: a number voided.
    pub voided_done: &'static str,
    /// No number taken.
    pub empty: &'static str,
    /// The link to the notice a number is on.
    pub open_notice: &'static str,
    /// Status names.
    statuses: &'static [(&'static str, &'static str)],
    /// Names of the documents numbered that are not notices.
    documents: &'static [(&'static str, &'static str)],
}

impl NumbersText {
    /// A kind of document's name: a notice's kind, or one of the other documents.
    pub fn kind(&self, t: &super::text::Text, name: &str) -> String {
        self.documents.iter().find(|(n, _)| *n == name).map_or_else(|| t.kind(name), |(_, l)| (*l).to_owned())
    }

    /// A number status's name.
    pub fn status(&self, name: &str) -> &'static str {
        self.statuses.iter().find(|(n, _)| *n == name).map_or("", |(_, l)| l)
    }
}

/// English.
pub static EN: NumbersText = NumbersText {
    nav: "Numbers",
    title: "Number register",
    hint: "Every document number taken this year: issued on a notice, reserved by a device for issuing offline, given back to be used next, or voided with a reason.",
    year: "Year",
    holder: "Reserved by",
    reserved_at: "Reserved",
    when: "Used or voided",
    use_or_reason: "Notice, or why voided",
    reason: "Why it will not be used",
    void: "Void",
    voided_done: "Number voided.",
    empty: "No number taken.",
    open_notice: "Open the notice",
    statuses: &[("issued", "Issued"), ("reserved", "Reserved"), ("free", "Given back"), ("voided", "Voided")],
    documents: &[
        ("resumption", "Resumption notice"),
        ("unsealing", "Unsealing decision"),
        ("supervision", "Supervision order"),
        ("prior_notice", "Prior notice of penalty"),
        ("penalty_decision", "Penalty decision"),
    ],
};

/// Chinese.
pub static ZH: NumbersText = NumbersText {
    nav: "文号",
    title: "文号登记簿",
    hint: "本年度取用的每一个文号：已用于文书的、设备为离线下发预留的、退回待用的，以及注明原因作废的。",
    year: "年度",
    holder: "预留人",
    reserved_at: "预留时间",
    when: "使用或作废时间",
    use_or_reason: "所用文书或作废原因",
    reason: "作废原因",
    void: "作废",
    voided_done: "文号已作废。",
    empty: "暂无文号。",
    open_notice: "查看文书",
    statuses: &[("issued", "已使用"), ("reserved", "已预留"), ("free", "已退回待用"), ("voided", "已作废")],
    documents: &[
        ("resumption", "复工通知书"),
        ("unsealing", "解封决定书"),
        ("supervision", "督办单"),
        ("prior_notice", "行政处罚事先告知书"),
        ("penalty_decision", "行政处罚决定书"),
    ],
};

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_of_document_numbered_has_a_name_in_both_languages() {
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Zh] {
            let t = super::super::text::text(lang);
            for (kind, _) in crate::config::numbering::KINDS {
                assert_ne!(t.numbers.kind(t, kind), *kind, "{kind} has no name in {lang:?}");
            }
        }
    }
}

//! The words of a notice's service (送达回证) on its page, in both languages.

use crate::notices::service::{Method, Service};

/// The service's texts.
#[derive(Debug)]
pub struct ServiceText {
    /// The fact's label on the notice page.
    pub label: &'static str,
    /// Issued, not yet served.
    pub not_served: &'static str,
    /// Served before service records were kept.
    pub unrecorded: &'static str,
    /// The form's title.
    pub title: &'static str,
    /// What recording the service does.
    pub hint: &'static str,
    /// The method field.
    pub method: &'static str,
    /// The receiver field.
    pub receiver: &'static str,
    /// The witness field.
    pub witness: &'static str,
    /// The note field.
    pub note: &'static str,
    /// The time field.
    pub at: &'static str,
    /// The submit button.
    pub submit: &'static str,
    /// "witness" in a line.
    pub witness_word: &'static str,
    /// The link to the printed proof of service.
    pub receipt: &'static str,
    lang: crate::i18n::Lang,
}

impl ServiceText {
    /// A method's name.
    pub fn method_name(&self, method: Method) -> &'static str {
        self.lang.pick(method.en(), method.zh())
    }

    /// The methods bureau staff record, with their names.
    pub fn methods(&self) -> Vec<(&'static str, &'static str)> {
        [Method::InPerson, Method::LeftAtSite, Method::ByPost].map(|m| (m.as_str(), self.method_name(m))).to_vec()
    }

    /// A service in one line: "直接送达 · 张工（项目经理）· 见证人 李主任".
    pub fn line(&self, s: &Service) -> String {
        let mut line = format!("{} · {}", self.method_name(s.method), s.receiver);
        if !s.note.is_empty() {
            let (open, close) = (self.lang.pick(" (", "（"), self.lang.pick(")", "）"));
            line.push_str(&format!("{open}{}{close}", s.note));
        }
        if !s.witness.is_empty() {
            line.push_str(&format!(" · {} {}", self.witness_word, s.witness));
        }
        line
    }
}

/// English.
pub static EN: ServiceText = ServiceText {
    label: "Served",
    not_served: "Not yet served: the deadline runs from the day of service",
    unrecorded: "with the issue (no service record)",
    title: "Service",
    hint: "Record how the notice reached the addressee (the proof of service); its deadline counts from that day.",
    method: "How",
    receiver: "Received by",
    witness: "Witness (left at the site)",
    note: "Registered-post number, or the receiver's position",
    at: "When",
    submit: "Record service",
    witness_word: "witness",
    receipt: "Proof of service",
    lang: crate::i18n::Lang::En,
};

/// Chinese.
pub static ZH: ServiceText = ServiceText {
    label: "送达",
    not_served: "尚未送达：整改期限自送达之日起计算",
    unrecorded: "随下发送达（无送达回证记录）",
    title: "送达回证",
    hint: "登记文书如何送达受送达人；整改期限自送达之日起计算。",
    method: "送达方式",
    receiver: "受送达人（签收人）",
    witness: "见证人（留置送达）",
    note: "挂号单号或签收人职务",
    at: "送达时间",
    submit: "登记送达",
    witness_word: "见证人",
    receipt: "送达回证",
    lang: crate::i18n::Lang::Zh,
};

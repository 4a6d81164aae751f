//! Every string of the web pages, in English and Chinese, in one place. A
//! page holds `t: &'static Text` and its template writes `{{ t.sign_in }}`,
//! so a missing translation is a compile error, not a blank.

use axum::http::{HeaderMap, header::COOKIE};

use crate::i18n::Lang;

/// The name of the cookie that holds the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The language of a page: the `lang` cookie set by the switch, else the
/// browser's `Accept-Language`.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let chosen = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .map(|(_, value)| value);
    match chosen {
        Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        _ => Lang::from_headers(headers),
    }
}

/// The code of a language in URLs, cookies and `<html lang>`.
pub fn code(lang: Lang) -> &'static str {
    lang.pick("en", "zh")
}

/// The texts of a language.
pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The strings of the pages in one language.
#[derive(Debug)]
pub struct Text {
    /// `<html lang>`.
    pub html_lang: &'static str,
    /// The product's name in the header.
    pub app_name: &'static str,
    /// The other language, as the switch shows it.
    pub other_language: &'static str,
    /// The other language's code.
    pub other_code: &'static str,
    /// Sign in.
    pub sign_in: &'static str,
    /// Sign out.
    pub sign_out: &'static str,
    /// User name.
    pub username: &'static str,
    /// Password.
    pub password: &'static str,
    /// Wrong name or password.
    pub bad_credentials: &'static str,
    /// Account disabled.
    pub account_disabled: &'static str,
    /// Too many failed sign-ins.
    pub too_many_attempts: &'static str,
    /// Nav: dashboard.
    pub nav_dashboard: &'static str,
    /// Nav: notices.
    pub nav_notices: &'static str,
    /// Nav: review queue.
    pub nav_review: &'static str,
    /// Nav: approvals of strong measures.
    pub nav_approvals: &'static str,
    /// Today.
    pub today: &'static str,
    /// This month.
    pub this_month: &'static str,
    /// Inspections finished.
    pub inspections: &'static str,
    /// Places inspected.
    pub sites_inspected: &'static str,
    /// Notices issued.
    pub notices_issued: &'static str,
    /// Rectified.
    pub rectified: &'static str,
    /// Overdue.
    pub overdue: &'static str,
    /// Rectification rate.
    pub rectification_rate: &'static str,
    /// Overdue notices heading.
    pub overdue_notices: &'static str,
    /// No overdue notices.
    pub no_overdue: &'static str,
    /// The count of notices overdue now.
    pub overdue_now: &'static str,
    /// The link to every overdue notice.
    pub all_overdue: &'static str,
    /// Township ranking heading.
    pub township_ranking: &'static str,
    /// Rank.
    pub rank: &'static str,
    /// What the ranking's bars and numbers mean.
    pub ranking_legend: &'static str,
    /// The 末位 badge.
    pub last_place: &'static str,
    /// Township.
    pub township: &'static str,
    /// Kind.
    pub kind: &'static str,
    /// State.
    pub state: &'static str,
    /// Review.
    pub review: &'static str,
    /// Issued from (date).
    pub date_from: &'static str,
    /// Issued until (date).
    pub date_to: &'static str,
    /// Overdue only.
    pub overdue_only: &'static str,
    /// Any (filter).
    pub any: &'static str,
    /// Yes.
    pub yes: &'static str,
    /// No.
    pub no: &'static str,
    /// Filter button.
    pub apply: &'static str,
    /// Clear filters.
    pub reset: &'static str,
    /// CSV export.
    pub export_csv: &'static str,
    /// Notice number.
    pub number: &'static str,
    /// Not yet numbered.
    pub unnumbered: &'static str,
    /// Site or household.
    pub site: &'static str,
    /// Addressee.
    pub addressee: &'static str,
    /// Deadline.
    pub deadline: &'static str,
    /// Issued at.
    pub issued_at: &'static str,
    /// Nothing matches.
    pub no_results: &'static str,
    /// Previous page.
    pub previous: &'static str,
    /// Next page.
    pub next: &'static str,
    /// Comment.
    pub comment: &'static str,
    /// Comment needed to return or decline.
    pub comment_hint: &'static str,
    /// Empty review queue.
    pub review_empty: &'static str,
    /// Empty approvals queue.
    pub approvals_empty: &'static str,
    /// Findings.
    pub findings: &'static str,
    /// Location.
    pub location: &'static str,
    /// Clause.
    pub clause: &'static str,
    /// Photos.
    pub photos: &'static str,
    /// Before a photo's time and place.
    pub photo_taken: &'static str,
    /// Legal basis.
    pub legal_basis: &'static str,
    /// Required actions.
    pub required_actions: &'static str,
    /// Penalty.
    pub penalty: &'static str,
    /// The addressee's answer.
    pub response: &'static str,
    /// Answers a later one superseded.
    pub earlier_answers: &'static str,
    /// Who rejected an earlier answer and why.
    pub rejected_by: &'static str,
    /// Re-inspection comment.
    pub verdict_comment: &'static str,
    /// Supervisor review comment.
    pub review_comment: &'static str,
    /// History.
    pub history: &'static str,
    /// Audit trail.
    pub audit_trail: &'static str,
    /// When.
    pub at: &'static str,
    /// Who.
    pub actor: &'static str,
    /// What.
    pub action: &'static str,
    /// Details.
    pub detail: &'static str,
    /// The system (no user).
    pub system: &'static str,
    /// Author.
    pub author: &'static str,
    /// Print.
    pub print: &'static str,
    /// Close (the enlarged photo).
    pub close: &'static str,
    /// Not found, title.
    pub not_found_title: &'static str,
    /// Not found, body.
    pub not_found_body: &'static str,
    /// Forbidden, title.
    pub forbidden_title: &'static str,
    /// Forbidden, body.
    pub forbidden_body: &'static str,
    /// CSRF refusal, title.
    pub csrf_title: &'static str,
    /// CSRF refusal, body.
    pub csrf_body: &'static str,
    /// Other error, title.
    pub error_title: &'static str,
    /// Back to the start page.
    pub home: &'static str,
    /// Nav: the contractor's orders.
    pub nav_orders: &'static str,
    /// Nav: the inspector's work.
    pub nav_work: &'static str,
    /// Open orders heading.
    pub open_orders: &'static str,
    /// Closed orders heading.
    pub closed_orders: &'static str,
    /// No open order.
    pub orders_empty: &'static str,
    /// No closed order.
    pub closed_empty: &'static str,
    /// Acknowledged at.
    pub acknowledged_at: &'static str,
    /// Answered at.
    pub responded_at: &'static str,
    /// The acknowledge button.
    pub acknowledge_button: &'static str,
    /// What acknowledging means.
    pub acknowledge_hint: &'static str,
    /// The answer form's heading.
    pub respond_title: &'static str,
    /// The answer's text field.
    pub respond_text: &'static str,
    /// The photo picker.
    pub add_photos: &'static str,
    /// A photo on its way.
    pub uploading: &'static str,
    /// A photo stored.
    pub uploaded: &'static str,
    /// A photo that could not be sent.
    pub upload_failed: &'static str,
    /// The answer's submit button.
    pub send_response: &'static str,
    /// The re-inspection's outcome heading.
    pub verdict: &'static str,
    /// Verified.
    pub verdict_verified: &'static str,
    /// Rejected.
    pub verdict_rejected: &'static str,
    /// Answered, no verdict yet.
    pub awaiting_verdict: &'static str,
    /// The inspector's inspections heading.
    pub recent_inspections: &'static str,
    /// The inspector's open notices heading.
    pub my_open_notices: &'static str,
    /// No inspection.
    pub no_inspections: &'static str,
    /// Inspection started.
    pub started_at: &'static str,
    /// Inspection status.
    pub status: &'static str,
    /// Inspection result.
    pub result: &'static str,
    /// Number of findings.
    pub findings_count: &'static str,
    /// The inspector's page is read-only.
    pub read_only_hint: &'static str,
    /// State names.
    states: &'static [(&'static str, &'static str)],
    /// Kind names.
    kinds: &'static [(&'static str, &'static str)],
    /// Review names.
    reviews: &'static [(&'static str, &'static str)],
    /// Action names.
    actions: &'static [(&'static str, &'static str)],
    /// Role names.
    roles: &'static [(&'static str, &'static str)],
    /// Inspection status names.
    inspection_statuses: &'static [(&'static str, &'static str)],
    /// The language itself.
    pub lang: Lang,
    /// Between a label and its value.
    pub colon: &'static str,
    /// Between the items of a list.
    pub list_separator: &'static str,
    /// Between the parts of a description.
    pub sentence_separator: &'static str,
    /// A grade, in the audit trail.
    pub grade: &'static str,
    /// "Changed", before the fields an edit changed.
    pub audit_changed: &'static str,
    /// Audit entries: `record_type.action` and what they did.
    audit_actions: &'static [(&'static str, &'static str)],
    /// Fields an edit can change, by stored name.
    audit_fields: &'static [(&'static str, &'static str)],
    /// What an appraisal did to its household's grade.
    grade_effects: &'static [(&'static str, &'static str)],
    /// A supervisor's decision on an appraisal.
    appraisal_decisions: &'static [(&'static str, &'static str)],
    /// What an action did, said after it.
    dones: &'static [(&'static str, &'static str)],
    /// Organisation kinds.
    organisation_kinds: &'static [(&'static str, &'static str)],
    /// Site statuses.
    site_statuses: &'static [(&'static str, &'static str)],
    /// Inspection kinds.
    inspection_kinds: &'static [(&'static str, &'static str)],
    /// Template version statuses.
    template_statuses: &'static [(&'static str, &'static str)],
    /// The steps of a notice's life the actions belong to: (step, title, what it is).
    action_steps: &'static [(&'static str, &'static str, &'static str)],
    /// The fields of the forms, by name.
    field_labels: &'static [(&'static str, &'static str)],
    /// A field the forms do not name.
    pub this_field: &'static str,
    /// The link to the printable official notice.
    pub print_official: &'static str,
    /// What each strong measure means for the company: (kind, banner).
    measures: &'static [(&'static str, &'static str)],
    /// Nav: the admin pages.
    pub nav_admin: &'static str,
    /// Nav: user accounts.
    pub nav_users: &'static str,
    /// Nav: organisations.
    pub nav_organisations: &'static str,
    /// Role.
    pub role: &'static str,
    /// Where the user works.
    pub place: &'static str,
    /// The column of a line's actions.
    pub line_actions: &'static str,
    /// An account in use.
    pub enabled: &'static str,
    /// A disabled account.
    pub disabled: &'static str,
    /// Enable an account.
    pub enable: &'static str,
    /// Disable an account.
    pub disable: &'static str,
    /// A new password.
    pub new_password: &'static str,
    /// Set the new password.
    pub reset_password: &'static str,
    /// The create-account form.
    pub new_user: &'static str,
    /// What the create-account form needs.
    pub new_user_hint: &'static str,
    /// Create.
    pub create: &'static str,
    /// The register-company form.
    pub new_organisation: &'static str,
    /// Organisation kind.
    pub organisation_kind: &'static str,
    /// Nav: construction sites.
    pub nav_sites: &'static str,
    /// Nav: rural households.
    pub nav_households: &'static str,
    /// The import section.
    pub import_title: &'static str,
    /// The file input.
    pub import_file: &'static str,
    /// The import button.
    pub import_button: &'static str,
    /// Import without JavaScript.
    pub import_needs_script: &'static str,
    /// Address.
    pub address: &'static str,
    /// The columns of a sites file.
    pub sites_columns: &'static str,
    /// The columns of a households file.
    pub households_columns: &'static str,
    /// Nav: checklist templates.
    pub nav_templates: &'static str,
    /// What the templates page is for.
    pub templates_hint: &'static str,
    /// Publish a draft.
    pub publish: &'static str,
    /// Start a new version from this one.
    pub new_version_from: &'static str,
    /// Save the new draft.
    pub save_draft: &'static str,
    /// Search.
    pub search: &'static str,
    /// What the search box finds.
    pub search_hint: &'static str,
    /// Sites and households found.
    pub sites_and_households: &'static str,
    /// A house not appraised yet.
    pub not_graded: &'static str,
    /// Photos before the rectification.
    pub before: &'static str,
    /// Photos after it.
    pub after: &'static str,
    /// The number register page.
    pub numbers: &'static super::numbers_text::NumbersText,
    /// A notice's service.
    pub service: &'static super::service_text::ServiceText,
    /// The heading of a notice's escalation steps.
    pub escalation_title: &'static str,
    /// The label of a filed notice's penalty case.
    pub case_label: &'static str,
    /// A case's officer.
    pub case_officer: &'static str,
    /// An officer's certificate number.
    pub case_cert: &'static str,
    /// The facts established.
    pub case_facts: &'static str,
    /// What the party stated.
    pub case_statement: &'static str,
    /// The party waived its rights.
    pub case_waived: &'static str,
    /// What was paid.
    pub case_paid: &'static str,
    /// The day it was paid.
    pub case_paid_on: &'static str,
    /// The receipt number.
    pub case_receipt: &'static str,
    /// What a stop-work or sealing order holds.
    pub suspension: &'static super::suspension_text::SuspensionText,
}

fn label(table: &'static [(&'static str, &'static str)], name: &str) -> String {
    table.iter().find(|(n, _)| *n == name).map(|(_, l)| (*l).to_owned()).unwrap_or_else(|| name.to_owned())
}

impl Text {
    /// A notice state's name.
    pub fn state(&self, name: &str) -> String {
        label(self.states, name)
    }
    /// A notice kind's name.
    pub fn kind(&self, name: &str) -> String {
        label(self.kinds, name)
    }
    /// A review state's name.
    pub fn review(&self, name: &str) -> String {
        label(self.reviews, name)
    }
    /// A lifecycle action's name.
    pub fn action(&self, name: &str) -> String {
        label(self.actions, name)
    }
    /// A role's name.
    pub fn role(&self, name: &str) -> String {
        label(self.roles, name)
    }
    /// An inspection status's name.
    pub fn inspection_status(&self, name: &str) -> String {
        label(self.inspection_statuses, name)
    }
    /// What an audit entry (`record_type.action`) did.
    pub fn audit_action(&self, name: &str) -> String {
        label(self.audit_actions, name)
    }
    /// A field an edit changed.
    pub fn audit_field(&self, name: &str) -> String {
        label(self.audit_fields, name)
    }
    /// What an appraisal did to its household's grade.
    pub fn grade_effect(&self, name: &str) -> String {
        label(self.grade_effects, name)
    }
    /// A supervisor's decision on an appraisal.
    pub fn appraisal_decision(&self, name: &str) -> String {
        label(self.appraisal_decisions, name)
    }
    /// A conflict of two edits: the value kept and the one not taken.
    pub fn audit_conflict(&self, kept: &str, refused: &str) -> String {
        match self.lang {
            Lang::En => format!("kept “{kept}”, not “{refused}”"),
            Lang::Zh => format!("保留“{kept}”，未采用“{refused}”"),
        }
    }
    /// Where a list's page is: "第 1/3 页，共 120 条" / "Page 1 of 3 · 120 in all".
    pub fn page_of(&self, page: u64, pages: u64, total: u64) -> String {
        match self.lang {
            Lang::En => format!("Page {page} of {pages} · {total} in all"),
            Lang::Zh => format!("第 {page}/{pages} 页，共 {total} 条"),
        }
    }
    /// A step of the notice's life: its title and what it is.
    pub fn action_step(&self, step: &str) -> (&'static str, &'static str) {
        self.action_steps.iter().find(|(s, _, _)| *s == step).map_or((self.this_field, ""), |(_, t, h)| (t, h))
    }
    /// The days left to a deadline, in words: negative when past it.
    pub fn days_left(&self, days: i64) -> String {
        match (self.lang, days) {
            (Lang::En, 0) => "due today".to_owned(),
            (Lang::En, 1) => "1 day left".to_owned(),
            (Lang::En, d) if d > 1 => format!("{d} days left"),
            (Lang::En, -1) => "1 day overdue".to_owned(),
            (Lang::En, d) => format!("{} days overdue", -d),
            (Lang::Zh, 0) => "今天到期".to_owned(),
            (Lang::Zh, d) if d > 0 => format!("还剩 {d} 天"),
            (Lang::Zh, d) => format!("已逾期 {} 天", -d),
        }
    }
    /// What a strong measure means for the company; none for a rectification.
    pub fn measure(&self, kind: &str) -> Option<&'static str> {
        self.measures.iter().find(|(k, _)| *k == kind).map(|(_, banner)| *banner)
    }
    /// An inspection kind's name.
    pub fn inspection_kind(&self, kind: &str) -> String {
        label(self.inspection_kinds, kind)
    }
    /// A template version's status.
    pub fn template_status(&self, status: &str) -> String {
        label(self.template_statuses, status)
    }
    /// A site status's name.
    pub fn site_status(&self, status: &str) -> String {
        label(self.site_statuses, status)
    }
    /// What an import stored.
    pub fn imported(&self, imported: u64, skipped: u64) -> String {
        match (self.lang, skipped) {
            (Lang::En, 0) => format!("{imported} rows imported."),
            (Lang::En, s) => format!("{imported} rows imported; {s} were stored already and skipped."),
            (Lang::Zh, 0) => format!("已导入 {imported} 行。"),
            (Lang::Zh, s) => format!("已导入 {imported} 行；{s} 行此前已导入，已跳过。"),
        }
    }
    /// A line of a file.
    pub fn line_number(&self, line: u64) -> String {
        match self.lang {
            Lang::En => format!("Line {line}"),
            Lang::Zh => format!("第 {line} 行"),
        }
    }
    /// How many lines of a file are bad in all.
    pub fn more_bad_lines(&self, total: u64) -> String {
        match self.lang {
            Lang::En => format!("{total} bad lines in all."),
            Lang::Zh => format!("共 {total} 行有误。"),
        }
    }
    /// An organisation kind's name.
    pub fn organisation_kind_name(&self, kind: &str) -> String {
        label(self.organisation_kinds, kind)
    }
    /// What an action did, said after it.
    pub fn done(&self, action: &str) -> String {
        label(self.dones, action)
    }
    /// A form field's name in words (`findings[0].text` is named as `findings`).
    pub fn field_label(&self, path: &str) -> String {
        let name = path.split(['[', '.']).next().unwrap_or(path);
        self.field_labels.iter().find(|(n, _)| *n == name).map_or(self.this_field, |(_, l)| l).to_owned()
    }
    /// The (stored name, label) pairs of a filter's choices.
    pub fn choices(&self, of: &str) -> Vec<(&'static str, &'static str)> {
        match of {
            "state" => self.states.to_vec(),
            "kind" => self.kinds.to_vec(),
            "review" => self.reviews.to_vec(),
            _ => Vec::new(),
        }
    }
}

/// English.
pub static EN: Text = Text {
    html_lang: "en",
    app_name: "FieldSync supervision",
    other_language: "中文",
    other_code: "zh",
    sign_in: "Sign in",
    sign_out: "Sign out",
    username: "User name",
    password: "Password",
    bad_credentials: "Wrong user name or password.",
    account_disabled: "This account is disabled.",
    too_many_attempts: "Too many failed attempts. Try again later.",
    nav_dashboard: "Dashboard",
    nav_notices: "Notices",
    nav_review: "Review queue",
    nav_approvals: "Approvals",
    today: "Today",
    this_month: "This month",
    inspections: "Inspections",
    sites_inspected: "Places inspected",
    notices_issued: "Notices issued",
    rectified: "Rectified",
    overdue: "Overdue",
    rectification_rate: "Rectification rate",
    overdue_notices: "Overdue notices",
    no_overdue: "No notice is overdue.",
    overdue_now: "Overdue now",
    all_overdue: "All overdue notices",
    township_ranking: "Township ranking (this month)",
    rank: "Rank",
    ranking_legend: "Bars: the county's composite score (inspections, notices issued, rectification and on-time rates, overdue notices, as the county weighs them); small: notices issued · rectification rate.",
    last_place: "Last place",
    township: "Township",
    kind: "Kind",
    state: "State",
    review: "Review",
    date_from: "Issued from",
    date_to: "Issued until",
    overdue_only: "Overdue",
    any: "Any",
    yes: "Yes",
    no: "No",
    apply: "Filter",
    reset: "Clear",
    export_csv: "Export CSV",
    number: "Number",
    unnumbered: "(not issued)",
    site: "Site",
    addressee: "Addressee",
    deadline: "Deadline",
    issued_at: "Issued",
    no_results: "No notice matches.",
    previous: "Previous",
    next: "Next",
    comment: "Comment",
    comment_hint: "A comment is required to return or decline.",
    review_empty: "No notice is waiting for review.",
    approvals_empty: "No strong measure is waiting for approval.",
    findings: "Findings",
    location: "Location",
    clause: "Clause",
    photos: "Photos",
    photo_taken: "Taken",
    legal_basis: "Legal basis",
    required_actions: "Required actions",
    penalty: "Penalty (yuan)",
    response: "Rectification report",
    earlier_answers: "Earlier reports, not accepted",
    rejected_by: "Not accepted",
    verdict_comment: "Re-inspection comment",
    review_comment: "Review comment",
    history: "History",
    audit_trail: "Audit trail",
    at: "When",
    actor: "Who",
    action: "Action",
    detail: "Details",
    system: "System",
    author: "Written by",
    print: "Print",
    close: "Close",
    not_found_title: "Not found",
    not_found_body: "There is no such page, or it is not yours to see.",
    forbidden_title: "Not allowed",
    forbidden_body: "Your role may not do this.",
    csrf_title: "Form refused",
    csrf_body: "This form has expired or did not come from this site. Go back, reload the page and try again.",
    error_title: "Something went wrong",
    home: "Back to the start page",
    nav_orders: "My orders",
    nav_work: "My work",
    open_orders: "Open orders",
    closed_orders: "Closed orders",
    orders_empty: "No open order for your company.",
    closed_empty: "Nothing closed yet.",
    acknowledged_at: "Acknowledged",
    responded_at: "Answered",
    acknowledge_button: "Acknowledge receipt",
    acknowledge_hint: "Acknowledging confirms your company received this order.",
    respond_title: "Report the rectification",
    respond_text: "What was done",
    add_photos: "Add photos",
    uploading: "Uploading",
    uploaded: "Uploaded",
    upload_failed: "Upload failed",
    send_response: "Send the report",
    verdict: "Re-inspection",
    verdict_verified: "Verified: the rectification is accepted.",
    verdict_rejected: "Rejected: rectify again and send a new report.",
    awaiting_verdict: "Your report is waiting for the inspector's re-inspection.",
    recent_inspections: "My recent inspections",
    my_open_notices: "My open notices",
    no_inspections: "No inspection yet.",
    started_at: "Date",
    status: "Status",
    result: "Result",
    findings_count: "Findings",
    read_only_hint: "Read-only: inspections and notices are written on the phone.",
    states: &[
        ("draft", "Draft"),
        ("pending_approval", "Awaiting approval"),
        ("issued", "Issued"),
        ("acknowledged", "Acknowledged"),
        ("responded", "Answered"),
        ("rejected", "Rejected"),
        ("verified", "Verified"),
        ("revoked", "Revoked"),
    ],
    kinds: &[
        ("rectification", "Rectification"),
        ("stop_work", "Stop work"),
        ("equipment_sealed", "Equipment sealed"),
        ("summons", "Summons"),
        ("case_filed", "Case filed"),
    ],
    reviews: &[("none", "None"), ("pending", "Pending"), ("approved", "Approved"), ("returned", "Returned")],
    actions: &[
        ("create", "Written"),
        ("update", "Edited"),
        ("issue", "Issue"),
        ("serve", "Served"),
        ("approve", "Approve"),
        ("decline", "Decline"),
        ("acknowledge", "Acknowledge"),
        ("respond", "Answer"),
        ("verify", "Verify"),
        ("reject", "Reject"),
        ("revoke", "Revoke"),
        ("review_approve", "Approve review"),
        ("review_return", "Return to inspector"),
        ("overdue", "Overdue"),
        ("reminder", "Supervision order (督办)"),
        ("public_criticism", "Public criticism (通报批评)"),
        ("interview", "Interview (约谈)"),
        ("bad_record", "Bad-conduct record (不良行为记录)"),
        ("case.investigate", "Investigation finished"),
        ("case.notify", "Party notified of the proposed penalty"),
        ("case.decide", "Penalty decided"),
        ("case.serve", "Decision served"),
        ("case.execute", "Penalty paid"),
        ("case.close", "Case closed"),
    ],
    roles: &[
        ("admin", "Administrator"),
        ("supervisor", "Supervisor"),
        ("inspector", "Inspector"),
        ("contractor", "Contractor"),
    ],
    inspection_statuses: &[("draft", "In progress"), ("finished", "Finished")],
    lang: Lang::En,
    colon: ": ",
    list_separator: ", ",
    sentence_separator: "; ",
    grade: "Grade",
    audit_changed: "Changed",
    audit_actions: &[
        ("inspection.create", "Inspection recorded"),
        ("inspection.update", "Inspection edited"),
        ("inspection.finish", "Inspection finished"),
        ("inspection.conflict", "Two edits met"),
        ("inspection.delete", "Inspection deleted"),
        ("inspection.review_appraisal", "Appraisal reviewed"),
    ],
    audit_fields: &[
        ("notes", "Notes"),
        ("conclusion", "Conclusion"),
        ("photos", "Photos"),
        ("answers", "Answers"),
        ("findings", "Findings"),
        ("location", "Location"),
    ],
    grade_effects: &[
        ("current", "now the household's grade"),
        ("pending_review", "waits for a supervisor's review"),
        ("older", "a newer appraisal stands; kept in the history"),
    ],
    appraisal_decisions: &[("approve", "Approved"), ("reject", "Rejected")],
    dones: &[
        ("issue", "The notice is issued."),
        ("serve", "The service is recorded: the deadline runs from its day."),
        ("case.investigate", "The investigation is recorded."),
        ("case.notify", "The prior notice is issued: print it and serve it on the party."),
        ("case.decide", "The penalty is decided: print the decision and serve it."),
        ("case.serve", "The decision's service is recorded."),
        ("case.execute", "The payment is recorded."),
        ("case.close", "The case is closed."),
        ("approve", "Approved: the notice is issued."),
        ("decline", "Declined: back to the inspector as a draft."),
        ("acknowledge", "Receipt acknowledged."),
        ("respond", "Your rectification report is sent."),
        ("verify", "Re-inspection passed: the notice is closed."),
        ("reject", "Re-inspection failed: sent back to be rectified again."),
        ("revoke", "The notice is revoked."),
        ("review_approve", "Review done: agreed."),
        ("review_return", "Returned to the inspector."),
        ("user_created", "The account is created."),
        ("template_drafted", "The draft is saved; publish it to make it current."),
        ("template_published", "Published: devices receive it at their next sync."),
        ("password_reset", "The new password is set; the user's sessions are ended."),
        ("user_disabled", "The account is disabled; its sessions are ended."),
        ("user_enabled", "The account is enabled."),
        ("organisation_created", "The company is registered."),
    ],
    action_steps: &[
        (
            "issue",
            "Issue",
            "Send the notice to the addressee; a strong measure goes to a supervisor for approval first.",
        ),
        (
            "approval",
            "Approval",
            "Stop-work, sealing and filed cases take effect only once a supervisor approves them.",
        ),
        (
            "reinspection",
            "Re-inspection",
            "Check on site that the rectification is done: pass closes the notice, fail sends it back with the reason.",
        ),
        (
            "review",
            "Review",
            "A supervisor's check after the fact of a notice issued on the spot: agree, or return it to the inspector.",
        ),
        ("answer", "Answer", "The addressee acknowledges the notice and reports the rectification."),
        ("revoke", "Revoke", "Withdraw the notice, with the reason."),
    ],
    organisation_kinds: &[("bureau", "Bureau"), ("contractor", "Contractor company")],
    inspection_kinds: &[
        ("dust_control", "Dust control"),
        ("quality_safety", "Construction quality and safety"),
        ("rural_appraisal", "Rural building safety appraisal"),
    ],
    template_statuses: &[("draft", "Draft"), ("published", "Current"), ("retired", "Retired")],
    site_statuses: &[
        ("planned", "Planned"),
        ("active", "Under construction"),
        ("suspended", "Suspended"),
        ("completed", "Completed"),
    ],
    field_labels: &[
        ("comment", "Comment"),
        ("text", "Report"),
        ("photos", "Photos"),
        ("deadline", "Deadline"),
        ("findings", "Findings"),
        ("required_actions", "Required actions"),
        ("penalty_amount", "Penalty"),
        ("at", "Time"),
        ("service", "Service"),
        ("username", "User name"),
        ("display_name", "Name"),
        ("password", "Password"),
        ("role", "Role"),
        ("region_id", "Region"),
        ("organisation_id", "Company"),
        ("phone", "Phone"),
        ("name", "Name"),
        ("credit_code", "Unified social credit code"),
        ("kind", "Kind"),
        ("contact_name", "Contact"),
        ("contact_phone", "Contact phone"),
        ("head_name", "Head of household"),
        ("id_number", "ID number"),
        ("region_code", "Region code"),
        ("category", "Category"),
        ("grade", "Grade"),
        ("address", "Address"),
        ("members", "Members"),
        ("project_type", "Project type"),
        ("contractor", "Contractor"),
        ("permit_number", "Permit number"),
        ("status", "Status"),
        ("latitude", "Latitude"),
        ("longitude", "Longitude"),
        ("body", "Template body"),
        ("sections", "Sections"),
    ],
    this_field: "This field",
    print_official: "Print the official notice",
    measures: &[
        ("stop_work", "Stop work: all construction stops now, and resumes only once a re-inspection has passed."),
        (
            "equipment_sealed",
            "Equipment sealed: the sealed equipment must not be used until a re-inspection releases it.",
        ),
        ("summons", "Summons: come to the housing bureau for a talk as the notice says."),
        ("case_filed", "Case filed: an administrative penalty case is open; cooperate with the investigation."),
    ],
    nav_admin: "Admin",
    nav_users: "Users",
    nav_organisations: "Companies",
    role: "Role",
    place: "Region or company",
    line_actions: "Actions",
    enabled: "In use",
    disabled: "Disabled",
    enable: "Enable",
    disable: "Disable",
    new_password: "New password",
    reset_password: "Set password",
    new_user: "New account",
    new_user_hint: "A contractor belongs to a company; inspectors and supervisors work in a region. The password needs at least 8 characters; the user can change it later.",
    create: "Create",
    new_organisation: "Register a company",
    organisation_kind: "Kind",
    nav_sites: "Sites",
    nav_households: "Households",
    import_title: "Import a spreadsheet (CSV)",
    import_file: "CSV file",
    import_button: "Import",
    import_needs_script: "Importing needs JavaScript; or send the file to the API (POST /v1/admin/…/import).",
    address: "Address",
    sites_columns: "Columns: 项目名称, 地址, 项目类型, 区域代码, and optionally 施工单位, 施工许可证号, 状态, 纬度, 经度 (UTF-8 or GBK). A file with a bad line stores nothing, and each bad line is named.",
    households_columns: "Columns: 户主姓名, 身份证号, 村代码, 户类别, and optionally 联系电话, 安全等级, 地址, 人口 (UTF-8 or GBK). A file with a bad line stores nothing, and each bad line is named.",
    nav_templates: "Templates",
    templates_hint: "Each version of a checklist is kept as it was: inspections recorded on it stay readable. Edit a version's body into a new draft, check it, then publish it: it becomes the current version and devices receive it at their next sync.",
    publish: "Publish",
    new_version_from: "New version from this one",
    save_draft: "Save as draft",
    search: "Search",
    search_hint: "Notice number, site, household, address",
    sites_and_households: "Sites and households",
    not_graded: "not appraised yet",
    before: "Before",
    after: "After",
    numbers: &super::numbers_text::EN,
    service: &super::service_text::EN,
    escalation_title: "Escalation of the overdue notice",
    case_label: "Penalty case",
    case_officer: "Officer",
    case_cert: "Law-enforcement certificate number",
    case_facts: "Facts established",
    case_statement: "What the party stated",
    case_waived: "The party waived its time to state its case and to a hearing",
    case_paid: "Amount paid (yuan)",
    case_paid_on: "Paid on",
    case_receipt: "Receipt number",
    suspension: &super::suspension_text::EN,
};

/// Chinese.
pub static ZH: Text = Text {
    html_lang: "zh-CN",
    app_name: "FieldSync 监督平台",
    other_language: "English",
    other_code: "en",
    sign_in: "登录",
    sign_out: "退出",
    username: "用户名",
    password: "密码",
    bad_credentials: "用户名或密码错误。",
    account_disabled: "该账号已停用。",
    too_many_attempts: "失败次数过多，请稍后再试。",
    nav_dashboard: "概览",
    nav_notices: "通知书",
    nav_review: "待审核",
    nav_approvals: "待审批",
    today: "今日",
    this_month: "本月",
    inspections: "检查次数",
    sites_inspected: "检查对象数",
    notices_issued: "下发通知书",
    rectified: "已整改",
    overdue: "逾期",
    rectification_rate: "整改率",
    overdue_notices: "逾期通知书",
    no_overdue: "没有逾期的通知书。",
    overdue_now: "当前逾期",
    all_overdue: "全部逾期通知书",
    township_ranking: "乡镇排名（本月）",
    rank: "名次",
    ranking_legend: "条形：按本县权重计算的综合得分（检查次数、下发文书、整改率、按期整改率、逾期情况）；小字：下发数量 · 整改率。",
    last_place: "末位",
    township: "乡镇",
    kind: "类型",
    state: "状态",
    review: "审核",
    date_from: "下发日期自",
    date_to: "下发日期至",
    overdue_only: "逾期",
    any: "全部",
    yes: "是",
    no: "否",
    apply: "筛选",
    reset: "清除",
    export_csv: "导出 CSV",
    number: "编号",
    unnumbered: "（未下发）",
    site: "工地/农户",
    addressee: "被通知单位",
    deadline: "整改期限",
    issued_at: "下发时间",
    no_results: "没有符合条件的通知书。",
    previous: "上一页",
    next: "下一页",
    comment: "意见",
    comment_hint: "退回或不予批准时须填写意见。",
    review_empty: "没有待审核的通知书。",
    approvals_empty: "没有待审批的强制措施。",
    findings: "检查发现的问题",
    location: "部位",
    clause: "违反条款",
    photos: "照片",
    photo_taken: "拍摄于",
    legal_basis: "法律依据",
    required_actions: "整改要求",
    penalty: "罚款（元）",
    response: "整改回复",
    earlier_answers: "此前的回复（复查未通过）",
    rejected_by: "复查未通过",
    verdict_comment: "复查意见",
    review_comment: "审核意见",
    history: "办理记录",
    audit_trail: "审计记录",
    at: "时间",
    actor: "操作人",
    action: "操作",
    detail: "详情",
    system: "系统",
    author: "检查人员",
    print: "打印",
    close: "关闭",
    not_found_title: "未找到",
    not_found_body: "页面不存在，或您无权查看。",
    forbidden_title: "无权操作",
    forbidden_body: "您的角色不能进行此操作。",
    csrf_title: "表单被拒绝",
    csrf_body: "表单已过期或并非来自本站。请返回、刷新页面后重试。",
    error_title: "出错了",
    home: "返回首页",
    nav_orders: "我的通知书",
    nav_work: "我的工作",
    open_orders: "待办通知书",
    closed_orders: "已办结通知书",
    orders_empty: "贵单位没有待办的通知书。",
    closed_empty: "暂无已办结的通知书。",
    acknowledged_at: "签收时间",
    responded_at: "回复时间",
    acknowledge_button: "签收",
    acknowledge_hint: "签收表示贵单位已收到本通知书。",
    respond_title: "整改回复",
    respond_text: "整改情况",
    add_photos: "添加照片",
    uploading: "上传中",
    uploaded: "已上传",
    upload_failed: "上传失败",
    send_response: "提交回复",
    verdict: "复查结论",
    verdict_verified: "复查通过，整改已销号。",
    verdict_rejected: "复查不通过，请重新整改并回复。",
    awaiting_verdict: "整改回复已提交，等待检查人员复查。",
    recent_inspections: "我最近的检查",
    my_open_notices: "我开具的未办结通知书",
    no_inspections: "暂无检查记录。",
    started_at: "检查日期",
    status: "状态",
    result: "结论",
    findings_count: "问题数",
    read_only_hint: "只读：检查和通知书在手机上填写。",
    states: &[
        ("draft", "草稿"),
        ("pending_approval", "待审批"),
        ("issued", "已下发"),
        ("acknowledged", "已签收"),
        ("responded", "已回复"),
        ("rejected", "复查未通过"),
        ("verified", "已销号"),
        ("revoked", "已撤销"),
    ],
    kinds: &[
        ("rectification", "限期整改"),
        ("stop_work", "停工整改"),
        ("equipment_sealed", "设备查封"),
        ("summons", "约谈"),
        ("case_filed", "立案处罚"),
    ],
    reviews: &[("none", "无"), ("pending", "待审核"), ("approved", "已通过"), ("returned", "已退回")],
    actions: &[
        ("create", "起草"),
        ("update", "修改"),
        ("issue", "下发"),
        ("serve", "送达"),
        ("approve", "批准"),
        ("decline", "不予批准"),
        ("acknowledge", "签收"),
        ("respond", "回复"),
        ("verify", "复查通过"),
        ("reject", "复查不通过"),
        ("revoke", "撤销"),
        ("review_approve", "审核通过"),
        ("review_return", "退回检查员"),
        ("overdue", "逾期"),
        ("reminder", "督办"),
        ("public_criticism", "通报批评"),
        ("interview", "约谈"),
        ("bad_record", "记入不良行为记录"),
        ("case.investigate", "调查终结"),
        ("case.notify", "行政处罚事先告知"),
        ("case.decide", "作出处罚决定"),
        ("case.serve", "处罚决定书送达"),
        ("case.execute", "罚款缴纳"),
        ("case.close", "结案"),
    ],
    roles: &[("admin", "管理员"), ("supervisor", "监督员"), ("inspector", "检查员"), ("contractor", "施工单位")],
    inspection_statuses: &[("draft", "进行中"), ("finished", "已完成")],
    lang: Lang::Zh,
    colon: "：",
    list_separator: "、",
    sentence_separator: "；",
    grade: "等级",
    audit_changed: "修改",
    audit_actions: &[
        ("inspection.create", "记录检查"),
        ("inspection.update", "修改检查"),
        ("inspection.finish", "完成检查"),
        ("inspection.conflict", "修改冲突"),
        ("inspection.delete", "删除检查"),
        ("inspection.review_appraisal", "审核鉴定"),
    ],
    audit_fields: &[
        ("notes", "备注"),
        ("conclusion", "结论"),
        ("photos", "照片"),
        ("answers", "检查项"),
        ("findings", "发现的问题"),
        ("location", "位置"),
    ],
    grade_effects: &[
        ("current", "成为该户现行等级"),
        ("pending_review", "待监督员审核"),
        ("older", "已有更新的鉴定，仅存档"),
    ],
    appraisal_decisions: &[("approve", "审核通过"), ("reject", "审核不通过")],
    dones: &[
        ("issue", "通知书已下发。"),
        ("serve", "送达已登记，整改期限自送达之日起计算。"),
        ("case.investigate", "调查终结已登记。"),
        ("case.notify", "事先告知书已生成，请打印并送达当事人。"),
        ("case.decide", "处罚决定已作出，请打印决定书并送达。"),
        ("case.serve", "决定书送达已登记。"),
        ("case.execute", "罚款缴纳已登记。"),
        ("case.close", "案件已结案。"),
        ("approve", "已批准，通知书已下发。"),
        ("decline", "已不予批准，退回检查员修改。"),
        ("acknowledge", "已签收。"),
        ("respond", "整改回复已提交。"),
        ("verify", "复查通过，通知书已销号。"),
        ("reject", "复查不通过，已退回继续整改。"),
        ("revoke", "通知书已撤销。"),
        ("review_approve", "审核通过。"),
        ("review_return", "已退回检查员。"),
        ("user_created", "账号已创建。"),
        ("template_drafted", "草稿已保存，发布后生效。"),
        ("template_published", "已发布，设备下次同步即可获得。"),
        ("password_reset", "新密码已设置，该用户已退出登录。"),
        ("user_disabled", "账号已停用，该用户已退出登录。"),
        ("user_enabled", "账号已启用。"),
        ("organisation_created", "企业已登记。"),
    ],
    action_steps: &[
        ("issue", "下发", "将通知书送达被通知单位；停工、查封、立案等强制措施先报监督员审批。"),
        ("approval", "审批", "责令停工、设备查封、立案查处须经监督员批准后生效。"),
        ("reinspection", "复查", "到现场核实整改情况：通过则销号，不通过则说明理由退回继续整改。"),
        ("review", "审核", "监督员对现场下达的通知书进行事后审核：同意，或退回检查员。"),
        ("answer", "签收与回复", "被通知单位签收通知书并回复整改情况。"),
        ("revoke", "撤销", "撤回该通知书，须说明理由。"),
    ],
    organisation_kinds: &[("bureau", "主管部门"), ("contractor", "施工企业")],
    inspection_kinds: &[
        ("dust_control", "扬尘治理"),
        ("quality_safety", "质量安全"),
        ("rural_appraisal", "农村房屋安全鉴定"),
    ],
    template_statuses: &[("draft", "草稿"), ("published", "现行"), ("retired", "已停用")],
    site_statuses: &[("planned", "未开工"), ("active", "在建"), ("suspended", "停工"), ("completed", "已竣工")],
    field_labels: &[
        ("comment", "意见"),
        ("text", "整改情况"),
        ("photos", "照片"),
        ("deadline", "整改期限"),
        ("findings", "检查发现的问题"),
        ("required_actions", "整改要求"),
        ("penalty_amount", "罚款金额"),
        ("at", "时间"),
        ("service", "送达信息"),
        ("username", "用户名"),
        ("display_name", "姓名"),
        ("password", "密码"),
        ("role", "角色"),
        ("region_id", "辖区"),
        ("organisation_id", "所属企业"),
        ("phone", "电话"),
        ("name", "名称"),
        ("credit_code", "统一社会信用代码"),
        ("kind", "类型"),
        ("contact_name", "联系人"),
        ("contact_phone", "联系电话"),
        ("head_name", "户主姓名"),
        ("id_number", "身份证号"),
        ("region_code", "区域代码"),
        ("category", "户类别"),
        ("grade", "安全等级"),
        ("address", "地址"),
        ("members", "人口"),
        ("project_type", "项目类型"),
        ("contractor", "施工单位"),
        ("permit_number", "施工许可证号"),
        ("status", "状态"),
        ("latitude", "纬度"),
        ("longitude", "经度"),
        ("body", "模板内容"),
        ("sections", "检查分项"),
    ],
    this_field: "此项",
    print_official: "打印正式通知书",
    measures: &[
        ("stop_work", "责令停工：立即停止施工，整改完成并经复查合格后方可复工。"),
        ("equipment_sealed", "设备查封：被查封的设备不得使用，整改完成并经复查合格后方可解封。"),
        ("summons", "约谈：请按通知要求到住房和城乡建设局接受约谈。"),
        ("case_filed", "立案查处：本案已立案调查，请配合调查处理。"),
    ],
    nav_admin: "管理",
    nav_users: "用户管理",
    nav_organisations: "单位管理",
    role: "角色",
    place: "辖区或单位",
    line_actions: "操作",
    enabled: "正常",
    disabled: "已停用",
    enable: "启用",
    disable: "停用",
    new_password: "新密码",
    reset_password: "重置密码",
    new_user: "新建账号",
    new_user_hint: "施工单位用户须选择所属企业；检查员和监督员须选择辖区。密码至少 8 位。",
    create: "新建",
    new_organisation: "登记企业",
    organisation_kind: "类型",
    nav_sites: "工地管理",
    nav_households: "农户管理",
    import_title: "导入表格（CSV）",
    import_file: "CSV 文件",
    import_button: "导入",
    import_needs_script: "导入需要启用 JavaScript，或通过接口上传文件。",
    address: "地址",
    sites_columns: "列：项目名称、地址、项目类型、区域代码，可选施工单位、施工许可证号、状态、纬度、经度（UTF-8 或 GBK 编码）。任一行有误则全部不导入，并逐行列出错误。",
    households_columns: "列：户主姓名、身份证号、村代码、户类别，可选联系电话、安全等级、地址、人口（UTF-8 或 GBK 编码）。任一行有误则全部不导入，并逐行列出错误。",
    nav_templates: "检查表模板",
    templates_hint: "检查表的每个版本都原样保留，按旧版本记录的检查仍可查看。可在某一版本的基础上修改并保存为草稿，发布后成为现行版本，设备下次同步即可获得。",
    publish: "发布",
    new_version_from: "以此版本为基础新建版本",
    save_draft: "保存为草稿",
    search: "搜索",
    search_hint: "通知书编号、工地、农户、地址",
    sites_and_households: "工地与农户",
    not_graded: "尚未鉴定",
    before: "整改前",
    after: "整改后",
    numbers: &super::numbers_text::ZH,
    service: &super::service_text::ZH,
    escalation_title: "逾期督办",
    case_label: "处罚案件",
    case_officer: "执法人员",
    case_cert: "执法证号",
    case_facts: "调查认定的事实",
    case_statement: "当事人陈述、申辩情况",
    case_waived: "当事人书面放弃陈述、申辩（听证）权利",
    case_paid: "缴纳金额（元）",
    case_paid_on: "缴纳日期",
    case_receipt: "缴款票据号",
    suspension: &super::suspension_text::ZH,
};

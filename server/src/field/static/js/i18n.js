// Every text of the app, in Chinese and English. The language comes from
// localStorage (the switch), else from navigator.language.

const KEY = 'fieldsync.field.lang';

const TEXTS = {
  app_name: ['现场检查', 'Field inspections'],
  switch_language: ['English', '中文'],
  sign_in: ['登录', 'Sign in'],
  sign_out: ['退出登录', 'Sign out'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  session_over: ['登录已过期，请重新登录。本机数据已保留。', 'Your session is over: sign in again. Nothing on this phone is lost.'],
  signing_in: ['正在登录…', 'Signing in…'],
  first_sign_in_online: ['首次登录需要联网。', 'The first sign-in needs a connection.'],

  // Sync bar
  sync_now: ['立即同步', 'Sync now'],
  syncing: ['正在同步…', 'Syncing…'],
  all_synced: ['已全部同步', 'Everything is synced'],
  queued_changes: ['待上传 {n} 项更改', '{n} changes'],
  queued_photos: ['{n} 张照片', '{n} photos to send'],
  failed_photos: ['{n} 张照片无法上传', '{n} photos cannot be sent'],
  last_sync: ['上次同步 {at}', 'Last sync {at}'],
  never_synced: ['尚未同步', 'Not synced yet'],
  offline: ['离线', 'Offline'],
  retry_at: ['{at} 重试', 'retry {at}'],
  rejected_changes: ['{n} 项更改被服务器拒绝', '{n} changes refused by the server'],
  rejected: ['被拒绝', 'Refused'],
  conflict: ['冲突：已保留服务器上的值', 'Conflict: the value on the server was kept'],
  dismiss: ['知道了', 'Dismiss'],
  show: ['查看', 'Show'],
  hide: ['收起', 'Hide'],

  // Places
  places: ['检查对象', 'Places'],
  search: ['搜索名称、地址、户主', 'Search name, address, head of household'],
  township: ['乡镇', 'Township'],
  village: ['村', 'Village'],
  all: ['全部', 'All'],
  kind_of_place: ['类型', 'Kind'],
  sites: ['工地', 'Sites'],
  households: ['农户', 'Households'],
  site: ['工地', 'Site'],
  household: ['农户', 'Household'],
  open_notices_only: ['仅有未结通知书的', 'Only with open notices'],
  open_notices: ['{n} 份未结通知书', '{n} open notices'],
  no_places: ['没有符合条件的检查对象。', 'No place matches.'],
  shown_of: ['显示 {n} / {total}', 'Showing {n} of {total}'],
  back: ['返回', 'Back'],

  // Place
  history: ['检查与通知书记录', 'Inspections and notices'],
  no_history: ['尚无记录。', 'Nothing yet.'],
  new_inspection: ['新建检查', 'New inspection'],
  no_template: ['没有可用的检查表（请先同步）。', 'No checklist available (sync first).'],
  head_name: ['户主', 'Head of household'],
  address: ['地址', 'Address'],
  grade_now: ['当前等级：{g}', 'Current grade: {g}'],
  contractor: ['施工单位', 'Contractor'],
  permit: ['施工许可证号', 'Permit'],
  inspection: ['检查', 'Inspection'],
  notice: ['通知书', 'Notice'],
  draft: ['草稿', 'Draft'],
  finished: ['已完成', 'Finished'],
  not_yet_synced: ['待同步', 'Not yet synced'],

  // Inspection
  kind_dust_control: ['扬尘治理', 'Dust control'],
  kind_quality_safety: ['质量安全（JGJ 59）', 'Quality and safety (JGJ 59)'],
  kind_rural_appraisal: ['农房安全鉴定', 'Rural house appraisal'],
  pass: ['合格', 'Pass'],
  fail: ['不合格', 'Fail'],
  grade_good: ['优良', 'Good'],
  grade_pass: ['合格', 'Pass'],
  grade_fail: ['不合格', 'Fail'],
  result_unknown: ['未完成', 'Not known yet'],
  result: ['结论', 'Result'],
  colon: ['：', ': '],
  field_answers: ['检查项', 'Checklist answer'],
  field_photos: ['照片', 'Photos'],
  field_other: ['其他内容', 'Another field'],
  total_score: ['总分', 'Total score'],
  table_score: ['得分 {s}', 'Score {s}'],
  zeroed: ['保证项目不足，本表 0 分', 'Guarantee items short: table scores 0'],
  points_short: ['分', 'pts'],
  deduct: ['扣分（满分 {max}）', 'Deducted (of {max})'],
  not_applicable: ['缺项', 'N/A'],
  not_applicable_long: ['缺项（不适用）', 'Does not apply (缺项)'],
  table_applies: ['本表适用', 'This table applies'],
  table_left_out: ['缺表：本表不适用', 'Left out (缺表): does not apply'],
  section_applies: ['适用', 'Applies'],
  no_deductions_rest: ['其余各项不扣分', 'No deduction for the rest'],
  guarantee: ['保证项目', 'Guarantee item'],
  general: ['一般项目', 'General item'],
  required_mark: ['必填', 'Required'],
  photo_required: ['不合格须拍照', 'Photo needed if failed'],
  add_photo: ['拍照', 'Take photo'],
  photo_needed_now: ['此项不合格，请拍照后才能保存。', 'This item failed: take a photo to save it.'],
  photos_n: ['{n} 张照片', '{n} photos'],
  grade_house: ['房屋等级', 'House grade'],
  renovation_repair_reinforce: ['需维修加固', 'Repair and reinforce'],
  renovation_demolish_rebuild: ['需拆除重建', 'Demolish and rebuild'],
  failed_items: ['不合格项 {n}', '{n} failed items'],
  finish: ['完成检查', 'Finish inspection'],
  finish_confirm: ['完成后不能再修改。确定完成？', 'A finished inspection cannot be changed. Finish it?'],
  missing_answers: ['还有 {n} 项未填写：', '{n} items still to answer:'],
  notes: ['备注', 'Notes'],
  conclusion: ['检查结论', 'Conclusion'],
  write_notice: ['开具整改通知书', 'Write a notice'],
  inspection_done: ['检查已完成', 'Inspection finished'],
  saved_on_phone: ['已保存在本机，联网后自动上传。', 'Saved on this phone; sent when online.'],
  location_kept: ['已记录开始检查时的位置（精度约 {accuracy} 米）。', 'Where the inspection started is kept (to about {accuracy} m).'],
  location_kept_plain: ['已记录开始检查时的位置。', 'Where the inspection started is kept.'],
  location_hint: ['开始检查时的位置（如已允许定位）随检查记录保存。', 'Where you were when the inspection started (when allowed) is kept with it.'],
  template_missing: ['本机没有这份检查表的模板，请先同步。', 'This checklist is not on the phone yet: sync first.'],
  answer_refused: ['答案未保存：{why}', 'Answer not saved: {why}'],
  field_code_required: ['必填', 'required'],
  field_code_photo_required: ['不合格须附照片', 'a failed answer needs a photo'],
  field_code_out_of_range: ['超出范围', 'out of range'],
  field_code_must_apply: ['保证项目不能缺项', 'a guarantee item always applies'],
  field_code_nothing_applies: ['整表均为缺项，请改为缺表', 'every item N/A: leave the table out instead'],
  field_code_other: ['无效', 'invalid'],
  choose: ['请选择', 'Choose'],

  // Notices
  notice_new: ['开具通知书', 'New notice'],
  notice_kind: ['措施', 'Measure'],
  kind_rectification: ['责令整改', 'Rectification'],
  kind_stop_work: ['停工整改', 'Stop work'],
  kind_equipment_sealed: ['设备查封', 'Equipment sealed'],
  kind_summons: ['约谈', 'Summons'],
  kind_case_filed: ['立案查处', 'Case filed'],
  deadline: ['整改期限', 'Deadline'],
  deadline_in_days: ['天数', 'Days'],
  deadline_on_date: ['日期', 'Date'],
  days: ['天内', 'days'],
  findings: ['存在问题', 'Findings'],
  finding_text: ['问题', 'Finding'],
  location: ['部位', 'Location'],
  clause: ['依据条款', 'Clause'],
  clause_hint: ['检查表未给出此项的条款，请填写。', 'The checklist cites no clause for this item: enter one.'],
  clause_from_template: ['条款取自检查表，可修改。', 'From the checklist; you may change it.'],
  legal_basis: ['法律依据', 'Legal basis'],
  required_actions: ['整改要求', 'Required actions'],
  penalty_amount: ['罚款金额（元）', 'Penalty (yuan)'],
  save_draft: ['保存草稿', 'Save draft'],
  issue: ['签发', 'Issue'],
  issue_check: ['请至少选择一项问题，并填写整改要求。', 'Choose at least one finding and write the required actions.'],
  penalty_needed: ['立案查处须填写罚款金额。', 'A case filed needs a penalty amount.'],
  deadline_needed: ['请填写整改期限。', 'Give a deadline.'],
  number_pending: ['编号待同步', 'Number pending sync'],
  number: ['编号', 'Number'],
  state: ['状态', 'State'],
  state_draft: ['草稿', 'Draft'],
  state_pending_approval: ['待审批', 'Awaiting approval'],
  state_issued: ['已签发', 'Issued'],
  state_acknowledged: ['已签收', 'Acknowledged'],
  state_responded: ['已回复', 'Responded'],
  state_rejected: ['复查未通过', 'Rejected'],
  state_verified: ['已销号', 'Verified'],
  state_revoked: ['已撤销', 'Revoked'],
  overdue: ['已逾期', 'Overdue'],
  response: ['整改回复', 'Response'],
  verify: ['复查通过，销号', 'Verify and close'],
  reject: ['复查不通过', 'Reject'],
  reject_comment: ['不通过原因', 'Why it is rejected'],
  comment_needed: ['请填写原因。', 'Give a reason.'],
  verdict_comment: ['复查意见', 'Re-inspection comment'],
  issued_at: ['签发时间', 'Issued'],
  service: ['送达', 'Service'],
  served: ['送达', 'Served'],
  serve: ['登记送达', 'Record service'],
  not_served: ['尚未送达，整改期限自送达之日起计算', 'Not yet served: the deadline runs from the day of service'],
  service_receiver: ['签收人', 'Received by'],
  service_receiver_hint: ['当场交付时填写签收人姓名；不填则稍后送达。', 'Who signed for it on the spot; leave empty to serve it later.'],
  service_method: ['送达方式', 'How'],
  service_witness: ['见证人（拒签留置时）', 'Witness (if left at the site)'],
  service_witness_word: ['见证人', 'witness'],
  service_in_person: ['直接送达', 'In person'],
  service_left_at_site: ['留置送达', 'Left at the site'],
  service_by_post: ['邮寄送达', 'By post'],
  service_electronic: ['电子送达', 'In the app'],
  receiver_needed: ['请填写签收人。', 'Give who received it.'],
  sealed_equipment: ['查封设备', 'Equipment sealed'],
  site_stopped: ['已责令停工', 'Work stopped by order'],
  equipment_sealed_here: ['设备已查封：', 'Equipment sealed:'],
  since: ['自', 'since'],
  resumption_applied: ['已申请复工，待复查', 'Resumption applied for, re-inspection due'],
  sealed_equipment_hint: ['设备名称、型号及备案编号、位置。', 'The machine, its model, registration number and where it stands.'],
  sealed_needed: ['请填写查封的设备。', 'Name the equipment sealed.'],
  not_found: ['本机没有此记录。', 'This record is not on the phone.'],

  // Errors (codes of the protocol, §14, and of the library)
  error_network: ['离线：更改保存在本机，联网后自动上传。', 'Offline: the server cannot be reached. Changes are kept on this phone.'],
  error_invalid_credentials: ['用户名或密码不正确。', 'Wrong username or password.'],
  error_token_invalid: ['登录已失效，请重新登录。', 'Your sign-in is no longer valid: sign in again.'],
  error_refresh_token_invalid: ['登录已过期，请重新登录。', 'Your session is over: sign in again.'],
  error_refresh_token_reused: ['为安全起见登录已结束，请重新登录。', 'Your session was ended for safety: sign in again.'],
  error_account_disabled: ['账号已停用，请联系管理员。本机数据已保留。', 'Your account is disabled: ask your administrator. Data on this phone is kept.'],
  error_forbidden: ['您无权执行此操作。', 'You may not do this.'],
  error_not_found: ['记录不存在或不在您的辖区。', 'The record does not exist or is outside your area.'],
  error_validation_failed: ['填写内容有误。', 'Something entered is not valid.'],
  error_invalid_transition: ['当前状态下不能执行此操作。', 'Not possible in the current state.'],
  error_inspection_finished: ['检查已完成，不能再修改。', 'The inspection is finished and can no longer be changed.'],
  error_too_many_requests: ['请求过多，稍后自动重试。', 'Too many requests: trying again shortly.'],
  error_service_unavailable: ['服务器暂时不可用，稍后自动重试。', 'The server is busy: trying again shortly.'],
  error_storage_full: ['服务器存储已满，更改保留在本机，稍后重试。', 'The server is full: changes stay on this phone and are sent later.'],
  error_storage_unavailable: ['照片存储暂时不可用，照片保留在本机，稍后重试。', 'Photo storage is down: photos stay on this phone and are sent later.'],
  error_internal: ['服务器出错，稍后自动重试。', 'The server had a problem: trying again shortly.'],
  error_unsupported_protocol_version: ['应用版本过旧，请更新。本机数据已保留。', 'This app is too old: update it. Data on this phone is kept.'],
  error_client_mismatch: ['本机登记信息不一致，请重新登录。', 'This phone is registered to someone else: sign in again.'],
  error_unknown_mutation: ['服务器不支持此操作。', 'The server does not know this action.'],
  error_blob_too_large: ['照片太大，无法上传。', 'The photo is too large to send.'],
  error_blob_type_not_allowed: ['照片格式不支持。', 'This photo format is not supported.'],
  error_unpushed_work: ['上一位用户还有更改未上传，须由其登录同步后才能换人。', 'The previous user has changes not yet sent: they must sign in and sync first.'],
  error_resync_loop: ['同步反复重新开始，请稍后再试。', 'The sync keeps starting over: try again later.'],
  error_other: ['出现问题（{code}）。', 'Something went wrong ({code}).'],
};

let current = initial();

function initial() {
  const kept = globalThis.localStorage?.getItem(KEY);
  if (kept === 'zh' || kept === 'en') return kept;
  return (globalThis.navigator?.language ?? 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The language now: `zh` or `en`. */
export const lang = () => current;

/** The Accept-Language for the server's messages. */
export const acceptLanguage = () => (current === 'zh' ? 'zh-CN' : 'en');

/** Switches the language and keeps it. */
export function setLang(value) {
  current = value === 'zh' ? 'zh' : 'en';
  globalThis.localStorage?.setItem(KEY, current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

/** The text `key` in the language now, with `{name}` placeholders filled. */
export function t(key, params = {}) {
  const entry = TEXTS[key];
  const text = entry ? entry[current === 'zh' ? 0 : 1] : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** A template's text (`{zh, en}`) in the language now. */
export function pick(text) {
  if (!text || typeof text !== 'object') return String(text ?? '');
  return (current === 'zh' ? text.zh : text.en) || text.zh || text.en || '';
}

/** A sentence for an error code of the protocol or the library. */
export function errorText(code) {
  return TEXTS[`error_${code}`] ? t(`error_${code}`) : t('error_other', { code });
}

/** A record's field (`notes`, `answers.hoarding_closed`, `findings[0].text`), in words. */
export function fieldText(name) {
  const head = String(name ?? '').split(/[.[]/)[0];
  if (TEXTS[`field_${head}`]) return t(`field_${head}`);
  return ['notes', 'conclusion', 'findings'].includes(head) ? t(head) : t('field_other');
}

/** A field's value as a reader sees it: text as is, nothing as a dash. */
export function valueText(value) {
  if (value == null || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A field code of a validation error, in words. */
export function fieldCodeText(code) {
  return TEXTS[`field_code_${code}`] ? t(`field_code_${code}`) : t('field_code_other');
}

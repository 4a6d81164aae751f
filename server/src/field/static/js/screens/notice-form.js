// A notice from an inspection's failed items: the measure, the deadline,
// the findings (text from the template's prompts, clause from the item's
// `clause`), the required actions, the legal basis (the template's) and
// the photos of those items; the inspector may change every text. Saved as a draft (`notice.create`) or
// issued at once (`notice.issue` with the device time, and the receiver who
// signed for it on the spot); the number is one held reserved, or the server's.

import { draft } from '../drafts.js';
import { pick, t } from '../i18n.js';
import { isStrongMeasure } from '../overlays.js';
import { thumbnails } from '../photos.js';
import { evaluate, itemOf, photosOf } from '../scoring.js';
import { serviceFields } from '../service.js';
import { field, fill, h, select, today } from '../ui.js';

export const NAME = 'notice-form';

const KINDS = ['rectification', 'stop_work', 'equipment_sealed', 'summons', 'case_filed'];
/** A notice finding cites at most this many photos (§12). */
const NOTICE_PHOTOS = 50;

/** The findings an inspection offers: its own, else its failed items. */
function offered(inspection, body) {
  if ((inspection.findings ?? []).length > 0) {
    return inspection.findings.map((f) => ({
      finding_id: f.id, item_id: f.item_id ?? null, text: f.text, location: f.location ?? '', clause: clauseOf(body, f.item_id), photos: f.photos ?? [],
    }));
  }
  const result = inspection.result ?? evaluate(body, inspection.answers ?? {}).result;
  return result.failed.map((f) => {
    const item = itemOf(body, f.item_id);
    return {
      finding_id: null, item_id: f.item_id, text: item ? pick(item.prompt) : f.item_id, location: '', clause: clauseOf(body, f.item_id),
      photos: photosOf(inspection.answers?.[f.item_id]),
    };
  });
}

/** The clause the template cites for an item, in the app's language. */
function clauseOf(body, itemId) {
  const clause = itemId ? itemOf(body, itemId)?.clause : undefined;
  return clause ? pick(clause) : '';
}

export async function screen(app, [inspectionId]) {
  const { client } = app;
  const node = h('section', { class: 'notice-form' });
  const inspection = await client.record('inspection', inspectionId);
  const template = inspection ? await client.record('template', inspection.template_id) : undefined;
  if (!inspection || !template) {
    fill(node, h('p', { class: 'empty' }, t('not_found')));
    return { node };
  }
  const findings = offered(inspection, template.body);
  const form = draft('notice-form', inspectionId);
  const kept = form.get();
  const kind = select({ name: 'kind', dataset: { test: 'notice-kind' } }, KINDS.map((k) => [k, t(`kind_${k}`)]), 'rectification');
  const mode = select({ name: 'deadline_mode', dataset: { test: 'deadline-mode' } }, [['days', t('deadline_in_days')], ['date', t('deadline_on_date')]], 'days');
  const days = h('input', { type: 'number', inputmode: 'numeric', min: 0, step: 1, value: '7', name: 'deadline_days', dataset: { test: 'deadline-days' } });
  const date = h('input', { type: 'date', min: today(), name: 'deadline', dataset: { test: 'deadline-date' }, hidden: true });
  mode.addEventListener('change', () => {
    days.hidden = mode.value !== 'days';
    date.hidden = mode.value !== 'date';
  });
  const penalty = h('input', { inputmode: 'decimal', name: 'penalty_amount', dataset: { test: 'penalty' } });
  const penaltyField = field(t('penalty_amount'), penalty);
  const sealed = h('input', { name: 'sealed_equipment', maxlength: 500, dataset: { test: 'sealed-equipment' } });
  const sealedField = field(t('sealed_equipment'), sealed, t('sealed_equipment_hint'));
  // Handed over on the spot when issued; a strong measure is served once approved.
  const service = serviceFields({});
  const kindShown = () => {
    penaltyField.hidden = kind.value !== 'case_filed';
    sealedField.hidden = kind.value !== 'equipment_sealed';
    service.node.hidden = isStrongMeasure(kind.value);
  };
  kind.addEventListener('change', kindShown);
  const rows = findings.map((f, i) => {
    const include = h('input', { type: 'checkbox', checked: true, dataset: { test: 'finding-include', index: i } });
    const text = h('textarea', { rows: 2, value: f.text, dataset: { test: 'finding-text', index: i } });
    const location = h('input', { value: f.location, dataset: { test: 'finding-location', index: i } });
    const clause = h('input', { value: f.clause, dataset: { test: 'finding-clause', index: i } });
    const view = h(
      'div',
      { class: 'finding', dataset: { test: 'finding', item: f.item_id ?? '' } },
      h('label', { class: 'check' }, include, h('span', {}, t('finding_text'), ` ${i + 1}`)),
      text,
      field(t('location'), location),
      field(t('clause'), clause, f.clause ? t('clause_from_template') : t('clause_hint')),
      f.photos.length > 0 ? thumbnails(client, f.photos) : null,
    );
    const value = () => ({
      finding_id: f.finding_id, item_id: f.item_id, text: text.value.trim(), location: location.value.trim(), clause: clause.value.trim(),
      photos: f.photos.slice(0, NOTICE_PHOTOS),
    });
    return { view, include, value, controls: [include, text, location, clause] };
  });
  const actions = h('textarea', { rows: 3, name: 'required_actions', dataset: { test: 'required-actions' } });
  const basis = h('textarea', {
    rows: 2, name: 'legal_basis', value: template.body.legal_basis ? pick(template.body.legal_basis) : '', dataset: { test: 'legal-basis' },
  });
  const message = h('p', { class: 'error', role: 'alert', dataset: { test: 'notice-form-error' }, hidden: true });

  const document_ = () => {
    const args = {
      kind: kind.value, inspection_id: inspection.id,
      ...(inspection.site_id ? { site_id: inspection.site_id } : { household_id: inspection.household_id }),
      findings: rows.filter((r) => r.include.checked).map((r) => r.value()),
      required_actions: actions.value.trim(), legal_basis: basis.value.trim(),
    };
    if (mode.value === 'days' && days.value !== '') args.deadline_days = Math.max(0, Math.floor(Number(days.value)));
    if (mode.value === 'date' && date.value) args.deadline = date.value;
    if (kind.value === 'case_filed' && penalty.value.trim()) args.penalty_amount = penalty.value.trim();
    if (kind.value === 'equipment_sealed') args.sealed_equipment = sealed.value.trim();
    return args;
  };

  const problem = (args) => {
    if (args.findings.length === 0 || !args.required_actions) return t('issue_check');
    if (['rectification', 'stop_work'].includes(args.kind) && args.deadline_days === undefined && !args.deadline) return t('deadline_needed');
    if (args.kind === 'case_filed' && !args.penalty_amount) return t('penalty_needed');
    if (args.kind === 'equipment_sealed' && !args.sealed_equipment) return t('sealed_needed');
    return null;
  };

  const save = async (issue) => {
    const args = { id: crypto.randomUUID(), ...document_() };
    const why = issue ? problem(args) : null;
    if (why) {
      message.textContent = why;
      message.hidden = false;
      return;
    }
    form.clear();
    await client.mutate('notice.create', args);
    if (issue) {
      const handed = isStrongMeasure(args.kind) ? null : service.value();
      await client.issueNotice(args.id, args.kind, { at: new Date().toISOString(), ...(handed ? { service: handed } : {}) });
    }
    app.go(`#/notice/${args.id}`);
  };

  // What was typed survives a redraw (a language switch) until it is saved.
  const controls = () => [kind, mode, days, date, penalty, sealed, actions, basis, ...service.controls, ...rows.flatMap((r) => r.controls)];
  if (kept) {
    controls().forEach((c, i) => {
      if (c.type === 'checkbox') c.checked = kept[i];
      else c.value = kept[i];
    });
    days.hidden = mode.value !== 'days';
    date.hidden = mode.value !== 'date';
  }
  kindShown();
  const keep = () => form.set(controls().map((c) => (c.type === 'checkbox' ? c.checked : c.value)));
  node.addEventListener('input', keep);
  node.addEventListener('change', keep);

  fill(
    node,
    h('a', { class: 'back', href: `#/inspection/${inspection.id}` }, '‹ ', t('back')),
    h('h1', {}, t('notice_new')),
    field(t('notice_kind'), kind),
    h('div', { class: 'pair' }, field(t('deadline'), mode), h('div', { class: 'field' }, h('span', { class: 'label' }, ' '), days, date)),
    penaltyField,
    sealedField,
    h('h2', {}, t('findings')),
    rows.map((r) => r.view),
    field(t('required_actions'), actions),
    field(t('legal_basis'), basis),
    service.node,
    message,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'primary big', dataset: { test: 'notice-issue' }, onclick: () => void save(true) }, t('issue')),
      h('button', { type: 'button', class: 'quiet', dataset: { test: 'notice-save' }, onclick: () => void save(false) }, t('save_draft')),
    ),
  );
  return { title: t('notice_new'), node };
}

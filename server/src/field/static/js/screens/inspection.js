// Recording an inspection: the checklist of its template version, the live
// result, photos per item, and finishing (failed items become findings).
// Every answer goes out as an `inspection.update` at once (durable in the
// queue); an answer the server would refuse is held back and said why
// (a failed item that needs a photo waits for its photo), kept as a draft
// on the phone until then.

import { checklist } from '../checklist.js';
import { draft } from '../drafts.js';
import { fieldCodeText, lang, pick, t } from '../i18n.js';
import { evaluate, itemOf, photosOf, valueOf } from '../scoring.js';
import { fill, h, toast, when } from '../ui.js';
import { gradeText, historyItem } from './place.js';

export const NAME = 'inspection';

/** Findings cite at most this many photos (§12). */
const FINDING_PHOTOS = 20;

/** Answers with a patch on top (`null` clears). */
function merged(answers, patch) {
  const out = { ...answers };
  for (const [id, value] of Object.entries(patch)) {
    if (value === null) delete out[id];
    else out[id] = value;
  }
  return out;
}

/** The finding text of a failed item: its prompt and the answer given. */
function findingText(item, raw) {
  const value = valueOf(raw);
  const a = item.answer;
  let detail = '';
  if (a.type === 'number') detail = `${t('colon')}${value} ${a.unit}`;
  else if (a.type === 'choice') detail = `${t('colon')}${pick(a.options.find((x) => x.value === value)?.label)}`;
  else if (a.type === 'grade') detail = `${t('colon')}${String(value).toUpperCase()}`;
  else if (a.type === 'deduction') detail = lang() === 'zh' ? `（扣 ${value} 分）` : ` (${value} points deducted)`;
  return `${pick(item.prompt)}${detail}`;
}

/** The live result in words. */
export function summary(kind, result) {
  const grade = result.grade ? gradeText(kind, result.grade) : t('result_unknown');
  return h(
    'div',
    { class: `summary g-${result.grade ?? 'none'}`, dataset: { test: 'live-result', grade: result.grade ?? '', score: result.score ?? '' } },
    h('p', { class: 'grade' }, kind === 'rural_appraisal' ? `${t('grade_house')}${t('colon')}` : `${t('result')}${t('colon')}`, h('strong', { dataset: { test: 'live-grade' } }, grade)),
    result.score != null ? h('p', {}, `${t('total_score')}${t('colon')}`, h('strong', { dataset: { test: 'live-score' } }, String(result.score))) : null,
    result.renovation ? h('p', {}, t(`renovation_${result.renovation}`)) : null,
    h('p', { dataset: { test: 'failed-count', n: result.failed.length } }, t('failed_items', { n: result.failed.length })),
  );
}

export async function screen(app, [id]) {
  const { client } = app;
  const node = h('section', { class: 'inspection-screen' });
  /** Answers held back until the server would take them (a photo is needed), kept on the phone. */
  const held = draft('answers', id);
  let local = held.get() ?? {};
  const hold = (answers) => {
    local = answers;
    held.set(answers);
  };
  const open = new Set();
  let confirming = false;
  /** After a refused finish: the items still to answer stay listed (and shrink as they are answered). */
  let showMissing = false;
  let record;
  let template;

  // Changes apply one at a time, each on the record as it is then.
  let chain = Promise.resolve();
  const change = (patch) => {
    chain = chain.then(() => apply(patch)).catch((error) => console.error('fieldsync: answer not kept', error));
    return chain;
  };
  const apply = async (patch) => {
    record = (await client.record('inspection', id)) ?? record;
    const before = local;
    hold({ ...local, ...patch });
    const { errors } = evaluate(template.body, merged(record.answers, local));
    const refused = errors.filter((e) => e.code !== 'photo_required');
    if (refused.length > 0) {
      hold(before);
      const first = refused[0];
      const item = itemOf(template.body, first.item_id);
      toast(t('answer_refused', { why: `${item ? pick(item.prompt) : first.item_id}${t('colon')}${fieldCodeText(first.code)}` }));
      draw();
      return;
    }
    // Only the answers waiting for a photo stay held; the rest go out now.
    const waiting = new Set(errors.map((e) => e.item_id));
    const split = (wanted) => Object.fromEntries(Object.entries(local).filter(([item]) => waiting.has(item) === wanted));
    const answers = split(false);
    if (Object.keys(answers).length === 0) {
      draw();
      return;
    }
    await client.mutate('inspection.update', { id, base_rev: record.rev ?? 1, answers });
    hold(split(true));
    await reload();
  };

  const addPhotos = (itemId, hashes) => {
    const add = async () => {
      record = (await client.record('inspection', id)) ?? record;
      const raw = merged(record.answers, local)[itemId];
      if (raw == null) return;
      const photos = [...new Set([...photosOf(raw), ...hashes])];
      await apply({ [itemId]: { value: valueOf(raw), photos } });
    };
    chain = chain.then(add).catch((error) => console.error('fieldsync: photo not kept', error));
  };

  const finish = async () => {
    await chain;
    record = (await client.record('inspection', id)) ?? record;
    const all = merged(record.answers, local);
    const { errors, result } = evaluate(template.body, all, true);
    if (errors.length > 0 || Object.keys(local).length > 0) {
      showMissing = true;
      draw();
      return;
    }
    if (!confirming) {
      confirming = true;
      draw();
      return;
    }
    const cited = new Set((record.findings ?? []).map((f) => f.item_id));
    const findings = result.failed
      .filter((f) => !cited.has(f.item_id))
      .map((f) => {
        const item = itemOf(template.body, f.item_id);
        return {
          id: crypto.randomUUID(), item_id: f.item_id, severity: f.severity, text: findingText(item, all[f.item_id]),
          location: '', photos: photosOf(all[f.item_id]).slice(0, FINDING_PHOTOS),
        };
      });
    if (findings.length > 0) await client.mutate('inspection.update', { id, base_rev: record.rev ?? 1, findings });
    await client.mutate('inspection.finish', { id, finished_at: new Date().toISOString(), conclusion: record.conclusion ?? '' });
    confirming = false;
    toast(t('saved_on_phone'));
    await reload();
  };

  const saveText = async (field, value) => {
    if ((record[field] ?? '') === value) return;
    await client.mutate('inspection.update', { id, base_rev: record.rev ?? 1, [field]: value });
    await reload();
  };

  let drawn = null;
  const reload = async (onlyIfChanged = false) => {
    record = await client.record('inspection', id);
    template = record ? await client.record('template', record.template_id) : undefined;
    const now = JSON.stringify([record, template?.id]);
    if (onlyIfChanged && now === drawn) return;
    drawn = now;
    draw();
  };

  function draw() {
    if (!record) return fill(node, h('p', { class: 'empty' }, t('not_found')));
    if (!template) return fill(node, h('p', { class: 'empty' }, t('template_missing')));
    const focused = document.activeElement?.dataset?.key;
    const finished = record.status === 'finished';
    const answers = merged(record.answers, local);
    const evaluation = evaluate(template.body, answers);
    const finishErrors = showMissing && !finished ? evaluate(template.body, answers, true).errors : [];
    const unsaved = new Set(Object.keys(local));
    const place = record.site_id ? ['site', record.site_id] : ['household', record.household_id];
    fill(
      node,
      h('a', { class: 'back', href: `#/place/${place[0]}/${place[1]}` }, '‹ ', t('back')),
      h('h1', {}, pick(template.body.title)),
      h(
        'p',
        { class: 'meta', dataset: { test: 'inspection-status', status: record.status } },
        when(record.started_at, lang()), ' · ', finished ? t('finished') : t('draft'), record.queued ? ` · ${t('not_yet_synced')}` : '',
      ),
      summary(record.kind ?? template.kind, finished && record.result ? record.result : evaluation.result),
      checklist({
        body: template.body, answers, evaluation, unsaved, open, readOnly: finished, client, change: (p) => void change(p), addPhotos,
      }),
      notesFields(record, finished, saveText),
      finished ? finishedActions(record, evaluation) : finishBox(finishErrors, confirming, finish, template.body),
      h('p', { class: 'hint', dataset: { test: 'location' } }, locationText(record.location)),
    );
    if (focused) node.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
  }

  function finishedActions(r) {
    const failed = (r.result?.failed ?? evaluate(template.body, r.answers).result.failed).length;
    return h(
      'div',
      { class: 'finished' },
      h('p', { class: 'ok', dataset: { test: 'finished' } }, t('inspection_done')),
      failed > 0 || (r.findings ?? []).length > 0
        ? h('a', { class: 'button primary', href: `#/inspection/${id}/notice`, dataset: { test: 'write-notice' } }, t('write_notice'))
        : null,
      h('div', { dataset: { test: 'inspection-notices' } }),
    );
  }

  await reload();
  // A held answer that reached the queue just before the app closed is in the record already.
  if (record) hold(Object.fromEntries(Object.entries(local).filter(([item, value]) => JSON.stringify(record.answers?.[item]) !== JSON.stringify(value))));
  // Notices written from this inspection, under the finished actions.
  const showNotices = async () => {
    const box = node.querySelector('[data-test="inspection-notices"]');
    if (!box) return;
    const notices = (await client.records('notice')).filter((n) => n.inspection_id === id);
    fill(box, notices.length > 0 ? h('ul', { class: 'history-list' }, notices.map((n) => historyItem({ type: 'notice', record: n }, new Map()))) : null);
  };
  await showNotices();
  const refresh = async () => {
    const typing = node.contains(document.activeElement) && ['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName);
    if (typing || confirming) return;
    await reload(true);
    await showNotices();
  };
  return { title: template ? pick(template.body.title) : t('inspection'), node, refresh };
}

/** Whether and how closely the start's position was kept, in words. */
function locationText(location) {
  if (!location) return t('location_hint');
  return location.accuracy_m == null ? t('location_kept_plain') : t('location_kept', { accuracy: Math.round(location.accuracy_m) });
}

function notesFields(record, finished, saveText) {
  const notes = h('textarea', { rows: 3, disabled: finished, value: record.notes ?? '', dataset: { test: 'notes' }, onchange: () => void saveText('notes', notes.value) });
  const conclusion = h('textarea', {
    rows: 2, disabled: finished, value: record.conclusion ?? '', dataset: { test: 'conclusion' }, onchange: () => void saveText('conclusion', conclusion.value),
  });
  return h('div', { class: 'texts' }, h('label', { class: 'field' }, h('span', { class: 'label' }, t('notes')), notes), h('label', { class: 'field' }, h('span', { class: 'label' }, t('conclusion')), conclusion));
}

function finishBox(errors, confirming, finish, body) {
  const missing = errors.filter((e) => e.item_id);
  return h(
    'div',
    { class: 'finish' },
    missing.length > 0
      ? h(
          'div',
          { class: 'warn-box', dataset: { test: 'finish-errors' } },
          h('p', {}, t('missing_answers', { n: missing.length })),
          h(
            'ul',
            {},
            missing.slice(0, 30).map((e) => {
              const item = itemOf(body, e.item_id);
              const go = () => {
                const row = document.getElementById(`item-${e.item_id}`);
                row?.closest('details')?.setAttribute('open', '');
                row?.scrollIntoView({ block: 'center' });
              };
              return h('li', {}, h('button', { type: 'button', class: 'link', onclick: go }, item ? pick(item.prompt) : e.item_id), ` — ${fieldCodeText(e.code)}`);
            }),
          ),
        )
      : null,
    confirming ? h('p', { class: 'warn' }, t('finish_confirm')) : null,
    h('button', { type: 'button', class: 'primary big', dataset: { test: confirming ? 'finish-confirm' : 'finish' }, onclick: () => void finish() }, t('finish')),
  );
}

// A checklist drawn from its template's body (never hard-coded items): one
// row per item, by answer type, sections grouped by category for JGJ 59,
// optional sections switched on and off, and the live figures of
// scoring.js beside them.

import { fieldCodeText, pick, t } from './i18n.js';
import { cameraButton, thumbnails } from './photos.js';
import { NOT_APPLICABLE, applies, fails, photosOf, readAnswer, valueOf } from './scoring.js';
import { h } from './ui.js';

/**
 * Builds the checklist.
 * @param {object} o
 * @param {any} o.body the template's body
 * @param {Record<string, any>} o.answers the answers shown
 * @param {{errors: any[], result: any}} o.evaluation of those answers
 * @param {Set<string>} o.unsaved items whose answer is held back (a photo is needed)
 * @param {Set<string>} o.open JGJ 59 tables shown open
 * @param {boolean} o.readOnly
 * @param {(patch: Record<string, any>) => void} o.change
 * @param {(itemId: string, hashes: string[]) => void} o.addPhotos
 * @param {any} o.client
 */
export function checklist(o) {
  const { body } = o;
  const read = new Map();
  for (const { item } of body.sections.flatMap((s) => s.items.map((item) => ({ item })))) {
    if (o.answers[item.id] == null) continue;
    try {
      read.set(item.id, readAnswer(item, o.answers[item.id]));
    } catch {
      // Shown as answered; the evaluation lists the error.
    }
  }
  const tables = new Map((o.evaluation.result.tables ?? []).map((x) => [x.section_id, x]));
  const errors = new Map(o.evaluation.errors.map((e) => [e.item_id, e.code]));
  const sectionNode = (section) => sectionView(o, section, read, tables.get(section.id), errors);
  if (body.scoring !== 'jgj59') return h('div', { class: 'checklist' }, body.sections.map(sectionNode));
  const categories = new Map((o.evaluation.result.categories ?? []).map((c) => [c.category_id, c]));
  return h(
    'div',
    { class: 'checklist jgj59' },
    (body.categories ?? []).map((category) => {
      const score = categories.get(category.id);
      return h(
        'section',
        { class: 'category', dataset: { test: 'category', category: category.id } },
        h(
          'h2',
          {},
          pick(category.title),
          h('span', { class: 'weight' }, ` ×${category.weight}%`),
          h('span', { class: 'score', dataset: { test: 'category-score', category: category.id } }, score ? ` ${score.score}` : ' —'),
        ),
        body.sections.filter((s) => s.category === category.id).map(sectionNode),
      );
    }),
  );
}

function sectionView(o, section, read, table, errors) {
  const on = applies(section, o.answers);
  const jgj = o.body.scoring === 'jgj59';
  const toggle = section.optional
    ? h(
        'label',
        { class: 'check applies' },
        h('input', {
          type: 'checkbox', checked: on, disabled: o.readOnly, dataset: { test: 'section-applies', section: section.id },
          onchange: (e) => {
            const patch = { [section.id]: e.target.checked };
            if (!e.target.checked) for (const item of section.items) if (o.answers[item.id] != null) patch[item.id] = null;
            o.change(patch);
          },
        }),
        h('span', {}, on ? (jgj ? t('table_applies') : t('section_applies')) : jgj ? t('table_left_out') : t('section_applies')),
      )
    : null;
  const score = jgj && on
    ? h(
        'span',
        { class: `table-score${table?.zeroed ? ' zeroed' : ''}`, dataset: { test: 'table-score', section: section.id, score: table?.score ?? '' } },
        table ? t('table_score', { s: table.score }) : '',
      )
    : null;
  const rows = on ? section.items.map((item) => itemRow(o, item, read, errors.get(item.id))) : [];
  const unanswered = section.items.filter((i) => i.answer.type === 'deduction' && o.answers[i.id] == null);
  const fillZero = jgj && on && !o.readOnly && unanswered.length > 0
    ? h(
        'button',
        {
          type: 'button', class: 'quiet', dataset: { test: 'no-deductions', section: section.id },
          onclick: () => o.change(Object.fromEntries(unanswered.map((i) => [i.id, 0]))),
        },
        t('no_deductions_rest'),
      )
    : null;
  const inner = [toggle, table?.zeroed ? h('p', { class: 'warn' }, t('zeroed')) : null, rows, fillZero];
  if (!jgj) {
    return h('section', { class: 'section', dataset: { test: 'section', section: section.id } }, h('h2', {}, pick(section.title)), inner);
  }
  const details = h(
    'details',
    { class: 'section', open: o.open.has(section.id), dataset: { test: 'section', section: section.id } },
    h('summary', {}, h('span', { class: 'title' }, pick(section.title)), on ? score : h('span', { class: 'left-out' }, t('not_applicable'))),
    inner,
  );
  details.addEventListener('toggle', () => (details.open ? o.open.add(section.id) : o.open.delete(section.id)));
  return details;
}

function itemRow(o, item, read, error) {
  const raw = o.answers[item.id];
  const answered = raw != null;
  const answer = read.get(item.id);
  const failed = answer ? fails(item, answer, read) : false;
  const photos = photosOf(raw);
  const keyOf = (suffix) => `${item.id}:${suffix}`;
  const withPhotos = (value) => (photos.length > 0 ? { value, photos } : value);
  const flags = [
    item.guarantee ? h('span', { class: 'flag guarantee' }, t('guarantee')) : null,
    item.required && o.body.scoring !== 'jgj59' ? h('span', { class: 'flag' }, t('required_mark')) : null,
    item.photo_required ? h('span', { class: 'flag' }, t('photo_required')) : null,
  ];
  return h(
    'div',
    {
      class: `item${failed ? ' failed' : ''}${answered ? ' answered' : ''}${o.unsaved.has(item.id) ? ' unsaved' : ''}`,
      id: `item-${item.id}`,
      dataset: { test: 'item', item: item.id, failed: failed ? 'true' : 'false' },
    },
    h('p', { class: 'prompt' }, pick(item.prompt)),
    h('div', { class: 'flags' }, flags),
    control(o, item, raw, withPhotos, keyOf),
    o.unsaved.has(item.id) ? h('p', { class: 'warn', dataset: { test: 'photo-needed' } }, t('photo_needed_now')) : null,
    error && !o.unsaved.has(item.id) ? h('p', { class: 'warn', dataset: { test: 'item-error', code: error } }, fieldCodeText(error)) : null,
    answered && !o.readOnly ? cameraButton(o.client, (hashes) => o.addPhotos(item.id, hashes), { dataset: { test: 'photo-input', item: item.id } }) : null,
    photos.length > 0 ? thumbnails(o.client, photos) : null,
  );
}

function choiceButtons(o, item, chosen, options, withPhotos, keyOf) {
  return h(
    'div',
    { class: 'choices' },
    options.map(([value, label, bad]) =>
      h(
        'button',
        {
          type: 'button', class: `choice${bad ? ' bad' : ''}`, 'aria-pressed': String(chosen === value), disabled: o.readOnly,
          dataset: { test: 'answer', item: item.id, value, key: keyOf(value) },
          onclick: () => o.change({ [item.id]: withPhotos(value) }),
        },
        label,
      ),
    ),
  );
}

function control(o, item, raw, withPhotos, keyOf) {
  const value = valueOf(raw);
  const a = item.answer;
  switch (a.type) {
    case 'pass_fail':
      return choiceButtons(o, item, value, [['pass', t('pass')], ['fail', t('fail'), true]], withPhotos, keyOf);
    case 'choice':
      return choiceButtons(o, item, value, a.options.map((x) => [x.value, pick(x.label), x.fails]), withPhotos, keyOf);
    case 'grade':
      return choiceButtons(o, item, value, ['a', 'b', 'c', 'd'].map((g) => [g, g.toUpperCase(), g >= 'c']), withPhotos, keyOf);
    case 'number':
      return numberInput(o, item, value, { min: a.min, max: a.max, unit: a.unit }, withPhotos, keyOf);
    case 'deduction':
      return h(
        'div',
        { class: 'deduction' },
        value === NOT_APPLICABLE
          ? h('span', { class: 'na', dataset: { test: 'na-shown', item: item.id } }, t('not_applicable_long'))
          : numberInput(o, item, value, { min: 0, max: a.max_points, unit: t('points_short'), label: t('deduct', { max: a.max_points }) }, withPhotos, keyOf),
        !item.guarantee || item.may_not_apply
          ? h(
              'button',
              {
                type: 'button', class: 'choice', 'aria-pressed': String(value === NOT_APPLICABLE), disabled: o.readOnly,
                dataset: { test: 'not-applicable', item: item.id, key: keyOf('na') },
                onclick: () => o.change({ [item.id]: value === NOT_APPLICABLE ? null : NOT_APPLICABLE }),
              },
              t('not_applicable'),
            )
          : null,
      );
    case 'text':
    default: {
      const input = h(a.max_length > 100 ? 'textarea' : 'input', {
        value: typeof value === 'string' ? value : '', maxlength: a.max_length ?? 2000, disabled: o.readOnly,
        dataset: { test: 'answer-text', item: item.id, key: keyOf('text') },
        onchange: () => o.change({ [item.id]: input.value === '' ? null : withPhotos(input.value) }),
      });
      return input;
    }
  }
}

function numberInput(o, item, value, { min, max, unit, label }, withPhotos, keyOf) {
  const input = h('input', {
    type: 'number', inputmode: 'decimal', step: 'any', min, max, disabled: o.readOnly,
    value: typeof value === 'number' ? String(value) : '',
    dataset: { test: 'answer-number', item: item.id, key: keyOf('number') },
    onchange: () => {
      const n = input.value === '' ? null : Number(input.value.replace(',', '.'));
      o.change({ [item.id]: n === null || Number.isNaN(n) ? null : withPhotos(n) });
    },
  });
  return h('label', { class: 'number' }, label ? h('span', { class: 'label' }, label) : null, input, h('span', { class: 'unit' }, unit));
}

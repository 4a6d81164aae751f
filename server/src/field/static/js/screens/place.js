// One place: what it is, a new inspection with each checklist that fits it,
// and its history (inspections and notices, newest first).

import { lang, pick, t } from '../i18n.js';
import { position } from '../photos.js';
import { historyOf, kindsFor, regionIndex } from '../places.js';
import { fill, h, when } from '../ui.js';

export const NAME = 'place';

/** How long a new inspection waits for the phone's position before it starts without one. */
const START_POSITION_WAIT_MS = 3000;
/** A coarser fix than this (metres) says nothing about the place; the server refuses it. */
const MAX_ACCURACY_M = 100_000;

/** A line of history: an inspection or a notice, linking to it. */
export function historyItem(item, templates) {
  const r = item.record;
  if (item.type === 'inspection') {
    const template = templates.get(r.template_id);
    return h(
      'li',
      {},
      h(
        'a',
        { class: 'history inspection', href: `#/inspection/${r.id}`, dataset: { test: 'history-inspection', id: r.id, status: r.status } },
        h('span', { class: 'tag' }, t('inspection')),
        h('strong', {}, template ? pick(template.body.title) : t(`kind_${r.kind}`)),
        h('span', { class: 'detail' }, when(r.finished_at ?? r.started_at, lang()), ' · ', r.status === 'finished' ? t('finished') : t('draft')),
        r.grade ? h('span', { class: `grade g-${r.grade}` }, gradeText(r.kind, r.grade), r.score != null ? ` ${r.score}` : '') : null,
      ),
    );
  }
  return h(
    'li',
    {},
    h(
      'a',
      { class: 'history notice', href: `#/notice/${r.id}`, dataset: { test: 'history-notice', id: r.id, state: r.state } },
      h('span', { class: 'tag notice' }, t('notice')),
      h('strong', {}, t(`kind_${r.kind}`), ' ', r.number ?? (r.state === 'draft' ? '' : t('number_pending'))),
      h('span', { class: 'detail' }, t(`state_${r.state}`), r.issued_at ? ` · ${when(r.issued_at, lang())}` : '', r.overdue ? ` · ${t('overdue')}` : ''),
    ),
  );
}

/** A grade in words. */
export function gradeText(kind, grade) {
  if (kind === 'rural_appraisal') return grade;
  return t(`grade_${grade}`);
}

export async function screen(app, [type, id]) {
  const { client } = app;
  const node = h('section', { class: 'place-screen' });
  const render = async () => {
    const record = await client.record(type, id);
    if (!record) return fill(node, h('p', { class: 'empty' }, t('not_found')));
    const [regions, templates, inspections, notices, organisations, suspensions] = await Promise.all([
      client.records('region'), client.records('template'), client.records('inspection'), client.records('notice'),
      client.records('organisation'), client.records('suspension'),
    ]);
    // What an approved stop-work or sealing order still holds here.
    const holding = type === 'site' ? suspensions.filter((s) => s.site_id === id && ['in_force', 'applied'].includes(s.standing)) : [];
    const index = regionIndex(regions);
    const place = { type, id };
    const usable = templates.filter((x) => x.status === 'published' && kindsFor(type).includes(x.kind));
    const start = async (template) => {
      const inspectionId = crypto.randomUUID();
      const startedAt = new Date().toISOString();
      // Where the phone is, if the inspector allows it and a fix comes quickly (GPS works offline).
      const fix = await position(START_POSITION_WAIT_MS);
      const where = fix && fix.accuracy_m <= MAX_ACCURACY_M ? fix : null;
      await client.mutate('inspection.create', {
        id: inspectionId, template_id: template.id, kind: template.kind, [type === 'site' ? 'site_id' : 'household_id']: id,
        started_at: startedAt, answers: {}, ...(where ? { location: where } : {}),
      });
      app.go(`#/inspection/${inspectionId}`);
    };
    const regionText = [index.township(record.region_id)?.name, index.village(record.region_id)?.name].filter(Boolean).join(' · ');
    const contractor = organisations.find((o) => o.id === record.contractor_id);
    const history = historyOf(place, inspections, notices);
    const byId = new Map(templates.map((x) => [x.id, x]));
    fill(
      node,
      h('a', { class: 'back', href: '#/' }, '‹ ', t('back')),
      h('h1', { dataset: { test: 'place-name' } }, type === 'site' ? record.name : record.head_name),
      holding.map((s) =>
        h(
          'p',
          { class: 'banner stop', dataset: { test: 'suspension', kind: s.kind, standing: s.standing } },
          h('strong', {}, t(s.kind === 'stop_work' ? 'site_stopped' : 'equipment_sealed_here')),
          s.equipment ? ` ${s.equipment}` : '',
          ` · ${s.notice_number ?? ''} · ${t('since')} ${when(s.began_at, lang())}`,
          s.standing === 'applied' ? ` · ${t('resumption_applied')}` : '',
        ),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t(type)), h('dd', {}, regionText),
        record.address ? [h('dt', {}, t('address')), h('dd', {}, record.address)] : null,
        contractor ? [h('dt', {}, t('contractor')), h('dd', {}, contractor.name)] : null,
        record.permit_number ? [h('dt', {}, t('permit')), h('dd', {}, record.permit_number)] : null,
        type === 'household' && record.grade ? [h('dt', {}, t('grade_house')), h('dd', {}, record.grade)] : null,
      ),
      h('h2', {}, t('new_inspection')),
      usable.length === 0
        ? h('p', { class: 'empty' }, t('no_template'))
        : h(
            'div',
            { class: 'actions' },
            usable.map((x) =>
              h('button', { type: 'button', class: 'primary', dataset: { test: 'new-inspection', kind: x.kind, code: x.code }, onclick: () => void start(x) }, pick(x.body.title)),
            ),
          ),
      h('h2', {}, t('history')),
      history.length === 0 ? h('p', { class: 'empty' }, t('no_history')) : h('ul', { class: 'history-list', dataset: { test: 'history' } }, history.map((i) => historyItem(i, byId))),
    );
  };
  await render();
  return { title: t('places'), node, refresh: render };
}

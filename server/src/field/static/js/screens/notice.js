// One notice: its number (or "number pending sync" until the server gives
// it), state, deadline, findings and the addressee's response; a draft is
// issued from here, a responded notice re-inspected (`notice.verify` closes
// it, `notice.reject` sends it back with a comment), with the device time.

import { lang, t } from '../i18n.js';
import { thumbnails } from '../photos.js';
import { isStrongMeasure } from '../overlays.js';
import { servedLine, serviceFields } from '../service.js';
import { field, fill, h, when } from '../ui.js';

export const NAME = 'notice';

export async function screen(app, [id]) {
  const { client } = app;
  const node = h('section', { class: 'notice-screen' });
  let rejecting = false;
  let typing = false;
  let typed = '';
  // Why the last tap was refused: kept across redraws (a sync redraws the screen).
  let why = '';
  const serving = {};

  const act = async (name, extra = {}) => {
    const at = new Date().toISOString();
    if (name === 'notice.issue') {
      const { kind, service } = extra;
      await client.issueNotice(id, kind, { at, ...(service ? { service } : {}) });
    } else await client.mutate(name, { id, at, ...extra });
    rejecting = false;
    typed = '';
    why = '';
    await render();
  };

  const render = async () => {
    const notice = await client.record('notice', id);
    if (!notice) return fill(node, h('p', { class: 'empty' }, t('not_found')));
    const place = notice.site_id ? ['site', notice.site_id] : ['household', notice.household_id];
    const placeRecord = await client.record(place[0], place[1]);
    const comment = h('textarea', {
      rows: 3, value: typed, dataset: { test: 'reject-comment' }, onfocus: () => (typing = true), onblur: () => (typing = false),
      oninput: () => (typed = comment.value), onchange: () => (typed = comment.value),
    });
    const error = h('p', { class: 'error', role: 'alert', hidden: !why }, why);
    const reject = () => {
      if (!rejecting) {
        rejecting = true;
        return void render();
      }
      if (!comment.value.trim()) {
        why = t('comment_needed');
        return void render();
      }
      void act('notice.reject', { comment: comment.value.trim() });
    };
    // Handed over on the spot (or later, once a strong measure is approved).
    const service = serviceFields(serving);
    const serve = () => {
      const given = service.value();
      if (!given) {
        why = t('receiver_needed');
        return void render();
      }
      void act('notice.serve', { service: given });
    };
    const unserved = notice.issued_at && !notice.served_at && ['issued'].includes(notice.state);
    const number = notice.number
      ? h('strong', { dataset: { test: 'notice-number' } }, notice.number)
      : h('strong', { class: 'pending', dataset: { test: 'notice-number-pending' } }, notice.state === 'draft' ? '—' : t('number_pending'));
    fill(
      node,
      h('a', { class: 'back', href: notice.inspection_id ? `#/inspection/${notice.inspection_id}` : `#/place/${place[0]}/${place[1]}` }, '‹ ', t('back')),
      h('h1', {}, t(`kind_${notice.kind}`)),
      h('p', { class: 'meta' }, placeRecord ? (placeRecord.name ?? placeRecord.head_name) : ''),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('number')), h('dd', {}, number),
        h('dt', {}, t('state')),
        h('dd', { dataset: { test: 'notice-state', state: notice.state } }, t(`state_${notice.state}`), notice.overdue ? ` · ${t('overdue')}` : '', notice.queued ? ` · ${t('not_yet_synced')}` : ''),
        notice.issued_at ? [h('dt', {}, t('issued_at')), h('dd', {}, when(notice.issued_at, lang()))] : null,
        notice.issued_at ? [h('dt', {}, t('served')), h('dd', { dataset: { test: 'notice-served' } }, servedLine(notice, (at) => when(at, lang())))] : null,
        h('dt', {}, t('deadline')),
        h('dd', { dataset: { test: 'notice-deadline' } }, notice.deadline ?? (notice.deadline_days != null ? `${notice.deadline_days} ${t('days')}` : '—')),
      ),
      h('h2', {}, t('findings')),
      h(
        'ol',
        { class: 'findings', dataset: { test: 'notice-findings' } },
        (notice.findings ?? []).map((f) =>
          h(
            'li',
            {},
            h('p', {}, f.text),
            f.location ? h('p', { class: 'detail' }, `${t('location')}${t('colon')}${f.location}`) : null,
            f.clause ? h('p', { class: 'detail' }, `${t('clause')}${t('colon')}${f.clause}`) : null,
            (f.photos ?? []).length > 0 ? thumbnails(client, f.photos) : null,
          ),
        ),
      ),
      notice.required_actions ? [h('h2', {}, t('required_actions')), h('p', { class: 'pre' }, notice.required_actions)] : null,
      notice.response
        ? h(
            'div',
            { class: 'response', dataset: { test: 'notice-response' } },
            h('h2', {}, t('response')),
            h('p', { class: 'pre' }, notice.response.text),
            (notice.response.photos ?? []).length > 0 ? thumbnails(client, notice.response.photos) : null,
          )
        : null,
      notice.verdict_comment ? [h('h2', {}, t('verdict_comment')), h('p', { class: 'pre' }, notice.verdict_comment)] : null,
      notice.state === 'draft'
        ? h(
            'div',
            { class: 'actions' },
            isStrongMeasure(notice.kind) ? null : service.node,
            h('button', {
              type: 'button', class: 'primary big', dataset: { test: 'notice-issue' },
              onclick: () => void act('notice.issue', { kind: notice.kind, service: isStrongMeasure(notice.kind) ? null : service.value() }),
            }, t('issue')),
          )
        : null,
      unserved && !notice.queued
        ? h('div', { class: 'actions', dataset: { test: 'notice-serve-form' } }, service.node, error,
            h('button', { type: 'button', class: 'primary big', dataset: { test: 'notice-serve' }, onclick: serve }, t('serve')))
        : null,
      notice.state === 'responded'
        ? h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'primary big', dataset: { test: 'notice-verify' }, onclick: () => void act('notice.verify') }, t('verify')),
            rejecting ? field(t('reject_comment'), comment) : null,
            error,
            h('button', { type: 'button', class: 'danger big', dataset: { test: 'notice-reject' }, onclick: reject }, t('reject')),
          )
        : null,
    );
  };
  await render();
  return { title: t('notice'), node, refresh: () => (typing ? undefined : render()) };
}

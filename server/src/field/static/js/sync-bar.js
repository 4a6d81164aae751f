// The sync bar on every screen: what waits to be sent, when the last sync
// was, what failed and why (in words, with the server's own message for a
// refused change), and a button to sync now.

import { errorText, fieldText, lang, t, valueText } from './i18n.js';
import { fill, h, when } from './ui.js';

const MUTATION_NAMES = {
  'inspection.create': ['新建检查', 'New inspection'],
  'inspection.update': ['修改检查', 'Inspection edit'],
  'inspection.finish': ['完成检查', 'Finishing an inspection'],
  'notice.create': ['新建通知书', 'New notice'],
  'notice.update': ['修改通知书', 'Notice edit'],
  'notice.issue': ['签发通知书', 'Issuing a notice'],
  'notice.verify': ['复查销号', 'Closing a notice'],
  'notice.reject': ['复查不通过', 'Rejecting a response'],
};

const mutationName = (name) => MUTATION_NAMES[name]?.[lang() === 'zh' ? 0 : 1] ?? name;

export class SyncBar {
  constructor(client, node) {
    this.client = client;
    this.node = node;
    this.open = false;
    this.outcomes = [];
  }

  async toggle() {
    this.open = !this.open;
    this.outcomes = this.open ? await this.client.outcomes() : [];
    this.render(this.client.state);
  }

  async dismiss(id) {
    await this.client.dismissOutcome(id);
    this.outcomes = await this.client.outcomes();
    if (this.outcomes.length === 0) this.open = false;
    this.render(this.client.state);
  }

  render(state) {
    if (!state.signedIn) {
      fill(this.node);
      this.node.hidden = true;
      return;
    }
    this.node.hidden = false;
    // For people nothing; for the browser tests, the state in attributes.
    Object.assign(this.node.dataset, {
      syncing: String(state.syncing), queued: String(state.queued), photos: String(state.photosQueued),
      error: state.error?.code ?? '', lastSync: state.lastSyncAt ?? '',
    });
    const waiting = state.queued > 0 || state.photosQueued > 0;
    let status;
    if (state.syncing) status = t('syncing');
    else if (state.error) status = errorText(state.error.code);
    else if (waiting) status = '';
    else status = t('all_synced');
    const problem = Boolean(state.error) && !state.syncing;
    let tone = waiting ? 'waiting' : 'ok';
    if (state.outcomes > 0) tone = 'problem';
    if (problem) tone = state.error.code === 'network' ? 'offline' : 'problem';
    this.node.className = tone;
    fill(
      this.node,
      h(
        'div',
        { class: 'bar-row' },
        h(
          'div',
          { class: 'bar-text' },
          status ? h('p', { class: 'status', dataset: { test: 'sync-status', code: state.error?.code ?? '' } }, status) : null,
          h(
            'p',
            { class: 'counts' },
            h('span', { dataset: { test: 'sync-queued', n: state.queued } }, t('queued_changes', { n: state.queued })),
            ' · ',
            h('span', { dataset: { test: 'sync-photos', n: state.photosQueued } }, t('queued_photos', { n: state.photosQueued })),
            state.photosFailed > 0
              ? h('span', { class: 'bad', dataset: { test: 'sync-photos-failed' } }, ' · ', t('failed_photos', { n: state.photosFailed }))
              : null,
          ),
          h(
            'p',
            { class: 'last', dataset: { test: 'sync-last' } },
            state.lastSyncAt ? t('last_sync', { at: when(state.lastSyncAt, lang()) }) : t('never_synced'),
            state.error?.retryAt && !state.syncing ? ` · ${t('retry_at', { at: when(state.error.retryAt, lang()) })}` : '',
          ),
          problem && state.error.message && state.error.code !== 'network'
            ? h('p', { class: 'server-message', dataset: { test: 'sync-error-message' } }, state.error.message)
            : null,
        ),
        h(
          'button',
          { type: 'button', class: 'sync-now', dataset: { test: 'sync-now' }, disabled: state.syncing, onclick: () => void this.client.sync() },
          t('sync_now'),
        ),
      ),
      state.outcomes > 0
        ? h(
            'div',
            { class: 'outcomes' },
            h(
              'button',
              { type: 'button', class: 'link', dataset: { test: 'outcomes-toggle' }, onclick: () => void this.toggle() },
              t('rejected_changes', { n: state.outcomes }),
              ' — ',
              this.open ? t('hide') : t('show'),
            ),
            this.open ? h('ul', {}, this.outcomes.map((o) => this.outcome(o))) : null,
          )
        : null,
    );
  }

  outcome(o) {
    const fields = o.error?.details?.fields ?? [];
    const conflict = o.kind === 'conflict';
    return h(
      'li',
      { class: 'outcome', dataset: { test: 'outcome', kind: o.kind, code: o.error?.code ?? '' } },
      h('strong', {}, mutationName(o.name), t('colon'), conflict ? t('conflict') : t('rejected')),
      conflict
        ? h('ul', {}, o.conflicts.map((c) => h('li', {}, `${fieldText(c.field)}${t('colon')}${valueText(c.kept)}`)))
        : [h('p', {}, errorText(o.error?.code)), o.error?.message ? h('p', { class: 'server-message' }, o.error.message) : null],
      fields.length > 0 ? h('ul', {}, fields.map((f) => h('li', {}, `${fieldText(f.field)}${t('colon')}${f.message ?? f.code}`))) : null,
      h('button', { type: 'button', class: 'quiet', onclick: () => void this.dismiss(o.mutation_id) }, t('dismiss')),
    );
  }
}

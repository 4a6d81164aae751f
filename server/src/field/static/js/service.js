// The 送达回证 on the phone: who signed for a notice handed over on site,
// or, when the manager refuses to sign, the witness before whom it was left.
// A notice issued without a receiver is served later (or when the company
// acknowledges it in its app); its deadline runs from the day of service.

import { t } from './i18n.js';
import { field, h, select } from './ui.js';

/** The fields, and the service they describe (null while no receiver is given). */
export function serviceFields(state) {
  const receiver = h('input', {
    value: state.receiver ?? '', maxlength: 100, dataset: { test: 'service-receiver' },
    oninput: () => (state.receiver = receiver.value),
  });
  const method = select(
    { dataset: { test: 'service-method' }, onchange: () => (state.method = method.value) },
    [['in_person', t('service_in_person')], ['left_at_site', t('service_left_at_site')]],
    state.method ?? 'in_person',
  );
  const witness = h('input', {
    value: state.witness ?? '', maxlength: 100, dataset: { test: 'service-witness' },
    oninput: () => (state.witness = witness.value),
  });
  const node = h(
    'fieldset', { class: 'service' },
    h('legend', {}, t('service')),
    field(t('service_receiver'), receiver, t('service_receiver_hint')),
    field(t('service_method'), method),
    field(t('service_witness'), witness),
  );
  const value = () => {
    const who = (state.receiver ?? '').trim();
    if (!who) return null;
    const how = state.method ?? 'in_person';
    return how === 'left_at_site' ? { method: how, receiver: who, witness: (state.witness ?? '').trim() } : { method: how, receiver: who };
  };
  return { node, value, controls: [receiver, method, witness] };
}

/** How a notice was served, in a line; or that it waits to be. */
export function servedLine(notice, when) {
  if (!notice.issued_at) return null;
  if (!notice.served_at) return t('not_served');
  const s = notice.service;
  if (!s) return when(notice.served_at);
  const witness = s.witness ? ` · ${t('service_witness_word')} ${s.witness}` : '';
  return `${when(notice.served_at)} · ${t(`service_${s.method}`)} · ${s.receiver}${witness}`;
}

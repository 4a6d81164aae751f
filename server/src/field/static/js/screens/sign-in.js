// Sign in. A session that ended keeps the local data: the same user signs in
// again and finds everything, queued changes included.

import { errorText, t } from '../i18n.js';
import { field, h } from '../ui.js';

export const NAME = 'sign-in';

export async function screen(app) {
  const { client } = app;
  const last = client.state.user;
  const message = h('p', { class: 'error', role: 'alert', dataset: { test: 'sign-in-error' }, hidden: true });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, value: last?.username ?? '' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary', dataset: { test: 'sign-in' } }, t('sign_in'));
  const submit = async (event) => {
    event.preventDefault();
    button.disabled = true;
    button.textContent = t('signing_in');
    message.hidden = true;
    try {
      await client.signIn(username.value, password.value);
      client.startAuto();
      app.go('#/');
    } catch (error) {
      message.textContent = error.code === 'network' ? `${errorText('network')} ${t('first_sign_in_online')}` : errorText(error.code ?? 'other');
      message.hidden = false;
      button.disabled = false;
      button.textContent = t('sign_in');
    }
  };
  const node = h(
    'section',
    { class: 'sign-in' },
    h('h1', {}, t('sign_in')),
    client.state.needsSignIn ? h('p', { class: 'notice-box', dataset: { test: 'session-over' } }, t('session_over')) : null,
    h('form', { onsubmit: submit, dataset: { test: 'sign-in-form' } }, field(t('username'), username), field(t('password'), password), message, button),
  );
  return { title: t('sign_in'), node };
}

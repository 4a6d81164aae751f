// The app: the sync client, the frame (header, sync bar, screen) and the
// router. Routes are hashes so every screen lives on the one cached page.

import { IndexedDbStorage, SyncClient } from '/field/lib/index.js';
import { draftsFor } from './drafts.js';
import { acceptLanguage, lang, setLang, t } from './i18n.js';
import { overlays } from './overlays.js';
import { SyncBar } from './sync-bar.js';
import { fill, h } from './ui.js';
import * as signIn from './screens/sign-in.js';
import * as places from './screens/places.js';
import * as place from './screens/place.js';
import * as inspection from './screens/inspection.js';
import * as noticeForm from './screens/notice-form.js';
import * as notice from './screens/notice.js';

/** Hash routes: pattern → screen module. */
const ROUTES = [
  [/^#\/place\/(site|household)\/([\w-]+)$/, place],
  [/^#\/inspection\/([\w-]+)\/notice$/, noticeForm],
  [/^#\/inspection\/([\w-]+)$/, inspection],
  [/^#\/notice\/([\w-]+)$/, notice],
  [/^(#\/?)?$/, places],
];

const client = new SyncClient({
  baseUrl: location.origin,
  storage: new IndexedDbStorage('fieldsync'),
  language: acceptLanguage(),
  overlays: overlays(() => client.state.user),
});

const app = {
  client,
  /** Opens a route. */
  go(hash) {
    if (location.hash === hash) void route();
    else location.hash = hash;
  },
  /** Shows the current route again (after a language switch). */
  rerender: () => route(),
};

let shown = null;
let routing = 0;

async function route() {
  const ticket = ++routing;
  const main = document.getElementById('screen');
  const state = client.state;
  let module = signIn;
  let params = [];
  if (state.signedIn) {
    for (const [pattern, screen] of ROUTES) {
      const match = location.hash.match(pattern);
      if (match) {
        module = screen;
        params = match.slice(1);
        break;
      }
    }
  }
  const screen = await module.screen(app, params);
  if (ticket !== routing) return;
  shown = screen;
  fill(main, screen.node);
  document.title = `${screen.title ?? t('app_name')} · fieldsync`;
  main.dataset.screen = module.NAME;
  main.dataset.lang = lang();
  main.dataset.route = location.hash || '#/';
  renderHeader();
  window.scrollTo(0, 0);
}

function renderHeader() {
  const user = client.state.user;
  const switchLanguage = () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    client.setLanguage(acceptLanguage());
    bar.render(client.state);
    void route();
  };
  const signOut = async () => {
    await client.signOut();
    app.go('#/');
  };
  fill(
    document.getElementById('top'),
    h(
      'a',
      { class: 'brand', href: '#/' },
      h('span', {}, t('app_name')),
      user && client.state.signedIn ? h('small', { class: 'user', dataset: { test: 'user' } }, user.display_name || user.username) : null,
    ),
    h('button', { type: 'button', class: 'lang', dataset: { test: 'lang' }, onclick: switchLanguage }, t('switch_language')),
    client.state.signedIn ? h('button', { type: 'button', class: 'quiet', dataset: { test: 'sign-out' }, onclick: signOut }, t('sign_out')) : null,
  );
}

const bar = new SyncBar(client, document.getElementById('sync-bar'));

// Records or state changed: the sync bar at once, the screen shortly after
// (a screen refreshes only its changing parts, never the field being typed in).
let refreshTimer;
let wasSignedIn = client.state.signedIn;
client.subscribe((state) => {
  bar.render(state);
  void topUpNumbers();
  if (state.user?.id) draftsFor(state.user.id);
  if (state.signedIn !== wasSignedIn) {
    wasSignedIn = state.signedIn;
    void route();
    return;
  }
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void shown?.refresh?.(), 200);
});

/** Kinds of notice an inspector issues on the spot, and how many numbers of each to hold for offline. */
const ISSUED_ON_SITE = ['rectification', 'summons'];
const NUMBERS_KEPT = 5;
let numbersToppedAt = null;
let toppingUp = Promise.resolve();

// After a sync that reached the server, hold a few numbers of each kind
// issued on the spot, so a notice issued where there is no network has its
// number printed at once. One top-up at a time: the next sees what the last reserved.
function topUpNumbers() {
  toppingUp = toppingUp.then(() => topUp(client.state));
  return toppingUp;
}

async function topUp(state) {
  if (!state.signedIn || !state.online || !state.lastSyncAt || state.lastSyncAt === numbersToppedAt) return;
  if (!['inspector', 'supervisor'].includes(state.user?.role)) return;
  numbersToppedAt = state.lastSyncAt;
  try {
    const held = await client.refreshNumbers();
    for (const kind of ISSUED_ON_SITE) {
      const missing = NUMBERS_KEPT - held.filter((n) => n.kind === kind).length;
      if (missing > 0) await client.reserveNumbers(kind, missing);
    }
  } catch (error) {
    console.warn('fieldsync: numbers not topped up', error);
  }
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/field/sw.js', { scope: '/field/' })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = performance.getEntriesByType('resource').map((e) => e.name);
      registration.active?.postMessage({ type: 'cache', urls: [location.origin + '/field/', ...urls] });
    })
    .catch((error) => console.warn('fieldsync: no service worker', error));
}

setLang(lang());
await client.open();
draftsFor(client.state.user?.id);
wasSignedIn = client.state.signedIn;
bar.render(client.state);
window.addEventListener('hashchange', () => void route());
await route();
if (client.state.signedIn) client.startAuto();
registerServiceWorker();
document.documentElement.dataset.ready = 'true';

// The service worker of /field/: keeps the app shell and the client library
// so the app starts offline. Network first (with a short wait) so a new
// release is picked up at once when online; the cache answers only when the
// network does not. Never touches /v1/: the data lives in IndexedDB
// through the library, not in this cache.

const VERSION = 'field-v1';
const NETWORK_WAIT_MS = 4000;

const SHELL = [
  '/field/',
  '/field/style.css',
  '/field/manifest.webmanifest',
  '/field/icons/icon-192.png',
  '/field/icons/icon-512.png',
  '/field/js/main.js',
  '/field/js/i18n.js',
  '/field/js/ui.js',
  '/field/js/overlays.js',
  '/field/js/drafts.js',
  '/field/js/scoring.js',
  '/field/js/checklist.js',
  '/field/js/photos.js',
  '/field/js/places.js',
  '/field/js/sync-bar.js',
  '/field/js/service.js',
  '/field/js/screens/sign-in.js',
  '/field/js/screens/places.js',
  '/field/js/screens/place.js',
  '/field/js/screens/inspection.js',
  '/field/js/screens/notice-form.js',
  '/field/js/screens/notice.js',
  '/field/lib/index.js',
];

self.addEventListener('install', (event) => {
  // One missing file must not keep the others out: each is cached on its own.
  event.waitUntil(
    caches.open(VERSION).then((cache) => Promise.allSettled(SHELL.map((url) => cache.add(url)))).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('field-') && k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page sends the URLs it loaded (the library's modules among them), so
// every module of this release is kept even if the list above misses one.
self.addEventListener('message', (event) => {
  const urls = event.data?.type === 'cache' && Array.isArray(event.data.urls) ? event.data.urls : [];
  const mine = urls.filter((u) => cacheable(new URL(u, self.location.origin)));
  event.waitUntil(caches.open(VERSION).then((cache) => Promise.allSettled(mine.map((u) => cache.add(u)))));
});

function cacheable(url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/field/') && !url.pathname.startsWith('/v1/');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !cacheable(url)) return;
  event.respondWith(networkFirst(request, request.mode === 'navigate'));
});

async function networkFirst(request, navigation) {
  const cache = await caches.open(VERSION);
  try {
    const response = await withTimeout(fetch(request), NETWORK_WAIT_MS);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // Hash routes all live on the one page: any navigation falls back to it.
    const kept = (await cache.match(request, { ignoreSearch: true })) ?? (navigation ? await cache.match('/field/') : undefined);
    if (kept) return kept;
    throw error;
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('network timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

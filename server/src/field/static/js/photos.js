// Photos from the camera: kept by the library (durably, for upload) with
// when and, when the user allows it, where they were taken.

import { t } from './i18n.js';
import { h } from './ui.js';

/** The device's position, or null (refused, unavailable, or too slow). */
export function position(timeout = 5000) {
  if (!navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeout + 500);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy_m: p.coords.accuracy });
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout, maximumAge: 60_000 },
    );
  });
}

/** Stores each file picked; answers their SHA-256 hashes. */
export async function keepPhotos(client, files) {
  const takenAt = new Date().toISOString();
  const where = await position();
  const hashes = [];
  for (const file of files) {
    hashes.push(await client.addPhoto(file, { taken_at: takenAt, location: where ?? undefined }));
  }
  return hashes;
}

/** A camera button: `onPhotos(hashes)` after the photos are kept. */
export function cameraButton(client, onPhotos, attrs = {}) {
  const input = h('input', {
    type: 'file', accept: 'image/*', capture: 'environment', multiple: true, class: 'file', ...attrs,
    onchange: async () => {
      const files = [...input.files];
      input.value = '';
      if (files.length > 0) onPhotos(await keepPhotos(client, files));
    },
  });
  return h('label', { class: 'camera button' }, input, h('span', {}, t('add_photo')));
}

/** Thumbnails of photos by hash (local bytes, or downloaded when synced). */
export function thumbnails(client, hashes) {
  const box = h('div', { class: 'thumbs' });
  for (const sha of hashes) {
    const img = h('img', { alt: '', dataset: { sha } });
    box.append(img);
    client.photoUrl(sha).then((url) => {
      if (url) img.src = url;
      else img.classList.add('missing');
    });
  }
  return box;
}

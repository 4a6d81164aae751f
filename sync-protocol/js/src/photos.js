// The photo queue (§18): photos kept in the local store by their SHA-256,
// uploaded in resumable chunks after the records, surviving reloads (the
// upload session and its offset are stored after every chunk).

import { ApiError } from './errors.js';

/** @typedef {import('./storage.js').StoredPhoto} StoredPhoto */

/** Hashes asked about per `missing` call (§18: at most 5,000). */
const MISSING_BATCH = 5000;
/** Errors after which an upload can never succeed as it is (§14). */
const FINAL = new Set(['blob_too_large', 'blob_type_not_allowed', 'blob_hash_mismatch', 'validation_failed']);

/**
 * The SHA-256 of some bytes, as 64 lowercase hex digits.
 * @param {Blob} blob
 */
export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The claims in the shape of the wire (§18): a time as a string, a location
 * only with finite degrees; anything else is left out rather than sent to
 * be refused.
 * @param {import('./storage.js').PhotoClaims} claims
 * @returns {import('./storage.js').PhotoClaims}
 */
function claimsOf(claims) {
  /** @type {import('./storage.js').PhotoClaims} */
  const out = {};
  if (typeof claims.taken_at === 'string') out.taken_at = claims.taken_at;
  const where = claims.location;
  if (where && Number.isFinite(where.latitude) && Number.isFinite(where.longitude)) {
    out.location = { latitude: where.latitude, longitude: where.longitude };
    if (Number.isFinite(where.accuracy_m)) out.location.accuracy_m = where.accuracy_m;
  }
  return out;
}

/**
 * Whether a refused start names only the claims (`taken_at`, `location.*`):
 * the photo itself is fine.
 * @param {ApiError} error
 */
function refusesOnlyClaims(error) {
  if (error.code !== 'validation_failed') return false;
  const fields = /** @type {{field?: string}[] | undefined} */ (error.details?.fields);
  return Array.isArray(fields) && fields.length > 0
    && fields.every((f) => f.field === 'taken_at' || String(f.field).startsWith('location.') || f.field === 'location');
}

/**
 * What the photo queue needs of the client.
 * @typedef {object} PhotoContext
 * @property {import('./http.js').Http} http
 * @property {import('./session.js').Session} session
 * @property {import('./storage.js').Storage} storage
 * @property {() => Promise<string>} clientId
 * @property {() => void} changed
 */

export class PhotoQueue {
  /** @param {PhotoContext} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    /** @type {Map<string, string>} object URLs made, by hash */
    this.urls = new Map();
  }

  /**
   * Keeps a photo for upload; answers its hash (put it in the record's `photos`).
   * @param {Blob} blob
   * @param {import('./storage.js').PhotoClaims} [claims] when and where it was taken
   */
  async add(blob, claims = {}) {
    const meta = claimsOf(claims);
    const sha256 = await sha256Hex(blob);
    const known = await this.ctx.storage.get('photos', sha256);
    if (known && known.state !== 'failed') return sha256;
    /** @type {StoredPhoto} */
    const photo = {
      sha256, size: blob.size, type: blob.type, blob, state: 'queued', upload_id: null, offset: 0,
      error: null, meta, added_at: new Date().toISOString(),
    };
    await this.#save(photo);
    return sha256;
  }

  /** @param {StoredPhoto} photo */
  async #save(photo) {
    await this.ctx.storage.write([{ op: 'put', store: 'photos', key: photo.sha256, value: photo }]);
    this.ctx.changed();
  }

  /** Every photo kept, without their bytes. */
  async list() {
    /** @type {StoredPhoto[]} */
    const photos = await this.ctx.storage.list('photos');
    return photos.map(({ blob, ...rest }) => ({ ...rest, held: blob != null }));
  }

  /**
   * Uploads every queued photo. Throws ApiError when uploads must wait (no
   * answer, the object store down): what was sent is kept for next time.
   */
  async uploadAll() {
    /** @type {StoredPhoto[]} */
    const waiting = (await this.ctx.storage.list('photos')).filter((p) => p.state === 'queued' || p.state === 'uploading');
    if (waiting.length === 0) return;
    const missing = new Set();
    for (let i = 0; i < waiting.length; i += MISSING_BATCH) {
      const hashes = waiting.slice(i, i + MISSING_BATCH).map((p) => p.sha256);
      const answer = await this.#call('POST', '/v1/blobs/missing', { json: { hashes } });
      for (const hash of answer.missing) missing.add(hash);
    }
    for (const photo of waiting) {
      if (!missing.has(photo.sha256)) await this.#done(photo);
      else await this.#upload(photo);
    }
  }

  /**
   * The server holds it and knows we do: the bytes may go.
   * @param {StoredPhoto} photo
   */
  async #done(photo) {
    await this.#save({ ...photo, state: 'done', blob: null, upload_id: null, offset: photo.size, error: null });
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {import('./http.js').CallOptions} [options]
   */
  #call(method, path, options = {}) {
    return this.ctx.session.authorized((token) => this.ctx.http.json(method, path, { ...options, token }));
  }

  /** @param {StoredPhoto} photo */
  async #upload(photo) {
    const blob = photo.blob;
    if (!blob) return this.#save({ ...photo, state: 'failed', error: { code: 'bytes_lost', message: 'The photo is no longer on this device.' } });
    try {
      let state = photo.upload_id ? await this.#resume(photo) : null;
      if (!state) ({ state, photo } = await this.#start(photo));
      let current = { ...photo, state: /** @type {const} */ ('uploading'), upload_id: state.upload_id ?? null, offset: state.offset ?? 0 };
      await this.#save(current);
      const chunk = Math.max(Number(state.min_chunk_bytes) || 5 * 1024 * 1024, 1);
      while (!state.complete) {
        state = await this.#chunk(current, blob, chunk);
        current = { ...current, offset: state.offset ?? current.offset };
        if (!state.complete) await this.#save(current);
      }
      await this.#done(current);
    } catch (error) {
      if (error instanceof ApiError && FINAL.has(error.code)) {
        await this.#save({ ...photo, state: 'failed', upload_id: null, error: { code: error.code, message: error.message } });
        return;
      }
      if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'blob_size_mismatch')) {
        // The session is gone or was discarded: start a new one next time.
        await this.#save({ ...photo, state: 'queued', upload_id: null, offset: 0, error: { code: error.code, message: error.message } });
        return;
      }
      throw error;
    }
  }

  /**
   * Starts a session with the photo's claims. Claims the server refuses (a
   * phone clock set wrong, say) never cost the photo: it starts again
   * without them and keeps why, in `claims_refused`.
   * @param {StoredPhoto} photo
   * @returns {Promise<{state: any, photo: StoredPhoto}>}
   */
  async #start(photo) {
    /** @type {import('./wire.js').CreateUpload} */
    const body = { sha256: photo.sha256, size: photo.size, client_id: await this.ctx.clientId() };
    const claims = claimsOf(photo.meta ?? {});
    try {
      return { state: await this.#call('POST', '/v1/blobs/uploads', { json: { ...body, ...claims } }), photo };
    } catch (error) {
      if (!(error instanceof ApiError && refusesOnlyClaims(error))) throw error;
      const refused = { ...photo, meta: {}, claims_refused: { code: error.code, message: error.message } };
      await this.#save(refused);
      return { state: await this.#call('POST', '/v1/blobs/uploads', { json: body }), photo: refused };
    }
  }

  /**
   * The stored session's state, or null when the server no longer has it.
   * @param {StoredPhoto} photo
   */
  async #resume(photo) {
    try {
      return await this.#call('GET', `/v1/blobs/uploads/${photo.upload_id}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found') return null;
      throw error;
    }
  }

  /**
   * Sends the next chunk from the photo's offset; answers the upload state.
   * @param {StoredPhoto} photo
   * @param {Blob} blob
   * @param {number} chunk
   */
  async #chunk(photo, blob, chunk) {
    const start = photo.offset;
    const end = Math.min(photo.size, start + chunk);
    const range = start >= photo.size ? `bytes */${photo.size}` : `bytes ${start}-${end - 1}/${photo.size}`;
    const body = start >= photo.size ? new Blob([]) : blob.slice(start, end);
    try {
      return await this.#call('PUT', `/v1/blobs/uploads/${photo.upload_id}`, {
        body, headers: { 'Content-Range': range, 'Content-Type': 'application/octet-stream' },
      });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'upload_offset_mismatch') {
        return { complete: false, offset: Number(error.details.offset) };
      }
      throw error;
    }
  }

  /**
   * Photos the server says this client still owes (§18): queued again when
   * the bytes are still here; answered either way.
   */
  async owed() {
    const clientId = await this.ctx.clientId();
    const answer = await this.#call('GET', `/v1/blobs/owed?client_id=${encodeURIComponent(clientId)}`);
    for (const entry of answer.owed) {
      /** @type {StoredPhoto | undefined} */
      const photo = await this.ctx.storage.get('photos', entry.sha256);
      if (photo?.blob && photo.state === 'done') await this.#save({ ...photo, state: 'queued' });
    }
    return answer.owed;
  }

  /**
   * An object URL showing the photo: its bytes here, else downloaded.
   * @param {string} sha256
   * @returns {Promise<string | null>}
   */
  async url(sha256) {
    const made = this.urls.get(sha256);
    if (made) return made;
    /** @type {StoredPhoto | undefined} */
    const photo = await this.ctx.storage.get('photos', sha256);
    let blob = photo?.blob ?? null;
    if (!blob) {
      try {
        const response = await this.ctx.session.authorized((token) => this.ctx.http.send('GET', `/v1/blobs/${sha256}`, { token }));
        blob = await response.blob();
      } catch {
        return null;
      }
    }
    const url = URL.createObjectURL(blob);
    this.urls.set(sha256, url);
    return url;
  }
}

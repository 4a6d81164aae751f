// The sync client: a local store, the mutation queue, push, pull, photos and
// the live connection, with a state for the UI. Follows sync-protocol/README.md.

import { ApiError } from './errors.js';
import { retryDelay } from './backoff.js';
import { Http } from './http.js';
import { LiveEvents } from './live.js';
import { ReservedNumbers } from './numbers.js';
import { exclusive } from './lock.js';
import { Observable } from './observable.js';
import { PhotoQueue } from './photos.js';
import { pullAll, resyncWrites } from './pull.js';
import { pushAll } from './push.js';
import { Session } from './session.js';
import { idKey, recordKey } from './storage.js';
import { applyOverlays } from './overlay.js';

/** @typedef {import('./storage.js').Storage} Storage */
/** @typedef {import('./storage.js').WriteOp} WriteOp */
/** @typedef {import('./storage.js').QueuedMutation} QueuedMutation */
/** @typedef {import('./overlay.js').Overlays} Overlays */

/** Without a live connection, sync this often (§9). */
const PERIODIC_MS = 15 * 60_000;
/** Retries after a failure wait at most this long. */
const MAX_RETRY_MS = 60_000;

/**
 * What the UI sees.
 * @typedef {object} SyncState
 * @property {boolean} signedIn
 * @property {boolean} needsSignIn the session is over: sign in again (the local data stays)
 * @property {any} user the signed-in user, or null
 * @property {boolean} online the last call reached the server
 * @property {boolean} syncing
 * @property {number} queued mutations the server has not processed yet
 * @property {number} photosQueued photos still to upload
 * @property {number} photosFailed photos that can never be uploaded
 * @property {number} photoBytesQueued
 * @property {number} outcomes rejections and conflicts to show
 * @property {string | null} lastSyncAt when the last whole sync ended
 * @property {{code: string, message: string, status?: number, retryAt?: string} | null} error what stopped the last sync
 * @property {'off' | 'connecting' | 'open'} live
 */

/**
 * @typedef {object} ClientOptions
 * @property {string} baseUrl the server's root
 * @property {Storage} storage
 * @property {string} [language] for the server's messages (`Accept-Language`)
 * @property {Overlays} [overlays] how queued mutations show on the records
 * @property {typeof fetch} [fetch]
 * @property {number} [pageSize] changes per pull page
 * @property {string} [name] tells apart several clients of one origin (locks)
 */

export class SyncClient {
  /** @param {ClientOptions} options */
  constructor(options) {
    this.storage = options.storage;
    this.http = new Http(options.baseUrl, { fetch: options.fetch, language: options.language });
    this.name = options.name ?? 'fieldsync';
    this.overlays = options.overlays ?? {};
    this.pageSize = options.pageSize ?? 1000;
    this.session = new Session(this.http, this.storage, this.name);
    /** @type {Observable<SyncState>} */
    this.observable = new Observable(/** @type {SyncState} */ ({
      signedIn: false, needsSignIn: false, user: null, online: true, syncing: false, queued: 0, photosQueued: 0,
      photosFailed: 0, photoBytesQueued: 0, outcomes: 0, lastSyncAt: null, error: null, live: 'off',
    }));
    const ctx = {
      http: this.http, session: this.session, storage: this.storage, clientId: () => this.clientId(),
      changed: () => this.#changed(),
    };
    this.photoQueue = new PhotoQueue(ctx);
    this.reserved = new ReservedNumbers({ ...ctx, name: this.name });
    this.live = new LiveEvents({
      http: this.http, session: this.session, poke: () => void this.sync(),
      status: (live) => this.observable.set({ live }),
      failed: (error) => this.#failed(error),
    });
    /** @type {Promise<void> | null} */
    this.running = null;
    this.again = false;
    this.failures = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.retryTimer = undefined;
    /** @type {(() => void) | null} */
    this.stopAutoListeners = null;
    /** @type {Promise<void> | null} */
    this.refreshing = null;
  }

  /** The state now. @returns {SyncState} */
  get state() {
    return this.observable.state;
  }

  /**
   * The language of the server's messages from now on (`Accept-Language`),
   * e.g. `zh-CN` or `en`.
   * @param {string} tag
   */
  setLanguage(tag) {
    this.http.language = tag;
  }

  /** The signed-in user, or null. */
  get user() {
    return this.state.user;
  }

  /**
   * Calls `listener` with the state on every change, records included.
   * @param {(state: SyncState) => void} listener
   */
  subscribe(listener) {
    return this.observable.subscribe(listener);
  }

  /** Loads what the store holds; makes the device id once. Works offline. */
  async open() {
    if (!(await this.storage.get('meta', 'device_id'))) {
      await this.storage.write([{ op: 'put', store: 'meta', key: 'device_id', value: `web-${crypto.randomUUID()}` }]);
    }
    await this.session.load();
    const lastSyncAt = (await this.storage.get('meta', 'last_sync_at')) ?? null;
    this.observable.set({
      signedIn: this.session.tokens != null && !this.session.over,
      needsSignIn: this.session.over,
      user: this.session.tokens?.user ?? null,
      lastSyncAt,
    });
    await this.#changed();
  }

  /** The client id: one per install and user (§2). */
  async clientId() {
    const id = await this.storage.get('meta', 'client_id');
    if (id) return id;
    const made = crypto.randomUUID();
    await this.storage.write([{ op: 'put', store: 'meta', key: 'client_id', value: made }]);
    return made;
  }

  /**
   * Signs in. The same user again keeps everything; another user starts
   * from an empty store with a new client id, which is refused (code
   * `unpushed_work`) while the previous user's changes wait to be pushed,
   * unless `discardOtherUsersWork` is set.
   * @param {string} username
   * @param {string} password
   * @param {{discardOtherUsersWork?: boolean}} [options]
   */
  async signIn(username, password, options = {}) {
    const previous = (await this.storage.get('meta', 'user')) ?? null;
    const waiting = (await this.storage.list('queue')).filter((m) => !m.processed).length;
    const other = previous && previous.username.toLowerCase() !== username.trim().toLowerCase();
    if (other && waiting > 0 && !options.discardOtherUsersWork) {
      throw new ApiError(409, 'unpushed_work', `${previous.username} has ${waiting} changes not yet sent; they must sign in and sync first.`);
    }
    const deviceId = await this.storage.get('meta', 'device_id');
    const user = await this.session.signIn(username.trim(), password, deviceId, async (user) => {
      /** @type {WriteOp[]} */
      const ops = [{ op: 'put', store: 'meta', key: 'user', value: { id: user.id, username: user.username } }];
      if (previous && previous.id !== user.id) {
        ops.push(...this.#forgetWrites());
      }
      return ops;
    });
    this.observable.set({ signedIn: true, needsSignIn: false, user, error: null });
    await this.#changed();
    return user;
  }

  /** The writes that start a new client: every local record of the previous user goes. @returns {WriteOp[]} */
  #forgetWrites() {
    return [
      ...resyncWrites(),
      { op: 'clear', store: 'queue' },
      { op: 'clear', store: 'outcomes' },
      { op: 'clear', store: 'photos' },
      { op: 'delete', store: 'meta', key: 'client_id' },
      { op: 'delete', store: 'meta', key: 'next_mutation_id' },
      { op: 'delete', store: 'meta', key: 'last_sync_at' },
      { op: 'delete', store: 'meta', key: 'reserved_numbers' },
    ];
  }

  /**
   * Signs out: pushes first when it can, then ends the session on the
   * server. The local data stays for the same user's next sign-in.
   */
  async signOut() {
    this.stopAuto();
    if (this.state.signedIn) {
      await this.sync();
      try {
        await this.session.authorized((token) => this.http.send('POST', '/v1/auth/logout', { token }));
      } catch {
        // Offline or already over: the tokens are forgotten all the same.
      }
    }
    await this.session.forget();
    this.observable.set({ signedIn: false, user: null });
  }

  /**
   * Queues a mutation (one local write: the mutation and the next id) and
   * answers its id. The sync that sends it follows when auto sync is on.
   * @param {string} name e.g. `inspection.create`
   * @param {Record<string, unknown>} args
   */
  async mutate(name, args) {
    const id = await exclusive(`${this.name}:queue`, async () => {
      const next = (await this.storage.get('meta', 'next_mutation_id')) ?? 1;
      /** @type {QueuedMutation} */
      const mutation = { id: next, name, args, client_time: new Date().toISOString(), sent: false, processed: false };
      await this.storage.write([
        { op: 'put', store: 'queue', key: idKey(next), value: mutation },
        { op: 'put', store: 'meta', key: 'next_mutation_id', value: next + 1 },
      ]);
      return next;
    });
    await this.#changed();
    if (this.stopAutoListeners) void this.sync();
    return id;
  }

  /**
   * The records of a type as the user should see them: synced, with the
   * queued mutations on top.
   * @param {string} type
   * @returns {Promise<any[]>}
   */
  async records(type) {
    const synced = await this.storage.list('records', `${type}/`);
    const base = new Map(synced.map((r) => [r.id, r.data]));
    return [...applyOverlays(this.overlays, type, base, await this.storage.list('queue')).values()];
  }

  /**
   * One record as the user should see it, or undefined.
   * @param {string} type
   * @param {string} id
   */
  async record(type, id) {
    const synced = await this.storage.get('records', recordKey(type, id));
    const base = new Map(synced ? [[id, synced.data]] : []);
    return applyOverlays(this.overlays, type, base, await this.storage.list('queue'), id).get(id);
  }

  /** The queued mutations, oldest first. @returns {Promise<QueuedMutation[]>} */
  async pending() {
    return this.storage.list('queue');
  }

  /**
   * The server's result of an applied mutation still queued, or undefined.
   * @param {number} mutationId
   */
  async result(mutationId) {
    const mutation = await this.storage.get('queue', idKey(mutationId));
    return mutation?.result ?? undefined;
  }

  /** Rejections and conflicts to show, oldest first. */
  async outcomes() {
    return this.storage.list('outcomes');
  }

  /** @param {number} mutationId */
  async dismissOutcome(mutationId) {
    await this.storage.write([{ op: 'delete', store: 'outcomes', key: idKey(mutationId) }]);
    await this.#changed();
  }

  /**
   * Keeps a photo for upload; answers its SHA-256.
   * @param {Blob} blob
   * @param {import('./storage.js').PhotoClaims} [claims] when and where it was taken
   */
  async addPhoto(blob, claims = {}) {
    const sha256 = await this.photoQueue.add(blob, claims);
    if (this.stopAutoListeners) void this.sync();
    return sha256;
  }

  /** Every photo kept, with its upload state. */
  async photos() {
    return this.photoQueue.list();
  }

  /** @param {string} sha256 */
  async photoUrl(sha256) {
    return this.photoQueue.url(sha256);
  }

  /**
   * Reserves `count` more document numbers of `kind` while online, to print
   * on notices issued offline; answers those held of `kind`.
   * @param {string} kind
   * @param {number} count
   */
  async reserveNumbers(kind, count) {
    return this.reserved.reserve(kind, count);
  }

  /** The document numbers this device holds, in series order. */
  async reservedNumbers() {
    return this.reserved.list();
  }

  /**
   * Issues notice `id` (offline too): with the next number of `kind` held,
   * which the notice shows at once, or without one (the server numbers it).
   * Answers the mutation id and the number printed, or null.
   * @param {string} id
   * @param {string} kind
   * @param {Record<string, unknown>} [args] more arguments, e.g. `at`, and `service`
   *   (`{ method: 'in_person', receiver }`) for a notice handed over on the spot
   */
  async issueNotice(id, kind, args = {}) {
    return this.reserved.take(kind, async (number) => {
      const mutationId = await this.mutate('notice.issue', { ...args, id, ...(number ? { number } : {}) });
      return { mutationId, number };
    });
  }

  /** Makes the numbers held agree with the server's register (online). */
  async refreshNumbers() {
    return this.reserved.refresh(async () => {
      const queued = await this.storage.list('queue');
      const issues = queued.filter((m) => m.name === 'notice.issue' && !m.processed && m.args.number);
      return new Set(issues.map((m) => String(m.args.number)));
    });
  }

  /**
   * Gives back numbers held and not used (online).
   * @param {string[]} numbers
   */
  async giveBackNumbers(numbers) {
    return this.reserved.giveBack(numbers);
  }

  /** Photos the server says this device still owes (§18). */
  async owed() {
    return this.photoQueue.owed();
  }

  /**
   * Runs a sync: push, pull until done, photos. One at a time: a sync asked
   * for during one runs once after it. Never throws for a failed call: the
   * state's `error` says what happened, and auto sync retries with backoff.
   */
  sync() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.#syncOnce();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async #syncOnce() {
    if (!this.state.signedIn) return;
    clearTimeout(this.retryTimer);
    this.observable.set({ syncing: true });
    try {
      await exclusive(`${this.name}:sync`, async () => {
        const ctx = {
          http: this.http, session: this.session, storage: this.storage, clientId: () => this.clientId(),
          pageSize: this.pageSize, changed: () => void this.#changed(),
          resetClient: (/** @type {WriteOp[]} */ ops) => this.#resetClient(ops),
        };
        await pushAll(ctx);
        await pullAll(ctx);
        await this.#changed();
        await this.photoQueue.uploadAll();
      });
      const lastSyncAt = new Date().toISOString();
      await this.storage.write([{ op: 'put', store: 'meta', key: 'last_sync_at', value: lastSyncAt }]);
      this.failures = 0;
      this.observable.set({ online: true, error: null, lastSyncAt });
    } catch (error) {
      this.#failed(error);
    } finally {
      this.observable.set({ syncing: false });
      await this.#changed();
    }
  }

  /**
   * A new client id and no synced records, with `ops` (§8.8).
   * @param {WriteOp[]} ops
   */
  async #resetClient(ops) {
    await this.storage.write([...ops, ...resyncWrites(), { op: 'put', store: 'meta', key: 'client_id', value: crypto.randomUUID() }]);
  }

  /** @param {unknown} error */
  #failed(error) {
    const e = error instanceof ApiError ? error : new ApiError(0, 'client_error', String(error));
    if (!(error instanceof ApiError)) console.error('fieldsync: sync failed', error);
    /** @type {Partial<SyncState>} */
    const patch = { online: e.status !== 0, error: { code: e.code, message: e.message, status: e.status } };
    if (this.session.over) {
      patch.needsSignIn = true;
      patch.signedIn = false;
    }
    if ((e.retryable || e.code === 'network') && this.stopAutoListeners) {
      const wait = Math.min(MAX_RETRY_MS, retryDelay(e, this.failures));
      this.failures += 1;
      patch.error = { ...patch.error, code: e.code, message: e.message, retryAt: new Date(Date.now() + wait).toISOString() };
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.sync(), wait);
    }
    this.observable.set(patch);
  }

  /** Counts for the state, then tells the listeners (records may have changed). */
  async #changed() {
    const queue = await this.storage.list('queue');
    const photos = await this.storage.list('photos');
    const waiting = photos.filter((p) => p.state === 'queued' || p.state === 'uploading');
    this.observable.set({
      queued: queue.filter((m) => !m.processed).length,
      photosQueued: waiting.length,
      photosFailed: photos.filter((p) => p.state === 'failed').length,
      photoBytesQueued: waiting.reduce((sum, p) => sum + (p.size - (p.offset ?? 0)), 0),
      outcomes: (await this.storage.list('outcomes')).length,
    });
  }

  /**
   * Syncs by itself: now, on every poke of the live connection, when the
   * network comes back, when the app comes to the foreground, after every
   * change, and every 15 minutes.
   */
  startAuto() {
    if (this.stopAutoListeners) return;
    const sync = () => void this.sync();
    const visible = () => {
      if (globalThis.document?.visibilityState === 'visible') sync();
    };
    globalThis.addEventListener?.('online', sync);
    globalThis.document?.addEventListener('visibilitychange', visible);
    const timer = setInterval(sync, PERIODIC_MS);
    this.stopAutoListeners = () => {
      globalThis.removeEventListener?.('online', sync);
      globalThis.document?.removeEventListener('visibilitychange', visible);
      clearInterval(timer);
    };
    if (this.state.signedIn) this.live.start();
    sync();
  }

  /** Stops syncing by itself. */
  stopAuto() {
    this.stopAutoListeners?.();
    this.stopAutoListeners = null;
    clearTimeout(this.retryTimer);
    this.live.stop();
  }
}

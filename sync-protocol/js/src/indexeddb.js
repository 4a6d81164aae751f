// The local store in IndexedDB, for browsers and WebViews: one database,
// one object store per store name, one IndexedDB transaction per write.

import { STORE_NAMES } from './storage.js';

/** @typedef {import('./storage.js').StoreName} StoreName */
/** @typedef {import('./storage.js').WriteOp} WriteOp */
/** @typedef {import('./storage.js').Storage} Storage */

const SCHEMA_VERSION = 1;

/**
 * Resolves with a request's result.
 * @template T
 * @param {IDBRequest<T>} request
 * @returns {Promise<T>}
 */
function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * The keys from `prefix` on that start with it.
 * @param {string} prefix
 */
function prefixRange(prefix) {
  return prefix ? IDBKeyRange.bound(prefix, prefix + '\uffff') : undefined;
}

/**
 * A store in the browser's IndexedDB, kept across reloads and restarts.
 * @implements {Storage}
 */
export class IndexedDbStorage {
  /** @param {string} name the database's name, e.g. `fieldsync` */
  constructor(name) {
    this.name = name;
    /** @type {Promise<IDBDatabase> | null} */
    this.opening = null;
  }

  /** @returns {Promise<IDBDatabase>} */
  #db() {
    if (!this.opening) {
      this.opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(this.name, SCHEMA_VERSION);
        request.onupgradeneeded = () => {
          for (const store of STORE_NAMES) {
            if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
          }
        };
        request.onsuccess = () => {
          // Another tab's newer version asks to upgrade: let it.
          request.result.onversionchange = () => request.result.close();
          resolve(request.result);
        };
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error('IndexedDB is held by an older version of the app in another tab'));
      });
      this.opening.catch(() => {
        this.opening = null;
      });
    }
    return this.opening;
  }

  /** @param {StoreName} store @param {string} key */
  async get(store, key) {
    const db = await this.#db();
    return done(db.transaction(store, 'readonly').objectStore(store).get(key));
  }

  /** @param {StoreName} store @param {string} [prefix] */
  async list(store, prefix = '') {
    const db = await this.#db();
    return done(db.transaction(store, 'readonly').objectStore(store).getAll(prefixRange(prefix)));
  }

  /** @param {WriteOp[]} ops */
  async write(ops) {
    if (ops.length === 0) return;
    const db = await this.#db();
    const names = [...new Set(ops.map((op) => op.store))];
    const tx = db.transaction(names, 'readwrite', { durability: 'strict' });
    const committed = new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    try {
      for (const op of ops) {
        const store = tx.objectStore(op.store);
        if (op.op === 'put') store.put(op.value, op.key);
        else if (op.op === 'delete') store.delete(op.key);
        else if (op.prefix) store.delete(/** @type {IDBKeyRange} */ (prefixRange(op.prefix)));
        else store.clear();
      }
    } catch (error) {
      committed.catch(() => {});
      tx.abort();
      throw error;
    }
    await committed;
  }

  /** Closes the database and deletes it (signing out for good). */
  async destroy() {
    if (this.opening) (await this.opening).close();
    this.opening = null;
    await done(indexedDB.deleteDatabase(this.name));
  }
}

// The local store behind a small interface, so that any platform can supply
// its own (uni-app's SQLite, a mini-program's storage, Capacitor's files):
// keyed values in a few named stores, reads by key or key prefix, and writes
// that apply all together or not at all. A crash leaves all of a write or
// none of it (§7). This file holds the interface and an in-memory
// implementation (for tests and short-lived pages); `indexeddb.js` holds the
// one for browsers and WebViews.

/**
 * The stores the client uses:
 * - `meta`: device id, client id, session, checkpoint, next mutation id, …
 * - `records`: synced records, key `<type>/<id>`, value `{type, id, data}`
 * - `queue`: mutations, key the id as 16 digits, value a {@link QueuedMutation}
 * - `photos`: photos by SHA-256, value a {@link StoredPhoto}
 * - `outcomes`: rejections and conflicts to show, key as in `queue`
 * @typedef {'meta' | 'records' | 'queue' | 'photos' | 'outcomes'} StoreName
 */

/** Every store, for implementations that create them up front. */
export const STORE_NAMES = /** @type {const} */ (['meta', 'records', 'queue', 'photos', 'outcomes']);

/**
 * One change of a write.
 * @typedef {{op: 'put', store: StoreName, key: string, value: any}
 *   | {op: 'delete', store: StoreName, key: string}
 *   | {op: 'clear', store: StoreName, prefix?: string}} WriteOp
 */

/**
 * What the client needs of a local store. Values are structured-cloneable
 * objects (photos hold a `Blob`). Keys sort as strings.
 * @typedef {object} Storage
 * @property {(store: StoreName, key: string) => Promise<any>} get the value, or undefined
 * @property {(store: StoreName, prefix?: string) => Promise<any[]>} list values whose keys start with `prefix` (all without), in key order
 * @property {(ops: WriteOp[]) => Promise<void>} write applies every op, in order, in one transaction: all or nothing
 */

/**
 * A queued mutation as stored.
 * @typedef {object} QueuedMutation
 * @property {number} id
 * @property {string} name
 * @property {Record<string, unknown>} args
 * @property {string} [client_time]
 * @property {boolean} sent whether it may have reached the server
 * @property {boolean} processed the server answered it (applied or rejected)
 * @property {boolean} [rejected]
 * @property {unknown} [result] the server's result of an applied mutation
 */

/**
 * When and where the device says a photo was taken (§18, *Metadata*):
 * `taken_at` in RFC 3339, `location` in WGS 84 degrees.
 * @typedef {Pick<import('./wire.js').CreateUpload, 'taken_at' | 'location'>} PhotoClaims
 */

/**
 * A photo as stored.
 * @typedef {object} StoredPhoto
 * @property {string} sha256
 * @property {number} size
 * @property {string} type MIME type
 * @property {Blob | null} blob the bytes, until the server holds them
 * @property {'queued' | 'uploading' | 'done' | 'failed'} state
 * @property {string | null} upload_id the server's upload session
 * @property {number} offset bytes the server holds of it
 * @property {{code: string, message: string} | null} error why it failed or last stopped
 * @property {PhotoClaims} meta when and where the device says it was taken
 * @property {{code: string, message: string} | null} [claims_refused] why the
 *   server refused those claims (a wrong clock, say); the photo went up without them
 * @property {string} added_at
 */

/** The sortable key of a mutation id. @param {number} id */
export function idKey(id) {
  return String(id).padStart(16, '0');
}

/** The key of a record. @param {string} type @param {string} id */
export function recordKey(type, id) {
  return `${type}/${id}`;
}

/**
 * A store in memory: lost with the page. Writes copy values, as a real
 * store would, so a caller's later change of an object changes nothing stored.
 * @implements {Storage}
 */
export class MemoryStorage {
  constructor() {
    /** @type {Map<StoreName, Map<string, any>>} */
    this.stores = new Map(STORE_NAMES.map((name) => [name, new Map()]));
  }

  /** @param {StoreName} store */
  #store(store) {
    const map = this.stores.get(store);
    if (!map) throw new Error(`no store ${store}`);
    return map;
  }

  /** @param {StoreName} store @param {string} key */
  async get(store, key) {
    const value = this.#store(store).get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  /** @param {StoreName} store @param {string} [prefix] */
  async list(store, prefix = '') {
    return [...this.#store(store).entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, value]) => structuredClone(value));
  }

  /** @param {WriteOp[]} ops */
  async write(ops) {
    // Check and copy everything first: a bad op changes nothing.
    const copies = ops.map((op) => {
      this.#store(op.store);
      return op.op === 'put' ? { ...op, value: structuredClone(op.value) } : op;
    });
    for (const op of copies) {
      const map = this.#store(op.store);
      if (op.op === 'put') map.set(op.key, op.value);
      else if (op.op === 'delete') map.delete(op.key);
      else for (const key of [...map.keys()]) if (key.startsWith(op.prefix ?? '')) map.delete(key);
    }
  }
}

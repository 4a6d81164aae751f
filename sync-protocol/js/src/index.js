// The fieldsync sync protocol's JavaScript client: plain ES modules, no
// dependencies. See ../README.md (the protocol) and ./README.md (this library).

export { SyncClient } from './client.js';
export { ApiError } from './errors.js';
export { MemoryStorage, STORE_NAMES } from './storage.js';
export { IndexedDbStorage } from './indexeddb.js';
export { sha256Hex } from './photos.js';
export { sseParser } from './live.js';
export { PROTOCOL_VERSION } from './http.js';

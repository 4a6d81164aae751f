// Generated from the Rust types of sync-protocol by `sync_protocol::typescript`.
// Do not edit: run `FIELDSYNC_UPDATE_TYPES=1 cargo test -p sync-protocol --test typescript`.

/** The protocol version this client speaks. */
export const PROTOCOL_VERSION = 1;

/** The oldest protocol version the server still accepts. */
export const MIN_PROTOCOL_VERSION = 1;

/** Largest number of mutations in one push. */
export const MAX_PUSH_MUTATIONS = 500;

/** Largest mutation id, 2^53 − 1 (`Number.MAX_SAFE_INTEGER`). */
export const MAX_MUTATION_ID = 9007199254740991;

/** Largest page size a pull may ask for. */
export const MAX_PULL_LIMIT = 5000;

/** Page size of a pull that asks for none. */
export const DEFAULT_PULL_LIMIT = 1000;

/** Largest number of hashes in one `POST /v1/blobs/missing`. */
export const MAX_MISSING_QUERY = 5000;

/** Longest `device_id` a sign-in accepts. */
export const MAX_DEVICE_ID = 128;

/** Seconds between heartbeats of a live stream without events. */
export const HEARTBEAT_SECS = 15;

/** The request header that carries the protocol version. */
export const PROTOCOL_HEADER = "fieldsync-protocol";

/** The header that tells how many bytes of an upload the server holds. */
export const UPLOAD_OFFSET_HEADER = "upload-offset";

/**
 * Each error code's HTTP status and whether the same request may succeed
 * if retried later unchanged. A code missing here is newer than this
 * client: decide by the HTTP status.
 * @type {Readonly<Record<import('./wire.js').ErrorCode, { status: number, retryable: boolean }>>}
 */
export const ERROR_CODES = Object.freeze({
  malformed_json: { status: 400, retryable: false },
  invalid_parameter: { status: 400, retryable: false },
  validation_failed: { status: 422, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unauthenticated: { status: 401, retryable: false },
  invalid_credentials: { status: 401, retryable: false },
  token_invalid: { status: 401, retryable: false },
  token_expired: { status: 401, retryable: false },
  refresh_token_invalid: { status: 401, retryable: false },
  refresh_token_reused: { status: 401, retryable: false },
  account_disabled: { status: 403, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  already_exists: { status: 409, retryable: false },
  invalid_reference: { status: 422, retryable: false },
  conflict: { status: 409, retryable: false },
  too_many_requests: { status: 429, retryable: true },
  too_many_streams: { status: 429, retryable: true },
  import_failed: { status: 422, retryable: false },
  import_interrupted: { status: 409, retryable: false },
  unsupported_protocol_version: { status: 426, retryable: false },
  invalid_checkpoint: { status: 400, retryable: false },
  client_mismatch: { status: 403, retryable: false },
  too_many_mutations: { status: 413, retryable: false },
  unknown_mutation: { status: 422, retryable: false },
  mutation_gap: { status: 409, retryable: false },
  invalid_transition: { status: 409, retryable: false },
  service_unavailable: { status: 503, retryable: true },
  storage_full: { status: 503, retryable: true },
  internal: { status: 500, retryable: true },
  inspection_finished: { status: 409, retryable: false },
  storage_unavailable: { status: 503, retryable: true },
  blob_too_large: { status: 413, retryable: false },
  blob_type_not_allowed: { status: 415, retryable: false },
  blob_hash_mismatch: { status: 422, retryable: false },
  blob_size_mismatch: { status: 422, retryable: false },
  upload_offset_mismatch: { status: 409, retryable: false },
  upload_chunk_too_small: { status: 422, retryable: false },
  range_not_satisfiable: { status: 416, retryable: false },
});

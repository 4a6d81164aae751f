// Generated from the Rust types of sync-protocol by `sync_protocol::typescript`.
// Do not edit: run `FIELDSYNC_UPDATE_TYPES=1 cargo test -p sync-protocol --test typescript`.

/**
 * A machine-readable error code with its HTTP status and default messages.
 */
export type ErrorCode = "malformed_json" | "invalid_parameter" | "validation_failed" | "unsupported_media_type" | "payload_too_large" | "unauthenticated" | "invalid_credentials" | "token_invalid" | "token_expired" | "refresh_token_invalid" | "refresh_token_reused" | "account_disabled" | "forbidden" | "not_found" | "method_not_allowed" | "already_exists" | "invalid_reference" | "conflict" | "too_many_requests" | "too_many_streams" | "import_failed" | "import_interrupted" | "unsupported_protocol_version" | "invalid_checkpoint" | "client_mismatch" | "too_many_mutations" | "unknown_mutation" | "mutation_gap" | "invalid_transition" | "service_unavailable" | "storage_full" | "internal" | "inspection_finished" | "storage_unavailable" | "blob_too_large" | "blob_type_not_allowed" | "blob_hash_mismatch" | "blob_size_mismatch" | "upload_offset_mismatch" | "upload_chunk_too_small" | "range_not_satisfiable";

/**
 * The JSON error envelope every failed request answers with.
 */
export type ErrorEnvelope = {
  /**
   * The error itself.
   */
  error: ErrorBody,
};

/**
 * The body of an error: a stable code, a human message and optional details.
 */
export type ErrorBody = {
  /**
   * Stable snake_case code; see `ErrorCode`.
   */
  code: string,
  /**
   * A message for people, in the language asked for by `Accept-Language`.
   */
  message: string,
  /**
   * Structured details, e.g. the invalid fields or rows.
   */
  details?: JsonValue,
  /**
   * The request id, for support.
   */
  request_id?: string,
};

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * `POST /v1/auth/login`. A field the server does not know is refused
 * (`validation_failed`, spec §6 and §15): a credential sent under a
 * misspelt name must not be silently dropped.
 */
export type LoginRequest = {
  /**
   * User name (case-insensitive).
   */
  username: string,
  /**
   * Password.
   */
  password: string,
  /**
   * The app's own stable id of this install (1–128 characters); binds the
   * session and every client id to this device.
   */
  device_id?: string,
};

/**
 * `POST /v1/auth/refresh`. A field the server does not know is refused, as
 * at sign-in (the refresh token is then not used).
 */
export type RefreshRequest = {
  /**
   * The refresh token of the last sign-in or refresh.
   */
  refresh_token: string,
};

/**
 * The answer to a sign-in or a refresh: a new pair of tokens and the user.
 */
export type TokenResponse = {
  /**
   * Short-lived token for the `Authorization: Bearer` header; opaque to
   * the client (do not decode it).
   */
  access_token: string,
  /**
   * Always `Bearer`.
   */
  token_type: TokenType,
  /**
   * Seconds until the access token expires (900 by default).
   */
  expires_in: number,
  /**
   * Opaque token for the next pair; it can be used once. Store it durably
   * as soon as the answer arrives.
   */
  refresh_token: string,
  /**
   * The signed-in user.
   */
  user: User,
};

/**
 * The kind of access token.
 */
export type TokenType = "Bearer";

/**
 * A user as the API shows it (never with the password).
 */
export type User = {
  /**
   * Id.
   */
  id: string,
  /**
   * Login name.
   */
  username: string,
  /**
   * Name shown to people.
   */
  display_name: string,
  /**
   * Role: `admin`, `supervisor`, `inspector` or `contractor`.
   */
  role: string,
  /**
   * Root of a supervisor's or inspector's region scope.
   */
  region_id: string | null,
  /**
   * A contractor's company.
   */
  organisation_id: string | null,
  /**
   * Phone.
   */
  phone: string | null,
  /**
   * Whether the account is disabled.
   */
  disabled: boolean,
  /**
   * Creation time (RFC 3339).
   */
  created_at: string,
  /**
   * Last change (RFC 3339).
   */
  updated_at: string,
};

/**
 * A batch of mutations from one client, in the order they were made.
 */
export type PushRequest = {
  /**
   * The client (one app install signed in as one user); made by the app
   * once, a random UUID, and kept for as long as the app keeps its data.
   */
  client_id: string,
  /**
   * The mutations, with strictly increasing ids, oldest first.
   */
  mutations: Array<Mutation>,
};

/**
 * One named, versioned operation made on the device.
 */
export type Mutation = {
  /**
   * The client's mutation number: 1 for its first mutation, then +1 each
   * time; at most `MAX_MUTATION_ID`.
   */
  id: number,
  /**
   * The operation, e.g. `inspection.create`, `notice.acknowledge`.
   */
  name: string,
  /**
   * The operation's arguments; their shape depends on `name`.
   */
  args: JsonValue,
  /**
   * When the user made it, by the device's clock; informative only (never decides anything).
   */
  client_time?: string,
};

/**
 * The server's answer to a push: one result per mutation it processed.
 */
export type PushResponse = {
  /**
   * One result per mutation sent, in order.
   */
  results: Array<MutationResult>,
  /**
   * The highest mutation id of this client the server has processed
   * (applied or rejected). The device may drop every queued mutation up to it.
   */
  last_mutation_id: number,
};

/**
 * What became of one mutation.
 */
export type MutationResult = {
  /**
   * The mutation's id.
   */
  id: number,
  /**
   * Applied, rejected, or not processed (a gap before it).
   */
  status: MutationStatus,
  /**
   * Server-assigned values of an applied mutation (an official number, a
   * state) and any fields of it that lost a conflict.
   */
  result?: JsonValue,
  /**
   * Why it was rejected or not processed.
   */
  error?: ErrorBody,
};

/**
 * The fate of one mutation.
 */
export type MutationStatus = "applied" | "rejected" | "not_processed";

/**
 * A request for the next page of changes.
 */
export type PullRequest = {
  /**
   * The client, as in push.
   */
  client_id: string,
  /**
   * The checkpoint of the last page applied; absent for a first sync.
   */
  checkpoint?: string,
  /**
   * Largest number of changes wanted (default 1,000, at most 5,000).
   */
  limit?: number,
};

/**
 * One page of changes.
 */
export type PullResponse = {
  /**
   * The changes, at most one per record; apply them all in one local transaction.
   */
  changes: Array<Change>,
  /**
   * Store this with the page's changes (in the same local transaction) and send it next time.
   */
  checkpoint: string,
  /**
   * Whether more pages follow: pull again at once with the new checkpoint.
   */
  has_more: boolean,
  /**
   * The highest mutation id of this client the server has processed; every
   * change of those mutations is in this page or an earlier one.
   */
  last_mutation_id: number,
  /**
   * The checkpoint sent is too old (or from another scope epoch): throw away the
   * synced records (keep the unpushed mutations) and pull again with no checkpoint.
   */
  must_resync: boolean,
};

/**
 * A change to one record.
 */
export type Change = {
  /**
   * Record type, e.g. `site`, `household`, `notice`.
   */
  type: string,
  /**
   * Record id.
   */
  id: string,
  /**
   * `upsert` (store `data` as the record) or `delete` (remove the record if present).
   */
  op: ChangeOp,
  /**
   * The whole record, for an upsert.
   */
  data?: JsonValue,
  /**
   * The record's version: it only grows.
   */
  version: number,
};

/**
 * What to do with a record.
 */
export type ChangeOp = "upsert" | "delete";

/**
 * The name of an event, in its `event:` line. Ignore events of other names.
 */
export type EventName = "ready" | "poke" | "end";

/**
 * The data of a `ready` or `poke` event.
 */
export type VersionData = {
  /**
   * The version the event is about (the same as its id), 0 for a `poke`
   * that has no id.
   */
  version: number,
};

/**
 * The data of the `end` event.
 */
export type EndData = {
  /**
   * Why the stream ends. Treat a reason you do not know as `shutdown`.
   */
  reason: EndReason,
};

/**
 * Why a stream ends, in its `end` event.
 */
export type EndReason = "token_expired" | "session_ended" | "shutdown";

/**
 * `POST /v1/blobs/missing`: which of these photos does the server lack?
 */
export type MissingRequest = {
  /**
   * SHA-256 of each photo, 64 lowercase hex digits.
   */
  hashes: Array<string>,
};

/**
 * The answer to `MissingRequest`.
 */
export type MissingResponse = {
  /**
   * The hashes the server does not hold, in the order asked; upload these.
   */
  missing: Array<string>,
};

/**
 * `POST /v1/blobs/uploads`: starts (or finds complete) the upload of one photo.
 */
export type CreateUpload = {
  /**
   * SHA-256 of the whole photo, 64 lowercase hex digits.
   */
  sha256: string,
  /**
   * Its size in bytes.
   */
  size: number,
  /**
   * The sync client that will reference it (informative).
   */
  client_id?: string,
  /**
   * When the photo was taken by the device's clock (RFC 3339): a claim,
   * kept for reviewers beside the photo's own EXIF time, and refused
   * (`validation_failed`, field `taken_at`) when later than the server's
   * clock allows or older than the device-time window (spec §16).
   */
  taken_at?: string,
  /**
   * Where the device was when it was taken; bounded as
   * `Location::out_of_range` says (fields `location.latitude`, ...).
   */
  location?: Location,
};

/**
 * A position in WGS 84 degrees, with the accuracy the device claimed.
 */
export type Location = {
  /**
   * Degrees north (south negative), −90 to 90.
   */
  latitude: number,
  /**
   * Degrees east (west negative), −180 to 180.
   */
  longitude: number,
  /**
   * Radius of the device's uncertainty, in metres (0 to 100 km), if it said.
   */
  accuracy_m?: number,
};

/**
 * State of an upload session (answer to create, to each chunk and to `GET`).
 */
export type UploadState = {
  /**
   * The session, for the chunk URL `/v1/blobs/uploads/{upload_id}`; absent
   * when the server already holds the photo.
   */
  upload_id?: string,
  /**
   * The photo.
   */
  sha256: string,
  /**
   * Its declared size.
   */
  size: number,
  /**
   * How many bytes the server holds: send the next chunk from here.
   */
  offset: number,
  /**
   * Whether the photo is stored and verified (nothing more to send).
   */
  complete: boolean,
  /**
   * Every chunk but the last must be at least this large.
   */
  min_chunk_bytes: number,
  /**
   * When an unfinished session is discarded (RFC 3339).
   */
  expires_at?: string,
};

/**
 * `GET /v1/blobs/owed`: photos the caller's devices referenced but never sent.
 */
export type OwedResponse = {
  /**
   * Each owed photo with the records that reference it.
   */
  owed: Array<OwedBlob>,
};

/**
 * One photo a device still owes.
 */
export type OwedBlob = {
  /**
   * The photo's SHA-256.
   */
  sha256: string,
  /**
   * The client that made the reference.
   */
  client_id?: string,
  /**
   * The records that reference it.
   */
  records: Array<RecordRef>,
};

/**
 * A record that references photos.
 */
export type RecordRef = {
  /**
   * Record type, e.g. `inspection`.
   */
  record_type: string,
  /**
   * Record id.
   */
  record_id: string,
};

// The protocol's wire types, generated from the Rust crate into
// ../types/wire.d.ts, for the library's JSDoc:
//   /** @param {import('./wire.js').PushRequest} request */
// This module holds no code.

/** @typedef {import('../types/wire.js').ErrorCode} ErrorCode */
/** @typedef {import('../types/wire.js').ErrorEnvelope} ErrorEnvelope */
/** @typedef {import('../types/wire.js').ErrorBody} ErrorBody */
/** @typedef {import('../types/wire.js').JsonValue} JsonValue */
/** @typedef {import('../types/wire.js').LoginRequest} LoginRequest */
/** @typedef {import('../types/wire.js').RefreshRequest} RefreshRequest */
/** @typedef {import('../types/wire.js').TokenResponse} TokenResponse */
/** @typedef {import('../types/wire.js').TokenType} TokenType */
/** @typedef {import('../types/wire.js').User} User */
/** @typedef {import('../types/wire.js').PushRequest} PushRequest */
/** @typedef {import('../types/wire.js').Mutation} Mutation */
/** @typedef {import('../types/wire.js').PushResponse} PushResponse */
/** @typedef {import('../types/wire.js').MutationResult} MutationResult */
/** @typedef {import('../types/wire.js').MutationStatus} MutationStatus */
/** @typedef {import('../types/wire.js').PullRequest} PullRequest */
/** @typedef {import('../types/wire.js').PullResponse} PullResponse */
/** @typedef {import('../types/wire.js').Change} Change */
/** @typedef {import('../types/wire.js').ChangeOp} ChangeOp */
/** @typedef {import('../types/wire.js').EventName} EventName */
/** @typedef {import('../types/wire.js').VersionData} VersionData */
/** @typedef {import('../types/wire.js').EndData} EndData */
/** @typedef {import('../types/wire.js').EndReason} EndReason */
/** @typedef {import('../types/wire.js').MissingRequest} MissingRequest */
/** @typedef {import('../types/wire.js').MissingResponse} MissingResponse */
/** @typedef {import('../types/wire.js').CreateUpload} CreateUpload */
/** @typedef {import('../types/wire.js').Location} Location */
/** @typedef {import('../types/wire.js').UploadState} UploadState */
/** @typedef {import('../types/wire.js').OwedResponse} OwedResponse */
/** @typedef {import('../types/wire.js').OwedBlob} OwedBlob */
/** @typedef {import('../types/wire.js').RecordRef} RecordRef */

export {};

// Pulling (§9): pages until `has_more` is false, each applied with its
// checkpoint in one local write; `must_resync` drops the synced records and
// keeps the queue.

import { ApiError } from './errors.js';
import { idKey, recordKey } from './storage.js';

/** @typedef {import('./storage.js').WriteOp} WriteOp */
/** @typedef {import('./wire.js').PullResponse} PullResponse */

/** Resyncs in a row after which pulling gives up (the server keeps answering `must_resync`). */
const MAX_RESYNCS = 3;

/**
 * What pulling needs of the client.
 * @typedef {object} PullContext
 * @property {import('./http.js').Http} http
 * @property {import('./session.js').Session} session
 * @property {import('./storage.js').Storage} storage
 * @property {() => Promise<string>} clientId
 * @property {number} pageSize
 * @property {() => void} changed called after each page applied
 */

/** The writes that forget the synced records and the checkpoint (§7, step 4). @returns {WriteOp[]} */
export function resyncWrites() {
  return [
    { op: 'clear', store: 'records' },
    { op: 'delete', store: 'meta', key: 'checkpoint' },
  ];
}

/**
 * The writes of one page: its changes, its checkpoint, and the queued
 * mutations it reports done leave the queue.
 * @param {PullResponse} page
 * @param {import('./storage.js').QueuedMutation[]} queue
 * @returns {WriteOp[]}
 */
export function pageWrites(page, queue) {
  /** @type {WriteOp[]} */
  const ops = [];
  for (const change of page.changes) {
    const key = recordKey(change.type, change.id);
    if (change.op === 'upsert' && change.data != null) {
      ops.push({ op: 'put', store: 'records', key, value: { type: change.type, id: change.id, data: change.data, version: change.version } });
    } else {
      ops.push({ op: 'delete', store: 'records', key });
    }
  }
  ops.push({ op: 'put', store: 'meta', key: 'checkpoint', value: page.checkpoint });
  for (const m of queue) if (m.id <= page.last_mutation_id) ops.push({ op: 'delete', store: 'queue', key: idKey(m.id) });
  return ops;
}

/**
 * Pulls every page there is. Throws ApiError for what stops it.
 * @param {PullContext} ctx
 * @returns {Promise<number>} the number of changes applied
 */
export async function pullAll(ctx) {
  let resyncs = 0;
  let applied = 0;
  for (;;) {
    const checkpoint = await ctx.storage.get('meta', 'checkpoint');
    const clientId = await ctx.clientId();
    const request = { client_id: clientId, limit: ctx.pageSize, ...(checkpoint ? { checkpoint } : {}) };
    /** @type {PullResponse} */
    let page;
    try {
      page = await ctx.session.authorized((token) => ctx.http.json('POST', '/v1/sync/pull', { token, json: request }));
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'invalid_checkpoint') throw error;
      page = { changes: [], checkpoint: '', has_more: false, last_mutation_id: 0, must_resync: true };
    }
    if (page.must_resync) {
      resyncs += 1;
      if (resyncs > MAX_RESYNCS) throw new ApiError(0, 'resync_loop', 'The server keeps asking to start the sync again.');
      await ctx.storage.write(resyncWrites());
      ctx.changed();
      continue;
    }
    await ctx.storage.write(pageWrites(page, await ctx.storage.list('queue')));
    applied += page.changes.length;
    ctx.changed();
    if (!page.has_more) return applied;
  }
}

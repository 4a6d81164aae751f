// Pushing the queue (§8): the oldest mutations first, in batches, one push
// at a time; answers applied in one local write each.

import { ApiError } from './errors.js';
import { idKey } from './storage.js';

/** @typedef {import('./storage.js').QueuedMutation} QueuedMutation */
/** @typedef {import('./storage.js').WriteOp} WriteOp */
/** @typedef {import('./wire.js').PushResponse} PushResponse */
/** @typedef {import('./wire.js').MutationResult} MutationResult */

/** At most this many mutations per push (§6). */
export const MAX_PUSH_MUTATIONS = 500;
/** A batch's JSON stays under this many bytes (the server's limit is 2 MiB). */
const MAX_BATCH_BYTES = 1_900_000;

/**
 * What pushing needs of the client.
 * @typedef {object} PushContext
 * @property {import('./http.js').Http} http
 * @property {import('./session.js').Session} session
 * @property {import('./storage.js').Storage} storage
 * @property {() => Promise<string>} clientId
 * @property {(ops: WriteOp[]) => Promise<void>} resetClient makes a new client id and drops the synced records, with `ops`
 */

/** @param {QueuedMutation} m */
function wire(m) {
  return { id: m.id, name: m.name, args: m.args, ...(m.client_time ? { client_time: m.client_time } : {}) };
}

/**
 * The oldest unprocessed mutations, consecutive, within the limits.
 * @param {QueuedMutation[]} unsent
 * @param {number} limit
 */
function batchOf(unsent, limit) {
  const batch = [];
  let bytes = 0;
  for (const m of unsent) {
    if (batch.length >= limit) break;
    if (batch.length > 0 && m.id !== batch[batch.length - 1].id + 1) break;
    bytes += JSON.stringify(wire(m)).length + 1;
    if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
    batch.push(m);
  }
  return batch;
}

/**
 * The writes that record one push answer: results, rejections and
 * conflicts to show, and every mutation up to `last_mutation_id` processed.
 * @param {QueuedMutation[]} queue
 * @param {PushResponse} answer
 */
export function answerWrites(queue, answer) {
  /** @type {Map<number, MutationResult>} */
  const results = new Map(answer.results.map((r) => [r.id, r]));
  /** @type {WriteOp[]} */
  const ops = [];
  const at = new Date().toISOString();
  for (const m of queue) {
    const result = results.get(m.id);
    if (m.processed || m.id > answer.last_mutation_id) continue;
    const updated = { ...m, sent: true, processed: true };
    if (result?.status === 'rejected') {
      updated.rejected = true;
      const outcome = { mutation_id: m.id, name: m.name, args: m.args, kind: 'rejected', error: result.error, conflicts: [], at };
      ops.push({ op: 'put', store: 'outcomes', key: idKey(m.id), value: outcome });
    } else if (result?.status === 'applied') {
      updated.result = result.result ?? null;
      const conflicts = /** @type {any} */ (result.result)?.conflicts;
      if (Array.isArray(conflicts) && conflicts.length > 0) {
        const outcome = { mutation_id: m.id, name: m.name, args: m.args, kind: 'conflict', error: null, conflicts, at };
        ops.push({ op: 'put', store: 'outcomes', key: idKey(m.id), value: outcome });
      }
    }
    ops.push({ op: 'put', store: 'queue', key: idKey(m.id), value: updated });
  }
  return ops;
}

/**
 * Pushes until nothing unsent is left. Throws ApiError for what stops it
 * (no answer, a whole-push error); what was answered is stored.
 * @param {PushContext} ctx
 * @returns {Promise<boolean>} whether anything was pushed
 */
export async function pushAll(ctx) {
  let limit = MAX_PUSH_MUTATIONS;
  let pushed = false;
  for (;;) {
    /** @type {QueuedMutation[]} */
    const queue = await ctx.storage.list('queue');
    const batch = batchOf(queue.filter((m) => !m.processed), limit);
    if (batch.length === 0) return pushed;
    if (batch.some((m) => !m.sent)) {
      await ctx.storage.write(batch.filter((m) => !m.sent).map((m) => ({ op: 'put', store: 'queue', key: idKey(m.id), value: { ...m, sent: true } })));
    }
    const clientId = await ctx.clientId();
    /** @type {PushResponse} */
    let answer;
    try {
      answer = await ctx.session.authorized((token) =>
        ctx.http.json('POST', '/v1/sync/push', { token, json: { client_id: clientId, mutations: batch.map(wire) } }),
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'payload_too_large' && batch.length > 1) {
        limit = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      throw error;
    }
    pushed = true;
    await ctx.storage.write(answerWrites(queue, answer));
    const gap = answer.results.find((r) => r.status === 'not_processed');
    if (gap) await fillGap(ctx, gap, answer.last_mutation_id);
    limit = MAX_PUSH_MUTATIONS;
  }
}

/**
 * After `mutation_gap`: send again from the mutation the server expects,
 * or, when the device no longer holds it (the server lost mutations, §8.8),
 * renumber what is left under a new client id and resync.
 * @param {PushContext} ctx
 * @param {MutationResult} gap
 * @param {number} lastProcessed
 */
async function fillGap(ctx, gap, lastProcessed) {
  const expected = Number(/** @type {any} */ (gap.error?.details)?.expected_mutation_id ?? lastProcessed + 1);
  /** @type {QueuedMutation[]} */
  const queue = await ctx.storage.list('queue');
  const lost = queue.filter((m) => m.id >= expected);
  if (queue.some((m) => m.id === expected)) {
    // The server forgot answers it gave: those mutations go again.
    await ctx.storage.write(lost.filter((m) => m.processed && !m.rejected).map((m) => ({ op: 'put', store: 'queue', key: idKey(m.id), value: { ...m, processed: false } })));
    return;
  }
  const keep = queue.filter((m) => !m.rejected && (m.id >= expected || !m.processed));
  /** @type {WriteOp[]} */
  const ops = [{ op: 'clear', store: 'queue' }];
  keep.forEach((m, i) => {
    const id = i + 1;
    ops.push({ op: 'put', store: 'queue', key: idKey(id), value: { ...m, id, sent: false, processed: false } });
  });
  ops.push({ op: 'put', store: 'meta', key: 'next_mutation_id', value: keep.length + 1 });
  await ctx.resetClient(ops);
}

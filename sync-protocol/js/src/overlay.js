// What the user sees: the synced records with the queued mutations replayed
// on top (§7), by the app's overlays, one per mutation name.

/** @typedef {import('./storage.js').QueuedMutation} QueuedMutation */

/**
 * A view of records an overlay changes.
 * @typedef {object} View
 * @property {(type: string, id: string) => any} get
 * @property {(type: string, id: string, data: any) => void} put
 * @property {(type: string, id: string) => void} remove
 */

/**
 * How a queued mutation shows, by mutation name.
 * @typedef {Record<string, (view: View, args: any, mutation: QueuedMutation) => void>} Overlays
 */

/**
 * Replays the queue on a copy of `base`, the synced records of `type`
 * (only the record `only` when given); rejected mutations do not show.
 * @param {Overlays} overlays
 * @param {string} type
 * @param {Map<string, any>} base
 * @param {QueuedMutation[]} queue
 * @param {string} [only]
 * @returns {Map<string, any>}
 */
export function applyOverlays(overlays, type, base, queue, only) {
  const records = new Map(base);
  const mine = (/** @type {string} */ t, /** @type {string} */ id) => t === type && (only === undefined || id === only);
  /** @type {View} */
  const view = {
    get: (t, id) => (mine(t, id) ? structuredClone(records.get(id)) : undefined),
    put: (t, id, data) => {
      if (mine(t, id)) records.set(id, data);
    },
    remove: (t, id) => {
      if (mine(t, id)) records.delete(id);
    },
  };
  for (const mutation of queue) {
    const overlay = overlays[mutation.name];
    if (!overlay || mutation.rejected) continue;
    try {
      overlay(view, mutation.args, mutation);
    } catch (error) {
      console.error(`fieldsync: the overlay of ${mutation.name} failed`, error);
    }
  }
  return records;
}

// One at a time, also across the tabs of one browser: Web Locks where the
// platform has them, else a promise chain within this page.

/** @type {Map<string, Promise<unknown>>} */
const chains = new Map();

/**
 * Runs `task` once no other task holding `name` runs (in this page or,
 * with Web Locks, any page of the origin).
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} task
 * @returns {Promise<T>}
 */
export function exclusive(name, task) {
  const locks = globalThis.navigator?.locks;
  if (locks) return /** @type {Promise<T>} */ (locks.request(name, task));
  const before = chains.get(name) ?? Promise.resolve();
  const run = before.then(task, task);
  chains.set(name, run.catch(() => {}));
  return run;
}

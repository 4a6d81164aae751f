// Waiting between attempts: exponential backoff with full jitter (§13, §14).

/**
 * How long to wait before attempt `attempt` (0 for the first retry): a random
 * time up to `base · 2^attempt` milliseconds, at most `max`.
 * @param {number} attempt
 * @param {number} [base] milliseconds
 * @param {number} [max] milliseconds
 */
export function backoffDelay(attempt, base = 1000, max = 60000) {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.random() * ceiling;
}

/**
 * The delay before a retry after `error`: its `Retry-After` when it has one,
 * else the backoff of `attempt`.
 * @param {{retryAfter?: number | null}} error
 * @param {number} attempt
 */
export function retryDelay(error, attempt) {
  if (error.retryAfter != null) return error.retryAfter * 1000;
  return 500 + backoffDelay(attempt);
}

/**
 * Resolves after `ms` milliseconds, or at once when `signal` aborts.
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

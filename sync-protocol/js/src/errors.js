// Errors of the client: an answer of the server (ApiError) or no answer at all.

/** Status `0` stands for "no answer": the network or the server was unreachable. */
export const NO_ANSWER = 0;

/** A failed call: the server's error body (§14), or `code` `network` when no answer came. */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, or 0 without an answer
   * @param {string} code the machine-readable code (`network` without an answer)
   * @param {string} message for people, in the language asked for
   * @param {Record<string, unknown>} [details] structured details of the code
   * @param {number | null} [retryAfter] seconds from `Retry-After`, if given
   */
  constructor(status, code, message, details = {}, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /** Whether the same request may succeed later unchanged: no answer, `5xx` and `429` (§14). */
  get retryable() {
    return this.status === NO_ANSWER || this.status >= 500 || this.status === 429;
  }
}

/**
 * The error for a fetch that got no answer.
 * @param {unknown} cause
 */
export function networkError(cause) {
  const text = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(NO_ANSWER, 'network', `The server could not be reached (${text}).`);
}

/**
 * The error of an answer that is not 2xx: its error envelope, or only its
 * status when the body is something else (a proxy's page).
 * @param {Response} response
 */
export async function errorOf(response) {
  const retry = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retry) && retry >= 0 && response.headers.has('retry-after') ? retry : null;
  /** @type {any} */
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = body && typeof body === 'object' && body.error && typeof body.error.code === 'string' ? body.error : null;
  if (error) {
    return new ApiError(response.status, error.code, String(error.message ?? ''), error.details ?? {}, retryAfter);
  }
  const code = response.status >= 500 ? 'internal' : 'http_' + response.status;
  return new ApiError(response.status, code, `The server answered ${response.status}.`, {}, retryAfter);
}

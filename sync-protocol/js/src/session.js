// Signing in and staying signed in (§4): tokens kept in the store, one
// refresh at a time (across tabs too), the new refresh token stored before
// the new access token is used.

import { ApiError } from './errors.js';
import { exclusive } from './lock.js';

/** @typedef {import('./storage.js').Storage} Storage */
/** @typedef {import('./http.js').Http} Http */

/**
 * The tokens of a sign-in, as stored.
 * @typedef {object} Tokens
 * @property {string} access_token
 * @property {string} refresh_token
 * @property {number} expires_at when the access token expires, ms since the epoch by this device's clock
 * @property {any} user the signed-in user, as the server gave it
 */

/** Refresh when less than this is left of the access token. */
const REFRESH_MARGIN_MS = 60_000;

/** Codes after which only signing in again helps. */
const SESSION_OVER = new Set(['refresh_token_invalid', 'refresh_token_reused', 'account_disabled', 'unauthenticated']);

/** The signed-in user's tokens. */
export class Session {
  /**
   * @param {Http} http
   * @param {Storage} storage
   * @param {string} lockName distinguishes the apps of one origin
   */
  constructor(http, storage, lockName) {
    this.http = http;
    this.storage = storage;
    this.lockName = `${lockName}:refresh`;
    /** @type {Tokens | null} */
    this.tokens = null;
    /** Set once a refresh said the session is over; cleared by signing in. */
    this.over = false;
  }

  /** Loads the stored tokens. */
  async load() {
    this.tokens = (await this.storage.get('meta', 'session')) ?? null;
    this.over = Boolean(await this.storage.get('meta', 'session_over'));
  }

  /** @param {any} answer a login or refresh answer */
  #tokensOf(answer) {
    return {
      access_token: answer.access_token,
      refresh_token: answer.refresh_token,
      expires_at: Date.now() + Number(answer.expires_in) * 1000,
      user: answer.user,
    };
  }

  /**
   * Signs in (§6 login), storing the tokens with `extra` writes in one transaction.
   * @param {string} username
   * @param {string} password
   * @param {string} deviceId
   * @param {(user: any) => Promise<import('./storage.js').WriteOp[]>} extra what else to store, knowing the user
   */
  async signIn(username, password, deviceId, extra) {
    const answer = await this.http.json('POST', '/v1/auth/login', {
      json: { username, password, device_id: deviceId },
    });
    const tokens = this.#tokensOf(answer);
    await this.storage.write([
      ...(await extra(answer.user)),
      { op: 'put', store: 'meta', key: 'session', value: tokens },
      { op: 'delete', store: 'meta', key: 'session_over' },
    ]);
    this.tokens = tokens;
    this.over = false;
    return answer.user;
  }

  /** Forgets the tokens (after signing out). */
  async forget() {
    await this.storage.write([{ op: 'delete', store: 'meta', key: 'session' }]);
    this.tokens = null;
  }

  /**
   * An access token to use now: refreshed first when it expires within a
   * minute. Throws ApiError when there is none or the session is over.
   */
  async accessToken() {
    if (!this.tokens || this.over) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
    if (this.tokens.expires_at - Date.now() < REFRESH_MARGIN_MS) await this.refresh(this.tokens.access_token);
    return /** @type {Tokens} */ (this.tokens).access_token;
  }

  /**
   * Refreshes the tokens, unless someone (this page or another tab) already
   * replaced `stale`, the access token that was found wanting.
   * @param {string} stale
   */
  async refresh(stale) {
    await exclusive(this.lockName, async () => {
      const stored = /** @type {Tokens | undefined} */ (await this.storage.get('meta', 'session'));
      if (stored && stored.access_token !== stale) {
        this.tokens = stored;
        return;
      }
      if (!stored) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
      try {
        const answer = await this.http.json('POST', '/v1/auth/refresh', {
          json: { refresh_token: stored.refresh_token },
        });
        const tokens = this.#tokensOf(answer);
        // Stored before it is used: a lost write would leave a dead token (§4).
        await this.storage.write([{ op: 'put', store: 'meta', key: 'session', value: tokens }]);
        this.tokens = tokens;
      } catch (error) {
        if (error instanceof ApiError && SESSION_OVER.has(error.code)) {
          this.over = true;
          await this.storage.write([{ op: 'put', store: 'meta', key: 'session_over', value: error.code }]);
        }
        throw error;
      }
    });
  }

  /**
   * Runs `call` with an access token; after `401 token_expired` or
   * `token_invalid`, refreshes once and runs it once more (§4, §14).
   * @template T
   * @param {(token: string) => Promise<T>} call
   * @returns {Promise<T>}
   */
  async authorized(call) {
    const token = await this.accessToken();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof ApiError) || (error.code !== 'token_expired' && error.code !== 'token_invalid')) throw error;
      await this.refresh(token);
      return call(await this.accessToken());
    }
  }
}

// Calls to the server: headers of §5, JSON bodies, errors as ApiError.

import { errorOf, networkError } from './errors.js';

/** The protocol version this library speaks (`Fieldsync-Protocol`). */
export const PROTOCOL_VERSION = 1;

/**
 * @typedef {object} CallOptions
 * @property {string | null} [token] the access token, sent as a bearer token
 * @property {unknown} [json] a body to send as JSON
 * @property {BodyInit} [body] a raw body (photo chunks)
 * @property {Record<string, string>} [headers] more headers
 * @property {AbortSignal} [signal]
 */

/** The server at one base URL. */
export class Http {
  /**
   * @param {string} baseUrl the server's root, e.g. `https://fieldsync.example.gov.cn`
   * @param {{fetch?: typeof fetch, language?: string}} [options]
   */
  constructor(baseUrl, options = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.language = options.language ?? 'en';
  }

  /**
   * Sends a request; answers the response when its status is 2xx or 304,
   * throws an ApiError otherwise (code `network` without an answer).
   * @param {string} method
   * @param {string} path from the root, e.g. `/v1/sync/push`
   * @param {CallOptions} [options]
   * @returns {Promise<Response>}
   */
  async send(method, path, options = {}) {
    /** @type {Record<string, string>} */
    const headers = {
      'Fieldsync-Protocol': String(PROTOCOL_VERSION),
      'Accept-Language': this.language,
      ...options.headers,
    };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    /** @type {BodyInit | undefined} */
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response;
    try {
      response = await this.fetch(this.baseUrl + path, { method, headers, body, signal: options.signal });
    } catch (cause) {
      throw networkError(cause);
    }
    if (response.ok || response.status === 304) return response;
    throw await errorOf(response);
  }

  /**
   * Sends a request and answers its JSON body (or null for an empty one).
   * @param {string} method
   * @param {string} path
   * @param {CallOptions} [options]
   * @returns {Promise<any>}
   */
  async json(method, path, options = {}) {
    const response = await this.send(method, path, options);
    const text = await response.text().catch((cause) => {
      throw networkError(cause);
    });
    return text ? JSON.parse(text) : null;
  }
}

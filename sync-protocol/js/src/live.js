// The live connection (§13): `GET /v1/sync/events` read as a stream (so it
// can carry the bearer token, which EventSource cannot), a poke runs a
// sync, the `end` event says what to do next, backoff between failures.

import { ApiError } from './errors.js';
import { backoffDelay, sleep } from './backoff.js';

/** Without an event or ping for this long the connection is dead (§13). */
const SILENCE_MS = 45_000;
/** A stream open this long resets the backoff. */
const HEALTHY_MS = 60_000;

/**
 * One server-sent event.
 * @typedef {{event: string, id: string | null, data: string}} SseEvent
 */

/**
 * Splits a text/event-stream into events; call `push` with each piece of
 * text as it arrives.
 * @param {(event: SseEvent) => void} onEvent
 */
export function sseParser(onEvent) {
  let buffer = '';
  /** @type {SseEvent} */
  let current = { event: 'message', id: null, data: '' };
  let hasData = false;
  return {
    /** @param {string} text */
    push(text) {
      buffer += text;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (hasData || current.event !== 'message') onEvent(current);
          current = { event: 'message', id: null, data: '' };
          hasData = false;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') current.event = value;
        else if (field === 'id') current.id = value;
        else if (field === 'data') {
          current.data = hasData ? `${current.data}\n${value}` : value;
          hasData = true;
        }
      }
    },
  };
}

/**
 * What the live connection needs of the client.
 * @typedef {object} LiveContext
 * @property {import('./http.js').Http} http
 * @property {import('./session.js').Session} session
 * @property {() => void} poke a reason to sync
 * @property {(live: 'off' | 'connecting' | 'open') => void} status
 * @property {(error: ApiError) => void} failed a reason the connection stops for good
 */

export class LiveEvents {
  /** @param {LiveContext} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    /** @type {AbortController | null} */
    this.running = null;
    /** @type {string | null} */
    this.lastEventId = null;
  }

  /** Opens the connection, and keeps it open until `stop`. */
  start() {
    if (this.running) return;
    const running = new AbortController();
    this.running = running;
    this.#loop(running.signal).finally(() => {
      if (this.running === running) this.running = null;
      this.ctx.status('off');
    });
  }

  /** Closes it. */
  stop() {
    this.running?.abort();
    this.running = null;
  }

  /** @param {AbortSignal} stopped */
  async #loop(stopped) {
    let failures = 0;
    while (!stopped.aborted) {
      const opened = Date.now();
      /** @type {number | null} */
      let wait = null;
      try {
        this.ctx.status('connecting');
        const reason = await this.#stream(stopped);
        if (reason === 'token_expired' || reason === 'session_ended') {
          // Never reconnect with that token (§13): a fresh one first.
          await this.ctx.session.refresh(await this.ctx.session.accessToken());
          failures = 0;
          continue;
        }
      } catch (error) {
        if (stopped.aborted) return;
        if (error instanceof ApiError) {
          if (error.code === 'token_expired' || error.code === 'token_invalid') {
            try {
              await this.ctx.session.refresh(await this.ctx.session.accessToken());
              continue;
            } catch (refreshError) {
              if (refreshError instanceof ApiError && !refreshError.retryable) return this.ctx.failed(refreshError);
            }
          } else if (!error.retryable) {
            // 426, a session that is over, a disabled account: stop (§13).
            return this.ctx.failed(error);
          }
          if (error.retryAfter != null) wait = error.retryAfter * 1000;
        }
      }
      if (Date.now() - opened >= HEALTHY_MS) failures = 0;
      this.ctx.status('connecting');
      await sleep(wait ?? backoffDelay(failures), stopped);
      failures += 1;
    }
  }

  /**
   * One stream, until it ends; answers the `end` event's reason, or null.
   * @param {AbortSignal} stopped
   */
  async #stream(stopped) {
    const token = await this.ctx.session.accessToken();
    const cut = new AbortController();
    const onStop = () => cut.abort();
    stopped.addEventListener('abort', onStop, { once: true });
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let silence;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => cut.abort(), SILENCE_MS);
    };
    /** @type {string | null} */
    let reason = null;
    try {
      /** @type {Record<string, string>} */
      const headers = { Accept: 'text/event-stream' };
      if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
      heard();
      const response = await this.ctx.http.send('GET', '/v1/sync/events', { token, headers, signal: cut.signal });
      this.ctx.status('open');
      const hadId = this.lastEventId != null;
      const parser = sseParser((event) => {
        if (event.event === 'ready' || event.event === 'poke') {
          if (event.id) this.lastEventId = event.id;
          if (event.event === 'poke' || !hadId) this.ctx.poke();
        } else if (event.event === 'end') {
          try {
            reason = String(JSON.parse(event.data).reason);
          } catch {
            reason = 'shutdown';
          }
        }
      });
      if (!response.body) return null;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        heard();
        parser.push(value);
      }
      return reason;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      return reason;
    } finally {
      clearTimeout(silence);
      stopped.removeEventListener('abort', onStop);
      cut.abort();
    }
  }
}

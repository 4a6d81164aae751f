// Document numbers for issuing offline (README, "Numbers for issuing
// offline"): reserved while online, kept in the store, and taken one at a
// time by notices issued without a network, so the number can be printed
// on the spot. The server keeps the register; this is the device's copy of
// what it holds.

import { exclusive } from './lock.js';

/**
 * A reserved number as kept.
 * @typedef {object} HeldNumber
 * @property {string} number as printed, e.g. `清建整改〔2026〕第012号`
 * @property {string} kind the kind of notice it is for
 * @property {number} year
 * @property {number} seq
 */

/** The meta key of the numbers held. */
const KEY = 'reserved_numbers';

/** @param {any} n @returns {HeldNumber} */
const held = (n) => ({ number: n.number, kind: n.kind, year: n.year, seq: n.seq });

export class ReservedNumbers {
  /**
   * @param {{http: import('./http.js').Http, session: import('./session.js').Session,
   *   storage: import('./storage.js').Storage, clientId: () => Promise<string>, name: string}} ctx
   */
  constructor(ctx) {
    this.ctx = ctx;
  }

  /** Every number held, in series order. @returns {Promise<HeldNumber[]>} */
  async list() {
    /** @type {HeldNumber[]} */
    const all = (await this.ctx.storage.get('meta', KEY)) ?? [];
    return [...all].sort((a, b) => a.kind.localeCompare(b.kind) || a.year - b.year || a.seq - b.seq);
  }

  /** @param {HeldNumber[]} numbers */
  async #keep(numbers) {
    await this.ctx.storage.write([{ op: 'put', store: 'meta', key: KEY, value: numbers }]);
  }

  /** @template T @param {() => Promise<T>} run @returns {Promise<T>} */
  #locked(run) {
    return exclusive(`${this.ctx.name}:numbers`, run);
  }

  /**
   * Reserves `count` more numbers of `kind` (online); answers those now held of it.
   * @param {string} kind
   * @param {number} count
   */
  async reserve(kind, count) {
    const clientId = await this.ctx.clientId();
    const json = { kind, count, client_id: clientId };
    const answer = await this.ctx.session.authorized((token) =>
      this.ctx.http.json('POST', '/v1/numbers/reservations', { token, json }),
    );
    return this.#locked(async () => {
      const mine = await this.list();
      const known = new Set(mine.map((n) => n.number));
      await this.#keep([...mine, ...answer.numbers.map(held).filter((/** @type {HeldNumber} */ n) => !known.has(n.number))]);
      return (await this.list()).filter((n) => n.kind === kind);
    });
  }

  /**
   * Takes the next number of `kind` for a notice being issued (offline
   * too) and hands it (or null, when none is held) to `use`, which queues
   * the issue: both under the numbers' lock, so a refresh never sees the
   * number neither held nor queued. If `use` fails, the number stays held.
   * @template T
   * @param {string} kind
   * @param {(number: string | null) => Promise<T>} use
   * @returns {Promise<T>}
   */
  take(kind, use) {
    return this.#locked(async () => {
      const mine = await this.list();
      const next = mine.find((n) => n.kind === kind);
      const done = await use(next?.number ?? null);
      if (next) await this.#keep(mine.filter((n) => n !== next));
      return done;
    });
  }

  /**
   * Makes the copy agree with the server (online): what it says the user
   * holds, except numbers already taken by issues not yet processed.
   * @param {() => Promise<Set<string>>} inUse numbers named by queued `notice.issue` mutations
   */
  async refresh(inUse) {
    const answer = await this.ctx.session.authorized((token) => this.ctx.http.json('GET', '/v1/numbers/reserved', { token }));
    return this.#locked(async () => {
      const used = await inUse();
      await this.#keep(answer.numbers.map(held).filter((/** @type {HeldNumber} */ n) => !used.has(n.number)));
      return this.list();
    });
  }

  /**
   * Gives back numbers held and not used (online); the server's next
   * notices of their series take them.
   * @param {string[]} numbers
   */
  async giveBack(numbers) {
    await this.ctx.session.authorized((token) =>
      this.ctx.http.json('POST', '/v1/numbers/give-back', { token, json: { numbers } }),
    );
    await this.#locked(async () => {
      const gone = new Set(numbers);
      await this.#keep((await this.list()).filter((n) => !gone.has(n.number)));
    });
  }
}

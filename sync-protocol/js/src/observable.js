// The client's state for a UI: one snapshot object, replaced on every change.

/**
 * @template {object} T
 */
export class Observable {
  /** @param {T} initial */
  constructor(initial) {
    /** @type {T} */
    this.state = Object.freeze({ ...initial });
    /** @type {Set<(state: T) => void>} */
    this.listeners = new Set();
  }

  /**
   * Changes some fields and tells every listener.
   * @param {Partial<T>} patch
   */
  set(patch) {
    this.state = Object.freeze({ ...this.state, ...patch });
    this.notify();
  }

  /** Tells every listener, also when only records changed. */
  notify() {
    for (const listener of [...this.listeners]) {
      try {
        listener(this.state);
      } catch (error) {
        console.error('fieldsync: a state listener failed', error);
      }
    }
  }

  /**
   * Calls `listener` on every change; answers a function that stops it.
   * @param {(state: T) => void} listener
   */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

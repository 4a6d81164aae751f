// What the inspector has tapped or typed that is not yet a change in the
// sync queue, kept on the phone so that closing the app loses nothing: a
// failed answer waiting for its photo, a notice form half written. Kept in
// localStorage (small, synchronous, survives reloads) under the signed-in
// user; a draft leaves once it has become a queued change. Another user
// signing in on the phone takes the previous user's drafts away with their
// records.

const PREFIX = 'fieldsync.draft.';

/** The user the drafts are kept for (set at start and at each sign-in). */
let owner = '';

/** Keeps the drafts for the user `userId` and drops every other user's. */
export function draftsFor(userId) {
  owner = userId ?? '';
  if (!owner) return;
  const mine = `${PREFIX}${owner}.`;
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(PREFIX) && !key.startsWith(mine)) localStorage.removeItem(key);
  }
}

/**
 * The draft of `what` (e.g. `answers`, `notice-form`) for the record `id`.
 * A draft that cannot be read is left where it is and reported, never
 * taken for an empty one.
 */
export function draft(what, id) {
  const key = () => `${PREFIX}${owner}.${what}.${id}`;
  return {
    /** @returns {any} the kept value, or undefined */
    get() {
      const text = localStorage.getItem(key());
      if (text == null) return undefined;
      try {
        return JSON.parse(text);
      } catch (error) {
        console.error(`fieldsync: the draft ${key()} cannot be read`, error);
        return undefined;
      }
    },
    /** Keeps `value`; an empty object or undefined removes the draft. */
    set(value) {
      const empty = value == null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
      if (empty) localStorage.removeItem(key());
      else localStorage.setItem(key(), JSON.stringify(value));
    },
    clear() {
      localStorage.removeItem(key());
    },
  };
}

// Who we follow, for which kind of data, and on whose behalf. Each
// (kind, participant) pair is followed at most once however many times it
// is asked for; `owners` remembers who asked ('manual' for the app,
// 'algorithm' for the derived groups) so the algorithm can let go of its
// own subscriptions without dropping the ones the app made.
import { schemas } from '../schema.js';
import { canonicalJson } from '../store/document-fields.js';
import { createReadable } from '../store/readable.js';
import { createReactiveMap } from './reactive-map.js';
import { followDocument } from './follow-document.js';
import { isUsableKey } from '../peer/soul-names.js';

/** The four kinds of allocation data, by the names the stats use. */
export const KINDS = Object.freeze({
  commitments: { path: 'allocation/commitment', schema: schemas.Commitment },
  allocationStates: { path: 'allocation/allocationState', schema: schemas.TwoTierAllocationState },
  recognitionWeights: { path: 'allocation/recognitionWeights', schema: schemas.RecognitionWeights },
  roundStates: { path: 'allocation/roundState', schema: schemas.RoundState },
});
export const KIND_NAMES = Object.freeze(Object.keys(KINDS));

const MAX_ERRORS = 50;

export function requirePub(pub, caller) {
  if (!isUsableKey(pub)) {
    throw new TypeError(`${caller}: pub must be a participant's public key (a non-empty string), got ${pub === null ? 'null' : typeof pub}`);
  }
  return pub;
}

export function createParticipantSubscriptions({ peer }) {
  const maps = {};
  const writers = {};
  const followed = {}; // kind → Map(pub → {off, owners, current})
  for (const kind of KIND_NAMES) {
    const { map, ...writer } = createReactiveMap();
    maps[kind] = map;
    writers[kind] = writer;
    followed[kind] = new Map();
  }
  const errors = createReadable([]);
  let rejected = 0;

  function reject(kind, pub, error) {
    rejected++;
    const entry = { kind: 'validation', dataKind: kind, pub, path: KINDS[kind].path, message: error?.message ?? String(error), at: Date.now() };
    errors.set([...errors.get(), entry].slice(-MAX_ERRORS));
  }

  function start(kind, pub) {
    const entry = { owners: new Set(), text: null, live: true, off: null };
    // A callback may still arrive after `off`; `live` keeps it out of the map.
    entry.off = followDocument({
      peer,
      pub,
      path: KINDS[kind].path,
      schema: KINDS[kind].schema,
      onValue(data) {
        if (!entry.live) return;
        const text = canonicalJson(data);
        if (text === entry.text) return; // the same document again: no change to announce
        entry.text = text;
        writers[kind].set(pub, data);
      },
      onGone() {
        if (!entry.live) return;
        entry.text = null;
        writers[kind].delete(pub);
      },
      onInvalid(error) {
        if (entry.live) reject(kind, pub, error);
      },
    });
    return entry;
  }

  function stop(kind, pub) {
    const entry = followed[kind].get(pub);
    if (!entry) return;
    entry.live = false;
    entry.off();
    followed[kind].delete(pub);
    writers[kind].delete(pub);
  }

  return {
    maps,
    errors: { subscribe: errors.subscribe },
    rejectedCount: () => rejected,

    /** Follows `pub`'s data of `kind` for `owner`; true when this started a new subscription. */
    subscribe(kind, pub, owner) {
      let entry = followed[kind].get(pub);
      const isNew = !entry;
      if (isNew) {
        entry = start(kind, pub);
        followed[kind].set(pub, entry);
      }
      entry.owners.add(owner);
      return isNew;
    },

    /** Drops `owner`'s interest; the subscription ends when nobody is left. */
    release(kind, pub, owner) {
      const entry = followed[kind].get(pub);
      if (!entry) return;
      entry.owners.delete(owner);
      if (entry.owners.size === 0) stop(kind, pub);
    },

    isFollowing: (kind, pub) => followed[kind].has(pub),

    /** Ends every subscription to `pub`, whoever asked, and removes its data. */
    unsubscribeParticipant(pub) {
      for (const kind of KIND_NAMES) stop(kind, pub);
    },

    stats() {
      const counts = Object.fromEntries(KIND_NAMES.map((kind) => [kind, followed[kind].size]));
      return {
        totalSubscriptions: KIND_NAMES.reduce((sum, kind) => sum + counts[kind], 0),
        ...counts,
        uniqueParticipants: this.participants().length,
      };
    },

    participants() {
      const pubs = new Set();
      for (const kind of KIND_NAMES) for (const pub of followed[kind].keys()) pubs.add(pub);
      return [...pubs];
    },

    /** Ends everything, empties the maps and forgets the error report. */
    clear() {
      for (const kind of KIND_NAMES) {
        for (const pub of [...followed[kind].keys()]) stop(kind, pub);
        writers[kind].clear();
      }
      errors.set([]);
      rejected = 0;
    },
  };
}

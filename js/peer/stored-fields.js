// How a graph is kept by a storage adapter: one entry per field, so a write
// stores only what changed (a node with 100,000 fields is never rewritten
// whole). Key: JSON [soul, field]. Value: JSON [value, state, signature?].
// Souls and fields are names from outside: they are read as own properties
// only, and the graph rebuilt from storage is made of null-prototype objects.
import { ownValue } from '../own-keys.js';
import { META_KEY } from './soul-names.js';
export function entriesOfPartialGraph(partial) {
  const entries = [];
  for (const [soul, node] of Object.entries(partial)) {
    const meta = node[META_KEY];
    for (const field of Object.keys(node)) {
      if (field === META_KEY) continue;
      const signature = ownValue(meta.s, field);
      const stored = signature ? [node[field], meta['>'][field], signature] : [node[field], meta['>'][field]];
      entries.push([JSON.stringify([soul, field]), JSON.stringify(stored)]);
    }
  }
  return entries;
}

// A local write that no relay has acknowledged yet is marked with an entry
// of its own, written in the same batch as the field, so the outbox
// survives a restart. Key: JSON [soul, field, "pending"]. Value: its state.
export function pendingEntries(partial) {
  const entries = [];
  for (const [soul, node] of Object.entries(partial)) {
    for (const [field, state] of Object.entries(node._['>'])) entries.push([pendingKey(soul, field), JSON.stringify(state)]);
  }
  return entries;
}

export function pendingKey(soul, field) {
  return JSON.stringify([soul, field, 'pending']);
}

function nodeOf(soul) {
  const meta = Object.create(null);
  meta['#'] = soul;
  meta['>'] = Object.create(null);
  const node = Object.create(null);
  node._ = meta;
  return node;
}

// The stored entries as one partial graph. Entries that do not parse are
// reported to `onBadEntry` and left out (the core checks the rest); pending
// marks go to `onPending(soul, field, state)`.
export function partialGraphOfEntries(entries, onBadEntry, onPending = () => {}) {
  const partial = Object.create(null);
  for (const [key, text] of entries) {
    try {
      const parsedKey = JSON.parse(key);
      if (parsedKey.length === 3 && parsedKey[2] === 'pending') {
        const state = JSON.parse(text);
        if (typeof parsedKey[0] !== 'string' || typeof parsedKey[1] !== 'string' || !Number.isFinite(state)) throw new TypeError('bad pending mark');
        onPending(parsedKey[0], parsedKey[1], state);
        continue;
      }
      const [soul, field] = parsedKey;
      const [value, state, signature] = JSON.parse(text);
      if (typeof soul !== 'string' || typeof field !== 'string' || field === META_KEY) throw new TypeError('bad key');
      const node = (partial[soul] ??= nodeOf(soul));
      node[field] = value;
      node._['>'][field] = state;
      if (signature) (node._.s ??= Object.create(null))[field] = signature;
    } catch (error) {
      onBadEntry(key, error);
    }
  }
  return partial;
}

// A relay's writes from the future, acknowledged but not landed yet, are
// kept apart from the fields until they leave the queue, one entry per
// write. Key: JSON [soul, field, "deferred", state]. Value: JSON [value, state, signature?].
function deferredKey(soul, field, state) {
  return JSON.stringify([soul, field, 'deferred', state]);
}

/** Entries storing `deferred` ([[soul, field, value, state, signature]]) and dropping `undeferred` ([[soul, field, state]]). */
export function deferredEntries(deferred, undeferred) {
  const entries = deferred.map(([soul, field, value, state, signature]) => [
    deferredKey(soul, field, state),
    JSON.stringify(signature ? [value, state, signature] : [value, state]),
  ]);
  for (const [soul, field, state] of undeferred) entries.push([deferredKey(soul, field, state), null]);
  return entries;
}

/**
 * Stored entries split into the fields (a Map for partialGraphOfEntries) and
 * the writes from the future as one list of partial graphs (one per write:
 * two writes may wait for the same field).
 */
export function splitDeferredEntries(entries) {
  const fields = new Map();
  const deferred = [];
  for (const [key, text] of entries) {
    let parsed = null;
    try {
      parsed = JSON.parse(key);
    } catch {
      // not ours to judge here: partialGraphOfEntries reports it
    }
    if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[2] !== 'deferred') {
      fields.set(key, text);
      continue;
    }
    try {
      const [soul, field] = parsed;
      const [value, state, signature] = JSON.parse(text);
      const meta = { '#': soul, '>': { [field]: state } };
      if (signature) meta.s = { [field]: signature };
      deferred.push({ [soul]: { _: meta, [field]: value } });
    } catch {
      // a damaged entry: the core would refuse it anyway
    }
  }
  return { fields, deferred };
}

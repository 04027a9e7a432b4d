// Browser storage in localStorage: small and synchronous, and best-effort.
// A write is visible to every tab when setItem returns, but browsers commit
// localStorage to disk lazily (Chromium a few seconds later): a crash right
// after a write resolved can lose it. IndexedDB is the durable choice. When
// the quota runs out mid-batch, the entries already written are put back as
// they were and the write rejects.
import { validateBatch } from './batch.js';

export function openLocalStorageStorage(name = 'default') {
  if (typeof localStorage === 'undefined') throw new Error('localStorage is not available here');
  const prefix = `mutual-store:${name}:`;
  return {
    kind: 'localstorage',
    async load() {
      const entries = new Map();
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (key.startsWith(prefix)) entries.set(key.slice(prefix.length), localStorage.getItem(key));
      }
      return entries;
    },
    async write(batch) {
      validateBatch(batch);
      const undo = [];
      try {
        for (const [key, value] of batch) {
          undo.push([key, localStorage.getItem(prefix + key)]);
          if (value === null) localStorage.removeItem(prefix + key);
          else localStorage.setItem(prefix + key, value);
        }
      } catch (error) {
        for (const [key, previous] of undo.reverse()) {
          if (previous === null) localStorage.removeItem(prefix + key);
          else localStorage.setItem(prefix + key, previous);
        }
        throw error;
      }
    },
    async close() {},
  };
}

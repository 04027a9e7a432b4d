// Browser storage in IndexedDB (the default in browsers). A write resolves
// when its transaction has committed with strict durability; a quota or
// other error rejects it and, the transaction being atomic, changes nothing.
import { validateBatch } from './batch.js';

const STORE = 'entries';

function requestResult(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openDatabase(name) {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE);
  return requestResult(request);
}

export async function openIndexedDbStorage(name = 'default') {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here; use storage: "memory" or "fs:<dir>"');
  const db = await openDatabase(`mutual-store:${name}`);
  return {
    kind: 'indexeddb',
    async load() {
      const transaction = db.transaction(STORE, 'readonly');
      const store = transaction.objectStore(STORE);
      const [keys, values] = await Promise.all([requestResult(store.getAllKeys()), requestResult(store.getAll())]);
      return new Map(keys.map((key, i) => [key, values[i]]));
    },
    write(batch) {
      try {
        validateBatch(batch);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        const transaction = db.transaction(STORE, 'readwrite', { durability: 'strict' });
        const store = transaction.objectStore(STORE);
        for (const [key, value] of batch) {
          if (value === null) store.delete(key);
          else store.put(value, key);
        }
        transaction.oncomplete = () => resolve();
        transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB write aborted'));
        transaction.onerror = (event) => event.preventDefault(); // reported once, by onabort
      });
    },
    async close() {
      db.close();
    },
  };
}

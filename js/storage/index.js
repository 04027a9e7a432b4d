// Choosing a storage adapter: 'memory', 'fs:<dir>' (Node), 'indexeddb' or
// 'localstorage' (browsers), or your own object with load/write/close.
import { openMemoryStorage } from './memory-storage.js';
import { openIndexedDbStorage } from './indexeddb-storage.js';
import { openLocalStorageStorage } from './localstorage-storage.js';
import { nodeOnly } from '../node-only.js';

function isAdapter(value) {
  return value !== null && typeof value === 'object' &&
    ['load', 'write', 'close'].every((method) => typeof value[method] === 'function');
}

/**
 * The default: IndexedDB in browsers (the browser storage that is durable
 * when a write resolves; localStorage is only ever used when asked for),
 * memory elsewhere.
 */
export function defaultStorageSpec() {
  return typeof indexedDB !== 'undefined' ? 'indexeddb' : 'memory';
}

// `options` go to the file storage ({strict, onDamage}: file-storage.js).
export async function openStorage(spec = defaultStorageSpec(), name = 'default', options = {}) {
  if (isAdapter(spec)) return spec;
  if (spec === 'memory') return openMemoryStorage();
  if (spec === 'indexeddb') return openIndexedDbStorage(name);
  if (spec === 'localstorage') return openLocalStorageStorage(name);
  if (typeof spec === 'string' && spec.startsWith('fs:')) {
    // The file storage is Node's (node-platform.js), out of browser bundles.
    if (!nodeOnly.openFileStorage) throw new TypeError("storage 'fs:<dir>' needs Node and the package's Node entry (import 'mutual-store' in Node)");
    return nodeOnly.openFileStorage(spec.slice(3), options);
  }
  throw new TypeError(
    `storage must be 'memory', 'indexeddb', 'localstorage', 'fs:<dir>' or an object with load/write/close (got ${JSON.stringify(spec)})`,
  );
}

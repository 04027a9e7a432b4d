// A Map that is also a Svelte store. Users get the read-only face (`map`):
// get/has/size, iteration and subscribe, where subscribe calls back at once
// with the map and again after every change. Only the owner, who holds the
// returned `set`/`delete`/`clear`, can change it: network data enters
// through the subscriptions, never through the app.
import { createReadable } from '../store/readable.js';

export function createReactiveMap() {
  const entries = new Map();
  const map = Object.freeze({
    get: (key) => entries.get(key),
    has: (key) => entries.has(key),
    get size() {
      return entries.size;
    },
    keys: () => entries.keys(),
    values: () => entries.values(),
    entries: () => entries.entries(),
    forEach(callback, thisArg) {
      entries.forEach((value, key) => callback.call(thisArg, value, key, map));
    },
    [Symbol.iterator]: () => entries[Symbol.iterator](),
    /** A plain object key → value, a snapshot (changing it changes nothing here). */
    toRecord: () => Object.fromEntries(entries),
    subscribe: (run, invalidate) => changes.subscribe(run, invalidate),
  });
  // Svelte compares objects as always-changed, so handing out the same map
  // object on every change still reaches `$map`, derived() and get().
  const changes = createReadable(map);
  const announce = () => changes.set(map);

  return {
    map,
    set(key, value) {
      entries.set(key, value);
      announce();
    },
    delete(key) {
      if (entries.delete(key)) announce();
    },
    clear() {
      if (entries.size === 0) return;
      entries.clear();
      announce();
    },
  };
}

// A store object that outlives cleanup. A holster store is finished once
// cleaned up, but `myCommitmentStore` is exported once and must work again
// when the next user signs in on the same page. This face keeps its
// subscribers and hands every call to the current holster store, made on
// first use and replaced after cleanup.
//
// It also holds one subscription on the holster store from first use until
// cleanup: a holster store stops following the network when its last
// subscriber leaves, and a passing `get(store)` would otherwise switch off
// what initialize() switched on.
import { createHolsterStore } from '../store/holster-store.js';
import { createReadable } from '../store/readable.js';

export function createRenewableStore(options) {
  let inner = null;
  let detach = null;
  const value = createReadable(null, () => {
    attach(); // like a holster store: the first subscriber initializes it
  });
  const errors = createReadable([]);

  function attach() {
    inner ??= createHolsterStore(options);
    if (detach) return inner;
    // Every later call is a change (an object changed in place included);
    // the first, made at once, may only repeat what this face holds.
    let subscribing = true;
    const offValue = inner.subscribe((next) => value.set(next, subscribing && next === value.get()));
    subscribing = false;
    const offErrors = inner.errors.subscribe((list) => errors.set(list, list === errors.get()));
    detach = () => {
      offValue();
      offErrors();
    };
    return inner;
  }

  return {
    subscribe: value.subscribe,
    set: (data) => attach().set(data),
    update: (fn) => attach().update(fn),
    initialize: () => attach().initialize(),
    subscribeToUser: (pub, callback) => attach().subscribeToUser(pub, callback),
    persist: () => inner?.persist() ?? Promise.resolve(),
    isPersisting: () => inner?.isPersisting() ?? false,
    waitForPersistence: () => inner?.waitForPersistence() ?? Promise.resolve(),
    /**
     * Cleans up (the store writes what is still waiting for its debounce
     * first, and the cache goes). The next use starts a fresh store.
     */
    async cleanup() {
      const finished = inner;
      if (!finished) return;
      detach?.();
      detach = null;
      inner = null;
      await finished.cleanup();
      value.set(null);
      errors.set([]);
    },
    errors: { subscribe: errors.subscribe },
  };
}

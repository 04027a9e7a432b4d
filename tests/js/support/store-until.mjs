// Waiting on a Svelte-contract store: resolves to the first value `accept`
// takes (the current one included), then unsubscribes. `seen` collects every
// value the store gave meanwhile.
export function storeUntil(store, accept, seen = []) {
  return new Promise((resolve) => {
    let off = null;
    off = store.subscribe((value) => {
      seen.push(value);
      if (!accept(value)) return;
      queueMicrotask(() => off());
      resolve(value);
    });
  });
}

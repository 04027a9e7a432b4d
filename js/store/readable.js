// A Svelte-compatible store: subscribe(run, invalidate) calls run at once
// with the current value and after every change; `start` runs when the
// first subscriber arrives and its return value when the last one leaves.
//
// It keeps svelte's writable contract. An object is always a change (the app
// may have changed it in place, as `update(d => { d.n++; return d; })`
// does); other values change when they differ (!==). Notifications wait in
// one queue shared by all stores: a set made inside a subscriber reaches
// every subscriber after the value being delivered, in order, and a derived
// store over two stores that change together sees no in-between value.
// svelte's own derived stores take part in that only when the queue is
// svelte's: where `svelte/store` can be imported (Node, Svelte apps built by
// a bundler) our stores notify through svelte's writable; elsewhere (a page
// served as-is) they share a queue of the same kind among themselves.
let notifier = ownQueuedWritable;
try {
  notifier = (await import('svelte/store')).writable;
} catch {
  // svelte is not installed here, or bare specifiers do not resolve
}

const pending = []; // [subscriber, value] pairs of every store, in order

function ownQueuedWritable(initial, start) {
  let value = initial;
  let stop = null;
  const subscribers = new Set();
  return {
    subscribe(run, invalidate = () => {}) {
      const subscriber = [run, invalidate];
      subscribers.add(subscriber);
      if (subscribers.size === 1) stop = start() ?? null;
      run(value);
      return () => {
        if (!subscribers.delete(subscriber) || subscribers.size > 0) return;
        stop?.();
        stop = null;
      };
    },
    set(next) {
      value = next;
      const flushHere = pending.length === 0;
      for (const subscriber of subscribers) {
        subscriber[1]();
        pending.push(subscriber, next);
      }
      if (!flushHere) return; // the flush already running delivers it
      for (let i = 0; i < pending.length; i += 2) pending[i][0](pending[i + 1]);
      pending.length = 0;
    },
  };
}

export function createReadable(initial, start = () => {}) {
  // Each value travels in a box of its own, so the notifier always treats a
  // set as a change; whether it is one is decided here.
  let box = { value: initial };
  const inner = notifier(box, () => start() ?? undefined);
  return {
    subscribe(run, invalidate) {
      if (typeof run !== 'function') throw new TypeError('subscribe: expects a function');
      return inner.subscribe((delivered) => run(delivered.value), invalidate);
    },
    get: () => box.value,
    // `unchanged`: the caller decided `next` equals the current value; it is
    // held (get() and new subscribers see it) without calling anyone.
    set(next, unchanged = false) {
      const same = next === box.value && (next === null || typeof next !== 'object') && typeof next !== 'function';
      if (unchanged || same) {
        box.value = next;
        return;
      }
      box = { value: next };
      inner.set(box);
    },
  };
}

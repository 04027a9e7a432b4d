// A minimal Svelte-compatible store: subscribe(run) calls run at once with
// the current value and after every change; `start` runs when the first
// subscriber arrives and its return value when the last one leaves.
export function createReadable(initial, start = () => {}) {
  let value = initial;
  let stop = null;
  const subscribers = new Set();
  return {
    subscribe(run, invalidate) {
      if (typeof run !== 'function') throw new TypeError('subscribe: expects a function');
      const subscriber = { run, invalidate };
      subscribers.add(subscriber);
      if (subscribers.size === 1) stop = start() ?? null;
      run(value);
      return () => {
        if (!subscribers.delete(subscriber)) return;
        if (subscribers.size === 0 && stop) {
          stop();
          stop = null;
        }
      };
    },
    get: () => value,
    // `quiet`: hold the new value without calling subscribers (it equals the old one).
    set(next, quiet = false) {
      value = next;
      if (quiet) return;
      for (const { invalidate } of subscribers) invalidate?.();
      for (const { run } of [...subscribers]) run(value);
    },
  };
}

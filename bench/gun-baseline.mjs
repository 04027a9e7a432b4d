// The `gun` npm package in memory (no peers, no disk), as the B5/B9 baseline.
// Without peers gun never acknowledges a put: its writes land in its
// in-memory graph synchronously, and reads (once) see them at once.

// Gun greets on the console when it loads; its greeting goes to stderr so
// the table on stdout stays clean.
export async function createGun() {
  const log = console.log;
  console.log = (...args) => console.error(...args);
  const { default: Gun } = await import('gun/gun.js');
  await import('gun/sea.js');
  console.log = log;
  // Wrapped: a gun chain has a `then` method, so returning it from an async
  // function would make the caller wait for data that never comes.
  return { gun: Gun({ peers: [], localStorage: false, radisk: false, file: false, axe: false, multicast: false }) };
}

export function gunOnce(chain) {
  return new Promise((resolve) => chain.once((value) => resolve(value)));
}

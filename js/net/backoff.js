// How long to wait before the next reconnection attempt: doubling from
// `baseMs` up to `capMs`, with jitter (half to all of it) so that many
// clients cut off by one relay restart do not all come back at once.
export const DEFAULT_BACKOFF = { baseMs: 250, capMs: 10_000 };

export function retryDelay(attempt, { baseMs, capMs } = DEFAULT_BACKOFF, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (ceiling / 2) * random();
}

// How long to wait before the next reconnection attempt: the core's capped
// doubling (core/common/backoff.h, the `retryCeilingMs` of the module the
// caller runs on) with jitter from the platform, half to all of it, so that
// many clients cut off by one relay restart do not all come back at once.
export const DEFAULT_BACKOFF = { baseMs: 250, capMs: 10_000 };

export function retryDelay(attempt, retryCeilingMs, { baseMs, capMs } = DEFAULT_BACKOFF, random = Math.random) {
  const ceiling = retryCeilingMs(attempt, baseMs, capMs);
  return ceiling / 2 + (ceiling / 2) * random();
}
